/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/cluster/cluster_corosync.c - the corosync backend: CPG (model v1 with
 * the totem configuration), quorum (v1, with ring ids), votequorum (votes
 * and the quorum threshold) and cmap (nodelist, totem timings).
 *
 * Every corosync handle has an fd; each is watched by the GLib main loop
 * and dispatched with CS_DISPATCH_ALL, so callbacks run from the loop.  A
 * dispatch failure means corosync is gone: lost() is reported once.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <corosync/cmap.h>
#include <corosync/corotypes.h>
#include <corosync/cpg.h>
#include <corosync/quorum.h>
#include <corosync/votequorum.h>

#include "common/log.h"
#include "common/results.h"
#include "cluster/cluster_private.h"

#define JOIN_TRIES 100          /* x 10 ms: sync phase of a fresh ring */

struct corosync_data {
    cpg_handle_t cpg;
    quorum_handle_t quorum;
    votequorum_handle_t vq;
    struct cpg_name name;
    guint cpg_watch;
    guint quorum_watch;
    guint vq_watch;
    gboolean cpg_ok;
    gboolean quorum_ok;
    gboolean vq_ok;
};

static int
rc_from_cs(cs_error_t err)
{
    switch (err) {
    case CS_OK: return 0;
    case CS_ERR_TRY_AGAIN: return -EAGAIN;
    case CS_ERR_ACCESS: return -EACCES;
    case CS_ERR_LIBRARY: return -HA_ENOTCONN;
    case CS_ERR_NO_MEMORY: return -ENOMEM;
    case CS_ERR_TOO_BIG: return -HA_ETOOBIG;
    case CS_ERR_NOT_EXIST: return -ENOENT;
    case CS_ERR_BAD_HANDLE: return -EBADF;
    default: return -EPROTO;
    }
}

static ha_cluster_t *
cluster_from_cpg(cpg_handle_t h)
{
    void *ctx = NULL;

    (void) cpg_context_get(h, &ctx);
    return ctx;
}

static void
copy_members(const struct cpg_address *in, size_t n,
             struct ha_cluster_member *out)
{
    for (size_t i = 0; i < n; i++) {
        out[i].nodeid = in[i].nodeid;
        out[i].pid = in[i].pid;
        out[i].reason = in[i].reason;
    }
}

static void
cpg_deliver_cb(cpg_handle_t h, const struct cpg_name *group, uint32_t nodeid,
               uint32_t pid, void *msg, size_t len)
{
    ha_cluster__frame_received(cluster_from_cpg(h), nodeid, pid, msg, len);
}

static void
cpg_confchg_cb(cpg_handle_t h, const struct cpg_name *group,
               const struct cpg_address *members, size_t n_members,
               const struct cpg_address *left, size_t n_left,
               const struct cpg_address *joined, size_t n_joined)
{
    g_autofree struct ha_cluster_member *m =
        g_new0(struct ha_cluster_member, n_members + 1);
    g_autofree struct ha_cluster_member *l =
        g_new0(struct ha_cluster_member, n_left + 1);
    g_autofree struct ha_cluster_member *j =
        g_new0(struct ha_cluster_member, n_joined + 1);

    copy_members(members, n_members, m);
    copy_members(left, n_left, l);
    copy_members(joined, n_joined, j);
    ha_cluster__confchg(cluster_from_cpg(h), m, n_members, l, n_left, j,
                        n_joined);
}

static void
cpg_totem_cb(cpg_handle_t h, struct cpg_ring_id ring_id, uint32_t n,
             const uint32_t *nodes)
{
    g_autofree uint32_t *copy = g_memdup2(nodes, (n + 1) * sizeof(uint32_t));
    struct ha_cluster_ring ring = { ring_id.nodeid, ring_id.seq };

    ha_cluster__ring(cluster_from_cpg(h), ring, copy, n);
}

static void
quorum_cb(quorum_handle_t h, uint32_t quorate, struct quorum_ring_id ring_id,
          uint32_t n, const uint32_t *nodes)
{
    void *ctx = NULL;
    struct ha_cluster_ring ring = { ring_id.nodeid, ring_id.seq };

    (void) quorum_context_get(h, (const void **) &ctx);
    ha_cluster__quorum(ctx, quorate != 0, ring);
}

static void
vq_refresh(ha_cluster_t *c, votequorum_handle_t h, uint32_t n,
           const uint32_t *nodes)
{
    struct votequorum_info info;

    for (uint32_t i = 0; i < n; i++) {
        if (votequorum_getinfo(h, nodes[i], &info) == CS_OK) {
            g_hash_table_replace(c->votes, GUINT_TO_POINTER(nodes[i]),
                                 GUINT_TO_POINTER(info.node_votes));
        }
    }
    if (votequorum_getinfo(h, c->nodeid, &info) == CS_OK && info.quorum > 0) {
        c->quorum_votes = info.quorum;
    }
}

