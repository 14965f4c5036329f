"""A PDF of the whole book per language, made from the built site.

    python tools/pdf.py [--site site]   writes site/zh/pdf/genai-notes-zh-TW.pdf
                                        and site/en/pdf/genai-notes-en.pdf

For each language, the pages of the site's navigation (home, lectures, tutorials with their
outputs, glossary, API reference), in navigation order, become one print document: the
`<article>` of each built page, its ids prefixed by the page so that they stay unique, and every
link between pages turned into a link inside the document. A table of contents with links and
page numbers comes first. Headless Chromium (Playwright's `page.pdf`, Debian's /usr/bin/chromium
with fonts-noto-cjk) prints it with page numbers and an outline, without the site's header,
sidebars or search. The table of contents gets its page numbers from a first printing: Chromium
writes each link target as a named destination, and pypdf says which page each one is on.
"""

from __future__ import annotations

import argparse
import functools
import html
import html.parser
import http.server
import pathlib
import re
import threading
from dataclasses import dataclass, field
from urllib.parse import unquote, urljoin, urlsplit

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
PDF_NAMES = {"zh": "genai-notes-zh-TW.pdf", "en": "genai-notes-en.pdf"}
HTML_LANG = {"zh": "zh-TW", "en": "en"}
CONTENTS = {"zh": "目錄", "en": "Contents"}
BOOK_FILE = "_book.html"  # written next to the language's home page while printing, then removed
SCRIPT = re.compile(r"<script\b.*?</script>", re.S)  # the book runs its own scripts only
URL_ATTRIBUTE = re.compile(r'(?<![\w-])(id|href|src|for)="([^"]*)"')
PRINT_CSS = (ROOT / "tools" / "pdf.css")
FOOTER = ('<div style="width:100%;font-size:8pt;color:#666;text-align:center;font-family:sans-serif">'
          '<span class="pageNumber"></span></div>')


@dataclass
class Page:
    url: str  # relative to the language's root: "" for the home page, "lectures/entropy/"
    number: int = 0  # its place in the book
    article: str = ""  # inner HTML of the built page's <article>
    title: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)  # (id, title) of each <h2>
    styles: list[str] = field(default_factory=list)  # stylesheet links and <style> elements of its <head>

    @property
    def anchor(self) -> str:
        return f"p{self.number}"

    def ids(self) -> dict[str, str]:
        """Short, unique ids in the book for the page's own ids (PDF destination names stay short)."""
        found = dict.fromkeys(html.unescape(v) for n, v in URL_ATTRIBUTE.findall(self.article) if n == "id")
        return {old: f"{self.anchor}-{i}" for i, old in enumerate(found)}


