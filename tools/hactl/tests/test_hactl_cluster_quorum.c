/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/tests/test_hactl_cluster_quorum.c - the quorum arithmetic
 * of `hactl cluster stop` (hactl_cluster_stop_is_safe()), on
 * corosync.conf files read by hactl's own reader and node lists as hacd's
 * status gives them.
 */
#include "config.h"

#include <glib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "hactl_cluster.h"

/* A model of a corosync.conf with nodes n1..n@count (nodeid i, one vote
 * each except @votes2 for n2) and @quorum_keys in its quorum section. */
static struct hactl_cluster *
model(guint count, guint votes2, const char *quorum_keys)
{
    g_autofree char *dir = g_dir_make_tmp("test-quorum-XXXXXX", NULL);
    g_autofree char *path = g_build_filename(dir, "corosync.conf", NULL);
    g_autoptr(GString) text = g_string_new("totem {\n    version: 2\n}\n"
                                           "nodelist {\n");
    struct hactl_cluster *c = NULL;

    for (guint i = 1; i <= count; i++) {
        g_string_append_printf(text, "    node {\n        name: n%u\n"
                               "        nodeid: %u\n"
                               "        ring0_addr: 10.0.0.%u\n", i, i, i);
        if (i == 2 && votes2 != 1) {
            g_string_append_printf(text, "        quorum_votes: %u\n",
                                   votes2);
        }
        g_string_append(text, "    }\n");
    }
    g_string_append_printf(text, "}\nquorum {\n    provider: "
                           "corosync_votequorum\n%s}\n", quorum_keys);
    g_assert_true(g_file_set_contents(path, text->str, -1, NULL));
    g_assert_cmpint(hactl_cluster_load(dir, "test", &c), ==, 0);
    (void) g_unlink(path);
    (void) g_rmdir(dir);
    return c;
}

/* hacd's status nodes from "n1:online n2:offline ...". */
static GVariant *
status_nodes(const char *spec)
{
    g_auto(GStrv) items = g_strsplit(spec, " ", -1);
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(uss)"));
    for (guint i = 0; items[i] != NULL; i++) {
        g_auto(GStrv) kv = g_strsplit(items[i], ":", 2);

        g_variant_builder_add(&b, "(uss)", i + 1, kv[0], kv[1]);
    }
    return g_variant_ref_sink(g_variant_builder_end(&b));
}

static gboolean
safe(const struct hactl_cluster *c, const char *spec, gboolean quorate,
     struct hactl_cluster_stop_votes *v)
{
    g_autoptr(GVariant) nodes = status_nodes(spec);

    return hactl_cluster_stop_is_safe(c, nodes, "n1", quorate, v);
}

static void
three_all_online(void)
{
    g_autoptr(hactl_cluster_t) c = model(3, 1, "");
    struct hactl_cluster_stop_votes v;

    g_assert_true(safe(c, "n1:online n2:online n3:online", TRUE, &v));
    g_assert_cmpuint(v.others, ==, 2);
    g_assert_cmpuint(v.left, ==, 2);
    g_assert_cmpuint(v.expected, ==, 3);
    g_assert_cmpuint(v.needed, ==, 2);
}

static void
three_one_down(void)
{
    g_autoptr(hactl_cluster_t) c = model(3, 1, "");
    struct hactl_cluster_stop_votes v;

    /* n2 alone would have 1 of 3 votes */
    g_assert_false(safe(c, "n1:online n2:online n3:offline", TRUE, &v));
    g_assert_cmpuint(v.others, ==, 1);
    g_assert_cmpuint(v.left, ==, 1);
    g_assert_cmpuint(v.needed, ==, 2);
    /* a lost node does not vote either; a pending one (hacd gone,
     * corosync still there) does */
    g_assert_false(safe(c, "n1:online n2:online n3:lost", TRUE, &v));
    g_assert_true(safe(c, "n1:online n2:online n3:pending", TRUE, &v));
}

