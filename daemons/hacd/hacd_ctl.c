/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_ctl.c - the controller on the DC (DESIGN.md decisions
 * 2, 7 and 8): schedule on every relevant event, then execute the
 * transition graph.
 *
 *  - The DC schedules only when the membership is synced and every member
 *    has reported its executor's history for this membership (LRM_ALL),
 *    running actions included: a new DC never repeats what the old one
 *    started.
 *  - A schedule runs the pure scheduler on hacd_cib.c's snapshot and takes
 *    the actions it would execute (runnable, not optional).  An action
 *    fires when every action ordered before it is confirmed; pseudo actions
 *    confirm at once, fencing goes to hacd_fence.c, the others go to the
 *    target node's hacd (ACTION) and are confirmed by its OP_RESULT, which
 *    names the action in its transition key (a failed clone notification
 *    is logged and counts as done, as in Pacemaker).  At most batch-limit actions
 *    run at once (0: no limit).
 *  - Anything relevant (membership, quorum, configuration, attributes, a
 *    result that no action waits for, a failed or unexpected result, a
 *    fencing) aborts the transition: nothing new fires, the actions in
 *    flight complete (those of a node that left are given up), and the DC
 *    schedules again from the new state.  A transition that completes is
 *    followed by one more schedule, which is empty once the cluster is
 *    settled.  Nothing waits on a fixed sleep; the scheduler's result says
 *    when time alone may change its decision (recheck_at: failure-timeout
 *    expiry, date rules) and the DC schedules again then.
 *  - A transition that ended on its own results alone (completed, or
 *    aborted by a failed or unexpected result of its own actions) and is
 *    followed, with nothing else changed, by one planning exactly the same
 *    actions is a defect (its results did not move the state where the
 *    scheduler wants it): that plan is logged as an error and not run; the
 *    DC waits for the next change (any trigger) instead of repeating it
 *    without end.  An action given up without a result (timeout, lost
 *    node, not sent) counts as a change: it is retried.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "common/strings.h"
#include "hacd/hacd.h"
#include "hacd/hacd_ctl.h"
#include "hacd/hacd_fence.h"
#include "hacd/hacd_metrics.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_cib.h"

/* Margin over an action's timeout before the DC gives up waiting. */
#define ACTION_MARGIN_MS 30000

/* How long the DC waits for a member's executor state before it
 * schedules without it (that node's actions are held meanwhile). */
#define EXEC_WAIT_MS 10000

enum act_state { ACT_WAITING = 0, ACT_RUNNING, ACT_DONE };

struct ctl_action {
    struct hacd_ctl *ctl;
    guint idx;              /* in the result */
    enum act_state state;
    guint inputs_left;
    GArray *outs;           /* indices of actions waiting for this one */
    char *tkey;
    guint node;             /* target nodeid, 0 for none */
    guint timer;
};

struct hacd_ctl {
    struct hacd *h;
    guint idle_source;
    guint recheck_source;
    gint64 recheck_at;      /* when recheck_source triggers (epoch s) */
    guint exec_wait_source;
    guint startup_source;       /* the startup grace period */
    guint64 exec_wait_view;     /* view whose not-ready members are waited */
    guint64 next_tid;
    guint64 tid;            /* 0: no transition */
    ha_store_model_t *model;
    ha_sched_result_t *res;
    struct ctl_action **acts;   /* by result index; NULL: not executed */
    GHashTable *by_tkey;    /* tkey -> ctl_action (borrowed) */
    guint n_running, n_left;
    gboolean aborted;
    gboolean ran_real;      /* a real action was sent (state will change) */
    gboolean changed;       /* a trigger or an action without a result */
    gint64 started_us;
    char *done_plan;        /* actions of the last transition that completed,
                             * NULL once anything changed since */
};

static void fire_ready(struct hacd_ctl *c);
static void end_transition(struct hacd_ctl *c);

static void
act_free(struct ctl_action *a)
{
    if (a == NULL) {
        return;
    }
    if (a->timer != 0) {
        g_source_remove(a->timer);
    }
    g_array_unref(a->outs);
    g_free(a->tkey);
    g_free(a);
}

