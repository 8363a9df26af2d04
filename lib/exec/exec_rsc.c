/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_rsc.c - per-resource queues, recurring monitors and
 * history on top of exec_action.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "exec/exec_rsc.h"

struct exec_rsc;

struct exec_op {
    ha_exec_request_t *req;
    guint64 call_id;
    gboolean recurring;
    gboolean cancelled;       /* recurring: already reported cancelled */
    gboolean orphan;          /* the executor is gone */
    gint64 queued_us;
    gint64 due_us;            /* recurring: when this run was due */
    guint lateness_ms;        /* recurring: of the current run */
    guint timer;              /* recurring: next run */
    guint idle;               /* synthetic completion pending */
    ha_exec_result_t *pending;/* its result */
    ha_exec_action_t *action; /* while running */
    ha_exec_result_t *last;   /* recurring: last result */
    gboolean reported;
    struct exec_rsc *rsc;
};

struct exec_rsc {
    char *id;
    char *rclass;
    char *provider;
    char *type;
    GQueue queue;             /* struct exec_op, waiting */
    struct exec_op *running;
    GHashTable *recurring;    /* "action_interval" -> struct exec_op */
    ha_exec_result_t *last_op;
    ha_exec_result_t *last_failure;
    gboolean started;         /* virtual classes only */
    ha_exec_executor_t *ex;
};

struct ha_exec_executor {
    const struct ha_exec_paths *paths;
    ha_exec_notify_fn notify;
    void *user_data;
    GHashTable *rscs;         /* id -> struct exec_rsc */
    guint64 next_call_id;
    GQueue outbox;            /* ha_exec_result_t to notify */
    guint outbox_idle;
    guint *lateness;          /* ring of samples */
    guint lateness_n;
    guint lateness_pos;
    guint running;
};

static void rsc_kick(struct exec_rsc *rsc);

/* ---- notifications, always from an idle callback ---- */

static gboolean
outbox_flush(gpointer data)
{
    ha_exec_executor_t *ex = data;
    ha_exec_result_t *r;

    ex->outbox_idle = 0;
    while ((r = g_queue_pop_head(&ex->outbox)) != NULL) {
        ex->notify(r, ex->user_data);
        ha_exec_result_free(r);
    }
    return G_SOURCE_REMOVE;
}

static void
notify_later(ha_exec_executor_t *ex, const ha_exec_result_t *r)
{
    g_queue_push_tail(&ex->outbox, ha_exec_result_copy(r));
    if (ex->outbox_idle == 0) {
        ex->outbox_idle = g_idle_add(outbox_flush, ex);
    }
}

/* ---- ops ---- */

static void
op_free(struct exec_op *op)
{
    if (op == NULL) {
        return;
    }
    if (op->timer != 0) {
        g_source_remove(op->timer);
    }
    if (op->idle != 0) {
        g_source_remove(op->idle);
    }
    ha_exec_result_free(op->pending);
    ha_exec_result_free(op->last);
    ha_exec_request_free(op->req);
    g_free(op);
}

static char *
recurring_key(const char *action, guint interval_ms)
{
    return g_strdup_printf("%s_%u", action, interval_ms);
}

static gboolean
is_failure(const ha_exec_result_t *r)
{
    if (r->status != HA_EXEC_DONE) {
        return r->status != HA_EXEC_CANCELLED;
    }
    if ((r->ocf_rc == HA_OCF_OK) || ha_ocf_rc_is_degraded(r->ocf_rc)) {
        return FALSE;
    }
    if (strcmp(r->action, "monitor") == 0) {
        if (r->ocf_rc == HA_OCF_RUNNING_PROMOTED) {
            return FALSE;
        }
        /* a probe finding it stopped is information, not a failure */
        return !((r->ocf_rc == HA_OCF_NOT_RUNNING) && (r->interval_ms == 0));
    }
    return TRUE;
}

static void
lateness_record(ha_exec_executor_t *ex, guint ms)
{
    ex->lateness[ex->lateness_pos] = ms;
    ex->lateness_pos = (ex->lateness_pos + 1) % HA_EXEC_LATENESS_SAMPLES;
    if (ex->lateness_n < HA_EXEC_LATENESS_SAMPLES) {
        ex->lateness_n++;
    }
}

