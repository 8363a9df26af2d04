/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * cts/daemons/hacd_ctl_lab.h - what the controller tests
 * (test_hacd_ctl*.c) share: three hacd instances on the fake cluster, each
 * with a real ha-execd process, the configuration they run, and what the
 * cluster says about resources.  Fencing, quorum and real corosync are the
 * lab's (cts/lab).
 */
#ifndef HA_HACD_CTL_LAB_H
#define HA_HACD_CTL_LAB_H

#include <glib.h>

#include "hacd/hacd.h"
#include "hacd_test_lab.h"

#define N 3
#define WAIT_MS 60000

struct ctl_test {
    const char *path;
    GTestFunc fn;
};

/** main() of a controller test program: skipped unless root (ha-execd
 * serves root and hacluster only) or HA_REQUIRE_LAB is set. */
int ctl_test_main(int argc, char **argv, const char *name,
                  const struct ctl_test *tests, guint n_tests);

char *path_in(struct lab *lab, const char *what, guint id);

void execd_start(struct lab *lab, guint id);

void execd_kill(struct lab *lab, guint id);

/* Fence agents of the fence-agents protocol: fence_test logs what it is
 * asked ("ACTION PORT") to ROOT/fenced.log, fence_broken always fails,
 * fence_hang hangs (a switch that does not answer). */
void make_fence_agents(struct lab *lab);

/** Three nodes, each with its own ha-execd (the real ocf:ha agents and
 * the fence agents of make_fence_agents()), all started. */
struct lab *ctl_lab_new(void);

/** The nodes where @rsc runs, per the status of any live instance. */
GPtrArray *where(struct lab *lab, const char *rsc, gboolean *ret_settled);

struct placed {
    const char *rsc;
    const char *node;       /* NULL: anywhere */
    const char *not_node;   /* NULL: anywhere */
};

gboolean placed_and_settled(struct lab *lab, gconstpointer data);

char *running_on(struct lab *lab, const char *rsc, const char *node,
                 const char *not_node);

/* How often @rsc was started on @node (its executor's history). */
guint starts_on(struct lab *lab, const char *rsc, guint id);

struct wres {
    gboolean done;
    int rc;
};

gboolean write_done_pred(struct lab *lab, gconstpointer data);

void write_done(int rc, const struct ha_store_version *v, const char *digest,
                void *ud);

void cleanup_done(int rc, void *ud);

gboolean all_synced(struct lab *lab, gconstpointer data);

/* A CIB with one ocf:ha:stateless resource r1 (its starts logged): extra
 * @params, @meta and @constraints as XML. */
void configure_full(struct lab *lab, guint id, gboolean stonith,
                    const char *rscs, const char *params, const char *meta,
                    const char *constraints, const char *more);

void configure_with(struct lab *lab, guint id, const char *params,
                    const char *meta, const char *constraints, const char *more);

void configure(struct lab *lab, guint id, const char *params, const char *meta,
               const char *constraints);

gboolean file_has(struct lab *lab, gconstpointer data);

/* Transitions the DC ran (complete or aborted). */
guint64 transitions(struct lab *lab);

#endif /* HA_HACD_CTL_LAB_H */
