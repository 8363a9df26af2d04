/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/store/store_doc.h - the configuration store as an XML document.
 *
 * A ha_store_doc_t holds one Pacemaker-compatible CIB: <cib> with its
 * version attributes, a <configuration> section and an optional <status>
 * section, as a libxml2 DOM.  This module loads it (safely, through
 * lib/common/xml.h), upgrades older forms to today's, validates it (the
 * RelaxNG schema xml/ha-cib.rng, then semantic checks), serializes it,
 * computes its versions and digest, mutates it by id, and computes and
 * applies structural patches between two versions (what hacd replicates).
 * Persistence to disk is in store_persist.h.
 *
 * Invariants:
 *  - A document is immutable once built: every "mutating" call works on a
 *    private copy, validates it and returns a NEW document; the input is
 *    never changed.  Documents are reference counted, so they can be shared
 *    freely (e.g. by the daemon and a running transition).
 *  - A loaded document is normalized: comments, processing instructions and
 *    whitespace-only text are dropped, older forms are upgraded.  Hence
 *    serialize -> load gives a document with the same digest and the same
 *    canonical text.
 *  - The digest is a SHA-256 (lower-case hex) of the canonical text of the
 *    <configuration> element: attributes sorted by name, no whitespace, a
 *    fixed escaping.  It is the same on every node for the same content,
 *    whatever the input's whitespace or attribute order.  Versions are not
 *    part of the digest.
 *  - Non-logging: errors are returned, as 0 / negative codes and, where a
 *    configuration is at fault, as a list of human messages that each name
 *    the element id and the problem.
 *
 * Ownership: functions returning ha_store_doc_t * give the caller one
 * reference (release with ha_store_doc_unref()).  Error lists are
 * GPtrArray of char * with g_free as element free function; the caller
 * owns them (g_ptr_array_unref()).  const char * / xmlNode * returns are
 * borrowed from the document and live as long as it does; they must not be
 * modified.
 */
#ifndef HA_STORE_DOC_H
#define HA_STORE_DOC_H

#include <stdint.h>

#include <glib.h>
#include <libxml/tree.h>

G_BEGIN_DECLS

/* Opaque, reference counted, immutable. */
typedef struct ha_store_doc ha_store_doc_t;

/* Opaque structural patch from one version to the next. */
typedef struct ha_store_patch ha_store_patch_t;

/* The version triple of a CIB, compared in this order. */
struct ha_store_version {
    guint64 admin_epoch;
    guint64 epoch;
    guint64 num_updates;
};

/* Flags for the load functions. */
enum ha_store_load_flags {
    HA_STORE_LOAD_DEFAULT = 0,
    HA_STORE_LOAD_NO_STATUS = (1 << 0),    /* drop the <status> section */
    HA_STORE_LOAD_NO_VALIDATE = (1 << 1),  /* well-formedness + shape only */
    HA_STORE_LOAD_NO_UPGRADE = (1 << 2),   /* keep legacy forms as they are */
    HA_STORE_LOAD_STRICT = (1 << 3),       /* see "Strictness" below */
};

/*
 * Strictness.  Loading is as tolerant as Pacemaker where Pacemaker falls
 * back to a default (an op timeout that is not a duration, a fencing-level
 * target that is not a known node); everything else is an error.  With
 * HA_STORE_LOAD_STRICT, ha_store_doc_check_file(), ha_store_doc_validate()
 * and every mutation, those are errors too: what ha writes is clean.
 */

/* Flags for ha_store_doc_serialize(). */
enum ha_store_ser_flags {
    HA_STORE_SER_DEFAULT = 0,
    HA_STORE_SER_PRETTY = (1 << 0),        /* indented, one element a line */
    HA_STORE_SER_NO_STATUS = (1 << 1),     /* leave <status> out */
    HA_STORE_SER_CANONICAL = (1 << 2),     /* the digest's canonical text */
};

