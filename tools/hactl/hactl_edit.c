/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_edit.c - read-modify-write of the configuration
 * (see hactl_edit.h) and the small DOM helpers every editing noun uses.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "hactl_edit.h"

#include <json-glib/json-glib.h>

#define X(s) ((const xmlChar *) (s))
#define CONFLICT_RETRIES 20

static const char *edit_what = "config read";
static char *edit_message;

void
hactl_edit_say(const char *fmt, ...)
{
    va_list ap;

    g_free(edit_message);
    va_start(ap, fmt);
    edit_message = g_strdup_vprintf(fmt, ap);
    va_end(ap);
}

void
hactl_print_done(const struct hactl_globals *g, const char *command,
                 const char *message, const char *version)
{
    if (g->json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
            g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "command");
        json_builder_add_string_value(b, command);
        json_builder_set_member_name(b, "message");
        json_builder_add_string_value(b, message);
        if (version != NULL) {
            json_builder_set_member_name(b, "config_version");
            json_builder_add_string_value(b, version);
        }
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
    } else if (version != NULL) {
        printf("%s (configuration %s)\n", message, version);
    } else {
        printf("%s\n", message);
    }
}

static void
print_written(const struct hactl_globals *g, GVariant *reply)
{
    guint64 a = 0, e = 0, u = 0;
    const char *digest = NULL;
    g_autofree char *version = NULL;

    if (g->quiet) {
        return;
    }
    g_variant_get(reply, "(ttt&s)", &a, &e, &u, &digest);
    version = g_strdup_printf("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%"
                              G_GUINT64_FORMAT, a, e, u);
    hactl_print_done(g, edit_what,
                     edit_message != NULL ? edit_message : "Done", version);
}

int
hactl_edit_error(int rc, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "hactl: %s: ", edit_what);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return rc;
}

xmlDoc *
hactl_config_read(char **ret_digest, int *ret_exit)
{
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *error = NULL;
    const char *digest = NULL;
    const char *xml = NULL;
    xmlDoc *doc = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_READ, g_variant_new("()"),
                             HA_IPC_HACD_CONFIG_READ_REPLY, FALSE, &reply);

    if (rc < 0) {
        *ret_exit = hactl_hacd_fail(rc, edit_what);
        return NULL;
    }
    g_variant_get(reply, "(&s&s)", &digest, &xml);
    rc = ha_xml_parse_memory(xml, strlen(xml), "configuration", NULL, &doc,
                             &error);
    if (rc < 0) {
        *ret_exit = hactl_edit_error(HACTL_EXIT_ERROR,
                                     "hacd sent a configuration that does not "
                                     "parse: %s", error);
        return NULL;
    }
    if (ret_digest != NULL) {
        *ret_digest = g_strdup(digest);
    }
    *ret_exit = HACTL_EXIT_OK;
    return doc;
}

int
hactl_edit(const struct hactl_globals *g, const char *what,
           hactl_edit_fn fn, void *user_data)
{
    int code = HACTL_EXIT_RETRY;
    int attempt;

    edit_what = what;
    for (attempt = 0; attempt < CONFLICT_RETRIES; attempt++) {
        g_autofree char *digest = NULL;
        g_autoptr(GVariant) reply = NULL;
        xmlChar *mem = NULL;
        int len = 0;
        int rc;
        xmlDoc *doc = hactl_config_read(&digest, &code);

        if (doc == NULL) {
            break;
        }
        g_clear_pointer(&edit_message, g_free);
        rc = fn(doc, user_data);
        if (rc < 0) {
            xmlFreeDoc(doc);
            code = hactl_exit_from_rc(rc);
            break;
        }
        xmlDocDumpMemory(doc, &mem, &len);
        xmlFreeDoc(doc);
        rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_REPLACE_IF,
                             g_variant_new("(tss)", hactl_request_id(), digest,
                                           (const char *) mem),
                             HA_IPC_HACD_WRITE_REPLY, TRUE, &reply);
        xmlFree(mem);
        if (rc == -HA_ECONFLICT) {
            code = HACTL_EXIT_RETRY;
            continue;   /* someone else wrote first: edit the new copy */
        }
        if (rc < 0) {
            code = hactl_hacd_fail(rc, what);
            break;
        }
        print_written(g, reply);
        code = HACTL_EXIT_OK;
        break;
    }
    if (attempt == CONFLICT_RETRIES) {
        (void) hactl_edit_error(code, "the configuration kept changing under "
                                "this edit; retry");
    }
    g_clear_pointer(&edit_message, g_free);
    return code;
}

/* ---- DOM helpers ---- */

