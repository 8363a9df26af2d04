/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_hold.h - whether this partition holds the cluster's
 * newest configuration and may act; the operator's bootstrap
 * (hacd_hold.c).
 *
 * Invariant: a partition acts (schedules, fences, accepts writes) only when
 * established: a member's copy was kept through a quorate ring, or every
 * configured node answered (a new cluster), or an operator forced it.  An
 * empty, wiped or never-synced copy alone never acts, whatever votequorum
 * says (two_node, last_man_standing, expected votes).
 */
#ifndef HA_HACD_HOLD_H
#define HA_HACD_HOLD_H

#include <glib.h>
#include <stdint.h>

#include "hacd/hacd_sync.h"

G_BEGIN_DECLS

struct hacd;

/* Why a partition is established (or not). */
enum hacd_hold_reason {
    HACD_HOLD_HOLDER,           /* a member holds the configuration */
    HACD_HOLD_NEW_CLUSTER,      /* every configured node answered */
    HACD_HOLD_WAITING,          /* neither: not acting */
};

/** TRUE if this partition is established: it may act. */
gboolean hacd_established(const struct hacd *h);

/**
 * The rule (pure): given every member's STATE (@states: "nodeid:pid" ->
 * hacd_peer_state, the same set on every member) and the configured node
 * ids (@configured, guint32), is the partition established and why.  An
 * operator's bootstrap comes on top (hacd_sync_sm_on_bootstrap()).
 */
enum hacd_hold_reason hacd_hold_rule(GHashTable *states,
                                     const GArray *configured);

/** TRUE if this member's copy counts as the cluster's (a holder). */
gboolean hacd_hold_is_holder(const struct hacd_peer_state *s);

/**
 * Operator override: make this partition act with the copies it has
 * although no member holds the cluster's configuration.  0 once asked
 * (it takes effect when the request is delivered), -EALREADY if it
 * already acts, -HA_ERETRY while a sync runs, -HA_ENOQUORUM without
 * quorum.
 */
int hacd_hold_bootstrap(struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_HOLD_H */
