"""The render step: docs/, src/, snippets/, benchmarks/results/ and the glossary become a
plain Markdown tree per language, plus assets, that any engine turns into HTML.

    python tools/render.py [--out build/rendered] [--lang zh --lang en] [--keep-going]

For each language it writes `<out>/<lang>/`:

* every page of `docs/<lang>/` with snippet includes resolved, benchmark tables rendered
  from their results files, the glossary table filled in, glossary tooltips added and a
  `twin` (the relative URL of the page in the other language) in its front matter;
* every tutorial of `docs/tutorials/`, executed once (cached) and written as Markdown with
  its outputs, plus `tutorials/<slug>/<slug>.ipynb` (with an install cell) and `.py`;
* `figures/*.svg` drawn from `genai_notes.figures` (cached), KaTeX's stylesheet and fonts
  from `node_modules/`, and the theme's scripts and stylesheets;
* on every page, math rendered to KaTeX HTML (tools/katex_math.py) and each image given
  its size and lazy loading (tools/site_speed.py).

The tree is written next to its final place and swapped in whole, so an engine never
reads half of a render. A build ends with a summary of what ran and what was cached.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pathlib
import re
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import jupytext
import nbformat
from pymdownx.slugs import slugify
from tqdm import tqdm

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import glossary  # noqa: E402
import katex_math  # noqa: E402
import notebooks  # noqa: E402
import site_speed  # noqa: E402
import tables  # noqa: E402
from includes import render_markdown_includes  # noqa: E402

import genai_notes  # noqa: E402
from genai_notes import figures  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
OUT = ROOT / "build" / "rendered"
CACHE = ROOT / ".cache"
KATEX = ROOT / "node_modules" / "katex" / "dist"
THEME_ASSETS = DOCS / "overrides" / "assets"
LANGS = ("zh", "en")
DEFAULT_SITE_URL = "http://127.0.0.1:8000/"
BUTTONS = {
    "zh": {"ipynb": "下載筆記本（.ipynb）", "py": "下載腳本（.py）", "colab": "在 Colab 開啟"},
    "en": {"ipynb": "Download the notebook (.ipynb)", "py": "Download the script (.py)", "colab": "Open in Colab"},
}
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$")
HEADING_MARKUP = re.compile(r"\[([^\]]*)\]\([^)]*\)|<[^>]+>|[*`]")
SLUGIFY = slugify(case="lower")  # as the toc extension in mkdocs.yml
# A tutorial practises what a lecture teaches: in search it ranks below that lecture
# (chosen by tests/search_queries.yml, as the boosts of the API and glossary pages).
TUTORIAL_FRONT_MATTER = "search:\n  boost: 0.3\n"
FRONT_MATTER = re.compile(r"\A---\n(.*?\n)---\n+", re.S)
TUTORIAL_LINK = re.compile(r"(?<=\]\()(?P<folder>(?:\.\./)*(?:tutorials/)?)(?P<slug>[\w-]+)\.py(?=[)#])")


# --- the one repository setting --------------------------------------------------------------


def repository() -> str | None:
    """"owner/name" of the repository, from GENAI_NOTES_REPOSITORY or GITHUB_REPOSITORY; None when unset."""
    value = os.environ.get("GENAI_NOTES_REPOSITORY") or os.environ.get("GITHUB_REPOSITORY") or ""
    if value and not re.fullmatch(r"[\w.-]+/[\w.-]+", value):
        raise ValueError(f"GENAI_NOTES_REPOSITORY must look like 'owner/name', got {value!r}")
    return value or None


def site_url(lang: str) -> str:
    """The address of a language's site: GENAI_NOTES_SITE_URL (the base) + '<lang>/'."""
    base = os.environ.get("GENAI_NOTES_SITE_URL") or DEFAULT_SITE_URL
    return base.rstrip("/") + f"/{lang}/"


def colab_url(repo: str, lang: str, slug: str) -> str:
    """Colab opens the notebook that the deploy workflow pushes to the branch `notebooks`."""
    return f"https://colab.research.google.com/github/{repo}/blob/notebooks/{lang}/tutorials/{slug}/{slug}.ipynb"


# --- the build summary -----------------------------------------------------------------------


