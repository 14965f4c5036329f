"""Literate rendering of an embedded library section: prose and math beside the code.

`render_section(path, section, lang, catalog)` turns one `--8<-- [start:name]` section of
a library module into Markdown for a page (Material, `md_in_html`, KaTeX through arithmatex):

* each function, class and method becomes a row: its docstring as rendered prose and math
  on the left (above it on a narrow screen), its signature and body as code on the right;
  the doctest `Examples:` stay out of the page's code (they are tested, and shown on the
  API pages);
* argument checks (calls into `genai_notes._validate`, functions named `check_*`/`_check*`,
  `if …: raise` guards) are folded behind one code annotation (Material's `# (1)!` marker)
  when a function has more than one, so the lines that compute the math read in one piece;
* comments are in the page's language (`tools/comments.py`), and every code block of the
  section copies the whole section with the imports it needs (`copy_prefix`), REPL-safe
  (`tools/copy_text.py`), through `data-copy-text` on the wrapper (`copy-doctest.js`).

Only documented parsers read the code: `ast` for the structure, `tokenize` (in
`tools/comments.py`) for the comments and the section markers.
"""

from __future__ import annotations

import ast
import builtins
import html
import io
import re
import sys
import textwrap
import tokenize
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from comments import translate  # noqa: E402
from copy_text import copy_python  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
_MARKER = re.compile(r"#\s*--8<--\s*\[(start|end):([\w.-]+)\]\s*$")
_SECTION_HEADER = re.compile(r"(Examples?|Doctests?):\s*$")
#: A function gets its argument checks folded when they take more lines than this.
FOLD_MORE_THAN = 1
CHECKS_SHORT = {"zh": "參數檢查。", "en": "Argument checks."}
CHECKS_LABEL = {
    "zh": "參數檢查：不合法的輸入會引發 `ValueError` 或 `TypeError`，訊息指明是哪個參數、錯在哪裡。",
    "en": "Argument checks: bad input raises a `ValueError` or `TypeError` that names the argument and what was wrong.",
}


# --- sections ---------------------------------------------------------------------------


def sections(path: Path) -> dict[str, str]:
    """The named `--8<-- [start:name]` … `[end:name]` sections of a Python file, in order, dedented."""
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
            found[name] = textwrap.dedent("".join(lines[starts.pop(name):row]))
    return found


def module_name(path: Path) -> str:
    """`src/genai_notes/figures/gan.py` → `genai_notes.figures.gan`."""
    parts = Path(path).resolve().with_suffix("").parts
    return ".".join(parts[parts.index("genai_notes"):])


# --- the import prefix of a copied section ----------------------------------------------


def _module_imports(tree: ast.Module) -> dict[str, tuple[str, str | None, str]]:
    """Bound name → (module, imported name or None for `import x`, alias) for top-level imports."""
    bound: dict[str, tuple[str, str | None, str]] = {}
    for node in tree.body:
        if isinstance(node, ast.Import):
            for alias in node.names:
                bound[alias.asname or alias.name.split(".")[0]] = (alias.name, None, alias.asname or "")
        elif isinstance(node, ast.ImportFrom) and node.module != "__future__":
            for alias in node.names:
                bound[alias.asname or alias.name] = (node.module or "", alias.name, alias.asname or "")
    return bound


