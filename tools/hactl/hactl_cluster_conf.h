/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_conf.h - corosync.conf's brace format, read
 * strictly and written back.
 *
 * The format is line based: `name {` opens a section, `}` alone closes
 * it, `key: value` sets a key, and a line whose first non-blank character
 * is `#` is a comment.  Anything else is an error reported with its line
 * number, as are unclosed sections, stray `}`, keys without a value and a
 * key given twice in one section.  Comments are kept (as items) so that
 * an edited file keeps them; blank lines and indentation are not: the
 * writer indents by 4 spaces and puts a blank line between top-level
 * sections.
 *
 * A tree of struct hactl_csconf items; the root is an unnamed section.
 * Every item is owned by its parent; free the root only.
 */
#ifndef HA_HACTL_CLUSTER_CONF_H
#define HA_HACTL_CLUSTER_CONF_H

#include <glib.h>

G_BEGIN_DECLS

enum hactl_csconf_kind {
    HACTL_CSCONF_SECTION,
    HACTL_CSCONF_PAIR,
    HACTL_CSCONF_COMMENT,
};

struct hactl_csconf {
    enum hactl_csconf_kind kind;
    char *key;              /* section name, pair key, or comment text */
    char *value;            /* pair value; NULL otherwise */
    GPtrArray *children;    /* a section's items (owned); NULL otherwise */
    struct hactl_csconf *parent;
    int line;               /* where it was read; 0 if added */
};

/** A new empty root (an unnamed section); free with hactl_csconf_free(). */
struct hactl_csconf *hactl_csconf_new(void);

/** Free a tree (NULL is accepted). */
void hactl_csconf_free(struct hactl_csconf *root);

typedef struct hactl_csconf hactl_csconf_t;
G_DEFINE_AUTOPTR_CLEANUP_FUNC(hactl_csconf_t, hactl_csconf_free)

/**
 * Parse @text.
 *
 * @param[in]  text      the file's contents (NUL-terminated)
 * @param[in]  path      the file's name, for messages
 * @param[out] ret_root  the tree (caller frees), only on success
 * @param[out] ret_error "PATH:LINE: why" (caller frees), only on failure
 *
 * @return 0, or -HA_EINVALCONF
 */
int hactl_csconf_parse(const char *text, const char *path,
                       struct hactl_csconf **ret_root, char **ret_error);

/**
 * Read and parse the file at @path.
 *
 * @return 0, a negative errno if it could not be read (*ret_error says
 *         why), or -HA_EINVALCONF
 */
int hactl_csconf_read_file(const char *path, struct hactl_csconf **ret_root,
                           char **ret_error);

/** The text of a tree in corosync's format (caller frees). */
char *hactl_csconf_format(const struct hactl_csconf *root);

/** The first subsection @name of @sec, or NULL (borrowed). */
struct hactl_csconf *hactl_csconf_section(const struct hactl_csconf *sec,
                                          const char *name);

/** The pair item @key of @sec, or NULL (borrowed). */
struct hactl_csconf *hactl_csconf_pair(const struct hactl_csconf *sec,
                                       const char *key);

/** The value of @key in @sec, or NULL (borrowed). */
const char *hactl_csconf_get(const struct hactl_csconf *sec, const char *key);

/** Set @key to @value in @sec (appended when missing); NULL removes it. */
void hactl_csconf_set(struct hactl_csconf *sec, const char *key,
                      const char *value);

/** A new subsection @name appended to @sec (borrowed). */
struct hactl_csconf *hactl_csconf_add_section(struct hactl_csconf *sec,
                                              const char *name);

/** A comment line appended to @sec ("# " is added when written). */
void hactl_csconf_add_comment(struct hactl_csconf *sec, const char *text);

/** Remove @item from its parent and free it. */
void hactl_csconf_remove(struct hactl_csconf *item);

G_END_DECLS

#endif /* HA_HACTL_CLUSTER_CONF_H */
