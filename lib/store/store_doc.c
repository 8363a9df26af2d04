/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_doc.c - the document object: load, normalize, canonical
 * text and digest, versions, serialization, lookups.
 *
 * Mutations are in store_doc_edit.c, validation in store_validate.c,
 * legacy rewriting in store_upgrade.c, diff/patch in store_diff.c.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "common/xml.h"
#include "store/store_doc.h"
#include "store/store_doc_private.h"
#include "store/store_names.h"

/* ---- errors ------------------------------------------------------------ */

GPtrArray *
ha_store_errors_new(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

void
ha_store_errors_add(GPtrArray *errors, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    g_ptr_array_add(errors, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

char *
ha_store_node_label(const xmlNode *node)
{
    const char *id = ha_xml_attr(node, HA_XA_ID);

    if (id == NULL) {
        return g_strdup_printf("<%s> (line %ld)", (const char *) node->name,
                               (long) xmlGetLineNo(node));
    }
    return g_strdup_printf("%s '%s'", (const char *) node->name, id);
}

/* ---- canonical text ---------------------------------------------------- */

static void
canon_escape(GString *out, const char *s, gboolean attr)
{
    for (; *s != '\0'; s++) {
        switch (*s) {
        case '&': g_string_append(out, "&amp;"); break;
        case '<': g_string_append(out, "&lt;"); break;
        case '>': g_string_append(out, "&gt;"); break;
        case '"': g_string_append(out, attr ? "&quot;" : "\""); break;
        case '\t': g_string_append(out, attr ? "&#9;" : "\t"); break;
        case '\n': g_string_append(out, attr ? "&#10;" : "\n"); break;
        case '\r': g_string_append(out, "&#13;"); break;
        default: g_string_append_c(out, *s); break;
        }
    }
}

static int
attr_cmp(gconstpointer a, gconstpointer b)
{
    const xmlAttr *x = *(const xmlAttr * const *) a;
    const xmlAttr *y = *(const xmlAttr * const *) b;

    return strcmp((const char *) x->name, (const char *) y->name);
}

static void
canon_name(GString *out, const xmlNode *node)
{
    if (node->ns != NULL && node->ns->prefix != NULL) {
        g_string_append_printf(out, "%s:", (const char *) node->ns->prefix);
    }
    g_string_append(out, (const char *) node->name);
}

static void
canon_attrs(GString *out, const xmlNode *node)
{
    g_autoptr(GPtrArray) attrs = g_ptr_array_new();

    for (xmlAttr *a = node->properties; a != NULL; a = a->next) {
        g_ptr_array_add(attrs, a);
    }
    g_ptr_array_sort(attrs, attr_cmp);
    for (guint i = 0; i < attrs->len; i++) {
        const xmlAttr *a = g_ptr_array_index(attrs, i);
        const char *v = (a->children != NULL && a->children->content != NULL)
                        ? (const char *) a->children->content : "";

        g_string_append_c(out, ' ');
        if (a->ns != NULL && a->ns->prefix != NULL) {
            g_string_append_printf(out, "%s:", (const char *) a->ns->prefix);
        }
        g_string_append_printf(out, "%s=\"", (const char *) a->name);
        canon_escape(out, v, TRUE);
        g_string_append_c(out, '"');
    }
}

void
ha_store_canon_append(GString *out, const xmlNode *node)
{
    if (node->type == XML_TEXT_NODE || node->type == XML_CDATA_SECTION_NODE) {
        canon_escape(out, (const char *) node->content, FALSE);
        return;
    }
    if (node->type != XML_ELEMENT_NODE) {
        return;
    }
    g_string_append_c(out, '<');
    canon_name(out, node);
    canon_attrs(out, node);
    if (node->children == NULL) {
        g_string_append(out, "/>");
        return;
    }
    g_string_append_c(out, '>');
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        ha_store_canon_append(out, c);
    }
    g_string_append(out, "</");
    canon_name(out, node);
    g_string_append_c(out, '>');
}

void
ha_store_canon_digest(const xmlNode *node, char ret_hex[HA_STORE_DIGEST_LEN])
{
    g_autoptr(GString) text = g_string_new(NULL);
    g_autofree char *hex = NULL;

    if (node != NULL) {
        ha_store_canon_append(text, node);
    }
    hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                      (const guchar *) text->str, text->len);
    g_strlcpy(ret_hex, hex, HA_STORE_DIGEST_LEN);
}

/* ---- normalization ----------------------------------------------------- */

static gboolean
text_is_blank(const xmlNode *node)
{
    for (const xmlChar *p = node->content; p != NULL && *p != '\0'; p++) {
        if (!g_ascii_isspace(*p)) {
            return FALSE;
        }
    }
    return TRUE;
}

void
ha_store_normalize(xmlNode *node)
{
    xmlNode *c = node->children;

    while (c != NULL) {
        xmlNode *next = c->next;
        gboolean drop = (c->type == XML_COMMENT_NODE || c->type == XML_PI_NODE
                         || (c->type == XML_TEXT_NODE && text_is_blank(c)));

        if (drop) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            ha_store_normalize(c);
        }
        c = next;
    }
}

