/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/tests/test_sched_notify.c - clone notifications: the notify
 * actions a run executes and the CRM_meta_notify_* data each carries, as
 * crm_simulate 2.1.5 -G wrote them for the same CIBs (cts/scheduler
 * 0901-notify-clone-start, 0904-notify-promotable-standby and
 * 0906-notify-promotable-failover).
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sched/sched.h"
#include "store/store_model.h"

struct expected_notify {
    const char *key, *node, *type, *operation, *key_operation;
};

/* crm_simulate -S -x CIB -G graph.xml: each notify rsc_op's key (the
 * internal_operation_key), node, and CRM_meta_notify_{type,operation,
 * key_operation}; then the lists, the same in every notification of the
 * transition (crm_simulate gives them to the instances' own start, stop,
 * promote and demote as well). */
static const struct expected_notify start3_notifies[] = {
    { "d:0_post_notify_start_0", "node1", "post", "start", "running" },
    { "d:1_post_notify_start_0", "node2", "post", "start", "running" },
    { "d:2_post_notify_start_0", "node3", "post", "start", "running" },
};
static const char *const start3_lists[][2] = {
    { "notify_active_resource", " " },
    { "notify_active_uname", " " },
    { "notify_all_uname", "node1 node2 node3" },
    { "notify_available_uname", "node1 node2 node3" },
    { "notify_demote_resource", " " },
    { "notify_demote_uname", " " },
    { "notify_inactive_resource", "d:0 d:1 d:2" },
    { "notify_master_resource", " " },
    { "notify_master_uname", " " },
    { "notify_promote_resource", " " },
    { "notify_promote_uname", " " },
    { "notify_promoted_resource", " " },
    { "notify_promoted_uname", " " },
    { "notify_slave_resource", " " },
    { "notify_slave_uname", " " },
    { "notify_start_resource", "d:0 d:1 d:2" },
    { "notify_start_uname", "node1 node2 node3" },
    { "notify_stop_resource", " " },
    { "notify_stop_uname", " " },
    { "notify_unpromoted_resource", " " },
    { "notify_unpromoted_uname", " " },
};
static const struct expected_notify standby_notifies[] = {
    { "db:0_post_notify_demote_0", "node1", "post", "demote", "demoted" },
    { "db:0_pre_notify_demote_0", "node1", "pre", "demote", "demote" },
    { "db:0_pre_notify_stop_0", "node1", "pre", "stop", "stop" },
    { "db:1_post_notify_demote_0", "node2", "post", "demote", "demoted" },
    { "db:1_post_notify_promote_0", "node2", "post", "promote", "promoted" },
    { "db:1_post_notify_stop_0", "node2", "post", "stop", "stopped" },
    { "db:1_pre_notify_demote_0", "node2", "pre", "demote", "demote" },
    { "db:1_pre_notify_promote_0", "node2", "pre", "promote", "promote" },
    { "db:1_pre_notify_stop_0", "node2", "pre", "stop", "stop" },
    { "db:2_post_notify_demote_0", "node3", "post", "demote", "demoted" },
    { "db:2_post_notify_promote_0", "node3", "post", "promote", "promoted" },
    { "db:2_post_notify_stop_0", "node3", "post", "stop", "stopped" },
    { "db:2_pre_notify_demote_0", "node3", "pre", "demote", "demote" },
    { "db:2_pre_notify_promote_0", "node3", "pre", "promote", "promote" },
    { "db:2_pre_notify_stop_0", "node3", "pre", "stop", "stop" },
};
/* 0904 and 0906 move the Promoted role from db:0 on node1 to db:1 on node2:
 * both send the same lists (a lost node is still listed where it was
 * active) */
