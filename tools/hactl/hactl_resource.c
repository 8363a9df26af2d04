/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_resource.c - `hactl resource ...` and `hactl stonith
 * create|delete|list`: resources in the configuration (create, delete,
 * update, enable, disable, manage, unmanage, move, ban, clear), their
 * state (list, show), cleanup of failures, refresh of the history,
 * restart.  Every change accepts --wait[=SECONDS].
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "exec/exec_agent.h"
#include "ipc/ipc_hacd.h"
#include "hactl_cli.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

/* What create, update and stonith create take. */
struct rsc_spec {
    const char *id;
    char *klass, *provider, *type;
    GPtrArray *params;      /* "k=v" */
    GPtrArray *metas;       /* "k=v" */
    GPtrArray *ops;         /* "name:k=v,k=v" */
    const char *group;
    gboolean clone, promotable, disabled;
};

static void
spec_clear(struct rsc_spec *s)
{
    g_free(s->klass);
    g_free(s->provider);
    g_free(s->type);
    g_ptr_array_unref(s->params);
    g_ptr_array_unref(s->metas);
    g_ptr_array_unref(s->ops);
}

static gboolean
split_kv(const char *kv, char **ret_k, const char **ret_v)
{
    const char *eq = strchr(kv, '=');

    if (eq == NULL || eq == kv) {
        return FALSE;
    }
    *ret_k = g_strndup(kv, eq - kv);
    *ret_v = eq + 1;
    return TRUE;
}

/* ---- building a primitive ---- */

static gboolean
same_interval(const char *a, const char *b)
{
    guint64 ma = 0, mb = 0;

    return ha_duration_parse_ms(a != NULL ? a : "0", &ma) == 0
           && ha_duration_parse_ms(b != NULL ? b : "0", &mb) == 0 && ma == mb;
}

/* The op @name with @interval (NULL: the only op called @name) of @ops. */
static xmlNode *
find_op(xmlNode *ops, const char *name, const char *interval)
{
    xmlNode *hit = NULL;
    guint n = 0;

    for (xmlNode *op = ha_xml_first_child(ops, "op"); op != NULL;
         op = ha_xml_next(op, "op")) {
        if (g_strcmp0(ha_xml_attr(op, "name"), name) != 0) {
            continue;
        }
        if (interval != NULL && same_interval(ha_xml_attr(op, "interval"),
                                              interval)) {
            return op;
        }
        hit = op;
        n++;
    }
    return (interval == NULL && n == 1) ? hit : NULL;
}

/* Add the operation "NAME:k=v,k=v" to @prim, or change the one it names
 * (same name and interval); in a change, "k=" removes k. */
static int
add_op(xmlNode *prim, const char *spec)
{
    const char *colon = strchr(spec, ':');
    g_autofree char *name = g_strndup(spec, colon != NULL ? colon - spec
                                                          : (long) strlen(spec));
    g_auto(GStrv) pairs = g_strsplit(colon != NULL ? colon + 1 : "", ",", -1);
    xmlNode *ops = ha_xml_first_child(prim, "operations");
    const char *interval = NULL;
    xmlNode *op;

    if (!ha_id_valid(name)) {
        return hactl_edit_error(-EINVAL, "bad operation '%s' (want NAME:"
                                "interval=10s,timeout=20s)", spec);
    }
    for (char **p = pairs; *p != NULL; p++) {
        g_autofree char *k = NULL;
        const char *v = NULL;
        guint64 ms = 0;

        if (**p == '\0') {
            continue;
        }
        if (!split_kv(*p, &k, &v) || !ha_id_valid(k)) {
            return hactl_edit_error(-EINVAL, "bad operation option '%s' (want "
                                    "K=V)", *p);
        }
        if ((strcmp(k, "interval") == 0 || strcmp(k, "timeout") == 0)
            && ha_duration_parse_ms(v, &ms) < 0) {
            return hactl_edit_error(-EINVAL, "bad %s '%s' (a duration: 10s, "
                                    "500ms, 1min)", k, v);
        }
        if (strcmp(k, "interval") == 0) {
            interval = *p + strlen("interval=");
        }
    }
    if (ops == NULL) {
        ops = xmlNewChild(prim, NULL, X("operations"), NULL);
    }
    op = find_op(ops, name, interval);
    if (op == NULL) {
        g_autofree char *id = g_strdup_printf("%s-%s-interval-%s",
                                              ha_xml_attr(prim, "id"), name,
                                              interval != NULL ? interval
                                                               : "0");

        if (!ha_id_valid(id) || hactl_xml_find_id(prim->doc, id) != NULL) {
            g_free(id);
            id = g_strdup_printf("%s-%s-%u", ha_xml_attr(prim, "id"), name,
                                 (guint) xmlChildElementCount(ops));
        }
        op = hactl_xml_add(ops, "op", id);
        xmlSetProp(op, X("name"), X(name));
        xmlSetProp(op, X("interval"), X(interval != NULL ? interval : "0"));
    }
    for (char **p = pairs; *p != NULL; p++) {
        g_autofree char *k = NULL;
        const char *v = NULL;

        if (**p == '\0' || !split_kv(*p, &k, &v)) {
            continue;
        }
        if (*v == '\0' && strcmp(k, "interval") != 0) {
            xmlUnsetProp(op, X(k));
        } else if (*v != '\0') {
            xmlSetProp(op, X(k), X(v));
        }
    }
    return 0;
}