@dataclass
class Summary:
    """What a render did and how long each part took."""

    executed: list[str] = field(default_factory=list)
    cached: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    figures_drawn: int = 0
    figures_cached: int = 0
    seconds: dict[str, float] = field(default_factory=dict)

    def report(self) -> str:
        lines = ["render summary:"]
        lines.append(f"  notebooks executed ({len(self.executed)}): {', '.join(self.executed) or '-'}")
        lines.append(f"  notebooks from the cache ({len(self.cached)}): {', '.join(self.cached) or '-'}")
        if self.failed:
            lines.append(f"  notebooks FAILED ({len(self.failed)}): {'; '.join(self.failed)}")
        lines.append(f"  figures drawn: {self.figures_drawn}, from the cache: {self.figures_cached}")
        lines += [f"  {part}: {seconds:.1f} s" for part, seconds in self.seconds.items()]
        return "\n".join(lines)


# --- pages -----------------------------------------------------------------------------------


def page_url(relative: str) -> str:
    """The URL a page gets with directory URLs: `lectures/x.md` -> `lectures/x/`, `index.md` -> ``."""
    stem = relative.removesuffix(".md")
    return "" if stem == "index" else stem.removesuffix("/index") + "/"


def twin_url(relative: str, lang: str) -> str:
    """The page's twin in the other language, relative to the page itself."""
    url = page_url(relative)
    return "../" * (url.count("/") + 1) + f"{glossary.other(lang)}/{url}"


def front_matter(meta: dict[str, str], own: str = "") -> str:
    """A page's front matter: its source's own lines (`own`, such as a search boost), then `meta`."""
    return "---\n" + own + "".join(f"{key}: {value}\n" for key, value in meta.items()) + "---\n\n"


def split_front_matter(text: str) -> tuple[str, str]:
    """(the lines of a source page's own front matter, the page without it).

    Examples:
        >>> split_front_matter("---\\nsearch:\\n  boost: 0.3\\n---\\n# API\\n")
        ('search:\\n  boost: 0.3\\n', '# API\\n')
    """
    found = FRONT_MATTER.match(text)
    return (found[1], text[found.end():]) if found else ("", text)


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, id) of every heading outside code, with the ids the toc extension gives them."""
    found, used, fence = [], set(), None
    for line in markdown.split("\n"):
        if marker := glossary.FENCE.match(line):
            fence = None if fence and marker.group(1).startswith(fence) else (fence or marker.group(1))
        elif not fence and (heading := HEADING.match(line)):
            slug = base = SLUGIFY(HEADING_MARKUP.sub(lambda m: m.group(1) or "", heading.group(2)), "-")
            count = 0
            while slug in used:
                count += 1
                slug = f"{base}_{count}"
            used.add(slug)
            found.append((len(heading.group(1)), slug))
    return found


def anchor_map(own: str, twin: str) -> str:
    """JSON {id here: id on the twin} by position: every heading where both pages have the same
    outline, else the `##` sections (which twins share, tested)."""
    mine, theirs = headings(own), headings(twin)
    if [level for level, _ in mine] != [level for level, _ in theirs]:
        mine, theirs = ([h for h in hs if h[0] == 2] for hs in (mine, theirs))
    return json.dumps({a: b for (_, a), (_, b) in zip(mine, theirs)}, ensure_ascii=False)


def twin_meta(relative: str, lang: str, own: str, twin: str) -> dict[str, str]:
    """The front matter the language switch reads: the twin's URL and the anchors that map onto it."""
    return {"twin": twin_url(relative, lang), "anchors": "'" + anchor_map(own, twin) + "'"}


def search_tags(relative: str, lang: str, terms: list[dict]) -> dict[str, str]:
    """Front matter that makes the page introducing a glossary term the first result for it.

    Material indexes a page's `tags` with a boost of a million, so a query that matches one
    of them ranks every section of that page first; `hide` keeps the tags off the page in
    both engines (the glossary page lists them). Chosen by tests/search_queries.yml: a
    concept's lecture must come before the lectures that only use the term.

        >>> terms = [{"zh": "熵", "en": "entropy", "page": "lectures/entropy.md"},
        ...          {"zh": "蒸餾", "en": "distillation", "page": "lectures/distillation.md"}]
        >>> search_tags("lectures/entropy.md", "zh", terms)
        {'tags': '["熵"]', 'hide': '["tags"]'}
        >>> search_tags("index.md", "en", terms)
        {}
    """
    introduced = [term[lang] for term in terms if term["page"] == relative]
    return {"tags": json.dumps(introduced, ensure_ascii=False), "hide": '["tags"]'} if introduced else {}


