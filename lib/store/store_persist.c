/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_persist.c - crash-safe save and checked load of the
 * configuration (see store_persist.h for the layout and the guarantees).
 *
 * Every system call of a save goes through the io table of
 * store_persist_io.h, so tests can fail or kill the writer at each step.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/results.h"
#include "store/store_doc_private.h"
#include "store/store_persist.h"
#include "store/store_persist_io.h"

#define HEADER_PREFIX "<!-- ha-sha256:"
#define HEADER_SUFFIX " -->\n"
#define HEADER_LEN (sizeof(HEADER_PREFIX) - 1 + 64 + sizeof(HEADER_SUFFIX) - 1)
#define TMP_NAME ".cib.xml.tmp"

static int
real_open(const char *path, int flags, mode_t mode)
{
    return open(path, flags, mode);
}

static const struct ha_store_persist_io real_io = {
    .open = real_open,
    .write = write,
    .fsync = fsync,
    .close = close,
    .rename = rename,
    .link = link,
    .unlink = unlink,
};

static const struct ha_store_persist_io *io = &real_io;

const struct ha_store_persist_io *
ha_store_persist_io_default(void)
{
    return &real_io;
}

void
ha_store_persist_set_io(const struct ha_store_persist_io *new_io)
{
    io = (new_io != NULL) ? new_io : &real_io;
}

/* ---- save -------------------------------------------------------------- */

static char *
file_text(const ha_store_doc_t *doc, gsize *ret_len)
{
    g_autofree char *body = ha_store_doc_serialize(doc, HA_STORE_SER_PRETTY
                                                        | HA_STORE_SER_NO_STATUS);
    g_autofree char *hex = NULL;
    GString *out = g_string_new(NULL);

    g_string_append(out, body);
    if (out->len == 0 || out->str[out->len - 1] != '\n') {
        g_string_append_c(out, '\n');
    }
    hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                      (const guchar *) out->str, out->len);
    g_string_prepend(out, HEADER_SUFFIX);
    g_string_prepend(out, hex);
    g_string_prepend(out, HEADER_PREFIX);
    *ret_len = out->len;
    return g_string_free(out, FALSE);
}

static int
write_all(int fd, const char *data, gsize len)
{
    while (len > 0) {
        ssize_t n = io->write(fd, data, len);

        if (n == -1) {
            if (errno == EINTR) {
                continue;
            }
            return -errno;
        }
        data += n;
        len -= (gsize) n;
    }
    return 0;
}

static int
write_file(const char *path, const char *data, gsize len)
{
    int fd = io->open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    int rc;

    if (fd == -1) {
        return -errno;
    }
    rc = write_all(fd, data, len);
    if (rc == 0 && io->fsync(fd) == -1) {
        rc = -errno;
    }
    if (io->close(fd) == -1 && rc == 0) {
        rc = -errno;
    }
    return rc;
}

static int
fsync_dir(const char *dir)
{
    int fd = io->open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC, 0);
    int rc = 0;

    if (fd == -1) {
        return -errno;
    }
    if (io->fsync(fd) == -1) {
        rc = -errno;
    }
    (void) io->close(fd);
    return rc;
}

static char *
history_name(const ha_store_doc_t *doc)
{
    struct ha_store_version v;

    ha_store_doc_version(doc, &v);
    return g_strdup_printf("cib-%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                           ".%" G_GUINT64_FORMAT ".xml", v.admin_epoch,
                           v.epoch, v.num_updates);
}

static void
prune(const char *dir, guint keep)
{
    g_autoptr(GPtrArray) names = NULL;
    gboolean removed = FALSE;

    if (ha_store_persist_list(dir, &names) < 0) {
        return;
    }
    for (guint i = 0; i + keep < names->len; i++) {
        g_autofree char *path = g_build_filename(dir,
                                                 g_ptr_array_index(names, i),
                                                 NULL);

        removed |= (io->unlink(path) == 0);
    }
    if (removed) {
        (void) fsync_dir(dir);
    }
}

