/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_utilization.c - placement-strategy: utilization, minimal,
 * balanced.
 *
 * Nodes declare capacities and resources requirements (<utilization>
 * nvpairs, integers).  With a strategy other than "default", each primitive
 * is checked as it is assigned (a group member by member): a node whose
 * remaining capacity cannot hold it together with what must run with it and
 * is not placed yet (mandatory colocations either way, so the members after
 * it in its group) is banned for it; when no node can hold all that, only
 * the nodes that cannot hold the primitive alone are.  What a resource
 * takes is subtracted once it is assigned.  "balanced" prefers the node
 * with more free capacity among equal scores, "minimal" packs (no
 * balancing tie-break).  Resources are then assigned by priority, then by
 * their score on their current node, then by their scores on the nodes
 * taken in order ("balanced": most capacity first, then by name; else by
 * name), each score being the resource's own merged with those of what it
 * is colocated with (scaled by the colocation's score).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched/sched_private.h"

/* Adds sign * each value of @attrs to @t.  Within @attrs the first set
 * naming a value wins (a primitive's own sets come before its template's). */
static void
add_attrs(GHashTable *t, const struct ha_model_attrs *attrs, int sign)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint s = 0; s < attrs->n_sets; s++) {
        for (guint i = 0; i < attrs->sets[s].n; i++) {
            const struct ha_model_nvpair *nv = &attrs->sets[s].pairs[i];
            gpointer old = g_hash_table_lookup(t, nv->name);
            int v = atoi(nv->value);

            if (!g_hash_table_add(seen, (gpointer) nv->name)) {
                continue;
            }
            g_hash_table_insert(t, (gpointer) nv->name,
                                GINT_TO_POINTER(GPOINTER_TO_INT(old)
                                                + sign * v));
        }
    }
}

void
sched_utilization_init(sched_run *run)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        s_node *node = &run->nodes[n];

        node->free = g_hash_table_new(g_str_hash, g_str_equal);
        add_attrs(node->free, &node->cfg->utilization, 1);
    }
}

static void
collect_need(const s_rsc *rsc, GHashTable *need)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        add_attrs(need, &rsc->cfg->utilization, 1);
        return;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        collect_need(g_ptr_array_index(rsc->children, i), need);
    }
}

struct fit {
    const s_node *node;
    gboolean ok;
};

static void
fits_cb(gpointer key, gpointer value, gpointer data)
{
    struct fit *f = data;
    int have = GPOINTER_TO_INT(g_hash_table_lookup(f->node->free, key));

    if (GPOINTER_TO_INT(value) > have) {
        f->ok = FALSE;
    }
}

static void
ban_on(sched_run *run, s_rsc *rsc, guint n)
{
    if (run->explain) {
        struct sched_why why = { HA_CONTRIB_UTILIZATION, NULL, NULL, NULL,
                                 NULL };

        sched_explain_add(run, rsc, n, &why, -INF);
    }
    rsc->score[n] = -INF;
    for (guint i = 0; i < rsc->children->len; i++) {
        ban_on(run, g_ptr_array_index(rsc->children, i), n);
    }
}

/* @rsc and what must run with it (mandatory colocations, either way)
 * that is not placed yet. */
static void
collect_colocated(s_rsc *rsc, GPtrArray *seen)
{
    GPtrArray *lists[2] = { rsc->this_with, rsc->with_this };

    if (g_ptr_array_find(seen, rsc, NULL)) {
        return;
    }
    g_ptr_array_add(seen, rsc);
    for (int l = 0; l < 2; l++) {
        for (guint i = 0; i < lists[l]->len; i++) {
            s_coloc *c = g_ptr_array_index(lists[l], i);
            s_rsc *other = (l == 0) ? c->primary : c->dependent;

            if (c->score >= INF && other->provisional
                && other->kind == HA_SCHED_PRIMITIVE) {
                collect_colocated(other, seen);
            }
        }
    }
}

static gboolean
any_fits(sched_run *run, const s_rsc *rsc, GHashTable *need)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        struct fit f = { &run->nodes[n], TRUE };

        if (!rsc->allowed[n] || rsc->score[n] < 0
            || !sched_node_can_run(&run->nodes[n])) {
            continue;
        }
        g_hash_table_foreach(need, fits_cb, &f);
        if (f.ok) {
            return TRUE;
        }
    }
    return FALSE;
}

/* @rsc: a primitive about to be assigned */
void
sched_utilization_ban(sched_run *run, s_rsc *rsc)
{
    g_autoptr(GHashTable) need = NULL;
    g_autoptr(GPtrArray) group = NULL;

    if (run->strategy == STRATEGY_DEFAULT) {
        return;
    }
    need = g_hash_table_new(g_str_hash, g_str_equal);
    group = g_ptr_array_new();
    collect_colocated(rsc, group);
    for (guint i = 0; i < group->len; i++) {
        collect_need(g_ptr_array_index(group, i), need);
    }
    if (group->len > 1 && !any_fits(run, rsc, need)) {
        g_hash_table_remove_all(need);      /* then at least itself */
        collect_need(rsc, need);
    }
    if (g_hash_table_size(need) == 0) {
        return;
    }
    for (guint n = 0; n < run->n_nodes; n++) {
        struct fit f = { &run->nodes[n], TRUE };

        g_hash_table_foreach(need, fits_cb, &f);
        if (!f.ok) {
            ban_on(run, rsc, n);
        }
    }
}

