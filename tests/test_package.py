"""What a reader downloads: the package, the notebooks and the PDFs.

* The wheel built from this checkout (sdist first, as a release does), installed into a fresh
  virtual environment with no extras, outside the repository, runs every snippet file.
* Every notebook the built site offers for download runs there, through its own install cell,
  which installs the wheel from a local wheelhouse (PIP_FIND_LINKS, PIP_NO_INDEX): the reader's
  side of "download the .ipynb, open it in Jupyter or Colab, run all".
* Each language's PDF (tools/pdf.py, from the built site) is the whole book, in navigation
  order, with contents, outline, page numbers, working internal links and Chinese text.

All are slow, so a pass is remembered under .cache/test_package/ by a digest of everything it
depends on; an unchanged checkout skips them locally. CI (CI=true) always runs them.
"""

from __future__ import annotations

import hashlib
import os
import pathlib
import re
import shutil
import subprocess
import sys
import unicodedata
from urllib.parse import unquote

import nbformat
import pytest
from pypdf import PdfReader

import genai_notes

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))
import pdf  # noqa: E402  (tools/pdf.py)

pytestmark = pytest.mark.slow
ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "test_package"
SNIPPETS = sorted((ROOT / "snippets").rglob("*.txt"))
BOOK_INPUTS = ["docs", "src", "snippets", "mkdocs.yml", "mkdocs.en.yml", "tools", "tests/test_package.py"]
PACKAGE_INPUTS = ["src", "snippets", "pyproject.toml", "constraints.txt", "README.md", "LICENSE", "tests/test_package.py"]
RUN_DOCTESTS = """\
import doctest, sys
flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
results = {path: doctest.testfile(path, module_relative=False, optionflags=flags) for path in sys.argv[1:]}
failed = [path for path, result in results.items() if result.failed]
print(f"{sum(r.attempted for r in results.values())} examples in {len(results)} files; failed: {failed}")
sys.exit(1 if failed else 0)
"""
RUN_NOTEBOOK = """\
import sys, nbclient, nbformat
notebook = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(notebook, timeout=900, kernel_name=sys.argv[2], resources={"metadata": {"path": "."}}).execute()
nbformat.write(notebook, sys.argv[1])
"""
KERNEL = "genai-notes-fresh"
PYCON = re.compile(r"^```pycon\n(.*?)^```$", re.S | re.M)


def digest(paths: list[pathlib.Path], base: pathlib.Path = ROOT) -> str:
    """sha256 over the names (relative to `base`) and bytes of every file under `paths`."""
    files = sorted(f for p in paths for f in ([p] if p.is_file() else p.rglob("*")) if f.is_file() and "__pycache__" not in f.parts)
    hasher = hashlib.sha256()
    for f in files:
        hasher.update(f.relative_to(base).as_posix().encode() + b"\0" + f.read_bytes() + b"\0")
    return hasher.hexdigest()[:16]


def skip_if_passed_before(name: str, key: str) -> pathlib.Path:
    """The marker file for this pass; skips when it exists (never in CI)."""
    marker = CACHE / f"{name}-{key}"
    if marker.exists() and os.environ.get("CI", "").lower() != "true":
        pytest.skip(f"{name}: passed before with these inputs ({marker.relative_to(ROOT)}; CI=true always runs it)")
    return marker


def remember(marker: pathlib.Path) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    for old in marker.parent.glob(marker.name.rsplit("-", 1)[0] + "-*"):
        old.unlink()
    marker.touch()


def run(args: list, cwd: pathlib.Path, env: dict | None = None, timeout: int | None = None) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}"
    return result


