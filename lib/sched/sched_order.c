/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_order.c - ordering edges between actions and the
 * propagation of "required" and "runnable" along them.
 *
 * Edge semantics (enum edge_flag):
 *   IMPLIES_THEN   first required            => then required
 *   IMPLIES_FIRST  then required             => first required
 *   RUNNABLE_LEFT  first not runnable        => then not runnable
 *   RESTART        then required (or, for a managed resource, not
 *                  runnable)                 => first required (stop->start)
 *   ANY_RUNNABLE   then runnable iff at least one such first is
 *   BLOCK_THEN     first required, unrunnable => then not runnable
 *   ASYMMETRIC     first not runnable, then required => then not runnable
 *                  (a one-way mandatory order: what is already where it
 *                  should be is neither restarted nor stopped by it)
 *   ON_NODE        (with the above) a clone's pseudo action ordered with a
 *                  non-clone action placed on a node counts as required
 *                  only if an instance's action on that node is, and an
 *                  edge without IMPLIES_THEN (the inverse, stop side) is
 *                  forwarded only to the instances there: a dependent is
 *                  not restarted because an instance elsewhere stops or
 *                  restarts (a primitive's restart still restarts every
 *                  instance ordered after it)
 * Flags only ever move one way (optional -> required, runnable -> not), so
 * the worklist reaches a fixpoint in O(edges x flags) steps.
 *
 * Orderings on a group or clone use its pseudo actions, and are also
 * forwarded to the matching action of every primitive inside it (without
 * RUNNABLE_LEFT: runnability flows through the pseudo action).
 */
#include "config.h"

#include <string.h>

#include "common/log.h"
#include "sched/sched_private.h"

void
sched_edge_add(sched_run *run, s_action *first, s_action *then, guint flags)
{
    s_edge e = { .first = first, .then = then, .flags = flags };
    guint idx = run->edges->len;

    if (first == NULL || then == NULL || first == then) {
        return;
    }
    g_array_append_val(run->edges, e);
    g_array_append_val(first->out, idx);
    g_array_append_val(then->in, idx);
}

/* The actions of @rsc with @task (primitive: any node). */
static GPtrArray *
actions_of(sched_run *run, s_rsc *rsc, const char *task)
{
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; i < rsc->actions->len; i++) {
        s_action *a = g_ptr_array_index(rsc->actions, i);

        if (a->interval_ms == 0 && strcmp(a->task, task) == 0) {
            g_ptr_array_add(out, a);
        }
    }
    if (out->len == 0) {
        /* a placeholder that can never run (Pacemaker does the same) */
        g_ptr_array_add(out, sched_action_new(run, rsc, task, 0, NULL,
                                              AF_OPTIONAL));
    }
    return out;
}

static const char *
completion_task(const char *task)
{
    if (strcmp(task, "start") == 0) {
        return "running";
    }
    if (strcmp(task, "stop") == 0) {
        return "stopped";
    }
    if (strcmp(task, "promote") == 0) {
        return "promoted";
    }
    if (strcmp(task, "demote") == 0) {
        return "demoted";
    }
    return task;
}

/* "first" side: a primitive's own actions, a collective's completion. */
static GPtrArray *
first_actions(sched_run *run, s_rsc *rsc, const char *task)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        if (strcmp(task, "stop") == 0 && rsc->running->len == 0) {
            /* stopping what is stopped: nothing to wait for */
            return g_ptr_array_new();
        }
        return actions_of(run, rsc, task);
    }
    return actions_of(run, rsc, completion_task(task));
}

static void
forward_to_primitives(sched_run *run, s_action *first, s_rsc *rsc,
                      const char *task, guint flags)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        g_autoptr(GPtrArray) then = actions_of(run, rsc, task);

        for (guint i = 0; i < then->len; i++) {
            s_action *t = g_ptr_array_index(then, i);

            if ((flags & EF_ON_NODE) && !(flags & EF_IMPLIES_THEN)
                && first->node != NULL && t->node != first->node) {
                continue;   /* inverse: only the instance on first's node */
            }
            sched_edge_add(run, first, t, flags);
        }
        return;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        forward_to_primitives(run, first, g_ptr_array_index(rsc->children, i),
                              task, flags);
    }
}

