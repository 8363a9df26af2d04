/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The answers of hacd's HTTP endpoint, from status dictionaries. */
#include "config.h"

#include <string.h>

#include "ipc/ipc_hacd_http.h"

static GVariant *
rsc(const char *id, const char *kind, const char *parent, const char *role,
    const char *node)
{
    GVariantBuilder b;
    GVariantBuilder nodes;

    g_variant_builder_init(&nodes, G_VARIANT_TYPE("as"));
    if (node != NULL) {
        g_variant_builder_add(&nodes, "s", node);
    }
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "id", g_variant_new_string(id));
    g_variant_builder_add(&b, "{sv}", "kind", g_variant_new_string(kind));
    g_variant_builder_add(&b, "{sv}", "parent", g_variant_new_string(parent));
    g_variant_builder_add(&b, "{sv}", "role", g_variant_new_string(role));
    g_variant_builder_add(&b, "{sv}", "nodes", g_variant_builder_end(&nodes));
    return g_variant_builder_end(&b);
}

/* node1 (here) and node2; the DC is node2; a group web (vip, www) on
 * node1, a promotable clone db-clone of db promoted on node2, unpromoted
 * here, and a stopped primitive off */
static GVariant *
sample(const char *local, gboolean quorate, const char *state1)
{
    GVariantBuilder b;
    GVariantBuilder nodes;
    GVariantBuilder rscs;

    g_variant_builder_init(&nodes, G_VARIANT_TYPE("a(uss)"));
    g_variant_builder_add(&nodes, "(uss)", 1, "node1", state1);
    g_variant_builder_add(&nodes, "(uss)", 2, "node2", "online");
    g_variant_builder_init(&rscs, G_VARIANT_TYPE("aa{sv}"));
    g_variant_builder_add_value(&rscs, rsc("web", "group", "", "Started",
                                           NULL));
    g_variant_builder_add_value(&rscs, rsc("vip", "primitive", "web",
                                           "Started", "node1"));
    g_variant_builder_add_value(&rscs, rsc("www", "primitive", "web",
                                           "Started", "node1"));
    g_variant_builder_add_value(&rscs, rsc("db-clone", "clone", "",
                                           "Promoted", NULL));
    g_variant_builder_add_value(&rscs, rsc("db:0", "primitive", "db-clone",
                                           "Promoted", "node2"));
    g_variant_builder_add_value(&rscs, rsc("db:1", "primitive", "db-clone",
                                           "Unpromoted", "node1"));
    g_variant_builder_add_value(&rscs, rsc("off", "primitive", "", "Stopped",
                                           NULL));
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "local_name",
                          g_variant_new_string(local));
    g_variant_builder_add(&b, "{sv}", "dc_name",
                          g_variant_new_string("node2"));
    g_variant_builder_add(&b, "{sv}", "quorate",
                          g_variant_new_boolean(quorate));
    g_variant_builder_add(&b, "{sv}", "synced", g_variant_new_boolean(TRUE));
    g_variant_builder_add(&b, "{sv}", "holds_config",
                          g_variant_new_boolean(TRUE));
    g_variant_builder_add(&b, "{sv}", "nodes", g_variant_builder_end(&nodes));
    g_variant_builder_add(&b, "{sv}", "resources",
                          g_variant_builder_end(&rscs));
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

static guint
code(GVariant *st, const char *method, const char *path, const char *needle)
{
    struct ha_ipc_http_answer a;
    guint c;

    ha_ipc_hacd_http_answer(st, method, path, &a);
    g_test_message("%s %s -> %u %s", method, path, a.code, a.body);
    if (needle != NULL) {
        g_assert_nonnull(strstr(a.body, needle));
    }
    c = a.code;
    g_free(a.body);
    return c;
}

static void
routes(void)
{
    g_autoptr(GVariant) n1 = sample("node1", TRUE, "online");
    g_autoptr(GVariant) n2 = sample("node2", TRUE, "online");

    g_assert_cmpuint(code(n1, "GET", "/metrics", "ha_up 1"), ==, 200);
    g_assert_cmpuint(code(n1, "HEAD", "/metrics", NULL), ==, 200);
    g_assert_cmpuint(code(n1, "POST", "/metrics", NULL), ==, 405);
    g_assert_cmpuint(code(n1, "GET", "/nothing", NULL), ==, 404);
    g_assert_cmpuint(code(n1, "GET", "/health",
                          "\"quorate\":true"), ==, 200);
    /* the DC answers 200 on the DC only */
    g_assert_cmpuint(code(n1, "GET", "/dc", "\"dc\":\"node2\""), ==, 503);
    g_assert_cmpuint(code(n2, "GET", "/dc", "\"is_dc\":true"), ==, 200);
}

static void
resources(void)
{
    g_autoptr(GVariant) n1 = sample("node1", TRUE, "online");
    g_autoptr(GVariant) n2 = sample("node2", TRUE, "online");

    /* a primitive and its group are active where the primitive runs */
    g_assert_cmpuint(code(n1, "GET", "/resource/vip", NULL), ==, 200);
    g_assert_cmpuint(code(n1, "GET", "/resource/web", NULL), ==, 200);
    g_assert_cmpuint(code(n2, "GET", "/resource/web", "\"active\":false"),
                     ==, 503);
    /* a clone, and its primitive by its configured id, on every node
     * with an instance; promoted only where the instance is Promoted */
    g_assert_cmpuint(code(n1, "GET", "/resource/db-clone", NULL), ==, 200);
    g_assert_cmpuint(code(n1, "GET", "/resource/db", NULL), ==, 200);
    g_assert_cmpuint(code(n1, "GET", "/resource/db-clone/promoted", NULL),
                     ==, 503);
    g_assert_cmpuint(code(n2, "GET", "/resource/db-clone/promoted",
                          "\"promoted\":true"), ==, 200);
    g_assert_cmpuint(code(n2, "GET", "/resource/db/promoted", NULL), ==, 200);
    /* stopped: 503 everywhere; unknown: 404; no id: 404 */
    g_assert_cmpuint(code(n1, "GET", "/resource/off", NULL), ==, 503);
    g_assert_cmpuint(code(n1, "GET", "/resource/nope", "\"known\":false"),
                     ==, 404);
    g_assert_cmpuint(code(n1, "GET", "/resource/", NULL), ==, 404);
    g_assert_cmpuint(code(n1, "GET", "/resource/a/b", NULL), ==, 404);
}

static void
health_fails(void)
{
    g_autoptr(GVariant) inquorate = sample("node1", FALSE, "online");
    g_autoptr(GVariant) pending = sample("node1", TRUE, "pending");
    g_autoptr(GVariant) empty = g_variant_ref_sink(
        g_variant_new_array(G_VARIANT_TYPE("{sv}"), NULL, 0));

    g_assert_cmpuint(code(inquorate, "GET", "/health", "\"quorate\":false"),
                     ==, 503);
    g_assert_cmpuint(code(pending, "GET", "/health", "\"online\":false"),
                     ==, 503);
    /* an empty status (nothing known) is unhealthy, never an error */
    g_assert_cmpuint(code(empty, "GET", "/health", NULL), ==, 503);
    g_assert_cmpuint(code(empty, "GET", "/resource/x", NULL), ==, 404);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ipc/hacd-http/routes", routes);
    g_test_add_func("/ipc/hacd-http/resources", resources);
    g_test_add_func("/ipc/hacd-http/health-fails", health_fails);
    return g_test_run();
}
