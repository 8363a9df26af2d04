/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/store/tests/test_store_persist.c - crash-safe save: kill the writer
 * before each system call of a save and prove the store is always the old
 * or the new version; inject ENOSPC / EIO and prove the old version stays
 * and the error reaches the caller; corruption is detected on load. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib/gstdio.h>

#include "common/results.h"
#include "store/store_doc.h"
#include "store/store_persist.h"
#include "store/store_persist_io.h"

static const char cib_text[] =
    "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"0\" epoch=\"1\" "
    "num_updates=\"0\"><configuration><crm_config/><nodes/><resources>"
    "<primitive id=\"r1\" class=\"lsb\" type=\"a\"/></resources>"
    "<constraints/></configuration><status><node_state id=\"1\"/></status>"
    "</cib>";

/* ---- the io seam ------------------------------------------------------- */

static int calls;         /* system calls made so far by the save */
static int kill_at = -1;  /* raise(SIGKILL) before this call */
static int fail_at = -1;  /* fail this call ... */
static int fail_errno;    /* ... with this errno */
static const char *fail_only; /* ... counting only calls of this kind */

static gboolean
step(const char *kind)
{
    int n;

    if (fail_only != NULL && strcmp(kind, fail_only) != 0) {
        return FALSE;
    }
    n = calls++;
    if (n == kill_at) {
        (void) raise(SIGKILL);
    }
    if (n == fail_at) {
        errno = fail_errno;
        return TRUE;
    }
    return FALSE;
}

static int
t_open(const char *path, int flags, mode_t mode)
{
    return step("open") ? -1 : open(path, flags, mode);
}

static ssize_t
t_write(int fd, const void *buf, size_t len)
{
    /* short writes, so the writer's loop is exercised too */
    return step("write") ? -1 : write(fd, buf, len > 100 ? 100 : len);
}

static int
t_fsync(int fd)
{
    return step("fsync") ? -1 : fsync(fd);
}

static int
t_close(int fd)
{
    if (step("close")) {
        (void) close(fd);
        return -1;
    }
    return close(fd);
}

static int
t_rename(const char *a, const char *b)
{
    return step("rename") ? -1 : rename(a, b);
}

static int
t_link(const char *a, const char *b)
{
    return step("link") ? -1 : link(a, b);
}

static int
t_unlink(const char *path)
{
    return step("unlink") ? -1 : unlink(path);
}

static const struct ha_store_persist_io test_io = {
    t_open, t_write, t_fsync, t_close, t_rename, t_link, t_unlink,
};

static void
io_reset(void)
{
    calls = 0;
    kill_at = -1;
    fail_at = -1;
    fail_only = NULL;
    ha_store_persist_set_io(&test_io);
}

/* ---- helpers ----------------------------------------------------------- */

static ha_store_doc_t *
doc_v1(void)
{
    ha_store_doc_t *doc = NULL;

    g_assert_cmpint(ha_store_doc_load_memory(cib_text, strlen(cib_text), "t",
                                             0, &doc, NULL), ==, 0);
    return doc;
}

static ha_store_doc_t *
doc_next(const ha_store_doc_t *doc, const char *type)
{
    g_autofree char *xml = g_strdup_printf(
        "<primitive id=\"r1\" class=\"lsb\" type=\"%s\"/>", type);
    g_autoptr(ha_store_doc_t) changed = NULL;

    g_assert_cmpint(ha_store_doc_put_element(doc, "resources", xml, &changed,
                                             NULL), ==, 0);
    return ha_store_doc_bump(changed, HA_STORE_BUMP_EPOCH);
}

static void
rm_rf(const char *dir)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_build_filename(dir, name, NULL);

        (void) g_remove(p);
    }
    (void) g_rmdir(dir);
}

/* The stored configuration is @want (same digest and version). */
static void
assert_stored(const char *dir, const ha_store_doc_t *want)
{
    g_autoptr(ha_store_doc_t) got = NULL;
    g_autoptr(ha_store_doc_t) want_nostatus = ha_store_doc_with_status(want,
                                                                      NULL);

    g_assert_cmpint(ha_store_persist_load(dir, &got, NULL), ==, 0);
    g_assert_true(ha_store_doc_equal(got, want_nostatus));
}

/* ---- tests ------------------------------------------------------------- */

