"""Glossary hook: one list of terms (docs/glossary/*.yml), two uses.

* The glossary page holds the marker `<!-- glossary -->`; it becomes a table of every
  term in this language, linked to the chapter that teaches it.
* On every other page, the first time a term appears in the prose of a `##` section it
  is wrapped in `<abbr title="…">`, which Material shows as a tooltip. Chinese has no
  spaces between words, so terms are matched as plain substrings (longest first, so
  交叉熵 wins over 熵); English terms are matched as whole words, ignoring case.
"""

from __future__ import annotations

import html
import pathlib
import re

import yaml

GLOSSARY = pathlib.Path(__file__).resolve().parents[1] / "glossary"
MARKER = "<!-- glossary -->"
HEADERS = {"zh": "| 術語 | English | 說明 | 章節 |", "en": "| Term | 中文 | Meaning | Chapter |"}
# Text inside these elements is never annotated: code, links, headings, math, existing abbreviations.
SKIP_TAGS = {"a", "abbr", "code", "pre", "script", "style", "svg", "h1", "h2", "h3", "h4", "h5", "h6", "button", "label"}
VOID_TAGS = {"area", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
TAG = re.compile(r"(<[^>]+>)")


FIELDS = {"zh", "en", "zh_def", "en_def", "page"}
_terms: list[dict] = []


def load_terms() -> list[dict]:
    """Every glossary entry, in file order then entry order; each must have all of FIELDS."""
    terms = []
    for path in sorted(GLOSSARY.glob("*.yml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            if not isinstance(entry, dict) or set(entry) != FIELDS:
                raise ValueError(f"{path.name}: a glossary entry needs exactly {sorted(FIELDS)}, got {entry!r}")
            terms.append(entry)
    return terms


def _other(lang: str) -> str:
    return "en" if lang == "zh" else "zh"


def page_title(docs_dir: pathlib.Path, page: str) -> str:
    """The first level-1 heading of a Markdown page or a jupytext tutorial (`# # Title`)."""
    for line in (docs_dir / page).read_text(encoding="utf-8").splitlines():
        if heading := re.match(r"^(?:# )?# (.+)$", line):
            return heading.group(1).strip()
    return page


def glossary_table(terms: list[dict], lang: str, docs_dir: pathlib.Path) -> str:
    """The glossary page's table in `lang`, sorted by term, linking each term's chapter."""
    titles = {page: page_title(docs_dir, page) for page in {t["page"] for t in terms}}  # read each page once
    rows = [HEADERS[lang], "| --- | --- | --- | --- |"]
    for term in sorted(terms, key=lambda t: t[lang].lower()):
        chapter = f"[{titles[term['page']]}]({term['page']})"
        rows.append(f"| **{term[lang]}** | {term[_other(lang)]} | {term[lang + '_def']} | {chapter} |")
    return "\n".join(rows)


def term_pattern(terms: list[dict], lang: str) -> re.Pattern:
    """One regex matching any term of `lang`, longest first."""
    words = sorted({t[lang] for t in terms}, key=len, reverse=True)
    if lang == "zh":
        return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)


def annotate(content: str, terms: list[dict], lang: str) -> str:
    """Wrap the first use of each term in each `##` section in an <abbr> tooltip."""
    titles = {t[lang].lower(): f"{t[_other(lang)]}: {t[lang + '_def']}" for t in terms}
    pattern = term_pattern(terms, lang)
    open_tags: list[tuple[str, bool]] = []  # (tag name, skip text inside?)
    seen: set[str] = set()
    pieces = []
    for piece in TAG.split(content):
        if piece.startswith("<"):
            _track(piece, open_tags, seen)
            pieces.append(piece)
        elif any(skip for _, skip in open_tags):
            pieces.append(piece)
        else:
            pieces.append(pattern.sub(lambda m: _abbr(m.group(0), titles, seen), piece))
    return "".join(pieces)


def _track(tag: str, open_tags: list[tuple[str, bool]], seen: set[str]) -> None:
    name = re.match(r"</?\s*([a-zA-Z0-9]+)", tag)
    if not name or tag.startswith("<!"):
        return
    name = name.group(1).lower()
    if tag.startswith("</"):
        while open_tags and open_tags.pop()[0] != name:
            pass
    elif name not in VOID_TAGS and not tag.endswith("/>"):
        if name == "h2":
            seen.clear()  # a new section: terms get their tooltip again
        open_tags.append((name, name in SKIP_TAGS or "arithmatex" in tag or "katex" in tag))


def _abbr(word: str, titles: dict[str, str], seen: set[str]) -> str:
    key = word.lower()
    if key in seen:
        return word
    seen.add(key)
    return f'<abbr title="{html.escape(titles[key], quote=True)}">{word}</abbr>'


def on_pre_build(config) -> None:
    _terms[:] = load_terms()


def on_page_markdown(markdown: str, page, config, files) -> str:
    if MARKER in markdown:
        table = glossary_table(_terms, config.extra["lang"], pathlib.Path(config.docs_dir))
        return markdown.replace(MARKER, table)
    return markdown


def on_page_content(content: str, page, config, files) -> str:
    if not _terms or page.file.src_uri == "glossary.md":
        return content
    return annotate(content, _terms, config.extra["lang"])
