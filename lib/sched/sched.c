/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched.c - one scheduler run: the stages in order, and the
 * public result built from the run's internals.
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "sched/sched_private.h"

const char *
sched_intern(sched_run *run, const char *s)
{
    return (s == NULL) ? NULL : g_string_chunk_insert_const(run->strings, s);
}

void
sched_score_line(sched_run *run, const char *fn, const s_rsc *rsc,
                 const int *scores, const guint8 *allowed)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        char buf[32];

        if (!allowed[n]) {
            continue;
        }
        g_ptr_array_add(run->scores,
                        g_strdup_printf("%s: %s allocation score on %s: %s",
                                        fn, rsc->id, run->nodes[n].name,
                                        ha_score_format(scores[n], buf,
                                                        sizeof(buf))));
    }
}

/* A cluster property as it is at the run's "now" (set rules evaluated). */
const char *
sched_prop(const sched_run *run, const char *name)
{
    return ha_store_model_prop_at(run->m, name, run->opts.now);
}

static gboolean
prop_bool(const sched_run *run, const char *name, gboolean dflt)
{
    const char *v = sched_prop(run, name);
    gboolean b = dflt;

    if (v != NULL) {
        (void) ha_bool_parse(v, &b);
    }
    return b;
}

/* A stonith-class primitive is configured (even a stopped one), or the
 * controller reports watchdog self-fencing (have-watchdog). */
static gboolean
has_fence_device(const sched_run *run)
{
    return ha_store_model_has_fence_device(run->m)
           || prop_bool(run, "have-watchdog", FALSE);
}

static void
unpack_options(sched_run *run)
{
    const ha_store_model_t *m = run->m;
    const char *v;

    run->stonith_enabled = prop_bool(run, "stonith-enabled", TRUE);
    run->symmetric = prop_bool(run, "symmetric-cluster", TRUE);
    run->have_quorum = m->have_quorum;
    run->stop_orphans = prop_bool(run, "stop-orphan-resources", TRUE);
    run->stop_orphan_actions = prop_bool(run, "stop-orphan-actions", TRUE);
    run->start_failure_fatal = prop_bool(run, "start-failure-is-fatal", TRUE);
    run->maintenance_mode = prop_bool(run, "maintenance-mode", FALSE);
    run->startup_fencing = prop_bool(run, "startup-fencing", TRUE);
    run->stop_all = prop_bool(run, "stop-all-resources", FALSE);
    run->no_fence_device = run->stonith_enabled && !has_fence_device(run);
    v = sched_prop(run, "stonith-action");
    run->stonith_action = (v != NULL && strcmp(v, "poweroff") == 0) ? "off"
                          : (v != NULL) ? sched_intern(run, v) : "reboot";
    v = sched_prop(run, "no-quorum-policy");
    run->no_quorum = NOQ_STOP;
    if (g_strcmp0(v, "freeze") == 0) {
        run->no_quorum = NOQ_FREEZE;
    } else if (g_strcmp0(v, "ignore") == 0) {
        run->no_quorum = NOQ_IGNORE;
    } else if (g_strcmp0(v, "demote") == 0) {
        run->no_quorum = NOQ_DEMOTE;
    } else if (g_strcmp0(v, "suicide") == 0 || g_strcmp0(v, "fence") == 0) {
        run->no_quorum = (run->stonith_enabled && m->no_quorum_panic)
                         ? NOQ_SUICIDE : NOQ_STOP;
    }
    v = sched_prop(run, "placement-strategy");
    run->strategy = STRATEGY_DEFAULT;
    if (g_strcmp0(v, "utilization") == 0) {
        run->strategy = STRATEGY_UTILIZATION;
    } else if (g_strcmp0(v, "minimal") == 0) {
        run->strategy = STRATEGY_MINIMAL;
    } else if (g_strcmp0(v, "balanced") == 0) {
        run->strategy = STRATEGY_BALANCED;
    }
    v = sched_prop(run, "default-resource-stickiness");
    run->default_stickiness = 0;
    if (v != NULL) {
        (void) ha_score_parse(v, &run->default_stickiness);
    }
}

