/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_edit.h - configuration edits as read-modify-write:
 * read the configuration and its digest from hacd, edit a copy with
 * libxml2, write it back only if nobody changed it meanwhile
 * (CONFIG_REPLACE_IF), and on a conflict read again and redo the edit.
 * hacd validates the result; a refused edit changes nothing.
 */
#ifndef HA_HACTL_EDIT_H
#define HA_HACTL_EDIT_H

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/*
 * An edit of @doc (the whole CIB).  Return 0, or a negative code after
 * printing why with hactl_edit_error() (nothing is written then).
 */
typedef int (*hactl_edit_fn)(xmlDoc *doc, void *user_data);

struct hactl_globals;

/**
 * Apply @fn to the current configuration and write it.  @what names the
 * command in messages.  Once written, what @fn said with hactl_edit_say()
 * is printed with the new configuration version (text), or as
 * {"command", "message", "config_version"} (JSON).
 *
 * @return an exit code (hactl.h)
 */
int hactl_edit(const struct hactl_globals *g, const char *what,
               hactl_edit_fn fn, void *user_data);

/** Print that @command did @message (text, or a JSON object); @version
 * of the configuration written, or NULL. */
void hactl_print_done(const struct hactl_globals *g, const char *command,
                      const char *message, const char *version);

/** What the edit did, for the user (the last call wins; each attempt
 * starts afresh). */
void hactl_edit_say(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

/** Print "hactl: @what: message" and return @rc (for edit functions). */
int hactl_edit_error(int rc, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

/** configuration/@name, created when missing. */
xmlNode *hactl_xml_section(xmlDoc *doc, const char *name);

/** The element with id @id anywhere in the configuration, or NULL. */
xmlNode *hactl_xml_find_id(xmlDoc *doc, const char *id);

/** A new child @name of @parent with id @id. */
xmlNode *hactl_xml_add(xmlNode *parent, const char *name, const char *id);

/**
 * Set (@value non-NULL and non-empty) or remove nvpair @name in the set
 * @set_name (instance_attributes, meta_attributes, utilization) of @el;
 * the set is created as ID-SET when missing.
 */
void hactl_xml_nvpair(xmlNode *el, const char *set_name, const char *name,
                      const char *value);

/** Value of nvpair @name of set @set_name of @el, or NULL (borrowed). */
const char *hactl_xml_nvpair_get(xmlNode *el, const char *set_name,
                                 const char *name);

/** @el is a promotable clone: a legacy <master>, or a <clone> whose meta
 * attribute promotable is true. */
gboolean hactl_xml_is_promotable(xmlNode *el);

/** In an edit: the fencing levels that use fence device @device (in
 * hactl_stonith_level.c).  Without @force, refuse (-EBUSY: the nodes they
 * fence may not be fenced any more); with it, take @device out of them (a
 * level left with no device goes too) and append what changed to @said. */
int hactl_stonith_levels_unuse(xmlDoc *doc, const char *device,
                               gboolean force, GString *said);

/** Read the configuration (a parsed copy; caller frees) or NULL. */
xmlDoc *hactl_config_read(char **ret_digest, int *ret_exit);

G_END_DECLS

#endif /* HA_HACTL_EDIT_H */
