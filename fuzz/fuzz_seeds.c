/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_seeds.c - write the seeds of the binary fuzz targets, valid
 * messages made by the real encoders (checked in under fuzz/corpus/).
 *
 * Usage: fuzz_seeds DIR   (writes DIR/<target>/seed-*; run it again
 * when a message format changes).  Each body holds a sample value of its
 * type: every basic value, one element of every array, a present maybe.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "exec/exec_proto.h"
#include "hacd/hacd.h"
#include "hacd/hacd_msg.h"
#include "ipc/ipc.h"
#include "ipc/ipc_execd.h"
#include "fuzz/fuzz.h"
#include "ipc/ipc_hacd.h"
#include "store/store_doc.h"

static const char *out_dir;

/* @selector: the first byte (the target's choice), or -1 for none. */
static void
write_seed(const char *target, const char *name, int selector,
           const void *data, gsize len)
{
    g_autofree char *dir = g_build_filename(out_dir, target, NULL);
    g_autofree char *path = g_build_filename(dir, name, NULL);
    g_autoptr(GByteArray) buf = g_byte_array_new();
    g_autoptr(GError) error = NULL;
    guint8 first = (guint8) selector;

    if (selector >= 0) {
        g_byte_array_append(buf, &first, 1);
    }
    g_byte_array_append(buf, data, (guint) len);
    (void) g_mkdir_with_parents(dir, 0755);
    if (!g_file_set_contents(path, (const char *) buf->data, buf->len,
                             &error)) {
        g_error("%s", error->message);
    }
}

static void
write_bytes_seed(const char *target, const char *name, int selector,
                 GBytes *bytes)
{
    gsize len = 0;
    const void *data = g_bytes_get_data(bytes, &len);

    write_seed(target, name, selector, data, len);
}

static GVariant *sample(const GVariantType *t);

static GVariant *
sample_container(const GVariantType *t)
{
    GVariantBuilder b;

    if (g_variant_type_is_variant(t)) {
        return g_variant_new_variant(g_variant_new_string("x"));
    }
    if (g_variant_type_is_maybe(t)) {
        return g_variant_new_maybe(NULL, sample(g_variant_type_element(t)));
    }
    g_variant_builder_init(&b, t);
    if (g_variant_type_is_array(t)) {
        g_variant_builder_add_value(&b, sample(g_variant_type_element(t)));
        return g_variant_builder_end(&b);
    }
    for (const GVariantType *c = g_variant_type_first(t); c != NULL;
         c = g_variant_type_next(c)) {
        g_variant_builder_add_value(&b, sample(c));
    }
    return g_variant_builder_end(&b);
}

static GVariant *
sample(const GVariantType *t)
{
    switch (g_variant_type_peek_string(t)[0]) {
    case 'b': return g_variant_new_boolean(TRUE);
    case 'y': return g_variant_new_byte(1);
    case 'n': return g_variant_new_int16(1);
    case 'q': return g_variant_new_uint16(1);
    case 'i': return g_variant_new_int32(1);
    case 'u': return g_variant_new_uint32(1);
    case 'x': return g_variant_new_int64(1);
    case 't': return g_variant_new_uint64(1);
    case 'h': return g_variant_new_handle(0);
    case 'd': return g_variant_new_double(1.0);
    case 's': return g_variant_new_string("x");
    case 'o': return g_variant_new_object_path("/x");
    case 'g': return g_variant_new_signature("s");
    default: return sample_container(t);
    }
}

static GVariant *
sample_of(const char *type)
{
    return sample(G_VARIANT_TYPE(type));
}

static const char *const hacd_requests[] = { HA_FUZZ_HACD_REQUESTS };

static const char *const hacd_replies[] = { HA_FUZZ_HACD_REPLIES };

