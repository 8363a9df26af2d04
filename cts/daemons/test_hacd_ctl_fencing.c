/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_ctl_fencing.c - the controller and lost nodes:
 * their resources start elsewhere once they are fenced (by topology, within
 * a delay), or once an operator confirms a node that cannot be fenced is
 * down, a hanging fencing included. (Each node runs a real ha-execd with
 * the real agents: hacd_ctl_lab.h.)
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
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"
#include "hacd_ctl_lab.h"

static void
lost_node_recovered_elsewhere(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *node = NULL;
    g_autofree char *after = NULL;
    guint id;

    configure(lab, 1, "", "",
              "<rsc_location id=\"l\" rsc=\"r1\" node=\"node3\" score=\"50\"/>");
    node = running_on(lab, "r1", "node3", NULL);
    id = 3;
    /* node3 powers off: its hacd and its executor vanish */
    ha_cluster_fake_node_set_up(lab->fake, id, FALSE);
    g_clear_pointer(&lab->h[id], hacd_free);
    execd_kill(lab, id);
    after = running_on(lab, "r1", NULL, "node3");
    g_assert_cmpuint(starts_on(lab, "r1", 1) + starts_on(lab, "r1", 2), ==, 1);
    lab_free(lab);
}

/* r1 runs on node3 (location 50) with fencing on and @devices (fence
 * devices); then node3 powers off: its hacd and its executor vanish.
 * @more: more configuration (a fencing-topology). */
static void
node3_lost_with_r1(struct lab *lab, const char *devices, const char *more)
{
    configure_full(lab, 1, TRUE, devices, "", "",
                   "<rsc_location id=\"l\" rsc=\"r1\" node=\"node3\" "
                   "score=\"50\"/>", more);
    g_free(running_on(lab, "r1", "node3", NULL));
    ha_cluster_fake_node_set_up(lab->fake, 3, FALSE);
    g_clear_pointer(&lab->h[3], hacd_free);
    execd_kill(lab, 3);
}

static gboolean
fenced(struct lab *lab, gconstpointer data)
{
    g_autofree char *log = g_build_filename(lab->root, "fenced.log", NULL);
    const char *what[] = { log, data };

    return file_has(lab, what);
}

static void
lost_node_fenced_by_topology_then_recovered(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *after = NULL;
    g_autoptr(GVariant) history = NULL;
    g_autofree char *text = NULL;

    node3_lost_with_r1(lab,
        "<primitive id=\"bad\" class=\"stonith\" type=\"fence_broken\"/>"
        "<primitive id=\"good\" class=\"stonith\" type=\"fence_test\">"
        "<instance_attributes id=\"good-p\"><nvpair id=\"good-p-l\" "
        "name=\"pcmk_host_list\" value=\"node1 node2 node3\"/>"
        "</instance_attributes></primitive>",
        "<fencing-topology>"
        "<fencing-level id=\"f1\" target-pattern=\"node.*\" index=\"1\" "
        "devices=\"bad\"/>"
        "<fencing-level id=\"f2\" target-pattern=\"node.*\" index=\"2\" "
        "devices=\"good\"/></fencing-topology>");
    /* level 1 fails, level 2 fences; only then does r1 start elsewhere */
    run_until(fenced, lab, "reboot node3");
    after = running_on(lab, "r1", NULL, "node3");
    history = g_variant_ref_sink(hacd_fence_history_variant(lab_dc(lab),
                                                            "node3"));
    text = g_variant_print(history, FALSE);
    g_assert_nonnull(strstr(text, "'failed'"));
    g_assert_nonnull(strstr(text, "'succeeded'"));
    g_assert_nonnull(strstr(text, "'good'"));
    lab_free(lab);
}

/* hacd stops while a fencing waits out its fence delay (pcmk_delay_base):
 * the fencing is dropped with it, never run by a hacd that is gone. */
static void
fencing_in_its_delay_ends_with_hacd(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *log = g_build_filename(lab->root, "fenced.log", NULL);

    node3_lost_with_r1(lab,
        "<primitive id=\"good\" class=\"stonith\" type=\"fence_test\">"
        "<instance_attributes id=\"good-p\">"
        "<nvpair id=\"good-p-l\" name=\"pcmk_host_list\" value=\"node3\"/>"
        "<nvpair id=\"good-p-d\" name=\"pcmk_delay_base\" value=\"2s\"/>"
        "</instance_attributes></primitive>",
        "");
    run_for_ms(800);    /* the DC asks a node to fence; it waits 2 s */
    for (guint id = 1; id <= N; id++) {
        g_clear_pointer(&lab->h[id], hacd_free);
    }
    run_for_ms(2500);   /* past the delay: nothing fires */
    g_assert_false(g_file_test(log, G_FILE_TEST_EXISTS));
    lab_free(lab);
}

/* node3 is lost and the DC asks for its fencing (3 s fence delay); node3
 * reboots and joins again before the fencing runs, so its result comes
 * after the join (on corosync: held up behind the membership change, fault
 * campaign seed 2).  The fencing ended node3's previous run: the history it
 * reported since is kept, r1 starts there and the cluster settles.  It was
 * taken as a fencing of the node now online, whose history the scheduler
 * then never saw: r1 was started and probed there again and again. */
