#!/bin/sh
# TAP test: `hactl simulate` with --output json and --graph, offline (no
# hacd): golden files of the result (nodes, resources now and next, the
# summary, the executed actions in order, their edges) for a group, a
# clone and a fenced node; the result agrees with itself (every edge joins
# two listed actions, every summary line's resource is placed as it says)
# and with the text report (the same summary); the --graph file is the
# same graph; errors are JSON envelopes with their exit codes.
#
# After a deliberate change of the output, rewrite the golden files with
#   HA_CLI_REGEN=1 make check TESTS=cts/cli/test_hactl_simulate.sh
HA_IPC_NAME=ha-cli-simulate-$$
. "$(dirname "$0")/cli_lib.sh"
cases=$top_srcdir/cts/scheduler

golden simulate-group.json "simulate --output json: a group starts" \
    --output json simulate --xml-file "$cases/0301-group-start.xml"
golden simulate-clone.json "simulate --output json: a clone starts" \
    --output json simulate --xml-file "$cases/0701-clone-start.xml"
golden simulate-fence.json "simulate --output json: an unclean node is fenced" \
    --output json simulate --xml-file "$cases/0601-fence-unclean-node.xml"

# The result is consistent, and says what the text report says.
for c in 0101-colocation-mandatory 0301-group-start 0401-failure-recover \
         0601-fence-unclean-node 0701-clone-start; do
    "$HACTL" --output json simulate --xml-file "$cases/$c.xml" > "$tmp/sim.json"
    "$HACTL" simulate --xml-file "$cases/$c.xml" > "$tmp/sim.txt"
    ok "$c: edges join listed actions, the summary matches the placement and the text" \
        python3 - "$tmp/sim.json" "$tmp/sim.txt" <<'PY'
import json, re, sys
env = json.load(open(sys.argv[1]))
assert env["ok"] and env["exit"] == 0 and env["command"] == "simulate", env
r = env["result"]
ids = {a["id"] for a in r["actions"]}
assert all(f in ids and t in ids for f, t in r["edges"]), r["edges"]
pos = {a["id"]: i for i, a in enumerate(r["actions"])}
assert all(pos[f] < pos[t] for f, t in r["edges"]), "an action before what it waits for"
rsc = {x["id"]: x for x in r["resources"]}
for line in r["summary"]:
    m = re.match(r"Start (\S+) \( (\S+) \)$", line)
    if m:
        assert rsc[m.group(1)]["next_node"] == m.group(2), line
text = open(sys.argv[2]).read().split("Transition Summary:\n")[1].split("\n\n")[0]
squeezed = [" ".join(l.split()[1:]) for l in text.splitlines() if l.strip()]
assert squeezed == r["summary"], (squeezed, r["summary"])
PY
done

# --show-scores adds the score lines; --graph writes the same graph.
"$HACTL" --output json simulate --xml-file "$cases/0301-group-start.xml" \
    --show-scores --graph "$tmp/graph.json" > "$tmp/scores.json"
ok "--show-scores: the result has the score lines" python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["result"]
assert any("allocation score on node2" in s for s in r["scores"]), r["scores"]' \
    "$tmp/scores.json"
ok "--graph: the file is the result's actions and edges" python3 -c '
import json, sys
g = json.load(open(sys.argv[1])); r = json.load(open(sys.argv[2]))["result"]
assert g["format"] == "ha-transition-graph-1", g
assert sorted(g["actions"], key=lambda a: a["id"]) == sorted(r["actions"], key=lambda a: a["id"])
assert g["edges"] == r["edges"]' "$tmp/graph.json" "$tmp/scores.json"
python3 "$tmp/norm.py" json "$host" < "$tmp/graph.json" > "$tmp/graph.norm"
compare simulate-graph.json "--graph: the file (golden)" "$tmp/graph.norm"
"$HACTL" simulate --xml-file "$cases/0301-group-start.xml" --graph /dev/null \
    > "$tmp/plain.txt"
"$HACTL" simulate --xml-file "$cases/0301-group-start.xml" > "$tmp/plain2.txt"
ok "--graph does not change the text report" cmp "$tmp/plain.txt" "$tmp/plain2.txt"

# Errors: the envelope, with the shared exit codes.
cd "$tmp" || exit 1   # messages name the file as given
printf '<cib><configuration>' > broken.xml
cp "$cases/0301-group-start.xml" group.xml
err_json 3 "a file that is not XML" simulate --xml-file broken.xml
err_json 2 "no --xml-file" simulate
err_json 2 "a bad --date" simulate --xml-file group.xml --date yesterday-ish
compare simulate-errors "error envelopes (transcript)" "$tmp/errors"
cd / || exit 1

cli_end
