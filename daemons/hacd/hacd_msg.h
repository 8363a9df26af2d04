/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_msg.h - the CPG message envelope and its codecs
 * (hacd_msg.c).  Every message carries the protocol version of its
 * sender; a body of the wrong GVariant type is refused when decoded.
 */
#ifndef HA_HACD_MSG_H
#define HA_HACD_MSG_H

#include <glib.h>

G_BEGIN_DECLS

/* CPG protocol version this build speaks (in every message). */
#define HACD_PROTOCOL 1

struct hacd;

enum hacd_msg_type {
    HACD_MSG_STATE = 1,
    HACD_MSG_STORE_FULL = 2,
    HACD_MSG_SYNC_ACK = 3,
    HACD_MSG_SYNC_DONE = 4,
    HACD_MSG_WRITE_REQ = 5,
    HACD_MSG_WRITE_CHANGE = 6,
    HACD_MSG_WRITE_CONFIRM = 7,
    HACD_MSG_WRITE_RESULT = 8,
    HACD_MSG_ATTR_SET = 9,
    HACD_MSG_ATTR_ALL = 10,
    HACD_MSG_NODE_LOST = 11,
    HACD_MSG_SHUTDOWN = 12,
    HACD_MSG_NEED_STORE = 13,
    HACD_MSG_SYNC_FORCE = 14,
    HACD_MSG_LRM_ALL = 15,      /* a node's whole operation history */
    HACD_MSG_OP_RESULT = 16,    /* one operation's result */
    HACD_MSG_LRM_DELETE = 17,   /* forget a resource's history (cleanup) */
    HACD_MSG_ACTION = 18,       /* DC -> node: run this action */
    HACD_MSG_FENCE_REQ = 19,    /* DC -> node: run this fence device */
    HACD_MSG_FENCE_RESULT = 20, /* the outcome of a fencing */
    HACD_MSG_FENCE_ASK = 21,    /* anyone -> DC: fence this node (hactl) */
    HACD_MSG_TRANSITION = 22,   /* DC: a transition started / ended */
    HACD_MSG_BOOTSTRAP = 23,    /* an operator forces this partition to
                                 * act with its copies (hactl cluster
                                 * bootstrap --force) */
};

/** Body type string of a message type, NULL if unknown. */
const char *hacd_msg_body_type(guint type);

/** Multicast one message (@body floating ref sunk).  0 or negative. */
int hacd_msg_send(struct hacd *h, enum hacd_msg_type type, GVariant *body);

/**
 * Decode an envelope.  0 with the type, protocol and body set, or
 * -HA_EPROTO for anything malformed, unknown or of the wrong type.
 */
int hacd_msg_decode(GBytes *payload, guint *ret_type, guint *ret_proto,
                    GVariant **ret_body);

/** Hash of a sorted member list (identifies a membership). */
guint64 hacd_view_hash(const GArray *members);

G_END_DECLS

#endif /* HA_HACD_MSG_H */
