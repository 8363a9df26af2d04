/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_doc_private.h - what the store_doc*.c, store_validate.c,
 * store_upgrade.c, store_diff.c and store_persist.c files share.  Not for
 * use outside lib/store.
 *
 * Ownership: ha_store_doc_wrap() takes the xmlDoc unconditionally; the
 * other helpers borrow their arguments.
 */
#ifndef HA_STORE_DOC_PRIVATE_H
#define HA_STORE_DOC_PRIVATE_H

#include <glib.h>
#include <libxml/tree.h>

#include "store/store_doc.h"

G_BEGIN_DECLS

struct ha_store_doc {
    gint refs;
    xmlDoc *xml;                         /* owned; never changed once wrapped */
    char digest[HA_STORE_DIGEST_LEN];    /* of <configuration> */
};

/** Wrap a normalized, checked DOM.  Takes @xml; computes the digest. */
ha_store_doc_t *ha_store_doc_wrap(xmlDoc *xml);

/** Append the canonical text of @node and its subtree to @out. */
void ha_store_canon_append(GString *out, const xmlNode *node);

/** SHA-256 (hex, into @ret_hex) of the canonical text of @node. */
void ha_store_canon_digest(const xmlNode *node,
                           char ret_hex[HA_STORE_DIGEST_LEN]);

/** Drop comments, PIs and whitespace-only text below @node. */
void ha_store_normalize(xmlNode *node);

/** The <configuration> element of @xml, or NULL. */
xmlNode *ha_store_xml_config(const xmlDoc *xml);

/** A new empty error list (GPtrArray of char *). */
GPtrArray *ha_store_errors_new(void);

/** Append a formatted message to @errors. */
void ha_store_errors_add(GPtrArray *errors, const char *fmt, ...)
    G_GNUC_PRINTF(2, 3);

/**
 * Rewrite legacy forms of @xml in place (master, Master/Slave roles,
 * validate-with).  Never fails on a CIB-shaped document.
 */
void ha_store_upgrade(xmlDoc *xml);

/* How much a commit checks. */
enum ha_store_check {
    HA_STORE_CHECK_NONE,     /* nothing (documents ha built itself) */
    HA_STORE_CHECK_LOAD,     /* schema + semantic, Pacemaker-tolerant */
    HA_STORE_CHECK_STRICT,   /* schema + every semantic check */
};

/**
 * Validate @xml: characters first (ha_store_validate_chars), then the
 * schema, then, if that passes, semantic checks.  Messages are appended
 * to @errors.
 *
 * @return 0, -HA_EBADXML, -HA_ESCHEMA, -HA_EINVALCONF, or -errno if the
 *         schema cannot be loaded
 */
int ha_store_validate_xml(xmlDoc *xml, enum ha_store_check check,
                          GPtrArray *errors);

/**
 * Every element name, attribute and text holds only characters XML 1.0
 * allows, in valid UTF-8 (what a parser reads back: ha_store_text_problem()).
 * Messages name the element, the attribute and the character.  0 or
 * -HA_EBADXML.
 */
int ha_store_validate_chars(const xmlDoc *xml, GPtrArray *errors);

/** Semantic checks only (ids, references, values).  0 or -HA_EINVALCONF. */
int ha_store_validate_semantic(const xmlDoc *xml, gboolean strict,
                               GPtrArray *errors);

/**
 * Validate @xml as @check says and wrap it.  Takes @xml.
 * On failure *ret_errors (if not NULL) gets the messages.
 */
int ha_store_doc_commit(xmlDoc *xml, enum ha_store_check check,
                        ha_store_doc_t **ret_doc, GPtrArray **ret_errors);

/** Describe @node for messages: "primitive 'vip'" or "<nvpair>". */
char *ha_store_node_label(const xmlNode *node);

/**
 * Build the DOM of a CIB, leaving <status> out (streaming: memory follows
 * the configuration's size, not the input's).  Exactly one of @data and
 * @path is used; @name names the input in messages.
 *
 * @return 0, -HA_EBADXML, -HA_ETOOBIG or -errno (with *ret_error set)
 */
int ha_store_stream_parse(const char *data, gsize len, const char *path,
                          const char *name, xmlDoc **ret_xml,
                          char **ret_error);

/** Parse a non-negative version counter; absent means 0.  0 or -EINVAL. */
int ha_store_counter_parse(const char *text, guint64 *ret_value);

G_END_DECLS

#endif /* HA_STORE_DOC_PRIVATE_H */
