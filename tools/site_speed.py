"""MkDocs hook (`hooks: [tools/site_speed.py]`): what makes pages light and the index lean.

* Images get their intrinsic `width`/`height` (from the SVG's viewBox or the PNG header)
  and `loading="lazy"`, so the browser reserves their space and fetches off-screen ones
  late (Lighthouse: "unsized images", "offscreen images").
* On notebook pages every `<pre>` (code cells and their output) and the hidden copy
  of each code cell is marked
  `data-search-exclude`, so the index keeps a tutorial's prose and headings only.
  Material's parser compares elements by tag name, so an excluded element ends at the
  first closing tag of the same name inside it: a marked `<div class="jp-CodeCell">`
  stops being skipped at its first inner `</div>`. `<pre>` holds no `<pre>`.
* `search/search_index.json` is rewritten as UTF-8: Material writes it with `\\uXXXX`
  escapes, six bytes for every CJK character instead of three.
"""

from __future__ import annotations

import base64
import json
import pathlib
import re
import struct

IMG = re.compile(r"<img\b(?![^>]*\bwidth=)([^>]*?)\s*/?>")
SRC = re.compile(r'\bsrc="([^"]+)"')
VIEWBOX = re.compile(rb'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')
PRE = re.compile(r"<pre\b(?![^>]*data-search-exclude)")
COPY_TEXT = '<div class="clipboard-copy-txt"'  # mkdocs-jupyter's hidden copy of each code cell


def svg_size(svg: bytes) -> tuple[int, int] | None:
    """(width, height) of an SVG's viewBox, rounded; None without one.

    Examples:
        >>> svg_size(b'<svg width="460.8pt" viewBox="0 0 460.8 345.6">')
        (461, 346)
    """
    match = VIEWBOX.search(svg[:4000])
    return (round(float(match[1])), round(float(match[2]))) if match else None


def png_size(png: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk; None when `png` is not a PNG.

    Examples:
        >>> png_size(b"\\x89PNG\\r\\n\\x1a\\n" + b"\\x00\\x00\\x00\\rIHDR" + struct.pack(">II", 640, 480))
        (640, 480)
    """
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", png[16:24])


def image_size(src: str, page, files) -> tuple[int, int] | None:
    """Intrinsic size of the image at `src` (a data: URI or a file of the build)."""
    if src.startswith("data:image/png;base64,"):
        return png_size(base64.b64decode(src.split(",", 1)[1][:64]))
    target = (pathlib.PurePosixPath(page.file.src_uri).parent / src).as_posix() if page else src
    file = files.get_file_from_path(_normalise(target)) if files else None
    if file is None or not file.abs_src_path:
        return None
    data = pathlib.Path(file.abs_src_path).read_bytes()
    return svg_size(data) if file.src_uri.endswith(".svg") else png_size(data[:32])


def _normalise(path: str) -> str:
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts = parts[:-1]
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


def sized_images(html: str, size_of) -> str:
    """`html` with each `<img>` lacking a width given `width`, `height` (via `size_of(src)`) and lazy loading.

    Examples:
        >>> sized_images('<p><img alt="a" src="x.svg"></p>', lambda src: (4, 3))
        '<p><img alt="a" src="x.svg" width="4" height="3" loading="lazy" decoding="async"></p>'
    """

    def fix(match: re.Match) -> str:
        attrs = match[1]
        src = SRC.search(attrs)
        size = size_of(src[1]) if src else None
        extra = f' width="{size[0]}" height="{size[1]}"' if size else ""
        if "loading=" not in attrs:
            extra += ' loading="lazy" decoding="async"'
        return f"<img{attrs}{extra}>"

    return IMG.sub(fix, html)


def on_page_content(html: str, page, config, files) -> str:
    """MkDocs hook: sized, lazily loaded images; notebook code cells out of the search index."""
    if getattr(page, "nb_url", None) is not None:
        html = PRE.sub("<pre data-search-exclude", html).replace(COPY_TEXT, '<div data-search-exclude class="clipboard-copy-txt"')
    return sized_images(html, lambda src: image_size(src, page, files))


def utf8_index(path: pathlib.Path) -> None:
    """Rewrite the JSON file at `path` with raw UTF-8 instead of `\\uXXXX` escapes (same data)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_post_build(config) -> None:
    """MkDocs hook: the search index as UTF-8."""
    index = pathlib.Path(config["site_dir"]) / "search" / "search_index.json"
    if index.exists():
        utf8_index(index)
