/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_notify.c - clone notifications (meta notify=true), as
 * Pacemaker schedules them.
 *
 * For each clone-level operation X (start, stop; promote, demote for a
 * promotable clone) of a notifying clone:
 *
 *   CLONE_pre_notify_X -> INST_pre_notify_X (each instance active now)
 *     -> CLONE_confirmed-pre_notify_X -> CLONE_X ... CLONE_Xed
 *     -> CLONE_post_notify_Xed -> INST_post_notify_X (each instance active
 *        afterwards) -> CLONE_confirmed-post_notify_Xed
 *     -> the notified instances' recurring monitors
 *
 * The CLONE_* actions are pseudo actions; INST_* are "notify" actions on
 * the instance's node (post: where it is placed; after a demote, where it
 * is active now).  They are required exactly when the clone operation
 * (pre) or its completion (post) is; the post notifications run only if the
 * completion can.  Instances on a node that is being lost (unclean) get no
 * notification.  The stages of different operations follow each other as
 * in Pacemaker: demote's, then stop's, then start's, then promote's.
 *
 * sched_notify_finish() then drops, from the final flags, the
 * notifications of an operation no instance performs, the pre
 * notifications of a start or promote to an instance stopped by then, and
 * the post-stop notification to an instance that starts only afterwards.
 *
 * The notification's data (Pacemaker's CRM_meta_notify_* lists: which
 * instances start, stop, are active ...) is computed when the executor asks
 * for an action (sched_notify_meta), from the final flags of the run.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

/* The notified operations, their completion, in creation order. */
static const char *const notify_ops[][2] = {
    { "start", "running" },
    { "stop", "stopped" },
    { "promote", "promoted" },
    { "demote", "demoted" },
};

struct notif {
    s_action *pre, *pre_done, *post, *post_done;
};

gboolean
sched_clone_notify(const sched_run *run, const s_rsc *clone)
{
    struct ha_model_rule_ctx ctx = { .now = run->opts.now };
    const char *v;
    gboolean b = FALSE;

    if (clone == NULL || clone->kind != HA_SCHED_CLONE
        || clone->cfg_idx == HA_MODEL_NONE) {
        return FALSE;
    }
    v = ha_store_model_rsc_meta(run->m, clone->cfg_idx, "notify", &ctx);
    if (v != NULL && ha_bool_parse(v, &b) < 0) {
        b = FALSE;
    }
    return b;
}

static s_action *
pseudo(sched_run *run, s_rsc *clone, const char *prefix, const char *task)
{
    g_autofree char *name = g_strdup_printf("%s_notify_%s", prefix, task);

    return sched_action_new(run, clone, name, 0, NULL,
                            AF_PSEUDO | AF_RUNNABLE | AF_OPTIONAL);
}

/* A notify action of @inst on @node for @op ("start" ...) of type @type. */
static s_action *
notify_action(sched_run *run, s_rsc *inst, s_node *node, const char *type,
              const char *op)
{
    s_action *a = sched_action_new(run, inst, "notify", 0, node,
                                   AF_RUNNABLE | AF_OPTIONAL);

    g_free(a->key);
    a->key = g_strdup_printf("%s_%s_notify_%s_0", inst->id, type, op);
    a->notify_type = sched_intern(run, type);
    a->notify_op = sched_intern(run, op);
    return a;
}

/* Instances are primitives directly under the clone (no cloned groups). */
static s_action *
own_action(sched_run *run, s_rsc *inst, const char *task, s_node *node)
{
    return sched_action_find(run, inst, task, 0, node);
}