/* Two parts of one message, each a 2-byte length and an envelope. */
static GBytes *
parts_seed(void)
{
    g_autoptr(GByteArray) out = g_byte_array_new();
    static const char msg[] = "0123456789";

    for (gsize off = 0; off < 10; off += 5) {
        g_autoptr(GBytes) env = ha_ipc_request_encode(
            ha_ipc_part_new(7, 10, off, msg + off, 5));
        gsize len = g_bytes_get_size(env);
        guint8 hdr[2] = { (guint8) (len >> 8), (guint8) len };

        g_byte_array_append(out, hdr, 2);
        g_byte_array_append(out, g_bytes_get_data(env, NULL), (guint) len);
    }
    return g_byte_array_free_to_bytes(g_steal_pointer(&out));
}

/* A status as `hactl metrics` reads it (see ipc_hacd_metrics.c). */
static GVariant *
status_sample(void)
{
    GVariantDict st;
    GVariantDict r;

    g_variant_dict_init(&r, NULL);
    g_variant_dict_insert(&r, "id", "s", "r1");
    g_variant_dict_insert(&r, "kind", "s", "primitive");
    g_variant_dict_insert(&r, "role", "s", "Promoted");
    g_variant_dict_insert(&r, "managed", "b", TRUE);
    g_variant_dict_insert_value(&r, "nodes", g_variant_new_strv(
                                    (const char *const[]) { "n1" }, 1));
    g_variant_dict_init(&st, NULL);
    g_variant_dict_insert(&st, "dc_name", "s", "n1");
    g_variant_dict_insert_value(&st, "nodes", g_variant_new_parsed(
        "[(uint32 1, 'n1', 'online'), (2, 'n2', 'lost')]"));
    g_variant_dict_insert_value(&st, "node_flags", g_variant_new_parsed(
        "[{'standby': <true>}]"));
    g_variant_dict_insert_value(&st, "resources", g_variant_new_array(
        NULL, (GVariant *[]) { g_variant_dict_end(&r) }, 1));
    g_variant_dict_insert_value(&st, "attributes", g_variant_new_parsed(
        "[('n1', 'fail-count-r1#monitor_10000', '3')]"));
    g_variant_dict_insert_value(&st, "transition_seconds_buckets",
                                g_variant_new_parsed("[(0.5, uint64 2)]"));
    g_variant_dict_insert(&st, "transitions_complete", "t", (guint64) 2);
    g_variant_dict_insert(&st, "version", "(ttt)", (guint64) 0,
                          (guint64) 3, (guint64) 1);
    g_variant_dict_insert(&st, "quorate", "b", TRUE);
    return g_variant_dict_end(&st);
}

static void
ipc_hacd_seeds(void)
{
    guint nreq = G_N_ELEMENTS(hacd_requests);
    guint nrep = G_N_ELEMENTS(hacd_replies);
    g_autoptr(GBytes) parts = parts_seed();
    g_autoptr(GBytes) status = NULL;

    for (guint i = 0; i < nreq; i++) {
        g_autofree char *name = g_strdup_printf("seed-request-%02u", i);
        g_autoptr(GBytes) b = ha_ipc_request_encode(
            sample_of(hacd_requests[i]));

        write_bytes_seed("ipc_hacd", name, (int) i, b);
    }
    for (guint i = 0; i < nrep; i++) {
        g_autofree char *name = g_strdup_printf("seed-reply-%02u", i);
        g_autoptr(GBytes) b = ha_ipc_reply_encode(
            0, sample_of(hacd_replies[i]));

        write_bytes_seed("ipc_hacd", name, (int) (nreq + i), b);
    }
    write_bytes_seed("ipc_hacd", "seed-parts", (int) (nreq + nrep), parts);
    status = ha_ipc_reply_encode(0, status_sample());
    write_bytes_seed("ipc_hacd", "seed-status", (int) nreq, status);
}

static GVariant *
exec_request_body(void)
{
    GVariantBuilder params;
    GVariantBuilder meta;

    g_variant_builder_init(&params, G_VARIANT_TYPE("a{ss}"));
    g_variant_builder_add(&params, "{ss}", "state", "/run/x");
    g_variant_builder_init(&meta, G_VARIANT_TYPE("a{ss}"));
    return g_variant_new(HA_EXEC_PROTO_EXEC_TYPE, "r1", "ocf", "heartbeat",
                         "Dummy", "monitor", 10000u, 20000u, &params, &meta);
}

