/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_agent_test.c - `hactl agent test AGENT [k=v...]`: what
 * an agent author runs before handing an agent to a cluster.
 *
 * It reads the meta-data and checks what the cluster relies on (the
 * actions it calls, their timeouts, the required parameters given, no
 * unknown ones) and, for OCF agents, what ocf-tester checks: a DOCTYPE
 * and validity against resource-agents' ra-api-1.dtd; then drives the agent through the life the cluster gives
 * it, in the executor's exact environment: probe while stopped, start,
 * monitor, start again, (promote, monitor, demote, monitor when the agent
 * is promotable), stop, monitor, stop again, and an unknown action.  Each
 * check prints one line; the exit code is 0 only when all pass.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/xml.h"
#include "exec/exec_action.h"
#include "exec/exec_agent.h"
#include "hactl_cli.h"
#include "hactl_agent.h"

/* One step of the life cycle: the action, and the OCF codes that pass. */
struct test_step {
    const char *label;
    const char *action;
    guint interval_ms;
    int expect;
    int also_ok;            /* another acceptable rc, or -1 */
    gboolean promotable;    /* only for agents with promote and demote */
};

static const struct test_step ocf_steps[] = {
    { "validate-all", "validate-all", 0, HA_OCF_OK, -1, FALSE },
    { "probe (stopped)", "monitor", 0, HA_OCF_NOT_RUNNING,
      HA_OCF_ERR_INSTALLED, FALSE },
    { "start", "start", 0, HA_OCF_OK, -1, FALSE },
    { "monitor (running)", "monitor", 10000, HA_OCF_OK,
      HA_OCF_RUNNING_PROMOTED, FALSE },
    { "start again (idempotent)", "start", 0, HA_OCF_OK, -1, FALSE },
    { "probe (running)", "monitor", 0, HA_OCF_OK, HA_OCF_RUNNING_PROMOTED,
      FALSE },
    { "promote", "promote", 0, HA_OCF_OK, -1, TRUE },
    { "monitor (promoted)", "monitor", 10000, HA_OCF_RUNNING_PROMOTED, -1,
      TRUE },
    { "demote", "demote", 0, HA_OCF_OK, -1, TRUE },
    { "monitor (unpromoted)", "monitor", 10000, HA_OCF_OK, -1, TRUE },
    { "stop", "stop", 0, HA_OCF_OK, -1, FALSE },
    { "monitor (stopped)", "monitor", 10000, HA_OCF_NOT_RUNNING, -1, FALSE },
    { "stop again (idempotent)", "stop", 0, HA_OCF_OK, -1, FALSE },
    { "unknown action", "no-such-action", 0, HA_OCF_ERR_UNIMPLEMENTED, -1,
      FALSE },
};

/* The checks so far: printed as they run (text) or at the end (JSON). */
struct test_run {
    const char *agent;
    JsonBuilder *json;      /* NULL in text mode */
    guint total, failed;
};

static void
check_done(struct test_run *t, const char *label, gboolean ok,
           const ha_exec_result_t *r, const char *detail)
{
    t->total++;
    t->failed += ok ? 0 : 1;
    if (t->json == NULL) {
        if (r != NULL) {
            printf("%s  %-28s rc=%d (%s) %s %ums%s%s\n", ok ? "ok  " : "FAIL",
                   label, r->ocf_rc, ha_ocf_rc_name(r->ocf_rc),
                   ha_exec_status_name(r->status), r->duration_ms,
                   (r->exit_reason != NULL) ? " reason: " : "",
                   (r->exit_reason != NULL) ? r->exit_reason : "");
        } else {
            printf("%s  %-28s %s\n", ok ? "ok  " : "FAIL", label, detail);
        }
        return;
    }
    json_builder_begin_object(t->json);
    json_builder_set_member_name(t->json, "check");
    json_builder_add_string_value(t->json, label);
    json_builder_set_member_name(t->json, "ok");
    json_builder_add_boolean_value(t->json, ok);
    if (r != NULL) {
        json_builder_set_member_name(t->json, "rc");
        json_builder_add_int_value(t->json, r->ocf_rc);
        json_builder_set_member_name(t->json, "rc_name");
        json_builder_add_string_value(t->json, ha_ocf_rc_name(r->ocf_rc));
        json_builder_set_member_name(t->json, "status");
        json_builder_add_string_value(t->json, ha_exec_status_name(r->status));
        json_builder_set_member_name(t->json, "exit_reason");
        json_builder_add_string_value(t->json, r->exit_reason);
    }
    json_builder_set_member_name(t->json, "detail");
    json_builder_add_string_value(t->json, detail);
    json_builder_end_object(t->json);
}

