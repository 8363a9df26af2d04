/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_ctl_clone.c - the controller and clones: an
 * anonymous clone starts once on every node and settles in a transition or
 * two and is shown Started, a cleanup of a promotable clone on a node where
 * it is unpromoted does not restart what runs with its promoted instance, a
 * promotable instance that is demoted has its Promoted monitor cancelled
 * and its Unpromoted one started, a notify=true clone's notifications run
 * (and their failures are ignored). (Each node runs a real ha-execd with
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
#include "ipc/ipc_hacd.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"
#include "hacd_ctl_lab.h"

#define CLONE_D \
    "<clone id=\"c\"><primitive id=\"d\" class=\"ocf\" provider=\"ha\" " \
    "type=\"stateless\"><instance_attributes id=\"d-p\"><nvpair " \
    "id=\"d-p-log\" name=\"start_log\" value=\"true\"/>" \
    "</instance_attributes><operations><op id=\"d-mon\" name=\"monitor\" " \
    "interval=\"1s\" timeout=\"10s\"/></operations></primitive></clone>"

/* Settled, with one instance of clone c's d running on every node. */
static gboolean
clone_everywhere(struct lab *lab, gconstpointer data)
{
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash,
                                                       g_str_equal, g_free,
                                                       NULL);
    gboolean settled = FALSE;

    for (guint i = 0; i < N; i++) {
        g_autofree char *id = g_strdup_printf("d:%u", i);
        g_autoptr(GPtrArray) nodes = where(lab, id, &settled);

        if (!settled || nodes->len != 1) {
            return FALSE;
        }
        g_hash_table_add(seen, g_strdup(nodes->pdata[0]));
    }
    return g_hash_table_size(seen) == N;
}

/* The role the DC's status gives resource @id ("" if it has none). */
static char *
role_of(struct lab *lab, const char *id)
{
    gboolean settled = FALSE;
    g_autoptr(GVariant) rscs = g_variant_ref_sink(
        hacd_cib_resources_variant(lab_dc(lab), &settled, NULL, NULL));
    GVariantIter it;
    GVariant *r;
    char *role = g_strdup("");

    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        const char *rid = NULL;
        const char *rrole = NULL;

        if (g_variant_lookup(r, "id", "&s", &rid) && strcmp(rid, id) == 0
            && g_variant_lookup(r, "role", "&s", &rrole)) {
            g_free(role);
            role = g_strdup(rrole);
        }
        g_variant_unref(r);
    }
    return role;
}

static void
anonymous_clone_settles(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *role = NULL;
    guint64 settled_after;

    configure_full(lab, 1, FALSE, CLONE_D, "", "", "", "");
    run_until(clone_everywhere, lab, NULL);
    settled_after = transitions(lab);
    run_for_ms(2500);   /* monitors run; nothing else may happen */
    g_assert_true(clone_everywhere(lab, NULL));
    g_assert_cmpuint(transitions(lab), ==, settled_after);
    g_assert_cmpuint(settled_after, <=, 3);
    for (guint id = 1; id <= N; id++) {
        g_assert_cmpuint(starts_on(lab, "d", id), ==, 1);
    }
    /* the clone is Started while its instances run (hactl status, move) */
    role = role_of(lab, "c");
    g_assert_cmpstr(role, ==, "Started");
    lab_free(lab);
}

#define CLONE_P \
    "<clone id=\"p-clone\"><meta_attributes id=\"p-m\"><nvpair " \
    "id=\"p-m-p\" name=\"promotable\" value=\"true\"/>" \
    "</meta_attributes><primitive id=\"p\" class=\"ocf\" " \
    "provider=\"ha\" type=\"promotable\"><instance_attributes " \
    "id=\"p-p\"><nvpair id=\"p-p-a\" name=\"attr_cmd\" " \
    "value=\"true\"/></instance_attributes></primitive></clone>"

/* r1 runs with the promoted instance of p-clone (on node1), after it. */
static gboolean
r1_with_promoted(struct lab *lab, gconstpointer data)
{
    g_autofree char *role = role_of(lab, "p-clone");

    return placed_and_settled(lab, &(struct placed) { "r1", "node1" })
           && strcmp(role, "Promoted") == 0;
}

/* A cleanup of the clone on a node where it is unpromoted probes it
 * there again and touches nothing else: r1, with the promoted instance,
 * is not restarted. */
