/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_assign.c - colocations, and the assignment of primitives
 * and groups to nodes.
 *
 * Assigning a primitive: its primaries ("this with X") are assigned first,
 * their placement is applied to its scores (mandatory: only matching nodes,
 * -INFINITY: never matching nodes, advisory: +score), then the scores of
 * its dependents ("X with this") are merged in, scaled by score/INFINITY
 * (and rolled back if that would leave nowhere to run).  The best node is
 * then: highest score, fewest resources already assigned, the current
 * node, then name.  A group assigns its members in order; its own
 * colocations act through its first member (as dependent) and its last
 * member (as primary).
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "sched/sched_private.h"

#define INFINITY_HACK (INF * -100)

static enum ha_sched_role
coloc_role(const char *r)
{
    if (r == NULL) {
        return HA_ROLE_UNKNOWN;
    }
    if (strcmp(r, "Promoted") == 0) {
        return HA_ROLE_PROMOTED;
    }
    if (strcmp(r, "Unpromoted") == 0) {
        return HA_ROLE_UNPROMOTED;
    }
    if (strcmp(r, "Stopped") == 0) {
        return HA_ROLE_STOPPED;
    }
    return HA_ROLE_STARTED;
}

static int
kind_rank(const s_rsc *r)
{
    return (r->kind == HA_SCHED_CLONE) ? 2 : (r->kind == HA_SCHED_GROUP);
}

/* Pacemaker keeps these lists sorted: higher priority first, then
 * clones before groups before primitives, then by the other resource's
 * id; among colocations with the same resource, the one added last comes
 * first (a sorted insert before equal elements). */
static void
insert_sorted(GPtrArray *list, s_coloc *c, gboolean by_primary)
{
    const s_rsc *r = by_primary ? c->primary : c->dependent;
    guint pos = list->len;

    for (guint i = 0; i < list->len; i++) {
        const s_coloc *o = g_ptr_array_index(list, i);
        const s_rsc *x = by_primary ? o->primary : o->dependent;

        if (r->priority != x->priority) {
            if (r->priority > x->priority) {
                pos = i;
                break;
            }
            continue;
        }
        if (kind_rank(r) != kind_rank(x)) {
            if (kind_rank(r) > kind_rank(x)) {
                pos = i;
                break;
            }
            continue;
        }
        if (strcmp(r->id, x->id) <= 0) {
            pos = i;
            break;
        }
    }
    g_ptr_array_insert(list, (gint) pos, c);
}

static void
coloc_add(sched_run *run, const char *id, s_rsc *dep, s_rsc *primary,
          int score, const char *dep_role, const char *primary_role,
          const char *attr, gboolean influence)
{
    s_coloc *c = g_new0(s_coloc, 1);

    c->id = id;
    c->dependent = dep;
    c->primary = primary;
    c->score = score;
    c->dependent_role = coloc_role(dep_role);
    c->primary_role = coloc_role(primary_role);
    c->node_attribute = (attr != NULL) ? attr : "#uname";
    c->influence = influence;
    g_ptr_array_add(run->colocs, c);
    insert_sorted(dep->this_with, c, TRUE);
    insert_sorted(primary->with_this, c, FALSE);
}

static gboolean
group_collocated(const s_rsc *g)
{
    const char *v = ha_store_model_attrs_get(&g->cfg->meta, "collocated");
    gboolean b = TRUE;

    if (v != NULL) {
        (void) ha_bool_parse(v, &b);
    }
    return b;
}

static void
group_colocations(sched_run *run, s_rsc *rsc)
{
    for (guint i = 0; i < rsc->children->len; i++) {
        s_rsc *child = g_ptr_array_index(rsc->children, i);

        if (rsc->kind == HA_SCHED_GROUP && i > 0 && group_collocated(rsc)) {
            coloc_add(run, rsc->id, child,
                      g_ptr_array_index(rsc->children, i - 1), INF, NULL,
                      NULL, NULL, TRUE);
        }
        group_colocations(run, child);
    }
}