static void
drop_transition(struct hacd_ctl *c)
{
    if (c->acts != NULL) {
        for (guint i = 0; i < c->res->n_actions; i++) {
            act_free(c->acts[i]);
        }
        g_clear_pointer(&c->acts, g_free);
    }
    g_hash_table_remove_all(c->by_tkey);
    g_clear_pointer(&c->res, ha_sched_result_free);
    g_clear_pointer(&c->model, ha_store_model_free);
    c->tid = 0;
    c->n_running = 0;
    c->n_left = 0;
    c->aborted = FALSE;
    c->ran_real = FALSE;
    c->changed = FALSE;
}

static gboolean
startup_over_cb(gpointer data)
{
    struct hacd_ctl *c = data;

    c->startup_source = 0;
    hacd_ctl_trigger(c->h, "the startup grace period is over");
    return G_SOURCE_REMOVE;
}

/* What makes the DC schedule again. */
#define CTL_EVENTS (HACD_EV_BIT(HACD_EV_MEMBERSHIP) | HACD_EV_BIT(HACD_EV_QUORUM) \
                    | HACD_EV_BIT(HACD_EV_NODE_LOST) | HACD_EV_BIT(HACD_EV_SYNCED) \
                    | HACD_EV_BIT(HACD_EV_ESTABLISHED) \
                    | HACD_EV_BIT(HACD_EV_CONFIG) | HACD_EV_BIT(HACD_EV_ATTRS) \
                    | HACD_EV_BIT(HACD_EV_HISTORY))

static void
on_event(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    hacd_ctl_trigger(h, ev->why);
}

void
hacd_ctl_init(struct hacd *h)
{
    struct hacd_ctl *c = g_new0(struct hacd_ctl, 1);

    c->h = h;
    /* nodes never seen become unclean then (hacd_cib.c): look again */
    c->startup_source = g_timeout_add((h->opt.startup_grace_ms != 0)
                                      ? h->opt.startup_grace_ms
                                      : HACD_STARTUP_GRACE_MS,
                                      startup_over_cb, c);
    c->by_tkey = g_hash_table_new(g_str_hash, g_str_equal);
    c->next_tid = (guint64) g_get_real_time();
    h->ctl = c;
    hacd_subscribe(h, CTL_EVENTS, on_event, NULL);
}

void
hacd_ctl_free(struct hacd *h)
{
    struct hacd_ctl *c = h->ctl;

    if (c == NULL) {
        return;
    }
    if (c->idle_source != 0) {
        g_source_remove(c->idle_source);
    }
    if (c->recheck_source != 0) {
        g_source_remove(c->recheck_source);
    }
    if (c->exec_wait_source != 0) {
        g_source_remove(c->exec_wait_source);
    }
    if (c->startup_source != 0) {
        g_source_remove(c->startup_source);
    }
    drop_transition(c);
    g_hash_table_destroy(c->by_tkey);
    g_free(c->done_plan);
    g_free(c);
    h->ctl = NULL;
}

/* ---- when may the DC schedule? ---- */

static gboolean
exec_wait_cb(gpointer data)
{
    struct hacd_ctl *c = data;

    c->exec_wait_source = 0;
    hacd_ctl_trigger(c->h, "a member's executor did not answer in time");
    return G_SOURCE_REMOVE;
}

/*
 * Every member reported its history for this membership, with its
 * executor's state known, or (after EXEC_WAIT_MS) at least its last known
 * history.  A freshly started hacd answers before its executor's state is
 * read: scheduling on that would start elsewhere what runs there.
 */
static gboolean
members_reported(struct hacd_ctl *c)
{
    struct hacd *h = c->h;
    const GArray *members = hacd_members(h);
    gboolean waiting = FALSE;

    for (guint i = 0; i < members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(members, struct ha_cluster_member, i);
        struct hacd_node *n = hacd_node_get(h, m->nodeid);

        if (n->lrm_view != hacd_view_id(h)) {
            return FALSE;
        }
        waiting |= !n->exec_ready;
    }
    if (!waiting) {
        return TRUE;
    }
    if (c->exec_wait_view != hacd_view_id(h)) {
        c->exec_wait_view = hacd_view_id(h);
        if (c->exec_wait_source != 0) {
            g_source_remove(c->exec_wait_source);
        }
        c->exec_wait_source = g_timeout_add(EXEC_WAIT_MS, exec_wait_cb, c);
        return FALSE;
    }
    return c->exec_wait_source == 0;    /* waited long enough */
}

