/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/pcmk/pcmk_tools.c - the dispatch by name, the option parser every
 * tool shares, and talking to hacd (through hactl_hacd_call()).
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "pcmk_tools.h"

int
pcmk_fail(const char *tool, int code, const char *fmt, ...)
{
    va_list ap;

    fprintf(stderr, "%s: ", tool);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    return code;
}

int
pcmk_fail_rc(const char *tool, int rc)
{
    switch (-rc) {
    case HA_ENOTCONN:
        return pcmk_fail(tool, PCMK_EX_DISCONNECT,
                         "Could not connect to hacd: it is not running on "
                         "this node");
    case HA_ENOQUORUM:
        return pcmk_fail(tool, PCMK_EX_QUORUM,
                         "this partition has no quorum: configuration "
                         "writes are refused");
    default:
        return pcmk_fail(tool, PCMK_EX_ERROR, "Error performing operation: %s",
                         ha_strerror(rc));
    }
}

/* The table entry of "-x" (@s set) or "--long" (@l set), or NULL. */
static const struct pcmk_opt *
opt_find(const struct pcmk_opt *table, char s, const char *l, gsize l_len)
{
    for (const struct pcmk_opt *o = table; o->short_name || o->long_name; o++) {
        if ((s != 0 && o->short_name == s)
            || (l != NULL && o->long_name != NULL
                && strlen(o->long_name) == l_len
                && strncmp(o->long_name, l, l_len) == 0)) {
            return o;
        }
    }
    return NULL;
}

static int
unsupported(const char *tool, const char *arg)
{
    return pcmk_fail(tool, PCMK_EX_USAGE,
                     "option '%s' is not supported by ha's %s (see "
                     "docs/pacemaker-tools.md)", arg, tool);
}

/* One "--long[=V]"; may take the next argument (*i advances). */
static int
parse_long(const char *tool, const struct pcmk_opt *table, int argc,
           char **argv, int *i, struct pcmk_args *ret)
{
    const char *a = argv[*i] + 2;
    const char *eq = strchr(a, '=');
    const struct pcmk_opt *o = opt_find(table, 0, a,
                                        eq ? (gsize) (eq - a) : strlen(a));

    if (o == NULL || (o->arg == ARG_NONE && eq != NULL)) {
        return unsupported(tool, argv[*i]);
    }
    ret->set[o->id] = TRUE;
    if (eq != NULL) {
        ret->val[o->id] = eq + 1;
    } else if (o->arg == ARG_REQUIRED) {
        if (*i + 1 >= argc) {
            return pcmk_fail(tool, PCMK_EX_USAGE, "option '%s' needs a value",
                             argv[*i]);
        }
        ret->val[o->id] = argv[++*i];
    }
    return PCMK_EX_OK;
}

/* "-abc", "-nNAME" or "-n NAME". */
static int
parse_short(const char *tool, const struct pcmk_opt *table, int argc,
            char **argv, int *i, struct pcmk_args *ret)
{
    for (const char *c = argv[*i] + 1; *c != '\0'; c++) {
        const struct pcmk_opt *o = opt_find(table, *c, NULL, 0);

        if (o == NULL) {
            char opt[3] = { '-', *c, '\0' };

            return unsupported(tool, opt);
        }
        ret->set[o->id] = TRUE;
        if (o->arg == ARG_NONE) {
            continue;
        }
        if (c[1] != '\0') {
            ret->val[o->id] = c + 1;
        } else if (o->arg == ARG_REQUIRED) {
            if (*i + 1 >= argc) {
                return pcmk_fail(tool, PCMK_EX_USAGE,
                                 "option '-%c' needs a value", *c);
            }
            ret->val[o->id] = argv[++*i];
        }
        break;
    }
    return PCMK_EX_OK;
}

int
pcmk_args_parse(const char *tool, const struct pcmk_opt *table, int argc,
                char **argv, struct pcmk_args *ret)
{
    memset(ret, 0, sizeof(*ret));
    for (int i = 1; i < argc; i++) {
        int code;

        if (strcmp(argv[i], "--") == 0 || argv[i][0] != '-'
            || argv[i][1] == '\0') {
            return pcmk_fail(tool, PCMK_EX_USAGE, "unexpected argument '%s'",
                             argv[i]);
        }
        code = (argv[i][1] == '-')
               ? parse_long(tool, table, argc, argv, &i, ret)
               : parse_short(tool, table, argc, argv, &i, ret);
        if (code != PCMK_EX_OK) {
            return code;
        }
    }
    if (ret->set[OPT_HELP]) {
        printf("%s: ha's implementation of Pacemaker's %s for resource "
               "agents;\nthe options it takes are listed in "
               "docs/pacemaker-tools.md\n", tool, tool);
    }
    return PCMK_EX_OK;
}

GVariant *
pcmk_status(const char *tool, int *ret_exit)
{
    GVariant *st = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    *ret_exit = (rc < 0) ? pcmk_fail_rc(tool, rc) : PCMK_EX_OK;
    return (rc < 0) ? NULL : st;
}

char *
pcmk_local_node(const char *tool, int *ret_exit)
{
    g_autoptr(GVariant) st = pcmk_status(tool, ret_exit);
    const char *name = NULL;

    if (st == NULL) {
        return NULL;
    }
    if (!g_variant_lookup(st, "local_name", "&s", &name) || name[0] == '\0') {
        *ret_exit = pcmk_fail(tool, PCMK_EX_ERROR,
                              "hacd does not know this node's name yet");
        return NULL;
    }
    return g_strdup(name);
}

int
pcmk_tool_main(const char *name, int argc, char **argv)
{
    static const struct {
        const char *name;
        int (*run)(int argc, char **argv);
    } tools[] = {
        { "crm_attribute", pcmk_crm_attribute },
        { "crm_master", pcmk_crm_master },
        { "attrd_updater", pcmk_attrd_updater },
        { "crm_node", pcmk_crm_node },
        { "crm_resource", pcmk_crm_resource },
        { "crm_mon", pcmk_crm_mon },
    };

    for (gsize i = 0; i < G_N_ELEMENTS(tools); i++) {
        if (strcmp(name, tools[i].name) == 0) {
            return tools[i].run(argc, argv);
        }
    }
    return -1;
}
