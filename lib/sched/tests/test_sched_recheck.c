/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/tests/test_sched_recheck.c - ha_sched_result.recheck_at: the
 * earliest time the decision may change with nothing else happening
 * (failure-timeout expiry, date rules), one row per rule.  Where the rule
 * moves a resource, the row also checks that the placement is the same
 * at now and one second before recheck_at, and differs at recheck_at.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sched/sched.h"
#include "store/store_model.h"

#define NOW G_GINT64_CONSTANT(1767609000)   /* 2026-01-05 10:30:00 UTC, Mon */

#define NODES "<nodes><node id='1' uname='n1'/><node id='2' uname='n2'/>" \
              "</nodes>"
#define UP(id, name) \
    "<node_state id='" id "' uname='" name "' in_ccm='true' crmd='online'" \
    " join='member' expected='member'><transient_attributes id='" id "'>" \
    "<instance_attributes id='t" id "'>"
#define DOWN "</instance_attributes></transient_attributes></node_state>"
#define R2 "<primitive id='r2' class='ocf' provider='pacemaker' type='Dummy'>"
#define FT(id, v) "<meta_attributes id='" id "-m'><nvpair id='" id "-ft'" \
    " name='failure-timeout' value='" v "'/><nvpair id='" id "-mt'" \
    " name='migration-threshold' value='1'/></meta_attributes>"
#define FAIL(n, rsc, at) \
    "<nvpair id='" n rsc "fc' name='fail-count-" rsc "#monitor_10000'" \
    " value='1'/><nvpair id='" n rsc "lf' name='last-failure-" rsc \
    "#monitor_10000' value='" at "'/>"
#define ON_N2 "<expression id='e-n2' attribute='#uname' operation='eq'" \
              " value='n2'/>"
#define LOC(rule) "<rsc_location id='l1' rsc='r1'><rule id='l1-r'" \
                  " score='100'>" rule "</rule></rsc_location>"
#define DATE(attrs) "<date_expression id='d' " attrs "/>"
#define SPEC(attrs) "<date_expression id='d' operation='date_spec'>" \
                    "<date_spec id='ds' " attrs "/></date_expression>"
#define LT_NOON DATE("operation='lt' end='2026-01-05 12:00:00'")

struct recheck_case {
    const char *name;
    const char *nodes;          /* NULL: n1 and n2 */
    const char *r1;             /* children of primitive r1 */
    const char *more;           /* more resources */
    const char *constraints;
    const char *defaults;       /* rsc_defaults / op_defaults */
    const char *fail_n1, *fail_n2;  /* transient nvpairs */
    gint64 expect;              /* 0: never */
    gboolean moves;             /* the placement changes then */
};

