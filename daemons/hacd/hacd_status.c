/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_status.c - the replicated status: every node's
 * operation history (DESIGN.md decisions 2 and 5).
 *
 * Status is never written to disk.  Each node's hacd is the authority for
 * its own executor: after every membership change it multicasts its whole
 * history (LRM_ALL), including the actions it is running right now, and it
 * multicasts each result (OP_RESULT) as the executor reports it.  Every
 * member applies both when they are delivered, so all copies change in the
 * same order, and a new DC knows what every member runs before it
 * schedules anything.
 *
 * Recording follows Pacemaker's history ids: RSC_last_0 is the last
 * one-shot operation, RSC_last_failure_0 the last failure, RSC_monitor_N
 * each active recurring monitor.  A failure (other than a probe finding the
 * resource stopped) adds one to fail-count-RSC#TASK_INTERVAL and sets
 * last-failure-RSC#TASK_INTERVAL; every member does that itself at
 * delivery, so the counts agree everywhere without another message.
 * A clone notification (notify) is recorded nowhere, as in Pacemaker: it
 * says nothing of the resource's state, and its failure counts for
 * nothing.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "common/strings.h"
#include "exec/exec_result.h"
#include "hacd/hacd.h"
#include "hacd/hacd_ctl.h"
#include "hacd/hacd_fence.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_cib.h"

static void
lrm_rsc_free(gpointer p)
{
    struct hacd_lrm_rsc *r = p;

    if (r != NULL) {
        g_free(r->id);
        g_free(r->klass);
        g_free(r->provider);
        g_free(r->type);
        g_hash_table_destroy(r->ops);
        g_free(r);
    }
}

static void
node_table_free(gpointer p)
{
    g_hash_table_destroy(p);
}

/* A new DC says when it runs a transition. */
static void
on_dc_changed(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    h->dc_busy = FALSE;
}

void
hacd_status_init(struct hacd *h)
{
    hacd_subscribe(h, HACD_EV_BIT(HACD_EV_DC), on_dc_changed, NULL);
    h->lrm = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                   node_table_free);
    h->fence_history = g_ptr_array_new_with_free_func(hacd_fence_event_free);
    h->cleanup_waits = g_hash_table_new_full(g_int64_hash, g_int64_equal,
                                             NULL, g_free);
    h->started_us = g_get_monotonic_time();
}

void
hacd_status_clear(struct hacd *h)
{
    hacd_cib_free(h);   /* the scheduler's input and result built on it */
    if (h->lrm != NULL) {
        g_hash_table_destroy(h->lrm);
        h->lrm = NULL;
    }
    if (h->fence_history != NULL) {
        g_ptr_array_unref(h->fence_history);
        h->fence_history = NULL;
    }
    if (h->cleanup_waits != NULL) {
        g_hash_table_destroy(h->cleanup_waits);
        h->cleanup_waits = NULL;
    }
}

/* ---- operations ---- */

void
hacd_op_free(gpointer p)
{
    struct hacd_op *op = p;

    if (op != NULL) {
        g_free(op->key);
        g_free(op->task);
        g_free(op->digest);
        g_free(op->reason);
        g_free(op->tkey);
        g_free(op);
    }
}

struct hacd_op *
hacd_op_copy(const struct hacd_op *op)
{
    struct hacd_op *c = g_new(struct hacd_op, 1);

    *c = *op;
    c->key = g_strdup(op->key);
    c->task = g_strdup(op->task);
    c->digest = g_strdup(op->digest != NULL ? op->digest : "");
    c->reason = g_strdup(op->reason != NULL ? op->reason : "");
    c->tkey = g_strdup(op->tkey != NULL ? op->tkey : "");
    return c;
}

GVariant *
hacd_op_variant(const struct hacd_op *op)
{
    return g_variant_new(HACD_OP_VARIANT, op->key, op->task, op->interval_ms,
                         op->call_id, op->rc, op->status, op->target_rc,
                         op->digest != NULL ? op->digest : "",
                         op->reason != NULL ? op->reason : "",
                         op->last_rc_change, op->exec_ms,
                         op->tkey != NULL ? op->tkey : "");
}

