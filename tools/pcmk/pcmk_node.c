/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/pcmk/pcmk_node.c - crm_node: this node's name (-n) and id (-i),
 * the cluster's nodes (-l: "ID NAME member|lost"), the members of this
 * partition (-p) and whether it has quorum (-q: 1 or 0), from hacd's
 * status.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "pcmk_tools.h"

static const struct pcmk_opt crm_node_opts[] = {
    { 'n', "name", ARG_NONE, OPT_NODENAME },
    { 'i', "cluster-id", ARG_NONE, OPT_NODEID },
    { 'l', "list", ARG_NONE, OPT_LIST },
    { 'p', "partition", ARG_NONE, OPT_PARTITION },
    { 'q', "quorum", ARG_NONE, OPT_QUORUM },
    { 'V', "verbose", ARG_NONE, OPT_IGNORED },
    { 'h', "help", ARG_NONE, OPT_HELP },
    { 0 }
};

/* A node of hacd's status is a member unless it was lost. */
static gboolean
is_member(const char *state)
{
    return strcmp(state, "lost") != 0 && strcmp(state, "offline") != 0;
}

static void
print_nodes(GVariant *st, gboolean list)
{
    g_autoptr(GVariant) nodes = g_variant_lookup_value(st, "nodes",
                                                       G_VARIANT_TYPE("a(uss)"));
    GVariantIter it;
    guint32 id;
    const char *name, *state;
    const char *sep = "";

    if (nodes == NULL) {
        return;
    }
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        if (list) {
            printf("%u %s %s\n", id, name, is_member(state) ? "member" : "lost");
        } else if (is_member(state)) {
            printf("%s%s", sep, name);
            sep = " ";
        }
    }
    if (!list) {
        printf("\n");
    }
}

int
pcmk_crm_node(int argc, char **argv)
{
    struct pcmk_args a;
    int code = pcmk_args_parse("crm_node", crm_node_opts, argc, argv, &a);
    g_autoptr(GVariant) st = NULL;
    gboolean quorate = FALSE;
    guint32 id = 0;
    const char *name = "";

    if (code != PCMK_EX_OK || a.set[OPT_HELP]) {
        return code;
    }
    if (!a.set[OPT_NODENAME] && !a.set[OPT_NODEID] && !a.set[OPT_LIST]
        && !a.set[OPT_PARTITION] && !a.set[OPT_QUORUM]) {
        return pcmk_fail("crm_node", PCMK_EX_USAGE, "one of -n, -i, -l, -p "
                         "or -q is needed");
    }
    st = pcmk_status("crm_node", &code);
    if (st == NULL) {
        return code;
    }
    (void) g_variant_lookup(st, "local_name", "&s", &name);
    (void) g_variant_lookup(st, "local_nodeid", "u", &id);
    (void) g_variant_lookup(st, "quorate", "b", &quorate);
    if (a.set[OPT_NODENAME]) {
        printf("%s\n", name);
    } else if (a.set[OPT_NODEID]) {
        printf("%u\n", id);
    } else if (a.set[OPT_QUORUM]) {
        printf("%d\n", quorate ? 1 : 0);
    } else {
        print_nodes(st, a.set[OPT_LIST]);
    }
    return PCMK_EX_OK;
}
