/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_cib.c - the scheduler's input, built from what this
 * node knows: the replicated configuration, the membership (node states),
 * transient node attributes and every node's operation history.
 *
 * The input is built from hacd's tables without XML (lib/store's
 * store_input.h), and the scheduler's answer is kept per input generation
 * (hacd_cib.h): the DC's controller and every status request share one
 * run while nothing changed.
 *
 * Node states, as the scheduler reads them (enum ha_model_node_flags):
 *   member (hacd in the group), or pending (its hacd left, grace period)
 *       in_ccm, crmd online, join member (the controller holds actions for
 *       a node whose hacd or executor is away, until it is back)
 *   left cleanly, fenced, or never seen within the startup grace
 *       offline, expected down: clean, its history ignored
 *   lost (left the ring, or its grace period ran out)
 *       offline, expected member: unclean, fenced when fencing is on
 *   never seen after the startup grace period
 *       no state at all: unclean (startup-fencing)
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"
#include "hacd/hacd_lrm.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "store/store_input.h"
#include "hacd/hacd_cib.h"

/* The cache: the configuration snapshot of one digest, the last run. */
struct hacd_cib {
    guint64 generation;         /* moved by hacd_cib_changed() */
    char *cfg_digest;
    ha_store_model_t *cfg;
    gboolean have_run;
    guint64 run_generation;
    char *run_digest;
    gboolean run_grace_over;
    gboolean run_quorate;       /* also moved by an event; checked too */
    uint32_t run_dc;
    GArray *run_nodes;          /* nodes_signature(): a node table change
                                 * no event announces (the ring) */
    gint64 run_now;             /* seconds; matters when the config uses
                                 * time */
    int run_rc;
    guint64 runs;               /* scheduler runs made */
    ha_store_model_t *model;
    ha_sched_result_t *res;
    /* the status view of that run (hacd_cib_resources_variant()) */
    GVariant *view_rscs, *view_nodes, *view_blocked;
    gboolean view_ok, view_idle;
    guint64 view_generation, view_run;
};

static struct hacd_cib *
cib_of(struct hacd *h)
{
    if (h->cib == NULL) {
        h->cib = g_new0(struct hacd_cib, 1);
    }
    return h->cib;
}

static void
clear_view(struct hacd_cib *c)
{
    g_clear_pointer(&c->view_rscs, g_variant_unref);
    g_clear_pointer(&c->view_nodes, g_variant_unref);
    g_clear_pointer(&c->view_blocked, g_variant_unref);
}

static void
drop_run(struct hacd_cib *c)
{
    c->have_run = FALSE;
    g_clear_pointer(&c->run_digest, g_free);
    g_clear_pointer(&c->run_nodes, g_array_unref);
    g_clear_pointer(&c->res, ha_sched_result_free);
    g_clear_pointer(&c->model, ha_store_model_free);
}

void
hacd_cib_changed(struct hacd *h)
{
    if (h->cib != NULL) {   /* else nothing is kept that could be stale */
        h->cib->generation++;
    }
}

guint64
hacd_cib_runs(struct hacd *h)
{
    return cib_of(h)->runs;
}

void
hacd_cib_free(struct hacd *h)
{
    struct hacd_cib *c = h->cib;

    if (c == NULL) {
        return;
    }
    drop_run(c);
    clear_view(c);
    g_free(c->cfg_digest);
    ha_store_model_free(c->cfg);
    g_free(c);
    h->cib = NULL;
}

/* The configuration snapshot of @doc: cached for the live digest. */
static int
config_of(struct hacd *h, const ha_store_doc_t *doc, ha_store_model_t **ret)
{
    struct hacd_cib *c = cib_of(h);
    const char *digest = ha_store_doc_digest(doc);
    g_autofree char *error = NULL;
    int rc;

    if (c->cfg != NULL && g_strcmp0(digest, c->cfg_digest) == 0) {
        *ret = ha_store_model_ref(c->cfg);
        return 0;
    }
    rc = ha_store_config_snapshot(doc, ret, &error);
    if (rc < 0) {
        ha_err("Could not read the cluster state: %s",
               error != NULL ? error : ha_strerror(rc));
        return rc;
    }
    if (doc == hacd_doc(h)) {
        g_free(c->cfg_digest);
        ha_store_model_free(c->cfg);
        c->cfg_digest = g_strdup(digest);
        c->cfg = ha_store_model_ref(*ret);
    }
    return 0;
}

gboolean
hacd_cib_has_fence_device(struct hacd *h)
{
    g_autoptr(ha_store_model_t) cfg = NULL;

    return hacd_doc(h) != NULL && config_of(h, hacd_doc(h), &cfg) == 0
           && ha_store_model_has_fence_device(cfg);
}

