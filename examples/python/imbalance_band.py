"""Certify the headline instance over a range of learning rates and plot the
certified limit imbalance |x_inf - y_inf|^2 against the seed theorem's bound
2/h - 2 mu (Wang, Chen, Zhao and Tao, ICLR 2022).

    .venv/bin/python examples/python/imbalance_band.py [OUT.png]
"""

import sys
from fractions import Fraction
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

import lrcert  # noqa: E402

HERE = Path(__file__).resolve().parent
out = sys.argv[1] if len(sys.argv) > 1 else "imbalance_band.png"

base = lrcert.Problem.from_file(HERE.parent / "headline.json")
S0 = sum(q * q for q in base.x0) + sum(q * q for q in base.y0)
h_star = 4 / (S0 + 4 * base.mu)  # the theorem's largest h: h (S0 + 4 mu) <= 4

hs, lo, hi = [], [], []
for k in range(1, 11):
    h = h_star * Fraction(k, 10)
    r = lrcert.certify(base.with_h(h))
    if r.outcome != "converged":
        print(f"h = {float(h):.5f}: {r.outcome} ({r.reason})")
        continue
    imb = r.limit.imbalance
    a, b = lrcert.float_bounds(imb)  # outward to floats: the bar contains the enclosure
    hs.append(float(h))
    lo.append(a)
    hi.append(b)
    print(f"h = {float(h):.5f}: imbalance_inf in {imb}  (bound {float(2 / h - 2 * base.mu):.4f}, "
          f"{r.verdicts['seed.scalar.convergence_and_balancing']})")

fig, ax = plt.subplots(figsize=(6, 4))
mid = [(a + b) / 2 for a, b in zip(lo, hi)]
err = [[m - a for m, a in zip(mid, lo)], [b - m for m, b in zip(mid, hi)]]
ax.errorbar(hs, mid, yerr=err, fmt="o", ms=4, capsize=3, label="certified |x∞ − y∞|² (enclosure)")
dense = [hs[0] + (hs[-1] - hs[0]) * i / 200 for i in range(201)]
ax.plot(dense, [2 / h - 2 * float(base.mu) for h in dense], "k--", label="bound 2/h − 2μ")
ax.set_xlabel("learning rate h")
ax.set_ylabel("limit imbalance")
ax.set_ylim(bottom=0)
ax.set_title(f"certified limit imbalance vs the bound (headline, μ = {base.mu}, d = {base.d})", fontsize=10)
ax.legend()
fig.tight_layout()
fig.savefig(out, dpi=120)
print("wrote", out)
