/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_core.c - one hacd instance: life cycle, the cluster
 * callbacks, message dispatch and the node table (online / pending within
 * the grace period / lost / offline, DESIGN.md decision 6).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_alerts.h"
#include "hacd/hacd_ctl.h"
#include "hacd/hacd_fence.h"
#include "hacd/hacd_ipc.h"
#include "hacd/hacd_lrm.h"
#include "hacd/hacd_metrics.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"

struct hacd_membership {
    GArray *members;            /* sorted (nodeid, pid) of hacd processes */
    guint64 view_id;            /* hacd_view_hash(members) */
    struct ha_cluster_ring ring;
    gboolean was_quorate;
    GHashTable *nodes;          /* nodeid -> struct hacd_node */
};

static void
node_free(gpointer p)
{
    struct hacd_node *n = p;

    if (n != NULL) {
        if (n->grace_source != 0) {
            g_source_remove(n->grace_source);
        }
        g_free(n->name);
        g_free(n);
    }
}

struct hacd_membership *
hacd_membership_new(void)
{
    struct hacd_membership *m = g_new0(struct hacd_membership, 1);

    m->members = g_array_new(FALSE, FALSE, sizeof(struct ha_cluster_member));
    m->nodes = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                     node_free);
    return m;
}

void
hacd_membership_free(struct hacd_membership *m)
{
    if (m != NULL) {
        g_array_unref(m->members);
        g_hash_table_destroy(m->nodes);
        g_free(m);
    }
}

struct hacd_node *
hacd_node_find(const struct hacd *h, uint32_t nodeid)
{
    return g_hash_table_lookup(h->membership->nodes, GUINT_TO_POINTER(nodeid));
}

static gint
node_cmp(gconstpointer a, gconstpointer b)
{
    const struct hacd_node *x = *(struct hacd_node *const *) a;
    const struct hacd_node *y = *(struct hacd_node *const *) b;

    return (x->nodeid > y->nodeid) - (x->nodeid < y->nodeid);
}

GPtrArray *
hacd_nodes_sorted(const struct hacd *h)
{
    GPtrArray *sorted = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, h->membership->nodes);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        g_ptr_array_add(sorted, v);
    }
    g_ptr_array_sort(sorted, node_cmp);
    return sorted;
}

const GArray *
hacd_members(const struct hacd *h)
{
    return h->membership->members;
}

guint64
hacd_view_id(const struct hacd *h)
{
    return h->membership->view_id;
}

struct ha_cluster_ring
hacd_ring(const struct hacd *h)
{
    return h->membership->ring;
}

struct hacd_node *
hacd_node_get(struct hacd *h, uint32_t nodeid)
{
    struct hacd_node *n = hacd_node_find(h, nodeid);

    if (n == NULL) {
        const char *name = (h->cluster != NULL)
                           ? ha_cluster_node_name(h->cluster, nodeid) : NULL;

        n = g_new0(struct hacd_node, 1);
        n->nodeid = nodeid;
        n->name = (name != NULL) ? g_strdup(name)
                                 : g_strdup_printf("node%u", nodeid);
        g_hash_table_insert(h->membership->nodes, GUINT_TO_POINTER(nodeid), n);
    }
    return n;
}

const char *
hacd_node_name(struct hacd *h, uint32_t nodeid)
{
    return hacd_node_get(h, nodeid)->name;
}

uint32_t
hacd_node_by_name(struct hacd *h, const char *name)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, h->membership->nodes);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_node *n = v;

        if (strcmp(n->name, name) == 0) {
            return n->nodeid;
        }
    }
    return 0;
}

gboolean
hacd_is_member(const struct hacd *h, uint32_t nodeid, uint32_t pid)
{
    const GArray *members = h->membership->members;

    for (guint i = 0; i < members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(members, struct ha_cluster_member, i);

        if (m->nodeid == nodeid && m->pid == pid) {
            return TRUE;
        }
    }
    return FALSE;
}

gboolean
hacd_is_dc(const struct hacd *h)
{
    uint32_t dc = hacd_dc_nodeid(h);

    return h->cluster != NULL && dc != 0
           && dc == ha_cluster_local_nodeid(h->cluster)
           && hacd_dc_pid(h) == ha_cluster_local_pid(h->cluster);
}

