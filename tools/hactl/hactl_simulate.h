/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_simulate.h - output helpers of `hactl simulate`: text
 * (hactl_simulate_print.c) and JSON (hactl_simulate_json.c).  The result
 * is borrowed, never modified.
 */
#ifndef HA_HACTL_SIMULATE_H
#define HA_HACTL_SIMULATE_H

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "sched/sched.h"

/** "class:provider:type" (or "class:type") of a primitive, in @buf. */
const char *hactl_simulate_agent_name(const struct ha_sched_rsc_info *r,
                                      char *buf, gsize len);

/** An action the transition executes (runnable, not optional). */
gboolean hactl_simulate_executed(const struct ha_sched_action_info *a);

/** `--output json`'s result: nodes, resources (role and node now and
 * next), summary lines, executed actions in order, edges, and with
 * @with_scores the score lines.  Caller owns. */
JsonNode *hactl_simulate_json(const ha_sched_result_t *res,
                              gboolean with_scores);

/** The --graph file: {"format": "ha-transition-graph-1", "actions": [...],
 * "edges": [[first, then]...]}, actions by id.  Caller owns. */
JsonNode *hactl_simulate_graph_json(const ha_sched_result_t *res);

/** "Current cluster status:" (or "Revised Cluster Status:" after). */
void hactl_simulate_print_status(FILE *out, const ha_sched_result_t *res,
                                 gboolean revised);

/** "Transition Summary:" and its lines. */
void hactl_simulate_print_summary(FILE *out, const ha_sched_result_t *res);

/** "Executing Cluster Transition:": executed actions in order. */
void hactl_simulate_print_actions(FILE *out, const ha_sched_result_t *res);

/**
 * Write the executed part of the graph to @path: JSON
 * (hactl_simulate_graph_json) or, with @dot, graphviz.
 *
 * @return 0 or -1 (errno set)
 */
int hactl_simulate_write_graph(const char *path, const ha_sched_result_t *res,
                               gboolean dot);

#endif /* HA_HACTL_SIMULATE_H */
