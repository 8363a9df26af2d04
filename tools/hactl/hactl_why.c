/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_why.c - `hactl why RESOURCE [NODE]`: where a resource
 * runs and why, and why not elsewhere.
 *
 *   hactl why [--xml-file CIB] [-t DATE] RESOURCE [NODE]
 *
 * The scheduler runs here, with its score breakdown, on the input hacd's
 * scheduler reads now (HA_IPC_HACD_SCHED_INPUT: configuration + status and
 * hacd's "now") or, offline, on a CIB file like `hactl simulate`.  A group
 * or a clone is explained member by member (instance by instance); a
 * primitive inside a clone by its instances.
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/results.h"
#include "common/strings.h"
#include "hactl_cli.h"
#include "hactl_why.h"
#include "ipc/ipc_hacd.h"
#include "store/store_model.h"

struct why_opts {
    char *xml_file;
    char *date;
    const char *rsc;
    const char *node;
};

static int
model_fail(const char *what, int rc, const char *err)
{
    fprintf(stderr, "hactl why: %s: %s\n", what,
            (err != NULL) ? err : ha_strerror(rc));
    return (rc == -HA_EBADXML || rc == -HA_EINVALCONF)
           ? HACTL_EXIT_INVALID : hactl_exit_from_rc(rc);
}

/* The model and "now": from the file, or from hacd. */
static int
load_input(const struct why_opts *o, ha_store_model_t **ret_model,
           gint64 *ret_now)
{
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *err = NULL;
    const char *xml = NULL;
    gint64 now = 0;
    int rc;

    if (o->xml_file != NULL) {
        *ret_now = (gint64) time(NULL);
        if (o->date != NULL && ha_store_date_parse(o->date, ret_now) < 0) {
            fprintf(stderr, "hactl why: invalid date '%s'\n", o->date);
            return HACTL_EXIT_USAGE;
        }
        rc = ha_store_model_parse_file(o->xml_file, ret_model, &err);
        if (rc < 0) {
            return model_fail(o->xml_file, rc, err);
        }
        if (o->date == NULL && (*ret_model)->execution_date > 0) {
            *ret_now = (*ret_model)->execution_date;
        }
        return HACTL_EXIT_OK;
    }
    rc = hactl_hacd_call(HA_IPC_HACD_SCHED_INPUT, g_variant_new("()"),
                         HA_IPC_HACD_SCHED_INPUT_REPLY, FALSE, &reply);
    if (rc < 0) {
        return hactl_hacd_fail(rc, "why");
    }
    g_variant_get(reply, "(x&s)", &now, &xml);
    rc = ha_store_model_parse_memory(xml, strlen(xml), ret_model, &err);
    if (rc < 0) {
        return model_fail("the cluster's state", rc, err);
    }
    *ret_now = now;
    return HACTL_EXIT_OK;
}

/* The primitives to explain for @id: itself, its members or instances
 * (depth first), or the instances of a cloned primitive ("id:N"). */
static void
collect(const ha_sched_result_t *res, guint r, GArray *out)
{
    if (res->rscs[r].kind == HA_SCHED_PRIMITIVE) {
        g_array_append_val(out, r);
        return;
    }
    for (guint i = 0; i < res->rscs[r].n_children; i++) {
        collect(res, res->rscs[r].children[i], out);
    }
}

static GArray *
find_primitives(const ha_sched_result_t *res, const char *id)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
    gsize len = strlen(id);

    for (guint r = 0; r < res->n_rscs; r++) {
        if (strcmp(res->rscs[r].id, id) == 0) {
            collect(res, r, out);
            return out;
        }
    }
    for (guint r = 0; r < res->n_rscs; r++) {
        const char *rid = res->rscs[r].id;

        if (strncmp(rid, id, len) == 0 && rid[len] == ':'
            && res->rscs[r].kind == HA_SCHED_PRIMITIVE) {
            g_array_append_val(out, r);
        }
    }
    return out;
}

static guint
find_node(const ha_sched_result_t *res, const char *name)
{
    for (guint n = 0; n < res->n_nodes; n++) {
        if (strcmp(res->nodes[n].name, name) == 0) {
            return n;
        }
    }
    return HA_MODEL_NONE;
}

/* ---- JSON ---- */

static void
json_node_or_null(JsonBuilder *b, const ha_sched_result_t *res, guint node)
{
    if (node == HA_MODEL_NONE) {
        json_builder_add_null_value(b);
    } else {
        json_builder_add_string_value(b, res->nodes[node].name);
    }
}

static void
json_string_or_null(JsonBuilder *b, const char *s)
{
    if (s == NULL) {
        json_builder_add_null_value(b);
    } else {
        json_builder_add_string_value(b, s);
    }
}

