"""The code that pages show is formatted by ruff to the 80 columns a code block holds at 1300 px."""

import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_library_and_tutorials_are_ruff_formatted_to_80_columns():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "src", "docs/tutorials"],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, f"run `ruff format src docs/tutorials`:\n{result.stdout}{result.stderr}"


def test_every_code_line_a_page_shows_fits_80_columns_in_english_and_in_zh():
    sys.path.insert(0, str(ROOT / "tools"))
    import comments

    wide = comments.wide_lines(comments.load_catalog("zh"), comments.shown_sources())
    assert wide == [], f"{len(wide)} lines wider than {comments.COLUMNS} columns (python tools/comments.py --wide):\n" + "\n".join(wide[:20])
