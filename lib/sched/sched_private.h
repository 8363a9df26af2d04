/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_private.h - internal types shared by the stages of one
 * scheduler run.  Not for use outside lib/sched.
 *
 * One struct sched_run holds everything a run computes.  The stages run in
 * a fixed order (see sched.c) and each one writes only its own part:
 *   sched_nodes.c      nodes: online/unclean/standby ...     (s_node state)
 *   sched_rsc.c        resource tree, meta, clone instances  (s_rsc config)
 *   sched_history.c    op history -> current role, failures  (s_rsc state)
 *   sched_location.c   node scores: locations, stickiness, failures
 *   sched_assign.c     colocations and assignment of primitives and groups
 *   sched_clone.c      assignment of clone instances
 *   sched_actions.c    actions per resource, probes, monitors
 *   sched_order.c      ordering edges and flag propagation
 *   sched_fencing.c    fencing of unclean nodes
 *   sched_notify.c     clone notifications (pseudo and notify actions)
 *   sched_summary.c    the transition summary lines
 *   sched_recheck.c    when the decision may change with time alone
 * The run is freed as a whole with the result.
 */
#ifndef HA_SCHED_PRIVATE_H
#define HA_SCHED_PRIVATE_H

#include <glib.h>

#include "common/strings.h"
#include "sched/sched.h"
#include "store/store_model.h"

#define INF HA_SCORE_INFINITY

enum on_fail {
    ONFAIL_IGNORE = 0,
    ONFAIL_RESTART,
    ONFAIL_DEMOTE,
    ONFAIL_STOP,
    ONFAIL_BLOCK,
    ONFAIL_STANDBY,
    ONFAIL_FENCE,
};

enum multiple_active {
    MA_STOP_START = 0,
    MA_STOP_ONLY,
    MA_BLOCK,
    MA_STOP_UNEXPECTED,
};

enum placement_strategy {
    STRATEGY_DEFAULT = 0,
    STRATEGY_UTILIZATION,
    STRATEGY_MINIMAL,
    STRATEGY_BALANCED,
};

enum no_quorum {
    NOQ_STOP = 0,
    NOQ_FREEZE,
    NOQ_IGNORE,
    NOQ_DEMOTE,
    NOQ_SUICIDE,
};

typedef struct s_node {
    guint idx;
    const char *name, *id;
    const struct ha_model_node *cfg;
    const struct ha_model_node_state *state;
    GHashTable *attrs;      /* name -> value (borrowed strings) */
    gboolean online, unclean, pending, standby, maintenance, shutdown;
    gboolean expected_up, fence;
    const char *fence_reason;
    int n_assigned;         /* resources assigned so far */
    int clone_count;        /* scratch for clone distribution */
    GHashTable *free;       /* utilization attribute -> remaining capacity */
} s_node;

struct s_action;

typedef struct s_coloc {
    const char *id;
    struct s_rsc *dependent, *primary;
    int score;
    enum ha_sched_role dependent_role, primary_role;
    const char *node_attribute;
    gboolean influence;
} s_coloc;

