/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * lib/ipc/ipc_hacd.h - the message schemas of hacd's IPC service (hactl).
 *
 * Each message id has one request body type and one reply body type
 * (GVariant type strings), checked by lib/ipc before any handler or
 * caller looks at the data.  Writes carry a 64-bit request id chosen by
 * the client: a retry with the same id never applies twice.
 *
 * STATUS keys (a{sv}), besides the membership ones listed in hacd_ipc.c:
 *   resources       aa{sv}  in configuration order, clone instances after
 *                           their clone: id s, kind s (primitive|group|
 *                           clone), parent s ("" at top level), agent s
 *                           ("ocf:heartbeat:IPaddr2", "" unless primitive),
 *                           role s (Started|Stopped|Promoted|Unpromoted),
 *                           target_role s ("" when not set), nodes as
 *                           (where it is active now), managed b, failed b,
 *                           orphan b, promotable b, pending s (an action
 *                           running now, "" when none)
 *   failed_actions  aa{sv}  rsc s, node s, task s, interval_ms t, rc i,
 *                           rc_text s, status s, reason s, last_rc_change x
 *   fencing         aa{sv}  target s, action s, state s (pending|succeeded|
 *                           failed), delegate s (the node that ran it),
 *                           origin s, device s, reason s, completed x
 *                           (epoch seconds, 0 while pending)
 *   node_flags      aa{sv}  name s, standby b, maintenance b, unclean b,
 *                           online b (as the scheduler reads them)
 *   settled         b       no action is running and the scheduler has
 *                           nothing to do
 *   stonith_enabled b, has_fence_device b (a stonith-class primitive is
 *   configured; missing from an older hacd: read as TRUE), no_quorum_policy s
 *   blocked         as      ids of the blocked primitive instances (a
 *                           failure with on-fail=block, or multiple-active
 *                           =block): they are left alone, unmanaged
 * Counters of this hacd since it started (metrics, ipc_hacd_metrics.h):
 *   transitions_complete t, transitions_aborted t  run as the DC
 *   transition_seconds_sum d, transition_seconds_buckets a(dt) (upper
 *                           bound in seconds, cumulative count)
 *   fencing_succeeded t, fencing_failed t  fencing results delivered
 *   config_changes t        configuration versions committed
 *   constraints_temporary aa{sv}  what `resource move` and `ban` left
 *                           (ids cli-prefer-*, cli-ban-*), in configuration
 *                           order: id s, rsc s, kind s (prefer|ban),
 *                           node s, score s, expires s (the end of a
 *                           --lifetime rule as written, "" when none)
 */
#ifndef HA_IPC_HACD_H
#define HA_IPC_HACD_H

G_BEGIN_DECLS

/* Default service name (an abstract socket); HA_IPC_NAME overrides it. */
#define HA_IPC_HACD_NAME "hacd"

/* Environment variable naming another service (tests, several daemons). */
#define HA_IPC_HACD_NAME_ENV "HA_IPC_NAME"

enum ha_ipc_hacd_msg {
    /* () -> a{sv}: see hacd_ipc.c for the keys */
    HA_IPC_HACD_STATUS = 1,
    /* () -> (s): the configuration, XML */
    HA_IPC_HACD_CONFIG_GET = 2,
    /* (request id, XML of a whole CIB) -> HA_IPC_HACD_WRITE_REPLY */
    HA_IPC_HACD_CONFIG_REPLACE = 3,
    /* (request id, name, value or nothing to unset) -> WRITE_REPLY */
    HA_IPC_HACD_PROPERTY_SET = 4,
    /* (name) -> (maybe value) */
    HA_IPC_HACD_PROPERTY_GET = 5,
    /* (node, name, value or nothing to delete) -> () */
    HA_IPC_HACD_ATTR_SET = 6,
    /* (node, name) -> (maybe value) */
    HA_IPC_HACD_ATTR_GET = 7,
    /* () -> (digest, XML): the configuration and the digest it has */
    HA_IPC_HACD_CONFIG_READ = 8,
    /* (request id, base digest, XML) -> WRITE_REPLY; -HA_ECONFLICT when
     * the configuration's digest is no longer the base (read again) */
    HA_IPC_HACD_CONFIG_REPLACE_IF = 9,
    /* (request id, resource, node or nothing for all) -> (): fail counts
     * and failed operations forgotten; -HA_ENOTFOUND for unknown ids */
    HA_IPC_HACD_RSC_CLEANUP = 10,
    /* (request id, node, action "reboot"|"off"|"on") -> (rc, text):
     * answered when the fencing has completed (rc 0) or failed */
    HA_IPC_HACD_FENCE = 11,
    /* (node or "" for all) -> aa{sv}: the fencing history, oldest first,
     * entries as in the status' "fencing" key */
    HA_IPC_HACD_FENCE_HISTORY = 12,
    /* () -> (): stop this node cleanly (its resources move away first);
     * answered when the shutdown starts */
    HA_IPC_HACD_SHUTDOWN = 13,
    /* () -> (xs): "now" (seconds since the epoch) and the CIB the
     * scheduler reads (configuration + status), as hacd builds it */
    HA_IPC_HACD_SCHED_INPUT = 18,
    /* () -> a(tttxs): the configuration versions this node keeps on disk,
     * oldest first: (admin_epoch, epoch, num_updates, saved at in epoch
     * seconds, digest); a copy that fails its digest has digest "" */
    HA_IPC_HACD_CONFIG_HISTORY = 16,
    /* (admin_epoch, epoch, num_updates, with status) -> (digest, XML): one
     * kept version; with status, the XML is the scheduler input this node
     * would use now with that configuration (status, quorum, members).
     * -HA_ENOTFOUND if the version is not kept, -HA_EDIGEST if corrupt */
    HA_IPC_HACD_CONFIG_VERSION_GET = 17,
    /* (generation, timeout_ms) -> (generation, status a{sv}): answered as
     * soon as the status differs from the one of the client's generation
     * (at once when it already does, e.g. for generation 0), or after
     * timeout_ms (at most HA_IPC_HACD_STATUS_WAIT_MAX_MS) with the same
     * generation.  Generations count distinct status contents. */
    HA_IPC_HACD_STATUS_WAIT = 15,
    /* (request id, node) -> (rc, text) as FENCE: an operator has made
     * sure the node is down; recorded as a fencing confirmed by an
     * operator (no device), and the cluster goes on as after fencing */
    HA_IPC_HACD_FENCE_CONFIRM = 14,
    /* () -> (): an operator forces this node's partition to act with the
     * copies it has although no member holds the cluster's configuration
     * (hactl cluster bootstrap --force); answered once asked, effective
     * when delivered.  -EALREADY if it already acts, -HA_ENOQUORUM
     * without quorum, -HA_ERETRY while the membership syncs */
    HA_IPC_HACD_BOOTSTRAP = 19,
};

