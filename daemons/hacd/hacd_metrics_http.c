/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_metrics_http.c - the optional metrics endpoint: a
 * minimal HTTP/1.0 responder on the GLib main loop (hacd --metrics-address).
 *
 * GET /metrics (or HEAD) gets 200 with hacd_metrics_text(); another path
 * 404, another method 405, anything that is not a request line 400.  Every
 * answer closes the connection.
 *
 * Invariants:
 *  - Reads and writes are asynchronous (GSocketService, GIO streams): a
 *    slow or silent client never blocks the main loop.
 *  - A request is at most REQUEST_MAX bytes (then 400), a connection lives
 *    at most CONN_TIMEOUT_S (then it is dropped), and at most CONN_MAX are
 *    open at once (more are closed at once).
 *  - An answer is followed by a lingering close: the write side is shut
 *    and what the client still sends is read and dropped (at most
 *    LINGER_MS) before the socket closes, so that unread request bytes
 *    never make the kernel reset the connection and destroy the answer
 *    before the client has read it (a 400 to an oversized request was
 *    lost that way).
 *  - Each connection belongs to the endpoint's list until its last
 *    callback ran; a timeout or the endpoint's end only cancels it, and the
 *    cancelled callback frees it (exactly one owner, one free).
 */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <string.h>

#include "common/log.h"
#include "common/metrics.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_metrics.h"

#define REQUEST_MAX HACD_METRICS_REQUEST_MAX
#define CONN_TIMEOUT_S 10
#define CONN_MAX 32
#define LINGER_MS 2000

struct hacd_metrics_http {
    struct hacd *h;                 /* borrowed */
    GSocketService *service;
    GList *conns;                   /* struct http_conn * */
};

struct http_conn {
    struct hacd_metrics_http *http; /* NULL once the endpoint is gone */
    GSocketConnection *sock;
    GCancellable *cancel;
    guint timer;
    char buf[REQUEST_MAX + 1];
    gsize len;
    char *reply;
    gsize reply_len;
};

static void
conn_free(struct http_conn *c)
{
    if (c->timer != 0) {
        g_source_remove(c->timer);
    }
    if (c->http != NULL) {
        c->http->conns = g_list_remove(c->http->conns, c);
    }
    (void) g_io_stream_close(G_IO_STREAM(c->sock), NULL, NULL);
    g_object_unref(c->sock);
    g_object_unref(c->cancel);
    g_free(c->reply);
    g_free(c);
}

static gboolean
conn_timeout_cb(gpointer data)
{
    struct http_conn *c = data;

    c->timer = 0;
    ha_debug("Metrics client took longer than %d s, dropping it",
             CONN_TIMEOUT_S);
    g_cancellable_cancel(c->cancel);
    return G_SOURCE_REMOVE;
}

static void
linger_read_cb(GObject *src, GAsyncResult *res, gpointer data)
{
    struct http_conn *c = data;
    gssize n = g_input_stream_read_finish(G_INPUT_STREAM(src), res, NULL);

    if (n <= 0 || c->http == NULL) {
        conn_free(c);   /* the client closed, reset, or the time is up */
        return;
    }
    g_input_stream_read_async(G_INPUT_STREAM(src), c->buf, REQUEST_MAX,
                              G_PRIORITY_DEFAULT, c->cancel, linger_read_cb,
                              c);
}

/* After the answer: no more writes, drop what the client still sends
 * until it closes or LINGER_MS pass, then close. */
static void
linger(struct http_conn *c)
{
    GSocket *s = g_socket_connection_get_socket(c->sock);
    GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(c->sock));

    if (!g_socket_shutdown(s, FALSE, TRUE, NULL)) {
        conn_free(c);
        return;
    }
    if (c->timer != 0) {
        g_source_remove(c->timer);
    }
    c->timer = g_timeout_add(LINGER_MS, conn_timeout_cb, c);
    g_input_stream_read_async(in, c->buf, REQUEST_MAX, G_PRIORITY_DEFAULT,
                              c->cancel, linger_read_cb, c);
}

