/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd.h - the cluster daemon's state and its modules.
 *
 * One struct hacd is one daemon instance.  There are no globals, so the
 * process-level tests run several instances in one process on the fake
 * cluster backend.  Modules (one file each):
 *   hacd_core.c    instance life cycle, cluster callbacks, node table
 *   hacd_events.c  the event fan-out between modules
 *   hacd_msg.c     the CPG message envelope and codecs
 *   hacd_sync_sm.c DC and winning copy: the pure sync state machine
 *                  (DESIGN.md decisions 1-3)
 *   hacd_sync.c    drives it: messages, persistence, timer, events
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
 *   hacd_http.c          the optional HTTP endpoint (hacd_http.h)
 *   hacd_watch.c   the status generation and clients waiting for a change
 *
 * The membership side keeps its state private, each module with its own
 * header (hacd_core.h, hacd_msg.h, hacd_sync.h + hacd_sync_sm.h,
 * hacd_hold.h, hacd_store.h, hacd_write.h, hacd_attrs.h, which state their
 * invariants); struct hacd only points to it.  They tell the rest through
 * events (hacd_events.h).  The controller, fencer, executor link, alerts,
 * metrics and the hactl service have their headers too (hacd_ctl.h,
 * hacd_fence.h, hacd_lrm.h, hacd_alerts.h, hacd_metrics.h, hacd_ipc.h).
 * What is left here: the instance's life cycle, and the status, the
 * scheduler's input and the status watch (hacd_status.c, hacd_cib.c,
 * hacd_inputs.c, hacd_watch.c).  Every state change that must be
 * identical on all members happens when a CPG message or membership
 * change is DELIVERED, never when sent.
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
#include "hacd/hacd_msg.h"

G_BEGIN_DECLS

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

struct hacd_events;
struct hacd_lrm;
struct hacd_ctl;
struct hacd_fencer;
struct hacd_watch;
struct hacd_cib;

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

    struct hacd_events *events;     /* hacd_events.c: who reacts to what */

    /* the membership side, each state private to its module */
    struct hacd_membership *membership; /* hacd_core.c */
    struct hacd_sync *sync;         /* hacd_sync.c */
    struct hacd_store *store;       /* hacd_store.c */
    struct hacd_writes *writes;     /* hacd_write.c */
    struct hacd_attrs *attrs;       /* hacd_attrs.c */

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
    struct hacd_cib *cib;           /* hacd_cib.c: input and last result */
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
 * @ret_blocked (may be NULL) the blocked instances ("blocked").  All three
 * are borrowed (built once per input generation, hacd_cib.h). */
GVariant *hacd_cib_resources_variant(struct hacd *h, gboolean *ret_settled,
                                     GVariant **ret_nodes,
                                     GVariant **ret_blocked);

/* ---- hacd_inputs.c ---- */

/* Scheduler inputs the DC keeps on disk. */
#define HACD_INPUTS_KEEP 200

/** Save a scheduler input (compressed); *ret_seq its number, 0 if not. */
void hacd_inputs_save(struct hacd *h, const char *xml, guint64 *ret_seq);

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

G_END_DECLS

#endif /* HA_HACD_H */
