/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_write.c - configuration writes (DESIGN.md decision 4).
 *
 *   origin hacd --WRITE_REQ--> DC: validates, assigns the next version,
 *   DC --WRITE_CHANGE (a patch)--> all: apply in delivery order, fsync,
 *   all --WRITE_CONFIRM--> DC: counts the votes of the nodes that confirmed,
 *   DC --WRITE_RESULT--> origin: once a quorum of votes confirmed.
 *
 * The DC has one write in flight at a time; others wait in its queue, so
 * concurrent writers are serialised in delivery order.  A membership change
 * fails every write in flight with -HA_ERETRY (the origin sees the same
 * change at the same stream position); the client retries with the same
 * request id and the DC answers a request it already applied without
 * applying it again.  A request delivered before the SYNC_DONE of the
 * current membership was sent in an earlier one, whose change failed it at
 * its origin: the DC drops it, so a write reported as failed never runs
 * later.  A node that cannot persist a change never confirms it: it leaves
 * the cluster (hacd_fatal()).
 *
 * What the DC orders every member can apply: before ordering, the DC runs
 * the members' own apply path (parse the patch, apply, compare digests) on
 * its copy and refuses the write if that fails.  A member that still fails
 * to apply a delivered change logs why, asks the DC for its whole copy,
 * takes it and confirms the change then; it never wedges the writes.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"

struct hacd_local_write {
    struct hacd *h;
    guint64 id;
    hacd_write_done_fn done;
    void *user_data;
    int rc;
    struct ha_store_version version;
    char *digest;
    gint64 start_us;
};

struct hacd_inflight {
    guint64 id;
    uint32_t origin_nodeid;
    uint32_t origin_pid;
    struct ha_store_version version;
    char *digest;
    GHashTable *confirmed;      /* nodeids */
    guint votes;
};

struct hacd_writes {
    GHashTable *local;              /* request id -> struct hacd_local_write */
    GQueue dc_queue;                /* DC: GVariant WRITE_REQ bodies */
    guint64 resync_id;              /* a change that failed here: waiting
                                     * for the DC's copy (0: none) */
    struct hacd_inflight *inflight; /* DC: the write being confirmed */
};

static void
inflight_free(struct hacd_inflight *f)
{
    if (f != NULL) {
        g_free(f->digest);
        g_hash_table_destroy(f->confirmed);
        g_free(f);
    }
}

struct hacd_writes *
hacd_writes_new(void)
{
    struct hacd_writes *w = g_new0(struct hacd_writes, 1);

    w->local = g_hash_table_new(g_int64_hash, g_int64_equal);
    g_queue_init(&w->dc_queue);
    return w;
}

void
hacd_writes_free(struct hacd_writes *w)
{
    if (w != NULL) {
        g_hash_table_destroy(w->local);
        g_clear_pointer(&w->inflight, inflight_free);
        g_queue_clear_full(&w->dc_queue, (GDestroyNotify) g_variant_unref);
        g_free(w);
    }
}

gboolean
hacd_write_resyncing(const struct hacd *h)
{
    return h->writes->resync_id != 0;
}

static gboolean
local_complete_cb(gpointer data)
{
    struct hacd_local_write *w = data;

    ha_info("Configuration write finished: %s " QB_XS " write_ms=%.2f",
            ha_strerror(w->rc), (g_get_monotonic_time() - w->start_us) / 1000.0);
    w->done(w->rc, &w->version, (w->digest != NULL) ? w->digest : "",
            w->user_data);
    g_free(w->digest);
    g_free(w);
    return G_SOURCE_REMOVE;
}

/* Finish a local write from the main loop (never re-entrantly). */
static void
local_complete(struct hacd_local_write *w, int rc,
               const struct ha_store_version *v, const char *digest)
{
    w->rc = rc;
    if (v != NULL) {
        w->version = *v;
    }
    w->digest = g_strdup(digest);
    (void) g_idle_add(local_complete_cb, w);
}

