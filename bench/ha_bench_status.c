/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * bench/ha_bench_status.c - what one status request costs in hacd.
 *
 *   ha-bench-status [RESOURCES] [REPEAT]
 *
 * One hacd instance on the fake cluster backend (no executor), given a
 * configuration of RESOURCES (default 2000) Dummy primitives and a
 * history in which each runs on this node (start + monitor), then:
 *   status_first_ms   the first status (builds the input, schedules)
 *   status_p50_ms / status_p99_ms
 *                     REPEAT (default 200) status requests, nothing
 *                     changed in between (`hactl status`, `--wait` polls)
 *   changed_p50_ms    a status after one operation result was recorded
 *                     (one reschedule each)
 * as "key value" lines.  Run by hand, never by make check.
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_ipc.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"

static double
now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
write_done(int rc, const struct ha_store_version *v, const char *digest,
           void *ud)
{
    (void) v;
    (void) digest;
    *(int *) ud = (rc < 0) ? rc : 1;
}

static void
run_until_set(int *flag)
{
    while (*flag == 0) {
        g_main_context_iteration(NULL, TRUE);
    }
}

static char *
config_xml(guint n)
{
    GString *s = g_string_new(
        "<cib validate-with=\"pacemaker-3.9\" admin_epoch=\"0\" epoch=\"5\" "
        "num_updates=\"0\"><configuration><crm_config>"
        "<cluster_property_set id=\"o\"><nvpair id=\"o1\" "
        "name=\"stonith-enabled\" value=\"false\"/></cluster_property_set>"
        "</crm_config><nodes/><resources>");

    for (guint i = 0; i < n; i++) {
        g_string_append_printf(s, "<primitive id=\"r%u\" class=\"ocf\" "
                               "provider=\"pacemaker\" type=\"Dummy\">"
                               "<operations><op id=\"r%u-m\" "
                               "name=\"monitor\" interval=\"10s\"/>"
                               "</operations></primitive>", i, i);
    }
    g_string_append(s, "</resources><constraints/></configuration></cib>");
    return g_string_free(s, FALSE);
}

static void
record(struct hacd *h, guint i, const char *task, guint interval_ms,
       gint call_id)
{
    g_autofree char *rsc = g_strdup_printf("r%u", i);
    g_autofree char *key = (interval_ms == 0)
                           ? g_strdup_printf("r%u_last_0", i)
                           : g_strdup_printf("r%u_%s_%u", i, task,
                                             interval_ms);
    struct hacd_op op = {
        .key = key, .task = (char *) task, .interval_ms = interval_ms,
        .call_id = call_id, .digest = "", .reason = "", .tkey = "",
        .last_rc_change = (gint64) time(NULL),
    };

    hacd_status_record(h, "node1", rsc, "ocf", "pacemaker", "Dummy", &op,
                       FALSE);
}

static double
status_ms(struct hacd *h)
{
    double t0 = now_ms();
    g_autoptr(GVariant) v = g_variant_ref_sink(hacd_status_variant(h));

    return now_ms() - t0;
}

static int
cmp_double(const void *a, const void *b)
{
    double x = *(const double *) a;
    double y = *(const double *) b;

    return (x > y) - (x < y);
}

int
main(int argc, char **argv)
{
    guint n = (argc > 1) ? (guint) atoi(argv[1]) : 2000;
    guint repeat = (argc > 2) ? (guint) atoi(argv[2]) : 200;
    g_autofree char *dir = g_dir_make_tmp("ha-bench-status-XXXXXX", NULL);
    g_autofree char *xml = config_xml(n);
    g_autofree double *t = g_new(double, MAX(repeat, 1));
    ha_cluster_fake_t *fake = ha_cluster_fake_new();
    struct hacd_options opt = { .state_dir = dir, .keep = 2 };
    struct hacd *h;
    int done = 0;
    double first;
    guint changes = MIN(repeat, 20);

    ha_cluster_fake_node_add(fake, 1, "node1", 1);
    h = hacd_new(&opt, fake, 1);
    if (hacd_start(h) < 0) {
        return 1;
    }
    while (hacd_sync_phase(h) != HACD_SYNC_DONE || !hacd_established(h)) {
        g_main_context_iteration(NULL, TRUE);
    }
    hacd_write_submit(h, 1, HACD_WRITE_REPLACE, xml, NULL, write_done, &done);
    run_until_set(&done);
    if (done < 0) {
        fprintf(stderr, "write: %s\n", ha_strerror(done));
        return 1;
    }
    for (guint i = 0; i < n; i++) {
        record(h, i, "start", 0, (gint) (2 * i + 1));
        record(h, i, "monitor", 10000, (gint) (2 * i + 2));
    }
    first = status_ms(h);
    for (guint i = 0; i < repeat; i++) {
        t[i] = status_ms(h);
    }
    qsort(t, repeat, sizeof(double), cmp_double);
    printf("resources %u\nstatus_first_ms %.2f\nstatus_p50_ms %.3f\n"
           "status_p99_ms %.3f\n", n, first, t[repeat / 2],
           t[MIN(repeat - 1, repeat * 99 / 100)]);
    for (guint i = 0; i < changes; i++) {
        record(h, i % n, "monitor", 10000, (gint) (2 * n + i + 1));
        t[i] = status_ms(h);
    }
    qsort(t, changes, sizeof(double), cmp_double);
    printf("changed_p50_ms %.2f\n", t[changes / 2]);
    hacd_free(h);
    while (g_main_context_iteration(NULL, FALSE)) {
        /* drain */
    }
    ha_cluster_fake_free(fake);
    return 0;
}
