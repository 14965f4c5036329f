"""Comment density of the library code that pages embed, per module.

For every `--8<-- [start:…]` section of `src/genai_notes/`: code lines (lines holding code,
docstrings left out: they are prose on the page) and comment lines (lines holding a comment,
full-line or after code; section and annotation markers left out). The aim (issue 11,
labml-style annotation) is at least one comment line per three code lines.

    python benchmarks/comment_density.py
"""

from __future__ import annotations

import ast
import io
import sys
import tokenize
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from comments import is_marker  # noqa: E402
from literate import sections  # noqa: E402

AIM = 1 / 3
SKIPPED = (tokenize.COMMENT, tokenize.NL, tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT, tokenize.ENDMARKER)


def _docstring_rows(tree: ast.AST) -> set[int]:
    rows: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                rows |= set(range(first.lineno, first.end_lineno + 1))
    return rows


def count(code: str) -> tuple[int, int]:
    """(code lines, comment lines) of a piece of Python, docstrings not counted."""
    docstrings = _docstring_rows(ast.parse(code))
    code_rows, comment_rows = set(), set()
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        rows = set(range(token.start[0], token.end[0] + 1)) - docstrings
        if token.type == tokenize.COMMENT:
            body = token.string.lstrip("#:").strip()
            if body and not is_marker(body):
                comment_rows |= rows
        elif token.type not in SKIPPED:
            code_rows |= rows
    return len(code_rows), len(comment_rows)


def main() -> None:
    print(f"{'module':<34} {'sections':>8} {'code':>6} {'comments':>9} {'ratio':>6}  aim ≥ {AIM:.2f}")
    total_code = total_comments = 0
    for path in sorted((ROOT / "src" / "genai_notes").rglob("*.py")):
        found = sections(path)
        if not found:
            continue
        code, comments = map(sum, zip(*(count(text) for text in found.values())))
        total_code, total_comments = total_code + code, total_comments + comments
        name = path.relative_to(ROOT / "src").with_suffix("").as_posix().replace("/", ".")
        print(f"{name:<34} {len(found):>8} {code:>6} {comments:>9} {comments / code:>6.2f}  {'ok' if comments / code >= AIM else 'below'}")
    print(f"{'all':<34} {'':>8} {total_code:>6} {total_comments:>9} {total_comments / total_code:>6.2f}")


if __name__ == "__main__":
    main()
