/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/cluster/cluster.c - the backend-independent half of the cluster
 * adapter: frames (zlib + chunks), reassembly, the send queue with retry,
 * and the membership/quorum state every backend reports.
 *
 * Frame layout (little endian):
 *   u32 magic   u16 flags   u16 reserved   u32 seq
 *   u32 index   u32 count   u32 total_len  u32 raw_len   then the bytes.
 * seq numbers a payload of one sender; index/count number its chunks;
 * total_len is the length of the (maybe compressed) stream and raw_len the
 * payload's length.  Chunks of one payload arrive in order (total order).
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <zlib.h>

#include "common/log.h"
#include "common/results.h"
#include "cluster/cluster_private.h"

#define FRAME_MAGIC 0x31434148u      /* "HAC1" */
#define FRAME_FLAG_ZLIB 0x1
#define RETRY_MIN_MS 1
#define RETRY_MAX_MS 100

struct cluster_partial {
    uint32_t seq;
    uint32_t next;
    uint32_t count;
    uint32_t total;
    uint32_t raw;
    uint16_t flags;
    GByteArray *data;
};

static void
partial_free(gpointer p)
{
    struct cluster_partial *partial = p;

    if (partial != NULL) {
        if (partial->data != NULL) {
            g_byte_array_unref(partial->data);
        }
        g_free(partial);
    }
}

static void
put32(guint8 *p, uint32_t v)
{
    p[0] = v & 0xff;
    p[1] = (v >> 8) & 0xff;
    p[2] = (v >> 16) & 0xff;
    p[3] = (v >> 24) & 0xff;
}

static uint32_t
get32(const guint8 *p)
{
    return (uint32_t) p[0] | ((uint32_t) p[1] << 8) | ((uint32_t) p[2] << 16)
           | ((uint32_t) p[3] << 24);
}

ha_cluster_t *
ha_cluster__new(const struct ha_cluster_backend *backend, const char *group,
                const struct ha_cluster_callbacks *callbacks, void *user_data)
{
    ha_cluster_t *c = g_new0(ha_cluster_t, 1);

    c->backend = backend;
    c->cb = *callbacks;
    c->user_data = user_data;
    c->group = g_strdup(group);
    g_queue_init(&c->out);
    c->partials = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        partial_free);
    c->votes = g_hash_table_new(g_direct_hash, g_direct_equal);
    c->names = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL,
                                     g_free);
    c->configured = g_array_new(FALSE, FALSE, sizeof(guint32));
    c->timings.token_ms = 3000;
    c->timings.consensus_ms = 3600;
    return c;
}

GPtrArray *
ha_cluster__frames_encode(GBytes *payload, uint32_t seq, gsize chunk_bytes)
{
    GPtrArray *frames = g_ptr_array_new_with_free_func(
        (GDestroyNotify) g_bytes_unref);
    gsize raw_len = 0;
    const guint8 *raw = g_bytes_get_data(payload, &raw_len);
    g_autofree guint8 *packed = NULL;
    const guint8 *stream = raw;
    gsize stream_len = raw_len;
    uint16_t flags = 0;
    uint32_t count;

    if (raw_len > HA_CLUSTER_COMPRESS_ABOVE) {
        uLongf out_len = compressBound(raw_len);

        packed = g_malloc(out_len);
        if (compress2(packed, &out_len, raw, raw_len, 3) == Z_OK
            && out_len < raw_len) {
            stream = packed;
            stream_len = out_len;
            flags |= FRAME_FLAG_ZLIB;
        }
    }
    count = (uint32_t) ((stream_len + chunk_bytes - 1) / chunk_bytes);
    if (count == 0) {
        count = 1;
    }
    for (uint32_t i = 0; i < count; i++) {
        gsize off = (gsize) i * chunk_bytes;
        gsize len = MIN(chunk_bytes, stream_len - off);
        guint8 *frame = g_malloc(HA_CLUSTER_FRAME_HEADER + len);

        put32(frame, FRAME_MAGIC);
        frame[4] = flags & 0xff;
        frame[5] = (flags >> 8) & 0xff;
        frame[6] = 0;
        frame[7] = 0;
        put32(frame + 8, seq);
        put32(frame + 12, i);
        put32(frame + 16, count);
        put32(frame + 20, (uint32_t) stream_len);
        put32(frame + 24, (uint32_t) raw_len);
        if (len > 0) {
            memcpy(frame + HA_CLUSTER_FRAME_HEADER, stream + off, len);
        }
        g_ptr_array_add(frames,
                        g_bytes_new_take(frame, HA_CLUSTER_FRAME_HEADER + len));
    }
    return frames;
}