def link_tutorials(text: str) -> str:
    """Links to tutorial sources (`../tutorials/softmax.py`) point at their rendered pages."""
    known = set(notebooks.slugs())
    return TUTORIAL_LINK.sub(lambda m: f"{m['folder']}{m['slug']}.md" if m["slug"] in known else m.group(0), text)


def page_title(lang: str, page: str) -> str:
    """The first level-1 heading of a page or of a tutorial's prose in `lang`."""
    if page.startswith("tutorials/"):
        cells = notebooks.language_notebook(pathlib.PurePosixPath(page).stem, lang).cells
        text = next(c.source for c in cells if c.cell_type == "markdown")
    else:
        text = split_front_matter((DOCS / lang / page).read_text(encoding="utf-8"))[1]
    heading = re.search(r"^# (.+)$", text, re.M)
    return heading.group(1).strip() if heading else page


INSTALL_NOTE = {
    "zh": "在自己的專案裡使用這些程式碼：`pip install genai-notes=={version}`。沒有 GPU 的話，可以先用 "
          "`pip install torch --index-url https://download.pytorch.org/whl/cpu` 安裝只支援 CPU、小得多的 PyTorch。",
    "en": "To use this code in your own project: `pip install genai-notes=={version}`. Without a GPU, "
          "`pip install torch --index-url https://download.pytorch.org/whl/cpu` first gets the much smaller CPU-only PyTorch.",
}
CODE_BOX = re.compile(r'^!!! abstract "(?:本章對應的程式碼|Code for this chapter)"\n(?:    .*\n|\n(?=    ))+', re.M)


def add_install_note(text: str, lang: str) -> str:
    """Say once per page how to get the package its code imports: in the chapter's code box, or
    under the title of a page without one that shows library code (the API pages)."""
    note = INSTALL_NOTE[lang].format(version=genai_notes.__version__)
    if box := CODE_BOX.search(text):
        return text[: box.end()] + f"\n    {note}\n" + text[box.end():]
    if re.search(r"^::: genai_notes\.", text, re.M):
        return re.sub(r"^(# .+\n)", lambda m: m.group(1) + f"\n!!! info \"{'安裝' if lang == 'zh' else 'Install'}\"\n    {note}\n", text, count=1, flags=re.M)
    return text


def render_page(text: str, relative: str, lang: str, terms: list[dict]) -> str:
    """One Markdown page of `docs/<lang>/`, ready for any engine."""
    twin = DOCS / glossary.other(lang) / relative
    own, text = split_front_matter(text)
    meta = twin_meta(relative, lang, text, split_front_matter(twin.read_text(encoding="utf-8"))[1] if twin.is_file() else "")
    meta |= search_tags(relative, lang, terms)
    text = render_markdown_includes(add_install_note(text, lang), lang)
    text = tables.render_results(text, lang)
    if glossary.MARKER in text:
        titles = {page: page_title(lang, page) for page in {t["page"] for t in terms}}
        text = text.replace(glossary.MARKER, glossary.glossary_table(terms, lang, titles))
    else:
        text = glossary.annotate_markdown(text, terms, lang)
    return front_matter(meta, own) + link_tutorials(text)


def write_pages(lang: str, out: pathlib.Path, terms: list[dict]) -> int:
    sources = sorted((DOCS / lang).rglob("*.md"))
    for source in sources:
        relative = source.relative_to(DOCS / lang).as_posix()
        target = out / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(render_page(source.read_text(encoding="utf-8"), relative, lang, terms), encoding="utf-8")
    return len(sources)


# --- tutorials -------------------------------------------------------------------------------


