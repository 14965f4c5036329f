"""Remembered passes of the slow end-to-end tests (the package, the notebooks, the PDFs).

A pass is remembered under .cache/test_package/ by a digest of everything it depends on, so an
unchanged checkout skips it locally; CI (CI=true) always runs it.
"""

from __future__ import annotations

import hashlib
import os
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache" / "test_package"


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
