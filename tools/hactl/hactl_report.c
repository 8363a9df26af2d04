/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_report.c - `hactl report [FILE]`: one archive with
 * what a post-mortem needs from this node: status (text and JSON), the
 * configuration, the DC's saved scheduler inputs (replay any of them with
 * `hactl simulate --xml-file inputs/input-N.xml.gz`), the daemons' and
 * corosync's logs and configuration, corosync's view of quorum.  Run it
 * on the DC for its inputs, on every node involved for their logs.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl_cli.h"

static gboolean
run_to_file(char **argv, const char *path)
{
    g_autofree char *out = NULL;
    g_autofree char *err = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;

    if (!g_spawn_sync(NULL, argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, &out,
                      &err, NULL, &error)) {
        text = g_strdup_printf("(could not run %s: %s)\n", argv[0],
                               error->message);
    } else {
        text = g_strconcat(out, err, NULL);
    }
    return g_file_set_contents(path, text, -1, NULL);
}

static void
copy_file(const char *from, const char *dir)
{
    g_autofree char *data = NULL;
    g_autofree char *base = g_path_get_basename(from);
    g_autofree char *to = g_build_filename(dir, base, NULL);
    gsize len = 0;

    if (g_file_get_contents(from, &data, &len, NULL)) {
        (void) g_file_set_contents(to, data, (gssize) len, NULL);
    }
}

static guint
copy_dir(const char *from, const char *to, const char *suffix)
{
    g_autoptr(GDir) d = g_dir_open(from, 0, NULL);
    const char *name;
    guint n = 0;

    if (d == NULL) {
        return 0;
    }
    (void) g_mkdir_with_parents(to, 0700);
    while ((name = g_dir_read_name(d)) != NULL) {
        g_autofree char *path = g_build_filename(from, name, NULL);

        if (g_file_test(path, G_FILE_TEST_IS_REGULAR)
            && (suffix == NULL || g_str_has_suffix(name, suffix))) {
            copy_file(path, to);
            n++;
        }
    }
    return n;
}

static void
rm_rf(const char *path)
{
    g_autoptr(GDir) d = g_dir_open(path, 0, NULL);
    const char *name;

    while (d != NULL && (name = g_dir_read_name(d)) != NULL) {
        g_autofree char *p = g_build_filename(path, name, NULL);

        if (g_file_test(p, G_FILE_TEST_IS_DIR)) {
            rm_rf(p);
        } else {
            (void) g_unlink(p);
        }
    }
    (void) g_rmdir(path);
}

static int
report(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GDateTime) now = g_date_time_new_now_local();
    g_autofree char *stamp = g_date_time_format(now, "%Y%m%d-%H%M%S");
    g_autofree char *name = g_strdup_printf("ha-report-%s-%s",
                                            g_get_host_name(), stamp);
    g_autofree char *dest = NULL;
    g_autofree char *tmp = g_dir_make_tmp("hactl-report-XXXXXX", NULL);
    g_autofree char *top = NULL;
    g_autofree char *self = g_file_read_link("/proc/self/exe", NULL);
    g_autofree char *state_dir = g_strdup(g_getenv("HA_STATE_DIR"));
    g_autofree char *inputs = NULL;
    g_autofree char *sub = NULL;
    g_autoptr(GVariant) cfg = NULL;
    guint n_inputs;
    int status = 0;

    dest = (a->argc == 1) ? g_strdup(a->argv[0])
                       : g_strconcat(name, ".tar.gz", NULL);
    if (tmp == NULL || self == NULL) {
        fprintf(stderr, "hactl: report: no temporary directory\n");
        return HACTL_EXIT_ERROR;
    }
    top = g_build_filename(tmp, name, NULL);
    (void) g_mkdir_with_parents(top, 0700);
    {
        char *st[] = { self, (char *) "status", NULL };
        char *js[] = { self, (char *) "--output", (char *) "json",
                       (char *) "status", NULL };
        char *q[] = { (char *) "corosync-quorumtool", (char *) "-s", NULL };
        char *v[] = { self, (char *) "--version", NULL };
        g_autofree char *p1 = g_build_filename(top, "status.txt", NULL);
        g_autofree char *p2 = g_build_filename(top, "status.json", NULL);
        g_autofree char *p3 = g_build_filename(top, "quorum.txt", NULL);
        g_autofree char *p4 = g_build_filename(top, "version.txt", NULL);

        (void) run_to_file(st, p1);
        (void) run_to_file(js, p2);
        (void) run_to_file(q, p3);
        (void) run_to_file(v, p4);
    }
    if (hactl_hacd_call(HA_IPC_HACD_CONFIG_GET, g_variant_new("()"),
                        HA_IPC_HACD_CONFIG_GET_REPLY, FALSE, &cfg) == 0) {
        g_autofree char *p = g_build_filename(top, "cib.xml", NULL);
        const char *xml = NULL;

        g_variant_get(cfg, "(&s)", &xml);
        (void) g_file_set_contents(p, xml, -1, NULL);
    }
    inputs = g_build_filename(state_dir != NULL ? state_dir : HA_STATEDIR,
                              "inputs", NULL);
    sub = g_build_filename(top, "inputs", NULL);
    n_inputs = copy_dir(inputs, sub, ".xml.gz");
    g_free(sub);
    sub = g_build_filename(top, "logs", NULL);
    (void) copy_dir("/var/log/ha", sub, NULL);
    (void) copy_dir("/var/log/corosync", sub, NULL);
    copy_file("/etc/corosync/corosync.conf", top);
    {
        char *tar[] = { (char *) "tar", (char *) "-C", tmp, (char *) "-czf",
                        dest, name, NULL };
        g_autoptr(GError) error = NULL;

        if (!g_spawn_sync(NULL, tar, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                          NULL, NULL, &status, &error)
            || !g_spawn_check_wait_status(status, NULL)) {
            fprintf(stderr, "hactl: report: could not write %s%s%s\n", dest,
                    error != NULL ? ": " : "",
                    error != NULL ? error->message : "");
            rm_rf(tmp);
            return HACTL_EXIT_ERROR;
        }
    }
    rm_rf(tmp);
    printf("Report written to %s (%u scheduler inputs)\n", dest, n_inputs);
    (void) g;
    return HACTL_EXIT_OK;
}

static const struct hactl_verb report_verbs[] = {
    { NULL, "[FILE.tar.gz]", NULL, report, 0, "bundle status, "
      "configuration, the DC's scheduler inputs, logs and\ncorosync's view "
      "of this node", "Run it on the DC for its scheduler inputs (replay one "
      "with 'hactl simulate\n--xml-file inputs/input-N.xml.gz'), on every "
      "node involved for their logs.", "hactl report /tmp/incident.tar.gz" },
};

const struct hactl_noun hactl_noun_report = {
    "report", "bundle status, configuration, scheduler inputs and logs",
    report_verbs, NULL,
};
