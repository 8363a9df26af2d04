/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/cluster/tests/test_cluster_fake.c - the simulated cluster behaves like
 * CPG: total order, views, partitions, quorum with ring ids, deaths. */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "cluster/cluster.h"

#define N 3

struct proc {
    ha_cluster_t *c;
    GString *log;               /* "m<nodeid>:<text> " and "v<n> " */
    guint n_members;
    gboolean quorate;
    uint64_t quorum_seq;
    uint64_t ring_seq;
    gboolean lost;
    uint32_t last_left_reason;
};

static void
p_deliver(ha_cluster_t *c, uint32_t nodeid, uint32_t pid, GBytes *payload,
          void *ud)
{
    struct proc *p = ud;
    gsize len = 0;
    const char *d = g_bytes_get_data(payload, &len);

    if (len > 64) {
        g_string_append_printf(p->log, "big%zu ", len);
        return;
    }
    g_string_append_printf(p->log, "m%u:%.*s ", nodeid, (int) len, d);
}

static void
p_confchg(ha_cluster_t *c, const struct ha_cluster_confchg *chg, void *ud)
{
    struct proc *p = ud;

    p->n_members = chg->n_members;
    if (chg->n_left > 0) {
        p->last_left_reason = chg->left[0].reason;
    }
    g_string_append_printf(p->log, "v%zu ", chg->n_members);
}

static void
p_ring(ha_cluster_t *c, const struct ha_cluster_ring_change *chg, void *ud)
{
    ((struct proc *) ud)->ring_seq = chg->ring.seq;
}

static void
p_quorum(ha_cluster_t *c, gboolean quorate, const struct ha_cluster_ring *ring,
         void *ud)
{
    struct proc *p = ud;

    p->quorate = quorate;
    p->quorum_seq = ring->seq;
}

static void
p_lost(ha_cluster_t *c, int rc, void *ud)
{
    ((struct proc *) ud)->lost = TRUE;
}

static const struct ha_cluster_callbacks cbs = {
    p_deliver, p_confchg, p_ring, p_quorum, p_lost
};

static void
run_until_idle(ha_cluster_fake_t *fake)
{
    while (ha_cluster_fake_pending(fake) > 0) {
        g_main_context_iteration(NULL, TRUE);
    }
}

static void
send_str(struct proc *p, const char *s)
{
    g_autoptr(GBytes) b = g_bytes_new(s, strlen(s));

    g_assert_cmpint(ha_cluster_send(p->c, b), ==, 0);
}

static ha_cluster_fake_t *
setup(struct proc *procs)
{
    ha_cluster_fake_t *fake = ha_cluster_fake_new();

    for (uint32_t i = 0; i < N; i++) {
        g_autofree char *name = g_strdup_printf("node%u", i + 1);

        ha_cluster_fake_node_add(fake, i + 1, name, 1);
    }
    for (uint32_t i = 0; i < N; i++) {
        memset(&procs[i], 0, sizeof(procs[i]));
        procs[i].log = g_string_new(NULL);
        procs[i].c = ha_cluster_new_fake(fake, i + 1, &cbs, &procs[i]);
        g_assert_cmpint(ha_cluster_join(procs[i].c), ==, 0);
    }
    run_until_idle(fake);
    for (int i = 0; i < N; i++) {
        g_assert_cmpuint(procs[i].n_members, ==, N);
        g_assert_true(ha_cluster_quorate(procs[i].c));
        g_string_truncate(procs[i].log, 0);
    }
    return fake;
}

static void
teardown(ha_cluster_fake_t *fake, struct proc *procs)
{
    for (int i = 0; i < N; i++) {
        ha_cluster_free(procs[i].c);
        g_string_free(procs[i].log, TRUE);
    }
    ha_cluster_fake_free(fake);
}

static void
total_order_from_concurrent_senders(void)
{
    struct proc procs[N];
    ha_cluster_fake_t *fake = setup(procs);

    for (int round = 0; round < 20; round++) {
        char text[16];

        g_snprintf(text, sizeof(text), "%d", round);
        send_str(&procs[round % N], text);
    }
    run_until_idle(fake);
    g_assert_cmpuint(procs[0].log->len, >, 0);
    g_assert_cmpstr(procs[0].log->str, ==, procs[1].log->str);
    g_assert_cmpstr(procs[1].log->str, ==, procs[2].log->str);
    g_assert_nonnull(strstr(procs[0].log->str, "m3:5 "));
    g_assert_cmpstr(ha_cluster_node_name(procs[0].c, 2), ==, "node2");
    g_assert_cmpuint(ha_cluster_quorum_votes(procs[0].c), ==, 2);
    teardown(fake, procs);
}

