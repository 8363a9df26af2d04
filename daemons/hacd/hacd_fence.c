/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_fence.c - fencing (DESIGN.md decision 6).
 *
 *  - The DC asks lib/sched what to run when a fencing begins
 *    (ha_sched_fence_plan(), rules in sched.h): the target's
 *    fencing-topology levels, or each device that can fence it; every
 *    device of a level must succeed, a failed level (or one holding a
 *    device that cannot be used) gives way to the next.  A device that
 *    only its agent can answer for (dynamic-list, status) is tried: its
 *    agent fails for a node it does not control.  A node runs the agent
 *    (ha_sched_fence_executor()): the DC itself unless it is the target,
 *    else the lowest member that is not.
 *  - It multicasts FENCE_REQ; that node waits the device's
 *    pcmk_delay_base plus a random part of pcmk_delay_max (two-node fence
 *    races), runs the agent through its executor (the target is the
 *    request's meta "target": the executor passes port/plug, host map and
 *    nodename to the agent) and multicasts FENCE_RESULT.
 *  - Every member records FENCE_RESULT in the fencing history (replicated,
 *    in memory); a success makes the target clean: its history and
 *    attributes are forgotten and the scheduler sees it down (unless it
 *    joined again after FENCE_REQ: the result, held up behind that
 *    membership change, ended its previous run).  A failure
 *    makes the DC try the next device; when none is left the fencing
 *    failed and the scheduler will ask again.
 *  - hactl asks with FENCE_ASK (any node, answered by the FENCE_RESULT that
 *    carries its request id).
 *  - An operator's confirmation (hactl stonith confirm) is a FENCE_RESULT
 *    of success without a device, sent by the node hactl asked: recorded
 *    and acted on like a fencing, and on the DC it completes every
 *    fencing of that target still being tried (the transitions waiting
 *    for them go on); on every node it answers the hactl requests still
 *    waiting for a fencing of that target (powering it on aside).
 *  - A fencing run here (waiting out its fence delay, or its agent
 *    running), or waiting out the DC's backoff after failures, is dropped
 *    with the fencer (hacd stopping).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "common/strings.h"
#include "exec/exec_result.h"
#include "hacd/hacd.h"
#include "hacd/hacd_alerts.h"
#include "hacd/hacd_ctl.h"
#include "hacd/hacd_cib.h"
#include "hacd/hacd_fence.h"
#include "hacd/hacd_lrm.h"
#include "hacd/hacd_metrics.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "sched/sched.h"
#include "store/store_model.h"

#define CONFIRMED_REASON "confirmed by an operator (hactl stonith confirm)"
#define HISTORY_MAX 500

/* A fencing the DC runs. */
struct fence_op {
    guint64 id;
    char *target, *action, *origin;
    ha_fence_plan_t *plan;  /* lib/sched's choice (NULL: none could be made) */
    guint next_level;       /* the first level not begun */
    const struct ha_fence_level *level;     /* the current one, or NULL */
    guint next_dev;         /* its first device not run */
    hacd_fence_done_fn done;
    void *ud;
};

/* A hactl request waiting for its result. */
struct fence_wait {
    guint64 id;
    char *target;
    gboolean powers_on;     /* action "on": a confirmation does not answer */
    hacd_fence_done_fn done;
    void *ud;
};

struct hacd_fencer {
    GHashTable *ops;        /* id -> fence_op (DC) */
    GHashTable *waits;      /* id -> fence_wait */
    GHashTable *failures;   /* target -> consecutive failures (DC) */
    GSList *delayed;        /* struct delayed_begin: backoff timers */
    GSList *runs;           /* struct fence_run: run here (delay, agent) */
    guint64 next_id;
};

/* A fencing that waits out its backoff before it begins. */
struct delayed_begin {
    struct hacd *h;
    guint64 id;
    guint source;
};

/* After N failed fencings of one target the next waits 2^N s (at most
 * BACKOFF_MAX_S): a missing or broken device does not make the DC spin. */
#define BACKOFF_MAX_S 60

