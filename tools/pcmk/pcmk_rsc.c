/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/pcmk/pcmk_rsc.c - crm_resource --get-parameter [--meta] (a
 * resource's instance attribute, or its meta attribute resolved as
 * Pacemaker does: its own, its parents', rsc_defaults) and --locate.
 */
#include "config.h"

#include <glib.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "ipc/ipc_hacd.h"
#include "store/store_model.h"
#include "hactl.h"
#include "pcmk_tools.h"

#define TOOL "crm_resource"

static const struct pcmk_opt crm_resource_opts[] = {
    { 'r', "resource", ARG_REQUIRED, OPT_RESOURCE },
    { 'g', "get-parameter", ARG_REQUIRED, OPT_GETPARAM },
    { 'm', "meta", ARG_NONE, OPT_META },
    { 'W', "locate", ARG_NONE, OPT_LOCATE },
    { 'Q', "quiet", ARG_NONE, OPT_QUIET },
    { 'V', "verbose", ARG_NONE, OPT_IGNORED },
    { 'h', "help", ARG_NONE, OPT_HELP },
    { 0 }
};

/* The configuration as a snapshot, or NULL after saying why. */
static ha_store_model_t *
config_model(int *ret_exit)
{
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *error = NULL;
    ha_store_model_t *m = NULL;
    const char *xml = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_GET, g_variant_new("()"),
                             HA_IPC_HACD_CONFIG_GET_REPLY, FALSE, &reply);

    if (rc < 0) {
        *ret_exit = pcmk_fail_rc(TOOL, rc);
        return NULL;
    }
    g_variant_get(reply, "(&s)", &xml);
    rc = ha_store_model_parse_memory(xml, strlen(xml), &m, &error);
    if (rc < 0) {
        *ret_exit = pcmk_fail(TOOL, PCMK_EX_ERROR, "the configuration does not "
                              "parse: %s", error != NULL ? error : ha_strerror(rc));
        return NULL;
    }
    *ret_exit = PCMK_EX_OK;
    return m;
}

static int
get_parameter(const char *rsc, const char *name, gboolean meta)
{
    int code = PCMK_EX_OK;
    g_autoptr(ha_store_model_t) m = config_model(&code);
    g_autofree char *base = g_strdup(rsc);
    struct ha_model_rule_ctx ctx = { .now = (gint64) (g_get_real_time() / G_USEC_PER_SEC) };
    const char *v;
    guint idx;

    if (m == NULL) {
        return code;
    }
    if (strchr(base, ':') != NULL) {
        *strchr(base, ':') = '\0';      /* a clone instance: db:1 is db */
    }
    idx = ha_store_model_rsc_find(m, base);
    if (idx == HA_MODEL_NONE) {
        return pcmk_fail(TOOL, PCMK_EX_NOSUCH, "Resource '%s' not found", rsc);
    }
    v = meta ? ha_store_model_rsc_meta(m, idx, name, &ctx)
             : ha_store_model_attrs_eval(&m->rscs[idx].params, name, &ctx);
    if (v == NULL) {
        return pcmk_fail(TOOL, PCMK_EX_NOSUCH, "Attribute '%s' not found for "
                         "'%s'", name, rsc);
    }
    printf("%s\n", v);
    return PCMK_EX_OK;
}

/* Every entry of the status's resources that is @rsc or an instance of
 * it: "resource RSC is running on: NODE[ Promoted]". */
static int
locate(const char *rsc, gboolean quiet)
{
    int code = PCMK_EX_OK;
    g_autoptr(GVariant) st = pcmk_status(TOOL, &code);
    g_autoptr(GVariant) rscs = NULL;
    GVariantIter it;
    GVariant *r;
    gboolean found = FALSE, running = FALSE;

    if (st == NULL) {
        return code;
    }
    rscs = g_variant_lookup_value(st, "resources", G_VARIANT_TYPE("aa{sv}"));
    if (rscs != NULL) {
        g_variant_iter_init(&it, rscs);
    }
    while (rscs != NULL && (r = g_variant_iter_next_value(&it)) != NULL) {
        const char *id = "", *role = "";
        g_autoptr(GVariant) nodes = NULL;
        GVariantIter ni;
        const char *node;

        (void) g_variant_lookup(r, "id", "&s", &id);
        (void) g_variant_lookup(r, "role", "&s", &role);
        nodes = g_variant_lookup_value(r, "nodes", G_VARIANT_TYPE("as"));
        /* "db" also finds an anonymous clone's instances db:0, db:1 ... */
        if ((strcmp(id, rsc) == 0 || (g_str_has_prefix(id, rsc)
                                      && id[strlen(rsc)] == ':'
                                      && strchr(rsc, ':') == NULL))
            && nodes != NULL) {
            found = TRUE;
            g_variant_iter_init(&ni, nodes);
            while (g_variant_iter_next(&ni, "&s", &node)) {
                running = TRUE;
                if (quiet) {
                    printf("%s\n", node);
                } else {
                    printf("resource %s is running on: %s%s\n", rsc, node,
                           strcmp(role, "Promoted") == 0 ? " Promoted" : "");
                }
            }
        }
        g_variant_unref(r);
    }
    if (!found) {
        return pcmk_fail(TOOL, PCMK_EX_NOSUCH, "Resource '%s' not found", rsc);
    }
    if (!running && !quiet) {
        fprintf(stderr, "resource %s is NOT running\n", rsc);
    }
    return PCMK_EX_OK;
}

int
pcmk_crm_resource(int argc, char **argv)
{
    struct pcmk_args a;
    int code = pcmk_args_parse(TOOL, crm_resource_opts, argc, argv, &a);
    const char *rsc;

    if (code != PCMK_EX_OK || a.set[OPT_HELP]) {
        return code;
    }
    rsc = a.val[OPT_RESOURCE];
    if (rsc == NULL || (!a.set[OPT_GETPARAM] && !a.set[OPT_LOCATE])) {
        return pcmk_fail(TOOL, PCMK_EX_USAGE, "--resource with "
                         "--get-parameter or --locate is needed");
    }
    return a.set[OPT_LOCATE] ? locate(rsc, a.set[OPT_QUIET])
           : get_parameter(rsc, a.val[OPT_GETPARAM], a.set[OPT_META]);
}
