/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_stonith_level.c - `hactl stonith level add|delete|
 * list`: the fencing topology (<fencing-topology><fencing-level id target
 * index devices/>).  hacd tries a node's levels by index; every device of
 * a level must succeed, a failed level gives way to the next.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "hactl_cli.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))
#define LEVEL_MAX 9

struct level {
    const char *node;
    int index;              /* 0: every level of the node (delete) */
    const char *devices;
};

static int
level_parse(const char *text, int *ret_index)
{
    char *end = NULL;
    long v;

    if (text == NULL || *text < '0' || *text > '9') {
        return -EINVAL;
    }
    v = strtol(text, &end, 10);
    if (*end != '\0' || v < 1 || v > LEVEL_MAX) {
        return -EINVAL;
    }
    *ret_index = (int) v;
    return 0;
}

static int
level_index(const xmlNode *l)
{
    const char *i = ha_xml_attr(l, "index");

    return (i != NULL) ? atoi(i) : 0;
}

static gboolean
is_fence_device(const xmlNode *n)
{
    return n != NULL && ha_xml_is(n, "primitive")
           && g_strcmp0(ha_xml_attr(n, "class"), "stonith") == 0;
}

/* The node names of the cluster (hacd's status); NULL with *ret_exit. */
static GPtrArray *
cluster_nodes(int *ret_exit)
{
    g_autoptr(GVariant) st = NULL;
    g_autoptr(GVariant) nodes = NULL;
    GPtrArray *out;
    GVariantIter it;
    guint32 id;
    const char *name, *state;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    if (rc < 0) {
        *ret_exit = hactl_hacd_fail(rc, "stonith level");
        return NULL;
    }
    out = g_ptr_array_new_with_free_func(g_free);
    nodes = g_variant_lookup_value(st, "nodes", G_VARIANT_TYPE("a(uss)"));
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        g_ptr_array_add(out, g_strdup(name));
    }
    return out;
}

static int
edit_level_add(xmlDoc *doc, void *ud)
{
    const struct level *lv = ud;
    xmlNode *topo = hactl_xml_section(doc, "fencing-topology");
    g_auto(GStrv) devs = g_strsplit(lv->devices, ",", -1);
    g_autofree char *base = g_strdup_printf("fl-%s-%d", lv->node, lv->index);
    g_autofree char *id = NULL;
    g_autofree char *index = g_strdup_printf("%d", lv->index);
    xmlNode *n;

    for (char **d = devs; *d != NULL; d++) {
        if (!is_fence_device(hactl_xml_find_id(doc, *d))) {
            return hactl_edit_error(-HA_ENOTFOUND, "no fence device '%s'", *d);
        }
    }
    for (xmlNode *l = ha_xml_first_child(topo, "fencing-level"); l != NULL;
         l = ha_xml_next(l, "fencing-level")) {
        if (g_strcmp0(ha_xml_attr(l, "target"), lv->node) == 0
            && level_index(l) == lv->index) {
            return hactl_edit_error(-EEXIST, "node %s already has level %d "
                                    "('%s': %s)", lv->node, lv->index,
                                    ha_xml_attr(l, "id"),
                                    ha_xml_attr(l, "devices"));
        }
    }
    if (!ha_id_valid(base)) {
        g_free(base);
        base = g_strdup_printf("fl-%d", lv->index);
    }
    id = g_strdup(base);
    for (int i = 1; hactl_xml_find_id(doc, id) != NULL; i++) {
        g_free(id);
        id = g_strdup_printf("%s-%d", base, i);
    }
    n = hactl_xml_add(topo, "fencing-level", id);
    xmlSetProp(n, X("target"), X(lv->node));
    xmlSetProp(n, X("index"), X(index));
    xmlSetProp(n, X("devices"), X(lv->devices));
    hactl_edit_say("Fencing level %d of %s added: %s", lv->index, lv->node,
                   lv->devices);
    return 0;
}

/* <configuration><fencing-topology>, NULL when there is none (an edit
 * that finds no level adds no empty section). */
static xmlNode *
topology(xmlDoc *doc)
{
    xmlNode *cfg = ha_xml_first_child(xmlDocGetRootElement(doc),
                                      "configuration");

    return (cfg != NULL) ? ha_xml_first_child(cfg, "fencing-topology") : NULL;
}

static gboolean
level_uses(const xmlNode *l, const char *device)
{
    g_auto(GStrv) devs = g_strsplit(ha_xml_attr(l, "devices") != NULL
                                    ? ha_xml_attr(l, "devices") : "", ",", -1);

    return g_strv_contains((const char *const *) devs, device);
}

