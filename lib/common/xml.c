/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/common/xml.c - libxml2 with the network, DTDs and entities off. */
#include "config.h"

#include <zlib.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "common/results.h"
#include "common/xml.h"

#include <libxml/SAX2.h>

/* No NOENT (no entity substitution), no DTDLOAD/DTDATTR, no XINCLUDE.
 * HUGE lifts libxml2's 10 MB lookup limit, which a 32-node CIB with its
 * status exceeds; what HUGE would otherwise guard (entity expansion) is
 * refused before parsing, and our own limits bound size, depth and
 * attribute length. */
#define HA_XML_PARSE_OPTIONS (XML_PARSE_NONET | XML_PARSE_NOWARNING \
                              | XML_PARSE_NOERROR | XML_PARSE_NOCDATA \
                              | XML_PARSE_HUGE)

static const struct ha_xml_limits default_limits = {
    .max_bytes = HA_XML_MAX_BYTES,
    .max_depth = HA_XML_MAX_DEPTH,
    .max_attr_bytes = HA_XML_MAX_ATTR_BYTES,
};

const struct ha_xml_limits *
ha_xml_default_limits(void)
{
    return &default_limits;
}

static void
set_error(char **ret_error, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
set_error(char **ret_error, const char *fmt, ...)
{
    va_list ap;

    if (ret_error == NULL) {
        return;
    }
    va_start(ap, fmt);
    g_free(*ret_error);
    *ret_error = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

static void
set_error_from_libxml(char **ret_error, const char *name,
                      const xmlError *err)
{
    if (err == NULL || err->message == NULL) {
        set_error(ret_error, "%s: not well-formed XML", name);
        return;
    }
    g_autofree char *msg = g_strchomp(g_strdup(err->message));

    set_error(ret_error, "%s:%d: %s", name, err->line, msg);
}

/* Walk the tree and enforce depth and attribute size limits. */
static int
check_tree(const xmlNode *node, guint depth, const struct ha_xml_limits *lim,
           const char *name, char **ret_error)
{
    for (; node != NULL; node = node->next) {
        if (node->type == XML_DTD_NODE || node->type == XML_ENTITY_REF_NODE
            || node->type == XML_ENTITY_DECL) {
            set_error(ret_error, "%s: document type declarations and "
                      "entities are not accepted", name);
            return -HA_EBADXML;
        }
        if (node->type != XML_ELEMENT_NODE) {
            continue;
        }
        if (depth > lim->max_depth) {
            set_error(ret_error, "%s:%ld: elements nested deeper than %u",
                      name, (long) xmlGetLineNo(node), lim->max_depth);
            return -HA_ETOOBIG;
        }
        for (const xmlAttr *a = node->properties; a != NULL; a = a->next) {
            const xmlNode *t = a->children;

            if (t != NULL && t->content != NULL
                && strlen((const char *) t->content) > lim->max_attr_bytes) {
                set_error(ret_error, "%s:%ld: attribute '%s' of <%s> is "
                          "longer than %zu bytes", name,
                          (long) xmlGetLineNo(node), (const char *) a->name,
                          (const char *) node->name, lim->max_attr_bytes);
                return -HA_ETOOBIG;
            }
        }
        if (node->children != NULL) {
            int rc = check_tree(node->children, depth + 1, lim, name,
                                ret_error);

            if (rc < 0) {
                return rc;
            }
        }
    }
    return 0;
}

/* A document type declaration can only stand before the root element, so
 * looking at the prolog is enough to refuse DTDs (and with them external
 * entities and entity bombs) before libxml2 sees them. */
static gboolean
prolog_has_doctype(const char *data, gsize len)
{
    gsize i = 0;

    while (i < len) {
        const char *lt = memchr(data + i, '<', len - i);

        if (lt == NULL) {
            return FALSE;
        }
        i = (gsize) (lt - data);
        if (len - i >= 9 && g_ascii_strncasecmp(lt, "<!DOCTYPE", 9) == 0) {
            return TRUE;
        }
        if (len - i >= 4 && strncmp(lt, "<!--", 4) == 0) {
            const char *end = g_strstr_len(lt + 4, (gssize) (len - i - 4), "-->");

            if (end == NULL) {
                return FALSE;
            }
            i = (gsize) (end - data) + 3;
            continue;
        }
        if (len - i >= 2 && lt[1] == '?') {
            const char *end = g_strstr_len(lt + 2, (gssize) (len - i - 2), "?>");

            if (end == NULL) {
                return FALSE;
            }
            i = (gsize) (end - data) + 2;
            continue;
        }
        return FALSE;   /* the root element starts here */
    }
    return FALSE;
}

int
ha_xml_parse_memory(const char *data, gsize len, const char *name,
                    const struct ha_xml_limits *limits, xmlDoc **ret_doc,
                    char **ret_error)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlParserCtxt *ctxt;
    int rc;

    if (limits == NULL) {
        limits = &default_limits;
    }
    if (name == NULL) {
        name = "input";
    }
    if (len > limits->max_bytes || len > G_MAXINT) {
        set_error(ret_error, "%s: %" G_GSIZE_FORMAT " bytes is over the "
                  "limit of %zu", name, len, limits->max_bytes);
        return -HA_ETOOBIG;
    }
    if (prolog_has_doctype(data, len)) {
        set_error(ret_error, "%s: document type declarations and entities "
                  "are not accepted", name);
        return -HA_EBADXML;
    }
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        return -ENOMEM;
    }
    doc = xmlCtxtReadMemory(ctxt, data, (int) len, name, NULL,
                            HA_XML_PARSE_OPTIONS);
    if (doc == NULL || !ctxt->wellFormed) {
        set_error_from_libxml(ret_error, name, xmlCtxtGetLastError(ctxt));
        xmlFreeParserCtxt(ctxt);
        return -HA_EBADXML;
    }
    xmlFreeParserCtxt(ctxt);
    if (xmlDocGetRootElement(doc) == NULL) {
        set_error(ret_error, "%s: no root element", name);
        return -HA_EBADXML;
    }
    rc = check_tree(doc->children, 1, limits, name, ret_error);
    if (rc < 0) {
        return rc;
    }
    *ret_doc = g_steal_pointer(&doc);
    return 0;
}

