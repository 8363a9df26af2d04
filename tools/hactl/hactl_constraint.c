/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_constraint.c - `hactl constraint location|colocation|
 * order add ...`, `constraint delete ID`, `constraint list`.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "hactl.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

static const char constraint_usage_text[] =
    "Usage: hactl [--output json] constraint <verb> ...\n"
    "  location add ID RSC NODE SCORE        RSC prefers (or avoids) NODE\n"
    "  colocation add ID RSC WITH_RSC SCORE  RSC runs where WITH_RSC runs\n"
    "  order add ID FIRST[:ACTION] THEN[:ACTION] [--kind Mandatory|Optional|"
    "Serialize]\n"
    "            [--no-symmetrical]          THEN after FIRST\n"
    "  delete ID\n"
    "  list\n"
    "SCORE: an integer, INFINITY, +INFINITY or -INFINITY.  Changes accept "
    "--wait[=SECONDS].\n"
    "Examples:\n"
    "  hactl constraint location add www-on-node1 www node1 50\n"
    "  hactl constraint colocation add www-with-vip www vip INFINITY\n"
    "  hactl constraint order add vip-then-www vip www\n";

struct cons {
    const char *kind;       /* rsc_location, rsc_colocation, rsc_order */
    const char *id;
    const char *a, *b, *c;  /* location: rsc node score; colocation: rsc
                             * with score; order: first then kind */
    gboolean no_symmetrical;
};

static gboolean
is_resource(const xmlNode *n)
{
    return n != NULL && (ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
                         || ha_xml_is(n, "clone") || ha_xml_is(n, "master"));
}

static int
need_rsc(xmlDoc *doc, const char *spec, char **ret_id, char **ret_action)
{
    const char *colon = strchr(spec, ':');

    *ret_id = g_strndup(spec, colon != NULL ? colon - spec : (long) strlen(spec));
    *ret_action = (colon != NULL) ? g_strdup(colon + 1) : NULL;
    if (!is_resource(hactl_xml_find_id(doc, *ret_id))) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", *ret_id);
    }
    return 0;
}

static int
edit_add(xmlDoc *doc, void *ud)
{
    const struct cons *c = ud;
    xmlNode *sec = hactl_xml_section(doc, "constraints");
    g_autofree char *r1 = NULL, *act1 = NULL, *r2 = NULL, *act2 = NULL;
    xmlNode *n;
    int rc;

    if (hactl_xml_find_id(doc, c->id) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", c->id);
    }
    rc = need_rsc(doc, c->a, &r1, &act1);
    if (rc == 0 && strcmp(c->kind, "rsc_location") != 0) {
        rc = need_rsc(doc, c->b, &r2, &act2);
    }
    if (rc < 0) {
        return rc;
    }
    n = hactl_xml_add(sec, c->kind, c->id);
    if (strcmp(c->kind, "rsc_location") == 0) {
        xmlSetProp(n, X("rsc"), X(r1));
        xmlSetProp(n, X("node"), X(c->b));
        xmlSetProp(n, X("score"), X(c->c));
    } else if (strcmp(c->kind, "rsc_colocation") == 0) {
        xmlSetProp(n, X("rsc"), X(r1));
        xmlSetProp(n, X("with-rsc"), X(r2));
        xmlSetProp(n, X("score"), X(c->c));
    } else {
        xmlSetProp(n, X("first"), X(r1));
        xmlSetProp(n, X("then"), X(r2));
        if (act1 != NULL) {
            xmlSetProp(n, X("first-action"), X(act1));
        }
        if (act2 != NULL) {
            xmlSetProp(n, X("then-action"), X(act2));
        }
        xmlSetProp(n, X("kind"), X(c->c != NULL ? c->c : "Mandatory"));
        if (c->no_symmetrical) {
            xmlSetProp(n, X("symmetrical"), X("false"));
        }
    }
    hactl_edit_say("Constraint '%s' added", c->id);
    return 0;
}

static int
edit_delete(xmlDoc *doc, void *ud)
{
    const char *id = ud;
    xmlNode *n = hactl_xml_find_id(doc, id);

    if (n == NULL || !g_str_has_prefix((const char *) n->name, "rsc_")
        || n->parent == NULL || !ha_xml_is(n->parent, "constraints")) {
        return hactl_edit_error(-HA_ENOTFOUND, "no constraint '%s'", id);
    }
    xmlUnlinkNode(n);
    xmlFreeNode(n);
    hactl_edit_say("Constraint '%s' deleted", id);
    return 0;
}

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
    json_builder_end_object(b);
}

