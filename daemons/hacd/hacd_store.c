/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_store.c - this node's copy of the configuration store.
 *
 * The copy lives in <state_dir>/store (lib/store's crash-safe persistence:
 * digest line, fsync, rename, history).  Next to it, <state_dir>/hacd.state
 * records the last quorate ring in which this copy was in sync with the
 * cluster (the first criterion of the winner rule, DESIGN.md decision 3)
 * and the version of the copy committed last.  A copy older than that
 * version (deleted, restored from an old backup) did not see that ring:
 * it is loaded with ring 0, so it is not a holder of the cluster's
 * configuration (hacd_hold.c) and never wins against one.  No hacd.state
 * (a wiped state directory, a node never synced) is ring 0 too.
 *
 * A copy that fails its digest or does not load is "corrupt": it reports
 * version 0.0.0 and an empty digest, never wins and is never sent; the node
 * takes the winner's copy at the next sync.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "store/store_persist.h"
#include "hacd/hacd.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_store.h"

#define STATE_FILE "hacd.state"
#define APPLIED_MAX 4096

struct hacd_store {
    ha_store_doc_t *doc;
    gboolean corrupt;
    guint64 quorate_ring;           /* last quorate ring this copy saw */
    char *dir;
    int persist_fault;              /* tests: next saves fail with this */
    GHashTable *applied;            /* request id -> itself */
    GQueue applied_order;           /* request ids, oldest first */
};

struct hacd_store *
hacd_store_new(void)
{
    struct hacd_store *s = g_new0(struct hacd_store, 1);

    s->applied = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free,
                                       NULL);
    g_queue_init(&s->applied_order);
    return s;
}

void
hacd_store_free(struct hacd_store *s)
{
    if (s != NULL) {
        g_hash_table_destroy(s->applied);
        g_queue_clear(&s->applied_order);
        ha_store_doc_unref(s->doc);
        g_free(s->dir);
        g_free(s);
    }
}

const ha_store_doc_t *
hacd_doc(const struct hacd *h)
{
    return h->store->doc;
}

ha_store_doc_t *
hacd_store_swap(struct hacd *h, ha_store_doc_t *doc)
{
    ha_store_doc_t *prev = h->store->doc;

    h->store->doc = doc;
    return prev;
}

const char *
hacd_store_dir(const struct hacd *h)
{
    return h->store->dir;
}

guint64
hacd_store_quorate_ring(const struct hacd *h)
{
    return h->store->quorate_ring;
}

gboolean
hacd_store_corrupt(const struct hacd *h)
{
    return h->store->corrupt;
}

void
hacd_store_set_fault(struct hacd *h, int rc)
{
    h->store->persist_fault = rc;
}

void
hacd_store_reset_empty(struct hacd *h)
{
    ha_store_doc_unref(h->store->doc);
    h->store->doc = ha_store_doc_new_empty();
    h->store->corrupt = FALSE;
}

GVariant *
hacd_store_applied_variant(const struct hacd *h)
{
    GVariantBuilder ids;

    g_variant_builder_init(&ids, G_VARIANT_TYPE("at"));
    for (GList *l = h->store->applied_order.head; l != NULL; l = l->next) {
        g_variant_builder_add(&ids, "t", *(guint64 *) l->data);
    }
    return g_variant_builder_end(&ids);
}

void
hacd_store_forget_applied(struct hacd *h)
{
    g_hash_table_remove_all(h->store->applied);
    g_queue_clear(&h->store->applied_order);
}

static char *
state_path(const struct hacd *h)
{
    return g_build_filename(h->opt.state_dir, STATE_FILE, NULL);
}

static void
load_state(struct hacd *h, struct ha_store_version *ret_version)
{
    g_autofree char *path = state_path(h);
    g_autofree char *text = NULL;
    const char *p;

    h->store->quorate_ring = 0;
    memset(ret_version, 0, sizeof(*ret_version));
    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return;
    }
    p = strstr(text, "quorate_ring=");
    if (p != NULL) {
        h->store->quorate_ring = g_ascii_strtoull(p + strlen("quorate_ring="), NULL,
                                           10);
    }
    p = strstr(text, "version=");
    if (p != NULL
        && sscanf(p, "version=%" SCNu64 ".%" SCNu64 ".%" SCNu64,
                  &ret_version->admin_epoch, &ret_version->epoch,
                  &ret_version->num_updates) != 3) {
        memset(ret_version, 0, sizeof(*ret_version));
    }
}

