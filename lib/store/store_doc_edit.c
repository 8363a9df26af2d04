/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_doc_edit.c - changes to the configuration by id, without
 * XPath: put/create/replace/delete an element, set a cluster property, set
 * an nvpair.  Each works on a private copy of the DOM, validates it and
 * returns a new document; the input document is never modified.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "common/xml.h"
#include "store/store_doc.h"
#include "store/store_doc_private.h"
#include "store/store_names.h"

static void
report(GPtrArray **ret_errors, const char *fmt, ...) G_GNUC_PRINTF(2, 3);

static void
report(GPtrArray **ret_errors, const char *fmt, ...)
{
    va_list ap;

    if (ret_errors == NULL) {
        return;
    }
    va_start(ap, fmt);
    *ret_errors = ha_store_errors_new();
    g_ptr_array_add(*ret_errors, g_strdup_vprintf(fmt, ap));
    va_end(ap);
}

static xmlNode *
find_id_in(xmlNode *node, const char *id)
{
    for (xmlNode *c = ha_xml_first_child(node, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        xmlNode *hit;

        if (g_strcmp0(ha_xml_attr(c, HA_XA_ID), id) == 0
            && ha_xml_attr(c, HA_XA_ID_REF) == NULL
            && !ha_xml_is(c, HA_XE_RESOURCE_REF)
            && !ha_xml_is(c, HA_XE_OBJ_REF)) {
            return c;
        }
        hit = find_id_in(c, id);
        if (hit != NULL) {
            return hit;
        }
    }
    return NULL;
}

static xmlNode *
section_of(xmlDoc *xml, const char *section)
{
    return ha_xml_first_child(ha_store_xml_config(xml), section);
}

/* Parse @xml_text as one element, normalized, copied into @xml. */
static int
parse_element(xmlDoc *xml, const char *xml_text, xmlNode **ret_node,
              GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) frag = NULL;
    g_autofree char *msg = NULL;
    xmlNode *root;
    int rc;

    rc = ha_xml_parse_memory(xml_text, strlen(xml_text), "element", NULL,
                             &frag, &msg);
    if (rc < 0) {
        report(ret_errors, "%s", msg);
        return rc;
    }
    root = xmlDocGetRootElement(frag);
    if (ha_xml_attr(root, HA_XA_ID) == NULL) {
        report(ret_errors, "<%s> has no id", (const char *) root->name);
        return -EINVAL;
    }
    ha_store_normalize(root);
    *ret_node = xmlDocCopyNode(root, xml, 1);
    return 0;
}

enum put_mode { PUT_ANY, PUT_CREATE, PUT_REPLACE };

static int
put(const ha_store_doc_t *doc, const char *section, const char *xml_text,
    enum put_mode mode, ha_store_doc_t **ret_doc, GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) xml = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(doc), 1);
    xmlNode *top = section_of(xml, section);
    xmlNode *node = NULL;
    xmlNode *old;
    int rc;

    if (top == NULL) {
        report(ret_errors, "there is no section '%s'", section);
        return -HA_ENOTFOUND;
    }
    rc = parse_element(xml, xml_text, &node, ret_errors);
    if (rc < 0) {
        return rc;
    }
    old = find_id_in(top, ha_xml_attr(node, HA_XA_ID));
    if (old == NULL && mode == PUT_REPLACE) {
        report(ret_errors, "%s: no element with id '%s'", section,
               ha_xml_attr(node, HA_XA_ID));
        xmlFreeNode(node);
        return -HA_ENOTFOUND;
    }
    if (old == NULL && mode == PUT_CREATE
        && find_id_in(xmlDocGetRootElement(xml), ha_xml_attr(node, HA_XA_ID))
        != NULL) {
        old = xmlDocGetRootElement(xml);   /* used elsewhere: refuse below */
    }
    if (old != NULL && mode == PUT_CREATE) {
        report(ret_errors, "id '%s' is already in use",
               ha_xml_attr(node, HA_XA_ID));
        xmlFreeNode(node);
        return -EEXIST;
    }
    if (old != NULL) {
        (void) xmlReplaceNode(old, node);
        xmlFreeNode(old);
    } else {
        (void) xmlAddChild(top, node);
    }
    return ha_store_doc_commit(g_steal_pointer(&xml),
                               HA_STORE_CHECK_STRICT, ret_doc,
                               ret_errors);
}

