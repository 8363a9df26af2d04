/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_agent.c - tools for agent authors, run locally through
 * lib/exec (no daemon needed):
 *
 *   hactl agent list [CLASS[:PROVIDER]]
 *   hactl agent describe AGENT
 *   hactl agent test AGENT [--timeout MS] [k=v...]   (hactl_agent_test.c)
 *
 * AGENT is ocf:PROVIDER:TYPE, stonith:fence_X or lsb:NAME.  The OCF root
 * is $OCF_ROOT when set, else the one ha was built with.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

#include "common/results.h"
#include "common/xml.h"
#include "exec/exec_action.h"
#include "exec/exec_agent.h"
#include "hactl_cli.h"
#include "hactl_agent.h"

static struct ha_exec_paths agent_paths;

static const struct ha_exec_paths *
paths(void)
{
    const char *root = g_getenv("OCF_ROOT");

    agent_paths = *ha_exec_paths_default();
    if ((root != NULL) && (root[0] == '/')) {
        agent_paths.ocf_root = root;
    }
    return &agent_paths;
}

/* ---- running one action synchronously on a private loop ---- */

struct sync_run {
    GMainLoop *loop;
    ha_exec_result_t *result;
};

static void
on_done(ha_exec_result_t *r, void *user_data)
{
    struct sync_run *s = user_data;

    s->result = r;
    g_main_loop_quit(s->loop);
}

/* Run @req to completion; returns the result (owned) or NULL with *ret_rc. */
ha_exec_result_t *
hactl_exec_run_sync(const ha_exec_request_t *req, int *ret_rc)
{
    struct sync_run s = { g_main_loop_new(NULL, FALSE), NULL };
    int rc = ha_exec_reaper_init(FALSE);

    if (rc == 0) {
        rc = ha_exec_action_run(paths(), req, on_done, &s, NULL);
    }
    if (rc == 0) {
        g_main_loop_run(s.loop);
    }
    g_main_loop_unref(s.loop);
    *ret_rc = rc;
    return s.result;
}

/* ---- list ---- */

static int
list_class(const struct hactl_globals *g, const char *cls, const char *prov,
           JsonBuilder *b)
{
    g_autoptr(GPtrArray) names = NULL;
    int rc = ha_exec_agents_list(paths(), cls, prov, &names);

    if (rc < 0) {
        return rc;
    }
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *full = g_strdup_printf("%s:%s", cls,
                                                (char *) g_ptr_array_index(names, i));

        if (b != NULL) {
            json_builder_add_string_value(b, full);
        } else {
            printf("%s\n", full);
        }
    }
    return 0;
}

