/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_service.c - `hactl cluster start|stop|enable|
 * disable`: the three units of this node through systemctl, in order
 * (corosync, ha-execd, hacd; the reverse to stop).  A stop is refused
 * without --force when the nodes left would lose quorum.
 *
 * HA_SYSTEMCTL names the systemctl to run (tests use a script that logs
 * its arguments); without it, systemd must be PID 1.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "hactl_cli.h"
#include "hactl_cluster.h"

static const char *const units[] = { "corosync.service", "ha-execd.service",
                                     "hacd.service" };

/* The systemctl to run, or NULL after saying why there is none. */
static const char *
systemctl_path(const char *verb)
{
    const char *path = hactl_cluster_tool(HACTL_SYSTEMCTL_ENV,
                                          HACTL_SYSTEMCTL_DEFAULT);

    if (g_getenv(HACTL_SYSTEMCTL_ENV) == NULL
        && !g_file_test("/run/systemd/system", G_FILE_TEST_IS_DIR)) {
        fprintf(stderr, "hactl: cluster %s: systemd is not running as PID 1 "
                "here (no /run/systemd/system): manage corosync, ha-execd "
                "and hacd by other means\n", verb);
        return NULL;
    }
    if (path == NULL) {
        fprintf(stderr, "hactl: cluster %s: systemctl not found ('%s')\n",
                verb, g_getenv(HACTL_SYSTEMCTL_ENV) != NULL
                      ? g_getenv(HACTL_SYSTEMCTL_ENV)
                      : HACTL_SYSTEMCTL_DEFAULT);
    }
    return path;
}

/* After a start: until hacd answers, then until the cluster settled. */
static int
wait_started(double wait_s)
{
    gint64 deadline = g_get_monotonic_time()
                      + (gint64) (wait_s * G_USEC_PER_SEC);

    for (;;) {
        int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                                 HA_IPC_HACD_STATUS_REPLY, FALSE, NULL);
        gint64 left_us = deadline - g_get_monotonic_time();

        if (rc == 0) {
            return hactl_wait_settled("cluster start",
                                      MAX((double) left_us / G_USEC_PER_SEC,
                                          0.1));
        }
        if (rc != -HA_ENOTCONN) {
            return hactl_hacd_fail(rc, "cluster start");
        }
        if (left_us <= 0) {
            fprintf(stderr, "hactl: cluster start: hacd did not answer "
                    "within %.0f s\n", wait_s);
            return HACTL_EXIT_TIMEOUT;
        }
        g_usleep(200 * 1000);
    }
}

static void
print_units(const char *verb, const char *const *done, guint n_done,
            gboolean json)
{
    static const char *const said[][2] = {
        { "start", "Started" }, { "stop", "Stopped" },
        { "enable", "Enabled at boot:" }, { "disable", "Disabled at boot:" },
    };
    g_autofree char *command = g_strdup_printf("cluster %s", verb);
    g_autofree char *list = g_strjoinv(", ", (char **) done);

    if (json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "command");
        json_builder_add_string_value(b, command);
        json_builder_set_member_name(b, "units");
        json_builder_begin_array(b);
        for (guint i = 0; i < n_done; i++) {
            json_builder_add_string_value(b, done[i]);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
        return;
    }
    for (guint i = 0; i < G_N_ELEMENTS(said); i++) {
        if (strcmp(said[i][0], verb) == 0) {
            printf("%s %s on this node\n", said[i][1], list);
        }
    }
}

