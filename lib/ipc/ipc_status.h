/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_status.h - reading hacd's status dictionary (the a{sv} of
 * HA_IPC_HACD_STATUS and of a{sv} entries inside it).
 *
 * A key that is missing or has another type reads as the empty value
 * ("", FALSE, 0, an empty array): an older hacd may not send it, and a
 * reader never fails on what it does not know.
 */
#ifndef HA_IPC_STATUS_H
#define HA_IPC_STATUS_H

#include <glib.h>

G_BEGIN_DECLS

/** String @key of @dict, or "" (borrowed from @dict). */
const char *ha_ipc_status_str(GVariant *dict, const char *key);

/** Boolean @key of @dict, or FALSE. */
gboolean ha_ipc_status_bool(GVariant *dict, const char *key);

/** Unsigned 64-bit @key of @dict, or 0. */
guint64 ha_ipc_status_count(GVariant *dict, const char *key);

/** Array @key of @dict with element type @type ("aa{sv}", "as" ...), or
 *  an empty one (a new reference either way). */
GVariant *ha_ipc_status_list(GVariant *dict, const char *key,
                             const char *type);

G_END_DECLS

#endif /* HA_IPC_STATUS_H */
