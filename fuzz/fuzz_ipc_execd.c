/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_ipc_execd.c - the envelopes between hacd and ha-execd and
 * every body decoder of lib/exec/exec_proto.
 *
 * The first byte chooses a message id and a direction: a request as
 * ha-execd decodes it (an EXEC body is then decoded and validated, and a
 * request that decodes must encode and decode again; a METADATA body is
 * made into the request ha-execd would run and validated), or a reply/event as
 * hacd decodes it (a RESULT event and a STATE reply are decoded further).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "exec/exec_proto.h"
#include "fuzz/fuzz.h"
#include "ipc/ipc_execd.h"

static const guint32 msg_ids[] = {
    HA_EXEC_MSG_EXEC, HA_EXEC_MSG_CANCEL, HA_EXEC_MSG_STATE,
    HA_EXEC_MSG_METADATA, HA_EXEC_MSG_LIST, HA_EXEC_MSG_STATS,
    HA_EXEC_MSG_RESULT,
};

static void
exec_round_trip(GVariant *body)
{
    g_autoptr(ha_exec_request_t) req = NULL;
    g_autoptr(ha_exec_request_t) again = NULL;
    g_autoptr(GVariant) encoded = NULL;

    if (ha_exec_proto_exec_decode(body, &req) < 0) {
        return;
    }
    encoded = g_variant_ref_sink(ha_exec_proto_exec_encode(req));
    if (ha_exec_proto_exec_decode(encoded, &again) < 0) {
        fprintf(stderr, "a decoded EXEC request does not decode again\n");
        abort();
    }
}

/* As ha-execd's METADATA handler builds its request. */
static void
metadata_request(GVariant *body)
{
    const char *cls = NULL;
    const char *prov = NULL;
    const char *type = NULL;
    const char *action;
    g_autoptr(ha_exec_request_t) req = NULL;

    g_variant_get(body, "(&s&s&s)", &cls, &prov, &type);
    action = ha_exec_class_metadata_action(cls);
    if (action != NULL) {
        req = ha_exec_request_new("meta-data", cls, prov, type, action, 0,
                                  1000);
        (void) ha_exec_request_validate(req);
    }
}

static void
fuzz_request(const uint8_t *data, size_t size, guint32 msg_id)
{
    const char *type = ha_exec_proto_body_type(msg_id, FALSE);
    g_autoptr(GVariant) body = NULL;
    guint64 seq = 0;

    if (type == NULL
        || ha_ipc_execd_request_decode(data, size, type, &seq, &body) < 0) {
        return;
    }
    ha_fuzz_walk(body);
    if (msg_id == HA_EXEC_MSG_EXEC) {
        exec_round_trip(body);
    } else if (msg_id == HA_EXEC_MSG_METADATA) {
        metadata_request(body);
    }
}

static void
fuzz_reply(const uint8_t *data, size_t size, guint32 msg_id)
{
    const char *type = ha_exec_proto_body_type(msg_id, TRUE);
    g_autoptr(GVariant) body = NULL;
    g_autoptr(ha_exec_result_t) result = NULL;
    g_autoptr(GPtrArray) rscs = NULL;
    guint64 seq = 0;
    int rc = 0;

    if (ha_ipc_execd_reply_decode(data, size, type, &seq, &rc, &body) < 0
        || rc < 0) {
        return;
    }
    ha_fuzz_walk(body);
    if (msg_id == HA_EXEC_MSG_RESULT) {
        (void) ha_exec_proto_result_decode(body, &result);
    } else if (msg_id == HA_EXEC_MSG_STATE) {
        (void) ha_exec_proto_state_decode(body, &rscs);
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    guint n = G_N_ELEMENTS(msg_ids);
    guint i = 0;

    if (!ha_fuzz_select(&data, &size, 2 * n, &i)) {
        return 0;
    }
    if (i < n) {
        fuzz_request(data, size, msg_ids[i]);
    } else {
        fuzz_reply(data, size, msg_ids[i - n]);
    }
    return 0;
}