static void
vq_quorum_cb(votequorum_handle_t h, uint64_t context, uint32_t quorate,
             uint32_t n, votequorum_node_t nodes[])
{
    void *ctx = NULL;
    g_autofree uint32_t *ids = g_new0(uint32_t, n + 1);

    (void) votequorum_context_get(h, &ctx);
    for (uint32_t i = 0; i < n; i++) {
        ids[i] = nodes[i].nodeid;
    }
    vq_refresh(ctx, h, n, ids);
}

static void
vq_expected_cb(votequorum_handle_t h, uint64_t context, uint32_t expected)
{
    void *ctx = NULL;
    ha_cluster_t *c;
    struct votequorum_info info;

    (void) votequorum_context_get(h, &ctx);
    c = ctx;
    if (votequorum_getinfo(h, c->nodeid, &info) == CS_OK && info.quorum > 0) {
        c->quorum_votes = info.quorum;
    }
}

/* Read names, ids and totem timings once (they do not change at runtime
 * without a configuration reload, which hacd does not follow yet). */
static void
cmap_read(ha_cluster_t *c)
{
    cmap_handle_t h;
    uint32_t v = 0;

    if (cmap_initialize(&h) != CS_OK) {
        return;
    }
    for (int i = 0; i < 1024; i++) {
        char key[CMAP_KEYNAME_MAXLEN + 1];
        uint32_t nodeid = 0;
        char *name = NULL;

        (void) snprintf(key, sizeof(key), "nodelist.node.%d.nodeid", i);
        if (cmap_get_uint32(h, key, &nodeid) != CS_OK) {
            break;
        }
        (void) snprintf(key, sizeof(key), "nodelist.node.%d.name", i);
        if (cmap_get_string(h, key, &name) != CS_OK) {
            (void) snprintf(key, sizeof(key), "nodelist.node.%d.ring0_addr",
                            i);
            (void) cmap_get_string(h, key, &name);
        }
        ha_cluster__set_node(c, nodeid, name);
        free(name);     /* allocated by libcmap with malloc */
    }
    if (cmap_get_uint32(h, "runtime.config.totem.token", &v) == CS_OK) {
        c->timings.token_ms = v;
    }
    if (cmap_get_uint32(h, "runtime.config.totem.consensus", &v) == CS_OK) {
        c->timings.consensus_ms = v;
    }
    (void) cmap_finalize(h);
}