/* The longest a STATUS_WAIT is held. */
#define HA_IPC_HACD_STATUS_WAIT_MAX_MS (10 * 60 * 1000)

#define HA_IPC_HACD_STATUS_REQ       "()"
#define HA_IPC_HACD_STATUS_REPLY     "a{sv}"
#define HA_IPC_HACD_CONFIG_GET_REQ   "()"
#define HA_IPC_HACD_CONFIG_GET_REPLY "(s)"
#define HA_IPC_HACD_CONFIG_REPLACE_REQ "(ts)"
#define HA_IPC_HACD_PROPERTY_SET_REQ "(tsms)"
#define HA_IPC_HACD_PROPERTY_GET_REQ "(s)"
#define HA_IPC_HACD_ATTR_SET_REQ     "(ssms)"
/* A transient attribute whose name begins with this is private (Pacemaker's
 * `attrd_updater --private`): kept and replicated like the others, but never
 * given to the scheduler nor shown in the status, and a change of it starts
 * no transition. */
#define HA_IPC_HACD_ATTR_PRIVATE_PREFIX "#private:"
#define HA_IPC_HACD_ATTR_GET_REQ     "(ss)"
#define HA_IPC_HACD_CONFIG_READ_REQ  "()"
#define HA_IPC_HACD_CONFIG_READ_REPLY "(ss)"
#define HA_IPC_HACD_CONFIG_REPLACE_IF_REQ "(tss)"
#define HA_IPC_HACD_RSC_CLEANUP_REQ  "(tsms)"
#define HA_IPC_HACD_FENCE_REQ        "(tss)"
#define HA_IPC_HACD_FENCE_REPLY      "(is)"
#define HA_IPC_HACD_FENCE_HISTORY_REQ "(s)"
#define HA_IPC_HACD_FENCE_HISTORY_REPLY "aa{sv}"
#define HA_IPC_HACD_SHUTDOWN_REQ     "()"
#define HA_IPC_HACD_SCHED_INPUT_REQ  "()"
#define HA_IPC_HACD_SCHED_INPUT_REPLY "(xs)"
#define HA_IPC_HACD_CONFIG_HISTORY_REQ "()"
#define HA_IPC_HACD_CONFIG_HISTORY_REPLY "a(tttxs)"
#define HA_IPC_HACD_CONFIG_VERSION_GET_REQ "(tttb)"
#define HA_IPC_HACD_CONFIG_VERSION_GET_REPLY "(ss)"
#define HA_IPC_HACD_STATUS_WAIT_REQ  "(tu)"
#define HA_IPC_HACD_STATUS_WAIT_REPLY "(ta{sv})"
#define HA_IPC_HACD_FENCE_CONFIRM_REQ "(ts)"
#define HA_IPC_HACD_BOOTSTRAP_REQ    "()"
#define HA_IPC_HACD_MAYBE_REPLY      "(ms)"
#define HA_IPC_HACD_EMPTY_REPLY      "()"
/* (admin_epoch, epoch, num_updates, digest) of the version written */
#define HA_IPC_HACD_WRITE_REPLY      "(ttts)"

G_END_DECLS

#endif /* HA_IPC_HACD_H */
