/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_ipc_hacd.c - the IPC envelope between hactl (and any local
 * client) and hacd, and every message body it carries.
 *
 * The first byte chooses what the rest is: a request of one of hacd's
 * messages (decoded as hacd's server does, with that message's body
 * type), a reply of one (as hactl decodes it; a status reply also goes
 * through the metrics conversion of `hactl metrics`), or a sequence of
 * parts of a large message (each a 2-byte big-endian length and an
 * envelope) reassembled as the server and client do.
 */
#include "config.h"

#include "common/metrics.h"
#include "fuzz/fuzz.h"
#include "ipc/ipc.h"
#include "ipc/ipc_hacd.h"
#include "ipc/ipc_hacd_metrics.h"

/* Reassembly limit while fuzzing (the real one is HA_IPC_MAX_MSG). */
#define FUZZ_PARTS_MAX (1024 * 1024)

static const char *const request_types[] = { HA_FUZZ_HACD_REQUESTS };

static const char *const reply_types[] = { HA_FUZZ_HACD_REPLIES };

static void
status_metrics(GVariant *status)
{
    ha_metrics_t *m = ha_ipc_hacd_metrics_new(status);

    g_free(ha_metrics_render(m));
    ha_metrics_free(m);
}

static void
fuzz_reply(const uint8_t *data, size_t size, const char *type)
{
    g_autoptr(GVariant) body = NULL;
    g_autoptr(GVariant) inner = NULL;
    int rc = 0;

    if (ha_ipc_reply_decode(data, size, type, &rc, &body) < 0 || rc != 0) {
        return;
    }
    ha_fuzz_walk(body);
    if (g_variant_is_of_type(body, G_VARIANT_TYPE("a{sv}"))) {
        status_metrics(body);
    } else if (g_variant_is_of_type(body, G_VARIANT_TYPE("(ta{sv})"))) {
        inner = g_variant_get_child_value(body, 1);
        status_metrics(inner);
    }
}

static void
fuzz_parts(const uint8_t *data, size_t size)
{
    g_autoptr(ha_ipc_assembly_t) a = ha_ipc_assembly_new(FUZZ_PARTS_MAX);

    while (size >= 2) {
        size_t len = MIN(size - 2, ((size_t) data[0] << 8) | data[1]);
        g_autoptr(GVariant) part = NULL;
        gsize msg_len = 0;
        int rc;

        if (ha_ipc_request_decode(data + 2, len, HA_IPC_PART_TYPE,
                                  &part) < 0) {
            return;
        }
        rc = ha_ipc_assembly_add(a, part);
        if (rc < 0) {
            return;
        }
        if (rc == 1) {
            (void) ha_ipc_assembly_data(a, &msg_len);
            (void) ha_ipc_assembly_msg_id(a);
            return;
        }
        data += 2 + len;
        size -= 2 + len;
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    guint nreq = G_N_ELEMENTS(request_types);
    guint nrep = G_N_ELEMENTS(reply_types);
    guint i = 0;

    if (!ha_fuzz_select(&data, &size, nreq + nrep + 1, &i)) {
        return 0;
    }
    if (i < nreq) {
        g_autoptr(GVariant) body = NULL;

        if (ha_ipc_request_decode(data, size, request_types[i], &body) == 0) {
            ha_fuzz_walk(body);
        }
    } else if (i < nreq + nrep) {
        fuzz_reply(data, size, reply_types[i - nreq]);
    } else {
        fuzz_parts(data, size);
    }
    return 0;
}
