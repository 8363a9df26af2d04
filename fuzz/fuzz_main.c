/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * fuzz/fuzz_main.c - a fuzz target without libFuzzer: feed every file of
 * the target's corpus (fuzz/corpus/<target>/: seeds and the inputs of
 * crashes found before) to LLVMFuzzerTestOneInput() once, as TAP.
 *
 * Usage: fuzz_<target> [--tap] [FILE|DIR...]   (default: its corpus,
 * named after the program: fuzz_store_doc reads fuzz/corpus/store_doc/)
 * A crash is a crash of this program; the sanitizers (CI reruns the unit
 * tests under ASan+UBSan) and valgrind catch what would not crash.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fuzz/fuzz.h"

static void
run_file(const char *path, guint *n)
{
    g_autofree char *data = NULL;
    g_autoptr(GError) error = NULL;
    gsize len = 0;

    if (!g_file_get_contents(path, &data, &len, &error)) {
        printf("not ok %u - %s: %s\n", ++*n, path, error->message);
        return;
    }
    (void) LLVMFuzzerTestOneInput((const uint8_t *) data, len);
    printf("ok %u - %s (%" G_GSIZE_FORMAT " bytes)\n", ++*n, path, len);
    fflush(stdout);
}

static gint
cmp_str(gconstpointer a, gconstpointer b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

/* A directory's files in name order; any other path as itself. */
static void
run_path(const char *path, guint *n)
{
    g_autoptr(GDir) dir = g_dir_open(path, 0, NULL);
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const char *name;

    if (dir == NULL) {
        run_file(path, n);
        return;
    }
    while ((name = g_dir_read_name(dir)) != NULL) {
        g_ptr_array_add(names, g_build_filename(path, name, NULL));
    }
    g_ptr_array_sort(names, cmp_str);
    for (guint i = 0; i < names->len; i++) {
        run_file(names->pdata[i], n);
    }
}

/* fuzz/corpus/<target>/ of the program @argv0 (".../fuzz_<target>"). */
static char *
corpus_of(const char *argv0)
{
    g_autofree char *base = g_path_get_basename(argv0);
    const char *target = g_str_has_prefix(base, "fuzz_") ? base + 5 : base;

    return g_build_filename(HA_FUZZ_SRCDIR, "fuzz", "corpus", target, NULL);
}

int
main(int argc, char **argv)
{
    g_autofree char *corpus = corpus_of(argv[0]);
    gboolean any = FALSE;
    guint n = 0;

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--tap") != 0) {
            run_path(argv[i], &n);
            any = TRUE;
        }
    }
    if (!any) {
        run_path(corpus, &n);
    }
    if (n == 0) {
        printf("not ok 1 - no input in %s\n", any ? "the arguments" : corpus);
        n = 1;
    }
    printf("1..%u\n", n);
    return 0;
}
