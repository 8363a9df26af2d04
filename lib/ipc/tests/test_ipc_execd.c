/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* The executor's transport: envelopes, and a server and client in one loop. */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/results.h"
#include "ipc/ipc_execd.h"

static const char *
test_type(uint32_t msg_id, gboolean from_server)
{
    switch (msg_id) {
    case 1: return from_server ? "(t)" : "(su)";
    case 9: return from_server ? "(s)" : NULL;
    default: return NULL;
    }
}

static void
request_roundtrip(void)
{
    g_autoptr(GBytes) b = ha_ipc_execd_request_encode(42, g_variant_new("(su)", "x", 7));
    g_autoptr(GVariant) body = NULL;
    gsize len = 0;
    const void *data = g_bytes_get_data(b, &len);
    guint64 seq = 0;

    g_assert_cmpint(ha_ipc_execd_request_decode(data, len, "(su)", &seq, &body), ==, 0);
    g_assert_cmpuint(seq, ==, 42);
    g_assert_true(g_variant_is_of_type(body, G_VARIANT_TYPE("(su)")));
}

static void
request_wrong_type_or_version(void)
{
    g_autoptr(GBytes) b = ha_ipc_execd_request_encode(1, g_variant_new("(s)", "x"));
    g_autoptr(GVariant) env = g_variant_ref_sink(
        g_variant_new("(utv)", (guint32) 99, (guint64) 1, g_variant_new("(su)", "x", 1)));
    g_autoptr(GBytes) b2 = g_variant_get_data_as_bytes(env);
    GVariant *body = NULL;
    gsize len = 0;
    const void *data = g_bytes_get_data(b, &len);
    guint64 seq = 0;

    g_assert_cmpint(ha_ipc_execd_request_decode(data, len, "(su)", &seq, &body), ==,
                    -HA_EPROTO);
    g_assert_cmpint(ha_ipc_execd_request_decode(data, len, NULL, &seq, &body), ==,
                    -HA_EPROTO);
    data = g_bytes_get_data(b2, &len);
    g_assert_cmpint(ha_ipc_execd_request_decode(data, len, "(su)", &seq, &body), ==,
                    -HA_EPROTO);
    g_assert_null(body);
}

static void
request_garbage_and_size(void)
{
    guint8 junk[64];
    GVariant *body = NULL;
    guint64 seq = 0;
    g_autofree guint8 *huge = g_malloc0(HA_IPC_EXECD_MAX_MSG + 1);

    for (gsize i = 0; i < sizeof(junk); i++) {
        junk[i] = (guint8) (i * 37 + 11);
    }
    g_assert_cmpint(ha_ipc_execd_request_decode(junk, sizeof(junk), "(su)", &seq,
                                                &body), ==, -HA_EPROTO);
    g_assert_cmpint(ha_ipc_execd_request_decode(huge, HA_IPC_EXECD_MAX_MSG + 1,
                                                "(su)", &seq, &body), ==,
                    -HA_ETOOBIG);
    g_assert_cmpint(ha_ipc_execd_request_decode(junk, 0, "(su)", &seq, &body), ==,
                    -HA_EPROTO);
}

static void
reply_error_has_empty_body(void)
{
    g_autoptr(GBytes) b = ha_ipc_execd_reply_encode(5, -ENOENT, NULL);
    g_autoptr(GVariant) body = NULL;
    gsize len = 0;
    const void *data = g_bytes_get_data(b, &len);
    guint64 seq = 0;
    int rc = 0;

    g_assert_cmpint(ha_ipc_execd_reply_decode(data, len, "(t)", &seq, &rc, &body),
                    ==, 0);
    g_assert_cmpint(rc, ==, -ENOENT);
    g_assert_cmpuint(seq, ==, 5);
}

/* ---- live server and client ---- */

struct live {
    ha_ipc_execd_server_t *server;
    ha_ipc_execd_client_t *client;
    guint requests;
    guint replies;
    guint events;
    guint64 last_seq;
    gboolean closed;
    gboolean disconnected;
};

static void
srv_request(ha_ipc_execd_conn_t *conn, uint32_t msg_id, guint64 seq,
            GVariant *body, void *user_data)
{
    struct live *l = user_data;
    const char *s = NULL;
    guint32 u = 0;

    l->requests++;
    g_variant_get(body, "(&su)", &s, &u);
    ha_ipc_execd_conn_send(conn, msg_id, seq, 0, g_variant_new("(t)", (guint64) u * 2));
    ha_ipc_execd_server_broadcast(l->server, 9, g_variant_new("(s)", s));
}

