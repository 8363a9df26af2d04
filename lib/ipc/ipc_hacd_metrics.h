/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_hacd_metrics.h - hacd's status (HA_IPC_HACD_STATUS, a{sv})
 * as Prometheus metrics.
 *
 * The one mapping from status to metrics: `hactl metrics` applies it to
 * the status it reads over IPC, hacd's HTTP endpoint to the status it
 * would send, so both print the same text for the same state.
 *
 * Families, in this order (labels in braces):
 *   ha_up                              gauge, always 1
 *   ha_cluster_quorate                 gauge 0/1
 *   ha_cluster_settled                 gauge 0/1
 *   ha_cluster_nodes{state}            gauge: online, pending, lost and
 *                                      offline count every node once;
 *                                      standby and maintenance count the
 *                                      nodes with that flag
 *   ha_cluster_is_dc{node}             gauge 0/1, one per node
 *   ha_resources{state}                gauge: primitive instances, each
 *                                      counted once, in this precedence:
 *                                      blocked, failed, unmanaged, then
 *                                      its role (promoted, unpromoted,
 *                                      started, stopped)
 *   ha_resource_failcount{resource,node}  gauge, the sum of the
 *                                      resource's fail counts on the node
 *                                      (INFINITY is 1000000)
 *   ha_failed_actions                  gauge
 *   ha_fencing_events_total{result}    counter: succeeded, failed
 *   ha_transitions_total{result}       counter: complete, aborted (on the
 *                                      DC; since this hacd started)
 *   ha_transition_duration_seconds     histogram of those transitions
 *   ha_config_admin_epoch, ha_config_epoch, ha_config_num_updates  gauges
 *   ha_config_changes_total            counter: configuration versions
 *                                      this hacd committed since it started
 * Keys missing from @status read as 0 (an older hacd).
 */
#ifndef HA_IPC_HACD_METRICS_H
#define HA_IPC_HACD_METRICS_H

#include <glib.h>

#include "common/metrics.h"

G_BEGIN_DECLS

/**
 * The metrics of a status.
 *
 * @param[in] status  an HA_IPC_HACD_STATUS reply, a{sv} (borrowed)
 * @return a new set (caller frees with ha_metrics_free())
 */
ha_metrics_t *ha_ipc_hacd_metrics_new(GVariant *status);

G_END_DECLS

#endif /* HA_IPC_HACD_METRICS_H */
