/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc.h - local request/reply IPC over libqb (shared memory).
 *
 * The only code that includes libqb's IPC headers.  A server is a table
 * of {message id, body type, required privilege, handler}; a client sends
 * one request and waits, with a timeout, for its reply.
 *
 * Wire format (after libqb's own request/response header):
 *   request  = GVariant "(uv)": protocol version, body
 *   reply    = GVariant "(uiv)": protocol version, result code, body
 * in normal form.  Every message is decoded with a size limit
 * (HA_IPC_MAX_MSG), a normal-form check, the protocol version check and
 * the body type of the table entry before a handler sees it.
 *
 * Sizes: a connection's buffers are small (HA_IPC_BUF_SIZE; a server
 * refuses a client that asks for more than HA_IPC_BUF_MAX), so that many
 * clients cost little.  An envelope that does not fit in one buffer
 * travels as parts (protocol version 2), each a libqb message of its own:
 *   part = HA_IPC_PART_TYPE (message id, total size, offset, bytes),
 *          the body of a request envelope (libqb id HA_IPC_MSG_PART) or
 *          of a reply envelope (libqb id HA_IPC_MSG_PART, result 0);
 *   next = "(ut)" (message id, offset): "send the part at this offset",
 *          as a request (client, fetching a reply) or a reply (server,
 *          acknowledging a request part; the last part is answered with
 *          the reply itself).
 * So every exchange stays one request, one reply: the receiver pulls, and
 * the sender holds at most one message per connection.  Parts come in
 * order, without gaps, never empty, and the total (at most HA_IPC_MAX_MSG)
 * is fixed by the first part; anything else ends the message with
 * -HA_EPROTO (or -HA_ETOOBIG).  A server drops what a connection holds,
 * and the connection, when its client stops pulling for
 * HA_IPC_PART_IDLE_S seconds, and holds at most HA_IPC_HELD_MAX for all
 * connections (-EBUSY beyond); when a client disconnects, its pending
 * requests are released at once (see ha_ipc_request_set_cancel()).
 *
 * Authorisation (checked on connect, from the peer's kernel credentials):
 * root, the daemon's own user, and every user whose primary or
 * supplementary groups include the client group (haclient) get
 * HA_IPC_PRIV_WRITE.  Everybody else is refused at connect (-EACCES):
 * the store holds secrets (fence agent passwords), so there is no
 * anonymous read access.  The shared memory of an accepted connection is
 * given to the client group, mode 0660, so a non-root client can map it.
 *
 * Invariants: handlers run from the GLib main loop; a handler must answer
 * every request exactly once with ha_ipc_request_reply(), now or later
 * (the request keeps the connection alive until then, or until its client
 * disconnects: then the connection is released at once, the request's
 * cancel callback runs, and a later reply is dropped).
 */
#ifndef HA_IPC_H
#define HA_IPC_H

#include <glib.h>
#include <stdint.h>
#include <sys/types.h>

G_BEGIN_DECLS

/* Version of the envelope and of the message schemas in ipc_hacd.h
 * (2: large messages travel as parts). */
#define HA_IPC_PROTOCOL_VERSION 2

/* Largest request or reply, envelope included, once reassembled. */
#define HA_IPC_MAX_MSG (64 * 1024 * 1024)

/* Buffer of a client connection: the largest libqb message.  Each
 * connection costs the server three shared-memory rings of this size. */
#define HA_IPC_BUF_SIZE (256 * 1024)

/* The largest buffer a server accepts from a client (see ha_ipc_server_new). */
#define HA_IPC_BUF_MAX (1024 * 1024)

/* Room for libqb's header and the part's own framing within a buffer. */
#define HA_IPC_PART_SLACK 4096

/* Reserved libqb message ids of the parts protocol (no handler may use
 * them). */
#define HA_IPC_MSG_PART 0x7fffff01u
#define HA_IPC_MSG_NEXT 0x7fffff02u

#define HA_IPC_PART_TYPE "(uttay)"
#define HA_IPC_NEXT_TYPE "(ut)"

/* How long a connection may hold a partly sent or received message
 * without its client sending the next request. */
#define HA_IPC_PART_IDLE_S 30

/* The most a server holds for all messages in parts together; beyond it a
 * large request or reply is refused with -EBUSY (try again later). */
#define HA_IPC_HELD_MAX (256 * 1024 * 1024)

enum ha_ipc_priv {
    HA_IPC_PRIV_READ = 1,       /* look only */
    HA_IPC_PRIV_WRITE = 2,      /* change the cluster */
};

typedef struct ha_ipc_server ha_ipc_server_t;
typedef struct ha_ipc_request ha_ipc_request_t;
typedef struct ha_ipc_client ha_ipc_client_t;

/* @body is borrowed for the call; take a reference to keep it. */
typedef void (*ha_ipc_handler_fn)(ha_ipc_request_t *req, GVariant *body,
                                  void *user_data);

struct ha_ipc_handler {
    uint32_t msg_id;
    const char *body_type;      /* GVariant type string of the body */
    enum ha_ipc_priv priv;      /* needed to call it */
    ha_ipc_handler_fn fn;
};

/* Who may connect (see the header comment). */
struct ha_ipc_auth {
    uid_t daemon_uid;           /* the daemon's own user */
    gid_t client_gid;           /* the client group (haclient) */
};

/* ---- codec (exposed for tests and for the client) ---- */

/**
 * Encode a request envelope.
 *
 * @param[in] body  the body (a floating reference is sunk)
 *
 * @return the serialized envelope (normal form)
 */
GBytes *ha_ipc_request_encode(GVariant *body);

/**
 * Deserialise untrusted bytes as a GVariant of @type.  Shared by every
 * envelope codec (hactl <-> hacd here, hacd <-> ha-execd in ipc_execd.h).
 *
 * @param[in]  data     the bytes
 * @param[in]  len      their length
 * @param[in]  max_len  the size limit of this channel
 * @param[in]  type     the GVariant type string of the envelope
 * @param[out] ret_v    the value (owned by the caller; only on success)
 *
 * @return 0, -HA_ETOOBIG, or -HA_EPROTO if the data is not in normal form
 */
int ha_ipc_variant_parse(const void *data, gsize len, gsize max_len,
                         const char *type, GVariant **ret_v);

/**
 * Take the body out of an envelope's variant and check its type.
 *
 * @param[in]  boxed      a value of type "v"
 * @param[in]  body_type  the expected type string of the body
 * @param[out] ret_body   the body (owned by the caller; only on success)
 *
 * @return 0 or -HA_EPROTO
 */
int ha_ipc_variant_unbox(GVariant *boxed, const char *body_type,
                         GVariant **ret_body);

/**
 * Decode a request envelope.
 *
 * @param[in]  data       the bytes after libqb's header
 * @param[in]  len        their length
 * @param[in]  body_type  expected type of the body
 * @param[out] ret_body   the body (owned by the caller; only on success)
 *
 * @return 0, -HA_ETOOBIG, -HA_EPROTO (not normal form, wrong version or
 *         wrong body type)
 */
int ha_ipc_request_decode(const void *data, gsize len, const char *body_type,
                          GVariant **ret_body);

/** Encode a reply envelope (@body may be NULL: "()"). */
GBytes *ha_ipc_reply_encode(int rc, GVariant *body);

/**
 * Decode a reply envelope.  On success *ret_rc is the server's result and,
 * when it is 0, *ret_body the body of type @body_type.
 *
 * @return 0 (decoded), -HA_ETOOBIG or -HA_EPROTO
 */
int ha_ipc_reply_decode(const void *data, gsize len, const char *body_type,
                        int *ret_rc, GVariant **ret_body);

/* ---- parts (exposed for tests; used by the client and the server) ---- */

typedef struct ha_ipc_assembly ha_ipc_assembly_t;

/** A part body (HA_IPC_PART_TYPE, floating) of @len bytes at @offset. */
GVariant *ha_ipc_part_new(guint32 msg_id, gsize total, gsize offset,
                          const void *data, gsize len);

/** An empty reassembly of a message of at most @max_total bytes. */
ha_ipc_assembly_t *ha_ipc_assembly_new(gsize max_total);

/**
 * Add the next part (a HA_IPC_PART_TYPE value).
 *
 * @return 1 when the message is complete, 0 when more parts are needed,
 *         -HA_ETOOBIG (total over the limit) or -HA_EPROTO (another
 *         message or total than the first part's, out of order, empty or
 *         past the total); after an error the assembly must be freed
 */
int ha_ipc_assembly_add(ha_ipc_assembly_t *a, GVariant *part);

/** The message id of the first part (0 before it). */
guint32 ha_ipc_assembly_msg_id(const ha_ipc_assembly_t *a);

/** The bytes received so far. */
gsize ha_ipc_assembly_len(const ha_ipc_assembly_t *a);

/** The bytes received so far (borrowed). */
const void *ha_ipc_assembly_data(const ha_ipc_assembly_t *a, gsize *ret_len);

/** Free.  NULL is fine. */
void ha_ipc_assembly_free(ha_ipc_assembly_t *a);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_ipc_assembly_t, ha_ipc_assembly_free)

