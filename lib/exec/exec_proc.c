/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_proc.c - fork/exec of one program in its own session,
 * output capture, timeout and group kill, and the process-wide reaper.
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib-unix.h>
#include <linux/close_range.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "exec/exec_proc.h"

#define READ_CHUNK      65536
#define LINE_MAX_BYTES  4096
#define GROUP_POLL_MS   50

struct stream {
    int fd;
    guint source;
    GString *buf;
    gsize max;
    gboolean keep_tail;     /* stderr keeps its tail, stdout its head */
    gboolean truncated;
};

struct ha_exec_proc {
    pid_t pid;
    struct stream out;
    struct stream err;
    char *reason_prefix;
    GString *line;          /* current stderr line, for the reason scan */
    gboolean line_overlong;
    char *reason;
    guint timeout_source;
    guint grace_source;
    guint poll_source;
    guint kill_grace_ms;
    enum ha_exec_status kill_status;  /* PENDING unless killing */
    gboolean exited;
    int wait_status;
    gint64 start_us;
    gint64 end_us;
    ha_exec_proc_done_fn done;
    void *user_data;
};

/* The process-wide reaper: SIGCHLD -> self-pipe -> waitpid(-1) loop. */
static int reaper_pipe[2] = { -1, -1 };
static GHashTable *reaper_procs;   /* pid -> struct ha_exec_proc (borrowed) */

static void
on_sigchld(int sig)
{
    int saved = errno;
    char c = 'c';

    (void) sig;
    (void) !write(reaper_pipe[1], &c, 1);
    errno = saved;
}

static void proc_child_exited(struct ha_exec_proc *proc, int wait_status);

static gboolean
reaper_dispatch(gint fd, GIOCondition cond, gpointer data)
{
    char buf[64];
    int status = 0;
    pid_t pid;

    while (read(fd, buf, sizeof(buf)) > 0) {
        /* drain */
    }
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        struct ha_exec_proc *proc =
            g_hash_table_lookup(reaper_procs, GINT_TO_POINTER(pid));

        if (proc == NULL) {
            ha_trace("Reaped orphan process %d", (int) pid);
            continue;
        }
        proc_child_exited(proc, status);
    }
    return G_SOURCE_CONTINUE;
}

int
ha_exec_reaper_init(gboolean subreaper)
{
    struct sigaction sa;

    if (subreaper && (prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == -1)) {
        return -errno;
    }
    if (reaper_procs != NULL) {
        return 0;
    }
    if (pipe2(reaper_pipe, O_CLOEXEC | O_NONBLOCK) == -1) {
        return -errno;
    }
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_sigchld;
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigemptyset(&sa.sa_mask);
    if (sigaction(SIGCHLD, &sa, NULL) == -1) {
        int rc = -errno;

        (void) close(reaper_pipe[0]);
        (void) close(reaper_pipe[1]);
        reaper_pipe[0] = reaper_pipe[1] = -1;
        return rc;
    }
    /* A write to a pipe whose reader (an agent's stdin) is gone must fail
     * with EPIPE, not kill the executor. */
    sa.sa_handler = SIG_IGN;
    sa.sa_flags = 0;
    (void) sigaction(SIGPIPE, &sa, NULL);
    reaper_procs = g_hash_table_new(g_direct_hash, g_direct_equal);
    (void) g_unix_fd_add(reaper_pipe[0], G_IO_IN, reaper_dispatch, NULL);
    /* Children that ended before the handler existed are reaped now. */
    (void) !write(reaper_pipe[1], "c", 1);
    return 0;
}

guint
ha_exec_proc_count(void)
{
    return (reaper_procs == NULL) ? 0 : g_hash_table_size(reaper_procs);
}

pid_t
ha_exec_proc_pid(const ha_exec_proc_t *proc)
{
    return proc->pid;
}

/* ---- output capture ---- */

