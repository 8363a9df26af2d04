/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/cluster/cluster_fake.c - an in-process simulated cluster with the
 * interface of the corosync backend (the vqsim idea), for tests.
 *
 * Model: nodes (id, name, votes, up, partition) and processes (one
 * ha_cluster_t each, on a node).  Every event - a message, a view change
 * for one process, a ring change, a quorum notification, a death - goes
 * into ONE global FIFO that an idle source drains, so every process sees
 * the messages of its partition and its view changes in one total order.
 * A message is delivered to every live process whose current view holds
 * the sender (virtual synchrony: what was sent before a view change is
 * delivered before it, in the old view).
 *
 * Frames over the 1 MiB CPG limit are refused, like corosync's atomic
 * limit, so tests catch oversized sends.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "cluster/cluster_private.h"

#define FAKE_MAX_FRAME (1024 * 1024 - 1024)
#define FAKE_PARTITIONS 16
#define FAKE_BATCH 256

struct fake_node {
    uint32_t nodeid;
    char *name;
    guint votes;
    gboolean up;
    guint partition;
};

struct fake_proc {
    ha_cluster_fake_t *fake;
    ha_cluster_t *cluster;
    uint32_t nodeid;
    uint32_t pid;
    gboolean joined;
    gboolean alive;
    uint32_t gone_reason;       /* why it left the view of others */
    GArray *view;               /* members as last delivered */
    GArray *queued_view;        /* members as last enqueued */
    uint64_t queued_ring;       /* ring seq last enqueued */
};

enum fake_event_type {
    FAKE_EV_MSG,
    FAKE_EV_VIEW,
    FAKE_EV_RING,
    FAKE_EV_QUORUM,
    FAKE_EV_LOST,
};

struct fake_event {
    enum fake_event_type type;
    struct fake_proc *target;   /* NULL for messages */
    uint32_t nodeid;
    uint32_t pid;
    GBytes *frame;
    GArray *members;            /* ha_cluster_member (view) or uint32 (ring) */
    struct ha_cluster_ring ring;
    gboolean quorate;
    guint quorum_votes;         /* threshold reported with the quorum */
};

struct ha_cluster_fake {
    GPtrArray *nodes;           /* struct fake_node */
    GPtrArray *procs;           /* struct fake_proc */
    GQueue events;
    guint source;
    uint64_t ring_seq;
    uint32_t next_pid;
    int forced[FAKE_PARTITIONS];
    struct ha_cluster_ring rings[FAKE_PARTITIONS];
};

static void
event_free(struct fake_event *ev)
{
    if (ev->frame != NULL) {
        g_bytes_unref(ev->frame);
    }
    if (ev->members != NULL) {
        g_array_unref(ev->members);
    }
    g_free(ev);
}

static struct fake_node *
node_find(ha_cluster_fake_t *fake, uint32_t nodeid)
{
    for (guint i = 0; i < fake->nodes->len; i++) {
        struct fake_node *n = fake->nodes->pdata[i];

        if (n->nodeid == nodeid) {
            return n;
        }
    }
    return NULL;
}

static gboolean fake_dispatch(gpointer data);

static void
event_push(ha_cluster_fake_t *fake, struct fake_event *ev)
{
    g_queue_push_tail(&fake->events, ev);
    if (fake->source == 0) {
        fake->source = g_idle_add(fake_dispatch, fake);
    }
}

