/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* lib/common/sdnotify.c - one datagram to $NOTIFY_SOCKET. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "common/sdnotify.h"

int
ha_sd_notify(const char *state)
{
    const char *path = g_getenv("NOTIFY_SOCKET");
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    socklen_t addr_len;
    size_t path_len;
    ssize_t sent;
    int fd;
    int rc = 0;

    if (state == NULL) {
        return -EINVAL;
    }
    if (path == NULL || path[0] == '\0') {
        return 0;
    }
    path_len = strlen(path);
    if ((path[0] != '/' && path[0] != '@') || path_len >= sizeof(addr.sun_path)) {
        return -EINVAL;
    }
    memcpy(addr.sun_path, path, path_len);
    if (path[0] == '@') {
        addr.sun_path[0] = '\0';    /* abstract namespace */
    }
    addr_len = (socklen_t) (offsetof(struct sockaddr_un, sun_path) + path_len);

    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd == -1) {
        return -errno;
    }
    sent = sendto(fd, state, strlen(state), MSG_NOSIGNAL,
                  (struct sockaddr *) &addr, addr_len);
    if (sent == -1) {
        rc = -errno;
    } else if ((size_t) sent != strlen(state)) {
        rc = -EMSGSIZE;
    }
    (void) close(fd);
    return rc;
}

guint64
ha_sd_watchdog_usec(void)
{
    const char *usec = g_getenv("WATCHDOG_USEC");
    const char *pid = g_getenv("WATCHDOG_PID");
    guint64 value;
    char *end = NULL;

    if (usec == NULL) {
        return 0;
    }
    if (pid != NULL && g_ascii_strtoll(pid, NULL, 10) != (gint64) getpid()) {
        return 0;
    }
    value = g_ascii_strtoull(usec, &end, 10);
    if (end == usec || *end != '\0') {
        return 0;
    }
    return value;
}