static gboolean
on_recurring_due(gpointer data)
{
    struct exec_op *op = data;

    op->timer = 0;
    op->queued_us = g_get_monotonic_time();
    g_queue_push_tail(&op->rsc->queue, op);
    rsc_kick(op->rsc);
    return G_SOURCE_REMOVE;
}

static gboolean
recurring_report_needed(struct exec_op *op, const ha_exec_result_t *r)
{
    const ha_exec_result_t *prev = op->last;

    return !op->reported || (prev == NULL) || (prev->status != r->status)
           || (prev->ocf_rc != r->ocf_rc);
}

static void
record_virtual_state(struct exec_rsc *rsc, const ha_exec_result_t *r)
{
    if (!ha_exec_class_is_virtual(rsc->rclass) || (r->status != HA_EXEC_DONE)
        || (r->ocf_rc != HA_OCF_OK)) {
        return;
    }
    if (strcmp(r->action, "start") == 0) {
        rsc->started = TRUE;
    } else if (strcmp(r->action, "stop") == 0) {
        rsc->started = FALSE;
    }
}

static void
op_finished_recurring(struct exec_rsc *rsc, struct exec_op *op,
                      ha_exec_result_t *r)
{
    ha_exec_executor_t *ex = rsc->ex;

    if (recurring_report_needed(op, r)) {
        notify_later(ex, r);
        op->reported = TRUE;
    }
    if (is_failure(r)) {
        ha_exec_result_free(rsc->last_failure);
        rsc->last_failure = ha_exec_result_copy(r);
    }
    ha_exec_result_free(op->last);
    op->last = r;
    op->due_us = g_get_monotonic_time() + (gint64) op->req->interval_ms * 1000;
    op->timer = g_timeout_add(op->req->interval_ms, on_recurring_due, op);
}

/* Every op, real or synthetic, ends here. */
static void
op_finished(struct exec_op *op, ha_exec_result_t *r)
{
    struct exec_rsc *rsc = op->rsc;
    gint64 now = g_get_monotonic_time();

    op->action = NULL;
    if (op->orphan) {
        ha_exec_result_free(r);
        op_free(op);
        return;
    }
    rsc->ex->running--;
    rsc->running = NULL;
    if (op->recurring && op->cancelled) {
        /* already reported as cancelled */
        ha_exec_result_free(r);
        op_free(op);
        rsc_kick(rsc);
        return;
    }
    r->call_id = op->call_id;
    r->lateness_ms = op->lateness_ms;
    r->queue_ms = (guint) MAX(0, (now - op->queued_us) / 1000
                                 - (gint64) r->duration_ms);
    record_virtual_state(rsc, r);
    if (op->recurring) {
        op_finished_recurring(rsc, op, r);
    } else if (strcmp(r->action, "notify") == 0) {
        /* a clone notification is reported, never history (Pacemaker
         * records none): the last real operation stays the state */
        notify_later(rsc->ex, r);
        ha_exec_result_free(r);
        op_free(op);
    } else {
        notify_later(rsc->ex, r);
        if (is_failure(r)) {
            ha_exec_result_free(rsc->last_failure);
            rsc->last_failure = ha_exec_result_copy(r);
        }
        ha_exec_result_free(rsc->last_op);
        rsc->last_op = r;
        op_free(op);
    }
    rsc_kick(rsc);
}

static void
on_action_done(ha_exec_result_t *r, void *user_data)
{
    op_finished(user_data, r);
}

static gboolean
on_synthetic_done(gpointer data)
{
    struct exec_op *op = data;
    ha_exec_result_t *r = g_steal_pointer(&op->pending);

    op->idle = 0;
    op_finished(op, r);
    return G_SOURCE_REMOVE;
}

static void
op_finish_later(struct exec_op *op, ha_exec_result_t *r)
{
    op->pending = r;
    op->idle = g_idle_add(on_synthetic_done, op);
}

static gboolean
is_probe_of_unstarted_virtual(const struct exec_rsc *rsc,
                              const ha_exec_request_t *req)
{
    return ha_exec_class_is_virtual(rsc->rclass) && !rsc->started
           && (strcmp(req->action, "monitor") == 0);
}

