/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_fencing.c - fencing of unclean nodes, and the stops that
 * fencing implies.
 *
 * An unclean node is fenced when fencing is enabled and the partition has
 * quorum (or no-quorum-policy=ignore).  Resources active on it are then
 * stopped (and a promoted instance demoted) by the fencing itself: their
 * stop and demote are pseudo actions that become runnable through the
 * fencing action.  Without fencing those stops
 * cannot run, and whatever depends on them cannot either.
 * no-quorum-policy=suicide fences every node of an inquorate partition.
 * With no fence device configured nothing can be fenced (and resource
 * start-up is disabled: see post_history in sched.c).
 */
#include "config.h"

#include <string.h>

#include "sched/sched_private.h"

static s_action *
fence_node(sched_run *run, s_node *node, const char *reason)
{
    s_action *a = sched_action_new(run, NULL, "stonith", 0, node,
                                   AF_RUNNABLE);

    node->fence = TRUE;
    a->reason = reason;
    return a;
}

/* What @rsc does on @node is done by fencing it: its stop, and the demote
 * of a promoted instance, are pseudo actions that fencing completes (so
 * nothing ordered after them, a promotion elsewhere included, runs before
 * the node is fenced). */
static void
implied_by_fencing(sched_run *run, s_action *fence, s_rsc *rsc, s_node *node)
{
    static const char *const tasks[] = { "demote", "stop" };

    for (gsize t = 0; t < G_N_ELEMENTS(tasks); t++) {
        s_action *a = sched_action_find(run, rsc, tasks[t], 0, node);

        if (a != NULL) {
            a->flags |= AF_RUNNABLE | AF_PSEUDO;
            a->flags &= ~AF_OPTIONAL;
            sched_edge_add(run, fence, a, EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
        }
    }
}

void
sched_fencing_create(sched_run *run)
{
    gboolean quorate = run->have_quorum || run->no_quorum == NOQ_IGNORE;

    if (!run->stonith_enabled || run->no_fence_device) {
        return;     /* off, or no device to fence with */
    }
    for (guint n = 0; n < run->n_nodes; n++) {
        s_node *node = &run->nodes[n];
        s_action *fence;

        if (!node->unclean || (!quorate && run->no_quorum != NOQ_SUICIDE)) {
            continue;
        }
        fence = fence_node(run, node, (node->fence_reason != NULL)
                                      ? node->fence_reason
                                      : "node is unclean");
        for (guint i = 0; i < run->rscs->len; i++) {
            s_rsc *rsc = g_ptr_array_index(run->rscs, i);

            if (rsc->kind == HA_SCHED_PRIMITIVE) {
                implied_by_fencing(run, fence, rsc, node);
            }
        }
    }
}
