/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_lrm.c - this node's executor link: hacd is a client of
 * the local ha-execd (lib/ipc/ipc_execd.h, lib/exec/exec_proto.h).
 *
 *  - It connects when hacd starts and again whenever the executor goes
 *    away (every second until it answers), and first reads the executor's
 *    state (STATE): a restarted hacd re-attaches to what runs, its history
 *    rebuilt from the executor's last results, nothing restarted.  An
 *    executor that restarted has nothing to report: the history of this
 *    node is dropped and the DC probes again.
 *  - Until the state is known the node is announced as not ready (the
 *    scheduler places nothing there) but its last known history is kept.
 *  - ACTIONs from the DC for this node go to the executor; each result is
 *    multicast as OP_RESULT (recurring monitors: the first result and every
 *    change), and recorded here when it is delivered, like everywhere.
 *  - The action running for each resource is kept as a pending entry of
 *    this node's history, so that LRM_ALL tells a new DC about it.
 *  - A "cancel" ACTION (a monitor of the role an instance leaves) is the
 *    executor's CANCEL of that recurring monitor; once the executor
 *    answered, the monitor is reported cancelled under the cancel's
 *    transition key (its result for the DC; everyone drops the monitor
 *    from the history).  A monitor the executor does not have is as good
 *    as cancelled.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "exec/exec_proto.h"
#include "exec/exec_result.h"
#include "ipc/ipc_execd.h"
#include "hacd/hacd.h"
#include "hacd/hacd_lrm.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_sync.h"

#define RETRY_MS 1000

/* One action sent to the executor. */
struct lrm_call {
    guint64 seq;            /* of the EXEC request, until it is answered */
    guint64 call_id;        /* the executor's, once answered */
    char *rsc, *klass, *provider, *type, *task;
    guint interval_ms;
    int target_rc;
    char *digest, *tkey;
    hacd_exec_done_fn done; /* outside the history (fence agents) */
    void *ud;
};

struct rsc_info {
    char *klass, *provider, *type;
    GVariant *start_params;     /* a{ss} of its last start, or NULL */
};

struct hacd_lrm {
    struct hacd *h;
    ha_ipc_execd_client_t *client;
    guint retry_source;
    gboolean ready;
    guint64 state_seq;
    GHashTable *by_seq;     /* seq -> lrm_call (owned) */
    GHashTable *by_call;    /* call id -> lrm_call (owned) */
    GHashTable *info;       /* rsc -> rsc_info */
};

static void
call_free(gpointer p)
{
    struct lrm_call *c = p;

    if (c != NULL) {
        g_free(c->rsc);
        g_free(c->klass);
        g_free(c->provider);
        g_free(c->type);
        g_free(c->task);
        g_free(c->digest);
        g_free(c->tkey);
        g_free(c);
    }
}

static void
info_free(gpointer p)
{
    struct rsc_info *i = p;

    if (i != NULL) {
        g_free(i->klass);
        g_free(i->provider);
        g_free(i->type);
        if (i->start_params != NULL) {
            g_variant_unref(i->start_params);
        }
        g_free(i);
    }
}

static struct rsc_info *
remember_info(struct hacd_lrm *l, const char *rsc, const char *klass,
              const char *provider, const char *type)
{
    struct rsc_info *old = g_hash_table_lookup(l->info, rsc);
    struct rsc_info *i = g_new0(struct rsc_info, 1);

    i->klass = g_strdup(klass);
    i->provider = g_strdup(provider != NULL ? provider : "");
    i->type = g_strdup(type);
    if (old != NULL && old->start_params != NULL) {
        i->start_params = g_variant_ref(old->start_params);
    }
    g_hash_table_replace(l->info, g_strdup(rsc), i);
    return i;
}

static const char *
my_name(struct hacd *h)
{
    return hacd_node_name(h, ha_cluster_local_nodeid(h->cluster));
}

