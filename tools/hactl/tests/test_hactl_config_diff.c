/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/hactl/tests/test_hactl_config_diff.c - the element-by-element diff
 * of two configurations (hactl_config_diff.c). */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "common/xml.h"
#include "hactl_config.h"

#define CIB(body) "<cib admin_epoch=\"0\" epoch=\"1\" num_updates=\"0\">" \
                  "<configuration>" body "</configuration></cib>"

static xmlDoc *
parse(const char *xml)
{
    xmlDoc *doc = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint(ha_xml_parse_memory(xml, strlen(xml), "test", NULL, &doc,
                                        &err), ==, 0);
    return doc;
}

static GPtrArray *
diff(const char *a, const char *b)
{
    xmlDoc *x = parse(a);
    xmlDoc *y = parse(b);
    GPtrArray *items = hactl_config_diff(hactl_config_section(x),
                                         hactl_config_section(y));

    xmlFreeDoc(x);
    xmlFreeDoc(y);
    return items;
}

static const struct hactl_diff_item *
item(const GPtrArray *items, guint i)
{
    g_assert_cmpuint(i, <, items->len);
    return items->pdata[i];
}

static const struct hactl_diff_attr *
attr(const struct hactl_diff_item *it, guint i)
{
    g_assert_cmpuint(i, <, it->attrs->len);
    return it->attrs->pdata[i];
}

static void
same_is_empty(void)
{
    const char *a = CIB("<resources><primitive id=\"r\" class=\"ocf\" "
                        "provider=\"heartbeat\" type=\"Dummy\"/></resources>");
    g_autoptr(GPtrArray) items = diff(a, a);
    g_autofree char *summary = hactl_config_diff_summary(items, 3);

    g_assert_cmpuint(items->len, ==, 0);
    g_assert_cmpstr(summary, ==, "no change");
}

static void
attribute_order_and_whitespace_do_not_count(void)
{
    g_autoptr(GPtrArray) items = diff(
        CIB("<constraints><rsc_location id=\"l\" rsc=\"r\" node=\"n\" "
            "score=\"5\"/></constraints>"),
        CIB("<constraints>\n  <rsc_location score=\"5\" node=\"n\" id=\"l\" "
            "rsc=\"r\"/>\n</constraints>"));

    g_assert_cmpuint(items->len, ==, 0);
}

static void
nvpairs_and_ops_by_name(void)
{
    g_autoptr(GPtrArray) items = diff(
        CIB("<resources><primitive id=\"r\" class=\"ocf\" provider=\"h\" "
            "type=\"D\"><instance_attributes id=\"r-ia\"><nvpair id=\"r-ia-ip\""
            " name=\"ip\" value=\"10.0.0.1\"/></instance_attributes>"
            "<operations><op id=\"r-mon\" name=\"monitor\" interval=\"10s\" "
            "timeout=\"20s\"/></operations></primitive></resources>"),
        CIB("<resources><primitive id=\"r\" class=\"ocf\" provider=\"h\" "
            "type=\"D\"><instance_attributes id=\"other-id\"><nvpair "
            "id=\"x\" name=\"ip\" value=\"10.0.0.2\"/></instance_attributes>"
            "<meta_attributes id=\"r-ma\"><nvpair id=\"r-ma-t\" "
            "name=\"target-role\" value=\"Stopped\"/></meta_attributes>"
            "<operations><op id=\"r-mon\" name=\"monitor\" interval=\"10s\" "
            "timeout=\"30s\"/></operations></primitive></resources>"));
    const struct hactl_diff_item *it = item(items, 0);

    g_assert_cmpuint(items->len, ==, 1);
    g_assert_cmpint(it->change, ==, HACTL_DIFF_CHANGED);
    g_assert_cmpstr(it->kind, ==, "resource");
    g_assert_cmpstr(it->id, ==, "r");
    g_assert_cmpstr(it->what, ==, "primitive ocf:h:D");
    /* sorted by name; the ids of sets and nvpairs do not count */
    g_assert_cmpuint(it->attrs->len, ==, 3);
    g_assert_cmpstr(attr(it, 0)->name, ==, "meta target-role");
    g_assert_null(attr(it, 0)->old_value);
    g_assert_cmpstr(attr(it, 0)->new_value, ==, "Stopped");
    g_assert_cmpstr(attr(it, 1)->name, ==, "op monitor 10s");
    g_assert_cmpstr(attr(it, 1)->old_value, ==, "timeout=20s");
    g_assert_cmpstr(attr(it, 1)->new_value, ==, "timeout=30s");
    g_assert_cmpstr(attr(it, 2)->name, ==, "param ip");
    g_assert_cmpstr(attr(it, 2)->old_value, ==, "10.0.0.1");
    g_assert_cmpstr(attr(it, 2)->new_value, ==, "10.0.0.2");
}

