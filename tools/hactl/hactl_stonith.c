/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_stonith.c - `hactl stonith create|delete|list|fence|
 * history`: fence devices (stonith-class resources) and fencing.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"

static const char stonith_usage_text[] =
    "Usage: hactl stonith <verb> ...\n"
    "  create ID fence_AGENT [NAME=VALUE...] [--op ...] [--disabled]\n"
    "  delete ID\n"
    "  list\n"
    "  fence NODE [--action reboot|off|on]   fence it now (needs quorum)\n"
    "  history [NODE]\n"
    "Examples:\n"
    "  hactl stonith create ipmi-node1 fence_ipmilan ip=10.0.0.11 \\\n"
    "      username=admin password=secret lanplus=1 pcmk_host_list=node1\n"
    "  hactl stonith fence node3\n";

static int
fence(const char *node, const char *action)
{
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
    if (rc < 0) {
        return hactl_hacd_fail(rc, "stonith fence");
    }
    g_variant_get(reply, "(i&s)", &result, &text);
    if (result != 0) {
        fprintf(stderr, "hactl: stonith fence: fencing %s failed: %s\n", node,
                text);
        return HACTL_EXIT_ERROR;
    }
    printf("Node %s fenced (%s)\n", node, action);
    return HACTL_EXIT_OK;
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
        g_autoptr(JsonGenerator) gen = json_generator_new();
        g_autoptr(JsonNode) root = json_gvariant_serialize(reply);
        g_autofree char *text = NULL;

        json_generator_set_root(gen, root);
        json_generator_set_pretty(gen, TRUE);
        text = json_generator_to_data(gen, NULL);
        printf("%s\n", text);
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
        printf("%s: %s %s%s%s%s%s at %s (asked by %s)%s%s\n", target, action,
               state, *by ? " by " : "", by, *device ? " with " : "", device,
               at, origin, *reason ? ": " : "", reason);
        g_variant_unref(e);
    }
    return HACTL_EXIT_OK;
}

int
ha_hactl_cmd_stonith(const struct hactl_globals *g, int argc, char **argv)
{
    const char *verb = (argc > 1) ? argv[1] : "";

    if (argc < 2 || strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0
        || (argc > 2 && strcmp(argv[2], "--help") == 0)) {
        fputs(stonith_usage_text, argc < 2 ? stderr : stdout);
        return argc < 2 ? HACTL_EXIT_USAGE : HACTL_EXIT_OK;
    }
    if (strcmp(verb, "create") == 0) {
        return hactl_resource_create(argc - 2, argv + 2, TRUE);
    }
    if (strcmp(verb, "delete") == 0 && argc == 3) {
        char *args[] = { (char *) "resource", (char *) "delete", argv[2],
                         NULL };

        return ha_hactl_cmd_resource(g, 3, args);
    }
    if (strcmp(verb, "list") == 0 && argc == 2) {
        char *args[] = { (char *) "resource", (char *) "list",
                         (char *) "--stonith", NULL };

        return ha_hactl_cmd_resource(g, 3, args);
    }
    if (strcmp(verb, "fence") == 0 && (argc == 3 || argc == 5)) {
        const char *action = "reboot";

        if (argc == 5 && strcmp(argv[3], "--action") == 0) {
            action = argv[4];
        } else if (argc == 5) {
            fputs(stonith_usage_text, stderr);
            return HACTL_EXIT_USAGE;
        }
        return fence(argv[2], action);
    }
    if (strcmp(verb, "history") == 0 && argc <= 3) {
        return history(g, argc == 3 ? argv[2] : NULL);
    }
    fputs(stonith_usage_text, stderr);
    return HACTL_EXIT_USAGE;
}