void
hacd_write_submit(struct hacd *h, guint64 id, enum hacd_write_op op,
                  const char *arg1, const char *arg2, hacd_write_done_fn done,
                  void *user_data)
{
    struct hacd_local_write *w = g_new0(struct hacd_local_write, 1);
    int rc;

    w->h = h;
    w->start_us = g_get_monotonic_time();
    w->id = id;
    w->done = done;
    w->user_data = user_data;
    if (!ha_cluster_quorate(h->cluster)) {
        local_complete(w, -HA_ENOQUORUM, NULL, NULL);
        return;
    }
    if (hacd_sync_phase(h) == HACD_SYNC_DONE && !hacd_established(h)) {
        local_complete(w, -HA_ENOSTORE, NULL, NULL);
        return;
    }
    if (hacd_dc_nodeid(h) == 0 || hacd_sync_phase(h) != HACD_SYNC_DONE || id == 0
        || g_hash_table_contains(h->writes->local, &w->id)) {
        local_complete(w, -HA_ERETRY, NULL, NULL);
        return;
    }
    rc = hacd_msg_send(h, HACD_MSG_WRITE_REQ,
                       g_variant_new("(tuuysms)", id,
                                     ha_cluster_local_nodeid(h->cluster),
                                     ha_cluster_local_pid(h->cluster),
                                     (guchar) op, arg1, arg2));
    if (rc < 0) {
        local_complete(w, rc, NULL, NULL);
        return;
    }
    g_hash_table_insert(h->writes->local, &w->id, w);
}

static void
send_result(struct hacd *h, guint64 id, uint32_t nodeid, uint32_t pid, int rc)
{
    struct ha_store_version v;

    hacd_store_version(h, &v);
    (void) hacd_msg_send(h, HACD_MSG_WRITE_RESULT,
                         g_variant_new("(tuui(ttt)s)", id, nodeid, pid,
                                       (gint32) rc, v.admin_epoch, v.epoch,
                                       v.num_updates, hacd_store_digest(h)));
}

/* The new document for a request, validated; version not yet assigned. */
static int
build_doc(struct hacd *h, guchar op, const char *arg1, const char *arg2,
          ha_store_doc_t **ret_doc)
{
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;
    int rc = -EINVAL;

    if (op == HACD_WRITE_REPLACE && arg2 != NULL
        && strcmp(arg2, hacd_store_digest(h)) != 0) {
        ha_info("Refusing a configuration write: it was made from an older "
                "copy");
        return -HA_ECONFLICT;
    }
    if (op == HACD_WRITE_REPLACE) {
        rc = ha_store_doc_load_memory(arg1, strlen(arg1), "import",
                                      HA_STORE_LOAD_NO_STATUS, &doc, &errors);
    } else if (op == HACD_WRITE_PROPERTY) {
        rc = ha_store_doc_set_property(hacd_doc(h), arg1, arg2, &doc, &errors);
    }
    if (rc < 0) {
        ha_info("Refusing a configuration write: %s%s%s", ha_strerror(rc),
                (errors != NULL && errors->len > 0) ? ": " : "",
                (errors != NULL && errors->len > 0)
                ? (const char *) errors->pdata[0] : "");
        return rc;
    }
    *ret_doc = doc;
    return 0;
}

/* Assign the next version: epoch + 1 (or the imported one if newer). */
static ha_store_doc_t *
next_version(struct hacd *h, ha_store_doc_t *doc)
{
    struct ha_store_version cur;
    struct ha_store_version imported;
    struct ha_store_version next;

    ha_store_doc_version(hacd_doc(h), &cur);
    ha_store_doc_version(doc, &imported);
    next = cur;
    next.epoch++;
    next.num_updates = 0;
    if (ha_store_version_cmp(&imported, &next) > 0) {
        next = imported;
    }
    return ha_store_doc_with_version(doc, &next);
}

/* What every member does with a delivered change: parse the patch, apply
 * it to @base and check the digest the DC announced.  The DC runs it too
 * before ordering a change, so what it orders every member can apply. */
