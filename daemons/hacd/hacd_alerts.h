/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_alerts.h - alert agents on node, fencing and resource events
 * (hacd_alerts.c): run as separate processes nothing waits for.
 */
#ifndef HA_HACD_ALERTS_H
#define HA_HACD_ALERTS_H

#include <glib.h>

#include "hacd/hacd.h"

G_BEGIN_DECLS

/** Run alert agents on node and resource events (subscribes). */
void hacd_alerts_init(struct hacd *h);

void hacd_alert_node(struct hacd *h, const char *node, uint32_t nodeid,
                     const char *desc);
void hacd_alert_fencing(struct hacd *h, const char *target,
                        const char *action, int rc, const char *desc);
void hacd_alert_resource(struct hacd *h, const char *node, const char *rsc,
                         const struct hacd_op *op);

G_END_DECLS

#endif /* HA_HACD_ALERTS_H */
