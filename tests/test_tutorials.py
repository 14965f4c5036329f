"""Tutorials are executed once per language, by the render step that builds the site
(tests/conftest.py builds it; each tutorial's own `assert`s run there). Here: the
execution cache survives faults, and a failing notebook says which cell failed and why.

The notebooks used here are tiny ones written for the test, in their own folder and cache.
"""

from __future__ import annotations

import os
import pathlib
import signal
import subprocess
import sys
import textwrap
import threading
import time

import nbformat
import notebooks
import pytest
import render

ROOT = pathlib.Path(__file__).resolve().parents[1]
TOOLS = ROOT / "tools"
QUICK = '# %% [markdown] lang="zh"\n# # 測試\n\n# %% [markdown] lang="en"\n# # Test\n\n# %%\nprint("first")\n\n# %%\nprint(6 * 7)\n'


@pytest.fixture
def sandbox(tmp_path, monkeypatch):
    """docs/tutorials/ and the notebook cache, both in a temporary folder."""
    (tmp_path / "tutorials").mkdir()
    monkeypatch.setattr(notebooks, "TUTORIALS", tmp_path / "tutorials")
    monkeypatch.setattr(notebooks, "CACHE", tmp_path / "cache")
    return tmp_path


def write_tutorial(sandbox: pathlib.Path, slug: str, text: str) -> None:
    (sandbox / "tutorials" / f"{slug}.py").write_text(text, encoding="utf-8")


def cache_entries(sandbox: pathlib.Path) -> list[pathlib.Path]:
    return sorted((sandbox / "cache").rglob("*.ipynb"))


def test_each_language_gets_its_own_prose_and_the_same_code(sandbox):
    write_tutorial(sandbox, "quick", QUICK)
    zh, en = (notebooks.language_notebook("quick", lang) for lang in ("zh", "en"))
    assert [c.source for c in zh.cells] == ["# 測試", 'print("first")', "print(6 * 7)"]
    assert [c.source for c in en.cells] == ["# Test", 'print("first")', "print(6 * 7)"]


def test_a_notebook_runs_once_and_then_comes_from_the_cache(sandbox):
    write_tutorial(sandbox, "quick", QUICK)
    executed, cached, _ = notebooks.executed_notebook("quick", "en")
    assert not cached and executed.cells[2].outputs[0].text == "42\n"
    again, cached, _ = notebooks.executed_notebook("quick", "en")
    assert cached and again.cells[2].outputs == executed.cells[2].outputs
    write_tutorial(sandbox, "quick", QUICK.replace("6 * 7", "6 * 8"))
    changed, cached, _ = notebooks.executed_notebook("quick", "en")
    assert not cached and changed.cells[2].outputs[0].text == "48\n"
    assert len(cache_entries(sandbox)) == 1, "the entry of the old source is removed"


def test_the_digest_covers_the_package_source_and_its_data_files():
    names = {p.name for p in notebooks.package_files()}
    assert "notes_zh.txt" in names and "tokens.py" in names


def test_a_half_written_cache_entry_is_not_trusted(sandbox):
    write_tutorial(sandbox, "quick", QUICK)
    notebook = notebooks.language_notebook("quick", "zh")
    path = notebooks.cache_path("quick", "zh", notebooks.notebook_digest(notebook))
    path.parent.mkdir(parents=True)
    path.write_text('{"cells": [{"cell_type": "co', encoding="utf-8")  # what a torn write would leave
    executed, cached, _ = notebooks.executed_notebook("quick", "zh")
    assert not cached and executed.cells[2].outputs[0].text == "42\n"
    assert notebooks.read_cached(path, notebooks.notebook_digest(notebook)) is not None


def test_a_build_killed_mid_notebook_leaves_no_entry_and_the_next_build_runs_it(sandbox):
    slow = QUICK.replace("print(6 * 7)", "import time\ntime.sleep(120)\nprint(6 * 7)")
    write_tutorial(sandbox, "slow", slow)
    marker = sandbox / "started"
    script = textwrap.dedent(f"""
        import pathlib, sys
        sys.path.insert(0, {str(TOOLS)!r})
        import notebooks
        notebooks.TUTORIALS = pathlib.Path({str(sandbox / "tutorials")!r})
        notebooks.CACHE = pathlib.Path({str(sandbox / "cache")!r})
        notebooks.executed_notebook("slow", "zh", lambda i: pathlib.Path({str(marker)!r}).touch())
    """)
    build = subprocess.Popen([sys.executable, "-c", script], start_new_session=True)
    deadline = time.monotonic() + 120
    while not marker.exists() and time.monotonic() < deadline and build.poll() is None:
        time.sleep(0.2)
    assert marker.exists(), "the build never started the notebook"
    os.killpg(build.pid, signal.SIGKILL)  # the build and its kernel, mid-notebook
    build.wait()
    assert cache_entries(sandbox) == []
    write_tutorial(sandbox, "slow", slow.replace("time.sleep(120)", "time.sleep(0)"))
    executed, cached, _ = notebooks.executed_notebook("slow", "zh")
    assert not cached and executed.cells[2].outputs[0].text == "42\n"


def test_two_builds_at_once_leave_one_valid_entry(sandbox):
    write_tutorial(sandbox, "quick", QUICK)
    results: list = []
    threads = [threading.Thread(target=lambda: results.append(notebooks.executed_notebook("quick", "zh"))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [r[0].cells[2].outputs[0].text for r in results] == ["42\n", "42\n"]
    (entry,) = cache_entries(sandbox)
    nbformat.validate(nbformat.read(entry, as_version=4))
    assert not list((sandbox / "cache").rglob("*.tmp")), "no temporary file is left behind"


def test_a_failing_notebook_names_the_cell_and_the_error_and_is_not_cached(sandbox):
    write_tutorial(sandbox, "broken", QUICK.replace("print(6 * 7)", "print(6 / 0)"))
    with pytest.raises(notebooks.NotebookError, match=r'cell 3 \(code cell 2: "print\(6 / 0\)"\) failed: ZeroDivisionError: division by zero'):
        notebooks.executed_notebook("broken", "en")
    assert cache_entries(sandbox) == []


def test_a_failing_notebook_page_shows_the_error_instead_of_older_outputs():
    page = render.failed_page("softmax", "en", notebooks.NotebookError("softmax: cell 4 failed: ZeroDivisionError"))
    assert "cell 4 failed: ZeroDivisionError" in page and "notebook-output" not in page


def test_stderr_writes_are_merged_with_carriage_returns_applied_as_in_jupyter():
    outputs = [nbformat.v4.new_output("stream", name="stderr", text=t) for t in ("bar  0%\r", "bar 50%\r", "bar 100%\n", "\n")]
    outputs.insert(0, nbformat.v4.new_output("stream", name="stdout", text="result\n"))
    merged = notebooks.merged_outputs(outputs)
    assert [(o.name, o.text) for o in merged] == [("stdout", "result\n"), ("stderr", "bar 100%\n\n")]
