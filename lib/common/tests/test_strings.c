/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>

#include "common/strings.h"

static void
score_parse_values(void)
{
    int s = 0;

    g_assert_cmpint(ha_score_parse("INFINITY", &s), ==, 0);
    g_assert_cmpint(s, ==, HA_SCORE_INFINITY);
    g_assert_cmpint(ha_score_parse("+infinity", &s), ==, 0);
    g_assert_cmpint(s, ==, HA_SCORE_INFINITY);
    g_assert_cmpint(ha_score_parse("-INFINITY", &s), ==, 0);
    g_assert_cmpint(s, ==, -HA_SCORE_INFINITY);
    g_assert_cmpint(ha_score_parse("-250", &s), ==, 0);
    g_assert_cmpint(s, ==, -250);
    g_assert_cmpint(ha_score_parse("99999999999", &s), ==, 0);
    g_assert_cmpint(s, ==, HA_SCORE_INFINITY);
}

static void
score_parse_rejects_garbage(void)
{
    int s = 42;

    g_assert_cmpint(ha_score_parse("abc", &s), ==, -EINVAL);
    g_assert_cmpint(ha_score_parse("10x", &s), ==, -EINVAL);
    g_assert_cmpint(ha_score_parse("", &s), ==, -EINVAL);
    g_assert_cmpint(ha_score_parse(NULL, &s), ==, -EINVAL);
    g_assert_cmpint(s, ==, 42);
}

static void
score_add_saturates(void)
{
    char buf[16];

    g_assert_cmpint(ha_score_add(HA_SCORE_INFINITY, -HA_SCORE_INFINITY), ==,
                    -HA_SCORE_INFINITY);
    g_assert_cmpint(ha_score_add(999999, 5), ==, HA_SCORE_INFINITY);
    g_assert_cmpint(ha_score_add(-10, 3), ==, -7);
    g_assert_cmpstr(ha_score_format(-HA_SCORE_INFINITY, buf, sizeof(buf)), ==,
                    "-INFINITY");
    g_assert_cmpstr(ha_score_format(17, buf, sizeof(buf)), ==, "17");
}

static void
duration_units(void)
{
    guint64 ms = 0;

    g_assert_cmpint(ha_duration_parse_ms("10s", &ms), ==, 0);
    g_assert_cmpuint(ms, ==, 10000);
    g_assert_cmpint(ha_duration_parse_ms("20", &ms), ==, 0);
    g_assert_cmpuint(ms, ==, 20000);
    g_assert_cmpint(ha_duration_parse_ms("250ms", &ms), ==, 0);
    g_assert_cmpuint(ms, ==, 250);
    g_assert_cmpint(ha_duration_parse_ms("2min", &ms), ==, 0);
    g_assert_cmpuint(ms, ==, 120000);
    g_assert_cmpint(ha_duration_parse_ms("1h", &ms), ==, 0);
    g_assert_cmpuint(ms, ==, 3600000);
    g_assert_cmpint(ha_duration_parse_ms("PT1M30S", &ms), ==, 0);
    g_assert_cmpuint(ms, ==, 90000);
    g_assert_cmpint(ha_duration_parse_ms("P1D", &ms), ==, 0);
    g_assert_cmpuint(ms, ==, 86400000);
}

static void
duration_rejects_garbage(void)
{
    guint64 ms = 7;

    g_assert_cmpint(ha_duration_parse_ms("soon", &ms), ==, -EINVAL);
    g_assert_cmpint(ha_duration_parse_ms("", &ms), ==, -EINVAL);
    g_assert_cmpint(ha_duration_parse_ms("10 parsecs", &ms), ==, -EINVAL);
    g_assert_cmpint(ha_duration_parse_ms("P1M", &ms), ==, -EINVAL);
    g_assert_cmpint(ha_duration_parse_ms("-5s", &ms), ==, -EINVAL);
    g_assert_cmpuint(ms, ==, 7);
}

static void
duration_null_output_is_a_bug(void)
{
    if (g_test_subprocess()) {
        (void) ha_duration_parse_ms("1s", NULL);
        return;
    }
    g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
    g_test_trap_assert_failed();
    g_test_trap_assert_stderr("*assertion*");
}

static void
booleans_and_ids(void)
{
    gboolean b = FALSE;

    g_assert_cmpint(ha_bool_parse("yes", &b), ==, 0);
    g_assert_true(b);
    g_assert_cmpint(ha_bool_parse("OFF", &b), ==, 0);
    g_assert_false(b);
    g_assert_cmpint(ha_bool_parse("maybe", &b), ==, -EINVAL);
    g_assert_true(ha_id_valid("rsc_1.a-b"));
    g_assert_false(ha_id_valid("1rsc"));
    g_assert_false(ha_id_valid("a b"));
    g_assert_false(ha_id_valid(""));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/common/strings/score/parse", score_parse_values);
    g_test_add_func("/common/strings/score/garbage", score_parse_rejects_garbage);
    g_test_add_func("/common/strings/score/add", score_add_saturates);
    g_test_add_func("/common/strings/duration/units", duration_units);
    g_test_add_func("/common/strings/duration/garbage", duration_rejects_garbage);
    g_test_add_func("/common/strings/duration/null-aborts", duration_null_output_is_a_bug);
    g_test_add_func("/common/strings/bool-id", booleans_and_ids);
    return g_test_run();
}
