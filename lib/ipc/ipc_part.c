/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_part.c - a message larger than a connection's buffer travels
 * as parts (see ipc.h): the part body and its reassembly, which checks
 * every part against the first one before keeping a byte.
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "ipc/ipc.h"

struct ha_ipc_assembly {
    gsize max_total;
    guint32 msg_id;
    guint64 total;          /* 0 before the first part */
    GByteArray *buf;
};

GVariant *
ha_ipc_part_new(guint32 msg_id, gsize total, gsize offset, const void *data,
                gsize len)
{
    return g_variant_new("(utt@ay)", msg_id, (guint64) total,
                         (guint64) offset,
                         g_variant_new_fixed_array(G_VARIANT_TYPE_BYTE, data,
                                                   len, 1));
}

ha_ipc_assembly_t *
ha_ipc_assembly_new(gsize max_total)
{
    ha_ipc_assembly_t *a = g_new0(ha_ipc_assembly_t, 1);

    a->max_total = max_total;
    a->buf = g_byte_array_new();
    return a;
}

void
ha_ipc_assembly_free(ha_ipc_assembly_t *a)
{
    if (a == NULL) {
        return;
    }
    g_byte_array_unref(a->buf);
    g_free(a);
}

/* The first part fixes the message and its size. */
static int
assembly_start(ha_ipc_assembly_t *a, guint32 msg_id, guint64 total)
{
    if (total > a->max_total) {
        return -HA_ETOOBIG;
    }
    if (total == 0) {
        return -HA_EPROTO;
    }
    a->msg_id = msg_id;
    a->total = total;
    return 0;
}

int
ha_ipc_assembly_add(ha_ipc_assembly_t *a, GVariant *part)
{
    g_autoptr(GVariant) bytes = NULL;
    guint32 msg_id = 0;
    guint64 total = 0;
    guint64 offset = 0;
    gsize len = 0;
    const guint8 *data;
    int rc;

    if (!g_variant_is_of_type(part, G_VARIANT_TYPE(HA_IPC_PART_TYPE))) {
        return -HA_EPROTO;
    }
    g_variant_get(part, "(utt@ay)", &msg_id, &total, &offset, &bytes);
    data = g_variant_get_fixed_array(bytes, &len, 1);
    if (a->total == 0) {
        rc = assembly_start(a, msg_id, total);
        if (rc < 0) {
            return rc;
        }
    }
    /* in order, without gaps or overlaps, never past the announced size,
     * and never empty (each part must move the message on) */
    if (msg_id != a->msg_id || total != a->total || offset != a->buf->len
        || len == 0 || len > total - offset) {
        return -HA_EPROTO;
    }
    g_byte_array_append(a->buf, data, (guint) len);
    return (a->buf->len == a->total) ? 1 : 0;
}

guint32
ha_ipc_assembly_msg_id(const ha_ipc_assembly_t *a)
{
    return a->msg_id;
}

gsize
ha_ipc_assembly_len(const ha_ipc_assembly_t *a)
{
    return a->buf->len;
}

const void *
ha_ipc_assembly_data(const ha_ipc_assembly_t *a, gsize *ret_len)
{
    *ret_len = a->buf->len;
    return a->buf->data;
}
