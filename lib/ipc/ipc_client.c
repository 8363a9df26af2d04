/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_client.c - one request, one reply, with a timeout (ipc.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <qb/qbipcc.h>

#include "common/log.h"
#include "common/results.h"
#include "ipc/ipc.h"

struct ha_ipc_client {
    qb_ipcc_connection_t *conn;
    size_t buf_size;
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
    return ha_ipc_client_connect_size(name, HA_IPC_SMALL_MSG, ret_client);
}

int
ha_ipc_client_connect_size(const char *name, size_t max_bytes,
                           ha_ipc_client_t **ret_client)
{
    qb_ipcc_connection_t *conn = qb_ipcc_connect(name,
                                                 MIN(max_bytes, HA_IPC_MAX_MSG));
    ha_ipc_client_t *client;

    if (conn == NULL) {
        return rc_from_errno(errno != 0 ? errno : ECONNREFUSED);
    }
    client = g_new0(ha_ipc_client_t, 1);
    client->conn = conn;
    client->buf_size = MAX(qb_ipcc_get_buffer_size(conn), 4096);
    *ret_client = client;
    return 0;
}

int
ha_ipc_client_call(ha_ipc_client_t *client, uint32_t msg_id, GVariant *body,
                   const char *reply_type, int timeout_ms,
                   GVariant **ret_reply)
{
    g_autoptr(GBytes) payload = ha_ipc_request_encode(body);
    struct qb_ipc_request_header hdr = { 0 };
    const struct qb_ipc_response_header *rsp;
    g_autofree char *buf = NULL;
    struct iovec iov[2];
    gsize len = 0;
    const void *data = g_bytes_get_data(payload, &len);
    ssize_t got;
    int server_rc = 0;
    int rc;

    if (len + sizeof(hdr) > client->buf_size) {
        return -HA_ETOOBIG;
    }
    hdr.id = (int32_t) msg_id;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    iov[0].iov_base = &hdr;
    iov[0].iov_len = sizeof(hdr);
    iov[1].iov_base = (void *) data;
    iov[1].iov_len = len;
    buf = g_malloc(client->buf_size);
    got = qb_ipcc_sendv_recv(client->conn, iov, 2, buf, client->buf_size,
                             timeout_ms);
    if (got < 0) {
        return rc_from_errno((int) -got);
    }
    if ((size_t) got < sizeof(*rsp)) {
        return -HA_EPROTO;
    }
    rsp = (const struct qb_ipc_response_header *) buf;
    if (rsp->size != got || rsp->id != (int32_t) msg_id) {
        return -HA_EPROTO;
    }
    rc = ha_ipc_reply_decode(buf + sizeof(*rsp), (gsize) got - sizeof(*rsp),
                             reply_type, &server_rc, ret_reply);
    return (rc < 0) ? rc : server_rc;
}

void
ha_ipc_client_free(ha_ipc_client_t *client)
{
    if (client == NULL) {
        return;
    }
    qb_ipcc_disconnect(client->conn);
    g_free(client);
}
