/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_resource.c - `hactl resource ...` and `hactl stonith
 * create|delete|list`: resources in the configuration (create, delete,
 * update, enable, disable, move, ban, clear), their state (list, show),
 * cleanup of failures, restart.  Every change accepts --wait[=SECONDS].
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "exec/exec_agent.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

static const char resource_usage_text[] =
    "Usage: hactl resource <verb> ...\n"
    "  create ID CLASS:PROVIDER:TYPE [NAME=VALUE...] [--op NAME:K=V[,K=V...]]...\n"
    "         [--meta K=V]... [--group G] [--clone [--promotable]] [--disabled]\n"
    "  delete ID                 remove it and the constraints that name it\n"
    "  update ID [NAME=VALUE...] [--meta K=V]...   (NAME= removes)\n"
    "  enable ID | disable ID    target-role Started / Stopped\n"
    "  move ID NODE              prefer NODE (constraint cli-prefer-ID)\n"
    "  ban ID NODE               keep it off NODE (cli-ban-ID-on-NODE)\n"
    "  clear ID                  remove what move and ban left\n"
    "  cleanup ID [--node NODE]  forget failures, probe again\n"
    "  restart ID                stop it, wait, start it\n"
    "  list                      every resource with its role and node\n"
    "  show ID                   its definition and state\n"
    "  debug ID ACTION           run ACTION here now, show what the agent "
    "did\n"
    "Changes accept --wait[=SECONDS]: wait until the cluster settled.\n"
    "Examples:\n"
    "  hactl resource create vip ocf:ha:vip ip=192.168.1.100 --group web\n"
    "  hactl resource create www ocf:ha:web server=nginx \\\n"
    "      configfile=/etc/nginx/nginx.conf pidfile=/run/nginx.pid --group web\n"
    "  hactl resource move web node2 --wait\n";

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

