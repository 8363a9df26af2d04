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
    guint part_idle_ms;         /* see ha_ipc_server_set_part_limits() */
    gsize held_max;
    gsize held;                 /* bytes reserved by messages in parts */
};

struct ipc_conn {
    ha_ipc_server_t *server;
    qb_ipcs_connection_t *c;
    enum ha_ipc_priv priv;
    uid_t uid;
    GList *pending;             /* ha_ipc_request_t not answered yet */
    ha_ipc_assembly_t *in;      /* a request arriving in parts */
    GBytes *out;                /* a reply leaving in parts */
    uint32_t out_msg_id;
    gsize out_off;              /* bytes of @out sent */
    guint idle;                 /* while @in or @out is held */
    gsize reserved;             /* of server->held, for @in or @out */
};

struct ha_ipc_request {
    qb_ipcs_connection_t *conn; /* NULL once the client went away */
    struct ipc_conn *ic;
    uint32_t msg_id;
    enum ha_ipc_priv priv;
    uid_t uid;
    ha_ipc_cancel_fn cancel;
    void *cancel_data;
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
    /* libqb gives a client the buffers it asks for; large messages travel
     * as parts, so a big buffer only costs shared memory. */
    if (qb_ipcs_connection_get_buffer_size(c) > HA_IPC_BUF_MAX) {
        ha_warn("Refusing an IPC client that asks for %d-byte buffers "
                "(at most %d) " QB_XS " uid=%u",
                qb_ipcs_connection_get_buffer_size(c), HA_IPC_BUF_MAX,
                (unsigned) uid);
        return -EMSGSIZE;
    }
    /* Let a non-root client of the client group map the shared memory. */
    qb_ipcs_connection_auth_set(c, -1, srv->auth.client_gid, 0660);
    conn = g_new0(struct ipc_conn, 1);
    conn->server = srv;
    conn->c = c;
    conn->priv = ha_ipc_auth_priv(&srv->auth, uid, gid);
    conn->uid = uid;
    qb_ipcs_context_set(c, conn);
    return 0;
}

static void
srv_created(qb_ipcs_connection_t *c)
{
}

/* Forget the message held in parts, either way. */
static void
conn_drop_parts(struct ipc_conn *ic)
{
    g_clear_pointer(&ic->in, ha_ipc_assembly_free);
    g_clear_pointer(&ic->out, g_bytes_unref);
    ic->out_off = 0;
    ic->server->held -= ic->reserved;
    ic->reserved = 0;
    if (ic->idle != 0) {
        g_source_remove(ic->idle);
        ic->idle = 0;
    }
}

static gboolean
conn_idle_cb(gpointer data)
{
    struct ipc_conn *ic = data;
    struct qb_ipcs_connection_stats st = { 0 };

    ic->idle = 0;
    (void) qb_ipcs_connection_stats_get(ic->c, &st, 0);
    ha_warn("Disconnecting IPC client %d: it sent or fetched nothing of a "
            "message in parts for %u ms " QB_XS " held=%zu",
            (int) st.client_pid, ic->server->part_idle_ms,
            (ic->in != NULL) ? ha_ipc_assembly_len(ic->in)
            : (ic->out != NULL) ? g_bytes_get_size(ic->out) : 0);
    conn_drop_parts(ic);
    qb_ipcs_disconnect(ic->c);
    return G_SOURCE_REMOVE;
}

/* Reserve @len bytes of the server's budget for a message in parts: all
 * connections together hold at most held_max. */
static int
conn_reserve(struct ipc_conn *ic, gsize len)
{
    ha_ipc_server_t *srv = ic->server;

    if (srv->held > srv->held_max || len > srv->held_max - srv->held) {
        ha_warn("Refusing an IPC message of %zu bytes in parts: %zu bytes "
                "are held for other clients already", len, srv->held);
        return -EBUSY;
    }
    srv->held += len;
    ic->reserved += len;
    return 0;
}

