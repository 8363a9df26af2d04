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
#include "hactl_cli.h"
#include "hactl_cluster.h"

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

/* ---- the command line ---- */

static const char *
dir_of(const struct hactl_args *a)
{
    const char *dir = hactl_arg_value(a, "dir");

    return (dir != NULL) ? dir : HACTL_COROSYNC_DIR;
}

static int
show_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    return cluster_show(g, dir_of(a));
}

static int
destroy_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    const char *state_dir = hactl_arg_value(a, "state-dir");

    if (state_dir == NULL) {
        state_dir = g_getenv("HA_STATE_DIR");
    }
    return cluster_destroy(g, dir_of(a), state_dir != NULL ? state_dir
                                                           : HA_STATEDIR,
                           hactl_arg_flag(a, "force"));
}

#define OPT_DIR { "dir", HACTL_OPT_VALUE, "DIR", "where corosync.conf is " \
                  "(default " HACTL_COROSYNC_DIR ")" }

static const struct hactl_opt setup_opts[] = {
    { "transport", HACTL_OPT_VALUE, "knet|udpu", "corosync's transport "
      "(default knet)", HACTL_OPT_HANDLER_CHECKS },
    { "two-node", HACTL_OPT_VALUE, "auto|on|off", "two_node quorum "
      "(auto: for exactly two nodes)", HACTL_OPT_HANDLER_CHECKS },
    { "wait-for-all", HACTL_OPT_FLAG, NULL, "quorum once all nodes were "
      "seen together" },
    { "last-man-standing", HACTL_OPT_FLAG, NULL, "expected votes follow "
      "the nodes that leave" },
    { "auto-tie-breaker", HACTL_OPT_FLAG, NULL, "half of the nodes with the "
      "lowest nodeid keeps quorum" },
    { "token", HACTL_OPT_VALUE, "MS", "the totem token timeout" },
    { "crypto-cipher", HACTL_OPT_VALUE, "CIPHER", "knet's cipher (default "
      "aes256)" },
    { "crypto-hash", HACTL_OPT_VALUE, "HASH", "knet's hash (default "
      "sha256)" },
    { "no-crypto", HACTL_OPT_FLAG, NULL, "neither cipher nor hash" },
    OPT_DIR,
    { "force", HACTL_OPT_FLAG, NULL, "replace an existing cluster's "
      "configuration" },
    { "enable", HACTL_OPT_FLAG, NULL, "then start the daemons at boot" },
    { "start", HACTL_OPT_FLAG, NULL, "then start them (--wait: until the "
      "cluster settled)" },
    { NULL },
};

static const struct hactl_opt dir_opts[] = {
    OPT_DIR,
    { NULL },
};

static const struct hactl_opt dir_force_opts[] = {
    OPT_DIR,
    { "force", HACTL_OPT_FLAG, NULL, "go ahead although it is unsafe" },
    { NULL },
};

static const struct hactl_opt force_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "required: you know what it does" },
    { NULL },
};

static const struct hactl_opt destroy_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "required: this node's cluster is gone "
      "for good" },
    OPT_DIR,
    { "state-dir", HACTL_OPT_VALUE, "DIR", "hacd's state (default "
      HA_STATEDIR ")" },
    { NULL },
};

static const struct hactl_verb cluster_verbs[] = {
    { "setup", "NAME NODE[=ADDR[,ADDR...]]...", setup_opts,
      hactl_cluster_setup, HACTL_VERB_WAIT, "write corosync.conf, a new "
      "authkey and the uidgid entry",
      "Into DIR/corosync.conf (nodeids 1..N), DIR/authkey and "
      "DIR/uidgid.d/ha; DIR is\n" HACTL_COROSYNC_DIR ".  ADDR: IPv4, IPv6 or "
      "a host name (default: NODE itself), one per\nlink.  knet with "
      "aes256/sha256 by default.",
      "hactl cluster setup web node1=10.0.0.1 node2=10.0.0.2 --enable "
      "--start" },
    { "show", NULL, dir_opts, show_verb, 0, "name, transport, crypto, nodes "
      "and quorum options of corosync.conf", NULL,
      "hactl cluster show --output json" },
    { "join", "NODE[=ADDR[,ADDR...]]", dir_opts, hactl_cluster_join, 0,
      "add NODE to this node's corosync.conf (the lowest free nodeid)",
      NULL, "hactl cluster join node3=10.0.0.3" },
    { "leave", "NODE", dir_force_opts, hactl_cluster_leave, 0, "remove NODE "
      "from this node's corosync.conf", "Refused for this node, a node still "
      "online, or the last node, without --force.",
      "hactl cluster leave node3" },
    { "start", NULL, NULL, hactl_cluster_service, HACTL_VERB_WAIT, "start "
      "corosync, ha-execd and hacd here (systemctl)", NULL,
      "hactl cluster start --wait" },
    { "stop", NULL, dir_force_opts, hactl_cluster_service, 0, "stop hacd "
      "(its resources move away first), ha-execd and corosync", "Here; "
      "refused if the other nodes would lose quorum.", "hactl cluster stop" },
    { "enable", NULL, NULL, hactl_cluster_service, 0, "start corosync, "
      "ha-execd and hacd at boot", NULL, "hactl cluster enable" },
    { "disable", NULL, NULL, hactl_cluster_service, 0, "do not start them "
      "at boot", NULL, "hactl cluster disable" },
    { "bootstrap", NULL, force_opts, hactl_cluster_bootstrap, 0, "make this "
      "partition act although no member holds the configuration",
      "When copies were wiped, are older than recorded or were never part of "
      "a\nquorate cluster (status says WAITING): this partition's newest "
      "copy becomes\nthe cluster's and replaces the others' when they come "
      "back.  Only when the\nnodes that hold it are gone.",
      "hactl cluster bootstrap --force" },
    { "destroy", NULL, destroy_opts, destroy_verb, 0, "remove corosync.conf, "
      "the authkey and hacd's state on this node", "The daemons must be "
      "stopped.", "hactl cluster destroy --force" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_cluster = {
    "cluster", "set up, start, stop, join and leave the cluster "
    "(corosync.conf)", cluster_verbs, "start and stop act on this node only.",
};