const char *
hacd_node_state_str(enum hacd_node_state state)
{
    switch (state) {
    case HACD_NODE_ONLINE: return "online";
    case HACD_NODE_PENDING: return "pending";
    case HACD_NODE_LOST: return "lost";
    case HACD_NODE_OFFLINE: default: return "offline";
    }
}

/* ---- node states ---- */

static gboolean
grace_expired_cb(gpointer data)
{
    struct hacd_node *n = data;
    struct hacd *h = n->grace_data;

    n->grace_source = 0;
    if (n->state == HACD_NODE_PENDING && hacd_is_dc(h)) {
        (void) hacd_msg_send(h, HACD_MSG_NODE_LOST,
                             g_variant_new("(us)", n->nodeid,
                                           "its hacd did not come back within "
                                           "the grace period"));
    }
    return G_SOURCE_REMOVE;
}

/* The DC times the grace period of every node whose hacd is gone. */
static void
nodes_check_grace(struct hacd *h)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, h->membership->nodes);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_node *n = v;

        if (n->state == HACD_NODE_PENDING && hacd_is_dc(h)
            && n->grace_source == 0) {
            n->grace_data = h;
            n->grace_source = g_timeout_add(h->opt.grace_ms, grace_expired_cb,
                                            n);
        } else if (n->state != HACD_NODE_PENDING && n->grace_source != 0) {
            g_source_remove(n->grace_source);
            n->grace_source = 0;
        }
    }
}

/* A node joined or left: alerts say it with @desc. */
static void
emit_node(struct hacd *h, const struct hacd_node *n, const char *desc)
{
    struct hacd_event ev = {
        .type = HACD_EV_NODE, .why = "a node joined or left",
        .node = n->name, .nodeid = n->nodeid, .desc = desc,
    };

    hacd_emit(h, &ev);
}

static void
node_left(struct hacd *h, const struct ha_cluster_member *m)
{
    struct hacd_node *n = hacd_node_get(h, m->nodeid);

    if (n->pid != m->pid) {
        return;
    }
    if (n->clean) {
        n->state = HACD_NODE_OFFLINE;
        ha_notice("Node %s left the cluster cleanly", n->name);
        /* as Pacemaker erases a departed node's transient attributes: its
         * shutdown request and fail counts end with it, so it is a fresh
         * node when it comes back (every member does this at the same
         * point of the delivery order) */
        hacd_attr_forget_node(h, n->name);
        emit_node(h, n, "lost");
    } else if (m->reason == HA_CLUSTER_REASON_NODEDOWN) {
        n->state = HACD_NODE_LOST;
        n->in_ring = FALSE;
        ha_notice("Node %s was lost (left the corosync membership)", n->name);
        emit_node(h, n, "lost");
    } else {
        n->state = HACD_NODE_PENDING;
        ha_notice("hacd on node %s left the group; waiting %u ms for it to "
                  "come back", n->name, h->opt.grace_ms);
    }
}

static void
node_joined(struct hacd *h, const struct ha_cluster_member *m)
{
    struct hacd_node *n = hacd_node_get(h, m->nodeid);

    n->state = HACD_NODE_ONLINE;
    n->pid = m->pid;
    n->clean = FALSE;
    n->in_ring = TRUE;
    n->seen = TRUE;
    n->fenced = FALSE;
    n->fence_asked = FALSE;
    n->exec_ready = FALSE;
    n->lrm_view = 0;
    ha_notice("Node %s joined " QB_XS " nodeid=%u pid=%u", n->name,
              m->nodeid, m->pid);
    emit_node(h, n, "member");
}

/* ---- cluster callbacks ---- */

static void
on_confchg(ha_cluster_t *c, const struct ha_cluster_confchg *chg, void *ud)
{
    struct hacd *h = ud;
    struct hacd_membership *ms = h->membership;

    g_array_set_size(ms->members, 0);
    g_array_append_vals(ms->members, chg->members, chg->n_members);
    ms->view_id = hacd_view_hash(ms->members);
    for (size_t i = 0; i < chg->n_left; i++) {
        node_left(h, &chg->left[i]);
    }
    for (size_t i = 0; i < chg->n_joined; i++) {
        node_joined(h, &chg->joined[i]);
    }
    for (size_t i = 0; i < chg->n_members; i++) {
        struct hacd_node *n = hacd_node_get(h, chg->members[i].nodeid);

        n->state = HACD_NODE_ONLINE;
        n->pid = chg->members[i].pid;
        n->in_ring = TRUE;
    }
    hacd_sync_confchg(h, chg);
    nodes_check_grace(h);
    hacd_emit_simple(h, HACD_EV_MEMBERSHIP, "the membership changed");
}