static xmlNode *
find_action(xmlNode *root, const char *name)
{
    for (xmlNode *a = ha_xml_first_child(ha_xml_first_child(root, "actions"),
                                         "action");
         a != NULL; a = ha_xml_next(a, "action")) {
        if (g_strcmp0(ha_xml_attr(a, "name"), name) == 0) {
            return a;
        }
    }
    return NULL;
}

static gboolean
param_given(char **params, const char *name)
{
    gsize len = strlen(name);

    for (char **p = params; *p != NULL; p++) {
        if (strncmp(*p, name, len) == 0 && (*p)[len] == '=') {
            return TRUE;
        }
    }
    return FALSE;
}

/* The DTD ocf-tester validates meta-data against (resource-agents). */
#define RA_API_DTD "/usr/share/resource-agents/ra-api-1.dtd"

/* What ocf-tester requires of an OCF agent's meta-data: it names its
 * document type, and is valid against ra-api-1.dtd
 * ($HA_RA_API_DTD overrides the path). */
static void
check_dtd(struct test_run *t, const char *text, xmlDoc *doc)
{
    const char *dtd = g_getenv("HA_RA_API_DTD");
    g_autoptr(GRegex) re = g_regex_new("<!DOCTYPE\\s+resource-agent\\s",
                                       0, 0, NULL);
    g_autofree char *error = NULL;
    g_autofree char *why = NULL;
    int rc;

    if (!g_regex_match(re, text, 0, NULL)) {
        check_done(t, "meta-data: DTD", FALSE, NULL,
                   "no <!DOCTYPE resource-agent SYSTEM \"ra-api-1.dtd\"> "
                   "(ocf-tester refuses it)");
        return;
    }
    rc = ha_xml_validate_dtd_file(doc, dtd != NULL ? dtd : RA_API_DTD,
                                  &error);
    if (rc < 0) {
        why = g_strdup_printf("not valid against ra-api-1.dtd: %s",
                              error != NULL ? error : ha_strerror(rc));
    }
    check_done(t, "meta-data: DTD", rc == 0, NULL,
               rc == 0 ? "valid against ra-api-1.dtd" : why);
}

/* What the cluster relies on in the meta-data of an OCF agent. */
static void
check_metadata(struct test_run *t, xmlNode *root, char **params)
{
    static const char *const needed[] = { "start", "stop", "monitor",
                                          "meta-data" };
    static const char *const timed[] = { "start", "stop", "monitor",
                                         "promote", "demote" };
    xmlNode *ps = ha_xml_first_child(root, "parameters");
    g_autoptr(GString) missing = g_string_new(NULL);
    g_autoptr(GString) untimed = g_string_new(NULL);
    g_autoptr(GString) required = g_string_new(NULL);
    g_autoptr(GString) unknown = g_string_new(NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(needed); i++) {
        if (find_action(root, needed[i]) == NULL) {
            g_string_append_printf(missing, " %s", needed[i]);
        }
    }
    check_done(t, "meta-data: actions", missing->len == 0, NULL,
               missing->len == 0 ? "start, stop, monitor, meta-data listed"
                                 : missing->str + 1);
    for (gsize i = 0; i < G_N_ELEMENTS(timed); i++) {
        xmlNode *a = find_action(root, timed[i]);

        if (a != NULL && ha_xml_attr(a, "timeout") == NULL) {
            g_string_append_printf(untimed, " %s", timed[i]);
        }
    }
    check_done(t, "meta-data: timeouts", untimed->len == 0, NULL,
               untimed->len == 0 ? "every action has a default timeout"
                                 : untimed->str + 1);
    for (xmlNode *p = ha_xml_first_child(ps, "parameter"); p != NULL;
         p = ha_xml_next(p, "parameter")) {
        if (g_strcmp0(ha_xml_attr(p, "required"), "1") == 0
            && !param_given(params, ha_xml_attr(p, "name"))) {
            g_string_append_printf(required, " %s", ha_xml_attr(p, "name"));
        }
    }
    check_done(t, "required parameters", required->len == 0, NULL,
               required->len == 0 ? "all given" : required->str + 1);
    for (char **g = params; *g != NULL; g++) {
        g_autofree char *name = g_strndup(*g, strcspn(*g, "="));
        gboolean found = FALSE;

        for (xmlNode *p = ha_xml_first_child(ps, "parameter");
             p != NULL && !found; p = ha_xml_next(p, "parameter")) {
            found = (g_strcmp0(ha_xml_attr(p, "name"), name) == 0);
        }
        if (!found) {
            g_string_append_printf(unknown, " %s", name);
        }
    }
    check_done(t, "parameters given are known", unknown->len == 0, NULL,
               unknown->len == 0 ? "all in the meta-data" : unknown->str + 1);
}

