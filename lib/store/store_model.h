/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_model.h - the typed, immutable snapshot of a CIB.
 *
 * A snapshot is what the scheduler reads: nodes, resources (a tree of
 * primitives, groups and clones), operations, attribute sets with their
 * rules, constraints (resource sets already expanded into pairs), cluster
 * properties, and the status section (node states, transient attributes,
 * operation history).  Everything is addressed by integer index; strings are
 * interned in the snapshot and live as long as it does.
 *
 * Invariants:
 *  - A snapshot is never modified after ha_store_model_parse_*() returns;
 *    every pointer reachable from it is owned by it and is const for users.
 *  - Indices are dense: nodes[0..n_nodes), rscs[0..n_rscs) (configuration
 *    order, parents before children), ...  HA_MODEL_NONE marks "no index".
 *  - The history of one (node, resource) pair is sorted by call-id
 *    (pending operations, call-id -1, last).
 *  - Legacy forms are normalised while parsing: a <master> is a clone with
 *    promotable=true, role names Master/Slave read as Promoted/Unpromoted.
 *  - Elements the scheduler does not implement (bundles, templates,
 *    tickets, remote/guest nodes, ...) are listed in unsupported[] so that
 *    callers can refuse the input rather than answer wrongly.
 */
#ifndef HA_STORE_MODEL_H
#define HA_STORE_MODEL_H

#include <glib.h>

G_BEGIN_DECLS

#define HA_MODEL_NONE G_MAXUINT32

/** One name/value pair (both interned, never NULL). */
struct ha_model_nvpair {
    const char *name;
    const char *value;
};

enum ha_model_expr_kind {
    HA_EXPR_ATTR,      /* <expression attribute= operation= value= type=> */
    HA_EXPR_DATE,      /* <date_expression> */
    HA_EXPR_RULE,      /* a nested <rule> */
    HA_EXPR_RSC,       /* <rsc_expression class= provider= type=> */
    HA_EXPR_OP,        /* <op_expression name= interval=> */
};

struct ha_model_rule;

/** One condition of a rule; unused fields are NULL. */
struct ha_model_expr {
    enum ha_model_expr_kind kind;
    const char *attribute;      /* ATTR */
    const char *operation;      /* ATTR, DATE */
    const char *value;          /* ATTR */
    const char *type;           /* ATTR: string, integer, number, version */
    const char *value_source;   /* ATTR: literal, param, meta */
    const char *start;          /* DATE */
    const char *end;            /* DATE */
    const struct ha_model_nvpair *spec;  /* DATE: date_spec or duration */
    guint n_spec;
    gboolean spec_is_duration;
    const char *klass, *provider, *agent;  /* RSC */
    const char *op_name;                   /* OP */
    const char *op_interval;               /* OP */
    const struct ha_model_rule *rule;      /* RULE */
};

/** A <rule>: expressions joined by and/or, with an optional score. */
struct ha_model_rule {
    const char *id;
    int score;                  /* 0 unless score= given */
    const char *score_attribute;
    const char *role;           /* normalised role name or NULL */
    gboolean is_or;             /* boolean-op="or" */
    guint n_exprs;
    const struct ha_model_expr *exprs;
};

/** An attribute set (instance_attributes, meta_attributes, ...). */
struct ha_model_nvset {
    const char *id;
    int score;                  /* set precedence, higher first */
    const struct ha_model_rule *rule;    /* NULL: always applies */
    guint n;
    const struct ha_model_nvpair *pairs;
};

/** The attribute sets of one element, in document order. */
struct ha_model_attrs {
    guint n_sets;
    const struct ha_model_nvset *sets;
};

/** An <op> of a resource's <operations>. */
struct ha_model_op {
    const char *id;
    const char *name;
    guint64 interval_ms;
    const char *role;           /* normalised, or NULL */
    struct ha_model_attrs meta; /* first set: the op's own XML attributes */
    struct ha_model_attrs params;
};

enum ha_model_rsc_kind {
    HA_RSC_PRIMITIVE,
    HA_RSC_GROUP,
    HA_RSC_CLONE,
};