void
sched_colocations_unpack(sched_run *run)
{
    const ha_store_model_t *m = run->m;

    for (guint i = 0; i < m->n_colocations; i++) {
        const struct ha_model_colocation *mc = &m->colocations[i];
        s_rsc *dep = sched_rsc_find(run, m->rscs[mc->rsc].id);
        s_rsc *primary = sched_rsc_find(run, m->rscs[mc->with_rsc].id);

        if (dep == NULL || primary == NULL || mc->score == 0) {
            continue;
        }
        coloc_add(run, mc->id, dep, primary, mc->score, mc->rsc_role,
                  mc->with_rsc_role, mc->node_attribute,
                  mc->influence && dep->critical);
    }
    for (guint i = 0; i < run->top->len; i++) {
        group_colocations(run, g_ptr_array_index(run->top, i));
    }
}

static gboolean
has_influence(const s_coloc *c)
{
    return c->influence || !sched_rsc_is_active(c->primary);
}

/*
 * best[c] = best score of @rsc over the available nodes of attribute class
 * c (see sched_node_attr_classes), -INF where there is none.
 */
static void
best_by_class(sched_run *run, const s_rsc *rsc, const gint *cls, int *best)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        best[n] = -INF;
    }
    for (guint n = 0; n < run->n_nodes; n++) {
        if (cls[n] < 0 || !rsc->allowed[n]
            || !sched_node_can_run(&run->nodes[n])) {
            continue;
        }
        best[cls[n]] = MAX(best[cls[n]], rsc->score[n]);
    }
}

static void
add_matching(sched_run *run, int *work, const guint8 *mask, const s_rsc *rsc,
             const char *attr, double factor, gboolean only_positive)
{
    const gint *cls = sched_node_attr_classes(run, attr);
    g_autofree int *best = g_new(int, MAX(run->n_nodes, 1));

    best_by_class(run, rsc, cls, best);
    for (guint n = 0; n < run->n_nodes; n++) {
        int score, weight, new_score;
        double wf;

        if (!mask[n]) {
            continue;
        }
        score = (cls[n] >= 0) ? best[cls[n]] : -INF;
        if (factor < 0 && score < 0) {
            continue;
        }
        if (work[n] == INFINITY_HACK) {
            continue;
        }
        wf = factor * score;
        weight = (int) ((wf < 0) ? (wf - 0.5) : (wf + 0.5));
        if (weight == 0 && score != 0) {
            weight = (factor > 0) ? 1 : (factor < 0) ? -1 : 0;
        }
        new_score = ha_score_add(weight, work[n]);
        if (only_positive && new_score < 0 && work[n] > 0) {
            work[n] = INFINITY_HACK;
            continue;
        }
        if (only_positive && new_score < 0 && work[n] == 0) {
            continue;
        }
        work[n] = new_score;
    }
}

static gboolean
can_run_any(sched_run *run, const int *work, const guint8 *mask)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        if (mask[n] && work[n] >= 0 && sched_node_can_run(&run->nodes[n])) {
            return TRUE;
        }
    }
    return FALSE;
}

/*
 * Merge @rsc's preferences (and, recursively, those of resources colocated
 * with it) into @scores (which belongs to the caller's resource; mask is
 * its allowed set).  Returns the new array (the old one is freed) or
 * @scores itself on rollback.
 */
static int *
merge(sched_run *run, s_rsc *rsc, int *scores, const guint8 *mask,
      const char *attr, double factor, guint flags)
{
    int *work;
    GPtrArray *list;

    if (rsc->merging) {
        return scores;
    }
    rsc->merging = TRUE;
    if (rsc->kind == HA_SCHED_GROUP && rsc->children->len > 0) {
        s_rsc *first = g_ptr_array_index(rsc->children, 0);

        work = g_memdup2(scores, run->n_nodes * sizeof(int));
        work = merge(run, first, work, mask, attr, factor, flags);
    } else {
        work = g_memdup2(scores, run->n_nodes * sizeof(int));
        add_matching(run, work, mask, rsc, attr, factor,
                     (flags & MERGE_POSITIVE) != 0);
    }
    if (can_run_any(run, work, mask)) {
        int multiplier = (factor < 0) ? -1 : 1;

        list = (flags & MERGE_FORWARD) ? rsc->this_with : rsc->with_this;
        for (guint i = 0; i < list->len; i++) {
            s_coloc *c = g_ptr_array_index(list, i);
            s_rsc *other;

            if (flags & MERGE_FORWARD) {
                other = c->primary;
            } else if (!has_influence(c)) {
                continue;
            } else {
                other = c->dependent;
            }
            work = merge(run, other, work, mask, c->node_attribute,
                         multiplier * (double) c->score / INF,
                         flags | MERGE_ROLLBACK);
        }
    } else if (flags & MERGE_ROLLBACK) {
        g_free(work);
        rsc->merging = FALSE;
        return scores;
    }
    if (flags & MERGE_POSITIVE) {
        for (guint n = 0; n < run->n_nodes; n++) {
            if (work[n] == INFINITY_HACK) {
                work[n] = 1;
            }
        }
    }
    g_free(scores);
    rsc->merging = FALSE;
    return work;
}