/* Which counter ha_store_doc_bump() increments. */
enum ha_store_bump {
    HA_STORE_BUMP_NUM_UPDATES,   /* num_updates + 1 */
    HA_STORE_BUMP_EPOCH,         /* epoch + 1, num_updates = 0 */
    HA_STORE_BUMP_ADMIN_EPOCH,   /* admin_epoch + 1, epoch = num_updates = 0 */
};

/* Size of a hex SHA-256 digest including the terminating NUL. */
#define HA_STORE_DIGEST_LEN 65

/* ---- loading and checking ---------------------------------------------- */

/**
 * Load a CIB from memory: parse safely, normalize, upgrade, validate.
 *
 * @param[in]  data        the XML bytes (need not be NUL terminated)
 * @param[in]  len         their length
 * @param[in]  name        a name for messages ("cib.xml"), may be NULL
 * @param[in]  flags       enum ha_store_load_flags
 * @param[out] ret_doc     the document (only on success)
 * @param[out] ret_errors  on failure, every problem found (may be NULL);
 *                         left untouched on success
 *
 * @return 0, -HA_EBADXML (not well-formed, unsafe, not a CIB),
 *         -HA_ETOOBIG (over a size/depth/attribute limit),
 *         -HA_ESCHEMA (does not match the schema), -HA_EINVALCONF
 *         (semantic errors), -ENOPKG if ha's schema cannot be read
 *         (never -ENOENT, which would name the input as missing)
 */
int ha_store_doc_load_memory(const char *data, gsize len, const char *name,
                             uint32_t flags, ha_store_doc_t **ret_doc,
                             GPtrArray **ret_errors);

/** As ha_store_doc_load_memory() for a file (-errno if it cannot be read). */
int ha_store_doc_load_file(const char *path, uint32_t flags,
                           ha_store_doc_t **ret_doc, GPtrArray **ret_errors);

/**
 * Check a CIB file without keeping it: the entry point of
 * `hactl config verify --xml-file FILE`.
 *
 * @param[in]  path        the file
 * @param[out] ret_errors  every problem found, one message each
 *                         (only when the result is negative; may be NULL)
 *
 * Strict (HA_STORE_LOAD_STRICT).
 *
 * @return 0 if the file loads and validates, else as ha_store_doc_load_file()
 */
int ha_store_doc_check_file(const char *path, GPtrArray **ret_errors);

/**
 * Validate a document again (schema + strict semantic checks).  Documents from
 * the load and mutation functions are already valid; this is for
 * documents loaded with HA_STORE_LOAD_NO_VALIDATE.
 *
 * @return 0, -HA_ESCHEMA or -HA_EINVALCONF (with *ret_errors set)
 */
int ha_store_doc_validate(const ha_store_doc_t *doc, GPtrArray **ret_errors);

/**
 * Can @text be a name or value in the store?  Only characters XML 1.0
 * allows, in valid UTF-8: validation refuses anything else (a parser could
 * not read it back, so no member could apply it).
 *
 * @return NULL if it can, else what is wrong ("character U+0016 at byte 3
 *         is not allowed in XML"), to free
 */
char *ha_store_text_problem(const char *text);

/**
 * An empty, valid CIB: version 0.0.0, empty configuration sections.
 *
 * @return a new document (never NULL)
 */
ha_store_doc_t *ha_store_doc_new_empty(void);

/* ---- lifetime ---------------------------------------------------------- */

/** Take a reference.  NULL-safe; returns @doc. */
ha_store_doc_t *ha_store_doc_ref(ha_store_doc_t *doc);

/** Drop a reference.  NULL-safe; returns NULL. */
ha_store_doc_t *ha_store_doc_unref(ha_store_doc_t *doc);

/**
 * A deep copy with its own reference count (e.g. to hand to another
 * thread).  Same content, version and digest.
 */
ha_store_doc_t *ha_store_doc_copy(const ha_store_doc_t *doc);

/* ---- reading ----------------------------------------------------------- */

/**
 * The DOM, read-only (borrowed; do not modify, do not free).  The root is
 * <cib>.
 */
