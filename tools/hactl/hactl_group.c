/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_group.c - `hactl group create|add|remove|delete|list|
 * show`: groups of primitives that start in order, one after the other, on
 * the same node.  Members keep the order given; a primitive leaving a
 * group becomes a top-level primitive again.  Every change accepts --wait.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "hactl_cli.h"
#include "hactl_edit.h"
#include "hactl_refs.h"

struct group_req {
    const char *group;
    GPtrArray *members;     /* ids, borrowed from argv */
    const char *before, *after;
    gboolean force;
};

static gboolean
is_resource(const xmlNode *n)
{
    return ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
           || ha_xml_is(n, "clone") || ha_xml_is(n, "master")
           || ha_xml_is(n, "bundle");
}

/* "vip, www" of @ids */
static char *
id_list(GPtrArray *ids)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; i < ids->len; i++) {
        g_string_append_printf(s, "%s%s", i > 0 ? ", " : "",
                               (const char *) ids->pdata[i]);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

/* The primitive @id, which may join @group (NULL: a new group); NULL
 * after printing why not, with *ret_rc. */
static xmlNode *
joinable(xmlDoc *doc, const char *id, const xmlNode *group, int *ret_rc)
{
    xmlNode *el = hactl_xml_find_id(doc, id);
    xmlNode *up = (el != NULL) ? el->parent : NULL;

    if (el == NULL || !is_resource(el)) {
        *ret_rc = hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", id);
    } else if (!ha_xml_is(el, "primitive")) {
        *ret_rc = hactl_edit_error(-EINVAL, "'%s' is a %s: a group holds "
                                   "primitives only", id,
                                   (const char *) el->name);
    } else if (g_strcmp0(ha_xml_attr(el, "class"), "stonith") == 0) {
        *ret_rc = hactl_edit_error(-EINVAL, "'%s' is a fence device: fence "
                                   "devices are not grouped", id);
    } else if (ha_xml_is(up, "group") && up != group) {
        *ret_rc = hactl_edit_error(-EINVAL, "'%s' is in group '%s': remove it "
                                   "from there first (hactl group remove %s "
                                   "%s)", id, ha_xml_attr(up, "id"),
                                   ha_xml_attr(up, "id"), id);
    } else if (ha_xml_is(up, "clone") || ha_xml_is(up, "master")) {
        *ret_rc = hactl_edit_error(-EINVAL, "'%s' is cloned by '%s': a "
                                   "group holds uncloned primitives only",
                                   id, ha_xml_attr(up, "id"));
    } else if (!ha_xml_is(up, "resources") && up != group) {
        *ret_rc = hactl_edit_error(-EINVAL, "'%s' is inside '%s', which a "
                                   "group cannot take it from", id,
                                   ha_xml_attr(up, "id"));
    } else {
        return el;
    }
    return NULL;
}

/* The elements of @r->members that may join @group, each named once. */
static int
collect(xmlDoc *doc, const struct group_req *r, const xmlNode *group,
        GPtrArray *ret_els)
{
    for (guint i = 0; i < r->members->len; i++) {
        const char *id = r->members->pdata[i];
        int rc = 0;
        xmlNode *el = joinable(doc, id, group, &rc);

        if (el == NULL) {
            return rc;
        }
        if (g_ptr_array_find(ret_els, el, NULL)) {
            return hactl_edit_error(-EINVAL, "'%s' is named twice", id);
        }
        if (g_strcmp0(id, r->before) == 0 || g_strcmp0(id, r->after) == 0) {
            return hactl_edit_error(-EINVAL, "'%s' cannot be placed relative "
                                    "to itself", id);
        }
        g_ptr_array_add(ret_els, el);
    }
    return 0;
}

/* A new group @id where @first is, then @els moved into it in order. */
static xmlNode *
group_new(const char *id, GPtrArray *els)
{
    xmlNode *first = els->pdata[0];
    xmlNode *g = xmlNewNode(NULL, (const xmlChar *) "group");

    xmlSetProp(g, (const xmlChar *) "id", (const xmlChar *) id);
    xmlAddPrevSibling(first, g);
    for (guint i = 0; i < els->len; i++) {
        xmlUnlinkNode(els->pdata[i]);
        xmlAddChild(g, els->pdata[i]);
    }
    return g;
}

static int
edit_create(xmlDoc *doc, void *ud)
{
    const struct group_req *r = ud;
    g_autoptr(GPtrArray) els = g_ptr_array_new();
    g_autofree char *names = id_list(r->members);
    int rc;

    if (hactl_xml_find_id(doc, r->group) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", r->group);
    }
    rc = collect(doc, r, NULL, els);
    if (rc < 0) {
        return rc;
    }
    (void) group_new(r->group, els);
    hactl_edit_say("Group '%s' created with %s", r->group, names);
    return 0;
}

static xmlNode *
find_group(xmlDoc *doc, const char *id)
{
    xmlNode *g = hactl_xml_find_id(doc, id);

    return ha_xml_is(g, "group") ? g : NULL;
}

static int
edit_add(xmlDoc *doc, void *ud)
{
    const struct group_req *r = ud;
    g_autoptr(GPtrArray) els = g_ptr_array_new();
    g_autofree char *names = id_list(r->members);
    xmlNode *g = hactl_xml_find_id(doc, r->group);
    const char *rel = (r->before != NULL) ? r->before : r->after;
    xmlNode *anchor = NULL;
    int rc;

    if (g != NULL && !ha_xml_is(g, "group")) {
        return hactl_edit_error(-EINVAL, "'%s' exists and is a %s, not a "
                                "group", r->group, (const char *) g->name);
    }
    if (g == NULL && rel != NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no group '%s' to place "
                                "'%s' in", r->group, rel);
    }
    if (g != NULL && rel != NULL) {
        anchor = hactl_xml_find_id(doc, rel);
        if (anchor == NULL || anchor->parent != g
            || !ha_xml_is(anchor, "primitive")) {
            return hactl_edit_error(-HA_ENOTFOUND, "'%s' is not a member of "
                                    "group '%s'", rel, r->group);
        }
    }
    rc = collect(doc, r, g, els);
    if (rc < 0) {
        return rc;
    }
    if (g == NULL) {
        (void) group_new(r->group, els);
        hactl_edit_say("Group '%s' created with %s", r->group, names);
        return 0;
    }
    for (guint i = 0; i < els->len; i++) {
        xmlNode *el = els->pdata[i];

        xmlUnlinkNode(el);
        if (r->before != NULL) {
            xmlAddPrevSibling(anchor, el);
        } else if (anchor != NULL) {
            xmlAddNextSibling(anchor, el);
            anchor = el;    /* the next one goes after this one */
        } else {
            xmlAddChild(g, el);
        }
    }
    hactl_edit_say("Group '%s': %s added%s%s", r->group, names,
                   r->before != NULL ? " before " : r->after != NULL
                   ? " after " : "", rel != NULL ? rel : "");
    return 0;
}

