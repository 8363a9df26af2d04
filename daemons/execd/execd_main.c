/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/execd/execd_main.c - ha-execd: arguments, signals, main loop.
 *
 * Runs as root, local only.  Becomes a child subreaper so that daemons the
 * agents start are reaped here (no zombie ever looks like a running
 * service).  On SIGTERM it stops serving and exits, leaving every resource
 * running: stopping resources is the cluster's decision, not the
 * executor's.
 */
#include "config.h"

#include <errno.h>
#include <glib-unix.h>
#include <locale.h>
#include <pwd.h>
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#ifdef HAVE_SYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "common/log.h"
#include "common/results.h"
#include "exec/exec_proc.h"
#include "execd.h"

#define EXECD_DEFAULT_NAME "ha-execd"

struct execd_opts {
    char *name;
    char *allow_user;
    char *ocf_root;
    char *fence_dir;
    char *lsb_dir;
    char *rsctmp;
    char *tools_dir;
    char *hacd_name;
    char *node;
    char *log_file;
    gboolean verbose;
    gboolean version;
};

static gboolean
on_stop_signal(gpointer data)
{
    struct execd *d = data;

    ha_notice("Stopping: resources and monitors are left as they are");
    g_main_loop_quit(d->loop);
    return G_SOURCE_CONTINUE;
}

#ifdef HAVE_SYSTEMD
static gboolean
on_watchdog(gpointer data)
{
    /* The main loop turning is what systemd's watchdog checks. */
    (void) sd_notify(0, "WATCHDOG=1");
    return G_SOURCE_CONTINUE;
}

static void
watchdog_start(void)
{
    uint64_t usec = 0;

    if (sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        (void) g_timeout_add((guint) (usec / 2000), on_watchdog, NULL);
    }
}
#endif

static int
parse_args(int argc, char **argv, struct execd_opts *o)
{
    GOptionEntry entries[] = {
        { "name", 'n', 0, G_OPTION_ARG_STRING, &o->name,
          "IPC service name (default " EXECD_DEFAULT_NAME ")", "NAME" },
        { "allow-user", 'u', 0, G_OPTION_ARG_STRING, &o->allow_user,
          "user allowed to connect besides root (default " HA_USER ")", "USER" },
        { "ocf-root", 0, 0, G_OPTION_ARG_FILENAME, &o->ocf_root,
          "OCF roots, DIR[:DIR...] (default " HA_OCF_ROOT ":/usr/lib/ocf)", "DIR" },
        { "fence-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->fence_dir,
          "where fence_* agents are, DIR[:DIR...] (default " HA_SBINDIR ":/usr/sbin)", "DIR" },
        { "lsb-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->lsb_dir,
          "where LSB init scripts are (default /etc/init.d)", "DIR" },
        { "rsctmp", 0, 0, G_OPTION_ARG_FILENAME, &o->rsctmp,
          "HA_RSCTMP for agents (default /run/resource-agents)", "DIR" },
        { "tools-dir", 0, 0, G_OPTION_ARG_FILENAME, &o->tools_dir,
          "ha's crm_attribute, crm_node ... for agents, first on their PATH "
          "(default " HA_LIBEXECDIR "/pcmk-tools)", "DIR" },
        { "hacd-name", 0, 0, G_OPTION_ARG_STRING, &o->hacd_name,
          "IPC name of the hacd those tools talk to (default hacd)", "NAME" },
        { "node", 0, 0, G_OPTION_ARG_STRING, &o->node,
          "node name given to agents (default: host name)", "NAME" },
        { "log-file", 'l', 0, G_OPTION_ARG_FILENAME, &o->log_file,
          "also log to FILE", "FILE" },
        { "verbose", 'V', 0, G_OPTION_ARG_NONE, &o->verbose,
          "log at info level to stderr", NULL },
        { "version", 0, 0, G_OPTION_ARG_NONE, &o->version,
          "print the version and exit", NULL },
        { NULL }
    };
    g_autoptr(GOptionContext) ctx = g_option_context_new("- the ha executor");
    g_autoptr(GError) error = NULL;

    g_option_context_add_main_entries(ctx, entries, NULL);
    if (!g_option_context_parse(ctx, &argc, &argv, &error)) {
        fprintf(stderr, "ha-execd: %s\n", error->message);
        return -EINVAL;
    }
    return 0;
}