static void
clone_cleanup_leaves_dependent(void)
{
    struct lab *lab = ctl_lab_new();
    struct wres w = { 0 };

    configure_full(lab, 1, FALSE, CLONE_P, "", "",
                   "<rsc_location id=\"lp\" rsc=\"p-clone\" "
                   "role=\"Promoted\" node=\"node1\" score=\"100\"/>"
                   "<rsc_colocation id=\"c\" rsc=\"r1\" "
                   "with-rsc=\"p-clone\" with-rsc-role=\"Promoted\" "
                   "score=\"INFINITY\"/><rsc_order id=\"po\" "
                   "first=\"p-clone\" first-action=\"promote\" "
                   "then=\"r1\" then-action=\"start\"/>", "");
    run_until(r1_with_promoted, lab, NULL);
    hacd_status_cleanup(lab_dc(lab), "node2", "p", cleanup_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, 0);
    run_for_ms(2000);
    run_until(r1_with_promoted, lab, NULL);
    g_assert_cmpuint(starts_on(lab, "r1", 1), ==, 1);
    lab_free(lab);
}

/* An agent (ocf:test:notifylog) that logs its starts and every
 * notification with its CRM_meta_notify_* data to DIR/log, and fails
 * every notification. */
static const char notifylog_agent[] =
    "#!/bin/sh\n"
    "d=$OCF_RESKEY_dir; n=$OCF_RESKEY_CRM_meta_on_node\n"
    "case \"$1\" in\n"
    "meta-data) echo '<?xml version=\"1.0\"?><resource-agent "
    "name=\"notifylog\"><version>1.0</version><parameters/><actions>"
    "<action name=\"start\" timeout=\"5s\"/><action name=\"stop\" "
    "timeout=\"5s\"/><action name=\"monitor\" timeout=\"5s\"/><action "
    "name=\"notify\" timeout=\"5s\"/></actions></resource-agent>'; exit 0;;\n"
    "start) touch \"$d/state-$n\"; echo \"start $n\" >> \"$d/log\"; exit 0;;\n"
    "stop) rm -f \"$d/state-$n\"; exit 0;;\n"
    "monitor) [ -f \"$d/state-$n\" ] && exit 0; exit 7;;\n"
    "notify) echo \"notify $n $OCF_RESKEY_CRM_meta_notify_type"
    " $OCF_RESKEY_CRM_meta_notify_operation"
    " start=[$OCF_RESKEY_CRM_meta_notify_start_resource]"
    " active=[$OCF_RESKEY_CRM_meta_notify_active_resource]\" >> \"$d/log\";"
    " exit 1;;\n"
    "*) exit 3;;\n"
    "esac\n";

/* How many lines of @log contain @what. */
static guint
lines_with(const char *log, const char *what)
{
    g_autofree char *text = NULL;
    g_auto(GStrv) lines = NULL;
    guint n = 0;

    if (!g_file_get_contents(log, &text, NULL, NULL)) {
        return 0;
    }
    lines = g_strsplit(text, "\n", -1);
    for (guint i = 0; lines[i] != NULL; i++) {
        n += (strstr(lines[i], what) != NULL) ? 1 : 0;
    }
    return n;
}

static gboolean
three_post_start(struct lab *lab, gconstpointer data)
{
    (void) lab;
    return lines_with(data, " post start ") >= 3;
}

/* A notify=true clone starting on three nodes: every new instance gets
 * the post-start notification, run through ha-execd with Pacemaker's
 * data; the notifications fail, which is logged and ignored: nothing is
 * recovered, no fail count, nothing is notified again.  (The clone is
 * globally unique: an anonymous clone's instances are probed again and
 * again after they start here, a clone history defect of its own.) */
