/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_status.c - `hactl status`: nodes, DC, quorum and the
 * configuration version as this node's hacd sees them.
 *
 * Also the one place hactl talks to hacd (hactl_hacd_call()), so every
 * noun reports "hacd is not running" and the other daemon errors the same
 * way, with the exit codes of hactl.h.
 */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc.h"
#include "ipc/ipc_hacd.h"
#include "hactl_cli.h"

#define RETRY_PAUSE_MS 100

/* How long one request may take (HA_HACTL_TIMEOUT_MS, tests). */
static gint64
call_timeout_ms(void)
{
    const char *t = g_getenv("HA_HACTL_TIMEOUT_MS");

    return (t != NULL) ? g_ascii_strtoll(t, NULL, 10) : 30000;
}

static int
call_once(guint32 msg_id, GVariant *body, const char *reply_type,
          gint64 timeout_ms, GVariant **ret_reply)
{
    const char *name = g_getenv(HA_IPC_HACD_NAME_ENV);
    g_autoptr(ha_ipc_client_t) c = NULL;
    int rc;

    /* small buffers: a larger message travels in parts (lib/ipc) */
    rc = ha_ipc_client_connect((name != NULL) ? name : HA_IPC_HACD_NAME, &c);
    if (rc == 0) {
        rc = ha_ipc_client_call(c, msg_id, body, reply_type,
                                (int) MAX(timeout_ms, 1), ret_reply);
    }
    return rc;
}

int
hactl_hacd_call(guint32 msg_id, GVariant *body, const char *reply_type,
                gboolean retry, GVariant **ret_reply)
{
    gint64 deadline = g_get_monotonic_time() + call_timeout_ms() * 1000;
    g_autoptr(GVariant) owned = g_variant_ref_sink(body);
    int rc;

    for (;;) {
        gint64 left_ms = (deadline - g_get_monotonic_time()) / 1000;

        rc = call_once(msg_id, owned, reply_type, left_ms, ret_reply);
        /* A membership change while writing: the same request id again
         * never applies twice, so retrying is safe. */
        if (!retry || rc != -HA_ERETRY || left_ms <= RETRY_PAUSE_MS) {
            return rc;
        }
        g_usleep(RETRY_PAUSE_MS * 1000);
    }
}

int
hactl_status_wait(guint64 generation, guint timeout_ms,
                  guint64 *ret_generation, GVariant **ret_status)
{
    g_autoptr(GVariant) reply = NULL;
    int rc = call_once(HA_IPC_HACD_STATUS_WAIT,
                       g_variant_new("(tu)", generation, timeout_ms),
                       HA_IPC_HACD_STATUS_WAIT_REPLY,
                       timeout_ms + call_timeout_ms(), &reply);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(reply, "(t@a{sv})", ret_generation, ret_status);
    return 0;
}

guint64
hactl_request_id(void)
{
    guint64 id = 0;

    while (id == 0) {
        id = ((guint64) g_random_int() << 32) | g_random_int();
    }
    return id;
}

int
hactl_hacd_fail(int rc, const char *what)
{
    const char *why;

    switch (-rc) {
    case HA_ENOTCONN:
        why = "hacd is not running on this node";
        break;
    case HA_ENOQUORUM:
        why = "this partition has no quorum: configuration writes are refused";
        break;
    case HA_EPERM:
        why = "permission denied (root or a member of group " HA_GROUP
              " only)";
        break;
    case HA_ERETRY:
        why = "the cluster membership kept changing; retry";
        break;
    default:
        why = ha_strerror(rc);
        break;
    }
    fprintf(stderr, "hactl: %s: %s\n", what, why);
    return hactl_exit_from_rc(rc);
}

/* FALSE when hacd says its partition does not hold the cluster's
 * configuration (an older hacd does not say: TRUE). */
gboolean
hactl_status_holds_config(GVariant *st)
{
    gboolean holds = TRUE;

    (void) g_variant_lookup(st, "holds_config", "b", &holds);
    return holds;
}

/* Fencing is enabled and no fence device is configured: nothing starts
 * (an older hacd does not say: FALSE). */
gboolean
hactl_status_no_fence_device(GVariant *st)
{
    gboolean fencing = TRUE;
    gboolean device = TRUE;

    (void) g_variant_lookup(st, "stonith_enabled", "b", &fencing);
    (void) g_variant_lookup(st, "has_fence_device", "b", &device);
    return fencing && !device;
}

