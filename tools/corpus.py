"""The text-continuation corpus: `src/genai_notes/notes_zh.txt`, made from the zh-TW lecture pages.

    python tools/corpus.py           # rewrite the corpus from docs/zh/lectures/
    python tools/corpus.py --check   # exit 1 when the corpus differs from what the pages give

One paragraph per line, lectures in navigation order. Kept: the prose of paragraphs and
list items, with links reduced to their text and emphasis, inline math and HTML removed.
Left out: headings, code, display math, tables, figures, admonitions and tabs (their
indented content too), and the references section (`## 參考資料`) onwards. `tests/test_corpus.py` fails when the file is stale.

>>> paragraphs("# T\\n\\n- **文章**：由[字](x.md)組成，共 $n$ 個。\\n\\n```text\\nx\\n```\\n")
['文章：由字組成，共 個。']
"""

from __future__ import annotations

import argparse
import pathlib
import re
import sys

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
LECTURES = ROOT / "docs" / "zh"
CORPUS = ROOT / "src" / "genai_notes" / "notes_zh.txt"
REFERENCES = "\n## 參考資料"
BLOCK_START = re.compile(r"^(```|~~~|\$\$|!!!|\?\?\?|===|\||!\[|<)")
INLINE = [
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links: their text
    (re.compile(r"\[\^[^\]]+\]"), ""),  # footnote references
    (re.compile(r"\$[^$]+\$"), ""),  # inline math
    (re.compile(r"<[^>]+>"), ""),  # HTML
    (re.compile(r"\*\*|__|(?<!\w)[*_](?!\s)|(?<!\s)[*_](?!\w)"), ""),  # emphasis
    (re.compile(r"`"), ""),
    (re.compile(r"^\s*(?:[-*+]|\d+\.)\s+|^>\s*"), ""),  # list and quote markers
    (re.compile(r" {2,}"), " "),  # where something was removed
]


def lecture_pages() -> list[pathlib.Path]:
    """The zh-TW lecture pages in the order of mkdocs.yml's navigation."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
    Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return [LECTURES / page for page in re.findall(r"^\s*- (lectures/[\w-]+\.md)\s*$", text, re.M)]


def prose_lines(markdown: str) -> list[str]:
    """The lines of `markdown` outside code, math, tables, figures, admonitions and tabs."""
    kept, fence, skipping_block = [], None, False
    for line in markdown.split(REFERENCES)[0].splitlines():
        stripped = line.strip()
        if fence:
            fence = None if stripped.startswith(fence) else fence
            continue
        if skipping_block and (not stripped or line.startswith((" ", "\t"))):
            continue
        skipping_block = False
        if stripped.startswith(("```", "~~~", "$$")) and not (stripped.startswith("$$") and stripped.endswith("$$") and len(stripped) > 2):
            fence = stripped[:3]
        elif BLOCK_START.match(stripped):
            skipping_block = stripped.startswith(("!!!", "???", "==="))
        elif stripped and not line.startswith(("#", " ", "\t")):
            kept.append(stripped)
    return kept


def paragraphs(markdown: str) -> list[str]:
    """Each prose line of a page as plain text."""
    found = []
    for line in prose_lines(markdown):
        for pattern, replacement in INLINE:
            line = pattern.sub(replacement, line)
        if line.strip():
            found.append(line.strip())
    return found


def corpus_text() -> str:
    return "\n".join(p for page in lecture_pages() for p in paragraphs(page.read_text(encoding="utf-8"))) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only check that the corpus is up to date")
    args = parser.parse_args()
    text = corpus_text()
    if args.check:
        sys.exit(0 if CORPUS.read_text(encoding="utf-8") == text else f"{CORPUS} is stale: run python tools/corpus.py")
    CORPUS.write_text(text, encoding="utf-8")
    print(f"wrote {CORPUS.relative_to(ROOT)}: {text.count(chr(10))} paragraphs")


if __name__ == "__main__":
    main()
