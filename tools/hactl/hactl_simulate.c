/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_simulate.c - `hactl simulate`: run the policy engine
 * offline on a CIB file and print what it decides, like crm_simulate -S.
 *
 *   hactl simulate --xml-file FILE [-t DATE] [--show-scores]
 *                  [--graph FILE] [--dot FILE]
 *                  [--node-down NODE] [--op-fail RSC_OP_INTERVAL@NODE=RC]
 *
 * What-if events are injected into the CIB's status section before it is
 * loaded: a node that goes down, or an operation result.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/results.h"
#include "common/xml.h"
#include "hactl_cli.h"
#include "hactl_simulate.h"
#include "store/store_doc.h"
#include "store/store_model.h"

struct sim_opts {
    char *xml_file;
    char *date;
    gboolean show_scores;
    char *graph;
    char *dot;
    char **node_down;
    char **op_fail;
};

static xmlNode *
find_node_state(xmlNode *status, const char *uname)
{
    for (xmlNode *n = ha_xml_first_child(status, "node_state"); n != NULL;
         n = ha_xml_next(n, "node_state")) {
        if (g_strcmp0(ha_xml_attr(n, "uname"), uname) == 0) {
            return n;
        }
    }
    return NULL;
}

static void
inject_node_down(xmlNode *status, const char *uname)
{
    xmlNode *ns = find_node_state(status, uname);

    if (ns == NULL) {
        ns = xmlNewChild(status, NULL, (const xmlChar *) "node_state", NULL);
        xmlSetProp(ns, (const xmlChar *) "id", (const xmlChar *) uname);
        xmlSetProp(ns, (const xmlChar *) "uname", (const xmlChar *) uname);
    }
    xmlSetProp(ns, (const xmlChar *) "in_ccm", (const xmlChar *) "false");
    xmlSetProp(ns, (const xmlChar *) "crmd", (const xmlChar *) "offline");
    xmlSetProp(ns, (const xmlChar *) "join", (const xmlChar *) "down");
    xmlSetProp(ns, (const xmlChar *) "expected", (const xmlChar *) "member");
}

/* rsc_op_interval@node=rc, e.g. rsc1_monitor_10000@node1=7 */
static int
inject_op_fail(xmlNode *status, const char *spec)
{
    g_autofree char *copy = g_strdup(spec);
    char *at = strchr(copy, '@');
    char *eq = (at != NULL) ? strchr(at, '=') : NULL;
    char *task, *interval;
    xmlNode *ns, *lrm, *rscs, *lr = NULL, *op;
    char buf[32];

    if (at == NULL || eq == NULL) {
        return -EINVAL;
    }
    *at = '\0';
    *eq = '\0';
    interval = strrchr(copy, '_');
    if (interval == NULL) {
        return -EINVAL;
    }
    *interval++ = '\0';
    task = strrchr(copy, '_');
    if (task == NULL) {
        return -EINVAL;
    }
    *task++ = '\0';
    ns = find_node_state(status, at + 1);
    if (ns == NULL) {
        return -ENOENT;
    }
    lrm = ha_xml_first_child(ns, "lrm");
    if (lrm == NULL) {
        lrm = xmlNewChild(ns, NULL, (const xmlChar *) "lrm", NULL);
    }
    rscs = ha_xml_first_child(lrm, "lrm_resources");
    if (rscs == NULL) {
        rscs = xmlNewChild(lrm, NULL, (const xmlChar *) "lrm_resources", NULL);
    }
    for (xmlNode *r = ha_xml_first_child(rscs, "lrm_resource"); r != NULL;
         r = ha_xml_next(r, "lrm_resource")) {
        if (g_strcmp0(ha_xml_attr(r, "id"), copy) == 0) {
            lr = r;
        }
    }
    if (lr == NULL) {
        lr = xmlNewChild(rscs, NULL, (const xmlChar *) "lrm_resource", NULL);
        xmlSetProp(lr, (const xmlChar *) "id", (const xmlChar *) copy);
    }
    op = xmlNewChild(lr, NULL, (const xmlChar *) "lrm_rsc_op", NULL);
    g_snprintf(buf, sizeof(buf), "%s_%s_%s", copy, task, interval);
    xmlSetProp(op, (const xmlChar *) "id", (const xmlChar *) buf);
    xmlSetProp(op, (const xmlChar *) "operation", (const xmlChar *) task);
    xmlSetProp(op, (const xmlChar *) "interval", (const xmlChar *) interval);
    xmlSetProp(op, (const xmlChar *) "rc-code", (const xmlChar *) (eq + 1));
    xmlSetProp(op, (const xmlChar *) "op-status", (const xmlChar *) "0");
    xmlSetProp(op, (const xmlChar *) "call-id", (const xmlChar *) "999999");
    xmlSetProp(op, (const xmlChar *) "transition-key",
               (const xmlChar *) "0:0:0:injected");
    return 0;
}