static gboolean
may_schedule(struct hacd *h)
{
    return h->ctl != NULL && h->exec != NULL && hacd_is_dc(h)
           && !h->stopping && hacd_sync_phase(h) == HACD_SYNC_DONE && hacd_doc(h) != NULL
           && hacd_established(h)    /* holds the cluster's configuration */
           && !hacd_attr_syncing(h)    /* the DC's ATTR_ALL is in */
           && members_reported(h->ctl);
}

static void
announce(struct hacd_ctl *c, gboolean busy)
{
    (void) hacd_msg_send(c->h, HACD_MSG_TRANSITION,
                         g_variant_new("(tb)", c->tid, busy));
}

/* ---- recheck: failure timeouts, date rules ---- */

/* g_timeout_add() takes a guint of milliseconds: a later recheck waits in
 * steps of at most this much. */
#define RECHECK_STEP_MS (7u * 24 * 3600 * 1000)

static void arm_recheck(struct hacd_ctl *c, gint64 when);

static gboolean
recheck_cb(gpointer data)
{
    struct hacd_ctl *c = data;

    c->recheck_source = 0;
    if (g_get_real_time() < c->recheck_at * G_USEC_PER_SEC) {
        arm_recheck(c, c->recheck_at);      /* a step of a long wait */
        return G_SOURCE_REMOVE;
    }
    hacd_ctl_trigger(c->h, "a failure timeout or a date rule expired");
    return G_SOURCE_REMOVE;
}

/* Schedule again at @when (epoch seconds; 0: never), the time the last
 * result may change with nothing else happening (ha_sched_result's
 * recheck_at: failure-timeout expiry, date rules). */
static void
arm_recheck(struct hacd_ctl *c, gint64 when)
{
    gint64 wait_ms = (when * G_USEC_PER_SEC - g_get_real_time()) / 1000 + 1;

    if (c->recheck_source != 0) {
        g_source_remove(c->recheck_source);
        c->recheck_source = 0;
    }
    c->recheck_at = when;
    if (when > 0) {
        c->recheck_source = g_timeout_add((guint) CLAMP(wait_ms, 0,
                                                        RECHECK_STEP_MS),
                                          recheck_cb, c);
    }
}

/* ---- completing actions ---- */

static void
complete(struct ctl_action *a, gboolean ok, const char *why)
{
    struct hacd_ctl *c = a->ctl;
    const struct ha_sched_action_info *ai = &c->res->actions[a->idx];

    if (a->state == ACT_DONE) {
        return;
    }
    if (a->state == ACT_RUNNING) {
        c->n_running--;
    }
    if (a->timer != 0) {
        g_source_remove(a->timer);
        a->timer = 0;
    }
    a->state = ACT_DONE;
    c->n_left--;
    if (!ok) {
        if (!c->aborted) {
            ha_notice("Transition aborted: %s %s failed%s%s", ai->key,
                      (ai->node != HA_MODEL_NONE)
                      ? c->res->nodes[ai->node].name : "",
                      why != NULL ? ": " : "", why != NULL ? why : "");
        }
        c->aborted = TRUE;
    }
    for (guint i = 0; i < a->outs->len; i++) {
        struct ctl_action *o = c->acts[g_array_index(a->outs, guint, i)];

        if (o->inputs_left > 0) {
            o->inputs_left--;
        }
    }
}

static gboolean
action_timeout_cb(gpointer data)
{
    struct ctl_action *a = data;
    struct hacd_ctl *c = a->ctl;

    a->timer = 0;
    c->changed = TRUE;
    complete(a, FALSE, "no result in time");
    fire_ready(c);
    return G_SOURCE_REMOVE;
}

static void
fence_done(int rc, const char *reason, void *ud)
{
    struct ctl_action *a = ud;
    struct hacd_ctl *c = a->ctl;

    if (c->acts == NULL || c->acts[a->idx] != a) {
        return;     /* the transition was dropped */
    }
    c->changed = TRUE;
    complete(a, rc == 0, reason);
    fire_ready(c);
}

/* ---- firing ---- */

static void
add_dict(GVariantBuilder *b, GHashTable *t)
{
    g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(t),
                                        (GCompareFunc) strcmp);

    g_variant_builder_init(b, G_VARIANT_TYPE("a{ss}"));
    for (GList *l = keys; l != NULL; l = l->next) {
        g_variant_builder_add(b, "{ss}", (const char *) l->data,
                              (const char *) g_hash_table_lookup(t, l->data));
    }
}