static int
refuse(sched_run *run, const char *what, const char *id)
{
    run->error = g_strdup_printf("unsupported feature: %s (%s)", what, id);
    return -HA_EUNSUPPORTED;
}

/* Meta attributes whose semantics the engine does not implement. */
static const char *const unsupported_meta[][2] = {
    { "container", "guest node (container)" },
    { "remote-node", "guest node (remote-node)" },
    { "requires", NULL },       /* only =unfencing, checked below */
    { "provides", "unfencing (provides)" },
};

static int
check_rsc_meta(sched_run *run, const struct ha_model_attrs *meta,
               const char *id)
{
    for (gsize k = 0; k < G_N_ELEMENTS(unsupported_meta); k++) {
        const char *v = ha_store_model_attrs_get(meta, unsupported_meta[k][0]);

        if (v == NULL) {
            continue;
        }
        if (unsupported_meta[k][1] != NULL) {
            return refuse(run, unsupported_meta[k][1], id);
        }
        if (strcmp(v, "unfencing") == 0) {
            return refuse(run, "unfencing (requires)", id);
        }
    }
    return 0;
}

static gboolean
in_promotable(const ha_store_model_t *m, guint r)
{
    for (; r != HA_MODEL_NONE; r = m->rscs[r].parent) {
        if (m->rscs[r].promotable) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
promotion_role(const char *role)
{
    return g_strcmp0(role, "Promoted") == 0
           || g_strcmp0(role, "Unpromoted") == 0;
}

/* A colocation naming the Promoted or Unpromoted role of a resource that
 * has no such role (not a promotable clone nor in one): Pacemaker's
 * treatment of it is not implemented (differential runs show wrong
 * answers), so it is refused. */
static int
check_role_colocations(sched_run *run)
{
    const ha_store_model_t *m = run->m;

    for (guint i = 0; i < m->n_colocations; i++) {
        const struct ha_model_colocation *c = &m->colocations[i];

        if ((promotion_role(c->rsc_role) && !in_promotable(m, c->rsc))
            || (promotion_role(c->with_rsc_role)
                && !in_promotable(m, c->with_rsc))) {
            return refuse(run, "colocation with the Promoted or Unpromoted "
                          "role of a resource that is not promotable", c->id);
        }
    }
    return 0;
}

static int
check_supported(sched_run *run)
{
    const ha_store_model_t *m = run->m;
    const char *v;
    int rc;

    if (m->n_unsupported > 0) {
        return refuse(run, m->unsupported[0].what, m->unsupported[0].id);
    }
    v = sched_prop(run, "node-health-strategy");
    if (v != NULL && strcmp(v, "none") != 0) {
        return refuse(run, "node-health-strategy", v);
    }
    v = sched_prop(run, "shutdown-lock");
    if (v != NULL && strcmp(v, "false") != 0 && strcmp(v, "0") != 0) {
        return refuse(run, "shutdown-lock", v);
    }
    rc = check_rsc_meta(run, &m->rsc_defaults, "rsc_defaults");
    for (guint i = 0; rc == 0 && i < m->n_rscs; i++) {
        const struct ha_model_rsc *r = &m->rscs[i];

        rc = check_rsc_meta(run, &r->meta, r->id);
    }
    if (rc == 0) {
        rc = check_role_colocations(run);
    }
    if (rc < 0) {
        return rc;
    }
    for (guint i = 0; i < m->n_lrm_ops; i++) {
        const char *op = m->lrm_ops[i].operation;

        if (strcmp(op, "migrate_to") == 0 || strcmp(op, "migrate_from") == 0) {
            return refuse(run, "live migration history", "migrate_to/from");
        }
    }
    return 0;
}

/* Multiple-active handling, quorum policy: adjust targets after history. */
static void
post_history(sched_run *run)
{
    for (guint i = 0; i < run->rscs->len; i++) {
        s_rsc *rsc = g_ptr_array_index(run->rscs, i);

        if (rsc->kind != HA_SCHED_PRIMITIVE) {
            continue;
        }
        if (rsc->running->len > 1) {
            if (rsc->multiple_active == MA_BLOCK) {
                rsc->managed = FALSE;
                rsc->blocked = TRUE;
            } else if (rsc->multiple_active == MA_STOP_ONLY) {
                rsc->target_role = HA_ROLE_STOPPED;
            }
        }
        /* stop-orphan-resources is about removed resources, not about
         * clone instances beyond clone-max */
        if (rsc->orphan && rsc->cfg_idx == HA_MODEL_NONE
            && rsc->running->len > 0 && !run->stop_orphans) {
            rsc->managed = FALSE;
        }
        if (rsc->orphan) {
            rsc->target_role = HA_ROLE_STOPPED;
        }
        /* Resource start-up is disabled while fencing is enabled and no
         * fence device is configured: every resource is left as it is
         * (nothing started, stopped, recovered, promoted or demoted; probes
         * still run), though its configuration still says managed. */
        if (run->no_fence_device && rsc->managed) {
            rsc->managed = FALSE;
            rsc->held_no_fencing = TRUE;
        }
    }
}

static void
run_free(sched_run *run)
{
    if (run == NULL) {
        return;
    }
    for (guint i = 0; i < run->rscs->len; i++) {
        s_rsc *r = g_ptr_array_index(run->rscs, i);

        g_ptr_array_free(r->children, TRUE);
        g_array_free(r->running, TRUE);
        g_free(r->known);
        g_free(r->failed_on);
        g_free(r->fail_count);
        g_free(r->last_failure);
        g_free(r->failcount_cleared);
        g_free(r->score);
        g_free(r->allowed);
        g_ptr_array_free(r->this_with, TRUE);
        g_ptr_array_free(r->with_this, TRUE);
        g_ptr_array_free(r->actions, TRUE);
        g_hash_table_destroy(r->active_ops);
        sched_explain_rsc_free(r->explain);
        g_free(r);
    }
    for (guint i = 0; i < run->actions->len; i++) {
        s_action *a = g_ptr_array_index(run->actions, i);

        g_free(a->key);
        g_array_free(a->in, TRUE);
        g_array_free(a->out, TRUE);
        g_free(a);
    }
    for (guint n = 0; n < run->n_nodes; n++) {
        g_hash_table_destroy(run->nodes[n].attrs);
        if (run->nodes[n].free != NULL) {
            g_hash_table_destroy(run->nodes[n].free);
        }
    }
    g_free(run->nodes);
    g_ptr_array_free(run->rscs, TRUE);
    g_ptr_array_free(run->top, TRUE);
    g_hash_table_destroy(run->rsc_by_id);
    g_ptr_array_free(run->colocs, TRUE);
    g_ptr_array_free(run->actions, TRUE);
    g_array_free(run->edges, TRUE);
    g_hash_table_destroy(run->action_by_key);
    g_ptr_array_free(run->owned, TRUE);
    g_hash_table_destroy(run->attr_classes);
    g_string_chunk_free(run->strings);
    g_free(run->error);
    g_free(run);
}

static sched_run *
run_new(const ha_store_model_t *model, const struct ha_sched_options *opts)
{
    sched_run *run = g_new0(sched_run, 1);

    run->m = model;
    run->opts = *opts;
    run->strings = g_string_chunk_new(4096);
    run->rscs = g_ptr_array_new();
    run->top = g_ptr_array_new();
    run->rsc_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    run->colocs = g_ptr_array_new_with_free_func(g_free);
    run->actions = g_ptr_array_new();
    run->edges = g_array_new(FALSE, FALSE, sizeof(s_edge));
    run->action_by_key = g_hash_table_new_full(g_str_hash, g_str_equal,
                                               g_free, NULL);
    run->owned = g_ptr_array_new_with_free_func(g_free);
    run->attr_classes = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                              g_free);
    run->summary = g_ptr_array_new_with_free_func(g_free);
    if (opts->want_scores) {
        run->scores = g_ptr_array_new_with_free_func(g_free);
    }
    run->explain = opts->want_explain;
    return run;
}

static void
build_result(sched_run *run, ha_sched_result_t *res)
{
    struct ha_sched_node_info *nodes = g_new0(struct ha_sched_node_info,
                                              MAX(run->n_nodes, 1));
    struct ha_sched_rsc_info *rscs = g_new0(struct ha_sched_rsc_info,
                                            MAX(run->rscs->len, 1));
    struct ha_sched_action_info *acts = g_new0(struct ha_sched_action_info,
                                               MAX(run->actions->len, 1));
    GArray *edges = g_array_new(FALSE, FALSE, sizeof(struct ha_sched_edge));

    for (guint n = 0; n < run->n_nodes; n++) {
        const s_node *sn = &run->nodes[n];

        nodes[n] = (struct ha_sched_node_info) {
            .name = sn->name, .online = sn->online, .unclean = sn->unclean,
            .pending = sn->pending, .standby = sn->standby,
            .maintenance = sn->maintenance, .shutdown = sn->shutdown,
            .fenced = sn->fence,
        };
    }
    for (guint i = 0; i < run->rscs->len; i++) {
        s_rsc *r = g_ptr_array_index(run->rscs, i);
        guint *kids = g_new0(guint, MAX(r->children->len, 1));

        for (guint k = 0; k < r->children->len; k++) {
            kids[k] = ((s_rsc *) g_ptr_array_index(r->children, k))->idx;
        }
        g_ptr_array_add(run->owned, kids);
        rscs[i] = (struct ha_sched_rsc_info) {
            .id = r->id, .kind = r->kind,
            .parent = (r->parent != NULL) ? r->parent->idx : HA_MODEL_NONE,
            .n_children = r->children->len, .children = kids,
            .klass = r->cfg->klass, .provider = r->cfg->provider,
            .type = r->cfg->type, .managed = r->managed || r->held_no_fencing,
            .failed = r->failed,
            .orphan = r->orphan, .promotable = r->promotable,
            .blocked = r->blocked,
            .unique = r->unique, .role = r->role, .next_role = r->next_role,
            .n_running = r->running->len,
            .running = (const guint *) r->running->data,
            .next_node = (r->assigned != NULL) ? r->assigned->idx
                                               : HA_MODEL_NONE,
        };
    }
    for (guint i = 0; i < run->actions->len; i++) {
        s_action *a = g_ptr_array_index(run->actions, i);

        acts[i] = (struct ha_sched_action_info) {
            .id = a->id, .key = a->key, .task = a->task,
            .interval_ms = a->interval_ms,
            .rsc = (a->rsc != NULL) ? a->rsc->idx : HA_MODEL_NONE,
            .node = (a->node != NULL) ? a->node->idx : HA_MODEL_NONE,
            .flags = ((a->flags & AF_OPTIONAL) ? HA_ACTION_OPTIONAL : 0)
                     | ((a->flags & AF_RUNNABLE) ? HA_ACTION_RUNNABLE : 0)
                     | ((a->flags & AF_PSEUDO) ? HA_ACTION_PSEUDO : 0),
            .reason = a->reason,
        };
    }
    for (guint i = 0; i < run->edges->len; i++) {
        const s_edge *e = &g_array_index(run->edges, s_edge, i);
        struct ha_sched_edge he = { e->first->id, e->then->id };

        if (!(e->flags & EF_NO_ORDER)) {
            g_array_append_val(edges, he);
        }
    }
    res->n_nodes = run->n_nodes;
    res->nodes = nodes;
    res->n_rscs = run->rscs->len;
    res->rscs = rscs;
    res->n_actions = run->actions->len;
    res->actions = acts;
    res->n_edges = edges->len;
    res->edges = (const struct ha_sched_edge *) g_array_free(edges, FALSE);
    res->summary = g_steal_pointer(&run->summary);
    res->scores = g_steal_pointer(&run->scores);
    res->priv = run;
}

int
ha_sched_run(const ha_store_model_t *model,
             const struct ha_sched_options *opts,
             ha_sched_result_t **ret_result, char **ret_error)
{
    sched_run *run = run_new(model, opts);
    ha_sched_result_t *res;
    int rc = check_supported(run);

    if (rc < 0) {
        if (ret_error != NULL) {
            *ret_error = g_steal_pointer(&run->error);
        }
        g_ptr_array_free(run->summary, TRUE);
        if (run->scores != NULL) {
            g_ptr_array_free(run->scores, TRUE);
        }
        run_free(run);
        return rc;
    }
    unpack_options(run);
    sched_nodes_unpack(run);
    sched_rsc_unpack(run);
    sched_history_unpack(run);
    post_history(run);
    sched_rsc_sort_top(run);
    sched_location_apply(run);
    sched_tickets_apply(run);
    sched_utilization_init(run);
    sched_colocations_unpack(run);
    sched_utilization_sort(run);
    sched_assign_all(run);
    sched_actions_create(run);
    sched_fencing_create(run);
    sched_orders_create(run);
    sched_notify_create(run);
    sched_orders_propagate(run);
    sched_notify_finish(run);
    if (run->explain) {
        sched_explain_finish(run);
    }
    sched_summary_build(run);
    res = g_new0(ha_sched_result_t, 1);
    res->recheck_at = sched_recheck_at(run);
    res->ref = 1;
    build_result(run, res);
    *ret_result = res;
    return 0;
}

void
ha_sched_result_free(ha_sched_result_t *result)
{
    if (result == NULL || !g_atomic_int_dec_and_test(&result->ref)) {
        return;
    }
    g_free((gpointer) result->nodes);
    g_free((gpointer) result->rscs);
    g_free((gpointer) result->actions);
    g_free((gpointer) result->edges);
    if (result->summary != NULL) {
        g_ptr_array_free(result->summary, TRUE);
    }
    if (result->scores != NULL) {
        g_ptr_array_free(result->scores, TRUE);
    }
    run_free(result->priv);
    g_free(result);
}

ha_sched_result_t *
ha_sched_result_ref(ha_sched_result_t *result)
{
    g_atomic_int_inc(&result->ref);
    return result;
}

const char *
ha_sched_role_name(enum ha_sched_role role)
{
    switch (role) {
    case HA_ROLE_STOPPED:
        return "Stopped";
    case HA_ROLE_STARTED:
        return "Started";
    case HA_ROLE_UNPROMOTED:
        return "Unpromoted";
    case HA_ROLE_PROMOTED:
        return "Promoted";
    default:
        return "Unknown";
    }
}

static int
cmp_guint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *) a;
    guint y = *(const guint *) b;

    return (x < y) ? -1 : (x > y);
}

