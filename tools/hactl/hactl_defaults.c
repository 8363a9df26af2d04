/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_defaults.c - `hactl defaults resource|op set K=V... |
 * unset K... | list` and `hactl defaults list`: the meta attributes every
 * resource (rsc_defaults) or operation (op_defaults) has unless it sets
 * its own.  Names are checked against the known meta attributes (--force
 * takes others), values against their type.  Changes accept --wait.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "hactl_cli.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

enum value_type { V_ANY, V_SCORE, V_BOOL, V_DURATION, V_ENUM };

struct known_meta {
    const char *name;
    enum value_type type;
    const char *choices;    /* V_ENUM: "a|b|c" */
};

static const struct known_meta rsc_metas[] = {
    { "resource-stickiness", V_SCORE, NULL },
    { "migration-threshold", V_SCORE, NULL },
    { "failure-timeout", V_DURATION, NULL },
    { "target-role", V_ENUM, "Started|Stopped|Promoted|Unpromoted|Master|"
      "Slave" },
    { "is-managed", V_BOOL, NULL },
    { "maintenance", V_BOOL, NULL },
    { "priority", V_SCORE, NULL },
    { "multiple-active", V_ENUM, "block|stop_only|stop_start|"
      "stop_unexpected" },
    { "allow-migrate", V_BOOL, NULL },
    { "requires", V_ENUM, "nothing|quorum|fencing|unfencing" },
    { "critical", V_BOOL, NULL },
    { "allow-unhealthy-nodes", V_BOOL, NULL },
    { "globally-unique", V_BOOL, NULL },
    { "interleave", V_BOOL, NULL },
    { "notify", V_BOOL, NULL },
    { "ordered", V_BOOL, NULL },
};

static const struct known_meta op_metas[] = {
    { "timeout", V_DURATION, NULL },
    { "interval", V_DURATION, NULL },
    { "start-delay", V_DURATION, NULL },
    { "interval-origin", V_ANY, NULL },
    { "on-fail", V_ENUM, "ignore|block|demote|stop|restart|standby|fence|"
      "restart-container" },
    { "record-pending", V_BOOL, NULL },
    { "enabled", V_BOOL, NULL },
};

struct kind {
    const char *word;       /* on the command line */
    const char *section;    /* the CIB element */
    const char *title;      /* in list */
    const struct known_meta *known;
    guint n_known;
};

static const struct kind kinds[] = {
    { "resource", "rsc_defaults", "Resource defaults", rsc_metas,
      G_N_ELEMENTS(rsc_metas) },
    { "op", "op_defaults", "Operation defaults", op_metas,
      G_N_ELEMENTS(op_metas) },
};

struct defaults_req {
    const struct kind *kind;
    GPtrArray *items;       /* set: "k=v"; unset: "k" */
};

static const struct known_meta *
known(const struct kind *k, const char *name)
{
    for (guint i = 0; i < k->n_known; i++) {
        if (strcmp(k->known[i].name, name) == 0) {
            return &k->known[i];
        }
    }
    return NULL;
}