def buttons(slug: str, lang: str) -> str:
    """Download and Colab buttons (Colab only when a repository is configured)."""
    labels = BUTTONS[lang]
    links = [f"[{labels['ipynb']}]({slug}/{slug}.ipynb){{ .md-button download }}", f"[{labels['py']}]({slug}/{slug}.py){{ .md-button download }}"]
    if repo := repository():
        links.append(f"[{labels['colab']}]({colab_url(repo, lang, slug)}){{ .md-button }}")
    return '<div class="notebook-actions" markdown>\n\n' + "\n".join(links) + "\n\n</div>"


def tutorial_page(markdown: str, slug: str, lang: str, terms: list[dict]) -> str:
    """The executed notebook's Markdown with front matter, buttons under the title and tooltips."""
    title, _, rest = markdown.partition("\n")
    body = glossary.annotate_markdown(rest, terms, lang)
    prose = ["\n\n".join(c.source for c in notebooks.language_notebook(slug, code).cells if c.cell_type == "markdown") for code in (lang, glossary.other(lang))]
    meta = twin_meta(f"tutorials/{slug}.md", lang, *prose)
    return front_matter(meta, TUTORIAL_FRONT_MATTER) + f"{title}\n\n{buttons(slug, lang)}\n{link_tutorials(body)}"


def failed_page(slug: str, lang: str, error: Exception) -> str:
    """What a tutorial's page says while its notebook fails: never the outputs of an older run."""
    heading = {"zh": "這本筆記本執行失敗", "en": "This notebook failed to run"}[lang]
    return front_matter({"twin": twin_url(f"tutorials/{slug}.md", lang)}) + f"# {slug}\n\n!!! failure \"{heading}\"\n\n    ```text\n    {error}\n    ```\n"


def write_tutorial(slug: str, lang: str, executed: nbformat.NotebookNode, out: pathlib.Path, terms: list[dict]) -> None:
    folder = out / "tutorials" / slug
    folder.mkdir(parents=True, exist_ok=True)
    markdown, images = notebooks.notebook_markdown(executed, slug)
    for name, data in images.items():
        (out / "tutorials" / name).write_bytes(data)
    (out / "tutorials" / f"{slug}.md").write_text(tutorial_page(markdown, slug, lang, terms), encoding="utf-8")
    download = notebooks.downloadable(executed, slug)
    nbformat.write(download, folder / f"{slug}.ipynb")
    (folder / f"{slug}.py").write_text(jupytext.writes(download, "py:percent"), encoding="utf-8")


def run_notebooks(langs: tuple[str, ...], summary: Summary, jobs: int) -> dict[tuple[str, str], nbformat.NotebookNode | Exception]:
    """Execute (or take from the cache) every tutorial in every language, `jobs` at a time, with a bar each."""
    work = [(slug, lang) for slug in notebooks.slugs() for lang in langs]

    def one(index: int, slug: str, lang: str):
        cells = sum(c.cell_type == "code" for c in notebooks.language_notebook(slug, lang).cells)
        with tqdm(total=cells, desc=f"notebook {slug} ({lang})", unit="cell", position=index, leave=False, file=sys.stderr) as bar:
            def progress(cell_index: int) -> None:
                bar.set_postfix_str(f"ran cell {cell_index + 1}")
                bar.update(1)

            try:
                executed, cached, seconds = notebooks.executed_notebook(slug, lang, progress)
            except notebooks.NotebookError as error:
                summary.failed.append(str(error))
                return error
        (summary.cached if cached else summary.executed).append(f"{slug} ({lang})" + ("" if cached else f" {seconds:.0f} s"))
        return executed

    with ThreadPoolExecutor(max(1, jobs)) as pool:
        futures = {key: pool.submit(one, i % max(1, jobs), *key) for i, key in enumerate(work)}
        for lang in langs:  # the kernels run in their own processes: draw the figures meanwhile
            timed(summary, "figures (beside the notebooks)", draw_figures, lang, summary)
        return {key: future.result() for key, future in futures.items()}


# --- figures and assets ----------------------------------------------------------------------


