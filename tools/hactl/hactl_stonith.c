/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_stonith.c - `hactl stonith create|delete|list|fence|
 * confirm|history`: fence devices (stonith-class resources) and fencing;
 * `stonith level` is hactl_stonith_level.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl_cli.h"
#include "hactl_edit.h"

static int
fence(const struct hactl_globals *g, const char *node, const char *action,
      double wait_s)
{
    g_autofree char *msg = NULL;
    g_autoptr(GVariant) reply = NULL;
    const char *text = NULL;
    gint32 result = 0;
    int rc;

    if (g_getenv("HA_HACTL_TIMEOUT_MS") == NULL) {
        g_setenv("HA_HACTL_TIMEOUT_MS", "300000", TRUE);  /* agents are slow */
    }
    rc = hactl_hacd_call(HA_IPC_HACD_FENCE,
                         g_variant_new("(tss)", hactl_request_id(), node,
                                       action),
                         HA_IPC_HACD_FENCE_REPLY, TRUE, &reply);
    if (rc == -HA_ENOTFOUND) {
        fprintf(stderr, "hactl: stonith fence: no node '%s' in the cluster\n",
                node);
        return HACTL_EXIT_NOT_FOUND;
    }
    if (rc < 0) {
        return hactl_hacd_fail(rc, "stonith fence");
    }
    g_variant_get(reply, "(i&s)", &result, &text);
    if (result != 0) {
        fprintf(stderr, "hactl: stonith fence: fencing %s failed: %s\n", node,
                text);
        return HACTL_EXIT_ERROR;
    }
    msg = g_strdup_printf("Node %s fenced (%s)", node, action);
    hactl_print_done(g, "stonith fence", msg, NULL);
    return (wait_s > 0) ? hactl_wait_settled("stonith fence", wait_s)
                        : HACTL_EXIT_OK;
}

/* The operator vouches that @node is down; never without --force. */
static int
confirm(const struct hactl_globals *g, const char *node, gboolean force,
        double wait_s)
{
    g_autofree char *msg = NULL;
    g_autoptr(GVariant) reply = NULL;
    const char *text = NULL;
    gint32 result = 0;
    int rc;

    if (!force) {
        fprintf(stderr, "hactl: stonith confirm: refused without --force: "
                "this tells the cluster that %s is down as if it had been "
                "fenced.  If %s is in fact up, its resources will run twice "
                "(data corruption).  Make sure it is powered off or cut off, "
                "then add --force\n", node, node);
        return HACTL_EXIT_UNSAFE;
    }
    rc = hactl_hacd_call(HA_IPC_HACD_FENCE_CONFIRM,
                         g_variant_new("(ts)", hactl_request_id(), node),
                         HA_IPC_HACD_FENCE_REPLY, TRUE, &reply);
    if (rc == -HA_ENOTFOUND) {
        fprintf(stderr, "hactl: stonith confirm: no node '%s' in the "
                "cluster\n", node);
        return HACTL_EXIT_NOT_FOUND;
    }
    if (rc < 0) {
        return hactl_hacd_fail(rc, "stonith confirm");
    }
    g_variant_get(reply, "(i&s)", &result, &text);
    if (result != 0) {
        fprintf(stderr, "hactl: stonith confirm: %s\n", text);
        return HACTL_EXIT_ERROR;
    }
    msg = g_strdup_printf("Node %s confirmed down by an operator", node);
    hactl_print_done(g, "stonith confirm", msg, NULL);
    return (wait_s > 0) ? hactl_wait_settled("stonith confirm", wait_s)
                        : HACTL_EXIT_OK;
}

static int
history(const struct hactl_globals *g, const char *node)
{
    g_autoptr(GVariant) reply = NULL;
    GVariantIter it;
    GVariant *e;
    int rc = hactl_hacd_call(HA_IPC_HACD_FENCE_HISTORY,
                             g_variant_new("(s)", node != NULL ? node : ""),
                             HA_IPC_HACD_FENCE_HISTORY_REPLY, FALSE, &reply);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "stonith history");
    }
    if (g->json) {
        g_autoptr(JsonNode) root = json_gvariant_serialize(reply);

        hactl_print_json(root);
        return HACTL_EXIT_OK;
    }
    if (g_variant_n_children(reply) == 0) {
        printf("No fencing%s%s\n", node != NULL ? " of " : "",
               node != NULL ? node : "");
    }
    g_variant_iter_init(&it, reply);
    while ((e = g_variant_iter_next_value(&it)) != NULL) {
        const char *target = "", *action = "", *state = "", *by = "";
        const char *device = "", *origin = "", *reason = "";
        gint64 when = 0;
        g_autoptr(GDateTime) dt = NULL;
        g_autofree char *at = NULL;

        (void) g_variant_lookup(e, "target", "&s", &target);
        (void) g_variant_lookup(e, "action", "&s", &action);
        (void) g_variant_lookup(e, "state", "&s", &state);
        (void) g_variant_lookup(e, "delegate", "&s", &by);
        (void) g_variant_lookup(e, "device", "&s", &device);
        (void) g_variant_lookup(e, "origin", "&s", &origin);
        (void) g_variant_lookup(e, "reason", "&s", &reason);
        (void) g_variant_lookup(e, "completed", "x", &when);
        dt = g_date_time_new_from_unix_local(when);
        at = (dt != NULL) ? g_date_time_format(dt, "%Y-%m-%d %H:%M:%S")
                          : g_strdup("?");
        printf("%s %s %s%s%s%s%s%s at %s, asked by %s%s%s\n", target,
               action, state, *by ? " by " : "", by, *device ? " (" : "",
               device, *device ? ")" : "", when > 0 ? at : "(pending)",
               origin, *reason ? ": " : "", reason);
        g_variant_unref(e);
    }
    return HACTL_EXIT_OK;
}

