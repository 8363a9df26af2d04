/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_why_print.c - `hactl why` in words: the decision on
 * one line, then one line per node with its score as the sum of what the
 * scheduler added (or, for a node it can never use, the reasons).
 */
#include "config.h"

#include <string.h>

#include "common/strings.h"
#include "hactl_why.h"

const char *
hactl_why_score(int score, char *buf, gsize len)
{
    return ha_score_format(score, buf, len);
}

static const char *
node_name(const ha_sched_result_t *res, guint node)
{
    return (node < res->n_nodes) ? res->nodes[node].name : "?";
}

static char *
node_state_text(const char *node, const char *state)
{
    if (g_strcmp0(state, "standby") == 0) {
        return g_strdup_printf("%s is in standby", node);
    }
    if (g_strcmp0(state, "maintenance") == 0) {
        return g_strdup_printf("%s is in maintenance", node);
    }
    if (g_strcmp0(state, "unclean") == 0) {
        return g_strdup_printf("%s is unclean (it must be fenced first)",
                               node);
    }
    if (g_strcmp0(state, "pending") == 0) {
        return g_strdup_printf("%s is still joining", node);
    }
    if (g_strcmp0(state, "offline") == 0) {
        return g_strdup_printf("%s is offline", node);
    }
    return g_strdup_printf("%s is %s", node, state);
}

static char *
location_text(const ha_sched_result_t *res, guint rsc,
              const struct ha_sched_contrib *c)
{
    const char *id = res->rscs[rsc].id;
    g_autofree char *via = (c->other != NULL)
                           ? g_strdup_printf(" on %s", c->other)
                           : g_strdup("");
    g_autofree char *rule = (c->note != NULL)
                            ? g_strdup_printf(" (%s)", c->note)
                            : g_strdup("");
    const char *base = (c->other != NULL) ? c->other : id;

    if (c->value > -HA_SCORE_INFINITY) {
        return g_strdup_printf("location %s%s%s", c->source, rule, via);
    }
    if (g_str_has_prefix(c->source, "cli-ban-")) {
        return g_strdup_printf("banned by location %s%s (a `hactl resource "
                               "ban` left behind; `hactl resource clear %s` "
                               "removes it)", c->source, via, base);
    }
    return g_strdup_printf("banned by location %s%s%s", c->source, rule, via);
}

static char *
colocation_text(const ha_sched_result_t *res, guint node,
                const struct ha_sched_contrib *c)
{
    const char *where = (c->other_node != HA_MODEL_NONE)
                        ? node_name(res, c->other_node) : NULL;

    if (c->value > -HA_SCORE_INFINITY) {
        return (where != NULL)
               ? g_strdup_printf("colocation %s with %s (on %s)", c->source,
                                 c->other, where)
               : g_strdup_printf("colocation %s with %s", c->source,
                                 c->other);
    }
    if (where == NULL) {
        return g_strdup_printf("must run with %s (colocation %s), which is "
                               "not placed here", c->other, c->source);
    }
    if (c->other_node == node) {
        return g_strdup_printf("must not run with %s (colocation %s), which "
                               "runs here", c->other, c->source);
    }
    return g_strdup_printf("must run with %s (colocation %s), which runs on "
                           "%s", c->other, c->source, where);
}

static char *
group_text(const ha_sched_result_t *res, const struct ha_sched_contrib *c)
{
    if (c->other_node == HA_MODEL_NONE) {
        return g_strdup_printf("member of group %s: follows %s, which cannot "
                               "run", c->source, c->other);
    }
    return g_strdup_printf("member of group %s: follows %s, which runs on %s",
                           c->source, c->other,
                           node_name(res, c->other_node));
}

static char *
clone_limit_text(const struct ha_sched_contrib *c)
{
    if (g_strcmp0(c->note, "clone-node-max") == 0) {
        return g_strdup("clone-node-max instances already run here");
    }
    if (g_strcmp0(c->note, "orphan") == 0) {
        return g_strdup("an orphan instance (beyond the configured ones)");
    }
    return g_strdup("clone-max instances are already placed");
}

