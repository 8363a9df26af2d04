/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_summary.c - the "Transition Summary" lines: one per
 * resource that changes, in Pacemaker's wording.
 *
 * The verb follows from the resource's current node and role, its
 * assignment, and its start/stop actions after propagation:
 *  - same role, start optional: nothing; start not runnable: Stop;
 *    moving: Move (Recover if failed); failed: Recover; else Restart;
 *  - going to Stopped (or start not runnable): Stop on every node;
 *  - moving: Move; stop required on the same node: Restart;
 *  - from Stopped: Start (also when blocked: Pacemaker says "(blocked)").
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

struct summary_ctx {
    sched_run *run;
    int width;
};

/* The "( ... )" part, worded as Pacemaker does: roles appear for
 * promotable instances (current role above Started or going Promoted). */
static void
details(GString *s, const s_rsc *rsc, enum ha_sched_role role,
        const s_node *from, const s_node *to)
{
    gboolean need_role = (role > HA_ROLE_STARTED)
                         || (rsc->next_role > HA_ROLE_UNPROMOTED);
    gboolean same_role = (role == rsc->next_role);
    gboolean same_host = (from == to);
    const char *r = ha_sched_role_name(role);
    const char *nr = ha_sched_role_name(rsc->next_role);

    if (need_role && from == NULL) {
        g_string_append_printf(s, "%s -> %s %s", r, nr, to->name);
    } else if (from == NULL) {
        g_string_append(s, to->name);
    } else if (need_role && to == NULL) {
        g_string_append_printf(s, "%s %s", r, from->name);
    } else if (to == NULL) {
        g_string_append(s, from->name);
    } else if (need_role && same_role && same_host) {
        g_string_append_printf(s, "%s %s", r, from->name);
    } else if (same_role && same_host) {
        g_string_append(s, from->name);
    } else if (need_role && same_role) {
        g_string_append_printf(s, "%s -> %s %s", from->name, to->name, r);
    } else if (same_role) {
        g_string_append_printf(s, "%s -> %s", from->name, to->name);
    } else if (same_host) {
        g_string_append_printf(s, "%s -> %s %s", r, nr, from->name);
    } else {
        g_string_append_printf(s, "%s %s -> %s %s", r, from->name, nr,
                               to->name);
    }
}

static void
line(struct summary_ctx *c, const char *verb, const s_rsc *rsc,
     const s_node *from, const s_node *to, const s_action *origin)
{
    GString *s;
    enum ha_sched_role role = rsc->role;

    if (from == NULL && to == NULL) {
        return;
    }
    if (rsc->running->len > 0 && role == HA_ROLE_STOPPED) {
        role = HA_ROLE_STARTED;
    }
    s = g_string_new(NULL);
    g_string_append_printf(s, "  * %-10s %-*s ( ", verb, c->width, rsc->id);
    details(s, rsc, role, from, to);
    g_string_append(s, " )");
    if (origin != NULL && !(origin->flags & AF_RUNNABLE)) {
        g_string_append(s, "  due to unrunnable (blocked)");
    } else if (rsc->stop_reason != NULL) {
        g_string_append_printf(s, "  due to %s", rsc->stop_reason);
    }
    g_ptr_array_add(c->run->summary, g_string_free(s, FALSE));
}

static s_action *
find_task(const s_rsc *rsc, const char *task, const s_node *node,
          gboolean any_node)
{
    for (guint i = 0; i < rsc->actions->len; i++) {
        s_action *a = g_ptr_array_index(rsc->actions, i);

        if (a->interval_ms != 0 || strcmp(a->task, task) != 0) {
            continue;
        }
        if ((any_node && a->node != NULL) || (!any_node && a->node == node)) {
            return a;
        }
    }
    return NULL;
}

/* A live migration replaces stop + start for a resource that allows it,
 * is healthy, managed, active on one clean node and moves. */
