/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_config.c - `hactl config show|export FILE|import FILE
 * [--dry-run]|diff`, and the dispatch to verify (hactl_config_verify.c),
 * history and rollback (hactl_config_history.c).  Import accepts a
 * Pacemaker CIB (lib/store upgrades and validates it here first, so a bad
 * file never reaches the cluster); the DC validates again and assigns the
 * next version.  Its dry run shows the diff and the transition instead.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/results.h"
#include "common/xml.h"
#include "ipc/ipc_hacd.h"
#include "store/store_doc.h"
#include "hactl_cli.h"
#include "hactl_config.h"
#include "hactl_edit.h"

#define X(s) ((const xmlChar *) (s))

static int
fetch(char **ret_xml)
{
    g_autoptr(GVariant) reply = NULL;
    int rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_GET, g_variant_new("()"),
                             HA_IPC_HACD_CONFIG_GET_REPLY, FALSE, &reply);

    if (rc == 0) {
        g_variant_get(reply, "(s)", ret_xml);
    }
    return rc;
}

static int
config_export(const char *path)
{
    g_autofree char *xml = NULL;
    g_autoptr(GError) error = NULL;
    int rc = fetch(&xml);

    if (rc < 0) {
        return hactl_hacd_fail(rc, "config export");
    }
    /* a text file ends with a newline */
    if (*xml != '\0' && !g_str_has_suffix(xml, "\n")) {
        char *nl = g_strconcat(xml, "\n", NULL);

        g_free(xml);
        xml = nl;
    }
    if (path == NULL || strcmp(path, "-") == 0) {
        fputs(xml, stdout);
        return HACTL_EXIT_OK;
    }
    if (!g_file_set_contents(path, xml, -1, &error)) {
        fprintf(stderr, "hactl: could not write '%s': %s\n", path,
                error->message);
        return HACTL_EXIT_ERROR;
    }
    return HACTL_EXIT_OK;
}

static void
print_errors(const char *path, GPtrArray *errors)
{
    for (guint i = 0; errors != NULL && i < errors->len; i++) {
        fprintf(stderr, "hactl: %s: %s\n", path, (char *) errors->pdata[i]);
    }
}

/*
 * The scheduler input hacd uses now (@live_sched) with the configuration
 * of @doc instead: nodes hacd added for its members stay.  g_free().
 */
static char *
graft(const char *live_sched, const xmlDoc *doc)
{
    g_autofree char *err = NULL;
    xmlDoc *in = NULL;
    xmlNode *old_cfg;
    xmlNode *new_cfg;
    xmlNode *new_nodes;
    xmlChar *mem = NULL;
    int len = 0;
    char *out;

    if (ha_xml_parse_memory(live_sched, strlen(live_sched), "input", NULL,
                            &in, &err) < 0) {
        return NULL;
    }
    old_cfg = ha_xml_first_child(xmlDocGetRootElement(in), "configuration");
    new_cfg = xmlDocCopyNode((xmlNode *) hactl_config_section(doc), in, 1);
    new_nodes = ha_xml_first_child(new_cfg, "nodes");
    if (new_nodes == NULL) {
        new_nodes = xmlNewChild(new_cfg, NULL, X("nodes"), NULL);
    }
    for (xmlNode *n = ha_xml_first_child(ha_xml_first_child(old_cfg, "nodes"),
                                         "node");
         n != NULL; n = ha_xml_next(n, "node")) {
        gboolean known = FALSE;

        for (xmlNode *m = ha_xml_first_child(new_nodes, "node"); m != NULL;
             m = ha_xml_next(m, "node")) {
            known |= g_strcmp0(ha_xml_attr(m, "uname"),
                               ha_xml_attr(n, "uname")) == 0;
        }
        if (!known) {
            xmlAddChild(new_nodes, xmlDocCopyNode(n, in, 1));
        }
    }
    xmlReplaceNode(old_cfg, new_cfg);
    xmlFreeNode(old_cfg);
    xmlDocDumpMemory(in, &mem, &len);
    out = g_strndup((const char *) mem, (gsize) len);
    xmlFree(mem);
    xmlFreeDoc(in);
    return out;
}