static int
op_status(enum ha_exec_status s)
{
    switch (s) {
    case HA_EXEC_PENDING: return HACD_OP_PENDING;
    case HA_EXEC_DONE: return HACD_OP_DONE;
    case HA_EXEC_TIMEOUT: return HACD_OP_TIMEOUT;
    case HA_EXEC_CANCELLED: return HACD_OP_CANCELLED;
    case HA_EXEC_NOT_INSTALLED: return HACD_OP_NOT_INSTALLED;
    case HA_EXEC_ERROR: default: return HACD_OP_ERROR;
    }
}

/* The rc the executor's last results were meant to have (re-attach). */
static int
guess_target(const ha_exec_result_t *r)
{
    if (strcmp(r->action, "monitor") == 0) {
        if (r->interval_ms == 0) {
            return 7;
        }
        return (r->ocf_rc == 8 || r->ocf_rc == 9 || r->ocf_rc == 191) ? 8 : 0;
    }
    return 0;
}

static void
op_from_result(struct hacd_op *op, const ha_exec_result_t *r, int target_rc,
               const char *digest, const char *tkey)
{
    memset(op, 0, sizeof(*op));
    op->key = (char *) "";
    op->task = r->action;
    op->interval_ms = r->interval_ms;
    op->call_id = (gint) MIN(r->call_id, (guint64) G_MAXINT);
    op->rc = (r->status == HA_EXEC_NOT_INSTALLED) ? 5 : r->ocf_rc;
    op->status = op_status(r->status);
    op->target_rc = target_rc;
    op->digest = (char *) (digest != NULL ? digest : "");
    op->reason = (r->exit_reason != NULL) ? r->exit_reason
                 : (r->status == HA_EXEC_TIMEOUT ? (char *) "timed out" : "");
    op->last_rc_change = g_get_real_time() / G_USEC_PER_SEC;
    op->exec_ms = r->duration_ms;
    op->tkey = (char *) (tkey != NULL ? tkey : "");
}

static void
send_result(struct hacd *h, const char *rsc, const char *klass,
            const char *provider, const char *type, const struct hacd_op *op)
{
    int rc = hacd_msg_send(h, HACD_MSG_OP_RESULT,
                           g_variant_new("(sssss@" HACD_OP_VARIANT ")",
                                         my_name(h), rsc, klass,
                                         provider != NULL ? provider : "",
                                         type, hacd_op_variant(op)));

    if (rc < 0) {
        ha_err_rc(rc, "Could not report the result of %s %s", rsc, op->task);
    }
}

/* ---- pending entries of this node's history ---- */

static void
mark_pending(struct hacd *h, const struct lrm_call *c)
{
    struct hacd_op op = {
        .key = (char *) "", .task = c->task, .interval_ms = c->interval_ms,
        .call_id = -1, .rc = 193, .status = HACD_OP_PENDING,
        .target_rc = c->target_rc, .digest = c->digest, .reason = (char *) "",
        .last_rc_change = g_get_real_time() / G_USEC_PER_SEC,
        .tkey = c->tkey,
    };

    hacd_status_record(h, my_name(h), c->rsc, c->klass, c->provider, c->type,
                       &op, FALSE);
}

const char *
hacd_lrm_pending(struct hacd *h, const char *rsc)
{
    GHashTableIter it;
    gpointer v;

    if (h->exec == NULL) {
        return NULL;
    }
    g_hash_table_iter_init(&it, h->exec->by_call);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct lrm_call *c = v;

        if (c->interval_ms == 0 && c->done == NULL
            && strcmp(c->rsc, rsc) == 0) {
            return c->task;
        }
    }
    return NULL;
}

