/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_hold.c - does this partition hold the cluster's
 * newest configuration, so that it may act?
 *
 * Quorum says how many votes are here, not whether any member has the
 * cluster's configuration: with two_node, last_man_standing, lowered
 * expected votes or wait_for_all off, a node whose state directory was
 * wiped (or that never took part in the cluster) can be quorate alone.
 * Acting then stops resources it does not know (orphans, without their
 * parameters), fences nodes, and accepts writes the cluster drops when it
 * comes back (DESIGN.md decision 3: the copy of the most recent quorate
 * ring wins).
 *
 * So a partition acts (schedules, fences, accepts writes) only when it is
 * established, decided from the STATEs every member delivered (the same
 * set everywhere, so every member agrees):
 *  - a member is a holder: its copy is intact and was kept through a
 *    quorate ring (hacd.state records that ring and the copy's version; a
 *    copy older than the version recorded, or no hacd.state at all, is
 *    not a holder: hacd_store.c);
 *  - or every configured node answered: the first formation of a new
 *    cluster, where no absent node can hold a newer copy;
 *  - or an operator forced it (hactl cluster bootstrap --force): the
 *    BOOTSTRAP message, delivered in the current membership.
 * A partition that is not established still has a DC and syncs (status
 * shows both), but does not act and does not record the quorate ring, so
 * its copies never become holders by waiting.  When a holder joins, its
 * copy wins and the partition is established.
 */
#include "config.h"

#include <errno.h>

#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_sync_sm.h"

gboolean
hacd_established(const struct hacd *h)
{
    return hacd_sync_sm_established(hacd_sync_machine(h));
}

gboolean
hacd_hold_is_holder(const struct hacd_peer_state *s)
{
    return s->digest[0] != '\0' && s->quorate_ring > 0;
}

static gboolean
any_holder(GHashTable *states)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (hacd_hold_is_holder(v)) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
answered(GHashTable *states, uint32_t nodeid)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        if (((const struct hacd_peer_state *) v)->nodeid == nodeid) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
every_configured_node_answered(GHashTable *states, const GArray *configured)
{
    for (guint i = 0; configured != NULL && i < configured->len; i++) {
        if (!answered(states, g_array_index(configured, guint32, i))) {
            return FALSE;
        }
    }
    return configured != NULL && configured->len > 0;
}

enum hacd_hold_reason
hacd_hold_rule(GHashTable *states, const GArray *configured)
{
    if (any_holder(states)) {
        return HACD_HOLD_HOLDER;
    }
    return every_configured_node_answered(states, configured)
           ? HACD_HOLD_NEW_CLUSTER : HACD_HOLD_WAITING;
}

int
hacd_hold_bootstrap(struct hacd *h)
{
    if (hacd_established(h)) {
        return -EALREADY;
    }
    if (hacd_sync_phase(h) != HACD_SYNC_DONE) {
        return -HA_ERETRY;
    }
    if (!ha_cluster_quorate(h->cluster)) {
        return -HA_ENOQUORUM;
    }
    return hacd_msg_send(h, HACD_MSG_BOOTSTRAP,
                         g_variant_new("(t)", hacd_view_id(h)));
}