static void
add_op(ha_store_input_t *in, const struct hacd_op *op)
{
    struct ha_model_lrm_op o = {
        .id = op->key,
        .operation = op->task,
        .interval_ms = op->interval_ms,
        .call_id = op->call_id,
        .rc_code = op->rc,
        .op_status = op->status,
        .target_rc = op->target_rc,
        .op_digest = (op->digest[0] != '\0') ? op->digest : NULL,
        .exit_reason = (op->reason[0] != '\0') ? op->reason : NULL,
        .last_rc_change = MAX(op->last_rc_change, 0),
        .last_run = MAX(op->last_rc_change, 0),
        .exec_time_ms = op->exec_ms,
        .transition_key = (op->tkey[0] != '\0') ? op->tkey : NULL,
    };

    ha_store_input_op(in, &o);
}

static void
add_lrm(struct hacd *h, ha_store_input_t *in, const char *uname)
{
    GHashTable *t = g_hash_table_lookup(h->lrm, uname);
    g_autoptr(GList) ids = NULL;

    if (t == NULL) {
        return;
    }
    ids = g_list_sort(g_hash_table_get_keys(t), (GCompareFunc) strcmp);
    for (GList *l = ids; l != NULL; l = l->next) {
        struct hacd_lrm_rsc *r = g_hash_table_lookup(t, l->data);
        GHashTableIter it;
        gpointer v;

        ha_store_input_rsc(in, r->id, r->klass,
                           (r->provider[0] != '\0') ? r->provider : NULL,
                           r->type);
        g_hash_table_iter_init(&it, r->ops);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            add_op(in, v);
        }
    }
}

/* Transient attributes of @uname, sorted by name. */
static void
add_transient(struct hacd *h, ha_store_input_t *in, const char *uname)
{
    g_autoptr(GPtrArray) attrs = hacd_attr_list(h, uname);

    for (guint i = 0; i < attrs->len; i++) {
        const struct hacd_attr *a = attrs->pdata[i];

        if (hacd_attr_is_private(a->name)) {
            continue;   /* replicated, never given to the scheduler */
        }
        ha_store_input_attr(in, a->name, a->value);
    }
}

static gboolean
startup_grace_over(struct hacd *h)
{
    guint grace = (h->opt.startup_grace_ms != 0) ? h->opt.startup_grace_ms
                                                  : HACD_STARTUP_GRACE_MS;

    return g_get_monotonic_time() - h->started_us > (gint64) grace * 1000;
}

static void
add_node(struct hacd *h, ha_store_input_t *in, const struct hacd_node *n)
{
    char nodeid[16];
    gboolean up = (n->state == HACD_NODE_ONLINE
                   || n->state == HACD_NODE_PENDING);
    gboolean clean_down = n->fenced
                          || (n->state == HACD_NODE_OFFLINE
                              && (n->clean || !startup_grace_over(h)));
    guint flags = 0;

    g_snprintf(nodeid, sizeof(nodeid), "%u", n->nodeid);
    (void) ha_store_input_node(in, n->name, nodeid);
    if (!up && !clean_down && n->state == HACD_NODE_OFFLINE && !n->seen) {
        return;     /* never seen: unclean once the startup grace is over */
    }
    /* a node whose executor is away keeps its resources where they are:
     * the controller holds its actions until the executor is back */
    if (up) {
        flags = HA_NODE_IN_CCM | HA_NODE_CRMD | HA_NODE_JOIN_MEMBER;
    }
    flags |= (up || !clean_down) ? HA_NODE_EXPECTED_UP : HA_NODE_EXPECTED_DOWN;
    ha_store_input_node_state(in, n->name, flags);
    add_transient(h, in, n->name);
    if (!clean_down) {
        add_lrm(h, in, n->name);
    }
}

int
hacd_cib_input(struct hacd *h, const ha_store_doc_t *doc,
               ha_store_model_t **ret_model)
{
    g_autoptr(ha_store_model_t) cfg = NULL;
    g_autoptr(ha_store_input_t) in = NULL;
    g_autoptr(GPtrArray) sorted = NULL;
    char dc[16];
    int rc = (doc != NULL) ? config_of(h, doc, &cfg) : -ENODATA;

    if (rc < 0) {
        return rc;
    }
    in = ha_store_input_new(cfg);
    g_snprintf(dc, sizeof(dc), "%u", hacd_dc_nodeid(h));
    ha_store_input_cluster(in, ha_cluster_quorate(h->cluster),
                           (hacd_dc_nodeid(h) != 0) ? dc : cfg->dc_uuid);
    ha_store_input_feature_set(in, "3.16.2");
    sorted = hacd_nodes_sorted(h);
    for (guint i = 0; i < sorted->len; i++) {
        add_node(h, in, sorted->pdata[i]);
    }
    *ret_model = ha_store_input_finish(g_steal_pointer(&in));
    return 0;
}

