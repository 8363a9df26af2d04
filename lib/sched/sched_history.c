/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_history.c - the operation history of every resource on
 * every node, replayed in call-id order, gives each resource its current
 * role and nodes, its failures (with on-fail consequences), and the fail
 * counts that migration-threshold and failure-timeout act on.
 *
 * History entries of anonymous clones ("rsc" or "rsc:N") are mapped to an
 * instance: the one already active on that node, else the first instance
 * neither active anywhere nor known on that node, else a new orphan
 * instance.  Entries of unknown resources become orphans.
 */
#define _GNU_SOURCE 1   /* strverscmp */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "sched/sched_private.h"

#define EXEC_PENDING (-1)
#define EXEC_DONE 0
#define EXEC_CANCELLED 1
#define EXEC_NOT_INSTALLED 5

#define OCF_OK 0
#define OCF_ERR_ARGS 2
#define OCF_ERR_UNIMPLEMENTED 3
#define OCF_ERR_PERM 4
#define OCF_NOT_INSTALLED 5
#define OCF_NOT_CONFIGURED 6
#define OCF_NOT_RUNNING 7
#define OCF_RUNNING_PROMOTED 8
#define OCF_FAILED_PROMOTED 9
#define OCF_DEGRADED 190
#define OCF_DEGRADED_PROMOTED 191

const struct ha_model_op *
sched_rsc_find_op(const s_rsc *rsc, const char *name, guint64 interval_ms)
{
    for (guint i = 0; i < rsc->cfg->n_ops; i++) {
        const struct ha_model_op *op = &rsc->cfg->ops[i];

        if (g_strcmp0(op->name, name) == 0 && op->interval_ms == interval_ms) {
            return op;
        }
    }
    return NULL;
}

static enum on_fail
parse_on_fail(const char *v, enum on_fail dflt)
{
    if (v == NULL) {
        return dflt;
    }
    if (strcmp(v, "ignore") == 0) {
        return ONFAIL_IGNORE;
    }
    if (strcmp(v, "block") == 0) {
        return ONFAIL_BLOCK;
    }
    if (strcmp(v, "stop") == 0) {
        return ONFAIL_STOP;
    }
    if (strcmp(v, "standby") == 0) {
        return ONFAIL_STANDBY;
    }
    if (strcmp(v, "fence") == 0) {
        return ONFAIL_FENCE;
    }
    if (strcmp(v, "demote") == 0) {
        return ONFAIL_DEMOTE;
    }
    return ONFAIL_RESTART;
}

static const char *
op_meta(sched_run *run, const s_rsc *rsc, const struct ha_model_op *op,
        const char *task, guint64 interval, const char *name)
{
    struct ha_model_rule_ctx ctx = {
        .now = run->opts.now,
        .rsc_class = rsc->cfg->klass,
        .rsc_provider = rsc->cfg->provider,
        .rsc_type = rsc->cfg->type,
        .op_name = task,
        .op_interval_ms = interval,
        .have_op = TRUE,
    };
    const char *v = NULL;

    if (op != NULL) {
        v = ha_store_model_attrs_eval(&op->meta, name, &ctx);
    }
    if (v == NULL) {
        v = ha_store_model_attrs_eval(&run->m->op_defaults, name, &ctx);
    }
    return v;
}

static enum on_fail
on_fail_for(sched_run *run, const s_rsc *rsc, const char *task,
            guint64 interval)
{
    const struct ha_model_op *op = sched_rsc_find_op(rsc, task, interval);
    enum on_fail dflt = ONFAIL_RESTART;
    const char *v;

    if (strcmp(task, "stop") == 0) {
        dflt = run->stonith_enabled ? ONFAIL_FENCE : ONFAIL_BLOCK;
    }
    v = op_meta(run, rsc, op, task, interval, "on-fail");
    if (v != NULL && strcmp(task, "stop") == 0 && strcmp(v, "fence") == 0
        && !run->stonith_enabled) {
        return ONFAIL_BLOCK;
    }
    return parse_on_fail(v, dflt);
}

