"""lrcert.fixture and lrcert.compare: certified reference values of a GD run
and a float trajectory checked against them (docs/python.md)."""

from __future__ import annotations

import json
import math
from fractions import Fraction

from . import _core
from ._common import progress_printer
from ._exact import Interval, to_fraction, _float_up


def _entries(row: dict, family: str):
    """The values of a fixture row in CSV order (docs/formats.md, "Trajectory CSV")."""
    if family == "scalar":
        return list(row["x"]) + list(row["y"])
    return [e for r in row["X"] for e in r] + [e for r in row["Y"] for e in r]


def _interval(v: dict) -> Interval | None:
    if v.get("lo") is None or v.get("hi") is None:
        return None
    return Interval(Fraction(v["lo"]), Fraction(v["hi"]))


class Fixture:
    """A fixture (docs/formats.md, "Fixtures"): per requested step, the
    certified iterate and loss; ``value`` arrays hold the D-digit values
    (NaN where a value could not be certified to D digits)."""

    def __init__(self, problem, document: dict):
        import numpy as np

        self.problem = problem
        self.document = document
        self.steps = np.array([r["step"] for r in document["steps"]], dtype=np.int64)
        fam = document["family"]
        self.family = fam
        self.enclosures = [[_interval(v) for v in _entries(r, fam)] for r in document["steps"]]

        def values(rows):
            return np.array(
                [[math.nan if v.get("value") is None else float(Fraction(v["value"])) for v in r] for r in rows],
                dtype=np.float64,
            )

        self.values = values([_entries(r, fam) for r in document["steps"]])
        self.loss = values([[r["loss"]] for r in document["steps"]])[:, 0]
        d = problem.d
        if fam == "scalar":
            self.x = self.values[:, :d]
            self.y = self.values[:, d:]
        else:
            n, m = len(problem.A), len(problem.A[0])
            self.X = self.values[:, : n * d].reshape(-1, n, d)
            self.Y = self.values[:, n * d :].reshape(-1, m, d)
        self.all_certified: bool = document["all_certified"]
        self.limit = document.get("limit")

    def to_json(self) -> str:
        return json.dumps(self.document, indent=1) + "\n"


def fixture(problem, steps=(0, 1, 2, 10, 100), digits: int = 17, *, limit: bool = True,
            max_precision: int = 8192, max_steps: int = 100000, progress=None) -> Fixture:
    """Certified reference values at `steps` (``lrcert fixture``): a sequence
    of step numbers, or an int N for the steps 0, 1, ..., N."""
    import numbers

    steps = list(range(int(steps) + 1)) if isinstance(steps, numbers.Integral) else [int(k) for k in steps]
    if any(k < 0 for k in steps):
        raise ValueError("steps: must be >= 0")
    text = _core.fixture(
        problem.to_json(), steps, int(digits), int(max_precision), int(max_steps), bool(limit),
        progress_printer("fixture") if progress is True else progress,
    )
    return Fixture(problem, json.loads(text))


class CompareResult:
    """A float trajectory against the certified exact one.

    For row k and entry v with enclosure [lo, hi] of the exact value e and
    tolerance T = atol + rtol |v|:
      * ``deviation[k]``: max over entries of dist(v, [lo, hi]) -- a proven
        lower bound of max |v - e| (0 when v lies inside the enclosure);
      * ``error_bound[k]``: max over entries of max(|v - lo|, |v - hi|) -- a
        proven upper bound of max |v - e|;
      * ``status[k]``: "left" (some entry has dist > T: proven more than T
        away), "within" (every entry within T, proven), "unclear" (the
        enclosure is too wide to tell) or "undecided" (no enclosure at that
        step; ``reasons`` says why).
    ``first_departure`` is the first step whose status is "left", or None.
    The float bounds are rounded outward (up) from the exact ones.
    """

    def __init__(self, steps, deviation, error_bound, status, reasons):
        self.steps = steps
        self.deviation = deviation
        self.error_bound = error_bound
        self.status = status
        self.reasons = reasons
        left = [int(k) for k, s in zip(steps, status) if s == "left"]
        self.first_departure = left[0] if left else None
        self.all_within = all(s == "within" for s in status)

    def __repr__(self) -> str:
        return f"CompareResult(rows={len(self.steps)}, first_departure={self.first_departure}, all_within={self.all_within})"


