"""Shared fixtures: the built site (both languages, strict) served on a loopback port.

The server starts first so that the site can be built for its address: Material's
language selector maps pages through each language's sitemap, whose URLs carry
`site_url` (set per build with SITE_URL_ZH / SITE_URL_EN, as for a real deployment).
"""

from __future__ import annotations

import functools
import http.server
import os
import pathlib
import subprocess
import sys
import threading

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def served_site(tmp_path_factory) -> tuple[pathlib.Path, str]:
    """(folder, base URL ending in '/') of both languages built with `--strict` as `make site` does."""
    out = tmp_path_factory.mktemp("site")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    env = {**os.environ, "SITE_URL_ZH": f"{base}zh/", "SITE_URL_EN": f"{base}en/"}
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "site.py"), "build", "--out", str(out)],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, base
    server.shutdown()


@pytest.fixture(scope="session")
def site(served_site) -> pathlib.Path:
    return served_site[0]


@pytest.fixture(scope="session")
def site_url(served_site) -> str:
    return served_site[1]
