"""Build or preview the site in both languages.

    python tools/site.py build [--out site] [--engine mkdocs|zensical]
    python tools/site.py serve [--port 8000]   build, serve both at http://127.0.0.1:PORT/,
                                               and rebuild when a watched file changes

First the render step (tools/render.py) writes a plain Markdown tree per language into
`--rendered` (default build/rendered/<lang>/); then the engine turns each language into
HTML: MkDocs with Material (the engine of record, mkdocs.yml for zh-TW, mkdocs.en.yml
for English, in parallel) or Zensical (a canary that reads the same files). The output is
<out>/zh/ and <out>/en/; <out>/index.html sends readers to zh/.

Settings from the environment: GENAI_NOTES_SITE_URL (base address, default
http://127.0.0.1:8000/; zh is served at <base>zh/, en at <base>en/) and
GENAI_NOTES_REPOSITORY ("owner/name", falling back to GITHUB_REPOSITORY; without it the
pages have no Colab links).
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import pathlib
import shutil
import subprocess
import sys
import threading
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import katex_math  # noqa: E402
import pdf  # noqa: E402
import render  # noqa: E402
import site_speed  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
CONFIGS = {"zh": "mkdocs.yml", "en": "mkdocs.en.yml"}
RENDERED = ROOT / "build" / "rendered"
WATCHED = ["docs", "src", "snippets", "benchmarks/results", "benchmarks/published.yml", "mkdocs.yml", "mkdocs.en.yml"]
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


def engine_env(lang: str, rendered: pathlib.Path, site_dir: pathlib.Path) -> dict[str, str]:
    """What mkdocs.yml / mkdocs.en.yml read: the rendered folder, the output folder and the site's address."""
    suffix = lang.upper()
    return {
        **os.environ,
        "NO_MKDOCS_2_WARNING": "1",
        f"GENAI_NOTES_DOCS_{suffix}": os.path.relpath(rendered / lang, ROOT),
        f"GENAI_NOTES_SITE_{suffix}": os.path.relpath(site_dir, ROOT),
        f"GENAI_NOTES_SITE_URL_{suffix}": render.site_url(lang),
    }


def engine_command(engine: str, lang: str, strict: bool) -> list[str]:
    if engine == "zensical":
        return [str(pathlib.Path(sys.executable).with_name("zensical")), "build", "-f", CONFIGS[lang]]
    return [sys.executable, "-m", "mkdocs", "build", "-q", "-f", CONFIGS[lang]] + (["--strict"] if strict else [])


def run_engine(engine: str, out: pathlib.Path, rendered: pathlib.Path, strict: bool) -> float:
    """Build both languages with `engine` at the same time into `out/<lang>/`; return the seconds it took."""
    started = time.perf_counter()
    # Zensical writes only inside the project: build there, then move the result to `out`.
    targets = {lang: (ROOT / "build" / f"zensical-{os.getpid()}" / lang if engine == "zensical" else out / lang) for lang in CONFIGS}
    runs = {
        lang: subprocess.Popen(
            engine_command(engine, lang, strict), cwd=ROOT, env=engine_env(lang, rendered, targets[lang]),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        for lang in CONFIGS
    }
    logs = {lang: run.communicate()[0] for lang, run in runs.items()}
    failed = [lang for lang, run in runs.items() if run.returncode != 0]
    if failed:
        raise RuntimeError("\n".join(f"--- {engine} build ({lang}) failed:\n{logs[lang]}" for lang in failed))
    if engine == "zensical":
        for lang, target in targets.items():
            shutil.rmtree(out / lang, ignore_errors=True)
            out.mkdir(parents=True, exist_ok=True)
            shutil.move(target, out / lang)
        shutil.rmtree(targets["zh"].parent, ignore_errors=True)
    return time.perf_counter() - started


def finish_site(out: pathlib.Path) -> None:
    """After the engine: the math mkdocstrings left in API pages rendered by KaTeX, and each
    language's Material search index as UTF-8 (the engine writes \\uXXXX escapes)."""
    for lang in CONFIGS:
        katex_math.render_site(out / lang)
        if (index := out / lang / "search" / "search_index.json").is_file():
            site_speed.utf8_index(index)


def build(out: pathlib.Path, strict: bool = True, engine: str = "mkdocs", rendered: pathlib.Path = RENDERED,
          with_pdf: bool = False) -> None:
    """Render, then build both languages into `out` (and, `with_pdf`, print each language's book
    into `out/<lang>/pdf/`, which the home pages link to); raise with the engine's output if one fails."""
    summary = render.render(rendered, strict=strict)
    seconds = run_engine(engine, out.resolve(), rendered, strict)
    finish_site(out)
    (out / "index.html").write_text(REDIRECT, encoding="utf-8")
    report = f"\n  {engine} build (zh and en in parallel): {seconds:.1f} s"
    if with_pdf:
        started = time.perf_counter()
        pdf.build(out)
        report += f"\n  PDFs (tools/pdf.py): {time.perf_counter() - started:.1f} s"
    print(summary.report(), report, flush=True)


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
            except (RuntimeError, ValueError, FileNotFoundError) as error:
                print(error, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["build", "serve"])
    parser.add_argument("--out", type=pathlib.Path, default=ROOT / "site")
    parser.add_argument("--rendered", type=pathlib.Path, default=RENDERED, help="where the render step writes")
    parser.add_argument("--engine", choices=["mkdocs", "zensical"], default="mkdocs")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--pdf", action="store_true", help="also print each language's PDF (as deployed)")
    args = parser.parse_args()
    try:
        if args.command == "build":
            build(args.out, engine=args.engine, rendered=args.rendered.resolve(), with_pdf=args.pdf)
        else:
            serve(args.out, args.port)
    except KeyboardInterrupt:
        pass
    except render.notebooks.NotebookError as error:
        sys.exit(f"render failed:\n{error}")


if __name__ == "__main__":
    main()
