/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_msg.c - the CPG messages between hacd instances.
 *
 * Envelope: GVariant "(uyv)" in normal form = (protocol version, message
 * type, body).  Each type has exactly one body type, checked before any
 * handler sees it; anything else is dropped by the caller with a log line.
 * A newer protocol may add message types: an older node drops those.
 */
#include "config.h"

#include <errno.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_msg.h"

#define ENVELOPE_TYPE "(uyv)"

static const char *const body_types[] = {
    [HACD_MSG_STATE] = "(t(ttt)stbuu)",
    [HACD_MSG_STORE_FULL] = "(t(ttt)ssat)",
    [HACD_MSG_SYNC_ACK] = "(t(ttt)s)",
    [HACD_MSG_SYNC_DONE] = "(tautb)",
    [HACD_MSG_WRITE_REQ] = "(tuuysms)",
    [HACD_MSG_WRITE_CHANGE] = "(tuu(ttt)s(ttt)sst)",
    [HACD_MSG_WRITE_CONFIRM] = "(t(ttt)i)",
    [HACD_MSG_WRITE_RESULT] = "(tuui(ttt)s)",
    [HACD_MSG_ATTR_SET] = "(ssmst)",
    [HACD_MSG_ATTR_ALL] = "(ta(sss))",
    [HACD_MSG_NODE_LOST] = "(us)",
    [HACD_MSG_SHUTDOWN] = "()",
    [HACD_MSG_NEED_STORE] = "(t)",
    [HACD_MSG_SYNC_FORCE] = "(t)",
    [HACD_MSG_LRM_ALL] = "(tsba" HACD_RSC_VARIANT ")",
    [HACD_MSG_OP_RESULT] = "(sssss" HACD_OP_VARIANT ")",
    [HACD_MSG_LRM_DELETE] = "(sst)",
    [HACD_MSG_ACTION] = "(tussssssuuisa{ss}a{ss})",
    [HACD_MSG_FENCE_REQ] = "(tusssssa{ss}uu)",
    [HACD_MSG_FENCE_RESULT] = "(tsssssisx)",
    [HACD_MSG_FENCE_ASK] = "(tss)",
    [HACD_MSG_TRANSITION] = "(tb)",
    [HACD_MSG_BOOTSTRAP] = "(t)",
};

const char *
hacd_msg_body_type(guint type)
{
    return (type < G_N_ELEMENTS(body_types)) ? body_types[type] : NULL;
}

int
hacd_msg_send(struct hacd *h, enum hacd_msg_type type, GVariant *body)
{
    const char *want = hacd_msg_body_type(type);
    g_autoptr(GVariant) env = NULL;
    g_autoptr(GVariant) normal = NULL;
    g_autoptr(GBytes) bytes = NULL;

    ha_assert(want != NULL
              && g_variant_is_of_type(body, G_VARIANT_TYPE(want)));
    env = g_variant_ref_sink(g_variant_new(ENVELOPE_TYPE,
                                           (guint32) h->opt.protocol,
                                           (guchar) type, body));
    if (h->cluster == NULL) {
        return -HA_ENOTCONN;
    }
    normal = g_variant_get_normal_form(env);
    bytes = g_variant_get_data_as_bytes(normal);
    return ha_cluster_send(h->cluster, bytes);
}

int
hacd_msg_decode(GBytes *payload, guint *ret_type, guint *ret_proto,
                GVariant **ret_body)
{
    g_autoptr(GVariant) env = g_variant_ref_sink(
        g_variant_new_from_bytes(G_VARIANT_TYPE(ENVELOPE_TYPE), payload,
                                 FALSE));
    g_autoptr(GVariant) body = NULL;
    guint32 proto = 0;
    guchar type = 0;
    const char *want;

    if (!g_variant_is_normal_form(env)) {
        return -HA_EPROTO;
    }
    g_variant_get(env, "(uyv)", &proto, &type, &body);
    want = hacd_msg_body_type(type);
    if (proto == 0 || want == NULL
        || !g_variant_is_of_type(body, G_VARIANT_TYPE(want))) {
        return -HA_EPROTO;
    }
    *ret_type = type;
    *ret_proto = proto;
    *ret_body = g_steal_pointer(&body);
    return 0;
}

guint64
hacd_view_hash(const GArray *members)
{
    guint64 hash = 14695981039346656037ULL;

    for (guint i = 0; i < members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(members, struct ha_cluster_member, i);
        guint32 words[2] = { m->nodeid, m->pid };
        const guint8 *b = (const guint8 *) words;

        for (gsize j = 0; j < sizeof(words); j++) {
            hash ^= b[j];
            hash *= 1099511628211ULL;
        }
    }
    return hash;
}