/* What importing @doc would change and do; the dry run's output. */
static int
import_preview(const char *path, const ha_store_doc_t *doc)
{
    g_autofree char *live_digest = NULL;
    g_autofree char *digest = NULL;
    g_autofree char *sched = NULL;
    g_autofree char *input = NULL;
    g_autofree char *error = NULL;
    g_autoptr(GPtrArray) items = NULL;
    g_autoptr(GPtrArray) lines = NULL;
    struct ha_store_version v;
    int code = 0;
    xmlDoc *live = hactl_config_read(&live_digest, &code);

    if (live == NULL) {
        return code;
    }
    hactl_config_doc_version(live, &v);
    items = hactl_config_diff(hactl_config_section(live),
                              hactl_config_section(ha_store_doc_xml(doc)));
    xmlFreeDoc(live);
    if (strcmp(live_digest, ha_store_doc_digest(doc)) == 0) {
        printf("'%s' is valid; importing it would not change the "
               "configuration\n", path);
        return HACTL_EXIT_OK;
    }
    printf("'%s' is valid; importing it would replace the configuration:\n",
           path);
    hactl_config_diff_print(stdout, items);
    /* a fresh cluster has no stored version: its input is then unknown */
    if (hactl_config_version_fetch(&v, TRUE, &digest, &sched) == 0) {
        input = graft(sched, ha_store_doc_xml(doc));
    }
    if (input != NULL && hactl_config_transition(input, &lines, &error) == 0) {
        hactl_config_transition_print(stdout, lines);
    } else {
        printf("\nTransition: not available (%s)\n",
               error != NULL ? error : "no scheduler input kept");
    }
    printf("\nDry run: nothing changed\n");
    return HACTL_EXIT_OK;
}

static int
config_import(const char *path, gboolean dry_run)
{
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autoptr(GVariant) reply = NULL;
    g_autofree char *xml = NULL;
    guint64 a = 0, e = 0, u = 0;
    const char *digest = NULL;
    int rc;

    rc = ha_store_doc_load_file(path, HA_STORE_LOAD_NO_STATUS, &doc, &errors);
    if (rc < 0) {
        print_errors(path, errors);
        fprintf(stderr, "hactl: '%s' cannot be imported: %s\n", path,
                ha_strerror(rc));
        return hactl_exit_from_rc(rc);
    }
    if (dry_run) {
        return import_preview(path, doc);
    }
    xml = ha_store_doc_serialize(doc, HA_STORE_SER_NO_STATUS);
    rc = hactl_hacd_call(HA_IPC_HACD_CONFIG_REPLACE,
                         g_variant_new("(ts)", hactl_request_id(), xml),
                         HA_IPC_HACD_WRITE_REPLY, TRUE, &reply);
    if (rc < 0) {
        return hactl_hacd_fail(rc, "config import");
    }
    g_variant_get(reply, "(ttt&s)", &a, &e, &u, &digest);
    printf("Configuration imported: version %" G_GUINT64_FORMAT ".%"
           G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT "\n", a, e, u);
    return HACTL_EXIT_OK;
}

/* ---- diff -------------------------------------------------------------- */

/* One side of a diff: the live configuration, a file or a kept version. */
struct side {
    const char *file;
    const char *version;
    char *label;
    xmlDoc *doc;
};