xmlNode *
ha_store_xml_config(const xmlDoc *xml)
{
    return ha_xml_first_child(xmlDocGetRootElement(xml), HA_XE_CONFIGURATION);
}

/* ---- lifetime ---------------------------------------------------------- */

ha_store_doc_t *
ha_store_doc_wrap(xmlDoc *xml)
{
    ha_store_doc_t *doc = g_new0(ha_store_doc_t, 1);

    doc->refs = 1;
    doc->xml = xml;
    ha_store_canon_digest(ha_store_xml_config(xml), doc->digest);
    return doc;
}

ha_store_doc_t *
ha_store_doc_ref(ha_store_doc_t *doc)
{
    if (doc != NULL) {
        g_atomic_int_inc(&doc->refs);
    }
    return doc;
}

ha_store_doc_t *
ha_store_doc_unref(ha_store_doc_t *doc)
{
    if (doc != NULL && g_atomic_int_dec_and_test(&doc->refs)) {
        xmlFreeDoc(doc->xml);
        g_free(doc);
    }
    return NULL;
}

ha_store_doc_t *
ha_store_doc_copy(const ha_store_doc_t *doc)
{
    return ha_store_doc_wrap(xmlCopyDoc(doc->xml, 1));
}

/* ---- loading ----------------------------------------------------------- */

int
ha_store_doc_commit(xmlDoc *xml, enum ha_store_check check,
                    ha_store_doc_t **ret_doc, GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) owned = xml;
    g_autoptr(GPtrArray) errors = ha_store_errors_new();

    if (check != HA_STORE_CHECK_NONE) {
        int rc = ha_store_validate_xml(owned, check, errors);

        if (rc < 0) {
            if (ret_errors != NULL) {
                *ret_errors = g_steal_pointer(&errors);
            }
            return rc;
        }
    }
    *ret_doc = ha_store_doc_wrap(g_steal_pointer(&owned));
    return 0;
}

/* The root must be <cib> with a <configuration>, and the version counters
 * must be numbers: everything else in the store relies on that. */
static int
check_shape(const xmlDoc *xml, const char *name, GPtrArray *errors)
{
    const xmlNode *root = xmlDocGetRootElement(xml);
    static const char *const counters[] = {
        HA_XA_ADMIN_EPOCH, HA_XA_EPOCH, HA_XA_NUM_UPDATES,
    };

    if (!ha_xml_is(root, HA_XE_CIB)) {
        ha_store_errors_add(errors, "%s: the root element is <%s>, not <cib>",
                            name, (const char *) root->name);
        return -HA_EBADXML;
    }
    if (ha_store_xml_config(xml) == NULL) {
        ha_store_errors_add(errors, "%s: <cib> has no <configuration>", name);
        return -HA_EBADXML;
    }
    for (guint i = 0; i < G_N_ELEMENTS(counters); i++) {
        guint64 v;

        if (ha_store_counter_parse(ha_xml_attr(root, counters[i]), &v) < 0) {
            ha_store_errors_add(errors, "%s: cib: %s '%s' is not a "
                                "non-negative integer", name, counters[i],
                                ha_xml_attr(root, counters[i]));
            return -HA_EBADXML;
        }
    }
    return 0;
}

