"""Tests of the Python module against independent oracles: exact rationals,
a high-precision GD written here in plain decimal arithmetic, the CLI's own
report, and NumPy GD loops (docs/python.md)."""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from decimal import Decimal, localcontext
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest

import lrcert

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def lrcert_binary():
    b = os.environ.get("LRCERT_BINARY")
    if b:
        return b
    for cand in (ROOT / "build" / "lrcert", ROOT / "build-python" / "lrcert"):
        if cand.exists():
            return str(cand)
    return None


# ---- an independent reference: scalar GD in 120-digit decimal arithmetic -----------------


def reference_limit(mu, x0, y0, h, steps=20000, digits=120):
    """Runs GD on f = 1/2 (mu - x.y)^2 in `digits`-digit decimals until the
    residual is below 10^-(digits/2); returns (x, y) as Decimals."""
    with localcontext() as ctx:
        ctx.prec = digits
        mu, h = Decimal(mu.numerator) / Decimal(mu.denominator), Decimal(h.numerator) / Decimal(h.denominator)
        x = [Decimal(q.numerator) / Decimal(q.denominator) for q in x0]
        y = [Decimal(q.numerator) / Decimal(q.denominator) for q in y0]
        tiny = Decimal(10) ** (-(digits // 2))
        for _ in range(steps):
            r = mu - sum(a * b for a, b in zip(x, y))
            if abs(r) < tiny:
                return x, y
            x, y = [a + h * r * b for a, b in zip(x, y)], [b + h * r * a for a, b in zip(x, y)]
    raise AssertionError("the reference run did not converge")


def test_boundary_instance_is_decided_exactly():
    # h (S0 + 4 mu) = 4 exactly: the seed theorem's assumption holds with equality.
    p = lrcert.Problem.scalar(mu=1, x0=[3, 0], y0=[0, "0.5"], h="16/53")
    assert p.h * (sum(q * q for q in p.x0 + p.y0) + 4 * p.mu) == 4
    assert lrcert.certify(p).verdicts["seed.scalar.convergence_and_balancing"] == "confirmed"
    beyond = lrcert.Problem.scalar(mu=1, x0=[3, 0], y0=[0, "0.5"], h=Fraction(16, 53) + Fraction(1, 10**30))
    assert lrcert.certify(beyond).verdicts["seed.scalar.convergence_and_balancing"] == "vacuous"


def test_numbers_are_exact():
    p = lrcert.Problem.scalar(mu=1, x0=np.array([0.1, 3.0]), y0=["0.1", "1/3"], h=Fraction(1, 7))
    assert p.x0[0] == Fraction(0.1)  # the double nearest 0.1, exactly
    assert p.x0[0] != Fraction(1, 10)
    assert p.y0 == [Fraction(1, 10), Fraction(1, 3)]
    assert p.h == Fraction(1, 7)
    f32 = lrcert.Problem.scalar(mu=1, x0=np.array([0.1], dtype=np.float32), y0=[1], h="0.25")
    assert f32.x0[0] == Fraction(float(np.float32(0.1)))


def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="x0\\[1\\]"):
        lrcert.Problem.scalar(mu=1, x0=[1, float("nan")], y0=[1, 1], h="0.1")
    with pytest.raises(ValueError, match="h"):
        lrcert.Problem.scalar(mu=1, x0=[1], y0=[1], h="-0.1")
    with pytest.raises(ValueError):
        lrcert.Problem.scalar(mu=1, x0=[1, 2], y0=[1], h="0.1")
    with pytest.raises(ValueError, match="exactly one"):
        lrcert.Problem.scalar(mu=1, x0=[1], y0=[1])
    with pytest.raises(ValueError):
        lrcert.Problem.matrix(A=np.eye(2), X0=np.ones((3, 1)), Y0=np.ones((2, 1)), h="0.1")


def test_interval_ends_are_exact_and_contain():
    iv = lrcert.Interval("1/3", "1/2")
    assert iv.contains(Fraction(2, 5)) and not iv.contains(0.6)
    assert iv.lo == Fraction(1, 3) and iv.hi == Fraction(1, 2)
    assert abs(iv.mid - 5 / 12) < 1e-15 and iv.rad >= 1 / 12
    assert lrcert.Interval("0.5", "0.5").exact


@pytest.mark.parametrize(
    "mu,x0,y0,h",
    [
        (Fraction(1), [3.0, 0.0], [0.0, 0.5], Fraction(1, 4)),
        (Fraction(2), [1.5, -0.25, 0.75], [0.5, 1.0, -0.125], Fraction(3, 40)),
        (Fraction(1, 2), [2.0], [0.125], Fraction(1, 3)),
    ],
)
def test_limit_against_high_precision_reference(mu, x0, y0, h):
    p = lrcert.Problem.scalar(mu=mu, x0=np.array(x0), y0=np.array(y0), h=h)
    r = lrcert.certify(p)
    assert r.outcome == "converged", r.reason
    xr, yr = reference_limit(mu, [Fraction(v) for v in x0], [Fraction(v) for v in y0], h)
    with localcontext() as ctx:
        ctx.prec = 120
        imb = sum((a - b) ** 2 for a, b in zip(xr, yr))
    imb_q = Fraction(imb)
    slack = Fraction(1, 10**40)  # the reference's own error is far below this
    iv = r.limit.imbalance
    assert iv.lo - slack <= imb_q <= iv.hi + slack
    assert iv.width < Fraction(1, 10**12)
    for k, e in enumerate(r.limit.x):
        assert e.lo - slack <= Fraction(xr[k]) <= e.hi + slack


def test_relative_h_is_exact_and_close():
    p = lrcert.Problem.scalar(mu=1, x0=[3, 0], y0=[0, "0.5"], h_over_2_over_L0="1.5")
    r = lrcert.certify(p)
    t = r.h_L0
    assert t.lo / 2 < Fraction(3, 2) * (1 + Fraction(1, 10**10))
    assert t.hi / 2 > Fraction(3, 2) * (1 - Fraction(1, 10**10))
    assert p.h.denominator % 2 == 0 or p.h.denominator % 5 == 0  # a 12-digit decimal


def test_relative_h_in_a_problem_file_is_the_cli_reading(tmp_path):
    """Problem.from_file reads h_over_2_over_L0 with the CLI's reader: the same
    h as the constructor, the CLI's report, and the same rejections."""
    p = lrcert.Problem.from_file(EXAMPLES / "headline_relative.json")
    assert p.h_over_2_over_L0 == Fraction(179, 100)
    doc = json.loads((EXAMPLES / "headline.json").read_text())
    q = lrcert.Problem.scalar(mu=doc["mu"], x0=doc["x0"], y0=doc["y0"], h_over_2_over_L0="1.79")
    assert p.h == q.h and q.h_over_2_over_L0 == Fraction(179, 100)
    # h L0 / 2 = t up to the 12-digit rounding of h (the certified h L0).
    t = lrcert.certify(p).h_L0
    assert abs(t.lo / 2 - Fraction(179, 100)) < Fraction(179, 100) * Fraction(1, 10**11)
    assert "h" not in p.to_dict() and p.to_dict()["h_over_2_over_L0"] == "179/100"
    assert p.with_h("0.037").h == Fraction(37, 1000) and p.with_h("0.037").h_over_2_over_L0 is None
    binary = lrcert_binary()
    if binary is not None:
        report = tmp_path / "report.json"
        subprocess.run([binary, "certify", str(EXAMPLES / "headline_relative.json"), "--quiet", "--report",
                        str(report)], check=False)
        cli = json.loads(report.read_text())
        py = json.loads(lrcert.certify(p).to_json())
        for d in (cli, py):
            d.pop("elapsed_seconds", None)
            d.pop("verdict_seconds", None)
        assert py == cli and py["h_over_2_over_L0"] == "179/100"
    both = dict(doc, h_over_2_over_L0="1.5")
    (tmp_path / "both.json").write_text(json.dumps(both))
    with pytest.raises(ValueError, match="h_over_2_over_L0"):
        lrcert.Problem.from_file(tmp_path / "both.json")
    zero = dict(doc, h_over_2_over_L0="0")
    del zero["h"]
    (tmp_path / "zero.json").write_text(json.dumps(zero))
    with pytest.raises(ValueError, match="must be > 0"):
        lrcert.Problem.from_file(tmp_path / "zero.json")


def test_report_is_the_cli_report(tmp_path):
    binary = lrcert_binary()
    if binary is None:
        pytest.skip("the lrcert binary is not built beside the module")
    report = tmp_path / "report.json"
    subprocess.run([binary, "certify", str(EXAMPLES / "headline.json"), "--quiet", "--report", str(report)],
                   check=False)
    cli = json.loads(report.read_text())
    py = json.loads(lrcert.certify(lrcert.Problem.from_file(EXAMPLES / "headline.json")).to_json())
    for doc in (cli, py):
        doc.pop("elapsed_seconds", None)
        doc.pop("verdict_seconds", None)
    assert py == cli


def test_verdicts_and_quantities():
    r = lrcert.certify(lrcert.Problem.from_file(EXAMPLES / "headline.json"))
    assert r.verdicts["seed.scalar.convergence_and_balancing"] == "confirmed"
    mu, h = Fraction(1), r.problem.h
    # The theorem's bound, computed here exactly.
    assert r.limit.imbalance.hi <= 2 / h - 2 * mu
    # Exact names (docs/claims.md) come back exact: h, S0, the start's imbalance.
    assert r.quantity("h").exact and r.quantity("h").lo == h
    x0, y0 = r.problem.x0, r.problem.y0
    assert r.quantity("S0").exact and r.quantity("S0").lo == sum(q * q for q in x0) + sum(q * q for q in y0)
    assert r.quantity("imbalance_0").lo == sum((a - b) ** 2 for a, b in zip(x0, y0))
    assert not r.quantity("L0").exact
    with pytest.raises(KeyError):
        r.quantity("X_inf")


def test_diverging_and_periodic_outcomes():
    assert lrcert.certify(lrcert.Problem.from_file(EXAMPLES / "diverging.json")).outcome == "diverged"
    cyc = lrcert.certify(lrcert.Problem.from_file(EXAMPLES / "cycle_2.json"))
    assert cyc.outcome == "periodic" and cyc.period == 2 and cyc.limit is None


def test_matrix_problem_from_numpy():
    rng = np.random.default_rng(3)
    A = np.diag([2.0, 1.0, 0.5])
    X0 = rng.normal(scale=0.3, size=(3, 3))
    Y0 = rng.normal(scale=0.3, size=(3, 3))
    r = lrcert.certify(lrcert.Problem.matrix(A, X0, Y0, h="0.05"))
    assert r.outcome == "converged", r.reason
    X, Y = r.limit.X, r.limit.Y
    # Independent check: at the limit X Y^T = A (f = 0), within the enclosures.
    for i in range(3):
        for j in range(3):
            lo = hi = Fraction(0)
            for k in range(3):
                a, b = X[i, k], Y[j, k]
                prods = [a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi]
                lo, hi = lo + min(prods), hi + max(prods)
            assert lo <= Fraction(A[i, j]) <= hi


def float_gd(problem, steps, dtype):
    x, y = (a.astype(dtype) for a in problem.start_array())
    mu, h = dtype(float(problem.mu)), dtype(float(problem.h))
    rows = [np.concatenate([x, y])]
    for _ in range(steps):
        r = mu - np.dot(x, y)
        x, y = x + h * r * y, y + h * r * x
        rows.append(np.concatenate([x, y]))
    return np.array(rows)


def test_fixture_and_compare_float32_and_float64():
    p = lrcert.Problem.from_file(EXAMPLES / "headline.json")
    fx = lrcert.fixture(p, steps=[0, 1, 2, 10, 50], digits=17)
    assert fx.all_certified
    assert list(lrcert.fixture(p, 3, limit=False).steps) == [0, 1, 2, 3]
    t64 = float_gd(p, 50, np.float64)
    # The D-digit values are within one unit of the 17th digit of float64 GD's values
    # only to float64's own accuracy: compare the enclosures instead.
    c64 = lrcert.compare(p, t64, rtol=1e-12, atol=0)
    assert c64.first_departure is None and c64.all_within
    c32 = lrcert.compare(p, float_gd(p, 50, np.float32), rtol=1e-4, atol=1e-6)
    assert c32.first_departure is None
    assert np.all(c32.deviation <= c32.error_bound)
    # A float32 loop is far from the exact trajectory at a tolerance of 1e-12.
    tight = lrcert.compare(p, float_gd(p, 50, np.float32), rtol=1e-12, atol=0)
    assert tight.first_departure is not None  # step 0 already: the float32 start is rounded
    # A corrupted step is found where it is.
    bad = t64.copy()
    bad[7, 0] += 1e-3
    assert lrcert.compare(p, bad, rtol=1e-9, atol=0).first_departure == 7


def test_progress_callback_and_interrupt(tmp_path):
    seen = []
    p = lrcert.Problem.from_file(EXAMPLES / "headline.json")
    lrcert.certify(p, progress=seen.append)  # a quick run still reports its last progress
    assert seen and {"phase", "step", "bits", "radius"} <= set(seen[-1])

    def stop(info):
        raise KeyboardInterrupt

    slow = lrcert.Problem.scalar(mu=1, x0=[1, 1], y0=[1, "0.9999"], h="1e-7")
    t0 = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        lrcert.certify(slow, progress=stop, max_steps=10**8)
    assert time.monotonic() - t0 < 10

    # SIGINT (Ctrl-C) cancels a long call promptly.
    script = tmp_path / "long.py"
    script.write_text(
        # A process started in the background by a non-interactive shell (as in
        # CI) inherits SIGINT ignored, and Python then installs no handler:
        # restore Python's own, as an interactive session has it.
        "import lrcert, signal, sys\n"
        "signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "p = lrcert.Problem.scalar(mu=1, x0=[1, 1], y0=[1, '0.9999'], h='1e-7')\n"
        "def started(info):\n"
        "    if not getattr(started, 'done', False):\n"
        "        print('started', flush=True); started.done = True\n"
        "try:\n"
        "    lrcert.certify(p, progress=started, max_steps=10**8)\n"
        "except KeyboardInterrupt:\n"
        "    print('interrupted', flush=True); sys.exit(7)\n"
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "started"
    t0 = time.monotonic()
    proc.send_signal(signal.SIGINT)
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 7 and "interrupted" in out
    assert time.monotonic() - t0 < 5


def test_sweep_table():
    spec = {
        "lrcert_sweep": 1,
        "base": lrcert.Problem.from_file(EXAMPLES / "headline.json"),
        "h": {"values": ["0.005", "0.01", "0.02", "0.2"]},
    }
    s = lrcert.sweep(spec, jobs=2)
    table = s.table
    outcomes = list(table["outcome"])
    assert len(outcomes) == 4
    assert outcomes[:3] == ["converged"] * 3 and outcomes[3] == "diverged"
    # Each converged point's limit agrees with certify of the same problem.
    for i in range(3):
        h = s.points[i]["h"]
        r = lrcert.certify(lrcert.Problem.from_file(EXAMPLES / "headline.json").with_h(h))
        iv = s.interval(i, "imbalance")
        assert iv.lo <= r.limit.imbalance.hi and r.limit.imbalance.lo <= iv.hi
        assert float(table["imbalance_lo"][i]) <= float(iv.lo) and float(table["imbalance_hi"][i]) >= float(iv.hi)


def test_region_table():
    res = lrcert.region(EXAMPLES / "figures" / "headline_region.json", max_cells=40, jobs=2)
    fractions = [res.area_fraction(k) for k in res.summary["area_fraction"]]
    assert sum(fractions) == 1
    t = res.table
    assert len(t["outcome"]) == len(res.cells)
    # The cells partition the h interval exactly.
    h = sorted((Fraction(c["h"]["lo"]), Fraction(c["h"]["hi"])) for c in res.cells)
    assert all(a[1] == b[0] for a, b in zip(h, h[1:]))


def test_results_csv_reads_with_numpy_and_pandas(tmp_path):
    binary = lrcert_binary()
    if binary is None:
        pytest.skip("the lrcert binary is not built beside the module")
    spec = tmp_path / "spec.json"
    spec.write_text(json.dumps({"lrcert_sweep": 1, "base": str(EXAMPLES / "headline.json"),
                                "h": {"values": ["0.01", "0.03", "0.2"]}}))
    subprocess.run([binary, "sweep", str(spec), "--out", str(tmp_path / "out"), "--quiet"], check=False)
    csv = tmp_path / "out.csv"
    a = np.genfromtxt(csv, delimiter=",", names=True, dtype=None, encoding="utf-8")
    assert len(a) == 3
    assert list(a["outcome"]) == ["converged", "converged", "diverged"]
    assert np.all(a["L0_lo"] <= a["L0_hi"])
    import pandas as pd

    df = pd.read_csv(csv)
    assert list(df["outcome"]) == ["converged", "converged", "diverged"]
    assert df["limit_imbalance_lo"].notna().sum() == 2
