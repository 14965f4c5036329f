"""Tutorials: one jupytext source, one executed notebook per language, written as Markdown.

`docs/tutorials/<slug>.py` holds the code cells once and the prose once per language
(`# %% [markdown] lang="zh"` / `lang="en"`). For each language the render step

* selects that language's notebook (`language_notebook`): the prose cells of that
  language, and every code cell with its comments in that language (`tools/comments.py`,
  catalog `docs/comments/zh/*.yml`) and the cell that sets `LANG = "…"` setting it to that
  language, so printed and drawn labels (`{"zh": …, "en": …}[LANG]`) follow the page;
* executes it once with nbclient, cached under `.cache/notebooks/<lang>/` by a digest of
  everything it reads (`notebook_digest`); an entry is written to a temporary file and
  renamed, so a killed build or two builds at once never leave a half-written entry;
* writes it as Markdown with its outputs (`notebook_markdown`) and as a downloadable
  `.ipynb` whose first cell installs the package (`downloadable`).
"""

from __future__ import annotations

import base64
import copy
import hashlib
import importlib.metadata
import json
import os
import pathlib
import re
import sys
import tempfile
import time

import jupytext
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import genai_notes

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import comments  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
TUTORIALS = ROOT / "docs" / "tutorials"
PACKAGE = ROOT / "src" / "genai_notes"
CACHE = ROOT / ".cache" / "notebooks"
LANGS = ("zh", "en")
#: Bumped when the way notebooks are executed changes, so old cache entries stop matching.
EXECUTION_FORMAT = "2"
CARRIAGE_RETURN = re.compile(r"[^\n]*\r(?=[^\n])")  # as nbconvert's CoalesceStreamsPreprocessor
# Material's search skips elements with this attribute, so the index keeps a tutorial's prose and
# headings. It compares elements by tag name only: a skipped <div> stops being skipped at the first
# </div> inside it. So the attribute goes on each code block's own <div class="highlight">, which
# holds no <div>, not on the cell's wrapper.
EXCLUDED = 'data-search-exclude=""'
#: What a notebook imports beyond the package's own dependencies (the install cell adds these).
EXTRA_REQUIREMENTS = {"distillation": ["scikit-learn"]}
INSTALL_CELL = """\
# Colab or a fresh environment: install the notes' package first (skipped where it is installed).
import importlib.util
if importlib.util.find_spec("genai_notes") is None:
    get_ipython().run_line_magic("pip", "install -q {requirements}")"""


class NotebookError(RuntimeError):
    """A tutorial failed to execute: which one, which cell, and why."""


def slugs() -> list[str]:
    return sorted(p.stem for p in TUTORIALS.glob("*.py"))


SETS_LANG = re.compile(r"^LANG[ \t]*=", re.M)


def language_code(code: str, lang: str, catalog: dict[str, str]) -> str:
    """A code cell as the notebook in `lang` runs it: comments translated, `LANG` set to `lang`."""
    code = comments.translate(code, lang, catalog)
    return comments.inject_lang(code, lang) if SETS_LANG.search(code) else code


def language_notebook(slug: str, lang: str) -> nbformat.NotebookNode:
    """The notebook of `slug` in `lang`: every code cell (in `lang`) and the markdown cells tagged `lang`."""
    source = jupytext.read(TUTORIALS / f"{slug}.py")
    catalog = comments.page_catalog(lang)
    cells = []
    for cell in source.cells:
        if cell.cell_type == "code":
            cell.source = language_code(cell.source, lang, catalog)
        tag = cell.metadata.pop("lang", None)
        if cell.cell_type == "markdown" and tag not in LANGS:
            raise ValueError(f"docs/tutorials/{slug}.py: a markdown cell without lang=zh|en: {cell.source[:60]!r}")
        if cell.cell_type == "code" or tag == lang:
            cells.append(cell)
    notebook = nbformat.v4.new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    notebook.metadata["language_info"] = {"name": "python"}
    return notebook


