/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * daemons/execd/execd_cli.c - ha-execd-cli, a tiny client of ha-execd for
 * tests and debugging.  It also shows how hacd uses the client API:
 * connect, send requests, and receive replies and results as callbacks on
 * the GLib main loop.
 *
 *   (-v after -n NAME also prints the agents' stdout and stderr)
 *   ha-execd-cli [-n NAME] exec RSC AGENT ACTION [-i MS] [-t MS] [-w]
 *                [-m k=v]... [k=v]...
 *   ha-execd-cli [-n NAME] cancel RSC ACTION INTERVAL_MS
 *   ha-execd-cli [-n NAME] state | stats | metadata AGENT | list CLASS [PROV]
 *   ha-execd-cli [-n NAME] watch SECONDS
 *
 * Exit: 0 ok (for exec -w: the action's OCF rc), 100 connection problem,
 * 101 refused request, 102 timeout, 2 usage.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "common/results.h"
#include "exec/exec_proto.h"
#include "ipc/ipc_execd.h"

#define EXIT_CONN 100
#define EXIT_REFUSED 101
#define EXIT_TIMEOUT 102

static gboolean verbose_output;   /* -v: print agents' output too */

struct cli {
    GMainLoop *loop;
    ha_ipc_execd_client_t *client;
    guint64 seq;             /* the request we wait for */
    guint32 msg_id;
    guint64 call_id;         /* exec -w: the result we wait for */
    gboolean wait_result;
    gboolean watch;
    int exit_code;
};

static void
print_result(const ha_exec_result_t *r)
{
    printf("rsc=%s action=%s interval=%u call=%" G_GUINT64_FORMAT
           " status=%s rc=%d rc_name=%s duration=%u queue=%u lateness=%u"
           " reason='%s'\n", r->rsc_id, r->action, r->interval_ms, r->call_id,
           ha_exec_status_name(r->status), r->ocf_rc, ha_ocf_rc_name(r->ocf_rc),
           r->duration_ms, r->queue_ms, r->lateness_ms,
           (r->exit_reason != NULL) ? r->exit_reason : "");
    if (verbose_output) {
        printf("--- stdout ---\n%s\n--- stderr ---\n%s\n--- end ---\n",
               r->out, r->err);
    }
    fflush(stdout);
}

static void
print_state(GVariant *body)
{
    g_autoptr(GPtrArray) rscs = NULL;

    if (ha_exec_proto_state_decode(body, &rscs) < 0) {
        return;
    }
    for (guint i = 0; i < rscs->len; i++) {
        const ha_exec_proto_rsc_t *s = g_ptr_array_index(rscs, i);

        printf("resource %s %s:%s%s%s running=%s queued=%u monitors=%u\n",
               s->rsc_id, s->rclass, (s->provider != NULL) ? s->provider : "",
               (s->provider != NULL) ? ":" : "", s->type,
               (s->running_action != NULL) ? s->running_action : "-",
               s->queued, s->monitors->len);
        if (s->last_op != NULL) {
            printf("  last: ");
            print_result(s->last_op);
        }
        if (s->last_failure != NULL) {
            printf("  failure: ");
            print_result(s->last_failure);
        }
        for (guint m = 0; m < s->monitors->len; m++) {
            const ha_exec_proto_monitor_t *mon = g_ptr_array_index(s->monitors, m);

            printf("  monitor %s %u: ", mon->action, mon->interval_ms);
            if (mon->last != NULL) {
                print_result(mon->last);
            } else {
                printf("pending\n");
            }
        }
    }
}

static void
print_reply(struct cli *cli, GVariant *body)
{
    switch (cli->msg_id) {
    case HA_EXEC_MSG_EXEC:
        g_variant_get(body, "(t)", &cli->call_id);
        printf("call=%" G_GUINT64_FORMAT "\n", cli->call_id);
        break;
    case HA_EXEC_MSG_STATE:
        print_state(body);
        break;
    case HA_EXEC_MSG_METADATA: {
        const char *xml = NULL;

        g_variant_get(body, "(&s)", &xml);
        fputs(xml, stdout);
        break;
    }
    case HA_EXEC_MSG_LIST: {
        g_autofree const char **names = NULL;

        g_variant_get(body, "(^a&s)", &names);
        for (const char **n = names; *n != NULL; n++) {
            printf("%s\n", *n);
        }
        break;
    }
    case HA_EXEC_MSG_STATS: {
        guint32 count, p50, p99, max, running;

        g_variant_get(body, "(uuuuu)", &count, &p50, &p99, &max, &running);
        printf("lateness_samples=%u p50_ms=%u p99_ms=%u max_ms=%u running=%u\n",
               count, p50, p99, max, running);
        break;
    }
    default:
        break;
    }
    fflush(stdout);
}

static void
on_message(ha_ipc_execd_client_t *client, uint32_t msg_id, guint64 seq, int rc,
           GVariant *body, void *user_data)
{
    struct cli *cli = user_data;

    if ((seq == 0) && (msg_id == HA_EXEC_MSG_RESULT)) {
        g_autoptr(ha_exec_result_t) r = NULL;

        if (ha_exec_proto_result_decode(body, &r) < 0) {
            return;
        }
        if (cli->watch) {
            print_result(r);
        } else if (cli->wait_result && (r->call_id == cli->call_id)
                   && (cli->call_id != 0)) {
            print_result(r);
            cli->exit_code = (r->status == HA_EXEC_DONE) ? r->ocf_rc : EXIT_REFUSED;
            g_main_loop_quit(cli->loop);
        }
        return;
    }
    if (seq != cli->seq) {
        return;
    }
    if (rc < 0) {
        fprintf(stderr, "ha-execd-cli: request refused: %s\n", ha_strerror(rc));
        cli->exit_code = EXIT_REFUSED;
        g_main_loop_quit(cli->loop);
        return;
    }
    print_reply(cli, body);
    if (!cli->wait_result) {
        g_main_loop_quit(cli->loop);
    }
}

static void
on_disconnected(ha_ipc_execd_client_t *client, void *user_data)
{
    struct cli *cli = user_data;

    fprintf(stderr, "ha-execd-cli: executor went away\n");
    cli->exit_code = EXIT_CONN;
    g_main_loop_quit(cli->loop);
}

static const char *
body_type(uint32_t msg_id, gboolean from_server)
{
    return ha_exec_proto_body_type(msg_id, from_server);
}

static const struct ha_ipc_execd_client_ops cli_ops = {
    body_type, on_message, on_disconnected,
};

static gboolean
on_timeout(gpointer data)
{
    struct cli *cli = data;

    if (!cli->watch) {
        fprintf(stderr, "ha-execd-cli: timed out\n");
        cli->exit_code = EXIT_TIMEOUT;
    }
    g_main_loop_quit(cli->loop);
    return G_SOURCE_REMOVE;
}

static int
split_kv(const char *arg, char **k, char **v)
{
    const char *eq = strchr(arg, '=');

    if ((eq == NULL) || (eq == arg)) {
        return -EINVAL;
    }
    *k = g_strndup(arg, (gsize) (eq - arg));
    *v = g_strdup(eq + 1);
    return 0;
}

/* exec RSC AGENT ACTION [-i MS] [-t MS] [-w] [-m k=v] [k=v]... */
static GVariant *
build_exec(struct cli *cli, int argc, char **argv)
{
    g_autofree char *cls = NULL;
    g_autofree char *prov = NULL;
    g_autofree char *type = NULL;
    g_autoptr(ha_exec_request_t) req = NULL;
    guint interval = 0;
    guint timeout = 20000;

    if ((argc < 4) || (ha_exec_agent_parse(argv[2], &cls, &prov, &type) < 0)) {
        return NULL;
    }
    req = ha_exec_request_new(argv[1], cls, prov, type, argv[3], 0, 0);
    for (int i = 4; i < argc; i++) {
        g_autofree char *k = NULL;
        g_autofree char *v = NULL;

        if ((strcmp(argv[i], "-i") == 0) && (i + 1 < argc)) {
            interval = (guint) g_ascii_strtoull(argv[++i], NULL, 10);
        } else if ((strcmp(argv[i], "-t") == 0) && (i + 1 < argc)) {
            timeout = (guint) g_ascii_strtoull(argv[++i], NULL, 10);
        } else if (strcmp(argv[i], "-w") == 0) {
            cli->wait_result = TRUE;
        } else if ((strcmp(argv[i], "-m") == 0) && (i + 1 < argc)
                   && (split_kv(argv[++i], &k, &v) == 0)) {
            ha_exec_request_set_meta(req, k, v);
        } else if (split_kv(argv[i], &k, &v) == 0) {
            ha_exec_request_set_param(req, k, v);
        } else {
            return NULL;
        }
    }
    req->interval_ms = interval;
    req->timeout_ms = timeout;
    return ha_exec_proto_exec_encode(req);
}

static GVariant *
build_request(struct cli *cli, int argc, char **argv, guint *wait_s)
{
    const char *cmd = argv[0];

    if (strcmp(cmd, "exec") == 0) {
        cli->msg_id = HA_EXEC_MSG_EXEC;
        return build_exec(cli, argc, argv);
    }
    if ((strcmp(cmd, "cancel") == 0) && (argc == 4)) {
        cli->msg_id = HA_EXEC_MSG_CANCEL;
        return ha_exec_proto_cancel_encode(argv[1], argv[2],
                                           (guint) g_ascii_strtoull(argv[3], NULL, 10));
    }
    if (strcmp(cmd, "state") == 0) {
        cli->msg_id = HA_EXEC_MSG_STATE;
        return g_variant_new("()");
    }
    if (strcmp(cmd, "stats") == 0) {
        cli->msg_id = HA_EXEC_MSG_STATS;
        return g_variant_new("()");
    }
    if ((strcmp(cmd, "metadata") == 0) && (argc == 2)) {
        g_autofree char *c = NULL;
        g_autofree char *p = NULL;
        g_autofree char *t = NULL;

        if (ha_exec_agent_parse(argv[1], &c, &p, &t) < 0) {
            return NULL;
        }
        cli->msg_id = HA_EXEC_MSG_METADATA;
        return g_variant_new("(sss)", c, (p != NULL) ? p : "", t);
    }
    if ((strcmp(cmd, "list") == 0) && (argc >= 2)) {
        cli->msg_id = HA_EXEC_MSG_LIST;
        return g_variant_new("(ss)", argv[1], (argc > 2) ? argv[2] : "");
    }
    if ((strcmp(cmd, "watch") == 0) && (argc == 2)) {
        cli->watch = TRUE;
        cli->wait_result = TRUE;
        *wait_s = (guint) g_ascii_strtoull(argv[1], NULL, 10);
        cli->msg_id = HA_EXEC_MSG_STATS;   /* harmless request: proves the link */
        return g_variant_new("()");
    }
    return NULL;
}

int
main(int argc, char **argv)
{
    struct cli cli = { 0 };
    const char *name = "ha-execd";
    g_autoptr(GVariant) body = NULL;
    guint wait_s = 60;
    int rc;
    int i = 1;

    setlocale(LC_ALL, "");
    ha_log_init("ha-execd-cli", HA_LOG_STDERR, LOG_WARNING);
    if ((argc > 2) && (strcmp(argv[1], "-n") == 0)) {
        name = argv[2];
        i = 3;
    }
    if ((i < argc) && (strcmp(argv[i], "-v") == 0)) {
        verbose_output = TRUE;
        i++;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: ha-execd-cli [-n NAME] exec|cancel|state|stats|"
                "metadata|list|watch ...\n");
        return 2;
    }
    body = build_request(&cli, argc - i, argv + i, &wait_s);
    if (body == NULL) {
        fprintf(stderr, "ha-execd-cli: bad arguments\n");
        return 2;
    }
    g_variant_ref_sink(body);
    rc = ha_ipc_execd_client_connect(name, &cli_ops, &cli, &cli.client);
    if (rc < 0) {
        fprintf(stderr, "ha-execd-cli: could not connect to '%s': %s\n", name,
                ha_strerror(rc));
        return EXIT_CONN;
    }
    rc = ha_ipc_execd_client_send(cli.client, cli.msg_id, g_variant_ref(body),
                                  &cli.seq);
    if (rc < 0) {
        fprintf(stderr, "ha-execd-cli: could not send: %s\n", ha_strerror(rc));
        ha_ipc_execd_client_free(cli.client);
        return EXIT_CONN;
    }
    cli.loop = g_main_loop_new(NULL, FALSE);
    (void) g_timeout_add_seconds(wait_s, on_timeout, &cli);
    g_main_loop_run(cli.loop);
    g_main_loop_unref(cli.loop);
    ha_ipc_execd_client_free(cli.client);
    return cli.exit_code;
}
