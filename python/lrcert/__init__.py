"""lrcert: certified gradient descent on matrix factorization, from Python.

Quick start (docs/python.md)::

    import lrcert
    p = lrcert.Problem.scalar(mu=1, x0=["3", "0"], y0=["0", "0.5"], h="16/53")
    r = lrcert.certify(p)
    r.outcome                 # "converged"
    r.limit.imbalance         # Interval([... , ...]), exact Fraction ends
    r.verdicts                # {"seed.scalar.convergence_and_balancing": "confirmed", ...}

Every number given is taken exactly (str, Fraction, int, and floats as the
dyadic rationals they are); every enclosure returned has exact ends.
"""

from __future__ import annotations

import json
import os
import sys
from fractions import Fraction
from pathlib import Path

from . import _core
from ._exact import Interval, exact_text, float_bounds, to_fraction
from ._problem import Problem
from ._results import CertifyResult, Claim, Limit
from ._fixture import CompareResult, Fixture, compare, fixture
from ._tables import RegionResult, SweepResult, region, sweep

__version__ = _core.version
InputError = _core.InputError

__all__ = [
    "Problem",
    "Interval",
    "certify",
    "fixture",
    "compare",
    "sweep",
    "region",
    "CertifyResult",
    "Limit",
    "Claim",
    "Fixture",
    "CompareResult",
    "SweepResult",
    "RegionResult",
    "InputError",
    "builtin_claims_dir",
    "exact_text",
    "to_fraction",
    "float_bounds",
]

from ._common import builtin_claims_dir, progress_printer  # noqa: E402


def certify(
    problem: Problem,
    claims=(),
    *,
    builtin_claims: bool = True,
    precision: int = 0,
    max_precision: int = 4096,
    max_steps: int = 100000,
    digits: int = 30,
    progress=None,
) -> CertifyResult:
    """Certify `problem` as ``lrcert certify`` does (docs/cli.md, "certify").

    `digits`: digits of the limit to certify (``--digits``; the outcome never
    depends on it, the run's length does).

    `claims`: claim files or folders added to the built-in claims (docs/claims.md);
    `builtin_claims=False` evaluates only those. `progress`: a callable taking a
    dict (phase, step, bits, radius), or True to print a line on stderr. The
    call releases the GIL; Ctrl-C cancels it (KeyboardInterrupt).
    """
    if not isinstance(problem, Problem):
        raise TypeError("certify: problem must be an lrcert.Problem")
    if isinstance(claims, (str, os.PathLike)):
        claims = [claims]
    paths = [os.fspath(c) for c in claims]
    raw = _core.certify(
        problem.to_json(),
        paths,
        bool(builtin_claims),
        builtin_claims_dir() if builtin_claims else "",
        int(precision),
        int(max_precision),
        int(max_steps),
        int(digits),
        progress_printer("certify") if progress is True else progress,
    )
    return CertifyResult(problem, raw)
