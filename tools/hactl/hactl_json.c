/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_json.c - the one envelope of every `--output json`.
 *
 * With --output json, hactl prints exactly one JSON object on stdout when
 * the command ends, success or not:
 *
 *   {"hactl": "1", "command": "resource move", "ok": true, "exit": 0,
 *    "result": {...} or null, "warnings": [{"code", "message"}...],
 *    "error": null or {"code": "not_found", "message": "...", "exit": 4}}
 *
 * Commands build their result and hand it to hactl_print_json(); main()
 * prints the envelope once the exit code is known.  What the commands
 * write to stderr meanwhile is kept (and still shown on stderr at the
 * end): its "hactl: warning: ..." lines become the warnings, its first
 * other line the error message.  A command that has no JSON result of
 * its own and printed text has that text as result {"output": TEXT}, so
 * stdout always holds one JSON document.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "hactl.h"

static struct {
    gboolean on;
    char *command;
    JsonNode *result;
    FILE *real_stderr;
    char *captured;
    size_t captured_len;
    FILE *real_stdout;
    char *printed;
    size_t printed_len;
} env;

/* The names of the exit codes in hactl.h, as "error.code" says them. */
static const char *
exit_code_name(int code)
{
    static const char *const names[] = {
        [HACTL_EXIT_OK] = "ok",
        [HACTL_EXIT_ERROR] = "error",
        [HACTL_EXIT_USAGE] = "usage",
        [HACTL_EXIT_INVALID] = "invalid",
        [HACTL_EXIT_NOT_FOUND] = "not_found",
        [HACTL_EXIT_NO_DAEMON] = "no_daemon",
        [HACTL_EXIT_NO_QUORUM] = "no_quorum",
        [HACTL_EXIT_PERMISSION] = "permission",
        [HACTL_EXIT_RETRY] = "retry",
        [HACTL_EXIT_TIMEOUT] = "timeout",
        [HACTL_EXIT_UNSUPPORTED] = "unsupported",
        [HACTL_EXIT_EXISTS] = "exists",
        [HACTL_EXIT_UNSAFE] = "unsafe",
    };

    if (code >= 0 && code < (int) G_N_ELEMENTS(names) && names[code] != NULL) {
        return names[code];
    }
    return "error";
}

void
hactl_json_begin(const char *command)
{
    FILE *err = open_memstream(&env.captured, &env.captured_len);
    FILE *out = open_memstream(&env.printed, &env.printed_len);

    env.on = TRUE;
    env.command = g_strdup(command);
    if (err != NULL) {
        env.real_stderr = stderr;
        stderr = err;
    }
    if (out != NULL) {
        fflush(stdout);
        env.real_stdout = stdout;
        stdout = out;
    }
}

void
hactl_json_set_command(const char *command)
{
    if (env.on) {
        g_free(env.command);
        env.command = g_strdup(command);
    }
}

void
hactl_print_json(JsonNode *result)
{
    if (env.result != NULL) {
        json_node_unref(env.result);
    }
    env.result = json_node_copy(result);
    if (!env.on) {
        /* a caller outside main's dispatch: print the bare result */
        hactl_json_print_node(result, TRUE);
        json_node_unref(g_steal_pointer(&env.result));
    }
}

void
hactl_json_print_node(JsonNode *node, gboolean pretty)
{
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autofree char *text = NULL;

    FILE *out = (env.real_stdout != NULL) ? env.real_stdout : stdout;

    json_generator_set_root(gen, node);
    json_generator_set_pretty(gen, pretty);
    text = json_generator_to_data(gen, NULL);
    fprintf(out, "%s\n", text);
    fflush(out);
}

/* "hactl: resource move: no node 'x'" -> "resource move: no node 'x'" */
static const char *
strip_prefix(const char *line)
{
    return g_str_has_prefix(line, "hactl: ") ? line + strlen("hactl: ") : line;
}

