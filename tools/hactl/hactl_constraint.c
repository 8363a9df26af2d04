/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_constraint.c - `hactl constraint location|colocation|
 * order add ...` (plain, with a rule, with sets) and `constraint delete
 * ID`; `constraint list` is hactl_constraint_list.c.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "hactl.h"
#include "hactl_constraint.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

static const char constraint_usage_text[] =
    "Usage: hactl [--output json] constraint <verb> ...\n"
    "  location add ID RSC NODE SCORE        RSC prefers (or avoids) NODE\n"
    "  location add [ID] RSC --rule 'EXPR' [--score S | --score-attribute "
    "ATTR]\n"
    "            [--role Started|Promoted] [--id ID]\n"
    "                                        RSC prefers the nodes where "
    "EXPR holds\n"
    "  colocation add ID RSC WITH_RSC SCORE  RSC runs where WITH_RSC runs\n"
    "  colocation add --set 'RSC... [OPT=V...]' [--set ...]... [--score S] "
    "[--id ID]\n"
    "  order add ID FIRST[:ACTION] THEN[:ACTION] [--kind Mandatory|Optional|"
    "Serialize]\n"
    "            [--no-symmetrical]          THEN after FIRST\n"
    "  order add --set 'RSC... [OPT=V...]' [--set ...]... [--kind K] "
    "[--no-symmetrical] [--id ID]\n"
    "  delete ID\n"
    "  list\n"
    "SCORE: an integer, INFINITY, +INFINITY or -INFINITY (a rule's defaults "
    "to INFINITY).\n"
    "EXPR: conditions joined by 'and' or by 'or' (not both):\n"
    "  ATTR eq|ne|lt|lte|gt|gte [string|integer|number|version] VALUE,\n"
    "  defined ATTR, not_defined ATTR (node attributes, #uname included),\n"
    "  date gt DATE, date lt DATE, date in_range DATE to DATE "
    "(YYYY-MM-DD[THH:MM:SS], UTC),\n"
    "  date spec hours=9-17 weekdays=1-5 ... (also years months monthdays "
    "minutes seconds\n"
    "  yeardays weeks).\n"
    "Set options: colocation sequential=true|false role=Started|Promoted|"
    "Unpromoted score=S;\n"
    "  order sequential=true|false require-all=true|false action=start|stop|"
    "promote|demote\n"
    "  kind=Mandatory|Optional|Serialize.  Sets are ordered (and colocated "
    "with) the next set.\n"
    "Changes accept --wait[=SECONDS].\n"
    "Examples:\n"
    "  hactl constraint location add www-on-node1 www node1 50\n"
    "  hactl constraint location add www --rule 'pingd gt 0 and site eq "
    "east' --score 100\n"
    "  hactl constraint colocation add www-with-vip www vip INFINITY\n"
    "  hactl constraint colocation add --set 'vip www' --set 'db-clone "
    "role=Promoted'\n"
    "  hactl constraint order add vip-then-www vip www\n"
    "  hactl constraint order add --set 'a b sequential=false' --set 'c' "
    "--id ab-then-c\n";

struct cons {
    const char *kind;       /* rsc_location, rsc_colocation, rsc_order */
    const char *id;
    const char *a, *b, *c;  /* location: rsc node score; colocation: rsc
                             * with score; order: first then kind */
    gboolean no_symmetrical;
    const char *rule;       /* location --rule EXPR */
    const char *score;      /* --score (rules, sets) */
    const char *score_attribute;
    const char *role;
    GPtrArray *sets;        /* --set values */
};

static gboolean
is_resource(const xmlNode *n)
{
    return n != NULL && (ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
                         || ha_xml_is(n, "clone") || ha_xml_is(n, "master"));
}

