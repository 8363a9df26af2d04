/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_cluster.c - several hacd instances in one process on
 * the fake cluster backend: the DC rules and the store rules of DESIGN.md
 * decisions 1-6, as every member sees them.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "store/store_persist.h"
#include "hacd/hacd.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"
#include "hacd_test_lab.h"

#define WAIT_MS 30000

struct wres {
    gboolean done;
    int rc;
    struct ha_store_version v;
    char digest[HA_STORE_DIGEST_LEN];
};

/* @n nodes, a grace period of @grace_ms, none running. */
static struct lab *
cluster_lab(guint n, guint grace_ms)
{
    struct lab *lab = lab_new(n, WAIT_MS);

    for (guint id = 1; id <= n; id++) {
        lab->opt[id].grace_ms = grace_ms;
    }
    return lab;
}

/* Nothing in flight, and every running instance is synced in its view. */
static gboolean
all_synced(struct lab *lab, gconstpointer data)
{
    if (ha_cluster_fake_pending(lab->fake) != 0) {
        return FALSE;
    }
    for (guint id = 1; id <= lab->n; id++) {
        struct hacd *h = lab->h[id];

        if (h != NULL && (hacd_sync_phase(h) != HACD_SYNC_DONE || !hacd_sync_i_am_synced(h))) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean
write_done_pred(struct lab *lab, gconstpointer data)
{
    return ((struct wres *) data)->done;
}

static void
write_done(int rc, const struct ha_store_version *v, const char *digest,
           void *ud)
{
    struct wres *w = ud;

    w->done = TRUE;
    w->rc = rc;
    w->v = *v;
    g_strlcpy(w->digest, digest, sizeof(w->digest));
}

static int
set_property(struct lab *lab, guint id, guint64 req, const char *name,
             const char *value, struct wres *w)
{
    memset(w, 0, sizeof(*w));
    hacd_write_submit(lab->h[id], req, HACD_WRITE_PROPERTY, name, value,
                      write_done, w);
    run_until(write_done_pred, lab, w);
    return w->rc;
}

static const char *
prop(struct lab *lab, guint id, const char *name)
{
    return ha_store_doc_property(hacd_doc(lab->h[id]), name);
}

/* Every running member: same DC, same version and digest. */
static void
assert_identical(struct lab *lab, uint32_t dc)
{
    struct hacd *first = NULL;

    for (guint id = 1; id <= lab->n; id++) {
        struct hacd *h = lab->h[id];
        struct ha_store_version a;
        struct ha_store_version b;

        if (h == NULL) {
            continue;
        }
        g_assert_cmpuint(hacd_dc_nodeid(h), ==, dc);
        if (first == NULL) {
            first = h;
            continue;
        }
        hacd_store_version(first, &a);
        hacd_store_version(h, &b);
        g_assert_cmpint(ha_store_version_cmp(&a, &b), ==, 0);
        g_assert_cmpstr(hacd_store_digest(first), ==, hacd_store_digest(h));
    }
}

static void
form_one_dc(void)
{
    struct lab *lab = cluster_lab(3, 30000);

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 1);
    g_assert_true(hacd_is_dc(lab->h[1]));
    g_assert_false(hacd_is_dc(lab->h[2]));
    lab_free(lab);
}

static void
write_visible_everywhere(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 3, 11, "stonith-enabled", "false", &w),
                    ==, 0);
    g_assert_cmpuint(w.v.epoch, ==, 1);
    run_until(all_synced, lab, NULL);
    for (guint id = 1; id <= 3; id++) {
        g_assert_cmpstr(prop(lab, id, "stonith-enabled"), ==, "false");
    }
    assert_identical(lab, 1);
    /* the same request id again: acknowledged, not applied twice */
    g_assert_cmpint(set_property(lab, 2, 11, "stonith-enabled", "true", &w),
                    ==, 0);
    g_assert_cmpstr(prop(lab, 2, "stonith-enabled"), ==, "false");
    g_assert_cmpuint(w.v.epoch, ==, 1);
    /* an invalid write is refused by the DC, nothing changes */
    memset(&w, 0, sizeof(w));
    hacd_write_submit(lab->h[2], 12, HACD_WRITE_REPLACE, "<cib><broken",
                      NULL, write_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, -HA_EBADXML);
    g_assert_cmpstr(prop(lab, 1, "stonith-enabled"), ==, "false");
    lab_free(lab);
}

