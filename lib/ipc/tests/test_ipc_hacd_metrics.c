/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <string.h>

#include "ipc/ipc_hacd_metrics.h"

/* (being blocked is the status' "blocked" list, see sample_status()) */
static GVariant *
rsc(const char *id, const char *kind, const char *role, gboolean managed,
    gboolean failed, gboolean orphan, const char *node)
{
    GVariantBuilder b;
    GVariantBuilder nodes;

    g_variant_builder_init(&nodes, G_VARIANT_TYPE("as"));
    if (node != NULL) {
        g_variant_builder_add(&nodes, "s", node);
    }
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "id", g_variant_new_string(id));
    g_variant_builder_add(&b, "{sv}", "kind", g_variant_new_string(kind));
    g_variant_builder_add(&b, "{sv}", "role", g_variant_new_string(role));
    g_variant_builder_add(&b, "{sv}", "nodes", g_variant_builder_end(&nodes));
    g_variant_builder_add(&b, "{sv}", "managed",
                          g_variant_new_boolean(managed));
    g_variant_builder_add(&b, "{sv}", "failed", g_variant_new_boolean(failed));
    g_variant_builder_add(&b, "{sv}", "orphan", g_variant_new_boolean(orphan));
    return g_variant_builder_end(&b);
}

static GVariant *
flags(const char *name, gboolean standby, gboolean maintenance)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "name", g_variant_new_string(name));
    g_variant_builder_add(&b, "{sv}", "standby",
                          g_variant_new_boolean(standby));
    g_variant_builder_add(&b, "{sv}", "maintenance",
                          g_variant_new_boolean(maintenance));
    return g_variant_builder_end(&b);
}

/* Two nodes (n1 online DC in standby, n2 lost), resources in each state,
 * fail counts, one failed action and the counters. */