static void
op_start(struct exec_rsc *rsc, struct exec_op *op)
{
    ha_exec_executor_t *ex = rsc->ex;
    int rc;

    rsc->running = op;
    ex->running++;
    if (op->recurring) {
        gint64 late = (g_get_monotonic_time() - op->due_us) / 1000;

        op->lateness_ms = (guint) MAX(late, 0);
        lateness_record(ex, op->lateness_ms);
    }
    if (is_probe_of_unstarted_virtual(rsc, op->req)) {
        ha_exec_result_t *r = ha_exec_result_new_failed(op->req, -EINVAL);

        r->status = HA_EXEC_DONE;
        r->ocf_rc = HA_OCF_NOT_RUNNING;
        r->exit_code = -1;
        g_clear_pointer(&r->exit_reason, g_free);
        op_finish_later(op, r);
        return;
    }
    rc = ha_exec_action_run(ex->paths, op->req, on_action_done, op, &op->action);
    if (rc < 0) {
        ha_debug("Could not run %s of '%s': %s", op->req->action, rsc->id,
                 ha_strerror(rc));
        op_finish_later(op, ha_exec_result_new_failed(op->req, rc));
    }
}

static void
rsc_kick(struct exec_rsc *rsc)
{
    struct exec_op *op;

    if (rsc->running != NULL) {
        return;
    }
    op = g_queue_pop_head(&rsc->queue);
    if (op != NULL) {
        op_start(rsc, op);
    }
}

/* ---- resources ---- */

static void
rsc_free(struct exec_rsc *rsc)
{
    struct exec_op *op;
    GHashTableIter it;
    gpointer v;

    /* Queued recurring ops are also in the table: drop them from the queue
     * first so each op is freed once. */
    while ((op = g_queue_pop_head(&rsc->queue)) != NULL) {
        if (!op->recurring) {
            op_free(op);
        }
    }
    g_hash_table_iter_init(&it, rsc->recurring);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        op = v;
        if (op != rsc->running) {
            op_free(op);
        }
    }
    g_hash_table_destroy(rsc->recurring);
    if (rsc->running != NULL) {
        op = rsc->running;
        op->orphan = TRUE;
        if (op->idle != 0) {
            op_free(op);      /* synthetic: nothing runs */
        }
        /* else: a real agent runs; op_finished() frees the op later */
    }
    ha_exec_result_free(rsc->last_op);
    ha_exec_result_free(rsc->last_failure);
    g_free(rsc->id);
    g_free(rsc->rclass);
    g_free(rsc->provider);
    g_free(rsc->type);
    g_free(rsc);
}

static struct exec_rsc *
rsc_get(ha_exec_executor_t *ex, const ha_exec_request_t *req)
{
    struct exec_rsc *rsc = g_hash_table_lookup(ex->rscs, req->rsc_id);

    if (rsc == NULL) {
        rsc = g_new0(struct exec_rsc, 1);
        rsc->id = g_strdup(req->rsc_id);
        rsc->ex = ex;
        g_queue_init(&rsc->queue);
        rsc->recurring = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                               NULL);
        g_hash_table_insert(ex->rscs, rsc->id, rsc);
    }
    /* The latest request says what the resource is. */
    g_free(rsc->rclass);
    g_free(rsc->provider);
    g_free(rsc->type);
    rsc->rclass = g_strdup(req->rclass);
    rsc->provider = g_strdup(req->provider);
    rsc->type = g_strdup(req->type);
    return rsc;
}

/* ---- public ---- */

ha_exec_executor_t *
ha_exec_executor_new(const struct ha_exec_paths *paths, ha_exec_notify_fn notify,
                     void *user_data)
{
    ha_exec_executor_t *ex = g_new0(ha_exec_executor_t, 1);

    ha_assert((paths != NULL) && (notify != NULL));
    ex->paths = paths;
    ex->notify = notify;
    ex->user_data = user_data;
    ex->next_call_id = 1;
    ex->rscs = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                     (GDestroyNotify) rsc_free);
    g_queue_init(&ex->outbox);
    ex->lateness = g_new0(guint, HA_EXEC_LATENESS_SAMPLES);
    return ex;
}

