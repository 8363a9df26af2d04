/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_sync.c - who is DC, and which store copy wins.
 *
 * DESIGN.md decisions 1-3, driven only by what CPG delivers (the same
 * sequence on every member), so every member reaches the same answers
 * without any election message:
 *
 *  1. On a membership change, if the DC left, every member that knows the
 *     history (it saw the last SYNC_DONE) takes as DC the lowest node id
 *     among the members that SYNC_DONE listed as synced and that speak the
 *     highest protocol: takeover needs no message at all.
 *  2. Every member then multicasts STATE: store version, digest, last
 *     quorate ring, synced flag and its DC claim, tagged with a hash of the
 *     membership it answers (older answers are ignored).
 *  3. When a member has every member's STATE it resolves the DC: the
 *     claimed DC that is still a member (after a merge, the claim backed by
 *     the most recent quorate ring, then the lowest id); with no claim, the
 *     lowest node id that speaks the highest protocol.  It resolves the
 *     winning copy the same way: most recent quorate ring, then highest
 *     version; equal versions with different digests are a split, where the
 *     DC's copy wins, then the lowest node id.  Corrupt copies never win.
 *  4. The holder of the winning copy multicasts it (compressed and chunked
 *     by lib/cluster) if any member differs; members that differ take it
 *     and persist it.  Everyone multicasts SYNC_ACK with its version.
 *  5. The DC, with every member's matching ACK, multicasts SYNC_DONE with
 *     the synced members, the ring and its quorum: writes may start.
 *  6. Whether the partition may act at all (it holds the cluster's newest
 *     configuration) is decided from the same STATEs: hacd_hold.c.
 *  7. A member that does not answer within the sync timeout is treated as
 *     failed: the DC multicasts SYNC_FORCE (everyone resolves with the
 *     STATEs delivered so far, the same set everywhere) or, waiting for
 *     ACKs, SYNC_DONE without it.  It stays unsynced until the next
 *     membership change.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"

struct hacd_sync {
    uint32_t dc_nodeid;
    uint32_t dc_pid;
    gboolean view_valid;            /* I know the DC history */
    GHashTable *synced;             /* nodeids synced in the last DC config */
    gboolean i_am_synced;
    enum hacd_sync_phase phase;
    GHashTable *states;             /* "nodeid:pid" -> hacd_peer_state */
    GHashTable *sync_acks;          /* "nodeid:pid" present */
    struct hacd_peer_state *winner; /* borrowed from states */
    gint64 confchg_us;              /* monotonic time of the last confchg */
    gint64 dc_since_us;
    guint sync_timer;
};

static char *
member_key(uint32_t nodeid, uint32_t pid)
{
    return g_strdup_printf("%u:%u", nodeid, pid);
}

void
hacd_peer_state_free(gpointer p)
{
    struct hacd_peer_state *s = p;

    if (s != NULL) {
        g_free(s->digest);
        g_free(s);
    }
}

static guint
node_proto(struct hacd *h, uint32_t nodeid)
{
    const struct hacd_node *n = hacd_node_find(h, nodeid);

    return (n != NULL && n->proto != 0) ? n->proto : HACD_PROTOCOL;
}

static void
set_dc(struct hacd *h, uint32_t nodeid, uint32_t pid, const char *why)
{
    if (h->sync->dc_nodeid == nodeid && h->sync->dc_pid == pid) {
        return;
    }
    h->sync->dc_nodeid = nodeid;
    h->sync->dc_pid = pid;
    h->sync->dc_since_us = g_get_monotonic_time();
    if (nodeid != 0) {
        ha_notice("DC is now %s (%s) " QB_XS " nodeid=%u pid=%u "
                  "after_membership_ms=%.1f",
                  hacd_node_name(h, nodeid), why, nodeid, pid,
                  (h->sync->dc_since_us - h->sync->confchg_us) / 1000.0);
    }
    hacd_emit(h, &(struct hacd_event) {
        .type = HACD_EV_DC, .why = "the DC changed", .nodeid = nodeid,
    });
}

