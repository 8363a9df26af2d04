/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cli_help.c - every help text of hactl in one layout,
 * printed from the command table, and "did you mean" for names that are
 * not in it.
 *
 * Layout: a "Usage:" line, the one-line summary, the longer help, then
 * "Commands:" (top), "Verbs:" (a noun) or "Options:" (a verb), each item
 * as two columns, then "Examples:".
 */
#include "config.h"

#include <string.h>

#include "hactl_cli.h"

#define COLUMN 28
#define WIDTH 79

guint
hactl_edit_distance(const char *a, const char *b, guint max)
{
    size_t la = strlen(a), lb = strlen(b);
    g_autofree guint *row = g_new(guint, lb + 1);

    if ((la > lb ? la - lb : lb - la) > max) {
        return max + 1;
    }
    for (size_t j = 0; j <= lb; j++) {
        row[j] = (guint) j;
    }
    for (size_t i = 1; i <= la; i++) {
        guint diag = row[0], best = (guint) i;

        row[0] = (guint) i;
        for (size_t j = 1; j <= lb; j++) {
            guint up = row[j];
            guint cost = (a[i - 1] == b[j - 1]) ? 0 : 1;

            row[j] = MIN(MIN(up + 1, row[j - 1] + 1), diag + cost);
            diag = up;
            best = MIN(best, row[j]);
        }
        if (best > max) {
            return max + 1;
        }
    }
    return row[lb];
}

const char *
hactl_suggest(const char *word, const char *const *candidates)
{
    /* a typo: at most a third of the word's letters, 1 to 3 edits */
    guint max = CLAMP(strlen(word) / 3, 1, 3), best = max + 1;
    const char *hit = NULL;

    while (g_str_has_prefix(word, "-")) {
        word++;
    }
    for (const char *const *c = candidates; c != NULL && *c != NULL; c++) {
        const char *name = *c;
        guint d;

        while (g_str_has_prefix(name, "-")) {
            name++;
        }
        d = hactl_edit_distance(word, name, max);
        if (d < best || (d <= max && g_str_has_prefix(name, word)
                         && hit != NULL && !g_str_has_prefix(hit, word))) {
            best = d;
            hit = *c;
        }
    }
    return hit;
}

void
hactl_say_did_you_mean(const char *word, const char *const *candidates)
{
    const char *hit = hactl_suggest(word, candidates);

    if (hit != NULL) {
        fprintf(stderr, "hactl: did you mean '%s'?\n", hit);
    }
}

void
hactl_say_unknown(const char *what, const char *word,
                  const char *const *candidates)
{
    const char *hit = hactl_suggest(word, candidates);

    if (hit != NULL) {
        fprintf(stderr, "hactl: %s '%s'; did you mean '%s'?\n", what, word,
                hit);
    } else {
        fprintf(stderr, "hactl: %s '%s'\n", what, word);
    }
}

/* Print @text's lines word-wrapped to WIDTH, each after @indent spaces
 * (the first one after what the caller printed). */
static void
wrapped(FILE *out, const char *text, int indent)
{
    g_auto(GStrv) lines = g_strsplit(text != NULL ? text : "", "\n", -1);
    int col = indent;

    for (char **l = lines; *l != NULL; l++) {
        g_auto(GStrv) words = g_strsplit(*l, " ", -1);

        if (l != lines) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        }
        for (char **w = words; *w != NULL; w++) {
            int len = (int) strlen(*w);

            if (col > indent && col + 1 + len > WIDTH) {
                fprintf(out, "\n%*s", indent, "");
                col = indent;
            }
            fprintf(out, "%s%s", col > indent ? " " : "", *w);
            col += (col > indent ? 1 : 0) + len;
        }
    }
    fprintf(out, "\n");
}

/* "  LEFT   text", the text on the next line when LEFT is wide; the
 * text's line breaks are only where it was cut to fit: wrapped again. */
static void
item(FILE *out, const char *left, const char *text)
{
    g_autofree char *flat = g_strdup(text != NULL ? text : "");

    g_strdelimit(flat, "\n", ' ');
    if (strlen(left) + 2 >= COLUMN) {
        fprintf(out, "  %s\n%*s", left, COLUMN + 1, "");
    } else {
        fprintf(out, "  %-*s ", COLUMN - 2, left);
    }
    wrapped(out, flat, COLUMN + 1);
}

