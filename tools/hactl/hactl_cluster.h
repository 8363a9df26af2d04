/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster.h - what the files of `hactl cluster` share:
 * the checked model of a corosync.conf (its nodes and quorum options, on
 * top of the brace tree of hactl_cluster_conf.h), file writing, name and
 * address checks, and running the system tools (systemctl,
 * corosync-cfgtool, corosync), whose paths tests override through the
 * environment.
 *
 * hactl_cluster.c: dispatch, the model, show, destroy;
 * hactl_cluster_setup.c: setup; hactl_cluster_nodes.c: join, leave;
 * hactl_cluster_service.c: start, stop, enable, disable;
 * hactl_cluster_quorum.c: whether a stop keeps the others quorate.
 */
#ifndef HA_HACTL_CLUSTER_H
#define HA_HACTL_CLUSTER_H

#include <glib.h>

#include "hactl_cluster_conf.h"

G_BEGIN_DECLS

struct hactl_globals;

/* Where corosync reads its configuration (cluster --dir changes it). */
#define HACTL_COROSYNC_DIR "/etc/corosync"
#define HACTL_COROSYNC_CONF "corosync.conf"
#define HACTL_COROSYNC_AUTHKEY "authkey"
/* corosync-keygen's default: 2048 bits, mode 0400 */
#define HACTL_AUTHKEY_BYTES 256

/* Environment overrides of the tools run (tests point them at scripts);
 * an empty value means "not installed". */
#define HACTL_SYSTEMCTL_ENV "HA_SYSTEMCTL"
#define HACTL_SYSTEMCTL_DEFAULT "/usr/bin/systemctl"
#define HACTL_CFGTOOL_ENV "HA_COROSYNC_CFGTOOL"
#define HACTL_CFGTOOL_DEFAULT "/usr/sbin/corosync-cfgtool"
#define HACTL_COROSYNC_ENV "HA_COROSYNC"
#define HACTL_COROSYNC_DEFAULT "/usr/sbin/corosync"

/* knet has up to 8 links per node (ring0_addr .. ring7_addr) */
#define HACTL_CLUSTER_MAX_LINKS 8

struct hactl_cluster_node {
    const char *name;       /* borrowed from the tree; ring0_addr if unset */
    guint32 nodeid;
    guint votes;            /* quorum_votes, default 1 */
    const char *addrs[HACTL_CLUSTER_MAX_LINKS + 1];  /* NULL-terminated */
    guint n_addrs;
    struct hactl_csconf *section;   /* its node { } (borrowed) */
};

/* A corosync.conf that passed the checks of hactl_cluster_load(). */
struct hactl_cluster {
    char *dir;
    char *path;
    struct hactl_csconf *root;      /* owned */
    struct hactl_csconf *totem;     /* borrowed from root */
    struct hactl_csconf *nodelist;
    struct hactl_csconf *quorum;    /* NULL if there is none */
    GPtrArray *nodes;               /* struct hactl_cluster_node (owned) */
    gboolean two_node, wait_for_all, last_man_standing, auto_tie_breaker;
    guint expected_votes;           /* from the file, 0 if not set */
};

/**
 * Read and check DIR/corosync.conf; on failure print why (prefixed by
 * @what).
 *
 * @param[out] ret_cluster the model (free with hactl_cluster_free()),
 *                         only on success
 *
 * @return 0, a negative errno if the file could not be read, or
 *         -HA_EINVALCONF
 */
int hactl_cluster_load(const char *dir, const char *what,
                       struct hactl_cluster **ret_cluster);

/** Free a model (NULL is accepted). */
void hactl_cluster_free(struct hactl_cluster *c);

typedef struct hactl_cluster hactl_cluster_t;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(hactl_cluster_t, hactl_cluster_free)

/** Votes expected: expected_votes if set, else the sum of node votes. */
guint hactl_cluster_expected_votes(const struct hactl_cluster *c);

/** Votes a partition needs: 1 with two_node, else a majority. */
guint hactl_cluster_quorum_votes(const struct hactl_cluster *c);

