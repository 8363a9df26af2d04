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
#include "hactl.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

/* One verb: its synopsis (after "hactl resource ") and an example. */
struct verb_help {
    const char *verb, *synopsis, *what, *example;
};

static const struct verb_help verbs[] = {
    { "create", "create ID CLASS:PROVIDER:TYPE [NAME=VALUE...] "
      "[--op NAME:K=V[,K=V...]]...\n"
      "         [--meta K=V]... [--group G] [--clone [--promotable]] "
      "[--disabled]",
      "add a primitive (--group: to group G, created when missing;\n"
      "  --clone: inside clone ID-clone; --disabled: target-role Stopped)",
      "hactl resource create vip ocf:heartbeat:IPaddr2 ip=192.168.1.100 "
      "\\\n      --op monitor:interval=10s,timeout=20s --group web" },
    { "delete", "delete ID [--force]", "remove it, the constraints that "
      "name it and a group left empty\n"
      "  (--force: a fence device that fencing levels use, taken out of them)",
      "hactl resource delete vip" },
    { "update", "update ID [NAME=VALUE...] [--meta K=V]... [--op ...]...",
      "change parameters, meta attributes or operations (K= removes)",
      "hactl resource update vip cidr_netmask=16 --meta "
      "migration-threshold=3" },
    { "enable", "enable ID", "let it run (removes target-role Stopped)",
      "hactl resource enable vip" },
    { "disable", "disable ID", "stop it (meta target-role=Stopped)",
      "hactl resource disable vip --wait" },
    { "move", "move ID [NODE] [--promoted] [--pin [--lifetime DURATION]]",
      "run it on NODE (or away from where it runs), wait until it runs "
      "there,\n      then remove the constraint that moved it "
      "(cli-prefer-ID or\n      cli-ban-ID-on-NODE); exit 9 if it did not "
      "get there within --wait=SECONDS\n      (default "
      G_STRINGIFY(HACTL_WAIT_DEFAULT_S) " s).  --pin keeps the constraint "
      "until 'resource clear',\n      --lifetime (PT1H, 30m) only so long.  "
      "--promoted (a promotable clone):\n      the Promoted role moves "
      "(constraint with role=\"Promoted\")",
      "hactl resource move web node2" },
    { "ban", "ban ID NODE [--promoted]", "keep it (--promoted: its Promoted "
      "role) off NODE\n      (constraint cli-ban-ID-on-NODE)",
      "hactl resource ban web node1" },
    { "clear", "clear ID", "remove what move and ban left",
      "hactl resource clear web" },
    { "cleanup", "cleanup ID [--node NODE]", "forget its failures and "
      "probe it again", "hactl resource cleanup www --node node1" },
    { "restart", "restart ID", "stop it, wait until it stopped, start it",
      "hactl resource restart www" },
    { "manage", "manage ID...", "let the cluster start, stop and monitor "
      "them again (is-managed)", "hactl resource manage www db" },
    { "unmanage", "unmanage ID...", "leave them as they are: the cluster "
      "neither starts nor stops them\n      (meta is-managed=false)",
      "hactl resource unmanage www --wait" },
    { "refresh", "refresh [ID] [--node NODE]", "forget the operation history "
      "of ID (its members for a group or\n      clone; every resource without "
      "ID) and probe again", "hactl resource refresh web --node node1" },
    { "list", "list", "every resource with its role and node",
      "hactl --output json resource list" },
    { "show", "show ID", "its definition and its state",
      "hactl resource show vip" },
    { "debug", "debug ID ACTION [--interval MS] [--expect-stopped]",
      "run ACTION here now through ha-execd, show what the agent did",
      "hactl resource debug www monitor" },
};

static void
resource_usage(FILE *out, const char *only)
{
    fprintf(out, "Usage: hactl [--output json] resource <verb> ...\n");
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++) {
        if (only == NULL || strcmp(only, verbs[i].verb) == 0) {
            fprintf(out, "  %s\n      %s\n", verbs[i].synopsis, verbs[i].what);
        }
    }
    fprintf(out, "Changes accept --wait[=SECONDS]: then wait until the "
            "cluster settled.\nExample%s:\n", only == NULL ? "s" : "");
    for (guint i = 0; i < G_N_ELEMENTS(verbs); i++) {
        if ((only == NULL && i < 3) || (only != NULL
                                        && strcmp(only, verbs[i].verb) == 0)) {
            fprintf(out, "  %s\n", verbs[i].example);
        }
    }
}

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


