/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_clone.c - `hactl clone create|delete|list|show`: a
 * primitive or a group run as several instances (on several nodes), or
 * promotable (some instances promoted).  Unclone keeps the inner resource.
 * Every change accepts --wait.
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

struct clone_req {
    const char *rsc;
    const char *id;         /* the clone's id */
    GPtrArray *metas;       /* "k=v": the options first, then --meta */
    gboolean promotable, force;
};

static gboolean
is_clone(const xmlNode *n)
{
    return ha_xml_is(n, "clone") || ha_xml_is(n, "master");
}

static int
edit_create(xmlDoc *doc, void *ud)
{
    const struct clone_req *r = ud;
    xmlNode *el = hactl_xml_find_id(doc, r->rsc);
    xmlNode *c;

    if (el == NULL || !(ha_xml_is(el, "primitive") || ha_xml_is(el, "group")
                        || is_clone(el) || ha_xml_is(el, "bundle"))) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", r->rsc);
    }
    if (!ha_xml_is(el, "primitive") && !ha_xml_is(el, "group")) {
        return hactl_edit_error(-EINVAL, "'%s' is a %s: only a primitive or a "
                                "group is cloned", r->rsc,
                                (const char *) el->name);
    }
    if (g_strcmp0(ha_xml_attr(el, "class"), "stonith") == 0) {
        return hactl_edit_error(-EINVAL, "'%s' is a fence device: fence "
                                "devices are not cloned", r->rsc);
    }
    if (ha_xml_is(el->parent, "group")) {
        return hactl_edit_error(-EINVAL, "'%s' is in group '%s': clone the "
                                "group instead", r->rsc,
                                ha_xml_attr(el->parent, "id"));
    }
    if (is_clone(el->parent)) {
        return hactl_edit_error(-EINVAL, "'%s' is already cloned by '%s'",
                                r->rsc, ha_xml_attr(el->parent, "id"));
    }
    if (!ha_xml_is(el->parent, "resources")) {
        return hactl_edit_error(-EINVAL, "'%s' is inside '%s' and cannot be "
                                "cloned there", r->rsc,
                                ha_xml_attr(el->parent, "id"));
    }
    if (hactl_xml_find_id(doc, r->id) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", r->id);
    }
    c = xmlNewNode(NULL, (const xmlChar *) "clone");
    xmlSetProp(c, (const xmlChar *) "id", (const xmlChar *) r->id);
    xmlAddPrevSibling(el, c);
    for (guint i = 0; i < r->metas->len; i++) {
        const char *kv = r->metas->pdata[i];
        const char *eq = strchr(kv, '=');
        g_autofree char *k = g_strndup(kv, eq - kv);

        hactl_xml_nvpair(c, "meta_attributes", k, eq + 1);
    }
    xmlUnlinkNode(el);
    xmlAddChild(c, el);
    hactl_edit_say("%s '%s' cloned as '%s'%s", ha_xml_is(el, "group")
                   ? "Group" : "Resource", r->rsc, r->id,
                   r->promotable ? " (promotable)" : "");
    return 0;
}

static xmlNode *
inner_of(const xmlNode *c)
{
    for (xmlNode *n = ha_xml_first_child(c, NULL); n != NULL;
         n = ha_xml_next(n, NULL)) {
        if (ha_xml_is(n, "primitive") || ha_xml_is(n, "group")) {
            return n;
        }
    }
    return NULL;
}

static xmlNode *
find_clone(xmlDoc *doc, const char *id)
{
    xmlNode *c = hactl_xml_find_id(doc, id);

    return is_clone(c) ? c : NULL;
}

static int
edit_delete(xmlDoc *doc, void *ud)
{
    const struct clone_req *r = ud;
    xmlNode *c = find_clone(doc, r->id);
    g_autofree char *said = NULL;
    g_autofree char *inner_id = NULL;
    xmlNode *inner;
    int rc;

    if (c == NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no clone '%s'", r->id);
    }
    rc = hactl_refs_release(doc, "clone", r->id, r->force, &said);
    if (rc < 0) {
        return rc;
    }
    inner = inner_of(c);
    if (inner != NULL) {
        inner_id = g_strdup(ha_xml_attr(inner, "id"));
        xmlUnlinkNode(inner);
        xmlAddPrevSibling(c, inner);
    }
    xmlUnlinkNode(c);
    xmlFreeNode(c);
    if (inner_id != NULL) {
        hactl_edit_say("Clone '%s' deleted; '%s' is no longer cloned%s", r->id,
                       inner_id, said);
    } else {
        hactl_edit_say("Clone '%s' deleted (it was empty)%s", r->id, said);
    }
    return 0;
}

/* ---- list, show ---- */

