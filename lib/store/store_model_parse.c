/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_model_parse.c - the CIB's <configuration> section into the
 * typed snapshot, and the streaming driver for the whole document.
 *
 * The configuration is small next to the status section, so it is expanded
 * into a DOM subtree by the reader and walked; the status section is
 * streamed (store_status_parse.c) and never becomes a tree.
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "store/store_model_private.h"

const char *
ha__model_intern(ha_store_model_t *model, const char *s)
{
    if (s == NULL) {
        return NULL;
    }
    return g_string_chunk_insert_const(model->strings, s);
}

gpointer
ha__model_keep(ha_store_model_t *model, gpointer block)
{
    if (block != NULL) {
        g_ptr_array_add(model->blocks, block);
    }
    return block;
}

void
ha__model_unsupported(struct ha__model_builder *b, const char *what,
                      const char *id)
{
    struct ha_model_unsupported u = {
        .what = ha__model_intern(b->model, what),
        .id = ha__model_intern(b->model, (id != NULL) ? id : ""),
    };

    g_array_append_val(b->unsupported, u);
}

static const char *
attr(struct ha__model_builder *b, const xmlNode *n, const char *name)
{
    return ha__model_intern(b->model, ha_xml_attr(n, name));
}

const char *
ha_store_model_role_name(const char *role)
{
    if (role == NULL) {
        return NULL;
    }
    if (g_ascii_strcasecmp(role, "Master") == 0
        || g_ascii_strcasecmp(role, "Promoted") == 0) {
        return "Promoted";
    }
    if (g_ascii_strcasecmp(role, "Slave") == 0
        || g_ascii_strcasecmp(role, "Unpromoted") == 0) {
        return "Unpromoted";
    }
    if (g_ascii_strcasecmp(role, "Started") == 0) {
        return "Started";
    }
    if (g_ascii_strcasecmp(role, "Stopped") == 0) {
        return "Stopped";
    }
    return role;
}

static const char *
role_attr(struct ha__model_builder *b, const xmlNode *n, const char *name)
{
    return ha__model_intern(b->model,
                            ha_store_model_role_name(ha_xml_attr(n, name)));
}

/* Follow id-ref to the referenced element of the same name. */
const xmlNode *
ha__model_deref(struct ha__model_builder *b, const xmlNode *n)
{
    const char *ref = ha_xml_attr(n, "id-ref");
    const xmlNode *target;

    if (ref == NULL || b->by_id == NULL) {
        return n;
    }
    target = g_hash_table_lookup(b->by_id, ref);
    return (target != NULL) ? target : n;
}

static struct ha_model_nvpair *
parse_spec(struct ha__model_builder *b, const xmlNode *n, guint *ret_n)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(struct ha_model_nvpair));

    for (const xmlAttr *p = n->properties; p != NULL; p = p->next) {
        struct ha_model_nvpair nv;

        if (p->children == NULL || strcmp((const char *) p->name, "id") == 0) {
            continue;
        }
        nv.name = ha__model_intern(b->model, (const char *) p->name);
        nv.value = ha__model_intern(b->model,
                                    (const char *) p->children->content);
        g_array_append_val(a, nv);
    }
    *ret_n = a->len;
    return ha__model_keep(b->model, g_array_free(a, FALSE));
}

static void
parse_expr(struct ha__model_builder *b, const xmlNode *n,
           struct ha_model_expr *e)
{
    memset(e, 0, sizeof(*e));
    if (ha_xml_is(n, "expression")) {
        e->kind = HA_EXPR_ATTR;
        e->attribute = attr(b, n, "attribute");
        e->operation = attr(b, n, "operation");
        e->value = attr(b, n, "value");
        e->type = attr(b, n, "type");
        e->value_source = attr(b, n, "value-source");
    } else if (ha_xml_is(n, "date_expression")) {
        const xmlNode *spec = ha_xml_first_child(n, "date_spec");

        e->kind = HA_EXPR_DATE;
        e->operation = attr(b, n, "operation");
        e->start = attr(b, n, "start");
        e->end = attr(b, n, "end");
        if (spec == NULL) {
            spec = ha_xml_first_child(n, "duration");
            e->spec_is_duration = (spec != NULL);
        }
        if (spec != NULL) {
            e->spec = parse_spec(b, spec, &e->n_spec);
        }
    } else if (ha_xml_is(n, "rsc_expression")) {
        e->kind = HA_EXPR_RSC;
        e->klass = attr(b, n, "class");
        e->provider = attr(b, n, "provider");
        e->agent = attr(b, n, "type");
    } else if (ha_xml_is(n, "op_expression")) {
        e->kind = HA_EXPR_OP;
        e->op_name = attr(b, n, "name");
        e->op_interval = attr(b, n, "interval");
    } else {
        e->kind = HA_EXPR_RULE;
        e->rule = ha__model_parse_rule(b, n);
    }
}

