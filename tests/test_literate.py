"""Embedded library code reads like a textbook: prose and math beside code, checks folded.

`tools/literate.render_section` on every `--8<--` section of the library, in both
languages; `copy_prefix` makes each section run on its own.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from comments import load_catalog  # noqa: E402
from literate import (  # noqa: E402
    _check_names,
    copy_prefix,
    docstring_prose,
    is_check,
    render_section,
    section_code,
    section_rows,
    sections,
)

SECTIONS = [(path, name) for path in sorted((ROOT / "src" / "genai_notes").rglob("*.py")) for name in sections(path)]
FENCE = re.compile(r"^( *)(`{3,}).*?\n(.*?)^\1\2$", re.M | re.S)
TEX = re.compile(r"\$[^$\n]*\\[A-Za-z]+[^$\n]*\$")
CJK = re.compile(r"[\u3400-\u9fff]")


def _id(item) -> str:
    return f"{item[0].stem}:{item[1]}"


@pytest.fixture(scope="module")
def catalog() -> dict[str, str]:
    return load_catalog("zh")


def _code_blocks(markdown: str) -> list[str]:
    return [m.group(3) for m in FENCE.finditer(markdown)]


def _functions(code: str) -> list[ast.AST]:
    return [n for n in ast.walk(ast.parse(code)) if isinstance(n, (ast.FunctionDef, ast.ClassDef))]


@pytest.mark.parametrize("item", SECTIONS, ids=_id)
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_code_blocks_show_no_docstring_doctest_or_tex(item, lang, catalog):
    blocks = _code_blocks(render_section(*item, lang, catalog))
    assert blocks
    for block in blocks:
        assert 'r"""' not in block and '"""' not in block and "Examples:" not in block and ">>>" not in block
        assert not TEX.search(block), block


@pytest.mark.parametrize("item", SECTIONS, ids=_id)
def test_docstring_math_is_rendered_in_the_prose(item):
    markdown = render_section(*item, "en", {})
    prose = markdown
    for block in _code_blocks(markdown):
        prose = prose.replace(block, "")
    for node in _functions(sections(item[0])[item[1]]):
        for formula in re.findall(r"\$\$?[^$]+\$\$?", docstring_prose(node)):
            assert formula in prose, formula


@pytest.mark.parametrize("item", SECTIONS, ids=_id)
def test_every_line_of_code_is_shown_once_in_order(item):
    # in the code column, or (folded checks) in the annotation that replaces them
    shown = []
    for row in section_rows(*item):
        for line in row.code.splitlines():
            marker = re.fullmatch(r"\s*# \((\d+)\)!", line)
            shown += row.checks[int(marker.group(1)) - 1].splitlines() if marker else [line]
    expected = [line for line in section_code(*item).splitlines() if line.strip()]
    assert [s.strip() for s in shown if s.strip()] == [e.strip() for e in expected]


@pytest.mark.parametrize("item", SECTIONS, ids=_id)
def test_argument_checks_are_folded_when_a_function_has_several(item):
    path, name = item
    checks = _check_names(ast.parse(path.read_text(encoding="utf-8")))
    rows = [r for r in section_rows(path, name) if r.code.lstrip().startswith(("def ", "@", "async "))]
    for row in rows:
        function = next(n for n in ast.parse(_dedent_def(row.code) + "\n    pass").body)  # a body of checks only folds to a comment
        guards = [s for s in function.body if is_check(s, checks)]
        lines = sum(g.end_lineno - g.lineno + 1 for g in guards)
        assert lines <= 1, f"{function.name} still shows {lines} lines of checks"


def _dedent_def(code: str) -> str:
    import textwrap

    return textwrap.dedent(code)


def test_softmax_reads_as_prose_beside_its_code():
    markdown = render_section(ROOT / "src/genai_notes/entropy.py", "softmax", "en", {})
    assert '<div class="literate-prose" markdown>' in markdown and '<div class="literate-code" markdown>' in markdown
    assert r"$\mathrm{softmax}(z)_i = e^{z_i/T} / \sum_j e^{z_j/T}$" in markdown
    (code,) = _code_blocks(markdown)
    assert code.startswith("def softmax(\n    logits: ArrayLike, temperature: float = 1.0, axis: int = -1\n) -> np.ndarray:\n")
    assert code.rstrip().endswith("return exp / exp.sum(axis=axis, keepdims=True)")


def test_several_checks_fold_behind_one_annotation():
    markdown = render_section(ROOT / "src/genai_notes/gan.py", "wasserstein", "en", {})
    assert "``` { .python .annotate }" in markdown and "# (1)!" in markdown
    assert "1.  Argument checks" in markdown
    # _batches: an `if …: raise` guard and two checks, behind one marker
    folded = next(block for block in _code_blocks(markdown) if "def _batches" in block)
    assert "# (1)!" in folded and "# (2)!" not in folded
    assert "raise ValueError" not in folded and "return real, fake" in folded


def test_zh_rendering_shows_zh_comments_and_labels(catalog):
    markdown = render_section(ROOT / "src/genai_notes/entropy.py", "softmax", "zh", catalog)
    comments = [line for block in _code_blocks(markdown) for line in block.splitlines() if line.strip().startswith("#")]
    assert comments and all(CJK.search(line) for line in comments)
    assert "減去最大的分數" in markdown
    folded = render_section(ROOT / "src/genai_notes/gan.py", "wasserstein", "zh", catalog)
    assert "1.  參數檢查" in folded


def test_copy_prefix_of_softmax_imports_what_it_uses():
    prefix = copy_prefix(ROOT / "src/genai_notes/entropy.py", "softmax")
    assert prefix.splitlines() == [
        "from __future__ import annotations",
        "import numpy as np",
        "from numpy.typing import ArrayLike",
        "from genai_notes._validate import as_logits",
        "from genai_notes._validate import check_positive",
        "from genai_notes.entropy import _gaps",
    ]


@pytest.mark.parametrize("item", SECTIONS, ids=_id)
def test_copy_prefix_makes_the_section_run_on_its_own(item):
    namespace: dict = {"__name__": "__main__"}  # as when a reader runs the copied file
    exec(compile(copy_prefix(*item) + section_code(*item), f"<copied {_id(item)}>", "exec"), namespace)
    defined = {n.name for n in ast.parse(section_code(*item)).body if isinstance(n, (ast.FunctionDef, ast.ClassDef))}
    assert defined <= namespace.keys()


def test_copied_softmax_computes_what_the_library_computes():
    from genai_notes.entropy import softmax

    path = ROOT / "src/genai_notes/entropy.py"
    namespace: dict = {"__name__": "__main__"}
    exec(copy_prefix(path, "softmax") + section_code(path, "softmax"), namespace)
    logits = [2.0, 1.0, 0.1]
    assert np.array_equal(namespace["softmax"](logits, temperature=0.5), softmax(logits, temperature=0.5))
    with pytest.raises(ValueError, match="temperature"):
        namespace["softmax"](logits, temperature=0)


def test_the_wrapper_carries_the_whole_section_for_the_copy_button():
    import html

    markdown = render_section(ROOT / "src/genai_notes/gan.py", "wasserstein", "en", {})
    copied = html.unescape(re.search(r'data-copy-text="([^"]*)"', markdown).group(1))
    assert copied.startswith("from __future__ import annotations\n")
    assert "if real.dim() < 2:" in copied and "def gradient_penalty" in copied


# --- the built site (run after the render step has built it) ----------------------------


@pytest.mark.site
@pytest.mark.browser
def test_no_code_line_is_wider_than_its_block_at_1300px(site, site_url, open_settled):
    import os

    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--no-first-run", "--disable-sync"]
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.glob("*/**/index.html"))
    overflowing = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=flags)
        page = browser.new_page(viewport={"width": 1300, "height": 900})
        for path in pages:
            open_settled(page, f"{site_url}{path}/")
            wide = page.eval_on_selector_all(
                "pre > code",
                "codes => codes.filter(c => c.scrollWidth > c.clientWidth)"
                ".map(c => c.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), ''))",
            )
            overflowing += [f"{path}: {line}" for line in wide]
            overflowing += [f"{path}, annotation {n}: {line}" for n, line in _wide_annotation_lines(page)]
        browser.close()
    assert overflowing == []


def _wide_annotation_lines(page) -> list[tuple[int, str]]:
    """Material mounts an annotation's tooltip only when the reader opens it, so each
    annotation is focused (as a keyboard reader would) and its code measured open."""
    page.evaluate("() => document.querySelectorAll('details').forEach(d => { d.open = true; })")
    wide = []
    for n, annotation in enumerate(page.locator(".md-annotation").all(), start=1):
        annotation.focus()
        wide += [(n, line) for line in page.eval_on_selector_all(
            ".md-tooltip--active pre > code",
            "codes => codes.filter(c => c.scrollWidth > c.clientWidth)"
            ".map(c => c.textContent.split('\\n').reduce((a, b) => (b.length > a.length ? b : a), ''))",
        )]
    return wide
