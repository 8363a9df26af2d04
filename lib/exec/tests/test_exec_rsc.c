/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The executor: per-resource serialisation, recurring monitors, history. */
#include "config.h"

#include <errno.h>

#include "common/results.h"
#include "exec/exec_rsc.h"
#include "exec_test_util.h"

struct fixture {
    char *dir;
    char *prov;
    struct ha_exec_paths paths;
    ha_exec_executor_t *ex;
    GPtrArray *results;     /* copies of notified results */
};

static void
on_notify(const ha_exec_result_t *r, void *user_data)
{
    struct fixture *fx = user_data;

    g_ptr_array_add(fx->results, ha_exec_result_copy(r));
}

static void
fx_setup(struct fixture *fx, gconstpointer data)
{
    fx->dir = test_mkdtemp();
    fx->prov = g_build_filename(fx->dir, "resource.d", "test", NULL);
    g_assert_cmpint(g_mkdir_with_parents(fx->prov, 0755), ==, 0);
    /* Logs each action, takes a little time, exits with the code in the
     * resource's state file (default 0). */
    g_free(test_write_agent(fx->prov, "Log",
                            "d=$(dirname $0)\n"
                            "echo \"begin $OCF_RESOURCE_INSTANCE $1\" >> $d/log\n"
                            "sleep ${OCF_RESKEY_delay:-0}\n"
                            "echo \"end $OCF_RESOURCE_INSTANCE $1\" >> $d/log\n"
                            "f=$d/rc.$OCF_RESOURCE_INSTANCE\n"
                            "[ -f $f ] && exit $(cat $f)\n"
                            "exit 0", 0755));
    g_free(test_write_agent(fx->dir, "fence_t", "cat > /dev/null; exit 0", 0755));
    fx->paths.ocf_root = fx->dir;
    fx->paths.fence_dir = fx->dir;
    fx->paths.lsb_dir = fx->dir;
    fx->paths.rsctmp = fx->dir;
    fx->paths.node_name = "n1";
    fx->results = g_ptr_array_new_with_free_func((GDestroyNotify) ha_exec_result_free);
    fx->ex = ha_exec_executor_new(&fx->paths, on_notify, fx);
}

static void
fx_teardown(struct fixture *fx, gconstpointer data)
{
    /* let running agents end so nothing outlives the directory */
    gint64 end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    while ((ha_exec_executor_running(fx->ex) > 0) && (g_get_monotonic_time() < end)) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(1000);
    }
    ha_exec_executor_free(fx->ex);
    g_ptr_array_unref(fx->results);
    test_rmdir(fx->dir);
    g_free(fx->prov);
    g_free(fx->dir);
}

static guint64
submit(struct fixture *fx, const char *rsc, const char *action, guint interval,
       const char *delay)
{
    ha_exec_request_t *req = ha_exec_request_new(rsc, "ocf", "test", "Log",
                                                 action, interval, 5000);
    guint64 id = 0;

    if (delay != NULL) {
        ha_exec_request_set_param(req, "delay", delay);
    }
    g_assert_cmpint(ha_exec_executor_submit(fx->ex, req, &id), ==, 0);
    g_assert_cmpuint(id, >, 0);
    return id;
}

static gboolean
wait_results(struct fixture *fx, guint n, guint timeout_ms)
{
    gint64 end = g_get_monotonic_time() + (gint64) timeout_ms * 1000;

    while ((fx->results->len < n) && (g_get_monotonic_time() < end)) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(1000);
    }
    return fx->results->len >= n;
}

static const ha_exec_result_t *
result(struct fixture *fx, guint i)
{
    return g_ptr_array_index(fx->results, i);
}

static void
set_rc(struct fixture *fx, const char *rsc, const char *rc)
{
    g_autofree char *f = g_strdup_printf("%s/rc.%s", fx->prov, rsc);

    g_assert_true(g_file_set_contents(f, rc, -1, NULL));
}