struct hacd_op *
hacd_op_from_variant(GVariant *v)
{
    struct hacd_op *op = g_new0(struct hacd_op, 1);

    g_variant_get(v, HACD_OP_VARIANT, &op->key, &op->task, &op->interval_ms,
                  &op->call_id, &op->rc, &op->status, &op->target_rc,
                  &op->digest, &op->reason, &op->last_rc_change,
                  &op->exec_ms, &op->tkey);
    return op;
}

gboolean
hacd_op_succeeded(const struct hacd_op *op)
{
    if (op->status != HACD_OP_DONE) {
        return FALSE;
    }
    if (op->rc == op->target_rc) {
        return TRUE;
    }
    /* a stop of something not running, degraded but running */
    if (strcmp(op->task, "stop") == 0 && op->rc == 7) {
        return TRUE;
    }
    return (op->rc == 190 && op->target_rc == 0)
           || (op->rc == 191 && op->target_rc == 8);
}

/* A probe (monitor, interval 0) that finds the resource stopped, running
 * or promoted is information, not a failure. */
static gboolean
is_failure(const struct hacd_op *op)
{
    if (op->status == HACD_OP_PENDING || op->status == HACD_OP_CANCELLED) {
        return FALSE;
    }
    if (strcmp(op->task, "monitor") == 0 && op->interval_ms == 0
        && op->status == HACD_OP_DONE
        && (op->rc == 0 || op->rc == 7 || op->rc == 8)) {
        return FALSE;
    }
    return !hacd_op_succeeded(op);
}

/* ---- the table ---- */

GHashTable *
hacd_status_node(struct hacd *h, const char *node)
{
    GHashTable *t = g_hash_table_lookup(h->lrm, node);

    hacd_cib_changed(h);    /* the caller changes the history */
    if (t == NULL) {
        t = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                  lrm_rsc_free);    /* key: the rsc's id */
        g_hash_table_insert(h->lrm, g_strdup(node), t);
    }
    return t;
}

static struct hacd_lrm_rsc *
rsc_get(struct hacd *h, const char *node, const char *rsc, const char *klass,
        const char *provider, const char *type)
{
    GHashTable *t = hacd_status_node(h, node);
    struct hacd_lrm_rsc *r = g_hash_table_lookup(t, rsc);

    if (r == NULL) {
        r = g_new0(struct hacd_lrm_rsc, 1);
        r->id = g_strdup(rsc);
        r->klass = g_strdup(klass);
        r->provider = g_strdup(provider != NULL ? provider : "");
        r->type = g_strdup(type);
        r->ops = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                       hacd_op_free);
        g_hash_table_insert(t, r->id, r);
    }
    return r;
}

static void
put_op(struct hacd_lrm_rsc *r, const struct hacd_op *op, const char *key)
{
    struct hacd_op *c = hacd_op_copy(op);

    g_free(c->key);
    c->key = g_strdup(key);
    g_hash_table_replace(r->ops, c->key, c);
}

static void
count_failure(struct hacd *h, const char *node, const char *rsc,
              const struct hacd_op *op)
{
    g_autofree char *suffix = g_strdup_printf("%s#%s_%u", rsc, op->task,
                                              op->interval_ms);
    g_autofree char *fc_name = g_strconcat("fail-count-", suffix, NULL);
    g_autofree char *lf_name = g_strconcat("last-failure-", suffix, NULL);
    const char *old = hacd_attr_get(h, node, fc_name);
    gint64 count = (old != NULL) ? g_ascii_strtoll(old, NULL, 10) : 0;
    g_autofree char *value = NULL;
    g_autofree char *when = g_strdup_printf("%" G_GINT64_FORMAT,
                                            op->last_rc_change);

    const char *fatal = (hacd_doc(h) != NULL)
                        ? ha_store_doc_property(hacd_doc(h),
                                                "start-failure-is-fatal")
                        : NULL;
    gboolean start_fatal = TRUE;

    if (fatal != NULL) {
        (void) ha_bool_parse(fatal, &start_fatal);
    }
    /* a failed start bans the node (start-failure-is-fatal, default true) */
    if ((old != NULL && strcmp(old, "INFINITY") == 0)
        || (start_fatal && strcmp(op->task, "start") == 0)) {
        value = g_strdup("INFINITY");
    } else {
        value = g_strdup_printf("%" G_GINT64_FORMAT, count + 1);
    }
    hacd_attr_apply_delivered(h, node, fc_name, value);
    hacd_attr_apply_delivered(h, node, lf_name, when);
}