static guint
member_count(const xmlNode *g)
{
    guint n = 0;

    for (xmlNode *c = ha_xml_first_child(g, "primitive"); c != NULL;
         c = ha_xml_next(c, "primitive")) {
        n++;
    }
    return n;
}

/* Refuse to remove a cloned group (the clone would be left empty). */
static int
not_cloned(const xmlNode *g, const char *what)
{
    const xmlNode *up = g->parent;

    if (ha_xml_is(up, "clone") || ha_xml_is(up, "master")) {
        return hactl_edit_error(-EINVAL, "group '%s' is cloned by '%s': %s "
                                "would leave the clone empty; delete the "
                                "clone first (hactl clone delete %s)",
                                ha_xml_attr(g, "id"), ha_xml_attr(up, "id"),
                                what, ha_xml_attr(up, "id"));
    }
    return 0;
}

static int
edit_remove(xmlDoc *doc, void *ud)
{
    const struct group_req *r = ud;
    xmlNode *g = find_group(doc, r->group);
    g_autoptr(GPtrArray) els = g_ptr_array_new();
    g_autofree char *names = id_list(r->members);
    g_autofree char *said = NULL;
    xmlNode *anchor;
    int rc = 0;

    if (g == NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no group '%s'", r->group);
    }
    for (guint i = 0; i < r->members->len; i++) {
        const char *id = r->members->pdata[i];
        xmlNode *el = hactl_xml_find_id(doc, id);

        if (el == NULL || el->parent != g || !ha_xml_is(el, "primitive")) {
            return hactl_edit_error(-HA_ENOTFOUND, "'%s' is not a member of "
                                    "group '%s'", id, r->group);
        }
        if (g_ptr_array_find(els, el, NULL)) {
            return hactl_edit_error(-EINVAL, "'%s' is named twice", id);
        }
        g_ptr_array_add(els, el);
    }
    if (els->len == member_count(g)) {
        rc = not_cloned(g, "removing its last member");
        if (rc == 0) {
            rc = hactl_refs_release(doc, "group", r->group, r->force, &said);
        }
        if (rc < 0) {
            return rc;
        }
    }
    /* they go right after the group, in the order given */
    anchor = g;
    for (guint i = 0; i < els->len; i++) {
        xmlUnlinkNode(els->pdata[i]);
        xmlAddNextSibling(anchor, els->pdata[i]);
        anchor = els->pdata[i];
    }
    if (said != NULL) {
        xmlUnlinkNode(g);
        xmlFreeNode(g);
        hactl_edit_say("Group '%s': %s removed; that was the last member, so "
                       "the group was deleted%s", r->group, names, said);
    } else {
        hactl_edit_say("Group '%s': %s removed (now top-level)", r->group,
                       names);
    }
    return 0;
}