static void
actions_of_one_resource_are_serialised(struct fixture *fx, gconstpointer data)
{
    g_autofree char *log = NULL;
    g_autofree char *logpath = g_build_filename(fx->prov, "log", NULL);

    submit(fx, "a", "start", 0, "0.2");
    submit(fx, "a", "monitor", 0, NULL);
    submit(fx, "b", "start", 0, "0.2");
    g_assert_cmpuint(ha_exec_executor_running(fx->ex), ==, 2);  /* a and b */
    g_assert_true(wait_results(fx, 3, 5000));
    g_assert_true(g_file_get_contents(logpath, &log, NULL, NULL));
    /* a's monitor begins only after a's start ended */
    g_assert_nonnull(strstr(log, "end a start\n"));
    g_assert_nonnull(strstr(log, "begin a monitor\n"));
    g_assert_true(strstr(log, "end a start\n") < strstr(log, "begin a monitor\n"));
    /* b ran in parallel with a's start */
    g_assert_true(strstr(log, "begin b start\n") < strstr(log, "end a start\n"));
    g_assert_cmpuint(ha_exec_executor_running(fx->ex), ==, 0);
}

static void
results_carry_call_ids_and_rc(struct fixture *fx, gconstpointer data)
{
    guint64 id;

    set_rc(fx, "a", "7");
    id = submit(fx, "a", "monitor", 0, NULL);
    g_assert_cmpuint(fx->results->len, ==, 0);   /* never from inside submit */
    g_assert_true(wait_results(fx, 1, 5000));
    g_assert_cmpuint(result(fx, 0)->call_id, ==, id);
    g_assert_cmpint(result(fx, 0)->status, ==, HA_EXEC_DONE);
    g_assert_cmpint(result(fx, 0)->ocf_rc, ==, HA_OCF_NOT_RUNNING);
    g_assert_cmpstr(result(fx, 0)->action, ==, "monitor");
    g_assert_cmpstr(result(fx, 0)->rsc_id, ==, "a");
}

static void
recurring_reports_changes_only(struct fixture *fx, gconstpointer data)
{
    submit(fx, "a", "monitor", 100, NULL);
    g_assert_true(wait_results(fx, 1, 5000));
    g_assert_cmpint(result(fx, 0)->ocf_rc, ==, HA_OCF_OK);
    test_spin_for(600);             /* ~5 more runs, all rc 0 */
    g_assert_cmpuint(fx->results->len, ==, 1);
    set_rc(fx, "a", "7");
    g_assert_true(wait_results(fx, 2, 5000));
    g_assert_cmpint(result(fx, 1)->ocf_rc, ==, HA_OCF_NOT_RUNNING);
    g_assert_cmpuint(result(fx, 1)->interval_ms, ==, 100);
    test_spin_for(400);
    g_assert_cmpuint(fx->results->len, ==, 2);
    g_assert_cmpint(ha_exec_executor_cancel(fx->ex, "a", "monitor", 100), ==, 0);
    g_assert_true(wait_results(fx, 3, 5000));
    g_assert_cmpint(result(fx, 2)->status, ==, HA_EXEC_CANCELLED);
    test_spin_for(400);
    g_assert_cmpuint(fx->results->len, ==, 3);   /* no more runs reported */
    g_assert_cmpint(ha_exec_executor_cancel(fx->ex, "a", "monitor", 100), ==,
                    -HA_ENOTFOUND);
}

static void
recurring_submit_is_merged(struct fixture *fx, gconstpointer data)
{
    guint64 a = submit(fx, "a", "monitor", 200, NULL);
    guint64 b = submit(fx, "a", "monitor", 200, NULL);

    g_assert_cmpuint(a, ==, b);
}

static void
stop_cancels_monitors(struct fixture *fx, gconstpointer data)
{
    submit(fx, "a", "monitor", 100, NULL);
    g_assert_true(wait_results(fx, 1, 5000));
    submit(fx, "a", "stop", 0, NULL);
    g_assert_true(wait_results(fx, 3, 5000));
    g_assert_cmpint(result(fx, 1)->status, ==, HA_EXEC_CANCELLED);
    g_assert_cmpstr(result(fx, 2)->action, ==, "stop");
    test_spin_for(300);
    g_assert_cmpuint(fx->results->len, ==, 3);
}