static gboolean
dc_is(struct lab *lab, gconstpointer data)
{
    uint32_t want = GPOINTER_TO_UINT(data);

    for (guint id = 1; id <= lab->n; id++) {
        if (lab->h[id] != NULL && hacd_dc_nodeid(lab->h[id]) != want) {
            return FALSE;
        }
    }
    return TRUE;
}

static void
dc_killed_successor_at_once(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 1, 21, "p", "1", &w), ==, 0);
    lab_node_kill(lab, 1);
    /* the successor is known when the membership change is delivered,
     * before any message: run until the views changed only */
    run_until(dc_is, lab, GUINT_TO_POINTER(2));
    g_assert_cmpuint(hacd_members(lab->h[3])->len, ==, 2);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 2);
    /* writes work with the new DC */
    g_assert_cmpint(set_property(lab, 3, 22, "p", "2", &w), ==, 0);
    /* the old DC comes back: the DC does not move, its copy does not win */
    lab_node_start(lab, 1);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 2);
    g_assert_cmpstr(prop(lab, 1, "p"), ==, "2");
    lab_free(lab);
}

static void
minority_refuses_majority_accepts(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 2, 31, "a", "before", &w), ==, 0);
    ha_cluster_fake_partition(lab->fake, 3, 1);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 3, 32, "a", "minority", &w), ==,
                    -HA_ENOQUORUM);
    g_assert_cmpint(set_property(lab, 2, 33, "a", "majority", &w), ==, 0);
    g_assert_cmpint(set_property(lab, 1, 34, "b", "majority", &w), ==, 0);
    g_assert_cmpuint(hacd_dc_nodeid(lab->h[3]), ==, 3);   /* its own side */
    ha_cluster_fake_partition(lab->fake, 3, 0);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 1);
    for (guint id = 1; id <= 3; id++) {
        g_assert_cmpstr(prop(lab, id, "a"), ==, "majority");
        g_assert_cmpstr(prop(lab, id, "b"), ==, "majority");
    }
    lab_free(lab);
}

static void
split_at_equal_versions_dc_side_wins(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    /* both halves quorate (two_node-like): each writes one change */
    ha_cluster_fake_partition(lab->fake, 3, 1);
    ha_cluster_fake_force_quorum(lab->fake, 1, 1);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 2, 71, "s", "left", &w), ==, 0);
    g_assert_cmpint(set_property(lab, 3, 72, "s", "right", &w), ==, 0);
    g_assert_cmpuint(hacd_dc_nodeid(lab->h[3]), ==, 3);
    ha_cluster_fake_force_quorum(lab->fake, 1, -1);
    ha_cluster_fake_partition(lab->fake, 3, 0);
    run_until(all_synced, lab, NULL);
    /* same version, different digests: one copy wins, never a merge */
    assert_identical(lab, 1);
    for (guint id = 1; id <= 3; id++) {
        g_assert_cmpstr(prop(lab, id, "s"), ==, "left");
    }
    lab_free(lab);
}

static const struct ha_cluster_callbacks silent_cbs = { NULL };

