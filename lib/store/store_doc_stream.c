/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_doc_stream.c - build a CIB's DOM without its <status>,
 * streaming through lib/common/xml.h's SAX2 parser, so that loading only
 * the configuration of a large cluster's CIB (hundreds of MB of status)
 * takes memory in proportion to the configuration, not to the file.
 *
 * The status section is still read through (it must be well-formed) but
 * never kept.  The limits of lib/common/xml.h (depth, attribute length,
 * size) are checked by the parser before each element is built, so no
 * element deeper than the limit ever reaches the tree.
 */
#include "config.h"

#include <string.h>

#include <libxml/SAX2.h>

#include "common/results.h"
#include "common/xml.h"
#include "store/store_doc_private.h"
#include "store/store_names.h"

struct stream_state {
    guint depth;
    guint status_depth;     /* the depth of <status> while inside it, or 0 */
};

static void
on_start_document(void *ctx)
{
    xmlSAX2StartDocument(ctx);
}

static void
on_end_document(void *ctx)
{
    xmlSAX2EndDocument(ctx);
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct stream_state *st = ha_xml_sax_user_data(ctx);

    st->depth++;
    if (st->status_depth > 0) {
        return;
    }
    if (st->depth == 2 && xmlStrEqual(localname, (const xmlChar *) HA_XE_STATUS)) {
        st->status_depth = st->depth;
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted, attributes);
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
    struct stream_state *st = ha_xml_sax_user_data(ctx);

    if (st->status_depth == 0) {
        xmlSAX2EndElementNs(ctx, localname, prefix, uri);
    } else if (st->depth == st->status_depth) {
        st->status_depth = 0;
    }
    st->depth--;
}

static void
on_characters(void *ctx, const xmlChar *ch, int len)
{
    struct stream_state *st = ha_xml_sax_user_data(ctx);

    if (st->status_depth == 0) {
        xmlSAX2Characters(ctx, ch, len);
    }
}

static const xmlSAXHandler stream_sax = {
    .initialized = XML_SAX2_MAGIC,
    .startDocument = on_start_document,
    .endDocument = on_end_document,
    .startElementNs = on_start,
    .endElementNs = on_end,
    .characters = on_characters,
};

int
ha_store_stream_parse(const char *data, gsize len, const char *path,
                      const char *name, xmlDoc **ret_xml, char **ret_error)
{
    struct stream_state st = { 0 };
    g_autoptr(xmlDoc) xml = NULL;
    int rc;

    rc = (path != NULL)
         ? ha_xml_sax_parse_file(path, NULL, &stream_sax, &st, &xml, ret_error)
         : ha_xml_sax_parse_memory(data, len, name, NULL, &stream_sax, &st,
                                   &xml, ret_error);
    if (rc < 0) {
        return rc;
    }
    if (xml == NULL || xmlDocGetRootElement(xml) == NULL) {
        *ret_error = g_strdup_printf("%s: no root element", name);
        return -HA_EBADXML;
    }
    *ret_xml = g_steal_pointer(&xml);
    return 0;
}
