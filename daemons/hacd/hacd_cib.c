/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_cib.c - the scheduler's input, built from what this
 * node knows: the replicated configuration, the membership (node states),
 * transient node attributes and every node's operation history.
 *
 * Node states, as the scheduler reads them:
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

#include <libxml/tree.h>

#include "common/log.h"
#include "common/results.h"
#include "hacd/hacd.h"

#define X(s) ((const xmlChar *) (s))

static void
set_int(xmlNode *n, const char *name, gint64 v)
{
    char buf[32];

    g_snprintf(buf, sizeof(buf), "%" G_GINT64_FORMAT, v);
    xmlSetProp(n, X(name), X(buf));
}

static xmlNode *
child(xmlNode *parent, const char *name)
{
    for (xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *) c->name,
                                                  name) == 0) {
            return c;
        }
    }
    return xmlNewChild(parent, NULL, X(name), NULL);
}

/* The id the configuration gives the node named @uname, or NULL. */
static char *
config_node_id(xmlNode *nodes, const char *uname)
{
    for (xmlNode *c = nodes->children; c != NULL; c = c->next) {
        xmlChar *u;
        gboolean same;

        if (c->type != XML_ELEMENT_NODE) {
            continue;
        }
        u = xmlGetProp(c, X("uname"));
        same = (u != NULL && strcmp((const char *) u, uname) == 0);
        xmlFree(u);
        if (same) {
            xmlChar *id = xmlGetProp(c, X("id"));
            char *r = g_strdup((const char *) id);

            xmlFree(id);
            return r;
        }
    }
    return NULL;
}

static void
add_op(xmlNode *lr, const struct hacd_op *op)
{
    xmlNode *o = xmlNewChild(lr, NULL, X("lrm_rsc_op"), NULL);
    g_autofree char *tkey = (op->tkey[0] != '\0')
                            ? g_strdup(op->tkey)
                            : g_strdup_printf("0:0:%d:ha", op->target_rc);

    xmlSetProp(o, X("id"), X(op->key));
    xmlSetProp(o, X("operation"), X(op->task));
    set_int(o, "interval", op->interval_ms);
    set_int(o, "call-id", op->call_id);
    set_int(o, "rc-code", op->rc);
    set_int(o, "op-status", op->status);
    xmlSetProp(o, X("transition-key"), X(tkey));
    if (op->digest[0] != '\0') {
        xmlSetProp(o, X("op-digest"), X(op->digest));
    }
    if (op->reason[0] != '\0') {
        xmlSetProp(o, X("exit-reason"), X(op->reason));
    }
    if (op->last_rc_change > 0) {
        set_int(o, "last-rc-change", op->last_rc_change);
        set_int(o, "last-run", op->last_rc_change);
    }
    set_int(o, "exec-time", op->exec_ms);
}

static void
add_lrm(struct hacd *h, xmlNode *ns, const char *uname)
{
    GHashTable *t = g_hash_table_lookup(h->lrm, uname);
    xmlNode *rscs = xmlNewChild(xmlNewChild(ns, NULL, X("lrm"), NULL), NULL,
                                X("lrm_resources"), NULL);
    g_autoptr(GList) ids = NULL;

    if (t == NULL) {
        return;
    }
    ids = g_list_sort(g_hash_table_get_keys(t), (GCompareFunc) strcmp);
    for (GList *l = ids; l != NULL; l = l->next) {
        struct hacd_lrm_rsc *r = g_hash_table_lookup(t, l->data);
        xmlNode *lr = xmlNewChild(rscs, NULL, X("lrm_resource"), NULL);
        GHashTableIter it;
        gpointer v;

        xmlSetProp(lr, X("id"), X(r->id));
        xmlSetProp(lr, X("class"), X(r->klass));
        if (r->provider[0] != '\0') {
            xmlSetProp(lr, X("provider"), X(r->provider));
        }
        xmlSetProp(lr, X("type"), X(r->type));
        g_hash_table_iter_init(&it, r->ops);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            add_op(lr, v);
        }
    }
}