static gboolean
one_of(const char *choices, const char *v)
{
    g_auto(GStrv) c = g_strsplit(choices, "|", -1);

    for (char **p = c; *p != NULL; p++) {
        if (g_ascii_strcasecmp(*p, v) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Is @v a @m value?  If not, print why and return FALSE. */
static gboolean
value_ok(const struct kind *k, const struct known_meta *m, const char *v)
{
    int score = 0;
    gboolean b = FALSE;
    guint64 ms = 0;

    switch (m->type) {
    case V_SCORE:
        if (ha_score_parse(v, &score) == 0) {
            return TRUE;
        }
        fprintf(stderr, "hactl: defaults %s set: %s: '%s' is not a score "
                "(an integer, INFINITY, +INFINITY or -INFINITY)\n", k->word,
                m->name, v);
        return FALSE;
    case V_BOOL:
        if (ha_bool_parse(v, &b) == 0) {
            return TRUE;
        }
        fprintf(stderr, "hactl: defaults %s set: %s: '%s' is not a boolean "
                "(true or false)\n", k->word, m->name, v);
        return FALSE;
    case V_DURATION:
        if (ha_duration_parse_ms(v, &ms) == 0) {
            return TRUE;
        }
        fprintf(stderr, "hactl: defaults %s set: %s: '%s' is not a duration "
                "(10s, 500ms, 1min)\n", k->word, m->name, v);
        return FALSE;
    case V_ENUM:
        if (one_of(m->choices, v)) {
            return TRUE;
        }
        fprintf(stderr, "hactl: defaults %s set: %s is one of %s, not '%s'\n",
                k->word, m->name, m->choices, v);
        return FALSE;
    case V_ANY:
    default:
        return TRUE;
    }
}

/* configuration/@name, or NULL (not created). */
static xmlNode *
section_if_any(xmlDoc *doc, const char *name)
{
    xmlNode *cfg = ha_xml_first_child(xmlDocGetRootElement(doc),
                                      "configuration");

    return (cfg != NULL) ? ha_xml_first_child(cfg, name) : NULL;
}

/* The set the commands edit: the first meta_attributes without a rule. */
static xmlNode *
plain_set(xmlNode *sec)
{
    for (xmlNode *s = ha_xml_first_child(sec, "meta_attributes"); s != NULL;
         s = ha_xml_next(s, "meta_attributes")) {
        if (ha_xml_first_child(s, "rule") == NULL) {
            return s;
        }
    }
    return NULL;
}

static xmlNode *
nvpair_in(xmlNode *set, const char *name)
{
    for (xmlNode *nv = ha_xml_first_child(set, "nvpair"); nv != NULL;
         nv = ha_xml_next(nv, "nvpair")) {
        if (g_strcmp0(ha_xml_attr(nv, "name"), name) == 0) {
            return nv;
        }
    }
    return NULL;
}

/* The section with its plain set, both created when missing (the section
 * after crm_config and rsc_defaults, where Pacemaker keeps it). */
static xmlNode *
set_for_write(xmlDoc *doc, const struct kind *k)
{
    xmlNode *sec = section_if_any(doc, k->section);
    xmlNode *set;
    g_autofree char *id = NULL;

    if (sec == NULL) {
        xmlNode *cfg = ha_xml_first_child(xmlDocGetRootElement(doc),
                                          "configuration");
        xmlNode *after = (cfg != NULL)
                         ? ha_xml_first_child(cfg, "rsc_defaults") : NULL;

        if (after == NULL && cfg != NULL) {
            after = ha_xml_first_child(cfg, "crm_config");
        }

        if (after != NULL) {
            sec = xmlNewNode(NULL, X(k->section));
            xmlAddNextSibling(after, sec);
        } else {
            sec = hactl_xml_section(doc, k->section);
        }
    }
    set = plain_set(sec);
    if (set != NULL) {
        return set;
    }
    id = g_strconcat(k->section, "-meta_attributes", NULL);
    for (int i = 1; hactl_xml_find_id(doc, id) != NULL; i++) {
        g_free(id);
        id = g_strdup_printf("%s-meta_attributes-%d", k->section, i);
    }
    return hactl_xml_add(sec, "meta_attributes", id);
}

static int
edit_set(xmlDoc *doc, void *ud)
{
    const struct defaults_req *r = ud;
    xmlNode *set = set_for_write(doc, r->kind);
    g_autoptr(GString) names = g_string_new(NULL);

    for (guint i = 0; i < r->items->len; i++) {
        const char *kv = r->items->pdata[i];
        const char *eq = strchr(kv, '=');
        g_autofree char *k = g_strndup(kv, eq - kv);
        xmlNode *nv = nvpair_in(set, k);

        if (nv == NULL) {
            g_autofree char *id = g_strdup_printf("%s-%s",
                                                  ha_xml_attr(set, "id"), k);

            for (int n = 1; hactl_xml_find_id(doc, id) != NULL; n++) {
                g_free(id);
                id = g_strdup_printf("%s-%s-%d", ha_xml_attr(set, "id"), k, n);
            }
            nv = hactl_xml_add(set, "nvpair", id);
            xmlSetProp(nv, X("name"), X(k));
        }
        xmlSetProp(nv, X("value"), X(eq + 1));
        g_string_append_printf(names, "%s%s", i > 0 ? ", " : "", kv);
    }
    hactl_edit_say("%s set: %s", r->kind->title, names->str);
    return 0;
}

static int
edit_unset(xmlDoc *doc, void *ud)
{
    const struct defaults_req *r = ud;
    xmlNode *sec = section_if_any(doc, r->kind->section);
    xmlNode *set = (sec != NULL) ? plain_set(sec) : NULL;
    g_autoptr(GString) names = g_string_new(NULL);

    for (guint i = 0; i < r->items->len; i++) {
        const char *k = r->items->pdata[i];
        xmlNode *nv = (set != NULL) ? nvpair_in(set, k) : NULL;

        if (nv == NULL) {
            return hactl_edit_error(-HA_ENOTFOUND, "no %s default '%s' is set",
                                    r->kind->word, k);
        }
        xmlUnlinkNode(nv);
        xmlFreeNode(nv);
        g_string_append_printf(names, "%s%s", i > 0 ? ", " : "", k);
    }
    if (set != NULL && ha_xml_first_child(set, NULL) == NULL) {
        xmlUnlinkNode(set);     /* an empty set says nothing */
        xmlFreeNode(set);
    }
    if (sec != NULL && ha_xml_first_child(sec, NULL) == NULL) {
        xmlUnlinkNode(sec);
        xmlFreeNode(sec);
    }
    hactl_edit_say("%s unset: %s", r->kind->title, names->str);
    return 0;
}

/* ---- list ---- */

/* Every nvpair of the kind's plain sets, in order; a set with a rule is
 * listed too, marked, since it applies only when its rule holds. */
static void
list_kind(const struct hactl_globals *g, xmlDoc *doc, const struct kind *k,
          JsonBuilder *b)
{
    xmlNode *sec = section_if_any(doc, k->section);
    guint n = 0;

    if (g->json) {
        json_builder_set_member_name(b, k->word);
        json_builder_begin_object(b);
    } else {
        printf("%s:\n", k->title);
    }
    for (xmlNode *s = ha_xml_first_child(sec, "meta_attributes");
         sec != NULL && s != NULL; s = ha_xml_next(s, "meta_attributes")) {
        gboolean ruled = (ha_xml_first_child(s, "rule") != NULL);

        for (xmlNode *nv = ha_xml_first_child(s, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            if (g->json && !ruled) {
                json_builder_set_member_name(b, ha_xml_attr(nv, "name"));
                json_builder_add_string_value(b, ha_xml_attr(nv, "value"));
            } else if (!g->json) {
                printf("  %s=%s%s%s%s\n", ha_xml_attr(nv, "name"),
                       ha_xml_attr(nv, "value"), ruled ? " (when the rule of "
                       : "", ruled ? ha_xml_attr(s, "id") : "",
                       ruled ? " holds)" : "");
            }
            n++;
        }
    }
    if (g->json) {
        json_builder_end_object(b);
    } else if (n == 0) {
        printf("  (none)\n");
    }
}

static int
list(const struct hactl_globals *g, const struct kind *only)
{
    int code = 0;
    g_autoptr(xmlDoc) doc = hactl_config_read(NULL, &code);
    g_autoptr(JsonBuilder) b = json_builder_new();

    if (doc == NULL) {
        return code;
    }
    json_builder_begin_object(b);
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (only == NULL || only == &kinds[i]) {
            list_kind(g, doc, &kinds[i], b);
        }
    }
    json_builder_end_object(b);
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    }
    return HACTL_EXIT_OK;
}

/* ---- the command line ---- */

/* "did you mean" among the known names of @k */
static void
say_known(const struct kind *k, const char *name)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new();

    for (gsize i = 0; i < k->n_known; i++) {
        g_ptr_array_add(names, (char *) k->known[i].name);
    }
    g_ptr_array_add(names, NULL);
    hactl_say_did_you_mean(name, (const char *const *) names->pdata);
}

/* Check set's K=V items (names unless @force, values always). */
static int
check_set(const struct kind *k, GPtrArray *items, gboolean force)
{
    for (guint i = 0; i < items->len; i++) {
        const char *kv = items->pdata[i];
        const char *eq = strchr(kv, '=');
        g_autofree char *name = (eq != NULL) ? g_strndup(kv, eq - kv) : NULL;
        const struct known_meta *m = (name != NULL) ? known(k, name) : NULL;

        if (name == NULL || !ha_id_valid(name)) {
            fprintf(stderr, "hactl: defaults %s set: bad NAME=VALUE '%s'\n",
                    k->word, kv);
            return HACTL_EXIT_INVALID;
        }
        if (eq[1] == '\0') {
            fprintf(stderr, "hactl: defaults %s set: '%s' has no value (to "
                    "remove a default: hactl defaults %s unset %s)\n",
                    k->word, kv, k->word, name);
            return HACTL_EXIT_INVALID;
        }
        if (m == NULL && !force) {
            fprintf(stderr, "hactl: defaults %s set: '%s' is not a known %s "
                    "meta attribute (--force sets it anyway)\n", k->word,
                    name, strcmp(k->word, "op") == 0 ? "operation"
                                                     : "resource");
            say_known(k, name);
            return HACTL_EXIT_INVALID;
        }
        if (m != NULL && !value_ok(k, m, eq + 1)) {
            return HACTL_EXIT_INVALID;
        }
    }
    return HACTL_EXIT_OK;
}

/* The kind a verb works on: its first word ("resource set"). */
static const struct kind *
kind_of(const struct hactl_args *a)
{
    for (guint i = 0; i < G_N_ELEMENTS(kinds); i++) {
        if (g_str_has_prefix(a->verb->name, kinds[i].word)
            && a->verb->name[strlen(kinds[i].word)] == ' ') {
            return &kinds[i];
        }
    }
    return NULL;
}

static int
defaults_list(const struct hactl_globals *g, const struct hactl_args *a)
{
    return list(g, kind_of(a));
}

/* set and unset */
static int
defaults_change(const struct hactl_globals *g, const struct hactl_args *a)
{
    g_autoptr(GPtrArray) items = g_ptr_array_new();
    struct defaults_req r = { .kind = kind_of(a), .items = items };
    gboolean set = g_str_has_suffix(a->verb->name, " set");
    g_autofree char *what = g_strdup_printf("defaults %s", a->verb->name);
    int code = HACTL_EXIT_OK;

    for (int i = 0; i < a->argc; i++) {
        g_ptr_array_add(items, a->argv[i]);
    }
    if (set) {
        code = check_set(r.kind, items, hactl_arg_flag(a, "force"));
    }
    if (code == HACTL_EXIT_OK) {
        code = hactl_edit(g, what, set ? edit_set : edit_unset, &r);
    }
    return hactl_settled_after(code, what, a->wait_s);
}

static const struct hactl_opt set_opts[] = {
    { "force", HACTL_OPT_FLAG, NULL, "set a name that is not a known meta "
      "attribute" },
    { NULL },
};

static const struct hactl_verb defaults_verbs[] = {
    { "resource set", "NAME=VALUE...", set_opts, defaults_change,
      HACTL_VERB_WAIT, "defaults of every resource (rsc_defaults)", NULL,
      "hactl defaults resource set resource-stickiness=100 "
      "migration-threshold=3" },
    { "resource unset", "NAME...", NULL, defaults_change, HACTL_VERB_WAIT,
      "remove resource defaults", NULL,
      "hactl defaults resource unset resource-stickiness" },
    { "resource list", NULL, NULL, defaults_list, 0, "the resource "
      "defaults", NULL, "hactl defaults resource list" },
    { "op set", "NAME=VALUE...", set_opts, defaults_change, HACTL_VERB_WAIT,
      "defaults of every operation (op_defaults)", NULL,
      "hactl defaults op set timeout=60s" },
    { "op unset", "NAME...", NULL, defaults_change, HACTL_VERB_WAIT,
      "remove operation defaults", NULL, "hactl defaults op unset timeout" },
    { "op list", NULL, NULL, defaults_list, 0, "the operation defaults",
      NULL, "hactl defaults op list" },
    { "list", NULL, NULL, defaults_list, 0, "both", NULL,
      "hactl defaults list" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_defaults = {
    "defaults", "resource and operation defaults (rsc_defaults, "
    "op_defaults)", defaults_verbs, "Unknown names are refused unless "
    "--force.",
};
