/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_proto.h - the messages between hacd (or a test client) and
 * ha-execd, as GVariant bodies: message ids, body types, and pure
 * encode/decode functions between them and lib/exec's C types.
 *
 * The transport (libqb, envelopes with a protocol version and a sequence
 * number, size limits, normal-form checks) is lib/ipc/ipc_execd_*; this
 * file only knows bodies.  Every decoder checks the body type and the
 * content (names, sizes) again, so it is safe on any GVariant.
 *
 * Requests and their replies (reply rc is 0 or a negative code):
 *   EXEC       (sssssuua{ss}a{ss})  rsc, class, provider|"", type, action,
 *                                   interval ms, timeout ms, params, meta
 *              -> (t) call id; the outcome comes later as a RESULT event
 *   CANCEL     (ssu) rsc, action, interval ms   -> ()
 *   STATE      ()                               -> a(...) see state_encode
 *   METADATA   (sss) class, provider|"", type   -> (s) the XML
 *   LIST       (ss)  class, provider|""         -> (as)
 *   STATS      ()                               -> (uuuuu) lateness count,
 *                                                  p50, p99, max ms, running
 * Events (server to client, sequence number 0):
 *   RESULT     a result: see HA_EXEC_PROTO_RESULT_TYPE
 *
 * Invariants: pure, non-logging; returned GVariants are floating.
 */
#ifndef HA_EXEC_PROTO_H
#define HA_EXEC_PROTO_H

#include <glib.h>

#include "exec/exec_action.h"
#include "exec/exec_agent.h"
#include "exec/exec_rsc.h"

G_BEGIN_DECLS

/* Version of the bodies below; carried by the transport's envelope. */
#define HA_EXEC_PROTO_VERSION 1

/* Output kept in a RESULT event (the executor keeps more). */
#define HA_EXEC_PROTO_OUT_MAX  (256 * 1024)
#define HA_EXEC_PROTO_ERR_MAX  (16 * 1024)

enum ha_exec_proto_msg {
    HA_EXEC_MSG_EXEC = 1,
    HA_EXEC_MSG_CANCEL = 2,
    HA_EXEC_MSG_STATE = 3,
    HA_EXEC_MSG_METADATA = 4,
    HA_EXEC_MSG_LIST = 5,
    HA_EXEC_MSG_STATS = 6,
    HA_EXEC_MSG_RESULT = 100,   /* event */
};

#define HA_EXEC_PROTO_EXEC_TYPE     "(sssssuua{ss}a{ss})"
#define HA_EXEC_PROTO_CANCEL_TYPE   "(ssu)"
#define HA_EXEC_PROTO_METADATA_TYPE "(sss)"
#define HA_EXEC_PROTO_LIST_TYPE     "(ss)"
#define HA_EXEC_PROTO_RESULT_TYPE   "(ssutuiisssxuuu)"
#define HA_EXEC_PROTO_STATE_TYPE \
    "a(ssssm" HA_EXEC_PROTO_RESULT_TYPE "m" HA_EXEC_PROTO_RESULT_TYPE \
    "sutua(suutm" HA_EXEC_PROTO_RESULT_TYPE "))"
#define HA_EXEC_PROTO_STATS_TYPE    "(uuuuu)"

/**
 * The body type of a request (@from_server FALSE) or of the reply/event
 * (@from_server TRUE) with id @msg_id; NULL for an unknown id.
 */
const char *ha_exec_proto_body_type(guint32 msg_id, gboolean from_server);

/** Encode an EXEC request. */
GVariant *ha_exec_proto_exec_encode(const ha_exec_request_t *req);

/**
 * Decode and validate an EXEC request.
 *
 * @param[out] ret_req  new request (only on success)
 *
 * @return 0, -HA_EPROTO (wrong type) or what ha_exec_request_validate() says
 */
int ha_exec_proto_exec_decode(GVariant *body, ha_exec_request_t **ret_req);

/** Encode a result (output cut to the limits above, made valid UTF-8). */
GVariant *ha_exec_proto_result_encode(const ha_exec_result_t *r);

/** Decode a result.  @return 0 or -HA_EPROTO */
int ha_exec_proto_result_decode(GVariant *body, ha_exec_result_t **ret_result);

/* One resource of a decoded STATE reply.  Every field is owned. */
typedef struct {
    char *rsc_id;
    char *rclass;
    char *provider;                 /* NULL when none */
    char *type;
    ha_exec_result_t *last_op;      /* or NULL */
    ha_exec_result_t *last_failure; /* or NULL */
    char *running_action;           /* NULL when idle */
    guint running_interval_ms;
    guint64 running_call_id;
    guint queued;
    GPtrArray *monitors;            /* ha_exec_proto_monitor_t */
} ha_exec_proto_rsc_t;

typedef struct {
    char *action;
    guint interval_ms;
    guint timeout_ms;
    guint64 call_id;
    ha_exec_result_t *last;         /* or NULL */
} ha_exec_proto_monitor_t;

/** Encode the executor's whole state (outputs left out). */
GVariant *ha_exec_proto_state_encode(ha_exec_executor_t *ex);

/**
 * Decode a STATE reply.
 *
 * @param[out] ret_rscs  array of ha_exec_proto_rsc_t (frees its elements)
 *
 * @return 0 or -HA_EPROTO
 */
int ha_exec_proto_state_decode(GVariant *body, GPtrArray **ret_rscs);

/** Encode a CANCEL request. */
GVariant *ha_exec_proto_cancel_encode(const char *rsc_id, const char *action,
                                      guint interval_ms);

G_END_DECLS

#endif /* HA_EXEC_PROTO_H */
