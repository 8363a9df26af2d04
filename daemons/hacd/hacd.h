/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd.h - the cluster daemon's state and its modules.
 *
 * One struct hacd is one daemon instance.  There are no globals, so the
 * process-level tests run several instances in one process on the fake
 * cluster backend.  Modules (one file each):
 *   hacd_core.c    instance life cycle, cluster callbacks, node table
 *   hacd_msg.c     the CPG message envelope and codecs
 *   hacd_sync.c    DC computation and store sync (DESIGN.md decisions 1-3)
 *   hacd_store.c   the local copy of the store and its persistence
 *   hacd_write.c   quorum-acknowledged configuration writes (decision 4)
 *   hacd_attrs.c   transient node attributes (decision 5)
 *   hacd_ipc.c     the hactl service
 *
 * Invariants:
 *  - Every state change that must be identical on all members happens when
 *    a CPG message or membership change is DELIVERED, never when sent, so
 *    every member computes the same DC, winner store and versions.
 *  - A node never sends its own store unless it holds the winning copy.
 *  - Writes are accepted only when this partition is quorate, the DC is
 *    known and the sync of the current membership is done.
 */
#ifndef HA_HACD_H
#define HA_HACD_H

#include <glib.h>
#include <stdint.h>

#include "cluster/cluster.h"
#include "ipc/ipc.h"
#include "store/store_doc.h"

G_BEGIN_DECLS

/* CPG protocol version this build speaks (in every message). */
#define HACD_PROTOCOL 1

/* Default grace period for a node whose hacd left CPG (decision 6). */
#define HACD_GRACE_MS_DEFAULT 30000

struct hacd_options {
    char *state_dir;        /* store + hacd.state live here */
    char *ipc_name;         /* NULL: no IPC service (tests) */
    guint grace_ms;         /* hacd gone, node in ring: wait this long */
    guint protocol;         /* HACD_PROTOCOL, lower only in tests */
    guint keep;             /* store versions kept on disk */
    guint sync_timeout_ms;  /* 0: 4 x token + 5 s (a member that does not
                             * answer a sync within this is left out) */
};

enum hacd_node_state {
    HACD_NODE_OFFLINE = 0,  /* not in the ring, left cleanly or never seen */
    HACD_NODE_ONLINE,       /* its hacd is a member */
    HACD_NODE_PENDING,      /* in the ring, hacd gone: grace period */
    HACD_NODE_LOST,         /* left the ring uncleanly / grace expired */
};

struct hacd_node {
    uint32_t nodeid;
    char *name;
    enum hacd_node_state state;
    gboolean in_ring;
    uint32_t pid;           /* hacd's pid when online */
    guint proto;            /* protocol its hacd speaks (from STATE) */
    gboolean clean;         /* its hacd announced a clean shutdown */
    guint grace_source;     /* DC only */
    struct hacd *grace_data; /* borrowed, for the grace timer */
};

/* A member's answer to a membership change (STATE message). */
struct hacd_peer_state {
    uint32_t nodeid;
    uint32_t pid;
    guint proto;
    struct ha_store_version version;
    char *digest;           /* "" when the copy is corrupt */
    guint64 quorate_ring;
    gboolean synced;
    uint32_t dc_nodeid;
    uint32_t dc_pid;
};

enum hacd_sync_phase {
    HACD_SYNC_COLLECTING,   /* waiting for every member's STATE */
    HACD_SYNC_TRANSFER,     /* winner known, copies being fixed */
    HACD_SYNC_DONE,         /* SYNC_DONE delivered: writes allowed */
};

/* Completion of a write (rc 0: durable on a quorum). */
typedef void (*hacd_write_done_fn)(int rc,
                                   const struct ha_store_version *version,
                                   const char *digest, void *user_data);

struct hacd_inflight;

struct hacd {
    struct hacd_options opt;
    ha_cluster_t *cluster;
    ha_cluster_fake_t *fake;        /* borrowed, tests only */
    ha_ipc_server_t *ipc;
    void (*on_fatal)(struct hacd *h, int rc, void *user_data);
    void *fatal_data;
    gboolean stopping;

    /* membership: sorted (nodeid, pid) of hacd processes */
    GArray *members;
    guint64 view_id;
    struct ha_cluster_ring ring;
    gboolean was_quorate;
    GHashTable *nodes;              /* nodeid -> struct hacd_node */

