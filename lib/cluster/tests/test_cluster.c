/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/cluster/tests/test_cluster.c - framing: compression, chunks, reassembly */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "cluster/cluster_private.h"

struct got {
    GPtrArray *payloads;
    GArray *senders;
};

static void
got_deliver(ha_cluster_t *c, uint32_t nodeid, uint32_t pid, GBytes *payload,
            void *user_data)
{
    struct got *got = user_data;

    g_ptr_array_add(got->payloads, g_bytes_ref(payload));
    g_array_append_val(got->senders, nodeid);
}

static int
noop_join(ha_cluster_t *c)
{
    return 0;
}

static void
noop_leave(ha_cluster_t *c)
{
}

static int
noop_mcast(ha_cluster_t *c, const void *f, size_t len)
{
    return 0;
}

static const struct ha_cluster_backend noop_backend = {
    "noop", noop_join, noop_leave, noop_mcast, NULL
};

static ha_cluster_t *
receiver_new(struct got *got)
{
    struct ha_cluster_callbacks cb = { .deliver = got_deliver };

    got->payloads = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_bytes_unref);
    got->senders = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    return ha_cluster__new(&noop_backend, "t", &cb, got);
}

static void
got_clear(struct got *got)
{
    g_ptr_array_unref(got->payloads);
    g_array_unref(got->senders);
}

static GBytes *
random_bytes(gsize len, gboolean compressible)
{
    guint8 *b = g_malloc(len);

    for (gsize i = 0; i < len; i++) {
        b[i] = compressible ? (guint8) ("abcdefgh"[i % 8]) : g_random_int();
    }
    return g_bytes_new_take(b, len);
}

static void
feed(ha_cluster_t *c, uint32_t nodeid, GPtrArray *frames, guint i)
{
    gsize len = 0;
    const void *d = g_bytes_get_data(frames->pdata[i], &len);

    ha_cluster__frame_received(c, nodeid, 1, d, len);
}

static void
small_payload_is_one_frame(void)
{
    struct got got;
    g_autoptr(ha_cluster_t) c = receiver_new(&got);
    g_autoptr(GBytes) p = g_bytes_new_static("hello", 5);
    g_autoptr(GPtrArray) frames = ha_cluster__frames_encode(p, 1, 1000);

    g_assert_cmpuint(frames->len, ==, 1);
    feed(c, 1, frames, 0);
    g_assert_cmpuint(got.payloads->len, ==, 1);
    g_assert_true(g_bytes_equal(got.payloads->pdata[0], p));
    got_clear(&got);
}

static void
large_payload_is_compressed_and_chunked(void)
{
    struct got got;
    g_autoptr(ha_cluster_t) c = receiver_new(&got);
    g_autoptr(GBytes) p = random_bytes(3 * 1024 * 1024, TRUE);
    g_autoptr(GPtrArray) frames = ha_cluster__frames_encode(p, 7, 4096);
    gsize total = 0;

    for (guint i = 0; i < frames->len; i++) {
        total += g_bytes_get_size(frames->pdata[i]);
    }
    g_assert_cmpuint(total, <, g_bytes_get_size(p) / 10);   /* compressed */
    g_assert_cmpuint(frames->len, >, 1);
    for (guint i = 0; i < frames->len; i++) {
        g_assert_cmpuint(g_bytes_get_size(frames->pdata[i]), <=,
                         4096 + HA_CLUSTER_FRAME_HEADER);
        feed(c, 2, frames, i);
    }
    g_assert_cmpuint(got.payloads->len, ==, 1);
    g_assert_true(g_bytes_equal(got.payloads->pdata[0], p));
    got_clear(&got);
}

