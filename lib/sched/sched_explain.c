/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_explain.c - the score breakdown of `hactl why`.
 *
 * The stages that change a resource's node scores call these hooks (only
 * when the run was asked for a breakdown) with what they add, in the order
 * they add it.  When the resource's node is chosen, the contributions of
 * each node are collected, what makes a node unusable is appended, and the
 * score the choice compared is kept beside them: folding the contributions
 * with ha_score_add() gives that score.  A difference that no hook
 * explains is kept as HA_CONTRIB_OTHER, so a missing hook shows instead of
 * a wrong answer.  After the orderings, a placed resource whose start
 * cannot run gets its blockers (an order whose first cannot run, quorum).
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

struct explain_item {
    guint node;
    struct ha_sched_contrib c;
};

struct sched_explain_rsc {
    GArray *items;          /* struct explain_item, in the order applied */
    guint mark;             /* items kept by sched_explain_rewind() */
    gboolean decided;
    GPtrArray *per_node;    /* GArray of struct ha_sched_contrib, per node */
    struct ha_sched_explain_node *nodes;
    GArray *blockers;       /* struct ha_sched_blocker */
    struct ha_sched_explain pub;
};

static struct sched_explain_rsc *
explain_of(sched_run *run, s_rsc *rsc)
{
    if (rsc->explain == NULL) {
        struct sched_explain_rsc *e = g_new0(struct sched_explain_rsc, 1);

        e->items = g_array_new(FALSE, FALSE, sizeof(struct explain_item));
        e->per_node = g_ptr_array_new_with_free_func(
            (GDestroyNotify) g_array_unref);
        e->nodes = g_new0(struct ha_sched_explain_node,
                          MAX(run->n_nodes, 1));
        e->blockers = g_array_new(FALSE, FALSE,
                                  sizeof(struct ha_sched_blocker));
        rsc->explain = e;
    }
    return rsc->explain;
}

void
sched_explain_rsc_free(struct sched_explain_rsc *e)
{
    if (e == NULL) {
        return;
    }
    g_array_free(e->items, TRUE);
    g_ptr_array_free(e->per_node, TRUE);
    g_free(e->nodes);
    g_array_free(e->blockers, TRUE);
    g_free(e);
}

void
sched_explain_add(sched_run *run, s_rsc *rsc, guint node,
                  const struct sched_why *why, int value)
{
    struct explain_item it = {
        .node = node,
        .c = {
            .kind = why->kind, .source = why->source, .value = value,
            .note = sched_intern(run, why->note),
            .other = (why->other != NULL) ? why->other->id : NULL,
            .other_node = (why->other_node != NULL) ? why->other_node->idx
                                                    : HA_MODEL_NONE,
        },
    };

    g_array_append_val(explain_of(run, rsc)->items, it);
}

/* The value that ha_score_add(@before, value) turns into @after. */
static int
delta(int before, int after)
{
    if (after >= INF || after <= -INF) {
        return after;
    }
    return after - before;
}

void
sched_explain_diff(sched_run *run, s_rsc *rsc, const int *before,
                   const int *after, const struct sched_why *why)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        if (before[n] != after[n]) {
            sched_explain_add(run, rsc, n, why, delta(before[n], after[n]));
        }
    }
}

void
sched_explain_mark(s_rsc *rsc)
{
    if (rsc->explain != NULL) {
        rsc->explain->mark = rsc->explain->items->len;
    }
}

void
sched_explain_rewind(s_rsc *rsc)
{
    if (rsc->explain != NULL) {
        g_array_set_size(rsc->explain->items, rsc->explain->mark);
    }
}

static const char *
node_state_word(const s_node *node)
{
    if (node->unclean) {
        return "unclean";
    }
    if (!node->online) {
        return "offline";
    }
    if (node->pending) {
        return "pending";
    }
    if (node->standby) {
        return "standby";
    }
    if (node->maintenance) {
        return "maintenance";
    }
    return "shutting down";
}

static void
append(GArray *list, enum ha_sched_contrib_kind kind, int value,
       const char *note)
{
    struct ha_sched_contrib c = {
        .kind = kind, .value = value, .note = note,
        .other_node = HA_MODEL_NONE,
    };

    g_array_append_val(list, c);
}

