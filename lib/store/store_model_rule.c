/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_model_rule.c - evaluation of CIB rules and attribute sets
 * (pure: "now" and node attributes come from the caller's context).
 *
 * Comparison semantics of <expression>: with type="integer" / "number" the
 * values are compared as numbers, falling back to strings if either does
 * not parse; without a type, gt/lt/gte/lte compare as numbers (a value
 * with a '.' as a double), everything else as strings.
 */
#define _GNU_SOURCE 1
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/strings.h"
#include "store/store_model.h"

static gboolean
parse_number(const char *s, gboolean as_double, double *ret)
{
    char *end = NULL;

    if (s == NULL || *s == '\0') {
        return FALSE;
    }
    if (as_double) {
        *ret = g_ascii_strtod(s, &end);
    } else {
        *ret = (double) g_ascii_strtoll(s, &end, 10);
    }
    /* like Pacemaker: leading number, rest ignored ("3.4" as integer: 3) */
    return (end != NULL) && (end != s);
}

static int
cmp_values(const char *a, const char *b, const char *type, const char *op)
{
    gboolean numeric = FALSE;
    gboolean as_double = FALSE;
    double x, y;

    if (type == NULL) {
        numeric = (strcmp(op, "eq") != 0) && (strcmp(op, "ne") != 0);
        as_double = (strchr(a, '.') != NULL) || (strchr(b, '.') != NULL);
    } else if (g_ascii_strcasecmp(type, "integer") == 0) {
        numeric = TRUE;
    } else if (g_ascii_strcasecmp(type, "number") == 0) {
        numeric = TRUE;
        as_double = TRUE;
    } else if (g_ascii_strcasecmp(type, "version") == 0) {
        return strverscmp(a, b);
    }
    if (numeric && parse_number(a, as_double, &x)
        && parse_number(b, as_double, &y)) {
        return (x < y) ? -1 : (x > y);
    }
    if (numeric && type == NULL) {
        return g_strcmp0(a, b);
    }
    return (type == NULL || g_ascii_strcasecmp(type, "string") == 0
            || numeric) ? g_ascii_strcasecmp(a, b) : strcmp(a, b);
}

/* The value an expression compares with: its own (value-source literal),
 * or the constraint resource's instance attribute (param: its own and its
 * parents', their rules evaluated on the node the rule is evaluated for, as
 * Pacemaker does) or meta attribute (meta) that it names. */
static const char *
expr_value(const struct ha_model_expr *e, const struct ha_model_rule_ctx *ctx)
{
    struct ha_model_rule_ctx plain = {
        .node_attr = ctx->node_attr, .node_data = ctx->node_data,
        .now = ctx->now,
    };
    gboolean param = (g_strcmp0(e->value_source, "param") == 0);

    if (!param && g_strcmp0(e->value_source, "meta") != 0) {
        return e->value;
    }
    if (!ctx->have_rsc || e->value == NULL) {
        return NULL;
    }
    if (!param) {
        return ha_store_model_rsc_meta(ctx->model, ctx->rsc, e->value, &plain);
    }
    for (guint r = ctx->rsc; r != HA_MODEL_NONE;
         r = ctx->model->rscs[r].parent) {
        const char *v = ha_store_model_attrs_eval(&ctx->model->rscs[r].params,
                                                  e->value, &plain);

        if (v != NULL) {
            return v;
        }
    }
    return NULL;
}

static gboolean
eval_attr(const struct ha_model_expr *e, const struct ha_model_rule_ctx *ctx)
{
    const char *op = (e->operation != NULL) ? e->operation : "eq";
    const char *have = NULL;
    const char *want = expr_value(e, ctx);
    int c;

    if (ctx->node_attr != NULL && e->attribute != NULL) {
        have = ctx->node_attr(ctx->node_data, e->attribute);
    }
    if (strcmp(op, "defined") == 0) {
        return have != NULL;
    }
    if (strcmp(op, "not_defined") == 0) {
        return have == NULL;
    }
    if (have == NULL || want == NULL) {
        return strcmp(op, "ne") == 0 && (have != NULL || want != NULL);
    }
    c = cmp_values(have, want, e->type, op);
    if (strcmp(op, "eq") == 0) {
        return c == 0;
    }
    if (strcmp(op, "ne") == 0) {
        return c != 0;
    }
    if (strcmp(op, "lt") == 0) {
        return c < 0;
    }
    if (strcmp(op, "lte") == 0) {
        return c <= 0;
    }
    if (strcmp(op, "gt") == 0) {
        return c > 0;
    }
    if (strcmp(op, "gte") == 0) {
        return c >= 0;
    }
    return FALSE;
}

int
ha_store_date_parse(const char *text, gint64 *ret_seconds)
{
    int y = 0, mo = 1, d = 1, h = 0, mi = 0, s = 0, yday = 0;
    g_autoptr(GDateTime) dt = NULL;
    const char *t;

    if (text == NULL) {
        return -EINVAL;
    }
    if (sscanf(text, "%d-%d-%d", &y, &mo, &d) != 3) {
        if (sscanf(text, "%d-%d", &y, &yday) != 2) {
            return -EINVAL;
        }
        mo = 1;
        d = 1;
    }
    t = strpbrk(text, "T ");
    if (t != NULL) {
        (void) sscanf(t + 1, "%d:%d:%d", &h, &mi, &s);
    }
    dt = g_date_time_new_utc(y, mo, d, h, mi, s);
    if (dt == NULL) {
        return -EINVAL;
    }
    *ret_seconds = g_date_time_to_unix(dt) + ((yday > 0) ? (yday - 1) * 86400
                                                         : 0);
    return 0;
}

static const char *
spec_get(const struct ha_model_expr *e, const char *name)
{
    for (guint i = 0; i < e->n_spec; i++) {
        if (strcmp(e->spec[i].name, name) == 0) {
            return e->spec[i].value;
        }
    }
    return NULL;
}

/* "1-5" or "3" as [lo, hi] */
static gboolean
spec_range(const char *spec, int *lo, int *hi)
{
    if (sscanf(spec, "%d-%d", lo, hi) == 2) {
        return TRUE;
    }
    if (sscanf(spec, "%d", lo) == 1) {
        *hi = *lo;
        return TRUE;
    }
    return FALSE;
}

/* "1-5" or "3" contains v? */
static gboolean
in_range_spec(const char *spec, int v)
{
    int lo, hi;

    if (spec == NULL) {
        return TRUE;
    }
    return spec_range(spec, &lo, &hi) && v >= lo && v <= hi;
}

static gboolean
eval_date_spec(const struct ha_model_expr *e, gint64 now)
{
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(now);

    return in_range_spec(spec_get(e, "years"), g_date_time_get_year(dt))
           && in_range_spec(spec_get(e, "months"), g_date_time_get_month(dt))
           && in_range_spec(spec_get(e, "monthdays"),
                            g_date_time_get_day_of_month(dt))
           && in_range_spec(spec_get(e, "hours"), g_date_time_get_hour(dt))
           && in_range_spec(spec_get(e, "minutes"), g_date_time_get_minute(dt))
           && in_range_spec(spec_get(e, "seconds"), g_date_time_get_second(dt))
           && in_range_spec(spec_get(e, "yeardays"),
                            g_date_time_get_day_of_year(dt))
           && in_range_spec(spec_get(e, "weekdays"),
                            g_date_time_get_day_of_week(dt))
           && in_range_spec(spec_get(e, "weeks"),
                            g_date_time_get_week_of_year(dt));
}

static gint64
duration_seconds(const struct ha_model_expr *e)
{
    static const struct { const char *n; gint64 mult; } units[] = {
        { "years", 365 * 86400 }, { "months", 30 * 86400 },
        { "weeks", 7 * 86400 }, { "days", 86400 }, { "hours", 3600 },
        { "minutes", 60 }, { "seconds", 1 },
    };
    gint64 total = 0;

    for (gsize i = 0; i < G_N_ELEMENTS(units); i++) {
        const char *v = spec_get(e, units[i].n);

        if (v != NULL) {
            total += g_ascii_strtoll(v, NULL, 10) * units[i].mult;
        }
    }
    return total;
}

static gboolean
eval_date(const struct ha_model_expr *e, const struct ha_model_rule_ctx *ctx)
{
    const char *op = (e->operation != NULL) ? e->operation : "in_range";
    gint64 start = G_MININT64, end = G_MAXINT64;
    gboolean have_start = (ha_store_date_parse(e->start, &start) == 0);
    gboolean have_end = (ha_store_date_parse(e->end, &end) == 0);

    if (strcmp(op, "date_spec") == 0) {
        return eval_date_spec(e, ctx->now);
    }
    if (strcmp(op, "gt") == 0) {
        return have_start && ctx->now > start;
    }
    if (strcmp(op, "lt") == 0) {
        return have_end && ctx->now < end;
    }
    if (!have_end && have_start && e->spec_is_duration) {
        end = start + duration_seconds(e);
    }
    return ctx->now >= start && ctx->now <= end;
}

/* ---- when may a date expression change its value? ---- */

static void
earliest(gint64 *best, gint64 t)
{
    if (t > 0 && (*best == 0 || t < *best)) {
        *best = t;
    }
}

enum spec_unit { UNIT_SECOND, UNIT_MINUTE, UNIT_HOUR, UNIT_DAY, UNIT_MONTH };

/* The date_spec fields eval_date_spec() reads (years aside), the unit in
 * which each one moves, and how many steps of it show every value. */
static const struct {
    const char *name;
    gint (*get)(GDateTime *dt);
    enum spec_unit unit;
    guint steps;
} spec_fields[] = {
    { "seconds", g_date_time_get_second, UNIT_SECOND, 60 },
    { "minutes", g_date_time_get_minute, UNIT_MINUTE, 60 },
    { "hours", g_date_time_get_hour, UNIT_HOUR, 24 },
    { "monthdays", g_date_time_get_day_of_month, UNIT_DAY, 62 },
    { "weekdays", g_date_time_get_day_of_week, UNIT_DAY, 7 },
    { "yeardays", g_date_time_get_day_of_year, UNIT_DAY, 366 },
    { "weeks", g_date_time_get_week_of_year, UNIT_DAY, 371 },
    { "months", g_date_time_get_month, UNIT_MONTH, 12 },
};

/* The start of the unit after the one that holds @t (UTC). */
static gint64
next_unit_start(gint64 t, enum spec_unit unit)
{
    static const gint64 seconds[] = { 1, 60, 3600, 86400 };
    g_autoptr(GDateTime) dt = NULL;
    g_autoptr(GDateTime) first = NULL;
    g_autoptr(GDateTime) next = NULL;

    if (unit != UNIT_MONTH) {
        gint64 s = seconds[unit];

        return t - (((t % s) + s) % s) + s;
    }
    dt = g_date_time_new_from_unix_utc(t);
    first = (dt != NULL) ? g_date_time_new_utc(g_date_time_get_year(dt),
                                               g_date_time_get_month(dt), 1,
                                               0, 0, 0) : NULL;
    next = (first != NULL) ? g_date_time_add_months(first, 1) : NULL;
    return (next != NULL) ? g_date_time_to_unix(next) : 0;
}

/* When does field @f of the date_spec @spec enter or leave its range?  Not
 * seen within a whole cycle: the end of the search (look again then). */
static gint64
spec_field_next(gsize f, const char *spec, gint64 now)
{
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(now);
    gboolean was;
    gint64 t = now;

    if (dt == NULL) {
        return 0;
    }
    was = in_range_spec(spec, spec_fields[f].get(dt));
    for (guint i = 0; i < spec_fields[f].steps; i++) {
        g_autoptr(GDateTime) at = NULL;

        t = next_unit_start(t, spec_fields[f].unit);
        at = (t > 0) ? g_date_time_new_from_unix_utc(t) : NULL;
        if (at == NULL) {
            return 0;
        }
        if (in_range_spec(spec, spec_fields[f].get(at)) != was) {
            return t;
        }
    }
    return t;
}

/* Years: the first day of the first year of the range, or of the year
 * after it. */
static gint64
spec_years_next(const char *spec, gint64 now)
{
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc(now);
    g_autoptr(GDateTime) at = NULL;
    int lo, hi, year;

    if (dt == NULL || !spec_range(spec, &lo, &hi)) {
        return 0;
    }
    year = g_date_time_get_year(dt);
    if (year > hi) {
        return 0;
    }
    at = g_date_time_new_utc((year < lo) ? lo : hi + 1, 1, 1, 0, 0, 0);
    return (at != NULL) ? g_date_time_to_unix(at) : 0;
}

static gint64
date_spec_next(const struct ha_model_expr *e, gint64 now)
{
    gint64 best = 0;
    const char *years = spec_get(e, "years");

    for (gsize f = 0; f < G_N_ELEMENTS(spec_fields); f++) {
        const char *spec = spec_get(e, spec_fields[f].name);

        if (spec != NULL) {
            earliest(&best, spec_field_next(f, spec, now));
        }
    }
    if (years != NULL) {
        earliest(&best, spec_years_next(years, now));
    }
    return best;
}

/* The boundaries of eval_date(): gt is true from start + 1, lt until end -
 * 1, in_range from start to end (or start + duration) inclusive. */
static gint64
date_next_change(const struct ha_model_expr *e, gint64 now)
{
    const char *op = (e->operation != NULL) ? e->operation : "in_range";
    gint64 start = 0, end = 0;
    gboolean have_start = (ha_store_date_parse(e->start, &start) == 0);
    gboolean have_end = (ha_store_date_parse(e->end, &end) == 0);

    if (strcmp(op, "date_spec") == 0) {
        return date_spec_next(e, now);
    }
    if (strcmp(op, "gt") == 0) {
        return (have_start && now <= start) ? start + 1 : 0;
    }
    if (strcmp(op, "lt") == 0) {
        return (have_end && now < end) ? end : 0;
    }
    if (!have_end && have_start && e->spec_is_duration) {
        end = start + duration_seconds(e);
        have_end = TRUE;
    }
    if (have_start && now < start) {
        return start;
    }
    return (have_end && now <= end) ? end + 1 : 0;
}

gint64
ha_store_rule_next_change(const struct ha_model_rule *rule, gint64 now)
{
    gint64 best = 0;

    for (guint i = 0; i < rule->n_exprs; i++) {
        const struct ha_model_expr *e = &rule->exprs[i];

        if (e->kind == HA_EXPR_DATE) {
            earliest(&best, date_next_change(e, now));
        } else if (e->kind == HA_EXPR_RULE && e->rule != NULL) {
            earliest(&best, ha_store_rule_next_change(e->rule, now));
        }
    }
    return best;
}

static gboolean
eval_expr(const struct ha_model_expr *e, const struct ha_model_rule_ctx *ctx)
{
    switch (e->kind) {
    case HA_EXPR_ATTR:
        return eval_attr(e, ctx);
    case HA_EXPR_DATE:
        return eval_date(e, ctx);
    case HA_EXPR_RULE:
        return ha_store_rule_eval(e->rule, ctx);
    case HA_EXPR_RSC:
        return (e->klass == NULL || g_strcmp0(e->klass, ctx->rsc_class) == 0)
               && (e->provider == NULL
                   || g_strcmp0(e->provider, ctx->rsc_provider) == 0)
               && (e->agent == NULL || g_strcmp0(e->agent, ctx->rsc_type) == 0);
    case HA_EXPR_OP:
        if (!ctx->have_op || g_strcmp0(e->op_name, ctx->op_name) != 0) {
            return FALSE;
        }
        if (e->op_interval != NULL) {
            guint64 ms = 0;

            (void) ha_duration_parse_ms(e->op_interval, &ms);
            return ms == ctx->op_interval_ms;
        }
        return TRUE;
    }
    return FALSE;
}

gboolean
ha_store_rule_eval(const struct ha_model_rule *rule,
                   const struct ha_model_rule_ctx *ctx)
{
    if (rule->n_exprs == 0) {
        return TRUE;
    }
    for (guint i = 0; i < rule->n_exprs; i++) {
        gboolean v = eval_expr(&rule->exprs[i], ctx);

        if (rule->is_or && v) {
            return TRUE;
        }
        if (!rule->is_or && !v) {
            return FALSE;
        }
    }
    return !rule->is_or;
}

const char *
ha_store_model_attrs_eval(const struct ha_model_attrs *attrs, const char *name,
                          const struct ha_model_rule_ctx *ctx)
{
    const char *best = NULL;
    int best_score = 0;
    gboolean found = FALSE;

    /* sets in score order (stable for equal scores): first match wins */
    for (guint s = 0; s < attrs->n_sets; s++) {
        const struct ha_model_nvset *set = &attrs->sets[s];

        if (found && set->score <= best_score) {
            continue;
        }
        if (set->rule != NULL
            && (ctx == NULL || !ha_store_rule_eval(set->rule, ctx))) {
            continue;   /* no context: a rule cannot be evaluated */
        }
        for (guint i = 0; i < set->n; i++) {
            if (strcmp(set->pairs[i].name, name) == 0) {
                best = set->pairs[i].value;
                best_score = set->score;
                found = TRUE;
                break;
            }
        }
    }
    return best;
}

const char *
ha_store_model_rsc_meta(const ha_store_model_t *model, guint rsc,
                        const char *name, const struct ha_model_rule_ctx *ctx)
{
    for (guint r = rsc; r != HA_MODEL_NONE; r = model->rscs[r].parent) {
        const char *v = ha_store_model_attrs_eval(&model->rscs[r].meta, name,
                                                  ctx);

        if (v != NULL) {
            return v;
        }
    }
    return ha_store_model_attrs_eval(&model->rsc_defaults, name, ctx);
}