static gboolean send_retry_cb(gpointer data);

/* Push queued frames to the backend until it says "try again". */
static void
send_flush(ha_cluster_t *c)
{
    while (!g_queue_is_empty(&c->out) && c->joined && !c->dead) {
        GBytes *frame = g_queue_peek_head(&c->out);
        gsize len = 0;
        const void *data = g_bytes_get_data(frame, &len);
        int rc = c->backend->mcast(c, data, len);

        if (rc == -EAGAIN) {
            if (c->retry_source == 0) {
                c->retry_delay_ms = CLAMP(c->retry_delay_ms * 2, RETRY_MIN_MS,
                                          RETRY_MAX_MS);
                c->retry_source = g_timeout_add(c->retry_delay_ms,
                                                send_retry_cb, c);
            }
            return;
        }
        g_bytes_unref(g_queue_pop_head(&c->out));
        if (rc < 0) {
            ha_debug("Could not send a frame to group '%s': %s", c->group,
                     ha_strerror(rc));
            ha_cluster__lost(c, rc);
            return;
        }
        c->retry_delay_ms = 0;
    }
}

static gboolean
send_retry_cb(gpointer data)
{
    ha_cluster_t *c = data;

    c->retry_source = 0;
    send_flush(c);
    return G_SOURCE_REMOVE;
}

int
ha_cluster_send(ha_cluster_t *c, GBytes *payload)
{
    g_autoptr(GPtrArray) frames = NULL;

    ha_assert(c != NULL && payload != NULL);
    if (g_bytes_get_size(payload) > HA_CLUSTER_MAX_PAYLOAD) {
        return -HA_ETOOBIG;
    }
    if (!c->joined || c->dead) {
        return -HA_ENOTCONN;
    }
    frames = ha_cluster__frames_encode(payload, ++c->send_seq,
                                       HA_CLUSTER_CHUNK_BYTES);
    for (guint i = 0; i < frames->len; i++) {
        g_queue_push_tail(&c->out, g_bytes_ref(frames->pdata[i]));
    }
    if (c->retry_source == 0) {
        send_flush(c);
    }
    return 0;
}

static GBytes *
partial_finish(struct cluster_partial *p)
{
    if (!(p->flags & FRAME_FLAG_ZLIB)) {
        return g_byte_array_free_to_bytes(g_steal_pointer(&p->data));
    } else {
        guint8 *raw = g_malloc(MAX(p->raw, 1));
        uLongf raw_len = p->raw;

        if (uncompress(raw, &raw_len, p->data->data, p->data->len) != Z_OK
            || raw_len != p->raw) {
            g_free(raw);
            return NULL;
        }
        return g_bytes_new_take(raw, raw_len);
    }
}

/* Validate a frame header; returns FALSE for garbage. */
static gboolean
frame_header_ok(const guint8 *f, size_t len)
{
    uint32_t index = get32(f + 12);
    uint32_t count = get32(f + 16);
    uint32_t total = get32(f + 20);
    uint32_t raw = get32(f + 24);
    size_t body = len - HA_CLUSTER_FRAME_HEADER;

    if (get32(f) != FRAME_MAGIC || count == 0 || index >= count
        || total > HA_CLUSTER_MAX_PAYLOAD || raw > HA_CLUSTER_MAX_PAYLOAD
        || body > total || (uint64_t) count * HA_CLUSTER_CHUNK_BYTES < total) {
        return FALSE;
    }
    if (!((f[4] | (f[5] << 8)) & FRAME_FLAG_ZLIB) && raw != total) {
        return FALSE;
    }
    return TRUE;
}

