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

#endif /* HA_FUZZ_H */
