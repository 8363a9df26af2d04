/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_model_constraints.c - <constraints> into the snapshot.
 *
 * Resource sets are expanded here into plain pairs, so the scheduler only
 * ever sees "rsc with with_rsc" and "first then then":
 *  - order, sequential set (A B C): A->B, B->C; between sets, the last
 *    member of a sequential set (every member of a non-sequential one)
 *    before the first (every) member of the next set;
 *  - colocation, sequential set (A B C): B with A, C with B (a negative
 *    score: B with A, C with A, C with B, so no two members share a
 *    node); between sets, members of an earlier set are placed with those
 *    of the later set.
 * require-all=false ("one or more") is kept on each pair it produces; such
 * a set is ordered within only when the constraint is symmetrical, and
 * every member of it counts before the next set.
 * A location with rsc-pattern (a POSIX extended regular expression, matched
 * anywhere in the id; a leading '!' inverts it) applies to every top-level
 * resource (primitive, group, clone; never a group member or a clone's
 * child) whose id matches, as Pacemaker does.
 */
#include "config.h"

#include <regex.h>
#include <string.h>

#include "common/strings.h"
#include "store/store_model_private.h"
#include "store/store_names.h"

#define MEMBER(a, i) g_array_index((a), guint, (i))

static GArray *set_members(struct ha__model_builder *b, const char *cid,
                           const xmlNode *set);

static const char *
intern_attr(struct ha__model_builder *b, const xmlNode *n, const char *name)
{
    return ha__model_intern(b->model, ha_xml_attr(n, name));
}

static int
score_attr(const xmlNode *n, const char *name, int dflt)
{
    const char *s = ha_xml_attr(n, name);
    int v = dflt;

    if (s != NULL) {
        (void) ha_score_parse(s, &v);
    }
    return v;
}

static gboolean
bool_attr(const xmlNode *n, const char *name, gboolean dflt)
{
    const char *s = ha_xml_attr(n, name);
    gboolean v = dflt;

    if (s != NULL) {
        (void) ha_bool_parse(s, &v);
    }
    return v;
}

static void
add_location(struct ha__model_builder *b, const xmlNode *n, guint rsc,
             const char *role)
{
    struct ha_model_location l = { 0 };
    GPtrArray *rules = g_ptr_array_new();

    l.id = intern_attr(b, n, "id");
    l.rsc = rsc;
    l.rsc_pattern = intern_attr(b, n, HA_XA_RSC_PATTERN);
    l.node = intern_attr(b, n, "node");
    l.score = score_attr(n, "score", 0);
    l.role = ha__model_intern(b->model, ha_store_model_role_name(
                                  (role != NULL) ? role
                                                 : ha_xml_attr(n, "role")));
    l.discovery = intern_attr(b, n, "resource-discovery");
    for (const xmlNode *r = ha_xml_first_child(n, "rule"); r != NULL;
         r = ha_xml_next(r, "rule")) {
        g_ptr_array_add(rules, (gpointer) ha__model_parse_rule(b, r));
    }
    l.n_rules = rules->len;
    l.rules = ha__model_keep(b->model, g_ptr_array_free(rules, FALSE));
    if (l.discovery != NULL && strcmp(l.discovery, "always") != 0) {
        ha__model_unsupported(b, "resource-discovery", l.id);
    }
    g_array_append_val(b->locations, l);
}

