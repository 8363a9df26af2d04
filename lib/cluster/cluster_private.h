/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/cluster/cluster_private.h - what the backends share with cluster.c.
 *
 * cluster.c owns framing (compression, chunks, reassembly), the send queue
 * and the state every backend reports (ring, quorum, votes, names).  A
 * backend only moves frames and reports events through the ha_cluster__*
 * functions below, always from the main loop.
 */
#ifndef HA_CLUSTER_PRIVATE_H
#define HA_CLUSTER_PRIVATE_H

#include "cluster/cluster.h"

struct ha_cluster_backend {
    const char *name;
    int (*join)(ha_cluster_t *c);
    void (*leave)(ha_cluster_t *c);
    /* 0 sent, -EAGAIN try again later, other negative: failure */
    int (*mcast)(ha_cluster_t *c, const void *frame, size_t len);
    void (*free)(ha_cluster_t *c);
};

struct ha_cluster {
    const struct ha_cluster_backend *backend;
    void *backend_data;
    struct ha_cluster_callbacks cb;
    void *user_data;
    char *group;

    uint32_t nodeid;
    uint32_t pid;
    gboolean joined;
    gboolean dead;              /* lost() was reported */

    GQueue out;                 /* GBytes frames waiting for the backend */
    guint retry_source;
    guint retry_delay_ms;
    uint32_t send_seq;
    GHashTable *partials;       /* "nodeid:pid" -> struct cluster_partial */

    struct ha_cluster_ring ring;
    gboolean quorate;
    struct ha_cluster_ring quorum_ring;
    GHashTable *votes;          /* nodeid -> votes */
    guint quorum_votes;
    GHashTable *names;          /* nodeid -> char* */
    GArray *configured;         /* guint32 node ids */
    struct ha_cluster_timings timings;
};

ha_cluster_t *ha_cluster__new(const struct ha_cluster_backend *backend,
                              const char *group,
                              const struct ha_cluster_callbacks *callbacks,
                              void *user_data);
void ha_cluster__frame_received(ha_cluster_t *c, uint32_t nodeid,
                                uint32_t pid, const void *frame, size_t len);
void ha_cluster__confchg(ha_cluster_t *c, struct ha_cluster_member *members,
                         size_t n_members, struct ha_cluster_member *left,
                         size_t n_left, struct ha_cluster_member *joined,
                         size_t n_joined);
void ha_cluster__ring(ha_cluster_t *c, struct ha_cluster_ring ring,
                      uint32_t *nodes, size_t n_nodes);
void ha_cluster__quorum(ha_cluster_t *c, gboolean quorate,
                        struct ha_cluster_ring ring);
void ha_cluster__lost(ha_cluster_t *c, int rc);
void ha_cluster__set_node(ha_cluster_t *c, uint32_t nodeid, const char *name);

/* Framing, exposed for the unit tests of cluster.c. */
#define HA_CLUSTER_FRAME_HEADER 28
#define HA_CLUSTER_COMPRESS_ABOVE (64 * 1024)
GPtrArray *ha_cluster__frames_encode(GBytes *payload, uint32_t seq,
                                     gsize chunk_bytes);

#endif /* HA_CLUSTER_PRIVATE_H */
