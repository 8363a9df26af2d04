/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_debug.c - `hactl resource debug ID ACTION`: run one
 * action of a configured resource on this node, now, through this node's
 * ha-execd, with the request hacd would send (parameters, op timeout,
 * meta data), and print what the agent did: rc, exit reason, duration and
 * its output.  For agent authors and for "why does this fail?".
 *
 * The action runs in the real executor: it waits for an action of the
 * same resource in progress, and hacd records its result like any other
 * (a debug start is seen by the cluster as a start).  A recurring monitor
 * runs once, with its interval in the environment, so the cluster's own
 * monitors are left alone.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "exec/exec_action.h"
#include "exec/exec_result.h"
#include "ipc/ipc_hacd.h"
#include "store/store_model.h"
#include <json-glib/json-glib.h>
#include "hactl_cli.h"
#include "hactl_edit.h"

#define DEBUG_TIMEOUT_MS 20000

static void
add_params(ha_exec_request_t *req, const struct ha_model_attrs *attrs,
           const struct ha_model_rule_ctx *ctx)
{
    for (guint s = 0; s < attrs->n_sets; s++) {
        for (guint i = 0; i < attrs->sets[s].n; i++) {
            const char *name = attrs->sets[s].pairs[i].name;
            const char *v = ha_store_model_attrs_eval(attrs, name, ctx);

            if (v != NULL && g_hash_table_lookup(req->params, name) == NULL) {
                ha_exec_request_set_param(req, name, v);
            }
        }
    }
}

static const struct ha_model_op *
find_op(const struct ha_model_rsc *r, const char *action, guint interval_ms)
{
    for (guint i = 0; i < r->n_ops; i++) {
        if (g_strcmp0(r->ops[i].name, action) == 0
            && r->ops[i].interval_ms == interval_ms) {
            return &r->ops[i];
        }
    }
    return NULL;
}

/* This node's name and corosync id, as hacd knows them. */
static int
local_node(char **ret_name, guint32 *ret_id, guint *ret_n_nodes)
{
    g_autoptr(GVariant) st = NULL;
    g_autoptr(GVariant) nodes = NULL;
    const char *local = "";
    const char *name, *state;
    GVariantIter it;
    guint32 id;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "resource debug");
    }
    (void) g_variant_lookup(st, "local_name", "&s", &local);
    *ret_name = g_strdup(local);
    *ret_id = 0;
    nodes = g_variant_lookup_value(st, "nodes", G_VARIANT_TYPE("a(uss)"));
    *ret_n_nodes = (nodes != NULL) ? (guint) g_variant_n_children(nodes) : 0;
    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
            if (strcmp(name, local) == 0) {
                *ret_id = id;
            }
        }
    }
    return HACTL_EXIT_OK;
}

static void
meta_from(ha_exec_request_t *req, const char *key, const char *value,
          const char *fallback)
{
    ha_exec_request_set_meta(req, key, value != NULL ? value : fallback);
}

/* What the scheduler adds for an instance of a clone (no instance number:
 * that is the cluster's choice). */
static void
add_clone_meta(ha_exec_request_t *req, const ha_store_model_t *m, guint idx,
               guint n_nodes)
{
    g_autofree char *nodes = g_strdup_printf("%u", MAX(n_nodes, 1));
    guint c = m->rscs[idx].parent;

    while (c != HA_MODEL_NONE && m->rscs[c].kind != HA_RSC_CLONE) {
        c = m->rscs[c].parent;
    }
    if (c == HA_MODEL_NONE) {
        return;
    }
    meta_from(req, "clone_max", ha_store_model_rsc_meta(m, c, "clone-max",
                                                        NULL), nodes);
    meta_from(req, "clone_node_max",
              ha_store_model_rsc_meta(m, c, "clone-node-max", NULL), "1");
    meta_from(req, "globally_unique",
              ha_store_model_rsc_meta(m, c, "globally-unique", NULL), "false");
    meta_from(req, "notify", ha_store_model_rsc_meta(m, c, "notify", NULL),
              "false");
    if (m->rscs[c].promotable) {
        meta_from(req, "promoted_max",
                  ha_store_model_rsc_meta(m, c, "promoted-max", NULL), "1");
        meta_from(req, "promoted_node_max",
                  ha_store_model_rsc_meta(m, c, "promoted-node-max", NULL),
                  "1");
    }
}

