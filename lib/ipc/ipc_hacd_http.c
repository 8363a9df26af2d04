/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/ipc/ipc_hacd_http.c - hacd's HTTP answers (ipc_hacd_http.h). */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "common/metrics.h"
#include "ipc/ipc_hacd_http.h"
#include "ipc/ipc_hacd_metrics.h"
#include "ipc/ipc_status.h"

#define RESOURCE_PREFIX "/resource/"
#define PROMOTED_SUFFIX "/promoted"

/* What the resources of the status say about one id on this node. */
struct rsc_here {
    gboolean known;
    gboolean active;
    gboolean promoted;
};

static gboolean
on_node(GVariant *r, const char *node)
{
    g_autoptr(GVariant) nodes = ha_ipc_status_list(r, "nodes", "as");
    GVariantIter it;
    const char *n;

    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "&s", &n)) {
        if (strcmp(n, node) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* @id names @wanted: itself, or a clone instance of it ("db:1" of "db"). */
static gboolean
names(const char *id, const char *wanted)
{
    const char *colon = strchr(id, ':');

    return strcmp(id, wanted) == 0
           || (colon != NULL && strlen(wanted) == (gsize) (colon - id)
               && strncmp(id, wanted, (gsize) (colon - id)) == 0);
}

/* Whether @id is @wanted or lies below it, following @parents (id ->
 * parent id; a tree is a few levels deep, the bound only guards a loop). */
static gboolean
is_or_below(GHashTable *parents, const char *id, const char *wanted)
{
    for (guint depth = 0; id != NULL && *id != '\0' && depth <= 8; depth++) {
        if (names(id, wanted)) {
            return TRUE;
        }
        id = g_hash_table_lookup(parents, id);
    }
    return FALSE;
}

/* One pass over the resources (the status' strings are borrowed from
 * @rscs, which outlives the table): linear in their number, since a load
 * balancer asks every node every few seconds. */
static struct rsc_here
resource_here(GVariant *status, const char *wanted, const char *node)
{
    g_autoptr(GVariant) rscs = ha_ipc_status_list(status, "resources",
                                                  "aa{sv}");
    g_autoptr(GHashTable) parents = g_hash_table_new(g_str_hash,
                                                     g_str_equal);
    struct rsc_here here = { FALSE, FALSE, FALSE };
    gsize n = g_variant_n_children(rscs);

    for (gsize i = 0; i < n; i++) {
        g_autoptr(GVariant) r = g_variant_get_child_value(rscs, i);

        g_hash_table_insert(parents, (gpointer) ha_ipc_status_str(r, "id"),
                            (gpointer) ha_ipc_status_str(r, "parent"));
    }
    for (gsize i = 0; i < n; i++) {
        g_autoptr(GVariant) r = g_variant_get_child_value(rscs, i);

        if (!is_or_below(parents, ha_ipc_status_str(r, "id"), wanted)) {
            continue;
        }
        here.known = TRUE;
        if (strcmp(ha_ipc_status_str(r, "kind"), "primitive") == 0
            && on_node(r, node)) {
            here.active = TRUE;
            here.promoted |= strcmp(ha_ipc_status_str(r, "role"),
                                    "Promoted") == 0;
        }
    }
    return here;
}

static gboolean
holds_config(GVariant *status)
{
    gboolean v = TRUE;      /* an older hacd does not say: it acts */

    (void) g_variant_lookup(status, "holds_config", "b", &v);
    return v;
}

static gboolean
node_online(GVariant *status, const char *node)
{
    g_autoptr(GVariant) nodes = ha_ipc_status_list(status, "nodes", "a(uss)");
    GVariantIter it;
    const char *name;
    const char *state;
    guint32 id;

    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        if (strcmp(name, node) == 0) {
            return strcmp(state, "online") == 0;
        }
    }
    return FALSE;
}

static void
json_answer(struct ha_ipc_http_answer *ret, guint code, JsonBuilder *b)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = NULL;
    char *text;

    json_builder_end_object(b);
    root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    text = json_generator_to_data(gen, NULL);
    ret->code = code;
    ret->content_type = "application/json";
    ret->body = g_strconcat(text, "\n", NULL);
    g_free(text);
    g_object_unref(b);
}

