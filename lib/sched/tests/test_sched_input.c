/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/tests/test_sched_input.c - the scheduler's input without XML
 * and its one writer, over every scheduler golden input
 * (the .xml files of cts/scheduler):
 *  - model -> XML (ha_store_model_write_xml) -> model is equal, and the
 *    scheduler gives the same result on both;
 *  - the same input built in memory (a configuration snapshot of the
 *    store's document + typed node states, attributes and histories,
 *    store_input.h) is equal to the one read from the file, and the
 *    scheduler gives the same result on it.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sched/sched.h"
#include "store/store_input.h"
#include "store/store_model.h"

static void
assert_nvpairs_equal(const struct ha_model_nvpair *a,
                     const struct ha_model_nvpair *b, guint n)
{
    for (guint i = 0; i < n; i++) {
        g_assert_cmpstr(a[i].name, ==, b[i].name);
        g_assert_cmpstr(a[i].value, ==, b[i].value);
    }
}

static void
assert_ops_equal(const struct ha_model_lrm_op *a,
                 const struct ha_model_lrm_op *b)
{
    g_assert_cmpstr(a->id, ==, b->id);
    g_assert_cmpstr(a->operation, ==, b->operation);
    g_assert_cmpuint(a->interval_ms, ==, b->interval_ms);
    g_assert_cmpint(a->call_id, ==, b->call_id);
    g_assert_cmpint(a->rc_code, ==, b->rc_code);
    g_assert_cmpint(a->op_status, ==, b->op_status);
    g_assert_cmpint(a->target_rc, ==, b->target_rc);
    g_assert_cmpstr(a->op_digest, ==, b->op_digest);
    g_assert_cmpstr(a->op_restart_digest, ==, b->op_restart_digest);
    g_assert_cmpstr(a->op_secure_digest, ==, b->op_secure_digest);
    g_assert_cmpstr(a->op_force_restart, ==, b->op_force_restart);
    g_assert_cmpstr(a->exit_reason, ==, b->exit_reason);
    g_assert_cmpstr(a->migrate_source, ==, b->migrate_source);
    g_assert_cmpstr(a->migrate_target, ==, b->migrate_target);
    g_assert_cmpint(a->last_rc_change, ==, b->last_rc_change);
    g_assert_cmpint(a->last_run, ==, b->last_run);
    g_assert_cmpuint(a->exec_time_ms, ==, b->exec_time_ms);
    g_assert_cmpstr(a->transition_key, ==, b->transition_key);
}

static void
assert_status_equal(const ha_store_model_t *a, const ha_store_model_t *b)
{
    g_assert_cmpuint(a->n_node_states, ==, b->n_node_states);
    for (guint i = 0; i < a->n_node_states; i++) {
        const struct ha_model_node_state *x = &a->node_states[i];
        const struct ha_model_node_state *y = &b->node_states[i];

        g_assert_cmpstr(x->id, ==, y->id);
        g_assert_cmpstr(x->uname, ==, y->uname);
        g_assert_cmpuint(x->node, ==, y->node);
        g_assert_cmpuint(x->flags, ==, y->flags);
        g_assert_cmpuint(x->n_transient, ==, y->n_transient);
        assert_nvpairs_equal(x->transient, y->transient, x->n_transient);
        g_assert_cmpuint(x->n_lrm, ==, y->n_lrm);
    }
    g_assert_cmpuint(a->n_lrm_rscs, ==, b->n_lrm_rscs);
    for (guint i = 0; i < a->n_lrm_rscs; i++) {
        const struct ha_model_lrm_rsc *x = &a->lrm_rscs[i];
        const struct ha_model_lrm_rsc *y = &b->lrm_rscs[i];

        g_assert_cmpstr(x->id, ==, y->id);
        g_assert_cmpuint(x->rsc, ==, y->rsc);
        g_assert_cmpstr(x->klass, ==, y->klass);
        g_assert_cmpstr(x->provider, ==, y->provider);
        g_assert_cmpstr(x->type, ==, y->type);
        g_assert_cmpuint(x->n_ops, ==, y->n_ops);
        for (guint o = 0; o < x->n_ops; o++) {
            assert_ops_equal(&a->lrm_ops[x->op_first + o],
                             &b->lrm_ops[y->op_first + o]);
        }
    }
    g_assert_cmpuint(a->n_tickets, ==, b->n_tickets);
    for (guint i = 0; i < a->n_tickets; i++) {
        g_assert_cmpstr(a->tickets[i].id, ==, b->tickets[i].id);
        g_assert_cmpint(a->tickets[i].granted, ==, b->tickets[i].granted);
        g_assert_cmpint(a->tickets[i].standby, ==, b->tickets[i].standby);
    }
}

