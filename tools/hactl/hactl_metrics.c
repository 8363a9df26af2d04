/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_metrics.c - `hactl metrics`: this node's hacd status as
 * Prometheus text (the same text hacd serves with --metrics-address, by
 * the same mapping, lib/ipc/ipc_hacd_metrics.h), or as JSON: an array of
 * families {name, type, help, samples: [{name, labels {}, value}]}.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "ipc/ipc_hacd.h"
#include "ipc/ipc_hacd_metrics.h"
#include "hactl_cli.h"

/* Counts as integers; +Inf, -Inf and NaN, which JSON lacks, as the
 * strings the text format uses. */
static void
json_value(JsonBuilder *b, double value)
{
    char buf[G_ASCII_DTOSTR_BUF_SIZE];

    if (value > -9007199254740992.0 && value < 9007199254740992.0
        && value == (double) (gint64) value) {
        json_builder_add_int_value(b, (gint64) value);
    } else if (value != value || value > G_MAXDOUBLE
               || value < -G_MAXDOUBLE) {
        json_builder_add_string_value(b, ha_metrics_value_format(value, buf,
                                                                 sizeof(buf)));
    } else {
        json_builder_add_double_value(b, value);
    }
}

static void
print_json(const ha_metrics_t *m)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;
    const GPtrArray *families = ha_metrics_families(m);

    json_builder_begin_array(b);
    for (guint i = 0; i < families->len; i++) {
        const struct ha_metrics_family *f = families->pdata[i];

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, f->name);
        json_builder_set_member_name(b, "type");
        json_builder_add_string_value(b, f->type);
        json_builder_set_member_name(b, "help");
        json_builder_add_string_value(b, f->help);
        json_builder_set_member_name(b, "samples");
        json_builder_begin_array(b);
        for (guint k = 0; k < f->samples->len; k++) {
            const struct ha_metrics_sample *s = f->samples->pdata[k];

            json_builder_begin_object(b);
            json_builder_set_member_name(b, "name");
            json_builder_add_string_value(b, s->name);
            json_builder_set_member_name(b, "labels");
            json_builder_begin_object(b);
            for (guint l = 0; s->labels[l] != NULL; l += 2) {
                json_builder_set_member_name(b, s->labels[l]);
                json_builder_add_string_value(b, s->labels[l + 1]);
            }
            json_builder_end_object(b);
            json_builder_set_member_name(b, "value");
            json_value(b, s->value);
            json_builder_end_object(b);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

static int
metrics(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GVariant) st = NULL;
    g_autoptr(ha_metrics_t) m = NULL;
    g_autofree char *text = NULL;
    int rc;

    (void) a;
    rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                         HA_IPC_HACD_STATUS_REPLY, FALSE, &st);
    if (rc < 0) {
        return hactl_hacd_fail(rc, "metrics");
    }
    m = ha_ipc_hacd_metrics_new(st);
    if (g->json) {
        print_json(m);
        return HACTL_EXIT_OK;
    }
    text = ha_metrics_render(m);
    fputs(text, stdout);
    return HACTL_EXIT_OK;
}

static const struct hactl_verb metrics_verbs[] = {
    { NULL, NULL, NULL, metrics, 0, "print this node's view of the cluster "
      "as Prometheus metrics", "Text exposition format 0.0.4: nodes, DC, "
      "quorum, resources by state, fail\ncounts, failed actions, fencing, "
      "transitions and configuration versions.\nhacd serves the same text "
      "at http://ADDR:PORT/metrics when started with\n--metrics-address.",
      "hactl metrics | grep '^ha_resources'" },
};

const struct hactl_noun hactl_noun_metrics = {
    "metrics", "the cluster's state as Prometheus metrics", metrics_verbs,
    NULL,
};