static void
on_ring(ha_cluster_t *c, const struct ha_cluster_ring_change *chg, void *ud)
{
    struct hacd *h = ud;
    GHashTableIter it;
    gpointer v;

    h->membership->ring = chg->ring;
    g_hash_table_iter_init(&it, h->membership->nodes);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_node *n = v;
        gboolean in = FALSE;

        for (size_t i = 0; i < chg->n_nodes; i++) {
            in |= (chg->nodes[i] == n->nodeid);
        }
        if (!in && n->in_ring && n->state == HACD_NODE_PENDING) {
            n->state = HACD_NODE_LOST;
            ha_notice("Node %s was lost (left the corosync membership)",
                      n->name);
        }
        n->in_ring = in;
    }
    for (size_t i = 0; i < chg->n_nodes; i++) {
        hacd_node_get(h, chg->nodes[i])->in_ring = TRUE;
    }
    ha_info("Corosync ring %u.%" G_GUINT64_FORMAT " has %zu nodes",
            chg->ring.nodeid, chg->ring.seq, chg->n_nodes);
    nodes_check_grace(h);
}

static void
on_quorum(ha_cluster_t *c, gboolean quorate, const struct ha_cluster_ring *ring,
          void *ud)
{
    struct hacd *h = ud;
    static const char *const words[] = { "lost", "acquired" };

    if (quorate != h->membership->was_quorate) {
        ha_notice("Quorum %s " QB_XS " ring=%u.%" G_GUINT64_FORMAT,
                  words[quorate ? 1 : 0], ring->nodeid, ring->seq);
        h->membership->was_quorate = quorate;
    }
    hacd_sync_quorum_changed(h);
    hacd_emit_simple(h, HACD_EV_QUORUM, "quorum changed");
}

static void
on_lost(ha_cluster_t *c, int rc, void *ud)
{
    struct hacd *h = ud;

    if (!h->stopping) {
        ha_crit("Lost the connection to corosync: %s", ha_strerror(rc));
        hacd_fatal(h, -HA_ENOTCONN);
    }
}

static void
on_node_lost(struct hacd *h, GVariant *body)
{
    guint32 nodeid = 0;
    const char *why = NULL;
    struct hacd_node *n;

    g_variant_get(body, "(u&s)", &nodeid, &why);
    n = hacd_node_get(h, nodeid);
    if (n->state == HACD_NODE_PENDING || n->state == HACD_NODE_LOST) {
        n->state = HACD_NODE_LOST;
        ha_notice("Node %s is lost: %s", n->name, why);
        hacd_attr_forget_node(h, n->name);
        hacd_emit_simple(h, HACD_EV_NODE_LOST, "a node was lost");
    }
}

static void
dispatch(struct hacd *h, uint32_t nodeid, uint32_t pid, guint type,
         guint proto, GVariant *body)
{
    switch (type) {
    case HACD_MSG_STATE: hacd_sync_on_state(h, nodeid, pid, proto, body); break;
    case HACD_MSG_STORE_FULL: hacd_sync_on_store_full(h, nodeid, body); break;
    case HACD_MSG_SYNC_ACK: hacd_sync_on_ack(h, nodeid, pid, body); break;
    case HACD_MSG_SYNC_DONE: hacd_sync_on_done(h, nodeid, body); break;
    case HACD_MSG_NEED_STORE: hacd_sync_on_need_store(h, nodeid, body); break;
    case HACD_MSG_SYNC_FORCE: hacd_sync_on_force(h, nodeid, body); break;
    case HACD_MSG_BOOTSTRAP: hacd_sync_on_bootstrap(h, nodeid, body); break;
    case HACD_MSG_WRITE_REQ: hacd_write_on_req(h, nodeid, body); break;
    case HACD_MSG_WRITE_CHANGE: hacd_write_on_change(h, nodeid, body); break;
    case HACD_MSG_WRITE_CONFIRM: hacd_write_on_confirm(h, nodeid, body); break;
    case HACD_MSG_WRITE_RESULT: hacd_write_on_result(h, body); break;
    case HACD_MSG_ATTR_SET: hacd_attr_on_set(h, nodeid, pid, body); break;
    case HACD_MSG_ATTR_ALL: hacd_attr_on_all(h, nodeid, body); break;
    case HACD_MSG_NODE_LOST: on_node_lost(h, body); break;
    case HACD_MSG_SHUTDOWN: hacd_node_get(h, nodeid)->clean = TRUE; break;
    case HACD_MSG_LRM_ALL: hacd_status_on_lrm_all(h, nodeid, body); break;
    case HACD_MSG_OP_RESULT: hacd_status_on_op_result(h, nodeid, body); break;
    case HACD_MSG_LRM_DELETE:
        hacd_status_on_lrm_delete(h, nodeid, pid, body);
        break;
    case HACD_MSG_ACTION: hacd_lrm_on_action(h, nodeid, body); break;
    case HACD_MSG_FENCE_REQ: hacd_fence_on_req(h, nodeid, body); break;
    case HACD_MSG_FENCE_RESULT: hacd_fence_on_result(h, nodeid, body); break;
    case HACD_MSG_FENCE_ASK: hacd_fence_on_ask(h, nodeid, body); break;
    case HACD_MSG_TRANSITION: hacd_ctl_on_transition(h, nodeid, body); break;
    default: break;
    }
}

