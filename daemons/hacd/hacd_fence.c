/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_fence.c - fencing (DESIGN.md decision 6).
 *
 *  - The DC chooses what to run: the target's fencing-topology levels by
 *    index (target or target-pattern; every device of a level must
 *    succeed, a failed level gives way to the next), or without levels
 *    the devices that can fence it, in configuration order: stonith
 *    primitives not disabled whose pcmk_host_map or pcmk_host_list names it
 *    (pcmk_host_check=none, or neither list nor map: any node).  A node
 *    runs the agent: the DC itself unless it is the target, else the
 *    lowest member that is not.
 *  - It multicasts FENCE_REQ; that node waits the device's
 *    pcmk_delay_base plus a random part of pcmk_delay_max (two-node fence
 *    races), runs the agent through its executor (the target is the
 *    request's meta "target": the executor passes port/plug, host map and
 *    nodename to the agent) and multicasts FENCE_RESULT.
 *  - Every member records FENCE_RESULT in the fencing history (replicated,
 *    in memory); a success makes the target clean: its history and
 *    attributes are forgotten and the scheduler sees it down (unless it
 *    joined again after FENCE_REQ: the result, held up behind that
 *    membership change, ended its previous run).  A failure
 *    makes the DC try the next device; when none is left the fencing
 *    failed and the scheduler will ask again.
 *  - hactl asks with FENCE_ASK (any node, answered by the FENCE_RESULT that
 *    carries its request id).
 *  - An operator's confirmation (hactl stonith confirm) is a FENCE_RESULT
 *    of success without a device, sent by the node hactl asked: recorded
 *    and acted on like a fencing, and on the DC it completes every
 *    fencing of that target still being tried (the transitions waiting
 *    for them go on); on every node it answers the hactl requests still
 *    waiting for a fencing of that target (powering it on aside).
 *  - A fencing run here (waiting out its fence delay, or its agent
 *    running), or waiting out the DC's backoff after failures, is dropped
 *    with the fencer (hacd stopping).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "exec/exec_result.h"
#include "hacd/hacd.h"

#define DEFAULT_FENCE_TIMEOUT_MS 60000
#define CONFIRMED_REASON "confirmed by an operator (hactl stonith confirm)"
#define HISTORY_MAX 500

/* A fencing the DC runs. */
struct fence_op {
    guint64 id;
    char *target, *action, *origin;
    GPtrArray *devices;     /* levels still to try: "dev[,dev...]" */
    GStrv level_rest;       /* devices of the current level still to run */
    hacd_fence_done_fn done;
    void *ud;
};

/* A hactl request waiting for its result. */
struct fence_wait {
    guint64 id;
    char *target;
    gboolean powers_on;     /* action "on": a confirmation does not answer */
    hacd_fence_done_fn done;
    void *ud;
};

struct hacd_fencer {
    GHashTable *ops;        /* id -> fence_op (DC) */
    GHashTable *waits;      /* id -> fence_wait */
    GHashTable *failures;   /* target -> consecutive failures (DC) */
    GSList *delayed;        /* struct delayed_begin: backoff timers */
    GSList *runs;           /* struct fence_run: run here (delay, agent) */
    guint64 next_id;
};

/* A fencing that waits out its backoff before it begins. */
struct delayed_begin {
    struct hacd *h;
    guint64 id;
    guint source;
};

/* After N failed fencings of one target the next waits 2^N s (at most
 * BACKOFF_MAX_S): a missing or broken device does not make the DC spin. */
#define BACKOFF_MAX_S 60

/* A FENCE_REQ being run on this node. */
struct fence_run {
    struct hacd *h;
    guint64 id;
    char *target, *action, *device, *agent, *origin;
    GHashTable *params;
    guint timeout_ms;
    guint delay_source;     /* the fence delay's timer, while it waits */
};

static void run_free(struct fence_run *r);

static void
fence_wait_free(gpointer p)
{
    struct fence_wait *w = p;

    if (w != NULL) {
        g_free(w->target);
        g_free(w);
    }
}

