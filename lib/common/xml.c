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
    .max_children = HA_XML_MAX_CHILDREN,
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

/* Bytes allowed between two '<': an attribute value cannot contain '<',
 * so a value over the attribute limit makes a run over this one, found in
 * one pass over the raw bytes before the parser spends time on it. */
static gsize
run_limit(const struct ha_xml_limits *lim)
{
    return 2 * lim->max_attr_bytes + 4096;
}

/* Add @len bytes at @p to *@run, the bytes since the last '<'; FALSE as
 * soon as the run is over @max. */
static gboolean
run_within(const char *p, gsize len, gsize *run, gsize max)
{
    const char *end = p + len;

    while (p < end) {
        const char *lt = memchr(p, '<', (gsize) (end - p));

        if (lt == NULL) {
            *run += (gsize) (end - p);
            return *run <= max;
        }
        *run += (gsize) (lt - p);
        if (*run > max) {
            return FALSE;
        }
        *run = 0;
        p = lt + 1;
    }
    return TRUE;
}

static int
run_error(const char *name, const struct ha_xml_limits *lim,
          char **ret_error)
{
    set_error(ret_error, "%s: more than %zu bytes of one tag or text: an "
              "attribute value is longer than %zu bytes", name,
              run_limit(lim), lim->max_attr_bytes);
    return -HA_ETOOBIG;
}

/* Where an element start stands: its depth, and the number of element
 * children seen so far at each level above it. */
struct xml_position {
    guint depth;
    guint *children;        /* [0 .. max_depth], by depth of the parent */
};

static void
position_init(struct xml_position *pos, const struct ha_xml_limits *lim)
{
    pos->depth = 0;
    pos->children = g_new0(guint, lim->max_depth + 1);
}

/* The limits an element start must respect, checked by the parser's own
 * callback before the element enters the tree: nothing deeper or longer
 * than the limits is ever built, so no walk over a tree (recursive or
 * not) meets an unbounded depth, and no validation an unbounded list.
 * 0, or a negative code with @msg filled in. */
static int
check_start(void *ctx, const struct ha_xml_limits *lim,
            struct xml_position *pos, int nb_attributes,
            const xmlChar **attributes, char *msg, gsize size)
{
    guint depth = ++pos->depth;

    if (depth > lim->max_depth) {
        g_snprintf(msg, size, "line %d: elements nested deeper than %u",
                   xmlSAX2GetLineNumber(ctx), lim->max_depth);
        return -HA_ETOOBIG;
    }
    if (++pos->children[depth - 1] > lim->max_children) {
        g_snprintf(msg, size, "line %d: more than %u elements in one "
                   "element", xmlSAX2GetLineNumber(ctx), lim->max_children);
        return -HA_ETOOBIG;
    }
    if (depth < lim->max_depth) {
        pos->children[depth] = 0;
    }
    for (int i = 0; i < nb_attributes; i++) {
        gsize vlen = (gsize) (attributes[i * 5 + 4] - attributes[i * 5 + 3]);

        if (vlen > lim->max_attr_bytes) {
            g_snprintf(msg, size, "line %d: attribute '%s' is longer than "
                       "%zu bytes", xmlSAX2GetLineNumber(ctx),
                       (const char *) attributes[i * 5], lim->max_attr_bytes);
            return -HA_ETOOBIG;
        }
    }
    return 0;
}

/* ---- DOM parsing: libxml2's tree builder behind the same checks ---- */

struct dom_guard {
    const struct ha_xml_limits *limits;
    struct xml_position pos;
    int rc;
    char msg[256];
};

static void
dom_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
          const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
          int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct dom_guard *g = ((xmlParserCtxt *) ctx)->_private;
    int rc = check_start(ctx, g->limits, &g->pos, nb_attributes,
                         attributes, g->msg, sizeof(g->msg));

    if (rc < 0) {
        g->rc = rc;
        xmlStopParser(ctx);
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted, attributes);
}

static void
dom_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
        const xmlChar *uri)
{
    struct dom_guard *g = ((xmlParserCtxt *) ctx)->_private;

    g->pos.depth--;
    xmlSAX2EndElementNs(ctx, localname, prefix, uri);
}