static gboolean
has_monitor(const struct rsc_spec *s)
{
    for (guint i = 0; i < s->ops->len; i++) {
        if (g_str_has_prefix(s->ops->pdata[i], "monitor:")
            || strcmp(s->ops->pdata[i], "monitor") == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static int
set_pairs(xmlNode *el, const char *set, GPtrArray *kvs)
{
    for (guint i = 0; i < kvs->len; i++) {
        g_autofree char *k = NULL;
        const char *v = NULL;

        if (!split_kv(kvs->pdata[i], &k, &v) || !ha_id_valid(k)) {
            return hactl_edit_error(-EINVAL, "bad NAME=VALUE '%s'",
                                    (const char *) kvs->pdata[i]);
        }
        hactl_xml_nvpair(el, set, k, v);
    }
    return 0;
}

static int
build_primitive(xmlNode *parent, const struct rsc_spec *s)
{
    xmlNode *p = hactl_xml_add(parent, "primitive", s->id);
    int rc;

    xmlSetProp(p, X("class"), X(s->klass));
    if (s->provider != NULL) {
        xmlSetProp(p, X("provider"), X(s->provider));
    }
    xmlSetProp(p, X("type"), X(s->type));
    rc = set_pairs(p, "instance_attributes", s->params);
    if (rc == 0 && !s->clone) {
        rc = set_pairs(p, "meta_attributes", s->metas);
    }
    if (rc == 0 && s->disabled && !s->clone) {
        hactl_xml_nvpair(p, "meta_attributes", "target-role", "Stopped");
    }
    for (guint i = 0; rc == 0 && i < s->ops->len; i++) {
        rc = add_op(p, s->ops->pdata[i]);
    }
    /* like pcs: every resource is monitored unless told otherwise */
    if (rc == 0 && !has_monitor(s)) {
        rc = add_op(p, strcmp(s->klass, "stonith") == 0
                       ? "monitor:interval=60s" : "monitor:interval=10s,timeout=20s");
    }
    return rc;
}

static int
edit_create(xmlDoc *doc, void *ud)
{
    const struct rsc_spec *s = ud;
    xmlNode *rscs = hactl_xml_section(doc, "resources");
    xmlNode *parent = rscs;

    if (hactl_xml_find_id(doc, s->id) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", s->id);
    }
    if (s->group != NULL) {
        xmlNode *g = hactl_xml_find_id(doc, s->group);

        if (g == NULL) {
            g = hactl_xml_add(rscs, "group", s->group);
        } else if (!ha_xml_is(g, "group")) {
            return hactl_edit_error(-EINVAL, "'%s' exists and is not a group",
                                    s->group);
        }
        parent = g;
    } else if (s->clone) {
        g_autofree char *cid = g_strconcat(s->id, "-clone", NULL);
        xmlNode *c;
        int rc;

        if (hactl_xml_find_id(doc, cid) != NULL) {
            return hactl_edit_error(-EEXIST, "id '%s' already exists", cid);
        }
        c = hactl_xml_add(rscs, "clone", cid);
        if (s->promotable) {
            hactl_xml_nvpair(c, "meta_attributes", "promotable", "true");
        }
        if (s->disabled) {
            hactl_xml_nvpair(c, "meta_attributes", "target-role", "Stopped");
        }
        rc = set_pairs(c, "meta_attributes", s->metas);
        if (rc < 0) {
            return rc;
        }
        parent = c;
    }
    if (s->group != NULL) {
        hactl_edit_say("Resource '%s' created in group '%s'", s->id, s->group);
    } else if (s->clone) {
        hactl_edit_say("Resource '%s' created in clone '%s-clone'", s->id,
                       s->id);
    } else {
        hactl_edit_say("%s '%s' created", strcmp(s->klass, "stonith") == 0
                                          ? "Fence device" : "Resource",
                       s->id);
    }
    return build_primitive(parent, s);
}

/* Parse create's arguments: ID AGENT [k=v...] and the options. */
static int
parse_spec(const struct hactl_args *a, gboolean stonith, struct rsc_spec *s)
{
    const char *agent = a->argv[1];
    g_autofree char *spec = NULL;
    int rc;

    s->params = g_ptr_array_new();
    s->metas = g_ptr_array_new();
    s->ops = g_ptr_array_new();
    s->id = a->argv[0];
    spec = (stonith && strchr(agent, ':') == NULL)
           ? g_strconcat("stonith:", agent, NULL) : g_strdup(agent);
    if (!ha_id_valid(s->id)) {
        fprintf(stderr, "hactl: '%s' is not a valid id (letters, digits, "
                "'_', '-', '.'; not starting with a digit)\n", s->id);
        return HACTL_EXIT_INVALID;
    }
    rc = ha_exec_agent_parse(spec, &s->klass, &s->provider, &s->type);
    if (rc < 0 || (stonith && strcmp(s->klass, "stonith") != 0)) {
        fprintf(stderr, "hactl: '%s' is not an agent (CLASS:PROVIDER:TYPE, "
                "e.g. ocf:heartbeat:IPaddr2, stonith:fence_ipmilan)\n", agent);
        return (rc == -HA_EUNSUPPORTED) ? HACTL_EXIT_UNSUPPORTED
                                        : HACTL_EXIT_INVALID;
    }
    for (int i = 2; i < a->argc; i++) {
        if (strchr(a->argv[i], '=') == NULL) {
            fprintf(stderr, "hactl: unexpected argument '%s'\n", a->argv[i]);
            return HACTL_EXIT_USAGE;
        }
        g_ptr_array_add(s->params, a->argv[i]);
    }
    for (const char *const *o = hactl_arg_list(a, "op"); *o; o++) {
        g_ptr_array_add(s->ops, (gpointer) *o);
    }
    for (const char *const *m = hactl_arg_list(a, "meta"); *m; m++) {
        g_ptr_array_add(s->metas, (gpointer) *m);
    }
    s->group = hactl_arg_value(a, "group");
    s->promotable = hactl_arg_flag(a, "promotable");
    s->clone = hactl_arg_flag(a, "clone") || s->promotable;
    s->disabled = hactl_arg_flag(a, "disabled");
    if (s->group != NULL && s->clone) {
        fprintf(stderr, "hactl: --group and --clone do not go together "
                "(clone the group instead)\n");
        return HACTL_EXIT_USAGE;
    }
    if (s->group != NULL && !ha_id_valid(s->group)) {
        fprintf(stderr, "hactl: '%s' is not a valid group id\n", s->group);
        return HACTL_EXIT_INVALID;
    }
    return 0;
}

int
hactl_resource_create(const struct hactl_globals *g, const struct hactl_args *a)
{
    gboolean stonith = (strcmp(a->noun, "stonith") == 0);
    struct rsc_spec s = { 0 };
    int rc = parse_spec(a, stonith, &s);
    const char *what = stonith ? "stonith create" : "resource create";

    if (rc == 0) {
        rc = hactl_settled_after(hactl_edit(g, what, edit_create, &s), what,
                                 a->wait_s);
    }
    spec_clear(&s);
    return rc;
}

/* ---- delete ---- */

struct deletion {
    const char *id;
    gboolean stonith;       /* `stonith delete`: fence devices only */
    gboolean force;         /* a fence device fencing levels use, too */
    GString *removed;       /* constraints that went with it */
};

static gboolean
names(const xmlNode *n, const char *id)
{
    static const char *const refs[] = { "rsc", "with-rsc", "first", "then" };

    for (guint i = 0; i < G_N_ELEMENTS(refs); i++) {
        if (g_strcmp0(ha_xml_attr(n, refs[i]), id) == 0) {
            return TRUE;
        }
    }
    return ha_xml_is(n, "resource_ref") && g_strcmp0(ha_xml_attr(n, "id"), id) == 0;
}

static void
note_removed(struct deletion *d, xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");

    if (id != NULL && g_str_has_prefix((const char *) n->name, "rsc_")) {
        g_string_append_printf(d->removed, "%s%s", d->removed->len ? ", " : "",
                               id);
    }
}

/* Remove every constraint (or set member) of @n's subtree naming @id. */
static void
drop_refs(struct deletion *d, xmlNode *n, const char *id)
{
    xmlNode *c = ha_xml_first_child(n, NULL);

    while (c != NULL) {
        xmlNode *next = ha_xml_next(c, NULL);

        if (names(c, id)) {
            note_removed(d, c);
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else {
            drop_refs(d, c, id);
            /* a set left empty, or a constraint left with an empty set */
            if ((ha_xml_is(c, "resource_set") && ha_xml_first_child(c, NULL) == NULL)
                || (ha_xml_first_child(c, "resource_set") == NULL
                    && ha_xml_attr(c, "rsc") == NULL
                    && ha_xml_attr(c, "first") == NULL
                    && (g_str_has_prefix((const char *) c->name, "rsc_")))) {
                note_removed(d, c);
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            }
        }
        c = next;
    }
}

static gboolean
is_resource(const xmlNode *n)
{
    return ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
           || ha_xml_is(n, "clone") || ha_xml_is(n, "master")
           || ha_xml_is(n, "bundle");
}

static void
drop_subtree_refs(struct deletion *d, xmlDoc *doc, xmlNode *el)
{
    const char *id = ha_xml_attr(el, "id");

    if (id != NULL) {
        drop_refs(d, hactl_xml_section(doc, "constraints"), id);
    }
    for (xmlNode *c = ha_xml_first_child(el, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (is_resource(c)) {
            drop_subtree_refs(d, doc, c);
        }
    }
}

static xmlNode *
find_resource(xmlDoc *doc, const char *id, gboolean stonith)
{
    xmlNode *el = hactl_xml_find_id(doc, id);

    if (el == NULL || !is_resource(el)
        || (stonith && g_strcmp0(ha_xml_attr(el, "class"), "stonith") != 0)) {
        return NULL;
    }
    return el;
}

static int
edit_delete(xmlDoc *doc, void *ud)
{
    struct deletion *d = ud;
    xmlNode *el = find_resource(doc, d->id, d->stonith);
    xmlNode *parent;
    g_autoptr(GString) gone = g_string_new(NULL);

    g_string_truncate(d->removed, 0);
    if (el == NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no %s '%s'",
                                d->stonith ? "fence device" : "resource",
                                d->id);
    }
    if (g_strcmp0(ha_xml_attr(el, "class"), "stonith") == 0) {
        int rc = hactl_stonith_levels_unuse(doc, d->id, d->force, gone);

        if (rc < 0) {
            return rc;
        }
    }
    drop_subtree_refs(d, doc, el);
    parent = el->parent;
    xmlUnlinkNode(el);
    xmlFreeNode(el);
    /* a group or clone left empty goes too */
    while (parent != NULL && (ha_xml_is(parent, "group")
                              || ha_xml_is(parent, "clone")
                              || ha_xml_is(parent, "master"))) {
        xmlNode *up = parent->parent;
        gboolean empty = TRUE;

        for (xmlNode *c = ha_xml_first_child(parent, NULL); c != NULL;
             c = ha_xml_next(c, NULL)) {
            empty &= !is_resource(c);
        }
        if (!empty) {
            break;
        }
        g_string_append_printf(gone, ", and the %s '%s' it left empty",
                               (const char *) parent->name,
                               ha_xml_attr(parent, "id"));
        drop_subtree_refs(d, doc, parent);
        xmlUnlinkNode(parent);
        xmlFreeNode(parent);
        parent = up;
    }
    hactl_edit_say("%s '%s' deleted%s%s%s", d->stonith ? "Fence device"
                                                      : "Resource", d->id,
                   gone->str, d->removed->len ? ", with constraints " : "",
                   d->removed->str);
    return 0;
}

/* ---- update, enable, disable ---- */

struct update {
    const char *id;
    GPtrArray *params, *metas, *ops;
    const char *said;       /* enable/disable: the message */
};

static int
edit_update(xmlDoc *doc, void *ud)
{
    struct update *u = ud;
    xmlNode *el = find_resource(doc, u->id, FALSE);
    int rc;

    if (el == NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", u->id);
    }
    if ((u->params->len > 0 || u->ops->len > 0) && !ha_xml_is(el, "primitive")) {
        return hactl_edit_error(-EINVAL, "'%s' is a %s: only primitives have "
                                "parameters and operations", u->id,
                                (const char *) el->name);
    }
    rc = set_pairs(el, "instance_attributes", u->params);
    if (rc == 0) {
        rc = set_pairs(el, "meta_attributes", u->metas);
    }
    for (guint i = 0; rc == 0 && i < u->ops->len; i++) {
        rc = add_op(el, u->ops->pdata[i]);
    }
    if (u->said != NULL) {
        hactl_edit_say("%s", u->said);
    } else {
        hactl_edit_say("Resource '%s' updated", u->id);
    }
    return rc;
}

static int
update_meta(const struct hactl_globals *g, const char *what, const char *id,
            const char *name, const char *value, const char *said,
            double wait_s)
{
    g_autofree char *kv = g_strdup_printf("%s=%s", name,
                                          value != NULL ? value : "");
    g_autoptr(GPtrArray) none = g_ptr_array_new();
    g_autoptr(GPtrArray) metas = g_ptr_array_new();
    struct update u = { id, none, metas, none, said };

    g_ptr_array_add(metas, kv);
    return hactl_settled_after(hactl_edit(g, what, edit_update, &u), what,
                               wait_s);
}

/* ---- move, ban, clear ---- */

struct placement {
    const char *id, *node;
    gboolean ban;
    gboolean promoted;      /* the Promoted role of a promotable clone */
};

static guint
drop_cli(xmlNode *cons, const char *id, gboolean prefer, gboolean bans)
{
    g_autofree char *p = g_strconcat("cli-prefer-", id, NULL);
    g_autofree char *b = g_strconcat("cli-ban-", id, "-on-", NULL);
    xmlNode *c = ha_xml_first_child(cons, "rsc_location");
    guint n = 0;

    while (c != NULL) {
        xmlNode *next = ha_xml_next(c, "rsc_location");
        const char *cid = ha_xml_attr(c, "id");

        if (cid != NULL && ((prefer && strcmp(cid, p) == 0)
                            || (bans && g_str_has_prefix(cid, b)))) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
            n++;
        }
        c = next;
    }
    return n;
}

static int
edit_place(xmlDoc *doc, void *ud)
{
    const struct placement *p = ud;
    xmlNode *el = find_resource(doc, p->id, FALSE);
    xmlNode *cons = hactl_xml_section(doc, "constraints");
    g_autofree char *cid = p->ban
                           ? g_strdup_printf("cli-ban-%s-on-%s", p->id, p->node)
                           : g_strdup_printf("cli-prefer-%s", p->id);
    xmlNode *loc;
    xmlNode *old;

    if (el == NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", p->id);
    }
    if (p->promoted && !hactl_xml_is_promotable(el)) {
        return hactl_edit_error(-EINVAL, "'%s' is not a promotable clone: "
                                "--promoted bans the Promoted role of one",
                                p->id);
    }
    if (!ha_id_valid(cid)) {
        return hactl_edit_error(-EINVAL, "'%s' is not a valid constraint id",
                                cid);
    }
    old = hactl_xml_find_id(doc, cid);
    if (old != NULL && !ha_xml_is(old, "rsc_location")) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", cid);
    }
    if (old != NULL) {
        xmlUnlinkNode(old);
        xmlFreeNode(old);
    }
    loc = hactl_xml_add(cons, "rsc_location", cid);
    xmlSetProp(loc, X("rsc"), X(p->id));
    xmlSetProp(loc, X("role"), X(p->promoted ? "Promoted" : "Started"));
    xmlSetProp(loc, X("node"), X(p->node));
    xmlSetProp(loc, X("score"), X(p->ban ? "-INFINITY" : "INFINITY"));
    hactl_edit_say("%s '%s'%s %s %s (constraint %s; 'hactl resource clear %s' "
                   "removes it)", "Resource", p->id,
                   p->promoted ? " (its Promoted role)" : "",
                   p->ban ? "banned from" : "moves to", p->node, cid, p->id);
    return 0;
}

static int
edit_clear(xmlDoc *doc, void *ud)
{
    const char *id = ud;
    xmlNode *el = find_resource(doc, id, FALSE);
    guint n;

    if (el == NULL) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", id);
    }
    n = drop_cli(hactl_xml_section(doc, "constraints"), id, TRUE, TRUE);
    hactl_edit_say("Resource '%s': %u move/ban constraint%s removed", id, n,
                   n == 1 ? "" : "s");
    return 0;
}

/* ---- state: list, show, cleanup, restart ---- */

static GVariant *
status_get(const char *what, int *ret_exit)
{
    GVariant *st = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    *ret_exit = (rc < 0) ? hactl_hacd_fail(rc, what) : HACTL_EXIT_OK;
    return st;
}

/* Is @node a member of the cluster (hacd's node list)? */
static int
need_node(const char *what, const char *node)
{
    int code = 0;
    g_autoptr(GVariant) st = status_get(what, &code);
    g_autoptr(GVariant) nodes = NULL;
    GVariantIter it;
    const char *name, *state;
    guint32 id;

    if (st == NULL) {
        return code;
    }
    nodes = g_variant_lookup_value(st, "nodes", G_VARIANT_TYPE("a(uss)"));
    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
            if (strcmp(name, node) == 0) {
                return HACTL_EXIT_OK;
            }
        }
    }
    fprintf(stderr, "hactl: %s: no node '%s' in the cluster\n", what, node);
    if (nodes != NULL) {
        g_autoptr(GPtrArray) names = g_ptr_array_new();

        g_variant_iter_init(&it, nodes);
        while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
            g_ptr_array_add(names, (char *) name);
        }
        g_ptr_array_add(names, NULL);
        hactl_say_did_you_mean(node, (const char *const *) names->pdata);
    }
    return HACTL_EXIT_NOT_FOUND;
}