static int
side_load(struct side *s)
{
    g_autoptr(ha_store_doc_t) doc = NULL;
    g_autoptr(GPtrArray) errors = NULL;
    g_autofree char *digest = NULL;
    g_autofree char *xml = NULL;
    g_autofree char *err = NULL;
    struct ha_store_version v;
    int code = 0;
    int rc;

    if (s->file != NULL) {
        rc = ha_store_doc_load_file(s->file, HA_STORE_LOAD_NO_STATUS
                                             | HA_STORE_LOAD_NO_VALIDATE,
                                    &doc, &errors);
        if (rc < 0) {
            print_errors(s->file, errors);
            fprintf(stderr, "hactl: config diff: cannot read '%s': %s\n",
                    s->file, ha_strerror(rc));
            return hactl_exit_from_rc(rc);
        }
        s->label = g_strdup_printf("'%s'", s->file);
        s->doc = xmlCopyDoc((xmlDoc *) ha_store_doc_xml(doc), 1);
        return HACTL_EXIT_OK;
    }
    if (s->version != NULL) {
        if (hactl_config_version_parse(s->version, &v) < 0) {
            fprintf(stderr, "hactl: config diff: '%s' is not a version "
                    "(ADMIN_EPOCH.EPOCH.NUM_UPDATES)\n", s->version);
            return HACTL_EXIT_INVALID;
        }
        rc = hactl_config_version_fetch(&v, FALSE, &digest, &xml);
        if (rc == -HA_ENOTFOUND) {
            fprintf(stderr, "hactl: config diff: version %s is not kept (see "
                    "'hactl config history')\n", s->version);
            return HACTL_EXIT_NOT_FOUND;
        }
        if (rc == 0) {
            rc = ha_xml_parse_memory(xml, strlen(xml), s->version, NULL,
                                     &s->doc, &err);
        }
        if (rc < 0) {
            return hactl_hacd_fail(rc, "config diff");
        }
        s->label = g_strdup_printf("version %s", s->version);
        return HACTL_EXIT_OK;
    }
    s->doc = hactl_config_read(NULL, &code);
    if (s->doc != NULL) {
        hactl_config_doc_version(s->doc, &v);
        s->label = g_strdup_printf("the live configuration (%" G_GUINT64_FORMAT
                                   ".%" G_GUINT64_FORMAT ".%" G_GUINT64_FORMAT
                                   ")", v.admin_epoch, v.epoch, v.num_updates);
    }
    return code;
}

static void
side_clear(struct side *s)
{
    g_free(s->label);
    xmlFreeDoc(s->doc);
}

static int
diff_run(const struct hactl_globals *g, struct side *from, struct side *to)
{
    g_autoptr(GPtrArray) items = NULL;
    int code = side_load(from);

    if (code == HACTL_EXIT_OK) {
        code = side_load(to);
    }
    if (code != HACTL_EXIT_OK) {
        return code;
    }
    items = hactl_config_diff(hactl_config_section(from->doc),
                              hactl_config_section(to->doc));
    if (g->json) {
        g_autoptr(JsonBuilder) b = json_builder_new();
        g_autoptr(JsonNode) root = NULL;

        json_builder_begin_object(b);
        json_builder_set_member_name(b, "from");
        json_builder_add_string_value(b, from->label);
        json_builder_set_member_name(b, "to");
        json_builder_add_string_value(b, to->label);
        json_builder_set_member_name(b, "changes");
        hactl_config_diff_json(b, items);
        json_builder_end_object(b);
        root = json_builder_get_root(b);
        hactl_print_json(root);
    } else {
        printf("From %s to %s:\n", from->label, to->label);
        hactl_config_diff_print(stdout, items);
    }
    return HACTL_EXIT_OK;
}

/* `config diff [--file F | --version V] [--against F | --against-version
 * W]` */
static int
config_diff(const struct hactl_globals *g, const struct hactl_args *a)
{
    struct side from = { .file = hactl_arg_value(a, "against"),
                         .version = hactl_arg_value(a, "against-version") };
    struct side to = { .file = hactl_arg_value(a, "file"),
                       .version = hactl_arg_value(a, "version") };
    int code;

    if ((to.file == NULL) == (to.version == NULL)
        || (from.file != NULL && from.version != NULL)) {
        fprintf(stderr, "hactl: config diff: --file or --version (one of "
                "them), and at most one of --against, --against-version\n");
        hactl_help_usage_line(stderr, &hactl_noun_config, a->verb);
        return HACTL_EXIT_USAGE;
    }
    code = diff_run(g, &from, &to);
    side_clear(&from);
    side_clear(&to);
    return code;
}

static int
config_show(const struct hactl_globals *g, const struct hactl_args *a)
{
    (void) g;
    return config_export(a->argv[0]);
}

static int
config_import_verb(const struct hactl_globals *g, const struct hactl_args *a)
{
    (void) g;
    return config_import(a->argv[0], hactl_arg_flag(a, "dry-run"));
}

