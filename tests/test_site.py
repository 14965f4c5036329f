"""The built site (both languages, strict): links and anchors, no outside hosts, twins,
Unicode heading ids, per-language search (prose only), glossary tooltips, figures, notebook
downloads and their Colab links, the language switch's twin links."""

from __future__ import annotations

import html.parser
import json
import os
import pathlib
import re
import shutil
import subprocess
import sys
from urllib.parse import unquote, urljoin, urlsplit

import nbformat
import notebooks
import pytest

import genai_notes
from genai_notes.figures import load_all

pytestmark = pytest.mark.site
ROOT = pathlib.Path(__file__).resolve().parents[1]
LANGS = ("zh", "en")
ALLOWED_OUTSIDE = {("a", "href"), ("link", "canonical")}  # followed by the reader, never fetched by the page


class PageParser(html.parser.HTMLParser):
    """Collects ids, URLs (with the tag that holds them), headings and highlighted code blocks."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.urls: list[tuple[str, str, str]] = []  # (tag, attribute or rel, url)
        self.headings: list[tuple[str, str]] = []  # (tag, id)
        self.code_blocks: list[tuple[str, str]] = []  # (language, text)
        self._code_lang: str | None = None
        self._in_code = False
        self._code: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
        if re.fullmatch(r"h[1-6]", tag):
            self.headings.append((tag, attrs.get("id") or ""))
        for name in ("href", "src"):
            if attrs.get(name):
                kind = attrs.get("rel", name) if tag == "link" else name
                self.urls.append((tag, kind, attrs[name]))
        language = re.search(r"language-(\w+)", attrs.get("class") or "")  # pygments_lang_class
        if tag == "div" and language and "highlight" in (attrs.get("class") or ""):
            self._code_lang = language.group(1)
        if tag == "code" and self._code_lang:
            self._in_code, self._code = True, []

    def handle_endtag(self, tag):
        if tag == "code" and self._in_code:
            self.code_blocks.append((self._code_lang, "".join(self._code)))
            self._in_code, self._code_lang = False, None

    def handle_data(self, data):
        if self._in_code:
            self._code.append(data)


def parse(path: pathlib.Path) -> PageParser:
    parser = PageParser()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def html_pages(site: pathlib.Path, lang: str) -> list[pathlib.Path]:
    return sorted(p for p in (site / lang).rglob("*.html") if p.name != "404.html")


@pytest.fixture(scope="session")
def parsed(site) -> dict[pathlib.Path, PageParser]:
    return {page: parse(page) for lang in LANGS for page in html_pages(site, lang)}


def test_both_languages_and_the_root_redirect_are_built(site):
    assert (site / "zh" / "index.html").is_file() and (site / "en" / "index.html").is_file()
    assert 'url=zh/' in (site / "index.html").read_text(encoding="utf-8")
    zh_home = (site / "zh" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="zh-TW"' in zh_home and 'hreflang="en"' in zh_home


def test_every_built_page_has_its_twin(site):
    zh, en = ({p.relative_to(site / lang) for p in html_pages(site, lang)} for lang in LANGS)
    assert zh == en


def test_internal_links_and_anchors_resolve_and_nothing_is_fetched_from_outside(site, parsed):
    problems = []
    for page, parser in parsed.items():
        page_url = "/" + page.relative_to(site).as_posix()
        for tag, kind, url in parser.urls:
            if url.startswith(("mailto:", "javascript:", "data:")):
                continue
            if urlsplit(url).scheme or url.startswith("//"):
                if (tag, kind) not in ALLOWED_OUTSIDE and not (tag == "link" and kind == "alternate"):
                    problems.append(f"{page_url}: <{tag} {kind}> loads from outside: {url}")
                continue
            target = urlsplit(urljoin(page_url, url))
            path = site / unquote(target.path).lstrip("/")
            if target.path.endswith("/"):
                path = path / "index.html"
            if not path.exists():
                problems.append(f"{page_url}: broken link {url}")
            elif target.fragment and path.suffix == ".html":
                target_ids = (parsed[path] if path in parsed else parse(path)).ids  # parse only pages not parsed yet
                if unquote(target.fragment) not in target_ids:
                    problems.append(f"{page_url}: missing anchor {url}")
    assert not problems, "\n".join(problems[:30])


def test_stylesheets_load_nothing_from_outside(site):
    for css in site.rglob("*.css"):
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", css.read_text(encoding="utf-8")), css
        assert "@import" not in css.read_text(encoding="utf-8") or "http" not in css.read_text(encoding="utf-8"), css


def test_every_heading_has_a_unicode_id(site, parsed):
    empty = [(p.relative_to(site).as_posix(), tag) for p, parser in parsed.items() for tag, id_ in parser.headings if not id_ and tag != "h1"]
    assert not empty
    tutorial = parsed[site / "zh" / "tutorials" / "softmax" / "index.html"]
    assert any(re.search(r"[\u4e00-\u9fff]", id_) for _, id_ in tutorial.headings)


def test_each_language_has_its_own_search_index(site):
    index = {lang: json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8")) for lang in LANGS}
    zh_entropy = " ".join(d["text"] for d in index["zh"]["docs"] if d["location"].startswith("lectures/entropy/"))
    en_entropy = " ".join(d["text"] for d in index["en"]["docs"] if d["location"].startswith("lectures/entropy/"))
    assert "\u200b" in zh_entropy  # segmented by jieba at build time
    assert "交叉熵" in zh_entropy.replace("\u200b", "")
    assert "cross-entropy" in en_entropy and "交叉熵" not in en_entropy
    assert index["zh"]["config"]["separator"] == index["en"]["config"]["separator"]


def test_glossary_terms_get_tooltips_and_are_listed(site):
    zh_page = (site / "zh" / "lectures" / "entropy" / "index.html").read_text(encoding="utf-8")
    en_page = (site / "en" / "lectures" / "entropy" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'<abbr title="cross-entropy: [^"]+">交叉熵</abbr>', zh_page)
    assert re.search(r'<abbr title="交叉熵: [^"]+">cross-entropy</abbr>', en_page, re.I)
    assert not re.search(r"<h[1-6][^>]*>[^<]*<abbr", zh_page), "headings are left alone"
    glossary = (site / "zh" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert "<table>" in glossary and "交叉熵" in glossary and "<abbr" not in glossary


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_is_drawn_in_the_page_language(site, lang):
    label = {"zh": "機率", "en": "probability"}[lang]
    for name in load_all():
        assert (site / lang / "figures" / f"{name}.svg").is_file(), name
    assert label in (site / lang / "figures" / "entropy-softmax-temperature.svg").read_text(encoding="utf-8")


ANNOTATION_MARKER = re.compile(r"# \(\d+\)!")  # where folded argument checks open (Material's code annotations)


def test_code_on_pages_is_text_of_tested_files(site, parsed):
    import comments  # tools/comments.py: zh pages show the same code with translated comments

    catalog = comments.load_catalog("zh")
    sources = [*ROOT.joinpath("src").rglob("*.py"), *ROOT.joinpath("snippets").rglob("*.txt")]
    texts = [path.read_text(encoding="utf-8") for path in sources]
    texts += [comments.translate(text, "zh", catalog, doctest=path.suffix == ".txt", strict=False)
              for path, text in zip(sources, texts)]
    tested = {line.strip() for text in texts for line in text.splitlines()}
    checked = 0
    for page, parser in parsed.items():
        relative = page.relative_to(site).as_posix()
        if "/api/" in relative or "/tutorials/" in relative:
            continue  # API signatures are rendered by mkdocstrings; notebook code is executed by the build
        for lang, text in parser.code_blocks:
            if lang in {"python", "pycon", "py"}:
                missing = [line for line in text.splitlines()
                           if line.strip() and line.strip() not in tested and not ANNOTATION_MARKER.fullmatch(line.strip())]
                assert not missing, f"{relative}: code not from a tested file: {missing[:3]}"
                checked += 1
    assert checked > 10


@pytest.mark.parametrize("lang", LANGS)
def test_tutorials_offer_a_notebook_that_matches_the_source(site, lang):
    slugs = notebooks.slugs()
    assert slugs
    for slug in slugs:
        folder = site / lang / "tutorials" / slug
        notebook = nbformat.read(folder / f"{slug}.ipynb", as_version=4)
        nbformat.validate(notebook)
        code = [c.source for c in notebook.cells if c.cell_type == "code"]
        expected = [c.source for c in notebooks.language_notebook(slug, lang).cells if c.cell_type == "code"]
        assert code[1:] == expected
        assert f"install -q genai-notes=={genai_notes.__version__}" in code[0], "pinned to the released version"
        assert "find_spec(\"genai_notes\") is None" in code[0], "the install cell is skipped where the package is installed"
        assert all(c.get("outputs") for c in notebook.cells[1:] if c.cell_type == "code" and "print(" in c.source), "executed"
        prose = [c.source for c in notebook.cells if c.cell_type == "markdown"]
        assert prose == [c.source for c in notebooks.language_notebook(slug, lang).cells if c.cell_type == "markdown"]
        page = (folder / "index.html").read_text(encoding="utf-8")
        assert f'href="{slug}.ipynb"' in page and f'href="{slug}.py"' in page
        assert 'class="notebook-output"' in page, "the notebook's outputs are on the page"


def test_every_colab_link_opens_a_notebook_that_the_build_carries(site, repository):
    pattern = re.compile(rf'href="https://colab\.research\.google\.com/github/{re.escape(repository)}/blob/notebooks/([^"]+)"')
    links = {link for page in site.rglob("*.html") for link in pattern.findall(page.read_text(encoding="utf-8"))}
    assert len(links) == 2 * len(notebooks.slugs())
    missing = [link for link in links if not (site / link).is_file()]
    assert not missing
    every_colab = {m for page in site.rglob("*.html") for m in re.findall(r'https://colab[^"]+', page.read_text(encoding="utf-8"))}
    assert len(every_colab) == len(links), "every Colab link is under the configured repository"


def test_no_address_of_a_repository_is_written_by_hand(site):
    for page in site.rglob("*.html"):
        assert "github.com/genai-notes" not in page.read_text(encoding="utf-8"), page


@pytest.mark.parametrize("lang", LANGS)
def test_the_search_index_keeps_notebook_prose_but_not_code_or_outputs(site, lang):
    index = json.loads((site / lang / "search" / "search_index.json").read_text(encoding="utf-8"))
    tutorial = " ".join(d["text"] + d["title"] for d in index["docs"] if d["location"].startswith("tutorials/softmax/"))
    assert "rng = np.random.default_rng(0)" not in tutorial and "same order as the scores" not in tutorial
    assert {"zh": "加起來", "en": "summing to 1"}[lang] in tutorial.replace("\u200b", "")


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switch_links_every_page_to_its_twin(site, parsed, lang):
    other = "en" if lang == "zh" else "zh"
    for page in html_pages(site, lang):
        text = page.read_text(encoding="utf-8")
        href = re.search(rf'<a href="([^"]+)" hreflang="{other}[^"]*"[^>]*class="md-select__link"', text)
        assert href, page
        target = (page.parent / href.group(1)).resolve()
        assert target == (site / other / page.relative_to(site / lang)).parent.resolve(), (page, href.group(1))


@pytest.mark.parametrize("lang", LANGS)
def test_a_finished_progress_bar_is_one_line(site, lang):
    bars = []
    for page in sorted((site / lang / "tutorials").glob("*/index.html")):
        with page.open(encoding="utf-8", newline="") as file:  # keep carriage returns visible
            text = file.read()
        for output in text.split('<div class="notebook-output"')[1:]:
            block = re.sub(r"<[^>]+>", "", re.split(r'<div class="notebook-|<h[1-6]', output)[0].partition(">")[2])
            assert "\r" not in block, f"{page}: {block[:200]!r}"
            names = [line.split(":")[0] for line in block.splitlines() if "%|" in line]
            assert len(names) == len(set(names)), f"{page}: a bar shown more than once: {names}"
            bars += names
    assert len(bars) >= 5, bars


@pytest.fixture(scope="module")
def zensical_site(tmp_path_factory, repository) -> pathlib.Path:
    """Both languages built from the same rendered tree by the canary engine, Zensical."""
    out = tmp_path_factory.mktemp("zensical")
    rendered = ROOT / "build" / f"test-zensical-rendered-{os.getpid()}"
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "site.py"), "build", "--engine", "zensical", "--out", str(out), "--rendered", str(rendered)],
        cwd=ROOT, env={**os.environ, "GENAI_NOTES_REPOSITORY": repository}, capture_output=True, text=True,
    )
    shutil.rmtree(rendered, ignore_errors=True)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    return out


def page_list(site: pathlib.Path, lang: str) -> set[str]:
    return {p.relative_to(site / lang).as_posix() for p in html_pages(site, lang)}


@pytest.mark.parametrize("lang", LANGS)
def test_zensical_builds_the_same_pages_with_math_figures_tutorials_and_search(site, zensical_site, lang):
    assert page_list(zensical_site, lang) == page_list(site, lang)
    entropy = (zensical_site / lang / "lectures" / "entropy" / "index.html").read_text(encoding="utf-8")
    assert 'class="arithmatex"' in entropy and "../../figures/entropy-softmax-temperature.svg" in entropy
    assert all((zensical_site / lang / "figures" / f"{name}.svg").is_file() for name in load_all())
    tutorial = (zensical_site / lang / "tutorials" / "softmax" / "index.html").read_text(encoding="utf-8")
    assert 'class="notebook-output"' in tutorial and (zensical_site / lang / "tutorials" / "softmax" / "softmax.ipynb").is_file()
    assert (zensical_site / lang / "search.json").is_file()
