"""What the copy button of a code block puts on the clipboard, emulated for the tests.

`docs/overrides/assets/javascripts/copy-doctest.js` does the same in the browser; the two
follow one rule each, written out below, and `tests/test_copy.py` runs what they produce in
the plain `python` REPL (reading stdin, as a paste does) and as a file.

Doctest (`pycon`) block: the source of each example (`>>> ` line and the `... ` lines right
after it), prompts removed, expected output left out, and a blank line after every example
that runs over several lines, because the REPL ends a compound statement (`for`, `with`,
`def`) only at a blank line. A one-line compound statement (`>>> for x in y: f(x)`) would
need one too; snippets do not use it (tested), so the rule stays structural and the
browser needs no Python parser.

Library (`python`) block: the import prefix (`tools/literate.copy_prefix`), then the code.
Blank lines inside a class or function body are dropped (in the REPL they would end the
class before its next method) and one blank line follows every top-level compound statement.
"""

from __future__ import annotations

import io
import re
import tokenize

_PS1 = re.compile(r">>>( |$)")
_PS2 = re.compile(r"\.\.\.( |$)")


def doctest_examples(text: str) -> list[list[str]]:
    """The source lines of each example of a doctest, prompts removed.

    A `...` line continues an example only right after its `>>>` line or another `...`
    line; after output it is output (as in a traceback).

    >>> doctest_examples(">>> for i in range(2):\\n...     i\\n0\\n1\\n>>> 1\\n1\\n")
    [['for i in range(2):', '    i'], ['1']]
    """
    examples: list[list[str]] = []
    in_source = False
    for line in text.split("\n"):  # as the browser splits it
        if _PS1.match(line):
            examples.append([line[4:]])
            in_source = True
        elif in_source and _PS2.match(line):
            if line[4:].strip():  # a bare `...` would be a blank line, which ends a block in the REPL
                examples[-1].append(line[4:])
        else:
            in_source = False
    return examples


def copy_doctest(text: str) -> str:
    """What the copy button of a doctest block copies: runnable in the REPL, a file or a notebook.

    >>> print(copy_doctest(">>> for i in range(2):\\n...     i\\n0\\n1\\n>>> 1\\n1\\n"), end="")
    for i in range(2):
        i
    <BLANKLINE>
    1
    """
    lines: list[str] = []
    for example in doctest_examples(text):
        lines += example + ([""] if len(example) > 1 else [])
    return "\n".join(lines) + "\n"  # a last compound example keeps its blank line


def _string_rows(code: str) -> set[int]:
    """0-based rows that lie inside a multi-line string, after its first row."""
    rows: set[int] = set()
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.STRING and token.end[0] > token.start[0]:
            rows.update(range(token.start[0], token.end[0]))  # 1-based start → 0-based rows after it
    return rows


def _block_ends(code: str) -> set[int]:
    """0-based last rows of top-level compound statements (where the REPL needs a blank line)."""
    ends: set[int] = set()
    depth, last_row, last_depth = 0, -1, 0
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        if token.type == tokenize.INDENT:
            depth += 1
        elif token.type == tokenize.DEDENT:
            depth -= 1
        elif token.type == tokenize.NEWLINE:
            last_row, last_depth = token.start[0] - 1, depth
        elif token.type not in (tokenize.NL, tokenize.COMMENT) and depth == 0 and last_depth > 0:
            ends.add(last_row)
            last_depth = 0
    if last_depth > 0:
        ends.add(last_row)
    return ends


def copy_python(code: str, prefix: str = "") -> str:
    """What the copy button of an embedded library block copies: `prefix`, then `code`, REPL-safe.

    >>> print(copy_python("class A:\\n    x = 1\\n\\n    y = 2\\nA.y\\n", "import math\\n"), end="")
    import math
    <BLANKLINE>
    class A:
        x = 1
        y = 2
    <BLANKLINE>
    A.y
    """
    inside, ends = _string_rows(code), _block_ends(code)
    lines: list[str] = []
    for row, line in enumerate(code.splitlines()):
        if line.strip() or row in inside:
            lines.append(line)
        if row in ends:
            lines.append("")
    body = "\n".join(lines) + "\n"
    return (prefix.rstrip("\n") + "\n\n" if prefix.strip() else "") + body
