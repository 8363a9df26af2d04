/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_attrs.c - transient node attributes (fail counts,
 * promotion scores, user attributes), in memory only (decision 5).
 *
 * Any member multicasts ATTR_SET; every member applies it when delivered,
 * so all tables change in the same order.  After a membership sync the DC
 * multicasts its whole table (ATTR_ALL, as of its SYNC_DONE delivery);
 * members replace theirs with it and replay the ATTR_SETs delivered since
 * SYNC_DONE, which brings joiners and the other side of a merge in line
 * without losing a concurrent update.  The attributes of a node that is
 * lost or that left cleanly go away; a daemon crash within the grace
 * period keeps them (decision 6).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "ipc/ipc_hacd.h"

struct hacd_attr_wait {
    guint64 token;              /* the key in h->attr_waits */
    hacd_attr_done_fn done;
    void *user_data;
    int rc;
};

static char *
attr_key(const char *node, const char *name)
{
    return g_strconcat(node, "\n", name, NULL);
}

static gboolean
wait_complete_cb(gpointer data)
{
    struct hacd_attr_wait *w = data;

    w->done(w->rc, w->user_data);
    g_free(w);
    return G_SOURCE_REMOVE;
}

void
hacd_attr_submit(struct hacd *h, const char *node, const char *name,
                 const char *value, hacd_attr_done_fn done, void *user_data)
{
    struct hacd_attr_wait *w = g_new0(struct hacd_attr_wait, 1);
    guint64 token = ++h->attr_token;

    w->done = done;
    w->user_data = user_data;
    w->rc = hacd_msg_send(h, HACD_MSG_ATTR_SET,
                          g_variant_new("(ssmst)", node, name, value, token));
    if (w->rc < 0) {
        (void) g_idle_add(wait_complete_cb, w);
        return;
    }
    w->token = token;
    g_hash_table_insert(h->attr_waits, &w->token, w);
}

gboolean
hacd_attr_is_private(const char *name)
{
    return g_str_has_prefix(name, HA_IPC_HACD_ATTR_PRIVATE_PREFIX);
}

const char *
hacd_attr_get(struct hacd *h, const char *node, const char *name)
{
    g_autofree char *key = attr_key(node, name);

    return g_hash_table_lookup(h->attrs, key);
}

static void
attr_apply(struct hacd *h, const char *node, const char *name,
           const char *value)
{
    if (value == NULL) {
        g_autofree char *key = attr_key(node, name);

        (void) g_hash_table_remove(h->attrs, key);
    } else {
        g_hash_table_replace(h->attrs, attr_key(node, name), g_strdup(value));
    }
}

void
hacd_attr_apply_delivered(struct hacd *h, const char *node, const char *name,
                          const char *value)
{
    attr_apply(h, node, name, value);
    if (h->attr_replay != NULL) {
        g_ptr_array_add(h->attr_replay,
                        g_variant_ref_sink(g_variant_new("(ssmst)", node, name,
                                                         value,
                                                         (guint64) 0)));
    }
}

void
hacd_attr_on_set(struct hacd *h, uint32_t nodeid, uint32_t pid, GVariant *body)
{
    const char *node = NULL;
    const char *name = NULL;
    const char *value = NULL;
    guint64 token = 0;
    struct hacd_attr_wait *w;

    g_variant_get(body, "(&s&sm&st)", &node, &name, &value, &token);
    attr_apply(h, node, name, value);
    if (!hacd_attr_is_private(name)) {
        hacd_ctl_trigger(h, "a node attribute changed");
    }
    if (h->attr_replay != NULL) {
        g_ptr_array_add(h->attr_replay, g_variant_ref(body));
    }
    if (nodeid != ha_cluster_local_nodeid(h->cluster)
        || pid != ha_cluster_local_pid(h->cluster)) {
        return;
    }
    w = g_hash_table_lookup(h->attr_waits, &token);
    if (w != NULL) {
        (void) g_hash_table_steal(h->attr_waits, &token);
        w->rc = 0;
        (void) g_idle_add(wait_complete_cb, w);
    }
}

void
hacd_attr_expect_all(struct hacd *h)
{
    if (h->attr_replay != NULL) {
        g_ptr_array_unref(h->attr_replay);
    }
    h->attr_replay = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_variant_unref);
}

void
hacd_attr_on_all(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    g_autoptr(GVariantIter) it = NULL;
    guint64 view = 0;
    const char *node;
    const char *name;
    const char *value;

    g_variant_get(body, "(ta(sss))", &view, &it);
    if (view != h->view_id || nodeid != h->dc_nodeid || h->attr_replay == NULL) {
        return;
    }
    g_hash_table_remove_all(h->attrs);
    while (g_variant_iter_next(it, "(&s&s&s)", &node, &name, &value)) {
        attr_apply(h, node, name, value);
    }
    for (guint i = 0; i < h->attr_replay->len; i++) {
        g_variant_get(h->attr_replay->pdata[i], "(&s&sm&st)", &node, &name,
                      &value, NULL);
        attr_apply(h, node, name, value);
    }
    g_clear_pointer(&h->attr_replay, g_ptr_array_unref);
    hacd_ctl_trigger(h, "node attributes were synced");
}

void
hacd_attr_send_all(struct hacd *h)
{
    GVariantBuilder b;
    GHashTableIter it;
    gpointer k;
    gpointer v;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(sss)"));
    g_hash_table_iter_init(&it, h->attrs);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_auto(GStrv) parts = g_strsplit(k, "\n", 2);

        g_variant_builder_add(&b, "(sss)", parts[0], parts[1], (char *) v);
    }
    (void) hacd_msg_send(h, HACD_MSG_ATTR_ALL,
                         g_variant_new("(t@a(sss))", h->view_id,
                                       g_variant_builder_end(&b)));
}

void
hacd_attr_forget_node(struct hacd *h, const char *node)
{
    g_autofree char *prefix = g_strconcat(node, "\n", NULL);
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, h->attrs);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        if (g_str_has_prefix(k, prefix)) {
            g_hash_table_iter_remove(&it);
        }
    }
}

void
hacd_attr_clear(struct hacd *h)
{
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, h->attr_waits);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_attr_wait *w = v;

        g_hash_table_iter_steal(&it);
        w->done(-HA_ENOTCONN, w->user_data);
        g_free(w);
    }
    g_clear_pointer(&h->attr_replay, g_ptr_array_unref);
    hacd_ctl_trigger(h, "node attributes were synced");
}
