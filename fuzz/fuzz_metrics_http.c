/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_metrics_http.c - the answers of hacd's HTTP endpoint
 * (lib/ipc/ipc_hacd_http.h) to any method and path, over a status with
 * nodes, a group and a promotable clone.  libmicrohttpd parses the
 * requests themselves.  An input is "METHOD PATH[ anything]", as a
 * request line.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "ipc/ipc_hacd_http.h"

static GVariant *
rsc(const char *id, const char *kind, const char *parent, const char *role,
    const char *node)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "id", g_variant_new_string(id));
    g_variant_builder_add(&b, "{sv}", "kind", g_variant_new_string(kind));
    g_variant_builder_add(&b, "{sv}", "parent", g_variant_new_string(parent));
    g_variant_builder_add(&b, "{sv}", "role", g_variant_new_string(role));
    g_variant_builder_add(&b, "{sv}", "nodes",
                          g_variant_new_strv(&node, node != NULL ? 1 : 0));
    return g_variant_builder_end(&b);
}

static GVariant *
status(void)
{
    GVariantBuilder b;
    GVariantBuilder rscs;

    g_variant_builder_init(&rscs, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_add_value(&rscs, rsc("web", "group", "", "Started",
                                           NULL));
    g_variant_builder_add_value(&rscs, rsc("vip", "primitive", "web",
                                           "Started", "n1"));
    g_variant_builder_add_value(&rscs, rsc("db-clone", "clone", "",
                                           "Promoted", NULL));
    g_variant_builder_add_value(&rscs, rsc("db:0", "primitive", "db-clone",
                                           "Promoted", "n1"));
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "local_name", g_variant_new_string("n1"));
    g_variant_builder_add(&b, "{sv}", "dc_name", g_variant_new_string("n1"));
    g_variant_builder_add(&b, "{sv}", "quorate", g_variant_new_boolean(TRUE));
    g_variant_builder_add(&b, "{sv}", "resources",
                          g_variant_builder_end(&rscs));
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static GVariant *st;
    g_autofree char *line = g_strndup((const char *) data, MIN(size, 8192));
    char *path = strchr(line, ' ');
    char *end;
    struct ha_ipc_http_answer a;

    if (st == NULL) {
        st = status();
    }
    if (path == NULL) {
        return 0;
    }
    *path++ = '\0';
    end = strpbrk(path, " \r\n");
    if (end != NULL) {
        *end = '\0';
    }
    ha_ipc_hacd_http_answer(st, line, path, &a);
    if (a.body == NULL || a.content_type == NULL
        || (a.code != 200 && a.code != 404 && a.code != 405
            && a.code != 503)) {
        abort();
    }
    g_free(a.body);
    return 0;
}
