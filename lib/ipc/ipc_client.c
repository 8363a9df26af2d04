/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_client.c - one request, one reply, with a timeout (ipc.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <qb/qbipcc.h>

#include "common/log.h"
#include "common/results.h"
#include "ipc/ipc.h"
#include "ipc/ipc_trust.h"

/* Pause before sending again when the request ring is still full. */
#define RETRY_SEND_US 500

struct ha_ipc_client {
    qb_ipcc_connection_t *conn;
    size_t buf_size;
    char *buf;              /* one response */
};

static int
rc_from_errno(int err)
{
    switch (err) {
    case ECONNREFUSED: case ENOENT: case ENOTCONN: case ECONNRESET:
    case EPIPE: case ESHUTDOWN:
        return -HA_ENOTCONN;
    case EACCES: case EPERM:
        return -HA_EPERM;
    case ETIMEDOUT: case EAGAIN:
        return -HA_ETIMEDOUT;
    case EMSGSIZE:
        return -HA_ETOOBIG;
    default:
        return -err;
    }
}

int
ha_ipc_client_connect(const char *name, ha_ipc_client_t **ret_client)
{
    return ha_ipc_client_connect_size(name, HA_IPC_BUF_SIZE, ret_client);
}

int
ha_ipc_client_connect_size(const char *name, size_t max_bytes,
                           ha_ipc_client_t **ret_client)
{
    qb_ipcc_connection_t *conn = qb_ipcc_connect(name,
                                                 MIN(max_bytes, HA_IPC_MAX_MSG));
    ha_ipc_client_t *client;
    int rc;

    if (conn == NULL) {
        return rc_from_errno(errno != 0 ? errno : ECONNREFUSED);
    }
    rc = ha_ipc__server_check(conn, name);
    if (rc < 0) {
        qb_ipcc_disconnect(conn);
        return rc;
    }
    client = g_new0(ha_ipc_client_t, 1);
    client->conn = conn;
    client->buf_size = MAX(qb_ipcc_get_buffer_size(conn),
                           2 * HA_IPC_PART_SLACK);
    client->buf = g_malloc(client->buf_size);
    *ret_client = client;
    return 0;
}

/* One libqb exchange: send @payload as message @id, receive the response
 * into client->buf; its id and the length after libqb's header. */
static int
exchange(ha_ipc_client_t *client, uint32_t id, GBytes *payload,
         gint64 deadline, uint32_t *ret_id, gsize *ret_len)
{
    struct qb_ipc_request_header hdr = { 0 };
    struct qb_ipc_response_header rsp;
    struct iovec iov[2];
    gsize len = 0;
    const void *data = g_bytes_get_data(payload, &len);
    gint64 left_ms = (deadline - g_get_monotonic_time()) / 1000;
    ssize_t got;

    if (left_ms <= 0) {
        return -HA_ETIMEDOUT;
    }
    if (len + sizeof(hdr) > client->buf_size) {
        return -HA_ETOOBIG;
    }
    hdr.id = (int32_t) id;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    iov[0].iov_base = &hdr;
    iov[0].iov_len = sizeof(hdr);
    iov[1].iov_base = (void *) data;
    iov[1].iov_len = len;
    for (;;) {
        got = qb_ipcc_sendv_recv(client->conn, iov, 2, client->buf,
                                 client->buf_size,
                                 (int32_t) MIN(left_ms, G_MAXINT32));
        /* -EAGAIN: nothing was sent, the request ring still holds the
         * previous message (the server answers before it frees it) */
        if (got != -EAGAIN || !qb_ipcc_is_connected(client->conn)) {
            break;
        }
        g_usleep(RETRY_SEND_US);
        left_ms = (deadline - g_get_monotonic_time()) / 1000;
        if (left_ms <= 0) {
            return -HA_ETIMEDOUT;
        }
    }
    if (got < 0) {
        return rc_from_errno((int) -got);
    }
    if ((size_t) got < sizeof(rsp)) {
        return -HA_EPROTO;
    }
    memcpy(&rsp, client->buf, sizeof(rsp));
    if (rsp.size != got) {
        return -HA_EPROTO;
    }
    *ret_id = (uint32_t) rsp.id;
    *ret_len = (gsize) got - sizeof(rsp);
    return 0;
}

static const char *
response_body(const ha_ipc_client_t *client)
{
    return client->buf + sizeof(struct qb_ipc_response_header);
}

/* The server's (msg_id, offset) "send the next part" must be @offset. */
static int
check_next(ha_ipc_client_t *client, gsize len, uint32_t msg_id, gsize offset)
{
    g_autoptr(GVariant) next = NULL;
    guint32 id = 0;
    guint64 at = 0;
    int server_rc = 0;
    int rc = ha_ipc_reply_decode(response_body(client), len, HA_IPC_NEXT_TYPE,
                                 &server_rc, &next);

    if (rc < 0 || server_rc < 0) {
        return (rc < 0) ? rc : server_rc;
    }
    g_variant_get(next, "(ut)", &id, &at);
    return (id == msg_id && at == offset) ? 0 : -HA_EPROTO;
}

/* Send a request envelope, in parts when it does not fit; the response to
 * the last message sent is left in client->buf. */
static int
send_request(ha_ipc_client_t *client, uint32_t msg_id, GBytes *env,
             gint64 deadline, uint32_t *ret_id, gsize *ret_len)
{
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(env, &len);
    gsize part = client->buf_size - HA_IPC_PART_SLACK;

    if (len + sizeof(struct qb_ipc_request_header) <= client->buf_size) {
        return exchange(client, msg_id, env, deadline, ret_id, ret_len);
    }
    if (len > HA_IPC_MAX_MSG) {
        return -HA_ETOOBIG;
    }
    for (gsize off = 0; off < len; off += part) {
        gsize n = MIN(part, len - off);
        g_autoptr(GBytes) p = ha_ipc_request_encode(
            ha_ipc_part_new(msg_id, len, off, data + off, n));
        int rc = exchange(client, HA_IPC_MSG_PART, p, deadline, ret_id,
                          ret_len);

        /* the last part is answered with the reply, and so is an error */
        if (rc < 0 || off + n == len || *ret_id != HA_IPC_MSG_NEXT) {
            return rc;
        }
        rc = check_next(client, *ret_len, msg_id, off + n);
        if (rc < 0) {
            return rc;
        }
    }
    return -HA_EPROTO;
}

/* Decode a whole reply envelope: the transport's error, else the server's
 * result. */
static int
reply_result(const void *data, gsize len, const char *reply_type,
             GVariant **ret_reply)
{
    int server_rc = 0;
    int rc = ha_ipc_reply_decode(data, len, reply_type, &server_rc, ret_reply);

    return (rc < 0) ? rc : server_rc;
}

/* Pull the parts of a reply whose first part is in client->buf. */
static int
receive_parts(ha_ipc_client_t *client, uint32_t msg_id, gsize len,
              const char *reply_type, gint64 deadline, GVariant **ret_reply)
{
    g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(HA_IPC_MAX_MSG);
    const void *whole;
    gsize whole_len = 0;
    uint32_t id = HA_IPC_MSG_PART;

    for (;;) {
        g_autoptr(GVariant) part = NULL;
        g_autoptr(GBytes) next = NULL;
        int rc;

        if (id != HA_IPC_MSG_PART) {
            /* an error instead of the next part */
            rc = reply_result(response_body(client), len, "()", NULL);
            return (rc < 0) ? rc : -HA_EPROTO;
        }
        rc = reply_result(response_body(client), len, HA_IPC_PART_TYPE, &part);
        if (rc == 0) {
            rc = ha_ipc_assembly_add(a, part);
        }
        if (rc >= 0 && ha_ipc_assembly_msg_id(a) != msg_id) {
            rc = -HA_EPROTO;
        }
        if (rc < 0) {
            return rc;
        }
        if (rc == 1) {
            break;
        }
        next = ha_ipc_request_encode(g_variant_new(
            "(ut)", msg_id, (guint64) ha_ipc_assembly_len(a)));
        rc = exchange(client, HA_IPC_MSG_NEXT, next, deadline, &id, &len);
        if (rc < 0) {
            return rc;
        }
    }
    whole = ha_ipc_assembly_data(a, &whole_len);
    return reply_result(whole, whole_len, reply_type, ret_reply);
}

int
ha_ipc_client_call(ha_ipc_client_t *client, uint32_t msg_id, GVariant *body,
                   const char *reply_type, int timeout_ms,
                   GVariant **ret_reply)
{
    g_autoptr(GBytes) env = ha_ipc_request_encode(body);
    gint64 deadline = g_get_monotonic_time() + (gint64) timeout_ms * 1000;
    uint32_t id = 0;
    gsize len = 0;
    int rc = send_request(client, msg_id, env, deadline, &id, &len);

    if (rc < 0) {
        return rc;
    }
    if (id == msg_id) {
        return reply_result(response_body(client), len, reply_type, ret_reply);
    }
    if (id == HA_IPC_MSG_PART) {
        return receive_parts(client, msg_id, len, reply_type, deadline,
                             ret_reply);
    }
    return -HA_EPROTO;
}

void
ha_ipc_client_free(ha_ipc_client_t *client)
{
    if (client == NULL) {
        return;
    }
    qb_ipcc_disconnect(client->conn);
    g_free(client->buf);
    g_free(client);
}