void
ha_exec_executor_free(ha_exec_executor_t *ex)
{
    if (ex == NULL) {
        return;
    }
    g_hash_table_destroy(ex->rscs);
    if (ex->outbox_idle != 0) {
        g_source_remove(ex->outbox_idle);
    }
    g_queue_clear_full(&ex->outbox, (GDestroyNotify) ha_exec_result_free);
    g_free(ex->lateness);
    g_free(ex);
}

static ha_exec_result_t *
cancelled_result(const struct exec_op *op)
{
    ha_exec_result_t *r = ha_exec_result_new_failed(op->req, -ECANCELED);

    r->status = HA_EXEC_CANCELLED;
    r->call_id = op->call_id;
    g_free(r->exit_reason);
    r->exit_reason = g_strdup_printf("%s was cancelled", op->req->action);
    return r;
}

static void
recurring_cancel(struct exec_rsc *rsc, struct exec_op *op)
{
    g_autoptr(ha_exec_result_t) r = cancelled_result(op);
    g_autofree char *key = recurring_key(op->req->action, op->req->interval_ms);

    g_hash_table_remove(rsc->recurring, key);
    notify_later(rsc->ex, r);
    op->cancelled = TRUE;
    if (op == rsc->running) {
        return;     /* finishes on its own; op_finished() frees it */
    }
    g_queue_remove(&rsc->queue, op);
    op_free(op);
}

static void
rsc_cancel_all_recurring(struct exec_rsc *rsc)
{
    g_autoptr(GList) ops = g_hash_table_get_values(rsc->recurring);

    for (GList *l = ops; l != NULL; l = l->next) {
        recurring_cancel(rsc, l->data);
    }
}

static struct exec_op *
recurring_merge(struct exec_rsc *rsc, ha_exec_request_t *req)
{
    g_autofree char *key = recurring_key(req->action, req->interval_ms);
    struct exec_op *op = g_hash_table_lookup(rsc->recurring, key);

    if (op == NULL) {
        return NULL;
    }
    ha_exec_request_free(op->req);
    op->req = req;
    op->reported = FALSE;   /* whoever asked again hears its next result */
    return op;
}

int
ha_exec_executor_submit(ha_exec_executor_t *ex, ha_exec_request_t *req,
                        guint64 *ret_call_id)
{
    struct exec_rsc *rsc;
    struct exec_op *op;
    int rc = ha_exec_request_validate(req);

    if (rc < 0) {
        ha_exec_request_free(req);
        return rc;
    }
    rsc = rsc_get(ex, req);
    if (req->interval_ms > 0) {
        op = recurring_merge(rsc, req);
        if (op != NULL) {
            if (ret_call_id != NULL) {
                *ret_call_id = op->call_id;
            }
            return 0;
        }
    } else if (strcmp(req->action, "stop") == 0) {
        rsc_cancel_all_recurring(rsc);
    }
    op = g_new0(struct exec_op, 1);
    op->req = req;
    op->rsc = rsc;
    op->call_id = ex->next_call_id++;
    op->recurring = (req->interval_ms > 0);
    op->queued_us = g_get_monotonic_time();
    op->due_us = op->queued_us;
    if (op->recurring) {
        g_hash_table_insert(rsc->recurring,
                            recurring_key(req->action, req->interval_ms), op);
    }
    g_queue_push_tail(&rsc->queue, op);
    if (ret_call_id != NULL) {
        *ret_call_id = op->call_id;
    }
    rsc_kick(rsc);
    return 0;
}

static gboolean
op_matches(const struct exec_op *op, const char *action, guint interval_ms)
{
    return (strcmp(op->req->action, action) == 0)
           && (op->req->interval_ms == interval_ms);
}

static int
oneshot_cancel(struct exec_rsc *rsc, const char *action)
{
    for (GList *l = rsc->queue.head; l != NULL; l = l->next) {
        struct exec_op *op = l->data;

        if (!op->recurring && op_matches(op, action, 0)) {
            g_autoptr(ha_exec_result_t) r = cancelled_result(op);

            g_queue_delete_link(&rsc->queue, l);
            notify_later(rsc->ex, r);
            op_free(op);
            return 0;
        }
    }
    if ((rsc->running != NULL) && !rsc->running->recurring
        && op_matches(rsc->running, action, 0) && (rsc->running->action != NULL)) {
        ha_exec_action_cancel(rsc->running->action);
        return 0;
    }
    return -HA_ENOTFOUND;
}