def _defined_names(nodes: list[ast.stmt]) -> set[str]:
    """Names that top-level statements bind: functions, classes, assignments."""
    names: set[str] = set()
    for node in nodes:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names |= {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    return names


def _import_line(module: str, name: str | None, alias: str) -> str:
    if name is None:
        return f"import {module}" + (f" as {alias}" if alias else "")
    return f"from {module} import {name}" + (f" as {alias}" if alias else "")


def copy_prefix(path: Path, section: str) -> str:
    """The import lines that the code of `section` needs to run in a file after `pip install genai-notes`.

    Module-level imports that the section uses, in the module's order, then
    `from genai_notes.<module> import <name>` for the module-level helpers, constants and
    classes it uses but does not define. `from __future__ import annotations` comes first
    when the module has it (annotations may name classes defined later).
    """
    tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    code_tree = ast.parse(sections(path)[section])
    used = {n.id for n in ast.walk(code_tree) if isinstance(n, ast.Name)} - _defined_names(code_tree.body)
    imports, local = _module_imports(tree), _defined_names(tree.body)
    lines = ["from __future__ import annotations"] if any(
        isinstance(n, ast.ImportFrom) and n.module == "__future__" for n in tree.body) else []
    lines += [_import_line(*imports[name]) for name in imports if name in used]
    helpers = sorted(name for name in used & local if name not in imports and not hasattr(builtins, name))
    if helpers:
        lines.append(f"from {module_name(path)} import {', '.join(helpers)}")
    return "\n".join(lines) + "\n" if lines else ""


# --- argument checks --------------------------------------------------------------------


def _check_names(tree: ast.Module) -> set[str]:
    """The names a module calls to check arguments: everything it imports from `genai_notes._validate`."""
    return {alias.asname or alias.name for node in tree.body if isinstance(node, ast.ImportFrom)
            and node.module == "genai_notes._validate" for alias in node.names} | {"_validate"}


def _is_check_call(node: ast.AST, checks: set[str]) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
    base = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
    return name in checks or base == "_validate" or name.startswith(("check_", "_check"))


def is_check(node: ast.stmt, checks: set[str]) -> bool:
    """True for a statement that only checks arguments.

    A call to a check as a statement, a name re-bound to its own checked value
    (`mu = check_count(mu, "mu", 1)`), an `if` whose body only raises, or a loop made of checks.
    """
    if isinstance(node, ast.Expr):
        return _is_check_call(node.value, checks)
    if isinstance(node, ast.Assign) and _is_check_call(node.value, checks) and node.value.args:
        first, (target, *more) = node.value.args[0], node.targets
        return not more and isinstance(first, ast.Name) and isinstance(target, ast.Name) and target.id == first.id
    if isinstance(node, ast.If):
        return not node.orelse and all(isinstance(s, ast.Raise) or is_check(s, checks) for s in node.body)
    if isinstance(node, ast.For):
        return not node.orelse and all(is_check(s, checks) for s in node.body)
    return False


# --- rows: prose beside code ------------------------------------------------------------


@dataclass
class Row:
    """One row of the literate layout: prose (Markdown, may be empty) and the code it explains."""

    prose: str
    code: str
    checks: list[str]  #: folded argument checks, one code text per `# (n)!` marker in `code`


def docstring_prose(node: ast.AST) -> str:
    """The docstring of `node` without its `Examples:` section (cleaned, Markdown)."""
    doc = ast.get_docstring(node, clean=True) or ""
    kept, skipping = [], False
    for line in doc.splitlines():
        if _SECTION_HEADER.match(line):
            skipping = True
        elif skipping and line.strip() and not line.startswith((" ", "\t")):
            skipping = False
        if not skipping:
            kept.append(line)
    return "\n".join(kept).strip()


def _docstring_rows(node: ast.AST) -> set[int]:
    """1-based lines of the docstring of `node` (empty if it has none)."""
    body = node.body if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) else []
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) and isinstance(
            body[0].value.value, str) and len(body) > 1:
        return set(range(body[0].lineno, body[0].end_lineno + 1))
    return set()


def _start(node: ast.stmt) -> int:
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno] + [d.lineno for d in decorators])


def _function_row(node: ast.FunctionDef, lines: list[str], first: int, checks: set[str]) -> Row:
    """A function (or method) from line `first` (1-based, comments above it included)."""
    skip = _docstring_rows(node)
    guards = [s for s in node.body if is_check(s, checks)]
    folded: list[str] = []
    guard_rows: dict[int, int] = {}  # first line of a run of checks → its marker number
    if sum(g.end_lineno - g.lineno + 1 for g in guards) > FOLD_MORE_THAN:
        run_start = None
        for statement in node.body:
            if statement in guards:
                rows = range(statement.lineno, statement.end_lineno + 1)
                if run_start is None:
                    run_start = statement.lineno
                    guard_rows[run_start] = len(folded) + 1
                    folded.append("")
                folded[-1] += "".join(lines[r - 1] for r in rows)
                skip |= set(rows) - {run_start}
            else:
                run_start = None
    code = []
    for row in range(first, node.end_lineno + 1):
        if row in guard_rows:
            indent = lines[row - 1][: len(lines[row - 1]) - len(lines[row - 1].lstrip())]
            code.append(f"{indent}# ({guard_rows[row]})!\n")
        elif row not in skip:
            code.append(lines[row - 1])
    return Row(docstring_prose(node), _strip_blank("".join(code)), [textwrap.dedent(f) for f in folded])


def _strip_blank(code: str) -> str:
    return "\n".join(line.rstrip() for line in code.strip("\n").splitlines()) + "\n"


def section_rows(path: Path, section: str) -> list[Row]:
    """The rows of a section: one per function, class header and method; other statements as code."""
    code = sections(path)[section]
    lines = code.splitlines(keepends=True)
    tree = ast.parse(code)
    checks = _check_names(ast.parse(Path(path).read_text(encoding="utf-8")))
    rows: list[Row] = []
    pending = 1  # first line not yet shown (comments and blank lines before a statement go with it)

    def plain(first: int, last: int) -> None:
        text = _strip_blank("".join(lines[first - 1:last]))
        if text.strip():
            if rows and not rows[-1].prose and not rows[-1].checks and not rows[-1].code.lstrip().startswith(
                    ("def ", "class ", "@", "async ")):
                rows[-1].code += "\n" + text  # consecutive plain statements share one block
            else:
                rows.append(Row("", text, []))

    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            rows.append(_function_row(node, lines, pending, checks))
        elif isinstance(node, ast.ClassDef):
            rows.extend(_class_rows(node, lines, pending, checks))
        else:
            plain(pending, node.end_lineno)
        pending = node.end_lineno + 1
    return rows