typedef struct s_rsc {
    guint idx;
    const char *id;
    const char *base_id;    /* id without ":N" */
    enum ha_sched_rsc_kind kind;
    struct s_rsc *parent;
    GPtrArray *children;    /* s_rsc* */
    guint cfg_idx;          /* model resource (template for instances) */
    const struct ha_model_rsc *cfg;
    int instance;           /* clone instance number or -1 */

    /* meta */
    int priority, stickiness, migration_threshold;
    gint64 failure_timeout;
    enum ha_sched_role target_role;
    gboolean managed, is_maintenance;
    gboolean held_no_fencing;   /* managed, but left alone: no fence device */
    enum multiple_active multiple_active;
    gboolean requires_quorum, requires_fencing;
    int clone_max, clone_node_max, promoted_max, promoted_node_max;
    int clone_min;
    gboolean interleave, ordered, unique, promotable, critical;
    gboolean allow_migrate;
    gboolean restart_type_restart;  /* legacy restart-type=restart */

    /* state from history */
    GArray *running;        /* guint node indices */
    enum ha_sched_role role;
    gboolean failed, orphan, blocked, failure_ignored;
    enum on_fail on_fail;   /* worst on-fail of failures seen */
    guint8 *known;          /* per node: has history there */
    guint8 *failed_on;      /* per node: failed there */
    int *fail_count;        /* per node */
    gint64 *last_failure;   /* per node */
    guint8 *failcount_cleared;  /* per node: definition changed since */
    GHashTable *active_ops; /* "node\001op key" -> model lrm op (recurring) */
    guint pending_node;     /* node with a pending start, or NONE */
    const char *clone_name; /* history id it was found active under */
    gboolean demote_only;   /* on-fail=demote: demote, do not recover */

    /* assignment */
    int *score;             /* per node */
    guint8 *allowed;        /* per node: in allowed set */
    gboolean provisional, assigning, merging;
    s_node *assigned;
    enum ha_sched_role next_role;
    GPtrArray *this_with;   /* s_coloc* where this is dependent */
    GPtrArray *with_this;   /* s_coloc* where this is primary */
    gboolean restart_needed;  /* definition changed: restart */
    gboolean reload_needed;   /* only reloadable parameters changed */

    /* actions (s_action*) */
    GPtrArray *actions;
    const char *stop_reason;

    struct sched_explain_rsc *explain;  /* breakdown, or NULL */
} s_rsc;

enum action_flag {
    AF_OPTIONAL = 1 << 0,
    AF_RUNNABLE = 1 << 1,
    AF_PSEUDO = 1 << 2,
};

typedef struct s_action {
    guint id;
    char *key;
    const char *task;
    guint64 interval_ms;
    s_rsc *rsc;
    s_node *node;
    guint flags;
    const char *reason;
    GArray *in, *out;       /* edge indices */
    int min_runnable;       /* ANY_RUNNABLE inputs needed (default 1) */
    const char *notify_type;    /* a clone notification: "pre"/"post" */
    const char *notify_op;      /* ... of "start", "stop" ... (else NULL) */
} s_action;

enum edge_flag {
    EF_IMPLIES_THEN = 1 << 0,   /* first required -> then required */
    EF_IMPLIES_FIRST = 1 << 1,  /* then required -> first required */
    EF_RUNNABLE_LEFT = 1 << 2,  /* first unrunnable -> then unrunnable */
    EF_RESTART = 1 << 3,        /* then required+runnable -> first required */
    EF_ANY_RUNNABLE = 1 << 4,   /* then runnable iff any such first is */
    EF_BLOCK_THEN = 1 << 5,     /* first required+unrunnable -> then unrunnable */
    EF_NO_ORDER = 1 << 6,       /* flags only: not an execution ordering */
    EF_ASYMMETRIC = 1 << 7,     /* first unrunnable -> then, if required,
                                 * unrunnable (one-way mandatory order) */
    EF_CONFIGURED = 1 << 8,     /* from a configured order (flags only) */
    EF_ON_NODE = 1 << 9,        /* clone <-> non-clone: the clone's pseudo
                                 * action is judged required only by its
                                 * instances on the other action's node */
};

typedef struct s_edge {
    s_action *first, *then;
    guint flags;
} s_edge;

typedef struct sched_run {
    const ha_store_model_t *m;
    struct ha_sched_options opts;
    GStringChunk *strings;

    /* cluster options */
    gboolean stonith_enabled, symmetric, have_quorum, stop_orphans;
    gboolean stop_orphan_actions, start_failure_fatal, maintenance_mode;
    gboolean startup_fencing, stop_all;
    gboolean no_fence_device;   /* fencing on, no stonith-class primitive */
    enum no_quorum no_quorum;
    enum placement_strategy strategy;
    const char *stonith_action;
    int default_stickiness;

    guint n_nodes;
    s_node *nodes;
    GPtrArray *rscs;        /* s_rsc*, every resource incl. instances */
    GPtrArray *top;         /* top-level s_rsc* in assignment order */
    GHashTable *rsc_by_id;  /* id -> s_rsc* */
    GPtrArray *colocs;      /* s_coloc* */
    GPtrArray *actions;     /* s_action* */
    GArray *edges;          /* s_edge */
    GHashTable *action_by_key;  /* "key node" -> s_action* */
    GPtrArray *scores;      /* char* lines, or NULL */
    GPtrArray *summary;
    gboolean any_stonith_rsc;
    GPtrArray *owned;       /* other allocations freed with the run */
    GHashTable *attr_classes;   /* attr name -> gint[n_nodes], see below */
    gboolean explain;       /* opts.want_explain: record the breakdown */
    char *error;
} sched_run;