    /* DC and sync (hacd_sync.c) */
    uint32_t dc_nodeid;
    uint32_t dc_pid;
    gboolean view_valid;            /* I know the DC history */
    GHashTable *synced;             /* nodeids synced in the last DC config */
    gboolean i_am_synced;
    enum hacd_sync_phase phase;
    GHashTable *states;             /* "nodeid:pid" -> hacd_peer_state */
    GHashTable *sync_acks;          /* "nodeid:pid" present */
    struct hacd_peer_state *winner; /* borrowed from states */
    gint64 confchg_us;              /* monotonic time of the last confchg */
    gint64 dc_since_us;
    guint sync_timer;

    /* store (hacd_store.c) */
    ha_store_doc_t *doc;
    gboolean corrupt;
    guint64 quorate_ring;           /* last quorate ring this copy saw */
    char *store_dir;
    int persist_fault;              /* tests: next saves fail with this */
    GHashTable *applied;            /* request id -> GUINT_TO_POINTER(1) */
    GQueue applied_order;           /* request ids, oldest first */

    /* writes (hacd_write.c) */
    GHashTable *local_writes;       /* request id -> struct hacd_local_write */
    GQueue dc_queue;                /* DC: GVariant WRITE_REQ bodies */
    struct hacd_inflight *inflight; /* DC: the write being confirmed */

    /* attributes (hacd_attrs.c) */
    GHashTable *attrs;              /* "node\nname" -> value */
    GHashTable *attr_waits;         /* token -> struct hacd_attr_wait */
    guint64 attr_token;
    GPtrArray *attr_replay;         /* ATTR_SETs since SYNC_DONE, or NULL */
};

/* ---- hacd_core.c ---- */

/**
 * Create an instance (not started).  @opt is copied.
 * @fake: NULL for corosync, else the simulated cluster (tests).
 */
struct hacd *hacd_new(const struct hacd_options *opt, ha_cluster_fake_t *fake,
                      uint32_t fake_nodeid);

/** Load the store, join the cluster, serve IPC.  0 or negative. */
int hacd_start(struct hacd *h);

/** Announce a clean shutdown and leave the group. */
void hacd_stop(struct hacd *h);

/** Free an instance.  NULL is fine. */
void hacd_free(struct hacd *h);

/** A fatal condition: leave the cluster and tell the owner (main). */
void hacd_fatal(struct hacd *h, int rc);

/** Node entry (created on first use). */
struct hacd_node *hacd_node_get(struct hacd *h, uint32_t nodeid);

/** Display name of a node ("node<id>" when unknown); borrowed. */
const char *hacd_node_name(struct hacd *h, uint32_t nodeid);

/** Node id of a node name, 0 if unknown. */
uint32_t hacd_node_by_name(struct hacd *h, const char *name);

/** TRUE if (nodeid, pid) is in the current membership. */
gboolean hacd_is_member(const struct hacd *h, uint32_t nodeid, uint32_t pid);

/** TRUE if this instance is the DC. */
gboolean hacd_is_dc(const struct hacd *h);

/** Node state as a word for status output. */
const char *hacd_node_state_str(enum hacd_node_state state);

/* ---- hacd_msg.c ---- */

enum hacd_msg_type {
    HACD_MSG_STATE = 1,
    HACD_MSG_STORE_FULL = 2,
    HACD_MSG_SYNC_ACK = 3,
    HACD_MSG_SYNC_DONE = 4,
    HACD_MSG_WRITE_REQ = 5,
    HACD_MSG_WRITE_CHANGE = 6,
    HACD_MSG_WRITE_CONFIRM = 7,
    HACD_MSG_WRITE_RESULT = 8,
    HACD_MSG_ATTR_SET = 9,
    HACD_MSG_ATTR_ALL = 10,
    HACD_MSG_NODE_LOST = 11,
    HACD_MSG_SHUTDOWN = 12,
    HACD_MSG_NEED_STORE = 13,
    HACD_MSG_SYNC_FORCE = 14,
};

/** Body type string of a message type, NULL if unknown. */
const char *hacd_msg_body_type(guint type);

/** Multicast one message (@body floating ref sunk).  0 or negative. */
int hacd_msg_send(struct hacd *h, enum hacd_msg_type type, GVariant *body);