/* A FENCE_REQ being run on this node. */
struct fence_run {
    struct hacd *h;
    guint64 id;
    char *target, *action, *device, *agent, *origin;
    GHashTable *params;
    guint timeout_ms;
    guint delay_source;     /* the fence delay's timer, while it waits */
};

static void run_free(struct fence_run *r);

static void
fence_wait_free(gpointer p)
{
    struct fence_wait *w = p;

    if (w != NULL) {
        g_free(w->target);
        g_free(w);
    }
}

static void
fence_op_free(gpointer p)
{
    struct fence_op *op = p;

    if (op != NULL) {
        g_free(op->target);
        g_free(op->action);
        g_free(op->origin);
        ha_fence_plan_free(op->plan);
        g_free(op);
    }
}

void
hacd_fence_event_free(gpointer p)
{
    struct hacd_fence_event *e = p;

    if (e != NULL) {
        g_free(e->target);
        g_free(e->action);
        g_free(e->state);
        g_free(e->delegate);
        g_free(e->origin);
        g_free(e->device);
        g_free(e->reason);
        g_free(e);
    }
}

void
hacd_fence_init(struct hacd *h)
{
    struct hacd_fencer *f = g_new0(struct hacd_fencer, 1);

    f->ops = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                   fence_op_free);
    f->waits = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                     fence_wait_free);
    f->failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        NULL);
    f->next_id = (guint64) g_get_real_time() << 8;
    h->fencer = f;
}

void
hacd_fence_free(struct hacd *h)
{
    struct hacd_fencer *f = h->fencer;

    if (f == NULL) {
        return;
    }
    for (GSList *l = f->delayed; l != NULL; l = l->next) {
        struct delayed_begin *d = l->data;

        g_source_remove(d->source);
        g_free(d);
    }
    g_slist_free(f->delayed);
    /* the executor's link is gone already: no result comes any more */
    for (GSList *l = f->runs; l != NULL; l = l->next) {
        struct fence_run *r = l->data;

        if (r->delay_source != 0) {
            g_source_remove(r->delay_source);
        }
        run_free(r);
    }
    g_slist_free(f->runs);
    g_hash_table_destroy(f->ops);
    g_hash_table_destroy(f->waits);
    g_hash_table_destroy(f->failures);
    g_free(f);
    h->fencer = NULL;
}

/* ---- choosing devices: lib/sched's query ---- */

/* The plan to fence @target (lib/sched/sched_fence_plan.c) on the
 * scheduler's input; NULL when that cannot be read. */
static ha_fence_plan_t *
plan_for(struct hacd *h, const char *target, const char *action)
{
    g_autoptr(ha_store_model_t) m = NULL;
    ha_fence_plan_t *plan = NULL;
    int rc = hacd_cib_input(h, hacd_doc(h), &m);

    if (rc == 0) {
        rc = ha_sched_fence_plan(m, target, action,
                                 g_get_real_time() / G_USEC_PER_SEC, &plan);
    }
    if (rc < 0) {
        ha_err("Could not read the fencing configuration: %s",
               ha_strerror(rc));
        return NULL;
    }
    return plan;
}

static gint
nodeid_cmp(gconstpointer a, gconstpointer b)
{
    uint32_t x = *(const uint32_t *) a;
    uint32_t y = *(const uint32_t *) b;

    return (x > y) - (x < y);
}

/* The member that runs the agent (ha_sched_fence_executor()): the DC,
 * then the other members by node id; 0 when only the target is left. */
static uint32_t
executor_for(struct hacd *h, const char *target)
{
    uint32_t me = ha_cluster_local_nodeid(h->cluster);
    g_autoptr(GArray) ids = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    g_autofree const char **names = NULL;
    guint pick;

    const GArray *members = hacd_members(h);

    for (guint i = 0; i < members->len; i++) {
        uint32_t id = g_array_index(members, struct ha_cluster_member,
                                    i).nodeid;

        if (id != me) {
            g_array_append_val(ids, id);
        }
    }
    g_array_sort(ids, nodeid_cmp);
    g_array_prepend_val(ids, me);
    names = g_new0(const char *, ids->len);
    for (guint i = 0; i < ids->len; i++) {
        names[i] = hacd_node_name(h, g_array_index(ids, uint32_t, i));
    }
    pick = ha_sched_fence_executor(target, names, ids->len);
    return (pick != HA_MODEL_NONE) ? g_array_index(ids, uint32_t, pick) : 0;
}