static int
agent_list(const struct hactl_globals *g, const char *what)
{
    static const char *const classes[] = { "ocf", "stonith", "lsb" };
    g_autoptr(JsonBuilder) b = g->json ? json_builder_new() : NULL;
    g_auto(GStrv) parts = (what != NULL) ? g_strsplit(what, ":", 2) : NULL;
    int rc = 0;

    if (b != NULL) {
        json_builder_begin_array(b);
    }
    if (parts != NULL) {
        rc = list_class(g, parts[0], parts[1], b);
    } else {
        for (gsize i = 0; i < G_N_ELEMENTS(classes); i++) {
            (void) list_class(g, classes[i], NULL, b);  /* absent dirs: none */
        }
    }
    if (rc < 0) {
        fprintf(stderr, "hactl: cannot list '%s': %s\n", what, ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    if (b != NULL) {
        g_autoptr(JsonNode) root = NULL;

        json_builder_end_array(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
    }
    return HACTL_EXIT_OK;
}

/* ---- describe ---- */

ha_exec_request_t *
hactl_agent_request(const char *agent, const char *action, guint interval_ms,
                    guint timeout_ms, int *ret_rc)
{
    g_autofree char *cls = NULL;
    g_autofree char *prov = NULL;
    g_autofree char *type = NULL;

    *ret_rc = ha_exec_agent_parse(agent, &cls, &prov, &type);
    if (*ret_rc < 0) {
        return NULL;
    }
    return ha_exec_request_new("hactl-agent-test", cls, prov, type, action,
                               interval_ms, timeout_ms);
}

/* The agents' meta-data carries a DOCTYPE, which lib/common/xml refuses:
 * drop a plain one (no internal subset) before parsing. */
int
hactl_agent_metadata_parse(const char *text, xmlDoc **ret_doc,
                           char **ret_error)
{
    g_autoptr(GString) s = g_string_new(text);
    const char *start = strstr(s->str, "<!DOCTYPE");

    if (start != NULL) {
        const char *end = strchr(start, '>');
        const char *bracket = strchr(start, '[');

        if ((end == NULL) || ((bracket != NULL) && (bracket < end))) {
            return -HA_EBADXML;
        }
        g_string_erase(s, start - s->str, end - start + 1);
    }
    return ha_xml_parse_memory(s->str, s->len, "meta-data", NULL, ret_doc,
                               ret_error);
}

int
hactl_agent_metadata_text(const char *agent, char **ret_text)
{
    g_autofree char *cls = NULL;
    g_autofree char *prov = NULL;
    g_autofree char *type = NULL;
    g_autoptr(ha_exec_request_t) req = NULL;
    g_autoptr(ha_exec_result_t) r = NULL;
    const char *action;
    int rc = ha_exec_agent_parse(agent, &cls, &prov, &type);

    if (rc < 0) {
        return rc;
    }
    action = ha_exec_class_metadata_action(cls);
    if (action == NULL) {
        return -HA_EUNSUPPORTED;
    }
    req = ha_exec_request_new("hactl-agent-test", cls, prov, type, action, 0,
                              AGENT_TIMEOUT_MS);
    r = hactl_exec_run_sync(req, &rc);
    if (rc < 0) {
        return rc;
    }
    if ((r->status != HA_EXEC_DONE) || (r->ocf_rc != HA_OCF_OK)) {
        return -EIO;
    }
    *ret_text = g_strdup(r->out != NULL ? r->out : "");
    return 0;
}

int
hactl_agent_metadata(const char *agent, xmlDoc **ret_doc)
{
    g_autofree char *text = NULL;
    g_autofree char *error = NULL;
    int rc = hactl_agent_metadata_text(agent, &text);

    if (rc < 0) {
        return rc;
    }
    rc = hactl_agent_metadata_parse(text, ret_doc, &error);
    if (rc < 0) {
        fprintf(stderr, "hactl: meta-data of '%s': %s\n", agent,
                (error != NULL) ? error : ha_strerror(rc));
    }
    return rc;
}

static const char *
child_text(const xmlNode *node, const char *name)
{
    xmlNode *c = ha_xml_first_child(node, name);

    return ((c != NULL) && (c->children != NULL)
            && (c->children->type == XML_TEXT_NODE))
           ? (const char *) c->children->content : "";
}

/* OCF agents have a <shortdesc> element, fence agents an attribute. */
static const char *
agent_shortdesc(const xmlNode *root)
{
    const char *text = child_text(root, "shortdesc");

    if ((text[0] == '\0') && (ha_xml_attr(root, "shortdesc") != NULL)) {
        return ha_xml_attr(root, "shortdesc");
    }
    return text;
}

static void
describe_text(const char *agent, xmlNode *root)
{
    xmlNode *params = ha_xml_first_child(root, "parameters");
    xmlNode *actions = ha_xml_first_child(root, "actions");

    printf("%s: %s\n\nParameters:\n", agent, agent_shortdesc(root));
    for (xmlNode *p = ha_xml_first_child(params, "parameter"); p != NULL;
         p = ha_xml_next(p, "parameter")) {
        xmlNode *content = ha_xml_first_child(p, "content");
        const char *req = ha_xml_attr(p, "required");
        const char *def = (content != NULL) ? ha_xml_attr(content, "default") : NULL;

        printf("  %-22s %-8s%s%s%s%s\n", ha_xml_attr(p, "name"),
               (content != NULL) && (ha_xml_attr(content, "type") != NULL)
               ? ha_xml_attr(content, "type") : "",
               ((req != NULL) && (strcmp(req, "1") == 0)) ? " required" : "",
               ((def != NULL) && (def[0] != '\0')) ? " default=" : "",
               ((def != NULL) && (def[0] != '\0')) ? def : "",
               "");
        printf("  %-22s %s\n", "", child_text(p, "shortdesc"));
    }
    printf("\nActions:\n");
    for (xmlNode *a = ha_xml_first_child(actions, "action"); a != NULL;
         a = ha_xml_next(a, "action")) {
        const char *attrs[] = { "timeout", "interval", "depth", "role" };

        printf("  %-14s", ha_xml_attr(a, "name"));
        for (gsize i = 0; i < G_N_ELEMENTS(attrs); i++) {
            if (ha_xml_attr(a, attrs[i]) != NULL) {
                printf(" %s=%s", attrs[i], ha_xml_attr(a, attrs[i]));
            }
        }
        printf("\n");
    }
}

static void
describe_json(const char *agent, xmlNode *root)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) node = NULL;

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "agent");
    json_builder_add_string_value(b, agent);
    json_builder_set_member_name(b, "shortdesc");
    json_builder_add_string_value(b, agent_shortdesc(root));
    json_builder_set_member_name(b, "parameters");
    json_builder_begin_array(b);
    for (xmlNode *p = ha_xml_first_child(ha_xml_first_child(root, "parameters"),
                                         "parameter");
         p != NULL; p = ha_xml_next(p, "parameter")) {
        xmlNode *content = ha_xml_first_child(p, "content");
        const char *req = ha_xml_attr(p, "required");

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, ha_xml_attr(p, "name"));
        json_builder_set_member_name(b, "required");
        json_builder_add_boolean_value(b, (req != NULL) && (strcmp(req, "1") == 0));
        json_builder_set_member_name(b, "default");
        json_builder_add_string_value(b, (content != NULL)
                                      ? ha_xml_attr(content, "default") : NULL);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "actions");
    json_builder_begin_array(b);
    for (xmlNode *a = ha_xml_first_child(ha_xml_first_child(root, "actions"),
                                         "action");
         a != NULL; a = ha_xml_next(a, "action")) {
        json_builder_add_string_value(b, ha_xml_attr(a, "name"));
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
    node = json_builder_get_root(b);
    hactl_print_json(node);
}