/* Decision 1, fast path: the DC left; pick its successor locally. */
static void
takeover_if_dc_left(struct hacd *h)
{
    const GArray *members = hacd_members(h);
    guint max_proto = 0;
    const struct ha_cluster_member *best = NULL;

    if (h->sync->dc_nodeid == 0 || hacd_is_member(h, h->sync->dc_nodeid, h->sync->dc_pid)) {
        return;
    }
    ha_notice("DC %s left the group", hacd_node_name(h, h->sync->dc_nodeid));
    h->sync->dc_nodeid = 0;
    h->sync->dc_pid = 0;
    if (!h->sync->view_valid) {
        return;
    }
    for (guint i = 0; i < members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(members, struct ha_cluster_member, i);

        max_proto = MAX(max_proto, node_proto(h, m->nodeid));
    }
    for (guint i = 0; i < members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(members, struct ha_cluster_member, i);

        if (g_hash_table_contains(h->sync->synced, GUINT_TO_POINTER(m->nodeid))
            && node_proto(h, m->nodeid) == max_proto
            && (best == NULL || m->nodeid < best->nodeid)) {
            best = m;
        }
    }
    if (best != NULL) {
        set_dc(h, best->nodeid, best->pid, "successor of the DC that left");
    }
}

static guint
sync_timeout_ms(struct hacd *h)
{
    /* No CPG message moves during failure detection (token + consensus):
     * a bound below that would exclude healthy members. */
    return (h->opt.sync_timeout_ms != 0) ? h->opt.sync_timeout_ms
           : ha_cluster_timings(h->cluster).token_ms * 4 + 5000;
}

static void send_done(struct hacd *h);

static gboolean
sync_timeout_cb(gpointer data)
{
    struct hacd *h = data;
    const GArray *members = hacd_members(h);

    h->sync->sync_timer = 0;
    if (h->sync->phase == HACD_SYNC_DONE) {
        return G_SOURCE_REMOVE;
    }
    /* The DC decides; with no DC known yet, the lowest member does. */
    if (!hacd_is_dc(h)
        && !(h->sync->dc_nodeid == 0 && members->len > 0
             && g_array_index(members, struct ha_cluster_member, 0).nodeid
                == ha_cluster_local_nodeid(h->cluster)
             && g_array_index(members, struct ha_cluster_member, 0).pid
                == ha_cluster_local_pid(h->cluster))) {
        return G_SOURCE_REMOVE;
    }
    ha_warn("A member did not answer the sync within %u ms: going on "
            "without it " QB_XS " states=%u acks=%u members=%u",
            sync_timeout_ms(h), g_hash_table_size(h->sync->states),
            g_hash_table_size(h->sync->sync_acks), hacd_members(h)->len);
    if (h->sync->phase == HACD_SYNC_COLLECTING) {
        (void) hacd_msg_send(h, HACD_MSG_SYNC_FORCE,
                             g_variant_new("(t)", hacd_view_id(h)));
        h->sync->sync_timer = g_timeout_add(sync_timeout_ms(h), sync_timeout_cb, h);
    } else {
        send_done(h);
    }
    return G_SOURCE_REMOVE;
}

void
hacd_sync_confchg(struct hacd *h, const struct ha_cluster_confchg *chg)
{
    struct ha_store_version v;

    h->sync->confchg_us = g_get_monotonic_time();
    takeover_if_dc_left(h);
    hacd_write_abort_all(h, -HA_ERETRY);    /* this round fixes the copy */
    g_hash_table_remove_all(h->sync->states);
    g_hash_table_remove_all(h->sync->sync_acks);
    h->sync->winner = NULL;
    h->sync->phase = HACD_SYNC_COLLECTING;
    hacd_store_version(h, &v);
    (void) hacd_msg_send(h, HACD_MSG_STATE,
                         g_variant_new("(t(ttt)stbuu)", hacd_view_id(h),
                                       v.admin_epoch, v.epoch, v.num_updates,
                                       hacd_store_digest(h), hacd_store_quorate_ring(h),
                                       h->sync->i_am_synced, h->sync->dc_nodeid,
                                       h->sync->dc_pid));
    if (h->sync->sync_timer != 0) {
        g_source_remove(h->sync->sync_timer);
    }
    h->sync->sync_timer = g_timeout_add(sync_timeout_ms(h), sync_timeout_cb, h);
}

/* The claimed DC of a merge: the claim whose backers saw the most recent
 * quorate ring wins, then the lowest node id. */
