/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_rsc.c - the run's resource tree: one s_rsc per configured
 * resource, clone instances ("rsc:0" ...) expanded, meta attributes
 * resolved (own, then parents', then rsc_defaults).
 *
 * Invariant: run->rscs lists parents before children; run->top lists the
 * top-level resources by priority (higher first), configuration order
 * otherwise: the order in which they are assigned.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched/sched_private.h"

static enum ha_sched_role
role_from_text(const char *v, enum ha_sched_role dflt)
{
    if (v == NULL) {
        return dflt;
    }
    v = ha_store_model_role_name(v);
    if (strcmp(v, "Stopped") == 0) {
        return HA_ROLE_STOPPED;
    }
    if (strcmp(v, "Started") == 0) {
        return HA_ROLE_STARTED;
    }
    if (strcmp(v, "Unpromoted") == 0) {
        return HA_ROLE_UNPROMOTED;
    }
    if (strcmp(v, "Promoted") == 0) {
        return HA_ROLE_PROMOTED;
    }
    return dflt;
}

static const char *
meta(sched_run *run, const s_rsc *rsc, const char *name)
{
    const struct ha_model_rsc *cfg = rsc->cfg;
    struct ha_model_rule_ctx ctx = {
        .now = run->opts.now,
        .rsc_class = cfg->klass,
        .rsc_provider = cfg->provider,
        .rsc_type = cfg->type,
    };

    if (rsc->cfg_idx == HA_MODEL_NONE) {
        return ha_store_model_attrs_eval(&run->m->rsc_defaults, name, &ctx);
    }
    return ha_store_model_rsc_meta(run->m, rsc->cfg_idx, name, &ctx);
}

static int
meta_score(sched_run *run, const s_rsc *rsc, const char *name, int dflt)
{
    const char *v = meta(run, rsc, name);
    int s = dflt;

    if (v != NULL && ha_score_parse(v, &s) < 0) {
        s = dflt;
    }
    return s;
}

static gboolean
meta_bool(sched_run *run, const s_rsc *rsc, const char *name, gboolean dflt)
{
    const char *v = meta(run, rsc, name);
    gboolean b = dflt;

    if (v != NULL && ha_bool_parse(v, &b) < 0) {
        b = dflt;
    }
    return b;
}

static void
unpack_meta(sched_run *run, s_rsc *rsc)
{
    const char *v;
    guint64 ms = 0;

    rsc->priority = meta_score(run, rsc, "priority", 0);
    rsc->stickiness = meta_score(run, rsc, "resource-stickiness",
                                 run->default_stickiness);
    if (meta(run, rsc, "resource-stickiness") == NULL) {
        /* clones (and what is inside them) stick by default */
        for (const s_rsc *p = rsc; p != NULL; p = p->parent) {
            if (p->kind == HA_SCHED_CLONE
                && run->default_stickiness == 0) {
                rsc->stickiness = 1;
            }
        }
    }
    rsc->migration_threshold = meta_score(run, rsc, "migration-threshold",
                                          INF);
    if (rsc->migration_threshold <= 0) {
        rsc->migration_threshold = INF;
    }
    v = meta(run, rsc, "failure-timeout");
    rsc->failure_timeout = 0;
    if (v != NULL && ha_duration_parse_ms(v, &ms) == 0) {
        rsc->failure_timeout = (gint64) (ms / 1000);
    }
    rsc->target_role = role_from_text(meta(run, rsc, "target-role"),
                                      HA_ROLE_UNKNOWN);
    rsc->managed = meta_bool(run, rsc, "is-managed", TRUE);
    rsc->is_maintenance = meta_bool(run, rsc, "maintenance", FALSE);
    if (rsc->is_maintenance || run->maintenance_mode) {
        rsc->managed = FALSE;
    }
    v = meta(run, rsc, "multiple-active");
    rsc->multiple_active = MA_STOP_START;
    if (g_strcmp0(v, "stop_only") == 0) {
        rsc->multiple_active = MA_STOP_ONLY;
    } else if (g_strcmp0(v, "block") == 0) {
        rsc->multiple_active = MA_BLOCK;
    } else if (g_strcmp0(v, "stop_unexpected") == 0) {
        rsc->multiple_active = MA_STOP_UNEXPECTED;
    }
    v = meta(run, rsc, "requires");
    rsc->requires_fencing = (v == NULL) ? run->stonith_enabled
                                        : (strcmp(v, "fencing") == 0
                                           || strcmp(v, "unfencing") == 0);
    rsc->requires_quorum = (v == NULL) || (strcmp(v, "nothing") != 0);
    if (g_strcmp0(rsc->cfg->klass, "stonith") == 0) {
        rsc->requires_fencing = FALSE;
        if (v == NULL) {
            rsc->requires_quorum = TRUE;
        }
    }
    rsc->critical = meta_bool(run, rsc, "critical", TRUE);
    rsc->allow_migrate = meta_bool(run, rsc, "allow-migrate", FALSE);
    rsc->restart_type_restart = (g_strcmp0(meta(run, rsc, "restart-type"),
                                           "restart") == 0);
    rsc->interleave = meta_bool(run, rsc, "interleave", FALSE);
    rsc->ordered = meta_bool(run, rsc, "ordered", FALSE);
    rsc->unique = meta_bool(run, rsc, "globally-unique", FALSE);
    rsc->clone_max = meta_score(run, rsc, "clone-max", (int) run->n_nodes);
    rsc->clone_node_max = meta_score(run, rsc, "clone-node-max", 1);
    rsc->clone_min = meta_score(run, rsc, "clone-min", 0);
    rsc->promoted_max = meta_score(run, rsc, "promoted-max",
                                   meta_score(run, rsc, "master-max", 1));
    rsc->promoted_node_max = meta_score(run, rsc, "promoted-node-max",
                                        meta_score(run, rsc,
                                                   "master-node-max", 1));
}

static s_rsc *
rsc_new_cfg(sched_run *run, guint cfg_idx, const struct ha_model_rsc *cfg,
            s_rsc *parent, int instance)
{
    s_rsc *rsc = g_new0(s_rsc, 1);
    guint n = run->n_nodes;

    rsc->idx = run->rscs->len;
    rsc->cfg_idx = cfg_idx;
    rsc->cfg = cfg;
    rsc->parent = parent;
    rsc->instance = instance;
    rsc->base_id = cfg->id;
    if (instance >= 0) {
        g_autofree char *id = g_strdup_printf("%s:%d", cfg->id, instance);

        rsc->id = sched_intern(run, id);
    } else {
        rsc->id = cfg->id;
    }
    rsc->kind = (cfg->kind == HA_RSC_PRIMITIVE) ? HA_SCHED_PRIMITIVE
                : (cfg->kind == HA_RSC_GROUP) ? HA_SCHED_GROUP : HA_SCHED_CLONE;
    rsc->children = g_ptr_array_new();
    rsc->running = g_array_new(FALSE, FALSE, sizeof(guint));
    rsc->known = g_new0(guint8, MAX(n, 1));
    rsc->failed_on = g_new0(guint8, MAX(n, 1));
    rsc->fail_count = g_new0(int, MAX(n, 1));
    rsc->last_failure = g_new0(gint64, MAX(n, 1));
    rsc->failcount_cleared = g_new0(guint8, MAX(n, 1));
    rsc->score = g_new0(int, MAX(n, 1));
    rsc->allowed = g_new0(guint8, MAX(n, 1));
    rsc->this_with = g_ptr_array_new();
    rsc->with_this = g_ptr_array_new();
    rsc->actions = g_ptr_array_new();
    rsc->provisional = TRUE;
    rsc->role = HA_ROLE_STOPPED;
    rsc->next_role = HA_ROLE_UNKNOWN;
    rsc->pending_node = HA_MODEL_NONE;
    rsc->active_ops = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                            NULL);
    g_ptr_array_add(run->rscs, rsc);
    if (parent != NULL) {
        g_ptr_array_add(parent->children, rsc);
    }
    g_hash_table_insert(run->rsc_by_id, (gpointer) rsc->id, rsc);
    unpack_meta(run, rsc);
    return rsc;
}

