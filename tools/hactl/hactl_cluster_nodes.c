/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_nodes.c - `hactl cluster join NODE=ADDR` and
 * `hactl cluster leave NODE`: edit the nodelist of this node's
 * corosync.conf, keep two_node right (on for exactly two nodes, unless
 * auto_tie_breaker), and have corosync reload it when it runs here.  The
 * other nodes need the new file too: the output says what to copy where.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "hactl_cli.h"
#include "hactl_cluster.h"

/* What a join or leave did, for the output. */
struct node_edit {
    const char *command;        /* "cluster join" / "cluster leave" */
    const char *name;
    guint32 nodeid;
    char **addrs;               /* borrowed */
    const char *two_node_said;  /* "set", "removed" or NULL */
    gboolean reloaded;
    char *next;                 /* what the operator does next (owned) */
};

/* two_node: 1 for exactly @count nodes without auto_tie_breaker. */
static const char *
update_two_node(struct hactl_cluster *c, guint count)
{
    gboolean want = (count == 2 && !c->auto_tie_breaker);

    if (c->quorum == NULL || want == c->two_node) {
        return NULL;
    }
    hactl_csconf_set(c->quorum, "two_node", want ? "1" : NULL);
    c->two_node = want;
    return want ? "1 set" : "removed";
}

/* Write the edited tree back, with the file's mode. */
static int
save(const struct hactl_cluster *c, const char *what)
{
    g_autofree char *text = hactl_csconf_format(c->root);
    struct stat st;
    int mode = (stat(c->path, &st) == 0) ? (int) (st.st_mode & 07777) : 0644;
    int rc = hactl_cluster_file_replace(c->path, text, strlen(text), mode);

    if (rc < 0) {
        fprintf(stderr, "hactl: %s: could not write '%s': %s\n", what,
                c->path, g_strerror(-rc));
        return hactl_exit_from_rc(rc);
    }
    return HACTL_EXIT_OK;
}

/* corosync-cfgtool -R if the file is the one a corosync running here
 * reads; TRUE if it reloaded. */
static gboolean
reload(const struct hactl_cluster *c, const char *what)
{
    const char *tool = hactl_cluster_tool(HACTL_CFGTOOL_ENV,
                                          HACTL_CFGTOOL_DEFAULT);
    const char *status[] = { tool, "-s", NULL };
    const char *argv[] = { tool, "-R", NULL };
    g_autofree char *output = NULL;

    if (tool == NULL || strcmp(c->dir, HACTL_COROSYNC_DIR) != 0
        || hactl_cluster_run(status, NULL) != 0) {
        return FALSE;
    }
    if (hactl_cluster_run(argv, &output) != 0) {
        fprintf(stderr, "hactl: %s: corosync-cfgtool -R failed, ignoring: "
                "%s\n", what, output != NULL ? g_strchomp(output) : "");
        return FALSE;
    }
    return TRUE;
}

static void
print_edit(const struct hactl_globals *g, const struct hactl_cluster *c,
           const struct node_edit *e)
{
    gboolean join = (strcmp(e->command, "cluster join") == 0);
    g_autofree char *addrs = g_strjoinv(", ", e->addrs);

    if (g->json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "command");
        json_builder_add_string_value(b, e->command);
        json_builder_set_member_name(b, "path");
        json_builder_add_string_value(b, c->path);
        json_builder_set_member_name(b, "node");
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, e->name);
        json_builder_set_member_name(b, "nodeid");
        json_builder_add_int_value(b, e->nodeid);
        json_builder_set_member_name(b, "addresses");
        json_builder_begin_array(b);
        for (guint k = 0; e->addrs[k] != NULL; k++) {
            json_builder_add_string_value(b, e->addrs[k]);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
        json_builder_set_member_name(b, "nodes");
        json_builder_add_int_value(b, c->nodes->len + (join ? 1 : -1));
        json_builder_set_member_name(b, "two_node");
        json_builder_add_boolean_value(b, c->two_node);
        json_builder_set_member_name(b, "reloaded");
        json_builder_add_boolean_value(b, e->reloaded);
        json_builder_set_member_name(b, "next");
        json_builder_add_string_value(b, e->next);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
        return;
    }
    printf("Node '%s' (nodeid %u, %s) %s %s\n", e->name, e->nodeid, addrs,
           join ? "added to" : "removed from", c->path);
    if (e->two_node_said != NULL) {
        guint count = c->nodes->len + (join ? 1 : -1);

        printf("two_node: %s (%u node%s)\n", e->two_node_said, count,
               count == 1 ? "" : "s");
    }
    if (e->reloaded) {
        printf("corosync here reloaded it (corosync-cfgtool -R)\n");
    }
    printf("Next: %s\n", e->next);
}

/* IPv4 or IPv6 for a literal, 0 for a name. */
static int
literal_family(const char *addr)
{
    unsigned char buf[sizeof(struct in6_addr)];

    if (inet_pton(AF_INET, addr, buf) == 1) {
        return AF_INET;
    }
    return (inet_pton(AF_INET6, addr, buf) == 1) ? AF_INET6 : 0;
}