static const struct hacd_peer_state *
resolve_claim(struct hacd *h)
{
    const struct hacd_peer_state *best = NULL;
    guint64 best_ring = 0;
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, h->sync->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const struct hacd_peer_state *s = v;
        guint64 ring = 0;
        GHashTableIter it2;
        gpointer v2;

        if (s->dc_nodeid == 0 || !hacd_is_member(h, s->dc_nodeid, s->dc_pid)) {
            continue;
        }
        g_hash_table_iter_init(&it2, h->sync->states);
        while (g_hash_table_iter_next(&it2, NULL, &v2)) {
            const struct hacd_peer_state *o = v2;

            if (o->dc_nodeid == s->dc_nodeid && o->dc_pid == s->dc_pid) {
                ring = MAX(ring, o->quorate_ring);
            }
        }
        if (best == NULL || ring > best_ring
            || (ring == best_ring && s->dc_nodeid < best->dc_nodeid)) {
            best = s;
            best_ring = ring;
        }
    }
    return best;
}

static void
resolve_dc(struct hacd *h)
{
    const struct hacd_peer_state *claim = resolve_claim(h);
    const struct hacd_peer_state *first = NULL;
    guint max_proto = 0;
    GHashTableIter it;
    gpointer v;

    if (claim != NULL) {
        set_dc(h, claim->dc_nodeid, claim->dc_pid,
               (claim->dc_nodeid == h->sync->dc_nodeid) ? "kept" : "merged side");
        return;
    }
    g_hash_table_iter_init(&it, h->sync->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        max_proto = MAX(max_proto, ((struct hacd_peer_state *) v)->proto);
    }
    g_hash_table_iter_init(&it, h->sync->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const struct hacd_peer_state *s = v;

        if (s->proto == max_proto && (first == NULL || s->nodeid < first->nodeid)) {
            first = s;
        }
    }
    if (first != NULL) {
        set_dc(h, first->nodeid, first->pid, "lowest node id, no DC before");
    }
}

/* TRUE if copy @a beats copy @b (decision 3). */
static gboolean
copy_beats(const struct hacd *h, const struct hacd_peer_state *a,
           const struct hacd_peer_state *b)
{
    int cmp;

    if (a->quorate_ring != b->quorate_ring) {
        return a->quorate_ring > b->quorate_ring;
    }
    cmp = ha_store_version_cmp(&a->version, &b->version);
    if (cmp != 0) {
        return cmp > 0;
    }
    if (strcmp(a->digest, b->digest) != 0) {
        /* a split at equal versions: the DC's side wins */
        if (a->nodeid == h->sync->dc_nodeid) {
            return TRUE;
        }
        if (b->nodeid == h->sync->dc_nodeid) {
            return FALSE;
        }
    }
    return a->nodeid < b->nodeid;
}

static gboolean
same_copy(const struct hacd_peer_state *a, const struct ha_store_version *v,
          const char *digest)
{
    return ha_store_version_cmp(&a->version, v) == 0
           && strcmp(a->digest, digest) == 0;
}

static void
send_ack(struct hacd *h)
{
    struct ha_store_version v;

    hacd_store_version(h, &v);
    (void) hacd_msg_send(h, HACD_MSG_SYNC_ACK,
                         g_variant_new("(t(ttt)s)", hacd_view_id(h), v.admin_epoch,
                                       v.epoch, v.num_updates,
                                       hacd_store_digest(h)));
}

static void
resolve_winner(struct hacd *h)
{
    struct ha_store_version mine;
    gboolean anyone_differs = FALSE;
    GHashTableIter it;
    gpointer v;

    h->sync->winner = NULL;
    g_hash_table_iter_init(&it, h->sync->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_peer_state *s = v;

        if (s->digest[0] != '\0' && (h->sync->winner == NULL || copy_beats(h, s, h->sync->winner))) {
            h->sync->winner = s;
        }
    }
    h->sync->phase = HACD_SYNC_TRANSFER;
    if (h->sync->winner == NULL) {
        /* every copy is corrupt: start from an empty configuration */
        ha_err("No member has a usable configuration copy: starting empty");
        hacd_store_reset_empty(h);
        send_ack(h);
        return;
    }
    g_hash_table_iter_init(&it, h->sync->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_peer_state *s = v;

        anyone_differs |= !same_copy(s, &h->sync->winner->version, h->sync->winner->digest);
    }
    hacd_store_version(h, &mine);
    if (h->sync->winner->nodeid == ha_cluster_local_nodeid(h->cluster)
        && h->sync->winner->pid == ha_cluster_local_pid(h->cluster) && anyone_differs) {
        (void) hacd_sync_send_store(h);
    }
    if (same_copy(h->sync->winner, &mine, hacd_store_digest(h))) {
        send_ack(h);
    }
}