static guint
allowed_uids(const char *user, uid_t *uids)
{
    struct passwd *pw = getpwnam(user);

    if (pw == NULL) {
        ha_warn("Unknown user '%s': only root may connect", user);
        return 0;
    }
    uids[0] = pw->pw_uid;
    return 1;
}

static void
opts_clear(struct execd_opts *o)
{
    g_free(o->name);
    g_free(o->allow_user);
    g_free(o->ocf_root);
    g_free(o->fence_dir);
    g_free(o->lsb_dir);
    g_free(o->rsctmp);
    g_free(o->tools_dir);
    g_free(o->hacd_name);
    g_free(o->node);
    g_free(o->log_file);
}

static void
paths_from_opts(struct execd *d, const struct execd_opts *o)
{
    const struct ha_exec_paths *def = ha_exec_paths_default();

    d->paths = *def;
    d->paths.ocf_root = (o->ocf_root != NULL) ? o->ocf_root : def->ocf_root;
    d->paths.fence_dir = (o->fence_dir != NULL) ? o->fence_dir : def->fence_dir;
    d->paths.lsb_dir = (o->lsb_dir != NULL) ? o->lsb_dir : def->lsb_dir;
    d->paths.rsctmp = (o->rsctmp != NULL) ? o->rsctmp : def->rsctmp;
    d->paths.node_name = o->node;
    d->paths.hacd_name = o->hacd_name;
    d->paths.tools_dir = (o->tools_dir != NULL) ? o->tools_dir
                                                : def->tools_dir;
}

int
main(int argc, char **argv)
{
    struct execd_opts o = { 0 };
    struct execd d = { 0 };
    uid_t uids[1];
    guint n_uids;
    int rc;

    setlocale(LC_ALL, "");
    if (parse_args(argc, argv, &o) < 0) {
        return 2;
    }
    if (o.version) {
        printf("ha-execd (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
        return 0;
    }
    ha_log_init("ha-execd", HA_LOG_STDERR | HA_LOG_SYSLOG,
                o.verbose ? LOG_INFO : LOG_NOTICE);
    if ((o.log_file != NULL) && (ha_log_set_file(o.log_file, LOG_DEBUG) < 0)) {
        ha_warn("Could not log to '%s', ignoring", o.log_file);
    }
    paths_from_opts(&d, &o);
    n_uids = allowed_uids((o.allow_user != NULL) ? o.allow_user : HA_USER, uids);
    rc = ha_exec_reaper_init(TRUE);
    if (rc < 0) {
        ha_err_rc(rc, "Could not set up child reaping");
        opts_clear(&o);
        return 1;
    }
    rc = execd_service_start(&d, (o.name != NULL) ? o.name : EXECD_DEFAULT_NAME,
                             uids, n_uids);
    if (rc < 0) {
        ha_err_rc(rc, "Could not serve '%s'",
                  (o.name != NULL) ? o.name : EXECD_DEFAULT_NAME);
        opts_clear(&o);
        return 1;
    }
    d.loop = g_main_loop_new(NULL, FALSE);
    (void) g_unix_signal_add(SIGTERM, on_stop_signal, &d);
    (void) g_unix_signal_add(SIGINT, on_stop_signal, &d);
    ha_notice("Serving '%s' " QB_XS " ocf_root=%s",
              (o.name != NULL) ? o.name : EXECD_DEFAULT_NAME, d.paths.ocf_root);
#ifdef HAVE_SYSTEMD
    (void) sd_notify(0, "READY=1");
    watchdog_start();
#endif
    g_main_loop_run(d.loop);
    execd_service_stop(&d);
    g_main_loop_unref(d.loop);
    opts_clear(&o);
    ha_log_fini();
    return 0;
}