static const char *
str_of(GVariant *d, const char *key)
{
    const char *v = "";

    (void) g_variant_lookup(d, key, "&s", &v);
    return v;
}

/* @r, or one of its ancestors, is @id */
static gboolean
within(GVariant *rscs, GVariant *r, const char *id)
{
    const char *parent = str_of(r, "parent");
    GVariantIter it;
    GVariant *p;
    gboolean hit = FALSE;

    if (strcmp(str_of(r, "id"), id) == 0) {
        return TRUE;
    }
    if (*parent == '\0') {
        return FALSE;
    }
    g_variant_iter_init(&it, rscs);
    while (!hit && (p = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(p, "id"), parent) == 0) {
            hit = within(rscs, p, id);
        }
        g_variant_unref(p);
    }
    return hit;
}

/* The status entries to list: all, those of @only and below, or the fence
 * devices; NULL (with *ret_exit) when hacd does not answer. */
static GPtrArray *
rscs_selected(const char *only, gboolean stonith, int *ret_exit)
{
    g_autoptr(GVariant) st = status_get("resource", ret_exit);
    g_autoptr(GVariant) rscs = NULL;
    GPtrArray *out;
    GVariantIter it;
    GVariant *r;

    if (st == NULL) {
        return NULL;
    }
    out = g_ptr_array_new_with_free_func((GDestroyNotify) g_variant_unref);
    rscs = g_variant_lookup_value(st, "resources", G_VARIANT_TYPE("aa{sv}"));
    if (rscs == NULL) {
        return out;
    }
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        if ((only != NULL && !within(rscs, r, only))
            || (stonith && !g_str_has_prefix(str_of(r, "agent"), "stonith:"))) {
            g_variant_unref(r);
        } else {
            g_ptr_array_add(out, r);
        }
    }
    return out;
}

