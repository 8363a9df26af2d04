/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_trust.h - a client checks who serves the name it connected
 * to, before it sends anything (internal to lib/ipc).
 *
 * Any local user can create a libqb IPC name first; a client that did not
 * check would hand that user its requests (configuration edits with fence
 * passwords, agent parameters).  The server's kernel credentials, taken
 * when the connection was made, must be root's, the cluster daemon user's
 * (HA_USER) or the client's own effective user's (a user talking to a
 * daemon it started itself gives nothing away).
 */
#ifndef HA_IPC_TRUST_H
#define HA_IPC_TRUST_H

#include <qb/qbipcc.h>

/**
 * Check the server of @conn.
 *
 * @return 0, or -HA_EUNTRUSTED (logged at debug level with the server's
 *         uid and pid)
 */
int ha_ipc__server_check(qb_ipcc_connection_t *conn, const char *name);

#endif /* HA_IPC_TRUST_H */
