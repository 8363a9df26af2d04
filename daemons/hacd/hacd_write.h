/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_write.h - quorum-acknowledged configuration writes
 * (hacd_write.c, DESIGN.md decision 4).
 *
 * Invariants: writes are accepted only when this partition is quorate,
 * established, the DC is known and the sync of the current membership is
 * done; a write is acknowledged only once a quorum of votes fsynced it.
 */
#ifndef HA_HACD_WRITE_H
#define HA_HACD_WRITE_H

#include <glib.h>
#include <stdint.h>

#include "store/store_doc.h"

G_BEGIN_DECLS

struct hacd;

/* Opaque (hacd_write.c). */
struct hacd_writes;

struct hacd_writes *hacd_writes_new(void);
void hacd_writes_free(struct hacd_writes *w);
/** Shutting down: answer every local write with -HA_ENOTCONN now. */
void hacd_write_clear(struct hacd *h);

/* Completion of a write (rc 0: durable on a quorum). */
typedef void (*hacd_write_done_fn)(int rc,
                                   const struct ha_store_version *version,
                                   const char *digest, void *user_data);

enum hacd_write_op {
    HACD_WRITE_REPLACE = 1,     /* arg1 = whole CIB XML, arg2 = NULL or
                                 * the digest the current copy must have */
    HACD_WRITE_PROPERTY = 2,    /* arg1 = name, arg2 = value or NULL */
};

/**
 * Submit a configuration write from this node.  @done runs exactly once
 * from the main loop (never from inside this call).
 */
void hacd_write_submit(struct hacd *h, guint64 request_id,
                       enum hacd_write_op op, const char *arg1,
                       const char *arg2, hacd_write_done_fn done,
                       void *user_data);

void hacd_write_on_req(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_write_on_change(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_write_on_confirm(struct hacd *h, uint32_t nodeid, GVariant *body);
void hacd_write_on_result(struct hacd *h, GVariant *body);
/** TRUE while this node waits for the DC's copy after a change failed. */
gboolean hacd_write_resyncing(const struct hacd *h);
/** The DC's copy was taken after a change failed here: confirm that. */
void hacd_write_resynced(struct hacd *h);
/** Membership changed: fail what is in flight with @rc, and forget a
 * pending resync (the sync round fixes the copy). */
void hacd_write_abort_all(struct hacd *h, int rc);
/** DC: sync finished, start queued writes. */
void hacd_write_kick(struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_WRITE_H */
