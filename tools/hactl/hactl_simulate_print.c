/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_simulate_print.c - text output of `hactl simulate`:
 * cluster status (before and after), transition summary, the executed
 * actions in order, and the graph as JSON or graphviz.
 *
 * The text follows crm_simulate's layout so that outputs can be compared
 * line by line with Pacemaker's.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hactl_clone_view.h"
#include "hactl_simulate.h"

static void
print_node_group(FILE *out, const char *label, GPtrArray *names)
{
    if (names->len == 0) {
        return;
    }
    fprintf(out, "    * %s: [", label);
    for (guint i = 0; i < names->len; i++) {
        fprintf(out, " %s", (const char *) g_ptr_array_index(names, i));
    }
    fprintf(out, " ]\n");
}

/* Whether a primitive is (revised: will be) active on node @n. */
static gboolean
hosts_resources(const ha_sched_result_t *res, guint n, gboolean revised)
{
    for (guint i = 0; i < res->n_rscs; i++) {
        const struct ha_sched_rsc_info *r = &res->rscs[i];

        if (revised && r->next_node == n) {
            return TRUE;
        }
        for (guint k = 0; !revised && k < r->n_running; k++) {
            if (r->running[k] == n) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

static void
print_nodes(FILE *out, const ha_sched_result_t *res, gboolean revised)
{
    g_autoptr(GPtrArray) online = g_ptr_array_new();
    g_autoptr(GPtrArray) offline = g_ptr_array_new();

    fprintf(out, "  * Node List:\n");
    for (guint n = 0; n < res->n_nodes; n++) {
        const struct ha_sched_node_info *node = &res->nodes[n];

        if (revised && node->fenced) {
            g_ptr_array_add(offline, (gpointer) node->name);
        } else if (node->unclean) {
            fprintf(out, "    * Node %s: UNCLEAN (%s)\n", node->name,
                    node->online ? "online" : "offline");
        } else if (node->pending) {
            fprintf(out, "    * Node %s: pending\n", node->name);
        } else if (node->online && node->standby) {
            fprintf(out, "    * Node %s: standby%s\n", node->name,
                    hosts_resources(res, n, revised)
                    ? " (with active resources)" : "");
        } else if (node->online && node->maintenance) {
            fprintf(out, "    * Node %s: maintenance\n", node->name);
        } else if (node->online) {
            g_ptr_array_add(online, (gpointer) node->name);
        } else {
            g_ptr_array_add(offline, (gpointer) node->name);
        }
    }
    print_node_group(out, "Online", online);
    print_node_group(out, "OFFLINE", offline);
    fprintf(out, "\n");
}

const char *
hactl_simulate_agent_name(const struct ha_sched_rsc_info *r, char *buf,
                          gsize len)
{
    if (r->provider != NULL) {
        g_snprintf(buf, len, "%s:%s:%s", r->klass, r->provider, r->type);
    } else {
        g_snprintf(buf, len, "%s:%s", r->klass ? r->klass : "?",
                   r->type ? r->type : "?");
    }
    return buf;
}

/* Where a primitive is (revised: where it will be). */
static void
primitive_state(const ha_sched_result_t *res,
                const struct ha_sched_rsc_info *r, gboolean revised,
                GString *s)
{
    guint n_on = revised ? (r->next_node != HA_MODEL_NONE) : r->n_running;

    if (n_on == 0) {
        g_string_append(s, "Stopped");
        return;
    }
    if (!revised && r->failed) {
        g_string_append(s, "FAILED");
    } else {
        g_string_append(s, ha_sched_role_name(
                               revised ? r->next_role
                                       : (r->role > HA_ROLE_STOPPED
                                          ? r->role : HA_ROLE_STARTED)));
    }
    if (revised) {
        g_string_append_printf(s, " %s", res->nodes[r->next_node].name);
    } else if (r->n_running == 1) {
        g_string_append_printf(s, " %s%s", res->nodes[r->running[0]].name,
                               res->nodes[r->running[0]].unclean
                               ? " (UNCLEAN)" : "");
    } else {
        g_string_append(s, " [");
        for (guint i = 0; i < r->n_running; i++) {
            g_string_append_printf(s, " %s", res->nodes[r->running[i]].name);
        }
        g_string_append(s, " ]");
    }
    if (!r->managed) {
        g_string_append(s, " (unmanaged)");
    }
}

static void
print_primitive(FILE *out, const ha_sched_result_t *res,
                const struct ha_sched_rsc_info *r, const char *name,
                gboolean revised, int indent)
{
    char agent[256];
    g_autoptr(GString) s = g_string_new(NULL);

    if (r->orphan && (revised ? r->next_node == HA_MODEL_NONE
                              : r->n_running == 0)) {
        return;
    }
    primitive_state(res, r, revised, s);
    fprintf(out, "%*s* %s\t(%s):\t %s%s\n", indent, "", name,
            hactl_simulate_agent_name(r, agent, sizeof(agent)), s->str,
            r->orphan ? " (ORPHANED)" : "");
}

static void print_rsc(FILE *out, const ha_sched_result_t *res, guint idx,
                      gboolean revised, int indent);

/* Where the primitive @r is (revised: will be) active: its nodes added to
 * @on; its role, failure and management folded into @inst. */
static void
instance_part(const ha_sched_result_t *res, const struct ha_sched_rsc_info *r,
              gboolean revised, struct hactl_clone_inst *inst, GPtrArray *on)
{
    guint n_on = revised ? (r->next_node != HA_MODEL_NONE) : r->n_running;
    enum ha_sched_role role = revised ? r->next_role : r->role;

    for (guint i = 0; i < r->n_children; i++) {
        instance_part(res, &res->rscs[r->children[i]], revised, inst, on);
    }
    if (r->kind != HA_SCHED_PRIMITIVE) {
        return;
    }
    inst->failed |= !revised && r->failed;
    inst->managed &= r->managed;
    inst->orphan |= r->orphan;
    for (guint i = 0; i < n_on; i++) {
        guint n = revised ? r->next_node : r->running[i];

        if (!g_ptr_array_find(on, res->nodes[n].name, NULL)) {
            g_ptr_array_add(on, (gpointer) res->nodes[n].name);
        }
        inst->node_unclean |= res->nodes[n].unclean && !res->nodes[n].online;
    }
    if (n_on > 0 && role > HA_ROLE_STARTED) {
        inst->role = ha_sched_role_name(role);
    }
    inst->active |= (n_on > 0);
}

/* Account for one instance in @v; TRUE if it is to be printed on its own. */
static gboolean
clone_instance(const ha_sched_result_t *res, const struct ha_sched_rsc_info *r,
               const struct ha_sched_rsc_info *c, gboolean revised,
               struct hactl_clone_view *v)
{
    struct hactl_clone_inst inst = {
        .role = "Started", .unique = r->unique, .managed = TRUE,
    };
    g_autoptr(GPtrArray) on = g_ptr_array_new();

    instance_part(res, c, revised, &inst, on);
    if (on->len == 1) {
        inst.node = g_ptr_array_index(on, 0);
    }
    if (c->kind != HA_SCHED_PRIMITIVE && inst.active) {
        /* a cloned group: wholly active only with every member there */
        for (guint i = 0; i < c->n_children; i++) {
            const struct ha_sched_rsc_info *m = &res->rscs[c->children[i]];

            if (revised ? m->next_node == HA_MODEL_NONE : m->n_running == 0) {
                inst.node = NULL;
            }
        }
    }
    g_ptr_array_add(on, NULL);
    return hactl_clone_view_add(v, &inst, (const char *const *) on->pdata);
}

static void
print_clone(FILE *out, const ha_sched_result_t *res,
            const struct ha_sched_rsc_info *r, gboolean revised, int indent)
{
    const struct ha_sched_rsc_info *tmpl = (r->n_children > 0)
                                           ? &res->rscs[r->children[0]] : r;
    g_autofree char *base = hactl_clone_base_id(tmpl->id);
    g_autofree char *header = hactl_clone_view_header(r->id, base,
                                                      r->promotable,
                                                      r->unique);
    g_autoptr(GPtrArray) nodes = g_ptr_array_new();
    struct hactl_clone_view v;

    hactl_clone_view_init(&v);
    fprintf(out, "%*s* %s:\n", indent, "", header);
    for (guint i = 0; i < r->n_children; i++) {
        const struct ha_sched_rsc_info *c = &res->rscs[r->children[i]];

        if (!clone_instance(res, r, c, revised, &v)) {
            continue;
        }
        if (c->kind == HA_SCHED_PRIMITIVE) {
            print_primitive(out, res, c, r->unique ? c->id : base, revised,
                            indent + 2);
        } else {
            print_rsc(out, res, r->children[i], revised, indent + 2);
        }
    }
    for (guint n = 0; n < res->n_nodes; n++) {
        g_ptr_array_add(nodes, (gpointer) res->nodes[n].name);
    }
    g_ptr_array_add(nodes, NULL);
    hactl_clone_view_finish(&v, r->unique ? NULL
                                : (const char *const *) nodes->pdata);
    hactl_clone_view_print(out, &v, indent + 2, FALSE);
    hactl_clone_view_clear(&v);
}

static void
print_rsc(FILE *out, const ha_sched_result_t *res, guint idx,
          gboolean revised, int indent)
{
    const struct ha_sched_rsc_info *r = &res->rscs[idx];

    switch (r->kind) {
    case HA_SCHED_PRIMITIVE:
        print_primitive(out, res, r, r->id, revised, indent);
        break;
    case HA_SCHED_GROUP:
        fprintf(out, "%*s* Resource Group: %s:\n", indent, "", r->id);
        for (guint i = 0; i < r->n_children; i++) {
            print_rsc(out, res, r->children[i], revised, indent + 2);
        }
        break;
    case HA_SCHED_CLONE:
        print_clone(out, res, r, revised, indent);
        break;
    }
}

void
hactl_simulate_print_status(FILE *out, const ha_sched_result_t *res,
                            gboolean revised)
{
    fprintf(out, "%s\n", revised ? "Revised Cluster Status:"
                                 : "Current cluster status:");
    print_nodes(out, res, revised);
    fprintf(out, "  * Full List of Resources:\n");
    for (guint i = 0; i < res->n_rscs; i++) {
        if (res->rscs[i].parent == HA_MODEL_NONE) {
            print_rsc(out, res, i, revised, 4);
        }
    }
}

void
hactl_simulate_print_summary(FILE *out, const ha_sched_result_t *res)
{
    fprintf(out, "\nTransition Summary:\n");
    for (guint i = 0; i < res->summary->len; i++) {
        fprintf(out, "%s\n", (const char *) g_ptr_array_index(res->summary, i));
    }
}

static const char *
task_label(const struct ha_sched_action_info *a, char *buf, gsize len)
{
    if ((strcmp(a->task, "monitor") == 0 || strcmp(a->task, "cancel") == 0)
        && a->interval_ms > 0) {
        g_snprintf(buf, len, "%s=%" G_GUINT64_FORMAT, a->task, a->interval_ms);
        return buf;
    }
    return a->task;
}

void
hactl_simulate_print_actions(FILE *out, const ha_sched_result_t *res)
{
    g_autoptr(GArray) order = ha_sched_result_exec_order(res);

    fprintf(out, "\nExecuting Cluster Transition:\n");
    for (guint i = 0; i < order->len; i++) {
        const struct ha_sched_action_info *a =
            &res->actions[g_array_index(order, guint, i)];
        char buf[64];

        if (strcmp(a->task, "stonith") == 0) {
            fprintf(out, "  * Fencing %s (%s)\n", res->nodes[a->node].name,
                    "reboot");
        } else if (a->flags & HA_ACTION_PSEUDO) {
            fprintf(out, "  * Pseudo action:   %s\n", a->key);
        } else if (a->rsc != HA_MODEL_NONE && a->node != HA_MODEL_NONE) {
            fprintf(out, "  * Resource action: %-15s %s on %s\n",
                    res->rscs[a->rsc].id, task_label(a, buf, sizeof(buf)),
                    res->nodes[a->node].name);
        }
    }
    fprintf(out, "\n");
}

static const char *
action_label(const ha_sched_result_t *res,
             const struct ha_sched_action_info *a, char *buf, gsize len)
{
    if (a->node != HA_MODEL_NONE) {
        g_snprintf(buf, len, "%s %s", a->key, res->nodes[a->node].name);
    } else {
        g_snprintf(buf, len, "%s", a->key);
    }
    return buf;
}

int
hactl_simulate_write_graph(const char *path, const ha_sched_result_t *res,
                           gboolean dot)
{
    FILE *out = fopen(path, "w");
    char b1[512], b2[512];

    if (out == NULL) {
        return -1;
    }
    if (!dot) {
        g_autoptr(JsonNode) graph = hactl_simulate_graph_json(res);
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autofree char *text = NULL;

        json_generator_set_root(gen, graph);
        json_generator_set_pretty(gen, TRUE);
        text = json_generator_to_data(gen, NULL);
        fprintf(out, "%s\n", text);
        return (fclose(out) == 0) ? 0 : -1;
    }
    fprintf(out, "digraph \"g\" {\n");
    for (guint i = 0; i < res->n_actions; i++) {
        const struct ha_sched_action_info *a = &res->actions[i];

        if (hactl_simulate_executed(a)) {
            fprintf(out, "\"%s\" [ style=bold color=\"%s\" fontcolor=\"%s\"]\n",
                    action_label(res, a, b1, sizeof(b1)),
                    (a->flags & HA_ACTION_PSEUDO) ? "orange" : "green",
                    "black");
        }
    }
    for (guint i = 0; i < res->n_edges; i++) {
        const struct ha_sched_edge *e = &res->edges[i];

        if (hactl_simulate_executed(&res->actions[e->first])
            && hactl_simulate_executed(&res->actions[e->then])) {
            fprintf(out, "\"%s\" -> \"%s\" [ style = bold]\n",
                    action_label(res, &res->actions[e->first], b1, sizeof(b1)),
                    action_label(res, &res->actions[e->then], b2, sizeof(b2)));
        }
    }
    fprintf(out, "}\n");
    return (fclose(out) == 0) ? 0 : -1;
}
