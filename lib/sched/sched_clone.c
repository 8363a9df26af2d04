/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_clone.c - assignment of clone instances.
 *
 * The clone first assigns what it is colocated with and merges in the
 * preferences of what is colocated with it.  Instances are ordered (see
 * cmp_instances(): active where they may stay first, failed ones after
 * healthy ones, an instance active where it is banned as an inactive one,
 * so it keeps its number and is stopped there while another number starts
 * elsewhere) and then placed in two passes: each active instance back onto its current node while that
 * node has fewer than the even share (clone-max / usable nodes), then the
 * others to their best node, at most clone-node-max per node and clone-max
 * in all.  Instances beyond clone-max are stopped.
 *
 * An anonymous clone is probed once per node, through one instance: the
 * one whose history is known there (whatever id it was recorded under,
 * sched_history.c maps it to an instance), else the one assigned there,
 * else the first.  An instance number is not tied to a node, so a node
 * whose history maps to instance 2 is known for the whole clone.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

static gboolean
instance_failed(const s_rsc *inst)
{
    if (inst->kind == HA_SCHED_PRIMITIVE) {
        return inst->failed;
    }
    for (guint i = 0; i < inst->children->len; i++) {
        if (instance_failed(g_ptr_array_index(inst->children, i))) {
            return TRUE;
        }
    }
    return FALSE;
}

/* How an instance ranks for assignment by where it is active: 0 on a node
 * it could stay on, 1 on a node that cannot run resources now (unclean,
 * standby, leaving), 2 inactive or active where it is banned (ordered as an
 * inactive one). */
static int
current_rank(sched_run *run, const s_rsc *clone, const s_rsc *inst)
{
    s_node *cur = sched_rsc_current_node(run, inst);

    if (cur == NULL || !clone->allowed[cur->idx] || clone->score[cur->idx] < 0
        || !inst->allowed[cur->idx] || inst->score[cur->idx] < 0) {
        return 2;
    }
    return sched_node_can_run(cur) ? 0 : 1;
}

/* Assignment order of instances: active where banned last; then by
 * priority (a promotable clone's instance has its best promotion score,
 * sched_promote_add_scores()); then by current_rank(); then the healthy
 * before the failed; active ones by the clone's score on their node (higher
 * first); orphans last; then by instance number. */
static int
cmp_instances(gconstpointer a, gconstpointer b, gpointer data)
{
    sched_run *run = data;
    const s_rsc *x = *(s_rsc *const *) a;
    const s_rsc *y = *(s_rsc *const *) b;
    const s_rsc *clone = x->parent;
    int rx = current_rank(run, clone, x), ry = current_rank(run, clone, y);
    const s_node *cx = sched_rsc_current_node(run, x);
    const s_node *cy = sched_rsc_current_node(run, y);
    gboolean fx = instance_failed(x), fy = instance_failed(y);

    if ((rx == 2 && cx != NULL) != (ry == 2 && cy != NULL)) {
        return (rx == 2 && cx != NULL) ? 1 : -1;  /* active where banned */
    }
    if (x->priority != y->priority) {
        return (x->priority > y->priority) ? -1 : 1;
    }
    if (rx != ry) {
        return (rx < ry) ? -1 : 1;
    }
    if (fx != fy) {
        return fx ? 1 : -1;
    }
    if (rx < 2) {
        int sx = clone->score[sched_rsc_current_node(run, x)->idx];
        int sy = clone->score[sched_rsc_current_node(run, y)->idx];

        if (sx != sy) {
            return (sx > sy) ? -1 : 1;
        }
    }
    if (x->orphan != y->orphan) {
        return x->orphan ? 1 : -1;
    }
    return (x->instance < y->instance) ? -1 : (x->instance > y->instance);
}

static void
save_scores(sched_run *run, s_rsc *rsc, GPtrArray *saved)
{
    sched_explain_mark(rsc);
    g_ptr_array_add(saved, g_memdup2(rsc->score, run->n_nodes * sizeof(int)));
    for (guint i = 0; i < rsc->children->len; i++) {
        save_scores(run, g_ptr_array_index(rsc->children, i), saved);
    }
}

static void
restore_scores(sched_run *run, s_rsc *rsc, GPtrArray *saved, guint *pos)
{
    memcpy(rsc->score, g_ptr_array_index(saved, (*pos)++),
           run->n_nodes * sizeof(int));
    sched_explain_rewind(rsc);
    for (guint i = 0; i < rsc->children->len; i++) {
        restore_scores(run, g_ptr_array_index(rsc->children, i), saved, pos);
    }
}

static void
unassign(sched_run *run, s_rsc *rsc)
{
    if (rsc->assigned != NULL) {
        rsc->assigned->n_assigned--;
        if (rsc->kind == HA_SCHED_PRIMITIVE && rsc->managed
            && !run->stop_all) {
            /* what the tentative placement took is free again */
            sched_utilization_release(run, rsc, rsc->assigned);
        }
    }
    rsc->assigned = NULL;
    rsc->provisional = TRUE;
    rsc->next_role = HA_ROLE_UNKNOWN;
    for (guint i = 0; i < rsc->children->len; i++) {
        unassign(run, g_ptr_array_index(rsc->children, i));
    }
}

static void
ban_node(sched_run *run, s_rsc *rsc, guint n, const char *why_note)
{
    if (run->explain) {
        struct sched_why why = { HA_CONTRIB_CLONE_LIMIT, NULL, why_note,
                                 NULL, NULL };

        sched_explain_add(run, rsc, n, &why, -INF);
    }
    rsc->score[n] = -INF;
    for (guint i = 0; i < rsc->children->len; i++) {
        ban_node(run, g_ptr_array_index(rsc->children, i), n, why_note);
    }
}

