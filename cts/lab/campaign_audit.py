# SPDX-License-Identifier: LGPL-2.1-or-later
"""The audits of the fault campaign (cts/lab/campaign), on a recording.

A recording is a dict (stored as JSON by the runner, so that the audits
can be run again, and proven, without corosync):

  ledger      witness ledger lines ("start|stop|conflict NODE RSC EPOCH")
  deaths      [[epoch, rsc, node]]: a holder seen dying without its stop
              (kill -9, fencing): the end of that run interval
  roles       role ledger lines of ocf:ha:promotable ("promote|demote ...")
  downs       [[epoch, node]]: a node killed or powered off (its promoted
              role, if any, ends there)
  samples     [{"t": epoch, "nodes": {node: {"cs": {"quorate", "ring",
              "members"} | null, "hacd": {"dc", "synced", "local"} |
              null}}}]: rounds of corosync's and hacd's view of each node
  writes      [{"t", "key": [...], "value", "rc"}]: every write sent,
              with hactl's exit status (0 = acknowledged)
  final       {node: configuration XML} read after the last recovery
  recoveries  [{"t0", "t1" (settled, or null), "transitions"}]
  limits      {"promoted_max", "stop_bound_s", "settle_bound_s",
               "max_transitions"}

Each audit returns a list of violations (strings); [] means it holds.
The ledgers are judged by agents/ocf/witness-check, the same checker as
every other lab test.
"""

import os
import subprocess
import tempfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
WITNESS_CHECK = os.path.join(os.path.dirname(os.path.dirname(HERE)),
                             "agents", "ocf", "witness-check")
DC_PERSIST_ROUNDS = 2


def _lines(raw, kinds):
    out = []
    for ln in raw:
        w = ln.split()
        if len(w) == 4 and w[0] in kinds:
            try:
                out.append((float(w[3]), w))
            except ValueError:
                pass
    return out


def merged_ledger(rec):
    """Witness ledger lines with the seen holder deaths as stops, in time
    order (list of word lists)."""
    lines = _lines(rec.get("ledger", []), ("start", "stop", "conflict"))
    for t, rsc, node in rec.get("deaths", []):
        lines.append((float(t), ["stop", node, rsc, "%.6f" % t]))
    return [w for _t, w in sorted(lines, key=lambda x: x[0])]


def merged_roles(rec):
    """Role ledger lines with a demote of every resource at each node
    down (a killed node holds no role)."""
    lines = _lines(rec.get("roles", []), ("promote", "demote"))
    rscs = {w[2] for _t, w in lines}
    for t, node in rec.get("downs", []):
        for r in rscs:
            lines.append((float(t), ["demote", node, r, "%.6f" % t]))
    return [w for _t, w in sorted(lines, key=lambda x: x[0])]


def _witness_check(words, extra=()):
    with tempfile.NamedTemporaryFile("w", suffix=".ledger",
                                     delete=False) as f:
        f.write("".join(" ".join(w) + "\n" for w in words))
        path = f.name
    try:
        r = subprocess.run(["sh", WITNESS_CHECK] + list(extra) + [path],
                           capture_output=True, text=True)
    finally:
        os.unlink(path)
    out = (r.stdout + r.stderr).strip().splitlines()
    if r.returncode == 0:
        return []
    return [x for x in out if not x.startswith("witness-check:")] or out


def audit_unique(rec):
    """No unique resource active on two nodes at any moment."""
    return _witness_check(merged_ledger(rec))


def audit_promoted(rec):
    """Never more promoted instances than promoted-max."""
    words = merged_roles(rec)
    if not words:
        return []
    return _witness_check(words, ["--promoted-max", str(
        rec.get("limits", {}).get("promoted_max", 1))])


def _partitions(rnd):
    """{(ring, members): [(node, hacd view)]} of one sample round."""
    parts = {}
    for node, v in sorted(rnd.get("nodes", {}).items()):
        cs = v.get("cs")
        if not cs:
            continue
        key = (cs.get("ring"), tuple(cs.get("members") or []))
        parts.setdefault(key, []).append((node, v.get("hacd")))
    return parts


def _dc_problem(members):
    synced = [(n, h) for n, h in members if h and h.get("synced")]
    dcs = sorted({h.get("dc") for _n, h in synced if h.get("dc")})
    selves = sorted(n for n, h in members if h and h.get("dc") == n)
    if len(selves) > 1:
        return "%s each claim to be DC" % ",".join(selves)
    if len(dcs) > 1:
        return "synced members name different DCs %s" % ",".join(dcs)
    return None


def audit_dc(rec):
    """One DC per partition: in no partition (one corosync ring) do two
    nodes claim to be DC, or synced members name different DCs, in
    DC_PERSIST_ROUNDS consecutive sample rounds (one round is not
    atomic: a change of DC may be caught half way)."""
    out, streak = [], {}
    for rnd in rec.get("samples", []):
        now = {}
        for key, members in _partitions(rnd).items():
            problem = _dc_problem(members)
            if problem:
                now[key] = streak.get(key, 0) + 1
                if now[key] == DC_PERSIST_ROUNDS:
                    out.append("at %.3f, partition %s (ring %s): %s"
                               % (rnd["t"], list(key[1]), key[0], problem))
        streak = now
    return out