char *
hacd_cib_xml(struct hacd *h)
{
    g_autoptr(ha_store_model_t) model = NULL;

    if (hacd_cib_input(h, hacd_doc(h), &model) < 0) {
        return NULL;
    }
    return ha_store_model_write_xml(model);
}

/* Tests only: the input as XML through h->test_cib_filter, read back. */
static int
filtered_input(struct hacd *h, ha_store_model_t **ret_model)
{
    g_autofree char *xml = hacd_cib_xml(h);
    g_autofree char *filtered = NULL;
    g_autofree char *error = NULL;
    int rc;

    if (xml == NULL) {
        return -HA_EINVALCONF;
    }
    filtered = h->test_cib_filter(xml);
    rc = ha_store_model_parse_memory(filtered, strlen(filtered), ret_model,
                                     &error);
    if (rc < 0) {
        ha_err("Could not read the cluster state: %s",
               error != NULL ? error : ha_strerror(rc));
    }
    return rc;
}

static int
run(struct hacd *h, gint64 now, ha_store_model_t **ret_model,
    ha_sched_result_t **ret_result)
{
    g_autoptr(ha_store_model_t) model = NULL;
    g_autofree char *error = NULL;
    struct ha_sched_options opts = { .now = now };
    int rc = (h->test_cib_filter != NULL) ? filtered_input(h, &model)
             : hacd_cib_input(h, hacd_doc(h), &model);

    if (rc < 0) {
        return rc;
    }
    rc = ha_sched_run(model, &opts, ret_result, &error);
    if (rc < 0) {
        ha_err("The scheduler refused the configuration: %s",
               error != NULL ? error : ha_strerror(rc));
        return rc;
    }
    *ret_model = g_steal_pointer(&model);
    return 0;
}

static gint
u64_cmp(gconstpointer a, gconstpointer b)
{
    guint64 x = *(const guint64 *) a;
    guint64 y = *(const guint64 *) b;

    return (x > y) - (x < y);
}

/* What the input reads of the node table (a few dozen nodes), exactly:
 * sorted (node id, state, clean, fenced, seen) (caller frees). */
static GArray *
nodes_signature(struct hacd *h)
{
    GArray *sig = g_array_new(FALSE, FALSE, sizeof(guint64));
    g_autoptr(GPtrArray) nodes = hacd_nodes_sorted(h);

    for (guint i = 0; i < nodes->len; i++) {
        const struct hacd_node *n = nodes->pdata[i];
        guint64 e = ((guint64) n->nodeid << 8) | (guint64) n->state
                    | ((guint64) (n->clean != 0) << 3)
                    | ((guint64) (n->fenced != 0) << 4)
                    | ((guint64) (n->seen != 0) << 5);

        g_array_append_val(sig, e);
    }
    g_array_sort(sig, u64_cmp);
    return sig;
}

static gboolean
same_nodes(const GArray *a, const GArray *b)
{
    return a != NULL && a->len == b->len
           && memcmp(a->data, b->data, a->len * sizeof(guint64)) == 0;
}

/* Is the last run's answer the answer now? */
static gboolean
run_current(struct hacd *h, gint64 now)
{
    struct hacd_cib *c = cib_of(h);
    g_autoptr(GArray) nodes = nodes_signature(h);

    return c->have_run && h->test_cib_filter == NULL
           && c->run_generation == c->generation
           && g_strcmp0(c->run_digest, ha_store_doc_digest(hacd_doc(h))) == 0
           && c->run_grace_over == startup_grace_over(h)
           && c->run_quorate == ha_cluster_quorate(h->cluster)
           && c->run_dc == hacd_dc_nodeid(h)
           && same_nodes(c->run_nodes, nodes)
           && (c->run_now == now || c->cfg == NULL
               || !ha_store_config_uses_time(c->cfg));
}

