"""Comments in the reader's language: the catalog covers what pages show, and nothing else.

Every comment a page shows (snippets, embedded library sections, tutorial code cells) has a
zh-TW translation in `docs/comments/zh/*.yml`; every entry's English still exists; translating
changes comments only.
"""

from __future__ import annotations

import io
import re
import sys
import tokenize
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from comments import (  # noqa: E402
    MissingTranslation,
    comments,
    load_catalog,
    needs_translation,
    shown_sources,
    stale,
    translate,
    untranslated,
)

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: Mainland usage where Taiwan writes otherwise (the Taiwan term in the comment).
MAINLAND = {"數據": "資料", "代碼": "程式碼", "默認": "預設", "信息": "資訊", "網絡": "網路", "優化": "最佳化",
            "軟件": "軟體", "視頻": "影片", "字符": "字元", "調用": "呼叫", "變量": "變數", "遞歸": "遞迴",
            "內存": "記憶體", "字節": "位元組", "採樣": "取樣", "模塊": "模組", "程序": "程式", "運行": "執行"}
#: Simplified characters that Traditional text never uses.
SIMPLIFIED = set("这们个为数据码语时间说对会学习练样输变测试图层级链归档获处认态务参设计")


@pytest.fixture(scope="module")
def catalog() -> dict[str, str]:
    return load_catalog("zh")


@pytest.fixture(scope="module")
def sources():
    return shown_sources()


def test_every_comment_a_page_shows_has_a_zh_translation(catalog, sources):
    missing = untranslated(catalog, sources)
    assert not missing, "\n".join(f"{where[0]}: {text!r}" for text, where in missing.items())


def test_every_catalog_entry_translates_a_comment_or_docstring_paragraph_that_still_exists(catalog, sources):
    from comments import shown_prose

    assert stale(catalog, sources, shown_prose()) == []


def test_the_inventory_covers_snippets_library_sections_and_tutorials(sources):
    origins = [s.origin for s in sources]
    assert sum(o.startswith("snippets/") for o in origins) == len(list((ROOT / "snippets").rglob("*.txt")))
    assert any(":softmax" in o for o in origins) and any("tutorials/" in o for o in origins)


def _tokens(code: str, doctest: bool) -> list[tuple[int, str]]:
    from comments import _source_view  # the doctest's code, prompts removed

    source = _source_view(code, doctest)[0]
    kept = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE)
    return [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type not in kept]


def _inline_columns(code: str, doctest: bool) -> list[int]:
    from comments import _comment_tokens, _source_view

    source, offsets = _source_view(code, doctest)
    return [col + offsets[row] for row, col, _, inline in _comment_tokens(source) if inline]


def test_translating_to_zh_changes_comments_only_and_keeps_inline_columns(catalog, sources):
    for source in sources:
        zh = translate(source.code, "zh", catalog, doctest=source.doctest)
        assert _tokens(zh, source.doctest) == _tokens(source.code, source.doctest), source.origin
        assert _inline_columns(zh, source.doctest) == _inline_columns(source.code, source.doctest), source.origin


def test_english_pages_show_the_code_as_written(sources):
    assert all(translate(s.code, "en", {}, doctest=s.doctest) == s.code for s in sources)


def test_a_missing_translation_raises_and_names_the_comment():
    with pytest.raises(MissingTranslation, match="not in the catalog yet"):
        translate("x = 1  # not in the catalog yet\n", "zh", {})


def test_a_doctest_keeps_its_prompts_and_output_when_translated():
    text = ">>> # the answer\n>>> 6 * 7  # multiply\n42\n"
    assert translate(text, "zh", {"the answer": "答案", "multiply": "相乘"}, doctest=True) == (
        ">>> # 答案\n>>> 6 * 7  # 相乘\n42\n")


def test_a_translated_block_may_run_over_more_lines():
    code = "    # one sentence\n    # on two lines\n    x = 1\n"
    assert translate(code, "zh", {"one sentence on two lines": "第一行\n第二行\n第三行"}) == (
        "    # 第一行\n    # 第二行\n    # 第三行\n    x = 1\n")


def test_every_translation_is_in_chinese_unless_the_comment_is_a_formula_or_a_name(catalog):
    for english, chinese in catalog.items():
        assert CJK.search(chinese) or chinese == english, english


def test_inline_comments_translate_to_one_line(catalog, sources):
    inline = {c.text for s in sources for c in comments(s.code, s.doctest) if c.inline}
    assert [text for text in inline if "\n" in catalog.get(text, "")] == []


def test_translations_use_taiwan_terms_and_traditional_characters(catalog):
    for chinese in catalog.values():
        assert not [term for term in MAINLAND if term in chinese], chinese
        assert not SIMPLIFIED & set(chinese), chinese


def test_comments_without_words_are_not_looked_up():
    assert not needs_translation("(5 - 1)²") and not needs_translation("(1)!")
    assert [c.text for c in comments("x = 2  # (5 - 1)²\ny = 3  # (1)!\n")] == []


@pytest.mark.site
def test_zh_pages_show_no_code_comment_without_chinese(site, catalog):
    # Every comment in a Python or doctest block of a built zh page is zh-TW, bar comments
    # with no words (formulas, names: those the catalog keeps as they are).
    from html.parser import HTMLParser

    class Blocks(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.blocks, self.depth, self.kind = [], 0, None

        def handle_starttag(self, tag, attrs):
            classes = dict(attrs).get("class") or ""
            if tag == "div" and ("language-python" in classes or "language-pycon" in classes):
                self.kind, self.depth = ("pycon" if "pycon" in classes else "python"), 1
                self.blocks.append((self.kind, []))
            elif self.kind and tag == "div":
                self.depth += 1

        def handle_endtag(self, tag):
            if self.kind and tag == "div":
                self.depth -= 1
                self.kind = self.kind if self.depth else None

        def handle_data(self, data):
            if self.kind:
                self.blocks[-1][1].append(data)

    found = []
    for page in sorted((site / "zh").rglob("*.html")):
        parser = Blocks()
        parser.feed(page.read_text(encoding="utf-8"))
        for kind, parts in parser.blocks:
            for unit in comments("".join(parts), doctest=kind == "pycon"):
                if not CJK.search(unit.text) and catalog.get(unit.text) != unit.text:
                    found.append(f"{page.relative_to(site)}: {unit.text}")
    assert found == []


@pytest.mark.parametrize("module", ["comments", "copy_text", "literate"])
def test_the_examples_in_the_tools_docstrings_hold(module):
    # tools/ is outside pytest's doctest paths; its examples are part of its documentation
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(module), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 or module == "literate"
    assert result.failed == 0


def test_inject_lang_sets_the_page_language_of_a_tutorial_cell():
    from comments import inject_lang

    cell = 'import numpy as np\nLANG = "zh"  # set by the render step\nprint({"zh": "步數", "en": "step"}[LANG])\n'
    assert inject_lang(cell, "en").splitlines()[1] == 'LANG = "en"  # set by the render step'
    namespace: dict = {}
    exec(inject_lang(cell, "en").replace("print(", "shown = ("), namespace)
    assert namespace["shown"] == "step"


def test_reader_labels_finds_printed_and_drawn_english_only():
    from comments import reader_labels

    cell = 'print(f"loss {x:.2f}")\nax.set_ylabel("損失")\nax.plot(x, label="training")\nprint(x)\n'
    assert reader_labels(cell) == [(1, "loss {…}"), (3, "training")]