void
hacd_sync_on_state(struct hacd *h, uint32_t nodeid, uint32_t pid, guint proto,
                   GVariant *body)
{
    struct hacd_peer_state *s = g_new0(struct hacd_peer_state, 1);
    guint64 view = 0;

    s->nodeid = nodeid;
    s->pid = pid;
    s->proto = proto;
    g_variant_get(body, "(t(ttt)stbuu)", &view, &s->version.admin_epoch,
                  &s->version.epoch, &s->version.num_updates, &s->digest,
                  &s->quorate_ring, &s->synced, &s->dc_nodeid, &s->dc_pid);
    if (view != hacd_view_id(h) || h->sync->phase != HACD_SYNC_COLLECTING) {
        hacd_peer_state_free(s);
        return;     /* an answer to an older membership */
    }
    hacd_node_get(h, nodeid)->proto = proto;
    g_hash_table_replace(h->sync->states, member_key(nodeid, pid), s);
    if (g_hash_table_size(h->sync->states) < hacd_members(h)->len) {
        return;
    }
    hacd_hold_resolve(h, h->sync->states);
    resolve_dc(h);
    resolve_winner(h);
}

static int
send_store(struct hacd *h, guint64 view)
{
    struct ha_store_version v;
    g_autofree char *xml = NULL;

    if (hacd_store_corrupt(h)) {
        return -HA_EDIGEST;     /* never propagate a corrupt copy */
    }
    xml = ha_store_doc_serialize(hacd_doc(h), HA_STORE_SER_NO_STATUS);
    hacd_store_version(h, &v);
    ha_info("Sending configuration %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
            ".%" G_GUINT64_FORMAT " to the members that differ " QB_XS
            " bytes=%zu", v.admin_epoch, v.epoch, v.num_updates, strlen(xml));
    return hacd_msg_send(h, HACD_MSG_STORE_FULL,
                         g_variant_new("(t(ttt)ss@at)", view,
                                       v.admin_epoch, v.epoch, v.num_updates,
                                       hacd_store_digest(h), xml,
                                       hacd_store_applied_variant(h)));
}

int
hacd_sync_send_store(struct hacd *h)
{
    return send_store(h, hacd_view_id(h));
}

/* Take a copy sent by the winner (or by the DC on request). */
static int
adopt_copy(struct hacd *h, uint32_t from, const struct ha_store_version *v,
           const char *digest, const char *xml, GVariant *ids)
{
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;
    struct ha_store_version got;
    GVariantIter it;
    guint64 id;
    int rc;

    rc = ha_store_doc_load_memory(xml, strlen(xml), "sync",
                                  HA_STORE_LOAD_NO_STATUS, &doc, &errors);
    if (rc < 0) {
        return rc;
    }
    ha_store_doc_version(doc, &got);
    if (ha_store_version_cmp(&got, v) != 0
        || strcmp(ha_store_doc_digest(doc), digest) != 0) {
        ha_store_doc_unref(doc);
        return -HA_EDIGEST;
    }
    rc = hacd_store_commit(h, doc);
    if (rc < 0) {
        hacd_fatal(h, rc);
        return rc;
    }
    /* the requests applied are the winner's: a losing copy's were
     * dropped with it, and a retry of one of them must apply again */
    hacd_store_forget_applied(h);
    g_variant_iter_init(&it, ids);
    while (g_variant_iter_next(&it, "t", &id)) {
        hacd_store_mark_applied(h, id);
    }
    ha_notice("Took configuration %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
              ".%" G_GUINT64_FORMAT " from %s", v->admin_epoch, v->epoch,
              v->num_updates, hacd_node_name(h, from));
    return 0;
}

