/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_action.h - run one request to completion and describe the
 * result in OCF terms: the glue of exec_agent (what to run) and exec_proc
 * (how to run it).
 *
 * Invariants: non-logging; the callback runs exactly once, from the main
 * loop, only if ha_exec_action_run() returned 0; results are plain owned
 * data that outlive the run (they are kept as history).
 */
#ifndef HA_EXEC_ACTION_H
#define HA_EXEC_ACTION_H

#include <glib.h>

#include "exec/exec_agent.h"
#include "exec/exec_proc.h"
#include "exec/exec_result.h"

G_BEGIN_DECLS

/* How one action of one resource ended.  Every field is owned. */
typedef struct ha_exec_result {
    char *rsc_id;
    char *action;
    guint interval_ms;
    guint64 call_id;            /* set by the executor; 0 otherwise */
    enum ha_exec_status status;
    int ocf_rc;                 /* enum ha_ocf_rc, or 190/191 */
    int exit_code;              /* raw, or -1 */
    char *exit_reason;          /* or NULL */
    char *out;                  /* stdout head, never NULL */
    char *err;                  /* stderr tail, never NULL */
    gint64 start_wall_us;       /* g_get_real_time() at start, for display */
    guint duration_ms;
    guint queue_ms;             /* time spent waiting behind other actions */
    guint lateness_ms;          /* recurring: start minus due time */
} ha_exec_result_t;

typedef void (*ha_exec_action_done_fn)(ha_exec_result_t *result,
                                       void *user_data);

/**
 * Build a result for an action that could not run (and so has no process).
 *
 * @param[in] err  the negative code of the failure: -ENOENT/-EACCES give
 *                 HA_EXEC_NOT_INSTALLED (rc 5), others HA_EXEC_ERROR
 */
ha_exec_result_t *ha_exec_result_new_failed(const ha_exec_request_t *req,
                                            int err);

/** Deep copy. */
ha_exec_result_t *ha_exec_result_copy(const ha_exec_result_t *r);

/** Free; NULL accepted. */
void ha_exec_result_free(ha_exec_result_t *r);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_exec_result_t, ha_exec_result_free)

/* A running action; borrowed handle, valid until its callback runs. */
typedef struct ha_exec_action ha_exec_action_t;

/**
 * Run @req once.
 *
 * @param[in]  paths       where agents live
 * @param[in]  req         the request (copied)
 * @param[in]  done        receives the result (owned by the callee: it
 *                         must free it, or keep it)
 * @param[out] ret_action  for ha_exec_action_cancel(); may be NULL
 *
 * @return 0, or what ha_exec_command_build() / ha_exec_proc_start()
 *         returned (then @done is never called)
 */
int ha_exec_action_run(const struct ha_exec_paths *paths,
                       const ha_exec_request_t *req,
                       ha_exec_action_done_fn done, void *user_data,
                       ha_exec_action_t **ret_action);

/** Cancel: the result arrives with HA_EXEC_CANCELLED. */
void ha_exec_action_cancel(ha_exec_action_t *action);

G_END_DECLS

#endif /* HA_EXEC_ACTION_H */
