"""Every example of examples/python runs and writes a non-empty PNG."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples" / "python").glob("*.py"))


@pytest.mark.parametrize("script", EXAMPLES, ids=[p.name for p in EXAMPLES])
def test_example_writes_a_png(script, tmp_path):
    png = tmp_path / (script.stem + ".png")
    args = [sys.executable, str(script), str(png)]
    if script.name == "region_plot.py":
        args.append("60")  # a small budget keeps the test quick
    proc = subprocess.run(args, capture_output=True, text=True, timeout=600, env={"MPLBACKEND": "Agg", **_env()})
    assert proc.returncode == 0, proc.stderr
    assert png.exists() and png.stat().st_size > 1000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "wrote" in proc.stdout


def _env():
    import os

    return dict(os.environ)


def test_examples_exist():
    assert {p.name for p in EXAMPLES} >= {"imbalance_band.py", "float_loops.py", "region_plot.py"}
