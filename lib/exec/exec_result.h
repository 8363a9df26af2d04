/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/exec/exec_result.h - how an agent action ended, as data.
 *
 * Two enums describe a finished action: ha_exec_status says whether the
 * agent ran to completion at all (it may have timed out, been cancelled,
 * been missing), and ha_ocf_rc is what it reported, in OCF terms whatever
 * the resource class.  ha_exec_rc_map() is the ONE place where a raw exit
 * code of an OCF, fence or LSB agent becomes an ha_ocf_rc.
 *
 * Invariants: every function here is pure and non-logging.
 */
#ifndef HA_EXEC_RESULT_H
#define HA_EXEC_RESULT_H

#include <glib.h>

G_BEGIN_DECLS

/* The OCF exit codes (OCF resource-agent API 1.1 + the 190/191 draft). */
enum ha_ocf_rc {
    HA_OCF_OK = 0,
    HA_OCF_ERR_GENERIC = 1,
    HA_OCF_ERR_ARGS = 2,
    HA_OCF_ERR_UNIMPLEMENTED = 3,
    HA_OCF_ERR_PERM = 4,
    HA_OCF_ERR_INSTALLED = 5,
    HA_OCF_ERR_CONFIGURED = 6,
    HA_OCF_NOT_RUNNING = 7,
    HA_OCF_RUNNING_PROMOTED = 8,
    HA_OCF_FAILED_PROMOTED = 9,
    HA_OCF_DEGRADED = 190,
    HA_OCF_DEGRADED_PROMOTED = 191,
};

/* Whether the agent ran to completion; only HA_EXEC_DONE has a real rc. */
enum ha_exec_status {
    HA_EXEC_PENDING = 0,    /* queued or running */
    HA_EXEC_DONE,           /* the agent exited; ocf_rc is what it said */
    HA_EXEC_TIMEOUT,        /* killed after its timeout */
    HA_EXEC_CANCELLED,      /* cancelled on request (or by a stop) */
    HA_EXEC_NOT_INSTALLED,  /* the agent does not exist */
    HA_EXEC_ERROR,          /* could not be run, or died of a signal */
    HA_EXEC_STATUS_END
};

/* How a class's raw exit codes are to be read. */
enum ha_exec_rc_kind {
    HA_EXEC_RC_OCF,     /* 0-9, 190, 191; anything else is generic */
    HA_EXEC_RC_FENCE,   /* 0 ok, non-zero failure; status: 0 on, 2 off */
    HA_EXEC_RC_LSB,     /* init scripts; status: 0 running, 3 stopped */
};

/**
 * Map the exit code of an agent to an OCF rc.  The only such mapping.
 *
 * @param[in] kind       how the agent's class reports
 * @param[in] action     the action the agent was asked (e.g. "status")
 * @param[in] exit_code  its exit code (0-255)
 *
 * @return the OCF rc; unknown codes become HA_OCF_ERR_GENERIC
 */
enum ha_ocf_rc ha_exec_rc_map(enum ha_exec_rc_kind kind, const char *action,
                              int exit_code);

/** Stable name of an OCF rc ("OCF_NOT_RUNNING"); "OCF_UNKNOWN" otherwise. */
const char *ha_ocf_rc_name(int rc);

/** Stable name of a status ("done", "timeout", ...). */
const char *ha_exec_status_name(enum ha_exec_status status);

/** True for 190/191: running, but degraded. */
gboolean ha_ocf_rc_is_degraded(int rc);

G_END_DECLS

#endif /* HA_EXEC_RESULT_H */
