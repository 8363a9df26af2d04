/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_persist.h - crash-safe storage of the configuration.
 *
 * A store directory holds:
 *   cib.xml                       the current configuration
 *   cib-<admin>.<epoch>.<num>.xml the last N versions saved (hard links)
 * Each file starts with one line "<!-- ha-sha256:HEX -->" giving the
 * SHA-256 of the rest of the file, so corruption is detected on load.  The
 * rest is plain CIB XML (status is never saved: DESIGN.md decision 5).
 *
 * A save writes a temporary file in the same directory, fsyncs it, links
 * it under its history name, renames it over cib.xml and fsyncs the
 * directory, then prunes history beyond N.  At every instant cib.xml is
 * either the old or the new version, complete.
 *
 * One writer per directory (hacd): saves are not serialised against each
 * other across processes.
 *
 * Non-logging; 0 / negative results.  An error from the disk (ENOSPC, EIO)
 * is returned as -errno and leaves cib.xml as it was.
 */
#ifndef HA_STORE_PERSIST_H
#define HA_STORE_PERSIST_H

#include <glib.h>

#include "store/store_doc.h"

G_BEGIN_DECLS

/* File name of the current configuration inside the store directory. */
#define HA_STORE_PERSIST_FILE "cib.xml"

/* How many versions ha_store_persist_save() keeps by default. */
#define HA_STORE_PERSIST_KEEP_DEFAULT 10

/**
 * Save the configuration of @doc (without status) as the current version.
 *
 * @param[in] dir   the store directory (must exist)
 * @param[in] doc   the document
 * @param[in] keep  how many versions to keep in history (>= 1; 0 means
 *                  HA_STORE_PERSIST_KEEP_DEFAULT)
 *
 * @return 0 once the new version is durable, or -errno
 */
int ha_store_persist_save(const char *dir, const ha_store_doc_t *doc,
                          guint keep);

/**
 * Load the current configuration.
 *
 * @param[in]  dir         the store directory
 * @param[out] ret_doc     the document (only on success)
 * @param[out] ret_errors  validation problems (may be NULL)
 *
 * @return 0, -ENOENT (nothing saved yet), -HA_EDIGEST (the file does not
 *         match its digest or has none), or as ha_store_doc_load_memory()
 */
int ha_store_persist_load(const char *dir, ha_store_doc_t **ret_doc,
                          GPtrArray **ret_errors);

/**
 * Load one stored file (cib.xml or a history file), checking its digest.
 * Same results as ha_store_persist_load().
 */
int ha_store_persist_load_file(const char *path, ha_store_doc_t **ret_doc,
                               GPtrArray **ret_errors);

/**
 * The history files of @dir, oldest first (file names, not paths).
 *
 * @param[out] ret_names  a GPtrArray of char * (g_free), owned by the caller
 *
 * @return 0 or -errno
 */
int ha_store_persist_list(const char *dir, GPtrArray **ret_names);

G_END_DECLS

#endif /* HA_STORE_PERSIST_H */
