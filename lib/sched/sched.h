/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched.h - the policy engine: snapshot + "now" -> decisions.
 *
 * ha_sched_run() is a pure function of its inputs: it reads the immutable
 * snapshot (lib/store/store_model.h) and the explicit time, performs no I/O,
 * reads no clock, keeps no global state, and returns a result object that
 * the caller owns.  The same inputs always give the same result.
 *
 * The result holds:
 *  - nodes with their state as the scheduler understood it;
 *  - resources (clone instances included) with their current and next
 *    placement and role;
 *  - actions (resource operations, fencing, pseudo actions for groups and
 *    clones), each runnable or not, optional or required, with ordering
 *    edges between them;
 *  - the "Transition Summary" lines in Pacemaker's format;
 *  - on request, the allocation score breakdown.
 *
 * Inputs using features the engine does not implement are refused with
 * -HA_EUNSUPPORTED and a message naming the feature and element.
 */
#ifndef HA_SCHED_H
#define HA_SCHED_H

#include <glib.h>

#include "store/store_model.h"

G_BEGIN_DECLS

struct ha_sched_options {
    gint64 now;             /* seconds since the epoch: "now" for rules */
    gboolean want_scores;   /* fill ha_sched_result.scores */
};

enum ha_sched_role {
    HA_ROLE_UNKNOWN = 0,
    HA_ROLE_STOPPED,
    HA_ROLE_STARTED,
    HA_ROLE_UNPROMOTED,
    HA_ROLE_PROMOTED,
};

/** A node as the scheduler saw it. */
struct ha_sched_node_info {
    const char *name;
    gboolean online, unclean, pending, standby, maintenance, shutdown;
    gboolean fenced;        /* fencing is scheduled for it */
};

enum ha_sched_rsc_kind {
    HA_SCHED_PRIMITIVE,
    HA_SCHED_GROUP,
    HA_SCHED_CLONE,
};

/** A resource (clone instances are resources of their own). */
struct ha_sched_rsc_info {
    const char *id;
    enum ha_sched_rsc_kind kind;
    guint parent;           /* index or HA_MODEL_NONE */
    guint n_children;
    const guint *children;
    const char *klass, *provider, *type;
    gboolean managed, failed, orphan, promotable, unique;
    gboolean blocked;       /* failed with on-fail=block, or active twice
                             * with multiple-active=block */
    enum ha_sched_role role, next_role;
    guint n_running;
    const guint *running;   /* node indices where it is active now */
    guint next_node;        /* assigned node, or HA_MODEL_NONE */
};

enum ha_sched_action_flags {
    HA_ACTION_OPTIONAL = 1 << 0,    /* not needed: will not be executed */
    HA_ACTION_RUNNABLE = 1 << 1,    /* can be executed */
    HA_ACTION_PSEUDO = 1 << 2,      /* no executor work (group/clone marks) */
};

/** One action of the transition. */
struct ha_sched_action_info {
    guint id;
    const char *key;        /* "rsc_start_0", "rsc_monitor_10000" */
    const char *task;       /* start, stop, monitor, promote, stonith ... */
    guint64 interval_ms;
    guint rsc;              /* resource index or HA_MODEL_NONE */
    guint node;             /* node index or HA_MODEL_NONE */
    guint flags;            /* enum ha_sched_action_flags */
    const char *reason;     /* may be NULL */
};

/** "first must finish before then starts". */
struct ha_sched_edge {
    guint first, then;
};

typedef struct ha_sched_result {
    guint n_nodes;
    const struct ha_sched_node_info *nodes;
    guint n_rscs;
    const struct ha_sched_rsc_info *rscs;
    guint n_actions;
    const struct ha_sched_action_info *actions;
    guint n_edges;
    const struct ha_sched_edge *edges;      /* between executed actions */
    GPtrArray *summary;     /* char *: "  * Start      rsc1     ( node2 )" */
    GPtrArray *scores;      /* char *: score lines (want_scores) */
    void *priv;             /* owned internals */
} ha_sched_result_t;

/**
 * Run the scheduler.
 *
 * @param[in]  model      the snapshot (borrowed; must outlive the result)
 * @param[in]  opts       options ("now")
 * @param[out] ret_result the result (caller owns; only on success)
 * @param[out] ret_error  message on failure (caller owns; may be NULL)
 *
 * @return 0, or -HA_EUNSUPPORTED for inputs it does not handle
 */
int ha_sched_run(const ha_store_model_t *model,
                 const struct ha_sched_options *opts,
                 ha_sched_result_t **ret_result, char **ret_error);

/** Free a result.  NULL is accepted. */
void ha_sched_result_free(ha_sched_result_t *result);

/**
 * The executed actions (runnable and not optional) in an order that
 * respects every edge: Kahn's algorithm, ties broken by action id.
 *
 * @return a new array of action indices (caller frees with g_array_unref)
 */
GArray *ha_sched_result_exec_order(const ha_sched_result_t *result);

/** What the executor needs to run one action of a result. */
struct ha_sched_exec_info {
    const char *rsc_id;     /* the id the executor knows it by (an
                             * anonymous clone instance: its base id) */
    const char *klass, *provider, *type;
    GHashTable *params;     /* agent parameters (owned) */
    GHashTable *meta;       /* CRM_meta_* names without the prefix (owned) */
    guint timeout_ms;
    int target_rc;          /* the rc that means success */
    char *op_digest;        /* the history's op-digest (owned) */
};

/**
 * Fill @ret for the resource action with index @action (not pseudo, not
 * fencing).
 *
 * @return 0 or -EINVAL (no such resource action)
 */
int ha_sched_result_exec_info(const ha_sched_result_t *result, guint action,
                              struct ha_sched_exec_info *ret);

/** Free what ha_sched_result_exec_info() filled. */
void ha_sched_exec_info_clear(struct ha_sched_exec_info *info);

/** "Started", "Promoted" ... */
const char *ha_sched_role_name(enum ha_sched_role role);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_sched_result_t, ha_sched_result_free)

G_END_DECLS

#endif /* HA_SCHED_H */