static const char *const switch_lists[][2] = {
    { "notify_active_resource", "db:0 db:1 db:2" },
    { "notify_active_uname", "node1 node2 node3" },
    { "notify_all_uname", "node1 node2 node3" },
    { "notify_available_uname", "node1 node2 node3" },
    { "notify_demote_resource", "db:0" },
    { "notify_demote_uname", "node1" },
    { "notify_inactive_resource", " " },
    { "notify_master_resource", "db:0" },
    { "notify_master_uname", "node1" },
    { "notify_promote_resource", "db:1" },
    { "notify_promote_uname", "node2" },
    { "notify_promoted_resource", "db:0" },
    { "notify_promoted_uname", "node1" },
    { "notify_slave_resource", "db:1 db:2" },
    { "notify_slave_uname", "node2 node3" },
    { "notify_start_resource", " " },
    { "notify_start_uname", " " },
    { "notify_stop_resource", "db:0" },
    { "notify_stop_uname", "node1" },
    { "notify_unpromoted_resource", "db:1 db:2" },
    { "notify_unpromoted_uname", "node2 node3" },
};

/* 0906: the promoted node is lost and fenced: nothing is sent there, and
 * the post-stop notifications say "stonith" */
static const struct expected_notify failover_notifies[] = {
    { "db:1_post_notify_demote_0", "node2", "post", "demote", "demoted" },
    { "db:1_post_notify_promote_0", "node2", "post", "promote", "promoted" },
    { "db:1_post_notify_stop_0", "node2", "post", "stop", "stonith" },
    { "db:1_pre_notify_demote_0", "node2", "pre", "demote", "demote" },
    { "db:1_pre_notify_promote_0", "node2", "pre", "promote", "promote" },
    { "db:1_pre_notify_stop_0", "node2", "pre", "stop", "stop" },
    { "db:2_post_notify_demote_0", "node3", "post", "demote", "demoted" },
    { "db:2_post_notify_promote_0", "node3", "post", "promote", "promoted" },
    { "db:2_post_notify_stop_0", "node3", "post", "stop", "stonith" },
    { "db:2_pre_notify_demote_0", "node3", "pre", "demote", "demote" },
    { "db:2_pre_notify_promote_0", "node3", "pre", "promote", "promote" },
    { "db:2_pre_notify_stop_0", "node3", "pre", "stop", "stop" },
};

static ha_sched_result_t *
run_case(const char *name, ha_store_model_t **ret_model)
{
    const char *top = g_getenv("top_srcdir");
    g_autofree char *file = g_strconcat(name, ".xml", NULL);
    g_autofree char *path = g_build_filename(top != NULL ? top : ".", "cts",
                                             "scheduler", file, NULL);
    g_autofree char *err = NULL;
    struct ha_sched_options opts = { 0 };
    ha_sched_result_t *res = NULL;

    g_assert_cmpint(ha_store_model_parse_file(path, ret_model, &err), ==, 0);
    opts.now = (*ret_model)->execution_date;
    g_assert_cmpint(ha_sched_run(*ret_model, &opts, &res, NULL), ==, 0);
    return res;
}

static const struct expected_notify *
find_expected(const struct expected_notify *exp, gsize n, const char *key,
              const char *node)
{
    for (gsize i = 0; i < n; i++) {
        if (strcmp(exp[i].key, key) == 0 && strcmp(exp[i].node, node) == 0) {
            return &exp[i];
        }
    }
    return NULL;
}

