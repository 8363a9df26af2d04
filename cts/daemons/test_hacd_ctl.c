/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_ctl.c - the controller end to end with resources:
 * they start once and settle, a failed monitor is recovered and then moved
 * after migration-threshold, a DC lost while a start runs never has that
 * resource started a second time, cleanup forgets failures, a plan that
 * never converges (the scheduler's input filtered to hide a history) runs
 * once more then is held until something changes, a wiped node alone does
 * not act, a date rule that ends starts what it stopped with no other event
 * (recheck_at). (Each node runs a real ha-execd with the real agents:
 * hacd_ctl_lab.h.)
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/results.h"
#include "common/xml.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_fence.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_lrm.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"
#include "hacd_ctl_lab.h"

static void
starts_once_and_settles(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *node = NULL;
    g_autofree char *agent = g_build_filename(lab->root, "alert.sh", NULL);
    g_autofree char *sink = g_build_filename(lab->root, "alerts.log", NULL);
    g_autofree char *alerts = g_strdup_printf(
        "<alerts><alert id=\"a\" path=\"%s\"><recipient id=\"a-r\" "
        "value=\"%s\"/></alert></alerts>", agent, sink);
    g_autofree char *line = NULL;
    guint total = 0;

    /* an alert agent as Pacemaker's are written: CRM_alert_* variables */
    g_assert_true(g_file_set_contents(agent,
        "#!/bin/sh\necho \"$CRM_alert_kind $CRM_alert_node $CRM_alert_rsc "
        "$CRM_alert_task $CRM_alert_rc\" >> \"$CRM_alert_recipient\"\n",
        -1, NULL));
    g_assert_cmpint(g_chmod(agent, 0755), ==, 0);
    configure_with(lab, 1, "", "", "", alerts);
    node = running_on(lab, "r1", NULL, NULL);
    line = g_strdup_printf("resource %s r1 start 0", node);
    run_until(file_has, lab, (const char *const[]) { sink, line });
    run_for_ms(1500);   /* monitors run; nothing else may happen */
    g_assert_true(placed_and_settled(lab, &(struct placed) { "r1", node }));
    for (guint id = 1; id <= N; id++) {
        total += starts_on(lab, "r1", id);
    }
    g_assert_cmpuint(total, ==, 1);
    lab_free(lab);
}

static gboolean
fail_count_is(struct lab *lab, gconstpointer data)
{
    struct hacd *dc = lab_dc(lab);
    const char *v = (dc != NULL)
                    ? hacd_attr_get(dc, "node2", "fail-count-r1#monitor_1000")
                    : NULL;

    return g_strcmp0(v, data) == 0;
}

/* The resource dies behind the cluster's back on node @id. */
static void
kill_rsc(struct lab *lab, const char *rsc, guint id)
{
    g_autofree char *tmp = path_in(lab, "rsctmp", id);
    g_autofree char *state = g_strdup_printf("%s/stateless-%s", tmp, rsc);

    g_assert_cmpint(g_unlink(state), ==, 0);
}

static void
failed_monitor_recovers_then_moves(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *moved = NULL;
    struct wres w = { 0 };

    configure(lab, 1, "",
              "<nvpair id=\"r1-m-t\" name=\"migration-threshold\" value=\"2\"/>",
              "<rsc_location id=\"l\" rsc=\"r1\" node=\"node2\" score=\"50\"/>");
    g_free(running_on(lab, "r1", "node2", NULL));
    g_assert_cmpuint(starts_on(lab, "r1", 2), ==, 1);

    /* first failure: recovered where it is, and shown as a failed action */
    kill_rsc(lab, "r1", 2);
    run_until(fail_count_is, lab, "1");
    g_free(running_on(lab, "r1", "node2", NULL));
    g_assert_cmpuint(starts_on(lab, "r1", 2), ==, 2);
    {
        g_autoptr(GVariant) failed = g_variant_ref_sink(
            hacd_status_failed_variant(lab_dc(lab)));
        g_autofree char *text = g_variant_print(failed, FALSE);

        g_assert_cmpuint(g_variant_n_children(failed), ==, 1);
        g_assert_nonnull(strstr(text, "'node2'"));
        g_assert_nonnull(strstr(text, "'monitor'"));
    }

    /* second failure: migration-threshold reached, it moves */
    kill_rsc(lab, "r1", 2);
    run_until(fail_count_is, lab, "2");
    moved = running_on(lab, "r1", NULL, "node2");
    g_assert_cmpuint(starts_on(lab, "r1", 2), ==, 2);

    /* cleanup forgets the failures; stickiness keeps it where it is */
    hacd_status_cleanup(lab_dc(lab), NULL, "r1", cleanup_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, 0);
    run_until(fail_count_is, lab, NULL);
    g_free(running_on(lab, "r1", moved, NULL));
    lab_free(lab);
}

static gboolean
start_running_on_2(struct lab *lab, gconstpointer data)
{
    return lab->h[2] != NULL && hacd_lrm_pending(lab->h[2], "r1") != NULL;
}

static void
dc_lost_during_start_never_starts_twice(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *node = NULL;

    run_until(all_synced, lab, NULL);
    g_assert_true(hacd_is_dc(lab->h[1]));
    configure(lab, 1, "<nvpair id=\"r1-p-d\" name=\"start_delay\" value=\"2\"/>",
              "", "<rsc_location id=\"l\" rsc=\"r1\" node=\"node2\" score=\"50\"/>");
    run_until(start_running_on_2, lab, NULL);
    /* the DC's node dies while node2 runs the start it sent */
    ha_cluster_fake_node_set_up(lab->fake, 1, FALSE);
    g_clear_pointer(&lab->h[1], hacd_free);
    execd_kill(lab, 1);
    node = running_on(lab, "r1", "node2", NULL);
    g_assert_true(hacd_is_dc(lab->h[2]));
    g_assert_cmpuint(starts_on(lab, "r1", 2), ==, 1);
    g_assert_cmpuint(starts_on(lab, "r1", 3), ==, 0);
    lab_free(lab);
}

static gboolean
dc_synced(struct lab *lab, gconstpointer data)
{
    struct hacd *h = lab->h[GPOINTER_TO_UINT(data)];

    return h != NULL && hacd_sync_phase(h) == HACD_SYNC_DONE && hacd_sync_i_am_synced(h)
           && ha_cluster_fake_pending(lab->fake) == 0;
}

/* Issue 16 item 5: every hacd stops (the executors and r1 stay), node 1's
 * state directory is wiped and its hacd starts alone in a partition that
 * is quorate alone (two_node, last_man_standing, lowered expected votes).
 * It must not act: r1, an orphan to its empty configuration, is not
 * stopped and nobody is fenced.  When the others come back it takes their
 * configuration, and r1 stays where it runs. */
static void
wiped_node_alone_does_not_act(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *state1 = g_strdup(lab->dir[1]);
    g_autofree char *tmp1 = path_in(lab, "rsctmp", 1);
    g_autofree char *running = g_build_filename(tmp1, "stateless-r1", NULL);
    g_autofree char *node = NULL;
    g_autoptr(GVariant) fencing = NULL;

    configure_full(lab, 1, TRUE,
        "<primitive id=\"good\" class=\"stonith\" type=\"fence_test\"/>",
        "", "", "<rsc_location id=\"l\" rsc=\"r1\" node=\"node1\" "
        "score=\"INFINITY\"/>", "");
    node = running_on(lab, "r1", "node1", NULL);
    for (guint id = 1; id <= N; id++) {
        g_clear_pointer(&lab->h[id], hacd_free);
    }
    rm_rf(state1);
    ha_cluster_fake_partition(lab->fake, 1, 1);
    ha_cluster_fake_force_quorum(lab->fake, 1, 1);
    lab_node_start(lab, 1);
    run_until(dc_synced, lab, GUINT_TO_POINTER(1));
    g_assert_true(ha_cluster_quorate(lab->h[1]->cluster));
    g_assert_false(hacd_established(lab->h[1]));
    run_for_ms(3000);   /* its executor reported r1: nothing may happen */
    g_assert_true(g_file_test(running, G_FILE_TEST_EXISTS));
    fencing = g_variant_ref_sink(hacd_fence_history_variant(lab->h[1], NULL));
    g_assert_cmpuint(g_variant_n_children(fencing), ==, 0);
    /* the others come back: their configuration, r1 untouched */
    ha_cluster_fake_force_quorum(lab->fake, 1, -1);
    ha_cluster_fake_partition(lab->fake, 1, 0);
    lab_node_start(lab, 2);
    lab_node_start(lab, 3);
    g_free(node);
    node = running_on(lab, "r1", "node1", NULL);
    run_for_ms(1500);
    g_assert_true(hacd_established(lab->h[1]));
    g_assert_nonnull(ha_store_doc_find_id(hacd_doc(lab->h[1]), "resources", "r1"));
    g_assert_true(g_file_test(running, G_FILE_TEST_EXISTS));
    g_assert_cmpuint(starts_on(lab, "r1", 1), ==, 1);
    lab_free(lab);
}

/* The scheduler's input without r1's history on node3: it wants to probe
 * r1 there again and again, however often the probe runs. */
static char *
forget_r1_on_node3(const char *xml)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *st;

    g_assert_cmpint(ha_xml_parse_memory(xml, strlen(xml), "cib", NULL, &doc,
                                        NULL), ==, 0);
    st = ha_xml_first_child(xmlDocGetRootElement(doc), "status");
    for (xmlNode *ns = ha_xml_first_child(st, "node_state"); ns != NULL;
         ns = ha_xml_next(ns, "node_state")) {
        xmlNode *rs = ha_xml_first_child(ha_xml_first_child(ns, "lrm"),
                                         "lrm_resources");

        for (xmlNode *r = ha_xml_first_child(rs, "lrm_resource");
             r != NULL && g_strcmp0(ha_xml_attr(ns, "uname"), "node3") == 0;
             r = ha_xml_next(r, "lrm_resource")) {
            if (g_strcmp0(ha_xml_attr(r, "id"), "r1") == 0) {
                xmlUnlinkNode(r);
                xmlFreeNode(r);
                break;
            }
        }
    }
    return ha_xml_dump(xmlDocGetRootElement(doc), FALSE);
}