def package_files() -> list[pathlib.Path]:
    """Every file of the package a notebook may read: sources and data files alike."""
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def notebook_digest(notebook: nbformat.NotebookNode) -> str:
    """A hash of what the executed notebook depends on: its cells, the package, Python and library versions."""
    digest = hashlib.sha256(EXECUTION_FORMAT.encode())
    digest.update(json.dumps([(c.cell_type, c.source) for c in notebook.cells]).encode())  # not the random cell ids
    for path in package_files():
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0" + path.read_bytes())
    versions = [sys.version] + [importlib.metadata.version(name) for name in ("torch", "numpy", "matplotlib")]
    digest.update("\n".join(versions).encode())
    return digest.hexdigest()[:20]


def cache_path(slug: str, lang: str, digest: str) -> pathlib.Path:
    return CACHE / lang / f"{slug}-{digest}.ipynb"


def read_cached(path: pathlib.Path, digest: str) -> nbformat.NotebookNode | None:
    """The cached executed notebook, or None when missing, unreadable or made from other inputs."""
    try:
        notebook = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return None
    return notebook if notebook.metadata.get("genai_notes", {}).get("digest") == digest else None


def write_atomically(path: pathlib.Path, text: str) -> None:
    """Write to a temporary file next to `path`, then rename: readers see the old file or the whole new one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.write(text)
        os.replace(temporary, path)
    except BaseException:
        pathlib.Path(temporary).unlink(missing_ok=True)
        raise


def execute(notebook: nbformat.NotebookNode, name: str, progress=None) -> nbformat.NotebookNode:
    """Run every cell in a fresh kernel (cwd docs/tutorials/); raise NotebookError naming the failing cell."""
    executed = copy.deepcopy(notebook)
    failed: list[int] = []
    client = NotebookClient(
        executed, timeout=900, kernel_name="python3", resources={"metadata": {"path": str(TUTORIALS)}},
        on_cell_executed=lambda cell, cell_index, execute_reply: progress and progress(cell_index),
        on_cell_error=lambda cell, cell_index, execute_reply: failed.append(cell_index),
    )
    env = {**os.environ, "PYTHONWARNINGS": "error::RuntimeWarning"}
    env.pop("MPLBACKEND", None)  # the kernel's inline backend draws the figures
    try:
        client.execute(env=env)
    except CellExecutionError as error:
        reason = f"{error.ename}: {error.evalue}" if getattr(error, "ename", None) else str(error)[-2000:]
        raise NotebookError(f"{name}: {describe_cell(executed, failed[0]) if failed else 'a cell'} failed: {reason}") from None
    return executed


def describe_cell(notebook: nbformat.NotebookNode, index: int) -> str:
    """`cell 4 (code cell 2: "print(6 / 0)")`: where a reader finds the cell."""
    code_number = sum(c.cell_type == "code" for c in notebook.cells[: index + 1])
    first_line = notebook.cells[index].source.strip().splitlines()[0][:60]
    return f'cell {index + 1} (code cell {code_number}: "{first_line}")'


def executed_notebook(slug: str, lang: str, progress=None) -> tuple[nbformat.NotebookNode, bool, float]:
    """(executed notebook, came from the cache?, seconds) for `slug` in `lang`."""
    notebook = language_notebook(slug, lang)
    digest = notebook_digest(notebook)
    path = cache_path(slug, lang, digest)
    if (cached := read_cached(path, digest)) is not None:
        return cached, True, 0.0
    started = time.perf_counter()
    executed = execute(notebook, f"docs/tutorials/{slug}.py ({lang})", progress)
    executed.metadata["genai_notes"] = {"digest": digest}
    write_atomically(path, nbformat.writes(executed))
    for stale in path.parent.glob(f"{slug}-*.ipynb"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return executed, False, time.perf_counter() - started


# --- the downloadable notebook ---------------------------------------------------------------


def install_cell(slug: str) -> nbformat.NotebookNode:
    """The first cell of a downloaded notebook: the released package (and what this notebook needs beyond it)."""
    requirements = [f"genai-notes=={genai_notes.__version__}", *EXTRA_REQUIREMENTS.get(slug, [])]
    return nbformat.v4.new_code_cell(INSTALL_CELL.format(requirements=" ".join(requirements)))


def downloadable(executed: nbformat.NotebookNode, slug: str) -> nbformat.NotebookNode:
    """The executed notebook with the install cell first and no build metadata."""
    notebook = copy.deepcopy(executed)
    notebook.metadata.pop("genai_notes", None)
    notebook.cells.insert(0, install_cell(slug))
    return notebook


# --- the notebook as Markdown ----------------------------------------------------------------


def terminal_text(text: str) -> str:
    """What a terminal shows for these writes: a carriage return starts its line over."""
    return CARRIAGE_RETURN.sub("", text)


def merged_outputs(outputs: list) -> list:
    """Consecutive stream outputs of the same stream as one, carriage returns applied; empty ones dropped."""
    merged: list = []
    for output in outputs:
        if output.output_type == "stream" and merged and merged[-1].output_type == "stream" and merged[-1].name == output.name:
            merged[-1] = nbformat.v4.new_output("stream", name=output.name, text=merged[-1].text + output.text)
        else:
            merged.append(output)
    for output in merged:
        if output.output_type == "stream":
            output.text = terminal_text(output.text)
    return [o for o in merged if o.output_type != "stream" or o.text.strip()]


def fence(text: str, info: str) -> str:
    """A fenced block of `info` (a language) that the search index leaves out."""
    ticks = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
    return f"{ticks}{{ .{info} {EXCLUDED} }}\n{text.rstrip()}\n{ticks}"


def excluded(markdown: str, kind: str) -> str:
    """A cell's code or outputs (fenced blocks, left out of the index by `fence`, and images)."""
    return f'<div class="notebook-{kind}" markdown>\n\n{markdown}\n\n</div>'


