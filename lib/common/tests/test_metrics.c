/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <math.h>

#include "common/metrics.h"

static void
renders_families_in_order(void)
{
    g_autoptr(ha_metrics_t) m = ha_metrics_new();
    g_autofree char *text = NULL;

    ha_metrics_family_add(m, "ha_up", "gauge", "1 when up");
    ha_metrics_sample_add(m, "ha_up", 1, NULL);
    ha_metrics_family_add(m, "ha_x_total", "counter", "things");
    ha_metrics_sample_add(m, "ha_x_total", 3, "result", "ok", NULL);
    ha_metrics_sample_add(m, "ha_x_total", 0, "result", "bad", "node", "n1",
                          NULL);
    ha_metrics_family_add(m, "ha_empty", "gauge", "no samples");
    text = ha_metrics_render(m);
    g_assert_cmpstr(text, ==,
                    "# HELP ha_up 1 when up\n"
                    "# TYPE ha_up gauge\n"
                    "ha_up 1\n"
                    "# HELP ha_x_total things\n"
                    "# TYPE ha_x_total counter\n"
                    "ha_x_total{result=\"ok\"} 3\n"
                    "ha_x_total{result=\"bad\",node=\"n1\"} 0\n"
                    "# HELP ha_empty no samples\n"
                    "# TYPE ha_empty gauge\n");
    g_assert_cmpuint(ha_metrics_families(m)->len, ==, 3);
}

static void
escapes_labels_and_help(void)
{
    g_autoptr(ha_metrics_t) m = ha_metrics_new();
    g_autofree char *text = NULL;

    ha_metrics_family_add(m, "ha_e", "gauge", "a \\ and a\nnewline \"kept\"");
    ha_metrics_sample_add(m, "ha_e", 1, "v", "q\"b\\n\nx", NULL);
    text = ha_metrics_render(m);
    g_assert_cmpstr(text, ==,
                    "# HELP ha_e a \\\\ and a\\nnewline \"kept\"\n"
                    "# TYPE ha_e gauge\n"
                    "ha_e{v=\"q\\\"b\\\\n\\nx\"} 1\n");
}

static void
formats_values(void)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    g_assert_cmpstr(ha_metrics_value_format(0, buf, sizeof(buf)), ==, "0");
    g_assert_cmpstr(ha_metrics_value_format(-7, buf, sizeof(buf)), ==, "-7");
    g_assert_cmpstr(ha_metrics_value_format(1e6, buf, sizeof(buf)), ==,
                    "1000000");
    g_assert_cmpstr(ha_metrics_value_format(0.1, buf, sizeof(buf)), ==,
                    "0.1");
    g_assert_cmpstr(ha_metrics_value_format(2.5, buf, sizeof(buf)), ==,
                    "2.5");
    g_assert_cmpstr(ha_metrics_value_format(1.0 / 3, buf, sizeof(buf)), ==,
                    "0.33333333333333331");
    g_assert_cmpstr(ha_metrics_value_format(INFINITY, buf, sizeof(buf)), ==,
                    "+Inf");
    g_assert_cmpstr(ha_metrics_value_format(-INFINITY, buf, sizeof(buf)), ==,
                    "-Inf");
    g_assert_cmpstr(ha_metrics_value_format(NAN, buf, sizeof(buf)), ==,
                    "NaN");
}

static void
histogram_takes_suffixes(void)
{
    g_autoptr(ha_metrics_t) m = ha_metrics_new();
    g_autofree char *text = NULL;

    ha_metrics_family_add(m, "ha_d_seconds", "histogram", "durations");
    ha_metrics_sample_add(m, "ha_d_seconds_bucket", 1, "le", "0.5", NULL);
    ha_metrics_sample_add(m, "ha_d_seconds_bucket", 2, "le", "+Inf", NULL);
    ha_metrics_sample_add(m, "ha_d_seconds_sum", 0.75, NULL);
    ha_metrics_sample_add(m, "ha_d_seconds_count", 2, NULL);
    text = ha_metrics_render(m);
    g_assert_cmpstr(text, ==,
                    "# HELP ha_d_seconds durations\n"
                    "# TYPE ha_d_seconds histogram\n"
                    "ha_d_seconds_bucket{le=\"0.5\"} 1\n"
                    "ha_d_seconds_bucket{le=\"+Inf\"} 2\n"
                    "ha_d_seconds_sum 0.75\n"
                    "ha_d_seconds_count 2\n");
}

/* Misuse is a bug of the caller: each of these must abort. */
static void
bad_names_abort(gconstpointer data)
{
    int which = GPOINTER_TO_INT(data);

    if (g_test_subprocess()) {
        g_autoptr(ha_metrics_t) m = ha_metrics_new();

        ha_metrics_family_add(m, "ha_ok", "gauge", "ok");
        switch (which) {
        case 0:
            ha_metrics_family_add(m, "0bad", "gauge", "digit first");
            break;
        case 1:
            ha_metrics_sample_add(m, "ha_ok", 1, "bad-label", "x", NULL);
            break;
        case 2:
            ha_metrics_sample_add(m, "ha_other", 1, NULL);
            break;
        case 3:
            ha_metrics_family_add(m, "ha_ok", "gauge", "twice");
            break;
        default:
            ha_metrics_sample_add(m, "ha_ok_sum", 1, NULL);
            break;
        }
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/metrics/render/order", renders_families_in_order);
    g_test_add_func("/metrics/render/escaping", escapes_labels_and_help);
    g_test_add_func("/metrics/value/format", formats_values);
    g_test_add_func("/metrics/render/histogram", histogram_takes_suffixes);
    g_test_add_data_func("/metrics/misuse/metric-name", GINT_TO_POINTER(0),
                         bad_names_abort);
    g_test_add_data_func("/metrics/misuse/label-name", GINT_TO_POINTER(1),
                         bad_names_abort);
    g_test_add_data_func("/metrics/misuse/other-family", GINT_TO_POINTER(2),
                         bad_names_abort);
    g_test_add_data_func("/metrics/misuse/family-twice", GINT_TO_POINTER(3),
                         bad_names_abort);
    g_test_add_data_func("/metrics/misuse/suffix-of-gauge", GINT_TO_POINTER(4),
                         bad_names_abort);

    return g_test_run();
}
