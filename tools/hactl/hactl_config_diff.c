/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_config_diff.c - what changed between two
 * configurations, element by element (see hactl_config.h).  Pure: no I/O
 * besides the printers' stream.
 *
 * Each side is flattened into items (a property, a node, a resource, a
 * constraint ...), each a sorted list of name -> value: the element's own
 * attributes, its nvpairs as "param NAME" / "meta NAME" / "utilization
 * NAME", its operations as "op NAME INTERVAL", the ids of its child
 * resources as "members", and any other child as its XML.  Items are
 * matched by kind and id and their lists compared.
 */
#include "config.h"

#include <string.h>

#include "common/xml.h"
#include "hactl_config.h"

/* One flattened element. */
struct flat {
    const char *kind;
    char *id;
    char *what;
    GTree *attrs;       /* char * name -> char * value (owned) */
};

static void
flat_free(gpointer p)
{
    struct flat *f = p;

    g_free(f->id);
    g_free(f->what);
    g_tree_unref(f->attrs);
    g_free(f);
}

static gint
key_cmp(gconstpointer a, gconstpointer b, gpointer unused)
{
    return strcmp(a, b);
}

static struct flat *
flat_new(const char *kind, const char *id, const char *what)
{
    struct flat *f = g_new0(struct flat, 1);

    f->kind = kind;
    f->id = g_strdup(id);
    f->what = g_strdup(what);
    f->attrs = g_tree_new_full(key_cmp, NULL, g_free, g_free);
    return f;
}

/* Set @name, or "@name (@alt)" when @name is already taken. */
static void
flat_set(struct flat *f, const char *name, const char *alt, const char *value)
{
    char *key = g_strdup(name);

    if (g_tree_lookup(f->attrs, key) != NULL) {
        g_free(key);
        key = g_strdup_printf("%s (%s)", name, alt != NULL ? alt : "again");
    }
    g_tree_replace(f->attrs, key, g_strdup(value));
}

static gboolean
is_resource(const xmlNode *n)
{
    return ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
           || ha_xml_is(n, "clone") || ha_xml_is(n, "master")
           || ha_xml_is(n, "bundle") || ha_xml_is(n, "template");
}

/* "k=v k=v" of @n's attributes except those in @skip (NULL-terminated),
 * then its nvpairs. */
static char *
attr_line(const xmlNode *n, const char *const *skip)
{
    GString *s = g_string_new(NULL);

    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        gboolean skipped = FALSE;
        const char *v = ha_xml_attr(n, (const char *) a->name);

        for (guint i = 0; skip != NULL && skip[i] != NULL; i++) {
            skipped |= strcmp((const char *) a->name, skip[i]) == 0;
        }
        if (!skipped) {
            g_string_append_printf(s, "%s%s=%s", s->len > 0 ? " " : "",
                                   (const char *) a->name, v);
        }
    }
    for (const xmlNode *set = ha_xml_first_child(n, NULL); set != NULL;
         set = ha_xml_next(set, NULL)) {
        for (const xmlNode *nv = ha_xml_first_child(set, "nvpair");
             nv != NULL; nv = ha_xml_next(nv, "nvpair")) {
            g_string_append_printf(s, "%s%s=%s", s->len > 0 ? " " : "",
                                   ha_xml_attr(nv, "name"),
                                   ha_xml_attr(nv, "value"));
        }
    }
    return g_string_free(s, FALSE);
}

static const char *
set_prefix(const xmlNode *c)
{
    if (ha_xml_is(c, "instance_attributes")) {
        return "param";
    }
    if (ha_xml_is(c, "meta_attributes")) {
        return "meta";
    }
    if (ha_xml_is(c, "utilization")) {
        return "utilization";
    }
    return NULL;
}

