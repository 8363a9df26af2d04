/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_events.h - the instance's event fan-out
 * (hacd_events.c).
 *
 * A module that changes something others react to emits a typed event;
 * the modules that react subscribe when they start.  So the membership
 * side (hacd_core, hacd_sync, hacd_hold, hacd_store, hacd_attrs) never
 * calls the controller, the status watch, the alerts or the metrics: it
 * says what happened.
 *
 * Invariants:
 *  - hacd_emit() calls the subscribers synchronously, in the order they
 *    subscribed, exactly once each; the subscribers are those of the
 *    moment the event is emitted (one added or removed meanwhile changes
 *    the next events only).
 *  - Events are emitted where the change happens, which for everything
 *    that must be identical on all members is when a message or membership
 *    change is delivered.
 */
#ifndef HA_HACD_EVENTS_H
#define HA_HACD_EVENTS_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

struct hacd;
struct hacd_op;

enum hacd_event_type {
    HACD_EV_MEMBERSHIP = 0, /* a membership change was delivered */
    HACD_EV_QUORUM,         /* quorum may have changed */
    HACD_EV_NODE,           /* a node joined or left (.node, .nodeid,
                             * .desc "member" or "lost", as alerts say) */
    HACD_EV_NODE_LOST,      /* a pending node was declared lost */
    HACD_EV_DC,             /* the DC changed (.nodeid, 0: none) */
    HACD_EV_SYNCED,         /* the membership's SYNC_DONE was delivered */
    HACD_EV_ESTABLISHED,    /* an operator made the partition act */
    HACD_EV_CONFIG,         /* a configuration version was committed */
    HACD_EV_ATTRS,          /* transient attributes changed */
    HACD_EV_HISTORY,        /* operation history changed (LRM_ALL, cleanup) */
    HACD_EV_OP_RESULT,      /* this node's operation result was recorded
                             * (.node, .rsc, .op) */
    HACD_EV_DELIVERED,      /* any message was delivered (and handled) */
    HACD_EV_N_TYPES
};

/* Masks for hacd_subscribe(). */
#define HACD_EV_BIT(type) (1u << (type))
#define HACD_EV_ALL ((1u << HACD_EV_N_TYPES) - 1)

struct hacd_event {
    enum hacd_event_type type;
    const char *why;            /* for the log ("the membership changed") */
    const char *node;           /* NODE, OP_RESULT; else NULL */
    uint32_t nodeid;            /* NODE, DC */
    const char *desc;           /* NODE */
    const char *rsc;            /* OP_RESULT */
    const struct hacd_op *op;   /* OP_RESULT */
};

typedef void (*hacd_event_fn)(struct hacd *h, const struct hacd_event *ev,
                              void *user_data);

/* Opaque (hacd_events.c). */
struct hacd_events;

struct hacd_events *hacd_events_new(void);
void hacd_events_free(struct hacd_events *e);

/** Call @fn for every event whose type is in @mask (HACD_EV_BIT()s). */
void hacd_subscribe(struct hacd *h, guint mask, hacd_event_fn fn,
                    void *user_data);

/** Remove every subscription of (@fn, @user_data). */
void hacd_unsubscribe(struct hacd *h, hacd_event_fn fn, void *user_data);

/** Tell the subscribers of @ev->type. */
void hacd_emit(struct hacd *h, const struct hacd_event *ev);

/** hacd_emit() of an event that carries only its type and @why. */
void hacd_emit_simple(struct hacd *h, enum hacd_event_type type,
                      const char *why);

G_END_DECLS

#endif /* HA_HACD_EVENTS_H */
