/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/sched/tests/test_sched.c - the policy engine as a pure function. */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "common/results.h"
#include "sched/sched.h"
#include "store/store_model.h"

#define NODES \
    "<nodes><node id=\"1\" uname=\"n1\"/><node id=\"2\" uname=\"n2\"/></nodes>"
#define UP(id, name) \
    "<node_state id=\"" id "\" uname=\"" name "\" in_ccm=\"true\"" \
    " crmd=\"online\" join=\"member\" expected=\"member\">"

static const char cib_failover[] =
    "<cib crm_feature_set=\"3.16.1\" have-quorum=\"1\"><configuration>"
    "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\""
    " name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>"
    "</crm_config>" NODES
    "<resources><primitive id=\"a\" class=\"ocf\" provider=\"pacemaker\""
    " type=\"Dummy\"/><primitive id=\"b\" class=\"ocf\""
    " provider=\"pacemaker\" type=\"Dummy\"/></resources>"
    "<constraints><rsc_colocation id=\"c\" rsc=\"b\" with-rsc=\"a\""
    " score=\"INFINITY\"/></constraints></configuration><status>"
    UP("1", "n1") "<lrm id=\"1\"><lrm_resources>"
    "<lrm_resource id=\"a\" class=\"ocf\" provider=\"pacemaker\""
    " type=\"Dummy\"><lrm_rsc_op id=\"a_last_0\" operation=\"start\""
    " interval=\"0\" call-id=\"2\" rc-code=\"1\" op-status=\"0\""
    " transition-key=\"1:1:0:x\"/></lrm_resource>"
    "</lrm_resources></lrm><transient_attributes id=\"1\">"
    "<instance_attributes id=\"t\"><nvpair id=\"t1\""
    " name=\"fail-count-a#start_0\" value=\"INFINITY\"/>"
    "</instance_attributes></transient_attributes></node_state>"
    UP("2", "n2") "</node_state></status></cib>";

static ha_store_model_t *
load(const char *text)
{
    ha_store_model_t *m = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint(ha_store_model_parse_memory(text, strlen(text), &m, &err),
                    ==, 0);
    return m;
}

static gboolean
has_line(const ha_sched_result_t *res, const char *needle)
{
    for (guint i = 0; i < res->summary->len; i++) {
        g_autofree char *squeezed = g_strdup(g_ptr_array_index(res->summary,
                                                               i));
        GString *s = g_string_new(NULL);

        for (const char *p = squeezed; *p != '\0'; p++) {
            if (*p != ' ' || (s->len > 0 && s->str[s->len - 1] != ' ')) {
                g_string_append_c(s, *p);
            }
        }
        if (strstr(s->str, needle) != NULL) {
            g_string_free(s, TRUE);
            return TRUE;
        }
        g_string_free(s, TRUE);
    }
    return FALSE;
}

/* A failed start with an INFINITY fail count moves the resource, and its
 * mandatory dependent starts with it. */
static void
failover_moves_with_dependent(void)
{
    g_autoptr(ha_store_model_t) m = load(cib_failover);
    g_autoptr(ha_sched_result_t) res = NULL;
    struct ha_sched_options opts = { .now = 1700000000 };

    g_assert_cmpint(ha_sched_run(m, &opts, &res, NULL), ==, 0);
    g_assert_true(has_line(res, "Recover a ( n1 -> n2 )"));
    g_assert_true(has_line(res, "Start b ( n2 )"));
    g_assert_cmpuint(res->summary->len, ==, 2);
}

/* Same input, same output: no clock, no global state. */
static void
deterministic(void)
{
    g_autoptr(ha_store_model_t) m = load(cib_failover);
    struct ha_sched_options opts = { .now = 1700000000, .want_scores = TRUE };
    g_autoptr(ha_sched_result_t) r1 = NULL;
    g_autoptr(ha_sched_result_t) r2 = NULL;

    g_assert_cmpint(ha_sched_run(m, &opts, &r1, NULL), ==, 0);
    g_assert_cmpint(ha_sched_run(m, &opts, &r2, NULL), ==, 0);
    g_assert_cmpuint(r1->n_actions, ==, r2->n_actions);
    g_assert_cmpuint(r1->summary->len, ==, r2->summary->len);
    for (guint i = 0; i < r1->summary->len; i++) {
        g_assert_cmpstr(g_ptr_array_index(r1->summary, i), ==,
                        g_ptr_array_index(r2->summary, i));
    }
    g_assert_cmpuint(r1->scores->len, >, 0);
}

