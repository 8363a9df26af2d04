/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/store/tests/test_store_model.c - the typed snapshot parser. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib.h>

#include "common/results.h"
#include "store/store_model.h"

static const char cib1[] =
    "<cib have-quorum=\"1\" validate-with=\"pacemaker-3.0\">"
    "<configuration><crm_config><cluster_property_set id=\"o\">"
    "<nvpair id=\"o1\" name=\"stonith-enabled\" value=\"false\"/>"
    "</cluster_property_set></crm_config>"
    "<nodes><node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\">"
    "<instance_attributes id=\"n2a\"><nvpair id=\"n2a1\" name=\"standby\""
    " value=\"on\"/></instance_attributes></node></nodes>"
    "<resources><primitive id=\"r1\" class=\"ocf\" provider=\"heartbeat\""
    " type=\"IPaddr\"><operations><op id=\"r1m\" name=\"monitor\""
    " interval=\"10s\" on-fail=\"stop\"/></operations></primitive>"
    "<master id=\"ms\"><primitive id=\"p\" class=\"ocf\" provider=\"x\""
    " type=\"y\"/></master>"
    "<bundle id=\"bu\"/><group id=\"g\"><primitive id=\"g1\" class=\"lsb\" type=\"a\"/>"
    "<primitive id=\"g2\" class=\"lsb\" type=\"b\"/></group></resources>"
    "<constraints><rsc_location id=\"l1\" rsc=\"r1\" node=\"n1\" score=\"100\"/>"
    "<rsc_colocation id=\"c1\" rsc=\"g\" with-rsc=\"r1\" score=\"INFINITY\""
    " rsc-role=\"Master\"/>"
    "<rsc_order id=\"o1\" first=\"r1\" then=\"g\" kind=\"Optional\"/>"
    "<rsc_order id=\"o2\"><resource_set id=\"s\"><resource_ref id=\"g1\"/>"
    "<resource_ref id=\"g2\"/><resource_ref id=\"r1\"/></resource_set>"
    "</rsc_order><rsc_ticket id=\"t\" rsc=\"r1\" ticket=\"T\"/>"
    "</constraints><rsc_defaults><meta_attributes id=\"rd\">"
    "<nvpair id=\"rd1\" name=\"resource-stickiness\" value=\"7\"/>"
    "</meta_attributes></rsc_defaults></configuration>"
    "<status><node_state id=\"1\" uname=\"n1\" in_ccm=\"true\""
    " crmd=\"online\" join=\"member\" expected=\"member\">"
    "<transient_attributes id=\"1\"><instance_attributes id=\"t1\">"
    "<nvpair id=\"t1a\" name=\"fail-count-r1#monitor_10000\" value=\"2\"/>"
    "</instance_attributes></transient_attributes>"
    "<lrm id=\"1\"><lrm_resources><lrm_resource id=\"r1\" class=\"ocf\""
    " provider=\"heartbeat\" type=\"IPaddr\">"
    "<lrm_rsc_op id=\"r1_monitor_10000\" operation=\"monitor\""
    " interval=\"10000\" call-id=\"7\" rc-code=\"7\" op-status=\"0\""
    " transition-key=\"3:1:0:abc\"/>"
    "<lrm_rsc_op id=\"r1_last_0\" operation=\"start\" interval=\"0\""
    " call-id=\"5\" rc-code=\"0\" op-status=\"0\" op-digest=\"d1\"/>"
    "</lrm_resource></lrm_resources></lrm></node_state></status></cib>";

static ha_store_model_t *
load(const char *text)
{
    ha_store_model_t *m = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint(ha_store_model_parse_memory(text, strlen(text), &m, &err),
                    ==, 0);
    return m;
}

