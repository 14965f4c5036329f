"""Math rendered at build time, in the render step: KaTeX's own renderer (Node,
`tools/katex-render.mjs`) turns every `$…$` and `$$…$$` of the rendered Markdown into
KaTeX HTML, so both engines publish finished math and a page loads no KaTeX script, only
its stylesheet and fonts. No Markdown extension sees a dollar sign afterwards
(`pymdownx.arithmatex` is not configured).

Math is found outside fenced and inline code: in prose, tables, admonitions and tabs
(display math keeps the indentation of its first line), in tutorial prose and in literate
docstrings. Glossary tooltips hold their text escaped (`&#36;`), so they are left alone.
Each formula becomes `<span class="arithmatex">…</span>` on one line, a span even for
display math (KaTeX's block is `.katex-display`), so it is valid inside a paragraph, a list
item or a table cell; the characters of its text that Markdown would read (`*`, `_`, `|`,
`\\`, braces, brackets) are written as character references.

API pages are the one exception: mkdocstrings turns docstrings into HTML inside the engine,
where `pymdownx.arithmatex` (generic mode) protects their math from Markdown as
`<span class="arithmatex">\\(…\\)</span>`. `tools/site.py` renders those spans after the
engine (`render_site`), the same way.

    python tools/katex_math.py build/rendered/zh     render every .md below a folder in place
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from html import unescape

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from glossary import ATTRIBUTE_ESCAPES, FENCE  # noqa: E402

RENDERER = pathlib.Path(__file__).with_name("katex-render.mjs")
INLINE_CODE = re.compile(r"(`+).*?\1")
# `$$…$$` within one line, or `$…$` that opens before and closes after a non-space (so "$5 or $6" is no math).
DOLLARS = re.compile(r"(?<!\\)\$\$(?P<display>.+?)\$\$|(?<![\\$\w])\$(?=\S)(?P<inline>[^$\n]+?)(?<=[^\s\\])\$(?![\w$])")
# What arithmatex (generic) writes: <span class="arithmatex">\(…\)</span>, <div class="arithmatex">\[…\]</div>
ARITHMATEX = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])\s*</(?P=tag)>', re.S
)
TAG = re.compile(r"(<[^>]*>)")
MARKDOWN_ESCAPES = {**ATTRIBUTE_ESCAPES, "\n": "&#10;"}


def render_tex(items: list[tuple[str, bool]]) -> list[str]:
    """KaTeX HTML for each `(tex, display)` pair, from one Node process.

    Examples:
        >>> out = render_tex([("x^2", False)])[0]
        >>> out.startswith('<span class="katex">') and "x" in out
        True
    """
    if not isinstance(items, list):
        raise TypeError(f"items must be a list of (tex, display) pairs, got {type(items).__name__}")
    if not items:
        return []
    payload = json.dumps([{"tex": tex, "display": display} for tex, display in items])
    run = subprocess.run(["node", str(RENDERER)], input=payload, capture_output=True, text=True, check=True)
    if run.stderr:
        print(run.stderr, end="", file=sys.stderr)
    return json.loads(run.stdout)


def markdown_safe(html: str) -> str:
    """`html` with the text between its tags written so that Markdown passes it through unchanged.

    Examples:
        >>> markdown_safe('<span title="a_b">x_i | *y*</span>')
        '<span title="a_b">x&#95;i &#124; &#42;y&#42;</span>'
    """
    parts = TAG.split(html)
    parts[::2] = ["".join(MARKDOWN_ESCAPES.get(c, c) for c in text) for text in parts[::2]]
    return "".join(parts)


def split_fenced(markdown: str) -> list[tuple[bool, list[str]]]:
    """The lines of `markdown` in runs, each `(inside a fenced code block?, lines)`.

    Examples:
        >>> split_fenced("a\\n```py\\n$x$\\n```\\nb")
        [(False, ['a']), (True, ['```py', '$x$', '```']), (False, ['b'])]
    """
    runs: list[tuple[bool, list[str]]] = []
    fence = None
    for line in markdown.split("\n"):
        marker = FENCE.match(line)
        inside = fence is not None or marker is not None
        if fence is None and marker:
            fence = marker.group(1)
        elif fence is not None and marker and marker.group(1).startswith(fence):
            fence = None
        if runs and runs[-1][0] == inside:
            runs[-1][1].append(line)
        else:
            runs.append((inside, [line]))
    return runs


def join_display_lines(lines: list[str]) -> list[str]:
    """`lines` with each display formula that spans lines (`$$` … `$$`) joined into one line."""
    joined: list[str] = []
    open_formula: list[str] | None = None
    for line in lines:
        if open_formula is not None:
            open_formula.append(line.strip())
            if line.rstrip().endswith("$$"):
                joined.append(" ".join(open_formula))
                open_formula = None
        elif line.lstrip().startswith("$$") and line.count("$$") == 1:
            open_formula = [line.rstrip()]
        else:
            joined.append(line)
    if open_formula is not None:
        raise ValueError(f"display math opened and never closed: {open_formula[0].strip()[:60]!r}")
    return joined


class _Formulas:
    """Collects the formulas of many pages, renders them in one batch, then fills them in."""

    def __init__(self) -> None:
        self.items: list[tuple[str, bool]] = []

    def mark(self, line: str) -> str:
        """`line` with each formula outside inline code replaced by a placeholder `\\x00<n>\\x00`."""
        pieces, last = [], 0
        for code in INLINE_CODE.finditer(line):
            pieces += [DOLLARS.sub(self._placeholder, line[last:code.start()]), code.group(0)]
            last = code.end()
        return "".join(pieces + [DOLLARS.sub(self._placeholder, line[last:])])

    def mark_html(self, html: str) -> str:
        """`html` with each arithmatex span replaced by a placeholder."""
        return ARITHMATEX.sub(lambda match: self._placeholder(match, unescape), html)

    def _placeholder(self, match: re.Match, decode=str) -> str:
        display = match["display"] is not None
        self.items.append((decode(match["display"] if display else match["inline"]), display))
        return f"\x00{len(self.items) - 1}\x00"

    def fill(self, texts: list[str]) -> list[str]:
        rendered = [f'<span class="arithmatex">{markdown_safe(html)}</span>' for html in render_tex(self.items)]
        return [re.sub(r"\x00(\d+)\x00", lambda m: rendered[int(m[1])], text) for text in texts]


def mark_markdown(markdown: str, formulas: _Formulas) -> str:
    """`markdown` with its math (outside code) replaced by placeholders that `formulas` fills."""
    lines = []
    for inside, run in split_fenced(markdown):
        lines += run if inside else [formulas.mark(line) for line in join_display_lines(run)]
    return "\n".join(lines)


def render_markdown_math(texts: list[str]) -> list[str]:
    """Each Markdown text of `texts` with its math rendered by KaTeX (one Node process for all).

    Examples:
        >>> out = render_markdown_math(["Softmax $e^{z_i}$ costs $5.\\n\\n```\\n$x$\\n```"])[0]
        >>> out.count('<span class="arithmatex"><span class="katex">'), out.endswith("costs $5.\\n\\n```\\n$x$\\n```")
        (1, True)
    """
    if not isinstance(texts, list) or not all(isinstance(text, str) for text in texts):
        raise TypeError("texts must be a list of str")
    formulas = _Formulas()
    marked = [mark_markdown(text, formulas) for text in texts]
    return formulas.fill(marked)


def render_html_math(pages: list[str]) -> list[str]:
    """Each HTML page of `pages` with its arithmatex spans rendered by KaTeX (one Node process for all).

    Examples:
        >>> out = render_html_math([r'<p>Softmax <span class="arithmatex">\\(e^{z} &lt; 1\\)</span>.</p>'])[0]
        >>> "\\\\(" in out, out.startswith('<p>Softmax <span class="arithmatex"><span class="katex">')
        (False, True)
    """
    if not isinstance(pages, list) or not all(isinstance(page, str) for page in pages):
        raise TypeError("pages must be a list of str")
    formulas = _Formulas()
    return formulas.fill([formulas.mark_html(page) for page in pages])


def _render_files(paths: list[pathlib.Path], render) -> int:
    """Rewrite each file of `paths` as `render` (a list -> list function) returns it; return how many changed."""
    texts = [path.read_text(encoding="utf-8") for path in paths]
    changed = 0
    for path, before, after in zip(paths, texts, render(texts)):
        if after != before:
            path.write_text(after, encoding="utf-8")
            changed += 1
    return changed


def render_tree(folder: pathlib.Path) -> int:
    """Render the math of every `.md` file below `folder` (a rendered tree) in place; return how many files changed."""
    return _render_files(sorted(folder.rglob("*.md")), render_markdown_math)


def render_site(folder: pathlib.Path) -> int:
    """Render the arithmatex spans of every HTML page below `folder` (a built site) in place; return how many files changed."""
    pages = [path for path in sorted(folder.rglob("*.html")) if ARITHMATEX.search(path.read_text(encoding="utf-8"))]
    return _render_files(pages, render_html_math)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        print(f"{name}: math rendered in {render_tree(pathlib.Path(name))} pages")