static void
interleaved_senders_reassemble(void)
{
    struct got got;
    g_autoptr(ha_cluster_t) c = receiver_new(&got);
    g_autoptr(GBytes) a = random_bytes(100000, FALSE);
    g_autoptr(GBytes) b = random_bytes(90000, FALSE);
    g_autoptr(GPtrArray) fa = ha_cluster__frames_encode(a, 1, 10000);
    g_autoptr(GPtrArray) fb = ha_cluster__frames_encode(b, 1, 10000);

    for (guint i = 0; i < MAX(fa->len, fb->len); i++) {
        if (i < fa->len) {
            feed(c, 1, fa, i);
        }
        if (i < fb->len) {
            feed(c, 2, fb, i);
        }
    }
    g_assert_cmpuint(got.payloads->len, ==, 2);
    g_assert_true(g_bytes_equal(got.payloads->pdata[0], b));   /* shorter */
    g_assert_true(g_bytes_equal(got.payloads->pdata[1], a));
    got_clear(&got);
}

static void
malformed_frames_are_dropped(void)
{
    struct got got;
    g_autoptr(ha_cluster_t) c = receiver_new(&got);
    g_autoptr(GBytes) p = random_bytes(50000, FALSE);
    g_autoptr(GPtrArray) frames = ha_cluster__frames_encode(p, 1, 10000);
    guint8 junk[64] = { 0 };
    const void *data;
    g_autofree guint8 *bad = NULL;
    gsize len = 0;

    ha_cluster__frame_received(c, 1, 1, junk, sizeof(junk));
    ha_cluster__frame_received(c, 1, 1, junk, 3);
    /* a lost chunk: the payload must not be delivered */
    feed(c, 1, frames, 0);
    feed(c, 1, frames, 2);
    feed(c, 1, frames, 3);
    feed(c, 1, frames, 4);
    /* a frame claiming more bytes than it may */
    data = g_bytes_get_data(frames->pdata[0], &len);
    bad = g_memdup2(data, len);
    bad[20] = 0xff;
    bad[21] = 0xff;
    bad[22] = 0xff;
    bad[23] = 0x7f;
    ha_cluster__frame_received(c, 1, 1, bad, len);
    g_assert_cmpuint(got.payloads->len, ==, 0);
    got_clear(&got);
}

static void
corrupt_compressed_stream_is_dropped(void)
{
    struct got got;
    g_autoptr(ha_cluster_t) c = receiver_new(&got);
    g_autoptr(GBytes) p = random_bytes(200000, TRUE);
    g_autoptr(GPtrArray) frames = ha_cluster__frames_encode(p, 1, 1000000);
    gsize len = 0;
    g_autofree guint8 *f = NULL;
    const void *data;

    g_assert_cmpuint(frames->len, ==, 1);
    data = g_bytes_get_data(frames->pdata[0], &len);
    f = g_memdup2(data, len);
    f[HA_CLUSTER_FRAME_HEADER + 5] ^= 0x55;
    f[HA_CLUSTER_FRAME_HEADER + 6] ^= 0x55;
    ha_cluster__frame_received(c, 1, 1, f, len);
    g_assert_cmpuint(got.payloads->len, ==, 0);
    got_clear(&got);
}

static void
send_before_join_fails(void)
{
    struct got got;
    g_autoptr(ha_cluster_t) c = receiver_new(&got);
    g_autoptr(GBytes) p = g_bytes_new_static("x", 1);

    g_assert_cmpint(ha_cluster_send(c, p), ==, -HA_ENOTCONN);
    got_clear(&got);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/cluster/frame/small", small_payload_is_one_frame);
    g_test_add_func("/cluster/frame/compressed-chunked",
                    large_payload_is_compressed_and_chunked);
    g_test_add_func("/cluster/frame/interleaved", interleaved_senders_reassemble);
    g_test_add_func("/cluster/frame/malformed", malformed_frames_are_dropped);
    g_test_add_func("/cluster/frame/corrupt-zlib",
                    corrupt_compressed_stream_is_dropped);
    g_test_add_func("/cluster/send/not-joined", send_before_join_fails);
    return g_test_run();
}
