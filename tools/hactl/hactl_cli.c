/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cli.c - the one parser of hactl's command lines
 * (see hactl_cli.h for what it accepts).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "common/log.h"
#include "hactl_cli.h"

const struct hactl_opt hactl_global_opts[] = {
    { "output", HACTL_OPT_VALUE, "text|json", "print text (default) or one "
      "JSON envelope" },
    { "verbose", HACTL_OPT_FLAG, NULL, "say more (also -v)" },
    { "help", HACTL_OPT_FLAG, NULL, "print this help (also -h)" },
    { NULL },
};

const struct hactl_opt hactl_wait_opt = {
    "wait", HACTL_OPT_VALUE, "SECONDS", "then wait until the cluster "
    "settled (up to " G_STRINGIFY(HACTL_WAIT_DEFAULT_S) " s)"
};

struct parse {
    const struct hactl_noun *noun;
    const struct hactl_verb *verb;
    const char *verb_word;      /* the word that named it */
    gboolean help, version, json, verbose, wait;
    double wait_s;
    GPtrArray *pos;             /* positional words */
    GHashTable *values;         /* option name -> GPtrArray of values,
                                 * NULL-terminated */
};

static void
parse_clear(struct parse *p)
{
    g_clear_pointer(&p->pos, g_ptr_array_unref);
    g_clear_pointer(&p->values, g_hash_table_unref);
}

const struct hactl_noun *
hactl_cli_noun(const char *name)
{
    for (const struct hactl_noun *const *n = hactl_nouns; *n != NULL; n++) {
        if (strcmp((*n)->name, name) == 0) {
            return *n;
        }
    }
    return NULL;
}

const struct hactl_verb *
hactl_cli_sole_verb(const struct hactl_noun *n)
{
    return (n->verbs[0].name == NULL) ? &n->verbs[0] : NULL;
}

const struct hactl_verb *
hactl_cli_verb(const struct hactl_noun *n, int argc, char **argv,
               int *ret_words)
{
    const struct hactl_verb *best = NULL;

    *ret_words = 0;
    for (const struct hactl_verb *v = n->verbs; argc > 0 && v->name != NULL;
         v++) {
        g_auto(GStrv) w = g_strsplit(v->name, " ", -1);
        int k = (int) g_strv_length(w);
        gboolean match = (k <= argc);

        for (int i = 0; match && i < k; i++) {
            match = (strcmp(w[i], argv[i]) == 0);
        }
        if (match && k > *ret_words) {
            best = v;
            *ret_words = k;
        }
    }
    return best;
}

static const struct hactl_opt *
find_opt(const struct hactl_opt *opts, const char *name)
{
    for (const struct hactl_opt *o = opts; o != NULL && o->name != NULL; o++) {
        if (strcmp(o->name, name) == 0) {
            return o;
        }
    }
    return NULL;
}

const struct hactl_opt *
hactl_cli_opt(const struct hactl_verb *v, const char *name)
{
    const struct hactl_opt *o = find_opt(hactl_global_opts, name);

    if (o == NULL && v != NULL) {
        o = find_opt(v->opts, name);
    }
    if (o == NULL && v != NULL && (v->flags & HACTL_VERB_WAIT)
        && strcmp(name, "wait") == 0) {
        o = &hactl_wait_opt;
    }
    return o;
}

/* Whether @w is an option word (see the header). */
static gboolean
is_option(const char *w)
{
    return (g_str_has_prefix(w, "--") && w[2] != '\0')
           || (w[0] == '-' && g_ascii_isalpha(w[1]) && w[2] == '\0');
}

/* The option of @v (or a global one) whose short form is @letter. */
static const struct hactl_opt *
find_letter(const struct hactl_verb *v, char letter)
{
    for (const struct hactl_opt *o = v != NULL ? v->opts : NULL;
         o != NULL && o->name != NULL; o++) {
        if (o->letter == letter) {
            return o;
        }
    }
    return NULL;
}