/* Whether a configured order already links @first to @then: the first
 * configured order between two actions is the one that counts (Pacemaker
 * drops the later ones). */
static gboolean
configured_edge_exists(sched_run *run, const s_action *first,
                       const s_action *then)
{
    for (guint i = 0; i < first->out->len; i++) {
        const s_edge *e = &g_array_index(run->edges, s_edge,
                                         g_array_index(first->out, guint, i));

        if (e->then == then && (e->flags & EF_CONFIGURED)) {
            return TRUE;
        }
    }
    return FALSE;
}

static void
order_rsc(sched_run *run, s_rsc *first, const char *first_task, s_rsc *then,
          const char *then_task, guint flags)
{
    /* one of a require-all=false set: a group counts by its own start
     * (runnable unless blocked), not by members that will not start */
    g_autoptr(GPtrArray) fa = ((flags & EF_ANY_RUNNABLE)
                               && first->kind == HA_SCHED_GROUP)
                              ? actions_of(run, first, first_task)
                              : first_actions(run, first, first_task);
    g_autoptr(GPtrArray) ta = actions_of(run, then, then_task);

    for (guint i = 0; i < fa->len; i++) {
        s_action *f = g_ptr_array_index(fa, i);
        guint added = 0;

        for (guint k = 0; k < ta->len; k++) {
            s_action *t = g_ptr_array_index(ta, k);

            if ((flags & EF_CONFIGURED) && configured_edge_exists(run, f, t)) {
                continue;
            }
            sched_edge_add(run, f, t, flags);
            added++;
        }
        if (added == 0 && ta->len > 0) {
            continue;
        }
        if (then->kind != HA_SCHED_PRIMITIVE) {
            forward_to_primitives(run, f, then, then_task,
                                  flags & (EF_IMPLIES_THEN | EF_IMPLIES_FIRST
                                           | EF_ASYMMETRIC | EF_ON_NODE));
        }
    }
}

static const char *
inverse_task(const char *task)
{
    if (strcmp(task, "start") == 0) {
        return "stop";
    }
    if (strcmp(task, "stop") == 0) {
        return "start";
    }
    if (strcmp(task, "promote") == 0) {
        return "demote";
    }
    if (strcmp(task, "demote") == 0) {
        return "promote";
    }
    return NULL;
}

static void
inhibit_cb(s_rsc *rsc, gpointer data)
{
    sched_run *run = data;

    (void) run;
    if (rsc->assigned != NULL) {
        rsc->assigned->n_assigned--;
    }
    rsc->assigned = NULL;
    rsc->next_role = HA_ROLE_STOPPED;
    for (guint i = 0; i < rsc->actions->len; i++) {
        s_action *a = g_ptr_array_index(rsc->actions, i);

        if (strcmp(a->task, "start") == 0 || strcmp(a->task, "promote") == 0
            || (strcmp(a->task, "monitor") == 0 && a->interval_ms > 0)) {
            a->flags &= ~AF_RUNNABLE;
            a->flags |= AF_OPTIONAL;
        } else if (strcmp(a->task, "stop") == 0) {
            a->flags &= ~AF_OPTIONAL;
        }
    }
    if (rsc->parent != NULL && rsc->parent->kind == HA_SCHED_GROUP) {
        rsc->parent->assigned = NULL;
        rsc->parent->next_role = HA_ROLE_STOPPED;
    }
}

