/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "common/xml.h"

static int
parse(const char *text, char **err)
{
    g_autoptr(xmlDoc) doc = NULL;

    return ha_xml_parse_memory(text, strlen(text), "t", NULL, &doc, err);
}

static void
accepts_plain_document(void)
{
    g_autoptr(xmlDoc) doc = NULL;
    const char *t = "<?xml version=\"1.0\"?><!-- c --><cib epoch=\"3\"><a/></cib>";
    xmlNode *root;

    g_assert_cmpint(ha_xml_parse_memory(t, strlen(t), "t", NULL, &doc, NULL),
                    ==, 0);
    root = xmlDocGetRootElement(doc);
    g_assert_true(ha_xml_is(root, "cib"));
    g_assert_cmpstr(ha_xml_attr(root, "epoch"), ==, "3");
    g_assert_true(ha_xml_is(ha_xml_first_child(root, NULL), "a"));
}

static void
rejects_malformed(void)
{
    g_autofree char *err = NULL;

    g_assert_cmpint(parse("<cib><a></cib>", &err), ==, -HA_EBADXML);
    g_assert_nonnull(err);
    g_assert_nonnull(strstr(err, "t:"));
}

static void
rejects_external_entity(void)
{
    g_autofree char *err = NULL;
    const char *xxe = "<?xml version=\"1.0\"?>\n<!DOCTYPE cib [ <!ENTITY x "
                      "SYSTEM \"file:///etc/passwd\"> ]><cib>&x;</cib>";

    g_assert_cmpint(parse(xxe, &err), ==, -HA_EBADXML);
    g_assert_nonnull(strstr(err, "entities"));
}

static void
rejects_billion_laughs(void)
{
    GString *s = g_string_new("<!DOCTYPE l [<!ENTITY a \"aaaaaaaaaa\">");

    for (int i = 1; i < 10; i++) {
        g_string_append_printf(s, "<!ENTITY %c \"", 'a' + i);
        for (int j = 0; j < 10; j++) {
            g_string_append_printf(s, "&%c;", 'a' + i - 1);
        }
        g_string_append(s, "\">");
    }
    g_string_append(s, "]><l>&j;</l>");
    g_assert_cmpint(parse(s->str, NULL), ==, -HA_EBADXML);
    g_string_free(s, TRUE);
}

static void
rejects_deep_nesting(void)
{
    GString *s = g_string_new("");
    g_autofree char *err = NULL;

    for (int i = 0; i < 200; i++) {
        g_string_append(s, "<a>");
    }
    for (int i = 0; i < 200; i++) {
        g_string_append(s, "</a>");
    }
    g_assert_cmpint(parse(s->str, &err), ==, -HA_ETOOBIG);
    g_assert_nonnull(strstr(err, "nested"));
    g_string_free(s, TRUE);
}

/* "<a>" x @n then "</a>" x @n */
static char *
nested(guint n)
{
    GString *s = g_string_sized_new(n * 7 + 1);

    for (guint i = 0; i < n; i++) {
        g_string_append(s, "<a>");
    }
    for (guint i = 0; i < n; i++) {
        g_string_append(s, "</a>");
    }
    return g_string_free(s, FALSE);
}

/* A million levels: refused while parsing, before any tree of that depth
 * exists (a recursive walk of it overflows the stack). */
static void
rejects_deep_nesting_before_building_it(void)
{
    g_autofree char *deep = nested(1000000);
    g_autofree char *err = NULL;
    g_autofree char *sax_err = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    xmlSAXHandler none = { .initialized = XML_SAX2_MAGIC };

    g_assert_cmpint(parse(deep, &err), ==, -HA_ETOOBIG);
    g_assert_nonnull(strstr(err, "t: line 1: elements nested deeper than 64"));
    g_assert_cmpint(ha_xml_sax_parse_memory(deep, strlen(deep), "t", NULL,
                                            &none, NULL, &doc, &sax_err),
                    ==, -HA_ETOOBIG);
    g_assert_nonnull(strstr(sax_err, "nested deeper than 64"));
    g_assert_null(doc);
}

/* The depth is refused where it is reached, before the parser goes on: a
 * document broken after its 65th level is refused for its depth. */
static void
refuses_depth_where_reached(void)
{
    g_autofree char *deep = nested(100);
    g_autofree char *broken = g_strconcat(deep, "<b", NULL);
    g_autofree char *err = NULL;

    g_assert_cmpint(parse(broken, &err), ==, -HA_ETOOBIG);
    g_assert_nonnull(strstr(err, "nested deeper than 64"));
}

static void
refuses_long_lists(void)
{
    struct ha_xml_limits lim = *ha_xml_default_limits();
    g_autoptr(GString) s = g_string_new("<r>");
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *err = NULL;
    const char *four = "<r><a><b/><b/><b/></a><a/><a/><a/></r>";

    lim.max_children = 3;
    g_assert_cmpint(ha_xml_parse_memory(four, strlen(four), "t", &lim, &doc,
                                        &err), ==, -HA_ETOOBIG);
    g_assert_nonnull(strstr(err, "more than 3 elements in one element"));
    lim.max_children = 4;
    g_assert_cmpint(ha_xml_parse_memory(four, strlen(four), "t", &lim, &doc,
                                        NULL), ==, 0);
    g_clear_pointer(&doc, xmlFreeDoc);
    for (guint i = 0; i <= HA_XML_MAX_CHILDREN; i++) {
        g_string_append(s, "<a/>");
    }
    g_string_append(s, "</r>");
    g_assert_cmpint(parse(s->str, NULL), ==, -HA_ETOOBIG);
}

