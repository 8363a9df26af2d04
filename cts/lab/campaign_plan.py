# SPDX-License-Identifier: LGPL-2.1-or-later
"""The step list of one fault campaign seed (cts/lab/campaign).

plan(seed, nodes, rounds) is a pure function: the same seed, node count and
number of rounds always give the same list of steps, so that `campaign
--seed N` replays a run.  A round is one fault, writes while it lasts, a
recovery (heal, restart what is dead, wait until the cluster settles) and
writes after it.  Targets that only exist at run time ("dc", the node where
a resource runs, the promoted node) are symbolic here and resolved (and
logged) by the runner; a write is sent from the first node of its `via`
list that runs hacd.

Steps are dicts with "op":
  kill_hacd / kill_execd / kill_node / stop_corosync / restart_hacd  node
  split      groups (lists of node names; every cross pair cut)
  isolate    node (unplugged from the switch)
  agent_fault  rsc, action (monitor|stop|start), mode (fail|hang)
  write      kind (create|update|move|attr|prop) and its arguments, via
  switchover node (the promoted role moves there)
  pause      s
  recover    (heal, clear agent faults, restart, settle, cleanup)
"""

import random

FAULTS = ("kill_hacd", "kill_execd", "kill_node", "split_minority",
          "split_symmetric", "isolate", "stop_corosync", "restart_hacd",
          "agent_fault", "switchover")
BASE_RESOURCES = ("w1", "w2", "w3")
WRITES = ("create", "update", "move", "attr", "prop")


def node_names(n):
    return ["node%d" % i for i in range(1, n + 1)]


def target(rng, nodes):
    """A fault target: a fixed node, or the DC / a resource's node."""
    return rng.choice(list(nodes) + ["dc", "holder:w1", "promoted"])


def splits(rng, nodes, symmetric):
    """Groups of a partition: a minority and a majority, or (symmetric)
    halves of equal size where possible, every node alone for 3 nodes."""
    order = list(nodes)
    rng.shuffle(order)
    n = len(order)
    if not symmetric:
        k = rng.randint(1, (n - 1) // 2)
        return [sorted(order[:k]), sorted(order[k:])]
    if n % 2 == 1 and n <= 3:
        return [[x] for x in sorted(order)]
    half = n // 2
    groups = [sorted(order[:half]), sorted(order[half:2 * half])]
    if n % 2:
        groups.append([order[-1]])
    return groups


def fault_step(rng, nodes, kind):
    if kind in ("kill_hacd", "kill_execd", "kill_node", "stop_corosync",
                "restart_hacd", "isolate"):
        return {"op": kind, "node": target(rng, nodes)}
    if kind in ("split_minority", "split_symmetric"):
        return {"op": "split", "groups": splits(
            rng, nodes, kind == "split_symmetric")}
    if kind == "agent_fault":
        return {"op": "agent_fault", "rsc": rng.choice(BASE_RESOURCES),
                "action": rng.choice(("monitor", "monitor", "stop")),
                "mode": rng.choice(("fail", "hang"))}
    return {"op": "switchover", "node": rng.choice(list(nodes))}


def write_step(rng, nodes, serial):
    """A configuration write; serial makes ids and values unique."""
    kind = rng.choice(WRITES)
    via = list(nodes)
    rng.shuffle(via)
    step = {"op": "write", "kind": kind, "via": via}
    if kind == "create":
        step["rsc"] = "c%d" % serial
    elif kind == "update":
        step.update(rsc=rng.choice(BASE_RESOURCES),
                    value=str(100 + serial))
    elif kind == "move":
        step.update(rsc=rng.choice(BASE_RESOURCES),
                    node=rng.choice(list(nodes)))
    elif kind == "attr":
        step.update(node=rng.choice(list(nodes)), value=str(serial))
    else:
        step["value"] = "%dmin" % (10 + serial)
    return step


def plan(seed, n_nodes, rounds):
    """The steps of seed on n_nodes nodes, rounds faults long."""
    rng = random.Random("ha-campaign-%d-%d" % (seed, n_nodes))
    nodes = node_names(n_nodes)
    steps = []
    serial = 0
    for _ in range(rounds):
        fault = fault_step(rng, nodes, rng.choice(FAULTS))
        steps.append(fault)
        for _w in range(rng.randint(0, 2)):
            steps.append({"op": "pause", "s": round(rng.uniform(0, 3), 1)})
            serial += 1
            steps.append(write_step(rng, nodes, serial))
        # a partition lasts past the quorum audit's stop bound (25 s after
        # corosync reports the loss), so that a side without quorum is
        # judged on what it still runs
        lo, hi = (30, 36) if fault["op"] in ("split", "isolate") else (2, 10)
        steps.append({"op": "pause", "s": round(rng.uniform(lo, hi), 1)})
        steps.append({"op": "recover"})
        for _w in range(rng.randint(0, 1)):
            serial += 1
            steps.append(write_step(rng, nodes, serial))
    return steps


def describe(step):
    """One line for a step."""
    rest = " ".join("%s=%s" % (k, ",".join(v) if isinstance(v, list) and
                               k == "via" else v)
                    for k, v in step.items() if k not in ("op", "via"))
    return ("%s %s" % (step["op"], rest)).strip()