static const struct recheck_case cases[] = {
    { "failure-timeout pending", .r1 = FT("r1", "60s"),
      .fail_n1 = FAIL("n1", "r1", "1767608990"),
      .expect = NOW + 50, .moves = TRUE },
    { "failure already expired", .r1 = FT("r1", "60s"),
      .fail_n1 = FAIL("n1", "r1", "1767608900"), .expect = 0 },
    { "failure without failure-timeout",
      .fail_n1 = FAIL("n1", "r1", "1767608990"), .expect = 0 },
    { "several failures: the earliest wins", .r1 = FT("r1", "60s"),
      .more = R2 FT("r2", "2min") "</primitive>",
      .fail_n1 = FAIL("n1", "r1", "1767608990") FAIL("n1", "r2", "1767608995"),
      .fail_n2 = FAIL("n2", "r1", "1767608960"),
      .expect = NOW + 20, .moves = TRUE },
    { "date_spec hours range in a location rule",
      .constraints = LOC(ON_N2 SPEC("hours='9-16'")),
      .expect = 1767632400, .moves = TRUE },     /* 17:00 */
    { "date_spec weekdays", .constraints = LOC(SPEC("weekdays='6-7'")),
      .expect = 1768003200 },                   /* Saturday 00:00 */
    { "date_spec minutes", .constraints = LOC(SPEC("minutes='0-14'")),
      .expect = 1767610800 },                   /* 11:00 */
    { "date_spec monthdays", .constraints = LOC(SPEC("monthdays='31'")),
      .expect = 1769817600 },                   /* January 31 */
    { "date_spec months", .constraints = LOC(SPEC("months='1'")),
      .expect = 1769904000 },                   /* February 1 */
    { "date_spec years", .constraints = LOC(SPEC("years='2027'")),
      .expect = 1798761600 },                   /* 2027-01-01 */
    { "date_expression in_range end",
      .constraints = LOC(ON_N2 DATE("operation='in_range'"
                                    " start='2026-01-01'"
                                    " end='2026-01-05 12:00:00'")),
      .expect = 1767614401, .moves = TRUE },    /* one second after end */
    { "date_expression in_range start ahead",
      .constraints = LOC(DATE("start='2026-01-05 11:00:00'"
                              " end='2026-01-06'")),
      .expect = 1767610800 },
    { "date_expression in_range duration",
      .constraints = LOC("<date_expression id='d' operation='in_range'"
                         " start='2026-01-05 10:00:00'><duration id='du'"
                         " hours='2'/></date_expression>"),
      .expect = 1767614401 },
    { "date_expression lt", .constraints = LOC(ON_N2 LT_NOON),
      .expect = 1767614400, .moves = TRUE },
    { "date_expression gt",
      .constraints = LOC(ON_N2 DATE("operation='gt'"
                                    " start='2026-01-05 11:00:00'")),
      .expect = 1767610801, .moves = TRUE },
    { "date_expression gt already true",
      .constraints = LOC(DATE("operation='gt' start='2026-01-01'")),
      .expect = 0 },
    { "nested rule",
      .constraints = LOC("<rule id='in' boolean-op='or'>" ON_N2 LT_NOON
                         "</rule>"),
      .expect = 1767614400 },
    { "rule in rsc_defaults",
      .defaults = "<rsc_defaults><meta_attributes id='rd'><rule id='rd-r'>"
                  LT_NOON "</rule><nvpair id='rd-t' name='target-role'"
                  " value='Stopped'/></meta_attributes></rsc_defaults>",
      .expect = 1767614400, .moves = TRUE },
    { "rule in op_defaults",
      .defaults = "<op_defaults><meta_attributes id='od'><rule id='od-r'>"
                  LT_NOON "</rule><nvpair id='od-t' name='timeout'"
                  " value='30s'/></meta_attributes></op_defaults>",
      .expect = 1767614400 },
    { "rule in the resource's meta attributes",
      .r1 = "<meta_attributes id='rm'><rule id='rm-r'>" LT_NOON "</rule>"
            "<nvpair id='rm-t' name='target-role' value='Stopped'/>"
            "</meta_attributes>",
      .expect = 1767614400, .moves = TRUE },
    { "rule in instance attributes",
      .r1 = "<instance_attributes id='ri'><rule id='ri-r'>" LT_NOON
            "</rule><nvpair id='ri-p' name='p' value='1'/>"
            "</instance_attributes>",
      .expect = 1767614400 },
    { "rule in an operation's meta attributes",
      .r1 = "<operations><op id='r1-mon' name='monitor' interval='10s'>"
            "<meta_attributes id='om'><rule id='om-r'>" LT_NOON "</rule>"
            "<nvpair id='om-t' name='timeout' value='30s'/>"
            "</meta_attributes></op></operations>",
      .expect = 1767614400 },
    { "rule in node attributes",
      .nodes = "<nodes><node id='1' uname='n1'><instance_attributes"
               " id='na'><rule id='na-r'>" LT_NOON "</rule><nvpair"
               " id='na-p' name='site' value='a'/></instance_attributes>"
               "</node><node id='2' uname='n2'/></nodes>",
      .expect = 1767614400 },
    { "a failure before a date rule",
      .r1 = FT("r1", "60s"), .fail_n1 = FAIL("n1", "r1", "1767608990"),
      .constraints = LOC(LT_NOON), .expect = NOW + 50 },
    { "nothing depends on time", .more = R2 "</primitive>",
      .constraints = "<rsc_location id='l2' rsc='r1' node='n2'"
                     " score='10'/>", .expect = 0 },
};

