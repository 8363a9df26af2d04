/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_ctl.c - the controller end to end on the fake
 * cluster backend: three hacd instances in this process, each with a real
 * ha-execd process of its own running the real ocf:ha:stateless agent.
 * What users see: resources start once and settle, a failed monitor is
 * recovered and then moved after migration-threshold, a lost node's
 * resources start elsewhere, a DC lost while a start runs never has that
 * resource started a second time, cleanup forgets failures, a lost node
 * that cannot be fenced is recovered from once an operator confirms it is
 * down, an anonymous clone starts once on every node and settles in a
 * transition or two and is shown Started, a cleanup of a promotable clone
 * on a node where it is unpromoted does not restart what runs with its
 * promoted instance, a plan that never converges (the scheduler's input
 * filtered to hide a history) runs once more then is held until something
 * changes, a promotable instance that is demoted has its Promoted monitor
 * cancelled and its Unpromoted one started, a notify=true clone's
 * notifications run (and their failures are ignored).
 * (Fencing, quorum and real corosync are the lab's: cts/lab.)
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "common/results.h"
#include "common/xml.h"
#include "hacd/hacd.h"
#include "hacd_test_util.h"

#define N 3
#define WAIT_MS 60000

struct lab {
    ha_cluster_fake_t *fake;
    struct hacd *h[N + 1];
    GPid execd[N + 1];
    char *execd_name[N + 1];
    char *root;
};

static char *
path_in(struct lab *lab, const char *what, guint id)
{
    g_autofree char *name = g_strdup_printf("%s%u", what, id);

    return g_build_filename(lab->root, name, NULL);
}

/* An executor never outlives the test (an aborted one included). */
static void
die_with_parent(gpointer data)
{
    (void) prctl(PR_SET_PDEATHSIG, SIGKILL);
}

static void
execd_start(struct lab *lab, guint id)
{
    g_autofree char *ocf = g_build_filename(lab->root, "ocf", NULL);
    g_autofree char *tmp = path_in(lab, "rsctmp", id);
    g_autofree char *node = g_strdup_printf("node%u", id);
    g_autofree char *fence = g_build_filename(lab->root, "fence", NULL);
    g_autoptr(GError) error = NULL;
    char *argv[] = {
        (char *) HA_TEST_EXECD, (char *) "--name", lab->execd_name[id],
        (char *) "--ocf-root", ocf, (char *) "--rsctmp", tmp,
        (char *) "--fence-dir", fence, (char *) "--node", node, NULL,
    };

    g_assert_cmpint(g_mkdir_with_parents(tmp, 0755), ==, 0);
    g_assert_true(g_spawn_async(NULL, argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD
                                | G_SPAWN_STDOUT_TO_DEV_NULL,
                                die_with_parent, NULL, &lab->execd[id],
                                &error));
}

static void
execd_kill(struct lab *lab, guint id)
{
    if (lab->execd[id] > 0) {
        (void) kill(lab->execd[id], SIGKILL);
        (void) waitpid(lab->execd[id], NULL, 0);
        lab->execd[id] = 0;
    }
}

static void
node_start(struct lab *lab, guint id)
{
    g_autofree char *dir = path_in(lab, "state", id);
    struct hacd_options opt = {
        .state_dir = dir, .grace_ms = 500, .keep = 3,
        .execd_name = lab->execd_name[id], .startup_grace_ms = 600000,
    };

    lab->h[id] = hacd_new(&opt, lab->fake, id);
    g_assert_cmpint(hacd_start(lab->h[id]), ==, 0);
}

/* Fence agents of the fence-agents protocol: fence_test logs what it is
 * asked ("ACTION PORT") to ROOT/fenced.log, fence_broken always fails,
 * fence_hang hangs (a switch that does not answer). */
static void
make_fence_agents(struct lab *lab)
{
    g_autofree char *dir = g_build_filename(lab->root, "fence", NULL);
    g_autofree char *ok = g_build_filename(dir, "fence_test", NULL);
    g_autofree char *bad = g_build_filename(dir, "fence_broken", NULL);
    g_autofree char *hang = g_build_filename(dir, "fence_hang", NULL);
    g_autofree char *log = g_build_filename(lab->root, "fenced.log", NULL);
    g_autofree char *script = g_strdup_printf(
        "#!/bin/sh\n"
        "while read -r l; do case \"$l\" in action=*) a=${l#action=};;"
        " port=*) p=${l#port=};; esac; done\n"
        "case \"$a\" in monitor|status|list) exit 0;; metadata)"
        " echo '<resource-agent name=\"fence_test\"/>'; exit 0;; esac\n"
        "echo \"$a $p\" >> %s\n", log);

    g_assert_cmpint(g_mkdir_with_parents(dir, 0755), ==, 0);
    g_assert_true(g_file_set_contents(ok, script, -1, NULL));
    g_assert_true(g_file_set_contents(bad, "#!/bin/sh\ncat >/dev/null\n"
                                      "exit 1\n", -1, NULL));
    g_assert_cmpint(g_chmod(ok, 0755), ==, 0);
    g_assert_true(g_file_set_contents(hang, "#!/bin/sh\n"
        "while read -r l; do case \"$l\" in action=*) a=${l#action=};;"
        " esac; done\n"
        "case \"$a\" in monitor|status|list) exit 0;; metadata)"
        " echo '<resource-agent name=\"fence_hang\"/>'; exit 0;; esac\n"
        "sleep 20; exit 1\n", -1, NULL));
    g_assert_cmpint(g_chmod(bad, 0755), ==, 0);
    g_assert_cmpint(g_chmod(hang, 0755), ==, 0);
}

static struct lab *
lab_new(void)
{
    struct lab *lab = g_new0(struct lab, 1);
    g_autofree char *ocf = NULL;
    g_autofree char *rd = NULL;
    g_autofree char *ha = NULL;

    lab->fake = ha_cluster_fake_new();
    lab->root = g_dir_make_tmp("hacd-ctl-XXXXXX", NULL);
    g_assert_nonnull(lab->root);
    ocf = g_build_filename(lab->root, "ocf", NULL);
    rd = g_build_filename(ocf, "resource.d", NULL);
    ha = g_build_filename(rd, "ha", NULL);
    g_assert_cmpint(g_mkdir_with_parents(rd, 0755), ==, 0);
    g_assert_cmpint(symlink(HA_TEST_AGENTS, ha), ==, 0);
    make_fence_agents(lab);
    for (guint id = 1; id <= N; id++) {
        g_autofree char *name = g_strdup_printf("node%u", id);

        ha_cluster_fake_node_add(lab->fake, id, name, 1);
        lab->execd_name[id] = g_strdup_printf("ha-execd-ctl-%d-%u",
                                              (int) getpid(), id);
        execd_start(lab, id);
    }
    for (guint id = 1; id <= N; id++) {
        node_start(lab, id);
    }
    return lab;
}

static void
lab_free(struct lab *lab)
{
    for (guint id = 1; id <= N; id++) {
        hacd_free(lab->h[id]);
        execd_kill(lab, id);
        g_free(lab->execd_name[id]);
    }
    while (g_main_context_iteration(NULL, FALSE)) {
        /* drain idle completions */
    }
    ha_cluster_fake_free(lab->fake);
    rm_rf(lab->root);
    g_free(lab->root);
    g_free(lab);
}

struct cond {
    gboolean (*pred)(struct lab *, gconstpointer);
    struct lab *lab;
    gconstpointer data;
};

static gboolean
cond_holds(gconstpointer p)
{
    const struct cond *c = p;

    return c->pred(c->lab, c->data);
}

/* Run the loop until @pred holds (asserts it does within WAIT_MS). */
static void
run_until(gboolean (*pred)(struct lab *, gconstpointer), struct lab *lab,
          gconstpointer data)
{
    struct cond c = { pred, lab, data };

    test_wait_until(cond_holds, &c, WAIT_MS);
}

/* ---- what the cluster says ---- */

static struct hacd *
dc_of(struct lab *lab)
{
    for (guint id = 1; id <= N; id++) {
        if (lab->h[id] != NULL && hacd_is_dc(lab->h[id])) {
            return lab->h[id];
        }
    }
    return NULL;
}

/* The nodes where @rsc runs, per the status of any live instance. */
static GPtrArray *
where(struct lab *lab, const char *rsc, gboolean *ret_settled)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    struct hacd *h = dc_of(lab);
    g_autoptr(GVariant) rscs = NULL;
    gboolean settled = FALSE;
    GVariantIter it;
    GVariant *r;

    if (h == NULL) {
        *ret_settled = FALSE;
        return out;
    }
    rscs = g_variant_ref_sink(hacd_cib_resources_variant(h, &settled, NULL,
                                                         NULL));
    *ret_settled = settled && h->phase == HACD_SYNC_DONE;
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        const char *id = NULL;
        g_autoptr(GVariant) nodes = NULL;

        g_variant_lookup(r, "id", "&s", &id);
        nodes = g_variant_lookup_value(r, "nodes", G_VARIANT_TYPE("as"));
        if (g_strcmp0(id, rsc) == 0 && nodes != NULL) {
            GVariantIter ni;
            const char *n;

            g_variant_iter_init(&ni, nodes);
            while (g_variant_iter_next(&ni, "&s", &n)) {
                g_ptr_array_add(out, g_strdup(n));
            }
        }
        g_variant_unref(r);
    }
    return out;
}