char *
hactl_why_contrib_text(const ha_sched_result_t *res, guint rsc, guint node,
                       const struct ha_sched_contrib *c)
{
    const char *id = res->rscs[rsc].id;

    switch (c->kind) {
    case HA_CONTRIB_LOCATION:
        return location_text(res, rsc, c);
    case HA_CONTRIB_STICKINESS:
        return g_strdup_printf("stickiness (%s is running here)", id);
    case HA_CONTRIB_FAILCOUNT:
        return g_strdup_printf("banned: %s (`hactl resource cleanup %s` "
                               "forgets them)", c->note,
                               (c->other != NULL) ? c->other : id);
    case HA_CONTRIB_FAILURE:
        return g_strdup_printf("banned: %s (`hactl resource cleanup %s` "
                               "forgets it)", c->note,
                               (c->other != NULL) ? c->other : id);
    case HA_CONTRIB_TICKET:
        return g_strdup_printf("ticket %s is not granted (rsc_ticket %s)",
                               c->note, c->source);
    case HA_CONTRIB_COLOCATION:
        return colocation_text(res, node, c);
    case HA_CONTRIB_GROUP:
        return group_text(res, c);
    case HA_CONTRIB_DEPENDENTS:
        return g_strdup_printf("what %s wants (%s %s: it goes with %s)",
                               c->other,
                               (res->rscs[rsc].parent != HA_MODEL_NONE
                                && strcmp(res->rscs[res->rscs[rsc].parent].id,
                                          c->source) == 0)
                               ? "group" : "colocation", c->source, id);
    case HA_CONTRIB_UTILIZATION:
        return g_strdup("not enough free capacity (placement-strategy, "
                        "utilization)");
    case HA_CONTRIB_CLONE_LIMIT:
        return clone_limit_text(c);
    case HA_CONTRIB_TARGET_ROLE:
        return (c->note != NULL)
               ? g_strdup("no longer in the configuration (orphan)")
               : g_strdup("target-role is Stopped");
    case HA_CONTRIB_NOT_ALLOWED:
        return g_strdup("symmetric-cluster is false and no location allows "
                        "it here");
    case HA_CONTRIB_NODE:
        return node_state_text(node_name(res, node), c->note);
    case HA_CONTRIB_OTHER:
        return g_strdup("not explained (a scheduler bug: please report it)");
    }
    return g_strdup("?");
}

char *
hactl_why_blocker_text(const ha_sched_result_t *res, guint rsc,
                       const struct ha_sched_blocker *b)
{
    const char *id = res->rscs[rsc].id;

    switch (b->kind) {
    case HA_BLOCK_ORDER:
        return (b->source != NULL)
               ? g_strdup_printf("order %s: %s must %s first and cannot",
                                 b->source, b->other, b->note)
               : g_strdup_printf("%s must %s first and cannot", b->other,
                                 b->note);
    case HA_BLOCK_INTERLEAVE:
        return g_strdup_printf("no instance of %s on %s to follow "
                               "(interleaved order %s)", b->other,
                               node_name(res, b->node),
                               (b->source != NULL) ? b->source : "?");
    case HA_BLOCK_QUORUM:
        return g_strdup_printf("the partition has no quorum "
                               "(no-quorum-policy=%s)", b->note);
    case HA_BLOCK_UNMANAGED:
        return g_strdup_printf("%s is not managed (%s): ha leaves it as it "
                               "is", id, b->note);
    case HA_BLOCK_STOP_ALL:
        return g_strdup("stop-all-resources is set");
    case HA_BLOCK_NO_FENCE_DEVICE:
        return g_strdup("fencing is enabled but no fence device is "
                        "configured: resources are not started "
                        "(stonith-enabled=false turns fencing off)");
    }
    return g_strdup("?");
}

