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
import shutil
import subprocess
import sys
import threading
from urllib.parse import urlsplit

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


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


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        message = f"Chromium not found at {CHROMIUM} (Debian: apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    """A fresh page that records every request it makes and every script error.

    What it recorded is checked when the test body ends (`pytest_runtest_call` below),
    so an outside request or a script error is reported as that test's failure.
    """
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    page = context.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    yield page
    context.close()


def assert_page_stayed_local_and_quiet(page) -> None:
    """Fail if the page requested another host or logged a script error."""
    outside = [url for url in page.requests if urlsplit(url).hostname not in {"127.0.0.1"} and not url.startswith("data:")]
    assert not outside, f"requests to outside hosts: {outside}"
    assert not page.errors, f"script errors: {page.errors}"


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    result = yield
    page = item.funcargs.get("page")
    if page is not None and hasattr(page, "requests"):
        assert_page_stayed_local_and_quiet(page)
    return result