static void
json_contrib(JsonBuilder *b, const ha_sched_result_t *res, guint rsc,
             guint node, const struct ha_sched_contrib *c)
{
    g_autofree char *text = hactl_why_contrib_text(res, rsc, node, c);

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "kind");
    json_builder_add_string_value(b, ha_sched_contrib_kind_name(c->kind));
    json_builder_set_member_name(b, "source");
    json_string_or_null(b, c->source);
    json_builder_set_member_name(b, "value");
    json_builder_add_int_value(b, c->value);
    json_builder_set_member_name(b, "note");
    json_string_or_null(b, c->note);
    json_builder_set_member_name(b, "other");
    json_string_or_null(b, c->other);
    json_builder_set_member_name(b, "other_node");
    json_node_or_null(b, res, c->other_node);
    json_builder_set_member_name(b, "text");
    json_builder_add_string_value(b, text);
    json_builder_end_object(b);
}

static void
json_candidate(JsonBuilder *b, const ha_sched_result_t *res, guint rsc,
               const struct ha_sched_explain *e, guint node)
{
    const struct ha_sched_explain_node *en = &e->nodes[node];

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "node");
    json_builder_add_string_value(b, res->nodes[node].name);
    json_builder_set_member_name(b, "score");
    json_builder_add_int_value(b, en->score);
    json_builder_set_member_name(b, "contributions");
    json_builder_begin_array(b);
    for (guint i = 0; i < en->n_contribs; i++) {
        json_contrib(b, res, rsc, node, &en->contribs[i]);
    }
    json_builder_end_array(b);
    json_builder_end_object(b);
}

static void
json_tie(JsonBuilder *b, guint tie)
{
    static const struct {
        guint flag;
        const char *name;
    } names[] = {
        { HA_TIE_PREFER, "preferred-node" },
        { HA_TIE_UTILIZATION, "utilization" },
        { HA_TIE_FEWER, "fewer-resources" },
        { HA_TIE_CURRENT, "current-node" },
        { HA_TIE_NAME, "node-name" },
    };

    json_builder_begin_array(b);
    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        if (tie & names[i].flag) {
            json_builder_add_string_value(b, names[i].name);
        }
    }
    json_builder_end_array(b);
}

static void
json_blockers(JsonBuilder *b, const ha_sched_result_t *res, guint rsc,
              const struct ha_sched_explain *e)
{
    json_builder_begin_array(b);
    for (guint i = 0; i < e->n_blockers; i++) {
        const struct ha_sched_blocker *bl = &e->blockers[i];
        g_autofree char *text = hactl_why_blocker_text(res, rsc, bl);

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "kind");
        json_builder_add_string_value(b, ha_sched_blocker_kind_name(bl->kind));
        json_builder_set_member_name(b, "source");
        json_string_or_null(b, bl->source);
        json_builder_set_member_name(b, "other");
        json_string_or_null(b, bl->other);
        json_builder_set_member_name(b, "note");
        json_string_or_null(b, bl->note);
        json_builder_set_member_name(b, "node");
        json_node_or_null(b, res, bl->node);
        json_builder_set_member_name(b, "text");
        json_builder_add_string_value(b, text);
        json_builder_end_object(b);
    }
    json_builder_end_array(b);
}

static void
json_explain(JsonBuilder *b, const ha_sched_result_t *res, guint rsc,
             guint node)
{
    const struct ha_sched_explain *e = ha_sched_result_explain(res, rsc);
    const struct ha_sched_rsc_info *r = &res->rscs[rsc];

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "resource");
    json_builder_add_string_value(b, r->id);
    json_builder_set_member_name(b, "running_on");
    json_builder_begin_array(b);
    for (guint i = 0; i < r->n_running; i++) {
        json_builder_add_string_value(b, res->nodes[r->running[i]].name);
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "node");
    json_node_or_null(b, res, (e != NULL) ? e->chosen : HA_MODEL_NONE);
    json_builder_set_member_name(b, "score");
    if (e != NULL && e->chosen != HA_MODEL_NONE) {
        json_builder_add_int_value(b, e->nodes[e->chosen].score);
    } else {
        json_builder_add_null_value(b);
    }
    json_builder_set_member_name(b, "candidates");
    json_builder_begin_array(b);
    for (guint n = 0; e != NULL && n < e->n_nodes; n++) {
        if (node == HA_MODEL_NONE || n == node) {
            json_candidate(b, res, rsc, e, n);
        }
    }
    json_builder_end_array(b);
    json_builder_set_member_name(b, "tie");
    json_tie(b, (e != NULL) ? e->tie : 0);
    json_builder_set_member_name(b, "blockers");
    if (e != NULL) {
        json_blockers(b, res, rsc, e);
    } else {
        json_builder_begin_array(b);
        json_builder_end_array(b);
    }
    json_builder_end_object(b);
}