/* A message is held in parts: its client has part_idle_ms for the next
 * one. */
static void
conn_arm_idle(struct ipc_conn *ic)
{
    if (ic->idle != 0) {
        g_source_remove(ic->idle);
    }
    ic->idle = g_timeout_add(ic->server->part_idle_ms, conn_idle_cb, ic);
}

/* The client went away: what it was sent or sending is dropped, and its
 * pending requests let go of the connection now (not when a handler
 * answers, maybe minutes later), then hear it through their cancel. */
static int32_t
srv_closed(qb_ipcs_connection_t *c)
{
    struct ipc_conn *ic = qb_ipcs_context_get(c);
    GList *pending;

    if (ic == NULL) {
        return 0;
    }
    conn_drop_parts(ic);
    pending = g_steal_pointer(&ic->pending);
    for (GList *l = pending; l != NULL; l = l->next) {
        ha_ipc_request_t *req = l->data;

        req->conn = NULL;
        req->ic = NULL;
        qb_ipcs_connection_unref(c);
    }
    for (GList *l = pending; l != NULL; l = l->next) {
        ha_ipc_request_t *req = l->data;

        if (req->cancel != NULL) {
            req->cancel(req, req->cancel_data);
        }
    }
    g_list_free(pending);
    return 0;
}

static void
srv_destroyed(qb_ipcs_connection_t *c)
{
    struct ipc_conn *ic = qb_ipcs_context_get(c);

    if (ic != NULL) {
        conn_drop_parts(ic);
        g_list_free(ic->pending);
        g_free(ic);
    }
    qb_ipcs_context_set(c, NULL);
}

/* One libqb response with message id @id. */
static void
send_raw(qb_ipcs_connection_t *c, uint32_t id, GBytes *payload)
{
    struct qb_ipc_response_header hdr = { 0 };
    struct iovec iov[2];
    gsize len = 0;
    const void *data = g_bytes_get_data(payload, &len);
    ssize_t rc;

    hdr.id = (int32_t) id;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    hdr.error = 0;
    iov[0].iov_base = &hdr;
    iov[0].iov_len = sizeof(hdr);
    iov[1].iov_base = (void *) data;
    iov[1].iov_len = len;
    rc = qb_ipcs_response_sendv(c, iov, 2);
    if (rc < 0) {
        ha_debug("Could not send an IPC reply " QB_XS " id=%#x rc=%zd",
                 id, rc);
    }
}

static void
send_reply(qb_ipcs_connection_t *c, uint32_t msg_id, int rc, GVariant *body);

/* The next part of the held reply; the last one lets it go. */
static void
send_next_part(struct ipc_conn *ic)
{
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(ic->out, &len);
    gsize n = MIN(len - ic->out_off, (gsize) qb_ipcs_connection_get_buffer_size(
                      ic->c) - HA_IPC_PART_SLACK);
    g_autoptr(GBytes) part = ha_ipc_reply_encode(
        0, ha_ipc_part_new(ic->out_msg_id, len, ic->out_off,
                           data + ic->out_off, n));

    ic->out_off += n;
    if (ic->out_off == len) {
        conn_drop_parts(ic);
    } else {
        conn_arm_idle(ic);
    }
    send_raw(ic->c, HA_IPC_MSG_PART, part);
}

