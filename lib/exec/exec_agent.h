/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_agent.h - a request to run one action of one resource's
 * agent, and the table of resource classes that turns it into a program,
 * an argv, an environment and stdin.
 *
 * Resource classes are rows of one table (exec_agent.c): "ocf"
 * ($OCF_ROOT/resource.d/PROVIDER/TYPE, parameters as OCF_RESKEY_*),
 * "stonith" (fence_* in the fence directory, parameters as key=value
 * lines on stdin), "lsb" (/etc/init.d scripts).  Adding a class (systemd)
 * is adding a row.
 *
 * Invariants: agents run without a shell, with a fully specified
 * environment (nothing is inherited from the executor), and parameter and
 * meta-attribute names are validated before anything runs.  Non-logging.
 */
#ifndef HA_EXEC_AGENT_H
#define HA_EXEC_AGENT_H

#include <glib.h>

#include "exec/exec_proc.h"
#include "exec/exec_result.h"

G_BEGIN_DECLS

/* Bounds on what a request may carry. */
#define HA_EXEC_NAME_MAX         128     /* rsc id, class, provider, type, action */
#define HA_EXEC_PARAM_NAME_MAX   128
#define HA_EXEC_PARAM_VALUE_MAX  (64 * 1024)
#define HA_EXEC_PARAMS_MAX       256     /* params + meta */
#define HA_EXEC_ENV_BYTES_MAX    (256 * 1024)

/* Where agents live; tests point these at private directories. */
struct ha_exec_paths {
    const char *ocf_root;    /* search path: DIR[:DIR...], first has it */
    const char *fence_dir;   /* /usr/sbin */
    const char *lsb_dir;     /* /etc/init.d */
    const char *rsctmp;      /* HA_RSCTMP: /run/resource-agents */
    const char *node_name;   /* OCF_RESKEY_CRM_meta_on_node; NULL: hostname */
    const char *tools_dir;   /* ha's crm_attribute, crm_node ... (first on
                              * PATH, and HA_SBIN_DIR); NULL: none */
    const char *hacd_name;   /* the IPC name of the hacd those tools talk
                              * to (HA_IPC_NAME); NULL: the default */
};

/* The Pacemaker feature set agents are told (OCF_RESKEY_crm_feature_set):
 * agents compare it to decide which of Pacemaker's interfaces exist. */
#define HA_EXEC_CRM_FEATURE_SET "3.16.2"

/** The installed defaults (HA_OCF_ROOT, /usr/sbin, /etc/init.d ...). */
const struct ha_exec_paths *ha_exec_paths_default(void);

/* One action of one resource.  Plain data: every field is owned. */
typedef struct ha_exec_request {
    char *rsc_id;
    char *rclass;        /* "ocf", "stonith", "lsb" */
    char *provider;      /* ocf only; else NULL */
    char *type;
    char *action;        /* start, stop, monitor, meta-data, off, ... */
    guint interval_ms;   /* recurring monitors; 0 for one-shot actions */
    guint timeout_ms;
    GHashTable *params;  /* name -> value */
    GHashTable *meta;    /* name -> value (clone, notify, target data) */
} ha_exec_request_t;

/**
 * Create a request (every string is copied).  Validate it with
 * ha_exec_request_validate() before use.
 */
ha_exec_request_t *ha_exec_request_new(const char *rsc_id, const char *rclass,
                                       const char *provider, const char *type,
                                       const char *action, guint interval_ms,
                                       guint timeout_ms);

/** Deep copy. */
ha_exec_request_t *ha_exec_request_copy(const ha_exec_request_t *req);

/** Free a request; NULL is accepted. */
void ha_exec_request_free(ha_exec_request_t *req);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_exec_request_t, ha_exec_request_free)

/** Set OCF_RESKEY_<name> (both copied).  OCF_CHECK_LEVEL goes unprefixed. */
void ha_exec_request_set_param(ha_exec_request_t *req, const char *name,
                               const char *value);

/** Set OCF_RESKEY_CRM_meta_<name> ('-' becomes '_'; both copied).
 *  promoted_max and promoted_node_max are also passed under their old
 *  names, master_max and master_node_max, as Pacemaker does. */
void ha_exec_request_set_meta(ha_exec_request_t *req, const char *name,
                              const char *value);

/**
 * Check a request: known class, names of the right shape and size,
 * parameter names and values acceptable for its class.
 *
 * @return 0, -EINVAL, -HA_ETOOBIG or -HA_EUNSUPPORTED (unknown class)
 */
int ha_exec_request_validate(const ha_exec_request_t *req);

/**
 * Split "ocf:heartbeat:Dummy", "stonith:fence_dummy", "lsb:nginx".
 *
 * @param[out] ret_class, ret_provider (NULL when the class has none), ret_type
 *             newly allocated, set only on success
 *
 * @return 0, -EINVAL or -HA_EUNSUPPORTED
 */
int ha_exec_agent_parse(const char *spec, char **ret_class,
                        char **ret_provider, char **ret_type);

/** True if @rclass names a row of the class table. */
gboolean ha_exec_class_known(const char *rclass);

/** How exit codes of @rclass are read (OCF for unknown classes). */
enum ha_exec_rc_kind ha_exec_class_rc_kind(const char *rclass);

/** The action that prints an agent's meta-data in @rclass, or NULL. */
const char *ha_exec_class_metadata_action(const char *rclass);

/** True if @rclass's resources have no process of their own (stonith):
 *  stop runs nothing and a probe of an unstarted one is "not running". */
gboolean ha_exec_class_is_virtual(const char *rclass);

/**
 * List the agents of a class ("ocf" lists "provider:type" for every
 * provider, or only @provider's), sorted.
 *
 * @param[out] ret_names  newly allocated array of strings
 *
 * @return 0, -HA_EUNSUPPORTED or a negative errno
 */
int ha_exec_agents_list(const struct ha_exec_paths *paths, const char *rclass,
                        const char *provider, GPtrArray **ret_names);

/* A program ready to run: owned strings. */
typedef struct ha_exec_command {
    char *path;
    GPtrArray *argv;         /* NULL-terminated */
    GPtrArray *envp;         /* NULL-terminated, sorted */
    char *stdin_data;        /* or NULL */
    char *agent_action;      /* the action the agent is asked */
    enum ha_exec_rc_kind rc_kind;
    gboolean no_process;     /* the class answers this action itself (OK) */
} ha_exec_command_t;

/**
 * Build the program, argv, environment and stdin for a validated request.
 *
 * @param[out] ret_cmd  newly allocated (only on success)
 *
 * @return 0, -ENOENT (no such agent), -EACCES (not executable), -EINVAL,
 *         -HA_ETOOBIG, -HA_EUNSUPPORTED
 */
int ha_exec_command_build(const struct ha_exec_paths *paths,
                          const ha_exec_request_t *req,
                          ha_exec_command_t **ret_cmd);

/** Free a command; NULL is accepted. */
void ha_exec_command_free(ha_exec_command_t *cmd);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_exec_command_t, ha_exec_command_free)

/** Look up an environment variable of a built command (tests, debug). */
const char *ha_exec_command_getenv(const ha_exec_command_t *cmd,
                                   const char *name);

G_END_DECLS

#endif /* HA_EXEC_AGENT_H */
