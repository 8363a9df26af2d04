/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_sync_sm.h - the sync decision as a pure state machine
 * (hacd_sync_sm.c): delivered membership changes and sync messages in,
 * messages to multicast and effects out.  No clock, no I/O, no cluster:
 * hacd_sync.c drives it (sends, persists, arms the timer, tells the other
 * modules) and the unit tests run several machines by hand
 * (cts/daemons/test_hacd_sync_sm.c).
 *
 * It implements DESIGN.md decisions 1-3 as hacd_sync.c describes them:
 * the DC from the CPG membership (successor without a message when the
 * DC leaves; else the claim backed by the most recent quorate ring, then
 * the lowest id; else the lowest id of the highest protocol), every
 * member's STATE before acting, one copy wins (most recent quorate ring,
 * highest version, at a split the DC's, then the lowest id; corrupt
 * copies never), and whether the partition is established
 * (hacd_hold_rule(), hacd_hold.c).
 *
 * Invariants:
 *  - The same sequence of inputs gives the same state and outputs on every
 *    member (only delivered inputs change it; hash tables are never
 *    iterated where order could matter without a total order).
 *  - The driver carries out the effects before it multicasts the messages
 *    of the same output (the store before the SYNC_ACK that follows it).
 *  - It asks to send the store only when this member holds the winning copy
 *    and a member's copy differs; it never picks a corrupt copy.
 */
#ifndef HA_HACD_SYNC_SM_H
#define HA_HACD_SYNC_SM_H

#include <glib.h>
#include <stdint.h>

#include "cluster/cluster.h"
#include "store/store_doc.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_sync.h"

G_BEGIN_DECLS

/* What the machine knows of this node when an input arrives. */
struct hacd_sync_env {
    uint32_t nodeid;                    /* this member */
    uint32_t pid;
    const GArray *configured;           /* guint32 ids of the configured
                                         * nodes (STATE, SYNC_FORCE only) */
    struct ha_store_version version;    /* of the local copy; 0.0.0 corrupt */
    const char *digest;                 /* "" when corrupt */
    guint64 quorate_ring;               /* the local copy's */
    gboolean quorate;                   /* this partition, now */
    guint64 ring_seq;                   /* the current corosync ring */
};

/* Effects, as bits of hacd_sync_out.effects. */
enum {
    HACD_SYNC_FX_DC = 1 << 0,           /* the DC changed (dc_why) */
    HACD_SYNC_FX_DC_LEFT = 1 << 1,      /* the DC left (dc_left) */
    HACD_SYNC_FX_NEW_ROUND = 1 << 2,    /* fail writes in flight, arm
                                         * the timer */
    HACD_SYNC_FX_ARM_TIMER = 1 << 3,    /* arm the sync timer again */
    HACD_SYNC_FX_STOP_TIMER = 1 << 4,
    HACD_SYNC_FX_SEND_STORE = 1 << 5,   /* multicast this node's copy (the
                                         * winner; a member differs) */
    HACD_SYNC_FX_START_EMPTY = 1 << 6,  /* no usable copy: start from an
                                         * empty one, then
                                         * hacd_sync_sm_took_copy(ROUND) */
    HACD_SYNC_FX_RECORD_RING = 1 << 7,  /* persist ring as the last
                                         * quorate ring */
    HACD_SYNC_FX_SYNCED = 1 << 8,       /* SYNC_DONE delivered */
    HACD_SYNC_FX_FIRST_SYNC = 1 << 9,   /* the first of this membership */
    HACD_SYNC_FX_HOLD = 1 << 10,        /* established decided (hold) */
    HACD_SYNC_FX_BOOTSTRAP = 1 << 11,   /* an operator established it */
    HACD_SYNC_FX_RESYNCED = 1 << 12,    /* a copy asked for was taken */
};

struct hacd_sync_out {
    GPtrArray *msgs;            /* struct hacd_sync_msg, multicast in order */
    guint effects;
    const char *dc_why;         /* DC: why it was chosen */
    uint32_t dc_left;           /* DC_LEFT: the node id that left */
    guint64 ring;               /* RECORD_RING */
    gboolean quorate;           /* SYNCED: the quorum SYNC_DONE announced */
    enum hacd_hold_reason hold; /* HOLD */
    gboolean newly_established; /* HOLD: it was not established before */
};

struct hacd_sync_msg {
    enum hacd_msg_type type;
    GVariant *body;             /* owned (sunk) */
};

void hacd_sync_out_init(struct hacd_sync_out *out);
void hacd_sync_out_clear(struct hacd_sync_out *out);

