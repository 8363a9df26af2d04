/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/tests/test_sched_fence_plan.c - the fencing query: which
 * devices, in which levels, for a target (fencing-topology by name,
 * pattern and attribute; pcmk_host_list / pcmk_host_map /
 * pcmk_host_check; disabled devices), what running each needs, and which
 * node runs them.  One row per rule.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "sched/sched.h"
#include "store/store_model.h"

#define NOW G_GINT64_CONSTANT(1767609000)

#define DEV(id, nvpairs) \
    "<primitive id='" id "' class='stonith' type='fence_x'>" \
    "<instance_attributes id='" id "-i'>" nvpairs "</instance_attributes>" \
    "</primitive>"
#define NV(id, name, value) \
    "<nvpair id='" id "-" name "' name='" name "' value='" value "'/>"
#define LIST(id, v) NV(id, "pcmk_host_list", v)
#define STOPPED(id) \
    "<meta_attributes id='" id "-m'><nvpair id='" id "-tr'" \
    " name='target-role' value='Stopped'/></meta_attributes>"
#define LEVEL(id, target, index, devices) \
    "<fencing-level id='" id "' " target " index='" index "' devices='" \
    devices "'/>"

struct plan_case {
    const char *name;
    const char *rscs;
    const char *topology;       /* fencing-level elements, or NULL */
    const char *more;           /* more configuration (rsc_defaults) */
    const char *target;
    const char *expect;         /* see describe() */
};

static const struct plan_case cases[] = {
    { "pcmk_host_list names the target",
      DEV("f1", LIST("f1", "n1 n2")) DEV("f2", LIST("f2", "n3")),
      .target = "n3", .expect = "f2" },
    { "pcmk_host_list compares without case",
      DEV("f1", LIST("f1", "N1,N2")), .target = "n1", .expect = "f1" },
    { "pcmk_host_map names the target",
      DEV("f1", NV("f1", "pcmk_host_map", "n1:1;n2=2")),
      .target = "n2", .expect = "f1" },
    { "pcmk_host_map compares without case",
      DEV("f1", NV("f1", "pcmk_host_map", "N1:1;N2=2")),
      .target = "n2", .expect = "f1" },
    { "pcmk_host_map does not name it",
      DEV("f1", NV("f1", "pcmk_host_map", "n1:1;n2=2")),
      .target = "n3", .expect = "" },
    { "a list or a map: static-list, either one names it",
      DEV("f1", LIST("f1", "n1") NV("f1", "pcmk_host_map", "n3:c")),
      .target = "n3", .expect = "f1" },
    { "static-list without a list fences nobody",
      DEV("f1", NV("f1", "pcmk_host_check", "static-list")),
      .target = "n1", .expect = "" },
    { "pcmk_host_check=none fences anyone",
      DEV("f1", LIST("f1", "n1") NV("f1", "pcmk_host_check", "none")),
      .target = "n3", .expect = "f1*" },
    { "dynamic-list asks the device, whatever the list",
      DEV("f1", LIST("f1", "n1") NV("f1", "pcmk_host_check",
                                    "dynamic-list")),
      .target = "n3", .expect = "f1?" },
    { "status asks the device",
      DEV("f1", NV("f1", "pcmk_host_check", "status")),
      .target = "n3", .expect = "f1?" },
    { "no list and no map: ask the device",
      DEV("f1", ""), .target = "n2", .expect = "f1?" },
    { "an unknown pcmk_host_check fences nobody",
      DEV("f1", LIST("f1", "n2") NV("f1", "pcmk_host_check", "maybe")),
      .target = "n2", .expect = "" },
    { "every capable device, in configuration order",
      DEV("f2", LIST("f2", "n1")) DEV("f3", LIST("f3", "n2"))
      DEV("f1", ""), .target = "n1", .expect = "f2 | f1?" },
    { "a disabled device is never used",
      "<primitive id='f1' class='stonith' type='fence_x'>" STOPPED("f1")
      "</primitive>" DEV("f2", ""), .target = "n1", .expect = "f2?" },
    { "disabled through rsc_defaults",
      DEV("f1", ""), .more = "<rsc_defaults><meta_attributes id='d'>"
      "<nvpair id='d-t' name='target-role' value='stopped'/>"
      "</meta_attributes></rsc_defaults>", .target = "n1", .expect = "" },
    { "other resources are not devices",
      "<primitive id='d' class='ocf' provider='pacemaker' type='Dummy'/>",
      .target = "n1", .expect = "" },
    { "topology by name, in index order",
      DEV("f1", "") DEV("f2", LIST("f2", "n1")),
      LEVEL("l2", "target='n1'", "2", "f2")
      LEVEL("l1", "target='n1'", "1", "f1"),
      .target = "n1", .expect = "T 1:f1? | 2:f2" },
    { "topology by pattern",
      DEV("f1", "") DEV("f2", ""),
      LEVEL("l1", "target-pattern='^n[12]$'", "1", "f1,f2"),
      .target = "n2", .expect = "T 1:f1?,f2?" },
    { "a pattern that does not match: the devices",
      DEV("f1", "") DEV("f2", LIST("f2", "n1")),
      LEVEL("l1", "target-pattern='^n[12]$'", "1", "f2"),
      .target = "n3", .expect = "f1?" },
    { "topology by node attribute",
      DEV("f1", "") DEV("f2", ""),
      LEVEL("l1", "target-attribute='rack' target-value='r2'", "1", "f2")
      LEVEL("l2", "target-attribute='rack' target-value='r1'", "1", "f1"),
      .target = "n3", .expect = "T 1:f2?" },
    { "the node's own levels win over a pattern",
      DEV("f1", "") DEV("f2", ""),
      LEVEL("p1", "target-pattern='n'", "1", "f2")
      LEVEL("n1", "target='n1'", "2", "f1"),
      .target = "n1", .expect = "T 2:f1?" },
    { "only the levels of the first matching pattern",
      DEV("f1", "") DEV("f2", ""),
      LEVEL("p1", "target-pattern='^n'", "2", "f1")
      LEVEL("p2", "target-pattern='1$'", "1", "f2")
      LEVEL("p3", "target-pattern='^n'", "1", "f2"),
      .target = "n1", .expect = "T 1:f2? | 2:f1?" },
    { "a level device that cannot fence the target",
      DEV("f1", LIST("f1", "n2")) DEV("f2", "")
      "<primitive id='f3' class='stonith' type='fence_x'>" STOPPED("f3")
      "</primitive>",
      LEVEL("l1", "target='n1'", "1", "f1")
      LEVEL("l2", "target='n1'", "2", "nope")
      LEVEL("l3", "target='n1'", "3", "f3,f2")
      LEVEL("l4", "target='n1'", "4", "f2"),
      .target = "n1", .expect = "T 1:f1! | 2:nope! | 3:f3!,f2? | 4:f2?" },
};

