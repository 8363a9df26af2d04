/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_sync_sm.c - the sync decision (hacd_sync_sm.c)
 * without any cluster: a few machines, a list of delivered messages that
 * every listening member gets in the same order, and a table of
 * scenarios -> DC, winning copy, established or waiting, effects.
 */
#include "config.h"

#include <string.h>

#include "hacd/hacd_sync_sm.h"

#define MAX_NODES 4

struct node {
    uint32_t id;
    hacd_sync_sm_t *sm;
    struct ha_store_version v;      /* the local copy */
    char digest[16];                /* "" corrupt */
    guint64 ring;
    gboolean listening;             /* receives and answers */
    guint fx;                       /* effects seen since the last round */
    guint hold;                     /* the last hold reason */
};

struct queued {
    uint32_t from;
    enum hacd_msg_type type;
    GVariant *body;
};

struct net {
    struct node n[MAX_NODES + 1];   /* by node id, 1..MAX_NODES */
    GArray *configured;
    GArray *members;
    guint64 view;
    GQueue q;
};

static void
env_of(struct net *net, struct node *n, struct hacd_sync_env *env)
{
    memset(env, 0, sizeof(*env));
    env->nodeid = n->id;
    env->pid = 100 + n->id;
    env->configured = net->configured;
    env->version = n->v;
    env->digest = n->digest;
    env->quorate_ring = n->ring;
    env->quorate = FALSE;           /* rings are the table's, not recorded */
    env->ring_seq = 0;
}

static void
enqueue(struct net *net, uint32_t from, enum hacd_msg_type type,
        GVariant *body)
{
    struct queued *m = g_new0(struct queued, 1);

    m->from = from;
    m->type = type;
    m->body = g_variant_ref_sink(body);
    g_queue_push_tail(&net->q, m);
}

/* Carry out @out for @n as hacd_sync.c would, queueing what it sends. */
static void
take(struct net *net, struct node *n, struct hacd_sync_out *out)
{
    n->fx |= out->effects;
    if ((out->effects & HACD_SYNC_FX_HOLD) != 0) {
        n->hold = out->hold;
    }
    if ((out->effects & HACD_SYNC_FX_START_EMPTY) != 0) {
        struct hacd_sync_env env;

        memset(&n->v, 0, sizeof(n->v));
        strcpy(n->digest, "empty");
        env_of(net, n, &env);
        hacd_sync_sm_took_copy(n->sm, HACD_SYNC_COPY_ROUND, FALSE, &env, out);
    }
    if ((out->effects & HACD_SYNC_FX_SEND_STORE) != 0) {
        enqueue(net, n->id, HACD_MSG_STORE_FULL,
                g_variant_new("(t(ttt)ss@at)", hacd_sync_sm_view(n->sm),
                              n->v.admin_epoch, n->v.epoch, n->v.num_updates,
                              n->digest, "", g_variant_new("at", NULL)));
    }
    for (guint i = 0; i < out->msgs->len; i++) {
        const struct hacd_sync_msg *m = out->msgs->pdata[i];

        enqueue(net, n->id, m->type, m->body);
    }
}

static void
deliver_store(struct net *net, struct node *n, const struct queued *m,
              struct hacd_sync_out *out)
{
    struct hacd_sync_env env;
    const char *digest = NULL;
    guint64 view = 0;
    struct ha_store_version v;
    enum hacd_sync_copy_kind kind;

    g_variant_get(m->body, "(t(ttt)&s&s@at)", &view, &v.admin_epoch,
                  &v.epoch, &v.num_updates, &digest, NULL, NULL);
    kind = hacd_sync_sm_on_store(n->sm, m->from, view);
    if (kind == HACD_SYNC_COPY_IGNORE) {
        return;
    }
    n->v = v;
    g_strlcpy(n->digest, digest, sizeof(n->digest));
    env_of(net, n, &env);
    hacd_sync_sm_took_copy(n->sm, kind, FALSE, &env, out);
}

