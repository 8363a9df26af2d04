/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/exec/exec_proto.c - ha-execd message bodies (pure). */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/results.h"
#include "exec/exec_proto.h"

const char *
ha_exec_proto_body_type(guint32 msg_id, gboolean from_server)
{
    switch (msg_id) {
    case HA_EXEC_MSG_EXEC:
        return from_server ? "(t)" : HA_EXEC_PROTO_EXEC_TYPE;
    case HA_EXEC_MSG_CANCEL:
        return from_server ? "()" : HA_EXEC_PROTO_CANCEL_TYPE;
    case HA_EXEC_MSG_STATE:
        return from_server ? HA_EXEC_PROTO_STATE_TYPE : "()";
    case HA_EXEC_MSG_METADATA:
        return from_server ? "(s)" : HA_EXEC_PROTO_METADATA_TYPE;
    case HA_EXEC_MSG_LIST:
        return from_server ? "(as)" : HA_EXEC_PROTO_LIST_TYPE;
    case HA_EXEC_MSG_STATS:
        return from_server ? HA_EXEC_PROTO_STATS_TYPE : "()";
    case HA_EXEC_MSG_RESULT:
        return from_server ? HA_EXEC_PROTO_RESULT_TYPE : NULL;
    default:
        return NULL;
    }
}

static GVariant *
table_encode(GHashTable *t)
{
    GVariantBuilder b;
    g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(t),
                                        (GCompareFunc) strcmp);

    g_variant_builder_init(&b, G_VARIANT_TYPE("a{ss}"));
    for (GList *l = keys; l != NULL; l = l->next) {
        g_variant_builder_add(&b, "{ss}", (const char *) l->data,
                              (const char *) g_hash_table_lookup(t, l->data));
    }
    return g_variant_builder_end(&b);
}

GVariant *
ha_exec_proto_exec_encode(const ha_exec_request_t *req)
{
    return g_variant_new("(sssssuu@a{ss}@a{ss})", req->rsc_id, req->rclass,
                         (req->provider != NULL) ? req->provider : "",
                         req->type, req->action, req->interval_ms,
                         req->timeout_ms, table_encode(req->params),
                         table_encode(req->meta));
}

int
ha_exec_proto_exec_decode(GVariant *body, ha_exec_request_t **ret_req)
{
    g_autoptr(ha_exec_request_t) req = NULL;
    g_autoptr(GVariantIter) params = NULL;
    g_autoptr(GVariantIter) meta = NULL;
    const char *rsc, *cls, *prov, *type, *action, *k, *v;
    guint32 interval, timeout;
    int rc;

    if (!g_variant_is_of_type(body, G_VARIANT_TYPE(HA_EXEC_PROTO_EXEC_TYPE))) {
        return -HA_EPROTO;
    }
    g_variant_get(body, "(&s&s&s&s&suua{ss}a{ss})", &rsc, &cls, &prov, &type,
                  &action, &interval, &timeout, &params, &meta);
    if ((g_variant_iter_n_children(params) + g_variant_iter_n_children(meta))
        > HA_EXEC_PARAMS_MAX) {
        return -HA_ETOOBIG;
    }
    req = ha_exec_request_new(rsc, cls, prov, type, action, interval, timeout);
    while (g_variant_iter_next(params, "{&s&s}", &k, &v)) {
        ha_exec_request_set_param(req, k, v);
    }
    while (g_variant_iter_next(meta, "{&s&s}", &k, &v)) {
        ha_exec_request_set_meta(req, k, v);
    }
    rc = ha_exec_request_validate(req);
    if (rc < 0) {
        return rc;
    }
    *ret_req = g_steal_pointer(&req);
    return 0;
}

/* Agent output may be anything: cut it and make it valid UTF-8. */
static char *
text_clean(const char *s, gsize max)
{
    gsize len = (s == NULL) ? 0 : strlen(s);

    if (len > max) {
        return g_utf8_make_valid(s + len - max, (gssize) max);
    }
    return g_utf8_make_valid((s == NULL) ? "" : s, (gssize) len);
}

