/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_constraint_list.c - `hactl constraint list`: one line
 * per constraint (rules in the expression language, sets as [A B opt=v]),
 * or a JSON array of the constraints' attributes with "sets" and "rules".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/xml.h"
#include "hactl.h"
#include "hactl_constraint.h"
#include "hactl_edit.h"

static void
json_add(JsonBuilder *b, const xmlNode *n)
{
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "type");
    json_builder_add_string_value(b, (const char *) n->name + 4);
    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        json_builder_set_member_name(b, (const char *) a->name);
        json_builder_add_string_value(b, (const char *) a->children->content);
    }
    if (ha_xml_first_child(n, "resource_set") != NULL) {
        json_builder_set_member_name(b, "sets");
        json_builder_begin_array(b);
        for (const xmlNode *set = ha_xml_first_child(n, "resource_set");
             set != NULL; set = ha_xml_next(set, "resource_set")) {
            hactl_set_json(b, set);
        }
        json_builder_end_array(b);
    }
    if (ha_xml_first_child(n, "rule") != NULL) {
        json_builder_set_member_name(b, "rules");
        json_builder_begin_array(b);
        for (const xmlNode *r = ha_xml_first_child(n, "rule"); r != NULL;
             r = ha_xml_next(r, "rule")) {
            hactl_rule_json(b, r);
        }
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
}

/* The sets of @n joined by @joiner: "[A B] with [C]" (caller frees). */
static char *
sets_text(const xmlNode *n, const char *joiner)
{
    GString *out = g_string_new(NULL);

    for (const xmlNode *set = ha_xml_first_child(n, "resource_set");
         set != NULL; set = ha_xml_next(set, "resource_set")) {
        g_autofree char *one = hactl_set_text(set);

        g_string_append_printf(out, "%s%s", out->len > 0 ? joiner : "", one);
    }
    return g_string_free(out, FALSE);
}

/* "INFINITY if pingd gt 0; 50 (Promoted) if ..." (caller frees). */
static char *
rules_text(const xmlNode *n)
{
    GString *out = g_string_new(NULL);

    for (const xmlNode *r = ha_xml_first_child(n, "rule"); r != NULL;
         r = ha_xml_next(r, "rule")) {
        g_autofree char *expr = hactl_rule_text(r);
        const char *attr = ha_xml_attr(r, "score-attribute");
        const char *role = ha_xml_attr(r, "role");

        if (out->len > 0) {
            g_string_append(out, "; ");
        }
        if (attr != NULL) {
            g_string_append_printf(out, "score-attribute %s", attr);
        } else {
            g_string_append(out, ha_xml_attr(r, "score") != NULL
                                 ? ha_xml_attr(r, "score") : "0");
        }
        if (role != NULL) {
            g_string_append_printf(out, " (%s)", role);
        }
        g_string_append_printf(out, " if %s", expr);
    }
    return g_string_free(out, FALSE);
}

static void
print_location(const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");
    const char *node = ha_xml_attr(n, "node");
    g_autofree char *what = (ha_xml_attr(n, "rsc") != NULL)
                            ? g_strdup(ha_xml_attr(n, "rsc"))
                            : sets_text(n, " ");

    if (ha_xml_first_child(n, "rule") != NULL) {
        g_autofree char *rules = rules_text(n);

        printf("location   %-24s %s %s\n", id, what, rules);
        return;
    }
    printf("location   %-24s %s %s %s%s\n", id, what,
           ha_xml_attr(n, "score") != NULL ? ha_xml_attr(n, "score") : "",
           node != NULL ? "on " : "", node != NULL ? node : "");
}

static void
print_order(const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");
    const char *fa = ha_xml_attr(n, "first-action");
    const char *ta = ha_xml_attr(n, "then-action");
    const char *kind = ha_xml_attr(n, "kind");
    gboolean asym = g_strcmp0(ha_xml_attr(n, "symmetrical"), "false") == 0;

    if (ha_xml_first_child(n, "resource_set") != NULL) {
        g_autofree char *sets = sets_text(n, " then ");

        printf("order      %-24s %s (%s%s)\n", id, sets,
               kind != NULL ? kind : "Mandatory",
               asym ? ", not symmetrical" : "");
        return;
    }
    printf("order      %-24s %s%s%s then %s%s%s (%s%s)\n", id,
           fa != NULL ? fa : "", fa != NULL ? " " : "",
           ha_xml_attr(n, "first"), ta != NULL ? ta : "",
           ta != NULL ? " " : "", ha_xml_attr(n, "then"),
           kind != NULL ? kind : "Mandatory",
           asym ? ", not symmetrical" : "");
}

static void
print_colocation(const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");

    if (ha_xml_first_child(n, "resource_set") != NULL) {
        g_autofree char *sets = sets_text(n, " with ");

        printf("colocation %-24s %s %s\n", id, sets, ha_xml_attr(n, "score"));
        return;
    }
    printf("colocation %-24s %s with %s %s\n", id, ha_xml_attr(n, "rsc"),
           ha_xml_attr(n, "with-rsc"), ha_xml_attr(n, "score"));
}

int
hactl_constraint_list(const struct hactl_globals *g)
{
    int code = 0;
    xmlDoc *doc = hactl_config_read(NULL, &code);
    xmlNode *sec;
    g_autoptr(JsonBuilder) b = json_builder_new();

    if (doc == NULL) {
        return code;
    }
    sec = hactl_xml_section(doc, "constraints");
    json_builder_begin_array(b);
    for (xmlNode *n = ha_xml_first_child(sec, NULL); n != NULL;
         n = ha_xml_next(n, NULL)) {
        const char *id = ha_xml_attr(n, "id");

        if (g->json) {
            json_add(b, n);
        } else if (ha_xml_is(n, "rsc_location")) {
            print_location(n);
        } else if (ha_xml_is(n, "rsc_colocation")) {
            print_colocation(n);
        } else if (ha_xml_is(n, "rsc_order")) {
            print_order(n);
        } else {
            printf("%-10s %s\n", (const char *) n->name + 4, id);
        }
    }
    json_builder_end_array(b);
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    }
    xmlFreeDoc(doc);
    return HACTL_EXIT_OK;
}