static void
silent_member_is_left_out(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    ha_cluster_t *hung = NULL;
    struct wres w;

    for (guint id = 1; id <= lab->n; id++) {
        lab->opt[id].sync_timeout_ms = 300;
    }
    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    /* node 4 is added to the cluster once it formed (a new cluster that
     * misses a configured node waits for it: see wiped_node_alone) */
    ha_cluster_fake_node_add(lab->fake, 4, "node4", 1);
    /* a process that joins the group and never answers (a hung hacd) */
    hung = ha_cluster_new_fake(lab->fake, 4, &silent_cbs, NULL);
    g_assert_cmpint(ha_cluster_join(hung), ==, 0);
    run_for_ms(100);
    g_assert_cmpuint(hacd_sync_phase(lab->h[1]), !=, HACD_SYNC_DONE);
    run_until(all_synced, lab, NULL);
    g_assert_cmpuint(hacd_members(lab->h[2])->len, ==, 4);
    g_assert_false(hacd_sync_listed(lab->h[2], 4));
    /* writes go on with the 3 that answered (3 of 4 votes) */
    g_assert_cmpint(set_property(lab, 3, 81, "h", "1", &w), ==, 0);
    assert_identical(lab, 1);
    ha_cluster_free(hung);
    lab_free(lab);
}

static void
disk_full_node_leaves_without_confirming(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    hacd_store_set_fault(lab->h[3], -ENOSPC);
    /* node 3 leaving is a membership change in the middle of the write:
     * retryable, and the retry (same id) does not apply it twice */
    if (set_property(lab, 1, 91, "d", "1", &w) == -HA_ERETRY) {
        run_until(all_synced, lab, NULL);
        g_assert_cmpint(set_property(lab, 1, 91, "d", "1", &w), ==, 0);
    }
    g_assert_cmpint(w.rc, ==, 0);
    g_assert_cmpuint(w.v.epoch, ==, 1);
    run_until(all_synced, lab, NULL);
    /* node 3 could not keep the change: it left instead of confirming */
    g_assert_true(lab->h[3]->stopping);
    g_assert_null(prop(lab, 3, "d"));
    g_assert_cmpuint(hacd_members(lab->h[1])->len, ==, 2);
    g_assert_cmpuint(hacd_node_get(lab->h[1], 3)->state, ==,
                     HACD_NODE_PENDING);
    g_clear_pointer(&lab->h[3], hacd_free);
    /* restarted with a working disk, it catches up */
    lab_node_start(lab, 3);
    run_until(all_synced, lab, NULL);
    g_assert_cmpstr(prop(lab, 3, "d"), ==, "1");
    assert_identical(lab, 1);
    lab_free(lab);
}

static void
lowest_id_rejoins_with_old_copy(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 1, 41, "x", "1", &w), ==, 0);
    /* node 1 (the DC, lowest id) is powered off */
    ha_cluster_fake_node_set_up(lab->fake, 1, FALSE);
    g_clear_pointer(&lab->h[1], hacd_free);
    run_until(dc_is, lab, GUINT_TO_POINTER(2));
    run_until(all_synced, lab, NULL);
    for (int i = 0; i < 5; i++) {
        char v[8];

        g_snprintf(v, sizeof(v), "%d", i + 2);
        g_assert_cmpint(set_property(lab, 2 + i % 2, 42 + i, "x", v, &w), ==, 0);
    }
    /* it boots alone first (corosync not merged yet): DC of an inquorate
     * singleton, with an old quorate ring on disk */
    ha_cluster_fake_partition(lab->fake, 1, 1);
    ha_cluster_fake_node_set_up(lab->fake, 1, TRUE);
    lab_node_start(lab, 1);
    run_until(all_synced, lab, NULL);
    g_assert_cmpuint(hacd_dc_nodeid(lab->h[1]), ==, 1);
    ha_cluster_fake_partition(lab->fake, 1, 0);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 2);
    g_assert_cmpstr(prop(lab, 1, "x"), ==, "6");
    lab_free(lab);
}

