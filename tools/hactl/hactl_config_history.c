/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_config_history.c - `hactl config history` and
 * `hactl config rollback VERSION`: the configuration versions this node
 * keeps on disk (lib/store's history files, served by hacd), and putting
 * one of them back as a new version.
 *
 * A rollback writes the old content with CONFIG_REPLACE_IF against the
 * digest it showed the diff for, so a change made meanwhile is never
 * lost: the rollback is refused instead (exit 8, run it again).  hacd
 * gives the written content the next epoch, like any other change.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "common/results.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "sched/sched.h"
#include "store/store_model.h"
#include "hactl_cli.h"
#include "hactl_config.h"
#include "hactl_edit.h"

int
hactl_config_version_parse(const char *text, struct ha_store_version *ret)
{
    g_auto(GStrv) parts = g_strsplit(text, ".", -1);
    struct ha_store_version v;

    if (g_strv_length(parts) != 3
        || !g_ascii_string_to_unsigned(parts[0], 10, 0, G_MAXUINT64,
                                       &v.admin_epoch, NULL)
        || !g_ascii_string_to_unsigned(parts[1], 10, 0, G_MAXUINT64,
                                       &v.epoch, NULL)
        || !g_ascii_string_to_unsigned(parts[2], 10, 0, G_MAXUINT64,
                                       &v.num_updates, NULL)) {
        return -EINVAL;
    }
    *ret = v;
    return 0;
}

int
hactl_config_version_fetch(const struct ha_store_version *v,
                           gboolean with_status, char **ret_digest,
                           char **ret_xml)
{
    g_autoptr(GVariant) reply = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_VERSION_GET,
                             g_variant_new("(tttb)", v->admin_epoch, v->epoch,
                                           v->num_updates, with_status),
                             HA_IPC_HACD_CONFIG_VERSION_GET_REPLY, FALSE,
                             &reply);

    if (rc == 0) {
        g_variant_get(reply, "(ss)", ret_digest, ret_xml);
    }
    return rc;
}

int
hactl_config_transition(const char *sched_xml, GPtrArray **ret_lines,
                        char **ret_error)
{
    g_autoptr(ha_sched_result_t) res = NULL;
    ha_store_model_t *m = NULL;
    struct ha_sched_options opts = { .now = (gint64) time(NULL) };
    GPtrArray *lines;
    int rc;

    rc = ha_store_model_parse_memory(sched_xml, strlen(sched_xml), &m,
                                     ret_error);
    if (rc < 0) {
        return rc;
    }
    rc = ha_sched_run(m, &opts, &res, ret_error);
    if (rc == 0) {
        lines = g_ptr_array_new_with_free_func(g_free);
        for (guint i = 0; i < res->summary->len; i++) {
            g_ptr_array_add(lines, g_strdup(res->summary->pdata[i]));
        }
        *ret_lines = lines;
    }
    g_clear_pointer(&res, ha_sched_result_free);
    ha_store_model_free(m);
    return rc;
}

void
hactl_config_transition_print(FILE *out, const GPtrArray *lines)
{
    fprintf(out, "\nTransition Summary:\n");
    for (guint i = 0; i < lines->len; i++) {
        fprintf(out, "%s\n", (const char *) lines->pdata[i]);
    }
}

/* ---- history ----------------------------------------------------------- */

static xmlDoc *
parse_or_null(const char *xml)
{
    xmlDoc *doc = NULL;
    g_autofree char *err = NULL;

    if (xml == NULL
        || ha_xml_parse_memory(xml, strlen(xml), "version", NULL, &doc,
                               &err) < 0) {
        return NULL;
    }
    return doc;
}

static char *
version_text(const struct ha_store_version *v)
{
    char buf[64];

    return g_strdup(ha_store_version_format(v, buf, sizeof(buf)));
}

static char *
saved_text(gint64 when)
{
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local(when);

    return (dt != NULL) ? g_date_time_format(dt, "%Y-%m-%d %H:%M:%S")
                        : g_strdup("?");
}

static void
json_string(JsonBuilder *b, const char *name, const char *value)
{
    json_builder_set_member_name(b, name);
    json_builder_add_string_value(b, value);
}