int
hactl_resource_create(const struct hactl_globals *g, int argc, char **argv,
                      gboolean stonith)
{
    struct rsc_spec s = { 0 };
    double wait_s = 0;
    int rc = parse_spec(argc, argv, stonith, &s, &wait_s);
    const char *what = stonith ? "stonith create" : "resource create";

    if (rc == 0) {
        rc = hactl_settled_after(hactl_edit(g, what, edit_create, &s), what,
                                 wait_s);
    } else if (rc < 0) {
        if (stonith) {
            fprintf(stderr, "Usage: hactl stonith create ID fence_AGENT "
                    "[NAME=VALUE...] [--op ...] [--meta K=V] [--disabled]\n");
        } else {
            resource_usage(stderr, "create");
        }
        rc = HACTL_EXIT_USAGE;
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
        xmlFreeDoc(doc);
        fprintf(stderr, "hactl: resource show: no resource '%s'\n", id);
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
update(const struct hactl_globals *g, int argc, char **argv)
{
    g_autoptr(GPtrArray) params = g_ptr_array_new();
    g_autoptr(GPtrArray) metas = g_ptr_array_new();
    g_autoptr(GPtrArray) ops = g_ptr_array_new();
    struct update u = { argv[0], params, metas, ops, NULL };
    double wait_s = 0;

    for (int i = 1; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (strcmp(argv[i], "--meta") == 0 && i + 1 < argc) {
            g_ptr_array_add(metas, argv[++i]);
        } else if (strcmp(argv[i], "--op") == 0 && i + 1 < argc) {
            g_ptr_array_add(ops, argv[++i]);
        } else if (w < 0 || (w == 0 && (argv[i][0] == '-'
                                        || strchr(argv[i], '=') == NULL))) {
            fprintf(stderr, "hactl: resource update: unexpected argument "
                    "'%s'\n", argv[i]);
            resource_usage(stderr, "update");
            return HACTL_EXIT_USAGE;
        } else if (w == 0) {
            g_ptr_array_add(params, argv[i]);
        }
    }
    if (params->len + metas->len + ops->len == 0) {
        fprintf(stderr, "hactl: resource update: nothing to change\n");
        resource_usage(stderr, "update");
        return HACTL_EXIT_USAGE;
    }
    return hactl_settled_after(hactl_edit(g, "resource update", edit_update,
                                          &u), "resource update", wait_s);
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

/* The arity of each verb that takes plain arguments (*ret_max: at most
 * that many, G_MAXINT for any number). */
static int
verb_arity(const char *verb, int *ret_max)
{
    static const struct { const char *verb; int n, max; } arity[] = {
        { "delete", 1, 1 }, { "enable", 1, 1 }, { "disable", 1, 1 },
        { "ban", 2, 2 }, { "clear", 1, 1 },
        { "cleanup", 1, 1 }, { "restart", 1, 1 }, { "list", 0, 0 },
        { "show", 1, 1 }, { "manage", 1, G_MAXINT },
        { "unmanage", 1, G_MAXINT }, { "refresh", 0, 1 },
    };

    for (guint i = 0; i < G_N_ELEMENTS(arity); i++) {
        if (strcmp(verb, arity[i].verb) == 0) {
            if (ret_max != NULL) {
                *ret_max = arity[i].max;
            }
            return arity[i].n;
        }
    }
    return -1;
}

int
ha_hactl_cmd_resource(const struct hactl_globals *g, int argc, char **argv)
{
    const char *verb = (argc > 1) ? argv[1] : "";
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    const char *node = NULL;
    double wait_s = 0;
    gboolean force = FALSE;
    gboolean promoted = FALSE;
    int max = 0;

    if (argc < 2) {
        resource_usage(stderr, NULL);
        return HACTL_EXIT_USAGE;
    }
    if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0
        || strcmp(verb, "help") == 0) {
        resource_usage(stdout, NULL);
        return HACTL_EXIT_OK;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            resource_usage(stdout, verb);
            return HACTL_EXIT_OK;
        }
    }
    if (strcmp(verb, "create") == 0) {
        return hactl_resource_create(g, argc - 2, argv + 2, FALSE);
    }
    if (strcmp(verb, "debug") == 0) {
        return hactl_resource_debug(g, argc - 2, argv + 2);
    }
    if (strcmp(verb, "move") == 0) {
        return hactl_resource_move(g, argc - 2, argv + 2);
    }
    if (strcmp(verb, "update") == 0 && argc >= 3) {
        return update(g, argc - 2, argv + 2);
    }
    for (int i = 2; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (w < 0) {
            fprintf(stderr, "hactl: bad %s (want --wait or --wait=SECONDS)\n",
                    argv[i]);
            return HACTL_EXIT_USAGE;
        } else if (w == 0 && strcmp(argv[i], "--node") == 0 && i + 1 < argc
                   && (strcmp(verb, "cleanup") == 0
                       || strcmp(verb, "refresh") == 0)) {
            node = argv[++i];
        } else if (w == 0 && strcmp(argv[i], "--force") == 0
                   && strcmp(verb, "delete") == 0) {
            force = TRUE;
        } else if (w == 0 && strcmp(argv[i], "--promoted") == 0
                   && strcmp(verb, "ban") == 0) {
            promoted = TRUE;
        } else if (w == 0 && argv[i][0] == '-') {
            fprintf(stderr, "hactl: resource %s: unknown option '%s'\n", verb,
                    argv[i]);
            resource_usage(stderr, verb_arity(verb, NULL) >= 0 ? verb : NULL);
            return HACTL_EXIT_USAGE;
        } else if (w == 0) {
            g_ptr_array_add(args, argv[i]);
        }
    }
    if (verb_arity(verb, &max) < 0 || (int) args->len < verb_arity(verb, NULL)
        || (int) args->len > max) {
        fprintf(stderr, "hactl resource: bad command line\n");
        resource_usage(stderr, verb_arity(verb, NULL) >= 0 ? verb : NULL);
        return HACTL_EXIT_USAGE;
    }
#define ARG(i) ((const char *) args->pdata[i])
    if (strcmp(verb, "delete") == 0) {
        return hactl_resource_delete(g, ARG(0), FALSE, force, wait_s);
    }
    if (strcmp(verb, "enable") == 0 || strcmp(verb, "disable") == 0) {
        gboolean on = (strcmp(verb, "enable") == 0);
        g_autofree char *said = g_strdup_printf("Resource '%s' %s", ARG(0),
                                                on ? "enabled" : "disabled");

        return update_meta(g, on ? "resource enable" : "resource disable",
                           ARG(0), "target-role", on ? NULL : "Stopped", said,
                           wait_s);
    }
    if (strcmp(verb, "ban") == 0) {
        struct placement p = { ARG(0), ARG(1), TRUE, promoted };
        const char *what = "resource ban";
        int code = need_node(what, p.node);

        if (code != HACTL_EXIT_OK) {
            return code;
        }
        return hactl_settled_after(hactl_edit(g, what, edit_place, &p), what,
                                   wait_s);
    }
    if (strcmp(verb, "clear") == 0) {
        return hactl_settled_after(hactl_edit(g, "resource clear", edit_clear,
                                              (gpointer) ARG(0)),
                                   "resource clear", wait_s);
    }
    if (strcmp(verb, "cleanup") == 0) {
        return cleanup(g, ARG(0), node, wait_s);
    }
    if (strcmp(verb, "restart") == 0) {
        return restart(g, ARG(0), wait_s);
    }
    if (strcmp(verb, "manage") == 0 || strcmp(verb, "unmanage") == 0) {
        struct management m = { args, strcmp(verb, "manage") == 0 };
        const char *what = m.on ? "resource manage" : "resource unmanage";

        return hactl_settled_after(hactl_edit(g, what, edit_manage, &m), what,
                                   wait_s);
    }
    if (strcmp(verb, "refresh") == 0) {
        return refresh(g, args->len > 0 ? ARG(0) : NULL, node, wait_s);
    }
    if (strcmp(verb, "list") == 0) {
        return hactl_resource_list(g, FALSE);
    }
    return show(g, ARG(0));
#undef ARG
}
