/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_resource_move.c - `hactl resource move ID [NODE]`.
 *
 * A move is temporary unless --pin: it adds the location constraint
 * cli-prefer-ID (INFINITY on NODE; without NODE, cli-ban-ID-on-CURRENT,
 * -INFINITY on the node where it runs now), waits until the cluster
 * settled with the resource started there (or away), removes the
 * constraint again, and checks the resource stayed (its stickiness keeps
 * it).  When it does not get there in time, or the cluster settles with it
 * elsewhere, the constraint is removed and the command says where the
 * resource is, with exit code 9.  --pin keeps the constraint (until
 * `resource clear`), --lifetime DURATION makes it end on its own: a rule
 * with a date_expression "lt" now + DURATION.
 *
 * --promoted moves the Promoted role of a promotable clone instead: the
 * constraint has role="Promoted", and the move arrived when an instance is
 * promoted on NODE (without NODE: promoted, but not where it was).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "hactl_cli.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))
#define WHAT "resource move"

struct move {
    const char *id;
    const char *node;       /* the target, or NULL: away from @from */
    char *from;             /* where it ran (without NODE) */
    char *cid;              /* the constraint's id */
    char *until;            /* end of --lifetime (ISO 8601, UTC), or NULL */
    gboolean pin;
    gboolean promoted;      /* --promoted: the Promoted role moves */
};

static const char *
str_of(GVariant *d, const char *key)
{
    const char *v = "";

    (void) g_variant_lookup(d, key, "&s", &v);
    return v;
}

static gboolean
is_resource(const xmlNode *n)
{
    return ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
           || ha_xml_is(n, "clone") || ha_xml_is(n, "master")
           || ha_xml_is(n, "bundle");
}

/* ---- the two edits ---- */

static void
add_rule(xmlNode *loc, const struct move *m, const char *score,
         const char *node)
{
    g_autofree char *rid = g_strconcat(m->cid, "-rule", NULL);
    g_autofree char *eid = g_strconcat(m->cid, "-expr", NULL);
    g_autofree char *did = g_strconcat(m->cid, "-lifetime", NULL);
    xmlNode *rule = hactl_xml_add(loc, "rule", rid);
    xmlNode *e = hactl_xml_add(rule, "expression", eid);
    xmlNode *d;

    xmlSetProp(rule, X("score"), X(score));
    xmlSetProp(rule, X("boolean-op"), X("and"));
    xmlSetProp(e, X("attribute"), X("#uname"));
    xmlSetProp(e, X("operation"), X("eq"));
    xmlSetProp(e, X("value"), X(node));
    xmlSetProp(e, X("type"), X("string"));
    d = hactl_xml_add(rule, "date_expression", did);
    xmlSetProp(d, X("operation"), X("lt"));
    xmlSetProp(d, X("end"), X(m->until));
}

static int
edit_add(xmlDoc *doc, void *ud)
{
    const struct move *m = ud;
    xmlNode *el = hactl_xml_find_id(doc, m->id);
    xmlNode *old = hactl_xml_find_id(doc, m->cid);
    const char *node = (m->node != NULL) ? m->node : m->from;
    const char *score = (m->node != NULL) ? "INFINITY" : "-INFINITY";
    xmlNode *loc;

    if (el == NULL || !is_resource(el)) {
        return hactl_edit_error(-HA_ENOTFOUND, "no resource '%s'", m->id);
    }
    if (m->promoted && !hactl_xml_is_promotable(el)) {
        return hactl_edit_error(-EINVAL, "'%s' is not a promotable clone: "
                                "--promoted moves the Promoted role of one",
                                m->id);
    }
    if (!ha_id_valid(m->cid)) {
        return hactl_edit_error(-EINVAL, "'%s' is not a valid constraint id",
                                m->cid);
    }
    if (old != NULL && !ha_xml_is(old, "rsc_location")) {
        return hactl_edit_error(-EEXIST, "id '%s' already exists", m->cid);
    }
    if (old != NULL) {
        xmlUnlinkNode(old);
        xmlFreeNode(old);
    }
    loc = hactl_xml_add(hactl_xml_section(doc, "constraints"), "rsc_location",
                        m->cid);
    xmlSetProp(loc, X("rsc"), X(m->id));
    xmlSetProp(loc, X("role"), X(m->promoted ? "Promoted" : "Started"));
    if (m->until != NULL) {
        add_rule(loc, m, score, node);
    } else {
        xmlSetProp(loc, X("node"), X(node));
        xmlSetProp(loc, X("score"), X(score));
    }
    hactl_edit_say("Resource '%s'%s %s %s (constraint %s%s%s; 'hactl "
                   "resource clear %s' removes it)", m->id,
                   m->promoted ? " (its Promoted role)" : "",
                   m->node != NULL ? "moves to" : "moves away from", node,
                   m->cid, m->until != NULL ? " until " : "",
                   m->until != NULL ? m->until : "", m->id);
    return 0;
}

