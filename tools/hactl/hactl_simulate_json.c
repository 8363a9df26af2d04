/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_simulate_json.c - what `hactl simulate` decided, as
 * JSON: the result of `--output json` (nodes, resources now and next, the
 * transition summary, the executed actions in order and their edges,
 * scores) and the --graph file ("ha-transition-graph-1": actions and
 * edges only).  Actions are those that will be executed (runnable, not
 * optional); edges join two of them by id.
 */
#include "config.h"

#include <string.h>

#include "hactl_simulate.h"

static void
add_string_or_null(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    if (value != NULL) {
        json_builder_add_string_value(b, value);
    } else {
        json_builder_add_null_value(b);
    }
}

static void
add_bool(JsonBuilder *b, const char *name, gboolean value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_boolean_value(b, value);
}

static const char *
node_name(const ha_sched_result_t *res, guint node)
{
    return (node != HA_MODEL_NONE) ? res->nodes[node].name : NULL;
}

gboolean
hactl_simulate_executed(const struct ha_sched_action_info *a)
{
    return (a->flags & HA_ACTION_RUNNABLE) && !(a->flags & HA_ACTION_OPTIONAL);
}

static void
add_nodes(JsonBuilder *b, const ha_sched_result_t *res)
{
    json_builder_set_member_name(b, "nodes");
    json_builder_begin_array(b);
    for (guint i = 0; i < res->n_nodes; i++) {
        const struct ha_sched_node_info *n = &res->nodes[i];

        json_builder_begin_object(b);
        add_string_or_null(b, "name", n->name);
        add_bool(b, "online", n->online);
        add_bool(b, "unclean", n->unclean);
        add_bool(b, "pending", n->pending);
        add_bool(b, "standby", n->standby);
        add_bool(b, "maintenance", n->maintenance);
        add_bool(b, "shutdown", n->shutdown);
        add_bool(b, "fenced", n->fenced);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static const char *
kind_name(enum ha_sched_rsc_kind kind)
{
    switch (kind) {
    case HA_SCHED_GROUP: return "group";
    case HA_SCHED_CLONE: return "clone";
    default: return "primitive";
    }
}

static void
add_resources(JsonBuilder *b, const ha_sched_result_t *res)
{
    json_builder_set_member_name(b, "resources");
    json_builder_begin_array(b);
    for (guint i = 0; i < res->n_rscs; i++) {
        const struct ha_sched_rsc_info *r = &res->rscs[i];
        char agent[256];

        json_builder_begin_object(b);
        add_string_or_null(b, "id", r->id);
        add_string_or_null(b, "kind", kind_name(r->kind));
        add_string_or_null(b, "parent", r->parent != HA_MODEL_NONE
                                        ? res->rscs[r->parent].id : NULL);
        add_string_or_null(b, "agent", r->kind == HA_SCHED_PRIMITIVE
                                       ? hactl_simulate_agent_name(
                                           r, agent, sizeof(agent))
                                       : NULL);
        add_bool(b, "managed", r->managed);
        add_bool(b, "failed", r->failed);
        add_bool(b, "blocked", r->blocked);
        add_bool(b, "orphan", r->orphan);
        if (r->kind == HA_SCHED_PRIMITIVE) {
            add_string_or_null(b, "role", ha_sched_role_name(r->role));
            json_builder_set_member_name(b, "running");
            json_builder_begin_array(b);
            for (guint k = 0; k < r->n_running; k++) {
                json_builder_add_string_value(b, node_name(res, r->running[k]));
            }
            json_builder_end_array(b);
            add_string_or_null(b, "next_role",
                               ha_sched_role_name(r->next_role));
            add_string_or_null(b, "next_node", node_name(res, r->next_node));
        }
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

/* "  * Start      rsc1     ( node2 )" -> "Start rsc1 ( node2 )" */
static void
add_summary(JsonBuilder *b, const ha_sched_result_t *res)
{
    json_builder_set_member_name(b, "summary");
    json_builder_begin_array(b);
    for (guint i = 0; i < res->summary->len; i++) {
        const char *line = g_ptr_array_index(res->summary, i);
        g_auto(GStrv) words = NULL;
        g_autofree char *joined = NULL;
        GPtrArray *kept = g_ptr_array_new();

        line += strspn(line, " ");
        if (g_str_has_prefix(line, "* ")) {
            line += 2;
        }
        words = g_strsplit_set(line, " \t", -1);
        for (char **w = words; *w != NULL; w++) {
            if (**w != '\0') {
                g_ptr_array_add(kept, *w);
            }
        }
        g_ptr_array_add(kept, NULL);
        joined = g_strjoinv(" ", (char **) kept->pdata);
        g_ptr_array_free(kept, TRUE);
        json_builder_add_string_value(b, joined);
    }
    json_builder_end_array(b);
}

static void
add_action(JsonBuilder *b, const ha_sched_result_t *res,
           const struct ha_sched_action_info *a)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_add_int_value(b, a->id);
    add_string_or_null(b, "key", a->key);
    add_string_or_null(b, "task", a->task);
    json_builder_set_member_name(b, "interval_ms");
    json_builder_add_int_value(b, (gint64) a->interval_ms);
    add_string_or_null(b, "resource", a->rsc != HA_MODEL_NONE
                                      ? res->rscs[a->rsc].id : NULL);
    add_string_or_null(b, "node", node_name(res, a->node));
    add_bool(b, "pseudo", (a->flags & HA_ACTION_PSEUDO) != 0);
    json_builder_end_object(b);
}

/* The executed actions (@in_order: in execution order, else by id) and
 * the edges between them. */
static void
add_graph(JsonBuilder *b, const ha_sched_result_t *res, gboolean in_order)
{
    json_builder_set_member_name(b, "actions");
    json_builder_begin_array(b);
    if (in_order) {
        g_autoptr(GArray) order = ha_sched_result_exec_order(res);

        for (guint i = 0; i < order->len; i++) {
            add_action(b, res, &res->actions[g_array_index(order, guint, i)]);
        }
    } else {
        for (guint i = 0; i < res->n_actions; i++) {
            if (hactl_simulate_executed(&res->actions[i])) {
                add_action(b, res, &res->actions[i]);
            }
        }
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "edges");
    json_builder_begin_array(b);
    for (guint i = 0; i < res->n_edges; i++) {
        const struct ha_sched_edge *e = &res->edges[i];

        if (hactl_simulate_executed(&res->actions[e->first])
            && hactl_simulate_executed(&res->actions[e->then])) {
            json_builder_begin_array(b);
            json_builder_add_int_value(b, e->first);
            json_builder_add_int_value(b, e->then);
            json_builder_end_array(b);
        }
    }
    json_builder_end_array(b);
}

JsonNode *
hactl_simulate_json(const ha_sched_result_t *res, gboolean with_scores)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    add_nodes(b, res);
    add_resources(b, res);
    add_summary(b, res);
    add_graph(b, res, TRUE);
    if (with_scores && res->scores != NULL) {
        json_builder_set_member_name(b, "scores");
        json_builder_begin_array(b);
        for (guint i = 0; i < res->scores->len; i++) {
            json_builder_add_string_value(b, g_ptr_array_index(res->scores, i));
        }
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

JsonNode *
hactl_simulate_graph_json(const ha_sched_result_t *res)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    add_string_or_null(b, "format", "ha-transition-graph-1");
    add_graph(b, res, FALSE);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}
