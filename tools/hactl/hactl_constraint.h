/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * tools/hactl/hactl_constraint.h - the parts of `hactl constraint` that
 * translate between what users type and CIB XML: location rules
 * (hactl_constraint_rule.c) and resource sets (hactl_constraint_set.c),
 * and the listing (hactl_constraint_list.c).
 *
 * Parsers build detached XML (no document): the caller copies it into
 * the configuration inside its hactl_edit() function.  They print why
 * they refuse an input on stderr and return -EINVAL (not valid) or
 * -HA_EUNSUPPORTED (valid, but the scheduler does not evaluate it).
 */
#ifndef HA_HACTL_CONSTRAINT_H
#define HA_HACTL_CONSTRAINT_H

#include <glib.h>
#include <json-glib/json-glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

struct hactl_globals;

/** `constraint list` (hactl_constraint_list.c): an exit code. */
int hactl_constraint_list(const struct hactl_globals *g);

/**
 * Parse a rule of hactl's expression language into <rule id=@rule_id>
 * with its <expression> / <date_expression> children.
 *
 * @param[in]  text      e.g. "pingd gt 0 and site eq east"
 * @param[in]  rule_id   id of the rule; children get @rule_id-expr[-N]
 * @param[out] ret_rule  a detached node the caller frees (on success)
 *
 * @return 0, -EINVAL or -HA_EUNSUPPORTED (message printed)
 */
int hactl_rule_parse(const char *text, const char *rule_id,
                     xmlNode **ret_rule);

/** A <rule> in the expression language (caller frees). */
char *hactl_rule_text(const xmlNode *rule);

/** Add a <rule> as a JSON object (attributes, "expression" text). */
void hactl_rule_json(JsonBuilder *b, const xmlNode *rule);

/**
 * Parse a --set value: resource ids and NAME=VALUE options.
 *
 * @param[in]  text      e.g. "A B sequential=false role=Promoted"
 * @param[in]  order     TRUE for an order set, FALSE for a colocation set
 * @param[in]  set_id    id of the <resource_set>
 * @param[out] ret_set   a detached node the caller frees (on success)
 *
 * @return 0, -EINVAL or -HA_EUNSUPPORTED (message printed)
 */
int hactl_set_parse(const char *text, gboolean order, const char *set_id,
                    xmlNode **ret_set);

/** "[A B sequential=false]" for a <resource_set> (caller frees). */
char *hactl_set_text(const xmlNode *set);

/** Add a <resource_set> as a JSON object (attributes, "resources"). */
void hactl_set_json(JsonBuilder *b, const xmlNode *set);

G_END_DECLS

#endif /* HA_HACTL_CONSTRAINT_H */
