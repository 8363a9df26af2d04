/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_metrics_http.c - the request parser of hacd's metrics
 * endpoint (hacd --metrics-address), on what a client sent so far, both
 * while more may come and after the client stopped sending.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz/fuzz.h"
#include "hacd/hacd.h"
#include "hacd/hacd_metrics.h"

static void
check(const char *buf, gsize len, gboolean eof)
{
    gboolean head = FALSE;
    int code = hacd_metrics_http_parse(buf, len, eof, &head);

    if (code != 0 && code != 200 && code != 400 && code != 404
        && code != 405) {
        abort();
    }
    if (code == 0 && ((eof && len > 0) || len >= HACD_METRICS_REQUEST_MAX)) {
        abort();    /* it must answer at the end or at the limit */
    }
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsize len = MIN(size, (size_t) HACD_METRICS_REQUEST_MAX);
    g_autofree char *buf = g_malloc(len + 1);

    memcpy(buf, data, len);
    buf[len] = '\0';
    check(buf, len, FALSE);
    check(buf, len, TRUE);
    return 0;
}
