"""Test a NumPy GD loop in float64 and float32 against lrcert's certified
trajectory (a fixture), and plot how far each is from the exact iterates.

    .venv/bin/python examples/python/float_loops.py [OUT.png]
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

import lrcert  # noqa: E402

HERE = Path(__file__).resolve().parent
out = sys.argv[1] if len(sys.argv) > 1 else "float_loops.png"
problem = lrcert.Problem.from_file(HERE.parent / "headline.json")
STEPS = 200


def gd(dtype):
    """Plain GD on f(x, y) = 1/2 (mu - x.y)^2, as a NumPy user writes it."""
    x, y = (a.astype(dtype) for a in problem.start_array())
    mu, h = dtype(float(problem.mu)), dtype(float(problem.h))
    rows = [np.concatenate([x, y])]
    for _ in range(STEPS):
        r = mu - x @ y
        x, y = x + h * r * y, y + h * r * x
        rows.append(np.concatenate([x, y]))
    return np.array(rows)


fig, ax = plt.subplots(figsize=(6, 4))
for dtype, rtol in ((np.float64, 1e-12), (np.float32, 1e-5)):
    res = lrcert.compare(problem, gd(dtype), rtol=rtol, atol=0)
    name = np.dtype(dtype).name
    print(f"{name}: first departure beyond rtol {rtol:g}: {res.first_departure}, "
          f"max proven error {np.max(res.error_bound):.3e}")
    ax.semilogy(res.steps, np.maximum(res.error_bound, 1e-300), label=f"{name}: max |float − exact| (upper bound)")
ax.set_xlabel("step k")
ax.set_ylabel("distance to the exact iterate")
ax.set_title(f"float GD vs the certified trajectory (headline, μ = {problem.mu}, h = {float(problem.h)})", fontsize=10)
ax.legend()
fig.tight_layout()
fig.savefig(out, dpi=120)
print("wrote", out)
