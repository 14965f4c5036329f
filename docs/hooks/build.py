"""Build hook: things the site needs that are made from code, not written by hand.

* figures: every figure registered in `genai_notes.figures`, drawn as SVG for this
  language and added to the site as `figures/<name>.svg`;
* KaTeX: copied from `node_modules/` (installed by npm from `package.json`), so math
  renders with no CDN;
* the notebook cache: mkdocs-jupyter keys its cache on the notebook text only, so a
  change in `src/genai_notes/` would leave stale outputs on a tutorial page. The
  cache folder is keyed on the package source too, per language.
"""

from __future__ import annotations

import hashlib
import logging
import pathlib
import shutil

from mkdocs.structure.files import File, Files

from genai_notes import figures

log = logging.getLogger("mkdocs.hooks.build")
ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "genai_notes"
KATEX = ROOT / "node_modules" / "katex" / "dist"
CACHE = ROOT / ".cache"


def package_digest() -> str:
    """A hash of every source file of the package: outputs made from it are valid while it holds."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _cache_folder(kind: str, config) -> pathlib.Path:
    """`.cache/<kind>/<lang>/<package digest>/`, after removing folders of older digests."""
    digest = config.extra["package_digest"]
    parent = CACHE / kind / config.extra["lang"]
    for stale in parent.glob("*"):
        if stale.name != digest:
            shutil.rmtree(stale)
    folder = parent / digest
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def on_config(config):
    config.extra["package_digest"] = package_digest()
    config.plugins["mkdocs-jupyter"].config["cache_dir"] = str(_cache_folder("mkdocs-jupyter", config))
    return config


def _figure_files(config) -> list[File]:
    lang = config.extra["lang"]
    folder = _cache_folder("figures", config)
    found = []
    for name in sorted(figures.load_all()):
        svg = folder / f"{name}.svg"
        if not svg.exists():
            log.info("drawing figure %s (%s)", name, lang)
            svg.write_text(figures.render_svg(name, lang), encoding="utf-8")
        found.append(File.generated(config, f"figures/{name}.svg", abs_src_path=str(svg)))
    return found


def _katex_files(config) -> list[File]:
    if not KATEX.is_dir():
        raise FileNotFoundError(f"{KATEX} is missing: run `npm ci` (make install does) to get KaTeX")
    wanted = ["katex.min.js", "katex.min.css", "contrib/auto-render.min.js"]
    wanted += [p.relative_to(KATEX).as_posix() for p in sorted((KATEX / "fonts").glob("*.woff2"))]
    return [File.generated(config, f"assets/katex/{name}", abs_src_path=str(KATEX / name)) for name in wanted]


def on_files(files: Files, config) -> Files:
    for file in _figure_files(config) + _katex_files(config):
        files.append(file)
    return files