static int
send_action(struct hacd_ctl *c, struct ctl_action *a)
{
    const struct ha_sched_action_info *ai = &c->res->actions[a->idx];
    struct ha_sched_exec_info info;
    GVariantBuilder params, meta;
    int rc = ha_sched_result_exec_info(c->res, a->idx, &info);

    if (rc < 0) {
        return rc;
    }
    a->tkey = g_strdup_printf("%" G_GUINT64_FORMAT ":%u:%d:%s", c->tid,
                              a->idx, info.target_rc,
                              hacd_node_name(c->h, hacd_dc_nodeid(c->h)));
    add_dict(&params, info.params);
    add_dict(&meta, info.meta);
    rc = hacd_msg_send(c->h, HACD_MSG_ACTION,
                       g_variant_new("(tussssssuuis@a{ss}@a{ss})", c->tid,
                                     a->node, a->tkey, info.rsc_id,
                                     info.klass,
                                     info.provider != NULL ? info.provider
                                                           : "",
                                     info.type, ai->task,
                                     (guint32) ai->interval_ms,
                                     info.timeout_ms, info.target_rc,
                                     info.op_digest,
                                     g_variant_builder_end(&params),
                                     g_variant_builder_end(&meta)));
    if (rc == 0) {
        g_hash_table_insert(c->by_tkey, a->tkey, a);
        a->timer = g_timeout_add(info.timeout_ms + ACTION_MARGIN_MS,
                                 action_timeout_cb, a);
    }
    ha_sched_exec_info_clear(&info);
    return rc;
}

static guint
batch_limit(struct hacd *h)
{
    const char *v = ha_store_doc_property(hacd_doc(h), "batch-limit");
    gint64 n = (v != NULL) ? g_ascii_strtoll(v, NULL, 10) : 0;

    return (n > 0) ? (guint) n : G_MAXUINT;
}

/* Start one action; FALSE if it has to wait (its node is not reachable). */
static gboolean
fire(struct hacd_ctl *c, struct ctl_action *a)
{
    struct hacd *h = c->h;
    const struct ha_sched_action_info *ai = &c->res->actions[a->idx];
    const char *node = (ai->node != HA_MODEL_NONE)
                       ? c->res->nodes[ai->node].name : NULL;

    if (ai->flags & HA_ACTION_PSEUDO) {
        a->state = ACT_RUNNING;
        c->n_running++;
        complete(a, TRUE, NULL);
        return TRUE;
    }
    if (strcmp(ai->task, "stonith") == 0) {
        const char *what = ha_store_doc_property(hacd_doc(h), "stonith-action");

        a->state = ACT_RUNNING;
        c->n_running++;
        ha_notice("Fencing %s: %s", node, ai->reason != NULL ? ai->reason
                                                            : "required");
        c->ran_real = TRUE;
        hacd_fence_start(h, node,
                         (what != NULL && strcmp(what, "off") == 0) ? "off"
                                                                    : "reboot",
                         fence_done, a);
        return TRUE;
    }
    a->node = (node != NULL) ? hacd_node_by_name(h, node) : 0;
    if (a->node == 0 || hacd_node_get(h, a->node)->state != HACD_NODE_ONLINE
        || !hacd_node_get(h, a->node)->exec_ready) {
        return FALSE;   /* held until its hacd and executor are back */
    }
    a->state = ACT_RUNNING;
    c->n_running++;
    c->ran_real = TRUE;
    if (send_action(c, a) < 0) {
        c->changed = TRUE;
        complete(a, FALSE, "could not be sent");
    }
    return TRUE;
}

static void
fire_ready(struct hacd_ctl *c)
{
    gboolean progress = TRUE;
    guint limit = batch_limit(c->h);

    while (progress && !c->aborted && c->acts != NULL) {
        progress = FALSE;
        for (guint i = 0; i < c->res->n_actions && !c->aborted; i++) {
            struct ctl_action *a = c->acts[i];

            if (a == NULL || a->state != ACT_WAITING || a->inputs_left > 0) {
                continue;
            }
            if (!(c->res->actions[i].flags & HA_ACTION_PSEUDO)
                && c->n_running >= limit) {
                continue;
            }
            progress |= fire(c, a) && (a->state == ACT_DONE);
        }
    }
    if (c->acts != NULL && (c->n_left == 0 || (c->aborted && c->n_running == 0))) {
        end_transition(c);
    }
}