/**
 * Decode an envelope.  0 with the type, protocol and body set, or
 * -HA_EPROTO for anything malformed, unknown or of the wrong type.
 */
int hacd_msg_decode(GBytes *payload, guint *ret_type, guint *ret_proto,
                    GVariant **ret_body);

/** Hash of a sorted member list (identifies a membership). */
guint64 hacd_view_hash(const GArray *members);

/* ---- hacd_sync.c ---- */

void hacd_sync_confchg(struct hacd *h, const struct ha_cluster_confchg *chg);
void hacd_sync_on_state(struct hacd *h, uint32_t nodeid, uint32_t pid,
                        guint proto, GVariant *body);
void hacd_sync_on_store_full(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_sync_on_ack(struct hacd *h, uint32_t nodeid, uint32_t pid,
                      GVariant *body);
void hacd_sync_on_done(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_sync_on_need_store(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_sync_on_force(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_sync_quorum_changed(struct hacd *h);
void hacd_sync_clear(struct hacd *h);
void hacd_peer_state_free(gpointer p);

/** Multicast the whole store (only the holder of the winning copy). */
int hacd_sync_send_store(struct hacd *h);

/* ---- hacd_store.c ---- */

/** Load the local copy (a corrupt one is remembered, never sent). */
int hacd_store_load(struct hacd *h);

/** Persist @doc as the new local copy (fsync); takes a reference. */
int hacd_store_commit(struct hacd *h, ha_store_doc_t *doc);

/** Persist the last quorate ring. */
int hacd_store_set_quorate_ring(struct hacd *h, guint64 ring);

/** Remember that request @id was applied (bounded memory). */
void hacd_store_mark_applied(struct hacd *h, guint64 id);

/** TRUE if request @id was applied. */
gboolean hacd_store_was_applied(const struct hacd *h, guint64 id);

/** Current version of the local copy (0.0.0 when corrupt). */
void hacd_store_version(const struct hacd *h, struct ha_store_version *ret);

/** Digest of the local copy, "" when corrupt. */
const char *hacd_store_digest(const struct hacd *h);

/* ---- hacd_write.c ---- */

enum hacd_write_op {
    HACD_WRITE_REPLACE = 1,     /* arg1 = whole CIB XML */
    HACD_WRITE_PROPERTY = 2,    /* arg1 = name, arg2 = value or NULL */
};

/**
 * Submit a configuration write from this node.  @done runs exactly once
 * from the main loop (never from inside this call).
 */
void hacd_write_submit(struct hacd *h, guint64 request_id,
                       enum hacd_write_op op, const char *arg1,
                       const char *arg2, hacd_write_done_fn done,
                       void *user_data);

void hacd_write_on_req(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_write_on_change(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_write_on_confirm(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_write_on_result(struct hacd *h, GVariant *body);
/** Membership changed: fail what is in flight with -HA_ERETRY. */
void hacd_write_abort_all(struct hacd *h, int rc);
/** DC: sync finished, start queued writes. */
void hacd_write_kick(struct hacd *h);
void hacd_write_clear(struct hacd *h);

/* ---- hacd_attrs.c ---- */

typedef void (*hacd_attr_done_fn)(int rc, void *user_data);

/** Set (@value NULL: delete) a transient attribute of @node. */
void hacd_attr_submit(struct hacd *h, const char *node, const char *name,
                      const char *value, hacd_attr_done_fn done,
                      void *user_data);

/** Current value, or NULL (borrowed). */
const char *hacd_attr_get(struct hacd *h, const char *node, const char *name);

void hacd_attr_on_set(struct hacd *h, uint32_t nodeid, uint32_t pid,
                      GVariant *body);
void hacd_attr_on_all(struct hacd *h, uint32_t nodeid, GVariant *body);
/** SYNC_DONE delivered: an ATTR_ALL from the DC will follow. */
void hacd_attr_expect_all(struct hacd *h);
/** DC: send the whole table (after a sync). */
void hacd_attr_send_all(struct hacd *h);
/** Forget the attributes of a lost node. */
void hacd_attr_forget_node(struct hacd *h, const char *node);
void hacd_attr_clear(struct hacd *h);

/* ---- hacd_ipc.c ---- */

/** Serve hactl on opt.ipc_name.  0 or negative. */
int hacd_ipc_start(struct hacd *h);

/** The a{sv} status (also used by tests). */
GVariant *hacd_status_variant(struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_H */
