/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_input.c - the scheduler's input in memory: a
 * configuration snapshot read from the store's DOM once per version, and
 * inputs built on it from typed node states, attributes and histories
 * (see store_input.h).
 */
#include "config.h"

#include <string.h>

#include "common/results.h"
#include "store/store_input.h"
#include "store/store_model_private.h"

/* ---- the configuration snapshot ---- */

/* A date_expression, or a failure-timeout anywhere (nvpair or attribute). */
static gboolean
subtree_uses_time(const xmlNode *n)
{
    for (const xmlNode *x = ha_xml_first_child(n, NULL); x != NULL;
         x = ha_xml_next(x, NULL)) {
        if (ha_xml_is(x, "date_expression")
            || g_strcmp0(ha_xml_attr(x, "name"), "failure-timeout") == 0
            || ha_xml_attr(x, "failure-timeout") != NULL
            || subtree_uses_time(x)) {
            return TRUE;
        }
    }
    return FALSE;
}

/* <cib> and its children but <status>, for the XML writer. */
static xmlDoc *
copy_without_status(const xmlNode *root)
{
    xmlDoc *doc = xmlNewDoc((const xmlChar *) "1.0");
    xmlNode *top = xmlDocCopyNode((xmlNode *) root, doc, 2);

    xmlDocSetRootElement(doc, top);
    for (const xmlNode *c = ha_xml_first_child(root, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        if (!ha_xml_is(c, "status")) {
            xmlAddChild(top, xmlDocCopyNode((xmlNode *) c, doc, 1));
        }
    }
    return doc;
}

int
ha_store_config_snapshot(const ha_store_doc_t *doc,
                         ha_store_model_t **ret_config, char **ret_error)
{
    const xmlNode *root = xmlDocGetRootElement((xmlDoc *) ha_store_doc_xml(doc));
    const xmlNode *cfg = ha_xml_first_child(root, "configuration");
    struct ha__model_builder b;
    int rc = 0;

    ha__model_builder_init(&b);
    for (const xmlAttr *a = (root != NULL) ? root->properties : NULL;
         a != NULL; a = a->next) {
        ha__model_cib_attr(b.model, (const char *) a->name,
                           ha_xml_attr(root, (const char *) a->name));
    }
    if (cfg != NULL) {
        rc = ha__model_parse_configuration(&b, cfg);
    }
    if (rc < 0) {
        if (ret_error != NULL) {
            *ret_error = g_steal_pointer(&b.error);
        }
        g_free(b.error);
        ha__model_builder_abandon(&b);
        return rc;
    }
    g_free(b.error);
    b.model->config_xml = copy_without_status(root);
    b.model->uses_time = (cfg != NULL) && subtree_uses_time(cfg);
    *ret_config = ha__model_builder_finish(&b);
    return 0;
}

gboolean
ha_store_config_uses_time(const ha_store_model_t *config)
{
    return (config->config != NULL) ? config->config->uses_time
                                    : config->uses_time;
}

/* ---- inputs built on it ---- */

struct ha_store_input {
    struct ha__model_builder b;
    ha_store_model_t *config;
    GArray *transient;          /* nvpairs of the current node state */
    gboolean in_state, in_rsc;
};

ha_store_input_t *
ha_store_input_new(ha_store_model_t *config)
{
    ha_store_input_t *in = g_new0(ha_store_input_t, 1);

    ha__model_builder_init(&in->b);
    in->config = ha_store_model_ref(config);
    in->transient = g_array_new(FALSE, FALSE, sizeof(struct ha_model_nvpair));
    g_array_append_vals(in->b.nodes, config->nodes, config->n_nodes);
    for (guint i = 0; i < config->n_nodes; i++) {
        g_array_index(in->b.nodes, struct ha_model_node, i).state =
            HA_MODEL_NONE;
    }
    in->b.model->have_quorum = config->have_quorum;
    in->b.model->dc_uuid = ha__model_intern(in->b.model, config->dc_uuid);
    in->b.model->crm_feature_set = config->crm_feature_set;
    return in;
}

void
ha_store_input_free(ha_store_input_t *in)
{
    if (in == NULL) {
        return;
    }
    ha__model_builder_abandon(&in->b);
    ha_store_model_free(in->config);
    g_array_free(in->transient, TRUE);
    g_free(in);
}

void
ha_store_input_cluster(ha_store_input_t *in, gboolean have_quorum,
                       const char *dc_uuid)
{
    in->b.model->have_quorum = have_quorum;
    in->b.model->dc_uuid = ha__model_intern(in->b.model, dc_uuid);
}

void
ha_store_input_feature_set(ha_store_input_t *in, const char *version)
{
    if (in->b.model->crm_feature_set == NULL) {
        in->b.model->crm_feature_set = ha__model_intern(in->b.model, version);
    }
}

/* Index of the first node named @uname, or HA_MODEL_NONE. */
static guint
node_index(const ha_store_input_t *in, const char *uname)
{
    for (guint i = 0; i < in->b.nodes->len; i++) {
        if (strcmp(g_array_index(in->b.nodes, struct ha_model_node,
                                 i).uname, uname) == 0) {
            return i;
        }
    }
    return HA_MODEL_NONE;
}

const char *
ha_store_input_node(ha_store_input_t *in, const char *uname,
                    const char *new_id)
{
    guint i = node_index(in, uname);
    struct ha_model_node node = { .state = HA_MODEL_NONE };

    if (i != HA_MODEL_NONE) {
        return g_array_index(in->b.nodes, struct ha_model_node, i).id;
    }
    node.id = ha__model_intern(in->b.model, new_id);
    node.uname = ha__model_intern(in->b.model, uname);
    node.type = ha__model_intern(in->b.model, "member");
    g_array_append_val(in->b.nodes, node);
    return node.id;
}

static void
end_rsc(ha_store_input_t *in)
{
    struct ha_model_lrm_rsc *lr;

    if (!in->in_rsc) {
        return;
    }
    in->in_rsc = FALSE;
    lr = &g_array_index(in->b.lrm_rscs, struct ha_model_lrm_rsc,
                        in->b.lrm_rscs->len - 1);
    lr->n_ops = in->b.lrm_ops->len - lr->op_first;
    ha__model_sort_ops(&g_array_index(in->b.lrm_ops, struct ha_model_lrm_op,
                                      lr->op_first), lr->n_ops);
}

static void
end_state(ha_store_input_t *in)
{
    struct ha_model_node_state *st;

    end_rsc(in);
    if (!in->in_state) {
        return;
    }
    in->in_state = FALSE;
    st = &g_array_index(in->b.node_states, struct ha_model_node_state,
                        in->b.node_states->len - 1);
    st->n_lrm = in->b.lrm_rscs->len - st->lrm_first;
    st->n_transient = in->transient->len;
    st->transient = ha__model_keep(in->b.model,
                                   g_memdup2(in->transient->data,
                                             in->transient->len
                                             * sizeof(struct ha_model_nvpair)));
    g_array_set_size(in->transient, 0);
}

void
ha_store_input_node_state(ha_store_input_t *in, const char *uname,
                          guint flags)
{
    struct ha_model_node_state st = { .flags = flags };

    end_state(in);
    st.node = node_index(in, uname);
    if (st.node == HA_MODEL_NONE) {
        return;     /* ha_store_input_node() first */
    }
    st.id = g_array_index(in->b.nodes, struct ha_model_node, st.node).id;
    st.uname = g_array_index(in->b.nodes, struct ha_model_node, st.node).uname;
    st.lrm_first = in->b.lrm_rscs->len;
    g_array_append_val(in->b.node_states, st);
    in->in_state = TRUE;
}

void
ha_store_input_attr(ha_store_input_t *in, const char *name,
                    const char *value)
{
    struct ha_model_nvpair nv = {
        .name = ha__model_intern(in->b.model, name),
        .value = ha__model_intern(in->b.model, value != NULL ? value : ""),
    };

    if (in->in_state && name != NULL) {
        g_array_append_val(in->transient, nv);
    }
}

void
ha_store_input_rsc(ha_store_input_t *in, const char *id, const char *klass,
                   const char *provider, const char *type)
{
    ha_store_model_t *m = in->b.model;
    struct ha_model_lrm_rsc lr = {
        .id = ha__model_intern(m, id),
        .rsc = ha_store_model_rsc_find(in->config, id),
        .klass = ha__model_intern(m, klass),
        .provider = ha__model_intern(m, provider),
        .type = ha__model_intern(m, type),
        .op_first = in->b.lrm_ops->len,
    };

    end_rsc(in);
    if (!in->in_state || id == NULL) {
        return;
    }
    g_array_append_val(in->b.lrm_rscs, lr);
    in->in_rsc = TRUE;
}

/* A string unique to one operation: copied, not interned (no lookup). */
static const char *
copy(ha_store_model_t *m, const char *s)
{
    return (s == NULL) ? NULL : g_string_chunk_insert(m->strings, s);
}

void
ha_store_input_op(ha_store_input_t *in, const struct ha_model_lrm_op *op)
{
    ha_store_model_t *m = in->b.model;
    struct ha_model_lrm_op o = *op;

    if (!in->in_rsc || op->operation == NULL) {
        return;
    }
    o.operation = ha__model_intern(m, op->operation);
    o.id = (op->id != NULL) ? copy(m, op->id) : o.operation;
    o.op_digest = copy(m, op->op_digest);
    o.op_restart_digest = copy(m, op->op_restart_digest);
    o.op_secure_digest = copy(m, op->op_secure_digest);
    o.op_force_restart = copy(m, op->op_force_restart);
    o.exit_reason = copy(m, op->exit_reason);
    o.migrate_source = ha__model_intern(m, op->migrate_source);
    o.migrate_target = ha__model_intern(m, op->migrate_target);
    o.transition_key = copy(m, op->transition_key);
    if (o.transition_key != NULL) {
        o.target_rc = ha__model_target_rc(o.transition_key);
    }
    g_array_append_val(in->b.lrm_ops, o);
}

void
ha_store_input_add_states(ha_store_input_t *in, const ha_store_model_t *from)
{
    for (guint i = 0; i < from->n_node_states; i++) {
        const struct ha_model_node_state *st = &from->node_states[i];

        (void) ha_store_input_node(in, st->uname, st->id);
        ha_store_input_node_state(in, st->uname, st->flags);
        for (guint t = 0; t < st->n_transient; t++) {
            ha_store_input_attr(in, st->transient[t].name,
                                st->transient[t].value);
        }
        for (guint r = st->lrm_first; r < st->lrm_first + st->n_lrm; r++) {
            const struct ha_model_lrm_rsc *lr = &from->lrm_rscs[r];

            ha_store_input_rsc(in, lr->id, lr->klass, lr->provider, lr->type);
            for (guint o = 0; o < lr->n_ops; o++) {
                ha_store_input_op(in, &from->lrm_ops[lr->op_first + o]);
            }
        }
    }
}

/* The configuration is borrowed from the snapshot the input is built on. */
static void
borrow_configuration(ha_store_model_t *m, const ha_store_model_t *c)
{
    m->no_quorum_panic = c->no_quorum_panic;
    m->execution_date = c->execution_date;
    m->validate_with = c->validate_with;
    m->n_props = c->n_props;
    m->props = c->props;
    m->prop_sets = c->prop_sets;
    m->n_fencing_levels = c->n_fencing_levels;
    m->fencing_levels = c->fencing_levels;
    m->rsc_defaults = c->rsc_defaults;
    m->op_defaults = c->op_defaults;
    m->n_rscs = c->n_rscs;
    m->rscs = c->rscs;
    m->n_locations = c->n_locations;
    m->locations = c->locations;
    m->n_colocations = c->n_colocations;
    m->colocations = c->colocations;
    m->n_orders = c->n_orders;
    m->orders = c->orders;
    m->n_rsc_tickets = c->n_rsc_tickets;
    m->rsc_tickets = c->rsc_tickets;
    m->n_unsupported = c->n_unsupported;
    m->unsupported = c->unsupported;
    g_hash_table_destroy(m->rsc_by_id);
    m->rsc_by_id = c->rsc_by_id;
}

ha_store_model_t *
ha_store_input_finish(ha_store_input_t *in)
{
    struct ha__model_builder *b = &in->b;
    ha_store_model_t *m = b->model;
    GArray *unused[] = {
        b->rscs, b->locations, b->colocations, b->orders, b->unsupported,
        b->props, b->rsc_tickets,
    };

    end_state(in);
    ha__model_finish_status(b);
    for (gsize i = 0; i < G_N_ELEMENTS(unused); i++) {
        g_array_free(unused[i], TRUE);
    }
    for (guint i = 0; i < m->n_nodes; i++) {
        g_hash_table_insert(m->node_by_uname, (gpointer) m->nodes[i].uname,
                            GUINT_TO_POINTER(i + 1));
        g_hash_table_insert(m->node_by_id, (gpointer) m->nodes[i].id,
                            GUINT_TO_POINTER(i + 1));
    }
    borrow_configuration(m, in->config);
    m->config = g_steal_pointer(&in->config);
    b->model = NULL;
    g_array_free(in->transient, TRUE);
    g_free(in);
    return m;
}
