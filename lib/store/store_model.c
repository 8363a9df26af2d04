/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_model.c - life cycle of the snapshot and the streaming
 * driver over a whole CIB document (SAX2 through lib/common/xml.h: the
 * status section never becomes a tree).
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "store/store_model_private.h"

#include <libxml/SAX2.h>

ha_store_model_t *
ha__model_new(void)
{
    ha_store_model_t *m = g_new0(ha_store_model_t, 1);

    m->ref = 1;
    m->strings = g_string_chunk_new(64 * 1024);
    m->blocks = g_ptr_array_new_with_free_func(g_free);
    m->node_by_uname = g_hash_table_new(g_str_hash, g_str_equal);
    m->node_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    m->rsc_by_id = g_hash_table_new(g_str_hash, g_str_equal);
    return m;
}

ha_store_model_t *
ha_store_model_ref(ha_store_model_t *model)
{
    g_atomic_int_inc(&model->ref);
    return model;
}

void
ha_store_model_free(ha_store_model_t *model)
{
    if (model == NULL || !g_atomic_int_dec_and_test(&model->ref)) {
        return;
    }
    g_hash_table_destroy(model->node_by_uname);
    g_hash_table_destroy(model->node_by_id);
    if (model->config == NULL) {
        g_hash_table_destroy(model->rsc_by_id);    /* else borrowed */
    }
    ha_store_model_free(model->config);
    if (model->config_xml != NULL) {
        xmlFreeDoc(model->config_xml);
    }
    g_ptr_array_free(model->blocks, TRUE);
    g_string_chunk_free(model->strings);
    g_free(model);
}

void
ha__model_builder_init(struct ha__model_builder *b)
{
    memset(b, 0, sizeof(*b));
    b->model = ha__model_new();
    b->nodes = g_array_new(FALSE, TRUE, sizeof(struct ha_model_node));
    b->rscs = g_array_new(FALSE, TRUE, sizeof(struct ha_model_rsc));
    b->locations = g_array_new(FALSE, TRUE, sizeof(struct ha_model_location));
    b->colocations = g_array_new(FALSE, TRUE,
                                 sizeof(struct ha_model_colocation));
    b->orders = g_array_new(FALSE, TRUE, sizeof(struct ha_model_order));
    b->node_states = g_array_new(FALSE, TRUE,
                                 sizeof(struct ha_model_node_state));
    b->lrm_rscs = g_array_new(FALSE, TRUE, sizeof(struct ha_model_lrm_rsc));
    b->lrm_ops = g_array_new(FALSE, TRUE, sizeof(struct ha_model_lrm_op));
    b->rsc_tickets = g_array_new(FALSE, TRUE,
                                 sizeof(struct ha_model_rsc_ticket));
    b->tickets = g_array_new(FALSE, TRUE,
                             sizeof(struct ha_model_ticket_state));
    b->unsupported = g_array_new(FALSE, TRUE,
                                 sizeof(struct ha_model_unsupported));
    b->props = g_array_new(FALSE, TRUE, sizeof(struct ha_model_nvpair));
}

/* Move a builder array into the model; returns its data and length. */
static gconstpointer
take(ha_store_model_t *m, GArray *a, guint *ret_len)
{
    *ret_len = a->len;
    return ha__model_keep(m, g_array_free(a, FALSE));
}

void
ha__model_finish_status(struct ha__model_builder *b)
{
    ha_store_model_t *m = b->model;
    struct ha_model_node *nodes = (struct ha_model_node *) b->nodes->data;

    /* link configured nodes to their state */
    for (guint i = 0; i < b->node_states->len; i++) {
        const struct ha_model_node_state *st =
            &g_array_index(b->node_states, struct ha_model_node_state, i);

        if (st->node != HA_MODEL_NONE && nodes[st->node].state == HA_MODEL_NONE) {
            nodes[st->node].state = i;
        }
    }
    m->nodes = take(m, b->nodes, &m->n_nodes);
    m->node_states = take(m, b->node_states, &m->n_node_states);
    m->lrm_rscs = take(m, b->lrm_rscs, &m->n_lrm_rscs);
    m->lrm_ops = take(m, b->lrm_ops, &m->n_lrm_ops);
    m->tickets = take(m, b->tickets, &m->n_tickets);
}