static void
print_state_line(GVariant *r)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(r, "nodes",
                                                       G_VARIANT_TYPE("as"));
    g_autofree const char **v = (nodes != NULL)
                                ? g_variant_get_strv(nodes, NULL) : NULL;
    g_autofree char *where = (v != NULL) ? g_strjoinv(" ", (char **) v)
                                         : g_strdup("");
    gboolean failed = FALSE;
    const char *target = str_of(r, "target_role");

    (void) g_variant_lookup(r, "failed", "b", &failed);
    printf("%-20s %-10s %-28s %s%s%s%s\n", str_of(r, "id"), str_of(r, "kind"),
           *str_of(r, "agent") != '\0' ? str_of(r, "agent") : "-",
           failed ? "FAILED" : str_of(r, "role"), *where ? " " : "", where,
           g_ascii_strcasecmp(target, "Stopped") == 0 ? " (disabled)" : "");
}

static JsonNode *
json_of_list(GPtrArray *list)
{
    JsonArray *a = json_array_new();
    JsonNode *n = json_node_new(JSON_NODE_ARRAY);

    for (guint i = 0; i < list->len; i++) {
        json_array_add_element(a, json_gvariant_serialize(list->pdata[i]));
    }
    json_node_take_array(n, a);
    return n;
}

int
hactl_resource_list(const struct hactl_globals *g, gboolean stonith)
{
    int code = 0;
    g_autoptr(GPtrArray) list = rscs_selected(NULL, stonith, &code);

    if (list == NULL) {
        return code;
    }
    if (g->json) {
        g_autoptr(JsonNode) root = json_of_list(list);

        hactl_print_json(root);
        return HACTL_EXIT_OK;
    }
    if (list->len == 0) {
        printf("No %s configured\n", stonith ? "fence devices" : "resources");
    }
    for (guint i = 0; i < list->len; i++) {
        print_state_line(list->pdata[i]);
    }
    return HACTL_EXIT_OK;
}