/* ---- the DC's side ---- */

static void
send_failure(struct hacd *h, guint64 id, const char *target,
             const char *action, const char *reason)
{
    (void) hacd_msg_send(h, HACD_MSG_FENCE_RESULT,
                         g_variant_new("(tsssssisx)", id, target, action, "",
                                       "", hacd_node_name(h, hacd_dc_nodeid(h)),
                                       (gint32) -1, reason,
                                       g_get_real_time() / G_USEC_PER_SEC));
}

/* Devices of the current level still to run? */
static gboolean
level_rest(const struct fence_op *op)
{
    return op->level != NULL && op->next_dev < op->level->n_devices;
}

/* The next device to run: the rest of the current level, else the first
 * of the next level (NULL when none is left). */
static const struct ha_fence_device *
next_device(struct fence_op *op)
{
    while (!level_rest(op)) {
        if (op->plan == NULL || op->next_level >= op->plan->n_levels) {
            return NULL;
        }
        op->level = &op->plan->levels[op->next_level++];
        op->next_dev = 0;
    }
    return &op->level->devices[op->next_dev++];
}

/* Send the request for the next device; FALSE when none is left. */
static gboolean
try_next(struct hacd *h, struct fence_op *op)
{
    const struct ha_fence_device *d;

    while ((d = next_device(op)) != NULL) {
        uint32_t exec = executor_for(h, op->target);
        GVariantBuilder params;
        guint delay = d->delay_base_ms;

        if (d->unusable != NULL || exec == 0) {
            /* a level with a device that cannot run fails as a whole */
            ha_notice("Fencing %s: %s cannot be used: %s", op->target, d->id,
                      (d->unusable != NULL) ? d->unusable
                                            : "no other node can run it");
            op->level = NULL;
            continue;
        }
        g_variant_builder_init(&params, G_VARIANT_TYPE("a{ss}"));
        for (guint k = 0; k < d->n_params; k++) {
            g_variant_builder_add(&params, "{ss}", d->params[k].name,
                                  d->params[k].value);
        }
        if (d->delay_max_ms > 0) {
            delay += (guint) g_random_int_range(0, (gint32) MIN(
                d->delay_max_ms, (guint) G_MAXINT32));
        }
        ha_notice("Fencing %s (%s) with %s from %s", op->target, op->action,
                  d->id, hacd_node_name(h, exec));
        if (hacd_msg_send(h, HACD_MSG_FENCE_REQ,
                          g_variant_new("(tusssss@a{ss}uu)", op->id, exec,
                                        op->target, op->action, d->id,
                                        d->agent, op->origin,
                                        g_variant_builder_end(&params), delay,
                                        d->timeout_ms)) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static void
begin(struct hacd *h, struct fence_op *op)
{
    if (op->plan == NULL || op->plan->n_levels == 0) {
        ha_err("No fence device can fence %s", op->target);
        send_failure(h, op->id, op->target, op->action,
                     "no fence device can fence it");
    } else if (!try_next(h, op)) {
        send_failure(h, op->id, op->target, op->action,
                     "no node can run a fence device");
    }
}

static gboolean
delayed_begin_cb(gpointer data)
{
    struct delayed_begin *d = data;
    struct hacd_fencer *f = d->h->fencer;
    struct fence_op *op = g_hash_table_lookup(f->ops, &d->id);

    f->delayed = g_slist_remove(f->delayed, d);
    if (op != NULL) {
        begin(d->h, op);
    }
    g_free(d);
    return G_SOURCE_REMOVE;
}

static void
start_op(struct hacd *h, guint64 id, const char *target, const char *action,
         const char *origin, hacd_fence_done_fn done, void *ud)
{
    struct hacd_fencer *f = h->fencer;
    struct fence_op *op = g_new0(struct fence_op, 1);
    guint failures = GPOINTER_TO_UINT(g_hash_table_lookup(f->failures,
                                                          target));

    op->id = id;
    op->target = g_strdup(target);
    op->action = g_strdup(action);
    op->origin = g_strdup(origin);
    op->plan = plan_for(h, target, action);
    op->done = done;
    op->ud = ud;
    g_hash_table_replace(f->ops, &op->id, op);
    if (failures > 0 && done != NULL) {
        struct delayed_begin *d = g_new0(struct delayed_begin, 1);
        guint wait_s = (failures >= 6) ? BACKOFF_MAX_S : (1u << failures);

        d->h = h;
        d->id = id;
        ha_notice("Fencing %s again in %u s (%u failed attempts)", target,
                  MIN(wait_s, BACKOFF_MAX_S), failures);
        d->source = g_timeout_add_seconds(MIN(wait_s, BACKOFF_MAX_S),
                                          delayed_begin_cb, d);
        f->delayed = g_slist_prepend(f->delayed, d);
        return;
    }
    begin(h, op);
}

void
hacd_fence_start(struct hacd *h, const char *target, const char *action,
                 hacd_fence_done_fn done, void *ud)
{
    start_op(h, ++h->fencer->next_id, target, action,
             hacd_node_name(h, ha_cluster_local_nodeid(h->cluster)), done,
             ud);
}

void
hacd_fence_on_ask(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    guint64 id = 0;
    const char *target = NULL;
    const char *action = NULL;

    g_variant_get(body, "(t&s&s)", &id, &target, &action);
    if (!hacd_is_dc(h)) {
        return;
    }
    if (!ha_cluster_quorate(h->cluster)) {
        send_failure(h, id, target, action, "the partition has no quorum");
        return;
    }
    if (!hacd_established(h)) {
        send_failure(h, id, target, action, "no member of this partition "
                     "holds the cluster's configuration");
        return;
    }
    start_op(h, id, target, action, hacd_node_name(h, nodeid), NULL, NULL);
}

void
hacd_fence_ask(struct hacd *h, guint64 request_id, const char *target,
               const char *action, hacd_fence_done_fn done, void *ud)
{
    struct fence_wait *w = g_new0(struct fence_wait, 1);
    int rc;

    w->id = request_id;
    w->target = g_strdup(target);
    w->powers_on = (strcmp(action, "on") == 0);
    w->done = done;
    w->ud = ud;
    rc = hacd_msg_send(h, HACD_MSG_FENCE_ASK,
                       g_variant_new("(tss)", request_id, target, action));
    if (rc < 0) {
        done(rc, ha_strerror(rc), ud);
        fence_wait_free(w);
        return;
    }
    g_hash_table_replace(h->fencer->waits, &w->id, w);
}

/* ---- the executing node ---- */

static void
run_free(struct fence_run *r)
{
    g_free(r->target);
    g_free(r->action);
    g_free(r->device);
    g_free(r->agent);
    g_free(r->origin);
    g_hash_table_destroy(r->params);
    g_free(r);
}

static void
run_done(const ha_exec_result_t *res, void *ud)
{
    struct fence_run *r = ud;
    struct hacd *h = r->h;
    gboolean ok = (res->status == HA_EXEC_DONE && res->ocf_rc == 0);
    const char *reason = ok ? ""
                         : (res->exit_reason != NULL ? res->exit_reason
                            : (res->status == HA_EXEC_TIMEOUT ? "timed out"
                               : "the fence agent failed"));

    (void) hacd_msg_send(h, HACD_MSG_FENCE_RESULT,
                         g_variant_new("(tsssssisx)", r->id, r->target,
                                       r->action, r->device,
                                       hacd_node_name(h, ha_cluster_local_nodeid(
                                           h->cluster)),
                                       r->origin, (gint32) (ok ? 0 : 1),
                                       reason,
                                       g_get_real_time() / G_USEC_PER_SEC));
    h->fencer->runs = g_slist_remove(h->fencer->runs, r);
    run_free(r);
}

static gboolean
run_now(gpointer data)
{
    struct fence_run *r = data;
    g_autofree char *rsc = g_strconcat(r->device, "-fencing", NULL);
    ha_exec_request_t *req = ha_exec_request_new(rsc, "stonith", NULL,
                                                 r->agent, r->action, 0,
                                                 r->timeout_ms);
    GHashTableIter it;
    gpointer k;
    gpointer v;
    int rc;

    g_hash_table_iter_init(&it, r->params);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        ha_exec_request_set_param(req, k, v);
    }
    ha_exec_request_set_meta(req, "target", r->target);
    rc = hacd_lrm_run(r->h, req, run_done, r);
    if (rc < 0) {
        ha_exec_result_t res = {
            .status = HA_EXEC_ERROR, .ocf_rc = 1,
            .exit_reason = (char *) ha_strerror(rc),
        };

        run_done(&res, r);
    }
    return G_SOURCE_REMOVE;
}

static gboolean
run_after_delay(gpointer data)
{
    struct fence_run *r = data;

    r->delay_source = 0;
    return run_now(r);
}

/* Every member notes that a fencing of @target was asked: a result that
 * comes after @target joined again does not concern the node it is now. */
static void
mark_asked(struct hacd *h, const char *target)
{
    uint32_t nodeid = hacd_node_by_name(h, target);

    if (nodeid != 0) {
        hacd_node_get(h, nodeid)->fence_asked = TRUE;
    }
}

void
hacd_fence_on_req(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct fence_run *r;
    guint32 exec = 0;
    guint32 delay = 0;
    guint32 timeout = 0;
    const char *target, *action, *device, *agent, *origin;
    g_autoptr(GVariant) params = NULL;
    guint64 id = 0;
    GVariantIter it;
    const char *k;
    const char *v;

    g_variant_get(body, "(tu&s&s&s&s&s@a{ss}uu)", &id, &exec, &target,
                  &action, &device, &agent, &origin, &params, &delay,
                  &timeout);
    if (nodeid != hacd_dc_nodeid(h)) {
        return;
    }
    mark_asked(h, target);
    if (exec != ha_cluster_local_nodeid(h->cluster)) {
        return;
    }
    r = g_new0(struct fence_run, 1);
    r->h = h;
    r->id = id;
    r->target = g_strdup(target);
    r->action = g_strdup(action);
    r->device = g_strdup(device);
    r->agent = g_strdup(agent);
    r->origin = g_strdup(origin);
    r->timeout_ms = timeout;
    r->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_variant_iter_init(&it, params);
    while (g_variant_iter_next(&it, "{&s&s}", &k, &v)) {
        g_hash_table_insert(r->params, g_strdup(k), g_strdup(v));
    }
    h->fencer->runs = g_slist_prepend(h->fencer->runs, r);
    if (delay > 0) {
        ha_notice("Fencing %s with %s in %u ms (fence delay)", target, device,
                  delay);
        r->delay_source = g_timeout_add(delay, run_after_delay, r);
    } else {
        (void) run_now(r);
    }
}

/* ---- an operator's confirmation ---- */

/* A success without a device: an operator's confirmation, not a fencing
 * any device did. */
static gboolean
is_confirmation(gint32 rc, const char *device)
{
    return rc == 0 && *device == '\0';
}

void
hacd_fence_confirm(struct hacd *h, guint64 request_id, const char *target,
                   hacd_fence_done_fn done, void *ud)
{
    const char *me = hacd_node_name(h, ha_cluster_local_nodeid(h->cluster));
    struct fence_wait *w;
    int rc;

    for (guint i = 0; i < h->fence_history->len; i++) {
        const struct hacd_fence_event *e = h->fence_history->pdata[i];

        if (e->id == request_id) {
            done(0, e->reason, ud);     /* a retry: recorded already */
            return;
        }
    }
    w = g_new0(struct fence_wait, 1);
    w->id = request_id;
    w->target = g_strdup(target);
    w->done = done;
    w->ud = ud;
    rc = hacd_msg_send(h, HACD_MSG_FENCE_RESULT,
                       g_variant_new("(tsssssisx)", request_id, target, "off",
                                     "", "", me, (gint32) 0, CONFIRMED_REASON,
                                     g_get_real_time() / G_USEC_PER_SEC));
    if (rc < 0) {
        done(rc, ha_strerror(rc), ud);
        fence_wait_free(w);
        return;
    }
    g_hash_table_replace(h->fencer->waits, &w->id, w);
}

/* DC: every fencing of @target still being tried (powering it on aside)
 * succeeded after all. */
static void
complete_ops_of(struct hacd *h, const char *target)
{
    struct hacd_fencer *f = h->fencer;
    g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func(fence_op_free);
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, f->ops);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct fence_op *op = v;

        if (strcmp(op->target, target) == 0
            && strcmp(op->action, "on") != 0) {
            g_hash_table_iter_steal(&it);
            g_ptr_array_add(done, op);
        }
    }
    (void) g_hash_table_remove(f->failures, target);
    for (guint i = 0; i < done->len; i++) {
        struct fence_op *op = done->pdata[i];

        if (op->done != NULL) {
            op->done(0, CONFIRMED_REASON, op->ud);
        }
    }
}

