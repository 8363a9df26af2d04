/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_doc_stream.c - build a CIB's DOM without its <status>,
 * with libxml2's streaming reader, so that loading only the configuration
 * of a large cluster's CIB (hundreds of MB of status) takes memory in
 * proportion to the configuration, not to the file.
 *
 * The status section is still read through (it must be well-formed) but
 * never kept.  Limits are those of lib/common/xml.h: the reader checks the
 * nodes it visits, and each expanded top-level section is checked here.
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "common/xml.h"
#include "store/store_doc_private.h"
#include "store/store_names.h"

static int
check_subtree(const xmlNode *node, guint depth, const char *name,
              const struct ha_xml_limits *lim, char **ret_error)
{
    for (; node != NULL; node = node->next) {
        if (node->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (depth > lim->max_depth) {
            *ret_error = g_strdup_printf("%s:%ld: elements nested deeper "
                                         "than %u", name,
                                         (long) xmlGetLineNo(node),
                                         lim->max_depth);
            return -HA_ETOOBIG;
        }
        for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
            if (a->children != NULL && a->children->content != NULL
                && strlen((const char *) a->children->content)
                   > lim->max_attr_bytes) {
                *ret_error = g_strdup_printf("%s:%ld: attribute '%s' of "
                                             "<%s> is longer than %zu bytes",
                                             name, (long) xmlGetLineNo(node),
                                             (const char *) a->name,
                                             (const char *) node->name,
                                             lim->max_attr_bytes);
                return -HA_ETOOBIG;
            }
        }
        if (check_subtree(node->children, depth + 1, name, lim,
                          ret_error) < 0) {
            return -HA_ETOOBIG;
        }
    }
    return 0;
}

static int
reader_failed(const char *name, char **ret_error)
{
    const xmlError *err = xmlGetLastError();

    if (err != NULL && err->message != NULL) {
        g_autofree char *msg = g_strchomp(g_strdup(err->message));

        *ret_error = g_strdup_printf("%s:%d: %s", name, err->line, msg);
    } else {
        *ret_error = g_strdup_printf("%s: not well-formed XML", name);
    }
    return -HA_EBADXML;
}

/* Handle the element the reader is on; sets *ret_skip if the reader must
 * move past its subtree rather than into it. */
static int
take_element(xmlTextReader *reader, const char *name, xmlDoc *xml,
             gboolean *ret_skip, char **ret_error)
{
    const struct ha_xml_limits *lim = ha_xml_default_limits();
    xmlNode *cur = xmlTextReaderCurrentNode(reader);
    xmlNode *root = xmlDocGetRootElement(xml);
    xmlNode *node;
    xmlNode *copy;

    *ret_skip = FALSE;
    if (xmlTextReaderDepth(reader) == 0) {
        (void) xmlDocSetRootElement(xml, xmlDocCopyNode(cur, xml, 2));
        return 0;
    }
    if (xmlTextReaderDepth(reader) != 1) {
        return 0;
    }
    *ret_skip = TRUE;
    if (ha_xml_is(cur, HA_XE_STATUS)) {
        return 0;
    }
    node = xmlTextReaderExpand(reader);
    if (node == NULL) {
        return -HA_EBADXML;
    }
    copy = xmlDocCopyNode(node, xml, 1);
    (void) xmlAddChild(root, copy);
    return check_subtree(copy, 2, name, lim, ret_error);
}

int
ha_store_stream_parse(xmlTextReader *reader, const char *name,
                      xmlDoc **ret_xml, char **ret_error)
{
    g_autoptr(xmlDoc) xml = xmlNewDoc((const xmlChar *) "1.0");
    int r;

    xmlResetLastError();
    r = xmlTextReaderRead(reader);
    while (r == 1) {
        gboolean skip = FALSE;
        int rc = ha_xml_reader_check(reader, NULL, ret_error);

        if (rc < 0) {
            return rc;
        }
        if (xmlTextReaderNodeType(reader) == XML_READER_TYPE_ELEMENT) {
            rc = take_element(reader, name, xml, &skip, ret_error);
            if (rc == -HA_EBADXML && *ret_error == NULL) {
                return reader_failed(name, ret_error);
            }
            if (rc < 0) {
                return rc;
            }
        }
        r = skip ? xmlTextReaderNext(reader) : xmlTextReaderRead(reader);
    }
    if (r < 0 || xmlDocGetRootElement(xml) == NULL) {
        return reader_failed(name, ret_error);
    }
    *ret_xml = g_steal_pointer(&xml);
    return 0;
}
