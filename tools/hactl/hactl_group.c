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
#include "hactl.h"
#include "hactl_edit.h"
#include "hactl_refs.h"

static const char group_usage_text[] =
    "Usage: hactl [--output json] group <verb> ...\n"
    "  create G RSC...                    a new group G of these primitives, "
    "in this order\n"
    "  add G RSC... [--before M|--after M]\n"
    "                                     add (or move) primitives into G "
    "(created when missing)\n"
    "  remove G RSC... [--force]          they become top-level primitives; "
    "the last one\n"
    "                                     removes the group\n"
    "  delete G [--force]                 ungroup: the members stay as "
    "top-level primitives\n"
    "  list\n"
    "  show G\n"
    "Removing a group that constraints name is refused (exit 12) unless "
    "--force,\nwhich deletes those constraints.  Changes accept "
    "--wait[=SECONDS].\n"
    "Examples:\n"
    "  hactl group create web vip www\n"
    "  hactl group add web db --before www\n"
    "  hactl group delete web --force\n";

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
usage(FILE *out, int code)
{
    fputs(group_usage_text, out);
    return code;
}

int
ha_hactl_cmd_group(const struct hactl_globals *g, int argc, char **argv)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autoptr(GPtrArray) members = g_ptr_array_new();
    struct group_req r = { .members = members };
    const char *verb;
    double wait_s = 0;

    for (int i = 1; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return usage(stdout, HACTL_EXIT_OK);
        } else if (w < 0) {
            fprintf(stderr, "hactl: bad %s (want --wait or --wait=SECONDS)\n",
                    argv[i]);
            return HACTL_EXIT_USAGE;
        } else if (w > 0) {
            continue;
        } else if (strcmp(argv[i], "--force") == 0) {
            r.force = TRUE;
        } else if (strcmp(argv[i], "--before") == 0 && i + 1 < argc) {
            r.before = argv[++i];
        } else if (strcmp(argv[i], "--after") == 0 && i + 1 < argc) {
            r.after = argv[++i];
        } else if (argv[i][0] == '-') {
            fprintf(stderr, "hactl: group: unknown option '%s'\n", argv[i]);
            return usage(stderr, HACTL_EXIT_USAGE);
        } else {
            g_ptr_array_add(args, argv[i]);
        }
    }
    verb = (args->len > 0) ? args->pdata[0] : "";
    if (args->len > 1) {
        r.group = args->pdata[1];
    }
    for (guint i = 2; i < args->len; i++) {
        g_ptr_array_add(members, args->pdata[i]);
    }
    if ((r.before != NULL || r.after != NULL) && strcmp(verb, "add") != 0) {
        fprintf(stderr, "hactl: group: --before and --after go with 'add'\n");
        return usage(stderr, HACTL_EXIT_USAGE);
    }
    if (r.before != NULL && r.after != NULL) {
        fprintf(stderr, "hactl: group add: --before or --after, not both\n");
        return usage(stderr, HACTL_EXIT_USAGE);
    }
    if (strcmp(verb, "list") == 0 && args->len == 1) {
        return list_or_show(g, NULL);
    }
    if (strcmp(verb, "show") == 0 && args->len == 2) {
        return list_or_show(g, r.group);
    }
    if (strcmp(verb, "delete") == 0 && args->len == 2) {
        return hactl_settled_after(hactl_edit(g, "group delete", edit_delete,
                                              &r), "group delete", wait_s);
    }
    if ((strcmp(verb, "create") == 0 || strcmp(verb, "add") == 0
         || strcmp(verb, "remove") == 0) && args->len >= 3) {
        g_autofree char *what = g_strconcat("group ", verb, NULL);
        hactl_edit_fn fn = strcmp(verb, "create") == 0 ? edit_create
                           : strcmp(verb, "add") == 0 ? edit_add : edit_remove;

        if (!ha_id_valid(r.group)) {
            fprintf(stderr, "hactl: %s: '%s' is not a valid id (letters, "
                    "digits, '_', '-', '.'; not starting with a digit)\n",
                    what, r.group);
            return HACTL_EXIT_INVALID;
        }
        return hactl_settled_after(hactl_edit(g, what, fn, &r), what, wait_s);
    }
    fprintf(stderr, "hactl group: bad command line\n");
    return usage(stderr, HACTL_EXIT_USAGE);
}