/* The new node's addresses against the nodes there: an exit code. */
static int
check_join_addrs(const struct hactl_cluster *c, const char *name,
                 char **addrs)
{
    const struct hactl_cluster_node *first = (c->nodes->len > 0)
                                             ? c->nodes->pdata[0] : NULL;
    guint n = g_strv_length(addrs);

    if (n == 0 || g_strv_contains((const char *const *) addrs, "")) {
        fprintf(stderr, "hactl: cluster join: an empty address for '%s'\n",
                name);
        return HACTL_EXIT_INVALID;
    }
    if (n > HACTL_CLUSTER_MAX_LINKS) {
        fprintf(stderr, "hactl: cluster join: %u addresses: at most %d "
                "links\n", n, HACTL_CLUSTER_MAX_LINKS);
        return HACTL_EXIT_INVALID;
    }
    if (first != NULL && n != first->n_addrs) {
        fprintf(stderr, "hactl: cluster join: '%s' has %u address(es), the "
                "nodes there have %u (one per link)\n", name, n,
                first->n_addrs);
        return HACTL_EXIT_INVALID;
    }
    for (guint k = 0; k < n; k++) {
        int family = 0;

        if (hactl_cluster_addr_check("cluster join", addrs[k], &family) < 0) {
            return HACTL_EXIT_INVALID;
        }
        for (guint i = 0; i < c->nodes->len; i++) {
            const struct hactl_cluster_node *o = c->nodes->pdata[i];

            for (guint l = 0; l < o->n_addrs; l++) {
                if (strcmp(o->addrs[l], addrs[k]) == 0) {
                    fprintf(stderr, "hactl: cluster join: address '%s' is "
                            "taken by node '%s'\n", addrs[k], o->name);
                    return HACTL_EXIT_INVALID;
                }
            }
        }
        if (first != NULL && literal_family(first->addrs[k]) != 0
            && literal_family(addrs[k]) != 0
            && literal_family(first->addrs[k]) != literal_family(addrs[k])) {
            fprintf(stderr, "hactl: cluster join: link %u would mix IPv4 and "
                    "IPv6: '%s', and node '%s' has '%s'\n", k, addrs[k],
                    first->name, first->addrs[k]);
            return HACTL_EXIT_INVALID;
        }
    }
    return HACTL_EXIT_OK;
}

static guint32
free_nodeid(const struct hactl_cluster *c)
{
    for (guint32 id = 1;; id++) {
        gboolean taken = FALSE;

        for (guint i = 0; i < c->nodes->len && !taken; i++) {
            taken = (((const struct hactl_cluster_node *)
                      c->nodes->pdata[i])->nodeid == id);
        }
        if (!taken) {
            return id;
        }
    }
}

/* --dir DIR, --force (leave only) and the NODE argument. */
static int
parse_node_args(const struct hactl_args *a, const char **ret_dir,
                gboolean *ret_force, const char **ret_spec)
{
    if (hactl_arg_value(a, "dir") != NULL) {
        *ret_dir = hactl_arg_value(a, "dir");
    }
    *ret_force = hactl_arg_flag(a, "force");
    *ret_spec = a->argv[0];
    return HACTL_EXIT_OK;
}

int
hactl_cluster_join(const struct hactl_globals *g, const struct hactl_args *a)
{
    const char *dir = HACTL_COROSYNC_DIR;
    const char *spec = NULL;
    gboolean force = FALSE;
    g_autoptr(hactl_cluster_t) c = NULL;
    g_autofree char *name = NULL;
    g_auto(GStrv) addrs = NULL;
    struct node_edit e = { .command = "cluster join" };
    struct hactl_csconf *sec;
    const char *eq;
    int code = parse_node_args(a, &dir, &force, &spec);

    if (code != HACTL_EXIT_OK) {
        return code;
    }
    eq = strchr(spec, '=');
    name = g_strndup(spec, eq != NULL ? (gsize) (eq - spec) : strlen(spec));
    addrs = g_strsplit(eq != NULL ? eq + 1 : name, ",", -1);
    if (!hactl_cluster_name_valid(name)) {
        fprintf(stderr, "hactl: cluster join: '%s' is not a valid node name\n",
                name);
        return HACTL_EXIT_INVALID;
    }
    code = hactl_cluster_load(dir, e.command, &c);
    if (code < 0) {
        return hactl_exit_from_rc(code);
    }
    if (hactl_cluster_node_find(c, name) != NULL) {
        fprintf(stderr, "hactl: cluster join: node '%s' is already in %s "
                "(nodeid %u)\n", name, c->path,
                hactl_cluster_node_find(c, name)->nodeid);
        return HACTL_EXIT_EXISTS;
    }
    code = check_join_addrs(c, name, addrs);
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    e.name = name;
    e.addrs = addrs;
    e.nodeid = free_nodeid(c);
    sec = hactl_csconf_add_section(c->nodelist, "node");
    hactl_csconf_set(sec, "name", name);
    {
        g_autofree char *id = g_strdup_printf("%u", e.nodeid);

        hactl_csconf_set(sec, "nodeid", id);
    }
    for (guint k = 0; addrs[k] != NULL; k++) {
        g_autofree char *key = g_strdup_printf("ring%u_addr", k);

        hactl_csconf_set(sec, key, addrs[k]);
    }
    e.two_node_said = update_two_node(c, c->nodes->len + 1);
    code = save(c, e.command);
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    e.reloaded = reload(c, e.command);
    e.next = g_strdup_printf("copy %s to every node and %s/%s to '%s' "
                             "(both in %s), run 'corosync-cfgtool -R' on a "
                             "running node, then 'hactl cluster start' on "
                             "'%s'", c->path, dir, HACTL_COROSYNC_AUTHKEY,
                             name, HACTL_COROSYNC_DIR, name);
    print_edit(g, c, &e);
    g_free(e.next);
    return HACTL_EXIT_OK;
}

