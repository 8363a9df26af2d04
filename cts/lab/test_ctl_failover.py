#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab (controller): resources start and settle on 3 real corosync nodes;
a group of two ocf:ha:witness resources fails over on kill -9 of the
non-DC node running it, then of the DC node running it; stonith disabled.
The witness ledger proves no resource ever ran on two nodes at once."""

import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import labtest  # noqa: E402
import ctl_lab  # noqa: E402


def main(t):
    lab = t.up(3, token=1000)
    ctl_lab.failover_scenario(t, lab, fencing=False)


labtest.run(main, plan=10)