/* sched.c */
const char *sched_intern(sched_run *run, const char *s);
/* A cluster property at the run's "now" (property set rules evaluated). */
const char *sched_prop(const sched_run *run, const char *name);
void sched_score_line(sched_run *run, const char *fn, const s_rsc *rsc,
                      const int *scores, const guint8 *allowed);

/* sched_nodes.c */
void sched_nodes_unpack(sched_run *run);
gboolean sched_node_can_run(const s_node *node);
const char *sched_node_attr(gconstpointer node, const char *name);
const gint *sched_node_attr_classes(sched_run *run, const char *attr);

/* sched_rsc.c */
void sched_rsc_unpack(sched_run *run);
void sched_rsc_sort_top(sched_run *run);
s_rsc *sched_clone_instance_add(sched_run *run, s_rsc *clone);
s_rsc *sched_orphan_new(sched_run *run, const struct ha_model_lrm_rsc *lr);
s_rsc *sched_rsc_find(sched_run *run, const char *id);
gboolean sched_rsc_is_active(const s_rsc *rsc);
s_node *sched_rsc_current_node(sched_run *run, const s_rsc *rsc);
void sched_rsc_walk_primitives(s_rsc *rsc, void (*fn)(s_rsc *, gpointer),
                               gpointer data);

/* sched_history.c */
gboolean promotable_instance(const s_rsc *rsc);
void sched_history_unpack(sched_run *run);
const struct ha_model_op *sched_rsc_find_op(const s_rsc *rsc,
                                            const char *name,
                                            guint64 interval_ms);

/* sched_digest.c */
void sched_digest_check(sched_run *run, s_rsc *rsc, const s_node *node,
                        const struct ha_model_lrm_op *op);
/* The agent parameters of @rsc on @node for @op (NULL: none): sorted
 * name -> value, borrowed strings; free with g_tree_destroy(). */
GTree *sched_digest_params(sched_run *run, const s_rsc *rsc,
                           const s_node *node, const struct ha_model_op *op);
/* MD5 of the canonical parameter text (@only " a b ": just those). */
char *sched_digest_of(GTree *params, const char *only);
gboolean sched_digest_changed(sched_run *run, s_rsc *rsc, const s_node *node,
                              const struct ha_model_lrm_op *op);

/* sched_location.c */
void sched_location_apply(sched_run *run);

/* sched_utilization.c */
void sched_utilization_init(sched_run *run);
void sched_utilization_ban(sched_run *run, s_rsc *rsc);
void sched_utilization_consume(sched_run *run, const s_rsc *rsc,
                               s_node *node);
/** Gives back what sched_utilization_consume() took (an assignment undone). */
void sched_utilization_release(sched_run *run, const s_rsc *rsc,
                               s_node *node);
int sched_utilization_cmp_nodes(const sched_run *run, const s_node *a,
                                const s_node *b);
void sched_utilization_sort(sched_run *run);

/* sched_ticket.c */
void sched_tickets_apply(sched_run *run);

/* sched_assign.c */
void sched_colocations_unpack(sched_run *run);
s_node *sched_assign(sched_run *run, s_rsc *rsc, s_node *prefer);
void sched_assign_all(sched_run *run);
void sched_assign_node(sched_run *run, s_rsc *rsc, s_node *node);
void sched_apply_coloc(sched_run *run, s_rsc *dependent, const s_coloc *c);
int *sched_merge_scores(sched_run *run, s_rsc *rsc, int *scores,
                        const char *attr, double factor, guint flags);
