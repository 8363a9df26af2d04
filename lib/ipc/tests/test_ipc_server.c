/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/tests/test_ipc_server.c - a real libqb server in a child process
 * and clients in the test: dispatch table, replies later, timeouts, the
 * "daemon not running" error, authorisation by uid/gid on connect,
 * messages larger than a connection's buffer (in parts), forged parts,
 * and a pending request released when its client goes away.
 */
#include "config.h"

#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <qb/qbipcc.h>

#include "common/results.h"
#include "ipc/ipc.h"

enum {
    MSG_ECHO = 1, MSG_LATER = 2, MSG_NEVER = 3, MSG_BIG = 4, MSG_HOLD = 5,
    MSG_HELD = 6,
};

static char *server_name;
static pid_t server_pid;
static GPtrArray *never_answered;
static GPtrArray *held;             /* MSG_HOLD requests still held */
static guint cancelled;             /* MSG_HOLD requests whose client left */

static void
h_echo(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    const char *s = NULL;

    g_variant_get(body, "(&s)", &s);
    ha_ipc_request_reply(req, 0, g_variant_new("(s)", s));
}

static gboolean
later_cb(gpointer data)
{
    ha_ipc_request_reply(data, -HA_ENOQUORUM, NULL);
    return G_SOURCE_REMOVE;
}

static void
h_later(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    g_timeout_add(50, later_cb, req);
}

static void
h_never(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    g_ptr_array_add(never_answered, req);
}

/* (size) -> (a string of that many 'x') */
static void
h_big(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    guint32 size = 0;
    g_autofree char *s = NULL;

    g_variant_get(body, "(u)", &size);
    s = g_malloc(size + 1);
    memset(s, 'x', size);
    s[size] = '\0';
    ha_ipc_request_reply(req, 0, g_variant_new("(s)", s));
}

static void
hold_cancel(ha_ipc_request_t *req, void *data)
{
    g_assert_true(g_ptr_array_remove(held, req));
    cancelled++;
    ha_ipc_request_reply(req, -HA_ENOTCONN, NULL);
}

/* held until its client goes away */
static void
h_hold(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    g_ptr_array_add(held, req);
    ha_ipc_request_set_cancel(req, hold_cancel, NULL);
}

/* () -> (held now, cancelled so far) */
static void
h_held(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    ha_ipc_request_reply(req, 0, g_variant_new("(uu)", held->len, cancelled));
}

static const struct ha_ipc_handler table[] = {
    { MSG_BIG, "(u)", HA_IPC_PRIV_READ, h_big },
    { MSG_HOLD, "()", HA_IPC_PRIV_READ, h_hold },
    { MSG_HELD, "()", HA_IPC_PRIV_READ, h_held },
    { MSG_ECHO, "(s)", HA_IPC_PRIV_READ, h_echo },
    { MSG_LATER, "()", HA_IPC_PRIV_WRITE, h_later },
    { MSG_NEVER, "()", HA_IPC_PRIV_READ, h_never },
};

static gid_t
client_gid(void)
{
    struct group *g = getgrnam(HA_GROUP);

    return (g != NULL) ? g->gr_gid : 65534;
}

static void
run_server(const char *name, int ready_fd)
{
    struct ha_ipc_auth auth = { 0, client_gid() };
    ha_ipc_server_t *srv = NULL;
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    char c = 'r';

    never_answered = g_ptr_array_new();
    held = g_ptr_array_new();
    if (ha_ipc_server_new(name, table, G_N_ELEMENTS(table), &auth,
                          NULL, &srv) < 0) {
        _exit(3);
    }
    ha_ipc_server_set_part_limits(srv, 2000, 8 * 1024 * 1024);
    (void) write(ready_fd, &c, 1);
    close(ready_fd);
    g_main_loop_run(loop);
    _exit(0);
}

