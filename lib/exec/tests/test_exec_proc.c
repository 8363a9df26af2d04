/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Process-level behaviour of lib/exec/exec_proc.c with small test agents. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include "exec/exec_proc.h"
#include "exec_test_util.h"

struct run {
    gboolean done;
    enum ha_exec_status status;
    int exit_code;
    int term_signal;
    pid_t pid;
    char *out;
    gsize out_len;
    gboolean out_truncated;
    char *err;
    gsize err_len;
    gboolean err_truncated;
    char *reason;
    gint64 duration_ms;
};

static char *tmpdir;

static void
on_done(const ha_exec_outcome_t *o, void *user_data)
{
    struct run *r = user_data;

    g_assert_false(r->done);    /* exactly once */
    r->done = TRUE;
    r->status = o->status;
    r->exit_code = o->exit_code;
    r->term_signal = o->term_signal;
    r->pid = o->pid;
    r->out = g_malloc(o->out_len + 1);
    memcpy(r->out, o->out, o->out_len + 1);
    r->out_len = o->out_len;
    r->out_truncated = o->out_truncated;
    r->err = g_strdup(o->err);
    r->err_len = o->err_len;
    r->err_truncated = o->err_truncated;
    r->reason = g_strdup(o->exit_reason);
    r->duration_ms = (o->end_us - o->start_us) / 1000;
}

static void
run_clear(struct run *r)
{
    g_free(r->out);
    g_free(r->err);
    g_free(r->reason);
}

static char *env_min[] = { "PATH=/usr/bin:/bin", NULL };

/* Write an agent, run it with @arg, wait; returns start()'s rc. */
static int
run_agent(const char *body, const char *arg, guint timeout_ms, guint grace_ms,
          const char *stdin_data, struct run *r)
{
    g_autofree char *path = test_write_agent(tmpdir, "agent", body, 0755);
    char *argv[] = { path, (char *) arg, NULL };
    struct ha_exec_spec spec = {
        .path = path, .argv = argv, .envp = env_min, .stdin_data = stdin_data,
        .timeout_ms = timeout_ms, .kill_grace_ms = grace_ms,
        .stdout_max = 4096, .stderr_max = 4096,
        .reason_prefix = "ocf-exit-reason:",
    };
    int rc;

    memset(r, 0, sizeof(*r));
    rc = ha_exec_proc_start(&spec, on_done, r, NULL);
    if (rc == 0) {
        g_assert_false(r->done);        /* never from inside start() */
        g_assert_true(test_spin_until(&r->done, 20000));
    }
    return rc;
}

static pid_t
read_pid(const char *name)
{
    g_autofree char *p = g_build_filename(tmpdir, name, NULL);
    g_autofree char *text = NULL;

    if (!g_file_get_contents(p, &text, NULL, NULL)) {
        return -1;
    }
    return (pid_t) atoi(text);
}

static void
exit_code_output_reason(void)
{
    struct run r;

    g_assert_cmpint(run_agent("echo \"out:$1\"\n"
                              "echo 'ocf-exit-reason:first' >&2\n"
                              "echo 'noise' >&2\n"
                              "echo 'ocf-exit-reason:the last one  ' >&2\n"
                              "echo 'more noise' >&2\n"
                              "exit 7", "monitor", 5000, 0, NULL, &r), ==, 0);
    g_assert_cmpint(r.status, ==, HA_EXEC_DONE);
    g_assert_cmpint(r.exit_code, ==, 7);
    g_assert_cmpstr(r.out, ==, "out:monitor\n");
    g_assert_cmpstr(r.reason, ==, "the last one");
    g_assert_nonnull(strstr(r.err, "more noise"));
    run_clear(&r);
}

static void
own_session_and_devnull_stdin(void)
{
    struct run r;

    g_assert_cmpint(run_agent("set -- $(cat /proc/$$/stat); echo $1 $5 $6\n"
                              "readlink /proc/$$/fd/0",
                              "start", 5000, 0, NULL, &r), ==, 0);
    {
        g_autofree char *expect = g_strdup_printf("%d %d %d\n/dev/null\n",
                                                  (int) r.pid, (int) r.pid,
                                                  (int) r.pid);

        g_assert_cmpstr(r.out, ==, expect);
    }
    run_clear(&r);
}

static void
parent_fds_not_inherited(void)
{
    struct run r;
    int fd = open("/dev/null", O_RDONLY);     /* no O_CLOEXEC on purpose */

    g_assert_cmpint(fd, >=, 0);
    g_assert_cmpint(dup2(fd, 700), ==, 700);
    g_assert_cmpint(dup2(fd, 1500), ==, 1500);
    g_assert_cmpint(run_agent("for n in 700 1500; do [ -e /proc/$$/fd/$n ] && echo leaked $n; done; true",
                              "start", 5000, 0, NULL, &r), ==, 0);
    g_assert_cmpstr(r.out, ==, "");
    (void) close(700);
    (void) close(1500);
    (void) close(fd);
    run_clear(&r);
}

