/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_execd_codec.c - envelopes of the executor's transport (pure). */
#include "config.h"

#include <errno.h>

#include "common/results.h"
#include "ipc/ipc_execd.h"

GBytes *
ha_ipc_execd_request_encode(guint64 seq, GVariant *body)
{
    g_autoptr(GVariant) env = g_variant_ref_sink(
        g_variant_new("(utv)", (guint32) HA_IPC_EXECD_VERSION, seq, body));

    return g_variant_get_data_as_bytes(env);
}

GBytes *
ha_ipc_execd_reply_encode(guint64 seq, int rc, GVariant *body)
{
    g_autoptr(GVariant) env = NULL;

    if (body == NULL) {
        body = g_variant_new("()");
    }
    env = g_variant_ref_sink(g_variant_new("(utiv)",
                                           (guint32) HA_IPC_EXECD_VERSION, seq,
                                           rc, body));
    return g_variant_get_data_as_bytes(env);
}

/* Deserialise @data as @type, in normal form, within the size limit. */
static int
envelope_open(const void *data, gsize len, const char *type, GVariant **ret)
{
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GVariant) v = NULL;

    if (len > HA_IPC_EXECD_MAX_MSG) {
        return -HA_ETOOBIG;
    }
    bytes = g_bytes_new(data, len);
    v = g_variant_ref_sink(g_variant_new_from_bytes(G_VARIANT_TYPE(type),
                                                    bytes, FALSE));
    if (!g_variant_is_normal_form(v)) {
        return -HA_EPROTO;
    }
    *ret = g_steal_pointer(&v);
    return 0;
}

/* Unwrap the variant body and check its type. */
static int
body_check(GVariant *boxed, const char *body_type, GVariant **ret_body)
{
    g_autoptr(GVariant) body = g_variant_get_variant(boxed);

    if ((body_type == NULL)
        || !g_variant_type_string_is_valid(body_type)
        || !g_variant_is_of_type(body, G_VARIANT_TYPE(body_type))) {
        return -HA_EPROTO;
    }
    *ret_body = g_steal_pointer(&body);
    return 0;
}

int
ha_ipc_execd_request_decode(const void *data, gsize len,
                            const char *body_type, guint64 *ret_seq,
                            GVariant **ret_body)
{
    g_autoptr(GVariant) env = NULL;
    g_autoptr(GVariant) boxed = NULL;
    guint32 version = 0;
    guint64 seq = 0;
    int rc = envelope_open(data, len, "(utv)", &env);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(env, "(ut@v)", &version, &seq, &boxed);
    if (version != HA_IPC_EXECD_VERSION) {
        return -HA_EPROTO;
    }
    rc = body_check(boxed, body_type, ret_body);
    if (rc == 0) {
        *ret_seq = seq;
    }
    return rc;
}

int
ha_ipc_execd_reply_decode(const void *data, gsize len, const char *body_type,
                          guint64 *ret_seq, int *ret_rc, GVariant **ret_body)
{
    g_autoptr(GVariant) env = NULL;
    g_autoptr(GVariant) boxed = NULL;
    guint32 version = 0;
    guint64 seq = 0;
    gint32 result = 0;
    int rc = envelope_open(data, len, "(utiv)", &env);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(env, "(uti@v)", &version, &seq, &result, &boxed);
    if ((version != HA_IPC_EXECD_VERSION) || (result > 0)) {
        return -HA_EPROTO;
    }
    rc = body_check(boxed, (result < 0) ? "()" : body_type, ret_body);
    if (rc == 0) {
        *ret_seq = seq;
        *ret_rc = result;
    }
    return rc;
}
