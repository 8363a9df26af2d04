/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/common/metrics.h - a set of metrics in Prometheus' text exposition
 * format (version 0.0.4).
 *
 * A set is a list of families (name, type, help) in the order they were
 * added, each with its samples (sample name, labels, value) in the order
 * they were added.  Text is rendered only at the end, so the same set can
 * also be walked for another output (hactl's JSON).
 *
 * Invariants:
 *  - Metric and label names are checked (ha_assert): a bad name is a bug
 *    of the caller, never data.  Label values and help texts are data and
 *    are escaped when rendered.
 *  - A sample belongs to the family added last; its name is the family's
 *    name, or for a histogram the name followed by _bucket, _sum or _count.
 *  - Values are rendered locale-independently: integers without a
 *    fraction, +Inf, -Inf and NaN as Prometheus spells them.
 */
#ifndef HA_COMMON_METRICS_H
#define HA_COMMON_METRICS_H

#include <glib.h>

G_BEGIN_DECLS

/* The Content-Type of the rendered text. */
#define HA_METRICS_CONTENT_TYPE "text/plain; version=0.0.4; charset=utf-8"

/* One sample; owned by its family. */
struct ha_metrics_sample {
    char *name;
    char **labels;          /* name, value, name, value, ..., NULL */
    double value;
};

/* One family; owned by its set. */
struct ha_metrics_family {
    char *name;
    char *type;             /* "gauge", "counter", "histogram" */
    char *help;
    GPtrArray *samples;     /* struct ha_metrics_sample * */
};

/* Opaque; see ha_metrics_new() / ha_metrics_free(). */
typedef struct ha_metrics ha_metrics_t;

/** A new, empty set; free with ha_metrics_free(). */
ha_metrics_t *ha_metrics_new(void);

/** Free a set.  NULL is accepted. */
void ha_metrics_free(ha_metrics_t *m);

/**
 * Start a family; the samples added next belong to it.
 *
 * @param[in] name  a metric name, not used by an earlier family (copied)
 * @param[in] type  "gauge", "counter" or "histogram" (copied)
 * @param[in] help  one line of help (copied; escaped when rendered)
 */
void ha_metrics_family_add(ha_metrics_t *m, const char *name,
                           const char *type, const char *help);

/**
 * Add a sample to the current family.
 *
 * @param[in] name   the family's name, or for a histogram with a suffix
 * @param[in] value  the value
 * @param[in] ...    label name and value pairs (copied), then NULL
 */
void ha_metrics_sample_add(ha_metrics_t *m, const char *name, double value,
                           ...) G_GNUC_NULL_TERMINATED;

/** Like ha_metrics_sample_add() with labels from @labels (name, value,
 * ..., NULL; copied); NULL means no labels. */
void ha_metrics_sample_addv(ha_metrics_t *m, const char *name, double value,
                            const char *const *labels);

/** The families, in the order they were added (borrowed). */
const GPtrArray *ha_metrics_families(const ha_metrics_t *m);

/**
 * The whole set as exposition text: per family "# HELP", "# TYPE" and its
 * samples, each line ending with a newline.
 *
 * @return the text (caller frees)
 */
char *ha_metrics_render(const ha_metrics_t *m);

/**
 * A value as the exposition format writes it ("3", "0.25", "+Inf").
 *
 * @param[out] buf  at least G_ASCII_DTOSTR_BUF_SIZE bytes
 * @return @buf
 */
const char *ha_metrics_value_format(double value, char *buf, gsize len);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_metrics_t, ha_metrics_free)

G_END_DECLS

#endif /* HA_COMMON_METRICS_H */
