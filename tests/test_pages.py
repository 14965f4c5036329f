"""Rules for the page sources (no build needed).

* code shown == code tested: a Python fence on a page holds only `--8<--` includes of
  library sections (src/genai_notes) or doctest files (snippets/), which pytest runs;
* twins: every page exists in both languages with the same ##/### heading structure, the same
  admonitions, exercises, includes and figures; a tutorial (one source, docs/tutorials/) has the
  same heading structure in both languages;
* navigation, glossary and snippet files are consistent.
"""

from __future__ import annotations

import doctest
import pathlib
import re

import jupytext
import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = {"zh": ROOT / "docs" / "zh", "en": ROOT / "docs" / "en"}
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*\{?\.?(?P<lang>[\w+-]*)[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$", re.S | re.M)
INCLUDE = re.compile(r'^\s*--8<--\s+"(?P<path>[^":]+)(?::(?P<section>[\w.-]+))?"\s*$')
ANY_INCLUDE = re.compile(r'--8<--\s+"([^"]+)"')
FIGURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+\.svg)\)")
PYTHON_LANGS = {"python", "py", "python3", "pycon", "pyodide", "ipython"}


def pages(lang: str, suffix: str = "*") -> list[pathlib.Path]:
    return sorted(p for p in DOCS[lang].rglob(suffix) if p.suffix in {".md", ".py"})


def relative(path: pathlib.Path, lang: str) -> str:
    return path.relative_to(DOCS[lang]).as_posix()


def all_pages() -> list[tuple[str, str]]:
    return [(lang, relative(p, lang)) for lang in DOCS for p in pages(lang)]


def markdown_pages() -> list[str]:
    return [relative(p, "zh") for p in pages("zh") if p.suffix == ".md"]


def tutorials() -> list[str]:
    return sorted(p.stem for p in (ROOT / "docs" / "tutorials").glob("*.py"))


def read(lang: str, page: str) -> str:
    return (DOCS[lang] / page).read_text(encoding="utf-8")


def h2_count(text: str) -> int:
    without_code = FENCE.sub("", text)
    return len(re.findall(r"^## ", without_code, re.M))


# --- twins -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("lang", "page"), all_pages())
def test_every_page_has_its_twin(lang, page):
    other = "en" if lang == "zh" else "zh"
    assert (DOCS[other] / page).is_file(), f"docs/{lang}/{page} has no twin docs/{other}/{page}"


def heading_levels(text: str) -> list[str]:
    """The `##` and `###` headings' levels, in order (code blocks left out)."""
    return re.findall(r"^(#{2,3}) ", FENCE.sub("", text), re.M)


def admonitions(text: str) -> list[str]:
    """Every admonition and collapsible block, as marker and type (`!!! abstract`, `??? success`)."""
    return [f"{marker} {kind}" for marker, kind in re.findall(r"^[ \t]*(!!!|\?\?\?\+?)[ \t]+([\w-]+)", text, re.M)]


def exercises(text: str) -> list[list[str]]:
    """The exercises (the numbered items of the section with the solutions), each as its includes."""
    sections = re.split(r"^## ", text, flags=re.M)
    section = next((s for s in sections if "??? success" in s), "")
    items = re.split(r"^\d+\. ", section, flags=re.M)[1:]
    return [ANY_INCLUDE.findall(item) for item in items]


@pytest.mark.parametrize("page", markdown_pages())
def test_twins_have_the_same_sections_includes_and_figures(page):
    zh, en = read("zh", page), read("en", page)
    assert h2_count(zh) == h2_count(en), "different number of ## sections"
    assert heading_levels(zh) == heading_levels(en), "different ## / ### heading structure"
    assert admonitions(zh) == admonitions(en), "different admonitions (type or order)"
    assert exercises(zh) == exercises(en), "different exercises (count, order or solutions)"
    assert ANY_INCLUDE.findall(zh) == ANY_INCLUDE.findall(en), "different snippet includes"
    assert FIGURE.findall(zh) == FIGURE.findall(en), "different figures"
    assert re.findall(r"^::: ([\w.]+)", zh, re.M) == re.findall(r"^::: ([\w.]+)", en, re.M)


def notebook_heading_levels(notebook, lang: str) -> list[int]:
    prose = [c.source for c in notebook.cells if c.cell_type == "markdown" and c.metadata.get("lang") == lang]
    return [len(h) for text in prose for h in re.findall(r"^(#+) ", FENCE.sub("", text), re.M)]