def output_markdown(output, image_name: str, images: dict[str, bytes]) -> str | None:
    """One output as Markdown; images are added to `images` (file name -> bytes)."""
    if output.output_type == "stream":
        return fence(output.text, "text")
    if output.output_type == "error":
        return fence(terminal_text("\n".join(output.traceback)), "text")
    data = output.get("data", {})
    if "image/png" in data:
        images[f"{image_name}.png"] = base64.b64decode(data["image/png"])
        return f"![]({image_name}.png)"
    if "image/svg+xml" in data:
        images[f"{image_name}.svg"] = data["image/svg+xml"].encode()
        return f"![]({image_name}.svg)"
    if "text/plain" in data:
        return fence(data["text/plain"], "text")
    return None


def cell_markdown(cell, index: int, folder: str, images: dict[str, bytes]) -> str:
    """A code cell and its outputs, both left out of the search index."""
    parts = [excluded(fence(cell.source, "python"), "input")] if cell.source.strip() else []
    outputs = []
    for number, output in enumerate(merged_outputs(cell.get("outputs", []))):
        if (shown := output_markdown(output, f"{folder}/cell-{index}-{number}", images)) is not None:
            outputs.append(shown)
    if outputs:
        parts.append(excluded("\n\n".join(outputs), "output"))
    return "\n\n".join(parts)


def notebook_markdown(executed: nbformat.NotebookNode, slug: str) -> tuple[str, dict[str, bytes]]:
    """(Markdown of the executed notebook, images it refers to under `<slug>/`)."""
    images: dict[str, bytes] = {}
    blocks = []
    for index, cell in enumerate(executed.cells):
        if cell.cell_type == "markdown":
            blocks.append(cell.source)
        elif cell.cell_type == "code":
            blocks.append(cell_markdown(cell, index, slug, images))
    return "\n\n".join(b for b in blocks if b) + "\n", images
