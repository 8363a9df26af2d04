/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_promote.c - which instances of a promotable clone are
 * promoted.
 *
 * Once the instances are placed, each one gets a promotion priority on its
 * node: the node attribute "master-<resource>" (written by the agent; -1
 * without it), plus rsc_location scores with role=Promoted, plus the role
 * colocations of this clone that its instances inherit (all of them when
 * clone-max is below the number of usable nodes, else the negative and
 * the mandatory ones: +score where the other resource is, -score for the
 * Unpromoted role, -INFINITY elsewhere when mandatory for the Promoted
 * role).  An instance whose priority is below 0 is not promoted (a plain
 * location score or a finite positive colocation does not make it
 * eligible).  An eligible one is ranked by its priority plus the clone's
 * own score for the node, with the node scores of what its promoted role
 * is colocated with merged in scaled by score/INFINITY (unless the
 * instance is blocked or unmanaged), plus what is colocated
 * with this clone's promoted role (that resource's own preferences, scaled,
 * -INFINITY where it cannot run; these lower a positive score at most to 1,
 * never out).  The instances are ranked by score (then the one already
 * promoted, then instance number) and the best promoted-max of them with a
 * score >= 0, at most promoted-node-max per node, are promoted.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

struct cand {
    s_rsc *inst;
    s_node *node;
    int score;
};

static const s_rsc *
first_primitive(const s_rsc *inst)
{
    while (inst->kind != HA_SCHED_PRIMITIVE && inst->children->len > 0) {
        inst = g_ptr_array_index(inst->children, 0);
    }
    return inst;
}

/* The agent sets master-<name> where <name> is the id the instance was
 * found under in the history (or its own), else the anonymous name. */
static int
primitive_promotion_score(const s_rsc *p, const s_node *node, gboolean *found)
{
    const s_rsc *clone = p->parent;
    g_autofree char *name = g_strdup_printf("master-%s",
                                            (p->clone_name != NULL)
                                            ? p->clone_name : p->id);
    const char *v = g_hash_table_lookup(node->attrs, name);
    int s = 0;

    while (clone->kind != HA_SCHED_CLONE && clone->parent != NULL) {
        clone = clone->parent;
    }
    if (v == NULL && !clone->unique) {
        g_autofree char *name2 = g_strdup_printf("master-%s", p->base_id);

        v = g_hash_table_lookup(node->attrs, name2);
    }
    *found = (v != NULL);
    if (v != NULL && ha_score_parse(v, &s) < 0) {
        s = 0;
    }
    return s;
}

static int
node_promotion_score(const s_rsc *inst, const s_node *node, gboolean *found)
{
    return primitive_promotion_score(first_primitive(inst), node, found);
}

static gboolean
active_on(const s_rsc *rsc, guint n)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        for (guint i = 0; i < rsc->running->len; i++) {
            if (g_array_index(rsc->running, guint, i) == n) {
                return TRUE;
            }
        }
        return FALSE;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        if (active_on(g_ptr_array_index(rsc->children, i), n)) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
known_anywhere(const s_rsc *p, const sched_run *run)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        if (p->known[n]) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Does primitive @p's promotion score on @node count for its placement?
 * An anonymous clone's score there goes to the instance active there, or,
 * with none active, to any instance once the clone was probed there.
 * Otherwise it counts where @p is known, or everywhere while @p is known
 * nowhere (a cold start); never where @p may not run. */
static gboolean
promotion_score_applies(const sched_run *run, const s_rsc *clone,
                        const s_rsc *p, const s_node *node)
{
    guint n = node->idx;
    gboolean applies = FALSE;

    if (!clone->unique) {
        const s_rsc *active = NULL;
        gboolean probed = FALSE;

        for (guint i = 0; i < clone->children->len; i++) {
            const s_rsc *other = g_ptr_array_index(clone->children, i);

            if (active == NULL && active_on(other, n)) {
                active = other;
            }
            probed = probed || sched_clone_instance_known_on(other, n);
        }
        applies = (active != NULL) ? active_on(p, n) : probed;
    }
    if (!applies) {
        applies = (p->running->len == 0 && !known_anywhere(p, run))
                  || p->known[n] || active_on(p, n);
    }
    return applies && p->allowed[n] && p->score[n] >= 0;
}

/* The promotion score an instance brings to its placement on @node: its
 * primitives' scores summed, each where it applies. */