guint
hacd_lrm_active(struct hacd *h)
{
    GHashTable *t = g_hash_table_lookup(h->lrm, my_name(h));
    guint n = 0;
    GHashTableIter it;
    gpointer v;

    if (h->exec == NULL || t == NULL) {
        return 0;
    }
    g_hash_table_iter_init(&it, t);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct hacd_lrm_rsc *r = v;
        g_autofree char *key = g_strconcat(r->id, "_last_0", NULL);
        const struct hacd_op *op = g_hash_table_lookup(r->ops, key);
        gboolean stopped;

        if (op == NULL) {
            continue;
        }
        /* stopped: a stop that worked, a probe or monitor that found it
         * not running, or an agent that is not there */
        stopped = op->status != HACD_OP_PENDING
                  && ((strcmp(op->task, "stop") == 0 && hacd_op_succeeded(op))
                      || (strcmp(op->task, "monitor") == 0
                          && op->status == HACD_OP_DONE && op->rc == 7)
                      || op->status == HACD_OP_NOT_INSTALLED
                      || op->rc == 5);
        n += !stopped;
    }
    return n;
}

/* ---- executor messages ---- */

static struct lrm_call *
find_call(struct hacd_lrm *l, const ha_exec_result_t *r)
{
    struct lrm_call *c = g_hash_table_lookup(l->by_call, &r->call_id);
    GHashTableIter it;
    gpointer v;

    if (c != NULL) {
        return c;
    }
    /* a result before the reply that names its call id */
    g_hash_table_iter_init(&it, l->by_seq);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        c = v;
        if (strcmp(c->rsc, r->rsc_id) == 0 && strcmp(c->task, r->action) == 0
            && c->interval_ms == r->interval_ms) {
            return c;
        }
    }
    return NULL;
}

static void
on_result(struct hacd_lrm *l, GVariant *body)
{
    struct hacd *h = l->h;
    g_autoptr(ha_exec_result_t) r = NULL;
    struct lrm_call *c;
    struct rsc_info *info;
    struct hacd_op op;

    if (ha_exec_proto_result_decode(body, &r) < 0) {
        return;
    }
    c = find_call(l, r);
    if (c != NULL && c->done != NULL) {
        c->done(r, c->ud);
        if (g_hash_table_lookup(l->by_call, &c->call_id) == c) {
            (void) g_hash_table_remove(l->by_call, &c->call_id);
        } else {
            (void) g_hash_table_remove(l->by_seq, &c->seq);
        }
        return;
    }
    if (c != NULL) {
        op_from_result(&op, r, c->target_rc, c->digest, c->tkey);
        send_result(h, c->rsc, c->klass, c->provider, c->type, &op);
        if (r->interval_ms == 0 || r->status == HA_EXEC_CANCELLED) {
            if (g_hash_table_lookup(l->by_call, &c->call_id) == c) {
                (void) g_hash_table_remove(l->by_call, &c->call_id);
            } else {
                (void) g_hash_table_remove(l->by_seq, &c->seq);
            }
        }
        return;
    }
    /* an action started before this hacd (re)connected */
    info = g_hash_table_lookup(l->info, r->rsc_id);
    if (info == NULL) {
        ha_info("Ignoring a result for unknown resource %s", r->rsc_id);
        return;
    }
    op_from_result(&op, r, guess_target(r), NULL, NULL);
    send_result(h, r->rsc_id, info->klass, info->provider, info->type, &op);
}

static void
on_exec_reply(struct hacd_lrm *l, guint64 seq, int rc, GVariant *body)
{
    struct lrm_call *c = NULL;
    guint64 call_id = 0;

    if (!g_hash_table_steal_extended(l->by_seq, &seq, NULL, (gpointer *) &c)) {
        return;
    }
    if (rc < 0) {
        ha_exec_result_t r = {
            .rsc_id = c->rsc, .action = c->task, .interval_ms = c->interval_ms,
            .status = (rc == -ENOENT) ? HA_EXEC_NOT_INSTALLED : HA_EXEC_ERROR,
            .ocf_rc = (rc == -ENOENT) ? 5 : 1, .exit_code = -1,
            .exit_reason = (char *) ha_strerror(rc), .out = (char *) "",
            .err = (char *) "",
        };
        struct hacd_op op;

        ha_warn("The executor refused %s %s: %s", c->rsc, c->task,
                ha_strerror(rc));
        if (c->done != NULL) {
            c->done(&r, c->ud);
        } else {
            op_from_result(&op, &r, c->target_rc, c->digest, c->tkey);
            send_result(l->h, c->rsc, c->klass, c->provider, c->type, &op);
        }
        call_free(c);
        return;
    }
    g_variant_get(body, "(t)", &call_id);
    c->call_id = call_id;
    g_hash_table_replace(l->by_call, &c->call_id, c);
}

