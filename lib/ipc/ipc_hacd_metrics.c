/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_hacd_metrics.c - hacd's status as metrics (see the header). */
#include "config.h"

#include <string.h>

#include "common/strings.h"
#include "ipc/ipc_hacd_metrics.h"
#include "ipc/ipc_status.h"

#define FAIL_COUNT_PREFIX "fail-count-"

static void
add_flag_gauge(ha_metrics_t *m, const char *name, const char *help,
               gboolean value)
{
    ha_metrics_family_add(m, name, "gauge", help);
    ha_metrics_sample_add(m, name, value ? 1 : 0, NULL);
}

static void
add_nodes(ha_metrics_t *m, GVariant *st)
{
    static const char *const states[] = {
        "online", "pending", "lost", "offline", "standby", "maintenance",
    };
    g_autoptr(GVariant) nodes = ha_ipc_status_list(st, "nodes", "a(uss)");
    g_autoptr(GVariant) flags = ha_ipc_status_list(st, "node_flags", "aa{sv}");
    guint count[G_N_ELEMENTS(states)] = { 0 };
    const char *dc = ha_ipc_status_str(st, "dc_name");
    const char *name, *state;
    GVariantIter it;
    GVariant *e;
    guint32 id;

    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        for (guint i = 0; i < 4; i++) {
            count[i] += (strcmp(state, states[i]) == 0);
        }
    }
    g_variant_iter_init(&it, flags);
    while ((e = g_variant_iter_next_value(&it)) != NULL) {
        count[4] += ha_ipc_status_bool(e, "standby");
        count[5] += ha_ipc_status_bool(e, "maintenance");
        g_variant_unref(e);
    }
    ha_metrics_family_add(m, "ha_cluster_nodes", "gauge",
                          "Cluster nodes by state (online, pending, lost, "
                          "offline); standby and maintenance count flagged "
                          "nodes");
    for (guint i = 0; i < G_N_ELEMENTS(states); i++) {
        ha_metrics_sample_add(m, "ha_cluster_nodes", count[i], "state",
                              states[i], NULL);
    }
    ha_metrics_family_add(m, "ha_cluster_is_dc", "gauge",
                          "1 for the node that is the DC, 0 for the others");
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        ha_metrics_sample_add(m, "ha_cluster_is_dc", strcmp(name, dc) == 0,
                              "node", name, NULL);
    }
}

/* One state per primitive instance (see the header's precedence). */
static const char *
rsc_state(GVariant *r, const char *const *blocked)
{
    const char *role = ha_ipc_status_str(r, "role");

    if (g_strv_contains(blocked, ha_ipc_status_str(r, "id"))) {
        return "blocked";
    }
    if (ha_ipc_status_bool(r, "failed")) {
        return "failed";
    }
    if (!ha_ipc_status_bool(r, "managed")) {
        return "unmanaged";
    }
    if (strcmp(role, "Promoted") == 0) {
        return "promoted";
    }
    if (strcmp(role, "Unpromoted") == 0) {
        return "unpromoted";
    }
    return (strcmp(role, "Started") == 0) ? "started" : "stopped";
}

static void
add_resources(ha_metrics_t *m, GVariant *st)
{
    static const char *const states[] = {
        "started", "stopped", "promoted", "unpromoted", "failed", "blocked",
        "unmanaged",
    };
    g_autoptr(GVariant) rscs = ha_ipc_status_list(st, "resources", "aa{sv}");
    g_autoptr(GVariant) blocked_list = ha_ipc_status_list(st, "blocked", "as");
    g_autofree const char **blocked = g_variant_get_strv(blocked_list, NULL);
    guint count[G_N_ELEMENTS(states)] = { 0 };
    GVariantIter it;
    GVariant *r;

    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        g_autoptr(GVariant) on = g_variant_lookup_value(r, "nodes",
                                                        G_VARIANT_TYPE("as"));
        const char *state = rsc_state(r, blocked);

        /* a stopped orphan is history, not a resource (as in status) */
        if (strcmp(ha_ipc_status_str(r, "kind"), "primitive") == 0
            && !(ha_ipc_status_bool(r, "orphan")
                 && (on == NULL || g_variant_n_children(on) == 0))) {
            for (guint i = 0; i < G_N_ELEMENTS(states); i++) {
                count[i] += (strcmp(state, states[i]) == 0);
            }
        }
        g_variant_unref(r);
    }
    ha_metrics_family_add(m, "ha_resources", "gauge",
                          "Primitive resource instances by state, each "
                          "counted once: blocked, failed, unmanaged, then "
                          "its role");
    for (guint i = 0; i < G_N_ELEMENTS(states); i++) {
        ha_metrics_sample_add(m, "ha_resources", count[i], "state", states[i],
                              NULL);
    }
}

