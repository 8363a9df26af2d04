/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/store/tests/test_store_doc.c - load, validate, upgrade, digest,
 * serialize and mutate a configuration document; bad input of every kind. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "common/results.h"
#include "common/xml.h"
#include "store/store_doc.h"

#define CIB_HEAD "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"1\" " \
                 "epoch=\"7\" num_updates=\"3\">"

static const char base_cib[] =
    CIB_HEAD
    "<configuration>"
    " <crm_config><cluster_property_set id=\"cib-bootstrap-options\">"
    "  <nvpair id=\"o1\" name=\"stonith-enabled\" value=\"false\"/>"
    "  <nvpair id=\"o2\" name=\"x-unknown-option\" value=\"kept\"/>"
    " </cluster_property_set></crm_config>"
    " <nodes><node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/></nodes>"
    " <resources>"
    "  <primitive id=\"vip\" class=\"ocf\" provider=\"heartbeat\" type=\"IPaddr2\">"
    "   <instance_attributes id=\"vip-ia\">"
    "    <nvpair id=\"vip-ip\" name=\"ip\" value=\"10.0.0.1\"/></instance_attributes>"
    "   <operations><op id=\"vip-mon\" name=\"monitor\" interval=\"10s\" timeout=\"20s\"/>"
    "   </operations></primitive>"
    "  <primitive id=\"web\" class=\"ocf\" provider=\"heartbeat\" type=\"apache\"/>"
    " </resources>"
    " <constraints>"
    "  <rsc_colocation id=\"c1\" rsc=\"web\" with-rsc=\"vip\" score=\"INFINITY\"/>"
    "  <rsc_order id=\"o-1\" first=\"vip\" then=\"web\" kind=\"Mandatory\"/>"
    " </constraints>"
    "</configuration>"
    "<status/></cib>";

static ha_store_doc_t *
load_ok(const char *text)
{
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;
    int rc = ha_store_doc_load_memory(text, strlen(text), "test", 0, &doc,
                                      &errors);

    for (guint i = 0; rc < 0 && i < errors->len; i++) {
        g_test_message("%s", (const char *) g_ptr_array_index(errors, i));
    }
    g_assert_cmpint(rc, ==, 0);
    return doc;
}

/* Load must fail with @want, name @needle in one message, return nothing:
 * both the whole-DOM load and the streaming one without status. */
static void
load_fails_flags(const char *text, gsize len, uint32_t flags, int want,
                 const char *needle)
{
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;
    gboolean found = FALSE;
    int rc = ha_store_doc_load_memory(text, len, "bad", flags, &doc, &errors);

    g_assert_cmpint(rc, ==, want);
    g_assert_null(doc);
    g_assert_nonnull(errors);
    for (guint i = 0; i < errors->len; i++) {
        const char *msg = g_ptr_array_index(errors, i);

        g_test_message("%s", msg);
        found |= (strstr(msg, needle) != NULL);
    }
    g_assert_true(found);
}

static void
load_fails(const char *text, gsize len, int want, const char *needle)
{
    load_fails_flags(text, len, 0, want, needle);
    load_fails_flags(text, len, HA_STORE_LOAD_NO_STATUS, want, needle);
}

static char *
with_config(const char *resources, const char *constraints)
{
    return g_strdup_printf(CIB_HEAD "<configuration><crm_config/>"
                           "<nodes><node id=\"1\" uname=\"n1\"/></nodes>"
                           "<resources>%s</resources>"
                           "<constraints>%s</constraints>"
                           "</configuration></cib>", resources, constraints);
}

static void
doc_load_basic(void)
{
    g_autoptr(ha_store_doc_t) doc = load_ok(base_cib);
    struct ha_store_version v;
    char buf[64];

    ha_store_doc_version(doc, &v);
    g_assert_cmpstr(ha_store_version_format(&v, buf, sizeof(buf)), ==,
                    "1.7.3");
    g_assert_cmpstr(ha_store_doc_property(doc, "stonith-enabled"), ==, "false");
    g_assert_cmpstr(ha_store_doc_property(doc, "x-unknown-option"), ==, "kept");
    g_assert_nonnull(ha_store_doc_find_id(doc, "resources", "vip-mon"));
    g_assert_null(ha_store_doc_find_id(doc, "constraints", "vip"));
    g_assert_nonnull(ha_store_doc_section(doc, "status"));
    g_assert_cmpuint(strlen(ha_store_doc_digest(doc)), ==, 64);
}