class _PageReader(html.parser.HTMLParser):
    """Offsets of the first <article>, links of the primary navigation, head styles, h1/h2 texts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article_start = self.article_end = None
        self.nav_links: list[str] = []
        self.styles: list[tuple[int, int] | str] = []
        self.headings: list[tuple[str, str, str]] = []  # (tag, id, text)
        self._article_depth = self._nav_depth = 0
        self._heading: list | None = None
        self._skip_text = 0
        self._in_head = True
        self._style_start = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = attrs.get("class") or ""
        if tag == "body":
            self._in_head = False
        if self._in_head and tag == "link" and attrs.get("rel") == "stylesheet":
            self.styles.append(attrs["href"])
        if self._in_head and tag == "style":
            self._style_start = self.getpos()
        if tag == "article":
            self._article_depth += 1
            if self.article_start is None:
                self.article_start = self.getpos()
        if tag == "nav" and (self._nav_depth or "md-nav--primary" in classes):
            self._nav_depth += 1
        if tag == "a" and self._nav_depth and "md-nav__link" in classes and attrs.get("href"):
            self.nav_links.append(attrs["href"])
        if self._article_depth and tag in ("h1", "h2") and self._heading is None:
            self._heading = [tag, attrs.get("id") or "", []]
        if self._heading is not None and tag == "a" and ("headerlink" in classes or "anchor-link" in classes):
            self._skip_text += 1

    def handle_endtag(self, tag):
        if tag == "style" and self._style_start is not None:
            self.styles.append((self._style_start, self.getpos()))
            self._style_start = None
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1
        if tag == "a" and self._skip_text:
            self._skip_text -= 1
        if self._heading is not None and tag == self._heading[0]:
            self.headings.append((self._heading[0], self._heading[1], "".join(self._heading[2]).strip()))
            self._heading = None
        if tag == "article" and self._article_depth:
            self._article_depth -= 1
            if self._article_depth == 0 and self.article_end is None:
                self.article_end = self.getpos()

    def handle_data(self, data):
        if self._heading is not None and not self._skip_text:
            self._heading[2].append(data)


def _offset(text: str, position: tuple[int, int]) -> int:
    line, column = position
    return sum(map(len, text.splitlines(keepends=True)[: line - 1])) + column


def read_page(lang_root: pathlib.Path, url: str) -> tuple[Page, list[str]]:
    """The built page at `url` and the hrefs of its primary navigation."""
    path = lang_root / url / "index.html"
    text = path.read_text(encoding="utf-8")
    reader = _PageReader()
    reader.feed(text)
    reader.close()
    if reader.article_start is None or reader.article_end is None:
        raise ValueError(f"{path}: no <article> element")
    start = text.index(">", _offset(text, reader.article_start)) + 1
    styles = [_link(urljoin("/" + url, s)) if isinstance(s, str) else _style(text, *s) for s in reader.styles]
    h1 = [t for tag, _, t in reader.headings if tag == "h1"]
    page = Page(
        url=url,
        article=SCRIPT.sub("", text[start:_offset(text, reader.article_end)]),
        title=h1[0] if h1 else url,
        sections=[(i, t) for tag, i, t in reader.headings if tag == "h2" and i],
        styles=styles,
    )
    return page, reader.nav_links


def _link(root_path: str) -> str:
    return f'<link rel="stylesheet" href="{html.escape(root_path.lstrip("/"), quote=True)}">'


def _style(text: str, start: tuple[int, int], end: tuple[int, int]) -> str:
    return text[_offset(text, start):text.index(">", _offset(text, end)) + 1]


def book_pages(lang_root: pathlib.Path) -> list[Page]:
    """Every page of the navigation, in its order, starting with the home page."""
    home, links = read_page(lang_root, "")
    urls = [""]
    for href in links:
        url = unquote(urlsplit(urljoin("/", href)).path).lstrip("/")
        if url not in urls and (lang_root / url / "index.html").is_file():
            urls.append(url)
    pages = [home] + [read_page(lang_root, url)[0] for url in urls[1:]]
    for number, page in enumerate(pages):
        page.number = number
    return pages


def rewrite(page: Page, books_ids: dict[str, tuple[str, dict[str, str]]]) -> str:
    """The page's article with its ids made unique in the book, links to book pages pointing inside
    the book, and every other relative URL made relative to the language's root (where the book is).
    `books_ids` maps each page's URL to its anchor and its table of ids."""
    own = books_ids[page.url][1]

    def one(match: re.Match) -> str:
        name, value = match.group(1), html.unescape(match.group(2))
        if name in ("id", "for"):
            return f'{name}="{own.get(value, page.anchor + "-x")}"'
        if urlsplit(value).scheme or value.startswith("//"):
            return match.group(0)
        target = urlsplit(urljoin("/" + page.url, value))
        path = unquote(target.path).lstrip("/")
        if name == "href" and path in books_ids:
            anchor, ids = books_ids[path]
            return f'href="#{ids.get(unquote(target.fragment), anchor) if target.fragment else anchor}"'
        return f'{name}="{html.escape(path, quote=True)}"'

    return URL_ATTRIBUTE.sub(one, page.article)


def contents(pages: list[Page], lang: str, numbers: dict[str, int]) -> str:
    """The table of contents: each page and its sections, linked, with the page they start on."""

    def entry(anchor: str, title: str, level: int) -> str:
        number = numbers.get(anchor, "")
        return (f'<li class="toc-{level}"><a href="#{anchor}"><span class="toc-title">{html.escape(title)}</span>'
                f'<span class="toc-page">{number}</span></a></li>')

    items = []
    for page in pages:
        items.append(entry(page.anchor, page.title, 1))
        if not page.url.startswith("api/"):  # an API page's sections are its functions: too many to list
            ids = page.ids()
            items += [entry(ids[section], title, 2) for section, title in page.sections]
    return f'<nav class="book-toc"><h1>{CONTENTS[lang]}</h1><ol>{"".join(items)}</ol></nav>'


