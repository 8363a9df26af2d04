/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_execd.c - run one agent action through this node's
 * ha-execd and wait for its result (what `resource debug` needs).
 *
 * The executor's transport is asynchronous: EXEC is answered with a call
 * id, and the outcome comes later as a RESULT event to every client.  The
 * event may even come before the reply, so a result for the same
 * resource and action that arrives before the call id is known is kept
 * until the reply says whether it is ours.
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "exec/exec_proto.h"
#include "ipc/ipc_execd.h"
#include "hactl.h"

/* Beyond the action's own timeout: the executor's bookkeeping. */
#define EXECD_SLACK_MS 5000

struct execd_run {
    GMainLoop *loop;
    const ha_exec_request_t *req;
    guint64 seq;
    guint64 call_id;            /* 0 until the reply */
    ha_exec_result_t *early;    /* a result seen before the call id */
    ha_exec_result_t *result;
    int rc;
};

static gboolean
same_action(const struct execd_run *run, const ha_exec_result_t *r)
{
    return g_strcmp0(r->rsc_id, run->req->rsc_id) == 0
           && g_strcmp0(r->action, run->req->action) == 0
           && r->interval_ms == run->req->interval_ms;
}

static void
finish(struct execd_run *run, ha_exec_result_t *r, int rc)
{
    run->result = r;
    run->rc = rc;
    g_main_loop_quit(run->loop);
}

static void
on_message(ha_ipc_execd_client_t *client, uint32_t msg_id, guint64 seq,
           int rc, GVariant *body, void *user_data)
{
    struct execd_run *run = user_data;
    ha_exec_result_t *r = NULL;

    (void) client;
    if (run->result != NULL || run->rc < 0) {
        return;
    }
    if (seq == 0 && msg_id == HA_EXEC_MSG_RESULT) {
        if (ha_exec_proto_result_decode(body, &r) < 0) {
            return;
        }
        if (run->call_id != 0 && r->call_id == run->call_id) {
            finish(run, r, 0);
        } else if (run->call_id == 0 && same_action(run, r)) {
            ha_exec_result_free(run->early);
            run->early = r;
        } else {
            ha_exec_result_free(r);
        }
        return;
    }
    if (seq != run->seq || msg_id != HA_EXEC_MSG_EXEC) {
        return;
    }
    if (rc < 0) {
        finish(run, NULL, rc);
        return;
    }
    g_variant_get(body, "(t)", &run->call_id);
    if (run->early != NULL && run->early->call_id == run->call_id) {
        finish(run, run->early, 0);
        run->early = NULL;
    }
}

static void
on_disconnected(ha_ipc_execd_client_t *client, void *user_data)
{
    struct execd_run *run = user_data;

    (void) client;
    if (run->result == NULL && run->rc == 0) {
        finish(run, NULL, -HA_ENOTCONN);
    }
}

static gboolean
on_timeout(gpointer user_data)
{
    struct execd_run *run = user_data;

    finish(run, NULL, -HA_ETIMEDOUT);
    return G_SOURCE_REMOVE;
}

static const char *
body_type(uint32_t msg_id, gboolean from_server)
{
    return ha_exec_proto_body_type(msg_id, from_server);
}

static const struct ha_ipc_execd_client_ops execd_ops = {
    body_type, on_message, on_disconnected,
};

ha_exec_result_t *
hactl_execd_run(const ha_exec_request_t *req, int *ret_rc)
{
    const char *name = g_getenv(HACTL_EXECD_NAME_ENV);
    struct execd_run run = { .req = req };
    g_autoptr(ha_ipc_execd_client_t) client = NULL;
    guint timer;
    int rc = ha_ipc_execd_client_connect((name != NULL) ? name
                                                        : HACTL_EXECD_NAME,
                                         &execd_ops, &run, &client);

    if (rc == 0) {
        rc = ha_ipc_execd_client_send(client, HA_EXEC_MSG_EXEC,
                                      ha_exec_proto_exec_encode(req),
                                      &run.seq);
    }
    if (rc < 0) {
        *ret_rc = rc;
        return NULL;
    }
    run.loop = g_main_loop_new(NULL, FALSE);
    timer = g_timeout_add(req->timeout_ms + EXECD_SLACK_MS, on_timeout, &run);
    g_main_loop_run(run.loop);
    if (run.rc != -HA_ETIMEDOUT) {
        g_source_remove(timer);
    }
    g_main_loop_unref(run.loop);
    ha_exec_result_free(run.early);
    *ret_rc = run.rc;
    return run.result;
}