static GVariant *
result_encode_cut(const ha_exec_result_t *r, gsize out_max, gsize err_max)
{
    g_autofree char *reason = text_clean(r->exit_reason, HA_EXEC_REASON_MAX);
    g_autofree char *out = NULL;
    g_autofree char *err = text_clean(r->err, err_max);

    /* stdout is kept from its head (meta-data), stderr from its tail */
    if ((r->out != NULL) && (strlen(r->out) > out_max)) {
        out = g_utf8_make_valid(r->out, (gssize) out_max);
    } else {
        out = text_clean(r->out, out_max);
    }
    return g_variant_new("(ssutuiisssxuuu)", r->rsc_id, r->action,
                         r->interval_ms, r->call_id, (guint32) r->status,
                         r->ocf_rc, r->exit_code, reason, out, err,
                         r->start_wall_us, r->duration_ms, r->queue_ms,
                         r->lateness_ms);
}

GVariant *
ha_exec_proto_result_encode(const ha_exec_result_t *r)
{
    return result_encode_cut(r, HA_EXEC_PROTO_OUT_MAX, HA_EXEC_PROTO_ERR_MAX);
}

int
ha_exec_proto_result_decode(GVariant *body, ha_exec_result_t **ret_result)
{
    ha_exec_result_t *r;
    const char *reason = NULL;
    guint32 status = 0;

    if (!g_variant_is_of_type(body, G_VARIANT_TYPE(HA_EXEC_PROTO_RESULT_TYPE))) {
        return -HA_EPROTO;
    }
    r = g_new0(ha_exec_result_t, 1);
    g_variant_get(body, "(ssutuii&sssxuuu)", &r->rsc_id, &r->action,
                  &r->interval_ms, &r->call_id, &status, &r->ocf_rc,
                  &r->exit_code, &reason, &r->out, &r->err, &r->start_wall_us,
                  &r->duration_ms, &r->queue_ms, &r->lateness_ms);
    r->exit_reason = (reason[0] != '\0') ? g_strdup(reason) : NULL;
    if (status >= HA_EXEC_STATUS_END) {
        ha_exec_result_free(r);
        return -HA_EPROTO;
    }
    r->status = (enum ha_exec_status) status;
    *ret_result = r;
    return 0;
}

static GVariant *
maybe_result(const ha_exec_result_t *r)
{
    return g_variant_new_maybe(G_VARIANT_TYPE(HA_EXEC_PROTO_RESULT_TYPE),
                               (r == NULL) ? NULL : result_encode_cut(r, 0, 0));
}

static void
state_add_rsc(const ha_exec_rsc_view_t *v, void *user_data)
{
    GVariantBuilder *b = user_data;
    GVariantBuilder mons;

    g_variant_builder_init(&mons, G_VARIANT_TYPE(
        "a(suutm" HA_EXEC_PROTO_RESULT_TYPE ")"));
    for (guint i = 0; i < v->n_monitors; i++) {
        const ha_exec_monitor_view_t *m = &v->monitors[i];

        g_variant_builder_add(&mons, "(suut@m" HA_EXEC_PROTO_RESULT_TYPE ")",
                              m->action, m->interval_ms, m->timeout_ms,
                              m->call_id, maybe_result(m->last));
    }
    g_variant_builder_add(b, "(ssss@m" HA_EXEC_PROTO_RESULT_TYPE
                          "@m" HA_EXEC_PROTO_RESULT_TYPE "sutu@a(suutm"
                          HA_EXEC_PROTO_RESULT_TYPE "))",
                          v->rsc_id, v->rclass,
                          (v->provider != NULL) ? v->provider : "", v->type,
                          maybe_result(v->last_op), maybe_result(v->last_failure),
                          (v->running_action != NULL) ? v->running_action : "",
                          v->running_interval_ms, v->running_call_id, v->queued,
                          g_variant_builder_end(&mons));
}