static GArray *
node_contribs(sched_run *run, s_rsc *rsc, guint n, int *ret_score)
{
    struct sched_explain_rsc *e = rsc->explain;
    GArray *list = g_array_new(FALSE, FALSE, sizeof(struct ha_sched_contrib));
    const s_node *node = &run->nodes[n];
    int fold = 0;

    for (guint i = 0; i < e->items->len; i++) {
        const struct explain_item *it = &g_array_index(e->items,
                                                       struct explain_item, i);

        if (it->node == n) {
            g_array_append_val(list, it->c);
            fold = ha_score_add(fold, it->c.value);
        }
    }
    if (fold != rsc->score[n]) {
        append(list, HA_CONTRIB_OTHER, delta(fold, rsc->score[n]), NULL);
        fold = rsc->score[n];
    }
    /* the same order of tests as the node choice */
    if (!rsc->allowed[n]) {
        append(list, HA_CONTRIB_NOT_ALLOWED, -INF, NULL);
        fold = -INF;
    } else if (!sched_node_can_run(node)) {
        append(list, HA_CONTRIB_NODE, -INF, node_state_word(node));
        fold = -INF;
    }
    *ret_score = fold;
    return list;
}

static void
add_blocker(struct sched_explain_rsc *e, enum ha_sched_blocker_kind kind,
            const char *source, const char *other, const char *note)
{
    struct ha_sched_blocker b = { kind, source, other, note, e->pub.chosen };

    g_array_append_val(e->blockers, b);
}

void
sched_explain_decide(sched_run *run, s_rsc *rsc, const s_node *chosen,
                     guint tie)
{
    struct sched_explain_rsc *e = explain_of(run, rsc);

    g_ptr_array_set_size(e->per_node, 0);
    g_array_set_size(e->blockers, 0);
    for (guint n = 0; n < run->n_nodes; n++) {
        GArray *list = node_contribs(run, rsc, n, &e->nodes[n].score);

        g_ptr_array_add(e->per_node, list);
        e->nodes[n].n_contribs = list->len;
        e->nodes[n].contribs = (const struct ha_sched_contrib *) list->data;
    }
    if (rsc->held_no_fencing) {
        add_blocker(e, HA_BLOCK_NO_FENCE_DEVICE, NULL, NULL, NULL);
    } else if (!rsc->managed) {
        add_blocker(e, HA_BLOCK_UNMANAGED, NULL, NULL,
                    rsc->is_maintenance ? "maintenance" : "is-managed=false");
    } else if (run->stop_all) {
        add_blocker(e, HA_BLOCK_STOP_ALL, NULL, NULL, NULL);
    }
    e->decided = TRUE;
    e->pub.chosen = (chosen != NULL) ? chosen->idx : HA_MODEL_NONE;
    e->pub.tie = tie;
    e->pub.n_nodes = run->n_nodes;
    e->pub.nodes = e->nodes;
}

static gboolean
is_family(const s_rsc *a, const s_rsc *b)
{
    for (const s_rsc *p = b; p != NULL; p = p->parent) {
        if (p == a) {
            return TRUE;
        }
    }
    for (const s_rsc *p = a; p != NULL; p = p->parent) {
        if (p == b) {
            return TRUE;
        }
    }
    return FALSE;
}

static const s_rsc *
top_of(const s_rsc *rsc)
{
    while (rsc->parent != NULL) {
        rsc = rsc->parent;
    }
    return rsc;
}

/* The order constraint between @first and @then (or their collectives). */
static const char *
order_id(sched_run *run, const s_rsc *first, const s_rsc *then)
{
    const ha_store_model_t *m = run->m;

    for (guint i = 0; i < m->n_orders; i++) {
        const struct ha_model_order *o = &m->orders[i];
        const char *f = m->rscs[o->first].id;
        const char *t = m->rscs[o->then].id;
        gboolean f_ok = FALSE, t_ok = FALSE;

        for (const s_rsc *p = first; p != NULL; p = p->parent) {
            f_ok = f_ok || (p->cfg != NULL && strcmp(p->cfg->id, f) == 0);
        }
        for (const s_rsc *p = then; p != NULL; p = p->parent) {
            t_ok = t_ok || (p->cfg != NULL && strcmp(p->cfg->id, t) == 0);
        }
        if (f_ok && t_ok) {
            return o->id;
        }
    }
    if (first->parent != NULL && first->parent == then->parent
        && first->parent->kind == HA_SCHED_GROUP) {
        return first->parent->id;   /* members start in order */
    }
    return NULL;
}

/* Unrunnable inputs of @a that are not @rsc's own family's pseudo actions
 * (those are followed to what blocks them). */
static void
order_blockers(sched_run *run, s_rsc *rsc, const s_action *a, int depth)
{
    struct sched_explain_rsc *e = rsc->explain;

    for (guint i = 0; i < a->in->len && depth < 8; i++) {
        const s_edge *edge = &g_array_index(run->edges, s_edge,
                                            g_array_index(a->in, guint, i));
        const s_action *f = edge->first;

        if ((f->flags & AF_RUNNABLE) || f->rsc == NULL
            || !(edge->flags & (EF_RUNNABLE_LEFT | EF_ANY_RUNNABLE
                                | EF_BLOCK_THEN))) {
            continue;
        }
        if (is_family(f->rsc, rsc) && (f->flags & AF_PSEUDO)) {
            order_blockers(run, rsc, f, depth + 1);
            continue;
        }
        if (f->rsc == rsc) {
            continue;
        }
        add_blocker(e, HA_BLOCK_ORDER, order_id(run, f->rsc, rsc),
                    top_of(f->rsc) == top_of(rsc) ? f->rsc->id
                                                  : top_of(f->rsc)->id,
                    f->task);
    }
}

