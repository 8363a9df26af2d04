/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>

#include "common/results.h"
#include "exec/exec_agent.h"
#include "exec_test_util.h"

struct fixture {
    char *dir;
    struct ha_exec_paths paths;
};

static void
fx_setup(struct fixture *fx, gconstpointer data)
{
    g_autofree char *prov = NULL;

    fx->dir = test_mkdtemp();
    prov = g_build_filename(fx->dir, "resource.d", "test", NULL);
    g_assert_cmpint(g_mkdir_with_parents(prov, 0755), ==, 0);
    g_free(test_write_agent(prov, "Agent", "exit 0", 0755));
    g_free(test_write_agent(prov, "NoExec", "exit 0", 0644));
    g_free(test_write_agent(fx->dir, "fence_x", "cat", 0755));
    fx->paths.ocf_root = fx->dir;
    fx->paths.fence_dir = fx->dir;
    fx->paths.lsb_dir = fx->dir;
    fx->paths.rsctmp = "/tmp/rsctmp";
    fx->paths.node_name = "node1";
}

static void
fx_teardown(struct fixture *fx, gconstpointer data)
{
    test_rmdir(fx->dir);
    g_free(fx->dir);
}

/* Agents run hactl (ocf:ha:promotable publishes its promotion score with
 * it): PATH starts with this build's sbindir and bindir, whatever the
 * prefix, then the system's directories, each directory once. */
static void
agent_path_has_install_dirs(const char *path)
{
    g_auto(GStrv) dirs = NULL;

    g_assert_nonnull(path);
    dirs = g_strsplit(path, ":", -1);
    g_assert_cmpstr(dirs[0], ==, HA_SBINDIR);
    g_assert_true(g_strv_contains((const char *const *) dirs, HA_BINDIR));
    g_assert_true(g_strv_contains((const char *const *) dirs, "/usr/bin"));
    g_assert_true(g_strv_contains((const char *const *) dirs, "/bin"));
    for (guint i = 0; dirs[i] != NULL; i++) {
        g_assert_cmpstr(dirs[i], !=, "");
        for (guint k = 0; k < i; k++) {
            g_assert_cmpstr(dirs[k], !=, dirs[i]);
        }
    }
}

static void
ocf_environment(struct fixture *fx, gconstpointer data)
{
    g_autoptr(ha_exec_request_t) req =
        ha_exec_request_new("web", "ocf", "test", "Agent", "monitor", 10000,
                            20000);
    g_autoptr(ha_exec_command_t) cmd = NULL;

    ha_exec_request_set_param(req, "ip", "10.0.0.1");
    ha_exec_request_set_param(req, "OCF_CHECK_LEVEL", "10");
    ha_exec_request_set_meta(req, "clone-max", "3");
    ha_exec_request_set_meta(req, "timeout", "1");   /* executor's value wins */
    g_assert_cmpint(ha_exec_command_build(&fx->paths, req, &cmd), ==, 0);
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_ROOT"), ==, fx->dir);
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RA_VERSION_MAJOR"), ==, "1");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RA_VERSION_MINOR"), ==, "1");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESOURCE_INSTANCE"), ==, "web");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESOURCE_TYPE"), ==, "Agent");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESOURCE_PROVIDER"), ==, "test");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_EXIT_REASON_PREFIX"), ==,
                    "ocf-exit-reason:");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_ip"), ==, "10.0.0.1");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_CHECK_LEVEL"), ==, "10");
    g_assert_null(ha_exec_command_getenv(cmd, "OCF_RESKEY_OCF_CHECK_LEVEL"));
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_CRM_meta_clone_max"),
                    ==, "3");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_CRM_meta_timeout"),
                    ==, "20000");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_CRM_meta_interval"),
                    ==, "10000");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_CRM_meta_on_node"),
                    ==, "node1");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "HA_RSCTMP"), ==, "/tmp/rsctmp");
    agent_path_has_install_dirs(ha_exec_command_getenv(cmd, "PATH"));
    /* nothing leaks in from the executor's own environment */
    g_assert_null(ha_exec_command_getenv(cmd, "HOME"));
    g_assert_cmpstr(g_ptr_array_index(cmd->argv, 1), ==, "monitor");
    g_assert_null(cmd->stdin_data);
}