/* What move and ban left, with the command that removes each. */
static void
print_temporary(GVariant *st)
{
    g_autoptr(GVariant) list = g_variant_lookup_value(
        st, "constraints_temporary", G_VARIANT_TYPE("aa{sv}"));
    GVariantIter it;
    GVariant *c;

    if (list == NULL || g_variant_n_children(list) == 0) {
        return;
    }
    printf("Temporary constraints (left by 'resource move' and 'resource "
           "ban'):\n");
    g_variant_iter_init(&it, list);
    while ((c = g_variant_iter_next_value(&it)) != NULL) {
        const char *id = "", *rsc = "", *kind = "", *node = "", *score = "";
        const char *expires = "";

        (void) g_variant_lookup(c, "id", "&s", &id);
        (void) g_variant_lookup(c, "rsc", "&s", &rsc);
        (void) g_variant_lookup(c, "kind", "&s", &kind);
        (void) g_variant_lookup(c, "node", "&s", &node);
        (void) g_variant_lookup(c, "score", "&s", &score);
        (void) g_variant_lookup(c, "expires", "&s", &expires);
        printf("  * %s: %s %s %s (%s)%s%s; 'hactl resource clear %s' "
               "removes it\n", id, rsc,
               strcmp(kind, "ban") == 0 ? "banned from" : "prefers", node,
               score, *expires != '\0' ? " until " : "", expires, rsc);
        g_variant_unref(c);
    }
}

/* A fail count or last failure time ("fail-count-RSC#OP_INTERVAL") of a
 * resource that status no longer shows (removed, active nowhere). */
static gboolean
gone_failure_attr(GVariant *st, const char *name)
{
    const char *rsc = NULL;
    g_autofree char *id = NULL;

    if (g_str_has_prefix(name, "fail-count-")) {
        rsc = name + strlen("fail-count-");
    } else if (g_str_has_prefix(name, "last-failure-")) {
        rsc = name + strlen("last-failure-");
    }
    if (rsc == NULL || strchr(rsc, '#') == NULL) {
        return FALSE;
    }
    id = g_strndup(rsc, strchr(rsc, '#') - rsc);
    return !hactl_status_rsc_known(st, id);
}

void
hactl_status_print_text(GVariant *st)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(st, "nodes",
                                                       G_VARIANT_TYPE("a(uss)"));
    g_autoptr(GVariant) attrs = g_variant_lookup_value(st, "attributes",
                                                       G_VARIANT_TYPE("a(sss)"));
    const char *dc = "";
    const char *local = "";
    const char *digest = "";
    gboolean quorate = FALSE;
    gboolean synced = FALSE;
    gboolean fencing = TRUE;
    guint64 ring = 0;
    guint64 a = 0, e = 0, u = 0;
    GVariantIter it;
    guint32 id;
    const char *n1, *n2, *n3;

    (void) g_variant_lookup(st, "dc_name", "&s", &dc);
    (void) g_variant_lookup(st, "local_name", "&s", &local);
    (void) g_variant_lookup(st, "digest", "&s", &digest);
    (void) g_variant_lookup(st, "quorate", "b", &quorate);
    (void) g_variant_lookup(st, "synced", "b", &synced);
    (void) g_variant_lookup(st, "stonith_enabled", "b", &fencing);
    (void) g_variant_lookup(st, "ring", "t", &ring);
    (void) g_variant_lookup(st, "version", "(ttt)", &a, &e, &u);
    printf("Cluster:       %s (ring %" G_GUINT64_FORMAT ")\n",
           quorate ? "quorate" : "NOT QUORATE", ring);
    printf("DC:            %s\n", (*dc != '\0') ? dc : "(none)");
    if (!hactl_status_holds_config(st)) {
        printf("WAITING:       no member here holds the cluster's "
               "configuration: not acting\n"
               "               until one joins (or: hactl cluster bootstrap "
               "--force)\n");
    }
    printf("Configuration: version %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
           ".%" G_GUINT64_FORMAT ", digest %.16s\n", a, e, u, digest);
    printf("This node:     %s (%s)\n", local, synced ? "synced" : "syncing");
    if (hactl_status_no_fence_device(st)) {
        printf("Fencing:       NO DEVICE: fencing is enabled and no fence "
               "device is configured,\n"
               "               so nothing is started, stopped or promoted "
               "(hactl stonith create ...)\n");
    }
    if (!fencing) {
        printf("Fencing:       DISABLED (stonith-enabled=false): a node that "
               "is cut off keeps its resources while others start them\n");
    }
    printf("Nodes:\n");
    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "(u&s&s)", &id, &n1, &n2)) {
            g_autofree char *flags = hactl_status_node_flags(st, n1);

            printf("  %-20s %-8s (id %u)%s\n", n1, n2, id, flags);
        }
    }
    if (attrs != NULL) {
        gboolean header = FALSE;

        g_variant_iter_init(&it, attrs);
        while (g_variant_iter_next(&it, "(&s&s&s)", &n1, &n2, &n3)) {
            if (gone_failure_attr(st, n2)) {
                continue;
            }
            if (!header) {
                printf("Node attributes:\n");
                header = TRUE;
            }
            printf("  %s: %s=%s\n", n1, n2, n3);
        }
    }
    hactl_status_print_resources(st);
    print_temporary(st);
}