static void
scan_reason_line(struct ha_exec_proc *proc)
{
    const char *text = proc->line->str;
    gsize plen;

    if ((proc->reason_prefix == NULL) || proc->line_overlong) {
        return;
    }
    plen = strlen(proc->reason_prefix);
    if (strncmp(text, proc->reason_prefix, plen) == 0) {
        g_free(proc->reason);
        proc->reason = g_strstrip(g_strndup(text + plen, HA_EXEC_REASON_MAX));
    }
}

static void
feed_reason_scanner(struct ha_exec_proc *proc, const char *data, gsize len)
{
    for (gsize i = 0; i < len; i++) {
        if (data[i] == '\n') {
            scan_reason_line(proc);
            g_string_truncate(proc->line, 0);
            proc->line_overlong = FALSE;
        } else if (proc->line->len < LINE_MAX_BYTES) {
            g_string_append_c(proc->line, data[i]);
        } else {
            proc->line_overlong = TRUE;
        }
    }
}

static void
stream_append(struct stream *s, const char *data, gsize len)
{
    if (!s->keep_tail) {
        gsize room = (s->buf->len < s->max) ? (s->max - s->buf->len) : 0;

        if (len > room) {
            s->truncated = TRUE;
            len = room;
        }
        g_string_append_len(s->buf, data, (gssize) len);
        return;
    }
    g_string_append_len(s->buf, data, (gssize) len);
    if (s->buf->len > 2 * s->max) {
        g_string_erase(s->buf, 0, (gssize) (s->buf->len - s->max));
        s->truncated = TRUE;
    }
}

static void
stream_close(struct stream *s)
{
    if (s->source != 0) {
        g_source_remove(s->source);
        s->source = 0;
    }
    if (s->fd >= 0) {
        (void) close(s->fd);
        s->fd = -1;
    }
}

/* Read what is available; returns FALSE at EOF or on error. */
static gboolean
stream_read(struct ha_exec_proc *proc, struct stream *s)
{
    char buf[READ_CHUNK];

    for (;;) {
        ssize_t n = read(s->fd, buf, sizeof(buf));

        if (n > 0) {
            stream_append(s, buf, (gsize) n);
            if (s == &proc->err) {
                feed_reason_scanner(proc, buf, (gsize) n);
            }
            continue;
        }
        if ((n == -1) && (errno == EINTR)) {
            continue;
        }
        return (n == -1) && (errno == EAGAIN);
    }
}

static gboolean
on_stream_ready(gint fd, GIOCondition cond, gpointer data)
{
    struct ha_exec_proc *proc = data;
    struct stream *s = (fd == proc->out.fd) ? &proc->out : &proc->err;

    if (stream_read(proc, s)) {
        return G_SOURCE_CONTINUE;
    }
    s->source = 0;       /* removed by returning G_SOURCE_REMOVE */
    (void) close(s->fd);
    s->fd = -1;
    return G_SOURCE_REMOVE;
}

/* ---- completion ---- */

static void
proc_free(struct ha_exec_proc *proc)
{
    stream_close(&proc->out);
    stream_close(&proc->err);
    if (proc->timeout_source != 0) {
        g_source_remove(proc->timeout_source);
    }
    if (proc->grace_source != 0) {
        g_source_remove(proc->grace_source);
    }
    if (proc->poll_source != 0) {
        g_source_remove(proc->poll_source);
    }
    g_string_free(proc->out.buf, TRUE);
    g_string_free(proc->err.buf, TRUE);
    g_string_free(proc->line, TRUE);
    g_free(proc->reason_prefix);
    g_free(proc->reason);
    g_free(proc);
}