static void
corrupt_copy_resyncs(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;
    g_autofree char *cib = NULL;
    g_autofree char *text = NULL;
    gsize len = 0;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 1, 51, "c", "good", &w), ==, 0);
    run_until(all_synced, lab, NULL);
    lab_node_kill(lab, 3);
    run_until(all_synced, lab, NULL);
    /* flip bytes in node 3's stored configuration */
    cib = g_build_filename(lab->dir[3], "store", HA_STORE_PERSIST_FILE, NULL);
    g_assert_true(g_file_get_contents(cib, &text, &len, NULL));
    text[len / 2] ^= 0x20;
    text[len / 2 + 1] ^= 0x20;
    g_assert_true(g_file_set_contents(cib, text, len, NULL));
    lab_node_start(lab, 3);
    g_assert_true(hacd_store_corrupt(lab->h[3]));
    run_until(all_synced, lab, NULL);
    g_assert_false(hacd_store_corrupt(lab->h[3]));
    assert_identical(lab, 1);
    g_assert_cmpstr(prop(lab, 3, "c"), ==, "good");
    lab_free(lab);
}

struct many {
    struct wres w[50];
};

static gboolean
all_writes_done(struct lab *lab, gconstpointer data)
{
    const struct many *m = data;

    for (int i = 0; i < 50; i++) {
        if (!m->w[i].done) {
            return FALSE;
        }
    }
    return TRUE;
}

static void
concurrent_writes_one_order(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct many *m = g_new0(struct many, 1);
    g_autoptr(GVariant) ids = NULL;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    for (int i = 0; i < 50; i++) {
        char name[16];
        char value[16];

        g_snprintf(name, sizeof(name), "p%d", i);
        g_snprintf(value, sizeof(value), "v%d", i);
        hacd_write_submit(lab->h[1 + i % 3], 100 + i, HACD_WRITE_PROPERTY,
                          name, value, write_done, &m->w[i]);
    }
    run_until(all_writes_done, lab, m);
    run_until(all_synced, lab, NULL);
    for (int i = 0; i < 50; i++) {
        char name[16];
        char value[16];

        g_assert_cmpint(m->w[i].rc, ==, 0);
        g_snprintf(name, sizeof(name), "p%d", i);
        g_snprintf(value, sizeof(value), "v%d", i);
        for (guint id = 1; id <= 3; id++) {
            g_assert_cmpstr(prop(lab, id, name), ==, value);
        }
    }
    ids = g_variant_ref_sink(hacd_store_applied_variant(lab->h[2]));
    g_assert_cmpuint(g_variant_n_children(ids), ==, 50);
    assert_identical(lab, 1);
    g_free(m);
    lab_free(lab);
}

static void
older_protocol_never_dc(void)
{
    struct lab *lab = cluster_lab(3, 30000);

    lab->opt[1].protocol = 1;
    lab->opt[2].protocol = 2;
    lab->opt[3].protocol = 2;
    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 2);
    /* node 2 dies: node 3 (new protocol) follows, not node 1 */
    lab_node_kill(lab, 2);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 3);
    lab_free(lab);
}

static gboolean
node_state_is(struct lab *lab, gconstpointer data)
{
    return hacd_node_get(lab->h[1], 3)->state == GPOINTER_TO_UINT(data);
}

static void
attr_done(int rc, void *ud)
{
    *(int *) ud = (rc == 0) ? 1 : rc;
}

static gboolean
int_set(struct lab *lab, gconstpointer data)
{
    return *(int *) data != 0;
}

static void
daemon_crash_is_not_node_loss(void)
{
    struct lab *lab = cluster_lab(3, 300);
    int done = 0;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    hacd_attr_submit(lab->h[2], "node3", "fail-count", "1", attr_done, &done);
    run_until(int_set, lab, &done);
    g_assert_cmpint(done, ==, 1);
    run_until(all_synced, lab, NULL);
    g_assert_cmpstr(hacd_attr_get(lab->h[1], "node3", "fail-count"), ==, "1");
    lab_node_kill(lab, 3);
    run_until(all_synced, lab, NULL);
    g_assert_cmpuint(hacd_node_get(lab->h[1], 3)->state, ==,
                     HACD_NODE_PENDING);
    /* back within the grace period: online again, attributes kept */
    lab_node_start(lab, 3);
    run_until(all_synced, lab, NULL);
    g_assert_cmpuint(hacd_node_get(lab->h[1], 3)->state, ==, HACD_NODE_ONLINE);
    g_assert_cmpstr(hacd_attr_get(lab->h[3], "node3", "fail-count"), ==, "1");
    /* gone for longer than the grace period: lost, attributes dropped */
    lab_node_kill(lab, 3);
    run_until(node_state_is, lab, GUINT_TO_POINTER(HACD_NODE_LOST));
    run_for_ms(50);
    g_assert_null(hacd_attr_get(lab->h[2], "node3", "fail-count"));
    lab_free(lab);
}