char *
hactl_why_tie_text(guint tie)
{
    static const struct {
        guint flag;
        const char *text;
    } words[] = {
        { HA_TIE_PREFER, "the node its group or clone wanted" },
        { HA_TIE_UTILIZATION, "more free capacity" },
        { HA_TIE_FEWER, "fewer resources placed there" },
        { HA_TIE_CURRENT, "it is running there" },
        { HA_TIE_NAME, "node name order" },
    };
    GString *s = g_string_new(NULL);

    for (gsize i = 0; i < G_N_ELEMENTS(words); i++) {
        if (tie & words[i].flag) {
            g_string_append_printf(s, "%s%s", (s->len > 0) ? ", " : "",
                                   words[i].text);
        }
    }
    return g_string_free(s, FALSE);
}

/* ---- the lines ---- */

static gint
cmp_nodes(gconstpointer a, gconstpointer b, gpointer data)
{
    const struct ha_sched_explain *e = data;
    guint x = *(const guint *) a;
    guint y = *(const guint *) b;

    if ((x == e->chosen) != (y == e->chosen)) {
        return (x == e->chosen) ? -1 : 1;
    }
    if (e->nodes[x].score != e->nodes[y].score) {
        return (e->nodes[x].score > e->nodes[y].score) ? -1 : 1;
    }
    return (x < y) ? -1 : (x > y);
}

static GArray *
sorted_nodes(const struct ha_sched_explain *e)
{
    GArray *order = g_array_new(FALSE, FALSE, sizeof(guint));

    for (guint n = 0; n < e->n_nodes; n++) {
        g_array_append_val(order, n);
    }
    g_array_sort_with_data(order, cmp_nodes, (gpointer) e);
    return order;
}

/* "200 = 100 location a + 100 stickiness (...)" or "-INFINITY: ..." */
static char *
node_line(const ha_sched_result_t *res, guint rsc, guint node)
{
    const struct ha_sched_explain *e = ha_sched_result_explain(res, rsc);
    const struct ha_sched_explain_node *en = &e->nodes[node];
    GString *s = g_string_new(NULL);
    char buf[32];

    g_string_append_printf(s, "%s: %s", node_name(res, node),
                           hactl_why_score(en->score, buf, sizeof(buf)));
    if (en->score <= -HA_SCORE_INFINITY) {
        const char *sep = ": ";

        for (guint i = 0; i < en->n_contribs; i++) {
            g_autofree char *t = NULL;

            if (en->contribs[i].value > -HA_SCORE_INFINITY) {
                continue;
            }
            t = hactl_why_contrib_text(res, rsc, node, &en->contribs[i]);
            g_string_append_printf(s, "%s%s", sep, t);
            sep = "; ";
        }
        return g_string_free(s, FALSE);
    }
    if (en->n_contribs == 0) {
        g_string_append(s, " (nothing prefers or avoids it)");
        return g_string_free(s, FALSE);
    }
    g_string_append(s, " =");
    for (guint i = 0; i < en->n_contribs; i++) {
        const struct ha_sched_contrib *c = &en->contribs[i];
        g_autofree char *t = hactl_why_contrib_text(res, rsc, node, c);
        int v = c->value;

        if (i == 0) {
            g_string_append_printf(s, " %s", hactl_why_score(v, buf,
                                                             sizeof(buf)));
        } else {
            g_string_append_printf(s, " %s %s", (v < 0) ? "-" : "+",
                                   hactl_why_score(ABS(v), buf, sizeof(buf)));
        }
        g_string_append_printf(s, " %s", t);
    }
    return g_string_free(s, FALSE);
}