static void
dom_internal_subset(void *ctx, const xmlChar *name, const xmlChar *ext_id,
                    const xmlChar *sys_id)
{
    struct dom_guard *g = ((xmlParserCtxt *) ctx)->_private;

    (void) name;
    (void) ext_id;
    (void) sys_id;
    g->rc = -HA_EBADXML;
    g_strlcpy(g->msg, "document type declarations and entities are not "
              "accepted", sizeof(g->msg));
    xmlStopParser(ctx);
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

/* What ha stores and sends is UTF-8 text: a byte-order mark of UTF-16 or
 * UTF-32, a NUL byte at the start, or an XML declaration naming another
 * encoding is refused (libxml2 would convert some and not others). */
static gboolean
prolog_not_utf8(const char *data, gsize len)
{
    const guchar *u = (const guchar *) data;
    const char *end;
    const char *enc;
    char quote;
    gsize n;

    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF)
                     || (u[0] == 0xFF && u[1] == 0xFE))) {
        return TRUE;
    }
    if (memchr(data, '\0', MIN(len, 4)) != NULL) {
        return TRUE;
    }
    if (len < 5 || strncmp(data, "<?xml", 5) != 0
        || (end = g_strstr_len(data, (gssize) MIN(len, 512), "?>")) == NULL
        || (enc = g_strstr_len(data, end - data, "encoding")) == NULL) {
        return FALSE;
    }
    enc += strlen("encoding");
    enc += strspn(enc, " \t\r\n=");
    quote = *enc++;
    n = strcspn(enc, "'\"?");
    if ((quote != '"' && quote != '\'') || enc + n >= end) {
        return FALSE;   /* malformed: the parser says so */
    }
    return !((n == 5 && g_ascii_strncasecmp(enc, "UTF-8", 5) == 0)
             || (n == 4 && g_ascii_strncasecmp(enc, "UTF8", 4) == 0)
             || (n == 8 && g_ascii_strncasecmp(enc, "US-ASCII", 8) == 0)
             || (n == 5 && g_ascii_strncasecmp(enc, "ASCII", 5) == 0));
}

static int
not_utf8_error(const char *name, char **ret_error)
{
    set_error(ret_error, "%s: not UTF-8 text (ha reads UTF-8 only)", name);
    return -HA_EBADXML;
}

