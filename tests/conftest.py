"""Shared fixtures: the built site (both languages, strict) served on a loopback port.

The site is built as `make site` builds it (render step, then MkDocs), for the default
site_url, and served on another port: every check in the browser runs at an address
that differs from the one the site was built for, as on a preview host. A repository is
configured (GENAI_NOTES_REPOSITORY) so that the Colab links exist and can be checked.
The render step's cache (.cache/) is shared with `make site`, so a warm run executes no
notebook; the rendered tree is this session's own, so a `make serve` beside it is safe.
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
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT / "tests"))
from passes import current_inputs, forget_other_inputs, remembered_pass  # noqa: E402  (tests/passes.py)

# pytest-xdist runs one worker per core: a worker's own torch thread pool on top would put
# two threads on each core, and a training test then ran up to 20 times slower. One thread
# per worker (and per process a worker starts: the site build's notebooks, the snippets).
if os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["OMP_NUM_THREADS"] = "1"
    import torch

    torch.set_num_threads(1)
REPOSITORY = "example-owner/genai-notes"
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


def _build_site(out: pathlib.Path) -> None:
    rendered = ROOT / "build" / f"test-rendered-{os.getpid()}"
    env = {**os.environ, "GENAI_NOTES_REPOSITORY": REPOSITORY}
    env.pop("GENAI_NOTES_SITE_URL", None)
    run = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "site.py"), "build", "--out", str(out), "--rendered", str(rendered), "--pdf"],
        cwd=ROOT, env=env, capture_output=True, text=True,
    )
    shutil.rmtree(rendered, ignore_errors=True)
    assert run.returncode == 0, run.stdout[-5000:] + run.stderr[-5000:]


SITES = ROOT / ".cache" / "site"


def _kept_site() -> pathlib.Path | None:
    """Where a local build from the current inputs is kept (None in CI: it always builds)."""
    inputs = current_inputs(CHROMIUM)
    return None if inputs is None else SITES / inputs


def _keep_site(out: pathlib.Path, kept: pathlib.Path | None) -> None:
    if kept is None:
        return
    shutil.rmtree(SITES, ignore_errors=True)  # one kept build: the latest inputs'
    staging = SITES.with_name(f"site.staging-{os.getpid()}")
    shutil.copytree(out, staging)
    SITES.mkdir(parents=True)
    staging.rename(kept)


@pytest.fixture(scope="session")
def served_site(tmp_path_factory, worker_id) -> tuple[pathlib.Path, str]:
    """(folder, base URL ending in '/') of both languages built with `--strict` as `make pdf` (the deploy) does.

    Under pytest-xdist the workers share one build: the first to need it builds it under a
    file lock in the run's common temporary folder, the others wait and read it.
    """
    from filelock import FileLock

    shared = tmp_path_factory.getbasetemp() if worker_id == "master" else tmp_path_factory.getbasetemp().parent
    out, done, failed = shared / "site0", shared / "site0.built", shared / "site0.failed"
    with FileLock(str(shared / "site0.lock")):
        if failed.exists():  # another worker's build failed: report it, do not build again
            pytest.fail(failed.read_text(encoding="utf-8"), pytrace=False)
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            kept = _kept_site()
            if kept is not None and kept.is_dir():  # built before from these very inputs
                shutil.copytree(kept, out)
            else:
                try:
                    _build_site(out)
                except AssertionError as error:
                    failed.write_text(f"the site build failed:\n{error}", encoding="utf-8")
                    raise
                _keep_site(out, kept)
            done.touch()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield out, f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


#: Material puts each annotation's tooltip into its code block while the page loads and takes
#: it out again soon after, until the reader opens it. A check that reads the page's code or
#: compares its DOM waits for that (both raced it: CI once measured a tooltip mid-mount).
ANNOTATIONS_SETTLED = "() => !document.querySelector('.md-tooltip:not(.md-tooltip--active)')"


@pytest.fixture(scope="session")
def settle_annotations():
    """`settle_annotations(page)`: wait until no closed annotation's tooltip is left in the page."""
    def settle(page) -> None:
        page.wait_for_function(ANNOTATIONS_SETTLED)
    return settle