/* What stock agents check: the feature set, the pre-2.0 names of the
 * promoted limits, and ha's Pacemaker tools first on PATH / HA_SBIN_DIR. */
static void
pacemaker_compat(struct fixture *fx, gconstpointer data)
{
    g_autoptr(ha_exec_request_t) req =
        ha_exec_request_new("db", "ocf", "test", "Agent", "start", 0, 20000);
    g_autoptr(ha_exec_command_t) cmd = NULL;
    g_autoptr(ha_exec_command_t) bare = NULL;
    struct ha_exec_paths paths = fx->paths;

    ha_exec_request_set_meta(req, "promoted-max", "1");
    ha_exec_request_set_meta(req, "promoted-node-max", "1");
    ha_exec_request_set_meta(req, "notify", "true");
    paths.tools_dir = "/opt/ha/pcmk-tools";
    paths.hacd_name = "hacd-test";
    g_assert_cmpint(ha_exec_command_build(&paths, req, &cmd), ==, 0);
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_crm_feature_set"),
                    ==, HA_EXEC_CRM_FEATURE_SET);
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_CRM_meta_master_max"),
                    ==, "1");
    g_assert_cmpstr(ha_exec_command_getenv(cmd,
                                           "OCF_RESKEY_CRM_meta_master_node_max"),
                    ==, "1");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_CRM_meta_notify"),
                    ==, "true");
    g_assert_true(g_str_has_prefix(ha_exec_command_getenv(cmd, "PATH"),
                                   "/opt/ha/pcmk-tools:"));
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "HA_SBIN_DIR"), ==,
                    "/opt/ha/pcmk-tools");
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "HA_IPC_NAME"), ==, "hacd-test");
    /* without a tools directory, nothing points at one */
    g_assert_cmpint(ha_exec_command_build(&fx->paths, req, &bare), ==, 0);
    g_assert_null(ha_exec_command_getenv(bare, "HA_SBIN_DIR"));
    g_assert_null(ha_exec_command_getenv(bare, "HA_IPC_NAME"));
    g_assert_false(g_str_has_prefix(ha_exec_command_getenv(bare, "PATH"),
                                    "/opt"));
}

static void
probe_says_interval_zero(struct fixture *fx, gconstpointer data)
{
    g_autoptr(ha_exec_request_t) req =
        ha_exec_request_new("web", "ocf", "test", "Agent", "monitor", 0, 20000);
    g_autoptr(ha_exec_request_t) start =
        ha_exec_request_new("web", "ocf", "test", "Agent", "start", 0, 20000);
    g_autoptr(ha_exec_command_t) cmd = NULL;
    g_autoptr(ha_exec_command_t) cmd2 = NULL;

    g_assert_cmpint(ha_exec_command_build(&fx->paths, req, &cmd), ==, 0);
    g_assert_cmpstr(ha_exec_command_getenv(cmd, "OCF_RESKEY_CRM_meta_interval"),
                    ==, "0");
    g_assert_cmpint(ha_exec_command_build(&fx->paths, start, &cmd2), ==, 0);
    g_assert_null(ha_exec_command_getenv(cmd2, "OCF_RESKEY_CRM_meta_interval"));
}