struct ha_model_rsc {
    const char *id;
    enum ha_model_rsc_kind kind;
    guint parent;               /* HA_MODEL_NONE for top level */
    guint n_children;
    const guint *children;
    const char *klass, *provider, *type;   /* primitives */
    gboolean promotable;        /* clones: promotable=true or <master> */
    struct ha_model_attrs meta;   /* own meta_attributes only */
    struct ha_model_attrs params; /* instance_attributes */
    struct ha_model_attrs utilization;
    guint n_ops;
    const struct ha_model_op *ops;
};

/** A location preference: a fixed node and score, or rules. */
struct ha_model_location {
    const char *id;
    guint rsc;                  /* HA_MODEL_NONE with rsc_pattern */
    const char *rsc_pattern;
    const char *node;           /* uname, or NULL with rules */
    int score;
    const char *role;           /* normalised, or NULL */
    const char *discovery;      /* resource-discovery, or NULL */
    guint n_rules;
    const struct ha_model_rule *const *rules;
};

/** "rsc with with_rsc" (sets are expanded into pairs). */
struct ha_model_colocation {
    const char *id;
    guint rsc;                  /* the dependent */
    guint with_rsc;             /* the primary */
    int score;
    const char *rsc_role, *with_rsc_role;  /* normalised, or NULL */
    const char *node_attribute; /* NULL: #uname */
    gboolean influence;
};

enum ha_model_order_kind {
    HA_ORDER_MANDATORY,
    HA_ORDER_OPTIONAL,
    HA_ORDER_SERIALIZE,
};

/** "first then then" (sets are expanded into pairs). */
struct ha_model_order {
    const char *id;
    guint first, then;
    const char *first_action, *then_action;   /* default "start" */
    enum ha_model_order_kind kind;
    gboolean symmetrical;
    gboolean require_all;       /* FALSE: then needs any one first, not all */
};

struct ha_model_node {
    const char *id;
    const char *uname;
    const char *type;           /* "member" (default), "remote", "ping" */
    struct ha_model_attrs attrs;       /* instance_attributes */
    struct ha_model_attrs utilization;
    guint state;                /* index in node_states or HA_MODEL_NONE */
};

/** One <lrm_rsc_op>. */
struct ha_model_lrm_op {
    const char *id;
    const char *operation;
    guint64 interval_ms;
    int call_id;
    int rc_code;
    int op_status;
    int target_rc;              /* from transition-key, -1 if absent */
    const char *op_digest, *op_restart_digest, *op_secure_digest;
    const char *op_force_restart;   /* " p1 p2 " params needing a restart */
    const char *exit_reason;
    const char *migrate_source, *migrate_target;
    gint64 last_rc_change;      /* 0 if absent */
    gint64 last_run;
    guint exec_time_ms;         /* exec-time, 0 if absent */
    const char *transition_key; /* as recorded, or NULL */
};

/** One <lrm_resource> of one node. */
struct ha_model_lrm_rsc {
    const char *id;             /* as written in the status */
    guint rsc;                  /* configured resource with that id, or NONE */
    const char *klass, *provider, *type;
    guint op_first, n_ops;      /* range of lrm_ops */
};

/**
 * What a node's state says, typed once when it is read (Pacemaker writes it
 * as four strings: in_ccm, crmd, join, expected).  At most one JOIN_ flag
 * and one EXPECTED_ flag is set; none of them means "down" / not recorded.
 */
enum ha_model_node_flags {
    HA_NODE_IN_CCM = 1 << 0,          /* in the membership */
    HA_NODE_CRMD = 1 << 1,            /* its cluster daemon is up */
    HA_NODE_JOIN_MEMBER = 1 << 2,     /* join="member" */
    HA_NODE_JOIN_PENDING = 1 << 3,    /* join="pending" */
    HA_NODE_JOIN_REFUSED = 1 << 4,    /* join="nack" or "banned" */
    HA_NODE_EXPECTED_UP = 1 << 5,     /* expected="member" */
    HA_NODE_EXPECTED_DOWN = 1 << 6,   /* expected="down" */
};

/** One <node_state>. */
struct ha_model_node_state {
    const char *id;
    const char *uname;
    guint node;                 /* configured node, or HA_MODEL_NONE */
    guint flags;                /* enum ha_model_node_flags */
    guint n_transient;
    const struct ha_model_nvpair *transient;       /* transient attributes */
    guint lrm_first, n_lrm;     /* range of lrm_rscs */
};