/* The DC ran transitions and is idle (settled or holding a plan). */
static gboolean
dc_idle(struct lab *lab, gconstpointer data)
{
    struct hacd *dc = lab_dc(lab);

    return dc != NULL && dc->counters.transitions_complete
                         + dc->counters.transitions_aborted >= 2
           && !dc->dc_busy;
}

/* A plan that never converges (@score: r1's preference for node3, where
 * its history is hidden) is run once more, then held until something
 * changes: never repeated without end. */
static void
plan_held(const char *score)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *constraint = g_strdup_printf(
        "<rsc_location id=\"l\" rsc=\"r1\" node=\"node3\" score=\"%s\"/>",
        score);
    guint64 held_at;

    for (guint id = 1; id <= N; id++) {
        lab->h[id]->test_cib_filter = forget_r1_on_node3;
    }
    configure(lab, 1, "", "", constraint);
    run_until(dc_idle, lab, NULL);
    run_for_ms(1500);
    held_at = transitions(lab);
    run_for_ms(1500);
    g_assert_cmpuint(transitions(lab), ==, held_at);
    g_assert_cmpuint(held_at, <=, 4);
    g_assert_false(lab_dc(lab)->dc_busy);
    /* a change: the plan runs once again, then is held again */
    configure(lab, 1, "", "", constraint);
    run_for_ms(1500);
    g_assert_cmpuint(transitions(lab), >, held_at);
    g_assert_cmpuint(transitions(lab), <=, held_at + 2);
    lab_free(lab);
}

