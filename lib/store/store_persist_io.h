/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_persist_io.h - the system calls of store_persist.c, as a
 * table that tests replace to inject failures (ENOSPC, EIO) or to kill the
 * writer between two calls.  Production code never touches it.
 *
 * Each function follows its libc namesake: -1 with errno set on failure.
 */
#ifndef HA_STORE_PERSIST_IO_H
#define HA_STORE_PERSIST_IO_H

#include <sys/types.h>

#include <glib.h>

G_BEGIN_DECLS

struct ha_store_persist_io {
    int (*open)(const char *path, int flags, mode_t mode);
    ssize_t (*write)(int fd, const void *buf, size_t len);
    int (*fsync)(int fd);
    int (*close)(int fd);
    int (*rename)(const char *from, const char *to);
    int (*link)(const char *from, const char *to);
    int (*unlink)(const char *path);
};

/** The real system calls. */
const struct ha_store_persist_io *ha_store_persist_io_default(void);

/**
 * Use @io for every later save (tests only; not thread-safe).  NULL
 * restores the real system calls.  @io must outlive its use.
 */
void ha_store_persist_set_io(const struct ha_store_persist_io *io);

G_END_DECLS

#endif /* HA_STORE_PERSIST_IO_H */
