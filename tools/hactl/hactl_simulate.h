/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_simulate.h - output helpers of `hactl simulate`
 * (hactl_simulate_print.c).  The result is borrowed, never modified.
 */
#ifndef HA_HACTL_SIMULATE_H
#define HA_HACTL_SIMULATE_H

#include <stdio.h>

#include "sched/sched.h"

/** "Current cluster status:" (or "Revised Cluster Status:" after). */
void hactl_simulate_print_status(FILE *out, const ha_sched_result_t *res,
                                 gboolean revised);

/** "Transition Summary:" and its lines. */
void hactl_simulate_print_summary(FILE *out, const ha_sched_result_t *res);

/** "Executing Cluster Transition:": executed actions in order. */
void hactl_simulate_print_actions(FILE *out, const ha_sched_result_t *res);

/**
 * Write the executed part of the graph to @path: JSON (format
 * "ha-transition-graph-1": actions with id/key/task/resource/node, edges
 * as [first, then] id pairs) or, with @dot, graphviz.
 *
 * @return 0 or -1 (errno set)
 */
int hactl_simulate_write_graph(const char *path, const ha_sched_result_t *res,
                               gboolean dot);

#endif /* HA_HACTL_SIMULATE_H */