const struct ha_model_rule *
ha__model_parse_rule(struct ha__model_builder *b, const xmlNode *rule)
{
    struct ha_model_rule *r = g_new0(struct ha_model_rule, 1);
    const char *score;
    const char *op;
    guint count = 0;
    struct ha_model_expr *exprs;

    ha__model_keep(b->model, r);
    rule = ha__model_deref(b, rule);
    r->id = attr(b, rule, "id");
    score = ha_xml_attr(rule, "score");
    if (score != NULL) {
        (void) ha_score_parse(score, &r->score);
    }
    r->score_attribute = attr(b, rule, "score-attribute");
    r->role = role_attr(b, rule, "role");
    op = ha_xml_attr(rule, "boolean-op");
    r->is_or = (op != NULL) && (g_ascii_strcasecmp(op, "or") == 0);
    for (const xmlNode *c = ha_xml_first_child(rule, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        count++;
    }
    exprs = ha__model_keep(b->model, g_new0(struct ha_model_expr,
                                            MAX(count, 1)));
    count = 0;
    for (const xmlNode *c = ha_xml_first_child(rule, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        parse_expr(b, c, &exprs[count++]);
    }
    r->exprs = exprs;
    r->n_exprs = count;
    return r;
}

static void
parse_nvset(struct ha__model_builder *b, const xmlNode *set,
            struct ha_model_nvset *out)
{
    GArray *a = g_array_new(FALSE, FALSE, sizeof(struct ha_model_nvpair));
    const char *score = ha_xml_attr(set, "score");
    const xmlNode *rule = ha_xml_first_child(set, "rule");

    out->id = attr(b, set, "id");
    out->score = 0;
    if (score != NULL) {
        (void) ha_score_parse(score, &out->score);
    }
    out->rule = (rule != NULL) ? ha__model_parse_rule(b, rule) : NULL;
    for (const xmlNode *c = ha_xml_first_child(set, "nvpair"); c != NULL;
         c = ha_xml_next(c, "nvpair")) {
        const xmlNode *p = ha__model_deref(b, c);
        struct ha_model_nvpair nv = {
            .name = attr(b, p, "name"),
            .value = attr(b, p, "value"),
        };

        if (nv.name == NULL) {
            continue;
        }
        if (nv.value == NULL) {
            nv.value = ha__model_intern(b->model, "");
        }
        g_array_append_val(a, nv);
    }
    out->n = a->len;
    out->pairs = ha__model_keep(b->model, g_array_free(a, FALSE));
}

void
ha__model_parse_attrs(struct ha__model_builder *b, const xmlNode *parent,
                      const char *set_name, struct ha_model_attrs *out)
{
    guint count = 0;
    struct ha_model_nvset *sets;

    for (const xmlNode *c = ha_xml_first_child(parent, set_name); c != NULL;
         c = ha_xml_next(c, set_name)) {
        count++;
    }
    out->n_sets = count;
    if (count == 0) {
        out->sets = NULL;
        return;
    }
    sets = ha__model_keep(b->model, g_new0(struct ha_model_nvset, count));
    count = 0;
    for (const xmlNode *c = ha_xml_first_child(parent, set_name); c != NULL;
         c = ha_xml_next(c, set_name)) {
        parse_nvset(b, ha__model_deref(b, c),
                    &sets[count++]);
    }
    out->sets = sets;
}

/* The op's own XML attributes become its first meta set. */
static void
parse_op(struct ha__model_builder *b, const xmlNode *n, struct ha_model_op *op)
{
    struct ha_model_attrs meta;
    struct ha_model_nvset *sets;
    guint64 ms = 0;
    const char *interval = ha_xml_attr(n, "interval");

    op->id = attr(b, n, "id");
    op->name = attr(b, n, "name");
    if (interval != NULL) {
        (void) ha_duration_parse_ms(interval, &ms);
    }
    op->interval_ms = ms;
    op->role = role_attr(b, n, "role");
    ha__model_parse_attrs(b, n, "meta_attributes", &meta);
    sets = ha__model_keep(b->model, g_new0(struct ha_model_nvset,
                                           meta.n_sets + 1));
    sets[0].id = op->id;
    sets[0].score = HA_SCORE_INFINITY;
    sets[0].pairs = parse_spec(b, n, &sets[0].n);
    if (meta.n_sets > 0) {
        memcpy(&sets[1], meta.sets, meta.n_sets * sizeof(*sets));
    }
    op->meta.sets = sets;
    op->meta.n_sets = meta.n_sets + 1;
    ha__model_parse_attrs(b, n, "instance_attributes", &op->params);
}

static guint parse_rsc(struct ha__model_builder *b, const xmlNode *n, guint parent);

static struct ha_model_attrs
concat_attrs(struct ha__model_builder *b, const struct ha_model_attrs *own,
             const struct ha_model_attrs *more)
{
    struct ha_model_attrs out = { own->n_sets + more->n_sets, NULL };
    struct ha_model_nvset *sets;

    if (out.n_sets == 0) {
        return out;
    }
    sets = ha__model_keep(b->model, g_new0(struct ha_model_nvset,
                                           out.n_sets));
    if (own->n_sets > 0) {
        memcpy(sets, own->sets, own->n_sets * sizeof(*sets));
    }
    if (more->n_sets > 0) {
        memcpy(sets + own->n_sets, more->sets, more->n_sets * sizeof(*sets));
    }
    out.sets = sets;
    return out;
}

/* A primitive based on a <template>: what it does not say itself comes
 * from the template (its own attribute sets are read first, so win). */
static void
apply_template(struct ha__model_builder *b, const xmlNode *tpl,
               struct ha_model_rsc *r)
{
    struct ha_model_attrs meta, params, util;
    const xmlNode *ops = ha_xml_first_child(tpl, "operations");
    guint count = 0;
    struct ha_model_op *arr;

    if (r->klass == NULL) {
        r->klass = attr(b, tpl, "class");
    }
    if (r->provider == NULL) {
        r->provider = attr(b, tpl, "provider");
    }
    if (r->type == NULL) {
        r->type = attr(b, tpl, "type");
    }
    ha__model_parse_attrs(b, tpl, "meta_attributes", &meta);
    ha__model_parse_attrs(b, tpl, "instance_attributes", &params);
    ha__model_parse_attrs(b, tpl, "utilization", &util);
    r->meta = concat_attrs(b, &r->meta, &meta);
    r->params = concat_attrs(b, &r->params, &params);
    r->utilization = concat_attrs(b, &r->utilization, &util);
    for (const xmlNode *o = (ops != NULL) ? ha_xml_first_child(ops, "op")
                                          : NULL;
         o != NULL; o = ha_xml_next(o, "op")) {
        count++;
    }
    arr = ha__model_keep(b->model, g_new0(struct ha_model_op, MAX(count, 1)));
    count = 0;
    for (const xmlNode *o = (ops != NULL) ? ha_xml_first_child(ops, "op")
                                          : NULL;
         o != NULL; o = ha_xml_next(o, "op")) {
        parse_op(b, ha__model_deref(b, o), &arr[count++]);
    }
    r->ops = arr;     /* merged with the primitive's own in parse_primitive */
    r->n_ops = count;
}

static void
parse_primitive(struct ha__model_builder *b, const xmlNode *n, struct ha_model_rsc *r)
{
        const xmlNode *ops = ha_xml_first_child(n, "operations");
    guint count = 0;
    struct ha_model_op *arr;

    const xmlNode *tpl = NULL;

    r->kind = HA_RSC_PRIMITIVE;
    r->klass = attr(b, n, "class");
    r->provider = attr(b, n, "provider");
    r->type = attr(b, n, "type");
    if (ha_xml_attr(n, "template") != NULL) {
        tpl = g_hash_table_lookup(b->by_id, ha_xml_attr(n, "template"));
        if (tpl == NULL || !ha_xml_is(tpl, "template")) {
            ha__model_unsupported(b, "missing resource template", r->id);
            tpl = NULL;
        }
    }
    if (tpl != NULL) {
        apply_template(b, tpl, r);
    }
    if (r->klass != NULL && r->provider != NULL && r->type != NULL
        && strcmp(r->klass, "ocf") == 0 && strcmp(r->provider, "pacemaker") == 0
        && strcmp(r->type, "remote") == 0) {
        ha__model_unsupported(b, "remote node connection", r->id);
    }
    if (ops != NULL) {
        ops = ha__model_deref(b, ops);
        for (const xmlNode *o = ha_xml_first_child(ops, "op"); o != NULL;
             o = ha_xml_next(o, "op")) {
            count++;
        }
    }
    arr = ha__model_keep(b->model, g_new0(struct ha_model_op,
                                          MAX(count + r->n_ops, 1)));
    count = 0;
    if (ops != NULL) {
        for (const xmlNode *o = ha_xml_first_child(ops, "op"); o != NULL;
             o = ha_xml_next(o, "op")) {
            parse_op(b, ha__model_deref(b, o), &arr[count++]);
        }
    }
    /* the template's operations, unless the primitive redefines them */
    for (guint i = 0; i < r->n_ops; i++) {
        gboolean own = FALSE;

        for (guint k = 0; k < count && !own; k++) {
            own = (g_strcmp0(arr[k].name, r->ops[i].name) == 0
                   && arr[k].interval_ms == r->ops[i].interval_ms);
        }
        if (!own) {
            arr[count++] = r->ops[i];
        }
    }
    r->ops = arr;
    r->n_ops = count;
}

static struct ha_model_rsc *
rsc_at(struct ha__model_builder *b, guint idx)
{
    return &g_array_index(b->rscs, struct ha_model_rsc, idx);
}

static void
parse_children(struct ha__model_builder *b, const xmlNode *n, guint self)
{
    GArray *kids = g_array_new(FALSE, FALSE, sizeof(guint));

    for (const xmlNode *k = ha_xml_first_child(n, NULL); k != NULL;
         k = ha_xml_next(k, NULL)) {
        guint idx = parse_rsc(b, k, self);

        if (idx != HA_MODEL_NONE) {
            g_array_append_val(kids, idx);
        }
    }
    rsc_at(b, self)->n_children = kids->len;
    rsc_at(b, self)->children = ha__model_keep(b->model,
                                                  g_array_free(kids, FALSE));
}

static gboolean
is_rsc_element(const xmlNode *n)
{
    return ha_xml_is(n, "primitive") || ha_xml_is(n, "group")
           || ha_xml_is(n, "clone") || ha_xml_is(n, "master");
}

static guint
parse_rsc(struct ha__model_builder *b, const xmlNode *n, guint parent)
{
        struct ha_model_rsc r = { 0 };
    guint idx;
    const char *prom;

    if (ha_xml_is(n, "template")) {
        return HA_MODEL_NONE;   /* used through primitives' template= */
    }
    if (ha_xml_is(n, "bundle")) {
        ha__model_unsupported(b, (const char *) n->name, ha_xml_attr(n, "id"));
        return HA_MODEL_NONE;
    }
    if (!is_rsc_element(n)) {
        return HA_MODEL_NONE;
    }
    r.id = attr(b, n, "id");
    r.parent = parent;
    if (r.id == NULL) {
        return HA_MODEL_NONE;
    }
    if (g_hash_table_contains(b->model->rsc_by_id, r.id)) {
        g_free(b->error);
        b->error = g_strdup_printf("resource '%s': duplicate id", r.id);
        return HA_MODEL_NONE;
    }
    ha__model_parse_attrs(b, n, "meta_attributes", &r.meta);
    ha__model_parse_attrs(b, n, "instance_attributes", &r.params);
    ha__model_parse_attrs(b, n, "utilization", &r.utilization);
    idx = b->rscs->len;
    g_array_append_val(b->rscs, r);
    g_hash_table_insert(b->model->rsc_by_id, (gpointer) r.id,
                        GUINT_TO_POINTER(idx + 1));
    if (ha_xml_is(n, "primitive")) {
        parse_primitive(b, n, rsc_at(b, idx));
        return idx;
    }
    if (ha_xml_is(n, "group")) {
        rsc_at(b, idx)->kind = HA_RSC_GROUP;
    } else {
        struct ha_model_rsc *self = rsc_at(b, idx);

        self->kind = HA_RSC_CLONE;
        prom = ha_store_model_attrs_get(&self->meta, "promotable");
        self->promotable = ha_xml_is(n, "master");
        if (prom != NULL) {
            gboolean v = FALSE;

            if (ha_bool_parse(prom, &v) == 0) {
                self->promotable = self->promotable || v;
            }
        }
    }
    parse_children(b, n, idx);
    return idx;
}

static void
parse_nodes(struct ha__model_builder *b, const xmlNode *nodes)
{
    
    for (const xmlNode *n = ha_xml_first_child(nodes, "node"); n != NULL;
         n = ha_xml_next(n, "node")) {
        struct ha_model_node node = { 0 };
        guint idx = b->nodes->len;

        node.id = attr(b, n, "id");
        node.uname = attr(b, n, "uname");
        node.type = attr(b, n, "type");
        if (node.uname == NULL) {
            node.uname = node.id;
        }
        if (node.id == NULL) {
            node.id = node.uname;
        }
        if (node.uname == NULL) {
            continue;
        }
        if (node.type == NULL) {
            node.type = ha__model_intern(b->model, "member");
        }
        if (strcmp(node.type, "remote") == 0) {
            ha__model_unsupported(b, "remote node", node.uname);
        }
        node.state = HA_MODEL_NONE;
        ha__model_parse_attrs(b, n, "instance_attributes", &node.attrs);
        ha__model_parse_attrs(b, n, "utilization", &node.utilization);
        g_array_append_val(b->nodes, node);
        g_hash_table_insert(b->model->node_by_uname, (gpointer) node.uname,
                            GUINT_TO_POINTER(idx + 1));
        g_hash_table_insert(b->model->node_by_id, (gpointer) node.id,
                            GUINT_TO_POINTER(idx + 1));
    }
}

/* Pacemaker's order of cluster_property_sets: the one named
 * cib-bootstrap-options first, then higher score first, then document
 * order; the first set that names a property gives its value. */
static gint
propset_cmp(gconstpointer a, gconstpointer b)
{
    const struct ha_model_nvset *x = *(const struct ha_model_nvset *const *) a;
    const struct ha_model_nvset *y = *(const struct ha_model_nvset *const *) b;
    gboolean xb = (g_strcmp0(x->id, "cib-bootstrap-options") == 0);
    gboolean yb = (g_strcmp0(y->id, "cib-bootstrap-options") == 0);

    if (xb != yb) {
        return xb ? -1 : 1;
    }
    return (x->score > y->score) ? -1 : (x->score < y->score) ? 1 : 0;
}

static void
parse_crm_config(struct ha__model_builder *b, const xmlNode *cfg)
{
    struct ha_model_attrs attrs;
    g_autoptr(GPtrArray) order = g_ptr_array_new();

    struct ha_model_nvset *sorted;

    ha__model_parse_attrs(b, cfg, "cluster_property_set", &attrs);
    for (guint s = 0; s < attrs.n_sets; s++) {
        g_ptr_array_add(order, (gpointer) &attrs.sets[s]);
    }
    /* g_ptr_array_sort is stable (a merge sort): document order stays */
    g_ptr_array_sort(order, propset_cmp);
    sorted = ha__model_keep(b->model, g_new0(struct ha_model_nvset,
                                             MAX(order->len, 1)));
    for (guint s = 0; s < order->len; s++) {
        sorted[s] = *(const struct ha_model_nvset *) order->pdata[s];
    }
    b->model->prop_sets.n_sets = order->len;
    b->model->prop_sets.sets = sorted;
    for (guint s = 0; s < order->len; s++) {
        const struct ha_model_nvset *set = order->pdata[s];

        if (set->rule != NULL) {
            continue;   /* only ha_store_model_prop_at() knows the time */
        }

        for (guint i = 0; i < set->n; i++) {
            const struct ha_model_nvpair *nv = &set->pairs[i];
            gboolean seen = FALSE;

            for (guint k = 0; k < b->props->len; k++) {
                seen = seen || (strcmp(g_array_index(b->props,
                                                     struct ha_model_nvpair,
                                                     k).name, nv->name) == 0);
            }
            if (!seen) {
                g_array_append_val(b->props, *nv);
            }
        }
    }
}

/* Resolve a resource reference in a constraint; also tags are refused. */
guint
ha__model_ref_rsc(struct ha__model_builder *b, const char *cid,
                  const char *id)
{
    g_autoptr(GArray) all = ha__model_ref_rscs(b, cid, id);

    if (all->len == 0) {
        return HA_MODEL_NONE;
    }
    if (all->len > 1) {
        ha__model_unsupported(b, "template or tag with several resources "
                              "in this constraint", cid);
    }
    return g_array_index(all, guint, 0);
}

static void
add_template_users(struct ha__model_builder *b, const char *tpl, GArray *out)
{
    for (guint i = 0; i < b->rscs->len; i++) {
        const struct ha_model_rsc *r = rsc_at(b, i);
        const xmlNode *n = g_hash_table_lookup(b->by_id, r->id);

        if (n != NULL && g_strcmp0(ha_xml_attr(n, "template"), tpl) == 0) {
            g_array_append_val(out, i);
        }
    }
}

GArray *
ha__model_ref_rscs(struct ha__model_builder *b, const char *cid,
                   const char *id)
{
    GArray *out = g_array_new(FALSE, FALSE, sizeof(guint));
    const xmlNode *t;
    gpointer p;

    (void) cid;
    if (id == NULL) {
        return out;
    }
    p = g_hash_table_lookup(b->model->rsc_by_id, id);
    if (p != NULL) {
        guint idx = GPOINTER_TO_UINT(p) - 1;

        g_array_append_val(out, idx);
        return out;
    }
    t = g_hash_table_lookup(b->by_id, id);
    if (t != NULL && ha_xml_is(t, "template")) {
        add_template_users(b, id, out);
    } else if (t != NULL && ha_xml_is(t, "tag")) {
        for (const xmlNode *o = ha_xml_first_child(t, "obj_ref"); o != NULL;
             o = ha_xml_next(o, "obj_ref")) {
            g_autoptr(GArray) sub = ha__model_ref_rscs(b, cid,
                                                       ha_xml_attr(o, "id"));

            g_array_append_vals(out, sub->data, sub->len);
        }
    }
    return out;
}

int
ha__model_parse_configuration(struct ha__model_builder *b,
                              const xmlNode *configuration)
{
    const xmlNode *n;

    b->by_id = g_hash_table_new(g_str_hash, g_str_equal);
    for (const xmlNode *x = configuration; x != NULL;) {
        /* iterative pre-order walk collecting ids */
        const char *id = ha_xml_attr(x, "id");

        /* resource_ref's id is a reference, not a definition */
        if (id != NULL && ha_xml_attr(x, "id-ref") == NULL
            && !ha_xml_is(x, "resource_ref")
            && !g_hash_table_contains(b->by_id, id)) {
            g_hash_table_insert(b->by_id, (gpointer) id, (gpointer) x);
        }
        if (ha_xml_first_child(x, NULL) != NULL) {
            x = ha_xml_first_child(x, NULL);
            continue;
        }
        while (x != NULL && x != configuration && ha_xml_next(x, NULL) == NULL) {
            x = x->parent;
        }
        x = (x == NULL || x == configuration) ? NULL : ha_xml_next(x, NULL);
    }
    n = ha_xml_first_child(configuration, "crm_config");
    if (n != NULL) {
        parse_crm_config(b, n);
    }
    n = ha_xml_first_child(configuration, "nodes");
    if (n != NULL) {
        parse_nodes(b, n);
    }
    n = ha_xml_first_child(configuration, "resources");
    for (const xmlNode *r = (n != NULL) ? ha_xml_first_child(n, NULL) : NULL;
         r != NULL; r = ha_xml_next(r, NULL)) {
        (void) parse_rsc(b, r, HA_MODEL_NONE);
    }
    n = ha_xml_first_child(configuration, "rsc_defaults");
    if (n != NULL) {
        ha__model_parse_attrs(b, n, "meta_attributes", &b->model->rsc_defaults);
    }
    n = ha_xml_first_child(configuration, "op_defaults");
    if (n != NULL) {
        ha__model_parse_attrs(b, n, "meta_attributes", &b->model->op_defaults);
    }
    n = ha_xml_first_child(configuration, "constraints");
    if (n != NULL) {
        ha__model_parse_constraints(b, n);
    }
    n = ha_xml_first_child(configuration, "fencing-topology");
    if (n != NULL) {
        ha__model_parse_fencing(b, n);
    }
    g_hash_table_destroy(b->by_id);
    b->by_id = NULL;
    return (b->error != NULL) ? -HA_EINVALCONF : 0;
}

const char *
ha_store_model_attrs_get(const struct ha_model_attrs *attrs, const char *name)
{
    for (guint s = 0; s < attrs->n_sets; s++) {
        for (guint i = 0; i < attrs->sets[s].n; i++) {
            if (strcmp(attrs->sets[s].pairs[i].name, name) == 0) {
                return attrs->sets[s].pairs[i].value;
            }
        }
    }
    return NULL;
}