/* Refuse to remove @n while hacd sees it online or if the nodes left
 * online would not have quorum: an exit code. */
static int
check_leave_online(const struct hactl_cluster *c,
                   const struct hactl_cluster_node *n, guint needed_after)
{
    g_autoptr(GVariant) st = NULL;
    g_autoptr(GVariant) nodes = NULL;
    guint left = 0;
    GVariantIter it;
    guint32 id;
    const char *name, *state;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    if (rc < 0) {
        /* no hacd here: nothing known of who is online */
        return HACTL_EXIT_OK;
    }
    nodes = g_variant_lookup_value(st, "nodes", G_VARIANT_TYPE("a(uss)"));
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        gboolean up = (strcmp(state, "offline") != 0
                       && strcmp(state, "lost") != 0);
        const struct hactl_cluster_node *o = hactl_cluster_node_find(c, name);

        if (up && strcmp(name, n->name) == 0) {
            fprintf(stderr, "hactl: cluster leave: node '%s' is %s: stop it "
                    "first ('hactl cluster stop' there), or use --force\n",
                    n->name, state);
            return HACTL_EXIT_UNSAFE;
        }
        if (up && o != NULL) {
            left += o->votes;
        }
    }
    if (left < needed_after) {
        fprintf(stderr, "hactl: cluster leave: the nodes online would have "
                "%u vote%s, below the %u the cluster needs without '%s': use "
                "--force to remove it anyway\n", left, left == 1 ? "" : "s",
                needed_after, n->name);
        return HACTL_EXIT_UNSAFE;
    }
    return HACTL_EXIT_OK;
}

int
hactl_cluster_leave(const struct hactl_globals *g, const struct hactl_args *a)
{
    const char *dir = HACTL_COROSYNC_DIR;
    const char *name = NULL;
    gboolean force = FALSE;
    g_autoptr(hactl_cluster_t) c = NULL;
    struct node_edit e = { .command = "cluster leave" };
    struct hactl_cluster_node *n;
    guint needed_after;
    int code = parse_node_args(a, &dir, &force, &name);

    if (code != HACTL_EXIT_OK) {
        return code;
    }
    code = hactl_cluster_load(dir, e.command, &c);
    if (code < 0) {
        return hactl_exit_from_rc(code);
    }
    n = hactl_cluster_node_find(c, name);
    if (n == NULL) {
        fprintf(stderr, "hactl: cluster leave: no node '%s' in %s\n", name,
                c->path);
        return HACTL_EXIT_NOT_FOUND;
    }
    if (c->nodes->len == 1) {
        fprintf(stderr, "hactl: cluster leave: '%s' is the last node: "
                "corosync needs one; use 'hactl cluster destroy' instead\n",
                name);
        return HACTL_EXIT_INVALID;
    }
    if (!force && hactl_cluster_is_local(name)) {
        fprintf(stderr, "hactl: cluster leave: '%s' is this node: it would "
                "drop itself from its own configuration; remove it from "
                "another node, or use --force\n", name);
        return HACTL_EXIT_UNSAFE;
    }
    e.name = name;
    e.nodeid = n->nodeid;
    e.addrs = (char **) n->addrs;
    /* what quorum needs once it is gone */
    needed_after = (c->nodes->len - 1 == 2 && !c->auto_tie_breaker)
                   ? 1 : (hactl_cluster_expected_votes(c) - n->votes) / 2 + 1;
    if (!force) {
        code = check_leave_online(c, n, needed_after);
        if (code != HACTL_EXIT_OK) {
            return code;
        }
    }
    e.two_node_said = update_two_node(c, c->nodes->len - 1);
    /* the output names what the tree held: print before freeing it */
    e.addrs = g_strdupv((char **) n->addrs);
    hactl_csconf_remove(n->section);
    code = save(c, e.command);
    if (code == HACTL_EXIT_OK) {
        e.reloaded = reload(c, e.command);
        e.next = g_strdup_printf("copy %s to every node and run "
                                 "'corosync-cfgtool -R' on one; on '%s' run "
                                 "'hactl cluster destroy --force'", c->path,
                                 name);
        print_edit(g, c, &e);
    }
    g_strfreev(e.addrs);
    g_free(e.next);
    return code;
}
