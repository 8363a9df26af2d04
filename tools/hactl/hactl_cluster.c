/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster.c - `hactl cluster <verb>`: the life of a
 * cluster on this node.  Dispatch and help, `show` (what corosync.conf
 * says) and `destroy` (remove this node's cluster configuration and
 * state).  setup, join/leave and start/stop/enable/disable are in
 * hactl_cluster_setup.c, hactl_cluster_nodes.c, hactl_cluster_service.c.
 */
#include "config.h"

#include <errno.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/results.h"
#include "ipc/ipc.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "hactl_cluster.h"

/* One verb: its synopsis (after "hactl cluster "), what it does and an
 * example. */
struct cluster_verb {
    const char *verb, *synopsis, *what, *example;
};

static const struct cluster_verb verbs[] = {
    { "setup", "setup NAME NODE[=ADDR[,ADDR...]]... [--transport knet|udpu]\n"
      "        [--two-node auto|on|off] [--wait-for-all] [--last-man-standing]"
      "\n        [--auto-tie-breaker] [--token MS] [--crypto-cipher CIPHER]\n"
      "        [--crypto-hash HASH] [--no-crypto] [--dir DIR] [--force]\n"
      "        [--enable] [--start [--wait[=SECONDS]]]",
      "write DIR/corosync.conf (nodeids 1..N), a new DIR/authkey and\n"
      "      DIR/uidgid.d/ha; DIR is " HACTL_COROSYNC_DIR ".  ADDR: IPv4, "
      "IPv6 or a host\n"
      "      name (default: NODE itself), one per link.  knet with "
      "aes256/sha256\n"
      "      by default; two_node for exactly two nodes (--two-node auto).\n"
      "      --force replaces an existing cluster's configuration",
      "hactl cluster setup web node1=10.0.0.1 node2=10.0.0.2 --enable "
      "--start" },
    { "show", "show [--dir DIR]",
      "name, transport, crypto, nodes and quorum options of corosync.conf",
      "hactl --output json cluster show" },
    { "join", "join NODE[=ADDR[,ADDR...]] [--dir DIR]",
      "add NODE to this node's corosync.conf (the lowest free nodeid)",
      "hactl cluster join node3=10.0.0.3" },
    { "leave", "leave NODE [--dir DIR] [--force]",
      "remove NODE from this node's corosync.conf; refused for this node,\n"
      "      a node still online, or the last node, without --force",
      "hactl cluster leave node3" },
    { "start", "start [--wait[=SECONDS]]",
      "start corosync, ha-execd and hacd here (systemctl); --wait: until "
      "the\n      cluster settled",
      "hactl cluster start --wait" },
    { "stop", "stop [--dir DIR] [--force]",
      "stop hacd (its resources move away first), ha-execd and corosync "
      "here;\n      refused if the other nodes would lose quorum",
      "hactl cluster stop" },
    { "enable", "enable", "start corosync, ha-execd and hacd at boot",
      "hactl cluster enable" },
    { "disable", "disable", "do not start them at boot",
      "hactl cluster disable" },
    { "bootstrap", "bootstrap --force",
      "make this node's partition act although no member holds the\n"
      "      cluster's configuration (copies wiped, older than recorded or\n"
      "      never part of a quorate cluster, status says WAITING): its\n"
      "      newest copy becomes the cluster's and replaces the others' when\n"
      "      they come back.  Only when the nodes that hold it are gone",
      "hactl cluster bootstrap --force" },
    { "destroy", "destroy --force [--dir DIR] [--state-dir DIR]",
      "remove corosync.conf, the authkey and hacd's state on this node\n"
      "      (the daemons must be stopped)",
      "hactl cluster destroy --force" },
};

static void
cluster_usage(FILE *out, const char *only)
{
    fprintf(out, "Usage: hactl [--output json] cluster <verb> ...\n");
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++) {
        if (only == NULL || strcmp(only, verbs[i].verb) == 0) {
            fprintf(out, "  %s\n      %s\n", verbs[i].synopsis, verbs[i].what);
        }
    }
    fprintf(out, "start and stop act on this node only.\nExample%s:\n",
            only == NULL ? "s" : "");
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++) {
        if ((only == NULL && i < 3)
            || (only != NULL && strcmp(only, verbs[i].verb) == 0)) {
            fprintf(out, "  %s\n", verbs[i].example);
        }
    }
}