static int
apply_change(const ha_store_doc_t *base, const char *text, const char *digest,
             ha_store_doc_t **ret_doc, char **ret_why)
{
    g_autoptr(ha_store_patch_t) patch = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;
    int rc = ha_store_patch_parse(text, strlen(text), &patch, ret_why);

    if (rc == 0) {
        rc = ha_store_patch_apply(base, patch, &doc, &errors);
        if (rc < 0 && errors != NULL && errors->len > 0) {
            *ret_why = g_strdup(errors->pdata[0]);
        }
    }
    if (rc == 0 && strcmp(ha_store_doc_digest(doc), digest) != 0) {
        ha_store_doc_unref(doc);
        *ret_why = g_strdup("the result does not have the announced digest");
        rc = -HA_EDIGEST;
    }
    if (rc == 0) {
        *ret_doc = doc;
    }
    return rc;
}

/* Order @doc (the next version) as request @id's change: multicast the
 * patch from the current copy, unless members could not apply it. */
static int
order_change(struct hacd *h, guint64 id, guint32 nodeid, guint32 pid,
             ha_store_doc_t *doc)
{
    g_autoptr(ha_store_patch_t) patch = ha_store_patch_new(hacd_doc(h), doc);
    g_autofree char *text = ha_store_patch_serialize(patch);
    g_autoptr(ha_store_doc_t) check = NULL;
    g_autofree char *why = NULL;
    struct ha_store_version base;
    struct ha_store_version v;
    int rc = apply_change(hacd_doc(h), text, ha_store_doc_digest(doc), &check,
                          &why);

    if (rc < 0) {
        ha_err("Refusing a configuration write that members could not "
               "apply: %s%s%s", ha_strerror(rc), (why != NULL) ? ": " : "",
               (why != NULL) ? why : "");
        return rc;
    }
    ha_store_doc_version(hacd_doc(h), &base);
    ha_store_doc_version(doc, &v);
    h->writes->inflight = g_new0(struct hacd_inflight, 1);
    h->writes->inflight->id = id;
    h->writes->inflight->origin_nodeid = nodeid;
    h->writes->inflight->origin_pid = pid;
    h->writes->inflight->version = v;
    h->writes->inflight->digest = g_strdup(ha_store_doc_digest(doc));
    h->writes->inflight->confirmed = g_hash_table_new(g_direct_hash, g_direct_equal);
    /* the quorate ring the DC accepted the write in travels with it:
     * it is what makes this copy newer than any older partition's */
    (void) hacd_msg_send(h, HACD_MSG_WRITE_CHANGE,
                         g_variant_new("(tuu(ttt)s(ttt)sst)", id, nodeid, pid,
                                       base.admin_epoch, base.epoch,
                                       base.num_updates, hacd_store_digest(h),
                                       v.admin_epoch, v.epoch, v.num_updates,
                                       h->writes->inflight->digest, text,
                                       ha_cluster_current_ring(
                                           h->cluster).seq));
    return 0;
}

/* Start the next queued request; answer refused ones at once. */
static void
process_next(struct hacd *h)
{
    while (h->writes->inflight == NULL && !g_queue_is_empty(&h->writes->dc_queue)) {
        g_autoptr(GVariant) req = g_queue_pop_head(&h->writes->dc_queue);
        g_autoptr(ha_store_doc_t) edited = NULL;
        g_autoptr(ha_store_doc_t) doc = NULL;
        guint64 id = 0;
        guint32 nodeid = 0;
        guint32 pid = 0;
        guchar op = 0;
        const char *arg1 = NULL;
        const char *arg2 = NULL;
        int rc;

        g_variant_get(req, "(tuuy&sm&s)", &id, &nodeid, &pid, &op, &arg1,
                      &arg2);
        if (!ha_cluster_quorate(h->cluster)) {
            send_result(h, id, nodeid, pid, -HA_ENOQUORUM);
            continue;
        }
        if (!hacd_established(h)) {
            send_result(h, id, nodeid, pid, -HA_ENOSTORE);
            continue;
        }
        if (hacd_store_was_applied(h, id)) {
            send_result(h, id, nodeid, pid, 0);   /* a retry: already done */
            continue;
        }
        rc = build_doc(h, op, arg1, arg2, &edited);
        if (rc < 0) {
            send_result(h, id, nodeid, pid, rc);
            continue;
        }
        if (op == HACD_WRITE_PROPERTY
            && strcmp(ha_store_doc_digest(edited), hacd_store_digest(h)) == 0) {
            send_result(h, id, nodeid, pid, 0);   /* nothing changes */
            continue;
        }
        doc = next_version(h, edited);
        rc = order_change(h, id, nodeid, pid, doc);
        if (rc < 0) {
            send_result(h, id, nodeid, pid, rc);
        }
    }
}