void
hacd_sync_on_store_full(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct ha_store_version v;
    struct ha_store_version mine;
    guint64 view = 0;
    const char *digest = NULL;
    const char *xml = NULL;
    g_autoptr(GVariant) ids = NULL;
    gboolean in_sync_round;
    int rc;

    g_variant_get(body, "(t(ttt)&s&s@at)", &view, &v.admin_epoch, &v.epoch,
                  &v.num_updates, &digest, &xml, &ids);
    in_sync_round = (view == hacd_view_id(h) && h->sync->phase == HACD_SYNC_TRANSFER
                     && h->sync->winner != NULL && h->sync->winner->nodeid == nodeid);
    /* Only the winner of this round, or the DC on request, may send. */
    if (!in_sync_round && !(view == 0 && nodeid == h->sync->dc_nodeid)) {
        return;
    }
    hacd_store_version(h, &mine);
    if (ha_store_version_cmp(&mine, &v) != 0
        || strcmp(hacd_store_digest(h), digest) != 0) {
        rc = adopt_copy(h, nodeid, &v, digest, xml, ids);
        if (rc < 0) {
            ha_err("Could not take the configuration from %s: %s",
                   hacd_node_name(h, nodeid), ha_strerror(rc));
            return;
        }
    }
    if (in_sync_round) {
        send_ack(h);
    } else if (hacd_write_resyncing(h)) {
        /* this node asked after failing to apply a change: it holds the
         * DC's copy now and applies the next changes again */
        ha_notice("Configuration resynced from the DC %s",
                  hacd_node_name(h, nodeid));
        h->sync->i_am_synced = TRUE;
        hacd_write_resynced(h);
    }
}

int
hacd_sync_send_store_on_request(struct hacd *h)
{
    /* view 0 marks a copy sent on request, outside a sync round */
    return send_store(h, 0);
}

void
hacd_sync_on_need_store(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    if (hacd_is_dc(h) && h->sync->phase == HACD_SYNC_DONE) {
        (void) hacd_sync_send_store_on_request(h);
    }
}

void
hacd_sync_on_force(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    guint64 view = 0;

    g_variant_get(body, "(t)", &view);
    if (view != hacd_view_id(h) || (h->sync->dc_nodeid != 0 && nodeid != h->sync->dc_nodeid)
        || h->sync->phase != HACD_SYNC_COLLECTING || g_hash_table_size(h->sync->states) == 0) {
        return;
    }
    hacd_hold_resolve(h, h->sync->states);
    resolve_dc(h);
    resolve_winner(h);
}

static void
send_done(struct hacd *h)
{
    GVariantBuilder ids;
    GHashTableIter it;
    gpointer key;
    struct ha_cluster_ring ring = ha_cluster_current_ring(h->cluster);

    g_variant_builder_init(&ids, G_VARIANT_TYPE("au"));
    g_hash_table_iter_init(&it, h->sync->sync_acks);
    while (g_hash_table_iter_next(&it, &key, NULL)) {
        g_variant_builder_add(&ids, "u",
                              (guint32) g_ascii_strtoull(key, NULL, 10));
    }
    (void) hacd_msg_send(h, HACD_MSG_SYNC_DONE,
                         g_variant_new("(t@autb)", hacd_view_id(h),
                                       g_variant_builder_end(&ids), ring.seq,
                                       ha_cluster_quorate(h->cluster)));
}

void
hacd_sync_on_ack(struct hacd *h, uint32_t nodeid, uint32_t pid, GVariant *body)
{
    struct ha_store_version v;
    guint64 view = 0;
    const char *digest = NULL;

    g_variant_get(body, "(t(ttt)&s)", &view, &v.admin_epoch, &v.epoch,
                  &v.num_updates, &digest);
    if (view != hacd_view_id(h) || h->sync->phase != HACD_SYNC_TRANSFER) {
        return;
    }
    if (h->sync->winner != NULL && !same_copy(h->sync->winner, &v, digest)) {
        return;
    }
    g_hash_table_add(h->sync->sync_acks, member_key(nodeid, pid));
    if (hacd_is_dc(h) && g_hash_table_size(h->sync->sync_acks) == hacd_members(h)->len) {
        send_done(h);
    }
}