/* ---- scheduling ---- */

static void
log_summary(const ha_sched_result_t *res)
{
    for (guint i = 0; res->summary != NULL && i < res->summary->len; i++) {
        ha_notice("%s", g_strstrip((char *) res->summary->pdata[i]));
    }
}

static gint
str_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

/* The actions the transition runs, "KEY on NODE" sorted, comma separated. */
static char *
plan_of(const struct hacd_ctl *c)
{
    g_autoptr(GPtrArray) keys = g_ptr_array_new_with_free_func(g_free);

    for (guint i = 0; i < c->res->n_actions; i++) {
        const struct ha_sched_action_info *ai = &c->res->actions[i];

        if (c->acts[i] != NULL) {
            g_ptr_array_add(keys, g_strdup_printf(
                "%s on %s", ai->key, (ai->node != HA_MODEL_NONE)
                                     ? c->res->nodes[ai->node].name : "-"));
        }
    }
    g_ptr_array_sort(keys, str_cmp);
    g_ptr_array_add(keys, NULL);
    return g_strjoinv(", ", (char **) keys->pdata);
}

/* Would the new transition repeat the one that just completed, nothing else
 * having changed?  Then it is not run (see the header). */
static gboolean
repeats_done_plan(struct hacd_ctl *c)
{
    g_autofree char *plan = NULL;

    if (c->done_plan == NULL) {
        return FALSE;
    }
    plan = plan_of(c);
    if (strcmp(plan, c->done_plan) != 0) {
        return FALSE;
    }
    ha_err("Scheduler defect: the transition that just ended would be "
           "planned again with nothing changed (%s); not running it until "
           "something changes", plan);
    return TRUE;
}

static void
start_transition(struct hacd_ctl *c)
{
    struct hacd *h = c->h;
    ha_store_model_t *model = NULL;
    ha_sched_result_t *res = NULL;
    guint64 input_seq = 0;
    guint n = 0;

    if (hacd_cib_schedule(h, &model, &res, NULL) < 0) {
        return;
    }
    arm_recheck(c, res->recheck_at);
    c->model = model;
    c->res = res;
    c->acts = g_new0(struct ctl_action *, MAX(res->n_actions, 1));
    for (guint i = 0; i < res->n_actions; i++) {
        const struct ha_sched_action_info *ai = &res->actions[i];

        if (!(ai->flags & HA_ACTION_RUNNABLE)
            || (ai->flags & HA_ACTION_OPTIONAL)) {
            continue;
        }
        c->acts[i] = g_new0(struct ctl_action, 1);
        c->acts[i]->ctl = c;
        c->acts[i]->idx = i;
        c->acts[i]->outs = g_array_new(FALSE, FALSE, sizeof(guint));
        n++;
    }
    if (n == 0 || repeats_done_plan(c)) {
        gboolean was_busy = h->dc_busy;

        drop_transition(c);
        if (was_busy) {
            announce(c, FALSE);
        }
        return;
    }
    for (guint e = 0; e < res->n_edges; e++) {
        struct ctl_action *first = c->acts[res->edges[e].first];
        struct ctl_action *then = c->acts[res->edges[e].then];

        if (first != NULL && then != NULL) {
            g_array_append_val(first->outs, then->idx);
            then->inputs_left++;
        }
    }
    c->tid = ++c->next_tid;
    c->n_left = n;
    c->started_us = g_get_monotonic_time();
    hacd_inputs_save_model(h, model, &input_seq);
    ha_notice("Transition %" G_GUINT64_FORMAT ": %u actions " QB_XS
              " input=%" G_GUINT64_FORMAT, c->tid, n, input_seq);
    log_summary(res);
    announce(c, TRUE);
    fire_ready(c);
}

static gboolean
schedule_cb(gpointer data)
{
    struct hacd_ctl *c = data;

    c->idle_source = 0;
    if (c->acts != NULL || !may_schedule(c->h)) {
        return G_SOURCE_REMOVE;
    }
    start_transition(c);
    return G_SOURCE_REMOVE;
}

