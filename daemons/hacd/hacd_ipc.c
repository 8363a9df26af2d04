/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_ipc.c - the hactl service: one small handler per
 * message of lib/ipc/ipc_hacd.h.  Reads are answered from this node's
 * state; writes go through hacd_write.c / hacd_attrs.c and are answered
 * when they complete.
 *
 * Status keys (a{sv}): local_nodeid u, local_name s, dc_nodeid u,
 * dc_name s, quorate b, synced b, version (ttt), digest s, ring t,
 * nodes a(uss) = (nodeid, name, state), attributes a(sss); the others
 * are listed in ipc_hacd.h.
 */
#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "common/log.h"
#include "common/xml.h"
#include "common/results.h"
#include "common/strings.h"
#include "ipc/ipc_hacd.h"
#include "store/store_persist.h"
#include "hacd/hacd.h"
#include "hacd/hacd_fence.h"
#include "hacd/hacd_ipc.h"
#include "hacd/hacd_metrics.h"
#include "hacd/hacd_attrs.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_hold.h"
#include "hacd/hacd_msg.h"
#include "hacd/hacd_store.h"
#include "hacd/hacd_sync.h"
#include "hacd/hacd_write.h"
#include "hacd/hacd_cib.h"
#include "store/store_input.h"

/* Nodes of the configuration never seen in the membership are offline
 * (the scheduler may count them unclean: node_flags says). */
static void
config_only_nodes(struct hacd *h, GVariantBuilder *b)
{
    const xmlNode *nodes = (hacd_doc(h) != NULL)
                           ? ha_store_doc_section(hacd_doc(h), "nodes") : NULL;

    for (const xmlNode *n = (nodes != NULL)
                            ? ha_xml_first_child(nodes, "node") : NULL;
         n != NULL; n = ha_xml_next(n, "node")) {
        const char *uname = ha_xml_attr(n, "uname");
        const char *id = ha_xml_attr(n, "id");

        if (uname != NULL && hacd_node_by_name(h, uname) == 0) {
            g_variant_builder_add(b, "(uss)",
                                  (guint32) (id != NULL
                                             ? g_ascii_strtoull(id, NULL, 10)
                                             : 0),
                                  uname, "offline");
        }
    }
}

static GVariant *
nodes_variant(struct hacd *h)
{
    g_autoptr(GPtrArray) sorted = hacd_nodes_sorted(h);
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(uss)"));
    for (guint i = 0; i < sorted->len; i++) {
        const struct hacd_node *n = sorted->pdata[i];

        /* a lost node that was fenced is down for sure */
        g_variant_builder_add(&b, "(uss)", n->nodeid, n->name,
                              (n->fenced && n->state == HACD_NODE_LOST)
                              ? "offline" : hacd_node_state_str(n->state));
    }
    config_only_nodes(h, &b);
    return g_variant_builder_end(&b);
}

static GVariant *
attrs_variant(struct hacd *h)
{
    g_autoptr(GPtrArray) attrs = hacd_attr_list(h, NULL);
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("a(sss)"));
    for (guint i = 0; i < attrs->len; i++) {
        const struct hacd_attr *a = attrs->pdata[i];

        if (hacd_attr_is_private(a->name)) {
            continue;
        }
        g_variant_builder_add(&b, "(sss)", a->node, a->name, a->value);
    }
    return g_variant_builder_end(&b);
}

/* One cli-prefer-/cli-ban- location: node and score from the constraint
 * or from its rule (#uname eq NODE), and a --lifetime rule's end. */
