/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/hacd/hacd_alerts.c - alert agents (configuration <alerts>), run
 * the way Pacemaker runs them, so that its alert agents work unchanged:
 *
 *  - node events (a node joined or was lost) and fencing results on every
 *    node; a resource operation's result on the node that ran it (not the
 *    successful probes and recurring monitors, which are not news);
 *  - one process per alert and recipient, without a shell, as hacd's user,
 *    with the CRM_alert_* environment (kind, node, rsc, task, rc, desc,
 *    recipient, timestamps ...) plus the alert's instance attributes;
 *  - <select> limits the kinds (select_nodes, select_fencing,
 *    select_resources); meta attribute timeout (default 30 s) bounds each
 *    run: the agent's process group is killed past it;
 *  - nothing waits for an alert: a slow or hanging agent never delays the
 *    controller.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/log.h"
#include "common/results.h"
#include "common/strings.h"
#include "common/xml.h"
#include "hacd/hacd.h"
#include "hacd/hacd_alerts.h"
#include "hacd/hacd_events.h"
#include "hacd/hacd_core.h"
#include "hacd/hacd_store.h"

#define ALERT_TIMEOUT_MS 30000
#define ALERT_VERSION "2.1.5"

struct alert_run {
    GPid pid;
    guint timer;
    guint watch;
    char *path;
};

static guint64 alert_sequence;

static void
run_free(struct alert_run *r)
{
    if (r->timer != 0) {
        g_source_remove(r->timer);
    }
    g_free(r->path);
    g_free(r);
}

static void
child_done(GPid pid, gint status, gpointer data)
{
    struct alert_run *r = data;

    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        ha_warn("Alert agent %s failed " QB_XS " status=%d", r->path, status);
    }
    g_spawn_close_pid(pid);
    run_free(r);
}

static gboolean
child_timeout(gpointer data)
{
    struct alert_run *r = data;

    r->timer = 0;
    ha_warn("Alert agent %s timed out: killing it", r->path);
    (void) kill(-r->pid, SIGKILL);
    return G_SOURCE_REMOVE;
}

static void
own_group(gpointer data)
{
    (void) setpgid(0, 0);
}

/* name=value pairs of the first set named @set under @n. */
static void
add_set(GPtrArray *env, const xmlNode *n, const char *set)
{
    for (const xmlNode *s = ha_xml_first_child(n, set); s != NULL;
         s = ha_xml_next(s, set)) {
        for (const xmlNode *nv = ha_xml_first_child(s, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            const char *name = ha_xml_attr(nv, "name");
            const char *value = ha_xml_attr(nv, "value");

            if (name != NULL && value != NULL && ha_id_valid(name)) {
                g_ptr_array_add(env, g_strdup_printf("%s=%s", name, value));
            }
        }
    }
}

static const char *
meta_of(const xmlNode *alert, const char *name)
{
    for (const xmlNode *s = ha_xml_first_child(alert, "meta_attributes");
         s != NULL; s = ha_xml_next(s, "meta_attributes")) {
        for (const xmlNode *nv = ha_xml_first_child(s, "nvpair"); nv != NULL;
             nv = ha_xml_next(nv, "nvpair")) {
            if (g_strcmp0(ha_xml_attr(nv, "name"), name) == 0) {
                return ha_xml_attr(nv, "value");
            }
        }
    }
    return NULL;
}

static gboolean
selected(const xmlNode *alert, const char *kind)
{
    const xmlNode *sel = ha_xml_first_child(alert, "select");
    g_autofree char *want = g_strconcat("select_", kind, "s", NULL);

    if (strcmp(kind, "fencing") == 0) {
        g_free(want);
        want = g_strdup("select_fencing");
    }
    return sel == NULL || ha_xml_first_child(sel, want) != NULL;
}

static void
spawn(const xmlNode *alert, const char *recipient, GPtrArray *base)
{
    const char *path = ha_xml_attr(alert, "path");
    const char *t = meta_of(alert, "timeout");
    g_autoptr(GPtrArray) env = g_ptr_array_new_with_free_func(g_free);
    g_autoptr(GError) error = NULL;
    char *argv[] = { (char *) path, NULL };
    struct alert_run *r;
    guint64 ms = ALERT_TIMEOUT_MS;
    gint64 now = g_get_real_time();
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(
        now / G_USEC_PER_SEC);
    g_autofree char *stamp = g_date_time_format(dt, "%H:%M:%S");

    if (path == NULL || *path != '/') {
        return;
    }
    for (guint i = 0; i < base->len; i++) {
        g_ptr_array_add(env, g_strdup(base->pdata[i]));
    }
    g_ptr_array_add(env, g_strdup("PATH=/usr/sbin:/usr/bin:/sbin:/bin"));
    g_ptr_array_add(env, g_strdup("CRM_alert_version=" ALERT_VERSION));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_recipient=%s",
                                         recipient != NULL ? recipient : ""));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_node_sequence=%"
                                         G_GUINT64_FORMAT, ++alert_sequence));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_timestamp=%s.%06d",
                                         stamp, (int) (now % G_USEC_PER_SEC)));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_timestamp_epoch=%"
                                         G_GINT64_FORMAT,
                                         now / G_USEC_PER_SEC));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_timestamp_usec=%06d",
                                         (int) (now % G_USEC_PER_SEC)));
    add_set(env, alert, "instance_attributes");
    g_ptr_array_add(env, NULL);
    if (t != NULL && (ha_duration_parse_ms(t, &ms) < 0 || ms == 0)) {
        ms = ALERT_TIMEOUT_MS;
    }
    r = g_new0(struct alert_run, 1);
    r->path = g_strdup(path);
    if (!g_spawn_async(NULL, argv, (char **) env->pdata,
                       G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDOUT_TO_DEV_NULL
                       | G_SPAWN_STDERR_TO_DEV_NULL, own_group, NULL, &r->pid,
                       &error)) {
        ha_warn("Could not run alert agent %s: %s", path, error->message);
        run_free(r);
        return;
    }
    r->timer = g_timeout_add((guint) MIN(ms, (guint64) G_MAXUINT),
                             child_timeout, r);
    (void) g_child_watch_add(r->pid, child_done, r);
}

