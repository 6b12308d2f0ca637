"""Helpers shared by the module's parts."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path


def builtin_claims_dir() -> str:
    """The built-in claims: $LRCERT_CLAIMS_DIR if set, else the copy installed with the package."""
    env = os.environ.get("LRCERT_CLAIMS_DIR")
    if env:
        if not Path(env).is_dir():
            raise ValueError(f"LRCERT_CLAIMS_DIR={env!r} is not a folder")
        return env
    here = Path(__file__).resolve().parent / "claims"
    if here.is_dir():
        return str(here)
    raise ValueError("the built-in claims folder was not installed with the module (reinstall with scripts/python)")


def progress_printer(what: str):
    """A progress callback printing one self-overwriting line on stderr (a
    plain line every 10 s when stderr is not a terminal)."""
    tty = sys.stderr.isatty()
    state = {"last": 0.0, "start": time.monotonic()}

    def show(info: dict) -> None:
        now = time.monotonic()
        if now - state["last"] < (0.2 if tty else 10.0):
            return
        state["last"] = now
        if info.get("total"):
            text = f"lrcert {what}: {info['done']}/{info['total']} {info['phase']}"
        else:
            text = (
                f"lrcert {what}: {info['phase']} step {info['step']}, {info['bits']} bits, "
                f"radius {info['radius']:.2e}"
            )
        text += f", {now - state['start']:.1f} s"
        if tty:
            sys.stderr.write("\r" + text.ljust(78))
        else:
            sys.stderr.write(text + "\n")
        sys.stderr.flush()

    return show
