#!/usr/bin/env python3
"""Check a float64 gradient-descent loop against an lrcert fixture.

Standard library only. Usage:

    lrcert fixture examples/headline.json --steps 0,1,2,10,100 --digits 17 --out fixture.json
    python3 examples/consumers/check_fixture.py fixture.json [--rtol 1e-9] [--csv trajectory.csv]

The fixture (docs/formats.md, "Fixtures") holds the problem (exact numbers as
strings) and, for each listed step k, certified values of the exact GD iterate
(x_k, y_k) -- or (X_k, Y_k) for the matrix family -- and of the loss. This
script runs its own float64 GD loop

    R = A - X Y^T,   X <- X + h R Y,   Y <- Y + h R^T X

from the same start and compares every float64 value v with the certified
enclosure [lo, hi] of the exact value: the deviation is the distance from v to
the enclosure, and a value passes when

    deviation <= rtol * max(1, |v|)        (plus the loss, with its own scale)

A value the fixture gives without an enclosure ("lo" and "hi" null: the
exact trajectory left the bound lrcert follows, |z| <= 1e30; its "reason"
says where) cannot be checked: it is skipped and counted as undecided. A
null end alone means that side is unbounded. A non-finite float (overflow)
fails against an enclosure that is bounded on its side.

Exit code 0 when every checkable value passes, 1 otherwise, 2 for a bad
fixture file.
With --csv, the float64 trajectory of every step up to the last fixture step
is written in lrcert's trajectory CSV layout (step, then x entries then y
entries, or X row-major then Y row-major), ready for `lrcert compare`.
"""

import argparse
import json
import math
import sys
from fractions import Fraction


def exact(text):
    """An lrcert exact number ("0.1", "-3/7", "2.5e-3") as a Fraction."""
    return Fraction(str(text))


def problem_matrices(problem):
    """(A, X0, Y0, h) as float64 lists of lists, from the fixture's problem."""
    if problem["family"] == "scalar":
        A = [[float(exact(problem["mu"]))]]
        X = [[float(exact(v)) for v in problem["x0"]]]
        Y = [[float(exact(v)) for v in problem["y0"]]]
    else:
        A = [[float(exact(v)) for v in row] for row in problem["A"]]
        X = [[float(exact(v)) for v in row] for row in problem["X0"]]
        Y = [[float(exact(v)) for v in row] for row in problem["Y0"]]
    return A, X, Y, float(exact(problem["h"]))


def gd_step(A, X, Y, h):
    """One float64 GD step on f = 1/2 ||A - X Y^T||_F^2 (both factors from the old point)."""
    n, m, d = len(X), len(Y), len(X[0])
    R = [[A[i][j] - sum(X[i][a] * Y[j][a] for a in range(d)) for j in range(m)] for i in range(n)]
    Xn = [[X[i][a] + h * sum(R[i][j] * Y[j][a] for j in range(m)) for a in range(d)] for i in range(n)]
    Yn = [[Y[j][a] + h * sum(R[i][j] * X[i][a] for i in range(n)) for a in range(d)] for j in range(m)]
    return Xn, Yn


def loss(A, X, Y):
    d = len(X[0])
    total = 0.0
    for i in range(len(X)):
        for j in range(len(Y)):
            r = A[i][j] - sum(X[i][a] * Y[j][a] for a in range(d))
            total += r * r  # not r ** 2: that raises OverflowError on a diverging float run
    return 0.5 * total


def undecided(entry):
    """True when the fixture gives no enclosure at all (both ends null)."""
    return entry["lo"] is None and entry["hi"] is None


def deviation(v, entry):
    """Distance from the float v to the certified enclosure of the exact value.

    A null end is unbounded on its side. A NaN, or an infinity on a bounded
    side, is infinitely far away."""
    lo = -math.inf if entry["lo"] is None else float(entry["lo"])
    hi = math.inf if entry["hi"] is None else float(entry["hi"])
    if math.isnan(v):
        return math.inf
    if v < lo:
        return math.inf if math.isinf(v) else lo - v
    if v > hi:
        return math.inf if math.isinf(v) else v - hi
    return 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("fixture")
    ap.add_argument("--rtol", type=float, default=1e-9,
                    help="allowed deviation relative to max(1, |value|) (default 1e-9)")
    ap.add_argument("--csv", help="write the float64 trajectory here (lrcert compare layout)")
    args = ap.parse_args()

    try:
        with open(args.fixture) as f:
            fx = json.load(f)
        if fx.get("lrcert_fixture") != 1:
            raise ValueError("not an lrcert fixture (no \"lrcert_fixture\": 1)")
        A, X, Y, h = problem_matrices(fx["problem"])
        scalar = fx["problem"]["family"] == "scalar"
        wanted = {row["step"]: row for row in fx["steps"]}
    except (OSError, ValueError, KeyError) as e:
        print(f"check_fixture: bad fixture: {e}", file=sys.stderr)
        return 2

    csv = open(args.csv, "w") if args.csv else None
    worst, failures, checked, skipped = 0.0, 0, 0, 0
    reason = None
    last = max(wanted)
    for k in range(last + 1):
        if csv:
            flat = [v for row in X for v in row] + [v for row in Y for v in row]
            csv.write(",".join([str(k)] + [repr(v) for v in flat]) + "\n")
        if k in wanted:
            row = wanted[k]
            pairs = []
            if scalar:
                pairs += [(f"x[{a}]", X[0][a], row["x"][a]) for a in range(len(X[0]))]
                pairs += [(f"y[{a}]", Y[0][a], row["y"][a]) for a in range(len(Y[0]))]
            else:
                pairs += [(f"X[{i}][{a}]", X[i][a], row["X"][i][a]) for i in range(len(X)) for a in range(len(X[0]))]
                pairs += [(f"Y[{j}][{a}]", Y[j][a], row["Y"][j][a]) for j in range(len(Y)) for a in range(len(Y[0]))]
            pairs.append(("loss", loss(A, X, Y), row["loss"]))
            for name, v, entry in pairs:
                if undecided(entry):
                    skipped += 1
                    reason = reason or entry.get("reason")
                    continue
                dev = deviation(v, entry)
                scale = max(1.0, abs(v)) if math.isfinite(v) else 1.0
                checked += 1
                worst = max(worst, dev / scale)
                if dev > args.rtol * scale:
                    failures += 1
                    shown = entry["value"] if entry.get("certified") else f"[{entry['lo']}, {entry['hi']}]"
                    print(f"step {k} {name}: float64 {v!r}, certified {shown}, deviation {dev:.3e}")
        if k < last:
            X, Y = gd_step(A, X, Y, h)
    if csv:
        csv.close()
    print(f"checked {checked} values at {len(wanted)} steps: {failures} outside rtol {args.rtol:g}; "
          f"largest relative deviation {worst:.3e}")
    if skipped:
        print(f"{skipped} values undecided in the fixture (no enclosure), not checked: {reason}")
    return 0 if failures == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
