/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/execd/execd_service.c - the request handlers of ha-execd, one
 * small function per message, dispatched from a table.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "exec/exec_proto.h"
#include "execd.h"

#define METADATA_TIMEOUT_MS 30000

typedef void (*execd_handler_fn)(struct execd *d, ha_ipc_execd_conn_t *conn,
                                 uint32_t msg_id, guint64 seq, GVariant *body);

static void
handle_exec(struct execd *d, ha_ipc_execd_conn_t *conn, uint32_t msg_id,
            guint64 seq, GVariant *body)
{
    ha_exec_request_t *req = NULL;
    guint64 call_id = 0;
    int rc = ha_exec_proto_exec_decode(body, &req);

    if (rc == 0) {
        ha_debug("Queueing %s of '%s' " QB_XS " interval=%u timeout=%u",
                 req->action, req->rsc_id, req->interval_ms, req->timeout_ms);
        rc = ha_exec_executor_submit(d->executor, g_steal_pointer(&req),
                                     &call_id);
    }
    if (rc < 0) {
        ha_warn("Refusing an action request: %s " QB_XS " rc=%d",
                ha_strerror(rc), rc);
        ha_ipc_execd_conn_send(conn, msg_id, seq, rc, NULL);
        return;
    }
    ha_ipc_execd_conn_send(conn, msg_id, seq, 0, g_variant_new("(t)", call_id));
}

static void
handle_cancel(struct execd *d, ha_ipc_execd_conn_t *conn, uint32_t msg_id,
              guint64 seq, GVariant *body)
{
    const char *rsc = NULL;
    const char *action = NULL;
    guint32 interval = 0;
    int rc;

    g_variant_get(body, "(&s&su)", &rsc, &action, &interval);
    rc = ha_exec_executor_cancel(d->executor, rsc, action, interval);
    ha_ipc_execd_conn_send(conn, msg_id, seq, rc, NULL);
}

static void
handle_state(struct execd *d, ha_ipc_execd_conn_t *conn, uint32_t msg_id,
             guint64 seq, GVariant *body)
{
    ha_ipc_execd_conn_send(conn, msg_id, seq, 0,
                           ha_exec_proto_state_encode(d->executor));
}

struct metadata_call {
    ha_ipc_execd_conn_t *conn;
    uint32_t msg_id;
    guint64 seq;
};

static void
on_metadata_done(ha_exec_result_t *r, void *user_data)
{
    struct metadata_call *call = user_data;

    if ((r->status == HA_EXEC_DONE) && (r->ocf_rc == HA_OCF_OK)) {
        g_autofree char *xml = g_utf8_make_valid(r->out, -1);

        ha_ipc_execd_conn_send(call->conn, call->msg_id, call->seq, 0,
                               g_variant_new("(s)", xml));
    } else {
        ha_ipc_execd_conn_send(call->conn, call->msg_id, call->seq, -EIO, NULL);
    }
    ha_exec_result_free(r);
    ha_ipc_execd_conn_unref(call->conn);
    g_free(call);
}

static void
handle_metadata(struct execd *d, ha_ipc_execd_conn_t *conn, uint32_t msg_id,
                guint64 seq, GVariant *body)
{
    const char *cls = NULL;
    const char *prov = NULL;
    const char *type = NULL;
    const char *action;
    g_autoptr(ha_exec_request_t) req = NULL;
    struct metadata_call *call;
    int rc;

    g_variant_get(body, "(&s&s&s)", &cls, &prov, &type);
    action = ha_exec_class_metadata_action(cls);
    if (action == NULL) {
        ha_ipc_execd_conn_send(conn, msg_id, seq, -HA_EUNSUPPORTED, NULL);
        return;
    }
    req = ha_exec_request_new("meta-data", cls, prov, type, action, 0,
                              METADATA_TIMEOUT_MS);
    call = g_new0(struct metadata_call, 1);
    call->conn = ha_ipc_execd_conn_ref(conn);
    call->msg_id = msg_id;
    call->seq = seq;
    rc = ha_exec_action_run(&d->paths, req, on_metadata_done, call, NULL);
    if (rc < 0) {
        ha_ipc_execd_conn_send(conn, msg_id, seq, rc, NULL);
        ha_ipc_execd_conn_unref(call->conn);
        g_free(call);
    }
}