static void
deliver(struct net *net, struct node *n, const struct queued *m)
{
    struct hacd_sync_out out;
    struct hacd_sync_env env;
    uint32_t pid = 100 + m->from;

    env_of(net, n, &env);
    hacd_sync_out_init(&out);
    switch (m->type) {
    case HACD_MSG_STATE:
        hacd_sync_sm_on_state(n->sm, m->from, pid, HACD_PROTOCOL, m->body,
                              &env, &out);
        break;
    case HACD_MSG_SYNC_ACK:
        hacd_sync_sm_on_ack(n->sm, m->from, pid, m->body, &env, &out);
        break;
    case HACD_MSG_SYNC_DONE:
        hacd_sync_sm_on_done(n->sm, m->from, m->body, &env, &out);
        break;
    case HACD_MSG_SYNC_FORCE:
        hacd_sync_sm_on_force(n->sm, m->from, m->body, &env, &out);
        break;
    case HACD_MSG_STORE_FULL:
        deliver_store(net, n, m, &out);
        break;
    case HACD_MSG_BOOTSTRAP:
        hacd_sync_sm_on_bootstrap(n->sm, m->body, &env, &out);
        break;
    default:
        g_assert_not_reached();
    }
    take(net, n, &out);
    hacd_sync_out_clear(&out);
}

/* Deliver everything queued, in order, to every listening member. */
static void
pump(struct net *net)
{
    struct queued *m;

    while ((m = g_queue_pop_head(&net->q)) != NULL) {
        for (guint i = 0; i < net->members->len; i++) {
            uint32_t id = g_array_index(net->members, struct ha_cluster_member,
                                        i).nodeid;

            if (net->n[id].listening) {
                deliver(net, &net->n[id], m);
            }
        }
        g_variant_unref(m->body);
        g_free(m);
    }
}

/* A membership change to @ids (0-terminated); its members listen. */
static void
membership(struct net *net, const uint32_t *ids)
{
    g_array_set_size(net->members, 0);
    for (const uint32_t *p = ids; *p != 0; p++) {
        struct ha_cluster_member m = { .nodeid = *p, .pid = 100 + *p };

        g_array_append_val(net->members, m);
    }
    net->view++;
    for (const uint32_t *p = ids; *p != 0; p++) {
        struct node *n = &net->n[*p];
        struct hacd_sync_out out;
        struct hacd_sync_env env;

        n->fx = 0;
        if (!n->listening) {
            continue;
        }
        env_of(net, n, &env);
        hacd_sync_out_init(&out);
        hacd_sync_sm_confchg(n->sm, net->members, net->view, &env, &out);
        take(net, n, &out);
        hacd_sync_out_clear(&out);
    }
}

