/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_events.c - the event fan-out: a list of subscriptions
 * called in order (see hacd_events.h).
 */
#include "config.h"

#include "hacd/hacd.h"
#include "hacd/hacd_events.h"

struct subscription {
    guint mask;
    hacd_event_fn fn;
    void *user_data;
};

struct hacd_events {
    GArray *subs;               /* struct subscription, in order */
};

struct hacd_events *
hacd_events_new(void)
{
    struct hacd_events *e = g_new0(struct hacd_events, 1);

    e->subs = g_array_new(FALSE, FALSE, sizeof(struct subscription));
    return e;
}

void
hacd_events_free(struct hacd_events *e)
{
    if (e != NULL) {
        g_array_unref(e->subs);
        g_free(e);
    }
}

void
hacd_subscribe(struct hacd *h, guint mask, hacd_event_fn fn, void *user_data)
{
    struct subscription s = { .mask = mask, .fn = fn, .user_data = user_data };

    g_array_append_val(h->events->subs, s);
}

void
hacd_unsubscribe(struct hacd *h, hacd_event_fn fn, void *user_data)
{
    GArray *subs = h->events->subs;

    for (guint i = subs->len; i > 0; i--) {
        const struct subscription *s =
            &g_array_index(subs, struct subscription, i - 1);

        if (s->fn == fn && s->user_data == user_data) {
            g_array_remove_index(subs, i - 1);
        }
    }
}

void
hacd_emit(struct hacd *h, const struct hacd_event *ev)
{
    /* a copy: a subscriber may subscribe or unsubscribe meanwhile */
    g_autoptr(GArray) subs = g_array_copy(h->events->subs);
    guint bit = HACD_EV_BIT(ev->type);

    for (guint i = 0; i < subs->len; i++) {
        const struct subscription *s =
            &g_array_index(subs, struct subscription, i);

        if ((s->mask & bit) != 0) {
            s->fn(h, ev, s->user_data);
        }
    }
}

void
hacd_emit_simple(struct hacd *h, enum hacd_event_type type, const char *why)
{
    struct hacd_event ev = { .type = type, .why = why };

    hacd_emit(h, &ev);
}