static void
doc_digest_ignores_layout(void)
{
    g_autoptr(ha_store_doc_t) a = load_ok(base_cib);
    g_autofree char *swapped = g_strdup(base_cib);
    g_autofree char *pretty = ha_store_doc_serialize(a, HA_STORE_SER_PRETTY);
    g_autoptr(ha_store_doc_t) b = NULL;
    g_autoptr(ha_store_doc_t) c = NULL;
    char *p = strstr(swapped, "rsc=\"web\" with-rsc=\"vip\"");

    /* same attributes, other order; and a pretty-printed copy */
    memcpy(p, "with-rsc=\"vip\" rsc=\"web\"", strlen("rsc=\"web\" with-rsc=\"vip\""));
    b = load_ok(swapped);
    c = load_ok(pretty);
    g_assert_cmpstr(ha_store_doc_digest(a), ==, ha_store_doc_digest(b));
    g_assert_cmpstr(ha_store_doc_digest(a), ==, ha_store_doc_digest(c));
    g_assert_true(ha_store_doc_equal(a, c));
}

static void
doc_digest_sees_changes(void)
{
    g_autoptr(ha_store_doc_t) a = load_ok(base_cib);
    g_autofree char *text = g_strdup(base_cib);
    g_autoptr(ha_store_doc_t) b = NULL;
    g_autoptr(ha_store_doc_t) bumped = NULL;

    memcpy(strstr(text, "10.0.0.1"), "10.0.0.2", 8);
    b = load_ok(text);
    g_assert_cmpstr(ha_store_doc_digest(a), !=, ha_store_doc_digest(b));
    /* versions are not part of the digest */
    bumped = ha_store_doc_bump(a, HA_STORE_BUMP_EPOCH);
    g_assert_cmpstr(ha_store_doc_digest(a), ==, ha_store_doc_digest(bumped));
}

static void
doc_versions(void)
{
    g_autoptr(ha_store_doc_t) a = load_ok(base_cib);
    g_autoptr(ha_store_doc_t) b = ha_store_doc_bump(a, HA_STORE_BUMP_EPOCH);
    g_autoptr(ha_store_doc_t) c = ha_store_doc_bump(b, HA_STORE_BUMP_NUM_UPDATES);
    g_autoptr(ha_store_doc_t) d = ha_store_doc_bump(c, HA_STORE_BUMP_ADMIN_EPOCH);
    struct ha_store_version va, vb, vc, vd;
    char buf[64];

    ha_store_doc_version(a, &va);
    ha_store_doc_version(b, &vb);
    ha_store_doc_version(c, &vc);
    ha_store_doc_version(d, &vd);
    g_assert_cmpstr(ha_store_version_format(&vb, buf, sizeof(buf)), ==, "1.8.0");
    g_assert_cmpstr(ha_store_version_format(&vc, buf, sizeof(buf)), ==, "1.8.1");
    g_assert_cmpstr(ha_store_version_format(&vd, buf, sizeof(buf)), ==, "2.0.0");
    g_assert_cmpint(ha_store_version_cmp(&va, &vb), <, 0);
    g_assert_cmpint(ha_store_version_cmp(&vc, &vb), >, 0);
    g_assert_cmpint(ha_store_version_cmp(&vd, &vc), >, 0);
    g_assert_cmpint(ha_store_version_cmp(&va, &va), ==, 0);
    /* the original is untouched */
    ha_store_doc_version(a, &va);
    g_assert_cmpstr(ha_store_version_format(&va, buf, sizeof(buf)), ==, "1.7.3");
}

static void
doc_roundtrip_keeps_unknown(void)
{
    g_autofree char *text = g_strdup_printf(
        CIB_HEAD "<configuration><crm_config/><nodes/><resources>"
        "<bundle id=\"b1\"><docker image=\"x\"/><x-future a=\"1\"/></bundle>"
        "</resources><constraints/><x-section id=\"xs\"><y/></x-section>"
        "</configuration></cib>");
    g_autoptr(ha_store_doc_t) a = load_ok(text);
    g_autofree char *out = ha_store_doc_serialize(a, 0);
    g_autoptr(ha_store_doc_t) b = load_ok(out);

    g_assert_nonnull(strstr(out, "<x-future a=\"1\"/>"));
    g_assert_nonnull(strstr(out, "<x-section id=\"xs\">"));
    g_assert_true(ha_store_doc_equal(a, b));
}