static void
add_transient(struct hacd *h, xmlNode *ns, const char *uname,
              const char *node_id)
{
    g_autofree char *prefix = g_strconcat(uname, "\n", NULL);
    g_autoptr(GList) keys = g_list_sort(g_hash_table_get_keys(h->attrs),
                                        (GCompareFunc) strcmp);
    xmlNode *set = NULL;

    for (GList *l = keys; l != NULL; l = l->next) {
        const char *name = (const char *) l->data + strlen(prefix);
        xmlNode *nv;
        g_autofree char *id = NULL;

        if (!g_str_has_prefix(l->data, prefix) || hacd_attr_is_private(name)) {
            continue;
        }
        if (set == NULL) {
            xmlNode *ta = xmlNewChild(ns, NULL, X("transient_attributes"),
                                      NULL);
            g_autofree char *sid = g_strconcat("status-", node_id, NULL);

            xmlSetProp(ta, X("id"), X(node_id));
            set = xmlNewChild(ta, NULL, X("instance_attributes"), NULL);
            xmlSetProp(set, X("id"), X(sid));
        }
        nv = xmlNewChild(set, NULL, X("nvpair"), NULL);
        id = g_strdup_printf("status-%s-%s", node_id, name);
        xmlSetProp(nv, X("id"), X(id));
        xmlSetProp(nv, X("name"), X(name));
        xmlSetProp(nv, X("value"), X(g_hash_table_lookup(h->attrs, l->data)));
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
add_node(struct hacd *h, xmlNode *nodes, xmlNode *status,
         const struct hacd_node *n)
{
    g_autofree char *id = config_node_id(nodes, n->name);
    xmlNode *ns;
    gboolean up = (n->state == HACD_NODE_ONLINE
                   || n->state == HACD_NODE_PENDING);
    gboolean clean_down = n->fenced
                          || (n->state == HACD_NODE_OFFLINE
                              && (n->clean || !startup_grace_over(h)));

    if (id == NULL) {
        xmlNode *c = xmlNewChild(nodes, NULL, X("node"), NULL);

        id = g_strdup_printf("%u", n->nodeid);
        xmlSetProp(c, X("id"), X(id));
        xmlSetProp(c, X("uname"), X(n->name));
        xmlSetProp(c, X("type"), X("member"));
    }
    if (!up && !clean_down && n->state == HACD_NODE_OFFLINE && !n->seen) {
        return;     /* never seen: unclean once the startup grace is over */
    }
    ns = xmlNewChild(status, NULL, X("node_state"), NULL);
    xmlSetProp(ns, X("id"), X(id));
    xmlSetProp(ns, X("uname"), X(n->name));
    xmlSetProp(ns, X("in_ccm"), X(up ? "true" : "false"));
    xmlSetProp(ns, X("crmd"), X(up ? "online" : "offline"));
    /* a node whose executor is away keeps its resources where they are:
     * the controller holds its actions until the executor is back */
    xmlSetProp(ns, X("join"), X(up ? "member" : "down"));
    xmlSetProp(ns, X("expected"), X(up || !clean_down ? "member" : "down"));
    add_transient(h, ns, n->name, id);
    if (!clean_down) {
        add_lrm(h, ns, n->name);
    }
}

static int
node_cmp(gconstpointer a, gconstpointer b)
{
    const struct hacd_node *x = *(struct hacd_node *const *) a;
    const struct hacd_node *y = *(struct hacd_node *const *) b;

    return (x->nodeid > y->nodeid) - (x->nodeid < y->nodeid);
}

char *
hacd_cib_xml(struct hacd *h)
{
    xmlDoc *doc = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(h->doc), 1);
    xmlNode *root = xmlDocGetRootElement(doc);
    xmlNode *cfg = child(root, "configuration");
    xmlNode *nodes = child(cfg, "nodes");
    xmlNode *old = NULL;
    xmlNode *status;
    g_autoptr(GPtrArray) sorted = g_ptr_array_new();
    GHashTableIter it;
    gpointer v;
    xmlChar *mem = NULL;
    int len = 0;
    char *out;

    for (xmlNode *c = root->children; c != NULL; c = c->next) {
        if (c->type == XML_ELEMENT_NODE
            && strcmp((const char *) c->name, "status") == 0) {
            old = c;
        }
    }
    if (old != NULL) {
        xmlUnlinkNode(old);
        xmlFreeNode(old);
    }
    status = xmlNewChild(root, NULL, X("status"), NULL);
    xmlSetProp(root, X("have-quorum"),
               X(ha_cluster_quorate(h->cluster) ? "1" : "0"));
    if (h->dc_nodeid != 0) {
        set_int(root, "dc-uuid", h->dc_nodeid);
    }
    if (xmlHasProp(root, X("crm_feature_set")) == NULL) {
        xmlSetProp(root, X("crm_feature_set"), X("3.16.2"));
    }
    g_hash_table_iter_init(&it, h->nodes);
    while (g_hash_table_iter_next(&it, NULL, &v)) {
        g_ptr_array_add(sorted, v);
    }
    g_ptr_array_sort(sorted, node_cmp);
    for (guint i = 0; i < sorted->len; i++) {
        add_node(h, nodes, status, sorted->pdata[i]);
    }
    xmlDocDumpMemory(doc, &mem, &len);
    out = g_strndup((const char *) mem, (gsize) len);
    xmlFree(mem);
    xmlFreeDoc(doc);
    return out;
}

int
hacd_cib_schedule(struct hacd *h, ha_store_model_t **ret_model,
                  ha_sched_result_t **ret_result, char **ret_xml)
{
    g_autofree char *xml = hacd_cib_xml(h);
    g_autofree char *error = NULL;
    ha_store_model_t *model = NULL;
    struct ha_sched_options opts = { .now = g_get_real_time() / G_USEC_PER_SEC };
    int rc;

    if (h->test_cib_filter != NULL) {
        char *filtered = h->test_cib_filter(xml);

        g_free(xml);
        xml = filtered;
    }
    rc = ha_store_model_parse_memory(xml, strlen(xml), &model, &error);
    if (rc < 0) {
        ha_err("Could not read the cluster state: %s",
               error != NULL ? error : ha_strerror(rc));
        return rc;
    }
    rc = ha_sched_run(model, &opts, ret_result, &error);
    if (rc < 0) {
        ha_err("The scheduler refused the configuration: %s",
               error != NULL ? error : ha_strerror(rc));
        ha_store_model_free(model);
        return rc;
    }
    *ret_model = model;
    if (ret_xml != NULL) {
        *ret_xml = g_steal_pointer(&xml);
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

GVariant *
hacd_cib_resources_variant(struct hacd *h, gboolean *ret_settled,
                           GVariant **ret_nodes, GVariant **ret_blocked)
{
    g_autoptr(ha_store_model_t) model = NULL;
    g_autoptr(ha_sched_result_t) res = NULL;
    GVariantBuilder b;
    gboolean settled = !h->dc_busy;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    if (h->doc == NULL || hacd_cib_schedule(h, &model, &res, NULL) < 0) {
        *ret_settled = FALSE;
        if (ret_nodes != NULL) {
            *ret_nodes = node_flags_variant(NULL);
        }
        if (ret_blocked != NULL) {
            *ret_blocked = blocked_variant(NULL);
        }
        return g_variant_builder_end(&b);
    }
    if (ret_nodes != NULL) {
        *ret_nodes = node_flags_variant(res);
    }
    if (ret_blocked != NULL) {
        *ret_blocked = blocked_variant(res);
    }
    for (guint i = 0; i < res->n_actions; i++) {
        settled &= !executable(&res->actions[i]);
    }
    for (guint i = 0; i < res->n_rscs; i++) {
        const struct ha_sched_rsc_info *r = &res->rscs[i];
        const char *base = r->id;
        g_autofree char *base_copy = NULL;
        g_autofree char *agent = NULL;
        const char *target_role = NULL;
        const char *pending;
        enum ha_sched_role role;
        guint cfg;
        GVariantBuilder e;
        GVariantBuilder nodes;

        if (strchr(r->id, ':') != NULL) {
            base_copy = g_strndup(r->id, strchr(r->id, ':') - r->id);
            base = base_copy;
        }
        cfg = ha_store_model_rsc_find(model, base);
        if (cfg != HA_MODEL_NONE) {
            target_role = ha_store_model_rsc_meta(model, cfg, "target-role",
                                                  NULL);
        }
        if (r->kind == HA_SCHED_PRIMITIVE && r->type != NULL) {
            agent = (r->provider != NULL)
                    ? g_strdup_printf("%s:%s:%s", r->klass, r->provider,
                                      r->type)
                    : g_strdup_printf("%s:%s", r->klass, r->type);
        }
        g_variant_builder_init(&nodes, G_VARIANT_TYPE("as"));
        for (guint k = 0; k < r->n_running; k++) {
            g_variant_builder_add(&nodes, "s", res->nodes[r->running[k]].name);
        }
        role = group_role(res, r);
        pending = (r->kind == HA_SCHED_PRIMITIVE)
                  ? hacd_lrm_pending(h, base) : NULL;
        g_variant_builder_init(&e, G_VARIANT_TYPE_VARDICT);
        g_variant_builder_add(&e, "{sv}", "id", g_variant_new_string(r->id));
        g_variant_builder_add(&e, "{sv}", "kind",
                              g_variant_new_string(kind_name(r->kind)));
        g_variant_builder_add(&e, "{sv}", "parent",
                              g_variant_new_string(
                                  r->parent != HA_MODEL_NONE
                                  ? res->rscs[r->parent].id : ""));
        g_variant_builder_add(&e, "{sv}", "agent",
                              g_variant_new_string(agent != NULL ? agent : ""));
        g_variant_builder_add(&e, "{sv}", "role",
                              g_variant_new_string(ha_sched_role_name(role)));
        g_variant_builder_add(&e, "{sv}", "target_role",
                              g_variant_new_string(
                                  target_role != NULL ? target_role : ""));
        g_variant_builder_add(&e, "{sv}", "nodes",
                              g_variant_builder_end(&nodes));
        g_variant_builder_add(&e, "{sv}", "managed",
                              g_variant_new_boolean(r->managed));
        g_variant_builder_add(&e, "{sv}", "failed",
                              g_variant_new_boolean(r->failed));
        g_variant_builder_add(&e, "{sv}", "orphan",
                              g_variant_new_boolean(r->orphan));
        g_variant_builder_add(&e, "{sv}", "promotable",
                              g_variant_new_boolean(r->promotable));
        g_variant_builder_add(&e, "{sv}", "unique",
                              g_variant_new_boolean(r->unique));
        g_variant_builder_add(&e, "{sv}", "pending",
                              g_variant_new_string(pending != NULL ? pending
                                                                   : ""));
        g_variant_builder_add_value(&b, g_variant_builder_end(&e));
    }
    *ret_settled = settled;
    return g_variant_builder_end(&b);
}
