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

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"

struct hacd_hold {
    gboolean established;       /* this partition may act */
};

struct hacd_hold *
hacd_hold_new(void)
{
    return g_new0(struct hacd_hold, 1);
}

void
hacd_hold_free(struct hacd_hold *hold)
{
    g_free(hold);
}

gboolean
hacd_established(const struct hacd *h)
{
    return h->hold->established;
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
every_configured_node_answered(struct hacd *h, GHashTable *states)
{
    g_autoptr(GArray) nodes = ha_cluster_configured_nodes(h->cluster);

    for (guint i = 0; i < nodes->len; i++) {
        if (!answered(states, g_array_index(nodes, guint32, i))) {
            return FALSE;
        }
    }
    return nodes->len > 0;
}

void
hacd_hold_resolve(struct hacd *h, GHashTable *states)
{
    gboolean was = h->hold->established;

    if (any_holder(states)) {
        h->hold->established = TRUE;
        return;
    }
    h->hold->established = every_configured_node_answered(h, states);
    if (h->hold->established && !was) {
        ha_notice("No member has been part of a quorate cluster, and every "
                  "configured node is here: a new cluster forms");
    } else if (!h->hold->established) {
        ha_warn("No member of this partition holds the cluster's "
                "configuration (copies empty, wiped, older than recorded "
                "or never part of a quorate cluster): not acting until a "
                "member that holds it joins, or an operator runs 'hactl "
                "cluster bootstrap --force' " QB_XS " members=%u",
                hacd_members(h)->len);
    }
}

void
hacd_hold_on_bootstrap(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct ha_store_version v;
    guint64 view = 0;

    g_variant_get(body, "(t)", &view);
    if (view != hacd_view_id(h) || h->hold->established) {
        return;     /* asked in an earlier membership, or moot */
    }
    h->hold->established = TRUE;
    hacd_store_version(h, &v);
    ha_warn("An operator on %s forced this partition to act with "
            "configuration %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%"
            G_GUINT64_FORMAT " although no member held the cluster's "
            "(hactl cluster bootstrap --force)", hacd_node_name(h, nodeid),
            v.admin_epoch, v.epoch, v.num_updates);
    /* the DC announces SYNC_DONE again: members record the quorate ring
     * now, and queued writes and the controller may start */
    hacd_sync_quorum_changed(h);
    hacd_emit_simple(h, HACD_EV_ESTABLISHED,
                     "an operator bootstrapped the partition");
}

int
hacd_hold_bootstrap(struct hacd *h)
{
    if (h->hold->established) {
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