static gboolean
promotable(const xmlNode *c)
{
    const char *v = hactl_xml_nvpair_get((xmlNode *) c, "meta_attributes",
                                         "promotable");
    gboolean on = FALSE;

    return ha_xml_is(c, "master")
           || (v != NULL && ha_bool_parse(v, &on) == 0 && on);
}

static GPtrArray *
meta_of(const xmlNode *c)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (xmlNode *s = ha_xml_first_child(c, "meta_attributes"); s != NULL;
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
json_clone(JsonBuilder *b, xmlDoc *doc, const xmlNode *c)
{
    xmlNode *inner = inner_of(c);
    g_autoptr(GPtrArray) refs = hactl_refs_find(doc, ha_xml_attr(c, "id"));

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, ha_xml_attr(c, "id"));
    json_builder_set_member_name(b, "resource");
    if (inner != NULL) {
        json_builder_add_string_value(b, ha_xml_attr(inner, "id"));
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "kind");
    json_builder_add_string_value(b, inner != NULL
                                     ? (const char *) inner->name : "");
    json_builder_set_member_name(b, "promotable");
    json_builder_add_boolean_value(b, promotable(c));
    json_meta(b, c);
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
print_clone(xmlDoc *doc, const xmlNode *c)
{
    xmlNode *inner = inner_of(c);
    g_autoptr(GPtrArray) meta = meta_of(c);
    g_autoptr(GPtrArray) refs = hactl_refs_find(doc, ha_xml_attr(c, "id"));

    printf("Clone: %s\n", ha_xml_attr(c, "id"));
    printf("  %-13s%s (%s)\n", "Resource:",
           inner != NULL ? ha_xml_attr(inner, "id") : "(none)",
           inner != NULL ? (const char *) inner->name : "-");
    printf("  %-13s%s\n", "Promotable:", promotable(c) ? "yes" : "no");
    print_joined("Meta:", meta, " ");
    print_joined("Constraints:", refs, ", ");
}

static int
list_or_show(const struct hactl_globals *g, const char *only)
{
    int code = 0;
    g_autoptr(xmlDoc) doc = hactl_config_read(NULL, &code);
    g_autoptr(GPtrArray) clones = g_ptr_array_new();
    g_autoptr(JsonBuilder) b = json_builder_new();

    if (doc == NULL) {
        return code;
    }
    if (only != NULL) {
        xmlNode *hit = find_clone(doc, only);

        if (hit == NULL) {
            fprintf(stderr, "hactl: clone show: no clone '%s'\n", only);
            return HACTL_EXIT_NOT_FOUND;
        }
        g_ptr_array_add(clones, hit);
    } else {
        for (xmlNode *c = ha_xml_first_child(hactl_xml_section(doc,
                                                               "resources"),
                                             NULL);
             c != NULL; c = ha_xml_next(c, NULL)) {
            if (is_clone(c)) {
                g_ptr_array_add(clones, c);
            }
        }
        json_builder_begin_array(b);
    }
    for (guint i = 0; i < clones->len; i++) {
        xmlNode *c = clones->pdata[i];
        xmlNode *inner = inner_of(c);

        if (g->json) {
            json_clone(b, doc, c);
        } else if (only != NULL) {
            print_clone(doc, c);
        } else {
            printf("%-20s %s (%s)%s\n", ha_xml_attr(c, "id"),
                   inner != NULL ? ha_xml_attr(inner, "id") : "(none)",
                   inner != NULL ? (const char *) inner->name : "-",
                   promotable(c) ? " promotable" : "");
        }
    }
    if (only == NULL) {
        json_builder_end_array(b);
    }
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    } else if (clones->len == 0) {
        printf("No clones configured\n");
    }
    return HACTL_EXIT_OK;
}

/* ---- the command line ---- */

/* The clone options that take a count, and the meta attribute each sets. */
static const struct {
    const char *option, *meta;
    gboolean promotable_only;
} counts[] = {
    { "max", "clone-max", FALSE },
    { "node-max", "clone-node-max", FALSE },
    { "promoted-max", "promoted-max", TRUE },
    { "promoted-node-max", "promoted-node-max", TRUE },
};

/* Add "meta=N" for option @i of counts[], if @n is a count. */
static int
add_count(GPtrArray *metas, guint i, const char *n)
{
    guint64 v = 0;

    if (g_ascii_string_to_unsigned(n, 10, 0, G_MAXINT32, &v, NULL) == FALSE) {
        fprintf(stderr, "hactl: clone create: --%s wants a count (0, 1, 2 "
                "...), not '%s'\n", counts[i].option, n);
        return HACTL_EXIT_INVALID;
    }
    g_ptr_array_add(metas, g_strdup_printf("%s=%s", counts[i].meta, n));
    return HACTL_EXIT_OK;
}