/* Remove the whitespace-only text of @n's subtree (to print it anew). */
static void
strip_blanks(xmlNode *n)
{
    xmlNode *c = n->children;

    while (c != NULL) {
        xmlNode *next = c->next;

        if (c->type == XML_TEXT_NODE && xmlIsBlankNode(c)) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else if (c->type == XML_ELEMENT_NODE) {
            strip_blanks(c);
        }
        c = next;
    }
}

/* Add the ids of the resources under @parent (depth first) to @ids. */
static void
resource_ids(xmlNode *parent, GPtrArray *ids)
{
    static const char *const kinds[] = { "primitive", "group", "clone",
                                         "master", "bundle" };

    for (xmlNode *n = parent != NULL ? parent->children : NULL; n != NULL;
         n = n->next) {
        for (guint k = 0; k < G_N_ELEMENTS(kinds); k++) {
            if (ha_xml_is(n, kinds[k]) && ha_xml_attr(n, "id") != NULL) {
                g_ptr_array_add(ids, (char *) ha_xml_attr(n, "id"));
                resource_ids(n, ids);
            }
        }
    }
}

/* "did you mean" among the resources of @doc */
static void
say_resource_ids(xmlDoc *doc, const char *id)
{
    g_autoptr(GPtrArray) ids = g_ptr_array_new();

    resource_ids(hactl_xml_section(doc, "resources"), ids);
    g_ptr_array_add(ids, NULL);
    hactl_say_did_you_mean(id, (const char *const *) ids->pdata);
}

static int
show(const struct hactl_globals *g, const char *id)
{
    int code = 0;
    xmlDoc *doc = hactl_config_read(NULL, &code);
    g_autoptr(GPtrArray) list = NULL;
    g_autofree char *xml = NULL;
    xmlNode *el;
    xmlBuffer *buf;

    if (doc == NULL) {
        return code;
    }
    el = find_resource(doc, id, FALSE);
    if (el == NULL) {
        fprintf(stderr, "hactl: resource show: no resource '%s'\n", id);
        say_resource_ids(doc, id);
        xmlFreeDoc(doc);
        return HACTL_EXIT_NOT_FOUND;
    }
    strip_blanks(el);
    buf = xmlBufferCreate();
    xmlNodeDump(buf, doc, el, 0, 1);
    xml = g_strdup((const char *) xmlBufferContent(buf));
    xmlBufferFree(buf);
    xmlFreeDoc(doc);
    list = rscs_selected(id, FALSE, &code);
    if (list == NULL) {
        return code;
    }
    if (g->json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "id");
        json_builder_add_string_value(b, id);
        json_builder_set_member_name(b, "definition");
        json_builder_add_string_value(b, xml);
        json_builder_set_member_name(b, "status");
        json_builder_add_value(b, json_of_list(list));
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
        return HACTL_EXIT_OK;
    }
    printf("Definition:\n%s\nStatus:\n", xml);
    if (list->len == 0) {
        printf("  (not known to the scheduler yet)\n");
    }
    for (guint i = 0; i < list->len; i++) {
        printf("  ");
        print_state_line(list->pdata[i]);
    }
    return HACTL_EXIT_OK;
}

static int
cleanup(const struct hactl_globals *g, const char *id, const char *node,
        double wait_s)
{
    int rc = hactl_hacd_call(HA_IPC_HACD_RSC_CLEANUP,
                             g_variant_new("(tsms)", hactl_request_id(), id,
                                           node),
                             HA_IPC_HACD_EMPTY_REPLY, TRUE, NULL);
    g_autofree char *msg = NULL;

    if (rc == -HA_ENOTFOUND) {
        fprintf(stderr, "hactl: resource cleanup: no resource '%s'%s%s\n", id,
                node != NULL ? " or no node " : "", node != NULL ? node : "");
        return HACTL_EXIT_NOT_FOUND;
    }
    if (rc < 0) {
        return hactl_hacd_fail(rc, "resource cleanup");
    }
    msg = g_strdup_printf("Failures of '%s'%s%s forgotten; it is probed "
                          "again", id, node != NULL ? " on " : "",
                          node != NULL ? node : "");
    hactl_print_done(g, "resource cleanup", msg, NULL);
    return hactl_settled_after(HACTL_EXIT_OK, "resource cleanup", wait_s);
}