static void
add_str(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, value);
}

static void
add_bool(JsonBuilder *b, const char *name, gboolean value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_boolean_value(b, value);
}

static JsonBuilder *
json_begin(const char *node)
{
    JsonBuilder *b = json_builder_new();

    json_builder_begin_object(b);
    add_str(b, "node", node);
    return b;
}

static void
not_found(struct ha_ipc_http_answer *ret)
{
    ret->code = 404;
    ret->content_type = "text/plain; charset=utf-8";
    ret->body = g_strdup("Not found\n");
}

static void
health(GVariant *st, const char *node, struct ha_ipc_http_answer *ret)
{
    gboolean online = node_online(st, node);
    gboolean quorate = ha_ipc_status_bool(st, "quorate");
    gboolean synced = ha_ipc_status_bool(st, "synced");
    gboolean holds = holds_config(st);
    JsonBuilder *b = json_begin(node);

    add_bool(b, "online", online);
    add_bool(b, "quorate", quorate);
    add_bool(b, "synced", synced);
    add_bool(b, "holds_config", holds);
    add_str(b, "dc", ha_ipc_status_str(st, "dc_name"));
    json_answer(ret, (online && quorate && synced && holds) ? 200 : 503, b);
}

static void
dc(GVariant *st, const char *node, struct ha_ipc_http_answer *ret)
{
    const char *dc_name = ha_ipc_status_str(st, "dc_name");
    gboolean is_dc = (*dc_name != '\0' && strcmp(dc_name, node) == 0);
    JsonBuilder *b = json_begin(node);

    add_str(b, "dc", dc_name);
    add_bool(b, "is_dc", is_dc);
    json_answer(ret, is_dc ? 200 : 503, b);
}

static void
resource(GVariant *st, const char *node, const char *rest,
         struct ha_ipc_http_answer *ret)
{
    gsize len = strlen(rest);
    gsize suffix = strlen(PROMOTED_SUFFIX);
    gboolean want_promoted = (len > suffix
                              && strcmp(rest + len - suffix,
                                        PROMOTED_SUFFIX) == 0);
    g_autofree char *id = g_strndup(rest, want_promoted ? len - suffix : len);
    struct rsc_here here;
    JsonBuilder *b;

    if (*id == '\0' || strchr(id, '/') != NULL) {
        not_found(ret);
        return;
    }
    here = resource_here(st, id, node);
    b = json_begin(node);
    add_str(b, "resource", id);
    add_bool(b, "known", here.known);
    add_bool(b, "active", here.active);
    add_bool(b, "promoted", here.promoted);
    json_answer(ret, !here.known ? 404
                : (want_promoted ? here.promoted : here.active) ? 200 : 503,
                b);
}

void
ha_ipc_hacd_http_answer(GVariant *status, const char *method,
                        const char *path, struct ha_ipc_http_answer *ret)
{
    const char *node = ha_ipc_status_str(status, "local_name");

    memset(ret, 0, sizeof(*ret));
    if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
        ret->code = 405;
        ret->content_type = "text/plain; charset=utf-8";
        ret->body = g_strdup("Method not allowed\n");
    } else if (strcmp(path, "/metrics") == 0) {
        ha_metrics_t *m = ha_ipc_hacd_metrics_new(status);

        ret->code = 200;
        ret->content_type = "text/plain; version=0.0.4; charset=utf-8";
        ret->body = ha_metrics_render(m);
        ha_metrics_free(m);
    } else if (strcmp(path, "/health") == 0) {
        health(status, node, ret);
    } else if (strcmp(path, "/dc") == 0) {
        dc(status, node, ret);
    } else if (g_str_has_prefix(path, RESOURCE_PREFIX)) {
        resource(status, node, path + strlen(RESOURCE_PREFIX), ret);
    } else {
        not_found(ret);
    }
}
