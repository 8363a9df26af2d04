/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz.h - what every fuzz target shares.
 *
 * A target is one LLVMFuzzerTestOneInput() calling a real decoder of
 * untrusted input.  Built with --enable-fuzzing (clang) it links libFuzzer;
 * otherwise fuzz_main.c makes it a regression runner over its checked-in
 * corpus (fuzz/corpus/<target>/), run by `make check`.
 *
 * Invariant: a target must never crash, leak or assert on any input;
 * every decoder it calls answers bad input with an error code.
 */
#ifndef HA_FUZZ_H
#define HA_FUZZ_H

#include <glib.h>
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Point HA_SCHEMA_DIR at the source tree's schemas unless it is set. */
void ha_fuzz_schema_dir(void);

/**
 * Split an input into a selector (its first byte, modulo @n) and the rest.
 *
 * @return FALSE for an empty input (nothing to select)
 */
gboolean ha_fuzz_select(const uint8_t **data, size_t *size, guint n,
                        guint *ret_index);

/* Touch every value of a decoded variant (a print), so that a decoder that
 * returned an inconsistent value is caught by the sanitizers. */
void ha_fuzz_walk(GVariant *v);

/* The body types of hacd's requests and replies (ipc/ipc_hacd.h), in the
 * order the corpus files' selector bytes index (fuzz_ipc_hacd, fuzz_seeds):
 * append only. */
#define HA_FUZZ_HACD_REQUESTS \
    HA_IPC_HACD_STATUS_REQ, HA_IPC_HACD_CONFIG_GET_REQ, \
    HA_IPC_HACD_CONFIG_REPLACE_REQ, HA_IPC_HACD_PROPERTY_SET_REQ, \
    HA_IPC_HACD_PROPERTY_GET_REQ, HA_IPC_HACD_ATTR_SET_REQ, \
    HA_IPC_HACD_ATTR_GET_REQ, HA_IPC_HACD_CONFIG_READ_REQ, \
    HA_IPC_HACD_CONFIG_REPLACE_IF_REQ, HA_IPC_HACD_RSC_CLEANUP_REQ, \
    HA_IPC_HACD_FENCE_REQ, HA_IPC_HACD_FENCE_HISTORY_REQ, \
    HA_IPC_HACD_SHUTDOWN_REQ, HA_IPC_HACD_SCHED_INPUT_REQ, \
    HA_IPC_HACD_CONFIG_HISTORY_REQ, HA_IPC_HACD_CONFIG_VERSION_GET_REQ, \
    HA_IPC_HACD_STATUS_WAIT_REQ, HA_IPC_HACD_FENCE_CONFIRM_REQ
#define HA_FUZZ_HACD_REPLIES \
    HA_IPC_HACD_STATUS_REPLY, HA_IPC_HACD_CONFIG_GET_REPLY, \
    HA_IPC_HACD_CONFIG_READ_REPLY, HA_IPC_HACD_FENCE_REPLY, \
    HA_IPC_HACD_FENCE_HISTORY_REPLY, HA_IPC_HACD_SCHED_INPUT_REPLY, \
    HA_IPC_HACD_CONFIG_HISTORY_REPLY, HA_IPC_HACD_CONFIG_VERSION_GET_REPLY, \
    HA_IPC_HACD_STATUS_WAIT_REPLY, HA_IPC_HACD_MAYBE_REPLY, \
    HA_IPC_HACD_EMPTY_REPLY, HA_IPC_HACD_WRITE_REPLY

#endif /* HA_FUZZ_H */