void
hacd_status_record(struct hacd *h, const char *node, const char *rsc,
                   const char *klass, const char *provider, const char *type,
                   const struct hacd_op *op, gboolean count)
{
    struct hacd_lrm_rsc *r = rsc_get(h, node, rsc, klass, provider, type);
    g_autofree char *last = g_strconcat(rsc, "_last_0", NULL);
    g_autofree char *failure = g_strconcat(rsc, "_last_failure_0", NULL);
    g_autofree char *recurring = g_strdup_printf("%s_%s_%u", rsc, op->task,
                                                 op->interval_ms);

    if (strcmp(op->task, "notify") == 0) {
        return;     /* a clone notification is no state (nor a failure) */
    }
    if (op->interval_ms > 0) {
        if (op->status == HACD_OP_CANCELLED) {
            (void) g_hash_table_remove(r->ops, recurring);
            return;
        }
        put_op(r, op, recurring);
    } else {
        put_op(r, op, last);
        if (strcmp(op->task, "stop") == 0 && hacd_op_succeeded(op)) {
            /* a stop ends every recurring monitor */
            GHashTableIter it;
            gpointer v;

            g_hash_table_iter_init(&it, r->ops);
            while (g_hash_table_iter_next(&it, NULL, &v)) {
                const struct hacd_op *o = v;

                /* a failure stays on record until it is cleaned up */
                if (o->interval_ms > 0 && strcmp(o->key, failure) != 0) {
                    g_hash_table_iter_remove(&it);
                }
            }
        }
    }
    if (is_failure(op)) {
        put_op(r, op, failure);
        if (count) {
            count_failure(h, node, rsc, op);
        }
    }
}

GVariant *
hacd_status_node_variant(struct hacd *h, const char *node)
{
    GHashTable *t = g_hash_table_lookup(h->lrm, node);
    GVariantBuilder b;
    GHashTableIter it;
    gpointer v;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a" HACD_RSC_VARIANT));
    if (t == NULL) {
        return g_variant_builder_end(&b);
    }
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_lrm_rsc *r = v;
        GVariantBuilder ops;
        GHashTableIter oi;
        gpointer ov;

        g_variant_builder_init(&ops, G_VARIANT_TYPE("a" HACD_OP_VARIANT));
        g_hash_table_iter_init(&oi, r->ops);
        while (g_hash_table_iter_next(&oi, NULL, &ov)) {
            g_variant_builder_add_value(&ops, hacd_op_variant(ov));
        }
        g_variant_builder_add(&b, HACD_RSC_VARIANT, r->id, r->klass,
                              r->provider, r->type, &ops);
    }
    return g_variant_builder_end(&b);
}

void
hacd_status_forget_node(struct hacd *h, const char *node)
{
    hacd_cib_changed(h);
    (void) g_hash_table_remove(h->lrm, node);
}

static void
forget_failcounts(struct hacd *h, const char *node, const char *rsc)
{
    g_autofree char *fc = g_strconcat("fail-count-", rsc, "#", NULL);
    g_autofree char *lf = g_strconcat("last-failure-", rsc, "#", NULL);
    g_autoptr(GPtrArray) attrs = hacd_attr_list(h, node);

    for (guint i = 0; i < attrs->len; i++) {
        const struct hacd_attr *a = attrs->pdata[i];

        if (g_str_has_prefix(a->name, fc) || g_str_has_prefix(a->name, lf)
            || strcmp(a->name + (g_str_has_prefix(a->name, "fail-count-")
                                 ? 11 : 0), rsc) == 0) {
            hacd_attr_apply_delivered(h, a->node, a->name, NULL);
        }
    }
}

