/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_property.c - `hactl property set|unset|get|list`:
 * cluster properties (crm_config), written through the DC.
 *
 * Names are checked against the cluster options Pacemaker defines (a
 * misspelt name would otherwise be stored and silently do nothing);
 * --force stores an unknown one anyway.  `list --all` also shows the
 * defaults, and which options ha acts on.  Values are checked by hacd's
 * validation (a refused value changes nothing).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include <libxml/tree.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "store/store_doc.h"
#include "hactl_cli.h"
#include "hactl_edit.h"

/* A cluster option: its default, and whether ha acts on it. */
struct property_known {
    const char *name;
    const char *dflt;       /* NULL: no default (set by the cluster) */
    gboolean used;          /* ha's scheduler or hacd reads it */
    const char *values;     /* an enumeration: its values, or NULL */
};

static const struct property_known known[] = {
    { "batch-limit", "0", TRUE },
    { "cluster-delay", "60s", FALSE },
    { "cluster-infrastructure", NULL, FALSE },
    { "cluster-ipc-limit", "500", FALSE },
    { "cluster-name", NULL, FALSE },
    { "cluster-recheck-interval", "15min", FALSE },
    { "concurrent-fencing", "false", FALSE },
    { "dc-deadtime", "20s", FALSE },
    { "dc-version", NULL, FALSE },
    { "default-resource-stickiness", "0", TRUE },
    { "election-timeout", "2min", FALSE },
    { "enable-acl", "false", FALSE },
    { "enable-startup-probes", "true", FALSE },
    { "fence-reaction", "stop", FALSE, "stop panic" },
    { "have-watchdog", NULL, FALSE },
    { "is-managed-default", "true", FALSE },
    { "join-finalization-timeout", "30min", FALSE },
    { "join-integration-timeout", "3min", FALSE },
    { "load-threshold", "80%", FALSE },
    { "maintenance-mode", "false", TRUE },
    { "migration-limit", "-1", FALSE },
    { "no-quorum-policy", "stop", TRUE, "stop freeze ignore demote suicide" },
    { "node-action-limit", "0", FALSE },
    { "node-health-base", "0", FALSE },
    { "node-health-green", "0", FALSE },
    { "node-health-red", "-INFINITY", FALSE },
    { "node-health-strategy", "none", TRUE, "none migrate-on-red only-green progressive custom" },
    { "node-health-yellow", "0", FALSE },
    { "pe-error-series-max", "-1", FALSE },
    { "pe-input-series-max", "4000", FALSE },
    { "pe-warn-series-max", "5000", FALSE },
    { "placement-strategy", "default", TRUE, "default utilization minimal balanced" },
    { "priority-fencing-delay", "0", FALSE },
    { "shutdown-escalation", "20min", FALSE },
    { "shutdown-lock", "false", TRUE },
    { "shutdown-lock-limit", "0", FALSE },
    { "start-failure-is-fatal", "true", TRUE },
    { "startup-fencing", "true", TRUE },
    { "stonith-action", "reboot", TRUE, "reboot off poweroff" },
    { "stonith-enabled", "true", TRUE },
    { "stonith-max-attempts", "10", FALSE },
    { "stonith-timeout", "60s", TRUE },
    { "stonith-watchdog-timeout", "0", FALSE },
    { "stop-all-resources", "false", TRUE },
    { "stop-orphan-actions", "true", TRUE },
    { "stop-orphan-resources", "true", TRUE },
    { "symmetric-cluster", "true", TRUE },
    { "transition-delay", "0s", FALSE },
};

static const struct property_known *
property_lookup(const char *name)
{
    for (gsize i = 0; i < G_N_ELEMENTS(known); i++) {
        if (strcmp(known[i].name, name) == 0) {
            return &known[i];
        }
    }
    return NULL;
}

/* FALSE only when @name is an enumeration and @value is none of it. */
static gboolean
value_allowed(const char *name, const char *value)
{
    const struct property_known *k = property_lookup(name);
    g_auto(GStrv) values = NULL;

    if (k == NULL || k->values == NULL || *value == '\0') {
        return TRUE;
    }
    values = g_strsplit(k->values, " ", -1);
    return g_strv_contains((const char *const *) values, value);
}

/* Fencing off is refused without --force: with it off, a node that is
 * cut off keeps its resources running while the rest of the cluster
 * starts them too (seen on the lab: 90 ms of two copies). */
static gboolean
turns_fencing_off(const char *name, const char *value)
{
    gboolean on = TRUE;

    return strcmp(name, "stonith-enabled") == 0
           && ha_bool_parse(value, &on) == 0 && !on;
}

/* One property written through the DC; the written version in @ret_v. */
static int
property_write(const char *name, const char *value, char **ret_version)
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
    g_free(*ret_version);
    *ret_version = g_strdup_printf("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                                   ".%" G_GUINT64_FORMAT, a, e, u);
    return HACTL_EXIT_OK;
}

