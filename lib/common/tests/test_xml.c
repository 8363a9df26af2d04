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

static void
reader_refuses_doctype(void)
{
    g_autoptr(xmlTextReader) r = NULL;
    const char *t = "<!DOCTYPE a SYSTEM \"http://example.invalid/a.dtd\"><a/>";

    g_assert_cmpint(ha_xml_reader_open_memory(t, strlen(t), "t", NULL, &r,
                                              NULL), ==, -HA_EBADXML);
    g_assert_null(r);
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
    g_test_add_func("/common/xml/huge", rejects_huge_attribute_and_input);
    g_test_add_func("/common/xml/utf8", rejects_invalid_utf8);
    g_test_add_func("/common/xml/reader-doctype", reader_refuses_doctype);
    return g_test_run();
}