GVariant *
ha_exec_proto_state_encode(ha_exec_executor_t *ex)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE(HA_EXEC_PROTO_STATE_TYPE));
    ha_exec_executor_foreach(ex, state_add_rsc, &b);
    return g_variant_builder_end(&b);
}

static ha_exec_result_t *
maybe_decode(GVariant *m)
{
    g_autoptr(GVariant) inner = g_variant_get_maybe(m);
    ha_exec_result_t *r = NULL;

    if (inner != NULL) {
        (void) ha_exec_proto_result_decode(inner, &r);
    }
    return r;
}

static void
monitor_free(gpointer p)
{
    ha_exec_proto_monitor_t *m = p;

    g_free(m->action);
    ha_exec_result_free(m->last);
    g_free(m);
}

static void
rsc_state_free(gpointer p)
{
    ha_exec_proto_rsc_t *s = p;

    g_free(s->rsc_id);
    g_free(s->rclass);
    g_free(s->provider);
    g_free(s->type);
    ha_exec_result_free(s->last_op);
    ha_exec_result_free(s->last_failure);
    g_free(s->running_action);
    g_ptr_array_unref(s->monitors);
    g_free(s);
}

static ha_exec_proto_rsc_t *
rsc_state_decode(GVariant *item)
{
    ha_exec_proto_rsc_t *s = g_new0(ha_exec_proto_rsc_t, 1);
    g_autoptr(GVariant) last_op = NULL;
    g_autoptr(GVariant) last_fail = NULL;
    g_autoptr(GVariant) mons = NULL;
    GVariantIter it;
    GVariant *m;

    g_variant_get(item, "(ssss@m" HA_EXEC_PROTO_RESULT_TYPE "@m"
                  HA_EXEC_PROTO_RESULT_TYPE "sutu@a(suutm"
                  HA_EXEC_PROTO_RESULT_TYPE "))", &s->rsc_id, &s->rclass,
                  &s->provider, &s->type, &last_op, &last_fail,
                  &s->running_action, &s->running_interval_ms,
                  &s->running_call_id, &s->queued, &mons);
    if (s->provider[0] == '\0') {
        g_clear_pointer(&s->provider, g_free);
    }
    if (s->running_action[0] == '\0') {
        g_clear_pointer(&s->running_action, g_free);
    }
    s->last_op = maybe_decode(last_op);
    s->last_failure = maybe_decode(last_fail);
    s->monitors = g_ptr_array_new_with_free_func(monitor_free);
    g_variant_iter_init(&it, mons);
    while ((m = g_variant_iter_next_value(&it)) != NULL) {
        ha_exec_proto_monitor_t *mon = g_new0(ha_exec_proto_monitor_t, 1);
        g_autoptr(GVariant) last = NULL;

        g_variant_get(m, "(suut@m" HA_EXEC_PROTO_RESULT_TYPE ")", &mon->action,
                      &mon->interval_ms, &mon->timeout_ms, &mon->call_id, &last);
        mon->last = maybe_decode(last);
        g_ptr_array_add(s->monitors, mon);
        g_variant_unref(m);
    }
    return s;
}

int
ha_exec_proto_state_decode(GVariant *body, GPtrArray **ret_rscs)
{
    g_autoptr(GPtrArray) rscs = NULL;
    GVariantIter it;
    GVariant *item;

    if (!g_variant_is_of_type(body, G_VARIANT_TYPE(HA_EXEC_PROTO_STATE_TYPE))) {
        return -HA_EPROTO;
    }
    rscs = g_ptr_array_new_with_free_func(rsc_state_free);
    g_variant_iter_init(&it, body);
    while ((item = g_variant_iter_next_value(&it)) != NULL) {
        g_ptr_array_add(rscs, rsc_state_decode(item));
        g_variant_unref(item);
    }
    *ret_rscs = g_steal_pointer(&rscs);
    return 0;
}

GVariant *
ha_exec_proto_cancel_encode(const char *rsc_id, const char *action,
                            guint interval_ms)
{
    return g_variant_new("(ssu)", rsc_id, action, interval_ms);
}
