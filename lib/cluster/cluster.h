/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/cluster/cluster.h - membership, quorum and group messaging.
 *
 * One connection to the process group "ha" of the cluster: join, leave,
 * totally ordered multicast, membership changes with ring ids, quorum and
 * votes, node names and totem timings.  Two backends share this interface:
 *  - corosync (cluster_corosync.c): CPG (CPG_MODEL_V1 with the totem
 *    configuration), quorum (v1, ring ids), votequorum and cmap;
 *  - a fake (cluster_fake.c): an in-process simulated cluster of several
 *    nodes and processes, with partitions and configurable quorum, used by
 *    the unit and process-level tests of the layers above.
 *
 * Messages: ha_cluster_send() takes any payload.  Payloads above a small
 * threshold are compressed (zlib) and anything still above
 * HA_CLUSTER_CHUNK_BYTES is cut into chunks (a CPG message is atomic only
 * up to about 1 MiB, and bigger sends block the caller).  Receivers see
 * whole payloads.  Sending never blocks: when the group is flow-controlled
 * or in its sync phase (CS_ERR_TRY_AGAIN) frames wait in a queue that is
 * retried from the main loop, which keeps dispatching meanwhile.
 *
 * Invariants:
 *  - every callback runs from the GLib main loop, never from inside a call
 *    of this API;
 *  - every member sees the same sequence of deliveries and group
 *    membership changes (virtual synchrony), the sender included;
 *  - the quorum state is reported with the ring it belongs to;
 *    ha_cluster_quorate() is TRUE only when it belongs to the current ring.
 *
 * Ownership: the caller owns the ha_cluster_t; pointers passed to
 * callbacks are borrowed for the duration of the callback.
 */
#ifndef HA_CLUSTER_H
#define HA_CLUSTER_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

/* The process group all hacd instances join. */
#define HA_CLUSTER_GROUP "ha"

/* Largest frame handed to CPG (1 MiB - 1 KiB is the atomic limit). */
#define HA_CLUSTER_CHUNK_BYTES (960 * 1024)

/* Largest payload accepted by ha_cluster_send() and reassembled. */
#define HA_CLUSTER_MAX_PAYLOAD (256U * 1024 * 1024)

typedef struct ha_cluster ha_cluster_t;

/* One process in the group. */
struct ha_cluster_member {
    uint32_t nodeid;
    uint32_t pid;
    uint32_t reason;    /* enum ha_cluster_reason, for left/joined lists */
};

enum ha_cluster_reason {
    HA_CLUSTER_REASON_NONE = 0,
    HA_CLUSTER_REASON_JOIN = 1,      /* the process joined */
    HA_CLUSTER_REASON_LEAVE = 2,     /* the process left cleanly */
    HA_CLUSTER_REASON_NODEDOWN = 3,  /* its node left the ring */
    HA_CLUSTER_REASON_NODEUP = 4,    /* its node came back (merge) */
    HA_CLUSTER_REASON_PROCDOWN = 5,  /* the process died */
};

/* A totem ring: seq grows with every new ring, across the cluster. */
struct ha_cluster_ring {
    uint32_t nodeid;
    uint64_t seq;
};

/* A change of the group's membership (borrowed by the callback). */
struct ha_cluster_confchg {
    const struct ha_cluster_member *members;  /* sorted by (nodeid, pid) */
    size_t n_members;
    const struct ha_cluster_member *left;
    size_t n_left;
    const struct ha_cluster_member *joined;
    size_t n_joined;
};

/* A change of the totem ring: the nodes (not processes) that are up. */
struct ha_cluster_ring_change {
    struct ha_cluster_ring ring;
    const uint32_t *nodes;      /* sorted node ids */
    size_t n_nodes;
};

struct ha_cluster_callbacks {
    /* A whole payload from (nodeid, pid), in the group's total order. */
    void (*deliver)(ha_cluster_t *cluster, uint32_t nodeid, uint32_t pid,
                    GBytes *payload, void *user_data);
    /* The group's membership changed (same stream position everywhere). */
    void (*confchg)(ha_cluster_t *cluster,
                    const struct ha_cluster_confchg *change, void *user_data);
    /* The totem ring changed. */
    void (*ring)(ha_cluster_t *cluster,
                 const struct ha_cluster_ring_change *change, void *user_data);
    /* Quorum changed, or was confirmed for a new ring. */
    void (*quorum)(ha_cluster_t *cluster, gboolean quorate,
                   const struct ha_cluster_ring *ring, void *user_data);
    /* The connection to the cluster is gone (@rc says why). */
    void (*lost)(ha_cluster_t *cluster, int rc, void *user_data);
};

/* Totem timings as corosync runs them (runtime.config.totem.*). */
struct ha_cluster_timings {
    guint token_ms;
    guint consensus_ms;
};

/* Opaque simulated cluster of the fake backend. */
typedef struct ha_cluster_fake ha_cluster_fake_t;

/**
 * Create a connection through corosync (not connected yet).
 *
 * @param[in] group      process group name (HA_CLUSTER_GROUP), copied
 * @param[in] callbacks  copied
 * @param[in] user_data  passed to every callback, not owned
 *
 * @return a new connection; free with ha_cluster_free()
 */