/* Execution order respects the ordering edges. */
static void
exec_order_respects_edges(void)
{
    g_autoptr(ha_store_model_t) m = load(cib_failover);
    g_autoptr(ha_sched_result_t) res = NULL;
    struct ha_sched_options opts = { .now = 1700000000 };
    g_autoptr(GArray) order = NULL;
    g_autofree guint *pos = NULL;

    g_assert_cmpint(ha_sched_run(m, &opts, &res, NULL), ==, 0);
    order = ha_sched_result_exec_order(res);
    pos = g_new0(guint, res->n_actions);
    for (guint i = 0; i < res->n_actions; i++) {
        pos[i] = G_MAXUINT;
    }
    for (guint i = 0; i < order->len; i++) {
        pos[g_array_index(order, guint, i)] = i;
    }
    g_assert_cmpuint(order->len, >, 0);
    for (guint i = 0; i < res->n_edges; i++) {
        const struct ha_sched_edge *e = &res->edges[i];

        if (pos[e->first] != G_MAXUINT && pos[e->then] != G_MAXUINT) {
            g_assert_cmpuint(pos[e->first], <, pos[e->then]);
        }
    }
}

/* Features the engine does not implement are refused, not guessed. */
static void
unsupported_is_refused(void)
{
    const char cib[] =
        "<cib><configuration><crm_config><cluster_property_set id=\"o\">"
        "<nvpair id=\"o1\" name=\"node-health-strategy\" value=\"migrate-on-red\"/>"
        "</cluster_property_set></crm_config>" NODES
        "<resources/><constraints/></configuration></cib>";
    g_autoptr(ha_store_model_t) m = load(cib);
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autofree char *err = NULL;
    struct ha_sched_options opts = { .now = 0 };

    g_assert_cmpint(ha_sched_run(m, &opts, &res, &err), ==, -HA_EUNSUPPORTED);
    g_assert_null(res);
    g_assert_nonnull(strstr(err, "node-health-strategy"));
}

/* A cluster property set with a rule (a maintenance window) applies when
 * its rule matches at the run's "now", and only then. */
static void
property_rule_at_now(void)
{
    const char cib[] =
        "<cib><configuration><crm_config><cluster_property_set id=\"w\">"
        "<rule id=\"w-r\" score=\"INFINITY\"><date_expression id=\"w-d\""
        " operation=\"date_spec\"><date_spec id=\"w-s\" hours=\"22\"/>"
        "</date_expression></rule>"
        "<nvpair id=\"w1\" name=\"maintenance-mode\" value=\"true\"/>"
        "</cluster_property_set><cluster_property_set id=\"o\">"
        "<nvpair id=\"o1\" name=\"stonith-enabled\" value=\"false\"/>"
        "</cluster_property_set></crm_config>" NODES
        "<resources><primitive id=\"a\" class=\"ocf\" provider=\"pacemaker\""
        " type=\"Dummy\"/></resources><constraints/></configuration></cib>";
    g_autoptr(ha_store_model_t) m = load(cib);
    /* 2023-11-14 22:13:20 UTC, and three hours later */
    struct ha_sched_options in = { .now = 1700000000 };
    struct ha_sched_options out = { .now = 1700000000 + 3 * 3600 };
    g_autoptr(ha_sched_result_t) r_in = NULL;
    g_autoptr(ha_sched_result_t) r_out = NULL;

    g_assert_cmpint(ha_sched_run(m, &in, &r_in, NULL), ==, 0);
    g_assert_cmpint(ha_sched_run(m, &out, &r_out, NULL), ==, 0);
    g_assert_false(r_in->rscs[0].managed);
    g_assert_true(r_out->rscs[0].managed);
    g_assert_null(ha_store_model_prop(m, "maintenance-mode"));
    g_assert_cmpstr(ha_store_model_prop_at(m, "maintenance-mode", in.now), ==,
                    "true");
}

/* The Promoted role of a resource that has none (a primitive) in a
 * colocation is refused, naming the constraint; the same role of a
 * promotable clone is accepted. */