static void
on_deliver(ha_cluster_t *c, uint32_t nodeid, uint32_t pid, GBytes *payload,
           void *ud)
{
    struct hacd *h = ud;
    g_autoptr(GVariant) body = NULL;
    guint type = 0;
    guint proto = 0;

    if (!hacd_is_member(h, nodeid, pid)) {
        ha_debug("Dropping a message from %u:%u, not a known hacd", nodeid,
                 pid);
        return;
    }
    if (hacd_msg_decode(payload, &type, &proto, &body) < 0) {
        ha_warn("Dropping a malformed message from node %s " QB_XS
                " nodeid=%u pid=%u bytes=%zu", hacd_node_name(h, nodeid),
                nodeid, pid, g_bytes_get_size(payload));
        return;
    }
    dispatch(h, nodeid, pid, type, proto, body);
    hacd_emit_simple(h, HACD_EV_DELIVERED, "a message was delivered");
}

static const struct ha_cluster_callbacks hacd_callbacks = {
    .deliver = on_deliver,
    .confchg = on_confchg,
    .ring = on_ring,
    .quorum = on_quorum,
    .lost = on_lost,
};

/* ---- life cycle ---- */

struct hacd *
hacd_new(const struct hacd_options *opt, ha_cluster_fake_t *fake,
         uint32_t fake_nodeid)
{
    struct hacd *h = g_new0(struct hacd, 1);

    h->opt = *opt;
    h->opt.state_dir = g_strdup(opt->state_dir);
    h->opt.ipc_name = g_strdup(opt->ipc_name);
    if (h->opt.grace_ms == 0) {
        h->opt.grace_ms = HACD_GRACE_MS_DEFAULT;
    }
    if (h->opt.protocol == 0) {
        h->opt.protocol = HACD_PROTOCOL;
    }
    h->fake = fake;
    h->events = hacd_events_new();
    h->cluster = (fake != NULL)
                 ? ha_cluster_new_fake(fake, fake_nodeid, &hacd_callbacks, h)
                 : ha_cluster_new_corosync(HA_CLUSTER_GROUP, &hacd_callbacks,
                                           h);
    h->membership = hacd_membership_new();
    h->sync = hacd_sync_new();
    h->store = hacd_store_new();
    h->writes = hacd_writes_new();
    h->attrs = hacd_attrs_new();
    h->opt.execd_name = g_strdup(opt->execd_name);
    /* subscribers of an event are called in this order */
    hacd_status_init(h);
    hacd_watch_init(h);
    hacd_alerts_init(h);
    hacd_metrics_init(h);
    hacd_lrm_init(h);
    hacd_fence_init(h);
    if (h->opt.execd_name != NULL) {
        hacd_ctl_init(h);
    }
    return h;
}

