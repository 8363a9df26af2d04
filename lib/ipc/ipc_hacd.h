/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_hacd.h - the message schemas of hacd's IPC service (hactl).
 *
 * Each message id has one request body type and one reply body type
 * (GVariant type strings), checked by lib/ipc before any handler or
 * caller looks at the data.  Writes carry a 64-bit request id chosen by
 * the client: a retry with the same id never applies twice.
 */
#ifndef HA_IPC_HACD_H
#define HA_IPC_HACD_H

G_BEGIN_DECLS

/* Default service name (an abstract socket); HA_IPC_NAME overrides it. */
#define HA_IPC_HACD_NAME "hacd"

/* Environment variable naming another service (tests, several daemons). */
#define HA_IPC_HACD_NAME_ENV "HA_IPC_NAME"

enum ha_ipc_hacd_msg {
    /* () -> a{sv}: see hacd_ipc.c for the keys */
    HA_IPC_HACD_STATUS = 1,
    /* () -> (s): the configuration, XML */
    HA_IPC_HACD_CONFIG_GET = 2,
    /* (request id, XML of a whole CIB) -> HA_IPC_HACD_WRITE_REPLY */
    HA_IPC_HACD_CONFIG_REPLACE = 3,
    /* (request id, name, value or nothing to unset) -> WRITE_REPLY */
    HA_IPC_HACD_PROPERTY_SET = 4,
    /* (name) -> (maybe value) */
    HA_IPC_HACD_PROPERTY_GET = 5,
    /* (node, name, value or nothing to delete) -> () */
    HA_IPC_HACD_ATTR_SET = 6,
    /* (node, name) -> (maybe value) */
    HA_IPC_HACD_ATTR_GET = 7,
};

#define HA_IPC_HACD_STATUS_REQ       "()"
#define HA_IPC_HACD_STATUS_REPLY     "a{sv}"
#define HA_IPC_HACD_CONFIG_GET_REQ   "()"
#define HA_IPC_HACD_CONFIG_GET_REPLY "(s)"
#define HA_IPC_HACD_CONFIG_REPLACE_REQ "(ts)"
#define HA_IPC_HACD_PROPERTY_SET_REQ "(tsms)"
#define HA_IPC_HACD_PROPERTY_GET_REQ "(s)"
#define HA_IPC_HACD_ATTR_SET_REQ     "(ssms)"
#define HA_IPC_HACD_ATTR_GET_REQ     "(ss)"
#define HA_IPC_HACD_MAYBE_REPLY      "(ms)"
#define HA_IPC_HACD_EMPTY_REPLY      "()"
/* (admin_epoch, epoch, num_updates, digest) of the version written */
#define HA_IPC_HACD_WRITE_REPLY      "(ttts)"

G_END_DECLS

#endif /* HA_IPC_HACD_H */