int
hactl_stonith_levels_unuse(xmlDoc *doc, const char *device, gboolean force,
                           GString *said)
{
    xmlNode *topo = topology(doc);
    g_autoptr(GString) users = g_string_new(NULL);
    xmlNode *l;

    for (l = ha_xml_first_child(topo, "fencing-level"); l != NULL;
         l = ha_xml_next(l, "fencing-level")) {
        if (level_uses(l, device)) {
            g_string_append_printf(users, "%slevel %d of %s", users->len
                                   ? ", " : "", level_index(l),
                                   ha_xml_attr(l, "target") != NULL
                                   ? ha_xml_attr(l, "target")
                                   : ha_xml_attr(l, "target-pattern"));
        }
    }
    if (users->len == 0) {
        return 0;
    }
    if (!force) {
        return hactl_edit_error(-EBUSY, "fence device '%s' is used by fencing "
                                "%s: without it those nodes may not be "
                                "fenced; give the levels other devices "
                                "(hactl stonith level), or add --force to "
                                "take it out of them", device, users->str);
    }
    l = ha_xml_first_child(topo, "fencing-level");
    while (l != NULL) {
        xmlNode *next = ha_xml_next(l, "fencing-level");

        if (level_uses(l, device)) {
            g_auto(GStrv) devs = g_strsplit(ha_xml_attr(l, "devices"), ",", -1);
            g_autoptr(GString) rest = g_string_new(NULL);

            for (char **d = devs; *d != NULL; d++) {
                if (**d != '\0' && strcmp(*d, device) != 0) {
                    g_string_append_printf(rest, "%s%s", rest->len ? "," : "",
                                           *d);
                }
            }
            if (rest->len == 0) {
                g_string_append_printf(said, ", and fencing level '%s' it "
                                       "left empty", ha_xml_attr(l, "id"));
                xmlUnlinkNode(l);
                xmlFreeNode(l);
            } else {
                g_string_append_printf(said, ", and taken out of fencing "
                                       "level '%s' (now %s)",
                                       ha_xml_attr(l, "id"), rest->str);
                xmlSetProp(l, X("devices"), X(rest->str));
            }
        }
        l = next;
    }
    return 0;
}

static int
edit_level_delete(xmlDoc *doc, void *ud)
{
    const struct level *lv = ud;
    xmlNode *topo = hactl_xml_section(doc, "fencing-topology");
    xmlNode *next;
    guint removed = 0;

    for (xmlNode *l = ha_xml_first_child(topo, "fencing-level"); l != NULL;
         l = next) {
        next = ha_xml_next(l, "fencing-level");
        if (g_strcmp0(ha_xml_attr(l, "target"), lv->node) == 0
            && (lv->index == 0 || level_index(l) == lv->index)) {
            xmlUnlinkNode(l);
            xmlFreeNode(l);
            removed++;
        }
    }
    if (removed == 0 && lv->index == 0) {
        return hactl_edit_error(-HA_ENOTFOUND, "node %s has no fencing "
                                "level", lv->node);
    }
    if (removed == 0) {
        return hactl_edit_error(-HA_ENOTFOUND, "node %s has no fencing "
                                "level %d", lv->node, lv->index);
    }
    if (ha_xml_first_child(topo, NULL) == NULL) {
        xmlUnlinkNode(topo);    /* an empty topology says nothing */
        xmlFreeNode(topo);
    }
    if (lv->index == 0) {
        hactl_edit_say("Fencing levels of %s deleted (%u)", lv->node, removed);
    } else {
        hactl_edit_say("Fencing level %d of %s deleted", lv->index, lv->node);
    }
    return 0;
}

static gint
level_cmp(gconstpointer a, gconstpointer b)
{
    const xmlNode *x = *(const xmlNode *const *) a;
    const xmlNode *y = *(const xmlNode *const *) b;
    const char *tx = ha_xml_attr(x, "target");
    const char *ty = ha_xml_attr(y, "target");
    int c = g_strcmp0(tx != NULL ? tx : ha_xml_attr(x, "target-pattern"),
                      ty != NULL ? ty : ha_xml_attr(y, "target-pattern"));

    return (c != 0) ? c : level_index(x) - level_index(y);
}

