/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_status_check.c - `hactl status --check`: the cluster's
 * health as one line for a monitoring system (Nagios plugin rules):
 *
 *   CLUSTER OK: 3 nodes online, 5 resources configured | nodes_online=3 ...
 *
 * exit 0 OK; 1 WARN (failed actions, nodes in standby or maintenance,
 * constraints left by move/ban, degraded clones); 2 CRIT (no quorum, no
 * DC, nodes not online or unclean, failed or blocked resources); 3
 * UNKNOWN (hacd does not answer).  Critical reasons come first.  With
 * --output json the same as an object.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "hactl.h"

struct health {
    GPtrArray *crit;        /* reasons (owned strings) */
    GPtrArray *warn;
    guint nodes_online;
    guint nodes_eligible;   /* online, not in standby: may run instances */
    guint rscs_configured;
    guint rscs_started;
    guint failed_actions;
};

static const char *
str_of(GVariant *d, const char *key)
{
    const char *v = "";

    (void) g_variant_lookup(d, key, "&s", &v);
    return v;
}

static gboolean
bool_of(GVariant *d, const char *key)
{
    gboolean v = FALSE;

    (void) g_variant_lookup(d, key, "b", &v);
    return v;
}

static GVariant *
list_of(GVariant *st, const char *key, const char *type)
{
    GVariant *v = g_variant_lookup_value(st, key, G_VARIANT_TYPE(type));

    return (v != NULL) ? v : g_variant_ref_sink(g_variant_new_array(
                                 g_variant_type_element(G_VARIANT_TYPE(type)),
                                 NULL, 0));
}

static gboolean
is_active(GVariant *r)
{
    g_autoptr(GVariant) on = g_variant_lookup_value(r, "nodes",
                                                    G_VARIANT_TYPE("as"));

    return on != NULL && g_variant_n_children(on) > 0;
}

static GVariant *
flags_of(GVariant *flags, const char *node)
{
    GVariantIter it;
    GVariant *f;

    g_variant_iter_init(&it, flags);
    while ((f = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(f, "name"), node) == 0) {
            return f;
        }
        g_variant_unref(f);
    }
    return NULL;
}

static void
check_nodes(GVariant *st, struct health *hl)
{
    g_autoptr(GVariant) nodes = list_of(st, "nodes", "a(uss)");
    g_autoptr(GVariant) flags = list_of(st, "node_flags", "aa{sv}");
    GVariantIter it;
    const char *name, *state;
    guint32 id;

    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        g_autoptr(GVariant) f = flags_of(flags, name);
        gboolean online = (strcmp(state, "online") == 0);

        hl->nodes_online += online ? 1 : 0;
        if (f != NULL && bool_of(f, "unclean")) {
            g_ptr_array_add(hl->crit,
                            g_strdup_printf("node '%s' UNCLEAN%s%s%s", name,
                                            online ? "" : " (", online ? ""
                                            : state, online ? "" : ")"));
        } else if (!online) {
            g_ptr_array_add(hl->crit, g_strdup_printf("node '%s' %s", name,
                                                      state));
        }
        if (f != NULL && bool_of(f, "standby")) {
            g_ptr_array_add(hl->warn,
                            g_strdup_printf("node '%s' in standby", name));
        }
        if (f != NULL && bool_of(f, "maintenance")) {
            g_ptr_array_add(hl->warn,
                            g_strdup_printf("node '%s' in maintenance", name));
        }
        if (online && !(f != NULL && bool_of(f, "standby"))) {
            hl->nodes_eligible++;
        }
    }
}

/* A clone runs fewer instances than it has and than nodes could run. */
static void
check_clone(GVariant *rscs, GVariant *clone, struct health *hl)
{
    const char *id = str_of(clone, "id");
    guint total = 0;
    guint running = 0;
    GVariantIter it;
    GVariant *r;

    if (g_ascii_strcasecmp(str_of(clone, "target_role"), "Stopped") == 0) {
        return;
    }
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(r, "parent"), id) == 0) {
            total++;
            running += is_active(r) ? 1 : 0;
        }
        g_variant_unref(r);
    }
    if (running < MIN(total, hl->nodes_eligible)) {
        g_ptr_array_add(hl->warn,
                        g_strdup_printf("clone '%s' degraded (%u of %u "
                                        "instances running)", id, running,
                                        MIN(total, hl->nodes_eligible)));
    }
}

static void
check_resources(GVariant *st, struct health *hl)
{
    g_autoptr(GVariant) rscs = list_of(st, "resources", "aa{sv}");
    GVariantIter it;
    GVariant *r;

    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        const char *kind = str_of(r, "kind");
        const char *id = str_of(r, "id");

        if (strcmp(kind, "clone") == 0) {
            check_clone(rscs, r, hl);
        } else if (strcmp(kind, "primitive") == 0
                   && !(bool_of(r, "orphan") && !is_active(r))) {
            hl->rscs_configured++;
            hl->rscs_started += is_active(r) ? 1 : 0;
            if (bool_of(r, "failed") && !bool_of(r, "managed")) {
                g_ptr_array_add(hl->crit, g_strdup_printf(
                    "resource '%s' blocked (failed and unmanaged)", id));
            } else if (bool_of(r, "failed")) {
                g_ptr_array_add(hl->crit,
                                g_strdup_printf("resource '%s' FAILED", id));
            }
        }
        g_variant_unref(r);
    }
}