static const struct hactl_opt import_opts[] = {
    { "dry-run", HACTL_OPT_FLAG, NULL, "check it and print what would "
      "change; write nothing" },
    { NULL },
};

static const struct hactl_opt verify_opts[] = {
    { "file", HACTL_OPT_VALUE, "FILE", "check FILE offline instead of the "
      "live configuration" },
    { "xml-file", HACTL_OPT_VALUE, "FILE", "the same as --file" },
    { "strict", HACTL_OPT_FLAG, NULL, "warnings fail too (exit 3)" },
    { NULL },
};

static const struct hactl_opt diff_opts[] = {
    { "file", HACTL_OPT_VALUE, "FILE", "the second configuration: FILE" },
    { "version", HACTL_OPT_VALUE, "V", "the second configuration: kept "
      "version V" },
    { "against", HACTL_OPT_VALUE, "FILE", "the first configuration: FILE "
      "(default: the live one)" },
    { "against-version", HACTL_OPT_VALUE, "W", "the first configuration: "
      "kept version W" },
    { NULL },
};

static const struct hactl_opt rollback_opts[] = {
    { "dry-run", HACTL_OPT_FLAG, NULL, "print what changes and the "
      "transition; write nothing" },
    { "force", HACTL_OPT_FLAG, NULL, "roll back to a version with warnings" },
    { NULL },
};

static const struct hactl_verb config_verbs[] = {
    { "show", NULL, NULL, config_show, 0, "print the configuration (XML)",
      NULL, "hactl config show" },
    { "export", "FILE", NULL, config_show, 0, "write it to FILE (- for "
      "stdout)", NULL, "hactl config export /tmp/cib.xml" },
    { "import", "FILE", import_opts, config_import_verb, 0, "replace the "
      "configuration with FILE's", NULL,
      "hactl config import new-cib.xml --dry-run" },
    { "verify", NULL, verify_opts, hactl_config_verify, 0, "check the live "
      "configuration, or FILE offline",
      "Well-formed XML, the schema, unique ids, references (constraints, "
      "fencing\nlevels, tags), scores and values, location constraints "
      "naming unknown nodes,\nthen what the scheduler makes of it "
      "(unsupported features, fencing enabled\nwithout a fence device).  "
      "One line per finding, 'error: ...' or 'warning: ...'\nnaming the "
      "element; JSON: a list of {severity, id, message}.\n"
      "Exit status: 0 no errors (warnings are allowed), 3 errors, or "
      "warnings with\n--strict; 4 FILE does not exist, 5 hacd is not "
      "running.", "hactl config verify\n"
      "hactl config verify --file new-cib.xml --strict" },
    { "diff", NULL, diff_opts, config_diff, 0, "what changes from one "
      "configuration to another",
      "Element by element: '+' added, '-' removed, '~' changed with the "
      "attributes\nthat differ, old -> new.  Exit 0 whether or not they "
      "differ; 3 a file does\nnot parse, 4 a version is not kept.",
      "hactl config diff --file new-cib.xml\n"
      "hactl config diff --version 0.7.0 --against-version 0.5.0" },
    { "history", NULL, NULL, hactl_config_history, 0, "the configuration "
      "versions this node keeps",
      "Oldest first: version (admin_epoch.epoch.num_updates), when it was "
      "saved,\nits digest and what changed from the version before; '*' "
      "marks the live one.", "hactl config history" },
    { "rollback", "VERSION", rollback_opts, hactl_config_rollback,
      HACTL_VERB_WAIT, "make a kept VERSION the live configuration again",
      "As a new version.  Prints what changes and the transition the "
      "scheduler\nexpects; --dry-run stops there.  Refused when VERSION does "
      "not verify (exit 3),\nwhen it has warnings unless --force (exit 12), "
      "when it is not kept (exit 4),\nand when the configuration changes "
      "meanwhile (exit 8: nothing written, run\nagain).",
      "hactl config rollback 0.7.0 --dry-run" },
    { NULL, NULL },
};

const struct hactl_noun hactl_noun_config = {
    "config", "show, export, import, verify, diff and roll back the "
    "configuration", config_verbs, NULL,
};
