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
#include "hactl_cli.h"
#include "hactl_constraint.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

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
        fprintf(stderr, "hactl: constraint %s add: bad command line\n",
                type);
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

/* `TYPE add ...`: the options into @c, the words as add() takes them */
static int
constraint_add(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) args = g_ptr_array_new();
    g_autoptr(GPtrArray) sets = g_ptr_array_new();
    g_autofree char *type = g_strndup(a->verb->name,
                                      strcspn(a->verb->name, " "));
    struct cons c = {
        .sets = sets, .c = hactl_arg_value(a, "kind"),
        .rule = hactl_arg_value(a, "rule"),
        .score = hactl_arg_value(a, "score"),
        .score_attribute = hactl_arg_value(a, "score-attribute"),
        .role = hactl_arg_value(a, "role"), .id = hactl_arg_value(a, "id"),
        .no_symmetrical = hactl_arg_flag(a, "no-symmetrical"),
    };
    int code;

    for (const char *const *s = hactl_arg_list(a, "set"); *s; s++) {
        g_ptr_array_add(sets, (gpointer) *s);
    }
    g_ptr_array_add(args, type);
    g_ptr_array_add(args, (gpointer) "add");
    for (int i = 0; i < a->argc; i++) {
        g_ptr_array_add(args, a->argv[i]);
    }
    code = add(g, &c, args, a->wait_s);
    if (code == HACTL_EXIT_USAGE) {
        hactl_help_usage_line(stderr, &hactl_noun_constraint, a->verb);
    }
    return code;
}

static int
constraint_delete(const struct hactl_globals *g, const struct hactl_args *a)
{
    int rc = hactl_edit(g, "constraint delete", edit_delete,
                        (gpointer) a->argv[0]);

    return hactl_settled_after(rc, "constraint delete", a->wait_s);
}

static int
constraint_list(const struct hactl_globals *g, const struct hactl_args *a)
{
    (void) a;
    return hactl_constraint_list(g);
}

#define OPT_ID { "id", HACTL_OPT_VALUE, "ID", "the constraint's id" }
#define OPT_SET { "set", HACTL_OPT_LIST, "'RSC... [OPT=V...]'", "a resource " \
                  "set (repeatable; each set goes with the next)" }
#define OPT_SCORE { "score", HACTL_OPT_VALUE, "S", "the score (default " \
                    "INFINITY)" }

static const struct hactl_opt location_opts[] = {
    { "rule", HACTL_OPT_VALUE, "'EXPR'", "RSC prefers the nodes where EXPR "
      "holds (instead of NODE SCORE)" },
    OPT_SCORE,
    { "score-attribute", HACTL_OPT_VALUE, "ATTR", "the score is the node "
      "attribute ATTR" },
    { "role", HACTL_OPT_VALUE, "Started|Promoted", "the role the rule is "
      "for", HACTL_OPT_HANDLER_CHECKS },
    OPT_ID,
    { NULL },
};

static const struct hactl_opt colocation_opts[] = {
    OPT_SET, OPT_SCORE, OPT_ID,
    { NULL },
};

static const struct hactl_opt order_opts[] = {
    { "kind", HACTL_OPT_VALUE, "Mandatory|Optional|Serialize", "how strict "
      "the order is (default Mandatory)", HACTL_OPT_HANDLER_CHECKS },
    { "no-symmetrical", HACTL_OPT_FLAG, NULL, "do not stop them in the "
      "reverse order" },
    OPT_SET, OPT_ID,
    { NULL },
};

#define SCORE_HELP "SCORE: an integer, INFINITY, +INFINITY or -INFINITY."
#define RULE_HELP \
    SCORE_HELP "  A rule's score defaults to INFINITY.\n" \
    "EXPR: conditions joined by 'and' or by 'or' (not both):\n" \
    "  ATTR eq|ne|lt|lte|gt|gte [string|integer|number|version] VALUE,\n" \
    "  defined ATTR, not_defined ATTR (node attributes, #uname included),\n" \
    "  date gt DATE, date lt DATE, date in_range DATE to DATE\n" \
    "  (YYYY-MM-DD[THH:MM:SS], UTC), date spec hours=9-17 weekdays=1-5 ...\n" \
    "  (also years months monthdays minutes seconds yeardays weeks)."
#define SET_HELP(opts) \
    "With --set instead of the arguments: sets are ordered (and colocated\n" \
    "with) the next set.  Set options: " opts "."

static const struct hactl_verb constraint_verbs[] = {
    { "location add", "[ID] RSC [NODE SCORE]", location_opts, constraint_add,
      HACTL_VERB_WAIT, "RSC prefers (or avoids) NODE, or the nodes where "
      "EXPR holds", "ID RSC NODE SCORE, or [ID] RSC --rule 'EXPR'.\n"
      RULE_HELP, "hactl constraint location add www-on-node1 www node1 50\n"
      "hactl constraint location add www --rule 'pingd gt 0 and site eq "
      "east' --score 100" },
    { "colocation add", "[ID RSC WITH_RSC SCORE]", colocation_opts,
      constraint_add, HACTL_VERB_WAIT, "RSC runs where WITH_RSC runs",
      SCORE_HELP "\n" SET_HELP("sequential=true|false\nrole=Started|"
                                "Promoted|Unpromoted score=S"),
      "hactl constraint colocation add www-with-vip www vip INFINITY\n"
      "hactl constraint colocation add --set 'vip www' --set 'db-clone "
      "role=Promoted'" },
    { "order add", "[ID FIRST[:ACTION] THEN[:ACTION]]", order_opts,
      constraint_add, HACTL_VERB_WAIT, "THEN after FIRST",
      SET_HELP("sequential=true|false\nrequire-all=true|false "
               "action=start|stop|promote|demote\n"
               "kind=Mandatory|Optional|Serialize"),
      "hactl constraint order add vip-then-www vip www\n"
      "hactl constraint order add --set 'a b sequential=false' --set 'c' "
      "--id ab-then-c" },
    { "delete", "ID", NULL, constraint_delete, HACTL_VERB_WAIT, "delete a "
      "constraint", NULL, "hactl constraint delete www-on-node1" },
    { "list", NULL, NULL, constraint_list, 0, "every constraint", NULL,
      "hactl constraint list" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_constraint = {
    "constraint", "location, colocation and order constraints",
    constraint_verbs, NULL,
};
