/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_main.c - hacd: arguments, privileges, signals, main loop.
 *
 * Started as root (systemd), hacd creates its state directory and runtime
 * directory, gives them to hacluster:haclient and drops to that user and
 * group (with haclient's supplementary groups) before touching corosync.
 * Environment: HA_STATE_DIR, HA_LOGFILE, HA_GRACE_MS, HA_IPC_NAME.
 * --fake runs a one-node simulated cluster (no corosync), for CLI tests.
 * --metrics-address serves Prometheus metrics over HTTP (off by default).
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/log.h"
#include "common/results.h"
#include "common/sdnotify.h"
#include "ipc/ipc_hacd.h"
#include "hacd/hacd.h"
#include "hacd/hacd_metrics.h"

static GMainLoop *main_loop;
static int exit_status;

static void
on_stopped(struct hacd *h, void *data)
{
    g_main_loop_quit(main_loop);
}

static gboolean
on_signal(gpointer data)
{
    struct hacd *h = data;

    if (h->shutting_down) {
        ha_notice("Shutting down now (second request)");
        g_main_loop_quit(main_loop);
        return G_SOURCE_CONTINUE;
    }
    ha_notice("Shutting down on request: moving resources away first");
    (void) ha_sd_notify("STOPPING=1");
    hacd_shutdown(h, on_stopped, NULL);
    return G_SOURCE_CONTINUE;
}

static gboolean
on_hup(gpointer data)
{
    ha_notice("hacd has nothing to reload (SIGHUP), ignoring");
    return G_SOURCE_CONTINUE;
}

static gboolean
on_watchdog(gpointer data)
{
    (void) ha_sd_notify("WATCHDOG=1");
    return G_SOURCE_CONTINUE;
}

static void
on_fatal(struct hacd *h, int rc, void *data)
{
    exit_status = 1;
    g_main_loop_quit(main_loop);
}

static int
prepare_dir(const char *path, uid_t uid, gid_t gid, mode_t mode)
{
    if (g_mkdir_with_parents(path, mode) != 0) {
        return -errno;
    }
    if (geteuid() == 0 && chown(path, uid, gid) != 0) {
        return -errno;
    }
    return 0;
}

/* Become hacluster:haclient when started as root. */
static int
drop_privileges(const char *state_dir)
{
    struct passwd *pw;
    struct group *gr;
    uid_t uid;
    gid_t gid;
    g_autofree char *user = NULL;
    int rc;

    if (geteuid() != 0) {
        return prepare_dir(state_dir, getuid(), getgid(), 0750);
    }
    pw = getpwnam(HA_USER);
    gr = getgrnam(HA_GROUP);
    if (pw == NULL || gr == NULL) {
        ha_err("User '%s' or group '%s' does not exist", HA_USER, HA_GROUP);
        return -ENOENT;
    }
    uid = pw->pw_uid;
    gid = gr->gr_gid;
    user = g_strdup(pw->pw_name);
    rc = prepare_dir(state_dir, uid, gid, 0750);
    if (rc == 0) {
        rc = prepare_dir(HA_RUNDIR, uid, gid, 0770);
    }
    if (rc < 0) {
        return rc;
    }
    if (initgroups(user, gid) != 0 || setgid(gid) != 0 || setuid(uid) != 0) {
        return -errno;
    }
    return 0;
}

int
main(int argc, char **argv)
{
    g_autofree char *state_dir = g_strdup(g_getenv("HA_STATE_DIR"));
    g_autofree char *log_file = g_strdup(g_getenv("HA_LOGFILE"));
    g_autofree char *ipc_name = g_strdup(g_getenv(HA_IPC_HACD_NAME_ENV));
    gint grace_ms = (int) g_ascii_strtoll(g_getenv("HA_GRACE_MS") != NULL
                                          ? g_getenv("HA_GRACE_MS") : "0",
                                          NULL, 10);
    gint protocol = HACD_PROTOCOL;
    gboolean fake = FALSE;
    gboolean keep_root = FALSE;
    gboolean version = FALSE;
    g_autofree char *execd_name = g_strdup(g_getenv("HA_EXECD_NAME"));
    gboolean no_executor = FALSE;
    gint startup_grace_ms = 0;
    g_autofree char *metrics_address = NULL;
    struct hacd_metrics_http *metrics_http = NULL;
    GOptionEntry entries[] = {
        { "state-dir", 's', 0, G_OPTION_ARG_FILENAME, &state_dir,
          "state directory (default " HA_STATEDIR ")", "DIR" },
        { "log-file", 'l', 0, G_OPTION_ARG_FILENAME, &log_file,
          "also log to this file", "FILE" },
        { "grace-ms", 'g', 0, G_OPTION_ARG_INT, &grace_ms,
          "how long a node whose hacd left stays pending", "MS" },
        { "ipc-name", 0, 0, G_OPTION_ARG_STRING, &ipc_name,
          "IPC service name (default " HA_IPC_HACD_NAME ")", "NAME" },
        { "execd-name", 0, 0, G_OPTION_ARG_STRING, &execd_name,
          "the executor's IPC name (default ha-execd)", "NAME" },
        { "no-executor", 0, 0, G_OPTION_ARG_NONE, &no_executor,
          "run no resources: membership and store only (tests)", NULL },
        { "startup-grace-ms", 0, 0, G_OPTION_ARG_INT, &startup_grace_ms,
          "fence a node never seen after this long (default 60000)", "MS" },
        { "metrics-address", 0, 0, G_OPTION_ARG_STRING, &metrics_address,
          "serve Prometheus metrics at http://ADDR:PORT/metrics, e.g. "
          "127.0.0.1:9664 or [::]:9664 (off by default; under systemd set "
          "HACD_OPTIONS=\"--metrics-address=...\" in /etc/default/hacd)",
          "ADDR:PORT" },
        { "fake", 0, 0, G_OPTION_ARG_NONE, &fake,
          "simulate a one-node cluster instead of corosync (tests)", NULL },
        { "keep-root", 0, 0, G_OPTION_ARG_NONE, &keep_root,
          "do not drop privileges (tests)", NULL },
        { "protocol", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_INT, &protocol,
          "speak an older protocol (tests)", "N" },
        { "version", 0, 0, G_OPTION_ARG_NONE, &version,
          "print the version and exit", NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- the ha cluster daemon");
    g_autoptr(GError) error = NULL;
    struct hacd_options opt = { 0 };
    ha_cluster_fake_t *sim = NULL;
    struct hacd *h;
    int rc;

    /* IPC buffers of whole-store connections are megabytes: a fixed mmap
     * threshold gives them back when the client goes (glibc would raise
     * the threshold and keep them in the heap for good) */
    (void) mallopt(M_MMAP_THRESHOLD, 512 * 1024);
    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "hacd: %s\n", error->message);
        return 2;
    }
    if (version) {
        printf("hacd (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        return 0;
    }
    ha_log_init("hacd", HA_LOG_SYSLOG | HA_LOG_STDERR, LOG_NOTICE);
    if (log_file != NULL && ha_log_set_file(log_file, LOG_INFO) < 0) {
        ha_warn("Could not open log file '%s', ignoring", log_file);
    }
    if (state_dir == NULL) {
        state_dir = g_strdup(HA_STATEDIR);
    }
    if (!keep_root) {
        rc = drop_privileges(state_dir);
        if (rc < 0) {
            ha_err_rc(rc, "Could not drop privileges to %s:%s", HA_USER,
                      HA_GROUP);
            return 1;
        }
    }
    opt.state_dir = state_dir;
    opt.ipc_name = (ipc_name != NULL) ? ipc_name : (char *) HA_IPC_HACD_NAME;
    opt.grace_ms = (grace_ms > 0) ? (guint) grace_ms : HACD_GRACE_MS_DEFAULT;
    opt.protocol = (protocol > 0) ? (guint) protocol : HACD_PROTOCOL;
    opt.execd_name = (no_executor || (fake && execd_name == NULL)) ? NULL
                     : (execd_name != NULL ? execd_name : (char *) "ha-execd");
    opt.startup_grace_ms = (startup_grace_ms > 0) ? (guint) startup_grace_ms
                                                  : 0;
    if (fake) {
        sim = ha_cluster_fake_new();
        ha_cluster_fake_node_add(sim, 1, g_get_host_name(), 1);
    }
    main_loop = g_main_loop_new(NULL, FALSE);
    h = hacd_new(&opt, sim, 1);
    h->on_fatal = on_fatal;
    h->on_stopped = on_stopped;
    /* before joining: a bad address or a port in use changes nothing */
    if (metrics_address != NULL) {
        rc = hacd_metrics_http_start(h, metrics_address, &metrics_http);
        if (rc < 0) {
            (void) ha_err_rc(rc, "Could not serve metrics on '%s'",
                             metrics_address);
            hacd_free(h);
            ha_cluster_fake_free(sim);
            return (rc == -EINVAL) ? 2 : 1;
        }
        ha_notice("Serving metrics at http://%s/metrics", metrics_address);
    }
    rc = hacd_start(h);
    if (rc < 0) {
        hacd_metrics_http_free(metrics_http);
        hacd_free(h);
        ha_cluster_fake_free(sim);
        return (rc == -HA_ENOTCONN) ? 3 : 1;
    }
    (void) g_unix_signal_add(SIGTERM, on_signal, h);
    (void) g_unix_signal_add(SIGINT, on_signal, h);
    (void) g_unix_signal_add(SIGHUP, on_hup, h);
    if (ha_sd_watchdog_usec() > 0) {
        /* a hung main loop stops these, and systemd restarts us */
        (void) g_timeout_add((guint) (ha_sd_watchdog_usec() / 2000),
                             on_watchdog, NULL);
    }
    (void) ha_sd_notify("READY=1\nSTATUS=member of the cluster group");
    g_main_loop_run(main_loop);
    hacd_metrics_http_free(metrics_http);
    hacd_free(h);
    ha_cluster_fake_free(sim);
    g_main_loop_unref(main_loop);
    ha_log_fini();
    return exit_status;
}
