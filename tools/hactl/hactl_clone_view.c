/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_clone_view.c - a clone as crm_mon shows it (see
 * hactl_clone_view.h).
 */
#include "config.h"

#include <string.h>

#include "hactl_clone_view.h"

void
hactl_clone_view_init(struct hactl_clone_view *v)
{
    v->promoted = g_ptr_array_new();
    v->unpromoted = g_ptr_array_new();
    v->started = g_ptr_array_new();
    v->stopped = g_ptr_array_new();
    v->active = g_hash_table_new(g_str_hash, g_str_equal);
}

void
hactl_clone_view_clear(struct hactl_clone_view *v)
{
    g_ptr_array_unref(v->promoted);
    g_ptr_array_unref(v->unpromoted);
    g_ptr_array_unref(v->started);
    g_ptr_array_unref(v->stopped);
    g_hash_table_unref(v->active);
}

gboolean
hactl_clone_view_add(struct hactl_clone_view *v,
                     const struct hactl_clone_inst *inst,
                     const char *const *active_nodes)
{
    for (guint i = 0; active_nodes != NULL && active_nodes[i] != NULL; i++) {
        g_hash_table_add(v->active, (gpointer) active_nodes[i]);
    }
    if (!inst->active) {
        /* an inactive instance is one of the stopped nodes, unless it
         * must be shown: one of a unique clone */
        return inst->unique && !inst->orphan;
    }
    if (inst->unique || inst->failed || !inst->managed || inst->orphan
        || inst->node == NULL || inst->node_unclean) {
        return TRUE;
    }
    if (strcmp(inst->role, "Promoted") == 0) {
        g_ptr_array_add(v->promoted, (gpointer) inst->node);
    } else if (strcmp(inst->role, "Unpromoted") == 0) {
        g_ptr_array_add(v->unpromoted, (gpointer) inst->node);
    } else {
        g_ptr_array_add(v->started, (gpointer) inst->node);
    }
    return FALSE;
}

/* Node names in natural order: "node2" before "node10". */
static int
name_cmp(gconstpointer a, gconstpointer b)
{
    const char *x = *(const char *const *) a;
    const char *y = *(const char *const *) b;

    while (*x != '\0' && *y != '\0') {
        if (g_ascii_isdigit(*x) && g_ascii_isdigit(*y)) {
            char *ex, *ey;
            guint64 nx = g_ascii_strtoull(x, &ex, 10);
            guint64 ny = g_ascii_strtoull(y, &ey, 10);

            if (nx != ny) {
                return (nx > ny) - (nx < ny);
            }
            x = ex;
            y = ey;
            continue;
        }
        if (g_ascii_tolower(*x) != g_ascii_tolower(*y)) {
            return g_ascii_tolower(*x) - g_ascii_tolower(*y);
        }
        x++;
        y++;
    }
    return (*x != '\0') - (*y != '\0');
}

void
hactl_clone_view_finish(struct hactl_clone_view *v, const char *const *nodes)
{
    for (guint i = 0; nodes != NULL && nodes[i] != NULL; i++) {
        if (!g_hash_table_contains(v->active, nodes[i])) {
            g_ptr_array_add(v->stopped, (gpointer) nodes[i]);
        }
    }
    g_ptr_array_sort(v->promoted, name_cmp);
    g_ptr_array_sort(v->unpromoted, name_cmp);
    g_ptr_array_sort(v->started, name_cmp);
    g_ptr_array_sort(v->stopped, name_cmp);
}

char *
hactl_clone_view_header(const char *id, const char *base,
                        gboolean promotable, gboolean unique)
{
    return g_strdup_printf("Clone Set: %s [%s]%s%s", id, base,
                           promotable ? " (promotable)" : "",
                           unique ? " (unique)" : "");
}

static void
print_list(FILE *out, int indent, const char *label, GPtrArray *names)
{
    if (names->len == 0) {
        return;
    }
    fprintf(out, "%*s* %s: [", indent, "", label);
    for (guint i = 0; i < names->len; i++) {
        fprintf(out, " %s", (const char *) g_ptr_array_index(names, i));
    }
    fprintf(out, " ]\n");
}

void
hactl_clone_view_print(FILE *out, const struct hactl_clone_view *v,
                       int indent, gboolean disabled)
{
    print_list(out, indent, "Promoted", v->promoted);
    print_list(out, indent, "Unpromoted", v->unpromoted);
    print_list(out, indent, "Started", v->started);
    print_list(out, indent, disabled ? "Stopped (disabled)" : "Stopped",
               v->stopped);
}

static void
json_list(JsonBuilder *b, const char *name, GPtrArray *names)
{
    json_builder_set_member_name(b, name);
    json_builder_begin_array(b);
    for (guint i = 0; i < names->len; i++) {
        json_builder_add_string_value(b, g_ptr_array_index(names, i));
    }
    json_builder_end_array(b);
}

void
hactl_clone_view_json(JsonBuilder *b, const struct hactl_clone_view *v)
{
    json_list(b, "promoted", v->promoted);
    json_list(b, "unpromoted", v->unpromoted);
    json_list(b, "started", v->started);
    json_list(b, "stopped", v->stopped);
}

char *
hactl_clone_base_id(const char *id)
{
    const char *colon = strrchr(id, ':');

    return (colon != NULL) ? g_strndup(id, colon - id) : g_strdup(id);
}