struct placed {
    const char *rsc;
    const char *node;       /* NULL: anywhere */
    const char *not_node;   /* NULL: anywhere */
};

static gboolean
placed_and_settled(struct lab *lab, gconstpointer data)
{
    const struct placed *p = data;
    gboolean settled = FALSE;
    g_autoptr(GPtrArray) nodes = where(lab, p->rsc, &settled);

    return settled && nodes->len == 1
           && (p->node == NULL || strcmp(nodes->pdata[0], p->node) == 0)
           && (p->not_node == NULL
               || strcmp(nodes->pdata[0], p->not_node) != 0);
}

static char *
running_on(struct lab *lab, const char *rsc, const char *node,
           const char *not_node)
{
    struct placed p = { rsc, node, not_node };
    gboolean settled = FALSE;
    g_autoptr(GPtrArray) nodes = NULL;

    run_until(placed_and_settled, lab, &p);
    nodes = where(lab, rsc, &settled);
    return g_strdup(nodes->pdata[0]);
}

/* How often @rsc was started on @node (its executor's history). */
static guint
starts_on(struct lab *lab, const char *rsc, guint id)
{
    g_autofree char *tmp = path_in(lab, "rsctmp", id);
    g_autofree char *log = g_strdup_printf("%s/starts-%s", tmp, rsc);
    g_autofree char *text = NULL;
    guint n = 0;

    if (!g_file_get_contents(log, &text, NULL, NULL)) {
        return 0;
    }
    for (const char *p = text; *p != '\0'; p++) {
        n += (*p == '\n');
    }
    return n;
}

