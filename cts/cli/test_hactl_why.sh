#!/bin/sh
# TAP test: golden files of `hactl why` (text and JSON) on CIB files of
# cts/cli/why/ (--xml-file: location with a rule and a ban, stickiness,
# colocation chain, tie, fail count over migration-threshold, standby
# node, group, order blocked by a stopped first, target-role Stopped, no
# quorum, unmanaged, clone-max), then once on the live cluster of
# hacd --fake; unknown resource and node exit 4 (why-errors.exp).
#
# Rewrite the golden files with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_why.sh
# and review the diff.
HA_IPC_NAME=ha-cli-why-$$
. "$(dirname "$0")/cli_lib.sh"

X=$top_srcdir/cts/cli/why

golden why-location "location by node and rule, stickiness, a ban" \
    why --xml-file "$X/location.xml" web
golden why-location.json "the same as JSON" \
    --output json why --xml-file "$X/location.xml" web
golden why-location-node3 "why not on the banned node" \
    why --xml-file "$X/location.xml" web node3
golden why-location-node1 "why not on a node that scores lower" \
    why --xml-file "$X/location.xml" web node1
golden why-location-node1.json "one node as JSON" \
    --output json why --xml-file "$X/location.xml" web node1
golden why-colocation-b "mandatory colocation: with a, on a's node" \
    why --xml-file "$X/colocation.xml" b
golden why-colocation-c "a colocation chain: c with b with a" \
    why --xml-file "$X/colocation.xml" c
golden why-colocation-a "a primary gets what its dependents want" \
    why --xml-file "$X/colocation.xml" a
golden why-colocation-d "a negative colocation and an advisory one" \
    why --xml-file "$X/colocation.xml" d
golden why-colocation-d.json "colocation contributions as JSON" \
    --output json why --xml-file "$X/colocation.xml" d
golden why-tie "equal scores: the tie-break" \
    why --xml-file "$X/tie.xml" solo
golden why-tie-node2 "the node that lost the tie" \
    why --xml-file "$X/tie.xml" solo node2
golden why-failcount "fail count over migration-threshold, failure-timeout" \
    why --xml-file "$X/failcount.xml" db
golden why-failcount.json "the ban as JSON" \
    --output json why --xml-file "$X/failcount.xml" db
golden why-standby "a standby node" \
    why --xml-file "$X/standby.xml" app
golden why-group "a group: each member follows the one before" \
    why --xml-file "$X/group.xml" g
golden why-group-member "a group member alone" \
    why --xml-file "$X/group.xml" g-web node1
golden why-group.json "a group as JSON: members" \
    --output json why --xml-file "$X/group.xml" g
golden why-order "an order whose first cannot run blocks the start" \
    why --xml-file "$X/order.xml" app
golden why-order.json "the order blocker as JSON" \
    --output json why --xml-file "$X/order.xml" app
golden why-stopped "target-role Stopped" \
    why --xml-file "$X/order.xml" db
golden why-quorum "no quorum: no-quorum-policy=stop" \
    why --xml-file "$X/quorum.xml" svc
golden why-unmanaged "is-managed=false" \
    why --xml-file "$X/unmanaged.xml" legacy
golden why-clone "clone instances and clone-max" \
    why --xml-file "$X/clone.xml" pool
golden why-clone-primitive "a cloned primitive by its instances" \
    why --xml-file "$X/clone.xml" worker node1

# relative paths: the transcript must not name the source directory
cd "$X" || exit 1
err 4 "unknown resource" why --xml-file location.xml nosuch
err 4 "unknown node" why --xml-file location.xml web nosuch
err 2 "no resource given" why --xml-file location.xml
err 2 "too many arguments" why --xml-file location.xml web node1 node2
err 3 "a file that is not XML" why --xml-file ../test_hactl_why.sh web
err 4 "a file that does not exist" why --xml-file nosuch.xml web
cd "$tmp" || exit 1
"$HACTL" why --help >"$tmp/out" 2>&1
if grep -q '^Examples\{0,1\}:$' "$tmp/out" && grep -q '^  hactl why ' "$tmp/out"; then pass "--help has an example"
else fail "--help has an example" "$tmp/out"; fi

# ---- the live cluster: the input hacd's scheduler reads ----
err 5 "live without hacd" why web
cli_start_hacd
ok "hacd answers" test -n "$host"
# no fence device here: turn fencing off, as an operator must (else
# resource start-up is disabled)
change "fencing off" property set stonith-enabled false --force
change "create a resource" resource create svc ocf:pacemaker:Dummy
change "prefer this node" constraint location add svc-here svc "$host" 50
golden why-live "live: the location constraint" why svc
golden why-live.json "live as JSON" --output json why svc
change "standby" node standby "$host"
golden why-live-standby "live: the node went to standby" why svc "$host"
err 4 "live: unknown resource" why nosuch

compare why-changes "what the changes printed (transcript)" "$tmp/changes"
compare why-errors "the error paths (transcript)" "$tmp/errors"
cli_end
