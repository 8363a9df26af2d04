/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/common/log.h - logging on libqb's qb_log.
 *
 * Daemons and tools call ha_log_init() once; libraries only use the macros
 * (lib/ code logs at debug/trace only; daemons log once, where a failure is
 * handled).  Targets: syslog, stderr, a file.  Levels follow syslog.  Extra
 * machine detail goes after QB_XS so syslog lines stay short.
 *
 * This file is the only user of qb_log_ctl() and qb_log_filter_ctl().
 */
#ifndef HA_COMMON_LOG_H
#define HA_COMMON_LOG_H

#include <glib.h>
#include <stdlib.h>
#include <syslog.h>
#include <qb/qblog.h>

#include "common/results.h"

G_BEGIN_DECLS

#define ha_crit(fmt, ...)   qb_log(LOG_CRIT, fmt, ##__VA_ARGS__)
#define ha_err(fmt, ...)    qb_log(LOG_ERR, fmt, ##__VA_ARGS__)
#define ha_warn(fmt, ...)   qb_log(LOG_WARNING, fmt, ##__VA_ARGS__)
#define ha_notice(fmt, ...) qb_log(LOG_NOTICE, fmt, ##__VA_ARGS__)
#define ha_info(fmt, ...)   qb_log(LOG_INFO, fmt, ##__VA_ARGS__)
#define ha_debug(fmt, ...)  qb_log(LOG_DEBUG, fmt, ##__VA_ARGS__)
#define ha_trace(fmt, ...)  qb_log(LOG_TRACE, fmt, ##__VA_ARGS__)

/* Per-object trace tags: ha_trace_tag("rsc1", ...) logs only when
 * HA_TRACE_TAGS contains rsc1 (comma separated), whatever the level. */
#define ha_trace_tag(tag, fmt, ...)                                     \
    do {                                                                \
        if (ha_log_tag_enabled(tag)) {                                  \
            qb_log(LOG_NOTICE, "[%s] " fmt, (tag), ##__VA_ARGS__);      \
        }                                                               \
    } while (0)

/* Log at error level and return @rc: return ha_err_rc(rc, "Could not ..."). */
#define ha_err_rc(rc, fmt, ...)                                         \
    ({                                                                  \
        int ha__rc = (rc);                                              \
        qb_log(LOG_ERR, fmt ": %s " QB_XS " rc=%d", ##__VA_ARGS__,       \
               ha_strerror(ha__rc), ha__rc);                            \
        ha__rc;                                                         \
    })

/* Programming errors only: logs file, line and function, then aborts. */
#define ha_assert(expr)                                                 \
    do {                                                                \
        if (G_UNLIKELY(!(expr))) {                                      \
            qb_log(LOG_CRIT, "Assertion '%s' failed in %s()", #expr,    \
                   G_STRFUNC);                                          \
            g_printerr("%s:%d: %s(): assertion '%s' failed\n",          \
                       __FILE__, __LINE__, G_STRFUNC, #expr);           \
            abort();                                                    \
        }                                                               \
    } while (0)

enum ha_log_targets {
    HA_LOG_STDERR = (1 << 0),
    HA_LOG_SYSLOG = (1 << 1),
};

/**
 * Set up logging for a program.
 *
 * @param[in] name     program name used as syslog ident
 * @param[in] targets  HA_LOG_* flags
 * @param[in] level    highest syslog priority to log (LOG_NOTICE, ...);
 *                     HA_DEBUG=1 in the environment raises it to LOG_DEBUG
 *                     and HA_DEBUG=trace to LOG_TRACE
 */
void ha_log_init(const char *name, guint32 targets, int level);

/**
 * Also log to @path (appended).  Returns 0 or a negative errno.
 */
int ha_log_set_file(const char *path, int level);

/**
 * Log only messages from source files matching @files (comma separated,
 * e.g. "sched_colocation.c,store_parse.c") at up to @level, on every target.
 */
void ha_log_set_file_filter(const char *files, int level);

/** True if @tag is one of the comma-separated tags in HA_TRACE_TAGS. */
gboolean ha_log_tag_enabled(const char *tag);

/** Flush and close every target. */
void ha_log_fini(void);

G_END_DECLS

#endif /* HA_COMMON_LOG_H */
