/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_trust.c - who may serve a client (ipc_trust.h). */
#include "config.h"

#include <pwd.h>
#include <unistd.h>

#include "common/log.h"
#include "common/results.h"
#include "ipc/ipc.h"
#include "ipc/ipc_trust.h"

gboolean
ha_ipc_server_uid_trusted(uid_t server, uid_t self, uid_t daemon)
{
    return server == 0 || server == self || server == daemon;
}

/* The uid of HA_USER, or 0 (root, trusted anyway) if there is none. */
static uid_t
daemon_uid(void)
{
    struct passwd pw;
    struct passwd *found = NULL;
    char buf[1024];

    if (getpwnam_r(HA_USER, &pw, buf, sizeof(buf), &found) != 0
        || found == NULL) {
        return 0;
    }
    return found->pw_uid;
}

int
ha_ipc__server_check(qb_ipcc_connection_t *conn, const char *name)
{
    pid_t pid = 0;
    uid_t uid = 0;
    gid_t gid = 0;
    int32_t rc = qb_ipcc_auth_get(conn, &pid, &uid, &gid);

    if (rc < 0) {
        ha_debug("Cannot read the credentials of IPC server '%s': %s", name,
                 g_strerror(-rc));
        return -HA_EUNTRUSTED;
    }
    if (!ha_ipc_server_uid_trusted(uid, geteuid(), daemon_uid())) {
        ha_debug("IPC server '%s' runs as uid %u (pid %d), not root nor "
                 "%s: not talking to it", name, (unsigned) uid, (int) pid,
                 HA_USER);
        return -HA_EUNTRUSTED;
    }
    return 0;
}
