/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_digest.c - has a running resource's definition changed?
 *
 * The executor records, with each operation, an MD5 digest of the
 * parameters it ran with ("op-digest"), and of the parameters whose change
 * needs a restart ("op-restart-digest" over the names in
 * "op-force-restart").  The digest input is the canonical text
 * " <parameters a="1" b="2"/>\n" with attributes sorted by name: the
 * resource's instance attributes for that node (parents' included), then
 * the operation's own instance attributes.  A changed restart digest (or a
 * changed digest without a restart digest) restarts the resource; a change
 * confined to reloadable parameters reloads it.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

static void
collect_attrs(sched_run *run, const struct ha_model_attrs *attrs,
              const s_node *node, GTree *out)
{
    struct ha_model_rule_ctx ctx = {
        .node_attr = sched_node_attr,
        .node_data = node,
        .now = run->opts.now,
    };

    for (guint s = 0; s < attrs->n_sets; s++) {
        for (guint i = 0; i < attrs->sets[s].n; i++) {
            const char *name = attrs->sets[s].pairs[i].name;
            const char *v;

            if (g_tree_lookup(out, name) != NULL) {
                continue;
            }
            v = ha_store_model_attrs_eval(attrs, name, &ctx);
            if (v != NULL) {
                g_tree_insert(out, (gpointer) name, (gpointer) v);
            }
        }
    }
}

static void
append_escaped(GString *s, const char *v)
{
    for (; *v != '\0'; v++) {
        switch (*v) {
        case '&': g_string_append(s, "&amp;"); break;
        case '<': g_string_append(s, "&lt;"); break;
        case '>': g_string_append(s, "&gt;"); break;
        case '"': g_string_append(s, "&quot;"); break;
        default: g_string_append_c(s, *v); break;
        }
    }
}

struct digest_ctx {
    GString *text;
    const char *only;       /* " a b " list, or NULL for all */
};

static gboolean
append_attr(gpointer key, gpointer value, gpointer data)
{
    struct digest_ctx *d = data;
    const char *name = key;

    if (d->only != NULL) {
        g_autofree char *needle = g_strdup_printf(" %s ", name);

        if (strstr(d->only, needle) == NULL) {
            return FALSE;
        }
    }
    g_string_append_printf(d->text, " %s=\"", name);
    append_escaped(d->text, value);
    g_string_append_c(d->text, '"');
    return FALSE;
}

char *
sched_digest_of(GTree *params, const char *only)
{
    struct digest_ctx d = { .text = g_string_new(" <parameters"),
                            .only = only };
    char *sum;

    g_tree_foreach(params, append_attr, &d);
    g_string_append(d.text, "/>\n");
    sum = g_compute_checksum_for_string(G_CHECKSUM_MD5, d.text->str,
                                        (gssize) d.text->len);
    g_string_free(d.text, TRUE);
    return sum;
}

static gboolean
override_cb(gpointer key, gpointer value, gpointer data)
{
    g_tree_replace(data, key, value);
    return FALSE;
}

GTree *
sched_digest_params(sched_run *run, const s_rsc *rsc, const s_node *node,
           const struct ha_model_op *op)
{
    GTree *t = g_tree_new((GCompareFunc) strcmp);
    GTree *own = g_tree_new((GCompareFunc) strcmp);

    if (op != NULL) {
        collect_attrs(run, &op->params, node, own);
    }
    /* op parameters override the resource's */
    for (guint r = rsc->cfg_idx; r != HA_MODEL_NONE;
         r = run->m->rscs[r].parent) {
        collect_attrs(run, &run->m->rscs[r].params, node, t);
    }
    if (rsc->cfg_idx == HA_MODEL_NONE) {
        collect_attrs(run, &rsc->cfg->params, node, t);
    }
    g_tree_foreach(own, override_cb, t);
    g_tree_destroy(own);
    return t;
}

/*
 * Compare the digests of @op (an entry of @rsc's history on @node) with
 * the current definition; flag a restart or a reload if they differ.
 */
void
sched_digest_check(sched_run *run, s_rsc *rsc, const s_node *node,
                   const struct ha_model_lrm_op *op)
{
    const struct ha_model_op *cfg_op;
    GTree *params;
    g_autofree char *all = NULL;
    g_autofree char *restart = NULL;

    if (op->op_digest == NULL || op->interval_ms != 0
        || (strcmp(op->operation, "start") != 0
            && strcmp(op->operation, "monitor") != 0
            && strcmp(op->operation, "promote") != 0
            && strcmp(op->operation, "migrate_from") != 0)) {
        return;
    }
    cfg_op = sched_rsc_find_op(rsc, op->operation, 0);
    params = sched_digest_params(run, rsc, node, cfg_op);
    all = sched_digest_of(params, NULL);
    if (op->op_restart_digest != NULL) {
        restart = sched_digest_of(params, (op->op_force_restart != NULL)
                                    ? op->op_force_restart : "");
    }
    g_tree_destroy(params);
    if (restart != NULL && strcmp(restart, op->op_restart_digest) != 0) {
        rsc->restart_needed = TRUE;
    } else if (strcmp(all, op->op_digest) != 0) {
        if (restart != NULL && (cfg_op == NULL || cfg_op->params.n_sets == 0)) {
            rsc->reload_needed = TRUE;
        } else {
            rsc->restart_needed = TRUE;
        }
    }
}

gboolean
sched_digest_changed(sched_run *run, s_rsc *rsc, const s_node *node,
                     const struct ha_model_lrm_op *op)
{
    const struct ha_model_op *cfg_op;
    GTree *params;
    g_autofree char *all = NULL;

    if (op->op_digest == NULL || op->interval_ms != 0) {
        return FALSE;
    }
    cfg_op = sched_rsc_find_op(rsc, op->operation, 0);
    params = sched_digest_params(run, rsc, node, cfg_op);
    all = sched_digest_of(params, NULL);
    g_tree_destroy(params);
    return strcmp(all, op->op_digest) != 0;
}
