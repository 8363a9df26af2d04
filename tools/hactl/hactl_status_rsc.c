/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_status_rsc.c - the resource part of `hactl status`:
 * resources by group and clone with role and node, failed actions with
 * their exit reasons, the fencing history; as text and as JSON members
 * "resources" (tree: groups have "members", clones "instances"),
 * "failed_actions", "fencing", "settled".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hactl.h"

static const char *
str_of(GVariant *d, const char *key)
{
    const char *v = "";

    (void) g_variant_lookup(d, key, "&s", &v);
    return v;
}

static gboolean
bool_of(GVariant *d, const char *key)
{
    gboolean v = FALSE;

    (void) g_variant_lookup(d, key, "b", &v);
    return v;
}

static GVariant *
list_of(GVariant *st, const char *key)
{
    GVariant *v = g_variant_lookup_value(st, key, G_VARIANT_TYPE("aa{sv}"));

    return (v != NULL) ? v : g_variant_ref_sink(g_variant_new("aa{sv}", NULL));
}

static char *
nodes_text(GVariant *r)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(r, "nodes",
                                                       G_VARIANT_TYPE("as"));
    g_autofree const char **v = (nodes != NULL)
                                ? g_variant_get_strv(nodes, NULL) : NULL;

    return g_strjoinv(" ", (char **) (v != NULL ? v : (const char *[]) { NULL }));
}

static void
print_rsc(GVariant *rscs, GVariant *r, int depth)
{
    const char *id = str_of(r, "id");
    const char *kind = str_of(r, "kind");
    g_autofree char *where = nodes_text(r);
    const char *role = str_of(r, "role");
    GString *flags = g_string_new(NULL);
    GVariantIter it;
    GVariant *c;

    if (!bool_of(r, "managed")) {
        g_string_append(flags, " (unmanaged)");
    }
    if (bool_of(r, "orphan")) {
        g_string_append(flags, " (orphan: no longer configured)");
    }
    if (g_ascii_strcasecmp(str_of(r, "target_role"), "Stopped") == 0) {
        g_string_append(flags, " (disabled)");
    }
    if (*str_of(r, "pending") != '\0') {
        g_string_append_printf(flags, " (%s pending)", str_of(r, "pending"));
    }
    if (strcmp(kind, "primitive") == 0) {
        g_autofree char *label = g_strdup_printf("(%s)", str_of(r, "agent"));

        printf("%*s* %-14s %-28s %s%s%s%s\n", depth * 2, "", id, label,
               bool_of(r, "failed") ? "FAILED" : role,
               *where != '\0' ? " " : "", where, flags->str);
    } else {
        printf("%*s* %s %s%s:%s\n", depth * 2, "",
               strcmp(kind, "group") == 0 ? "Group"
               : (bool_of(r, "promotable") ? "Promotable clone" : "Clone"),
               id, "", flags->str);
        g_variant_iter_init(&it, rscs);
        while ((c = g_variant_iter_next_value(&it)) != NULL) {
            if (strcmp(str_of(c, "parent"), id) == 0) {
                print_rsc(rscs, c, depth + 1);
            }
            g_variant_unref(c);
        }
    }
    g_string_free(flags, TRUE);
}

static char *
when_text(gint64 epoch)
{
    g_autoptr(GDateTime) dt = (epoch > 0)
                              ? g_date_time_new_from_unix_local(epoch) : NULL;

    return (dt != NULL) ? g_date_time_format(dt, "%Y-%m-%d %H:%M:%S")
                        : g_strdup("?");
}