static gboolean
runs_on(const ha_sched_result_t *res, guint rsc, guint node)
{
    for (guint i = 0; i < res->rscs[rsc].n_running; i++) {
        if (res->rscs[rsc].running[i] == node) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
has_blocker(const struct ha_sched_explain *e, enum ha_sched_blocker_kind k)
{
    for (guint i = 0; i < e->n_blockers; i++) {
        if (e->blockers[i].kind == k) {
            return TRUE;
        }
    }
    return FALSE;
}

/* Other nodes after "chosen over": "node1 (100) and node3 (-INFINITY)". */
static void
append_others(GString *s, const struct ha_sched_explain *e, GArray *order,
              const ha_sched_result_t *res)
{
    guint count = order->len - 1;

    for (guint i = 1; i < order->len; i++) {
        guint n = g_array_index(order, guint, i);
        char buf[32];

        g_string_append_printf(s, "%s%s (%s)",
                               (i == 1) ? "" : (i == count) ? " and " : ", ",
                               node_name(res, n),
                               hactl_why_score(e->nodes[n].score, buf,
                                               sizeof(buf)));
    }
}

static gboolean
everywhere(const struct ha_sched_explain *e, enum ha_sched_contrib_kind k)
{
    for (guint n = 0; n < e->n_nodes; n++) {
        gboolean found = FALSE;

        for (guint i = 0; i < e->nodes[n].n_contribs; i++) {
            found = found || (e->nodes[n].contribs[i].kind == k);
        }
        if (!found) {
            return FALSE;
        }
    }
    return e->n_nodes > 0;
}

static char *
blockers_text(const ha_sched_result_t *res, guint rsc,
              const struct ha_sched_explain *e)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < e->n_blockers; i++) {
        g_autofree char *t = hactl_why_blocker_text(res, rsc, &e->blockers[i]);

        g_string_append_printf(s, "%s%s", (i > 0) ? "; " : "", t);
    }
    return g_string_free(s, FALSE);
}

/* The first line: where it runs, or why nowhere. */
static void
print_decision(FILE *out, const ha_sched_result_t *res, guint rsc,
               const struct ha_sched_explain *e, GArray *order)
{
    const struct ha_sched_rsc_info *r = &res->rscs[rsc];
    g_autofree char *blk = blockers_text(res, rsc, e);
    GString *s = g_string_new(NULL);
    char buf[32];

    if (has_blocker(e, HA_BLOCK_UNMANAGED)
        || (has_blocker(e, HA_BLOCK_NO_FENCE_DEVICE) && r->n_running > 0)) {
        g_string_append_printf(s, "%s", blk);
        if (r->n_running > 0) {
            g_string_append_printf(s, " (running on %s)",
                                   node_name(res, r->running[0]));
        } else {
            g_string_append(s, " (stopped)");
        }
    } else if (e->n_blockers > 0 && e->chosen != HA_MODEL_NONE) {
        g_string_append_printf(s, "%s would run on %s (score %s) but cannot "
                               "start: %s", r->id, node_name(res, e->chosen),
                               hactl_why_score(e->nodes[e->chosen].score, buf,
                                               sizeof(buf)), blk);
    } else if (e->n_blockers > 0) {
        g_string_append_printf(s, "%s cannot start: %s", r->id, blk);
    } else if (e->chosen == HA_MODEL_NONE && r->orphan) {
        g_string_append_printf(s, "%s is stopped: it is no longer in the "
                               "configuration", r->id);
    } else if (e->chosen == HA_MODEL_NONE
               && everywhere(e, HA_CONTRIB_TARGET_ROLE)) {
        g_string_append_printf(s, "%s is stopped: its target-role is Stopped "
                               "(`hactl resource enable %s` starts it)",
                               r->id, r->id);
    } else if (e->chosen == HA_MODEL_NONE) {
        g_string_append_printf(s, "%s cannot run anywhere: no node has a "
                               "score of 0 or more", r->id);
    } else {
        const char *chosen = node_name(res, e->chosen);

        if (runs_on(res, rsc, e->chosen) || r->n_running == 0) {
            g_string_append_printf(s, "%s %s %s", r->id,
                                   runs_on(res, rsc, e->chosen) ? "runs on"
                                                                : "starts on",
                                   chosen);
        } else {
            g_string_append_printf(s, "%s moves from %s to %s", r->id,
                                   node_name(res, r->running[0]), chosen);
        }
        g_string_append_printf(s, " (score %s)",
                               hactl_why_score(e->nodes[e->chosen].score, buf,
                                               sizeof(buf)));
        if (order->len > 1) {
            g_string_append(s, ", chosen over ");
            append_others(s, e, order, res);
        }
    }
    fprintf(out, "%s.\n", s->str);
    g_string_free(s, TRUE);
}

