/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_rsc.h - the executor: actions of many resources, one at a
 * time per resource, recurring monitors on timers, cancellation, and each
 * resource's results (last operation, last failure, active monitors).
 *
 * Ownership: the executor owns its resources, their queues and history.
 * Results handed to the notify callback are borrowed for its duration.
 *
 * Invariants:
 *  - Actions of one resource never overlap; different resources run in
 *    parallel.
 *  - A submitted one-shot action is reported exactly once; a recurring
 *    monitor is reported on its first result and then only when its
 *    (status, rc) changes; a cancelled one is reported once as cancelled.
 *  - A stop cancels the resource's recurring monitors first.
 *  - Notifications come from the main loop, never from inside a call.
 *  - Non-logging (debug at most).
 */
#ifndef HA_EXEC_RSC_H
#define HA_EXEC_RSC_H

#include <glib.h>

#include "exec/exec_action.h"
#include "exec/exec_agent.h"

G_BEGIN_DECLS

typedef struct ha_exec_executor ha_exec_executor_t;

typedef void (*ha_exec_notify_fn)(const ha_exec_result_t *result,
                                  void *user_data);

/**
 * Create an executor.
 *
 * @param[in] paths   where agents live (copied pointers: must outlive it)
 * @param[in] notify  receives results worth reporting (see invariants)
 */
ha_exec_executor_t *ha_exec_executor_new(const struct ha_exec_paths *paths,
                                         ha_exec_notify_fn notify,
                                         void *user_data);

/**
 * Free an executor.  Running agents are left to finish on their own (their
 * results are dropped); recurring monitors stop.  NULL accepted.
 */
void ha_exec_executor_free(ha_exec_executor_t *ex);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_exec_executor_t, ha_exec_executor_free)

/**
 * Queue an action.  A recurring action (interval > 0) with the same
 * resource, name and interval as an active one replaces its parameters
 * and keeps its call id; its next result is reported as a first one.
 *
 * @param[in]  req          taken over whatever the result
 * @param[out] ret_call_id  the call id results will carry (may be NULL)
 *
 * @return 0, or what ha_exec_request_validate() returned
 */
int ha_exec_executor_submit(ha_exec_executor_t *ex, ha_exec_request_t *req,
                            guint64 *ret_call_id);

/**
 * Cancel a recurring monitor, or a queued or running one-shot action.
 *
 * @return 0 or -HA_ENOTFOUND
 */
int ha_exec_executor_cancel(ha_exec_executor_t *ex, const char *rsc_id,
                            const char *action, guint interval_ms);

/* A recurring action as seen from outside.  Borrowed. */
typedef struct {
    const char *action;
    guint interval_ms;
    guint timeout_ms;
    guint64 call_id;
    const ha_exec_result_t *last;   /* NULL before its first result */
} ha_exec_monitor_view_t;

/* One resource as seen from outside.  Borrowed during the callback. */
typedef struct {
    const char *rsc_id;
    const char *rclass;
    const char *provider;           /* may be NULL */
    const char *type;
    const ha_exec_result_t *last_op;       /* last one-shot result, or NULL */
    const ha_exec_result_t *last_failure;  /* or NULL */
    const char *running_action;            /* or NULL */
    guint running_interval_ms;
    guint64 running_call_id;
    guint queued;
    const ha_exec_monitor_view_t *monitors;
    guint n_monitors;
} ha_exec_rsc_view_t;

typedef void (*ha_exec_rsc_view_fn)(const ha_exec_rsc_view_t *view,
                                    void *user_data);

/** Call @fn for every resource the executor knows, in id order. */
void ha_exec_executor_foreach(ha_exec_executor_t *ex, ha_exec_rsc_view_fn fn,
                              void *user_data);

/* Lateness of recurring actions (start minus due time), last samples. */
typedef struct {
    guint count;
    guint p50_ms;
    guint p99_ms;
    guint max_ms;
} ha_exec_lateness_t;

/** Percentiles over the last HA_EXEC_LATENESS_SAMPLES runs. */
void ha_exec_executor_lateness(const ha_exec_executor_t *ex,
                               ha_exec_lateness_t *ret);

/** Forget the lateness samples (before a measurement). */
void ha_exec_executor_lateness_reset(ha_exec_executor_t *ex);

#define HA_EXEC_LATENESS_SAMPLES 20000

/** Number of actions running now. */
guint ha_exec_executor_running(const ha_exec_executor_t *ex);

G_END_DECLS

#endif /* HA_EXEC_RSC_H */