int *
sched_merge_scores(sched_run *run, s_rsc *rsc, int *scores, const char *attr,
                   double factor, guint flags)
{
    (void) attr;
    return merge(run, rsc, scores, rsc->allowed, attr, factor, flags);
}

void
sched_merge_dependents(sched_run *run, s_rsc *target, GPtrArray *with_this,
                       guint flags)
{
    for (guint i = 0; i < with_this->len; i++) {
        s_coloc *c = g_ptr_array_index(with_this, i);
        int *copy;

        if (!has_influence(c)) {
            continue;
        }
        copy = g_memdup2(target->score, run->n_nodes * sizeof(int));
        copy = merge(run, c->dependent, copy, target->allowed,
                     c->node_attribute, (double) c->score / INF,
                     flags | MERGE_ROLLBACK);
        if (run->explain) {
            struct sched_why why = { HA_CONTRIB_DEPENDENTS, c->id, NULL,
                                     c->dependent, NULL };

            sched_explain_diff(run, target, target->score, copy, &why);
        }
        memcpy(target->score, copy, run->n_nodes * sizeof(int));
        g_free(copy);
    }
}

/* A colocation of @dep with a primary placed on @pnode.  A finite score
 * that would leave @dep no node it can run on is rolled back (it is a
 * preference, not a ban): a resource that avoids another still starts
 * where that one is when there is no other place. */
static void
match_node(sched_run *run, s_rsc *dep, const s_node *pnode, int score,
           const char *attr)
{
    const gint *cls = sched_node_attr_classes(run, attr);
    g_autofree int *work = NULL;
    gint pcls = -1;

    if (pnode != NULL) {
        pcls = cls[pnode->idx];
    } else if (score < 0) {
        return;
    }
    work = g_memdup2(dep->score, MAX(run->n_nodes, 1) * sizeof(int));
    for (guint n = 0; n < run->n_nodes; n++) {
        gboolean match = (pcls >= 0) && (cls[n] == pcls);

        if (!dep->allowed[n]) {
            continue;
        }
        if (match) {
            if (score < INF) {
                work[n] = ha_score_add(score, work[n]);
            }
        } else if (score >= INF) {
            work[n] = -INF;
        }
    }
    if (score > -INF && score < INF && !can_run_any(run, work, dep->allowed)) {
        return;
    }
    memcpy(dep->score, work, run->n_nodes * sizeof(int));
}

static s_node *
primary_node(s_rsc *primary, int score)
{
    if (primary->kind == HA_SCHED_GROUP && primary->children->len > 0) {
        s_rsc *m = g_ptr_array_index(primary->children,
                                     (score >= INF) ? primary->children->len - 1
                                                    : 0);

        return primary_node(m, score);
    }
    return primary->assigned;
}

static gboolean
role_matches(enum ha_sched_role want, const s_rsc *rsc)
{
    enum ha_sched_role r = rsc->next_role;

    if (want == HA_ROLE_UNKNOWN || want == HA_ROLE_STARTED) {
        return TRUE;
    }
    return r == want;
}

/* A negative colocation of a promotable clone's role with a resource that
 * is not a clone also places the instances active in that role now (an
 * active instance is placed as keeping its role), as Pacemaker's instances
 * inherit the clone's negative colocations; other role colocations act on
 * promotion only (sched_promote.c). */