const xmlDoc *ha_store_doc_xml(const ha_store_doc_t *doc);

/**
 * A child of <configuration> by element name ("resources", "crm_config",
 * ...), or the <status> element for "status"; NULL if absent.  Borrowed.
 */
const xmlNode *ha_store_doc_section(const ha_store_doc_t *doc,
                                    const char *name);

/**
 * The element with this id in a section (searched at any depth), or NULL.
 * @section as for ha_store_doc_section(), or NULL for the whole document.
 */
const xmlNode *ha_store_doc_find_id(const ha_store_doc_t *doc,
                                    const char *section, const char *id);

/**
 * The value of a cluster property (an nvpair of a cluster_property_set in
 * crm_config), or NULL.  With several sets, the first one that has the
 * name wins (document order).  Borrowed.
 */
const char *ha_store_doc_property(const ha_store_doc_t *doc,
                                  const char *name);

/** The version of @doc (always written). */
void ha_store_doc_version(const ha_store_doc_t *doc,
                          struct ha_store_version *ret_version);

/**
 * Compare two versions: admin_epoch, then epoch, then num_updates.
 *
 * @return <0, 0 or >0 as @a is older, equal or newer than @b
 */
int ha_store_version_cmp(const struct ha_store_version *a,
                         const struct ha_store_version *b);

/** Format "admin_epoch.epoch.num_updates" into @buf (>= 64 bytes). */
const char *ha_store_version_format(const struct ha_store_version *v,
                                    char *buf, gsize len);

/**
 * The digest of the configuration (lower-case hex SHA-256, 64 chars).
 * Borrowed; computed once per document.
 */
const char *ha_store_doc_digest(const ha_store_doc_t *doc);

/**
 * Serialize to XML text.
 *
 * @param[in] flags  enum ha_store_ser_flags
 *
 * @return a new NUL-terminated string (g_free())
 */
char *ha_store_doc_serialize(const ha_store_doc_t *doc, uint32_t flags);

/**
 * True if both documents have the same canonical text (configuration and
 * status) and the same version.
 */
gboolean ha_store_doc_equal(const ha_store_doc_t *a, const ha_store_doc_t *b);

/* ---- new versions ------------------------------------------------------ */

/** A new document with the version set to @version (content unchanged). */
ha_store_doc_t *ha_store_doc_with_version(const ha_store_doc_t *doc,
                                          const struct ha_store_version *version);

/** A new document with one counter bumped (see enum ha_store_bump). */
ha_store_doc_t *ha_store_doc_bump(const ha_store_doc_t *doc,
                                  enum ha_store_bump which);

/**
 * A new document whose <status> is replaced by a copy of @status (an
 * element named "status"), or removed if @status is NULL.  Not validated
 * against the schema beyond the element name (status is the daemon's).
 */
ha_store_doc_t *ha_store_doc_with_status(const ha_store_doc_t *doc,
                                         const xmlNode *status);

/* ---- mutations (each returns a new, validated document) ---------------- */
/*
 * Common contract: @doc is not changed.  On success *ret_doc receives a new
 * document with the same version as @doc (the caller, normally the DC,
 * bumps it).  On failure nothing is returned and *ret_errors (may be NULL)
 * lists what is wrong.  @section is a child of <configuration>
 * ("resources", "constraints", ...).
 *
 * Results: 0; -HA_EBADXML (@xml_text is not one well-formed element);
 * -HA_ENOTFOUND (no such id / section); -EEXIST (id already used);
 * -EINVAL (bad argument, e.g. an element without id); -HA_ESCHEMA /
 * -HA_EINVALCONF (the result would not validate).
 */

/**
 * Replace the element whose id is the id of @xml_text (searched at any depth
 * under @section), or append it to @section if no element has that id.
 */
int ha_store_doc_put_element(const ha_store_doc_t *doc, const char *section,
                             const char *xml_text, ha_store_doc_t **ret_doc,
                             GPtrArray **ret_errors);