int
ha_xml_parse_file(const char *path, const struct ha_xml_limits *limits,
                  xmlDoc **ret_doc, char **ret_error)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) error = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, &error)) {
        set_error(ret_error, "Could not read '%s': %s", path, error->message);
        return ha_rc_from_gerror(error);
    }
    return ha_xml_parse_memory(data, len, path, limits, ret_doc, ret_error);
}

static int
reader_setup(xmlTextReader *reader, xmlTextReader **ret_reader)
{
    if (reader == NULL) {
        return -HA_EBADXML;
    }
    *ret_reader = reader;
    return 0;
}

int
ha_xml_reader_open_file(const char *path, const struct ha_xml_limits *limits,
                        xmlTextReader **ret_reader, char **ret_error)
{
    char head[4096];
    gsize got = 0;
    FILE *f;
    struct stat st;
    int rc;

    if (limits == NULL) {
        limits = &default_limits;
    }
    f = fopen(path, "re");
    if (f == NULL) {
        rc = -errno;
        set_error(ret_error, "Could not open '%s': %s", path, g_strerror(-rc));
        return rc;
    }
    if (fstat(fileno(f), &st) == 0 && (gsize) st.st_size > limits->max_bytes) {
        fclose(f);
        set_error(ret_error, "%s: %lld bytes is over the limit of %zu", path,
                  (long long) st.st_size, limits->max_bytes);
        return -HA_ETOOBIG;
    }
    got = fread(head, 1, sizeof(head), f);
    fclose(f);
    if (prolog_has_doctype(head, got)) {
        set_error(ret_error, "%s: document type declarations and entities "
                  "are not accepted", path);
        return -HA_EBADXML;
    }
    rc = reader_setup(xmlReaderForFile(path, NULL, HA_XML_PARSE_OPTIONS),
                      ret_reader);
    if (rc < 0) {
        set_error(ret_error, "Could not read '%s'", path);
    }
    return rc;
}

