/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_status.c - reading hacd's status dictionary (ipc_status.h). */
#include "config.h"

#include "ipc/ipc_status.h"

const char *
ha_ipc_status_str(GVariant *dict, const char *key)
{
    const char *v = "";

    (void) g_variant_lookup(dict, key, "&s", &v);
    return v;
}

gboolean
ha_ipc_status_bool(GVariant *dict, const char *key)
{
    gboolean v = FALSE;

    (void) g_variant_lookup(dict, key, "b", &v);
    return v;
}

guint64
ha_ipc_status_count(GVariant *dict, const char *key)
{
    guint64 v = 0;

    (void) g_variant_lookup(dict, key, "t", &v);
    return v;
}

GVariant *
ha_ipc_status_list(GVariant *dict, const char *key, const char *type)
{
    GVariant *v = g_variant_lookup_value(dict, key, G_VARIANT_TYPE(type));

    return (v != NULL) ? v
           : g_variant_ref_sink(g_variant_new_array(
                 g_variant_type_element(G_VARIANT_TYPE(type)), NULL, 0));
}