static void
stdin_data_delivered(void)
{
    struct run r;

    g_assert_cmpint(run_agent("cat", NULL, 5000, 0, "action=off\nport=n2\n", &r),
                    ==, 0);
    g_assert_cmpstr(r.out, ==, "action=off\nport=n2\n");
    run_clear(&r);
}

static void
timeout_kills_group(void)
{
    struct run r;
    pid_t child;

    g_assert_cmpint(run_agent("sleep 300 & echo $! > " "$0.child\n"
                              "exec sleep 300", "start", 300, 2000, NULL, &r),
                    ==, 0);
    g_assert_cmpint(r.status, ==, HA_EXEC_TIMEOUT);
    g_assert_cmpint(r.exit_code, ==, -1);
    g_assert_cmpint(r.duration_ms, <, 2000);   /* TERM was enough */
    child = read_pid("agent.child");
    g_assert_cmpint(child, >, 0);
    test_spin_for(100);
    g_assert_false(test_pid_alive(child));
    g_assert_false(test_pid_alive(r.pid));
    run_clear(&r);
}

static void
term_ignored_then_killed(void)
{
    struct run r;

    g_assert_cmpint(run_agent("trap '' TERM\n"
                              "sh -c 'trap \"\" TERM; echo $$ > '$0'.child; "
                              "while :; do sleep 1; done' &\n"
                              "while :; do sleep 1; done", "start", 200, 500,
                              NULL, &r), ==, 0);
    g_assert_cmpint(r.status, ==, HA_EXEC_TIMEOUT);
    g_assert_cmpint(r.duration_ms, >=, 200 + 450);
    test_spin_for(100);
    g_assert_false(test_pid_alive(r.pid));
    g_assert_false(test_pid_alive(read_pid("agent.child")));
    run_clear(&r);
}

static void
success_leaves_daemon_running(void)
{
    struct run r;
    pid_t daemon_pid;

    g_assert_cmpint(run_agent("sleep 30 >/dev/null 2>&1 & echo $! > $0.child\n"
                              "exit 0", "start", 5000, 100, NULL, &r), ==, 0);
    g_assert_cmpint(r.status, ==, HA_EXEC_DONE);
    daemon_pid = read_pid("agent.child");
    test_spin_for(300);
    g_assert_true(test_pid_alive(daemon_pid));   /* the resource */
    (void) kill(daemon_pid, SIGKILL);
    run_clear(&r);
}

static void
crash_is_error(void)
{
    struct run r;

    g_assert_cmpint(run_agent("echo 'ocf-exit-reason:about to crash' >&2\n"
                              "kill -SEGV $$", "start", 5000, 0, NULL, &r), ==, 0);
    g_assert_cmpint(r.status, ==, HA_EXEC_ERROR);
    g_assert_cmpint(r.term_signal, ==, SIGSEGV);
    g_assert_cmpint(r.exit_code, ==, -1);
    run_clear(&r);
}

static void
garbage_output(void)
{
    struct run r;

    g_assert_cmpint(run_agent("printf 'a\\000b\\377\\001\\n'\n"
                              "printf '\\377\\376ocf-exit-reason:\\n' >&2\n"
                              "exit 0", "start", 5000, 0, NULL, &r), ==, 0);
    g_assert_cmpint(r.status, ==, HA_EXEC_DONE);
    g_assert_cmpuint(r.out_len, ==, 6);
    g_assert_cmpint(memcmp(r.out, "a\0b\377\001\n", 6), ==, 0);
    g_assert_null(r.reason);   /* the line does not start with the prefix */
    run_clear(&r);
}

static void
huge_output_is_bounded(void)
{
    struct run r;

    g_assert_cmpint(run_agent("head -c 20000000 /dev/zero | tr '\\0' x\n"
                              "head -c 5000000 /dev/zero | tr '\\0' y >&2\n"
                              "echo >&2; echo 'ocf-exit-reason:still found' >&2\n"
                              "exit 1", "start", 20000, 0, NULL, &r), ==, 0);
    g_assert_cmpint(r.status, ==, HA_EXEC_DONE);
    g_assert_cmpint(r.exit_code, ==, 1);
    g_assert_cmpuint(r.out_len, ==, 4096);
    g_assert_true(r.out_truncated);
    g_assert_cmpuint(r.err_len, <=, 2 * 4096);
    g_assert_true(r.err_truncated);
    g_assert_cmpstr(r.reason, ==, "still found");
    run_clear(&r);
}

static void
missing_and_not_executable(void)
{
    g_autofree char *noexec = test_write_agent(tmpdir, "noexec", "exit 0", 0644);
    g_autofree char *missing = g_build_filename(tmpdir, "missing", NULL);
    char *argv[] = { missing, NULL };
    struct ha_exec_spec spec = { .path = missing, .argv = argv, .envp = env_min };
    struct run r = { 0 };

    g_assert_cmpint(ha_exec_proc_start(&spec, on_done, &r, NULL), ==, -ENOENT);
    spec.path = noexec;
    g_assert_cmpint(ha_exec_proc_start(&spec, on_done, &r, NULL), ==, -EACCES);
    spec.path = "relative";
    g_assert_cmpint(ha_exec_proc_start(&spec, on_done, &r, NULL), ==, -EINVAL);
    test_spin_for(50);
    g_assert_false(r.done);
}

