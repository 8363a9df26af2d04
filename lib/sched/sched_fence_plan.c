/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/sched/sched_fence_plan.c - which fence devices, in which order, and
 * which node runs them, to fence one target (the rules are in sched.h,
 * "Fencing").  Pure: the configuration and "now" in, a plan out.
 */
#include "config.h"

#include <errno.h>
#include <regex.h>
#include <string.h>

#include "common/strings.h"
#include "sched/sched.h"

#define DEFAULT_FENCE_TIMEOUT_MS 60000

struct plan_priv {
    GStringChunk *strings;
    GPtrArray *blocks;      /* freed with g_free */
};

struct plan_ctx {
    const ha_store_model_t *m;
    const char *target, *action;
    gint64 now;
    struct plan_priv *priv;
};

static const char *
keep(struct plan_ctx *pc, const char *s)
{
    return (s == NULL) ? NULL : g_string_chunk_insert_const(pc->priv->strings,
                                                            s);
}

static gpointer
keep_block(struct plan_ctx *pc, gpointer block)
{
    g_ptr_array_add(pc->priv->blocks, block);
    return block;
}

/* ---- can a device fence the target? ---- */

static gboolean
list_names(const char *list, const char *node)
{
    g_auto(GStrv) words = g_strsplit_set(list, " ,;\t", -1);

    for (char **w = words; *w != NULL; w++) {
        if (g_ascii_strcasecmp(*w, node) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

/* "node1:port1;node2=port2 ..." names @node? */
static gboolean
map_names(const char *map, const char *node)
{
    g_auto(GStrv) entries = g_strsplit_set(map, "; \t,", -1);
    gsize len = strlen(node);

    for (char **e = entries; *e != NULL; e++) {
        const char *sep = strpbrk(*e, ":=");

        if (sep != NULL && (gsize) (sep - *e) == len
            && g_ascii_strncasecmp(*e, node, len) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static const char *
param(const GArray *params, const char *name)
{
    for (guint i = 0; i < params->len; i++) {
        const struct ha_model_nvpair *nv =
            &g_array_index(params, struct ha_model_nvpair, i);

        if (strcmp(nv->name, name) == 0) {
            return nv->value;
        }
    }
    return NULL;
}

/* How the device knows its targets; NULL if it can fence @target, else
 * why not. */
static const char *
host_check(const GArray *params, const char *target,
           enum ha_fence_check *ret)
{
    const char *check = param(params, "pcmk_host_check");
    const char *list = param(params, "pcmk_host_list");
    const char *map = param(params, "pcmk_host_map");

    if (check == NULL) {
        check = (list != NULL || map != NULL) ? "static-list" : "dynamic-list";
    }
    *ret = HA_FENCE_CHECK_LIST;
    if (g_ascii_strcasecmp(check, "none") == 0) {
        *ret = HA_FENCE_CHECK_NONE;
        return NULL;
    }
    if (g_ascii_strcasecmp(check, "dynamic-list") == 0
        || g_ascii_strcasecmp(check, "status") == 0) {
        *ret = HA_FENCE_CHECK_ASK;
        return NULL;
    }
    if (g_ascii_strcasecmp(check, "static-list") != 0) {
        return "pcmk_host_check is not none, static-list, dynamic-list or "
               "status";
    }
    if ((list != NULL && list_names(list, target))
        || (map != NULL && map_names(map, target))) {
        return NULL;
    }
    return "its pcmk_host_list and pcmk_host_map do not name the target";
}

/* ---- what running a device needs ---- */

/* The instance attributes, each name once, rules evaluated at now. */
static GArray *
device_params(struct plan_ctx *pc, const struct ha_model_rsc *r)
{
    struct ha_model_rule_ctx ctx = {
        .now = pc->now, .rsc_class = r->klass, .rsc_provider = r->provider,
        .rsc_type = r->type,
    };
    g_autoptr(GHashTable) seen = g_hash_table_new(g_str_hash, g_str_equal);
    GArray *out = g_array_new(FALSE, TRUE, sizeof(struct ha_model_nvpair));

    for (guint s = 0; s < r->params.n_sets; s++) {
        for (guint i = 0; i < r->params.sets[s].n; i++) {
            const char *name = r->params.sets[s].pairs[i].name;
            const char *v;

            if (!g_hash_table_add(seen, (gpointer) name)) {
                continue;
            }
            v = ha_store_model_attrs_eval(&r->params, name, &ctx);
            if (v != NULL) {
                struct ha_model_nvpair nv = { keep(pc, name), keep(pc, v) };

                g_array_append_val(out, nv);
            }
        }
    }
    return out;
}

static guint
ms_of(const char *v, guint dflt)
{
    guint64 ms = 0;

    if (v == NULL || ha_duration_parse_ms(v, &ms) < 0 || ms > G_MAXUINT) {
        return dflt;
    }
    return (guint) ms;
}

/* pcmk_<action>_timeout, else stonith-timeout, else 60 s. */
static guint
action_timeout(const struct plan_ctx *pc, const GArray *params)
{
    guint dflt = ms_of(ha_store_model_prop_at(pc->m, "stonith-timeout", pc->now),
                       DEFAULT_FENCE_TIMEOUT_MS);
    g_autofree char *name = g_strdup_printf("pcmk_%s_timeout", pc->action);

    if (dflt == 0) {
        dflt = DEFAULT_FENCE_TIMEOUT_MS;
    }
    return ms_of(param(params, name), dflt);
}

static gboolean
disabled(const struct plan_ctx *pc, guint rsc)
{
    struct ha_model_rule_ctx ctx = { .now = pc->now };
    const char *role = ha_store_model_rsc_meta(pc->m, rsc, "target-role",
                                               &ctx);

    return role != NULL && g_ascii_strcasecmp(role, "Stopped") == 0;
}

static void
device_fill(struct plan_ctx *pc, const char *id, struct ha_fence_device *d)
{
    guint idx = ha_store_model_rsc_find(pc->m, id);
    const struct ha_model_rsc *r = (idx != HA_MODEL_NONE) ? &pc->m->rscs[idx]
                                                          : NULL;
    GArray *params;

    *d = (struct ha_fence_device) { .id = keep(pc, id) };
    if (r == NULL || r->kind != HA_RSC_PRIMITIVE
        || g_strcmp0(r->klass, "stonith") != 0) {
        d->unusable = "not a configured stonith primitive";
        return;
    }
    params = device_params(pc, r);
    d->agent = keep(pc, r->type);
    d->delay_base_ms = ms_of(param(params, "pcmk_delay_base"), 0);
    d->delay_max_ms = ms_of(param(params, "pcmk_delay_max"), 0);
    d->timeout_ms = action_timeout(pc, params);
    d->unusable = disabled(pc, idx) ? "disabled (target-role=Stopped)"
                                    : host_check(params, pc->target,
                                                 &d->check);
    d->n_params = params->len;
    d->params = keep_block(pc, g_array_free(params, FALSE));
}

/* ---- fencing-topology ---- */

static gboolean
pattern_matches(const char *pattern, const char *target)
{
    regex_t re;
    gboolean match;

    if (regcomp(&re, pattern, REG_EXTENDED | REG_NOSUB) != 0) {
        return FALSE;
    }
    match = (regexec(&re, target, 0, NULL, 0) == 0);
    regfree(&re);
    return match;
}

/* A nvpair of the target's configured attributes (any set) has it. */
static gboolean
node_has_attr(const struct plan_ctx *pc, const char *name, const char *value)
{
    guint n = ha_store_model_node_find(pc->m, pc->target);
    const struct ha_model_attrs *attrs;

    if (n == HA_MODEL_NONE) {
        return FALSE;
    }
    attrs = &pc->m->nodes[n].attrs;
    for (guint s = 0; s < attrs->n_sets; s++) {
        for (guint i = 0; i < attrs->sets[s].n; i++) {
            const struct ha_model_nvpair *nv = &attrs->sets[s].pairs[i];

            if (strcmp(nv->name, name) == 0 && strcmp(nv->value, value) == 0) {
                return TRUE;
            }
        }
    }
    return FALSE;
}

static gboolean
level_applies(const struct plan_ctx *pc,
              const struct ha_model_fencing_level *l)
{
    if (l->target != NULL) {
        return strcmp(l->target, pc->target) == 0;
    }
    if (l->target_pattern != NULL) {
        return pattern_matches(l->target_pattern, pc->target);
    }
    return l->target_attribute != NULL && l->target_value != NULL
           && node_has_attr(pc, l->target_attribute, l->target_value);
}

/* Do @a and @b name the same topology target? */
static gboolean
same_target(const struct ha_model_fencing_level *a,
            const struct ha_model_fencing_level *b)
{
    return g_strcmp0(a->target, b->target) == 0
           && g_strcmp0(a->target_pattern, b->target_pattern) == 0
           && g_strcmp0(a->target_attribute, b->target_attribute) == 0
           && g_strcmp0(a->target_value, b->target_value) == 0;
}

static gint
index_cmp(gconstpointer a, gconstpointer b)
{
    const struct ha_model_fencing_level *x =
        *(const struct ha_model_fencing_level *const *) a;
    const struct ha_model_fencing_level *y =
        *(const struct ha_model_fencing_level *const *) b;

    return (x->index > y->index) - (x->index < y->index);
}

/* The levels of the one topology target that applies, by index. */
static GPtrArray *
topology_levels(const struct plan_ctx *pc)
{
    const ha_store_model_t *m = pc->m;
    const struct ha_model_fencing_level *chosen = NULL;
    GPtrArray *out = g_ptr_array_new();

    for (guint i = 0; chosen == NULL && i < m->n_fencing_levels; i++) {
        if (m->fencing_levels[i].target != NULL
            && level_applies(pc, &m->fencing_levels[i])) {
            chosen = &m->fencing_levels[i];
        }
    }
    for (guint i = 0; chosen == NULL && i < m->n_fencing_levels; i++) {
        if (level_applies(pc, &m->fencing_levels[i])) {
            chosen = &m->fencing_levels[i];
        }
    }
    for (guint i = 0; chosen != NULL && i < m->n_fencing_levels; i++) {
        if (same_target(&m->fencing_levels[i], chosen)) {
            g_ptr_array_add(out, (gpointer) &m->fencing_levels[i]);
        }
    }
    g_ptr_array_sort(out, index_cmp);   /* stable: document order on ties */
    return out;
}

/* ---- the plan ---- */

static void
add_topology(struct plan_ctx *pc, GPtrArray *topo, GArray *levels)
{
    for (guint i = 0; i < topo->len; i++) {
        const struct ha_model_fencing_level *l = topo->pdata[i];
        struct ha_fence_device *devs = g_new0(struct ha_fence_device,
                                              MAX(l->n_devices, 1));
        struct ha_fence_level level = {
            .id = keep(pc, l->id), .index = l->index,
            .n_devices = l->n_devices, .devices = keep_block(pc, devs),
        };

        for (guint d = 0; d < l->n_devices; d++) {
            device_fill(pc, l->devices[d], &devs[d]);
        }
        g_array_append_val(levels, level);
    }
}

static void
add_capable_devices(struct plan_ctx *pc, GArray *levels)
{
    for (guint i = 0; i < pc->m->n_rscs; i++) {
        const struct ha_model_rsc *r = &pc->m->rscs[i];
        struct ha_fence_device *dev;
        struct ha_fence_level level = { .n_devices = 1 };

        if (r->kind != HA_RSC_PRIMITIVE || g_strcmp0(r->klass, "stonith") != 0) {
            continue;
        }
        dev = g_new0(struct ha_fence_device, 1);
        device_fill(pc, r->id, dev);
        if (dev->unusable != NULL) {
            g_free(dev);
            continue;
        }
        level.devices = keep_block(pc, dev);
        g_array_append_val(levels, level);
    }
}

int
ha_sched_fence_plan(const ha_store_model_t *model, const char *target,
                    const char *action, gint64 now,
                    ha_fence_plan_t **ret_plan)
{
    struct plan_priv *priv;
    struct plan_ctx pc = { model, target, action, now, NULL };
    g_autoptr(GPtrArray) topo = NULL;
    GArray *levels;
    ha_fence_plan_t *plan;

    if (model == NULL || target == NULL || action == NULL) {
        return -EINVAL;
    }
    priv = g_new0(struct plan_priv, 1);
    priv->strings = g_string_chunk_new(512);
    priv->blocks = g_ptr_array_new_with_free_func(g_free);
    pc.priv = priv;
    plan = g_new0(ha_fence_plan_t, 1);
    plan->priv = priv;
    levels = g_array_new(FALSE, TRUE, sizeof(struct ha_fence_level));
    topo = topology_levels(&pc);
    plan->topology = (topo->len > 0);
    if (plan->topology) {
        add_topology(&pc, topo, levels);
    } else {
        add_capable_devices(&pc, levels);
    }
    plan->n_levels = levels->len;
    plan->levels = keep_block(&pc, g_array_free(levels, FALSE));
    *ret_plan = plan;
    return 0;
}

void
ha_fence_plan_free(ha_fence_plan_t *plan)
{
    struct plan_priv *priv;

    if (plan == NULL) {
        return;
    }
    priv = plan->priv;
    g_ptr_array_free(priv->blocks, TRUE);
    g_string_chunk_free(priv->strings);
    g_free(priv);
    g_free(plan);
}

guint
ha_sched_fence_executor(const char *target, const char *const *candidates,
                        guint n_candidates)
{
    for (guint i = 0; i < n_candidates; i++) {
        if (candidates[i] != NULL && strcmp(candidates[i], target) != 0) {
            return i;
        }
    }
    return HA_MODEL_NONE;
}