/* Is the op's failure older than failure-timeout? */
static gboolean
failure_expired(sched_run *run, const s_rsc *rsc,
                const struct ha_model_lrm_op *op)
{
    gint64 when = (op->last_rc_change > 0) ? op->last_rc_change : op->last_run;

    return rsc->failure_timeout > 0 && when > 0
           && when + rsc->failure_timeout <= run->opts.now;
}

gboolean
promotable_instance(const s_rsc *rsc)
{
    for (const s_rsc *p = rsc->parent; p != NULL; p = p->parent) {
        if (p->kind == HA_SCHED_CLONE) {
            return p->promotable;
        }
    }
    return FALSE;
}

struct replay {
    sched_run *run;
    s_rsc *rsc;
    s_node *node;
    enum ha_sched_role role;
    enum on_fail on_fail;
    gboolean failed, pending;
    const struct ha_model_lrm_op *last_failure;
};

static void
replay_success(struct replay *r, const struct ha_model_lrm_op *op, int rc)
{
    const char *task = op->operation;
    gboolean clear = FALSE;

    if (strcmp(task, "start") == 0) {
        r->role = promotable_instance(r->rsc) ? HA_ROLE_UNPROMOTED
                                              : HA_ROLE_STARTED;
        clear = TRUE;
    } else if (strcmp(task, "stop") == 0) {
        r->role = HA_ROLE_STOPPED;
        clear = TRUE;
    } else if (strcmp(task, "promote") == 0) {
        r->role = HA_ROLE_PROMOTED;
        clear = TRUE;
    } else if (strcmp(task, "demote") == 0) {
        r->role = HA_ROLE_UNPROMOTED;
        clear = TRUE;
    } else if (strcmp(task, "monitor") == 0) {
        /* a later success of the op that failed clears the failure */
        clear = (r->last_failure != NULL && op->interval_ms > 0
                 && r->last_failure->interval_ms == op->interval_ms
                 && g_strcmp0(r->last_failure->operation, task) == 0);
        if (rc == OCF_NOT_RUNNING) {
            r->role = HA_ROLE_STOPPED;
            clear = clear || (op->interval_ms == 0);
        } else if (rc == OCF_RUNNING_PROMOTED
                   || rc == OCF_DEGRADED_PROMOTED) {
            r->role = HA_ROLE_PROMOTED;
        } else if (r->role < HA_ROLE_STARTED) {
            r->role = promotable_instance(r->rsc) ? HA_ROLE_UNPROMOTED
                                                  : HA_ROLE_STARTED;
        }
    } else if (strcmp(task, "migrate_from") == 0) {
        r->role = HA_ROLE_STARTED;
        clear = TRUE;
    } else if (strcmp(task, "migrate_to") == 0) {
        r->role = HA_ROLE_STARTED;
    }
    if (clear && r->on_fail != ONFAIL_STOP && r->on_fail != ONFAIL_FENCE
        && r->on_fail != ONFAIL_STANDBY) {
        r->on_fail = ONFAIL_IGNORE;
        r->failed = FALSE;
    }
}

