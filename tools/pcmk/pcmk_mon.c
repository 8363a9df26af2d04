/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/pcmk/pcmk_mon.c - crm_mon -1 -X / --output-as=xml: hacd's status
 * in the shape of Pacemaker's XML for what agents read of it (the DC and
 * quorum, each node's online/standby/maintenance, each resource's role
 * and nodes, clones and groups around their members).  One shot only;
 * text output and the daemon modes are refused.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pcmk_tools.h"

#define TOOL "crm_mon"

static const struct pcmk_opt crm_mon_opts[] = {
    { '1', "one-shot", ARG_NONE, OPT_ONESHOT },
    { 'X', "as-xml", ARG_NONE, OPT_XML },
    { 0, "output-as", ARG_REQUIRED, OPT_OUTPUT_AS },
    { 'r', "inactive", ARG_NONE, OPT_IGNORED },
    { 'V', "verbose", ARG_NONE, OPT_IGNORED },
    { 'h', "help", ARG_NONE, OPT_HELP },
    { 0 }
};

static const char *
tf(gboolean b)
{
    return b ? "true" : "false";
}

static gboolean
flag(GVariant *dict, const char *key)
{
    gboolean b = FALSE;

    (void) g_variant_lookup(dict, key, "b", &b);
    return b;
}

/* The node_flags entry of @name, or NULL (owned). */
static GVariant *
node_flags(GVariant *st, const char *name)
{
    g_autoptr(GVariant) all = g_variant_lookup_value(st, "node_flags",
                                                     G_VARIANT_TYPE("aa{sv}"));
    GVariantIter it;
    GVariant *f;

    if (all == NULL) {
        return NULL;
    }
    g_variant_iter_init(&it, all);
    while ((f = g_variant_iter_next_value(&it)) != NULL) {
        const char *n = "";

        (void) g_variant_lookup(f, "name", "&s", &n);
        if (strcmp(n, name) == 0) {
            return f;
        }
        g_variant_unref(f);
    }
    return NULL;
}

static void
print_nodes(GVariant *st)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(st, "nodes",
                                                       G_VARIANT_TYPE("a(uss)"));
    const char *dc = "";
    GVariantIter it;
    guint32 id;
    const char *name, *state;

    (void) g_variant_lookup(st, "dc_name", "&s", &dc);
    printf("  <nodes>\n");
    if (nodes != NULL) {
        g_variant_iter_init(&it, nodes);
    }
    while (nodes != NULL && g_variant_iter_next(&it, "(u&s&s)", &id, &name,
                                                &state)) {
        g_autoptr(GVariant) f = node_flags(st, name);
        g_autofree char *ename = g_markup_escape_text(name, -1);

        printf("    <node name=\"%s\" id=\"%u\" online=\"%s\" standby=\"%s\" "
               "maintenance=\"%s\" pending=\"%s\" unclean=\"%s\" "
               "is_dc=\"%s\" type=\"member\"/>\n", ename, id,
               tf(strcmp(state, "online") == 0),
               tf(f != NULL && flag(f, "standby")),
               tf(f != NULL && flag(f, "maintenance")),
               tf(strcmp(state, "pending") == 0),
               tf(f != NULL && flag(f, "unclean")), tf(strcmp(name, dc) == 0));
    }
    printf("  </nodes>\n");
}

static void print_children(GVariant *rscs, const char *parent, int depth);

static void
print_primitive(GVariant *r, const char *eid, int depth)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(r, "nodes",
                                                       G_VARIANT_TYPE("as"));
    const char *agent = "", *role = "", *node;
    GVariantIter it;

    (void) g_variant_lookup(r, "agent", "&s", &agent);
    (void) g_variant_lookup(r, "role", "&s", &role);
    printf("%*s<resource id=\"%s\" resource_agent=\"%s\" role=\"%s\" "
           "active=\"%s\" orphaned=\"%s\" managed=\"%s\" failed=\"%s\" "
           "nodes_running_on=\"%zu\"%s>\n", depth * 2, "", eid, agent, role,
           tf(nodes != NULL && g_variant_n_children(nodes) > 0),
           tf(flag(r, "orphan")), tf(flag(r, "managed")), tf(flag(r, "failed")),
           nodes != NULL ? g_variant_n_children(nodes) : 0,
           (nodes == NULL || g_variant_n_children(nodes) == 0) ? "/" : "");
    if (nodes == NULL || g_variant_n_children(nodes) == 0) {
        return;
    }
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "&s", &node)) {
        g_autofree char *en = g_markup_escape_text(node, -1);

        printf("%*s<node name=\"%s\"/>\n", depth * 2 + 2, "", en);
    }
    printf("%*s</resource>\n", depth * 2, "");
}

