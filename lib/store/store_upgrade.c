/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_upgrade.c - rewrite legacy CIB forms to today's, on load,
 * before validation:
 *   - <master> resources become <clone> with meta promotable=true;
 *   - role values Master/Slave (role, rsc-role, with-rsc-role, and the
 *     target-role meta attribute) become Promoted/Unpromoted;
 *   - validate-with pacemaker-1.x / 2.x becomes HA_STORE_VALIDATE_WITH.
 * Everything else is left exactly as it was.
 */
#include "config.h"

#include <string.h>

#include "common/xml.h"
#include "store/store_doc_private.h"
#include "store/store_names.h"

static gboolean
id_in_use(const xmlNode *node, const char *id)
{
    for (const xmlNode *c = ha_xml_first_child(node, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (g_strcmp0(ha_xml_attr(c, HA_XA_ID), id) == 0
            || id_in_use(c, id)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* An id based on @base that no element of @xml uses yet. */
static char *
unique_id(const xmlDoc *xml, const char *base)
{
    const xmlNode *root = xmlDocGetRootElement(xml);
    char *id = g_strdup(base);

    for (guint n = 1; id_in_use(root, id); n++) {
        g_free(id);
        id = g_strdup_printf("%s-%u", base, n);
    }
    return id;
}

static void
add_promotable(xmlNode *clone)
{
    xmlNode *meta = ha_xml_first_child(clone, HA_XE_META_ATTRIBUTES);
    g_autofree char *nv_id = NULL;
    xmlNode *nv;

    for (xmlNode *m = meta; m != NULL; m = ha_xml_next(m, HA_XE_META_ATTRIBUTES)) {
        for (xmlNode *p = ha_xml_first_child(m, HA_XE_NVPAIR); p != NULL;
             p = ha_xml_next(p, HA_XE_NVPAIR)) {
            if (g_strcmp0(ha_xml_attr(p, HA_XA_NAME), HA_XV_PROMOTABLE) == 0) {
                (void) xmlSetProp(p, (const xmlChar *) HA_XA_VALUE,
                                  (const xmlChar *) "true");
                return;
            }
        }
    }
    if (meta == NULL || ha_xml_attr(meta, HA_XA_ID_REF) != NULL) {
        g_autofree char *base = g_strdup_printf("%s-meta_attributes",
                                                ha_xml_attr(clone, HA_XA_ID));
        g_autofree char *meta_id = unique_id(clone->doc, base);
        xmlNode *first = ha_xml_first_child(clone, NULL);

        meta = xmlNewDocNode(clone->doc, NULL,
                             (const xmlChar *) HA_XE_META_ATTRIBUTES, NULL);
        (void) xmlSetProp(meta, (const xmlChar *) HA_XA_ID,
                          (const xmlChar *) meta_id);
        if (first != NULL) {
            (void) xmlAddPrevSibling(first, meta);
        } else {
            (void) xmlAddChild(clone, meta);
        }
    }
    {
        g_autofree char *base = g_strdup_printf("%s-" HA_XV_PROMOTABLE,
                                                ha_xml_attr(meta, HA_XA_ID));

        nv_id = unique_id(clone->doc, base);
    }
    nv = xmlNewChild(meta, NULL, (const xmlChar *) HA_XE_NVPAIR, NULL);
    (void) xmlSetProp(nv, (const xmlChar *) HA_XA_ID, (const xmlChar *) nv_id);
    (void) xmlSetProp(nv, (const xmlChar *) HA_XA_NAME,
                      (const xmlChar *) HA_XV_PROMOTABLE);
    (void) xmlSetProp(nv, (const xmlChar *) HA_XA_VALUE,
                      (const xmlChar *) "true");
}

static const char *
modern_role(const char *value)
{
    if (value == NULL) {
        return NULL;
    }
    if (strcmp(value, HA_XV_LEGACY_MASTER) == 0) {
        return HA_XV_PROMOTED;
    }
    if (strcmp(value, HA_XV_LEGACY_SLAVE) == 0) {
        return HA_XV_UNPROMOTED;
    }
    return NULL;
}

static void
upgrade_roles(xmlNode *node)
{
    static const char *const role_attrs[] = {
        HA_XA_ROLE, HA_XA_RSC_ROLE, HA_XA_WITH_RSC_ROLE,
    };

    for (guint i = 0; i < G_N_ELEMENTS(role_attrs); i++) {
        const char *now = modern_role(ha_xml_attr(node, role_attrs[i]));

        if (now != NULL) {
            (void) xmlSetProp(node, (const xmlChar *) role_attrs[i],
                              (const xmlChar *) now);
        }
    }
    if (ha_xml_is(node, HA_XE_NVPAIR)
        && g_strcmp0(ha_xml_attr(node, HA_XA_NAME), "target-role") == 0) {
        const char *now = modern_role(ha_xml_attr(node, HA_XA_VALUE));

        if (now != NULL) {
            (void) xmlSetProp(node, (const xmlChar *) HA_XA_VALUE,
                              (const xmlChar *) now);
        }
    }
}

static void
upgrade_tree(xmlNode *node)
{
    for (xmlNode *c = ha_xml_first_child(node, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (ha_xml_is(c, HA_XE_MASTER) && ha_xml_is(c->parent, HA_XE_RESOURCES)) {
            xmlNodeSetName(c, (const xmlChar *) HA_XE_CLONE);
            add_promotable(c);
        }
        upgrade_roles(c);
        upgrade_tree(c);
    }
}

void
ha_store_upgrade(xmlDoc *xml)
{
    xmlNode *root = xmlDocGetRootElement(xml);
    const char *with = ha_xml_attr(root, HA_XA_VALIDATE_WITH);

    upgrade_tree(ha_store_xml_config(xml));
    if (with == NULL || g_str_has_prefix(with, "pacemaker-1.")
        || g_str_has_prefix(with, "pacemaker-2.")
        || g_str_has_prefix(with, "transitional-")) {
        (void) xmlSetProp(root, (const xmlChar *) HA_XA_VALIDATE_WITH,
                          (const xmlChar *) HA_STORE_VALIDATE_WITH);
    }
}
