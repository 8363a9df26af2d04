/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_validate_chars.c - every character of a document must be
 * one XML 1.0 allows (the Char production: tab, newline, carriage return,
 * U+0020-U+D7FF, U+E000-U+FFFD, U+10000-U+10FFFF, in valid UTF-8).
 *
 * A parsed document always passes: the parser refuses anything else.  An
 * edited one may not: libxml2's tree API stores any byte string, and its
 * serializer then writes text no parser reads back.  A change that the DC
 * validates and orders must be one every member can parse and apply, so
 * this check runs first in the one validation path (ha_store_validate_xml)
 * that import, verify, simulate and every write go through.
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "store/store_doc_private.h"

static gboolean
is_xml_char(gunichar c)
{
    return c == 0x9 || c == 0xA || c == 0xD
           || (c >= 0x20 && c <= 0xD7FF)
           || (c >= 0xE000 && c <= 0xFFFD)
           || (c >= 0x10000 && c <= 0x10FFFF);
}

/* Byte offset of the first character XML does not allow, or -1.  Sets
 * *ret_char to it (0xFFFFFFFF when the UTF-8 itself is invalid). */
static gssize
first_bad_char(const char *text, gunichar *ret_char)
{
    const char *end = NULL;
    const char *p;

    if (!g_utf8_validate(text, -1, &end)) {
        *ret_char = 0xFFFFFFFF;
        return end - text;
    }
    for (p = text; *p != '\0'; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);

        if (!is_xml_char(c)) {
            *ret_char = c;
            return p - text;
        }
    }
    return -1;
}

char *
ha_store_text_problem(const char *text)
{
    gunichar c = 0;
    gssize at = first_bad_char(text, &c);

    if (at < 0) {
        return NULL;
    }
    if (c == 0xFFFFFFFF) {
        return g_strdup_printf("invalid UTF-8 at byte %zd", at);
    }
    return g_strdup_printf("character U+%04X at byte %zd is not allowed in "
                           "XML", (guint) c, at);
}

static void
report(GPtrArray *errors, const xmlNode *elem, const char *what,
       const char *text)
{
    g_autofree char *problem = ha_store_text_problem(text);

    if (problem != NULL) {
        ha_store_errors_add(errors, "<%s> %s: %s", (const char *) elem->name,
                            what, problem);
    }
}

static void
check_element(const xmlNode *node, GPtrArray *errors)
{
    report(errors, node, "element name", (const char *) node->name);
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        g_autofree char *what = g_strdup_printf("attribute '%s'",
                                                (const char *) a->name);
        g_autofree xmlChar *value = xmlNodeGetContent((const xmlNode *) a);

        report(errors, node, what, (const char *) a->name);
        if (value != NULL) {
            report(errors, node, what, (const char *) value);
        }
    }
}

/* The next node in document order under @root, without recursion. */
static const xmlNode *
next_node(const xmlNode *node, const xmlNode *root)
{
    if (node->type == XML_ELEMENT_NODE && node->children != NULL) {
        return node->children;
    }
    while (node != root && node->next == NULL) {
        node = node->parent;
    }
    return (node == root) ? NULL : node->next;
}

int
ha_store_validate_chars(const xmlDoc *xml, GPtrArray *errors)
{
    const xmlNode *root = xmlDocGetRootElement(xml);
    guint before = errors->len;

    for (const xmlNode *n = root; n != NULL; n = next_node(n, root)) {
        if (n->type == XML_ELEMENT_NODE) {
            check_element(n, errors);
        } else if (n->content != NULL && n->parent != NULL) {
            report(errors, n->parent, "text", (const char *) n->content);
        }
    }
    return (errors->len == before) ? 0 : -HA_EBADXML;
}
