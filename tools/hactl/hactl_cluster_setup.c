/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_setup.c - `hactl cluster setup NAME NODE...`:
 * check the command line, write corosync.conf, a new authkey and
 * uidgid.d/ha, and optionally enable and start the units.
 *
 * Everything is checked before anything is written: the options, the
 * names and addresses, and the generated file itself (read back with our
 * reader and, when corosync is installed and this host is one of the
 * nodes, `corosync -t` on a temporary copy).  A refused setup leaves DIR
 * as it was.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/results.h"
#include "hactl.h"
#include "hactl_cli.h"
#include "hactl_cluster.h"

static const char *const ciphers[] = { "none", "aes256", "aes192", "aes128",
                                       NULL };
static const char *const hashes[] = { "none", "md5", "sha1", "sha256",
                                      "sha384", "sha512", NULL };

struct setup_node {
    char *name;
    char **addrs;       /* NULL-terminated */
    guint n_addrs;
};

struct setup {
    const char *name;
    GPtrArray *nodes;               /* struct setup_node */
    const char *transport;
    const char *two_node;           /* auto, on, off */
    gboolean wait_for_all, last_man_standing, auto_tie_breaker;
    const char *token;
    const char *cipher, *hash;
    gboolean no_crypto, force, start, enable;
    const char *dir;
    double wait_s;
    gboolean two_node_on;           /* decided */
};

static void
setup_node_free(gpointer p)
{
    struct setup_node *n = p;

    g_free(n->name);
    g_strfreev(n->addrs);
    g_free(n);
}

static gboolean
in_list(const char *const *list, const char *s)
{
    return g_strv_contains(list, s);
}

static int
bad(const char *fmt, ...) G_GNUC_PRINTF(1, 2);

