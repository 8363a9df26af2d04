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
#include "hactl.h"
#include "hactl_edit.h"

static const char stonith_usage_text[] =
    "Usage: hactl [--output json] stonith <verb> ...\n"
    "  create ID fence_AGENT [NAME=VALUE...] [--op NAME:K=V[,K=V]]... "
    "[--meta K=V]... [--disabled]\n"
    "                                        a fence device (class stonith)\n"
    "  delete ID [--force]                   remove it and its constraints;"
    " one that\n"
    "                                        fencing levels use: --force "
    "takes it out\n"
    "  list                                  the fence devices and their "
    "state\n"
    "  fence NODE [--action reboot|off|on]   fence it now (needs quorum)\n"
    "  confirm NODE --force                  an operator made sure NODE "
    "is down:\n"
    "                                        the cluster goes on as if it "
    "was fenced\n"
    "  history [NODE]                        what was fenced, by whom, "
    "when\n"
    "  level add|delete|list ...             fencing topology (see "
    "'stonith level --help')\n"
    "Changes accept --wait[=SECONDS]: then wait until the cluster settled.\n"
    "Examples:\n"
    "  hactl stonith create ipmi-node1 fence_ipmilan ip=10.0.0.11 \\\n"
    "      username=admin password=secret lanplus=1 pcmk_host_list=node1\n"
    "  hactl stonith fence node3\n"
    "  hactl stonith confirm node3 --force\n";

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

int
ha_hactl_cmd_stonith(const struct hactl_globals *g, int argc, char **argv)
{
    const char *verb = (argc > 1) ? argv[1] : "";
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    const char *action = "reboot";
    gboolean force = FALSE;
    double wait_s = 0;

    if (argc < 2) {
        fputs(stonith_usage_text, stderr);
        return HACTL_EXIT_USAGE;
    }
    if (strcmp(verb, "level") == 0) {
        return hactl_stonith_level(g, argc - 2, argv + 2);
    }
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(stonith_usage_text, stdout);
            return HACTL_EXIT_OK;
        }
    }
    if (strcmp(verb, "create") == 0) {
        return hactl_resource_create(g, argc - 2, argv + 2, TRUE);
    }
    for (int i = 2; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (w < 0) {
            fprintf(stderr, "hactl: bad %s (want --wait or --wait=SECONDS)\n",
                    argv[i]);
            return HACTL_EXIT_USAGE;
        } else if (w == 0 && strcmp(argv[i], "--action") == 0 && i + 1 < argc
                   && strcmp(verb, "fence") == 0) {
            action = argv[++i];
        } else if (w == 0 && strcmp(argv[i], "--force") == 0
                   && (strcmp(verb, "confirm") == 0
                       || strcmp(verb, "delete") == 0)) {
            force = TRUE;
        } else if (w == 0 && argv[i][0] == '-') {
            fprintf(stderr, "hactl: stonith %s: unknown option '%s'\n", verb,
                    argv[i]);
            fputs(stonith_usage_text, stderr);
            return HACTL_EXIT_USAGE;
        } else if (w == 0) {
            g_ptr_array_add(args, argv[i]);
        }
    }
    if (strcmp(verb, "delete") == 0 && args->len == 1) {
        return hactl_resource_delete(g, args->pdata[0], TRUE, force, wait_s);
    }
    if (strcmp(verb, "list") == 0 && args->len == 0) {
        return hactl_resource_list(g, TRUE);
    }
    if (strcmp(verb, "fence") == 0 && args->len == 1) {
        if (strcmp(action, "reboot") != 0 && strcmp(action, "off") != 0
            && strcmp(action, "on") != 0) {
            fprintf(stderr, "hactl: stonith fence: --action is reboot, off or "
                    "on, not '%s'\n", action);
            return HACTL_EXIT_USAGE;
        }
        return fence(g, args->pdata[0], action, wait_s);
    }
    if (strcmp(verb, "confirm") == 0 && args->len == 1) {
        return confirm(g, args->pdata[0], force, wait_s);
    }
    if (strcmp(verb, "history") == 0 && args->len <= 1) {
        return history(g, args->len == 1 ? args->pdata[0] : NULL);
    }
    fputs(stonith_usage_text, stderr);
    return HACTL_EXIT_USAGE;
}
