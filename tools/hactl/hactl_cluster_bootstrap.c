/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_bootstrap.c - `hactl cluster bootstrap
 * --force`: the operator's override when no member of this node's
 * partition holds the cluster's configuration (every copy here is empty,
 * wiped, older than its node recorded, or was never part of a quorate
 * cluster) and the nodes that hold it will not come back.  The partition
 * then acts with the newest copy it has; when the others return, that
 * copy wins over theirs.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "hactl_cli.h"
#include "hactl_cluster.h"

int
hactl_cluster_bootstrap(const struct hactl_globals *g,
                        const struct hactl_args *a)
{
    gboolean force = hactl_arg_flag(a, "force");
    int rc;

    if (!force) {
        fprintf(stderr, "hactl: cluster bootstrap: refused without --force: "
                "this partition would act with its own configuration, and "
                "when the nodes that hold the cluster's come back, this "
                "one replaces theirs\n");
        return HACTL_EXIT_UNSAFE;
    }
    rc = hactl_hacd_call(HA_IPC_HACD_BOOTSTRAP, g_variant_new("()"),
                         HA_IPC_HACD_EMPTY_REPLY, FALSE, NULL);
    if (rc == -EALREADY) {
        printf("This partition already holds the cluster's configuration: "
               "nothing to force\n");
        return HACTL_EXIT_OK;
    }
    if (rc < 0) {
        return hactl_hacd_fail(rc, "cluster bootstrap");
    }
    printf("Forced: this partition acts with its configuration\n");
    return HACTL_EXIT_OK;
}