def book(pages: list[Page], lang: str, numbers: dict[str, int]) -> str:
    books_ids = {page.url: (page.anchor, page.ids()) for page in pages}
    styles = list(dict.fromkeys(style for page in pages for style in page.styles))
    articles = "".join(
        f'<article class="md-content__inner md-typeset book-page" id="{page.anchor}">{rewrite(page, books_ids)}</article>'
        for page in pages
    )
    title = html.escape(pages[0].title)
    return f"""<!doctype html>
<html lang="{HTML_LANG[lang]}">
<head>
<meta charset="utf-8">
<title>{title}</title>
{"".join(styles)}
<style>{PRINT_CSS.read_text(encoding="utf-8")}</style>
</head>
<body class="book">
<div class="md-content">
<article class="md-content__inner md-typeset">{contents(pages, lang, numbers)}</article>
{articles}
</div>
<script>{PRINT_JS}</script>
</body>
</html>
"""


PRINT_JS = r"""
// What the site's scripts do on screen, done once for paper (the math is already rendered at
// build time): every collapsible block open, and each tab of a tabbed block shown in turn under its label.
document.querySelectorAll("details").forEach((d) => { d.open = true; });
document.querySelectorAll(".tabbed-set").forEach((set) => {
  const labels = [...set.querySelectorAll(":scope > .tabbed-labels > label")];
  const blocks = [...set.querySelectorAll(":scope > .tabbed-content > .tabbed-block")];
  blocks.forEach((block, i) => {
    const title = document.createElement("p");
    title.className = "book-tab-title";
    title.textContent = labels[i] ? labels[i].textContent : "";
    block.prepend(title);
  });
});
document.body.dataset.ready = "yes";
"""


def _serve(folder: pathlib.Path) -> http.server.ThreadingHTTPServer:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def page_numbers(pdf: pathlib.Path) -> dict[str, int]:
    """Page (1-based) of every named destination in the PDF."""
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    destinations = reader.named_destinations.items()
    return {unquote(name.lstrip("/")): reader.get_destination_page_number(dest) + 1 for name, dest in destinations}


def print_book(lang_root: pathlib.Path, lang: str, out: pathlib.Path, browser) -> pathlib.Path:
    """Write the language's book to `out` (two printings: the second has the contents' page numbers)."""
    pages = book_pages(lang_root)
    server = _serve(lang_root)
    source = lang_root / BOOK_FILE
    try:
        numbers: dict[str, int] = {}
        for _ in range(2):
            source.write_text(book(pages, lang, numbers), encoding="utf-8")
            _print(browser, f"http://127.0.0.1:{server.server_address[1]}/{BOOK_FILE}", out)
            numbers = page_numbers(out)
    finally:
        server.shutdown()
        source.unlink(missing_ok=True)
    return out


def _print(browser, url: str, out: pathlib.Path) -> None:
    page = browser.new_page()
    try:
        page.goto(url, wait_until="networkidle")
        page.wait_for_function("document.body.dataset.ready === 'yes' && document.fonts.status === 'loaded'")
        out.parent.mkdir(parents=True, exist_ok=True)
        page.pdf(path=str(out), format="A4", print_background=True, outline=True, tagged=True,
                 display_header_footer=True, header_template="<span></span>", footer_template=FOOTER,
                 margin={"top": "16mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
    finally:
        page.close()


def build(site: pathlib.Path) -> list[pathlib.Path]:
    """Both languages' PDFs, each written to <site>/<lang>/pdf/."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            return [print_book(site / lang, lang, site / lang / "pdf" / name, browser) for lang, name in PDF_NAMES.items()]
        finally:
            browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=pathlib.Path, default=ROOT / "site", help="the built site (tools/site.py build)")
    args = parser.parse_args()
    for pdf in build(args.site):
        print(f"{pdf} ({pdf.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