int
ha_xml_reader_open_memory(const char *data, gsize len, const char *name,
                          const struct ha_xml_limits *limits,
                          xmlTextReader **ret_reader, char **ret_error)
{
    int rc;

    if (limits == NULL) {
        limits = &default_limits;
    }
    if (len > limits->max_bytes || len > G_MAXINT) {
        set_error(ret_error, "%s: %" G_GSIZE_FORMAT " bytes is over the "
                  "limit of %zu", name, len, limits->max_bytes);
        return -HA_ETOOBIG;
    }
    if (prolog_has_doctype(data, len)) {
        set_error(ret_error, "%s: document type declarations and entities "
                  "are not accepted", name);
        return -HA_EBADXML;
    }
    rc = reader_setup(xmlReaderForMemory(data, (int) len, name, NULL,
                                         HA_XML_PARSE_OPTIONS), ret_reader);
    if (rc < 0) {
        set_error(ret_error, "%s: could not create an XML reader", name);
    }
    return rc;
}

int
ha_xml_reader_check(xmlTextReader *reader, const struct ha_xml_limits *limits,
                    char **ret_error)
{
    int type = xmlTextReaderNodeType(reader);

    if (limits == NULL) {
        limits = &default_limits;
    }
    if (type == XML_READER_TYPE_DOCUMENT_TYPE
        || type == XML_READER_TYPE_ENTITY_REFERENCE
        || type == XML_READER_TYPE_ENTITY) {
        set_error(ret_error, "line %d: document type declarations and "
                  "entities are not accepted",
                  xmlTextReaderGetParserLineNumber(reader));
        return -HA_EBADXML;
    }
    if (type == XML_READER_TYPE_ELEMENT
        && (guint) xmlTextReaderDepth(reader) >= limits->max_depth) {
        set_error(ret_error, "line %d: elements nested deeper than %u",
                  xmlTextReaderGetParserLineNumber(reader), limits->max_depth);
        return -HA_ETOOBIG;
    }
    return 0;
}

xmlNode *
ha_xml_first_child(const xmlNode *node, const char *name)
{
    if (node == NULL) {
        return NULL;
    }
    for (xmlNode *c = node->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE
            && (name == NULL || xmlStrEqual(c->name, (const xmlChar *) name))) {
            return c;
        }
    }
    return NULL;
}

xmlNode *
ha_xml_next(const xmlNode *node, const char *name)
{
    if (node == NULL) {
        return NULL;
    }
    for (xmlNode *c = node->next; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE
            && (name == NULL || xmlStrEqual(c->name, (const xmlChar *) name))) {
            return c;
        }
    }
    return NULL;
}

char *
ha_xml_dump(const xmlNode *node, gboolean pretty)
{
    xmlBuffer *buf = xmlBufferCreate();
    char *out;

    (void) xmlNodeDump(buf, node->doc, (xmlNode *) node, 0, pretty ? 1 : 0);
    out = g_strndup((const char *) xmlBufferContent(buf),
                    (gsize) xmlBufferLength(buf));
    xmlBufferFree(buf);
    return out;
}

/* ---- SAX2 streaming with the same safety rules ---- */

struct sax_wrap {
    const xmlSAXHandler *user;
    void *user_data;
    const struct ha_xml_limits *limits;
    guint depth;
    int rc;
    char *error;
};

static struct sax_wrap *
sax_wrap_of(void *ctx)
{
    return ((xmlParserCtxt *) ctx)->_private;
}

void *
ha_xml_sax_user_data(void *ctx)
{
    return sax_wrap_of(ctx)->user_data;
}

void
ha_xml_sax_fail(void *ctx, int rc, const char *message)
{
    struct sax_wrap *w = sax_wrap_of(ctx);

    if (w->rc == 0) {
        w->rc = rc;
        w->error = g_strdup(message);
    }
    xmlStopParser(ctx);
}

static void
sax_start_document(void *ctx)
{
    struct sax_wrap *w = sax_wrap_of(ctx);

    if (w->user->startDocument != NULL) {
        w->user->startDocument(ctx);
    }
}

static void
sax_end_document(void *ctx)
{
    struct sax_wrap *w = sax_wrap_of(ctx);

    if (w->user->endDocument != NULL) {
        w->user->endDocument(ctx);
    }
}