/* ---- configuration ---- */

struct wres {
    gboolean done;
    int rc;
};

static gboolean
write_done_pred(struct lab *lab, gconstpointer data)
{
    return ((const struct wres *) data)->done;
}

static void
write_done(int rc, const struct ha_store_version *v, const char *digest,
           void *ud)
{
    struct wres *w = ud;

    w->done = TRUE;
    w->rc = rc;
}

static void
cleanup_done(int rc, void *ud)
{
    struct wres *w = ud;

    w->done = TRUE;
    w->rc = rc;
}

static gboolean
all_synced(struct lab *lab, gconstpointer data)
{
    struct hacd *dc = dc_of(lab);

    return dc != NULL && dc->phase == HACD_SYNC_DONE
           && ha_cluster_fake_pending(lab->fake) == 0;
}

/* A CIB with one ocf:ha:stateless resource r1 (its starts logged): extra
 * @params, @meta and @constraints as XML. */
static void
configure_full(struct lab *lab, guint id, gboolean stonith,
               const char *rscs, const char *params, const char *meta,
               const char *constraints, const char *more)
{
    g_autofree char *xml = g_strdup_printf(
        "<cib admin_epoch=\"0\" epoch=\"%u\" num_updates=\"0\">"
        "<configuration><crm_config><cluster_property_set id=\"o\">"
        "<nvpair id=\"o-s\" name=\"stonith-enabled\" value=\"%s\"/>"
        "</cluster_property_set></crm_config><nodes/><resources>%s"
        "<primitive id=\"r1\" class=\"ocf\" provider=\"ha\" type=\"stateless\">"
        "<instance_attributes id=\"r1-p\">"
        "<nvpair id=\"r1-p-log\" name=\"start_log\" value=\"true\"/>%s"
        "</instance_attributes>"
        "<meta_attributes id=\"r1-m\">"
        "<nvpair id=\"r1-m-s\" name=\"resource-stickiness\" value=\"100\"/>%s"
        "</meta_attributes>"
        "<operations><op id=\"r1-mon\" name=\"monitor\" interval=\"1s\" "
        "timeout=\"10s\"/></operations></primitive></resources>"
        "<constraints>%s</constraints>%s</configuration></cib>",
        (guint) g_random_int_range(10, 1000000),
        stonith ? "true" : "false", rscs, params, meta, constraints, more);
    struct wres w = { 0 };

    run_until(all_synced, lab, NULL);
    hacd_write_submit(lab->h[id], g_random_int() | 1, HACD_WRITE_REPLACE,
                      xml, NULL, write_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, 0);
}

