/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_refs.h - the constraints that name a resource, for the
 * edits that make an id disappear while its members stay (group delete,
 * clone delete, a group's last member removed): such an edit is refused
 * as unsafe while constraints name the id, unless --force, which removes
 * the id from them (and the constraints left without a resource).
 */
#ifndef HA_HACTL_REFS_H
#define HA_HACTL_REFS_H

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/**
 * The ids of the constraints of @doc that name @id (rsc, with-rsc, first,
 * then, or a resource_ref of a set), in document order.
 *
 * @return a new array of the ids (owned by the array; caller unrefs)
 */
GPtrArray *hactl_refs_find(xmlDoc *doc, const char *id);

/**
 * Let @id (a @kind: "group", "clone") disappear from the constraints.
 * Without @force, refuse when constraints name it (printed, with why).
 * With @force, remove it from them: a constraint naming it directly is
 * deleted, a set member is removed, and a set or a constraint left empty
 * goes too.  *ret_said gets what changed, as ", deleting constraints A,
 * B, removing it from the sets of C", or "" (caller frees).
 *
 * @return 0, or -EBUSY after printing the message (hactl_edit_error())
 */
int hactl_refs_release(xmlDoc *doc, const char *kind, const char *id,
                       gboolean force, char **ret_said);

G_END_DECLS

#endif /* HA_HACTL_REFS_H */