int
hactl_cluster_units(const char *verb, double wait_s, gboolean quiet,
                    gboolean json)
{
    gboolean reverse = (strcmp(verb, "stop") == 0
                        || strcmp(verb, "disable") == 0);
    const char *systemctl = systemctl_path(verb);
    const char *done[G_N_ELEMENTS(units) + 1] = { NULL };
    guint n_done = 0;

    if (systemctl == NULL) {
        return HACTL_EXIT_UNSUPPORTED;
    }
    for (guint i = 0; i < G_N_ELEMENTS(units); i++) {
        const char *unit = units[reverse ? G_N_ELEMENTS(units) - 1 - i : i];
        const char *argv[] = { systemctl, verb, unit, NULL };
        g_autofree char *output = NULL;
        int status = hactl_cluster_run(argv, &output);

        if (status != 0) {
            /* what is done stays done: a half-started node says so */
            fprintf(stderr, "hactl: cluster %s: 'systemctl %s %s' failed "
                    "(exit %d)%s%s\n", verb, verb, unit, status,
                    (output != NULL && *output != '\0') ? ":\n" : "",
                    output != NULL ? g_strchomp(output) : "");
            if (n_done > 0) {
                g_autofree char *list = g_strjoinv(", ", (char **) done);

                fprintf(stderr, "hactl: cluster %s: done before: %s\n", verb,
                        list);
            }
            return HACTL_EXIT_ERROR;
        }
        done[n_done++] = unit;
    }
    if (!quiet) {
        print_units(verb, done, n_done, json);
    }
    if (strcmp(verb, "start") == 0 && wait_s > 0) {
        return wait_started(wait_s);
    }
    return HACTL_EXIT_OK;
}

/* HACTL_EXIT_OK if stopping this node leaves the others quorate (or
 * there is nothing to check), else why not and HACTL_EXIT_UNSAFE. */
static int
check_quorum(const char *dir)
{
    g_autoptr(GVariant) st = NULL;
    g_autoptr(GVariant) nodes = NULL;
    g_autoptr(hactl_cluster_t) c = NULL;
    g_autofree char *path = g_build_filename(dir, HACTL_COROSYNC_CONF, NULL);
    struct hactl_cluster_stop_votes v;
    const char *local = "";
    gboolean quorate = FALSE;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    if (rc < 0) {
        fprintf(stderr, "hactl: cluster stop: quorum not checked: %s\n",
                rc == -HA_ENOTCONN ? "hacd is not running here"
                                   : ha_strerror(rc));
        return HACTL_EXIT_OK;
    }
    if (g_file_test(path, G_FILE_TEST_EXISTS)) {
        rc = hactl_cluster_load(dir, "cluster stop", &c);
        if (rc < 0) {
            return hactl_exit_from_rc(rc);
        }
    }
    (void) g_variant_lookup(st, "local_name", "&s", &local);
    (void) g_variant_lookup(st, "quorate", "b", &quorate);
    nodes = g_variant_lookup_value(st, "nodes", G_VARIANT_TYPE("a(uss)"));
    if (nodes == NULL
        || hactl_cluster_stop_is_safe(c, nodes, local, quorate, &v)) {
        return HACTL_EXIT_OK;
    }
    fprintf(stderr, "hactl: cluster stop: the %u other node%s online would "
            "keep %u of %u votes, %u short of the %u quorum needs: they "
            "would lose quorum and stop their resources (use --force to "
            "stop '%s' anyway)\n", v.others, v.others == 1 ? "" : "s",
            v.left, v.expected, v.needed - v.left, v.needed, local);
    return HACTL_EXIT_UNSAFE;
}

int
hactl_cluster_service(const struct hactl_globals *g,
                      const struct hactl_args *a)
{
    const char *verb = a->verb->name;
    const char *dir = hactl_arg_value(a, "dir");
    gboolean stop = (strcmp(verb, "stop") == 0);
    gboolean force = hactl_arg_flag(a, "force");
    double wait_s = a->wait_s;

    if (dir == NULL) {
        dir = HACTL_COROSYNC_DIR;
    }
    if (stop && !force) {
        int code;

        /* no systemctl, no point checking */
        if (systemctl_path(verb) == NULL) {
            return HACTL_EXIT_UNSUPPORTED;
        }
        code = check_quorum(dir);
        if (code != HACTL_EXIT_OK) {
            return code;
        }
    }
    return hactl_cluster_units(verb, wait_s, FALSE, g->json);
}