static GVariant *
temporary_entry(const xmlNode *c, gboolean ban)
{
    const xmlNode *rule = ha_xml_first_child(c, "rule");
    const char *node = ha_xml_attr(c, "node");
    const char *score = ha_xml_attr(c, "score");
    const char *expires = NULL;
    const char *rsc = ha_xml_attr(c, "rsc");
    GVariantBuilder e;

    if (rule != NULL) {
        if (score == NULL) {
            score = ha_xml_attr(rule, "score");
        }
        for (const xmlNode *x = ha_xml_first_child(rule, NULL); x != NULL;
             x = ha_xml_next(x, NULL)) {
            if (ha_xml_is(x, "expression") && node == NULL
                && g_strcmp0(ha_xml_attr(x, "attribute"), "#uname") == 0) {
                node = ha_xml_attr(x, "value");
            } else if (ha_xml_is(x, "date_expression")
                       && g_strcmp0(ha_xml_attr(x, "operation"), "lt") == 0) {
                expires = ha_xml_attr(x, "end");
            }
        }
    }
    g_variant_builder_init(&e, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&e, "{sv}", "id",
                          g_variant_new_string(ha_xml_attr(c, "id")));
    g_variant_builder_add(&e, "{sv}", "rsc",
                          g_variant_new_string(rsc != NULL ? rsc : ""));
    g_variant_builder_add(&e, "{sv}", "kind",
                          g_variant_new_string(ban ? "ban" : "prefer"));
    g_variant_builder_add(&e, "{sv}", "node",
                          g_variant_new_string(node != NULL ? node : ""));
    g_variant_builder_add(&e, "{sv}", "score",
                          g_variant_new_string(score != NULL ? score : ""));
    g_variant_builder_add(&e, "{sv}", "expires",
                          g_variant_new_string(expires != NULL ? expires
                                                               : ""));
    return g_variant_builder_end(&e);
}

/* What `hactl resource move` / `ban` left in the configuration. */
static GVariant *
temporary_variant(struct hacd *h)
{
    const xmlNode *cons = (hacd_doc(h) != NULL)
                          ? ha_store_doc_section(hacd_doc(h), "constraints")
                          : NULL;
    GVariantBuilder b;

    g_variant_builder_init(&b, G_VARIANT_TYPE("aa{sv}"));
    for (const xmlNode *c = (cons != NULL)
                            ? ha_xml_first_child(cons, "rsc_location") : NULL;
         c != NULL; c = ha_xml_next(c, "rsc_location")) {
        const char *id = ha_xml_attr(c, "id");

        if (id != NULL && (g_str_has_prefix(id, "cli-prefer-")
                           || g_str_has_prefix(id, "cli-ban-"))) {
            g_variant_builder_add_value(&b, temporary_entry(
                c, g_str_has_prefix(id, "cli-ban-")));
        }
    }
    return g_variant_builder_end(&b);
}

GVariant *
hacd_status_variant(struct hacd *h)
{
    GVariantBuilder b;
    struct ha_store_version v;
    uint32_t me = ha_cluster_local_nodeid(h->cluster);

    hacd_store_version(h, &v);
    g_variant_builder_init(&b, G_VARIANT_TYPE_VARDICT);
    g_variant_builder_add(&b, "{sv}", "local_nodeid", g_variant_new_uint32(me));
    g_variant_builder_add(&b, "{sv}", "local_name",
                          g_variant_new_string(hacd_node_name(h, me)));
    g_variant_builder_add(&b, "{sv}", "dc_nodeid",
                          g_variant_new_uint32(hacd_dc_nodeid(h)));
    g_variant_builder_add(&b, "{sv}", "dc_name",
                          g_variant_new_string(hacd_dc_nodeid(h) != 0
                                               ? hacd_node_name(h, hacd_dc_nodeid(h))
                                               : ""));
    g_variant_builder_add(&b, "{sv}", "quorate",
                          g_variant_new_boolean(ha_cluster_quorate(h->cluster)));
    g_variant_builder_add(&b, "{sv}", "synced",
                          g_variant_new_boolean(hacd_sync_phase(h) == HACD_SYNC_DONE
                                                && hacd_sync_i_am_synced(h)));
    g_variant_builder_add(&b, "{sv}", "holds_config",
                          g_variant_new_boolean(hacd_established(h)));
    g_variant_builder_add(&b, "{sv}", "version",
                          g_variant_new("(ttt)", v.admin_epoch, v.epoch,
                                        v.num_updates));
    g_variant_builder_add(&b, "{sv}", "digest",
                          g_variant_new_string(hacd_store_digest(h)));
    g_variant_builder_add(&b, "{sv}", "ring",
                          g_variant_new_uint64(hacd_ring(h).seq));
    g_variant_builder_add(&b, "{sv}", "nodes", nodes_variant(h));
    g_variant_builder_add(&b, "{sv}", "attributes", attrs_variant(h));
    {
        gboolean settled = FALSE;
        GVariant *flags = NULL;
        GVariant *blocked = NULL;
        const char *nqp = ha_store_doc_property(hacd_doc(h), "no-quorum-policy");
        const char *se = ha_store_doc_property(hacd_doc(h), "stonith-enabled");
        gboolean stonith = TRUE;

        if (se != NULL) {
            (void) ha_bool_parse(se, &stonith);
        }
        g_variant_builder_add(&b, "{sv}", "resources",
                              hacd_cib_resources_variant(h, &settled, &flags,
                                                         &blocked));
        g_variant_builder_add(&b, "{sv}", "node_flags", flags);
        g_variant_builder_add(&b, "{sv}", "blocked", blocked);
        g_variant_builder_add(&b, "{sv}", "failed_actions",
                              hacd_status_failed_variant(h));
        g_variant_builder_add(&b, "{sv}", "fencing",
                              hacd_fence_history_variant(h, NULL));
        g_variant_builder_add(&b, "{sv}", "settled",
                              g_variant_new_boolean(settled
                                                    && hacd_sync_phase(h)
                                                       == HACD_SYNC_DONE));
        g_variant_builder_add(&b, "{sv}", "stonith_enabled",
                              g_variant_new_boolean(stonith));
        g_variant_builder_add(&b, "{sv}", "has_fence_device",
                              g_variant_new_boolean(
                                  hacd_cib_has_fence_device(h)));
        g_variant_builder_add(&b, "{sv}", "no_quorum_policy",
                              g_variant_new_string(nqp != NULL ? nqp
                                                               : "stop"));
        g_variant_builder_add(&b, "{sv}", "constraints_temporary",
                              temporary_variant(h));
    }
    hacd_metrics_status_add(h, &b);
    return g_variant_builder_end(&b);
}

