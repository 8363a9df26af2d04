/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/pcmk/pcmk_attr.c - crm_attribute, crm_master and attrd_updater:
 * node attributes, transient (-l reboot: hacd's replicated in-memory
 * attributes) or permanent (-l forever: the configuration's
 * <nodes><node><instance_attributes>, written like `hactl node attribute
 * --lifetime forever`), promotion scores (master-RESOURCE) and cluster
 * options (--type crm_config).
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "ipc/ipc_hacd.h"
#include "hactl.h"
#include "pcmk_tools.h"

enum attr_scope { SCOPE_REBOOT, SCOPE_FOREVER, SCOPE_CONFIG };
enum attr_cmd { CMD_QUERY, CMD_UPDATE, CMD_DELETE };

struct attr_req {
    const char *tool;
    char *name;             /* owned */
    char *node;             /* owned; NULL for cluster options */
    const char *value;
    const char *dflt;
    enum attr_scope scope;
    enum attr_cmd cmd;
    gboolean quiet;
    gboolean attrd_style;   /* attrd_updater's output */
    gboolean private_attr;  /* attrd_updater --private */
};

/* The transient attribute's name as hacd knows it (owned); @other: the
 * name it has in the other namespace (private if not, public if so). */
static char *
wire_name_of(const struct attr_req *r, gboolean other)
{
    return (r->private_attr != other)
           ? g_strconcat(HA_IPC_HACD_ATTR_PRIVATE_PREFIX, r->name, NULL)
           : g_strdup(r->name);
}

static char *
wire_name(const struct attr_req *r)
{
    return wire_name_of(r, FALSE);
}

/* The value of transient attribute @wire of r->node (owned), or NULL;
 * a negative errno-style code on failure. */
static int
transient_get(const struct attr_req *r, const char *wire, char **ret_value)
{
    g_autoptr(GVariant) reply = NULL;
    const char *v = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_ATTR_GET,
                             g_variant_new("(ss)", r->node, wire),
                             HA_IPC_HACD_MAYBE_REPLY, FALSE, &reply);

    *ret_value = NULL;
    if (rc < 0) {
        return rc;
    }
    g_variant_get(reply, "(m&s)", &v);
    *ret_value = g_strdup(v);
    return 0;
}

/* attrd_updater: one attribute whether set with --private or not (as in
 * Pacemaker's attrd), so a query finds it and a delete removes it in
 * either namespace; the other one is deleted only if it exists (deleting
 * a missing public attribute would still start a transition). */
static int
attrd_delete_other(const struct attr_req *r)
{
    g_autofree char *other = wire_name_of(r, TRUE);
    g_autofree char *v = NULL;
    int rc = transient_get(r, other, &v);

    if (rc < 0 || v == NULL) {
        return rc;
    }
    return hactl_hacd_call(HA_IPC_HACD_ATTR_SET,
                           g_variant_new("(ssms)", r->node, other, NULL),
                           HA_IPC_HACD_EMPTY_REPLY, FALSE, NULL);
}

static void
attr_req_clear(struct attr_req *r)
{
    g_free(r->name);
    g_free(r->node);
}

/* The value of the attribute (owned) or NULL; an exit code. */
static int
attr_read(const struct attr_req *r, char **ret_value)
{
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *wire = wire_name(r);
    const char *v = NULL;
    int rc;

    *ret_value = NULL;
    if (r->scope == SCOPE_FOREVER) {
        int code = hactl_node_attr_forever_get(r->node, r->name, ret_value);

        return (code == HACTL_EXIT_OK) ? PCMK_EX_OK
               : pcmk_fail(r->tool, PCMK_EX_ERROR, "could not read the "
                           "configuration");
    }
    if (r->scope != SCOPE_CONFIG) {
        rc = transient_get(r, wire, ret_value);
        if (rc == 0 && *ret_value == NULL && r->attrd_style) {
            g_autofree char *other = wire_name_of(r, TRUE);

            rc = transient_get(r, other, ret_value);
        }
        return (rc < 0) ? pcmk_fail_rc(r->tool, rc) : PCMK_EX_OK;
    }
    rc = hactl_hacd_call(HA_IPC_HACD_PROPERTY_GET,
                         g_variant_new("(s)", r->name),
                         HA_IPC_HACD_MAYBE_REPLY, FALSE, &reply);
    if (rc < 0) {
        return pcmk_fail_rc(r->tool, rc);
    }
    g_variant_get(reply, "(m&s)", &v);
    *ret_value = g_strdup(v);
    return PCMK_EX_OK;
}