/* The executor answered the CANCEL of @c (a "cancel" action). */
static void
cancel_done(struct hacd_lrm *l, struct lrm_call *c, int rc)
{
    gboolean gone = (rc == 0 || rc == -HA_ENOTFOUND);
    ha_exec_result_t r = {
        .rsc_id = c->rsc, .action = (char *) "monitor",
        .interval_ms = c->interval_ms,
        .status = gone ? HA_EXEC_CANCELLED : HA_EXEC_ERROR,
        .ocf_rc = gone ? 0 : 1, .exit_code = -1,
        .exit_reason = gone ? (char *) "" : (char *) ha_strerror(rc),
        .out = (char *) "", .err = (char *) "",
    };
    struct hacd_op op;

    if (!gone) {
        ha_warn("The executor could not cancel %s monitor every %ums: %s",
                c->rsc, c->interval_ms, ha_strerror(rc));
    }
    op_from_result(&op, &r, c->target_rc, c->digest, c->tkey);
    send_result(l->h, c->rsc, c->klass, c->provider, c->type, &op);
}

static void
on_cancel_reply(struct hacd_lrm *l, guint64 seq, int rc)
{
    struct lrm_call *c = NULL;

    if (g_hash_table_steal_extended(l->by_seq, &seq, NULL, (gpointer *) &c)) {
        cancel_done(l, c, rc);
        call_free(c);
    }
}

/* Rebuild this node's history from the executor's state. */
static void
on_state_reply(struct hacd_lrm *l, int rc, GVariant *body)
{
    struct hacd *h = l->h;
    const char *me = my_name(h);
    g_autoptr(GPtrArray) rscs = NULL;
    GHashTable *mine = g_hash_table_lookup(h->lrm, me);
    gboolean had_history = (mine != NULL && g_hash_table_size(mine) > 0);

    if (rc < 0 || ha_exec_proto_state_decode(body, &rscs) < 0) {
        ha_err("Could not read the executor's state: %s", ha_strerror(rc));
        return;
    }
    hacd_status_forget_node(h, me);
    for (guint i = 0; i < rscs->len; i++) {
        const ha_exec_proto_rsc_t *s = rscs->pdata[i];
        struct hacd_op op;

        remember_info(l, s->rsc_id, s->rclass, s->provider, s->type);
        if (s->last_failure != NULL) {
            op_from_result(&op, s->last_failure, guess_target(s->last_failure),
                           NULL, NULL);
            hacd_status_record(h, me, s->rsc_id, s->rclass, s->provider,
                               s->type, &op, FALSE);
        }
        if (s->last_op != NULL) {
            op_from_result(&op, s->last_op, guess_target(s->last_op), NULL,
                           NULL);
            hacd_status_record(h, me, s->rsc_id, s->rclass, s->provider,
                               s->type, &op, FALSE);
        }
        for (guint m = 0; s->monitors != NULL && m < s->monitors->len; m++) {
            const ha_exec_proto_monitor_t *mon = s->monitors->pdata[m];

            if (mon->last != NULL) {
                op_from_result(&op, mon->last, guess_target(mon->last), NULL,
                               NULL);
                hacd_status_record(h, me, s->rsc_id, s->rclass, s->provider,
                                   s->type, &op, FALSE);
            }
        }
        if (s->running_action != NULL && s->running_interval_ms == 0) {
            struct lrm_call c = {
                .rsc = s->rsc_id, .klass = s->rclass,
                .provider = s->provider, .type = s->type,
                .task = s->running_action,
                .target_rc = (strcmp(s->running_action, "monitor") == 0)
                             ? 7 : 0,
                .digest = (char *) "", .tkey = (char *) "",
            };

            mark_pending(h, &c);
        }
    }
    if (had_history && rscs->len == 0) {
        ha_notice("The executor has restarted: its resources will be "
                  "probed again");
    } else {
        ha_notice("Executor state read: %u resources", rscs->len);
    }
    l->ready = TRUE;
    hacd_lrm_announce(h);
}