static ha_store_model_t *
model_of(const char *rscs, const char *topology, const char *more)
{
    g_autofree char *cib = g_strdup_printf(
        "<cib><configuration><crm_config><cluster_property_set id='o'>"
        "<nvpair id='o-t' name='stonith-timeout' value='30s'/>"
        "</cluster_property_set></crm_config><nodes><node id='1' uname='n1'/>"
        "<node id='2' uname='n2'><instance_attributes id='n2-a'>"
        "<nvpair id='n2-r' name='rack' value='r1'/></instance_attributes>"
        "</node><node id='3' uname='n3'><instance_attributes id='n3-a'>"
        "<nvpair id='n3-r' name='rack' value='r2'/></instance_attributes>"
        "</node></nodes><resources>%s</resources><constraints/>"
        "<fencing-topology>%s</fencing-topology>%s</configuration></cib>",
        rscs, topology != NULL ? topology : "", more != NULL ? more : "");
    ha_store_model_t *m = NULL;
    g_autofree char *err = NULL;

    g_assert_cmpint(ha_store_model_parse_memory(cib, strlen(cib), &m, &err),
                    ==, 0);
    return m;
}

/* "T 1:f1?,f2 | 2:f3!": T for topology, each level "index:" (topology)
 * and its devices; '*' fences anyone, '?' asks the device, '!' unusable. */
