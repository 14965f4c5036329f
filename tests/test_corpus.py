"""The text-continuation corpus is made from the current zh-TW lecture pages (tools/corpus.py)."""

from __future__ import annotations

import corpus

from genai_notes.autoregression import notes_corpus


def test_the_corpus_is_the_prose_of_the_current_zh_lecture_pages():
    assert corpus.CORPUS.read_text(encoding="utf-8") == corpus.corpus_text(), "stale: run `python tools/corpus.py`"


def test_every_lecture_contributes_to_the_corpus_and_no_markup_is_left():
    paragraphs = notes_corpus()
    for page in corpus.lecture_pages():
        assert set(corpus.paragraphs(page.read_text(encoding="utf-8"))) <= set(paragraphs), page.name
    assert not any(mark in p for p in paragraphs for mark in ("](", "**", "$", "--8<--", "<abbr", "```"))
