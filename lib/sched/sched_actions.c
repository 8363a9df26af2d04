/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_actions.c - the actions each resource needs to get from
 * its current state to its assignment: stop on every node it leaves (or
 * fails on), start where it goes, recurring monitors (those of a role
 * after the instance reaches it, cancels of the other role's before it
 * changes role), monitors for role="Stopped" ops, probes where its state
 * is unknown, and pseudo actions (start/running/stop/stopped) for groups
 * and clones.
 *
 * Actions start out optional or required and runnable or not;
 * sched_order.c then propagates those flags along the ordering edges.
 * Actions are found by (resource, task, interval, node) through
 * run->action_by_key, so ordering never scans action lists.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

/*
 * "ID_TASK_INTERVAL", followed by " TAIL" when @tail is not NULL: what
 * g_strdup_printf would write, built without the format parser (two keys
 * per action make it a hot path on large clusters).
 */
static char *
key_build(const char *id, const char *task, guint64 interval,
          const char *tail)
{
    char num[24];
    gsize nlen = 0;
    gsize li = strlen(id), lt = strlen(task);
    gsize ltail = (tail != NULL) ? strlen(tail) + 1 : 0;
    char *out, *p;

    do {
        num[sizeof(num) - 1 - nlen++] = (char) ('0' + interval % 10);
        interval /= 10;
    } while (interval > 0);
    out = p = g_malloc(li + lt + nlen + ltail + 3);
    memcpy(p, id, li);
    p += li;
    *p++ = '_';
    memcpy(p, task, lt);
    p += lt;
    *p++ = '_';
    memcpy(p, num + sizeof(num) - nlen, nlen);
    p += nlen;
    if (tail != NULL) {
        *p++ = ' ';
        memcpy(p, tail, ltail - 1);
        p += ltail - 1;
    }
    *p = '\0';
    return out;
}

static char *
lookup_key(const s_rsc *rsc, const char *task, guint64 interval,
           const s_node *node)
{
    return key_build((rsc != NULL) ? rsc->id : "", task, interval,
                     (node != NULL) ? node->name : "");
}

s_action *
sched_action_new(sched_run *run, s_rsc *rsc, const char *task,
                 guint64 interval_ms, s_node *node, guint flags)
{
    s_action *a = g_new0(s_action, 1);

    a->id = run->actions->len;
    a->key = key_build((rsc != NULL) ? rsc->id : "", task, interval_ms, NULL);
    a->task = sched_intern(run, task);
    a->interval_ms = interval_ms;
    a->rsc = rsc;
    a->node = node;
    a->flags = flags;
    a->in = g_array_new(FALSE, FALSE, sizeof(guint));
    a->out = g_array_new(FALSE, FALSE, sizeof(guint));
    if (node == NULL && !(flags & AF_PSEUDO)) {
        a->flags &= ~AF_RUNNABLE;
    }
    g_ptr_array_add(run->actions, a);
    if (rsc != NULL) {
        g_ptr_array_add(rsc->actions, a);
    }
    g_hash_table_insert(run->action_by_key,
                        lookup_key(rsc, task, interval_ms, node), a);
    return a;
}

s_action *
sched_action_find(sched_run *run, s_rsc *rsc, const char *task,
                  guint64 interval_ms, s_node *node)
{
    g_autofree char *key = lookup_key(rsc, task, interval_ms, node);

    return g_hash_table_lookup(run->action_by_key, key);
}