void
sched_utilization_consume(sched_run *run, const s_rsc *rsc, s_node *node)
{
    if (run->strategy == STRATEGY_DEFAULT || node == NULL) {
        return;
    }
    add_attrs(node->free, &rsc->cfg->utilization, -1);
}

void
sched_utilization_release(sched_run *run, const s_rsc *rsc, s_node *node)
{
    if (run->strategy == STRATEGY_DEFAULT || node == NULL) {
        return;
    }
    add_attrs(node->free, &rsc->cfg->utilization, 1);
}

static int
free_total_cmp(const s_node *a, const s_node *b)
{
    GHashTableIter it;
    gpointer key, value;
    int result = 0;

    g_hash_table_iter_init(&it, a->free);
    while (g_hash_table_iter_next(&it, &key, &value)) {
        int fa = GPOINTER_TO_INT(value);
        int fb = GPOINTER_TO_INT(g_hash_table_lookup(b->free, key));

        result += (fa > fb) ? -1 : (fa < fb) ? 1 : 0;
    }
    return result;
}

int
sched_utilization_cmp_nodes(const sched_run *run, const s_node *a,
                            const s_node *b)
{
    if (run->strategy != STRATEGY_BALANCED) {
        return 0;
    }
    return free_total_cmp(a, b);
}

/* For the order of assignment: @rsc's scores merged with those of what it
 * is colocated with (scaled by the colocation scores), as Pacemaker ranks
 * resources. */
static int *
sort_scores(sched_run *run, s_rsc *rsc)
{
    int *zero = g_new0(int, MAX(run->n_nodes, 1));

    return sched_merge_scores(run, rsc, zero, "#uname", 1.0, MERGE_FORWARD);
}

struct sort_ctx {
    sched_run *run;
    GHashTable *scores;     /* s_rsc* -> int[n_nodes] */
    guint *order;           /* node indices, Pacemaker's node order */
};

static int
current_score(struct sort_ctx *ctx, const s_rsc *rsc, const int *scores)
{
    s_node *cur = sched_rsc_current_node(ctx->run, rsc);

    return (cur == NULL) ? -INF : scores[cur->idx];
}

static int
cmp_rsc(gconstpointer a, gconstpointer b, gpointer data)
{
    struct sort_ctx *ctx = data;
    const s_rsc *x = *(s_rsc *const *) a;
    const s_rsc *y = *(s_rsc *const *) b;
    const int *xs = g_hash_table_lookup(ctx->scores, x);
    const int *ys = g_hash_table_lookup(ctx->scores, y);
    int sx, sy;

    if (x->priority != y->priority) {
        return (x->priority > y->priority) ? -1 : 1;
    }
    sx = current_score(ctx, x, xs);
    sy = current_score(ctx, y, ys);
    if (sx != sy) {
        return (sx > sy) ? -1 : 1;
    }
    for (guint i = 0; i < ctx->run->n_nodes; i++) {
        guint n = ctx->order[i];

        if (xs[n] != ys[n]) {
            return (xs[n] > ys[n]) ? -1 : 1;
        }
    }
    return (x->idx < y->idx) ? -1 : (x->idx > y->idx);
}

/* Nodes as Pacemaker lists them for ranking resources: "balanced" by free
 * capacity first, then by name. */
static int
cmp_node(gconstpointer a, gconstpointer b, gpointer data)
{
    const sched_run *run = data;
    const s_node *x = &run->nodes[*(const guint *) a];
    const s_node *y = &run->nodes[*(const guint *) b];
    int c = sched_utilization_cmp_nodes(run, x, y);

    return (c != 0) ? c : strcmp(x->name, y->name);
}

void
sched_utilization_sort(sched_run *run)
{
    struct sort_ctx ctx = { run, NULL, NULL };

    if (run->strategy == STRATEGY_DEFAULT) {
        return;
    }
    ctx.scores = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    ctx.order = g_new(guint, MAX(run->n_nodes, 1));
    for (guint n = 0; n < run->n_nodes; n++) {
        ctx.order[n] = n;
    }
    g_qsort_with_data(ctx.order, (gint) run->n_nodes, sizeof(guint),
                      cmp_node, run);
    for (guint i = 0; i < run->top->len; i++) {
        s_rsc *rsc = g_ptr_array_index(run->top, i);

        g_hash_table_insert(ctx.scores, rsc, sort_scores(run, rsc));
    }
    g_ptr_array_sort_with_data(run->top, cmp_rsc, &ctx);
    g_hash_table_destroy(ctx.scores);
    g_free(ctx.order);
}
