/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_sync.h - the DC and the store sync of a membership
 * (hacd_sync.c, DESIGN.md decisions 1-3).
 *
 * The state (DC, phase, every member's STATE answer, ACKs) is private to
 * hacd_sync.c; other modules read it through these functions.
 *
 * Invariants:
 *  - The DC, the phase and the winning copy change only when a CPG message
 *    or membership change is delivered, so every member agrees.
 *  - A node never sends its own store unless it holds the winning copy.
 *  - Writes are accepted only once the phase is HACD_SYNC_DONE.
 */
#ifndef HA_HACD_SYNC_H
#define HA_HACD_SYNC_H

#include <glib.h>
#include <stdint.h>

#include "cluster/cluster.h"
#include "store/store_doc.h"

G_BEGIN_DECLS

struct hacd;

/* A member's answer to a membership change (STATE message). */
struct hacd_peer_state {
    uint32_t nodeid;
    uint32_t pid;
    guint proto;
    struct ha_store_version version;
    char *digest;           /* "" when the copy is corrupt */
    guint64 quorate_ring;
    gboolean synced;
    uint32_t dc_nodeid;
    uint32_t dc_pid;
};

enum hacd_sync_phase {
    HACD_SYNC_COLLECTING,   /* waiting for every member's STATE */
    HACD_SYNC_TRANSFER,     /* winner known, copies being fixed */
    HACD_SYNC_DONE,         /* SYNC_DONE delivered: writes allowed */
};

/* Opaque: the DC and sync state (hacd_sync.c, which drives the pure
 * machine of hacd_sync_sm.h). */
struct hacd_sync;
typedef struct hacd_sync_sm hacd_sync_sm_t;

struct hacd_sync *hacd_sync_new(void);
void hacd_sync_free(struct hacd_sync *s);

/** The machine that decides (read only). */
const hacd_sync_sm_t *hacd_sync_machine(const struct hacd *h);
/** Node id of the DC, 0 while none is known. */
uint32_t hacd_dc_nodeid(const struct hacd *h);
/** CPG pid of the DC's hacd, 0 while none is known. */
uint32_t hacd_dc_pid(const struct hacd *h);
/** Where the sync of the current membership stands. */
enum hacd_sync_phase hacd_sync_phase(const struct hacd *h);
/** TRUE if the last SYNC_DONE listed this node as synced. */
gboolean hacd_sync_i_am_synced(const struct hacd *h);
/** TRUE if the last SYNC_DONE listed @nodeid as synced. */
gboolean hacd_sync_listed(const struct hacd *h, uint32_t nodeid);
/** This node's copy is out of step with the DC (a change failed here). */
void hacd_sync_set_unsynced(struct hacd *h);

void hacd_sync_confchg(struct hacd *h, const struct ha_cluster_confchg *chg);
void hacd_sync_on_state(struct hacd *h, uint32_t nodeid, uint32_t pid,
                        guint proto, GVariant *body);
void hacd_sync_on_store_full(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_sync_on_ack(struct hacd *h, uint32_t nodeid, uint32_t pid,
                      GVariant *body);
void hacd_sync_on_done(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_sync_on_need_store(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_sync_on_force(struct hacd *h, uint32_t nodeid, GVariant *body);
/** BOOTSTRAP delivered: an operator makes the partition act. */
void hacd_sync_on_bootstrap(struct hacd *h, uint32_t nodeid, GVariant *body);

void hacd_sync_quorum_changed(struct hacd *h);
void hacd_peer_state_free(gpointer p);

/** Multicast the whole store (only the holder of the winning copy). */
int hacd_sync_send_store(struct hacd *h);

/** DC: multicast the whole store outside a sync round (members that are
 * out of step take it). */
int hacd_sync_send_store_on_request(struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_SYNC_H */