static void
assert_models_equal(const ha_store_model_t *a, const ha_store_model_t *b)
{
    g_assert_cmpint(a->have_quorum, ==, b->have_quorum);
    g_assert_cmpint(a->no_quorum_panic, ==, b->no_quorum_panic);
    g_assert_cmpint(a->execution_date, ==, b->execution_date);
    g_assert_cmpstr(a->dc_uuid, ==, b->dc_uuid);
    g_assert_cmpstr(a->validate_with, ==, b->validate_with);
    g_assert_cmpstr(a->crm_feature_set, ==, b->crm_feature_set);
    g_assert_cmpuint(a->n_props, ==, b->n_props);
    assert_nvpairs_equal(a->props, b->props, a->n_props);
    g_assert_cmpuint(a->n_nodes, ==, b->n_nodes);
    for (guint i = 0; i < a->n_nodes; i++) {
        g_assert_cmpstr(a->nodes[i].id, ==, b->nodes[i].id);
        g_assert_cmpstr(a->nodes[i].uname, ==, b->nodes[i].uname);
        g_assert_cmpstr(a->nodes[i].type, ==, b->nodes[i].type);
        g_assert_cmpuint(a->nodes[i].state, ==, b->nodes[i].state);
    }
    g_assert_cmpuint(a->n_rscs, ==, b->n_rscs);
    for (guint i = 0; i < a->n_rscs; i++) {
        g_assert_cmpstr(a->rscs[i].id, ==, b->rscs[i].id);
    }
    g_assert_cmpuint(a->n_locations, ==, b->n_locations);
    g_assert_cmpuint(a->n_colocations, ==, b->n_colocations);
    g_assert_cmpuint(a->n_orders, ==, b->n_orders);
    g_assert_cmpuint(a->n_rsc_tickets, ==, b->n_rsc_tickets);
    g_assert_cmpuint(a->n_unsupported, ==, b->n_unsupported);
    assert_status_equal(a, b);
}

/* The scheduler's answer as text: summary lines and executed actions. */
static char *
schedule_text(const ha_store_model_t *m)
{
    struct ha_sched_options opts = {
        .now = (m->execution_date != 0) ? m->execution_date : 1700000000,
    };
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autofree char *err = NULL;
    GString *s = g_string_new(NULL);
    int rc = ha_sched_run(m, &opts, &res, &err);

    g_string_append_printf(s, "rc=%d %s\n", rc, err != NULL ? err : "");
    for (guint i = 0; res != NULL && i < res->summary->len; i++) {
        g_string_append_printf(s, "%s\n",
                               (char *) g_ptr_array_index(res->summary, i));
    }
    for (guint i = 0; res != NULL && i < res->n_actions; i++) {
        const struct ha_sched_action_info *ai = &res->actions[i];

        g_string_append_printf(s, "%s %s %x\n", ai->key,
                               ai->node != HA_MODEL_NONE
                               ? res->nodes[ai->node].name : "-", ai->flags);
    }
    return g_string_free(s, FALSE);
}

/* Golden inputs whose states all name configured nodes (an unconfigured
 * one is added as a node by the builder, not by the reader). */
static gboolean
states_configured(const ha_store_model_t *m)
{
    for (guint i = 0; i < m->n_node_states; i++) {
        if (m->node_states[i].node == HA_MODEL_NONE) {
            return FALSE;
        }
    }
    return m->n_tickets == 0;
}

