"""Snippet includes, resolved by the render step so that no engine needs pymdownx.snippets.

A line `--8<-- "path"` includes a whole file; `--8<-- "path:section"` includes the lines
between `# --8<-- [start:section]` and `# --8<-- [end:section]`, dedented (as
pymdownx.snippets with `dedent_subsections`). Other section markers inside are dropped,
and every included line gets the indentation of the include line, so includes work
inside admonitions and tabs.

>>> render_markdown_includes('    --8<-- "snippets/gan/value-function.txt"').startswith("    >>> ")
True
"""

from __future__ import annotations

import pathlib
import re
import textwrap

ROOT = pathlib.Path(__file__).resolve().parents[1]
INCLUDE_LINE = re.compile(r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>[^":]+)(?::(?P<section>[\w.-]+))?"[ \t]*$')
SECTION_MARKER = re.compile(r"^\s*#?\s*--8<--\s*\[(?P<kind>start|end):(?P<name>[\w.-]+)\]\s*$")


def section_lines(path: pathlib.Path, section: str) -> list[str]:
    """The lines of `section` in `path`, without any section markers, dedented."""
    lines, inside, found = [], False, False
    for line in path.read_text(encoding="utf-8").splitlines():
        marker = SECTION_MARKER.match(line)
        if marker and marker["name"] == section:
            inside, found = marker["kind"] == "start", True
            if not inside:
                break
        elif inside and not marker:
            lines.append(line)
    if not found or not lines:
        raise ValueError(f"{path.relative_to(ROOT)}: no section {section!r}")
    return textwrap.dedent("\n".join(lines)).split("\n")


def whole_file_lines(path: pathlib.Path) -> list[str]:
    """Every line of `path` except section markers."""
    return [line for line in path.read_text(encoding="utf-8").splitlines() if not SECTION_MARKER.match(line)]


def render_code_include(path: str, section: str | None, lang: str) -> str:
    """The Markdown an embedded file (or one section of it) becomes on a page in `lang`.

    Today this is the code as it stands; it is the one place where embedded code is turned
    into Markdown, so literate rendering or comment translation belongs here.
    """
    source = ROOT / path
    if not source.is_file():
        raise FileNotFoundError(f"included file {path!r} does not exist")
    return "\n".join(section_lines(source, section) if section else whole_file_lines(source))


def render_markdown_includes(text: str, lang: str = "zh") -> str:
    """`text` with every include line replaced by the included lines, indented like the include."""
    out = []
    for line in text.split("\n"):
        include = INCLUDE_LINE.match(line)
        if include is None:
            out.append(line)
            continue
        body = render_code_include(include["path"], include["section"], lang)
        out.extend(include["indent"] + piece if piece else "" for piece in body.split("\n"))
    return "\n".join(out)
