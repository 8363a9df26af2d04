/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_http.h - hacd's optional, read-only HTTP endpoint
 * (--http-address, or its older name --metrics-address): metrics, node
 * health, the DC and where each resource is active or promoted, for
 * monitoring and load balancers (the answers: lib/ipc/ipc_hacd_http.h).
 *
 * libmicrohttpd parses and answers HTTP; it runs without threads of its
 * own, driven from the GLib main loop (its epoll descriptor and its
 * timeout), so every answer is computed on the main loop from the status
 * hacd would send hactl, and a slow client never blocks the loop.  At most
 * HACD_HTTP_CONN_MAX connections are open at once, each for at most
 * HACD_HTTP_TIMEOUT_S seconds, with HACD_HTTP_CONN_MEMORY bytes to read a
 * request (longer requests get 431/413 from libmicrohttpd).
 */
#ifndef HA_HACD_HTTP_H
#define HA_HACD_HTTP_H

#include "hacd/hacd.h"

G_BEGIN_DECLS

#define HACD_HTTP_CONN_MAX 32
#define HACD_HTTP_TIMEOUT_S 10
#define HACD_HTTP_CONN_MEMORY (32 * 1024)

/* Opaque; see hacd_http_start() / hacd_http_free(). */
struct hacd_http;

/**
 * Listen on @address ("IPv4:PORT" or "[IPv6]:PORT", numeric); @h is
 * borrowed and must outlive the endpoint.
 *
 * @param[out] ret_http  the endpoint (free with hacd_http_free())
 * @return 0, -EINVAL for a bad address, or negative if it cannot listen
 */
int hacd_http_start(struct hacd *h, const char *address,
                    struct hacd_http **ret_http);

/** Stop listening and drop every open connection.  NULL is accepted. */
void hacd_http_free(struct hacd_http *http);

G_END_DECLS

#endif /* HA_HACD_HTTP_H */