static void
flatten_set(struct flat *f, const xmlNode *set, const char *prefix)
{
    const char *set_id = ha_xml_attr(set, "id");

    for (const xmlNode *c = ha_xml_first_child(set, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        g_autofree char *key = NULL;

        if (ha_xml_is(c, "nvpair")) {
            key = g_strdup_printf("%s %s", prefix, ha_xml_attr(c, "name"));
            flat_set(f, key, set_id, ha_xml_attr(c, "value") != NULL
                                     ? ha_xml_attr(c, "value") : "");
        } else {
            g_autofree char *xml = ha_xml_dump(c, FALSE);

            key = g_strdup_printf("%s %s %s", prefix, (const char *) c->name,
                                  set_id != NULL ? set_id : "");
            flat_set(f, key, NULL, xml);
        }
    }
}

static void
flatten_ops(struct flat *f, const xmlNode *ops)
{
    static const char *const skip[] = { "id", "name", "interval", NULL };

    for (const xmlNode *op = ha_xml_first_child(ops, "op"); op != NULL;
         op = ha_xml_next(op, "op")) {
        g_autofree char *key = g_strdup_printf("op %s %s",
                                               ha_xml_attr(op, "name"),
                                               ha_xml_attr(op, "interval")
                                               != NULL
                                               ? ha_xml_attr(op, "interval")
                                               : "0");
        g_autofree char *line = attr_line(op, skip);

        flat_set(f, key, ha_xml_attr(op, "id"),
                 *line != '\0' ? line : "(defaults)");
    }
}

static struct flat *
flatten(const char *kind, const char *id, const xmlNode *n)
{
    static const char *const skip_id[] = { "id", NULL };
    g_autofree char *what = NULL;
    g_autoptr(GString) members = g_string_new(NULL);
    struct flat *f;
    guint other = 0;

    if (ha_xml_is(n, "primitive") && ha_xml_attr(n, "class") != NULL) {
        what = g_strdup_printf("primitive %s%s%s:%s", ha_xml_attr(n, "class"),
                               ha_xml_attr(n, "provider") != NULL ? ":" : "",
                               ha_xml_attr(n, "provider") != NULL
                               ? ha_xml_attr(n, "provider") : "",
                               ha_xml_attr(n, "type"));
    }
    f = flat_new(kind, id, what != NULL ? what : (const char *) n->name);
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        const char *v = ha_xml_attr(n, (const char *) a->name);

        if (strcmp((const char *) a->name, "id") != 0) {
            flat_set(f, (const char *) a->name, NULL, v != NULL ? v : "");
        }
    }
    for (const xmlNode *c = ha_xml_first_child(n, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (set_prefix(c) != NULL) {
            flatten_set(f, c, set_prefix(c));
        } else if (ha_xml_is(c, "operations")) {
            flatten_ops(f, c);
        } else if (is_resource(c)) {
            g_string_append_printf(members, "%s%s", members->len > 0 ? " " : "",
                                   ha_xml_attr(c, "id"));
        } else if (ha_xml_is(c, "resource_set")) {
            g_autofree char *key = g_strdup_printf("set %s",
                                                   ha_xml_attr(c, "id"));
            g_autofree char *line = attr_line(c, skip_id);
            GString *v = g_string_new(line);

            g_string_append(v, *line != '\0' ? ":" : "");
            for (const xmlNode *r = ha_xml_first_child(c, "resource_ref");
                 r != NULL; r = ha_xml_next(r, "resource_ref")) {
                g_string_append_printf(v, " %s", ha_xml_attr(r, "id"));
            }
            flat_set(f, key, NULL, v->str);
            g_string_free(v, TRUE);
        } else {
            g_autofree char *key = NULL;
            g_autofree char *xml = ha_xml_dump(c, FALSE);

            if (ha_xml_attr(c, "id") != NULL) {
                key = g_strdup_printf("%s %s", (const char *) c->name,
                                      ha_xml_attr(c, "id"));
            } else {
                key = g_strdup_printf("%s #%u", (const char *) c->name,
                                      ++other);
            }
            flat_set(f, key, NULL, xml);
        }
    }
    if (members->len > 0) {
        flat_set(f, "members", NULL, members->str);
    }
    return f;
}

/* ---- the items of one configuration ------------------------------------ */

static void
collect_nvpairs(GPtrArray *out, const xmlNode *sec, const char *kind)
{
    for (const xmlNode *set = ha_xml_first_child(sec, NULL); set != NULL;
         set = ha_xml_next(set, NULL)) {
        for (const xmlNode *nv = ha_xml_first_child(set, "nvpair");
             nv != NULL; nv = ha_xml_next(nv, "nvpair")) {
            const char *name = ha_xml_attr(nv, "name");
            struct flat *f = flat_new(kind, name, "nvpair");

            flat_set(f, "value", NULL, ha_xml_attr(nv, "value") != NULL
                                       ? ha_xml_attr(nv, "value") : "");
            g_ptr_array_add(out, f);
        }
    }
}

static void
collect_resources(GPtrArray *out, const xmlNode *parent)
{
    for (const xmlNode *c = ha_xml_first_child(parent, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (is_resource(c)) {
            g_ptr_array_add(out, flatten("resource", ha_xml_attr(c, "id"), c));
            collect_resources(out, c);
        }
    }
}

static void
collect_children(GPtrArray *out, const xmlNode *sec, const char *kind)
{
    guint i = 0;

    for (const xmlNode *c = ha_xml_first_child(sec, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        const char *id = ha_xml_attr(c, "id");
        g_autofree char *nth = g_strdup_printf("#%u", ++i);

        if (ha_xml_is(c, "node") && ha_xml_attr(c, "uname") != NULL) {
            id = ha_xml_attr(c, "uname");
        }
        /* interned: items outlive the document */
        g_ptr_array_add(out, flatten(kind != NULL ? kind
                                     : g_intern_string((const char *) c->name),
                                     id != NULL ? id : nth, c));
    }
}

/* The sections in the order they are reported. */
static const char *const sections[] = {
    "crm_config", "nodes", "resources", "constraints", "fencing-topology",
    "rsc_defaults", "op_defaults",
};

/* Items of one section of @cfg (in document order). */
static GPtrArray *
collect(const xmlNode *cfg, const char *section)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(flat_free);
    const xmlNode *sec = (cfg != NULL) ? ha_xml_first_child(cfg, section)
                                       : NULL;

    if (sec == NULL) {
        return out;
    }
    if (strcmp(section, "crm_config") == 0) {
        collect_nvpairs(out, sec, "property");
    } else if (strcmp(section, "rsc_defaults") == 0
               || strcmp(section, "op_defaults") == 0) {
        collect_nvpairs(out, sec, ha_xml_is(sec, "rsc_defaults")
                                  ? "rsc_defaults" : "op_defaults");
    } else if (strcmp(section, "nodes") == 0) {
        collect_children(out, sec, "node");
    } else if (strcmp(section, "resources") == 0) {
        collect_resources(out, sec);
    } else if (strcmp(section, "constraints") == 0) {
        collect_children(out, sec, "constraint");
    } else if (strcmp(section, "fencing-topology") == 0) {
        collect_children(out, sec, "fencing-level");
    } else {
        collect_children(out, sec, NULL);
    }
    return out;
}

/* Section names of @cfg not in sections[] (tags, alerts, acls ...). */
static void
other_sections(const xmlNode *cfg, GPtrArray *names)
{
    for (const xmlNode *c = ha_xml_first_child(cfg, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        gboolean known = FALSE;

        for (guint i = 0; i < G_N_ELEMENTS(sections); i++) {
            known |= ha_xml_is(c, sections[i]);
        }
        for (guint i = 0; i < names->len; i++) {
            known |= ha_xml_is(c, names->pdata[i]);
        }
        if (!known) {
            g_ptr_array_add(names, (gpointer) c->name);
        }
    }
}

/* ---- comparison -------------------------------------------------------- */

static void
item_free(gpointer p)
{
    struct hactl_diff_item *it = p;

    g_free(it->id);
    g_free(it->what);
    g_ptr_array_unref(it->attrs);
    g_free(it);
}

static void
attr_free(gpointer p)
{
    struct hactl_diff_attr *a = p;

    g_free(a->name);
    g_free(a->old_value);
    g_free(a->new_value);
    g_free(a);
}

static void
attr_add(GPtrArray *attrs, const char *name, const char *old_value,
         const char *new_value)
{
    struct hactl_diff_attr *a = g_new0(struct hactl_diff_attr, 1);

    a->name = g_strdup(name);
    a->old_value = g_strdup(old_value);
    a->new_value = g_strdup(new_value);
    g_ptr_array_add(attrs, a);
}

static struct hactl_diff_item *
item_new(enum hactl_diff_change change, const struct flat *f)
{
    struct hactl_diff_item *it = g_new0(struct hactl_diff_item, 1);

    it->change = change;
    it->kind = f->kind;
    it->id = g_strdup(f->id);
    it->what = g_strdup(f->what);
    it->attrs = g_ptr_array_new_with_free_func(attr_free);
    return it;
}

struct walk {
    GTree *other;
    GPtrArray *attrs;
    gboolean old_side;
};

/* For each attribute of one side: the value on the other side. */
static gboolean
walk_attr(gpointer key, gpointer value, gpointer data)
{
    struct walk *w = data;
    const char *there = (w->other != NULL) ? g_tree_lookup(w->other, key)
                                           : NULL;

    if (w->old_side && g_strcmp0(there, value) != 0) {
        attr_add(w->attrs, key, value, there);
    } else if (!w->old_side && there == NULL) {
        attr_add(w->attrs, key, NULL, value);
    }
    return FALSE;
}

static int
attr_cmp(gconstpointer a, gconstpointer b)
{
    const struct hactl_diff_attr *x = *(struct hactl_diff_attr *const *) a;
    const struct hactl_diff_attr *y = *(struct hactl_diff_attr *const *) b;

    return strcmp(x->name, y->name);
}

/* The attributes that differ between @o and @n (either may be NULL). */
static void
compare(const struct flat *o, const struct flat *n, GPtrArray *attrs)
{
    struct walk w = { .attrs = attrs };

    if (o != NULL) {
        w.other = (n != NULL) ? n->attrs : NULL;
        w.old_side = TRUE;
        g_tree_foreach(o->attrs, walk_attr, &w);
    }
    if (n != NULL) {
        w.other = (o != NULL) ? o->attrs : NULL;
        w.old_side = FALSE;
        g_tree_foreach(n->attrs, walk_attr, &w);
    }
    g_ptr_array_sort(attrs, attr_cmp);
}

static const struct flat *
find_flat(const GPtrArray *list, const struct flat *like)
{
    for (guint i = 0; i < list->len; i++) {
        const struct flat *f = list->pdata[i];

        if (strcmp(f->kind, like->kind) == 0 && g_strcmp0(f->id, like->id) == 0) {
            return f;
        }
    }
    return NULL;
}

static void
diff_section(GPtrArray *out, const GPtrArray *olds, const GPtrArray *news)
{
    for (guint i = 0; i < olds->len; i++) {
        const struct flat *o = olds->pdata[i];

        if (find_flat(news, o) == NULL) {
            struct hactl_diff_item *it = item_new(HACTL_DIFF_REMOVED, o);

            compare(o, NULL, it->attrs);
            g_ptr_array_add(out, it);
        }
    }
    for (guint i = 0; i < news->len; i++) {
        const struct flat *n = news->pdata[i];
        const struct flat *o = find_flat(olds, n);
        struct hactl_diff_item *it = item_new(o != NULL ? HACTL_DIFF_CHANGED
                                              : HACTL_DIFF_ADDED, n);

        compare(o, n, it->attrs);
        if (o != NULL && g_strcmp0(o->what, n->what) != 0) {
            attr_add(it->attrs, "element", o->what, n->what);
            g_ptr_array_sort(it->attrs, attr_cmp);
        }
        if (o != NULL && it->attrs->len == 0) {
            item_free(it);
        } else {
            g_ptr_array_add(out, it);
        }
    }
}

const xmlNode *
hactl_config_section(const xmlDoc *doc)
{
    const xmlNode *root = (doc != NULL) ? xmlDocGetRootElement(doc) : NULL;

    return (root != NULL) ? ha_xml_first_child(root, "configuration") : NULL;
}

void
hactl_config_doc_version(const xmlDoc *doc, struct ha_store_version *ret)
{
    const xmlNode *root = xmlDocGetRootElement(doc);
    const char *a = ha_xml_attr(root, "admin_epoch");
    const char *e = ha_xml_attr(root, "epoch");
    const char *u = ha_xml_attr(root, "num_updates");

    ret->admin_epoch = g_ascii_strtoull(a != NULL ? a : "0", NULL, 10);
    ret->epoch = g_ascii_strtoull(e != NULL ? e : "0", NULL, 10);
    ret->num_updates = g_ascii_strtoull(u != NULL ? u : "0", NULL, 10);
}

GPtrArray *
hactl_config_diff(const xmlNode *old_cfg, const xmlNode *new_cfg)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(item_free);
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (guint i = 0; i < G_N_ELEMENTS(sections); i++) {
        g_ptr_array_add(names, (gpointer) sections[i]);
    }
    other_sections(old_cfg, names);
    other_sections(new_cfg, names);
    for (guint i = 0; i < names->len; i++) {
        g_autoptr(GPtrArray) olds = collect(old_cfg, names->pdata[i]);
        g_autoptr(GPtrArray) news = collect(new_cfg, names->pdata[i]);

        diff_section(out, olds, news);
    }
    return out;
}

/* ---- output ------------------------------------------------------------ */

static const char *
change_word(enum hactl_diff_change c)
{
    switch (c) {
    case HACTL_DIFF_ADDED: return "added";
    case HACTL_DIFF_REMOVED: return "removed";
    default: return "changed";
    }
}

char *
hactl_config_diff_summary(const GPtrArray *items, guint max)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < items->len && i < max; i++) {
        const struct hactl_diff_item *it = items->pdata[i];

        g_string_append_printf(s, "%s%s %s '%s'", i > 0 ? "; " : "",
                               change_word(it->change), it->kind, it->id);
    }
    if (items->len > max) {
        g_string_append_printf(s, "; and %u more", items->len - max);
    }
    if (items->len == 0) {
        g_string_append(s, "no change");
    }
    return g_string_free(s, FALSE);
}

