/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/test_hacd_events.c - the event fan-out (hacd_events.c):
 * subscribers see the types of their mask, in subscription order, and
 * the subscribers of an event are those of the moment it is emitted.
 */
#include "config.h"

#include "hacd/hacd.h"
#include "hacd/hacd_events.h"

struct seen {
    GString *log;
    struct hacd *h;
};

static void
record(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    struct seen *s = ud;

    g_string_append_printf(s->log, "%p:%d:%s;", ud, (int) ev->type, ev->why);
}

static void
tag_a(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    g_string_append_printf(ud, "a%d ", (int) ev->type);
}

static void
tag_b(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    g_string_append_printf(ud, "b%d ", (int) ev->type);
}

static void
mask_and_order(void)
{
    struct hacd h = { 0 };
    g_autoptr(GString) log = g_string_new(NULL);

    h.events = hacd_events_new();
    hacd_subscribe(&h, HACD_EV_BIT(HACD_EV_CONFIG), tag_a, log);
    hacd_subscribe(&h, HACD_EV_ALL, tag_b, log);
    hacd_emit_simple(&h, HACD_EV_CONFIG, "x");
    hacd_emit_simple(&h, HACD_EV_ATTRS, "y");
    g_assert_cmpstr(log->str, ==, "a7 b7 b8 ");
    hacd_unsubscribe(&h, tag_b, log);
    hacd_emit_simple(&h, HACD_EV_CONFIG, "z");
    g_assert_cmpstr(log->str, ==, "a7 b7 b8 a7 ");
    hacd_events_free(h.events);
}

static void
subscribe_more(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    struct seen *s = ud;

    g_string_append(s->log, "sub;");
    hacd_subscribe(h, HACD_EV_ALL, record, s);
}

static void
added_while_emitting(void)
{
    struct hacd h = { 0 };
    struct seen s = { .log = g_string_new(NULL), .h = &h };
    g_autofree char *want = NULL;

    h.events = hacd_events_new();
    hacd_subscribe(&h, HACD_EV_BIT(HACD_EV_DC), subscribe_more, &s);
    hacd_emit_simple(&h, HACD_EV_DC, "first");
    g_assert_cmpstr(s.log->str, ==, "sub;");   /* not called for "first" */
    hacd_unsubscribe(&h, subscribe_more, &s);
    hacd_emit_simple(&h, HACD_EV_SYNCED, "second");
    want = g_strdup_printf("sub;%p:%d:second;", (void *) &s,
                           (int) HACD_EV_SYNCED);
    g_assert_cmpstr(s.log->str, ==, want);
    g_string_free(s.log, TRUE);
    hacd_events_free(h.events);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/hacd/events/mask-and-order", mask_and_order);
    g_test_add_func("/hacd/events/added-while-emitting", added_while_emitting);
    return g_test_run();
}
