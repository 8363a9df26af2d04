/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_fencing.c - fencing of unclean nodes, and the stops that
 * fencing implies.
 *
 * An unclean node is fenced when fencing is enabled and the partition has
 * quorum (or no-quorum-policy=ignore).  Resources active on it are then
 * stopped by the fencing itself: their stop is a pseudo action that
 * becomes runnable through the fencing action.  Without fencing those stops
 * cannot run, and whatever depends on them cannot either.
 * no-quorum-policy=suicide fences every node of an inquorate partition.
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

void
sched_fencing_create(sched_run *run)
{
    gboolean quorate = run->have_quorum || run->no_quorum == NOQ_IGNORE;

    if (!run->stonith_enabled) {
        return;
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
            s_action *stop;

            if (rsc->kind != HA_SCHED_PRIMITIVE) {
                continue;
            }
            stop = sched_action_find(run, rsc, "stop", 0, node);
            if (stop != NULL) {
                stop->flags |= AF_RUNNABLE | AF_PSEUDO;
                stop->flags &= ~AF_OPTIONAL;
                sched_edge_add(run, fence, stop,
                               EF_IMPLIES_THEN | EF_RUNNABLE_LEFT);
            }
        }
    }
}
