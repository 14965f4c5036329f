"""docs/chapters.yml maps each chapter to all of its files; this keeps the table true.

Every path in the table exists, and every chapter file of each kind (lecture page, module,
API page, tutorial, snippets folder, figure module, chapter test file, glossary) is in it.
"""

from __future__ import annotations

import pathlib

import pytest
import yaml

import genai_notes

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHAPTERS = yaml.safe_load((ROOT / "docs" / "chapters.yml").read_text(encoding="utf-8"))
LANGS = ("zh", "en")
#: Test files that check the whole project rather than one chapter.
PROJECT_TESTS = {"test_api.py", "test_public_api.py", "test_layout.py", "test_pages.py", "test_site.py",
                 "test_browser.py", "test_tutorials.py", "test_claims.py", "test_comments.py", "test_copy.py",
                 "test_literate.py", "test_benchmarks.py", "test_corpus.py", "test_package.py", "test_pdf.py", "test_format.py", "test_publish.py",
                 "test_passes.py",
                 "test_reading.py", "test_search.py"}


def paths(row: dict) -> list[pathlib.Path]:
    found = [ROOT / "src" / "genai_notes" / f"{row['module']}.py",
             ROOT / "src" / "genai_notes" / "figures" / f"{row['figures']}.py",
             ROOT / "snippets" / row["snippets"],
             ROOT / "docs" / "glossary" / row["glossary"]]
    found += [ROOT / "tests" / name for name in row["tests"]]
    found.append(ROOT / "docs" / "tutorials" / f"{row['tutorial']}.py")  # one source, both languages
    for lang in LANGS:
        found += [ROOT / "docs" / lang / "lectures" / f"{row['chapter']}.md",
                  ROOT / "docs" / lang / "api" / f"{row['module']}.md"]
    return found


def column(key: str) -> list[str]:
    return [name for row in CHAPTERS for name in (row[key] if isinstance(row[key], list) else [row[key]])]


def test_every_row_has_the_same_keys():
    assert all(set(row) == {"chapter", "module", "tutorial", "snippets", "figures", "tests", "glossary"} for row in CHAPTERS)


@pytest.mark.parametrize("row", CHAPTERS, ids=lambda row: row["chapter"])
def test_every_path_in_the_table_exists(row):
    missing = [p.relative_to(ROOT).as_posix() for p in paths(row) if not p.exists()]
    assert not missing, f"{row['chapter']}: {missing}"


def test_every_chapter_file_is_in_the_table():
    src = ROOT / "src" / "genai_notes"
    kinds = {
        "module": {p.stem for p in src.glob("*.py") if not p.stem.startswith("_")},
        "figures": {p.stem for p in (src / "figures").glob("*.py") if not p.stem.startswith("_")},
        "snippets": {p.name for p in (ROOT / "snippets").iterdir() if p.is_dir()},
        "glossary": {p.name for p in (ROOT / "docs" / "glossary").glob("*.yml")},
        "tests": {p.name for p in (ROOT / "tests").glob("test_*.py")} - PROJECT_TESTS,
        "tutorial": {p.stem for p in (ROOT / "docs" / "tutorials").glob("*.py")},
    }
    for lang in LANGS:
        kinds[f"chapter ({lang})"] = {p.stem for p in (ROOT / "docs" / lang / "lectures").glob("*.md")}
        kinds[f"module ({lang} API page)"] = {p.stem for p in (ROOT / "docs" / lang / "api").glob("*.md")}
    for kind, found in kinds.items():
        listed = set(column(kind.split(" ")[0]))
        assert found == listed, f"{kind}: on disk but not in docs/chapters.yml: {sorted(found - listed)}; " \
                                f"in the table but not on disk: {sorted(listed - found)}"


def test_the_package_lists_the_same_modules_in_the_same_order():
    assert genai_notes.MODULES == tuple(column("module"))