/* ---- server ---- */

/**
 * Start serving @name (an abstract socket name) from the default GLib main
 * context.
 *
 * @param[in]  name       service name, copied
 * @param[in]  table      handlers, must outlive the server
 * @param[in]  n_table    number of entries
 * @param[in]  auth       copied
 * @param[in]  user_data  passed to every handler
 * @param[out] ret_server the server (only on success)
 *
 * @return 0 or a negative errno (e.g. -EADDRINUSE when already served)
 */
int ha_ipc_server_new(const char *name, const struct ha_ipc_handler *table,
                      size_t n_table, const struct ha_ipc_auth *auth,
                      void *user_data, ha_ipc_server_t **ret_server);

/** How long a client may leave a message in parts unpulled, and how many
 * bytes all messages in parts may hold together (tests; the defaults are
 * HA_IPC_PART_IDLE_S and HA_IPC_HELD_MAX). */
void ha_ipc_server_set_part_limits(ha_ipc_server_t *server, guint idle_ms,
                                   gsize held_max);

/** Stop serving and disconnect every client.  NULL is fine. */
void ha_ipc_server_free(ha_ipc_server_t *server);

/**
 * Answer @req and release it (it must not be used afterwards).
 *
 * @param[in] rc    0 or a negative code for the client
 * @param[in] body  the reply body (floating reference sunk), NULL for "()"
 */