/* The probe on node3 finds nothing: each transition completes. */
static void
completed_plan_is_held(void)
{
    plan_held("-INFINITY");
}

/* r1 runs on node3: each probe there finds it running, an unexpected
 * result that aborts the transition. */
static void
aborted_plan_is_held(void)
{
    plan_held("100");
}

/* r1 is stopped by an rsc_defaults set whose date rule holds for a few
 * seconds more.  Nothing else happens, yet r1 starts once the rule ends:
 * the DC schedules again at its result's recheck_at. */
static void
date_rule_ends_without_an_event(void)
{
    struct lab *lab = ctl_lab_new();
    /* later than EXEC_WAIT_MS, the last trigger a start may bring */
    gint64 end = g_get_real_time() / G_USEC_PER_SEC + 14;
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(end);
    g_autofree char *text = g_date_time_format(dt, "%Y-%m-%d %H:%M:%S");
    g_autofree char *more = g_strdup_printf(
        "<rsc_defaults><meta_attributes id=\"rd\"><rule id=\"rd-r\">"
        "<date_expression id=\"rd-d\" operation=\"lt\" end=\"%s\"/>"
        "</rule><nvpair id=\"rd-t\" name=\"target-role\" "
        "value=\"Stopped\"/></meta_attributes></rsc_defaults>", text);
    g_autofree char *node = NULL;
    guint total = 0;

    configure_with(lab, 1, "", "", "", more);
    run_for_ms(3000);
    g_assert_cmpint(g_get_real_time() / G_USEC_PER_SEC, <, end);
    for (guint id = 1; id <= N; id++) {
        g_assert_cmpuint(starts_on(lab, "r1", id), ==, 0);   /* Stopped */
    }
    node = running_on(lab, "r1", NULL, NULL);
    g_assert_cmpint(g_get_real_time() / G_USEC_PER_SEC, >=, end);
    g_assert_cmpint(g_get_real_time() / G_USEC_PER_SEC, <, end + 10);
    for (guint id = 1; id <= N; id++) {
        total += starts_on(lab, "r1", id);
    }
    g_assert_cmpuint(total, ==, 1);
    lab_free(lab);
}

int
main(int argc, char **argv)
{
    static const struct ctl_test tests[] = {
    { "/hacd/ctl/starts-once-and-settles", starts_once_and_settles },
    { "/hacd/ctl/failed-monitor-recovers-then-moves", failed_monitor_recovers_then_moves },
    { "/hacd/ctl/dc-lost-during-start-never-starts-twice", dc_lost_during_start_never_starts_twice },
    { "/hacd/ctl/wiped-node-alone-does-not-act", wiped_node_alone_does_not_act },
    { "/hacd/ctl/completed-plan-is-held", completed_plan_is_held },
    { "/hacd/ctl/aborted-plan-is-held", aborted_plan_is_held },
    { "/hacd/ctl/date-rule-ends-without-an-event", date_rule_ends_without_an_event },
    };

    return ctl_test_main(argc, argv, "test_hacd_ctl", tests, G_N_ELEMENTS(tests));
}
