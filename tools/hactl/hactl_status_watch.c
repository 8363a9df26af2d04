/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_status_watch.c - `hactl status --watch`: the status
 * again each time it changes.
 *
 * No polling: each request (STATUS_WAIT) names the generation of the
 * status last printed, and hacd answers only when its status is a
 * different one (or after WATCH_SLICE_MS, with the same generation, which
 * prints nothing).  On a terminal each frame replaces the last; on a pipe
 * or file frames follow each other after a separator line with the time.
 * With --output json every frame is one envelope on one line (NDJSON).
 * Ctrl-C ends it with exit 0.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <unistd.h>

#include "hactl.h"

/* How long one request is held by hacd when nothing changes. */
#define WATCH_SLICE_MS 60000

static void
on_interrupt(int sig)
{
    /* every frame was flushed: nothing is lost by leaving here */
    _exit(HACTL_EXIT_OK);
}

static void
print_frame(const struct hactl_globals *g, GVariant *st, gboolean tty)
{
    if (g->json) {
        g_autoptr(JsonNode) root = hactl_status_json(st);

        hactl_json_frame(root);
    } else if (tty) {
        /* cursor home, clear the screen */
        printf("\033[H\033[2J");
        hactl_status_print_text(st);
    } else {
        g_autoptr(GDateTime) now = g_date_time_new_now_local();
        g_autofree char *at = g_date_time_format(now, "%Y-%m-%d %H:%M:%S");

        printf("---- %s ----\n", at);
        hactl_status_print_text(st);
    }
    (void) fflush(stdout);
}

int
hactl_status_watch(const struct hactl_globals *g)
{
    gboolean tty = !g->json && isatty(STDOUT_FILENO);
    struct sigaction sa = { 0 };
    guint64 generation = 0;

    sa.sa_handler = on_interrupt;
    (void) sigemptyset(&sa.sa_mask);
    (void) sigaction(SIGINT, &sa, NULL);
    for (;;) {
        g_autoptr(GVariant) st = NULL;
        guint64 next = 0;
        int rc = hactl_status_wait(generation, WATCH_SLICE_MS, &next, &st);

        if (rc < 0) {
            return hactl_hacd_fail(rc, "status --watch");
        }
        if (next != generation) {
            generation = next;
            print_frame(g, st, tty);
        }
    }
}