static void
fence_op_free(gpointer p)
{
    struct fence_op *op = p;

    if (op != NULL) {
        g_free(op->target);
        g_free(op->action);
        g_free(op->origin);
        g_ptr_array_unref(op->devices);
        g_strfreev(op->level_rest);
        g_free(op);
    }
}

void
hacd_fence_event_free(gpointer p)
{
    struct hacd_fence_event *e = p;

    if (e != NULL) {
        g_free(e->target);
        g_free(e->action);
        g_free(e->state);
        g_free(e->delegate);
        g_free(e->origin);
        g_free(e->device);
        g_free(e->reason);
        g_free(e);
    }
}

void
hacd_fence_init(struct hacd *h)
{
    struct hacd_fencer *f = g_new0(struct hacd_fencer, 1);

    f->ops = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                   fence_op_free);
    f->waits = g_hash_table_new_full(g_int64_hash, g_int64_equal, NULL,
                                     fence_wait_free);
    f->failures = g_hash_table_new_full(g_str_hash, g_str_equal, g_free,
                                        NULL);
    f->next_id = (guint64) g_get_real_time() << 8;
    h->fencer = f;
}

void
hacd_fence_free(struct hacd *h)
{
    struct hacd_fencer *f = h->fencer;

    if (f == NULL) {
        return;
    }
    for (GSList *l = f->delayed; l != NULL; l = l->next) {
        struct delayed_begin *d = l->data;

        g_source_remove(d->source);
        g_free(d);
    }
    g_slist_free(f->delayed);
    /* the executor's link is gone already: no result comes any more */
    for (GSList *l = f->runs; l != NULL; l = l->next) {
        struct fence_run *r = l->data;

        if (r->delay_source != 0) {
            g_source_remove(r->delay_source);
        }
        run_free(r);
    }
    g_slist_free(f->runs);
    g_hash_table_destroy(f->ops);
    g_hash_table_destroy(f->waits);
    g_hash_table_destroy(f->failures);
    g_free(f);
    h->fencer = NULL;
}

/* ---- choosing devices ---- */