static void
missing_agent_is_not_installed(struct fixture *fx, gconstpointer data)
{
    ha_exec_request_t *req = ha_exec_request_new("m", "ocf", "test", "Missing",
                                                 "start", 0, 1000);

    g_assert_cmpint(ha_exec_executor_submit(fx->ex, req, NULL), ==, 0);
    g_assert_cmpuint(fx->results->len, ==, 0);
    g_assert_true(wait_results(fx, 1, 5000));
    g_assert_cmpint(result(fx, 0)->status, ==, HA_EXEC_NOT_INSTALLED);
    g_assert_cmpint(result(fx, 0)->ocf_rc, ==, HA_OCF_ERR_INSTALLED);
    g_assert_nonnull(result(fx, 0)->exit_reason);
}

static void
invalid_request_refused(struct fixture *fx, gconstpointer data)
{
    ha_exec_request_t *req = ha_exec_request_new("m", "ocf", "test", "Log",
                                                 "start", 0, 1000);

    ha_exec_request_set_param(req, "bad name", "x");
    g_assert_cmpint(ha_exec_executor_submit(fx->ex, req, NULL), ==, -EINVAL);
    test_spin_for(50);
    g_assert_cmpuint(fx->results->len, ==, 0);
}

struct view_check {
    guint n;
    gboolean saw_a;
};

static void
check_view(const ha_exec_rsc_view_t *v, void *user_data)
{
    struct view_check *vc = user_data;

    vc->n++;
    if (strcmp(v->rsc_id, "a") != 0) {
        return;
    }
    vc->saw_a = TRUE;
    g_assert_cmpstr(v->rclass, ==, "ocf");
    g_assert_cmpstr(v->provider, ==, "test");
    g_assert_nonnull(v->last_op);
    g_assert_cmpstr(v->last_op->action, ==, "start");
    g_assert_nonnull(v->last_failure);
    g_assert_cmpstr(v->last_failure->action, ==, "monitor");
    g_assert_cmpint(v->last_failure->ocf_rc, ==, HA_OCF_ERR_GENERIC);
    g_assert_cmpuint(v->n_monitors, ==, 1);
    g_assert_cmpuint(v->monitors[0].interval_ms, ==, 5000);
    g_assert_nonnull(v->monitors[0].last);
}

static void
state_view(struct fixture *fx, gconstpointer data)
{
    struct view_check vc = { 0 };

    submit(fx, "a", "start", 0, NULL);
    g_assert_true(wait_results(fx, 1, 5000));
    set_rc(fx, "a", "1");
    submit(fx, "a", "monitor", 5000, NULL);
    g_assert_true(wait_results(fx, 2, 5000));
    submit(fx, "b", "start", 0, NULL);
    g_assert_true(wait_results(fx, 3, 5000));
    ha_exec_executor_foreach(fx->ex, check_view, &vc);
    g_assert_cmpuint(vc.n, ==, 2);
    g_assert_true(vc.saw_a);
}

static void
stonith_probe_of_unstarted_device(struct fixture *fx, gconstpointer data)
{
    ha_exec_request_t *probe = ha_exec_request_new("fd", "stonith", NULL,
                                                   "fence_t", "monitor", 0, 1000);
    ha_exec_request_t *start = ha_exec_request_new("fd", "stonith", NULL,
                                                   "fence_t", "start", 0, 1000);
    ha_exec_request_t *probe2 = ha_exec_request_new("fd", "stonith", NULL,
                                                    "fence_t", "monitor", 0, 1000);

    g_assert_cmpint(ha_exec_executor_submit(fx->ex, probe, NULL), ==, 0);
    g_assert_cmpint(ha_exec_executor_submit(fx->ex, start, NULL), ==, 0);
    g_assert_cmpint(ha_exec_executor_submit(fx->ex, probe2, NULL), ==, 0);
    g_assert_true(wait_results(fx, 3, 5000));
    g_assert_cmpint(result(fx, 0)->ocf_rc, ==, HA_OCF_NOT_RUNNING);
    g_assert_cmpint(result(fx, 1)->ocf_rc, ==, HA_OCF_OK);
    g_assert_cmpint(result(fx, 2)->ocf_rc, ==, HA_OCF_OK);
}