static char *
cib_of(const struct recheck_case *c)
{
    return g_strdup_printf(
        "<cib crm_feature_set='3.16.1' have-quorum='1'><configuration>"
        "<crm_config><cluster_property_set id='o'><nvpair id='o1'"
        " name='stonith-enabled' value='false'/></cluster_property_set>"
        "</crm_config>%s<resources><primitive id='r1' class='ocf'"
        " provider='pacemaker' type='Dummy'>%s</primitive>%s</resources>"
        "<constraints>%s</constraints>%s</configuration><status>"
        UP("1", "n1") "%s" DOWN UP("2", "n2") "%s" DOWN "</status></cib>",
        c->nodes != NULL ? c->nodes : NODES, c->r1 != NULL ? c->r1 : "",
        c->more != NULL ? c->more : "",
        c->constraints != NULL ? c->constraints : "",
        c->defaults != NULL ? c->defaults : "",
        c->fail_n1 != NULL ? c->fail_n1 : "",
        c->fail_n2 != NULL ? c->fail_n2 : "");
}

/* Run at @now: "r1@n2 r2@-" (where each resource is placed); recheck_at
 * into @ret_recheck. */
static char *
placement_at(const ha_store_model_t *m, gint64 now, gint64 *ret_recheck)
{
    struct ha_sched_options opts = { .now = now };
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autofree char *err = NULL;
    GString *out = g_string_new(NULL);

    g_assert_cmpint(ha_sched_run(m, &opts, &res, &err), ==, 0);
    for (guint i = 0; i < res->n_rscs; i++) {
        guint n = res->rscs[i].next_node;

        g_string_append_printf(out, "%s@%s ", res->rscs[i].id,
                               (n != HA_MODEL_NONE) ? res->nodes[n].name
                                                    : "-");
    }
    if (ret_recheck != NULL) {
        *ret_recheck = res->recheck_at;
    }
    return g_string_free(out, FALSE);
}

static void
check_case(gconstpointer data)
{
    const struct recheck_case *c = data;
    g_autofree char *cib = cib_of(c);
    g_autoptr(ha_store_model_t) m = NULL;
    g_autofree char *err = NULL;
    g_autofree char *at_now = NULL;
    gint64 recheck = -1;

    g_assert_cmpint(ha_store_model_parse_memory(cib, strlen(cib), &m, &err),
                    ==, 0);
    at_now = placement_at(m, NOW, &recheck);
    g_assert_cmpint(recheck, ==, c->expect);
    if (c->moves) {
        g_autofree char *before = placement_at(m, recheck - 1, NULL);
        g_autofree char *after = placement_at(m, recheck, NULL);

        g_assert_cmpstr(before, ==, at_now);
        g_assert_cmpstr(after, !=, before);
    }
}

/* The next change of a rule agrees with its evaluation: the value at
 * now holds until one second before, and differs at the change. */
static void
rule_boundaries_agree(void)
{
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *cib = cib_of(&cases[i]);
        g_autoptr(ha_store_model_t) m = NULL;
        const struct ha_model_rule *rule;
        struct ha_model_rule_ctx now = { .now = NOW };
        struct ha_model_rule_ctx before, at;
        gint64 next;

        g_assert_cmpint(ha_store_model_parse_memory(cib, strlen(cib), &m,
                                                    NULL), ==, 0);
        if (m->n_locations == 0 || m->locations[0].n_rules == 0) {
            continue;
        }
        rule = m->locations[0].rules[0];
        next = ha_store_rule_next_change(rule, NOW);
        if (next == 0 || strstr(cib, "#uname") != NULL) {
            continue;   /* no node in this context: #uname never matches */
        }
        before = now;
        before.now = next - 1;
        at = now;
        at.now = next;
        g_assert_cmpint(ha_store_rule_eval(rule, &before), ==,
                        ha_store_rule_eval(rule, &now));
        g_assert_cmpint(ha_store_rule_eval(rule, &at), !=,
                        ha_store_rule_eval(rule, &now));
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/sched/recheck/%s",
                                                cases[i].name);

        g_strdelimit(path + 1, ":", '-');
        g_test_add_data_func(path, &cases[i], check_case);
    }
    g_test_add_func("/sched/recheck/rule-boundaries-agree",
                    rule_boundaries_agree);
    return g_test_run();
}