static void
clean_stop_is_offline(void)
{
    struct lab *lab = cluster_lab(3, 300);

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    hacd_stop(lab->h[3]);
    run_until(node_state_is, lab, GUINT_TO_POINTER(HACD_NODE_OFFLINE));
    run_for_ms(400);
    g_assert_cmpuint(hacd_node_get(lab->h[1], 3)->state, ==,
                     HACD_NODE_OFFLINE);
    lab_free(lab);
}

/* A node that stops cleanly leaves its transient attributes behind it (its
 * shutdown request above all): after a restart it would otherwise be
 * shutting down forever and never get a resource again. */
static void
clean_stop_forgets_attributes(void)
{
    struct lab *lab = cluster_lab(3, 300);
    int done = 0;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    hacd_attr_submit(lab->h[3], "node3", "shutdown", "1700000000", attr_done,
                     &done);
    run_until(int_set, lab, &done);
    done = 0;
    hacd_attr_submit(lab->h[3], "node3", "fail-count-db#start_0", "2",
                     attr_done, &done);
    run_until(int_set, lab, &done);
    g_assert_cmpint(done, ==, 1);
    g_assert_cmpstr(hacd_attr_get(lab->h[1], "node3", "shutdown"), ==,
                    "1700000000");
    hacd_stop(lab->h[3]);
    run_until(node_state_is, lab, GUINT_TO_POINTER(HACD_NODE_OFFLINE));
    for (guint id = 1; id <= 2; id++) {
        g_assert_null(hacd_attr_get(lab->h[id], "node3", "shutdown"));
        g_assert_null(hacd_attr_get(lab->h[id], "node3",
                                    "fail-count-db#start_0"));
    }
    /* restarted: a fresh node everywhere */
    g_clear_pointer(&lab->h[3], hacd_free);
    lab_node_start(lab, 3);
    run_until(all_synced, lab, NULL);
    g_assert_cmpuint(hacd_node_get(lab->h[1], 3)->state, ==, HACD_NODE_ONLINE);
    for (guint id = 1; id <= 3; id++) {
        g_assert_null(hacd_attr_get(lab->h[id], "node3", "shutdown"));
    }
    lab_free(lab);
}

/* Issue 16: a configuration nested 100,000 deep, sent by a member (node
 * 3) to the DC, killed the DC's hacd, and the client was told to retry.
 * It is refused as too big, for good, and the cluster goes on. */
static void
deep_write_is_refused_not_fatal(void)
{
    struct lab *lab = cluster_lab(3, 300);
    g_autoptr(GString) xml = g_string_new(
        "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"0\" epoch=\"5\" "
        "num_updates=\"0\"><configuration><crm_config/><nodes/><resources>");
    struct wres w = { 0 };

    for (int i = 0; i < 100000; i++) {
        g_string_append(xml, "<group id=\"g\">");
    }
    for (int i = 0; i < 100000; i++) {
        g_string_append(xml, "</group>");
    }
    g_string_append(xml, "</resources><constraints/></configuration></cib>");
    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    hacd_write_submit(lab->h[3], 71, HACD_WRITE_REPLACE, xml->str, NULL,
                      write_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, -HA_ETOOBIG);
    g_assert_cmpint(set_property(lab, 3, 72, "stonith-enabled", "false", &w),
                    ==, 0);
    assert_identical(lab, 1);
    lab_free(lab);
}

