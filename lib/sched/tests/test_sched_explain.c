/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/tests/test_sched_explain.c - the score breakdown agrees with
 * the decision: on every scheduler regression input (ours in cts/scheduler
 * and, when present, Pacemaker's suite), each node's contributions fold to
 * the score the node choice compared, nothing is left unexplained, the
 * chosen node is the one the result places the resource on, and asking for
 * the breakdown changes no decision.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "common/results.h"
#include "common/strings.h"
#include "sched/sched.h"
#include "store/store_model.h"

#define UP(id, name) \
    "<node_state id=\"" id "\" uname=\"" name "\" in_ccm=\"true\"" \
    " crmd=\"online\" join=\"member\" expected=\"member\">"
#define DUMMY(id) \
    "<primitive id=\"" id "\" class=\"ocf\" provider=\"pacemaker\"" \
    " type=\"Dummy\"/>"
#define RUNNING(id) \
    "<lrm_resource id=\"" id "\" class=\"ocf\" provider=\"pacemaker\"" \
    " type=\"Dummy\"><lrm_rsc_op id=\"" id "_last_0\" operation=\"start\"" \
    " interval=\"0\" call-id=\"2\" rc-code=\"0\" op-status=\"0\"" \
    " transition-key=\"1:1:0:x\"/></lrm_resource>"

/* web prefers n1 (100) but runs on n2 with stickiness 200; n3 is banned;
 * db follows web; after follows db (mandatory order), db is stopped. */
static const char cib_three[] =
    "<cib crm_feature_set=\"3.16.1\" have-quorum=\"1\"><configuration>"
    "<crm_config><cluster_property_set id=\"o\"><nvpair id=\"o1\""
    " name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>"
    "</crm_config><nodes><node id=\"1\" uname=\"n1\"/>"
    "<node id=\"2\" uname=\"n2\"/><node id=\"3\" uname=\"n3\"/></nodes>"
    "<resources><primitive id=\"web\" class=\"ocf\" provider=\"pacemaker\""
    " type=\"Dummy\"><meta_attributes id=\"wm\"><nvpair id=\"wm1\""
    " name=\"resource-stickiness\" value=\"200\"/></meta_attributes>"
    "</primitive>" DUMMY("db") DUMMY("after") "</resources>"
    "<constraints>"
    "<rsc_location id=\"pref-n1\" rsc=\"web\" node=\"n1\" score=\"100\"/>"
    "<rsc_location id=\"ban-n3\" rsc=\"web\" node=\"n3\""
    " score=\"-INFINITY\"/>"
    "<rsc_colocation id=\"db-with-web\" rsc=\"db\" with-rsc=\"web\""
    " score=\"INFINITY\"/>"
    "</constraints></configuration><status>"
    UP("1", "n1") "</node_state>"
    UP("2", "n2") "<lrm id=\"2\"><lrm_resources>" RUNNING("web")
    "</lrm_resources></lrm></node_state>"
    UP("3", "n3") "</node_state></status></cib>";

static ha_store_model_t *
load(const char *text)
{
    ha_store_model_t *m = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint(ha_store_model_parse_memory(text, strlen(text), &m, &err),
                    ==, 0);
    return m;
}

static guint
rsc_index(const ha_sched_result_t *res, const char *id)
{
    for (guint i = 0; i < res->n_rscs; i++) {
        if (strcmp(res->rscs[i].id, id) == 0) {
            return i;
        }
    }
    g_assert_not_reached();
    return 0;
}

static guint
node_index(const ha_sched_result_t *res, const char *name)
{
    for (guint n = 0; n < res->n_nodes; n++) {
        if (strcmp(res->nodes[n].name, name) == 0) {
            return n;
        }
    }
    g_assert_not_reached();
    return 0;
}

static const struct ha_sched_contrib *
find_contrib(const struct ha_sched_explain_node *en,
             enum ha_sched_contrib_kind kind)
{
    for (guint i = 0; i < en->n_contribs; i++) {
        if (en->contribs[i].kind == kind) {
            return &en->contribs[i];
        }
    }
    return NULL;
}

static void
explain_location_stickiness(void)
{
    g_autoptr(ha_store_model_t) m = load(cib_three);
    g_autoptr(ha_sched_result_t) res = NULL;
    struct ha_sched_options opts = { .now = 1700000000, .want_explain = TRUE };
    const struct ha_sched_explain *e;
    const struct ha_sched_contrib *c;

    g_assert_cmpint(ha_sched_run(m, &opts, &res, NULL), ==, 0);
    e = ha_sched_result_explain(res, rsc_index(res, "web"));
    g_assert_nonnull(e);
    g_assert_cmpuint(e->chosen, ==, node_index(res, "n2"));
    g_assert_cmpint(e->nodes[node_index(res, "n2")].score, ==, 200);
    g_assert_cmpint(e->nodes[node_index(res, "n1")].score, ==, 100);
    g_assert_cmpint(e->nodes[node_index(res, "n3")].score, ==,
                    -HA_SCORE_INFINITY);

    c = find_contrib(&e->nodes[node_index(res, "n2")], HA_CONTRIB_STICKINESS);
    g_assert_nonnull(c);
    g_assert_cmpint(c->value, ==, 200);
    c = find_contrib(&e->nodes[node_index(res, "n1")], HA_CONTRIB_LOCATION);
    g_assert_nonnull(c);
    g_assert_cmpstr(c->source, ==, "pref-n1");
    c = find_contrib(&e->nodes[node_index(res, "n3")], HA_CONTRIB_LOCATION);
    g_assert_nonnull(c);
    g_assert_cmpstr(c->source, ==, "ban-n3");

    /* db goes with web: a mandatory colocation bans the other nodes */
    e = ha_sched_result_explain(res, rsc_index(res, "db"));
    g_assert_nonnull(e);
    g_assert_cmpuint(e->chosen, ==, node_index(res, "n2"));
    c = find_contrib(&e->nodes[node_index(res, "n1")], HA_CONTRIB_COLOCATION);
    g_assert_nonnull(c);
    g_assert_cmpstr(c->source, ==, "db-with-web");
    g_assert_cmpstr(c->other, ==, "web");
    g_assert_cmpuint(c->other_node, ==, node_index(res, "n2"));
    g_assert_cmpint(c->value, ==, -HA_SCORE_INFINITY);
}

static void
explain_off_by_default(void)
{
    g_autoptr(ha_store_model_t) m = load(cib_three);
    g_autoptr(ha_sched_result_t) res = NULL;
    struct ha_sched_options opts = { .now = 1700000000 };

    g_assert_cmpint(ha_sched_run(m, &opts, &res, NULL), ==, 0);
    g_assert_null(ha_sched_result_explain(res, rsc_index(res, "web")));
}

/* A run with the breakdown on cts/scheduler/@name.xml. */
static ha_sched_result_t *
run_case(const char *name, ha_store_model_t **ret_model)
{
    const char *top = g_getenv("top_srcdir");
    g_autofree char *file = g_strconcat(name, ".xml", NULL);
    g_autofree char *path = g_build_filename(top != NULL ? top : ".", "cts",
                                             "scheduler", file, NULL);
    g_autofree char *err = NULL;
    struct ha_sched_options opts = { .want_explain = TRUE };
    ha_sched_result_t *res = NULL;

    g_assert_cmpint(ha_store_model_parse_file(path, ret_model, &err), ==, 0);
    opts.now = (*ret_model)->execution_date;
    g_assert_cmpint(ha_sched_run(*ret_model, &opts, &res, NULL), ==, 0);
    return res;
}

static void
explain_blockers(void)
{
    g_autoptr(ha_store_model_t) m1 = NULL;
    g_autoptr(ha_store_model_t) m2 = NULL;
    g_autoptr(ha_store_model_t) m3 = NULL;
    g_autoptr(ha_store_model_t) m4 = NULL;
    g_autoptr(ha_sched_result_t) order = run_case("0202-order-unrunnable-first",
                                                  &m1);
    g_autoptr(ha_sched_result_t) quorum = run_case("0602-no-quorum-stop", &m2);
    g_autoptr(ha_sched_result_t) unmanaged = run_case("0502-unmanaged-stays",
                                                      &m3);
    g_autoptr(ha_sched_result_t) nofence = run_case(
        "0605-fencing-enabled-no-device", &m4);
    const struct ha_sched_explain *e;

    /* rsc1 is stopped by its target-role; rsc2 waits for it (order o1) */
    e = ha_sched_result_explain(order, rsc_index(order, "rsc1"));
    g_assert_cmpuint(e->chosen, ==, HA_MODEL_NONE);
    g_assert_nonnull(find_contrib(&e->nodes[0], HA_CONTRIB_TARGET_ROLE));
    e = ha_sched_result_explain(order, rsc_index(order, "rsc2"));
    g_assert_cmpuint(e->n_blockers, ==, 1);
    g_assert_cmpint(e->blockers[0].kind, ==, HA_BLOCK_ORDER);
    g_assert_cmpstr(e->blockers[0].source, ==, "o1");
    g_assert_cmpstr(e->blockers[0].other, ==, "rsc1");

    e = ha_sched_result_explain(quorum, rsc_index(quorum, "rsc1"));
    g_assert_cmpuint(e->n_blockers, ==, 1);
    g_assert_cmpint(e->blockers[0].kind, ==, HA_BLOCK_QUORUM);
    g_assert_cmpstr(e->blockers[0].note, ==, "stop");

    e = ha_sched_result_explain(unmanaged, rsc_index(unmanaged, "rsc1"));
    g_assert_cmpuint(e->n_blockers, ==, 1);
    g_assert_cmpint(e->blockers[0].kind, ==, HA_BLOCK_UNMANAGED);

    /* fencing enabled, no fence device: b is not started, a stays, and
     * both still say managed (nothing set is-managed=false) */
    for (guint i = 0; i < 2; i++) {
        guint r = rsc_index(nofence, (i == 0) ? "a" : "b");

        e = ha_sched_result_explain(nofence, r);
        g_assert_cmpuint(e->n_blockers, ==, 1);
        g_assert_cmpint(e->blockers[0].kind, ==, HA_BLOCK_NO_FENCE_DEVICE);
        g_assert_true(nofence->rscs[r].managed);
    }
    g_assert_cmpuint(nofence->rscs[rsc_index(nofence, "b")].next_node, ==,
                     HA_MODEL_NONE);
}

static int
fold(const struct ha_sched_explain_node *en)
{
    int s = 0;

    for (guint i = 0; i < en->n_contribs; i++) {
        s = ha_score_add(s, en->contribs[i].value);
    }
    return s;
}

/* Left where it is (no fence device): not placed by score. */
static gboolean
held_no_fence_device(const struct ha_sched_explain *e)
{
    for (guint b = 0; b < e->n_blockers; b++) {
        if (e->blockers[b].kind == HA_BLOCK_NO_FENCE_DEVICE) {
            return TRUE;
        }
    }
    return FALSE;
}

/* The invariants on one input; returns FALSE when the engine refuses it. */
static gboolean
check_input(const char *path, guint *ret_checked)
{
    g_autoptr(ha_store_model_t) m = NULL;
    g_autoptr(ha_sched_result_t) plain = NULL;
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autofree char *err = NULL;
    struct ha_sched_options opts = { .now = 1700000000 };

    if (ha_store_model_parse_file(path, &m, &err) < 0) {
        return FALSE;
    }
    if (m->execution_date > 0) {
        opts.now = m->execution_date;
    }
    if (ha_sched_run(m, &opts, &plain, NULL) < 0) {
        return FALSE;
    }
    opts.want_explain = TRUE;
    g_assert_cmpint(ha_sched_run(m, &opts, &res, NULL), ==, 0);

    /* the breakdown changes nothing */
    g_assert_cmpuint(res->summary->len, ==, plain->summary->len);
    for (guint i = 0; i < res->summary->len; i++) {
        g_assert_cmpstr(g_ptr_array_index(res->summary, i), ==,
                        g_ptr_array_index(plain->summary, i));
    }
    for (guint r = 0; r < res->n_rscs; r++) {
        const struct ha_sched_explain *e = ha_sched_result_explain(res, r);
        int best = -HA_SCORE_INFINITY;

        if (e == NULL) {
            continue;
        }
        (*ret_checked)++;
        g_assert_cmpuint(e->n_nodes, ==, res->n_nodes);
        for (guint n = 0; n < e->n_nodes; n++) {
            if (find_contrib(&e->nodes[n], HA_CONTRIB_OTHER) != NULL) {
                g_test_message("%s: %s on %s: unexplained contribution",
                               path, res->rscs[r].id, res->nodes[n].name);
            }
            g_assert_null(find_contrib(&e->nodes[n], HA_CONTRIB_OTHER));
            g_assert_cmpint(fold(&e->nodes[n]), ==, e->nodes[n].score);
            best = MAX(best, e->nodes[n].score);
        }
        if (e->chosen != res->rscs[r].next_node) {
            g_test_message("%s: %s: chosen %u, placed on %u", path,
                           res->rscs[r].id, e->chosen,
                           res->rscs[r].next_node);
        }
        g_assert_cmpuint(e->chosen, ==, res->rscs[r].next_node);
        if (e->chosen != HA_MODEL_NONE && res->rscs[r].managed
            && !held_no_fence_device(e)) {
            g_assert_cmpint(e->nodes[e->chosen].score, ==, best);
            g_assert_cmpint(e->nodes[e->chosen].score, >=, 0);
        }
    }
    return TRUE;
}

static void
check_dir(gconstpointer data)
{
    const char *dir = data;
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    guint inputs = 0, checked = 0;

    if (d == NULL) {
        g_test_skip("no such directory");
        return;
    }
    while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = NULL;

        if (!g_str_has_suffix(name, ".xml")) {
            continue;
        }
        path = g_build_filename(dir, name, NULL);
        if (check_input(path, &checked)) {
            inputs++;
        }
    }
    g_test_message("%s: %u inputs, %u resources checked", dir, inputs,
                   checked);
    g_assert_cmpuint(inputs, >, 0);
    g_assert_cmpuint(checked, >, 0);
}

int
main(int argc, char **argv)
{
    const char *top = g_getenv("top_srcdir");
    g_autofree char *ours = g_build_filename(top != NULL ? top : ".", "cts",
                                             "scheduler", NULL);
    g_autofree char *pcmk = NULL;

    if (g_getenv("HA_PCMK_SUITE_DIR") != NULL) {
        pcmk = g_strdup(g_getenv("HA_PCMK_SUITE_DIR"));
    } else {
        pcmk = g_build_filename(top != NULL ? top : ".", "..", "shared",
                                "pcmk-scheduler", "xml", NULL);
    }
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/sched/explain/location-stickiness-colocation",
                    explain_location_stickiness);
    g_test_add_func("/sched/explain/off-by-default", explain_off_by_default);
    g_test_add_func("/sched/explain/blockers", explain_blockers);
    g_test_add_data_func("/sched/explain/agrees/cts-scheduler", ours,
                         check_dir);
    g_test_add_data_func("/sched/explain/agrees/pcmk-suite", pcmk,
                         check_dir);
    return g_test_run();
}
