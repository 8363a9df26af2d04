/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/hacd_test_lab.h - the fixture of the process-level tests:
 * several hacd instances in this process on the fake cluster backend, each
 * with a state directory under one temporary root (and, for the controller
 * tests, a real ha-execd process of its own).  Shared by test_hacd_cluster
 * and the test_hacd_ctl* programs (hacd_test_lab.c).
 */
#ifndef HA_HACD_TEST_LAB_H
#define HA_HACD_TEST_LAB_H

#include <glib.h>

#include "hacd/hacd.h"
#include "hacd_test_util.h"

#define LAB_MAXN 5

struct lab {
    ha_cluster_fake_t *fake;
    struct hacd *h[LAB_MAXN + 1];   /* by node id, 1..n; NULL: not running */
    char *dir[LAB_MAXN + 1];        /* each node's state directory */
    struct hacd_options opt[LAB_MAXN + 1];  /* lab_node_start() uses these
                                             * (state_dir: dir[id]) */
    GPid execd[LAB_MAXN + 1];       /* its executor process, 0: none */
    char *execd_name[LAB_MAXN + 1]; /* owned */
    guint n;
    guint wait_ms;                  /* run_until()'s bound */
    char *root;                     /* removed by lab_free() */
};

/**
 * @n nodes "node1".."nodeN" of one vote each in a new fake cluster, none
 * running; options keep 3 versions and speak HACD_PROTOCOL.
 */
struct lab *lab_new(guint n, guint wait_ms);

/** Start node @id's hacd with lab->opt[id]. */
void lab_node_start(struct lab *lab, guint id);

void lab_start_all(struct lab *lab);

/** The process dies (others see it leave the group, the node stays up). */
void lab_node_kill(struct lab *lab, guint id);

/** Stop everything and remove the temporary tree. */
void lab_free(struct lab *lab);

typedef gboolean (*lab_pred_fn)(struct lab *lab, gconstpointer data);

/** Run the loop until @pred holds (asserts it does within wait_ms). */
void run_until(lab_pred_fn pred, struct lab *lab, gconstpointer data);

/** The running instance that is DC, or NULL. */
struct hacd *lab_dc(struct lab *lab);

#endif /* HA_HACD_TEST_LAB_H */