static void
clone_notifications_run_and_failures_are_ignored(void)
{
    struct lab *lab = ctl_lab_new();
    g_autofree char *dir = g_build_filename(lab->root, "ocf", "resource.d",
                                            "test", NULL);
    g_autofree char *agent = g_build_filename(dir, "notifylog", NULL);
    g_autofree char *log = g_build_filename(lab->root, "log", NULL);
    g_autofree char *clone = g_strdup_printf(
        "<clone id=\"nc\"><meta_attributes id=\"nc-m\"><nvpair id=\"nc-n\" "
        "name=\"notify\" value=\"true\"/><nvpair id=\"nc-u\" "
        "name=\"globally-unique\" value=\"true\"/></meta_attributes>"
        "<primitive id=\"n\" class=\"ocf\" provider=\"test\" "
        "type=\"notifylog\"><instance_attributes id=\"n-p\"><nvpair "
        "id=\"n-p-d\" name=\"dir\" value=\"%s\"/></instance_attributes>"
        "<operations><op id=\"n-mon\" name=\"monitor\" interval=\"1s\"/>"
        "</operations></primitive></clone>", lab->root);
    struct hacd *dc;

    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    g_assert_true(g_file_set_contents(agent, notifylog_agent, -1, NULL));
    g_assert_cmpint(g_chmod(agent, 0755), ==, 0);
    configure_full(lab, 1, FALSE, clone, "", "", "", "");
    run_until(three_post_start, lab, log);
    run_for_ms(3000);   /* monitors run; nothing else may happen */
    g_assert_cmpuint(lines_with(log, "start node"), ==, 3);
    g_assert_cmpuint(lines_with(log, "notify "), ==, 3);
    g_assert_cmpuint(lines_with(log, " post start start=[n:0 n:1 n:2]"
                                     " active=[ ]"), ==, 3);
    for (guint id = 1; id <= N; id++) {
        g_autofree char *node = g_strdup_printf("node%u", id);
        g_autofree char *line = g_strdup_printf("notify %s post start", node);

        g_assert_cmpuint(lines_with(log, line), ==, 1);
    }
    dc = lab_dc(lab);
    g_assert_nonnull(dc);
    for (guint id = 1; id <= N; id++) {
        g_autofree char *node = g_strdup_printf("node%u", id);

        g_assert_null(hacd_attr_get(dc, node, "fail-count-n#notify_0"));
    }
    lab_free(lab);
}

/* One instance of a promotable clone, a monitor per role; @meta: more
 * meta attributes of the clone.  (Globally unique: the history of each
 * instance is its own, as the probes of an anonymous one are not yet.) */
static void
configure_role_monitors(struct lab *lab, const char *meta)
{
    g_autofree char *rscs = g_strdup_printf(
        "<clone id=\"p-clone\"><meta_attributes id=\"p-m\"><nvpair "
        "id=\"p-m-p\" name=\"promotable\" value=\"true\"/><nvpair "
        "id=\"p-m-c\" name=\"clone-max\" value=\"1\"/><nvpair "
        "id=\"p-m-u\" name=\"globally-unique\" value=\"true\"/>%s"
        "</meta_attributes><primitive id=\"p\" class=\"ocf\" "
        "provider=\"ha\" type=\"promotable\"><instance_attributes "
        "id=\"p-p\"><nvpair id=\"p-p-a\" name=\"attr_cmd\" "
        "value=\"true\"/></instance_attributes><operations>"
        "<op id=\"p-mp\" name=\"monitor\" interval=\"2s\" role=\"Promoted\"/>"
        "<op id=\"p-mu\" name=\"monitor\" interval=\"3s\" "
        "role=\"Unpromoted\"/></operations></primitive></clone>", meta);

    configure_full(lab, 1, FALSE, rscs, "", "",
                   "<rsc_location id=\"lp\" rsc=\"p-clone\" "
                   "role=\"Promoted\" node=\"node1\" score=\"100\"/>", "");
}

/* Settled, and node1's history of p:0 has exactly the monitor @data
 * ("p:0_monitor_2000" or "p:0_monitor_3000"), with the rc it expects. */
static gboolean
only_monitor(struct lab *lab, gconstpointer data)
{
    const char *want = data;
    const char *other = (strcmp(want, "p:0_monitor_2000") == 0)
                        ? "p:0_monitor_3000" : "p:0_monitor_2000";
    struct hacd *dc = lab_dc(lab);
    GHashTable *t = (dc != NULL) ? g_hash_table_lookup(dc->lrm, "node1")
                                 : NULL;
    const struct hacd_lrm_rsc *r = (t != NULL) ? g_hash_table_lookup(t, "p:0")
                                               : NULL;
    const struct hacd_op *op = (r != NULL) ? g_hash_table_lookup(r->ops, want)
                                           : NULL;
    gboolean settled = FALSE;
    g_autoptr(GPtrArray) nodes = where(lab, "p:0", &settled);

    return settled && op != NULL && hacd_op_succeeded(op)
           && !g_hash_table_contains(r->ops, other);
}