static s_rsc *
rsc_new(sched_run *run, guint cfg_idx, s_rsc *parent, int instance)
{
    return rsc_new_cfg(run, cfg_idx, &run->m->rscs[cfg_idx], parent,
                       instance);
}

/* A resource found in the history but not in the configuration. */
s_rsc *
sched_orphan_new(sched_run *run, const struct ha_model_lrm_rsc *lr)
{
    struct ha_model_rsc *cfg = g_new0(struct ha_model_rsc, 1);
    s_rsc *rsc;

    cfg->id = lr->id;
    cfg->kind = HA_RSC_PRIMITIVE;
    cfg->parent = HA_MODEL_NONE;
    cfg->klass = lr->klass;
    cfg->provider = lr->provider;
    cfg->type = lr->type;
    g_ptr_array_add(run->owned, cfg);
    rsc = rsc_new_cfg(run, HA_MODEL_NONE, cfg, NULL, -1);
    rsc->orphan = TRUE;
    g_ptr_array_add(run->top, rsc);
    return rsc;
}

static s_rsc *build(sched_run *run, guint cfg_idx, s_rsc *parent,
                    int instance);

/* Add instance @n of @clone (a copy of its child template). */
static s_rsc *
clone_instance_new(sched_run *run, s_rsc *clone, int n)
{
    if (clone->cfg->n_children == 0) {
        return NULL;
    }
    return build(run, clone->cfg->children[0], clone, n);
}