static gboolean
is_verb(const char *verb)
{
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++) {
        if (strcmp(verb, verbs[i].verb) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* ---- show ---- */

static const char *
value_or(const struct hactl_csconf *sec, const char *key, const char *dflt)
{
    const char *v = hactl_csconf_get(sec, key);

    return (v != NULL) ? v : dflt;
}

static void
show_json(const struct hactl_cluster *c)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;
    const char *token = hactl_csconf_get(c->totem, "token");
    const struct { const char *key; gboolean on; } flags[] = {
        { "two_node", c->two_node }, { "wait_for_all", c->wait_for_all },
        { "last_man_standing", c->last_man_standing },
        { "auto_tie_breaker", c->auto_tie_breaker },
    };

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "path");
    json_builder_add_string_value(b, c->path);
    json_builder_set_member_name(b, "cluster_name");
    json_builder_add_string_value(b, hactl_csconf_get(c->totem,
                                                      "cluster_name"));
    json_builder_set_member_name(b, "transport");
    json_builder_add_string_value(b, value_or(c->totem, "transport", "knet"));
    json_builder_set_member_name(b, "crypto_cipher");
    json_builder_add_string_value(b, value_or(c->totem, "crypto_cipher",
                                              "none"));
    json_builder_set_member_name(b, "crypto_hash");
    json_builder_add_string_value(b, value_or(c->totem, "crypto_hash",
                                              "none"));
    json_builder_set_member_name(b, "token_ms");
    if (token != NULL) {
        json_builder_add_int_value(b, g_ascii_strtoll(token, NULL, 10));
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "nodes");
    json_builder_begin_array(b);
    for (guint i = 0; i < c->nodes->len; i++) {
        const struct hactl_cluster_node *n = c->nodes->pdata[i];

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, n->name);
        json_builder_set_member_name(b, "nodeid");
        json_builder_add_int_value(b, n->nodeid);
        json_builder_set_member_name(b, "votes");
        json_builder_add_int_value(b, n->votes);
        json_builder_set_member_name(b, "addresses");
        json_builder_begin_array(b);
        for (guint k = 0; k < n->n_addrs; k++) {
            json_builder_add_string_value(b, n->addrs[k]);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "quorum");
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "provider");
    json_builder_add_string_value(b, hactl_csconf_get(c->quorum, "provider"));
    json_builder_set_member_name(b, "expected_votes");
    json_builder_add_int_value(b, hactl_cluster_expected_votes(c));
    json_builder_set_member_name(b, "needed_votes");
    json_builder_add_int_value(b, hactl_cluster_quorum_votes(c));
    for (guint i = 0; i < G_N_ELEMENTS(flags); i++) {
        json_builder_set_member_name(b, flags[i].key);
        json_builder_add_boolean_value(b, flags[i].on);
    }
    json_builder_end_object(b);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

static void
show_text(const struct hactl_cluster *c)
{
    const char *token = hactl_csconf_get(c->totem, "token");
    g_autoptr(GString) opts = g_string_new(NULL);
    int width = 4;

    printf("Cluster:    %s\n", value_or(c->totem, "cluster_name", "(no name)"));
    printf("Config:     %s\n", c->path);
    printf("Transport:  %s\n", value_or(c->totem, "transport", "knet"));
    printf("Crypto:     cipher %s, hash %s\n",
           value_or(c->totem, "crypto_cipher", "none"),
           value_or(c->totem, "crypto_hash", "none"));
    if (token != NULL) {
        printf("Token:      %s ms\n", token);
    } else {
        printf("Token:      corosync's default\n");
    }
    printf("Nodes:      %u\n", c->nodes->len);
    for (guint i = 0; i < c->nodes->len; i++) {
        width = MAX(width, (int) strlen(
            ((const struct hactl_cluster_node *) c->nodes->pdata[i])->name));
    }
    for (guint i = 0; i < c->nodes->len; i++) {
        const struct hactl_cluster_node *n = c->nodes->pdata[i];
        g_autofree char *addrs = g_strjoinv(", ", (char **) n->addrs);
        g_autofree char *votes = (n->votes != 1)
                                 ? g_strdup_printf(" (%u votes)", n->votes)
                                 : g_strdup("");

        printf("  %3u  %-*s  %s%s\n", n->nodeid, width, n->name, addrs,
               votes);
    }
    if (c->quorum == NULL) {
        printf("Quorum:     none (no quorum section)\n");
        return;
    }
    printf("Quorum:     %s, %u of %u votes needed\n",
           value_or(c->quorum, "provider", "(no provider)"),
           hactl_cluster_quorum_votes(c), hactl_cluster_expected_votes(c));
    if (c->two_node) {
        g_string_append(opts, ", two_node");
    }
    if (c->wait_for_all) {
        g_string_append(opts, ", wait_for_all");
    }
    if (c->last_man_standing) {
        g_string_append(opts, ", last_man_standing");
    }
    if (c->auto_tie_breaker) {
        g_string_append(opts, ", auto_tie_breaker");
    }
    printf("Options:    %s\n", opts->len > 0 ? opts->str + 2 : "none");
}