static void
replay_failure(struct replay *r, const struct ha_model_lrm_op *op,
               gboolean is_probe)
{
    s_rsc *rsc = r->rsc;
    const char *task = is_probe ? "monitor" : op->operation;
    enum on_fail of = on_fail_for(r->run, rsc, task, op->interval_ms);
    int rc = op->rc_code;

    if (failure_expired(r->run, rsc, op)) {
        return;
    }
    r->last_failure = op;
    if (of == ONFAIL_IGNORE) {
        rsc->failure_ignored = TRUE;
        replay_success(r, op, (op->target_rc >= 0) ? op->target_rc : OCF_OK);
        return;
    }
    if (op->op_status == EXEC_NOT_INSTALLED || rc == OCF_NOT_INSTALLED
        || rc == OCF_ERR_ARGS || rc == OCF_ERR_PERM
        || (rc == OCF_ERR_UNIMPLEMENTED && op->interval_ms == 0)) {
        /* hard error: never on this node again */
        rsc->failed_on[r->node->idx] = 2;
        if (is_probe && (rc == OCF_NOT_INSTALLED
                         || op->op_status == EXEC_NOT_INSTALLED)) {
            r->role = HA_ROLE_STOPPED;
            return;
        }
    } else if (rc == OCF_NOT_CONFIGURED) {
        rsc->failed_on[r->node->idx] = 3;
    }
    if (of > r->on_fail) {
        r->on_fail = of;
    }
    {
        r->failed = TRUE;
        if (rsc->failed_on[r->node->idx] == 0) {
            rsc->failed_on[r->node->idx] = 1;
        }
    }
    if (strcmp(op->operation, "promote") == 0
        || rc == OCF_FAILED_PROMOTED) {
        r->role = HA_ROLE_PROMOTED;
    } else if (strcmp(op->operation, "demote") == 0) {
        r->role = HA_ROLE_UNPROMOTED;   /* as Pacemaker records it */
    } else if (r->role < HA_ROLE_STARTED) {
        r->role = promotable_instance(rsc) ? HA_ROLE_UNPROMOTED
                                           : HA_ROLE_STARTED;
    }
}

static void
replay_op(struct replay *r, const struct ha_model_lrm_op *op)
{
    const char *task = op->operation;
    gboolean is_probe = (strcmp(task, "monitor") == 0)
                        && (op->interval_ms == 0);
    int expected = (op->target_rc >= 0) ? op->target_rc
                   : (is_probe ? OCF_NOT_RUNNING : OCF_OK);
    int rc = op->rc_code;
    /* an "error" status whose rc is what was expected is no error: the
     * result decides (old histories record it so) */
    gboolean done = (op->op_status == EXEC_DONE || op->op_status == 4);

    if (op->op_status == EXEC_CANCELLED || strcmp(task, "notify") == 0
        || strcmp(task, "meta-data") == 0 || strcmp(task, "cancel") == 0) {
        return;
    }
    if (op->op_status == EXEC_PENDING) {
        if (strcmp(task, "start") == 0 || strcmp(task, "migrate_from") == 0) {
            r->role = HA_ROLE_STARTED;
            r->pending = TRUE;
        } else if (strcmp(task, "promote") == 0) {
            r->role = HA_ROLE_PROMOTED;
        } else if (strcmp(task, "stop") == 0 && r->role < HA_ROLE_STARTED) {
            r->role = HA_ROLE_STARTED;
        }
        return;
    }
    if (is_probe && rc == OCF_NOT_RUNNING) {
        replay_success(r, op, rc);
        return;
    }
    if (rc == OCF_DEGRADED && expected == OCF_OK) {
        rc = OCF_OK;
    }
    if (rc == OCF_DEGRADED_PROMOTED && expected == OCF_RUNNING_PROMOTED) {
        rc = OCF_RUNNING_PROMOTED;
    }
    if (is_probe && (rc == OCF_OK || rc == OCF_RUNNING_PROMOTED) && done) {
        replay_success(r, op, rc);
        return;
    }
    if (done && rc == expected) {
        replay_success(r, op, rc);
        return;
    }
    if (done && rc == OCF_NOT_RUNNING && strcmp(task, "stop") == 0) {
        replay_success(r, op, rc);
        return;
    }
    replay_failure(r, op, is_probe);
}

static void
record_active_op(struct replay *r, const struct ha_model_lrm_op *op)
{
    char *key;

    if (op->interval_ms == 0 || op->op_status == EXEC_CANCELLED) {
        return;
    }
    key = g_strdup_printf("%u\001%s_%" G_GUINT64_FORMAT, r->node->idx,
                          op->operation, op->interval_ms);
    g_hash_table_insert(r->rsc->active_ops, key, (gpointer) op);
}