static void
test_golden(gconstpointer data)
{
    const char *path = data;
    g_autoptr(ha_store_model_t) m1 = NULL;
    g_autoptr(ha_store_model_t) m2 = NULL;
    g_autofree char *err = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *text1 = NULL;
    g_autofree char *text2 = NULL;

    g_assert_cmpint(ha_store_model_parse_file(path, &m1, &err), ==, 0);
    xml = ha_store_model_write_xml(m1);
    g_assert_cmpint(ha_store_model_parse_memory(xml, strlen(xml), &m2, &err),
                    ==, 0);
    assert_models_equal(m1, m2);
    text1 = schedule_text(m1);
    text2 = schedule_text(m2);
    g_assert_cmpstr(text1, ==, text2);

    if (states_configured(m1)) {
        g_autoptr(ha_store_doc_t) doc = NULL;
        g_autoptr(ha_store_model_t) cfg = NULL;
        g_autoptr(ha_store_input_t) in = NULL;
        g_autoptr(ha_store_model_t) m3 = NULL;
        g_autofree char *text3 = NULL;

        g_assert_cmpint(ha_store_doc_load_file(path, 0, &doc, NULL), ==, 0);
        g_assert_cmpint(ha_store_config_snapshot(doc, &cfg, &err), ==, 0);
        g_assert_cmpuint(cfg->n_node_states, ==, 0);
        in = ha_store_input_new(cfg);
        ha_store_input_cluster(in, m1->have_quorum, m1->dc_uuid);
        ha_store_input_add_states(in, m1);
        m3 = ha_store_input_finish(g_steal_pointer(&in));
        assert_status_equal(m1, m3);
        text3 = schedule_text(m3);
        g_assert_cmpstr(text1, ==, text3);
    }
}

/* A node the configuration does not list gets a node entry; a state
 * without ha_store_input_node() first is ignored. */
static void
test_unconfigured_node(void)
{
    static const char cib[] =
        "<cib validate-with=\"pacemaker-3.9\" epoch=\"1\" num_updates=\"0\""
        " admin_epoch=\"0\"><configuration><crm_config/><nodes>"
        "<node id=\"1\" uname=\"n1\"/></nodes><resources/><constraints/>"
        "</configuration><status/></cib>";
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(ha_store_model_t) cfg = NULL;
    g_autoptr(ha_store_model_t) m = NULL;
    g_autoptr(ha_store_model_t) back = NULL;
    g_autofree char *xml = NULL;
    ha_store_input_t *in;
    guint up = HA_NODE_IN_CCM | HA_NODE_CRMD | HA_NODE_JOIN_MEMBER
               | HA_NODE_EXPECTED_UP;

    g_assert_cmpint(ha_store_doc_load_memory(cib, strlen(cib), NULL, 0, &doc,
                                             NULL), ==, 0);
    g_assert_cmpint(ha_store_config_snapshot(doc, &cfg, NULL), ==, 0);
    in = ha_store_input_new(cfg);
    ha_store_input_node_state(in, "ghost", up);
    g_assert_cmpstr(ha_store_input_node(in, "n1", "9"), ==, "1");
    g_assert_cmpstr(ha_store_input_node(in, "n2", "2"), ==, "2");
    ha_store_input_node_state(in, "n2", up);
    ha_store_input_attr(in, "a&b", "<v>");
    m = ha_store_input_finish(in);
    g_assert_cmpuint(m->n_nodes, ==, 2);
    g_assert_cmpuint(cfg->n_nodes, ==, 1);
    g_assert_cmpuint(m->n_node_states, ==, 1);
    g_assert_cmpuint(m->nodes[1].state, ==, 0);
    g_assert_cmpuint(m->nodes[0].state, ==, HA_MODEL_NONE);
    xml = ha_store_model_write_xml(m);
    g_assert_cmpint(ha_store_model_parse_memory(xml, strlen(xml), &back,
                                                NULL), ==, 0);
    assert_models_equal(m, back);
}

int
main(int argc, char **argv)
{
    const char *top = g_getenv("top_srcdir");
    g_autofree char *dir = g_build_filename(top != NULL ? top : ".", "cts",
                                            "scheduler", NULL);
    g_autoptr(GDir) d = NULL;
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    g_test_init(&argc, &argv, NULL);
    d = g_dir_open(dir, 0, NULL);
    g_assert_nonnull(d);
    while ((name = g_dir_read_name(d)) != NULL) {
        if (g_str_has_suffix(name, ".xml")) {
            g_ptr_array_add(paths, g_build_filename(dir, name, NULL));
        }
    }
    g_assert_cmpuint(paths->len, >, 0);
    for (guint i = 0; i < paths->len; i++) {
        g_autofree char *base = g_path_get_basename(paths->pdata[i]);
        g_autofree char *tname = g_strconcat("/sched/input/golden/", base,
                                             NULL);

        g_test_add_data_func(tname, paths->pdata[i], test_golden);
    }
    g_test_add_func("/sched/input/unconfigured-node", test_unconfigured_node);
    return g_test_run();
}