static int
edit_remove(xmlDoc *doc, void *ud)
{
    const struct move *m = ud;
    xmlNode *old = hactl_xml_find_id(doc, m->cid);

    if (ha_xml_is(old, "rsc_location")) {
        xmlUnlinkNode(old);
        xmlFreeNode(old);
    }
    hactl_edit_say("Constraint %s removed", m->cid);
    return 0;
}

/* ---- where the resource is ---- */

/* Where a resource and everything in it runs, from the status. */
struct placed {
    gboolean known;         /* the status lists it */
    gboolean clone;
    char *role;             /* of the resource itself */
    GPtrArray *nodes;       /* each node once (owned strings) */
    GPtrArray *promoted;    /* the nodes where a primitive in it is
                             * Promoted, each once (owned strings) */
    gboolean all_active;    /* every primitive in it runs somewhere */
    gboolean failed;        /* one of them failed */
};

/* Add each node of @on to @to, once */
static void
add_nodes(GPtrArray *to, GVariant *on)
{
    GVariantIter it;
    const char *n;

    g_variant_iter_init(&it, on);
    while (g_variant_iter_next(&it, "&s", &n)) {
        if (!g_ptr_array_find_with_equal_func(to, n, g_str_equal, NULL)) {
            g_ptr_array_add(to, g_strdup(n));
        }
    }
}

/* Add @r's primitives and the nodes they run on (@r is @id or in it). */
static void
collect(GVariant *rscs, GVariant *r, struct placed *p)
{
    g_autoptr(GVariant) on = g_variant_lookup_value(r, "nodes",
                                                    G_VARIANT_TYPE("as"));
    const char *id = str_of(r, "id");
    gboolean failed = FALSE;
    GVariantIter it;
    GVariant *c;

    if (strcmp(str_of(r, "kind"), "primitive") == 0) {
        (void) g_variant_lookup(r, "failed", "b", &failed);
        p->failed |= failed;
        p->all_active &= (on != NULL && g_variant_n_children(on) > 0);
        if (on != NULL && strcmp(str_of(r, "role"), "Promoted") == 0) {
            add_nodes(p->promoted, on);
        }
    }
    if (on != NULL) {
        add_nodes(p->nodes, on);
    }
    g_variant_iter_init(&it, rscs);
    while ((c = g_variant_iter_next_value(&it)) != NULL) {
        if (strcmp(str_of(c, "parent"), id) == 0) {
            collect(rscs, c, p);
        }
        g_variant_unref(c);
    }
}

/* Fill @p for @id from @st; free with placed_clear(). */
static void
placed_init(struct placed *p, GVariant *st, const char *id)
{
    g_autoptr(GVariant) rscs = g_variant_lookup_value(
        st, "resources", G_VARIANT_TYPE("aa{sv}"));
    GVariantIter it;
    GVariant *r;

    memset(p, 0, sizeof(*p));
    p->nodes = g_ptr_array_new_with_free_func(g_free);
    p->promoted = g_ptr_array_new_with_free_func(g_free);
    p->all_active = TRUE;
    if (rscs == NULL) {
        return;
    }
    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        if (!p->known && strcmp(str_of(r, "id"), id) == 0) {
            p->known = TRUE;
            p->clone = (strcmp(str_of(r, "kind"), "clone") == 0);
            p->role = g_strdup(str_of(r, "role"));
            collect(rscs, r, p);
        }
        g_variant_unref(r);
    }
}

