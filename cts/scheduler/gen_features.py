#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Small random CIBs that combine the scheduler features where ha and
Pacemaker have been seen to disagree: promotable clones with role
colocations and promotion scores, plain clones, groups, utilization with
tight capacity, finite negative colocations, colocation and order sets
(sequential / require-all), one-way and Optional / Serialize orders,
failed starts and monitors in history, nodes down, no-quorum-policy.

    gen_features.py SEED [--mix] [-o FILE]

--mix: each cluster also combines utilization (clone instances included),
colocation and order sets with the promotable clone's roles, and failures
under a migration-threshold (the same seed without --mix is unchanged).

The same seed always gives the same CIB.  Operation digests are taken once
from crm_simulate (as ../shared/bench/gen_cib.py does) so that recorded
operations match their definitions; without crm_simulate they are left
out."""

import os
import random
import re
import subprocess
import sys
import tempfile
import xml.sax.saxutils as su

FEATURE_SET = "3.16.1"
UUID = "00000000-0000-0000-0000-000000000000"
MON, MON_P = 10000, 11000   # monitor intervals (ms): default / Promoted
_digests = None


def q(s):
    return su.quoteattr(str(s))


class Cib:
    """What one seed draws: configuration and history."""

    def __init__(self, seed, mix=False):
        self.mix = mix
        self.m = random.Random(seed * 7919 + 17)   # mix draws only
        self.rnd = rnd = random.Random(seed)
        self.nodes = ["node%d" % i for i in range(1, rnd.randint(2, 4) + 1)]
        self.util = rnd.random() < 0.3
        self.strategy = rnd.choice(["utilization", "balanced", "minimal"])
        self.capacity = {n: rnd.randint(1, 3) for n in self.nodes}
        self.stonith = rnd.random() < 0.3
        self.quorum = rnd.random() < 0.85
        self.nqp = rnd.choice(["stop", "freeze", "ignore", "demote"])
        self.stickiness = rnd.choice([0, 0, 1, 100])
        self.down = set()
        if len(self.nodes) > 2 and rnd.random() < 0.2:
            self.down.add(rnd.choice(self.nodes[1:]))
        self.prims = ["r%d" % i for i in range(1, rnd.randint(1, 4) + 1)]
        self.group = (["g1", ["g1m%d" % i for i in
                              range(1, rnd.randint(2, 3) + 1)]]
                      if rnd.random() < 0.5 else None)
        self.ms = "ms1" if rnd.random() < 0.6 else None
        self.cl = "cl1" if rnd.random() < 0.3 else None
        self.need = {r: rnd.randint(1, 2) for r in self.all_prims()}
        self.items = list(self.prims)
        if self.group:
            self.items.append(self.group[0])
        for c in (self.ms, self.cl):
            if c:
                self.items.append(c)
        self.constraints = []
        self.draw_constraints()
        self.promotion = {}
        if self.ms and rnd.random() < 0.6:
            for n in self.nodes:
                if rnd.random() < 0.7:
                    self.promotion[n] = rnd.choice([5, 10, 100])
        self.threshold = None
        if mix:
            self.draw_mix()

    def draw_mix(self):
        """--mix: every cluster also combines utilization (clone instances
        included), colocation and order sets with the promotable clone's
        roles, and failures under a migration-threshold.  Drawn from a
        stream of its own: without --mix a seed gives the same CIB."""
        m, cs = self.m, self.constraints
        self.util = True
        for c in (self.ms, self.cl):
            if c:
                self.need[self.child(c)] = m.randint(1, 2)
        self.threshold = m.choice([1, 2, 3])
        others = [i for i in self.items if i != self.ms]
        if self.ms and others:
            picks = m.sample(others, min(len(others), 2))
            cs.append('<rsc_colocation id="mset" score="%s">'
                      '<resource_set id="mset-a" sequential="%s">%s'
                      '</resource_set><resource_set id="mset-b" role="%s">'
                      '%s</resource_set></rsc_colocation>'
                      % (m.choice(["INFINITY", "100", "-INFINITY"]),
                         m.choice(["true", "false"]),
                         self.refs("mset-a", picks),
                         m.choice(["Promoted", "Unpromoted"]),
                         self.refs("mset-b", [self.ms])))
            cs.append('<rsc_order id="mord" kind="%s">'
                      '<resource_set id="mord-a" action="promote">%s'
                      '</resource_set><resource_set id="mord-b" '
                      'action="start" require-all="%s">%s</resource_set>'
                      '</rsc_order>'
                      % (m.choice(["Mandatory", "Optional"]),
                         self.refs("mord-a", [self.ms]),
                         m.choice(["true", "false"]),
                         self.refs("mord-b", picks)))

    def all_prims(self):
        return self.prims + (self.group[1] if self.group else [])

    def child(self, clone):
        return {"ms1": "st1", "cl1": "d1"}[clone]

    def role_attrs(self, item, attr):
        if item == self.ms and self.rnd.random() < 0.6:
            role = self.rnd.choice(["Promoted", "Unpromoted", "Started"])
            return ' %s="%s"' % (attr, role)
        return ""

    def draw_constraints(self):
        rnd, cs = self.rnd, self.constraints
        scores = ["INFINITY", "100", "-10", "-500", "-INFINITY"]
        for k in range(rnd.randint(0, 3)):
            a, b = rnd.sample(self.items, 2) if len(self.items) > 1 else (
                None, None)
            if a is None:
                break
            cs.append('<rsc_colocation id="col%d" rsc="%s" with-rsc="%s" '
                      'score="%s"%s%s/>'
                      % (k, a, b, rnd.choice(scores),
                         self.role_attrs(a, "rsc-role"),
                         self.role_attrs(b, "with-rsc-role")))
        if rnd.random() < 0.25 and len(self.prims) >= 2:
            members = rnd.sample(self.prims, min(len(self.prims), 3))
            seq = rnd.choice(["true", "false"])
            cs.append('<rsc_colocation id="cset" score="%s">'
                      '<resource_set id="cset-s" sequential="%s">%s'
                      '</resource_set></rsc_colocation>'
                      % (rnd.choice(scores), seq, self.refs("cset-s",
                                                            members)))
        for k in range(rnd.randint(0, 3)):
            if len(self.items) < 2:
                break
            a, b = rnd.sample(self.items, 2)
            kind = rnd.choice(["Mandatory", "Mandatory", "Optional",
                               "Serialize"])
            sym = rnd.choice(["", "", ' symmetrical="false"'])
            act = ""
            if a == self.ms and rnd.random() < 0.5:
                act = ' first-action="promote"'
            cs.append('<rsc_order id="ord%d" first="%s" then="%s" '
                      'kind="%s"%s%s/>' % (k, a, b, kind, sym, act))
        if rnd.random() < 0.25 and len(self.items) >= 3:
            picks = rnd.sample(self.items, 3)
            cs.append('<rsc_order id="oset" kind="%s">'
                      '<resource_set id="oset-a" sequential="false" '
                      'require-all="%s">%s</resource_set>'
                      '<resource_set id="oset-b">%s</resource_set>'
                      '</rsc_order>'
                      % (rnd.choice(["Mandatory", "Optional"]),
                         rnd.choice(["true", "false"]),
                         self.refs("oset-a", picks[:2]),
                         self.refs("oset-b", picks[2:])))
        for k in range(rnd.randint(0, 3)):
            it = rnd.choice(self.items)
            nd = rnd.choice(self.nodes)
            sc = rnd.choice(["50", "100", "INFINITY", "-INFINITY"])
            if it == self.ms and rnd.random() < 0.4:
                cs.append('<rsc_location id="loc%d" rsc="%s"><rule id="loc%d-r"'
                          ' role="Promoted" score="%s"><expression '
                          'id="loc%d-e" attribute="#uname" operation="eq" '
                          'value="%s"/></rule></rsc_location>'
                          % (k, it, k, sc, k, nd))
            else:
                cs.append('<rsc_location id="loc%d" rsc="%s" node="%s" '
                          'score="%s"/>' % (k, it, nd, sc))

    @staticmethod
    def refs(set_id, members):
        return "".join('<resource_ref id="%s"/>' % m for m in members)

    # ---- configuration
    def prim(self, r, agent="Dummy"):
        ops = ('<op id="%s-mon" name="monitor" interval="10s" timeout="20s"/>'
               % r)
        if agent == "Stateful":
            ops = ('<op id="%s-mon" name="monitor" interval="10s" '
                   'timeout="20s" role="Unpromoted"/>'
                   '<op id="%s-monp" name="monitor" interval="11s" '
                   'timeout="20s" role="Promoted"/>' % (r, r))
        util = ""
        if self.util and r in self.need:
            util = ('<utilization id="%s-u"><nvpair id="%s-u-cpu" name="cpu" '
                    'value="%d"/></utilization>' % (r, r, self.need[r]))
        return ('<primitive id="%s" class="ocf" provider="pacemaker" '
                'type="%s">%s<operations>%s</operations></primitive>'
                % (r, agent, util, ops))

    def config(self, w):
        opts = {"stonith-enabled": "true" if self.stonith else "false",
                "no-quorum-policy": self.nqp,
                "placement-strategy": self.strategy if self.util
                else "default"}
        w('<crm_config><cluster_property_set id="cib-bootstrap-options">')
        for k, v in opts.items():
            w('<nvpair id="opt-%s" name="%s" value="%s"/>' % (k, k, v))
        w('</cluster_property_set></crm_config><nodes>')
        for i, n in enumerate(self.nodes, 1):
            util = ""
            if self.util:
                util = ('<utilization id="n%d-u"><nvpair id="n%d-u-cpu" '
                        'name="cpu" value="%d"/></utilization>'
                        % (i, i, self.capacity[n]))
            w('<node id="%d" uname="%s">%s</node>' % (i, n, util))
        w('</nodes><resources>')
        if self.stonith:
            w('<primitive id="fencing" class="stonith" type="fence_dummy">'
              '<instance_attributes id="f-ia"><nvpair id="f-h" '
              'name="pcmk_host_list" value="%s"/></instance_attributes>'
              '</primitive>' % " ".join(self.nodes))
        for r in self.prims:
            w(self.prim(r))
        if self.group:
            w('<group id="%s">%s</group>'
              % (self.group[0], "".join(self.prim(r) for r in self.group[1])))
        if self.ms:
            w('<clone id="ms1"><meta_attributes id="ms1-m">'
              '<nvpair id="ms1-p" name="promotable" value="true"/>'
              '<nvpair id="ms1-pm" name="promoted-max" value="1"/>'
              '</meta_attributes>%s</clone>' % self.prim("st1", "Stateful"))
        if self.cl:
            w('<clone id="cl1">%s</clone>' % self.prim("d1"))
        w('</resources><constraints>%s</constraints>'
          % "".join(self.constraints))
        mt = ""
        if self.threshold is not None:
            mt = ('<nvpair id="rd-mt" name="migration-threshold" '
                  'value="%d"/>' % self.threshold)
        w('<rsc_defaults><meta_attributes id="rd"><nvpair id="rd-s" '
          'name="resource-stickiness" value="%d"/>%s</meta_attributes>'
          '</rsc_defaults>' % (self.stickiness, mt))
        w('<op_defaults><meta_attributes id="od"><nvpair id="od-t" '
          'name="timeout" value="20s"/></meta_attributes></op_defaults>')

    # ---- status
    def draw_history(self):
        """node -> [(rsc, agent, ops)], node -> {attr: value}."""
        rnd = self.rnd
        up = [n for n in self.nodes if n not in self.down]
        hist = {n: [] for n in up}
        attrs = {n: {} for n in up}
        placed = {}
        groups = {r: self.group[0] for r in (self.group[1]
                                             if self.group else [])}
        for r in self.all_prims():
            state = rnd.choice(["stopped", "running", "running",
                                "failed-start", "failed-monitor"])
            g = groups.get(r)
            n = placed.get(g) or rnd.choice(up)
            if g:
                placed[g] = n
            if state == "stopped":
                continue
            if state == "failed-start":
                hist[n].append((r, "Dummy", [("start", 0, 1)]))
                self.failcount(attrs[n], r, "start_0", "INFINITY")
            elif state == "failed-monitor":
                hist[n].append((r, "Dummy", [("start", 0, 0),
                                              ("monitor", MON, 7)]))
                count = str(self.m.randint(1, 3)) if self.mix else "1"
                self.failcount(attrs[n], r, "monitor_%d" % MON, count)
            else:
                hist[n].append((r, "Dummy", [("start", 0, 0),
                                              ("monitor", MON, 0)]))
        promoted = None
        for c in (self.ms, self.cl):
            if not c:
                continue
            prim = self.child(c)
            for n in up:
                st = rnd.choice(["stopped", "running", "running",
                                 "failed-start"])
                if st == "failed-start":
                    hist[n].append((prim, "", [("start", 0, 1)]))
                    self.failcount(attrs[n], prim, "start_0", "INFINITY")
                elif st == "running":
                    if c == self.ms and promoted is None and \
                            rnd.random() < 0.5:
                        promoted = n
                        ops = [("start", 0, 0), ("promote", 0, 0),
                               ("monitor", MON_P, 8)]
                    else:
                        ops = [("start", 0, 0), ("monitor", MON, 0)]
                    hist[n].append((prim, "", ops))
        for n, score in self.promotion.items():
            if n in attrs:
                attrs[n]["master-st1"] = str(score)
        return hist, attrs

    @staticmethod
    def failcount(attrs, r, key, value):
        attrs["fail-count-%s#%s" % (r, key)] = value
        attrs["last-failure-%s#%s" % (r, key)] = "1700000100"

    def status(self, w):
        hist, attrs = self.draw_history()
        call = [10]
        every = self.all_prims() + [self.child(c) for c in (self.ms, self.cl)
                                     if c]
        for i, n in enumerate(self.nodes, 1):
            if n in self.down:
                w('<node_state id="%d" uname="%s" in_ccm="false" '
                  'crmd="offline" join="down" expected="down"/>' % (i, n))
                continue
            w('<node_state id="%d" uname="%s" in_ccm="true" crmd="online" '
              'join="member" expected="member"><lrm id="%d"><lrm_resources>'
              % (i, n, i))
            seen = set()
            for r, agent, ops in hist[n]:
                seen.add(r)
                self.lrm_rsc(w, n, r, agent, ops, call)
            for r in every:
                if r not in seen:
                    self.lrm_rsc(w, n, r, "", [("monitor", 0, 7)], call)
            w('</lrm_resources></lrm>')
            if attrs[n]:
                w('<transient_attributes id="%d"><instance_attributes '
                  'id="status-%d">' % (i, i))
                for k, v in sorted(attrs[n].items()):
                    w('<nvpair id="status-%d-%s" name="%s" value="%s"/>'
                      % (i, re.sub(r"[^\w-]", "-", k), k, v))
                w('</instance_attributes></transient_attributes>')
            w('</node_state>')

    def lrm_rsc(self, w, n, r, agent, ops, call):
        agent = "Stateful" if r == "st1" else "Dummy"
        w('<lrm_resource id="%s" class="ocf" provider="pacemaker" type="%s">'
          % (r, agent))
        for k, (op, interval, rc) in enumerate(ops):
            call[0] += 1
            key = "%s_%d" % (op, interval)
            if interval:
                opid = "%s_monitor_%d" % (r, interval)
            else:
                opid = "%s_last_0" % r
            if interval == 0 and any(i == 0 for _, i, _ in ops[k + 1:]):
                continue    # an earlier one-shot op is replaced by the last
            target = {("monitor", 0): 7}.get((op, interval), 0)
            if op == "monitor" and interval == MON_P:
                target = 8
            tk = "%d:1:%d:%s" % (call[0], target, UUID)
            dg = ""
            if _digests and key in _digests:
                dg = ' op-digest="%s"' % _digests[key]
            w('<lrm_rsc_op id="%s" operation_key="%s_%s" operation="%s" '
              'crm-debug-origin="gen" crm_feature_set="%s" '
              'transition-key="%s" transition-magic="0:%d;%s" '
              'exit-reason="" on_node="%s" call-id="%d" rc-code="%d" '
              'op-status="0" interval="%d" last-rc-change="1700000000" '
              'exec-time="10" queue-time="0"%s/>'
              % (opid, r, key, op, FEATURE_SET, tk, rc, tk, n, call[0], rc,
                 interval, dg))
            if rc != target and not (op == "monitor" and interval == 0):
                if True:
                    w('<lrm_rsc_op id="%s_last_failure_0" operation_key='
                      '"%s_%s" operation="%s" crm-debug-origin="gen" '
                      'crm_feature_set="%s" transition-key="%s" '
                      'transition-magic="0:%d;%s" exit-reason="" '
                      'on_node="%s" call-id="%d" rc-code="%d" op-status="0" '
                      'interval="%d" last-rc-change="1700000000" '
                      'exec-time="10" queue-time="0"%s/>'
                      % (r, r, key, op, FEATURE_SET, tk, rc, tk, n, call[0],
                         rc, interval, dg))
        w('</lrm_resource>')

    def text(self):
        out = []
        w = out.append
        w('<cib crm_feature_set="%s" validate-with="pacemaker-3.7" '
          'epoch="1" num_updates="0" admin_epoch="0" have-quorum="%d" '
          'dc-uuid="1" execution-date="1700000200"><configuration>'
          % (FEATURE_SET, 1 if self.quorum else 0))
        self.config(w)
        w('</configuration><status>')
        self.status(w)
        w('</status></cib>')
        return "\n".join(out) + "\n"


def calibrate():
    """op key -> digest, from crm_simulate on a one-resource CIB."""
    global _digests
    if _digests is not None:
        return _digests
    _digests = {}
    mini = ('<cib crm_feature_set="%s" validate-with="pacemaker-3.7" '
            'epoch="1" num_updates="0" admin_epoch="0" have-quorum="1">'
            '<configuration><crm_config><cluster_property_set id="o">'
            '<nvpair id="o1" name="stonith-enabled" value="false"/>'
            '</cluster_property_set></crm_config><nodes><node id="1" '
            'uname="node1"/></nodes><resources><clone id="ms1">'
            '<meta_attributes id="m"><nvpair id="m1" name="promotable" '
            'value="true"/></meta_attributes>'
            '<primitive id="st1" class="ocf" provider="pacemaker" '
            'type="Stateful"><operations><op id="a" name="monitor" '
            'interval="10s" timeout="20s" role="Unpromoted"/><op id="b" '
            'name="monitor" interval="11s" timeout="20s" role="Promoted"/>'
            '</operations></primitive></clone><primitive id="d" class="ocf" '
            'provider="pacemaker" type="Dummy"><operations><op id="c" '
            'name="monitor" interval="10s" timeout="20s"/></operations>'
            '</primitive></resources><constraints>'
            '<rsc_location id="l" rsc="ms1" role="Promoted" node="node1" '
            'score="10"/></constraints><op_defaults><meta_attributes id="od">'
            '<nvpair id="od-t" name="timeout" value="20s"/></meta_attributes>'
            '</op_defaults></configuration><status><node_state id="1" '
            'uname="node1" in_ccm="true" crmd="online" join="member" '
            'expected="member"/></status></cib>' % FEATURE_SET)
    with tempfile.TemporaryDirectory() as d:
        src, out = os.path.join(d, "in.xml"), os.path.join(d, "out.xml")
        open(src, "w").write(mini)
        try:
            subprocess.run(["crm_simulate", "-x", src, "-S", "-Q", "-O", out],
                           stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL, check=True)
        except (OSError, subprocess.CalledProcessError):
            return _digests
        text = open(out).read()
    for m in re.finditer(r'<lrm_rsc_op [^>]*>', text):
        op = re.search(r'operation_key="(?:d|st1)_([^"]+)"', m.group(0))
        dg = re.search(r'op-digest="([0-9a-f]+)"', m.group(0))
        if op and dg:
            _digests[op.group(1)] = dg.group(1)
    return _digests


def generate(seed, mix=False):
    calibrate()
    return Cib(seed, mix).text()


if __name__ == "__main__":
    args = sys.argv[1:]
    out = "-"
    if "-o" in args:
        i = args.index("-o")
        out = args[i + 1]
        del args[i:i + 2]
    mix = "--mix" in args
    if mix:
        args.remove("--mix")
    text = generate(int(args[0]), mix)
    if out == "-":
        sys.stdout.write(text)
    else:
        open(out, "w").write(text)