static void
start_server(void)
{
    int fds[2];
    char c;

    server_name = g_strdup_printf("ha-test-ipc-%d", (int) getpid());
    g_assert_cmpint(pipe(fds), ==, 0);
    server_pid = fork();
    g_assert_cmpint(server_pid, >=, 0);
    if (server_pid == 0) {
        /* never outlive a test that failed */
        (void) prctl(PR_SET_PDEATHSIG, SIGTERM);
        close(fds[0]);
        run_server(server_name, fds[1]);
    }
    close(fds[1]);
    g_assert_cmpint(read(fds[0], &c, 1), ==, 1);
    close(fds[0]);
}

static void
stop_server(void)
{
    int status = 0;

    kill(server_pid, SIGTERM);
    waitpid(server_pid, &status, 0);
    g_free(server_name);
}

static void
echo_and_later(void)
{
    g_autoptr(ha_ipc_client_t) c = NULL;
    g_autoptr(GVariant) reply = NULL;
    const char *s = NULL;

    g_assert_cmpint(ha_ipc_client_connect(server_name, &c), ==, 0);
    g_assert_cmpint(ha_ipc_client_call(c, MSG_ECHO, g_variant_new("(s)", "hi"),
                                       "(s)", 2000, &reply), ==, 0);
    g_variant_get(reply, "(&s)", &s);
    g_assert_cmpstr(s, ==, "hi");
    /* a reply sent later from the main loop, carrying an error */
    g_assert_cmpint(ha_ipc_client_call(c, MSG_LATER, g_variant_new("()"), "()",
                                       2000, NULL), ==, -HA_ENOQUORUM);
    /* the connection still works after an error */
    g_clear_pointer(&reply, g_variant_unref);
    g_assert_cmpint(ha_ipc_client_call(c, MSG_ECHO, g_variant_new("(s)", "x"),
                                       "(s)", 2000, &reply), ==, 0);
}

static void
bad_requests_get_errors(void)
{
    g_autoptr(ha_ipc_client_t) c = NULL;

    g_assert_cmpint(ha_ipc_client_connect(server_name, &c), ==, 0);
    /* unknown message id */
    g_assert_cmpint(ha_ipc_client_call(c, 77, g_variant_new("()"), "()", 2000,
                                       NULL), ==, -HA_EPROTO);
    /* body of the wrong type */
    g_assert_cmpint(ha_ipc_client_call(c, MSG_ECHO, g_variant_new("(u)", 1),
                                       "(s)", 2000, NULL), ==, -HA_EPROTO);
}

static void
timeout_is_reported(void)
{
    g_autoptr(ha_ipc_client_t) c = NULL;
    gint64 t0 = g_get_monotonic_time();

    g_assert_cmpint(ha_ipc_client_connect(server_name, &c), ==, 0);
    g_assert_cmpint(ha_ipc_client_call(c, MSG_NEVER, g_variant_new("()"), "()",
                                       300, NULL), ==, -HA_ETIMEDOUT);
    g_assert_cmpint(g_get_monotonic_time() - t0, <, 5 * G_USEC_PER_SEC);
}

static void
big_reply(ha_ipc_client_t *c, guint32 size)
{
    g_autoptr(GVariant) reply = NULL;
    const char *text = NULL;

    g_assert_cmpint(ha_ipc_client_call(c, MSG_BIG, g_variant_new("(u)", size),
                                       "(s)", 60000, &reply), ==, 0);
    g_variant_get(reply, "(&s)", &text);
    g_assert_cmpuint(strlen(text), ==, size);
    g_assert_true(text[0] == 'x' && text[size - 1] == 'x');
}

