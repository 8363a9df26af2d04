/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_model_private.h - the snapshot builder shared by the
 * configuration parser (store_model_parse.c) and the status parser
 * (store_status_parse.c).  Not for use outside lib/store.
 *
 * The builder owns growing arrays; ha__model_builder_finish() moves them
 * into the immutable snapshot.
 */
#ifndef HA_STORE_MODEL_PRIVATE_H
#define HA_STORE_MODEL_PRIVATE_H

#include <glib.h>

#include "common/xml.h"
#include "store/store_model.h"

struct ha__model_builder {
    ha_store_model_t *model;
    GArray *nodes;          /* struct ha_model_node */
    GArray *rscs;           /* struct ha_model_rsc */
    GArray *locations, *colocations, *orders;
    GArray *node_states, *lrm_rscs, *lrm_ops;
    GArray *rsc_tickets, *tickets;
    GArray *unsupported;
    GArray *props;
    GHashTable *by_id;      /* configuration id -> xmlNode, while parsing */
    char *error;
};

/** Intern @s in the snapshot (NULL stays NULL). */
const char *ha__model_intern(ha_store_model_t *model, const char *s);

/** Keep @block alive as long as the snapshot (freed with g_free). */
gpointer ha__model_keep(ha_store_model_t *model, gpointer block);

/** Record an unsupported feature. */
void ha__model_unsupported(struct ha__model_builder *b, const char *what,
                           const char *id);

/** Parse the <configuration> subtree (a DOM expanded by the reader). */
int ha__model_parse_configuration(struct ha__model_builder *b,
                                  const xmlNode *configuration);

/* State of the streamed <status> section (store_status_parse.c). */
struct ha__status_ctx {
    struct ha__model_builder *b;
    GArray *transient;      /* nvpairs of the current node_state */
    gboolean in_node_state, in_lrm_rsc;
};

/** Prepare @s for a status section of @b's snapshot. */
void ha__model_status_init(struct ha__status_ctx *s,
                           struct ha__model_builder *b);

/** Release what ha__model_status_init() allocated. */
void ha__model_status_clear(struct ha__status_ctx *s);

/** A start tag inside <status> (SAX2 attribute 5-tuples). */
void ha__model_status_start(struct ha__status_ctx *s, const char *name,
                            int nb_attributes, const xmlChar **attributes);

/** An end tag inside <status>. */
void ha__model_status_end(struct ha__status_ctx *s, const char *name);

/** Target rc of a transition key ("action:transition:rc:uuid"), or -1. */
int ha__model_target_rc(const char *key);

/** Sort one resource's history by call-id, pending operations last. */
void ha__model_sort_ops(struct ha_model_lrm_op *ops, guint n);

/** The typed state of Pacemaker's in_ccm, crmd, join, expected (each may
 * be NULL): enum ha_model_node_flags. */
guint ha__model_node_flags(const char *in_ccm, const char *crmd,
                           const char *join, const char *expected);

/** A new, empty snapshot with one reference. */
ha_store_model_t *ha__model_new(void);

/** Prepare @b for a new snapshot (ha__model_new()). */
void ha__model_builder_init(struct ha__model_builder *b);

/** Move the status arrays (and nodes, linked to their states) of @b into
 * its snapshot. */
void ha__model_finish_status(struct ha__model_builder *b);

/** Move everything into the snapshot and return it; @b is spent. */
ha_store_model_t *ha__model_builder_finish(struct ha__model_builder *b);

/** One attribute of <cib> (have-quorum, dc-uuid, ...) into @m. */
void ha__model_cib_attr(ha_store_model_t *m, const char *name,
                        const char *value);

/** Free what @b holds (after a failure). */
void ha__model_builder_abandon(struct ha__model_builder *b);

/** Link node states and histories to configured nodes and resources. */
void ha__model_status_link(struct ha__model_builder *b);

/** Parse an attribute set container (meta_attributes ...) into @out. */
void ha__model_parse_attrs(struct ha__model_builder *b, const xmlNode *parent,
                           const char *set_name, struct ha_model_attrs *out);

/** Follow id-ref to the referenced element (or @n itself). */
const xmlNode *ha__model_deref(struct ha__model_builder *b, const xmlNode *n);

/** Index of resource @id referenced by constraint @cid, or HA_MODEL_NONE. */
guint ha__model_ref_rsc(struct ha__model_builder *b, const char *cid,
                        const char *id);

/** All resources that @id stands for: itself, or the primitives using a
 * template, or the members of a tag (caller frees). */
GArray *ha__model_ref_rscs(struct ha__model_builder *b, const char *cid,
                           const char *id);

/** Parse the <constraints> section. */
void ha__model_parse_constraints(struct ha__model_builder *b,
                                 const xmlNode *constraints);

/** Parse the <fencing-topology> section (store_model_fencing.c). */
void ha__model_parse_fencing(struct ha__model_builder *b,
                             const xmlNode *topology);

/** Parse a <rule> element. */
const struct ha_model_rule *ha__model_parse_rule(struct ha__model_builder *b,
                                                 const xmlNode *rule);

#endif /* HA_STORE_MODEL_PRIVATE_H */