static int
placement_promotion_score(const sched_run *run, const s_rsc *clone,
                          const s_rsc *inst, const s_node *node)
{
    gboolean found;
    int total = 0;

    if (inst->kind != HA_SCHED_PRIMITIVE) {
        for (guint i = 0; i < inst->children->len; i++) {
            total = ha_score_add(total, placement_promotion_score(
                                     run, clone,
                                     g_ptr_array_index(inst->children, i),
                                     node));
        }
        return total;
    }
    if (!promotion_score_applies(run, clone, inst, node)) {
        return 0;
    }
    return primitive_promotion_score(inst, node, &found);
}

/* Before the instances are placed, a positive promotion score counts for
 * an instance's placement on every node that can run resources where it
 * applies, so the instance that is to be promoted goes where it can be;
 * the instance's priority becomes its best promotion score (instances are
 * placed by priority first, see sched_clone.c). */
void
sched_promote_add_scores(sched_run *run, s_rsc *clone)
{
    for (guint i = 0; i < clone->children->len; i++) {
        s_rsc *inst = g_ptr_array_index(clone->children, i);

        for (guint n = 0; n < run->n_nodes; n++) {
            int s;

            if (!inst->allowed[n] || !sched_node_can_run(&run->nodes[n])) {
                continue;
            }
            s = placement_promotion_score(run, clone, inst, &run->nodes[n]);
            if (s > 0 && run->explain) {
                struct sched_why why = { HA_CONTRIB_LOCATION, NULL,
                                         "promotion score", NULL, NULL };

                sched_explain_add(run, inst, n, &why, s);
            }
            if (s > 0) {
                inst->score[n] = ha_score_add(inst->score[n], s);
            }
            inst->priority = MAX(inst->priority, s);
        }
    }
}

static int
role_locations(sched_run *run, const s_rsc *clone, const s_node *node)
{
    const ha_store_model_t *m = run->m;
    int total = 0;

    for (guint i = 0; i < m->n_locations; i++) {
        const struct ha_model_location *l = &m->locations[i];

        if (l->rsc == HA_MODEL_NONE
            || strcmp(m->rscs[l->rsc].id, clone->id) != 0) {
            continue;
        }
        if (l->node != NULL) {
            if (g_strcmp0(l->role, "Promoted") == 0
                && strcmp(l->node, node->name) == 0) {
                total = ha_score_add(total, l->score);
            }
            continue;
        }
        for (guint r = 0; r < l->n_rules; r++) {
            const struct ha_model_rule *rule = l->rules[r];
            struct ha_model_rule_ctx ctx = {
                .node_attr = sched_node_attr, .node_data = node,
                .now = run->opts.now,
                .model = m, .rsc = l->rsc, .have_rsc = TRUE,
            };

            if ((g_strcmp0(rule->role, "Promoted") == 0
                 || g_strcmp0(l->role, "Promoted") == 0)
                && ha_store_rule_eval(rule, &ctx)) {
                total = ha_score_add(total, rule->score);
            }
        }
    }
    return total;
}

static gboolean
same_place(const s_node *a, const s_node *b, const char *attr)
{
    const char *x, *y;

    if (a == NULL || b == NULL) {
        return FALSE;
    }
    x = g_hash_table_lookup(a->attrs, attr);
    y = g_hash_table_lookup(b->attrs, attr);
    return x != NULL && y != NULL && g_ascii_strcasecmp(x, y) == 0;
}

static gboolean
role_ok(enum ha_sched_role want, const s_rsc *rsc)
{
    return want == HA_ROLE_UNKNOWN || want == HA_ROLE_STARTED
           || rsc->next_role == want;
}

/* Is the primary of @c (in the role asked for) where @node is? */
static gboolean
primary_here(const s_coloc *c, const s_node *node)
{
    s_node *pn = c->primary->assigned;

    if (c->primary->kind == HA_SCHED_GROUP && c->primary->children->len) {
        pn = ((s_rsc *) g_ptr_array_index(c->primary->children,
                                          0))->assigned;
    }
    if (c->primary->kind == HA_SCHED_CLONE) {
        for (guint k = 0; k < c->primary->children->len; k++) {
            const s_rsc *pi = g_ptr_array_index(c->primary->children, k);

            if (role_ok(c->primary_role, pi)
                && same_place(pi->assigned, node, c->node_attribute)) {
                return TRUE;
            }
        }
        return same_place(pn, node, c->node_attribute);
    }
    return same_place(pn, node, c->node_attribute)
           && role_ok(c->primary_role, c->primary);
}

