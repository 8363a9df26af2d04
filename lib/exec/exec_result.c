/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/exec/exec_result.c - exit-code mapping and names (pure). */
#include "config.h"

#include <string.h>

#include "exec/exec_result.h"

static enum ha_ocf_rc
map_ocf(int code)
{
    if ((code >= HA_OCF_OK) && (code <= HA_OCF_FAILED_PROMOTED)) {
        return (enum ha_ocf_rc) code;
    }
    if ((code == HA_OCF_DEGRADED) || (code == HA_OCF_DEGRADED_PROMOTED)) {
        return (enum ha_ocf_rc) code;
    }
    return HA_OCF_ERR_GENERIC;
}

static gboolean
is_status_action(const char *action)
{
    return (strcmp(action, "status") == 0) || (strcmp(action, "monitor") == 0);
}

static enum ha_ocf_rc
map_fence(const char *action, int code)
{
    if (code == 0) {
        return HA_OCF_OK;
    }
    /* Only "status" has a second success value: 2 means powered off. */
    if ((strcmp(action, "status") == 0) && (code == 2)) {
        return HA_OCF_NOT_RUNNING;
    }
    return HA_OCF_ERR_GENERIC;
}

static enum ha_ocf_rc
map_lsb(const char *action, int code)
{
    if (is_status_action(action)) {
        switch (code) {
        case 0: return HA_OCF_OK;
        case 3: return HA_OCF_NOT_RUNNING;
        default: return HA_OCF_ERR_GENERIC;  /* 1/2 dead with files, 4 unknown */
        }
    }
    /* LSB's codes for other actions coincide with OCF's 0-7. */
    if ((code >= 0) && (code <= HA_OCF_NOT_RUNNING)) {
        return (enum ha_ocf_rc) code;
    }
    return HA_OCF_ERR_GENERIC;
}

enum ha_ocf_rc
ha_exec_rc_map(enum ha_exec_rc_kind kind, const char *action, int exit_code)
{
    switch (kind) {
    case HA_EXEC_RC_OCF: return map_ocf(exit_code);
    case HA_EXEC_RC_FENCE: return map_fence(action, exit_code);
    case HA_EXEC_RC_LSB: return map_lsb(action, exit_code);
    }
    return HA_OCF_ERR_GENERIC;
}

const char *
ha_ocf_rc_name(int rc)
{
    switch (rc) {
    case HA_OCF_OK: return "OCF_SUCCESS";
    case HA_OCF_ERR_GENERIC: return "OCF_ERR_GENERIC";
    case HA_OCF_ERR_ARGS: return "OCF_ERR_ARGS";
    case HA_OCF_ERR_UNIMPLEMENTED: return "OCF_ERR_UNIMPLEMENTED";
    case HA_OCF_ERR_PERM: return "OCF_ERR_PERM";
    case HA_OCF_ERR_INSTALLED: return "OCF_ERR_INSTALLED";
    case HA_OCF_ERR_CONFIGURED: return "OCF_ERR_CONFIGURED";
    case HA_OCF_NOT_RUNNING: return "OCF_NOT_RUNNING";
    case HA_OCF_RUNNING_PROMOTED: return "OCF_RUNNING_PROMOTED";
    case HA_OCF_FAILED_PROMOTED: return "OCF_FAILED_PROMOTED";
    case HA_OCF_DEGRADED: return "OCF_DEGRADED";
    case HA_OCF_DEGRADED_PROMOTED: return "OCF_DEGRADED_PROMOTED";
    default: return "OCF_UNKNOWN";
    }
}

const char *
ha_exec_status_name(enum ha_exec_status status)
{
    switch (status) {
    case HA_EXEC_PENDING: return "pending";
    case HA_EXEC_DONE: return "done";
    case HA_EXEC_TIMEOUT: return "timeout";
    case HA_EXEC_CANCELLED: return "cancelled";
    case HA_EXEC_NOT_INSTALLED: return "not-installed";
    case HA_EXEC_ERROR: return "error";
    case HA_EXEC_STATUS_END: break;
    }
    return "unknown";
}

gboolean
ha_ocf_rc_is_degraded(int rc)
{
    return (rc == HA_OCF_DEGRADED) || (rc == HA_OCF_DEGRADED_PROMOTED);
}