static gboolean
assign_instance(sched_run *run, s_rsc *clone, s_rsc *inst, s_node *prefer)
{
    g_autoptr(GPtrArray) saved = g_ptr_array_new_with_free_func(g_free);
    s_node *chosen;
    guint pos = 0;

    save_scores(run, inst, saved);
    for (guint n = 0; n < run->n_nodes; n++) {
        if (run->nodes[n].clone_count >= clone->clone_node_max) {
            ban_node(run, inst, n, "clone-node-max");
        }
    }
    if (prefer != NULL && (!inst->allowed[prefer->idx]
                           || inst->score[prefer->idx] < 0)) {
        restore_scores(run, inst, saved, &pos);
        return FALSE;
    }
    chosen = sched_assign(run, inst, prefer);
    if (chosen != NULL && prefer != NULL && chosen != prefer) {
        unassign(run, inst);
        restore_scores(run, inst, saved, &pos);
        return FALSE;
    }
    if (chosen != NULL) {
        chosen->clone_count++;
        return TRUE;
    }
    return FALSE;
}

static void
stop_instance(sched_run *run, s_rsc *inst)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        ban_node(run, inst, n, inst->orphan ? "orphan" : "clone-max");
    }
    (void) sched_assign(run, inst, NULL);
}

static void
distribute(sched_run *run, s_rsc *clone, GPtrArray *instances)
{
    int max = clone->clone_max;
    int available = 0;
    int loop_max, done = 0;

    for (guint n = 0; n < run->n_nodes; n++) {
        run->nodes[n].clone_count = 0;
        if (sched_node_can_run(&run->nodes[n])) {
            available++;
        }
    }
    loop_max = (available > 0) ? max / available : 1;
    if (loop_max < 1) {
        loop_max = 1;
    }
    for (guint i = 0; i < instances->len && done < max; i++) {
        s_rsc *inst = g_ptr_array_index(instances, i);
        s_node *cur = sched_rsc_current_node(run, inst);

        if (cur == NULL || !inst->provisional || instance_failed(inst)) {
            continue;
        }
        if (!sched_node_can_run(cur) || !clone->allowed[cur->idx]
            || clone->score[cur->idx] < 0 || cur->clone_count >= loop_max) {
            continue;
        }
        if (assign_instance(run, clone, inst, cur)) {
            done++;
        }
    }
    for (guint i = 0; i < instances->len; i++) {
        s_rsc *inst = g_ptr_array_index(instances, i);

        if (!inst->provisional) {
            continue;
        }
        if (done >= max || inst->orphan) {
            stop_instance(run, inst);
            continue;
        }
        if (assign_instance(run, clone, inst, NULL)) {
            done++;
        }
    }
}

s_node *
sched_clone_assign(sched_run *run, s_rsc *clone, s_node *prefer)
{
    g_autoptr(GPtrArray) instances = NULL;

    (void) prefer;
    if (!clone->provisional) {
        return NULL;
    }
    if (clone->assigning) {
        return NULL;
    }
    clone->assigning = TRUE;
    if (clone->promotable) {
        sched_promote_add_scores(run, clone);
    }
    for (guint i = 0; i < clone->this_with->len; i++) {
        s_coloc *c = g_ptr_array_index(clone->this_with, i);

        sched_assign(run, c->primary, NULL);
    }
    sched_merge_dependents(run, clone, clone->with_this,
                           MERGE_POSITIVE);
    if (run->scores != NULL) {
        sched_score_line(run, "pcmk__clone_assign", clone, clone->score,
                         clone->allowed);
    }
    instances = g_ptr_array_copy(clone->children, NULL, NULL);
    g_ptr_array_sort_with_data(instances, cmp_instances, run);
    distribute(run, clone, instances);
    if (clone->promotable) {
        sched_promote_choose(run, clone);
    }
    clone->provisional = FALSE;
    clone->assigning = FALSE;
    clone->next_role = HA_ROLE_STARTED;
    return NULL;
}

/* Does any primitive of @inst have history on node @n? */
gboolean
sched_clone_instance_known_on(const s_rsc *inst, guint n)
{
    if (inst->kind == HA_SCHED_PRIMITIVE) {
        return inst->known[n] != 0;
    }
    for (guint i = 0; i < inst->children->len; i++) {
        if (sched_clone_instance_known_on(g_ptr_array_index(inst->children, i), n)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* The instance of anonymous @clone that a probe on @node goes through. */
static const s_rsc *
probe_instance(const s_rsc *clone, const s_node *node)
{
    for (guint i = 0; i < clone->children->len; i++) {
        const s_rsc *inst = g_ptr_array_index(clone->children, i);

        if (sched_clone_instance_known_on(inst, node->idx)) {
            return inst;
        }
    }
    for (guint i = 0; i < clone->children->len; i++) {
        const s_rsc *inst = g_ptr_array_index(clone->children, i);

        if (inst->assigned == node) {
            return inst;
        }
    }
    return (clone->children->len > 0) ? g_ptr_array_index(clone->children, 0)
                                       : NULL;
}

gboolean
sched_clone_probes_through(const s_rsc *rsc, const s_node *node)
{
    const s_rsc *inst = rsc;

    while (inst->parent != NULL && inst->parent->kind != HA_SCHED_CLONE) {
        inst = inst->parent;
    }
    if (inst->parent == NULL || inst->parent->unique) {
        return TRUE;    /* not in an anonymous clone: probed itself */
    }
    return probe_instance(inst->parent, node) == inst;
}
