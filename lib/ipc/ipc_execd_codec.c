/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_execd_codec.c - envelopes of the executor's transport (pure). */
#include "config.h"

#include <errno.h>

#include "common/results.h"
#include "ipc/ipc.h"
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

int
ha_ipc_execd_request_decode(const void *data, gsize len,
                            const char *body_type, guint64 *ret_seq,
                            GVariant **ret_body)
{
    g_autoptr(GVariant) env = NULL;
    g_autoptr(GVariant) boxed = NULL;
    guint32 version = 0;
    guint64 seq = 0;
    int rc = ha_ipc_variant_parse(data, len, HA_IPC_EXECD_MAX_MSG,
                                  "(utv)", &env);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(env, "(ut@v)", &version, &seq, &boxed);
    if (version != HA_IPC_EXECD_VERSION) {
        return -HA_EPROTO;
    }
    rc = ha_ipc_variant_unbox(boxed, body_type, ret_body);
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
    int rc = ha_ipc_variant_parse(data, len, HA_IPC_EXECD_MAX_MSG,
                                  "(utiv)", &env);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(env, "(uti@v)", &version, &seq, &result, &boxed);
    if ((version != HA_IPC_EXECD_VERSION) || (result > 0)) {
        return -HA_EPROTO;
    }
    rc = ha_ipc_variant_unbox(boxed, (result < 0) ? "()" : body_type, ret_body);
    if (rc == 0) {
        *ret_seq = seq;
        *ret_rc = result;
    }
    return rc;
}