static void
apply_outcome(struct replay *r)
{
    s_rsc *rsc = r->rsc;
    s_node *node = r->node;

    if (r->role > HA_ROLE_STOPPED) {
        guint idx = node->idx;

        if (node->maintenance) {
            rsc->managed = FALSE;   /* left alone on a node in maintenance */
        }
        g_array_append_val(rsc->running, idx);
        if (r->role > rsc->role || rsc->role == HA_ROLE_STOPPED) {
            rsc->role = r->role;
        }
        if (r->pending) {
            rsc->pending_node = idx;
        }
    }
    if (!r->failed || node->unclean) {
        return;     /* failures on a node about to be fenced are moot */
    }
    if (r->on_fail > rsc->on_fail) {
        rsc->on_fail = r->on_fail;
    }
    switch (r->on_fail) {
    case ONFAIL_IGNORE:
        break;
    case ONFAIL_BLOCK:
        rsc->failed = TRUE;
        rsc->blocked = TRUE;
        rsc->managed = FALSE;
        break;
    case ONFAIL_STOP:
        rsc->failed = TRUE;
        rsc->target_role = HA_ROLE_STOPPED;
        break;
    case ONFAIL_DEMOTE:
        /* a failure in the promoted role only loses the promotion */
        rsc->demote_only = TRUE;
        break;
    case ONFAIL_STANDBY:
        rsc->failed = TRUE;
        node->standby = TRUE;
        break;
    case ONFAIL_FENCE:
        rsc->failed = TRUE;
        if (r->role > HA_ROLE_STOPPED && r->run->stonith_enabled) {
            node->unclean = TRUE;
            node->online = FALSE;
            node->fence_reason = "required resource failure";
        }
        break;
    default:
        rsc->failed = TRUE;
        break;
    }
}

static void
replay_entry(sched_run *run, s_rsc *rsc, s_node *node,
             const struct ha_model_lrm_rsc *lr)
{
    struct replay r = { .run = run, .rsc = rsc, .node = node,
                        .role = HA_ROLE_UNKNOWN };

    rsc->known[node->idx] = 1;
    for (guint i = 0; i < lr->n_ops; i++) {
        const struct ha_model_lrm_op *op = &run->m->lrm_ops[lr->op_first + i];

        replay_op(&r, op);
        record_active_op(&r, op);
    }
    apply_outcome(&r);
    if (r.last_failure != NULL && !rsc->orphan
        && sched_digest_changed(run, rsc, node, r.last_failure)) {
        /* the definition changed since it failed: a fresh start */
        rsc->failcount_cleared[node->idx] = 1;
    }
    if (r.role > HA_ROLE_STOPPED) {
        rsc->clone_name = lr->id;
    }
    if (r.role > HA_ROLE_STOPPED && rsc->managed && !rsc->orphan) {
        guint first = 0;

        /* only what ran since the last start describes the running one */
        for (guint i = 0; i < lr->n_ops; i++) {
            const char *t = run->m->lrm_ops[lr->op_first + i].operation;

            if (strcmp(t, "start") == 0 || strcmp(t, "migrate_from") == 0) {
                first = i;
            }
        }
        for (guint i = first; i < lr->n_ops; i++) {
            sched_digest_check(run, rsc, node,
                               &run->m->lrm_ops[lr->op_first + i]);
        }
    }
}

/* Only instance's primitive whose base id is @base. */
static s_rsc *
member_of(s_rsc *inst, const char *base)
{
    if (inst->kind == HA_SCHED_PRIMITIVE) {
        return (strcmp(inst->base_id, base) == 0) ? inst : NULL;
    }
    for (guint i = 0; i < inst->children->len; i++) {
        s_rsc *m = member_of(g_ptr_array_index(inst->children, i), base);

        if (m != NULL) {
            return m;
        }
    }
    return NULL;
}

