/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_node_show.c - `hactl node list` and `hactl node show
 * NODE`: the nodes as hacd sees them (id, state, DC, standby,
 * maintenance, the resources active there), and for one node also its
 * attributes (configuration and transient) and utilization.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "hactl_edit.h"

/* One node of the status, with what the commands print about it. */
struct node_info {
    guint32 id;
    const char *name, *state;       /* borrowed from the status */
    gboolean dc, standby, maintenance, unclean;
    GPtrArray *resources;           /* ids (owned), primitives only */
};

static gboolean
flag_of(GVariant *st, const char *node, const char *flag)
{
    g_autoptr(GVariant) flags = g_variant_lookup_value(st, "node_flags",
                                                       G_VARIANT_TYPE("aa{sv}"));
    GVariantIter it;
    GVariant *e;
    gboolean value = FALSE;

    if (flags == NULL) {
        return FALSE;
    }
    g_variant_iter_init(&it, flags);
    while ((e = g_variant_iter_next_value(&it)) != NULL) {
        const char *name = "";

        (void) g_variant_lookup(e, "name", "&s", &name);
        if (strcmp(name, node) == 0) {
            (void) g_variant_lookup(e, flag, "b", &value);
        }
        g_variant_unref(e);
    }
    return value;
}

/* Primitives (clone instances included) active on @node. */
static GPtrArray *
resources_on(GVariant *st, const char *node)
{
    g_autoptr(GVariant) rscs = g_variant_lookup_value(st, "resources",
                                                      G_VARIANT_TYPE("aa{sv}"));
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);
    GVariantIter it;
    GVariant *r;

    if (rscs == NULL) {
        return out;
    }
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        const char *id = "";
        const char *kind = "";
        g_autoptr(GVariant) nodes = g_variant_lookup_value(
            r, "nodes", G_VARIANT_TYPE("as"));

        (void) g_variant_lookup(r, "id", "&s", &id);
        (void) g_variant_lookup(r, "kind", "&s", &kind);
        for (gsize i = 0; nodes != NULL && strcmp(kind, "primitive") == 0
                          && i < g_variant_n_children(nodes); i++) {
            const char *n = NULL;

            g_variant_get_child(nodes, i, "&s", &n);
            if (strcmp(n, node) == 0) {
                g_ptr_array_add(out, g_strdup(id));
            }
        }
        g_variant_unref(r);
    }
    return out;
}

/* Every node of @st, in node id order (status order). */
static GArray *
nodes_of(GVariant *st)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(st, "nodes",
                                                       G_VARIANT_TYPE("a(uss)"));
    GArray *out = g_array_new(FALSE, TRUE, sizeof(struct node_info));
    const char *dc = "";
    GVariantIter it;
    struct node_info ni;

    (void) g_variant_lookup(st, "dc_name", "&s", &dc);
    g_variant_iter_init(&it, nodes);
    memset(&ni, 0, sizeof(ni));
    while (g_variant_iter_next(&it, "(u&s&s)", &ni.id, &ni.name, &ni.state)) {
        ni.dc = (strcmp(ni.name, dc) == 0);
        ni.standby = flag_of(st, ni.name, "standby");
        ni.maintenance = flag_of(st, ni.name, "maintenance");
        ni.unclean = flag_of(st, ni.name, "unclean");
        ni.resources = resources_on(st, ni.name);
        g_array_append_val(out, ni);
    }
    return out;
}

static void
nodes_free(GArray *nodes)
{
    for (guint i = 0; i < nodes->len; i++) {
        g_ptr_array_unref(g_array_index(nodes, struct node_info, i).resources);
    }
    g_array_free(nodes, TRUE);
}

static GVariant *
status_read(int *ret_exit)
{
    GVariant *st = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    *ret_exit = (rc < 0) ? hactl_hacd_fail(rc, "node") : HACTL_EXIT_OK;
    return st;
}

static char *
joined(GPtrArray *ids)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < ids->len; i++) {
        g_string_append_printf(out, "%s%s", i > 0 ? ", " : "",
                               (const char *) ids->pdata[i]);
    }
    if (ids->len == 0) {
        g_string_append(out, "-");
    }
    return g_string_free(out, FALSE);
}

static void
json_node(JsonBuilder *b, const struct node_info *ni)
{
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, ni->name);
    json_builder_set_member_name(b, "id");
    json_builder_add_int_value(b, ni->id);
    json_builder_set_member_name(b, "state");
    json_builder_add_string_value(b, ni->state);
    json_builder_set_member_name(b, "dc");
    json_builder_add_boolean_value(b, ni->dc);
    json_builder_set_member_name(b, "standby");
    json_builder_add_boolean_value(b, ni->standby);
    json_builder_set_member_name(b, "maintenance");
    json_builder_add_boolean_value(b, ni->maintenance);
    json_builder_set_member_name(b, "unclean");
    json_builder_add_boolean_value(b, ni->unclean);
    json_builder_set_member_name(b, "resources");
    json_builder_begin_array(b);
    for (guint i = 0; i < ni->resources->len; i++) {
        json_builder_add_string_value(b, ni->resources->pdata[i]);
    }
    json_builder_end_array(b);
}

