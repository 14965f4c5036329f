"""Every tutorial runs as a plain script and its own `assert`s hold.

Only the zh twin is run here: tests/test_pages.py checks that both twins have the
same code cells, and the site build executes both languages' notebooks again.
"""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
TUTORIALS = sorted((ROOT / "docs" / "zh" / "tutorials").glob("*.py"))


@pytest.mark.slow
@pytest.mark.parametrize("tutorial", TUTORIALS, ids=lambda p: p.stem)
def test_tutorial_runs_as_a_script(tutorial):
    env = {**os.environ, "MPLBACKEND": "Agg", "PYTHONWARNINGS": "error::RuntimeWarning"}
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, tutorial.name], cwd=tutorial.parent, env=env, capture_output=True, text=True, timeout=300
    )
    seconds = time.perf_counter() - started
    assert run.returncode == 0, f"{tutorial.name} failed after {seconds:.1f} s:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    assert run.stdout.strip(), "a tutorial should print what it computes"
