/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_nodes.c - node states: online, offline, unclean, pending,
 * shutting down, standby, maintenance; node attributes for rules.
 *
 * A node is online when its membership (in_ccm), its daemon (crmd) and its
 * join state all say so (the snapshot's typed flags, read once by lib/store).  With fencing enabled, a node that was expected up
 * but left without a clean shutdown is unclean (and will be fenced); a
 * configured node never seen in the status is unclean too when
 * startup-fencing is on.  Without fencing such nodes are simply offline.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

const char *
sched_node_attr(gconstpointer data, const char *name)
{
    const s_node *node = data;

    return g_hash_table_lookup(node->attrs, name);
}

/*
 * Nodes grouped by the value of @attr, compared case-insensitively as
 * colocations do: element n is the index of the first node whose value
 * equals node n's, or -1 when node n lacks @attr.  Two nodes match on
 * @attr iff their classes are equal and >= 0.  Node attributes are fixed
 * once unpacked, so the array is computed once per run and attribute and
 * owned by run->attr_classes.
 */
const gint *
sched_node_attr_classes(sched_run *run, const char *attr)
{
    gint *cls = g_hash_table_lookup(run->attr_classes, attr);
    g_autofree const char **vals = NULL;

    if (cls != NULL) {
        return cls;
    }
    cls = g_new(gint, MAX(run->n_nodes, 1));
    vals = g_new(const char *, MAX(run->n_nodes, 1));
    for (guint n = 0; n < run->n_nodes; n++) {
        vals[n] = g_hash_table_lookup(run->nodes[n].attrs, attr);
        cls[n] = (vals[n] != NULL) ? (gint) n : -1;
        for (guint m = 0; vals[n] != NULL && m < n; m++) {
            if (cls[m] == (gint) m && g_ascii_strcasecmp(vals[m], vals[n]) == 0) {
                cls[n] = (gint) m;
                break;
            }
        }
    }
    g_hash_table_insert(run->attr_classes, g_strdup(attr), cls);
    return cls;
}

gboolean
sched_node_can_run(const s_node *node)
{
    return node->online && !node->unclean && !node->standby
           && !node->shutdown && !node->maintenance && !node->pending;
}

static void
fill_attrs(sched_run *run, s_node *node)
{
    struct ha_model_rule_ctx ctx = { .now = run->opts.now };

    node->attrs = g_hash_table_new(g_str_hash, g_str_equal);
    for (guint s = 0; s < node->cfg->attrs.n_sets; s++) {
        const struct ha_model_nvset *set = &node->cfg->attrs.sets[s];

        if (set->rule != NULL && !ha_store_rule_eval(set->rule, &ctx)) {
            continue;
        }
        for (guint i = 0; i < set->n; i++) {
            if (!g_hash_table_contains(node->attrs, set->pairs[i].name)) {
                g_hash_table_insert(node->attrs, (gpointer) set->pairs[i].name,
                                    (gpointer) set->pairs[i].value);
            }
        }
    }
    if (node->state != NULL) {
        for (guint i = 0; i < node->state->n_transient; i++) {
            g_hash_table_insert(node->attrs,
                                (gpointer) node->state->transient[i].name,
                                (gpointer) node->state->transient[i].value);
        }
    }
    g_hash_table_insert(node->attrs, "#uname", (gpointer) node->name);
    g_hash_table_insert(node->attrs, "#id", (gpointer) node->id);
    g_hash_table_insert(node->attrs, "#kind", "cluster");
    g_hash_table_insert(node->attrs, "#is_dc",
                        (run->m->dc_uuid != NULL
                         && strcmp(run->m->dc_uuid, node->id) == 0)
                        ? "true" : "false");
}

static void
unclean(s_node *node, const char *reason)
{
    node->unclean = TRUE;
    node->online = FALSE;
    node->fence_reason = reason;
}

static void
determine_state(sched_run *run, s_node *node)
{
    const struct ha_model_node_state *st = node->state;
    gboolean in_ccm, crmd, member, shutdown;
    const char *sd;

    if (st == NULL) {
        if (run->stonith_enabled && run->startup_fencing) {
            unclean(node, "node is unclean");
        }
        return;
    }
    in_ccm = (st->flags & HA_NODE_IN_CCM) != 0;
    crmd = (st->flags & HA_NODE_CRMD) != 0;
    member = (st->flags & HA_NODE_JOIN_MEMBER) != 0;
    node->expected_up = (st->flags & HA_NODE_EXPECTED_UP) != 0;
    sd = g_hash_table_lookup(node->attrs, "shutdown");
    shutdown = (sd != NULL) && (strcmp(sd, "0") != 0);

    if (in_ccm && crmd && member) {
        node->online = TRUE;
        node->shutdown = shutdown;
        return;
    }
    if (!run->stonith_enabled) {
        if (in_ccm && crmd && (st->flags & HA_NODE_JOIN_PENDING)) {
            node->pending = TRUE;
        }
        return;
    }
    if (in_ccm && crmd) {
        if (st->flags & HA_NODE_JOIN_REFUSED) {
            unclean(node, "node failed to join");
        } else {
            node->pending = TRUE;
        }
        return;
    }
    if (shutdown && !crmd) {
        return;     /* shut down cleanly */
    }
    if (!in_ccm && node->expected_up) {
        unclean(node, "peer is no longer part of the cluster");
    } else if (in_ccm && !crmd && node->expected_up) {
        unclean(node, "peer process is no longer available");
    } else if (!in_ccm && member && !node->expected_up
               && !(st->flags & HA_NODE_EXPECTED_DOWN)) {
        unclean(node, "peer is no longer part of the cluster");
    }
}

void
sched_nodes_unpack(sched_run *run)
{
    const ha_store_model_t *m = run->m;

    run->n_nodes = m->n_nodes;
    run->nodes = g_new0(s_node, MAX(m->n_nodes, 1));
    for (guint i = 0; i < m->n_nodes; i++) {
        s_node *node = &run->nodes[i];
        const char *v;

        node->idx = i;
        node->cfg = &m->nodes[i];
        node->name = node->cfg->uname;
        node->id = node->cfg->id;
        node->state = (node->cfg->state != HA_MODEL_NONE)
                      ? &m->node_states[node->cfg->state] : NULL;
        fill_attrs(run, node);
        determine_state(run, node);
        if (run->no_quorum == NOQ_SUICIDE && !run->have_quorum
            && (node->online || node->unclean)) {
            unclean(node, "cluster does not have quorum");
            node->online = TRUE;
        }
        v = g_hash_table_lookup(node->attrs, "standby");
        node->standby = ha_bool_or_stamp(v);
        v = g_hash_table_lookup(node->attrs, "maintenance");
        node->maintenance = ha_bool_or_stamp(v) || run->maintenance_mode;
    }
}