static void
parse_configuration(void)
{
    g_autoptr(ha_store_model_t) m = load(cib1);
    guint ms = ha_store_model_rsc_find(m, "ms");
    guint g = ha_store_model_rsc_find(m, "g");
    struct ha_model_rule_ctx ctx = { 0 };

    g_assert_true(m->have_quorum);
    g_assert_cmpstr(ha_store_model_prop(m, "stonith-enabled"), ==, "false");
    g_assert_cmpuint(m->n_nodes, ==, 2);
    g_assert_cmpuint(m->n_rscs, ==, 6);
    g_assert_cmpint(m->rscs[ms].kind, ==, HA_RSC_CLONE);
    g_assert_true(m->rscs[ms].promotable);
    g_assert_cmpuint(m->rscs[g].n_children, ==, 2);
    g_assert_cmpuint(m->rscs[m->rscs[g].children[1]].parent, ==, g);
    g_assert_cmpuint(m->rscs[0].n_ops, ==, 1);
    g_assert_cmpuint(m->rscs[0].ops[0].interval_ms, ==, 10000);
    g_assert_cmpstr(ha_store_model_attrs_get(&m->rscs[0].ops[0].meta,
                                             "on-fail"), ==, "stop");
    g_assert_cmpstr(ha_store_model_rsc_meta(m, g, "resource-stickiness", &ctx),
                    ==, "7");
    g_assert_cmpuint(m->n_locations, ==, 1);
    g_assert_cmpint(m->locations[0].score, ==, 100);
    g_assert_cmpuint(m->n_colocations, ==, 1);
    g_assert_cmpstr(m->colocations[0].rsc_role, ==, "Promoted");
    g_assert_cmpint(m->colocations[0].score, ==, 1000000);
    /* o1 + the set expanded to g1->g2, g2->r1 */
    g_assert_cmpuint(m->n_orders, ==, 3);
    g_assert_cmpint(m->orders[0].kind, ==, HA_ORDER_OPTIONAL);
    g_assert_cmpuint(m->n_unsupported, ==, 1);
    g_assert_cmpstr(m->unsupported[0].what, ==, "bundle");
    g_assert_cmpuint(m->n_rsc_tickets, ==, 1);
    g_assert_cmpstr(m->rsc_tickets[0].ticket, ==, "T");
}

static void
parse_status(void)
{
    g_autoptr(ha_store_model_t) m = load(cib1);
    const struct ha_model_node_state *st;
    const struct ha_model_lrm_rsc *lr;

    g_assert_cmpuint(m->n_node_states, ==, 1);
    st = &m->node_states[0];
    g_assert_cmpuint(st->node, ==, 0);
    g_assert_cmpuint(m->nodes[0].state, ==, 0);
    g_assert_cmpuint(m->nodes[1].state, ==, HA_MODEL_NONE);
    g_assert_cmpuint(st->n_transient, ==, 1);
    g_assert_cmpstr(st->transient[0].value, ==, "2");
    g_assert_cmpuint(st->n_lrm, ==, 1);
    lr = &m->lrm_rscs[st->lrm_first];
    g_assert_cmpuint(lr->rsc, ==, 0);
    g_assert_cmpuint(lr->n_ops, ==, 2);
    /* sorted by call-id */
    g_assert_cmpint(m->lrm_ops[lr->op_first].call_id, ==, 5);
    g_assert_cmpstr(m->lrm_ops[lr->op_first].op_digest, ==, "d1");
    g_assert_cmpint(m->lrm_ops[lr->op_first + 1].target_rc, ==, 0);
    g_assert_cmpint(m->lrm_ops[lr->op_first + 1].rc_code, ==, 7);
}