JsonNode *
hactl_status_json(GVariant *st)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;
    g_autoptr(GVariant) temporary = g_variant_lookup_value(
        st, "constraints_temporary", G_VARIANT_TYPE("aa{sv}"));
    g_autoptr(GVariant) nodes = g_variant_lookup_value(st, "nodes",
                                                       G_VARIANT_TYPE("a(uss)"));
    g_autofree char *text = NULL;
    const char *s = "";
    gboolean flag = FALSE;
    guint64 a = 0, e = 0, u = 0;
    guint32 id = 0;
    GVariantIter it;
    const char *n1, *n2;

    json_builder_begin_object(b);
    (void) g_variant_lookup(st, "local_name", "&s", &s);
    json_builder_set_member_name(b, "local_node");
    json_builder_add_string_value(b, s);
    (void) g_variant_lookup(st, "dc_name", "&s", &s);
    json_builder_set_member_name(b, "dc");
    if (*s != '\0') {
        json_builder_add_string_value(b, s);
    } else {
        json_builder_add_null_value(b);
    }
    (void) g_variant_lookup(st, "quorate", "b", &flag);
    json_builder_set_member_name(b, "quorate");
    json_builder_add_boolean_value(b, flag);
    (void) g_variant_lookup(st, "synced", "b", &flag);
    json_builder_set_member_name(b, "synced");
    json_builder_add_boolean_value(b, flag);
    flag = TRUE;
    (void) g_variant_lookup(st, "stonith_enabled", "b", &flag);
    json_builder_set_member_name(b, "fencing_enabled");
    json_builder_add_boolean_value(b, flag);
    json_builder_set_member_name(b, "fencing_without_device");
    json_builder_add_boolean_value(b, hactl_status_no_fence_device(st));
    json_builder_set_member_name(b, "holds_config");
    json_builder_add_boolean_value(b, hactl_status_holds_config(st));
    (void) g_variant_lookup(st, "version", "(ttt)", &a, &e, &u);
    text = g_strdup_printf("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%"
                           G_GUINT64_FORMAT, a, e, u);
    json_builder_set_member_name(b, "config_version");
    json_builder_add_string_value(b, text);
    g_clear_pointer(&text, g_free);
    (void) g_variant_lookup(st, "digest", "&s", &s);
    json_builder_set_member_name(b, "config_digest");
    json_builder_add_string_value(b, s);
    json_builder_set_member_name(b, "nodes");
    json_builder_begin_array(b);
    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "(u&s&s)", &id, &n1, &n2)) {
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "name");
            json_builder_add_string_value(b, n1);
            json_builder_set_member_name(b, "id");
            json_builder_add_int_value(b, id);
            json_builder_set_member_name(b, "state");
            json_builder_add_string_value(b, n2);
            hactl_status_json_node_flags(st, n1, b);
            json_builder_end_object(b);
        }
    }
    json_builder_end_array(b);
    hactl_status_json_resources(st, b);
    json_builder_set_member_name(b, "constraints_temporary");
    if (temporary != NULL) {
        json_builder_add_value(b, json_gvariant_serialize(temporary));
    } else {
        json_builder_begin_array(b);
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
    return json_builder_get_root(b);
}

