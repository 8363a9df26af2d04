/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/common/metrics.c - Prometheus text exposition format (metrics.h). */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "common/log.h"
#include "common/metrics.h"

struct ha_metrics {
    GPtrArray *families;    /* struct ha_metrics_family * */
};

static void
sample_free(gpointer p)
{
    struct ha_metrics_sample *s = p;

    g_free(s->name);
    g_strfreev(s->labels);
    g_free(s);
}

static void
family_free(gpointer p)
{
    struct ha_metrics_family *f = p;

    g_free(f->name);
    g_free(f->type);
    g_free(f->help);
    g_ptr_array_unref(f->samples);
    g_free(f);
}

ha_metrics_t *
ha_metrics_new(void)
{
    ha_metrics_t *m = g_new0(ha_metrics_t, 1);

    m->families = g_ptr_array_new_with_free_func(family_free);
    return m;
}

void
ha_metrics_free(ha_metrics_t *m)
{
    if (m == NULL) {
        return;
    }
    g_ptr_array_unref(m->families);
    g_free(m);
}

/* [a-zA-Z_:][a-zA-Z0-9_:]* for metrics; no ':' in label names */
static gboolean
name_valid(const char *name, gboolean colon)
{
    if (name == NULL || *name == '\0' || g_ascii_isdigit(*name)) {
        return FALSE;
    }
    for (const char *p = name; *p != '\0'; p++) {
        if (!g_ascii_isalnum(*p) && *p != '_' && !(colon && *p == ':')) {
            return FALSE;
        }
    }
    return TRUE;
}

void
ha_metrics_family_add(ha_metrics_t *m, const char *name, const char *type,
                      const char *help)
{
    struct ha_metrics_family *f;

    ha_assert(m != NULL && name_valid(name, TRUE) && help != NULL);
    ha_assert(strcmp(type, "gauge") == 0 || strcmp(type, "counter") == 0
              || strcmp(type, "histogram") == 0);
    for (guint i = 0; i < m->families->len; i++) {
        f = m->families->pdata[i];
        ha_assert(strcmp(f->name, name) != 0);
    }
    f = g_new0(struct ha_metrics_family, 1);
    f->name = g_strdup(name);
    f->type = g_strdup(type);
    f->help = g_strdup(help);
    f->samples = g_ptr_array_new_with_free_func(sample_free);
    g_ptr_array_add(m->families, f);
}

static gboolean
sample_name_fits(const struct ha_metrics_family *f, const char *name)
{
    const char *rest;

    if (!g_str_has_prefix(name, f->name)) {
        return FALSE;
    }
    rest = name + strlen(f->name);
    if (strcmp(f->type, "histogram") == 0) {
        return strcmp(rest, "_bucket") == 0 || strcmp(rest, "_sum") == 0
               || strcmp(rest, "_count") == 0;
    }
    return *rest == '\0';
}

void
ha_metrics_sample_addv(ha_metrics_t *m, const char *name, double value,
                       const char *const *labels)
{
    struct ha_metrics_family *f;
    struct ha_metrics_sample *s;
    guint n = 0;

    ha_assert(m != NULL && m->families->len > 0 && name != NULL);
    f = g_ptr_array_index(m->families, m->families->len - 1);
    ha_assert(sample_name_fits(f, name));
    while (labels != NULL && labels[n] != NULL) {
        ha_assert(name_valid(labels[n], FALSE) && labels[n + 1] != NULL);
        n += 2;
    }
    s = g_new0(struct ha_metrics_sample, 1);
    s->name = g_strdup(name);
    s->labels = g_new0(char *, n + 1);
    for (guint i = 0; i < n; i++) {
        s->labels[i] = g_strdup(labels[i]);
    }
    s->value = value;
    g_ptr_array_add(f->samples, s);
}

void
ha_metrics_sample_add(ha_metrics_t *m, const char *name, double value, ...)
{
    g_autoptr(GPtrArray) labels = g_ptr_array_new();
    const char *arg;
    va_list ap;

    va_start(ap, value);
    while ((arg = va_arg(ap, const char *)) != NULL) {
        g_ptr_array_add(labels, (gpointer) arg);
    }
    va_end(ap);
    g_ptr_array_add(labels, NULL);
    ha_metrics_sample_addv(m, name, value,
                           (const char *const *) labels->pdata);
}

const GPtrArray *
ha_metrics_families(const ha_metrics_t *m)
{
    return m->families;
}

const char *
ha_metrics_value_format(double value, char *buf, gsize len)
{
    ha_assert(len >= G_ASCII_DTOSTR_BUF_SIZE);
    if (isnan(value)) {
        g_strlcpy(buf, "NaN", len);
    } else if (isinf(value)) {
        g_strlcpy(buf, value > 0 ? "+Inf" : "-Inf", len);
    } else if (value > -9007199254740992.0 && value < 9007199254740992.0
               && value == (double) (gint64) value) {
        /* exact integers (counts) read as integers */
        g_snprintf(buf, len, "%" G_GINT64_FORMAT, (gint64) value);
    } else {
        /* the shortest of %.15g and %.17g that reads back exactly:
         * 0.1, not 0.10000000000000001 */
        (void) g_ascii_formatd(buf, (gint) len, "%.15g", value);
        if (g_ascii_strtod(buf, NULL) != value) {
            (void) g_ascii_formatd(buf, (gint) len, "%.17g", value);
        }
    }
    return buf;
}

/* Label values: backslash, double quote and newline are escaped; help
 * texts: backslash and newline (the format's two escaping rules). */
static void
append_escaped(GString *out, const char *text, gboolean quote)
{
    for (const char *p = text; *p != '\0'; p++) {
        if (*p == '\\') {
            g_string_append(out, "\\\\");
        } else if (*p == '\n') {
            g_string_append(out, "\\n");
        } else if (quote && *p == '"') {
            g_string_append(out, "\\\"");
        } else {
            g_string_append_c(out, *p);
        }
    }
}

static void
render_sample(GString *out, const struct ha_metrics_sample *s)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    g_string_append(out, s->name);
    if (s->labels[0] != NULL) {
        g_string_append_c(out, '{');
        for (guint i = 0; s->labels[i] != NULL; i += 2) {
            g_string_append_printf(out, "%s%s=\"", (i > 0) ? "," : "",
                                   s->labels[i]);
            append_escaped(out, s->labels[i + 1], TRUE);
            g_string_append_c(out, '"');
        }
        g_string_append_c(out, '}');
    }
    g_string_append_printf(out, " %s\n",
                           ha_metrics_value_format(s->value, buf,
                                                   sizeof(buf)));
}

char *
ha_metrics_render(const ha_metrics_t *m)
{
    GString *out = g_string_new(NULL);

    for (guint i = 0; i < m->families->len; i++) {
        const struct ha_metrics_family *f = m->families->pdata[i];

        g_string_append_printf(out, "# HELP %s ", f->name);
        append_escaped(out, f->help, FALSE);
        g_string_append_printf(out, "\n# TYPE %s %s\n", f->name, f->type);
        for (guint k = 0; k < f->samples->len; k++) {
            render_sample(out, f->samples->pdata[k]);
        }
    }
    return g_string_free(out, FALSE);
}
