#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""The campaign's audits prove themselves (no root, no corosync): on a
clean recording (a small synthetic one, and campaign-recording.json, a
real run of `cts/lab/campaign --seed 6`: a node killed, the promoted
node's corosync stopped and that node fenced, a switchover, moves and
creates) every audit is silent; then one
violation of each kind is planted and the audit meant to catch it must
report it:

  unique        a witness started by hand on a second node while it runs
  promoted-max  a second promote while one instance is promoted
  one-dc        a second node claiming to be DC in the same partition
  writes        a forged acknowledged write missing from the final config
  quorum        a node inquorate for 30 s that still runs its witness
  convergence   a recovery that never settled, one that took 500
                transitions

Also: the witness agent's injected faults (the campaign's agent failures)
fail or hang the named action only."""

import copy
import json
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True
HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import campaign_audit as A  # noqa: E402
import campaign_plan  # noqa: E402

RECORDING = os.path.join(HERE, "campaign-recording.json")
WITNESS = os.path.join(os.path.dirname(os.path.dirname(HERE)), "agents",
                       "ocf", "witness")
N = 0


def ok(cond, desc):
    global N
    N += 1
    print("%sok %d - %s" % ("" if cond else "not ", N, desc), flush=True)
    return cond


def final_xml(prop, attr):
    return ('<cib><configuration><crm_config><cluster_property_set id="o">'
            '<nvpair id="o-1" name="cluster-recheck-interval" value="%s"/>'
            '</cluster_property_set></crm_config><nodes>'
            '<node id="2" uname="node2"><instance_attributes id="n2">'
            '<nvpair id="n2-c" name="campaign" value="%s"/>'
            '</instance_attributes></node></nodes><resources>'
            '<primitive id="w1"><meta_attributes id="w1-m"><nvpair '
            'id="w1-m-s" name="resource-stickiness" value="150"/>'
            '</meta_attributes></primitive><primitive id="c1"/></resources>'
            '<constraints><rsc_location id="cli-prefer-w1" rsc="w1" '
            'node="node2" score="INFINITY"/></constraints></configuration>'
            '</cib>' % (prop, attr))


def synthetic():
    """A clean recording: w1 moves node1 -> node2, db promoted on node1
    then node2, one DC, node3 briefly inquorate (10 s: under the bound),
    five acknowledged writes and an unacknowledged one."""
    nodes = ["node1", "node2", "node3"]
    samples = []
    for t in range(100, 141):
        short = 112 <= t <= 122
        v = {}
        for n in nodes:
            cs = {"quorate": True, "ring": "1.4", "members": [1, 2, 3]}
            hacd = {"dc": "node1", "synced": True, "local": n}
            if n == "node3" and short:
                cs = {"quorate": False, "ring": "3.5", "members": [3]}
                hacd = {"dc": "node3", "synced": True, "local": n}
            elif short:
                cs = dict(cs, ring="1.5", members=[1, 2])
            v[n] = {"cs": cs, "hacd": hacd}
        samples.append({"t": float(t), "nodes": v})
    writes = [
        (105, ["prop", "cluster-recheck-interval"], "11min", 0),
        (106, ["rsc", "c1"], "present", 0),
        (107, ["move", "w1"], "node2", 0),
        (108, ["attr", "node2", "campaign"], "4", 0),
        (109, ["meta", "w1", "resource-stickiness"], "150", 0),
        (110, ["prop", "cluster-recheck-interval"], "12min", 9)]
    return {
        "nodes": nodes,
        "ledger": ["start node1 w1 100.5", "stop node1 w1 110.0",
                   "start node2 w1 111.0", "start node3 c1 106.5"],
        "deaths": [[112.5, "c1", "node3"]],
        "roles": ["promote node1 db 100.8", "demote node1 db 120.0",
                  "promote node2 db 121.0"],
        "downs": [[112.4, "node3"]],
        "samples": samples,
        "writes": [{"t": float(t), "key": k, "value": v, "rc": rc}
                   for t, k, v, rc in writes],
        "final": {"node1": final_xml("11min", "4"),
                  "node2": final_xml("12min", "4"),
                  "node3": final_xml("12min", "4")},
        "recoveries": [{"t0": 112.0, "t1": 130.0, "transitions": 4}],
        "limits": {"promoted_max": 1, "stop_bound_s": 25,
                   "settle_bound_s": 150, "max_transitions": 30}}


# ------------------------------------------------------------ plants --
def open_runs(words, begin, end):
    """[(node, rsc, t)] of begin lines with no end after them."""
    last = {}
    for w in words:
        if w[0] in (begin, end):
            last[(w[1], w[2])] = (w[0], float(w[3]))
    return [(n, r, t) for (n, r), (what, t) in sorted(last.items())
            if what == begin]


def other(rec, node):
    return [n for n in rec["nodes"] if n != node][0]


def plant_unique(rec):
    node, rsc, t = open_runs(A.merged_ledger(rec), "start", "stop")[0]
    rec["ledger"].append("start %s %s %.6f" % (other(rec, node), rsc,
                                               t + 0.1))


def plant_promoted(rec):
    node, rsc, t = open_runs(A.merged_roles(rec), "promote", "demote")[0]
    rec["roles"].append("promote %s %s %.6f" % (other(rec, node), rsc,
                                                t + 0.1))


def plant_dc(rec):
    """Two consecutive rounds: a second member of a partition says it is
    the DC."""
    for i, rnd in enumerate(rec["samples"][:-1]):
        for _key, members in A._partitions(rnd).items():
            if len(members) >= 2 and members[0][1] and members[1][1]:
                fake = members[1][0]
                for r in rec["samples"][i:i + 2]:
                    r["nodes"][fake]["hacd"] = {
                        "dc": fake, "synced": True, "local": fake}
                    r["nodes"][members[0][0]]["hacd"]["dc"] = members[0][0]
                return
    raise AssertionError("no partition of two nodes to plant a DC in")


def plant_write(rec):
    t = rec["samples"][-1]["t"]
    rec["writes"].append({"t": t, "key": ["attr", rec["nodes"][0],
                                          "forged"], "value": "x", "rc": 0})


def plant_quorum(rec):
    """The node of an open witness run stays inquorate for 30 s after the
    end of the recording."""
    node, _rsc, _t = open_runs(A.merged_ledger(rec), "start", "stop")[0]
    last = rec["samples"][-1]
    for k in range(1, 31):
        rnd = copy.deepcopy(last)
        rnd["t"] = last["t"] + k
        rnd["nodes"][node]["cs"] = {"quorate": False, "ring": "x",
                                    "members": [0]}
        rec["samples"].append(rnd)


def plant_unsettled(rec):
    rec["recoveries"][0]["t1"] = None


def plant_loop(rec):
    rec["recoveries"][0]["transitions"] = 500


PLANTS = (("unique", plant_unique, "a witness started by hand on a second "
           "node"),
          ("promoted-max", plant_promoted, "a ledger with two promoted"),
          ("one-dc", plant_dc, "a fake second DC in the samples"),
          ("writes", plant_write, "a forged acknowledged write"),
          ("quorum", plant_quorum, "a node running 30 s without quorum"),
          ("convergence", plant_unsettled, "a recovery that never settled"),
          ("convergence", plant_loop, "a recovery of 500 transitions"))


def prove(name, rec):
    clean = A.run_all(rec)
    ok(not any(clean.values()), "%s: every audit is silent on the clean "
       "recording %s" % (name, {k: v for k, v in clean.items() if v}))
    for audit, plant, what in PLANTS:
        bad = copy.deepcopy(rec)
        plant(bad)
        found = A.run_all(bad)[audit]
        ok(found, "%s: %s -> audit %s reports it: %s"
           % (name, what, audit, found[:1]))


def witness(action, faults, node="n1"):
    env = dict(os.environ, OCF_RESOURCE_INSTANCE="w9",
               OCF_RESKEY_lockfile=os.path.join(faults, "w9.lock"),
               OCF_RESKEY_ledger=os.path.join(faults, "ledger"),
               OCF_RESKEY_faults=faults, OCF_RESKEY_node=node,
               HA_RSCTMP=os.path.join(faults, "tmp"))
    try:
        return subprocess.run(["sh", WITNESS, action], env=env, timeout=3,
                              capture_output=True).returncode
    except subprocess.TimeoutExpired:
        return "hang"


def agent_faults():
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "n1.w9.monitor"), "w") as f:
            f.write("fail\n")
        ok(witness("monitor", d) == 1 and witness("monitor", d, "n2") == 7,
           "witness: an injected monitor failure fails that node's monitor "
           "only (exit 1; another node's says not running, 7)")
        with open(os.path.join(d, "n1.w9.monitor"), "w") as f:
            f.write("hang\n")
        ok(witness("monitor", d) == "hang",
           "witness: an injected hang hangs the monitor")
        os.unlink(os.path.join(d, "n1.w9.monitor"))
        ok(witness("monitor", d) == 7, "witness: without the file the "
           "monitor runs as usual (not running, 7)")


def plans():
    a = campaign_plan.plan(7, 5, 4)
    ok(a == campaign_plan.plan(7, 5, 4) and a != campaign_plan.plan(8, 5, 4),
       "a seed gives the same steps every time, another seed others")


def main():
    recs = [("synthetic", synthetic())]
    if os.path.exists(RECORDING):
        with open(RECORDING) as f:
            recs.append(("recorded seed", json.load(f)))
    print("1..%d" % (len(recs) * (1 + len(PLANTS)) + 4), flush=True)
    for name, rec in recs:
        prove(name, rec)
    agent_faults()
    plans()
    return 0


if __name__ == "__main__":
    sys.exit(main())