static void
drop_status(xmlDoc *xml)
{
    xmlNode *status = ha_xml_first_child(xmlDocGetRootElement(xml),
                                         HA_XE_STATUS);

    if (status != NULL) {
        xmlUnlinkNode(status);
        xmlFreeNode(status);
    }
}

/* Without status, stream (see store_doc_stream.c); else a plain DOM parse.
 * Exactly one of @data and @path is used. */
static int
parse_input(const char *data, gsize len, const char *path, const char *name,
            uint32_t flags, xmlDoc **ret_xml, char **ret_msg)
{
    if (!(flags & HA_STORE_LOAD_NO_STATUS)) {
        return (path != NULL) ? ha_xml_parse_file(path, NULL, ret_xml, ret_msg)
               : ha_xml_parse_memory(data, len, name, NULL, ret_xml, ret_msg);
    }
    return ha_store_stream_parse(data, len, path, name, ret_xml, ret_msg);
}

static int
load_any(const char *data, gsize len, const char *path, const char *name,
         uint32_t flags, ha_store_doc_t **ret_doc, GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) xml = NULL;
    g_autoptr(GPtrArray) errors = ha_store_errors_new();
    g_autofree char *msg = NULL;
    enum ha_store_check check = HA_STORE_CHECK_LOAD;
    int rc;

    rc = parse_input(data, len, path, name, flags, &xml, &msg);
    if (rc < 0) {
        ha_store_errors_add(errors, "%s", msg != NULL ? msg : ha_strerror(rc));
        goto fail;
    }
    rc = check_shape(xml, name, errors);
    if (rc < 0) {
        goto fail;
    }
    ha_store_normalize(xmlDocGetRootElement(xml));
    if (!(flags & HA_STORE_LOAD_NO_UPGRADE)) {
        ha_store_upgrade(xml);
    }
    if (flags & HA_STORE_LOAD_NO_VALIDATE) {
        check = HA_STORE_CHECK_NONE;
    } else if (flags & HA_STORE_LOAD_STRICT) {
        check = HA_STORE_CHECK_STRICT;
    }
    return ha_store_doc_commit(g_steal_pointer(&xml), check, ret_doc,
                               ret_errors);

fail:
    if (ret_errors != NULL) {
        *ret_errors = g_steal_pointer(&errors);
    }
    return rc;
}

int
ha_store_doc_load_memory(const char *data, gsize len, const char *name,
                         uint32_t flags, ha_store_doc_t **ret_doc,
                         GPtrArray **ret_errors)
{
    ha_assert((data != NULL || len == 0) && ret_doc != NULL);
    return load_any(data, len, NULL, (name != NULL) ? name : "input", flags,
                    ret_doc, ret_errors);
}

int
ha_store_doc_load_file(const char *path, uint32_t flags,
                       ha_store_doc_t **ret_doc, GPtrArray **ret_errors)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) error = NULL;
    gsize len = 0;

    ha_assert(path != NULL && ret_doc != NULL);
    if (flags & HA_STORE_LOAD_NO_STATUS) {
        return load_any(NULL, 0, path, path, flags, ret_doc, ret_errors);
    }
    if (!g_file_get_contents(path, &data, &len, &error)) {
        if (ret_errors != NULL) {
            *ret_errors = ha_store_errors_new();
            ha_store_errors_add(*ret_errors, "Could not read '%s': %s", path,
                                error->message);
        }
        return ha_rc_from_gerror(error);
    }
    return ha_store_doc_load_memory(data, len, path, flags, ret_doc,
                                    ret_errors);
}

int
ha_store_doc_check_file(const char *path, GPtrArray **ret_errors)
{
    g_autoptr(ha_store_doc_t) doc = NULL;

    return ha_store_doc_load_file(path, HA_STORE_LOAD_STRICT, &doc,
                                  ret_errors);
}

int
ha_store_doc_validate(const ha_store_doc_t *doc, GPtrArray **ret_errors)
{
    g_autoptr(GPtrArray) errors = ha_store_errors_new();
    /* validation sets <status> aside for a moment: work on a private copy
     * so readers of the shared document never see that */
    g_autoptr(xmlDoc) copy = xmlCopyDoc(doc->xml, 1);
    int rc = ha_store_validate_xml(copy, HA_STORE_CHECK_STRICT, errors);

    if (rc < 0 && ret_errors != NULL) {
        *ret_errors = g_steal_pointer(&errors);
    }
    return rc;
}