/* The local timer of @id fired. */
static void
timeout(struct net *net, uint32_t id)
{
    struct node *n = &net->n[id];
    struct hacd_sync_out out;
    struct hacd_sync_env env;

    env_of(net, n, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_timeout(n->sm, &env, &out);
    take(net, n, &out);
    hacd_sync_out_clear(&out);
}

/* A copy: "ring version digest", version as epoch only. */
struct copy {
    guint64 ring;
    guint64 epoch;
    const char *digest;
};

static struct net *
net_new(const struct copy *copies, guint n_nodes, guint n_configured)
{
    struct net *net = g_new0(struct net, 1);

    net->configured = g_array_new(FALSE, FALSE, sizeof(guint32));
    net->members = g_array_new(FALSE, FALSE, sizeof(struct ha_cluster_member));
    g_queue_init(&net->q);
    for (guint32 id = 1; id <= n_configured; id++) {
        g_array_append_val(net->configured, id);
    }
    for (guint id = 1; id <= n_nodes; id++) {
        struct node *n = &net->n[id];

        n->id = id;
        n->sm = hacd_sync_sm_new();
        n->listening = TRUE;
        n->ring = copies[id - 1].ring;
        n->v.admin_epoch = 0;
        n->v.epoch = copies[id - 1].epoch;
        g_strlcpy(n->digest, copies[id - 1].digest, sizeof(n->digest));
    }
    return net;
}

static void
net_free(struct net *net)
{
    for (guint id = 1; id <= MAX_NODES; id++) {
        hacd_sync_sm_free(net->n[id].sm);
    }
    g_array_unref(net->configured);
    g_array_unref(net->members);
    g_free(net);
}

/* Every listening member of the round agrees on the outcome. */
static void
assert_outcome(struct net *net, uint32_t dc, const char *digest,
               gboolean established, enum hacd_sync_phase phase)
{
    for (guint i = 0; i < net->members->len; i++) {
        uint32_t id = g_array_index(net->members, struct ha_cluster_member,
                                    i).nodeid;
        struct node *n = &net->n[id];

        if (!n->listening) {
            continue;
        }
        g_assert_cmpuint(hacd_sync_sm_dc(n->sm, NULL), ==, dc);
        g_assert_cmpstr(n->digest, ==, digest);
        g_assert_cmpint(hacd_sync_sm_established(n->sm), ==, established);
        g_assert_cmpint(hacd_sync_sm_phase(n->sm), ==, phase);
    }
}

/* ---- the table: one formation of a membership ---- */

struct scenario {
    const char *name;
    struct copy copies[MAX_NODES];
    guint n_nodes;
    guint n_configured;
    uint32_t members[MAX_NODES + 1];
    /* expected */
    uint32_t dc;
    const char *digest;             /* the winning copy, now everywhere */
    uint32_t sender;                /* who sent its store (0: nobody) */
    gboolean established;
    enum hacd_hold_reason hold;
    guint fx_everywhere;            /* effects every member saw */
};

static const struct scenario scenarios[] = {
    { "new-cluster", { { 0, 1, "e" }, { 0, 1, "e" }, { 0, 1, "e" } }, 3, 3,
      { 1, 2, 3, 0 }, 1, "e", 0, TRUE, HACD_HOLD_NEW_CLUSTER,
      HACD_SYNC_FX_SYNCED | HACD_SYNC_FX_FIRST_SYNC | HACD_SYNC_FX_HOLD },
    { "holder-beats-newer-version",
      { { 0, 9, "a" }, { 5, 4, "b" }, { 0, 9, "a" } }, 3, 3,
      { 1, 2, 3, 0 }, 1, "b", 2, TRUE, HACD_HOLD_HOLDER,
      HACD_SYNC_FX_SYNCED },
    { "higher-version-at-equal-ring",
      { { 3, 2, "a" }, { 3, 2, "a" }, { 3, 5, "c" } }, 3, 3,
      { 1, 2, 3, 0 }, 1, "c", 3, TRUE, HACD_HOLD_HOLDER,
      HACD_SYNC_FX_SYNCED },
    { "wiped-node-alone-waits", { { 0, 0, "w" }, { 0, 0, "w" }, { 0, 0, "w" } },
      3, 3, { 3, 0 }, 3, "w", 0, FALSE, HACD_HOLD_WAITING,
      HACD_SYNC_FX_SYNCED },
    { "corrupt-copy-never-wins", { { 0, 0, "" }, { 2, 3, "d" } }, 2, 2,
      { 1, 2, 0 }, 1, "d", 2, TRUE, HACD_HOLD_HOLDER, HACD_SYNC_FX_SYNCED },
    { "every-copy-corrupt-starts-empty", { { 0, 0, "" }, { 0, 0, "" } }, 2, 2,
      { 1, 2, 0 }, 1, "empty", 0, TRUE, HACD_HOLD_NEW_CLUSTER,
      HACD_SYNC_FX_SYNCED | HACD_SYNC_FX_START_EMPTY },
};

static void
run_scenario(gconstpointer data)
{
    const struct scenario *sc = data;
    struct net *net = net_new(sc->copies, sc->n_nodes, sc->n_configured);

    membership(net, sc->members);
    pump(net);
    assert_outcome(net, sc->dc, sc->digest, sc->established, HACD_SYNC_DONE);
    for (guint i = 0; sc->members[i] != 0; i++) {
        struct node *n = &net->n[sc->members[i]];

        g_assert_cmpuint(n->fx & sc->fx_everywhere, ==, sc->fx_everywhere);
        g_assert_cmpuint(n->hold, ==, sc->hold);
        g_assert_cmpint((n->fx & HACD_SYNC_FX_SEND_STORE) != 0, ==,
                        n->id == sc->sender);
        g_assert_true(hacd_sync_sm_i_am_synced(n->sm));
    }
    net_free(net);
}

/* ---- sequences over several memberships ---- */

/* Decision 1: the DC leaves; the lowest synced member takes over at the
 * membership change itself, before any STATE. */
static void
dc_leaves_successor_without_message(void)
{
    static const struct copy c[] = { { 1, 1, "x" }, { 1, 1, "x" },
                                     { 1, 1, "x" } };
    struct net *net = net_new(c, 3, 3);

    membership(net, (const uint32_t[]) { 1, 2, 3, 0 });
    pump(net);
    assert_outcome(net, 1, "x", TRUE, HACD_SYNC_DONE);
    net->n[1].listening = FALSE;
    membership(net, (const uint32_t[]) { 2, 3, 0 });
    /* nothing delivered yet: the successor is known already */
    g_assert_cmpuint(hacd_sync_sm_dc(net->n[2].sm, NULL), ==, 2);
    g_assert_cmpuint(net->n[3].fx & (HACD_SYNC_FX_DC_LEFT | HACD_SYNC_FX_DC),
                     ==, HACD_SYNC_FX_DC_LEFT | HACD_SYNC_FX_DC);
    pump(net);
    assert_outcome(net, 2, "x", TRUE, HACD_SYNC_DONE);
    net_free(net);
}

/* Decision 3 at a merge: the claimed DC stays, and at equal versions with
 * different digests the DC's copy wins over a lower node id's. */
static void
merge_split_dc_copy_wins(void)
{
    static const struct copy c[] = { { 5, 2, "x" }, { 5, 2, "y" } };
    struct net *net = net_new(c, 2, 2);

    net->n[1].listening = FALSE;
    membership(net, (const uint32_t[]) { 2, 0 });
    pump(net);
    assert_outcome(net, 2, "y", TRUE, HACD_SYNC_DONE);
    net->n[1].listening = TRUE;     /* a fresh hacd: no DC claim */
    membership(net, (const uint32_t[]) { 1, 2, 0 });
    pump(net);
    assert_outcome(net, 2, "y", TRUE, HACD_SYNC_DONE);
    g_assert_true((net->n[2].fx & HACD_SYNC_FX_SEND_STORE) != 0);
    g_assert_false((net->n[1].fx & HACD_SYNC_FX_SEND_STORE) != 0);
    net_free(net);
}

/* A silent member: the lowest member forces the resolution with the
 * STATEs delivered, then the DC ends the sync without it. */
static void
silent_member_left_out(void)
{
    static const struct copy c[] = { { 2, 1, "x" }, { 2, 1, "x" },
                                     { 2, 1, "x" } };
    struct net *net = net_new(c, 3, 3);

    net->n[3].listening = FALSE;
    membership(net, (const uint32_t[]) { 1, 2, 3, 0 });
    pump(net);
    assert_outcome(net, 0, "x", FALSE, HACD_SYNC_COLLECTING);
    timeout(net, 2);                /* not the lowest: does nothing */
    g_assert_true(g_queue_is_empty(&net->q));
    timeout(net, 1);
    g_assert_true((net->n[1].fx & HACD_SYNC_FX_ARM_TIMER) != 0);
    pump(net);
    assert_outcome(net, 1, "x", TRUE, HACD_SYNC_TRANSFER);
    timeout(net, 1);
    pump(net);
    assert_outcome(net, 1, "x", TRUE, HACD_SYNC_DONE);
    g_assert_true(hacd_sync_sm_listed(net->n[2].sm, 2));
    g_assert_false(hacd_sync_sm_listed(net->n[2].sm, 3));
    net_free(net);
}

/* hacd_hold's rule: a partition without a holder acts only when an
 * operator's BOOTSTRAP of the current membership is delivered. */
static void
bootstrap_of_this_membership_only(void)
{
    static const struct copy c[] = { { 0, 3, "w" }, { 0, 3, "w" } };
    struct net *net = net_new(c, 2, 3);

    membership(net, (const uint32_t[]) { 1, 2, 0 });
    pump(net);
    assert_outcome(net, 1, "w", FALSE, HACD_SYNC_DONE);
    enqueue(net, 2, HACD_MSG_BOOTSTRAP, g_variant_new("(t)", net->view - 1));
    pump(net);
    assert_outcome(net, 1, "w", FALSE, HACD_SYNC_DONE);
    enqueue(net, 2, HACD_MSG_BOOTSTRAP, g_variant_new("(t)", net->view));
    pump(net);
    assert_outcome(net, 1, "w", TRUE, HACD_SYNC_DONE);
    g_assert_true((net->n[1].fx & HACD_SYNC_FX_BOOTSTRAP) != 0);
    net_free(net);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (guint i = 0; i < G_N_ELEMENTS(scenarios); i++) {
        g_autofree char *path = g_strconcat("/hacd/sync-sm/",
                                            scenarios[i].name, NULL);

        g_test_add_data_func(path, &scenarios[i], run_scenario);
    }
    g_test_add_func("/hacd/sync-sm/dc-leaves-successor-without-message",
                    dc_leaves_successor_without_message);
    g_test_add_func("/hacd/sync-sm/merge-split-dc-copy-wins",
                    merge_split_dc_copy_wins);
    g_test_add_func("/hacd/sync-sm/silent-member-left-out",
                    silent_member_left_out);
    g_test_add_func("/hacd/sync-sm/bootstrap-of-this-membership-only",
                    bootstrap_of_this_membership_only);
    return g_test_run();
}