/* Only promotable clones have a Promoted role to prefer nodes for. */
static gboolean
is_promotable(xmlNode *n)
{
    gboolean yes = FALSE;

    if (ha_xml_is(n, "master")) {
        return TRUE;
    }
    return ha_xml_is(n, "clone")
           && hactl_xml_nvpair_get(n, "meta_attributes", "promotable") != NULL
           && ha_bool_parse(hactl_xml_nvpair_get(n, "meta_attributes",
                                                 "promotable"), &yes) == 0
           && yes;
}

static int
need_rsc(xmlDoc *doc, const char *spec, char **ret_id, char **ret_action)
{
    const char *colon = strchr(spec, ':');

    *ret_id = g_strndup(spec, colon != NULL ? colon - spec : (long) strlen(spec));
    *ret_action = (colon != NULL) ? g_strdup(colon + 1) : NULL;
    if (!is_resource(hactl_xml_find_id(doc, *ret_id))) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", *ret_id);
    }
    return 0;
}

static int
edit_add(xmlDoc *doc, void *ud)
{
    const struct cons *c = ud;
    xmlNode *sec = hactl_xml_section(doc, "constraints");
    g_autofree char *r1 = NULL, *act1 = NULL, *r2 = NULL, *act2 = NULL;
    xmlNode *n;
    int rc;

    if (hactl_xml_find_id(doc, c->id) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", c->id);
    }
    rc = need_rsc(doc, c->a, &r1, &act1);
    if (rc == 0 && strcmp(c->kind, "rsc_location") != 0) {
        rc = need_rsc(doc, c->b, &r2, &act2);
    }
    if (rc < 0) {
        return rc;
    }
    n = hactl_xml_add(sec, c->kind, c->id);
    if (strcmp(c->kind, "rsc_location") == 0) {
        xmlSetProp(n, X("rsc"), X(r1));
        xmlSetProp(n, X("node"), X(c->b));
        xmlSetProp(n, X("score"), X(c->c));
    } else if (strcmp(c->kind, "rsc_colocation") == 0) {
        xmlSetProp(n, X("rsc"), X(r1));
        xmlSetProp(n, X("with-rsc"), X(r2));
        xmlSetProp(n, X("score"), X(c->c));
    } else {
        xmlSetProp(n, X("first"), X(r1));
        xmlSetProp(n, X("then"), X(r2));
        if (act1 != NULL) {
            xmlSetProp(n, X("first-action"), X(act1));
        }
        if (act2 != NULL) {
            xmlSetProp(n, X("then-action"), X(act2));
        }
        xmlSetProp(n, X("kind"), X(c->c != NULL ? c->c : "Mandatory"));
        if (c->no_symmetrical) {
            xmlSetProp(n, X("symmetrical"), X("false"));
        }
    }
    hactl_edit_say("Constraint '%s' added", c->id);
    return 0;
}

/* @base, or @base-1, @base-2 ... whichever is not taken (caller frees). */
static char *
unused_id(xmlDoc *doc, const char *base)
{
    char *id = g_strdup(base);

    for (int i = 1; hactl_xml_find_id(doc, id) != NULL; i++) {
        g_free(id);
        id = g_strdup_printf("%s-%d", base, i);
    }
    return id;
}