static void
nothing_to_lose(void)
{
    g_autoptr(hactl_cluster_t) c = model(3, 1, "");
    struct hactl_cluster_stop_votes v;

    /* without quorum now, or with no other node up, a stop costs nothing */
    g_assert_true(safe(c, "n1:online n2:online n3:offline", FALSE, &v));
    g_assert_true(safe(c, "n1:online n2:offline n3:offline", TRUE, &v));
    g_assert_cmpuint(v.others, ==, 0);
}

static void
two_node(void)
{
    g_autoptr(hactl_cluster_t) c = model(2, 1, "    two_node: 1\n");
    g_autoptr(hactl_cluster_t) plain = model(2, 1, "");
    struct hactl_cluster_stop_votes v;

    g_assert_true(safe(c, "n1:online n2:online", TRUE, &v));
    g_assert_cmpuint(v.needed, ==, 1);
    /* without two_node, two nodes need both votes */
    g_assert_false(safe(plain, "n1:online n2:online", TRUE, &v));
    g_assert_cmpuint(v.needed, ==, 2);
}

static void
auto_tie_breaker(void)
{
    g_autoptr(hactl_cluster_t) c = model(4, 1, "    auto_tie_breaker: 1\n");
    g_autoptr(hactl_cluster_t) plain = model(4, 1, "");
    g_autoptr(GVariant) nodes = status_nodes(
        "n1:online n2:online n3:online n4:offline");
    struct hactl_cluster_stop_votes v;

    /* n2 and n3 are half of four: without n1 (the lowest nodeid) they
     * lose the tie */
    g_assert_false(safe(c, "n1:online n2:online n3:online n4:offline", TRUE,
                        &v));
    /* stopping n3 leaves n1 and n2, who hold the lowest nodeid */
    g_assert_true(hactl_cluster_stop_is_safe(c, nodes, "n3", TRUE, &v));
    g_assert_cmpuint(v.left, ==, 2);
    g_assert_false(hactl_cluster_stop_is_safe(plain, nodes, "n3", TRUE, &v));
}

static void
votes_and_expected(void)
{
    g_autoptr(hactl_cluster_t) heavy = model(3, 2, "");
    g_autoptr(hactl_cluster_t) expected = model(3, 1,
                                                "    expected_votes: 5\n");
    struct hactl_cluster_stop_votes v;

    /* n2 has 2 of 4 votes: alone it is short of 3 */
    g_assert_false(safe(heavy, "n1:online n2:online n3:offline", TRUE, &v));
    g_assert_cmpuint(v.left, ==, 2);
    g_assert_cmpuint(v.expected, ==, 4);
    g_assert_cmpuint(v.needed, ==, 3);
    /* expected_votes in the file wins over the nodes' sum */
    g_assert_false(safe(expected, "n1:online n2:online n3:online", TRUE, &v));
    g_assert_cmpuint(v.expected, ==, 5);
    g_assert_cmpuint(v.needed, ==, 3);
}

static void
no_configuration(void)
{
    struct hactl_cluster_stop_votes v;

    /* without corosync.conf: one vote per node hacd knows */
    g_assert_false(safe(NULL, "n1:online n2:online n3:offline", TRUE, &v));
    g_assert_cmpuint(v.expected, ==, 3);
    g_assert_true(safe(NULL, "n1:online n2:online n3:online", TRUE, &v));
}

int
main(int argc, char **argv)
{
    g_test_init(&argc, &argv, NULL);

    g_test_add_func("/hactl/cluster/quorum/three-all-online",
                    three_all_online);
    g_test_add_func("/hactl/cluster/quorum/three-one-down", three_one_down);
    g_test_add_func("/hactl/cluster/quorum/nothing-to-lose", nothing_to_lose);
    g_test_add_func("/hactl/cluster/quorum/two-node", two_node);
    g_test_add_func("/hactl/cluster/quorum/auto-tie-breaker",
                    auto_tie_breaker);
    g_test_add_func("/hactl/cluster/quorum/votes-and-expected",
                    votes_and_expected);
    g_test_add_func("/hactl/cluster/quorum/no-configuration",
                    no_configuration);
    return g_test_run();
}
