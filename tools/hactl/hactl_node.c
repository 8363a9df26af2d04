/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_node.c - `hactl node standby|unstandby|maintenance|
 * unmaintenance NODE` (permanent node attributes in the configuration),
 * `hactl node utilization NODE [NAME=VALUE | NAME=]...` (the node's
 * capacity in the configuration) and `hactl node attribute NODE NAME
 * [VALUE | --delete] [--lifetime reboot|forever]` (transient node
 * attributes: in memory, replicated, lost when the node is lost; with
 * --lifetime forever: permanent ones, in the configuration's <nodes>).  `node list|show` is hactl_node_show.c.
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
    fprintf(out, "Usage: hactl node list               every node: id, "
            "state, DC, standby,\n"
            "                                   maintenance, resources "
            "active there\n"
            "       hactl node show NODE          the same, its attributes "
            "and utilization\n"
            "       hactl node utilization NODE [NAME=VALUE | NAME=]...\n"
            "                                   set (non-negative integers) "
            "or unset its\n"
            "                                   capacity; without NAME=: "
            "show it\n"
            "       hactl node stop               stop this node cleanly: "
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
            "                                   add --lifetime forever for a "
            "permanent one\n"
            "                                   (in the configuration; "
            "default: reboot)\n"
            "standby, maintenance and utilization are kept in the "
            "configuration and\n"
            "accept --wait[=SECONDS]; list, show and utilization accept "
            "--output json.\n"
            "Examples:\n"
            "  hactl node standby node2 --wait\n"
            "  hactl node utilization node1 cpu=8 memory=16384\n");
    return code;
}

/* ---- permanent node attributes (configuration <nodes>) ---- */

struct node_flag {
    const char *node, *name, *value;
    guint32 nodeid;
};

/* The <node> entry of @node (created when missing) with a set
 * @set_name; node ids are numbers, not valid XML ids for the set, so the
 * set is nodes-ID[-SET]. */
static xmlNode *
node_element(xmlDoc *doc, const char *node, guint32 nodeid,
             const char *set_name)
{
    xmlNode *nodes = hactl_xml_section(doc, "nodes");
    xmlNode *el = NULL;

    for (xmlNode *n = ha_xml_first_child(nodes, "node"); n != NULL;
         n = ha_xml_next(n, "node")) {
        if (g_strcmp0(ha_xml_attr(n, "uname"), node) == 0) {
            el = n;
        }
    }
    if (el == NULL) {
        g_autofree char *id = g_strdup_printf("%u", nodeid);

        el = hactl_xml_add(nodes, "node", id);
        xmlSetProp(el, (const xmlChar *) "uname", (const xmlChar *) node);
        xmlSetProp(el, (const xmlChar *) "type", (const xmlChar *) "member");
    }
    if (ha_xml_first_child(el, set_name) == NULL) {
        g_autofree char *sid = (strcmp(set_name, "instance_attributes") == 0)
            ? g_strdup_printf("nodes-%s", ha_xml_attr(el, "id"))
            : g_strdup_printf("nodes-%s-%s", ha_xml_attr(el, "id"), set_name);

        (void) hactl_xml_add(el, set_name, sid);
    }
    return el;
}

static int
edit_node_flag(xmlDoc *doc, void *ud)
{
    const struct node_flag *f = ud;
    xmlNode *el = node_element(doc, f->node, f->nodeid,
                               "instance_attributes");

    hactl_xml_nvpair(el, "instance_attributes", f->name, f->value);
    if (f->value != NULL) {
        hactl_edit_say("Node %s: %s=%s", f->node, f->name, f->value);
    } else {
        hactl_edit_say("Node %s: %s deleted", f->node, f->name);
    }
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
    return hactl_settled_after(rc, "node", wait_s);
}