/* A rule value with a submatch reference (%0 ... %9) of rsc-pattern. */
static gboolean
rule_uses_submatch(const xmlNode *n)
{
    for (const xmlNode *c = ha_xml_first_child(n, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        const char *v = ha_xml_attr(c, "value");

        for (const char *p = (v != NULL) ? strchr(v, '%') : NULL; p != NULL;
             p = strchr(p + 1, '%')) {
            if (g_ascii_isdigit(p[1])) {
                return TRUE;
            }
        }
        if (rule_uses_submatch(c)) {
            return TRUE;
        }
    }
    return FALSE;
}

static void
parse_location_pattern(struct ha__model_builder *b, const xmlNode *n,
                       const char *pattern)
{
    gboolean invert = (pattern[0] == '!');
    regex_t re;

    if (rule_uses_submatch(n)) {
        ha__model_unsupported(b, "rsc-pattern submatches (%N) in rules",
                              ha_xml_attr(n, "id"));
        return;
    }
    /* validation refuses a pattern that does not compile */
    if (regcomp(&re, pattern + (invert ? 1 : 0), REG_EXTENDED | REG_NOSUB)
        != 0) {
        return;
    }
    for (guint i = 0; i < b->rscs->len; i++) {
        const struct ha_model_rsc *r = &g_array_index(b->rscs,
                                                      struct ha_model_rsc, i);

        if (r->parent == HA_MODEL_NONE
            && (regexec(&re, r->id, 0, NULL, 0) == 0) != invert) {
            add_location(b, n, i, NULL);
        }
    }
    regfree(&re);
}

static void
parse_location(struct ha__model_builder *b, const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");
    const xmlNode *set = ha_xml_first_child(n, "resource_set");
    const char *pattern = ha_xml_attr(n, HA_XA_RSC_PATTERN);

    if (set == NULL && ha_xml_attr(n, "rsc") == NULL && pattern != NULL) {
        parse_location_pattern(b, n, pattern);
        return;
    }
    if (set == NULL) {
        g_autoptr(GArray) all = ha__model_ref_rscs(b, id,
                                                   ha_xml_attr(n, "rsc"));

        if (all->len == 0) {
            add_location(b, n, HA_MODEL_NONE, NULL);
        }
        for (guint i = 0; i < all->len; i++) {
            add_location(b, n, MEMBER(all, i), NULL);
        }
        return;
    }
    for (; set != NULL; set = ha_xml_next(set, "resource_set")) {
        const xmlNode *s = ha__model_deref(b, set);
        g_autoptr(GArray) m = set_members(b, id, s);

        for (guint i = 0; i < m->len; i++) {
            add_location(b, n, MEMBER(m, i), ha_xml_attr(s, "role"));
        }
    }
}

static void
add_colocation(struct ha__model_builder *b, const char *id, guint rsc,
               guint with, int score, const char *role, const char *with_role,
               const char *node_attr, gboolean influence)
{
    struct ha_model_colocation c = {
        .id = ha__model_intern(b->model, id),
        .rsc = rsc,
        .with_rsc = with,
        .score = score,
        .rsc_role = ha__model_intern(b->model,
                                     ha_store_model_role_name(role)),
        .with_rsc_role = ha__model_intern(b->model,
                                          ha_store_model_role_name(with_role)),
        .node_attribute = ha__model_intern(b->model, node_attr),
        .influence = influence,
    };

    if (rsc == HA_MODEL_NONE || with == HA_MODEL_NONE) {
        return;
    }
    g_array_append_val(b->colocations, c);
}

static GArray *
set_members(struct ha__model_builder *b, const char *cid, const xmlNode *set)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(guint));

    for (const xmlNode *r = ha_xml_first_child(set, "resource_ref");
         r != NULL; r = ha_xml_next(r, "resource_ref")) {
        g_autoptr(GArray) all = ha__model_ref_rscs(b, cid,
                                                   ha_xml_attr(r, "id"));

        g_array_append_vals(a, all->data, all->len);
    }
    return a;
}


static void
parse_colocation_sets(struct ha__model_builder *b, const xmlNode *n,
                      const char *id, int score, const char *node_attr,
                      gboolean influence)
{
    GArray *prev = NULL;
    const char *prev_role = NULL;
    gboolean prev_seq = TRUE;

    for (const xmlNode *set = ha_xml_first_child(n, "resource_set");
         set != NULL; set = ha_xml_next(set, "resource_set")) {
        const xmlNode *s = ha__model_deref(b, set);
        GArray *m = set_members(b, id, s);
        const char *role = ha_xml_attr(s, "role");
        gboolean seq = bool_attr(s, "sequential", TRUE);
        int sscore = score_attr(s, "score", score);

        for (guint i = 1; seq && i < m->len; i++) {
            /* negative: against every earlier member, not the one before */
            for (guint k = (sscore < 0) ? 0 : i - 1; k < i; k++) {
                add_colocation(b, id, MEMBER(m, i), MEMBER(m, k), sscore,
                               role, role, node_attr, influence);
            }
        }
        if (prev != NULL) {
            /* earlier set placed with the later one */
            for (guint i = 0; i < prev->len; i++) {
                if (prev_seq && i != prev->len - 1 && prev->len > 0) {
                    continue;
                }
                for (guint k = 0; k < m->len; k++) {
                    if (seq && k != 0) {
                        continue;
                    }
                    add_colocation(b, id, MEMBER(prev, i), MEMBER(m, k), score,
                                   prev_role, role, node_attr, influence);
                }
            }
            g_array_free(prev, TRUE);
        }
        prev = m;
        prev_role = role;
        prev_seq = seq;
    }
    if (prev != NULL) {
        g_array_free(prev, TRUE);
    }
}

