#!/bin/sh
# TAP test: golden files of `hactl group`, `hactl clone`, `hactl defaults`
# and `hactl resource manage|unmanage|refresh` against hacd --fake (a
# one-node simulated cluster without an executor).
#
# After each kind of change the configuration (`hactl config show`) is
# compared with cts/cli/group-NAME.exp; lists and shows are compared in
# text and JSON; every error path is checked for its exit code and
# collected with its message in cts/cli/group-errors.exp, and the refused
# changes must leave the configuration digest as it was.  What the changes
# printed is compared with cts/cli/group-changes.exp.
#
# After a deliberate change of the output, rewrite the golden files with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_group.sh
# and review the diff.
HA_IPC_NAME=ha-cli-group-$$
. "$(dirname "$0")/cli_lib.sh"

cli_start_hacd
ok "hacd answers" test -n "$host"

# ---- nothing configured ----
golden group-empty-list "group list: none" group list
golden group-empty-list.json "group list --output json: []" --output json group list
golden group-empty-clones "clone list: none" clone list
golden group-empty-defaults "defaults list: none" defaults list
golden group-empty-defaults.json "defaults list --output json: empty objects" \
    --output json defaults list
golden group-help "group --help" group --help
golden group-clone-help "clone --help" clone --help
golden group-defaults-help "defaults --help" defaults --help

for r in vip www db ping state; do
    change "create primitive $r" resource create $r ocf:heartbeat:Dummy
done
change "stonith create (for the refusals)" stonith create fence1 fence_dummy

# ---- groups ----
change "group create keeps the order given" group create web www vip
change "group add --before" group add web db --before vip
change "group add --after moves a member" group add web www --after vip
golden group-created "config: web is db, vip, www" config show
golden group-list "group list" group list
golden group-list.json "group list --output json" --output json group list
golden group-show "group show" group show web
change "group remove of one member" group remove web db
change "group add creates a missing group (--output json)" --output json \
    group add solo db
golden group-removed "config: db left web and is alone in solo" config show
change "group remove of the last member deletes the group" group remove solo db
change "group delete (ungroup)" group delete web
golden group-ungrouped "config: all primitives again, in order" config show

change "group create again" group create web vip www
change "colocation on the group" constraint colocation add db-with-web db web INFINITY
change "order naming the group" constraint order add web-then-db web db
golden group-show-constrained "group show lists its constraints" group show web
golden group-show-constrained.json "group show --output json" --output json group show web

# ---- clones ----
change "clone create with counts" clone create ping --max 2 --node-max 1
change "clone create promotable with --id and --meta" clone create state \
    --id state-ms --promotable --promoted-max 1 --promoted-node-max 1 --meta notify=true
change "clone create of a group (--output json)" --output json clone create web
golden group-cloned "config: clones around ping, state and web" config show
golden group-clone-list "clone list" clone list
golden group-clone-list.json "clone list --output json" --output json clone list
golden group-clone-show "clone show (promotable)" clone show state-ms
golden group-clone-show.json "clone show --output json" --output json clone show state-ms
golden group-list-cloned "group list says web is cloned" group list
change "colocation on the clone" constraint colocation add db-with-ping db ping-clone 100

# ---- defaults ----
change "defaults resource set" defaults resource set resource-stickiness=100 \
    migration-threshold=3 failure-timeout=60s
change "defaults op set" defaults op set timeout=30s on-fail=restart record-pending=true
change "defaults resource set changes a value" defaults resource set resource-stickiness=INFINITY
change "defaults resource set --force of an unknown name" defaults resource set \
    x-custom=1 --force
golden group-defaults "config: rsc_defaults and op_defaults" config show
golden group-defaults-list "defaults list" defaults list
golden group-defaults-list.json "defaults list --output json" --output json defaults list
golden group-defaults-op.json "defaults op list --output json" --output json defaults op list
change "defaults resource unset" defaults resource unset x-custom failure-timeout
change "defaults op unset of all removes op_defaults" defaults op unset timeout \
    on-fail record-pending
