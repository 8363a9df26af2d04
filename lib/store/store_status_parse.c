/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_status_parse.c - stream the CIB's <status> section into
 * the snapshot: node states, transient attributes and operation history.
 *
 * This is the bulk of a large CIB (one lrm_rsc_op per resource, node and
 * operation), so it is read from SAX2 events attribute by attribute and
 * never built into a tree.  Only the fields the scheduler needs are kept;
 * transition-key is reduced to its target rc.  Links to configured nodes
 * and resources are made afterwards (ha__model_status_link()), so the
 * sections may come in any order.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "common/results.h"
#include "common/strings.h"
#include "store/store_model_private.h"


/* SAX2 attributes come as (localname, prefix, URI, value, end) 5-tuples
 * whose values are not NUL-terminated. */
struct sax_attr {
    const char *name;
    const char *value;      /* NUL-terminated copy in buf or heap */
    char buf[128];
    char *heap;
};

/* Without entity replacement libxml2 hands an attribute's "&" on as
 * "&#38;" (every literal "&" of the value, so the reverse is exact). */
static void
unescape_amp(char *v)
{
    char *out = v;

    if (strchr(v, '&') == NULL) {
        return;
    }
    for (const char *p = v; *p != '\0';) {
        if (strncmp(p, "&#38;", 5) == 0) {
            *out++ = '&';
            p += 5;
        } else {
            *out++ = *p++;
        }
    }
    *out = '\0';
}

static void
attr_load(struct sax_attr *a, const xmlChar **attrs, int i)
{
    const char *v = (const char *) attrs[i * 5 + 3];
    gsize len = (gsize) (attrs[i * 5 + 4] - attrs[i * 5 + 3]);

    a->name = (const char *) attrs[i * 5];
    g_free(a->heap);
    a->heap = NULL;
    if (len < sizeof(a->buf)) {
        memcpy(a->buf, v, len);
        a->buf[len] = '\0';
        a->value = a->buf;
    } else {
        a->heap = g_strndup(v, len);
        a->value = a->heap;
    }
    unescape_amp((char *) a->value);
}

static const char *
intern(struct ha__status_ctx *s, const struct sax_attr *a)
{
    return ha__model_intern(s->b->model, a->value);
}

static gint64
parse_i64(const char *v)
{
    return (v == NULL) ? 0 : g_ascii_strtoll(v, NULL, 10);
}

/* "action:transition:target_rc:uuid" -> target_rc */
int
ha__model_target_rc(const char *key)
{
    const char *p = key;

    for (int field = 0; field < 2 && p != NULL; field++) {
        p = strchr(p, ':');
        p = (p != NULL) ? p + 1 : NULL;
    }
    return (p == NULL) ? -1 : atoi(p);
}

static void
read_op(struct ha__status_ctx *s, int nb, const xmlChar **attrs)
{
    struct ha_model_lrm_op op = { .call_id = -1, .target_rc = -1 };
    struct sax_attr a = { 0 };

    for (int i = 0; i < nb; i++) {
        const char *n;

        attr_load(&a, attrs, i);
        n = a.name;
        if (strcmp(n, "id") == 0) {
            op.id = intern(s, &a);
        } else if (strcmp(n, "operation") == 0) {
            op.operation = intern(s, &a);
        } else if (strcmp(n, "interval") == 0) {
            op.interval_ms = g_ascii_strtoull(a.value, NULL, 10);  /* ms */
        } else if (strcmp(n, "call-id") == 0) {
            op.call_id = (int) parse_i64(a.value);
        } else if (strcmp(n, "rc-code") == 0) {
            op.rc_code = (int) parse_i64(a.value);
        } else if (strcmp(n, "op-status") == 0) {
            op.op_status = (int) parse_i64(a.value);
        } else if (strcmp(n, "transition-key") == 0) {
            op.target_rc = ha__model_target_rc(a.value);
            op.transition_key = intern(s, &a);
        } else if (strcmp(n, "op-digest") == 0) {
            op.op_digest = intern(s, &a);
        } else if (strcmp(n, "op-restart-digest") == 0) {
            op.op_restart_digest = intern(s, &a);
        } else if (strcmp(n, "op-force-restart") == 0) {
            op.op_force_restart = intern(s, &a);
        } else if (strcmp(n, "op-secure-digest") == 0) {
            op.op_secure_digest = intern(s, &a);
        } else if (strcmp(n, "exit-reason") == 0) {
            op.exit_reason = intern(s, &a);
        } else if (strcmp(n, "migrate_source") == 0) {
            op.migrate_source = intern(s, &a);
        } else if (strcmp(n, "migrate_target") == 0) {
            op.migrate_target = intern(s, &a);
        } else if (strcmp(n, "last-rc-change") == 0) {
            op.last_rc_change = parse_i64(a.value);
        } else if (strcmp(n, "last-run") == 0) {
            op.last_run = parse_i64(a.value);
        } else if (strcmp(n, "exec-time") == 0) {
            op.exec_time_ms = (guint) parse_i64(a.value);
        }
    }
    g_free(a.heap);
    if (op.operation == NULL) {
        return;
    }
    if (op.id == NULL) {
        op.id = op.operation;
    }
    g_array_append_val(s->b->lrm_ops, op);
}