void
hacd_sync_on_done(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    g_autoptr(GVariant) ids = NULL;
    guint64 view = 0;
    guint64 ring = 0;
    gboolean quorate = FALSE;
    gboolean first = (h->sync->phase != HACD_SYNC_DONE);
    uint32_t me = ha_cluster_local_nodeid(h->cluster);
    GVariantIter it;
    guint32 id;

    g_variant_get(body, "(t@autb)", &view, &ids, &ring, &quorate);
    if (view != hacd_view_id(h) || nodeid != h->sync->dc_nodeid) {
        return;
    }
    g_hash_table_remove_all(h->sync->synced);
    h->sync->i_am_synced = FALSE;
    g_variant_iter_init(&it, ids);
    while (g_variant_iter_next(&it, "u", &id)) {
        g_hash_table_add(h->sync->synced, GUINT_TO_POINTER(id));
        h->sync->i_am_synced |= (id == me);
    }
    h->sync->view_valid = TRUE;
    h->sync->phase = HACD_SYNC_DONE;
    if (h->sync->sync_timer != 0) {
        g_source_remove(h->sync->sync_timer);
        h->sync->sync_timer = 0;
    }
    /* a partition that does not hold the cluster's configuration never
     * records the ring: its copies do not become holders by waiting */
    if (quorate && h->sync->i_am_synced && hacd_established(h)
        && ring > hacd_store_quorate_ring(h)) {
        int rc = hacd_store_set_quorate_ring(h, ring);

        if (rc < 0) {
            hacd_fatal(h, rc);
            return;
        }
    }
    /* Quorum for this ring may have arrived after the DC sent SYNC_DONE:
     * say it again, or the members would keep an older quorate ring. */
    if (!quorate && hacd_is_dc(h) && ha_cluster_quorate(h->cluster)) {
        send_done(h);
    }
    if (first) {
        struct ha_store_version v;

        hacd_store_version(h, &v);
        ha_notice("Membership synced: %u members, DC %s, configuration %"
                  G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                  ", %s " QB_XS " ms=%.1f", hacd_members(h)->len,
                  hacd_node_name(h, h->sync->dc_nodeid), v.admin_epoch, v.epoch,
                  v.num_updates, quorate ? "quorate" : "NOT quorate",
                  (g_get_monotonic_time() - h->sync->confchg_us) / 1000.0);
        hacd_attr_expect_all(h);
        if (hacd_is_dc(h)) {
            hacd_attr_send_all(h);
        }
    }
    if (hacd_is_dc(h)) {
        hacd_write_kick(h);
    }
    hacd_emit_simple(h, HACD_EV_SYNCED, "the membership is synced");
}

void
hacd_sync_quorum_changed(struct hacd *h)
{
    if (hacd_is_dc(h) && h->sync->phase == HACD_SYNC_DONE) {
        send_done(h);
    }
}

struct hacd_sync *
hacd_sync_new(void)
{
    struct hacd_sync *s = g_new0(struct hacd_sync, 1);

    s->synced = g_hash_table_new(g_direct_hash, g_direct_equal);
    s->states = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                      hacd_peer_state_free);
    s->sync_acks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                         NULL);
    return s;
}

void
hacd_sync_free(struct hacd_sync *s)
{
    if (s == NULL) {
        return;
    }
    if (s->sync_timer != 0) {
        g_source_remove(s->sync_timer);
    }
    g_hash_table_destroy(s->synced);
    g_hash_table_destroy(s->states);
    g_hash_table_destroy(s->sync_acks);
    g_free(s);
}

uint32_t
hacd_dc_nodeid(const struct hacd *h)
{
    return h->sync->dc_nodeid;
}

uint32_t
hacd_dc_pid(const struct hacd *h)
{
    return h->sync->dc_pid;
}

enum hacd_sync_phase
hacd_sync_phase(const struct hacd *h)
{
    return h->sync->phase;
}

gboolean
hacd_sync_i_am_synced(const struct hacd *h)
{
    return h->sync->i_am_synced;
}

gboolean
hacd_sync_listed(const struct hacd *h, uint32_t nodeid)
{
    return g_hash_table_contains(h->sync->synced, GUINT_TO_POINTER(nodeid));
}

void
hacd_sync_set_unsynced(struct hacd *h)
{
    h->sync->i_am_synced = FALSE;
}