static void
big_store_transfers_chunked(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    g_autoptr(GString) xml = g_string_new(
        "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"0\" epoch=\"5\" "
        "num_updates=\"0\"><configuration><crm_config/><nodes/><resources>");
    struct wres w = { 0 };

    /* random parameter values: ~1.6 MiB that stays over the 960 KiB CPG
     * chunk size after compression */
    for (int i = 0; i < 800; i++) {
        guint8 raw[1536];
        g_autofree char *b64 = NULL;

        for (gsize j = 0; j < sizeof(raw); j++) {
            raw[j] = g_random_int();
        }
        b64 = g_base64_encode(raw, sizeof(raw));
        g_string_append_printf(xml, "<primitive id=\"r%d\" class=\"ocf\" "
                               "provider=\"heartbeat\" type=\"Dummy\">"
                               "<instance_attributes id=\"r%d-ia\"><nvpair "
                               "id=\"r%d-k\" name=\"k\" value=\"%s\"/>"
                               "</instance_attributes></primitive>",
                               i, i, i, b64);
    }
    g_string_append(xml, "</resources><constraints/></configuration></cib>");
    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    lab_node_kill(lab, 3);
    run_until(all_synced, lab, NULL);
    hacd_write_submit(lab->h[1], 61, HACD_WRITE_REPLACE, xml->str, NULL,
                      write_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, 0);
    lab_node_start(lab, 3);
    run_until(all_synced, lab, NULL);
    assert_identical(lab, 1);
    g_assert_cmpuint(xmlChildElementCount((xmlNode *) ha_store_doc_section(
                         hacd_doc(lab->h[3]), "resources")), ==, 800);
    lab_free(lab);
}

/* Issue 16 item 1: what the DC accepts, every member must be able to apply.
 * A control character (not a valid XML 1.0 character) is refused before
 * it is ordered, and the cluster goes on accepting writes. */
static void
control_character_refused(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 2, 301, "cluster-name", "bad\x16name",
                                 &w), ==, -HA_EBADXML);
    g_assert_cmpuint(w.v.epoch, ==, 0);
    run_until(all_synced, lab, NULL);
    g_assert_null(prop(lab, 1, "cluster-name"));
    g_assert_cmpint(set_property(lab, 3, 302, "cluster-name", "good", &w),
                    ==, 0);
    run_until(all_synced, lab, NULL);
    for (guint id = 1; id <= 3; id++) {
        g_assert_cmpstr(prop(lab, id, "cluster-name"), ==, "good");
    }
    assert_identical(lab, 1);
    lab_free(lab);
}

/* Issue 16 item 1: a member that cannot apply a delivered change says why,
 * takes the DC's copy and goes on (it confirms, and applies later changes)
 * instead of wedging every write. */
static void
member_that_cannot_apply_resyncs(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    g_autoptr(ha_store_doc_t) edited = NULL;
    struct ha_store_version v;
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 1, 401, "a", "1", &w), ==, 0);
    /* only nodes 1 and 3 are left: the write needs node 3's confirmation */
    lab_node_kill(lab, 2);
    run_until(all_synced, lab, NULL);
    /* node 3's copy differs at the same version: the next change does not
     * give the DC's digest there */
    hacd_store_version(lab->h[3], &v);
    g_assert_cmpint(ha_store_doc_set_property(hacd_doc(lab->h[3]), "drift", "1",
                                              &edited, NULL), ==, 0);
    ha_store_doc_unref(hacd_store_swap(lab->h[3],
                                       ha_store_doc_with_version(edited, &v)));
    g_assert_cmpint(set_property(lab, 1, 402, "b", "2", &w), ==, 0);
    run_until(all_synced, lab, NULL);
    g_assert_null(prop(lab, 3, "drift"));
    g_assert_cmpstr(prop(lab, 3, "b"), ==, "2");
    g_assert_cmpint(set_property(lab, 3, 403, "c", "3", &w), ==, 0);
    run_until(all_synced, lab, NULL);
    g_assert_cmpstr(prop(lab, 3, "c"), ==, "3");
    assert_identical(lab, 1);
    lab_free(lab);
}