/* Interleaved clone -> clone: instance to instance on the same node. */
static gboolean
order_interleaved(sched_run *run, s_rsc *first, const char *ft, s_rsc *then,
                  const char *tt, guint flags)
{
    if (first->kind != HA_SCHED_CLONE || then->kind != HA_SCHED_CLONE
        || !then->interleave || first->clone_min > 0
        || (flags & EF_ANY_RUNNABLE)) {
        return FALSE;   /* clone-min: the clone as a whole comes first */
    }
    for (guint i = 0; i < then->children->len; i++) {
        s_rsc *ti = g_ptr_array_index(then->children, i);
        s_node *tn = (ti->assigned != NULL) ? ti->assigned
                     : sched_rsc_current_node(run, ti);
        s_rsc *match = NULL;

        for (guint k = 0; k < first->children->len && tn != NULL; k++) {
            s_rsc *fi = g_ptr_array_index(first->children, k);
            s_node *fn = (fi->assigned != NULL) ? fi->assigned
                         : sched_rsc_current_node(run, fi);

            if (fn == tn) {
                match = fi;
                break;
            }
        }
        if (match != NULL) {
            order_rsc(run, match, ft, ti, tt, flags);
        } else if ((flags & EF_RUNNABLE_LEFT)
                   && strcmp(tt, "start") == 0 && ti->assigned != NULL) {
            /* nothing to interleave with: this instance may not be active */
            if (run->explain) {
                sched_explain_withdrawn(run, ti, first, ti->assigned);
            }
            sched_rsc_walk_primitives(ti, inhibit_cb, run);
        }
    }
    return TRUE;
}

static void
order_configured(sched_run *run, const struct ha_model_order *o)
{
    s_rsc *first = sched_rsc_find(run, run->m->rscs[o->first].id);
    s_rsc *then = sched_rsc_find(run, run->m->rscs[o->then].id);
    guint flags = 0;
    guint inv_flags = 0;
    const char *ifirst, *ithen;
    gboolean whole;

    if (first == NULL || then == NULL || first == then) {
        return;
    }
    if (o->kind == HA_ORDER_MANDATORY && !o->symmetrical && o->require_all) {
        flags = EF_ASYMMETRIC;
    } else if (o->kind == HA_ORDER_MANDATORY) {
        flags = EF_IMPLIES_THEN;
        if (strcmp(o->first_action, "start") == 0
            || strcmp(o->first_action, "promote") == 0) {
            flags |= o->require_all ? EF_RUNNABLE_LEFT : EF_ANY_RUNNABLE;
        }
        /* after a require-all=false set, the way back orders only: a
         * member that stops or restarts does not take what follows down */
        inv_flags = o->require_all ? EF_IMPLIES_FIRST : 0;
    }
    if (!o->require_all && (strcmp(o->first_action, "start") == 0
                            || strcmp(o->first_action, "promote") == 0)) {
        /* whatever the kind, what follows a require-all=false set needs
         * one of its members able to run */
        flags |= EF_ANY_RUNNABLE;
    }
    /* clone-min or require-all=false: only whether enough instances run
     * matters, not that some instance (re)starts, nor which one */
    whole = (first->kind == HA_SCHED_CLONE && first->clone_min > 0)
            || !o->require_all;
    if (whole && strcmp(o->first_action, "start") == 0) {
        flags &= ~EF_IMPLIES_THEN;
    }
    if (then->restart_type_restart) {
        /* legacy: restart whenever what it is ordered after restarts */
        flags |= EF_IMPLIES_THEN;
        inv_flags |= EF_IMPLIES_FIRST;
    }
    flags |= EF_CONFIGURED;
    inv_flags |= EF_CONFIGURED;
    if (!whole && ((first->kind == HA_SCHED_CLONE)
                   != (then->kind == HA_SCHED_CLONE))) {
        flags |= EF_ON_NODE;
        inv_flags |= EF_ON_NODE;
    }
    if (!order_interleaved(run, first, o->first_action, then, o->then_action,
                           flags)) {
        order_rsc(run, first, o->first_action, then, o->then_action, flags);
    }
    if (!o->symmetrical || o->kind == HA_ORDER_SERIALIZE) {
        return;
    }
    ifirst = inverse_task(o->then_action);
    ithen = inverse_task(o->first_action);
    if (ifirst == NULL || ithen == NULL) {
        return;
    }
    if (whole || !order_interleaved(run, then, ifirst, first, ithen,
                                    inv_flags)) {
        order_rsc(run, then, ifirst, first, ithen, inv_flags);
    }
}