ha_store_model_t *
ha__model_builder_finish(struct ha__model_builder *b)
{
    ha_store_model_t *m = b->model;

    ha__model_finish_status(b);
    m->rscs = take(m, b->rscs, &m->n_rscs);
    m->locations = take(m, b->locations, &m->n_locations);
    m->colocations = take(m, b->colocations, &m->n_colocations);
    m->orders = take(m, b->orders, &m->n_orders);
    m->rsc_tickets = take(m, b->rsc_tickets, &m->n_rsc_tickets);
    m->unsupported = take(m, b->unsupported, &m->n_unsupported);
    m->props = take(m, b->props, &m->n_props);
    b->model = NULL;
    return m;
}

void
ha__model_builder_abandon(struct ha__model_builder *b)
{
    GArray *arrays[] = {
        b->nodes, b->rscs, b->locations, b->colocations, b->orders,
        b->node_states, b->lrm_rscs, b->lrm_ops, b->unsupported, b->props,
        b->rsc_tickets, b->tickets,
    };

    for (gsize i = 0; i < G_N_ELEMENTS(arrays); i++) {
        g_array_free(arrays[i], TRUE);
    }
    ha_store_model_free(b->model);
    b->model = NULL;
}

/* Streaming state: everything outside <status> is handed to libxml2's own
 * tree builder (a small DOM of the configuration), <status> is consumed
 * event by event. */
struct sax_state {
    struct ha__model_builder *b;
    struct ha__status_ctx status;
    guint depth;
    guint status_depth;     /* depth of <status>, 0 outside it */
    gboolean seen_cib;
};

void
ha__model_cib_attr(ha_store_model_t *m, const char *n, const char *v)
{
    gboolean yes = FALSE;

    if (strcmp(n, "have-quorum") == 0) {
        (void) ha_bool_parse(v, &yes);
        m->have_quorum = yes;
    } else if (strcmp(n, "no-quorum-panic") == 0) {
        (void) ha_bool_parse(v, &yes);
        m->no_quorum_panic = yes;
    } else if (strcmp(n, "execution-date") == 0) {
        m->execution_date = g_ascii_strtoll(v, NULL, 10);
    } else if (strcmp(n, "dc-uuid") == 0) {
        m->dc_uuid = ha__model_intern(m, v);
    } else if (strcmp(n, "crm_feature_set") == 0) {
        m->crm_feature_set = ha__model_intern(m, v);
    } else if (strcmp(n, "validate-with") == 0) {
        m->validate_with = ha__model_intern(m, v);
    }
}

static void
read_cib_attrs(struct ha__model_builder *b, int nb, const xmlChar **attrs)
{
    for (int i = 0; i < nb; i++) {
        g_autofree char *v = g_strndup((const char *) attrs[i * 5 + 3],
                                       attrs[i * 5 + 4] - attrs[i * 5 + 3]);

        ha__model_cib_attr(b->model, (const char *) attrs[i * 5], v);
    }
}

static void
on_start_document(void *ctx)
{
    xmlSAX2StartDocument(ctx);
}

static void
on_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
         const xmlChar *uri, int nb_namespaces, const xmlChar **namespaces,
         int nb_attributes, int nb_defaulted, const xmlChar **attributes)
{
    struct sax_state *st = ha_xml_sax_user_data(ctx);
    const char *name = (const char *) localname;

    st->depth++;
    if (st->status_depth > 0) {
        ha__model_status_start(&st->status, name, nb_attributes, attributes);
        return;
    }
    if (st->depth == 1) {
        if (strcmp(name, "cib") != 0) {
            ha_xml_sax_fail(ctx, -HA_EINVALCONF,
                            "the document is not a <cib>");
            return;
        }
        st->seen_cib = TRUE;
        read_cib_attrs(st->b, nb_attributes, attributes);
    } else if (st->depth == 2 && strcmp(name, "status") == 0) {
        st->status_depth = st->depth;
        return;
    }
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces,
                          namespaces, nb_attributes, nb_defaulted, attributes);
}

static void
on_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
       const xmlChar *uri)
{
    struct sax_state *st = ha_xml_sax_user_data(ctx);

    if (st->status_depth > 0) {
        if (st->depth == st->status_depth) {
            st->status_depth = 0;
        } else {
            ha__model_status_end(&st->status, (const char *) localname);
        }
    } else {
        xmlSAX2EndElementNs(ctx, localname, prefix, uri);
    }
    st->depth--;
}