int
hacd_start(struct hacd *h)
{
    int rc = hacd_store_load(h);
    GArray *nodes;

    if (rc < 0) {
        return ha_err_rc(rc, "Could not open the state directory '%s'",
                         h->opt.state_dir);
    }
    rc = ha_cluster_join(h->cluster);
    if (rc < 0) {
        return ha_err_rc(rc, "Could not join the cluster group '%s'",
                         HA_CLUSTER_GROUP);
    }
    nodes = ha_cluster_configured_nodes(h->cluster);
    for (guint i = 0; i < nodes->len; i++) {
        (void) hacd_node_get(h, g_array_index(nodes, guint32, i));
    }
    g_array_unref(nodes);
    hacd_lrm_start(h);
    if (h->opt.ipc_name != NULL) {
        rc = hacd_ipc_start(h);
        if (rc < 0) {
            return ha_err_rc(rc, "Could not serve IPC as '%s'",
                             h->opt.ipc_name);
        }
    }
    ha_notice("hacd started on node %s " QB_XS " nodeid=%u pid=%u protocol=%u",
              hacd_node_name(h, ha_cluster_local_nodeid(h->cluster)),
              ha_cluster_local_nodeid(h->cluster),
              ha_cluster_local_pid(h->cluster), h->opt.protocol);
    return 0;
}

void
hacd_stop(struct hacd *h)
{
    if (h->stopping) {
        return;
    }
    h->stopping = TRUE;
    (void) hacd_msg_send(h, HACD_MSG_SHUTDOWN, g_variant_new("()"));
    ha_cluster_leave(h->cluster);
}

/* ---- clean shutdown: resources move away first ---- */

#define SHUTDOWN_CHECK_MS 200

struct shutdown_wait {
    struct hacd *h;
    void (*done)(struct hacd *h, void *ud);
    void *ud;
    gint64 deadline_us;
};

static gboolean
shutdown_check_cb(gpointer data)
{
    struct shutdown_wait *w = data;
    struct hacd *h = w->h;
    guint active = hacd_lrm_active(h);

    if (active > 0 && g_get_monotonic_time() < w->deadline_us
        && hacd_members(h)->len > 1) {
        return G_SOURCE_CONTINUE;
    }
    if (active > 0) {
        ha_warn("Leaving with %u resources still active here", active);
    }
    hacd_stop(h);
    w->done(h, w->ud);
    g_free(w);
    return G_SOURCE_REMOVE;
}

static void
shutdown_attr_done(int rc, void *ud)
{
    if (rc < 0) {
        ha_warn("Could not announce the shutdown: %s", ha_strerror(rc));
    }
}

void
hacd_shutdown(struct hacd *h, void (*done)(struct hacd *h, void *ud),
              void *ud)
{
    struct shutdown_wait *w = g_new0(struct shutdown_wait, 1);
    const char *me = hacd_node_name(h, ha_cluster_local_nodeid(h->cluster));
    g_autofree char *now = g_strdup_printf("%" G_GINT64_FORMAT,
                                           g_get_real_time() / G_USEC_PER_SEC);

    w->h = h;
    w->done = done;
    w->ud = ud;
    w->deadline_us = g_get_monotonic_time()
                     + (gint64) HACD_SHUTDOWN_MAX_MS * 1000;
    if (h->exec != NULL && hacd_lrm_active(h) > 0
        && hacd_members(h)->len > 1) {
        hacd_attr_submit(h, me, "shutdown", now, shutdown_attr_done, NULL);
    }
    h->shutting_down = TRUE;
    (void) g_timeout_add(SHUTDOWN_CHECK_MS, shutdown_check_cb, w);
}

void
hacd_fatal(struct hacd *h, int rc)
{
    if (h->stopping) {
        return;
    }
    ha_crit("Leaving the cluster: %s", ha_strerror(rc));
    h->stopping = TRUE;
    ha_cluster_leave(h->cluster);
    if (h->on_fatal != NULL) {
        h->on_fatal(h, rc, h->fatal_data);
    }
}

void
hacd_free(struct hacd *h)
{
    if (h == NULL) {
        return;
    }
    hacd_watch_free(h);
    hacd_ctl_free(h);
    hacd_lrm_free(h);
    hacd_fence_free(h);
    hacd_status_clear(h);
    hacd_write_clear(h);
    hacd_attr_clear(h);
    ha_ipc_server_free(h->ipc);
    ha_cluster_free(h->cluster);
    hacd_sync_free(h->sync);
    hacd_writes_free(h->writes);
    hacd_attrs_free(h->attrs);
    hacd_store_free(h->store);
    hacd_membership_free(h->membership);
    hacd_events_free(h->events);
    g_free(h->opt.state_dir);
    g_free(h->opt.ipc_name);
    g_free(h->opt.execd_name);
    g_free(h);
}
