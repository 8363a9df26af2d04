/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_watch.c - the status generation and the clients that
 * wait for it to change (HA_IPC_HACD_STATUS_WAIT: `hactl status --watch`
 * and every `--wait`).
 *
 * The generation counts distinct status contents: it moves only when what
 * hacd_status_variant() returns is different, byte for byte, from the
 * last status it numbered.  Events that may change the status (a delivered
 * message, a membership or quorum change, anything that makes the
 * controller schedule) call hacd_watch_touch(), which is cheap: with
 * clients waiting it queues one low-priority idle check for however many
 * events arrive before it runs; without, nothing.  It also moves the
 * scheduler input's generation (hacd_cib.h): the status is computed from
 * the one scheduler run of that generation, never a run per request.  A held request is
 * answered from that check, or by its own timer, never by blocking the
 * main loop.  The timer also catches a change no event announces (time
 * passing a rule's end).
 */
#include "config.h"

#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hacd/hacd.h"
#include "hacd/hacd_ipc.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_cib.h"

struct hacd_watch {
    guint64 generation;     /* of the status last numbered */
    char *checksum;         /* SHA-256 of that status, NULL before any */
    GList *waiters;         /* struct watch_waiter, oldest first */
    guint check_source;     /* the queued idle check, 0 when none */
};

struct watch_waiter {
    struct hacd *h;
    ha_ipc_request_t *req;
    guint64 generation;     /* the client's */
    guint timer;
};

static void
on_event(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    hacd_watch_touch(h);
}

void
hacd_watch_init(struct hacd *h)
{
    h->watch = g_new0(struct hacd_watch, 1);
    /* anything that happens may change the status */
    hacd_subscribe(h, HACD_EV_ALL, on_event, NULL);
}

/* Number the current status: a new generation when it changed. */
static GVariant *
current(struct hacd *h)
{
    struct hacd_watch *w = h->watch;
    GVariant *st = g_variant_ref_sink(hacd_status_variant(h));
    g_autoptr(GVariant) normal = g_variant_get_normal_form(st);
    g_autofree char *sum = g_compute_checksum_for_data(
        G_CHECKSUM_SHA256, g_variant_get_data(normal),
        g_variant_get_size(normal));

    if (g_strcmp0(sum, w->checksum) != 0) {
        g_free(w->checksum);
        w->checksum = g_steal_pointer(&sum);
        w->generation++;
    }
    return st;
}

static void queue_check(struct hacd *h);

static void
answer(struct watch_waiter *ww, GVariant *st)
{
    struct hacd_watch *w = ww->h->watch;

    if (ww->timer != 0) {
        g_source_remove(ww->timer);
    }
    w->waiters = g_list_remove(w->waiters, ww);
    ha_ipc_request_reply(ww->req, 0,
                         g_variant_new("(t@a{sv})", w->generation, st));
    g_free(ww);
}

/* The client went away: forget its wait now, not at its timeout. */
static void
waiter_cancel_cb(ha_ipc_request_t *req, void *data)
{
    struct watch_waiter *ww = data;
    struct hacd_watch *w = ww->h->watch;

    ha_info("A client waiting for a status change went away");
    if (ww->timer != 0) {
        g_source_remove(ww->timer);
    }
    w->waiters = g_list_remove(w->waiters, ww);
    ha_ipc_request_reply(req, -HA_ENOTCONN, NULL);
    g_free(ww);
}

static gboolean
waiter_timeout_cb(gpointer data)
{
    struct watch_waiter *ww = data;
    struct hacd *h = ww->h;
    g_autoptr(GVariant) st = current(h);

    ww->timer = 0;
    answer(ww, st);
    /* the status may have changed for the others too */
    queue_check(h);
    return G_SOURCE_REMOVE;
}

static gboolean
check_cb(gpointer data)
{
    struct hacd *h = data;
    struct hacd_watch *w = h->watch;
    g_autoptr(GVariant) st = NULL;
    GList *l;

    w->check_source = 0;
    if (w->waiters == NULL) {
        return G_SOURCE_REMOVE;
    }
    st = current(h);
    l = w->waiters;
    while (l != NULL) {
        struct watch_waiter *ww = l->data;

        l = l->next;
        if (ww->generation != w->generation) {
            answer(ww, st);
        }
    }
    return G_SOURCE_REMOVE;
}

static void
queue_check(struct hacd *h)
{
    struct hacd_watch *w = h->watch;

    if (w == NULL || w->waiters == NULL || w->check_source != 0) {
        return;
    }
    /* low priority: a burst of deliveries costs one status, not one each */
    w->check_source = g_idle_add_full(G_PRIORITY_LOW, check_cb, h, NULL);
}

void
hacd_watch_touch(struct hacd *h)
{
    hacd_cib_changed(h);    /* the scheduler's input may have changed */
    queue_check(h);
}

void
hacd_watch_wait(struct hacd *h, ha_ipc_request_t *req, guint64 generation,
                guint timeout_ms)
{
    struct hacd_watch *w = h->watch;
    g_autoptr(GVariant) st = current(h);
    struct watch_waiter *ww;

    ha_info("A client waits for a status change " QB_XS
            " generation=%" G_GUINT64_FORMAT " now=%" G_GUINT64_FORMAT
            " timeout=%ums", generation, w->generation, timeout_ms);
    if (generation != w->generation || timeout_ms == 0) {
        ha_ipc_request_reply(req, 0, g_variant_new("(t@a{sv})",
                                                   w->generation, st));
        return;
    }
    ww = g_new0(struct watch_waiter, 1);
    ww->h = h;
    ww->req = req;
    ww->generation = generation;
    ww->timer = g_timeout_add(MIN(timeout_ms, HA_IPC_HACD_STATUS_WAIT_MAX_MS),
                              waiter_timeout_cb, ww);
    w->waiters = g_list_append(w->waiters, ww);
    ha_ipc_request_set_cancel(req, waiter_cancel_cb, ww);
}

void
hacd_watch_free(struct hacd *h)
{
    struct hacd_watch *w = h->watch;

    if (w == NULL) {
        return;
    }
    /* hacd is going away: the waiting clients hear it now */
    while (w->waiters != NULL) {
        struct watch_waiter *ww = w->waiters->data;

        if (ww->timer != 0) {
            g_source_remove(ww->timer);
        }
        w->waiters = g_list_delete_link(w->waiters, w->waiters);
        ha_ipc_request_reply(ww->req, -HA_ENOTCONN, NULL);
        g_free(ww);
    }
    if (w->check_source != 0) {
        g_source_remove(w->check_source);
    }
    g_free(w->checksum);
    g_free(w);
    h->watch = NULL;
}
