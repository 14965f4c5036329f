"""Benchmark of the docs toolchain: prints cold and warm build times (with the render
step's per-part summary), test time and sizes.

    python benchmarks/site.py            # cold build (empty .cache/), warm build, sizes
    python benchmarks/site.py --warm     # skip the cold build (it executes every notebook)
    python benchmarks/site.py --tests    # also times the whole test command (`pytest`), warm

Targets on a 2-core machine: warm build < 30 s, warm test command < 3 min.
Then Lighthouse (benchmarks/lighthouse.py) on a home page, lecture and tutorial per language,
and the comment density of the embedded library code (benchmarks/comment_density.py).
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

import comment_density  # benchmarks/comment_density.py
import lighthouse  # benchmarks/lighthouse.py

ROOT = pathlib.Path(__file__).resolve().parents[1]
CACHE = ROOT / ".cache"


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the report, not a request log, is the output
        pass


def timed(command: list[str]) -> tuple[float, str]:
    """(seconds, standard output) of a command that must succeed."""
    started = time.perf_counter()
    run = subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return time.perf_counter() - started, run.stdout


def build(out: pathlib.Path, label: str) -> tuple[str, str]:
    """(row name, seconds) of one build; prints the render step's summary of it."""
    seconds, output = timed([sys.executable, str(ROOT / "tools" / "site.py"), "build", "--out", str(out)])
    print(f"--- {label} build\n{output[output.find('render summary'):].rstrip()}\n", flush=True)
    return f"{label} build, render + both languages (s)", f"{seconds:.1f}"


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
    parser.add_argument("--warm", action="store_true", help="skip the cold build")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        out = pathlib.Path(folder) / "site"
        if not args.warm:
            shutil.rmtree(CACHE, ignore_errors=True)
            rows.append(build(out, "cold"))
        rows.append(build(out, "warm"))
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
        seconds, _ = timed([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"])
        rows.append(("test command, warm (`pytest -q`) (s)", f"{seconds:.0f}"))
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    print(f"\nLighthouse 12.2.3, mobile preset, served with gzip:\n{pages}")
    print("\nComment lines per code line inside the embedded library sections:")
    comment_density.main()


if __name__ == "__main__":
    main()