/* Every id in @n (resource references aside) must be new in @doc. */
static int
ids_free(xmlDoc *doc, const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");

    if (id != NULL && !ha_xml_is(n, "resource_ref")
        && hactl_xml_find_id(doc, id) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", id);
    }
    for (const xmlNode *c = ha_xml_first_child(n, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        int rc = ids_free(doc, c);

        if (rc < 0) {
            return rc;
        }
    }
    return 0;
}

static int
edit_add_rule(xmlDoc *doc, void *ud)
{
    const struct cons *c = ud;
    g_autofree char *base = g_strdup_printf("location-%s", c->a);
    g_autofree char *id = (c->id != NULL) ? g_strdup(c->id)
                                          : unused_id(doc, base);
    g_autofree char *rule_id = g_strdup_printf("%s-rule", id);
    xmlNode *rule = NULL;
    xmlNode *rsc;
    xmlNode *n;
    int rc;

    if (c->id != NULL && hactl_xml_find_id(doc, c->id) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", c->id);
    }
    rsc = hactl_xml_find_id(doc, c->a);
    if (!is_resource(rsc)) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", c->a);
    }
    if (g_strcmp0(c->role, "Promoted") == 0 && !is_promotable(rsc)) {
        return hactl_edit_error(-EINVAL, "role Promoted needs a promotable "
                                "clone, and '%s' is not one", c->a);
    }
    rc = hactl_rule_parse(c->rule, rule_id, &rule);
    if (rc < 0) {
        return rc;      /* checked before: not reached */
    }
    rc = ids_free(doc, rule);
    if (rc < 0) {
        xmlFreeNode(rule);
        return rc;
    }
    if (c->score_attribute != NULL) {
        xmlSetProp(rule, X("score-attribute"), X(c->score_attribute));
    } else {
        xmlSetProp(rule, X("score"), X(c->score != NULL ? c->score
                                                        : "INFINITY"));
    }
    if (c->role != NULL) {
        xmlSetProp(rule, X("role"), X(c->role));
    }
    n = hactl_xml_add(hactl_xml_section(doc, "constraints"), "rsc_location",
                      id);
    xmlSetProp(n, X("rsc"), X(c->a));
    (void) xmlAddChild(n, rule);
    hactl_edit_say("Constraint '%s' added", id);
    return 0;
}

/* The <resource_set>s of @c, checked against @doc, as children of @n. */
static int
add_sets(xmlDoc *doc, const struct cons *c, xmlNode *n, gboolean order)
{
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);

    for (guint i = 0; i < c->sets->len; i++) {
        g_autofree char *set_id = g_strdup_printf("%s-set-%u",
                                                  ha_xml_attr(n, "id"), i + 1);
        xmlNode *set = NULL;
        int rc = hactl_set_parse(c->sets->pdata[i], order, set_id, &set);

        if (rc < 0) {
            return rc;      /* checked before: not reached */
        }
        (void) xmlAddChild(n, set);
        rc = ids_free(doc, set);
        if (rc < 0) {
            return rc;
        }
        for (xmlNode *r = ha_xml_first_child(set, "resource_ref"); r != NULL;
             r = ha_xml_next(r, "resource_ref")) {
            const char *rsc = ha_xml_attr(r, "id");

            if (!is_resource(hactl_xml_find_id(doc, rsc))) {
                return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'",
                                        rsc);
            }
            if (!g_hash_table_add(seen, (gpointer) rsc)) {
                return hactl_edit_error(-EINVAL, "resource '%s' is in more "
                                        "than one place of the sets", rsc);
            }
        }
    }
    return 0;
}

/* "colocation-A-B-C" from the resources of the sets (caller frees). */
static char *
sets_id(xmlDoc *doc, const struct cons *c, const char *prefix)
{
    GString *base = g_string_new(prefix);

    for (guint i = 0; i < c->sets->len; i++) {
        g_auto(GStrv) words = g_strsplit_set(c->sets->pdata[i], " \t\n", -1);

        for (char **w = words; *w != NULL; w++) {
            if (**w != '\0' && strchr(*w, '=') == NULL) {
                g_string_append_printf(base, "-%s", *w);
            }
        }
    }
    {
        g_autofree char *b = g_string_free(base, FALSE);

        return unused_id(doc, b);
    }
}

