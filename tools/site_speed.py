"""What makes pages light and the search index lean, done without engine hooks.

* The render step (`size_images`) gives every image of the rendered Markdown its
  intrinsic size and lazy loading as attr_list attributes,
  `![…](x.svg){ width="614" height="313" loading=lazy }`, read from the file it wrote
  (the SVG's width/height, the PNG's header), so the browser reserves the space and
  fetches off-screen figures late (Lighthouse: "unsized images", "offscreen images").
* After the engine, `tools/site.py` rewrites `search/search_index.json` as UTF-8
  (`utf8_index`): Material writes `\\uXXXX` escapes, six bytes for every CJK character
  instead of three.
"""

from __future__ import annotations

import json
import pathlib
import re
import struct
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from katex_math import split_fenced  # noqa: E402

IMAGE = re.compile(r"!\[[^\]\n]*\]\((?P<src>[^)\s]+)(?:\s+\"[^\"\n]*\")?\)(?![{])")
SVG_TAG = re.compile(rb"<svg\b[^>]*>", re.S)
LENGTH = re.compile(rb'\b(width|height)="\s*([\d.]+)\s*(px|pt)?\s*"')
VIEWBOX = re.compile(rb'\bviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"')
CSS_PX = {b"px": 1.0, b"pt": 4 / 3, None: 1.0}  # the CSS pixels a unit is worth


def svg_size(svg: bytes) -> tuple[int, int] | None:
    """(width, height) in CSS pixels of an SVG's root element (its width/height, else its viewBox); None without either.

    Examples:
        >>> svg_size(b'<svg width="460.8pt" height="345.6pt" viewBox="0 0 460.8 345.6">')
        (614, 461)
        >>> svg_size(b'<svg viewBox="0 0 40 30">'), svg_size(b"<p>")
        ((40, 30), None)
    """
    if not isinstance(svg, bytes):
        raise TypeError(f"svg must be bytes, got {type(svg).__name__}")
    root = SVG_TAG.search(svg[:8000])
    if root is None:
        return None
    lengths = {name: float(value) * CSS_PX[unit] for name, value, unit in LENGTH.findall(root.group(0))}
    if {b"width", b"height"} <= lengths.keys():
        return round(lengths[b"width"]), round(lengths[b"height"])
    box = VIEWBOX.search(root.group(0))
    return (round(float(box[1])), round(float(box[2]))) if box else None


def png_size(png: bytes) -> tuple[int, int] | None:
    """(width, height) from a PNG's IHDR chunk; None when `png` is not a PNG.

    Examples:
        >>> png_size(b"\\x89PNG\\r\\n\\x1a\\n" + b"\\x00\\x00\\x00\\rIHDR" + struct.pack(">II", 640, 480))
        (640, 480)
    """
    if not isinstance(png, bytes):
        raise TypeError(f"png must be bytes, got {type(png).__name__}")
    if png[:8] != b"\x89PNG\r\n\x1a\n" or png[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", png[16:24])


def image_size(path: pathlib.Path) -> tuple[int, int] | None:
    """Intrinsic size of the SVG or PNG at `path`; None for another kind of file or a missing one."""
    if not path.is_file():
        return None
    data = path.read_bytes()
    return svg_size(data) if path.suffix == ".svg" else png_size(data[:32]) if path.suffix == ".png" else None


def sized_images(markdown: str, folder: pathlib.Path) -> str:
    """`markdown` (a page in `folder`) with each image outside code given its size and lazy loading.

    An image whose file is not found (or that already has attributes) is left as it is.
    """

    def sized(match: re.Match) -> str:
        size = image_size(folder / match["src"])
        return f'{match.group(0)}{{ width="{size[0]}" height="{size[1]}" loading=lazy }}' if size else match.group(0)

    lines = []
    for inside, run in split_fenced(markdown):
        lines += run if inside else [IMAGE.sub(sized, line) for line in run]
    return "\n".join(lines)


def size_images(folder: pathlib.Path) -> None:
    """Size the images of every `.md` file below `folder` (a rendered language tree), in place."""
    for page in sorted(folder.rglob("*.md")):
        text = page.read_text(encoding="utf-8")
        if (sized := sized_images(text, page.parent)) != text:
            page.write_text(sized, encoding="utf-8")


def utf8_index(path: pathlib.Path) -> None:
    """Rewrite the JSON file at `path` with raw UTF-8 instead of `\\uXXXX` escapes (same data)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