static GVariant *
sample_status(void)
{
    GVariantBuilder b, l;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "dc_name", g_variant_new_string("n1"));
    g_variant_builder_add(&b, "{sv}", "quorate", g_variant_new_boolean(TRUE));
    g_variant_builder_add(&b, "{sv}", "version",
                          g_variant_new("(ttt)", (guint64) 1, (guint64) 42,
                                        (guint64) 7));
    g_variant_builder_init(&l, G_VARIANT_TYPE("a(uss)"));
    g_variant_builder_add(&l, "(uss)", 1, "n1", "online");
    g_variant_builder_add(&l, "(uss)", 2, "n2", "lost");
    g_variant_builder_add(&b, "{sv}", "nodes", g_variant_builder_end(&l));
    g_variant_builder_init(&l, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_add_value(&l, flags("n1", TRUE, FALSE));
    g_variant_builder_add_value(&l, flags("n2", FALSE, FALSE));
    g_variant_builder_add(&b, "{sv}", "node_flags", g_variant_builder_end(&l));
    g_variant_builder_init(&l, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_add_value(&l, rsc("g", "group", "Started",
                                        TRUE, FALSE, FALSE, NULL));
    g_variant_builder_add_value(&l, rsc("a", "primitive", "Started",
                                        TRUE, FALSE, FALSE, "n1"));
    g_variant_builder_add_value(&l, rsc("b", "primitive", "Started",
                                        TRUE, TRUE, FALSE, "n1"));
    g_variant_builder_add_value(&l, rsc("c", "primitive", "Started",
                                        FALSE, TRUE, FALSE, "n1"));
    g_variant_builder_add_value(&l, rsc("d", "primitive", "Stopped",
                                        FALSE, FALSE, FALSE, NULL));
    g_variant_builder_add_value(&l, rsc("p:0", "primitive", "Promoted",
                                        TRUE, FALSE, FALSE, "n1"));
    g_variant_builder_add_value(&l, rsc("old", "primitive", "Stopped",
                                        TRUE, FALSE, TRUE, NULL));
    g_variant_builder_add(&b, "{sv}", "resources", g_variant_builder_end(&l));
    g_variant_builder_add(&b, "{sv}", "blocked",
                          g_variant_new_strv((const char *[]) { "c" }, 1));
    g_variant_builder_init(&l, G_VARIANT_TYPE("a(sss)"));
    g_variant_builder_add(&l, "(sss)", "n1", "fail-count-a#monitor_10000",
                          "2");
    g_variant_builder_add(&l, "(sss)", "n1", "fail-count-a#start_0", "1");
    g_variant_builder_add(&l, "(sss)", "n2", "fail-count-b#stop_0",
                          "INFINITY");
    g_variant_builder_add(&l, "(sss)", "n1", "fail-count-nohash", "5");
    g_variant_builder_add(&l, "(sss)", "n1", "last-failure-a#start_0", "9");
    g_variant_builder_add(&b, "{sv}", "attributes", g_variant_builder_end(&l));
    g_variant_builder_init(&l, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_add_value(&l, flags("ignored", FALSE, FALSE));
    g_variant_builder_add(&b, "{sv}", "failed_actions",
                          g_variant_builder_end(&l));
    g_variant_builder_add(&b, "{sv}", "transitions_complete",
                          g_variant_new_uint64(3));
    g_variant_builder_add(&b, "{sv}", "transitions_aborted",
                          g_variant_new_uint64(1));
    g_variant_builder_add(&b, "{sv}", "transition_seconds_sum",
                          g_variant_new_double(1.25));
    g_variant_builder_init(&l, G_VARIANT_TYPE("a(dt)"));
    g_variant_builder_add(&l, "(dt)", 0.5, (guint64) 3);
    g_variant_builder_add(&l, "(dt)", 1.0, (guint64) 4);
    g_variant_builder_add(&b, "{sv}", "transition_seconds_buckets",
                          g_variant_builder_end(&l));
    g_variant_builder_add(&b, "{sv}", "fencing_succeeded",
                          g_variant_new_uint64(2));
    g_variant_builder_add(&b, "{sv}", "config_changes",
                          g_variant_new_uint64(5));
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

static void
assert_line(const char *text, const char *line)
{
    g_autofree char *needle = g_strconcat("\n", line, "\n", NULL);

    if (strstr(text, needle) == NULL) {
        g_error("missing line '%s' in:\n%s", line, text);
    }
}

static void
maps_every_family(void)
{
    g_autoptr(GVariant) st = sample_status();
    g_autoptr(ha_metrics_t) m = ha_ipc_hacd_metrics_new(st);
    g_autofree char *text = ha_metrics_render(m);

    g_assert_true(g_str_has_prefix(text, "# HELP ha_up "));
    assert_line(text, "ha_up 1");
    assert_line(text, "ha_cluster_quorate 1");
    assert_line(text, "ha_cluster_settled 0");
    assert_line(text, "ha_cluster_nodes{state=\"online\"} 1");
    assert_line(text, "ha_cluster_nodes{state=\"lost\"} 1");
    assert_line(text, "ha_cluster_nodes{state=\"offline\"} 0");
    assert_line(text, "ha_cluster_nodes{state=\"standby\"} 1");
    assert_line(text, "ha_cluster_is_dc{node=\"n1\"} 1");
    assert_line(text, "ha_cluster_is_dc{node=\"n2\"} 0");
    /* the group and the stopped orphan are not counted */
    assert_line(text, "ha_resources{state=\"started\"} 1");
    assert_line(text, "ha_resources{state=\"failed\"} 1");
    assert_line(text, "ha_resources{state=\"blocked\"} 1");
    assert_line(text, "ha_resources{state=\"unmanaged\"} 1");
    assert_line(text, "ha_resources{state=\"promoted\"} 1");
    assert_line(text, "ha_resources{state=\"stopped\"} 0");
    assert_line(text, "ha_resource_failcount{resource=\"a\",node=\"n1\"} 3");
    assert_line(text,
                "ha_resource_failcount{resource=\"b\",node=\"n2\"} 1000000");
    g_assert_null(strstr(text, "nohash"));
    assert_line(text, "ha_failed_actions 1");
    assert_line(text, "ha_fencing_events_total{result=\"succeeded\"} 2");
    assert_line(text, "ha_fencing_events_total{result=\"failed\"} 0");
    assert_line(text, "ha_transitions_total{result=\"complete\"} 3");
    assert_line(text, "ha_transitions_total{result=\"aborted\"} 1");
    assert_line(text, "ha_transition_duration_seconds_bucket{le=\"0.5\"} 3");
    assert_line(text, "ha_transition_duration_seconds_bucket{le=\"1\"} 4");
    assert_line(text, "ha_transition_duration_seconds_bucket{le=\"+Inf\"} 4");
    assert_line(text, "ha_transition_duration_seconds_sum 1.25");
    assert_line(text, "ha_transition_duration_seconds_count 4");
    assert_line(text, "ha_config_admin_epoch 1");
    assert_line(text, "ha_config_epoch 42");
    assert_line(text, "ha_config_num_updates 7");
    assert_line(text, "ha_config_changes_total 5");
}

/* An older hacd without the counters: every family is there, at 0. */
static void
missing_keys_read_as_zero(void)
{
    g_autoptr(GVariant) st = g_variant_ref_sink(
        g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0));
    g_autoptr(ha_metrics_t) m = ha_ipc_hacd_metrics_new(st);
    g_autofree char *text = ha_metrics_render(m);

    assert_line(text, "ha_cluster_quorate 0");
    assert_line(text, "ha_resources{state=\"started\"} 0");
    assert_line(text, "ha_transition_duration_seconds_bucket{le=\"+Inf\"} 0");
    assert_line(text, "ha_config_changes_total 0");
    g_assert_null(strstr(text, "ha_cluster_is_dc{"));
    g_assert_cmpuint(ha_metrics_families(m)->len, ==, 15);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/ipc/hacd-metrics/every-family", maps_every_family);
    g_test_add_func("/ipc/hacd-metrics/missing-keys",
                    missing_keys_read_as_zero);

    return g_test_run();
}
