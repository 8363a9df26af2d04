/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/hacd_test_util.h - what the process-level tests of hacd share:
 * running the main loop until a condition holds (or for a while) and
 * removing a test's temporary tree.  Header-only: each test is one program.
 */
#ifndef HA_HACD_TEST_UTIL_H
#define HA_HACD_TEST_UTIL_H

#include <glib.h>
#include <glib/gstdio.h>

static inline gboolean
test_timeout_cb(gpointer data)
{
    *(gboolean *) data = TRUE;
    return G_SOURCE_REMOVE;
}

/* Iterate the default main context until @pred(@data) holds; assert it does
 * within @ms. */
static inline void
test_wait_until(gboolean (*pred)(gconstpointer), gconstpointer data, guint ms)
{
    gboolean expired = FALSE;
    guint t = g_timeout_add(ms, test_timeout_cb, &expired);

    while (!pred(data) && !expired) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_assert_false(expired);
    g_source_remove(t);
}

/* Iterate the default main context for @ms. */
static inline void
run_for_ms(guint ms)
{
    gboolean expired = FALSE;

    (void) g_timeout_add(ms, test_timeout_cb, &expired);
    while (!expired) {
        g_main_context_iteration(NULL, TRUE);
    }
}

/* Remove @path and everything below it (symbolic links are not followed). */
static inline void
rm_rf(const char *path)
{
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_build_filename(path, name, NULL);

        if (g_file_test(p, G_FILE_TEST_IS_DIR)
            && !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
            rm_rf(p);
        } else {
            (void) g_unlink(p);
        }
    }
    (void) g_rmdir(path);
}

#endif /* HA_HACD_TEST_UTIL_H */
