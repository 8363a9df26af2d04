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
 *   hacd_hold.c    whether this partition holds the cluster's newest
 *                  configuration and may act; the operator's bootstrap
 *   hacd_store.c   the local copy of the store and its persistence
 *   hacd_write.c   quorum-acknowledged configuration writes (decision 4)
 *   hacd_attrs.c   transient node attributes (decision 5)
 *   hacd_ipc.c     the hactl service
 *   hacd_status.c  the replicated status: every node's operation history
 *   hacd_cib.c     the scheduler's input: configuration + status snapshot
 *   hacd_lrm.c     this node's executor (ha-execd) link
 *   hacd_ctl.c     the controller on the DC: schedule, run transitions
 *   hacd_fence.c   fencing: choose a device and a node, run it, history
 *   hacd_inputs.c  the DC's last scheduler inputs, kept for replay
 *   hacd_alerts.c  alert agents on node, fencing and resource events
 *   hacd_metrics.c counters for metrics; the status as Prometheus text
 *   hacd_metrics_http.c  the optional HTTP endpoint serving that text
 *   hacd_watch.c   the status generation and clients waiting for a change
 *
 * Invariants:
 *  - Every state change that must be identical on all members happens when
 *    a CPG message or membership change is DELIVERED, never when sent, so
 *    every member computes the same DC, winner store and versions.
 *  - A node never sends its own store unless it holds the winning copy.
 *  - Writes are accepted only when this partition is quorate, the DC is
 *    known and the sync of the current membership is done.
 *  - A partition acts (schedules, fences, accepts writes) only when it is
 *    "established": a member's copy was kept through a quorate ring, or
 *    every configured node answered (a new cluster), or an operator forced
 *    it.  An empty, wiped or never-synced copy alone never acts, whatever
 *    votequorum says (two_node, last_man_standing, expected votes).
 */
#ifndef HA_HACD_H
#define HA_HACD_H

#include <glib.h>
#include <stdint.h>

#include "cluster/cluster.h"
#include "ipc/ipc.h"
#include "exec/exec_action.h"
#include "sched/sched.h"
#include "store/store_doc.h"
#include "store/store_model.h"

G_BEGIN_DECLS

/* CPG protocol version this build speaks (in every message). */
#define HACD_PROTOCOL 1

/* Default grace period for a node whose hacd left CPG (decision 6). */
#define HACD_GRACE_MS_DEFAULT 30000

/* Default startup grace: a node never seen since hacd started is fenced
 * after this (unless it joins first). */
#define HACD_STARTUP_GRACE_MS 60000

struct hacd_options {
    char *state_dir;        /* store + hacd.state live here */
    char *ipc_name;         /* NULL: no IPC service (tests) */
    guint grace_ms;         /* hacd gone, node in ring: wait this long */
    guint protocol;         /* HACD_PROTOCOL, lower only in tests */
    guint keep;             /* store versions kept on disk */
    guint sync_timeout_ms;  /* 0: 4 x token + 5 s (a member that does not
                             * answer a sync within this is left out) */
    char *execd_name;       /* ha-execd's IPC name; NULL: no executor and
                             * no controller (membership/store tests) */
    guint startup_grace_ms; /* a node never seen is fenced after this */
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
    gboolean seen;          /* was a member since this hacd started */
    gboolean fenced;        /* fenced since it was last a member */
    gboolean fence_asked;   /* a fencing of it was asked since it joined */
    gboolean exec_ready;    /* its executor state is known (LRM_ALL) */
    guint64 lrm_view;       /* view of its last LRM_ALL */
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

/* Upper bounds (seconds) of the transition duration histogram's buckets. */
#define HACD_METRICS_N_BUCKETS 8

/* What only hacd knows, counted since it started (hacd_metrics.c). */
struct hacd_counters {
    guint64 transitions_complete;   /* on the DC */
    guint64 transitions_aborted;
    double transition_seconds_sum;
    guint64 transition_buckets[HACD_METRICS_N_BUCKETS]; /* not cumulative */
    guint64 fencing_succeeded;      /* results delivered here */
    guint64 fencing_failed;
    guint64 config_changes;         /* versions committed here */
};

struct hacd_inflight;
struct hacd_lrm;
struct hacd_ctl;
struct hacd_fencer;
struct hacd_watch;

struct hacd {
    struct hacd_options opt;
    ha_cluster_t *cluster;
    ha_cluster_fake_t *fake;        /* borrowed, tests only */
    char *(*test_cib_filter)(const char *xml);  /* tests only: rewrites
                                                 * what the DC schedules */
    ha_ipc_server_t *ipc;
    void (*on_fatal)(struct hacd *h, int rc, void *user_data);
    void *fatal_data;
    void (*on_stopped)(struct hacd *h, void *user_data); /* after a clean
                                                          * shutdown (main) */
    gboolean stopping;
    gboolean shutting_down;         /* hacd_shutdown() waits */

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
    gboolean established;           /* this partition holds the cluster's
                                     * newest configuration (a member kept
                                     * it through a quorate ring, every
                                     * configured node answered, or an
                                     * operator forced it): it may act */

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
    guint64 resync_id;              /* a change that failed here: waiting
                                     * for the DC's copy (0: none) */
    struct hacd_inflight *inflight; /* DC: the write being confirmed */