static int
attr_query(const struct attr_req *r)
{
    static const char *const scopes[] = { "status", "nodes", "crm_config" };
    g_autofree char *v = NULL;
    int code = attr_read(r, &v);

    if (code != PCMK_EX_OK) {
        return code;
    }
    if (v == NULL && r->dflt == NULL) {
        return r->attrd_style
               ? pcmk_fail(r->tool, PCMK_EX_NOSUCH, "Could not query value of "
                           "%s: attribute does not exist", r->name)
               : pcmk_fail(r->tool, PCMK_EX_NOSUCH, "Error performing "
                           "operation: No such device or address");
    }
    if (r->attrd_style) {
        printf("name=\"%s\" host=\"%s\" value=\"%s\"\n", r->name, r->node,
               v != NULL ? v : r->dflt);
    } else if (r->quiet) {
        printf("%s\n", v != NULL ? v : r->dflt);
    } else {
        printf("scope=%s  name=%s value=%s\n", scopes[r->scope], r->name,
               v != NULL ? v : r->dflt);
    }
    return PCMK_EX_OK;
}

static int
attr_write(const struct attr_req *r)
{
    const char *value = (r->cmd == CMD_DELETE) ? NULL : r->value;
    g_autofree char *wire = wire_name(r);
    int rc;

    if (r->scope == SCOPE_FOREVER) {
        struct hactl_globals g = { .quiet = TRUE };
        int code = hactl_node_attr_forever_set(&g, r->node, r->name, value);

        return (code == HACTL_EXIT_OK) ? PCMK_EX_OK
               : (code == HACTL_EXIT_NO_DAEMON) ? PCMK_EX_DISCONNECT
               : (code == HACTL_EXIT_NO_QUORUM) ? PCMK_EX_QUORUM
               : (code == HACTL_EXIT_NOT_FOUND) ? PCMK_EX_NOSUCH
               : PCMK_EX_ERROR;
    }
    rc = (r->scope == SCOPE_CONFIG)
         ? hactl_hacd_call(HA_IPC_HACD_PROPERTY_SET,
                           g_variant_new("(tsms)", hactl_request_id(),
                                         r->name, value),
                           HA_IPC_HACD_WRITE_REPLY, TRUE, NULL)
         : hactl_hacd_call(HA_IPC_HACD_ATTR_SET,
                           g_variant_new("(ssms)", r->node, wire, value),
                           HA_IPC_HACD_EMPTY_REPLY, FALSE, NULL);
    if (rc >= 0 && r->cmd == CMD_DELETE && r->attrd_style) {
        rc = attrd_delete_other(r);
    }
    return (rc < 0) ? pcmk_fail_rc(r->tool, rc) : PCMK_EX_OK;
}

static int
attr_run(struct attr_req *r)
{
    int code = PCMK_EX_OK;

    if (r->scope != SCOPE_CONFIG && r->node == NULL) {
        r->node = pcmk_local_node(r->tool, &code);
        if (r->node == NULL) {
            return code;
        }
    }
    return (r->cmd == CMD_QUERY) ? attr_query(r) : attr_write(r);
}

/* -G / -v / -D (the last one given of -v and -D wins over -G) */
static enum attr_cmd
attr_cmd_of(const struct pcmk_args *a)
{
    return a->set[OPT_DELETE] ? CMD_DELETE
           : a->set[OPT_VALUE] ? CMD_UPDATE : CMD_QUERY;
}

/* -l and -t to a scope; -1 (after saying why) if neither fits. */
static int
attr_scope_of(const char *tool, const struct pcmk_args *a, gboolean node_attr,
              enum attr_scope dflt)
{
    const char *l = a->val[OPT_LIFETIME];
    const char *t = a->val[OPT_TYPE];

