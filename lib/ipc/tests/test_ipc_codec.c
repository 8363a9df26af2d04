/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/tests/test_ipc_codec.c - envelopes are checked before use */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "ipc/ipc.h"
#include "ipc/ipc_hacd.h"

static void
request_round_trip(void)
{
    g_autoptr(GBytes) b = ha_ipc_request_encode(
        g_variant_new("(tsms)", (guint64) 42, "stonith-enabled", "false"));
    g_autoptr(GVariant) body = NULL;
    gsize len = 0;
    const void *d = g_bytes_get_data(b, &len);
    guint64 id = 0;
    const char *name = NULL;
    const char *value = NULL;

    g_assert_cmpint(ha_ipc_request_decode(d, len,
                                          HA_IPC_HACD_PROPERTY_SET_REQ, &body),
                    ==, 0);
    g_variant_get(body, "(t&sm&s)", &id, &name, &value);
    g_assert_cmpuint(id, ==, 42);
    g_assert_cmpstr(name, ==, "stonith-enabled");
    g_assert_cmpstr(value, ==, "false");
}

static void
request_wrong_body_type_is_refused(void)
{
    g_autoptr(GBytes) b = ha_ipc_request_encode(g_variant_new("(s)", "x"));
    g_autoptr(GVariant) body = NULL;
    gsize len = 0;
    const void *d = g_bytes_get_data(b, &len);

    g_assert_cmpint(ha_ipc_request_decode(d, len, HA_IPC_HACD_ATTR_GET_REQ,
                                          &body), ==, -HA_EPROTO);
    g_assert_null(body);
}

static void
request_wrong_version_is_refused(void)
{
    g_autoptr(GVariant) env = g_variant_ref_sink(
        g_variant_new("(uv)", (guint32) 99, g_variant_new("()")));
    g_autoptr(GVariant) body = NULL;

    g_assert_cmpint(ha_ipc_request_decode(g_variant_get_data(env),
                                          g_variant_get_size(env), "()",
                                          &body), ==, -HA_EPROTO);
}

static void
garbage_is_refused(void)
{
    guint8 junk[257];
    g_autoptr(GVariant) body = NULL;
    int rc_out = 0;

    for (int round = 0; round < 200; round++) {
        gsize len = g_random_int_range(0, sizeof(junk));

        for (gsize i = 0; i < len; i++) {
            junk[i] = g_random_int();
        }
        /* must not crash; anything accepted must have the right type */
        if (ha_ipc_request_decode(junk, len, "(ss)", &body) == 0) {
            g_assert_true(g_variant_is_of_type(body, G_VARIANT_TYPE("(ss)")));
            g_clear_pointer(&body, g_variant_unref);
        }
    }
    g_assert_cmpint(ha_ipc_reply_decode(junk, 0, "()", &rc_out, NULL), ==,
                    -HA_EPROTO);
}

static void
oversized_is_refused(void)
{
    g_autoptr(GVariant) body = NULL;
    gsize len = HA_IPC_MAX_MSG + 1;
    g_autofree char *big = g_malloc0(len);

    g_assert_cmpint(ha_ipc_request_decode(big, len, "()", &body), ==,
                    -HA_ETOOBIG);
}

static void
reply_round_trip_and_error(void)
{
    g_autoptr(GBytes) ok = ha_ipc_reply_encode(0, g_variant_new("(ms)", "v"));
    g_autoptr(GBytes) err = ha_ipc_reply_encode(-HA_ENOQUORUM, NULL);
    g_autoptr(GVariant) body = NULL;
    int rc = 1;
    gsize len = 0;
    const void *d = g_bytes_get_data(ok, &len);

    g_assert_cmpint(ha_ipc_reply_decode(d, len, "(ms)", &rc, &body), ==, 0);
    g_assert_cmpint(rc, ==, 0);
    g_assert_nonnull(body);
    g_clear_pointer(&body, g_variant_unref);
    d = g_bytes_get_data(err, &len);
    g_assert_cmpint(ha_ipc_reply_decode(d, len, "(ms)", &rc, &body), ==, 0);
    g_assert_cmpint(rc, ==, -HA_ENOQUORUM);
    g_assert_null(body);
    /* a reply body of the wrong type is a protocol error */
    d = g_bytes_get_data(ok, &len);
    g_assert_cmpint(ha_ipc_reply_decode(d, len, "(s)", &rc, &body), ==,
                    -HA_EPROTO);
}

static void
non_normal_form_is_refused(void)
{
    /* "(ss)" whose framing offset points past the data */
    guint8 bad[] = { 'a', 0, 'b', 0, 0x7f };
    g_autoptr(GVariant) inner = g_variant_ref_sink(
        g_variant_new_from_data(G_VARIANT_TYPE("(ss)"), bad, sizeof(bad),
                                TRUE, NULL, NULL));
    g_autoptr(GVariant) env = g_variant_ref_sink(
        g_variant_new("(uv)", (guint32) HA_IPC_PROTOCOL_VERSION, inner));
    g_autoptr(GVariant) body = NULL;
    int rc = ha_ipc_request_decode(g_variant_get_data(env),
                                   g_variant_get_size(env), "(ss)", &body);

    /* GLib either refuses the framing or normalizes the child: never a
     * body that is not of the declared type */
    if (rc == 0) {
        g_assert_true(g_variant_is_of_type(body, G_VARIANT_TYPE("(ss)")));
    } else {
        g_assert_cmpint(rc, ==, -HA_EPROTO);
    }
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ipc/codec/request-round-trip", request_round_trip);
    g_test_add_func("/ipc/codec/wrong-body-type",
                    request_wrong_body_type_is_refused);
    g_test_add_func("/ipc/codec/wrong-version", request_wrong_version_is_refused);
    g_test_add_func("/ipc/codec/garbage", garbage_is_refused);
    g_test_add_func("/ipc/codec/oversized", oversized_is_refused);
    g_test_add_func("/ipc/codec/reply", reply_round_trip_and_error);
    g_test_add_func("/ipc/codec/non-normal", non_normal_form_is_refused);
    return g_test_run();
}