static gboolean
is_running_on(const s_rsc *rsc, const s_node *node)
{
    for (guint i = 0; i < rsc->running->len; i++) {
        if (g_array_index(rsc->running, guint, i) == node->idx) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
op_enabled(const struct ha_model_op *op)
{
    const char *v = ha_store_model_attrs_get(&op->meta, "enabled");
    gboolean b = TRUE;

    if (v != NULL) {
        (void) ha_bool_parse(v, &b);
    }
    return b;
}

static gboolean
op_active(const s_rsc *rsc, const s_node *node, const struct ha_model_op *op)
{
    g_autofree char *key = g_strdup_printf("%u\001%s_%" G_GUINT64_FORMAT,
                                           node->idx, op->name,
                                           op->interval_ms);

    return g_hash_table_contains(rsc->active_ops, key);
}

/*
 * The role a recurring monitor watches: its role= (legacy names included);
 * on an instance of a promotable clone a role-less (or Started) monitor
 * watches the Unpromoted role, as in Pacemaker (the agent answers 8, not
 * 0, while promoted).
 */
static enum ha_sched_role
op_watch_role(const s_rsc *rsc, const struct ha_model_op *op)
{
    const char *role = (op->role != NULL) ? ha_store_model_role_name(op->role)
                                          : "Started";

    if (strcmp(role, "Stopped") == 0) {
        return HA_ROLE_STOPPED;
    }
    if (strcmp(role, "Promoted") == 0) {
        return HA_ROLE_PROMOTED;
    }
    if (strcmp(role, "Unpromoted") == 0) {
        return HA_ROLE_UNPROMOTED;
    }
    return promotable_instance(rsc) ? HA_ROLE_UNPROMOTED : HA_ROLE_STARTED;
}

/* @a ordered after (@first_task) or before (@then_task) @rsc's action of
 * that task on @node, if it exists */
static void
order_with_task(sched_run *run, s_rsc *rsc, const char *first_task,
                const char *then_task, s_node *node, s_action *a,
                guint edge_flags)
{
    s_action *other = sched_action_find(run, rsc,
                                        (first_task != NULL) ? first_task
                                                             : then_task,
                                        0, node);

    if (other == NULL) {
        return;
    }
    if (first_task != NULL) {
        sched_edge_add(run, other, a, edge_flags);
    } else {
        sched_edge_add(run, a, other, edge_flags);
    }
}

/* The monitor of the role the instance has next, after it gets there:
 * after its start, and its promote (or demote) on its next node. */
static void
role_monitor(sched_run *run, s_rsc *rsc, s_action *start,
             const struct ha_model_op *op, enum ha_sched_role role)
{
    s_node *next = rsc->assigned;
    guint flags = AF_RUNNABLE;
    guint edge = EF_IMPLIES_THEN | EF_RUNNABLE_LEFT;
    s_action *mon;

    if ((start->flags & AF_OPTIONAL) && op_active(rsc, next, op)) {
        flags |= AF_OPTIONAL;
    }
    mon = sched_action_new(run, rsc, op->name, op->interval_ms, next, flags);
    sched_edge_add(run, start, mon, edge);
    if (role == HA_ROLE_PROMOTED) {
        order_with_task(run, rsc, "promote", NULL, next, mon, edge);
    } else if (role == HA_ROLE_UNPROMOTED) {
        order_with_task(run, rsc, "demote", NULL, next, mon, edge);
    }
}

/* A monitor of another role than the instance's next one, running on its
 * next node, is cancelled there before the role changes (the Promoted
 * monitor before the demote, the other before the promote). */
static void
cancel_role_monitor(sched_run *run, s_rsc *rsc, const struct ha_model_op *op,
                    enum ha_sched_role role)
{
    s_node *next = rsc->assigned;
    s_action *cancel;

    if (!op_active(rsc, next, op) || !is_running_on(rsc, next)) {
        return;
    }
    cancel = sched_action_new(run, rsc, "cancel", op->interval_ms, next,
                              AF_RUNNABLE);
    order_with_task(run, rsc, NULL,
                    (role == HA_ROLE_PROMOTED) ? "demote" : "promote", next,
                    cancel, 0);
}

/* role="Stopped" monitors: on every node the resource is not going to */
static void
stopped_monitors(sched_run *run, s_rsc *rsc, const struct ha_model_op *op)
{
    s_node *next = rsc->assigned;

    for (guint n = 0; n < run->n_nodes; n++) {
        s_node *node = &run->nodes[n];
        s_action *mon, *stop;

        if (node == next || !sched_node_can_run(node) || !rsc->managed) {
            continue;
        }
        mon = sched_action_new(run, rsc, op->name, op->interval_ms, node,
                               AF_RUNNABLE | (op_active(rsc, node, op)
                                              ? AF_OPTIONAL : 0));
        stop = sched_action_find(run, rsc, "stop", 0, node);
        if (stop != NULL) {
            sched_edge_add(run, stop, mon, EF_RUNNABLE_LEFT);
        }
    }
}

static void
recurring_monitors(sched_run *run, s_rsc *rsc, s_action *start)
{
    for (guint i = 0; i < rsc->cfg->n_ops; i++) {
        const struct ha_model_op *op = &rsc->cfg->ops[i];
        enum ha_sched_role role;

        if (op->interval_ms == 0 || !op_enabled(op)
            || g_strcmp0(op->name, "monitor") != 0) {
            continue;
        }
        role = op_watch_role(rsc, op);
        if (role == HA_ROLE_STOPPED) {
            stopped_monitors(run, rsc, op);
        } else if (rsc->assigned == NULL || !rsc->managed) {
            continue;
        } else if (role == rsc->next_role) {
            role_monitor(run, rsc, start, op, role);
        } else {
            cancel_role_monitor(run, rsc, op, role);
        }
    }
}

static void
probes(sched_run *run, s_rsc *rsc, s_action *start)
{
    if (rsc->orphan) {
        return;
    }
    for (guint n = 0; n < run->n_nodes; n++) {
        s_node *node = &run->nodes[n];
        s_action *probe;

        if (rsc->known[n] || !node->online || node->unclean || node->pending
            || node->maintenance) {
            continue;
        }
        if (!sched_clone_probes_through(rsc, node)) {
            continue;   /* one instance per node for an anonymous clone */
        }
        probe = sched_action_new(run, rsc, "monitor", 0, node, AF_RUNNABLE);
        sched_edge_add(run, probe, start, 0);
    }
}

static gboolean
needs_recovery(const s_rsc *rsc, const s_node *node)
{
    return rsc->restart_needed || (rsc->failed && rsc->failed_on[node->idx]);
}

/* Whether an action of @rsc that needs quorum (start, promote) may run
 * without it, by the no-quorum-policy as it applies to @rsc: freeze lets
 * an active resource keep (or recover) its role but not take a higher one
 * nor start when inactive; demote acts as ignore for a resource in a
 * promotable role (its promotion is capped elsewhere) and as stop for any
 * other; stop (or suicide) runs nothing. */
static gboolean
quorum_allows(sched_run *run, const s_rsc *rsc)
{
    if (run->have_quorum || !rsc->requires_quorum) {
        return TRUE;
    }
    switch (run->no_quorum) {
    case NOQ_IGNORE:
        return TRUE;
    case NOQ_FREEZE:
        return sched_rsc_is_active(rsc) && rsc->next_role <= rsc->role;
    case NOQ_DEMOTE:
        return rsc->role == HA_ROLE_PROMOTED
               || rsc->role == HA_ROLE_UNPROMOTED;
    default:
        return FALSE;
    }
}

/* Demote where a promoted instance leaves its role or node, promote where
 * the promoted role goes. */
static void
role_actions(sched_run *run, s_rsc *rsc, s_action *start)
{
    s_node *cur = sched_rsc_current_node(run, rsc);
    s_node *next = rsc->assigned;
    gboolean multiple = rsc->running->len > 1;
    gboolean stays = (cur != NULL && cur == next && !multiple
                      && !needs_recovery(rsc, cur));
    s_action *demote = NULL;

    if (rsc->role == HA_ROLE_PROMOTED && cur != NULL) {
        guint flags = AF_RUNNABLE;
        s_action *stop = sched_action_find(run, rsc, "stop", 0, cur);

        if (!rsc->managed || (stays && rsc->next_role == HA_ROLE_PROMOTED)) {
            flags |= AF_OPTIONAL;
        }
        if (cur->unclean) {
            flags = AF_PSEUDO;  /* runnable once fenced (sched_fencing.c) */
        }
        demote = sched_action_new(run, rsc, "demote", 0, cur, flags);
        if (stop != NULL) {
            sched_edge_add(run, demote, stop, EF_IMPLIES_FIRST);
        }
    }
    if (next != NULL && rsc->next_role == HA_ROLE_PROMOTED) {
        guint flags = AF_RUNNABLE;
        s_action *promote;

        if (!rsc->managed || (stays && rsc->role == HA_ROLE_PROMOTED)) {
            flags |= AF_OPTIONAL;
        }
        promote = sched_action_new(run, rsc, "promote", 0, next, flags);
        sched_edge_add(run, start, promote,
                       EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
        if (demote != NULL) {
            sched_edge_add(run, demote, promote, 0);
        }
    }
}

/* Active on more than one node that stays up (copies on nodes about to be
 * fenced go away with them). */
static gboolean
multiply_active(sched_run *run, const s_rsc *rsc)
{
    guint alive = 0;

    for (guint i = 0; i < rsc->running->len; i++) {
        if (!run->nodes[g_array_index(rsc->running, guint, i)].unclean) {
            alive++;
        }
    }
    return alive > 1;
}

static void
primitive_actions(sched_run *run, s_rsc *rsc)
{
    s_node *next = rsc->assigned;
    gboolean multiple = multiply_active(run, rsc);
    s_action *start;
    guint start_flags = AF_RUNNABLE;

    if (next != NULL && is_running_on(rsc, next) && !multiple
        && !needs_recovery(rsc, next)) {
        start_flags |= AF_OPTIONAL;
    }
    if (!rsc->managed) {
        start_flags = AF_OPTIONAL | (next != NULL ? AF_RUNNABLE : 0);
    }
    if (next != NULL && !quorum_allows(run, rsc)) {
        start_flags &= ~AF_RUNNABLE;
    }
    start = sched_action_new(run, rsc, "start", 0, next,
                             (next != NULL) ? start_flags : AF_OPTIONAL);
    for (guint i = 0; i < rsc->running->len; i++) {
        s_node *node = &run->nodes[g_array_index(rsc->running, guint, i)];
        guint flags = AF_RUNNABLE;
        s_action *stop;

        if (!rsc->managed) {
            flags = AF_OPTIONAL;
        } else if (node == next && !multiple && !needs_recovery(rsc, node)) {
            flags |= AF_OPTIONAL;
        }
        if (node->unclean) {
            flags |= AF_PSEUDO;
            flags &= ~AF_RUNNABLE;  /* until fencing makes it so */
        }
        stop = sched_action_new(run, rsc, "stop", 0, node, flags);
        if (next == NULL) {
            continue;   /* stopping for good: no start for it to imply */
        }
        if (node->unclean && next != node
            && is_running_on(rsc, next)) {
            /* the copy on a fenced node goes with it; the one that stays
             * need not restart */
            sched_edge_add(run, stop, start, EF_BLOCK_THEN);
        } else {
            sched_edge_add(run, stop, start,
                           EF_IMPLIES_THEN | EF_RESTART | EF_BLOCK_THEN);
        }
    }
    role_actions(run, rsc, start);
    recurring_monitors(run, rsc, start);
    probes(run, rsc, start);
}

static void
collective_actions(sched_run *run, s_rsc *rsc)
{
    static const char *const tasks[] = { "start", "running", "stop",
                                         "stopped", "promote", "promoted",
                                         "demote", "demoted" };
    gsize n = (rsc->kind == HA_SCHED_CLONE && rsc->promotable)
              ? G_N_ELEMENTS(tasks) : 4;

    for (gsize i = 0; i < n; i++) {
        s_action *a = sched_action_new(run, rsc, tasks[i], 0, NULL,
                                       AF_PSEUDO | AF_RUNNABLE | AF_OPTIONAL);

        if (strcmp(tasks[i], "running") == 0 && rsc->clone_min > 1) {
            a->min_runnable = rsc->clone_min;   /* clone-min */
        }
    }
}

void
sched_actions_create(sched_run *run)
{
    for (guint i = 0; i < run->rscs->len; i++) {
        s_rsc *rsc = g_ptr_array_index(run->rscs, i);

        if (rsc->kind == HA_SCHED_PRIMITIVE) {
            primitive_actions(run, rsc);
        } else {
            collective_actions(run, rsc);
        }
    }
}