int
hactl_node_attr_forever_get(const char *node, const char *name,
                            char **ret_value)
{
    int code = HACTL_EXIT_OK;
    g_autoptr(xmlDoc) doc = hactl_config_read(NULL, &code);
    xmlNode *nodes;

    *ret_value = NULL;
    if (doc == NULL) {
        return code;
    }
    nodes = hactl_xml_section(doc, "nodes");
    for (xmlNode *n = ha_xml_first_child(nodes, "node"); n != NULL;
         n = ha_xml_next(n, "node")) {
        const char *v = hactl_xml_nvpair_get(n, "instance_attributes", name);

        if (g_strcmp0(ha_xml_attr(n, "uname"), node) == 0 && v != NULL) {
            *ret_value = g_strdup(v);
        }
    }
    return HACTL_EXIT_OK;
}

int
hactl_node_attr_forever_set(const struct hactl_globals *g, const char *node,
                            const char *name, const char *value)
{
    struct node_flag f = { .node = node, .name = name, .value = value };
    int code = HACTL_EXIT_OK;

    {
        g_autofree char *old = NULL;

        /* what is already so (deleting what is not there, setting the
         * same value again: agents do at every monitor) writes nothing */
        code = hactl_node_attr_forever_get(node, name, &old);
        if (code != HACTL_EXIT_OK || g_strcmp0(old, value) == 0) {
            return code;
        }
    }
    f.nodeid = node_id(node, &code);
    if (f.nodeid == 0) {
        return code;
    }
    return hactl_edit(g, "node attribute", edit_node_flag, &f);
}

/* ---- utilization (configuration <nodes>) ---- */

struct node_util {
    const char *node;
    guint32 nodeid;
    char **pairs;           /* NAME=VALUE or NAME= */
};

static int
edit_node_util(xmlDoc *doc, void *ud)
{
    const struct node_util *u = ud;
    xmlNode *el = node_element(doc, u->node, u->nodeid, "utilization");
    g_autoptr(GString) said = g_string_new(NULL);

    for (char **p = u->pairs; *p != NULL; p++) {
        g_autofree char *name = g_strndup(*p, strchr(*p, '=') - *p);
        const char *value = strchr(*p, '=') + 1;

        hactl_xml_nvpair(el, "utilization", name, value);
        if (*value == '\0') {
            g_string_append_printf(said, "%s%s unset", said->len ? ", " : "",
                                   name);
        } else {
            g_string_append_printf(said, "%s%s=%s", said->len ? ", " : "",
                                   name, value);
        }
    }
    /* a set left empty (everything unset) is removed */
    hactl_xml_nvpair(el, "utilization", "", NULL);
    hactl_edit_say("Node %s: utilization %s", u->node, said->str);
    return 0;
}

/* NAME=VALUE with VALUE a non-negative integer or empty. */
static int
util_pair_ok(const char *pair)
{
    const char *eq = strchr(pair, '=');
    const char *v;

    if (eq == NULL || eq == pair) {
        fprintf(stderr, "hactl: node utilization: '%s' is not NAME=VALUE "
                "or NAME=\n", pair);
        return HACTL_EXIT_USAGE;
    }
    v = eq + 1;
    if (strspn(v, "0123456789") != strlen(v) || strlen(v) > 18) {
        fprintf(stderr, "hactl: node utilization: '%s' is not a "
                "non-negative integer\n", v);
        return HACTL_EXIT_INVALID;
    }
    return HACTL_EXIT_OK;
}