static void
partition_splits_messages_and_quorum(void)
{
    struct proc procs[N];
    ha_cluster_fake_t *fake = setup(procs);
    uint64_t old_seq = procs[0].ring_seq;

    ha_cluster_fake_partition(fake, 3, 1);
    run_until_idle(fake);
    g_assert_cmpuint(procs[0].n_members, ==, 2);
    g_assert_cmpuint(procs[2].n_members, ==, 1);
    g_assert_cmpuint(procs[0].last_left_reason, ==, HA_CLUSTER_REASON_NODEDOWN);
    g_assert_true(ha_cluster_quorate(procs[0].c));
    g_assert_false(ha_cluster_quorate(procs[2].c));
    g_assert_cmpuint(procs[0].ring_seq, >, old_seq);
    g_string_truncate(procs[0].log, 0);
    g_string_truncate(procs[2].log, 0);
    send_str(&procs[2], "minority");
    send_str(&procs[0], "majority");
    run_until_idle(fake);
    g_assert_cmpstr(procs[2].log->str, ==, "m3:minority ");
    g_assert_cmpstr(procs[0].log->str, ==, "m1:majority ");
    /* heal: one view again, quorate everywhere, new ring */
    ha_cluster_fake_partition(fake, 3, 0);
    run_until_idle(fake);
    for (int i = 0; i < N; i++) {
        g_assert_cmpuint(procs[i].n_members, ==, N);
        g_assert_true(ha_cluster_quorate(procs[i].c));
        g_assert_cmpuint(procs[i].ring_seq, ==, procs[0].ring_seq);
    }
    teardown(fake, procs);
}

static void
forced_quorum_and_stale_ring(void)
{
    struct proc procs[N];
    ha_cluster_fake_t *fake = setup(procs);

    ha_cluster_fake_force_quorum(fake, 0, 0);
    run_until_idle(fake);
    g_assert_false(ha_cluster_quorate(procs[1].c));
    ha_cluster_fake_force_quorum(fake, 0, -1);
    run_until_idle(fake);
    g_assert_true(ha_cluster_quorate(procs[1].c));
    teardown(fake, procs);
}

static void
killed_process_leaves_with_procdown(void)
{
    struct proc procs[N];
    ha_cluster_fake_t *fake = setup(procs);

    send_str(&procs[1], "last-words");
    ha_cluster_fake_kill(fake, procs[1].c);
    run_until_idle(fake);
    g_assert_true(procs[1].lost);
    g_assert_cmpuint(procs[0].n_members, ==, 2);
    g_assert_cmpuint(procs[0].last_left_reason, ==, HA_CLUSTER_REASON_PROCDOWN);
    /* what it sent before dying arrives before the view change */
    g_assert_cmpstr(procs[0].log->str, ==, "m2:last-words v2 ");
    /* a restart is a new (nodeid, pid) */
    ha_cluster_free(procs[1].c);
    procs[1].c = ha_cluster_new_fake(fake, 2, &cbs, &procs[1]);
    procs[1].lost = FALSE;
    g_assert_cmpint(ha_cluster_join(procs[1].c), ==, 0);
    run_until_idle(fake);
    g_assert_cmpuint(procs[0].n_members, ==, 3);
    g_assert_cmpuint(procs[1].n_members, ==, 3);
    teardown(fake, procs);
}

static void
clean_leave_and_node_down(void)
{
    struct proc procs[N];
    ha_cluster_fake_t *fake = setup(procs);

    ha_cluster_leave(procs[2].c);
    run_until_idle(fake);
    g_assert_cmpuint(procs[0].last_left_reason, ==, HA_CLUSTER_REASON_LEAVE);
    ha_cluster_fake_node_set_up(fake, 2, FALSE);
    run_until_idle(fake);
    g_assert_true(procs[1].lost);
    g_assert_cmpuint(procs[0].n_members, ==, 1);
    /* node 3 is still up (only its process left): 2 of 3 votes */
    g_assert_true(ha_cluster_quorate(procs[0].c));
    ha_cluster_fake_node_set_up(fake, 3, FALSE);
    run_until_idle(fake);
    g_assert_false(ha_cluster_quorate(procs[0].c));
    teardown(fake, procs);
}

static void
big_payload_arrives_whole(void)
{
    struct proc procs[N];
    ha_cluster_fake_t *fake = setup(procs);
    gsize len = 5 * 1024 * 1024;
    guint8 *data = g_malloc(len);
    g_autoptr(GBytes) b = NULL;

    for (gsize i = 0; i < len; i++) {
        data[i] = g_random_int();   /* incompressible: must be chunked */
    }
    b = g_bytes_new_take(data, len);
    g_assert_cmpint(ha_cluster_send(procs[0].c, b), ==, 0);
    run_until_idle(fake);
    g_assert_cmpstr(procs[2].log->str, ==, "big5242880 ");
    teardown(fake, procs);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cluster/fake/total-order",
                    total_order_from_concurrent_senders);
    g_test_add_func("/cluster/fake/partition", partition_splits_messages_and_quorum);
    g_test_add_func("/cluster/fake/forced-quorum", forced_quorum_and_stale_ring);
    g_test_add_func("/cluster/fake/kill", killed_process_leaves_with_procdown);
    g_test_add_func("/cluster/fake/leave-and-node-down", clean_leave_and_node_down);
    g_test_add_func("/cluster/fake/big-payload", big_payload_arrives_whole);
    return g_test_run();
}