static void
sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct sax_wrap *w = sax_wrap_of(ctx);
    char msg[128];

    if (w->rc != 0) {
        return;
    }
    if (++w->depth > w->limits->max_depth) {
        g_snprintf(msg, sizeof(msg), "line %d: elements nested deeper than %u",
                   xmlSAX2GetLineNumber(ctx), w->limits->max_depth);
        ha_xml_sax_fail(ctx, -HA_ETOOBIG, msg);
        return;
    }
    for (int i = 0; i < nb_attributes; i++) {
        gsize vlen = (gsize) (attributes[i * 5 + 4] - attributes[i * 5 + 3]);

        if (vlen > w->limits->max_attr_bytes) {
            g_snprintf(msg, sizeof(msg), "line %d: attribute over %zu bytes",
                       xmlSAX2GetLineNumber(ctx), w->limits->max_attr_bytes);
            ha_xml_sax_fail(ctx, -HA_ETOOBIG, msg);
            return;
        }
    }
    if (w->user->startElementNs != NULL) {
        w->user->startElementNs(ctx, localname, prefix, uri, nb_namespaces,
                                namespaces, nb_attributes, nb_defaulted,
                                attributes);
    }
}

static void
sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
        const xmlChar *uri)
{
    struct sax_wrap *w = sax_wrap_of(ctx);

    if (w->rc != 0) {
        return;
    }
    w->depth--;
    if (w->user->endElementNs != NULL) {
        w->user->endElementNs(ctx, localname, prefix, uri);
    }
}

static void
sax_characters(void *ctx, const xmlChar *ch, int len)
{
    struct sax_wrap *w = sax_wrap_of(ctx);

    if (w->rc == 0 && w->user->characters != NULL) {
        w->user->characters(ctx, ch, len);
    }
}

static void
sax_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                    const xmlChar *sys_id)
{
    (void) name;
    (void) ext_id;
    (void) sys_id;
    ha_xml_sax_fail(ctx, -HA_EBADXML, "document type declarations and "
                    "entities are not accepted");
}

/* Parse with SAX2; @feed supplies the bytes chunk by chunk (it returns the
 * number of bytes written to buf, 0 at the end, -errno on error). */
static int
sax_parse(const char *name, const struct ha_xml_limits *limits,
          const xmlSAXHandler *handler, void *user_data,
          gssize (*feed)(void *src, char *buf, gsize len), void *src,
          xmlDoc **ret_doc, char **ret_error)
{
    struct sax_wrap w = { .user = handler, .user_data = user_data };
    xmlSAXHandler sax;
    xmlParserCtxt *ctxt;
    char buf[64 * 1024];
    gsize total = 0;
    gboolean first = TRUE;
    int rc = 0;

    w.limits = (limits != NULL) ? limits : &default_limits;
    memset(&sax, 0, sizeof(sax));
    sax.initialized = XML_SAX2_MAGIC;
    sax.startDocument = sax_start_document;
    sax.endDocument = sax_end_document;
    sax.startElementNs = sax_start;
    sax.endElementNs = sax_end;
    sax.characters = sax_characters;
    sax.internalSubset = sax_internal_subset;
    ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, name);
    if (ctxt == NULL) {
        set_error(ret_error, "%s: could not create an XML parser", name);
        return -ENOMEM;
    }
    xmlCtxtUseOptions(ctxt, HA_XML_PARSE_OPTIONS);
    ctxt->_private = &w;
    ctxt->userData = ctxt;
    for (;;) {
        gssize got = feed(src, buf, sizeof(buf));

        if (got < 0) {
            rc = (int) got;
            set_error(ret_error, "%s: %s", name, g_strerror((int) -got));
            break;
        }
        total += (gsize) got;
        if (total > w.limits->max_bytes) {
            rc = -HA_ETOOBIG;
            set_error(ret_error, "%s: over the limit of %zu bytes", name,
                      w.limits->max_bytes);
            break;
        }
        if (first && prolog_has_doctype(buf, (gsize) got)) {
            rc = -HA_EBADXML;
            set_error(ret_error, "%s: document type declarations and "
                      "entities are not accepted", name);
            break;
        }
        first = FALSE;
        if (xmlParseChunk(ctxt, buf, (int) got, got == 0) != 0
            || w.rc != 0 || got == 0) {
            break;
        }
    }
    if (rc == 0 && w.rc != 0) {
        rc = w.rc;
        set_error(ret_error, "%s: %s", name, w.error);
    } else if (rc == 0 && !ctxt->wellFormed) {
        set_error_from_libxml(ret_error, name, xmlCtxtGetLastError(ctxt));
        rc = -HA_EBADXML;
    }
    g_free(w.error);
    if (rc == 0 && ret_doc != NULL) {
        *ret_doc = ctxt->myDoc;
        ctxt->myDoc = NULL;
    }
    if (ctxt->myDoc != NULL) {
        xmlFreeDoc(ctxt->myDoc);
        ctxt->myDoc = NULL;
    }
    xmlFreeParserCtxt(ctxt);
    return rc;
}