static void
check_case(const char *name, const struct expected_notify *exp, gsize n_exp,
           const char *const lists[][2], gsize n_lists)
{
    g_autoptr(ha_store_model_t) m = NULL;
    g_autoptr(ha_sched_result_t) res = run_case(name, &m);
    gsize seen = 0;

    for (guint i = 0; i < res->n_actions; i++) {
        const struct ha_sched_action_info *a = &res->actions[i];
        const char *node;
        const struct expected_notify *e;
        struct ha_sched_exec_info info;

        if (strcmp(a->task, "notify") != 0
            || (a->flags & HA_ACTION_OPTIONAL)
            || !(a->flags & HA_ACTION_RUNNABLE)) {
            continue;
        }
        node = res->nodes[a->node].name;
        e = find_expected(exp, n_exp, a->key, node);
        if (e == NULL) {
            g_test_message("unexpected notification %s on %s", a->key, node);
        }
        g_assert_nonnull(e);
        seen++;
        g_assert_cmpint(ha_sched_result_exec_info(res, i, &info), ==, 0);
        g_assert_cmpstr(g_hash_table_lookup(info.meta, "notify"), ==, "true");
        g_assert_cmpstr(g_hash_table_lookup(info.meta, "notify_type"), ==,
                        e->type);
        g_assert_cmpstr(g_hash_table_lookup(info.meta, "notify_key_type"), ==,
                        e->type);
        g_assert_cmpstr(g_hash_table_lookup(info.meta, "notify_operation"), ==,
                        e->operation);
        g_assert_cmpstr(g_hash_table_lookup(info.meta,
                                            "notify_key_operation"), ==,
                        e->key_operation);
        for (gsize k = 0; k < n_lists; k++) {
            g_assert_cmpstr(g_hash_table_lookup(info.meta, lists[k][0]), ==,
                            lists[k][1]);
        }
        g_assert_cmpint(info.target_rc, ==, 0);
        ha_sched_exec_info_clear(&info);
    }
    g_assert_cmpuint(seen, ==, n_exp);
}

/* The instances' own start/stop/promote/demote get the lists (and no
 * type or operation), their monitors none. */
static void
check_own_actions(const char *name, const char *const lists[][2],
                  gsize n_lists, guint want)
{
    g_autoptr(ha_store_model_t) m = NULL;
    g_autoptr(ha_sched_result_t) res = run_case(name, &m);
    guint seen = 0;

    for (guint i = 0; i < res->n_actions; i++) {
        const struct ha_sched_action_info *a = &res->actions[i];
        struct ha_sched_exec_info info;
        gboolean own;

        if ((a->flags & (HA_ACTION_OPTIONAL | HA_ACTION_PSEUDO))
            || !(a->flags & HA_ACTION_RUNNABLE) || a->node == HA_MODEL_NONE
            || strcmp(a->task, "notify") == 0
            || ha_sched_result_exec_info(res, i, &info) < 0) {
            continue;
        }
        own = (a->interval_ms == 0 && strcmp(a->task, "monitor") != 0);
        seen += own ? 1 : 0;
        g_assert_null(g_hash_table_lookup(info.meta, "notify_type"));
        g_assert_null(g_hash_table_lookup(info.meta, "notify_operation"));
        for (gsize k = 0; k < n_lists; k++) {
            g_assert_cmpstr(g_hash_table_lookup(info.meta, lists[k][0]), ==,
                            own ? lists[k][1] : NULL);
        }
        ha_sched_exec_info_clear(&info);
    }
    g_assert_cmpuint(seen, ==, want);
}

/* Fresh start on 3 nodes: post-start notifications only. */
static void
notify_start_fresh(void)
{
    check_case("0901-notify-clone-start", start3_notifies,
               G_N_ELEMENTS(start3_notifies), start3_lists,
               G_N_ELEMENTS(start3_lists));
    check_own_actions("0901-notify-clone-start", start3_lists,
                      G_N_ELEMENTS(start3_lists), 3);
}

/* Demote, stop and promote: who gets which notification, and the lists. */
static void
notify_promotable_standby(void)
{
    check_case("0904-notify-promotable-standby", standby_notifies,
               G_N_ELEMENTS(standby_notifies), switch_lists,
               G_N_ELEMENTS(switch_lists));
    /* db:0's demote and stop, db:1's promote */
    check_own_actions("0904-notify-promotable-standby", switch_lists,
                      G_N_ELEMENTS(switch_lists), 3);
}

/* A lost promoted node: the survivors are told, the lost node is not. */
static void
notify_promotable_failover(void)
{
    check_case("0906-notify-promotable-failover", failover_notifies,
               G_N_ELEMENTS(failover_notifies), switch_lists,
               G_N_ELEMENTS(switch_lists));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/notify/start-fresh", notify_start_fresh);
    g_test_add_func("/sched/notify/promotable-standby",
                    notify_promotable_standby);
    g_test_add_func("/sched/notify/promotable-failover",
                    notify_promotable_failover);
    return g_test_run();
}