int
ha_store_doc_put_element(const ha_store_doc_t *doc, const char *section,
                         const char *xml_text, ha_store_doc_t **ret_doc,
                         GPtrArray **ret_errors)
{
    return put(doc, section, xml_text, PUT_ANY, ret_doc, ret_errors);
}

int
ha_store_doc_create_element(const ha_store_doc_t *doc, const char *section,
                            const char *xml_text, ha_store_doc_t **ret_doc,
                            GPtrArray **ret_errors)
{
    return put(doc, section, xml_text, PUT_CREATE, ret_doc, ret_errors);
}

int
ha_store_doc_replace_element(const ha_store_doc_t *doc, const char *section,
                             const char *xml_text, ha_store_doc_t **ret_doc,
                             GPtrArray **ret_errors)
{
    return put(doc, section, xml_text, PUT_REPLACE, ret_doc, ret_errors);
}

int
ha_store_doc_delete_element(const ha_store_doc_t *doc, const char *section,
                            const char *id, ha_store_doc_t **ret_doc,
                            GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) xml = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(doc), 1);
    xmlNode *top = section_of(xml, section);
    xmlNode *old = (top == NULL) ? NULL : find_id_in(top, id);

    if (old == NULL) {
        report(ret_errors, "%s: no element with id '%s'", section, id);
        return -HA_ENOTFOUND;
    }
    xmlUnlinkNode(old);
    xmlFreeNode(old);
    return ha_store_doc_commit(g_steal_pointer(&xml),
                               HA_STORE_CHECK_STRICT, ret_doc,
                               ret_errors);
}

/* A fresh id "<base>" or "<base>-N" unused in @xml. */
static char *
fresh_id(xmlDoc *xml, const char *base)
{
    xmlNode *root = xmlDocGetRootElement(xml);
    char *id = g_strdup(base);

    for (guint n = 1; find_id_in(root, id) != NULL; n++) {
        g_free(id);
        id = g_strdup_printf("%s-%u", base, n);
    }
    return id;
}

/* Set @name=@value in the nvpair set @set (adding an nvpair if needed). */
static void
set_in(xmlDoc *xml, xmlNode *set, const char *name, const char *value)
{
    g_autofree char *base = NULL;
    g_autofree char *id = NULL;
    xmlNode *nv;

    for (nv = ha_xml_first_child(set, HA_XE_NVPAIR); nv != NULL;
         nv = ha_xml_next(nv, HA_XE_NVPAIR)) {
        if (g_strcmp0(ha_xml_attr(nv, HA_XA_NAME), name) == 0) {
            (void) xmlSetProp(nv, (const xmlChar *) HA_XA_VALUE,
                              (const xmlChar *) value);
            return;
        }
    }
    base = g_strdup_printf("%s-%s", ha_xml_attr(set, HA_XA_ID), name);
    g_strcanon(base, G_CSET_a_2_z G_CSET_A_2_Z G_CSET_DIGITS "-_.", '_');
    id = fresh_id(xml, base);
    nv = xmlNewChild(set, NULL, (const xmlChar *) HA_XE_NVPAIR, NULL);
    (void) xmlSetProp(nv, (const xmlChar *) HA_XA_ID, (const xmlChar *) id);
    (void) xmlSetProp(nv, (const xmlChar *) HA_XA_NAME, (const xmlChar *) name);
    (void) xmlSetProp(nv, (const xmlChar *) HA_XA_VALUE,
                      (const xmlChar *) value);
}

/* Remove every nvpair named @name from @set; TRUE if any was there. */
static gboolean
unset_in(xmlNode *set, const char *name)
{
    gboolean found = FALSE;
    xmlNode *nv = ha_xml_first_child(set, HA_XE_NVPAIR);

    while (nv != NULL) {
        xmlNode *next = ha_xml_next(nv, HA_XE_NVPAIR);

        if (g_strcmp0(ha_xml_attr(nv, HA_XA_NAME), name) == 0) {
            xmlUnlinkNode(nv);
            xmlFreeNode(nv);
            found = TRUE;
        }
        nv = next;
    }
    return found;
}

