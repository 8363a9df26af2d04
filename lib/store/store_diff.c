/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_diff.c - structural diff and patch between two versions
 * of a document: what the cluster replicates.
 *
 * A patch is an XML document:
 *   <ha-patch format="1">
 *     <source admin_epoch= epoch= num_updates= digest=/>   base version
 *     <target .../>                                        result version
 *     <changes> op* </changes>
 *   </ha-patch>
 * with ops, applied in order, each naming its element by a path
 * "/cib/configuration/resources/primitive[@id='vip']" or, for elements
 * without a usable id, "name[k]" (k-th child of that name, from 1):
 *   <modify path=><set name= value=/>* <unset name=/>*</modify>
 *   <delete path=/>
 *   <create path=PARENT position=K>ELEMENT</create>   insert as K-th child
 *   <move path= position=K/>                          move to K-th place
 *   <replace path=>ELEMENT</replace>
 * The digests are SHA-256 of the canonical text of the whole <cib>
 * (versions and status included), so a patch applies only to exactly its
 * base and must yield exactly its target.
 *
 * The diff is computed by replaying each op on a working copy of the old
 * DOM as it is emitted, with the same code that applies patches, so paths
 * always describe the state the receiver will be in.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "store/store_doc.h"
#include "store/store_doc_private.h"
#include "store/store_names.h"

#define PATCH_FORMAT "1"
#define PE_PATCH   "ha-patch"
#define PE_SOURCE  "source"
#define PE_TARGET  "target"
#define PE_CHANGES "changes"
#define PE_MODIFY  "modify"
#define PE_SET     "set"
#define PE_UNSET   "unset"
#define PE_DELETE  "delete"
#define PE_CREATE  "create"
#define PE_MOVE    "move"
#define PE_REPLACE "replace"
#define PA_PATH    "path"
#define PA_POS     "position"
#define PA_DIGEST  "digest"
#define PA_FORMAT  "format"

struct ha_store_patch {
    xmlDoc *xml;
    struct ha_store_version source;
    struct ha_store_version target;
    char source_digest[HA_STORE_DIGEST_LEN];
    char target_digest[HA_STORE_DIGEST_LEN];
};

/* ---- paths ------------------------------------------------------------- */

/* The id of @node if it can name it among its siblings, else NULL. */
static const char *
segment_id(const xmlNode *node)
{
    const char *id = ha_xml_attr(node, HA_XA_ID);

    if (id == NULL || !ha_id_valid(id) || node->parent == NULL
        || node->parent->type != XML_ELEMENT_NODE) {
        return NULL;
    }
    for (const xmlNode *c = ha_xml_first_child(node->parent, NULL);
         c != NULL; c = ha_xml_next(c, NULL)) {
        if (c != node && xmlStrEqual(c->name, node->name)
            && g_strcmp0(ha_xml_attr(c, HA_XA_ID), id) == 0) {
            return NULL;
        }
    }
    return id;
}

static void
path_append(GString *out, const xmlNode *node)
{
    const char *id;
    guint k = 1;

    if (node->parent == NULL || node->parent->type != XML_ELEMENT_NODE) {
        g_string_append_printf(out, "/%s", (const char *) node->name);
        return;
    }
    path_append(out, node->parent);
    id = segment_id(node);
    if (id != NULL) {
        g_string_append_printf(out, "/%s[@id='%s']",
                               (const char *) node->name, id);
        return;
    }
    for (const xmlNode *c = ha_xml_first_child(node->parent, NULL); c != node;
         c = ha_xml_next(c, NULL)) {
        if (xmlStrEqual(c->name, node->name)) {
            k++;
        }
    }
    g_string_append_printf(out, "/%s[%u]", (const char *) node->name, k);
}

static char *
path_of(const xmlNode *node)
{
    GString *out = g_string_new(NULL);

    path_append(out, node);
    return g_string_free(out, FALSE);
}