int
ha_xml_parse_memory(const char *data, gsize len, const char *name,
                    const struct ha_xml_limits *limits, xmlDoc **ret_doc,
                    char **ret_error)
{
    g_autoptr(xmlDoc) doc = NULL;
    struct dom_guard guard = { 0 };
    xmlParserCtxt *ctxt;
    gsize run = 0;
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
    if (prolog_not_utf8(data, len)) {
        return not_utf8_error(name, ret_error);
    }
    if (!run_within(data, len, &run, run_limit(limits))) {
        return run_error(name, limits, ret_error);
    }
    ctxt = xmlNewParserCtxt();
    if (ctxt == NULL) {
        return -ENOMEM;
    }
    guard.limits = limits;
    position_init(&guard.pos, limits);
    ctxt->_private = &guard;
    ctxt->sax->startElementNs = dom_start;
    ctxt->sax->endElementNs = dom_end;
    ctxt->sax->internalSubset = dom_internal_subset;
    doc = xmlCtxtReadMemory(ctxt, data, (int) len, name, NULL,
                            HA_XML_PARSE_OPTIONS);
    rc = guard.rc;
    if (rc < 0) {
        set_error(ret_error, "%s: %s", name, guard.msg);
    } else if (doc == NULL || !ctxt->wellFormed) {
        set_error_from_libxml(ret_error, name, xmlCtxtGetLastError(ctxt));
        rc = -HA_EBADXML;
    } else if (xmlDocGetRootElement(doc) == NULL) {
        set_error(ret_error, "%s: no root element", name);
        rc = -HA_EBADXML;
    }
    xmlFreeParserCtxt(ctxt);
    g_free(guard.pos.children);
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
    struct xml_position pos;
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
    char msg[256];
    int rc;

    if (w->rc != 0) {
        return;
    }
    rc = check_start(ctx, w->limits, &w->pos, nb_attributes, attributes,
                     msg, sizeof(msg));
    if (rc < 0) {
        ha_xml_sax_fail(ctx, rc, msg);
        return;
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
    w->pos.depth--;
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

/* The bytes a pull parser reads: from @feed, counted against the size
 * limit, the first chunk looked at for a document type declaration. */
struct sax_input {
    gssize (*feed)(void *src, char *buf, gsize len);
    void *src;
    gsize total;
    gsize run;              /* bytes since the last '<' */
    const struct ha_xml_limits *limits;
    gboolean started;
    int rc;
};

static int
sax_input_read(void *ctx, char *buf, int len)
{
    struct sax_input *in = ctx;
    gssize got = in->feed(in->src, buf, (gsize) MAX(len, 0));

    if (got < 0) {
        in->rc = (int) got;
        return -1;
    }
    in->total += (gsize) got;
    if (in->total > in->limits->max_bytes) {
        in->rc = -HA_ETOOBIG;
        return -1;
    }
    if (!run_within(buf, (gsize) got, &in->run, run_limit(in->limits))) {
        in->rc = -E2BIG;    /* told apart from the size limit */
        return -1;
    }
    if (!in->started && prolog_has_doctype(buf, (gsize) got)) {
        in->rc = -HA_EBADXML;
        return -1;
    }
    if (!in->started && prolog_not_utf8(buf, (gsize) got)) {
        in->rc = -EILSEQ;   /* told apart from a document type */
        return -1;
    }
    in->started = TRUE;
    return (int) got;
}

static void
sax_handler_init(xmlSAXHandler *sax)
{
    memset(sax, 0, sizeof(*sax));
    sax->initialized = XML_SAX2_MAGIC;
    sax->startDocument = sax_start_document;
    sax->endDocument = sax_end_document;
    sax->startElementNs = sax_start;
    sax->endElementNs = sax_end;
    sax->characters = sax_characters;
    sax->internalSubset = sax_internal_subset;
}

static int
sax_input_error(const struct sax_input *in, const char *name,
                const struct ha_xml_limits *limits, char **ret_error)
{
    if (in->rc == -E2BIG) {
        return run_error(name, limits, ret_error);
    }
    if (in->rc == -EILSEQ) {
        return not_utf8_error(name, ret_error);
    }
    if (in->rc == -HA_ETOOBIG) {
        set_error(ret_error, "%s: over the limit of %zu bytes", name,
                  limits->max_bytes);
    } else if (in->rc == -HA_EBADXML) {
        set_error(ret_error, "%s: document type declarations and entities "
                  "are not accepted", name);
    } else {
        set_error(ret_error, "%s: %s", name, g_strerror(-in->rc));
    }
    return in->rc;
}

/* Parse with SAX2, pulling the bytes from @feed (it returns the number of
 * bytes written to buf, 0 at the end, -errno on error).  A pull parser
 * takes time in proportion to the input whatever the size of one token
 * (a push parser fed in chunks rescans a long attribute value at each). */
static int
sax_parse(const char *name, const struct ha_xml_limits *limits,
          const xmlSAXHandler *handler, void *user_data,
          gssize (*feed)(void *src, char *buf, gsize len), void *src,
          xmlDoc **ret_doc, char **ret_error)
{
    struct sax_wrap w = { .user = handler, .user_data = user_data };
    struct sax_input in = { .feed = feed, .src = src };
    xmlSAXHandler sax;
    xmlParserCtxt *ctxt;
    int rc = 0;

    w.limits = (limits != NULL) ? limits : &default_limits;
    in.limits = w.limits;
    sax_handler_init(&sax);
    ctxt = xmlCreateIOParserCtxt(&sax, NULL, sax_input_read, NULL, &in,
                                 XML_CHAR_ENCODING_NONE);
    if (ctxt == NULL) {
        if (in.rc < 0) {
            return sax_input_error(&in, name, w.limits, ret_error);
        }
        set_error(ret_error, "%s: could not create an XML parser", name);
        return -ENOMEM;
    }
    (void) xmlCtxtUseOptions(ctxt, HA_XML_PARSE_OPTIONS);
    position_init(&w.pos, w.limits);
    ctxt->_private = &w;
    ctxt->userData = ctxt;
    if (ctxt->input != NULL && ctxt->input->filename == NULL) {
        ctxt->input->filename = (char *) xmlStrdup((const xmlChar *) name);
    }
    (void) xmlParseDocument(ctxt);
    if (in.rc < 0) {
        rc = sax_input_error(&in, name, w.limits, ret_error);
    } else if (w.rc != 0) {
        rc = w.rc;
        set_error(ret_error, "%s: %s", name, w.error);
    } else if (!ctxt->wellFormed) {
        set_error_from_libxml(ret_error, name, xmlCtxtGetLastError(ctxt));
        rc = -HA_EBADXML;
    }
    g_free(w.error);
    g_free(w.pos.children);
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
