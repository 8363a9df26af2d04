/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_store_doc.c - the CIB loader and validator: what
 * `hactl config import` / `verify` and hacd's store do with a CIB.
 * Load without validation, validate strictly, load with every check; a
 * CIB that loads must serialize and load again (a stored copy must
 * always be readable back).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/results.h"
#include "fuzz/fuzz.h"
#include "store/store_doc.h"

static void
check_round_trip(const ha_store_doc_t *doc)
{
    g_autofree char *text = ha_store_doc_serialize(doc, HA_STORE_SER_DEFAULT);
    g_autoptr(ha_store_doc_t) again = NULL;
    int rc = ha_store_doc_load_memory(text, strlen(text), "fuzz-again",
                                      HA_STORE_LOAD_DEFAULT, &again, NULL);

    if (rc < 0) {
        fprintf(stderr, "a loaded CIB does not load again (%s):\n%s\n",
                ha_strerror(rc), text);
        abort();
    }
    (void) ha_store_doc_digest(again);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *xml = (const char *) data;
    g_autoptr(ha_store_doc_t) raw = NULL;
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autoptr(GPtrArray) strict = NULL;

    ha_fuzz_schema_dir();
    if (ha_store_doc_load_memory(xml, size, "fuzz", HA_STORE_LOAD_NO_VALIDATE,
                                 &raw, &errors) == 0) {
        (void) ha_store_doc_validate(raw, &strict);
    }
    g_clear_pointer(&errors, g_ptr_array_unref);
    if (ha_store_doc_load_memory(xml, size, "fuzz", HA_STORE_LOAD_DEFAULT,
                                 &doc, &errors) == 0) {
        check_round_trip(doc);
    }
    return 0;
}
