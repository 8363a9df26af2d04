/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_proc.h - run one program as its own process group on the
 * GLib main loop: no shell, captured and bounded output, timeout, kill of
 * the whole group, reaping.
 *
 * This module owns the whole life of an agent process.  It knows nothing of
 * resource classes: exec_agent.c turns a request into an ha_exec_spec.
 *
 * Invariants:
 *  - Every program runs in a new session (setsid), so its pid is also its
 *    process group id; stdin is /dev/null unless the spec gives data.
 *  - The group is signalled only on timeout or cancel (SIGTERM, then
 *    SIGKILL after the grace period).  What a program leaves running after
 *    exiting on its own (a daemon a start spawned) is never touched.
 *  - Reaping: this module installs a SIGCHLD handler and reaps every child
 *    of the process with waitpid(-1), including orphans reparented to us
 *    when the process is a subreaper.  A process using lib/exec must not
 *    use g_child_watch_add() or g_spawn_*() with child watches.
 *  - The completion callback runs exactly once, from the main loop, and
 *    only if ha_exec_proc_start() returned 0.  Never logs above debug.
 */
#ifndef HA_EXEC_PROC_H
#define HA_EXEC_PROC_H

#include <glib.h>
#include <sys/types.h>

#include "exec/exec_result.h"

G_BEGIN_DECLS

/* Limits applied when a spec leaves them at 0. */
#define HA_EXEC_DEFAULT_STDOUT_MAX  (512 * 1024)
#define HA_EXEC_DEFAULT_STDERR_MAX  (64 * 1024)
#define HA_EXEC_DEFAULT_GRACE_MS    5000
#define HA_EXEC_STDIN_MAX           (32 * 1024)
#define HA_EXEC_REASON_MAX          1024

/* What to run.  Everything is borrowed by ha_exec_proc_start() (copied). */
struct ha_exec_spec {
    const char *path;           /* absolute path of the program */
    char *const *argv;          /* argv[0] first, NULL-terminated */
    char *const *envp;          /* the whole environment, NULL-terminated */
    const char *stdin_data;     /* written to a pipe then closed; NULL: /dev/null */
    guint timeout_ms;           /* 0: no timeout */
    guint kill_grace_ms;        /* TERM -> KILL; 0: default */
    gsize stdout_max;           /* head of stdout kept; 0: default */
    gsize stderr_max;           /* tail of stderr kept; 0: default */
    const char *reason_prefix;  /* stderr line prefix of the exit reason, or NULL */
};

/* How a program ended.  Borrowed: valid only during the callback. */
typedef struct {
    enum ha_exec_status status;  /* DONE, TIMEOUT, CANCELLED or ERROR */
    int exit_code;               /* when DONE; else -1 */
    int term_signal;             /* signal that ended it, or 0 */
    pid_t pid;
    const char *out;             /* NUL-terminated head of stdout */
    gsize out_len;
    gboolean out_truncated;
    const char *err;             /* NUL-terminated tail of stderr */
    gsize err_len;
    gboolean err_truncated;
    const char *exit_reason;     /* last reason line's text, or NULL */
    gint64 start_us;             /* monotonic */
    gint64 end_us;
} ha_exec_outcome_t;

typedef struct ha_exec_proc ha_exec_proc_t;

typedef void (*ha_exec_proc_done_fn)(const ha_exec_outcome_t *outcome,
                                     void *user_data);

/**
 * Install the SIGCHLD handling (idempotent; ha_exec_proc_start() calls it).
 *
 * @param[in] subreaper  also become a child subreaper (PR_SET_CHILD_SUBREAPER)
 *                       so that daemons the agents start are reaped here
 *
 * @return 0 or a negative errno
 */
int ha_exec_reaper_init(gboolean subreaper);

/**
 * Start a program asynchronously.
 *
 * @param[in]  spec      what to run (copied)
 * @param[in]  done      called once when it has ended
 * @param[in]  user_data passed to @done
 * @param[out] ret_proc  handle for ha_exec_proc_cancel(), borrowed, valid
 *                       until @done is called (may be NULL)
 *
 * @return 0, -ENOENT (no such program), -EACCES (not executable),
 *         -E2BIG (stdin data too big) or another negative errno
 */
int ha_exec_proc_start(const struct ha_exec_spec *spec,
                       ha_exec_proc_done_fn done, void *user_data,
                       ha_exec_proc_t **ret_proc);

/**
 * Cancel a running program: its process group gets SIGTERM, then SIGKILL.
 * Its callback still runs once, with HA_EXEC_CANCELLED.
 */
void ha_exec_proc_cancel(ha_exec_proc_t *proc);

/** The pid (= process group id) of a running program. */
pid_t ha_exec_proc_pid(const ha_exec_proc_t *proc);

/** Number of programs running right now. */
guint ha_exec_proc_count(void);

G_END_DECLS

#endif /* HA_EXEC_PROC_H */
