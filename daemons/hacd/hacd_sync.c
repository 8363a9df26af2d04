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
 *
 * The decisions are a pure state machine (hacd_sync_sm.c, unit-tested in
 * cts/daemons/test_hacd_sync_sm.c); this file feeds it what CPG delivers
 * and carries out what it returns: multicasts, the store's persistence,
 * the sync timer, and events for the other modules.
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
#include "hacd/hacd_sync_sm.h"
#include "hacd/hacd_write.h"

/* The decisions are hacd_sync_sm.c's; this file carries them out. */
struct hacd_sync {
    hacd_sync_sm_t *sm;
    gint64 confchg_us;              /* monotonic time of the last confchg */
    gint64 dc_since_us;
    guint timer;                    /* the sync timeout */
};

struct hacd_sync *
hacd_sync_new(void)
{
    struct hacd_sync *s = g_new0(struct hacd_sync, 1);

    s->sm = hacd_sync_sm_new();
    return s;
}

void
hacd_sync_free(struct hacd_sync *s)
{
    if (s == NULL) {
        return;
    }
    if (s->timer != 0) {
        g_source_remove(s->timer);
    }
    hacd_sync_sm_free(s->sm);
    g_free(s);
}

const hacd_sync_sm_t *
hacd_sync_machine(const struct hacd *h)
{
    return h->sync->sm;
}

uint32_t
hacd_dc_nodeid(const struct hacd *h)
{
    return hacd_sync_sm_dc(h->sync->sm, NULL);
}

uint32_t
hacd_dc_pid(const struct hacd *h)
{
    uint32_t pid = 0;

    (void) hacd_sync_sm_dc(h->sync->sm, &pid);
    return pid;
}

enum hacd_sync_phase
hacd_sync_phase(const struct hacd *h)
{
    return hacd_sync_sm_phase(h->sync->sm);
}

gboolean
hacd_sync_i_am_synced(const struct hacd *h)
{
    return hacd_sync_sm_i_am_synced(h->sync->sm);
}

gboolean
hacd_sync_listed(const struct hacd *h, uint32_t nodeid)
{
    return hacd_sync_sm_listed(h->sync->sm, nodeid);
}

void
hacd_sync_set_unsynced(struct hacd *h)
{
    hacd_sync_sm_unsynced(h->sync->sm);
}

/* What the machine needs to know about this node now (@configured only
 * for the inputs that decide whether the partition is established). */
static void
env_now(struct hacd *h, const GArray *configured, struct hacd_sync_env *env)
{
    memset(env, 0, sizeof(*env));
    env->nodeid = ha_cluster_local_nodeid(h->cluster);
    env->pid = ha_cluster_local_pid(h->cluster);
    env->configured = configured;
    hacd_store_version(h, &env->version);
    env->digest = hacd_store_digest(h);
    env->quorate_ring = hacd_store_quorate_ring(h);
    env->quorate = ha_cluster_quorate(h->cluster);
    env->ring_seq = ha_cluster_current_ring(h->cluster).seq;
}

static guint
sync_timeout_ms(struct hacd *h)
{
    /* No CPG message moves during failure detection (token + consensus):
     * a bound below that would exclude healthy members. */
    return (h->opt.sync_timeout_ms != 0) ? h->opt.sync_timeout_ms
           : ha_cluster_timings(h->cluster).token_ms * 4 + 5000;
}

static void apply(struct hacd *h, struct hacd_sync_out *out);