static gboolean
cpg_fd_cb(gint fd, GIOCondition cond, gpointer data)
{
    ha_cluster_t *c = data;
    struct corosync_data *d = c->backend_data;
    cs_error_t err = cpg_dispatch(d->cpg, CS_DISPATCH_ALL);

    if (err != CS_OK && err != CS_ERR_TRY_AGAIN) {
        d->cpg_watch = 0;
        ha_cluster__lost(c, rc_from_cs(err));
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static gboolean
quorum_fd_cb(gint fd, GIOCondition cond, gpointer data)
{
    ha_cluster_t *c = data;
    struct corosync_data *d = c->backend_data;
    cs_error_t err = quorum_dispatch(d->quorum, CS_DISPATCH_ALL);

    if (err != CS_OK && err != CS_ERR_TRY_AGAIN) {
        d->quorum_watch = 0;
        ha_cluster__lost(c, rc_from_cs(err));
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static gboolean
vq_fd_cb(gint fd, GIOCondition cond, gpointer data)
{
    ha_cluster_t *c = data;
    struct corosync_data *d = c->backend_data;
    cs_error_t err = votequorum_dispatch(d->vq, CS_DISPATCH_ALL);

    if (err != CS_OK && err != CS_ERR_TRY_AGAIN) {
        d->vq_watch = 0;
        ha_cluster__lost(c, rc_from_cs(err));
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static int
cpg_open(ha_cluster_t *c, struct corosync_data *d)
{
    cpg_model_v1_data_t model = {
        .model = CPG_MODEL_V1,
        .cpg_deliver_fn = cpg_deliver_cb,
        .cpg_confchg_fn = cpg_confchg_cb,
        .cpg_totem_confchg_fn = cpg_totem_cb,
        .flags = CPG_MODEL_V1_DELIVER_INITIAL_TOTEM_CONF,
    };
    unsigned int nodeid = 0;
    int fd = -1;
    cs_error_t err;

    err = cpg_model_initialize(&d->cpg, CPG_MODEL_V1,
                               (cpg_model_data_t *) &model, c);
    if (err != CS_OK) {
        return rc_from_cs(err);
    }
    d->cpg_ok = TRUE;
    err = cpg_local_get(d->cpg, &nodeid);
    if (err == CS_OK) {
        err = cpg_fd_get(d->cpg, &fd);
    }
    if (err != CS_OK) {
        return rc_from_cs(err);
    }
    c->nodeid = nodeid;
    c->pid = (uint32_t) getpid();
    d->cpg_watch = g_unix_fd_add(fd, G_IO_IN | G_IO_HUP | G_IO_ERR, cpg_fd_cb,
                                 c);
    return 0;
}

static int
quorum_open(ha_cluster_t *c, struct corosync_data *d)
{
    quorum_model_v1_data_t model = {
        .model = QUORUM_MODEL_V1,
        .quorum_notify_fn = quorum_cb,
    };
    votequorum_callbacks_t vq_cb = {
        .votequorum_quorum_notify_fn = vq_quorum_cb,
        .votequorum_expectedvotes_notify_fn = vq_expected_cb,
    };
    uint32_t type = 0;
    int fd = -1;
    cs_error_t err;

    err = quorum_model_initialize(&d->quorum, QUORUM_MODEL_V1,
                                  (quorum_model_data_t *) &model, &type, c);
    if (err != CS_OK) {
        return rc_from_cs(err);
    }
    d->quorum_ok = TRUE;
    err = quorum_trackstart(d->quorum, CS_TRACK_CHANGES | CS_TRACK_CURRENT);
    if (err == CS_OK) {
        err = quorum_fd_get(d->quorum, &fd);
    }
    if (err != CS_OK) {
        return rc_from_cs(err);
    }
    d->quorum_watch = g_unix_fd_add(fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                    quorum_fd_cb, c);
    /* votequorum is optional: another quorum provider has no votes. */
    if (votequorum_initialize(&d->vq, &vq_cb) == CS_OK) {
        d->vq_ok = TRUE;
        (void) votequorum_context_set(d->vq, c);
        (void) votequorum_trackstart(d->vq, 0,
                                     CS_TRACK_CHANGES | CS_TRACK_CURRENT);
        if (votequorum_fd_get(d->vq, &fd) == CS_OK) {
            d->vq_watch = g_unix_fd_add(fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                        vq_fd_cb, c);
        }
    }
    return 0;
}

static int
corosync_join(ha_cluster_t *c)
{
    struct corosync_data *d = c->backend_data;
    cs_error_t err = CS_ERR_TRY_AGAIN;
    int rc;

    rc = cpg_open(c, d);
    if (rc < 0) {
        return rc;
    }
    rc = quorum_open(c, d);
    if (rc < 0) {
        return rc;
    }
    cmap_read(c);
    d->name.length = (uint32_t) MIN(strlen(c->group), CPG_MAX_NAME_LENGTH);
    memcpy(d->name.value, c->group, d->name.length);
    /* A join during the sync phase of a new ring gets TRY_AGAIN; this is
     * startup, nothing else is served yet, so a short bounded wait is fine. */
    for (int i = 0; i < JOIN_TRIES && err == CS_ERR_TRY_AGAIN; i++) {
        err = cpg_join(d->cpg, &d->name);
        if (err == CS_ERR_TRY_AGAIN) {
            g_usleep(10 * 1000);
        }
    }
    return rc_from_cs(err);
}

static void
corosync_leave(ha_cluster_t *c)
{
    struct corosync_data *d = c->backend_data;

    for (int i = 0; i < JOIN_TRIES; i++) {
        if (cpg_leave(d->cpg, &d->name) != CS_ERR_TRY_AGAIN) {
            break;
        }
        g_usleep(10 * 1000);
    }
}

static int
corosync_mcast(ha_cluster_t *c, const void *frame, size_t len)
{
    struct corosync_data *d = c->backend_data;
    struct iovec iov = { (void *) frame, len };

    return rc_from_cs(cpg_mcast_joined(d->cpg, CPG_TYPE_AGREED, &iov, 1));
}

static void
corosync_free(ha_cluster_t *c)
{
    struct corosync_data *d = c->backend_data;

    if (d == NULL) {
        return;
    }
    if (d->cpg_watch != 0) {
        g_source_remove(d->cpg_watch);
    }
    if (d->quorum_watch != 0) {
        g_source_remove(d->quorum_watch);
    }
    if (d->vq_watch != 0) {
        g_source_remove(d->vq_watch);
    }
    if (d->cpg_ok) {
        (void) cpg_finalize(d->cpg);
    }
    if (d->quorum_ok) {
        (void) quorum_finalize(d->quorum);
    }
    if (d->vq_ok) {
        (void) votequorum_finalize(d->vq);
    }
    g_free(d);
    c->backend_data = NULL;
}

static const struct ha_cluster_backend corosync_backend = {
    .name = "corosync",
    .join = corosync_join,
    .leave = corosync_leave,
    .mcast = corosync_mcast,
    .free = corosync_free,
};

ha_cluster_t *
ha_cluster_new_corosync(const char *group,
                        const struct ha_cluster_callbacks *callbacks,
                        void *user_data)
{
    ha_cluster_t *c = ha_cluster__new(&corosync_backend, group, callbacks,
                                      user_data);

    c->backend_data = g_new0(struct corosync_data, 1);
    return c;
}
