/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_metrics.h - counters for metrics, the status as Prometheus text
 * (hacd_metrics.c) and the optional HTTP endpoint serving it
 * (hacd_metrics_http.c).
 */
#ifndef HA_HACD_METRICS_H
#define HA_HACD_METRICS_H

#include <glib.h>

#include "hacd/hacd.h"

G_BEGIN_DECLS

/** Count what hacd_metrics_* counts from events (subscribes). */
void hacd_metrics_init(struct hacd *h);

/** A transition ended on the DC after @duration_us. */
void hacd_metrics_transition_ended(struct hacd *h, gboolean aborted,
                                   gint64 duration_us);
/** A fencing result was delivered. */
void hacd_metrics_fencing_ended(struct hacd *h, gboolean succeeded);
/** A new configuration version was committed to the local copy. */
void hacd_metrics_config_committed(struct hacd *h);
/** Add the counters to a status dictionary (keys in ipc_hacd.h). */
void hacd_metrics_status_add(struct hacd *h, GVariantBuilder *b);
/** The status as Prometheus text, as `hactl metrics` prints it (caller
 * frees). */
char *hacd_metrics_text(struct hacd *h);

/* ---- hacd_metrics_http.c ---- */

/* Opaque; see hacd_metrics_http_start() / hacd_metrics_http_free(). */
struct hacd_metrics_http;

/**
 * Serve hacd_metrics_text() over HTTP/1.0 at GET /metrics on @address
 * ("IPv4:PORT" or "[IPv6]:PORT", numeric).  Requests are read and answered
 * on the main loop without blocking it; @h is borrowed and must outlive
 * the endpoint.
 *
 * @param[out] ret_http  the endpoint (free with hacd_metrics_http_free())
 * @return 0, -EINVAL for a bad address, or negative if it cannot listen
 */
int hacd_metrics_http_start(struct hacd *h, const char *address,
                            struct hacd_metrics_http **ret_http);

/** Stop listening and drop every open connection.  NULL is accepted. */
void hacd_metrics_http_free(struct hacd_metrics_http *http);

/* The longest request (request line and headers) the endpoint reads. */
#define HACD_METRICS_REQUEST_MAX 8192

/**
 * The answer to the request bytes a client sent so far (pure; the parser
 * the endpoint uses).
 *
 * @param[in]  buf       the bytes, NUL-terminated (buf[len] == '\0')
 * @param[in]  len       their length, at most HACD_METRICS_REQUEST_MAX
 * @param[in]  eof       the client stopped sending
 * @param[out] ret_head  TRUE for a HEAD request (set when 200)
 *
 * @return 0 when more bytes are needed, else the HTTP status of the
 *         answer: 200 (GET or HEAD /metrics), 400 (not a request line,
 *         binary, or too long without its end), 404 (another path) or 405
 *         (another method)
 */
int hacd_metrics_http_parse(const char *buf, gsize len, gboolean eof,
                            gboolean *ret_head);

G_END_DECLS

#endif /* HA_HACD_METRICS_H */