static int
cluster_show(const struct hactl_globals *g, const char *dir)
{
    g_autoptr(hactl_cluster_t) c = NULL;
    int rc = hactl_cluster_load(dir, "cluster show", &c);

    if (rc < 0) {
        return hactl_exit_from_rc(rc);
    }
    if (g->json) {
        show_json(c);
    } else {
        show_text(c);
    }
    return HACTL_EXIT_OK;
}

/* ---- destroy ---- */

/* What hacd keeps in its state directory (daemons/hacd: hacd_store.c,
 * hacd_inputs.c).  destroy removes these names only, never whatever else
 * a mistyped --state-dir holds. */
static const char *const state_entries[] = { "hacd.state", "store", "inputs" };

/* Remove @path (a file, or a directory and what it holds) without
 * following symbolic links or leaving the file system @dev. */
static int
remove_tree(const char *path, dev_t dev)
{
    struct stat st;

    if (lstat(path, &st) == -1) {
        return (errno == ENOENT) ? 0 : -errno;
    }
    if (st.st_dev != dev) {
        return -EXDEV;
    }
    if (S_ISDIR(st.st_mode)) {
        g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
        const char *name;

        if (d == NULL) {
            return -EACCES;
        }
        while ((name = g_dir_read_name(d)) != NULL) {
            g_autofree char *sub = g_build_filename(path, name, NULL);
            int rc = remove_tree(sub, dev);

            if (rc < 0) {
                return rc;
            }
        }
        return (rmdir(path) == -1) ? -errno : 0;
    }
    return (unlink(path) == -1) ? -errno : 0;
}

/* Remove hacd's entries from @dir (kept: its owner and mode are the
 * installation's). */
