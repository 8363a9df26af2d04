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
#include "hactl_clone_view.h"

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

static gboolean
is_disabled(GVariant *r)
{
    return g_ascii_strcasecmp(str_of(r, "target_role"), "Stopped") == 0;
}

static GVariant *
list_of(GVariant *st, const char *key)
{
    GVariant *v = g_variant_lookup_value(st, key, G_VARIANT_TYPE("aa{sv}"));

    return (v != NULL) ? v : g_variant_ref_sink(g_variant_new("aa{sv}", NULL));
}

static gboolean
is_active(GVariant *r)
{
    g_autoptr(GVariant) on = g_variant_lookup_value(r, "nodes",
                                                    G_VARIANT_TYPE("as"));

    return on != NULL && g_variant_n_children(on) > 0;
}

/* A resource removed from the configuration and active nowhere: history,
 * not a resource (crm_mon does not list it; Pacemaker deletes its
 * history and clears its fail counts). */
static gboolean
is_gone(GVariant *r)
{
    return bool_of(r, "orphan") && !is_active(r);
}

gboolean
hactl_status_rsc_known(GVariant *st, const char *rsc)
{
    g_autoptr(GVariant) rscs = list_of(st, "resources");
    g_autofree char *want = hactl_clone_base_id(rsc);
    GVariantIter it;
    GVariant *r;
    gboolean known = FALSE;

    g_variant_iter_init(&it, rscs);
    while (!known && (r = g_variant_iter_next_value(&it)) != NULL) {
        g_autofree char *base = hactl_clone_base_id(str_of(r, "id"));

        known = !is_gone(r) && strcmp(base, want) == 0;
        g_variant_unref(r);
    }
    return known;
}

GVariant *
hactl_status_failed_actions(GVariant *st)
{
    g_autoptr(GVariant) failed = list_of(st, "failed_actions");
    GVariantBuilder b;
    GVariantIter it;
    GVariant *f;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    g_variant_iter_init(&it, failed);
    while ((f = g_variant_iter_next_value(&it)) != NULL) {
        if (hactl_status_rsc_known(st, str_of(f, "rsc"))) {
            g_variant_builder_add_value(&b, f);
        }
        g_variant_unref(f);
    }
    return g_variant_ref_sink(g_variant_builder_end(&b));
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

/* Node names of st's "nodes" (borrowed from @st), NULL-terminated. */
static GPtrArray *
node_names(GVariant *st)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(st, "nodes",
                                                       G_VARIANT_TYPE("a(uss)"));
    GPtrArray *names = g_ptr_array_new();
    GVariantIter it;
    const char *name;

    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "(u&s&s)", NULL, &name, NULL)) {
            g_ptr_array_add(names, (gpointer) name);
        }
    }
    g_ptr_array_add(names, NULL);
    return names;
}

static gboolean
node_unclean(GVariant *st, const char *node)
{
    g_autoptr(GVariant) flags = list_of(st, "node_flags");
    GVariantIter it;
    GVariant *e;
    gboolean unclean = FALSE;

    g_variant_iter_init(&it, flags);
    while ((e = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(e, "name"), node) == 0) {
            unclean = bool_of(e, "unclean") && !bool_of(e, "online");
        }
        g_variant_unref(e);
    }
    return unclean;
}

static int
role_rank(const char *role)
{
    static const char *const order[] = { "Started", "Unpromoted",
                                         "Promoted", NULL };

    for (int i = 0; order[i] != NULL; i++) {
        if (strcmp(role, order[i]) == 0) {
            return i + 1;
        }
    }
    return 0;
}

/* Fold the primitive @p (an instance, or a member of one) into @inst and
 * its nodes (borrowed from @rscs) into @on; FALSE if it is inactive. */
static gboolean
instance_part(GVariant *p, struct hactl_clone_inst *inst, GPtrArray *on)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(p, "nodes",
                                                       G_VARIANT_TYPE("as"));
    gsize n = (nodes != NULL) ? g_variant_n_children(nodes) : 0;
    const char *role = str_of(p, "role");

    inst->failed |= bool_of(p, "failed");
    inst->managed &= bool_of(p, "managed");
    inst->orphan |= bool_of(p, "orphan");
    for (gsize i = 0; i < n; i++) {
        const char *name;

        g_variant_get_child(nodes, i, "&s", &name);
        if (!g_ptr_array_find_with_equal_func(on, name, g_str_equal, NULL)) {
            g_ptr_array_add(on, (gpointer) name);
        }
    }
    if (n > 0 && role_rank(role) > role_rank(inst->role)) {
        inst->role = role;
    }
    inst->active |= (n > 0);
    return n > 0;
}