static void
schedule_soon(struct hacd_ctl *c)
{
    if (c->idle_source == 0) {
        c->idle_source = g_idle_add(schedule_cb, c);
    }
}

static void
end_transition(struct hacd_ctl *c)
{
    /* A transition of pseudo actions alone changed nothing: scheduling
     * again would give it again.  Otherwise look once more (normally an
     * empty result: settled). */
    gboolean again = c->aborted || c->ran_real;

    g_clear_pointer(&c->done_plan, g_free);
    if (c->ran_real && !c->changed) {
        c->done_plan = plan_of(c);
    }
    ha_notice("Transition %" G_GUINT64_FORMAT " %s after %.1f ms", c->tid,
              c->aborted ? "aborted" : "complete",
              (g_get_monotonic_time() - c->started_us) / 1000.0);
    hacd_metrics_transition_ended(c->h, c->aborted,
                                  g_get_monotonic_time() - c->started_us);
    drop_transition(c);
    if (again) {
        schedule_soon(c);
    } else if (c->h->dc_busy) {
        announce(c, FALSE);
    }
}

/* Give up the actions in flight on nodes that are no longer members or
 * whose executor went away: no result will come (their history is what
 * the node reports when it is back). */
static void
give_up_lost(struct hacd_ctl *c)
{
    for (guint i = 0; c->acts != NULL && i < c->res->n_actions; i++) {
        struct ctl_action *a = c->acts[i];
        const struct hacd_node *n;

        if (a == NULL || a->state != ACT_RUNNING || a->node == 0) {
            continue;
        }
        n = hacd_node_get(c->h, a->node);
        if (n->state != HACD_NODE_ONLINE || !n->exec_ready) {
            c->changed = TRUE;
            complete(a, FALSE, "its node or executor went away");
        }
    }
}

void
hacd_ctl_trigger(struct hacd *h, const char *why)
{
    struct hacd_ctl *c = h->ctl;

    hacd_watch_touch(h);
    if (c != NULL) {
        g_clear_pointer(&c->done_plan, g_free);     /* something changed */
    }
    if (c == NULL || !hacd_is_dc(h)) {
        if (c != NULL && c->acts != NULL) {
            drop_transition(c);     /* no longer DC */
        }
        return;
    }
    if (c->acts != NULL) {
        if (!c->aborted) {
            ha_notice("Transition %" G_GUINT64_FORMAT " aborted: %s", c->tid,
                      why);
        }
        c->aborted = TRUE;
        c->changed = TRUE;
        give_up_lost(c);
        fire_ready(c);
        return;
    }
    ha_debug("Scheduling: %s", why);
    schedule_soon(c);
}

void
hacd_ctl_on_op_result(struct hacd *h, const char *node, const char *rsc,
                      const struct hacd_op *op)
{
    struct hacd_ctl *c = h->ctl;
    struct ctl_action *a;

    if (c == NULL || !hacd_is_dc(h)) {
        return;
    }
    a = (c->acts != NULL) ? g_hash_table_lookup(c->by_tkey, op->tkey) : NULL;
    if (a == NULL) {
        /* a stop cancels monitors: their last word changes nothing */
        if (op->status != HACD_OP_CANCELLED) {
            hacd_ctl_trigger(h, "an operation result no action waited for");
        }
        return;
    }
    if (!hacd_op_succeeded(op) && strcmp(op->task, "notify") == 0) {
        /* Pacemaker: a failed notification is logged and ignored */
        ha_warn("Ignoring the failure of %s notify on %s: rc=%d status=%d%s%s",
                rsc, node, op->rc, op->status,
                (op->reason[0] != '\0') ? ": " : "", op->reason);
        complete(a, TRUE, NULL);
    } else {
        /* a cancel action's result is its monitor, cancelled */
        complete(a, (strcmp(c->res->actions[a->idx].task, "cancel") == 0)
                    ? op->status == HACD_OP_CANCELLED : hacd_op_succeeded(op),
                 (op->reason[0] != '\0') ? op->reason : "unexpected result");
    }
    fire_ready(c);
}

void
hacd_ctl_on_transition(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    guint64 tid = 0;
    gboolean busy = FALSE;

    g_variant_get(body, "(tb)", &tid, &busy);
    if (nodeid == hacd_dc_nodeid(h)) {
        h->dc_busy = busy;
    }
}
