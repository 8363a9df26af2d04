/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* fuzz/fuzz_util.c - helpers shared by the fuzz targets (see fuzz.h) */
#include "config.h"

#include <stdlib.h>

#include "fuzz/fuzz.h"

void
ha_fuzz_schema_dir(void)
{
    if (getenv("HA_SCHEMA_DIR") == NULL) {
        (void) setenv("HA_SCHEMA_DIR", HA_FUZZ_SRCDIR "/xml", 0);
    }
}

gboolean
ha_fuzz_select(const uint8_t **data, size_t *size, guint n, guint *ret_index)
{
    if (*size == 0 || n == 0) {
        return FALSE;
    }
    *ret_index = (*data)[0] % n;
    (*data)++;
    (*size)--;
    return TRUE;
}

void
ha_fuzz_walk(GVariant *v)
{
    g_autofree char *text = NULL;

    if (v != NULL) {
        text = g_variant_print(v, TRUE);
    }
}