static void
add_warnings(JsonBuilder *b, char **lines)
{
    json_builder_set_member_name(b, "warnings");
    json_builder_begin_array(b);
    for (char **l = lines; *l != NULL; l++) {
        const char *text = strip_prefix(*l);

        if (g_str_has_prefix(text, "warning: ")) {
            json_builder_begin_object(b);
            json_builder_set_member_name(b, "code");
            json_builder_add_string_value(b, "warning");
            json_builder_set_member_name(b, "message");
            json_builder_add_string_value(b, text + strlen("warning: "));
            json_builder_end_object(b);
        }
    }
    json_builder_end_array(b);
}

static void
add_error(JsonBuilder *b, int code, char **lines)
{
    const char *message = NULL;

    json_builder_set_member_name(b, "error");
    if (code == HACTL_EXIT_OK) {
        json_builder_add_null_value(b);
        return;
    }
    for (char **l = lines; *l != NULL && message == NULL; l++) {
        const char *text = strip_prefix(*l);

        if (*text != '\0' && !g_str_has_prefix(text, "warning: ")) {
            message = text;
        }
    }
    json_builder_begin_object(b);
    json_builder_set_member_name(b, "code");
    json_builder_add_string_value(b, exit_code_name(code));
    json_builder_set_member_name(b, "message");
    json_builder_add_string_value(b, message != NULL ? message
                                                     : exit_code_name(code));
    json_builder_set_member_name(b, "exit");
    json_builder_add_int_value(b, code);
    json_builder_end_object(b);
}

static JsonNode *
envelope(int code, JsonNode *result, char **lines)
{
    g_autoptr(JsonBuilder) b = json_builder_new();

    json_builder_begin_object(b);
    json_builder_set_member_name(b, "hactl");
    json_builder_add_string_value(b, "1");
    json_builder_set_member_name(b, "command");
    json_builder_add_string_value(b, env.command);
    json_builder_set_member_name(b, "ok");
    json_builder_add_boolean_value(b, code == HACTL_EXIT_OK);
    json_builder_set_member_name(b, "exit");
    json_builder_add_int_value(b, code);
    json_builder_set_member_name(b, "result");
    if (result != NULL) {
        json_builder_add_value(b, result);
    } else {
        json_builder_add_null_value(b);
    }
    add_warnings(b, lines);
    add_error(b, code, lines);
    json_builder_end_object(b);
    return json_builder_get_root(b);
}

void
hactl_json_frame(JsonNode *result)
{
    char *none[] = { NULL };
    g_autoptr(JsonNode) root = envelope(HACTL_EXIT_OK,
                                        json_node_copy(result), none);

    hactl_json_print_node(root, FALSE);
}

int
hactl_json_end(int code)
{
    g_autoptr(JsonNode) root = NULL;
    g_auto(GStrv) lines = NULL;

    if (!env.on) {
        return code;
    }
    if (env.real_stdout != NULL) {
        fclose(stdout);
        stdout = env.real_stdout;
    }
    if (env.real_stderr != NULL) {
        fclose(stderr);
        stderr = env.real_stderr;
        fputs(env.captured, stderr);
    }
    if (env.result == NULL && env.printed != NULL && *env.printed != '\0') {
        g_autoptr(JsonBuilder) ob = json_builder_new();

        json_builder_begin_object(ob);
        json_builder_set_member_name(ob, "output");
        json_builder_add_string_value(ob, env.printed);
        json_builder_end_object(ob);
        env.result = json_builder_get_root(ob);
    } else if (env.printed != NULL) {
        fputs(env.printed, stderr);     /* never lost */
    }
    lines = g_strsplit(env.captured != NULL ? env.captured : "", "\n", -1);
    root = envelope(code, g_steal_pointer(&env.result), lines);
    hactl_json_print_node(root, TRUE);
    g_free(env.captured);
    g_free(env.printed);
    g_free(env.command);
    memset(&env, 0, sizeof(env));
    return code;
}
