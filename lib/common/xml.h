/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/common/xml.h - safe entry points into libxml2.
 *
 * Every XML the project reads goes through these functions, which:
 *  - never touch the network (XML_PARSE_NONET) and never load a DTD;
 *  - read UTF-8 only (a UTF-16/32 byte-order mark, a NUL byte or another
 *    declared encoding is refused);
 *  - refuse any document type declaration, hence external entities and
 *    entity-expansion bombs ("billion laughs");
 *  - bound the input size, the element nesting depth and attribute length,
 *    checked by the parser before an element enters a tree or reaches a
 *    callback: nothing deeper than the limit is ever built, so no code
 *    walking a parsed tree meets an unbounded depth (a recursive walk of a
 *    100,000-deep tree overflows the stack).
 * A value over the attribute limit is found before parsing, in one pass
 * over the raw bytes: no run of more than 2 x max_attr_bytes + 4 KiB
 * without a '<' (one tag, or text, that long) is read any further.
 * Errors are returned as -HA_EBADXML / -HA_ETOOBIG with a human message.
 *
 * libxml2 memory is released only through these wrappers or the autoptr
 * cleanup functions declared here.
 */
#ifndef HA_COMMON_XML_H
#define HA_COMMON_XML_H

#include <glib.h>
#include <libxml/parser.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

G_DEFINE_AUTOPTR_CLEANUP_FUNC(xmlDoc, xmlFreeDoc)

/* Limits applied unless the caller asks for others. */
#define HA_XML_MAX_BYTES      (1024UL * 1024 * 1024)   /* 1 GiB */
#define HA_XML_MAX_DEPTH      64
#define HA_XML_MAX_ATTR_BYTES (1024 * 1024)
/* Element children of one element: libxml2's RelaxNG validation takes time
 * in the square of a list's length (200,000 primitives: minutes), so a
 * longer list is refused while parsing.  A 64-node cluster with 5,000
 * resources has lists of 5,000. */
#define HA_XML_MAX_CHILDREN   20000

struct ha_xml_limits {
    gsize max_bytes;        /* whole input */
    guint max_depth;        /* element nesting */
    gsize max_attr_bytes;   /* one attribute value */
    guint max_children;     /* element children of one element */
};

/** The default limits above. */
const struct ha_xml_limits *ha_xml_default_limits(void);

/**
 * Parse a document from memory.
 *
 * @param[in]  data       the bytes (need not be NUL terminated)
 * @param[in]  len        their length
 * @param[in]  name       a name for messages ("cib.xml")
 * @param[in]  limits     NULL for the defaults
 * @param[out] ret_doc    the document, owned by the caller (only on success)
 * @param[out] ret_error  on failure, a message naming line and problem
 *                        (may be NULL; owned by the caller)
 *
 * @return 0, -HA_EBADXML or -HA_ETOOBIG
 */
int ha_xml_parse_memory(const char *data, gsize len, const char *name,
                        const struct ha_xml_limits *limits, xmlDoc **ret_doc,
                        char **ret_error);

/** As ha_xml_parse_memory() for a file (-errno if it cannot be read). */
int ha_xml_parse_file(const char *path, const struct ha_xml_limits *limits,
                      xmlDoc **ret_doc, char **ret_error);

/** Attribute value as a const C string, or NULL (no copy). */
static inline const char *
ha_xml_attr(const xmlNode *node, const char *name)
{
    for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
        if (a->children != NULL && xmlStrEqual(a->name, (const xmlChar *) name)) {
            return (const char *) a->children->content;
        }
    }
    return NULL;
}

/** True if @node is an element named @name. */
static inline gboolean
ha_xml_is(const xmlNode *node, const char *name)
{
    return (node != NULL) && (node->type == XML_ELEMENT_NODE)
           && xmlStrEqual(node->name, (const xmlChar *) name);
}

/** First element child of @node (named @name if not NULL), or NULL. */
xmlNode *ha_xml_first_child(const xmlNode *node, const char *name);

/** Next element sibling of @node (named @name if not NULL), or NULL. */
xmlNode *ha_xml_next(const xmlNode *node, const char *name);

/**
 * Stream a document through SAX2 callbacks with the same safety options as
 * the reader (no network, a document type declaration is refused, no
 * entities, size limit), plus the depth and attribute-length limits
 * checked before each startElementNs callback.  Only @handler's
 * startElementNs, endElementNs, characters, startDocument and endDocument
 * are used; each receives the libxml2 parser context as ctx (so libxml2's
 * own xmlSAX2* tree builders may be called with it), and the caller's
 * pointer is ha_xml_sax_user_data(ctx).  A callback stops the parse with
 * ha_xml_sax_fail().
 *
 * @param[in]  data       the bytes (need not be NUL terminated)
 * @param[in]  len        their length
 * @param[in]  name       a name for messages
 * @param[in]  limits     NULL for the defaults
 * @param[in]  handler    the callbacks (borrowed)
 * @param[in]  user_data  for the callbacks
 * @param[out] ret_doc    the tree the callbacks built through xmlSAX2*,
 *                        if any (caller owns; may be NULL)
 * @param[out] ret_error  message on failure (caller owns; may be NULL)
 *
 * @return 0, -HA_EBADXML or -HA_ETOOBIG (or the callbacks' code)
 */
int ha_xml_sax_parse_memory(const char *data, gsize len, const char *name,
                            const struct ha_xml_limits *limits,
                            const xmlSAXHandler *handler, void *user_data,
                            xmlDoc **ret_doc, char **ret_error);

/** As ha_xml_sax_parse_memory() for a file, plain or gzip-compressed
 * (-errno if it cannot be read). */
int ha_xml_sax_parse_file(const char *path, const struct ha_xml_limits *limits,
                          const xmlSAXHandler *handler, void *user_data,
                          xmlDoc **ret_doc, char **ret_error);

/** The caller's pointer inside a SAX callback of ha_xml_sax_parse_*(). */
void *ha_xml_sax_user_data(void *ctx);

/** Stop the parse from a callback with @rc (< 0) and a message. */
void ha_xml_sax_fail(void *ctx, int rc, const char *message);

/** Serialise @node (and children) to a newly allocated string. */
char *ha_xml_dump(const xmlNode *node, gboolean pretty);

/**
 * Validate @doc against the DTD in the local file @dtd_path (a trusted
 * system file such as resource-agents' ra-api-1.dtd; it is read with no
 * network and no external entities).
 *
 * @return 0, -errno if the DTD cannot be read, -HA_EBADXML if it does not
 *         parse or @doc is not valid (*ret_error names the first problem)
 */
int ha_xml_validate_dtd_file(xmlDoc *doc, const char *dtd_path,
                             char **ret_error);

G_END_DECLS

#endif /* HA_COMMON_XML_H */