static void
collect_real(s_rsc *rsc, const char *task, GPtrArray *out)
{
    for (guint i = 0; i < rsc->actions->len; i++) {
        s_action *a = g_ptr_array_index(rsc->actions, i);

        if (a->node != NULL && a->interval_ms == 0
            && strcmp(a->task, task) == 0) {
            g_ptr_array_add(out, a);
        }
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        collect_real(g_ptr_array_index(rsc->children, i), task, out);
    }
}

static GPtrArray *
real_actions(s_rsc *rsc, const char *task)
{
    GPtrArray *out = g_ptr_array_new();

    collect_real(rsc, task, out);
    return out;
}

/*
 * A promotable clone: its promote/promoted and demote/demoted pseudo
 * actions frame the instances' promotes and demotes, and the clone as a
 * whole promotes only after every demote, stop and start of its instances
 * is done (demoted, stopped and running before promote), so an instance is
 * never promoted while another is still being demoted: at no moment are
 * more than promoted-max instances promoted.  Demotes come before the
 * clone's stops and starts (demoted before stop and start).
 */
static void
promotable_internal(sched_run *run, s_rsc *rsc, s_action *start,
                    s_action *running, s_action *stop, s_action *stopped)
{
    s_action *promote = sched_action_find(run, rsc, "promote", 0, NULL);
    s_action *promoted = sched_action_find(run, rsc, "promoted", 0, NULL);
    s_action *demote = sched_action_find(run, rsc, "demote", 0, NULL);
    s_action *demoted = sched_action_find(run, rsc, "demoted", 0, NULL);

    for (guint i = 0; i < rsc->children->len; i++) {
        s_rsc *child = g_ptr_array_index(rsc->children, i);
        /* only instances that really change role: no placeholders, so a
         * clone promoting nothing has nothing to wait for */
        g_autoptr(GPtrArray) cp = real_actions(child, "promote");
        g_autoptr(GPtrArray) cd = real_actions(child, "demote");

        for (guint k = 0; k < cp->len; k++) {
            s_action *a = g_ptr_array_index(cp, k);

            sched_edge_add(run, promote, a, EF_RUNNABLE_LEFT | EF_IMPLIES_FIRST);
            sched_edge_add(run, a, promoted, EF_IMPLIES_THEN | EF_ANY_RUNNABLE);
        }
        for (guint k = 0; k < cd->len; k++) {
            s_action *a = g_ptr_array_index(cd, k);

            sched_edge_add(run, demote, a, EF_IMPLIES_FIRST);
            sched_edge_add(run, a, demoted, EF_IMPLIES_THEN);
        }
    }
    sched_edge_add(run, demote, demoted, 0);
    sched_edge_add(run, demoted, promote, 0);
    sched_edge_add(run, stopped, promote, 0);
    sched_edge_add(run, running, promote, 0);
    sched_edge_add(run, demoted, stop, 0);
    sched_edge_add(run, demoted, start, 0);
}