/* The configuration is checked as `config import` and `config verify`
 * check it (lib/store's load: schema, ids, references, values): what
 * hacd would refuse is not simulated either.  Prints every problem. */
static int
check_input(const char *path)
{
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    int rc = ha_store_doc_load_file(path, HA_STORE_LOAD_NO_STATUS, &doc,
                                    &errors);

    for (guint i = 0; rc < 0 && errors != NULL && i < errors->len; i++) {
        fprintf(stderr, "hactl simulate: %s: %s\n", path,
                (const char *) errors->pdata[i]);
    }
    if (rc < 0 && (errors == NULL || errors->len == 0)) {
        fprintf(stderr, "hactl simulate: %s: %s\n", path, ha_strerror(rc));
    }
    return rc;
}

static int
load_model(const struct sim_opts *o, ha_store_model_t **ret, char **err)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *status;
    xmlChar *text = NULL;
    int len = 0;
    int rc;

    if (o->node_down == NULL && o->op_fail == NULL) {
        return ha_store_model_parse_file(o->xml_file, ret, err);
    }
    rc = ha_xml_parse_file(o->xml_file, NULL, &doc, err);
    if (rc < 0) {
        return rc;
    }
    status = ha_xml_first_child(xmlDocGetRootElement(doc), "status");
    if (status == NULL) {
        status = xmlNewChild(xmlDocGetRootElement(doc), NULL,
                             (const xmlChar *) "status", NULL);
    }
    for (char **n = o->node_down; n != NULL && *n != NULL; n++) {
        inject_node_down(status, *n);
    }
    for (char **f = o->op_fail; f != NULL && *f != NULL; f++) {
        rc = inject_op_fail(status, *f);
        if (rc < 0) {
            *err = g_strdup_printf("--op-fail '%s': %s", *f, ha_strerror(rc));
            return rc;
        }
    }
    xmlDocDumpMemory(doc, &text, &len);
    rc = ha_store_model_parse_memory((const char *) text, (gsize) len, ret,
                                     err);
    xmlFree(text);
    return rc;
}

/* The options into @o (its strings owned). */
static void
parse_args(const struct hactl_args *a, struct sim_opts *o)
{
    o->xml_file = g_strdup(hactl_arg_value(a, "xml-file"));
    o->date = g_strdup(hactl_arg_value(a, "date"));
    o->show_scores = hactl_arg_flag(a, "show-scores");
    o->graph = g_strdup(hactl_arg_value(a, "graph"));
    o->dot = g_strdup(hactl_arg_value(a, "dot"));
    if (hactl_arg_value(a, "node-down") != NULL) {
        o->node_down = g_strdupv((char **) hactl_arg_list(a, "node-down"));
    }
    if (hactl_arg_value(a, "op-fail") != NULL) {
        o->op_fail = g_strdupv((char **) hactl_arg_list(a, "op-fail"));
    }
}

static void
opts_clear(struct sim_opts *o)
{
    g_free(o->xml_file);
    g_free(o->date);
    g_free(o->graph);
    g_free(o->dot);
    g_strfreev(o->node_down);
    g_strfreev(o->op_fail);
}

/* crm_simulate -S's report: status, scores, summary, actions, status. */
static void
print_text(const struct sim_opts *o, const ha_sched_result_t *res)
{
    hactl_simulate_print_status(stdout, res, FALSE);
    if (o->show_scores && res->scores != NULL) {
        for (guint i = 0; i < res->scores->len; i++) {
            printf("%s\n", (const char *) g_ptr_array_index(res->scores, i));
        }
    }
    hactl_simulate_print_summary(stdout, res);
    hactl_simulate_print_actions(stdout, res);
    hactl_simulate_print_status(stdout, res, TRUE);
}

