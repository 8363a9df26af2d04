/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_notify_meta.c - the data a clone notification carries:
 * Pacemaker's CRM_meta_notify_* meta attributes, computed from the final
 * flags of the run.
 *
 *   notify_type, notify_operation        pre/post, start/stop/...
 *   notify_key_type, notify_key_operation  pre/post, the op or, for post,
 *                                        its completion (running ...; after
 *                                        stops implied by fencing: stonith)
 *   notify_{start,stop,promote,demote}_{resource,uname}
 *                                        instances whose action is executed
 *   notify_active_*                      instances active now
 *   notify_inactive_resource             instances active nowhere now
 *   notify_{promoted,master}_*           instances promoted now
 *   notify_{unpromoted,slave}_*          instances unpromoted now
 *   notify_all_uname, notify_available_uname  every node, the nodes the
 *                                        clone is allowed on
 *
 * The instances' own start, stop, promote and demote carry the lists too
 * (not the type and operation), as in Pacemaker.
 *
 * Each list is space separated and sorted by instance id then node name;
 * a resource list and its uname list are in the same order.  An empty list
 * is " ", as Pacemaker passes it.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

struct entry {
    const char *rsc, *node;
};

static int
entry_cmp(gconstpointer pa, gconstpointer pb)
{
    const struct entry *a = pa, *b = pb;
    int c = strcmp(a->rsc, b->rsc);

    return (c != 0) ? c : g_strcmp0(a->node, b->node);
}

static void
set_list(GHashTable *meta, const char *name, GString *s)
{
    g_hash_table_insert(meta, g_strdup(name),
                        g_strdup(s->len > 0 ? s->str : " "));
}

/* Sets notify_@what_resource and (@with_uname) notify_@what_uname. */
static void
set_entries(GHashTable *meta, const char *what, GArray *list,
            gboolean with_uname)
{
    g_autoptr(GString) rscs = g_string_new(NULL);
    g_autoptr(GString) unames = g_string_new(NULL);
    g_autofree char *rkey = g_strdup_printf("notify_%s_resource", what);
    g_autofree char *ukey = g_strdup_printf("notify_%s_uname", what);

    g_array_sort(list, entry_cmp);
    for (guint i = 0; i < list->len; i++) {
        const struct entry *e = &g_array_index(list, struct entry, i);

        g_string_append_printf(rscs, "%s%s", i > 0 ? " " : "", e->rsc);
        g_string_append_printf(unames, "%s%s", i > 0 ? " " : "",
                               e->node != NULL ? e->node : "");
    }
    set_list(meta, rkey, rscs);
    if (with_uname) {
        set_list(meta, ukey, unames);
    }
}

static void
add_entry(GArray *list, const s_rsc *inst, const s_node *node)
{
    struct entry e = { inst->id, node != NULL ? node->name : NULL };

    g_array_append_val(list, e);
}

/* Instances whose @task (not recurring) is executed, with its node. */
static void
set_executed(GHashTable *meta, const s_rsc *clone, const char *task)
{
    g_autoptr(GArray) list = g_array_new(FALSE, FALSE, sizeof(struct entry));

    for (guint i = 0; i < clone->children->len; i++) {
        const s_rsc *inst = g_ptr_array_index(clone->children, i);

        for (guint k = 0; k < inst->actions->len; k++) {
            const s_action *a = g_ptr_array_index(inst->actions, k);

            if (a->interval_ms == 0 && a->node != NULL
                && (a->flags & AF_RUNNABLE) && !(a->flags & AF_OPTIONAL)
                && strcmp(a->task, task) == 0) {
                add_entry(list, inst, a->node);
            }
        }
    }
    set_entries(meta, task, list, TRUE);
}

/* Instances active now (@role HA_ROLE_UNKNOWN: in any role). */
static void
set_current(const sched_run *run, GHashTable *meta, const s_rsc *clone,
            enum ha_sched_role role, const char *const names[2])
{
    g_autoptr(GArray) list = g_array_new(FALSE, FALSE, sizeof(struct entry));

    for (guint i = 0; i < clone->children->len; i++) {
        const s_rsc *inst = g_ptr_array_index(clone->children, i);

        if (role != HA_ROLE_UNKNOWN && inst->role != role) {
            continue;
        }
        for (guint k = 0; k < inst->running->len; k++) {
            add_entry(list, inst,
                      &run->nodes[g_array_index(inst->running, guint, k)]);
        }
    }
    for (guint n = 0; n < 2 && names[n] != NULL; n++) {
        g_autoptr(GArray) copy = g_array_copy(list);

        set_entries(meta, names[n], copy, TRUE);
    }
}

static void
set_inactive(GHashTable *meta, const s_rsc *clone)
{
    g_autoptr(GArray) list = g_array_new(FALSE, FALSE, sizeof(struct entry));

    for (guint i = 0; i < clone->children->len; i++) {
        const s_rsc *inst = g_ptr_array_index(clone->children, i);

        if (inst->running->len == 0) {
            add_entry(list, inst, NULL);
        }
    }
    set_entries(meta, "inactive", list, FALSE);
}