/* Run every alert that selects @kind with the event's environment. */
static void
fire(struct hacd *h, const char *kind, GPtrArray *base)
{
    const xmlNode *alerts = (hacd_doc(h) != NULL)
                            ? ha_store_doc_section(hacd_doc(h), "alerts") : NULL;

    g_ptr_array_add(base, g_strdup_printf("CRM_alert_kind=%s", kind));
    for (const xmlNode *a = ha_xml_first_child(alerts, "alert"); a != NULL;
         a = ha_xml_next(a, "alert")) {
        gboolean any = FALSE;

        if (!selected(a, kind)) {
            continue;
        }
        for (const xmlNode *rc = ha_xml_first_child(a, "recipient");
             rc != NULL; rc = ha_xml_next(rc, "recipient")) {
            spawn(a, ha_xml_attr(rc, "value"), base);
            any = TRUE;
        }
        if (!any) {
            spawn(a, NULL, base);
        }
    }
}

static GPtrArray *
env_new(void)
{
    return g_ptr_array_new_with_free_func(g_free);
}

void
hacd_alert_node(struct hacd *h, const char *node, uint32_t nodeid,
                const char *desc)
{
    g_autoptr(GPtrArray) env = env_new();

    g_ptr_array_add(env, g_strdup_printf("CRM_alert_node=%s", node));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_nodeid=%u", nodeid));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_desc=%s", desc));
    fire(h, "node", env);
}

void
hacd_alert_fencing(struct hacd *h, const char *target, const char *action,
                   int rc, const char *desc)
{
    g_autoptr(GPtrArray) env = env_new();

    g_ptr_array_add(env, g_strdup_printf("CRM_alert_node=%s", target));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_task=%s", action));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_rc=%d", rc));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_desc=%s", desc));
    fire(h, "fencing", env);
}

void
hacd_alert_resource(struct hacd *h, const char *node, const char *rsc,
                    const struct hacd_op *op)
{
    g_autoptr(GPtrArray) env = NULL;

    if (strcmp(op->task, "monitor") == 0 && hacd_op_succeeded(op)) {
        return;     /* probes and monitors that found what was expected */
    }
    env = env_new();
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_node=%s", node));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_rsc=%s", rsc));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_task=%s", op->task));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_interval=%u",
                                         op->interval_ms));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_target_rc=%d",
                                         op->target_rc));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_status=%d", op->status));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_rc=%d", op->rc));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_exec_time=%u",
                                         op->exec_ms));
    g_ptr_array_add(env, g_strdup_printf("CRM_alert_desc=%s",
                                         op->reason[0] != '\0' ? op->reason
                                         : (hacd_op_succeeded(op) ? "ok"
                                            : "error")));
    fire(h, "resource", env);
}

static void
on_event(struct hacd *h, const struct hacd_event *ev, void *ud)
{
    if (ev->type == HACD_EV_NODE) {
        hacd_alert_node(h, ev->node, ev->nodeid, ev->desc);
    } else if (ev->type == HACD_EV_OP_RESULT) {
        hacd_alert_resource(h, ev->node, ev->rsc, ev->op);
    }
}

void
hacd_alerts_init(struct hacd *h)
{
    hacd_subscribe(h, HACD_EV_BIT(HACD_EV_NODE) | HACD_EV_BIT(HACD_EV_OP_RESULT),
                   on_event, NULL);
}