static void
print_output(const char *label, const char *text)
{
    if (*text != '\0') {
        printf("--- %s\n%s%s", label, text,
               g_str_has_suffix(text, "\n") ? "" : "\n");
    }
}

static guint
op_timeout_ms(const struct ha_model_op *op)
{
    const char *t = (op != NULL) ? ha_store_model_attrs_get(&op->meta,
                                                             "timeout")
                                 : NULL;
    guint64 ms = 0;

    if (t != NULL && ha_duration_parse_ms(t, &ms) == 0 && ms > 0
        && ms < G_MAXUINT) {
        return (guint) ms;
    }
    return DEBUG_TIMEOUT_MS;
}

/* The request hacd would send for @action of primitive @idx here. */
static ha_exec_request_t *
build_request(const ha_store_model_t *m, guint idx, const char *action,
              guint interval)
{
    const struct ha_model_rsc *rsc = &m->rscs[idx];
    const struct ha_model_op *op = find_op(rsc, action, interval);
    struct ha_model_rule_ctx ctx = { .now = g_get_real_time() / G_USEC_PER_SEC };
    guint timeout = op_timeout_ms(op);
    g_autofree char *timeout_s = g_strdup_printf("%u", timeout);
    g_autofree char *interval_s = g_strdup_printf("%u", interval);
    /* a recurring monitor runs once: the cluster's own one stays alone */
    ha_exec_request_t *req = ha_exec_request_new(rsc->id, rsc->klass,
                                                 rsc->provider, rsc->type,
                                                 action, 0, timeout);

    if (op != NULL) {
        add_params(req, &op->params, &ctx);
    }
    for (guint p = idx; p != HA_MODEL_NONE; p = m->rscs[p].parent) {
        add_params(req, &m->rscs[p].params, &ctx);
    }
    ha_exec_request_set_meta(req, "timeout", timeout_s);
    ha_exec_request_set_meta(req, "interval", interval_s);
    return req;
}

static void
print_json(const char *id, const char *action, guint interval,
           const char *node, const ha_exec_result_t *r, int expect)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "id");
    json_builder_add_string_value(b, id);
    json_builder_set_member_name(b, "action");
    json_builder_add_string_value(b, action);
    json_builder_set_member_name(b, "interval_ms");
    json_builder_add_int_value(b, interval);
    json_builder_set_member_name(b, "node");
    json_builder_add_string_value(b, node);
    json_builder_set_member_name(b, "rc");
    json_builder_add_int_value(b, r->ocf_rc);
    json_builder_set_member_name(b, "rc_name");
    json_builder_add_string_value(b, ha_ocf_rc_name(r->ocf_rc));
    json_builder_set_member_name(b, "expected_rc");
    json_builder_add_int_value(b, expect);
    json_builder_set_member_name(b, "status");
    json_builder_add_string_value(b, ha_exec_status_name(r->status));
    json_builder_set_member_name(b, "exit_reason");
    json_builder_add_string_value(b, r->exit_reason != NULL ? r->exit_reason
                                                            : "");
    json_builder_set_member_name(b, "duration_ms");
    json_builder_add_int_value(b, r->duration_ms);
    json_builder_set_member_name(b, "stdout");
    json_builder_add_string_value(b, r->out != NULL ? r->out : "");
    json_builder_set_member_name(b, "stderr");
    json_builder_add_string_value(b, r->err != NULL ? r->err : "");
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

/* The interval (--interval MS or a duration), 0 if none, -1 if bad. */
static gint64
interval_of(const struct hactl_args *a)
{
    const char *v = hactl_arg_value(a, "interval");
    guint64 ms = 0;

    if (v == NULL) {
        return 0;
    }
    if (ha_duration_parse_ms(v, &ms) < 0 || ms >= G_MAXUINT) {
        fprintf(stderr, "hactl: resource debug: bad interval '%s'\n", v);
        return -1;
    }
    return (gint64) ms;
}

