/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/common/log.c - the one place that configures libqb logging. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"

static int log_file_target = -1;
static char **trace_tags = NULL;

static void
target_set_level(int target, int level)
{
    (void) qb_log_filter_ctl(target, QB_LOG_FILTER_CLEAR_ALL,
                             QB_LOG_FILTER_FILE, "*", LOG_TRACE);
    (void) qb_log_filter_ctl(target, QB_LOG_FILTER_ADD, QB_LOG_FILTER_FILE,
                             "*", level);
}

static int
level_from_env(int level)
{
    const char *debug = g_getenv("HA_DEBUG");

    if (debug == NULL || *debug == '\0' || strcmp(debug, "0") == 0) {
        return level;
    }
    if (strcmp(debug, "trace") == 0) {
        return LOG_TRACE;
    }
    return LOG_DEBUG;
}

void
ha_log_init(const char *name, guint32 targets, int level)
{
    const char *tags = g_getenv("HA_TRACE_TAGS");

    level = level_from_env(level);
    qb_log_init(name, LOG_DAEMON, level);
    /* qb_log_init enables syslog by default; we decide ourselves. */
    (void) qb_log_ctl(QB_LOG_SYSLOG, QB_LOG_CONF_ENABLED,
                      (targets & HA_LOG_SYSLOG) ? QB_TRUE : QB_FALSE);
    if (targets & HA_LOG_SYSLOG) {
        target_set_level(QB_LOG_SYSLOG, level);
        qb_log_format_set(QB_LOG_SYSLOG, "%b");
    }
    (void) qb_log_ctl(QB_LOG_STDERR, QB_LOG_CONF_ENABLED,
                      (targets & HA_LOG_STDERR) ? QB_TRUE : QB_FALSE);
    if (targets & HA_LOG_STDERR) {
        target_set_level(QB_LOG_STDERR, level);
        qb_log_format_set(QB_LOG_STDERR, "%N: %p: %b");
    }
    (void) qb_log_ctl(QB_LOG_BLACKBOX, QB_LOG_CONF_ENABLED, QB_FALSE);

    g_strfreev(trace_tags);
    trace_tags = (tags != NULL) ? g_strsplit(tags, ",", -1) : NULL;
}

int
ha_log_set_file(const char *path, int level)
{
    int target;

    if (log_file_target >= 0) {
        (void) qb_log_file_close(log_file_target);
        log_file_target = -1;
    }
    target = qb_log_file_open(path);
    if (target < 0) {
        return target;      /* qb returns -errno */
    }
    log_file_target = target;
    target_set_level(target, level_from_env(level));
#ifdef QB_FEATURE_LOG_HIRES_TIMESTAMPS
    qb_log_format_set(target, "%T %H %N[%P] %f:%l %p: %b");
#else
    qb_log_format_set(target, "%t %H %N[%P] %f:%l %p: %b");
#endif
    (void) qb_log_ctl(target, QB_LOG_CONF_ENABLED, QB_TRUE);
    return 0;
}

void
ha_log_set_file_filter(const char *files, int level)
{
    static const int targets[] = { QB_LOG_SYSLOG, QB_LOG_STDERR };

    for (size_t i = 0; i < G_N_ELEMENTS(targets); i++) {
        (void) qb_log_filter_ctl(targets[i], QB_LOG_FILTER_ADD,
                                 QB_LOG_FILTER_FILE, files, level);
    }
    if (log_file_target >= 0) {
        (void) qb_log_filter_ctl(log_file_target, QB_LOG_FILTER_ADD,
                                 QB_LOG_FILTER_FILE, files, level);
    }
}

gboolean
ha_log_tag_enabled(const char *tag)
{
    if (trace_tags == NULL || tag == NULL) {
        return FALSE;
    }
    return g_strv_contains((const char * const *) trace_tags, tag);
}

void
ha_log_fini(void)
{
    g_clear_pointer(&trace_tags, g_strfreev);
    log_file_target = -1;
    qb_log_fini();
}