void
hacd_write_kick(struct hacd *h)
{
    if (hacd_is_dc(h) && hacd_sync_phase(h) == HACD_SYNC_DONE) {
        process_next(h);
    }
}

void
hacd_write_on_req(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    if (!hacd_is_dc(h)) {
        return;
    }
    /* An origin sends only once its membership is synced, so a request
     * delivered before this membership's SYNC_DONE was sent in an earlier
     * one: its origin has already failed it (hacd_write_abort_all()) and
     * told its client so.  It must never run. */
    if (hacd_sync_phase(h) != HACD_SYNC_DONE) {
        ha_info("Dropping a configuration write sent before the membership "
                "changed (its origin failed it) " QB_XS " from=%u", nodeid);
        return;
    }
    g_queue_push_tail(&h->writes->dc_queue, g_variant_ref(body));
    hacd_write_kick(h);
}

static void
confirm(struct hacd *h, guint64 id, const struct ha_store_version *v, int rc)
{
    (void) hacd_msg_send(h, HACD_MSG_WRITE_CONFIRM,
                         g_variant_new("(t(ttt)i)", id, v->admin_epoch,
                                       v->epoch, v->num_updates, (gint32) rc));
}

/* A delivered change this node could not apply.  A member is out of step
 * with the DC: it says why, stops applying changes and asks the DC for its
 * whole copy, and confirms this change once it holds that copy
 * (hacd_write_resynced()).  The DC's own copy is the reference: the change
 * fails, and members that applied it take the DC's copy back. */
static void
change_failed(struct hacd *h, guint64 id, guint32 onode, guint32 opid,
              const struct ha_store_version *v, int rc, const char *why)
{
    ha_err("Could not apply configuration change %" G_GUINT64_FORMAT ".%"
           G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT " from the DC: %s%s%s; "
           "%s", v->admin_epoch, v->epoch, v->num_updates, ha_strerror(rc),
           (why != NULL) ? ": " : "", (why != NULL) ? why : "",
           hacd_is_dc(h) ? "the write fails and the members take this "
           "node's copy" : "asking the DC for the whole configuration");
    if (hacd_is_dc(h)) {
        if (h->writes->inflight != NULL && h->writes->inflight->id == id) {
            send_result(h, id, onode, opid, rc);
            g_clear_pointer(&h->writes->inflight, inflight_free);
        }
        (void) hacd_sync_send_store_on_request(h);
        process_next(h);
        return;
    }
    hacd_sync_set_unsynced(h);
    h->writes->resync_id = id;
    (void) hacd_msg_send(h, HACD_MSG_NEED_STORE,
                         g_variant_new("(t)", hacd_view_id(h)));
}

void
hacd_write_on_change(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    g_autofree char *why = NULL;
    ha_store_doc_t *doc = NULL;
    struct ha_store_version base;
    struct ha_store_version v;
    guint64 id = 0;
    guint32 onode = 0;
    guint32 opid = 0;
    const char *base_digest = NULL;
    const char *digest = NULL;
    const char *text = NULL;
    guint64 ring = 0;
    int rc;

    if (nodeid != hacd_dc_nodeid(h) || !hacd_sync_i_am_synced(h)) {
        return;
    }
    g_variant_get(body, "(tuu(ttt)&s(ttt)&s&st)", &id, &onode, &opid,
                  &base.admin_epoch, &base.epoch, &base.num_updates,
                  &base_digest, &v.admin_epoch, &v.epoch, &v.num_updates,
                  &digest, &text, &ring);
    rc = apply_change(hacd_doc(h), text, digest, &doc, &why);
    if (rc < 0) {
        change_failed(h, id, onode, opid, &v, rc, why);
        return;
    }
    rc = hacd_store_commit(h, doc);
    if (rc == 0 && ring > hacd_store_quorate_ring(h)) {
        rc = hacd_store_set_quorate_ring(h, ring);
    }
    if (rc < 0) {
        hacd_fatal(h, rc);
        return;
    }
    hacd_store_mark_applied(h, id);
    ha_notice("Applied configuration %" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
              ".%" G_GUINT64_FORMAT " " QB_XS " request=%" G_GINT64_MODIFIER
              "x from=%u", v.admin_epoch, v.epoch, v.num_updates, id, onode);
    confirm(h, id, &v, 0);
}