static void
doc_upgrade_master(void)
{
    g_autofree char *text = g_strdup_printf(
        "<cib validate-with=\"pacemaker-1.2\" admin_epoch=\"0\" epoch=\"1\" "
        "num_updates=\"0\"><configuration><crm_config/><nodes/><resources>"
        "<master id=\"ms\"><primitive id=\"db\" class=\"ocf\" provider=\"p\" "
        "type=\"Stateful\"/></master></resources><constraints>"
        "<rsc_colocation id=\"c\" rsc=\"ms\" rsc-role=\"Master\" with-rsc=\"ms\""
        " with-rsc-role=\"Slave\" score=\"10\"/>"
        "<rsc_location id=\"l\" rsc=\"ms\" role=\"Master\" node=\"n\" score=\"5\"/>"
        "</constraints></configuration></cib>");
    g_autoptr(ha_store_doc_t) doc = load_ok(text);
    g_autofree char *out = ha_store_doc_serialize(doc, 0);

    g_assert_null(strstr(out, "<master"));
    g_assert_nonnull(strstr(out, "<clone id=\"ms\">"));
    g_assert_nonnull(strstr(out, "name=\"promotable\" value=\"true\""));
    g_assert_nonnull(strstr(out, "rsc-role=\"Promoted\""));
    g_assert_nonnull(strstr(out, "with-rsc-role=\"Unpromoted\""));
    g_assert_nonnull(strstr(out, "role=\"Promoted\" node"));
    g_assert_nonnull(strstr(out, "validate-with=\"pacemaker-3.9\""));
}

/* ---- bad input --------------------------------------------------------- */

static void
bad_malformed(void)
{
    static const char text[] = CIB_HEAD "<configuration><nodes></configuration>";

    load_fails(text, strlen(text), -HA_EBADXML, "bad:");
}

static void
bad_not_a_cib(void)
{
    static const char text[] = "<html><configuration/></html>";

    load_fails(text, strlen(text), -HA_EBADXML, "not <cib>");
}

static void
bad_xxe(void)
{
    static const char text[] =
        "<?xml version=\"1.0\"?><!DOCTYPE cib [<!ENTITY x SYSTEM "
        "\"file:///etc/passwd\">]>" CIB_HEAD "<configuration><crm_config>"
        "<cluster_property_set id=\"s\"><nvpair id=\"n\" name=\"a\" "
        "value=\"&x;\"/></cluster_property_set></crm_config><nodes/>"
        "<resources/><constraints/></configuration></cib>";

    load_fails(text, strlen(text), -HA_EBADXML, "document type");
}

static void
bad_billion_laughs(void)
{
    g_autoptr(GString) text = g_string_new("<!DOCTYPE cib [<!ENTITY a0 \"ha\">");

    for (int i = 1; i < 10; i++) {
        g_string_append_printf(text, "<!ENTITY a%d \"", i);
        for (int j = 0; j < 10; j++) {
            g_string_append_printf(text, "&a%d;", i - 1);
        }
        g_string_append(text, "\">");
    }
    g_string_append(text, "]>" CIB_HEAD "<configuration><crm_config/><nodes/>"
                    "<resources/><constraints x=\"&a9;\"/></configuration></cib>");
    load_fails(text->str, text->len, -HA_EBADXML, "document type");
}

static void
bad_deep_nesting(void)
{
    g_autoptr(GString) text = g_string_new(CIB_HEAD "<configuration><crm_config/>"
                                           "<nodes/><resources/><constraints/>"
                                           "<x-deep>");

    for (int i = 0; i < 200; i++) {
        g_string_append(text, "<d>");
    }
    for (int i = 0; i < 200; i++) {
        g_string_append(text, "</d>");
    }
    g_string_append(text, "</x-deep></configuration></cib>");
    load_fails(text->str, text->len, -HA_ETOOBIG, "nested deeper");
}

