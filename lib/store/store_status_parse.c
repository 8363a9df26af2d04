/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_status_parse.c - stream the CIB's <status> section into
 * the snapshot: node states, transient attributes and operation history.
 *
 * This is the bulk of a large CIB (one lrm_rsc_op per resource, node and
 * operation), so it is read with xmlTextReader attribute by attribute and
 * never built into a tree.  Only the fields the scheduler needs are kept;
 * transition-key is reduced to its target rc.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "store/store_model_private.h"

#define NAME_IS(r, s) (strcmp((const char *) xmlTextReaderConstLocalName(r), \
                              (s)) == 0)

struct status_ctx {
    struct ha__model_builder *b;
    xmlTextReader *reader;
    const struct ha_xml_limits *limits;
    GArray *transient;      /* nvpairs of the current node_state */
    struct ha_model_node_state *state;
};

static const char *
cur_value(struct status_ctx *s)
{
    return ha__model_intern(s->b->model,
                            (const char *) xmlTextReaderConstValue(s->reader));
}

static gint64
parse_i64(const char *v)
{
    return (v == NULL) ? 0 : g_ascii_strtoll(v, NULL, 10);
}

/* "action:transition:target_rc:uuid" -> target_rc */
static int
target_rc_from_key(const char *key)
{
    const char *p = key;

    for (int field = 0; field < 2 && p != NULL; field++) {
        p = strchr(p, ':');
        p = (p != NULL) ? p + 1 : NULL;
    }
    return (p == NULL) ? -1 : atoi(p);
}

static void
read_op(struct status_ctx *s)
{
    struct ha_model_lrm_op op = { .call_id = -1, .target_rc = -1 };
    xmlTextReader *r = s->reader;

    while (xmlTextReaderMoveToNextAttribute(r) == 1) {
        const char *n = (const char *) xmlTextReaderConstLocalName(r);
        const char *v = (const char *) xmlTextReaderConstValue(r);

        if (strcmp(n, "id") == 0) {
            op.id = cur_value(s);
        } else if (strcmp(n, "operation") == 0) {
            op.operation = cur_value(s);
        } else if (strcmp(n, "interval") == 0) {
            op.interval_ms = g_ascii_strtoull(v, NULL, 10);  /* ms */
        } else if (strcmp(n, "call-id") == 0) {
            op.call_id = (int) parse_i64(v);
        } else if (strcmp(n, "rc-code") == 0) {
            op.rc_code = (int) parse_i64(v);
        } else if (strcmp(n, "op-status") == 0) {
            op.op_status = (int) parse_i64(v);
        } else if (strcmp(n, "transition-key") == 0) {
            op.target_rc = target_rc_from_key(v);
        } else if (strcmp(n, "op-digest") == 0) {
            op.op_digest = cur_value(s);
        } else if (strcmp(n, "op-restart-digest") == 0) {
            op.op_restart_digest = cur_value(s);
        } else if (strcmp(n, "op-force-restart") == 0) {
            op.op_force_restart = cur_value(s);
        } else if (strcmp(n, "op-secure-digest") == 0) {
            op.op_secure_digest = cur_value(s);
        } else if (strcmp(n, "exit-reason") == 0) {
            op.exit_reason = cur_value(s);
        } else if (strcmp(n, "migrate_source") == 0) {
            op.migrate_source = cur_value(s);
        } else if (strcmp(n, "migrate_target") == 0) {
            op.migrate_target = cur_value(s);
        } else if (strcmp(n, "last-rc-change") == 0) {
            op.last_rc_change = parse_i64(v);
        } else if (strcmp(n, "last-run") == 0) {
            op.last_run = parse_i64(v);
        }
    }
    (void) xmlTextReaderMoveToElement(r);
    if (op.operation == NULL) {
        return;
    }
    if (op.id == NULL) {
        op.id = op.operation;
    }
    g_array_append_val(s->b->lrm_ops, op);
}

static int
cmp_call_id(gconstpointer a, gconstpointer b)
{
    const struct ha_model_lrm_op *x = a;
    const struct ha_model_lrm_op *y = b;
    /* pending operations (call-id -1) sort last */
    guint cx = (guint) x->call_id;
    guint cy = (guint) y->call_id;

    if (cx != cy) {
        return (cx < cy) ? -1 : 1;
    }
    return (x->last_rc_change < y->last_rc_change) ? -1
           : (x->last_rc_change > y->last_rc_change);
}

static void
begin_lrm_rsc(struct status_ctx *s)
{
    struct ha_model_lrm_rsc lr = { .rsc = HA_MODEL_NONE };
    xmlTextReader *r = s->reader;

    while (xmlTextReaderMoveToNextAttribute(r) == 1) {
        const char *n = (const char *) xmlTextReaderConstLocalName(r);

        if (strcmp(n, "id") == 0) {
            lr.id = cur_value(s);
        } else if (strcmp(n, "class") == 0) {
            lr.klass = cur_value(s);
        } else if (strcmp(n, "provider") == 0) {
            lr.provider = cur_value(s);
        } else if (strcmp(n, "type") == 0) {
            lr.type = cur_value(s);
        }
    }
    (void) xmlTextReaderMoveToElement(r);
    if (lr.id != NULL) {
        lr.rsc = ha_store_model_rsc_find(s->b->model, lr.id);
    }
    lr.op_first = s->b->lrm_ops->len;
    g_array_append_val(s->b->lrm_rscs, lr);
}

