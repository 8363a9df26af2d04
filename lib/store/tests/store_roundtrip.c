/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/tests/store_roundtrip.c - every CIB of Pacemaker's scheduler
 * suite (../shared/pcmk-scheduler/xml, or $HA_PCMK_SUITE_DIR) loads,
 * validates and round-trips: load, serialize, load again, and both loads
 * have the same digest and the same canonical text.  One TAP test point
 * per file.  Each file is also diffed against the previous one (two
 * unrelated clusters: a hard case for the diff) and the patch must
 * rebuild it exactly.  Without the suite the test is skipped with a reason, or
 * fails when HA_REQUIRE_PCMK_SUITE=1.
 */
#include "config.h"

#include <string.h>

#include <glib.h>

#include "common/results.h"
#include "store/store_doc.h"

static ha_store_doc_t *previous;

/* Patch previous -> @doc and check that applying it rebuilds @doc. */
static void
diff_from_previous(ha_store_doc_t *doc)
{
    g_autoptr(ha_store_patch_t) patch = NULL;
    g_autoptr(ha_store_patch_t) wire = NULL;
    g_autoptr(ha_store_doc_t) result = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autofree char *text = NULL;
    int rc;

    if (previous != NULL) {
        patch = ha_store_patch_new(previous, doc);
        text = ha_store_patch_serialize(patch);
        g_assert_cmpint(ha_store_patch_parse(text, strlen(text), &wire, NULL),
                        ==, 0);
        rc = ha_store_patch_apply(previous, wire, &result, &errors);
        for (guint i = 0; rc < 0 && i < errors->len; i++) {
            g_test_message("%s", (const char *) g_ptr_array_index(errors, i));
        }
        g_assert_cmpint(rc, ==, 0);
        g_assert_true(ha_store_doc_equal(result, doc));
        ha_store_doc_unref(previous);
    }
    previous = ha_store_doc_ref(doc);
}

static void
roundtrip_one(gconstpointer data)
{
    const char *path = data;
    g_autoptr(ha_store_doc_t) first = NULL;
    g_autoptr(ha_store_doc_t) second = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autofree char *text = NULL;
    g_autofree char *canon1 = NULL;
    g_autofree char *canon2 = NULL;
    int rc;

    rc = ha_store_doc_load_file(path, HA_STORE_LOAD_DEFAULT, &first, &errors);
    if (rc < 0) {
        for (guint i = 0; errors != NULL && i < errors->len; i++) {
            g_test_message("%s", (const char *) g_ptr_array_index(errors, i));
        }
        g_test_fail_printf("%s: %s", path, ha_strerror(rc));
        return;
    }
    text = ha_store_doc_serialize(first, HA_STORE_SER_PRETTY);
    rc = ha_store_doc_load_memory(text, strlen(text), path, 0, &second,
                                  &errors);
    g_assert_cmpint(rc, ==, 0);
    g_assert_cmpstr(ha_store_doc_digest(first), ==,
                    ha_store_doc_digest(second));
    canon1 = ha_store_doc_serialize(first, HA_STORE_SER_CANONICAL);
    canon2 = ha_store_doc_serialize(second, HA_STORE_SER_CANONICAL);
    g_assert_cmpstr(canon1, ==, canon2);
    diff_from_previous(first);
}

static void
suite_missing(gconstpointer data)
{
    if (g_strcmp0(g_getenv("HA_REQUIRE_PCMK_SUITE"), "1") == 0) {
        g_test_fail_printf("%s is absent and HA_REQUIRE_PCMK_SUITE=1",
                           (const char *) data);
        return;
    }
    g_test_skip_printf("Pacemaker scheduler suite not found at %s",
                       (const char *) data);
}

static int
path_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(*(const char * const *) a, *(const char * const *) b);
}

static char *
suite_dir(void)
{
    const char *dir = g_getenv("HA_PCMK_SUITE_DIR");
    const char *top = g_getenv("top_srcdir");

    if (dir != NULL) {
        return g_strdup(dir);
    }
    return g_build_filename(top != NULL ? top : ".", "..", "shared",
                            "pcmk-scheduler", "xml", NULL);
}

int
main(int argc, char **argv)
{
    g_autofree char *dir = suite_dir();
    g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GDir) d = NULL;
    const char *name;
    int rc;

    g_test_init(&argc, &argv, NULL);
    d = g_dir_open(dir, 0, NULL);
    if (d == NULL) {
        g_test_add_data_func("/store/roundtrip/suite-missing", dir,
                             suite_missing);
        return g_test_run();
    }
    while ((name = g_dir_read_name(d)) != NULL) {
        if (g_str_has_suffix(name, ".xml")) {
            g_ptr_array_add(paths, g_build_filename(dir, name, NULL));
        }
    }
    g_ptr_array_sort(paths, path_cmp);
    for (guint i = 0; i < paths->len; i++) {
        const char *p = g_ptr_array_index(paths, i);
        g_autofree char *base = g_path_get_basename(p);
        g_autofree char *test = g_strdup_printf("/store/roundtrip/%s", base);

        g_test_add_data_func(test, p, roundtrip_one);
    }
    rc = g_test_run();
    ha_store_doc_unref(previous);
    return rc;
}
