#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""TAP test: differential check of hactl simulate against crm_simulate on
random clusters from ../shared/bench/gen_cib.py (each must agree) and on
the small feature-rich clusters of gen_features.py (agreement may not drop
below the "features" floor of pcmk-suite.floor; see README.md).
`differential.py --features FIRST-LAST [--mix] [--keep DIR]` only reports.  Each case is a seeded
random CIB (nodes, resources, groups, colocations, orders, locations; cold,
running, failed resources, nodes down, fencing); the Transition Summary of
both must be the same set of lines (normalised as the suite's compare does:
spacing, "due to" reasons and fence reasons ignored).
Needs crm_simulate (pacemaker-cli-utils) and the shared bench generator:
skips with the reason when either is absent, fails then when
HA_REQUIRE_PCMK_SUITE=1."""

import os
import re
import subprocess
import sys
import tempfile

top_srcdir = os.environ.get("top_srcdir", ".")
top_builddir = os.environ.get("top_builddir", ".")
gen = next((g for g in (os.path.join(top_srcdir, "..", "shared", "bench",
                                    "gen_cib.py"),
                       "/work/shared/bench/gen_cib.py") if os.path.exists(g)),
           "../shared/bench/gen_cib.py")
hactl = os.path.join(top_builddir, "tools", "hactl", "hactl")
required = os.environ.get("HA_REQUIRE_PCMK_SUITE") == "1"

# (nodes, resources, extra generator arguments)
SHAPES = [
    (3, 8, []),
    (4, 12, ["--status", "running"]),
    (5, 20, ["--status", "running", "--fail", "2"]),
    (5, 20, ["--status", "running", "--down", "1"]),
    (6, 25, ["--status", "running", "--down", "1", "--stonith"]),
    (4, 15, ["--status", "running", "--fail", "1", "--down", "1",
             "--stonith"]),
    (8, 30, []),
    (8, 40, ["--status", "running", "--fail", "3"]),
]
SEEDS = range(1, 6)
# gen_features.py clusters: agreement may not drop below the "features"
# floor in pcmk-suite.floor (refusals and disagreements both count against).
FEATURE_SEEDS = range(1, 201)


def summary(text):
    out, inside = [], False
    for line in text.splitlines():
        if line.strip() == "Transition Summary:":
            inside = True
            continue
        if inside:
            if not line.strip() or not line.lstrip().startswith("*"):
                break
            s = line.strip().lstrip("*").strip()
            s = re.sub(r"\s+due to .*$", "", s)
            s = re.sub(r"\s+'[^']*'\s*$", "", s)
            s = re.sub(r"\(\s+", "(", s)
            s = re.sub(r"\s+\)", ")", s)
            out.append(re.sub(r"\s+", " ", s))
    return sorted(out) if inside else None


def skip(reason):
    if required:
        print("1..1\nnot ok 1 - %s" % reason)
        sys.exit(1)
    print("1..0 # SKIP %s" % reason)
    sys.exit(0)


def compare(cib):
    """(want, got, hactl result) for the CIB file @cib."""
    ref = subprocess.run(["crm_simulate", "-x", cib, "-S"],
                         capture_output=True, text=True)
    ours = subprocess.run([hactl, "simulate", "--xml-file", cib],
                          capture_output=True, text=True)
    return summary(ref.stdout), summary(ours.stdout), ours


def refused(ours):
    return ours.returncode != 0 and "unsupported feature" in ours.stderr


def feature_run(seeds, keep=None, verbose=False, mix=False):
    """Differential run on gen_features.py clusters: prints one line per
    disagreement and the totals; returns (agree, refused, disagree)."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import gen_features
    agree, refusals, bad = 0, 0, []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in seeds:
            cib = os.path.join(keep or tmp, "f%d.xml" % seed)
            with open(cib, "w") as f:
                f.write(gen_features.generate(seed, mix))
            want, got, ours = compare(cib)
            if want is not None and got == want:
                agree += 1
            elif got is None and refused(ours):
                refusals += 1
                if verbose:
                    print("refused %d: %s" % (seed, ours.stderr.strip()))
            else:
                bad.append(seed)
                if verbose:
                    print("differs %d: missing %s unexpected %s" % (
                        seed, [x for x in want or [] if x not in (got or [])],
                        [x for x in got or [] if x not in (want or [])]))
            if keep is None:
                os.unlink(cib)
    print("# features: %d agree, %d refused, %d differ of %d"
          % (agree, refusals, len(bad), len(seeds)))
    return agree, refusals, bad


def feature_floor():
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "pcmk-suite.floor")
    with open(path) as f:
        for line in f:
            if line.startswith("features "):
                return int(line.split()[1])
    return 0


def explore(argv):
    """differential.py --features FIRST-LAST [--mix] [--keep DIR]: report
    only (--mix: gen_features.py --mix clusters)."""
    first, last = (int(x) for x in argv[2].split("-"))
    keep = argv[argv.index("--keep") + 1] if "--keep" in argv else None
    feature_run(range(first, last + 1), keep, verbose=True,
                mix="--mix" in argv)
    return 0


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--features":
        return explore(sys.argv)
    if not os.path.exists(gen):
        skip("bench generator not found at %s" % gen)
    if subprocess.run(["sh", "-c", "command -v crm_simulate"],
                      capture_output=True).returncode != 0:
        skip("crm_simulate (pacemaker-cli-utils) is not installed")
    cases = [(n, m, extra, seed) for (n, m, extra) in SHAPES for seed in SEEDS]
    print("1..%d" % (len(cases) + 1))
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        for i, (n, m, extra, seed) in enumerate(cases, 1):
            name = "%dx%d %s seed %d" % (n, m, " ".join(extra) or "cold", seed)
            cib = os.path.join(tmp, "c%d.xml" % i)
            subprocess.run([sys.executable, gen, "--nodes", str(n),
                            "--resources", str(m), "--seed", str(seed),
                            "-o", cib] + extra, check=True,
                           capture_output=True)
            want, got, ours = compare(cib)
            if want is not None and got == want:
                print("ok %d - %s" % (i, name))
                continue
            failed += 1
            print("not ok %d - %s" % (i, name))
            if got is None:
                print("# hactl: rc %d %s" % (ours.returncode,
                                             ours.stderr.strip()[-200:]))
            else:
                print("# missing %s" % [x for x in want or [] if x not in got][:5])
                print("# unexpected %s" % [x for x in got if x not in (want or [])][:5])
    agree, _, _ = feature_run(FEATURE_SEEDS)
    floor = feature_floor()
    print("%s %d - feature clusters: %d of %d agree (floor %d)"
          % ("ok" if agree >= floor else "not ok", len(cases) + 1, agree,
             len(FEATURE_SEEDS), floor))
    if agree < floor:
        failed += 1
    return 1 if failed else 0


sys.exit(main())
