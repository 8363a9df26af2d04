/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* daemons/hacd/hacd_http.c - the HTTP endpoint on the main loop
 * (hacd_http.h). */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/socket.h>

#include <microhttpd.h>

#include "common/log.h"
#include "hacd/hacd_http.h"
#include "hacd/hacd_ipc.h"
#include "ipc/ipc_hacd_http.h"

struct hacd_http {
    struct hacd *h;                 /* borrowed */
    struct MHD_Daemon *mhd;
    guint io_watch;
    guint timer;
};

static void arm_timer(struct hacd_http *http);

static enum MHD_Result
on_request(void *cls, struct MHD_Connection *conn, const char *url,
           const char *method, const char *version, const char *upload,
           size_t *upload_size, void **req_cls)
{
    struct hacd_http *http = cls;
    g_autoptr(GVariant) st = NULL;
    struct ha_ipc_http_answer a;
    struct MHD_Response *resp;
    enum MHD_Result rc;

    (void) version;
    (void) upload;
    if (*upload_size != 0) {
        *upload_size = 0;           /* a body is read and ignored */
        return MHD_YES;
    }
    (void) req_cls;
    st = g_variant_ref_sink(hacd_status_variant(http->h));
    ha_ipc_hacd_http_answer(st, method, url, &a);
    resp = MHD_create_response_from_buffer(strlen(a.body), a.body,
                                           MHD_RESPMEM_MUST_FREE);
    if (resp == NULL) {
        g_free(a.body);
        return MHD_NO;
    }
    (void) MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE,
                                   a.content_type);
    (void) MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL,
                                   "no-store");
    rc = MHD_queue_response(conn, a.code, resp);
    MHD_destroy_response(resp);
    return rc;
}

static void
run(struct hacd_http *http)
{
    (void) MHD_run(http->mhd);
    arm_timer(http);
}

static gboolean
on_ready(gint fd, GIOCondition cond, gpointer data)
{
    (void) fd;
    (void) cond;
    run(data);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_timer(gpointer data)
{
    struct hacd_http *http = data;

    http->timer = 0;
    run(http);
    return G_SOURCE_REMOVE;
}

/* libmicrohttpd's next deadline (connection timeouts), if it has one */
static void
arm_timer(struct hacd_http *http)
{
    MHD_UNSIGNED_LONG_LONG ms = 0;

    if (http->timer != 0) {
        g_source_remove(http->timer);
        http->timer = 0;
    }
    if (MHD_get_timeout(http->mhd, &ms) == MHD_YES) {
        http->timer = g_timeout_add((guint) MIN(ms, 60000), on_timer, http);
    }
}

/* "IPv4:PORT" or "[IPv6]:PORT", numeric only (name resolution could block
 * the main loop). */
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

static void
on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    g_autofree char *msg = g_strdup_vprintf(fmt, ap);

    (void) cls;
    ha_debug("HTTP endpoint: %s", g_strchomp(msg));
}

int
hacd_http_start(struct hacd *h, const char *address,
                struct hacd_http **ret_http)
{
    g_autoptr(GSocketAddress) addr = address_parse(address);
    struct sockaddr_storage ss;
    struct hacd_http *http;
    const union MHD_DaemonInfo *info;
    unsigned int flags = MHD_USE_EPOLL | MHD_USE_ERROR_LOG;

    if (addr == NULL
        || !g_socket_address_to_native(addr, &ss, sizeof(ss), NULL)) {
        return -EINVAL;
    }
    if (ss.ss_family == AF_INET6) {
        flags |= MHD_USE_IPv6;
    }
    http = g_new0(struct hacd_http, 1);
    http->h = h;
    errno = 0;
    http->mhd = MHD_start_daemon(
        flags, 0, NULL, NULL, on_request, http,
        MHD_OPTION_SOCK_ADDR, (struct sockaddr *) &ss,
        MHD_OPTION_CONNECTION_LIMIT, (unsigned int) HACD_HTTP_CONN_MAX,
        MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int) HACD_HTTP_TIMEOUT_S,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t) HACD_HTTP_CONN_MEMORY,
        MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
        MHD_OPTION_END);
    if (http->mhd == NULL) {
        int err = (errno != 0) ? errno : EADDRINUSE;

        g_free(http);
        return -err;
    }
    info = MHD_get_daemon_info(http->mhd, MHD_DAEMON_INFO_EPOLL_FD);
    http->io_watch = g_unix_fd_add(info->epoll_fd, G_IO_IN, on_ready, http);
    arm_timer(http);
    *ret_http = http;
    return 0;
}

void
hacd_http_free(struct hacd_http *http)
{
    if (http == NULL) {
        return;
    }
    if (http->io_watch != 0) {
        g_source_remove(http->io_watch);
    }
    if (http->timer != 0) {
        g_source_remove(http->timer);
    }
    MHD_stop_daemon(http->mhd);
    g_free(http);
}