static int
util_show(const struct hactl_globals *g, const char *node)
{
    int code = 0;
    xmlDoc *doc = hactl_config_read(NULL, &code);
    xmlNode *el = NULL;
    g_autoptr(JsonBuilder) b = json_builder_new();
    guint count = 0;

    if (doc == NULL) {
        return code;
    }
    for (xmlNode *n = ha_xml_first_child(hactl_xml_section(doc, "nodes"),
                                         "node");
         n != NULL; n = ha_xml_next(n, "node")) {
        if (g_strcmp0(ha_xml_attr(n, "uname"), node) == 0) {
            el = n;
        }
    }
    json_builder_begin_object(b);
    for (xmlNode *s = ha_xml_first_child(el, "utilization"); s != NULL;
         s = ha_xml_next(s, "utilization")) {
        for (xmlNode *nv = ha_xml_first_child(s, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            count++;
            json_builder_set_member_name(b, ha_xml_attr(nv, "name"));
            json_builder_add_string_value(b, ha_xml_attr(nv, "value"));
            if (!g->json) {
                printf("%s=%s\n", ha_xml_attr(nv, "name"),
                       ha_xml_attr(nv, "value"));
            }
        }
    }
    json_builder_end_object(b);
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    } else if (count == 0) {
        printf("No utilization for %s\n", node);
    }
    xmlFreeDoc(doc);
    return HACTL_EXIT_OK;
}

static int
node_util(const struct hactl_globals *g, int argc, char **argv)
{
    g_autoptr(GPtrArray) pairs = g_ptr_array_new();
    struct node_util u = { .node = argv[0] };
    double wait_s = 0;
    int code = 0;

    for (int i = 1; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (w < 0) {
            fprintf(stderr, "hactl: bad %s\n", argv[i]);
            return HACTL_EXIT_USAGE;
        }
        if (w == 0) {
            code = util_pair_ok(argv[i]);
            if (code != HACTL_EXIT_OK) {
                return code;
            }
            g_ptr_array_add(pairs, argv[i]);
        }
    }
    u.nodeid = node_id(u.node, &code);
    if (u.nodeid == 0) {
        return code;
    }
    if (pairs->len == 0) {
        return util_show(g, u.node);
    }
    g_ptr_array_add(pairs, NULL);
    u.pairs = (char **) pairs->pdata;
    code = hactl_edit(g, "node utilization", edit_node_util, &u);
    return hactl_settled_after(code, "node", wait_s);
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

/* `node attribute NODE NAME [VALUE | --delete] [--lifetime L]` */
static int
node_attribute(const struct hactl_globals *g, int argc, char **argv)
{
    gboolean forever = FALSE;

    if (argc >= 6 && strcmp(argv[argc - 2], "--lifetime") == 0) {
        forever = (strcmp(argv[argc - 1], "forever") == 0);
        if (!forever && strcmp(argv[argc - 1], "reboot") != 0) {
            fprintf(stderr, "hactl: --lifetime is reboot or forever, not "
                    "'%s'\n", argv[argc - 1]);
            return HACTL_EXIT_USAGE;
        }
        argc -= 2;
    }
    if (argc == 4 && forever) {
        g_autofree char *v = NULL;
        int code = hactl_node_attr_forever_get(argv[2], argv[3], &v);

        if (code == HACTL_EXIT_OK && v == NULL) {
            fprintf(stderr, "hactl: node '%s' has no attribute '%s'\n",
                    argv[2], argv[3]);
            return HACTL_EXIT_NOT_FOUND;
        }
        if (v != NULL) {
            printf("%s\n", v);
        }
        return code;
    }
    if (argc == 4) {
        return attr_get(argv[2], argv[3]);
    }
    if (argc == 5) {
        const char *value = (strcmp(argv[4], "--delete") == 0) ? NULL : argv[4];

        return forever ? hactl_node_attr_forever_set(g, argv[2], argv[3], value)
                       : attr_set(argv[2], argv[3], value);
    }
    return node_usage(stderr, HACTL_EXIT_USAGE);
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
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        return hactl_node_list(g);
    }
    if (argc == 3 && strcmp(argv[1], "show") == 0) {
        return hactl_node_show(g, argv[2]);
    }
    if (argc >= 3 && strcmp(argv[1], "utilization") == 0) {
        return node_util(g, argc - 2, argv + 2);
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
    return node_attribute(g, argc, argv);
}