static void
fencing_result_after_rejoin_keeps_history(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *tmp = path_in(lab, "rsctmp", 3);

    node3_lost_with_r1(lab,
        "<primitive id=\"good\" class=\"stonith\" type=\"fence_test\">"
        "<instance_attributes id=\"good-p\">"
        "<nvpair id=\"good-p-l\" name=\"pcmk_host_list\" value=\"node3\"/>"
        "<nvpair id=\"good-p-d\" name=\"pcmk_delay_base\" value=\"3s\"/>"
        "</instance_attributes></primitive>",
        "");
    run_for_ms(1500);   /* lost after the grace; the fencing waits 3 s */
    rm_rf(tmp);         /* a reboot: nothing runs there any more */
    ha_cluster_fake_node_set_up(lab->fake, 3, TRUE);
    execd_start(lab, 3);
    lab_node_start(lab, 3);
    run_until(fenced, lab, "reboot node3");
    g_free(running_on(lab, "r1", "node3", NULL));
    g_assert_cmpuint(starts_on(lab, "r1", 3), ==, 1);
    lab_free(lab);
}

static gboolean
fencing_failed(struct lab *lab, gconstpointer data)
{
    struct hacd *dc = lab_dc(lab);
    g_autoptr(GVariant) history = NULL;
    g_autofree char *text = NULL;

    if (dc == NULL) {
        return FALSE;
    }
    history = g_variant_ref_sink(hacd_fence_history_variant(dc, data));
    text = g_variant_print(history, FALSE);
    return strstr(text, "'failed'") != NULL;
}

static void
confirm_done(int rc, const char *reason, void *ud)
{
    struct wres *w = ud;

    w->done = TRUE;
    w->rc = rc;
}

static void
lost_node_confirmed_by_operator_then_recovered(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *after = NULL;
    g_autoptr(GVariant) history = NULL;
    g_autofree char *text = NULL;
    struct wres w = { 0 };

    node3_lost_with_r1(lab,
        "<primitive id=\"bad\" class=\"stonith\" type=\"fence_broken\"/>",
        "");
    /* the only device fails: node3 stays unclean, r1 starts nowhere */
    run_until(fencing_failed, lab, "node3");
    run_for_ms(1500);
    g_assert_cmpuint(starts_on(lab, "r1", 1) + starts_on(lab, "r1", 2), ==, 0);
    /* an operator made sure node3 is off, and says so on node2 (not the
     * DC): the cluster goes on as after a fencing */
    g_assert_false(hacd_is_dc(lab->h[2]));
    hacd_fence_confirm(lab->h[2], 4242, "node3", confirm_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, 0);
    after = running_on(lab, "r1", NULL, "node3");
    g_assert_cmpuint(starts_on(lab, "r1", 1) + starts_on(lab, "r1", 2), ==, 1);
    history = g_variant_ref_sink(hacd_fence_history_variant(lab_dc(lab),
                                                            "node3"));
    text = g_variant_print(history, FALSE);
    g_assert_nonnull(strstr(text, "'confirmed by an operator"));
    g_assert_nonnull(strstr(text, "'succeeded'"));
    lab_free(lab);
}

static gboolean
both_done(struct lab *lab, gconstpointer data)
{
    const struct wres *w = data;

    return w[0].done && w[1].done;
}

/* The only device hangs; an operator's `hactl stonith fence node3` waits
 * on it too.  Their confirmation that node3 is off answers both: the
 * cluster recovers, and the waiting request succeeds at once. */
static void
hanging_fencing_answered_by_confirmation(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *after = NULL;
    struct wres w[2] = { { 0 } };

    node3_lost_with_r1(lab,
        "<primitive id=\"slow\" class=\"stonith\" type=\"fence_hang\"/>",
        "");
    run_for_ms(800);
    hacd_fence_ask(lab->h[2], 777, "node3", "reboot", confirm_done, &w[0]);
    run_for_ms(500);
    g_assert_false(w[0].done);
    hacd_fence_confirm(lab->h[2], 4243, "node3", confirm_done, &w[1]);
    run_for_ms(2000);   /* the device hangs for 20 s more */
    g_assert_true(both_done(lab, w));
    g_assert_cmpint(w[0].rc, ==, 0);
    g_assert_cmpint(w[1].rc, ==, 0);
    after = running_on(lab, "r1", NULL, "node3");
    lab_free(lab);
}

int
main(int argc, char **argv)
{
    static const struct ctl_test tests[] = {
    { "/hacd/ctl/lost-node-recovered-elsewhere", lost_node_recovered_elsewhere },
    { "/hacd/ctl/lost-node-fenced-by-topology-then-recovered", lost_node_fenced_by_topology_then_recovered },
    { "/hacd/ctl/fencing-in-its-delay-ends-with-hacd", fencing_in_its_delay_ends_with_hacd },
    { "/hacd/ctl/fencing-result-after-rejoin-keeps-history", fencing_result_after_rejoin_keeps_history },
    { "/hacd/ctl/lost-node-confirmed-by-operator-then-recovered", lost_node_confirmed_by_operator_then_recovered },
    { "/hacd/ctl/hanging-fencing-answered-by-confirmation", hanging_fencing_answered_by_confirmation },
    };

    return ctl_test_main(argc, argv, "test_hacd_ctl_fencing", tests, G_N_ELEMENTS(tests));
}
