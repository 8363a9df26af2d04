/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/hacd_ctl_lab.c - what the controller tests share (see
 * hacd_ctl_lab.h).
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
#include "hacd/hacd_core.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"
#include "hacd_ctl_lab.h"

char *
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

void
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

void
execd_kill(struct lab *lab, guint id)
{
    if (lab->execd[id] > 0) {
        (void) kill(lab->execd[id], SIGKILL);
        (void) waitpid(lab->execd[id], NULL, 0);
        lab->execd[id] = 0;
    }
}

/* Fence agents of the fence-agents protocol: fence_test logs what it is
 * asked ("ACTION PORT") to ROOT/fenced.log, fence_broken always fails,
 * fence_hang hangs (a switch that does not answer). */
void
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

struct lab *
ctl_lab_new(void)
{
    struct lab *lab = lab_new(N, WAIT_MS);
    g_autofree char *ocf = g_build_filename(lab->root, "ocf", NULL);
    g_autofree char *rd = g_build_filename(ocf, "resource.d", NULL);
    g_autofree char *ha = g_build_filename(rd, "ha", NULL);

    g_assert_cmpint(g_mkdir_with_parents(rd, 0755), ==, 0);
    g_assert_cmpint(symlink(HA_TEST_AGENTS, ha), ==, 0);
    make_fence_agents(lab);
    for (guint id = 1; id <= N; id++) {
        lab->opt[id].grace_ms = 500;
        lab->opt[id].startup_grace_ms = 600000;
        lab->execd_name[id] = g_strdup_printf("ha-execd-ctl-%d-%u",
                                              (int) getpid(), id);
        execd_start(lab, id);
    }
    for (guint id = 1; id <= N; id++) {
        lab_node_start(lab, id);
    }
    return lab;
}

/* The nodes where @rsc runs, per the status of any live instance. */
GPtrArray *
where(struct lab *lab, const char *rsc, gboolean *ret_settled)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    struct hacd *h = lab_dc(lab);
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
    *ret_settled = settled && hacd_sync_phase(h) == HACD_SYNC_DONE;
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

gboolean
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

char *
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
guint
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

gboolean
write_done_pred(struct lab *lab, gconstpointer data)
{
    return ((const struct wres *) data)->done;
}

void
write_done(int rc, const struct ha_store_version *v, const char *digest,
           void *ud)
{
    struct wres *w = ud;

    w->done = TRUE;
    w->rc = rc;
}

void
cleanup_done(int rc, void *ud)
{
    struct wres *w = ud;

    w->done = TRUE;
    w->rc = rc;
}

gboolean
all_synced(struct lab *lab, gconstpointer data)
{
    struct hacd *dc = lab_dc(lab);

    return dc != NULL && hacd_sync_phase(dc) == HACD_SYNC_DONE
           && ha_cluster_fake_pending(lab->fake) == 0;
}

/* A CIB with one ocf:ha:stateless resource r1 (its starts logged): extra
 * @params, @meta and @constraints as XML. */
void
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

void
configure_with(struct lab *lab, guint id, const char *params,
               const char *meta, const char *constraints, const char *more)
{
    configure_full(lab, id, FALSE, "", params, meta, constraints, more);
}

void
configure(struct lab *lab, guint id, const char *params, const char *meta,
          const char *constraints)
{
    configure_with(lab, id, params, meta, constraints, "");
}

gboolean
file_has(struct lab *lab, gconstpointer data)
{
    const char *const *what = data;
    g_autofree char *text = NULL;

    return g_file_get_contents(what[0], &text, NULL, NULL)
           && strstr(text, what[1]) != NULL;
}

/* Transitions the DC ran (complete or aborted). */
guint64
transitions(struct lab *lab)
{
    struct hacd *dc = lab_dc(lab);

    g_assert_nonnull(dc);
    return dc->counters.transitions_complete
           + dc->counters.transitions_aborted;
}

static void
skipped(void)
{
    g_test_skip("needs root (ha-execd serves root and hacluster only)");
}

int
ctl_test_main(int argc, char **argv, const char *name,
              const struct ctl_test *tests, guint n_tests)
{
    g_test_init(&argc, &argv, NULL);
    ha_log_init(name, HA_LOG_STDERR,
                g_getenv("HA_TEST_VERBOSE") != NULL ? LOG_INFO : LOG_WARNING);
    if (geteuid() != 0 && g_getenv("HA_REQUIRE_LAB") == NULL) {
        /* ha-execd serves root and hacluster only */
        g_test_add_func("/hacd/ctl/skipped", skipped);
        return g_test_run();
    }
    for (guint i = 0; i < n_tests; i++) {
        g_test_add_func(tests[i].path, tests[i].fn);
    }
    return g_test_run();
}