/** Add @xml_text to @section; -EEXIST if its id is already in use. */
int ha_store_doc_create_element(const ha_store_doc_t *doc,
                                const char *section, const char *xml_text,
                                ha_store_doc_t **ret_doc,
                                GPtrArray **ret_errors);

/**
 * Replace the element with @xml_text's id under @section; -HA_ENOTFOUND
 * if there is none.
 */
int ha_store_doc_replace_element(const ha_store_doc_t *doc,
                                 const char *section, const char *xml_text,
                                 ha_store_doc_t **ret_doc,
                                 GPtrArray **ret_errors);

/** Delete the element with @id (and its children) under @section. */
int ha_store_doc_delete_element(const ha_store_doc_t *doc,
                                const char *section, const char *id,
                                ha_store_doc_t **ret_doc,
                                GPtrArray **ret_errors);

/**
 * Set a cluster property: the nvpair @name in the cluster_property_set
 * "cib-bootstrap-options" (created if needed), or wherever the property
 * is already set.  @value NULL unsets it (removes every nvpair of that
 * name in crm_config).
 */
int ha_store_doc_set_property(const ha_store_doc_t *doc, const char *name,
                              const char *value, ha_store_doc_t **ret_doc,
                              GPtrArray **ret_errors);

/**
 * Set (or with @value NULL remove) the nvpair @name in the nvpair set
 * element with id @set_id (an instance_attributes, meta_attributes,
 * utilization or cluster_property_set, anywhere in the configuration).
 * A new nvpair gets the id "<set_id>-<name>" (made unique).
 */
int ha_store_doc_set_nvpair(const ha_store_doc_t *doc, const char *set_id,
                            const char *name, const char *value,
                            ha_store_doc_t **ret_doc, GPtrArray **ret_errors);

/* ---- diff and patch ---------------------------------------------------- */

/**
 * The structural difference from @old_doc to @new_doc: applying it to
 * @old_doc yields a document equal to @new_doc (ha_store_doc_equal()).
 * It records the version and digest of both sides.
 *
 * @return a new patch (never NULL; may be empty)
 */
ha_store_patch_t *ha_store_patch_new(const ha_store_doc_t *old_doc,
                                     const ha_store_doc_t *new_doc);

/** Free a patch.  NULL-safe. */
void ha_store_patch_free(ha_store_patch_t *patch);

/** True if the patch changes nothing (not even the version). */
gboolean ha_store_patch_is_empty(const ha_store_patch_t *patch);

/** The version the patch applies to and the one it produces. */
void ha_store_patch_versions(const ha_store_patch_t *patch,
                             struct ha_store_version *ret_source,
                             struct ha_store_version *ret_target);

/** Serialize the patch (an <ha-patch> element) for the wire.  g_free(). */
char *ha_store_patch_serialize(const ha_store_patch_t *patch);

/**
 * Parse a serialized patch (bounded, safe parse).
 *
 * @return 0, -HA_EBADXML, -HA_ETOOBIG or -HA_EPROTO (not a valid patch)
 */
int ha_store_patch_parse(const char *data, gsize len,
                         ha_store_patch_t **ret_patch, char **ret_error);

/**
 * Apply @patch to @base and validate the result.
 *
 * Refused (-HA_EOLDVERSION) unless @base has exactly the patch's source
 * version and full digest; the result must then have the target's version
 * and digest (-HA_EDIGEST otherwise).
 *
 * @return 0, -HA_EOLDVERSION, -HA_EDIGEST, -HA_EPROTO (a change that does
 *         not fit the document), -HA_ESCHEMA, -HA_EINVALCONF
 */
int ha_store_patch_apply(const ha_store_doc_t *base,
                         const ha_store_patch_t *patch,
                         ha_store_doc_t **ret_doc, GPtrArray **ret_errors);

G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_store_doc_t, ha_store_doc_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC(ha_store_patch_t, ha_store_patch_free)

G_END_DECLS

#endif /* HA_STORE_DOC_H */
