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
#include "hactl_cli.h"
#include "hactl_edit.h"

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
    g_autoptr(GPtrArray) names = g_ptr_array_new();
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
        g_ptr_array_add(names, (char *) name);
    }
    g_ptr_array_add(names, NULL);
    fprintf(stderr, "hactl: no node '%s' in the cluster\n", node);
    hactl_say_did_you_mean(node, (const char *const *) names->pdata);
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
node_util(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) pairs = g_ptr_array_new();
    struct node_util u = { .node = a->argv[0] };
    int code = 0;

    for (int i = 1; i < a->argc; i++) {
        code = util_pair_ok(a->argv[i]);
        if (code != HACTL_EXIT_OK) {
            return code;
        }
        g_ptr_array_add(pairs, a->argv[i]);
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
    return hactl_settled_after(code, "node", a->wait_s);
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
node_attribute(const struct hactl_globals *g, const struct hactl_args *a)
{
    const char *lifetime = hactl_arg_value(a, "lifetime");
    gboolean forever = (g_strcmp0(lifetime, "forever") == 0);
    gboolean del = hactl_arg_flag(a, "delete");
    const char *node = a->argv[0], *name = a->argv[1];

    if (a->argc == 2 && !del && forever) {
        g_autofree char *v = NULL;
        int code = hactl_node_attr_forever_get(node, name, &v);

        if (code == HACTL_EXIT_OK && v == NULL) {
            fprintf(stderr, "hactl: node '%s' has no attribute '%s'\n",
                    node, name);
            return HACTL_EXIT_NOT_FOUND;
        }
        if (v != NULL) {
            printf("%s\n", v);
        }
        return code;
    }
    if (a->argc == 2 && !del) {
        return attr_get(node, name);
    }
    if (del == (a->argc == 3)) {
        fprintf(stderr, "hactl: node attribute: a VALUE or --delete, not "
                "both\n");
        hactl_help_usage_line(stderr, &hactl_noun_node, a->verb);
        return HACTL_EXIT_USAGE;
    }
    return forever ? hactl_node_attr_forever_set(g, node, name, a->argv[2])
                   : attr_set(node, name, a->argv[2]);
}

static int
node_flag_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    return node_flag(g, a->verb->name, a->argv[0], a->wait_s);
}

static int
node_list_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    (void) a;
    return hactl_node_list(g);
}

static int
node_show_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    return hactl_node_show(g, a->argv[0]);
}

static int
node_stop(const struct hactl_globals *g, const struct hactl_args *a)
{
    int rc = hactl_hacd_call(HA_IPC_HACD_SHUTDOWN, g_variant_new("()"),
                             HA_IPC_HACD_EMPTY_REPLY, FALSE, NULL);

    (void) g;
    (void) a;
    if (rc < 0) {
        return hactl_hacd_fail(rc, "node stop");
    }
    printf("hacd is stopping: its resources move away, then it leaves\n");
    return HACTL_EXIT_OK;
}

static const struct hactl_opt attribute_opts[] = {
    { "delete", HACTL_OPT_FLAG, NULL, "delete the attribute" },
    { "lifetime", HACTL_OPT_VALUE, "reboot|forever", "reboot (default): in "
      "memory, lost with the node;\nforever: in the configuration's "
      "<nodes>" },
    { NULL },
};

static const struct hactl_verb node_verbs[] = {
    { "list", NULL, NULL, node_list_verb, 0, "every node: id, state, DC, "
      "standby, maintenance, resources active there", NULL,
      "hactl --output json node list" },
    { "show", "NODE", NULL, node_show_verb, 0, "the same for NODE, its "
      "attributes and utilization", NULL, "hactl node show node1" },
    { "standby", "NODE", NULL, node_flag_verb, HACTL_VERB_WAIT,
      "resources move away from NODE", "Kept in the configuration (node "
      "attribute standby=on).", "hactl node standby node2 --wait" },
    { "unstandby", "NODE", NULL, node_flag_verb, HACTL_VERB_WAIT,
      "NODE may run resources again", NULL, "hactl node unstandby node2" },
    { "maintenance", "NODE", NULL, node_flag_verb, HACTL_VERB_WAIT,
      "resources on NODE are left alone", "The cluster neither starts, "
      "stops nor monitors them (node attribute\nmaintenance=on, in the "
      "configuration).", "hactl node maintenance node1" },
    { "unmaintenance", "NODE", NULL, node_flag_verb, HACTL_VERB_WAIT,
      "the cluster manages NODE's resources again", NULL,
      "hactl node unmaintenance node1" },
    { "attribute", "NODE NAME [VALUE]", attribute_opts, node_attribute, 0,
      "show, set (VALUE) or delete (--delete) a node attribute",
      "Transient attributes live in memory, replicated, and are lost when "
      "the node\nis lost; --lifetime forever keeps one in the "
      "configuration.", "hactl node attribute node1 rack 3\n"
      "hactl node attribute node1 rack --delete --lifetime forever" },
    { "utilization", "NODE [NAME=VALUE | NAME=]...", NULL, node_util,
      HACTL_VERB_WAIT, "set (non-negative integers) or unset NODE's "
      "capacity;\nwithout NAME=: show it", NULL,
      "hactl node utilization node1 cpu=8 memory=16384" },
    { "stop", NULL, NULL, node_stop, 0, "stop this node cleanly: its "
      "resources move away first, no fencing", NULL, "hactl node stop" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_node = {
    "node", "standby, maintenance, node attributes", node_verbs, NULL,
};
