/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_exec.c - what the executor needs to run an action of a
 * result: the agent, its parameters for the action's node, the meta data
 * Pacemaker passes (timeout, interval, clone data), the rc that means
 * success, and the op-digest the history records (the one that
 * sched_digest.c compares with later, computed from the same parameters).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "sched/sched_private.h"

#define DEFAULT_TIMEOUT_MS 20000

/* OCF return codes the targets use */
#define RC_OK 0
#define RC_NOT_RUNNING 7
#define RC_RUNNING_PROMOTED 8

static gboolean
copy_param(gpointer key, gpointer value, gpointer data)
{
    g_hash_table_insert(data, g_strdup(key), g_strdup(value));
    return FALSE;
}

/* timeout= of the op, else of op_defaults, else 20 s */
static guint
op_timeout_ms(const sched_run *run, const struct ha_model_op *op)
{
    const char *v = NULL;
    guint64 ms = 0;

    if (op != NULL) {
        v = ha_store_model_attrs_get(&op->meta, "timeout");
    }
    if (v == NULL) {
        v = ha_store_model_attrs_get(&run->m->op_defaults, "timeout");
    }
    if (v == NULL || ha_duration_parse_ms(v, &ms) < 0 || ms == 0
        || ms > G_MAXUINT) {
        return DEFAULT_TIMEOUT_MS;
    }
    return (guint) ms;
}

/* A probe runs with the timeout of the resource's first monitor. */
static const struct ha_model_op *
op_for(const s_rsc *rsc, const char *task, guint64 interval_ms)
{
    const struct ha_model_op *op = sched_rsc_find_op(rsc, task, interval_ms);

    if (op == NULL && strcmp(task, "monitor") == 0 && interval_ms == 0) {
        for (guint i = 0; i < rsc->cfg->n_ops; i++) {
            if (g_strcmp0(rsc->cfg->ops[i].name, "monitor") == 0) {
                return &rsc->cfg->ops[i];
            }
        }
    }
    return op;
}

static void
set_meta(GHashTable *meta, const char *name, const char *value)
{
    g_hash_table_insert(meta, g_strdup(name), g_strdup(value));
}

static void
set_meta_int(GHashTable *meta, const char *name, gint64 value)
{
    g_hash_table_insert(meta, g_strdup(name),
                        g_strdup_printf("%" G_GINT64_FORMAT, value));
}

static void
clone_meta(const sched_run *run, const s_rsc *rsc, GHashTable *meta)
{
    const s_rsc *clone = rsc->parent;

    while (clone != NULL && clone->kind != HA_SCHED_CLONE) {
        clone = clone->parent;
    }
    if (clone == NULL) {
        return;
    }
    set_meta_int(meta, "clone_max", clone->clone_max);
    set_meta_int(meta, "clone_node_max", clone->clone_node_max);
    set_meta(meta, "globally_unique", clone->unique ? "true" : "false");
    set_meta(meta, "notify",
             sched_clone_notify(run, clone) ? "true" : "false");
    if (rsc->instance >= 0) {
        set_meta_int(meta, "clone", rsc->instance);
    } else {
        for (const s_rsc *r = rsc; r != NULL && r != clone; r = r->parent) {
            if (r->instance >= 0) {
                set_meta_int(meta, "clone", r->instance);
                break;
            }
        }
    }
    if (clone->promotable) {
        set_meta_int(meta, "promoted_max", clone->promoted_max);
        set_meta_int(meta, "promoted_node_max", clone->promoted_node_max);
    }
}

/* @attrs' pairs (rules evaluated against @ctx) that @meta lacks, names
 * with '_' for '-'; id, interval and timeout are set by the caller. */
