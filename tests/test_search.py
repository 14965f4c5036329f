"""Site search as a student uses it: each query of tests/search_queries.yml typed into
Material's search box in Chromium must bring its page first.

The suite is also the measure for choosing the Chinese segmentation (jieba user
dictionary from the glossary, query variants) and the ranking (`search.boost`): the hit
rate is the share of cases without a `miss` (a known miss is a strict xfail, so a
change that fixes it shows up), per language (`pytest tests/test_search.py -k zh`).
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
QUERIES = yaml.safe_load((ROOT / "tests" / "search_queries.yml").read_text(encoding="utf-8"))
CASES = [
    pytest.param(
        lang, case["query"], case["top"], id=f"{lang}-{case['query']}",
        # a known miss must keep missing (strict): when it starts to pass, drop its `miss`
        marks=[pytest.mark.xfail(strict=True, reason=case["miss"])] if "miss" in case else [],
    )
    for lang, cases in QUERIES.items()
    for case in cases
]


@pytest.fixture(scope="module")
def search_box(browser, site_url):
    """`search(lang, query)` -> result links, typed on one open home page per language."""
    context = browser.new_context()
    pages = {}

    def search(lang: str, query: str) -> list[str]:
        if lang not in pages:
            pages[lang] = context.new_page()
            pages[lang].goto(f"{site_url}{lang}/")
        page = pages[lang]
        field = page.locator("input.md-search__input")
        field.click()
        field.fill("")
        field.press("End")
        page.wait_for_selector(".md-search-result__item", state="detached", timeout=10_000)
        field.fill(query)
        field.press("End")  # Material reads the query on keyup; filling CJK text sends no key events
        page.wait_for_function(
            "document.querySelector('.md-search-result__item') ||"
            " /\\d|無|没|No /.test(document.querySelector('.md-search-result__meta').textContent)",
            timeout=10_000,
        )
        return page.eval_on_selector_all(".md-search-result__link", "links => links.map(a => a.href)")

    yield search
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "query", "top"), CASES)
def test_first_search_result_is_the_page_that_teaches_the_term(search_box, site_url, lang, query, top):
    links = search_box(lang, query)
    assert links, f"{query!r} found nothing"
    first, *others = [urlsplit(link).path for link in links]  # without ?h= (highlight) and #section
    assert first == urlsplit(f"{site_url}{lang}/{top}").path, f"{query!r}: first result {first}, then {others[:3]}"


def test_query_suite_covers_what_a_student_types():
    assert len(QUERIES["zh"]) >= 30 and len(QUERIES["en"]) >= 20
    assert any(case["query"].isascii() for case in QUERIES["zh"]), "English terms typed on the zh site"


@pytest.mark.site
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_search_index_is_utf8_without_notebook_code(site, lang):
    raw = (site / lang / "search" / "search_index.json").read_bytes()
    assert not re.search(rb"(?<!\\)\\u[0-9a-fA-F]{4}", raw), "\\uXXXX escapes in the index"  # not the separator's "\\\\u200b"
    docs = json.loads(raw)["docs"]
    tutorial_text = " ".join(doc["text"] for doc in docs if "/tutorials/" in f"/{doc['location']}")
    assert "import torch" not in tutorial_text and "torch.manual_seed" not in tutorial_text
    assert len(tutorial_text) > 1000, "notebook prose and headings stay in the index"


def test_search_vocabulary_files_match_the_glossary():
    run = subprocess.run([sys.executable, str(ROOT / "tools" / "search_dictionary.py"), "--check"], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout


def test_search_vocabulary_keeps_compound_terms_out_of_the_user_dictionary():
    words = (ROOT / "tools" / "jieba_user_dict.txt").read_text(encoding="utf-8").split()
    assert "自迴歸" in words
    assert "交叉熵" not in words and "生成對抗網路" not in words