static s_rsc *
build(sched_run *run, guint cfg_idx, s_rsc *parent, int instance)
{
    s_rsc *rsc = rsc_new(run, cfg_idx, parent, instance);

    if (rsc->kind == HA_SCHED_GROUP) {
        for (guint i = 0; i < rsc->cfg->n_children; i++) {
            build(run, rsc->cfg->children[i], rsc, instance);
        }
    } else if (rsc->kind == HA_SCHED_CLONE) {
        rsc->promotable = rsc->cfg->promotable;
        for (int i = 0; i < rsc->clone_max; i++) {
            (void) clone_instance_new(run, rsc, i);
        }
    }
    return rsc;
}

s_rsc *
sched_clone_instance_add(sched_run *run, s_rsc *clone)
{
    return clone_instance_new(run, clone, (int) clone->children->len);
}

static int
cmp_priority(gconstpointer a, gconstpointer b)
{
    const s_rsc *x = *(s_rsc *const *) a;
    const s_rsc *y = *(s_rsc *const *) b;

    if (x->priority != y->priority) {
        return (x->priority > y->priority) ? -1 : 1;
    }
    return (x->idx < y->idx) ? -1 : (x->idx > y->idx);
}

void
sched_rsc_unpack(sched_run *run)
{
    const ha_store_model_t *m = run->m;

    for (guint i = 0; i < m->n_rscs; i++) {
        if (m->rscs[i].parent == HA_MODEL_NONE) {
            g_ptr_array_add(run->top, build(run, i, NULL, -1));
        }
    }
}

void
sched_rsc_sort_top(sched_run *run)
{
    g_ptr_array_sort(run->top, cmp_priority);
}

s_rsc *
sched_rsc_find(sched_run *run, const char *id)
{
    return g_hash_table_lookup(run->rsc_by_id, id);
}

gboolean
sched_rsc_is_active(const s_rsc *rsc)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        return rsc->running->len > 0;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        if (sched_rsc_is_active(g_ptr_array_index(rsc->children, i))) {
            return TRUE;
        }
    }
    return FALSE;
}

s_node *
sched_rsc_current_node(sched_run *run, const s_rsc *rsc)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        return (rsc->running->len > 0)
               ? &run->nodes[g_array_index(rsc->running, guint, 0)] : NULL;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        s_node *n = sched_rsc_current_node(run,
                                           g_ptr_array_index(rsc->children, i));

        if (n != NULL) {
            return n;
        }
    }
    return NULL;
}

void
sched_rsc_walk_primitives(s_rsc *rsc, void (*fn)(s_rsc *, gpointer),
                          gpointer data)
{
    if (rsc->kind == HA_SCHED_PRIMITIVE) {
        fn(rsc, data);
        return;
    }
    for (guint i = 0; i < rsc->children->len; i++) {
        sched_rsc_walk_primitives(g_ptr_array_index(rsc->children, i), fn,
                                  data);
    }
}