static int
add_op(xmlNode *prim, const char *spec)
{
    const char *colon = strchr(spec, ':');
    g_autofree char *name = g_strndup(spec, colon != NULL ? colon - spec
                                                          : (long) strlen(spec));
    g_auto(GStrv) pairs = g_strsplit(colon != NULL ? colon + 1 : "", ",", -1);
    xmlNode *ops = ha_xml_first_child(prim, "operations");
    const char *interval = "0";
    g_autofree char *id = NULL;
    xmlNode *op;

    if (!ha_id_valid(name)) {
        return hactl_edit_error(-EINVAL, "bad operation '%s' (want NAME:"
                                "interval=10s,timeout=20s)", spec);
    }
    for (char **p = pairs; *p != NULL; p++) {
        if (g_str_has_prefix(*p, "interval=")) {
            interval = *p + strlen("interval=");
        }
    }
    if (ops == NULL) {
        ops = xmlNewChild(prim, NULL, X("operations"), NULL);
    }
    id = g_strdup_printf("%s-%s-interval-%s", ha_xml_attr(prim, "id"), name,
                         interval);
    op = hactl_xml_add(ops, "op", id);
    xmlSetProp(op, X("name"), X(name));
    xmlSetProp(op, X("interval"), X(interval));
    for (char **p = pairs; *p != NULL; p++) {
        g_autofree char *k = NULL;
        const char *v = NULL;
        guint64 ms = 0;

        if (**p == '\0') {
            continue;
        }
        if (!split_kv(*p, &k, &v) || !ha_id_valid(k)) {
            return hactl_edit_error(-EINVAL, "bad operation option '%s'", *p);
        }
        if ((strcmp(k, "interval") == 0 || strcmp(k, "timeout") == 0)
            && ha_duration_parse_ms(v, &ms) < 0) {
            return hactl_edit_error(-EINVAL, "bad %s '%s'", k, v);
        }
        xmlSetProp(op, X(k), X(v));
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
        return hactl_edit_error(-EINVAL, "id '%s' already exists", s->id);
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
            return hactl_edit_error(-EINVAL, "id '%s' already exists", cid);
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
    return build_primitive(parent, s);
}

/* Parse create's arguments (after the verb): ID AGENT [k=v] [options]. */
static int
parse_spec(int argc, char **argv, gboolean stonith, struct rsc_spec *s,
           double *wait_s)
{
    const char *agent;
    g_autofree char *spec = NULL;
    int rc;

    s->params = g_ptr_array_new();
    s->metas = g_ptr_array_new();
    s->ops = g_ptr_array_new();
    if (argc < 2) {
        return -1;
    }
    s->id = argv[0];
    agent = argv[1];
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
    for (int i = 2; i < argc; i++) {
        const char *a = argv[i];

        if (strcmp(a, "--op") == 0 && i + 1 < argc) {
            g_ptr_array_add(s->ops, argv[++i]);
        } else if (strcmp(a, "--meta") == 0 && i + 1 < argc) {
            g_ptr_array_add(s->metas, argv[++i]);
        } else if (strcmp(a, "--group") == 0 && i + 1 < argc && !stonith) {
            s->group = argv[++i];
        } else if (strcmp(a, "--clone") == 0 && !stonith) {
            s->clone = TRUE;
        } else if (strcmp(a, "--promotable") == 0 && !stonith) {
            s->clone = s->promotable = TRUE;
        } else if (strcmp(a, "--disabled") == 0) {
            s->disabled = TRUE;
        } else if (hactl_parse_wait(a, wait_s) != 0) {
            if (*wait_s <= 0) {
                return -1;
            }
        } else if (a[0] != '-' && strchr(a, '=') != NULL) {
            g_ptr_array_add(s->params, (gpointer) a);
        } else {
            fprintf(stderr, "hactl: unexpected argument '%s'\n", a);
            return HACTL_EXIT_USAGE;
        }
    }
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

static int
finish(int rc, double wait_s, const char *what)
{
    if (rc == HACTL_EXIT_OK && wait_s > 0) {
        return hactl_wait_settled(what, wait_s);
    }
    return rc;
}

int
hactl_resource_create(int argc, char **argv, gboolean stonith)
{
    struct rsc_spec s = { 0 };
    double wait_s = 0;
    int rc = parse_spec(argc, argv, stonith, &s, &wait_s);

    if (rc == 0) {
        rc = finish(hactl_edit(stonith ? "stonith create" : "resource create",
                               edit_create, &s), wait_s, "resource create");
    } else if (rc < 0) {
        fprintf(stderr, "%s", resource_usage_text);
        rc = HACTL_EXIT_USAGE;
    }
    spec_clear(&s);
    return rc;
}

/* ---- delete ---- */

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

/* Remove every constraint (or set member) of @n's subtree naming @id. */
static void
drop_refs(xmlNode *n, const char *id)
{
    xmlNode *c = ha_xml_first_child(n, NULL);

    while (c != NULL) {
        xmlNode *next = ha_xml_next(c, NULL);

        if (names(c, id)) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        } else {
            drop_refs(c, id);
            /* a set left empty, or a constraint left with an empty set */
            if ((ha_xml_is(c, "resource_set") && ha_xml_first_child(c, NULL) == NULL)
                || (ha_xml_first_child(c, "resource_set") == NULL
                    && ha_xml_attr(c, "rsc") == NULL
                    && ha_xml_attr(c, "first") == NULL
                    && (g_str_has_prefix((const char *) c->name, "rsc_")))) {
                xmlUnlinkNode(c);
                xmlFreeNode(c);
            }
        }
        c = next;
    }
}

static void
drop_subtree_refs(xmlDoc *doc, xmlNode *el)
{
    const char *id = ha_xml_attr(el, "id");

    if (id != NULL) {
        drop_refs(hactl_xml_section(doc, "constraints"), id);
    }
    for (xmlNode *c = ha_xml_first_child(el, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (ha_xml_is(c, "primitive") || ha_xml_is(c, "group")
            || ha_xml_is(c, "clone") || ha_xml_is(c, "master")) {
            drop_subtree_refs(doc, c);
        }
    }
}

static gboolean
is_resource(const xmlNode *n)
{
    return ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
           || ha_xml_is(n, "clone") || ha_xml_is(n, "master")
           || ha_xml_is(n, "bundle");
}

static int
edit_delete(xmlDoc *doc, void *ud)
{
    const char *id = ud;
    xmlNode *el = hactl_xml_find_id(doc, id);
    xmlNode *parent;

    if (el == NULL || !is_resource(el)) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", id);
    }
    drop_subtree_refs(doc, el);
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
        drop_subtree_refs(doc, parent);
        xmlUnlinkNode(parent);
        xmlFreeNode(parent);
        parent = up;
    }
    return 0;
}

/* ---- update, enable, disable ---- */