/* What a delivered STORE_FULL is to this node. */
enum hacd_sync_copy_kind {
    HACD_SYNC_COPY_IGNORE,      /* not from the winner of this round, nor
                                 * the DC on request */
    HACD_SYNC_COPY_ROUND,       /* the winner's copy in a sync round */
    HACD_SYNC_COPY_REQUESTED,   /* the DC's copy outside a round */
};

typedef struct hacd_sync_sm hacd_sync_sm_t;

/** A machine that has seen no membership yet. */
hacd_sync_sm_t *hacd_sync_sm_new(void);
void hacd_sync_sm_free(hacd_sync_sm_t *sm);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(hacd_sync_sm_t, hacd_sync_sm_free)

/* Reads. */
uint32_t hacd_sync_sm_dc(const hacd_sync_sm_t *sm, uint32_t *ret_pid);
enum hacd_sync_phase hacd_sync_sm_phase(const hacd_sync_sm_t *sm);
gboolean hacd_sync_sm_i_am_synced(const hacd_sync_sm_t *sm);
gboolean hacd_sync_sm_listed(const hacd_sync_sm_t *sm, uint32_t nodeid);
gboolean hacd_sync_sm_established(const hacd_sync_sm_t *sm);
gboolean hacd_sync_sm_is_dc(const hacd_sync_sm_t *sm);
guint64 hacd_sync_sm_view(const hacd_sync_sm_t *sm);
/** The winning copy's STATE (borrowed), NULL before it is known or when
 * no copy is usable. */
const struct hacd_peer_state *hacd_sync_sm_winner(const hacd_sync_sm_t *sm);
/** Number of STATEs and SYNC_ACKs delivered in this round. */
void hacd_sync_sm_counts(const hacd_sync_sm_t *sm, guint *ret_states,
                         guint *ret_acks);

/* Delivered inputs (each appends its outputs to @out). */
void hacd_sync_sm_confchg(hacd_sync_sm_t *sm, const GArray *members,
                          guint64 view, const struct hacd_sync_env *env,
                          struct hacd_sync_out *out);
void hacd_sync_sm_on_state(hacd_sync_sm_t *sm, uint32_t nodeid, uint32_t pid,
                           guint proto, GVariant *body,
                           const struct hacd_sync_env *env,
                           struct hacd_sync_out *out);
void hacd_sync_sm_on_force(hacd_sync_sm_t *sm, uint32_t nodeid,
                           GVariant *body, const struct hacd_sync_env *env,
                           struct hacd_sync_out *out);
void hacd_sync_sm_on_ack(hacd_sync_sm_t *sm, uint32_t nodeid, uint32_t pid,
                         GVariant *body, const struct hacd_sync_env *env,
                         struct hacd_sync_out *out);
void hacd_sync_sm_on_done(hacd_sync_sm_t *sm, uint32_t nodeid,
                          GVariant *body, const struct hacd_sync_env *env,
                          struct hacd_sync_out *out);
/** Whether to take a delivered STORE_FULL (its view, sender). */
enum hacd_sync_copy_kind hacd_sync_sm_on_store(const hacd_sync_sm_t *sm,
                                               uint32_t nodeid,
                                               guint64 view);
/**
 * The copy of a STORE_FULL of @kind is now the local one (@env says so):
 * a round's copy is acknowledged; a requested one makes this node synced
 * again when @resyncing.
 */
void hacd_sync_sm_took_copy(hacd_sync_sm_t *sm,
                            enum hacd_sync_copy_kind kind,
                            gboolean resyncing,
                            const struct hacd_sync_env *env,
                            struct hacd_sync_out *out);
/** BOOTSTRAP delivered (an operator's request of view @body). */
void hacd_sync_sm_on_bootstrap(hacd_sync_sm_t *sm, GVariant *body,
                               const struct hacd_sync_env *env,
                               struct hacd_sync_out *out);
/** A change failed here: out of step until the DC's copy is taken. */
void hacd_sync_sm_unsynced(hacd_sync_sm_t *sm);

/* Local inputs (the same on no two members; they only decide what to
 * send, never state that must agree). */
void hacd_sync_sm_timeout(hacd_sync_sm_t *sm, const struct hacd_sync_env *env,
                          struct hacd_sync_out *out);
void hacd_sync_sm_quorum_changed(hacd_sync_sm_t *sm,
                                 const struct hacd_sync_env *env,
                                 struct hacd_sync_out *out);

G_END_DECLS

#endif /* HA_HACD_SYNC_SM_H */
