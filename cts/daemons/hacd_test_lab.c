/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/hacd_test_lab.c - the process-level tests' fixture (see
 * hacd_test_lab.h).
 */
#include "config.h"

#include <signal.h>
#include <sys/wait.h>

#include "hacd/hacd_core.h"
#include "hacd_test_lab.h"

struct lab *
lab_new(guint n, guint wait_ms)
{
    struct lab *lab = g_new0(struct lab, 1);

    g_assert_cmpuint(n, <=, LAB_MAXN);
    lab->fake = ha_cluster_fake_new();
    lab->n = n;
    lab->wait_ms = wait_ms;
    lab->root = g_dir_make_tmp("hacd-test-XXXXXX", NULL);
    g_assert_nonnull(lab->root);
    for (guint id = 1; id <= n; id++) {
        g_autofree char *name = g_strdup_printf("node%u", id);

        ha_cluster_fake_node_add(lab->fake, id, name, 1);
        lab->dir[id] = g_build_filename(lab->root, name, NULL);
        lab->opt[id].keep = 3;
        lab->opt[id].protocol = HACD_PROTOCOL;
    }
    return lab;
}

void
lab_node_start(struct lab *lab, guint id)
{
    struct hacd_options opt = lab->opt[id];

    opt.state_dir = lab->dir[id];
    opt.execd_name = lab->execd_name[id];
    lab->h[id] = hacd_new(&opt, lab->fake, id);
    g_assert_cmpint(hacd_start(lab->h[id]), ==, 0);
}

void
lab_start_all(struct lab *lab)
{
    for (guint id = 1; id <= lab->n; id++) {
        lab_node_start(lab, id);
    }
}

void
lab_node_kill(struct lab *lab, guint id)
{
    ha_cluster_fake_kill(lab->fake, lab->h[id]->cluster);
    g_clear_pointer(&lab->h[id], hacd_free);
}

void
lab_free(struct lab *lab)
{
    for (guint id = 1; id <= lab->n; id++) {
        hacd_free(lab->h[id]);
        if (lab->execd[id] > 0) {
            (void) kill(lab->execd[id], SIGKILL);
            (void) waitpid(lab->execd[id], NULL, 0);
        }
        g_free(lab->execd_name[id]);
        g_free(lab->dir[id]);
    }
    while (g_main_context_iteration(NULL, FALSE)) {
        /* drain idle completions */
    }
    ha_cluster_fake_free(lab->fake);
    rm_rf(lab->root);
    g_free(lab->root);
    g_free(lab);
}

struct cond {
    lab_pred_fn pred;
    struct lab *lab;
    gconstpointer data;
};

static gboolean
cond_holds(gconstpointer p)
{
    const struct cond *c = p;

    return c->pred(c->lab, c->data);
}

void
run_until(lab_pred_fn pred, struct lab *lab, gconstpointer data)
{
    struct cond c = { pred, lab, data };

    test_wait_until(cond_holds, &c, lab->wait_ms);
}

struct hacd *
lab_dc(struct lab *lab)
{
    for (guint id = 1; id <= lab->n; id++) {
        if (lab->h[id] != NULL && hacd_is_dc(lab->h[id])) {
            return lab->h[id];
        }
    }
    return NULL;
}