static int
stonith_delete(const struct hactl_globals *g, const struct hactl_args *a)
{
    return hactl_resource_delete(g, a->argv[0], TRUE,
                                 hactl_arg_flag(a, "force"), a->wait_s);
}

static int
stonith_list(const struct hactl_globals *g, const struct hactl_args *a)
{
    (void) a;
    return hactl_resource_list(g, TRUE);
}

static int
stonith_fence(const struct hactl_globals *g, const struct hactl_args *a)
{
    const char *action = hactl_arg_value(a, "action");

    return fence(g, a->argv[0], action != NULL ? action : "reboot",
                 a->wait_s);
}

static int
stonith_confirm(const struct hactl_globals *g, const struct hactl_args *a)
{
    return confirm(g, a->argv[0], hactl_arg_flag(a, "force"), a->wait_s);
}

static int
stonith_history(const struct hactl_globals *g, const struct hactl_args *a)
{
    return history(g, a->argv[0]);
}

static const struct hactl_opt create_opts[] = {
    { "op", HACTL_OPT_LIST, "NAME:K=V[,K=V...]", "an operation "
      "(repeatable)" },
    { "meta", HACTL_OPT_LIST, "K=V", "a meta attribute (repeatable)" },
    { "disabled", HACTL_OPT_FLAG, NULL, "created with target-role Stopped" },
    { NULL },
};

static const struct hactl_opt delete_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "one that fencing levels use: taken "
      "out of them" },
    { NULL },
};

static const struct hactl_opt fence_opts[] = {
    { "action", HACTL_OPT_VALUE, "reboot|off|on", "what to do (default "
      "reboot)" },
    { NULL },
};

static const struct hactl_opt confirm_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "required: you made sure NODE is down" },
    { NULL },
};

static const struct hactl_verb stonith_verbs[] = {
    { "create", "ID fence_AGENT [NAME=VALUE...]", create_opts,
      hactl_resource_create, HACTL_VERB_WAIT, "a fence device (class "
      "stonith)", NULL, "hactl stonith create ipmi-node1 fence_ipmilan "
      "ip=10.0.0.11 \\\n    username=admin password=secret lanplus=1 "
      "pcmk_host_list=node1" },
    { "delete", "ID", delete_opts, stonith_delete, HACTL_VERB_WAIT, "remove "
      "it and its constraints", NULL, "hactl stonith delete ipmi-node1" },
    { "list", NULL, NULL, stonith_list, 0, "the fence devices and their "
      "state", NULL, "hactl stonith list" },
    { "fence", "NODE", fence_opts, stonith_fence, HACTL_VERB_WAIT, "fence "
      "NODE now (needs quorum)", NULL, "hactl stonith fence node3" },
    { "confirm", "NODE", confirm_opts, stonith_confirm, HACTL_VERB_WAIT,
      "an operator made sure NODE is down", "The cluster goes on as if it "
      "was fenced.", "hactl stonith confirm node3 --force" },
    { "history", "[NODE]", NULL, stonith_history, 0, "what was fenced, by "
      "whom, when", NULL, "hactl stonith history node3" },
    { "level add", "NODE LEVEL DEVICE[,DEVICE...]", NULL,
      hactl_stonith_level_add, HACTL_VERB_WAIT, "fence NODE with all these "
      "devices at LEVEL (1-9)", "Levels are tried from the lowest; every "
      "device of a level must succeed, else\nthe next level is tried.",
      "hactl stonith level add node1 1 ipmi-node1\n"
      "hactl stonith level add node1 2 pdu-a,pdu-b" },
    { "level delete", "NODE [LEVEL]", NULL, hactl_stonith_level_delete,
      HACTL_VERB_WAIT, "remove one level, or all of NODE's", NULL,
      "hactl stonith level delete node1 2" },
    { "level list", "[NODE]", NULL, hactl_stonith_level_list, 0, "the "
      "levels, by node and index", NULL, "hactl stonith level list" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_stonith = {
    "stonith", "fence devices, fencing and its history", stonith_verbs,
    NULL,
};