static void
print_rsc(GVariant *rscs, GVariant *r, int depth)
{
    const char *id = "", *kind = "";
    g_autofree char *eid = NULL;

    (void) g_variant_lookup(r, "id", "&s", &id);
    (void) g_variant_lookup(r, "kind", "&s", &kind);
    eid = g_markup_escape_text(id, -1);
    if (strcmp(kind, "clone") == 0) {
        printf("%*s<clone id=\"%s\" multi_state=\"%s\" managed=\"%s\" "
               "failed=\"%s\">\n", depth * 2, "", eid,
               tf(flag(r, "promotable")), tf(flag(r, "managed")),
               tf(flag(r, "failed")));
    } else if (strcmp(kind, "group") == 0) {
        printf("%*s<group id=\"%s\">\n", depth * 2, "", eid);
    } else {
        /* an anonymous clone's instances show the primitive's id, as
         * Pacemaker's do (agents grep <resource id="RSC" ...) */
        if (strchr(eid, ':') != NULL && g_str_has_suffix(kind, "primitive")) {
            *strchr(eid, ':') = '\0';
        }
        print_primitive(r, eid, depth);
        return;
    }
    print_children(rscs, id, depth + 1);
    printf("%*s</%s>\n", depth * 2, "", kind);
}

static void
print_children(GVariant *rscs, const char *parent, int depth)
{
    GVariantIter it;
    GVariant *r;

    g_variant_iter_init(&it, rscs);
    while ((r = g_variant_iter_next_value(&it)) != NULL) {
        const char *p = "";

        (void) g_variant_lookup(r, "parent", "&s", &p);
        if (strcmp(p, parent) == 0) {
            print_rsc(rscs, r, depth);
        }
        g_variant_unref(r);
    }
}

static void
print_status(GVariant *st, int argc, char **argv)
{
    g_autoptr(GVariant) rscs = g_variant_lookup_value(st, "resources",
                                                      G_VARIANT_TYPE("aa{sv}"));
    /* argv[0] is a path: the request names the tool */
    g_autofree char *args = g_strjoinv(" ", argv + 1);
    g_autofree char *request = g_strdup_printf("%s %s", TOOL, args);
    g_autofree char *erequest = g_markup_escape_text(request, -1);
    const char *dc = "";
    guint32 dc_id = 0;

    (void) argc;
    (void) g_variant_lookup(st, "dc_name", "&s", &dc);
    (void) g_variant_lookup(st, "dc_nodeid", "u", &dc_id);
    printf("<?xml version=\"1.0\"?>\n<pacemaker-result api-version=\"2.25\" "
           "request=\"%s\">\n  <summary>\n", erequest);
    printf("    <current_dc present=\"%s\" name=\"%s\" id=\"%u\" "
           "with_quorum=\"%s\"/>\n  </summary>\n", tf(dc[0] != '\0'), dc,
           dc_id, tf(flag(st, "quorate")));
    print_nodes(st);
    printf("  <resources>\n");
    if (rscs != NULL) {
        print_children(rscs, "", 2);
    }
    printf("  </resources>\n  <status code=\"0\" message=\"OK\"/>\n"
           "</pacemaker-result>\n");
}

int
pcmk_crm_mon(int argc, char **argv)
{
    struct pcmk_args a;
    int code = pcmk_args_parse(TOOL, crm_mon_opts, argc, argv, &a);
    g_autoptr(GVariant) st = NULL;
    const char *as = a.val[OPT_OUTPUT_AS];

    if (code != PCMK_EX_OK || a.set[OPT_HELP]) {
        return code;
    }
    if (as != NULL && strcmp(as, "xml") != 0) {
        return pcmk_fail(TOOL, PCMK_EX_USAGE, "option '--output-as=%s' is not "
                         "supported by ha's crm_mon: only xml", as);
    }
    if (!a.set[OPT_XML] && as == NULL) {
        return pcmk_fail(TOOL, PCMK_EX_USAGE, "only XML output is supported "
                         "by ha's crm_mon (-X or --output-as=xml)");
    }
    if (!a.set[OPT_ONESHOT] && !a.set[OPT_XML]) {
        return pcmk_fail(TOOL, PCMK_EX_USAGE, "only one-shot output is "
                         "supported by ha's crm_mon (-1)");
    }
    st = pcmk_status(TOOL, &code);
    if (st == NULL) {
        return code;
    }
    print_status(st, argc, argv);
    return PCMK_EX_OK;
}
