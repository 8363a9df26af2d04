/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_fence.h - the fencer (hacd_fence.c): choose a device and a node,
 * run it, keep the history.
 */
#ifndef HA_HACD_FENCE_H
#define HA_HACD_FENCE_H

#include <glib.h>

#include "hacd/hacd.h"

G_BEGIN_DECLS

typedef void (*hacd_fence_done_fn)(int rc, const char *reason, void *ud);

void hacd_fence_init(struct hacd *h);
void hacd_fence_free(struct hacd *h);
/** DC: fence @target; @done runs once with the outcome. */
void hacd_fence_start(struct hacd *h, const char *target, const char *action,
                      hacd_fence_done_fn done, void *ud);
/** Anyone: ask the DC to fence (hactl); @done when the result arrives. */
void hacd_fence_ask(struct hacd *h, guint64 request_id, const char *target,
                    const char *action, hacd_fence_done_fn done, void *ud);
/** Anyone: an operator says @target is down (hactl stonith confirm);
 * recorded everywhere as a fencing without a device, and the DC's
 * fencings of @target complete; @done when it is recorded here. */
void hacd_fence_confirm(struct hacd *h, guint64 request_id,
                        const char *target, hacd_fence_done_fn done,
                        void *ud);
void hacd_fence_on_req(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_fence_on_result(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_fence_on_ask(struct hacd *h, uint32_t nodeid, GVariant *body);
/** The history (@target NULL: all), aa{sv}. */
GVariant *hacd_fence_history_variant(struct hacd *h, const char *target);
void hacd_fence_event_free(gpointer p);

G_END_DECLS

#endif /* HA_HACD_FENCE_H */