static int
restart(const struct hactl_globals *g, const char *id, double wait_s)
{
    g_autofree char *stopped = g_strdup_printf("Resource '%s' stopped", id);
    g_autofree char *started = g_strdup_printf("Resource '%s' started again",
                                               id);
    int rc;

    if (wait_s <= 0) {
        wait_s = HACTL_WAIT_DEFAULT_S;
    }
    rc = update_meta(g, "resource restart", id, "target-role", "Stopped",
                     stopped, wait_s);
    if (rc != HACTL_EXIT_OK) {
        return rc;
    }
    return update_meta(g, "resource restart", id, "target-role", NULL, started,
                       wait_s);
}

/* ---- manage, unmanage ---- */

struct management {
    GPtrArray *ids;
    gboolean on;            /* manage */
};

/* Remove is-managed from @el and every resource below it (a member's own
 * setting would override its group's or clone's). */
static void
drop_is_managed(xmlNode *el)
{
    hactl_xml_nvpair(el, "meta_attributes", "is-managed", NULL);
    for (xmlNode *c = ha_xml_first_child(el, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (is_resource(c)) {
            drop_is_managed(c);
        }
    }
}

static gboolean
says_unmanaged(xmlNode *el)
{
    const char *v = hactl_xml_nvpair_get(el, "meta_attributes", "is-managed");
    gboolean on = TRUE;

    return v != NULL && ha_bool_parse(v, &on) == 0 && !on;
}

/* Would @el be unmanaged without a setting of its own (a group or clone
 * around it, or rsc_defaults)? */
static gboolean
inherits_unmanaged(xmlDoc *doc, xmlNode *el)
{
    xmlNode *cfg = ha_xml_first_child(xmlDocGetRootElement(doc),
                                      "configuration");
    xmlNode *defaults = (cfg != NULL) ? ha_xml_first_child(cfg, "rsc_defaults")
                                      : NULL;

    for (xmlNode *up = el->parent; up != NULL && is_resource(up);
         up = up->parent) {
        if (says_unmanaged(up)) {
            return TRUE;
        }
    }
    return defaults != NULL && says_unmanaged(defaults);
}

static int
edit_manage(xmlDoc *doc, void *ud)
{
    const struct management *m = ud;
    g_autoptr(GString) names = g_string_new(NULL);

    for (guint i = 0; i < m->ids->len; i++) {
        if (find_resource(doc, m->ids->pdata[i], FALSE) == NULL) {
            return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'",
                                    (const char *) m->ids->pdata[i]);
        }
    }
    for (guint i = 0; i < m->ids->len; i++) {
        xmlNode *el = find_resource(doc, m->ids->pdata[i], FALSE);

        drop_is_managed(el);
        if (!m->on) {
            hactl_xml_nvpair(el, "meta_attributes", "is-managed", "false");
        } else if (inherits_unmanaged(doc, el)) {
            hactl_xml_nvpair(el, "meta_attributes", "is-managed", "true");
        }
        g_string_append_printf(names, "%s'%s'", i > 0 ? ", " : "",
                               (const char *) m->ids->pdata[i]);
    }
    if (m->on) {
        hactl_edit_say("Resource%s %s managed: the cluster starts, stops and "
                       "recovers %s again", m->ids->len == 1 ? "" : "s",
                       names->str, m->ids->len == 1 ? "it" : "them");
    } else {
        hactl_edit_say("Resource%s %s unmanaged: the cluster neither starts "
                       "nor stops %s", m->ids->len == 1 ? "" : "s", names->str,
                       m->ids->len == 1 ? "it" : "them");
    }
    return 0;
}

/* ---- refresh ---- */

