/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_hacd_msg.c - the decoder of the CPG messages between hacd
 * instances: whatever a peer (or a forged sender) multicasts, truncated,
 * oversized, of an unknown type or another protocol version.  The store
 * and patch texts these messages carry have their own targets
 * (fuzz_store_doc, fuzz_store_patch).
 */
#include "config.h"

#include "fuzz/fuzz.h"
#include "hacd/hacd.h"
#include "hacd/hacd_msg.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(GBytes) payload = g_bytes_new(data, size);
    g_autoptr(GVariant) body = NULL;
    guint type = 0;
    guint proto = 0;

    if (hacd_msg_decode(payload, &type, &proto, &body) == 0) {
        const char *want = hacd_msg_body_type(type);

        g_assert(want != NULL
                 && g_variant_is_of_type(body, G_VARIANT_TYPE(want)));
        ha_fuzz_walk(body);
    }
    return 0;
}