struct update {
    const char *id;
    GPtrArray *params, *metas;
};

static int
edit_update(xmlDoc *doc, void *ud)
{
    struct update *u = ud;
    xmlNode *el = hactl_xml_find_id(doc, u->id);
    int rc;

    if (el == NULL || !is_resource(el)) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", u->id);
    }
    if (u->params->len > 0 && !ha_xml_is(el, "primitive")) {
        return hactl_edit_error(-EINVAL, "'%s' is a %s: only primitives have "
                                "parameters", u->id, (const char *) el->name);
    }
    rc = set_pairs(el, "instance_attributes", u->params);
    return (rc < 0) ? rc : set_pairs(el, "meta_attributes", u->metas);
}

static int
update_meta(const char *what, const char *id, const char *name,
            const char *value, double wait_s)
{
    g_autofree char *kv = g_strdup_printf("%s=%s", name,
                                          value != NULL ? value : "");
    g_autoptr(GPtrArray) none = g_ptr_array_new();
    g_autoptr(GPtrArray) metas = g_ptr_array_new();
    struct update u = { id, none, metas };

    g_ptr_array_add(metas, kv);
    return finish(hactl_edit(what, edit_update, &u), wait_s, what);
}

/* ---- move, ban, clear ---- */

struct placement {
    const char *id, *node;
    gboolean ban;
};

static void
drop_cli(xmlNode *cons, const char *id, gboolean prefer, gboolean bans)
{
    g_autofree char *p = g_strconcat("cli-prefer-", id, NULL);
    g_autofree char *b = g_strconcat("cli-ban-", id, "-on-", NULL);
    xmlNode *c = ha_xml_first_child(cons, "rsc_location");

    while (c != NULL) {
        xmlNode *next = ha_xml_next(c, "rsc_location");
        const char *cid = ha_xml_attr(c, "id");

        if (cid != NULL && ((prefer && strcmp(cid, p) == 0)
                            || (bans && g_str_has_prefix(cid, b)))) {
            xmlUnlinkNode(c);
            xmlFreeNode(c);
        }
        c = next;
    }
}

static int
edit_place(xmlDoc *doc, void *ud)
{
    const struct placement *p = ud;
    xmlNode *el = hactl_xml_find_id(doc, p->id);
    xmlNode *cons = hactl_xml_section(doc, "constraints");
    g_autofree char *cid = p->ban
                           ? g_strdup_printf("cli-ban-%s-on-%s", p->id, p->node)
                           : g_strdup_printf("cli-prefer-%s", p->id);
    xmlNode *loc;

    if (el == NULL || !is_resource(el)) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", p->id);
    }
    if (!p->ban) {
        drop_cli(cons, p->id, TRUE, FALSE);
    } else {
        xmlNode *old = hactl_xml_find_id(doc, cid);

        if (old != NULL) {
            xmlUnlinkNode(old);
            xmlFreeNode(old);
        }
    }
    loc = hactl_xml_add(cons, "rsc_location", cid);
    xmlSetProp(loc, X("rsc"), X(p->id));
    xmlSetProp(loc, X("role"), X("Started"));
    xmlSetProp(loc, X("node"), X(p->node));
    xmlSetProp(loc, X("score"), X(p->ban ? "-INFINITY" : "INFINITY"));
    return 0;
}

static int
edit_clear(xmlDoc *doc, void *ud)
{
    const char *id = ud;
    xmlNode *el = hactl_xml_find_id(doc, id);

    if (el == NULL || !is_resource(el)) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", id);
    }
    drop_cli(hactl_xml_section(doc, "constraints"), id, TRUE, TRUE);
    return 0;
}

/* ---- state: list, show, cleanup, restart ---- */

static GVariant *
status_get(int *ret_exit)
{
    GVariant *st = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    *ret_exit = (rc < 0) ? hactl_hacd_fail(rc, "resource") : HACTL_EXIT_OK;
    return st;
}

/* Is status entry @r (a{sv}) shown by list (@stonith_only: fence devices
 * only) or by show @only (that id only)? */
static gboolean
listed(GVariant *r, const char *only, gboolean stonith_only)
{
    const char *id = "", *agent = "";

    (void) g_variant_lookup(r, "id", "&s", &id);
    (void) g_variant_lookup(r, "agent", "&s", &agent);
    if (only != NULL) {
        return strcmp(id, only) == 0;
    }
    return !stonith_only || g_str_has_prefix(agent, "stonith:");
}