@pytest.fixture(scope="session")
def open_settled(settle_annotations):
    """`open_settled(page, url)`: go to `url`, wait for the network to go quiet and the annotations to settle."""
    def open_page(page, url: str) -> None:
        page.goto(url, wait_until="networkidle")
        settle_annotations(page)
    return open_page


@pytest.fixture(scope="session")
def repository() -> str:
    """The "owner/name" the test build is made for (GENAI_NOTES_REPOSITORY)."""
    return REPOSITORY


@pytest.fixture(scope="session")
def quiet_handler() -> type[http.server.SimpleHTTPRequestHandler]:
    """A static file handler that logs no requests."""
    return _QuietHandler


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


# The order in which the workers take the test files (pytest-xdist, --dist=loadfile with
# --no-loadscope-reorder hands files out in this order). The site build (about 4 minutes on
# two cores) and then every notebook from the wheel (3.5 minutes) are the longest chain, so
# test_package.py goes first and builds the site at once; the other worker meanwhile runs
# everything that needs no site, then test_copy.py (whose REPL tests need none, and whose
# last test needs the site just as it is ready); then the files that need the site, the
# longest first, so that the two workers finish together.
FIRST = ["tests/test_package.py"]
NEED_NO_SITE_UNTIL_THE_END = ["tests/test_copy.py"]
LONGEST_WITH_THE_SITE = ["tests/test_literate.py", "tests/test_browser.py", "tests/test_pdf.py", "tests/test_reading.py",
                         "tests/test_site.py", "tests/test_search.py"]


def _file_rank(path: str, needs_site: bool) -> tuple[int, int]:
    if path in FIRST:
        return 0, FIRST.index(path)
    if path in NEED_NO_SITE_UNTIL_THE_END:
        return 2, NEED_NO_SITE_UNTIL_THE_END.index(path)
    if not needs_site:
        return 1, 0
    return 3, LONGEST_WITH_THE_SITE.index(path) if path in LONGEST_WITH_THE_SITE else len(LONGEST_WITH_THE_SITE)


def pytest_collection_modifyitems(config, items) -> None:
    path_of = {item: item.nodeid.split("::")[0] for item in items}
    needs_site = {path for item, path in path_of.items() if "served_site" in item.fixturenames}
    # Within test_package.py the notebook test (which needs the site) runs first, so the
    # build starts at once; the snippet test reuses the fresh venv it made.
    items.sort(key=lambda item: (*_file_rank(path_of[item], path_of[item] in needs_site),
                                 path_of[item] in FIRST and "served_site" not in item.fixturenames))


# --- the warm loop: a check that needs the site, or is marked slow, is skipped locally when
# it passed before with the same inputs (tests/passes.py); CI runs every one.
_PASS = pytest.StashKey[pathlib.Path]()
_CALL_PASSED = pytest.StashKey[bool]()


def _remembered_check(item) -> pathlib.Path | None:
    if "served_site" not in item.fixturenames and item.get_closest_marker("slow") is None:
        return None
    return remembered_pass(item.nodeid, pathlib.Path(str(item.path)), CHROMIUM)


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item) -> None:
    marker = _remembered_check(item)
    if marker is None:
        return
    if marker.exists():
        pytest.skip("passed before with these inputs (tests/passes.py; CI=true runs it)")
    item.stash[_PASS] = marker


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if _PASS in item.stash:
        if report.when == "call":
            item.stash[_CALL_PASSED] = report.passed and not hasattr(report, "wasxfail")
        elif report.when == "teardown" and report.passed and item.stash.get(_CALL_PASSED, False):
            marker = item.stash[_PASS]
            forget_other_inputs(marker)
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    return report
