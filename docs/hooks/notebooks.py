"""Notebook hook: what mkdocs-jupyter leaves to do for tutorial pages.

* Links: mkdocs rewrites links to `.md`/`.py` sources only in Markdown pages; in notebook
  cells they are rewritten here the same way, so `[text](../lectures/entropy.md)` works.
* Heading ids: mkdocs-jupyter slugifies headings ASCII-only, so a Chinese heading gets
  an empty id (a broken table of contents and search entry). Headings and the page's
  table of contents are re-slugified with the same Unicode slugify as Markdown pages.
* Progress bars: nbconvert merges stream outputs before executing the notebook, not after,
  so every tqdm refresh becomes its own stderr block. Consecutive stderr blocks are merged
  here and a carriage return starts its line over, as in Jupyter: a finished bar is one line.
* Download: the tutorial's jupytext `.py` is written next to the page as `.ipynb`, with
  a first cell that installs this package when it is missing (Colab).
"""

from __future__ import annotations

import html
import os
import pathlib
import re

import jupytext
import nbformat
from mkdocs.utils import get_relative_url
from pymdownx.slugs import slugify

SLUGIFY = slugify(case="lower")
SOURCE_LINK = re.compile(r'href="(?![a-z]+:|#|/)([^"#]+\.(?:md|py))(#[^"]*)?"')
HEADING = re.compile(r'<h([1-6]) id="([^"]*)"(.*?)>(.*?)</h\1>', re.S)
STDERR_BLOCK = (
    r'<div class="jp-OutputArea-child">\s*<div class="jp-OutputPrompt jp-OutputArea-prompt"></div>\s*'
    r'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="application/vnd.jupyter.stderr" tabindex="0">\s*'
    r"<pre>(.*?)</pre>\s*</div>\s*</div>"
)
CARRIAGE_RETURN = re.compile(r".*\r(?=[^\n])")  # as nbconvert's CoalesceStreamsPreprocessor
STDERR_RUN = re.compile(rf"(?:{STDERR_BLOCK}\s*)+", re.S)
INSTALL_CELL = (
    "# Colab or a fresh environment: install the notes' package first.\n"
    "import importlib.util\n"
    "if importlib.util.find_spec('genai_notes') is None:\n"
    "    get_ipython().run_line_magic('pip', 'install -q \"genai-notes @ git+{repo}\"')"
)


def _is_notebook(page) -> bool:
    return getattr(page, "nb_url", None) is not None


def _unique(slug: str, used: dict[str, int]) -> str:
    count = used.get(slug, 0)
    used[slug] = count + 1
    return slug if count == 0 else f"{slug}_{count}"


def _heading_text(inner: str) -> str:
    inner = re.sub(r'<a class="anchor-link".*?</a>', "", inner, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", inner)).strip()


def on_page_content(content: str, page, config, files) -> str:
    if not _is_notebook(page):
        return content
    used: dict[str, int] = {}
    ids: dict[str, list[str]] = {}  # heading text -> ids, in page order

    def reslug(match: re.Match) -> str:
        level, old_id, attrs, inner = match.groups()
        text = _heading_text(inner)
        new_id = _unique(SLUGIFY(text, "-"), used)
        ids.setdefault(text, []).append(new_id)
        inner = inner.replace(f'href="#{old_id}"', f'href="#{new_id}"')
        return f'<h{level} id="{new_id}"{attrs}>{inner}</h{level}>'

    content = HEADING.sub(reslug, content)
    _retarget_toc(page.toc, ids)
    content = STDERR_RUN.sub(_merge_stderr, content)
    return _rewrite_source_links(content, page, files)


def _terminal_text(pieces: list[str]) -> str:
    """What a terminal shows for these writes: a carriage return starts its line over."""
    return CARRIAGE_RETURN.sub("", "".join(pieces))


def _merge_stderr(run: re.Match) -> str:
    pieces = re.findall(STDERR_BLOCK, run.group(0), re.S)
    if not _terminal_text(pieces).strip():
        return ""  # the newline a closing bar writes after the cell's other output
    first = re.match(STDERR_BLOCK, run.group(0), re.S)
    return first.group(0).replace(f"<pre>{first.group(1)}</pre>", f"<pre>{_terminal_text(pieces)}</pre>", 1)


def _rewrite_source_links(content: str, page, files) -> str:
    """Point links to documentation sources (`../lectures/x.md`) at the built pages."""
    folder = pathlib.PurePosixPath(page.file.src_uri).parent

    def rewrite(match: re.Match) -> str:
        target = files.get_file_from_path(os.path.normpath(folder / match.group(1)).replace(os.sep, "/"))
        if target is None:
            raise ValueError(f"{page.file.src_uri}: link to a missing page {match.group(1)!r}")
        return f'href="{get_relative_url(target.url, page.url)}{match.group(2) or ""}"'

    return SOURCE_LINK.sub(rewrite, content)


def _retarget_toc(items, ids: dict[str, list[str]]) -> None:
    for item in items:
        title = html.unescape(re.sub(r"<[^>]+>", "", item.title)).strip()
        if ids.get(title):
            item.id = ids[title].pop(0)
        _retarget_toc(item.children, ids)


def on_post_page(output: str, page, config) -> str:
    if _is_notebook(page):
        notebook = jupytext.read(page.file.abs_src_path)
        notebook.cells.insert(0, nbformat.v4.new_code_cell(INSTALL_CELL.format(repo=config.extra["repository"])))
        target = pathlib.Path(page.file.abs_dest_path).parent / f"{page.file.name}.ipynb"
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(notebook, target)
    return output