static void
outcome_fill(struct ha_exec_proc *proc, ha_exec_outcome_t *o)
{
    int ws = proc->wait_status;

    memset(o, 0, sizeof(*o));
    o->pid = proc->pid;
    o->exit_code = -1;
    if (proc->kill_status != HA_EXEC_PENDING) {
        o->status = proc->kill_status;
    } else if (WIFEXITED(ws)) {
        o->status = HA_EXEC_DONE;
        o->exit_code = WEXITSTATUS(ws);
    } else {
        o->status = HA_EXEC_ERROR;
    }
    if (WIFSIGNALED(ws)) {
        o->term_signal = WTERMSIG(ws);
    }
    o->out = proc->out.buf->str;
    o->out_len = proc->out.buf->len;
    o->out_truncated = proc->out.truncated;
    o->err = proc->err.buf->str;
    o->err_len = proc->err.buf->len;
    o->err_truncated = proc->err.truncated;
    o->exit_reason = proc->reason;
    o->start_us = proc->start_us;
    o->end_us = proc->end_us;
}

static void
proc_finish(struct ha_exec_proc *proc)
{
    ha_exec_outcome_t outcome;

    /* Take what the program wrote before exiting, but do not wait for EOF:
     * a daemon it started may hold the pipes open forever. */
    if (proc->out.fd >= 0) {
        (void) stream_read(proc, &proc->out);
    }
    if (proc->err.fd >= 0) {
        (void) stream_read(proc, &proc->err);
    }
    if (proc->line->len > 0) {
        scan_reason_line(proc);
    }
    g_hash_table_remove(reaper_procs, GINT_TO_POINTER(proc->pid));
    outcome_fill(proc, &outcome);
    proc->done(&outcome, proc->user_data);
    proc_free(proc);
}

static gboolean
group_alive(pid_t pgid)
{
    return kill(-pgid, 0) == 0;
}

static gboolean
on_group_poll(gpointer data)
{
    struct ha_exec_proc *proc = data;

    if (group_alive(proc->pid)) {
        return G_SOURCE_CONTINUE;
    }
    proc->poll_source = 0;
    proc_finish(proc);
    return G_SOURCE_REMOVE;
}

static gboolean
on_grace_over(gpointer data)
{
    struct ha_exec_proc *proc = data;

    proc->grace_source = 0;
    (void) kill(-proc->pid, SIGKILL);
    if (proc->exited) {
        /* The leader is gone and the rest of the group got SIGKILL. */
        proc_finish(proc);
    }
    return G_SOURCE_REMOVE;
}

static void
proc_child_exited(struct ha_exec_proc *proc, int wait_status)
{
    proc->exited = TRUE;
    proc->wait_status = wait_status;
    proc->end_us = g_get_monotonic_time();
    if (proc->timeout_source != 0) {
        g_source_remove(proc->timeout_source);
        proc->timeout_source = 0;
    }
    if ((proc->kill_status == HA_EXEC_PENDING) || !group_alive(proc->pid)) {
        proc_finish(proc);
        return;
    }
    /* Killing: wait until the rest of the group is gone, or the grace ends. */
    if ((proc->grace_source != 0) && (proc->poll_source == 0)) {
        proc->poll_source = g_timeout_add(GROUP_POLL_MS, on_group_poll, proc);
    } else if (proc->grace_source == 0) {
        proc_finish(proc);
    }
}

static void
proc_begin_kill(struct ha_exec_proc *proc, enum ha_exec_status why)
{
    if (proc->kill_status != HA_EXEC_PENDING) {
        return;
    }
    proc->kill_status = why;
    if (proc->timeout_source != 0) {
        g_source_remove(proc->timeout_source);
        proc->timeout_source = 0;
    }
    (void) kill(-proc->pid, SIGTERM);
    (void) kill(-proc->pid, SIGCONT);   /* a stopped group cannot die of TERM */
    proc->grace_source = g_timeout_add(proc->kill_grace_ms, on_grace_over,
                                       proc);
}

static gboolean
on_timeout(gpointer data)
{
    struct ha_exec_proc *proc = data;

    proc->timeout_source = 0;
    proc_begin_kill(proc, HA_EXEC_TIMEOUT);
    return G_SOURCE_REMOVE;
}