void
ha_cluster__frame_received(ha_cluster_t *c, uint32_t nodeid, uint32_t pid,
                           const void *frame, size_t len)
{
    const guint8 *f = frame;
    g_autofree char *key = NULL;
    struct cluster_partial *p;
    g_autoptr(GBytes) payload = NULL;

    if (len < HA_CLUSTER_FRAME_HEADER || !frame_header_ok(f, len)) {
        ha_debug("Dropping a malformed frame from %u:%u " QB_XS " len=%zu",
                 nodeid, pid, len);
        return;
    }
    key = g_strdup_printf("%u:%u", nodeid, pid);
    p = g_hash_table_lookup(c->partials, key);
    if (get32(f + 12) == 0) {
        p = g_new0(struct cluster_partial, 1);
        p->seq = get32(f + 8);
        p->count = get32(f + 16);
        p->total = get32(f + 20);
        p->raw = get32(f + 24);
        p->flags = f[4] | (f[5] << 8);
        p->data = g_byte_array_sized_new(MIN(p->total, HA_CLUSTER_CHUNK_BYTES));
        g_hash_table_replace(c->partials, g_strdup(key), p);
    } else if (p == NULL || p->seq != get32(f + 8) || p->next != get32(f + 12)) {
        ha_debug("Dropping an out-of-sequence chunk from %s", key);
        (void) g_hash_table_remove(c->partials, key);
        return;
    }
    g_byte_array_append(p->data, f + HA_CLUSTER_FRAME_HEADER,
                        len - HA_CLUSTER_FRAME_HEADER);
    p->next++;
    if (p->data->len > p->total) {
        (void) g_hash_table_remove(c->partials, key);
        return;
    }
    if (p->next < p->count) {
        return;
    }
    if (p->data->len != p->total) {
        (void) g_hash_table_remove(c->partials, key);
        return;
    }
    payload = partial_finish(p);
    (void) g_hash_table_remove(c->partials, key);
    if (payload == NULL) {
        ha_debug("Dropping a payload from %u:%u that does not inflate",
                 nodeid, pid);
        return;
    }
    if (c->cb.deliver != NULL) {
        c->cb.deliver(c, nodeid, pid, payload, c->user_data);
    }
}

static int
member_cmp(gconstpointer a, gconstpointer b)
{
    const struct ha_cluster_member *x = a;
    const struct ha_cluster_member *y = b;

    if (x->nodeid != y->nodeid) {
        return (x->nodeid < y->nodeid) ? -1 : 1;
    }
    return (x->pid < y->pid) ? -1 : (x->pid > y->pid);
}

static int
u32_cmp(gconstpointer a, gconstpointer b)
{
    uint32_t x = *(const uint32_t *) a;
    uint32_t y = *(const uint32_t *) b;

    return (x < y) ? -1 : (x > y);
}

void
ha_cluster__confchg(ha_cluster_t *c, struct ha_cluster_member *members,
                    size_t n_members, struct ha_cluster_member *left,
                    size_t n_left, struct ha_cluster_member *joined,
                    size_t n_joined)
{
    struct ha_cluster_confchg change = {
        members, n_members, left, n_left, joined, n_joined
    };

    /* qsort() must not see NULL, even with 0 elements */
    if (n_members > 1) {
        qsort(members, n_members, sizeof(*members), member_cmp);
    }
    if (n_left > 1) {
        qsort(left, n_left, sizeof(*left), member_cmp);
    }
    if (n_joined > 1) {
        qsort(joined, n_joined, sizeof(*joined), member_cmp);
    }
    /* A process that left will never finish a chunked payload. */
    for (size_t i = 0; i < n_left; i++) {
        g_autofree char *key = g_strdup_printf("%u:%u", left[i].nodeid,
                                               left[i].pid);

        (void) g_hash_table_remove(c->partials, key);
    }
    if (c->cb.confchg != NULL) {
        c->cb.confchg(c, &change, c->user_data);
    }
}

void
ha_cluster__ring(ha_cluster_t *c, struct ha_cluster_ring ring,
                 uint32_t *nodes, size_t n_nodes)
{
    struct ha_cluster_ring_change change = { ring, nodes, n_nodes };

    if (n_nodes > 1) {
        qsort(nodes, n_nodes, sizeof(*nodes), u32_cmp);
    }
    c->ring = ring;
    if (c->cb.ring != NULL) {
        c->cb.ring(c, &change, c->user_data);
    }
}