static int
edit_delete(xmlDoc *doc, void *ud)
{
    const struct group_req *r = ud;
    xmlNode *g = find_group(doc, r->group);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *said = NULL;
    g_autofree char *names = NULL;
    xmlNode *c;
    int rc;

    if (g == NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no group '%s'", r->group);
    }
    rc = not_cloned(g, "ungrouping it");
    if (rc == 0) {
        rc = hactl_refs_release(doc, "group", r->group, r->force, &said);
    }
    if (rc < 0) {
        return rc;
    }
    c = ha_xml_first_child(g, "primitive");
    while (c != NULL) {
        xmlNode *next = ha_xml_next(c, "primitive");

        g_ptr_array_add(ids, g_strdup(ha_xml_attr(c, "id")));
        xmlUnlinkNode(c);
        xmlAddPrevSibling(g, c);
        c = next;
    }
    names = id_list(ids);
    xmlUnlinkNode(g);
    xmlFreeNode(g);
    hactl_edit_say("Group '%s' deleted; %s %s top-level primitive%s%s",
                   r->group, *names != '\0' ? names : "no members",
                   ids->len == 1 ? "is a" : "are", ids->len == 1 ? "" : "s",
                   said);
    return 0;
}

/* ---- list, show ---- */

static void
json_strings(JsonBuilder *b, const char *member, GPtrArray *v)
{
    json_builder_set_member_name(b, member);
    json_builder_begin_array(b);
    for (guint i = 0; i < v->len; i++) {
        json_builder_add_string_value(b, v->pdata[i]);
    }
    json_builder_end_array(b);
}

static GPtrArray *
members_of(const xmlNode *g)
{
    GPtrArray *out = g_ptr_array_new();

    for (xmlNode *c = ha_xml_first_child(g, "primitive"); c != NULL;
         c = ha_xml_next(c, "primitive")) {
        g_ptr_array_add(out, (gpointer) ha_xml_attr(c, "id"));
    }
    return out;
}

/* "k=v" of the group's own meta attributes */
static GPtrArray *
meta_of(const xmlNode *g)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (xmlNode *s = ha_xml_first_child(g, "meta_attributes"); s != NULL;
         s = ha_xml_next(s, "meta_attributes")) {
        for (xmlNode *nv = ha_xml_first_child(s, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            g_ptr_array_add(out, g_strdup_printf("%s=%s",
                                                 ha_xml_attr(nv, "name"),
                                                 ha_xml_attr(nv, "value")));
        }
    }
    return out;
}

