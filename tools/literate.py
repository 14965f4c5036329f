"""Literate rendering of embedded library code (placeholder, filled below)."""

from __future__ import annotations

import io
import re
import tokenize
from pathlib import Path

_MARKER = re.compile(r"#\s*--8<--\s*\[(start|end):([\w.-]+)\]\s*$")


def sections(path: Path) -> dict[str, str]:
    """The named `--8<-- [start:name]` … `[end:name]` sections of a Python file, in order."""
    text = Path(path).read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    starts: dict[str, int] = {}
    found: dict[str, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(text).readline):
        match = token.type == tokenize.COMMENT and _MARKER.match(token.string)
        if not match:
            continue
        kind, name, row = match.group(1), match.group(2), token.start[0] - 1
        if kind == "start":
            starts[name] = row + 1
        elif name in starts:
            found[name] = "".join(lines[starts.pop(name):row])
    return found