static int
list(const struct hactl_globals *g)
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
            printf("location   %-24s %s %s %s%s\n", id, ha_xml_attr(n, "rsc"),
                   ha_xml_attr(n, "score") != NULL ? ha_xml_attr(n, "score")
                                                   : "(rules)",
                   ha_xml_attr(n, "node") != NULL ? "on " : "",
                   ha_xml_attr(n, "node") != NULL ? ha_xml_attr(n, "node") : "");
        } else if (ha_xml_is(n, "rsc_colocation")) {
            printf("colocation %-24s %s with %s %s\n", id,
                   ha_xml_attr(n, "rsc"), ha_xml_attr(n, "with-rsc"),
                   ha_xml_attr(n, "score"));
        } else if (ha_xml_is(n, "rsc_order")) {
            printf("order      %-24s %s%s%s then %s%s%s (%s%s)\n", id,
                   ha_xml_attr(n, "first-action") != NULL
                   ? ha_xml_attr(n, "first-action") : "",
                   ha_xml_attr(n, "first-action") != NULL ? " " : "",
                   ha_xml_attr(n, "first"),
                   ha_xml_attr(n, "then-action") != NULL
                   ? ha_xml_attr(n, "then-action") : "",
                   ha_xml_attr(n, "then-action") != NULL ? " " : "",
                   ha_xml_attr(n, "then"),
                   ha_xml_attr(n, "kind") != NULL ? ha_xml_attr(n, "kind")
                                                  : "Mandatory",
                   g_strcmp0(ha_xml_attr(n, "symmetrical"), "false") == 0
                   ? ", not symmetrical" : "");
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

static gboolean
score_ok(const char *s)
{
    int v = 0;

    return ha_score_parse(s, &v) == 0;
}

int
ha_hactl_cmd_constraint(const struct hactl_globals *g, int argc, char **argv)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    struct cons c = { 0 };
    double wait_s = 0;
    int rc;

    for (int i = 1; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(constraint_usage_text, stdout);
            return HACTL_EXIT_OK;
        } else if (w < 0) {
            fprintf(stderr, "hactl: bad %s\n", argv[i]);
            return HACTL_EXIT_USAGE;
        } else if (w == 0 && strcmp(argv[i], "--kind") == 0 && i + 1 < argc) {
            c.c = argv[++i];
        } else if (w == 0 && strcmp(argv[i], "--no-symmetrical") == 0) {
            c.no_symmetrical = TRUE;
        } else if (w == 0) {
            g_ptr_array_add(args, argv[i]);
        }
    }
#define ARG(i) ((const char *) args->pdata[i])
    if (args->len == 1 && strcmp(ARG(0), "list") == 0) {
        return list(g);
    }
    if (args->len == 2 && strcmp(ARG(0), "delete") == 0) {
        rc = hactl_edit(g, "constraint delete", edit_delete, (gpointer) ARG(1));
        return (rc == HACTL_EXIT_OK && wait_s > 0)
               ? hactl_wait_settled("constraint delete", wait_s) : rc;
    }
    if (args->len >= 2 && strcmp(ARG(1), "add") == 0) {
        const char *type = ARG(0);

        if ((strcmp(type, "location") == 0 || strcmp(type, "colocation") == 0)
            && args->len == 6) {
            c.kind = (strcmp(type, "location") == 0) ? "rsc_location"
                                                     : "rsc_colocation";
            c.id = ARG(2);
            c.a = ARG(3);
            c.b = ARG(4);
            c.c = ARG(5);
            if (!score_ok(c.c)) {
                fprintf(stderr, "hactl: '%s' is not a score (an integer, "
                        "INFINITY, +INFINITY or -INFINITY)\n", c.c);
                return HACTL_EXIT_INVALID;
            }
        } else if (strcmp(type, "order") == 0 && args->len == 5) {
            c.kind = "rsc_order";
            c.id = ARG(2);
            c.a = ARG(3);
            c.b = ARG(4);
            if (c.c != NULL && strcmp(c.c, "Mandatory") != 0
                && strcmp(c.c, "Optional") != 0
                && strcmp(c.c, "Serialize") != 0) {
                fprintf(stderr, "hactl: --kind is Mandatory, Optional or "
                        "Serialize\n");
                return HACTL_EXIT_INVALID;
            }
        } else {
            fputs(constraint_usage_text, stderr);
            return HACTL_EXIT_USAGE;
        }
        if (!ha_id_valid(c.id)) {
            fprintf(stderr, "hactl: '%s' is not a valid id\n", c.id);
            return HACTL_EXIT_INVALID;
        }
        rc = hactl_edit(g, "constraint add", edit_add, &c);
        return (rc == HACTL_EXIT_OK && wait_s > 0)
               ? hactl_wait_settled("constraint add", wait_s) : rc;
    }
#undef ARG
    fputs(constraint_usage_text, stderr);
    return HACTL_EXIT_USAGE;
}
