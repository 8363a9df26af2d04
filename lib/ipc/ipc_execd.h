/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_execd.h - the libqb transport between hacd (or a test
 * client) and ha-execd: asynchronous in both directions.
 *
 * Unlike lib/ipc/ipc.h (request -> one reply, synchronous client), the
 * executor's client sends requests without waiting and receives replies
 * AND unsolicited events (action results) from its GLib main loop.  The
 * message bodies are lib/exec/exec_proto.h's; this layer does not know
 * them: the user gives a body_type(msg_id) function and gets GVariants
 * already checked against it.
 *
 * Wire format, after libqb's request/response header (whose id is the
 * message id):
 *   client -> server  "(utv)"   protocol version, sequence number, body
 *   server -> client  "(utiv)"  protocol version, sequence number of the
 *                               request answered (0 for an event), result
 *                               code, body
 * Decoded with a size limit (HA_IPC_EXECD_MAX_MSG), in normal form, with
 * the version and the body type checked; anything else is dropped.
 *
 * Authorisation: a connection is accepted only from uid 0 and the uids
 * given to the server (hacd's user), checked from the kernel's peer
 * credentials when it connects.
 *
 * Invariants: every callback runs from the default GLib main context; a
 * server keeps sending to a slow client from a bounded queue and drops the
 * connection if the queue overflows; a client that disappears changes
 * nothing but the list of connections.
 */
#ifndef HA_IPC_EXECD_H
#define HA_IPC_EXECD_H

#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

G_BEGIN_DECLS

#define HA_IPC_EXECD_VERSION      1
#define HA_IPC_EXECD_MAX_MSG      (1024 * 1024)
#define HA_IPC_EXECD_QUEUE_MAX    10000

/* Returns the GVariant type string of a body, or NULL for unknown ids. */
typedef const char *(*ha_ipc_execd_type_fn)(uint32_t msg_id,
                                            gboolean from_server);

/* ---- envelopes (pure; exposed for tests) ---- */

/** Encode a client->server envelope (floating @body is sunk). */
GBytes *ha_ipc_execd_request_encode(guint64 seq, GVariant *body);

/**
 * Decode a client->server envelope whose body must have @body_type.
 *
 * @return 0, -HA_ETOOBIG or -HA_EPROTO
 */
int ha_ipc_execd_request_decode(const void *data, gsize len,
                                const char *body_type, guint64 *ret_seq,
                                GVariant **ret_body);

/** Encode a server->client envelope (@body NULL means "()"). */
GBytes *ha_ipc_execd_reply_encode(guint64 seq, int rc, GVariant *body);

/**
 * Decode a server->client envelope.  When the rc is negative the body is
 * "()" whatever @body_type says.
 *
 * @return 0, -HA_ETOOBIG or -HA_EPROTO
 */
int ha_ipc_execd_reply_decode(const void *data, gsize len,
                              const char *body_type, guint64 *ret_seq,
                              int *ret_rc, GVariant **ret_body);

/* ---- server ---- */

typedef struct ha_ipc_execd_server ha_ipc_execd_server_t;
typedef struct ha_ipc_execd_conn ha_ipc_execd_conn_t;

struct ha_ipc_execd_server_ops {
    ha_ipc_execd_type_fn body_type;
    /* A checked request; answer with ha_ipc_execd_conn_send(..., seq, ...)
     * now or later.  @body is borrowed. */
    void (*request)(ha_ipc_execd_conn_t *conn, uint32_t msg_id, guint64 seq,
                    GVariant *body, void *user_data);
    /* The connection is going away (may be NULL). */
    void (*closed)(ha_ipc_execd_conn_t *conn, void *user_data);
};

/**
 * Serve @name (a libqb service name).
 *
 * @param[in] allowed_uids  uids besides 0 that may connect (copied)
 * @param[in] ops           must outlive the server
 *
 * @return 0 or a negative errno (-EADDRINUSE if served already)
 */
int ha_ipc_execd_server_new(const char *name, const uid_t *allowed_uids,
                            guint n_allowed,
                            const struct ha_ipc_execd_server_ops *ops,
                            void *user_data, ha_ipc_execd_server_t **ret);

/** Stop serving and drop every connection.  NULL accepted. */
void ha_ipc_execd_server_free(ha_ipc_execd_server_t *server);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_ipc_execd_server_t, ha_ipc_execd_server_free)

/**
 * Send a reply (seq of the request) or an event (seq 0) to one client.
 * A connection that is already closed is ignored.
 *
 * @param[in] body  floating reference sunk; NULL for "()"
 */
void ha_ipc_execd_conn_send(ha_ipc_execd_conn_t *conn, uint32_t msg_id,
                            guint64 seq, int rc, GVariant *body);

/** Send an event to every connected client. */
void ha_ipc_execd_server_broadcast(ha_ipc_execd_server_t *server,
                                   uint32_t msg_id, GVariant *body);

/** Keep a connection usable after its request handler returned. */
ha_ipc_execd_conn_t *ha_ipc_execd_conn_ref(ha_ipc_execd_conn_t *conn);
void ha_ipc_execd_conn_unref(ha_ipc_execd_conn_t *conn);

/** Number of connected clients. */
guint ha_ipc_execd_server_n_clients(const ha_ipc_execd_server_t *server);

/* ---- client ---- */

typedef struct ha_ipc_execd_client ha_ipc_execd_client_t;

struct ha_ipc_execd_client_ops {
    ha_ipc_execd_type_fn body_type;
    /* A reply (seq != 0) or event (seq == 0).  @body is borrowed. */
    void (*message)(ha_ipc_execd_client_t *client, uint32_t msg_id,
                    guint64 seq, int rc, GVariant *body, void *user_data);
    /* The server went away; the client must be freed. */
    void (*disconnected)(ha_ipc_execd_client_t *client, void *user_data);
};

/**
 * Connect to @name and watch the connection from the default main context.
 * As ha_ipc_client_connect(), nothing is sent to a server that runs as
 * another user than root, the cluster's daemon user or the caller's.
 *
 * @return 0, -HA_ENOTCONN (nobody serves @name), -HA_EPERM (refused),
 *         -HA_EUNTRUSTED (served by another user), or a negative errno
 */
int ha_ipc_execd_client_connect(const char *name,
                                const struct ha_ipc_execd_client_ops *ops,
                                void *user_data, ha_ipc_execd_client_t **ret);

/**
 * Send a request without waiting.
 *
 * @param[in]  body     floating reference sunk
 * @param[out] ret_seq  its sequence number, which the reply carries
 *
 * @return 0, -HA_ETOOBIG, -HA_ENOTCONN, or a negative errno
 */
int ha_ipc_execd_client_send(ha_ipc_execd_client_t *client, uint32_t msg_id,
                             GVariant *body, guint64 *ret_seq);

/** Disconnect and free.  NULL accepted. */
void ha_ipc_execd_client_free(ha_ipc_execd_client_t *client);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_ipc_execd_client_t, ha_ipc_execd_client_free)

G_END_DECLS

#endif /* HA_IPC_EXECD_H */
