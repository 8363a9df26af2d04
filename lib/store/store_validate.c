/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_validate.c - validation of a CIB: the RelaxNG schema
 * xml/ha-cib.rng (libxml2's xmlRelaxNG), then semantic checks the schema
 * cannot express: unique ids, references, scores, durations, booleans.
 *
 * The compiled schema is loaded once per process (thread-safe, g_once) from
 * $HA_SCHEMA_DIR or HA_SCHEMADIR and never freed.  Every error message
 * names the element (and its id) and the problem; all errors are reported,
 * not just the first.
 */
#include "config.h"

#include <errno.h>
#include <regex.h>
#include <string.h>

#include <libxml/relaxng.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "store/store_doc_private.h"
#include "store/store_names.h"

/* ---- schema ------------------------------------------------------------ */

struct schema_once {
    xmlRelaxNG *schema;
    int rc;
    char *error;
};

static struct schema_once schema_state;

static gpointer
schema_load(gpointer unused)
{
    const char *dir = g_getenv(HA_STORE_SCHEMA_DIR_ENV);
    g_autofree char *path = NULL;
    g_autoptr(xmlDoc) xml = NULL;
    g_autofree char *msg = NULL;
    xmlRelaxNGParserCtxt *ctxt;

    if (dir == NULL || *dir == '\0') {
        dir = HA_SCHEMADIR;
    }
    path = g_build_filename(dir, HA_STORE_SCHEMA_FILE, NULL);
    schema_state.rc = ha_xml_parse_file(path, NULL, &xml, &msg);
    if (schema_state.rc < 0) {
        schema_state.error = g_strdup_printf("Could not load the schema: %s",
                                             msg);
        return NULL;
    }
    ctxt = xmlRelaxNGNewDocParserCtxt(xml);
    schema_state.schema = xmlRelaxNGParse(ctxt);
    xmlRelaxNGFreeParserCtxt(ctxt);
    if (schema_state.schema == NULL) {
        schema_state.rc = -HA_EBADXML;
        schema_state.error = g_strdup_printf("Could not compile the schema "
                                             "'%s'", path);
    }
    return NULL;
}

static void
schema_error(void *data, const xmlError *err)
{
    GPtrArray *errors = data;
    g_autofree char *msg = g_strchomp(g_strdup(err->message != NULL
                                               ? err->message : "invalid"));

    if (err->node != NULL
        && ((const xmlNode *) err->node)->type == XML_ELEMENT_NODE) {
        g_autofree char *label = ha_store_node_label(err->node);

        ha_store_errors_add(errors, "%s: %s (line %ld)", label, msg,
                            (long) xmlGetLineNo(err->node));
    } else {
        ha_store_errors_add(errors, "line %d: %s", err->line, msg);
    }
}

/* ---- status: the rules of the schema's status patterns, in C ---------- */

static gboolean
status_need(const xmlNode *node, const char *attr, gboolean integer,
            GPtrArray *errors)
{
    const char *v = ha_xml_attr(node, attr);
    gint64 n;

    if (v == NULL) {
        ha_store_errors_add(errors, "status: <%s> (line %ld) has no %s",
                            (const char *) node->name,
                            (long) xmlGetLineNo(node), attr);
        return FALSE;
    }
    if (integer && !g_ascii_string_to_signed(v, 10, G_MININT64, G_MAXINT64,
                                             &n, NULL)) {
        ha_store_errors_add(errors, "status: <%s> (line %ld): %s '%s' is "
                            "not an integer", (const char *) node->name,
                            (long) xmlGetLineNo(node), attr, v);
        return FALSE;
    }
    return TRUE;
}

static gboolean
status_int(const xmlNode *node, const char *attr, GPtrArray *errors)
{
    return ha_xml_attr(node, attr) == NULL
           || status_need(node, attr, TRUE, errors);
}

static gboolean
status_unexpected(const xmlNode *node, GPtrArray *errors)
{
    ha_store_errors_add(errors, "status: <%s> (line %ld) is not expected in "
                        "<%s>", (const char *) node->name,
                        (long) xmlGetLineNo(node),
                        (const char *) node->parent->name);
    return FALSE;
}

static gboolean
check_lrm(const xmlNode *lrm, GPtrArray *errors)
{
    gboolean ok = TRUE;

    for (const xmlNode *rs = ha_xml_first_child(lrm, NULL); rs != NULL;
         rs = ha_xml_next(rs, NULL)) {
        if (!ha_xml_is(rs, "lrm_resources")) {
            ok &= status_unexpected(rs, errors);
            continue;
        }
        for (const xmlNode *r = ha_xml_first_child(rs, NULL); r != NULL;
             r = ha_xml_next(r, NULL)) {
            if (!ha_xml_is(r, "lrm_resource")) {
                ok &= status_unexpected(r, errors);
                continue;
            }
            ok &= status_need(r, HA_XA_ID, FALSE, errors);
            for (const xmlNode *op = ha_xml_first_child(r, NULL); op != NULL;
                 op = ha_xml_next(op, NULL)) {
                if (!ha_xml_is(op, "lrm_rsc_op")) {
                    ok &= status_unexpected(op, errors);
                    continue;
                }
                ok &= status_need(op, HA_XA_ID, FALSE, errors);
                ok &= status_need(op, "operation", FALSE, errors);
                ok &= status_int(op, "call-id", errors);
                ok &= status_int(op, "rc-code", errors);
                ok &= status_int(op, "op-status", errors);
            }
        }
    }
    return ok;
}

static int
check_status(const xmlNode *status, GPtrArray *errors)
{
    gboolean ok = TRUE;

    for (const xmlNode *ns = ha_xml_first_child(status, "node_state");
         ns != NULL; ns = ha_xml_next(ns, "node_state")) {
        ok &= status_need(ns, HA_XA_ID, FALSE, errors);
        for (const xmlNode *c = ha_xml_first_child(ns, NULL); c != NULL;
             c = ha_xml_next(c, NULL)) {
            if (ha_xml_is(c, "lrm")) {
                ok &= check_lrm(c, errors);
            } else if (ha_xml_is(c, "transient_attributes")) {
                for (const xmlNode *ia = ha_xml_first_child(c, NULL);
                     ia != NULL; ia = ha_xml_next(ia, NULL)) {
                    if (!ha_xml_is(ia, HA_XE_INSTANCE_ATTRIBUTES)) {
                        ok &= status_unexpected(ia, errors);
                    }
                }
            } else {
                ok &= status_unexpected(c, errors);
            }
        }
    }
    return ok ? 0 : -HA_ESCHEMA;
}

static int
validate_schema(xmlDoc *xml, GPtrArray *errors)
{
    static GOnce once = G_ONCE_INIT;
    xmlRelaxNGValidCtxt *ctxt;
    xmlNode *root = xmlDocGetRootElement(xml);
    xmlNode *status;
    xmlNode *status_next = NULL;
    guint before = errors->len;
    int rc;

    g_once(&once, schema_load, NULL);
    if (schema_state.schema == NULL) {
        ha_store_errors_add(errors, "%s", schema_state.error);
        /* not -ENOENT: that would name the input as missing (and a
         * missing stored copy means "start empty" to hacd) */
        return (schema_state.rc == -HA_EBADXML) ? -HA_EBADXML : -ENOPKG;
    }
    /* libxml2's RelaxNG takes seconds on the status of a large cluster
     * (open attribute patterns), so <status> is set aside while the
     * schema runs and checked by check_status() instead, which enforces
     * the same rules as the schema's status patterns. */
    status = ha_xml_first_child(root, HA_XE_STATUS);
    if (status != NULL) {
        status_next = status->next;
        xmlUnlinkNode(status);
    }
    ctxt = xmlRelaxNGNewValidCtxt(schema_state.schema);
    xmlRelaxNGSetValidStructuredErrors(ctxt, (xmlStructuredErrorFunc)
                                       (void (*)(void)) schema_error, errors);
    rc = xmlRelaxNGValidateDoc(ctxt, xml);
    xmlRelaxNGFreeValidCtxt(ctxt);
    if (status != NULL) {
        if (status_next != NULL) {
            (void) xmlAddPrevSibling(status_next, status);
        } else {
            (void) xmlAddChild(root, status);
        }
        if (check_status(status, errors) < 0) {
            rc = -1;
        }
    }
    if (rc != 0) {
        if (errors->len == before) {
            ha_store_errors_add(errors, "the document does not match the "
                                "schema");
        }
        return -HA_ESCHEMA;
    }
    return 0;
}

/* ---- semantic checks --------------------------------------------------- */

struct sem {
    GPtrArray *errors;
    gboolean strict;
    GHashTable *ids;        /* id -> xmlNode *, every identified element */
    GHashTable *unames;     /* node uname -> xmlNode * */
};

static const char *
label_kind(const xmlNode *node)
{
    const char *name = (const char *) node->name;

    if (g_str_has_prefix(name, "rsc_") && ha_xml_is(node->parent,
                                                    HA_XE_CONSTRAINTS)) {
        return "constraint";
    }
    if (ha_xml_is(node->parent, HA_XE_RESOURCES)
        || ha_xml_is(node, HA_XE_PRIMITIVE)) {
        return "resource";
    }
    return name;
}

static void G_GNUC_PRINTF(3, 4)
sem_error(struct sem *s, const xmlNode *node, const char *fmt, ...)
{
    va_list ap;
    g_autofree char *what = NULL;
    const char *id = ha_xml_attr(node, HA_XA_ID);

    va_start(ap, fmt);
    what = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (id != NULL) {
        ha_store_errors_add(s->errors, "%s '%s': %s", label_kind(node), id,
                            what);
    } else {
        ha_store_errors_add(s->errors, "%s (line %ld): %s", label_kind(node),
                            (long) xmlGetLineNo(node), what);
    }
}

/* Elements whose "id" names another element instead of their own. */
static gboolean
id_is_reference(const xmlNode *node)
{
    return ha_xml_is(node, HA_XE_RESOURCE_REF) || ha_xml_is(node, HA_XE_OBJ_REF)
           || ha_xml_attr(node, HA_XA_ID_REF) != NULL;
}

static void
collect_ids(struct sem *s, const xmlNode *node)
{
    for (const xmlNode *c = ha_xml_first_child(node, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        const char *id = ha_xml_attr(c, HA_XA_ID);

        if (ha_xml_is(c, HA_XE_NODE) && ha_xml_is(node, HA_XE_NODES)) {
            const char *uname = ha_xml_attr(c, HA_XA_UNAME);
            const xmlNode *other = NULL;

            /* node ids are cluster-layer ids, in their own namespace */
            for (const xmlNode *o = ha_xml_first_child(node, HA_XE_NODE);
                 o != c; o = ha_xml_next(o, HA_XE_NODE)) {
                if (g_strcmp0(ha_xml_attr(o, HA_XA_ID), id) == 0) {
                    other = o;
                }
            }
            if (other != NULL) {
                sem_error(s, c, "id already used by another node (line %ld)",
                          (long) xmlGetLineNo(other));
            }
            if (uname != NULL && !g_hash_table_contains(s->unames, uname)) {
                g_hash_table_insert(s->unames, (gpointer) uname, (gpointer) c);
            }
        } else if (id != NULL && !id_is_reference(c)) {
            const xmlNode *other = g_hash_table_lookup(s->ids, id);

            if (other != NULL) {
                sem_error(s, c, "id already used by <%s> (line %ld)",
                          (const char *) other->name,
                          (long) xmlGetLineNo(other));
            } else {
                g_hash_table_insert(s->ids, (gpointer) id, (gpointer) c);
            }
        }
        collect_ids(s, c);
    }
}

static gboolean
is_resource(const xmlNode *node)
{
    return ha_xml_is(node, HA_XE_PRIMITIVE) || ha_xml_is(node, HA_XE_GROUP)
           || ha_xml_is(node, HA_XE_CLONE) || ha_xml_is(node, HA_XE_MASTER)
           || ha_xml_is(node, HA_XE_BUNDLE) || ha_xml_is(node, HA_XE_TEMPLATE);
}

/* A constraint may name a resource, a template or a tag. */
static void
check_rsc_ref(struct sem *s, const xmlNode *owner, const char *attr,
              const char *value)
{
    const xmlNode *target;

    if (value == NULL) {
        return;
    }
    target = g_hash_table_lookup(s->ids, value);
    if (target == NULL) {
        sem_error(s, owner, "%s '%s' does not exist", attr, value);
    } else if (!is_resource(target) && !ha_xml_is(target, HA_XE_TAG)) {
        sem_error(s, owner, "%s '%s' is a <%s>, not a resource", attr, value,
                  (const char *) target->name);
    }
}

/* rsc-pattern: a POSIX extended regular expression, '!' inverts it. */
static void
check_rsc_pattern(struct sem *s, const xmlNode *con)
{
    const char *pattern = ha_xml_attr(con, HA_XA_RSC_PATTERN);
    regex_t re;
    int rc;

    if (pattern == NULL) {
        return;
    }
    rc = regcomp(&re, pattern + (pattern[0] == '!' ? 1 : 0),
                 REG_EXTENDED | REG_NOSUB);
    if (rc != 0) {
        char why[128];

        (void) regerror(rc, &re, why, sizeof(why));
        sem_error(s, con, "rsc-pattern '%s' is not a valid regular "
                  "expression: %s", pattern, why);
        return;
    }
    regfree(&re);
}

static void
check_constraint(struct sem *s, const xmlNode *con)
{
    static const char *const attrs[] = {
        HA_XA_RSC, HA_XA_WITH_RSC, HA_XA_FIRST, HA_XA_THEN,
    };

    for (guint i = 0; i < G_N_ELEMENTS(attrs); i++) {
        check_rsc_ref(s, con, attrs[i], ha_xml_attr(con, attrs[i]));
    }
    check_rsc_pattern(s, con);
    for (const xmlNode *set = ha_xml_first_child(con, HA_XE_RESOURCE_SET);
         set != NULL; set = ha_xml_next(set, HA_XE_RESOURCE_SET)) {
        for (const xmlNode *ref = ha_xml_first_child(set, HA_XE_RESOURCE_REF);
             ref != NULL; ref = ha_xml_next(ref, HA_XE_RESOURCE_REF)) {
            check_rsc_ref(s, con, "resource_ref",
                          ha_xml_attr(ref, HA_XA_ID));
        }
    }
}

static void
check_fencing_level(struct sem *s, const xmlNode *level)
{
    const char *target = ha_xml_attr(level, HA_XA_TARGET);
    const char *devices = ha_xml_attr(level, HA_XA_DEVICES);

    /* Pacemaker fences targets it has never seen (remote nodes named
     * only in a device's host list), so this is checked when strict. */
    if (s->strict && target != NULL
        && !g_hash_table_contains(s->unames, target)
        && !g_hash_table_contains(s->ids, target)) {
        sem_error(s, level, "target '%s' is not a node", target);
    }
    if (devices != NULL) {
        g_auto(GStrv) list = g_strsplit(devices, ",", -1);

        for (guint i = 0; list[i] != NULL; i++) {
            const xmlNode *dev = g_hash_table_lookup(s->ids, list[i]);

            if (dev == NULL || !ha_xml_is(dev, HA_XE_PRIMITIVE)) {
                sem_error(s, level, "device '%s' is not a resource", list[i]);
            }
        }
    }
}

static void
check_tag(struct sem *s, const xmlNode *tag)
{
    for (const xmlNode *ref = ha_xml_first_child(tag, HA_XE_OBJ_REF);
         ref != NULL; ref = ha_xml_next(ref, HA_XE_OBJ_REF)) {
        const char *id = ha_xml_attr(ref, HA_XA_ID);

        if (id != NULL && !g_hash_table_contains(s->ids, id)) {
            sem_error(s, tag, "obj_ref '%s' does not exist", id);
        }
    }
}

/* ---- values ------------------------------------------------------------ */

/* Meta attributes and cluster properties whose value is a duration. */
static const char *const duration_names[] = {
    "timeout", "interval", "start-delay", "failure-timeout",
    "cluster-delay", "cluster-recheck-interval", "dc-deadtime",
    "stonith-timeout", "shutdown-escalation", "election-timeout",
    "join-integration-timeout", "join-finalization-timeout",
    "priority-fencing-delay", "transition-delay", "shutdown-lock-limit",
    NULL,
};

/* Meta attributes and cluster properties whose value is a boolean. */
static const char *const boolean_names[] = {
    "is-managed", "maintenance", "globally-unique", "ordered", "collocated",
    "interleave", "notify", "promotable", "allow-migrate", "critical",
    "symmetric-cluster", "stonith-enabled", "maintenance-mode",
    "start-failure-is-fatal", "stop-orphan-resources", "stop-orphan-actions",
    "enable-startup-probes", "concurrent-fencing", "shutdown-lock",
    "stop-all-resources", "enable-acl", NULL,
};

static gboolean
name_in(const char *name, const char *const *list)
{
    for (guint i = 0; list[i] != NULL; i++) {
        if (strcmp(name, list[i]) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static void
check_nvpair_value(struct sem *s, const xmlNode *nv)
{
    const char *name = ha_xml_attr(nv, HA_XA_NAME);
    const char *value = ha_xml_attr(nv, HA_XA_VALUE);
    const xmlNode *set = nv->parent;
    guint64 ms;
    gboolean b;

    if (name == NULL || value == NULL
        || !(ha_xml_is(set, HA_XE_META_ATTRIBUTES)
             || ha_xml_is(set, HA_XE_CLUSTER_PROPERTY_SET))) {
        return;
    }
    if (name_in(name, duration_names) && ha_duration_parse_ms(value, &ms) < 0) {
        sem_error(s, nv, "%s '%s' is not a duration", name, value);
    }
    if (name_in(name, boolean_names) && ha_bool_parse(value, &b) < 0) {
        sem_error(s, nv, "%s '%s' is not a boolean", name, value);
    }
}

static void
check_values(struct sem *s, const xmlNode *node)
{
    static const char *const op_durations[] = {
        HA_XA_INTERVAL, HA_XA_TIMEOUT, HA_XA_START_DELAY,
    };
    const char *score = ha_xml_attr(node, HA_XA_SCORE);
    int v;
    guint64 ms;

    if (score != NULL && ha_score_parse(score, &v) < 0) {
        sem_error(s, node, "score '%s' is not an integer or [+-]INFINITY",
                  score);
    }
    if (ha_xml_is(node, HA_XE_OP) || ha_xml_is(node, HA_XE_OP_EXPRESSION)) {
        for (guint i = 0; i < G_N_ELEMENTS(op_durations); i++) {
            const char *d = ha_xml_attr(node, op_durations[i]);

            /* Pacemaker uses the default for a bad timeout (its suite
             * has one); only strict checks refuse it. */
            if (d != NULL && ha_duration_parse_ms(d, &ms) < 0
                && (s->strict || strcmp(op_durations[i], HA_XA_TIMEOUT) != 0)) {
                sem_error(s, node, "%s '%s' is not a duration",
                          op_durations[i], d);
            }
        }
    }
    if (ha_xml_is(node, HA_XE_NVPAIR)) {
        check_nvpair_value(s, node);
    }
}

/* True if @path has a ".." component: it would leave the agents' root. */
static gboolean
climbs_out(const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", -1);

    for (guint i = 0; parts[i] != NULL; i++) {
        if (strcmp(parts[i], "..") == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* An agent's provider and type end up in a path on the node that runs it
 * (ha-execd refuses them there at run time): no ".." in a type (Pacemaker
 * allows "external/sbd" and an absolute LSB script path), a provider is
 * one directory name. */
static void
check_agent(struct sem *s, const xmlNode *node)
{
    const char *type = ha_xml_attr(node, HA_XA_TYPE);
    const char *provider = ha_xml_attr(node, HA_XA_PROVIDER);

    if (!ha_xml_is(node, HA_XE_PRIMITIVE)) {
        return;
    }
    if (type != NULL && climbs_out(type)) {
        sem_error(s, node, "type '%s' climbs out of the agents' directory "
                  "('..')", type);
    }
    if (provider != NULL && (strchr(provider, '/') != NULL
                             || strcmp(provider, "..") == 0
                             || strcmp(provider, ".") == 0)) {
        sem_error(s, node, "provider '%s' is not one directory name",
                  provider);
    }
}

static void
check_refs(struct sem *s, const xmlNode *node)
{
    for (const xmlNode *c = ha_xml_first_child(node, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        const char *ref = ha_xml_attr(c, HA_XA_ID_REF);
        const char *tmpl = ha_xml_attr(c, HA_XA_TEMPLATE);

        if (ref != NULL) {
            const xmlNode *target = g_hash_table_lookup(s->ids, ref);

            if (target == NULL) {
                sem_error(s, c, "id-ref '%s' does not exist", ref);
            } else if (!xmlStrEqual(target->name, c->name)) {
                sem_error(s, c, "id-ref '%s' is a <%s>, not a <%s>", ref,
                          (const char *) target->name,
                          (const char *) c->name);
            }
        }
        if (ha_xml_is(c, HA_XE_PRIMITIVE) && tmpl != NULL) {
            const xmlNode *target = g_hash_table_lookup(s->ids, tmpl);

            if (target == NULL || !ha_xml_is(target, HA_XE_TEMPLATE)) {
                sem_error(s, c, "template '%s' does not exist", tmpl);
            }
        }
        if (ha_xml_is(node, HA_XE_CONSTRAINTS)) {
            check_constraint(s, c);
        } else if (ha_xml_is(c, HA_XE_FENCING_LEVEL)) {
            check_fencing_level(s, c);
        } else if (ha_xml_is(c, HA_XE_TAG)) {
            check_tag(s, c);
        }
        check_values(s, c);
        check_agent(s, c);
        check_refs(s, c);
    }
}

int
ha_store_validate_semantic(const xmlDoc *xml, gboolean strict,
                           GPtrArray *errors)
{
    struct sem s = {
        .errors = errors,
        .strict = strict,
        .ids = g_hash_table_new(g_str_hash, g_str_equal),
        .unames = g_hash_table_new(g_str_hash, g_str_equal),
    };
    const xmlNode *config = ha_store_xml_config(xml);
    guint before = errors->len;

    collect_ids(&s, config);
    check_refs(&s, config);
    g_hash_table_destroy(s.ids);
    g_hash_table_destroy(s.unames);
    return (errors->len == before) ? 0 : -HA_EINVALCONF;
}

int
ha_store_validate_xml(xmlDoc *xml, enum ha_store_check check,
                      GPtrArray *errors)
{
    int rc;

    if (check == HA_STORE_CHECK_NONE) {
        return 0;
    }
    rc = ha_store_validate_chars(xml, errors);
    if (rc < 0) {
        return rc;
    }
    rc = validate_schema(xml, errors);
    if (rc < 0) {
        return rc;
    }
    return ha_store_validate_semantic(xml, check == HA_STORE_CHECK_STRICT,
                                      errors);
}