static int
simulate(const struct hactl_globals *g, const struct sim_opts *o)
{
    g_autoptr(ha_store_model_t) model = NULL;
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autofree char *err = NULL;
    struct ha_sched_options sopts = { .now = (gint64) time(NULL),
                                      .want_scores = o->show_scores };
    int rc;

    if (o->date != NULL && ha_store_date_parse(o->date, &sopts.now) < 0) {
        fprintf(stderr, "hactl simulate: invalid date '%s'\n", o->date);
        return HACTL_EXIT_USAGE;
    }
    rc = check_input(o->xml_file);
    if (rc < 0) {
        return hactl_exit_from_rc(rc);
    }
    rc = load_model(o, &model, &err);
    if (rc < 0) {
        fprintf(stderr, "hactl simulate: %s: %s\n", o->xml_file,
                (err != NULL) ? err : ha_strerror(rc));
        return (rc == -HA_EBADXML || rc == -HA_EINVALCONF)
               ? HACTL_EXIT_INVALID : hactl_exit_from_rc(rc);
    }
    if (o->date == NULL && model->execution_date > 0) {
        sopts.now = model->execution_date;   /* the input's own "now" */
    }
    rc = ha_sched_run(model, &sopts, &res, &err);
    if (rc < 0) {
        fprintf(stderr, "hactl simulate: %s: %s\n", o->xml_file,
                (err != NULL) ? err : ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    if (g->json) {
        g_autoptr(JsonNode) result = hactl_simulate_json(res, o->show_scores);

        hactl_print_json(result);
    } else {
        print_text(o, res);
    }
    if (o->graph != NULL && hactl_simulate_write_graph(o->graph, res, FALSE)) {
        fprintf(stderr, "hactl simulate: %s: %s\n", o->graph, strerror(errno));
        return HACTL_EXIT_ERROR;
    }
    if (o->dot != NULL && hactl_simulate_write_graph(o->dot, res, TRUE)) {
        fprintf(stderr, "hactl simulate: %s: %s\n", o->dot, strerror(errno));
        return HACTL_EXIT_ERROR;
    }
    return HACTL_EXIT_OK;
}

static int
simulate_cmd(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct sim_opts o = { 0 };
    int rc = HACTL_EXIT_USAGE;

    parse_args(a, &o);
    if (o.xml_file == NULL) {
        fprintf(stderr, "hactl simulate: --xml-file is required\n");
        hactl_help_usage_line(stderr, &hactl_noun_simulate, a->verb);
    } else {
        rc = simulate(g, &o);
    }
    opts_clear(&o);
    return rc;
}

static const struct hactl_opt simulate_opts[] = {
    { "xml-file", HACTL_OPT_VALUE, "FILE", "CIB to simulate (required)", 0,
      'x' },
    { "date", HACTL_OPT_VALUE, "DATE", "\"now\" for rules and failure "
      "timeouts (ISO 8601)", 0, 't' },
    { "show-scores", HACTL_OPT_FLAG, NULL, "print allocation scores", 0,
      's' },
    { "graph", HACTL_OPT_VALUE, "FILE", "write the transition graph "
      "(JSON)", 0, 'G' },
    { "dot", HACTL_OPT_VALUE, "FILE", "write the transition graph "
      "(graphviz)", 0, 'D' },
    { "node-down", HACTL_OPT_LIST, "NODE", "simulate NODE leaving the "
      "cluster (repeatable)" },
    { "op-fail", HACTL_OPT_LIST, "RSC_OP_INTERVAL@NODE=RC", "inject an "
      "operation result (repeatable)" },
    { NULL },
};

static const struct hactl_verb simulate_verbs[] = {
    { NULL, NULL, simulate_opts, simulate_cmd, 0, "run the scheduler "
      "offline on a CIB file", "Prints the current state, the transition "
      "summary and, with --show-scores,\nthe allocation scores, as "
      "crm_simulate does.",
      "hactl simulate --xml-file cib.xml --show-scores\n"
      "hactl simulate -x cib.xml --node-down node2" },
};

const struct hactl_noun hactl_noun_simulate = {
    "simulate", "run the policy engine offline on a CIB file",
    simulate_verbs, NULL,
};