static void
write_done_cb(GObject *src, GAsyncResult *res, gpointer data)
{
    g_autoptr(GError) error = NULL;

    if (!g_output_stream_write_all_finish(G_OUTPUT_STREAM(src), res, NULL,
                                          &error)) {
        ha_debug("Could not answer a metrics client: %s", error->message);
        conn_free(data);
        return;
    }
    linger(data);
}

static void
respond(struct http_conn *c, int code, const char *reason,
        const char *content_type, const char *body, gboolean head_only)
{
    GOutputStream *out = g_io_stream_get_output_stream(G_IO_STREAM(c->sock));
    gsize body_len = strlen(body);

    c->reply = g_strdup_printf("HTTP/1.0 %d %s\r\n"
                               "Content-Type: %s\r\n"
                               "Content-Length: %" G_GSIZE_FORMAT "\r\n"
                               "%s"
                               "Connection: close\r\n\r\n%s",
                               code, reason, content_type, body_len,
                               (code == 405) ? "Allow: GET, HEAD\r\n" : "",
                               head_only ? "" : body);
    c->reply_len = strlen(c->reply);
    g_output_stream_write_all_async(out, c->reply, c->reply_len,
                                    G_PRIORITY_DEFAULT, c->cancel,
                                    write_done_cb, c);
}

static void
respond_error(struct http_conn *c, int code, const char *reason)
{
    g_autofree char *body = g_strdup_printf("%d %s\n", code, reason);

    respond(c, code, reason, "text/plain; charset=utf-8", body, FALSE);
}

/* The request line: "METHOD SP TARGET SP HTTP/x.y" (an HTTP/0.9 line
 * without a version is accepted too). */
static int
request_line_status(const char *buf, gsize len, gboolean *ret_head)
{
    g_autofree char *line = NULL;
    g_auto(GStrv) words = NULL;
    const char *end = strpbrk(buf, "\r\n");
    const char *path;

    line = g_strndup(buf, (end != NULL) ? (gsize) (end - buf) : len);
    words = g_strsplit(line, " ", 4);
    if (words[0] == NULL || words[1] == NULL || words[1][0] != '/'
        || (words[2] != NULL && !g_str_has_prefix(words[2], "HTTP/"))
        || (words[2] != NULL && words[3] != NULL)) {
        return 400;
    }
    *ret_head = (strcmp(words[0], "HEAD") == 0);
    if (strcmp(words[0], "GET") != 0 && !*ret_head) {
        return 405;
    }
    path = words[1];
    if (strcmp(path, "/metrics") == 0
        || g_str_has_prefix(path, "/metrics?")) {
        return 200;
    }
    return 404;
}

/* The request is complete at the blank line that ends its headers. */
static gboolean
request_complete(const char *buf)
{
    return strstr(buf, "\r\n\r\n") != NULL || strstr(buf, "\n\n") != NULL;
}

int
hacd_metrics_http_parse(const char *buf, gsize len, gboolean eof,
                        gboolean *ret_head)
{
    *ret_head = FALSE;
    if (memchr(buf, '\0', len) != NULL) {
        return 400;     /* binary garbage */
    }
    if (request_complete(buf) || (eof && len > 0)) {
        return request_line_status(buf, len, ret_head);
    }
    return (len >= REQUEST_MAX) ? 400 : 0;
}

static void
answer(struct http_conn *c, int code, gboolean head)
{
    g_autofree char *text = NULL;

    switch (code) {
    case 200:
        text = hacd_metrics_text(c->http->h);
        respond(c, 200, "OK", HA_METRICS_CONTENT_TYPE, text, head);
        break;
    case 404:
        respond_error(c, 404, "Not Found");
        break;
    case 405:
        respond_error(c, 405, "Method Not Allowed");
        break;
    default:
        respond_error(c, 400, "Bad Request");
        break;
    }
}

static void read_more(struct http_conn *c);

static void
read_done_cb(GObject *src, GAsyncResult *res, gpointer data)
{
    struct http_conn *c = data;
    g_autoptr(GError) error = NULL;
    gssize n = g_input_stream_read_finish(G_INPUT_STREAM(src), res, &error);
    gboolean head = FALSE;
    int code;

    if (n < 0 || c->http == NULL) {
        conn_free(c);   /* cancelled (timeout, hacd exits) or reset */
        return;
    }
    if (n == 0 && c->len == 0) {
        conn_free(c);   /* the client stopped sending before a byte */
        return;
    }
    c->len += (gsize) n;
    c->buf[c->len] = '\0';
    code = hacd_metrics_http_parse(c->buf, c->len, n == 0, &head);
    if (code == 0) {
        read_more(c);
    } else {
        answer(c, code, head);
    }
}