static gboolean
role_coloc_places(const s_rsc *dep, const s_coloc *c)
{
    const s_rsc *clone = dep->parent;

    return clone != NULL && clone->kind == HA_SCHED_CLONE
           && c->primary->kind != HA_SCHED_CLONE
           && dep->kind == HA_SCHED_PRIMITIVE && dep->running->len > 0
           && dep->role == c->dependent_role && c->score < 0;
}

static void
apply_coloc(sched_run *run, s_rsc *dep, const s_coloc *c)
{
    s_rsc *primary = c->primary;

    if (primary->provisional || !dep->provisional) {
        return;
    }
    if (primary->kind != HA_SCHED_CLONE
        && !role_matches(c->primary_role, primary)) {
        return;
    }
    if ((c->dependent_role == HA_ROLE_PROMOTED
         || c->dependent_role == HA_ROLE_UNPROMOTED)
        && !role_coloc_places(dep, c)) {
        return;     /* acts on promotion, not placement */
    }
    if (primary->kind == HA_SCHED_CLONE) {
        if (c->score >= INF) {
            guint8 *keep = g_new0(guint8, MAX(run->n_nodes, 1));

            for (guint i = 0; i < primary->children->len; i++) {
                s_rsc *inst = g_ptr_array_index(primary->children, i);
                s_node *n = primary_node(inst, c->score);

                if (n != NULL && !inst->blocked
                    && role_matches(c->primary_role, inst)) {
                    keep[n->idx] = 1;
                }
            }
            for (guint n = 0; n < run->n_nodes; n++) {
                if (!keep[n] && dep->allowed[n]) {
                    dep->score[n] = -INF;
                }
            }
            g_free(keep);
            return;
        }
        /* instance by instance (each may be rolled back), the promoted
         * ones first as the clone ranks them after choosing roles */
        for (int pass = 0; pass < 2; pass++) {
            for (guint i = 0; i < primary->children->len; i++) {
                s_rsc *inst = g_ptr_array_index(primary->children, i);
                s_node *n = primary_node(inst, c->score);
                gboolean promoted = (inst->next_role == HA_ROLE_PROMOTED);

                if (n != NULL && role_matches(c->primary_role, inst)
                    && promoted == (pass == 0)) {
                    match_node(run, dep, n, c->score, c->node_attribute);
                }
            }
        }
        return;
    }
    match_node(run, dep, primary_node(primary, c->score), c->score,
               c->node_attribute);
}

void
sched_apply_coloc(sched_run *run, s_rsc *dep, const s_coloc *c)
{
    g_autofree int *before = NULL;
    struct sched_why why = { HA_CONTRIB_COLOCATION, c->id, NULL, c->primary,
                             NULL };

    if (!run->explain) {
        apply_coloc(run, dep, c);
        return;
    }
    before = g_memdup2(dep->score, run->n_nodes * sizeof(int));
    apply_coloc(run, dep, c);
    if (dep->parent != NULL && dep->parent->kind == HA_SCHED_GROUP
        && strcmp(c->id, dep->parent->id) == 0) {
        why.kind = HA_CONTRIB_GROUP;
    }
    if (c->primary->kind != HA_SCHED_CLONE) {
        why.other_node = primary_node(c->primary, c->score);
    }
    sched_explain_diff(run, dep, before, dep->score, &why);
}

static int
effective_score(sched_run *run, const s_rsc *rsc, guint n)
{
    if (!rsc->allowed[n] || !sched_node_can_run(&run->nodes[n])) {
        return -INF;
    }
    return rsc->score[n];
}

/* @ret_tie: enum ha_sched_tie_flags, what preferred the chosen node over
 * others of the same score */
