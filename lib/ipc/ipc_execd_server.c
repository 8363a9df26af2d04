/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_execd_server.c - ha-execd's libqb server on the GLib main
 * loop: uid check on connect, checked requests, replies and events sent
 * through a bounded per-connection queue.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>

#include <qb/qbipcs.h>

#include "common/log.h"
#include "common/results.h"
#include "ipc/ipc_execd.h"

#define RETRY_MS 20

struct ha_ipc_execd_server {
    qb_ipcs_service_t *service;
    const struct ha_ipc_execd_server_ops *ops;
    void *user_data;
    uid_t *allowed;
    guint n_allowed;
    GList *conns;           /* ha_ipc_execd_conn_t, open ones */
};

struct ha_ipc_execd_conn {
    int refs;
    qb_ipcs_connection_t *c;   /* NULL once destroyed */
    ha_ipc_execd_server_t *server;
    gboolean closed;
    GQueue queue;              /* GBytes: header + payload, not yet sent */
    guint retry;
};

/* ---- libqb poll handlers on GLib ---- */

struct execd_watch {
    guint id;
    qb_ipcs_dispatch_fn_t fn;
    void *data;
};

static GHashTable *execd_watches;   /* fd -> struct execd_watch */

static gboolean
execd_watch_cb(gint fd, GIOCondition cond, gpointer data)
{
    struct execd_watch *w = data;
    int32_t rc = w->fn(fd, (int32_t) cond, w->data);

    if (g_hash_table_lookup(execd_watches, GINT_TO_POINTER(fd)) != w) {
        return G_SOURCE_REMOVE;     /* deleted by the callback */
    }
    if (rc < 0) {
        (void) g_hash_table_remove(execd_watches, GINT_TO_POINTER(fd));
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static int32_t
execd_dispatch_add(enum qb_loop_priority p, int32_t fd, int32_t events,
                   void *data, qb_ipcs_dispatch_fn_t fn)
{
    struct execd_watch *w;

    if (execd_watches == NULL) {
        execd_watches = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    if (g_hash_table_contains(execd_watches, GINT_TO_POINTER(fd))) {
        return -EEXIST;
    }
    w = g_new0(struct execd_watch, 1);
    w->fn = fn;
    w->data = data;
    w->id = g_unix_fd_add_full(G_PRIORITY_DEFAULT, fd, (GIOCondition) events,
                               execd_watch_cb, w, g_free);
    g_hash_table_insert(execd_watches, GINT_TO_POINTER(fd), w);
    return 0;
}

static int32_t
execd_dispatch_del(int32_t fd)
{
    struct execd_watch *w = (execd_watches == NULL) ? NULL
        : g_hash_table_lookup(execd_watches, GINT_TO_POINTER(fd));

    if (w == NULL) {
        return -ENOENT;
    }
    (void) g_hash_table_remove(execd_watches, GINT_TO_POINTER(fd));
    g_source_remove(w->id);
    return 0;
}

static int32_t
execd_dispatch_mod(enum qb_loop_priority p, int32_t fd, int32_t events,
                   void *data, qb_ipcs_dispatch_fn_t fn)
{
    (void) execd_dispatch_del(fd);
    return execd_dispatch_add(p, fd, events, data, fn);
}

struct execd_job {
    qb_loop_job_dispatch_fn fn;
    void *data;
};

static gboolean
execd_job_cb(gpointer data)
{
    struct execd_job *job = data;

    job->fn(job->data);
    return G_SOURCE_REMOVE;
}

static int32_t
execd_job_add(enum qb_loop_priority p, void *data, qb_loop_job_dispatch_fn fn)
{
    struct execd_job *job = g_new0(struct execd_job, 1);

    job->fn = fn;
    job->data = data;
    (void) g_idle_add_full(G_PRIORITY_DEFAULT, execd_job_cb, job, g_free);
    return 0;
}

static struct qb_ipcs_poll_handlers execd_poll_handlers = {
    .job_add = execd_job_add,
    .dispatch_add = execd_dispatch_add,
    .dispatch_mod = execd_dispatch_mod,
    .dispatch_del = execd_dispatch_del,
};

/* ---- connections ---- */

ha_ipc_execd_conn_t *
ha_ipc_execd_conn_ref(ha_ipc_execd_conn_t *conn)
{
    conn->refs++;
    return conn;
}

void
ha_ipc_execd_conn_unref(ha_ipc_execd_conn_t *conn)
{
    if ((conn == NULL) || (--conn->refs > 0)) {
        return;
    }
    if (conn->retry != 0) {
        g_source_remove(conn->retry);
    }
    g_queue_clear_full(&conn->queue, (GDestroyNotify) g_bytes_unref);
    g_free(conn);
}

static gboolean
uid_allowed(const ha_ipc_execd_server_t *srv, uid_t uid)
{
    if (uid == 0) {
        return TRUE;
    }
    for (guint i = 0; i < srv->n_allowed; i++) {
        if (srv->allowed[i] == uid) {
            return TRUE;
        }
    }
    return FALSE;
}

static int32_t
execd_accept(qb_ipcs_connection_t *c, uid_t uid, gid_t gid)
{
    ha_ipc_execd_server_t *srv = qb_ipcs_connection_service_context_get(c);
    ha_ipc_execd_conn_t *conn;

    if (!uid_allowed(srv, uid)) {
        ha_debug("Refusing executor connection of uid %u", (unsigned) uid);
        return -EACCES;
    }
    /* the client's user must be able to map the shared memory */
    qb_ipcs_connection_auth_set(c, uid, gid, 0600);
    conn = g_new0(ha_ipc_execd_conn_t, 1);
    conn->refs = 1;
    conn->c = c;
    conn->server = srv;
    g_queue_init(&conn->queue);
    qb_ipcs_context_set(c, conn);
    srv->conns = g_list_prepend(srv->conns, conn);
    return 0;
}

static void
execd_created(qb_ipcs_connection_t *c)
{
}

static void
conn_mark_closed(ha_ipc_execd_conn_t *conn)
{
    ha_ipc_execd_server_t *srv = conn->server;

    if (conn->closed) {
        return;
    }
    conn->closed = TRUE;
    srv->conns = g_list_remove(srv->conns, conn);
    if (srv->ops->closed != NULL) {
        srv->ops->closed(conn, srv->user_data);
    }
}

static int32_t
execd_closed(qb_ipcs_connection_t *c)
{
    ha_ipc_execd_conn_t *conn = qb_ipcs_context_get(c);

    if (conn != NULL) {
        conn_mark_closed(conn);
    }
    return 0;
}

static void
execd_destroyed(qb_ipcs_connection_t *c)
{
    ha_ipc_execd_conn_t *conn = qb_ipcs_context_get(c);

    qb_ipcs_context_set(c, NULL);
    if (conn != NULL) {
        conn_mark_closed(conn);
        conn->c = NULL;
        ha_ipc_execd_conn_unref(conn);
    }
}

/* Send queued messages; FALSE if the ring is full (try again later). */
static gboolean
conn_flush(ha_ipc_execd_conn_t *conn)
{
    GBytes *msg;

    while ((msg = g_queue_peek_head(&conn->queue)) != NULL) {
        struct iovec iov;
        gsize len = 0;
        ssize_t rc;

        iov.iov_base = (void *) g_bytes_get_data(msg, &len);
        iov.iov_len = len;
        rc = qb_ipcs_event_sendv(conn->c, &iov, 1);
        if (rc == -EAGAIN) {
            return FALSE;
        }
        if (rc < 0) {
            ha_debug("Could not send to an executor client: %s",
                     ha_strerror((int) rc));
        }
        g_bytes_unref(g_queue_pop_head(&conn->queue));
    }
    return TRUE;
}

static gboolean
on_retry(gpointer data)
{
    ha_ipc_execd_conn_t *conn = data;

    if ((conn->c == NULL) || conn->closed || conn_flush(conn)) {
        conn->retry = 0;
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static GBytes *
frame(uint32_t msg_id, guint64 seq, int rc, GVariant *body)
{
    g_autoptr(GBytes) payload = ha_ipc_execd_reply_encode(seq, rc, body);
    struct qb_ipc_response_header hdr = { 0 };
    gsize len = 0;
    const void *data = g_bytes_get_data(payload, &len);
    guint8 *buf;

    if (len + sizeof(hdr) > HA_IPC_EXECD_MAX_MSG) {
        return NULL;
    }
    hdr.id = (int32_t) msg_id;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    buf = g_malloc(sizeof(hdr) + len);
    memcpy(buf, &hdr, sizeof(hdr));
    memcpy(buf + sizeof(hdr), data, len);
    return g_bytes_new_take(buf, sizeof(hdr) + len);
}

static void
conn_send_frame(ha_ipc_execd_conn_t *conn, GBytes *msg)
{
    if ((conn->c == NULL) || conn->closed) {
        g_bytes_unref(msg);
        return;
    }
    if (g_queue_get_length(&conn->queue) >= HA_IPC_EXECD_QUEUE_MAX) {
        /* A client this far behind has lost events anyway: drop it so it
         * reconnects and reads the state back. */
        g_bytes_unref(msg);
        qb_ipcs_disconnect(conn->c);
        return;
    }
    g_queue_push_tail(&conn->queue, msg);
    if ((conn->retry == 0) && !conn_flush(conn)) {
        conn->retry = g_timeout_add(RETRY_MS, on_retry, conn);
    }
}

void
ha_ipc_execd_conn_send(ha_ipc_execd_conn_t *conn, uint32_t msg_id,
                       guint64 seq, int rc, GVariant *body)
{
    GBytes *msg;

    if (body != NULL) {
        g_variant_ref_sink(body);
    }
    msg = frame(msg_id, seq, rc, body);
    if (msg == NULL) {
        msg = frame(msg_id, seq, -HA_ETOOBIG, NULL);
    }
    conn_send_frame(conn, msg);
    if (body != NULL) {
        g_variant_unref(body);
    }
}

void
ha_ipc_execd_server_broadcast(ha_ipc_execd_server_t *server, uint32_t msg_id,
                              GVariant *body)
{
    g_variant_ref_sink(body);
    for (GList *l = server->conns; l != NULL; l = l->next) {
        ha_ipc_execd_conn_send(l->data, msg_id, 0, 0, g_variant_ref(body));
    }
    g_variant_unref(body);
}

guint
ha_ipc_execd_server_n_clients(const ha_ipc_execd_server_t *server)
{
    return g_list_length(server->conns);
}

static int32_t
execd_process(qb_ipcs_connection_t *c, void *data, size_t size)
{
    ha_ipc_execd_conn_t *conn = qb_ipcs_context_get(c);
    struct qb_ipc_request_header h;
    const struct qb_ipc_request_header *hdr = &h;
    ha_ipc_execd_server_t *srv;
    g_autoptr(GVariant) body = NULL;
    const char *type;
    guint64 seq = 0;
    int rc;

    if ((conn == NULL) || (size < sizeof(*hdr))) {
        return 0;
    }
    /* libqb's ring may hand the request unaligned: copy its header */
    memcpy(&h, data, sizeof(h));
    srv = conn->server;
    type = srv->ops->body_type((uint32_t) hdr->id, FALSE);
    rc = ha_ipc_execd_request_decode((const char *) data + sizeof(*hdr),
                                     size - sizeof(*hdr), type, &seq, &body);
    if (rc < 0) {
        ha_debug("Dropping a malformed executor request " QB_XS " msg=%d rc=%d",
                 hdr->id, rc);
        return 0;
    }
    ha_ipc_execd_conn_ref(conn);
    srv->ops->request(conn, (uint32_t) hdr->id, seq, body, srv->user_data);
    ha_ipc_execd_conn_unref(conn);
    return 0;
}

int
ha_ipc_execd_server_new(const char *name, const uid_t *allowed_uids,
                        guint n_allowed,
                        const struct ha_ipc_execd_server_ops *ops,
                        void *user_data, ha_ipc_execd_server_t **ret)
{
    static struct qb_ipcs_service_handlers handlers = {
        .connection_accept = execd_accept,
        .connection_created = execd_created,
        .msg_process = execd_process,
        .connection_closed = execd_closed,
        .connection_destroyed = execd_destroyed,
    };
    ha_ipc_execd_server_t *srv;
    int rc;

    ha_assert((name != NULL) && (ops != NULL) && (ops->body_type != NULL)
              && (ops->request != NULL) && (ret != NULL));
    srv = g_new0(ha_ipc_execd_server_t, 1);
    srv->ops = ops;
    srv->user_data = user_data;
    srv->allowed = g_new0(uid_t, n_allowed + 1);
    if (n_allowed > 0) {
        memcpy(srv->allowed, allowed_uids, n_allowed * sizeof(uid_t));
    }
    srv->n_allowed = n_allowed;
    srv->service = qb_ipcs_create(name, 0, QB_IPC_SHM, &handlers);
    if (srv->service == NULL) {
        rc = -errno;
        goto fail;
    }
    qb_ipcs_service_context_set(srv->service, srv);
    qb_ipcs_poll_handlers_set(srv->service, &execd_poll_handlers);
    qb_ipcs_enforce_buffer_size(srv->service, HA_IPC_EXECD_MAX_MSG);
    rc = qb_ipcs_run(srv->service);
    if (rc < 0) {
        /* libqb dropped the service itself (see ipc_server.c) */
        srv->service = NULL;
        goto fail;
    }
    *ret = srv;
    return 0;
fail:
    g_free(srv->allowed);
    g_free(srv);
    return (rc < 0) ? rc : -EIO;
}

void
ha_ipc_execd_server_free(ha_ipc_execd_server_t *server)
{
    if (server == NULL) {
        return;
    }
    if (server->service != NULL) {
        qb_ipcs_destroy(server->service);
    }
    g_list_free(server->conns);
    g_free(server->allowed);
    g_free(server);
}