/* The long name of an option word ("-v" -> "verbose"), owned. */
static char *
option_name(const struct hactl_verb *v, const char *w,
            const char **ret_inline)
{
    const char *eq;

    *ret_inline = NULL;
    if (w[1] != '-') {
        const struct hactl_opt *o = find_letter(v, w[1]);

        return g_strdup(o != NULL ? o->name : w[1] == 'v' ? "verbose"
                        : w[1] == 'h' ? "help" : w);
    }
    eq = strchr(w, '=');
    if (eq != NULL) {
        *ret_inline = eq + 1;
        return g_strndup(w + 2, eq - w - 2);
    }
    return g_strdup(w + 2);
}

static void
say_unknown_option(const struct parse *p, const char *word)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);
    const struct hactl_opt *sets[] = { hactl_global_opts,
                                       p->verb != NULL ? p->verb->opts : NULL };

    for (guint s = 0; s < G_N_ELEMENTS(sets); s++) {
        for (const struct hactl_opt *o = sets[s]; o && o->name; o++) {
            g_ptr_array_add(names, g_strdup_printf("--%s", o->name));
        }
    }
    if (p->verb != NULL && (p->verb->flags & HACTL_VERB_WAIT)) {
        g_ptr_array_add(names, g_strdup("--wait"));
    }
    g_ptr_array_add(names, NULL);
    {
        g_autofree char *what = g_strdup_printf(
            "%s%s%s%sunknown option", p->noun ? p->noun->name : "",
            p->verb && p->verb->name ? " " : "",
            p->verb && p->verb->name ? p->verb->name : "",
            p->noun ? ": " : "");

        hactl_say_unknown(what, word, (const char *const *) names->pdata);
    }
}

/* A global option's effect; FALSE when @o is not one of them. */
static gboolean
global_option(struct parse *p, const struct hactl_opt *o, const char *value)
{
    if (strcmp(o->name, "output") == 0) {
        p->json = (strcmp(value, "json") == 0);
    } else if (strcmp(o->name, "verbose") == 0) {
        p->verbose = TRUE;
    } else if (strcmp(o->name, "help") == 0) {
        p->help = TRUE;
    } else if (o == &hactl_wait_opt) {
        p->wait = TRUE;
    } else {
        return FALSE;
    }
    return TRUE;
}

static gboolean
choice_ok(const struct hactl_opt *o, const char *value)
{
    g_auto(GStrv) choices = NULL;

    if (o->arg == NULL || strchr(o->arg, '|') == NULL
        || (o->flags & HACTL_OPT_HANDLER_CHECKS)) {
        return TRUE;
    }
    choices = g_strsplit(o->arg, "|", -1);
    if (g_strv_contains((const char *const *) choices, value)) {
        return TRUE;
    }
    fprintf(stderr, "hactl: --%s: '%s' is not one of %s\n", o->name, value,
            o->arg);
    return FALSE;
}

/* --wait or --wait=S (never "--wait S": S would read as an argument). */
static int
take_wait(struct parse *p, const char *word)
{
    if (hactl_parse_wait(word, &p->wait_s) < 0) {
        fprintf(stderr, "hactl: bad %s (want --wait or --wait=SECONDS)\n",
                word);
        return HACTL_EXIT_USAGE;
    }
    p->wait = TRUE;
    return 0;
}