static const char *
clone_of(const xmlNode *g)
{
    return (ha_xml_is(g->parent, "clone") || ha_xml_is(g->parent, "master"))
           ? ha_xml_attr(g->parent, "id") : NULL;
}

/* The element's own meta attributes as a JSON object member "meta". */
static void
json_meta(JsonBuilder *b, const xmlNode *el)
{
    json_builder_set_member_name(b, "meta");
    json_builder_begin_object(b);
    for (xmlNode *s = ha_xml_first_child(el, "meta_attributes"); s != NULL;
         s = ha_xml_next(s, "meta_attributes")) {
        for (xmlNode *nv = ha_xml_first_child(s, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            json_builder_set_member_name(b, ha_xml_attr(nv, "name"));
            json_builder_add_string_value(b, ha_xml_attr(nv, "value"));
        }
    }
    json_builder_end_object(b);
}

static void
json_group(JsonBuilder *b, xmlDoc *doc, const xmlNode *g)
{
    g_autoptr(GPtrArray) members = members_of(g);
    g_autoptr(GPtrArray) refs = hactl_refs_find(doc, ha_xml_attr(g, "id"));

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, ha_xml_attr(g, "id"));
    json_strings(b, "members", members);
    json_builder_set_member_name(b, "clone");
    if (clone_of(g) != NULL) {
        json_builder_add_string_value(b, clone_of(g));
    } else {
        json_builder_add_null_value(b);
    }
    json_meta(b, g);
    json_strings(b, "constraints", refs);
    json_builder_end_object(b);
}

static void
print_joined(const char *label, GPtrArray *v, const char *sep)
{
    printf("  %-13s", label);
    for (guint i = 0; i < v->len; i++) {
        printf("%s%s", i > 0 ? sep : "", (const char *) v->pdata[i]);
    }
    printf("%s\n", v->len == 0 ? "(none)" : "");
}

static void
print_group(xmlDoc *doc, const xmlNode *g)
{
    g_autoptr(GPtrArray) members = members_of(g);
    g_autoptr(GPtrArray) meta = meta_of(g);
    g_autoptr(GPtrArray) refs = hactl_refs_find(doc, ha_xml_attr(g, "id"));

    printf("Group: %s\n", ha_xml_attr(g, "id"));
    print_joined("Members:", members, " ");
    print_joined("Meta:", meta, " ");
    if (clone_of(g) != NULL) {
        printf("  %-13s%s\n", "Cloned by:", clone_of(g));
    }
    print_joined("Constraints:", refs, ", ");
}

static void
groups_below(xmlNode *n, GPtrArray *out)
{
    for (xmlNode *c = ha_xml_first_child(n, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (ha_xml_is(c, "group")) {
            g_ptr_array_add(out, c);
        } else if (ha_xml_is(c, "clone") || ha_xml_is(c, "master")) {
            groups_below(c, out);
        }
    }
}

static int
list_or_show(const struct hactl_globals *g, const char *only)
{
    int code = 0;
    g_autoptr(xmlDoc) doc = hactl_config_read(NULL, &code);
    g_autoptr(GPtrArray) groups = g_ptr_array_new();
    g_autoptr(JsonBuilder) b = json_builder_new();

    if (doc == NULL) {
        return code;
    }
    groups_below(hactl_xml_section(doc, "resources"), groups);
    if (only != NULL) {
        xmlNode *hit = find_group(doc, only);

        if (hit == NULL) {
            fprintf(stderr, "hactl: group show: no group '%s'\n", only);
            return HACTL_EXIT_NOT_FOUND;
        }
        g_ptr_array_set_size(groups, 0);
        g_ptr_array_add(groups, hit);
    }
    if (only == NULL) {
        json_builder_begin_array(b);
    }
    for (guint i = 0; i < groups->len; i++) {
        xmlNode *grp = groups->pdata[i];

        if (g->json) {
            json_group(b, doc, grp);
        } else if (only != NULL) {
            print_group(doc, grp);
        } else {
            g_autoptr(GPtrArray) members = members_of(grp);
            g_autofree char *names = id_list(members);

            printf("%-20s %s%s%s%s\n", ha_xml_attr(grp, "id"),
                   *names != '\0' ? names : "(no members)",
                   clone_of(grp) != NULL ? " (cloned by " : "",
                   clone_of(grp) != NULL ? clone_of(grp) : "",
                   clone_of(grp) != NULL ? ")" : "");
        }
    }
    if (only == NULL) {
        json_builder_end_array(b);
    }
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    } else if (groups->len == 0) {
        printf("No groups configured\n");
    }
    return HACTL_EXIT_OK;
}