struct mem_src {
    const char *data;
    gsize len, pos;
};

static gssize
feed_memory(void *src, char *buf, gsize len)
{
    struct mem_src *m = src;
    gsize n = MIN(len, m->len - m->pos);

    memcpy(buf, m->data + m->pos, n);
    m->pos += n;
    return (gssize) n;
}

/* zlib reads plain and gzip-compressed files alike (saved scheduler
 * inputs are compressed). */
static gssize
feed_file(void *src, char *buf, gsize len)
{
    int n = gzread(src, buf, (unsigned) MIN(len, (gsize) G_MAXINT));

    return (n < 0) ? -EIO : (gssize) n;
}

int
ha_xml_sax_parse_memory(const char *data, gsize len, const char *name,
                        const struct ha_xml_limits *limits,
                        const xmlSAXHandler *handler, void *user_data,
                        xmlDoc **ret_doc, char **ret_error)
{
    struct mem_src m = { .data = data, .len = len };

    if (len > G_MAXINT) {
        set_error(ret_error, "%s: too big", name);
        return -HA_ETOOBIG;
    }
    return sax_parse(name, limits, handler, user_data, feed_memory, &m,
                     ret_doc, ret_error);
}

int
ha_xml_sax_parse_file(const char *path, const struct ha_xml_limits *limits,
                      const xmlSAXHandler *handler, void *user_data,
                      xmlDoc **ret_doc, char **ret_error)
{
    gzFile f = gzopen(path, "rbe");
    int rc;

    if (f == NULL) {
        rc = (errno != 0) ? -errno : -ENOMEM;
        set_error(ret_error, "Could not open '%s': %s", path, g_strerror(-rc));
        return rc;
    }
    rc = sax_parse(path, limits, handler, user_data, feed_file, f, ret_doc,
                   ret_error);
    gzclose(f);
    return rc;
}

/* The first validity error of a DTD check, kept as the message. */
static void
dtd_error(void *user, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
dtd_error(void *user, const char *fmt, ...)
{
    char **first = user;
    va_list ap;

    if (*first == NULL) {
        va_start(ap, fmt);
        *first = g_strchomp(g_strdup_vprintf(fmt, ap));
        va_end(ap);
    }
}

int
ha_xml_validate_dtd_file(xmlDoc *doc, const char *dtd_path, char **ret_error)
{
    g_autofree char *first = NULL;
    xmlValidCtxt *vctxt;
    xmlDtd *dtd;
    int valid;

    if (!g_file_test(dtd_path, G_FILE_TEST_IS_REGULAR)) {
        set_error(ret_error, "%s: not found", dtd_path);
        return -ENOENT;
    }
    dtd = xmlParseDTD(NULL, (const xmlChar *) dtd_path);
    if (dtd == NULL) {
        set_error(ret_error, "%s: not a DTD", dtd_path);
        return -HA_EBADXML;
    }
    vctxt = xmlNewValidCtxt();
    if (vctxt == NULL) {
        xmlFreeDtd(dtd);
        return -ENOMEM;
    }
    vctxt->userData = &first;
    vctxt->error = dtd_error;
    vctxt->warning = NULL;
    valid = xmlValidateDtd(vctxt, doc, dtd);
    xmlFreeValidCtxt(vctxt);
    xmlFreeDtd(dtd);
    if (!valid) {
        set_error(ret_error, "%s", first != NULL ? first : "not valid");
        return -HA_EBADXML;
    }
    return 0;
}