void
hactl_status_print_resources(GVariant *st)
{
    g_autoptr(GVariant) rscs = list_of(st, "resources");
    g_autoptr(GVariant) failed = list_of(st, "failed_actions");
    g_autoptr(GVariant) fencing = list_of(st, "fencing");
    GVariantIter it;
    GVariant *r;

    printf("Resources:\n");
    if (g_variant_n_children(rscs) == 0) {
        printf("  (none configured)\n");
    }
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        g_autoptr(GVariant) on = g_variant_lookup_value(r, "nodes",
                                                        G_VARIANT_TYPE("as"));

        /* like crm_mon: a stopped orphan is history, not a resource */
        if (*str_of(r, "parent") == '\0'
            && !(bool_of(r, "orphan")
                 && (on == NULL || g_variant_n_children(on) == 0))) {
            print_rsc(rscs, r, 1);
        }
        g_variant_unref(r);
    }
    if (g_variant_n_children(failed) > 0) {
        printf("Failed actions:\n");
        g_variant_iter_init(&it, failed);
        while ((r = g_variant_iter_next_value(&it)) != NULL) {
            guint64 interval = 0;
            gint32 rc = 0;
            gint64 when = 0;
            g_autofree char *at = NULL;

            (void) g_variant_lookup(r, "interval_ms", "t", &interval);
            (void) g_variant_lookup(r, "rc", "i", &rc);
            (void) g_variant_lookup(r, "last_rc_change", "x", &when);
            at = when_text(when);
            g_autofree char *every = (interval > 0)
                ? g_strdup_printf(" (%" G_GUINT64_FORMAT " ms)", interval)
                : g_strdup("");
            const char *status = str_of(r, "status");
            const char *reason = str_of(r, "reason");

            printf("  * %s %s%s on %s: %s (rc %d%s%s)%s%s%s at %s\n",
                   str_of(r, "rsc"), str_of(r, "task"), every,
                   str_of(r, "node"), str_of(r, "rc_text"), rc,
                   strcmp(status, "complete") != 0 && *status != '\0'
                   ? ", " : "",
                   strcmp(status, "complete") != 0 ? status : "",
                   *reason != '\0' ? " '" : "", reason,
                   *reason != '\0' ? "'" : "", at);
            g_variant_unref(r);
        }
    }
    if (g_variant_n_children(fencing) > 0) {
        printf("Fencing:\n");
        g_variant_iter_init(&it, fencing);
        while ((r = g_variant_iter_next_value(&it)) != NULL) {
            gint64 when = 0;
            g_autofree char *at = NULL;

            (void) g_variant_lookup(r, "completed", "x", &when);
            at = when_text(when);
            printf("  * %s %s %s%s%s%s%s%s at %s, asked by %s%s%s\n",
                   str_of(r, "target"), str_of(r, "action"),
                   str_of(r, "state"),
                   *str_of(r, "delegate") != '\0' ? " by " : "",
                   str_of(r, "delegate"),
                   *str_of(r, "device") != '\0' ? " (" : "",
                   str_of(r, "device"),
                   *str_of(r, "device") != '\0' ? ")" : "",
                   when > 0 ? at : "(pending)", str_of(r, "origin"),
                   *str_of(r, "reason") != '\0' ? ": " : "",
                   str_of(r, "reason"));
            g_variant_unref(r);
        }
    }
}

/* ---- JSON ---- */

static void
json_rsc(JsonBuilder *b, GVariant *rscs, GVariant *r)
{
    const char *id = str_of(r, "id");
    const char *kind = str_of(r, "kind");
    g_autoptr(GVariant) nodes = g_variant_lookup_value(r, "nodes",
                                                       G_VARIANT_TYPE("as"));
    GVariantIter it;
    GVariant *c;
    const char *n;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, id);
    json_builder_set_member_name(b, "kind");
    json_builder_add_string_value(b, kind);
    if (strcmp(kind, "primitive") == 0) {
        json_builder_set_member_name(b, "agent");
        json_builder_add_string_value(b, str_of(r, "agent"));
    }
    json_builder_set_member_name(b, "role");
    json_builder_add_string_value(b, str_of(r, "role"));
    json_builder_set_member_name(b, "nodes");
    json_builder_begin_array(b);
    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "&s", &n)) {
            json_builder_add_string_value(b, n);
        }
    }
    json_builder_end_array(b);
    if (nodes != NULL && g_variant_n_children(nodes) == 1) {
        g_variant_get_child(nodes, 0, "&s", &n);
        json_builder_set_member_name(b, "node");
        json_builder_add_string_value(b, n);
    }
    json_builder_set_member_name(b, "target_role");
    json_builder_add_string_value(b, str_of(r, "target_role"));
    json_builder_set_member_name(b, "managed");
    json_builder_add_boolean_value(b, bool_of(r, "managed"));
    json_builder_set_member_name(b, "failed");
    json_builder_add_boolean_value(b, bool_of(r, "failed"));
    json_builder_set_member_name(b, "orphan");
    json_builder_add_boolean_value(b, bool_of(r, "orphan"));
    if (*str_of(r, "pending") != '\0') {
        json_builder_set_member_name(b, "pending");
        json_builder_add_string_value(b, str_of(r, "pending"));
    }
    if (strcmp(kind, "primitive") != 0) {
        if (strcmp(kind, "clone") == 0) {
            json_builder_set_member_name(b, "promotable");
            json_builder_add_boolean_value(b, bool_of(r, "promotable"));
        }
        json_builder_set_member_name(b, strcmp(kind, "group") == 0
                                        ? "members" : "instances");
        json_builder_begin_array(b);
        g_variant_iter_init(&it, rscs);
        while ((c = g_variant_iter_next_value(&it)) != NULL) {
            if (strcmp(str_of(c, "parent"), id) == 0) {
                json_rsc(b, rscs, c);
            }
            g_variant_unref(c);
        }
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
}