/* Split the arguments of set/unset into (name, value) pairs. */
static int
property_parse(gboolean set, int argc, char **argv, GPtrArray *pairs)
{
    for (int i = 0; i < argc; i++) {
        const char *eq = strchr(argv[i], '=');

        if (!set) {
            g_ptr_array_add(pairs, g_strdup(argv[i]));
            g_ptr_array_add(pairs, NULL);
        } else if (eq != NULL && eq != argv[i]) {
            g_ptr_array_add(pairs, g_strndup(argv[i], eq - argv[i]));
            g_ptr_array_add(pairs, g_strdup(eq + 1));
        } else if (eq == NULL && i + 1 < argc && argv[i + 1][0] != '-'
                   && strchr(argv[i + 1], '=') == NULL && pairs->len == 0) {
            /* the older form: set NAME VALUE */
            g_ptr_array_add(pairs, g_strdup(argv[i]));
            g_ptr_array_add(pairs, g_strdup(argv[++i]));
        } else {
            fprintf(stderr, "hactl: property set: '%s' is not NAME=VALUE\n",
                    argv[i]);
            return HACTL_EXIT_USAGE;
        }
    }
    if (pairs->len == 0) {
        fprintf(stderr, "hactl: property %s: no property given\n",
                set ? "set" : "unset");
        return HACTL_EXIT_USAGE;
    }
    return HACTL_EXIT_OK;
}

/* A value the store can hold (what hacd would refuse, said clearly). */
static gboolean
text_ok(const char *what, const char *name, const char *value)
{
    g_autofree char *problem = ha_store_text_problem(value);

    if (problem != NULL) {
        fprintf(stderr, "hactl: %s: the value of %s: %s\n", what, name,
                problem);
        return FALSE;
    }
    return TRUE;
}

/* The known names, for "did you mean". */
static void
say_known(const char *name)
{
    const char *names[G_N_ELEMENTS(known) + 1] = { NULL };

    for (gsize i = 0; i < G_N_ELEMENTS(known); i++) {
        names[i] = known[i].name;
    }
    hactl_say_did_you_mean(name, names);
}

static int
property_change(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) pairs = g_ptr_array_new_with_free_func(g_free);
    g_autofree char *version = NULL;
    g_autofree char *message = NULL;
    gboolean set = (strcmp(a->verb->name, "set") == 0);
    gboolean force = hactl_arg_flag(a, "force");
    int code = property_parse(set, a->argc, a->argv, pairs);
    const char *what = set ? "property set" : "property unset";

    if (code != HACTL_EXIT_OK) {
        return code;
    }
    /* check every name first: a refused command changes nothing */
    for (guint i = 0; i < pairs->len; i += 2) {
        const char *name = pairs->pdata[i];

        if (!ha_id_valid(name)) {
            fprintf(stderr, "hactl: %s: '%s' is not a valid property name\n",
                    what, name);
            return HACTL_EXIT_INVALID;
        }
        if (set && !force && property_lookup(name) == NULL) {
            fprintf(stderr, "hactl: %s: '%s' is not a cluster option "
                    "('hactl property list --all' lists them; --force sets "
                    "it anyway)\n", what, name);
            say_known(name);
            return HACTL_EXIT_INVALID;
        }
        if (set && !value_allowed(name, pairs->pdata[i + 1])) {
            fprintf(stderr, "hactl: %s: %s must be one of: %s\n", what, name,
                    property_lookup(name)->values);
            return HACTL_EXIT_INVALID;
        }
        if (set && !force && turns_fencing_off(name, pairs->pdata[i + 1])) {
            fprintf(stderr, "hactl: %s: stonith-enabled=false turns fencing "
                    "off: a node that is cut off then keeps running its "
                    "resources while the other nodes start them too (two "
                    "copies at once); add --force if that is meant (a test "
                    "cluster without fence devices)\n", what);
            return HACTL_EXIT_UNSAFE;
        }
        if (set && !text_ok(what, name, pairs->pdata[i + 1])) {
            return HACTL_EXIT_INVALID;
        }
        if (set && *(const char *) pairs->pdata[i + 1] == '\0') {
            fprintf(stderr, "hactl: %s: empty value for '%s' (use 'hactl "
                    "property unset %s')\n", what, name, name);
            return HACTL_EXIT_INVALID;
        }
    }
    for (guint i = 0; i < pairs->len; i += 2) {
        code = property_write(pairs->pdata[i], pairs->pdata[i + 1], &version);
        if (code != HACTL_EXIT_OK) {
            return code;
        }
    }
    if (pairs->len == 2) {
        message = g_strdup_printf("Property '%s' %s",
                                  (const char *) pairs->pdata[0],
                                  set ? "set" : "unset");
    } else {
        message = g_strdup_printf("%u properties %s", pairs->len / 2,
                                  set ? "set" : "unset");
    }
    hactl_print_done(g, what, message, version);
    return (a->wait_s > 0) ? hactl_wait_settled(what, a->wait_s)
                           : HACTL_EXIT_OK;
}