golden group-defaults-unset "defaults list after unset" defaults list

# ---- manage, unmanage, refresh ----
change "resource unmanage of two" resource unmanage db ping-clone
golden group-unmanaged "config: is-managed=false on db and ping-clone" config show
change "resource manage" resource manage db ping-clone
change "defaults is-managed=false" defaults resource set is-managed=false
change "manage under unmanaged defaults sets is-managed=true" resource manage db
golden group-managed "config: db is-managed=true, ping-clone none" config show
change "defaults is-managed unset" defaults resource unset is-managed
change "resource refresh of a primitive" resource refresh db
change "resource refresh of a cloned group (its members)" resource refresh web-clone
change "resource refresh --node" resource refresh db --node "$host"
change "resource refresh of everything (--output json)" --output json resource refresh

# ---- --wait: without an executor nothing starts, so the cluster never
# settles: the change is made, then the wait runs out (exit 9) ----
waits() {
    desc=$1; shift
    "$HACTL" "$@" >"$tmp/out" 2>"$tmp/err"
    got=$?
    {
        echo "\$ hactl $*"
        cat "$tmp/out" "$tmp/err"
        echo "[exit $got]"
    } | python3 "$tmp/norm.py" text "$host" >> "$tmp/changes"
    if [ "$got" -eq 9 ] && [ -s "$tmp/out" ] \
       && grep -q "did not settle within 1 s" "$tmp/err"; then
        pass "$desc: changed, then exit 9"
    else
        echo "exit $got" | cat - "$tmp/out" "$tmp/err" > "$tmp/both"
        fail "$desc: changed, then exit 9" "$tmp/both"
    fi
}
change "create primitive spare" resource create spare ocf:heartbeat:Dummy
waits "group create --wait=1" group create gw spare --wait=1
waits "group remove --wait=1" group remove gw spare --wait=1
waits "clone create --wait=1" clone create spare --wait=1
waits "clone delete --wait=1" clone delete spare-clone --wait=1
waits "defaults set --wait=1" defaults resource set priority=1 --wait=1
waits "defaults unset --wait=1" defaults resource unset priority --wait=1
waits "resource unmanage --wait=1" resource unmanage spare --wait=1
waits "resource manage --wait=1" resource manage spare --wait=1
waits "resource refresh --wait=1" resource refresh spare --wait=1

