/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_clone_view.h - a clone as crm_mon shows it, shared by
 * `hactl status` and `hactl simulate`: instances that are wholly active on
 * one node are grouped by role ("Promoted: [ n1 ]", "Unpromoted: [ ... ]",
 * "Started: [ ... ]"), the nodes where no instance is active are
 * "Stopped: [ ... ]"; instances of a unique clone, failed, unmanaged or
 * orphaned ones, and those partly active or on an unclean node are printed
 * on their own by the caller.  Node names are borrowed.
 */
#ifndef HA_HACTL_CLONE_VIEW_H
#define HA_HACTL_CLONE_VIEW_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>

struct hactl_clone_view {
    GPtrArray *promoted, *unpromoted, *started, *stopped;
    GHashTable *active;     /* node names where some instance is active */
};

/** What one instance is, as the caller read it. */
struct hactl_clone_inst {
    const char *node;       /* the one node where all of it is active, or
                             * NULL (inactive, or active on several) */
    gboolean active;        /* some part of it is active somewhere */
    const char *role;       /* "Promoted", "Unpromoted", "Started" ... */
    gboolean unique, failed, managed, orphan;
    gboolean node_unclean;  /* @node is offline and unclean */
};

void hactl_clone_view_init(struct hactl_clone_view *v);
void hactl_clone_view_clear(struct hactl_clone_view *v);

/**
 * Account for one instance.  @active_nodes: every node where a part of
 * it is active (NULL-terminated, may be NULL).
 *
 * @return TRUE if the caller prints the instance on its own (it is then
 *         left out of the role lists), FALSE if it is grouped or inactive
 */
gboolean hactl_clone_view_add(struct hactl_clone_view *v,
                              const struct hactl_clone_inst *inst,
                              const char *const *active_nodes);

/** Sort the lists; every node of @nodes (NULL-terminated) where nothing
 * of the clone is active goes to "stopped". */
void hactl_clone_view_finish(struct hactl_clone_view *v,
                             const char *const *nodes);

/** The header "Clone Set: ID [BASE] (promotable) (unique)" (no colon). */
char *hactl_clone_view_header(const char *id, const char *base,
                              gboolean promotable, gboolean unique);

/** The lists, one "* Role: [ n1 n2 ]" line each, @indent spaces in;
 * with @disabled the stopped ones are "Stopped (disabled)". */
void hactl_clone_view_print(FILE *out, const struct hactl_clone_view *v,
                            int indent, gboolean disabled);

/** The lists as JSON members "promoted", "unpromoted", "started",
 * "stopped" (arrays of node names). */
void hactl_clone_view_json(JsonBuilder *b, const struct hactl_clone_view *v);

/** @id without an instance suffix ":N" (caller frees). */
char *hactl_clone_base_id(const char *id);

#endif /* HA_HACTL_CLONE_VIEW_H */
