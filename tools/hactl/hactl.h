/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl.h - the command table of hactl.
 *
 * hactl's grammar is `hactl <noun> [<verb>] [args...] [options]`.  Each
 * noun lives in its own file (hactl_<noun>.c) with its table of verbs
 * (hactl_cli.h: arguments, options, handler, help); one parser reads
 * every line.  Commands print to stdout, errors to stderr, and return one
 * of the documented exit codes below.
 */
#ifndef HA_HACTL_H
#define HA_HACTL_H

#include <glib.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Exit codes shared by every hactl command (documented in hactl(8)). */
enum hactl_exit {
    HACTL_EXIT_OK = 0,
    HACTL_EXIT_ERROR = 1,        /* generic failure */
    HACTL_EXIT_USAGE = 2,        /* bad command line */
    HACTL_EXIT_INVALID = 3,      /* invalid input (XML, score, id ...) */
    HACTL_EXIT_NOT_FOUND = 4,    /* unknown resource, node, constraint id */
    HACTL_EXIT_NO_DAEMON = 5,    /* hacd is not running */
    HACTL_EXIT_NO_QUORUM = 6,    /* the partition has no quorum */
    HACTL_EXIT_PERMISSION = 7,   /* not root nor in group haclient */
    HACTL_EXIT_RETRY = 8,        /* membership changed: safe to retry */
    HACTL_EXIT_TIMEOUT = 9,      /* --wait ran out */
    HACTL_EXIT_UNSUPPORTED = 10, /* valid input using an unsupported feature */
    HACTL_EXIT_EXISTS = 11,      /* the id is already taken */
    HACTL_EXIT_UNSAFE = 12,      /* refused: unsafe without --force */
};

/* Global options (anywhere on the line; hactl_cli.h). */
struct hactl_globals {
    gboolean json;      /* --output json */
    gboolean verbose;
    gboolean quiet;     /* hactl_edit() prints nothing: the command
                         * reports once itself (resource move) */
};

/** Map a negative ha result code to a hactl exit code. */
int hactl_exit_from_rc(int rc);

struct ha_exec_request;
struct ha_exec_result;
/** Run an agent action here, in this process, with the executor's exact
 * environment (hactl_agent.c); the result (owned) or NULL with *ret_rc. */
struct ha_exec_result *hactl_exec_run_sync(const struct ha_exec_request *req,
                                           int *ret_rc);

/* This node's executor: its IPC name, and the variable that overrides it
 * (the one hacd reads too). */
#define HACTL_EXECD_NAME "ha-execd"
#define HACTL_EXECD_NAME_ENV "HA_EXECD_NAME"

/** Run an action through this node's ha-execd and wait for its result
 * (hactl_execd.c): the result (owned) or NULL with *ret_rc. */
struct ha_exec_result *hactl_execd_run(const struct ha_exec_request *req,
                                       int *ret_rc);

struct hactl_args;
/** `resource debug ID ACTION` (hactl_debug.c). */
int hactl_resource_debug(const struct hactl_globals *g,
                         const struct hactl_args *a);

/** `resource move ID [NODE] [--pin [--lifetime D]]` (hactl_resource_move.c). */
int hactl_resource_move(const struct hactl_globals *g,
                        const struct hactl_args *a);

/** `resource create` / `stonith create` (the verb's name says which). */
int hactl_resource_create(const struct hactl_globals *g,
                          const struct hactl_args *a);
/** `resource delete` / `stonith delete` (fence devices only); a fence
 * device that fencing levels use only with @force. */
int hactl_resource_delete(const struct hactl_globals *g, const char *id,
                          gboolean stonith, gboolean force, double wait_s);
/** `resource list` / `stonith list` (fence devices only). */
int hactl_resource_list(const struct hactl_globals *g, gboolean stonith);

/** `stonith level list|add|delete` (hactl_stonith_level.c). */
int hactl_stonith_level_list(const struct hactl_globals *g,
                             const struct hactl_args *a);
int hactl_stonith_level_add(const struct hactl_globals *g,
                            const struct hactl_args *a);
int hactl_stonith_level_delete(const struct hactl_globals *g,
                               const struct hactl_args *a);

/** A permanent node attribute (configuration <nodes>; hactl_node.c):
 * the value (owned) or NULL when unset; returns an exit code. */
int hactl_node_attr_forever_get(const char *node, const char *name,
                                char **ret_value);
