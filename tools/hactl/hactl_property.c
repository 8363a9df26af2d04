/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_property.c - `hactl property set NAME VALUE | get NAME |
 * unset NAME`: cluster properties (crm_config), written through the DC.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "hactl.h"

static int
property_usage(FILE *out, int code)
{
    fprintf(out, "Usage: hactl property set NAME VALUE\n"
            "       hactl property get NAME\n"
            "       hactl property unset NAME\n");
    return code;
}

static int
property_write(const char *name, const char *value)
{
    g_autoptr(GVariant) reply = NULL;
    guint64 a = 0, e = 0, u = 0;
    int rc = hactl_hacd_call(HA_IPC_HACD_PROPERTY_SET,
                             g_variant_new("(tsms)", hactl_request_id(), name,
                                           value),
                             HA_IPC_HACD_WRITE_REPLY, TRUE, &reply);

    if (rc < 0) {
        return hactl_hacd_fail(rc, value != NULL ? "property set"
                                                 : "property unset");
    }
    g_variant_get(reply, "(ttt&s)", &a, &e, &u, NULL);
    printf("Property '%s' %s (configuration %" G_GUINT64_FORMAT ".%"
           G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ")\n", name,
           value != NULL ? "set" : "unset", a, e, u);
    return HACTL_EXIT_OK;
}

static int
property_get(const char *name)
{
    g_autoptr(GVariant) reply = NULL;
    const char *value = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_PROPERTY_GET,
                             g_variant_new("(s)", name),
                             HA_IPC_HACD_MAYBE_REPLY, FALSE, &reply);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "property get");
    }
    g_variant_get(reply, "(m&s)", &value);
    if (value == NULL) {
        fprintf(stderr, "hactl: property '%s' is not set\n", name);
        return HACTL_EXIT_NOT_FOUND;
    }
    printf("%s\n", value);
    return HACTL_EXIT_OK;
}

int
ha_hactl_cmd_property(const struct hactl_globals *g, int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "set") == 0) {
        return property_write(argv[2], argv[3]);
    }
    if (argc == 3 && strcmp(argv[1], "unset") == 0) {
        return property_write(argv[2], NULL);
    }
    if (argc == 3 && strcmp(argv[1], "get") == 0) {
        return property_get(argv[2]);
    }
    if (argc == 2 && strcmp(argv[1], "--help") == 0) {
        return property_usage(stdout, HACTL_EXIT_OK);
    }
    return property_usage(stderr, HACTL_EXIT_USAGE);
}