static void
persist_save_load_history(void)
{
    g_autofree char *dir = g_dir_make_tmp("store-persist-XXXXXX", NULL);
    g_autoptr(ha_store_doc_t) doc = doc_v1();
    g_autoptr(GPtrArray) names = NULL;
    ha_store_doc_t *none = NULL;

    ha_store_persist_set_io(NULL);
    g_assert_cmpint(ha_store_persist_load(dir, &none, NULL), ==, -ENOENT);
    for (int i = 0; i < 6; i++) {
        g_autofree char *type = g_strdup_printf("t%d", i);
        ha_store_doc_t *next = doc_next(doc, type);

        g_assert_cmpint(ha_store_persist_save(dir, next, 3), ==, 0);
        ha_store_doc_unref(doc);
        doc = next;
    }
    assert_stored(dir, doc);
    g_assert_cmpint(ha_store_persist_list(dir, &names), ==, 0);
    g_assert_cmpuint(names->len, ==, 3);
    g_assert_cmpstr(g_ptr_array_index(names, 0), ==, "cib-0.5.0.xml");
    g_assert_cmpstr(g_ptr_array_index(names, 2), ==, "cib-0.7.0.xml");
    rm_rf(dir);
}

static void
persist_detects_corruption(void)
{
    g_autofree char *dir = g_dir_make_tmp("store-persist-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, HA_STORE_PERSIST_FILE, NULL);
    g_autoptr(ha_store_doc_t) doc = doc_v1();
    g_autofree char *data = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *none = NULL;
    gsize len;
    char *p;

    ha_store_persist_set_io(NULL);
    g_assert_cmpint(ha_store_persist_save(dir, doc, 0), ==, 0);
    g_assert_true(g_file_get_contents(path, &data, &len, NULL));
    p = strstr(data, "type=\"a\"");
    p[6] = 'b';                                  /* one flipped byte */
    g_assert_true(g_file_set_contents(path, data, (gssize) len, NULL));
    g_assert_cmpint(ha_store_persist_load(dir, &none, &errors), ==, -HA_EDIGEST);
    g_assert_null(none);
    g_assert_nonnull(strstr(g_ptr_array_index(errors, 0), "digest"));
    /* a truncated file too */
    g_assert_true(g_file_set_contents(path, data, 20, NULL));
    g_assert_cmpint(ha_store_persist_load(dir, &none, NULL), ==, -HA_EDIGEST);
    rm_rf(dir);
}

/* Kill the writer before each system call of a save in turn. */
static void
persist_sigkill_each_step(void)
{
    g_autofree char *dir = g_dir_make_tmp("store-persist-XXXXXX", NULL);
    g_autoptr(ha_store_doc_t) v1 = doc_v1();
    g_autoptr(ha_store_doc_t) v2 = doc_next(v1, "b");
    gboolean completed = FALSE;
    int killed = 0;

    ha_store_persist_set_io(NULL);
    g_assert_cmpint(ha_store_persist_save(dir, v1, 0), ==, 0);
    for (int k = 0; !completed && k < 1000; k++) {
        int status = 0;
        int fds[2];
        char done = 0;
        pid_t pid;

        g_assert_cmpint(pipe(fds), ==, 0);
        pid = fork();
        g_assert_cmpint(pid, !=, -1);
        if (pid == 0) {
            /* The child says how the save ended through the pipe, then
             * dies by SIGKILL too, so that no exit-time leak check (or
             * atexit handler) of the test harness runs in it. */
            char verdict;

            io_reset();
            kill_at = k;
            verdict = (ha_store_persist_save(dir, v2, 0) == 0) ? 'D' : 'F';
            (void) write(fds[1], &verdict, 1);
            (void) raise(SIGKILL);
        }
        (void) close(fds[1]);
        g_assert_cmpint(waitpid(pid, &status, 0), ==, pid);
        (void) read(fds[0], &done, 1);
        (void) close(fds[0]);
        g_assert_true(WIFSIGNALED(status));
        if (done == 0) {
            g_autoptr(ha_store_doc_t) got = NULL;
            g_autoptr(ha_store_doc_t) v1s = ha_store_doc_with_status(v1, NULL);
            g_autoptr(ha_store_doc_t) v2s = ha_store_doc_with_status(v2, NULL);

            g_assert_cmpint(WTERMSIG(status), ==, SIGKILL);
            killed++;
            g_assert_cmpint(ha_store_persist_load(dir, &got, NULL), ==, 0);
            g_assert_true(ha_store_doc_equal(got, v1s)
                          || ha_store_doc_equal(got, v2s));
            /* the next attempt starts from the old version again */
            if (ha_store_doc_equal(got, v2s)) {
                ha_store_persist_set_io(NULL);
                g_assert_cmpint(ha_store_persist_save(dir, v1, 0), ==, 0);
            }
        } else {
            g_assert_cmpint(done, ==, 'D');
            completed = TRUE;
        }
    }
    g_assert_true(completed);
    g_test_message("killed the writer at %d different steps", killed);
    g_assert_cmpint(killed, >=, 10);
    assert_stored(dir, v2);
    rm_rf(dir);
}

static void
check_failure(const char *kind, int nth, int err)
{
    g_autofree char *dir = g_dir_make_tmp("store-persist-XXXXXX", NULL);
    g_autoptr(ha_store_doc_t) v1 = doc_v1();
    g_autoptr(ha_store_doc_t) v2 = doc_next(v1, "b");
    g_autoptr(GPtrArray) names = NULL;

    ha_store_persist_set_io(NULL);
    g_assert_cmpint(ha_store_persist_save(dir, v1, 0), ==, 0);
    io_reset();
    fail_only = kind;
    fail_at = nth;
    fail_errno = err;
    g_assert_cmpint(ha_store_persist_save(dir, v2, 0), ==, -err);
    ha_store_persist_set_io(NULL);
    assert_stored(dir, v1);
    /* no temporary file and no history entry of the failed version left */
    g_assert_cmpint(ha_store_persist_list(dir, &names), ==, 0);
    g_assert_cmpuint(names->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(names, 0), ==, "cib-0.1.0.xml");
    {
        g_autofree char *tmp = g_build_filename(dir, ".cib.xml.tmp", NULL);

        g_assert_false(g_file_test(tmp, G_FILE_TEST_EXISTS));
    }
    rm_rf(dir);
}

static void
persist_enospc_on_write(void)
{
    check_failure("write", 3, ENOSPC);
}

static void
persist_eio_on_fsync(void)
{
    check_failure("fsync", 0, EIO);
}

static void
persist_eio_on_close(void)
{
    check_failure("close", 0, EIO);
}

static void
persist_enospc_on_open(void)
{
    check_failure("open", 0, ENOSPC);
}

static void
persist_eio_on_rename(void)
{
    check_failure("rename", 0, EIO);
}

/* Bad input never reaches the disk: the load or the change is refused and
 * the stored file stays byte for byte what it was. */
static void
persist_bad_input_writes_nothing(void)
{
    static const char bad[] = "<cib admin_epoch=\"0\" epoch=\"9\"><oops>";
    g_autofree char *dir = g_dir_make_tmp("store-persist-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, HA_STORE_PERSIST_FILE, NULL);
    g_autoptr(ha_store_doc_t) doc = doc_v1();
    g_autofree char *before = NULL;
    g_autofree char *after = NULL;
    ha_store_doc_t *none = NULL;

    ha_store_persist_set_io(NULL);
    g_assert_cmpint(ha_store_persist_save(dir, doc, 0), ==, 0);
    g_assert_true(g_file_get_contents(path, &before, NULL, NULL));
    g_assert_cmpint(ha_store_doc_load_memory(bad, strlen(bad), "bad", 0, &none,
                                             NULL), ==, -HA_EBADXML);
    g_assert_null(none);
    g_assert_cmpint(ha_store_doc_put_element(doc, "constraints",
        "<rsc_order id=\"o\" first=\"r1\" then=\"ghost\"/>", &none, NULL),
        ==, -HA_EINVALCONF);
    g_assert_null(none);
    g_assert_true(g_file_get_contents(path, &after, NULL, NULL));
    g_assert_cmpstr(before, ==, after);
    rm_rf(dir);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/store/persist/save-load-history", persist_save_load_history);
    g_test_add_func("/store/persist/detects-corruption", persist_detects_corruption);
    g_test_add_func("/store/persist/bad-input-writes-nothing",
                    persist_bad_input_writes_nothing);
    g_test_add_func("/store/persist/sigkill-each-step", persist_sigkill_each_step);
    g_test_add_func("/store/persist/enospc-on-write", persist_enospc_on_write);
    g_test_add_func("/store/persist/enospc-on-open", persist_enospc_on_open);
    g_test_add_func("/store/persist/eio-on-fsync", persist_eio_on_fsync);
    g_test_add_func("/store/persist/eio-on-close", persist_eio_on_close);
    g_test_add_func("/store/persist/eio-on-rename", persist_eio_on_rename);
    return g_test_run();
}
