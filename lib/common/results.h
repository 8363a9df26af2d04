/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/common/results.h - the one error convention of the project.
 *
 * Functions that can fail return int: 0 on success, a negative value on
 * failure.  Magnitudes below 4096 are -errno values; project codes are
 * -HA_E* with magnitudes >= HA_ERROR_BASE.  ha_strerror() names both.
 *
 * OCF exit codes and process exit statuses are data, not errors: they have
 * their own enums (lib/exec) and are converted at the boundary.
 */
#ifndef HA_COMMON_RESULTS_H
#define HA_COMMON_RESULTS_H

#include <glib.h>

G_BEGIN_DECLS

#define HA_ERROR_BASE 4096

enum ha_error {
    HA_EBADXML = HA_ERROR_BASE,  /* not well-formed XML, or unsafe XML */
    HA_ESCHEMA,                  /* does not validate against the schema */
    HA_EINVALCONF,               /* semantically invalid configuration */
    HA_ENOQUORUM,                /* the partition has no quorum */
    HA_ENOTDC,                   /* this node is not the DC */
    HA_ERETRY,                   /* membership changed: retry the request */
    HA_EDIGEST,                  /* stored data does not match its digest */
    HA_EOLDVERSION,              /* version older than the current one */
    HA_EPROTO,                   /* malformed or unexpected message */
    HA_ENOTCONN,                 /* the daemon is not running */
    HA_EUNSUPPORTED,             /* valid input we do not handle yet */
    HA_ETOOBIG,                  /* input over a size limit */
    HA_ENOTFOUND,                /* unknown id */
    HA_EPERM,                    /* not authorised */
    HA_ETIMEDOUT,                /* an operation did not finish in time */
    HA_ECONFLICT,                /* changed since it was read: read again */
    HA_ENOSTORE,                 /* no member here holds the cluster's
                                  * configuration: not acting */
    HA_EUNTRUSTED,               /* a daemon's IPC name is served by a
                                  * user other than root or ha's */
    HA_ERROR_END
};

/**
 * Describe a result code.
 *
 * @param[in] rc  0, a negative errno, or a negative HA_E* code
 *
 * @return a static string, never NULL
 */
const char *ha_strerror(int rc);

/**
 * The stable short name of a code ("HA_ENOQUORUM", "ENOENT", "OK"), for
 * machine output (JSON) and logs.
 */
const char *ha_strerror_name(int rc);

/**
 * Convert a GError from GLib file/IO functions to a negative code.
 */
int ha_rc_from_gerror(const GError *error);

G_END_DECLS

#endif /* HA_COMMON_RESULTS_H */
