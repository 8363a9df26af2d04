/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/common/sdnotify.h - systemd's readiness protocol, without libsystemd.
 *
 * A daemon started by systemd with Type=notify finds a unix datagram socket
 * in $NOTIFY_SOCKET and sends "READY=1", "STOPPING=1", "WATCHDOG=1" or
 * "STATUS=..." to it.  Outside systemd the variable is unset and every call
 * is a successful no-op, so daemons call these unconditionally.
 */
#ifndef HA_COMMON_SDNOTIFY_H
#define HA_COMMON_SDNOTIFY_H

#include <glib.h>

G_BEGIN_DECLS

/**
 * Send @state (e.g. "READY=1\nSTATUS=joined") to the service manager.
 *
 * @return 0 if sent or if there is no service manager, else a negative errno
 */
int ha_sd_notify(const char *state);

/**
 * The watchdog interval systemd asked for (WatchdogSec=, $WATCHDOG_USEC),
 * in microseconds, or 0 when there is none or it is meant for another pid.
 */
guint64 ha_sd_watchdog_usec(void);

G_END_DECLS

#endif /* HA_COMMON_SDNOTIFY_H */
