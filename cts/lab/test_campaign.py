#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): the fault campaign on a short fixed seed list (3
nodes, CAMPAIGN_ROUNDS faults each; cts/lab/campaign runs more by hand).
For each seed, one test point per audit: no witness on two nodes at once,
never two promoted, one DC per partition, no acknowledged write lost,
nothing run without quorum beyond the stop bound, every recovery settled
in bounded time and transitions.  The recordings go to
$top_builddir/cts/lab/campaign/ (replay one with `cts/lab/campaign --seed
N`)."""

import os
import signal
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import campaign_audit  # noqa: E402
import campaign_run  # noqa: E402

SEEDS = (1, 2)           # two seeds keep CI near 30 minutes; more by hand
CAMPAIGN_ROUNDS = 3      # seed 2's third round found the fencing race
WATCHDOG_S = 1200        # seeds of ~120 s each, and a recovery may take 150 s


def main(t):
    if "HA_LAB_TEST_TIMEOUT" not in os.environ:
        signal.alarm(WATCHDOG_S)
    out = os.path.join(os.environ.get("top_builddir", "."), "cts", "lab",
                       "campaign")
    for seed in SEEDS:
        v, faults, steps = campaign_run.run_seed(
            t, 3, seed, CAMPAIGN_ROUNDS, out,
            log=lambda s: t.comment(s[2:] if s.startswith("# ") else s))
        t.comment("seed %d: %d steps, %d faults injected" % (seed, steps,
                                                             faults))
        for name, _fn in campaign_audit.AUDITS:
            found = sorted(v.get(name, ()))
            t.ok(not found, "seed %d: audit %s: %s" % (
                seed, name, "; ".join(found[:3]) if found else "holds"))


labtest.run(main, plan=len(SEEDS) * len(campaign_audit.AUDITS))
