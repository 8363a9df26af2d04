/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_model_fencing.c - <fencing-topology> into the snapshot:
 * each <fencing-level> as written (document order), its devices split at
 * the commas.  Which levels apply to a target, and in what order, is the
 * scheduler's decision (lib/sched/sched_fence_plan.c).
 */
#include "config.h"

#include <string.h>

#include "store/store_model_private.h"

static const char *
intern_attr(struct ha__model_builder *b, const xmlNode *n, const char *name)
{
    return ha__model_intern(b->model, ha_xml_attr(n, name));
}

static void
parse_level(struct ha__model_builder *b, const xmlNode *n,
            struct ha_model_fencing_level *out)
{
    const char *devices = ha_xml_attr(n, "devices");
    g_auto(GStrv) ids = g_strsplit((devices != NULL) ? devices : "", ",", -1);
    guint n_ids = g_strv_length(ids);
    const char **kept = g_new0(const char *, MAX(n_ids, 1));
    guint k = 0;

    for (guint i = 0; i < n_ids; i++) {
        g_strstrip(ids[i]);
        if (ids[i][0] != '\0') {
            kept[k++] = ha__model_intern(b->model, ids[i]);
        }
    }
    *out = (struct ha_model_fencing_level) {
        .id = intern_attr(b, n, "id"),
        .index = (int) g_ascii_strtoll((ha_xml_attr(n, "index") != NULL)
                                       ? ha_xml_attr(n, "index") : "0",
                                       NULL, 10),
        .target = intern_attr(b, n, "target"),
        .target_pattern = intern_attr(b, n, "target-pattern"),
        .target_attribute = intern_attr(b, n, "target-attribute"),
        .target_value = intern_attr(b, n, "target-value"),
        .n_devices = k,
        .devices = ha__model_keep(b->model, kept),
    };
}

void
ha__model_parse_fencing(struct ha__model_builder *b, const xmlNode *topology)
{
    GArray *levels = g_array_new(FALSE, TRUE,
                                 sizeof(struct ha_model_fencing_level));
    ha_store_model_t *m = b->model;

    for (const xmlNode *n = ha_xml_first_child(topology, "fencing-level");
         n != NULL; n = ha_xml_next(n, "fencing-level")) {
        struct ha_model_fencing_level level;

        parse_level(b, n, &level);
        g_array_append_val(levels, level);
    }
    m->n_fencing_levels = levels->len;
    m->fencing_levels = ha__model_keep(m, g_array_free(levels, FALSE));
}