    if (l != NULL && strcmp(l, "reboot") != 0 && strcmp(l, "forever") != 0) {
        pcmk_fail(tool, PCMK_EX_USAGE, "--lifetime must be reboot or forever, "
                  "not '%s'", l);
        return -1;
    }
    if (t != NULL && strcmp(t, "nodes") != 0 && strcmp(t, "status") != 0
        && strcmp(t, "crm_config") != 0) {
        pcmk_fail(tool, PCMK_EX_USAGE, "option '--type %s' is not supported "
                  "by ha's %s (see docs/pacemaker-tools.md)", t, tool);
        return -1;
    }
    if (g_strcmp0(t, "crm_config") == 0) {
        return SCOPE_CONFIG;
    }
    if (l != NULL) {
        return (strcmp(l, "reboot") == 0) ? SCOPE_REBOOT : SCOPE_FOREVER;
    }
    if (t != NULL) {
        return (strcmp(t, "status") == 0) ? SCOPE_REBOOT : SCOPE_FOREVER;
    }
    return node_attr ? (int) dflt : SCOPE_CONFIG;
}

static const struct pcmk_opt crm_attribute_opts[] = {
    { 'n', "name", ARG_REQUIRED, OPT_NAME },
    { 'v', "update", ARG_REQUIRED, OPT_VALUE },
    { 0, "attr-value", ARG_REQUIRED, OPT_VALUE },
    { 'G', "query", ARG_NONE, OPT_QUERY },
    { 0, "get-value", ARG_NONE, OPT_QUERY },
    { 'D', "delete", ARG_NONE, OPT_DELETE },
    { 0, "delete-attr", ARG_NONE, OPT_DELETE },
    { 'q', "quiet", ARG_NONE, OPT_QUIET },
    { 'Q', NULL, ARG_NONE, OPT_QUIET },
    { 'l', "lifetime", ARG_REQUIRED, OPT_LIFETIME },
    { 'N', "node", ARG_REQUIRED, OPT_NODE },
    { 'U', "uname", ARG_REQUIRED, OPT_NODE },
    { 'p', "promotion", ARG_OPTIONAL, OPT_PROMOTION },
    { 'd', "default", ARG_REQUIRED, OPT_DEFAULT },
    { 't', "type", ARG_REQUIRED, OPT_TYPE },
    { 's', "set-name", ARG_REQUIRED, OPT_IGNORED },
    { 'V', "verbose", ARG_NONE, OPT_IGNORED },
    { 'h', "help", ARG_NONE, OPT_HELP },
    { 0 }
};

/* crm_attribute and crm_master (@promotion_rsc: the resource whose
 * promotion score crm_master reads and writes). */
static int
attribute_main(const char *tool, int argc, char **argv,
               const char *promotion_rsc, enum attr_scope dflt)
{
    struct pcmk_args a;
    struct attr_req r = { .tool = tool };
    int code = pcmk_args_parse(tool, crm_attribute_opts, argc, argv, &a);
    int scope;

    if (code != PCMK_EX_OK || a.set[OPT_HELP]) {
        return code;
    }
    if (a.set[OPT_PROMOTION] && promotion_rsc == NULL) {
        promotion_rsc = (a.val[OPT_PROMOTION] != NULL)
                        ? a.val[OPT_PROMOTION]
                        : g_getenv("OCF_RESOURCE_INSTANCE");
        if (promotion_rsc == NULL || promotion_rsc[0] == '\0') {
            return pcmk_fail(tool, PCMK_EX_USAGE, "--promotion needs a "
                             "resource (or OCF_RESOURCE_INSTANCE)");
        }
        dflt = SCOPE_REBOOT;
    }
    r.name = (promotion_rsc != NULL)
             ? g_strdup_printf("master-%s", promotion_rsc)
             : g_strdup(a.val[OPT_NAME]);
    if (r.name == NULL) {
        return pcmk_fail(tool, PCMK_EX_USAGE, "no attribute given (--name)");
    }
    scope = attr_scope_of(tool, &a, promotion_rsc != NULL || a.set[OPT_NODE],
                          dflt);
    if (scope < 0) {
        attr_req_clear(&r);
        return PCMK_EX_USAGE;
    }
    r.scope = scope;
    r.node = g_strdup(a.val[OPT_NODE]);
    r.value = a.val[OPT_VALUE];
    r.dflt = a.val[OPT_DEFAULT];
    r.cmd = attr_cmd_of(&a);
    r.quiet = a.set[OPT_QUIET];
    code = attr_run(&r);
    attr_req_clear(&r);
    return code;
}