static int
edit_add_sets(xmlDoc *doc, void *ud)
{
    const struct cons *c = ud;
    gboolean order = (strcmp(c->kind, "rsc_order") == 0);
    g_autofree char *id = NULL;
    xmlNode *n;
    int rc;

    if (c->id != NULL && hactl_xml_find_id(doc, c->id) != NULL) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", c->id);
    }
    id = (c->id != NULL) ? g_strdup(c->id)
                         : sets_id(doc, c, order ? "order" : "colocation");
    n = xmlNewNode(NULL, X(c->kind));
    xmlSetProp(n, X("id"), X(id));
    if (order) {
        xmlSetProp(n, X("kind"), X(c->c != NULL ? c->c : "Mandatory"));
        if (c->no_symmetrical) {
            xmlSetProp(n, X("symmetrical"), X("false"));
        }
    } else {
        xmlSetProp(n, X("score"), X(c->score != NULL ? c->score
                                                     : "INFINITY"));
    }
    rc = add_sets(doc, c, n, order);
    if (rc < 0) {
        xmlFreeNode(n);
        return rc;
    }
    (void) xmlAddChild(hactl_xml_section(doc, "constraints"), n);
    hactl_edit_say("Constraint '%s' added", id);
    return 0;
}

static int
edit_delete(xmlDoc *doc, void *ud)
{
    const char *id = ud;
    xmlNode *n = hactl_xml_find_id(doc, id);

    if (n == NULL || !g_str_has_prefix((const char *) n->name, "rsc_")
        || n->parent == NULL || !ha_xml_is(n->parent, "constraints")) {
        return hactl_edit_error(-HA_ENOTFOUND, "no constraint '%s'", id);
    }
    xmlUnlinkNode(n);
    xmlFreeNode(n);
    hactl_edit_say("Constraint '%s' deleted", id);
    return 0;
}

static gboolean
score_ok(const char *s)
{
    int v = 0;

    return ha_score_parse(s, &v) == 0;
}

static int
not_a_score(const char *s)
{
    fprintf(stderr, "hactl: '%s' is not a score (an integer, INFINITY, "
            "+INFINITY or -INFINITY)\n", s);
    return HACTL_EXIT_INVALID;
}

static int
id_ok(const char *id)
{
    if (id != NULL && !ha_id_valid(id)) {
        fprintf(stderr, "hactl: '%s' is not a valid id\n", id);
        return HACTL_EXIT_INVALID;
    }
    return HACTL_EXIT_OK;
}

/* `location add [ID] RSC --rule EXPR ...`: checked before hacd is asked. */
static int
add_rule(const struct hactl_globals *g, struct cons *c, double wait_s)
{
    xmlNode *probe = NULL;
    int rc;

    if (c->score != NULL && c->score_attribute != NULL) {
        fprintf(stderr, "hactl: constraint location add: --score or "
                "--score-attribute, not both\n");
        return HACTL_EXIT_USAGE;
    }
    if (c->score != NULL && !score_ok(c->score)) {
        return not_a_score(c->score);
    }
    if (c->role != NULL && (strcmp(c->role, "Unpromoted") == 0
                            || strcmp(c->role, "Stopped") == 0)) {
        fprintf(stderr, "hactl: constraint location add: a rule for role "
                "'%s' is not supported (the scheduler evaluates location "
                "rules for Started and Promoted only)\n", c->role);
        return HACTL_EXIT_UNSUPPORTED;
    }
    if (c->role != NULL && strcmp(c->role, "Started") != 0
        && strcmp(c->role, "Promoted") != 0) {
        fprintf(stderr, "hactl: constraint location add: --role is Started "
                "or Promoted, not '%s'\n", c->role);
        return HACTL_EXIT_INVALID;
    }
    if (id_ok(c->id) != HACTL_EXIT_OK) {
        return HACTL_EXIT_INVALID;
    }
    rc = hactl_rule_parse(c->rule, "probe", &probe);
    if (rc < 0) {
        return hactl_exit_from_rc(rc);
    }
    xmlFreeNode(probe);
    rc = hactl_edit(g, "constraint location add", edit_add_rule, c);
    return hactl_settled_after(rc, "constraint add", wait_s);
}