/* The ids of the primitives at or below @el, in document order. */
static void
primitives_below(const xmlNode *el, GPtrArray *out)
{
    if (ha_xml_is(el, "primitive")) {
        g_ptr_array_add(out, g_strdup(ha_xml_attr(el, "id")));
        return;
    }
    for (xmlNode *c = ha_xml_first_child(el, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (is_resource(c)) {
            primitives_below(c, out);
        }
    }
}

/* The resources hacd still has a history of but the configuration no
 * longer names (their instance suffix ":N" dropped). */
static int
add_orphans(GPtrArray *ids)
{
    int code = 0;
    g_autoptr(GPtrArray) list = rscs_selected(NULL, FALSE, &code);

    if (list == NULL) {
        return code;
    }
    for (guint i = 0; i < list->len; i++) {
        const char *id = str_of(list->pdata[i], "id");
        g_autofree char *base = g_strndup(id, strcspn(id, ":"));
        gboolean orphan = FALSE;

        (void) g_variant_lookup(list->pdata[i], "orphan", "b", &orphan);
        if (orphan && strcmp(str_of(list->pdata[i], "kind"), "primitive") == 0
            && !g_ptr_array_find_with_equal_func(ids, base, g_str_equal,
                                                 NULL)) {
            g_ptr_array_add(ids, g_steal_pointer(&base));
        }
    }
    return HACTL_EXIT_OK;
}

/* Forget the operation history of @ids on @node (NULL: everywhere). */
static int
forget_histories(GPtrArray *ids, const char *node)
{
    for (guint i = 0; i < ids->len; i++) {
        const char *id = ids->pdata[i];
        int rc = hactl_hacd_call(HA_IPC_HACD_RSC_CLEANUP,
                                 g_variant_new("(tsms)", hactl_request_id(),
                                               id, node),
                                 HA_IPC_HACD_EMPTY_REPLY, TRUE, NULL);

        if (rc == -HA_ENOTFOUND) {
            fprintf(stderr, "hactl: resource refresh: no resource '%s'\n", id);
            return HACTL_EXIT_NOT_FOUND;
        }
        if (rc < 0) {
            return hactl_hacd_fail(rc, "resource refresh");
        }
    }
    return HACTL_EXIT_OK;
}

static int
refresh(const struct hactl_globals *g, const char *id, const char *node,
        double wait_s)
{
    int code = 0;
    g_autoptr(xmlDoc) doc = hactl_config_read(NULL, &code);
    g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *on = g_strdup_printf("%s%s", node != NULL ? " on " : "",
                                          node != NULL ? node : "");
    g_autofree char *msg = NULL;
    xmlNode *el = NULL;

    if (doc == NULL) {
        return code;
    }
    if (node != NULL) {
        code = need_node("resource refresh", node);
        if (code != HACTL_EXIT_OK) {
            return code;
        }
    }
    if (id != NULL) {
        el = find_resource(doc, id, FALSE);
        if (el != NULL) {
            primitives_below(el, ids);
        } else {
            /* not configured: hacd may still know it from its history */
            g_ptr_array_add(ids, g_strdup(id));
        }
    } else {
        primitives_below(hactl_xml_section(doc, "resources"), ids);
        code = add_orphans(ids);
        if (code != HACTL_EXIT_OK) {
            return code;
        }
    }
    code = forget_histories(ids, node);
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    if (ids->len == 0) {
        msg = g_strdup_printf("Nothing to refresh%s: no primitives", on);
    } else if (id == NULL) {
        msg = g_strdup_printf("Operation history of every resource (%u) "
                              "forgotten%s; they are probed again", ids->len,
                              on);
    } else if (el != NULL && !ha_xml_is(el, "primitive")) {
        g_autofree char *members = NULL;

        g_ptr_array_add(ids, NULL);     /* a NULL-terminated vector */
        members = g_strjoinv(", ", (char **) ids->pdata);
        g_ptr_array_remove_index(ids, ids->len - 1);
        msg = g_strdup_printf("Operation history of '%s' (%s) forgotten%s; "
                              "%s probed again", id, members, on,
                              ids->len == 1 ? "it is" : "they are");
    } else {
        msg = g_strdup_printf("Operation history of '%s' forgotten%s; it is "
                              "probed again", id, on);
    }
    hactl_print_done(g, "resource refresh", msg, NULL);
    return hactl_settled_after(HACTL_EXIT_OK, "resource refresh", wait_s);
}

static int
update(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) params = g_ptr_array_new();
    g_autoptr(GPtrArray) metas = g_ptr_array_new();
    g_autoptr(GPtrArray) ops = g_ptr_array_new();
    struct update u = { a->argv[0], params, metas, ops, NULL };

    for (int i = 1; i < a->argc; i++) {
        if (strchr(a->argv[i], '=') == NULL) {
            fprintf(stderr, "hactl: resource update: unexpected argument "
                    "'%s'\n", a->argv[i]);
            hactl_help_usage_line(stderr, &hactl_noun_resource, a->verb);
            return HACTL_EXIT_USAGE;
        }
        g_ptr_array_add(params, a->argv[i]);
    }
    for (const char *const *o = hactl_arg_list(a, "op"); *o; o++) {
        g_ptr_array_add(ops, (gpointer) *o);
    }
    for (const char *const *m = hactl_arg_list(a, "meta"); *m; m++) {
        g_ptr_array_add(metas, (gpointer) *m);
    }
    if (params->len + metas->len + ops->len == 0) {
        fprintf(stderr, "hactl: resource update: nothing to change\n");
        hactl_help_usage_line(stderr, &hactl_noun_resource, a->verb);
        return HACTL_EXIT_USAGE;
    }
    return hactl_settled_after(hactl_edit(g, "resource update", edit_update,
                                          &u), "resource update", a->wait_s);
}

int
hactl_resource_delete(const struct hactl_globals *g, const char *id,
                      gboolean stonith, gboolean force, double wait_s)
{
    const char *what = stonith ? "stonith delete" : "resource delete";
    g_autoptr(GString) removed = g_string_new(NULL);
    struct deletion d = { id, stonith, force, removed };

    return hactl_settled_after(hactl_edit(g, what, edit_delete, &d), what,
                               wait_s);
}

/* ---- the command line ---- */

static int
rsc_delete(const struct hactl_globals *g, const struct hactl_args *a)
{
    return hactl_resource_delete(g, a->argv[0], FALSE,
                                 hactl_arg_flag(a, "force"), a->wait_s);
}

static int
rsc_enable(const struct hactl_globals *g, const struct hactl_args *a)
{
    gboolean on = (strcmp(a->verb->name, "enable") == 0);
    g_autofree char *said = g_strdup_printf("Resource '%s' %s", a->argv[0],
                                            on ? "enabled" : "disabled");

    return update_meta(g, on ? "resource enable" : "resource disable",
                       a->argv[0], "target-role", on ? NULL : "Stopped", said,
                       a->wait_s);
}

static int
rsc_ban(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct placement p = { a->argv[0], a->argv[1], TRUE,
                           hactl_arg_flag(a, "promoted") };
    const char *what = "resource ban";
    int code = need_node(what, p.node);

    if (code != HACTL_EXIT_OK) {
        return code;
    }
    return hactl_settled_after(hactl_edit(g, what, edit_place, &p), what,
                               a->wait_s);
}

static int
rsc_clear(const struct hactl_globals *g, const struct hactl_args *a)
{
    return hactl_settled_after(hactl_edit(g, "resource clear", edit_clear,
                                          (gpointer) a->argv[0]),
                               "resource clear", a->wait_s);
}

static int
rsc_cleanup(const struct hactl_globals *g, const struct hactl_args *a)
{
    return cleanup(g, a->argv[0], hactl_arg_value(a, "node"), a->wait_s);
}

static int
rsc_refresh(const struct hactl_globals *g, const struct hactl_args *a)
{
    return refresh(g, a->argv[0], hactl_arg_value(a, "node"), a->wait_s);
}

static int
rsc_restart(const struct hactl_globals *g, const struct hactl_args *a)
{
    return restart(g, a->argv[0], a->wait_s);
}

static int
rsc_manage(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) ids = g_ptr_array_new();
    struct management m = { ids, strcmp(a->verb->name, "manage") == 0 };
    const char *what = m.on ? "resource manage" : "resource unmanage";

    for (int i = 0; i < a->argc; i++) {
        g_ptr_array_add(ids, a->argv[i]);
    }
    return hactl_settled_after(hactl_edit(g, what, edit_manage, &m), what,
                               a->wait_s);
}

static int
rsc_list(const struct hactl_globals *g, const struct hactl_args *a)
{
    (void) a;
    return hactl_resource_list(g, FALSE);
}

static int
rsc_show(const struct hactl_globals *g, const struct hactl_args *a)
{
    return show(g, a->argv[0]);
}

#define OPT_OP { "op", HACTL_OPT_LIST, "NAME:K=V[,K=V...]", "an operation " \
                 "(repeatable), e.g.\nmonitor:interval=10s,timeout=20s" }
