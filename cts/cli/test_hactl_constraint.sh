#!/bin/sh
# TAP test: golden files of hactl's location rules, colocation and order
# sets, fencing levels, stonith confirm and node list/show/utilization
# against hacd --fake (a one-node simulated cluster, no executor).
#
# Outputs are normalised as in test_hactl_cli.sh (host name -> NODE,
# versions and digests masked) and compared with cts/cli/constraint-*.exp;
# the error paths, with their messages and exit codes, are collected in
# constraint-errors.exp and the changes in constraint-changes.exp.  Every
# refused change must leave the configuration digest as it was.
#
# After a deliberate change of the output, rewrite the golden files with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_constraint.sh
# and review the diff.
HA_IPC_NAME=ha-cli-constraint-$$
. "$(dirname "$0")/cli_lib.sh"

cli_start_hacd
ok "hacd answers" test -n "$host"

# ---- what the constraints refer to ----
change "a primitive" resource create db ocf:heartbeat:Dummy
change "a second one" resource create www ocf:heartbeat:Dummy
change "a third one" resource create vip ocf:heartbeat:Dummy
change "a promotable clone" resource create state ocf:pacemaker:Stateful --promotable
change "a fence device" stonith create fence-a fence_ipmilan ip=10.0.0.1 \
    pcmk_host_list="$host"
change "a second fence device" stonith create fence-b fence_dummy

# ---- location rules ----
change "location rule: and, with --score and an id" constraint location add \
    db-where db --rule 'pingd gt 0 and site eq east' --score 100
change "location rule: or, date and date spec, --role Promoted, default id" \
    constraint location add state-clone --rule \
    "#uname eq $host or date gt 2027-01-01 or date spec hours=9-17 weekdays=1-5" \
    --role Promoted
change "location rule: defined, --score-attribute (--output json)" --output json \
    constraint location add www --rule 'defined pingd' --score-attribute pingd
change "location rule: the id with --id" constraint location add vip --id vip-site \
    --rule 'site ne west'
change "location rule: typed value, not_defined, in_range" constraint location add \
    vip-rule vip --rule 'ram gte integer 512 and not_defined maint and date in_range 2026-01-01 to 2030-12-31' \
    --score -50
change "the positional location form still works" constraint location add \
    db-prefers db "$host" 50

# ---- sets ----
change "colocation of two sets, a role and sequential=false" constraint colocation add \
    --set 'db www sequential=false' --set 'state-clone role=Promoted' --score 500
change "order of two sets with options, --kind and --id" constraint order add \
    --set 'vip db' --set 'www require-all=false action=start' --kind Optional --id ord-sets
change "order of one set, not symmetrical (default id)" constraint order add \
    --set 'vip www' --no-symmetrical

golden constraint-list "constraint list: rules and sets" constraint list
golden constraint-list.json "constraint list --output json: rules and sets" \
    --output json constraint list
golden constraint-config "the XML the rules and sets became" config show

# ---- fencing levels ----
golden constraint-levels-empty "stonith level list: none" stonith level list
change "level 1: one device" stonith level add "$host" 1 fence-a
change "level 2: two devices (--output json)" --output json stonith level add \
    "$host" 2 fence-a,fence-b
change "level 3" stonith level add "$host" 3 fence-b
golden constraint-levels "stonith level list" stonith level list
golden constraint-levels.json "stonith level list NODE --output json" \
    --output json stonith level list "$host"
golden constraint-levels-other "stonith level list of a node without levels" \
    stonith level list other
change "level delete NODE LEVEL" stonith level delete "$host" 3
golden constraint-levels-deleted "level 3 is gone" stonith level list

# ---- nodes ----
change "node utilization: set two" node utilization "$host" cpu=8 memory=16384
change "node utilization: set one, unset one" node utilization "$host" cpu=4 memory=
change "node standby (a permanent attribute)" node standby "$host"
ok "a transient attribute" "$HACTL" node attribute "$host" pingd 5
golden constraint-node-list "node list" node list
golden constraint-node-list.json "node list --output json" --output json node list
golden constraint-node-show "node show" node show "$host"
golden constraint-node-show.json "node show --output json" --output json node show "$host"
golden constraint-node-util "node utilization (show)" node utilization "$host"
golden constraint-node-util.json "node utilization --output json" \
    --output json node utilization "$host"
golden constraint-node-config "the <nodes> section with utilization" config show

# ---- refused: every error path, nothing changes ----
before=$(digest)
err 10 "rule mixing and/or" constraint location add www --rule 'a eq 1 and b eq 2 or c eq 3'
err 10 "rule with parentheses" constraint location add www --rule '( a eq 1 )'
err 10 "date spec part the scheduler ignores" constraint location add www --rule 'date spec moon=1'
err 10 "rule for role Unpromoted" constraint location add state-clone --rule 'a eq 1' --role Unpromoted
err 3 "rule with an unknown operator" constraint location add www --rule 'pingd like 1'
err 3 "rule without a value" constraint location add www --rule 'pingd gt'
err 3 "rule with a bad date" constraint location add www --rule 'date gt tomorrow'
err 3 "rule with in_range but no 'to'" constraint location add www --rule 'date in_range 2027-01-01 2028-01-01'
err 3 "rule with a bad date spec range" constraint location add www --rule 'date spec hours=9-'
err 3 "rule with an unknown date spec part" constraint location add www --rule 'date spec fortnights=1'
err 3 "rule ending in 'and'" constraint location add www --rule 'a eq 1 and'
err 3 "rule with a bad score" constraint location add www --rule 'a eq 1' --score lots
err 3 "rule with a bad role" constraint location add www --rule 'a eq 1' --role Boss
err 3 "rule for role Promoted of a resource that is not promotable" constraint location add \
    www --rule 'a eq 1' --role Promoted
