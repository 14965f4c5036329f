"""Numbers generated, never typed: benchmark results files, and the tables rendered from them."""

from __future__ import annotations

import pathlib
import re
import sys

import pytest
import tables
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
import results  # noqa: E402

RESULTS = sorted(results.RESULTS.glob("*.json"))
PAGES = [ROOT / "docs" / lang / "lectures" / name for lang in ("zh", "en") for name in ("gan.md", "distillation.md")]


@pytest.mark.parametrize("path", RESULTS, ids=lambda p: p.stem)
def test_a_results_file_was_made_by_the_code_as_it_is_now(path):
    record = results.read_results(path.stem)
    script = results.BENCHMARKS / f"{path.stem}.py"
    assert record["code_digest"] == results.code_digest(script), (
        f"{path.name} was measured with other code: re-run `{record['command']}`"
    )
    assert record["code_files"] == [p.relative_to(ROOT).as_posix() for p in results.measured_files(script)]


@pytest.mark.parametrize("path", RESULTS, ids=lambda p: p.stem)
def test_a_results_file_says_how_when_and_where_it_was_made(path):
    record = results.read_results(path.stem)
    assert record["command"].startswith(f"python benchmarks/{path.stem}.py")
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", record["date"]) and record["machine"]["device"] in {"cpu", "cuda"}
    assert record["rows"]


def test_the_measured_code_includes_what_the_library_imports_in_turn():
    files = {p.name for p in results.measured_files(results.BENCHMARKS / "gan_modes.py")}
    assert {"gan_modes.py", "gan.py", "__init__.py", "_validate.py"} <= files


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_benchmark_tables_on_pages_are_markers_not_typed_numbers(page):
    text = page.read_text(encoding="utf-8")
    assert tables.MARKER.search(text), "the page shows its benchmark table"
    assert not re.search(r"^\|.*\d\.\d{3}", text, re.M), "a table of measured numbers is typed into the page"


@pytest.mark.parametrize("name", sorted(tables.TABLES))
def test_a_table_has_the_same_rows_and_numbers_in_both_languages(name):
    zh, en = (tables.render_table(name, lang).splitlines() for lang in ("zh", "en"))
    assert len(zh) == len(en) == 2 + len(results.read_results(name)["rows"]) + sum(
        1 for _ in yaml.safe_load(tables.PUBLISHED.read_text(encoding="utf-8")).get(tables.TABLES[name].get("published"), [])
    )
    numbers = [[re.findall(r"\d+\.\d+%?", line) for line in table[2:]] for table in (zh, en)]
    assert numbers[0] == numbers[1]


def test_published_rows_each_cite_their_source():
    published = yaml.safe_load(tables.PUBLISHED.read_text(encoding="utf-8"))
    for row in published["gan_modes"]:
        source = published["sources"][row["source"]]
        assert source["citation"] and source["url"].startswith("https://") and set(source["label"]) == {"zh", "en"}
    assert "1705.07761" in tables.render_table("gan_modes", "zh")


def test_the_code_digest_ignores_docstrings_comments_and_layout_but_not_statements():
    documented = 'def f(x):\n    """Square x."""\n    # (x)^2, the why\n    return x ** 2\n'
    assert results.code_without_docs(documented) == results.code_without_docs("def f(x): return x**2")
    assert results.code_without_docs(documented) != results.code_without_docs("def f(x): return x**3")


def test_the_text_continuation_results_were_measured_on_the_corpus_as_it_is_now():
    # The corpus is data, not code, so the code digest misses it: a lecture edit changes
    # notes_zh.txt (tools/corpus.py) and with it every number of that benchmark.
    import hashlib

    import text_continuation  # benchmarks/text_continuation.py

    train, held_out, _ = text_continuation.split()
    digest = hashlib.sha256("\n".join(train + held_out).encode()).hexdigest()[:12]
    record = results.read_results("text_continuation")
    assert any(f"sha256 {digest}" in line for line in record["printed"]), (
        f"the corpus changed since the benchmark ran: re-run `{record['command']}`"
    )