@pytest.mark.parametrize("slug", tutorials())
def test_a_tutorial_has_the_same_heading_structure_in_both_languages(slug):
    notebook = jupytext.read(ROOT / "docs" / "tutorials" / f"{slug}.py")
    prose = [c for c in notebook.cells if c.cell_type == "markdown"]
    assert prose and all(c.metadata.get("lang") in DOCS for c in prose), "every prose cell is tagged lang=zh or lang=en"
    zh, en = notebook_heading_levels(notebook, "zh"), notebook_heading_levels(notebook, "en")
    assert zh == en and zh[0] == 1 and zh.count(1) == 1


# --- code shown == code tested ---------------------------------------------------------------


def python_fences(text: str):
    for match in FENCE.finditer(text):
        if match.group("lang").lower() in PYTHON_LANGS:
            yield match.group("lang").lower(), match.group("body")


@pytest.mark.parametrize(("lang", "page"), [(lang, p) for lang in DOCS for p in markdown_pages()])
def test_python_on_pages_is_only_included_from_tested_files(lang, page):
    text = read(lang, page)
    assert "#!python" not in text and "#!py3" not in text, "inline Python code is not run by tests"
    for fence_lang, body in python_fences(text):
        lines = [line for line in body.splitlines() if line.strip()]
        assert lines, "empty Python fence"
        for line in lines:
            include = INCLUDE.match(line)
            assert include, f"Python written inline (not run by pytest): {line.strip()!r}"
            path, section = include.group("path"), include.group("section")
            if fence_lang == "pycon":
                assert path.startswith("snippets/") and path.endswith(".txt") and not section, path
            else:
                assert path.startswith("src/genai_notes/") and path.endswith(".py") and section, path
    for fence in FENCE.finditer(text):
        if fence.group("lang").lower() not in PYTHON_LANGS:
            looks_like_python = re.search(r"^\s*(>>> |import \w|from [\w.]+ import )", fence.group("body"), re.M)
            assert not looks_like_python, "Python in a fence not marked as Python is not run by tests"


@pytest.mark.parametrize(("lang", "page"), [(lang, p) for lang in DOCS for p in markdown_pages()])
def test_included_files_and_sections_exist(lang, page):
    for target in ANY_INCLUDE.findall(read(lang, page)):
        path, _, section = target.partition(":")
        assert (ROOT / path).is_file(), f"{path} does not exist"
        if section:
            source = (ROOT / path).read_text(encoding="utf-8")
            assert f"--8<-- [start:{section}]" in source and f"--8<-- [end:{section}]" in source


@pytest.mark.parametrize(("lang", "page"), [(lang, p) for lang in DOCS for p in markdown_pages()])
def test_api_pages_document_modules_whose_docstrings_are_doctested(lang, page):
    for module in re.findall(r"^::: ([\w.]+)", read(lang, page), re.M):
        assert module.startswith("genai_notes.")
        assert (ROOT / "src" / (module.replace(".", "/") + ".py")).is_file(), module


SNIPPETS = sorted((ROOT / "snippets").rglob("*.txt"))


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_snippet_files_are_pure_doctests(snippet):
    parts = doctest.DocTestParser().parse(snippet.read_text(encoding="utf-8"))
    prose = [part for part in parts if isinstance(part, str) and part.strip()]
    assert not prose, f"prose lines would show inside the code block: {prose[0].strip()[:60]!r}"
    assert any(isinstance(part, doctest.Example) for part in parts), "no examples"


@pytest.mark.parametrize("snippet", SNIPPETS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_snippet_is_shown_on_a_page(snippet):
    name = snippet.relative_to(ROOT).as_posix()
    assert any(name in read("zh", page) for page in markdown_pages()), f"{name} is tested but shown nowhere"


# --- navigation and glossary -----------------------------------------------------------------


def nav_files(config: str) -> list[str]:
    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    nav = yaml.load((ROOT / config).read_text(encoding="utf-8"), Loader=Loader)["nav"]

    def walk(items):
        for item in items:
            values = item.values() if isinstance(item, dict) else [item]
            for value in values:
                yield from walk(value) if isinstance(value, list) else [value]

    return list(walk(nav))


def test_both_navigations_list_the_same_pages_and_every_page():
    zh, en = nav_files("mkdocs.yml"), nav_files("mkdocs.en.yml")
    assert zh == en
    assert sorted(zh) == sorted([relative(p, "zh") for p in pages("zh")] + [f"tutorials/{slug}.md" for slug in tutorials()])


def test_glossary_entries_point_to_pages_that_exist():
    terms = [t for path in sorted((ROOT / "docs" / "glossary").glob("*.yml")) for t in yaml.safe_load(path.read_text("utf-8"))]
    assert terms
    for term in terms:
        assert set(term) == {"zh", "en", "zh_def", "en_def", "page"}, term
        assert all((DOCS[lang] / term["page"]).is_file() for lang in DOCS), term["page"]
    for lang in DOCS:
        names = [t[lang].lower() for t in terms]
        assert len(names) == len(set(names)), f"a {lang} term is listed twice"