static void
step_run(struct test_run *t, const struct test_step *st, char **params,
         guint timeout_ms)
{
    int rc = 0;
    g_autoptr(ha_exec_request_t) req = hactl_agent_request(t->agent,
                                                           st->action,
                                                           st->interval_ms,
                                                           timeout_ms, &rc);
    g_autoptr(ha_exec_result_t) r = NULL;
    g_autofree char *why = NULL;

    for (char **p = params; (req != NULL) && (*p != NULL); p++) {
        g_auto(GStrv) kv = g_strsplit(*p, "=", 2);

        ha_exec_request_set_param(req, kv[0], (kv[1] != NULL) ? kv[1] : "");
    }
    if (req != NULL) {
        r = hactl_exec_run_sync(req, &rc);
    }
    if (r == NULL) {
        why = g_strdup_printf("could not run: %s", ha_strerror(rc));
        check_done(t, st->label, FALSE, NULL, why);
        return;
    }
    why = g_strdup_printf("expected %s", ha_ocf_rc_name(st->expect));
    check_done(t, st->label, (r->status == HA_EXEC_DONE)
                             && ((r->ocf_rc == st->expect)
                                 || (r->ocf_rc == st->also_ok)), r, why);
}

/* The timeout of each action (--timeout MS); 0 when bad. */
static guint
timeout_of(const struct hactl_args *a)
{
    const char *v = hactl_arg_value(a, "timeout");
    char *end = NULL;
    guint ms;

    if (v == NULL) {
        return AGENT_TIMEOUT_MS;
    }
    ms = (guint) g_ascii_strtoull(v, &end, 10);
    if (*end != '\0' || ms == 0) {
        fprintf(stderr, "hactl: agent test: bad --timeout '%s' "
                "(milliseconds)\n", v);
        return 0;
    }
    return ms;
}

int
hactl_agent_test(const struct hactl_globals *g, const struct hactl_args *a)
{
    const char *agent = a->argv[0];
    g_autoptr(xmlDoc) doc = NULL;
    g_autofree char *text = NULL;
    g_autofree char *error = NULL;
    g_autoptr(GPtrArray) params = g_ptr_array_new();
    g_autoptr(JsonBuilder) b = g->json ? json_builder_new() : NULL;
    struct test_run t = { agent, b, 0, 0 };
    guint timeout_ms = timeout_of(a);
    gboolean promotable;
    int rc;

    if (timeout_ms == 0) {
        return HACTL_EXIT_USAGE;
    }
    for (int i = 1; i < a->argc; i++) {
        if (strchr(a->argv[i], '=') == NULL || a->argv[i][0] == '=') {
            fprintf(stderr, "hactl: agent test: '%s' is not NAME=VALUE\n",
                    a->argv[i]);
            hactl_help_usage_line(stderr, &hactl_noun_agent, a->verb);
            return HACTL_EXIT_USAGE;
        }
        g_ptr_array_add(params, a->argv[i]);
    }
    g_ptr_array_add(params, NULL);
    if (b != NULL) {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "agent");
        json_builder_add_string_value(b, agent);
        json_builder_set_member_name(b, "checks");
        json_builder_begin_array(b);
    }
    rc = hactl_agent_metadata_text(agent, &text);
    if (rc == 0) {
        rc = hactl_agent_metadata_parse(text, &doc, &error);
    }
    check_done(&t, "meta-data", rc == 0, NULL,
               (rc == 0) ? "well-formed resource-agent XML"
               : (error != NULL) ? error : ha_strerror(rc));
    if (rc < 0 && b == NULL) {
        return (rc == -ENOENT) ? HACTL_EXIT_NOT_FOUND : HACTL_EXIT_ERROR;
    }
    if (rc == 0 && g_str_has_prefix(agent, "ocf:")) {
        xmlNode *root = xmlDocGetRootElement(doc);

        check_dtd(&t, text, doc);
        check_metadata(&t, root, (char **) params->pdata);
        promotable = find_action(root, "promote") != NULL
                     && find_action(root, "demote") != NULL;
        for (gsize i = 0; i < G_N_ELEMENTS(ocf_steps); i++) {
            if (!ocf_steps[i].promotable || promotable) {
                step_run(&t, &ocf_steps[i], (char **) params->pdata,
                         timeout_ms);
            }
        }
    } else if (rc == 0 && b == NULL) {
        printf("(only meta-data is checked for non-OCF agents)\n");
    }
    if (b != NULL) {
        g_autoptr(JsonNode) root = NULL;

        json_builder_end_array(b);
        json_builder_set_member_name(b, "failed");
        json_builder_add_int_value(b, t.failed);
        json_builder_set_member_name(b, "total");
        json_builder_add_int_value(b, t.total);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
        if (rc < 0) {
            return (rc == -ENOENT) ? HACTL_EXIT_NOT_FOUND : HACTL_EXIT_ERROR;
        }
    } else {
        printf("%s: %u of %u checks failed\n", agent, t.failed, t.total);
    }
    return (t.failed == 0) ? HACTL_EXIT_OK : HACTL_EXIT_ERROR;
}