/* Issue 16: 100,000 nested groups crashed the streaming load (the one
 * hacd's configuration import uses) in a recursive walk. */
static void
bad_very_deep_nesting(void)
{
    g_autoptr(GString) text = g_string_new(CIB_HEAD "<configuration><crm_config/>"
                                           "<nodes/><constraints/><resources>");

    for (int i = 0; i < 100000; i++) {
        g_string_append(text, "<group id=\"g\">");
    }
    for (int i = 0; i < 100000; i++) {
        g_string_append(text, "</group>");
    }
    g_string_append(text, "</resources></configuration><status/></cib>");
    load_fails(text->str, text->len, -HA_ETOOBIG, "nested deeper than 64");
}

static void
bad_huge_attribute(void)
{
    g_autofree char *big = g_strnfill(2 * 1024 * 1024, 'a');
    g_autofree char *text = g_strdup_printf(
        CIB_HEAD "<configuration><crm_config/><nodes/><resources>"
        "<primitive id=\"p\" class=\"lsb\" type=\"%s\"/></resources>"
        "<constraints/></configuration></cib>", big);

    load_fails(text, strlen(text), -HA_ETOOBIG, "longer than");
}

static void
bad_utf8(void)
{
    g_autofree char *text = with_config(
        "<primitive id=\"p\" class=\"lsb\" type=\"x\xff\xfey\"/>", "");

    load_fails(text, strlen(text), -HA_EBADXML, "bad:");
}

static void
bad_duplicate_id(void)
{
    g_autofree char *text = with_config(
        "<primitive id=\"p\" class=\"lsb\" type=\"a\"/>"
        "<group id=\"g\"><primitive id=\"p\" class=\"lsb\" type=\"b\"/></group>",
        "");

    load_fails(text, strlen(text), -HA_EINVALCONF,
               "resource 'p': id already used by <primitive>");
}

static void
bad_reference(void)
{
    g_autofree char *text = with_config(
        "<primitive id=\"vip\" class=\"lsb\" type=\"a\"/>",
        "<rsc_colocation id=\"c1\" rsc=\"vip9\" with-rsc=\"vip\" score=\"5\"/>"
        "<rsc_order id=\"o1\" first=\"vip\" then=\"web\"/>");
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;

    load_fails(text, strlen(text), -HA_EINVALCONF,
               "constraint 'c1': rsc 'vip9' does not exist");
    /* every error is reported, not just the first */
    (void) ha_store_doc_load_memory(text, strlen(text), "x", 0, &doc, &errors);
    g_assert_cmpuint(errors->len, ==, 2);
    g_assert_cmpstr(g_ptr_array_index(errors, 1), ==,
                    "constraint 'o1': then 'web' does not exist");
}

/* rsc-pattern must compile as a POSIX extended regular expression; a valid
 * one (inverted too) is accepted. */
static void
bad_rsc_pattern(void)
{
    g_autofree char *bad = with_config(
        "<primitive id=\"vip\" class=\"lsb\" type=\"a\"/>",
        "<rsc_location id=\"l1\" rsc-pattern=\"!^(vip\" node=\"n1\""
        " score=\"5\"/>");
    g_autofree char *good = with_config(
        "<primitive id=\"vip\" class=\"lsb\" type=\"a\"/>",
        "<rsc_location id=\"l1\" rsc-pattern=\"!^(vip|web)[0-9]*$\""
        " node=\"n1\" score=\"5\"/>");
    g_autoptr(ha_store_doc_t) doc = NULL;

    load_fails(bad, strlen(bad), -HA_EINVALCONF,
               "constraint 'l1': rsc-pattern '!^(vip' is not a valid regular "
               "expression");
    g_assert_cmpint(ha_store_doc_load_memory(good, strlen(good), "x", 0, &doc,
                                             NULL), ==, 0);
}

/* Issue 16: an agent type or provider with '../' passed validation and was
 * refused by ha-execd only when it ran. */