static void
parse_colocation(struct ha__model_builder *b, const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");
    int score = score_attr(n, "score", 0);
    const char *node_attr = ha_xml_attr(n, "node-attribute");
    gboolean influence = bool_attr(n, "influence", TRUE);

    if (ha_xml_first_child(n, "resource_set") != NULL) {
        parse_colocation_sets(b, n, id, score, node_attr, influence);
        return;
    }
    {
        g_autoptr(GArray) deps = ha__model_ref_rscs(b, id,
                                                    ha_xml_attr(n, "rsc"));
        g_autoptr(GArray) prims = ha__model_ref_rscs(b, id,
                                                     ha_xml_attr(n, "with-rsc"));

        for (guint i = 0; i < deps->len; i++) {
            for (guint k = 0; k < prims->len; k++) {
                add_colocation(b, id, MEMBER(deps, i), MEMBER(prims, k),
                               score, ha_xml_attr(n, "rsc-role"),
                               ha_xml_attr(n, "with-rsc-role"), node_attr,
                               influence);
            }
        }
    }
}

static enum ha_model_order_kind
order_kind(const xmlNode *n, enum ha_model_order_kind dflt)
{
    const char *kind = ha_xml_attr(n, "kind");
    const char *score = ha_xml_attr(n, "score");

    if (kind == NULL && score != NULL) {
        int v = 0;

        (void) ha_score_parse(score, &v);
        return (v == 0) ? HA_ORDER_OPTIONAL : HA_ORDER_MANDATORY;
    }
    if (kind == NULL) {
        return dflt;
    }
    if (g_ascii_strcasecmp(kind, "Optional") == 0) {
        return HA_ORDER_OPTIONAL;
    }
    if (g_ascii_strcasecmp(kind, "Serialize") == 0) {
        return HA_ORDER_SERIALIZE;
    }
    return HA_ORDER_MANDATORY;
}

static void
add_order_ra(struct ha__model_builder *b, const char *id, guint first,
             const char *first_action, guint then, const char *then_action,
             enum ha_model_order_kind kind, gboolean symmetrical,
             gboolean require_all);

static void
add_order(struct ha__model_builder *b, const char *id, guint first,
          const char *first_action, guint then, const char *then_action,
          enum ha_model_order_kind kind, gboolean symmetrical)
{
    add_order_ra(b, id, first, first_action, then, then_action, kind,
                 symmetrical, TRUE);
}

static void
add_order_ra(struct ha__model_builder *b, const char *id, guint first,
             const char *first_action, guint then, const char *then_action,
             enum ha_model_order_kind kind, gboolean symmetrical,
             gboolean require_all)
{
    struct ha_model_order o = {
        .id = ha__model_intern(b->model, id),
        .first = first,
        .then = then,
        .first_action = ha__model_intern(b->model,
                                         (first_action != NULL) ? first_action
                                                                : "start"),
        .then_action = ha__model_intern(b->model, NULL),
        .kind = kind,
        .symmetrical = symmetrical,
        .require_all = require_all,
    };

    if (first == HA_MODEL_NONE || then == HA_MODEL_NONE) {
        return;
    }
    if (then_action == NULL) {
        then_action = o.first_action;
    }
    o.then_action = ha__model_intern(b->model, then_action);
    g_array_append_val(b->orders, o);
}

static void
parse_order_sets(struct ha__model_builder *b, const xmlNode *n, const char *id,
                 enum ha_model_order_kind kind, gboolean symmetrical)
{
    GArray *prev = NULL;
    const char *prev_action = NULL;
    gboolean prev_seq = TRUE;
    gboolean prev_all = TRUE;