int
pcmk_crm_attribute(int argc, char **argv)
{
    return attribute_main("crm_attribute", argc, argv, NULL, SCOPE_FOREVER);
}

int
pcmk_crm_master(int argc, char **argv)
{
    const char *rsc = g_getenv("OCF_RESOURCE_INSTANCE");
    g_autoptr(GPtrArray) rest = g_ptr_array_new();

    /* -r RSC / --resource[=]RSC is crm_master's own; the rest is
     * crm_attribute's (as Pacemaker's crm_master script passes it) */
    for (int i = 0; i < argc; i++) {
        if ((strcmp(argv[i], "-r") == 0 || strcmp(argv[i], "--resource") == 0)
            && i + 1 < argc) {
            rsc = argv[++i];
        } else if (g_str_has_prefix(argv[i], "--resource=")) {
            rsc = argv[i] + strlen("--resource=");
        } else {
            g_ptr_array_add(rest, argv[i]);
        }
    }
    if (rsc == NULL || rsc[0] == '\0') {
        return pcmk_fail("crm_master", PCMK_EX_USAGE, "No resource specified "
                         "(-r or OCF_RESOURCE_INSTANCE)");
    }
    g_ptr_array_add(rest, NULL);
    return attribute_main("crm_master", (int) rest->len - 1,
                          (char **) rest->pdata, rsc, SCOPE_FOREVER);
}

static const struct pcmk_opt attrd_updater_opts[] = {
    { 'n', "name", ARG_REQUIRED, OPT_NAME },
    { 'v', "value", ARG_REQUIRED, OPT_VALUE },
    { 'U', "update", ARG_REQUIRED, OPT_VALUE },
    { 'B', "update-both", ARG_REQUIRED, OPT_VALUE },
    { 'Q', "query", ARG_NONE, OPT_QUERY },
    { 'D', "delete", ARG_NONE, OPT_DELETE },
    { 'N', "node", ARG_REQUIRED, OPT_NODE },
    { 'l', "lifetime", ARG_REQUIRED, OPT_IGNORED },
    { 'p', "private", ARG_NONE, OPT_PRIVATE },
    { 'd', "delay", ARG_REQUIRED, OPT_IGNORED },
    { 'S', "set", ARG_REQUIRED, OPT_IGNORED },
    { 'q', "quiet", ARG_NONE, OPT_IGNORED },
    { 'V', "verbose", ARG_NONE, OPT_IGNORED },
    { 'h', "help", ARG_NONE, OPT_HELP },
    { 0 }
};

/* attrd_updater: transient attributes only (as Pacemaker's attrd); a
 * delay is not waited (ha applies an update at once). */
int
pcmk_attrd_updater(int argc, char **argv)
{
    struct pcmk_args a;
    struct attr_req r = { .tool = "attrd_updater", .scope = SCOPE_REBOOT,
                          .attrd_style = TRUE };
    int code = pcmk_args_parse(r.tool, attrd_updater_opts, argc, argv, &a);

    if (code != PCMK_EX_OK || a.set[OPT_HELP]) {
        return code;
    }
    if (a.val[OPT_NAME] == NULL) {
        return pcmk_fail(r.tool, PCMK_EX_USAGE, "no attribute given (--name)");
    }
    if (!a.set[OPT_QUERY] && !a.set[OPT_DELETE] && !a.set[OPT_VALUE]) {
        return pcmk_fail(r.tool, PCMK_EX_USAGE, "one of --update, --query or "
                         "--delete is needed");
    }
    r.name = g_strdup(a.val[OPT_NAME]);
    r.node = g_strdup(a.val[OPT_NODE]);
    r.value = a.val[OPT_VALUE];
    r.cmd = a.set[OPT_QUERY] ? CMD_QUERY : attr_cmd_of(&a);
    r.private_attr = a.set[OPT_PRIVATE];
    code = attr_run(&r);
    attr_req_clear(&r);
    return code;
}
