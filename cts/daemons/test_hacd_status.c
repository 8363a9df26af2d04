/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_status.c - reads are cheap: status requests are
 * answered from the one scheduler run of the current input generation
 * (hacd_cib.h), and a change of the input (a history entry, an attribute,
 * the configuration) is seen by the next request, computed once.
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_cib.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_ipc.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"
#include "hacd_test_util.h"

#define WAIT_MS 30000

static const char cib[] =
    "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"0\" epoch=\"5\""
    " num_updates=\"0\"><configuration><crm_config>"
    "<cluster_property_set id=\"o\"><nvpair id=\"o1\" name=\"stonith-enabled\""
    " value=\"false\"/></cluster_property_set></crm_config><nodes/>"
    "<resources><primitive id=\"a\" class=\"ocf\" provider=\"pacemaker\""
    " type=\"Dummy\"/><primitive id=\"b\" class=\"ocf\""
    " provider=\"pacemaker\" type=\"Dummy\"/></resources><constraints/>"
    "</configuration></cib>";

static gboolean
settled(gconstpointer p)
{
    const struct hacd *h = p;

    return hacd_sync_phase(h) == HACD_SYNC_DONE && hacd_established(h);
}

static gboolean
flag_set(gconstpointer p)
{
    return *(const int *) p != 0;
}

static void
write_done(int rc, const struct ha_store_version *v, const char *digest,
           void *ud)
{
    (void) v;
    (void) digest;
    *(int *) ud = (rc < 0) ? rc : 1;
}

static void
attr_done(int rc, void *ud)
{
    *(int *) ud = (rc < 0) ? rc : 1;
}

/* Record that @rsc ran @task (start or stop) here. */
static void
record(struct hacd *h, const char *rsc, const char *task, gint call_id)
{
    g_autofree char *key = g_strconcat(rsc, "_last_0", NULL);
    struct hacd_op op = {
        .key = key, .task = (char *) task, .call_id = call_id,
        .digest = "", .reason = "", .tkey = "", .last_rc_change = 1,
    };

    hacd_status_record(h, "node1", rsc, "ocf", "pacemaker", "Dummy", &op,
                       FALSE);
}

/* The role status gives @rsc. */
static char *
role_of(struct hacd *h, const char *rsc)
{
    g_autoptr(GVariant) st = g_variant_ref_sink(hacd_status_variant(h));
    g_autoptr(GVariant) rscs = g_variant_lookup_value(st, "resources", NULL);
    GVariantIter it;
    GVariant *e;

    g_variant_iter_init(&it, rscs);
    while ((e = g_variant_iter_next_value(&it)) != NULL) {
        const char *id = NULL;
        const char *role = NULL;

        g_variant_lookup(e, "id", "&s", &id);
        g_variant_lookup(e, "role", "&s", &role);
        if (strcmp(id, rsc) == 0) {
            char *r = g_strdup(role);

            g_variant_unref(e);
            return r;
        }
        g_variant_unref(e);
    }
    return NULL;
}

static void
assert_role(struct hacd *h, const char *rsc, const char *role)
{
    g_autofree char *r = role_of(h, rsc);

    g_assert_cmpstr(r, ==, role);
}

static void
reads_share_one_run(void)
{
    g_autofree char *dir = g_dir_make_tmp("hacd-status-XXXXXX", NULL);
    ha_cluster_fake_t *fake = ha_cluster_fake_new();
    struct hacd_options opt = { .state_dir = dir, .keep = 2 };
    struct hacd *h;
    int done = 0;
    guint64 runs;

    ha_cluster_fake_node_add(fake, 1, "node1", 1);
    h = hacd_new(&opt, fake, 1);
    g_assert_cmpint(hacd_start(h), ==, 0);
    test_wait_until(settled, h, WAIT_MS);
    hacd_write_submit(h, 1, HACD_WRITE_REPLACE, cib, NULL, write_done, &done);
    test_wait_until(flag_set, &done, WAIT_MS);
    g_assert_cmpint(done, ==, 1);
    record(h, "a", "start", 1);

    /* many reads, one run */
    runs = hacd_cib_runs(h);
    assert_role(h, "a", "Started");
    assert_role(h, "b", "Stopped");
    for (int i = 0; i < 10; i++) {
        assert_role(h, "a", "Started");
    }
    g_assert_cmpuint(hacd_cib_runs(h), ==, runs + 1);

    /* a history change is seen by the next read, computed once */
    record(h, "a", "stop", 2);
    assert_role(h, "a", "Stopped");
    assert_role(h, "a", "Stopped");
    g_assert_cmpuint(hacd_cib_runs(h), ==, runs + 2);

    /* so is a delivered attribute (standby moves nothing here, but the
     * input changed) */
    done = 0;
    hacd_attr_submit(h, "node1", "standby", "on", attr_done, &done);
    test_wait_until(flag_set, &done, WAIT_MS);
    record(h, "b", "start", 3);
    assert_role(h, "b", "Started");
    g_assert_cmpuint(hacd_cib_runs(h), ==, runs + 3);
    assert_role(h, "b", "Started");
    g_assert_cmpuint(hacd_cib_runs(h), ==, runs + 3);

    hacd_free(h);
    while (g_main_context_iteration(NULL, FALSE)) {
        /* drain idle completions */
    }
    ha_cluster_fake_free(fake);
    rm_rf(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hacd/status/reads-share-one-run", reads_share_one_run);
    return g_test_run();
}
