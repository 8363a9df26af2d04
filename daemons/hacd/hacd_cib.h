/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_cib.h - the scheduler's input and its last result,
 * kept per input generation (hacd_cib.c).
 *
 * The input is built from hacd's tables directly (lib/store/store_input.h):
 * the configuration snapshot once per configuration digest, node states,
 * transient attributes and histories as typed values.  No XML on that
 * path; XML is written only for a saved input (hacd_inputs.c) or one asked
 * for (hactl why, config version with status).
 *
 * Invariants:
 *  - Every change of what the input reads (a delivered message, a
 *    membership, quorum or history change, anything that makes the
 *    controller look again) calls hacd_cib_changed() (through
 *    hacd_watch_touch() or the history's own changes), so the
 *    generation moves with the input.
 *  - One scheduler run per generation (and per second when the
 *    configuration has date rules or failure timeouts; and when the
 *    startup grace ends): the DC's controller and every status request
 *    share it; a request never runs the scheduler when nothing changed.
 */
#ifndef HA_HACD_CIB_H
#define HA_HACD_CIB_H

#include "hacd/hacd.h"

G_BEGIN_DECLS

/** What the input reads may have changed: the next run schedules again. */
void hacd_cib_changed(struct hacd *h);

/** Scheduler runs this instance made (tests: reads must not add any). */
guint64 hacd_cib_runs(struct hacd *h);

/** Release the cache (hacd_free). */
void hacd_cib_free(struct hacd *h);

/** The scheduler input of @doc (the live one or an old version) and this
 * node's state, built without XML (caller owns). */
int hacd_cib_input(struct hacd *h, const ha_store_doc_t *doc,
                   ha_store_model_t **ret_model);

/** The live configuration has a fence device (a stonith-class primitive;
 *  from the cached snapshot).  FALSE without a configuration. */
gboolean hacd_cib_has_fence_device(struct hacd *h);

/** Save @model as a scheduler input (XML written here only); *ret_seq its
 * number, 0 if not saved. */
void hacd_inputs_save_model(struct hacd *h, const ha_store_model_t *model,
                            guint64 *ret_seq);

G_END_DECLS

#endif /* HA_HACD_CIB_H */
