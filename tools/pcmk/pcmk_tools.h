/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/pcmk/pcmk_tools.h - ha's own implementations of the Pacemaker
 * commands resource agents call (crm_attribute, crm_master,
 * attrd_updater, crm_node, crm_resource, crm_mon), built into hactl and
 * chosen by the name it is called by.  ha-execd puts a directory of links
 * to hactl named like them, $(pkglibexecdir)/pcmk-tools, first on the
 * agents' PATH and in HA_SBIN_DIR, so they never collide with an
 * installed Pacemaker.
 *
 * They talk to the local hacd like hactl does (hactl_hacd_call()).  Only
 * the options agents use are implemented (docs/pacemaker-tools.md); any
 * other option is refused by name with Pacemaker's usage exit code (64),
 * never ignored and never waited on.  Exit codes are Pacemaker's.
 */
#ifndef HA_PCMK_TOOLS_H
#define HA_PCMK_TOOLS_H

#include <glib.h>

G_BEGIN_DECLS

/* Pacemaker's exit codes (crm_exit_t) that these tools use. */
enum pcmk_exit {
    PCMK_EX_OK = 0,
    PCMK_EX_ERROR = 1,
    PCMK_EX_USAGE = 64,
    PCMK_EX_DISCONNECT = 102,   /* hacd is not running */
    PCMK_EX_QUORUM = 103,
    PCMK_EX_NOSUCH = 105,       /* no such attribute, resource, node */
};

/* Every option any of the tools knows; a tool lists the ones it takes. */
enum pcmk_opt_id {
    OPT_NAME, OPT_VALUE, OPT_QUERY, OPT_DELETE, OPT_QUIET, OPT_LIFETIME,
    OPT_NODE, OPT_PROMOTION, OPT_DEFAULT, OPT_TYPE, OPT_RESOURCE,
    OPT_IGNORED, OPT_LIST, OPT_PARTITION, OPT_QUORUM, OPT_NODEID,
    OPT_NODENAME, OPT_META, OPT_GETPARAM, OPT_LOCATE, OPT_ONESHOT,
    OPT_XML, OPT_OUTPUT_AS, OPT_PRIVATE, OPT_HELP, OPT_MAX
};

enum pcmk_opt_arg { ARG_NONE, ARG_REQUIRED, ARG_OPTIONAL };

struct pcmk_opt {
    char short_name;            /* 0: long form only */
    const char *long_name;      /* NULL: short form only */
    enum pcmk_opt_arg arg;      /* ARG_OPTIONAL: only as --x=V or -xV */
    enum pcmk_opt_id id;
};

/* What a command line said: for each option, whether it was given and
 * its (last) value. */
struct pcmk_args {
    gboolean set[OPT_MAX];
    const char *val[OPT_MAX];
};

/**
 * Parse @argv (argv[0] is the tool) against @table (ends with a zero
 * entry).  Anything else, operands included, is refused by name.
 *
 * @return PCMK_EX_OK or PCMK_EX_USAGE (after printing why)
 */
int pcmk_args_parse(const char *tool, const struct pcmk_opt *table,
                    int argc, char **argv, struct pcmk_args *ret);

/** Print "@tool: message" on stderr and return @code. */
int pcmk_fail(const char *tool, int code, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

/** A negative ha code from talking to hacd as a Pacemaker exit code,
 *  after saying why on stderr. */
int pcmk_fail_rc(const char *tool, int rc);

/** hacd's status (a{sv}, owned) or NULL after pcmk_fail_rc(). */
GVariant *pcmk_status(const char *tool, int *ret_exit);

/** This node's name as hacd knows it (owned), or NULL after an error. */
char *pcmk_local_node(const char *tool, int *ret_exit);

/* The tools (argv[0] is the tool's name). */
int pcmk_crm_attribute(int argc, char **argv);
int pcmk_crm_master(int argc, char **argv);
int pcmk_attrd_updater(int argc, char **argv);
int pcmk_crm_node(int argc, char **argv);
int pcmk_crm_resource(int argc, char **argv);
int pcmk_crm_mon(int argc, char **argv);

/**
 * Run the tool called @name, if there is one.
 *
 * @return its exit code, or -1 if @name is not one of the tools
 */
int pcmk_tool_main(const char *name, int argc, char **argv);

G_END_DECLS

#endif /* HA_PCMK_TOOLS_H */