/* "noun verb" or "noun" (a noun without verbs). */
static char *
full_name(const struct hactl_noun *n, const struct hactl_verb *v)
{
    if (v == NULL || v->name == NULL) {
        return g_strdup(n->name);
    }
    return g_strdup_printf("%s %s", n->name, v->name);
}

static gboolean
has_options(const struct hactl_verb *v)
{
    return (v->opts != NULL && v->opts[0].name != NULL)
           || (v->flags & HACTL_VERB_WAIT);
}

void
hactl_help_usage_line(FILE *out, const struct hactl_noun *n,
                      const struct hactl_verb *v)
{
    g_autofree char *name = full_name(n, v);

    fprintf(out, "Usage: hactl %s%s%s [OPTIONS]\n", name,
            (v->args != NULL && *v->args) ? " " : "",
            v->args != NULL ? v->args : "");
    fprintf(out, "Run 'hactl %s --help' for more.\n", name);
}

static void
examples(FILE *out, const char *text)
{
    g_auto(GStrv) lines = NULL;

    if (text == NULL) {
        return;
    }
    lines = g_strsplit(text, "\n", -1);
    fprintf(out, "\nExample%s:\n", g_strv_length(lines) > 1 ? "s" : "");
    for (char **l = lines; *l != NULL; l++) {
        fprintf(out, "  %s\n", *l);
    }
}

static char *
option_left(const struct hactl_opt *o)
{
    g_autofree char *letter = (o->letter != 0)
                              ? g_strdup_printf("-%c, ", o->letter)
                              : g_strdup("");

    if (o->type == HACTL_OPT_FLAG) {
        return g_strdup_printf("%s--%s", letter, o->name);
    }
    if (o == &hactl_wait_opt) {
        return g_strdup("--wait[=SECONDS]");
    }
    return g_strdup_printf("%s--%s %s", letter, o->name, o->arg);
}

static void
options(FILE *out, const struct hactl_verb *v)
{
    fprintf(out, "\nOptions:\n");
    for (const struct hactl_opt *o = v->opts; o != NULL && o->name; o++) {
        g_autofree char *left = option_left(o);

        item(out, left, o->help);
    }
    if (v->flags & HACTL_VERB_WAIT) {
        g_autofree char *left = option_left(&hactl_wait_opt);

        item(out, left, hactl_wait_opt.help);
    }
}

void
hactl_help_verb(FILE *out, const struct hactl_noun *n,
                const struct hactl_verb *v)
{
    g_autofree char *name = full_name(n, v);

    fprintf(out, "Usage: hactl %s%s%s%s\n", name,
            (v->args != NULL && *v->args) ? " " : "",
            v->args != NULL ? v->args : "", has_options(v) ? " [OPTIONS]" : "");
    fprintf(out, "%s\n", v->summary);
    if (v->help != NULL) {
        fprintf(out, "\n%s\n", v->help);
    }
    if (has_options(v)) {
        options(out, v);
    }
    examples(out, v->example);
    fprintf(out, "\nGlobal options, anywhere: --output text|json, "
            "-v/--verbose, -h/--help.\n");
}

void
hactl_help_noun(FILE *out, const struct hactl_noun *n)
{
    const struct hactl_verb *sole = hactl_cli_sole_verb(n);

    if (sole != NULL) {
        hactl_help_verb(out, n, sole);
        return;
    }
    fprintf(out, "Usage: hactl %s VERB [ARGUMENTS] [OPTIONS]\n%s\n\nVerbs:\n",
            n->name, n->summary);
    for (const struct hactl_verb *v = n->verbs; v->name != NULL; v++) {
        g_autofree char *left = g_strdup_printf("%s%s%s", v->name,
                                                v->args ? " " : "",
                                                v->args ? v->args : "");

        item(out, left, v->summary);
    }
    if (n->help != NULL) {
        fprintf(out, "\n%s\n", n->help);
    }
    fprintf(out, "\nRun 'hactl %s VERB --help' for a verb's options and "
            "examples.\n", n->name);
}

void
hactl_help_top(FILE *out)
{
    fprintf(out, "Usage: hactl COMMAND [VERB] [ARGUMENTS] [OPTIONS]\n"
            "Manage an ha cluster: its nodes, resources, constraints and "
            "configuration.\n\nCommands:\n");
    for (const struct hactl_noun *const *n = hactl_nouns; *n != NULL; n++) {
        item(out, (*n)->name, (*n)->summary);
    }
    fprintf(out, "\nOptions, anywhere on the line:\n");
    for (const struct hactl_opt *o = hactl_global_opts; o->name; o++) {
        g_autofree char *left = option_left(o);

        item(out, left, o->help);
    }
    item(out, "--version", "print hactl's version");
    fprintf(out, "\nRun 'hactl COMMAND --help' or 'hactl help COMMAND [VERB]' "
            "for more.\n");
}