void
ha_exec_proc_cancel(ha_exec_proc_t *proc)
{
    ha_assert(proc != NULL);
    if (proc->exited) {
        return;     /* its completion is already being delivered */
    }
    proc_begin_kill(proc, HA_EXEC_CANCELLED);
}

/* ---- fork/exec ---- */

struct child_fds {
    int in_fd;      /* read end for the child (pipe or /dev/null) */
    int in_w;       /* our write end, or -1 */
    int out[2];
    int err[2];
    int status[2];  /* exec errno from the child, CLOEXEC */
    int max_fd;     /* fallback bound when close_range() is missing */
};

static void
child_fds_close(struct child_fds *f)
{
    int *all[] = { &f->in_fd, &f->in_w, &f->out[0], &f->out[1], &f->err[0],
                   &f->err[1], &f->status[0], &f->status[1] };

    for (gsize i = 0; i < G_N_ELEMENTS(all); i++) {
        if (*all[i] >= 0) {
            (void) close(*all[i]);
            *all[i] = -1;
        }
    }
}

static int
child_fds_open(struct child_fds *f, gboolean with_stdin)
{
    int p[2];

    f->in_fd = f->in_w = -1;
    f->out[0] = f->out[1] = f->err[0] = f->err[1] = -1;
    f->status[0] = f->status[1] = -1;
    f->max_fd = (int) MIN(MAX(sysconf(_SC_OPEN_MAX), 1024), 1048576);
    if (with_stdin) {
        if (pipe2(p, O_CLOEXEC) == -1) {
            return -errno;
        }
        f->in_fd = p[0];
        f->in_w = p[1];
    } else {
        f->in_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (f->in_fd == -1) {
            return -errno;
        }
    }
    if ((pipe2(f->out, O_CLOEXEC) == -1) || (pipe2(f->err, O_CLOEXEC) == -1)
        || (pipe2(f->status, O_CLOEXEC) == -1)) {
        return -errno;
    }
    return 0;
}

/* In the child, between fork and exec: async-signal-safe calls only. */
static void G_GNUC_NORETURN
child_exec(const struct ha_exec_spec *spec, struct child_fds *f)
{
    struct sigaction sa;
    sigset_t all;
    int err;

    (void) setsid();
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        (void) sigaction(sig, &sa, NULL);
    }
    sigemptyset(&all);
    (void) sigprocmask(SIG_SETMASK, &all, NULL);
    (void) setpriority(PRIO_PROCESS, 0, 0);
    if ((dup2(f->in_fd, STDIN_FILENO) == -1)
        || (dup2(f->out[1], STDOUT_FILENO) == -1)
        || (dup2(f->err[1], STDERR_FILENO) == -1)) {
        goto fail;
    }
    /* Everything above 2 is closed at exec (the status pipe too: it is
     * CLOEXEC already, and stays open for a failure report). */
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) == -1) {
        for (int fd = 3; fd < f->max_fd; fd++) {
            (void) fcntl(fd, F_SETFD, FD_CLOEXEC);
        }
    }
    (void) execve(spec->path, spec->argv, spec->envp);
fail:
    err = errno;
    (void) !write(f->status[1], &err, sizeof(err));
    _exit(127);
}

static int
precheck_program(const char *path)
{
    struct stat st;

    if ((path == NULL) || (path[0] != '/')) {
        return -EINVAL;
    }
    if (stat(path, &st) == -1) {
        return -errno;
    }
    if (!S_ISREG(st.st_mode)) {
        return -EACCES;
    }
    if (access(path, X_OK) == -1) {
        return -errno;
    }
    return 0;
}

/* After fork: learn whether exec worked (EOF on the status pipe). */
static int
wait_exec_status(pid_t pid, int status_fd)
{
    int err = 0;
    ssize_t n;

    do {
        n = read(status_fd, &err, sizeof(err));
    } while ((n == -1) && (errno == EINTR));
    if (n == (ssize_t) sizeof(err)) {
        while ((waitpid(pid, NULL, 0) == -1) && (errno == EINTR)) {
        }
        return -err;
    }
    return 0;
}