ha_cluster_t *ha_cluster_new_corosync(const char *group,
                                      const struct ha_cluster_callbacks *callbacks,
                                      void *user_data);

/**
 * Create a connection of one process on node @nodeid of a fake cluster.
 *
 * @param[in] fake       the simulated cluster, must outlive the connection
 * @param[in] nodeid     a node previously added with ha_cluster_fake_node_add()
 * @param[in] callbacks  copied
 * @param[in] user_data  not owned
 */
ha_cluster_t *ha_cluster_new_fake(ha_cluster_fake_t *fake, uint32_t nodeid,
                                  const struct ha_cluster_callbacks *callbacks,
                                  void *user_data);

/**
 * Connect and join the group.  Membership and quorum arrive later through
 * the callbacks.
 *
 * @return 0, -HA_ENOTCONN if corosync is not running, -EACCES if this user
 *         may not use corosync (uidgid), or another negative code
 */
int ha_cluster_join(ha_cluster_t *cluster);

/**
 * Leave the group cleanly (others see HA_CLUSTER_REASON_LEAVE) and
 * disconnect once queued frames are out or after a short bound.
 */
void ha_cluster_leave(ha_cluster_t *cluster);

/**
 * Queue @payload for totally ordered delivery to every member.
 *
 * @param[in] payload  the bytes (referenced, not copied)
 *
 * @return 0 once queued, -HA_ETOOBIG over HA_CLUSTER_MAX_PAYLOAD,
 *         -HA_ENOTCONN when not joined
 */
int ha_cluster_send(ha_cluster_t *cluster, GBytes *payload);

/** Node id of this node (0 before ha_cluster_join()). */
uint32_t ha_cluster_local_nodeid(const ha_cluster_t *cluster);

/** Process id this connection has in the group. */
uint32_t ha_cluster_local_pid(const ha_cluster_t *cluster);

/** TRUE if the partition is quorate in the current ring. */
gboolean ha_cluster_quorate(const ha_cluster_t *cluster);

/** The current totem ring (seq 0 before the first one). */
struct ha_cluster_ring ha_cluster_current_ring(const ha_cluster_t *cluster);

/** Votes of node @nodeid (1 when unknown). */
guint ha_cluster_node_votes(const ha_cluster_t *cluster, uint32_t nodeid);

/** Votes needed for quorum (a majority of the expected votes). */
guint ha_cluster_quorum_votes(const ha_cluster_t *cluster);

/**
 * Name of node @nodeid from the configured nodelist, or NULL if unknown.
 * Borrowed: valid until the connection is freed.
 */
const char *ha_cluster_node_name(ha_cluster_t *cluster, uint32_t nodeid);

/**
 * Every node id of the configured nodelist, sorted (owned by the caller,
 * free with g_array_unref()).
 */
GArray *ha_cluster_configured_nodes(ha_cluster_t *cluster);

/** Totem timings (defaults for the fake). */
struct ha_cluster_timings ha_cluster_timings(ha_cluster_t *cluster);

/** Free a connection (leaving the group without waiting).  NULL is fine. */
void ha_cluster_free(ha_cluster_t *cluster);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_cluster_t, ha_cluster_free)

/* ---- fake backend control (tests) ---- */

/** Create an empty simulated cluster.  Free with ha_cluster_fake_free(). */
ha_cluster_fake_t *ha_cluster_fake_new(void);

/**
 * Add node @nodeid (up, in partition 0) named @name (copied) with @votes.
 * The expected votes are the sum of every added node's votes.
 */
void ha_cluster_fake_node_add(ha_cluster_fake_t *fake, uint32_t nodeid,
                              const char *name, guint votes);

/**
 * Put node @nodeid into partition @partition (0 is the main one).  Nodes in
 * different partitions do not see each other's messages; both sides get a
 * new ring, a membership change and a quorum notification.
 */
void ha_cluster_fake_partition(ha_cluster_fake_t *fake, uint32_t nodeid,
                               guint partition);

/** Power node @nodeid off (FALSE: its processes vanish) or on again. */
void ha_cluster_fake_node_set_up(ha_cluster_fake_t *fake, uint32_t nodeid,
                                 gboolean up);

/**
 * Simulate the death of the process behind @cluster (others see
 * PROCDOWN); the connection then reports lost() and can only be freed.
 */
void ha_cluster_fake_kill(ha_cluster_fake_t *fake, ha_cluster_t *cluster);

/**
 * Force the quorum of partition @partition (1 quorate, 0 not) or return to
 * the computed majority (-1).
 */
void ha_cluster_fake_force_quorum(ha_cluster_fake_t *fake, guint partition,
                                  int quorate);

/** Number of events queued and not delivered yet. */
guint ha_cluster_fake_pending(const ha_cluster_fake_t *fake);

/** Free the simulated cluster (every connection must be freed first). */
void ha_cluster_fake_free(ha_cluster_fake_t *fake);

G_END_DECLS

#endif /* HA_CLUSTER_H */
