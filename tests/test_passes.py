"""The warm loop's memory (tests/passes.py): what makes a remembered pass stale."""

from __future__ import annotations

import pathlib
import subprocess
import sys

import pytest

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from passes import inputs_digest  # noqa: E402


@pytest.fixture
def checkout(tmp_path) -> pathlib.Path:
    for name, text in {"src/a.py": "x = 1\n", "tests/test_a.py": "def test(): pass\n", ".gitignore": "build/\n"}.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    subprocess.run(["git", "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run(["git", "add", "."], cwd=tmp_path, check=True)
    return tmp_path


def test_the_inputs_digest_changes_with_a_source_file_or_a_new_one_and_not_with_tests_or_ignored_files(checkout):
    before = inputs_digest(checkout)
    (checkout / "tests" / "test_a.py").write_text("def test(): assert True\n", encoding="utf-8")
    (checkout / "build").mkdir()
    (checkout / "build" / "out.html").write_text("<p>", encoding="utf-8")
    assert inputs_digest(checkout) == before
    (checkout / "src" / "a.py").write_text("x = 2\n", encoding="utf-8")
    changed = inputs_digest(checkout)
    assert changed != before
    (checkout / "src" / "b.py").write_text("y = 1\n", encoding="utf-8")  # not yet added to git
    assert inputs_digest(checkout) != changed


def test_the_inputs_digest_is_none_outside_a_git_checkout(tmp_path):
    assert inputs_digest(tmp_path) is None
