/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_server.c - a libqb IPC server driven by the GLib main loop,
 * with authorisation on connect and a dispatch table (see ipc.h).
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <grp.h>
#include <pwd.h>
#include <string.h>
#include <unistd.h>

#include <qb/qbipcs.h>

#include "common/log.h"
#include "common/results.h"
#include "ipc/ipc.h"

struct ha_ipc_server {
    qb_ipcs_service_t *service;
    const struct ha_ipc_handler *table;
    size_t n_table;
    struct ha_ipc_auth auth;
    void *user_data;
};

struct ipc_conn {
    ha_ipc_server_t *server;
    enum ha_ipc_priv priv;
    uid_t uid;
};

struct ha_ipc_request {
    qb_ipcs_connection_t *conn;
    uint32_t msg_id;
    enum ha_ipc_priv priv;
    uid_t uid;
};

/* ---- libqb poll handlers on GLib ---- */

struct ipc_watch {
    int fd;
    guint id;
    GIOCondition cond;
    qb_ipcs_dispatch_fn_t fn;
    void *data;
};

static GHashTable *ipc_watches;     /* fd -> struct ipc_watch */

static gboolean
ipc_watch_cb(gint fd, GIOCondition cond, gpointer data)
{
    struct ipc_watch *w = data;
    int32_t rc = w->fn(fd, (int32_t) cond, w->data);

    /* The callback may have deleted this watch (dispatch_del). */
    if (g_hash_table_lookup(ipc_watches, GINT_TO_POINTER(fd)) != w) {
        return G_SOURCE_REMOVE;
    }
    if (rc < 0) {
        (void) g_hash_table_remove(ipc_watches, GINT_TO_POINTER(fd));
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static int32_t
ipc_dispatch_add(enum qb_loop_priority p, int32_t fd, int32_t events,
                 void *data, qb_ipcs_dispatch_fn_t fn)
{
    struct ipc_watch *w;

    if (ipc_watches == NULL) {
        ipc_watches = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    if (g_hash_table_contains(ipc_watches, GINT_TO_POINTER(fd))) {
        return -EEXIST;
    }
    w = g_new0(struct ipc_watch, 1);
    w->fd = fd;
    w->cond = (GIOCondition) events;
    w->fn = fn;
    w->data = data;
    w->id = g_unix_fd_add_full(G_PRIORITY_DEFAULT, fd, w->cond, ipc_watch_cb,
                               w, g_free);
    g_hash_table_insert(ipc_watches, GINT_TO_POINTER(fd), w);
    return 0;
}

static int32_t
ipc_dispatch_del(int32_t fd)
{
    struct ipc_watch *w = (ipc_watches == NULL) ? NULL
        : g_hash_table_lookup(ipc_watches, GINT_TO_POINTER(fd));

    if (w == NULL) {
        return -ENOENT;
    }
    (void) g_hash_table_remove(ipc_watches, GINT_TO_POINTER(fd));
    g_source_remove(w->id);
    return 0;
}

static int32_t
ipc_dispatch_mod(enum qb_loop_priority p, int32_t fd, int32_t events,
                 void *data, qb_ipcs_dispatch_fn_t fn)
{
    (void) ipc_dispatch_del(fd);
    return ipc_dispatch_add(p, fd, events, data, fn);
}

struct ipc_job {
    qb_loop_job_dispatch_fn fn;
    void *data;
};

static gboolean
ipc_job_cb(gpointer data)
{
    struct ipc_job *job = data;

    job->fn(job->data);
    return G_SOURCE_REMOVE;
}

static int32_t
ipc_job_add(enum qb_loop_priority p, void *data, qb_loop_job_dispatch_fn fn)
{
    struct ipc_job *job = g_new0(struct ipc_job, 1);

    job->fn = fn;
    job->data = data;
    (void) g_idle_add_full(G_PRIORITY_DEFAULT, ipc_job_cb, job, g_free);
    return 0;
}

static struct qb_ipcs_poll_handlers ipc_poll_handlers = {
    .job_add = ipc_job_add,
    .dispatch_add = ipc_dispatch_add,
    .dispatch_mod = ipc_dispatch_mod,
    .dispatch_del = ipc_dispatch_del,
};

/* ---- authorisation ---- */

static gboolean
user_in_group(uid_t uid, gid_t gid)
{
    struct passwd pw;
    struct passwd *found = NULL;
    char buf[4096];
    int n = 64;
    g_autofree gid_t *groups = NULL;

    if (getpwuid_r(uid, &pw, buf, sizeof(buf), &found) != 0 || found == NULL) {
        return FALSE;
    }
    for (int attempt = 0; attempt < 2; attempt++) {
        int want = n;

        g_free(groups);
        groups = g_new0(gid_t, want);
        if (getgrouplist(pw.pw_name, pw.pw_gid, groups, &n) != -1) {
            for (int i = 0; i < n; i++) {
                if (groups[i] == gid) {
                    return TRUE;
                }
            }
            return FALSE;
        }
        /* n now holds the number of groups needed */
    }
    return FALSE;
}

enum ha_ipc_priv
ha_ipc_auth_priv(const struct ha_ipc_auth *auth, uid_t uid, gid_t gid)
{
    if (uid == 0 || uid == auth->daemon_uid || gid == auth->client_gid
        || user_in_group(uid, auth->client_gid)) {
        return HA_IPC_PRIV_WRITE;
    }
    return 0;
}

/* ---- connections ---- */

static int32_t
srv_accept(qb_ipcs_connection_t *c, uid_t uid, gid_t gid)
{
    ha_ipc_server_t *srv = qb_ipcs_connection_service_context_get(c);
    struct ipc_conn *conn;

    if (ha_ipc_auth_priv(&srv->auth, uid, gid) == 0) {
        ha_debug("Refusing IPC connection of uid %u gid %u", (unsigned) uid,
                 (unsigned) gid);
        return -EACCES;
    }
    /* Let a non-root client of the client group map the shared memory. */
    qb_ipcs_connection_auth_set(c, -1, srv->auth.client_gid, 0660);
    conn = g_new0(struct ipc_conn, 1);
    conn->server = srv;
    conn->priv = ha_ipc_auth_priv(&srv->auth, uid, gid);
    conn->uid = uid;
    qb_ipcs_context_set(c, conn);
    return 0;
}

static void
srv_created(qb_ipcs_connection_t *c)
{
}

static int32_t
srv_closed(qb_ipcs_connection_t *c)
{
    return 0;
}

static void
srv_destroyed(qb_ipcs_connection_t *c)
{
    g_free(qb_ipcs_context_get(c));
    qb_ipcs_context_set(c, NULL);
}

static void
send_reply(qb_ipcs_connection_t *c, uint32_t msg_id, int rc, GVariant *body)
{
    g_autoptr(GBytes) payload = ha_ipc_reply_encode(rc, body);
    struct qb_ipc_response_header hdr = { 0 };
    struct iovec iov[2];
    gsize len = 0;
    const void *data = g_bytes_get_data(payload, &len);

    if (len + sizeof(hdr) > HA_IPC_MAX_MSG
        || len + sizeof(hdr) > (size_t) qb_ipcs_connection_get_buffer_size(c)) {
        send_reply(c, msg_id, -HA_ETOOBIG, NULL);
        return;
    }
    hdr.id = (int32_t) msg_id;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    hdr.error = 0;
    iov[0].iov_base = &hdr;
    iov[0].iov_len = sizeof(hdr);
    iov[1].iov_base = (void *) data;
    iov[1].iov_len = len;
    if (qb_ipcs_response_sendv(c, iov, 2) < 0) {
        ha_debug("Could not send an IPC reply " QB_XS " msg=%u", msg_id);
    }
}

static const struct ha_ipc_handler *
handler_find(ha_ipc_server_t *srv, uint32_t msg_id)
{
    for (size_t i = 0; i < srv->n_table; i++) {
        if (srv->table[i].msg_id == msg_id) {
            return &srv->table[i];
        }
    }
    return NULL;
}

static int32_t
srv_process(qb_ipcs_connection_t *c, void *data, size_t size)
{
    struct ipc_conn *conn = qb_ipcs_context_get(c);
    struct qb_ipc_request_header hdr_copy;
    const struct qb_ipc_request_header *hdr = &hdr_copy;
    const struct ha_ipc_handler *h;
    g_autoptr(GVariant) body = NULL;
    ha_ipc_request_t *req;
    int rc;

    if (conn == NULL || size < sizeof(*hdr)) {
        return 0;
    }
    /* libqb's ring gives no alignment guarantee for the message */
    memcpy(&hdr_copy, data, sizeof(hdr_copy));
    h = handler_find(conn->server, (uint32_t) hdr->id);
    if (h == NULL) {
        send_reply(c, (uint32_t) hdr->id, -HA_EPROTO, NULL);
        return 0;
    }
    if (conn->priv < h->priv) {
        send_reply(c, h->msg_id, -HA_EPERM, NULL);
        return 0;
    }
    rc = ha_ipc_request_decode((const char *) data + sizeof(*hdr),
                               size - sizeof(*hdr), h->body_type, &body);
    if (rc < 0) {
        ha_debug("Dropping a malformed IPC request " QB_XS " msg=%u rc=%d",
                 h->msg_id, rc);
        send_reply(c, h->msg_id, rc, NULL);
        return 0;
    }
    req = g_new0(ha_ipc_request_t, 1);
    qb_ipcs_connection_ref(c);
    req->conn = c;
    req->msg_id = h->msg_id;
    req->priv = conn->priv;
    req->uid = conn->uid;
    h->fn(req, body, conn->server->user_data);
    return 0;
}

void
ha_ipc_request_reply(ha_ipc_request_t *req, int rc, GVariant *body)
{
    ha_assert(req != NULL);
    send_reply(req->conn, req->msg_id, rc, body);
    qb_ipcs_connection_unref(req->conn);
    g_free(req);
}

uid_t
ha_ipc_request_uid(const ha_ipc_request_t *req)
{
    return req->uid;
}

enum ha_ipc_priv
ha_ipc_request_priv(const ha_ipc_request_t *req)
{
    return req->priv;
}

int
ha_ipc_server_new(const char *name, const struct ha_ipc_handler *table,
                  size_t n_table, const struct ha_ipc_auth *auth,
                  void *user_data, ha_ipc_server_t **ret_server)
{
    static struct qb_ipcs_service_handlers handlers = {
        .connection_accept = srv_accept,
        .connection_created = srv_created,
        .msg_process = srv_process,
        .connection_closed = srv_closed,
        .connection_destroyed = srv_destroyed,
    };
    ha_ipc_server_t *srv = g_new0(ha_ipc_server_t, 1);
    int rc;

    srv->table = table;
    srv->n_table = n_table;
    srv->auth = *auth;
    srv->user_data = user_data;
    srv->service = qb_ipcs_create(name, 0, QB_IPC_SHM, &handlers);
    if (srv->service == NULL) {
        rc = -errno;
        g_free(srv);
        return (rc < 0) ? rc : -ENOMEM;
    }
    qb_ipcs_service_context_set(srv->service, srv);
    qb_ipcs_poll_handlers_set(srv->service, &ipc_poll_handlers);
    rc = qb_ipcs_run(srv->service);
    if (rc < 0) {
        qb_ipcs_unref(srv->service);
        g_free(srv);
        return rc;
    }
    *ret_server = srv;
    return 0;
}

void
ha_ipc_server_free(ha_ipc_server_t *srv)
{
    if (srv == NULL) {
        return;
    }
    qb_ipcs_destroy(srv->service);
    g_free(srv);
}