# -------------------------------------------------------------- writes --
def config_value(root, key):
    """The value key (a write's key) has in a configuration, or None."""
    kind = key[0]
    if kind == "rsc":
        return "present" if root.find(
            ".//resources//primitive[@id='%s']" % key[1]) is not None \
            else None
    if kind == "meta":
        p = root.find(".//resources//primitive[@id='%s']" % key[1])
        nv = None if p is None else p.find(
            "meta_attributes/nvpair[@name='%s']" % key[2])
        return None if nv is None else nv.get("value")
    if kind == "move":
        for loc in root.iter("rsc_location"):
            if (loc.get("id", "").startswith("cli-prefer-%s" % key[1])
                    and loc.get("rsc") == key[1]):
                return loc.get("node")
        return None
    if kind == "attr":
        n = root.find(".//nodes/node[@uname='%s']" % key[1])
        nv = None if n is None else n.find(
            "instance_attributes/nvpair[@name='%s']" % key[2])
        return None if nv is None else nv.get("value")
    if kind == "prop":
        nv = root.find(".//crm_config//nvpair[@name='%s']" % key[1])
        return None if nv is None else nv.get("value")
    raise ValueError("unknown write key %r" % (key,))


def expected_values(writes):
    """{key: set of acceptable final values}: the value of the last
    acknowledged write, or any value written since without an
    acknowledgement (a failed write may or may not have been applied)."""
    want = {}
    for w in sorted(writes, key=lambda x: x["t"]):
        key = tuple(w["key"])
        if w["rc"] == 0:
            want[key] = {w["value"]}
        elif key in want:
            want[key].add(w["value"])
    return want


def audit_writes(rec):
    """No acknowledged write lost: every key an acknowledged write set has
    that value (or a later unacknowledged one) in the final configuration
    of every node."""
    out = []
    want = expected_values(rec.get("writes", []))
    finals = rec.get("final", {})
    if want and not finals:
        return ["no final configuration was read"]
    for node, text in sorted(finals.items()):
        try:
            root = ET.fromstring(text)
        except ET.ParseError as e:
            out.append("%s: final configuration unreadable: %s" % (node, e))
            continue
        for key, ok in sorted(want.items()):
            have = config_value(root, key)
            if have not in ok:
                out.append("%s: %s is %r, acknowledged %s"
                           % (node, "/".join(key), have, sorted(ok)))
    return out


# -------------------------------------------------------------- quorum --
def inquorate_spans(rec):
    """{node: [(t_first, t_last)]} of runs of consecutive samples in which
    the node's corosync was down or not quorate."""
    spans, start, last = {}, {}, {}
    for rnd in rec.get("samples", []):
        for node, v in rnd.get("nodes", {}).items():
            cs = v.get("cs")
            if not cs or not cs.get("quorate"):
                start.setdefault(node, rnd["t"])
                last[node] = rnd["t"]
            elif node in start:
                spans.setdefault(node, []).append((start.pop(node),
                                                   last[node]))
    for node, t0 in start.items():
        spans.setdefault(node, []).append((t0, last[node]))
    return spans


def active_at(words, node, t, begin, end):
    """Resources whose last begin/end line on node before t is a begin."""
    last = {}
    for w in words:
        if float(w[3]) > t:
            break
        if w[1] == node and w[0] in (begin, end):
            last[w[2]] = w[0]
    return sorted(r for r, what in last.items() if what == begin)


def audit_quorum(rec):
    """Nothing runs without quorum: a node whose corosync stayed inquorate
    (or down) for longer than the stop bound has, at the bound, no witness
    running and no promoted instance (it stopped them, or was fenced)."""
    bound = float(rec.get("limits", {}).get("stop_bound_s", 25))
    ledger, roles = merged_ledger(rec), merged_roles(rec)
    out = []
    for node, spans in sorted(inquorate_spans(rec).items()):
        for t0, t1 in spans:
            if t1 - t0 < bound:
                continue
            at = t0 + bound
            running = (active_at(ledger, node, at, "start", "stop")
                       + active_at(roles, node, at, "promote", "demote"))
            if running:
                out.append("%s inquorate from %.3f to %.3f still ran %s "
                           "%.0f s in" % (node, t0, t1, ",".join(running),
                                          bound))
    return out


def audit_convergence(rec):
    """After each recovery the cluster settled within the bound, in a
    bounded number of transitions (a scheduling loop never settles)."""
    lim = rec.get("limits", {})
    most = int(lim.get("max_transitions", 25))
    out = []
    for i, r in enumerate(rec.get("recoveries", [])):
        if r.get("t1") is None:
            out.append("recovery %d (from %.3f) did not settle within %s s"
                       % (i + 1, r["t0"], lim.get("settle_bound_s")))
        elif r.get("transitions", 0) > most:
            out.append("recovery %d took %d transitions (at most %d)"
                       % (i + 1, r["transitions"], most))
    return out


AUDITS = (("unique", audit_unique), ("promoted-max", audit_promoted),
          ("one-dc", audit_dc), ("writes", audit_writes),
          ("quorum", audit_quorum), ("convergence", audit_convergence))


def run_all(rec, final=True):
    """{audit name: [violations]}; final=False leaves out the audits that
    need the end of the run (writes, convergence)."""
    out = {}
    for name, fn in AUDITS:
        if final or name not in ("writes", "convergence"):
            out[name] = fn(rec)
    return out