static void
on_message(ha_ipc_execd_client_t *client, uint32_t msg_id, guint64 seq,
           int rc, GVariant *body, void *ud)
{
    struct hacd_lrm *l = ud;

    if (seq == 0 && msg_id == HA_EXEC_MSG_RESULT) {
        on_result(l, body);
    } else if (msg_id == HA_EXEC_MSG_EXEC) {
        on_exec_reply(l, seq, rc, body);
    } else if (msg_id == HA_EXEC_MSG_CANCEL) {
        on_cancel_reply(l, seq, rc);
    } else if (msg_id == HA_EXEC_MSG_STATE && seq == l->state_seq) {
        on_state_reply(l, rc, body);
    }
}

static gboolean connect_cb(gpointer data);

static void
fail_calls(struct hacd_lrm *l)
{
    GHashTableIter it;
    gpointer v;

    /* fence runs waiting for the executor fail; resource actions are
     * found again in its state (or re-probed) */
    for (int pass = 0; pass < 2; pass++) {
        GHashTable *t = (pass == 0) ? l->by_seq : l->by_call;

        g_hash_table_iter_init(&it, t);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            struct lrm_call *c = v;

            if (c->done != NULL) {
                ha_exec_result_t r = {
                    .rsc_id = c->rsc, .action = c->task,
                    .status = HA_EXEC_ERROR, .ocf_rc = 1, .exit_code = -1,
                    .exit_reason = (char *) "the executor went away",
                    .out = (char *) "", .err = (char *) "",
                };

                c->done(&r, c->ud);
            }
        }
        g_hash_table_remove_all(t);
    }
}

static void
on_disconnected(ha_ipc_execd_client_t *client, void *ud)
{
    struct hacd_lrm *l = ud;

    ha_warn("Lost the connection to the executor; reconnecting");
    ha_ipc_execd_client_free(l->client);
    l->client = NULL;
    l->ready = FALSE;
    fail_calls(l);
    hacd_lrm_announce(l->h);
    if (l->retry_source == 0) {
        l->retry_source = g_timeout_add(RETRY_MS, connect_cb, l);
    }
}

static const char *
body_type(uint32_t msg_id, gboolean from_server)
{
    return ha_exec_proto_body_type(msg_id, from_server);
}

static const struct ha_ipc_execd_client_ops lrm_ops = {
    body_type, on_message, on_disconnected,
};

static gboolean
connect_cb(gpointer data)
{
    struct hacd_lrm *l = data;
    int rc;

    rc = ha_ipc_execd_client_connect(l->h->opt.execd_name, &lrm_ops, l,
                                     &l->client);
    if (rc < 0) {
        static gint64 last_warned;
        gint64 now = g_get_monotonic_time();

        if (now - last_warned > 30 * G_USEC_PER_SEC) {
            ha_warn("The executor '%s' does not answer (%s); retrying",
                    l->h->opt.execd_name, ha_strerror(rc));
            last_warned = now;
        }
        return G_SOURCE_CONTINUE;
    }
    l->retry_source = 0;
    rc = ha_ipc_execd_client_send(l->client, HA_EXEC_MSG_STATE,
                                  g_variant_new("()"), &l->state_seq);
    if (rc < 0) {
        ha_err_rc(rc, "Could not ask the executor for its state");
    }
    return G_SOURCE_REMOVE;
}