static void
bad_interpreter_fails_at_start(void)
{
    g_autofree char *path = g_build_filename(tmpdir, "badinterp", NULL);
    char *argv[] = { path, NULL };
    struct ha_exec_spec spec = { .path = path, .argv = argv, .envp = env_min };
    struct run r = { 0 };
    const char *preload = g_getenv("LD_PRELOAD");

    /* valgrind dies when a child's execve() fails */
    if ((preload != NULL) && (strstr(preload, "vgpreload") != NULL)) {
        g_test_skip("a failing execve() kills valgrind");
        return;
    }
    g_assert_true(g_file_set_contents(path, "#!/nonexistent/sh\n", -1, NULL));
    g_assert_cmpint(g_chmod(path, 0755), ==, 0);
    g_assert_cmpint(ha_exec_proc_start(&spec, on_done, &r, NULL), ==, -ENOENT);
}

static void
cancel_reports_cancelled(void)
{
    g_autofree char *path = test_write_agent(tmpdir, "agent", "exec sleep 60", 0755);
    char *argv[] = { path, NULL };
    struct ha_exec_spec spec = { .path = path, .argv = argv, .envp = env_min,
                                 .timeout_ms = 30000, .kill_grace_ms = 1000 };
    ha_exec_proc_t *proc = NULL;
    struct run r = { 0 };

    g_assert_cmpint(ha_exec_proc_start(&spec, on_done, &r, &proc), ==, 0);
    g_assert_cmpuint(ha_exec_proc_count(), ==, 1);
    ha_exec_proc_cancel(proc);
    g_assert_true(test_spin_until(&r.done, 5000));
    g_assert_cmpint(r.status, ==, HA_EXEC_CANCELLED);
    g_assert_cmpuint(ha_exec_proc_count(), ==, 0);
    run_clear(&r);
}

/* Count zombie children of this process. */
static guint
count_zombie_children(void)
{
    g_autoptr(GDir) d = g_dir_open("/proc", 0, NULL);
    const char *e;
    guint n = 0;

    while ((e = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_strdup_printf("/proc/%s/stat", e);
        g_autofree char *text = NULL;
        const char *rp;
        char state;
        int ppid;

        if (!g_ascii_isdigit(e[0]) || !g_file_get_contents(p, &text, NULL, NULL)) {
            continue;
        }
        rp = strrchr(text, ')');
        if ((rp != NULL) && (sscanf(rp + 2, "%c %d", &state, &ppid) == 2)
            && (state == 'Z') && (ppid == getpid())) {
            n++;
        }
    }
    return n;
}

static void
no_zombies_left(void)
{
    g_autofree char *path = test_write_agent(tmpdir, "agent", "exit 3", 0755);
    char *argv[] = { path, NULL };
    struct ha_exec_spec spec = { .path = path, .argv = argv, .envp = env_min,
                                 .timeout_ms = 5000 };
    struct run r[20];

    memset(r, 0, sizeof(r));
    for (int i = 0; i < 20; i++) {
        g_assert_cmpint(ha_exec_proc_start(&spec, on_done, &r[i], NULL), ==, 0);
    }
    for (int i = 0; i < 20; i++) {
        g_assert_true(test_spin_until(&r[i].done, 10000));
        g_assert_cmpint(r[i].exit_code, ==, 3);
        run_clear(&r[i]);
    }
    test_spin_for(50);
    g_assert_cmpuint(count_zombie_children(), ==, 0);
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    tmpdir = test_mkdtemp();
    g_assert_cmpint(ha_exec_reaper_init(FALSE), ==, 0);
    g_test_add_func("/exec/proc/exit-output-reason", exit_code_output_reason);
    g_test_add_func("/exec/proc/own-session-devnull-stdin",
                    own_session_and_devnull_stdin);
    g_test_add_func("/exec/proc/stdin-data", stdin_data_delivered);
    g_test_add_func("/exec/proc/parent-fds-not-inherited", parent_fds_not_inherited);
    g_test_add_func("/exec/proc/timeout-kills-group", timeout_kills_group);
    g_test_add_func("/exec/proc/term-ignored-then-killed", term_ignored_then_killed);
    g_test_add_func("/exec/proc/success-leaves-daemon", success_leaves_daemon_running);
    g_test_add_func("/exec/proc/crash", crash_is_error);
    g_test_add_func("/exec/proc/garbage-output", garbage_output);
    g_test_add_func("/exec/proc/huge-output-bounded", huge_output_is_bounded);
    g_test_add_func("/exec/proc/missing-noexec", missing_and_not_executable);
    g_test_add_func("/exec/proc/bad-interpreter", bad_interpreter_fails_at_start);
    g_test_add_func("/exec/proc/cancel", cancel_reports_cancelled);
    g_test_add_func("/exec/proc/no-zombies", no_zombies_left);
    rc = g_test_run();
    test_rmdir(tmpdir);
    g_free(tmpdir);
    return rc;
}
