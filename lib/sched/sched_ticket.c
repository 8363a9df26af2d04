/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_ticket.c - rsc_ticket: a resource runs only while its
 * ticket is granted (and not in standby).
 *
 * A ticket that is not granted bans the resource everywhere; if it was
 * running, loss-policy decides: stop (ban), fence (ban, and fence the nodes
 * it runs on: "deadman"), freeze (leave it where it is, unmanaged), demote
 * (only the promoted role is lost).  A ticket in standby bans the resource
 * like a lost one with loss-policy=stop.  Constraints on a group or clone
 * apply to every primitive in it.
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

static const struct ha_model_ticket_state *
ticket_state(const ha_store_model_t *m, const char *id)
{
    for (guint i = 0; i < m->n_tickets; i++) {
        if (strcmp(m->tickets[i].id, id) == 0) {
            return &m->tickets[i];
        }
    }
    return NULL;
}

static void
ban_everywhere(sched_run *run, s_rsc *rsc,
               const struct ha_model_rsc_ticket *t)
{
    for (guint n = 0; n < run->n_nodes; n++) {
        if (run->explain) {
            struct sched_why why = { HA_CONTRIB_TICKET, t->id, t->ticket,
                                     NULL, NULL };

            sched_explain_add(run, rsc, n, &why, -INF);
        }
        rsc->score[n] = -INF;
    }
}

struct ticket_apply {
    sched_run *run;
    const struct ha_model_rsc_ticket *t;
    gboolean granted, standby;
};

static void
apply_to_primitive(s_rsc *rsc, gpointer data)
{
    struct ticket_apply *a = data;
    const char *policy = (a->t->loss_policy != NULL) ? a->t->loss_policy
                                                     : "stop";
    gboolean promoted_only = (g_strcmp0(a->t->rsc_role, "Promoted") == 0);
    gboolean stop_policy = (strcmp(policy, "stop") == 0);

    if (a->granted && !a->standby) {
        return;
    }
    if (promoted_only) {
        rsc->demote_only = TRUE;    /* the promoted role needs the ticket */
    }
    if (!a->granted && rsc->running->len > 0) {
        if (strcmp(policy, "freeze") == 0) {
            rsc->managed = FALSE;
            rsc->blocked = TRUE;
        } else if (strcmp(policy, "demote") == 0) {
            if (!promoted_only) {
                ban_everywhere(a->run, rsc, a->t);
            }
        } else {
            ban_everywhere(a->run, rsc, a->t);
            if (strcmp(policy, "fence") == 0 && a->run->stonith_enabled) {
                for (guint i = 0; i < rsc->running->len; i++) {
                    s_node *node = &a->run->nodes[g_array_index(rsc->running,
                                                                guint, i)];

                    if (!node->unclean) {
                        node->unclean = TRUE;
                        node->fence_reason = "deadman ticket was lost";
                    }
                }
            }
        }
        return;
    }
    if (!promoted_only || stop_policy) {
        ban_everywhere(a->run, rsc, a->t);
    }
}

void
sched_tickets_apply(sched_run *run)
{
    const ha_store_model_t *m = run->m;

    for (guint i = 0; i < m->n_rsc_tickets; i++) {
        const struct ha_model_rsc_ticket *t = &m->rsc_tickets[i];
        const struct ha_model_ticket_state *st = ticket_state(m, t->ticket);
        s_rsc *rsc = sched_rsc_find(run, m->rscs[t->rsc].id);
        struct ticket_apply a = {
            .run = run, .t = t,
            .granted = (st != NULL) && st->granted,
            .standby = (st != NULL) && st->standby,
        };

        if (rsc != NULL) {
            sched_rsc_walk_primitives(rsc, apply_to_primitive, &a);
        }
    }
}
