"""Snippet includes, resolved by the render step so that no engine needs pymdownx.snippets.

A line `--8<-- "path"` includes a whole file; `--8<-- "path:section"` includes the lines
between `# --8<-- [start:section]` and `# --8<-- [end:section]`, dedented (as
pymdownx.snippets with `dedent_subsections`). Other section markers inside are dropped,
and every included line gets the indentation of the include line, so includes work
inside admonitions and tabs.

What a page shows is in its language (`tools/comments.py`, catalog `docs/comments/zh/*.yml`):

* a ```` ```python ```` fence that holds one library section (`src/...py:section`) becomes
  the literate rendering of that section (`tools/literate.render_section`: docstring prose
  and math beside the code, argument checks folded, copy text with its imports);
* any other included code (doctests in ```` ```pycon ````, whole files) keeps its code and
  gets its comments translated.

>>> render_markdown_includes('    --8<-- "snippets/gan/value-function.txt"').startswith("    >>> ")
True
"""

from __future__ import annotations

import pathlib
import re
import sys
import textwrap

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

import comments  # noqa: E402
import literate  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[1]
INCLUDE_LINE = re.compile(r'^(?P<indent>[ \t]*)--8<--[ \t]+"(?P<path>[^":]+)(?::(?P<section>[\w.-]+))?"[ \t]*$')
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<ticks>`{3,}|~{3,})[ \t]*(?P<info>[^`\n]*)$")
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
    """The code an include line stands for on a page in `lang`: comments translated, code as it is."""
    source = ROOT / path
    if not source.is_file():
        raise FileNotFoundError(f"included file {path!r} does not exist")
    code = "\n".join(section_lines(source, section) if section else whole_file_lines(source))
    return comments.translate(code, lang, comments.page_catalog(lang), doctest=source.suffix == ".txt")


def render_library_section(path: str, section: str, lang: str) -> str:
    """The Markdown a fence holding one library section becomes: its literate rendering."""
    source = ROOT / path
    if not source.is_file():
        raise FileNotFoundError(f"included file {path!r} does not exist")
    return literate.render_section(source, section, lang, comments.page_catalog(lang)).rstrip("\n")


def library_fence(lines: list[str], start: int) -> re.Match | None:
    """The include of a ```` ```python ```` fence at `start` made of one library section include, else None."""
    opener = FENCE.match(lines[start])
    if not opener or opener["info"].strip() != "python" or start + 2 >= len(lines):
        return None
    include, closer = INCLUDE_LINE.match(lines[start + 1]), FENCE.match(lines[start + 2])
    if not (include and closer and include["section"] and include["path"].startswith("src/")):
        return None
    same = closer["indent"] == opener["indent"] == include["indent"] and closer["ticks"] == opener["ticks"]
    return include if same and not closer["info"].strip() else None


def render_markdown_includes(text: str, lang: str = "zh") -> str:
    """`text` with every include resolved, indented like the include (a library section fence: literately)."""
    lines, out, k = text.split("\n"), [], 0
    while k < len(lines):
        if (library := library_fence(lines, k)) is not None:
            body, k = render_library_section(library["path"], library["section"], lang), k + 3
        elif (include := INCLUDE_LINE.match(lines[k])) is not None:
            body, k = render_code_include(include["path"], include["section"], lang), k + 1
        else:
            out.append(lines[k])
            k += 1
            continue
        indent = (library or include)["indent"]
        out.extend(indent + piece if piece else "" for piece in body.split("\n"))
    return "\n".join(out)