static void
bad_agent_path(void)
{
    g_autofree char *type = with_config(
        "<primitive id=\"a\" class=\"ocf\" provider=\"heartbeat\" "
        "type=\"../../../bin/sh\"/>", "");
    g_autofree char *provider = with_config(
        "<primitive id=\"a\" class=\"ocf\" provider=\"..\" type=\"x\"/>", "");
    g_autofree char *ok = with_config(
        "<primitive id=\"a\" class=\"stonith\" type=\"external/sbd\"/>", "");
    g_autoptr(ha_store_doc_t) doc = NULL;

    load_fails(type, strlen(type), -HA_EINVALCONF,
               "resource 'a': type '../../../bin/sh' climbs out of the "
               "agents' directory");
    load_fails(provider, strlen(provider), -HA_EINVALCONF,
               "resource 'a': provider '..' is not one directory name");
    doc = load_ok(ok);
}

static void
bad_score(void)
{
    g_autofree char *text = with_config(
        "<primitive id=\"a\" class=\"lsb\" type=\"a\"/>",
        "<rsc_location id=\"l1\" rsc=\"a\" node=\"n1\" score=\"lots\"/>");

    load_fails(text, strlen(text), -HA_ESCHEMA, "rsc_location 'l1'");
}

static void
bad_duration(void)
{
    g_autofree char *text = with_config(
        "<primitive id=\"a\" class=\"lsb\" type=\"a\"><operations>"
        "<op id=\"a-mon\" name=\"monitor\" interval=\"often\"/>"
        "</operations></primitive>", "");
    g_autofree char *meta = with_config(
        "<primitive id=\"a\" class=\"lsb\" type=\"a\"><meta_attributes id=\"m\">"
        "<nvpair id=\"m-ft\" name=\"failure-timeout\" value=\"soon\"/>"
        "<nvpair id=\"m-im\" name=\"is-managed\" value=\"perhaps\"/>"
        "</meta_attributes></primitive>", "");

    load_fails(text, strlen(text), -HA_EINVALCONF,
               "op 'a-mon': interval 'often' is not a duration");
    load_fails(meta, strlen(meta), -HA_EINVALCONF,
               "nvpair 'm-ft': failure-timeout 'soon' is not a duration");
    load_fails(meta, strlen(meta), -HA_EINVALCONF,
               "nvpair 'm-im': is-managed 'perhaps' is not a boolean");
}

static void
bad_status(void)
{
    static const char text[] =
        CIB_HEAD "<configuration><crm_config/><nodes/><resources/>"
        "<constraints/></configuration><status><node_state id=\"1\">"
        "<lrm><lrm_resources><lrm_resource id=\"r\"><lrm_rsc_op id=\"op\" "
        "operation=\"start\" rc-code=\"zero\"/></lrm_resource>"
        "</lrm_resources></lrm><x-odd/></node_state></status></cib>";
    static const char ok[] =
        CIB_HEAD "<configuration><crm_config/><nodes/><resources/>"
        "<constraints/></configuration><status><node_state id=\"1\" "
        "x-new=\"kept\"><lrm><lrm_resources><lrm_resource id=\"r\">"
        "<lrm_rsc_op id=\"op\" operation=\"start\" rc-code=\"0\"/>"
        "</lrm_resource></lrm_resources></lrm></node_state></status></cib>";
    g_autoptr(ha_store_doc_t) doc = load_ok(ok);

    /* (without status, a bad status is simply not read) */
    load_fails_flags(text, strlen(text), 0, -HA_ESCHEMA,
                     "<lrm_rsc_op> (line 1): rc-code 'zero' is not an integer");
    load_fails_flags(text, strlen(text), 0, -HA_ESCHEMA,
                     "<x-odd> (line 1) is not expected in <node_state>");
    g_assert_cmpint(ha_store_doc_validate(doc, NULL), ==, 0);
}

/* A bad op timeout loads (Pacemaker uses the default) but is refused by
 * the strict check that `hactl config verify` uses. */