static void
h_status(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    ha_ipc_request_reply(req, 0, hacd_status_variant(ud));
}

static void
h_config_get(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    g_autofree char *xml = ha_store_doc_serialize(hacd_doc(h),
                                                  HA_STORE_SER_PRETTY
                                                  | HA_STORE_SER_NO_STATUS);

    ha_ipc_request_reply(req, 0, g_variant_new("(s)", xml));
}

static void
write_done(int rc, const struct ha_store_version *v, const char *digest,
           void *ud)
{
    ha_ipc_request_reply(ud, rc,
                         (rc < 0) ? NULL
                         : g_variant_new("(ttts)", v->admin_epoch, v->epoch,
                                         v->num_updates, digest));
}

static void
h_config_replace(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    guint64 id = 0;
    const char *xml = NULL;

    g_variant_get(body, "(t&s)", &id, &xml);
    hacd_write_submit(ud, id, HACD_WRITE_REPLACE, xml, NULL, write_done, req);
}

static void
h_property_set(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    guint64 id = 0;
    const char *name = NULL;
    const char *value = NULL;

    g_variant_get(body, "(t&sm&s)", &id, &name, &value);
    hacd_write_submit(ud, id, HACD_WRITE_PROPERTY, name, value, write_done,
                      req);
}

static void
h_property_get(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    const char *name = NULL;

    g_variant_get(body, "(&s)", &name);
    ha_ipc_request_reply(req, 0,
                         g_variant_new("(ms)",
                                       ha_store_doc_property(hacd_doc(h), name)));
}

static void
attr_done(int rc, void *ud)
{
    ha_ipc_request_reply(ud, rc, NULL);
}

static void
h_attr_set(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    const char *node = NULL;
    const char *name = NULL;
    const char *value = NULL;

    g_variant_get(body, "(&s&sm&s)", &node, &name, &value);
    if (hacd_node_by_name(h, node) == 0) {
        ha_ipc_request_reply(req, -HA_ENOTFOUND, NULL);
        return;
    }
    if (*name == '\0') {
        ha_ipc_request_reply(req, -EINVAL, NULL);
        return;
    }
    hacd_attr_submit(h, node, name, value, attr_done, req);
}