void
hacd_lrm_start(struct hacd *h)
{
    struct hacd_lrm *l;

    if (h->opt.execd_name == NULL) {
        return;
    }
    l = g_new0(struct hacd_lrm, 1);
    l->h = h;
    l->by_seq = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                      call_free);
    l->by_call = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                       call_free);
    l->info = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                    info_free);
    h->exec = l;
    if (connect_cb(l) == G_SOURCE_CONTINUE) {
        l->retry_source = g_timeout_add(RETRY_MS, connect_cb, l);
    }
}

void
hacd_lrm_free(struct hacd *h)
{
    struct hacd_lrm *l = h->exec;

    if (l == NULL) {
        return;
    }
    if (l->retry_source != 0) {
        g_source_remove(l->retry_source);
    }
    ha_ipc_execd_client_free(l->client);
    g_hash_table_destroy(l->by_seq);
    g_hash_table_destroy(l->by_call);
    g_hash_table_destroy(l->info);
    g_free(l);
    h->exec = NULL;
}

gboolean
hacd_lrm_ready(const struct hacd *h)
{
    return h->exec != NULL && h->exec->ready;
}

void
hacd_lrm_announce(struct hacd *h)
{
    const char *me;

    if (h->exec == NULL || hacd_members(h)->len == 0) {
        return;
    }
    me = my_name(h);
    (void) hacd_msg_send(h, HACD_MSG_LRM_ALL,
                         g_variant_new("(tsb@a" HACD_RSC_VARIANT ")",
                                       hacd_view_id(h), me, h->exec->ready,
                                       hacd_status_node_variant(h, me)));
}

/* ---- running actions ---- */

static int
submit(struct hacd_lrm *l, ha_exec_request_t *req, struct lrm_call *c)
{
    int rc;

    if (l->client == NULL || !l->ready) {
        ha_exec_request_free(req);
        return -HA_ENOTCONN;
    }
    rc = ha_exec_request_validate(req);
    if (rc == 0) {
        rc = ha_ipc_execd_client_send(l->client, HA_EXEC_MSG_EXEC,
                                      ha_exec_proto_exec_encode(req), &c->seq);
    }
    ha_exec_request_free(req);
    if (rc < 0) {
        return rc;
    }
    g_hash_table_insert(l->by_seq, &c->seq, c);
    return 0;
}

/* A "cancel" action: the executor's CANCEL of the monitor every
 * @c->interval_ms; its answer completes @c (on_cancel_reply). */
static void
submit_cancel(struct hacd_lrm *l, struct lrm_call *c)
{
    int rc = -HA_ENOTCONN;

    ha_info("Cancelling %s monitor every %ums " QB_XS " key=%s", c->rsc,
            c->interval_ms, c->tkey);
    if (l->client != NULL && l->ready) {
        rc = ha_ipc_execd_client_send(l->client, HA_EXEC_MSG_CANCEL,
                                      ha_exec_proto_cancel_encode(
                                          c->rsc, "monitor", c->interval_ms),
                                      &c->seq);
    }
    if (rc < 0) {
        cancel_done(l, c, rc);
        call_free(c);
        return;
    }
    g_hash_table_insert(l->by_seq, &c->seq, c);
}

int
hacd_lrm_run(struct hacd *h, ha_exec_request_t *req, hacd_exec_done_fn done,
             void *ud)
{
    struct lrm_call *c;
    int rc;

    if (h->exec == NULL) {
        ha_exec_request_free(req);
        return -HA_ENOTCONN;
    }
    c = g_new0(struct lrm_call, 1);
    c->rsc = g_strdup(req->rsc_id);
    c->task = g_strdup(req->action);
    c->done = done;
    c->ud = ud;
    rc = submit(h->exec, req, c);
    if (rc < 0) {
        call_free(c);
    }
    return rc;
}