int
ha_store_persist_save(const char *dir, const ha_store_doc_t *doc, guint keep)
{
    g_autofree char *tmp = g_build_filename(dir, TMP_NAME, NULL);
    g_autofree char *cur = g_build_filename(dir, HA_STORE_PERSIST_FILE, NULL);
    g_autofree char *hist_name = history_name(doc);
    g_autofree char *hist = g_build_filename(dir, hist_name, NULL);
    g_autofree char *text = NULL;
    gsize len = 0;
    int rc;

    ha_assert(dir != NULL && doc != NULL);
    text = file_text(doc, &len);
    rc = write_file(tmp, text, len);
    if (rc < 0) {
        goto out_unlink_tmp;
    }
    /* The history copy is the same inode; an older copy of the same
     * version (a rewrite after an admin_epoch reset) is replaced. */
    if (io->unlink(hist) == -1 && errno != ENOENT) {
        rc = -errno;
        goto out_unlink_tmp;
    }
    if (io->link(tmp, hist) == -1) {
        rc = -errno;
        goto out_unlink_tmp;
    }
    if (io->rename(tmp, cur) == -1) {
        rc = -errno;
        goto out_unlink_hist;
    }
    rc = fsync_dir(dir);
    if (rc < 0) {
        return rc;      /* renamed but maybe not durable: report it */
    }
    prune(dir, (keep == 0) ? HA_STORE_PERSIST_KEEP_DEFAULT : keep);
    return 0;

out_unlink_hist:
    (void) io->unlink(hist);
out_unlink_tmp:
    (void) io->unlink(tmp);
    return rc;
}

/* ---- load -------------------------------------------------------------- */

int
ha_store_persist_load_file(const char *path, ha_store_doc_t **ret_doc,
                           GPtrArray **ret_errors)
{
    g_autofree char *data = NULL;
    g_autofree char *hex = NULL;
    g_autoptr(GError) error = NULL;
    const char *body;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, &error)) {
        int rc = ha_rc_from_gerror(error);

        if (ret_errors != NULL) {
            *ret_errors = ha_store_errors_new();
            ha_store_errors_add(*ret_errors, "Could not read '%s': %s", path,
                                error->message);
        }
        return rc;
    }
    body = data + HEADER_LEN;
    if (len < HEADER_LEN || !g_str_has_prefix(data, HEADER_PREFIX)
        || strncmp(data + HEADER_LEN - strlen(HEADER_SUFFIX), HEADER_SUFFIX,
                   strlen(HEADER_SUFFIX)) != 0) {
        goto corrupt;
    }
    hex = g_compute_checksum_for_data(G_CHECKSUM_SHA256,
                                      (const guchar *) body, len - HEADER_LEN);
    if (strncmp(hex, data + strlen(HEADER_PREFIX), 64) != 0) {
        goto corrupt;
    }
    return ha_store_doc_load_memory(body, len - HEADER_LEN, path,
                                    HA_STORE_LOAD_NO_STATUS, ret_doc,
                                    ret_errors);

corrupt:
    if (ret_errors != NULL) {
        *ret_errors = ha_store_errors_new();
        ha_store_errors_add(*ret_errors, "'%s' does not match its digest",
                            path);
    }
    return -HA_EDIGEST;
}

int
ha_store_persist_load(const char *dir, ha_store_doc_t **ret_doc,
                      GPtrArray **ret_errors)
{
    g_autofree char *cur = g_build_filename(dir, HA_STORE_PERSIST_FILE, NULL);

    return ha_store_persist_load_file(cur, ret_doc, ret_errors);
}

static gboolean
parse_history_name(const char *name, struct ha_store_version *ret_v)
{
    g_auto(GStrv) parts = NULL;

    if (!g_str_has_prefix(name, "cib-") || !g_str_has_suffix(name, ".xml")) {
        return FALSE;
    }
    {
        g_autofree char *mid = g_strndup(name + 4, strlen(name) - 8);

        parts = g_strsplit(mid, ".", -1);
    }
    return g_strv_length(parts) == 3
           && g_ascii_string_to_unsigned(parts[0], 10, 0, G_MAXUINT64,
                                         &ret_v->admin_epoch, NULL)
           && g_ascii_string_to_unsigned(parts[1], 10, 0, G_MAXUINT64,
                                         &ret_v->epoch, NULL)
           && g_ascii_string_to_unsigned(parts[2], 10, 0, G_MAXUINT64,
                                         &ret_v->num_updates, NULL);
}

static int
history_cmp(gconstpointer a, gconstpointer b)
{
    struct ha_store_version va;
    struct ha_store_version vb;

    (void) parse_history_name(*(const char * const *) a, &va);
    (void) parse_history_name(*(const char * const *) b, &vb);
    return ha_store_version_cmp(&va, &vb);
}

int
ha_store_persist_list(const char *dir, GPtrArray **ret_names)
{
    g_autoptr(GError) error = NULL;
    g_autoptr(GDir) d = g_dir_open(dir, 0, &error);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (d == NULL) {
        return ha_rc_from_gerror(error);
    }
    while ((name = g_dir_read_name(d)) != NULL) {
        struct ha_store_version v;

        if (parse_history_name(name, &v)) {
            g_ptr_array_add(names, g_strdup(name));
        }
    }
    g_ptr_array_sort(names, history_cmp);
    *ret_names = g_steal_pointer(&names);
    return 0;
}