/* One option word at argv[*i] (its value may be the next word). */
static int
take_option(struct parse *p, int argc, char **argv, int *i)
{
    const char *word = argv[*i], *value = NULL;
    g_autofree char *name = option_name(p->verb, word, &value);
    const struct hactl_opt *o = NULL;
    GPtrArray *vals;

    if (strcmp(name, "version") == 0 && p->noun == NULL) {
        p->version = TRUE;
        return 0;
    }
    o = hactl_cli_opt(p->verb, name);
    if (o == &hactl_wait_opt || (p->verb == NULL && strcmp(name, "wait") == 0)) {
        /* before the verb: checked once the verb is known */
        return take_wait(p, word);
    }
    if (o == NULL) {
        say_unknown_option(p, word);
        return HACTL_EXIT_USAGE;
    }
    if (o->type == HACTL_OPT_FLAG && value != NULL) {
        fprintf(stderr, "hactl: --%s takes no value\n", o->name);
        return HACTL_EXIT_USAGE;
    }
    if (o->type != HACTL_OPT_FLAG && value == NULL) {
        if (*i + 1 >= argc) {
            fprintf(stderr, "hactl: --%s needs a value (%s)\n", o->name,
                    o->arg);
            return HACTL_EXIT_USAGE;
        }
        value = argv[++*i];
    }
    if (value != NULL && !choice_ok(o, value)) {
        return HACTL_EXIT_USAGE;
    }
    if (global_option(p, o, value)) {
        return 0;
    }
    vals = g_hash_table_lookup(p->values, o->name);
    if (vals == NULL) {
        vals = g_ptr_array_new();
        g_hash_table_insert(p->values, (char *) o->name, vals);
    } else {
        g_ptr_array_set_size(vals, vals->len - 1);      /* the NULL */
    }
    g_ptr_array_add(vals, (char *) (value != NULL ? value : ""));
    g_ptr_array_add(vals, NULL);
    return 0;
}

static void
say_unknown_word(const char *what, const char *word,
                 const struct hactl_noun *n)
{
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func(g_free);

    if (n == NULL) {
        for (const struct hactl_noun *const *x = hactl_nouns; *x; x++) {
            g_ptr_array_add(names, g_strdup((*x)->name));
        }
        g_ptr_array_add(names, g_strdup("help"));
    } else {
        for (const struct hactl_verb *v = n->verbs; v->name != NULL; v++) {
            const char *sp = strchr(v->name, ' ');

            g_ptr_array_add(names, g_strdup(v->name));
            if (sp != NULL && strchr(word, ' ') == NULL) {
                g_ptr_array_add(names, g_strndup(v->name, sp - v->name));
            }
        }
    }
    g_ptr_array_add(names, NULL);
    hactl_say_unknown(what, word, (const char *const *) names->pdata);
}

/* Whether @word is the first of a verb of two words ("resource set"). */
static gboolean
starts_verb(const struct hactl_noun *n, const char *word)
{
    size_t len = strlen(word);

    for (const struct hactl_verb *v = n->verbs; v->name != NULL; v++) {
        if (strncmp(v->name, word, len) == 0 && v->name[len] == ' ') {
            return TRUE;
        }
    }
    return FALSE;
}

/* No verb of the noun at @argv: say what is close. */
static int
unknown_verb(const struct parse *p, int argc, char **argv)
{
    g_autofree char *what = g_strdup_printf("%s: unknown verb",
                                            p->noun->name);
    g_autofree char *two = NULL;

    if (starts_verb(p->noun, argv[0]) && (argc < 2 || is_option(argv[1]))) {
        fprintf(stderr, "hactl: %s %s: which verb?\n", p->noun->name,
                argv[0]);
        hactl_help_noun(stderr, p->noun);
        return HACTL_EXIT_USAGE;
    }
    if (starts_verb(p->noun, argv[0])) {
        two = g_strdup_printf("%s %s", argv[0], argv[1]);
    }
    say_unknown_word(what, two != NULL ? two : argv[0], p->noun);
    return HACTL_EXIT_USAGE;
}

/* The word at argv[*i] names the noun or the verb. */
static int
take_name(struct parse *p, int argc, char **argv, int *i)
{
    int used = 0;

    if (p->noun == NULL && strcmp(argv[*i], "help") == 0) {
        p->help = TRUE;
        return 0;
    }
    if (p->noun == NULL) {
        p->noun = hactl_cli_noun(argv[*i]);
        if (p->noun == NULL) {
            say_unknown_word("unknown command", argv[*i], NULL);
            return HACTL_EXIT_USAGE;
        }
        p->verb = hactl_cli_sole_verb(p->noun);
        return 0;
    }
    p->verb = hactl_cli_verb(p->noun, argc - *i, argv + *i, &used);
    if (p->verb == NULL) {
        return unknown_verb(p, argc - *i, argv + *i);
    }
    p->verb_word = argv[*i];
    *i += used - 1;
    return 0;
}