void
hacd_status_forget_rsc(struct hacd *h, const char *node, const char *rsc)
{
    GHashTableIter it;
    gpointer k;
    gpointer v;

    hacd_cib_changed(h);
    g_hash_table_iter_init(&it, h->lrm);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        if (node == NULL || strcmp(node, k) == 0) {
            (void) g_hash_table_remove(v, rsc);
        }
    }
    forget_failcounts(h, node, rsc);
}

/* ---- messages ---- */

void
hacd_status_on_lrm_all(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    g_autoptr(GVariant) rscs = NULL;
    const char *node = NULL;
    guint64 view = 0;
    gboolean ready = FALSE;
    struct hacd_node *n = hacd_node_get(h, nodeid);
    GVariantIter it;
    GVariant *rv;

    g_variant_get(body, "(t&sb@a" HACD_RSC_VARIANT ")", &view, &node, &ready,
                  &rscs);
    if (strcmp(node, n->name) != 0) {
        ha_warn("Dropping the history of node %s sent by node %s", node,
                n->name);
        return;
    }
    hacd_status_forget_node(h, node);
    g_variant_iter_init(&it, rscs);
    while ((rv = g_variant_iter_next_value(&it)) != NULL) {
        const char *id, *klass, *provider, *type;
        g_autoptr(GVariant) ops = NULL;
        GVariantIter oi;
        GVariant *ov;

        g_variant_get(rv, "(&s&s&s&s@a" HACD_OP_VARIANT ")", &id, &klass,
                      &provider, &type, &ops);
        (void) rsc_get(h, node, id, klass, provider, type);
        g_variant_iter_init(&oi, ops);
        while ((ov = g_variant_iter_next_value(&oi)) != NULL) {
            struct hacd_op *op = hacd_op_from_variant(ov);
            struct hacd_lrm_rsc *r = rsc_get(h, node, id, klass, provider,
                                             type);

            g_hash_table_replace(r->ops, op->key, op);
            g_variant_unref(ov);
        }
        g_variant_unref(rv);
    }
    n->exec_ready = ready;
    n->lrm_view = view;
    hacd_emit_simple(h, HACD_EV_HISTORY, "a node reported its resources");
}

void
hacd_status_on_op_result(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    const char *node, *rsc, *klass, *provider, *type;
    g_autoptr(GVariant) opv = NULL;
    struct hacd_op *op;

    g_variant_get(body, "(&s&s&s&s&s@" HACD_OP_VARIANT ")", &node, &rsc,
                  &klass, &provider, &type, &opv);
    if (strcmp(node, hacd_node_name(h, nodeid)) != 0) {
        ha_warn("Dropping a result for node %s sent by node %s", node,
                hacd_node_name(h, nodeid));
        return;
    }
    op = hacd_op_from_variant(opv);
    hacd_status_record(h, node, rsc, klass, provider, type, op, TRUE);
    ha_info("Result of %s %s%s%.0u on %s: rc=%d status=%d (expected %d)%s%s",
            rsc, op->task, op->interval_ms > 0 ? " every " : "",
            op->interval_ms, node, op->rc, op->status, op->target_rc,
            op->reason[0] != '\0' ? ": " : "", op->reason);
    hacd_ctl_on_op_result(h, node, rsc, op);
    if (nodeid == ha_cluster_local_nodeid(h->cluster)) {
        hacd_emit(h, &(struct hacd_event) {
            .type = HACD_EV_OP_RESULT, .why = "an operation result",
            .node = node, .rsc = rsc, .op = op,
        });
    }
    hacd_op_free(op);
}

struct cleanup_wait {
    guint64 token;
    void (*done)(int rc, void *ud);
    void *ud;
};

