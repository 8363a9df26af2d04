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
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_sync.h"
#include "ipc/ipc_hacd.h"

struct hacd_attrs {
    GHashTable *table;              /* "node\nname" -> value */
    GHashTable *waits;              /* token -> struct hacd_attr_wait */
    guint64 token;
    GPtrArray *replay;              /* ATTR_SETs since SYNC_DONE, or NULL */
};

struct hacd_attr_wait {
    guint64 token;              /* the key in the waits table */
    hacd_attr_done_fn done;
    void *user_data;
    int rc;
};

struct hacd_attrs *
hacd_attrs_new(void)
{
    struct hacd_attrs *a = g_new0(struct hacd_attrs, 1);

    a->table = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    a->waits = g_hash_table_new(g_int64_hash, g_int64_equal);
    return a;
}

void
hacd_attrs_free(struct hacd_attrs *a)
{
    if (a != NULL) {
        g_hash_table_destroy(a->table);
        g_hash_table_destroy(a->waits);
        g_clear_pointer(&a->replay, g_ptr_array_unref);
        g_free(a);
    }
}

gboolean
hacd_attr_syncing(const struct hacd *h)
{
    return h->attrs->replay != NULL;
}

static void
attr_free(gpointer p)
{
    struct hacd_attr *a = p;

    g_free(a->node);
    g_free(a->name);
    g_free(a->value);
    g_free(a);
}

static gint
key_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

GPtrArray *
hacd_attr_list(struct hacd *h, const char *node)
{
    g_autofree char *prefix = (node != NULL) ? g_strconcat(node, "\n", NULL)
                                             : NULL;
    g_autoptr(GPtrArray) keys = g_ptr_array_new();
    GPtrArray *list = g_ptr_array_new_with_free_func(attr_free);
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, h->attrs->table);
    while (g_hash_table_iter_next(&it, &k, NULL)) {
        if (prefix == NULL || g_str_has_prefix(k, prefix)) {
            g_ptr_array_add(keys, k);
        }
    }
    g_ptr_array_sort(keys, key_cmp);
    for (guint i = 0; i < keys->len; i++) {
        const char *key = keys->pdata[i];
        const char *nl = strchr(key, '\n');
        struct hacd_attr *a = g_new0(struct hacd_attr, 1);

        a->node = g_strndup(key, nl - key);
        a->name = g_strdup(nl + 1);
        a->value = g_strdup(g_hash_table_lookup(h->attrs->table, key));
        g_ptr_array_add(list, a);
    }
    return list;
}

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
    guint64 token = ++h->attrs->token;

    w->done = done;
    w->user_data = user_data;
    w->rc = hacd_msg_send(h, HACD_MSG_ATTR_SET,
                          g_variant_new("(ssmst)", node, name, value, token));
    if (w->rc < 0) {
        (void) g_idle_add(wait_complete_cb, w);
        return;
    }
    w->token = token;
    g_hash_table_insert(h->attrs->waits, &w->token, w);
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

    return g_hash_table_lookup(h->attrs->table, key);
}

static void
attr_apply(struct hacd *h, const char *node, const char *name,
           const char *value)
{
    if (value == NULL) {
        g_autofree char *key = attr_key(node, name);

        (void) g_hash_table_remove(h->attrs->table, key);
    } else {
        g_hash_table_replace(h->attrs->table, attr_key(node, name), g_strdup(value));
    }
}

void
hacd_attr_apply_delivered(struct hacd *h, const char *node, const char *name,
                          const char *value)
{
    attr_apply(h, node, name, value);
    if (h->attrs->replay != NULL) {
        g_ptr_array_add(h->attrs->replay,
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
        hacd_emit_simple(h, HACD_EV_ATTRS, "a node attribute changed");
    }
    if (h->attrs->replay != NULL) {
        g_ptr_array_add(h->attrs->replay, g_variant_ref(body));
    }
    if (nodeid != ha_cluster_local_nodeid(h->cluster)
        || pid != ha_cluster_local_pid(h->cluster)) {
        return;
    }
    w = g_hash_table_lookup(h->attrs->waits, &token);
    if (w != NULL) {
        (void) g_hash_table_steal(h->attrs->waits, &token);
        w->rc = 0;
        (void) g_idle_add(wait_complete_cb, w);
    }
}

void
hacd_attr_expect_all(struct hacd *h)
{
    if (h->attrs->replay != NULL) {
        g_ptr_array_unref(h->attrs->replay);
    }
    h->attrs->replay = g_ptr_array_new_with_free_func(
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
    if (view != hacd_view_id(h) || nodeid != hacd_dc_nodeid(h) || h->attrs->replay == NULL) {
        return;
    }
    g_hash_table_remove_all(h->attrs->table);
    while (g_variant_iter_next(it, "(&s&s&s)", &node, &name, &value)) {
        attr_apply(h, node, name, value);
    }
    for (guint i = 0; i < h->attrs->replay->len; i++) {
        g_variant_get(h->attrs->replay->pdata[i], "(&s&sm&st)", &node, &name,
                      &value, NULL);
        attr_apply(h, node, name, value);
    }
    g_clear_pointer(&h->attrs->replay, g_ptr_array_unref);
    hacd_emit_simple(h, HACD_EV_ATTRS, "node attributes were synced");
}

void
hacd_attr_send_all(struct hacd *h)
{
    GVariantBuilder b;
    GHashTableIter it;
    gpointer k;
    gpointer v;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(sss)"));
    g_hash_table_iter_init(&it, h->attrs->table);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_auto(GStrv) parts = g_strsplit(k, "\n", 2);

        g_variant_builder_add(&b, "(sss)", parts[0], parts[1], (char *) v);
    }
    (void) hacd_msg_send(h, HACD_MSG_ATTR_ALL,
                         g_variant_new("(t@a(sss))", hacd_view_id(h),
                                       g_variant_builder_end(&b)));
}

void
hacd_attr_forget_node(struct hacd *h, const char *node)
{
    g_autofree char *prefix = g_strconcat(node, "\n", NULL);
    GHashTableIter it;
    gpointer k;

    g_hash_table_iter_init(&it, h->attrs->table);
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

    g_hash_table_iter_init(&it, h->attrs->waits);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_attr_wait *w = v;

        g_hash_table_iter_steal(&it);
        w->done(-HA_ENOTCONN, w->user_data);
        g_free(w);
    }
    g_clear_pointer(&h->attrs->replay, g_ptr_array_unref);
    hacd_emit_simple(h, HACD_EV_ATTRS, "node attributes were synced");
}