/* Account for the instance @c of clone @clone in @v; TRUE if it is to be
 * printed on its own. */
static gboolean
clone_instance(GVariant *st, GVariant *rscs, GVariant *clone, GVariant *c,
               struct hactl_clone_view *v)
{
    struct hactl_clone_inst inst = {
        .role = "Started", .unique = bool_of(clone, "unique"),
        .managed = TRUE,
    };
    g_autoptr(GPtrArray) on = g_ptr_array_new();
    gboolean whole = TRUE;
    GVariantIter it;
    GVariant *m;

    if (strcmp(str_of(c, "kind"), "primitive") == 0) {
        whole = instance_part(c, &inst, on);
    } else {
        inst.failed = bool_of(c, "failed");
        g_variant_iter_init(&it, rscs);
        while ((m = g_variant_iter_next_value(&it)) != NULL) {
            if (strcmp(str_of(m, "parent"), str_of(c, "id")) == 0) {
                whole &= instance_part(m, &inst, on);
            }
            g_variant_unref(m);
        }
    }
    if (on->len == 1 && whole) {
        inst.node = g_ptr_array_index(on, 0);
        inst.node_unclean = node_unclean(st, inst.node);
    }
    g_ptr_array_add(on, NULL);
    return hactl_clone_view_add(v, &inst, (const char *const *) on->pdata);
}

/* The instances of @clone: grouped in @v, those printed on their own
 * returned (new references). */
static GPtrArray *
clone_view(GVariant *st, GVariant *rscs, GVariant *clone,
           struct hactl_clone_view *v)
{
    GPtrArray *alone = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_variant_unref);
    g_autoptr(GPtrArray) nodes = node_names(st);
    GVariantIter it;
    GVariant *c;

    hactl_clone_view_init(v);
    g_variant_iter_init(&it, rscs);
    while ((c = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(c, "parent"), str_of(clone, "id")) == 0
            && clone_instance(st, rscs, clone, c, v)) {
            g_ptr_array_add(alone, g_variant_ref(c));
        }
        g_variant_unref(c);
    }
    hactl_clone_view_finish(v, bool_of(clone, "unique")
                               ? NULL : (const char *const *) nodes->pdata);
    return alone;
}

/* The id of the clone's primitive (or group): its first instance's
 * without ":N" (caller frees). */
static char *
clone_base(GVariant *rscs, GVariant *clone)
{
    GVariantIter it;
    GVariant *c;
    char *base = NULL;

    g_variant_iter_init(&it, rscs);
    while (base == NULL && (c = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(c, "parent"), str_of(clone, "id")) == 0) {
            base = hactl_clone_base_id(str_of(c, "id"));
        }
        g_variant_unref(c);
    }
    return (base != NULL) ? base : g_strdup("");
}

static char *
rsc_flags(GVariant *r)
{
    GString *flags = g_string_new(NULL);

    if (!bool_of(r, "managed")) {
        g_string_append(flags, " (unmanaged)");
    }
    if (bool_of(r, "orphan")) {
        g_string_append(flags, " (orphan: no longer configured)");
    }
    if (is_disabled(r)) {
        g_string_append(flags, " (disabled)");
    }
    if (*str_of(r, "pending") != '\0') {
        g_string_append_printf(flags, " (%s pending)", str_of(r, "pending"));
    }
    return g_string_free(flags, FALSE);
}

static void print_rsc(GVariant *st, GVariant *rscs, GVariant *r,
                      const char *name, int depth);