void
hacd_status_on_lrm_delete(struct hacd *h, uint32_t nodeid, uint32_t pid,
                          GVariant *body)
{
    const char *node = NULL;
    const char *rsc = NULL;
    guint64 token = 0;
    struct cleanup_wait *w;

    g_variant_get(body, "(&s&st)", &node, &rsc, &token);
    hacd_status_forget_rsc(h, (*node != '\0') ? node : NULL, rsc);
    ha_notice("History of %s%s%s cleaned up", rsc, *node ? " on " : "", node);
    hacd_emit_simple(h, HACD_EV_HISTORY, "a resource was cleaned up");
    if (nodeid != ha_cluster_local_nodeid(h->cluster)
        || pid != ha_cluster_local_pid(h->cluster)) {
        return;
    }
    w = g_hash_table_lookup(h->cleanup_waits, &token);
    if (w != NULL) {
        (void) g_hash_table_steal(h->cleanup_waits, &token);
        w->done(0, w->ud);
        g_free(w);
    }
}

void
hacd_status_cleanup(struct hacd *h, const char *node, const char *rsc,
                    void (*done)(int rc, void *ud), void *ud)
{
    static guint64 next_token;
    struct cleanup_wait *w = g_new0(struct cleanup_wait, 1);
    int rc;

    w->token = ++next_token;
    w->done = done;
    w->ud = ud;
    rc = hacd_msg_send(h, HACD_MSG_LRM_DELETE,
                       g_variant_new("(sst)", node != NULL ? node : "", rsc,
                                     w->token));
    if (rc < 0) {
        done(rc, ud);
        g_free(w);
        return;
    }
    g_hash_table_insert(h->cleanup_waits, &w->token, w);
}

/* ---- failed actions ---- */

static const char *
exec_status_text(int status)
{
    switch (status) {
    case HACD_OP_PENDING: return "pending";
    case HACD_OP_DONE: return "complete";
    case HACD_OP_CANCELLED: return "cancelled";
    case HACD_OP_TIMEOUT: return "timed out";
    case HACD_OP_NOT_INSTALLED: return "not installed";
    default: return "error";
    }
}

GVariant *
hacd_status_failed_variant(struct hacd *h)
{
    g_autoptr(GList) nodes = g_list_sort(g_hash_table_get_keys(h->lrm),
                                         (GCompareFunc) strcmp);
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (GList *l = nodes; l != NULL; l = l->next) {
        GHashTable *t = g_hash_table_lookup(h->lrm, l->data);
        g_autoptr(GList) rscs = g_list_sort(g_hash_table_get_keys(t),
                                            (GCompareFunc) strcmp);

        for (GList *r = rscs; r != NULL; r = r->next) {
            struct hacd_lrm_rsc *lr = g_hash_table_lookup(t, r->data);
            g_autofree char *key = g_strconcat(lr->id, "_last_failure_0",
                                               NULL);
            const struct hacd_op *op = g_hash_table_lookup(lr->ops, key);
            GVariantBuilder e;

            if (op == NULL) {
                continue;
            }
            g_variant_builder_init(&e, G_VARIANT_TYPE_VARDICT);
            g_variant_builder_add(&e, "{sv}", "rsc",
                                  g_variant_new_string(lr->id));
            g_variant_builder_add(&e, "{sv}", "node",
                                  g_variant_new_string(l->data));
            g_variant_builder_add(&e, "{sv}", "task",
                                  g_variant_new_string(op->task));
            g_variant_builder_add(&e, "{sv}", "interval_ms",
                                  g_variant_new_uint64(op->interval_ms));
            g_variant_builder_add(&e, "{sv}", "rc",
                                  g_variant_new_int32(op->rc));
            g_variant_builder_add(&e, "{sv}", "rc_text",
                                  g_variant_new_string(
                                      ha_ocf_rc_name(op->rc)));
            g_variant_builder_add(&e, "{sv}", "status",
                                  g_variant_new_string(
                                      exec_status_text(op->status)));
            g_variant_builder_add(&e, "{sv}", "reason",
                                  g_variant_new_string(op->reason));
            g_variant_builder_add(&e, "{sv}", "last_rc_change",
                                  g_variant_new_int64(op->last_rc_change));
            g_variant_builder_add_value(&b, g_variant_builder_end(&e));
        }
    }
    return g_variant_builder_end(&b);
}