static int
parse_create(const struct hactl_args *a, struct clone_req *r)
{
    gboolean promoted_opt = FALSE;

    r->rsc = a->argv[0];
    r->id = hactl_arg_value(a, "id");
    r->promotable = hactl_arg_flag(a, "promotable");
    for (guint c = 0; c < G_N_ELEMENTS(counts); c++) {
        const char *n = hactl_arg_value(a, counts[c].option);
        int code = (n != NULL) ? add_count(r->metas, c, n) : HACTL_EXIT_OK;

        if (code != HACTL_EXIT_OK) {
            return code;
        }
        promoted_opt |= (n != NULL && counts[c].promotable_only);
    }
    for (const char *const *kv = hactl_arg_list(a, "meta"); *kv; kv++) {
        const char *eq = strchr(*kv, '=');
        g_autofree char *k = (eq != NULL) ? g_strndup(*kv, eq - *kv) : NULL;

        if (k == NULL || !ha_id_valid(k) || eq[1] == '\0') {
            fprintf(stderr, "hactl: clone create: bad --meta '%s' (want "
                    "NAME=VALUE)\n", *kv);
            return HACTL_EXIT_INVALID;
        }
        g_ptr_array_add(r->metas, g_strdup(*kv));
    }
    if (promoted_opt && !r->promotable) {
        fprintf(stderr, "hactl: clone create: --promoted-max and "
                "--promoted-node-max go with --promotable\n");
        hactl_help_usage_line(stderr, &hactl_noun_clone, a->verb);
        return HACTL_EXIT_USAGE;
    }
    if (r->promotable) {
        g_ptr_array_insert(r->metas, 0, g_strdup("promotable=true"));
    }
    return HACTL_EXIT_OK;
}

static int
create(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) metas = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *id = NULL;
    struct clone_req r = { .metas = metas };
    int code = parse_create(a, &r);

    if (code != HACTL_EXIT_OK) {
        return code;
    }
    if (r.id == NULL) {
        id = g_strconcat(r.rsc, "-clone", NULL);
        r.id = id;
    }
    if (!ha_id_valid(r.id)) {
        fprintf(stderr, "hactl: clone create: '%s' is not a valid id "
                "(letters, digits, '_', '-', '.'; not starting with a "
                "digit)\n", r.id);
        return HACTL_EXIT_INVALID;
    }
    return hactl_settled_after(hactl_edit(g, "clone create", edit_create, &r),
                               "clone create", a->wait_s);
}

static int
clone_list(const struct hactl_globals *g, const struct hactl_args *a)
{
    return list_or_show(g, a->argv[0]);
}

static int
clone_delete(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct clone_req r = { .id = a->argv[0],
                           .force = hactl_arg_flag(a, "force") };

    return hactl_settled_after(hactl_edit(g, "clone delete", edit_delete, &r),
                               "clone delete", a->wait_s);
}

static const struct hactl_opt create_opts[] = {
    { "id", HACTL_OPT_VALUE, "ID", "the clone's id (default: RSC-clone)" },
    { "max", HACTL_OPT_VALUE, "N", "clone-max: how many copies in all" },
    { "node-max", HACTL_OPT_VALUE, "N", "clone-node-max: how many on one "
      "node" },
    { "meta", HACTL_OPT_LIST, "K=V", "a meta attribute of the clone "
      "(repeatable)" },
    { "promotable", HACTL_OPT_FLAG, NULL, "a promotable clone (Promoted and "
      "Unpromoted roles)" },
    { "promoted-max", HACTL_OPT_VALUE, "N", "promoted-max (with "
      "--promotable)" },
    { "promoted-node-max", HACTL_OPT_VALUE, "N", "promoted-node-max (with "
      "--promotable)" },
    { NULL },
};

static const struct hactl_opt delete_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "also delete the constraints that name "
      "the clone\n(without it, refused with exit 12)" },
    { NULL },
};

static const struct hactl_verb clone_verbs[] = {
    { "create", "RSC", create_opts, create, HACTL_VERB_WAIT, "run the "
      "primitive or group RSC as a clone", NULL,
      "hactl clone create ping --max 2\n"
      "hactl clone create state --promotable --promoted-max 1" },
    { "delete", "ID", delete_opts, clone_delete, HACTL_VERB_WAIT, "unclone: "
      "the resource inside stays", NULL, "hactl clone delete ping-clone" },
    { "list", NULL, NULL, clone_list, 0, "every clone", NULL,
      "hactl clone list" },
    { "show", "ID", NULL, clone_list, 0, "one clone", NULL,
      "hactl clone show ping-clone" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_clone = {
    "clone", "clone a resource, unclone, list clones", clone_verbs, NULL,
};
