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
#include "hactl.h"

#define RETRY_PAUSE_MS 100

int
hactl_hacd_call(guint32 msg_id, GVariant *body, const char *reply_type,
                gboolean retry, GVariant **ret_reply)
{
    const char *name = g_getenv(HA_IPC_HACD_NAME_ENV);
    const char *t = g_getenv("HA_HACTL_TIMEOUT_MS");
    gint64 timeout_ms = (t != NULL) ? g_ascii_strtoll(t, NULL, 10) : 30000;
    gint64 deadline = g_get_monotonic_time() + timeout_ms * 1000;
    g_autoptr(GVariant) owned = g_variant_ref_sink(body);
    int rc;

    for (;;) {
        g_autoptr(ha_ipc_client_t) c = NULL;
        gint64 left_ms = (deadline - g_get_monotonic_time()) / 1000;

        /* Only whole-store messages need the big (slower) buffers. */
        rc = ha_ipc_client_connect_size((name != NULL) ? name
                                                       : HA_IPC_HACD_NAME,
                                        (msg_id == HA_IPC_HACD_CONFIG_GET
                                         || msg_id == HA_IPC_HACD_CONFIG_REPLACE
                                         || msg_id == HA_IPC_HACD_CONFIG_READ
                                         || msg_id == HA_IPC_HACD_CONFIG_REPLACE_IF
                                         || msg_id == HA_IPC_HACD_SCHED_INPUT)
                                        ? HA_IPC_MAX_MSG : HA_IPC_SMALL_MSG,
                                        &c);
        if (rc == 0) {
            rc = ha_ipc_client_call(c, msg_id, owned, reply_type,
                                    (int) MAX(left_ms, 1), ret_reply);
        }
        /* A membership change while writing: the same request id again
         * never applies twice, so retrying is safe. */
        if (!retry || rc != -HA_ERETRY || left_ms <= RETRY_PAUSE_MS) {
            return rc;
        }
        g_usleep(RETRY_PAUSE_MS * 1000);
    }
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

static void
print_text(GVariant *st)
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
    (void) g_variant_lookup(st, "ring", "t", &ring);
    (void) g_variant_lookup(st, "version", "(ttt)", &a, &e, &u);
    printf("Cluster:       %s (ring %" G_GUINT64_FORMAT ")\n",
           quorate ? "quorate" : "NOT QUORATE", ring);
    printf("DC:            %s\n", (*dc != '\0') ? dc : "(none)");
    printf("Configuration: version %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
           ".%" G_GUINT64_FORMAT ", digest %.16s\n", a, e, u, digest);
    printf("This node:     %s (%s)\n", local, synced ? "synced" : "syncing");
    printf("Nodes:\n");
    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "(u&s&s)", &id, &n1, &n2)) {
            g_autofree char *flags = hactl_status_node_flags(st, n1);

            printf("  %-20s %-8s (id %u)%s\n", n1, n2, id, flags);
        }
    }
    if (attrs != NULL && g_variant_n_children(attrs) > 0) {
        printf("Node attributes:\n");
        g_variant_iter_init(&it, attrs);
        while (g_variant_iter_next(&it, "(&s&s&s)", &n1, &n2, &n3)) {
            printf("  %s: %s=%s\n", n1, n2, n3);
        }
    }
    hactl_status_print_resources(st);
}

static void
print_json(GVariant *st)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;
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
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

int
hactl_wait_settled(const char *what, double timeout_s)
{
    gint64 deadline = g_get_monotonic_time()
                      + (gint64) (timeout_s * G_USEC_PER_SEC);

    for (;;) {
        g_autoptr(GVariant) st = NULL;
        gboolean settled = FALSE;
        int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                                 HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

        if (rc < 0) {
            return hactl_hacd_fail(rc, what);
        }
        (void) g_variant_lookup(st, "settled", "b", &settled);
        if (settled) {
            return HACTL_EXIT_OK;
        }
        if (g_get_monotonic_time() > deadline) {
            fprintf(stderr, "hactl: %s: the cluster did not settle within "
                    "%.0f s\n", what, timeout_s);
            return HACTL_EXIT_TIMEOUT;
        }
        g_usleep(100 * 1000);
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

int
ha_hactl_cmd_status(const struct hactl_globals *g, int argc, char **argv)
{
    g_autoptr(GVariant) st = NULL;
    double wait_s = 0;
    int rc;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            printf("Usage: hactl [--output json] status [--wait[=SECONDS]]\n"
                   "Show nodes, DC, quorum, resources, failed actions and "
                   "fencing history.\n"
                   "  --wait[=SECONDS]  first wait until the cluster has "
                   "nothing left to do (default %d s)\n"
                   "Example: hactl status --wait=30\n", HACTL_WAIT_DEFAULT_S);
            return HACTL_EXIT_OK;
        }
        if (hactl_parse_wait(argv[i], &wait_s) == 1) {
            continue;
        }
        fprintf(stderr, "hactl status: unexpected argument '%s'\n", argv[i]);
        return HACTL_EXIT_USAGE;
    }
    if (wait_s > 0) {
        rc = hactl_wait_settled("status", wait_s);
        if (rc != HACTL_EXIT_OK) {
            return rc;
        }
    }
    rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                         HA_IPC_HACD_STATUS_REPLY, FALSE, &st);
    if (rc < 0) {
        return hactl_hacd_fail(rc, "status");
    }
    if (g->json) {
        print_json(st);
    } else {
        print_text(st);
    }
    return HACTL_EXIT_OK;
}