/* The child of @parent that one path segment names, or NULL. */
static xmlNode *
resolve_segment(xmlNode *parent, const char *seg)
{
    const char *open = strchr(seg, '[');
    g_autofree char *name = NULL;
    guint64 k = 0;

    if (open == NULL || !g_str_has_suffix(seg, "]")) {
        return NULL;
    }
    name = g_strndup(seg, (gsize) (open - seg));
    if (g_str_has_prefix(open, "[@id='") && g_str_has_suffix(seg, "']")) {
        g_autofree char *id = g_strndup(open + 6, strlen(open + 6) - 2);

        /* first the element, then (once) whether its id is unique */
        for (xmlNode *c = ha_xml_first_child(parent, name); c != NULL;
             c = ha_xml_next(c, name)) {
            if (g_strcmp0(ha_xml_attr(c, HA_XA_ID), id) == 0) {
                return (segment_id(c) != NULL) ? c : NULL;
            }
        }
        return NULL;
    }
    {
        g_autofree char *num = g_strndup(open + 1, strlen(open + 1) - 1);

        if (!g_ascii_string_to_unsigned(num, 10, 1, G_MAXUINT, &k, NULL)) {
            return NULL;
        }
    }
    for (xmlNode *c = ha_xml_first_child(parent, name); c != NULL;
         c = ha_xml_next(c, name)) {
        if (--k == 0) {
            return c;
        }
    }
    return NULL;
}

static xmlNode *
resolve_path(xmlDoc *xml, const char *path)
{
    g_auto(GStrv) segs = NULL;
    xmlNode *node = xmlDocGetRootElement(xml);

    if (path == NULL || path[0] != '/') {
        return NULL;
    }
    segs = g_strsplit(path + 1, "/", -1);
    if (segs[0] == NULL || node == NULL
        || !xmlStrEqual(node->name, (const xmlChar *) segs[0])) {
        return NULL;
    }
    for (guint i = 1; segs[i] != NULL && node != NULL; i++) {
        node = resolve_segment(node, segs[i]);
    }
    return node;
}

/* ---- applying one op --------------------------------------------------- */