/* Every node's hacd stops; node 1 then starts alone in its own quorate
 * partition (two_node, last_man_standing or lowered expected votes). */
static void
restart_alone(struct lab *lab)
{
    for (guint id = 1; id <= lab->n; id++) {
        lab_node_kill(lab, id);
    }
    ha_cluster_fake_partition(lab->fake, 1, 1);
    ha_cluster_fake_force_quorum(lab->fake, 1, 1);
    lab_node_start(lab, 1);
    run_until(all_synced, lab, NULL);
    g_assert_true(ha_cluster_quorate(lab->h[1]->cluster));
}

/* The cluster comes back: node 1's partition merges with nodes 2 and 3. */
static void
peers_return(struct lab *lab)
{
    ha_cluster_fake_force_quorum(lab->fake, 1, -1);
    ha_cluster_fake_partition(lab->fake, 1, 0);
    lab_node_start(lab, 2);
    lab_node_start(lab, 3);
    run_until(all_synced, lab, NULL);
}

/* Issue 16 item 5: a node whose state directory was wiped, quorate alone,
 * neither acts nor accepts writes until it has the cluster's copy. */
static void
wiped_node_alone(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_true(hacd_established(lab->h[1]));
    g_assert_cmpint(set_property(lab, 2, 501, "x", "kept", &w), ==, 0);
    rm_rf(lab->dir[1]);
    restart_alone(lab);
    g_assert_false(hacd_established(lab->h[1]));
    g_assert_null(prop(lab, 1, "x"));
    g_assert_cmpint(set_property(lab, 1, 502, "x", "lost", &w), ==,
                    -HA_ENOSTORE);
    /* waiting does not make its copy the cluster's: still not after a
     * restart, and no quorate ring was recorded */
    lab_node_kill(lab, 1);
    lab_node_start(lab, 1);
    run_until(all_synced, lab, NULL);
    g_assert_false(hacd_established(lab->h[1]));
    g_assert_cmpuint(hacd_store_quorate_ring(lab->h[1]), ==, 0);
    /* the holders come back: node 1 takes their copy and writes work */
    peers_return(lab);
    g_assert_true(hacd_established(lab->h[1]));
    g_assert_cmpstr(prop(lab, 1, "x"), ==, "kept");
    assert_identical(lab, hacd_dc_nodeid(lab->h[1]));
    g_assert_cmpint(set_property(lab, 1, 503, "y", "1", &w), ==, 0);
    g_assert_cmpuint(w.v.epoch, ==, 2);
    lab_free(lab);
}

/* A copy older than the one its node kept (the store deleted, hacd.state
 * left) waits the same way; an operator can force it to act. */
static void
older_copy_alone_bootstrap(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    g_autofree char *store = NULL;
    struct wres w;

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    g_assert_cmpint(set_property(lab, 2, 601, "x", "kept", &w), ==, 0);
    store = g_build_filename(lab->dir[1], "store", NULL);
    restart_alone(lab);
    g_assert_true(hacd_established(lab->h[1]));  /* an intact copy is a holder */
    lab_node_kill(lab, 1);
    rm_rf(store);
    lab_node_start(lab, 1);
    run_until(all_synced, lab, NULL);
    g_assert_false(hacd_established(lab->h[1]));
    g_assert_cmpint(hacd_hold_bootstrap(lab->h[1]), ==, 0);
    run_until(all_synced, lab, NULL);
    g_assert_true(hacd_established(lab->h[1]));
    g_assert_cmpint(hacd_hold_bootstrap(lab->h[1]), ==, -EALREADY);
    g_assert_cmpint(set_property(lab, 1, 602, "x", "forced", &w), ==, 0);
    /* forced in a quorate ring: from now on its copy is a holder */
    g_assert_cmpuint(hacd_store_quorate_ring(lab->h[1]), >, 0);
    lab_node_kill(lab, 1);
    lab_node_start(lab, 1);
    run_until(all_synced, lab, NULL);
    g_assert_true(hacd_established(lab->h[1]));
    g_assert_cmpstr(prop(lab, 1, "x"), ==, "forced");
    lab_free(lab);
}

