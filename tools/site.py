"""Build or preview the site in both languages.

    python tools/site.py build [--out site]   strict build of zh and en (in parallel)
    python tools/site.py serve [--port 8000]  build, serve both at http://127.0.0.1:PORT/,
                                              and rebuild when docs/, src/ or snippets/ change

Each language is its own mkdocs build (mkdocs.yml for zh-TW, mkdocs.en.yml for English),
written to <out>/zh/ and <out>/en/; <out>/index.html sends readers to /zh/.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import pathlib
import subprocess
import sys
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONFIGS = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}
WATCHED = ["docs", "src", "snippets", "mkdocs.yml", "mkdocs.en.yml"]
REDIRECT = """<!doctype html>
<html lang="zh-TW">
<head>
<meta charset="utf-8">
<title>生成式 AI 導論・可執行筆記 / Generative AI, executable notes</title>
<meta http-equiv="refresh" content="0; url=zh/">
<link rel="canonical" href="zh/">
</head>
<body><p><a href="zh/">繁體中文</a> · <a href="en/">English</a></p></body>
</html>
"""


def build(out: pathlib.Path, strict: bool = True) -> None:
    """Build both languages into `out` at the same time; raise with mkdocs' output if one fails."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    runs = {
        lang: subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(out / lang)]
            + (["--strict"] if strict else []),
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for lang, config in CONFIGS.items()
    }
    logs = {lang: run.communicate()[0] for lang, run in runs.items()}
    failed = [lang for lang, run in runs.items() if run.returncode != 0]
    if failed:
        raise RuntimeError("\n".join(f"--- mkdocs build ({lang}) failed:\n{logs[lang]}" for lang in failed))
    (out / "index.html").write_text(REDIRECT, encoding="utf-8")


def _latest_change() -> float:
    paths = [ROOT / name for name in WATCHED]
    files = [p for path in paths for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()]
    return max(p.stat().st_mtime for p in files)


def serve(out: pathlib.Path, port: int) -> None:
    """Serve `out` on 127.0.0.1:`port` and rebuild whenever a watched file changes."""
    build(out, strict=False)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(out))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://127.0.0.1:{port}/zh/ and http://127.0.0.1:{port}/en/ (Ctrl+C to stop)", flush=True)
    seen = _latest_change()
    while True:
        time.sleep(1.0)
        if (latest := _latest_change()) > seen:
            seen = latest
            print("change detected, rebuilding …", flush=True)
            try:
                build(out, strict=False)
                print("rebuilt; reload the page", flush=True)
            except RuntimeError as error:
                print(error, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["build", "serve"])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "site")
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    if args.command == "build":
        build(args.out)
    else:
        try:
            serve(args.out, args.port)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