ha_store_doc_t *
ha_store_doc_new_empty(void)
{
    static const char empty[] =
        "<cib validate-with=\"" HA_STORE_VALIDATE_WITH "\" admin_epoch=\"0\""
        " epoch=\"0\" num_updates=\"0\"><configuration><crm_config/><nodes/>"
        "<resources/><constraints/></configuration><status/></cib>";
    ha_store_doc_t *doc = NULL;
    int rc = ha_store_doc_load_memory(empty, sizeof(empty) - 1, "empty",
                                      HA_STORE_LOAD_NO_VALIDATE, &doc, NULL);

    ha_assert(rc == 0);
    return doc;
}

/* ---- reading ----------------------------------------------------------- */

const xmlDoc *
ha_store_doc_xml(const ha_store_doc_t *doc)
{
    return doc->xml;
}

const xmlNode *
ha_store_doc_section(const ha_store_doc_t *doc, const char *name)
{
    if (g_strcmp0(name, HA_XE_STATUS) == 0) {
        return ha_xml_first_child(xmlDocGetRootElement(doc->xml), name);
    }
    return ha_xml_first_child(ha_store_xml_config(doc->xml), name);
}

static const xmlNode *
find_id_below(const xmlNode *node, const char *id)
{
    for (const xmlNode *c = ha_xml_first_child(node, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        const xmlNode *hit;

        if (g_strcmp0(ha_xml_attr(c, HA_XA_ID), id) == 0
            && ha_xml_attr(c, HA_XA_ID_REF) == NULL
            && !ha_xml_is(c, HA_XE_RESOURCE_REF)
            && !ha_xml_is(c, HA_XE_OBJ_REF)) {
            return c;
        }
        hit = find_id_below(c, id);
        if (hit != NULL) {
            return hit;
        }
    }
    return NULL;
}

const xmlNode *
ha_store_doc_find_id(const ha_store_doc_t *doc, const char *section,
                     const char *id)
{
    const xmlNode *top = (section == NULL)
                         ? xmlDocGetRootElement(doc->xml)
                         : ha_store_doc_section(doc, section);

    return (top == NULL || id == NULL) ? NULL : find_id_below(top, id);
}

const char *
ha_store_doc_property(const ha_store_doc_t *doc, const char *name)
{
    const xmlNode *crm = ha_store_doc_section(doc, HA_XE_CRM_CONFIG);

    for (const xmlNode *set = ha_xml_first_child(crm, NULL); set != NULL;
         set = ha_xml_next(set, NULL)) {
        for (const xmlNode *nv = ha_xml_first_child(set, HA_XE_NVPAIR);
             nv != NULL; nv = ha_xml_next(nv, HA_XE_NVPAIR)) {
            if (g_strcmp0(ha_xml_attr(nv, HA_XA_NAME), name) == 0) {
                return ha_xml_attr(nv, HA_XA_VALUE);
            }
        }
    }
    return NULL;
}

int
ha_store_counter_parse(const char *text, guint64 *ret_value)
{
    guint64 v = 0;

    if (text == NULL) {
        *ret_value = 0;
        return 0;
    }
    if (g_ascii_string_to_unsigned(text, 10, 0, G_MAXINT32, &v, NULL)) {
        *ret_value = v;
        return 0;
    }
    return -EINVAL;
}

void
ha_store_doc_version(const ha_store_doc_t *doc,
                     struct ha_store_version *ret_version)
{
    const xmlNode *root = xmlDocGetRootElement(doc->xml);

    /* check_shape() proved these parse */
    (void) ha_store_counter_parse(ha_xml_attr(root, HA_XA_ADMIN_EPOCH),
                                  &ret_version->admin_epoch);
    (void) ha_store_counter_parse(ha_xml_attr(root, HA_XA_EPOCH),
                                  &ret_version->epoch);
    (void) ha_store_counter_parse(ha_xml_attr(root, HA_XA_NUM_UPDATES),
                                  &ret_version->num_updates);
}

int
ha_store_version_cmp(const struct ha_store_version *a,
                     const struct ha_store_version *b)
{
    if (a->admin_epoch != b->admin_epoch) {
        return (a->admin_epoch < b->admin_epoch) ? -1 : 1;
    }
    if (a->epoch != b->epoch) {
        return (a->epoch < b->epoch) ? -1 : 1;
    }
    if (a->num_updates != b->num_updates) {
        return (a->num_updates < b->num_updates) ? -1 : 1;
    }
    return 0;
}

const char *
ha_store_version_format(const struct ha_store_version *v, char *buf,
                        gsize len)
{
    g_snprintf(buf, len, "%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
               ".%" G_GUINT64_FORMAT, v->admin_epoch, v->epoch,
               v->num_updates);
    return buf;
}

const char *
ha_store_doc_digest(const ha_store_doc_t *doc)
{
    return doc->digest;
}

char *
ha_store_doc_serialize(const ha_store_doc_t *doc, uint32_t flags)
{
    g_autoptr(xmlDoc) copy = NULL;
    const xmlDoc *xml = doc->xml;
    xmlNode *status = ha_xml_first_child(xmlDocGetRootElement(xml),
                                         HA_XE_STATUS);

    if ((flags & HA_STORE_SER_NO_STATUS) && status != NULL) {
        copy = xmlCopyDoc(doc->xml, 1);
        drop_status(copy);
        xml = copy;
    }
    if (flags & HA_STORE_SER_CANONICAL) {
        GString *out = g_string_new(NULL);

        ha_store_canon_append(out, xmlDocGetRootElement(xml));
        return g_string_free(out, FALSE);
    }
    return ha_xml_dump(xmlDocGetRootElement(xml),
                       (flags & HA_STORE_SER_PRETTY) != 0);
}

gboolean
ha_store_doc_equal(const ha_store_doc_t *a, const ha_store_doc_t *b)
{
    g_autofree char *ta = ha_store_doc_serialize(a, HA_STORE_SER_CANONICAL);
    g_autofree char *tb = ha_store_doc_serialize(b, HA_STORE_SER_CANONICAL);

    return strcmp(ta, tb) == 0;
}

/* ---- new versions ------------------------------------------------------ */

static void
set_counter(xmlNode *root, const char *name, guint64 value)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, value);
    (void) xmlSetProp(root, (const xmlChar *) name, (const xmlChar *) buf);
}