/* `colocation|order add --set ... [--set ...]`. */
static int
add_sets_cmd(const struct hactl_globals *g, struct cons *c, double wait_s)
{
    gboolean order = (strcmp(c->kind, "rsc_order") == 0);
    int rc;

    if (order && (c->score != NULL || c->role != NULL)) {
        fprintf(stderr, "hactl: constraint order add: %s is for colocations "
                "(orders take --kind)\n", c->score != NULL ? "--score"
                                                           : "--role");
        return HACTL_EXIT_USAGE;
    }
    if (!order && (c->c != NULL || c->no_symmetrical || c->role != NULL)) {
        fprintf(stderr, "hactl: constraint colocation add: --kind, "
                "--no-symmetrical and --role are not for colocations "
                "(roles go into a set: role=Promoted)\n");
        return HACTL_EXIT_USAGE;
    }
    if (c->score != NULL && !score_ok(c->score)) {
        return not_a_score(c->score);
    }
    if (id_ok(c->id) != HACTL_EXIT_OK) {
        return HACTL_EXIT_INVALID;
    }
    for (guint i = 0; i < c->sets->len; i++) {
        xmlNode *probe = NULL;

        rc = hactl_set_parse(c->sets->pdata[i], order, "probe", &probe);
        if (rc < 0) {
            return hactl_exit_from_rc(rc);
        }
        xmlFreeNode(probe);
    }
    rc = hactl_edit(g, order ? "constraint order add"
                             : "constraint colocation add",
                    edit_add_sets, c);
    return hactl_settled_after(rc, "constraint add", wait_s);
}

/* The positional forms: `location|colocation ID RSC X SCORE`, `order ID
 * FIRST THEN`; @args starts at the type. */
static int
add_plain(const struct hactl_globals *g, struct cons *c, GPtrArray *args,
          double wait_s)
{
    const char *type = args->pdata[0];
    int rc;

    if ((strcmp(type, "location") == 0 || strcmp(type, "colocation") == 0)
        && args->len == 6) {
        c->kind = (strcmp(type, "location") == 0) ? "rsc_location"
                                                  : "rsc_colocation";
        c->id = args->pdata[2];
        c->a = args->pdata[3];
        c->b = args->pdata[4];
        c->c = args->pdata[5];
        if (!score_ok(c->c)) {
            return not_a_score(c->c);
        }
    } else if (strcmp(type, "order") == 0 && args->len == 5) {
        c->kind = "rsc_order";
        c->id = args->pdata[2];
        c->a = args->pdata[3];
        c->b = args->pdata[4];
    } else {
        fputs(constraint_usage_text, stderr);
        return HACTL_EXIT_USAGE;
    }
    if (id_ok(c->id) != HACTL_EXIT_OK || c->id == NULL) {
        return HACTL_EXIT_INVALID;
    }
    rc = hactl_edit(g, "constraint add", edit_add, c);
    return hactl_settled_after(rc, "constraint add", wait_s);
}