static void
h_attr_get(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    const char *node = NULL;
    const char *name = NULL;

    g_variant_get(body, "(&s&s)", &node, &name);
    if (hacd_node_by_name(h, node) == 0) {
        ha_ipc_request_reply(req, -HA_ENOTFOUND, NULL);
        return;
    }
    ha_ipc_request_reply(req, 0,
                         g_variant_new("(ms)", hacd_attr_get(h, node, name)));
}

static void
h_config_read(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    g_autofree char *xml = ha_store_doc_serialize(hacd_doc(h),
                                                  HA_STORE_SER_PRETTY
                                                  | HA_STORE_SER_NO_STATUS);

    ha_ipc_request_reply(req, 0, g_variant_new("(ss)", hacd_store_digest(h),
                                               xml));
}

static void
h_config_replace_if(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    guint64 id = 0;
    const char *base = NULL;
    const char *xml = NULL;

    g_variant_get(body, "(t&s&s)", &id, &base, &xml);
    hacd_write_submit(ud, id, HACD_WRITE_REPLACE, xml, base, write_done, req);
}

static void
h_rsc_cleanup(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    guint64 id = 0;
    const char *rsc = NULL;
    const char *node = NULL;

    g_variant_get(body, "(t&sm&s)", &id, &rsc, &node);
    if (!ha_id_valid(rsc)) {
        ha_ipc_request_reply(req, -EINVAL, NULL);
        return;
    }
    if (node != NULL && hacd_node_by_name(h, node) == 0) {
        ha_ipc_request_reply(req, -HA_ENOTFOUND, NULL);
        return;
    }
    if (ha_store_doc_find_id(hacd_doc(h), "resources", rsc) == NULL) {
        gboolean known = FALSE;
        GHashTableIter it;
        gpointer v;

        g_hash_table_iter_init(&it, h->lrm);
        while (g_hash_table_iter_next(&it, NULL, &v)) {
            known |= (g_hash_table_lookup(v, rsc) != NULL);
        }
        if (!known) {
            ha_ipc_request_reply(req, -HA_ENOTFOUND, NULL);
            return;
        }
    }
    hacd_status_cleanup(h, node, rsc, attr_done, req);
}

static void
fence_done(int rc, const char *reason, void *ud)
{
    ha_ipc_request_reply(ud, 0, g_variant_new("(is)", (gint32) rc,
                                              reason != NULL ? reason : ""));
}

static void
h_fence(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    guint64 id = 0;
    const char *node = NULL;
    const char *action = NULL;

    g_variant_get(body, "(t&s&s)", &id, &node, &action);
    if (hacd_node_by_name(h, node) == 0) {
        ha_ipc_request_reply(req, -HA_ENOTFOUND, NULL);
        return;
    }
    if (strcmp(action, "reboot") != 0 && strcmp(action, "off") != 0
        && strcmp(action, "on") != 0) {
        ha_ipc_request_reply(req, -EINVAL, NULL);
        return;
    }
    if (!ha_cluster_quorate(h->cluster)) {
        ha_ipc_request_reply(req, -HA_ENOQUORUM, NULL);
        return;
    }
    hacd_fence_ask(h, id, node, action, fence_done, req);
}

static void
h_fence_confirm(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    guint64 id = 0;
    const char *node = NULL;

    g_variant_get(body, "(t&s)", &id, &node);
    if (hacd_node_by_name(h, node) == 0) {
        ha_ipc_request_reply(req, -HA_ENOTFOUND, NULL);
        return;
    }
    if (!ha_cluster_quorate(h->cluster)) {
        ha_ipc_request_reply(req, -HA_ENOQUORUM, NULL);
        return;
    }
    hacd_fence_confirm(h, id, node, fence_done, req);
}

static void
h_fence_history(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    const char *node = NULL;

    g_variant_get(body, "(&s)", &node);
    ha_ipc_request_reply(req, 0, hacd_fence_history_variant(ud, node));
}

static void
stopped(struct hacd *h, void *ud)
{
    if (h->on_stopped != NULL) {
        h->on_stopped(h, h->fatal_data);
    }
}

