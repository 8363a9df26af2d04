/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_store_model.c - the typed snapshot builder (the streaming
 * parse the scheduler's input comes from).
 */
#include "config.h"

#include "fuzz/fuzz.h"
#include "store/store_model.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(ha_store_model_t) model = NULL;
    g_autofree char *error = NULL;

    (void) ha_store_model_parse_memory((const char *) data, size, &model,
                                       &error);
    return 0;
}