static void
attrs_into_meta(const struct ha_model_attrs *attrs,
                const struct ha_model_rule_ctx *ctx, GHashTable *meta)
{
    for (guint s = 0; s < attrs->n_sets; s++) {
        for (guint i = 0; i < attrs->sets[s].n; i++) {
            g_autofree char *key = g_strdup(attrs->sets[s].pairs[i].name);
            const char *v;

            g_strdelimit(key, "-", '_');
            if (g_hash_table_contains(meta, key) || strcmp(key, "id") == 0
                || strcmp(key, "interval") == 0
                || strcmp(key, "timeout") == 0) {
                continue;
            }
            v = ha_store_model_attrs_eval(attrs, attrs->sets[s].pairs[i].name,
                                          ctx);
            if (v != NULL) {
                set_meta(meta, key, v);
            }
        }
    }
}

/* What Pacemaker passes of the op: its own XML attributes (name, role,
 * on-fail ...), then its meta_attributes, then op_defaults'. */
static void
op_meta(const sched_run *run, const s_action *a, const s_rsc *rsc,
        GHashTable *meta)
{
    const struct ha_model_op *op = sched_rsc_find_op(rsc, a->task,
                                                     a->interval_ms);
    struct ha_model_rule_ctx ctx = {
        .node_attr = sched_node_attr,
        .node_data = a->node,
        .now = run->opts.now,
        .rsc_class = rsc->cfg->klass,
        .rsc_provider = rsc->cfg->provider,
        .rsc_type = rsc->cfg->type,
        .op_name = a->task,
        .op_interval_ms = a->interval_ms,
        .have_op = TRUE,
    };

    if (op != NULL) {
        attrs_into_meta(&op->meta, &ctx, meta);
    }
    attrs_into_meta(&run->m->op_defaults, &ctx, meta);
}

int
ha_sched_result_exec_info(const ha_sched_result_t *result, guint action,
                          struct ha_sched_exec_info *ret)
{
    sched_run *run = result->priv;
    const s_action *a;
    const s_rsc *rsc;
    const struct ha_model_op *op;
    GTree *params;

    memset(ret, 0, sizeof(*ret));
    if (action >= run->actions->len) {
        return -EINVAL;
    }
    a = g_ptr_array_index(run->actions, action);
    rsc = a->rsc;
    if (rsc == NULL || a->node == NULL || (a->flags & AF_PSEUDO)
        || rsc->kind != HA_SCHED_PRIMITIVE || rsc->cfg->type == NULL) {
        return -EINVAL;
    }
    op = op_for(rsc, a->task, a->interval_ms);
    ret->rsc_id = rsc->unique ? rsc->id : rsc->base_id;
    ret->klass = rsc->cfg->klass;
    ret->provider = rsc->cfg->provider;
    ret->type = rsc->cfg->type;
    ret->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        g_free);
    params = sched_digest_params(run, rsc, a->node,
                                 sched_rsc_find_op(rsc, a->task,
                                                   a->interval_ms));
    g_tree_foreach(params, copy_param, ret->params);
    ret->op_digest = sched_digest_of(params, NULL);
    g_tree_destroy(params);
    ret->timeout_ms = op_timeout_ms(run, op);
    ret->meta = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    op_meta(run, a, rsc, ret->meta);
    set_meta_int(ret->meta, "timeout", ret->timeout_ms);
    set_meta_int(ret->meta, "interval", (gint64) a->interval_ms);
    set_meta(ret->meta, "on_node", a->node->name);
    set_meta(ret->meta, "on_node_uuid", a->node->id);
    clone_meta(run, rsc, ret->meta);
    sched_notify_meta(run, a, ret->meta);
    if (strcmp(a->task, "monitor") == 0 && a->interval_ms == 0) {
        ret->target_rc = RC_NOT_RUNNING;
    } else if (strcmp(a->task, "monitor") == 0 && op != NULL
               && op->role != NULL
               && strcmp(ha_store_model_role_name(op->role),
                         "Promoted") == 0) {
        ret->target_rc = RC_RUNNING_PROMOTED;
    } else {
        ret->target_rc = RC_OK;
    }
    return 0;
}

void
ha_sched_exec_info_clear(struct ha_sched_exec_info *info)
{
    if (info->params != NULL) {
        g_hash_table_destroy(info->params);
    }
    if (info->meta != NULL) {
        g_hash_table_destroy(info->meta);
    }
    g_free(info->op_digest);
    memset(info, 0, sizeof(*info));
}
