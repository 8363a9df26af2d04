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

#define STATE_FILE "hacd.state"
#define APPLIED_MAX 4096

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

    h->quorate_ring = 0;
    memset(ret_version, 0, sizeof(*ret_version));
    if (!g_file_get_contents(path, &text, NULL, NULL)) {
        return;
    }
    p = strstr(text, "quorate_ring=");
    if (p != NULL) {
        h->quorate_ring = g_ascii_strtoull(p + strlen("quorate_ring="), NULL,
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
    if (h->quorate_ring != 0 && (h->corrupt
                                 || ha_store_version_cmp(&mine, recorded) < 0)) {
        ha_warn("The local configuration copy (%" G_GUINT64_FORMAT ".%"
                G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ") is older than the "
                "one this node kept (%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                ".%" G_GUINT64_FORMAT "): it will not act with it before "
                "it hears from a member that holds the cluster's",
                mine.admin_epoch, mine.epoch, mine.num_updates,
                recorded->admin_epoch, recorded->epoch,
                recorded->num_updates);
        h->quorate_ring = 0;
    }
}

int
hacd_store_load(struct hacd *h)
{
    g_autoptr(GPtrArray) errors = NULL;
    ha_store_doc_t *doc = NULL;
    struct ha_store_version recorded;
    int rc;

    g_free(h->store_dir);
    h->store_dir = g_build_filename(h->opt.state_dir, "store", NULL);
    if (g_mkdir_with_parents(h->store_dir, 0750) != 0) {
        return -errno;
    }
    ha_store_doc_unref(h->doc);
    h->doc = NULL;
    h->corrupt = FALSE;
    rc = ha_store_persist_load(h->store_dir, &doc, &errors);
    if (rc == -ENOENT) {
        h->doc = ha_store_doc_new_empty();
    } else if (rc < 0) {
        ha_warn("Local configuration copy in '%s' is unusable (%s): it will "
                "be replaced by the cluster's", h->store_dir, ha_strerror(rc));
        h->corrupt = TRUE;
        h->doc = ha_store_doc_new_empty();
    } else {
        h->doc = doc;
    }
    load_state(h, &recorded);
    check_recorded(h, &recorded);
    return 0;
}

int
hacd_store_commit(struct hacd *h, ha_store_doc_t *doc)
{
    /* persist_fault is the seam the tests use for ENOSPC / EIO */
    int rc = (h->persist_fault != 0) ? h->persist_fault
             : ha_store_persist_save(h->store_dir, doc, h->opt.keep);

    if (rc == 0) {
        rc = save_state(h, h->quorate_ring, doc);
    }
    if (rc < 0) {
        ha_store_doc_unref(doc);
        return rc;
    }
    ha_store_doc_unref(h->doc);
    h->doc = doc;
    h->corrupt = FALSE;
    hacd_metrics_config_committed(h);
    hacd_ctl_trigger(h, "the configuration changed");
    return 0;
}

int
hacd_store_set_quorate_ring(struct hacd *h, guint64 ring)
{
    int rc;

    if (ring == h->quorate_ring) {
        return 0;
    }
    rc = save_state(h, ring, h->doc);
    if (rc == 0) {
        h->quorate_ring = ring;
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
    g_hash_table_add(h->applied, key);
    g_queue_push_tail(&h->applied_order, key);
    while (h->applied_order.length > APPLIED_MAX) {
        guint64 *old = g_queue_pop_head(&h->applied_order);

        (void) g_hash_table_remove(h->applied, old);   /* frees old */
    }
}

gboolean
hacd_store_was_applied(const struct hacd *h, guint64 id)
{
    return g_hash_table_contains(h->applied, &id);
}

void
hacd_store_version(const struct hacd *h, struct ha_store_version *ret)
{
    if (h->corrupt || h->doc == NULL) {
        memset(ret, 0, sizeof(*ret));
        return;
    }
    ha_store_doc_version(h->doc, ret);
}

const char *
hacd_store_digest(const struct hacd *h)
{
    if (h->corrupt || h->doc == NULL) {
        return "";
    }
    return ha_store_doc_digest(h->doc);
}