static guint
usable_nodes(const sched_run *run)
{
    guint n = 0;

    for (guint i = 0; i < run->n_nodes; i++) {
        n += sched_node_can_run(&run->nodes[i]) ? 1 : 0;
    }
    return n;
}

/* This clone's role colocations that count for an instance's own priority:
 * those an instance inherits (all when the clone has fewer instances than
 * usable nodes, else only the negative and the mandatory ones).  Where
 * the other resource is, +score for the Promoted role (-score for the
 * Unpromoted one); a mandatory one for the Promoted role bans every other
 * node.  The positive finite ones count only for an eligible instance,
 * through the clone's node scores (promoted_node_scores()). */
static int
this_with_scores(const sched_run *run, const s_rsc *clone,
                 const s_node *node)
{
    gboolean all = clone->clone_max < (int) usable_nodes(run);
    int total = 0;

    for (guint i = 0; i < clone->this_with->len; i++) {
        const s_coloc *c = g_ptr_array_index(clone->this_with, i);

        if ((c->dependent_role != HA_ROLE_PROMOTED
             && c->dependent_role != HA_ROLE_UNPROMOTED)
            || (!all && c->score > 0 && c->score < INF)) {
            continue;
        }
        if (!primary_here(c, node)) {
            if (c->score >= INF && c->dependent_role == HA_ROLE_PROMOTED) {
                total = -INF;
            }
            continue;
        }
        total = ha_score_add(total, (c->dependent_role == HA_ROLE_PROMOTED)
                                    ? c->score : -c->score);
    }
    return total;
}

/* The clone's node scores for ranking eligible instances: its placement
 * scores with the preferences of what its promoted role is colocated
 * with merged in (scaled by the colocation's score). */
static int *
promoted_node_scores(sched_run *run, s_rsc *clone)
{
    int *scores = g_memdup2(clone->score, MAX(run->n_nodes, 1) * sizeof(int));

    for (guint i = 0; i < clone->this_with->len; i++) {
        const s_coloc *c = g_ptr_array_index(clone->this_with, i);

        if (c->dependent_role != HA_ROLE_PROMOTED) {
            continue;
        }
        scores = sched_merge_scores(run, c->primary, scores,
                                    c->node_attribute,
                                    (double) c->score / INF,
                                    0);
    }
    return scores;
}

/* Something colocated with this clone's promoted role: that resource's own
 * preferences, scaled, lower or raise an eligible place; they lower a
 * positive @base at most to 1, never out. */
static int
with_this_scores(const s_rsc *clone, const s_node *node, int base)
{
    int with_this = 0;
    int s;

    for (guint i = 0; i < clone->with_this->len; i++) {
        const s_coloc *c = g_ptr_array_index(clone->with_this, i);
        const s_rsc *dep = c->dependent;
        double f;

        if (c->primary_role != HA_ROLE_PROMOTED) {
            continue;
        }
        if (dep->kind == HA_SCHED_GROUP && dep->children->len > 0) {
            dep = g_ptr_array_index(dep->children, 0);
        }
        s = dep->allowed[node->idx] ? dep->score[node->idx] : -INF;
        if (c->score < 0 && s < 0) {
            continue;   /* avoiding a place it avoids is no preference */
        }
        if (s <= -INF || s >= INF) {
            f = (c->score > 0) ? s : -s;
        } else {
            f = (double) c->score / INF * s;
            f = (f < 0) ? f - 0.5 : f + 0.5;
        }
        with_this = ha_score_add(with_this, (int) f);
    }
    s = ha_score_add(base, with_this);
    return (s < 0 && base > 0) ? 1 : s;
}

/* The instance's own promotion priority on @node: its promotion score
 * (-1 without one), rsc_location scores for the Promoted role, and its
 * promoted role's colocations.  Below 0 it is not promoted, whatever the
 * clone's placement scores are. */
static int
instance_priority(sched_run *run, const s_rsc *clone, const s_rsc *inst,
                  const s_node *node)
{
    gboolean found = FALSE;
    int score = node_promotion_score(inst, node, &found);

    if (!found) {
        score = -1;
    }
    for (guint k = 0; k < inst->children->len; k++) {
        const s_rsc *member = g_ptr_array_index(inst->children, k);

        if (member->assigned == NULL) {
            return -INF;    /* a group is promoted whole or not */
        }
    }
    score = ha_score_add(score, role_locations(run, clone, node));
    return ha_score_add(score, this_with_scores(run, clone, node));
}