static void
ipc_execd_seeds(void)
{
    static const guint32 ids[] = {
        HA_EXEC_MSG_EXEC, HA_EXEC_MSG_CANCEL, HA_EXEC_MSG_STATE,
        HA_EXEC_MSG_METADATA, HA_EXEC_MSG_LIST, HA_EXEC_MSG_STATS,
        HA_EXEC_MSG_RESULT,
    };
    guint n = G_N_ELEMENTS(ids);

    for (guint i = 0; i < n; i++) {
        const char *req = ha_exec_proto_body_type(ids[i], FALSE);
        const char *rep = ha_exec_proto_body_type(ids[i], TRUE);
        g_autofree char *rq_name = g_strdup_printf("seed-request-%u", ids[i]);
        g_autofree char *rp_name = g_strdup_printf("seed-reply-%u", ids[i]);

        if (req != NULL) {
            g_autoptr(GBytes) b = ha_ipc_execd_request_encode(
                1, ids[i] == HA_EXEC_MSG_EXEC ? exec_request_body()
                                              : sample_of(req));

            write_bytes_seed("ipc_execd", rq_name, (int) i, b);
        }
        if (rep != NULL) {
            g_autoptr(GBytes) b = ha_ipc_execd_reply_encode(
                1, 0, sample_of(rep));

            write_bytes_seed("ipc_execd", rp_name, (int) (n + i), b);
        }
    }
}

static void
hacd_msg_seeds(void)
{
    for (guint t = 0; t < 256; t++) {
        const char *type = hacd_msg_body_type(t);
        g_autofree char *name = g_strdup_printf("seed-type-%02u", t);
        g_autoptr(GVariant) env = NULL;
        g_autoptr(GVariant) normal = NULL;

        if (type == NULL) {
            continue;
        }
        env = g_variant_ref_sink(g_variant_new("(uyv)", (guint32) 1,
                                               (guchar) t, sample_of(type)));
        normal = g_variant_get_normal_form(env);
        /* no selector: the whole input is the CPG payload */
        write_seed("hacd_msg", name, -1, g_variant_get_data(normal),
                   g_variant_get_size(normal));
    }
}

/* A patch as hacd multicasts it: one property set on a small CIB. */
static void
store_patch_seed(void)
{
    g_autofree char *path = g_build_filename(
        HA_FUZZ_SRCDIR, "cts", "scheduler", "0001-primitive-start.xml", NULL);
    g_autoptr(ha_store_doc_t) old_doc = NULL;
    g_autoptr(ha_store_doc_t) new_doc = NULL;
    g_autoptr(ha_store_doc_t) bumped = NULL;
    g_autoptr(ha_store_patch_t) patch = NULL;
    g_autofree char *text = NULL;

    if (ha_store_doc_load_file(path, HA_STORE_LOAD_DEFAULT, &old_doc,
                               NULL) < 0
        || ha_store_doc_set_property(old_doc, "no-quorum-policy", "stop",
                                     &new_doc, NULL) < 0) {
        g_error("cannot make a patch from %s", path);
    }
    bumped = ha_store_doc_bump(new_doc, HA_STORE_BUMP_EPOCH);
    patch = ha_store_patch_new(old_doc, bumped);
    text = ha_store_patch_serialize(patch);
    write_seed("store_patch", "seed-set-property", -1, text, strlen(text));
}

int
main(int argc, char **argv)
{
    if (argc != 2) {
        fprintf(stderr, "usage: %s DIR\n", argv[0]);
        return 2;
    }
    out_dir = argv[1];
    (void) g_setenv("HA_SCHEMA_DIR", HA_FUZZ_SRCDIR "/xml", FALSE);
    ipc_hacd_seeds();
    ipc_execd_seeds();
    hacd_msg_seeds();
    store_patch_seed();
    return 0;
}