/* The instance on node1 is promoted with its Promoted monitor (rc 8 is
 * success); then target-role=Unpromoted demotes it: the Promoted monitor
 * is cancelled and the Unpromoted one runs, nothing fails. */
static void
role_monitor_cancelled_on_demote(void)
{
    struct lab *lab = ctl_lab_new();

    configure_role_monitors(lab, "");
    run_until(only_monitor, lab, "p:0_monitor_2000");
    configure_role_monitors(lab, "<nvpair id=\"p-m-t\" name=\"target-role\" "
                                 "value=\"Unpromoted\"/>");
    run_until(only_monitor, lab, "p:0_monitor_3000");
    lab_free(lab);
}

/* ---- private attributes (attrd_updater --private) ---- */

#define PRIV_NAME HA_IPC_HACD_ATTR_PRIVATE_PREFIX "lsn_location-d"

static guint scheduler_inputs;      /* runs of the DC's scheduler */
static guint inputs_with_private;   /* inputs naming a private attribute */

static char *
count_inputs(const char *xml)
{
    scheduler_inputs++;
    if (strstr(xml, HA_IPC_HACD_ATTR_PRIVATE_PREFIX) != NULL) {
        inputs_with_private++;
    }
    return g_strdup(xml);
}

static void
attr_set_done(int rc, void *user_data)
{
    *(int *) user_data = (rc == 0) ? 1 : -1;
}

static gboolean
attr_set_answered(struct lab *lab, gconstpointer data)
{
    return *(const int *) data != 0;
}

/* Set a transient attribute of node2 through node2's hacd and wait for
 * the answer (every member has applied it then). */
static void
set_node2_attr(struct lab *lab, const char *name, const char *value)
{
    int done = 0;

    hacd_attr_submit(lab->h[2], "node2", name, value, attr_set_done, &done);
    run_until(attr_set_answered, lab, &done);
    g_assert_cmpint(done, ==, 1);
}

/* A private attribute (PAF's lsn_location, set from a pre-promote notify)
 * is replicated to every member but starts no transition and is never in
 * the scheduler's input: in Pacemaker it is attrd-only, so a notify that
 * sets one does not abort the transition that runs it.  A public one does
 * start a transition (the control). */
static void
private_attribute_starts_no_transition(void)
{
    struct lab *lab = ctl_lab_new();
    guint before;

    for (guint id = 1; id <= N; id++) {
        lab->h[id]->test_cib_filter = count_inputs;
    }
    configure_full(lab, 1, FALSE, CLONE_D, "", "", "", "");
    run_until(clone_everywhere, lab, NULL);
    run_for_ms(1500);
    before = scheduler_inputs;
    set_node2_attr(lab, PRIV_NAME, "1#50331808");
    run_for_ms(1500);
    for (guint id = 1; id <= N; id++) {
        g_assert_cmpstr(hacd_attr_get(lab->h[id], "node2", PRIV_NAME), ==,
                        "1#50331808");
    }
    g_assert_cmpuint(scheduler_inputs, ==, before);
    set_node2_attr(lab, PRIV_NAME, NULL);
    run_for_ms(1000);
    g_assert_null(hacd_attr_get(lab->h[1], "node2", PRIV_NAME));
    g_assert_cmpuint(scheduler_inputs, ==, before);
    /* the control: a public attribute is scheduled */
    set_node2_attr(lab, PRIV_NAME, "1#50331808");
    set_node2_attr(lab, "lsn_location-d", "1#50331808");
    run_for_ms(1500);
    g_assert_cmpuint(scheduler_inputs, >, before);
    g_assert_cmpuint(inputs_with_private, ==, 0);
    lab_free(lab);
}

int
main(int argc, char **argv)
{
    static const struct ctl_test tests[] = {
    { "/hacd/ctl/anonymous-clone-settles", anonymous_clone_settles },
    { "/hacd/ctl/clone-cleanup-leaves-dependent", clone_cleanup_leaves_dependent },
    { "/hacd/ctl/clone-notifications-run-and-failures-are-ignored", clone_notifications_run_and_failures_are_ignored },
    { "/hacd/ctl/role-monitor-cancelled-on-demote", role_monitor_cancelled_on_demote },
    { "/hacd/ctl/private-attribute-starts-no-transition", private_attribute_starts_no_transition },
    };

    return ctl_test_main(argc, argv, "test_hacd_ctl_clone", tests, G_N_ELEMENTS(tests));
}
