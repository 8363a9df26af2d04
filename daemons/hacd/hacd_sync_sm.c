/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_sync_sm.c - the sync decision as a pure state machine
 * (see hacd_sync_sm.h; the protocol is described in hacd_sync.c).
 */
#include "config.h"

#include <string.h>

#include "hacd/hacd_hold.h"
#include "hacd/hacd_sync_sm.h"

struct hacd_sync_sm {
    uint32_t me;                    /* from the last input's env */
    uint32_t me_pid;
    GArray *members;                /* struct ha_cluster_member, sorted */
    guint64 view;
    uint32_t dc_nodeid;
    uint32_t dc_pid;
    gboolean view_valid;            /* I know the DC history */
    GHashTable *synced;             /* nodeids synced in the last DC config */
    gboolean i_am_synced;
    enum hacd_sync_phase phase;
    GHashTable *protos;             /* nodeid -> protocol (from STATE) */
    GHashTable *states;             /* "nodeid:pid" -> hacd_peer_state */
    GHashTable *acks;               /* "nodeid:pid" present */
    struct hacd_peer_state *winner; /* borrowed from states */
    gboolean established;
};

void
hacd_peer_state_free(gpointer p)
{
    struct hacd_peer_state *s = p;

    if (s != NULL) {
        g_free(s->digest);
        g_free(s);
    }
}

static char *
member_key(uint32_t nodeid, uint32_t pid)
{
    return g_strdup_printf("%u:%u", nodeid, pid);
}

static void
msg_free(gpointer p)
{
    struct hacd_sync_msg *m = p;

    g_variant_unref(m->body);
    g_free(m);
}

void
hacd_sync_out_init(struct hacd_sync_out *out)
{
    memset(out, 0, sizeof(*out));
    out->msgs = g_ptr_array_new_with_free_func(msg_free);
}

void
hacd_sync_out_clear(struct hacd_sync_out *out)
{
    g_clear_pointer(&out->msgs, g_ptr_array_unref);
}

static void
emit(struct hacd_sync_out *out, enum hacd_msg_type type, GVariant *body)
{
    struct hacd_sync_msg *m = g_new0(struct hacd_sync_msg, 1);

    m->type = type;
    m->body = g_variant_ref_sink(body);
    g_ptr_array_add(out->msgs, m);
}

hacd_sync_sm_t *
hacd_sync_sm_new(void)
{
    hacd_sync_sm_t *sm = g_new0(hacd_sync_sm_t, 1);

    sm->members = g_array_new(FALSE, FALSE, sizeof(struct ha_cluster_member));
    sm->synced = g_hash_table_new(g_direct_hash, g_direct_equal);
    sm->protos = g_hash_table_new(g_direct_hash, g_direct_equal);
    sm->states = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                       hacd_peer_state_free);
    sm->acks = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, NULL);
    return sm;
}

void
hacd_sync_sm_free(hacd_sync_sm_t *sm)
{
    if (sm != NULL) {
        g_array_unref(sm->members);
        g_hash_table_destroy(sm->synced);
        g_hash_table_destroy(sm->protos);
        g_hash_table_destroy(sm->states);
        g_hash_table_destroy(sm->acks);
        g_free(sm);
    }
}

uint32_t
hacd_sync_sm_dc(const hacd_sync_sm_t *sm, uint32_t *ret_pid)
{
    if (ret_pid != NULL) {
        *ret_pid = sm->dc_pid;
    }
    return sm->dc_nodeid;
}

enum hacd_sync_phase
hacd_sync_sm_phase(const hacd_sync_sm_t *sm)
{
    return sm->phase;
}

gboolean
hacd_sync_sm_i_am_synced(const hacd_sync_sm_t *sm)
{
    return sm->i_am_synced;
}

gboolean
hacd_sync_sm_listed(const hacd_sync_sm_t *sm, uint32_t nodeid)
{
    return g_hash_table_contains(sm->synced, GUINT_TO_POINTER(nodeid));
}

gboolean
hacd_sync_sm_established(const hacd_sync_sm_t *sm)
{
    return sm->established;
}

gboolean
hacd_sync_sm_is_dc(const hacd_sync_sm_t *sm)
{
    return sm->dc_nodeid != 0 && sm->dc_nodeid == sm->me
           && sm->dc_pid == sm->me_pid;
}