static const xmlSAXHandler model_sax = {
    .initialized = XML_SAX2_MAGIC,
    .startDocument = on_start_document,
    .startElementNs = on_start,
    .endElementNs = on_end,
};

static int
finish_parse(struct sax_state *st, xmlDoc *doc, int rc,
             ha_store_model_t **ret_model, char **ret_error)
{
    struct ha__model_builder *b = st->b;
    const xmlNode *root = (doc != NULL) ? xmlDocGetRootElement(doc) : NULL;
    const xmlNode *cfg = ha_xml_first_child(root, "configuration");

    if (rc == 0 && !st->seen_cib) {
        rc = -HA_EINVALCONF;
        b->error = g_strdup("the document is not a <cib>");
    }
    if (rc == 0 && cfg != NULL) {
        rc = ha__model_parse_configuration(b, cfg);
    }
    ha__model_status_clear(&st->status);
    if (rc < 0) {
        if (doc != NULL) {
            xmlFreeDoc(doc);
        }
        if (ret_error != NULL && *ret_error == NULL) {
            *ret_error = g_steal_pointer(&b->error);
        }
        g_free(b->error);
        ha__model_builder_abandon(b);
        return rc;
    }
    ha__model_status_link(b);
    g_free(b->error);
    b->model->config_xml = doc;     /* for the XML writer (no status) */
    *ret_model = ha__model_builder_finish(b);
    return 0;
}

int
ha_store_model_parse_file(const char *path, ha_store_model_t **ret_model,
                          char **ret_error)
{
    struct ha__model_builder b;
    struct sax_state st = { .b = &b };
    xmlDoc *doc = NULL;
    int rc;

    ha__model_builder_init(&b);
    ha__model_status_init(&st.status, &b);
    rc = ha_xml_sax_parse_file(path, NULL, &model_sax, &st, &doc, ret_error);
    return finish_parse(&st, doc, rc, ret_model, ret_error);
}

int
ha_store_model_parse_memory(const char *data, gsize len,
                            ha_store_model_t **ret_model, char **ret_error)
{
    struct ha__model_builder b;
    struct sax_state st = { .b = &b };
    xmlDoc *doc = NULL;
    int rc;

    ha__model_builder_init(&b);
    ha__model_status_init(&st.status, &b);
    rc = ha_xml_sax_parse_memory(data, len, "cib", NULL, &model_sax, &st,
                                 &doc, ret_error);
    return finish_parse(&st, doc, rc, ret_model, ret_error);
}

guint
ha_store_model_rsc_find(const ha_store_model_t *model, const char *id)
{
    gpointer p = g_hash_table_lookup(model->rsc_by_id, id);

    return (p == NULL) ? HA_MODEL_NONE : GPOINTER_TO_UINT(p) - 1;
}

guint
ha_store_model_node_find(const ha_store_model_t *model, const char *uname)
{
    gpointer p = g_hash_table_lookup(model->node_by_uname, uname);

    return (p == NULL) ? HA_MODEL_NONE : GPOINTER_TO_UINT(p) - 1;
}

gboolean
ha_store_model_has_fence_device(const ha_store_model_t *model)
{
    for (guint i = 0; i < model->n_rscs; i++) {
        if (model->rscs[i].kind == HA_RSC_PRIMITIVE
            && g_strcmp0(model->rscs[i].klass, "stonith") == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

const char *
ha_store_model_prop_at(const ha_store_model_t *model, const char *name,
                       gint64 now)
{
    struct ha_model_rule_ctx ctx = { .now = now };

    for (guint s = 0; s < model->prop_sets.n_sets; s++) {
        const struct ha_model_nvset *set = &model->prop_sets.sets[s];

        if (set->rule != NULL && !ha_store_rule_eval(set->rule, &ctx)) {
            continue;
        }
        for (guint i = 0; i < set->n; i++) {
            if (strcmp(set->pairs[i].name, name) == 0) {
                return set->pairs[i].value;
            }
        }
    }
    return NULL;
}

const char *
ha_store_model_prop(const ha_store_model_t *model, const char *name)
{
    for (guint i = 0; i < model->n_props; i++) {
        if (strcmp(model->props[i].name, name) == 0) {
            return model->props[i].value;
        }
    }
    return NULL;
}
