#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): the failover of test_ctl_failover.py with fencing:
a fence_ha_lab device (through ha-lab-fence-helper on the host) fences
the killed node before its resources start elsewhere, and the fencing
history shows the victim.  The witness ledger proves no resource ever
ran on two nodes at once."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402


def main(t):
    lab = t.up(3, token=1000)
    ctl_lab.failover_scenario(t, lab, fencing=True)


labtest.run(main, plan=12)
