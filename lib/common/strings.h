/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/common/strings.h - parsing of the value types a CIB uses: scores,
 * durations (intervals, timeouts), booleans.
 *
 * All parsers are non-logging, return 0 or -EINVAL, and write their ret_
 * parameter only on success.
 */
#ifndef HA_COMMON_STRINGS_H
#define HA_COMMON_STRINGS_H

#include <glib.h>

G_BEGIN_DECLS

/* Pacemaker's score arithmetic: values are clamped to +/- INFINITY. */
#define HA_SCORE_INFINITY 1000000

/**
 * Parse a score: an integer, or INFINITY / +INFINITY / -INFINITY
 * (case-insensitive).  Integers beyond +/-INFINITY are clamped.
 */
int ha_score_parse(const char *text, int *ret_score);

/** Add two scores the way Pacemaker does (-INFINITY wins over +INFINITY). */
int ha_score_add(int a, int b);

/** Format a score: "INFINITY", "-INFINITY" or the integer.  @buf >= 16. */
const char *ha_score_format(int score, char *buf, gsize len);

/**
 * Parse a duration into milliseconds.  Accepts a plain integer (seconds),
 * an integer with a unit (ms, msec, s, sec, m, min, h, hr; "us" is rounded
 * up to ms), and ISO 8601 durations of the time part ("PT1H30M", "P1D").
 */
int ha_duration_parse_ms(const char *text, guint64 *ret_ms);

/** Parse a boolean: true/false, yes/no, on/off, y/n, 1/0 (case-insensitive). */
int ha_bool_parse(const char *text, gboolean *ret_value);

/**
 * A yes/no flag of the CIB's status that newer writers give as a
 * timestamp: a boolean as ha_bool_parse() reads it, else a positive
 * integer is yes.  NULL and anything else are no.
 */
gboolean ha_bool_or_stamp(const char *text);

/** True if @id is a valid XML ID (NCName) as the CIB requires. */
gboolean ha_id_valid(const char *id);

G_END_DECLS

#endif /* HA_COMMON_STRINGS_H */