static void
srv_closed(ha_ipc_execd_conn_t *conn, void *user_data)
{
    ((struct live *) user_data)->closed = TRUE;
}

static const struct ha_ipc_execd_server_ops srv_ops = {
    test_type, srv_request, srv_closed,
};

static void
cli_message(ha_ipc_execd_client_t *client, uint32_t msg_id, guint64 seq,
            int rc, GVariant *body, void *user_data)
{
    struct live *l = user_data;

    if (seq == 0) {
        g_assert_cmpuint(msg_id, ==, 9);
        l->events++;
        return;
    }
    g_assert_cmpint(rc, ==, 0);
    l->replies++;
    l->last_seq = seq;
}

static void
cli_disconnected(ha_ipc_execd_client_t *client, void *user_data)
{
    ((struct live *) user_data)->disconnected = TRUE;
}

static const struct ha_ipc_execd_client_ops cli_ops = {
    test_type, cli_message, cli_disconnected,
};

static void
spin(gboolean (*done)(struct live *), struct live *l)
{
    gint64 end = g_get_monotonic_time() + 5 * G_USEC_PER_SEC;

    while (!done(l) && (g_get_monotonic_time() < end)) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(500);
    }
}

static gboolean
got_all(struct live *l)
{
    return (l->replies == 50) && (l->events == 50);
}

static gboolean
got_disconnected(struct live *l)
{
    return l->disconnected;
}

/* libqb's connect is synchronous: the server lives in a child process. */
static pid_t
server_child(const char *name)
{
    pid_t pid = fork();

    g_assert_cmpint(pid, !=, -1);
    if (pid == 0) {
        struct live l = { 0 };
        uid_t uid = getuid();
        gint64 end = g_get_monotonic_time() + 20 * G_USEC_PER_SEC;

        if (ha_ipc_execd_server_new(name, &uid, 1, &srv_ops, &l, &l.server) < 0) {
            _exit(1);
        }
        while (g_get_monotonic_time() < end) {
            g_main_context_iteration(NULL, TRUE);
        }
        _exit(0);
    }
    return pid;
}

static void
live_roundtrip(void)
{
    g_autofree char *name = g_strdup_printf("ha-execd-test-%d", (int) getpid());
    struct live l = { 0 };
    guint64 seq = 0;
    pid_t pid = server_child(name);
    int rc = -1;

    for (int i = 0; (i < 200) && (rc < 0); i++) {
        rc = ha_ipc_execd_client_connect(name, &cli_ops, &l, &l.client);
        if (rc < 0) {
            g_usleep(10000);
        }
    }
    g_assert_cmpint(rc, ==, 0);
    for (int i = 0; i < 50; i++) {
        g_assert_cmpint(ha_ipc_execd_client_send(l.client, 1,
                                                 g_variant_new("(su)", "hi", i),
                                                 &seq), ==, 0);
    }
    /* a request the server does not know is dropped, not answered */
    g_assert_cmpint(ha_ipc_execd_client_send(l.client, 77, g_variant_new("()"),
                                             NULL), ==, 0);
    spin(got_all, &l);
    g_assert_cmpuint(l.replies, ==, 50);
    g_assert_cmpuint(l.events, ==, 50);
    g_assert_cmpuint(l.last_seq, ==, seq);

    /* the client learns when the server goes away */
    (void) kill(pid, SIGKILL);
    (void) waitpid(pid, NULL, 0);
    spin(got_disconnected, &l);
    g_assert_true(l.disconnected);
    g_assert_cmpint(ha_ipc_execd_client_send(l.client, 1,
                                             g_variant_new("(su)", "x", 1), NULL),
                    ==, -HA_ENOTCONN);
    ha_ipc_execd_client_free(l.client);
}

static void
connect_without_server(void)
{
    ha_ipc_execd_client_t *c = NULL;

    g_assert_cmpint(ha_ipc_execd_client_connect("ha-execd-nobody-serves-this",
                                                &cli_ops, NULL, &c), ==,
                    -HA_ENOTCONN);
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ipc/execd/request-roundtrip", request_roundtrip);
    g_test_add_func("/ipc/execd/request-wrong-type-version",
                    request_wrong_type_or_version);
    g_test_add_func("/ipc/execd/request-garbage-size", request_garbage_and_size);
    g_test_add_func("/ipc/execd/reply-error-empty-body", reply_error_has_empty_body);
    g_test_add_func("/ipc/execd/live-roundtrip", live_roundtrip);
    g_test_add_func("/ipc/execd/connect-without-server", connect_without_server);
    return g_test_run();
}