static void
placed_clear(struct placed *p)
{
    g_ptr_array_unref(p->nodes);
    g_ptr_array_unref(p->promoted);
    g_free(p->role);
}

/* " on N1 N2" for the nodes of @nodes that are (or are not) in @in */
static void
append_nodes(GString *s, const GPtrArray *nodes, const GPtrArray *in,
             gboolean want_in)
{
    const char *sep = " on ";

    for (guint i = 0; i < nodes->len; i++) {
        const char *n = nodes->pdata[i];

        if (in == NULL || g_ptr_array_find_with_equal_func(
                (GPtrArray *) in, n, g_str_equal, NULL) == want_in) {
            g_string_append_printf(s, "%s%s", sep, n);
            sep = " ";
        }
    }
}

/* "Started on node1", "Stopped", "FAILED on node2", a clone "Started on
 * node1 node2", a promotable one "Promoted on node1, Unpromoted on node2" */
static char *
where_text(GVariant *st, const char *id)
{
    struct placed p;
    GString *s = g_string_new(NULL);

    placed_init(&p, st, id);
    if (!p.known) {
        g_string_append(s, "unknown to the cluster");
    } else if (p.failed || p.nodes->len == 0 || !p.clone) {
        g_string_append(s, p.failed ? "FAILED"
                           : (p.nodes->len > 0 && !p.all_active)
                           ? "partly started" : (p.role != NULL ? p.role : ""));
        append_nodes(s, p.nodes, NULL, FALSE);
    } else if (p.promoted->len > 0) {
        /* the clone's own role says nothing of its instances' */
        g_string_append(s, "Promoted");
        append_nodes(s, p.promoted, NULL, FALSE);
        if (p.nodes->len > p.promoted->len) {
            g_string_append(s, ", Unpromoted");
            append_nodes(s, p.nodes, p.promoted, FALSE);
        }
    } else {
        g_string_append(s, p.all_active ? "Started" : "partly started");
        append_nodes(s, p.nodes, NULL, FALSE);
    }
    placed_clear(&p);
    return g_string_free(s, FALSE);
}

/* It runs where the move wants it: wholly on the target (a clone: there
 * too), or somewhere, but not where it was. */
static gboolean
arrived(GVariant *st, const struct move *m)
{
    struct placed p;
    gboolean there;

    placed_init(&p, st, m->id);
    there = p.known && !p.failed && p.all_active && p.nodes->len > 0;
    if (there && m->promoted) {
        there = (m->node != NULL)
                ? g_ptr_array_find_with_equal_func(p.promoted, m->node,
                                                   g_str_equal, NULL)
                : (p.promoted->len > 0
                   && !g_ptr_array_find_with_equal_func(p.promoted, m->from,
                                                        g_str_equal, NULL));
    } else if (there && m->node == NULL) {
        there = !g_ptr_array_find_with_equal_func(p.nodes, m->from,
                                                  g_str_equal, NULL);
    } else if (there) {
        there = g_ptr_array_find_with_equal_func(p.nodes, m->node,
                                                 g_str_equal, NULL)
                && (p.clone || p.nodes->len == 1);
    }
    placed_clear(&p);
    return there;
}

/*
 * Wait until the cluster settled or @deadline_us passed; the last status
 * (owned) or NULL with an exit code printed.
 */
static GVariant *
settle(gint64 deadline_us, gboolean *ret_settled, int *ret_exit)
{
    guint64 generation = 0;

    for (;;) {
        GVariant *st = NULL;
        gboolean settled = FALSE;
        gint64 left_ms = (deadline_us - g_get_monotonic_time()) / 1000;
        int rc = hactl_status_wait(generation,
                                   (guint) CLAMP(left_ms, 0, 5000),
                                   &generation, &st);

        if (rc < 0) {
            *ret_exit = hactl_hacd_fail(rc, WHAT);
            return NULL;
        }
        (void) g_variant_lookup(st, "settled", "b", &settled);
        if (settled || g_get_monotonic_time() >= deadline_us) {
            *ret_settled = settled;
            return st;
        }
        g_variant_unref(st);
    }
}

