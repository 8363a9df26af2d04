/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_hacd_http.h - the answers of hacd's HTTP endpoint
 * (hacd --http-address), computed from the status dictionary alone.
 *
 * Read-only, for monitoring and for load balancers that must find the node
 * where a service (or its promoted instance) runs:
 *   GET /metrics                 200, Prometheus text (ipc_hacd_metrics.h)
 *   GET /health                  200 when this node is online, quorate,
 *                                synced and its partition holds the
 *                                configuration; else 503
 *   GET /dc                      200 on the DC, 503 elsewhere
 *   GET /resource/ID             200 where ID is active (a primitive runs
 *                                here; for a group, clone or bundle of
 *                                instances: one of its primitives), 503
 *                                elsewhere, 404 for an unknown ID
 *   GET /resource/ID/promoted    200 where ID (or one of its instances) is
 *                                Promoted, 503 elsewhere, 404 unknown ID
 * HEAD is answered as GET (the server sends the headers only); another
 * method gets 405, another path 404.  Every body but /metrics is one JSON object that says what
 * the answer was decided from (node, dc, role ...).
 */
#ifndef HA_IPC_HACD_HTTP_H
#define HA_IPC_HACD_HTTP_H

#include <glib.h>

G_BEGIN_DECLS

/** One answer: an HTTP status, a content type and a body. */
struct ha_ipc_http_answer {
    guint code;
    const char *content_type;   /* static */
    char *body;                 /* owned */
};

/**
 * Answer @method @path from @status (pure).
 *
 * @param[in]  status  hacd's status dictionary (a{sv})
 * @param[in]  method  the request's method
 * @param[in]  path    the request's path (no query string)
 * @param[out] ret     filled; free ret->body with g_free()
 */
void ha_ipc_hacd_http_answer(GVariant *status, const char *method,
                             const char *path,
                             struct ha_ipc_http_answer *ret);

G_END_DECLS

#endif /* HA_IPC_HACD_HTTP_H */
