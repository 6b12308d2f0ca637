"""Exact numbers and certified intervals (docs/python.md, "Exactness").

Every number handed to lrcert is taken exactly: ``str`` as exact text
("0.1" is 1/10, "7/3", "-2.5e-3"), ``fractions.Fraction`` and ``int`` as they
are, and a Python or NumPy float as the dyadic rational it is (0.1 as a float
is 3602879701896397/36028797018963968, not 1/10).
"""

from __future__ import annotations

import math
import numbers
from decimal import Decimal
from fractions import Fraction

__all__ = ["Interval", "exact_text", "to_fraction"]


def to_fraction(value, what: str = "value") -> Fraction:
    """The exact rational a user value denotes; ValueError naming `what` otherwise."""
    if isinstance(value, bool):
        raise ValueError(f"{what}: a bool is not a number")
    if isinstance(value, Fraction):
        return value
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, str):
        text = value.strip()
        try:
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(f"{what}: not an exact number: {value!r}") from None
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{what}: not finite: {value}")
        return Fraction(value)
    if isinstance(value, numbers.Real):  # float, numpy.float64, numpy.float32, ...
        x = float(value)  # exact: every float32/float64 is a double
        if not math.isfinite(x):
            raise ValueError(f"{what}: not finite: {value!r}")
        return Fraction(x)
    raise ValueError(f"{what}: not a number: {value!r} ({type(value).__name__})")


def exact_text(value, what: str = "value") -> str:
    """Exact text of a user value for lrcert's readers: "p/q" or "p"."""
    q = to_fraction(value, what)
    return str(q.numerator) if q.denominator == 1 else f"{q.numerator}/{q.denominator}"


def _parse_end(text):
    return None if text is None else Fraction(text)


def _float_down(q: Fraction) -> float:
    x = float(q)
    return x if Fraction(x) <= q else math.nextafter(x, -math.inf)


def _float_up(q: Fraction) -> float:
    x = float(q)
    return x if Fraction(x) >= q else math.nextafter(x, math.inf)


class Interval:
    """A certified enclosure [lo, hi] of an exact real value.

    ``lo`` and ``hi`` are exact ``Fraction`` ends (``None`` for an unbounded
    side); lo <= exact value <= hi is proven. ``mid`` and ``rad`` are floats
    for display and plotting: ``rad`` is rounded up and ``[mid - rad,
    mid + rad]`` contains ``[lo, hi]`` up to the rounding of ``mid``.
    """

    __slots__ = ("lo", "hi")

    def __init__(self, lo, hi=None):
        self.lo = _parse_end(lo) if not isinstance(lo, Fraction) and lo is not None else lo
        hi = lo if hi is None and lo is not None else hi
        self.hi = _parse_end(hi) if not isinstance(hi, Fraction) and hi is not None else hi
        if self.lo is not None and self.hi is not None and self.lo > self.hi:
            raise ValueError(f"Interval: lo > hi ({self.lo} > {self.hi})")

    @classmethod
    def from_json(cls, obj) -> "Interval":
        """From {"lo": text, "hi": text} (decimal or "p/q" texts, or null)."""
        return cls(_parse_end(obj.get("lo")), _parse_end(obj.get("hi")))

    @property
    def bounded(self) -> bool:
        return self.lo is not None and self.hi is not None

    @property
    def exact(self) -> bool:
        """True when the value is known exactly (lo == hi)."""
        return self.bounded and self.lo == self.hi

    @property
    def mid(self) -> float:
        if not self.bounded:
            return math.nan
        return float((self.lo + self.hi) / 2)

    @property
    def rad(self) -> float:
        if not self.bounded:
            return math.inf
        m = Fraction(self.mid)
        return _float_up(max(abs(self.hi - m), abs(m - self.lo)))

    @property
    def width(self) -> Fraction | None:
        return None if not self.bounded else self.hi - self.lo

    @property
    def digits(self) -> int:
        """Significant decimal digits the enclosure determines (0 if none)."""
        if not self.bounded:
            return 0
        if self.exact:
            return 10**9
        scale = max(abs(self.lo), abs(self.hi))
        if scale == 0:
            return 0
        w = self.hi - self.lo
        return max(0, math.floor(math.log10(scale) - math.log10(w)))

    def contains(self, x) -> bool:
        """Whether the exact value of x (taken as in to_fraction) lies in [lo, hi]."""
        if isinstance(x, Interval):
            return (x.bounded or False) and (self.lo is None or self.lo <= x.lo) and (self.hi is None or x.hi <= self.hi)
        q = to_fraction(x, "x")
        return (self.lo is None or self.lo <= q) and (self.hi is None or q <= self.hi)

    __contains__ = contains

    def __float__(self) -> float:
        return self.mid

    def __eq__(self, other):
        return isinstance(other, Interval) and self.lo == other.lo and self.hi == other.hi

    def __hash__(self):
        return hash((self.lo, self.hi))

    def _text(self, q: Fraction, digits: int, down: bool) -> str:
        if q == 0:
            return "0"
        if q.denominator == 1 and abs(q) < 10**digits:
            return str(q.numerator)
        e = math.floor(math.log10(abs(q)))
        step = Fraction(10) ** (e - digits + 1)
        n = math.floor(q / step) if down else math.ceil(q / step)
        dec = Decimal(n).scaleb(e - digits + 1)
        return format(dec, f".{digits - 1}E") if not -5 <= e <= 6 else format(dec, "f")

    def __repr__(self) -> str:
        if self.exact:
            q = self.lo
            return f"Interval({q})" if q.denominator != 1 else f"Interval({q.numerator})"
        d = max(6, min(17, self.digits + 3))
        lo = "-inf" if self.lo is None else self._text(self.lo, d, True)
        hi = "inf" if self.hi is None else self._text(self.hi, d, False)
        return f"Interval([{lo}, {hi}])"

    __str__ = __repr__


def float_bounds(iv: Interval) -> tuple[float, float]:
    """Floats lo' <= lo and hi' >= hi (outward), for plotting error bars honestly."""
    lo = -math.inf if iv.lo is None else _float_down(iv.lo)
    hi = math.inf if iv.hi is None else _float_up(iv.hi)
    return lo, hi