static int
empty_state_dir(const char *dir)
{
    struct stat st;

    if (lstat(dir, &st) == -1) {
        return (errno == ENOENT) ? 0 : -errno;
    }
    for (guint i = 0; i < G_N_ELEMENTS(state_entries); i++) {
        g_autofree char *path = g_build_filename(dir, state_entries[i], NULL);
        int rc = remove_tree(path, st.st_dev);

        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

/* Why the cluster is still running here, or NULL. */
static const char *
still_running(void)
{
    const char *hacd = g_getenv(HA_IPC_HACD_NAME_ENV);
    const char *execd = g_getenv(HACTL_EXECD_NAME_ENV);
    const char *cfgtool = hactl_cluster_tool(HACTL_CFGTOOL_ENV,
                                             HACTL_CFGTOOL_DEFAULT);
    ha_ipc_client_t *c = NULL;

    if (ha_ipc_client_connect(hacd != NULL ? hacd : HA_IPC_HACD_NAME,
                              &c) == 0) {
        ha_ipc_client_free(c);
        return "hacd is running on this node";
    }
    if (ha_ipc_client_connect(execd != NULL ? execd : HACTL_EXECD_NAME,
                              &c) == 0) {
        ha_ipc_client_free(c);
        return "ha-execd is running on this node";
    }
    if (cfgtool != NULL) {
        const char *const argv[] = { cfgtool, "-s", NULL };

        if (hactl_cluster_run(argv, NULL) == 0) {
            return "corosync is running on this node";
        }
    }
    return NULL;
}

static int
cluster_destroy(const struct hactl_globals *g, const char *dir,
                const char *state_dir, gboolean force)
{
    const char *files[] = { HACTL_COROSYNC_CONF, HACTL_COROSYNC_AUTHKEY };
    g_autoptr(GPtrArray) removed = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *real = realpath(state_dir, NULL);
    const char *running;
    int rc;

    if (!g_path_is_absolute(state_dir)
        || (real != NULL && strcmp(real, "/") == 0)) {
        fprintf(stderr, "hactl: cluster destroy: '%s' cannot be hacd's "
                "state directory (an absolute path other than /)\n",
                state_dir);
        return HACTL_EXIT_INVALID;
    }
    if (!force) {
        fprintf(stderr, "hactl: cluster destroy: this removes the cluster "
                "configuration (%s/%s, %s/%s) and hacd's state (%s) of this "
                "node for good: use --force\n", dir, HACTL_COROSYNC_CONF, dir,
                HACTL_COROSYNC_AUTHKEY, state_dir);
        return HACTL_EXIT_UNSAFE;
    }
    running = still_running();
    if (running != NULL) {
        fprintf(stderr, "hactl: cluster destroy: %s: stop it first "
                "('hactl cluster stop')\n", running);
        return HACTL_EXIT_UNSAFE;
    }
    for (guint i = 0; i < G_N_ELEMENTS(files); i++) {
        g_autofree char *path = g_build_filename(dir, files[i], NULL);

        if (unlink(path) == 0) {
            g_ptr_array_add(removed, g_steal_pointer(&path));
        } else if (errno != ENOENT) {
            rc = -errno;
            fprintf(stderr, "hactl: cluster destroy: could not remove '%s': "
                    "%s\n", path, g_strerror(-rc));
            return hactl_exit_from_rc(rc);
        }
    }
    rc = empty_state_dir(state_dir);
    if (rc < 0) {
        fprintf(stderr, "hactl: cluster destroy: could not empty '%s': %s\n",
                state_dir, ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    if (g->json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "command");
        json_builder_add_string_value(b, "cluster destroy");
        json_builder_set_member_name(b, "removed");
        json_builder_begin_array(b);
        for (guint i = 0; i < removed->len; i++) {
            json_builder_add_string_value(b, removed->pdata[i]);
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "state_dir_cleared");
        json_builder_add_string_value(b, state_dir);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
        return HACTL_EXIT_OK;
    }
    for (guint i = 0; i < removed->len; i++) {
        printf("Removed %s\n", (const char *) removed->pdata[i]);
    }
    printf("Removed hacd's state from %s\n", state_dir);
    return HACTL_EXIT_OK;
}

/* ---- dispatch ---- */

/* show and destroy: their options. */
static int
show_or_destroy(const struct hactl_globals *g, const char *verb, int argc,
                char **argv)
{
    const char *dir = HACTL_COROSYNC_DIR;
    const char *state_dir = g_getenv("HA_STATE_DIR");
    gboolean force = FALSE;
    gboolean destroy = (strcmp(verb, "destroy") == 0);

    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) {
            dir = argv[++i];
        } else if (destroy && strcmp(argv[i], "--state-dir") == 0
                   && i + 1 < argc) {
            state_dir = argv[++i];
        } else if (destroy && strcmp(argv[i], "--force") == 0) {
            force = TRUE;
        } else {
            fprintf(stderr, "hactl: cluster %s: unexpected argument '%s'\n",
                    verb, argv[i]);
            cluster_usage(stderr, verb);
            return HACTL_EXIT_USAGE;
        }
    }
    if (!destroy) {
        return cluster_show(g, dir);
    }
    return cluster_destroy(g, dir, state_dir != NULL ? state_dir
                                                     : HA_STATEDIR, force);
}

int
ha_hactl_cmd_cluster(const struct hactl_globals *g, int argc, char **argv)
{
    const char *verb = (argc > 1) ? argv[1] : "";

    if (argc < 2) {
        cluster_usage(stderr, NULL);
        return HACTL_EXIT_USAGE;
    }
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0
        || strcmp(verb, "help") == 0) {
        cluster_usage(stdout, NULL);
        return HACTL_EXIT_OK;
    }
    if (!is_verb(verb)) {
        fprintf(stderr, "hactl: cluster: unknown verb '%s'\n", verb);
        cluster_usage(stderr, NULL);
        return HACTL_EXIT_USAGE;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            cluster_usage(stdout, verb);
            return HACTL_EXIT_OK;
        }
    }
    if (strcmp(verb, "setup") == 0) {
        return hactl_cluster_setup(g, argc - 2, argv + 2);
    }
    if (strcmp(verb, "join") == 0) {
        return hactl_cluster_join(g, argc - 2, argv + 2);
    }
    if (strcmp(verb, "leave") == 0) {
        return hactl_cluster_leave(g, argc - 2, argv + 2);
    }
    if (strcmp(verb, "bootstrap") == 0) {
        return hactl_cluster_bootstrap(g, argc - 2, argv + 2);
    }
    if (strcmp(verb, "show") == 0 || strcmp(verb, "destroy") == 0) {
        return show_or_destroy(g, verb, argc - 2, argv + 2);
    }
    return hactl_cluster_service(g, verb, argc - 2, argv + 2);
}