static void
collective_internal(sched_run *run, s_rsc *rsc)
{
    gboolean clone = (rsc->kind == HA_SCHED_CLONE);
    s_action *start = sched_action_find(run, rsc, "start", 0, NULL);
    s_action *running = sched_action_find(run, rsc, "running", 0, NULL);
    s_action *stop = sched_action_find(run, rsc, "stop", 0, NULL);
    s_action *stopped = sched_action_find(run, rsc, "stopped", 0, NULL);

    for (guint i = 0; i < rsc->children->len; i++) {
        s_rsc *child = g_ptr_array_index(rsc->children, i);
        g_autoptr(GPtrArray) cstart = first_actions(run, child, "start");
        g_autoptr(GPtrArray) cstop = first_actions(run, child, "stop");
        g_autoptr(GPtrArray) bstart = actions_of(run, child, "start");
        g_autoptr(GPtrArray) bstop = actions_of(run, child, "stop");

        for (guint k = 0; k < bstart->len; k++) {
            sched_edge_add(run, start, g_ptr_array_index(bstart, k),
                           EF_RUNNABLE_LEFT | EF_IMPLIES_FIRST);
        }
        for (guint k = 0; k < cstart->len; k++) {
            sched_edge_add(run, g_ptr_array_index(cstart, k), running,
                           EF_IMPLIES_THEN
                           | (clone ? EF_ANY_RUNNABLE : EF_RUNNABLE_LEFT));
        }
        for (guint k = 0; k < bstop->len; k++) {
            sched_edge_add(run, stop, g_ptr_array_index(bstop, k),
                           EF_IMPLIES_FIRST);
        }
        for (guint k = 0; k < cstop->len; k++) {
            sched_edge_add(run, g_ptr_array_index(cstop, k), stopped,
                           EF_IMPLIES_THEN);
        }
        if (!clone && i > 0) {
            s_rsc *prev = g_ptr_array_index(rsc->children, i - 1);

            order_rsc(run, prev, "start", child, "start",
                      EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
            order_rsc(run, child, "stop", prev, "stop",
                      EF_IMPLIES_FIRST | EF_RUNNABLE_LEFT);
        }
    }
    sched_edge_add(run, stopped, start, 0);
    if (clone && rsc->promotable) {
        promotable_internal(run, rsc, start, running, stop, stopped);
    }
}

/* A mandatory colocation: the dependent cannot start where its primary
 * will not be running. */
static void
coloc_runnable(sched_run *run, const s_coloc *c)
{
    g_autoptr(GPtrArray) fa = NULL;

    if (c->score < INF || c->primary->kind == HA_SCHED_CLONE
        || c->dependent_role == HA_ROLE_PROMOTED
        || c->dependent_role == HA_ROLE_UNPROMOTED) {
        return;     /* a role colocation acts on promotion, not on start */
    }
    fa = first_actions(run, c->primary, "start");
    for (guint i = 0; i < fa->len; i++) {
        s_action *f = g_ptr_array_index(fa, i);

        if (f->node == NULL && !(f->flags & AF_PSEUDO)) {
            continue;   /* primary not placed: colocation already says so */
        }
        forward_to_primitives(run, f, c->dependent, "start",
                              EF_RUNNABLE_LEFT | EF_NO_ORDER);
    }
}

void
sched_orders_create(sched_run *run)
{
    for (guint i = 0; i < run->rscs->len; i++) {
        s_rsc *rsc = g_ptr_array_index(run->rscs, i);

        if (rsc->kind != HA_SCHED_PRIMITIVE) {
            collective_internal(run, rsc);
        }
    }
    for (guint i = 0; i < run->m->n_orders; i++) {
        order_configured(run, &run->m->orders[i]);
    }
    for (guint i = 0; i < run->colocs->len; i++) {
        coloc_runnable(run, g_ptr_array_index(run->colocs, i));
    }
}

/* ---- propagation ---- */

static gboolean
clear_flag(s_action *a, guint flag)
{
    if (a->flags & flag) {
        a->flags &= ~flag;
        return TRUE;
    }
    return FALSE;
}

static gboolean
any_runnable_first(sched_run *run, const s_action *then)
{
    int count = 0;
    gboolean seen = FALSE;

    for (guint i = 0; i < then->in->len; i++) {
        const s_edge *e = &g_array_index(run->edges, s_edge,
                                         g_array_index(then->in, guint, i));

        if (e->flags & EF_ANY_RUNNABLE) {
            seen = TRUE;
            count += (e->first->flags & AF_RUNNABLE) ? 1 : 0;
        }
    }
    return !seen || count >= MAX(then->min_runnable, 1);
}

/* The task of a clone's instances that pseudo action @task stands for. */
static const char *
instance_task(const char *task)
{
    static const char *const map[][2] = {
        { "running", "start" }, { "stopped", "stop" },
        { "promoted", "promote" }, { "demoted", "demote" },
    };

    for (guint i = 0; i < G_N_ELEMENTS(map); i++) {
        if (strcmp(task, map[i][0]) == 0) {
            return map[i][1];
        }
    }
    return task;
}

/* Is @a required, as seen from an action on @node?  A clone's pseudo action
 * ordered EF_ON_NODE with an action on a node is required there only if
 * one of its instances' actions on that node is. */
static gboolean
required_seen_from(const s_action *a, const s_node *node, guint flags)
{
    g_autoptr(GPtrArray) inst = NULL;

    if (a->flags & AF_OPTIONAL) {
        return FALSE;
    }
    if (!(flags & EF_ON_NODE) || node == NULL || a->node != NULL
        || a->rsc == NULL || a->rsc->kind != HA_SCHED_CLONE) {
        return TRUE;
    }
    inst = real_actions(a->rsc, instance_task(a->task));
    for (guint i = 0; i < inst->len; i++) {
        const s_action *ia = g_ptr_array_index(inst, i);

        if (ia->node == node && !(ia->flags & AF_OPTIONAL)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Apply one edge; returns a bitmask: 1 = then changed, 2 = first changed */
static guint
apply_edge(sched_run *run, const s_edge *e)
{
    s_action *f = e->first;
    s_action *t = e->then;
    guint changed = 0;

    if ((e->flags & EF_RUNNABLE_LEFT) && !(f->flags & AF_RUNNABLE)
        && clear_flag(t, AF_RUNNABLE)) {
        changed |= 1;
    }
    if ((e->flags & EF_ANY_RUNNABLE) && (t->flags & AF_RUNNABLE)
        && !any_runnable_first(run, t) && clear_flag(t, AF_RUNNABLE)) {
        changed |= 1;
    }
    if ((e->flags & EF_BLOCK_THEN) && !(f->flags & AF_OPTIONAL)
        && !(f->flags & AF_RUNNABLE) && clear_flag(t, AF_RUNNABLE)) {
        changed |= 1;
    }
    if ((e->flags & EF_ASYMMETRIC) && !(f->flags & AF_RUNNABLE)
        && !(t->flags & AF_OPTIONAL) && clear_flag(t, AF_RUNNABLE)) {
        changed |= 1;
    }
    if ((e->flags & EF_IMPLIES_THEN) && required_seen_from(f, t->node, e->flags)
        && clear_flag(t, AF_OPTIONAL)) {
        changed |= 1;
    }
    if ((e->flags & EF_IMPLIES_FIRST)
        && required_seen_from(t, f->node, e->flags)
        && clear_flag(f, AF_OPTIONAL)) {
        changed |= 2;
    }
    if (e->flags & EF_RESTART) {
        gboolean then_unrunnable = !(t->flags & AF_RUNNABLE)
                                   && t->rsc != NULL && t->rsc->managed;
        gboolean then_required = !(t->flags & AF_OPTIONAL);

        if ((then_unrunnable || then_required)
            && ((f->flags & AF_RUNNABLE) || then_required)
            && clear_flag(f, AF_OPTIONAL)) {
            changed |= 2;
        }
    }
    return changed;
}

void
sched_orders_propagate(sched_run *run)
{
    GQueue queue = G_QUEUE_INIT;
    guint8 *queued = g_new0(guint8, run->actions->len + 1);

    for (guint i = 0; i < run->actions->len; i++) {
        g_queue_push_tail(&queue, g_ptr_array_index(run->actions, i));
        queued[i] = 1;
    }
    while (!g_queue_is_empty(&queue)) {
        s_action *a = g_queue_pop_head(&queue);

        queued[a->id] = 0;
        for (int dir = 0; dir < 2; dir++) {
            GArray *list = (dir == 0) ? a->out : a->in;

            for (guint i = 0; i < list->len; i++) {
                const s_edge *e = &g_array_index(run->edges, s_edge,
                                                 g_array_index(list, guint, i));
                guint c = apply_edge(run, e);

                if (c != 0) {
                    ha_trace("edge %s@%s -> %s@%s flags %x: %u now %x/%x",
                             e->first->key,
                             e->first->node ? e->first->node->name : "-",
                             e->then->key,
                             e->then->node ? e->then->node->name : "-",
                             e->flags, c, e->first->flags, e->then->flags);
                }
                if ((c & 1) && !queued[e->then->id]) {
                    queued[e->then->id] = 1;
                    g_queue_push_tail(&queue, e->then);
                }
                if ((c & 2) && !queued[e->first->id]) {
                    queued[e->first->id] = 1;
                    g_queue_push_tail(&queue, e->first);
                }
            }
        }
    }
    g_free(queued);
}
