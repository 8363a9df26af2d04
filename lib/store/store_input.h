/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_input.h - the scheduler's input built in memory: a
 * configuration snapshot (read once per configuration version) combined
 * with the cluster's live state given as typed values (node states as
 * enum ha_model_node_flags, transient attributes, operation histories).
 * No XML is read or written on this path.
 *
 * The result is an ordinary ha_store_model_t: lib/sched reads it as it
 * reads a snapshot parsed from a CIB file.  It borrows the configuration
 * snapshot's arrays and holds a reference on it, so one configuration
 * snapshot serves every input built until the configuration changes.
 *
 * XML of an input is written only when it is saved or asked for, by
 * ha_store_model_write_xml(), and read back by ha_store_model_parse_*():
 * model -> XML -> model gives an equal model (lib/sched/tests).
 *
 * Invariants:
 *  - A configuration snapshot (ha_store_config_snapshot()) has no status:
 *    no node states, histories or tickets.
 *  - ha_store_input_*() calls describe one node state at a time: the
 *    attributes, resources and operations that follow belong to the last
 *    ha_store_input_node_state(), the operations to the last
 *    ha_store_input_rsc().  Out-of-order calls are ignored.
 *  - Every string passed in is copied; nothing is borrowed from the caller.
 *  - Histories are sorted as the reader sorts them (by call-id, pending
 *    last), so an input and its XML read back are equal.
 */
#ifndef HA_STORE_INPUT_H
#define HA_STORE_INPUT_H

#include <glib.h>

#include "store/store_doc.h"
#include "store/store_model.h"

G_BEGIN_DECLS

/**
 * The configuration of @doc as a snapshot without status (caller owns one
 * reference).  Build it once per configuration version.
 *
 * @return 0, or -HA_EINVALCONF with a message in *ret_error (may be NULL)
 */
int ha_store_config_snapshot(const ha_store_doc_t *doc,
                             ha_store_model_t **ret_config, char **ret_error);

/**
 * TRUE if the result of scheduling @config may change with the time alone
 * (a date_expression, or a failure-timeout): a result computed at one
 * second then holds only for that second.
 */
gboolean ha_store_config_uses_time(const ha_store_model_t *config);

typedef struct ha_store_input ha_store_input_t;

/** Start an input on @config (a reference is taken). */
ha_store_input_t *ha_store_input_new(ha_store_model_t *config);

/** Free an unfinished input.  NULL is accepted. */
void ha_store_input_free(ha_store_input_t *in);

/** Quorum and the DC's node id (NULL: none) as the status records them. */
void ha_store_input_cluster(ha_store_input_t *in, gboolean have_quorum,
                            const char *dc_uuid);

/** The feature set to record when the configuration names none. */
void ha_store_input_feature_set(ha_store_input_t *in, const char *version);

/**
 * The node named @uname: its configured id, or, for a node the
 * configuration does not list, a member node added with id @new_id.
 *
 * @return the node's id (owned by the input)
 */
const char *ha_store_input_node(ha_store_input_t *in, const char *uname,
                                const char *new_id);

/** Begin the state of node @uname (ha_store_input_node() first). */
void ha_store_input_node_state(ha_store_input_t *in, const char *uname,
                               guint flags);

/** A transient attribute of the current node state. */
void ha_store_input_attr(ha_store_input_t *in, const char *name,
                         const char *value);

/** Begin the history of resource @id on the current node (@provider may
 * be NULL). */
void ha_store_input_rsc(ha_store_input_t *in, const char *id,
                        const char *klass, const char *provider,
                        const char *type);

/** One operation of the current resource's history (strings copied); with
 * a transition_key, target_rc is read from it as the reader does. */
void ha_store_input_op(ha_store_input_t *in,
                       const struct ha_model_lrm_op *op);

/** Every node state of @from, with its attributes and histories, given
 * to @in as above (a snapshot read from a file replayed as a daemon's
 * tables: tests and benchmarks). */
void ha_store_input_add_states(ha_store_input_t *in,
                               const ha_store_model_t *from);

/** The finished input (caller owns); @in is consumed. */
ha_store_model_t *ha_store_input_finish(ha_store_input_t *in);

/**
 * The CIB text of a snapshot: its configuration as read, and its status
 * written from the typed arrays (caller frees).
 */
char *ha_store_model_write_xml(const ha_store_model_t *model);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_store_input_t, ha_store_input_free)

G_END_DECLS

#endif /* HA_STORE_INPUT_H */