static gboolean
sync_timeout_cb(gpointer data)
{
    struct hacd *h = data;
    struct hacd_sync_out out;
    struct hacd_sync_env env;
    guint states = 0;
    guint acks = 0;

    h->sync->timer = 0;
    env_now(h, NULL, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_timeout(h->sync->sm, &env, &out);
    if (out.msgs->len > 0) {
        hacd_sync_sm_counts(h->sync->sm, &states, &acks);
        ha_warn("A member did not answer the sync within %u ms: going on "
                "without it " QB_XS " states=%u acks=%u members=%u",
                sync_timeout_ms(h), states, acks, hacd_members(h)->len);
    }
    apply(h, &out);
    hacd_sync_out_clear(&out);
    return G_SOURCE_REMOVE;
}

static void
arm_timer(struct hacd *h)
{
    if (h->sync->timer != 0) {
        g_source_remove(h->sync->timer);
    }
    h->sync->timer = g_timeout_add(sync_timeout_ms(h), sync_timeout_cb, h);
}

static void
log_dc(struct hacd *h, const struct hacd_sync_out *out)
{
    uint32_t pid = 0;
    uint32_t dc = hacd_sync_sm_dc(h->sync->sm, &pid);

    if ((out->effects & HACD_SYNC_FX_DC_LEFT) != 0) {
        ha_notice("DC %s left the group", hacd_node_name(h, out->dc_left));
    }
    if ((out->effects & HACD_SYNC_FX_DC) == 0) {
        return;
    }
    h->sync->dc_since_us = g_get_monotonic_time();
    ha_notice("DC is now %s (%s) " QB_XS " nodeid=%u pid=%u "
              "after_membership_ms=%.1f", hacd_node_name(h, dc), out->dc_why,
              dc, pid, (h->sync->dc_since_us - h->sync->confchg_us) / 1000.0);
    hacd_emit(h, &(struct hacd_event) {
        .type = HACD_EV_DC, .why = "the DC changed", .nodeid = dc,
    });
}

static void
log_hold(struct hacd *h, const struct hacd_sync_out *out)
{
    if ((out->effects & HACD_SYNC_FX_HOLD) == 0) {
        return;
    }
    if (out->hold == HACD_HOLD_NEW_CLUSTER && out->newly_established) {
        ha_notice("No member has been part of a quorate cluster, and every "
                  "configured node is here: a new cluster forms");
    } else if (out->hold == HACD_HOLD_WAITING) {
        ha_warn("No member of this partition holds the cluster's "
                "configuration (copies empty, wiped, older than recorded "
                "or never part of a quorate cluster): not acting until a "
                "member that holds it joins, or an operator runs 'hactl "
                "cluster bootstrap --force' " QB_XS " members=%u",
                hacd_members(h)->len);
    }
}

/* Every copy is corrupt: start from an empty configuration. */
static void
start_empty(struct hacd *h, struct hacd_sync_out *out)
{
    struct hacd_sync_env env;

    ha_err("No member has a usable configuration copy: starting empty");
    hacd_store_reset_empty(h);
    env_now(h, NULL, &env);
    hacd_sync_sm_took_copy(h->sync->sm, HACD_SYNC_COPY_ROUND, FALSE, &env,
                           out);
}

static void
synced(struct hacd *h, const struct hacd_sync_out *out)
{
    if ((out->effects & HACD_SYNC_FX_FIRST_SYNC) != 0) {
        struct ha_store_version v;

        hacd_store_version(h, &v);
        ha_notice("Membership synced: %u members, DC %s, configuration %"
                  G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                  ", %s " QB_XS " ms=%.1f", hacd_members(h)->len,
                  hacd_node_name(h, hacd_dc_nodeid(h)), v.admin_epoch,
                  v.epoch, v.num_updates,
                  out->quorate ? "quorate" : "NOT quorate",
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

/* Carry out what the machine decided: effects, then its messages. */
static void
apply(struct hacd *h, struct hacd_sync_out *out)
{
    guint fx = out->effects;

    if ((fx & HACD_SYNC_FX_STOP_TIMER) != 0 && h->sync->timer != 0) {
        g_source_remove(h->sync->timer);
        h->sync->timer = 0;
    }
    log_dc(h, out);
    if ((fx & HACD_SYNC_FX_NEW_ROUND) != 0) {
        hacd_write_abort_all(h, -HA_ERETRY);    /* this round fixes the copy */
    }
    log_hold(h, out);
    if ((fx & HACD_SYNC_FX_START_EMPTY) != 0) {
        start_empty(h, out);
    }
    if ((fx & HACD_SYNC_FX_SEND_STORE) != 0) {
        (void) hacd_sync_send_store(h);
    }
    if ((fx & HACD_SYNC_FX_RECORD_RING) != 0) {
        int rc = hacd_store_set_quorate_ring(h, out->ring);

        if (rc < 0) {
            hacd_fatal(h, rc);
            return;
        }
    }
    for (guint i = 0; i < out->msgs->len; i++) {
        const struct hacd_sync_msg *m = out->msgs->pdata[i];

        (void) hacd_msg_send(h, m->type, m->body);
    }
    if ((fx & (HACD_SYNC_FX_NEW_ROUND | HACD_SYNC_FX_ARM_TIMER)) != 0) {
        arm_timer(h);
    }
    if ((fx & HACD_SYNC_FX_SYNCED) != 0) {
        synced(h, out);
    }
    if ((fx & HACD_SYNC_FX_RESYNCED) != 0) {
        hacd_write_resynced(h);
    }
}

void
hacd_sync_confchg(struct hacd *h, const struct ha_cluster_confchg *chg)
{
    struct hacd_sync_out out;
    struct hacd_sync_env env;

    h->sync->confchg_us = g_get_monotonic_time();
    env_now(h, NULL, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_confchg(h->sync->sm, hacd_members(h), hacd_view_id(h), &env,
                         &out);
    apply(h, &out);
    hacd_sync_out_clear(&out);
}

void
hacd_sync_on_state(struct hacd *h, uint32_t nodeid, uint32_t pid, guint proto,
                   GVariant *body)
{
    g_autoptr(GArray) configured = ha_cluster_configured_nodes(h->cluster);
    struct hacd_sync_out out;
    struct hacd_sync_env env;

    env_now(h, configured, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_on_state(h->sync->sm, nodeid, pid, proto, body, &env, &out);
    apply(h, &out);
    hacd_sync_out_clear(&out);
}

void
hacd_sync_on_force(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    g_autoptr(GArray) configured = ha_cluster_configured_nodes(h->cluster);
    struct hacd_sync_out out;
    struct hacd_sync_env env;

    env_now(h, configured, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_on_force(h->sync->sm, nodeid, body, &env, &out);
    apply(h, &out);
    hacd_sync_out_clear(&out);
}

void
hacd_sync_on_ack(struct hacd *h, uint32_t nodeid, uint32_t pid, GVariant *body)
{
    struct hacd_sync_out out;
    struct hacd_sync_env env;

    env_now(h, NULL, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_on_ack(h->sync->sm, nodeid, pid, body, &env, &out);
    apply(h, &out);
    hacd_sync_out_clear(&out);
}

void
hacd_sync_on_done(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct hacd_sync_out out;
    struct hacd_sync_env env;

    env_now(h, NULL, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_on_done(h->sync->sm, nodeid, body, &env, &out);
    apply(h, &out);
    hacd_sync_out_clear(&out);
}

void
hacd_sync_quorum_changed(struct hacd *h)
{
    struct hacd_sync_out out;
    struct hacd_sync_env env;

    env_now(h, NULL, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_quorum_changed(h->sync->sm, &env, &out);
    apply(h, &out);
    hacd_sync_out_clear(&out);
}

void
hacd_sync_on_bootstrap(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct hacd_sync_out out;
    struct hacd_sync_env env;
    struct ha_store_version v;

    env_now(h, NULL, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_on_bootstrap(h->sync->sm, body, &env, &out);
    if ((out.effects & HACD_SYNC_FX_BOOTSTRAP) != 0) {
        hacd_store_version(h, &v);
        ha_warn("An operator on %s forced this partition to act with "
                "configuration %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%"
                G_GUINT64_FORMAT " although no member held the cluster's "
                "(hactl cluster bootstrap --force)", hacd_node_name(h, nodeid),
                v.admin_epoch, v.epoch, v.num_updates);
        /* the DC announces SYNC_DONE again: members record the quorate
         * ring now, and queued writes and the controller may start */
        hacd_sync_quorum_changed(h);
        hacd_emit_simple(h, HACD_EV_ESTABLISHED,
                         "an operator bootstrapped the partition");
    }
    hacd_sync_out_clear(&out);
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
    struct hacd_sync_out out;
    struct hacd_sync_env env;
    guint64 view = 0;
    const char *digest = NULL;
    const char *xml = NULL;
    g_autoptr(GVariant) ids = NULL;
    enum hacd_sync_copy_kind kind;
    int rc;

    g_variant_get(body, "(t(ttt)&s&s@at)", &view, &v.admin_epoch, &v.epoch,
                  &v.num_updates, &digest, &xml, &ids);
    kind = hacd_sync_sm_on_store(h->sync->sm, nodeid, view);
    if (kind == HACD_SYNC_COPY_IGNORE) {
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
    env_now(h, NULL, &env);
    hacd_sync_out_init(&out);
    hacd_sync_sm_took_copy(h->sync->sm, kind, hacd_write_resyncing(h), &env,
                           &out);
    if ((out.effects & HACD_SYNC_FX_RESYNCED) != 0) {
        ha_notice("Configuration resynced from the DC %s",
                  hacd_node_name(h, nodeid));
    }
    apply(h, &out);
    hacd_sync_out_clear(&out);
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
    if (hacd_is_dc(h) && hacd_sync_phase(h) == HACD_SYNC_DONE) {
        (void) hacd_sync_send_store_on_request(h);
    }
}