/* An eligible instance (@priority >= 0) is ranked by the clone's own
 * score for its node (@node_scores, see promoted_node_scores(); unless the
 * instance is blocked or unmanaged) and what is colocated with the
 * promoted role. */
static int
eligible_score(const s_rsc *clone, const int *node_scores, const s_rsc *inst,
               const s_node *node, int priority)
{
    int score = priority;

    if (!first_primitive(inst)->blocked && first_primitive(inst)->managed) {
        score = ha_score_add(score, clone->allowed[node->idx]
                                    ? node_scores[node->idx] : -INF);
    }
    return with_this_scores(clone, node, score);
}

static int
cmp_cand(gconstpointer a, gconstpointer b)
{
    const struct cand *x = a;
    const struct cand *y = b;
    gboolean px = (x->inst->role == HA_ROLE_PROMOTED);
    gboolean py = (y->inst->role == HA_ROLE_PROMOTED);

    if (x->score != y->score) {
        return (x->score > y->score) ? -1 : 1;
    }
    if (px != py) {
        return px ? -1 : 1;
    }
    return (x->inst->instance < y->inst->instance) ? -1
           : (x->inst->instance > y->inst->instance);
}

static void
set_role(s_rsc *rsc, enum ha_sched_role role)
{
    if (rsc->assigned != NULL) {
        rsc->next_role = role;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        set_role(g_ptr_array_index(rsc->children, i), role);
    }
}

/* Without quorum under no-quorum-policy=freeze an instance that is not
 * promoted already is not promoted (and leaves the slot to another). */
static gboolean
frozen(const sched_run *run, const s_rsc *inst)
{
    return !run->have_quorum && run->no_quorum == NOQ_FREEZE
           && inst->role != HA_ROLE_PROMOTED;
}

void
sched_promote_choose(sched_run *run, s_rsc *clone)
{
    g_autoptr(GArray) cands = g_array_new(FALSE, FALSE, sizeof(struct cand));
    int max = clone->promoted_max;
    int *per_node = g_new0(int, MAX(run->n_nodes, 1));
    g_autofree int *node_scores = promoted_node_scores(run, clone);
    int done = 0;

    if (clone->target_role == HA_ROLE_UNPROMOTED
        || (!run->have_quorum && run->no_quorum == NOQ_DEMOTE)) {
        max = 0;    /* no-quorum-policy=demote: nothing stays promoted */
    }
    for (guint i = 0; i < clone->children->len; i++) {
        s_rsc *inst = g_ptr_array_index(clone->children, i);
        struct cand c = { .inst = inst, .node = inst->assigned };

        if (c.node == NULL) {
            continue;
        }
        c.score = instance_priority(run, clone, inst, c.node);
        if (c.score >= 0) {
            c.score = eligible_score(clone, node_scores, inst, c.node,
                                     c.score);
        }
        if ((inst->failed && inst->role == HA_ROLE_PROMOTED)
            || first_primitive(inst)->demote_only) {
            c.score = -INF;
        }
        g_array_append_val(cands, c);
        if (run->scores != NULL) {
            char buf[32];

            g_ptr_array_add(run->scores,
                            g_strdup_printf("%s promotion score on %s: %s",
                                            inst->id, c.node->name,
                                            ha_score_format(c.score, buf,
                                                            sizeof(buf))));
        }
    }
    g_array_sort(cands, cmp_cand);
    for (guint i = 0; i < cands->len; i++) {
        struct cand *c = &g_array_index(cands, struct cand, i);

        if (done < max && c->score >= 0
            && per_node[c->node->idx] < clone->promoted_node_max
            && frozen(run, c->inst)) {
            /* no-quorum-policy=freeze: not promoted, takes no slot */
            set_role(c->inst, HA_ROLE_UNPROMOTED);
        } else if (done < max && c->score >= 0
                   && per_node[c->node->idx] < clone->promoted_node_max) {
            set_role(c->inst, HA_ROLE_PROMOTED);
            per_node[c->node->idx]++;
            done++;
        } else {
            set_role(c->inst, HA_ROLE_UNPROMOTED);
        }
    }
    g_free(per_node);
}