static void
parse_rejects(void)
{
    ha_store_model_t *m = NULL;
    char *err = NULL;
    const char *bad = "<cib><configuration><resources>";
    const char *notcib = "<foo/>";
    const char *dup = "<cib><configuration><resources>"
                      "<primitive id=\"a\" class=\"lsb\" type=\"x\"/>"
                      "<primitive id=\"a\" class=\"lsb\" type=\"x\"/>"
                      "</resources></configuration></cib>";

    g_assert_cmpint(ha_store_model_parse_memory(bad, strlen(bad), &m, &err),
                    ==, -HA_EBADXML);
    g_assert_null(m);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(ha_store_model_parse_memory(notcib, strlen(notcib), &m,
                                                &err), ==, -HA_EINVALCONF);
    g_assert_nonnull(err);
    g_clear_pointer(&err, g_free);
    g_assert_cmpint(ha_store_model_parse_memory(dup, strlen(dup), &m, &err),
                    ==, -HA_EINVALCONF);
    g_assert_nonnull(strstr(err, "'a'"));
    g_clear_pointer(&err, g_free);
    {
        const char *xxe = "<?xml version=\"1.0\"?><!DOCTYPE cib [<!ENTITY x "
                          "SYSTEM \"file:///etc/passwd\">]><cib>&x;</cib>";

        g_assert_cmpint(ha_store_model_parse_memory(xxe, strlen(xxe), &m,
                                                    &err), ==, -HA_EBADXML);
        g_assert_null(m);
        g_clear_pointer(&err, g_free);
    }
}

static const char *
attr_cb(gconstpointer data, const char *name)
{
    return (strcmp(name, "v") == 0) ? data : NULL;
}

static void
rule_compare(void)
{
    const char cib[] =
        "<cib><configuration><constraints>"
        "<rsc_location id=\"l\" rsc=\"x\"><rule id=\"r\" score=\"5\">"
        "<expression id=\"e\" attribute=\"v\" operation=\"gt\" value=\"10\"/>"
        "</rule></rsc_location></constraints></configuration></cib>";
    g_autoptr(ha_store_model_t) m = load(cib);
    struct ha_model_rule_ctx ctx = { .node_attr = attr_cb };
    const struct ha_model_rule *rule;

    g_assert_cmpuint(m->n_locations, ==, 1);
    rule = m->locations[0].rules[0];
    g_assert_cmpint(rule->score, ==, 5);
    ctx.node_data = "9";
    g_assert_false(ha_store_rule_eval(rule, &ctx));   /* 9 < 10 numerically */
    ctx.node_data = "11";
    g_assert_true(ha_store_rule_eval(rule, &ctx));
    ctx.node_data = NULL;
    g_assert_false(ha_store_rule_eval(rule, &ctx));
}

static void
date_parse(void)
{
    gint64 s = 0;

    g_assert_cmpint(ha_store_date_parse("1970-01-02", &s), ==, 0);
    g_assert_cmpint(s, ==, 86400);
    g_assert_cmpint(ha_store_date_parse("1970-01-01 01:00:01", &s), ==, 0);
    g_assert_cmpint(s, ==, 3601);
    g_assert_cmpint(ha_store_date_parse("soon", &s), ==, -EINVAL);
}

/* Without a context a set with a rule never applies (and nothing
 * crashes): status and tools read meta attributes that way. */
static void
rule_without_context(void)
{
    g_autoptr(ha_store_model_t) m = load(
        "<cib><configuration><crm_config/><nodes/><resources>"
        "<primitive id='r' class='ocf' provider='pacemaker' type='Dummy'>"
        "<meta_attributes id='m1' score='10'><rule id='m1-r'>"
        "<date_expression id='m1-d' operation='gt' start='2000-01-01'/>"
        "</rule><nvpair id='m1-t' name='target-role' value='Stopped'/>"
        "</meta_attributes><meta_attributes id='m2'><nvpair id='m2-t'"
        " name='target-role' value='Started'/></meta_attributes>"
        "</primitive></resources><constraints/></configuration></cib>");
    struct ha_model_rule_ctx ctx = { .now = 1767609000 };

    g_assert_cmpstr(ha_store_model_rsc_meta(m, 0, "target-role", NULL), ==,
                    "Started");
    g_assert_cmpstr(ha_store_model_rsc_meta(m, 0, "target-role", &ctx), ==,
                    "Stopped");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/store/model/configuration", parse_configuration);
    g_test_add_func("/store/model/status", parse_status);
    g_test_add_func("/store/model/rejects", parse_rejects);
    g_test_add_func("/store/model/rule-compare", rule_compare);
    g_test_add_func("/store/model/date-parse", date_parse);
    g_test_add_func("/store/model/rule-without-context", rule_without_context);
    return g_test_run();
}