static void
send_reply(qb_ipcs_connection_t *c, uint32_t msg_id, int rc, GVariant *body)
{
    struct ipc_conn *ic = qb_ipcs_context_get(c);
    g_autoptr(GBytes) payload = ha_ipc_reply_encode(rc, body);
    gsize len = g_bytes_get_size(payload);

    if (len + sizeof(struct qb_ipc_response_header)
        <= (size_t) qb_ipcs_connection_get_buffer_size(c)) {
        send_raw(c, msg_id, payload);
        return;
    }
    if (len > HA_IPC_MAX_MSG || ic == NULL
        || qb_ipcs_connection_get_buffer_size(c) <= 2 * HA_IPC_PART_SLACK) {
        ha_warn("An IPC reply of %zu bytes is over the limit " QB_XS
                " msg=%u", len, msg_id);
        send_reply(c, msg_id, -HA_ETOOBIG, NULL);
        return;
    }
    /* one held reply per connection: a client pulls one at a time */
    conn_drop_parts(ic);
    if (conn_reserve(ic, len) < 0) {
        send_reply(c, msg_id, -EBUSY, NULL);
        return;
    }
    ic->out = g_steal_pointer(&payload);
    ic->out_msg_id = msg_id;
    send_next_part(ic);
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

/* A whole request envelope for @msg_id: check, then hand to its handler. */
static void
dispatch(struct ipc_conn *ic, uint32_t msg_id, const void *data, gsize len)
{
    const struct ha_ipc_handler *h = handler_find(ic->server, msg_id);
    g_autoptr(GVariant) body = NULL;
    ha_ipc_request_t *req;
    int rc;

    if (h == NULL) {
        send_reply(ic->c, msg_id, -HA_EPROTO, NULL);
        return;
    }
    if (ic->priv < h->priv) {
        send_reply(ic->c, h->msg_id, -HA_EPERM, NULL);
        return;
    }
    rc = ha_ipc_request_decode(data, len, h->body_type, &body);
    if (rc < 0) {
        ha_debug("Dropping a malformed IPC request " QB_XS " msg=%u rc=%d",
                 h->msg_id, rc);
        send_reply(ic->c, h->msg_id, rc, NULL);
        return;
    }
    req = g_new0(ha_ipc_request_t, 1);
    qb_ipcs_connection_ref(ic->c);
    req->conn = ic->c;
    req->ic = ic;
    req->msg_id = h->msg_id;
    req->priv = ic->priv;
    req->uid = ic->uid;
    ic->pending = g_list_prepend(ic->pending, req);
    h->fn(req, body, ic->server->user_data);
}

/* An error in the parts protocol ends the message either way. */
static void
part_error(struct ipc_conn *ic, int rc)
{
    ha_debug("Dropping an IPC message in parts " QB_XS " rc=%d", rc);
    conn_drop_parts(ic);
    send_reply(ic->c, HA_IPC_MSG_PART, rc, NULL);
}

/* The first part of a request: only for a message the client may send. */
static int
part_start(struct ipc_conn *ic, GVariant *part)
{
    guint32 msg_id = 0;
    guint64 total = 0;
    const struct ha_ipc_handler *h;
    int rc;

    g_variant_get_child(part, 0, "u", &msg_id);
    g_variant_get_child(part, 1, "t", &total);
    h = handler_find(ic->server, msg_id);
    if (h == NULL) {
        return -HA_EPROTO;
    }
    if (ic->priv < h->priv) {
        return -HA_EPERM;
    }
    if (total > HA_IPC_MAX_MSG) {
        return -HA_ETOOBIG;
    }
    conn_drop_parts(ic);
    rc = conn_reserve(ic, total);
    if (rc < 0) {
        return rc;
    }
    ic->in = ha_ipc_assembly_new(HA_IPC_MAX_MSG);
    return 0;
}

static void
on_part(struct ipc_conn *ic, const void *data, gsize len)
{
    g_autoptr(GVariant) part = NULL;
    g_autoptr(ha_ipc_assembly_t) whole = NULL;
    const void *bytes;
    gsize n = 0;
    int rc = ha_ipc_request_decode(data, len, HA_IPC_PART_TYPE, &part);

    if (rc == 0 && ic->in == NULL) {
        rc = part_start(ic, part);
    }
    if (rc == 0) {
        rc = ha_ipc_assembly_add(ic->in, part);
    }
    if (rc < 0) {
        part_error(ic, rc);
        return;
    }
    if (rc == 0) {
        conn_arm_idle(ic);
        send_reply(ic->c, HA_IPC_MSG_NEXT, 0, g_variant_new(
                       "(ut)", ha_ipc_assembly_msg_id(ic->in),
                       (guint64) ha_ipc_assembly_len(ic->in)));
        return;
    }
    whole = g_steal_pointer(&ic->in);
    conn_drop_parts(ic);
    bytes = ha_ipc_assembly_data(whole, &n);
    dispatch(ic, ha_ipc_assembly_msg_id(whole), bytes, n);
}

/* The client asks for the next part of the held reply. */
static void
on_next(struct ipc_conn *ic, const void *data, gsize len)
{
    g_autoptr(GVariant) next = NULL;
    guint32 msg_id = 0;
    guint64 offset = 0;
    int rc = ha_ipc_request_decode(data, len, HA_IPC_NEXT_TYPE, &next);

    if (rc == 0) {
        g_variant_get(next, "(ut)", &msg_id, &offset);
        if (ic->out == NULL || msg_id != ic->out_msg_id
            || offset != ic->out_off) {
            rc = -HA_EPROTO;
        }
    }
    if (rc < 0) {
        part_error(ic, rc);
        return;
    }
    send_next_part(ic);
}

static int32_t
srv_process(qb_ipcs_connection_t *c, void *data, size_t size)
{
    struct ipc_conn *ic = qb_ipcs_context_get(c);
    struct qb_ipc_request_header hdr;
    const char *body = (const char *) data + sizeof(hdr);
    gsize len = size - sizeof(hdr);

    if (ic == NULL || size < sizeof(hdr)) {
        return 0;
    }
    /* libqb's ring gives no alignment guarantee for the message */
    memcpy(&hdr, data, sizeof(hdr));
    switch ((uint32_t) hdr.id) {
    case HA_IPC_MSG_PART:
        on_part(ic, body, len);
        break;
    case HA_IPC_MSG_NEXT:
        on_next(ic, body, len);
        break;
    default:
        dispatch(ic, (uint32_t) hdr.id, body, len);
        break;
    }
    return 0;
}

void
ha_ipc_request_reply(ha_ipc_request_t *req, int rc, GVariant *body)
{
    ha_assert(req != NULL);
    if (req->conn != NULL) {
        req->ic->pending = g_list_remove(req->ic->pending, req);
        send_reply(req->conn, req->msg_id, rc, body);
        qb_ipcs_connection_unref(req->conn);
    } else if (body != NULL) {
        /* nobody to tell: the body is still ours to release */
        g_variant_unref(g_variant_ref_sink(body));
    }
    g_free(req);
}

void
ha_ipc_request_set_cancel(ha_ipc_request_t *req, ha_ipc_cancel_fn fn,
                          void *data)
{
    req->cancel = fn;
    req->cancel_data = data;
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
    ha_ipc_server_t *srv;
    int rc;

    for (size_t i = 0; i < n_table; i++) {
        ha_assert(table[i].msg_id != HA_IPC_MSG_PART
                  && table[i].msg_id != HA_IPC_MSG_NEXT);
    }
    srv = g_new0(ha_ipc_server_t, 1);

    srv->table = table;
    srv->n_table = n_table;
    srv->auth = *auth;
    srv->user_data = user_data;
    srv->part_idle_ms = HA_IPC_PART_IDLE_S * 1000;
    srv->held_max = HA_IPC_HELD_MAX;
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
        /* libqb (2.x) drops its reference to the service itself when it
         * cannot publish it (a name already taken: -EADDRINUSE); another
         * unref would abort on its reference count assertion. */
        g_free(srv);
        return rc;
    }
    *ret_server = srv;
    return 0;
}

void
ha_ipc_server_set_part_limits(ha_ipc_server_t *srv, guint idle_ms,
                              gsize held_max)
{
    srv->part_idle_ms = MAX(idle_ms, 1);
    srv->held_max = held_max;
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
