/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/execd/execd.h - ha-execd's internal wiring: the executor
 * (lib/exec) behind the libqb service (lib/ipc/ipc_execd) and its request
 * handlers (execd_service.c).
 *
 * Ownership: struct execd owns the executor and the server; main() owns
 * struct execd.  Results are broadcast to every connected client; with no
 * client connected they are only kept in the executor's history, which a
 * client reads back with a STATE request.
 */
#ifndef HA_EXECD_H
#define HA_EXECD_H

#include <glib.h>

#include "exec/exec_agent.h"
#include "exec/exec_rsc.h"
#include "ipc/ipc_execd.h"

struct execd {
    struct ha_exec_paths paths;
    ha_exec_executor_t *executor;
    ha_ipc_execd_server_t *server;
    GMainLoop *loop;
};

/**
 * Start serving @name for root and @allowed_uids.
 *
 * @return 0 or a negative errno
 */
int execd_service_start(struct execd *d, const char *name,
                        const uid_t *allowed_uids, guint n_allowed);

/** Stop serving (running agents and monitors are left alone). */
void execd_service_stop(struct execd *d);

#endif /* HA_EXECD_H */
