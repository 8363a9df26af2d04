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
 *  - on request, the allocation score breakdown;
 *  - recheck_at: when the same inputs at a later "now" may decide
 *    otherwise (failure-timeout expiry, date rules), so the caller knows
 *    when to run again without polling.
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
    gboolean want_explain;  /* keep the score breakdown (sched_explain.c) */
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
    gint64 recheck_at;      /* the earliest time (seconds since the epoch,
                             * > opts.now) at which the decision may change
                             * with nothing else happening: a counted
                             * failure expires (last-failure +
                             * failure-timeout) or a date expression of a
                             * rule the run reads changes its value
                             * (sched_recheck.c); 0: never.  Run again
                             * then. */
    gint ref;               /* ha_sched_result_ref() / _free() */
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

/** Release a reference on a result (freed with the last).  NULL is
 * accepted. */
void ha_sched_result_free(ha_sched_result_t *result);

/** Take a reference on a result (a status and the controller share one
 * run; the snapshot it read must stay alive as long). */
ha_sched_result_t *ha_sched_result_ref(ha_sched_result_t *result);

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

/*
 * The score breakdown (want_explain): for each resource that was placed,
 * and each node, the contributions in the order the scheduler applied
 * them.  Folding the values with ha_score_add() from 0 gives exactly the
 * score the node choice compared (what cannot run there included), because
 * they are recorded where the scores are changed.
 */
enum ha_sched_contrib_kind {
    HA_CONTRIB_LOCATION,        /* rsc_location: node score or a rule */
    HA_CONTRIB_STICKINESS,      /* resource-stickiness where it runs */
    HA_CONTRIB_FAILCOUNT,       /* fail count reached migration-threshold */
    HA_CONTRIB_FAILURE,         /* a hard error: never here / anywhere */
    HA_CONTRIB_TICKET,          /* rsc_ticket not granted */
    HA_CONTRIB_COLOCATION,      /* this with another resource */
    HA_CONTRIB_GROUP,           /* a group member follows the one before */
    HA_CONTRIB_DEPENDENTS,      /* resources colocated with this one */
    HA_CONTRIB_UTILIZATION,     /* not enough capacity left */
    HA_CONTRIB_CLONE_LIMIT,     /* clone-node-max / clone-max reached */
    HA_CONTRIB_TARGET_ROLE,     /* target-role=Stopped (or an orphan) */
    HA_CONTRIB_NOT_ALLOWED,     /* asymmetric: nothing allows it here */
    HA_CONTRIB_NODE,            /* the node cannot run resources */
    HA_CONTRIB_OTHER,           /* changed outside every hook: a bug */
};

/** One contribution to a resource's score on one node. */
struct ha_sched_contrib {
    enum ha_sched_contrib_kind kind;
    const char *source;     /* constraint, resource, ticket id; or NULL */
    int value;              /* added with ha_score_add() */
    const char *note;       /* detail in words ("rule r1", "standby"); or
                             * NULL */
    const char *other;      /* the other resource, or NULL */
    guint other_node;       /* where @other is placed, or HA_MODEL_NONE */
};

struct ha_sched_explain_node {
    int score;              /* what the node choice compared */
    guint n_contribs;
    const struct ha_sched_contrib *contribs;
};

/* What picked the chosen node among nodes of the same best score. */
enum ha_sched_tie_flags {
    HA_TIE_PREFER = 1 << 0,         /* the node its group/clone wanted */
    HA_TIE_UTILIZATION = 1 << 1,    /* more free capacity */
    HA_TIE_FEWER = 1 << 2,          /* fewer resources assigned */
    HA_TIE_CURRENT = 1 << 3,        /* where it runs now */
    HA_TIE_NAME = 1 << 4,           /* node name order */
};

enum ha_sched_blocker_kind {
    HA_BLOCK_ORDER,         /* a mandatory order whose first cannot run */
    HA_BLOCK_INTERLEAVE,    /* interleaved order: no first instance there
                             * (the placement is withdrawn) */
    HA_BLOCK_QUORUM,        /* no quorum (no-quorum-policy) */
    HA_BLOCK_UNMANAGED,     /* is-managed=false or maintenance */
    HA_BLOCK_STOP_ALL,      /* stop-all-resources */
    HA_BLOCK_NO_FENCE_DEVICE, /* stonith-enabled, no fence device */
};

/** Why a resource placed on a node does not start there. */
struct ha_sched_blocker {
    enum ha_sched_blocker_kind kind;
    const char *source;     /* order id, or NULL */
    const char *other;      /* the resource that blocks it, or NULL */
    const char *note;       /* e.g. the no-quorum-policy; or NULL */
    guint node;             /* the node it was placed on, or HA_MODEL_NONE */
};

/** The breakdown of one resource. */
struct ha_sched_explain {
    guint chosen;           /* node index, or HA_MODEL_NONE */
    guint tie;              /* enum ha_sched_tie_flags */
    guint n_nodes;          /* = ha_sched_result.n_nodes */
    const struct ha_sched_explain_node *nodes;
    guint n_blockers;
    const struct ha_sched_blocker *blockers;
};