guint64
hacd_sync_sm_view(const hacd_sync_sm_t *sm)
{
    return sm->view;
}

const struct hacd_peer_state *
hacd_sync_sm_winner(const hacd_sync_sm_t *sm)
{
    return sm->winner;
}

void
hacd_sync_sm_counts(const hacd_sync_sm_t *sm, guint *ret_states,
                    guint *ret_acks)
{
    *ret_states = g_hash_table_size(sm->states);
    *ret_acks = g_hash_table_size(sm->acks);
}

void
hacd_sync_sm_unsynced(hacd_sync_sm_t *sm)
{
    sm->i_am_synced = FALSE;
}

/* Every input says who this member is. */
static void
take_env(hacd_sync_sm_t *sm, const struct hacd_sync_env *env)
{
    sm->me = env->nodeid;
    sm->me_pid = env->pid;
}

static gboolean
is_member(const hacd_sync_sm_t *sm, uint32_t nodeid, uint32_t pid)
{
    for (guint i = 0; i < sm->members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(sm->members, struct ha_cluster_member, i);

        if (m->nodeid == nodeid && m->pid == pid) {
            return TRUE;
        }
    }
    return FALSE;
}

static guint
node_proto(const hacd_sync_sm_t *sm, uint32_t nodeid)
{
    guint p = GPOINTER_TO_UINT(g_hash_table_lookup(sm->protos,
                                                   GUINT_TO_POINTER(nodeid)));

    return (p != 0) ? p : HACD_PROTOCOL;
}

static void
set_dc(hacd_sync_sm_t *sm, uint32_t nodeid, uint32_t pid, const char *why,
       struct hacd_sync_out *out)
{
    if (sm->dc_nodeid == nodeid && sm->dc_pid == pid) {
        return;
    }
    sm->dc_nodeid = nodeid;
    sm->dc_pid = pid;
    out->effects |= HACD_SYNC_FX_DC;
    out->dc_why = why;
}

/* Decision 1, fast path: the DC left; pick its successor locally. */
static void
takeover_if_dc_left(hacd_sync_sm_t *sm, struct hacd_sync_out *out)
{
    guint max_proto = 0;
    const struct ha_cluster_member *best = NULL;

    if (sm->dc_nodeid == 0 || is_member(sm, sm->dc_nodeid, sm->dc_pid)) {
        return;
    }
    out->effects |= HACD_SYNC_FX_DC_LEFT;
    out->dc_left = sm->dc_nodeid;
    sm->dc_nodeid = 0;
    sm->dc_pid = 0;
    if (!sm->view_valid) {
        return;
    }
    for (guint i = 0; i < sm->members->len; i++) {
        max_proto = MAX(max_proto, node_proto(sm, g_array_index(
            sm->members, struct ha_cluster_member, i).nodeid));
    }
    for (guint i = 0; i < sm->members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(sm->members, struct ha_cluster_member, i);

        if (g_hash_table_contains(sm->synced, GUINT_TO_POINTER(m->nodeid))
            && node_proto(sm, m->nodeid) == max_proto
            && (best == NULL || m->nodeid < best->nodeid)) {
            best = m;
        }
    }
    if (best != NULL) {
        set_dc(sm, best->nodeid, best->pid, "successor of the DC that left",
               out);
    }
}

void
hacd_sync_sm_confchg(hacd_sync_sm_t *sm, const GArray *members, guint64 view,
                     const struct hacd_sync_env *env,
                     struct hacd_sync_out *out)
{
    take_env(sm, env);
    g_array_set_size(sm->members, 0);
    g_array_append_vals(sm->members, members->data, members->len);
    sm->view = view;
    takeover_if_dc_left(sm, out);
    g_hash_table_remove_all(sm->states);
    g_hash_table_remove_all(sm->acks);
    sm->winner = NULL;
    sm->phase = HACD_SYNC_COLLECTING;
    out->effects |= HACD_SYNC_FX_NEW_ROUND;
    emit(out, HACD_MSG_STATE,
         g_variant_new("(t(ttt)stbuu)", view, env->version.admin_epoch,
                       env->version.epoch, env->version.num_updates,
                       env->digest, env->quorate_ring, sm->i_am_synced,
                       sm->dc_nodeid, sm->dc_pid));
}