/* The arithmetic of a stop (hactl_cluster_quorum.c). */
struct hactl_cluster_stop_votes {
    guint others;       /* other nodes online (or pending) */
    guint left;         /* their votes */
    guint expected;     /* votes the cluster expects */
    guint needed;       /* votes a partition needs for quorum */
};

/**
 * Would the nodes online other than @local keep quorum without it?
 *
 * @param[in]  c        the local corosync.conf, or NULL: every node has one
 *                      vote and @nodes are all the nodes
 * @param[in]  nodes    hacd's status nodes, a(uss): id, name, state
 * @param[in]  local    this node's name
 * @param[in]  quorate  whether this partition has quorum now
 * @param[out] votes    the numbers (always written)
 *
 * @return TRUE if it is safe: no quorum to lose, no other node online,
 *         or they keep enough votes (auto_tie_breaker counted)
 */
gboolean hactl_cluster_stop_is_safe(const struct hactl_cluster *c,
                                    GVariant *nodes, const char *local,
                                    gboolean quorate,
                                    struct hactl_cluster_stop_votes *votes);

/** The node named @name, or NULL (borrowed). */
struct hactl_cluster_node *hactl_cluster_node_find(
    const struct hactl_cluster *c, const char *name);

/** TRUE if @name is this host's name (or its short form). */
gboolean hactl_cluster_is_local(const char *name);

/** TRUE if @name is a valid node name (a host name: letters, digits,
 * '-', '_' and '.', starting with a letter or digit, at most 253). */
gboolean hactl_cluster_name_valid(const char *name);

/**
 * Check an address: an IPv4 or IPv6 literal, or a host name that
 * resolves.
 *
 * @param[out] ret_family AF_INET or AF_INET6, only on success
 *
 * @return 0, or -EINVAL (printed, prefixed by @what)
 */
int hactl_cluster_addr_check(const char *what, const char *addr,
                             int *ret_family);

/**
 * Write @len bytes of @data to @path with @mode: a temporary file in the
 * same directory, then rename() over @path.
 *
 * @return 0 or a negative errno
 */
int hactl_cluster_file_replace(const char *path, const char *data,
                               gsize len, int mode);

/**
 * The path of a system tool: the value of @env_name if set (empty: none),
 * else @default_path.  NULL if it is not an executable file.
 */
const char *hactl_cluster_tool(const char *env_name,
                               const char *default_path);

/**
 * Run @argv, capturing its output.
 *
 * @param[out] ret_output stdout and stderr (caller frees), or NULL
 *
 * @return the exit status (0..255), or -1 if it could not be run
 */
int hactl_cluster_run(const char *const *argv, char **ret_output);

struct hactl_args;
/** The verbs of `hactl cluster` (hactl_cli.h): setup (hactl_cluster_setup.c),
 * join and leave (hactl_cluster_nodes.c), bootstrap
 * (hactl_cluster_bootstrap.c), start|stop|enable|disable (the verb's name
 * says which; hactl_cluster_service.c). */
int hactl_cluster_setup(const struct hactl_globals *g,
                        const struct hactl_args *a);
int hactl_cluster_join(const struct hactl_globals *g,
                       const struct hactl_args *a);
int hactl_cluster_leave(const struct hactl_globals *g,
                        const struct hactl_args *a);
int hactl_cluster_bootstrap(const struct hactl_globals *g,
                            const struct hactl_args *a);
int hactl_cluster_service(const struct hactl_globals *g,
                          const struct hactl_args *a);

/**
 * systemctl @verb (start, stop, enable, disable) of corosync, ha-execd and
 * hacd on this node, in that order (stop and disable: the reverse), as
 * `cluster start` and `setup --start` do; after a start, @wait_s > 0
 * waits until hacd answers and the cluster settled.  Prints nothing on
 * success if @quiet.
 *
 * @return an exit code
 */
int hactl_cluster_units(const char *verb, double wait_s, gboolean quiet,
                        gboolean json);

G_END_DECLS

#endif /* HA_HACTL_CLUSTER_H */