    /* attributes (hacd_attrs.c) */
    GHashTable *attrs;              /* "node\nname" -> value */
    GHashTable *attr_waits;         /* token -> struct hacd_attr_wait */
    guint64 attr_token;
    GPtrArray *attr_replay;         /* ATTR_SETs since SYNC_DONE, or NULL */

    /* status (hacd_status.c): node name -> (rsc id -> hacd_lrm_rsc) */
    GHashTable *lrm;
    GPtrArray *fence_history;       /* struct hacd_fence_event, oldest first */
    GHashTable *cleanup_waits;      /* token -> cleanup waiting for delivery */
    gint64 started_us;              /* monotonic start, for startup grace */
    gboolean dc_busy;               /* the DC says a transition runs */

    struct hacd_lrm *exec;          /* hacd_lrm.c (NULL: no executor) */
    struct hacd_ctl *ctl;           /* hacd_ctl.c */
    struct hacd_fencer *fencer;     /* hacd_fence.c */
    struct hacd_counters counters;  /* hacd_metrics.c */
    struct hacd_watch *watch;       /* hacd_watch.c */
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

/* Longest a clean shutdown waits for this node's resources to move. */
#define HACD_SHUTDOWN_MAX_MS (10 * 60 * 1000)

/**
 * Clean shutdown: set this node's "shutdown" attribute so that the DC
 * moves its resources away, wait until none is active here (or the bound,
 * or this is the last member), then hacd_stop() and call @done.
 */
void hacd_shutdown(struct hacd *h, void (*done)(struct hacd *h, void *ud),
                   void *ud);

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
    HACD_MSG_LRM_ALL = 15,      /* a node's whole operation history */
    HACD_MSG_OP_RESULT = 16,    /* one operation's result */
    HACD_MSG_LRM_DELETE = 17,   /* forget a resource's history (cleanup) */
    HACD_MSG_ACTION = 18,       /* DC -> node: run this action */
    HACD_MSG_FENCE_REQ = 19,    /* DC -> node: run this fence device */
    HACD_MSG_FENCE_RESULT = 20, /* the outcome of a fencing */
    HACD_MSG_FENCE_ASK = 21,    /* anyone -> DC: fence this node (hactl) */
    HACD_MSG_TRANSITION = 22,   /* DC: a transition started / ended */
    HACD_MSG_BOOTSTRAP = 23,    /* an operator forces this partition to
                                 * act with its copies (hactl cluster
                                 * bootstrap --force) */
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

/** DC: multicast the whole store outside a sync round (members that are
 * out of step take it). */
int hacd_sync_send_store_on_request(struct hacd *h);

/* ---- hacd_hold.c ---- */

/**
 * Every member's STATE is in (the same set on every member): decide
 * whether this partition is established (h->established).
 */
void hacd_hold_resolve(struct hacd *h);

/** TRUE if this member's copy counts as the cluster's (a holder). */
gboolean hacd_hold_is_holder(const struct hacd_peer_state *s);

void hacd_hold_on_bootstrap(struct hacd *h, uint32_t nodeid, GVariant *body);

/**
 * Operator override: make this partition act with the copies it has
 * although no member holds the cluster's configuration.  0 once asked
 * (it takes effect when the request is delivered), -EALREADY if it
 * already acts, -HA_ERETRY while a sync runs, -HA_ENOQUORUM without
 * quorum.
 */
int hacd_hold_bootstrap(struct hacd *h);

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
    HACD_WRITE_REPLACE = 1,     /* arg1 = whole CIB XML, arg2 = NULL or
                                 * the digest the current copy must have */
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
/** The DC's copy was taken after a change failed here: confirm that. */
void hacd_write_resynced(struct hacd *h);
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
/**
 * Apply a change that every member makes itself when one same message is
 * delivered (fail counts): no message is sent, and the change survives
 * the DC's ATTR_ALL like a delivered ATTR_SET.
 */
void hacd_attr_apply_delivered(struct hacd *h, const char *node,
                               const char *name, const char *value);
/** Forget the attributes of a node that is lost or left cleanly. */
void hacd_attr_forget_node(struct hacd *h, const char *node);
void hacd_attr_clear(struct hacd *h);

/* ---- hacd_status.c ---- */

/* One entry of a node's operation history (a Pacemaker lrm_rsc_op). */
struct hacd_op {
    char *key;              /* RSC_last_0, RSC_last_failure_0, RSC_monitor_N */
    char *task;
    guint interval_ms;
    gint call_id;           /* -1 while pending */
    gint rc;
    gint status;            /* op-status: HACD_OP_* */
    gint target_rc;
    char *digest;           /* "" when none */
    char *reason;           /* "" when none */
    gint64 last_rc_change;  /* epoch seconds */
    guint exec_ms;
    char *tkey;             /* "transition:action:target_rc:dc", or "" */
};

/* op-status values, as the scheduler reads them */
#define HACD_OP_PENDING (-1)
#define HACD_OP_DONE 0
#define HACD_OP_CANCELLED 1
#define HACD_OP_TIMEOUT 2
#define HACD_OP_ERROR 4
#define HACD_OP_NOT_INSTALLED 5

struct hacd_lrm_rsc {
    char *id, *klass, *provider, *type;   /* provider "" when none */
    GHashTable *ops;        /* key -> struct hacd_op */
};

/* One fencing, as the history keeps it. */
struct hacd_fence_event {
    guint64 id;
    char *target, *action, *state, *delegate, *origin, *device, *reason;
    gint64 completed;       /* epoch seconds, 0 while pending */
};

#define HACD_OP_VARIANT "(ssuiiiissxus)"
#define HACD_RSC_VARIANT "(ssssa" HACD_OP_VARIANT ")"

void hacd_status_init(struct hacd *h);
void hacd_status_clear(struct hacd *h);
struct hacd_op *hacd_op_copy(const struct hacd_op *op);
void hacd_op_free(gpointer p);
GVariant *hacd_op_variant(const struct hacd_op *op);
struct hacd_op *hacd_op_from_variant(GVariant *v);
/** TRUE if the result of @op is what was expected (success). */
gboolean hacd_op_succeeded(const struct hacd_op *op);

/** The history of @node (created if needed): rsc id -> hacd_lrm_rsc. */
GHashTable *hacd_status_node(struct hacd *h, const char *node);
/**
 * Record an operation result in @node's history, the way every member
 * does when its OP_RESULT is delivered (fail counts included).
 */
void hacd_status_record(struct hacd *h, const char *node, const char *rsc,
                        const char *klass, const char *provider,
                        const char *type, const struct hacd_op *op,
                        gboolean count_failure);
/** The whole history of @node as sent in LRM_ALL. */
GVariant *hacd_status_node_variant(struct hacd *h, const char *node);
/** Forget @node's history (fenced, or its executor restarted). */
void hacd_status_forget_node(struct hacd *h, const char *node);
/** Forget @rsc on @node (NULL: every node), fail counts included. */
void hacd_status_forget_rsc(struct hacd *h, const char *node,
                            const char *rsc);

void hacd_status_on_lrm_all(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_status_on_op_result(struct hacd *h, uint32_t nodeid,
                              GVariant *body);
void hacd_status_on_lrm_delete(struct hacd *h, uint32_t nodeid,
                               uint32_t pid, GVariant *body);
/** Multicast LRM_DELETE; @done runs once it was delivered here. */
void hacd_status_cleanup(struct hacd *h, const char *node, const char *rsc,
                         void (*done)(int rc, void *ud), void *ud);

/** Failed operations, for status: aa{sv} (see ipc_hacd.h). */
GVariant *hacd_status_failed_variant(struct hacd *h);

/* ---- hacd_cib.c ---- */

/** The CIB the scheduler reads: configuration + status (caller frees). */
char *hacd_cib_xml(struct hacd *h);

/**
 * Run the scheduler on the current state.
 *
 * @return 0 with *ret_model, *ret_result and (when @ret_xml is not NULL)
 *         the input *ret_xml (caller frees all), or negative with a
 *         logged reason
 */
int hacd_cib_schedule(struct hacd *h, ha_store_model_t **ret_model,
                      ha_sched_result_t **ret_result, char **ret_xml);

/** Resources as status shows them: aa{sv} (see ipc_hacd.h); @ret_nodes
 * (may be NULL) gets the nodes' flags (ipc_hacd.h "node_flags"),
 * @ret_blocked (may be NULL) the blocked instances ("blocked"). */
GVariant *hacd_cib_resources_variant(struct hacd *h, gboolean *ret_settled,
                                     GVariant **ret_nodes,
                                     GVariant **ret_blocked);

/* ---- hacd_alerts.c ---- */

void hacd_alert_node(struct hacd *h, const char *node, uint32_t nodeid,
                     const char *desc);
void hacd_alert_fencing(struct hacd *h, const char *target,
                        const char *action, int rc, const char *desc);
void hacd_alert_resource(struct hacd *h, const char *node, const char *rsc,
                         const struct hacd_op *op);

/* ---- hacd_inputs.c ---- */

/* Scheduler inputs the DC keeps on disk. */
#define HACD_INPUTS_KEEP 200

/** Save a scheduler input (compressed); *ret_seq its number, 0 if not. */
void hacd_inputs_save(struct hacd *h, const char *xml, guint64 *ret_seq);

/* ---- hacd_lrm.c ---- */

/** Connect to the local executor (retried until it answers). */
void hacd_lrm_start(struct hacd *h);
void hacd_lrm_free(struct hacd *h);
/** A membership change: multicast this node's history when known. */
void hacd_lrm_announce(struct hacd *h);
/** TRUE when the local executor's state is known. */
gboolean hacd_lrm_ready(const struct hacd *h);
/** ACTION delivered: run it if it is for this node. */
void hacd_lrm_on_action(struct hacd *h, uint32_t nodeid, GVariant *body);
/** Name of the action running on this node for @rsc, or NULL. */
const char *hacd_lrm_pending(struct hacd *h, const char *rsc);
/** Number of resources with an action running or a monitor active here. */
guint hacd_lrm_active(struct hacd *h);

typedef void (*hacd_exec_done_fn)(const ha_exec_result_t *r, void *ud);
/**
 * Run a one-shot action on this node's executor outside any history
 * (fence agents); @done runs exactly once.  0 or negative.
 */
int hacd_lrm_run(struct hacd *h, ha_exec_request_t *req,
                 hacd_exec_done_fn done, void *ud);

/* ---- hacd_ctl.c ---- */

void hacd_ctl_init(struct hacd *h);
void hacd_ctl_free(struct hacd *h);
/** Something relevant changed: schedule again (on the DC). */
void hacd_ctl_trigger(struct hacd *h, const char *why);
/** An OP_RESULT was delivered (after the history recorded it). */
void hacd_ctl_on_op_result(struct hacd *h, const char *node, const char *rsc,
                           const struct hacd_op *op);
/** TRANSITION delivered. */
void hacd_ctl_on_transition(struct hacd *h, uint32_t nodeid, GVariant *body);

/* ---- hacd_fence.c ---- */

typedef void (*hacd_fence_done_fn)(int rc, const char *reason, void *ud);

void hacd_fence_init(struct hacd *h);
void hacd_fence_free(struct hacd *h);
/** DC: fence @target; @done runs once with the outcome. */
void hacd_fence_start(struct hacd *h, const char *target, const char *action,
                      hacd_fence_done_fn done, void *ud);
/** Anyone: ask the DC to fence (hactl); @done when the result arrives. */
void hacd_fence_ask(struct hacd *h, guint64 request_id, const char *target,
                    const char *action, hacd_fence_done_fn done, void *ud);
/** Anyone: an operator says @target is down (hactl stonith confirm);
 * recorded everywhere as a fencing without a device, and the DC's
 * fencings of @target complete; @done when it is recorded here. */
void hacd_fence_confirm(struct hacd *h, guint64 request_id,
                        const char *target, hacd_fence_done_fn done,
                        void *ud);
void hacd_fence_on_req(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_fence_on_result(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_fence_on_ask(struct hacd *h, uint32_t nodeid, GVariant *body);
/** The history (@target NULL: all), aa{sv}. */
GVariant *hacd_fence_history_variant(struct hacd *h, const char *target);
void hacd_fence_event_free(gpointer p);

/* ---- hacd_metrics.c ---- */

/** A transition ended on the DC after @duration_us. */
void hacd_metrics_transition_ended(struct hacd *h, gboolean aborted,
                                   gint64 duration_us);
/** A fencing result was delivered. */
void hacd_metrics_fencing_ended(struct hacd *h, gboolean succeeded);
/** A new configuration version was committed to the local copy. */
void hacd_metrics_config_committed(struct hacd *h);
/** Add the counters to a status dictionary (keys in ipc_hacd.h). */
void hacd_metrics_status_add(struct hacd *h, GVariantBuilder *b);
/** The status as Prometheus text, as `hactl metrics` prints it (caller
 * frees). */
char *hacd_metrics_text(struct hacd *h);

/* ---- hacd_metrics_http.c ---- */

/* Opaque; see hacd_metrics_http_start() / hacd_metrics_http_free(). */
struct hacd_metrics_http;

/**
 * Serve hacd_metrics_text() over HTTP/1.0 at GET /metrics on @address
 * ("IPv4:PORT" or "[IPv6]:PORT", numeric).  Requests are read and answered
 * on the main loop without blocking it; @h is borrowed and must outlive
 * the endpoint.
 *
 * @param[out] ret_http  the endpoint (free with hacd_metrics_http_free())
 * @return 0, -EINVAL for a bad address, or negative if it cannot listen
 */
int hacd_metrics_http_start(struct hacd *h, const char *address,
                            struct hacd_metrics_http **ret_http);

/** Stop listening and drop every open connection.  NULL is accepted. */
void hacd_metrics_http_free(struct hacd_metrics_http *http);

/* The longest request (request line and headers) the endpoint reads. */
#define HACD_METRICS_REQUEST_MAX 8192

/**
 * The answer to the request bytes a client sent so far (pure; the parser
 * the endpoint uses).
 *
 * @param[in]  buf       the bytes, NUL-terminated (buf[len] == '\0')
 * @param[in]  len       their length, at most HACD_METRICS_REQUEST_MAX
 * @param[in]  eof       the client stopped sending
 * @param[out] ret_head  TRUE for a HEAD request (set when 200)
 *
 * @return 0 when more bytes are needed, else the HTTP status of the
 *         answer: 200 (GET or HEAD /metrics), 400 (not a request line,
 *         binary, or too long without its end), 404 (another path) or 405
 *         (another method)
 */
int hacd_metrics_http_parse(const char *buf, gsize len, gboolean eof,
                            gboolean *ret_head);
/* ---- hacd_watch.c ---- */

void hacd_watch_init(struct hacd *h);
/** Answer the waiting clients with -HA_ENOTCONN and free.  Safe twice. */
void hacd_watch_free(struct hacd *h);
/** Something the status shows may have changed (cheap; call freely). */
void hacd_watch_touch(struct hacd *h);
/**
 * STATUS_WAIT: answer @req with (generation, status) now if the status
 * is not that of @generation, else when it changes or after @timeout_ms.
 */
void hacd_watch_wait(struct hacd *h, ha_ipc_request_t *req,
                     guint64 generation, guint timeout_ms);

/* ---- hacd_ipc.c ---- */

/** Serve hactl on opt.ipc_name.  0 or negative. */
int hacd_ipc_start(struct hacd *h);

/** The a{sv} status (also used by tests). */
GVariant *hacd_status_variant(struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_H */