static char *
describe(const ha_fence_plan_t *plan)
{
    GString *out = g_string_new(plan->topology ? "T " : "");

    for (guint l = 0; l < plan->n_levels; l++) {
        const struct ha_fence_level *level = &plan->levels[l];

        g_string_append(out, (l > 0) ? " | " : "");
        if (plan->topology) {
            g_string_append_printf(out, "%d:", level->index);
        }
        for (guint d = 0; d < level->n_devices; d++) {
            const struct ha_fence_device *dev = &level->devices[d];

            g_string_append_printf(out, "%s%s%s", (d > 0) ? "," : "",
                                   dev->id, (dev->unusable != NULL) ? "!"
                                   : (dev->check == HA_FENCE_CHECK_ASK) ? "?"
                                   : (dev->check == HA_FENCE_CHECK_NONE)
                                     ? "*" : "");
        }
    }
    return g_string_free(out, FALSE);
}

static void
check_case(gconstpointer data)
{
    const struct plan_case *c = data;
    g_autoptr(ha_store_model_t) m = model_of(c->rscs, c->topology, c->more);
    g_autoptr(ha_fence_plan_t) plan = NULL;
    g_autofree char *got = NULL;

    g_assert_cmpint(ha_sched_fence_plan(m, c->target, "reboot", NOW, &plan),
                    ==, 0);
    g_clear_pointer(&m, ha_store_model_free);   /* the plan owns its data */
    got = describe(plan);
    g_assert_cmpstr(got, ==, c->expect);
}

/* What running a device needs: agent, parameters, delays, the timeout of
 * the action (pcmk_<action>_timeout, else stonith-timeout). */
static void
device_details(void)
{
    g_autoptr(ha_store_model_t) m = model_of(
        "<primitive id='f1' class='stonith' type='fence_ipmilan'>"
        "<instance_attributes id='f1-i'>" NV("f1", "ip", "10.0.0.1")
        NV("f1", "pcmk_delay_base", "2s") NV("f1", "pcmk_delay_max", "5s")
        NV("f1", "pcmk_off_timeout", "90s") "</instance_attributes>"
        "<instance_attributes id='f1-j'>" NV("f1-j", "ip", "10.0.0.2")
        "</instance_attributes></primitive>", NULL, NULL);
    const char *actions[] = { "reboot", "off" };
    const guint timeouts[] = { 30000, 90000 };

    for (gsize i = 0; i < G_N_ELEMENTS(actions); i++) {
        g_autoptr(ha_fence_plan_t) plan = NULL;
        const struct ha_fence_device *d;

        g_assert_cmpint(ha_sched_fence_plan(m, "n1", actions[i], NOW, &plan),
                        ==, 0);
        g_assert_cmpuint(plan->n_levels, ==, 1);
        d = &plan->levels[0].devices[0];
        g_assert_cmpstr(d->agent, ==, "fence_ipmilan");
        g_assert_cmpuint(d->delay_base_ms, ==, 2000);
        g_assert_cmpuint(d->delay_max_ms, ==, 5000);
        g_assert_cmpuint(d->timeout_ms, ==, timeouts[i]);
        g_assert_cmpuint(d->n_params, ==, 4);   /* "ip" once: the first */
        g_assert_cmpstr(d->params[0].name, ==, "ip");
        g_assert_cmpstr(d->params[0].value, ==, "10.0.0.1");
    }
}

static void
executor_choice(void)
{
    const char *const members[] = { "n1", "n2", "n3" };

    g_assert_cmpuint(ha_sched_fence_executor("n2", members, 3), ==, 0);
    g_assert_cmpuint(ha_sched_fence_executor("n1", members, 3), ==, 1);
    g_assert_cmpuint(ha_sched_fence_executor("n1", members, 1), ==,
                     HA_MODEL_NONE);
    g_assert_cmpuint(ha_sched_fence_executor("n1", members, 0), ==,
                     HA_MODEL_NONE);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    for (gsize i = 0; i < G_N_ELEMENTS(cases); i++) {
        g_autofree char *path = g_strdup_printf("/sched/fence-plan/%s",
                                                cases[i].name);

        g_strdelimit(path + 1, ":", '-');
        g_test_add_data_func(path, &cases[i], check_case);
    }
    g_test_add_func("/sched/fence-plan/device-details", device_details);
    g_test_add_func("/sched/fence-plan/executor", executor_choice);
    return g_test_run();
}