    for (const xmlNode *set = ha_xml_first_child(n, "resource_set");
         set != NULL; set = ha_xml_next(set, "resource_set")) {
        const xmlNode *s = ha__model_deref(b, set);
        GArray *m = set_members(b, id, s);
        const char *action = ha_xml_attr(s, "action");
        gboolean seq = bool_attr(s, "sequential", TRUE);
        enum ha_model_order_kind skind = order_kind(s, kind);

        if (seq && (symmetrical || bool_attr(s, "require-all", TRUE))) {
            for (guint i = 1; i < m->len; i++) {
                add_order(b, id, MEMBER(m, i - 1), action, MEMBER(m, i),
                          action, skind, symmetrical);
            }
        }
        if (prev != NULL) {
            for (guint i = 0; i < prev->len; i++) {
                if (prev_seq && prev_all && i != prev->len - 1) {
                    continue;   /* one or more: every member counts */
                }
                for (guint k = 0; k < m->len; k++) {
                    if (seq && k != 0) {
                        continue;
                    }
                    add_order_ra(b, id, MEMBER(prev, i), prev_action,
                                 MEMBER(m, k), action, kind, symmetrical,
                                 prev_all);
                }
            }
            g_array_free(prev, TRUE);
        }
        prev = m;
        prev_action = action;
        prev_seq = seq;
        prev_all = bool_attr(s, "require-all", TRUE);
    }
    if (prev != NULL) {
        g_array_free(prev, TRUE);
    }
}

static void
parse_order(struct ha__model_builder *b, const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");
    enum ha_model_order_kind kind = order_kind(n, HA_ORDER_MANDATORY);
    gboolean symmetrical = bool_attr(n, "symmetrical",
                                     kind != HA_ORDER_SERIALIZE);

    if (ha_xml_first_child(n, "resource_set") != NULL) {
        parse_order_sets(b, n, id, kind, symmetrical);
        return;
    }
    {
        g_autoptr(GArray) firsts = ha__model_ref_rscs(b, id,
                                                      ha_xml_attr(n, "first"));
        g_autoptr(GArray) thens = ha__model_ref_rscs(b, id,
                                                     ha_xml_attr(n, "then"));

        for (guint i = 0; i < firsts->len; i++) {
            for (guint k = 0; k < thens->len; k++) {
                add_order_ra(b, id, MEMBER(firsts, i),
                             ha_xml_attr(n, "first-action"), MEMBER(thens, k),
                             ha_xml_attr(n, "then-action"), kind, symmetrical,
                             bool_attr(n, "require-all", TRUE));
            }
        }
    }
}

static void
add_ticket(struct ha__model_builder *b, const xmlNode *n, guint rsc,
           const char *role)
{
    struct ha_model_rsc_ticket t = {
        .id = intern_attr(b, n, "id"),
        .rsc = rsc,
        .ticket = intern_attr(b, n, "ticket"),
        .loss_policy = intern_attr(b, n, "loss-policy"),
        .rsc_role = ha__model_intern(b->model,
                                     ha_store_model_role_name(role)),
    };

    if (rsc == HA_MODEL_NONE || t.ticket == NULL) {
        return;
    }
    g_array_append_val(b->rsc_tickets, t);
}

static void
parse_ticket(struct ha__model_builder *b, const xmlNode *n)
{
    const char *id = ha_xml_attr(n, "id");
    const xmlNode *set = ha_xml_first_child(n, "resource_set");

    if (set == NULL) {
        g_autoptr(GArray) all = ha__model_ref_rscs(b, id,
                                                   ha_xml_attr(n, "rsc"));

        for (guint i = 0; i < all->len; i++) {
            add_ticket(b, n, MEMBER(all, i), ha_xml_attr(n, "rsc-role"));
        }
        return;
    }
    for (; set != NULL; set = ha_xml_next(set, "resource_set")) {
        const xmlNode *s = ha__model_deref(b, set);
        g_autoptr(GArray) m = set_members(b, id, s);

        for (guint i = 0; i < m->len; i++) {
            add_ticket(b, n, MEMBER(m, i), ha_xml_attr(s, "role"));
        }
    }
}

void
ha__model_parse_constraints(struct ha__model_builder *b,
                            const xmlNode *constraints)
{
    for (const xmlNode *n = ha_xml_first_child(constraints, NULL); n != NULL;
         n = ha_xml_next(n, NULL)) {
        if (ha_xml_is(n, "rsc_location")) {
            parse_location(b, n);
        } else if (ha_xml_is(n, "rsc_colocation")) {
            parse_colocation(b, n);
        } else if (ha_xml_is(n, "rsc_order")) {
            parse_order(b, n);
        } else if (ha_xml_is(n, "rsc_ticket")) {
            parse_ticket(b, n);
        } else {
            ha__model_unsupported(b, (const char *) n->name,
                                  ha_xml_attr(n, "id"));
        }
    }
}