def _class_rows(node: ast.ClassDef, lines: list[str], first: int, checks: set[str]) -> list[Row]:
    """A class: its header and fields beside the class docstring, then one row per method."""
    methods = [s for s in node.body if isinstance(s, (ast.FunctionDef, ast.AsyncFunctionDef))]
    header_end = _start(methods[0]) - 1 if methods else node.end_lineno
    skip = _docstring_rows(node)
    header = "".join(lines[r - 1] for r in range(first, header_end + 1) if r not in skip)
    rows = [Row(docstring_prose(node), _strip_blank(header), [])]
    pending = header_end + 1
    for statement in node.body:
        if statement.lineno < pending:
            continue  # the docstring and the fields are in the header
        if statement in methods:
            rows.append(_function_row(statement, lines, pending, checks))
        else:
            rows.append(Row("", _strip_blank("".join(lines[pending - 1:statement.end_lineno])), []))
        pending = statement.end_lineno + 1
    return rows


def section_code(path: Path, section: str) -> str:
    """The code of a section as a reader copies it: docstrings left out, nothing else."""
    return drop_docstrings(sections(path)[section])


def drop_docstrings(code: str) -> str:
    """`code` without its docstrings (and the blank lines they leave at its ends)."""
    lines = code.splitlines(keepends=True)
    skip: set[int] = set()
    for node in ast.walk(ast.parse(code)):
        skip |= _docstring_rows(node)
    return _strip_blank("".join(line for row, line in enumerate(lines, 1) if row not in skip))


# --- Markdown ---------------------------------------------------------------------------


def translate_prose(prose: str, lang: str, catalog: Mapping[str, str]) -> str:
    """Docstring prose in `lang`: each paragraph through the catalog, English where it has none yet."""
    if lang == "en" or not prose:
        return prose
    paragraphs = re.split(r"\n\s*\n", prose)
    return "\n\n".join(catalog.get(" ".join(p.split()), p) for p in paragraphs)  # keys as in comments.prose_paragraphs


def _attribute(value: str) -> str:
    return html.escape(value, quote=True).replace("\n", "&#10;")


def _fence(code: str, annotate: bool) -> str:
    ticks = "```"
    while ticks in code:
        ticks += "`"
    info = " { .python .annotate }" if annotate else "python"  # annotations: Material's `# (1)!` markers
    return f"{ticks}{info}\n{code.rstrip()}\n{ticks}\n"


def _row_markdown(row: Row, lang: str, catalog: Mapping[str, str]) -> str:
    code = translate(row.code, lang, catalog)
    parts = [_fence(code, bool(row.checks))]
    for k, check in enumerate(row.checks, 1):
        label = (CHECKS_LABEL if k == 1 else CHECKS_SHORT).get(lang, CHECKS_LABEL["en"])
        body = textwrap.indent(_fence(translate(check, lang, catalog), False), "    ")
        parts.append(f"{k}.  {label}\n\n{body}")
    prose = translate_prose(row.prose, lang, catalog)
    side = "literate-prose" + ("" if prose else " literate-prose--empty")
    return (f'<div class="literate-row" markdown>\n<div class="{side}" markdown>\n\n{prose}\n\n</div>\n'
            f'<div class="literate-code" markdown>\n\n' + "\n".join(parts) + "\n</div>\n</div>\n")


def render_section(path: Path, section: str, lang: str, catalog: Mapping[str, str]) -> str:
    """Markdown for one embedded library section, in `lang` (`"zh"` or `"en"`).

    A `<div class="literate">` (styled by `assets/stylesheets/literate.css`) of rows, each a
    prose column (the docstring, math as `$…$`/`$$…$$` for KaTeX) and a code column (the
    signature and body without docstring or doctest, checks folded). The wrapper carries
    `data-copy-text`: the whole section with its imports, as the copy button copies it.
    Comments missing from `catalog` raise `comments.MissingTranslation` (for `lang != "en"`).
    """
    path = Path(path)
    rows = section_rows(path, section)
    copied = copy_python(translate(section_code(path, section), lang, catalog), copy_prefix(path, section))
    body = "\n".join(_row_markdown(row, lang, catalog) for row in rows)
    return (f'<div class="literate" data-section="{_attribute(module_name(path))}:{_attribute(section)}" '
            f'data-copy-text="{_attribute(copied)}" markdown>\n\n{body}\n</div>\n')


if __name__ == "__main__":  # python tools/literate.py src/genai_notes/entropy.py softmax zh
    from comments import load_catalog

    target, name, language = sys.argv[1], sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else "en"
    print(render_section(Path(target), name, language, load_catalog("zh") if language != "en" else {}))