static void
fill_table(GHashTable *t, GVariant *dict, gboolean meta,
           ha_exec_request_t *req)
{
    GVariantIter it;
    const char *k;
    const char *v;

    g_variant_iter_init(&it, dict);
    while (g_variant_iter_next(&it, "{&s&s}", &k, &v)) {
        if (meta) {
            ha_exec_request_set_meta(req, k, v);
        } else {
            ha_exec_request_set_param(req, k, v);
        }
    }
    (void) t;
}

void
hacd_lrm_on_action(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    guint64 transition = 0;
    guint32 target = 0;
    const char *tkey, *rsc, *klass, *provider, *type, *task, *digest;
    guint32 interval = 0;
    guint32 timeout = 0;
    gint32 target_rc = 0;
    g_autoptr(GVariant) params = NULL;
    g_autoptr(GVariant) meta = NULL;
    struct lrm_call *c;
    struct rsc_info *info;
    ha_exec_request_t *req;
    int rc;

    g_variant_get(body, "(tu&s&s&s&s&s&suui&s@a{ss}@a{ss})", &transition,
                  &target, &tkey, &rsc, &klass, &provider, &type, &task,
                  &interval, &timeout, &target_rc, &digest, &params, &meta);
    if (target != ha_cluster_local_nodeid(h->cluster) || h->exec == NULL
        || nodeid != hacd_dc_nodeid(h)) {
        return;
    }
    if (!h->exec->ready) {
        /* not a result: tell the DC again that this executor is away, so
         * that it gives the action up and waits for the executor */
        ha_warn("Not running %s %s: the executor is not connected", rsc, task);
        hacd_lrm_announce(h);
        return;
    }
    c = g_new0(struct lrm_call, 1);
    c->rsc = g_strdup(rsc);
    c->klass = g_strdup(klass);
    c->provider = g_strdup(provider);
    c->type = g_strdup(type);
    c->task = g_strdup(task);
    c->interval_ms = interval;
    c->target_rc = target_rc;
    c->digest = g_strdup(digest);
    c->tkey = g_strdup(tkey);
    info = remember_info(h->exec, rsc, klass, provider, type);
    if (strcmp(task, "cancel") == 0) {
        submit_cancel(h->exec, c);
        return;
    }
    if (strcmp(task, "start") == 0) {
        if (info->start_params != NULL) {
            g_variant_unref(info->start_params);
        }
        info->start_params = g_variant_ref(params);
    } else if (strcmp(task, "stop") == 0 && info->start_params != NULL) {
        /* stop what was started, with what it was started with (a
         * deleted resource has no parameters any more) */
        g_variant_unref(params);
        params = g_variant_ref(info->start_params);
    }
    req = ha_exec_request_new(rsc, klass, (*provider != '\0') ? provider : NULL,
                              type, task, interval, timeout);
    fill_table(NULL, params, FALSE, req);
    fill_table(NULL, meta, TRUE, req);
    ha_info("Running %s %s%s%.0u " QB_XS " key=%s", rsc, task,
            interval > 0 ? " every " : "", interval, tkey);
    if (interval == 0) {
        mark_pending(h, c);
    }
    rc = submit(h->exec, req, c);
    if (rc < 0) {
        ha_exec_result_t r = {
            .rsc_id = c->rsc, .action = c->task, .interval_ms = interval,
            .status = HA_EXEC_ERROR, .ocf_rc = 1, .exit_code = -1,
            .exit_reason = (char *) ha_strerror(rc), .out = (char *) "",
            .err = (char *) "",
        };
        struct hacd_op op;

        ha_warn("Could not run %s %s: %s", rsc, task, ha_strerror(rc));
        op_from_result(&op, &r, c->target_rc, c->digest, c->tkey);
        send_result(h, c->rsc, c->klass, c->provider, c->type, &op);
        call_free(c);
    }
}

static void
on_membership(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    hacd_lrm_announce(h);
}

void
hacd_lrm_init(struct hacd *h)
{
    hacd_subscribe(h, HACD_EV_BIT(HACD_EV_MEMBERSHIP), on_membership, NULL);
}