/* A write whose origin was told it failed (the membership changed before
 * the DC saw it) never runs later; the client's retry runs it once. */
static void
failed_write_never_runs_later(void)
{
    struct lab *lab = cluster_lab(3, 30000);
    struct wres w = { 0 };

    lab_start_all(lab);
    run_until(all_synced, lab, NULL);
    /* node 3 dies; node 2 sends before it sees that change, so its
     * request is delivered after it */
    lab_node_kill(lab, 3);
    hacd_write_submit(lab->h[2], 701, HACD_WRITE_PROPERTY, "late", "1",
                      write_done, &w);
    run_until(write_done_pred, lab, &w);
    g_assert_cmpint(w.rc, ==, -HA_ERETRY);
    run_until(all_synced, lab, NULL);
    run_for_ms(100);
    g_assert_null(prop(lab, 1, "late"));
    g_assert_null(prop(lab, 2, "late"));
    g_assert_cmpint(set_property(lab, 2, 701, "late", "1", &w), ==, 0);
    g_assert_cmpuint(w.v.epoch, ==, 1);
    assert_identical(lab, 1);
    lab_free(lab);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    ha_log_init("test_hacd", HA_LOG_STDERR,
                g_getenv("HA_DEBUG") != NULL ? LOG_DEBUG : LOG_CRIT);
    g_test_add_func("/hacd/cluster/form-one-dc", form_one_dc);
    g_test_add_func("/hacd/cluster/write-everywhere", write_visible_everywhere);
    g_test_add_func("/hacd/cluster/dc-killed", dc_killed_successor_at_once);
    g_test_add_func("/hacd/cluster/partition",
                    minority_refuses_majority_accepts);
    g_test_add_func("/hacd/cluster/split-equal-versions",
                    split_at_equal_versions_dc_side_wins);
    g_test_add_func("/hacd/cluster/silent-member", silent_member_is_left_out);
    g_test_add_func("/hacd/cluster/disk-full", disk_full_node_leaves_without_confirming);
    g_test_add_func("/hacd/cluster/lowest-id-rejoins",
                    lowest_id_rejoins_with_old_copy);
    g_test_add_func("/hacd/cluster/corrupt-copy", corrupt_copy_resyncs);
    g_test_add_func("/hacd/cluster/concurrent-writes",
                    concurrent_writes_one_order);
    g_test_add_func("/hacd/cluster/older-protocol", older_protocol_never_dc);
    g_test_add_func("/hacd/cluster/daemon-crash-grace",
                    daemon_crash_is_not_node_loss);
    g_test_add_func("/hacd/cluster/clean-stop", clean_stop_is_offline);
    g_test_add_func("/hacd/cluster/clean-stop-attrs",
                    clean_stop_forgets_attributes);
    g_test_add_func("/hacd/cluster/deep-write", deep_write_is_refused_not_fatal);
    g_test_add_func("/hacd/cluster/big-store", big_store_transfers_chunked);
    g_test_add_func("/hacd/cluster/control-character",
                    control_character_refused);
    g_test_add_func("/hacd/cluster/member-cannot-apply",
                    member_that_cannot_apply_resyncs);
    g_test_add_func("/hacd/cluster/wiped-node-alone", wiped_node_alone);
    g_test_add_func("/hacd/cluster/older-copy-bootstrap",
                    older_copy_alone_bootstrap);
    g_test_add_func("/hacd/cluster/failed-write-never-runs-later",
                    failed_write_never_runs_later);
    rc = g_test_run();
    ha_log_fini();
    return rc;
}