static void
end_lrm_rsc(struct status_ctx *s)
{
    struct ha_model_lrm_rsc *lr;

    if (s->b->lrm_rscs->len == 0) {
        return;
    }
    lr = &g_array_index(s->b->lrm_rscs, struct ha_model_lrm_rsc,
                        s->b->lrm_rscs->len - 1);
    lr->n_ops = s->b->lrm_ops->len - lr->op_first;
    if (lr->n_ops > 1) {
        qsort(&g_array_index(s->b->lrm_ops, struct ha_model_lrm_op,
                             lr->op_first), lr->n_ops,
              sizeof(struct ha_model_lrm_op), cmp_call_id);
    }
}

static void
begin_node_state(struct status_ctx *s)
{
    struct ha_model_node_state st = { .node = HA_MODEL_NONE };
    xmlTextReader *r = s->reader;

    while (xmlTextReaderMoveToNextAttribute(r) == 1) {
        const char *n = (const char *) xmlTextReaderConstLocalName(r);

        if (strcmp(n, "id") == 0) {
            st.id = cur_value(s);
        } else if (strcmp(n, "uname") == 0) {
            st.uname = cur_value(s);
        } else if (strcmp(n, "in_ccm") == 0) {
            st.in_ccm = cur_value(s);
        } else if (strcmp(n, "crmd") == 0) {
            st.crmd = cur_value(s);
        } else if (strcmp(n, "join") == 0) {
            st.join = cur_value(s);
        } else if (strcmp(n, "expected") == 0) {
            st.expected = cur_value(s);
        }
    }
    (void) xmlTextReaderMoveToElement(r);
    st.lrm_first = s->b->lrm_rscs->len;
    g_array_append_val(s->b->node_states, st);
    g_array_set_size(s->transient, 0);
}

static void
end_node_state(struct status_ctx *s)
{
    struct ha__model_builder *b = s->b;
    struct ha_model_node_state *st =
        &g_array_index(b->node_states, struct ha_model_node_state,
                       b->node_states->len - 1);
    gpointer idx = NULL;

    st->n_lrm = b->lrm_rscs->len - st->lrm_first;
    st->n_transient = s->transient->len;
    st->transient = ha__model_keep(b->model,
                                   g_memdup2(s->transient->data,
                                             s->transient->len
                                             * sizeof(struct ha_model_nvpair)));
    if (st->id != NULL) {
        idx = g_hash_table_lookup(b->model->node_by_id, st->id);
    }
    if (idx == NULL && st->uname != NULL) {
        idx = g_hash_table_lookup(b->model->node_by_uname, st->uname);
    }
    if (idx != NULL) {
        st->node = GPOINTER_TO_UINT(idx) - 1;
    }
}

static void
read_nvpair(struct status_ctx *s)
{
    struct ha_model_nvpair nv = { NULL, NULL };
    xmlTextReader *r = s->reader;

    while (xmlTextReaderMoveToNextAttribute(r) == 1) {
        const char *n = (const char *) xmlTextReaderConstLocalName(r);

        if (strcmp(n, "name") == 0) {
            nv.name = cur_value(s);
        } else if (strcmp(n, "value") == 0) {
            nv.value = cur_value(s);
        }
    }
    (void) xmlTextReaderMoveToElement(r);
    if (nv.name != NULL) {
        if (nv.value == NULL) {
            nv.value = ha__model_intern(s->b->model, "");
        }
        g_array_append_val(s->transient, nv);
    }
}

static void
on_start(struct status_ctx *s, gboolean empty)
{
    xmlTextReader *r = s->reader;

    if (NAME_IS(r, "lrm_rsc_op")) {
        read_op(s);
    } else if (NAME_IS(r, "lrm_resource")) {
        begin_lrm_rsc(s);
        if (empty) {
            end_lrm_rsc(s);
        }
    } else if (NAME_IS(r, "node_state")) {
        begin_node_state(s);
        if (empty) {
            end_node_state(s);
        }
    } else if (NAME_IS(r, "nvpair")) {
        read_nvpair(s);
    }
}

static void
on_end(struct status_ctx *s)
{
    if (NAME_IS(s->reader, "lrm_resource")) {
        end_lrm_rsc(s);
    } else if (NAME_IS(s->reader, "node_state")) {
        end_node_state(s);
    }
}

int
ha__model_parse_status(struct ha__model_builder *b, xmlTextReader *reader,
                       const struct ha_xml_limits *limits)
{
    struct status_ctx s = { .b = b, .reader = reader, .limits = limits };
    int depth = xmlTextReaderDepth(reader);
    int rc = 0;

    if (xmlTextReaderIsEmptyElement(reader)) {
        return 0;
    }
    s.transient = g_array_new(FALSE, FALSE, sizeof(struct ha_model_nvpair));
    while ((rc = xmlTextReaderRead(reader)) == 1) {
        int type = xmlTextReaderNodeType(reader);

        rc = ha_xml_reader_check(reader, limits, &b->error);
        if (rc < 0) {
            break;
        }
        if (type == XML_READER_TYPE_ELEMENT) {
            on_start(&s, xmlTextReaderIsEmptyElement(reader));
        } else if (type == XML_READER_TYPE_END_ELEMENT) {
            if (xmlTextReaderDepth(reader) == depth) {
                rc = 0;
                break;
            }
            on_end(&s);
        }
    }
    g_array_free(s.transient, TRUE);
    if (rc < 0) {
        return rc;
    }
    if (rc != 0 && b->error == NULL) {
        b->error = g_strdup("status: malformed XML");
        return -HA_EBADXML;
    }
    return 0;
}