/* Every hactl request here that waits for a fencing of @target: an
 * operator's confirmation answers it (the DC drops its fencings). */
static void
complete_waits_of(struct hacd *h, const char *target)
{
    g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func(fence_wait_free);
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, h->fencer->waits);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct fence_wait *w = v;

        if (strcmp(w->target, target) == 0 && !w->powers_on) {
            g_hash_table_iter_steal(&it);
            g_ptr_array_add(done, w);
        }
    }
    for (guint i = 0; i < done->len; i++) {
        struct fence_wait *w = done->pdata[i];

        w->done(0, CONFIRMED_REASON, w->ud);
    }
}

/* ---- results, everywhere ---- */

static void
record(struct hacd *h, guint64 id, const char *target, const char *action,
       const char *device, const char *delegate, const char *origin, int rc,
       const char *reason, gint64 completed)
{
    struct hacd_fence_event *e = g_new0(struct hacd_fence_event, 1);

    e->id = id;
    e->target = g_strdup(target);
    e->action = g_strdup(action);
    e->state = g_strdup(rc == 0 ? "succeeded" : "failed");
    e->delegate = g_strdup(delegate);
    e->origin = g_strdup(origin);
    e->device = g_strdup(device);
    e->reason = g_strdup(reason);
    e->completed = completed;
    g_ptr_array_add(h->fence_history, e);
    hacd_metrics_fencing_ended(h, rc == 0);
    if (h->fence_history->len > HISTORY_MAX) {
        g_ptr_array_remove_index(h->fence_history, 0);
    }
}