static void
mark_orphan(s_rsc *rsc, gpointer data)
{
    (void) data;
    rsc->orphan = TRUE;
}

static s_rsc *
map_anonymous(sched_run *run, s_rsc *clone, const char *base, s_node *node)
{
    s_rsc *candidate = NULL;
    gboolean skip_inactive = FALSE;

    for (guint i = 0; i < clone->children->len; i++) {
        s_rsc *inst = g_ptr_array_index(clone->children, i);
        s_node *cur = sched_rsc_current_node(run, inst);
        s_rsc *member = member_of(inst, base);

        if (cur == node) {
            if (member != NULL && member->running->len > 0) {
                /* a second history of the same clone on this node */
                skip_inactive = TRUE;
                continue;
            }
            return member;
        }
        if (cur == NULL && candidate == NULL && !skip_inactive
            && !inst->blocked) {
            candidate = inst;
            if (member != NULL && member->pending_node != HA_MODEL_NONE
                && member->pending_node != node->idx) {
                candidate = NULL;
            }
        }
    }
    if (candidate == NULL || skip_inactive) {
        candidate = sched_clone_instance_add(run, clone);
        if (candidate == NULL) {
            return NULL;
        }
        sched_rsc_walk_primitives(candidate, mark_orphan, NULL);
        candidate->orphan = TRUE;
    }
    return member_of(candidate, base);
}

static s_rsc *
find_for_entry(sched_run *run, const struct ha_model_lrm_rsc *lr, s_node *node)
{
    g_autofree char *base = NULL;
    char *colon;
    guint cfg;
    s_rsc *rsc;

    rsc = sched_rsc_find(run, lr->id);
    if (rsc != NULL && rsc->kind == HA_SCHED_PRIMITIVE
        && (rsc->parent == NULL || rsc->parent->kind != HA_SCHED_CLONE)
        && rsc->instance < 0) {
        return rsc;
    }
    base = g_strdup(lr->id);
    colon = strrchr(base, ':');
    if (colon != NULL) {
        *colon = '\0';
    }
    cfg = ha_store_model_rsc_find(run->m, base);
    if (cfg == HA_MODEL_NONE) {
        cfg = ha_store_model_rsc_find(run->m, lr->id);
        if (cfg == HA_MODEL_NONE) {
            return NULL;
        }
        g_free(base);
        base = g_strdup(lr->id);
    }
    /* find the clone above this primitive */
    for (guint p = run->m->rscs[cfg].parent; p != HA_MODEL_NONE;
         p = run->m->rscs[p].parent) {
        if (run->m->rscs[p].kind == HA_RSC_CLONE) {
            s_rsc *clone = sched_rsc_find(run, run->m->rscs[p].id);

            if (clone->unique) {
                rsc = sched_rsc_find(run, lr->id);
                while (rsc == NULL && colon != NULL
                       && clone->children->len < 4096
                       && (int) clone->children->len <= atoi(colon + 1)) {
                    s_rsc *inst = sched_clone_instance_add(run, clone);

                    if (inst == NULL) {
                        break;
                    }
                    sched_rsc_walk_primitives(inst, mark_orphan, NULL);
                    inst->orphan = TRUE;
                    rsc = sched_rsc_find(run, lr->id);
                }
                return rsc;
            }
            return map_anonymous(run, clone, base, node);
        }
    }
    return sched_rsc_find(run, base);
}

static int
attr_score(const char *v)
{
    int s = 0;

    if (v == NULL || ha_score_parse(v, &s) < 0) {
        return 0;
    }
    return s;
}

/*
 * Does a transient attribute name count failures of @id?  Writers before
 * feature set 3.0.13 kept one "fail-count-RSC" per resource; later ones
 * keep "fail-count-RSC#op_interval" per operation.  Anonymous clone
 * instances may carry a ":N" suffix.
 */
