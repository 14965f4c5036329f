"""What a reader downloads: the package and the notebooks (the PDFs: tests/test_pdf.py).

* The wheel built from this checkout (sdist first, as a release does), installed into a fresh
  virtual environment with no extras, outside the repository, runs every snippet file.
* Every zh-TW notebook the built site offers for download runs there, through its own install
  cell, which installs the wheel from a local wheelhouse (PIP_FIND_LINKS, PIP_NO_INDEX): the
  reader's side of "download the .ipynb, open it in Jupyter or Colab, run all". Each English
  notebook holds the same statements (only comments and `LANG` differ), checked cell by cell.

All are slow, so a pass is remembered under .cache/test_package/ by a digest of everything it
depends on; an unchanged checkout skips them locally. CI (CI=true) always runs them.
"""

from __future__ import annotations

import ast
import os
import pathlib
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

import genai_notes

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "tools"))
import comments  # noqa: E402  (tools/comments.py)
import notebooks  # noqa: E402  (tools/notebooks.py)
from passes import digest, remember, skip_if_passed_before  # noqa: E402  (tests/passes.py)

pytestmark = pytest.mark.slow
ROOT = pathlib.Path(__file__).resolve().parents[1]
SNIPPETS = sorted((ROOT / "snippets").rglob("*.txt"))
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
    # --no-compile: byte-compiling torch's files would take half of the install, and Python
    # compiles what it imports anyway.
    run([python, "-m", "pip", "install", "-q", "--no-compile", "-c", ROOT / "constraints.txt", wheel], cwd=venv,
        env=outside_env())
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


def _statements(cell: str) -> str:
    """A code cell's statements (its syntax tree), comments and the page language left out."""
    return ast.dump(ast.parse(comments.inject_lang(cell, "en")))


def test_each_zh_notebook_runs_through_its_own_install_cell_from_a_wheelhouse_and_en_has_the_same_code(
        site, request, tmp_path):
    zh, en = (sorted(site.glob(f"{lang}/tutorials/*/*.ipynb")) for lang in ("zh", "en"))
    assert [p.name for p in zh] == [p.name for p in en] == [f"{slug}.ipynb" for slug in notebooks.slugs()]
    # The English download runs the same statements as the zh-TW one: only comments and LANG differ.
    for zh_path, en_path in zip(zh, en):
        cells = [[c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
                 for path in (zh_path, en_path)]
        assert list(map(_statements, cells[0])) == list(map(_statements, cells[1])), en_path.name
    marker = skip_if_passed_before("notebooks", digest([ROOT / p for p in PACKAGE_INPUTS]) + digest(zh, base=site))
    pins = f"genai-notes=={genai_notes.__version__}"
    for notebook in zh + en:
        assert pins in "".join(nbformat.read(notebook, as_version=4).cells[0].source), f"{notebook}: first cell lacks {pins}"
    python, wheelhouse = request.getfixturevalue("fresh_python"), request.getfixturevalue("wheelhouse")
    # Jupyter, as Colab or a reader's laptop has it; the package itself comes from the install cell.
    run([python, "-m", "pip", "install", "-q", "--no-compile", "-c", ROOT / "constraints.txt", "ipykernel", "nbclient"],
        cwd=tmp_path, env=outside_env())
    run([python, "-m", "ipykernel", "install", "--prefix", python.parent.parent, "--name", KERNEL], cwd=tmp_path,
        env=outside_env())
    (tmp_path / "run_notebook.py").write_text(RUN_NOTEBOOK, encoding="utf-8")
    offline = outside_env(PIP_FIND_LINKS=str(wheelhouse), PIP_NO_INDEX="1")
    for notebook in zh:
        run([python, "-m", "pip", "uninstall", "-q", "-y", "genai-notes"], cwd=tmp_path, env=outside_env())
        workdir = tmp_path / notebook.stem
        workdir.mkdir(parents=True)
        shutil.copy(notebook, workdir)
        run([python, tmp_path / "run_notebook.py", notebook.name, KERNEL], cwd=workdir, env=offline)
        shown = run([python, "-m", "pip", "show", "genai-notes"], cwd=workdir, env=outside_env())
        assert f"Version: {genai_notes.__version__}" in shown.stdout, f"{notebook}: its install cell did not install the wheel"
    remember(marker)
