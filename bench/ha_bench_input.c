/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/ha_bench_input.c - the in-daemon reschedule, with and without XML.
 *
 *   ha-bench-input CIB [REPEAT]
 *
 * The CIB's configuration plays the store's document and its status the
 * daemon's tables.  Prints, as "key value" lines (best of REPEAT):
 *   config_snapshot_ms  the configuration snapshot (once per version)
 *   input_ms            an input from typed node states, attributes and
 *                       histories on the cached snapshot (store_input.h)
 *   resched_ms          input_ms + one scheduler run: a reschedule now
 *   xml_input_ms        the former way: the input written as XML and
 *                       read back (ha_store_model_write_xml + parse)
 *   xml_resched_ms      xml_input_ms + one scheduler run
 * Run by hand, never by make check.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/results.h"
#include "sched/sched.h"
#include "store/store_input.h"

static double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The status of @from through the typed builder, as hacd gives it. */
static ha_store_model_t *
build(ha_store_model_t *cfg, const ha_store_model_t *from)
{
    ha_store_input_t *in = ha_store_input_new(cfg);

    ha_store_input_cluster(in, from->have_quorum, from->dc_uuid);
    ha_store_input_add_states(in, from);
    return ha_store_input_finish(in);
}

static double
schedule_ms(const ha_store_model_t *m, gint64 now)
{
    struct ha_sched_options opts = { .now = now };
    g_autoptr(ha_sched_result_t) res = NULL;
    double t0 = now_ms();

    if (ha_sched_run(m, &opts, &res, NULL) < 0) {
        exit(1);
    }
    return now_ms() - t0;
}

int
main(int argc, char **argv)
{
    g_autoptr(ha_store_model_t) from = NULL;
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(ha_store_model_t) cfg = NULL;
    int repeat = (argc > 2) ? atoi(argv[2]) : 5;
    double best[5] = { 1e9, 1e9, 1e9, 1e9, 1e9 };
    gint64 now;

    if (argc < 2 || ha_store_model_parse_file(argv[1], &from, NULL) < 0
        || ha_store_doc_load_file(argv[1], 0, &doc, NULL) < 0) {
        fprintf(stderr, "usage: %s CIB [REPEAT] (a CIB that loads)\n",
                argv[0]);
        return 2;
    }
    now = (from->execution_date > 0) ? from->execution_date : time(NULL);
    for (int i = 0; i < MAX(repeat, 1); i++) {
        g_autoptr(ha_store_model_t) m = NULL;
        g_autoptr(ha_store_model_t) back = NULL;
        g_autofree char *xml = NULL;
        double t0 = now_ms();

        g_clear_pointer(&cfg, ha_store_model_free);
        if (ha_store_config_snapshot(doc, &cfg, NULL) < 0) {
            return 1;
        }
        best[0] = MIN(best[0], now_ms() - t0);
        t0 = now_ms();
        m = build(cfg, from);
        best[1] = MIN(best[1], now_ms() - t0);
        best[2] = MIN(best[2], best[1] + schedule_ms(m, now));
        t0 = now_ms();
        xml = ha_store_model_write_xml(m);
        if (ha_store_model_parse_memory(xml, strlen(xml), &back, NULL) < 0) {
            return 1;
        }
        best[3] = MIN(best[3], now_ms() - t0);
        best[4] = MIN(best[4], best[3] + schedule_ms(back, now));
    }
    printf("config_snapshot_ms %.2f\ninput_ms %.2f\nresched_ms %.2f\n"
           "xml_input_ms %.2f\nxml_resched_ms %.2f\n", best[0], best[1],
           best[2], best[3], best[4]);
    return 0;
}