static void
handle_list(struct execd *d, ha_ipc_execd_conn_t *conn, uint32_t msg_id,
            guint64 seq, GVariant *body)
{
    const char *cls = NULL;
    const char *prov = NULL;
    g_autoptr(GPtrArray) names = NULL;
    int rc;

    g_variant_get(body, "(&s&s)", &cls, &prov);
    rc = ha_exec_agents_list(&d->paths, cls, (prov[0] != '\0') ? prov : NULL,
                             &names);
    if (rc < 0) {
        ha_ipc_execd_conn_send(conn, msg_id, seq, rc, NULL);
        return;
    }
    g_ptr_array_add(names, NULL);
    ha_ipc_execd_conn_send(conn, msg_id, seq, 0,
                           g_variant_new("(^as)", (char **) names->pdata));
}

static void
handle_stats(struct execd *d, ha_ipc_execd_conn_t *conn, uint32_t msg_id,
             guint64 seq, GVariant *body)
{
    ha_exec_lateness_t l;

    ha_exec_executor_lateness(d->executor, &l);
    ha_ipc_execd_conn_send(conn, msg_id, seq, 0,
                           g_variant_new("(uuuuu)", l.count, l.p50_ms,
                                         l.p99_ms, l.max_ms,
                                         ha_exec_executor_running(d->executor)));
}

static const struct {
    uint32_t msg_id;
    execd_handler_fn fn;
} execd_handlers[] = {
    { HA_EXEC_MSG_EXEC, handle_exec },
    { HA_EXEC_MSG_CANCEL, handle_cancel },
    { HA_EXEC_MSG_STATE, handle_state },
    { HA_EXEC_MSG_METADATA, handle_metadata },
    { HA_EXEC_MSG_LIST, handle_list },
    { HA_EXEC_MSG_STATS, handle_stats },
};

static void
on_request(ha_ipc_execd_conn_t *conn, uint32_t msg_id, guint64 seq,
           GVariant *body, void *user_data)
{
    for (gsize i = 0; i < G_N_ELEMENTS(execd_handlers); i++) {
        if (execd_handlers[i].msg_id == msg_id) {
            execd_handlers[i].fn(user_data, conn, msg_id, seq, body);
            return;
        }
    }
}

static void
on_closed(ha_ipc_execd_conn_t *conn, void *user_data)
{
    /* Resources and monitors stay as they are: the client reads the state
     * back when it reconnects. */
    ha_info("Executor client disconnected");
}

static const char *
body_type(uint32_t msg_id, gboolean from_server)
{
    return ha_exec_proto_body_type(msg_id, from_server);
}

static const struct ha_ipc_execd_server_ops execd_server_ops = {
    body_type, on_request, on_closed,
};

static void
on_result(const ha_exec_result_t *r, void *user_data)
{
    struct execd *d = user_data;

    if ((r->status != HA_EXEC_DONE) || (r->ocf_rc != HA_OCF_OK)) {
        ha_info("%s of '%s' (interval %u): %s, rc %d (%s)%s%s",
                r->action, r->rsc_id, r->interval_ms,
                ha_exec_status_name(r->status), r->ocf_rc,
                ha_ocf_rc_name(r->ocf_rc), (r->exit_reason != NULL) ? ": " : "",
                (r->exit_reason != NULL) ? r->exit_reason : "");
    }
    ha_ipc_execd_server_broadcast(d->server, HA_EXEC_MSG_RESULT,
                                  ha_exec_proto_result_encode(r));
}

int
execd_service_start(struct execd *d, const char *name,
                    const uid_t *allowed_uids, guint n_allowed)
{
    int rc = ha_ipc_execd_server_new(name, allowed_uids, n_allowed,
                                     &execd_server_ops, d, &d->server);

    if (rc < 0) {
        return rc;
    }
    d->executor = ha_exec_executor_new(&d->paths, on_result, d);
    return 0;
}

void
execd_service_stop(struct execd *d)
{
    ha_ipc_execd_server_free(d->server);
    d->server = NULL;
    ha_exec_executor_free(d->executor);
    d->executor = NULL;
}