/* A list of a{sv} as an array of objects (json-glib's GVariant mapping). */
static void
json_list(JsonBuilder *b, const char *name, GVariant *list)
{
    json_builder_set_member_name(b, name);
    json_builder_add_value(b, json_gvariant_serialize(list));
}

void
hactl_status_json_resources(GVariant *st, JsonBuilder *b)
{
    g_autoptr(GVariant) rscs = list_of(st, "resources");
    g_autoptr(GVariant) failed = list_of(st, "failed_actions");
    g_autoptr(GVariant) fencing = list_of(st, "fencing");
    const char *nqp = "stop";
    GVariantIter it;
    GVariant *r;

    json_builder_set_member_name(b, "resources");
    json_builder_begin_array(b);
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        if (*str_of(r, "parent") == '\0') {
            json_rsc(b, rscs, r);
        }
        g_variant_unref(r);
    }
    json_builder_end_array(b);
    json_list(b, "failed_actions", failed);
    json_list(b, "fencing", fencing);
    json_builder_set_member_name(b, "settled");
    json_builder_add_boolean_value(b, bool_of(st, "settled"));
    json_builder_set_member_name(b, "stonith_enabled");
    json_builder_add_boolean_value(b, bool_of(st, "stonith_enabled"));
    (void) g_variant_lookup(st, "no_quorum_policy", "&s", &nqp);
    json_builder_set_member_name(b, "no_quorum_policy");
    json_builder_add_string_value(b, nqp);
}

/* ---- node flags ---- */

static GVariant *
node_entry(GVariant *st, const char *node)
{
    g_autoptr(GVariant) flags = list_of(st, "node_flags");
    GVariantIter it;
    GVariant *e;

    g_variant_iter_init(&it, flags);
    while ((e = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(e, "name"), node) == 0) {
            return e;
        }
        g_variant_unref(e);
    }
    return NULL;
}

char *
hactl_status_node_flags(GVariant *st, const char *node)
{
    g_autoptr(GVariant) e = node_entry(st, node);
    g_autoptr(GPtrArray) words = g_ptr_array_new();
    g_autofree char *joined = NULL;

    if (e == NULL) {
        return g_strdup("");
    }
    if (bool_of(e, "standby")) {
        g_ptr_array_add(words, (gpointer) "standby");
    }
    if (bool_of(e, "maintenance")) {
        g_ptr_array_add(words, (gpointer) "maintenance");
    }
    if (bool_of(e, "unclean")) {
        g_ptr_array_add(words, (gpointer) "UNCLEAN");
    }
    if (words->len == 0) {
        return g_strdup("");
    }
    g_ptr_array_add(words, NULL);
    joined = g_strjoinv(", ", (char **) words->pdata);
    return g_strdup_printf(" (%s)", joined);
}

void
hactl_status_json_node_flags(GVariant *st, const char *node, JsonBuilder *b)
{
    g_autoptr(GVariant) e = node_entry(st, node);

    json_builder_set_member_name(b, "standby");
    json_builder_add_boolean_value(b, e != NULL && bool_of(e, "standby"));
    json_builder_set_member_name(b, "maintenance");
    json_builder_add_boolean_value(b, e != NULL && bool_of(e, "maintenance"));
    json_builder_set_member_name(b, "unclean");
    json_builder_add_boolean_value(b, e != NULL && bool_of(e, "unclean"));
}