void sched_merge_dependents(sched_run *run, s_rsc *target,
                            GPtrArray *with_this, guint flags);
s_node *sched_choose_node(sched_run *run, s_rsc *rsc, s_node *prefer);

#define MERGE_INIT 1
#define MERGE_FORWARD 2
#define MERGE_ROLLBACK 4
#define MERGE_POSITIVE 8

/* sched_promote.c */
void sched_promote_choose(sched_run *run, s_rsc *clone);
/* Positive promotion scores added to the instances' node scores (before
 * they are placed). */
void sched_promote_add_scores(sched_run *run, s_rsc *clone);

/* sched_clone.c */
s_node *sched_clone_assign(sched_run *run, s_rsc *clone, s_node *prefer);
/* Is @rsc probed on @node?  FALSE for the primitives of an anonymous clone
 * instance other than the one the clone is probed through there. */
gboolean sched_clone_probes_through(const s_rsc *rsc, const s_node *node);
/* Does any primitive of clone instance @inst have history on node @n? */
gboolean sched_clone_instance_known_on(const s_rsc *inst, guint n);

/* sched_actions.c */
s_action *sched_action_new(sched_run *run, s_rsc *rsc, const char *task,
                           guint64 interval_ms, s_node *node, guint flags);
s_action *sched_action_find(sched_run *run, s_rsc *rsc, const char *task,
                            guint64 interval_ms, s_node *node);
void sched_actions_create(sched_run *run);

/* sched_order.c */
void sched_edge_add(sched_run *run, s_action *first, s_action *then,
                    guint flags);
void sched_orders_create(sched_run *run);
void sched_orders_propagate(sched_run *run);

/* sched_notify.c: clone notifications (meta notify=true) */
gboolean sched_clone_notify(const sched_run *run, const s_rsc *clone);
void sched_notify_create(sched_run *run);
void sched_notify_finish(sched_run *run);   /* after the propagation */
/* sched_notify_meta.c: the CRM_meta_notify_* data of notify action @a
 * (names without the "CRM_meta_" prefix) into @meta */
void sched_notify_meta(const sched_run *run, const s_action *a,
                       GHashTable *meta);

/* sched_fencing.c */
void sched_fencing_create(sched_run *run);

/* sched_explain.c: the score breakdown.  Every hook is called only when
 * run->explain is set, right where the score it explains is changed. */
struct sched_why {
    enum ha_sched_contrib_kind kind;
    const char *source;     /* constraint or ticket id, or NULL */
    const char *note;       /* copied (interned), or NULL */
    const s_rsc *other;     /* the other resource, or NULL */
    const s_node *other_node;
};
void sched_explain_add(sched_run *run, s_rsc *rsc, guint node,
                       const struct sched_why *why, int value);
/* One contribution per node where @after differs from @before. */
void sched_explain_diff(sched_run *run, s_rsc *rsc, const int *before,
                        const int *after, const struct sched_why *why);
/* Clone instance scores saved / restored (an attempt undone). */
void sched_explain_mark(s_rsc *rsc);
void sched_explain_rewind(s_rsc *rsc);
/* The node choice of @rsc: the scores it compared, the result, and what
 * broke a tie (enum ha_sched_tie_flags). */
void sched_explain_decide(sched_run *run, s_rsc *rsc, const s_node *chosen,
                          guint tie);
/* An interleaved order withdrew @rsc's placement on @node: no instance
 * of @first there. */
void sched_explain_withdrawn(sched_run *run, s_rsc *rsc, const s_rsc *first,
                             const s_node *node);
/* After the orderings: why a placed resource does not start. */
void sched_explain_finish(sched_run *run);
void sched_explain_rsc_free(struct sched_explain_rsc *e);

/* sched_recheck.c: ha_sched_result.recheck_at (after the history) */
gint64 sched_recheck_at(const sched_run *run);

/* sched_summary.c */
void sched_summary_build(sched_run *run);

#endif /* HA_SCHED_PRIVATE_H */
