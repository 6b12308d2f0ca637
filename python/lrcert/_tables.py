"""lrcert.sweep and lrcert.region: grids and certified regions as tables."""

from __future__ import annotations

import json
import math
import os
from fractions import Fraction

from . import _core
from ._common import builtin_claims_dir, progress_printer
from ._exact import Interval


def _spec_text(spec, what):
    """(text, origin, base_dir) of a spec given as a path or a dict (a
    Problem as its "base" is written inline)."""
    from ._problem import Problem

    if isinstance(spec, (str, os.PathLike)):
        path = os.fspath(spec)
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        return text, path, os.path.dirname(os.path.abspath(path))
    if not isinstance(spec, dict):
        raise TypeError(f"{what}: the spec must be a file path or a dict")
    spec = dict(spec)
    if isinstance(spec.get("base"), Problem):
        spec["base"] = spec["base"].to_dict()
    return json.dumps(spec), f"{what} spec", os.getcwd()


def _float(text):
    return math.nan if text is None else float(Fraction(text))


def _table(columns: dict):
    """A pandas DataFrame when pandas is installed, else a dict of NumPy arrays."""
    import numpy as np

    arrays = {}
    for k, v in columns.items():
        if v and all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in v):
            arrays[k] = np.array(v, dtype=float if any(isinstance(x, float) for x in v) else np.int64)
        else:
            arrays[k] = np.array(v, dtype=object)
    try:
        import pandas as pd
    except ImportError:
        return arrays
    return pd.DataFrame(arrays)


def _needs_claims(spec_text: str) -> bool:
    doc = json.loads(spec_text)
    return "builtin" in doc.get("claims", ["builtin"]) if isinstance(doc, dict) else True


class SweepResult:
    """A sweep's results (docs/formats.md, "Sweep results"). ``points`` are the
    result rows with exact texts; ``table`` has one row per point with float
    columns for plotting (``*_lo`` rounded down, ``*_hi`` up) and the exact
    ``h`` as text in ``h_exact``."""

    def __init__(self, document: dict):
        self.document = document
        self.points = document["points"]
        self.claim_ids = [c["id"] for c in document.get("claims", [])]
        cols = {k: [] for k in ["index", "h_param", "h", "h_exact", "start_param", "outcome", "regime",
                                "L0_lo", "L0_hi", "h_L0_lo", "h_L0_hi", "imbalance_lo", "imbalance_hi",
                                "sharpness_lo", "sharpness_hi", "balancing_bound", "period", "exit_code"]}
        for c in self.claim_ids:
            cols["verdict:" + c] = []
        for p in self.points:
            cols["index"].append(p["index"])
            cols["h_param"].append(_float(p.get("h_param")))
            cols["h"].append(_float(p.get("h")))
            cols["h_exact"].append(p.get("h"))
            cols["start_param"].append(_float(p.get("start_param")))
            cols["outcome"].append(p.get("outcome"))
            cols["regime"].append(p.get("regime"))
            for key, name in (("L0", "L0"), ("h_L0", "h_L0")):
                iv = p.get(key) or {}
                cols[name + "_lo"].append(_lo(iv))
                cols[name + "_hi"].append(_hi(iv))
            lim = p.get("limit") or {}
            for key in ("imbalance", "sharpness"):
                iv = lim.get(key) or {}
                cols[key + "_lo"].append(_lo(iv))
                cols[key + "_hi"].append(_hi(iv))
            cols["balancing_bound"].append(_float(p.get("balancing_bound")))
            cols["period"].append(p.get("period") if p.get("period") is not None else -1)
            cols["exit_code"].append(p.get("exit_code") if p.get("exit_code") is not None else -1)
            for c in self.claim_ids:
                cols["verdict:" + c].append((p.get("verdicts") or {}).get(c))
        self.table = _table(cols)

    def interval(self, index: int, name: str) -> Interval:
        """An exact enclosure of a point: "L0", "h_L0", or a limit quantity ("imbalance", ...)."""
        p = self.points[index]
        obj = p.get(name) if name in ("L0", "h_L0") else (p.get("limit") or {}).get(name)
        if not obj:
            raise KeyError(f"point {index}: no {name!r}")
        return Interval.from_json(obj)

    def to_json(self) -> str:
        return json.dumps(self.document, indent=1) + "\n"


def _lo(iv):
    from ._exact import _float_down

    return math.nan if iv.get("lo") is None else _float_down(Fraction(iv["lo"]))


def _hi(iv):
    from ._exact import _float_up

    return math.nan if iv.get("hi") is None else _float_up(Fraction(iv["hi"]))


def sweep(spec, *, jobs: int = 0, progress=None) -> SweepResult:
    """Runs a sweep spec (a file path or a dict; docs/formats.md, "Sweep
    specification") in memory, on `jobs` threads (0: one per core)."""
    text, origin, base_dir = _spec_text(spec, "sweep")
    claims_dir = builtin_claims_dir() if _needs_claims(text) else ""
    out = _core.sweep(text, origin, base_dir, claims_dir, int(jobs),
                      progress_printer("sweep") if progress is True else progress)
    return SweepResult(json.loads(out))


class RegionResult:
    """A certified region (docs/formats.md, "Region results"): ``cells`` as
    written, ``summary``, and ``table`` with one row per cell: ``h_lo``,
    ``h_hi``, the start axis ``s_lo``, ``s_hi`` (NaN without one), outcome,
    ``imbalance_lo``/``imbalance_hi`` (converged cells: the uniform bound over
    the cell), ``period``. Cell ends are exact in ``cells``."""

    def __init__(self, document: dict):
        self.document = document
        self.cells = document["cells"]
        self.summary = document["summary"]
        axis = None
        for key in ("scale", "imbalance"):
            if self.cells and key in self.cells[0]:
                axis = key
        self.start_axis = axis
        cols = {k: [] for k in ["h_lo", "h_hi", "s_lo", "s_hi", "outcome", "imbalance_lo", "imbalance_hi", "period"]}
        for c in self.cells:
            cols["h_lo"].append(_float(c["h"]["lo"]))
            cols["h_hi"].append(_float(c["h"]["hi"]))
            s = c.get(axis) if axis else None
            cols["s_lo"].append(_float(s["lo"]) if s else math.nan)
            cols["s_hi"].append(_float(s["hi"]) if s else math.nan)
            cols["outcome"].append(c["outcome"])
            imb = c.get("imbalance_inf") or {}
            cols["imbalance_lo"].append(_lo(imb))
            cols["imbalance_hi"].append(_hi(imb))
            cols["period"].append(c.get("period") if c.get("period") is not None else -1)
        self.table = _table(cols)

    def area_fraction(self, outcome: str) -> Fraction:
        """The exact area fraction of an outcome (summary.area_fraction)."""
        return Fraction(self.summary["area_fraction"].get(outcome, "0"))

    def to_json(self) -> str:
        return json.dumps(self.document, indent=1) + "\n"


def region(spec, *, max_cells: int = 512, min_width="1/1024", jobs: int = 0, progress=None) -> RegionResult:
    """Runs a region spec (file path or dict; docs/formats.md, "Region
    specification") in memory: every cell's outcome is proven for every point of it."""
    text, origin, base_dir = _spec_text(spec, "region")
    claims_dir = builtin_claims_dir() if _needs_claims(text) else ""
    out = _core.region(text, origin, base_dir, claims_dir, int(max_cells), str(min_width), int(jobs),
                       progress_printer("region") if progress is True else progress)
    return RegionResult(json.loads(out))