static void
h_shutdown(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;

    if (h->shutting_down) {
        ha_ipc_request_reply(req, 0, NULL);
        return;
    }
    ha_notice("Shutting down on request (hactl): moving resources away "
              "first");
    ha_ipc_request_reply(req, 0, NULL);
    hacd_shutdown(h, stopped, NULL);
}

static void
h_bootstrap(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    ha_ipc_request_reply(req, hacd_hold_bootstrap(ud), NULL);
}

/* What the scheduler would read now, for `hactl why` to run it on. */
static void
h_sched_input(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    g_autofree char *xml = NULL;

    (void) body;
    if (hacd_doc(h) == NULL) {
        ha_ipc_request_reply(req, -ENODATA, NULL);
        return;
    }
    xml = hacd_cib_xml(h);
    if (xml == NULL) {
        ha_ipc_request_reply(req, -HA_EINVALCONF, NULL);
        return;
    }
    ha_ipc_request_reply(req, 0, g_variant_new("(xs)",
                                               (gint64) (g_get_real_time()
                                                         / G_USEC_PER_SEC),
                                               xml));
}

/* ---- configuration history (the versions kept in the store dir) ---- */

static void
h_config_history(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    g_autoptr(GPtrArray) names = NULL;
    GVariantBuilder b;
    int rc = ha_store_persist_list(hacd_store_dir(h), &names);

    if (rc < 0) {
        ha_ipc_request_reply(req, rc, NULL);
        return;
    }
    g_variant_builder_init(&b, G_VARIANT_TYPE("a(tttxs)"));
    for (guint i = 0; i < names->len; i++) {
        g_autofree char *path = g_build_filename(hacd_store_dir(h),
                                                 names->pdata[i], NULL);
        g_autoptr(ha_store_doc_t) doc = NULL;
        struct ha_store_version v = { 0 };
        GStatBuf st;

        if (ha_store_persist_load_file(path, &doc, NULL) == 0) {
            ha_store_doc_version(doc, &v);
        } else if (sscanf(names->pdata[i], "cib-%" G_GUINT64_FORMAT ".%"
                          G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT ".xml",
                          &v.admin_epoch, &v.epoch, &v.num_updates) != 3) {
            continue;
        }
        if (g_stat(path, &st) != 0) {
            continue;   /* pruned meanwhile */
        }
        g_variant_builder_add(&b, "(tttxs)", v.admin_epoch, v.epoch,
                              v.num_updates, (gint64) st.st_mtime,
                              doc != NULL ? ha_store_doc_digest(doc) : "");
    }
    ha_ipc_request_reply(req, 0, g_variant_builder_end(&b));
}

static void
h_config_version_get(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    struct hacd *h = ud;
    struct ha_store_version v = { 0 };
    gboolean with_status = FALSE;
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autofree char *name = NULL;
    g_autofree char *path = NULL;
    g_autofree char *xml = NULL;
    int rc;

    g_variant_get(body, "(tttb)", &v.admin_epoch, &v.epoch, &v.num_updates,
                  &with_status);
    name = g_strdup_printf("cib-%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                           ".%" G_GUINT64_FORMAT ".xml", v.admin_epoch,
                           v.epoch, v.num_updates);
    path = g_build_filename(hacd_store_dir(h), name, NULL);
    rc = ha_store_persist_load_file(path, &doc, NULL);
    if (rc < 0) {
        ha_ipc_request_reply(req, (rc == -ENOENT) ? -HA_ENOTFOUND : rc, NULL);
        return;
    }
    if (with_status) {
        /* that version's configuration with this node's status */
        g_autoptr(ha_store_model_t) model = NULL;

        rc = hacd_cib_input(h, doc, &model);
        if (rc < 0) {
            ha_ipc_request_reply(req, rc, NULL);
            return;
        }
        xml = ha_store_model_write_xml(model);
    } else {
        xml = ha_store_doc_serialize(doc, HA_STORE_SER_PRETTY
                                          | HA_STORE_SER_NO_STATUS);
    }
    ha_ipc_request_reply(req, 0, g_variant_new("(ss)",
                                               ha_store_doc_digest(doc), xml));
}

static void
h_status_wait(ha_ipc_request_t *req, GVariant *body, void *ud)
{
    guint64 generation = 0;
    guint32 timeout_ms = 0;

    g_variant_get(body, "(tu)", &generation, &timeout_ms);
    hacd_watch_wait(ud, req, generation, timeout_ms);
}