static int
list_or_show(const struct hactl_globals *g, const char *only,
             gboolean stonith_only)
{
    int code = 0;
    g_autoptr(GVariant) st = status_get(&code);
    g_autoptr(GVariant) rscs = NULL;
    GVariantIter it;
    GVariant *r;
    gboolean found = (only == NULL);

    if (st == NULL) {
        return code;
    }
    rscs = g_variant_lookup_value(st, "resources", G_VARIANT_TYPE("aa{sv}"));
    if (g->json) {
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autoptr(JsonNode) node = NULL;
        g_autofree char *text = NULL;
        GVariantBuilder b;

        /* list: an array of the entries listed; show: the one entry */
        g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
        g_variant_iter_init(&it, rscs);
        while ((r = g_variant_iter_next_value(&it)) != NULL) {
            if (listed(r, only, stonith_only)) {
                if (only != NULL && node == NULL) {
                    node = json_gvariant_serialize(r);
                }
                g_variant_builder_add_value(&b, r);
                found = TRUE;
            }
            g_variant_unref(r);
        }
        if (only == NULL) {
            g_autoptr(GVariant) all = g_variant_ref_sink(g_variant_builder_end(&b));

            node = json_gvariant_serialize(all);
        } else {
            g_variant_builder_clear(&b);
        }
        if (!found) {
            fprintf(stderr, "hactl: no resource '%s'\n", only);
            return HACTL_EXIT_NOT_FOUND;
        }
        json_generator_set_root(gen, node);
        json_generator_set_pretty(gen, TRUE);
        text = json_generator_to_data(gen, NULL);
        printf("%s\n", text);
        return HACTL_EXIT_OK;
    }
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        const char *id = "", *kind = "", *agent = "", *role = "";
        g_autoptr(GVariant) nodes = g_variant_lookup_value(r, "nodes",
                                                           G_VARIANT_TYPE("as"));
        g_autofree const char **v = g_variant_get_strv(nodes, NULL);
        g_autofree char *where = g_strjoinv(" ", (char **) v);
        gboolean failed = FALSE;

        (void) g_variant_lookup(r, "id", "&s", &id);
        (void) g_variant_lookup(r, "kind", "&s", &kind);
        (void) g_variant_lookup(r, "agent", "&s", &agent);
        (void) g_variant_lookup(r, "role", "&s", &role);
        (void) g_variant_lookup(r, "failed", "b", &failed);
        if (listed(r, only, stonith_only)) {
            printf("%-16s %-10s %-28s %s%s%s\n", id, kind, agent,
                   failed ? "FAILED" : role, *where ? " " : "", where);
            found = TRUE;
        }
        g_variant_unref(r);
    }
    if (!found) {
        fprintf(stderr, "hactl: no resource '%s'\n", only);
        return HACTL_EXIT_NOT_FOUND;
    }
    return HACTL_EXIT_OK;
}

static int
show(const struct hactl_globals *g, const char *id)
{
    int code = 0;
    xmlDoc *doc = hactl_config_read(NULL, &code);
    xmlNode *el;
    xmlBuffer *buf;

    if (doc == NULL) {
        return code;
    }
    el = hactl_xml_find_id(doc, id);
    if (el == NULL || !is_resource(el)) {
        xmlFreeDoc(doc);
        fprintf(stderr, "hactl: no resource '%s'\n", id);
        return HACTL_EXIT_NOT_FOUND;
    }
    if (!g->json) {
        buf = xmlBufferCreate();
        xmlNodeDump(buf, doc, el, 0, 1);
        printf("%s\n", (const char *) xmlBufferContent(buf));
        xmlBufferFree(buf);
    }
    xmlFreeDoc(doc);
    return list_or_show(g, id, FALSE);
}

static int
cleanup(const char *id, const char *node, double wait_s)
{
    int rc = hactl_hacd_call(HA_IPC_HACD_RSC_CLEANUP,
                             g_variant_new("(tsms)", hactl_request_id(), id,
                                           node),
                             HA_IPC_HACD_EMPTY_REPLY, TRUE, NULL);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "resource cleanup");
    }
    return finish(HACTL_EXIT_OK, wait_s, "resource cleanup");
}