ha_store_doc_t *
ha_store_doc_with_version(const ha_store_doc_t *doc,
                          const struct ha_store_version *version)
{
    xmlDoc *copy = xmlCopyDoc(doc->xml, 1);
    xmlNode *root = xmlDocGetRootElement(copy);

    set_counter(root, HA_XA_ADMIN_EPOCH, version->admin_epoch);
    set_counter(root, HA_XA_EPOCH, version->epoch);
    set_counter(root, HA_XA_NUM_UPDATES, version->num_updates);
    return ha_store_doc_wrap(copy);
}

ha_store_doc_t *
ha_store_doc_bump(const ha_store_doc_t *doc, enum ha_store_bump which)
{
    struct ha_store_version v;

    ha_store_doc_version(doc, &v);
    switch (which) {
    case HA_STORE_BUMP_NUM_UPDATES:
        v.num_updates++;
        break;
    case HA_STORE_BUMP_EPOCH:
        v.epoch++;
        v.num_updates = 0;
        break;
    case HA_STORE_BUMP_ADMIN_EPOCH:
        v.admin_epoch++;
        v.epoch = 0;
        v.num_updates = 0;
        break;
    default:
        ha_assert(FALSE);
    }
    return ha_store_doc_with_version(doc, &v);
}

ha_store_doc_t *
ha_store_doc_with_status(const ha_store_doc_t *doc, const xmlNode *status)
{
    xmlDoc *copy = xmlCopyDoc(doc->xml, 1);

    ha_assert(status == NULL || ha_xml_is(status, HA_XE_STATUS));
    drop_status(copy);
    if (status != NULL) {
        xmlNode *node = xmlDocCopyNode((xmlNode *) status, copy, 1);

        ha_store_normalize(node);
        (void) xmlAddChild(xmlDocGetRootElement(copy), node);
    }
    return ha_store_doc_wrap(copy);
}
