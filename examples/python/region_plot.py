"""A certified phase diagram: run a region spec and draw its cells, coloured by
the outcome proven for every point of the cell (undecided cells hatched),
with the seed theorem's boundary h (S0 + 4 mu) = 4.

    .venv/bin/python examples/python/region_plot.py [OUT.png] [MAX_CELLS]
"""

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.patches import Patch, Rectangle  # noqa: E402

import lrcert  # noqa: E402

HERE = Path(__file__).resolve().parent
out = sys.argv[1] if len(sys.argv) > 1 else "region.png"
max_cells = int(sys.argv[2]) if len(sys.argv) > 2 else 200
spec = HERE.parent / "figures" / "headline_region.json"
COLOURS = {"converged": "#2ca02c", "diverged": "#d62728", "periodic": "#ff7f0e", "undecided": "#ffffff"}

res = lrcert.region(spec, max_cells=max_cells, jobs=0)
base = lrcert.Problem.from_file(HERE.parent / "headline.json")
S0 = sum(q * q for q in base.x0) + sum(q * q for q in base.y0)
h_star = float(4 / (S0 + 4 * base.mu))

fig, ax = plt.subplots(figsize=(7, 2.4))
t = res.table
drawn = set()
for h_lo, h_hi, outcome in zip(t["h_lo"], t["h_hi"], t["outcome"]):
    # (The hatch is drawn in the edge colour; a zero line width keeps cells gap-free.)
    ax.add_patch(Rectangle((h_lo, 0), h_hi - h_lo, 1, facecolor=COLOURS[outcome],
                           edgecolor="0.55" if outcome == "undecided" else COLOURS[outcome],
                           hatch="///" if outcome == "undecided" else None, linewidth=0))
    drawn.add(outcome)
ax.axvline(h_star, color="k", ls="--", lw=1)
ax.set_xlim(min(t["h_lo"]), max(t["h_hi"]))
ax.set_ylim(0, 1)
ax.set_yticks([])
ax.set_xlabel("learning rate h")
handles = [Patch(facecolor=COLOURS[o], edgecolor="k", hatch="///" if o == "undecided" else None,
                 label=f"{o} ({100 * float(res.area_fraction(o)):.2f}% of h)") for o in COLOURS if o in drawn]
handles.append(plt.Line2D([], [], color="k", ls="--", label="h (S0 + 4μ) = 4"))
ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.45), ncol=len(handles), fontsize=8)
ax.set_title(f"headline (μ = {base.mu}): outcome proven on every cell ({len(res.cells)} cells)")
fig.tight_layout()
fig.savefig(out, dpi=120, bbox_inches="tight")
for k, v in res.summary["theorem_verdicts"].items():
    print(f"{k}: {v}")
print("wrote", out)