/* The claimed DC of a merge: the claim whose backers saw the most recent
 * quorate ring wins, then the lowest node id. */
static const struct hacd_peer_state *
resolve_claim(const hacd_sync_sm_t *sm)
{
    const struct hacd_peer_state *best = NULL;
    guint64 best_ring = 0;
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, sm->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const struct hacd_peer_state *s = v;
        guint64 ring = 0;
        GHashTableIter it2;
        gpointer v2;

        if (s->dc_nodeid == 0 || !is_member(sm, s->dc_nodeid, s->dc_pid)) {
            continue;
        }
        g_hash_table_iter_init(&it2, sm->states);
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
resolve_dc(hacd_sync_sm_t *sm, struct hacd_sync_out *out)
{
    const struct hacd_peer_state *claim = resolve_claim(sm);
    const struct hacd_peer_state *first = NULL;
    guint max_proto = 0;
    GHashTableIter it;
    gpointer v;

    if (claim != NULL) {
        set_dc(sm, claim->dc_nodeid, claim->dc_pid,
               (claim->dc_nodeid == sm->dc_nodeid) ? "kept" : "merged side",
               out);
        return;
    }
    g_hash_table_iter_init(&it, sm->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        max_proto = MAX(max_proto, ((struct hacd_peer_state *) v)->proto);
    }
    g_hash_table_iter_init(&it, sm->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        const struct hacd_peer_state *s = v;

        if (s->proto == max_proto
            && (first == NULL || s->nodeid < first->nodeid)) {
            first = s;
        }
    }
    if (first != NULL) {
        set_dc(sm, first->nodeid, first->pid, "lowest node id, no DC before",
               out);
    }
}

/* TRUE if copy @a beats copy @b (decision 3). */
static gboolean
copy_beats(const hacd_sync_sm_t *sm, const struct hacd_peer_state *a,
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
        if (a->nodeid == sm->dc_nodeid) {
            return TRUE;
        }
        if (b->nodeid == sm->dc_nodeid) {
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
emit_ack(const hacd_sync_sm_t *sm, const struct hacd_sync_env *env,
         struct hacd_sync_out *out)
{
    emit(out, HACD_MSG_SYNC_ACK,
         g_variant_new("(t(ttt)s)", sm->view, env->version.admin_epoch,
                       env->version.epoch, env->version.num_updates,
                       env->digest));
}

static void
resolve_winner(hacd_sync_sm_t *sm, const struct hacd_sync_env *env,
               struct hacd_sync_out *out)
{
    gboolean anyone_differs = FALSE;
    GHashTableIter it;
    gpointer v;

    sm->winner = NULL;
    g_hash_table_iter_init(&it, sm->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_peer_state *s = v;

        if (s->digest[0] != '\0'
            && (sm->winner == NULL || copy_beats(sm, s, sm->winner))) {
            sm->winner = s;
        }
    }
    sm->phase = HACD_SYNC_TRANSFER;
    if (sm->winner == NULL) {
        /* every copy is corrupt: the driver starts from an empty one and
         * acknowledges it (hacd_sync_sm_took_copy()) */
        out->effects |= HACD_SYNC_FX_START_EMPTY;
        return;
    }
    g_hash_table_iter_init(&it, sm->states);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        anyone_differs |= !same_copy(v, &sm->winner->version,
                                     sm->winner->digest);
    }
    if (sm->winner->nodeid == sm->me && sm->winner->pid == sm->me_pid
        && anyone_differs) {
        out->effects |= HACD_SYNC_FX_SEND_STORE;
    }
    if (same_copy(sm->winner, &env->version, env->digest)) {
        emit_ack(sm, env, out);
    }
}

/* Every member's STATE is in (or the DC forced it): decide. */
static void
resolve(hacd_sync_sm_t *sm, const struct hacd_sync_env *env,
        struct hacd_sync_out *out)
{
    gboolean was = sm->established;

    out->hold = hacd_hold_rule(sm->states, env->configured);
    sm->established = (out->hold != HACD_HOLD_WAITING);
    out->newly_established = sm->established && !was;
    out->effects |= HACD_SYNC_FX_HOLD;
    resolve_dc(sm, out);
    resolve_winner(sm, env, out);
}

void
hacd_sync_sm_on_state(hacd_sync_sm_t *sm, uint32_t nodeid, uint32_t pid,
                      guint proto, GVariant *body,
                      const struct hacd_sync_env *env,
                      struct hacd_sync_out *out)
{
    struct hacd_peer_state *s = g_new0(struct hacd_peer_state, 1);
    guint64 view = 0;

    take_env(sm, env);
    s->nodeid = nodeid;
    s->pid = pid;
    s->proto = proto;
    g_variant_get(body, "(t(ttt)stbuu)", &view, &s->version.admin_epoch,
                  &s->version.epoch, &s->version.num_updates, &s->digest,
                  &s->quorate_ring, &s->synced, &s->dc_nodeid, &s->dc_pid);
    if (view != sm->view || sm->phase != HACD_SYNC_COLLECTING) {
        hacd_peer_state_free(s);
        return;     /* an answer to an older membership */
    }
    g_hash_table_insert(sm->protos, GUINT_TO_POINTER(nodeid),
                        GUINT_TO_POINTER(proto));
    g_hash_table_replace(sm->states, member_key(nodeid, pid), s);
    if (g_hash_table_size(sm->states) >= sm->members->len) {
        resolve(sm, env, out);
    }
}

void
hacd_sync_sm_on_force(hacd_sync_sm_t *sm, uint32_t nodeid, GVariant *body,
                      const struct hacd_sync_env *env,
                      struct hacd_sync_out *out)
{
    guint64 view = 0;

    take_env(sm, env);
    g_variant_get(body, "(t)", &view);
    if (view != sm->view || (sm->dc_nodeid != 0 && nodeid != sm->dc_nodeid)
        || sm->phase != HACD_SYNC_COLLECTING
        || g_hash_table_size(sm->states) == 0) {
        return;
    }
    resolve(sm, env, out);
}

static void
emit_done(const hacd_sync_sm_t *sm, const struct hacd_sync_env *env,
          struct hacd_sync_out *out)
{
    g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(sm->acks),
                                        (GCompareFunc) strcmp);
    GVariantBuilder ids;

    g_variant_builder_init(&ids, G_VARIANT_TYPE("au"));
    for (GList *l = keys; l != NULL; l = l->next) {
        g_variant_builder_add(&ids, "u",
                              (guint32) g_ascii_strtoull(l->data, NULL, 10));
    }
    emit(out, HACD_MSG_SYNC_DONE,
         g_variant_new("(t@autb)", sm->view, g_variant_builder_end(&ids),
                       env->ring_seq, env->quorate));
}

void
hacd_sync_sm_on_ack(hacd_sync_sm_t *sm, uint32_t nodeid, uint32_t pid,
                    GVariant *body, const struct hacd_sync_env *env,
                    struct hacd_sync_out *out)
{
    struct ha_store_version v;
    guint64 view = 0;
    const char *digest = NULL;

    take_env(sm, env);
    g_variant_get(body, "(t(ttt)&s)", &view, &v.admin_epoch, &v.epoch,
                  &v.num_updates, &digest);
    if (view != sm->view || sm->phase != HACD_SYNC_TRANSFER) {
        return;
    }
    if (sm->winner != NULL && !same_copy(sm->winner, &v, digest)) {
        return;
    }
    g_hash_table_add(sm->acks, member_key(nodeid, pid));
    if (hacd_sync_sm_is_dc(sm)
        && g_hash_table_size(sm->acks) == sm->members->len) {
        emit_done(sm, env, out);
    }
}

void
hacd_sync_sm_on_done(hacd_sync_sm_t *sm, uint32_t nodeid, GVariant *body,
                     const struct hacd_sync_env *env,
                     struct hacd_sync_out *out)
{
    g_autoptr(GVariant) ids = NULL;
    guint64 view = 0;
    guint64 ring = 0;
    gboolean quorate = FALSE;
    gboolean first = (sm->phase != HACD_SYNC_DONE);
    GVariantIter it;
    guint32 id;

    take_env(sm, env);
    g_variant_get(body, "(t@autb)", &view, &ids, &ring, &quorate);
    if (view != sm->view || nodeid != sm->dc_nodeid) {
        return;
    }
    g_hash_table_remove_all(sm->synced);
    sm->i_am_synced = FALSE;
    g_variant_iter_init(&it, ids);
    while (g_variant_iter_next(&it, "u", &id)) {
        g_hash_table_add(sm->synced, GUINT_TO_POINTER(id));
        sm->i_am_synced |= (id == sm->me);
    }
    sm->view_valid = TRUE;
    sm->phase = HACD_SYNC_DONE;
    out->effects |= HACD_SYNC_FX_STOP_TIMER | HACD_SYNC_FX_SYNCED
                    | (first ? HACD_SYNC_FX_FIRST_SYNC : 0);
    out->quorate = quorate;
    /* a partition that does not hold the cluster's configuration never
     * records the ring: its copies do not become holders by waiting */
    if (quorate && sm->i_am_synced && sm->established
        && ring > env->quorate_ring) {
        out->effects |= HACD_SYNC_FX_RECORD_RING;
        out->ring = ring;
    }
    /* Quorum for this ring may have arrived after the DC sent SYNC_DONE:
     * say it again, or the members would keep an older quorate ring. */
    if (!quorate && hacd_sync_sm_is_dc(sm) && env->quorate) {
        emit_done(sm, env, out);
    }
}

enum hacd_sync_copy_kind
hacd_sync_sm_on_store(const hacd_sync_sm_t *sm, uint32_t nodeid, guint64 view)
{
    /* Only the winner of this round, or the DC on request, may send. */
    if (view == sm->view && sm->phase == HACD_SYNC_TRANSFER
        && sm->winner != NULL && sm->winner->nodeid == nodeid) {
        return HACD_SYNC_COPY_ROUND;
    }
    if (view == 0 && nodeid == sm->dc_nodeid) {
        return HACD_SYNC_COPY_REQUESTED;
    }
    return HACD_SYNC_COPY_IGNORE;
}

void
hacd_sync_sm_took_copy(hacd_sync_sm_t *sm, enum hacd_sync_copy_kind kind,
                       gboolean resyncing, const struct hacd_sync_env *env,
                       struct hacd_sync_out *out)
{
    take_env(sm, env);
    if (kind == HACD_SYNC_COPY_ROUND) {
        emit_ack(sm, env, out);
    } else if (kind == HACD_SYNC_COPY_REQUESTED && resyncing) {
        /* this node asked after failing to apply a change: it holds the
         * DC's copy now and applies the next changes again */
        sm->i_am_synced = TRUE;
        out->effects |= HACD_SYNC_FX_RESYNCED;
    }
}

void
hacd_sync_sm_on_bootstrap(hacd_sync_sm_t *sm, GVariant *body,
                          const struct hacd_sync_env *env,
                          struct hacd_sync_out *out)
{
    guint64 view = 0;

    take_env(sm, env);
    g_variant_get(body, "(t)", &view);
    if (view != sm->view || sm->established) {
        return;     /* asked in an earlier membership, or moot */
    }
    sm->established = TRUE;
    out->effects |= HACD_SYNC_FX_BOOTSTRAP;
}

void
hacd_sync_sm_timeout(hacd_sync_sm_t *sm, const struct hacd_sync_env *env,
                     struct hacd_sync_out *out)
{
    const struct ha_cluster_member *lowest =
        (sm->members->len > 0)
        ? &g_array_index(sm->members, struct ha_cluster_member, 0) : NULL;

    take_env(sm, env);
    if (sm->phase == HACD_SYNC_DONE) {
        return;
    }
    /* The DC decides; with no DC known yet, the lowest member does. */
    if (!hacd_sync_sm_is_dc(sm)
        && !(sm->dc_nodeid == 0 && lowest != NULL && lowest->nodeid == sm->me
             && lowest->pid == sm->me_pid)) {
        return;
    }
    if (sm->phase == HACD_SYNC_COLLECTING) {
        emit(out, HACD_MSG_SYNC_FORCE, g_variant_new("(t)", sm->view));
        out->effects |= HACD_SYNC_FX_ARM_TIMER;
    } else {
        emit_done(sm, env, out);
    }
}

void
hacd_sync_sm_quorum_changed(hacd_sync_sm_t *sm,
                            const struct hacd_sync_env *env,
                            struct hacd_sync_out *out)
{
    take_env(sm, env);
    if (hacd_sync_sm_is_dc(sm) && sm->phase == HACD_SYNC_DONE) {
        emit_done(sm, env, out);
    }
}
