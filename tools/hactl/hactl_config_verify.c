/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_config_verify.c - `hactl config verify [--file F]
 * [--strict]`: check the live configuration (or a file, offline) the way
 * hacd would before accepting it, then what the scheduler makes of it.
 *
 * lib/store does the loading checks (well-formed, schema, unique ids,
 * references, scores, values) and reports every problem as "KIND 'ID':
 * what"; the id of a finding is taken from there.  What lib/store refuses
 * only when strict (an op timeout that is not a duration, a fencing level
 * for an unknown node) is a warning here: hacd accepts it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "sched/sched.h"
#include "store/store_model.h"
#include "hactl_cli.h"
#include "hactl_config.h"

static void
finding_free(gpointer p)
{
    struct hactl_finding *f = p;

    g_free(f->id);
    g_free(f->message);
    g_free(f);
}

/* "KIND 'ID': ..." -> ID, else "". */
static char *
id_of(const char *message)
{
    const char *q = strstr(message, " '");
    const char *end = (q != NULL) ? strstr(q + 2, "': ") : NULL;
    const char *space = strchr(message, ' ');

    if (q == NULL || end == NULL || space != q) {
        return g_strdup("");
    }
    return g_strndup(q + 2, end - (q + 2));
}

static void
add(GPtrArray *out, enum hactl_severity sev, const char *id,
    const char *message)
{
    struct hactl_finding *f = g_new0(struct hactl_finding, 1);

    f->severity = sev;
    f->id = (id != NULL) ? g_strdup(id) : id_of(message);
    f->message = g_strdup(message);
    g_ptr_array_add(out, f);
}