static void
check_rest(GVariant *st, struct health *hl)
{
    g_autoptr(GVariant) failed = hactl_status_failed_actions(st);
    g_autoptr(GVariant) temp = list_of(st, "constraints_temporary", "aa{sv}");
    GVariantIter it;
    GVariant *c;

    if (!bool_of(st, "quorate")) {
        g_ptr_array_insert(hl->crit, 0, g_strdup("no quorum"));
    }
    if (*str_of(st, "dc_name") == '\0') {
        g_ptr_array_insert(hl->crit, 0, g_strdup("no DC"));
    }
    if (!hactl_status_holds_config(st)) {
        g_ptr_array_insert(hl->crit, 0, g_strdup("waiting: no member holds "
                                                 "the cluster's "
                                                 "configuration"));
    }
    hl->failed_actions = (guint) g_variant_n_children(failed);
    if (hl->failed_actions > 0) {
        g_ptr_array_insert(hl->warn, 0,
                           g_strdup_printf("%u failed action%s",
                                           hl->failed_actions,
                                           hl->failed_actions == 1 ? ""
                                                                   : "s"));
    }
    g_variant_iter_init(&it, temp);
    while ((c = g_variant_iter_next_value(&it)) != NULL) {
        g_ptr_array_add(hl->warn, g_strdup_printf(
            "temporary constraint '%s' left ('hactl resource clear %s')",
            str_of(c, "id"), str_of(c, "rsc")));
        g_variant_unref(c);
    }
}

static char *
joined(GPtrArray *a, GPtrArray *b)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < a->len + b->len; i++) {
        g_string_append_printf(s, "%s%s", i > 0 ? ", " : "",
                               (const char *) (i < a->len
                                               ? a->pdata[i]
                                               : b->pdata[i - a->len]));
    }
    return g_string_free(s, FALSE);
}

static void
json_reasons(JsonBuilder *b, GPtrArray *reasons)
{
    json_builder_begin_array(b);
    for (guint i = 0; i < reasons->len; i++) {
        json_builder_add_string_value(b, reasons->pdata[i]);
    }
    json_builder_end_array(b);
}

static void
print_json(const char *state, int code, const char *summary,
           const struct health *hl)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "state");
    json_builder_add_string_value(b, state);
    json_builder_set_member_name(b, "exit_code");
    json_builder_add_int_value(b, code);
    json_builder_set_member_name(b, "summary");
    json_builder_add_string_value(b, summary);
    json_builder_set_member_name(b, "critical");
    json_reasons(b, hl->crit);
    json_builder_set_member_name(b, "warnings");
    json_reasons(b, hl->warn);
    json_builder_set_member_name(b, "perfdata");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "nodes_online");
    json_builder_add_int_value(b, hl->nodes_online);
    json_builder_set_member_name(b, "resources_started");
    json_builder_add_int_value(b, hl->rscs_started);
    json_builder_set_member_name(b, "failed_actions");
    json_builder_add_int_value(b, hl->failed_actions);
    json_builder_end_object(b);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

static int
unknown(const struct hactl_globals *g, int rc)
{
    struct health none = { g_ptr_array_new(), g_ptr_array_new() };
    const char *why = (rc == -HA_ENOTCONN) ? "hacd is not running on this node"
                      : (rc == -HA_EPERM) ? "permission denied (root or a "
                                            "member of group " HA_GROUP
                                            " only)"
                      : ha_strerror(rc);

    if (g->json) {
        print_json("UNKNOWN", HACTL_CHECK_UNKNOWN, why, &none);
    } else {
        printf("CLUSTER UNKNOWN: %s\n", why);
    }
    g_ptr_array_unref(none.crit);
    g_ptr_array_unref(none.warn);
    return HACTL_CHECK_UNKNOWN;
}

int
hactl_status_check(const struct hactl_globals *g, int rc, GVariant *st)
{
    struct health hl = { g_ptr_array_new_with_free_func(g_free),
                         g_ptr_array_new_with_free_func(g_free) };
    g_autofree char *summary = NULL;
    const char *state;
    int code;

    if (rc < 0) {
        g_ptr_array_unref(hl.crit);
        g_ptr_array_unref(hl.warn);
        return unknown(g, rc);
    }
    check_nodes(st, &hl);
    check_resources(st, &hl);
    check_rest(st, &hl);
    if (hl.crit->len > 0) {
        state = "CRIT";
        code = HACTL_CHECK_CRIT;
        summary = joined(hl.crit, hl.warn);
    } else if (hl.warn->len > 0) {
        state = "WARN";
        code = HACTL_CHECK_WARN;
        summary = joined(hl.crit, hl.warn);
    } else {
        state = "OK";
        code = HACTL_CHECK_OK;
        summary = g_strdup_printf("%u node%s online, %u resource%s "
                                  "configured", hl.nodes_online,
                                  hl.nodes_online == 1 ? "" : "s",
                                  hl.rscs_configured,
                                  hl.rscs_configured == 1 ? "" : "s");
    }
    if (g->json) {
        print_json(state, code, summary, &hl);
    } else {
        printf("CLUSTER %s: %s | nodes_online=%u resources_started=%u "
               "failed_actions=%u\n", state, summary, hl.nodes_online,
               hl.rscs_started, hl.failed_actions);
    }
    g_ptr_array_unref(hl.crit);
    g_ptr_array_unref(hl.warn);
    return code;
}
