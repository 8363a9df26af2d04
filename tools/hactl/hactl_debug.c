/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_debug.c - `hactl resource debug ID ACTION`: run one
 * action of a configured resource here, now, with the parameters and meta
 * data the cluster would give it (lib/exec builds the same environment as
 * ha-execd), and print what the agent did: rc, exit reason, duration and
 * its output.  For agent authors and for "why does this fail?".
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "exec/exec_action.h"
#include "exec/exec_result.h"
#include "store/store_model.h"
#include "hactl.h"
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

static int
debug_usage(void)
{
    fprintf(stderr, "Usage: hactl resource debug ID ACTION [--interval MS] "
            "[--expect-stopped|--expect-promoted]\n"
            "Runs ACTION (start, stop, monitor, ...) of resource ID on this "
            "node now.\nExample: hactl resource debug www monitor\n");
    return HACTL_EXIT_USAGE;
}

int
hactl_resource_debug(int argc, char **argv)
{
    g_autoptr(ha_store_model_t) m = NULL;
    g_autoptr(ha_exec_request_t) req = NULL;
    g_autoptr(ha_exec_result_t) r = NULL;
    g_autofree char *error = NULL;
    xmlChar *mem = NULL;
    int len = 0;
    int code = 0;
    int rc;
    int expect = 0;
    guint interval = 0;
    guint timeout = DEBUG_TIMEOUT_MS;
    guint64 ms = 0;
    const struct ha_model_rsc *rsc;
    const struct ha_model_op *op;
    struct ha_model_rule_ctx ctx = { .now = g_get_real_time() / G_USEC_PER_SEC };
    xmlDoc *doc;
    guint idx;
    g_autofree char *timeout_s = NULL;
    g_autofree char *interval_s = NULL;

    if (argc < 2) {
        return debug_usage();
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--interval") == 0 && i + 1 < argc) {
            interval = (guint) g_ascii_strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "--expect-stopped") == 0) {
            expect = 7;
        } else if (strcmp(argv[i], "--expect-promoted") == 0) {
            expect = 8;
        } else {
            return debug_usage();
        }
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
        fprintf(stderr, "hactl: resource debug: no primitive '%s'\n", argv[0]);
        return HACTL_EXIT_NOT_FOUND;
    }
    rsc = &m->rscs[idx];
    op = find_op(rsc, argv[1], interval);
    if (op != NULL && ha_store_model_attrs_get(&op->meta, "timeout") != NULL
        && ha_duration_parse_ms(ha_store_model_attrs_get(&op->meta, "timeout"),
                                &ms) == 0 && ms > 0 && ms < G_MAXUINT) {
        timeout = (guint) ms;
    }
    req = ha_exec_request_new(rsc->id, rsc->klass, rsc->provider, rsc->type,
                              argv[1], interval, timeout);
    if (op != NULL) {
        add_params(req, &op->params, &ctx);
    }
    for (guint p = idx; p != HA_MODEL_NONE; p = m->rscs[p].parent) {
        add_params(req, &m->rscs[p].params, &ctx);
    }
    timeout_s = g_strdup_printf("%u", timeout);
    interval_s = g_strdup_printf("%u", interval);
    ha_exec_request_set_meta(req, "timeout", timeout_s);
    ha_exec_request_set_meta(req, "interval", interval_s);
    ha_exec_request_set_meta(req, "on_node", g_get_host_name());
    if (strcmp(argv[1], "monitor") == 0 && interval == 0 && expect == 0) {
        expect = -1;    /* a probe: running or not, both are answers */
    }
    r = hactl_exec_run_sync(req, &rc);
    if (r == NULL) {
        fprintf(stderr, "hactl: resource debug: could not run the agent: %s\n",
                ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    printf("%s %s%s%.0u: rc=%d (%s), status %s, %u ms\n", rsc->id, argv[1],
           interval > 0 ? " every " : "", interval, r->ocf_rc,
           ha_ocf_rc_name(r->ocf_rc), ha_exec_status_name(r->status),
           r->duration_ms);
    if (r->exit_reason != NULL) {
        printf("exit reason: %s\n", r->exit_reason);
    }
    if (*r->out != '\0') {
        printf("--- stdout\n%s%s", r->out,
               g_str_has_suffix(r->out, "\n") ? "" : "\n");
    }
    if (*r->err != '\0') {
        printf("--- stderr\n%s%s", r->err,
               g_str_has_suffix(r->err, "\n") ? "" : "\n");
    }
    if (r->status != HA_EXEC_DONE) {
        return HACTL_EXIT_ERROR;
    }
    if (expect == -1) {
        return (r->ocf_rc == 0 || r->ocf_rc == 7 || r->ocf_rc == 8)
               ? HACTL_EXIT_OK : HACTL_EXIT_ERROR;
    }
    return (r->ocf_rc == expect || (strcmp(argv[1], "stop") == 0
                                    && r->ocf_rc == 7))
           ? HACTL_EXIT_OK : HACTL_EXIT_ERROR;
}