static void
sections_in_order_removed_first(void)
{
    g_autoptr(GPtrArray) items = diff(
        CIB("<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\" "
            "name=\"stonith-enabled\" value=\"true\"/></cluster_property_set>"
            "</crm_config><resources><primitive id=\"a\" class=\"lsb\" "
            "type=\"x\"/></resources><constraints><rsc_order id=\"o-1\" "
            "first=\"a\" then=\"a\"/></constraints>"),
        CIB("<constraints/><resources><primitive id=\"b\" class=\"lsb\" "
            "type=\"x\"/></resources><crm_config><cluster_property_set "
            "id=\"p\"><nvpair id=\"p1\" name=\"stonith-enabled\" "
            "value=\"false\"/></cluster_property_set></crm_config>"));
    g_autofree char *summary = hactl_config_diff_summary(items, 2);

    g_assert_cmpuint(items->len, ==, 4);
    g_assert_cmpstr(item(items, 0)->kind, ==, "property");
    g_assert_cmpint(item(items, 0)->change, ==, HACTL_DIFF_CHANGED);
    g_assert_cmpstr(attr(item(items, 0), 0)->old_value, ==, "true");
    g_assert_cmpstr(attr(item(items, 0), 0)->new_value, ==, "false");
    g_assert_cmpint(item(items, 1)->change, ==, HACTL_DIFF_REMOVED);
    g_assert_cmpstr(item(items, 1)->id, ==, "a");
    g_assert_cmpint(item(items, 2)->change, ==, HACTL_DIFF_ADDED);
    g_assert_cmpstr(item(items, 2)->id, ==, "b");
    g_assert_cmpint(item(items, 3)->change, ==, HACTL_DIFF_REMOVED);
    g_assert_cmpstr(item(items, 3)->kind, ==, "constraint");
    g_assert_cmpstr(summary, ==, "changed property 'stonith-enabled'; "
                    "removed resource 'a'; and 2 more");
}

static void
group_members_and_nested_resources(void)
{
    g_autoptr(GPtrArray) items = diff(
        CIB("<resources><group id=\"g\"><primitive id=\"a\" class=\"lsb\" "
            "type=\"x\"/><primitive id=\"b\" class=\"lsb\" type=\"x\"/>"
            "</group></resources>"),
        CIB("<resources><group id=\"g\"><primitive id=\"b\" class=\"lsb\" "
            "type=\"x\"/><primitive id=\"a\" class=\"lsb\" type=\"y\"/>"
            "</group></resources>"));

    g_assert_cmpuint(items->len, ==, 2);
    g_assert_cmpstr(item(items, 0)->id, ==, "g");
    g_assert_cmpstr(attr(item(items, 0), 0)->name, ==, "members");
    g_assert_cmpstr(attr(item(items, 0), 0)->old_value, ==, "a b");
    g_assert_cmpstr(attr(item(items, 0), 0)->new_value, ==, "b a");
    g_assert_cmpstr(item(items, 1)->id, ==, "a");
    /* the agent changed: the attribute and the description */
    g_assert_cmpstr(attr(item(items, 1), 0)->name, ==, "element");
    g_assert_cmpstr(attr(item(items, 1), 1)->name, ==, "type");
}

static void
nodes_by_uname_and_missing_sections(void)
{
    g_autoptr(GPtrArray) items = diff(
        CIB(""),
        CIB("<nodes><node id=\"7\" uname=\"n1\"><instance_attributes "
            "id=\"n1-ia\"><nvpair id=\"n1-s\" name=\"standby\" value=\"on\"/>"
            "</instance_attributes></node></nodes><tags><tag id=\"t\">"
            "<obj_ref id=\"a\"/></tag></tags>"));

    g_assert_cmpuint(items->len, ==, 2);
    g_assert_cmpstr(item(items, 0)->kind, ==, "node");
    g_assert_cmpstr(item(items, 0)->id, ==, "n1");
    g_assert_cmpint(item(items, 0)->change, ==, HACTL_DIFF_ADDED);
    g_assert_cmpstr(attr(item(items, 0), 0)->name, ==, "param standby");
    g_assert_cmpstr(attr(item(items, 0), 1)->name, ==, "uname");
    g_assert_cmpstr(item(items, 1)->kind, ==, "tag");
    g_assert_cmpstr(item(items, 1)->id, ==, "t");
}

static void
null_side_is_empty(void)
{
    xmlDoc *x = parse(CIB("<resources><primitive id=\"r\" class=\"lsb\" "
                          "type=\"x\"/></resources>"));
    g_autoptr(GPtrArray) items = hactl_config_diff(hactl_config_section(x),
                                                   NULL);

    g_assert_cmpuint(items->len, ==, 1);
    g_assert_cmpint(item(items, 0)->change, ==, HACTL_DIFF_REMOVED);
    xmlFreeDoc(x);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/hactl/config-diff/same-is-empty", same_is_empty);
    g_test_add_func("/hactl/config-diff/order-and-whitespace",
                    attribute_order_and_whitespace_do_not_count);
    g_test_add_func("/hactl/config-diff/nvpairs-and-ops",
                    nvpairs_and_ops_by_name);
    g_test_add_func("/hactl/config-diff/sections-in-order",
                    sections_in_order_removed_first);
    g_test_add_func("/hactl/config-diff/group-members",
                    group_members_and_nested_resources);
    g_test_add_func("/hactl/config-diff/nodes-and-other-sections",
                    nodes_by_uname_and_missing_sections);
    g_test_add_func("/hactl/config-diff/null-side", null_side_is_empty);

    return g_test_run();
}
