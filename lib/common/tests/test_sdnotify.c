/* SPDX-License-Identifier: LGPL-2.1-or-later */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/sdnotify.h"

static void
no_manager_is_a_noop(void)
{
    g_unsetenv("NOTIFY_SOCKET");
    g_assert_cmpint(ha_sd_notify("READY=1"), ==, 0);
}

static void
sends_the_state_datagram(void)
{
    g_autofree char *dir = g_dir_make_tmp("ha-notify-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "notify", NULL);
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    char buf[64] = "";
    ssize_t got;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);

    g_assert_cmpint(fd, >=, 0);
    g_strlcpy(addr.sun_path, path, sizeof(addr.sun_path));
    g_assert_cmpint(bind(fd, (struct sockaddr *) &addr, sizeof(addr)), ==, 0);
    g_setenv("NOTIFY_SOCKET", path, TRUE);

    g_assert_cmpint(ha_sd_notify("READY=1\nSTATUS=ok"), ==, 0);
    got = recv(fd, buf, sizeof(buf) - 1, MSG_DONTWAIT);
    g_assert_cmpint(got, ==, (ssize_t) strlen("READY=1\nSTATUS=ok"));
    g_assert_cmpstr(buf, ==, "READY=1\nSTATUS=ok");

    (void) close(fd);
    (void) unlink(path);
    (void) rmdir(dir);
    g_unsetenv("NOTIFY_SOCKET");
}

static void
bad_socket_paths_are_errors(void)
{
    g_setenv("NOTIFY_SOCKET", "relative/path", TRUE);
    g_assert_cmpint(ha_sd_notify("READY=1"), ==, -EINVAL);
    g_setenv("NOTIFY_SOCKET", "/nonexistent-dir/notify", TRUE);
    g_assert_cmpint(ha_sd_notify("READY=1"), ==, -ENOENT);
    g_unsetenv("NOTIFY_SOCKET");
}

static void
watchdog_interval(void)
{
    g_autofree char *pid = g_strdup_printf("%d", (int) getpid());

    g_unsetenv("WATCHDOG_USEC");
    g_assert_cmpuint(ha_sd_watchdog_usec(), ==, 0);
    g_setenv("WATCHDOG_USEC", "30000000", TRUE);
    g_setenv("WATCHDOG_PID", pid, TRUE);
    g_assert_cmpuint(ha_sd_watchdog_usec(), ==, 30000000);
    g_setenv("WATCHDOG_PID", "1", TRUE);
    g_assert_cmpuint(ha_sd_watchdog_usec(), ==, 0);
    g_unsetenv("WATCHDOG_PID");
    g_setenv("WATCHDOG_USEC", "soon", TRUE);
    g_assert_cmpuint(ha_sd_watchdog_usec(), ==, 0);
    g_unsetenv("WATCHDOG_USEC");
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);
    g_test_add_func("/common/sdnotify/no-manager", no_manager_is_a_noop);
    g_test_add_func("/common/sdnotify/datagram", sends_the_state_datagram);
    g_test_add_func("/common/sdnotify/bad-path", bad_socket_paths_are_errors);
    g_test_add_func("/common/sdnotify/watchdog", watchdog_interval);
    return g_test_run();
}
