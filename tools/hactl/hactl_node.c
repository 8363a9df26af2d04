/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_node.c - `hactl node attribute NODE NAME [VALUE |
 * --delete]`: transient node attributes (in memory, replicated; lost when
 * the node is lost).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"

static int
node_usage(FILE *out, int code)
{
    fprintf(out, "Usage: hactl node attribute NODE NAME          (show)\n"
            "       hactl node attribute NODE NAME VALUE    (set)\n"
            "       hactl node attribute NODE NAME --delete\n");
    return code;
}

static int
attr_get(const char *node, const char *name)
{
    g_autoptr(GVariant) reply = NULL;
    const char *value = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_ATTR_GET,
                             g_variant_new("(ss)", node, name),
                             HA_IPC_HACD_MAYBE_REPLY, FALSE, &reply);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "node attribute");
    }
    g_variant_get(reply, "(m&s)", &value);
    if (value == NULL) {
        fprintf(stderr, "hactl: node '%s' has no attribute '%s'\n", node, name);
        return HACTL_EXIT_NOT_FOUND;
    }
    printf("%s\n", value);
    return HACTL_EXIT_OK;
}

static int
attr_set(const char *node, const char *name, const char *value)
{
    int rc = hactl_hacd_call(HA_IPC_HACD_ATTR_SET,
                             g_variant_new("(ssms)", node, name, value),
                             HA_IPC_HACD_EMPTY_REPLY, FALSE, NULL);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "node attribute");
    }
    return HACTL_EXIT_OK;
}

int
ha_hactl_cmd_node(const struct hactl_globals *g, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "attribute") != 0) {
        return node_usage(stderr, HACTL_EXIT_USAGE);
    }
    if (argc == 4) {
        return attr_get(argv[2], argv[3]);
    }
    if (argc == 5 && strcmp(argv[4], "--delete") == 0) {
        return attr_set(argv[2], argv[3], NULL);
    }
    if (argc == 5) {
        return attr_set(argv[2], argv[3], argv[4]);
    }
    return node_usage(stderr, HACTL_EXIT_USAGE);
}