static int
write_stdin(int fd, const char *data)
{
    gsize len = strlen(data);
    gsize done = 0;

    while (done < len) {
        ssize_t n = write(fd, data + done, len - done);

        if (n == -1) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        done += (gsize) n;
    }
    return 0;
}

static struct ha_exec_proc *
proc_new(const struct ha_exec_spec *spec, pid_t pid, struct child_fds *f)
{
    struct ha_exec_proc *proc = g_new0(struct ha_exec_proc, 1);

    proc->pid = pid;
    proc->start_us = g_get_monotonic_time();
    proc->kill_grace_ms = (spec->kill_grace_ms == 0) ? HA_EXEC_DEFAULT_GRACE_MS
                                                     : spec->kill_grace_ms;
    proc->reason_prefix = g_strdup(spec->reason_prefix);
    proc->line = g_string_new(NULL);
    proc->out.buf = g_string_new(NULL);
    proc->out.max = (spec->stdout_max == 0) ? HA_EXEC_DEFAULT_STDOUT_MAX
                                            : spec->stdout_max;
    proc->err.buf = g_string_new(NULL);
    proc->err.max = (spec->stderr_max == 0) ? HA_EXEC_DEFAULT_STDERR_MAX
                                            : spec->stderr_max;
    proc->err.keep_tail = TRUE;
    proc->out.fd = f->out[0];
    proc->err.fd = f->err[0];
    f->out[0] = f->err[0] = -1;
    (void) fcntl(proc->out.fd, F_SETFL, O_NONBLOCK);
    (void) fcntl(proc->err.fd, F_SETFL, O_NONBLOCK);
    proc->out.source = g_unix_fd_add(proc->out.fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                     on_stream_ready, proc);
    proc->err.source = g_unix_fd_add(proc->err.fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                     on_stream_ready, proc);
    return proc;
}

int
ha_exec_proc_start(const struct ha_exec_spec *spec, ha_exec_proc_done_fn done,
                   void *user_data, ha_exec_proc_t **ret_proc)
{
    struct child_fds f;
    struct ha_exec_proc *proc;
    pid_t pid;
    int rc;

    ha_assert((spec != NULL) && (done != NULL) && (spec->argv != NULL)
              && (spec->envp != NULL));
    if ((spec->stdin_data != NULL)
        && (strlen(spec->stdin_data) > HA_EXEC_STDIN_MAX)) {
        return -E2BIG;
    }
    rc = precheck_program(spec->path);
    if (rc < 0) {
        return rc;
    }
    rc = ha_exec_reaper_init(FALSE);
    if (rc < 0) {
        return rc;
    }
    rc = child_fds_open(&f, spec->stdin_data != NULL);
    if (rc < 0) {
        goto out_close;
    }
    pid = fork();
    if (pid == -1) {
        rc = -errno;
        goto out_close;
    }
    if (pid == 0) {
        child_exec(spec, &f);
    }
    (void) close(f.status[1]);
    f.status[1] = -1;
    rc = wait_exec_status(pid, f.status[0]);
    if (rc < 0) {
        goto out_close;
    }
    if (f.in_w >= 0) {
        /* Small by the check above: fits in the pipe, never blocks long. */
        (void) write_stdin(f.in_w, spec->stdin_data);
    }
    proc = proc_new(spec, pid, &f);
    proc->done = done;
    proc->user_data = user_data;
    g_hash_table_insert(reaper_procs, GINT_TO_POINTER(pid), proc);
    if (spec->timeout_ms > 0) {
        proc->timeout_source = g_timeout_add(spec->timeout_ms, on_timeout, proc);
    }
    if (ret_proc != NULL) {
        *ret_proc = proc;
    }
    rc = 0;
out_close:
    child_fds_close(&f);
    return rc;
}