def figures_digest() -> str:
    digest = hashlib.sha256()
    for path in notebooks.package_files():
        digest.update(path.relative_to(notebooks.PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def figure_cache(lang: str) -> pathlib.Path:
    return CACHE / "figures" / lang / figures_digest()


def draw_figures(lang: str, summary: Summary) -> None:
    """Draw every registered figure not in the cache (per language and package digest)."""
    cache = figure_cache(lang)
    for name in tqdm(sorted(figures.load_all()), desc=f"figures ({lang})", unit="figure", leave=False, file=sys.stderr):
        svg = cache / f"{name}.svg"
        if svg.is_file():
            summary.figures_cached += 1
        else:
            notebooks.write_atomically(svg, figures.render_svg(name, lang))
            summary.figures_drawn += 1
    for stale in (CACHE / "figures" / lang).glob("*"):
        if stale != cache:
            shutil.rmtree(stale, ignore_errors=True)


def write_figures(lang: str, out: pathlib.Path) -> None:
    """Every registered figure as `figures/<name>.svg`, from the cache."""
    (out / "figures").mkdir(parents=True, exist_ok=True)
    for name in sorted(figures.load_all()):
        shutil.copyfile(figure_cache(lang) / f"{name}.svg", out / "figures" / f"{name}.svg")


def copy_assets(out: pathlib.Path) -> None:
    """KaTeX's stylesheet and fonts (the math is rendered already) and the theme's scripts and stylesheets."""
    if not KATEX.is_dir():
        raise FileNotFoundError(f"{KATEX} is missing: run `npm ci` (make install does) to get KaTeX")
    wanted = ["katex.min.css"]
    wanted += [p.relative_to(KATEX).as_posix() for p in sorted((KATEX / "fonts").glob("*.woff2"))]
    for name in wanted:
        (out / "assets" / "katex" / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(KATEX / name, out / "assets" / "katex" / name)
    shutil.copytree(THEME_ASSETS, out / "assets", dirs_exist_ok=True)


# --- the whole render ------------------------------------------------------------------------


def timed(summary: Summary, part: str, action, *args):
    started = time.perf_counter()
    result = action(*args)
    summary.seconds[part] = summary.seconds.get(part, 0.0) + time.perf_counter() - started
    return result


def swap_in(staging: pathlib.Path, final: pathlib.Path) -> None:
    """Replace `final` by `staging` (the old tree is moved aside first, then removed)."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)


def render(out: pathlib.Path = OUT, langs: tuple[str, ...] = LANGS, strict: bool = True, jobs: int = 2) -> Summary:
    """Render every language into `out/<lang>/`; with `strict`, a failing notebook raises NotebookError."""
    summary = Summary()
    terms = glossary.load_terms()
    executed = timed(summary, "notebooks", run_notebooks, langs, summary, jobs)
    failed = [key for key, result in executed.items() if isinstance(result, Exception)]
    if strict and failed:
        for slug, lang in failed:  # never leave the outputs of an older run in place of a failing notebook
            (out / lang / "tutorials" / f"{slug}.md").unlink(missing_ok=True)
            shutil.rmtree(out / lang / "tutorials" / slug, ignore_errors=True)
        raise notebooks.NotebookError("\n".join(summary.failed))
    for lang in langs:
        staging = out / f".{lang}.staging-{os.getpid()}"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir(parents=True)
        timed(summary, "pages", write_pages, lang, staging, terms)
        for (slug, notebook_lang), result in executed.items():
            if notebook_lang != lang:
                continue
            if isinstance(result, Exception):
                (staging / "tutorials").mkdir(exist_ok=True)
                (staging / "tutorials" / f"{slug}.md").write_text(failed_page(slug, lang, result), encoding="utf-8")
            else:
                timed(summary, "tutorial pages", write_tutorial, slug, lang, result, staging, terms)
        write_figures(lang, staging)
        timed(summary, "math (KaTeX)", katex_math.render_tree, staging)
        timed(summary, "image sizes", site_speed.size_images, staging)
        timed(summary, "assets", copy_assets, staging)
        swap_in(staging, out / lang)
    return summary


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=pathlib.Path, default=OUT)
    parser.add_argument("--lang", action="append", choices=LANGS, help="render only this language (repeatable)")
    parser.add_argument("--keep-going", action="store_true", help="render a failing notebook as an error page")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks executed side by side")
    args = parser.parse_args()
    try:
        summary = render(args.out.resolve(), tuple(args.lang or LANGS), strict=not args.keep_going, jobs=args.jobs)
    except notebooks.NotebookError as error:
        sys.exit(f"render failed:\n{error}")
    print(summary.report())


if __name__ == "__main__":
    main()