static xmlNode *
property_set_for(xmlDoc *xml, xmlNode *crm, const char *name)
{
    xmlNode *set;

    for (set = ha_xml_first_child(crm, HA_XE_CLUSTER_PROPERTY_SET);
         set != NULL; set = ha_xml_next(set, HA_XE_CLUSTER_PROPERTY_SET)) {
        for (xmlNode *nv = ha_xml_first_child(set, HA_XE_NVPAIR); nv != NULL;
             nv = ha_xml_next(nv, HA_XE_NVPAIR)) {
            if (g_strcmp0(ha_xml_attr(nv, HA_XA_NAME), name) == 0) {
                return set;
            }
        }
    }
    for (set = ha_xml_first_child(crm, HA_XE_CLUSTER_PROPERTY_SET);
         set != NULL; set = ha_xml_next(set, HA_XE_CLUSTER_PROPERTY_SET)) {
        if (g_strcmp0(ha_xml_attr(set, HA_XA_ID), HA_XV_BOOTSTRAP_SET) == 0) {
            return set;
        }
    }
    if (find_id_in(xmlDocGetRootElement(xml), HA_XV_BOOTSTRAP_SET) != NULL) {
        return NULL;
    }
    set = xmlNewChild(crm, NULL, (const xmlChar *) HA_XE_CLUSTER_PROPERTY_SET,
                      NULL);
    (void) xmlSetProp(set, (const xmlChar *) HA_XA_ID,
                      (const xmlChar *) HA_XV_BOOTSTRAP_SET);
    return set;
}

int
ha_store_doc_set_property(const ha_store_doc_t *doc, const char *name,
                          const char *value, ha_store_doc_t **ret_doc,
                          GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) xml = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(doc), 1);
    xmlNode *crm = section_of(xml, HA_XE_CRM_CONFIG);
    xmlNode *set;

    ha_assert(name != NULL);
    if (crm == NULL) {
        report(ret_errors, "there is no section '" HA_XE_CRM_CONFIG "'");
        return -HA_ENOTFOUND;
    }
    if (value == NULL) {
        for (set = ha_xml_first_child(crm, HA_XE_CLUSTER_PROPERTY_SET);
             set != NULL; set = ha_xml_next(set, HA_XE_CLUSTER_PROPERTY_SET)) {
            (void) unset_in(set, name);
        }
    } else {
        set = property_set_for(xml, crm, name);
        if (set == NULL) {
            report(ret_errors, "id '" HA_XV_BOOTSTRAP_SET "' is used by "
                   "another element");
            return -EEXIST;
        }
        set_in(xml, set, name, value);
    }
    return ha_store_doc_commit(g_steal_pointer(&xml),
                               HA_STORE_CHECK_STRICT, ret_doc,
                               ret_errors);
}

int
ha_store_doc_set_nvpair(const ha_store_doc_t *doc, const char *set_id,
                        const char *name, const char *value,
                        ha_store_doc_t **ret_doc, GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) xml = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(doc), 1);
    xmlNode *set = find_id_in(ha_store_xml_config(xml), set_id);

    ha_assert(set_id != NULL && name != NULL);
    if (set == NULL) {
        report(ret_errors, "no nvpair set with id '%s'", set_id);
        return -HA_ENOTFOUND;
    }
    if (!(ha_xml_is(set, HA_XE_META_ATTRIBUTES)
          || ha_xml_is(set, HA_XE_INSTANCE_ATTRIBUTES)
          || ha_xml_is(set, HA_XE_UTILIZATION)
          || ha_xml_is(set, HA_XE_CLUSTER_PROPERTY_SET))) {
        report(ret_errors, "'%s' is a <%s>, not an nvpair set", set_id,
               (const char *) set->name);
        return -EINVAL;
    }
    if (value == NULL) {
        (void) unset_in(set, name);
    } else {
        set_in(xml, set, name, value);
    }
    return ha_store_doc_commit(g_steal_pointer(&xml),
                               HA_STORE_CHECK_STRICT, ret_doc,
                               ret_errors);
}
