"""lrcert.Problem: an instance f(X, Y) = 1/2 ||A - X Y^T||_F^2, its start and h, exactly."""

from __future__ import annotations

import json
import os
from fractions import Fraction

from . import _core
from ._exact import exact_text

# Significant digits of an h given relative to 2/L0 (the C++ reader rounds it so,
# docs/formats.md, "h relative to 2/L0").
RELATIVE_H_DIGITS = 12


def _vector(values, what):
    try:
        import numpy as np

        if isinstance(values, np.ndarray):
            if values.ndim != 1:
                raise ValueError(f"{what}: expected a 1-D array, got shape {values.shape}")
            values = values.tolist() if values.dtype.kind != "O" else list(values)
    except ImportError:  # pragma: no cover - NumPy is a dependency of the module
        pass
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ValueError(f"{what}: expected a sequence of numbers")
    out = [exact_text(v, f"{what}[{i}]") for i, v in enumerate(values)]
    if not out:
        raise ValueError(f"{what}: empty")
    return out


def _matrix(values, what):
    try:
        import numpy as np

        if isinstance(values, np.ndarray):
            if values.ndim != 2:
                raise ValueError(f"{what}: expected a 2-D array, got shape {values.shape}")
            values = values.tolist() if values.dtype.kind != "O" else [list(r) for r in values]
    except ImportError:  # pragma: no cover
        pass
    if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
        raise ValueError(f"{what}: expected rows of numbers")
    rows = []
    for i, row in enumerate(values):
        if isinstance(row, (str, bytes)) or not hasattr(row, "__iter__"):
            raise ValueError(f"{what}[{i}]: expected a row of numbers")
        rows.append([exact_text(v, f"{what}[{i}][{j}]") for j, v in enumerate(row)])
    return rows


class Problem:
    """An lrcert problem (docs/formats.md, "Problem files"), all numbers exact.

    Build with ``Problem.scalar``, ``Problem.matrix`` or ``Problem.from_file``.
    ``h`` may instead be given relative to 2/L0 (``h_over_2_over_L0=1.5``):
    h is then t * 2/L0 rounded to 12 significant digits, as sweep grids do,
    and ``problem.h`` is that exact h.
    """

    def __init__(self, document: dict, *, origin: str = "problem"):
        self._read(json.dumps(document), origin)

    def _read(self, text: str, origin: str) -> None:
        # The C++ reader validates everything, resolves "h_over_2_over_L0" and
        # gives the normal form plus the resolved h (its problem record).
        record = json.loads(_core.normalize_problem(text, origin))
        self._h = Fraction(record["h"])
        t = record.get("h_over_2_over_L0")
        self.h_over_2_over_L0 = None if t is None else Fraction(t)
        if t is not None:
            del record["h"]  # the file form gives t alone
        self._doc = record

    # ---- constructors ---------------------------------------------------------------
    @classmethod
    def _build(cls, doc, h, h_over_2_over_L0, name, description):
        if (h is None) == (h_over_2_over_L0 is None):
            raise ValueError("give exactly one of h and h_over_2_over_L0")
        if name is not None:
            doc["name"] = str(name)
        if description is not None:
            doc["description"] = str(description)
        if h is not None:
            doc["h"] = exact_text(h, "h")
        else:
            doc["h_over_2_over_L0"] = exact_text(h_over_2_over_L0, "h_over_2_over_L0")
        return cls(doc)

    @classmethod
    def scalar(cls, mu, x0, y0, h=None, *, h_over_2_over_L0=None, name=None, description=None) -> "Problem":
        """f(x, y) = 1/2 (mu - x . y)^2 from (x0, y0) in R^d x R^d."""
        doc = {"family": "scalar", "mu": exact_text(mu, "mu"), "x0": _vector(x0, "x0"), "y0": _vector(y0, "y0")}
        return cls._build(doc, h, h_over_2_over_L0, name, description)

    @classmethod
    def matrix(cls, A, X0, Y0, h=None, *, h_over_2_over_L0=None, name=None, description=None) -> "Problem":
        """f(X, Y) = 1/2 ||A - X Y^T||_F^2, A n x m, X0 n x d, Y0 m x d."""
        doc = {"family": "matrix", "A": _matrix(A, "A"), "X0": _matrix(X0, "X0"), "Y0": _matrix(Y0, "Y0")}
        return cls._build(doc, h, h_over_2_over_L0, name, description)

    @classmethod
    def from_file(cls, path) -> "Problem":
        """A problem file (docs/formats.md, "Problem files"), read by the same
        C++ reader as the CLI ("h" or "h_over_2_over_L0")."""
        path = os.fspath(path)
        with open(path, "rb") as f:
            text = f.read().decode("utf-8")
        # The C++ reader keeps JSON number literals exact (0.1 is 1/10).
        p = cls.__new__(cls)
        p._read(text, path)
        return p

    # ---- views ----------------------------------------------------------------------
    @property
    def family(self) -> str:
        return self._doc["family"]

    @property
    def h(self) -> Fraction:
        """The exact h (resolved when given relative to 2/L0)."""
        return self._h

    @property
    def name(self) -> str | None:
        return self._doc.get("name")

    @property
    def mu(self) -> Fraction:
        if self.family != "scalar":
            raise AttributeError("mu: only the scalar family has mu (use A)")
        return Fraction(self._doc["mu"])

    @property
    def d(self) -> int:
        return len(self._doc["x0"]) if self.family == "scalar" else len(self._doc["X0"][0])

    def _fr(self, key):
        v = self._doc[key]
        return [Fraction(x) for x in v] if not isinstance(v[0], list) else [[Fraction(x) for x in r] for r in v]

    @property
    def x0(self):
        return self._fr("x0")

    @property
    def y0(self):
        return self._fr("y0")

    @property
    def A(self):
        return self._fr("A")

    @property
    def X0(self):
        return self._fr("X0")

    @property
    def Y0(self):
        return self._fr("Y0")

    def start_array(self):
        """The start as float64 NumPy arrays (rounded to nearest; for your own GD loops):
        (x0, y0) for the scalar family, (X0, Y0) for the matrix family."""
        import numpy as np

        if self.family == "scalar":
            return np.array([float(q) for q in self.x0]), np.array([float(q) for q in self.y0])
        return (
            np.array([[float(q) for q in r] for r in self.X0]),
            np.array([[float(q) for q in r] for r in self.Y0]),
        )

    def to_dict(self) -> dict:
        """The problem file object (exact texts; "h_over_2_over_L0" instead
        of "h" when h was given relative to 2/L0)."""
        return json.loads(json.dumps(self._doc))

    def to_json(self) -> str:
        return json.dumps(self._doc)

    def with_h(self, h=None, *, h_over_2_over_L0=None) -> "Problem":
        """The same instance and start with another h."""
        doc = self.to_dict()
        doc.pop("h", None)
        doc.pop("h_over_2_over_L0", None)
        return Problem._build(doc, h, h_over_2_over_L0, None, None)

    def __eq__(self, other):
        return isinstance(other, Problem) and self._doc == other._doc

    def __repr__(self) -> str:
        if self.family == "scalar":
            return f"Problem.scalar(mu={self._doc['mu']}, d={self.d}, h={exact_text(self._h, 'h')})"
        n, m = len(self._doc["A"]), len(self._doc["A"][0])
        return f"Problem.matrix(n={n}, m={m}, d={self.d}, h={exact_text(self._h, 'h')})"