/* The tie line, when other nodes have the chosen node's score. */
static void
print_tie(FILE *out, const ha_sched_result_t *res,
          const struct ha_sched_explain *e, GArray *order)
{
    g_autofree char *words = NULL;
    GString *same = g_string_new(NULL);

    if (e->chosen == HA_MODEL_NONE || e->tie == 0) {
        g_string_free(same, TRUE);
        return;
    }
    for (guint i = 1; i < order->len; i++) {
        guint n = g_array_index(order, guint, i);

        if (e->nodes[n].score == e->nodes[e->chosen].score) {
            g_string_append_printf(same, "%s%s", (same->len > 0) ? ", " : "",
                                   node_name(res, n));
        }
    }
    if (same->len > 0) {
        words = hactl_why_tie_text(e->tie);
        fprintf(out, "  equal scores: %s was preferred to %s by: %s\n",
                node_name(res, e->chosen), same->str, words);
    }
    g_string_free(same, TRUE);
}

/* `hactl why R NODE`: one sentence about NODE. */
static void
print_about_node(FILE *out, const ha_sched_result_t *res, guint rsc,
                 const struct ha_sched_explain *e, guint node)
{
    const char *id = res->rscs[rsc].id;
    const char *name = node_name(res, node);
    int score = e->nodes[node].score;
    char buf[32], cbuf[32];

    if (node == e->chosen && e->n_blockers == 0) {
        fprintf(out, "%s %s %s (score %s).\n", id,
                runs_on(res, rsc, node) ? "runs on" : "starts on", name,
                hactl_why_score(score, buf, sizeof(buf)));
    } else if (node == e->chosen) {
        g_autofree char *blk = blockers_text(res, rsc, e);

        fprintf(out, "%s would run on %s (score %s) but cannot start: %s.\n",
                id, name, hactl_why_score(score, buf, sizeof(buf)), blk);
    } else if (score < 0) {
        fprintf(out, "%s cannot run on %s (score %s).\n", id, name,
                hactl_why_score(score, buf, sizeof(buf)));
    } else if (e->chosen == HA_MODEL_NONE) {
        g_autofree char *blk = blockers_text(res, rsc, e);

        fprintf(out, "%s could run on %s (score %s) but does not: %s.\n", id,
                name, hactl_why_score(score, buf, sizeof(buf)),
                (e->n_blockers > 0) ? blk : "it is not placed anywhere");
    } else if (e->nodes[e->chosen].score == score) {
        g_autofree char *words = hactl_why_tie_text(e->tie);

        fprintf(out, "%s could run on %s (score %s), but %s has the same "
                "score and was preferred by: %s.\n", id, name,
                hactl_why_score(score, buf, sizeof(buf)),
                node_name(res, e->chosen), words);
    } else {
        fprintf(out, "%s could run on %s (score %s), but %s scores higher "
                "(%s).\n", id, name, hactl_why_score(score, buf, sizeof(buf)),
                node_name(res, e->chosen),
                hactl_why_score(e->nodes[e->chosen].score, cbuf,
                                sizeof(cbuf)));
    }
}

void
hactl_why_print(FILE *out, const ha_sched_result_t *res, guint rsc,
                guint node)
{
    const struct ha_sched_explain *e = ha_sched_result_explain(res, rsc);
    g_autoptr(GArray) order = NULL;

    if (e == NULL) {
        fprintf(out, "%s was not placed by the scheduler.\n",
                res->rscs[rsc].id);
        return;
    }
    order = sorted_nodes(e);
    if (node != HA_MODEL_NONE) {
        g_autofree char *line = node_line(res, rsc, node);

        print_about_node(out, res, rsc, e, node);
        fprintf(out, "  %s\n", line);
        if (e->chosen != HA_MODEL_NONE && e->chosen != node) {
            g_autofree char *cl = node_line(res, rsc, e->chosen);

            fprintf(out, "  %s\n", cl);
        }
        return;
    }
    print_decision(out, res, rsc, e, order);
    for (guint i = 0; i < order->len; i++) {
        g_autofree char *line = node_line(res, rsc,
                                          g_array_index(order, guint, i));

        fprintf(out, "  %s\n", line);
    }
    print_tie(out, res, e, order);
}