static s_node *
choose_node(sched_run *run, s_rsc *rsc, s_node *prefer, guint *ret_tie)
{
    s_node *cur = sched_rsc_current_node(run, rsc);
    s_node *best = NULL;
    int best_score = -INF;
    guint tie = 0;

    for (guint n = 0; n < run->n_nodes; n++) {
        s_node *node = &run->nodes[n];
        int s = effective_score(run, rsc, n);

        if (best == NULL || s > best_score) {
            best = node;
            best_score = s;
            tie = 0;
            continue;
        }
        if (s < best_score) {
            continue;
        }
        if (run->strategy == STRATEGY_MINIMAL) {
            tie |= HA_TIE_NAME;
            if (strcmp(node->name, best->name) < 0) {
                best = node;
            }
            continue;
        }
        if (sched_utilization_cmp_nodes(run, node, best) != 0) {
            tie |= HA_TIE_UTILIZATION;
            if (sched_utilization_cmp_nodes(run, node, best) < 0) {
                best = node;
            }
            continue;
        }
        if (node->n_assigned != best->n_assigned) {
            tie |= HA_TIE_FEWER;
            if (node->n_assigned < best->n_assigned) {
                best = node;
            }
            continue;
        }
        if (cur != NULL && (node == cur || best == cur)) {
            tie |= HA_TIE_CURRENT;
            best = cur;
            continue;
        }
        tie |= HA_TIE_NAME;
        if (strcmp(node->name, best->name) < 0) {
            best = node;
        }
    }
    *ret_tie = tie;
    if (best == NULL || best_score < 0) {
        *ret_tie = 0;
        return NULL;
    }
    if (prefer != NULL) {
        if (effective_score(run, rsc, prefer->idx) == best_score) {
            *ret_tie = (prefer != best) ? HA_TIE_PREFER : tie;
            return prefer;
        }
    }
    if (best_score > 0 && cur != NULL && cur != best
        && sched_node_can_run(cur) && !(rsc->parent != NULL
                                        && rsc->parent->kind == HA_SCHED_CLONE
                                        && rsc->parent->unique)
        && effective_score(run, rsc, cur->idx) == best_score) {
        *ret_tie = HA_TIE_CURRENT;
        return cur;
    }
    return best;
}

s_node *
sched_choose_node(sched_run *run, s_rsc *rsc, s_node *prefer)
{
    guint tie = 0;

    return choose_node(run, rsc, prefer, &tie);
}

void
sched_assign_node(sched_run *run, s_rsc *rsc, s_node *node)
{
    (void) run;
    rsc->assigned = node;
    rsc->provisional = FALSE;
    if (node != NULL) {
        node->n_assigned++;
        if (rsc->next_role == HA_ROLE_UNKNOWN
            || rsc->next_role == HA_ROLE_STOPPED) {
            rsc->next_role = promotable_instance(rsc) ? HA_ROLE_UNPROMOTED
                                                      : HA_ROLE_STARTED;
        }
    } else {
        rsc->next_role = HA_ROLE_STOPPED;
    }
}

static void
show_scores(sched_run *run, const char *fn, s_rsc *rsc)
{
    if (run->scores != NULL) {
        sched_score_line(run, fn, rsc, rsc->score, rsc->allowed);
    }
}

/* A clone instance also follows its clone's colocations as Pacemaker's
 * instances inherit them: of those with something (@this_with), the
 * negative and mandatory ones; of those of something with the clone, the
 * negative ones; any of them when clone-max is below the usable nodes
 * (not every node gets an instance). */
static GPtrArray *
inherited_colocations(sched_run *run, s_rsc *rsc, gboolean this_with)
{
    GPtrArray *all = g_ptr_array_new();
    const s_rsc *clone = rsc->parent;
    GPtrArray *own = this_with ? rsc->this_with : rsc->with_this;
    int usable = 0;

    g_ptr_array_extend(all, own, NULL, NULL);
    if (clone == NULL || clone->kind != HA_SCHED_CLONE) {
        return all;
    }
    for (guint n = 0; n < run->n_nodes; n++) {
        usable += sched_node_can_run(&run->nodes[n]) ? 1 : 0;
    }
    own = this_with ? clone->this_with : clone->with_this;
    for (guint i = 0; i < own->len; i++) {
        s_coloc *c = g_ptr_array_index(own, i);

        if (c->score < 0 || (this_with && c->score >= INF)
            || clone->clone_max < usable) {
            g_ptr_array_add(all, c);
        }
    }
    return all;
}