err 3 "rule with an invalid id" constraint location add 1bad www --rule 'a eq 1'
err 2 "rule with --score and --score-attribute" constraint location add www --rule 'a eq 1' \
    --score 1 --score-attribute pingd
err 4 "rule for an unknown resource" constraint location add nosuch --rule 'a eq 1'
err 11 "rule with an id taken" constraint location add db-where db --rule 'a eq 1'
err 2 "location rule with the id given twice" constraint location add db-x db \
    --rule 'a eq 1' --id db-y
err 10 "order set with role" constraint order add --set 'vip role=Promoted'
err 10 "colocation set with require-all" constraint colocation add --set 'vip www require-all=false'
err 10 "set with ordering" constraint order add --set 'vip www ordering=listed'
err 3 "set with an unknown option" constraint colocation add --set 'vip www colour=red'
err 3 "set with a bad boolean" constraint order add --set 'vip www sequential=perhaps'
err 3 "set with a bad action" constraint order add --set 'vip www action=explode'
err 3 "set without resources" constraint order add --set 'sequential=false'
err 3 "sets naming a resource twice" constraint colocation add --set 'vip www' --set 'vip'
err 3 "set constraint with a bad score" constraint colocation add --set 'vip www' --score lots
err 3 "set constraint with a bad --kind" constraint order add --set 'vip www' --kind Sometimes
err 4 "set with an unknown resource" constraint order add --set 'vip nosuch'
err 11 "set constraint with an id taken" constraint order add --set 'vip www' --id ord-sets
err 2 "--score on an order of sets" constraint order add --set 'vip www' --score 5
err 2 "--set on a location" constraint location add db --set 'vip www'
err 2 "--rule on a colocation" constraint colocation add --set 'vip www' --rule 'a eq 1'
err 11 "level that exists" stonith level add "$host" 1 fence-b
err 3 "level 0" stonith level add "$host" 0 fence-a
err 3 "level 10" stonith level add "$host" 10 fence-a
err 3 "level that is not a number" stonith level add "$host" one fence-a
err 3 "devices with a hole" stonith level add "$host" 4 fence-a,,fence-b
err 4 "level with an unknown device" stonith level add "$host" 4 fence-a,nosuch
err 4 "level with a resource that is not a fence device" stonith level add "$host" 4 db
err 4 "level for an unknown node" stonith level add nosuch 1 fence-a
err 4 "delete of a level that does not exist" stonith level delete "$host" 7
err 4 "delete of the levels of a node without any" stonith level delete other
err 2 "level without a verb" stonith level
err 2 "level add with too few arguments" stonith level add "$host" 1
err 12 "confirm without --force is refused as unsafe" stonith confirm "$host"
err 12 "stonith delete of a device that levels use is refused as unsafe" \
    stonith delete fence-a
err 12 "resource delete of a device that levels use, too" resource delete fence-b
err 4 "confirm of an unknown node" stonith confirm nosuch --force
err 2 "confirm without a node" stonith confirm --force
err 3 "utilization that is negative" node utilization "$host" cpu=-1
err 3 "utilization that is not a number" node utilization "$host" cpu=fast
err 2 "utilization without a name" node utilization "$host" =4
err 4 "utilization of an unknown node" node utilization nosuch cpu=1
err 4 "node show of an unknown node" node show nosuch
ok "the refused changes changed nothing (same digest)" test "$(digest)" = "$before"
compare constraint-errors "error messages and exit codes (transcript)" "$tmp/errors"

# ---- deletes and the operator's confirmation ----
change "stonith delete --force: out of level 2, and level 1 it left empty" \
    stonith delete fence-a --force
golden constraint-levels-forced "the levels without the deleted device" \
    stonith level list
change "level delete NODE (all of them)" stonith level delete "$host"
golden constraint-levels-none "no levels left" stonith level list
change "constraint delete of a rule" constraint delete db-where
change "constraint delete of sets" constraint delete ord-sets
golden constraint-deleted "the rule and the sets are gone" constraint list
change "stonith confirm NODE --force" stonith confirm "$host" --force
"$HACTL" stonith history "$host" \
    | sed 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9] [0-9:]\{8\}/TIME/' \
    | python3 "$tmp/norm.py" text "$host" > "$tmp/hist"
compare constraint-history "stonith history shows the confirmation by an operator" "$tmp/hist"
"$HACTL" --output json stonith history \
    | python3 -c 'import json,sys; d=json.load(sys.stdin)["result"]; [e.pop("completed") for e in d]; print(json.dumps(d, indent=2))' \
    | python3 "$tmp/norm.py" json "$host" > "$tmp/hist.json"
compare constraint-history.json "stonith history --output json: the confirmation" "$tmp/hist.json"
compare constraint-changes "what the changes printed (transcript)" "$tmp/changes"

cli_end
