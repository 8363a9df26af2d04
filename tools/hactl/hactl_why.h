/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_why.h - the words of `hactl why` (hactl_why_print.c).
 * Every function reads a scheduler result run with want_explain; nothing
 * is modified.  Resource and node arguments are indices into the result.
 */
#ifndef HA_HACTL_WHY_H
#define HA_HACTL_WHY_H

#include <stdio.h>

#include "sched/sched.h"

/** "INFINITY", "-INFINITY" or the number (static buffer of the caller). */
const char *hactl_why_score(int score, char *buf, gsize len);

/**
 * One contribution in words, without its value: "location prefer-web",
 * "banned by location cli-ban-web-on-node3 (...)".
 *
 * @return a new string (caller frees)
 */
char *hactl_why_contrib_text(const ha_sched_result_t *res, guint rsc,
                             guint node, const struct ha_sched_contrib *c);

/** One blocker in words (caller frees). */
char *hactl_why_blocker_text(const ha_sched_result_t *res, guint rsc,
                             const struct ha_sched_blocker *b);

/** The words of enum ha_sched_tie_flags: "fewer resources ..., name". */
char *hactl_why_tie_text(guint tie);

/**
 * Explain primitive @rsc: where it runs and why, and why not on each other
 * node (only on @node unless it is HA_MODEL_NONE).
 */
void hactl_why_print(FILE *out, const ha_sched_result_t *res, guint rsc,
                     guint node);

#endif /* HA_HACTL_WHY_H */
