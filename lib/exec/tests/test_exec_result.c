/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include "exec/exec_result.h"

static void
ocf_codes_pass_through(void)
{
    for (int rc = 0; rc <= 9; rc++) {
        g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_OCF, "start", rc), ==, rc);
    }
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_OCF, "monitor", 190), ==,
                    HA_OCF_DEGRADED);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_OCF, "monitor", 191), ==,
                    HA_OCF_DEGRADED_PROMOTED);
    g_assert_true(ha_ocf_rc_is_degraded(190));
    g_assert_false(ha_ocf_rc_is_degraded(0));
}

static void
ocf_unknown_is_generic(void)
{
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_OCF, "start", 10), ==,
                    HA_OCF_ERR_GENERIC);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_OCF, "start", 127), ==,
                    HA_OCF_ERR_GENERIC);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_OCF, "start", 255), ==,
                    HA_OCF_ERR_GENERIC);
}

static void
fence_status_two_is_off(void)
{
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_FENCE, "status", 0), ==, HA_OCF_OK);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_FENCE, "status", 2), ==,
                    HA_OCF_NOT_RUNNING);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_FENCE, "off", 2), ==,
                    HA_OCF_ERR_GENERIC);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_FENCE, "reboot", 0), ==, HA_OCF_OK);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_FENCE, "monitor", 1), ==,
                    HA_OCF_ERR_GENERIC);
}

static void
lsb_status_codes(void)
{
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_LSB, "status", 0), ==, HA_OCF_OK);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_LSB, "status", 3), ==,
                    HA_OCF_NOT_RUNNING);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_LSB, "status", 1), ==,
                    HA_OCF_ERR_GENERIC);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_LSB, "status", 4), ==,
                    HA_OCF_ERR_GENERIC);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_LSB, "start", 5), ==,
                    HA_OCF_ERR_INSTALLED);
    g_assert_cmpint(ha_exec_rc_map(HA_EXEC_RC_LSB, "start", 150), ==,
                    HA_OCF_ERR_GENERIC);
}

static void
names_are_stable(void)
{
    g_assert_cmpstr(ha_ocf_rc_name(7), ==, "OCF_NOT_RUNNING");
    g_assert_cmpstr(ha_ocf_rc_name(42), ==, "OCF_UNKNOWN");
    g_assert_cmpstr(ha_exec_status_name(HA_EXEC_TIMEOUT), ==, "timeout");
    g_assert_cmpstr(ha_exec_status_name(HA_EXEC_NOT_INSTALLED), ==,
                    "not-installed");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/exec/result/ocf-pass-through", ocf_codes_pass_through);
    g_test_add_func("/exec/result/ocf-unknown-generic", ocf_unknown_is_generic);
    g_test_add_func("/exec/result/fence-status-off", fence_status_two_is_off);
    g_test_add_func("/exec/result/lsb-status", lsb_status_codes);
    g_test_add_func("/exec/result/names", names_are_stable);
    return g_test_run();
}