static int
save_state(struct hacd *h, guint64 ring, const ha_store_doc_t *doc)
{
    g_autofree char *path = state_path(h);
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;
    struct ha_store_version v;

    ha_store_doc_version(doc, &v);
    text = g_strdup_printf("quorate_ring=%" G_GUINT64_FORMAT "\nversion=%"
                           G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%"
                           G_GUINT64_FORMAT "\n", ring, v.admin_epoch,
                           v.epoch, v.num_updates);
    if (!g_file_set_contents_full(path, text, -1,
                                  G_FILE_SET_CONTENTS_CONSISTENT
                                  | G_FILE_SET_CONTENTS_DURABLE, 0640,
                                  &error)) {
        return ha_rc_from_gerror(error);
    }
    return 0;
}

/* A copy older than the one recorded did not see the recorded ring. */
static void
check_recorded(struct hacd *h, const struct ha_store_version *recorded)
{
    struct ha_store_version mine;

    hacd_store_version(h, &mine);
    if (h->store->quorate_ring != 0 && (h->store->corrupt
                                 || ha_store_version_cmp(&mine, recorded) < 0)) {
        ha_warn("The local configuration copy (%" G_GUINT64_FORMAT ".%"
                G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ") is older than the "
                "one this node kept (%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                ".%" G_GUINT64_FORMAT "): it will not act with it before "
                "it hears from a member that holds the cluster's",
                mine.admin_epoch, mine.epoch, mine.num_updates,
                recorded->admin_epoch, recorded->epoch,
                recorded->num_updates);
        h->store->quorate_ring = 0;
    }
}

int
hacd_store_load(struct hacd *h)
{
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;
    struct ha_store_version recorded;
    int rc;

    g_free(h->store->dir);
    h->store->dir = g_build_filename(h->opt.state_dir, "store", NULL);
    if (g_mkdir_with_parents(h->store->dir, 0750) != 0) {
        return -errno;
    }
    ha_store_doc_unref(h->store->doc);
    h->store->doc = NULL;
    h->store->corrupt = FALSE;
    rc = ha_store_persist_load(h->store->dir, &doc, &errors);
    if (rc == -ENOENT) {
        h->store->doc = ha_store_doc_new_empty();
    } else if (rc < 0) {
        ha_warn("Local configuration copy in '%s' is unusable (%s): it will "
                "be replaced by the cluster's", h->store->dir, ha_strerror(rc));
        h->store->corrupt = TRUE;
        h->store->doc = ha_store_doc_new_empty();
    } else {
        h->store->doc = doc;
    }
    load_state(h, &recorded);
    check_recorded(h, &recorded);
    return 0;
}

int
hacd_store_commit(struct hacd *h, ha_store_doc_t *doc)
{
    /* persist_fault is the seam the tests use for ENOSPC / EIO */
    int rc = (h->store->persist_fault != 0) ? h->store->persist_fault
             : ha_store_persist_save(h->store->dir, doc, h->opt.keep);

    if (rc == 0) {
        rc = save_state(h, h->store->quorate_ring, doc);
    }
    if (rc < 0) {
        ha_store_doc_unref(doc);
        return rc;
    }
    ha_store_doc_unref(h->store->doc);
    h->store->doc = doc;
    h->store->corrupt = FALSE;
    hacd_emit_simple(h, HACD_EV_CONFIG, "the configuration changed");
    return 0;
}

int
hacd_store_set_quorate_ring(struct hacd *h, guint64 ring)
{
    int rc;

    if (ring == h->store->quorate_ring) {
        return 0;
    }
    rc = save_state(h, ring, h->store->doc);
    if (rc == 0) {
        h->store->quorate_ring = ring;
    }
    return rc;
}

void
hacd_store_mark_applied(struct hacd *h, guint64 id)
{
    guint64 *key;

    if (id == 0 || hacd_store_was_applied(h, id)) {
        return;
    }
    key = g_new(guint64, 1);
    *key = id;
    g_hash_table_add(h->store->applied, key);
    g_queue_push_tail(&h->store->applied_order, key);
    while (h->store->applied_order.length > APPLIED_MAX) {
        guint64 *old = g_queue_pop_head(&h->store->applied_order);

        (void) g_hash_table_remove(h->store->applied, old);   /* frees old */
    }
}

gboolean
hacd_store_was_applied(const struct hacd *h, guint64 id)
{
    return g_hash_table_contains(h->store->applied, &id);
}

void
hacd_store_version(const struct hacd *h, struct ha_store_version *ret)
{
    if (h->store->corrupt || h->store->doc == NULL) {
        memset(ret, 0, sizeof(*ret));
        return;
    }
    ha_store_doc_version(h->store->doc, ret);
}

const char *
hacd_store_digest(const struct hacd *h)
{
    if (h->store->corrupt || h->store->doc == NULL) {
        return "";
    }
    return ha_store_doc_digest(h->store->doc);
}