static void
large_messages_in_parts(void)
{
    g_autoptr(ha_ipc_client_t) c = NULL;
    g_autoptr(ha_ipc_client_t) big = NULL;
    g_autoptr(GVariant) reply = NULL;
    gsize n = 2 * 1024 * 1024 + 17;
    g_autofree char *s = g_malloc(n + 1);
    g_autofree char *huge = g_malloc0(HA_IPC_MAX_MSG + 1);
    const char *back = NULL;

    g_assert_cmpint(ha_ipc_client_connect(server_name, &c), ==, 0);
    /* replies over the small buffer, and one just at its edge */
    big_reply(c, 1024 * 1024);
    big_reply(c, 3 * 1024 * 1024 + 3);
    big_reply(c, HA_IPC_BUF_SIZE - 40);
    /* a request in parts, its reply in parts, on the same connection */
    memset(s, 'y', n);
    s[n] = '\0';
    s[n / 2] = 'z';
    g_assert_cmpint(ha_ipc_client_call(c, MSG_ECHO, g_variant_new("(s)", s),
                                       "(s)", 60000, &reply), ==, 0);
    g_variant_get(reply, "(&s)", &back);
    g_assert_cmpstr(back, ==, s);
    /* over the limit: refused before anything is sent */
    memset(huge, 'h', HA_IPC_MAX_MSG);
    g_assert_cmpint(ha_ipc_client_call(c, MSG_ECHO,
                                       g_variant_new("(s)", huge), "(s)",
                                       10000, NULL), ==, -HA_ETOOBIG);
    big_reply(c, 10);
    /* a client may not ask for big buffers (they cost shared memory) */
    g_assert_cmpint(ha_ipc_client_connect_size(server_name, 8 * 1024 * 1024,
                                               &big), ==, -HA_ETOOBIG);
    g_assert_null(big);
}

/* One raw libqb exchange; returns the reply's libqb id, *ret_rc its rc
 * (the reply body, when the rc is 0, must be of @type). */
static uint32_t
raw_call_type(qb_ipcc_connection_t *q, uint32_t id, GVariant *body,
              const char *type, int *ret_rc)
{
    g_autoptr(GBytes) env = ha_ipc_request_encode(body);
    struct qb_ipc_request_header hdr = { 0 };
    struct qb_ipc_response_header rsp;
    g_autofree char *buf = g_malloc(HA_IPC_BUF_SIZE);
    struct iovec iov[2];
    gsize len = 0;
    const void *data = g_bytes_get_data(env, &len);
    ssize_t got;

    hdr.id = (int32_t) id;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    iov[0] = (struct iovec) { &hdr, sizeof(hdr) };
    iov[1] = (struct iovec) { (void *) data, len };
    got = qb_ipcc_sendv_recv(q, iov, 2, buf, HA_IPC_BUF_SIZE, 2000);
    g_assert_cmpint(got, >=, (ssize_t) sizeof(rsp));
    memcpy(&rsp, buf, sizeof(rsp));
    g_assert_cmpint(ha_ipc_reply_decode(buf + sizeof(rsp), got - sizeof(rsp),
                                        type, ret_rc, NULL), ==, 0);
    return (uint32_t) rsp.id;
}

static uint32_t
raw_call(qb_ipcc_connection_t *q, uint32_t id, GVariant *body, int *ret_rc)
{
    return raw_call_type(q, id, body, "()", ret_rc);
}

static void
forged_parts_get_errors(void)
{
    qb_ipcc_connection_t *q = qb_ipcc_connect(server_name, HA_IPC_BUF_SIZE);
    const char x[8] = "xxxxxxx";
    int rc = 0;

    g_assert_nonnull(q);
    /* an announced total over the limit */
    g_assert_cmpuint(raw_call(q, HA_IPC_MSG_PART, ha_ipc_part_new(
                                  MSG_ECHO, (gsize) HA_IPC_MAX_MSG + 1, 0, x,
                                  8), &rc), ==, HA_IPC_MSG_PART);
    g_assert_cmpint(rc, ==, -HA_ETOOBIG);
    /* a first part that is not at offset 0 */
    g_assert_cmpuint(raw_call(q, HA_IPC_MSG_PART, ha_ipc_part_new(
                                  MSG_ECHO, 100, 50, x, 8), &rc), ==,
                     HA_IPC_MSG_PART);
    g_assert_cmpint(rc, ==, -HA_EPROTO);
    /* parts of a message nobody handles */
    g_assert_cmpuint(raw_call(q, HA_IPC_MSG_PART, ha_ipc_part_new(
                                  77, 100, 0, x, 8), &rc), ==, HA_IPC_MSG_PART);
    g_assert_cmpint(rc, ==, -HA_EPROTO);
    /* the next part of a reply that is not there */
    g_assert_cmpuint(raw_call(q, HA_IPC_MSG_NEXT, g_variant_new(
                                  "(ut)", MSG_BIG, (guint64) 0), &rc), ==,
                     HA_IPC_MSG_PART);
    g_assert_cmpint(rc, ==, -HA_EPROTO);
    /* a part of the wrong type */
    g_assert_cmpuint(raw_call(q, HA_IPC_MSG_PART, g_variant_new("(s)", "x"),
                              &rc), ==, HA_IPC_MSG_PART);
    g_assert_cmpint(rc, ==, -HA_EPROTO);
    qb_ipcc_disconnect(q);
}