/* When help is asked for, only the noun and the verb count: skip an
 * option word and the value it takes. */
static void
skip_option(const struct parse *p, int argc, char **argv, int *i)
{
    const char *value = NULL;
    g_autofree char *name = option_name(p->verb, argv[*i], &value);
    const struct hactl_opt *o = hactl_cli_opt(p->verb, name);

    if (o != NULL && o != &hactl_wait_opt && o->type != HACTL_OPT_FLAG
        && value == NULL && *i + 1 < argc) {
        (*i)++;
    }
}

/* Walk the line: options, the noun, the verb, positional arguments. */
static int
walk(struct parse *p, int argc, char **argv)
{
    gboolean rest = FALSE;

    for (int i = 1; i < argc; i++) {
        int code = 0;

        if (!rest && strcmp(argv[i], "--") == 0 && p->verb != NULL) {
            rest = TRUE;
        } else if (!rest && is_option(argv[i]) && p->help) {
            skip_option(p, argc, argv, &i);
        } else if (!rest && is_option(argv[i])) {
            code = take_option(p, argc, argv, &i);
        } else if (p->verb == NULL) {
            code = take_name(p, argc, argv, &i);
        } else if (p->help) {
            break;
        } else {
            g_ptr_array_add(p->pos, argv[i]);
        }
        if (code != 0) {
            return code;
        }
    }
    return 0;
}

/* The bounds of the positional arguments the synopsis @args allows: a
 * word inside [ ] is optional, "..." repeats. */
static void
arity(const char *args, int *ret_min, int *ret_max)
{
    g_auto(GStrv) w = g_strsplit(args != NULL ? args : "", " ", -1);
    int depth = 0;

    *ret_min = 0;
    *ret_max = 0;
    for (char **x = w; *x != NULL; x++) {
        gboolean skip = (**x == '\0' || **x == '|' || **x == '-');

        if (!skip && strstr(*x, "...") != NULL) {
            *ret_max = G_MAXINT;
        } else if (!skip && *ret_max < G_MAXINT) {
            (*ret_max)++;
        }
        if (!skip && depth == 0 && **x != '[') {
            (*ret_min)++;
        }
        for (const char *c = *x; *c != '\0'; c++) {
            depth += (*c == '[') - (*c == ']');
        }
    }
}

static int
check_arity(const struct parse *p)
{
    int min = 0, max = 0;

    arity(p->verb->args, &min, &max);
    if ((int) p->pos->len >= min && (int) p->pos->len <= max) {
        return 0;
    }
    if ((int) p->pos->len < min) {
        fprintf(stderr, "hactl: %s%s%s: missing arguments\n", p->noun->name,
                p->verb->name ? " " : "", p->verb->name ? p->verb->name : "");
    } else {
        fprintf(stderr, "hactl: %s%s%s: unexpected argument '%s'\n",
                p->noun->name, p->verb->name ? " " : "",
                p->verb->name ? p->verb->name : "",
                (const char *) p->pos->pdata[max]);
    }
    hactl_help_usage_line(stderr, p->noun, p->verb);
    return HACTL_EXIT_USAGE;
}

/* "noun verb" for the JSON envelope (the verb's first word). */
static char *
command_name(const struct parse *p)
{
    if (p->noun == NULL) {
        return g_strdup("");
    }
    if (p->verb_word != NULL) {
        return g_strdup_printf("%s %s", p->noun->name, p->verb_word);
    }
    return g_strdup(p->noun->name);
}

/* Help asked for: of the deepest level the line names. */
static int
print_help(const struct parse *p)
{
    if (p->noun == NULL) {
        hactl_help_top(stdout);
    } else if (p->verb == NULL) {
        hactl_help_noun(stdout, p->noun);
    } else {
        hactl_help_verb(stdout, p->noun, p->verb);
    }
    return HACTL_EXIT_OK;
}

/* A bad line's exit code: some verbs answer monitoring systems, which
 * read any other code as a state (status --check). */