static xmlNode *
nth_element(xmlNode *parent, guint64 k)
{
    for (xmlNode *c = ha_xml_first_child(parent, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (k-- == 0) {
            return c;
        }
    }
    return NULL;
}

static guint
element_count(const xmlNode *parent)
{
    guint n = 0;

    for (xmlNode *c = ha_xml_first_child(parent, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        n++;
    }
    return n;
}

/* Insert @child as the @pos-th element child of @parent. */
static int
insert_at(xmlNode *parent, xmlNode *child, const char *pos_text)
{
    guint64 pos;
    xmlNode *before;

    if (pos_text == NULL
        || !g_ascii_string_to_unsigned(pos_text, 10, 0, element_count(parent),
                                       &pos, NULL)) {
        return -HA_EPROTO;
    }
    before = nth_element(parent, pos);
    if (before != NULL) {
        (void) xmlAddPrevSibling(before, child);
    } else {
        (void) xmlAddChild(parent, child);
    }
    return 0;
}

static int
apply_modify(xmlNode *target, const xmlNode *op)
{
    for (const xmlNode *c = ha_xml_first_child(op, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        const char *name = ha_xml_attr(c, HA_XA_NAME);

        if (name == NULL) {
            return -HA_EPROTO;
        }
        if (ha_xml_is(c, PE_SET) && ha_xml_attr(c, HA_XA_VALUE) != NULL) {
            (void) xmlSetProp(target, (const xmlChar *) name,
                              (const xmlChar *) ha_xml_attr(c, HA_XA_VALUE));
        } else if (ha_xml_is(c, PE_UNSET)) {
            if (xmlUnsetProp(target, (const xmlChar *) name) != 0) {
                return -HA_EPROTO;
            }
        } else {
            return -HA_EPROTO;
        }
    }
    return 0;
}

static int
apply_op(xmlDoc *xml, const xmlNode *op)
{
    xmlNode *target = resolve_path(xml, ha_xml_attr(op, PA_PATH));
    xmlNode *content = ha_xml_first_child(op, NULL);

    if (target == NULL) {
        return -HA_EPROTO;
    }
    if (ha_xml_is(op, PE_MODIFY)) {
        return apply_modify(target, op);
    }
    if (ha_xml_is(op, PE_DELETE) && target->parent->type == XML_ELEMENT_NODE) {
        xmlUnlinkNode(target);
        xmlFreeNode(target);
        return 0;
    }
    if (ha_xml_is(op, PE_MOVE) && target->parent->type == XML_ELEMENT_NODE) {
        xmlNode *parent = target->parent;

        xmlUnlinkNode(target);
        if (insert_at(parent, target, ha_xml_attr(op, PA_POS)) < 0) {
            xmlFreeNode(target);
            return -HA_EPROTO;
        }
        return 0;
    }
    if (ha_xml_is(op, PE_CREATE) && content != NULL) {
        xmlNode *copy = xmlDocCopyNode(content, xml, 1);
        int rc = insert_at(target, copy, ha_xml_attr(op, PA_POS));

        if (rc < 0) {
            xmlFreeNode(copy);
        }
        return rc;
    }
    if (ha_xml_is(op, PE_REPLACE) && content != NULL) {
        xmlNode *copy = xmlDocCopyNode(content, xml, 1);

        if (target == xmlDocGetRootElement(xml)) {
            xmlFreeNode(xmlDocSetRootElement(xml, copy));
        } else {
            xmlFreeNode(xmlReplaceNode(target, copy));
        }
        return 0;
    }
    return -HA_EPROTO;
}

/* ---- computing a diff -------------------------------------------------- */

struct differ {
    xmlDoc *work;         /* the old DOM, becoming the new one */
    xmlNode *changes;     /* <changes> of the patch being built */
};

static xmlNode *
emit(struct differ *d, const char *kind, const xmlNode *at)
{
    g_autofree char *path = path_of(at);
    xmlNode *op = xmlNewChild(d->changes, NULL, (const xmlChar *) kind, NULL);

    (void) xmlSetProp(op, (const xmlChar *) PA_PATH, (const xmlChar *) path);
    return op;
}

static void
commit_op(struct differ *d, const xmlNode *op)
{
    int rc = apply_op(d->work, op);

    ha_assert(rc == 0);
}

static gboolean
has_text(const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
same_canon(const xmlNode *a, const xmlNode *b)
{
    g_autoptr(GString) ta = g_string_new(NULL);
    g_autoptr(GString) tb = g_string_new(NULL);

    ha_store_canon_append(ta, a);
    ha_store_canon_append(tb, b);
    return g_string_equal(ta, tb);
}

static void
diff_attrs(struct differ *d, xmlNode *w, const xmlNode *n)
{
    xmlNode *op = NULL;

    for (const xmlAttr *a = n->properties; a != NULL; a = a->next) {
        const char *v = ha_xml_attr(n, (const char *) a->name);
        const char *old = ha_xml_attr(w, (const char *) a->name);

        if (v != NULL && g_strcmp0(old, v) != 0) {
            xmlNode *set;

            if (op == NULL) {
                op = emit(d, PE_MODIFY, w);
            }
            set = xmlNewChild(op, NULL, (const xmlChar *) PE_SET, NULL);
            (void) xmlSetProp(set, (const xmlChar *) HA_XA_NAME, a->name);
            (void) xmlSetProp(set, (const xmlChar *) HA_XA_VALUE,
                              (const xmlChar *) v);
        }
    }
    for (const xmlAttr *a = w->properties; a != NULL; a = a->next) {
        if (ha_xml_attr(n, (const char *) a->name) == NULL) {
            xmlNode *unset;

            if (op == NULL) {
                op = emit(d, PE_MODIFY, w);
            }
            unset = xmlNewChild(op, NULL, (const xmlChar *) PE_UNSET, NULL);
            (void) xmlSetProp(unset, (const xmlChar *) HA_XA_NAME, a->name);
        }
    }
    if (op != NULL) {
        commit_op(d, op);
    }
}

/* "name\1id" for an element with a usable id (NULL otherwise). */
static char *
raw_key(const xmlNode *node)
{
    const char *id = ha_xml_attr(node, HA_XA_ID);

    return (id == NULL || !ha_id_valid(id)) ? NULL
           : g_strdup_printf("%s\1%s", (const char *) node->name, id);
}

/*
 * The match keys of the element children of @parent: child -> "name\1id"
 * for those whose id is unique among their same-named siblings (the same
 * rule as segment_id(), computed in one pass instead of one per child).
 */
static GHashTable *
child_keys(const xmlNode *parent)
{
    GHashTable *keys = g_hash_table_new_full(NULL, NULL, NULL, g_free);
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                       g_free, NULL);

    for (const xmlNode *c = ha_xml_first_child(parent, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        char *key = raw_key(c);

        if (key != NULL) {
            gpointer n = g_hash_table_lookup(seen, key);

            g_hash_table_replace(seen, g_strdup(key),
                                 GUINT_TO_POINTER(GPOINTER_TO_UINT(n) + 1));
            g_hash_table_insert(keys, (gpointer) c, key);
        }
    }
    for (const xmlNode *c = ha_xml_first_child(parent, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        const char *key = g_hash_table_lookup(keys, c);

        if (key != NULL
            && GPOINTER_TO_UINT(g_hash_table_lookup(seen, key)) > 1) {
            g_hash_table_remove(keys, c);
        }
    }
    return keys;
}

static void diff_element(struct differ *d, xmlNode *w, const xmlNode *n);

/* Phase 1: delete what the new children do not have (surplus unkeyed
 * elements of a name are deleted from the end). */
static void
delete_missing(struct differ *d, xmlNode *w, const xmlNode *n,
               GHashTable *wkeys, GHashTable *nchild)
{
    g_autoptr(GHashTable) nkeys = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) ncount = g_hash_table_new(g_str_hash, g_str_equal);
    g_autoptr(GHashTable) wcount = g_hash_table_new(g_str_hash, g_str_equal);
    xmlNode *c;

    for (const xmlNode *m = ha_xml_first_child(n, NULL); m != NULL;
         m = ha_xml_next(m, NULL)) {
        const char *key = g_hash_table_lookup(nchild, m);

        if (key != NULL) {
            g_hash_table_add(nkeys, (gpointer) key);
        } else {
            gpointer v = g_hash_table_lookup(ncount, m->name);

            g_hash_table_insert(ncount, (gpointer) m->name,
                                GUINT_TO_POINTER(GPOINTER_TO_UINT(v) + 1));
        }
    }
    for (c = ha_xml_first_child(w, NULL); c != NULL; c = ha_xml_next(c, NULL)) {
        if (g_hash_table_lookup(wkeys, c) == NULL) {
            gpointer v = g_hash_table_lookup(wcount, c->name);

            g_hash_table_insert(wcount, (gpointer) c->name,
                                GUINT_TO_POINTER(GPOINTER_TO_UINT(v) + 1));
        }
    }
    c = w->last;
    while (c != NULL) {
        xmlNode *prev = c->prev;
        const char *key = g_hash_table_lookup(wkeys, c);
        gboolean drop = FALSE;

        if (c->type != XML_ELEMENT_NODE) {
            c = prev;
            continue;
        }
        if (key != NULL) {
            drop = !g_hash_table_contains(nkeys, key);
        } else {
            guint have = GPOINTER_TO_UINT(g_hash_table_lookup(wcount, c->name));
            guint want = GPOINTER_TO_UINT(g_hash_table_lookup(ncount, c->name));

            if (have > want) {
                drop = TRUE;
                g_hash_table_insert(wcount, (gpointer) c->name,
                                    GUINT_TO_POINTER(have - 1));
            }
        }
        if (drop) {
            g_hash_table_remove(wkeys, c);
            commit_op(d, emit(d, PE_DELETE, c));
        }
        c = prev;
    }
}

static xmlNode *
find_match(GHashTable *wkeys, xmlNode *from, const xmlNode *m,
           GHashTable *nchild)
{
    const char *key = g_hash_table_lookup(nchild, m);

    for (xmlNode *c = from; c != NULL; c = ha_xml_next(c, NULL)) {
        const char *ckey = g_hash_table_lookup(wkeys, c);

        if (key != NULL && g_strcmp0(ckey, key) == 0) {
            return c;
        }
        if (key == NULL && ckey == NULL && xmlStrEqual(c->name, m->name)) {
            return c;
        }
    }
    return NULL;
}

static void
diff_children(struct differ *d, xmlNode *w, const xmlNode *n)
{
    g_autoptr(GHashTable) wkeys = child_keys(w);
    g_autoptr(GHashTable) nchild = child_keys(n);
    xmlNode *prev = NULL;     /* the element now at position i - 1 */
    guint i = 0;

    delete_missing(d, w, n, wkeys, nchild);
    for (const xmlNode *m = ha_xml_first_child(n, NULL); m != NULL;
         m = ha_xml_next(m, NULL), i++) {
        xmlNode *here = (prev == NULL) ? ha_xml_first_child(w, NULL)
                                       : ha_xml_next(prev, NULL);
        xmlNode *match = find_match(wkeys, here, m, nchild);
        g_autofree char *pos = g_strdup_printf("%u", i);
        xmlNode *op;

        if (match == NULL) {
            op = emit(d, PE_CREATE, w);
            (void) xmlSetProp(op, (const xmlChar *) PA_POS,
                              (const xmlChar *) pos);
            (void) xmlAddChild(op, xmlDocCopyNode((xmlNode *) m, op->doc, 1));
            commit_op(d, op);
            prev = (prev == NULL) ? ha_xml_first_child(w, NULL)
                                  : ha_xml_next(prev, NULL);
            continue;
        }
        if (match != here) {
            op = emit(d, PE_MOVE, match);
            (void) xmlSetProp(op, (const xmlChar *) PA_POS,
                              (const xmlChar *) pos);
            commit_op(d, op);
        }
        diff_element(d, match, m);
        prev = match;
    }
}

static void
diff_element(struct differ *d, xmlNode *w, const xmlNode *n)
{
    if (!xmlStrEqual(w->name, n->name) || has_text(w) || has_text(n)) {
        if (!same_canon(w, n)) {
            xmlNode *op = emit(d, PE_REPLACE, w);

            (void) xmlAddChild(op, xmlDocCopyNode((xmlNode *) n, op->doc, 1));
            commit_op(d, op);
        }
        return;
    }
    diff_attrs(d, w, n);
    diff_children(d, w, n);
}

static void
set_side(xmlNode *side, const ha_store_doc_t *doc, const char *digest)
{
    struct ha_store_version v;
    char buf[32];

    ha_store_doc_version(doc, &v);
    g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, v.admin_epoch);
    (void) xmlSetProp(side, (const xmlChar *) HA_XA_ADMIN_EPOCH, (const xmlChar *) buf);
    g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, v.epoch);
    (void) xmlSetProp(side, (const xmlChar *) HA_XA_EPOCH, (const xmlChar *) buf);
    g_snprintf(buf, sizeof(buf), "%" G_GUINT64_FORMAT, v.num_updates);
    (void) xmlSetProp(side, (const xmlChar *) HA_XA_NUM_UPDATES, (const xmlChar *) buf);
    (void) xmlSetProp(side, (const xmlChar *) PA_DIGEST, (const xmlChar *) digest);
}

static int read_side(const xmlNode *side, struct ha_store_version *ret_v,
                     char ret_digest[HA_STORE_DIGEST_LEN]);

ha_store_patch_t *
ha_store_patch_new(const ha_store_doc_t *old_doc,
                   const ha_store_doc_t *new_doc)
{
    ha_store_patch_t *patch = g_new0(ha_store_patch_t, 1);
    const xmlNode *new_root = xmlDocGetRootElement(ha_store_doc_xml(new_doc));
    xmlNode *root;
    struct differ d;
    char old_digest[HA_STORE_DIGEST_LEN];
    char new_digest[HA_STORE_DIGEST_LEN];

    ha_store_canon_digest(xmlDocGetRootElement(ha_store_doc_xml(old_doc)),
                          old_digest);
    ha_store_canon_digest(new_root, new_digest);
    patch->xml = xmlNewDoc((const xmlChar *) "1.0");
    root = xmlNewDocNode(patch->xml, NULL, (const xmlChar *) PE_PATCH, NULL);
    (void) xmlDocSetRootElement(patch->xml, root);
    (void) xmlSetProp(root, (const xmlChar *) PA_FORMAT,
                      (const xmlChar *) PATCH_FORMAT);
    set_side(xmlNewChild(root, NULL, (const xmlChar *) PE_SOURCE, NULL),
             old_doc, old_digest);
    set_side(xmlNewChild(root, NULL, (const xmlChar *) PE_TARGET, NULL),
             new_doc, new_digest);
    d.changes = xmlNewChild(root, NULL, (const xmlChar *) PE_CHANGES, NULL);
    d.work = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(old_doc), 1);
    diff_element(&d, xmlDocGetRootElement(d.work), new_root);
    /* the replay must have produced exactly the new document */
    ha_store_canon_digest(xmlDocGetRootElement(d.work), old_digest);
    ha_assert(strcmp(old_digest, new_digest) == 0);
    xmlFreeDoc(d.work);
    (void) read_side(ha_xml_first_child(root, PE_SOURCE), &patch->source,
                     patch->source_digest);
    (void) read_side(ha_xml_first_child(root, PE_TARGET), &patch->target,
                     patch->target_digest);
    return patch;
}

void
ha_store_patch_free(ha_store_patch_t *patch)
{
    if (patch != NULL) {
        xmlFreeDoc(patch->xml);
        g_free(patch);
    }
}

gboolean
ha_store_patch_is_empty(const ha_store_patch_t *patch)
{
    const xmlNode *changes = ha_xml_first_child(
        xmlDocGetRootElement(patch->xml), PE_CHANGES);

    return ha_xml_first_child(changes, NULL) == NULL
           && ha_store_version_cmp(&patch->source, &patch->target) == 0;
}

void
ha_store_patch_versions(const ha_store_patch_t *patch,
                        struct ha_store_version *ret_source,
                        struct ha_store_version *ret_target)
{
    *ret_source = patch->source;
    *ret_target = patch->target;
}

char *
ha_store_patch_serialize(const ha_store_patch_t *patch)
{
    return ha_xml_dump(xmlDocGetRootElement(patch->xml), FALSE);
}

/* ---- parsing and applying ---------------------------------------------- */

static int
read_side(const xmlNode *side, struct ha_store_version *ret_v,
          char ret_digest[HA_STORE_DIGEST_LEN])
{
    const char *digest = (side != NULL) ? ha_xml_attr(side, PA_DIGEST) : NULL;

    if (digest == NULL || strlen(digest) != 64
        || strspn(digest, "0123456789abcdef") != 64
        || ha_xml_attr(side, HA_XA_EPOCH) == NULL
        || ha_store_counter_parse(ha_xml_attr(side, HA_XA_ADMIN_EPOCH),
                                  &ret_v->admin_epoch) < 0
        || ha_store_counter_parse(ha_xml_attr(side, HA_XA_EPOCH),
                                  &ret_v->epoch) < 0
        || ha_store_counter_parse(ha_xml_attr(side, HA_XA_NUM_UPDATES),
                                  &ret_v->num_updates) < 0) {
        return -HA_EPROTO;
    }
    g_strlcpy(ret_digest, digest, HA_STORE_DIGEST_LEN);
    return 0;
}

static gboolean
op_well_formed(const xmlNode *op)
{
    const char *path = ha_xml_attr(op, PA_PATH);
    gboolean needs_content = ha_xml_is(op, PE_CREATE)
                             || ha_xml_is(op, PE_REPLACE);

    if (path == NULL || path[0] != '/') {
        return FALSE;
    }
    if (!(ha_xml_is(op, PE_MODIFY) || ha_xml_is(op, PE_DELETE)
          || ha_xml_is(op, PE_MOVE) || needs_content)) {
        return FALSE;
    }
    return !needs_content || ha_xml_first_child(op, NULL) != NULL;
}

int
ha_store_patch_parse(const char *data, gsize len, ha_store_patch_t **ret_patch,
                     char **ret_error)
{
    struct ha_xml_limits limits = *ha_xml_default_limits();
    g_autoptr(xmlDoc) xml = NULL;
    g_autofree ha_store_patch_t *patch = g_new0(ha_store_patch_t, 1);
    const xmlNode *root;
    const xmlNode *changes;
    int rc;

    limits.max_depth += 4;     /* <ha-patch><changes><op> around a CIB tree */
    rc = ha_xml_parse_memory(data, len, "patch", &limits, &xml, ret_error);
    if (rc < 0) {
        return rc;
    }
    root = xmlDocGetRootElement(xml);
    changes = ha_xml_first_child(root, PE_CHANGES);
    if (!ha_xml_is(root, PE_PATCH)
        || g_strcmp0(ha_xml_attr(root, PA_FORMAT), PATCH_FORMAT) != 0
        || changes == NULL
        || read_side(ha_xml_first_child(root, PE_SOURCE), &patch->source,
                     patch->source_digest) < 0
        || read_side(ha_xml_first_child(root, PE_TARGET), &patch->target,
                     patch->target_digest) < 0) {
        goto bad;
    }
    for (const xmlNode *op = ha_xml_first_child(changes, NULL); op != NULL;
         op = ha_xml_next(op, NULL)) {
        if (!op_well_formed(op)) {
            goto bad;
        }
    }
    patch->xml = g_steal_pointer(&xml);
    *ret_patch = g_steal_pointer(&patch);
    return 0;

bad:
    if (ret_error != NULL) {
        g_free(*ret_error);
        *ret_error = g_strdup("not a valid ha-patch document");
    }
    return -HA_EPROTO;
}

static int
patch_error(GPtrArray **ret_errors, int rc, const char *fmt, ...)
    G_GNUC_PRINTF(3, 4);

static int
patch_error(GPtrArray **ret_errors, int rc, const char *fmt, ...)
{
    va_list ap;

    if (ret_errors != NULL) {
        *ret_errors = ha_store_errors_new();
        va_start(ap, fmt);
        g_ptr_array_add(*ret_errors, g_strdup_vprintf(fmt, ap));
        va_end(ap);
    }
    return rc;
}

int
ha_store_patch_apply(const ha_store_doc_t *base, const ha_store_patch_t *patch,
                     ha_store_doc_t **ret_doc, GPtrArray **ret_errors)
{
    g_autoptr(xmlDoc) work = NULL;
    const xmlNode *changes = ha_xml_first_child(
        xmlDocGetRootElement(patch->xml), PE_CHANGES);
    struct ha_store_version v;
    char digest[HA_STORE_DIGEST_LEN];
    char a[64];
    char b[64];

    ha_store_doc_version(base, &v);
    ha_store_canon_digest(xmlDocGetRootElement(ha_store_doc_xml(base)), digest);
    if (ha_store_version_cmp(&v, &patch->source) != 0
        || strcmp(digest, patch->source_digest) != 0) {
        return patch_error(ret_errors, -HA_EOLDVERSION, "the patch applies "
                           "to version %s, not to this document (%s)",
                           ha_store_version_format(&patch->source, a, sizeof(a)),
                           ha_store_version_format(&v, b, sizeof(b)));
    }
    work = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(base), 1);
    for (const xmlNode *op = ha_xml_first_child(changes, NULL); op != NULL;
         op = ha_xml_next(op, NULL)) {
        if (apply_op(work, op) < 0) {
            return patch_error(ret_errors, -HA_EPROTO, "patch: <%s> at '%s' "
                               "does not fit the document",
                               (const char *) op->name,
                               ha_xml_attr(op, PA_PATH));
        }
    }
    ha_store_canon_digest(xmlDocGetRootElement(work), digest);
    if (strcmp(digest, patch->target_digest) != 0
        || !ha_xml_is(xmlDocGetRootElement(work), HA_XE_CIB)) {
        return patch_error(ret_errors, -HA_EDIGEST, "the patched document "
                           "does not have the digest of version %s",
                           ha_store_version_format(&patch->target, a,
                                                   sizeof(a)));
    }
    /* The DC checked the change strictly; replicas accept what loads. */
    return ha_store_doc_commit(g_steal_pointer(&work), HA_STORE_CHECK_LOAD,
                               ret_doc, ret_errors);
}
