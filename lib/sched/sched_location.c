/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_location.c - the initial node scores of every resource:
 * symmetric-cluster, rsc_location (fixed score or rules), stickiness on the
 * current node, bans from migration-threshold and hard errors, quorum.
 *
 * Scores are kept for every resource in the tree (groups and clones too,
 * as Pacemaker does); a constraint on a collective applies to it and to
 * everything below it.  A node is "allowed" once anything scored it (in a
 * symmetric cluster: always).
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

static void
add_score(sched_run *run, s_rsc *rsc, guint node, int score,
          const struct sched_why *why)
{
    rsc->allowed[node] = 1;
    rsc->score[node] = ha_score_add(rsc->score[node], score);
    if (run->explain) {
        struct sched_why w = *why;

        /* on a child, @other names the collective it was given to */
        w.other = (why->other == rsc) ? NULL : why->other;
        sched_explain_add(run, rsc, node, &w, score);
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        add_score(run, g_ptr_array_index(rsc->children, i), node, score, why);
    }
}

static void
init_scores(sched_run *run, s_rsc *rsc)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        rsc->allowed[n] = run->symmetric ? 1 : 0;
        rsc->score[n] = 0;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        init_scores(run, g_ptr_array_index(rsc->children, i));
    }
}

static int
rule_score(const struct ha_model_rule *rule, const s_node *node, int dflt)
{
    if (rule->score_attribute != NULL) {
        const char *v = g_hash_table_lookup(node->attrs,
                                            rule->score_attribute);
        int s = 0;

        if (v == NULL || ha_score_parse(v, &s) < 0) {
            return 0;
        }
        return s;
    }
    return (rule->score != 0 || dflt == 0) ? rule->score : dflt;
}

static void
apply_location(sched_run *run, const struct ha_model_location *l)
{
    s_rsc *rsc;

    if (l->rsc == HA_MODEL_NONE) {
        return;
    }
    rsc = sched_rsc_find(run, run->m->rscs[l->rsc].id);
    if (rsc == NULL) {
        return;
    }
    if (l->role != NULL && strcmp(l->role, "Started") != 0) {
        return;     /* role-specific: promotion only */
    }
    if (l->node != NULL) {
        guint n = ha_store_model_node_find(run->m, l->node);

        if (n != HA_MODEL_NONE) {
            struct sched_why why = { HA_CONTRIB_LOCATION, l->id, NULL, rsc,
                                     NULL };

            add_score(run, rsc, n, l->score, &why);
        }
        return;
    }
    for (guint r = 0; r < l->n_rules; r++) {
        const struct ha_model_rule *rule = l->rules[r];
        g_autofree char *note = NULL;
        struct sched_why why = { HA_CONTRIB_LOCATION, l->id, NULL, rsc,
                                 NULL };

        if (rule->role != NULL && strcmp(rule->role, "Started") != 0) {
            continue;
        }
        if (run->explain) {
            note = g_strdup_printf("rule %s", rule->id);
            why.note = note;
        }
        for (guint n = 0; n < run->n_nodes; n++) {
            struct ha_model_rule_ctx ctx = {
                .node_attr = sched_node_attr,
                .node_data = &run->nodes[n],
                .now = run->opts.now,
                .model = run->m, .rsc = l->rsc, .have_rsc = TRUE,
            };

            if (ha_store_rule_eval(rule, &ctx)) {
                add_score(run, rsc, n,
                          rule_score(rule, &run->nodes[n], l->score), &why);
            }
        }
    }
}

/* The resource that a failure of @rsc bans: anonymous clone instances ban
 * the whole clone. */
static s_rsc *
ban_target(s_rsc *rsc)
{
    s_rsc *top = rsc;

    while (top->parent != NULL) {
        top = top->parent;
    }
    if (top->kind == HA_SCHED_CLONE && !top->unique) {
        return top;
    }
    return rsc;
}

static void
add_failure_bans(sched_run *run, s_rsc *rsc, guint n)
{
    s_rsc *target = ban_target(rsc);
    struct sched_why why = { HA_CONTRIB_FAILURE, NULL, NULL, target, NULL };
    g_autofree char *note = NULL;

    if (rsc->failed_on[n] == 2) {
        if (run->explain) {
            note = g_strdup_printf("%s failed here with a hard error", rsc->id);
            why.note = note;
        }
        add_score(run, target, n, -INF, &why);
    } else if (rsc->failed_on[n] == 3) {
        if (run->explain) {
            note = g_strdup_printf("%s failed on %s with a fatal error",
                                   rsc->id, run->nodes[n].name);
            why.note = note;
        }
        for (guint k = 0; k < run->n_nodes; k++) {
            add_score(run, target, k, -INF, &why);
        }
    }
}

static void
add_failcount_ban(sched_run *run, s_rsc *rsc, guint n)
{
    s_rsc *target = ban_target(rsc);
    struct sched_why why = { HA_CONTRIB_FAILCOUNT, NULL, NULL, target, NULL };
    g_autofree char *note = NULL;

    if (run->explain) {
        char fc[32], mt[32];
        g_autofree char *expiry = (rsc->failure_timeout > 0)
            ? g_strdup_printf(", failures expire after failure-timeout %"
                              G_GINT64_FORMAT "s", rsc->failure_timeout)
            : g_strdup("");

        note = g_strdup_printf("%s failed %s times here, migration-threshold "
                               "is %s%s", rsc->id,
                               ha_score_format(rsc->fail_count[n], fc,
                                               sizeof(fc)),
                               ha_score_format(rsc->migration_threshold, mt,
                                               sizeof(mt)),
                               expiry);
        why.note = note;
    }
    add_score(run, target, n, -INF, &why);
}

static void
primitive_node_criteria(s_rsc *rsc, gpointer data)
{
    sched_run *run = data;

    if (rsc->managed && rsc->stickiness != 0 && rsc->running->len == 1) {
        guint n = g_array_index(rsc->running, guint, 0);
        struct sched_why why = { HA_CONTRIB_STICKINESS, NULL, NULL, rsc,
                                 NULL };

        if (rsc->allowed[n] || run->symmetric) {
            add_score(run, rsc, n, rsc->stickiness, &why);
        }
    }
    for (guint n = 0; n < run->n_nodes; n++) {
        add_failure_bans(run, rsc, n);
        if (rsc->fail_count[n] > 0 && !rsc->failure_ignored
            && rsc->fail_count[n] >= rsc->migration_threshold) {
            add_failcount_ban(run, rsc, n);
        }
    }
}

void
sched_location_apply(sched_run *run)
{
    for (guint i = 0; i < run->top->len; i++) {
        init_scores(run, g_ptr_array_index(run->top, i));
    }
    for (guint i = 0; i < run->m->n_locations; i++) {
        apply_location(run, &run->m->locations[i]);
    }
    for (guint i = 0; i < run->top->len; i++) {
        sched_rsc_walk_primitives(g_ptr_array_index(run->top, i),
                                  primitive_node_criteria, run);
    }
}