static void
read_more(struct http_conn *c)
{
    GInputStream *in = g_io_stream_get_input_stream(G_IO_STREAM(c->sock));

    g_input_stream_read_async(in, c->buf + c->len, REQUEST_MAX - c->len,
                              G_PRIORITY_DEFAULT, c->cancel, read_done_cb, c);
}

static gboolean
on_incoming(GSocketService *service, GSocketConnection *sock,
            GObject *source, gpointer data)
{
    struct hacd_metrics_http *http = data;
    struct http_conn *c;

    if (g_list_length(http->conns) >= CONN_MAX) {
        ha_debug("%d metrics clients already, dropping a new one", CONN_MAX);
        (void) g_io_stream_close(G_IO_STREAM(sock), NULL, NULL);
        return TRUE;
    }
    c = g_new0(struct http_conn, 1);
    c->http = http;
    c->sock = g_object_ref(sock);
    c->cancel = g_cancellable_new();
    c->timer = g_timeout_add_seconds(CONN_TIMEOUT_S, conn_timeout_cb, c);
    http->conns = g_list_prepend(http->conns, c);
    read_more(c);
    return TRUE;
}

/* "1.2.3.4:9100" or "[::1]:9100" -> an address (numeric only: no lookup
 * may block the main loop). */
static GSocketAddress *
address_parse(const char *address)
{
    const char *colon = strrchr(address, ':');
    g_autofree char *host = NULL;
    guint64 port = 0;
    char *end = NULL;

    if (colon == NULL || colon == address) {
        return NULL;
    }
    port = g_ascii_strtoull(colon + 1, &end, 10);
    if (end == colon + 1 || *end != '\0' || port == 0 || port > 65535) {
        return NULL;
    }
    if (address[0] == '[') {
        if (colon[-1] != ']' || colon - address < 3) {
            return NULL;
        }
        host = g_strndup(address + 1, (gsize) (colon - address - 2));
    } else {
        host = g_strndup(address, (gsize) (colon - address));
        if (strchr(host, ':') != NULL) {
            return NULL;    /* IPv6 needs its brackets */
        }
    }
    return g_inet_socket_address_new_from_string(host, (guint) port);
}

int
hacd_metrics_http_start(struct hacd *h, const char *address,
                        struct hacd_metrics_http **ret_http)
{
    g_autoptr(GSocketAddress) addr = address_parse(address);
    g_autoptr(GError) error = NULL;
    struct hacd_metrics_http *http;

    if (addr == NULL) {
        return -EINVAL;
    }
    http = g_new0(struct hacd_metrics_http, 1);
    http->h = h;
    http->service = g_socket_service_new();
    if (!g_socket_listener_add_address(G_SOCKET_LISTENER(http->service),
                                       addr, G_SOCKET_TYPE_STREAM,
                                       G_SOCKET_PROTOCOL_TCP, NULL, NULL,
                                       &error)) {
        int rc = ha_rc_from_gerror(error);

        ha_debug("Could not listen on '%s': %s", address, error->message);
        hacd_metrics_http_free(http);
        return rc;
    }
    (void) g_signal_connect(http->service, "incoming",
                            G_CALLBACK(on_incoming), http);
    g_socket_service_start(http->service);
    *ret_http = http;
    return 0;
}

void
hacd_metrics_http_free(struct hacd_metrics_http *http)
{
    if (http == NULL) {
        return;
    }
    g_socket_service_stop(http->service);
    g_socket_listener_close(G_SOCKET_LISTENER(http->service));
    /* connections in flight end in their cancelled callbacks, later */
    for (GList *l = http->conns; l != NULL; l = l->next) {
        struct http_conn *c = l->data;

        c->http = NULL;
        g_cancellable_cancel(c->cancel);
    }
    g_list_free(http->conns);
    g_object_unref(http->service);
    g_free(http);
}
