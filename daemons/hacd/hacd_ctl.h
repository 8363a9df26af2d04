/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_ctl.h - the controller on the DC (hacd_ctl.c): schedules and
 * runs transitions; triggered by the events it subscribes to.
 */
#ifndef HA_HACD_CTL_H
#define HA_HACD_CTL_H

#include <glib.h>

#include "hacd/hacd.h"

G_BEGIN_DECLS

void hacd_ctl_init(struct hacd *h);
void hacd_ctl_free(struct hacd *h);
/** Something relevant changed: schedule again (on the DC). */
void hacd_ctl_trigger(struct hacd *h, const char *why);
/** An OP_RESULT was delivered (after the history recorded it). */
void hacd_ctl_on_op_result(struct hacd *h, const char *node, const char *rsc,
                           const struct hacd_op *op);
/** TRANSITION delivered. */
void hacd_ctl_on_transition(struct hacd *h, uint32_t nodeid, GVariant *body);

G_END_DECLS

#endif /* HA_HACD_CTL_H */
