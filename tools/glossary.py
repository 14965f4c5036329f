"""Glossary: one list of terms (docs/glossary/*.yml), two uses, both on Markdown.

* The glossary page holds the marker `<!-- glossary -->`; it becomes a table of every
  term in this language, linked to the chapter that teaches it.
* On every other page, the first time a term appears in the prose of a `##` section it
  is wrapped in `<abbr title="…">`, which Material shows as a tooltip. Code (fenced and
  inline), math, links, headings, HTML tags and block titles are left alone. Chinese has
  no spaces between words, so terms are matched as plain substrings (longest first, so
  交叉熵 wins over 熵); English terms are matched as whole words, ignoring case.

>>> terms = [{"zh": "熵", "en": "entropy", "zh_def": "平均資訊量", "en_def": "Average information.", "page": "x.md"}]
>>> annotate_markdown("## A\\n\\nEntropy and entropy, `entropy`.", terms, "en")
'## A\\n\\n<abbr title="熵: Average information.">Entropy</abbr> and entropy, `entropy`.'
"""

from __future__ import annotations

import html
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "docs" / "glossary"
MARKER = "<!-- glossary -->"
FIELDS = {"zh", "en", "zh_def", "en_def", "page"}
HEADERS = {"zh": "| 術語 | English | 說明 | 章節 |", "en": "| Term | 中文 | Meaning | Chapter |"}
FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
SKIPPED_LINE = re.compile(r"^\s*(#{1,6}\s|!!!|\?\?\?|===|\[[^\]]+\]:|\$\$|<!--|:::)")
# Spans of a line that are never annotated, tried in this order.
PROTECTED = re.compile(
    r"(`+).*?\1"  # inline code
    r"|\$[^$\n]+\$"  # inline math
    r"|!?\[[^\]]*\]\([^)]*\)|\[[^\]]*\]\[[^\]]*\]|\[\^[^\]]+\]"  # links, images, references, footnotes
    r"|<(a|abbr|code|span|button|label)\b[^>]*>.*?</\2>"  # inline HTML whose text is not prose
    r"|<[^>]+>|&\w+;|https?://\S+"  # other tags, entities, bare URLs
)
# Characters that Markdown or a table would read inside an attribute.
ATTRIBUTE_ESCAPES = {c: f"&#{ord(c)};" for c in "$*_`\\[]|{}"}


def load_terms() -> list[dict]:
    """Every glossary entry, in file order then entry order; each must have exactly FIELDS."""
    terms = []
    for path in sorted(GLOSSARY.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if not isinstance(entry, dict) or set(entry) != FIELDS:
                raise ValueError(f"{path.name}: a glossary entry needs exactly {sorted(FIELDS)}, got {entry!r}")
            terms.append(entry)
    return terms


def other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def glossary_table(terms: list[dict], lang: str, titles: dict[str, str]) -> str:
    """The glossary page's table in `lang`, sorted by term, linking each term's chapter (`titles`: page -> title)."""
    rows = [HEADERS[lang], "| --- | --- | --- | --- |"]
    for term in sorted(terms, key=lambda t: t[lang].lower()):
        chapter = f"[{titles[term['page']]}]({term['page']})"
        rows.append(f"| **{term[lang]}** | {term[other(lang)]} | {term[lang + '_def']} | {chapter} |")
    return "\n".join(rows)


def term_pattern(terms: list[dict], lang: str) -> re.Pattern:
    """One regex matching any term of `lang`, longest first."""
    words = "|".join(re.escape(w) for w in sorted({t[lang] for t in terms}, key=len, reverse=True))
    return re.compile(words if lang == "zh" else rf"\b(?:{words})\b", re.IGNORECASE)


def tooltip(term: dict, lang: str) -> str:
    """The tooltip text of `term` on a `lang` page, escaped for an attribute inside Markdown."""
    text = html.escape(f"{term[other(lang)]}: {term[lang + '_def']}", quote=True)
    return "".join(ATTRIBUTE_ESCAPES.get(c, c) for c in text)


class Annotator:
    """Wraps the first use of each term per `##` section; feed it a page line by line."""

    def __init__(self, terms: list[dict], lang: str) -> None:
        self.pattern = term_pattern(terms, lang)
        self.titles = {t[lang].lower(): tooltip(t, lang) for t in terms}
        self.seen: set[str] = set()
        self.fence: str | None = None
        self.math = False

    def line(self, line: str) -> str:
        if self.skips(line):
            return line
        pieces, last = [], 0
        for span in PROTECTED.finditer(line):
            pieces += [self.prose(line[last:span.start()]), span.group(0)]
            last = span.end()
        return "".join(pieces + [self.prose(line[last:])])

    def skips(self, line: str) -> bool:
        """Track fences, display math and sections; True for a line that holds no prose."""
        fence = FENCE.match(line)
        if self.fence:
            if fence and fence.group(1).startswith(self.fence):
                self.fence = None
            return True
        if fence:
            self.fence = fence.group(1)
            return True
        if line.strip().startswith("$$"):
            self.math = not self.math if line.strip() == "$$" or line.count("$$") == 1 else self.math
            return True
        if line.startswith("## "):
            self.seen.clear()
        return self.math or bool(SKIPPED_LINE.match(line))

    def prose(self, text: str) -> str:
        return self.pattern.sub(self.wrap, text)

    def wrap(self, match: re.Match) -> str:
        word = match.group(0)
        if word.lower() in self.seen:
            return word
        self.seen.add(word.lower())
        return f'<abbr title="{self.titles[word.lower()]}">{word}</abbr>'


def annotate_markdown(text: str, terms: list[dict], lang: str) -> str:
    """`text` with the first use of each glossary term in each `##` section wrapped in an <abbr>."""
    if not terms:
        return text
    annotator = Annotator(terms, lang)
    return "\n".join(annotator.line(line) for line in text.split("\n"))
