/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_store.h - this node's copy of the configuration store
 * and its persistence (hacd_store.c).
 *
 * The copy, its last quorate ring and the requests it applied are private
 * to hacd_store.c; other modules read the current document through
 * hacd_doc().  A corrupt copy reports version 0.0.0 and an empty digest.
 */
#ifndef HA_HACD_STORE_H
#define HA_HACD_STORE_H

#include <glib.h>

#include "store/store_doc.h"

G_BEGIN_DECLS

struct hacd;

/* Opaque (hacd_store.c). */
struct hacd_store;

struct hacd_store *hacd_store_new(void);
void hacd_store_free(struct hacd_store *s);

/** Load the local copy (a corrupt one is remembered, never sent). */
int hacd_store_load(struct hacd *h);

/** The current configuration document (borrowed; NULL before loading). */
const ha_store_doc_t *hacd_doc(const struct hacd *h);

/**
 * Swap the current document for @doc without persisting anything: the
 * store takes @doc and hands back the previous one (hactl's status of an
 * older version lends it for one call; tests make a copy drift).
 */
ha_store_doc_t *hacd_store_swap(struct hacd *h, ha_store_doc_t *doc);

/** Directory of the persisted versions (borrowed). */
const char *hacd_store_dir(const struct hacd *h);

/** Persist @doc as the new local copy (fsync); takes a reference. */
int hacd_store_commit(struct hacd *h, ha_store_doc_t *doc);

/** Replace a copy no member can use by an empty one (not persisted). */
void hacd_store_reset_empty(struct hacd *h);

/** Last quorate ring this copy was in sync with the cluster. */
guint64 hacd_store_quorate_ring(const struct hacd *h);

/** Persist the last quorate ring. */
int hacd_store_set_quorate_ring(struct hacd *h, guint64 ring);

/** Remember that request @id was applied (bounded memory). */
void hacd_store_mark_applied(struct hacd *h, guint64 id);

/** TRUE if request @id was applied. */
gboolean hacd_store_was_applied(const struct hacd *h, guint64 id);

/** The applied request ids, oldest first, as GVariant "at" (floating). */
GVariant *hacd_store_applied_variant(const struct hacd *h);

/** Forget every applied request id (a copy from another member). */
void hacd_store_forget_applied(struct hacd *h);

/** Current version of the local copy (0.0.0 when corrupt). */
void hacd_store_version(const struct hacd *h, struct ha_store_version *ret);

/** Digest of the local copy, "" when corrupt. */
const char *hacd_store_digest(const struct hacd *h);

/** TRUE if the local copy is corrupt (never sent, never wins). */
gboolean hacd_store_corrupt(const struct hacd *h);

/** Tests: the next saves fail with @rc (ENOSPC, EIO); 0 ends that. */
void hacd_store_set_fault(struct hacd *h, int rc);

G_END_DECLS

#endif /* HA_HACD_STORE_H */
