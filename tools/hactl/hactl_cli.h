/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_cli.h - hactl's command line as data.
 *
 * Every command is a row of a table: a noun (hactl.c lists them) and its
 * verbs (each noun's file holds its own), each verb with its positional
 * arguments, its options and their types, its handler and its help.  One
 * parser (hactl_cli.c) reads every command line against the table; one
 * printer (hactl_cli_help.c) prints every help text in the same layout.
 *
 * Invariants:
 *  - A handler runs only with a line the table accepts: a known noun and
 *    verb, only the verb's options (each with a value when its type takes
 *    one, the value among its choices when it lists them), and a number of
 *    positional arguments within what the verb's synopsis allows.  Anything
 *    else exits HACTL_EXIT_USAGE with a "did you mean" when a known name is
 *    close, before any request to hacd.
 *  - --output text|json, -v/--verbose and --help are accepted anywhere on
 *    the line; --wait[=SECONDS] anywhere after the noun for the verbs that
 *    take it (HACTL_VERB_WAIT).  `--` ends the options.
 *  - A word is an option when it starts with "--" or is "-" and one
 *    letter; "-INFINITY" or "-5" are positional arguments.
 */
#ifndef HA_HACTL_CLI_H
#define HA_HACTL_CLI_H

#include <stdio.h>

#include "hactl.h"

G_BEGIN_DECLS

enum hactl_opt_type {
    HACTL_OPT_FLAG,     /* --force */
    HACTL_OPT_VALUE,    /* --node NODE or --node=NODE; the last one counts */
    HACTL_OPT_LIST,     /* --op SPEC, repeatable; every value in order */
};

struct hactl_opt {
    const char *name;           /* without the leading "--" */
    enum hactl_opt_type type;
    const char *arg;            /* its placeholder ("NODE") or choices
                                 * ("reboot|forever": checked) */
    const char *help;           /* one line */
    unsigned flags;             /* enum hactl_opt_flags */
    char letter;                /* its short form ('x': -x), or 0 */
};

enum hactl_opt_flags {
    /* the choices in arg are shown, the handler checks the value (with
     * its own exit code) */
    HACTL_OPT_HANDLER_CHECKS = 1 << 0,
};

/* What the parser hands a handler. */
struct hactl_args {
    int argc;                   /* positional arguments only */
    char **argv;                /* NULL-terminated, borrowed from main */
    double wait_s;              /* --wait[=S]; 0 when not given */
    GHashTable *values;         /* option name -> GPtrArray of values */
    const char *noun;
    const struct hactl_verb *verb;
};

typedef int (*hactl_verb_fn)(const struct hactl_globals *g,
                             const struct hactl_args *a);

enum hactl_verb_flags {
    HACTL_VERB_WAIT = 1 << 0,   /* accepts --wait[=SECONDS] */
};

struct hactl_verb {
    const char *name;           /* "standby", "location add"; NULL for the
                                 * only verb of a noun without verbs */
    const char *args;           /* synopsis of the positional arguments:
                                 * "NODE NAME [VALUE]", "ID NAME=VALUE..." */
    const struct hactl_opt *opts;   /* ends with a { NULL } row; or NULL */
    hactl_verb_fn run;
    unsigned flags;
    const char *summary;        /* one line */
    const char *help;           /* more lines, or NULL */
    const char *example;        /* "hactl node standby node2 --wait" ... */
    int usage_exit;             /* exit code of a bad line when not
                                 * HACTL_EXIT_USAGE (0: that one) */
    const char *usage_exit_opt; /* ... only when this option is given */
};

struct hactl_noun {
    const char *name;
    const char *summary;        /* one line for `hactl --help` */
    const struct hactl_verb *verbs;     /* ends with a { NULL, NULL } row
                                         * (or holds one NULL-named verb) */
    const char *help;           /* a note under the noun's verbs, or NULL */
};

/* The nouns (hactl.c), in the order `hactl --help` lists them. */
extern const struct hactl_noun *const hactl_nouns[];

/* Each noun's table (its own file). */
extern const struct hactl_noun hactl_noun_node;
extern const struct hactl_noun hactl_noun_property;
extern const struct hactl_noun hactl_noun_metrics;
extern const struct hactl_noun hactl_noun_report;
extern const struct hactl_noun hactl_noun_agent;
extern const struct hactl_noun hactl_noun_clone;
extern const struct hactl_noun hactl_noun_group;
extern const struct hactl_noun hactl_noun_defaults;
extern const struct hactl_noun hactl_noun_status;
extern const struct hactl_noun hactl_noun_config;
extern const struct hactl_noun hactl_noun_constraint;
extern const struct hactl_noun hactl_noun_resource;
extern const struct hactl_noun hactl_noun_stonith;
extern const struct hactl_noun hactl_noun_simulate;
extern const struct hactl_noun hactl_noun_why;
extern const struct hactl_noun hactl_noun_cluster;

/** Parse @argv (main's) against the table and run the command; the exit
 * code. */
int hactl_cli_main(int argc, char **argv);

/* Option values of a parsed line. */
gboolean hactl_arg_flag(const struct hactl_args *a, const char *name);
/** The last value given, or NULL. */
const char *hactl_arg_value(const struct hactl_args *a, const char *name);
/** Every value given in order (NULL-terminated, borrowed; never NULL). */
const char *const *hactl_arg_list(const struct hactl_args *a,
                                  const char *name);

/* ---- help and suggestions (hactl_cli_help.c) ---- */

/** The number of single-character edits from @a to @b (Levenshtein),
 * computed up to @max + 1. */
guint hactl_edit_distance(const char *a, const char *b, guint max);
/** The candidate closest to @word if it is close enough to be a likely
 * typo, else NULL. */
const char *hactl_suggest(const char *word, const char *const *candidates);
/** Print "hactl: WHAT 'WORD'" and ", did you mean 'X'?" when one of
 * @candidates is close, to stderr. */
/** "hactl: did you mean 'X'?" on its own line when one of @candidates is
 * close to @word (an id a command did not find). */
void hactl_say_did_you_mean(const char *word,
                            const char *const *candidates);
void hactl_say_unknown(const char *what, const char *word,
                       const char *const *candidates);

void hactl_help_top(FILE *out);
void hactl_help_noun(FILE *out, const struct hactl_noun *n);
void hactl_help_verb(FILE *out, const struct hactl_noun *n,
                     const struct hactl_verb *v);
/** "Usage: hactl NOUN VERB ARGS [OPTIONS]" and where to read more. */
void hactl_help_usage_line(FILE *out, const struct hactl_noun *n,
                           const struct hactl_verb *v);
/** `hactl help --complete [NOUN [VERB...]]`: the words that may follow,
 * one a line (for the bash completion). */
void hactl_help_complete(FILE *out, int argc, char **argv);

/* Table walks shared by the parser and the help. */
const struct hactl_noun *hactl_cli_noun(const char *name);
/** The verb named by the words at @argv (one or two of them); *ret_words
 * says how many it took.  NULL when none. */
const struct hactl_verb *hactl_cli_verb(const struct hactl_noun *n, int argc,
                                        char **argv, int *ret_words);
/** The noun's only verb when it has no verbs, else NULL. */
const struct hactl_verb *hactl_cli_sole_verb(const struct hactl_noun *n);
/** The option @name of @v or a global one, or NULL. */
const struct hactl_opt *hactl_cli_opt(const struct hactl_verb *v,
                                      const char *name);
/** The global options (those every verb accepts). */
extern const struct hactl_opt hactl_global_opts[];
extern const struct hactl_opt hactl_wait_opt;

G_END_DECLS

#endif /* HA_HACTL_CLI_H */
