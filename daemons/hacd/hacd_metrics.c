/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_metrics.c - what only hacd counts (transitions run on
 * the DC, fencing results, configuration versions committed), handed to
 * clients as status keys, and the status as Prometheus text through the
 * one mapping of lib/ipc/ipc_hacd_metrics.h.
 *
 * The counters start at 0 with each hacd process, as Prometheus expects of
 * counters; they are never replicated.
 */
#include "config.h"

#include "ipc/ipc_hacd_metrics.h"
#include "hacd/hacd.h"
#include "hacd/hacd_ipc.h"
#include "hacd/hacd_metrics.h"
#include "hacd/hacd_events.h"

static const double bucket_le_s[HACD_METRICS_N_BUCKETS] = {
    0.1, 0.5, 1, 2.5, 5, 10, 30, 60,
};

void
hacd_metrics_transition_ended(struct hacd *h, gboolean aborted,
                              gint64 duration_us)
{
    struct hacd_counters *c = &h->counters;
    double s = (double) MAX(duration_us, 0) / G_USEC_PER_SEC;

    if (aborted) {
        c->transitions_aborted++;
    } else {
        c->transitions_complete++;
    }
    c->transition_seconds_sum += s;
    for (guint i = 0; i < HACD_METRICS_N_BUCKETS; i++) {
        if (s <= bucket_le_s[i]) {
            c->transition_buckets[i]++;
            break;
        }
    }
}

void
hacd_metrics_fencing_ended(struct hacd *h, gboolean succeeded)
{
    if (succeeded) {
        h->counters.fencing_succeeded++;
    } else {
        h->counters.fencing_failed++;
    }
}

void
hacd_metrics_config_committed(struct hacd *h)
{
    h->counters.config_changes++;
}

void
hacd_metrics_status_add(struct hacd *h, GVariantBuilder *b)
{
    const struct hacd_counters *c = &h->counters;
    GVariantBuilder buckets;
    guint64 cumulative = 0;

    g_variant_builder_add(b, "{sv}", "transitions_complete",
                          g_variant_new_uint64(c->transitions_complete));
    g_variant_builder_add(b, "{sv}", "transitions_aborted",
                          g_variant_new_uint64(c->transitions_aborted));
    g_variant_builder_add(b, "{sv}", "transition_seconds_sum",
                          g_variant_new_double(c->transition_seconds_sum));
    g_variant_builder_init(&buckets, G_VARIANT_TYPE("a(dt)"));
    for (guint i = 0; i < HACD_METRICS_N_BUCKETS; i++) {
        cumulative += c->transition_buckets[i];
        g_variant_builder_add(&buckets, "(dt)", bucket_le_s[i], cumulative);
    }
    g_variant_builder_add(b, "{sv}", "transition_seconds_buckets",
                          g_variant_builder_end(&buckets));
    g_variant_builder_add(b, "{sv}", "fencing_succeeded",
                          g_variant_new_uint64(c->fencing_succeeded));
    g_variant_builder_add(b, "{sv}", "fencing_failed",
                          g_variant_new_uint64(c->fencing_failed));
    g_variant_builder_add(b, "{sv}", "config_changes",
                          g_variant_new_uint64(c->config_changes));
}

char *
hacd_metrics_text(struct hacd *h)
{
    g_autoptr(GVariant) st = g_variant_ref_sink(hacd_status_variant(h));
    g_autoptr(ha_metrics_t) m = ha_ipc_hacd_metrics_new(st);

    return ha_metrics_render(m);
}

static void
on_config(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    hacd_metrics_config_committed(h);
}

void
hacd_metrics_init(struct hacd *h)
{
    hacd_subscribe(h, HACD_EV_BIT(HACD_EV_CONFIG), on_config, NULL);
}