/* A client that stops pulling a reply in parts is disconnected (and the
 * reply dropped); the server goes on serving. */
static void
stalled_reader_is_dropped(void)
{
    qb_ipcc_connection_t *q = qb_ipcc_connect(server_name, HA_IPC_BUF_SIZE);
    g_autoptr(ha_ipc_client_t) c = NULL;
    g_autoptr(GBytes) env = ha_ipc_request_encode(
        g_variant_new("(u)", (guint32) (1024 * 1024)));
    g_autofree char *buf = g_malloc(HA_IPC_BUF_SIZE);
    struct qb_ipc_request_header hdr = { 0 };
    struct qb_ipc_response_header rsp;
    struct iovec iov[2];
    gsize len = 0;
    const void *data = g_bytes_get_data(env, &len);
    ssize_t got;

    g_assert_nonnull(q);
    hdr.id = MSG_BIG;
    hdr.size = (int32_t) (sizeof(hdr) + len);
    iov[0] = (struct iovec) { &hdr, sizeof(hdr) };
    iov[1] = (struct iovec) { (void *) data, len };
    got = qb_ipcc_sendv_recv(q, iov, 2, buf, HA_IPC_BUF_SIZE, 2000);
    g_assert_cmpint(got, >, (ssize_t) sizeof(rsp));
    memcpy(&rsp, buf, sizeof(rsp));
    g_assert_cmpuint((uint32_t) rsp.id, ==, HA_IPC_MSG_PART);
    /* the first part came; the client stalls past the idle limit */
    g_usleep(4000 * 1000);
    g_assert_false(qb_ipcc_is_connected(q));
    qb_ipcc_disconnect(q);
    g_assert_cmpint(ha_ipc_client_connect(server_name, &c), ==, 0);
    big_reply(c, 1024 * 1024);
}

/* All connections together hold at most the server's budget (8 MiB here)
 * for messages in parts; what a client leaves is released with it. */
static void
held_bytes_are_bounded(void)
{
    qb_ipcc_connection_t *q = qb_ipcc_connect(server_name, HA_IPC_BUF_SIZE);
    g_autoptr(ha_ipc_client_t) c = NULL;
    g_autoptr(GVariant) reply = NULL;
    const char x[8] = "xxxxxxx";
    int rc = 1;

    g_assert_nonnull(q);
    /* a request of 6 MiB announced, its first part sent: 6 MiB reserved */
    g_assert_cmpuint(raw_call_type(q, HA_IPC_MSG_PART, ha_ipc_part_new(
                                       MSG_ECHO, 6 * 1024 * 1024, 0, x, 8),
                                   HA_IPC_NEXT_TYPE, &rc), ==,
                     HA_IPC_MSG_NEXT);
    g_assert_cmpint(rc, ==, 0);
    g_assert_cmpint(ha_ipc_client_connect(server_name, &c), ==, 0);
    /* a reply of 3 MiB does not fit beside it: refused, try later */
    g_assert_cmpint(ha_ipc_client_call(c, MSG_BIG, g_variant_new(
                                           "(u)", (guint32) (3 << 20)),
                                       "(s)", 60000, NULL), ==, -EBUSY);
    /* small replies still go */
    big_reply(c, 10);
    /* the first client leaves: its reservation goes with it */
    qb_ipcc_disconnect(q);
    for (int i = 0; i < 100 && rc != 0; i++) {
        g_usleep(20 * 1000);
        g_clear_pointer(&reply, g_variant_unref);
        rc = ha_ipc_client_call(c, MSG_BIG, g_variant_new(
                                    "(u)", (guint32) (3 << 20)),
                                "(s)", 60000, &reply);
    }
    g_assert_cmpint(rc, ==, 0);
}

