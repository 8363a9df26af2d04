/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/hactl/hactl.c - global options and dispatch to a noun. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "hactl.h"
#include "pcmk_tools.h"

static const struct hactl_cmd commands[] = {
    { "cluster", ha_hactl_cmd_cluster,
      "set up, start, stop, join and leave the cluster (corosync.conf)",
      "setup show start stop enable disable join leave destroy" },
    { "status", ha_hactl_cmd_status,
      "nodes, DC, quorum, resources, failures (--check, --watch)", NULL },
    { "resource", ha_hactl_cmd_resource,
      "create, change, move and clean up resources",
      "create delete update enable disable manage unmanage move ban clear "
      "cleanup refresh restart list show debug" },
    { "group", ha_hactl_cmd_group, "group primitives, ungroup, list groups",
      "create add remove delete list show" },
    { "clone", ha_hactl_cmd_clone, "clone a resource, unclone, list clones",
      "create delete list show" },
    { "constraint", ha_hactl_cmd_constraint,
      "location, colocation and order constraints",
      "location colocation order list delete" },
    { "stonith", ha_hactl_cmd_stonith, "fence devices, fencing and its history",
      "create delete list fence history level confirm" },
    { "node", ha_hactl_cmd_node, "standby, maintenance, node attributes",
      "list show standby unstandby maintenance unmaintenance attribute "
      "utilization stop" },
    { "property", ha_hactl_cmd_property, "set, get, unset and list cluster "
      "properties", "set get unset list" },
    { "defaults", ha_hactl_cmd_defaults,
      "resource and operation defaults (rsc_defaults, op_defaults)",
      "resource op list" },
    { "config", ha_hactl_cmd_config,
      "show, export, import, verify, diff and roll back the configuration",
      "show export import verify diff history rollback" },
    { "why", ha_hactl_cmd_why, "why a resource runs where it does, or not",
      NULL },
    { "simulate", ha_hactl_cmd_simulate,
      "run the policy engine offline on a CIB file", NULL },
    { "metrics", ha_hactl_cmd_metrics,
      "the cluster's state as Prometheus metrics", NULL },
    { "agent", ha_hactl_cmd_agent, "list, describe and test resource agents",
      "list describe test" },
    { "report", ha_hactl_cmd_report,
      "bundle status, configuration, scheduler inputs and logs", NULL },
};

int
hactl_exit_from_rc(int rc)
{
    switch (-rc) {
    case 0: return HACTL_EXIT_OK;
    case EINVAL: case HA_EBADXML: case HA_ESCHEMA: case HA_EINVALCONF:
    case HA_ETOOBIG: case HA_EPROTO:
        return HACTL_EXIT_INVALID;
    case ENOENT: case HA_ENOTFOUND: return HACTL_EXIT_NOT_FOUND;
    case HA_ENOTCONN: case ECONNREFUSED: return HACTL_EXIT_NO_DAEMON;
    case HA_ENOQUORUM: case HA_ENOSTORE: return HACTL_EXIT_NO_QUORUM;
    case EPERM: case EACCES: case HA_EPERM: case HA_EUNTRUSTED:
        return HACTL_EXIT_PERMISSION;
    case HA_ERETRY: case EAGAIN: case HA_ECONFLICT: return HACTL_EXIT_RETRY;
    case HA_ETIMEDOUT: case ETIMEDOUT: return HACTL_EXIT_TIMEOUT;
    case HA_EUNSUPPORTED: return HACTL_EXIT_UNSUPPORTED;
    case EEXIST: return HACTL_EXIT_EXISTS;
    case EBUSY: return HACTL_EXIT_UNSAFE;
    default: return HACTL_EXIT_ERROR;
    }
}

static void
usage(FILE *out)
{
    fprintf(out, "Usage: hactl [--output text|json] [-v] <command> [args...]\n\n"
            "Commands:\n");
    for (size_t i = 0; i < G_N_ELEMENTS(commands); i++) {
        fprintf(out, "  %-12s %s\n", commands[i].noun, commands[i].summary);
    }
    fprintf(out, "\nRun 'hactl <command> --help' for a command's options.\n");
}

/* "noun verb" for the JSON envelope: the verb when argv[1] is one. */
static char *
command_name(const struct hactl_cmd *cmd, int argc, char **argv)
{
    if (cmd->verbs != NULL && argc > 1) {
        g_auto(GStrv) verbs = g_strsplit(cmd->verbs, " ", -1);

        if (g_strv_contains((const char *const *) verbs, argv[1])) {
            return g_strdup_printf("%s %s", cmd->noun, argv[1]);
        }
    }
    return g_strdup(cmd->noun);
}

/* --help anywhere after the noun prints text, never an envelope. */
static gboolean
asks_for_help(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0
            || (i == 1 && strcmp(argv[i], "help") == 0)) {
            return TRUE;
        }
    }
    return FALSE;
}

int
main(int argc, char **argv)
{
    struct hactl_globals g = { 0 };
    g_autofree char *called = g_path_get_basename(argv[0]);
    int i = 1;

    setlocale(LC_ALL, "");
    /* called as crm_attribute, crm_node ... (tools/pcmk) */
    i = pcmk_tool_main(called, argc, argv);
    if (i >= 0) {
        return i;
    }
    i = 1;
    ha_log_init("hactl", HA_LOG_STDERR, LOG_WARNING);
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return HACTL_EXIT_OK;
        } else if (strcmp(argv[i], "--version") == 0) {
            printf("hactl (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
            return HACTL_EXIT_OK;
        } else if (strcmp(argv[i], "-v") == 0
                   || strcmp(argv[i], "--verbose") == 0) {
            g.verbose = TRUE;
        } else if (strcmp(argv[i], "--output") == 0 && i + 1 < argc) {
            i++;
            if (strcmp(argv[i], "json") == 0) {
                g.json = TRUE;
            } else if (strcmp(argv[i], "text") != 0) {
                fprintf(stderr, "hactl: unknown output format '%s'\n", argv[i]);
                return HACTL_EXIT_USAGE;
            }
        } else if (strcmp(argv[i], "--output=json") == 0) {
            g.json = TRUE;
        } else if (strcmp(argv[i], "--output=text") == 0) {
            g.json = FALSE;
        } else {
            fprintf(stderr, "hactl: unknown option '%s'\n", argv[i]);
            usage(stderr);
            return HACTL_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return HACTL_EXIT_USAGE;
    }
    for (size_t c = 0; c < G_N_ELEMENTS(commands); c++) {
        if (strcmp(argv[i], commands[c].noun) == 0) {
            int rc = 0;

            if (g.json && !asks_for_help(argc - i, argv + i)) {
                g_autofree char *name = command_name(&commands[c], argc - i,
                                                     argv + i);

                hactl_json_begin(name);
            }
            rc = hactl_json_end(commands[c].run(&g, argc - i, argv + i));
            ha_log_fini();
            return rc;
        }
    }
    fprintf(stderr, "hactl: unknown command '%s'\n", argv[i]);
    usage(stderr);
    return HACTL_EXIT_USAGE;
}