/* ---- the command ---- */

/* Check the node, find where the resource runs; an exit code. */
static int
prepare(struct move *m)
{
    g_autoptr(GVariant) st = NULL;
    struct placed p;
    const GPtrArray *on;
    int rc = hactl_hacd_call(HA_IPC_HACD_STATUS, g_variant_new("()"),
                             HA_IPC_HACD_STATUS_REPLY, FALSE, &st);

    if (rc < 0) {
        return hactl_hacd_fail(rc, WHAT);
    }
    if (m->node != NULL) {
        g_autoptr(GVariant) nodes = g_variant_lookup_value(
            st, "nodes", G_VARIANT_TYPE("a(uss)"));
        gboolean known = FALSE;
        GVariantIter it;
        const char *name, *state;
        guint32 id;

        if (nodes != NULL) {
            g_variant_iter_init(&it, nodes);
            while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
                known |= (strcmp(name, m->node) == 0);
            }
        }
        if (!known) {
            fprintf(stderr, "hactl: %s: no node '%s' in the cluster\n", WHAT,
                    m->node);
            return HACTL_EXIT_NOT_FOUND;
        }
        m->cid = g_strdup_printf("cli-prefer-%s", m->id);
        return HACTL_EXIT_OK;
    }
    placed_init(&p, st, m->id);
    if (!p.known) {
        placed_clear(&p);
        fprintf(stderr, "hactl: %s: no resource '%s'\n", WHAT, m->id);
        return HACTL_EXIT_NOT_FOUND;
    }
    on = m->promoted ? p.promoted : p.nodes;
    if (on->len != 1) {
        fprintf(stderr, "hactl: %s: '%s' %s on %s: name the node to move "
                "it to\n", WHAT, m->id, m->promoted ? "is promoted" : "runs",
                on->len == 0 ? "no node" : "several nodes");
        placed_clear(&p);
        return HACTL_EXIT_ERROR;
    }
    m->from = g_strdup(on->pdata[0]);
    placed_clear(&p);
    m->cid = g_strdup_printf("cli-ban-%s-on-%s", m->id, m->from);
    return HACTL_EXIT_OK;
}

/* The constraint goes; then the resource must stay where it went. */
static int
unpin(const struct hactl_globals *g, const struct move *m, gint64 deadline_us)
{
    struct hactl_globals quiet = *g;
    g_autoptr(GVariant) st = NULL;
    g_autofree char *where = NULL;
    g_autofree char *msg = NULL;
    g_autofree char *version = NULL;
    gboolean settled = FALSE;
    guint64 a = 0, e = 0, u = 0;
    int code;

    quiet.quiet = TRUE;
    code = hactl_edit(&quiet, WHAT, edit_remove, (gpointer) m);
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    /* give it at least a few seconds to show it would move back */
    st = settle(MAX(deadline_us, g_get_monotonic_time() + 5 * G_USEC_PER_SEC),
                &settled, &code);
    if (st == NULL) {
        return code;
    }
    where = where_text(st, m->id);
    if (!settled || !arrived(st, m)) {
        fprintf(stderr, "hactl: %s: '%s' did not stay once constraint %s "
                "was removed: it is %s%s (a higher resource-stickiness "
                "keeps it, or use --pin)\n", WHAT, m->id, m->cid, where,
                settled ? "" : " and the cluster has not settled");
        return HACTL_EXIT_TIMEOUT;
    }
    (void) g_variant_lookup(st, "version", "(ttt)", &a, &e, &u);
    version = g_strdup_printf("%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".%"
                              G_GUINT64_FORMAT, a, e, u);
    msg = g_strdup_printf("Resource '%s' moved %s%s: %s; constraint %s "
                          "removed again", m->id,
                          m->node != NULL ? "to " : "away from ",
                          m->node != NULL ? m->node : m->from, where, m->cid);
    hactl_print_done(g, WHAT, msg, version);
    return HACTL_EXIT_OK;
}