/* A request held for a client that disconnects is released at once. */
static void
pending_released_on_disconnect(void)
{
    g_autoptr(ha_ipc_client_t) c = NULL;
    g_autoptr(ha_ipc_client_t) gone = NULL;
    guint now_held = 1;
    guint cancels = 0;

    g_assert_cmpint(ha_ipc_client_connect(server_name, &gone), ==, 0);
    g_assert_cmpint(ha_ipc_client_call(gone, MSG_HOLD, g_variant_new("()"),
                                       "()", 100, NULL), ==, -HA_ETIMEDOUT);
    g_clear_pointer(&gone, ha_ipc_client_free);
    g_assert_cmpint(ha_ipc_client_connect(server_name, &c), ==, 0);
    for (int i = 0; i < 100 && now_held != 0; i++) {
        g_autoptr(GVariant) reply = NULL;

        g_usleep(20 * 1000);
        g_assert_cmpint(ha_ipc_client_call(c, MSG_HELD, g_variant_new("()"),
                                           "(uu)", 2000, &reply), ==, 0);
        g_variant_get(reply, "(uu)", &now_held, &cancels);
    }
    g_assert_cmpuint(now_held, ==, 0);
    g_assert_cmpuint(cancels, ==, 1);
}

static void
no_server_is_enotconn(void)
{
    g_autoptr(ha_ipc_client_t) c = NULL;

    g_assert_cmpint(ha_ipc_client_connect("ha-test-nobody-serves-this", &c),
                    ==, -HA_ENOTCONN);
    g_assert_null(c);
}