GArray *
ha_sched_result_exec_order(const ha_sched_result_t *result)
{
    guint n = result->n_actions;
    guint *indeg = g_new0(guint, MAX(n, 1));
    GPtrArray *succ = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_array_unref);
    GArray *order = g_array_new(FALSE, FALSE, sizeof(guint));
    GArray *ready = g_array_new(FALSE, FALSE, sizeof(guint));
    gboolean *exec = g_new0(gboolean, MAX(n, 1));

    for (guint i = 0; i < n; i++) {
        guint f = result->actions[i].flags;

        exec[i] = (f & HA_ACTION_RUNNABLE) && !(f & HA_ACTION_OPTIONAL);
        g_ptr_array_add(succ, g_array_new(FALSE, FALSE, sizeof(guint)));
    }
    for (guint i = 0; i < result->n_edges; i++) {
        const struct ha_sched_edge *e = &result->edges[i];

        if (!exec[e->first] || !exec[e->then]) {
            continue;
        }
        g_array_append_val(g_ptr_array_index(succ, e->first), e->then);
        indeg[e->then]++;
    }
    for (guint i = 0; i < n; i++) {
        if (exec[i] && indeg[i] == 0) {
            g_array_append_val(ready, i);
        }
    }
    while (ready->len > 0) {
        GArray *next = g_array_new(FALSE, FALSE, sizeof(guint));

        g_array_sort(ready, cmp_guint);
        for (guint k = 0; k < ready->len; k++) {
            guint a = g_array_index(ready, guint, k);
            GArray *s = g_ptr_array_index(succ, a);

            g_array_append_val(order, a);
            for (guint j = 0; j < s->len; j++) {
                guint t = g_array_index(s, guint, j);

                if (--indeg[t] == 0) {
                    g_array_append_val(next, t);
                }
            }
        }
        g_array_free(ready, TRUE);
        ready = next;
    }
    g_array_free(ready, TRUE);
    g_ptr_array_free(succ, TRUE);
    g_free(indeg);
    g_free(exec);
    return order;
}