/* One history entry; @prev is the version before (NULL for the oldest). */
static void
history_entry(const struct hactl_globals *g, JsonBuilder *b,
              const struct ha_store_version *v, gint64 when,
              const char *digest, gboolean live, xmlDoc *prev, xmlDoc *doc,
              const char *same_as)
{
    g_autofree char *version = version_text(v);
    g_autofree char *saved = saved_text(when);
    g_autoptr(GPtrArray) items = NULL;
    g_autofree char *summary = NULL;

    if (doc == NULL) {
        summary = g_strdup("(cannot be read: corrupt copy)");
    } else if (prev == NULL) {
        summary = g_strdup("(oldest kept)");
    } else {
        items = hactl_config_diff(hactl_config_section(prev),
                                  hactl_config_section(doc));
        summary = hactl_config_diff_summary(items, 3);
    }
    if (same_as != NULL) {
        /* typically a rollback: say where the content comes from */
        char *s = g_strdup_printf("%s (content of %s)", summary, same_as);

        g_free(summary);
        summary = s;
    }
    if (!g->json) {
        printf("%c %-12s %-19s %-12.12s %s\n", live ? '*' : ' ', version,
               saved, *digest != '\0' ? digest : "-", summary);
        return;
    }
    json_builder_begin_object(b);
    json_string(b, "version", version);
    json_builder_set_member_name(b, "saved");
    json_builder_add_int_value(b, when);
    json_string(b, "digest", digest);
    json_builder_set_member_name(b, "live");
    json_builder_add_boolean_value(b, live);
    json_string(b, "summary", summary);
    if (items != NULL) {
        json_builder_set_member_name(b, "changes");
        hactl_config_diff_json(b, items);
    }
    json_builder_end_object(b);
}

static int
history(const struct hactl_globals *g)
{
    g_autoptr(GVariant) reply = NULL;
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(GHashTable) seen = g_hash_table_new_full(g_str_hash, g_str_equal,
                                                      g_free, g_free);
    struct ha_store_version live_v;
    GVariantIter it;
    struct ha_store_version v;
    gint64 when = 0;
    const char *digest = NULL;
    xmlDoc *prev = NULL;
    int code = 0;
    xmlDoc *cur;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_HISTORY, g_variant_new("()"),
                             HA_IPC_HACD_CONFIG_HISTORY_REPLY, FALSE, &reply);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "config history");
    }
    cur = hactl_config_read(NULL, &code);
    if (cur == NULL) {
        return code;
    }
    hactl_config_doc_version(cur, &live_v);
    xmlFreeDoc(cur);
    if (!g->json) {
        printf("  %-12s %-19s %-12s %s\n", "VERSION", "SAVED", "DIGEST",
               "CHANGES");
    }
    json_builder_begin_array(b);
    g_variant_iter_init(&it, reply);
    while (g_variant_iter_next(&it, "(tttx&s)", &v.admin_epoch, &v.epoch,
                               &v.num_updates, &when, &digest)) {
        g_autofree char *d = NULL;
        g_autofree char *xml = NULL;
        xmlDoc *doc = NULL;

        if (*digest != '\0'
            && hactl_config_version_fetch(&v, FALSE, &d, &xml) == 0) {
            doc = parse_or_null(xml);
        }
        history_entry(g, b, &v, when, digest,
                      ha_store_version_cmp(&v, &live_v) == 0, prev, doc,
                      *digest != '\0' ? g_hash_table_lookup(seen, digest)
                                      : NULL);
        if (*digest != '\0' && !g_hash_table_contains(seen, digest)) {
            g_hash_table_insert(seen, g_strdup(digest), version_text(&v));
        }
        xmlFreeDoc(prev);
        prev = doc;
    }
    xmlFreeDoc(prev);
    json_builder_end_array(b);
    if (g->json) {
        g_autoptr(JsonNode) root = json_builder_get_root(b);

        hactl_print_json(root);
    }
    return HACTL_EXIT_OK;
}

int
hactl_config_history(const struct hactl_globals *g,
                     const struct hactl_args *a)
{
    (void) a;
    return history(g);
}

/* ---- rollback ---------------------------------------------------------- */

struct rollback {
    const char *target;         /* VERSION as given */
    struct ha_store_version v;
    gboolean dry_run, force;
    gboolean json;              /* --output json */
    double wait_s;
};

/* The target's content; refused (an exit code) if it does not verify. */
static int
rollback_target(const struct rollback *r, char **ret_xml, char **ret_sched,
                char **ret_digest)
{
    g_autoptr(GPtrArray) findings = NULL;
    g_autofree char *sched_digest = NULL;
    g_autofree char *what = g_strdup_printf("version %s", r->target);
    int rc = hactl_config_version_fetch(&r->v, FALSE, ret_digest, ret_xml);

    if (rc == -HA_ENOTFOUND) {
        fprintf(stderr, "hactl: config rollback: version %s is not kept "
                "(see 'hactl config history')\n", r->target);
        return HACTL_EXIT_NOT_FOUND;
    }
    if (rc == 0) {
        rc = hactl_config_version_fetch(&r->v, TRUE, &sched_digest, ret_sched);
    }
    if (rc < 0) {
        return hactl_hacd_fail(rc, "config rollback");
    }
    findings = hactl_config_verify_text(*ret_xml, what, *ret_sched);
    if (hactl_config_verify_errors(findings) > 0) {
        hactl_config_verify_print(stderr, findings);
        fprintf(stderr, "hactl: config rollback: version %s does not verify; "
                "nothing changed\n", r->target);
        return HACTL_EXIT_INVALID;
    }
    if (findings->len > 0 && r->dry_run && !r->json) {
        /* what a real rollback would refuse without --force */
        hactl_config_verify_print(stdout, findings);
    }
    if (findings->len > 0 && !r->force && !r->dry_run) {
        hactl_config_verify_print(stderr, findings);
        fprintf(stderr, "hactl: config rollback: version %s has warnings "
                "(above): the cluster would run with them; use --force to "
                "roll back anyway\n", r->target);
        return HACTL_EXIT_UNSAFE;
    }
    return HACTL_EXIT_OK;
}