int
hacd_cib_schedule(struct hacd *h, ha_store_model_t **ret_model,
                  ha_sched_result_t **ret_result, char **ret_xml)
{
    struct hacd_cib *c = cib_of(h);
    gint64 now = g_get_real_time() / G_USEC_PER_SEC;

    if (hacd_doc(h) == NULL) {
        return -ENODATA;
    }
    if (!run_current(h, now)) {
        drop_run(c);
        c->run_rc = run(h, now, &c->model, &c->res);
        c->runs++;
        c->have_run = TRUE;
        c->run_generation = c->generation;
        c->run_digest = g_strdup(ha_store_doc_digest(hacd_doc(h)));
        c->run_grace_over = startup_grace_over(h);
        c->run_quorate = ha_cluster_quorate(h->cluster);
        c->run_dc = hacd_dc_nodeid(h);
        c->run_nodes = nodes_signature(h);
        c->run_now = now;
    }
    if (c->run_rc < 0) {
        return c->run_rc;
    }
    *ret_model = ha_store_model_ref(c->model);
    *ret_result = ha_sched_result_ref(c->res);
    if (ret_xml != NULL) {
        *ret_xml = ha_store_model_write_xml(c->model);
    }
    return 0;
}

/* ---- resources for status ---- */

static const char *
kind_name(enum ha_sched_rsc_kind kind)
{
    switch (kind) {
    case HA_SCHED_GROUP: return "group";
    case HA_SCHED_CLONE: return "clone";
    case HA_SCHED_PRIMITIVE: default: return "primitive";
    }
}

/* An action the executor would run: not optional, runnable, real. */
static gboolean
executable(const struct ha_sched_action_info *a)
{
    return (a->flags & HA_ACTION_RUNNABLE) && !(a->flags & HA_ACTION_OPTIONAL)
           && !(a->flags & HA_ACTION_PSEUDO);
}

/* A group is Started when all its members are, else its lowest role; a
 * clone has the highest role of its instances (Started while one runs). */
static enum ha_sched_role
group_role(const ha_sched_result_t *res, const struct ha_sched_rsc_info *r)
{
    gboolean group = (r->kind == HA_SCHED_GROUP);
    enum ha_sched_role role = group ? HA_ROLE_PROMOTED : HA_ROLE_STOPPED;

    if ((!group && r->kind != HA_SCHED_CLONE) || r->n_children == 0) {
        return r->role;
    }
    for (guint i = 0; i < r->n_children; i++) {
        enum ha_sched_role c = group_role(res, &res->rscs[r->children[i]]);

        role = group ? MIN(role, c) : MAX(role, c);
    }
    return role;
}

/* Node flags as the scheduler read them: aa{sv} name, standby,
 * maintenance, unclean, online. */
static GVariant *
node_flags_variant(const ha_sched_result_t *res)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (guint i = 0; res != NULL && i < res->n_nodes; i++) {
        const struct ha_sched_node_info *n = &res->nodes[i];
        GVariantBuilder e;

        g_variant_builder_init(&e, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&e, "{sv}", "name", g_variant_new_string(n->name));
        g_variant_builder_add(&e, "{sv}", "standby",
                              g_variant_new_boolean(n->standby));
        g_variant_builder_add(&e, "{sv}", "maintenance",
                              g_variant_new_boolean(n->maintenance));
        g_variant_builder_add(&e, "{sv}", "unclean",
                              g_variant_new_boolean(n->unclean));
        g_variant_builder_add(&e, "{sv}", "online",
                              g_variant_new_boolean(n->online));
        g_variant_builder_add_value(&b, g_variant_builder_end(&e));
    }
    return g_variant_builder_end(&b);
}

/* Ids of the blocked primitive instances ("blocked" status key), apart
 * from "resources" whose entries hactl prints whole. */
static GVariant *
blocked_variant(const ha_sched_result_t *res)
{
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("as"));
    for (guint i = 0; res != NULL && i < res->n_rscs; i++) {
        if (res->rscs[i].kind == HA_SCHED_PRIMITIVE
            && res->rscs[i].blocked) {
            g_variant_builder_add(&b, "s", res->rscs[i].id);
        }
    }
    return g_variant_builder_end(&b);
}

/* An a{sv} built from its entries directly (no format string parsed per
 * entry: this runs for every resource when the input changes). */
struct vardict {
    GVariant *e[16];
    guint n;
};

static void
vd_add(struct vardict *d, const char *key, GVariant *value)
{
    g_assert(d->n < G_N_ELEMENTS(d->e));
    d->e[d->n++] = g_variant_new_dict_entry(g_variant_new_string(key),
                                            g_variant_new_variant(value));
}

static GVariant *
vd_end(struct vardict *d)
{
    return g_variant_new_array(G_VARIANT_TYPE("{sv}"), d->e, d->n);
}