static void
lateness_measured(struct fixture *fx, gconstpointer data)
{
    ha_exec_lateness_t l;

    submit(fx, "a", "monitor", 50, NULL);
    test_spin_for(500);
    ha_exec_executor_lateness(fx->ex, &l);
    g_assert_cmpuint(l.count, >=, 3);
    g_assert_cmpuint(l.p50_ms, <=, l.p99_ms);
    g_assert_cmpuint(l.p99_ms, <=, l.max_ms);
    ha_exec_executor_lateness_reset(fx->ex);
    ha_exec_executor_lateness(fx->ex, &l);
    g_assert_cmpuint(l.count, ==, 0);
}

static void
cancel_queued_oneshot(struct fixture *fx, gconstpointer data)
{
    submit(fx, "a", "start", 0, "0.3");
    submit(fx, "a", "reload", 0, NULL);
    g_assert_cmpint(ha_exec_executor_cancel(fx->ex, "a", "reload", 0), ==, 0);
    g_assert_true(wait_results(fx, 2, 5000));
    g_assert_cmpstr(result(fx, 0)->action, ==, "reload");
    g_assert_cmpint(result(fx, 0)->status, ==, HA_EXEC_CANCELLED);
    g_assert_cmpstr(result(fx, 1)->action, ==, "start");
    g_assert_cmpint(result(fx, 1)->status, ==, HA_EXEC_DONE);
}

static void
check_notify_not_history(const ha_exec_rsc_view_t *v, void *user_data)
{
    guint *n = user_data;

    (*n)++;
    g_assert_nonnull(v->last_op);
    g_assert_cmpstr(v->last_op->action, ==, "start");
    g_assert_null(v->last_failure);
}

/* A clone notification is reported but is no history: a failing notify
 * leaves the last operation (the state) and the last failure alone. */
static void
notify_is_not_history(struct fixture *fx, gconstpointer data)
{
    guint n = 0;

    submit(fx, "a", "start", 0, NULL);
    g_assert_true(wait_results(fx, 1, 5000));
    set_rc(fx, "a", "1");
    submit(fx, "a", "notify", 0, NULL);
    g_assert_true(wait_results(fx, 2, 5000));
    g_assert_cmpstr(result(fx, 1)->action, ==, "notify");
    g_assert_cmpint(result(fx, 1)->ocf_rc, ==, HA_OCF_ERR_GENERIC);
    ha_exec_executor_foreach(fx->ex, check_notify_not_history, &n);
    g_assert_cmpuint(n, ==, 1);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) \
    g_test_add(path, struct fixture, NULL, fx_setup, fn, fx_teardown)
    ADD("/exec/rsc/serialised", actions_of_one_resource_are_serialised);
    ADD("/exec/rsc/call-id-rc", results_carry_call_ids_and_rc);
    ADD("/exec/rsc/recurring-changes-only", recurring_reports_changes_only);
    ADD("/exec/rsc/recurring-merged", recurring_submit_is_merged);
    ADD("/exec/rsc/stop-cancels-monitors", stop_cancels_monitors);
    ADD("/exec/rsc/missing-agent", missing_agent_is_not_installed);
    ADD("/exec/rsc/invalid-request", invalid_request_refused);
    ADD("/exec/rsc/state-view", state_view);
    ADD("/exec/rsc/stonith-virtual", stonith_probe_of_unstarted_device);
    ADD("/exec/rsc/lateness", lateness_measured);
    ADD("/exec/rsc/cancel-queued", cancel_queued_oneshot);
    ADD("/exec/rsc/notify-is-not-history", notify_is_not_history);
    return g_test_run();
}
