/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_model.c - the checked model of a corosync.conf
 * (nodes, quorum options), name and address checks, atomic file writes
 * and running system tools, for the `hactl cluster` verbs.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <netdb.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/results.h"
#include "hactl_cluster.h"

void
hactl_cluster_free(struct hactl_cluster *c)
{
    if (c == NULL) {
        return;
    }
    if (c->nodes != NULL) {
        g_ptr_array_unref(c->nodes);
    }
    hactl_csconf_free(c->root);
    g_free(c->dir);
    g_free(c->path);
    g_free(c);
}

static int G_GNUC_PRINTF(4, 5)
model_error(const char *what, const char *path, int line, const char *fmt,
            ...)
{
    va_list ap;

    fprintf(stderr, "hactl: %s: %s:%d: ", what, path, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return -HA_EINVALCONF;
}

/* A positive integer that fits in 32 bits. */
static gboolean
parse_uint(const char *s, guint32 *ret)
{
    guint64 v = 0;

    if (s == NULL || !g_ascii_string_to_unsigned(s, 10, 1, G_MAXUINT32, &v,
                                                 NULL)) {
        return FALSE;
    }
    *ret = (guint32) v;
    return TRUE;
}

/* A votequorum flag: 0 or 1 (absent: 0). */
static int
quorum_flag(const struct hactl_cluster *c, const char *key, gboolean *ret,
            const char *what)
{
    const struct hactl_csconf *it = hactl_csconf_pair(c->quorum, key);

    *ret = FALSE;
    if (it == NULL) {
        return 0;
    }
    if (strcmp(it->value, "0") != 0 && strcmp(it->value, "1") != 0) {
        return model_error(what, c->path, it->line, "%s is '%s', not 0 or 1",
                           key, it->value);
    }
    *ret = (strcmp(it->value, "1") == 0);
    return 0;
}

static int
load_quorum(struct hactl_cluster *c, const char *what)
{
    const struct hactl_csconf *ev;
    int rc;

    if (c->quorum == NULL) {
        return 0;
    }
    rc = quorum_flag(c, "two_node", &c->two_node, what);
    if (rc == 0) {
        rc = quorum_flag(c, "wait_for_all", &c->wait_for_all, what);
    }
    if (rc == 0) {
        rc = quorum_flag(c, "last_man_standing", &c->last_man_standing, what);
    }
    if (rc == 0) {
        rc = quorum_flag(c, "auto_tie_breaker", &c->auto_tie_breaker, what);
    }
    ev = hactl_csconf_pair(c->quorum, "expected_votes");
    if (rc == 0 && ev != NULL && !parse_uint(ev->value, &c->expected_votes)) {
        rc = model_error(what, c->path, ev->line, "expected_votes is '%s', "
                         "not a positive integer", ev->value);
    }
    return rc;
}

/* One node { } section: its id, name, votes and addresses. */
static int
load_node(struct hactl_cluster *c, struct hactl_csconf *sec, const char *what)
{
    struct hactl_cluster_node *n = g_new0(struct hactl_cluster_node, 1);
    const char *votes = hactl_csconf_get(sec, "quorum_votes");

    g_ptr_array_add(c->nodes, n);
    n->section = sec;
    n->votes = 1;
    if (!parse_uint(hactl_csconf_get(sec, "nodeid"), &n->nodeid)) {
        return model_error(what, c->path, sec->line, "node without a valid "
                           "nodeid (a positive integer)");
    }
    if (votes != NULL && !parse_uint(votes, &n->votes)) {
        return model_error(what, c->path, sec->line, "node %u: quorum_votes "
                           "is '%s'", n->nodeid, votes);
    }
    for (guint k = 0; k < HACTL_CLUSTER_MAX_LINKS; k++) {
        g_autofree char *key = g_strdup_printf("ring%u_addr", k);
        const char *addr = hactl_csconf_get(sec, key);

        if (addr != NULL && k != n->n_addrs) {
            return model_error(what, c->path, sec->line, "node %u has %s but "
                               "no ring%u_addr", n->nodeid, key, n->n_addrs);
        }
        if (addr != NULL) {
            n->addrs[n->n_addrs++] = addr;
        }
    }
    if (n->n_addrs == 0) {
        return model_error(what, c->path, sec->line, "node %u has no "
                           "ring0_addr", n->nodeid);
    }
    n->name = hactl_csconf_get(sec, "name");
    if (n->name == NULL) {
        n->name = n->addrs[0];
    }
    return 0;
}

/* No two nodes share an id, a name or an address. */
static int
check_unique(const struct hactl_cluster *c, const char *what)
{
    for (guint i = 0; i < c->nodes->len; i++) {
        const struct hactl_cluster_node *a = c->nodes->pdata[i];

        for (guint j = 0; j < i; j++) {
            const struct hactl_cluster_node *b = c->nodes->pdata[j];

            if (a->nodeid == b->nodeid) {
                return model_error(what, c->path, a->section->line,
                                   "nodeid %u is taken by the node at line "
                                   "%d", a->nodeid, b->section->line);
            }
            if (strcmp(a->name, b->name) == 0) {
                return model_error(what, c->path, a->section->line,
                                   "node name '%s' is taken by the node at "
                                   "line %d", a->name, b->section->line);
            }
            for (guint k = 0; k < a->n_addrs; k++) {
                for (guint l = 0; l < b->n_addrs; l++) {
                    if (strcmp(a->addrs[k], b->addrs[l]) == 0) {
                        return model_error(what, c->path, a->section->line,
                                           "address '%s' is taken by the "
                                           "node at line %d", a->addrs[k],
                                           b->section->line);
                    }
                }
            }
        }
    }
    return 0;
}

static int
load_model(struct hactl_cluster *c, const char *what)
{
    int rc;

    c->totem = hactl_csconf_section(c->root, "totem");
    c->nodelist = hactl_csconf_section(c->root, "nodelist");
    c->quorum = hactl_csconf_section(c->root, "quorum");
    c->nodes = g_ptr_array_new_with_free_func(g_free);
    if (c->totem == NULL) {
        return model_error(what, c->path, 1, "no totem section");
    }
    if (c->nodelist == NULL) {
        return model_error(what, c->path, 1, "no nodelist section (hactl "
                           "needs the nodes listed)");
    }
    for (guint i = 0; i < c->root->children->len; i++) {
        const struct hactl_csconf *it = c->root->children->pdata[i];

        if (it->kind == HACTL_CSCONF_SECTION && it != c->totem
            && it != c->nodelist && it != c->quorum
            && (strcmp(it->key, "totem") == 0
                || strcmp(it->key, "nodelist") == 0
                || strcmp(it->key, "quorum") == 0)) {
            return model_error(what, c->path, it->line, "a second %s section",
                               it->key);
        }
    }
    for (guint i = 0; i < c->nodelist->children->len; i++) {
        struct hactl_csconf *it = c->nodelist->children->pdata[i];

        if (it->kind == HACTL_CSCONF_SECTION && strcmp(it->key, "node") == 0) {
            rc = load_node(c, it, what);
            if (rc < 0) {
                return rc;
            }
        } else if (it->kind != HACTL_CSCONF_COMMENT) {
            return model_error(what, c->path, it->line, "nodelist has '%s': "
                               "only node sections belong there", it->key);
        }
    }
    rc = check_unique(c, what);
    return (rc == 0) ? load_quorum(c, what) : rc;
}

int
hactl_cluster_load(const char *dir, const char *what,
                   struct hactl_cluster **ret_cluster)
{
    g_autoptr(hactl_cluster_t) c = g_new0(struct hactl_cluster, 1);
    g_autofree char *why = NULL;
    int rc;

    c->dir = g_strdup(dir);
    c->path = g_build_filename(dir, HACTL_COROSYNC_CONF, NULL);
    rc = hactl_csconf_read_file(c->path, &c->root, &why);
    if (rc < 0) {
        fprintf(stderr, "hactl: %s: %s\n", what, why);
        return rc;
    }
    rc = load_model(c, what);
    if (rc < 0) {
        return rc;
    }
    *ret_cluster = g_steal_pointer(&c);
    return 0;
}

guint
hactl_cluster_expected_votes(const struct hactl_cluster *c)
{
    guint sum = 0;

    if (c->expected_votes > 0) {
        return c->expected_votes;
    }
    for (guint i = 0; i < c->nodes->len; i++) {
        sum += ((const struct hactl_cluster_node *) c->nodes->pdata[i])->votes;
    }
    return sum;
}

guint
hactl_cluster_quorum_votes(const struct hactl_cluster *c)
{
    return c->two_node ? 1 : hactl_cluster_expected_votes(c) / 2 + 1;
}

struct hactl_cluster_node *
hactl_cluster_node_find(const struct hactl_cluster *c, const char *name)
{
    for (guint i = 0; i < c->nodes->len; i++) {
        struct hactl_cluster_node *n = c->nodes->pdata[i];

        if (strcmp(n->name, name) == 0) {
            return n;
        }
    }
    return NULL;
}

gboolean
hactl_cluster_is_local(const char *name)
{
    const char *host = g_get_host_name();
    size_t short_len = strcspn(host, ".");

    return strcmp(name, host) == 0
           || (strlen(name) == short_len && strncmp(name, host, short_len) == 0);
}

gboolean
hactl_cluster_name_valid(const char *name)
{
    size_t len = strlen(name);

    if (len == 0 || len > 253 || !g_ascii_isalnum(name[0])) {
        return FALSE;
    }
    for (const char *s = name; *s != '\0'; s++) {
        if (!g_ascii_isalnum(*s) && *s != '-' && *s != '_' && *s != '.') {
            return FALSE;
        }
    }
    return TRUE;
}

int
hactl_cluster_addr_check(const char *what, const char *addr, int *ret_family)
{
    unsigned char buf[sizeof(struct in6_addr)];
    struct addrinfo hints = { .ai_family = AF_UNSPEC,
                              .ai_socktype = SOCK_DGRAM };
    struct addrinfo *res = NULL;
    int rc;

    if (inet_pton(AF_INET, addr, buf) == 1) {
        *ret_family = AF_INET;
        return 0;
    }
    if (inet_pton(AF_INET6, addr, buf) == 1) {
        *ret_family = AF_INET6;
        return 0;
    }
    /* only a well-formed host name is worth a lookup */
    if (!hactl_cluster_name_valid(addr)) {
        fprintf(stderr, "hactl: %s: '%s' is neither an IPv4 or IPv6 address "
                "nor a host name\n", what, addr);
        return -EINVAL;
    }
    rc = getaddrinfo(addr, NULL, &hints, &res);
    if (rc != 0) {
        fprintf(stderr, "hactl: %s: host name '%s' does not resolve: %s\n",
                what, addr, gai_strerror(rc));
        return -EINVAL;
    }
    *ret_family = res->ai_family;
    freeaddrinfo(res);
    return 0;
}

int
hactl_cluster_file_replace(const char *path, const char *data, gsize len,
                           int mode)
{
    g_autofree char *tmp = g_strdup_printf("%s.XXXXXX", path);
    gsize done = 0;
    int fd;
    int rc;

    fd = g_mkstemp_full(tmp, O_WRONLY | O_CLOEXEC, mode);
    if (fd == -1) {
        return -errno;
    }
    /* mkstemp honours the umask; the mode is what was asked */
    if (fchmod(fd, (mode_t) mode) == -1) {
        rc = -errno;
        goto out_close_unlink;
    }
    while (done < len) {
        ssize_t w = write(fd, data + done, len - done);

        if (w == -1 && errno == EINTR) {
            continue;
        }
        if (w == -1) {
            rc = -errno;
            goto out_close_unlink;
        }
        done += (gsize) w;
    }
    if (fsync(fd) == -1) {
        rc = -errno;
        goto out_close_unlink;
    }
    rc = (close(fd) == -1) ? -errno : 0;
    fd = -1;
    if (rc < 0) {
        goto out_unlink;
    }
    if (rename(tmp, path) == -1) {
        rc = -errno;
        goto out_unlink;
    }
    return 0;

out_close_unlink:
    (void) close(fd);
out_unlink:
    (void) unlink(tmp);
    return rc;
}

const char *
hactl_cluster_tool(const char *env_name, const char *default_path)
{
    const char *path = g_getenv(env_name);

    if (path == NULL) {
        path = default_path;
    }
    if (*path == '\0' || !g_file_test(path, G_FILE_TEST_IS_EXECUTABLE)
        || g_file_test(path, G_FILE_TEST_IS_DIR)) {
        return NULL;
    }
    return path;
}

int
hactl_cluster_run(const char *const *argv, char **ret_output)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    int status = 0;

    if (!g_spawn_sync(NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL,
                      NULL, &out, &err, &status, &error)) {
        if (ret_output != NULL) {
            *ret_output = g_strdup(error->message);
        }
        return -1;
    }
    if (ret_output != NULL) {
        *ret_output = g_strconcat(out, err, NULL);
    }
    if (WIFEXITED(status)) {
        return WEXITSTATUS(status);
    }
    return -1;
}
