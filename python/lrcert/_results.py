"""The result of lrcert.certify."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from ._exact import Interval


def _value(q):
    """A quantity of the core's table as a Python value."""
    kind = q["kind"]
    if kind == "interval":
        return Interval(q["lo"], q["hi"]) if q["lo"] is not None or q["hi"] is not None else Interval(None, None)
    if kind == "matrix":
        import numpy as np

        rows = [[Interval(e["lo"], e["hi"]) for e in row] for row in q["entries"]]
        a = np.empty((q["rows"], q["cols"]), dtype=object)
        for i, row in enumerate(rows):
            for j, e in enumerate(row):
                a[i, j] = e
        # Vectors (d x 1 or 1 x d) come back as 1-D arrays.
        return a.reshape(-1) if 1 in a.shape else a
    if kind == "truth":
        return q["value"]
    return None


@dataclass(frozen=True)
class Claim:
    """One evaluated claim (docs/claims.md)."""

    id: str
    kind: str  # theorem / classification / observation
    statement: str
    assumptions: str  # true / false / unknown
    conclusions: str
    verdict: str  # confirmed / counterexample / vacuous / undecided
    detail: str

    @property
    def verdict_text(self) -> str:
        """As the readable report says it: a classification or observation
        "holds" or "fails" (it is information, not a theorem)."""
        if self.kind != "theorem" and self.verdict == "confirmed":
            return "holds"
        if self.kind != "theorem" and self.verdict == "counterexample":
            return "fails"
        return self.verdict


class Limit:
    """The certified limit (when converged): its quantities as attributes
    (``imbalance``, ``sharpness``, ``norm_gap``, ``loss``, ``x``, ``y`` or
    ``X``, ``Y``, ...), each an Interval or an array of Intervals."""

    def __init__(self, quantities: dict):
        self._q = quantities

    def __getattr__(self, name):
        q = self.__dict__.get("_q", {})
        if name in q:
            return q[name]
        raise AttributeError(f"the limit has no certified {name!r} (have: {', '.join(sorted(q))})")

    def names(self):
        return sorted(self._q)

    def __repr__(self) -> str:
        scalars = {k: v for k, v in self._q.items() if isinstance(v, Interval)}
        return "Limit(" + ", ".join(f"{k}={v}" for k, v in sorted(scalars.items())) + ")"


class CertifyResult:
    """What lrcert.certify proved (fields as in the CLI report, docs/formats.md, "Report")."""

    def __init__(self, problem, raw: dict):
        self.problem = problem
        self._raw = raw
        self.report = json.loads(raw["report"])
        self.outcome: str = raw["outcome"]
        self.reason: str = raw["reason"]
        self.proof: str | None = self.report.get("proof")
        self.precision_bits: int = raw["precision_bits"]
        self.exit_code: int = raw["exit_code"]
        self.seconds: float = raw["seconds"]
        self.regime: str = self.report.get("regime")
        self.quantities = {}
        self.unavailable = {}
        for name, q in raw["quantities"].items():
            if q["kind"] == "unavailable":
                self.unavailable[name] = q["reason"]
            else:
                self.quantities[name] = _value(q)
        self.claims = [
            Claim(
                c["id"],
                c["kind"],
                c["statement"],
                c["assumptions"],
                c["conclusions"],
                c["verdict"],
                c.get("detail", ""),
            )
            for c in self.report.get("claims", [])
        ]
        lim = {n[: -len("_inf")]: v for n, v in self.quantities.items() if n.endswith("_inf")}
        self.limit = Limit(lim) if self.outcome == "converged" and lim else None
        cyc = self.report.get("cycle")
        self.period = cyc["period"] if cyc else None
        self.cycle = cyc

    @property
    def L0(self) -> Interval:
        """The initial sharpness lambda_max(Hess f(z0))."""
        return self.quantities["L0"]

    @property
    def h_L0(self) -> Interval:
        """h times L0 (> 2: beyond the classical 2/L threshold)."""
        return Interval.from_json(self.report["h_times_sharpness_initial"])

    @property
    def verdicts(self) -> dict:
        return {c.id: c.verdict for c in self.claims}

    def quantity(self, name: str):
        """A certified quantity by its vocabulary name (docs/claims.md); KeyError says why not."""
        if name in self.quantities:
            return self.quantities[name]
        if name in self.unavailable:
            raise KeyError(f"{name}: not certified: {self.unavailable[name]}")
        raise KeyError(f"{name}: not a quantity of this family (docs/claims.md)")

    def to_json(self) -> str:
        """The report, byte-identical to ``lrcert certify --report``."""
        return self._raw["report"]

    def certificate(self) -> str:
        """The certificate for lrcert-check, byte-identical to ``lrcert certify --certificate``."""
        return self._raw["certificate"]

    def write_certificate(self, path) -> None:
        """Writes the certificate; refuses to overwrite an existing file."""
        path = os.fspath(path)
        with open(path, "x", encoding="utf-8") as f:
            f.write(self._raw["certificate"])

    def __repr__(self) -> str:
        return f"CertifyResult(outcome={self.outcome!r}, reason={self.reason!r})"