void
hacd_write_resynced(struct hacd *h)
{
    struct ha_store_version v;

    if (h->writes->resync_id == 0) {
        return;
    }
    /* the DC's copy holds the change this node could not apply: confirm
     * it (the DC counts it only if it is the write in flight) */
    hacd_store_version(h, &v);
    confirm(h, h->writes->resync_id, &v, 0);
    h->writes->resync_id = 0;
}

void
hacd_write_on_confirm(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct hacd_inflight *f = h->writes->inflight;
    struct ha_store_version v;
    guint64 id = 0;
    gint32 rc = 0;

    if (!hacd_is_dc(h) || f == NULL) {
        return;
    }
    g_variant_get(body, "(t(ttt)i)", &id, &v.admin_epoch, &v.epoch,
                  &v.num_updates, &rc);
    if (id != f->id || rc != 0 || ha_store_version_cmp(&v, &f->version) != 0
        || g_hash_table_contains(f->confirmed, GUINT_TO_POINTER(nodeid))) {
        return;
    }
    g_hash_table_add(f->confirmed, GUINT_TO_POINTER(nodeid));
    f->votes += ha_cluster_node_votes(h->cluster, nodeid);
    if (f->votes < ha_cluster_quorum_votes(h->cluster)) {
        return;
    }
    send_result(h, f->id, f->origin_nodeid, f->origin_pid, 0);
    g_clear_pointer(&h->writes->inflight, inflight_free);
    process_next(h);
}

void
hacd_write_on_result(struct hacd *h, GVariant *body)
{
    struct hacd_local_write *w;
    struct ha_store_version v;
    guint64 id = 0;
    guint32 nodeid = 0;
    guint32 pid = 0;
    gint32 rc = 0;
    const char *digest = NULL;

    g_variant_get(body, "(tuui(ttt)&s)", &id, &nodeid, &pid, &rc,
                  &v.admin_epoch, &v.epoch, &v.num_updates, &digest);
    if (nodeid != ha_cluster_local_nodeid(h->cluster)
        || pid != ha_cluster_local_pid(h->cluster)) {
        return;
    }
    w = g_hash_table_lookup(h->writes->local, &id);
    if (w == NULL) {
        return;
    }
    (void) g_hash_table_steal(h->writes->local, &id);
    local_complete(w, (rc > 0) ? -HA_EPROTO : rc, &v, digest);
}

void
hacd_write_abort_all(struct hacd *h, int rc)
{
    GHashTableIter it;
    gpointer value;

    g_hash_table_iter_init(&it, h->writes->local);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        g_hash_table_iter_steal(&it);
        local_complete(value, rc, NULL, NULL);
    }
    g_clear_pointer(&h->writes->inflight, inflight_free);
    g_queue_clear_full(&h->writes->dc_queue, (GDestroyNotify) g_variant_unref);
    h->writes->resync_id = 0;
}

void
hacd_write_clear(struct hacd *h)
{
    GHashTableIter it;
    gpointer value;

    /* Shutting down: answer now, the main loop may not run again. */
    g_hash_table_iter_init(&it, h->writes->local);
    while (g_hash_table_iter_next(&it, NULL, &value)) {
        struct hacd_local_write *w = value;

        g_hash_table_iter_steal(&it);
        w->done(-HA_ENOTCONN, &w->version, "", w->user_data);
        g_free(w);
    }
    g_clear_pointer(&h->writes->inflight, inflight_free);
    g_queue_clear_full(&h->writes->dc_queue, (GDestroyNotify) g_variant_unref);
}