static void
print_value(FILE *out, const char *v)
{
    if (v == NULL) {
        fputs("(unset)", out);
    } else {
        fprintf(out, "'%s'", v);
    }
}

/* A property or a default: one "value" attribute, printed inline. */
static gboolean
is_single_value(const struct hactl_diff_item *it)
{
    return strcmp(it->what, "nvpair") == 0;
}

void
hactl_config_diff_print(FILE *out, const GPtrArray *items)
{
    static const char marks[] = { '+', '-', '~' };
    guint count[3] = { 0, 0, 0 };

    for (guint i = 0; i < items->len; i++) {
        const struct hactl_diff_item *it = items->pdata[i];

        count[it->change]++;
        fprintf(out, "%c %s '%s'", marks[it->change], it->kind, it->id);
        if (is_single_value(it) && it->attrs->len == 1) {
            const struct hactl_diff_attr *a = it->attrs->pdata[0];

            fputs(": ", out);
            if (it->change == HACTL_DIFF_CHANGED) {
                print_value(out, a->old_value);
                fputs(" -> ", out);
            }
            print_value(out, it->change == HACTL_DIFF_REMOVED ? a->old_value
                                                              : a->new_value);
            fputc('\n', out);
            continue;
        }
        fprintf(out, " (%s)\n", it->what);
        for (guint k = 0; k < it->attrs->len; k++) {
            const struct hactl_diff_attr *a = it->attrs->pdata[k];

            fprintf(out, "    %s: ", a->name);
            if (it->change == HACTL_DIFF_CHANGED) {
                print_value(out, a->old_value);
                fputs(" -> ", out);
            }
            print_value(out, it->change == HACTL_DIFF_REMOVED ? a->old_value
                                                              : a->new_value);
            fputc('\n', out);
        }
    }
    if (items->len == 0) {
        fprintf(out, "No differences\n");
    } else {
        fprintf(out, "%u added, %u removed, %u changed\n",
                count[HACTL_DIFF_ADDED], count[HACTL_DIFF_REMOVED],
                count[HACTL_DIFF_CHANGED]);
    }
}

static void
json_value(JsonBuilder *b, const char *name, const char *v)
{
    json_builder_set_member_name(b, name);
    if (v == NULL) {
        json_builder_add_null_value(b);
    } else {
        json_builder_add_string_value(b, v);
    }
}

void
hactl_config_diff_json(JsonBuilder *b, const GPtrArray *items)
{
    json_builder_begin_array(b);
    for (guint i = 0; i < items->len; i++) {
        const struct hactl_diff_item *it = items->pdata[i];

        json_builder_begin_object(b);
        json_value(b, "change", change_word(it->change));
        json_value(b, "kind", it->kind);
        json_value(b, "id", it->id);
        json_value(b, "what", it->what);
        json_builder_set_member_name(b, "attributes");
        json_builder_begin_array(b);
        for (guint k = 0; k < it->attrs->len; k++) {
            const struct hactl_diff_attr *a = it->attrs->pdata[k];

            json_builder_begin_object(b);
            json_value(b, "name", a->name);
            json_value(b, "old", a->old_value);
            json_value(b, "new", a->new_value);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}