/* fail-count-RSC#TASK_INTERVAL node attributes, summed per (RSC, node) */
static void
add_failcounts(ha_metrics_t *m, GVariant *st)
{
    g_autoptr(GVariant) attrs = ha_ipc_status_list(st, "attributes", "a(sss)");
    g_autoptr(GHashTable) sums = g_hash_table_new_full(g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
    g_autoptr(GList) keys = NULL;
    const char *node, *name, *value;
    GVariantIter it;

    g_variant_iter_init(&it, attrs);
    while (g_variant_iter_next(&it, "(&s&s&s)", &node, &name, &value)) {
        const char *rsc = name + strlen(FAIL_COUNT_PREFIX);
        const char *hash = strrchr(name, '#');
        g_autofree char *key = NULL;
        int score = 0;
        int sum;

        if (!g_str_has_prefix(name, FAIL_COUNT_PREFIX) || hash == NULL
            || hash == rsc || ha_score_parse(value, &score) < 0) {
            continue;
        }
        /* "RSC\nNODE": neither an id nor a node name has a newline */
        key = g_strdup_printf("%.*s\n%s", (int) (hash - rsc), rsc, node);
        sum = ha_score_add(GPOINTER_TO_INT(g_hash_table_lookup(sums, key)),
                           MAX(score, 0));
        g_hash_table_replace(sums, g_steal_pointer(&key),
                             GINT_TO_POINTER(sum));
    }
    ha_metrics_family_add(m, "ha_resource_failcount", "gauge",
                          "Failures of a resource on a node since its last "
                          "cleanup (INFINITY is 1000000)");
    keys = g_list_sort(g_hash_table_get_keys(sums), (GCompareFunc) strcmp);
    for (GList *l = keys; l != NULL; l = l->next) {
        g_auto(GStrv) parts = g_strsplit(l->data, "\n", 2);

        ha_metrics_sample_add(m, "ha_resource_failcount",
                              GPOINTER_TO_INT(g_hash_table_lookup(sums,
                                                                  l->data)),
                              "resource", parts[0], "node", parts[1], NULL);
    }
}

static void
add_transitions(ha_metrics_t *m, GVariant *st)
{
    const char *name = "ha_transition_duration_seconds";
    g_autoptr(GVariant) buckets = ha_ipc_status_list(st, "transition_seconds_buckets",
                                          "a(dt)");
    guint64 complete = ha_ipc_status_count(st, "transitions_complete");
    guint64 aborted = ha_ipc_status_count(st, "transitions_aborted");
    g_autofree char *bucket = g_strconcat(name, "_bucket", NULL);
    g_autofree char *sum_name = g_strconcat(name, "_sum", NULL);
    g_autofree char *count_name = g_strconcat(name, "_count", NULL);
    double sum = 0;
    double le = 0;
    guint64 n = 0;
    GVariantIter it;

    ha_metrics_family_add(m, "ha_transitions_total", "counter",
                          "Transitions this node ran as the DC, by how they "
                          "ended");
    ha_metrics_sample_add(m, "ha_transitions_total", complete, "result",
                          "complete", NULL);
    ha_metrics_sample_add(m, "ha_transitions_total", aborted, "result",
                          "aborted", NULL);
    ha_metrics_family_add(m, name, "histogram",
                          "How long the transitions this node ran as the DC "
                          "took");
    g_variant_iter_init(&it, buckets);
    while (g_variant_iter_next(&it, "(dt)", &le, &n)) {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        ha_metrics_sample_add(m, bucket, n, "le",
                              ha_metrics_value_format(le, buf, sizeof(buf)),
                              NULL);
    }
    ha_metrics_sample_add(m, bucket, complete + aborted, "le", "+Inf", NULL);
    (void) g_variant_lookup(st, "transition_seconds_sum", "d", &sum);
    ha_metrics_sample_add(m, sum_name, sum, NULL);
    ha_metrics_sample_add(m, count_name, complete + aborted, NULL);
}

static void
add_config(ha_metrics_t *m, GVariant *st)
{
    guint64 admin_epoch = 0, epoch = 0, num_updates = 0;

    (void) g_variant_lookup(st, "version", "(ttt)", &admin_epoch, &epoch,
                            &num_updates);
    ha_metrics_family_add(m, "ha_config_admin_epoch", "gauge",
                          "The configuration's admin_epoch");
    ha_metrics_sample_add(m, "ha_config_admin_epoch", admin_epoch, NULL);
    ha_metrics_family_add(m, "ha_config_epoch", "gauge",
                          "The configuration's epoch");
    ha_metrics_sample_add(m, "ha_config_epoch", epoch, NULL);
    ha_metrics_family_add(m, "ha_config_num_updates", "gauge",
                          "The configuration's num_updates");
    ha_metrics_sample_add(m, "ha_config_num_updates", num_updates, NULL);
    ha_metrics_family_add(m, "ha_config_changes_total", "counter",
                          "Configuration versions this node committed since "
                          "its hacd started");
    ha_metrics_sample_add(m, "ha_config_changes_total",
                          ha_ipc_status_count(st, "config_changes"), NULL);
}

ha_metrics_t *
ha_ipc_hacd_metrics_new(GVariant *st)
{
    ha_metrics_t *m = ha_metrics_new();
    g_autoptr(GVariant) failed = ha_ipc_status_list(st, "failed_actions", "aa{sv}");

    add_flag_gauge(m, "ha_up", "1 when hacd answered", TRUE);
    add_flag_gauge(m, "ha_cluster_quorate",
                   "1 when this node's partition has quorum",
                   ha_ipc_status_bool(st, "quorate"));
    add_flag_gauge(m, "ha_cluster_settled",
                   "1 when no action runs and the scheduler has nothing to "
                   "do", ha_ipc_status_bool(st, "settled"));
    add_nodes(m, st);
    add_resources(m, st);
    add_failcounts(m, st);
    ha_metrics_family_add(m, "ha_failed_actions", "gauge",
                          "Failed resource actions not yet cleaned up");
    ha_metrics_sample_add(m, "ha_failed_actions",
                          g_variant_n_children(failed), NULL);
    ha_metrics_family_add(m, "ha_fencing_events_total", "counter",
                          "Fencing operations that ended, by result, since "
                          "this node's hacd started");
    ha_metrics_sample_add(m, "ha_fencing_events_total",
                          ha_ipc_status_count(st, "fencing_succeeded"), "result",
                          "succeeded", NULL);
    ha_metrics_sample_add(m, "ha_fencing_events_total",
                          ha_ipc_status_count(st, "fencing_failed"), "result", "failed",
                          NULL);
    add_transitions(m, st);
    add_config(m, st);
    return m;
}