/** "rsc runs only while ticket is granted" (sets are expanded). */
struct ha_model_rsc_ticket {
    const char *id;
    guint rsc;
    const char *ticket;
    const char *loss_policy;    /* stop (default), demote, fence, freeze */
    const char *rsc_role;       /* normalised, or NULL */
};

/** A <ticket_state> of the status section. */
struct ha_model_ticket_state {
    const char *id;
    gboolean granted, standby;
};

/** A <fencing-level> of the fencing-topology (document order). */
struct ha_model_fencing_level {
    const char *id;
    int index;                  /* the level's index (1 is tried first) */
    const char *target;         /* a node name, or NULL */
    const char *target_pattern; /* an extended regular expression, or NULL */
    const char *target_attribute, *target_value;   /* or NULL */
    guint n_devices;
    const char *const *devices; /* stonith resource ids, as listed */
};

/** Kinds of unsupported input, each with the id or element that uses it. */
struct ha_model_unsupported {
    const char *what;           /* "bundle", "rsc_ticket", "remote node" ... */
    const char *id;
};

/** The snapshot. */
typedef struct ha_store_model {
    gint ref;                   /* ha_store_model_ref() / _free() */
    GStringChunk *strings;      /* interned strings */
    GPtrArray *blocks;          /* other allocations owned by the model */
    /* A cluster input built on a configuration snapshot (store_input.h)
     * borrows that snapshot's configuration arrays and holds a reference
     * on it; NULL for a snapshot read whole from XML. */
    struct ha_store_model *config;
    void *config_xml;           /* xmlDoc: <cib> and its <configuration>,
                                 * no <status> (owned; NULL when borrowed
                                 * from config) for the XML writer */
    gboolean uses_time;         /* see ha_store_config_uses_time() */

    gboolean have_quorum;
    gboolean no_quorum_panic;   /* no-quorum-panic="1": suicide applies */
    gint64 execution_date;      /* execution-date (recorded "now"), or 0 */
    const char *dc_uuid;
    const char *validate_with;
    const char *crm_feature_set;   /* of the writer, or NULL */
    guint n_props;
    const struct ha_model_nvpair *props;   /* crm_config, the sets without
                                            * a rule, resolved */
    struct ha_model_attrs prop_sets;       /* every cluster_property_set,
                                            * in Pacemaker's order */
    struct ha_model_attrs rsc_defaults;
    struct ha_model_attrs op_defaults;

    guint n_nodes;
    const struct ha_model_node *nodes;
    guint n_rscs;
    const struct ha_model_rsc *rscs;
    guint n_locations;
    const struct ha_model_location *locations;
    guint n_colocations;
    const struct ha_model_colocation *colocations;
    guint n_orders;
    const struct ha_model_order *orders;

    guint n_rsc_tickets;
    const struct ha_model_rsc_ticket *rsc_tickets;
    guint n_tickets;
    const struct ha_model_ticket_state *tickets;

    guint n_node_states;
    const struct ha_model_node_state *node_states;
    guint n_lrm_rscs;
    const struct ha_model_lrm_rsc *lrm_rscs;
    guint n_lrm_ops;
    const struct ha_model_lrm_op *lrm_ops;

    guint n_unsupported;
    const struct ha_model_unsupported *unsupported;

    guint n_fencing_levels;
    const struct ha_model_fencing_level *fencing_levels;

    GHashTable *node_by_uname;  /* interned uname -> index + 1 */
    GHashTable *node_by_id;
    GHashTable *rsc_by_id;
} ha_store_model_t;

/**
 * Parse a CIB file into a snapshot with a streaming reader.
 *
 * @param[in]  path       the CIB
 * @param[out] ret_model  the snapshot (caller owns; only on success)
 * @param[out] ret_error  on failure, a message (caller owns; may be NULL)
 *
 * @return 0, -errno, -HA_EBADXML, -HA_ETOOBIG or -HA_EINVALCONF
 */
int ha_store_model_parse_file(const char *path, ha_store_model_t **ret_model,
                              char **ret_error);

/** As ha_store_model_parse_file() from memory (@data need not end in NUL). */
int ha_store_model_parse_memory(const char *data, gsize len,
                                ha_store_model_t **ret_model,
                                char **ret_error);

/** Release a reference on a snapshot (freed with the last).  NULL is
 * accepted. */
void ha_store_model_free(ha_store_model_t *model);