static gboolean
failcount_name_matches(const char *name, const char *prefix, const char *id,
                       gboolean legacy, gboolean unique)
{
    gsize pl = strlen(prefix);
    gsize il = strlen(id);
    const char *rest;

    if (strncmp(name, prefix, pl) != 0 || strncmp(name + pl, id, il) != 0) {
        return FALSE;
    }
    rest = name + pl + il;
    if (!unique && *rest == ':') {
        rest++;
        if (!g_ascii_isdigit(*rest)) {
            return FALSE;
        }
        while (g_ascii_isdigit(*rest)) {
            rest++;
        }
    }
    if (legacy) {
        return *rest == '\0';
    }
    return *rest == '#' && strrchr(rest, '_') != NULL;
}

static gboolean
legacy_failcounts(const sched_run *run)
{
    return run->m->crm_feature_set == NULL
           || strverscmp(run->m->crm_feature_set, "3.0.13") < 0;
}

static void
unpack_fail_counts(sched_run *run, s_rsc *rsc)
{
    gboolean anonymous = (rsc->parent != NULL && !rsc->unique
                          && rsc->instance >= 0);
    const char *id = anonymous ? rsc->base_id : rsc->id;
    gboolean legacy = legacy_failcounts(run);

    for (guint n = 0; n < run->n_nodes; n++) {
        const struct ha_model_node_state *st = run->nodes[n].state;
        int count = 0;
        gint64 last = 0;

        if (st == NULL) {
            continue;
        }
        for (guint i = 0; i < st->n_transient; i++) {
            const struct ha_model_nvpair *nv = &st->transient[i];

            if (failcount_name_matches(nv->name, "fail-count-", id, legacy,
                                       !anonymous)) {
                count = ha_score_add(count, attr_score(nv->value));
            } else if (failcount_name_matches(nv->name, "last-failure-", id,
                                              legacy, !anonymous)) {
                last = MAX(last, g_ascii_strtoll(nv->value, NULL, 10));
            }
        }
        if (count > 0 && rsc->failure_timeout > 0 && last > 0
            && last + rsc->failure_timeout <= run->opts.now) {
            count = 0;
        }
        if (rsc->failcount_cleared[n]) {
            count = 0;
        }
        rsc->fail_count[n] = count;
        rsc->last_failure[n] = last;
    }
}

static void
fail_counts_cb(s_rsc *rsc, gpointer data)
{
    unpack_fail_counts(data, rsc);
}

void
sched_history_unpack(sched_run *run)
{
    const ha_store_model_t *m = run->m;

    for (guint s = 0; s < m->n_node_states; s++) {
        const struct ha_model_node_state *st = &m->node_states[s];
        s_node *node;

        if (st->node == HA_MODEL_NONE) {
            continue;
        }
        node = &run->nodes[st->node];
        if (node->state != st
            || (!node->online && !node->unclean && !node->pending
                && !node->maintenance)) {
            continue;   /* a cleanly stopped node runs nothing */
        }
        for (guint i = 0; i < st->n_lrm; i++) {
            const struct ha_model_lrm_rsc *lr = &m->lrm_rscs[st->lrm_first + i];
            s_rsc *rsc = find_for_entry(run, lr, node);

            if (rsc == NULL) {
                rsc = sched_rsc_find(run, lr->id);
                if (rsc == NULL) {
                    rsc = sched_orphan_new(run, lr);
                }
            }
            if (rsc->kind != HA_SCHED_PRIMITIVE) {
                continue;
            }
            replay_entry(run, rsc, node, lr);
        }
    }
    for (guint i = 0; i < run->top->len; i++) {
        sched_rsc_walk_primitives(g_ptr_array_index(run->top, i),
                                  fail_counts_cb, run);
    }
}
