/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_input_write.c - the one writer of a scheduler input as
 * CIB text: the configuration as it was read (the snapshot keeps it as a
 * small DOM without status) and the status section written from the typed
 * arrays, in the form ha_store_model_parse_*() reads back into an equal
 * snapshot.  Used when an input is saved (hactl simulate) or asked for
 * (hactl why); never on the scheduling path.
 */
#include "config.h"

#include <string.h>

#include <libxml/xmlwriter.h>

#include "store/store_input.h"
#include "store/store_model_private.h"

#define W(s) ((const xmlChar *) (s))

static void
attr(xmlTextWriter *w, const char *name, const char *value)
{
    if (value != NULL) {
        xmlTextWriterWriteAttribute(w, W(name), W(value));
    }
}

static void
attr_int(xmlTextWriter *w, const char *name, gint64 value)
{
    xmlTextWriterWriteFormatAttribute(w, W(name), "%" G_GINT64_FORMAT, value);
}

static const char *
join_word(guint flags)
{
    return (flags & HA_NODE_JOIN_MEMBER) ? "member"
           : (flags & HA_NODE_JOIN_PENDING) ? "pending"
           : (flags & HA_NODE_JOIN_REFUSED) ? "banned" : "down";
}

static const char *
expected_word(guint flags)
{
    return (flags & HA_NODE_EXPECTED_UP) ? "member"
           : (flags & HA_NODE_EXPECTED_DOWN) ? "down" : NULL;
}

static void
write_op(xmlTextWriter *w, const struct ha_model_lrm_op *op)
{
    xmlTextWriterStartElement(w, W("lrm_rsc_op"));
    attr(w, "id", op->id);
    attr(w, "operation", op->operation);
    attr_int(w, "interval", (gint64) op->interval_ms);
    attr_int(w, "call-id", op->call_id);
    attr_int(w, "rc-code", op->rc_code);
    attr_int(w, "op-status", op->op_status);
    if (op->transition_key != NULL) {
        attr(w, "transition-key", op->transition_key);
    } else if (op->target_rc >= 0) {
        xmlTextWriterWriteFormatAttribute(w, W("transition-key"),
                                          "0:0:%d:ha", op->target_rc);
    }
    attr(w, "op-digest", op->op_digest);
    attr(w, "op-restart-digest", op->op_restart_digest);
    attr(w, "op-secure-digest", op->op_secure_digest);
    attr(w, "op-force-restart", op->op_force_restart);
    attr(w, "exit-reason", op->exit_reason);
    attr(w, "migrate_source", op->migrate_source);
    attr(w, "migrate_target", op->migrate_target);
    if (op->last_rc_change != 0) {
        attr_int(w, "last-rc-change", op->last_rc_change);
    }
    if (op->last_run != 0) {
        attr_int(w, "last-run", op->last_run);
    }
    if (op->exec_time_ms != 0) {
        attr_int(w, "exec-time", op->exec_time_ms);
    }
    xmlTextWriterEndElement(w);
}