/* A value over the limit is refused from the raw bytes, before libxml2
 * reads it (a 60 MB value took minutes through the chunked parser). */
static void
refuses_long_value_unread(void)
{
    struct ha_xml_limits lim = *ha_xml_default_limits();
    g_autofree char *big = g_strnfill(10 * 1000, 'x');
    g_autofree char *text = g_strdup_printf("<a v=\"%s\"/>", big);
    xmlSAXHandler none = { .initialized = XML_SAX2_MAGIC };
    g_autofree char *err = NULL;
    g_autofree char *sax_err = NULL;

    lim.max_attr_bytes = 1000;
    g_assert_cmpint(parse(text, NULL), ==, 0);
    g_assert_cmpint(ha_xml_parse_memory(text, strlen(text), "t", &lim, NULL,
                                        &err), ==, -HA_ETOOBIG);
    g_assert_nonnull(strstr(err, "bytes of one tag or text"));
    g_assert_cmpint(ha_xml_sax_parse_memory(text, strlen(text), "t", &lim,
                                            &none, NULL, NULL, &sax_err),
                    ==, -HA_ETOOBIG);
    g_assert_nonnull(strstr(sax_err, "bytes of one tag or text"));
}

/* Issue 16: import accepted a UTF-16 file that verify refused. */
static void
reads_utf8_only(void)
{
    static const char utf16[] = "\xff\xfe<\0a\0/\0>\0";
    const char *latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>";
    const char *utf8 = "<?xml version='1.0' encoding='utf-8'?><a/>";
    xmlSAXHandler none = { .initialized = XML_SAX2_MAGIC };
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *err = NULL;
    g_autofree char *sax_err = NULL;

    g_assert_cmpint(ha_xml_parse_memory(utf16, sizeof(utf16) - 1, "t", NULL,
                                        &doc, &err), ==, -HA_EBADXML);
    g_assert_nonnull(strstr(err, "not UTF-8"));
    g_assert_cmpint(ha_xml_sax_parse_memory(utf16, sizeof(utf16) - 1, "t",
                                            NULL, &none, NULL, NULL,
                                            &sax_err), ==, -HA_EBADXML);
    g_assert_nonnull(strstr(sax_err, "not UTF-8"));
    g_assert_cmpint(parse(latin1, NULL), ==, -HA_EBADXML);
    g_assert_cmpint(parse(utf8, NULL), ==, 0);
}

static void
sax_refuses_doctype(void)
{
    const char *t = "<!DOCTYPE a SYSTEM \"http://example.invalid/a.dtd\"><a/>";
    xmlSAXHandler none = { .initialized = XML_SAX2_MAGIC };
    g_autofree char *err = NULL;

    g_assert_cmpint(ha_xml_sax_parse_memory(t, strlen(t), "t", NULL, &none,
                                            NULL, NULL, &err),
                    ==, -HA_EBADXML);
    g_assert_nonnull(strstr(err, "document type"));
}

static void
rejects_huge_attribute_and_input(void)
{
    struct ha_xml_limits lim = *ha_xml_default_limits();
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *big = NULL;
    g_autofree char *text = NULL;

    lim.max_attr_bytes = 100;
    big = g_strnfill(200, 'x');
    text = g_strdup_printf("<a v=\"%s\"/>", big);
    g_assert_cmpint(ha_xml_parse_memory(text, strlen(text), "t", &lim, &doc,
                                        NULL), ==, -HA_ETOOBIG);
    lim.max_bytes = 10;
    g_assert_cmpint(ha_xml_parse_memory("<aaaaaaaaaaaaaaa/>", 18, "t", &lim,
                                        &doc, NULL), ==, -HA_ETOOBIG);
    g_assert_null(doc);
}

static void
rejects_invalid_utf8(void)
{
    g_assert_cmpint(parse("<a v=\"\xff\xfe\"/>", NULL), ==, -HA_EBADXML);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/common/xml/plain", accepts_plain_document);
    g_test_add_func("/common/xml/malformed", rejects_malformed);
    g_test_add_func("/common/xml/xxe", rejects_external_entity);
    g_test_add_func("/common/xml/billion-laughs", rejects_billion_laughs);
    g_test_add_func("/common/xml/deep", rejects_deep_nesting);
    g_test_add_func("/common/xml/deep-unbuilt",
                    rejects_deep_nesting_before_building_it);
    g_test_add_func("/common/xml/deep-where-reached",
                    refuses_depth_where_reached);
    g_test_add_func("/common/xml/long-lists", refuses_long_lists);
    g_test_add_func("/common/xml/long-value", refuses_long_value_unread);
    g_test_add_func("/common/xml/utf8-only", reads_utf8_only);
    g_test_add_func("/common/xml/sax-doctype", sax_refuses_doctype);
    g_test_add_func("/common/xml/huge", rejects_huge_attribute_and_input);
    g_test_add_func("/common/xml/utf8", rejects_invalid_utf8);
    return g_test_run();
}
