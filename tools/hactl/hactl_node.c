/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_node.c - `hactl node standby|unstandby|maintenance|
 * unmaintenance NODE` (permanent node attributes in the configuration) and
 * `hactl node attribute NODE NAME [VALUE | --delete]` (transient node
 * attributes: in memory, replicated, lost when the node is lost).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "common/xml.h"
#include "hactl.h"
#include "hactl_edit.h"

static int
node_usage(FILE *out, int code)
{
    fprintf(out, "Usage: hactl node stop               stop this node cleanly: "
            "its resources\n"
            "                                   move away first, no fencing\n"
            "       hactl node standby NODE       resources move away\n"
            "       hactl node unstandby NODE\n"
            "       hactl node maintenance NODE   resources there are left "
            "alone\n"
            "       hactl node unmaintenance NODE\n"
            "       hactl node attribute NODE NAME          (show)\n"
            "       hactl node attribute NODE NAME VALUE    (set)\n"
            "       hactl node attribute NODE NAME --delete\n"
            "standby and maintenance are kept in the configuration and "
            "accept --wait[=SECONDS].\n"
            "Example: hactl node standby node2 --wait\n");
    return code;
}

/* ---- permanent node attributes (configuration <nodes>) ---- */

struct node_flag {
    const char *node, *name, *value;
    guint32 nodeid;
};

static int
edit_node_flag(xmlDoc *doc, void *ud)
{
    const struct node_flag *f = ud;
    xmlNode *nodes = hactl_xml_section(doc, "nodes");
    xmlNode *el = NULL;

    for (xmlNode *n = ha_xml_first_child(nodes, "node"); n != NULL;
         n = ha_xml_next(n, "node")) {
        if (g_strcmp0(ha_xml_attr(n, "uname"), f->node) == 0) {
            el = n;
        }
    }
    if (el == NULL) {
        g_autofree char *id = g_strdup_printf("%u", f->nodeid);

        el = hactl_xml_add(nodes, "node", id);
        xmlSetProp(el, (const xmlChar *) "uname", (const xmlChar *) f->node);
        xmlSetProp(el, (const xmlChar *) "type", (const xmlChar *) "member");
    }
    if (ha_xml_first_child(el, "instance_attributes") == NULL) {
        /* node ids are numbers: not valid XML ids for the set */
        g_autofree char *sid = g_strdup_printf("nodes-%s",
                                               ha_xml_attr(el, "id"));

        (void) hactl_xml_add(el, "instance_attributes", sid);
    }
    hactl_xml_nvpair(el, "instance_attributes", f->name, f->value);
    hactl_edit_say("Node %s: %s=%s", f->node, f->name, f->value);
    return 0;
}

/* The corosync node id of @node from hacd's status, 0 if unknown. */
static guint32
node_id(const char *node, int *ret_exit)
{
    g_autoptr(GVariant) st = NULL;
    g_autoptr(GVariant) nodes = NULL;
    GVariantIter it;
    guint32 id;
    const char *name, *state;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    *ret_exit = HACTL_EXIT_OK;
    if (rc < 0) {
        *ret_exit = hactl_hacd_fail(rc, "node");
        return 0;
    }
    nodes = g_variant_lookup_value(st, "nodes", G_VARIANT_TYPE("a(uss)"));
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        if (strcmp(name, node) == 0) {
            return id;
        }
    }
    fprintf(stderr, "hactl: no node '%s' in the cluster\n", node);
    *ret_exit = HACTL_EXIT_NOT_FOUND;
    return 0;
}

static int
node_flag(const struct hactl_globals *g, const char *verb, const char *node, double wait_s)
{
    gboolean off = g_str_has_prefix(verb, "un");
    struct node_flag f = {
        .node = node, .name = off ? verb + 2 : verb,
        .value = off ? "off" : "on",
    };
    int code = 0;
    int rc;

    f.nodeid = node_id(node, &code);
    if (f.nodeid == 0) {
        return code;
    }
    rc = hactl_edit(g, verb, edit_node_flag, &f);
    return (rc == HACTL_EXIT_OK && wait_s > 0)
           ? hactl_wait_settled("node", wait_s) : rc;
}

static int
attr_get(const char *node, const char *name)
{
    g_autoptr(GVariant) reply = NULL;
    const char *value = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_ATTR_GET,
                             g_variant_new("(ss)", node, name),
                             HA_IPC_HACD_MAYBE_REPLY, FALSE, &reply);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "node attribute");
    }
    g_variant_get(reply, "(m&s)", &value);
    if (value == NULL) {
        fprintf(stderr, "hactl: node '%s' has no attribute '%s'\n", node, name);
        return HACTL_EXIT_NOT_FOUND;
    }
    printf("%s\n", value);
    return HACTL_EXIT_OK;
}

static int
attr_set(const char *node, const char *name, const char *value)
{
    int rc = hactl_hacd_call(HA_IPC_HACD_ATTR_SET,
                             g_variant_new("(ssms)", node, name, value),
                             HA_IPC_HACD_EMPTY_REPLY, FALSE, NULL);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "node attribute");
    }
    return HACTL_EXIT_OK;
}

int
ha_hactl_cmd_node(const struct hactl_globals *g, int argc, char **argv)
{
    static const char *const flags[] = { "standby", "unstandby",
                                         "maintenance", "unmaintenance" };
    double wait_s = 0;

    if (argc >= 2 && (strcmp(argv[1], "--help") == 0
                      || (argc > 2 && strcmp(argv[2], "--help") == 0))) {
        return node_usage(stdout, HACTL_EXIT_OK);
    }
    for (guint i = 0; argc >= 3 && i < G_N_ELEMENTS(flags); i++) {
        if (strcmp(argv[1], flags[i]) == 0
            && (argc == 3 || (argc == 4
                              && hactl_parse_wait(argv[3], &wait_s) == 1))) {
            return node_flag(g, argv[1], argv[2], wait_s);
        }
    }
    if (argc == 2 && strcmp(argv[1], "stop") == 0) {
        int rc = hactl_hacd_call(HA_IPC_HACD_SHUTDOWN, g_variant_new("()"),
                                 HA_IPC_HACD_EMPTY_REPLY, FALSE, NULL);

        if (rc < 0) {
            return hactl_hacd_fail(rc, "node stop");
        }
        printf("hacd is stopping: its resources move away, then it leaves\n");
        return HACTL_EXIT_OK;
    }
    if (argc < 2 || strcmp(argv[1], "attribute") != 0) {
        return node_usage(stderr, HACTL_EXIT_USAGE);
    }
    if (argc == 4) {
        return attr_get(argv[2], argv[3]);
    }
    if (argc == 5 && strcmp(argv[4], "--delete") == 0) {
        return attr_set(argv[2], argv[3], NULL);
    }
    if (argc == 5) {
        return attr_set(argv[2], argv[3], argv[4]);
    }
    return node_usage(stderr, HACTL_EXIT_USAGE);
}
