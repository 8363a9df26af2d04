/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_recheck.c - when may this run's decision change with
 * nothing else happening (ha_sched_result.recheck_at)?
 *
 * Time enters a run in two ways only, both measured against opts.now:
 *  - failure-timeout: a counted failure (a fail count above 0 that has
 *    not expired, sched_history.c) stops counting at last-failure +
 *    failure-timeout, per resource and node; a migration-threshold ban
 *    built on it ends then too;
 *  - date expressions in rules: those of location constraints and of the
 *    attribute sets the run reads (resource meta and instance attributes,
 *    operations, rsc_defaults, op_defaults, node attributes).  Each gives
 *    the next time its value may change (ha_store_rule_next_change()).
 * The earliest of these after now is the answer (0: none).  It is never
 * late; it may be early (a rule decided by another expression), which
 * costs the caller one run that changes nothing.
 */
#include "config.h"

#include "sched/sched_private.h"

static void
earliest(gint64 *best, gint64 t)
{
    if (t > 0 && (*best == 0 || t < *best)) {
        *best = t;
    }
}

static void
attrs_next(gint64 *best, const struct ha_model_attrs *attrs, gint64 now)
{
    for (guint s = 0; s < attrs->n_sets; s++) {
        if (attrs->sets[s].rule != NULL) {
            earliest(best, ha_store_rule_next_change(attrs->sets[s].rule, now));
        }
    }
}

static gint64
rules_next(const ha_store_model_t *m, gint64 now)
{
    gint64 best = 0;

    for (guint i = 0; i < m->n_locations; i++) {
        const struct ha_model_location *l = &m->locations[i];

        for (guint r = 0; r < l->n_rules; r++) {
            earliest(&best, ha_store_rule_next_change(l->rules[r], now));
        }
    }
    for (guint i = 0; i < m->n_rscs; i++) {
        const struct ha_model_rsc *r = &m->rscs[i];

        attrs_next(&best, &r->meta, now);
        attrs_next(&best, &r->params, now);
        for (guint o = 0; o < r->n_ops; o++) {
            attrs_next(&best, &r->ops[o].meta, now);
            attrs_next(&best, &r->ops[o].params, now);
        }
    }
    for (guint i = 0; i < m->n_nodes; i++) {
        attrs_next(&best, &m->nodes[i].attrs, now);
    }
    attrs_next(&best, &m->rsc_defaults, now);
    attrs_next(&best, &m->op_defaults, now);
    return best;
}

/* Counted failures that expire: fail_count[] holds only those that have
 * not expired yet (sched_history.c), last_failure[] their latest time. */
static gint64
failures_next(const sched_run *run)
{
    gint64 best = 0;

    for (guint i = 0; i < run->rscs->len; i++) {
        const s_rsc *rsc = g_ptr_array_index(run->rscs, i);

        if (rsc->kind != HA_SCHED_PRIMITIVE || rsc->failure_timeout <= 0) {
            continue;
        }
        for (guint n = 0; n < run->n_nodes; n++) {
            if (rsc->fail_count[n] > 0 && rsc->last_failure[n] > 0) {
                earliest(&best, rsc->last_failure[n] + rsc->failure_timeout);
            }
        }
    }
    return best;
}

gint64
sched_recheck_at(const sched_run *run)
{
    gint64 now = run->opts.now;
    gint64 best = 0;

    earliest(&best, failures_next(run));
    earliest(&best, rules_next(run->m, now));
    return (best > now) ? best : 0;
}