static void
notify_pre(sched_run *run, s_rsc *inst, const char *op, struct notif *n)
{
    for (guint i = 0; i < inst->running->len; i++) {
        s_node *node = &run->nodes[g_array_index(inst->running, guint, i)];
        s_action *a;

        if (node->unclean || !node->online) {
            continue;   /* lost with its node */
        }
        a = notify_action(run, inst, node, "pre", op);
        sched_edge_add(run, n->pre, a, EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
        sched_edge_add(run, a, n->pre_done, EF_IMPLIES_FIRST);
    }
}

static void
post_at(sched_run *run, s_rsc *inst, s_node *node, const char *op,
        struct notif *n)
{
    s_action *a = notify_action(run, inst, node, "post", op);
    s_action *start = own_action(run, inst, "start", node);

    sched_edge_add(run, n->post, a, EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
    sched_edge_add(run, a, n->post_done, 0);
    if (start != NULL) {
        /* an instance that cannot start there is not notified there */
        sched_edge_add(run, start, a, EF_RUNNABLE_LEFT | EF_NO_ORDER);
    }
    for (guint i = 0; i < inst->actions->len; i++) {
        s_action *mon = g_ptr_array_index(inst->actions, i);

        /* a recurring monitor waits for the notifications; the cancel of
         * one never does (it comes before the demote or promote whose
         * post-notification this is: a cycle that stops the transition) */
        if (mon->interval_ms > 0 && mon->node == node
            && strcmp(mon->task, "monitor") == 0) {
            sched_edge_add(run, n->post_done, mon, 0);
        }
    }
}

/* After a demote (which comes before any stop or start), the instances
 * active now; after the others, the instance where it is placed. */
static void
notify_post(sched_run *run, s_rsc *inst, const char *op, struct notif *n)
{
    s_node *node = inst->assigned;

    if (strcmp(op, "demote") == 0) {
        for (guint i = 0; i < inst->running->len; i++) {
            node = &run->nodes[g_array_index(inst->running, guint, i)];
            if (!node->unclean && node->online) {
                post_at(run, inst, node, op, n);
            }
        }
        return;
    }
    if (node != NULL && !node->unclean && inst->next_role != HA_ROLE_STOPPED) {
        post_at(run, inst, node, op, n);
    }
}

static void
notif_create(sched_run *run, s_rsc *clone, const char *op,
             const char *done, struct notif *n)
{
    s_action *action = sched_action_find(run, clone, op, 0, NULL);
    s_action *complete = sched_action_find(run, clone, done, 0, NULL);

    n->pre = pseudo(run, clone, "pre", op);
    n->pre_done = pseudo(run, clone, "confirmed-pre", op);
    n->post = pseudo(run, clone, "post", done);
    n->post_done = pseudo(run, clone, "confirmed-post", done);
    sched_edge_add(run, n->pre, n->pre_done, EF_IMPLIES_FIRST);
    sched_edge_add(run, n->pre_done, action, EF_IMPLIES_FIRST);
    sched_edge_add(run, complete, n->post,
                   EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
    sched_edge_add(run, n->post, n->post_done,
                   EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
    sched_edge_add(run, n->pre_done, n->post, 0);
    for (guint i = 0; i < clone->children->len; i++) {
        s_rsc *inst = g_ptr_array_index(clone->children, i);

        if (inst->kind != HA_SCHED_PRIMITIVE) {
            continue;
        }
        notify_pre(run, inst, op, n);
        notify_post(run, inst, op, n);
    }
}

static void
clone_notifications(sched_run *run, s_rsc *clone)
{
    struct notif n[G_N_ELEMENTS(notify_ops)];
    gsize count = clone->promotable ? 4 : 2;

    for (gsize i = 0; i < count; i++) {
        notif_create(run, clone, notify_ops[i][0], notify_ops[i][1], &n[i]);
    }
    /* stop's notifications end before start's begin */
    sched_edge_add(run, n[1].post_done, n[0].pre, 0);
    if (clone->promotable) {
        sched_edge_add(run, n[1].post_done, n[2].pre, 0);
        sched_edge_add(run, n[0].post_done, n[2].pre, 0);
        sched_edge_add(run, n[3].post_done, n[2].pre, 0);
        sched_edge_add(run, n[3].post_done, n[0].pre, 0);
        sched_edge_add(run, n[3].post_done, n[1].pre, 0);
    }
}

static gboolean
executed(const s_action *a)
{
    return a != NULL && (a->flags & AF_RUNNABLE) && !(a->flags & AF_OPTIONAL);
}

/* Does some instance of @clone really perform @op in this transition? */
static gboolean
some_instance_does(s_rsc *clone, const char *op)
{
    for (guint i = 0; i < clone->children->len; i++) {
        s_rsc *inst = g_ptr_array_index(clone->children, i);

        for (guint k = 0; k < inst->actions->len; k++) {
            s_action *a = g_ptr_array_index(inst->actions, k);

            if (a->interval_ms == 0 && a->node != NULL && executed(a)
                && strcmp(a->task, op) == 0) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

static void
drop(s_action *a)
{
    if (a != NULL) {
        a->flags |= AF_OPTIONAL;
    }
}

/* An instance stopped before @op (start or promote) is not told of it. */
static gboolean
stopped_before(sched_run *run, s_rsc *inst, const s_action *n)
{
    return strcmp(n->notify_type, "pre") == 0
           && (strcmp(n->notify_op, "start") == 0
               || strcmp(n->notify_op, "promote") == 0)
           && executed(sched_action_find(run, inst, "stop", 0, n->node));
}

/* An instance that starts (again) where it goes is not active yet when the
 * stops are over: it is not told of them. */
static gboolean
started_after(sched_run *run, s_rsc *inst, const s_action *n)
{
    return strcmp(n->notify_type, "post") == 0
           && strcmp(n->notify_op, "stop") == 0
           && executed(sched_action_find(run, inst, "start", 0, n->node));
}

static void
finish_op(sched_run *run, s_rsc *clone, const char *op, const char *done)
{
    gboolean none = !some_instance_does(clone, op);

    if (none) {
        g_autofree char *pre = g_strdup_printf("pre_notify_%s", op);
        g_autofree char *pre_done = g_strdup_printf("confirmed-%s", pre);
        g_autofree char *post = g_strdup_printf("post_notify_%s", done);
        g_autofree char *post_done = g_strdup_printf("confirmed-%s", post);

        drop(sched_action_find(run, clone, pre, 0, NULL));
        drop(sched_action_find(run, clone, pre_done, 0, NULL));
        drop(sched_action_find(run, clone, post, 0, NULL));
        drop(sched_action_find(run, clone, post_done, 0, NULL));
    }
    for (guint i = 0; i < clone->children->len; i++) {
        s_rsc *inst = g_ptr_array_index(clone->children, i);

        for (guint k = 0; k < inst->actions->len; k++) {
            s_action *a = g_ptr_array_index(inst->actions, k);

            if (a->notify_op != NULL && strcmp(a->notify_op, op) == 0
                && (none || stopped_before(run, inst, a)
                    || started_after(run, inst, a))) {
                drop(a);
            }
        }
    }
}

/*
 * After the propagation: no notifications for an operation that no
 * instance performs (the clone's pseudo action may be required while
 * nothing can run), and none before a start or promote for an instance
 * that is stopped by then, and none after the stops for an instance that
 * only starts afterwards.
 */
void
sched_notify_finish(sched_run *run)
{
    for (guint i = 0; i < run->rscs->len; i++) {
        s_rsc *rsc = g_ptr_array_index(run->rscs, i);

        if (rsc->kind != HA_SCHED_CLONE || !sched_clone_notify(run, rsc)) {
            continue;
        }
        for (gsize k = 0; k < (rsc->promotable ? 4u : 2u); k++) {
            finish_op(run, rsc, notify_ops[k][0], notify_ops[k][1]);
        }
    }
}

void
sched_notify_create(sched_run *run)
{
    guint n = run->rscs->len;

    for (guint i = 0; i < n; i++) {
        s_rsc *rsc = g_ptr_array_index(run->rscs, i);

        if (rsc->kind == HA_SCHED_CLONE && sched_clone_notify(run, rsc)) {
            clone_notifications(run, rsc);
        }
    }
}