/* Connect as another user in a child; exit code = 10 + (-rc) % 200. */
static int
connect_as(uid_t uid, gid_t gid)
{
    pid_t pid = fork();
    int status = 0;

    if (pid == 0) {
        ha_ipc_client_t *c = NULL;
        GVariant *reply = NULL;
        int rc;

        if (setgroups(0, NULL) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
            _exit(2);
        }
        rc = ha_ipc_client_connect(server_name, &c);
        if (rc == 0) {
            rc = ha_ipc_client_call(c, MSG_ECHO, g_variant_new("(s)", "u"),
                                    "(s)", 2000, &reply);
        }
        _exit(rc == 0 ? 0 : (rc == -HA_EPERM ? 1 : 3));
    }
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

static void
auth_by_group(void)
{
    /* getpw* share one static buffer: copy what we need at once */
    struct passwd *pw = getpwnam("nobody");
    uid_t nobody_uid = (pw != NULL) ? pw->pw_uid : 0;
    gid_t nobody_gid = (pw != NULL) ? pw->pw_gid : 0;
    struct group *grp = getgrnam(HA_GROUP);
    gid_t ha_gid = (grp != NULL) ? grp->gr_gid : 0;
    uid_t ha_uid;

    pw = getpwnam(HA_USER);
    ha_uid = (pw != NULL) ? pw->pw_uid : 0;
    if (geteuid() != 0 || nobody_uid == 0 || ha_uid == 0 || ha_gid == 0) {
        if (g_strcmp0(g_getenv("HA_REQUIRE_LAB"), "1") == 0) {
            g_test_fail_printf("needs root and users nobody, %s, group %s",
                               HA_USER, HA_GROUP);
        } else {
            g_test_skip("needs root and users nobody, " HA_USER ", group "
                        HA_GROUP);
        }
        return;
    }
    /* a member of haclient (not root) connects and maps the shared memory */
    g_assert_cmpint(connect_as(ha_uid, ha_gid), ==, 0);
    /* nobody is refused */
    g_assert_cmpint(connect_as(nobody_uid, nobody_gid), ==, 1);
}

static void
auth_rule(void)
{
    struct passwd *nobody = getpwnam("nobody");
    struct ha_ipc_auth auth = { 4242, 4343 };

    g_assert_cmpint(ha_ipc_auth_priv(&auth, 0, 0), ==, HA_IPC_PRIV_WRITE);
    g_assert_cmpint(ha_ipc_auth_priv(&auth, 4242, 1), ==, HA_IPC_PRIV_WRITE);
    g_assert_cmpint(ha_ipc_auth_priv(&auth, 5000, 4343), ==, HA_IPC_PRIV_WRITE);
    g_assert_cmpint(ha_ipc_auth_priv(&auth, 5000, 1), ==, 0);
    if (nobody != NULL) {
        /* the group list of the user counts, not only the connecting gid */
        auth.client_gid = nobody->pw_gid;
        g_assert_cmpint(ha_ipc_auth_priv(&auth, nobody->pw_uid, 1), ==,
                        HA_IPC_PRIV_WRITE);
    }
}

/* Any local user can claim an IPC name first: a client must not talk to a
 * server that runs as somebody else than root, ha's user or itself. */
static void
impostor_is_refused(void)
{
    struct passwd *pw = getpwnam("nobody");
    g_autofree char *name = g_strdup_printf("ha-test-impostor-%d",
                                            (int) getpid());
    ha_ipc_client_t *c = NULL;
    int fds[2];
    pid_t pid;
    char ch;

    if (geteuid() != 0 || pw == NULL) {
        if (g_strcmp0(g_getenv("HA_REQUIRE_LAB"), "1") == 0) {
            g_test_fail_printf("needs root and user nobody");
        } else {
            g_test_skip("needs root and user nobody");
        }
        return;
    }
    g_assert_cmpint(pipe(fds), ==, 0);
    pid = fork();
    g_assert_cmpint(pid, >=, 0);
    if (pid == 0) {
        close(fds[0]);
        if (setgroups(0, NULL) != 0 || setgid(pw->pw_gid) != 0
            || setuid(pw->pw_uid) != 0) {
            _exit(2);
        }
        /* after setuid(), which clears it: never outlive a failed test */
        (void) prctl(PR_SET_PDEATHSIG, SIGTERM);
        run_server(name, fds[1]);
    }
    close(fds[1]);
    g_assert_cmpint(read(fds[0], &ch, 1), ==, 1);
    close(fds[0]);
    g_assert_cmpint(ha_ipc_client_connect(name, &c), ==, -HA_EUNTRUSTED);
    g_assert_null(c);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
}

static void
server_trust_rule(void)
{
    g_assert_true(ha_ipc_server_uid_trusted(0, 1000, 110));
    g_assert_true(ha_ipc_server_uid_trusted(110, 0, 110));
    g_assert_true(ha_ipc_server_uid_trusted(1000, 1000, 110));
    g_assert_false(ha_ipc_server_uid_trusted(65534, 0, 110));
    g_assert_false(ha_ipc_server_uid_trusted(1001, 1000, 110));
}

int
main(int argc, char **argv)
{
    int rc;

    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/ipc/server/echo-and-later", echo_and_later);
    g_test_add_func("/ipc/server/bad-requests", bad_requests_get_errors);
    g_test_add_func("/ipc/server/timeout", timeout_is_reported);
    g_test_add_func("/ipc/server/no-server", no_server_is_enotconn);
    g_test_add_func("/ipc/server/large-messages", large_messages_in_parts);
    g_test_add_func("/ipc/server/forged-parts", forged_parts_get_errors);
    g_test_add_func("/ipc/server/stalled-reader", stalled_reader_is_dropped);
    g_test_add_func("/ipc/server/held-bytes", held_bytes_are_bounded);
    g_test_add_func("/ipc/server/pending-released",
                    pending_released_on_disconnect);
    g_test_add_func("/ipc/server/auth-by-group", auth_by_group);
    g_test_add_func("/ipc/server/auth-rule", auth_rule);
    g_test_add_func("/ipc/server/impostor-refused", impostor_is_refused);
    g_test_add_func("/ipc/server/trust-rule", server_trust_rule);
    start_server();
    rc = g_test_run();
    stop_server();
    return rc;
}