static s_node *
assign_primitive(sched_run *run, s_rsc *rsc, s_node *prefer)
{
    g_autoptr(GPtrArray) this_with = NULL;
    g_autoptr(GPtrArray) with_this = NULL;
    s_node *chosen;
    guint tie = 0;

    if (rsc->parent != NULL && rsc->parent->kind == HA_SCHED_GROUP
        && rsc->parent->provisional && !rsc->parent->assigning) {
        sched_assign(run, rsc->parent, prefer);
    }
    if (!rsc->provisional) {
        return rsc->assigned;
    }
    if (rsc->assigning) {
        return NULL;
    }
    rsc->assigning = TRUE;
    this_with = inherited_colocations(run, rsc, TRUE);
    with_this = inherited_colocations(run, rsc, FALSE);
    for (guint i = 0; i < this_with->len; i++) {
        s_coloc *c = g_ptr_array_index(this_with, i);

        sched_assign(run, c->primary, NULL);
    }
    for (guint i = 0; i < this_with->len; i++) {
        sched_apply_coloc(run, rsc, g_ptr_array_index(this_with, i));
    }
    sched_merge_dependents(run, rsc, with_this, 0);
    if (rsc->target_role == HA_ROLE_STOPPED) {
        rsc->next_role = HA_ROLE_STOPPED;
        for (guint n = 0; n < run->n_nodes; n++) {
            if (run->explain) {
                struct sched_why why = { HA_CONTRIB_TARGET_ROLE, NULL,
                                         rsc->orphan ? "orphan" : NULL,
                                         NULL, NULL };

                sched_explain_add(run, rsc, n, &why, -INF);
            }
            rsc->score[n] = -INF;
        }
    }
    show_scores(run, "pcmk__primitive_assign", rsc);
    if (!rsc->managed) {
        chosen = sched_rsc_current_node(run, rsc);
        sched_assign_node(run, rsc, chosen);
        if (chosen != NULL) {
            rsc->next_role = rsc->role;
        }
    } else if (run->stop_all) {
        sched_assign_node(run, rsc, NULL);
    } else {
        sched_utilization_ban(run, rsc);
        sched_assign_node(run, rsc, choose_node(run, rsc, prefer, &tie));
        sched_utilization_consume(run, rsc, rsc->assigned);
    }
    if (run->explain) {
        sched_explain_decide(run, rsc, rsc->assigned, tie);
    }
    rsc->assigning = FALSE;
    return rsc->assigned;
}

static s_node *
assign_group(sched_run *run, s_rsc *g, s_node *prefer)
{
    s_node *group_node = NULL;
    s_rsc *first, *last;

    if (!g->provisional) {
        return g->assigned;
    }
    if (g->assigning || g->children->len == 0) {
        if (g->children->len == 0) {
            g->provisional = FALSE;
        }
        return NULL;
    }
    g->assigning = TRUE;
    first = g_ptr_array_index(g->children, 0);
    last = g_ptr_array_index(g->children, g->children->len - 1);
    g_ptr_array_extend(first->this_with, g->this_with, NULL, NULL);
    g_ptr_array_set_size(g->this_with, 0);
    g_ptr_array_extend(last->with_this, g->with_this, NULL, NULL);
    g_ptr_array_set_size(g->with_this, 0);
    show_scores(run, "pcmk__group_assign", g);
    for (guint i = 0; i < g->children->len; i++) {
        s_node *n = sched_assign(run, g_ptr_array_index(g->children, i),
                                 prefer);

        if (group_node == NULL) {
            group_node = n;
        }
    }
    g->next_role = first->next_role;
    g->assigned = group_node;
    g->provisional = FALSE;
    g->assigning = FALSE;
    return group_node;
}

s_node *
sched_assign(sched_run *run, s_rsc *rsc, s_node *prefer)
{
    switch (rsc->kind) {
    case HA_SCHED_PRIMITIVE:
        return assign_primitive(run, rsc, prefer);
    case HA_SCHED_GROUP:
        return assign_group(run, rsc, prefer);
    case HA_SCHED_CLONE:
        return sched_clone_assign(run, rsc, prefer);
    }
    return NULL;
}

void
sched_assign_all(sched_run *run)
{
    for (guint i = 0; i < run->top->len; i++) {
        sched_assign(run, g_ptr_array_index(run->top, i), NULL);
    }
}