static void
target_fenced(struct hacd *h, const char *target, const char *action,
              gboolean device)
{
    uint32_t nodeid = hacd_node_by_name(h, target);
    struct hacd_node *n = (nodeid != 0) ? hacd_node_get(h, nodeid) : NULL;

    if (strcmp(action, "on") == 0 || n == NULL) {
        return;
    }
    if (device && n->state == HACD_NODE_ONLINE && !n->fence_asked) {
        /* it joined again after the fencing was asked: what was fenced
         * is the node it was before, the history it reported since is
         * its own (the result was held up by the membership change) */
        ha_notice("Node %s joined after its fencing was asked: the fencing "
                  "ended its previous run, not this one", target);
        return;
    }
    /* still a member: it is clean once corosync sees it leave */
    n->fenced = TRUE;
    if (n->state == HACD_NODE_ONLINE) {
        return;
    }
    if (n->state == HACD_NODE_PENDING) {
        n->state = HACD_NODE_LOST;
    }
    hacd_status_forget_node(h, target);
    hacd_attr_forget_node(h, target);
}

void
hacd_fence_on_result(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct hacd_fencer *f = h->fencer;
    const char *target, *action, *device, *delegate, *origin, *reason;
    gint32 rc = 0;
    gint64 completed = 0;
    guint64 id = 0;
    struct fence_op *op;
    struct fence_wait *w;

    g_variant_get(body, "(t&s&s&s&s&si&sx)", &id, &target, &action, &device,
                  &delegate, &origin, &rc, &reason, &completed);
    record(h, id, target, action, device, delegate, origin, rc, reason,
           completed);
    {
        g_autofree char *desc = g_strdup_printf(
            "Operation %s of %s by %s for %s: %s", action, target,
            *delegate ? delegate : (is_confirmation(rc, device) ? "an operator"
                                                               : "nobody"),
            origin, rc == 0 ? "OK" : reason);

        hacd_alert_fencing(h, target, action, rc == 0 ? 0 : 1, desc);
    }
    if (is_confirmation(rc, device)) {
        ha_warn("Node %s is taken as down: %s " QB_XS " asked on %s",
                target, reason, origin);
        target_fenced(h, target, action, FALSE);
        if (hacd_is_dc(h)) {
            complete_ops_of(h, target);
        }
        complete_waits_of(h, target);
    } else if (rc == 0) {
        ha_notice("Node %s was fenced (%s) by %s with %s", target, action,
                  delegate, device);
        target_fenced(h, target, action, TRUE);
    } else {
        ha_warn("Fencing of %s (%s)%s%s failed: %s", target, action,
                *device ? " with " : "", device, reason);
    }
    op = g_hash_table_lookup(f->ops, &id);
    if (op != NULL && hacd_is_dc(h)) {
        hacd_fence_done_fn done = op->done;
        void *ud = op->ud;

        if (rc == 0 && level_rest(op) && try_next(h, op)) {
            return;     /* the level's next device */
        }
        if (rc != 0 && *device != '\0') {
            op->level = NULL;
            if (try_next(h, op)) {
                return;     /* the next level */
            }
        }
        if (rc == 0) {
            (void) g_hash_table_remove(f->failures, target);
        } else {
            guint n = GPOINTER_TO_UINT(g_hash_table_lookup(f->failures,
                                                           target));

            g_hash_table_replace(f->failures, g_strdup(target),
                                 GUINT_TO_POINTER(n + 1));
        }
        (void) g_hash_table_remove(f->ops, &id);
        if (done != NULL) {
            /* the transition that asked goes on: no abort */
            done(rc == 0 ? 0 : -EIO, reason, ud);
            return;
        }
    }
    w = g_hash_table_lookup(f->waits, &id);
    if (w != NULL && (rc == 0 || g_hash_table_lookup(f->ops, &id) == NULL)) {
        (void) g_hash_table_steal(f->waits, &id);
        w->done(rc == 0 ? 0 : -EIO, reason, w->ud);
        fence_wait_free(w);
    }
    hacd_ctl_trigger(h, "a fencing completed");
}