static int
cmp_call_id(const void *a, const void *b)
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
begin_lrm_rsc(struct ha__status_ctx *s, int nb, const xmlChar **attrs)
{
    struct ha_model_lrm_rsc lr = { .rsc = HA_MODEL_NONE };
    struct sax_attr a = { 0 };

    for (int i = 0; i < nb; i++) {
        attr_load(&a, attrs, i);
        if (strcmp(a.name, "id") == 0) {
            lr.id = intern(s, &a);
        } else if (strcmp(a.name, "class") == 0) {
            lr.klass = intern(s, &a);
        } else if (strcmp(a.name, "provider") == 0) {
            lr.provider = intern(s, &a);
        } else if (strcmp(a.name, "type") == 0) {
            lr.type = intern(s, &a);
        }
    }
    g_free(a.heap);
    lr.op_first = s->b->lrm_ops->len;
    g_array_append_val(s->b->lrm_rscs, lr);
    s->in_lrm_rsc = TRUE;
}

static void
end_lrm_rsc(struct ha__status_ctx *s)
{
    struct ha_model_lrm_rsc *lr;

    if (!s->in_lrm_rsc) {
        return;
    }
    s->in_lrm_rsc = FALSE;
    lr = &g_array_index(s->b->lrm_rscs, struct ha_model_lrm_rsc,
                        s->b->lrm_rscs->len - 1);
    lr->n_ops = s->b->lrm_ops->len - lr->op_first;
    ha__model_sort_ops(&g_array_index(s->b->lrm_ops, struct ha_model_lrm_op,
                                      lr->op_first), lr->n_ops);
}

void
ha__model_sort_ops(struct ha_model_lrm_op *ops, guint n)
{
    if (n > 1) {
        qsort(ops, n, sizeof(struct ha_model_lrm_op), cmp_call_id);
    }
}

guint
ha__model_node_flags(const char *in_ccm, const char *crmd, const char *join,
                     const char *expected)
{
    guint f = 0;

    f |= ha_bool_or_stamp(in_ccm) ? HA_NODE_IN_CCM : 0;
    f |= (g_strcmp0(crmd, "online") == 0 || ha_bool_or_stamp(crmd)) ? HA_NODE_CRMD : 0;
    if (g_strcmp0(join, "member") == 0) {
        f |= HA_NODE_JOIN_MEMBER;
    } else if (g_strcmp0(join, "pending") == 0) {
        f |= HA_NODE_JOIN_PENDING;
    } else if (g_strcmp0(join, "nack") == 0
               || g_strcmp0(join, "banned") == 0) {
        f |= HA_NODE_JOIN_REFUSED;
    }
    if (g_strcmp0(expected, "member") == 0) {
        f |= HA_NODE_EXPECTED_UP;
    } else if (g_strcmp0(expected, "down") == 0) {
        f |= HA_NODE_EXPECTED_DOWN;
    }
    return f;
}

static void
begin_node_state(struct ha__status_ctx *s, int nb, const xmlChar **attrs)
{
    struct ha_model_node_state st = { .node = HA_MODEL_NONE };
    struct sax_attr a = { 0 };
    /* in_ccm, crmd, join, expected: read once into st.flags */
    static const char *const words[] = { "in_ccm", "crmd", "join",
                                         "expected" };
    char *raw[G_N_ELEMENTS(words)] = { NULL };

    for (int i = 0; i < nb; i++) {
        attr_load(&a, attrs, i);
        if (strcmp(a.name, "id") == 0) {
            st.id = intern(s, &a);
        } else if (strcmp(a.name, "uname") == 0) {
            st.uname = intern(s, &a);
        }
        for (guint w = 0; w < G_N_ELEMENTS(words); w++) {
            if (strcmp(a.name, words[w]) == 0) {
                g_free(raw[w]);
                raw[w] = g_strdup(a.value);
            }
        }
    }
    g_free(a.heap);
    st.flags = ha__model_node_flags(raw[0], raw[1], raw[2], raw[3]);
    for (guint w = 0; w < G_N_ELEMENTS(words); w++) {
        g_free(raw[w]);
    }
    st.lrm_first = s->b->lrm_rscs->len;
    g_array_append_val(s->b->node_states, st);
    g_array_set_size(s->transient, 0);
    s->in_node_state = TRUE;
}

