/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_constraint_set.c - `--set 'A B [NAME=VALUE...]'` of
 * colocation and order constraints, to and from <resource_set> XML.
 *
 * Options are those lib/store/store_model_constraints.c evaluates when it
 * expands sets into pairs:
 *   colocation: sequential=BOOL role=Started|Promoted|Unpromoted score=S
 *   order:      sequential=BOOL require-all=BOOL
 *               action=start|stop|promote|demote
 *               kind=Mandatory|Optional|Serialize
 * The other attributes a <resource_set> may have (ordering=, and the
 * options of the other constraint kind) are refused as unsupported.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "hactl_constraint.h"

#define X(s) ((const xmlChar *) (s))

static const char *const roles[] = { "Started", "Promoted", "Unpromoted",
                                     NULL };
static const char *const actions[] = { "start", "stop", "promote", "demote",
                                       NULL };
static const char *const kinds[] = { "Mandatory", "Optional", "Serialize",
                                     NULL };

static int bad(int rc, const char *what, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static int
bad(int rc, const char *what, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "hactl: constraint %s add: ", what);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return rc;
}

static gboolean
one_of(const char *v, const char *const *list)
{
    for (; *list != NULL; list++) {
        if (strcmp(v, *list) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Check NAME=VALUE for a set of this kind; 0 or a negative code. */
static int
option_ok(const char *name, const char *value, gboolean order)
{
    const char *what = order ? "order" : "colocation";
    gboolean b = FALSE;
    int score = 0;

    if (strcmp(name, "sequential") == 0
        || (order && strcmp(name, "require-all") == 0)) {
        return (ha_bool_parse(value, &b) == 0) ? 0
               : bad(-EINVAL, what, "'%s' is not true or false", value);
    }
    if (!order && strcmp(name, "role") == 0) {
        return one_of(value, roles) ? 0
               : bad(-EINVAL, what, "role is Started, Promoted or "
                     "Unpromoted, not '%s'", value);
    }
    if (!order && strcmp(name, "score") == 0) {
        return (ha_score_parse(value, &score) == 0) ? 0
               : bad(-EINVAL, what, "'%s' is not a score", value);
    }
    if (order && strcmp(name, "action") == 0) {
        return one_of(value, actions) ? 0
               : bad(-EINVAL, what, "action is start, stop, promote or "
                     "demote, not '%s'", value);
    }
    if (order && strcmp(name, "kind") == 0) {
        return one_of(value, kinds) ? 0
               : bad(-EINVAL, what, "kind is Mandatory, Optional or "
                     "Serialize, not '%s'", value);
    }
    if (strcmp(name, "ordering") == 0 || strcmp(name, "require-all") == 0
        || strcmp(name, "role") == 0 || strcmp(name, "action") == 0
        || strcmp(name, "kind") == 0 || strcmp(name, "score") == 0) {
        return bad(-HA_EUNSUPPORTED, what, "the scheduler does not evaluate "
                   "'%s' in this kind of set", name);
    }
    return bad(-EINVAL, what, "unknown set option '%s'", name);
}

int
hactl_set_parse(const char *text, gboolean order, const char *set_id,
                xmlNode **ret_set)
{
    g_auto(GStrv) words = g_strsplit_set(text, " \t\n", -1);
    xmlNode *set = xmlNewNode(NULL, X("resource_set"));
    guint n_rscs = 0;

    xmlSetProp(set, X("id"), X(set_id));
    for (char **w = words; *w != NULL; w++) {
        const char *eq = strchr(*w, '=');

        if (**w == '\0') {
            continue;
        }
        if (eq != NULL) {
            g_autofree char *name = g_strndup(*w, eq - *w);
            int rc = option_ok(name, eq + 1, order);

            if (rc < 0) {
                xmlFreeNode(set);
                return rc;
            }
            xmlSetProp(set, X(name), X(eq + 1));
            continue;
        }
        (void) xmlNewChild(set, NULL, X("resource_ref"), NULL);
        xmlSetProp(xmlGetLastChild(set), X("id"), X(*w));
        n_rscs++;
    }
    if (n_rscs == 0) {
        xmlFreeNode(set);
        return bad(-EINVAL, order ? "order" : "colocation",
                   "a set needs at least one resource: '%s'", text);
    }
    *ret_set = set;
    return 0;
}

char *
hactl_set_text(const xmlNode *set)
{
    GString *out = g_string_new("[");
    gboolean first = TRUE;

    for (const xmlNode *r = ha_xml_first_child(set, "resource_ref"); r != NULL;
         r = ha_xml_next(r, "resource_ref")) {
        g_string_append_printf(out, "%s%s", first ? "" : " ",
                               ha_xml_attr(r, "id"));
        first = FALSE;
    }
    for (const xmlAttr *a = set->properties; a != NULL; a = a->next) {
        if (strcmp((const char *) a->name, "id") != 0) {
            g_string_append_printf(out, " %s=%s", (const char *) a->name,
                                   (const char *) a->children->content);
        }
    }
    g_string_append_c(out, ']');
    return g_string_free(out, FALSE);
}

void
hactl_set_json(JsonBuilder *b, const xmlNode *set)
{
    json_builder_begin_object(b);
    for (const xmlAttr *a = set->properties; a != NULL; a = a->next) {
        json_builder_set_member_name(b, (const char *) a->name);
        json_builder_add_string_value(b, (const char *) a->children->content);
    }
    json_builder_set_member_name(b, "resources");
    json_builder_begin_array(b);
    for (const xmlNode *r = ha_xml_first_child(set, "resource_ref"); r != NULL;
         r = ha_xml_next(r, "resource_ref")) {
        json_builder_add_string_value(b, ha_xml_attr(r, "id"));
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}
