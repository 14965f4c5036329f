"""Remembered passes of the end-to-end checks, so that the warm loop on an unchanged tree is short.

* The package, the notebooks and the PDFs remember a pass under .cache/test_package/ by a
  digest of exactly what they depend on (`skip_if_passed_before`).
* Every other check that needs the built site, or is marked slow (a REPL outside the
  repository), remembers its pass under .cache/passes/ by `inputs_digest`: every file git
  would commit outside tests/, the installed packages and the browser, plus the test's own
  file and the shared fixtures (`remembered_pass`). The built site itself is kept under
  .cache/site/ by the same digest (tests/conftest.py).

Locally an unchanged checkout skips them; CI (CI=true) always runs everything.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "test_package"
PASSES = ROOT / ".cache" / "passes"
SHARED = [ROOT / "tests" / "conftest.py", ROOT / "tests" / "passes.py"]


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


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
    if marker.exists() and not in_ci():
        pytest.skip(f"{name}: passed before with these inputs ({marker.relative_to(ROOT)}; CI=true always runs it)")
    return marker


def remember(marker: pathlib.Path) -> None:
    marker.parent.mkdir(parents=True, exist_ok=True)
    for old in marker.parent.glob(marker.name.rsplit("-", 1)[0] + "-*"):
        old.unlink()
    marker.touch()


def inputs_digest(root: pathlib.Path = ROOT, browser: str = "") -> str | None:
    """sha256 over every file git would commit outside tests/ (tracked or new, not ignored),
    the installed distributions and the browser binary; None outside a git checkout."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=root,
                            capture_output=True)
    if listed.returncode != 0:
        return None
    files = sorted({name for name in listed.stdout.decode().split("\0") if name and not name.startswith("tests/")})
    hasher = hashlib.sha256()
    for name in files:
        path = root / name
        hasher.update(name.encode() + b"\0" + (path.read_bytes() if path.is_file() else b"") + b"\0")
    # installed outside the checkout: building the wheel leaves src/*.egg-info, on the test path
    outside = [p for p in sys.path if not pathlib.Path(p or ".").resolve().is_relative_to(root.resolve())]
    installed = sorted(f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions(path=outside))
    hasher.update("\n".join([sys.version, *installed]).encode())
    if browser and os.path.exists(browser):
        stat = os.stat(browser)
        hasher.update(f"{browser} {stat.st_size} {stat.st_mtime_ns}".encode())
    return hasher.hexdigest()[:16]


@functools.cache
def current_inputs(browser: str) -> str | None:
    """`inputs_digest` of this checkout, once per process; None in CI, which remembers nothing."""
    return None if in_ci() else inputs_digest(ROOT, browser)


def remembered_pass(nodeid: str, test_file: pathlib.Path, browser: str) -> pathlib.Path | None:
    """The marker of this test's pass with the current inputs (None in CI or outside git)."""
    inputs = current_inputs(browser)
    if inputs is None:
        return None
    return PASSES / inputs / hashlib.sha256(f"{_test_inputs(test_file)} {nodeid}".encode()).hexdigest()[:24]


@functools.cache
def _test_inputs(test_file: pathlib.Path) -> str:
    """Digest of the test's own file, the shared fixtures and the tests' data files (the
    search queries), read once per file and process."""
    data = [p for p in (ROOT / "tests").iterdir() if p.is_file() and p.suffix != ".py"]
    return digest([test_file, *SHARED, *data])


def forget_other_inputs(marker: pathlib.Path) -> None:
    """Drop the passes remembered for inputs other than the marker's."""
    for other in PASSES.glob("*"):
        if other != marker.parent and other.is_dir():
            shutil.rmtree(other, ignore_errors=True)