static int
node_name_cmp(gconstpointer pa, gconstpointer pb)
{
    const s_node *a = *(const s_node *const *) pa;
    const s_node *b = *(const s_node *const *) pb;

    return strcmp(a->name, b->name);
}

/* Pacemaker's "available" nodes: those the clone is allowed on, whatever
 * their state (a node being fenced included). */
static void
set_nodes(const sched_run *run, const s_rsc *clone, GHashTable *meta)
{
    g_autoptr(GString) all = g_string_new(NULL);
    g_autoptr(GString) avail = g_string_new(NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (guint n = 0; n < run->n_nodes; n++) {
        g_ptr_array_add(names, (gpointer) &run->nodes[n]);
    }
    g_ptr_array_sort(names, node_name_cmp);
    for (guint n = 0; n < names->len; n++) {
        const s_node *node = g_ptr_array_index(names, n);

        g_string_append_printf(all, "%s%s", all->len > 0 ? " " : "",
                               node->name);
        if (clone->allowed == NULL || clone->allowed[node->idx]) {
            g_string_append_printf(avail, "%s%s", avail->len > 0 ? " " : "",
                                   node->name);
        }
    }
    set_list(meta, "notify_all_uname", all);
    set_list(meta, "notify_available_uname", avail);
}

static const char *
completion_of(const char *op)
{
    static const char *const pairs[][2] = {
        { "start", "running" }, { "stop", "stopped" },
        { "promote", "promoted" }, { "demote", "demoted" },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(pairs); i++) {
        if (strcmp(op, pairs[i][0]) == 0) {
            return pairs[i][1];
        }
    }
    return op;
}

static gboolean
is_clone_op(const s_action *a)
{
    static const char *const tasks[] = { "start", "stop", "promote",
                                         "demote" };

    for (gsize i = 0; i < G_N_ELEMENTS(tasks); i++) {
        if (a->interval_ms == 0 && strcmp(a->task, tasks[i]) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static void
set_lists(const sched_run *run, const s_rsc *clone, GHashTable *meta)
{
    static const char *const active[2] = { "active", NULL };
    static const char *const promoted[2] = { "promoted", "master" };
    static const char *const unpromoted[2] = { "unpromoted", "slave" };
    static const char *const tasks[] = { "start", "stop", "promote",
                                         "demote" };

    for (gsize i = 0; i < G_N_ELEMENTS(tasks); i++) {
        set_executed(meta, clone, tasks[i]);
    }
    set_current(run, meta, clone, HA_ROLE_UNKNOWN, active);
    set_current(run, meta, clone, HA_ROLE_PROMOTED, promoted);
    set_current(run, meta, clone, HA_ROLE_UNPROMOTED, unpromoted);
    set_inactive(meta, clone);
    set_nodes(run, clone, meta);
}

/* Does fencing stop an instance of @clone (a stop on a lost node)? */
static gboolean
fencing_stops(const s_rsc *clone)
{
    for (guint i = 0; i < clone->children->len; i++) {
        const s_rsc *inst = g_ptr_array_index(clone->children, i);

        for (guint k = 0; k < inst->actions->len; k++) {
            const s_action *a = g_ptr_array_index(inst->actions, k);

            if (a->node != NULL && a->node->unclean
                && strcmp(a->task, "stop") == 0
                && !(a->flags & AF_OPTIONAL)) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

/* notify_key_operation: the operation (pre), its completion (post); after
 * stops that fencing implies, "stonith" as Pacemaker says. */
static const char *
key_operation(const s_action *a, const s_rsc *clone)
{
    if (strcmp(a->notify_type, "post") != 0) {
        return a->notify_op;
    }
    if (strcmp(a->notify_op, "stop") == 0 && fencing_stops(clone)) {
        return "stonith";
    }
    return completion_of(a->notify_op);
}

void
sched_notify_meta(const sched_run *run, const s_action *a, GHashTable *meta)
{
    const s_rsc *clone = (a->rsc != NULL) ? a->rsc->parent : NULL;

    if (clone == NULL || clone->kind != HA_SCHED_CLONE) {
        return;
    }
    if (a->notify_type == NULL) {
        /* Pacemaker gives the instances' own start, stop, promote and
         * demote the lists too */
        if (is_clone_op(a) && sched_clone_notify(run, clone)) {
            set_lists(run, clone, meta);
        }
        return;
    }
    g_hash_table_insert(meta, g_strdup("notify_type"),
                        g_strdup(a->notify_type));
    g_hash_table_insert(meta, g_strdup("notify_operation"),
                        g_strdup(a->notify_op));
    g_hash_table_insert(meta, g_strdup("notify_key_type"),
                        g_strdup(a->notify_type));
    g_hash_table_insert(meta, g_strdup("notify_key_operation"),
                        g_strdup(key_operation(a, clone)));
    set_lists(run, clone, meta);
}
