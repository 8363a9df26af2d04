/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/exec/exec_action.c - one request, one process, one OCF result. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "exec/exec_action.h"

struct ha_exec_action {
    ha_exec_request_t *req;
    ha_exec_command_t *cmd;
    ha_exec_proc_t *proc;        /* NULL when no process runs */
    guint idle_source;
    gint64 start_wall_us;
    ha_exec_action_done_fn done;
    void *user_data;
};

static ha_exec_result_t *
result_new(const ha_exec_request_t *req)
{
    ha_exec_result_t *r = g_new0(ha_exec_result_t, 1);

    r->rsc_id = g_strdup(req->rsc_id);
    r->action = g_strdup(req->action);
    r->interval_ms = req->interval_ms;
    r->exit_code = -1;
    r->ocf_rc = HA_OCF_ERR_GENERIC;
    r->start_wall_us = g_get_real_time();
    return r;
}

ha_exec_result_t *
ha_exec_result_new_failed(const ha_exec_request_t *req, int err)
{
    ha_exec_result_t *r = result_new(req);
    const char *what = (req->type != NULL) ? req->type : "(none)";

    r->out = g_strdup("");
    r->err = g_strdup("");
    if ((err == -ENOENT) || (err == -EACCES)) {
        r->status = HA_EXEC_NOT_INSTALLED;
        r->ocf_rc = HA_OCF_ERR_INSTALLED;
        r->exit_reason = g_strdup_printf((err == -ENOENT)
                                         ? "agent '%s' is not installed"
                                         : "agent '%s' is not executable",
                                         what);
    } else {
        r->status = HA_EXEC_ERROR;
        r->ocf_rc = (err == -EINVAL) ? HA_OCF_ERR_CONFIGURED : HA_OCF_ERR_GENERIC;
        r->exit_reason = g_strdup_printf("could not run agent '%s': %s", what,
                                         ha_strerror(err));
    }
    return r;
}

ha_exec_result_t *
ha_exec_result_copy(const ha_exec_result_t *r)
{
    ha_exec_result_t *c = g_new(ha_exec_result_t, 1);

    *c = *r;

    c->rsc_id = g_strdup(r->rsc_id);
    c->action = g_strdup(r->action);
    c->exit_reason = g_strdup(r->exit_reason);
    c->out = g_strdup(r->out);
    c->err = g_strdup(r->err);
    return c;
}

void
ha_exec_result_free(ha_exec_result_t *r)
{
    if (r == NULL) {
        return;
    }
    g_free(r->rsc_id);
    g_free(r->action);
    g_free(r->exit_reason);
    g_free(r->out);
    g_free(r->err);
    g_free(r);
}

static void
action_free(struct ha_exec_action *a)
{
    ha_exec_request_free(a->req);
    ha_exec_command_free(a->cmd);
    g_free(a);
}

static char *
describe_end(const ha_exec_outcome_t *o, const ha_exec_request_t *req)
{
    switch (o->status) {
    case HA_EXEC_TIMEOUT:
        return g_strdup_printf("%s did not complete within %u ms", req->action,
                               req->timeout_ms);
    case HA_EXEC_CANCELLED:
        return g_strdup_printf("%s was cancelled", req->action);
    case HA_EXEC_ERROR:
        return g_strdup_printf("agent was killed by signal %d (%s)",
                               o->term_signal, g_strsignal(o->term_signal));
    default:
        return NULL;
    }
}

static void
on_proc_done(const ha_exec_outcome_t *o, void *user_data)
{
    struct ha_exec_action *a = user_data;
    ha_exec_result_t *r = result_new(a->req);

    r->start_wall_us = a->start_wall_us;
    r->status = o->status;
    r->exit_code = o->exit_code;
    r->duration_ms = (guint) ((o->end_us - o->start_us) / 1000);
    r->out = g_strndup(o->out, o->out_len);
    r->err = g_strndup(o->err, o->err_len);
    if (o->status == HA_EXEC_DONE) {
        r->ocf_rc = ha_exec_rc_map(a->cmd->rc_kind, a->cmd->agent_action,
                                   o->exit_code);
        r->exit_reason = g_strdup(o->exit_reason);
    } else {
        /* Not the agent's verdict: keep its own reason only as detail. */
        r->ocf_rc = HA_OCF_ERR_GENERIC;
        r->exit_reason = describe_end(o, a->req);
    }
    a->proc = NULL;
    a->done(r, a->user_data);
    action_free(a);
}

static gboolean
on_no_process(gpointer user_data)
{
    struct ha_exec_action *a = user_data;
    ha_exec_result_t *r = result_new(a->req);

    a->idle_source = 0;
    r->status = HA_EXEC_DONE;
    r->ocf_rc = HA_OCF_OK;
    r->exit_code = 0;
    r->out = g_strdup("");
    r->err = g_strdup("");
    a->done(r, a->user_data);
    action_free(a);
    return G_SOURCE_REMOVE;
}

int
ha_exec_action_run(const struct ha_exec_paths *paths,
                   const ha_exec_request_t *req, ha_exec_action_done_fn done,
                   void *user_data, ha_exec_action_t **ret_action)
{
    g_autoptr(ha_exec_command_t) cmd = NULL;
    struct ha_exec_action *a;
    struct ha_exec_spec spec = { 0 };
    int rc;

    ha_assert((paths != NULL) && (req != NULL) && (done != NULL));
    rc = ha_exec_command_build(paths, req, &cmd);
    if (rc < 0) {
        return rc;
    }
    a = g_new0(struct ha_exec_action, 1);
    a->done = done;
    a->user_data = user_data;
    a->start_wall_us = g_get_real_time();
    a->req = ha_exec_request_copy(req);
    a->cmd = g_steal_pointer(&cmd);
    if (a->cmd->no_process) {
        a->idle_source = g_idle_add(on_no_process, a);
    } else {
        spec.path = a->cmd->path;
        spec.argv = (char *const *) a->cmd->argv->pdata;
        spec.envp = (char *const *) a->cmd->envp->pdata;
        spec.stdin_data = a->cmd->stdin_data;
        spec.timeout_ms = req->timeout_ms;
        spec.reason_prefix = (a->cmd->rc_kind == HA_EXEC_RC_OCF)
                             ? "ocf-exit-reason:" : NULL;
        rc = ha_exec_proc_start(&spec, on_proc_done, a, &a->proc);
        if (rc < 0) {
            action_free(a);
            return rc;
        }
    }
    if (ret_action != NULL) {
        *ret_action = a;
    }
    return 0;
}

void
ha_exec_action_cancel(ha_exec_action_t *action)
{
    if (action->proc != NULL) {
        ha_exec_proc_cancel(action->proc);
    } else if (action->idle_source != 0) {
        /* Nothing runs; it completes (successfully) on the next iteration. */
    }
}