static int
restart(const char *id, double wait_s)
{
    int rc;

    if (wait_s <= 0) {
        wait_s = HACTL_WAIT_DEFAULT_S;
    }
    rc = update_meta("resource restart", id, "target-role", "Stopped", wait_s);
    if (rc != HACTL_EXIT_OK) {
        return rc;
    }
    return update_meta("resource restart", id, "target-role", NULL, wait_s);
}

int
ha_hactl_cmd_resource(const struct hactl_globals *g, int argc, char **argv)
{
    const char *verb = (argc > 1) ? argv[1] : "";
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    const char *node = NULL;
    double wait_s = 0;

    if (argc < 2 || strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0
        || (argc > 2 && strcmp(argv[2], "--help") == 0)) {
        fputs(resource_usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? HACTL_EXIT_USAGE : HACTL_EXIT_OK;
    }
    if (strcmp(verb, "create") == 0) {
        return hactl_resource_create(argc - 2, argv + 2, FALSE);
    }
    if (strcmp(verb, "debug") == 0) {
        return hactl_resource_debug(argc - 2, argv + 2);
    }
    if (strcmp(verb, "update") == 0 && argc >= 3) {
        g_autoptr(GPtrArray) params = g_ptr_array_new();
        g_autoptr(GPtrArray) metas = g_ptr_array_new();
        struct update u = { argv[2], params, metas };

        for (int i = 3; i < argc; i++) {
            if (strcmp(argv[i], "--meta") == 0 && i + 1 < argc) {
                g_ptr_array_add(metas, argv[++i]);
            } else if (hactl_parse_wait(argv[i], &wait_s) == 0) {
                g_ptr_array_add(params, argv[i]);
            }
        }
        return finish(hactl_edit("resource update", edit_update, &u), wait_s,
                      "resource update");
    }
    for (int i = 2; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (w < 0) {
            fprintf(stderr, "hactl: bad %s\n", argv[i]);
            return HACTL_EXIT_USAGE;
        } else if (w == 0 && strcmp(argv[i], "--node") == 0 && i + 1 < argc) {
            node = argv[++i];
        } else if (w == 0) {
            g_ptr_array_add(args, argv[i]);
        }
    }
#define NARGS(n) (args->len == (n))
#define ARG(i) ((const char *) args->pdata[i])
    if (strcmp(verb, "delete") == 0 && NARGS(1)) {
        return finish(hactl_edit("resource delete", edit_delete,
                                 (gpointer) ARG(0)), wait_s, "resource delete");
    }
    if ((strcmp(verb, "enable") == 0 || strcmp(verb, "disable") == 0)
        && NARGS(1)) {
        return update_meta(strcmp(verb, "enable") == 0 ? "resource enable"
                                                       : "resource disable",
                           ARG(0), "target-role",
                           strcmp(verb, "enable") == 0 ? NULL : "Stopped",
                           wait_s);
    }
    if ((strcmp(verb, "move") == 0 || strcmp(verb, "ban") == 0) && NARGS(2)) {
        struct placement p = { ARG(0), ARG(1), strcmp(verb, "ban") == 0 };

        return finish(hactl_edit(p.ban ? "resource ban" : "resource move",
                                 edit_place, &p), wait_s, "resource move");
    }
    if (strcmp(verb, "clear") == 0 && NARGS(1)) {
        return finish(hactl_edit("resource clear", edit_clear,
                                 (gpointer) ARG(0)), wait_s, "resource clear");
    }
    if (strcmp(verb, "cleanup") == 0 && NARGS(1)) {
        return cleanup(ARG(0), node, wait_s);
    }
    if (strcmp(verb, "restart") == 0 && NARGS(1)) {
        return restart(ARG(0), wait_s);
    }
    if (strcmp(verb, "list") == 0 && NARGS(0)) {
        return list_or_show(g, NULL, FALSE);
    }
    /* `stonith list`: fence devices only */
    if (strcmp(verb, "list") == 0 && NARGS(1) && strcmp(ARG(0), "--stonith") == 0) {
        return list_or_show(g, NULL, TRUE);
    }
    if (strcmp(verb, "show") == 0 && NARGS(1)) {
        return show(g, ARG(0));
    }
#undef NARGS
#undef ARG
    fprintf(stderr, "hactl resource: bad command line\n%s", resource_usage_text);
    return HACTL_EXIT_USAGE;
}
