"""Figures for the notes, drawn by code when the site is built.

A figure is a function `(lang) -> matplotlib.figure.Figure` registered under a
name with `@figure("name")`; `lang` is `"zh"` or `"en"` and picks the labels.
The docs build renders every figure to `figures/<name>.svg` in each language's
site, so a page shows it with `![...](../figures/<name>.svg)`.

>>> from matplotlib.figure import Figure
>>> from genai_notes.figures import FIGURES, figure
>>> @figure("demo-empty")
... def empty(lang: str) -> Figure:
...     return Figure()
>>> FIGURES["demo-empty"] is empty
True
>>> @figure("demo-empty")
... def another(lang: str) -> Figure:
...     return Figure()
Traceback (most recent call last):
...
ValueError: figure name 'demo-empty' is registered twice
>>> del FIGURES["demo-empty"]
"""

from __future__ import annotations

import importlib
import io
import pkgutil
import warnings
from typing import Callable

from matplotlib.figure import Figure

LANGUAGES = ("zh", "en")
#: Fonts with Chinese glyphs, as Linux, Windows and macOS name them, then the Latin default:
#: matplotlib takes each glyph from the first font in the list that has it.
CJK_FONTS = (
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Microsoft JhengHei",
    "PingFang TC",
    "DejaVu Sans",
)
FIGURES: dict[str, Callable[[str], Figure]] = {}

# Text stays text in the SVG, so the reader's browser draws the Chinese labels
# with its own fonts; the build machine needs no CJK font.
_STYLE = {
    "svg.fonttype": "none",
    "svg.hashsalt": "genai-notes",
    "font.family": "sans-serif",
    "font.sans-serif": list(CJK_FONTS),
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def use_cjk_fonts() -> str | None:
    """Let matplotlib draw Chinese labels: put `CJK_FONTS` first in `font.sans-serif`.

    Returns the first Chinese font this machine has, or `None` where it has none
    (then labels show as boxes: install one, e.g. `apt install fonts-noto-cjk`
    on Linux or Colab, and restart the kernel).

    Examples:
        >>> from genai_notes.figures import CJK_FONTS, use_cjk_fonts
        >>> use_cjk_fonts() in (None, *CJK_FONTS)
        True
        >>> import matplotlib.pyplot as plt
        >>> plt.rcParams["font.sans-serif"][0]
        'Noto Sans CJK TC'
    """
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    plt.rcParams["font.sans-serif"] = list(CJK_FONTS)
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((f for f in CJK_FONTS[:-1] if f in installed), None)


def figure(
    name: str,
) -> Callable[[Callable[[str], Figure]], Callable[[str], Figure]]:
    """Register a figure function under `name` (used as the file name)."""

    def register(draw: Callable[[str], Figure]) -> Callable[[str], Figure]:
        # The same function may be registered again when its module is imported a second
        # time under another name (pytest's importlib mode does that); two functions may not.
        existing = FIGURES.get(name)
        if existing is not None and _origin(existing) != _origin(draw):
            raise ValueError(f"figure name {name!r} is registered twice")
        FIGURES[name] = draw
        return draw

    return register


def _origin(draw: Callable) -> tuple[str, str]:
    return draw.__code__.co_filename, draw.__qualname__


def load_all() -> dict[str, Callable[[str], Figure]]:
    """Import every figure module in this package and return the registry."""
    for module in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{module.name}")
    return FIGURES


def render_svg(name: str, lang: str) -> str:
    """Draw figure `name` with `lang` labels and return it as SVG text."""
    import matplotlib

    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    draw = load_all().get(name)
    if draw is None:
        raise ValueError(f"name must be a registered figure, got {name!r}")
    with matplotlib.rc_context(_STYLE), warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="Glyph .* missing from font")
        buffer = io.StringIO()
        draw(lang).savefig(
            buffer, format="svg", bbox_inches="tight", metadata={"Date": None}
        )
    return buffer.getvalue()
