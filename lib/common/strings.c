/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/common/strings.c - scores, durations, booleans, ids. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/log.h"
#include "common/strings.h"

int
ha_score_parse(const char *text, int *ret_score)
{
    const char *p;
    char *end = NULL;
    long long v;

    if (text == NULL) {
        return -EINVAL;
    }
    p = text;
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (g_ascii_strcasecmp(p, "INFINITY") == 0
        || g_ascii_strcasecmp(p, "+INFINITY") == 0) {
        *ret_score = HA_SCORE_INFINITY;
        return 0;
    }
    if (g_ascii_strcasecmp(p, "-INFINITY") == 0) {
        *ret_score = -HA_SCORE_INFINITY;
        return 0;
    }
    if (*p == '\0') {
        return -EINVAL;
    }
    errno = 0;
    v = g_ascii_strtoll(p, &end, 10);
    if (end == p) {
        return -EINVAL;
    }
    while (g_ascii_isspace(*end)) {
        end++;
    }
    if (*end != '\0') {
        return -EINVAL;
    }
    if (errno == ERANGE || v > HA_SCORE_INFINITY) {
        v = (v < 0) ? -HA_SCORE_INFINITY : HA_SCORE_INFINITY;
    } else if (v < -HA_SCORE_INFINITY) {
        v = -HA_SCORE_INFINITY;
    }
    *ret_score = (int) v;
    return 0;
}

int
ha_score_add(int a, int b)
{
    long long sum;

    if (a <= -HA_SCORE_INFINITY || b <= -HA_SCORE_INFINITY) {
        return -HA_SCORE_INFINITY;
    }
    if (a >= HA_SCORE_INFINITY || b >= HA_SCORE_INFINITY) {
        return HA_SCORE_INFINITY;
    }
    sum = (long long) a + b;
    if (sum >= HA_SCORE_INFINITY) {
        return HA_SCORE_INFINITY;
    }
    if (sum <= -HA_SCORE_INFINITY) {
        return -HA_SCORE_INFINITY;
    }
    return (int) sum;
}

const char *
ha_score_format(int score, char *buf, gsize len)
{
    if (score >= HA_SCORE_INFINITY) {
        return "INFINITY";
    }
    if (score <= -HA_SCORE_INFINITY) {
        return "-INFINITY";
    }
    g_snprintf(buf, len, "%d", score);
    return buf;
}

/* "PT1H2M3S", "P1DT2H", "P2W": the parts a timeout or interval can use. */
static int
iso8601_duration_ms(const char *p, guint64 *ret_ms)
{
    gboolean in_time = FALSE;
    gboolean any = FALSE;
    guint64 total = 0;

    p++;    /* 'P' */
    while (*p != '\0') {
        char *end = NULL;
        guint64 n;
        guint64 mult;

        if (*p == 'T' || *p == 't') {
            in_time = TRUE;
            p++;
            continue;
        }
        if (!g_ascii_isdigit(*p)) {
            return -EINVAL;
        }
        n = g_ascii_strtoull(p, &end, 10);
        switch (g_ascii_toupper(*end)) {
        case 'W': mult = in_time ? 0 : 7ULL * 86400000; break;
        case 'D': mult = in_time ? 0 : 86400000ULL; break;
        /* Pacemaker also takes hours and seconds before the 'T'
         * ("P10S" is 10 seconds in its regression suite). */
        case 'H': mult = 3600000ULL; break;
        case 'M': mult = in_time ? 60000ULL : 0; break;   /* months: no */
        case 'S': mult = 1000ULL; break;
        default: return -EINVAL;
        }
        if (mult == 0 || n > G_MAXUINT64 / mult) {
            return -EINVAL;
        }
        total += n * mult;
        any = TRUE;
        p = end + 1;
    }
    if (!any) {
        return -EINVAL;
    }
    *ret_ms = total;
    return 0;
}

int
ha_duration_parse_ms(const char *text, guint64 *ret_ms)
{
    static const struct {
        const char *unit;
        guint64 mult_ms;
    } units[] = {
        { "", 1000 }, { "s", 1000 }, { "sec", 1000 }, { "ms", 1 },
        { "msec", 1 }, { "m", 60000 }, { "min", 60000 }, { "h", 3600000 },
        { "hr", 3600000 },
    };
    const char *p;
    char *end = NULL;
    guint64 n;

    ha_assert(ret_ms != NULL);
    if (text == NULL) {
        return -EINVAL;
    }
    p = text;
    while (g_ascii_isspace(*p)) {
        p++;
    }
    if (*p == 'P' || *p == 'p') {
        return iso8601_duration_ms(p, ret_ms);
    }
    if (!g_ascii_isdigit(*p)) {
        return -EINVAL;
    }
    errno = 0;
    n = g_ascii_strtoull(p, &end, 10);
    if (errno == ERANGE) {
        return -EINVAL;
    }
    while (g_ascii_isspace(*end)) {
        end++;
    }
    if (g_ascii_strcasecmp(end, "us") == 0
        || g_ascii_strcasecmp(end, "usec") == 0) {
        *ret_ms = (n + 999) / 1000;
        return 0;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(units); i++) {
        if (g_ascii_strcasecmp(end, units[i].unit) == 0) {
            if (n > G_MAXUINT64 / units[i].mult_ms) {
                return -EINVAL;
            }
            *ret_ms = n * units[i].mult_ms;
            return 0;
        }
    }
    return -EINVAL;
}

int
ha_bool_parse(const char *text, gboolean *ret_value)
{
    static const char *const yes[] = { "true", "yes", "on", "y", "1" };
    static const char *const no[] = { "false", "no", "off", "n", "0" };

    if (text == NULL) {
        return -EINVAL;
    }
    for (size_t i = 0; i < G_N_ELEMENTS(yes); i++) {
        if (g_ascii_strcasecmp(text, yes[i]) == 0) {
            *ret_value = TRUE;
            return 0;
        }
        if (g_ascii_strcasecmp(text, no[i]) == 0) {
            *ret_value = FALSE;
            return 0;
        }
    }
    return -EINVAL;
}

gboolean
ha_bool_or_stamp(const char *text)
{
    gboolean b = FALSE;

    if (text == NULL) {
        return FALSE;
    }
    if (ha_bool_parse(text, &b) == 0) {
        return b;
    }
    return g_ascii_strtoll(text, NULL, 10) > 0;
}

gboolean
ha_id_valid(const char *id)
{
    if (id == NULL || *id == '\0') {
        return FALSE;
    }
    if (!(g_ascii_isalpha(*id) || *id == '_' || (guchar) *id >= 0x80)) {
        return FALSE;
    }
    for (const char *p = id + 1; *p != '\0'; p++) {
        if (!(g_ascii_isalnum(*p) || *p == '_' || *p == '-' || *p == '.'
              || (guchar) *p >= 0x80)) {
            return FALSE;
        }
    }
    return TRUE;
}