static int
usage_code(const struct parse *p, int argc, char **argv)
{
    const struct hactl_verb *v = p->verb;

    if (v == NULL || v->usage_exit == 0) {
        return HACTL_EXIT_USAGE;
    }
    for (int i = 1; v->usage_exit_opt != NULL && i < argc; i++) {
        if (g_str_has_prefix(argv[i], "--")
            && strcmp(argv[i] + 2, v->usage_exit_opt) == 0) {
            return v->usage_exit;
        }
    }
    return (v->usage_exit_opt == NULL) ? v->usage_exit : HACTL_EXIT_USAGE;
}

/* Before the walk: --output json and --help anywhere (up to "--"). */
static void
prescan(struct parse *p, int argc, char **argv)
{
    for (int i = 1; i < argc && strcmp(argv[i], "--") != 0; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0
            || (i == 1 && strcmp(argv[i], "help") == 0)) {
            p->help = TRUE;
        } else if (strcmp(argv[i], "--output=json") == 0
                   || (strcmp(argv[i], "--output") == 0 && i + 1 < argc
                       && strcmp(argv[i + 1], "json") == 0)) {
            p->json = TRUE;
        }
    }
}

static int
run(struct parse *p)
{
    struct hactl_globals g = { .json = p->json, .verbose = p->verbose };
    struct hactl_args a = {
        .argc = (int) p->pos->len, .wait_s = p->wait_s, .values = p->values,
        .noun = p->noun->name, .verb = p->verb,
    };

    g_ptr_array_add(p->pos, NULL);
    a.argv = (char **) p->pos->pdata;
    return p->verb->run(&g, &a);
}

/* The walk done: what the line asks for, or why it cannot run. */
static int
dispatch(struct parse *p, int argc, char **argv)
{
    int code = 0;

    if (p->noun == NULL) {
        hactl_help_top(stderr);
        return HACTL_EXIT_USAGE;
    }
    if (p->verb == NULL) {
        fprintf(stderr, "hactl: %s: which verb?\n", p->noun->name);
        hactl_help_noun(stderr, p->noun);
        return HACTL_EXIT_USAGE;
    }
    if (p->wait && !(p->verb->flags & HACTL_VERB_WAIT)) {
        say_unknown_option(p, "--wait");
        return usage_code(p, argc, argv);
    }
    code = check_arity(p);
    if (code != 0) {
        return usage_code(p, argc, argv);
    }
    return run(p);
}

int
hactl_cli_main(int argc, char **argv)
{
    struct parse p = {
        .pos = g_ptr_array_new(),
        .values = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                        (GDestroyNotify) g_ptr_array_unref),
    };
    int code = 0;

    if (argc > 2 && strcmp(argv[1], "help") == 0
        && strcmp(argv[2], "--complete") == 0) {
        hactl_help_complete(stdout, argc - 3, argv + 3);
        parse_clear(&p);
        return HACTL_EXIT_OK;
    }
    prescan(&p, argc, argv);
    if (p.json && !p.help) {
        hactl_json_begin("");
    }
    code = walk(&p, argc, argv);
    if (p.json && !p.help) {
        g_autofree char *name = command_name(&p);

        hactl_json_set_command(name);
    }
    if (p.version && code == 0) {
        printf("hactl (%s) %s\n", PACKAGE_NAME, PACKAGE_VERSION);
    } else if (p.help && code == 0) {
        code = print_help(&p);
    } else if (code != 0) {
        code = usage_code(&p, argc, argv);
    } else {
        code = dispatch(&p, argc, argv);
    }
    parse_clear(&p);
    return hactl_json_end(code);
}

gboolean
hactl_arg_flag(const struct hactl_args *a, const char *name)
{
    return g_hash_table_contains(a->values, name);
}

const char *
hactl_arg_value(const struct hactl_args *a, const char *name)
{
    GPtrArray *v = g_hash_table_lookup(a->values, name);

    return (v != NULL) ? v->pdata[v->len - 2] : NULL;
}

const char *const *
hactl_arg_list(const struct hactl_args *a, const char *name)
{
    static const char *const none[] = { NULL };
    GPtrArray *v = g_hash_table_lookup(a->values, name);

    return (v != NULL) ? (const char *const *) v->pdata : none;
}