void ha_ipc_request_reply(ha_ipc_request_t *req, int rc, GVariant *body);

typedef void (*ha_ipc_cancel_fn)(ha_ipc_request_t *req, void *data);

/**
 * Call @fn once if the client of @req disconnects before the reply.  A
 * request whose client went away holds nothing of the connection; @fn
 * should release it (ha_ipc_request_reply() then sends nothing) and
 * whatever the handler keeps for it.
 */
void ha_ipc_request_set_cancel(ha_ipc_request_t *req, ha_ipc_cancel_fn fn,
                               void *data);

/** The client's user id. */
uid_t ha_ipc_request_uid(const ha_ipc_request_t *req);

/** Privilege of the request's connection. */
enum ha_ipc_priv ha_ipc_request_priv(const ha_ipc_request_t *req);

/**
 * The privilege a user gets (0 if refused): the rule of the header comment.
 * Exposed for tests.
 */
enum ha_ipc_priv ha_ipc_auth_priv(const struct ha_ipc_auth *auth, uid_t uid,
                                  gid_t gid);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_ipc_server_t, ha_ipc_server_free)

/**
 * Whether a client running as @self may talk to a server running as
 * @server: root, the cluster's daemon user @daemon, or @self.  Exposed for
 * tests.
 */
gboolean ha_ipc_server_uid_trusted(uid_t server, uid_t self, uid_t daemon);

/* ---- client ---- */

/**
 * Connect to the server @name with HA_IPC_BUF_SIZE buffers.  Nothing is
 * sent unless the server runs as root, as the cluster's daemon user or as
 * the caller's own user (anyone may claim a name first).
 *
 * @return 0, -HA_ENOTCONN (no server), -HA_EPERM (refused),
 *         -HA_EUNTRUSTED (served by another user), or -errno
 */
int ha_ipc_client_connect(const char *name, ha_ipc_client_t **ret_client);

/**
 * As ha_ipc_client_connect() with buffers of @max_bytes (tests: a server
 * refuses more than HA_IPC_BUF_MAX with -HA_ETOOBIG).
 */
int ha_ipc_client_connect_size(const char *name, size_t max_bytes,
                               ha_ipc_client_t **ret_client);

/**
 * Send one request and wait for its reply.  Either may be up to
 * HA_IPC_MAX_MSG: what does not fit in the connection's buffer travels as
 * parts.
 *
 * @param[in]  msg_id      message id
 * @param[in]  body        request body (floating reference sunk)
 * @param[in]  reply_type  expected type of the reply body
 * @param[in]  timeout_ms  how long to wait for the (whole) reply
 * @param[out] ret_reply   reply body when the result is 0 (may be NULL)
 *
 * @return the server's result (0 or negative), or -HA_ETIMEDOUT,
 *         -HA_ENOTCONN (the server went away), -HA_EPROTO, -HA_ETOOBIG
 */
int ha_ipc_client_call(ha_ipc_client_t *client, uint32_t msg_id,
                       GVariant *body, const char *reply_type, int timeout_ms,
                       GVariant **ret_reply);

/** Disconnect.  NULL is fine. */
void ha_ipc_client_free(ha_ipc_client_t *client);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_ipc_client_t, ha_ipc_client_free)

G_END_DECLS

#endif /* HA_IPC_H */