static void
bad_timeout_strict(void)
{
    g_autofree char *text = with_config(
        "<primitive id=\"a\" class=\"lsb\" type=\"a\"><operations>"
        "<op id=\"a-mon\" name=\"monitor\" interval=\"10\" timeout=\"bad\"/>"
        "</operations></primitive>", "");
    g_autofree char *dir = g_dir_make_tmp("store-doc-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "cib.xml", NULL);
    g_autoptr(ha_store_doc_t) doc = load_ok(text);
    g_autoptr(GPtrArray) errors = NULL;

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_assert_cmpint(ha_store_doc_check_file(path, &errors), ==, -HA_EINVALCONF);
    g_assert_cmpstr(g_ptr_array_index(errors, 0), ==,
                    "op 'a-mon': timeout 'bad' is not a duration");
    g_assert_cmpint(ha_store_doc_validate(doc, NULL), ==, -HA_EINVALCONF);
    (void) g_remove(path);
    (void) g_rmdir(dir);
}

static void
check_file_ok_and_missing(void)
{
    g_autofree char *dir = g_dir_make_tmp("store-doc-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "cib.xml", NULL);
    g_autoptr(GPtrArray) errors = NULL;

    g_assert_cmpint(ha_store_doc_check_file(path, &errors), ==, -ENOENT);
    g_assert_nonnull(strstr(g_ptr_array_index(errors, 0), "Could not read"));
    g_assert_true(g_file_set_contents(path, base_cib, -1, NULL));
    g_assert_cmpint(ha_store_doc_check_file(path, NULL), ==, 0);
    (void) g_remove(path);
    (void) g_rmdir(dir);
}

/* ---- mutations --------------------------------------------------------- */

static void
edit_create_replace_delete(void)
{
    g_autoptr(ha_store_doc_t) doc = load_ok(base_cib);
    g_autoptr(ha_store_doc_t) d1 = NULL;
    g_autoptr(ha_store_doc_t) d2 = NULL;
    g_autoptr(ha_store_doc_t) d3 = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *none = NULL;

    g_assert_cmpint(ha_store_doc_create_element(doc, "resources",
        "<primitive id=\"db\" class=\"lsb\" type=\"pg\"/>", &d1, NULL), ==, 0);
    g_assert_nonnull(ha_store_doc_find_id(d1, "resources", "db"));
    g_assert_null(ha_store_doc_find_id(doc, "resources", "db"));
    g_assert_cmpint(ha_store_doc_create_element(d1, "resources",
        "<primitive id=\"db\" class=\"lsb\" type=\"pg\"/>", &none, NULL), ==,
        -EEXIST);
    g_assert_cmpint(ha_store_doc_replace_element(d1, "resources",
        "<primitive id=\"db\" class=\"lsb\" type=\"mysql\"/>", &d2, NULL), ==, 0);
    g_assert_cmpstr(ha_xml_attr(ha_store_doc_find_id(d2, "resources", "db"),
                                "type"), ==, "mysql");
    g_assert_cmpint(ha_store_doc_replace_element(d1, "resources",
        "<primitive id=\"nope\" class=\"lsb\" type=\"x\"/>", &none, NULL), ==,
        -HA_ENOTFOUND);
    /* deleting vip leaves the constraints dangling: refused, all named */
    g_assert_cmpint(ha_store_doc_delete_element(d2, "resources", "vip",
                                                &none, &errors), ==,
                    -HA_EINVALCONF);
    g_assert_cmpuint(errors->len, ==, 2);
    g_assert_null(none);
    g_assert_cmpint(ha_store_doc_delete_element(d2, "resources", "db", &d3,
                                                NULL), ==, 0);
    g_assert_cmpstr(ha_store_doc_digest(d3), ==, ha_store_doc_digest(doc));
}

static void
edit_bad_fragment(void)
{
    g_autoptr(ha_store_doc_t) doc = load_ok(base_cib);
    ha_store_doc_t *none = NULL;
    g_autoptr(GPtrArray) errors = NULL;

    g_assert_cmpint(ha_store_doc_put_element(doc, "resources", "<primitive",
                                             &none, NULL), ==, -HA_EBADXML);
    g_assert_cmpint(ha_store_doc_put_element(doc, "resources",
        "<primitive class=\"lsb\" type=\"x\"/>", &none, NULL), ==, -EINVAL);
    g_assert_cmpint(ha_store_doc_put_element(doc, "nosuch",
        "<primitive id=\"x\" class=\"lsb\" type=\"x\"/>", &none, NULL), ==,
        -HA_ENOTFOUND);
    g_assert_cmpint(ha_store_doc_put_element(doc, "resources",
        "<primitive id=\"x\" class=\"bogus\" type=\"x\"/>", &none, &errors),
        ==, -HA_ESCHEMA);
    g_assert_null(none);
}

static void
edit_properties_and_nvpairs(void)
{
    g_autoptr(ha_store_doc_t) doc = load_ok(base_cib);
    g_autoptr(ha_store_doc_t) d1 = NULL;
    g_autoptr(ha_store_doc_t) d2 = NULL;
    g_autoptr(ha_store_doc_t) d3 = NULL;
    g_autoptr(ha_store_doc_t) d4 = NULL;
    ha_store_doc_t *none = NULL;

    g_assert_cmpint(ha_store_doc_set_property(doc, "stonith-enabled", "true",
                                              &d1, NULL), ==, 0);
    g_assert_cmpstr(ha_store_doc_property(d1, "stonith-enabled"), ==, "true");
    g_assert_cmpint(ha_store_doc_set_property(d1, "no-quorum-policy", "stop",
                                              &d2, NULL), ==, 0);
    g_assert_cmpstr(ha_store_doc_property(d2, "no-quorum-policy"), ==, "stop");
    g_assert_nonnull(ha_store_doc_find_id(d2, "crm_config",
                     "cib-bootstrap-options-no-quorum-policy"));
    g_assert_cmpint(ha_store_doc_set_property(d2, "stonith-enabled", NULL,
                                              &d3, NULL), ==, 0);
    g_assert_null(ha_store_doc_property(d3, "stonith-enabled"));
    g_assert_cmpint(ha_store_doc_set_property(d3, "maintenance-mode", "maybe",
                                              &none, NULL), ==, -HA_EINVALCONF);
    g_assert_cmpint(ha_store_doc_set_nvpair(d3, "vip-ia", "cidr_netmask", "24",
                                            &d4, NULL), ==, 0);
    g_assert_nonnull(ha_store_doc_find_id(d4, "resources",
                                          "vip-ia-cidr_netmask"));
    g_assert_cmpint(ha_store_doc_set_nvpair(d3, "vip", "a", "b", &none, NULL),
                    ==, -EINVAL);
    g_assert_cmpint(ha_store_doc_set_nvpair(d3, "nope", "a", "b", &none, NULL),
                    ==, -HA_ENOTFOUND);
}

/* Only characters XML 1.0 allows: an edit that a parser could not read
 * back is refused with a message naming the element and the character. */
static void
edit_refuses_non_xml_characters(void)
{
    g_autoptr(ha_store_doc_t) doc = load_ok(base_cib);
    g_autoptr(ha_store_doc_t) ok = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autoptr(GPtrArray) errors2 = NULL;
    g_autoptr(GPtrArray) errors3 = NULL;
    ha_store_doc_t *none = NULL;

    g_assert_cmpint(ha_store_doc_set_property(doc, "cluster-name",
                                              "bad\x16name", &none, &errors),
                    ==, -HA_EBADXML);
    g_assert_null(none);
    g_assert_cmpuint(errors->len, ==, 1);
    g_assert_nonnull(strstr(errors->pdata[0], "U+0016"));
    g_assert_nonnull(strstr(errors->pdata[0], "<nvpair> attribute 'value'"));
    g_assert_cmpint(ha_store_doc_set_property(doc, "bad\x01", "x", &none,
                                              &errors2), ==, -HA_EBADXML);
    g_assert_cmpint(ha_store_doc_set_property(doc, "cluster-name",
                                              "caf\xc3", &none, &errors3),
                    ==, -HA_EBADXML);
    g_assert_nonnull(strstr(errors3->pdata[0], "invalid UTF-8 at byte 3"));
    /* tab, newline and any other Unicode character are fine */
    g_assert_cmpint(ha_store_doc_set_property(doc, "cluster-name",
                                              "a\tb\n\xc3\xa9\xf0\x9f\x90\x98",
                                              &ok, NULL), ==, 0);
}

static void
doc_stream_without_status(void)
{
    g_autoptr(ha_store_doc_t) full = load_ok(base_cib);
    g_autoptr(ha_store_doc_t) config = NULL;
    g_autofree char *dir = g_dir_make_tmp("store-doc-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "cib.xml", NULL);
    g_autofree char *bad = g_strdup(base_cib);
    g_autoptr(ha_store_doc_t) from_file = NULL;

    g_assert_cmpint(ha_store_doc_load_memory(base_cib, strlen(base_cib), "t",
                                             HA_STORE_LOAD_NO_STATUS, &config,
                                             NULL), ==, 0);
    g_assert_null(ha_store_doc_section(config, "status"));
    g_assert_cmpstr(ha_store_doc_digest(config), ==, ha_store_doc_digest(full));
    g_assert_true(g_file_set_contents(path, base_cib, -1, NULL));
    g_assert_cmpint(ha_store_doc_load_file(path, HA_STORE_LOAD_NO_STATUS,
                                           &from_file, NULL), ==, 0);
    g_assert_true(ha_store_doc_equal(from_file, config));
    /* a status that is not well-formed still fails the load */
    memcpy(strstr(bad, "<status/>"), "<status<>", 9);
    load_fails(bad, strlen(bad), -HA_EBADXML, "bad:1:");
    (void) g_remove(path);
    (void) g_rmdir(dir);
}

static void
doc_empty_and_status(void)
{
    g_autoptr(ha_store_doc_t) empty = ha_store_doc_new_empty();
    g_autoptr(ha_store_doc_t) loaded = load_ok(base_cib);
    g_autoptr(ha_store_doc_t) nostatus = ha_store_doc_with_status(loaded, NULL);
    g_autofree char *text = ha_store_doc_serialize(loaded, HA_STORE_SER_NO_STATUS);

    g_assert_cmpint(ha_store_doc_validate(empty, NULL), ==, 0);
    g_assert_null(ha_store_doc_section(nostatus, "status"));
    g_assert_null(strstr(text, "<status"));
    g_assert_cmpstr(ha_store_doc_digest(nostatus), ==,
                    ha_store_doc_digest(loaded));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/store/doc/load-basic", doc_load_basic);
    g_test_add_func("/store/doc/digest-ignores-layout", doc_digest_ignores_layout);
    g_test_add_func("/store/doc/digest-sees-changes", doc_digest_sees_changes);
    g_test_add_func("/store/doc/versions", doc_versions);
    g_test_add_func("/store/doc/roundtrip-keeps-unknown", doc_roundtrip_keeps_unknown);
    g_test_add_func("/store/doc/upgrade-master", doc_upgrade_master);
    g_test_add_func("/store/doc/empty-and-status", doc_empty_and_status);
    g_test_add_func("/store/doc/stream-without-status", doc_stream_without_status);
    g_test_add_func("/store/parse/malformed", bad_malformed);
    g_test_add_func("/store/parse/not-a-cib", bad_not_a_cib);
    g_test_add_func("/store/parse/xxe", bad_xxe);
    g_test_add_func("/store/parse/billion-laughs", bad_billion_laughs);
    g_test_add_func("/store/parse/deep-nesting", bad_deep_nesting);
    g_test_add_func("/store/parse/very-deep-nesting", bad_very_deep_nesting);
    g_test_add_func("/store/parse/huge-attribute", bad_huge_attribute);
    g_test_add_func("/store/parse/invalid-utf8", bad_utf8);
    g_test_add_func("/store/parse/duplicate-id", bad_duplicate_id);
    g_test_add_func("/store/parse/unknown-reference", bad_reference);
    g_test_add_func("/store/parse/bad-rsc-pattern", bad_rsc_pattern);
    g_test_add_func("/store/parse/bad-score", bad_score);
    g_test_add_func("/store/parse/bad-agent-path", bad_agent_path);
    g_test_add_func("/store/parse/bad-duration", bad_duration);
    g_test_add_func("/store/parse/bad-timeout-strict", bad_timeout_strict);
    g_test_add_func("/store/parse/bad-status", bad_status);
    g_test_add_func("/store/doc/check-file", check_file_ok_and_missing);
    g_test_add_func("/store/edit/create-replace-delete", edit_create_replace_delete);
    g_test_add_func("/store/edit/bad-fragment", edit_bad_fragment);
    g_test_add_func("/store/edit/properties-nvpairs", edit_properties_and_nvpairs);
    g_test_add_func("/store/edit/non-xml-characters",
                    edit_refuses_non_xml_characters);
    return g_test_run();
}
