#!/bin/sh
# cts/cli/test_hactl_property.sh - `hactl property` against hacd --fake:
# set (NAME=VALUE..., the older NAME VALUE), unset, get, list [--all] in
# text and JSON; unknown names refused unless --force, bad values refused
# by hacd, and every refusal leaves the configuration as it was.
HA_IPC_NAME=ha-cli-property-$$
. "$(dirname "$0")/cli_lib.sh"

err 5 "property list without hacd" property list
cli_start_hacd

golden property-empty "no property set" property list
change "set two at once (fencing off needs --force)" property set --force stonith-enabled=false no-quorum-policy=ignore
change "the older form NAME VALUE" property set maintenance-mode false
change "set --wait" property set symmetric-cluster=true --wait=10
change "set --output json" --output json property set cluster-name=demo
golden property-list "list: what is set" property list
golden property-list.json "list --output json" --output json property list
golden property-all "list --all: defaults and what ha acts on" property list --all
golden property-get "get" property get no-quorum-policy
golden property-get.json "get --output json" --output json property get no-quorum-policy
change "unset two" property unset cluster-name maintenance-mode
change "--force stores an unknown name" property set --force my-site-option=42

before=$(digest)
err 12 "fencing off without --force: refused as unsafe" property set stonith-enabled=false
err 12 "fencing off in another spelling without --force" property set stonith-enabled no
err 3 "a misspelt name" property set stonith-enable=false
err 3 "one bad name refuses all" property set no-quorum-policy=stop stonith-enable=false
err 3 "an invalid name" property set '1x=2'
err 3 "an empty value" property set no-quorum-policy=
err 3 "a bad value (hacd validates)" property set no-quorum-policy=sometimes
err 3 "a bad duration (hacd validates)" property set stonith-timeout=soon
err 3 "a control character (not XML: no member could apply it)" \
    property set "cluster-name=bad$(printf '\026')name"
err 2 "set without a property" property set
err 2 "set with a bare word" property set stonith-enabled false extra
err 2 "an unknown option" property set --now no-quorum-policy=stop
err 4 "get of a property not set" property get cluster-name
err_json 4 "get --output json of a property not set" property get cluster-name
err 2 "list with a bad flag" property list --everything
after=$(digest)
if [ "$before" = "$after" ]; then pass "the refusals changed nothing"; else fail "the refusals changed the configuration"; fi
golden property-final "after unset and --force" property list

compare property-changes "changes (transcript)" "$tmp/changes"
compare property-errors "errors (transcript)" "$tmp/errors"
cli_end
