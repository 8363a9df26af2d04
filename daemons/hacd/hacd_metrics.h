/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_metrics.h - counters for metrics and the status as
 * Prometheus text (hacd_metrics.c); the HTTP endpoint is hacd_http.h.
 */
#ifndef HA_HACD_METRICS_H
#define HA_HACD_METRICS_H

#include <glib.h>

#include "hacd/hacd.h"

G_BEGIN_DECLS

/** Count what hacd_metrics_* counts from events (subscribes). */
void hacd_metrics_init(struct hacd *h);

/** A transition ended on the DC after @duration_us. */
void hacd_metrics_transition_ended(struct hacd *h, gboolean aborted,
                                   gint64 duration_us);
/** A fencing result was delivered. */
void hacd_metrics_fencing_ended(struct hacd *h, gboolean succeeded);
/** A new configuration version was committed to the local copy. */
void hacd_metrics_config_committed(struct hacd *h);
/** Add the counters to a status dictionary (keys in ipc_hacd.h). */
void hacd_metrics_status_add(struct hacd *h, GVariantBuilder *b);
/** The status as Prometheus text, as `hactl metrics` prints it (caller
 * frees). */
char *hacd_metrics_text(struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_METRICS_H */