static int
add(const struct hactl_globals *g, struct cons *c, GPtrArray *args,
    double wait_s)
{
    const char *type = args->pdata[0];
    gboolean sets = (c->sets->len > 0);
    gboolean extra = (c->score != NULL || c->score_attribute != NULL
                      || c->role != NULL || c->id != NULL);

    if (c->c != NULL && strcmp(c->c, "Mandatory") != 0
        && strcmp(c->c, "Optional") != 0 && strcmp(c->c, "Serialize") != 0) {
        fprintf(stderr, "hactl: --kind is Mandatory, Optional or "
                "Serialize\n");
        return HACTL_EXIT_INVALID;
    }
    if (strcmp(type, "location") == 0 && c->rule != NULL && !sets
        && (args->len == 3 || args->len == 4)) {
        if (args->len == 4 && c->id != NULL) {
            fprintf(stderr, "hactl: constraint location add: the id is "
                    "given twice ('%s' and --id %s)\n",
                    (const char *) args->pdata[2], c->id);
            return HACTL_EXIT_USAGE;
        }
        c->kind = "rsc_location";
        c->id = (args->len == 4) ? args->pdata[2] : c->id;
        c->a = args->pdata[args->len - 1];
        return add_rule(g, c, wait_s);
    }
    if ((strcmp(type, "colocation") == 0 || strcmp(type, "order") == 0)
        && sets && c->rule == NULL && c->score_attribute == NULL
        && args->len == 2) {
        c->kind = (strcmp(type, "order") == 0) ? "rsc_order"
                                               : "rsc_colocation";
        return add_sets_cmd(g, c, wait_s);
    }
    if (sets || c->rule != NULL || extra) {
        fprintf(stderr, "hactl: constraint %s add: --rule, --score-attribute "
                "and --role are for location rules, --set for colocation "
                "and order; see 'hactl constraint --help'\n", type);
        return HACTL_EXIT_USAGE;
    }
    return add_plain(g, c, args, wait_s);
}

/* Options that take a value; 1 if @arg was one (*i advanced). */
static int
value_option(struct cons *c, int argc, char **argv, int *i)
{
    static const char *const names[] = { "--kind", "--rule", "--score",
                                         "--score-attribute", "--role",
                                         "--set", "--id" };
    const char *arg = argv[*i];
    const char *v;

    if (*i + 1 >= argc) {
        return 0;
    }
    for (guint k = 0; k < G_N_ELEMENTS(names); k++) {
        if (strcmp(arg, names[k]) == 0) {
            break;
        }
        if (k == G_N_ELEMENTS(names) - 1) {
            return 0;
        }
    }
    v = argv[++*i];
    if (strcmp(arg, "--kind") == 0) {
        c->c = v;
    } else if (strcmp(arg, "--rule") == 0) {
        c->rule = v;
    } else if (strcmp(arg, "--score") == 0) {
        c->score = v;
    } else if (strcmp(arg, "--score-attribute") == 0) {
        c->score_attribute = v;
    } else if (strcmp(arg, "--role") == 0) {
        c->role = v;
    } else if (strcmp(arg, "--set") == 0) {
        g_ptr_array_add(c->sets, (gpointer) v);
    } else {
        c->id = v;
    }
    return 1;
}

int
ha_hactl_cmd_constraint(const struct hactl_globals *g, int argc, char **argv)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autoptr(GPtrArray) sets = g_ptr_array_new();
    struct cons c = { .sets = sets };
    double wait_s = 0;
    int rc;

    for (int i = 1; i < argc; i++) {
        int w = hactl_parse_wait(argv[i], &wait_s);

        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(constraint_usage_text, stdout);
            return HACTL_EXIT_OK;
        } else if (w < 0) {
            fprintf(stderr, "hactl: bad %s\n", argv[i]);
            return HACTL_EXIT_USAGE;
        } else if (w == 0 && value_option(&c, argc, argv, &i) == 1) {
            continue;
        } else if (w == 0 && strcmp(argv[i], "--no-symmetrical") == 0) {
            c.no_symmetrical = TRUE;
        } else if (w == 0) {
            g_ptr_array_add(args, argv[i]);
        }
    }
#define ARG(i) ((const char *) args->pdata[i])
    if (args->len == 1 && strcmp(ARG(0), "list") == 0) {
        return hactl_constraint_list(g);
    }
    if (args->len == 2 && strcmp(ARG(0), "delete") == 0) {
        rc = hactl_edit(g, "constraint delete", edit_delete, (gpointer) ARG(1));
        return hactl_settled_after(rc, "constraint delete", wait_s);
    }
    if (args->len >= 2 && strcmp(ARG(1), "add") == 0) {
        return add(g, &c, args, wait_s);
    }
#undef ARG
    fputs(constraint_usage_text, stderr);
    return HACTL_EXIT_USAGE;
}
