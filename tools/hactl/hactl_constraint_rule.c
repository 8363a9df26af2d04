/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_constraint_rule.c - hactl's expression language for
 * location rules, to and from CIB <rule> XML.
 *
 *   RULE := TERM { and TERM } | TERM { or TERM }   (one kind per rule)
 *   TERM := ATTR OP [TYPE] VALUE    OP: eq ne lt lte gt gte
 *                                   TYPE: string integer number version
 *         | defined ATTR | not_defined ATTR
 *         | date gt DATE | date lt DATE | date in_range DATE to DATE
 *         | date spec NAME=RANGE...  NAME: years months monthdays hours
 *                                    minutes seconds yeardays weekdays weeks
 *
 * ATTR is a node attribute (#uname, #id, #is_dc included); DATE is
 * YYYY-MM-DD[THH:MM:SS] in UTC; RANGE is N or N-M.  This is exactly what
 * lib/store/store_model_rule.c evaluates; nested rules and the date_spec
 * parts it ignores are refused as unsupported.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/xml.h"
#include "store/store_model.h"
#include "hactl_constraint.h"

#define X(s) ((const xmlChar *) (s))

static const char *const attr_ops[] = { "eq", "ne", "lt", "lte", "gt", "gte" };
static const char *const types[] = { "string", "integer", "number",
                                     "version" };
/* date_spec parts the scheduler evaluates, and those it does not */
static const char *const spec_parts[] = { "years", "months", "monthdays",
                                          "hours", "minutes", "seconds",
                                          "yeardays", "weekdays", "weeks" };
static const char *const spec_ignored[] = { "weekyears", "moon" };

static gboolean
in_list(const char *word, const char *const *list, gsize n)
{
    for (gsize i = 0; i < n; i++) {
        if (strcmp(word, list[i]) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static int bad(int rc, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static int
bad(int rc, const char *fmt, ...)
{
    va_list ap;

    fputs("hactl: constraint location add: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return rc;
}

/* Parser state: the words of the rule and the next one to read. */
struct words {
    char **w;
    guint n, pos;
    xmlNode *rule;
    guint n_exprs;
};

static const char *
next_word(struct words *s)
{
    return (s->pos < s->n) ? s->w[s->pos++] : NULL;
}

static xmlNode *
new_expr(struct words *s, const char *name)
{
    const char *rule_id = ha_xml_attr(s->rule, "id");
    g_autofree char *id = (s->n_exprs == 0)
                          ? g_strdup_printf("%s-expr", rule_id)
                          : g_strdup_printf("%s-expr-%u", rule_id, s->n_exprs);
    xmlNode *e = xmlNewChild(s->rule, NULL, X(name), NULL);

    s->n_exprs++;
    xmlSetProp(e, X("id"), X(id));
    return e;
}

static int
need_date(const char *word)
{
    gint64 t = 0;

    if (word == NULL || ha_store_date_parse(word, &t) < 0) {
        return bad(-EINVAL, "'%s' is not a date (YYYY-MM-DD[THH:MM:SS])",
                   word != NULL ? word : "");
    }
    return 0;
}

static int
range_ok(const char *v)
{
    const char *dash = strchr(v, '-');
    gsize len = strlen(v);

    if (len == 0 || strspn(v, "0123456789-") != len || v[0] == '-'
        || v[len - 1] == '-' || (dash != NULL && strchr(dash + 1, '-') != NULL)) {
        return -EINVAL;
    }
    return 0;
}

static int
parse_date_spec(struct words *s)
{
    xmlNode *e = new_expr(s, "date_expression");
    g_autofree char *spec_id = g_strdup_printf("%s-spec", ha_xml_attr(e, "id"));
    xmlNode *spec;
    guint parts = 0;

    xmlSetProp(e, X("operation"), X("date_spec"));
    spec = xmlNewChild(e, NULL, X("date_spec"), NULL);
    xmlSetProp(spec, X("id"), X(spec_id));
    while (s->pos < s->n && strchr(s->w[s->pos], '=') != NULL) {
        const char *word = next_word(s);
        g_autofree char *name = g_strndup(word, strchr(word, '=') - word);
        const char *value = strchr(word, '=') + 1;

        if (in_list(name, spec_ignored, G_N_ELEMENTS(spec_ignored))) {
            return bad(-HA_EUNSUPPORTED, "date spec '%s' is not supported "
                       "(the scheduler does not evaluate it)", name);
        }
        if (!in_list(name, spec_parts, G_N_ELEMENTS(spec_parts))) {
            return bad(-EINVAL, "'%s' is not a part of a date spec (years "
                       "months monthdays hours minutes seconds yeardays "
                       "weekdays weeks)", name);
        }
        if (range_ok(value) < 0) {
            return bad(-EINVAL, "'%s' is not a number or a range N-M", word);
        }
        xmlSetProp(spec, X(name), X(value));
        parts++;
    }
    if (parts == 0) {
        return bad(-EINVAL, "date spec needs NAME=RANGE (hours=9-17)");
    }
    return 0;
}

static int
parse_date(struct words *s)
{
    const char *op = next_word(s);
    const char *d1;
    xmlNode *e;

    if (g_strcmp0(op, "spec") == 0) {
        return parse_date_spec(s);
    }
    if (op == NULL || (strcmp(op, "gt") != 0 && strcmp(op, "lt") != 0
                       && strcmp(op, "in_range") != 0)) {
        return bad(-EINVAL, "date needs gt, lt, in_range or spec, not '%s'",
                   op != NULL ? op : "");
    }
    d1 = next_word(s);
    if (need_date(d1) < 0) {
        return -EINVAL;
    }
    e = new_expr(s, "date_expression");
    xmlSetProp(e, X("operation"), X(op));
    if (strcmp(op, "lt") == 0) {
        xmlSetProp(e, X("end"), X(d1));
        return 0;
    }
    xmlSetProp(e, X("start"), X(d1));
    if (strcmp(op, "in_range") == 0) {
        const char *to = next_word(s);
        const char *d2 = next_word(s);

        if (g_strcmp0(to, "to") != 0) {
            return bad(-EINVAL, "date in_range is 'date in_range DATE to "
                       "DATE'");
        }
        if (need_date(d2) < 0) {
            return -EINVAL;
        }
        xmlSetProp(e, X("end"), X(d2));
    }
    return 0;
}

static int
parse_term(struct words *s)
{
    const char *first = next_word(s);
    const char *op;
    const char *value;
    xmlNode *e;

    if (first == NULL) {
        return bad(-EINVAL, "the rule ends where a condition was expected");
    }
    if (strcmp(first, "(") == 0 || first[0] == '(') {
        return bad(-HA_EUNSUPPORTED, "parentheses (nested rules) are not "
                   "supported: '%s'", first);
    }
    if (strcmp(first, "date") == 0) {
        return parse_date(s);
    }
    if (strcmp(first, "defined") == 0 || strcmp(first, "not_defined") == 0) {
        const char *attr = next_word(s);

        if (attr == NULL) {
            return bad(-EINVAL, "'%s' needs an attribute name", first);
        }
        e = new_expr(s, "expression");
        xmlSetProp(e, X("attribute"), X(attr));
        xmlSetProp(e, X("operation"), X(first));
        return 0;
    }
    op = next_word(s);
    if (op == NULL || !in_list(op, attr_ops, G_N_ELEMENTS(attr_ops))) {
        return bad(-EINVAL, "'%s' is not an operator (eq ne lt lte gt gte)",
                   op != NULL ? op : "");
    }
    value = next_word(s);
    if (value == NULL) {
        return bad(-EINVAL, "'%s' needs a value", op);
    }
    e = new_expr(s, "expression");
    xmlSetProp(e, X("attribute"), X(first));
    xmlSetProp(e, X("operation"), X(op));
    /* ATTR OP TYPE VALUE: a type word followed by a value that is not a
     * connective */
    if (in_list(value, types, G_N_ELEMENTS(types)) && s->pos < s->n
        && strcmp(s->w[s->pos], "and") != 0 && strcmp(s->w[s->pos], "or") != 0) {
        xmlSetProp(e, X("type"), X(value));
        value = next_word(s);
    }
    xmlSetProp(e, X("value"), X(value));
    return 0;
}

static int
parse_terms(struct words *s)
{
    const char *joiner = NULL;
    int rc = parse_term(s);

    while (rc == 0 && s->pos < s->n) {
        const char *w = next_word(s);

        if (strcmp(w, "and") != 0 && strcmp(w, "or") != 0) {
            return bad(-EINVAL, "expected 'and' or 'or', not '%s'", w);
        }
        if (joiner != NULL && strcmp(joiner, w) != 0) {
            return bad(-HA_EUNSUPPORTED, "a rule joins its conditions with "
                       "'and' or with 'or', not both (nested rules are not "
                       "supported)");
        }
        joiner = w;
        rc = parse_term(s);
    }
    if (rc == 0 && joiner != NULL) {
        xmlSetProp(s->rule, X("boolean-op"), X(joiner));
    }
    return rc;
}

int
hactl_rule_parse(const char *text, const char *rule_id, xmlNode **ret_rule)
{
    g_auto(GStrv) all = g_strsplit_set(text, " \t\n", -1);
    g_autoptr(GPtrArray) words = g_ptr_array_new();
    struct words s = { 0 };
    int rc;

    for (char **w = all; *w != NULL; w++) {
        if (**w != '\0') {
            g_ptr_array_add(words, *w);
        }
    }
    s.w = (char **) words->pdata;
    s.n = words->len;
    s.rule = xmlNewNode(NULL, X("rule"));
    xmlSetProp(s.rule, X("id"), X(rule_id));
    rc = parse_terms(&s);
    if (rc < 0) {
        xmlFreeNode(s.rule);
        return rc;
    }
    *ret_rule = s.rule;
    return 0;
}

/* ---- XML back to the language ---- */

static void
expr_text(GString *out, const xmlNode *e)
{
    const char *op = ha_xml_attr(e, "operation");

    if (ha_xml_is(e, "expression")) {
        if (g_strcmp0(op, "defined") == 0 || g_strcmp0(op, "not_defined") == 0) {
            g_string_append_printf(out, "%s %s", op, ha_xml_attr(e, "attribute"));
            return;
        }
        g_string_append_printf(out, "%s %s%s%s %s", ha_xml_attr(e, "attribute"),
                               op != NULL ? op : "eq",
                               ha_xml_attr(e, "type") != NULL ? " " : "",
                               ha_xml_attr(e, "type") != NULL
                               ? ha_xml_attr(e, "type") : "",
                               ha_xml_attr(e, "value") != NULL
                               ? ha_xml_attr(e, "value") : "");
    } else if (ha_xml_is(e, "date_expression")
               && g_strcmp0(op, "date_spec") == 0) {
        const xmlNode *spec = ha_xml_first_child(e, "date_spec");

        g_string_append(out, "date spec");
        for (const xmlAttr *a = (spec != NULL) ? spec->properties : NULL;
             a != NULL; a = a->next) {
            if (strcmp((const char *) a->name, "id") != 0) {
                g_string_append_printf(out, " %s=%s", (const char *) a->name,
                                       (const char *) a->children->content);
            }
        }
    } else if (ha_xml_is(e, "date_expression")) {
        const char *start = ha_xml_attr(e, "start");
        const char *end = ha_xml_attr(e, "end");

        if (g_strcmp0(op, "gt") == 0) {
            g_string_append_printf(out, "date gt %s", start);
        } else if (g_strcmp0(op, "lt") == 0) {
            g_string_append_printf(out, "date lt %s", end);
        } else {
            g_string_append_printf(out, "date in_range %s to %s",
                                   start != NULL ? start : "-",
                                   end != NULL ? end : "(duration)");
        }
    } else if (ha_xml_is(e, "rule")) {
        g_autofree char *inner = hactl_rule_text(e);

        g_string_append_printf(out, "(%s)", inner);
    } else {
        g_string_append_printf(out, "<%s>", (const char *) e->name);
    }
}

char *
hactl_rule_text(const xmlNode *rule)
{
    GString *out = g_string_new(NULL);
    const char *op = ha_xml_attr(rule, "boolean-op");
    gboolean first = TRUE;

    for (const xmlNode *e = ha_xml_first_child(rule, NULL); e != NULL;
         e = ha_xml_next(e, NULL)) {
        if (!first) {
            g_string_append_printf(out, " %s ", op != NULL ? op : "and");
        }
        expr_text(out, e);
        first = FALSE;
    }
    return g_string_free(out, FALSE);
}

void
hactl_rule_json(JsonBuilder *b, const xmlNode *rule)
{
    g_autofree char *text = hactl_rule_text(rule);

    json_builder_begin_object(b);
    for (const xmlAttr *a = rule->properties; a != NULL; a = a->next) {
        json_builder_set_member_name(b, (const char *) a->name);
        json_builder_add_string_value(b, (const char *) a->children->content);
    }
    json_builder_set_member_name(b, "expression");
    json_builder_add_string_value(b, text);
    json_builder_end_object(b);
}