static void
bad_names_rejected(struct fixture *fx, gconstpointer data)
{
    const char *bad_params[] = { "a b", "x=y", "", "a;b", "../x", "é" };
    g_autoptr(ha_exec_command_t) cmd = NULL;

    for (gsize i = 0; i < G_N_ELEMENTS(bad_params); i++) {
        g_autoptr(ha_exec_request_t) req =
            ha_exec_request_new("r", "ocf", "test", "Agent", "start", 0, 1000);

        ha_exec_request_set_param(req, bad_params[i], "v");
        g_assert_cmpint(ha_exec_request_validate(req), ==, -EINVAL);
        g_assert_cmpint(ha_exec_command_build(&fx->paths, req, &cmd), ==, -EINVAL);
    }
    {
        g_autoptr(ha_exec_request_t) req =
            ha_exec_request_new("r", "ocf", "test", "../../bin/sh", "start", 0, 1);

        g_assert_cmpint(ha_exec_request_validate(req), ==, -EINVAL);
    }
    {
        g_autoptr(ha_exec_request_t) req =
            ha_exec_request_new("r", "ocf", NULL, "Agent", "start", 0, 1);

        g_assert_cmpint(ha_exec_request_validate(req), ==, -EINVAL);
    }
    {
        g_autoptr(ha_exec_request_t) req =
            ha_exec_request_new("r", "systemd-ish", NULL, "x", "start", 0, 1);

        g_assert_cmpint(ha_exec_request_validate(req), ==, -HA_EUNSUPPORTED);
    }
    {
        g_autofree char *big = g_strnfill(HA_EXEC_PARAM_VALUE_MAX + 1, 'x');
        g_autoptr(ha_exec_request_t) req =
            ha_exec_request_new("r", "ocf", "test", "Agent", "start", 0, 1);

        ha_exec_request_set_param(req, "big", big);
        g_assert_cmpint(ha_exec_request_validate(req), ==, -HA_ETOOBIG);
    }
}

static void
missing_and_noexec(struct fixture *fx, gconstpointer data)
{
    g_autoptr(ha_exec_request_t) missing =
        ha_exec_request_new("r", "ocf", "test", "Nope", "start", 0, 1000);
    g_autoptr(ha_exec_request_t) noexec =
        ha_exec_request_new("r", "ocf", "test", "NoExec", "start", 0, 1000);
    g_autoptr(ha_exec_command_t) cmd = NULL;

    g_assert_cmpint(ha_exec_command_build(&fx->paths, missing, &cmd), ==, -ENOENT);
    g_assert_cmpint(ha_exec_command_build(&fx->paths, noexec, &cmd), ==, -EACCES);
}

static void
stonith_stdin(struct fixture *fx, gconstpointer data)
{
    g_autoptr(ha_exec_request_t) req =
        ha_exec_request_new("fd", "stonith", NULL, "fence_x", "off", 0, 20000);
    g_autoptr(ha_exec_command_t) cmd = NULL;

    ha_exec_request_set_param(req, "status_file", "/tmp/x");
    ha_exec_request_set_param(req, "pcmk_host_map", "node2:p2;node3:p3");
    ha_exec_request_set_meta(req, "target", "node2");
    g_assert_cmpint(ha_exec_command_build(&fx->paths, req, &cmd), ==, 0);
    g_assert_cmpstr(cmd->stdin_data, ==,
                    "action=off\nstatus_file=/tmp/x\nnodename=node2\nport=p2\n");
    g_assert_cmpuint(cmd->argv->len, ==, 2);   /* path + NULL: no argv */
    g_assert_null(ha_exec_command_getenv(cmd, "OCF_RESKEY_status_file"));
    g_assert_cmpint(cmd->rc_kind, ==, HA_EXEC_RC_FENCE);
}

static void
stonith_rejects_newlines_and_maps_start(struct fixture *fx, gconstpointer data)
{
    g_autoptr(ha_exec_request_t) bad =
        ha_exec_request_new("fd", "stonith", NULL, "fence_x", "off", 0, 20000);
    g_autoptr(ha_exec_request_t) start =
        ha_exec_request_new("fd", "stonith", NULL, "fence_x", "start", 0, 20000);
    g_autoptr(ha_exec_request_t) stop =
        ha_exec_request_new("fd", "stonith", NULL, "fence_x", "stop", 0, 20000);
    g_autoptr(ha_exec_command_t) cmd = NULL;
    g_autoptr(ha_exec_command_t) cmd2 = NULL;

    ha_exec_request_set_param(bad, "ipaddr", "x\naction=reboot");
    g_assert_cmpint(ha_exec_request_validate(bad), ==, -EINVAL);
    g_assert_cmpint(ha_exec_command_build(&fx->paths, start, &cmd), ==, 0);
    g_assert_cmpstr(cmd->stdin_data, ==, "action=monitor\n");
    g_assert_cmpint(ha_exec_command_build(&fx->paths, stop, &cmd2), ==, 0);
    g_assert_true(cmd2->no_process);
}