static int
bad(const char *fmt, ...)
{
    va_list ap;

    fputs("hactl: cluster setup: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return HACTL_EXIT_INVALID;
}

/* NODE[=ADDR[,ADDR...]]: checked and added to s->nodes. */
static int
add_node(struct setup *s, const char *spec)
{
    struct setup_node *n = g_new0(struct setup_node, 1);
    const char *eq = strchr(spec, '=');

    g_ptr_array_add(s->nodes, n);
    n->name = g_strndup(spec, eq != NULL ? (gsize) (eq - spec) : strlen(spec));
    if (!hactl_cluster_name_valid(n->name)) {
        return bad("'%s' is not a valid node name (letters, digits, '-', "
                   "'_' and '.', starting with a letter or digit)", n->name);
    }
    n->addrs = (eq != NULL) ? g_strsplit(eq + 1, ",", -1)
                            : g_strsplit(n->name, ",", -1);
    n->n_addrs = g_strv_length(n->addrs);
    if (n->n_addrs == 0 || g_strv_contains((const char *const *) n->addrs,
                                           "")) {
        return bad("node '%s': an empty address in '%s'", n->name, spec);
    }
    for (guint i = 0; i < s->nodes->len - 1; i++) {
        if (strcmp(((struct setup_node *) s->nodes->pdata[i])->name,
                   n->name) == 0) {
            return bad("node '%s' is given twice", n->name);
        }
    }
    return 0;
}

/* Every address valid and used once; links alike on all nodes. */
static int
check_addresses(const struct setup *s)
{
    guint links = ((struct setup_node *) s->nodes->pdata[0])->n_addrs;
    guint max = (strcmp(s->transport, "knet") == 0)
                ? HACTL_CLUSTER_MAX_LINKS : 1;
    int family0[HACTL_CLUSTER_MAX_LINKS] = { 0 };

    for (guint i = 0; i < s->nodes->len; i++) {
        const struct setup_node *n = s->nodes->pdata[i];

        if (n->n_addrs != links) {
            return bad("node '%s' has %u address(es), node '%s' %u: every "
                       "node needs one per link", n->name, n->n_addrs,
                       ((struct setup_node *) s->nodes->pdata[0])->name,
                       links);
        }
        if (n->n_addrs > max) {
            return bad("node '%s' has %u addresses: transport %s has at most "
                       "%u link%s", n->name, n->n_addrs, s->transport, max,
                       max > 1 ? "s" : "");
        }
        for (guint k = 0; k < n->n_addrs; k++) {
            int family = 0;

            if (hactl_cluster_addr_check("cluster setup", n->addrs[k],
                                         &family) < 0) {
                return HACTL_EXIT_INVALID;
            }
            if (family0[k] != 0 && family != family0[k]) {
                return bad("link %u mixes IPv4 and IPv6 (node '%s' has '%s')",
                           k, n->name, n->addrs[k]);
            }
            family0[k] = family;
            for (guint j = 0; j <= i; j++) {
                const struct setup_node *o = s->nodes->pdata[j];

                for (guint l = 0; l < ((j == i) ? k : o->n_addrs); l++) {
                    if (strcmp(o->addrs[l], n->addrs[k]) == 0 && o == n) {
                        return bad("address '%s' is given twice for node "
                                   "'%s'", n->addrs[k], n->name);
                    }
                    if (strcmp(o->addrs[l], n->addrs[k]) == 0) {
                        return bad("address '%s' is given twice (nodes '%s' "
                                   "and '%s')", n->addrs[k], o->name,
                                   n->name);
                    }
                }
            }
        }
    }
    return 0;
}

/* Options that only make sense together, and the two_node decision. */
static int
check_options(struct setup *s)
{
    guint64 v = 0;

    if (strcmp(s->transport, "knet") != 0 && strcmp(s->transport, "udpu") != 0) {
        return bad("transport '%s': knet or udpu", s->transport);
    }
    if (strcmp(s->two_node, "auto") != 0 && strcmp(s->two_node, "on") != 0
        && strcmp(s->two_node, "off") != 0) {
        return bad("--two-node '%s': auto, on or off", s->two_node);
    }
    if (strcmp(s->two_node, "on") == 0 && s->nodes->len != 2) {
        return bad("--two-node on needs exactly 2 nodes, not %u",
                   s->nodes->len);
    }
    if (strcmp(s->two_node, "on") == 0 && s->auto_tie_breaker) {
        return bad("--two-node on and --auto-tie-breaker exclude each other "
                   "(votequorum would ignore two_node)");
    }
    s->two_node_on = (s->nodes->len == 2 && !s->auto_tie_breaker
                      && strcmp(s->two_node, "off") != 0);
    if (s->token != NULL
        && !g_ascii_string_to_unsigned(s->token, 10, 1, G_MAXUINT32, &v,
                                       NULL)) {
        return bad("--token '%s' is not a positive number of milliseconds",
                   s->token);
    }
    if (s->no_crypto && (s->cipher != NULL || s->hash != NULL)) {
        return bad("--no-crypto and --crypto-cipher/--crypto-hash exclude "
                   "each other");
    }
    if (strcmp(s->transport, "udpu") == 0
        && ((s->cipher != NULL && strcmp(s->cipher, "none") != 0)
            || (s->hash != NULL && strcmp(s->hash, "none") != 0))) {
        return bad("transport udpu has no crypto: use knet");
    }
    if (s->no_crypto || strcmp(s->transport, "udpu") == 0) {
        s->cipher = "none";
        s->hash = "none";
    }
    if (s->cipher == NULL) {
        s->cipher = "aes256";
    }
    if (s->hash == NULL) {
        s->hash = "sha256";
    }
    if (!in_list(ciphers, s->cipher)) {
        return bad("--crypto-cipher '%s': none, aes256, aes192 or aes128",
                   s->cipher);
    }
    if (!in_list(hashes, s->hash)) {
        return bad("--crypto-hash '%s': none, md5, sha1, sha256, sha384 or "
                   "sha512", s->hash);
    }
    if (strcmp(s->cipher, "none") != 0 && strcmp(s->hash, "none") == 0) {
        return bad("crypto cipher '%s' needs a crypto hash", s->cipher);
    }
    return 0;
}

/* The corosync.conf text for @s. */
static char *
conf_text(const struct setup *s)
{
    g_autoptr(hactl_csconf_t) root = hactl_csconf_new();
    struct hactl_csconf *sec;
    g_autofree char *comment = g_strdup_printf(
        "corosync configuration of cluster '%s', written by 'hactl cluster "
        "setup'", s->name);

    hactl_csconf_add_comment(root, comment);
    sec = hactl_csconf_add_section(root, "totem");
    hactl_csconf_set(sec, "version", "2");
    hactl_csconf_set(sec, "cluster_name", s->name);
    hactl_csconf_set(sec, "transport", s->transport);
    if (strcmp(s->transport, "knet") == 0) {
        hactl_csconf_set(sec, "crypto_cipher", s->cipher);
        hactl_csconf_set(sec, "crypto_hash", s->hash);
    }
    hactl_csconf_set(sec, "token", s->token);
    sec = hactl_csconf_add_section(root, "nodelist");
    for (guint i = 0; i < s->nodes->len; i++) {
        const struct setup_node *n = s->nodes->pdata[i];
        struct hactl_csconf *node = hactl_csconf_add_section(sec, "node");
        g_autofree char *id = g_strdup_printf("%u", i + 1);

        hactl_csconf_set(node, "name", n->name);
        hactl_csconf_set(node, "nodeid", id);
        for (guint k = 0; k < n->n_addrs; k++) {
            g_autofree char *key = g_strdup_printf("ring%u_addr", k);

            hactl_csconf_set(node, key, n->addrs[k]);
        }
    }
    sec = hactl_csconf_add_section(root, "quorum");
    hactl_csconf_set(sec, "provider", "corosync_votequorum");
    hactl_csconf_set(sec, "two_node", s->two_node_on ? "1" : NULL);
    hactl_csconf_set(sec, "wait_for_all", s->wait_for_all ? "1" : NULL);
    hactl_csconf_set(sec, "last_man_standing",
                     s->last_man_standing ? "1" : NULL);
    hactl_csconf_set(sec, "auto_tie_breaker",
                     s->auto_tie_breaker ? "1" : NULL);
    sec = hactl_csconf_add_section(root, "logging");
    hactl_csconf_set(sec, "to_logfile", "yes");
    hactl_csconf_set(sec, "logfile", "/var/log/corosync/corosync.log");
    hactl_csconf_set(sec, "to_syslog", "yes");
    hactl_csconf_set(sec, "timestamp", "on");
    return hactl_csconf_format(root);
}

static char *
uidgid_text(void)
{
    g_autoptr(hactl_csconf_t) root = hactl_csconf_new();
    struct hactl_csconf *sec = hactl_csconf_add_section(root, "uidgid");

    hactl_csconf_set(sec, "uid", HA_USER);
    hactl_csconf_set(sec, "gid", HA_GROUP);
    return hactl_csconf_format(root);
}

static int
new_key(guchar *key, gsize len)
{
    gsize done = 0;

    while (done < len) {
        ssize_t n = getrandom(key + done, len - done, 0);

        if (n == -1 && errno == EINTR) {
            continue;
        }
        if (n == -1) {
            return -errno;
        }
        done += (gsize) n;
    }
    return 0;
}

static gboolean
local_is_member(const struct setup *s)
{
    for (guint i = 0; i < s->nodes->len; i++) {
        if (hactl_cluster_is_local(((struct setup_node *)
                                    s->nodes->pdata[i])->name)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* corosync -t on a copy in @tmp that names its key file there. */
static int
corosync_test(const char *corosync, const char *tmp, const char *text,
              char **ret_output)
{
    g_autofree char *key = g_build_filename(tmp, HACTL_COROSYNC_AUTHKEY, NULL);
    g_autofree char *path = g_build_filename(tmp, "check.conf", NULL);
    g_autofree char *keyline = g_strdup_printf("totem {\n    keyfile: %s\n",
                                               key);
    g_autofree char *copy = NULL;
    g_auto(GStrv) parts = g_strsplit(text, "totem {\n", 2);
    const char *argv[] = { corosync, "-t", "-c", path, NULL };
    int rc;

    copy = g_strjoinv(keyline, parts);
    rc = hactl_cluster_file_replace(path, copy, strlen(copy), 0600);
    if (rc == 0) {
        rc = hactl_cluster_run(argv, ret_output);
    }
    (void) unlink(path);
    return rc;
}

/*
 * Check the generated file: read back (always), corosync -t (if it can
 * run here).  *ret_check says what was done.  An exit code.
 */
static int
check_generated(const struct setup *s, const char *text, const guchar *key,
                char **ret_check)
{
    g_autofree char *tmp = g_dir_make_tmp("hactl-setup-XXXXXX", NULL);
    g_autofree char *conf = NULL, *keyfile = NULL, *output = NULL;
    g_autoptr(hactl_cluster_t) c = NULL;
    const char *corosync = hactl_cluster_tool(HACTL_COROSYNC_ENV,
                                              HACTL_COROSYNC_DEFAULT);
    int code = HACTL_EXIT_OK;
    int rc = -1;

    if (tmp == NULL) {
        return bad("could not make a temporary directory");
    }
    conf = g_build_filename(tmp, HACTL_COROSYNC_CONF, NULL);
    keyfile = g_build_filename(tmp, HACTL_COROSYNC_AUTHKEY, NULL);
    if (hactl_cluster_file_replace(conf, text, strlen(text), 0600) == 0
        && hactl_cluster_file_replace(keyfile, (const char *) key,
                                      HACTL_AUTHKEY_BYTES, 0400) == 0) {
        if (hactl_cluster_load(tmp, "cluster setup (reading back)", &c) < 0) {
            code = HACTL_EXIT_ERROR;
        } else if (corosync == NULL) {
            *ret_check = g_strdup("read back; corosync -t not run: corosync "
                                  "is not installed");
        } else if (!local_is_member(s)) {
            *ret_check = g_strdup("read back; corosync -t not run: this host "
                                  "is not one of the nodes");
        } else {
            rc = corosync_test(corosync, tmp, text, &output);
            if (rc == 0) {
                *ret_check = g_strdup("read back; corosync -t accepts it");
            } else {
                code = bad("corosync -t refuses the configuration:\n%s",
                           output != NULL ? g_strchomp(output) : "");
            }
        }
    } else {
        code = bad("could not write to '%s'", tmp);
    }
    (void) unlink(conf);
    (void) unlink(keyfile);
    (void) rmdir(tmp);
    return code;
}

static int
write_files(const struct setup *s, const char *text, const guchar *key)
{
    g_autofree char *conf = g_build_filename(s->dir, HACTL_COROSYNC_CONF, NULL);
    g_autofree char *keyfile = g_build_filename(s->dir, HACTL_COROSYNC_AUTHKEY,
                                                NULL);
    g_autofree char *uiddir = g_build_filename(s->dir, "uidgid.d", NULL);
    g_autofree char *uidgid = g_build_filename(uiddir, "ha", NULL);
    g_autofree char *utext = uidgid_text();
    const char *failed = uiddir;
    int rc;

    rc = (g_mkdir_with_parents(uiddir, 0755) == -1) ? -errno : 0;
    if (rc == 0) {
        failed = keyfile;
        rc = hactl_cluster_file_replace(keyfile, (const char *) key,
                                        HACTL_AUTHKEY_BYTES, 0400);
    }
    if (rc == 0) {
        failed = uidgid;
        rc = hactl_cluster_file_replace(uidgid, utext, strlen(utext), 0644);
    }
    if (rc == 0) {
        /* last: a corosync.conf means the setup is complete */
        failed = conf;
        rc = hactl_cluster_file_replace(conf, text, strlen(text), 0644);
    }
    if (rc < 0) {
        fprintf(stderr, "hactl: cluster setup: could not write '%s': %s\n",
                failed, g_strerror(-rc));
        return hactl_exit_from_rc(rc);
    }
    return HACTL_EXIT_OK;
}

static void
print_done(const struct hactl_globals *g, const struct setup *s,
           const char *check)
{
    g_autofree char *conf = g_build_filename(s->dir, HACTL_COROSYNC_CONF, NULL);
    g_autofree char *key = g_build_filename(s->dir, HACTL_COROSYNC_AUTHKEY,
                                            NULL);
    g_autofree char *uidgid = g_build_filename(s->dir, "uidgid.d", "ha", NULL);

    if (g->json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "command");
        json_builder_add_string_value(b, "cluster setup");
        json_builder_set_member_name(b, "cluster_name");
        json_builder_add_string_value(b, s->name);
        json_builder_set_member_name(b, "corosync_conf");
        json_builder_add_string_value(b, conf);
        json_builder_set_member_name(b, "authkey");
        json_builder_add_string_value(b, key);
        json_builder_set_member_name(b, "uidgid");
        json_builder_add_string_value(b, uidgid);
        json_builder_set_member_name(b, "nodes");
        json_builder_begin_array(b);
        for (guint i = 0; i < s->nodes->len; i++) {
            const struct setup_node *n = s->nodes->pdata[i];

            json_builder_begin_object(b);
            json_builder_set_member_name(b, "name");
            json_builder_add_string_value(b, n->name);
            json_builder_set_member_name(b, "nodeid");
            json_builder_add_int_value(b, i + 1);
            json_builder_set_member_name(b, "addresses");
            json_builder_begin_array(b);
            for (guint k = 0; k < n->n_addrs; k++) {
                json_builder_add_string_value(b, n->addrs[k]);
            }
            json_builder_end_array(b);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_set_member_name(b, "two_node");
        json_builder_add_boolean_value(b, s->two_node_on);
        json_builder_set_member_name(b, "checked");
        json_builder_add_string_value(b, check);
        json_builder_set_member_name(b, "enabled");
        json_builder_add_boolean_value(b, s->enable);
        json_builder_set_member_name(b, "started");
        json_builder_add_boolean_value(b, s->start);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
        return;
    }
    printf("Cluster '%s': %u node%s%s\n", s->name, s->nodes->len,
           s->nodes->len == 1 ? "" : "s",
           s->two_node_on ? " (two_node: 1)" : "");
    for (guint i = 0; i < s->nodes->len; i++) {
        const struct setup_node *n = s->nodes->pdata[i];
        g_autofree char *addrs = g_strjoinv(", ", n->addrs);

        printf("  %3u  %s  %s\n", i + 1, n->name, addrs);
    }
    printf("Wrote %s\n", conf);
    printf("Wrote %s (%d random bytes, mode 0400)\n", key,
           HACTL_AUTHKEY_BYTES);
    printf("Wrote %s (corosync access for user %s, group %s)\n", uidgid,
           HA_USER, HA_GROUP);
    printf("Checked: %s\n", check);
    if (s->enable) {
        printf("Enabled corosync, ha-execd and hacd at boot\n");
    }
    if (s->start) {
        printf("Started corosync, ha-execd and hacd\n");
    }
    if (s->nodes->len > 1 || !local_is_member(s)) {
        printf("Next: copy these three files to %s on every node, then run "
               "'hactl cluster start' on each\n", HACTL_COROSYNC_DIR);
    }
}

/* The value of option @name, or @dflt. */
static const char *
value_or(const struct hactl_args *a, const char *name, const char *dflt)
{
    const char *v = hactl_arg_value(a, name);

    return (v != NULL) ? v : dflt;
}

/* The command line into @s; an exit code. */
static int
parse_args(struct setup *s, const struct hactl_args *a)
{
    s->wait_s = a->wait_s;
    s->transport = value_or(a, "transport", s->transport);
    s->two_node = value_or(a, "two-node", s->two_node);
    s->token = hactl_arg_value(a, "token");
    s->cipher = hactl_arg_value(a, "crypto-cipher");
    s->hash = hactl_arg_value(a, "crypto-hash");
    s->dir = value_or(a, "dir", s->dir);
    s->wait_for_all = hactl_arg_flag(a, "wait-for-all");
    s->last_man_standing = hactl_arg_flag(a, "last-man-standing");
    s->auto_tie_breaker = hactl_arg_flag(a, "auto-tie-breaker");
    s->no_crypto = hactl_arg_flag(a, "no-crypto");
    s->force = hactl_arg_flag(a, "force");
    s->start = hactl_arg_flag(a, "start");
    s->enable = hactl_arg_flag(a, "enable");
    s->name = a->argv[0];
    for (int i = 1; i < a->argc; i++) {
        int code = add_node(s, a->argv[i]);

        if (code != HACTL_EXIT_OK) {
            return code;
        }
    }
    if (s->wait_s > 0 && !s->start) {
        fprintf(stderr, "hactl: cluster setup: --wait needs --start\n");
        return HACTL_EXIT_USAGE;
    }
    if ((s->start || s->enable) && strcmp(s->dir, HACTL_COROSYNC_DIR) != 0) {
        fprintf(stderr, "hactl: cluster setup: --start and --enable need the "
                "configuration where corosync reads it (no --dir)\n");
        return HACTL_EXIT_USAGE;
    }
    return HACTL_EXIT_OK;
}

/* Refuse to replace an existing cluster's files without --force. */
static int
check_existing(const struct setup *s)
{
    const char *files[] = { HACTL_COROSYNC_CONF, HACTL_COROSYNC_AUTHKEY };

    for (guint i = 0; !s->force && i < G_N_ELEMENTS(files); i++) {
        g_autofree char *path = g_build_filename(s->dir, files[i], NULL);

        if (g_file_test(path, G_FILE_TEST_EXISTS)) {
            fprintf(stderr, "hactl: cluster setup: '%s' exists: an existing "
                    "cluster's configuration would be replaced (use "
                    "--force)\n", path);
            return HACTL_EXIT_UNSAFE;
        }
    }
    return HACTL_EXIT_OK;
}

int
hactl_cluster_setup(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct setup s = {
        .nodes = g_ptr_array_new_with_free_func(setup_node_free),
        .transport = "knet", .two_node = "auto", .dir = HACTL_COROSYNC_DIR,
    };
    g_autoptr(GPtrArray) nodes = s.nodes;
    g_autofree char *text = NULL;
    g_autofree char *check = NULL;
    guchar key[HACTL_AUTHKEY_BYTES];
    int code = parse_args(&s, a);

    if (code == HACTL_EXIT_OK && !hactl_cluster_name_valid(s.name)) {
        code = bad("'%s' is not a valid cluster name (letters, digits, '-', "
                   "'_' and '.')", s.name);
    }
    if (code == HACTL_EXIT_OK) {
        code = check_options(&s);
    }
    if (code == HACTL_EXIT_OK) {
        code = check_addresses(&s);
    }
    if (code == HACTL_EXIT_OK) {
        code = check_existing(&s);
    }
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    if (new_key(key, sizeof(key)) < 0) {
        return bad("could not get %d random bytes", HACTL_AUTHKEY_BYTES);
    }
    text = conf_text(&s);
    code = check_generated(&s, text, key, &check);
    if (code == HACTL_EXIT_OK) {
        code = write_files(&s, text, key);
    }
    memset(key, 0, sizeof(key));
    if (code == HACTL_EXIT_OK && s.enable) {
        code = hactl_cluster_units("enable", 0, TRUE, FALSE);
    }
    if (code == HACTL_EXIT_OK && s.start) {
        code = hactl_cluster_units("start", s.wait_s, TRUE, FALSE);
    }
    if (code == HACTL_EXIT_OK) {
        print_done(g, &s, check);
    }
    return code;
}