static gboolean
view_has(const GArray *view, uint32_t nodeid, uint32_t pid)
{
    for (guint i = 0; view != NULL && i < view->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(view, struct ha_cluster_member, i);

        if (m->nodeid == nodeid && m->pid == pid) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
view_equal(const GArray *a, const GArray *b)
{
    if (a == NULL || b == NULL || a->len != b->len) {
        return (a == NULL || a->len == 0) && (b == NULL || b->len == 0);
    }
    for (guint i = 0; i < a->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(a, struct ha_cluster_member, i);

        if (!view_has(b, m->nodeid, m->pid)) {
            return FALSE;
        }
    }
    return TRUE;
}

static gboolean
proc_active(const struct fake_proc *p)
{
    struct fake_node *n = node_find(p->fake, p->nodeid);

    return p->joined && p->alive && n != NULL && n->up;
}

static GArray *
partition_members(ha_cluster_fake_t *fake, guint partition)
{
    GArray *m = g_array_new(FALSE, FALSE, sizeof(struct ha_cluster_member));

    for (guint i = 0; i < fake->procs->len; i++) {
        struct fake_proc *p = fake->procs->pdata[i];

        if (proc_active(p) && node_find(fake, p->nodeid)->partition == partition) {
            struct ha_cluster_member member = { p->nodeid, p->pid, 0 };

            g_array_append_val(m, member);
        }
    }
    return m;
}

static GArray *
partition_nodes(ha_cluster_fake_t *fake, guint partition, guint *ret_votes)
{
    GArray *nodes = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    guint votes = 0;

    for (guint i = 0; i < fake->nodes->len; i++) {
        struct fake_node *n = fake->nodes->pdata[i];

        if (n->up && n->partition == partition) {
            g_array_append_val(nodes, n->nodeid);
            votes += n->votes;
        }
    }
    *ret_votes = votes;
    return nodes;
}

static guint
expected_votes(ha_cluster_fake_t *fake)
{
    guint total = 0;

    for (guint i = 0; i < fake->nodes->len; i++) {
        total += ((struct fake_node *) fake->nodes->pdata[i])->votes;
    }
    return total;
}

static gboolean
partition_quorate(ha_cluster_fake_t *fake, guint partition)
{
    guint votes = 0;
    g_autoptr(GArray) nodes = partition_nodes(fake, partition, &votes);

    if (fake->forced[partition] >= 0) {
        return fake->forced[partition] != 0;
    }
    return votes >= expected_votes(fake) / 2 + 1;
}

/* Queue ring + quorum events for every process of a partition whose ring
 * is not the partition's current one. */
static void
queue_ring(ha_cluster_fake_t *fake, guint partition, gboolean force)
{
    guint votes = 0;
    g_autoptr(GArray) nodes = partition_nodes(fake, partition, &votes);

    for (guint i = 0; i < fake->procs->len; i++) {
        struct fake_proc *p = fake->procs->pdata[i];
        struct fake_event *ev;

        if (!proc_active(p) || node_find(fake, p->nodeid)->partition != partition
            || (!force && p->queued_ring == fake->rings[partition].seq)) {
            continue;
        }
        p->queued_ring = fake->rings[partition].seq;
        ev = g_new0(struct fake_event, 1);
        ev->type = FAKE_EV_RING;
        ev->target = p;
        ev->ring = fake->rings[partition];
        ev->members = g_array_ref(nodes);
        event_push(fake, ev);
        ev = g_new0(struct fake_event, 1);
        ev->type = FAKE_EV_QUORUM;
        ev->target = p;
        ev->ring = fake->rings[partition];
        ev->quorate = partition_quorate(fake, partition);
        /* A forced-quorate partition behaves like votequorum's two_node:
         * the threshold drops to what the partition holds. */
        ev->quorum_votes = expected_votes(fake) / 2 + 1;
        if (fake->forced[partition] == 1) {
            ev->quorum_votes = MAX(1, MIN(ev->quorum_votes, votes));
        }
        event_push(fake, ev);
    }
}

/* Queue a view change for every process whose membership differs. */
static void
queue_views(ha_cluster_fake_t *fake)
{
    for (guint part = 0; part < FAKE_PARTITIONS; part++) {
        g_autoptr(GArray) members = partition_members(fake, part);

        for (guint i = 0; i < fake->procs->len; i++) {
            struct fake_proc *p = fake->procs->pdata[i];
            struct fake_event *ev;

            if (!proc_active(p) || node_find(fake, p->nodeid)->partition != part
                || view_equal(p->queued_view, members)) {
                continue;
            }
            g_array_unref(p->queued_view);
            p->queued_view = g_array_ref(members);
            ev = g_new0(struct fake_event, 1);
            ev->type = FAKE_EV_VIEW;
            ev->target = p;
            ev->members = g_array_ref(members);
            event_push(fake, ev);
        }
    }
}

/* Nodes moved: new rings for changed partitions, then views, then quorum
 * (corosync: group confchg first, totem confchg and quorum right after). */
static void
membership_changed(ha_cluster_fake_t *fake)
{
    fake->ring_seq += 4;
    for (guint part = 0; part < FAKE_PARTITIONS; part++) {
        guint votes = 0;
        g_autoptr(GArray) nodes = partition_nodes(fake, part, &votes);

        if (nodes->len > 0) {
            fake->rings[part].nodeid = g_array_index(nodes, uint32_t, 0);
            fake->rings[part].seq = fake->ring_seq;
        }
    }
    queue_views(fake);
    for (guint part = 0; part < FAKE_PARTITIONS; part++) {
        queue_ring(fake, part, FALSE);
    }
}

static struct fake_proc *
proc_by_id(ha_cluster_fake_t *fake, uint32_t nodeid, uint32_t pid)
{
    for (guint i = 0; i < fake->procs->len; i++) {
        struct fake_proc *p = fake->procs->pdata[i];

        if (p->nodeid == nodeid && p->pid == pid) {
            return p;
        }
    }
    return NULL;
}

/* Why (nodeid, pid) left the view of @p. */
static uint32_t
left_reason(const struct fake_proc *p, uint32_t nodeid, uint32_t pid)
{
    struct fake_proc *other = proc_by_id(p->fake, nodeid, pid);
    struct fake_node *n = node_find(p->fake, nodeid);
    struct fake_node *mine = node_find(p->fake, p->nodeid);

    if (n == NULL || !n->up || n->partition != mine->partition) {
        return HA_CLUSTER_REASON_NODEDOWN;
    }
    if (other != NULL && other->gone_reason == HA_CLUSTER_REASON_LEAVE) {
        return HA_CLUSTER_REASON_LEAVE;
    }
    return HA_CLUSTER_REASON_PROCDOWN;
}

static void
deliver_view(struct fake_proc *p, GArray *members)
{
    ha_cluster_fake_t *fake = p->fake;
    g_autoptr(GArray) left = g_array_new(FALSE, FALSE,
                                         sizeof(struct ha_cluster_member));
    g_autoptr(GArray) joined = g_array_new(FALSE, FALSE,
                                           sizeof(struct ha_cluster_member));
    g_autoptr(GArray) copy = g_array_new(FALSE, FALSE,
                                         sizeof(struct ha_cluster_member));

    for (guint i = 0; i < p->view->len; i++) {
        struct ha_cluster_member m =
            g_array_index(p->view, struct ha_cluster_member, i);

        if (!view_has(members, m.nodeid, m.pid)) {
            m.reason = left_reason(p, m.nodeid, m.pid);
            g_array_append_val(left, m);
        }
    }
    for (guint i = 0; i < members->len; i++) {
        struct ha_cluster_member m =
            g_array_index(members, struct ha_cluster_member, i);
        struct fake_proc *other = proc_by_id(fake, m.nodeid, m.pid);

        if (!view_has(p->view, m.nodeid, m.pid)) {
            /* A process that already had a view comes from elsewhere. */
            m.reason = (other != NULL && other != p && other->view->len > 0)
                       ? HA_CLUSTER_REASON_NODEUP : HA_CLUSTER_REASON_JOIN;
            g_array_append_val(joined, m);
        }
        g_array_append_val(copy, m);
    }
    g_array_set_size(p->view, 0);
    g_array_append_vals(p->view, members->data, members->len);
    ha_cluster__confchg(p->cluster, (struct ha_cluster_member *) copy->data,
                        copy->len, (struct ha_cluster_member *) left->data,
                        left->len, (struct ha_cluster_member *) joined->data,
                        joined->len);
}

static void
deliver_msg(ha_cluster_fake_t *fake, struct fake_event *ev)
{
    gsize len = 0;
    const void *data = g_bytes_get_data(ev->frame, &len);
    g_autoptr(GPtrArray) targets = g_ptr_array_new();

    /* Collect first: a callback may free a process. */
    for (guint i = 0; i < fake->procs->len; i++) {
        struct fake_proc *p = fake->procs->pdata[i];

        if (proc_active(p) && view_has(p->view, ev->nodeid, ev->pid)) {
            g_ptr_array_add(targets, p);
        }
    }
    for (guint i = 0; i < targets->len; i++) {
        struct fake_proc *p = targets->pdata[i];

        if (g_ptr_array_find(fake->procs, p, NULL) && proc_active(p)) {
            ha_cluster__frame_received(p->cluster, ev->nodeid, ev->pid, data,
                                       len);
        }
    }
}

static void
deliver_one(ha_cluster_fake_t *fake, struct fake_event *ev)
{
    struct fake_proc *p = ev->target;

    switch (ev->type) {
    case FAKE_EV_MSG:
        deliver_msg(fake, ev);
        break;
    case FAKE_EV_VIEW:
        if (proc_active(p)) {
            deliver_view(p, ev->members);
        }
        break;
    case FAKE_EV_RING:
        if (proc_active(p)) {
            ha_cluster__ring(p->cluster, ev->ring,
                             (uint32_t *) ev->members->data, ev->members->len);
        }
        break;
    case FAKE_EV_QUORUM:
        if (proc_active(p)) {
            p->cluster->quorum_votes = ev->quorum_votes;
            ha_cluster__quorum(p->cluster, ev->quorate, ev->ring);
        }
        break;
    case FAKE_EV_LOST:
        ha_cluster__lost(p->cluster, -HA_ENOTCONN);
        break;
    }
}

static gboolean
fake_dispatch(gpointer data)
{
    ha_cluster_fake_t *fake = data;

    for (int i = 0; i < FAKE_BATCH && !g_queue_is_empty(&fake->events); i++) {
        struct fake_event *ev = g_queue_pop_head(&fake->events);

        deliver_one(fake, ev);
        event_free(ev);
    }
    if (g_queue_is_empty(&fake->events)) {
        fake->source = 0;
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static int
fake_join(ha_cluster_t *c)
{
    struct fake_proc *p = c->backend_data;
    ha_cluster_fake_t *fake = p->fake;
    struct fake_node *n = node_find(fake, p->nodeid);

    if (n == NULL || !n->up) {
        return -HA_ENOTCONN;
    }
    p->pid = fake->next_pid++;
    c->pid = p->pid;
    p->joined = TRUE;
    p->alive = TRUE;
    for (guint i = 0; i < fake->nodes->len; i++) {
        struct fake_node *node = fake->nodes->pdata[i];

        ha_cluster__set_node(c, node->nodeid, node->name);
        g_hash_table_replace(c->votes, GUINT_TO_POINTER(node->nodeid),
                             GUINT_TO_POINTER(node->votes));
    }
    c->quorum_votes = expected_votes(fake) / 2 + 1;
    queue_views(fake);
    queue_ring(fake, n->partition, FALSE);
    return 0;
}

static void
fake_leave(ha_cluster_t *c)
{
    struct fake_proc *p = c->backend_data;

    p->gone_reason = HA_CLUSTER_REASON_LEAVE;
    p->joined = FALSE;
    queue_views(p->fake);
}

static int
fake_mcast(ha_cluster_t *c, const void *frame, size_t len)
{
    struct fake_proc *p = c->backend_data;
    struct fake_event *ev;

    if (len > FAKE_MAX_FRAME) {
        return -HA_ETOOBIG;
    }
    if (!proc_active(p)) {
        return -HA_ENOTCONN;
    }
    ev = g_new0(struct fake_event, 1);
    ev->type = FAKE_EV_MSG;
    ev->nodeid = p->nodeid;
    ev->pid = p->pid;
    ev->frame = g_bytes_new(frame, len);
    event_push(p->fake, ev);
    return 0;
}

static void
fake_free(ha_cluster_t *c)
{
    struct fake_proc *p = c->backend_data;
    ha_cluster_fake_t *fake;
    GList *keep = NULL;

    if (p == NULL) {
        return;
    }
    fake = p->fake;
    if (p->joined && p->gone_reason == 0) {
        p->gone_reason = HA_CLUSTER_REASON_PROCDOWN;
    }
    p->joined = FALSE;
    p->alive = FALSE;
    (void) g_ptr_array_remove(fake->procs, p);
    /* Drop events aimed at this process; messages it sent stay. */
    while (!g_queue_is_empty(&fake->events)) {
        struct fake_event *ev = g_queue_pop_head(&fake->events);

        if (ev->target == p) {
            event_free(ev);
        } else {
            keep = g_list_prepend(keep, ev);
        }
    }
    for (GList *l = g_list_last(keep); l != NULL; l = l->prev) {
        g_queue_push_tail(&fake->events, l->data);
    }
    g_list_free(keep);
    queue_views(fake);
    g_array_unref(p->view);
    g_array_unref(p->queued_view);
    g_free(p);
    c->backend_data = NULL;
}

static const struct ha_cluster_backend fake_backend = {
    .name = "fake",
    .join = fake_join,
    .leave = fake_leave,
    .mcast = fake_mcast,
    .free = fake_free,
};

ha_cluster_t *
ha_cluster_new_fake(ha_cluster_fake_t *fake, uint32_t nodeid,
                    const struct ha_cluster_callbacks *callbacks,
                    void *user_data)
{
    ha_cluster_t *c = ha_cluster__new(&fake_backend, HA_CLUSTER_GROUP,
                                      callbacks, user_data);
    struct fake_proc *p = g_new0(struct fake_proc, 1);

    p->fake = fake;
    p->cluster = c;
    p->nodeid = nodeid;
    p->view = g_array_new(FALSE, FALSE, sizeof(struct ha_cluster_member));
    p->queued_view = g_array_new(FALSE, FALSE,
                                 sizeof(struct ha_cluster_member));
    c->backend_data = p;
    c->nodeid = nodeid;
    c->timings.token_ms = 1000;
    c->timings.consensus_ms = 1200;
    g_ptr_array_add(fake->procs, p);
    return c;
}

ha_cluster_fake_t *
ha_cluster_fake_new(void)
{
    ha_cluster_fake_t *fake = g_new0(ha_cluster_fake_t, 1);

    fake->nodes = g_ptr_array_new();
    fake->procs = g_ptr_array_new();
    g_queue_init(&fake->events);
    fake->next_pid = 1000;
    for (int i = 0; i < FAKE_PARTITIONS; i++) {
        fake->forced[i] = -1;
    }
    return fake;
}

void
ha_cluster_fake_node_add(ha_cluster_fake_t *fake, uint32_t nodeid,
                         const char *name, guint votes)
{
    struct fake_node *n = g_new0(struct fake_node, 1);

    ha_assert(node_find(fake, nodeid) == NULL);
    n->nodeid = nodeid;
    n->name = g_strdup(name);
    n->votes = votes;
    n->up = TRUE;
    g_ptr_array_add(fake->nodes, n);
    membership_changed(fake);
}

void
ha_cluster_fake_partition(ha_cluster_fake_t *fake, uint32_t nodeid,
                          guint partition)
{
    struct fake_node *n = node_find(fake, nodeid);

    ha_assert(n != NULL && partition < FAKE_PARTITIONS);
    if (n->partition == partition) {
        return;
    }
    n->partition = partition;
    for (guint i = 0; i < fake->procs->len; i++) {
        struct fake_proc *p = fake->procs->pdata[i];

        if (p->nodeid == nodeid) {
            p->gone_reason = 0;
        }
    }
    membership_changed(fake);
}

void
ha_cluster_fake_node_set_up(ha_cluster_fake_t *fake, uint32_t nodeid,
                            gboolean up)
{
    struct fake_node *n = node_find(fake, nodeid);

    ha_assert(n != NULL);
    if (n->up == up) {
        return;
    }
    if (!up) {
        for (guint i = 0; i < fake->procs->len; i++) {
            struct fake_proc *p = fake->procs->pdata[i];

            if (p->nodeid == nodeid && p->alive) {
                struct fake_event *ev = g_new0(struct fake_event, 1);

                p->alive = FALSE;
                p->gone_reason = HA_CLUSTER_REASON_NODEDOWN;
                ev->type = FAKE_EV_LOST;
                ev->target = p;
                event_push(fake, ev);
            }
        }
    }
    n->up = up;
    membership_changed(fake);
}

void
ha_cluster_fake_kill(ha_cluster_fake_t *fake, ha_cluster_t *cluster)
{
    struct fake_proc *p = cluster->backend_data;
    struct fake_event *ev;

    if (p == NULL || !p->alive) {
        return;
    }
    p->alive = FALSE;
    p->gone_reason = HA_CLUSTER_REASON_PROCDOWN;
    ev = g_new0(struct fake_event, 1);
    ev->type = FAKE_EV_LOST;
    ev->target = p;
    event_push(fake, ev);
    queue_views(fake);
}

void
ha_cluster_fake_force_quorum(ha_cluster_fake_t *fake, guint partition,
                             int quorate)
{
    ha_assert(partition < FAKE_PARTITIONS);
    fake->forced[partition] = quorate;
    queue_ring(fake, partition, TRUE);
}

guint
ha_cluster_fake_pending(const ha_cluster_fake_t *fake)
{
    return fake->events.length;
}

void
ha_cluster_fake_free(ha_cluster_fake_t *fake)
{
    if (fake == NULL) {
        return;
    }
    ha_assert(fake->procs->len == 0);
    if (fake->source != 0) {
        g_source_remove(fake->source);
    }
    g_queue_clear_full(&fake->events, (GDestroyNotify) event_free);
    for (guint i = 0; i < fake->nodes->len; i++) {
        struct fake_node *n = fake->nodes->pdata[i];

        g_free(n->name);
        g_free(n);
    }
    g_ptr_array_unref(fake->nodes);
    g_ptr_array_unref(fake->procs);
    g_free(fake);
}