static void
lsb_monitor_is_status(struct fixture *fx, gconstpointer data)
{
    g_autoptr(ha_exec_request_t) req =
        ha_exec_request_new("svc", "lsb", NULL, "fence_x", "monitor", 0, 20000);
    g_autoptr(ha_exec_command_t) cmd = NULL;

    g_assert_cmpint(ha_exec_command_build(&fx->paths, req, &cmd), ==, 0);
    g_assert_cmpstr(g_ptr_array_index(cmd->argv, 1), ==, "status");
    g_assert_cmpint(cmd->rc_kind, ==, HA_EXEC_RC_LSB);
}

static void
parse_agent_names(void)
{
    g_autofree char *c = NULL;
    g_autofree char *p = NULL;
    g_autofree char *t = NULL;
    g_autofree char *c2 = NULL;
    g_autofree char *p2 = NULL;
    g_autofree char *t2 = NULL;

    g_assert_cmpint(ha_exec_agent_parse("ocf:heartbeat:Dummy", &c, &p, &t), ==, 0);
    g_assert_cmpstr(c, ==, "ocf");
    g_assert_cmpstr(p, ==, "heartbeat");
    g_assert_cmpstr(t, ==, "Dummy");
    g_assert_cmpint(ha_exec_agent_parse("stonith:fence_dummy", &c2, &p2, &t2), ==, 0);
    g_assert_null(p2);
    g_assert_cmpstr(t2, ==, "fence_dummy");
    g_assert_cmpint(ha_exec_agent_parse("ocf:Dummy", &c, &p, &t), ==, -EINVAL);
    g_assert_cmpint(ha_exec_agent_parse("ocf:x:../y", &c, &p, &t), ==, -EINVAL);
    g_assert_cmpint(ha_exec_agent_parse("nagios:x", &c, &p, &t), ==,
                    -HA_EUNSUPPORTED);
    g_assert_cmpint(ha_exec_agent_parse("Dummy", &c, &p, &t), ==, -EINVAL);
}

static void
list_agents(struct fixture *fx, gconstpointer data)
{
    g_autoptr(GPtrArray) names = NULL;
    g_autoptr(GPtrArray) fences = NULL;

    g_assert_cmpint(ha_exec_agents_list(&fx->paths, "ocf", NULL, &names), ==, 0);
    g_assert_cmpuint(names->len, ==, 1);   /* NoExec is not an agent */
    g_assert_cmpstr(g_ptr_array_index(names, 0), ==, "test:Agent");
    g_assert_cmpint(ha_exec_agents_list(&fx->paths, "stonith", NULL, &fences), ==, 0);
    g_assert_cmpuint(fences->len, ==, 1);
    g_assert_cmpstr(g_ptr_array_index(fences, 0), ==, "fence_x");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
#define ADD(path, fn) \
    g_test_add(path, struct fixture, NULL, fx_setup, fn, fx_teardown)
    ADD("/exec/agent/ocf-environment", ocf_environment);
    ADD("/exec/agent/probe-interval-zero", probe_says_interval_zero);
    ADD("/exec/agent/pacemaker-compat", pacemaker_compat);
    ADD("/exec/agent/bad-names-rejected", bad_names_rejected);
    ADD("/exec/agent/missing-and-noexec", missing_and_noexec);
    ADD("/exec/agent/stonith-stdin", stonith_stdin);
    ADD("/exec/agent/stonith-newline-start-stop", stonith_rejects_newlines_and_maps_start);
    ADD("/exec/agent/lsb-monitor-status", lsb_monitor_is_status);
    ADD("/exec/agent/list", list_agents);
    g_test_add_func("/exec/agent/parse", parse_agent_names);
    return g_test_run();
}