/** Take a reference on a snapshot (shared between threads of control that
 * only read it). */
ha_store_model_t *ha_store_model_ref(ha_store_model_t *model);

/** Index of the resource @id, or HA_MODEL_NONE. */
guint ha_store_model_rsc_find(const ha_store_model_t *model, const char *id);

/** Index of the node whose uname is @uname, or HA_MODEL_NONE. */
guint ha_store_model_node_find(const ha_store_model_t *model,
                               const char *uname);

/** A stonith-class primitive is configured (even a stopped one). */
gboolean ha_store_model_has_fence_device(const ha_store_model_t *model);

/**
 * Value of a cluster property at @now (seconds since the epoch), or NULL:
 * the first set in Pacemaker's order (cib-bootstrap-options, then higher
 * score, then document order) whose rule matches and that names it.
 */
const char *ha_store_model_prop_at(const ha_store_model_t *model,
                                   const char *name, gint64 now);

/** Value of a cluster property from the sets without a rule, or NULL
 *  (for readers without a time; the scheduler uses the _at form). */
const char *ha_store_model_prop(const ha_store_model_t *model,
                                const char *name);

/** Value of @name in the first set of @attrs that has it (no rules). */
const char *ha_store_model_attrs_get(const struct ha_model_attrs *attrs,
                                     const char *name);

/**
 * Normalise a role name: Master -> Promoted, Slave -> Unpromoted; others
 * are returned as is.  NULL stays NULL.
 */
const char *ha_store_model_role_name(const char *role);

/** What a rule is evaluated against; NULL/0 members are "not known". */
struct ha_model_rule_ctx {
    /* node attribute lookup (NULL: no node in this context) */
    const char *(*node_attr)(gconstpointer data, const char *name);
    gconstpointer node_data;
    const char *rsc_class, *rsc_provider, *rsc_type;
    const char *op_name;
    guint64 op_interval_ms;
    gboolean have_op;
    gint64 now;                 /* seconds since the epoch */
    /* value-source="param" / "meta" of a location rule: the constraint's
     * resource, whose instance or meta attribute an expression's value
     * names (have_rsc FALSE: none, such an expression has no value) */
    const ha_store_model_t *model;
    guint rsc;
    gboolean have_rsc;
};

/**
 * Evaluate a rule (and/or of its expressions) against @ctx.
 *
 * @return TRUE if it matches
 */
gboolean ha_store_rule_eval(const struct ha_model_rule *rule,
                            const struct ha_model_rule_ctx *ctx);

/**
 * The earliest time after @now at which a date expression under @rule
 * (nested rules included) may change its value, or 0 when none ever will.
 * Every date expression counts, whether or not the and/or of the rule
 * would be decided without it (a conservative answer, never a late one):
 * gt changes one second after start, lt at end, in_range at start and one
 * second after end (or start + duration), a date_spec when one of its
 * fields (seconds ... years, UTC) enters or leaves its range.
 *
 * @return seconds since the epoch (> @now), or 0
 */
gint64 ha_store_rule_next_change(const struct ha_model_rule *rule,
                                 gint64 now);

/**
 * Parse an ISO 8601 date/time as the CIB writes it ("2005-06-15",
 * "2005-06-15 12:00:00", "2005-06-15T12:00:00Z", "2005-166") to seconds
 * since the epoch (UTC).
 *
 * @return 0 or -EINVAL
 */
int ha_store_date_parse(const char *text, gint64 *ret_seconds);

/**
 * Resolve a resource's meta attribute @name the way Pacemaker does: the
 * resource's own sets (higher score first), then its parents', then
 * rsc_defaults.  Rules are evaluated against @ctx.
 *
 * @return the value (interned) or NULL
 */
const char *ha_store_model_rsc_meta(const ha_store_model_t *model, guint rsc,
                                    const char *name,
                                    const struct ha_model_rule_ctx *ctx);

/** Value of @name in @attrs, evaluating set rules against @ctx (NULL: a
 * set with a rule never applies; this and ha_store_model_rsc_meta()). */
const char *ha_store_model_attrs_eval(const struct ha_model_attrs *attrs,
                                      const char *name,
                                      const struct ha_model_rule_ctx *ctx);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_store_model_t, ha_store_model_free)

G_END_DECLS

#endif /* HA_STORE_MODEL_H */