/**
 * The breakdown of resource @rsc (an index into result->rscs).
 *
 * @return borrowed (valid as long as @result), or NULL when the run was
 *         not asked for it or the resource is never placed itself (a group
 *         or a clone: see their members and instances)
 */
const struct ha_sched_explain *
ha_sched_result_explain(const ha_sched_result_t *result, guint rsc);

/** "location", "stickiness" ... (JSON names of the kinds). */
const char *ha_sched_contrib_kind_name(enum ha_sched_contrib_kind kind);

/** "order", "interleave", "quorum", "unmanaged", "stop-all",
 *  "no-fence-device". */
const char *ha_sched_blocker_kind_name(enum ha_sched_blocker_kind kind);

/** "Started", "Promoted" ... */
const char *ha_sched_role_name(enum ha_sched_role role);

/*
 * Fencing: what to run to fence a target, and where (sched_fence_plan.c).
 * A pure query of the configuration, separate from ha_sched_run(): the
 * caller (hacd's fencer) asks it when a fencing begins and runs the plan.
 *
 *  - With a fencing-topology for the target, the levels of ONE topology
 *    target, by index: the levels naming the node (target=) if there are
 *    any, else those of the first target-pattern (an extended regular
 *    expression matched anywhere in the name) or target-attribute /
 *    target-value (a nvpair of the node's configured attributes) that
 *    matches, in document order.  Every device of a level must succeed; a
 *    level holding a device that cannot fence the target (not a stonith
 *    primitive, disabled, or its static list does not name the target)
 *    fails as a whole, and the next level is tried.
 *  - Without one, each stonith primitive that can fence the target is a
 *    level of its own, in configuration order.
 *  - A device can fence the target by pcmk_host_check: "none" any node;
 *    "static-list" when pcmk_host_list or pcmk_host_map names it (node
 *    names compared without case, as Pacemaker does); "dynamic-list" and
 *    "status" ask the device, which the query cannot: such a device is
 *    listed with check HA_FENCE_CHECK_ASK and the caller tries it (the
 *    agent refuses a node it does not control).  Without pcmk_host_check:
 *    static-list when a list or a map is given, else ask.
 *  - Disabled (target-role=Stopped, its own, a parent's or rsc_defaults')
 *    devices are never used.
 *  - Each device carries what running it needs: agent, parameters (rules
 *    evaluated at @now), pcmk_delay_base / pcmk_delay_max, and the timeout
 *    of @action (pcmk_<action>_timeout, else stonith-timeout, else 60 s).
 */
enum ha_fence_check {
    HA_FENCE_CHECK_LIST,    /* pcmk_host_list or pcmk_host_map names it */
    HA_FENCE_CHECK_NONE,    /* pcmk_host_check=none: any node */
    HA_FENCE_CHECK_ASK,     /* only the device knows (dynamic-list, status):
                             * try it */
};

struct ha_fence_device {
    const char *id;
    const char *agent;          /* type (fence_ipmilan ...); NULL when @id
                                 * is not a stonith primitive */
    enum ha_fence_check check;
    const char *unusable;       /* NULL, or why it cannot fence the target
                                 * (topology levels only list such ones) */
    guint n_params;
    const struct ha_model_nvpair *params;   /* instance attributes */
    guint delay_base_ms, delay_max_ms;
    guint timeout_ms;
};

struct ha_fence_level {
    const char *id;             /* the fencing-level, NULL without topology */
    int index;                  /* 0 without topology */
    guint n_devices;
    const struct ha_fence_device *devices;  /* all must succeed */
};

typedef struct ha_fence_plan {
    gboolean topology;          /* the levels come from fencing-topology */
    guint n_levels;
    const struct ha_fence_level *levels;    /* in the order to try them */
    void *priv;                 /* owned strings and arrays */
} ha_fence_plan_t;

/**
 * The plan to fence @target with @action ("reboot", "off", "on").  The
 * plan owns everything it points to (@model may be freed first).  No level
 * at all means no device can fence the target.
 *
 * @return 0, or -EINVAL (NULL @target or @action)
 */
int ha_sched_fence_plan(const ha_store_model_t *model, const char *target,
                        const char *action, gint64 now,
                        ha_fence_plan_t **ret_plan);

/** Free a plan.  NULL is accepted. */
void ha_fence_plan_free(ha_fence_plan_t *plan);

/**
 * The node that runs the fence agents for @target: the first of
 * @candidates (node names in the caller's order of preference, e.g. the
 * DC first, then the members) that is not the target itself.
 *
 * @return an index into @candidates, or HA_MODEL_NONE when only the
 *         target is left (a node never fences itself)
 */
guint ha_sched_fence_executor(const char *target,
                              const char *const *candidates,
                              guint n_candidates);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_sched_result_t, ha_sched_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_fence_plan_t, ha_fence_plan_free)

G_END_DECLS

#endif /* HA_SCHED_H */