/* "no primitive 'X'" and, when one is close, its id. */
static int
no_primitive(const ha_store_model_t *m, const char *id)
{
    g_autoptr(GPtrArray) ids = g_ptr_array_new();

    fprintf(stderr, "hactl: resource debug: no primitive '%s'\n", id);
    for (guint i = 0; i < m->n_rscs; i++) {
        if (m->rscs[i].kind == HA_RSC_PRIMITIVE) {
            g_ptr_array_add(ids, (char *) m->rscs[i].id);
        }
    }
    g_ptr_array_add(ids, NULL);
    hactl_say_did_you_mean(id, (const char *const *) ids->pdata);
    return HACTL_EXIT_NOT_FOUND;
}

int
hactl_resource_debug(const struct hactl_globals *g, const struct hactl_args *a)
{
    char **argv = a->argv;
    g_autoptr(ha_store_model_t) m = NULL;
    g_autoptr(ha_exec_request_t) req = NULL;
    g_autoptr(ha_exec_result_t) r = NULL;
    g_autofree char *error = NULL;
    g_autofree char *node = NULL;
    g_autofree char *node_id = NULL;
    xmlChar *mem = NULL;
    int len = 0;
    int code = 0;
    int rc;
    int expect = hactl_arg_flag(a, "expect-stopped") ? HA_OCF_NOT_RUNNING
                 : hactl_arg_flag(a, "expect-promoted")
                   ? HA_OCF_RUNNING_PROMOTED : HA_OCF_OK;
    gint64 wanted = interval_of(a);
    guint interval = (wanted > 0) ? (guint) wanted : 0;
    guint32 nodeid = 0;
    guint n_nodes = 0;
    xmlDoc *doc;
    guint idx;

    if (wanted < 0) {
        return HACTL_EXIT_USAGE;
    }
    doc = hactl_config_read(NULL, &code);
    if (doc == NULL) {
        return code;
    }
    xmlDocDumpMemory(doc, &mem, &len);
    xmlFreeDoc(doc);
    rc = ha_store_model_parse_memory((const char *) mem, (gsize) len, &m,
                                     &error);
    xmlFree(mem);
    if (rc < 0) {
        fprintf(stderr, "hactl: resource debug: %s\n", error);
        return HACTL_EXIT_INVALID;
    }
    idx = ha_store_model_rsc_find(m, argv[0]);
    if (idx == HA_MODEL_NONE || m->rscs[idx].kind != HA_RSC_PRIMITIVE) {
        return no_primitive(m, argv[0]);
    }
    code = local_node(&node, &nodeid, &n_nodes);
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    req = build_request(m, idx, argv[1], interval);
    node_id = g_strdup_printf("%u", nodeid);
    ha_exec_request_set_meta(req, "on_node", node);
    ha_exec_request_set_meta(req, "on_node_uuid", node_id);
    add_clone_meta(req, m, idx, n_nodes);
    r = hactl_execd_run(req, &rc);
    if (r == NULL) {
        fprintf(stderr, "hactl: resource debug: %s\n",
                rc == -HA_ENOTCONN ? "ha-execd is not running on this node "
                "('hactl agent test' runs an agent without it)"
                : rc == -HA_EPERM ? "ha-execd refused the connection (root "
                "only)" : ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    if (g->json) {
        print_json(argv[0], argv[1], interval, node, r, expect);
    } else {
        printf("%s %s%s%.0u%s on %s: rc=%d (%s), status %s, %u ms\n",
               argv[0], argv[1], interval > 0 ? " every " : "", interval,
               interval > 0 ? " ms" : "", node, r->ocf_rc,
               ha_ocf_rc_name(r->ocf_rc), ha_exec_status_name(r->status),
               r->duration_ms);
        if (r->exit_reason != NULL && *r->exit_reason != '\0') {
            printf("exit reason: %s\n", r->exit_reason);
        }
        print_output("stdout", r->out != NULL ? r->out : "");
        print_output("stderr", r->err != NULL ? r->err : "");
    }
    if (r->status != HA_EXEC_DONE || r->ocf_rc != expect) {
        fprintf(stderr, "hactl: resource debug: expected rc %d (%s)\n",
                expect, ha_ocf_rc_name(expect));
        return HACTL_EXIT_ERROR;
    }
    return HACTL_EXIT_OK;
}
