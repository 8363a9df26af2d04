/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/tests/exec_test_util.h - helpers shared by lib/exec's unit
 * tests: a private agent directory with small shell agents, and a bounded
 * main-loop spin.  Header-only (static functions) so each test program
 * stays one file.
 */
#ifndef HA_EXEC_TEST_UTIL_H
#define HA_EXEC_TEST_UTIL_H

#include <glib.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>

/* Create @dir/@name with @body (after a #!/bin/sh line) and @mode. */
static inline char *
test_write_agent(const char *dir, const char *name, const char *body,
                 int mode)
{
    char *path = g_build_filename(dir, name, NULL);
    g_autofree char *text = g_strdup_printf("#!/bin/sh\n%s\n", body);

    g_assert_true(g_file_set_contents(path, text, -1, NULL));
    g_assert_cmpint(g_chmod(path, mode), ==, 0);
    return path;
}

/* Spin the default main context until *@flag or @timeout_ms passed. */
static inline gboolean
test_spin_until(gboolean *flag, guint timeout_ms)
{
    gint64 end = g_get_monotonic_time() + (gint64) timeout_ms * 1000;

    while (!*flag && (g_get_monotonic_time() < end)) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(1000);
    }
    return *flag;
}

/* Spin for @ms whatever happens. */
static inline void
test_spin_for(guint ms)
{
    gboolean never = FALSE;

    (void) test_spin_until(&never, ms);
}

/* True if process @pid exists and is not a zombie. */
static inline gboolean
test_pid_alive(pid_t pid)
{
    g_autofree char *path = g_strdup_printf("/proc/%d/stat", (int) pid);
    g_autofree char *text = NULL;
    const char *p;

    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return FALSE;
    }
    p = strrchr(text, ')');
    return (p != NULL) && (p[1] == ' ') && (p[2] != 'Z');
}

/* A fresh temporary directory, removed by test_rmdir(). */
static inline char *
test_mkdtemp(void)
{
    char *dir = g_dir_make_tmp("ha-exec-test-XXXXXX", NULL);

    g_assert_nonnull(dir);
    return dir;
}

static inline void
test_rmdir(const char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *e;

    if (d != NULL) {
        while ((e = g_dir_read_name(d)) != NULL) {
            g_autofree char *p = g_build_filename(dir, e, NULL);

            if (g_file_test(p, G_FILE_TEST_IS_DIR)
                && !g_file_test(p, G_FILE_TEST_IS_SYMLINK)) {
                test_rmdir(p);
            } else {
                (void) g_unlink(p);
            }
        }
        g_dir_close(d);
    }
    (void) g_rmdir(dir);
}

#endif /* HA_EXEC_TEST_UTIL_H */
