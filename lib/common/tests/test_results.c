/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/results.h"

static void
strerror_names_both_ranges(void)
{
    g_assert_cmpstr(ha_strerror(0), ==, "OK");
    g_assert_cmpstr(ha_strerror(-ENOENT), ==, g_strerror(ENOENT));
    g_assert_cmpstr(ha_strerror(-HA_ENOQUORUM), ==, "Partition has no quorum");
    g_assert_cmpstr(ha_strerror_name(-HA_ENOQUORUM), ==, "HA_ENOQUORUM");
    g_assert_cmpstr(ha_strerror_name(-ENOSPC), ==, "ENOSPC");
}

static void
strerror_rejects_positive_and_unknown(void)
{
    g_assert_cmpstr(ha_strerror(5), ==, "Invalid result code");
    g_assert_cmpstr(ha_strerror(-(HA_ERROR_END + 3)), ==, "Unknown error");
}

static void
every_code_has_text(void)
{
    for (int c = HA_ERROR_BASE; c < HA_ERROR_END; c++) {
        g_assert_nonnull(ha_strerror_name(-c));
        g_assert_true(strncmp(ha_strerror_name(-c), "HA_E", 4) == 0);
        g_assert_cmpstr(ha_strerror(-c), !=, "Unknown error");
    }
}

static void
gerror_maps_to_errno(void)
{
    g_autoptr(GError) e = g_error_new_literal(G_FILE_ERROR,
                                              G_FILE_ERROR_NOSPC, "full");

    g_assert_cmpint(ha_rc_from_gerror(e), ==, -ENOSPC);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/common/results/strerror", strerror_names_both_ranges);
    g_test_add_func("/common/results/invalid", strerror_rejects_positive_and_unknown);
    g_test_add_func("/common/results/all-codes", every_code_has_text);
    g_test_add_func("/common/results/gerror", gerror_maps_to_errno);
    return g_test_run();
}
