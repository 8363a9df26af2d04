/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_config.h - the parts of `hactl config` shared by its
 * files: the element-by-element diff of two configurations
 * (hactl_config_diff.c, pure), the checks of `verify`
 * (hactl_config_verify.c), and reading stored versions from hacd
 * (hactl_config_history.c).
 *
 * Ownership: every returned GPtrArray frees its elements; the caller
 * unrefs it.  xmlNode arguments are borrowed and never modified.
 */
#ifndef HA_HACTL_CONFIG_H
#define HA_HACTL_CONFIG_H

#include <stdio.h>

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libxml/tree.h>

#include "store/store_doc.h"

G_BEGIN_DECLS

struct hactl_globals;

/* ---- diff (hactl_config_diff.c) ---------------------------------------- */

enum hactl_diff_change {
    HACTL_DIFF_ADDED,
    HACTL_DIFF_REMOVED,
    HACTL_DIFF_CHANGED,
};

/** One attribute that differs; a NULL value is "not set". */
struct hactl_diff_attr {
    char *name;         /* "rsc", "param ip", "meta target-role", ... */
    char *old_value;
    char *new_value;
};

/** One element that was added, removed or changed. */
struct hactl_diff_item {
    enum hactl_diff_change change;
    const char *kind;   /* static: property, node, resource, constraint,
                         * fencing-level, rsc_defaults, op_defaults, or the
                         * element name for other sections */
    char *id;           /* the id (a property's name, a node's uname) */
    char *what;         /* element name, with the agent for primitives */
    GPtrArray *attrs;   /* struct hactl_diff_attr *, by name; for added
                         * and removed items every attribute set */
};

/**
 * What changed from @old_cfg to @new_cfg (two <configuration> elements;
 * NULL is an empty configuration), section by section (properties, nodes,
 * resources, constraints, fencing levels, defaults, the rest), removed
 * items first, then added and changed ones in document order.
 *
 * @return a new array of struct hactl_diff_item * (never NULL; empty when
 *         both say the same)
 */
GPtrArray *hactl_config_diff(const xmlNode *old_cfg, const xmlNode *new_cfg);

/** "added resource 'vip'; changed property 'x'" (at most @max items, then
 *  "and N more"), or "no change".  g_free(). */
char *hactl_config_diff_summary(const GPtrArray *items, guint max);

/** The diff as text, one item a line, changed attributes below it. */
void hactl_config_diff_print(FILE *out, const GPtrArray *items);

/** The diff as a JSON array of {change, kind, id, what, attributes}. */
void hactl_config_diff_json(JsonBuilder *b, const GPtrArray *items);

/** The <configuration> element of @doc, or NULL. */
const xmlNode *hactl_config_section(const xmlDoc *doc);

/** The version in @doc's <cib> attributes (missing ones are 0). */
void hactl_config_doc_version(const xmlDoc *doc,
                              struct ha_store_version *ret);

/* ---- verify (hactl_config_verify.c) ------------------------------------ */

enum hactl_severity {
    HACTL_SEV_ERROR,
    HACTL_SEV_WARNING,
};

/** One problem found by verify. */
struct hactl_finding {
    enum hactl_severity severity;
    char *id;           /* the element at fault, "" when none */
    char *message;      /* the whole human message */
};

/**
 * Check a whole CIB given as text: well-formed, schema, ids, references,
 * scores (lib/store, errors; what only strict loading refuses is a
 * warning), location constraints naming unknown nodes (warnings), then the
 * scheduler run on it: unsupported features (errors), fencing enabled
 * without a fence device (warning).
 *
 * @param[in] xml      the CIB
 * @param[in] name     for messages ("live", a file name)
 * @param[in] sched_xml  the scheduler input to run (the CIB with a status
 *                     section), or NULL to run on @xml itself
 *
 * @return a new array of struct hactl_finding *, errors first
 */
GPtrArray *hactl_config_verify_text(const char *xml, const char *name,
                                    const char *sched_xml);

/** The number of errors among @findings. */
guint hactl_config_verify_errors(const GPtrArray *findings);

/** Print findings as "error: ..." / "warning: ..." lines to @out. */
void hactl_config_verify_print(FILE *out, const GPtrArray *findings);

struct hactl_args;
/** `config verify` (hactl_cli.h). */
int hactl_config_verify(const struct hactl_globals *g,
                        const struct hactl_args *a);

/* ---- stored versions (hactl_config_history.c) -------------------------- */

/**
 * Parse "A.E.N" into @ret.
 *
 * @return 0 or -EINVAL
 */
int hactl_config_version_parse(const char *text, struct ha_store_version *ret);

/**
 * Fetch a stored version from hacd (HA_IPC_HACD_CONFIG_VERSION_GET); with
 * @with_status the scheduler input hacd would use now with it.
 *
 * @return 0 or a negative code (-HA_ENOTFOUND: not kept)
 */
int hactl_config_version_fetch(const struct ha_store_version *v,
                               gboolean with_status, char **ret_digest,
                               char **ret_xml);

/**
 * The transition the scheduler would run for @sched_xml (a CIB with
 * status): its "Transition Summary" lines, as `hactl simulate` prints them.
 *
 * @param[out] ret_lines  char * lines (caller owns), only on success
 * @param[out] ret_error  why not (caller owns), only on failure
 *
 * @return 0 or a negative code
 */
int hactl_config_transition(const char *sched_xml, GPtrArray **ret_lines,
                            char **ret_error);

/** Print "Transition Summary:" and @lines (text output). */
void hactl_config_transition_print(FILE *out, const GPtrArray *lines);

/** `config history` / `config rollback` (hactl_cli.h). */
int hactl_config_history(const struct hactl_globals *g,
                         const struct hactl_args *a);
int hactl_config_rollback(const struct hactl_globals *g,
                          const struct hactl_args *a);

G_END_DECLS

#endif /* HA_HACTL_CONFIG_H */