static void
role_of_unpromotable_is_refused(void)
{
    const char cib[] =
        "<cib><configuration><crm_config/>" NODES
        "<resources><primitive id=\"a\" class=\"ocf\" provider=\"pacemaker\""
        " type=\"Dummy\"/><clone id=\"ms\"><meta_attributes id=\"m\">"
        "<nvpair id=\"m1\" name=\"promotable\" value=\"true\"/>"
        "</meta_attributes><primitive id=\"s\" class=\"ocf\""
        " provider=\"pacemaker\" type=\"Stateful\"/></clone></resources>"
        "<constraints><rsc_colocation id=\"ok\" rsc=\"a\" with-rsc=\"ms\""
        " with-rsc-role=\"Promoted\" score=\"INFINITY\"/>"
        "<rsc_colocation id=\"odd\" rsc=\"a\" rsc-role=\"Unpromoted\""
        " with-rsc=\"ms\" score=\"100\"/></constraints></configuration>"
        "</cib>";
    g_autoptr(ha_store_model_t) m = load(cib);
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autofree char *err = NULL;
    struct ha_sched_options opts = { .now = 0 };

    g_assert_cmpint(ha_sched_run(m, &opts, &res, &err), ==, -HA_EUNSUPPORTED);
    g_assert_null(res);
    g_assert_nonnull(strstr(err, "not promotable"));
    g_assert_nonnull(strstr(err, "(odd)"));
}

/* What the DC passes an agent, as Pacemaker 2.1.5's transition graph has
 * it (crm_simulate -G on the same CIB): the clone's settings with notify,
 * the op's own attributes (name, on-fail) and op_defaults' meta; ha adds
 * interval=0 (Pacemaker leaves it out, agents default it to 0). */
static const char cib_promotable[] =
    "<cib crm_feature_set=\"3.16.1\" have-quorum=\"1\"><configuration>"
    "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\""
    " name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>"
    "</crm_config>" NODES
    "<resources><clone id=\"db-clone\"><meta_attributes id=\"cm\">"
    "<nvpair id=\"cm1\" name=\"promotable\" value=\"true\"/>"
    "<nvpair id=\"cm2\" name=\"notify\" value=\"true\"/>"
    "<nvpair id=\"cm3\" name=\"promoted-max\" value=\"1\"/></meta_attributes>"
    "<primitive id=\"db\" class=\"ocf\" provider=\"pacemaker\""
    " type=\"Stateful\"><operations><op id=\"db-m\" name=\"monitor\""
    " interval=\"10s\" timeout=\"25s\" role=\"Unpromoted\""
    " on-fail=\"restart\"/><op id=\"db-s\" name=\"start\" interval=\"0\""
    " timeout=\"60s\" on-fail=\"restart\"/></operations></primitive></clone>"
    "</resources>"
    "<op_defaults><meta_attributes id=\"od\"><nvpair id=\"od1\""
    " name=\"record-pending\" value=\"true\"/></meta_attributes>"
    "</op_defaults></configuration><status>"
    UP("1", "n1") "</node_state>" UP("2", "n2") "</node_state></status></cib>";

static void
exec_meta_as_pacemaker(void)
{
    static const char *const want[] = {
        "clone=", "clone_max=2", "clone_node_max=1", "globally_unique=false",
        "interval=0", "name=start", "notify=true", "on_fail=restart",
        "on_node=", "on_node_uuid=", "promoted_max=1", "promoted_node_max=1",
        "record_pending=true", "timeout=60000",
    };
    g_autoptr(ha_store_model_t) m = load(cib_promotable);
    g_autoptr(ha_sched_result_t) res = NULL;
    struct ha_sched_options opts = { .now = 1700000000 };
    struct ha_sched_exec_info info;
    guint found = G_MAXUINT;

    g_assert_cmpint(ha_sched_run(m, &opts, &res, NULL), ==, 0);
    for (guint i = 0; i < res->n_actions; i++) {
        if (g_strcmp0(res->actions[i].task, "start") == 0
            && res->actions[i].rsc != HA_MODEL_NONE) {
            found = i;
        }
    }
    g_assert_cmpuint(found, !=, G_MAXUINT);
    g_assert_cmpint(ha_sched_result_exec_info(res, found, &info), ==, 0);
    /* and, the clone notifying, Pacemaker's 21 notify_* lists */
    g_assert_cmpuint(g_hash_table_size(info.meta), ==,
                     G_N_ELEMENTS(want) + 21);
    g_assert_cmpstr(g_hash_table_lookup(info.meta, "notify_all_uname"), ==,
                    "n1 n2");
    g_assert_null(g_hash_table_lookup(info.meta, "notify_type"));
    for (guint i = 0; i < G_N_ELEMENTS(want); i++) {
        g_autofree char *key = g_strndup(want[i], strchr(want[i], '=') - want[i]);
        const char *v = g_hash_table_lookup(info.meta, key);
        const char *w = strchr(want[i], '=') + 1;

        g_assert_nonnull(v);
        if (*w != '\0') {
            g_assert_cmpstr(v, ==, w);
        }
    }
    ha_sched_exec_info_clear(&info);
}