static int
agent_describe(const struct hactl_globals *g, const char *agent)
{
    g_autoptr(xmlDoc) doc = NULL;
    xmlNode *root;
    int rc = hactl_agent_metadata(agent, &doc);

    if (rc < 0) {
        fprintf(stderr, "hactl: cannot describe '%s': %s\n", agent,
                ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    root = xmlDocGetRootElement(doc);
    if (!ha_xml_is(root, "resource-agent")) {
        fprintf(stderr, "hactl: meta-data of '%s' is not a resource-agent\n",
                agent);
        return HACTL_EXIT_INVALID;
    }
    if (g->json) {
        describe_json(agent, root);
    } else {
        describe_text(agent, root);
    }
    return HACTL_EXIT_OK;
}

static int
agent_list_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    return agent_list(g, a->argv[0]);
}

static int
agent_describe_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    return agent_describe(g, a->argv[0]);
}

static const struct hactl_opt test_opts[] = {
    { "timeout", HACTL_OPT_VALUE, "MS", "the timeout of each action "
      "(milliseconds)" },
    { NULL },
};

#define AGENT_NOTE "AGENT: ocf:PROVIDER:TYPE, stonith:fence_NAME or lsb:NAME."

static const struct hactl_verb agent_verbs[] = {
    { "list", "[CLASS[:PROVIDER]]", NULL, agent_list_verb, 0, "the agents "
      "installed here", NULL, "hactl agent list ocf:heartbeat" },
    { "describe", "AGENT", NULL, agent_describe_verb, 0, "an agent's "
      "parameters and actions, from its meta-data", AGENT_NOTE,
      "hactl agent describe ocf:heartbeat:IPaddr2" },
    { "test", "AGENT [NAME=VALUE...]", test_opts, hactl_agent_test, 0,
      "check an agent's meta-data and run its actions here", AGENT_NOTE,
      "hactl agent test ocf:heartbeat:Dummy state=/tmp/d.state" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_agent = {
    "agent", "list, describe and test resource agents", agent_verbs, NULL,
};