static xmlNode *
child_named(xmlNode *parent, const char *name)
{
    return (parent != NULL) ? ha_xml_first_child(parent, name) : NULL;
}

xmlNode *
hactl_xml_section(xmlDoc *doc, const char *name)
{
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *cfg = child_named(root, "configuration");
    xmlNode *sec;

    if (cfg == NULL) {
        cfg = xmlNewChild(root, NULL, X("configuration"), NULL);
    }
    sec = child_named(cfg, name);
    return (sec != NULL) ? sec : xmlNewChild(cfg, NULL, X(name), NULL);
}

static xmlNode *
find_below(xmlNode *n, const char *id)
{
    for (xmlNode *c = ha_xml_first_child(n, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        xmlNode *hit;

        if (g_strcmp0(ha_xml_attr(c, "id"), id) == 0
            && ha_xml_attr(c, "id-ref") == NULL) {
            return c;
        }
        hit = find_below(c, id);
        if (hit != NULL) {
            return hit;
        }
    }
    return NULL;
}

xmlNode *
hactl_xml_find_id(xmlDoc *doc, const char *id)
{
    return find_below(child_named(xmlDocGetRootElement(doc), "configuration"),
                      id);
}

xmlNode *
hactl_xml_add(xmlNode *parent, const char *name, const char *id)
{
    xmlNode *n = xmlNewChild(parent, NULL, X(name), NULL);

    xmlSetProp(n, X("id"), X(id));
    return n;
}

/* A fresh id "@base", "@base-1", ... not used in @doc. */
static char *
free_id(xmlDoc *doc, const char *base)
{
    char *id = g_strdup(base);

    for (int i = 1; hactl_xml_find_id(doc, id) != NULL; i++) {
        g_free(id);
        id = g_strdup_printf("%s-%d", base, i);
    }
    return id;
}

static xmlNode *
find_nvpair(xmlNode *set, const char *name)
{
    for (xmlNode *nv = ha_xml_first_child(set, "nvpair"); nv != NULL;
         nv = ha_xml_next(nv, "nvpair")) {
        if (g_strcmp0(ha_xml_attr(nv, "name"), name) == 0) {
            return nv;
        }
    }
    return NULL;
}

const char *
hactl_xml_nvpair_get(xmlNode *el, const char *set_name, const char *name)
{
    for (xmlNode *s = ha_xml_first_child(el, set_name); s != NULL;
         s = ha_xml_next(s, set_name)) {
        xmlNode *nv = find_nvpair(s, name);

        if (nv != NULL) {
            return ha_xml_attr(nv, "value");
        }
    }
    return NULL;
}

gboolean
hactl_xml_is_promotable(xmlNode *el)
{
    const char *v;
    gboolean b = FALSE;

    if (ha_xml_is(el, "master")) {
        return TRUE;
    }
    if (!ha_xml_is(el, "clone")) {
        return FALSE;
    }
    v = hactl_xml_nvpair_get(el, "meta_attributes", "promotable");
    return v != NULL && ha_bool_parse(v, &b) == 0 && b;
}

void
hactl_xml_nvpair(xmlNode *el, const char *set_name, const char *name,
                 const char *value)
{
    xmlNode *set = ha_xml_first_child(el, set_name);
    xmlNode *nv = (set != NULL) ? find_nvpair(set, name) : NULL;
    gboolean unset = (value == NULL || *value == '\0');

    if (unset) {
        if (nv != NULL) {
            xmlUnlinkNode(nv);
            xmlFreeNode(nv);
        }
        if (set != NULL && ha_xml_first_child(set, NULL) == NULL) {
            xmlUnlinkNode(set);     /* an empty set says nothing */
            xmlFreeNode(set);
        }
        return;
    }
    if (set == NULL) {
        g_autofree char *base = g_strdup_printf("%s-%s",
                                                ha_xml_attr(el, "id"),
                                                set_name);
        g_autofree char *id = free_id(el->doc, base);
        xmlNode *first = ha_xml_first_child(el, NULL);

        set = xmlNewNode(NULL, X(set_name));
        xmlSetProp(set, X("id"), X(id));
        /* attribute sets come before operations and children */
        if (first != NULL) {
            xmlAddPrevSibling(first, set);
        } else {
            xmlAddChild(el, set);
        }
    }
    if (nv == NULL) {
        g_autofree char *base = g_strdup_printf("%s-%s",
                                                ha_xml_attr(set, "id"), name);
        g_autofree char *id = free_id(el->doc, base);

        nv = hactl_xml_add(set, "nvpair", id);
        xmlSetProp(nv, X("name"), X(name));
    }
    xmlSetProp(nv, X("value"), X(value));
}