static void
print_clone(GVariant *st, GVariant *rscs, GVariant *r, int depth)
{
    g_autofree char *base = clone_base(rscs, r);
    g_autofree char *header = hactl_clone_view_header(
        str_of(r, "id"), base, bool_of(r, "promotable"), bool_of(r, "unique"));
    g_autofree char *flags = rsc_flags(r);
    struct hactl_clone_view v;
    g_autoptr(GPtrArray) alone = clone_view(st, rscs, r, &v);

    printf("%*s* %s%s:\n", depth * 2, "", header, flags);
    for (guint i = 0; i < alone->len; i++) {
        GVariant *c = g_ptr_array_index(alone, i);

        print_rsc(st, rscs, c, bool_of(r, "unique") ? str_of(c, "id") : base,
                  depth + 1);
    }
    hactl_clone_view_print(stdout, &v, (depth + 1) * 2, is_disabled(r));
    hactl_clone_view_clear(&v);
}

/* @name: the id to show (an anonymous clone's instance: the base id). */
static void
print_rsc(GVariant *st, GVariant *rscs, GVariant *r, const char *name,
          int depth)
{
    const char *id = str_of(r, "id");
    const char *kind = str_of(r, "kind");
    g_autofree char *where = nodes_text(r);
    g_autofree char *flags = rsc_flags(r);
    GVariantIter it;
    GVariant *c;

    if (strcmp(kind, "primitive") == 0) {
        g_autofree char *label = g_strdup_printf("(%s)", str_of(r, "agent"));

        printf("%*s* %-14s %-28s %s%s%s%s\n", depth * 2, "", name, label,
               bool_of(r, "failed") ? "FAILED" : str_of(r, "role"),
               *where != '\0' ? " " : "", where, flags);
    } else if (strcmp(kind, "clone") == 0) {
        print_clone(st, rscs, r, depth);
    } else {
        printf("%*s* Group %s:%s\n", depth * 2, "", id, flags);
        g_variant_iter_init(&it, rscs);
        while ((c = g_variant_iter_next_value(&it)) != NULL) {
            if (strcmp(str_of(c, "parent"), id) == 0) {
                print_rsc(st, rscs, c, str_of(c, "id"), depth + 1);
            }
            g_variant_unref(c);
        }
    }
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
    g_autoptr(GVariant) failed = hactl_status_failed_actions(st);
    g_autoptr(GVariant) fencing = list_of(st, "fencing");
    GVariantIter it;
    GVariant *r;

    printf("Resources:\n");
    if (g_variant_n_children(rscs) == 0) {
        printf("  (none configured)\n");
    }
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        if (*str_of(r, "parent") == '\0' && !is_gone(r)) {
            print_rsc(st, rscs, r, str_of(r, "id"), 1);
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

/* A clone's "primitive", "unique" and its instances by role, as
 * `hactl status` prints them. */
static void
json_clone(JsonBuilder *b, GVariant *st, GVariant *rscs, GVariant *r)
{
    g_autofree char *base = clone_base(rscs, r);
    struct hactl_clone_view v;
    g_autoptr(GPtrArray) alone = clone_view(st, rscs, r, &v);

    json_builder_set_member_name(b, "primitive");
    json_builder_add_string_value(b, base);
    json_builder_set_member_name(b, "unique");
    json_builder_add_boolean_value(b, bool_of(r, "unique"));
    hactl_clone_view_json(b, &v);
    json_builder_set_member_name(b, "individual");
    json_builder_begin_array(b);
    for (guint i = 0; i < alone->len; i++) {
        json_builder_add_string_value(b, str_of(alone->pdata[i], "id"));
    }
    json_builder_end_array(b);
    hactl_clone_view_clear(&v);
}

static void
json_rsc(JsonBuilder *b, GVariant *st, GVariant *rscs, GVariant *r)
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
            json_clone(b, st, rscs, r);
        }
        json_builder_set_member_name(b, strcmp(kind, "group") == 0
                                        ? "members" : "instances");
        json_builder_begin_array(b);
        g_variant_iter_init(&it, rscs);
        while ((c = g_variant_iter_next_value(&it)) != NULL) {
            if (strcmp(str_of(c, "parent"), id) == 0 && !is_gone(c)) {
                json_rsc(b, st, rscs, c);
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
    g_autoptr(GVariant) failed = hactl_status_failed_actions(st);
    g_autoptr(GVariant) fencing = list_of(st, "fencing");
    const char *nqp = "stop";
    GVariantIter it;
    GVariant *r;

    json_builder_set_member_name(b, "resources");
    json_builder_begin_array(b);
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        if (*str_of(r, "parent") == '\0' && !is_gone(r)) {
            json_rsc(b, st, rscs, r);
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
