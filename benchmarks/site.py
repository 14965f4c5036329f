"""Benchmark of the docs toolchain: prints build times, test time and sizes.

    python benchmarks/site.py            # builds and sizes (about a minute)
    python benchmarks/site.py --tests    # also times the whole test command (`pytest`), warm

Targets on a 2-core machine: warm build < 30 s, warm test command < 3 min.
Then Lighthouse (benchmarks/lighthouse.py) on a home page, lecture and tutorial per language.
A benchmark, not a test: it reports numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading
import time

import lighthouse  # benchmarks/lighthouse.py

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the report, not a request log, is the output
        pass


def timed(command: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def build_seconds(out: pathlib.Path) -> float:
    return timed([sys.executable, str(ROOT / "tools" / "site.py"), "build", "--out", str(out)])


def folder_bytes(folder: pathlib.Path) -> tuple[int, int]:
    """(raw bytes, gzip bytes) of every file under `folder`."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return raw, packed


def home_page_transfer(site: pathlib.Path) -> tuple[int, int, int] | None:
    """(requests, raw bytes, gzip bytes) that loading /zh/ costs in headless Chromium."""
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    from playwright.sync_api import sync_playwright

    handler = functools.partial(QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    bodies: list[bytes] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.on("response", lambda response: bodies.append(response.body()))
        page.goto(f"http://127.0.0.1:{server.server_address[1]}/zh/", wait_until="networkidle")
        browser.close()
    server.shutdown()
    return len(bodies), sum(map(len, bodies)), sum(len(gzip.compress(b, 6)) for b in bodies)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--tests", action="store_true", help="also time the whole test command")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        out = pathlib.Path(folder) / "site"
        shutil.rmtree(CACHE, ignore_errors=True)
        rows.append(("clean build, both languages in parallel (s)", f"{build_seconds(out):.1f}"))
        rows.append(("warm build, both languages in parallel (s)", f"{build_seconds(out):.1f}"))
        raw, packed = folder_bytes(out)
        rows.append(("built site size (MB raw / gzip)", f"{raw / 1e6:.1f} / {packed / 1e6:.1f}"))
        transfer = home_page_transfer(out)
        if transfer:
            count, raw, packed = transfer
            rows.append(("home page transfer (requests, kB raw / gzip)", f"{count}, {raw / 1e3:.0f} / {packed / 1e3:.0f}"))
        else:
            rows.append(("home page transfer", "skipped: no chromium"))
        pages = lighthouse.table(lighthouse.measure(out)) if lighthouse.LIGHTHOUSE.exists() and transfer else "Lighthouse: skipped"
    if args.tests:
        rows.append(("test command, warm (`pytest -q`) (s)", f"{timed([sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider']):.0f}"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"\nLighthouse 12.2.3, mobile preset, served with gzip:\n{pages}")


if __name__ == "__main__":
    main()