/* Role monitors with the legacy role names: the Promoted one expects 8
 * (OCF_RUNNING_PROMOTED), the Unpromoted one 0. */
static const char cib_role_monitors[] =
    "<cib crm_feature_set=\"3.16.1\" have-quorum=\"1\"><configuration>"
    "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\""
    " name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>"
    "</crm_config>" NODES
    "<resources><clone id=\"db-clone\"><meta_attributes id=\"dbm\">"
    "<nvpair id=\"dbm1\" name=\"promotable\" value=\"true\"/>"
    "</meta_attributes><primitive id=\"db\" class=\"ocf\""
    " provider=\"pacemaker\" type=\"Stateful\"><operations>"
    "<op id=\"db-mp\" name=\"monitor\" interval=\"10s\" role=\"Master\"/>"
    "<op id=\"db-mu\" name=\"monitor\" interval=\"11s\" role=\"Slave\"/>"
    "</operations></primitive></clone></resources></configuration><status>"
    UP("1", "n1") "<transient_attributes id=\"1\"><instance_attributes"
    " id=\"t\"><nvpair id=\"t1\" name=\"master-db\" value=\"10\"/>"
    "</instance_attributes></transient_attributes></node_state>"
    UP("2", "n2") "</node_state></status></cib>";

/* The target rc of @res's monitor every @interval_ms on @node */
static int
monitor_target_rc(const ha_sched_result_t *res, guint64 interval_ms,
                  const char *node)
{
    for (guint i = 0; i < res->n_actions; i++) {
        const struct ha_sched_action_info *a = &res->actions[i];
        struct ha_sched_exec_info info;
        int rc;

        if (g_strcmp0(a->task, "monitor") != 0 || a->interval_ms != interval_ms
            || a->node == HA_MODEL_NONE
            || strcmp(res->nodes[a->node].name, node) != 0) {
            continue;
        }
        g_assert_cmpint(ha_sched_result_exec_info(res, i, &info), ==, 0);
        rc = info.target_rc;
        ha_sched_exec_info_clear(&info);
        return rc;
    }
    return -1;
}

static void
role_monitor_target_rc(void)
{
    g_autoptr(ha_store_model_t) m = load(cib_role_monitors);
    g_autoptr(ha_sched_result_t) res = NULL;
    struct ha_sched_options opts = { .now = 1700000000 };

    g_assert_cmpint(ha_sched_run(m, &opts, &res, NULL), ==, 0);
    g_assert_cmpint(monitor_target_rc(res, 10000, "n1"), ==, 8);
    g_assert_cmpint(monitor_target_rc(res, 11000, "n2"), ==, 0);
    g_assert_cmpint(monitor_target_rc(res, 11000, "n1"), ==, -1);
    g_assert_cmpint(monitor_target_rc(res, 10000, "n2"), ==, -1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/run/failover-moves-with-dependent",
                    failover_moves_with_dependent);
    g_test_add_func("/sched/run/deterministic", deterministic);
    g_test_add_func("/sched/run/exec-meta-as-pacemaker",
                    exec_meta_as_pacemaker);
    g_test_add_func("/sched/run/role-monitor-target-rc",
                    role_monitor_target_rc);
    g_test_add_func("/sched/run/exec-order-respects-edges",
                    exec_order_respects_edges);
    g_test_add_func("/sched/run/unsupported-is-refused",
                    unsupported_is_refused);
    g_test_add_func("/sched/run/property-rule-at-now",
                    property_rule_at_now);
    g_test_add_func("/sched/run/role-of-unpromotable-is-refused",
                    role_of_unpromotable_is_refused);
    return g_test_run();
}