# ---- errors: exit codes, messages, and nothing changes ----
before=$(digest)
"$HACTL" config show > "$tmp/before.xml"
err 4 "group create with an unknown member" group create g2 db nosuch
err 4 "group add of an unknown resource" group add g2 nosuch
err 4 "group add --before a non-member" group add web db --before db-with-web
err 4 "group remove from an unknown group" group remove nosuch db
err 4 "group remove of a non-member" group remove web db
err 4 "group delete of an unknown group" group delete nosuch
err 4 "group delete of a primitive" group delete db
err 4 "group show of an unknown group" group show nosuch
err 11 "group create with a taken id" group create db fence1
err 11 "group create with a constraint's id" group create db-with-web db
err 3 "group create with a cloned primitive" group create g2 ping
err 3 "group create with a group member" group create g2 vip
err 3 "group create with a group" group create g2 web
err 3 "group create with a fence device" group create g2 fence1
err 3 "group create naming a member twice" group create g2 db db
err 3 "group add to a primitive" group add db fence1
err 3 "invalid group id" group create 9g db
err 3 "group delete of a cloned group" group delete web
err 3 "group remove of a cloned group's last members" group remove web vip www
err 4 "clone create of an unknown resource" clone create nosuch
err 3 "clone create of a clone" clone create ping-clone
err 3 "clone create of a cloned primitive" clone create ping
err 3 "clone create of a group member" clone create vip
err 3 "clone create of a fence device" clone create fence1
err 11 "clone create with a taken id" clone create db --id web
err 3 "clone create with a bad count" clone create db --max two
err 3 "clone create with a negative count" clone create db --node-max -1
err 3 "clone create with a bad --meta" clone create db --meta =x
err 3 "clone create with a bad id" clone create db --id "a b"
err 2 "clone create --promoted-max without --promotable" clone create db --promoted-max 1
err 4 "clone delete of an unknown clone" clone delete nosuch
err 4 "clone delete of a primitive" clone delete db
err 4 "clone show of an unknown clone" clone show nosuch
err 12 "clone delete of a constrained clone" clone delete ping-clone
err 3 "defaults: unknown resource meta attribute" defaults resource set bogus=1
err 3 "defaults: unknown op meta attribute" defaults op set resource-stickiness=1
err 3 "defaults: stickiness not a score" defaults resource set resource-stickiness=high
err 3 "defaults: migration-threshold not a score" defaults resource set migration-threshold=1.5
err 3 "defaults: priority not a score" defaults resource set priority=x
err 3 "defaults: bad boolean" defaults resource set is-managed=perhaps
err 3 "defaults: bad duration" defaults op set timeout=soon
err 3 "defaults: bad on-fail" defaults op set on-fail=explode
err 3 "defaults: bad target-role" defaults resource set target-role=Running
err 3 "defaults: empty value" defaults resource set resource-stickiness=
err 3 "defaults: no NAME=VALUE" defaults resource set resource-stickiness
err 3 "defaults: one bad item refuses all" defaults resource set priority=1 bogus=2
err 4 "defaults unset of a name not set" defaults resource unset priority
err 4 "defaults unset: one unknown refuses all" defaults resource unset \
    resource-stickiness priority
err 4 "unmanage of an unknown resource" resource unmanage nosuch
err 4 "manage: one unknown refuses all" resource manage db nosuch
err 4 "refresh of an unknown resource" resource refresh nosuch
err 4 "refresh on an unknown node" resource refresh db --node nosuch
err 2 "group without a verb" group
err 2 "unknown group verb" group bogus
err 2 "group create without members" group create g2
err 2 "group --before with create" group create g2 db --before vip
err 2 "group add --before and --after" group add web db --before vip --after www
err 2 "group with an unknown option" group list --bogus
err 2 "group with a bad --wait" group delete web --wait=abc
err 2 "clone without a verb" clone
err 2 "clone create without a resource" clone create
err 2 "clone delete with two ids" clone delete a b
err 2 "defaults without a kind" defaults
err 2 "defaults with an unknown kind" defaults node set a=b
err 2 "defaults set without items" defaults resource set
err 2 "defaults unknown verb" defaults op bogus x
err 2 "manage without an id" resource manage
err 2 "refresh with two ids" resource refresh db vip
err 2 "refresh with an unknown option" resource refresh --bogus
ok "the refused changes changed nothing (same digest)" test "$(digest)" = "$before"
ok "the refused changes changed nothing (same configuration)" sh -c \
    "'$HACTL' config show | cmp -s - '$tmp/before.xml'"

# ---- --force: the constraints go, the members stay ----
change "clone delete --force deletes the constraint naming the clone" \
    clone delete ping-clone --force
change "clone delete of the cloned group (constraints name the group, not the clone)" \
    clone delete web-clone
before=$(digest)
err 12 "group delete of a group constraints name" group delete web
err 12 "group remove of the last members of a group constraints name" \
    group remove web vip www
ok "the unsafe changes refused changed nothing (same digest)" test "$(digest)" = "$before"
change "group remove of one member is safe" group remove web www
change "group add puts it back" group add web www
change "group delete --force deletes both constraints" group delete web --force
change "clone delete of a promotable clone" clone delete state-ms
golden group-forced "config: no clones, no groups, db's constraints gone" config show
golden group-forced-constraints "constraint list: empty" constraint list

compare group-errors "error messages and exit codes (transcript)" "$tmp/errors"
compare group-changes "what the changes printed (transcript)" "$tmp/changes"
cli_end
