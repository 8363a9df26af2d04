/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_execd_client.c - the asynchronous client of ha-execd:
 * requests go out without waiting, replies and events come back through
 * a watch on libqb's event fd in the default GLib main context.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <string.h>

#include <qb/qbipcc.h>

#include "common/log.h"
#include "common/results.h"
#include "ipc/ipc_execd.h"
#include "ipc/ipc_trust.h"

struct ha_ipc_execd_client {
    qb_ipcc_connection_t *c;
    const struct ha_ipc_execd_client_ops *ops;
    void *user_data;
    guint watch;
    guint hangup_idle;
    guint64 next_seq;
    char *buf;
};

static gboolean
on_hangup(gpointer data)
{
    ha_ipc_execd_client_t *client = data;

    client->hangup_idle = 0;
    client->ops->disconnected(client, client->user_data);
    return G_SOURCE_REMOVE;
}

static void
client_lost(ha_ipc_execd_client_t *client)
{
    if (client->watch != 0) {
        g_source_remove(client->watch);
        client->watch = 0;
    }
    if (client->hangup_idle == 0) {
        client->hangup_idle = g_idle_add(on_hangup, client);
    }
}

static void
deliver(ha_ipc_execd_client_t *client, const char *data, gsize size)
{
    struct qb_ipc_response_header h;
    const struct qb_ipc_response_header *hdr = &h;
    g_autoptr(GVariant) body = NULL;
    const char *type;
    guint64 seq = 0;
    int result = 0;
    int rc;

    if (size < sizeof(*hdr)) {
        return;
    }
    memcpy(&h, data, sizeof(h));    /* the ring may hand it unaligned */
    type = client->ops->body_type((uint32_t) hdr->id, TRUE);
    rc = ha_ipc_execd_reply_decode(data + sizeof(*hdr), size - sizeof(*hdr),
                                   type, &seq, &result, &body);
    if (rc < 0) {
        ha_debug("Dropping a malformed executor message " QB_XS " msg=%d rc=%d",
                 hdr->id, rc);
        return;
    }
    client->ops->message(client, (uint32_t) hdr->id, seq, result, body,
                         client->user_data);
}

static gboolean
on_readable(gint fd, GIOCondition cond, gpointer data)
{
    ha_ipc_execd_client_t *client = data;

    for (int i = 0; i < 256; i++) {   /* bounded: let others run too */
        ssize_t n = qb_ipcc_event_recv(client->c, client->buf,
                                       HA_IPC_EXECD_MAX_MSG, 0);

        if (n == -EAGAIN) {
            break;
        }
        if (n < 0) {
            client->watch = 0;
            client_lost(client);
            return G_SOURCE_REMOVE;
        }
        deliver(client, client->buf, (gsize) n);
        if (client->watch == 0) {
            return G_SOURCE_REMOVE;   /* freed or lost from the callback */
        }
    }
    if (((cond & (G_IO_HUP | G_IO_ERR)) != 0) || !qb_ipcc_is_connected(client->c)) {
        client->watch = 0;
        client_lost(client);
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

int
ha_ipc_execd_client_connect(const char *name,
                            const struct ha_ipc_execd_client_ops *ops,
                            void *user_data, ha_ipc_execd_client_t **ret)
{
    ha_ipc_execd_client_t *client;
    int32_t fd = -1;
    int rc;

    ha_assert((name != NULL) && (ops != NULL) && (ops->body_type != NULL)
              && (ops->message != NULL) && (ops->disconnected != NULL));
    client = g_new0(ha_ipc_execd_client_t, 1);
    client->c = qb_ipcc_connect(name, HA_IPC_EXECD_MAX_MSG);
    if (client->c == NULL) {
        rc = errno;
        g_free(client);
        if ((rc == EACCES) || (rc == EPERM)) {
            return -HA_EPERM;
        }
        return ((rc == ECONNREFUSED) || (rc == ENOENT)) ? -HA_ENOTCONN : -rc;
    }
    rc = ha_ipc__server_check(client->c, name);
    if (rc == 0) {
        rc = qb_ipcc_fd_get(client->c, &fd);
    }
    if (rc < 0) {
        qb_ipcc_disconnect(client->c);
        g_free(client);
        return rc;
    }
    client->ops = ops;
    client->user_data = user_data;
    client->next_seq = 1;
    client->buf = g_malloc(HA_IPC_EXECD_MAX_MSG);
    client->watch = g_unix_fd_add(fd, G_IO_IN | G_IO_HUP | G_IO_ERR,
                                  on_readable, client);
    *ret = client;
    return 0;
}

int
ha_ipc_execd_client_send(ha_ipc_execd_client_t *client, uint32_t msg_id,
                         GVariant *body, guint64 *ret_seq)
{
    guint64 seq = client->next_seq++;
    g_autoptr(GBytes) payload = ha_ipc_execd_request_encode(seq, body);
    struct qb_ipc_request_header hdr = { 0 };
    struct iovec iov[2];
    gsize len = 0;
    const void *data = g_bytes_get_data(payload, &len);
    ssize_t rc;

    if (client->watch == 0) {
        return -HA_ENOTCONN;
    }
    if (len + sizeof(hdr) > HA_IPC_EXECD_MAX_MSG) {
        return -HA_ETOOBIG;
    }
    hdr.id = (int32_t) msg_id;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    iov[0].iov_base = &hdr;
    iov[0].iov_len = sizeof(hdr);
    iov[1].iov_base = (void *) data;
    iov[1].iov_len = len;
    rc = qb_ipcc_sendv(client->c, iov, 2);
    if (rc < 0) {
        return (rc == -ENOTCONN) ? -HA_ENOTCONN : (int) rc;
    }
    if (ret_seq != NULL) {
        *ret_seq = seq;
    }
    return 0;
}

void
ha_ipc_execd_client_free(ha_ipc_execd_client_t *client)
{
    if (client == NULL) {
        return;
    }
    if (client->watch != 0) {
        g_source_remove(client->watch);
    }
    if (client->hangup_idle != 0) {
        g_source_remove(client->hangup_idle);
    }
    qb_ipcc_disconnect(client->c);
    g_free(client->buf);
    g_free(client);
}
