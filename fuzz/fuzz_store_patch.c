/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_store_patch.c - the patch parser: a configuration change as a
 * peer multicasts it (hacd's WRITE_CHANGE carries one).  A patch that
 * parses is serialized and parsed again.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "store/store_doc.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    g_autoptr(ha_store_patch_t) patch = NULL;
    g_autoptr(ha_store_patch_t) again = NULL;
    g_autofree char *error = NULL;
    g_autofree char *again_error = NULL;
    g_autofree char *text = NULL;

    if (ha_store_patch_parse((const char *) data, size, &patch, &error) < 0) {
        return 0;
    }
    (void) ha_store_patch_is_empty(patch);
    text = ha_store_patch_serialize(patch);
    if (ha_store_patch_parse(text, strlen(text), &again, &again_error) < 0) {
        fprintf(stderr, "a parsed patch does not parse again (%s):\n%s\n",
                again_error, text);
        abort();
    }
    return 0;
}