/* One resource as status shows it (a{sv}, see ipc_hacd.h). */
static GVariant *
rsc_entry(struct hacd *h, const ha_store_model_t *model,
          const ha_sched_result_t *res, const struct ha_sched_rsc_info *r)
{
    const char *colon = strchr(r->id, ':');
    g_autofree char *base = (colon != NULL) ? g_strndup(r->id, colon - r->id)
                                            : g_strdup(r->id);
    g_autofree char *agent = NULL;
    g_autofree GVariant **nodes = g_new(GVariant *, MAX(r->n_running, 1));
    guint cfg = ha_store_model_rsc_find(model, base);
    const char *target_role = (cfg == HA_MODEL_NONE) ? NULL
        : ha_store_model_rsc_meta(model, cfg, "target-role", NULL);
    const char *pending = (r->kind == HA_SCHED_PRIMITIVE)
                          ? hacd_lrm_pending(h, base) : NULL;
    struct vardict d = { .n = 0 };

    if (r->kind == HA_SCHED_PRIMITIVE && r->type != NULL) {
        agent = (r->provider != NULL)
                ? g_strdup_printf("%s:%s:%s", r->klass, r->provider, r->type)
                : g_strdup_printf("%s:%s", r->klass, r->type);
    }
    for (guint k = 0; k < r->n_running; k++) {
        nodes[k] = g_variant_new_string(res->nodes[r->running[k]].name);
    }
    vd_add(&d, "id", g_variant_new_string(r->id));
    vd_add(&d, "kind", g_variant_new_string(kind_name(r->kind)));
    vd_add(&d, "parent", g_variant_new_string(r->parent != HA_MODEL_NONE
                                              ? res->rscs[r->parent].id
                                              : ""));
    vd_add(&d, "agent", g_variant_new_string(agent != NULL ? agent : ""));
    vd_add(&d, "role", g_variant_new_string(
               ha_sched_role_name(group_role(res, r))));
    vd_add(&d, "target_role", g_variant_new_string(target_role != NULL
                                                   ? target_role : ""));
    vd_add(&d, "nodes", g_variant_new_array(G_VARIANT_TYPE_STRING, nodes,
                                            r->n_running));
    vd_add(&d, "managed", g_variant_new_boolean(r->managed));
    vd_add(&d, "failed", g_variant_new_boolean(r->failed));
    vd_add(&d, "orphan", g_variant_new_boolean(r->orphan));
    vd_add(&d, "promotable", g_variant_new_boolean(r->promotable));
    vd_add(&d, "unique", g_variant_new_boolean(r->unique));
    vd_add(&d, "pending", g_variant_new_string(pending != NULL ? pending
                                                               : ""));
    return vd_end(&d);
}

/* The status view of the current run, built once per generation. */
static void
build_view(struct hacd *h, struct hacd_cib *c)
{
    g_autoptr(ha_store_model_t) model = NULL;
    g_autoptr(ha_sched_result_t) res = NULL;
    GVariantBuilder b;
    gboolean ok = (hacd_doc(h) != NULL
                   && hacd_cib_schedule(h, &model, &res, NULL) == 0);

    clear_view(c);
    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    c->view_ok = ok;
    c->view_idle = ok;
    for (guint i = 0; ok && i < res->n_actions; i++) {
        c->view_idle &= !executable(&res->actions[i]);
    }
    for (guint i = 0; ok && i < res->n_rscs; i++) {
        g_variant_builder_add_value(&b, rsc_entry(h, model, res,
                                                  &res->rscs[i]));
    }
    c->view_rscs = g_variant_ref_sink(g_variant_builder_end(&b));
    c->view_nodes = g_variant_ref_sink(node_flags_variant(ok ? res : NULL));
    c->view_blocked = g_variant_ref_sink(blocked_variant(ok ? res : NULL));
    c->view_generation = c->generation;
    c->view_run = c->runs;
}

GVariant *
hacd_cib_resources_variant(struct hacd *h, gboolean *ret_settled,
                           GVariant **ret_nodes, GVariant **ret_blocked)
{
    struct hacd_cib *c = cib_of(h);
    g_autoptr(ha_store_model_t) model = NULL;
    g_autoptr(ha_sched_result_t) res = NULL;

    /* the run is looked up first: it may be due again (time, grace) */
    if (hacd_doc(h) != NULL) {
        (void) hacd_cib_schedule(h, &model, &res, NULL);
    }
    if (c->view_rscs == NULL || c->view_generation != c->generation
        || c->view_run != c->runs) {
        build_view(h, c);
    }
    *ret_settled = c->view_ok && c->view_idle && !h->dc_busy;
    if (ret_nodes != NULL) {
        *ret_nodes = c->view_nodes;
    }
    if (ret_blocked != NULL) {
        *ret_blocked = c->view_blocked;
    }
    return c->view_rscs;
}
