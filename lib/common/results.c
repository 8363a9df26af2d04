/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/common/results.c - error codes and their descriptions. */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/results.h"

static const struct {
    const char *name;
    const char *text;
} ha_errors[HA_ERROR_END - HA_ERROR_BASE] = {
    [HA_EBADXML - HA_ERROR_BASE] = { "HA_EBADXML", "Malformed or unsafe XML" },
    [HA_ESCHEMA - HA_ERROR_BASE] = { "HA_ESCHEMA", "Does not validate against the schema" },
    [HA_EINVALCONF - HA_ERROR_BASE] = { "HA_EINVALCONF", "Invalid configuration" },
    [HA_ENOQUORUM - HA_ERROR_BASE] = { "HA_ENOQUORUM", "Partition has no quorum" },
    [HA_ENOTDC - HA_ERROR_BASE] = { "HA_ENOTDC", "Not the designated controller" },
    [HA_ERETRY - HA_ERROR_BASE] = { "HA_ERETRY", "Cluster membership changed, retry" },
    [HA_EDIGEST - HA_ERROR_BASE] = { "HA_EDIGEST", "Digest mismatch (corrupt data)" },
    [HA_EOLDVERSION - HA_ERROR_BASE] = { "HA_EOLDVERSION", "Version is older than the current one" },
    [HA_EPROTO - HA_ERROR_BASE] = { "HA_EPROTO", "Malformed or unexpected message" },
    [HA_ENOTCONN - HA_ERROR_BASE] = { "HA_ENOTCONN", "Daemon is not running" },
    [HA_EUNSUPPORTED - HA_ERROR_BASE] = { "HA_EUNSUPPORTED", "Not supported" },
    [HA_ETOOBIG - HA_ERROR_BASE] = { "HA_ETOOBIG", "Input exceeds a size limit" },
    [HA_ENOTFOUND - HA_ERROR_BASE] = { "HA_ENOTFOUND", "No such object" },
    [HA_EPERM - HA_ERROR_BASE] = { "HA_EPERM", "Not authorised" },
    [HA_ETIMEDOUT - HA_ERROR_BASE] = { "HA_ETIMEDOUT", "Timed out" },
    [HA_ECONFLICT - HA_ERROR_BASE] = { "HA_ECONFLICT",
                                       "Changed since it was read" },
    [HA_ENOSTORE - HA_ERROR_BASE] = { "HA_ENOSTORE",
        "No member of this partition holds the cluster's configuration" },
    [HA_EUNTRUSTED - HA_ERROR_BASE] = { "HA_EUNTRUSTED",
        "The daemon's IPC name is served by a user other than root or "
        "the cluster's: not talking to it" },
};

const char *
ha_strerror(int rc)
{
    int code = -rc;

    if (rc == 0) {
        return "OK";
    }
    if ((rc > 0) || (rc == G_MININT)) {
        return "Invalid result code";
    }
    if ((code >= HA_ERROR_BASE) && (code < HA_ERROR_END)) {
        return ha_errors[code - HA_ERROR_BASE].text;
    }
    if (code < HA_ERROR_BASE) {
        return g_strerror(code);
    }
    return "Unknown error";
}

const char *
ha_strerror_name(int rc)
{
    int code = -rc;

    if (rc == 0) {
        return "OK";
    }
    if ((rc > 0) || (rc == G_MININT)) {
        return "EINVALID";
    }
    if ((code >= HA_ERROR_BASE) && (code < HA_ERROR_END)) {
        return ha_errors[code - HA_ERROR_BASE].name;
    }
#ifdef HAVE_STRERRORNAME_NP
    if (strerrorname_np(code) != NULL) {
        return strerrorname_np(code);
    }
#endif
    switch (code) {
    case EPERM: return "EPERM";
    case ENOENT: return "ENOENT";
    case EIO: return "EIO";
    case ENOMEM: return "ENOMEM";
    case EACCES: return "EACCES";
    case EEXIST: return "EEXIST";
    case EINVAL: return "EINVAL";
    case ENOSPC: return "ENOSPC";
    case EAGAIN: return "EAGAIN";
    case ETIMEDOUT: return "ETIMEDOUT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ENOTCONN: return "ENOTCONN";
    case EPROTO: return "EPROTO";
    case EFBIG: return "EFBIG";
    default: return "ERRNO";
    }
}

int
ha_rc_from_gerror(const GError *error)
{
    if (error == NULL) {
        return -EINVAL;
    }
    if (error->domain == G_FILE_ERROR) {
        switch (error->code) {
        case G_FILE_ERROR_NOENT: return -ENOENT;
        case G_FILE_ERROR_ACCES: return -EACCES;
        case G_FILE_ERROR_PERM: return -EPERM;
        case G_FILE_ERROR_NOSPC: return -ENOSPC;
        case G_FILE_ERROR_NOMEM: return -ENOMEM;
        case G_FILE_ERROR_ISDIR: return -EISDIR;
        case G_FILE_ERROR_EXIST: return -EEXIST;
        case G_FILE_ERROR_IO: return -EIO;
        default: return -EIO;
        }
    }
    return -EIO;
}