static void
print_json(const ha_sched_result_t *res, const char *id, GArray *prims,
           guint node)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    if (prims->len == 1
        && strcmp(res->rscs[g_array_index(prims, guint, 0)].id, id) == 0) {
        json_explain(b, res, g_array_index(prims, guint, 0), node);
    } else {
        json_builder_begin_object(b);
        json_builder_set_member_name(b, "resource");
        json_builder_add_string_value(b, id);
        json_builder_set_member_name(b, "members");
        json_builder_begin_array(b);
        for (guint i = 0; i < prims->len; i++) {
            json_explain(b, res, g_array_index(prims, guint, i), node);
        }
        json_builder_end_array(b);
        json_builder_end_object(b);
    }
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

/* ---- text ---- */

static void
print_text(const ha_sched_result_t *res, const char *id, GArray *prims,
           guint node)
{
    guint first = g_array_index(prims, guint, 0);
    guint parent = res->rscs[first].parent;

    if (prims->len > 1 || strcmp(res->rscs[first].id, id) != 0) {
        gboolean group = (parent != HA_MODEL_NONE
                          && res->rscs[parent].kind == HA_SCHED_GROUP
                          && strcmp(res->rscs[parent].id, id) == 0);

        printf("%s is a %s of %u: %s\n", id, group ? "group" : "clone",
               prims->len, group ? "each member follows the one before it, "
                                   "the first one leads"
                                 : "each instance is placed on its own");
    }
    for (guint i = 0; i < prims->len; i++) {
        hactl_why_print(stdout, res, g_array_index(prims, guint, i), node);
    }
}

static int
explain(const struct hactl_globals *g, const struct why_opts *o)
{
    g_autoptr(ha_store_model_t) model = NULL;
    g_autoptr(ha_sched_result_t) res = NULL;
    g_autoptr(GArray) prims = NULL;
    g_autofree char *err = NULL;
    struct ha_sched_options sopts = { .want_explain = TRUE };
    guint node = HA_MODEL_NONE;
    int rc;

    rc = load_input(o, &model, &sopts.now);
    if (rc != HACTL_EXIT_OK) {
        return rc;
    }
    rc = ha_sched_run(model, &sopts, &res, &err);
    if (rc < 0) {
        fprintf(stderr, "hactl why: %s\n",
                (err != NULL) ? err : ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    prims = find_primitives(res, o->rsc);
    if (prims->len == 0) {
        fprintf(stderr, "hactl why: no resource '%s'\n", o->rsc);
        return HACTL_EXIT_NOT_FOUND;
    }
    if (o->node != NULL) {
        node = find_node(res, o->node);
        if (node == HA_MODEL_NONE) {
            fprintf(stderr, "hactl why: no node '%s'\n", o->node);
            return HACTL_EXIT_NOT_FOUND;
        }
    }
    if (g->json) {
        print_json(res, o->rsc, prims, node);
    } else {
        print_text(res, o->rsc, prims, node);
    }
    return HACTL_EXIT_OK;
}

static int
why_cmd(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct why_opts o = {
        .xml_file = g_strdup(hactl_arg_value(a, "xml-file")),
        .date = g_strdup(hactl_arg_value(a, "date")),
        .rsc = a->argv[0], .node = a->argv[1],
    };
    int rc = HACTL_EXIT_USAGE;

    if (o.date != NULL && o.xml_file == NULL) {
        fprintf(stderr, "hactl why: --date needs --xml-file\n");
    } else {
        rc = explain(g, &o);
    }
    g_free(o.xml_file);
    g_free(o.date);
    return rc;
}

static const struct hactl_opt why_options[] = {
    { "xml-file", HACTL_OPT_VALUE, "CIB", "explain a CIB file instead "
      "(offline)", 0, 'x' },
    { "date", HACTL_OPT_VALUE, "DATE", "\"now\" for rules and failure "
      "timeouts (ISO 8601;\noffline)", 0, 't' },
    { NULL },
};

static const struct hactl_verb why_verbs[] = {
    { NULL, "RESOURCE [NODE]", why_options, why_cmd, 0, "where RESOURCE "
      "runs and why, and why not on the other nodes", "Or on NODE: the "
      "score of every node as the sum of what the scheduler added\n"
      "(location constraints, stickiness, colocations, failures ...), the "
      "nodes it cannot\nuse and why, and what keeps it from starting "
      "(orders, quorum).  Without\n--xml-file it explains the live cluster, "
      "with the input hacd's scheduler uses.\nA group or clone is explained "
      "member by member.  JSON: {resource, node, score,\ncandidates: "
      "[{node, score, contributions}], tie, blockers} (a group or clone:\n"
      "{resource, members}).", "hactl why web node3" },
};

const struct hactl_noun hactl_noun_why = {
    "why", "why a resource runs where it does, or not", why_verbs, NULL,
};