#define OPT_META { "meta", HACTL_OPT_LIST, "K=V", "a meta attribute " \
                   "(repeatable)" }

static const struct hactl_opt create_opts[] = {
    OPT_OP, OPT_META,
    { "group", HACTL_OPT_VALUE, "G", "add it to group G (created when "
      "missing)" },
    { "clone", HACTL_OPT_FLAG, NULL, "inside the clone ID-clone" },
    { "promotable", HACTL_OPT_FLAG, NULL, "inside the promotable clone "
      "ID-clone" },
    { "disabled", HACTL_OPT_FLAG, NULL, "created with target-role Stopped" },
    { NULL },
};

static const struct hactl_opt update_opts[] = {
    OPT_OP, OPT_META,
    { NULL },
};

static const struct hactl_opt force_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "a fence device that fencing levels "
      "use: taken out of them" },
    { NULL },
};

static const struct hactl_opt move_opts[] = {
    { "promoted", HACTL_OPT_FLAG, NULL, "a promotable clone: its Promoted "
      "role moves" },
    { "pin", HACTL_OPT_FLAG, NULL, "keep the constraint until 'resource "
      "clear'" },
    { "lifetime", HACTL_OPT_VALUE, "DURATION", "with --pin: only so long "
      "(PT1H, 30m)" },
    { NULL },
};

static const struct hactl_opt ban_opts[] = {
    { "promoted", HACTL_OPT_FLAG, NULL, "keep its Promoted role off NODE" },
    { NULL },
};

static const struct hactl_opt node_opts[] = {
    { "node", HACTL_OPT_VALUE, "NODE", "only on NODE" },
    { NULL },
};

static const struct hactl_opt debug_opts[] = {
    { "interval", HACTL_OPT_VALUE, "MS", "the interval of a recurring "
      "action (a monitor)" },
    { "expect-stopped", HACTL_OPT_FLAG, NULL, "rc 7 (not running) is the "
      "expected one" },
    { "expect-promoted", HACTL_OPT_FLAG, NULL, "rc 8 (running Promoted) is "
      "the expected one" },
    { NULL },
};

static const struct hactl_verb resource_verbs[] = {
    { "create", "ID CLASS:PROVIDER:TYPE [NAME=VALUE...]", create_opts,
      hactl_resource_create, HACTL_VERB_WAIT, "add a primitive", NULL,
      "hactl resource create vip ocf:heartbeat:IPaddr2 ip=192.168.1.100 \\\n"
      "    --op monitor:interval=10s,timeout=20s --group web" },
    { "delete", "ID", force_opts, rsc_delete, HACTL_VERB_WAIT, "remove it, "
      "the constraints that name it and a group left empty", NULL,
      "hactl resource delete vip" },
    { "update", "ID [NAME=VALUE...]", update_opts, update, HACTL_VERB_WAIT,
      "change parameters, meta attributes or operations (K= removes)", NULL,
      "hactl resource update vip cidr_netmask=16 --meta "
      "migration-threshold=3" },
    { "enable", "ID", NULL, rsc_enable, HACTL_VERB_WAIT, "let it run "
      "(removes target-role Stopped)", NULL, "hactl resource enable vip" },
    { "disable", "ID", NULL, rsc_enable, HACTL_VERB_WAIT, "stop it (meta "
      "target-role=Stopped)", NULL, "hactl resource disable vip --wait" },
    { "move", "ID [NODE]", move_opts, hactl_resource_move, HACTL_VERB_WAIT,
      "run it on NODE (or away from where it runs)",
      "Waits until it runs there, then removes the constraint that moved it\n"
      "(cli-prefer-ID or cli-ban-ID-on-NODE); exit 9 if it did not get "
      "there within\n--wait=SECONDS (default "
      G_STRINGIFY(HACTL_WAIT_DEFAULT_S) " s).  --pin keeps the constraint "
      "until\n'resource clear', --lifetime only so long.  --promoted (a "
      "promotable clone):\nthe Promoted role moves (a constraint with "
      "role=\"Promoted\").", "hactl resource move web node2" },
    { "ban", "ID NODE", ban_opts, rsc_ban, HACTL_VERB_WAIT, "keep it off "
      "NODE (constraint cli-ban-ID-on-NODE)", NULL,
      "hactl resource ban web node1" },
    { "clear", "ID", NULL, rsc_clear, HACTL_VERB_WAIT, "remove what move "
      "and ban left", NULL, "hactl resource clear web" },
    { "cleanup", "ID", node_opts, rsc_cleanup, HACTL_VERB_WAIT, "forget its "
      "failures and probe it again", NULL,
      "hactl resource cleanup www --node node1" },
    { "refresh", "[ID]", node_opts, rsc_refresh, HACTL_VERB_WAIT, "forget "
      "the operation history and probe again",
      "Of ID (its members for a group or clone), of every resource without "
      "ID.", "hactl resource refresh web --node node1" },
    { "restart", "ID", NULL, rsc_restart, HACTL_VERB_WAIT, "stop it, wait "
      "until it stopped, start it", NULL, "hactl resource restart www" },
    { "manage", "ID...", NULL, rsc_manage, HACTL_VERB_WAIT, "let the "
      "cluster start, stop and monitor them again", NULL,
      "hactl resource manage www db" },
    { "unmanage", "ID...", NULL, rsc_manage, HACTL_VERB_WAIT, "leave them "
      "as they are (meta is-managed=false)", "The cluster neither starts "
      "nor stops them.", "hactl resource unmanage www --wait" },
    { "list", NULL, NULL, rsc_list, 0, "every resource with its role and "
      "node", NULL, "hactl resource list --output json" },
    { "show", "ID", NULL, rsc_show, 0, "its definition and its state",
      NULL, "hactl resource show vip" },
    { "debug", "ID ACTION", debug_opts, hactl_resource_debug, 0, "run "
      "ACTION here now through ha-execd, show what the agent did",
      "ACTION: start, stop, monitor ...  With the parameters and meta data "
      "the cluster\ngives it; prints rc, exit reason, duration and the "
      "agent's output.  Exit 0\nwhen the rc is the expected one.  The cluster "
      "records the result like any other.",
      "hactl resource debug www monitor --interval 10000" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_resource = {
    "resource", "create, change, move and clean up resources",
    resource_verbs, NULL,
};