def outside_env(**extra: str) -> dict:
    """The environment without anything that would put the checkout on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME", "VIRTUAL_ENV")}
    return {**env, "PYTHONNOUSERSITE": "1", **extra}


@pytest.fixture(scope="module")
def wheelhouse(tmp_path_factory) -> pathlib.Path:
    """A folder holding only the wheel, built from the sdist as `python -m build` does for a release."""
    dist = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--no-isolation", "--outdir", dist, ROOT], cwd=ROOT)
    house = tmp_path_factory.mktemp("wheelhouse")
    (wheel,) = dist.glob("genai_notes-*.whl")
    shutil.copy(wheel, house)
    return house


@pytest.fixture(scope="module")
def fresh_python(tmp_path_factory, wheelhouse) -> pathlib.Path:
    """A new venv (no system site-packages) with the wheel and its dependencies, no extras."""
    venv = tmp_path_factory.mktemp("venv")
    run([sys.executable, "-m", "venv", venv], cwd=venv)
    python = venv / "bin" / "python"
    (wheel,) = wheelhouse.glob("*.whl")
    run([python, "-m", "pip", "install", "-q", "-c", ROOT / "constraints.txt", wheel], cwd=venv, env=outside_env())
    return python


def test_every_snippet_file_passes_against_the_installed_wheel_outside_the_repository(request, tmp_path):
    marker = skip_if_passed_before("snippets", digest([ROOT / p for p in PACKAGE_INPUTS]))
    python = request.getfixturevalue("fresh_python")
    where = run([python, "-c", "import genai_notes; print(genai_notes.__file__, genai_notes.__version__)"], cwd=tmp_path,
                env=outside_env())
    module_file, version = where.stdout.split()
    assert pathlib.Path(module_file).is_relative_to(python.parent.parent) and version == genai_notes.__version__
    extras = run([python, "-c", "import importlib.util as u; print([m for m in ('mkdocs', 'pytest', 'jupytext') if u.find_spec(m)])"],
                 cwd=tmp_path, env=outside_env())
    assert extras.stdout.strip() == "[]", "the fresh venv has a tool from an extra"
    (tmp_path / "run_doctests.py").write_text(RUN_DOCTESTS, encoding="utf-8")
    readme = tmp_path / "readme.txt"  # the README's usage example
    readme.write_text("\n".join(PYCON.findall((ROOT / "README.md").read_text(encoding="utf-8"))), encoding="utf-8")
    result = run([python, "run_doctests.py", *SNIPPETS, readme], cwd=tmp_path, env=outside_env(MPLBACKEND="Agg"))
    assert readme.read_text(encoding="utf-8").startswith(">>> ")
    assert f"in {len(SNIPPETS) + 1} files; failed: []" in result.stdout
    remember(marker)


def test_every_downloaded_notebook_runs_through_its_own_install_cell_from_a_wheelhouse(site, request, tmp_path):
    notebooks = sorted(site.glob("*/tutorials/*/*.ipynb"))
    assert len(notebooks) == 2 * len(list((ROOT / "docs" / "tutorials").glob("*.py"))) > 0
    marker = skip_if_passed_before("notebooks", digest([ROOT / p for p in PACKAGE_INPUTS]) + digest(notebooks, base=site))
    pins = f"genai-notes=={genai_notes.__version__}"
    for notebook in notebooks:
        assert pins in "".join(nbformat.read(notebook, as_version=4).cells[0].source), f"{notebook}: first cell lacks {pins}"
    python, wheelhouse = request.getfixturevalue("fresh_python"), request.getfixturevalue("wheelhouse")
    # Jupyter, as Colab or a reader's laptop has it; the package itself comes from the install cell.
    run([python, "-m", "pip", "install", "-q", "-c", ROOT / "constraints.txt", "ipykernel", "nbclient"], cwd=tmp_path,
        env=outside_env())
    run([python, "-m", "ipykernel", "install", "--prefix", python.parent.parent, "--name", KERNEL], cwd=tmp_path,
        env=outside_env())
    (tmp_path / "run_notebook.py").write_text(RUN_NOTEBOOK, encoding="utf-8")
    offline = outside_env(PIP_FIND_LINKS=str(wheelhouse), PIP_NO_INDEX="1")
    for notebook in notebooks:
        run([python, "-m", "pip", "uninstall", "-q", "-y", "genai-notes"], cwd=tmp_path, env=outside_env())
        workdir = tmp_path / notebook.parent.parent.parent.name / notebook.stem
        workdir.mkdir(parents=True)
        shutil.copy(notebook, workdir)
        run([python, tmp_path / "run_notebook.py", notebook.name, KERNEL], cwd=workdir, env=offline)
        shown = run([python, "-m", "pip", "show", "genai-notes"], cwd=workdir, env=outside_env())
        assert f"Version: {genai_notes.__version__}" in shown.stdout, f"{notebook}: its install cell did not install the wheel"
    remember(marker)


def text_of(pages) -> str:
    """The pages' text; NFKC because the CJK font maps some ideographs to their Kangxi radical twins."""
    return unicodedata.normalize("NFKC", "".join(page.extract_text() for page in pages))


@pytest.fixture(scope="module")
def pdfs(site) -> dict[str, pathlib.Path]:
    """Both languages' PDFs, printed by tools/pdf.py from the built site (unless its build made them)."""
    paths = {lang: site / lang / "pdf" / name for lang, name in pdf.PDF_NAMES.items()}
    if not all(path.is_file() for path in paths.values()):
        pdf.build(site)
    return paths


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_pdf_is_the_whole_book_with_contents_outline_page_numbers_and_internal_links(lang, site, request):
    marker = skip_if_passed_before(f"pdf-{lang}", digest([ROOT / p for p in BOOK_INPUTS]))
    path = request.getfixturevalue("pdfs")[lang]
    assert path == site / lang / "pdf" / pdf.PDF_NAMES[lang]
    pages = pdf.book_pages(site / lang)
    reader = PdfReader(path)
    # The whole book in navigation order: the outline's top level starts with the contents, then
    # every page's title, in order (Chromium sometimes writes a heading's text twice in an entry).
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[0] == pdf.CONTENTS[lang] and len(outline) == len(pages) + 1
    assert all(entry.startswith(page.title) for entry, page in zip(outline[1:], pages)), outline
    assert {"lectures/entropy/", "tutorials/softmax/", "glossary/"} <= {page.url for page in pages}
    # Every internal link lands on a destination in the document, and the contents' numbers are right.
    numbers = pdf.page_numbers(path)
    links = [a.get_object() for p in reader.pages for a in p.get("/Annots", []) if a.get_object().get("/Subtype") == "/Link"]
    internal = [unquote(str(a["/Dest"]).lstrip("/")) for a in links if "/Dest" in a]
    assert len(internal) > len(pages) and set(internal) <= set(numbers)
    contents_text = text_of(reader.pages[:2])
    assert pdf.CONTENTS[lang] in contents_text and str(numbers[pages[-1].anchor]) in contents_text
    assert all(numbers[a] < numbers[b] for a, b in zip([p.anchor for p in pages], [p.anchor for p in pages[1:]]))
    # Page numbers in the footer, Chinese text that can be searched and copied, no site chrome.
    last = len(reader.pages)
    assert reader.pages[-1].extract_text().rstrip().endswith(str(last))
    text = text_of(reader.pages)
    assert "交叉熵" in text and "Search" not in text.split("\n")[0]
    remember(marker)