static int
property_get(const struct hactl_globals *g, const struct hactl_args *a)
{
    const char *name = a->argv[0];
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
        fprintf(stderr, "hactl: property get: property '%s' is not set\n",
                name);
        return HACTL_EXIT_NOT_FOUND;
    }
    if (g->json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "name");
        json_builder_add_string_value(b, name);
        json_builder_set_member_name(b, "value");
        json_builder_add_string_value(b, value);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
    } else {
        printf("%s\n", value);
    }
    return HACTL_EXIT_OK;
}

/* The properties set in @doc: name -> value (borrowed from @doc). */
static GHashTable *
properties_set(xmlDoc *doc)
{
    GHashTable *set = g_hash_table_new(g_str_hash, g_str_equal);
    xmlNode *crm = hactl_xml_section(doc, "crm_config");

    for (xmlNode *ps = ha_xml_first_child(crm, "cluster_property_set");
         ps != NULL; ps = ha_xml_next(ps, "cluster_property_set")) {
        for (xmlNode *nv = ha_xml_first_child(ps, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            const char *name = ha_xml_attr(nv, "name");

            if (name != NULL && !g_hash_table_contains(set, name)) {
                g_hash_table_insert(set, (char *) name,
                                    (char *) ha_xml_attr(nv, "value"));
            }
        }
    }
    return set;
}

static void
list_row(JsonBuilder *b, const char *name, const char *value,
         const char *dflt, gboolean is_set, const struct property_known *k)
{
    if (b == NULL) {
        printf("%-28s %s%s%s\n", name, value != NULL ? value : "",
               is_set ? "" : " (default)",
               (k == NULL) ? " (not a known option)"
                           : (k->used ? "" : " (ha ignores it)"));
        return;
    }
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "name");
    json_builder_add_string_value(b, name);
    json_builder_set_member_name(b, "value");
    json_builder_add_string_value(b, value);
    json_builder_set_member_name(b, "default");
    json_builder_add_string_value(b, dflt);
    json_builder_set_member_name(b, "set");
    json_builder_add_boolean_value(b, is_set);
    json_builder_set_member_name(b, "known");
    json_builder_add_boolean_value(b, k != NULL);
    json_builder_set_member_name(b, "used_by_ha");
    json_builder_add_boolean_value(b, k != NULL && k->used);
    json_builder_end_object(b);
}

static int
property_list(const struct hactl_globals *g, const struct hactl_args *a)
{
    gboolean all = hactl_arg_flag(a, "all");
    int code = HACTL_EXIT_OK;
    g_autoptr(xmlDoc) doc = hactl_config_read(NULL, &code);
    g_autoptr(GHashTable) set = NULL;
    g_autoptr(GList) names = NULL;
    g_autoptr(JsonBuilder) b = g->json ? json_builder_new() : NULL;

    if (doc == NULL) {
        return code;
    }
    set = properties_set(doc);
    if (all) {
        for (gsize i = 0; i < G_N_ELEMENTS(known); i++) {
            if (!g_hash_table_contains(set, known[i].name)) {
                g_hash_table_insert(set, (char *) known[i].name, NULL);
            }
        }
    }
    names = g_list_sort(g_hash_table_get_keys(set), (GCompareFunc) strcmp);
    if (b != NULL) {
        json_builder_begin_array(b);
    }
    for (GList *l = names; l != NULL; l = l->next) {
        const struct property_known *k = property_lookup(l->data);
        const char *value = g_hash_table_lookup(set, l->data);
        gboolean is_set = (value != NULL);
        const char *dflt = (k != NULL) ? k->dflt : NULL;

        if (is_set || dflt != NULL) {
            list_row(b, l->data, is_set ? value : dflt, dflt, is_set, k);
        }
    }
    if (b != NULL) {
        g_autoptr(JsonNode) root = NULL;

        json_builder_end_array(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
    } else if (g_hash_table_size(set) == 0) {
        printf("No cluster properties are set (all defaults; "
               "'hactl property list --all' shows them)\n");
    }
    return HACTL_EXIT_OK;
}

static const struct hactl_opt set_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "store a name that is not a known "
      "cluster option; needed to\nturn fencing off (stonith-enabled=false)" },
    { NULL },
};

static const struct hactl_opt list_opts[] = {
    { "all", HACTL_OPT_FLAG, NULL, "add every known option with its "
      "default and whether ha\nacts on it" },
    { NULL },
};

static const struct hactl_verb property_verbs[] = {
    { "set", "NAME=VALUE...", set_opts, property_change, HACTL_VERB_WAIT,
      "set cluster properties (also: set NAME VALUE)", NULL,
      "hactl property set stonith-enabled=true no-quorum-policy=stop" },
    { "unset", "NAME...", NULL, property_change, HACTL_VERB_WAIT,
      "remove properties (their defaults apply again)", NULL,
      "hactl property unset no-quorum-policy" },
    { "get", "NAME", NULL, property_get, 0, "print one property's value "
      "(exit 4 when not set)", NULL, "hactl property get stonith-enabled" },
    { "list", NULL, list_opts, property_list, 0, "the properties that are "
      "set", NULL, "hactl property list --all" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_property = {
    "property", "set, get, unset and list cluster properties",
    property_verbs, NULL,
};