int
hactl_node_list(const struct hactl_globals *g)
{
    int code = 0;
    g_autoptr(GVariant) st = status_read(&code);
    g_autoptr(JsonBuilder) b = json_builder_new();
    GArray *nodes;

    if (st == NULL) {
        return code;
    }
    nodes = nodes_of(st);
    json_builder_begin_array(b);
    if (!g->json) {
        printf("%-20s %4s  %-8s %-3s %-8s %-12s %s\n", "Node", "Id", "State",
               "DC", "Standby", "Maintenance", "Resources");
    }
    for (guint i = 0; i < nodes->len; i++) {
        const struct node_info *ni = &g_array_index(nodes, struct node_info,
                                                    i);
        g_autofree char *rscs = joined(ni->resources);

        if (g->json) {
            json_builder_begin_object(b);
            json_node(b, ni);
            json_builder_end_object(b);
            continue;
        }
        printf("%-20s %4u  %-8s %-3s %-8s %-12s %s\n", ni->name, ni->id,
               ni->unclean ? "UNCLEAN" : ni->state, ni->dc ? "yes" : "no",
               ni->standby ? "yes" : "no", ni->maintenance ? "yes" : "no",
               rscs);
    }
    json_builder_end_array(b);
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    }
    nodes_free(nodes);
    return HACTL_EXIT_OK;
}

/* The configuration's <node> entry of @name, or NULL. */
static xmlNode *
config_node(xmlDoc *doc, const char *name)
{
    xmlNode *nodes = hactl_xml_section(doc, "nodes");

    for (xmlNode *n = ha_xml_first_child(nodes, "node"); n != NULL;
         n = ha_xml_next(n, "node")) {
        if (g_strcmp0(ha_xml_attr(n, "uname"), name) == 0) {
            return n;
        }
    }
    return NULL;
}

/* The nvpairs of every @set_name set of @el: text lines or a JSON member. */
static void
show_set(const struct hactl_globals *g, JsonBuilder *b, xmlNode *el,
         const char *set_name, const char *title)
{
    guint count = 0;

    if (g->json) {
        json_builder_set_member_name(b, title);
        json_builder_begin_object(b);
    } else {
        printf("%s:\n", title);
    }
    for (xmlNode *s = ha_xml_first_child(el, set_name); s != NULL;
         s = ha_xml_next(s, set_name)) {
        for (xmlNode *nv = ha_xml_first_child(s, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            const char *v = ha_xml_attr(nv, "value");

            count++;
            if (g->json) {
                json_builder_set_member_name(b, ha_xml_attr(nv, "name"));
                json_builder_add_string_value(b, v != NULL ? v : "");
            } else {
                printf("  %s=%s\n", ha_xml_attr(nv, "name"),
                       v != NULL ? v : "");
            }
        }
    }
    if (g->json) {
        json_builder_end_object(b);
    } else if (count == 0) {
        printf("  (none)\n");
    }
}

static void
show_transient(const struct hactl_globals *g, JsonBuilder *b, GVariant *st,
               const char *node)
{
    g_autoptr(GVariant) attrs = g_variant_lookup_value(st, "attributes",
                                                       G_VARIANT_TYPE("a(sss)"));
    const char *n, *name, *value;
    GVariantIter it;
    guint count = 0;

    if (g->json) {
        json_builder_set_member_name(b, "transient_attributes");
        json_builder_begin_object(b);
    } else {
        printf("Transient attributes:\n");
    }
    if (attrs != NULL) {
        g_variant_iter_init(&it, attrs);
        while (g_variant_iter_next(&it, "(&s&s&s)", &n, &name, &value)) {
            if (strcmp(n, node) != 0) {
                continue;
            }
            count++;
            if (g->json) {
                json_builder_set_member_name(b, name);
                json_builder_add_string_value(b, value);
            } else {
                printf("  %s=%s\n", name, value);
            }
        }
    }
    if (g->json) {
        json_builder_end_object(b);
    } else if (count == 0) {
        printf("  (none)\n");
    }
}

static void
show_one(const struct hactl_globals *g, GVariant *st, xmlDoc *doc,
         const struct node_info *ni)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autofree char *rscs = joined(ni->resources);
    xmlNode *el = config_node(doc, ni->name);

    if (g->json) {
        json_builder_begin_object(b);
        json_node(b, ni);
    } else {
        printf("Node %s (id %u): %s%s\n", ni->name, ni->id,
               ni->unclean ? "UNCLEAN" : ni->state, ni->dc ? ", DC" : "");
        printf("Standby: %s\n", ni->standby ? "yes" : "no");
        printf("Maintenance: %s\n", ni->maintenance ? "yes" : "no");
        printf("Resources: %s\n", rscs);
    }
    show_set(g, b, el, "instance_attributes", g->json ? "attributes"
                                                      : "Attributes");
    show_transient(g, b, st, ni->name);
    show_set(g, b, el, "utilization", g->json ? "utilization" : "Utilization");
    if (g->json) {
        g_autoptr(JsonNode) root = NULL;

        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
    }
}

int
hactl_node_show(const struct hactl_globals *g, const char *node)
{
    int code = 0;
    g_autoptr(GVariant) st = status_read(&code);
    GArray *nodes;
    xmlDoc *doc;

    if (st == NULL) {
        return code;
    }
    doc = hactl_config_read(NULL, &code);
    if (doc == NULL) {
        return code;
    }
    nodes = nodes_of(st);
    code = HACTL_EXIT_NOT_FOUND;
    for (guint i = 0; i < nodes->len; i++) {
        const struct node_info *ni = &g_array_index(nodes, struct node_info,
                                                    i);

        if (strcmp(ni->name, node) == 0) {
            show_one(g, st, doc, ni);
            code = HACTL_EXIT_OK;
        }
    }
    if (code != HACTL_EXIT_OK) {
        fprintf(stderr, "hactl: node show: no node '%s' in the cluster\n",
                node);
    }
    nodes_free(nodes);
    xmlFreeDoc(doc);
    return code;
}