static void
rollback_json(const struct rollback *r, const GPtrArray *items,
              const GPtrArray *lines, const char *written)
{
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonNode) root = NULL;

    json_builder_begin_object(b);
    json_string(b, "command", "config rollback");
    json_string(b, "target", r->target);
    json_builder_set_member_name(b, "dry_run");
    json_builder_add_boolean_value(b, r->dry_run);
    json_builder_set_member_name(b, "changes");
    hactl_config_diff_json(b, items);
    json_builder_set_member_name(b, "transition");
    json_builder_begin_array(b);
    for (guint i = 0; lines != NULL && i < lines->len; i++) {
        json_builder_add_string_value(b, lines->pdata[i]);
    }
    json_builder_end_array(b);
    if (written != NULL) {
        json_string(b, "config_version", written);
    }
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    hactl_print_json(root);
}

static int
rollback_write(const char *base, const char *xml, char **ret_version)
{
    g_autoptr(GVariant) reply = NULL;
    struct ha_store_version v;
    const char *digest = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_REPLACE_IF,
                             g_variant_new("(tss)", hactl_request_id(), base,
                                           xml),
                             HA_IPC_HACD_WRITE_REPLY, TRUE, &reply);

    if (rc == -HA_ECONFLICT) {
        fprintf(stderr, "hactl: config rollback: the configuration changed "
                "meanwhile; nothing was written (run it again to see the new "
                "difference)\n");
        return HACTL_EXIT_RETRY;
    }
    if (rc < 0) {
        return hactl_hacd_fail(rc, "config rollback");
    }
    g_variant_get(reply, "(ttt&s)", &v.admin_epoch, &v.epoch, &v.num_updates,
                  &digest);
    *ret_version = version_text(&v);
    return HACTL_EXIT_OK;
}

static int
rollback(const struct hactl_globals *g, const struct rollback *r)
{
    g_autofree char *xml = NULL;
    g_autofree char *sched = NULL;
    g_autofree char *digest = NULL;
    g_autofree char *live_digest = NULL;
    g_autofree char *written = NULL;
    g_autofree char *error = NULL;
    g_autoptr(GPtrArray) items = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    xmlDoc *target;
    xmlDoc *live;
    int code = rollback_target(r, &xml, &sched, &digest);

    if (code != HACTL_EXIT_OK) {
        return code;
    }
    live = hactl_config_read(&live_digest, &code);
    if (live == NULL) {
        return code;
    }
    target = parse_or_null(xml);
    items = hactl_config_diff(hactl_config_section(live),
                              hactl_config_section(target));
    xmlFreeDoc(live);
    xmlFreeDoc(target);
    if (strcmp(live_digest, digest) == 0) {
        hactl_print_done(g, "config rollback", "The live configuration "
                         "already has this content: nothing to do", NULL);
        return HACTL_EXIT_OK;
    }
    if (hactl_config_transition(sched, &lines, &error) < 0) {
        fprintf(stderr, "hactl: config rollback: the scheduler cannot run "
                "version %s: %s\n", r->target, error != NULL ? error : "?");
        return HACTL_EXIT_INVALID;
    }
    if (!g->json) {
        printf("Changes from the live configuration to version %s:\n",
               r->target);
        hactl_config_diff_print(stdout, items);
        hactl_config_transition_print(stdout, lines);
    }
    if (!r->dry_run) {
        code = rollback_write(live_digest, xml, &written);
        if (code != HACTL_EXIT_OK) {
            return code;
        }
    }
    if (g->json) {
        rollback_json(r, items, lines, written);
    } else if (written != NULL) {
        printf("\nRolled back to the content of version %s (configuration "
               "%s)\n", r->target, written);
    } else {
        printf("\nDry run: nothing changed\n");
    }
    return (written != NULL && r->wait_s > 0)
           ? hactl_wait_settled("config rollback", r->wait_s) : HACTL_EXIT_OK;
}

int
hactl_config_rollback(const struct hactl_globals *g,
                      const struct hactl_args *a)
{
    struct rollback r = {
        .json = g->json, .wait_s = a->wait_s, .target = a->argv[0],
        .dry_run = hactl_arg_flag(a, "dry-run"),
        .force = hactl_arg_flag(a, "force"),
    };

    if (hactl_config_version_parse(r.target, &r.v) < 0) {
        fprintf(stderr, "hactl: config rollback: '%s' is not a version "
                "(ADMIN_EPOCH.EPOCH.NUM_UPDATES, e.g. 0.7.0)\n", r.target);
        return HACTL_EXIT_INVALID;
    }
    return rollback(g, &r);
}