/* ---- the command line ---- */

static int
group_list(const struct hactl_globals *g, const struct hactl_args *a)
{
    return list_or_show(g, a->argv[0]);
}

static int
group_delete(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct group_req r = { .group = a->argv[0],
                           .force = hactl_arg_flag(a, "force") };

    return hactl_settled_after(hactl_edit(g, "group delete", edit_delete, &r),
                               "group delete", a->wait_s);
}

/* create, add, remove: G RSC... */
static int
group_change(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) members = g_ptr_array_new();
    struct group_req r = {
        .group = a->argv[0], .members = members,
        .before = hactl_arg_value(a, "before"),
        .after = hactl_arg_value(a, "after"),
        .force = hactl_arg_flag(a, "force"),
    };
    g_autofree char *what = g_strconcat("group ", a->verb->name, NULL);
    hactl_edit_fn fn = strcmp(a->verb->name, "create") == 0 ? edit_create
                       : strcmp(a->verb->name, "add") == 0 ? edit_add
                                                           : edit_remove;

    for (int i = 1; i < a->argc; i++) {
        g_ptr_array_add(members, a->argv[i]);
    }
    if (r.before != NULL && r.after != NULL) {
        fprintf(stderr, "hactl: group add: --before or --after, not both\n");
        hactl_help_usage_line(stderr, &hactl_noun_group, a->verb);
        return HACTL_EXIT_USAGE;
    }
    if (!ha_id_valid(r.group)) {
        fprintf(stderr, "hactl: %s: '%s' is not a valid id (letters, "
                "digits, '_', '-', '.'; not starting with a digit)\n",
                what, r.group);
        return HACTL_EXIT_INVALID;
    }
    return hactl_settled_after(hactl_edit(g, what, fn, &r), what, a->wait_s);
}

static const struct hactl_opt add_opts[] = {
    { "before", HACTL_OPT_VALUE, "M", "put them before the member M" },
    { "after", HACTL_OPT_VALUE, "M", "put them after the member M" },
    { NULL },
};

static const struct hactl_opt force_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "also delete the constraints that name "
      "a group that goes\n(without it, refused with exit 12)" },
    { NULL },
};

static const struct hactl_verb group_verbs[] = {
    { "create", "G RSC...", NULL, group_change, HACTL_VERB_WAIT, "a new "
      "group G of these primitives, in this order", NULL,
      "hactl group create web vip www" },
    { "add", "G RSC...", add_opts, group_change, HACTL_VERB_WAIT, "add (or "
      "move) primitives into G (created when missing)", NULL,
      "hactl group add web db --before www" },
    { "remove", "G RSC...", force_opts, group_change, HACTL_VERB_WAIT,
      "they become top-level primitives; the last one\nremoves the group",
      NULL, "hactl group remove web db" },
    { "delete", "G", force_opts, group_delete, HACTL_VERB_WAIT, "ungroup: "
      "the members stay as top-level primitives", NULL,
      "hactl group delete web --force" },
    { "list", NULL, NULL, group_list, 0, "every group and its members",
      NULL, "hactl group list" },
    { "show", "G", NULL, group_list, 0, "one group", NULL,
      "hactl group show web" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_group = {
    "group", "group primitives, ungroup, list groups", group_verbs,
    "Members start in order, one after the other, on the same node.",
};
