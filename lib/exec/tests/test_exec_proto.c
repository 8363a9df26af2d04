/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* ha-execd message bodies: round trips and refusals. */
#include "config.h"

#include <errno.h>

#include "common/results.h"
#include "exec/exec_proto.h"

static void
exec_roundtrip(void)
{
    g_autoptr(ha_exec_request_t) req =
        ha_exec_request_new("vip", "ocf", "heartbeat", "IPaddr2", "monitor",
                            10000, 20000);
    g_autoptr(ha_exec_request_t) back = NULL;
    g_autoptr(GVariant) v = NULL;

    ha_exec_request_set_param(req, "ip", "10.0.0.1");
    ha_exec_request_set_meta(req, "clone-max", "2");
    v = g_variant_ref_sink(ha_exec_proto_exec_encode(req));
    g_assert_true(g_variant_is_of_type(v, G_VARIANT_TYPE(
        ha_exec_proto_body_type(HA_EXEC_MSG_EXEC, FALSE))));
    g_assert_cmpint(ha_exec_proto_exec_decode(v, &back), ==, 0);
    g_assert_cmpstr(back->rsc_id, ==, "vip");
    g_assert_cmpstr(back->provider, ==, "heartbeat");
    g_assert_cmpuint(back->interval_ms, ==, 10000);
    g_assert_cmpuint(back->timeout_ms, ==, 20000);
    g_assert_cmpstr(g_hash_table_lookup(back->params, "ip"), ==, "10.0.0.1");
    g_assert_cmpstr(g_hash_table_lookup(back->meta, "clone_max"), ==, "2");
}

static void
exec_refusals(void)
{
    g_autoptr(GVariant) wrong = g_variant_ref_sink(g_variant_new("(s)", "x"));
    g_autoptr(ha_exec_request_t) bad =
        ha_exec_request_new("r", "ocf", "heartbeat", "../x", "start", 0, 1);
    g_autoptr(GVariant) badv = g_variant_ref_sink(ha_exec_proto_exec_encode(bad));
    g_autoptr(ha_exec_request_t) nop =
        ha_exec_request_new("r", "ocf", "", "Dummy", "start", 0, 1);
    g_autoptr(GVariant) nopv = g_variant_ref_sink(ha_exec_proto_exec_encode(nop));
    ha_exec_request_t *out = NULL;

    g_assert_cmpint(ha_exec_proto_exec_decode(wrong, &out), ==, -HA_EPROTO);
    g_assert_cmpint(ha_exec_proto_exec_decode(badv, &out), ==, -EINVAL);
    g_assert_cmpint(ha_exec_proto_exec_decode(nopv, &out), ==, -EINVAL);
    g_assert_null(out);
}

static void
result_roundtrip_cleans_output(void)
{
    ha_exec_result_t r = { 0 };
    g_autoptr(ha_exec_result_t) back = NULL;
    g_autoptr(GVariant) v = NULL;
    g_autofree char *big = g_strnfill(HA_EXEC_PROTO_OUT_MAX + 100, 'o');

    r.rsc_id = "d1";
    r.action = "start";
    r.call_id = 9;
    r.status = HA_EXEC_TIMEOUT;
    r.ocf_rc = 1;
    r.exit_code = -1;
    r.exit_reason = "slow";
    r.out = big;
    r.err = "bad \xff\xfe bytes";
    r.duration_ms = 1234;
    v = g_variant_ref_sink(ha_exec_proto_result_encode(&r));
    g_assert_cmpint(ha_exec_proto_result_decode(v, &back), ==, 0);
    g_assert_cmpstr(back->rsc_id, ==, "d1");
    g_assert_cmpuint(back->call_id, ==, 9);
    g_assert_cmpint(back->status, ==, HA_EXEC_TIMEOUT);
    g_assert_cmpstr(back->exit_reason, ==, "slow");
    g_assert_cmpuint(strlen(back->out), ==, HA_EXEC_PROTO_OUT_MAX);
    g_assert_true(g_utf8_validate(back->err, -1, NULL));
    g_assert_cmpuint(back->duration_ms, ==, 1234);
}

static void
result_bad_status_refused(void)
{
    g_autoptr(GVariant) v = g_variant_ref_sink(
        g_variant_new("(ssutuiisssxuuu)", "r", "start", 0, (guint64) 1, 999,
                      0, 0, "", "", "", (gint64) 0, 0, 0, 0));
    ha_exec_result_t *out = NULL;

    g_assert_cmpint(ha_exec_proto_result_decode(v, &out), ==, -HA_EPROTO);
    g_assert_null(out);
}

static void
ignore_result(const ha_exec_result_t *r, void *user_data)
{
}

static void
state_roundtrip_empty(void)
{
    static const struct ha_exec_paths paths = { "/nonexistent", "/nonexistent",
                                                "/nonexistent", "/tmp", "n" };
    g_autoptr(ha_exec_executor_t) ex = NULL;
    g_autoptr(GVariant) v = NULL;
    g_autoptr(GPtrArray) rscs = NULL;

    ex = ha_exec_executor_new(&paths, ignore_result, NULL);
    v = g_variant_ref_sink(ha_exec_proto_state_encode(ex));
    g_assert_cmpint(ha_exec_proto_state_decode(v, &rscs), ==, 0);
    g_assert_cmpuint(rscs->len, ==, 0);
}

static void
body_types_known(void)
{
    static const guint32 ids[] = { HA_EXEC_MSG_EXEC, HA_EXEC_MSG_CANCEL,
                                   HA_EXEC_MSG_STATE, HA_EXEC_MSG_METADATA,
                                   HA_EXEC_MSG_LIST, HA_EXEC_MSG_STATS };

    for (gsize i = 0; i < G_N_ELEMENTS(ids); i++) {
        g_assert_true(g_variant_type_string_is_valid(
            ha_exec_proto_body_type(ids[i], FALSE)));
        g_assert_true(g_variant_type_string_is_valid(
            ha_exec_proto_body_type(ids[i], TRUE)));
    }
    g_assert_null(ha_exec_proto_body_type(HA_EXEC_MSG_RESULT, FALSE));
    g_assert_null(ha_exec_proto_body_type(4242, TRUE));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/exec/proto/exec-roundtrip", exec_roundtrip);
    g_test_add_func("/exec/proto/exec-refusals", exec_refusals);
    g_test_add_func("/exec/proto/result-roundtrip", result_roundtrip_cleans_output);
    g_test_add_func("/exec/proto/result-bad-status", result_bad_status_refused);
    g_test_add_func("/exec/proto/state-empty", state_roundtrip_empty);
    g_test_add_func("/exec/proto/body-types", body_types_known);
    return g_test_run();
}
