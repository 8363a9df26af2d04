/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_inputs.c - the DC keeps its last scheduler inputs
 * (DESIGN.md decision 7): every input that gave a transition is written,
 * gzip-compressed, to STATE_DIR/inputs/input-N.xml.gz (N grows; the oldest
 * beyond HACD_INPUTS_KEEP are removed), so that any decision can be
 * replayed with `hactl simulate --xml-file FILE` and bundled by
 * `hactl report`.  The XML is written here from the scheduler's typed
 * input (lib/store's one writer), never on the scheduling path.  Writing is best effort: a failure is logged, never
 * fatal (configuration durability does not depend on it).
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <string.h>
#include <zlib.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_cib.h"
#include "store/store_input.h"

#define INPUTS_DIR "inputs"
#define PREFIX "input-"
#define SUFFIX ".xml.gz"

static guint64
seq_of(const char *name)
{
    if (!g_str_has_prefix(name, PREFIX) || !g_str_has_suffix(name, SUFFIX)) {
        return 0;
    }
    return g_ascii_strtoull(name + strlen(PREFIX), NULL, 10);
}

/* The highest sequence number on disk, and remove those too old. */
static guint64
scan(const char *dir, guint64 keep_from)
{
    g_autoptr(GDir) d = g_dir_open(dir, 0, NULL);
    const char *name;
    guint64 best = 0;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        guint64 n = seq_of(name);

        if (n == 0) {
            continue;
        }
        if (n < keep_from) {
            g_autofree char *path = g_build_filename(dir, name, NULL);

            (void) g_unlink(path);
        }
        best = MAX(best, n);
    }
    return best;
}

void
hacd_inputs_save(struct hacd *h, const char *xml, guint64 *ret_seq)
{
    static guint64 next;
    g_autofree char *dir = g_build_filename(h->opt.state_dir, INPUTS_DIR,
                                            NULL);
    g_autofree char *name = NULL;
    g_autofree char *path = NULL;
    g_autofree char *tmp = NULL;
    gzFile f;
    gsize len = strlen(xml);

    *ret_seq = 0;
    if (g_mkdir_with_parents(dir, 0750) != 0) {
        ha_warn("Could not create %s: %s", dir, g_strerror(errno));
        return;
    }
    if (next == 0) {
        next = scan(dir, 0) + 1;
    }
    name = g_strdup_printf(PREFIX "%" G_GUINT64_FORMAT SUFFIX, next);
    path = g_build_filename(dir, name, NULL);
    tmp = g_strconcat(path, ".tmp", NULL);
    f = gzopen(tmp, "wbe6");
    if (f == NULL || gzwrite(f, xml, (unsigned) len) != (int) len
        || gzclose(f) != Z_OK || g_rename(tmp, path) != 0) {
        ha_warn("Could not save the scheduler input %s", path);
        (void) g_unlink(tmp);
        return;
    }
    *ret_seq = next++;
    if (*ret_seq > HACD_INPUTS_KEEP) {
        (void) scan(dir, *ret_seq - HACD_INPUTS_KEEP + 1);
    }
}

void
hacd_inputs_save_model(struct hacd *h, const ha_store_model_t *model,
                       guint64 *ret_seq)
{
    g_autofree char *xml = ha_store_model_write_xml(model);

    hacd_inputs_save(h, xml, ret_seq);
}
