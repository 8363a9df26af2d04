/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cluster_quorum.c - votequorum's arithmetic for
 * `hactl cluster stop`: would the other nodes keep quorum without this
 * one?  A pure function of the configuration and hacd's view of the
 * nodes, so that it is tested on its own (tools/hactl/tests).
 */
#include "config.h"

#include <string.h>

#include "hactl_cluster.h"

static guint
node_votes(const struct hactl_cluster *c, const char *name)
{
    const struct hactl_cluster_node *n = (c != NULL)
                                         ? hactl_cluster_node_find(c, name)
                                         : NULL;

    return (n != NULL) ? n->votes : 1;
}

/* A node whose hacd left is pending: its corosync still votes. */
static gboolean
state_votes(const char *state)
{
    return strcmp(state, "offline") != 0 && strcmp(state, "lost") != 0;
}

/* With auto_tie_breaker, an exact half keeps quorum if it holds the
 * lowest nodeid (votequorum's default auto_tie_breaker_node). */
static gboolean
tie_broken_for_others(const struct hactl_cluster *c, GVariant *nodes,
                      const char *local, guint left, guint expected)
{
    guint32 lowest = G_MAXUINT32;
    GVariantIter it;
    guint32 id;
    const char *name, *state;

    if (c == NULL || !c->auto_tie_breaker || left * 2 != expected) {
        return FALSE;
    }
    for (guint i = 0; i < c->nodes->len; i++) {
        lowest = MIN(lowest, ((const struct hactl_cluster_node *)
                              c->nodes->pdata[i])->nodeid);
    }
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        const struct hactl_cluster_node *n = hactl_cluster_node_find(c, name);

        if (strcmp(name, local) != 0 && state_votes(state) && n != NULL
            && n->nodeid == lowest) {
            return TRUE;
        }
    }
    return FALSE;
}

gboolean
hactl_cluster_stop_is_safe(const struct hactl_cluster *c, GVariant *nodes,
                           const char *local, gboolean quorate,
                           struct hactl_cluster_stop_votes *votes)
{
    guint all = 0;
    GVariantIter it;
    guint32 id;
    const char *name, *state;

    memset(votes, 0, sizeof(*votes));
    g_variant_iter_init(&it, nodes);
    while (g_variant_iter_next(&it, "(u&s&s)", &id, &name, &state)) {
        all += node_votes(c, name);
        if (strcmp(name, local) != 0 && state_votes(state)) {
            votes->others++;
            votes->left += node_votes(c, name);
        }
    }
    votes->expected = (c != NULL) ? hactl_cluster_expected_votes(c) : all;
    votes->needed = (c != NULL) ? hactl_cluster_quorum_votes(c)
                                : votes->expected / 2 + 1;
    return !quorate || votes->others == 0 || votes->left >= votes->needed
           || tie_broken_for_others(c, nodes, local, votes->left,
                                    votes->expected);
}