static gboolean
list_has(const char *list, const char *node)
{
    g_auto(GStrv) words = g_strsplit_set(list, " ,;\t", -1);

    for (char **w = words; *w != NULL; w++) {
        if (strcmp(*w, node) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
map_has(const char *map, const char *node)
{
    g_auto(GStrv) entries = g_strsplit_set(map, "; \t,", -1);

    for (char **e = entries; *e != NULL; e++) {
        const char *sep = strpbrk(*e, ":=");

        if (sep != NULL && (gsize) (sep - *e) == strlen(node)
            && strncmp(*e, node, strlen(node)) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static gboolean
can_fence(const struct ha_model_rsc *r, const char *target)
{
    const char *check = ha_store_model_attrs_get(&r->params,
                                                 "pcmk_host_check");
    const char *list = ha_store_model_attrs_get(&r->params, "pcmk_host_list");
    const char *map = ha_store_model_attrs_get(&r->params, "pcmk_host_map");

    if (check != NULL && strcmp(check, "none") == 0) {
        return TRUE;
    }
    if (map != NULL && map_has(map, target)) {
        return TRUE;
    }
    if (list != NULL) {
        return list_has(list, target);
    }
    return map == NULL;     /* dynamic-list: the agent knows; try it */
}

static ha_store_model_t *
config_model(struct hacd *h)
{
    g_autofree char *xml = ha_store_doc_serialize(h->doc,
                                                  HA_STORE_SER_NO_STATUS);
    ha_store_model_t *m = NULL;

    if (ha_store_model_parse_memory(xml, strlen(xml), &m, NULL) < 0) {
        return NULL;
    }
    return m;
}

static gint
level_cmp(gconstpointer a, gconstpointer b)
{
    const xmlNode *x = *(const xmlNode *const *) a;
    const xmlNode *y = *(const xmlNode *const *) b;

    return (gint) (g_ascii_strtoll(ha_xml_attr(x, "index"), NULL, 10)
                   - g_ascii_strtoll(ha_xml_attr(y, "index"), NULL, 10));
}

static gboolean
level_matches(const xmlNode *l, const char *target)
{
    const char *t = ha_xml_attr(l, "target");
    const char *pattern = ha_xml_attr(l, "target-pattern");

    if (t != NULL) {
        return strcmp(t, target) == 0;
    }
    return pattern != NULL
           && g_regex_match_simple(pattern, target, 0, 0);
}

/* The fencing-topology levels of @target, by index ("dev[,dev]" each). */
static GPtrArray *
levels_for(struct hacd *h, const char *target)
{
    const xmlNode *topo = ha_store_doc_section(h->doc, "fencing-topology");
    g_autoptr(GPtrArray) levels = g_ptr_array_new();
    GPtrArray *out = g_ptr_array_new_with_free_func(g_free);

    for (xmlNode *l = ha_xml_first_child(topo, "fencing-level"); l != NULL;
         l = ha_xml_next(l, "fencing-level")) {
        if (level_matches(l, target) && ha_xml_attr(l, "devices") != NULL) {
            g_ptr_array_add(levels, l);
        }
    }
    g_ptr_array_sort(levels, level_cmp);
    for (guint i = 0; i < levels->len; i++) {
        g_ptr_array_add(out, g_strdup(ha_xml_attr(levels->pdata[i],
                                                  "devices")));
    }
    return out;
}

/* What to try, in order: the target's topology levels if it has any,
 * else every device that can fence it, one at a time. */
static GPtrArray *
devices_for(struct hacd *h, const char *target)
{
    g_autoptr(ha_store_model_t) m = NULL;
    GPtrArray *out = levels_for(h, target);

    if (out->len > 0) {
        return out;
    }
    m = config_model(h);

    for (guint i = 0; m != NULL && i < m->n_rscs; i++) {
        const struct ha_model_rsc *r = &m->rscs[i];
        const char *role;

        if (r->kind != HA_RSC_PRIMITIVE || g_strcmp0(r->klass, "stonith") != 0) {
            continue;
        }
        role = ha_store_model_rsc_meta(m, i, "target-role", NULL);
        if (role != NULL && g_ascii_strcasecmp(role, "Stopped") == 0) {
            continue;
        }
        if (can_fence(r, target)) {
            g_ptr_array_add(out, g_strdup(r->id));
        }
    }
    return out;
}

/* The member that runs the agent: the DC unless it is the target. */
static uint32_t
executor_for(struct hacd *h, const char *target)
{
    uint32_t me = ha_cluster_local_nodeid(h->cluster);
    uint32_t best = 0;

    if (strcmp(hacd_node_name(h, me), target) != 0) {
        return me;
    }
    for (guint i = 0; i < h->members->len; i++) {
        const struct ha_cluster_member *m =
            &g_array_index(h->members, struct ha_cluster_member, i);

        if (strcmp(hacd_node_name(h, m->nodeid), target) != 0
            && (best == 0 || m->nodeid < best)) {
            best = m->nodeid;
        }
    }
    return best;
}

static guint
ms_param(const struct ha_model_rsc *r, const char *name, guint dflt)
{
    const char *v = ha_store_model_attrs_get(&r->params, name);
    guint64 ms = 0;

    if (v == NULL || ha_duration_parse_ms(v, &ms) < 0 || ms > G_MAXUINT) {
        return dflt;
    }
    return (guint) ms;
}

/* ---- the DC's side ---- */

static void
send_failure(struct hacd *h, guint64 id, const char *target,
             const char *action, const char *reason)
{
    (void) hacd_msg_send(h, HACD_MSG_FENCE_RESULT,
                         g_variant_new("(tsssssisx)", id, target, action, "",
                                       "", hacd_node_name(h, h->dc_nodeid),
                                       (gint32) -1, reason,
                                       g_get_real_time() / G_USEC_PER_SEC));
}

/* The next device to run: the rest of the current level, else the first
 * of the next level (NULL when none is left; caller frees). */
static char *
next_device(struct fence_op *op)
{
    while (op->level_rest == NULL || op->level_rest[0] == NULL) {
        g_autofree char *level = NULL;

        g_clear_pointer(&op->level_rest, g_strfreev);
        if (op->devices->len == 0) {
            return NULL;
        }
        level = g_ptr_array_steal_index(op->devices, 0);
        op->level_rest = g_strsplit(level, ",", -1);
    }
    {
        char *dev = op->level_rest[0];
        guint n = g_strv_length(op->level_rest);

        memmove(op->level_rest, op->level_rest + 1, n * sizeof(char *));
        return dev;
    }
}

/* Send the request for the next device; FALSE when none is left. */
static gboolean
try_next(struct hacd *h, struct fence_op *op)
{
    g_autoptr(ha_store_model_t) m = NULL;
    uint32_t exec;
    char *next;

    while ((next = next_device(op)) != NULL) {
        g_autofree char *dev = next;
        GVariantBuilder params;
        const struct ha_model_rsc *r;
        guint idx;
        guint delay;
        guint timeout;
        const char *stonith_timeout;
        guint64 ms = 0;

        if (m == NULL) {
            m = config_model(h);
        }
        idx = (m != NULL) ? ha_store_model_rsc_find(m, dev) : HA_MODEL_NONE;
        exec = executor_for(h, op->target);
        if (idx == HA_MODEL_NONE || exec == 0) {
            /* a level with a device that cannot run fails as a whole */
            g_clear_pointer(&op->level_rest, g_strfreev);
            continue;
        }
        r = &m->rscs[idx];
        g_variant_builder_init(&params, G_VARIANT_TYPE("a{ss}"));
        for (guint s = 0; s < r->params.n_sets; s++) {
            for (guint k = 0; k < r->params.sets[s].n; k++) {
                g_variant_builder_add(&params, "{ss}",
                                      r->params.sets[s].pairs[k].name,
                                      r->params.sets[s].pairs[k].value);
            }
        }
        delay = ms_param(r, "pcmk_delay_base", 0);
        if (ms_param(r, "pcmk_delay_max", 0) > 0) {
            delay += (guint) g_random_int_range(0, (gint32) MIN(
                ms_param(r, "pcmk_delay_max", 0), (guint) G_MAXINT32));
        }
        stonith_timeout = ha_store_doc_property(h->doc, "stonith-timeout");
        timeout = (stonith_timeout != NULL
                   && ha_duration_parse_ms(stonith_timeout, &ms) == 0
                   && ms > 0 && ms < G_MAXUINT)
                  ? (guint) ms : DEFAULT_FENCE_TIMEOUT_MS;
        timeout = ms_param(r, (strcmp(op->action, "off") == 0)
                              ? "pcmk_off_timeout" : "pcmk_reboot_timeout",
                           timeout);
        ha_notice("Fencing %s (%s) with %s from %s", op->target, op->action,
                  dev, hacd_node_name(h, exec));
        if (hacd_msg_send(h, HACD_MSG_FENCE_REQ,
                          g_variant_new("(tusssss@a{ss}uu)", op->id, exec,
                                        op->target, op->action, dev, r->type,
                                        op->origin,
                                        g_variant_builder_end(&params), delay,
                                        timeout)) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static void
begin(struct hacd *h, struct fence_op *op)
{
    if (op->devices->len == 0) {
        ha_err("No fence device can fence %s", op->target);
        send_failure(h, op->id, op->target, op->action,
                     "no fence device can fence it");
    } else if (!try_next(h, op)) {
        send_failure(h, op->id, op->target, op->action,
                     "no node can run a fence device");
    }
}

static gboolean
delayed_begin_cb(gpointer data)
{
    struct delayed_begin *d = data;
    struct hacd_fencer *f = d->h->fencer;
    struct fence_op *op = g_hash_table_lookup(f->ops, &d->id);

    f->delayed = g_slist_remove(f->delayed, d);
    if (op != NULL) {
        begin(d->h, op);
    }
    g_free(d);
    return G_SOURCE_REMOVE;
}

static void
start_op(struct hacd *h, guint64 id, const char *target, const char *action,
         const char *origin, hacd_fence_done_fn done, void *ud)
{
    struct hacd_fencer *f = h->fencer;
    struct fence_op *op = g_new0(struct fence_op, 1);
    guint failures = GPOINTER_TO_UINT(g_hash_table_lookup(f->failures,
                                                          target));

    op->id = id;
    op->target = g_strdup(target);
    op->action = g_strdup(action);
    op->origin = g_strdup(origin);
    op->devices = devices_for(h, target);
    op->done = done;
    op->ud = ud;
    g_hash_table_replace(f->ops, &op->id, op);
    if (failures > 0 && done != NULL) {
        struct delayed_begin *d = g_new0(struct delayed_begin, 1);
        guint wait_s = (failures >= 6) ? BACKOFF_MAX_S : (1u << failures);

        d->h = h;
        d->id = id;
        ha_notice("Fencing %s again in %u s (%u failed attempts)", target,
                  MIN(wait_s, BACKOFF_MAX_S), failures);
        d->source = g_timeout_add_seconds(MIN(wait_s, BACKOFF_MAX_S),
                                          delayed_begin_cb, d);
        f->delayed = g_slist_prepend(f->delayed, d);
        return;
    }
    begin(h, op);
}

void
hacd_fence_start(struct hacd *h, const char *target, const char *action,
                 hacd_fence_done_fn done, void *ud)
{
    start_op(h, ++h->fencer->next_id, target, action,
             hacd_node_name(h, ha_cluster_local_nodeid(h->cluster)), done,
             ud);
}

void
hacd_fence_on_ask(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    guint64 id = 0;
    const char *target = NULL;
    const char *action = NULL;

    g_variant_get(body, "(t&s&s)", &id, &target, &action);
    if (!hacd_is_dc(h)) {
        return;
    }
    if (!ha_cluster_quorate(h->cluster)) {
        send_failure(h, id, target, action, "the partition has no quorum");
        return;
    }
    if (!h->established) {
        send_failure(h, id, target, action, "no member of this partition "
                     "holds the cluster's configuration");
        return;
    }
    start_op(h, id, target, action, hacd_node_name(h, nodeid), NULL, NULL);
}

void
hacd_fence_ask(struct hacd *h, guint64 request_id, const char *target,
               const char *action, hacd_fence_done_fn done, void *ud)
{
    struct fence_wait *w = g_new0(struct fence_wait, 1);
    int rc;

    w->id = request_id;
    w->target = g_strdup(target);
    w->powers_on = (strcmp(action, "on") == 0);
    w->done = done;
    w->ud = ud;
    rc = hacd_msg_send(h, HACD_MSG_FENCE_ASK,
                       g_variant_new("(tss)", request_id, target, action));
    if (rc < 0) {
        done(rc, ha_strerror(rc), ud);
        fence_wait_free(w);
        return;
    }
    g_hash_table_replace(h->fencer->waits, &w->id, w);
}

/* ---- the executing node ---- */

static void
run_free(struct fence_run *r)
{
    g_free(r->target);
    g_free(r->action);
    g_free(r->device);
    g_free(r->agent);
    g_free(r->origin);
    g_hash_table_destroy(r->params);
    g_free(r);
}

static void
run_done(const ha_exec_result_t *res, void *ud)
{
    struct fence_run *r = ud;
    struct hacd *h = r->h;
    gboolean ok = (res->status == HA_EXEC_DONE && res->ocf_rc == 0);
    const char *reason = ok ? ""
                         : (res->exit_reason != NULL ? res->exit_reason
                            : (res->status == HA_EXEC_TIMEOUT ? "timed out"
                               : "the fence agent failed"));

    (void) hacd_msg_send(h, HACD_MSG_FENCE_RESULT,
                         g_variant_new("(tsssssisx)", r->id, r->target,
                                       r->action, r->device,
                                       hacd_node_name(h, ha_cluster_local_nodeid(
                                           h->cluster)),
                                       r->origin, (gint32) (ok ? 0 : 1),
                                       reason,
                                       g_get_real_time() / G_USEC_PER_SEC));
    h->fencer->runs = g_slist_remove(h->fencer->runs, r);
    run_free(r);
}

static gboolean
run_now(gpointer data)
{
    struct fence_run *r = data;
    g_autofree char *rsc = g_strconcat(r->device, "-fencing", NULL);
    ha_exec_request_t *req = ha_exec_request_new(rsc, "stonith", NULL,
                                                 r->agent, r->action, 0,
                                                 r->timeout_ms);
    GHashTableIter it;
    gpointer k;
    gpointer v;
    int rc;

    g_hash_table_iter_init(&it, r->params);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        ha_exec_request_set_param(req, k, v);
    }
    ha_exec_request_set_meta(req, "target", r->target);
    rc = hacd_lrm_run(r->h, req, run_done, r);
    if (rc < 0) {
        ha_exec_result_t res = {
            .status = HA_EXEC_ERROR, .ocf_rc = 1,
            .exit_reason = (char *) ha_strerror(rc),
        };

        run_done(&res, r);
    }
    return G_SOURCE_REMOVE;
}

static gboolean
run_after_delay(gpointer data)
{
    struct fence_run *r = data;

    r->delay_source = 0;
    return run_now(r);
}

/* Every member notes that a fencing of @target was asked: a result that
 * comes after @target joined again does not concern the node it is now. */
static void
mark_asked(struct hacd *h, const char *target)
{
    uint32_t nodeid = hacd_node_by_name(h, target);

    if (nodeid != 0) {
        hacd_node_get(h, nodeid)->fence_asked = TRUE;
    }
}

void
hacd_fence_on_req(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct fence_run *r;
    guint32 exec = 0;
    guint32 delay = 0;
    guint32 timeout = 0;
    const char *target, *action, *device, *agent, *origin;
    g_autoptr(GVariant) params = NULL;
    guint64 id = 0;
    GVariantIter it;
    const char *k;
    const char *v;

    g_variant_get(body, "(tu&s&s&s&s&s@a{ss}uu)", &id, &exec, &target,
                  &action, &device, &agent, &origin, &params, &delay,
                  &timeout);
    if (nodeid != h->dc_nodeid) {
        return;
    }
    mark_asked(h, target);
    if (exec != ha_cluster_local_nodeid(h->cluster)) {
        return;
    }
    r = g_new0(struct fence_run, 1);
    r->h = h;
    r->id = id;
    r->target = g_strdup(target);
    r->action = g_strdup(action);
    r->device = g_strdup(device);
    r->agent = g_strdup(agent);
    r->origin = g_strdup(origin);
    r->timeout_ms = timeout;
    r->params = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
    g_variant_iter_init(&it, params);
    while (g_variant_iter_next(&it, "{&s&s}", &k, &v)) {
        g_hash_table_insert(r->params, g_strdup(k), g_strdup(v));
    }
    h->fencer->runs = g_slist_prepend(h->fencer->runs, r);
    if (delay > 0) {
        ha_notice("Fencing %s with %s in %u ms (fence delay)", target, device,
                  delay);
        r->delay_source = g_timeout_add(delay, run_after_delay, r);
    } else {
        (void) run_now(r);
    }
}

/* ---- an operator's confirmation ---- */

/* A success without a device: an operator's confirmation, not a fencing
 * any device did. */
static gboolean
is_confirmation(gint32 rc, const char *device)
{
    return rc == 0 && *device == '\0';
}

void
hacd_fence_confirm(struct hacd *h, guint64 request_id, const char *target,
                   hacd_fence_done_fn done, void *ud)
{
    const char *me = hacd_node_name(h, ha_cluster_local_nodeid(h->cluster));
    struct fence_wait *w;
    int rc;

    for (guint i = 0; i < h->fence_history->len; i++) {
        const struct hacd_fence_event *e = h->fence_history->pdata[i];

        if (e->id == request_id) {
            done(0, e->reason, ud);     /* a retry: recorded already */
            return;
        }
    }
    w = g_new0(struct fence_wait, 1);
    w->id = request_id;
    w->target = g_strdup(target);
    w->done = done;
    w->ud = ud;
    rc = hacd_msg_send(h, HACD_MSG_FENCE_RESULT,
                       g_variant_new("(tsssssisx)", request_id, target, "off",
                                     "", "", me, (gint32) 0, CONFIRMED_REASON,
                                     g_get_real_time() / G_USEC_PER_SEC));
    if (rc < 0) {
        done(rc, ha_strerror(rc), ud);
        fence_wait_free(w);
        return;
    }
    g_hash_table_replace(h->fencer->waits, &w->id, w);
}

/* DC: every fencing of @target still being tried (powering it on aside)
 * succeeded after all. */
static void
complete_ops_of(struct hacd *h, const char *target)
{
    struct hacd_fencer *f = h->fencer;
    g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func(fence_op_free);
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, f->ops);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct fence_op *op = v;

        if (strcmp(op->target, target) == 0
            && strcmp(op->action, "on") != 0) {
            g_hash_table_iter_steal(&it);
            g_ptr_array_add(done, op);
        }
    }
    (void) g_hash_table_remove(f->failures, target);
    for (guint i = 0; i < done->len; i++) {
        struct fence_op *op = done->pdata[i];

        if (op->done != NULL) {
            op->done(0, CONFIRMED_REASON, op->ud);
        }
    }
}

/* Every hactl request here that waits for a fencing of @target: an
 * operator's confirmation answers it (the DC drops its fencings). */
static void
complete_waits_of(struct hacd *h, const char *target)
{
    g_autoptr(GPtrArray) done = g_ptr_array_new_with_free_func(fence_wait_free);
    GHashTableIter it;
    gpointer v;

    g_hash_table_iter_init(&it, h->fencer->waits);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        struct fence_wait *w = v;

        if (strcmp(w->target, target) == 0 && !w->powers_on) {
            g_hash_table_iter_steal(&it);
            g_ptr_array_add(done, w);
        }
    }
    for (guint i = 0; i < done->len; i++) {
        struct fence_wait *w = done->pdata[i];

        w->done(0, CONFIRMED_REASON, w->ud);
    }
}

/* ---- results, everywhere ---- */

static void
record(struct hacd *h, guint64 id, const char *target, const char *action,
       const char *device, const char *delegate, const char *origin, int rc,
       const char *reason, gint64 completed)
{
    struct hacd_fence_event *e = g_new0(struct hacd_fence_event, 1);

    e->id = id;
    e->target = g_strdup(target);
    e->action = g_strdup(action);
    e->state = g_strdup(rc == 0 ? "succeeded" : "failed");
    e->delegate = g_strdup(delegate);
    e->origin = g_strdup(origin);
    e->device = g_strdup(device);
    e->reason = g_strdup(reason);
    e->completed = completed;
    g_ptr_array_add(h->fence_history, e);
    hacd_metrics_fencing_ended(h, rc == 0);
    if (h->fence_history->len > HISTORY_MAX) {
        g_ptr_array_remove_index(h->fence_history, 0);
    }
}

static void
target_fenced(struct hacd *h, const char *target, const char *action,
              gboolean device)
{
    uint32_t nodeid = hacd_node_by_name(h, target);
    struct hacd_node *n = (nodeid != 0) ? hacd_node_get(h, nodeid) : NULL;

    if (strcmp(action, "on") == 0 || n == NULL) {
        return;
    }
    if (device && n->state == HACD_NODE_ONLINE && !n->fence_asked) {
        /* it joined again after the fencing was asked: what was fenced
         * is the node it was before, the history it reported since is
         * its own (the result was held up by the membership change) */
        ha_notice("Node %s joined after its fencing was asked: the fencing "
                  "ended its previous run, not this one", target);
        return;
    }
    /* still a member: it is clean once corosync sees it leave */
    n->fenced = TRUE;
    if (n->state == HACD_NODE_ONLINE) {
        return;
    }
    if (n->state == HACD_NODE_PENDING) {
        n->state = HACD_NODE_LOST;
    }
    hacd_status_forget_node(h, target);
    hacd_attr_forget_node(h, target);
}

void
hacd_fence_on_result(struct hacd *h, uint32_t nodeid, GVariant *body)
{
    struct hacd_fencer *f = h->fencer;
    const char *target, *action, *device, *delegate, *origin, *reason;
    gint32 rc = 0;
    gint64 completed = 0;
    guint64 id = 0;
    struct fence_op *op;
    struct fence_wait *w;

    g_variant_get(body, "(t&s&s&s&s&si&sx)", &id, &target, &action, &device,
                  &delegate, &origin, &rc, &reason, &completed);
    record(h, id, target, action, device, delegate, origin, rc, reason,
           completed);
    {
        g_autofree char *desc = g_strdup_printf(
            "Operation %s of %s by %s for %s: %s", action, target,
            *delegate ? delegate : (is_confirmation(rc, device) ? "an operator"
                                                               : "nobody"),
            origin, rc == 0 ? "OK" : reason);

        hacd_alert_fencing(h, target, action, rc == 0 ? 0 : 1, desc);
    }
    if (is_confirmation(rc, device)) {
        ha_warn("Node %s is taken as down: %s " QB_XS " asked on %s",
                target, reason, origin);
        target_fenced(h, target, action, FALSE);
        if (hacd_is_dc(h)) {
            complete_ops_of(h, target);
        }
        complete_waits_of(h, target);
    } else if (rc == 0) {
        ha_notice("Node %s was fenced (%s) by %s with %s", target, action,
                  delegate, device);
        target_fenced(h, target, action, TRUE);
    } else {
        ha_warn("Fencing of %s (%s)%s%s failed: %s", target, action,
                *device ? " with " : "", device, reason);
    }
    op = g_hash_table_lookup(f->ops, &id);
    if (op != NULL && hacd_is_dc(h)) {
        hacd_fence_done_fn done = op->done;
        void *ud = op->ud;

        if (rc == 0 && op->level_rest != NULL && op->level_rest[0] != NULL
            && try_next(h, op)) {
            return;     /* the level's next device */
        }
        if (rc != 0 && *device != '\0') {
            g_clear_pointer(&op->level_rest, g_strfreev);
            if (try_next(h, op)) {
                return;     /* the next level */
            }
        }
        if (rc == 0) {
            (void) g_hash_table_remove(f->failures, target);
        } else {
            guint n = GPOINTER_TO_UINT(g_hash_table_lookup(f->failures,
                                                           target));

            g_hash_table_replace(f->failures, g_strdup(target),
                                 GUINT_TO_POINTER(n + 1));
        }
        (void) g_hash_table_remove(f->ops, &id);
        if (done != NULL) {
            /* the transition that asked goes on: no abort */
            done(rc == 0 ? 0 : -EIO, reason, ud);
            return;
        }
    }
    w = g_hash_table_lookup(f->waits, &id);
    if (w != NULL && (rc == 0 || g_hash_table_lookup(f->ops, &id) == NULL)) {
        (void) g_hash_table_steal(f->waits, &id);
        w->done(rc == 0 ? 0 : -EIO, reason, w->ud);
        fence_wait_free(w);
    }
    hacd_ctl_trigger(h, "a fencing completed");
}

GVariant *
hacd_fence_history_variant(struct hacd *h, const char *target)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = 0; i < h->fence_history->len; i++) {
        const struct hacd_fence_event *e = h->fence_history->pdata[i];
        GVariantBuilder d;

        if (target != NULL && *target != '\0' && strcmp(target, e->target) != 0) {
            continue;
        }
        g_variant_builder_init(&d, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&d, "{sv}", "target",
                              g_variant_new_string(e->target));
        g_variant_builder_add(&d, "{sv}", "action",
                              g_variant_new_string(e->action));
        g_variant_builder_add(&d, "{sv}", "state",
                              g_variant_new_string(e->state));
        g_variant_builder_add(&d, "{sv}", "delegate",
                              g_variant_new_string(e->delegate));
        g_variant_builder_add(&d, "{sv}", "origin",
                              g_variant_new_string(e->origin));
        g_variant_builder_add(&d, "{sv}", "device",
                              g_variant_new_string(e->device));
        g_variant_builder_add(&d, "{sv}", "reason",
                              g_variant_new_string(e->reason));
        g_variant_builder_add(&d, "{sv}", "completed",
                              g_variant_new_int64(e->completed));
        g_variant_builder_add_value(&b, g_variant_builder_end(&d));
    }
    return g_variant_builder_end(&b);
}
