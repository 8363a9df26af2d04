/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/tests/test_ipc_part.c - reassembly of a message sent in parts:
 * in order it comes back byte for byte; truncated, oversized, out of
 * order, forged or mixed parts are clear errors, never a crash.
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "ipc/ipc.h"

#define MSG 7u

/* Add the part [off, off + len) of @data announced as @total bytes. */
static int
add(ha_ipc_assembly_t *a, guint32 msg, const char *data, gsize total,
    gsize off, gsize len)
{
    g_autoptr(GVariant) part = g_variant_ref_sink(
        ha_ipc_part_new(msg, total, off, data + off, len));

    return ha_ipc_assembly_add(a, part);
}

static void
in_order_round_trip(void)
{
    g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(1000);
    const char *text = "0123456789abcdefghij";
    gsize len = 0;
    const void *data;

    g_assert_cmpint(add(a, MSG, text, 20, 0, 8), ==, 0);
    g_assert_cmpuint(ha_ipc_assembly_msg_id(a), ==, MSG);
    g_assert_cmpint(add(a, MSG, text, 20, 8, 8), ==, 0);
    g_assert_cmpuint(ha_ipc_assembly_len(a), ==, 16);
    g_assert_cmpint(add(a, MSG, text, 20, 16, 4), ==, 1);
    data = ha_ipc_assembly_data(a, &len);
    g_assert_cmpuint(len, ==, 20);
    g_assert_cmpint(memcmp(data, text, 20), ==, 0);
}

static void
truncated_stays_incomplete(void)
{
    g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(1000);
    const char *text = "0123456789";

    /* announced 10, 6 arrived: not complete, and nothing more to take */
    g_assert_cmpint(add(a, MSG, text, 10, 0, 6), ==, 0);
    g_assert_cmpuint(ha_ipc_assembly_len(a), ==, 6);
    /* a part past the announced total */
    g_assert_cmpint(add(a, MSG, "0123456789abc", 10, 6, 7), ==, -HA_EPROTO);
}

static void
oversized_total_is_refused(void)
{
    g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(100);
    g_autoptr(ha_ipc_assembly_t) b = ha_ipc_assembly_new(HA_IPC_MAX_MSG);

    g_assert_cmpint(add(a, MSG, "xxxx", 101, 0, 4), ==, -HA_ETOOBIG);
    /* a forged huge total allocates nothing up front */
    g_assert_cmpint(add(b, MSG, "xxxx", G_MAXSIZE, 0, 4), ==, -HA_ETOOBIG);
    g_assert_cmpuint(ha_ipc_assembly_len(b), ==, 0);
}

static void
out_of_order_is_refused(void)
{
    const char *text = "0123456789";
    g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(1000);
    g_autoptr(ha_ipc_assembly_t) b = ha_ipc_assembly_new(1000);
    g_autoptr(ha_ipc_assembly_t) c = ha_ipc_assembly_new(1000);

    /* the first part must be at 0 */
    g_assert_cmpint(add(a, MSG, text, 10, 4, 4), ==, -HA_EPROTO);
    /* a gap */
    g_assert_cmpint(add(b, MSG, text, 10, 0, 4), ==, 0);
    g_assert_cmpint(add(b, MSG, text, 10, 6, 4), ==, -HA_EPROTO);
    /* an overlap (a part sent twice) */
    g_assert_cmpint(add(c, MSG, text, 10, 0, 4), ==, 0);
    g_assert_cmpint(add(c, MSG, text, 10, 2, 4), ==, -HA_EPROTO);
}

static void
forged_parts_are_refused(void)
{
    const char *text = "0123456789";
    g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(1000);
    g_autoptr(ha_ipc_assembly_t) b = ha_ipc_assembly_new(1000);
    g_autoptr(ha_ipc_assembly_t) c = ha_ipc_assembly_new(1000);
    g_autoptr(ha_ipc_assembly_t) d = ha_ipc_assembly_new(1000);
    g_autoptr(GVariant) wrong = g_variant_ref_sink(g_variant_new("(s)", "x"));

    /* the total changes midway */
    g_assert_cmpint(add(a, MSG, text, 10, 0, 4), ==, 0);
    g_assert_cmpint(add(a, MSG, text, 8, 4, 4), ==, -HA_EPROTO);
    /* a part of another message */
    g_assert_cmpint(add(b, MSG, text, 10, 0, 4), ==, 0);
    g_assert_cmpint(add(b, MSG + 1, text, 10, 4, 4), ==, -HA_EPROTO);
    /* a total of 0, a total below the first part, an empty part */
    g_assert_cmpint(add(c, MSG, text, 0, 0, 4), ==, -HA_EPROTO);
    g_assert_cmpint(add(d, MSG, text, 3, 0, 4), ==, -HA_EPROTO);
    g_clear_pointer(&d, ha_ipc_assembly_free);
    d = ha_ipc_assembly_new(1000);
    g_assert_cmpint(add(d, MSG, text, 10, 0, 0), ==, -HA_EPROTO);
    /* not a part at all */
    g_clear_pointer(&d, ha_ipc_assembly_free);
    d = ha_ipc_assembly_new(1000);
    g_assert_cmpint(ha_ipc_assembly_add(d, wrong), ==, -HA_EPROTO);
}

/* A part that arrives as bytes goes through the envelope's checks first:
 * bytes cut short are refused there. */
static void
truncated_bytes_are_refused(void)
{
    g_autoptr(GBytes) env = ha_ipc_request_encode(
        ha_ipc_part_new(MSG, 10, 0, "0123456789", 10));
    g_autoptr(GVariant) part = NULL;
    gsize len = 0;
    const guint8 *data = g_bytes_get_data(env, &len);

    for (gsize cut = 0; cut < len; cut++) {
        int rc = ha_ipc_request_decode(data, cut, HA_IPC_PART_TYPE, &part);

        if (rc == 0) {
            /* a shorter value may still be well-formed: then it is a part
             * the assembly checks like any other */
            g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(1000);

            (void) ha_ipc_assembly_add(a, part);
            g_clear_pointer(&part, g_variant_unref);
        } else {
            g_assert_cmpint(rc, ==, -HA_EPROTO);
        }
    }
    g_assert_cmpint(ha_ipc_request_decode(data, len, HA_IPC_PART_TYPE, &part),
                    ==, 0);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ipc/part/in-order", in_order_round_trip);
    g_test_add_func("/ipc/part/truncated", truncated_stays_incomplete);
    g_test_add_func("/ipc/part/oversized", oversized_total_is_refused);
    g_test_add_func("/ipc/part/out-of-order", out_of_order_is_refused);
    g_test_add_func("/ipc/part/forged", forged_parts_are_refused);
    g_test_add_func("/ipc/part/truncated-bytes", truncated_bytes_are_refused);
    return g_test_run();
}
