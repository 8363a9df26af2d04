#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Lab skip logic: a lab test on a machine that cannot run the lab prints
`1..0 # SKIP <reason>` and passes, but fails with the reason when
HA_REQUIRE_LAB=1.  Simulated with HA_LAB_PRETEND_MISSING; needs no root.
The same for a test that needs more than the lab (test_ctl_pgsql.py
without PostgreSQL and PAF)."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run_form(missing, require, test="test_lab_form.py"):
    env = dict(os.environ, HA_LAB_PRETEND_MISSING=missing,
               PYTHONDONTWRITEBYTECODE="1")
    env.pop("HA_REQUIRE_LAB", None)
    if require:
        env["HA_REQUIRE_LAB"] = "1"
    cp = subprocess.run([sys.executable, os.path.join(HERE, test)],
                        env=env, capture_output=True, text=True, timeout=60)
    return cp.returncode, cp.stdout


def show(out):
    """The child's TAP output, as comments (never parsed as results)."""
    for line in out.strip().splitlines():
        print("#   " + line)


def main():
    cases = [("unshare", "command unshare not found", "test_lab_form.py"),
             ("corosync", "command corosync not found", "test_lab_form.py"),
             ("root", "lab needs root", "test_lab_form.py"),
             ("postgresql", "(postgresql-15, resource-agents-paf)",
              "test_ctl_pgsql.py")]
    print("1..%d" % (2 * len(cases)))
    n = 0
    failed = 0
    for missing, reason, test in cases:
        rc, out = run_form(missing, False, test)
        n += 1
        good = rc == 0 and out.startswith("1..0 # SKIP ") and reason in out
        failed += not good
        print("%sok %d - %s without %s: skipped with a reason (rc %d)"
              % ("" if good else "not ", n, test, missing, rc))
        show(out)
        rc, out = run_form(missing, True, test)
        n += 1
        good = (rc != 0 and "not ok" in out and reason in out
                and "HA_REQUIRE_LAB=1" in out)
        failed += not good
        print("%sok %d - %s without %s and HA_REQUIRE_LAB=1: fails (rc %d)"
              % ("" if good else "not ", n, test, missing, rc))
        show(out)
    return 1 if failed else 0


sys.exit(main())
