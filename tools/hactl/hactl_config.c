/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_config.c - `hactl config show|export FILE|import FILE
 * [--dry-run]`.  Import accepts a Pacemaker CIB (lib/store upgrades and
 * validates it here first, so a bad file never reaches the cluster); the
 * DC validates again and assigns the next version.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "store/store_doc.h"
#include "hactl.h"

static int
config_usage(FILE *out, int code)
{
    fprintf(out, "Usage: hactl config show\n"
            "       hactl config export FILE     (- for stdout)\n"
            "       hactl config import FILE [--dry-run]\n");
    return code;
}

static int
fetch(char **ret_xml)
{
    g_autoptr(GVariant) reply = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_GET, g_variant_new("()"),
                             HA_IPC_HACD_CONFIG_GET_REPLY, FALSE, &reply);

    if (rc == 0) {
        g_variant_get(reply, "(s)", ret_xml);
    }
    return rc;
}

static int
config_export(const char *path)
{
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;
    int rc = fetch(&xml);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "config export");
    }
    /* a text file ends with a newline */
    if (*xml != '\0' && !g_str_has_suffix(xml, "\n")) {
        char *nl = g_strconcat(xml, "\n", NULL);

        g_free(xml);
        xml = nl;
    }
    if (path == NULL || strcmp(path, "-") == 0) {
        fputs(xml, stdout);
        return HACTL_EXIT_OK;
    }
    if (!g_file_set_contents(path, xml, -1, &error)) {
        fprintf(stderr, "hactl: could not write '%s': %s\n", path,
                error->message);
        return HACTL_EXIT_ERROR;
    }
    return HACTL_EXIT_OK;
}

static void
print_errors(const char *path, GPtrArray *errors)
{
    for (guint i = 0; errors != NULL && i < errors->len; i++) {
        fprintf(stderr, "hactl: %s: %s\n", path, (char *) errors->pdata[i]);
    }
}

static int
config_import(const char *path, gboolean dry_run)
{
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *current = NULL;
    g_autoptr(ha_store_doc_t) cur_doc = NULL;
    guint64 a = 0, e = 0, u = 0;
    const char *digest = NULL;
    int rc;

    rc = ha_store_doc_load_file(path, HA_STORE_LOAD_NO_STATUS, &doc, &errors);
    if (rc < 0) {
        print_errors(path, errors);
        fprintf(stderr, "hactl: '%s' cannot be imported: %s\n", path,
                ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    if (dry_run) {
        rc = fetch(&current);
        if (rc == 0 && ha_store_doc_load_memory(current, strlen(current),
                                                "current",
                                                HA_STORE_LOAD_NO_VALIDATE,
                                                &cur_doc, NULL) == 0) {
            gboolean same = strcmp(ha_store_doc_digest(cur_doc),
                                   ha_store_doc_digest(doc)) == 0;

            printf("'%s' is valid; importing it would %s the configuration\n",
                   path, same ? "not change" : "replace");
        } else {
            printf("'%s' is valid (current configuration not available: %s)\n",
                   path, ha_strerror(rc));
        }
        return HACTL_EXIT_OK;
    }
    xml = ha_store_doc_serialize(doc, HA_STORE_SER_NO_STATUS);
    rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_REPLACE,
                         g_variant_new("(ts)", hactl_request_id(), xml),
                         HA_IPC_HACD_WRITE_REPLY, TRUE, &reply);
    if (rc < 0) {
        return hactl_hacd_fail(rc, "config import");
    }
    g_variant_get(reply, "(ttt&s)", &a, &e, &u, &digest);
    printf("Configuration imported: version %" G_GUINT64_FORMAT ".%"
           G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT "\n", a, e, u);
    return HACTL_EXIT_OK;
}

int
ha_hactl_cmd_config(const struct hactl_globals *g, int argc, char **argv)
{
    gboolean dry_run = FALSE;

    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        return config_usage(argc < 2 ? stderr : stdout,
                            argc < 2 ? HACTL_EXIT_USAGE : HACTL_EXIT_OK);
    }
    if (strcmp(argv[1], "show") == 0 && argc == 2) {
        return config_export(NULL);
    }
    if (strcmp(argv[1], "export") == 0 && argc == 3) {
        return config_export(argv[2]);
    }
    if (strcmp(argv[1], "import") == 0 && (argc == 3 || argc == 4)) {
        if (argc == 4) {
            if (strcmp(argv[3], "--dry-run") != 0) {
                return config_usage(stderr, HACTL_EXIT_USAGE);
            }
            dry_run = TRUE;
        }
        return config_import(argv[2], dry_run);
    }
    return config_usage(stderr, HACTL_EXIT_USAGE);
}
