/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_ipc.h - the hactl service (hacd_ipc.c).
 */
#ifndef HA_HACD_IPC_H
#define HA_HACD_IPC_H

#include <glib.h>

#include "hacd/hacd.h"

G_BEGIN_DECLS

/** Serve hactl on opt.ipc_name.  0 or negative. */
int hacd_ipc_start(struct hacd *h);

/** The a{sv} status (also used by tests). */
GVariant *hacd_status_variant(struct hacd *h);

G_END_DECLS

#endif /* HA_HACD_IPC_H */
