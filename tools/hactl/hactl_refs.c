/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_refs.c - the constraints that name a resource (see
 * hactl_refs.h).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/xml.h"
#include "hactl.h"
#include "hactl_edit.h"
#include "hactl_refs.h"

/* The attributes by which a constraint names a resource. */
static const char *const ref_attrs[] = { "rsc", "with-rsc", "first", "then" };

static gboolean
names_directly(const xmlNode *c, const char *id)
{
    for (guint i = 0; i < G_N_ELEMENTS(ref_attrs); i++) {
        if (g_strcmp0(ha_xml_attr(c, ref_attrs[i]), id) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Does a resource_ref below @n (a constraint or a set) name @id? */
static gboolean
names_in_set(const xmlNode *n, const char *id)
{
    for (xmlNode *c = ha_xml_first_child(n, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if ((ha_xml_is(c, "resource_ref")
             && g_strcmp0(ha_xml_attr(c, "id"), id) == 0)
            || (ha_xml_is(c, "resource_set") && names_in_set(c, id))) {
            return TRUE;
        }
    }
    return FALSE;
}

static xmlNode *
constraints_of(xmlDoc *doc)
{
    return hactl_xml_section(doc, "constraints");
}

GPtrArray *
hactl_refs_find(xmlDoc *doc, const char *id)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (xmlNode *c = ha_xml_first_child(constraints_of(doc), NULL);
         c != NULL; c = ha_xml_next(c, NULL)) {
        if (names_directly(c, id) || names_in_set(c, id)) {
            g_ptr_array_add(out, g_strdup(ha_xml_attr(c, "id")));
        }
    }
    return out;
}

static void
drop(xmlNode *n)
{
    xmlUnlinkNode(n);
    xmlFreeNode(n);
}

/* Remove the resource_refs to @id from the sets of @c, and the sets they
 * leave empty; TRUE if @c has no set left. */
static gboolean
drop_from_sets(xmlNode *c, const char *id)
{
    xmlNode *set = ha_xml_first_child(c, "resource_set");

    while (set != NULL) {
        xmlNode *next = ha_xml_next(set, "resource_set");
        xmlNode *r = ha_xml_first_child(set, "resource_ref");

        while (r != NULL) {
            xmlNode *rn = ha_xml_next(r, "resource_ref");

            if (g_strcmp0(ha_xml_attr(r, "id"), id) == 0) {
                drop(r);
            }
            r = rn;
        }
        if (ha_xml_first_child(set, "resource_ref") == NULL) {
            drop(set);
        }
        set = next;
    }
    return ha_xml_first_child(c, "resource_set") == NULL;
}

static char *
joined(GPtrArray *ids)
{
    g_autoptr(GString) s = g_string_new(NULL);

    for (guint i = 0; i < ids->len; i++) {
        g_string_append_printf(s, "%s%s", i > 0 ? ", " : "",
                               (const char *) ids->pdata[i]);
    }
    return g_string_free(g_steal_pointer(&s), FALSE);
}

int
hactl_refs_release(xmlDoc *doc, const char *kind, const char *id,
                   gboolean force, char **ret_said)
{
    g_autoptr(GPtrArray) ids = hactl_refs_find(doc, id);
    g_autofree char *list = joined(ids);
    g_autoptr(GString) gone = g_string_new(NULL);
    g_autoptr(GString) changed = g_string_new(NULL);
    guint n_gone = 0;
    xmlNode *c;

    if (ids->len == 0) {
        *ret_said = g_strdup("");
        return 0;
    }
    if (!force) {
        return hactl_edit_error(-EBUSY, "%s '%s' is named by constraint%s "
                                "%s, which would name nothing without it; "
                                "--force deletes %s too", kind, id,
                                ids->len == 1 ? "" : "s", list,
                                ids->len == 1 ? "that constraint"
                                              : "those constraints");
    }
    c = ha_xml_first_child(constraints_of(doc), NULL);
    while (c != NULL) {
        xmlNode *next = ha_xml_next(c, NULL);
        const char *cid = ha_xml_attr(c, "id");

        if (names_directly(c, id)
            || (names_in_set(c, id) && drop_from_sets(c, id))) {
            g_string_append_printf(gone, "%s%s", gone->len ? ", " : "", cid);
            n_gone++;
            drop(c);
        } else if (g_ptr_array_find_with_equal_func(ids, cid, g_str_equal,
                                                    NULL)) {
            g_string_append_printf(changed, "%s%s", changed->len ? ", " : "",
                                   cid);
        }
        c = next;
    }
    *ret_said = g_strdup_printf("%s%s%s%s", n_gone == 0 ? ""
                                : n_gone == 1 ? ", deleting constraint "
                                : ", deleting constraints ", gone->str,
                                changed->len ? ", removing it from the sets "
                                "of " : "", changed->str);
    return 0;
}
