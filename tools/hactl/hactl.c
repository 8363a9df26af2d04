/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/hactl/hactl.c - the nouns of hactl and its entry point. */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "hactl_cli.h"
#include "pcmk_tools.h"

/* The nouns, in the order `hactl --help` lists them; each noun's verbs
 * are in its own file (hactl_cli.h). */
const struct hactl_noun *const hactl_nouns[] = {
    &hactl_noun_cluster, &hactl_noun_status, &hactl_noun_resource,
    &hactl_noun_group, &hactl_noun_clone, &hactl_noun_constraint,
    &hactl_noun_stonith, &hactl_noun_node, &hactl_noun_property,
    &hactl_noun_defaults, &hactl_noun_config, &hactl_noun_why,
    &hactl_noun_simulate, &hactl_noun_metrics, &hactl_noun_agent,
    &hactl_noun_report, NULL,
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

int
main(int argc, char **argv)
{
    g_autofree char *called = g_path_get_basename(argv[0]);
    int rc;

    setlocale(LC_ALL, "");
    /* called as crm_attribute, crm_node ... (tools/pcmk) */
    rc = pcmk_tool_main(called, argc, argv);
    if (rc >= 0) {
        return rc;
    }
    ha_log_init("hactl", HA_LOG_STDERR, LOG_WARNING);
    rc = hactl_cli_main(argc, argv);
    ha_log_fini();
    return rc;
}