/** Set it (@value NULL: delete it) by a configuration write. */
int hactl_node_attr_forever_set(const struct hactl_globals *g,
                                const char *node, const char *name,
                                const char *value);

/** `node list` and `node show NODE` (hactl_node_show.c). */
int hactl_node_list(const struct hactl_globals *g);
int hactl_node_show(const struct hactl_globals *g, const char *node);

/* Talking to hacd (hactl_status.c): one request; @retry repeats a write
 * with the same request id while the membership changes. */
int hactl_hacd_call(guint32 msg_id, GVariant *body, const char *reply_type,
                    gboolean retry, GVariant **ret_reply);
/** Print why a hacd request failed; returns the exit code. */
int hactl_hacd_fail(int rc, const char *what);
/* The --output json envelope (hactl_json.c). */
/** Start capturing for the envelope of @command ("noun verb"). */
void hactl_json_begin(const char *command);
/** Name the command once the line is parsed. */
void hactl_json_set_command(const char *command);
/** The command's result: printed in the envelope when it ends. */
void hactl_print_json(JsonNode *result);
/** Print the envelope for exit code @code; returns @code. */
int hactl_json_end(int code);
/** Print one envelope of @result on one line now (--watch frames). */
void hactl_json_frame(JsonNode *result);
/** Print @node as JSON and a newline, now. */
void hactl_json_print_node(JsonNode *node, gboolean pretty);
/** A fresh random, non-zero request id for a write. */
guint64 hactl_request_id(void);

/**
 * Long-poll hacd (STATUS_WAIT): the status once it differs from the one
 * numbered @generation (0: at once), or after @timeout_ms with the same
 * generation.  0 with *ret_generation and *ret_status (owned), or a
 * negative code.
 */
int hactl_status_wait(guint64 generation, guint timeout_ms,
                      guint64 *ret_generation, GVariant **ret_status);

/* --wait without a value waits this long (seconds). */
#define HACTL_WAIT_DEFAULT_S 120

/** Wait until hacd says the cluster is settled; an exit code. */
int hactl_wait_settled(const char *what, double timeout_s);
/** A change's end: @rc, or, when it succeeded and --wait was given
 * (@wait_s > 0), hactl_wait_settled(@what, @wait_s). */
int hactl_settled_after(int rc, const char *what, double wait_s);
/** 1 if @arg is --wait[=S] (*ret set), 0 if not, -1 if S is bad. */
int hactl_parse_wait(const char *arg, double *ret_timeout_s);

/* hactl_status.c: the whole status as text, or as a JSON object (owned) */
void hactl_status_print_text(GVariant *status);
JsonNode *hactl_status_json(GVariant *status);

/** FALSE when hacd says no member of its partition holds the cluster's
 * configuration (it waits; status key "holds_config"). */
gboolean hactl_status_holds_config(GVariant *status);

/** TRUE when fencing is enabled and no fence device is configured (status
 * keys "stonith_enabled", "has_fence_device"): nothing starts. */
gboolean hactl_status_no_fence_device(GVariant *status);

/* Exit codes of `status --check` (monitoring plugins), not hactl_exit. */
enum hactl_check_state {
    HACTL_CHECK_OK = 0,
    HACTL_CHECK_WARN = 1,
    HACTL_CHECK_CRIT = 2,
    HACTL_CHECK_UNKNOWN = 3,
};

/** `status --check` (hactl_status_check.c): @rc and @status of the
 * STATUS call; prints the line (or JSON) and returns its state. */
int hactl_status_check(const struct hactl_globals *g, int rc,
                       GVariant *status);
/** `status --watch` (hactl_status_watch.c): a frame per change. */
int hactl_status_watch(const struct hactl_globals *g);

/* hactl_status_rsc.c: the resource part of status */
void hactl_status_print_resources(GVariant *status);
void hactl_status_json_resources(GVariant *status, JsonBuilder *b);
/* Whether the resource (history id: "rsc" or "rsc:N") is one status
 * shows: configured, or removed but still active somewhere. */
gboolean hactl_status_rsc_known(GVariant *status, const char *rsc);
/* The failed actions of the resources status shows (owned). */
GVariant *hactl_status_failed_actions(GVariant *status);
/** " (standby, maintenance)" or "" for a node (caller frees). */
char *hactl_status_node_flags(GVariant *status, const char *node);
/** The node's standby / maintenance members in a JSON node object. */
void hactl_status_json_node_flags(GVariant *status, const char *node,
                                  JsonBuilder *b);

G_END_DECLS

#endif /* HA_HACTL_H */