int
ha_exec_executor_cancel(ha_exec_executor_t *ex, const char *rsc_id,
                        const char *action, guint interval_ms)
{
    struct exec_rsc *rsc = g_hash_table_lookup(ex->rscs, rsc_id);
    struct exec_op *op;
    g_autofree char *key = NULL;

    if ((rsc == NULL) || (action == NULL)) {
        return -HA_ENOTFOUND;
    }
    if (interval_ms == 0) {
        return oneshot_cancel(rsc, action);
    }
    key = recurring_key(action, interval_ms);
    op = g_hash_table_lookup(rsc->recurring, key);
    if (op == NULL) {
        return -HA_ENOTFOUND;
    }
    recurring_cancel(rsc, op);
    return 0;
}

static gint
compare_monitor_views(gconstpointer a, gconstpointer b)
{
    const ha_exec_monitor_view_t *x = a;
    const ha_exec_monitor_view_t *y = b;
    int c = strcmp(x->action, y->action);

    return (c != 0) ? c : (x->interval_ms > y->interval_ms)
                          - (x->interval_ms < y->interval_ms);
}

static void
rsc_view(const struct exec_rsc *rsc, ha_exec_rsc_view_fn fn, void *user_data)
{
    g_autoptr(GArray) mons = g_array_new(FALSE, TRUE,
                                         sizeof(ha_exec_monitor_view_t));
    ha_exec_rsc_view_t v = { 0 };
    GHashTableIter it;
    gpointer val;

    g_hash_table_iter_init(&it, rsc->recurring);
    while (g_hash_table_iter_next(&it, NULL, &val)) {
        const struct exec_op *op = val;
        ha_exec_monitor_view_t m = { op->req->action, op->req->interval_ms,
                                     op->req->timeout_ms, op->call_id,
                                     op->last };

        g_array_append_val(mons, m);
    }
    g_array_sort(mons, compare_monitor_views);
    v.rsc_id = rsc->id;
    v.rclass = rsc->rclass;
    v.provider = rsc->provider;
    v.type = rsc->type;
    v.last_op = rsc->last_op;
    v.last_failure = rsc->last_failure;
    if (rsc->running != NULL) {
        v.running_action = rsc->running->req->action;
        v.running_interval_ms = rsc->running->req->interval_ms;
        v.running_call_id = rsc->running->call_id;
    }
    v.queued = rsc->queue.length;
    v.monitors = (const ha_exec_monitor_view_t *) (void *) mons->data;
    v.n_monitors = mons->len;
    fn(&v, user_data);
}

void
ha_exec_executor_foreach(ha_exec_executor_t *ex, ha_exec_rsc_view_fn fn,
                         void *user_data)
{
    g_autoptr(GList) ids = g_list_sort(g_hash_table_get_keys(ex->rscs),
                                       (GCompareFunc) strcmp);

    for (GList *l = ids; l != NULL; l = l->next) {
        rsc_view(g_hash_table_lookup(ex->rscs, l->data), fn, user_data);
    }
}

static gint
compare_uint(gconstpointer a, gconstpointer b)
{
    guint x = *(const guint *) a;
    guint y = *(const guint *) b;

    return (x > y) - (x < y);
}

void
ha_exec_executor_lateness(const ha_exec_executor_t *ex, ha_exec_lateness_t *ret)
{
    g_autofree guint *sorted = NULL;
    guint n = ex->lateness_n;

    memset(ret, 0, sizeof(*ret));
    if (n == 0) {
        return;
    }
    sorted = g_new(guint, n);
    memcpy(sorted, ex->lateness, n * sizeof(guint));
    qsort(sorted, n, sizeof(guint), (int (*)(const void *, const void *)) compare_uint);
    ret->count = n;
    ret->p50_ms = sorted[(n - 1) / 2];
    ret->p99_ms = sorted[((n - 1) * 99) / 100];
    ret->max_ms = sorted[n - 1];
}

void
ha_exec_executor_lateness_reset(ha_exec_executor_t *ex)
{
    ex->lateness_n = 0;
    ex->lateness_pos = 0;
}

guint
ha_exec_executor_running(const ha_exec_executor_t *ex)
{
    return ex->running;
}