static void
configure_with(struct lab *lab, guint id, const char *params,
               const char *meta, const char *constraints, const char *more)
{
    configure_full(lab, id, FALSE, "", params, meta, constraints, more);
}

static void
configure(struct lab *lab, guint id, const char *params, const char *meta,
          const char *constraints)
{
    configure_with(lab, id, params, meta, constraints, "");
}

/* ---- tests ---- */

static gboolean
file_has(struct lab *lab, gconstpointer data)
{
    const char *const *what = data;
    g_autofree char *text = NULL;

    return g_file_get_contents(what[0], &text, NULL, NULL)
           && strstr(text, what[1]) != NULL;
}

static void
starts_once_and_settles(void)
{
    struct lab *lab = lab_new();
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
    struct hacd *dc = dc_of(lab);
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
    struct lab *lab = lab_new();
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
            hacd_status_failed_variant(dc_of(lab)));
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
    hacd_status_cleanup(dc_of(lab), NULL, "r1", cleanup_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, 0);
    run_until(fail_count_is, lab, NULL);
    g_free(running_on(lab, "r1", moved, NULL));
    lab_free(lab);
}

static void
lost_node_recovered_elsewhere(void)
{
    struct lab *lab = lab_new();
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
    struct lab *lab = lab_new();
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
    history = g_variant_ref_sink(hacd_fence_history_variant(dc_of(lab),
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
    struct lab *lab = lab_new();
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
    struct lab *lab = lab_new();
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
    node_start(lab, 3);
    run_until(fenced, lab, "reboot node3");
    g_free(running_on(lab, "r1", "node3", NULL));
    g_assert_cmpuint(starts_on(lab, "r1", 3), ==, 1);
    lab_free(lab);
}

static gboolean
fencing_failed(struct lab *lab, gconstpointer data)
{
    struct hacd *dc = dc_of(lab);
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
    struct lab *lab = lab_new();
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
    history = g_variant_ref_sink(hacd_fence_history_variant(dc_of(lab),
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
    struct lab *lab = lab_new();
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

static gboolean
start_running_on_2(struct lab *lab, gconstpointer data)
{
    return lab->h[2] != NULL && hacd_lrm_pending(lab->h[2], "r1") != NULL;
}

static void
dc_lost_during_start_never_starts_twice(void)
{
    struct lab *lab = lab_new();
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

/* ---- anonymous clones, repeated plans ---- */

#define CLONE_D \
    "<clone id=\"c\"><primitive id=\"d\" class=\"ocf\" provider=\"ha\" " \
    "type=\"stateless\"><instance_attributes id=\"d-p\"><nvpair " \
    "id=\"d-p-log\" name=\"start_log\" value=\"true\"/>" \
    "</instance_attributes><operations><op id=\"d-mon\" name=\"monitor\" " \
    "interval=\"1s\" timeout=\"10s\"/></operations></primitive></clone>"

/* Transitions the DC ran (complete or aborted). */
static guint64
transitions(struct lab *lab)
{
    struct hacd *dc = dc_of(lab);

    g_assert_nonnull(dc);
    return dc->counters.transitions_complete
           + dc->counters.transitions_aborted;
}

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
        hacd_cib_resources_variant(dc_of(lab), &settled, NULL, NULL));
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
    struct lab *lab = lab_new();
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
    struct lab *lab = lab_new();
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
    hacd_status_cleanup(dc_of(lab), "node2", "p", cleanup_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, 0);
    run_for_ms(2000);
    run_until(r1_with_promoted, lab, NULL);
    g_assert_cmpuint(starts_on(lab, "r1", 1), ==, 1);
    lab_free(lab);
}

static gboolean
dc_synced(struct lab *lab, gconstpointer data)
{
    struct hacd *h = lab->h[GPOINTER_TO_UINT(data)];

    return h != NULL && h->phase == HACD_SYNC_DONE && h->i_am_synced
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
    struct lab *lab = lab_new();
    g_autofree char *state1 = path_in(lab, "state", 1);
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
    node_start(lab, 1);
    run_until(dc_synced, lab, GUINT_TO_POINTER(1));
    g_assert_true(ha_cluster_quorate(lab->h[1]->cluster));
    g_assert_false(lab->h[1]->established);
    run_for_ms(3000);   /* its executor reported r1: nothing may happen */
    g_assert_true(g_file_test(running, G_FILE_TEST_EXISTS));
    fencing = g_variant_ref_sink(hacd_fence_history_variant(lab->h[1], NULL));
    g_assert_cmpuint(g_variant_n_children(fencing), ==, 0);
    /* the others come back: their configuration, r1 untouched */
    ha_cluster_fake_force_quorum(lab->fake, 1, -1);
    ha_cluster_fake_partition(lab->fake, 1, 0);
    node_start(lab, 2);
    node_start(lab, 3);
    g_free(node);
    node = running_on(lab, "r1", "node1", NULL);
    run_for_ms(1500);
    g_assert_true(lab->h[1]->established);
    g_assert_nonnull(ha_store_doc_find_id(lab->h[1]->doc, "resources", "r1"));
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
    struct hacd *dc = dc_of(lab);

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
    struct lab *lab = lab_new();
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
    g_assert_false(dc_of(lab)->dc_busy);
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

/* ---- clone notifications ---- */

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
    struct lab *lab = lab_new();
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
    dc = dc_of(lab);
    g_assert_nonnull(dc);
    for (guint id = 1; id <= N; id++) {
        g_autofree char *node = g_strdup_printf("node%u", id);

        g_assert_null(hacd_attr_get(dc, node, "fail-count-n#notify_0"));
    }
    lab_free(lab);
}

static void
skipped(void)
{
    g_test_skip("needs root (ha-execd serves root and hacluster only)");
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
    struct hacd *dc = dc_of(lab);
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
    struct lab *lab = lab_new();

    configure_role_monitors(lab, "");
    run_until(only_monitor, lab, "p:0_monitor_2000");
    configure_role_monitors(lab, "<nvpair id=\"p-m-t\" name=\"target-role\" "
                                 "value=\"Unpromoted\"/>");
    run_until(only_monitor, lab, "p:0_monitor_3000");
    lab_free(lab);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    ha_log_init("test_hacd_ctl", HA_LOG_STDERR,
                g_getenv("HA_TEST_VERBOSE") != NULL ? LOG_INFO : LOG_WARNING);
    if (geteuid() != 0 && g_getenv("HA_REQUIRE_LAB") == NULL) {
        /* ha-execd serves root and hacluster only */
        g_test_add_func("/hacd/ctl/skipped", skipped);
        return g_test_run();
    }
    g_test_add_func("/hacd/ctl/starts-once-and-settles",
                    starts_once_and_settles);
    g_test_add_func("/hacd/ctl/failed-monitor-recovers-then-moves",
                    failed_monitor_recovers_then_moves);
    g_test_add_func("/hacd/ctl/lost-node-recovered-elsewhere",
                    lost_node_recovered_elsewhere);
    g_test_add_func("/hacd/ctl/lost-node-fenced-by-topology-then-recovered",
                    lost_node_fenced_by_topology_then_recovered);
    g_test_add_func("/hacd/ctl/fencing-in-its-delay-ends-with-hacd",
                    fencing_in_its_delay_ends_with_hacd);
    g_test_add_func("/hacd/ctl/fencing-result-after-rejoin-keeps-history",
                    fencing_result_after_rejoin_keeps_history);
    g_test_add_func("/hacd/ctl/lost-node-confirmed-by-operator-then-recovered",
                    lost_node_confirmed_by_operator_then_recovered);
    g_test_add_func("/hacd/ctl/hanging-fencing-answered-by-confirmation",
                    hanging_fencing_answered_by_confirmation);
    g_test_add_func("/hacd/ctl/role-monitor-cancelled-on-demote",
                    role_monitor_cancelled_on_demote);
    g_test_add_func("/hacd/ctl/dc-lost-during-start-never-starts-twice",
                    dc_lost_during_start_never_starts_twice);
    g_test_add_func("/hacd/ctl/anonymous-clone-settles",
                    anonymous_clone_settles);
    g_test_add_func("/hacd/ctl/clone-cleanup-leaves-dependent",
                    clone_cleanup_leaves_dependent);
    g_test_add_func("/hacd/ctl/completed-plan-is-held",
                    completed_plan_is_held);
    g_test_add_func("/hacd/ctl/aborted-plan-is-held", aborted_plan_is_held);
    g_test_add_func("/hacd/ctl/wiped-node-alone-does-not-act",
                    wiped_node_alone_does_not_act);
    g_test_add_func("/hacd/ctl/clone-notifications-run-and-failures-are-ignored",
                    clone_notifications_run_and_failures_are_ignored);
    return g_test_run();
}
