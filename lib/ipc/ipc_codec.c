/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_codec.c - the request and reply envelopes (see ipc.h). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc.h"

/* Bytes of zeroed padding after a message handed to GVariant. */
#define HA_IPC_PARSE_SLACK 16

#define REQUEST_TYPE "(uv)"
#define REPLY_TYPE "(uiv)"

static GBytes *
normal_bytes(GVariant *v)
{
    g_autoptr(GVariant) sunk = g_variant_ref_sink(v);
    g_autoptr(GVariant) normal = g_variant_get_normal_form(sunk);

    return g_variant_get_data_as_bytes(normal);
}

GBytes *
ha_ipc_request_encode(GVariant *body)
{
    return normal_bytes(g_variant_new(REQUEST_TYPE, HA_IPC_PROTOCOL_VERSION,
                                      body));
}

GBytes *
ha_ipc_reply_encode(int rc, GVariant *body)
{
    if (body == NULL) {
        body = g_variant_new("()");
    }
    return normal_bytes(g_variant_new(REPLY_TYPE, HA_IPC_PROTOCOL_VERSION,
                                      (gint32) rc, body));
}

/* Only normal-form data is accepted, so every later accessor sees
 * well-formed, bounded values. */
int
ha_ipc_variant_parse(const void *data, gsize len, gsize max_len,
                     const char *type, GVariant **ret_v)
{
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GVariant) v = NULL;
    guint8 *copy;

    if (len > max_len) {
        return -HA_ETOOBIG;
    }
    /* GLib 2.74's normal-form check can read one byte past the end of some
     * malformed framing offsets (seen under valgrind with random input):
     * give it zeroed slack beyond the message so that read stays inside our
     * allocation and cannot see foreign memory. */
    copy = g_malloc0(len + HA_IPC_PARSE_SLACK);
    if (len > 0) {
        memcpy(copy, data, len);
    }
    bytes = g_bytes_new_take(copy, len);
    v = g_variant_ref_sink(g_variant_new_from_bytes(G_VARIANT_TYPE(type),
                                                    bytes, FALSE));
    if (!g_variant_is_normal_form(v)) {
        return -HA_EPROTO;
    }
    *ret_v = g_steal_pointer(&v);
    return 0;
}

int
ha_ipc_variant_unbox(GVariant *boxed, const char *body_type,
                     GVariant **ret_body)
{
    g_autoptr(GVariant) body = g_variant_get_variant(boxed);

    if (body_type == NULL || !g_variant_type_string_is_valid(body_type)
        || !g_variant_is_of_type(body, G_VARIANT_TYPE(body_type))) {
        return -HA_EPROTO;
    }
    *ret_body = g_steal_pointer(&body);
    return 0;
}

int
ha_ipc_request_decode(const void *data, gsize len, const char *body_type,
                      GVariant **ret_body)
{
    g_autoptr(GVariant) env = NULL;
    g_autoptr(GVariant) inner = NULL;
    guint32 version = 0;
    int rc = ha_ipc_variant_parse(data, len, HA_IPC_MAX_MSG,
                                  REQUEST_TYPE, &env);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(env, "(u@v)", &version, &inner);
    if (version != HA_IPC_PROTOCOL_VERSION) {
        return -HA_EPROTO;
    }
    return ha_ipc_variant_unbox(inner, body_type, ret_body);
}

int
ha_ipc_reply_decode(const void *data, gsize len, const char *body_type,
                    int *ret_rc, GVariant **ret_body)
{
    g_autoptr(GVariant) env = NULL;
    g_autoptr(GVariant) inner = NULL;
    g_autoptr(GVariant) body = NULL;
    guint32 version = 0;
    gint32 result = 0;
    int rc = ha_ipc_variant_parse(data, len, HA_IPC_MAX_MSG,
                                  REPLY_TYPE, &env);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(env, "(ui@v)", &version, &result, &inner);
    if (version != HA_IPC_PROTOCOL_VERSION || result > 0
        || result < -(HA_ERROR_END + 1)) {
        return -HA_EPROTO;
    }
    if (result == 0) {
        rc = ha_ipc_variant_unbox(inner, body_type, &body);
        if (rc < 0) {
            return rc;
        }
    }
    *ret_rc = result;
    if (ret_body != NULL) {
        *ret_body = g_steal_pointer(&body);
    }
    return 0;
}