static void
withdraw(sched_run *run, s_rsc *rsc, const s_rsc *first, const s_node *node)
{
    struct sched_explain_rsc *e = rsc->explain;

    for (guint i = 0; i < rsc->children->len; i++) {
        withdraw(run, g_ptr_array_index(rsc->children, i), first, node);
    }
    if (e == NULL || !e->decided) {
        return;
    }
    e->pub.chosen = node->idx;
    add_blocker(e, HA_BLOCK_INTERLEAVE, order_id(run, first, rsc), first->id,
                NULL);
    e->pub.chosen = HA_MODEL_NONE;
}

void
sched_explain_withdrawn(sched_run *run, s_rsc *rsc, const s_rsc *first,
                        const s_node *node)
{
    withdraw(run, rsc, first, node);
}

static const char *
no_quorum_name(enum no_quorum p)
{
    switch (p) {
    case NOQ_FREEZE:
        return "freeze";
    case NOQ_DEMOTE:
        return "demote";
    case NOQ_SUICIDE:
        return "suicide";
    case NOQ_IGNORE:
        return "ignore";
    default:
        return "stop";
    }
}

void
sched_explain_finish(sched_run *run)
{
    for (guint i = 0; i < run->rscs->len; i++) {
        s_rsc *rsc = g_ptr_array_index(run->rscs, i);
        s_action *start;

        if (rsc->explain == NULL || !rsc->explain->decided
            || rsc->assigned == NULL || !rsc->managed) {
            continue;
        }
        start = sched_action_find(run, rsc, "start", 0, rsc->assigned);
        if (start == NULL || (start->flags & AF_RUNNABLE)) {
            continue;
        }
        if (!run->have_quorum && rsc->requires_quorum
            && run->no_quorum != NOQ_IGNORE) {
            add_blocker(rsc->explain, HA_BLOCK_QUORUM, NULL, NULL,
                        no_quorum_name(run->no_quorum));
        }
        order_blockers(run, rsc, start, 0);
    }
}

const struct ha_sched_explain *
ha_sched_result_explain(const ha_sched_result_t *result, guint rsc)
{
    const sched_run *run = result->priv;
    const s_rsc *r;

    if (run == NULL || rsc >= run->rscs->len) {
        return NULL;
    }
    r = g_ptr_array_index(run->rscs, rsc);
    if (r->explain == NULL || !r->explain->decided) {
        return NULL;
    }
    r->explain->pub.n_blockers = r->explain->blockers->len;
    r->explain->pub.blockers =
        (const struct ha_sched_blocker *) r->explain->blockers->data;
    return &r->explain->pub;
}

const char *
ha_sched_contrib_kind_name(enum ha_sched_contrib_kind kind)
{
    static const char *const names[] = {
        [HA_CONTRIB_LOCATION] = "location",
        [HA_CONTRIB_STICKINESS] = "stickiness",
        [HA_CONTRIB_FAILCOUNT] = "failcount",
        [HA_CONTRIB_FAILURE] = "failure",
        [HA_CONTRIB_TICKET] = "ticket",
        [HA_CONTRIB_COLOCATION] = "colocation",
        [HA_CONTRIB_GROUP] = "group",
        [HA_CONTRIB_DEPENDENTS] = "dependents",
        [HA_CONTRIB_UTILIZATION] = "utilization",
        [HA_CONTRIB_CLONE_LIMIT] = "clone-limit",
        [HA_CONTRIB_TARGET_ROLE] = "target-role",
        [HA_CONTRIB_NOT_ALLOWED] = "not-allowed",
        [HA_CONTRIB_NODE] = "node",
        [HA_CONTRIB_OTHER] = "other",
    };

    return ((guint) kind < G_N_ELEMENTS(names)) ? names[kind] : "other";
}

const char *
ha_sched_blocker_kind_name(enum ha_sched_blocker_kind kind)
{
    switch (kind) {
    case HA_BLOCK_ORDER:
        return "order";
    case HA_BLOCK_INTERLEAVE:
        return "interleave";
    case HA_BLOCK_QUORUM:
        return "quorum";
    case HA_BLOCK_UNMANAGED:
        return "unmanaged";
    case HA_BLOCK_STOP_ALL:
        return "stop-all";
    case HA_BLOCK_NO_FENCE_DEVICE:
        return "no-fence-device";
    }
    return "unknown";
}