GVariant *
hacd_fence_history_variant(struct hacd *h, const char *target)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = 0; i < h->fence_history->len; i++) {
        const struct hacd_fence_event *e = h->fence_history->pdata[i];
        GVariantBuilder d;

        if (target != NULL && *target != '\0' && strcmp(target, e->target) != 0) {
            continue;
        }
        g_variant_builder_init(&d, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&d, "{sv}", "target",
                              g_variant_new_string(e->target));
        g_variant_builder_add(&d, "{sv}", "action",
                              g_variant_new_string(e->action));
        g_variant_builder_add(&d, "{sv}", "state",
                              g_variant_new_string(e->state));
        g_variant_builder_add(&d, "{sv}", "delegate",
                              g_variant_new_string(e->delegate));
        g_variant_builder_add(&d, "{sv}", "origin",
                              g_variant_new_string(e->origin));
        g_variant_builder_add(&d, "{sv}", "device",
                              g_variant_new_string(e->device));
        g_variant_builder_add(&d, "{sv}", "reason",
                              g_variant_new_string(e->reason));
        g_variant_builder_add(&d, "{sv}", "completed",
                              g_variant_new_int64(e->completed));
        g_variant_builder_add_value(&b, g_variant_builder_end(&d));
    }
    return g_variant_builder_end(&b);
}
