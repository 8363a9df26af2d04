/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/ha_bench_sched.c - time one scheduler run, split into its parts.
 *
 *   ha-bench-sched CIB [REPEAT]
 *
 * Prints, as "key value" lines: load_ms (CIB file -> typed snapshot),
 * sched_ms (snapshot -> decisions, best of REPEAT runs), total_ms (load +
 * first run), actions, summary_lines, maxrss_kb.  "Now" is the CIB's
 * execution-date if it has one, so runs are reproducible.  The second and
 * later runs measure a reschedule with the structures already in memory,
 * which is what the DC does after one event.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <time.h>

#include "common/results.h"
#include "sched/sched.h"
#include "store/store_model.h"

static double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

int
main(int argc, char **argv)
{
    g_autoptr(ha_store_model_t) model = NULL;
    g_autofree char *err = NULL;
    struct ha_sched_options opts = { .now = (gint64) time(NULL) };
    int repeat = (argc > 2) ? atoi(argv[2]) : 1;
    double t0, load_ms, first_ms = 0, best_ms = 0;
    guint n_actions = 0, n_summary = 0;
    struct rusage ru;
    int rc;

    if (argc < 2) {
        fprintf(stderr, "usage: %s CIB [REPEAT]\n", argv[0]);
        return 2;
    }
    t0 = now_ms();
    rc = ha_store_model_parse_file(argv[1], &model, &err);
    load_ms = now_ms() - t0;
    if (rc < 0) {
        fprintf(stderr, "%s: %s\n", argv[1], err ? err : ha_strerror(rc));
        return 1;
    }
    if (model->execution_date > 0) {
        opts.now = model->execution_date;
    }
    for (int i = 0; i < MAX(repeat, 1); i++) {
        g_autoptr(ha_sched_result_t) res = NULL;
        double t1 = now_ms();
        double ms;

        g_clear_pointer(&err, g_free);
        rc = ha_sched_run(model, &opts, &res, &err);
        ms = now_ms() - t1;
        if (rc < 0) {
            fprintf(stderr, "%s: %s\n", argv[1], err ? err : ha_strerror(rc));
            return 1;
        }
        if (i == 0) {
            first_ms = ms;
            best_ms = ms;
            n_actions = res->n_actions;
            n_summary = res->summary->len;
        }
        best_ms = MIN(best_ms, ms);
    }
    getrusage(RUSAGE_SELF, &ru);
    printf("load_ms %.1f\nsched_ms %.1f\nresched_best_ms %.1f\n"
           "total_ms %.1f\nactions %u\nsummary_lines %u\nmaxrss_kb %ld\n",
           load_ms, first_ms, best_ms, load_ms + first_ms, n_actions,
           n_summary, ru.ru_maxrss);
    return 0;
}