def _trajectory_rows(problem, trajectory):
    import numpy as np

    if isinstance(trajectory, tuple) and len(trajectory) == 2:
        a, b = (np.asarray(t) for t in trajectory)
        if a.ndim == 2 and problem.family == "scalar":
            pass
        a = a.reshape(a.shape[0], -1)
        b = b.reshape(b.shape[0], -1)
        if a.shape[0] != b.shape[0]:
            raise ValueError("trajectory: the two arrays have different numbers of steps")
        t = np.concatenate([a, b], axis=1)
    else:
        t = np.asarray(trajectory)
        if t.ndim != 2:
            raise ValueError(f"trajectory: expected a 2-D array (steps x entries), got shape {t.shape}")
    if problem.family == "scalar":
        width = 2 * problem.d
    else:
        width = (len(problem.A) + len(problem.A[0])) * problem.d
    if t.shape[1] != width:
        raise ValueError(f"trajectory: expected {width} entries per step (x then y, or X then Y row-major), got {t.shape[1]}")
    return t


def compare(problem, trajectory, *, rtol: float = 0.0, atol: float = 1e-9, steps=None, digits: int = 17,
            max_precision: int = 8192, progress=None) -> CompareResult:
    """Checks a float GD trajectory (NumPy array, one row per step: x then y,
    or X then Y row-major; or a pair (xs, ys) / (Xs, Ys)) against the
    certified enclosures of the exact one. Row i is step ``steps[i]``
    (default: 0, 1, 2, ...). Any float dtype; values are taken exactly."""
    import numpy as np

    t = _trajectory_rows(problem, trajectory)
    if steps is None:
        steps = np.arange(t.shape[0])
    steps = np.asarray(steps, dtype=np.int64)
    if steps.shape != (t.shape[0],):
        raise ValueError("steps: one step per trajectory row")
    if np.any(np.diff(steps) <= 0) or (len(steps) and steps[0] < 0):
        raise ValueError("steps: must be >= 0 and strictly increasing")
    rtol_q, atol_q = to_fraction(rtol, "rtol"), to_fraction(atol, "atol")
    if rtol_q < 0 or atol_q < 0:
        raise ValueError("rtol, atol: must be >= 0")
    fx = fixture(problem, steps.tolist(), digits, limit=False, max_precision=max_precision, progress=progress)
    dev = np.zeros(len(steps))
    bound = np.zeros(len(steps))
    status, reasons = [], []
    rows = fx.document["steps"]
    for i, row in enumerate(rows):
        encl = fx.enclosures[i]
        raw = _entries(row, fx.family)
        if any(e is None for e in encl):
            dev[i], bound[i] = math.nan, math.nan
            status.append("undecided")
            reasons.append(next(v.get("reason", "") for v in raw if v.get("lo") is None))
            continue
        worst_dist, worst_err, left, unclear = Fraction(0), Fraction(0), False, False
        for v, e in zip(t[i], encl):
            x = float(v)
            if not math.isfinite(x):
                left = True
                worst_dist = worst_err = None
                break
            q = Fraction(x)
            dist = max(e.lo - q, q - e.hi, Fraction(0))
            err = max(abs(q - e.lo), abs(q - e.hi))
            tol = atol_q + rtol_q * abs(q)
            left |= dist > tol
            unclear |= err > tol
            worst_dist, worst_err = max(worst_dist, dist), max(worst_err, err)
        if worst_dist is None:
            dev[i] = bound[i] = math.inf
        else:
            dev[i] = float(worst_dist) if Fraction(float(worst_dist)) <= worst_dist else math.nextafter(float(worst_dist), 0)
            bound[i] = _float_up(worst_err)
        status.append("left" if left else "unclear" if unclear else "within")
        reasons.append("")
    return CompareResult(steps, dev, bound, status, reasons)
