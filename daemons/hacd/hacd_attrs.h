/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_attrs.h - transient node attributes (hacd_attrs.c,
 * DESIGN.md decision 5).
 *
 * The table is private to hacd_attrs.c: read it with hacd_attr_get() or
 * hacd_attr_list().  Every member applies a change when its message is
 * delivered, so all tables change in the same order.
 */
#ifndef HA_HACD_ATTRS_H
#define HA_HACD_ATTRS_H

#include <glib.h>
#include <stdint.h>

G_BEGIN_DECLS

struct hacd;

/* Opaque (hacd_attrs.c). */
struct hacd_attrs;

struct hacd_attrs *hacd_attrs_new(void);
void hacd_attrs_free(struct hacd_attrs *a);
/** Shutting down: answer waiting submitters with -HA_ENOTCONN now. */
void hacd_attr_clear(struct hacd *h);

/* One attribute, as hacd_attr_list() returns it (strings owned). */
struct hacd_attr {
    char *node;
    char *name;
    char *value;
};

typedef void (*hacd_attr_done_fn)(int rc, void *user_data);

/** Set (@value NULL: delete) a transient attribute of @node. */
void hacd_attr_submit(struct hacd *h, const char *node, const char *name,
                      const char *value, hacd_attr_done_fn done,
                      void *user_data);

/** @name is a private attribute (HA_IPC_HACD_ATTR_PRIVATE_PREFIX): it is
 *  replicated but starts no transition, is never given to the scheduler
 *  and is not shown (Pacemaker's attrd-only attributes, attrd_updater -p). */
gboolean hacd_attr_is_private(const char *name);

/** Current value, or NULL (borrowed). */
const char *hacd_attr_get(struct hacd *h, const char *node, const char *name);

/**
 * The attributes of @node (NULL: of every node), sorted by node then
 * name: a GPtrArray of struct hacd_attr (free with g_ptr_array_unref()).
 */
GPtrArray *hacd_attr_list(struct hacd *h, const char *node);

/** TRUE between a SYNC_DONE and the DC's ATTR_ALL (the table is not yet
 * the cluster's). */
gboolean hacd_attr_syncing(const struct hacd *h);

void hacd_attr_on_set(struct hacd *h, uint32_t nodeid, uint32_t pid,
                      GVariant *body);
void hacd_attr_on_all(struct hacd *h, uint32_t nodeid, GVariant *body);
/** SYNC_DONE delivered: an ATTR_ALL from the DC will follow. */
void hacd_attr_expect_all(struct hacd *h);
/** DC: send the whole table (after a sync). */
void hacd_attr_send_all(struct hacd *h);
/**
 * Apply a change that every member makes itself when one same message is
 * delivered (fail counts): no message is sent, and the change survives
 * the DC's ATTR_ALL like a delivered ATTR_SET.
 */
void hacd_attr_apply_delivered(struct hacd *h, const char *node,
                               const char *name, const char *value);
/** Forget the attributes of a node that is lost or left cleanly. */
void hacd_attr_forget_node(struct hacd *h, const char *node);

G_END_DECLS

#endif /* HA_HACD_ATTRS_H */