static const struct ha_ipc_handler hacd_ipc_table[] = {
    { HA_IPC_HACD_STATUS, HA_IPC_HACD_STATUS_REQ, HA_IPC_PRIV_READ,
      h_status },
    { HA_IPC_HACD_CONFIG_GET, HA_IPC_HACD_CONFIG_GET_REQ, HA_IPC_PRIV_READ,
      h_config_get },
    { HA_IPC_HACD_CONFIG_REPLACE, HA_IPC_HACD_CONFIG_REPLACE_REQ,
      HA_IPC_PRIV_WRITE, h_config_replace },
    { HA_IPC_HACD_PROPERTY_SET, HA_IPC_HACD_PROPERTY_SET_REQ,
      HA_IPC_PRIV_WRITE, h_property_set },
    { HA_IPC_HACD_PROPERTY_GET, HA_IPC_HACD_PROPERTY_GET_REQ,
      HA_IPC_PRIV_READ, h_property_get },
    { HA_IPC_HACD_ATTR_SET, HA_IPC_HACD_ATTR_SET_REQ, HA_IPC_PRIV_WRITE,
      h_attr_set },
    { HA_IPC_HACD_ATTR_GET, HA_IPC_HACD_ATTR_GET_REQ, HA_IPC_PRIV_READ,
      h_attr_get },
    { HA_IPC_HACD_CONFIG_READ, HA_IPC_HACD_CONFIG_READ_REQ, HA_IPC_PRIV_READ,
      h_config_read },
    { HA_IPC_HACD_CONFIG_REPLACE_IF, HA_IPC_HACD_CONFIG_REPLACE_IF_REQ,
      HA_IPC_PRIV_WRITE, h_config_replace_if },
    { HA_IPC_HACD_RSC_CLEANUP, HA_IPC_HACD_RSC_CLEANUP_REQ,
      HA_IPC_PRIV_WRITE, h_rsc_cleanup },
    { HA_IPC_HACD_FENCE, HA_IPC_HACD_FENCE_REQ, HA_IPC_PRIV_WRITE, h_fence },
    { HA_IPC_HACD_FENCE_HISTORY, HA_IPC_HACD_FENCE_HISTORY_REQ,
      HA_IPC_PRIV_READ, h_fence_history },
    { HA_IPC_HACD_SHUTDOWN, HA_IPC_HACD_SHUTDOWN_REQ, HA_IPC_PRIV_WRITE,
      h_shutdown },
    { HA_IPC_HACD_SCHED_INPUT, HA_IPC_HACD_SCHED_INPUT_REQ, HA_IPC_PRIV_READ,
      h_sched_input },
    { HA_IPC_HACD_CONFIG_HISTORY, HA_IPC_HACD_CONFIG_HISTORY_REQ,
      HA_IPC_PRIV_READ, h_config_history },
    { HA_IPC_HACD_CONFIG_VERSION_GET, HA_IPC_HACD_CONFIG_VERSION_GET_REQ,
      HA_IPC_PRIV_READ, h_config_version_get },
    { HA_IPC_HACD_STATUS_WAIT, HA_IPC_HACD_STATUS_WAIT_REQ, HA_IPC_PRIV_READ,
      h_status_wait },
    { HA_IPC_HACD_FENCE_CONFIRM, HA_IPC_HACD_FENCE_CONFIRM_REQ,
      HA_IPC_PRIV_WRITE, h_fence_confirm },
    { HA_IPC_HACD_BOOTSTRAP, HA_IPC_HACD_BOOTSTRAP_REQ, HA_IPC_PRIV_WRITE,
      h_bootstrap },
};

int
hacd_ipc_start(struct hacd *h)
{
    struct ha_ipc_auth auth = { getuid(), getgid() };
    struct group *g = getgrnam(HA_GROUP);

    if (g != NULL) {
        auth.client_gid = g->gr_gid;
    }
    return ha_ipc_server_new(h->opt.ipc_name, hacd_ipc_table,
                             G_N_ELEMENTS(hacd_ipc_table), &auth, h, &h->ipc);
}