int
hactl_settled_after(int rc, const char *what, double wait_s)
{
    return (rc == HACTL_EXIT_OK && wait_s > 0) ? hactl_wait_settled(what, wait_s)
                                               : rc;
}

/* A held STATUS_WAIT returns at least this often, so that --wait also
 * sees a change that no event announces. */
#define WAIT_SLICE_MS 5000

int
hactl_wait_settled(const char *what, double timeout_s)
{
    gint64 deadline = g_get_monotonic_time()
                      + (gint64) (timeout_s * G_USEC_PER_SEC);
    guint64 generation = 0;

    for (;;) {
        g_autoptr(GVariant) st = NULL;
        gboolean settled = FALSE;
        gint64 left_ms = (deadline - g_get_monotonic_time()) / 1000;
        int rc;

        /* generation 0 is answered at once; then each answer is a change */
        rc = hactl_status_wait(generation,
                               (guint) CLAMP(left_ms, 0, WAIT_SLICE_MS),
                               &generation, &st);
        if (rc < 0) {
            return hactl_hacd_fail(rc, what);
        }
        (void) g_variant_lookup(st, "settled", "b", &settled);
        if (settled) {
            return HACTL_EXIT_OK;
        }
        if (g_get_monotonic_time() >= deadline) {
            fprintf(stderr, "hactl: %s: the cluster did not settle within "
                    "%.0f s\n", what, timeout_s);
            return HACTL_EXIT_TIMEOUT;
        }
    }
}

int
hactl_parse_wait(const char *arg, double *ret_timeout_s)
{
    const char *v;
    char *end = NULL;

    if (strcmp(arg, "--wait") == 0) {
        *ret_timeout_s = HACTL_WAIT_DEFAULT_S;
        return 1;
    }
    if (!g_str_has_prefix(arg, "--wait=")) {
        return 0;
    }
    v = arg + strlen("--wait=");
    *ret_timeout_s = g_ascii_strtod(v, &end);
    if (end == v || *end != '\0' || *ret_timeout_s <= 0) {
        return -1;
    }
    return 1;
}

static int
status(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GVariant) st = NULL;
    gboolean check = hactl_arg_flag(a, "check");
    gboolean watch = hactl_arg_flag(a, "watch");
    int rc;

    if (check && watch) {
        fprintf(stderr, "hactl status: --check and --watch do not go "
                "together\n");
        return HACTL_CHECK_UNKNOWN;
    }
    if (a->wait_s > 0) {
        rc = hactl_wait_settled("status", a->wait_s);
        if (rc != HACTL_EXIT_OK) {
            return check ? HACTL_CHECK_UNKNOWN : rc;
        }
    }
    if (watch) {
        return hactl_status_watch(g);
    }
    rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                         HA_IPC_HACD_STATUS_REPLY, FALSE, &st);
    if (check) {
        return hactl_status_check(g, rc, st);
    }
    if (rc < 0) {
        return hactl_hacd_fail(rc, "status");
    }
    if (g->json) {
        g_autoptr(JsonNode) root = hactl_status_json(st);

        hactl_print_json(root);
    } else {
        hactl_status_print_text(st);
    }
    return HACTL_EXIT_OK;
}

static const struct hactl_opt status_opts[] = {
    { "check", HACTL_OPT_FLAG, NULL, "one monitoring-plugin line, exit 0 OK, "
      "1 WARN, 2 CRIT,\n3 UNKNOWN (hacd not reachable, or a bad line)" },
    { "watch", HACTL_OPT_FLAG, NULL, "print the status again whenever it "
      "changes (Ctrl-C\nends); JSON: one object per line" },
    { NULL },
};

static const struct hactl_verb status_verbs[] = {
    { NULL, NULL, status_opts, status, HACTL_VERB_WAIT, "nodes, DC, quorum, "
      "resources, failed actions, fencing history", "Also the temporary "
      "constraints left by resource move/ban.  With --wait,\nfirst wait "
      "until the cluster has nothing left to do.",
      "hactl status --wait=30\nhactl status --check\n"
      "hactl status --watch --output json",
      HACTL_CHECK_UNKNOWN, "check" },
};

const struct hactl_noun hactl_noun_status = {
    "status", "nodes, DC, quorum, resources, failures (--check, --watch)",
    status_verbs, NULL,
};