static int
move_temporary(const struct hactl_globals *g, const struct move *m,
               double timeout_s)
{
    struct hactl_globals quiet = *g;
    gint64 deadline_us = g_get_monotonic_time()
                         + (gint64) (timeout_s * G_USEC_PER_SEC);
    g_autoptr(GVariant) st = NULL;
    g_autofree char *where = NULL;
    g_autofree char *why = NULL;
    gboolean settled = FALSE;
    int code;

    quiet.quiet = TRUE;
    code = hactl_edit(&quiet, WHAT, edit_add, (gpointer) m);
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    st = settle(deadline_us, &settled, &code);
    if (st != NULL && settled && arrived(st, m)) {
        return unpin(g, m, deadline_us);
    }
    if (st == NULL) {
        return code;
    }
    /* it did not get there: the constraint must not stay behind */
    code = hactl_edit(&quiet, WHAT, edit_remove, (gpointer) m);
    where = where_text(st, m->id);
    why = settled ? g_strdup(" (the cluster settled without it)")
                  : g_strdup_printf(" within %.0f s", timeout_s);
    fprintf(stderr, "hactl: %s: '%s' %s %s%s: it is %s; constraint %s %s\n",
            WHAT, m->id, m->node != NULL ? "did not start on" : "did not "
            "move away from", m->node != NULL ? m->node : m->from, why,
            where, m->cid,
            code == HACTL_EXIT_OK ? "removed" : "could NOT be removed");
    return HACTL_EXIT_TIMEOUT;
}

/* "PT1H", "30m" ... from now, as an ISO 8601 UTC time; NULL if bad. */
static char *
lifetime_end(const char *text)
{
    guint64 ms = 0;
    g_autoptr(GDateTime) now = g_date_time_new_now_utc();
    g_autoptr(GDateTime) end = NULL;

    if (ha_duration_parse_ms(text, &ms) < 0 || ms < 1000) {
        return NULL;
    }
    end = g_date_time_add_seconds(now, (gdouble) (ms / 1000));
    return (end != NULL) ? g_date_time_format(end, "%Y-%m-%dT%H:%M:%SZ")
                         : NULL;
}

static void
move_clear(struct move *m)
{
    g_free(m->from);
    g_free(m->cid);
    g_free(m->until);
}

int
hactl_resource_move(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct move m = { .pin = hactl_arg_flag(a, "pin"),
                      .promoted = hactl_arg_flag(a, "promoted") };
    const char *lifetime = hactl_arg_value(a, "lifetime");
    double wait_s = a->wait_s;
    int code;

    if (lifetime != NULL && !m.pin) {
        fprintf(stderr, "hactl: %s: --lifetime needs --pin (a temporary "
                "move removes its constraint itself)\n", WHAT);
        hactl_help_usage_line(stderr, &hactl_noun_resource, a->verb);
        return HACTL_EXIT_USAGE;
    }
    m.id = a->argv[0];
    m.node = a->argv[1];
    if (lifetime != NULL) {
        m.until = lifetime_end(lifetime);
        if (m.until == NULL) {
            fprintf(stderr, "hactl: %s: bad --lifetime '%s' (want an ISO "
                    "8601 duration like PT1H, or 30m)\n", WHAT, lifetime);
            return HACTL_EXIT_INVALID;
        }
    }
    code = prepare(&m);
    if (code == HACTL_EXIT_OK && m.pin) {
        code = hactl_edit(g, WHAT, edit_add, &m);
        if (code == HACTL_EXIT_OK && wait_s > 0) {
            code = hactl_wait_settled(WHAT, wait_s);
        }
    } else if (code == HACTL_EXIT_OK) {
        code = move_temporary(g, &m, wait_s > 0 ? wait_s
                                                : HACTL_WAIT_DEFAULT_S);
    }
    move_clear(&m);
    return code;
}
