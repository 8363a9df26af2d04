/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* tools/hactl/hactl_agent.h - what `agent test` shares with the rest of
 * `hactl agent` (hactl_agent.c). */
#ifndef HA_HACTL_AGENT_H
#define HA_HACTL_AGENT_H

#include <glib.h>
#include <libxml/tree.h>

#include "exec/exec_action.h"

G_BEGIN_DECLS

/* How long one agent action may run unless --timeout says otherwise. */
#define AGENT_TIMEOUT_MS 20000

struct hactl_globals;

/** A request for @action of @agent (ocf:P:T, stonith:X, lsb:X), or NULL
 * with *ret_rc. */
ha_exec_request_t *hactl_agent_request(const char *agent, const char *action,
                                       guint interval_ms, guint timeout_ms,
                                       int *ret_rc);
/** Run @agent's meta-data action and parse what it printed. */
int hactl_agent_metadata(const char *agent, xmlDoc **ret_doc);
/** Parse meta-data text (its DOCTYPE line, if any, is not read). */
int hactl_agent_metadata_parse(const char *text, xmlDoc **ret_doc,
                               char **ret_error);
/** The raw meta-data an agent prints (*ret_text owned by the caller). */
int hactl_agent_metadata_text(const char *agent, char **ret_text);
struct hactl_args;
/** `hactl agent test AGENT [NAME=VALUE...] [--timeout MS]`. */
int hactl_agent_test(const struct hactl_globals *g,
                     const struct hactl_args *a);

G_END_DECLS

#endif /* HA_HACTL_AGENT_H */
