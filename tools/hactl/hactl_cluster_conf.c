/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_conf.c - a strict reader and a writer of
 * corosync.conf's brace format (see hactl_cluster_conf.h).
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>

#include "common/results.h"
#include "hactl_cluster_conf.h"

static struct hactl_csconf *
item_new(enum hactl_csconf_kind kind, const char *key, const char *value,
         int line)
{
    struct hactl_csconf *it = g_new0(struct hactl_csconf, 1);

    it->kind = kind;
    it->key = g_strdup(key);
    it->value = g_strdup(value);
    it->line = line;
    if (kind == HACTL_CSCONF_SECTION) {
        it->children = g_ptr_array_new_with_free_func(
            (GDestroyNotify) hactl_csconf_free);
    }
    return it;
}

static void
item_append(struct hactl_csconf *sec, struct hactl_csconf *it)
{
    it->parent = sec;
    g_ptr_array_add(sec->children, it);
}

struct hactl_csconf *
hactl_csconf_new(void)
{
    return item_new(HACTL_CSCONF_SECTION, NULL, NULL, 0);
}

void
hactl_csconf_free(struct hactl_csconf *root)
{
    if (root == NULL) {
        return;
    }
    if (root->children != NULL) {
        g_ptr_array_unref(root->children);
    }
    g_free(root->key);
    g_free(root->value);
    g_free(root);
}

/* Section names and keys: letters, digits, '_', '.' and '-'. */
static gboolean
word_valid(const char *s)
{
    if (*s == '\0') {
        return FALSE;
    }
    for (; *s != '\0'; s++) {
        if (!g_ascii_isalnum(*s) && *s != '_' && *s != '.' && *s != '-') {
            return FALSE;
        }
    }
    return TRUE;
}

static int G_GNUC_PRINTF(4, 5)
parse_error(char **ret_error, const char *path, int line, const char *fmt,
            ...)
{
    g_autofree char *why = NULL;
    va_list ap;

    va_start(ap, fmt);
    why = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    *ret_error = g_strdup_printf("%s:%d: %s", path, line, why);
    return -HA_EINVALCONF;
}

/* Parse one non-blank, non-comment line into @*cur (which moves). */
static int
parse_line(char *s, int line, const char *path, struct hactl_csconf **cur,
           char **ret_error)
{
    size_t len = strlen(s);
    char *colon = strchr(s, ':');

    if (strcmp(s, "}") == 0) {
        if ((*cur)->parent == NULL) {
            return parse_error(ret_error, path, line,
                               "'}' without an open section");
        }
        *cur = (*cur)->parent;
        return 0;
    }
    if (s[len - 1] == '{') {
        struct hactl_csconf *sec;

        s[len - 1] = '\0';
        g_strstrip(s);
        if (!word_valid(s)) {
            return parse_error(ret_error, path, line,
                               "'%s' is not a section name", s);
        }
        sec = item_new(HACTL_CSCONF_SECTION, s, NULL, line);
        item_append(*cur, sec);
        *cur = sec;
        return 0;
    }
    if (strchr(s, '{') != NULL || strchr(s, '}') != NULL) {
        return parse_error(ret_error, path, line, "'{' ends a section's "
                           "first line and '}' stands alone: one section "
                           "or key per line");
    }
    if (colon == NULL) {
        return parse_error(ret_error, path, line, "expected 'key: value', "
                           "'name {' or '}'");
    }
    *colon = '\0';
    g_strstrip(s);
    g_strstrip(colon + 1);
    if (!word_valid(s)) {
        return parse_error(ret_error, path, line, "'%s' is not a key", s);
    }
    if (colon[1] == '\0') {
        return parse_error(ret_error, path, line, "no value for '%s'", s);
    }
    if (hactl_csconf_pair(*cur, s) != NULL) {
        return parse_error(ret_error, path, line, "'%s' is set twice in "
                           "section '%s' (first at line %d)", s,
                           (*cur)->key != NULL ? (*cur)->key : "(top)",
                           hactl_csconf_pair(*cur, s)->line);
    }
    item_append(*cur, item_new(HACTL_CSCONF_PAIR, s, colon + 1, line));
    return 0;
}

int
hactl_csconf_parse(const char *text, const char *path,
                   struct hactl_csconf **ret_root, char **ret_error)
{
    g_autoptr(hactl_csconf_t) root = hactl_csconf_new();
    g_auto(GStrv) lines = g_strsplit(text, "\n", -1);
    struct hactl_csconf *cur = root;
    int rc;