static void
write_transient(xmlTextWriter *w, const struct ha_model_node_state *st)
{
    const char *id = (st->id != NULL) ? st->id : st->uname;

    if (st->n_transient == 0) {
        return;
    }
    xmlTextWriterStartElement(w, W("transient_attributes"));
    attr(w, "id", id);
    xmlTextWriterStartElement(w, W("instance_attributes"));
    xmlTextWriterWriteFormatAttribute(w, W("id"), "status-%s", id);
    for (guint i = 0; i < st->n_transient; i++) {
        xmlTextWriterStartElement(w, W("nvpair"));
        xmlTextWriterWriteFormatAttribute(w, W("id"), "status-%s-%s", id,
                                          st->transient[i].name);
        attr(w, "name", st->transient[i].name);
        attr(w, "value", st->transient[i].value);
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

static void
write_lrm(xmlTextWriter *w, const ha_store_model_t *m,
          const struct ha_model_node_state *st)
{
    xmlTextWriterStartElement(w, W("lrm"));
    attr(w, "id", st->id);
    xmlTextWriterStartElement(w, W("lrm_resources"));
    for (guint r = st->lrm_first; r < st->lrm_first + st->n_lrm; r++) {
        const struct ha_model_lrm_rsc *lr = &m->lrm_rscs[r];

        xmlTextWriterStartElement(w, W("lrm_resource"));
        attr(w, "id", lr->id);
        attr(w, "class", lr->klass);
        attr(w, "provider", lr->provider);
        attr(w, "type", lr->type);
        for (guint o = lr->op_first; o < lr->op_first + lr->n_ops; o++) {
            write_op(w, &m->lrm_ops[o]);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndElement(w);
}

static void
write_node_state(xmlTextWriter *w, const ha_store_model_t *m,
                 const struct ha_model_node_state *st)
{
    xmlTextWriterStartElement(w, W("node_state"));
    attr(w, "id", st->id);
    attr(w, "uname", st->uname);
    attr(w, "in_ccm", (st->flags & HA_NODE_IN_CCM) ? "true" : "false");
    attr(w, "crmd", (st->flags & HA_NODE_CRMD) ? "online" : "offline");
    attr(w, "join", join_word(st->flags));
    attr(w, "expected", expected_word(st->flags));
    write_transient(w, st);
    write_lrm(w, m, st);
    xmlTextWriterEndElement(w);
}

static void
write_status(xmlTextWriter *w, const ha_store_model_t *m)
{
    xmlTextWriterStartElement(w, W("status"));
    for (guint i = 0; i < m->n_node_states; i++) {
        write_node_state(w, m, &m->node_states[i]);
    }
    if (m->n_tickets > 0) {
        xmlTextWriterStartElement(w, W("tickets"));
        for (guint i = 0; i < m->n_tickets; i++) {
            xmlTextWriterStartElement(w, W("ticket_state"));
            attr(w, "id", m->tickets[i].id);
            attr(w, "granted", m->tickets[i].granted ? "true" : "false");
            attr(w, "standby", m->tickets[i].standby ? "true" : "false");
            xmlTextWriterEndElement(w);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
}

/* The <cib> attributes the snapshot holds, written from it. */
static gboolean
is_model_attr(const char *name)
{
    static const char *const names[] = {
        "have-quorum", "dc-uuid", "execution-date", "no-quorum-panic",
        "crm_feature_set", "validate-with",
    };

    for (gsize i = 0; i < G_N_ELEMENTS(names); i++) {
        if (strcmp(name, names[i]) == 0) {
            return TRUE;
        }
    }
    return FALSE;
}

static void
write_root_attrs(xmlTextWriter *w, const ha_store_model_t *m,
                 const xmlNode *root)
{
    for (const xmlAttr *a = (root != NULL) ? root->properties : NULL;
         a != NULL; a = a->next) {
        if (!is_model_attr((const char *) a->name)) {
            attr(w, (const char *) a->name,
                 ha_xml_attr(root, (const char *) a->name));
        }
    }
    attr(w, "validate-with", m->validate_with);
    attr(w, "crm_feature_set", m->crm_feature_set);
    attr(w, "have-quorum", m->have_quorum ? "1" : "0");
    attr(w, "dc-uuid", m->dc_uuid);
    if (m->no_quorum_panic) {
        attr(w, "no-quorum-panic", "1");
    }
    if (m->execution_date != 0) {
        attr_int(w, "execution-date", m->execution_date);
    }
}

/* A child of <cib> as text: <configuration> gets the nodes an input added
 * (members the configuration does not list) in its <nodes>. */
static char *
dump_section(const ha_store_model_t *m, const ha_store_model_t *cfg,
             const xmlNode *c)
{
    xmlNode *copy;
    xmlNode *nodes;
    char *text;

    if (!ha_xml_is(c, "configuration") || m->n_nodes <= cfg->n_nodes) {
        return ha_xml_dump(c, FALSE);
    }
    copy = xmlDocCopyNode((xmlNode *) c, c->doc, 1);
    nodes = ha_xml_first_child(copy, "nodes");
    if (nodes == NULL) {
        nodes = xmlNewChild(copy, NULL, W("nodes"), NULL);
    }
    for (guint i = cfg->n_nodes; i < m->n_nodes; i++) {
        xmlNode *n = xmlNewChild(nodes, NULL, W("node"), NULL);

        xmlSetProp(n, W("id"), W(m->nodes[i].id));
        xmlSetProp(n, W("uname"), W(m->nodes[i].uname));
        xmlSetProp(n, W("type"), W(m->nodes[i].type));
    }
    text = ha_xml_dump(copy, FALSE);
    xmlFreeNode(copy);
    return text;
}

char *
ha_store_model_write_xml(const ha_store_model_t *model)
{
    const ha_store_model_t *cfg = (model->config != NULL) ? model->config
                                                          : model;
    const xmlNode *root = (cfg->config_xml != NULL)
                          ? xmlDocGetRootElement(cfg->config_xml) : NULL;
    xmlBuffer *buf = xmlBufferCreate();
    xmlTextWriter *w = xmlNewTextWriterMemory(buf, 0);
    char *out;

    xmlTextWriterStartDocument(w, NULL, "UTF-8", NULL);
    xmlTextWriterStartElement(w, W("cib"));
    write_root_attrs(w, model, root);
    for (const xmlNode *c = ha_xml_first_child(root, NULL); c != NULL;
         c = ha_xml_next(c, NULL)) {
        g_autofree char *text = dump_section(model, cfg, c);

        xmlTextWriterWriteRaw(w, W(text));
    }
    write_status(w, model);
    xmlTextWriterEndDocument(w);
    xmlFreeTextWriter(w);
    out = g_strndup((const char *) xmlBufferContent(buf),
                    (gsize) xmlBufferLength(buf));
    xmlBufferFree(buf);
    return out;
}