/* ---- `hactl help --complete WORDS...` ---- */

/* The nouns, or the next word of the verbs of @n that start with the
 * @argc words at @argv ("constraint location" -> "add"). */
static void
complete_names(FILE *out, const struct hactl_noun *n, int argc, char **argv)
{
    if (n == NULL) {
        for (const struct hactl_noun *const *x = hactl_nouns; *x; x++) {
            fprintf(out, "word %s\n", (*x)->name);
        }
        for (const struct hactl_opt *o = hactl_global_opts; o->name; o++) {
            fprintf(out, "opt --%s\n", o->name);
        }
        fprintf(out, "opt --version\n");
        return;
    }
    for (const struct hactl_verb *v = n->verbs; v->name != NULL; v++) {
        g_auto(GStrv) w = g_strsplit(v->name, " ", -1);
        gboolean match = ((int) g_strv_length(w) > argc);

        for (int i = 0; match && i < argc; i++) {
            match = (strcmp(w[i], argv[i]) == 0);
        }
        /* once: the verbs of one first word are next to each other */
        if (match && (v == n->verbs || !g_str_has_prefix(v[-1].name, w[0])
                      || argc > 0)) {
            fprintf(out, "word %s\n", w[argc]);
        }
    }
}

static void
complete_opts(FILE *out, const struct hactl_verb *v)
{
    for (const struct hactl_opt *o = v->opts; o != NULL && o->name; o++) {
        fprintf(out, "opt --%s\n", o->name);
    }
    if (v->flags & HACTL_VERB_WAIT) {
        fprintf(out, "opt --wait\n");
    }
    fprintf(out, "opt --help\n");
}

/* The placeholder of positional argument @k of @v ("" past the end). */
static void
complete_arg(FILE *out, const struct hactl_verb *v, int k)
{
    g_auto(GStrv) w = g_strsplit(v->args != NULL ? v->args : "", " ", -1);
    int at = 0;

    for (char **x = w; *x != NULL; x++) {
        if (**x == '\0' || **x == '|' || **x == '-') {
            continue;
        }
        if (at == k || strstr(*x, "...") != NULL) {
            fprintf(out, "arg %s\n", *x);
            return;
        }
        at++;
    }
}

/*
 * What may follow the words @argv (typed before the one being completed),
 * one a line: "word W" (a command or a verb's next word), "at NOUN VERB"
 * (the command the words name), "opt --O" (an option), "arg PLACEHOLDER"
 * (what the next positional argument is: NODE, ID, FILE ...), "val
 * PLACEHOLDER" (the last word is an option: what its value is, maybe
 * choices a|b|c).
 */
void
hactl_help_complete(FILE *out, int argc, char **argv)
{
    const struct hactl_noun *n = NULL;
    const struct hactl_verb *v = NULL;
    int k = 0, used = 0, verb_at = argc;

    for (int i = 0; i < argc; i++) {
        const struct hactl_opt *o = NULL;

        if (g_str_has_prefix(argv[i], "--")) {
            o = hactl_cli_opt(v, argv[i] + 2);
            if (o != NULL && o->type != HACTL_OPT_FLAG && o != &hactl_wait_opt
                && i + 1 == argc) {
                if (n != NULL && v != NULL) {
                    fprintf(out, "at %s %s\n", n->name,
                            v->name != NULL ? v->name : "-");
                }
                fprintf(out, "val %s\n", o->arg);
                return;
            }
            i += (o != NULL && o->type != HACTL_OPT_FLAG
                  && o != &hactl_wait_opt);
        } else if (n == NULL) {
            n = hactl_cli_noun(argv[i]);
            if (n == NULL) {
                return;
            }
            v = hactl_cli_sole_verb(n);
        } else if (v == NULL) {
            v = hactl_cli_verb(n, argc - i, argv + i, &used);
            if (v == NULL) {
                verb_at = i;
                break;
            }
            i += used - 1;
        } else {
            k++;
        }
    }
    if (v == NULL) {
        complete_names(out, n, argc - verb_at, argv + verb_at);
        return;
    }
    fprintf(out, "at %s %s\n", n->name, v->name != NULL ? v->name : "-");
    complete_opts(out, v);
    complete_arg(out, v, k);
}
