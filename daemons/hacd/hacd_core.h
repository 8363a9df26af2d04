/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_core.h - the membership and the node table
 * (hacd_core.c, DESIGN.md decision 6).
 *
 * The membership is the sorted (nodeid, pid) list of hacd processes that
 * CPG delivered last, with its hash (the view id every sync message
 * carries).  The node table has one entry per node ever heard of: online,
 * pending within the grace period, lost or offline.  The state itself is
 * private to hacd_core.c; other modules read it through these functions.
 *
 * Invariants:
 *  - Members and node states change only when a membership change or a
 *    message is delivered, in the same order on every member.
 *  - An entry, once created, lives as long as the instance (pointers to a
 *    struct hacd_node stay valid).
 */
#ifndef HA_HACD_CORE_H
#define HA_HACD_CORE_H

#include <glib.h>
#include <stdint.h>

#include "cluster/cluster.h"

G_BEGIN_DECLS

struct hacd;

enum hacd_node_state {
    HACD_NODE_OFFLINE = 0,  /* not in the ring, left cleanly or never seen */
    HACD_NODE_ONLINE,       /* its hacd is a member */
    HACD_NODE_PENDING,      /* in the ring, hacd gone: grace period */
    HACD_NODE_LOST,         /* left the ring uncleanly / grace expired */
};

struct hacd_node {
    uint32_t nodeid;
    char *name;
    enum hacd_node_state state;
    gboolean in_ring;
    uint32_t pid;           /* hacd's pid when online */
    gboolean clean;         /* its hacd announced a clean shutdown */
    guint grace_source;     /* DC only */
    struct hacd *grace_data; /* borrowed, for the grace timer */
    gboolean seen;          /* was a member since this hacd started */
    gboolean fenced;        /* fenced since it was last a member */
    gboolean fence_asked;   /* a fencing of it was asked since it joined */
    gboolean exec_ready;    /* its executor state is known (LRM_ALL) */
    guint64 lrm_view;       /* view of its last LRM_ALL */
};

/* Opaque: the membership and node table (hacd_core.c). */
struct hacd_membership;

struct hacd_membership *hacd_membership_new(void);
void hacd_membership_free(struct hacd_membership *m);

/** Node entry (created on first use). */
struct hacd_node *hacd_node_get(struct hacd *h, uint32_t nodeid);

/** Node entry, or NULL if this node was never heard of. */
struct hacd_node *hacd_node_find(const struct hacd *h, uint32_t nodeid);

/** Every known node, sorted by node id (borrowed entries; free the array). */
GPtrArray *hacd_nodes_sorted(const struct hacd *h);

/** Display name of a node ("node<id>" when unknown); borrowed. */
const char *hacd_node_name(struct hacd *h, uint32_t nodeid);

/** Node id of a node name, 0 if unknown. */
uint32_t hacd_node_by_name(struct hacd *h, const char *name);

/** Node state as a word for status output. */
const char *hacd_node_state_str(enum hacd_node_state state);

/** The current membership: sorted struct ha_cluster_member (borrowed). */
const GArray *hacd_members(const struct hacd *h);

/** Hash of the current membership (hacd_view_hash()). */
guint64 hacd_view_id(const struct hacd *h);

/** The corosync ring last reported. */
struct ha_cluster_ring hacd_ring(const struct hacd *h);

/** TRUE if (nodeid, pid) is in the current membership. */
gboolean hacd_is_member(const struct hacd *h, uint32_t nodeid, uint32_t pid);

/** TRUE if this instance is the DC. */
gboolean hacd_is_dc(const struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_CORE_H */