static gboolean can_migrate(sched_run *run, const s_rsc *rsc,
                            const s_node *current);

struct stop_check {
    sched_run *run;
    gboolean blocks;
};

static void
stopping_cb(s_rsc *rsc, gpointer data)
{
    struct stop_check *sc = data;

    for (guint i = 0; i < rsc->actions->len; i++) {
        s_action *a = g_ptr_array_index(rsc->actions, i);

        if (strcmp(a->task, "start") == 0 && a->node != NULL
            && !(a->flags & AF_OPTIONAL)
            && !can_migrate(sc->run, rsc,
                            sched_rsc_current_node(sc->run, rsc))) {
            sc->blocks = TRUE;
        }
    }
}

/* A resource ordered after something that (re)starts, other than by
 * migrating itself, cannot migrate: it must start after the other. */
static gboolean
first_is_stopping(sched_run *run, const s_rsc *rsc)
{
    const ha_store_model_t *m = run->m;

    for (guint i = 0; i < m->n_orders; i++) {
        const struct ha_model_order *o = &m->orders[i];
        struct stop_check sc = { .run = run };
        s_rsc *first;
        const s_rsc *r;

        if (o->kind != HA_ORDER_MANDATORY) {
            continue;
        }
        for (r = rsc; r != NULL && strcmp(r->id, m->rscs[o->then].id) != 0;
             r = r->parent) {
        }
        if (r == NULL) {
            continue;
        }
        first = sched_rsc_find(run, m->rscs[o->first].id);
        if (first != NULL && first != rsc) {
            sched_rsc_walk_primitives(first, stopping_cb, &sc);
        }
        if (sc.blocks) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
can_migrate(sched_run *run, const s_rsc *rsc, const s_node *current)
{
    if (!(rsc->allow_migrate && rsc->managed && !rsc->failed
          && rsc->running->len == 1 && current != NULL && current->online
          && !current->unclean && !rsc->restart_needed
          && rsc->assigned != NULL && rsc->assigned != current
          && (rsc->parent == NULL || rsc->parent->kind == HA_SCHED_GROUP))) {
        return FALSE;
    }
    if (rsc->merging) {
        return TRUE;    /* already being checked: an ordering loop */
    }
    ((s_rsc *) rsc)->merging = TRUE;
    {
        gboolean blocked = first_is_stopping(run, rsc);

        ((s_rsc *) rsc)->merging = FALSE;
        return !blocked;
    }
}

static void
primitive_summary(struct summary_ctx *c, s_rsc *rsc)
{
    sched_run *run = c->run;
    s_node *current = sched_rsc_current_node(run, rsc);
    s_node *next = rsc->assigned;
    enum ha_sched_role role = rsc->role;

    /* a copy on a node being fenced is not where the resource "is" when it
     * also runs on a node that stays */
    for (guint i = 0; current != NULL && current->unclean
         && i < rsc->running->len; i++) {
        s_node *n = &run->nodes[g_array_index(rsc->running, guint, i)];

        if (!n->unclean) {
            current = n;
        }
    }
    s_action *start, *stop;
    gboolean moving;

    if (current == NULL && rsc->orphan) {
        return;
    }
    if (current != NULL && role == HA_ROLE_STOPPED) {
        role = HA_ROLE_STARTED;
    }
    if (!rsc->managed || (current == NULL && next == NULL)) {
        return;
    }
    moving = (current != NULL && next != NULL && current != next);
    start = (next != NULL) ? find_task(rsc, "start", next, FALSE) : NULL;
    if (start != NULL && (start->flags & AF_RUNNABLE)) {
        stop = find_task(rsc, "stop", current, current == NULL);
    } else {
        stop = find_task(rsc, "stop", NULL, TRUE);
    }
    if (role == rsc->next_role && next != NULL) {
        if (rsc->reload_needed && !moving && start != NULL
            && (start->flags & AF_OPTIONAL)) {
            line(c, "Reload", rsc, current, NULL, NULL);
            return;
        }
        if (start == NULL || (start->flags & AF_OPTIONAL)) {
            s_action *demote = find_task(rsc, "demote", current, FALSE);
            s_action *promote = find_task(rsc, "promote", next, FALSE);

            if (demote != NULL && promote != NULL
                && !(demote->flags & AF_OPTIONAL)
                && !(promote->flags & AF_OPTIONAL)) {
                line(c, "Re-promote", rsc, current, next, NULL);
            }
            return;
        }
        if (!(start->flags & AF_RUNNABLE)) {
            line(c, "Stop", rsc, current, NULL, NULL);
        } else if (moving && can_migrate(run, rsc, current)) {
            line(c, "Migrate", rsc, current, next, NULL);
        } else if (moving) {
            line(c, rsc->failed ? "Recover" : "Move", rsc, current, next,
                 NULL);
        } else if (rsc->failed) {
            line(c, "Recover", rsc, current, NULL, NULL);
        } else {
            line(c, "Restart", rsc, current, NULL, NULL);
        }
        return;
    }
    if (stop != NULL && (rsc->next_role == HA_ROLE_STOPPED
                         || (start != NULL
                             && !(start->flags & AF_RUNNABLE)))) {
        for (guint i = 0; i < rsc->running->len; i++) {
            line(c, "Stop", rsc,
                 &run->nodes[g_array_index(rsc->running, guint, i)], NULL,
                 NULL);
        }
    } else if (stop != NULL && rsc->failed && !(stop->flags & AF_OPTIONAL)) {
        line(c, "Recover", rsc, current, next, NULL);
    } else if (moving) {
        line(c, "Move", rsc, current, next, NULL);
    } else if (stop != NULL && !(stop->flags & AF_OPTIONAL)) {
        line(c, "Restart", rsc, current, next, NULL);
    } else if (role == HA_ROLE_PROMOTED && current != NULL) {
        line(c, "Demote", rsc, current, next, NULL);
    } else if (rsc->next_role == HA_ROLE_PROMOTED && next != NULL) {
        s_action *promote = find_task(rsc, "promote", next, FALSE);

        line(c, "Promote", rsc, current, next, NULL);
        if (promote != NULL && !(promote->flags & AF_RUNNABLE)) {
            char *last = g_ptr_array_steal_index(c->run->summary,
                                                 c->run->summary->len - 1);

            g_ptr_array_add(c->run->summary,
                            g_strconcat(last, "  blocked", NULL));
            g_free(last);
        }
    } else if (role == HA_ROLE_STOPPED && rsc->next_role > HA_ROLE_STOPPED
               && next != NULL) {
        line(c, "Start", rsc, NULL, next, start);
    }
}

static void
walk(struct summary_ctx *c, s_rsc *rsc)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        primitive_summary(c, rsc);
        return;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        walk(c, g_ptr_array_index(rsc->children, i));
    }
}

static void
width_cb(s_rsc *rsc, gpointer data)
{
    int *w = data;

    *w = MAX(*w, (int) strlen(rsc->id));
}

void
sched_summary_build(sched_run *run)
{
    struct summary_ctx c = { .run = run, .width = 0 };

    for (guint i = 0; i < run->actions->len; i++) {
        s_action *a = g_ptr_array_index(run->actions, i);

        if (strcmp(a->task, "stonith") == 0 && (a->flags & AF_RUNNABLE)) {
            g_ptr_array_add(run->summary,
                            g_strdup_printf("  * Fence (%s) %s '%s'",
                                            run->stonith_action,
                                            a->node->name, a->reason));
        }
    }
    for (guint i = 0; i < run->top->len; i++) {
        sched_rsc_walk_primitives(g_ptr_array_index(run->top, i), width_cb,
                                  &c.width);
    }
    for (guint i = 0; i < run->top->len; i++) {
        walk(&c, g_ptr_array_index(run->top, i));
    }
}
