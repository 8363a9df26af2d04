/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_lrm.h - this node's executor (ha-execd) link (hacd_lrm.c).
 */
#ifndef HA_HACD_LRM_H
#define HA_HACD_LRM_H

#include <glib.h>

#include "hacd/hacd.h"

G_BEGIN_DECLS

/** Announce this node's history on each membership change (subscribes). */
void hacd_lrm_init(struct hacd *h);

/** Connect to the local executor (retried until it answers). */
void hacd_lrm_start(struct hacd *h);
void hacd_lrm_free(struct hacd *h);
/** A membership change: multicast this node's history when known. */
void hacd_lrm_announce(struct hacd *h);
/** TRUE when the local executor's state is known. */
gboolean hacd_lrm_ready(const struct hacd *h);
/** ACTION delivered: run it if it is for this node. */
void hacd_lrm_on_action(struct hacd *h, uint32_t nodeid, GVariant *body);
/** Name of the action running on this node for @rsc, or NULL. */
const char *hacd_lrm_pending(struct hacd *h, const char *rsc);
/** Number of resources with an action running or a monitor active here. */
guint hacd_lrm_active(struct hacd *h);

typedef void (*hacd_exec_done_fn)(const ha_exec_result_t *r, void *ud);
/**
 * Run a one-shot action on this node's executor outside any history
 * (fence agents); @done runs exactly once.  0 or negative.
 */
int hacd_lrm_run(struct hacd *h, ha_exec_request_t *req,
                 hacd_exec_done_fn done, void *ud);

G_END_DECLS

#endif /* HA_HACD_LRM_H */