static void
end_node_state(struct ha__status_ctx *s)
{
    struct ha__model_builder *b = s->b;
    struct ha_model_node_state *st;

    if (!s->in_node_state) {
        return;
    }
    s->in_node_state = FALSE;
    st = &g_array_index(b->node_states, struct ha_model_node_state,
                        b->node_states->len - 1);
    st->n_lrm = b->lrm_rscs->len - st->lrm_first;
    st->n_transient = s->transient->len;
    st->transient = ha__model_keep(b->model,
                                   g_memdup2(s->transient->data,
                                             s->transient->len
                                             * sizeof(struct ha_model_nvpair)));
}

static void
read_nvpair(struct ha__status_ctx *s, int nb, const xmlChar **attrs)
{
    struct ha_model_nvpair nv = { NULL, NULL };
    struct sax_attr a = { 0 };

    for (int i = 0; i < nb; i++) {
        attr_load(&a, attrs, i);
        if (strcmp(a.name, "name") == 0) {
            nv.name = intern(s, &a);
        } else if (strcmp(a.name, "value") == 0) {
            nv.value = intern(s, &a);
        }
    }
    g_free(a.heap);
    if (nv.name != NULL && s->in_node_state) {
        if (nv.value == NULL) {
            nv.value = ha__model_intern(s->b->model, "");
        }
        g_array_append_val(s->transient, nv);
    }
}

static void
read_ticket(struct ha__status_ctx *s, int nb, const xmlChar **attrs)
{
    struct ha_model_ticket_state t = { NULL, FALSE, FALSE };
    struct sax_attr a = { 0 };

    for (int i = 0; i < nb; i++) {
        attr_load(&a, attrs, i);
        if (strcmp(a.name, "id") == 0) {
            t.id = intern(s, &a);
        } else if (strcmp(a.name, "granted") == 0) {
            (void) ha_bool_parse(a.value, &t.granted);
        } else if (strcmp(a.name, "standby") == 0) {
            (void) ha_bool_parse(a.value, &t.standby);
        }
    }
    g_free(a.heap);
    if (t.id != NULL) {
        g_array_append_val(s->b->tickets, t);
    }
}

void
ha__model_status_start(struct ha__status_ctx *s, const char *name, int nb,
                       const xmlChar **attrs)
{
    if (strcmp(name, "lrm_rsc_op") == 0) {
        if (s->in_lrm_rsc) {
            read_op(s, nb, attrs);
        }
    } else if (strcmp(name, "lrm_resource") == 0) {
        if (s->in_node_state) {
            begin_lrm_rsc(s, nb, attrs);
        }
    } else if (strcmp(name, "node_state") == 0) {
        begin_node_state(s, nb, attrs);
    } else if (strcmp(name, "nvpair") == 0) {
        read_nvpair(s, nb, attrs);
    } else if (strcmp(name, "ticket_state") == 0) {
        read_ticket(s, nb, attrs);
    }
}

void
ha__model_status_end(struct ha__status_ctx *s, const char *name)
{
    if (strcmp(name, "lrm_resource") == 0) {
        end_lrm_rsc(s);
    } else if (strcmp(name, "node_state") == 0) {
        end_node_state(s);
    }
}

void
ha__model_status_init(struct ha__status_ctx *s, struct ha__model_builder *b)
{
    memset(s, 0, sizeof(*s));
    s->b = b;
    s->transient = g_array_new(FALSE, FALSE, sizeof(struct ha_model_nvpair));
}

void
ha__model_status_clear(struct ha__status_ctx *s)
{
    g_array_free(s->transient, TRUE);
    s->transient = NULL;
}

void
ha__model_status_link(struct ha__model_builder *b)
{
    ha_store_model_t *m = b->model;

    for (guint i = 0; i < b->lrm_rscs->len; i++) {
        struct ha_model_lrm_rsc *lr = &g_array_index(b->lrm_rscs,
                                                     struct ha_model_lrm_rsc,
                                                     i);

        if (lr->id != NULL) {
            lr->rsc = ha_store_model_rsc_find(m, lr->id);
        }
    }
    for (guint i = 0; i < b->node_states->len; i++) {
        struct ha_model_node_state *st =
            &g_array_index(b->node_states, struct ha_model_node_state, i);
        gpointer idx = NULL;

        if (st->id != NULL) {
            idx = g_hash_table_lookup(m->node_by_id, st->id);
        }
        if (idx == NULL && st->uname != NULL) {
            idx = g_hash_table_lookup(m->node_by_uname, st->uname);
        }
        if (idx != NULL) {
            st->node = GPOINTER_TO_UINT(idx) - 1;
        }
    }
}