static gboolean
listed(const GPtrArray *list, const char *message)
{
    for (guint i = 0; list != NULL && i < list->len; i++) {
        if (strcmp(list->pdata[i], message) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Node names known to @doc: <nodes> and the status' node states. */
static void
known_nodes(const xmlDoc *doc, GHashTable *names)
{
    const xmlNode *root = (doc != NULL) ? xmlDocGetRootElement(doc) : NULL;
    const xmlNode *nodes = ha_xml_first_child(hactl_config_section(doc),
                                              "nodes");
    const xmlNode *status = ha_xml_first_child(root, "status");

    for (const xmlNode *n = ha_xml_first_child(nodes, "node"); n != NULL;
         n = ha_xml_next(n, "node")) {
        if (ha_xml_attr(n, "uname") != NULL) {
            g_hash_table_add(names, g_strdup(ha_xml_attr(n, "uname")));
        }
    }
    for (const xmlNode *n = ha_xml_first_child(status, "node_state");
         n != NULL; n = ha_xml_next(n, "node_state")) {
        if (ha_xml_attr(n, "uname") != NULL) {
            g_hash_table_add(names, g_strdup(ha_xml_attr(n, "uname")));
        }
    }
}

static void
check_location_nodes(GPtrArray *out, const xmlDoc *doc, const xmlDoc *sched)
{
    g_autoptr(GHashTable) names = g_hash_table_new_full(g_str_hash,
                                                        g_str_equal, g_free,
                                                        NULL);
    const xmlNode *cons = ha_xml_first_child(hactl_config_section(doc),
                                             "constraints");

    known_nodes(doc, names);
    known_nodes(sched, names);
    for (const xmlNode *c = ha_xml_first_child(cons, "rsc_location");
         c != NULL; c = ha_xml_next(c, "rsc_location")) {
        const char *node = ha_xml_attr(c, "node");
        g_autofree char *msg = NULL;

        if (node == NULL || g_hash_table_contains(names, node)) {
            continue;
        }
        msg = g_strdup_printf("constraint '%s': node '%s' is not a known "
                              "node (it applies once a node of that name "
                              "joins)", ha_xml_attr(c, "id"), node);
        add(out, HACTL_SEV_WARNING, NULL, msg);
    }
}

/* The loading checks; the document (NULL if it does not parse). */
static xmlDoc *
check_load(GPtrArray *out, const char *xml, const char *name)
{
    g_autoptr(ha_store_doc_t) raw = NULL;
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autoptr(GPtrArray) strict = NULL;
    int rc;

    rc = ha_store_doc_load_memory(xml, strlen(xml), name,
                                  HA_STORE_LOAD_NO_VALIDATE, &raw, &errors);
    if (rc < 0) {
        for (guint i = 0; errors != NULL && i < errors->len; i++) {
            add(out, HACTL_SEV_ERROR, "", errors->pdata[i]);
        }
        if (errors == NULL || errors->len == 0) {
            add(out, HACTL_SEV_ERROR, "", ha_strerror(rc));
        }
        return NULL;
    }
    (void) ha_store_doc_load_memory(xml, strlen(xml), name,
                                    HA_STORE_LOAD_DEFAULT, &doc, &errors);
    (void) ha_store_doc_validate(raw, &strict);
    for (guint i = 0; errors != NULL && i < errors->len; i++) {
        add(out, HACTL_SEV_ERROR, NULL, errors->pdata[i]);
    }
    for (guint i = 0; strict != NULL && i < strict->len; i++) {
        if (!listed(errors, strict->pdata[i])) {
            add(out, HACTL_SEV_WARNING, NULL, strict->pdata[i]);
        }
    }
    return xmlCopyDoc((xmlDoc *) ha_store_doc_xml(raw), 1);
}

/* notify=true does something only on a clone (Pacemaker ignores it
 * elsewhere): a warning naming the resource. */
static void
check_notify_meta(GPtrArray *out, const ha_store_model_t *m)
{
    for (guint i = 0; i < m->n_rscs; i++) {
        const struct ha_model_rsc *r = &m->rscs[i];
        const char *v = ha_store_model_attrs_get(&r->meta, "notify");
        gboolean b = FALSE;
        g_autofree char *msg = NULL;

        if (r->kind == HA_RSC_CLONE || v == NULL
            || ha_bool_parse(v, &b) < 0 || !b) {
            continue;
        }
        msg = g_strdup_printf("resource '%s': meta notify=true has no effect "
                              "on a %s (only a clone's instances are "
                              "notified: set it on the clone)", r->id,
                              r->kind == HA_RSC_GROUP ? "group"
                                                      : "primitive");
        add(out, HACTL_SEV_WARNING, r->id, msg);
    }
}

/* "unsupported feature: WHAT (ID)" -> ID */
static char *
paren_id(const char *message)
{
    const char *open = strrchr(message, '(');

    if (open == NULL || !g_str_has_suffix(message, ")")) {
        return g_strdup("");
    }
    return g_strndup(open + 1, strlen(open + 1) - 1);
}

static void
check_sched(GPtrArray *out, const char *xml)
{
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autofree char *error = NULL;
    ha_store_model_t *m = NULL;
    struct ha_sched_options opts = { .now = (gint64) time(NULL) };
    const char *se;
    gboolean stonith = TRUE;
    int rc;

    rc = ha_store_model_parse_memory(xml, strlen(xml), &m, &error);
    if (rc < 0) {
        add(out, HACTL_SEV_ERROR, "", error != NULL ? error : ha_strerror(rc));
        return;
    }
    for (guint i = 0; i < m->n_unsupported; i++) {
        g_autofree char *msg = g_strdup_printf("unsupported feature: %s (%s)",
                                               m->unsupported[i].what,
                                               m->unsupported[i].id);

        add(out, HACTL_SEV_ERROR, m->unsupported[i].id, msg);
    }
    if (m->execution_date > 0) {
        opts.now = m->execution_date;
    }
    rc = ha_sched_run(m, &opts, &res, &error);
    if (rc < 0 && m->n_unsupported == 0) {
        g_autofree char *id = paren_id(error != NULL ? error : "");

        add(out, HACTL_SEV_ERROR, id, error != NULL ? error
                                                    : ha_strerror(rc));
    }
    check_notify_meta(out, m);
    se = ha_store_model_prop(m, "stonith-enabled");
    if (se != NULL) {
        (void) ha_bool_parse(se, &stonith);
    }
    if (stonith && !ha_store_model_has_fence_device(m)) {
        g_autofree char *msg = g_strdup_printf(
            "property 'stonith-enabled': true%s but no fence device is "
            "configured: nothing is started, stopped or promoted until one "
            "is (as Pacemaker), and a failed node cannot be fenced",
            se == NULL ? " (the default)" : "");

        add(out, HACTL_SEV_WARNING, "stonith-enabled", msg);
    }
    g_clear_pointer(&res, ha_sched_result_free);
    ha_store_model_free(m);
}

static int
sev_cmp(gconstpointer a, gconstpointer b)
{
    const struct hactl_finding *x = *(struct hactl_finding *const *) a;
    const struct hactl_finding *y = *(struct hactl_finding *const *) b;

    return (int) x->severity - (int) y->severity;
}

GPtrArray *
hactl_config_verify_text(const char *xml, const char *name,
                         const char *sched_xml)
{
    GPtrArray *out = g_ptr_array_new_with_free_func(finding_free);
    xmlDoc *doc = check_load(out, xml, name);
    xmlDoc *sched = NULL;
    g_autofree char *err = NULL;

    if (doc == NULL) {
        return out;
    }
    if (sched_xml != NULL) {
        (void) ha_xml_parse_memory(sched_xml, strlen(sched_xml), "input",
                                   NULL, &sched, &err);
    }
    check_location_nodes(out, doc, sched);
    if (hactl_config_verify_errors(out) == 0) {
        check_sched(out, sched != NULL ? sched_xml : xml);
    }
    xmlFreeDoc(sched);
    xmlFreeDoc(doc);
    /* stable: errors first, each kind in the order found */
    g_ptr_array_sort(out, sev_cmp);
    return out;
}

guint
hactl_config_verify_errors(const GPtrArray *findings)
{
    guint n = 0;

    for (guint i = 0; i < findings->len; i++) {
        n += ((const struct hactl_finding *) findings->pdata[i])->severity
             == HACTL_SEV_ERROR;
    }
    return n;
}

void
hactl_config_verify_print(FILE *out, const GPtrArray *findings)
{
    for (guint i = 0; i < findings->len; i++) {
        const struct hactl_finding *f = findings->pdata[i];

        fprintf(out, "%s: %s\n", f->severity == HACTL_SEV_ERROR ? "error"
                                                                : "warning",
                f->message);
    }
}

static void
print_json(const GPtrArray *findings)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_array(b);
    for (guint i = 0; i < findings->len; i++) {
        const struct hactl_finding *f = findings->pdata[i];

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "severity");
        json_builder_add_string_value(b, f->severity == HACTL_SEV_ERROR
                                         ? "error" : "warning");
        json_builder_set_member_name(b, "id");
        json_builder_add_string_value(b, f->id);
        json_builder_set_member_name(b, "message");
        json_builder_add_string_value(b, f->message);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

/* The live configuration and, when hacd keeps it, its scheduler input. */
static int
fetch_live(char **ret_xml, char **ret_sched)
{
    g_autoptr(GVariant) reply = NULL;
    struct ha_store_version v = { 0 };
    g_autofree char *digest = NULL;
    const char *xml = NULL;
    const char *dig = NULL;
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *err = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_READ, g_variant_new("()"),
                             HA_IPC_HACD_CONFIG_READ_REPLY, FALSE, &reply);

    if (rc < 0) {
        return rc;
    }
    g_variant_get(reply, "(&s&s)", &dig, &xml);
    *ret_xml = g_strdup(xml);
    *ret_sched = NULL;
    if (ha_xml_parse_memory(xml, strlen(xml), "live", NULL, &doc, &err) == 0) {
        hactl_config_doc_version(doc, &v);
        /* a fresh cluster has no stored version: no status then */
        if (hactl_config_version_fetch(&v, TRUE, &digest, ret_sched) == 0
            && strcmp(digest, dig) != 0) {
            g_clear_pointer(ret_sched, g_free);
        }
    }
    return 0;
}

int
hactl_config_verify(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) findings = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *sched = NULL;
    const char *file = hactl_arg_value(a, "file");
    gboolean strict = hactl_arg_flag(a, "strict");
    guint errors;
    int rc;

    if (file == NULL) {
        file = hactl_arg_value(a, "xml-file");
    }
    if (file != NULL) {
        g_autoptr(GError) error = NULL;

        if (!g_file_get_contents(file, &xml, NULL, &error)) {
            rc = ha_rc_from_gerror(error);
            fprintf(stderr, "hactl: config verify: could not read '%s': %s\n",
                    file, ha_strerror(rc));
            return hactl_exit_from_rc(rc);
        }
    } else {
        rc = fetch_live(&xml, &sched);
        if (rc < 0) {
            return hactl_hacd_fail(rc, "config verify");
        }
    }
    findings = hactl_config_verify_text(xml, file != NULL ? file : "live",
                                        sched);
    errors = hactl_config_verify_errors(findings);
    if (g->json) {
        print_json(findings);
    } else {
        hactl_config_verify_print(stdout, findings);
        printf("%s: %u error%s, %u warning%s\n",
               file != NULL ? file : "live configuration", errors,
               errors == 1 ? "" : "s", findings->len - errors,
               findings->len - errors == 1 ? "" : "s");
    }
    if (errors > 0 || (strict && findings->len > 0)) {
        return HACTL_EXIT_INVALID;
    }
    return HACTL_EXIT_OK;
}
