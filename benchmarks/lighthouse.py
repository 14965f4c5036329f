"""Lighthouse on the built site as a phone sees it: prints performance, accessibility,
best practices, SEO and bytes transferred for the home page, one lecture and one
tutorial in each language.

    python benchmarks/lighthouse.py             # builds the site first (minutes)
    python benchmarks/lighthouse.py --site site # measures an existing build
    python benchmarks/lighthouse.py --runs 5    # five runs a page (default 3)

Lighthouse 12.2.3 (npm, `package.json`; 13.x needs Node 22) runs its mobile preset
(simulated slow 4G and a 4x slower CPU) against Debian's Chromium (CHROME_PATH). The site
is served from loopback with gzip, as GitHub Pages serves it. Targets: performance and
accessibility >= 95 on every page, the home page under 400 KB transferred.

One run's performance score moves by 10 points or more on the same build: Lighthouse
simulates the slow phone from one fast run, so a long task that lands before or after the
first paint in that run changes the result. Each page is therefore audited several times;
the table shows the run with the median performance score (Lighthouse's own advice) and
the lowest and highest score of all runs.
A benchmark, not a test: it reports numbers and asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import threading

ROOT = pathlib.Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
PAGES = ["zh/", "zh/lectures/entropy/", "zh/tutorials/gan-2d/", "en/", "en/lectures/entropy/", "en/tutorials/gan-2d/"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map", ".py", ".ipynb"}
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --no-first-run --disable-sync"


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, text ones gzip-compressed when the browser accepts it (as GitHub Pages)."""

    def log_message(self, *args) -> None:  # the report, not a request log, is the output
        pass

    def send_head(self):
        path = pathlib.Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (wants_gzip and path.is_file() and path.suffix in COMPRESSED and self.path.endswith(("/", path.suffix))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")  # GitHub Pages' header
        self.end_headers()
        return _Body(body)


class _Body:
    """The file-like object `SimpleHTTPRequestHandler.do_GET` copies to the socket."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


def audit(url: str) -> dict:
    """Lighthouse's JSON report (mobile preset) for `url`."""
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", shutil.which("chromium") or "/usr/bin/chromium")}
    run = subprocess.run(
        [str(LIGHTHOUSE), url, "--output=json", "--output-path=stdout", "--quiet",
         f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={CHROME_FLAGS}"],
        cwd=ROOT, env=env, capture_output=True, text=True, check=True,
    )
    return json.loads(run.stdout)


def summary(report: dict) -> dict[str, float]:
    """Scores (0-100), kB transferred, largest contentful paint and total blocking time."""
    row = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    audits = report["audits"]
    row["kB"] = audits["total-byte-weight"]["numericValue"] / 1e3
    row["LCP s"] = audits["largest-contentful-paint"]["numericValue"] / 1e3
    row["TBT ms"] = audits["total-blocking-time"]["numericValue"]
    return row


def flagged(report: dict) -> list[str]:
    """Titles of the failing audits (score below 0.9) in the measured categories."""
    ids = {ref["id"] for name in CATEGORIES for ref in report["categories"][name]["auditRefs"] if ref["weight"] > 0}
    audits = report["audits"]
    return sorted(audits[i]["title"] for i in ids if audits[i]["score"] is not None and audits[i]["score"] < 0.9)


def measure(site: pathlib.Path, pages: list[str] = PAGES, runs: int = 3, verbose: bool = False) -> list[tuple[str, dict]]:
    """(page, the run with the median performance score and the lowest and highest score) for
    each page of the built `site`, served with gzip on loopback."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    results = []
    try:
        for page in pages:
            url = f"http://127.0.0.1:{server.server_address[1]}/{page}"
            reports = sorted((audit(url) for _ in range(runs)), key=lambda report: report["categories"]["performance"]["score"])
            median = reports[(len(reports) - 1) // 2]
            scores = [summary(report)["performance"] for report in reports]
            results.append((page, {**summary(median), "perf low": scores[0], "perf high": scores[-1]}))
            if verbose:
                print(f"{page}: {'; '.join(flagged(median)) or 'nothing flagged'}", file=sys.stderr)
    finally:
        server.shutdown()
    return results


def table(results: list[tuple[str, dict]]) -> str:
    """The results as an aligned text table, one page a line."""
    columns = list(results[0][1])
    lines = [f"{'page':<24}" + "".join(f"{name:>16}" for name in columns)]
    for page, row in results:
        lines.append(f"{page:<24}" + "".join(f"{row[name]:>16.{0 if isinstance(row[name], int) else 1}f}" for name in columns))
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", type=pathlib.Path, help="an existing build (default: build one)")
    parser.add_argument("--runs", type=int, default=3, help="audits a page (default 3); the median one is shown")
    parser.add_argument("--flagged", action="store_true", help="also list the failing audits of each page")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run `npm ci` (make install does)")
    with tempfile.TemporaryDirectory() as folder:
        site = args.site
        if site is None:
            site = pathlib.Path(folder) / "site"
            subprocess.run([sys.executable, str(ROOT / "tools" / "site.py"), "build", "--out", str(site)], cwd=ROOT, check=True)
        print(table(measure(site, runs=args.runs, verbose=args.flagged)))


if __name__ == "__main__":
    main()