void
ha_cluster__quorum(ha_cluster_t *c, gboolean quorate,
                   struct ha_cluster_ring ring)
{
    c->quorate = quorate;
    c->quorum_ring = ring;
    if (c->cb.quorum != NULL) {
        c->cb.quorum(c, quorate, &ring, c->user_data);
    }
}

void
ha_cluster__lost(ha_cluster_t *c, int rc)
{
    if (c->dead) {
        return;
    }
    c->dead = TRUE;
    c->joined = FALSE;
    if (c->cb.lost != NULL) {
        c->cb.lost(c, rc, c->user_data);
    }
}

void
ha_cluster__set_node(ha_cluster_t *c, uint32_t nodeid, const char *name)
{
    gboolean known = FALSE;

    for (guint i = 0; i < c->configured->len; i++) {
        known |= (g_array_index(c->configured, guint32, i) == nodeid);
    }
    if (!known) {
        g_array_append_val(c->configured, nodeid);
        g_array_sort(c->configured, u32_cmp);
    }
    if (name != NULL) {
        g_hash_table_replace(c->names, GUINT_TO_POINTER(nodeid),
                             g_strdup(name));
    }
}

int
ha_cluster_join(ha_cluster_t *c)
{
    int rc;

    ha_assert(c != NULL);
    if (c->joined) {
        return 0;
    }
    if (c->dead) {
        return -HA_ENOTCONN;
    }
    rc = c->backend->join(c);
    if (rc == 0) {
        c->joined = TRUE;
    }
    return rc;
}

void
ha_cluster_leave(ha_cluster_t *c)
{
    if (c == NULL || !c->joined) {
        return;
    }
    /* Queued frames are sent first if the backend takes them now. */
    send_flush(c);
    c->backend->leave(c);
    c->joined = FALSE;
}

uint32_t
ha_cluster_local_nodeid(const ha_cluster_t *c)
{
    return c->nodeid;
}

uint32_t
ha_cluster_local_pid(const ha_cluster_t *c)
{
    return c->pid;
}

gboolean
ha_cluster_quorate(const ha_cluster_t *c)
{
    return c->quorate && c->ring.seq != 0 && c->quorum_ring.seq == c->ring.seq;
}

struct ha_cluster_ring
ha_cluster_current_ring(const ha_cluster_t *c)
{
    return c->ring;
}

guint
ha_cluster_node_votes(const ha_cluster_t *c, uint32_t nodeid)
{
    gpointer v = g_hash_table_lookup(c->votes, GUINT_TO_POINTER(nodeid));

    return (v == NULL) ? 1 : GPOINTER_TO_UINT(v);
}

guint
ha_cluster_quorum_votes(const ha_cluster_t *c)
{
    guint expected = 0;

    if (c->quorum_votes > 0) {
        return c->quorum_votes;
    }
    for (guint i = 0; i < c->configured->len; i++) {
        expected += ha_cluster_node_votes(c,
                                          g_array_index(c->configured, guint32, i));
    }
    return expected / 2 + 1;
}

const char *
ha_cluster_node_name(ha_cluster_t *c, uint32_t nodeid)
{
    return g_hash_table_lookup(c->names, GUINT_TO_POINTER(nodeid));
}

GArray *
ha_cluster_configured_nodes(ha_cluster_t *c)
{
    GArray *copy = g_array_sized_new(FALSE, FALSE, sizeof(guint32),
                                     c->configured->len);

    g_array_append_vals(copy, c->configured->data, c->configured->len);
    return copy;
}

struct ha_cluster_timings
ha_cluster_timings(ha_cluster_t *c)
{
    return c->timings;
}

void
ha_cluster_free(ha_cluster_t *c)
{
    if (c == NULL) {
        return;
    }
    if (c->retry_source != 0) {
        g_source_remove(c->retry_source);
    }
    if (c->backend != NULL && c->backend->free != NULL) {
        c->backend->free(c);
    }
    g_queue_clear_full(&c->out, (GDestroyNotify) g_bytes_unref);
    g_hash_table_destroy(c->partials);
    g_hash_table_destroy(c->votes);
    g_hash_table_destroy(c->names);
    g_array_unref(c->configured);
    g_free(c->group);
    g_free(c);
}
