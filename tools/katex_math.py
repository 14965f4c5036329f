"""Math rendered at build time: KaTeX's own renderer (Node, `tools/katex-render.mjs`)
replaces the spans that `pymdownx.arithmatex` (generic mode) writes, so a page ships
finished KaTeX HTML and loads no KaTeX script, only its stylesheet and fonts.

As a MkDocs hook (`hooks: [tools/katex_math.py]`) it renders each page's content; as a
command it renders HTML files in place:

    python tools/katex_math.py site/zh/lectures/entropy/index.html
"""

from __future__ import annotations

import json
import pathlib
import re
import subprocess
import sys
from html import unescape

RENDERER = pathlib.Path(__file__).with_name("katex-render.mjs")
# arithmatex (generic): <span class="arithmatex">\(…\)</span>, <div class="arithmatex">\[…\]</div>
MATH = re.compile(
    r'<(?P<tag>span|div) class="arithmatex">\s*(?:\\\((?P<inline>.*?)\\\)|\\\[(?P<display>.*?)\\\])\s*</(?P=tag)>',
    re.S,
)
# Notebook pages of mkdocs-jupyter keep their markdown cells' math as written ($…$, $$…$$).
DOLLARS = re.compile(r"\$\$(?P<display>.+?)\$\$|(?<![\\$\w])\$(?=\S)(?P<inline>[^$<\n]+?)(?<=\S)\$(?!\w)", re.S)
CODE = re.compile(r"(<pre\b.*?</pre>|<code\b.*?</code>)", re.S)


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


def render_math(page_html: str) -> str:
    """`page_html` with every arithmatex span replaced by KaTeX's rendering.

    Examples:
        >>> out = render_math(r'<p>Softmax <span class="arithmatex">\\(e^{z}\\)</span>.</p>')
        >>> "\\(" in out, '<span class="arithmatex"><span class="katex">' in out
        (False, True)
    """
    if not isinstance(page_html, str):
        raise TypeError(f"page_html must be a str, got {type(page_html).__name__}")
    found = list(MATH.finditer(page_html))
    items = [(unescape(m["inline"] if m["inline"] is not None else m["display"]), m["display"] is not None) for m in found]
    rendered = iter(render_tex(items))
    return MATH.sub(lambda m: _wrap(m, next(rendered)), page_html)


def render_dollar_math(page_html: str) -> str:
    """`page_html` with `$…$` and `$$…$$` outside code rendered as `render_math` renders spans.

    Examples:
        >>> out = render_dollar_math("<p>$p_i$ costs $5</p><pre>$x$</pre>")
        >>> out.count('<span class="katex">'), out.endswith("costs $5</p><pre>$x$</pre>")
        (1, True)
    """
    parts = CODE.split(page_html)
    for i in range(0, len(parts), 2):  # even parts are outside code
        parts[i] = DOLLARS.sub(_as_arithmatex, parts[i])
    return render_math("".join(parts))


def _as_arithmatex(match: re.Match) -> str:
    if match["display"] is not None:
        return f'<div class="arithmatex">\\[{match["display"]}\\]</div>'
    return f'<span class="arithmatex">\\({match["inline"]}\\)</span>'


def _wrap(match: re.Match, katex_html: str) -> str:
    if match["display"] is not None:
        return f'<div class="arithmatex">{katex_html}</div>'
    return f'<span class="arithmatex">{katex_html}</span>'


def on_page_content(html: str, page, **kwargs) -> str:
    """MkDocs hook: the page content with its math rendered."""
    if getattr(page, "nb_url", None) is not None:
        return render_dollar_math(html)
    return render_math(html)


def main(paths: list[str]) -> None:
    for name in paths:
        path = pathlib.Path(name)
        path.write_text(render_math(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