static void
level_json(JsonBuilder *b, const xmlNode *l)
{
    g_auto(GStrv) devs = g_strsplit(ha_xml_attr(l, "devices") != NULL
                                    ? ha_xml_attr(l, "devices") : "", ",", -1);
    static const char *const keys[] = { "id", "target", "target-pattern",
                                        "target-attribute", "target-value" };

    json_builder_begin_object(b);
    for (guint k = 0; k < G_N_ELEMENTS(keys); k++) {
        if (ha_xml_attr(l, keys[k]) != NULL) {
            json_builder_set_member_name(b, keys[k]);
            json_builder_add_string_value(b, ha_xml_attr(l, keys[k]));
        }
    }
    json_builder_set_member_name(b, "index");
    json_builder_add_int_value(b, level_index(l));
    json_builder_set_member_name(b, "devices");
    json_builder_begin_array(b);
    for (char **d = devs; *d != NULL; d++) {
        if (**d != '\0') {
            json_builder_add_string_value(b, *d);
        }
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

static void
level_print(const xmlNode *l)
{
    const char *target = ha_xml_attr(l, "target");
    g_autofree char *who = NULL;

    if (target != NULL) {
        who = g_strdup(target);
    } else if (ha_xml_attr(l, "target-pattern") != NULL) {
        who = g_strdup_printf("nodes matching '%s'",
                              ha_xml_attr(l, "target-pattern"));
    } else {
        who = g_strdup_printf("nodes with %s=%s",
                              ha_xml_attr(l, "target-attribute"),
                              ha_xml_attr(l, "target-value"));
    }
    printf("%s level %d: %s\n", who, level_index(l),
           ha_xml_attr(l, "devices"));
}

static int
level_list(const struct hactl_globals *g, const char *node)
{
    int code = 0;
    xmlDoc *doc = hactl_config_read(NULL, &code);
    g_autoptr(GPtrArray) levels = g_ptr_array_new();
    g_autoptr(JsonBuilder) b = json_builder_new();
    xmlNode *topo;

    if (doc == NULL) {
        return code;
    }
    topo = hactl_xml_section(doc, "fencing-topology");
    for (xmlNode *l = ha_xml_first_child(topo, "fencing-level"); l != NULL;
         l = ha_xml_next(l, "fencing-level")) {
        if (node == NULL || g_strcmp0(ha_xml_attr(l, "target"), node) == 0) {
            g_ptr_array_add(levels, l);
        }
    }
    g_ptr_array_sort(levels, level_cmp);
    json_builder_begin_array(b);
    for (guint i = 0; i < levels->len; i++) {
        if (g->json) {
            level_json(b, levels->pdata[i]);
        } else {
            level_print(levels->pdata[i]);
        }
    }
    json_builder_end_array(b);
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    } else if (levels->len == 0) {
        printf("No fencing levels%s%s\n", node != NULL ? " for " : "",
               node != NULL ? node : "");
    }
    xmlFreeDoc(doc);
    return HACTL_EXIT_OK;
}

/* NODE must be a cluster node, DEVICES a comma list without holes. */
static int
check_add(const char *node, const char *devices)
{
    int code = 0;
    g_autoptr(GPtrArray) nodes = cluster_nodes(&code);
    g_auto(GStrv) devs = g_strsplit(devices, ",", -1);
    gboolean known = FALSE;

    if (nodes == NULL) {
        return code;
    }
    for (guint i = 0; i < nodes->len; i++) {
        known = known || strcmp(nodes->pdata[i], node) == 0;
    }
    if (!known) {
        fprintf(stderr, "hactl: stonith level add: no node '%s' in the "
                "cluster\n", node);
        return HACTL_EXIT_NOT_FOUND;
    }
    for (char **d = devs; *d != NULL; d++) {
        if (**d == '\0' || strpbrk(*d, " \t") != NULL) {
            fprintf(stderr, "hactl: stonith level add: '%s' is not a list "
                    "of devices (DEVICE[,DEVICE...])\n", devices);
            return HACTL_EXIT_INVALID;
        }
    }
    return HACTL_EXIT_OK;
}

static int
bad_level(const char *verb, const char *text)
{
    fprintf(stderr, "hactl: stonith level %s: '%s' is not a level (1 to "
            "%d)\n", verb, text, LEVEL_MAX);
    return HACTL_EXIT_INVALID;
}

int
hactl_stonith_level_list(const struct hactl_globals *g,
                         const struct hactl_args *a)
{
    return level_list(g, a->argv[0]);
}

int
hactl_stonith_level_add(const struct hactl_globals *g,
                        const struct hactl_args *a)
{
    struct level lv = { .node = a->argv[0], .devices = a->argv[2] };
    int rc;

    if (level_parse(a->argv[1], &lv.index) < 0) {
        return bad_level("add", a->argv[1]);
    }
    rc = check_add(lv.node, lv.devices);
    if (rc != HACTL_EXIT_OK) {
        return rc;
    }
    rc = hactl_edit(g, "stonith level add", edit_level_add, &lv);
    return hactl_settled_after(rc, "stonith level", a->wait_s);
}

int
hactl_stonith_level_delete(const struct hactl_globals *g,
                           const struct hactl_args *a)
{
    struct level lv = { .node = a->argv[0] };
    int rc;

    if (a->argc == 2 && level_parse(a->argv[1], &lv.index) < 0) {
        return bad_level("delete", a->argv[1]);
    }
    rc = hactl_edit(g, "stonith level delete", edit_level_delete, &lv);
    return hactl_settled_after(rc, "stonith level", a->wait_s);
}