    for (int i = 0; lines[i] != NULL; i++) {
        char *s = g_strstrip(lines[i]);

        if (*s == '\0') {
            continue;
        }
        if (*s == '#') {
            item_append(cur, item_new(HACTL_CSCONF_COMMENT, s, NULL, i + 1));
            continue;
        }
        rc = parse_line(s, i + 1, path, &cur, ret_error);
        if (rc < 0) {
            return rc;
        }
    }
    if (cur != root) {
        return parse_error(ret_error, path, cur->line,
                           "section '%s' is not closed", cur->key);
    }
    *ret_root = g_steal_pointer(&root);
    return 0;
}

int
hactl_csconf_read_file(const char *path, struct hactl_csconf **ret_root,
                       char **ret_error)
{
    g_autofree char *text = NULL;
    g_autoptr(GError) error = NULL;

    if (!g_file_get_contents(path, &text, NULL, &error)) {
        int rc = ha_rc_from_gerror(error);

        *ret_error = g_strdup_printf("could not read '%s': %s", path,
                                     g_strerror(-rc));
        return rc;
    }
    if (strlen(text) == 0) {
        *ret_error = g_strdup_printf("%s is empty", path);
        return -HA_EINVALCONF;
    }
    return hactl_csconf_parse(text, path, ret_root, ret_error);
}

static void
format_items(GString *out, const struct hactl_csconf *sec, int depth)
{
    for (guint i = 0; i < sec->children->len; i++) {
        const struct hactl_csconf *it = sec->children->pdata[i];

        if (depth == 0 && i > 0 && it->kind != HACTL_CSCONF_PAIR) {
            const struct hactl_csconf *prev = sec->children->pdata[i - 1];

            /* a blank line before a top-level section and the comments
             * just above it */
            if (prev->kind != HACTL_CSCONF_COMMENT) {
                g_string_append_c(out, '\n');
            }
        }
        for (int d = 0; d < depth; d++) {
            g_string_append(out, "    ");
        }
        switch (it->kind) {
        case HACTL_CSCONF_COMMENT:
            g_string_append_printf(out, "%s\n", it->key);
            break;
        case HACTL_CSCONF_PAIR:
            g_string_append_printf(out, "%s: %s\n", it->key, it->value);
            break;
        case HACTL_CSCONF_SECTION:
            g_string_append_printf(out, "%s {\n", it->key);
            format_items(out, it, depth + 1);
            for (int d = 0; d < depth; d++) {
                g_string_append(out, "    ");
            }
            g_string_append(out, "}\n");
            break;
        }
    }
}

char *
hactl_csconf_format(const struct hactl_csconf *root)
{
    GString *out = g_string_new(NULL);

    format_items(out, root, 0);
    return g_string_free(out, FALSE);
}

struct hactl_csconf *
hactl_csconf_section(const struct hactl_csconf *sec, const char *name)
{
    for (guint i = 0; sec != NULL && i < sec->children->len; i++) {
        struct hactl_csconf *it = sec->children->pdata[i];

        if (it->kind == HACTL_CSCONF_SECTION && strcmp(it->key, name) == 0) {
            return it;
        }
    }
    return NULL;
}

struct hactl_csconf *
hactl_csconf_pair(const struct hactl_csconf *sec, const char *key)
{
    for (guint i = 0; sec != NULL && i < sec->children->len; i++) {
        struct hactl_csconf *it = sec->children->pdata[i];

        if (it->kind == HACTL_CSCONF_PAIR && strcmp(it->key, key) == 0) {
            return it;
        }
    }
    return NULL;
}

const char *
hactl_csconf_get(const struct hactl_csconf *sec, const char *key)
{
    const struct hactl_csconf *it = hactl_csconf_pair(sec, key);

    return (it != NULL) ? it->value : NULL;
}

void
hactl_csconf_set(struct hactl_csconf *sec, const char *key, const char *value)
{
    struct hactl_csconf *it = hactl_csconf_pair(sec, key);

    if (value == NULL) {
        if (it != NULL) {
            hactl_csconf_remove(it);
        }
    } else if (it != NULL) {
        g_free(it->value);
        it->value = g_strdup(value);
    } else {
        item_append(sec, item_new(HACTL_CSCONF_PAIR, key, value, 0));
    }
}

struct hactl_csconf *
hactl_csconf_add_section(struct hactl_csconf *sec, const char *name)
{
    struct hactl_csconf *it = item_new(HACTL_CSCONF_SECTION, name, NULL, 0);

    item_append(sec, it);
    return it;
}

void
hactl_csconf_add_comment(struct hactl_csconf *sec, const char *text)
{
    g_autofree char *line = g_strdup_printf("# %s", text);

    item_append(sec, item_new(HACTL_CSCONF_COMMENT, line, NULL, 0));
}

void
hactl_csconf_remove(struct hactl_csconf *item)
{
    (void) g_ptr_array_remove(item->parent->children, item);
}
