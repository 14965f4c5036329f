"""Code comments in the reader's language, from one source.

The code exists once, with English comments. `docs/comments/zh/*.yml` maps each English
comment to its zh-TW translation, and `translate` swaps the comments of a piece of code
(Python source, or a doctest snippet) at render time, leaving every token of code as it is.

A *comment* here is one unit of meaning: an inline comment after code, or a block of
full-line comments at the same column on consecutive lines (one sentence often runs over
two lines). Its key in the catalog is its text, the lines joined with single spaces.
A translation may hold newlines: a block is then written as that many comment lines.

Comments that carry no language (`# (5 - 1)²`, code-annotation markers `# (1)!`, the
`--8<--` section markers, `noqa`/`type:` pragmas) are never looked up.

    python tools/comments.py            # list the comments that have no zh-TW translation
    python tools/comments.py --stale    # list catalog entries whose English no longer exists
    python tools/comments.py --labels   # list the English labels that tutorials print or draw
    python tools/comments.py --prose    # list the docstring paragraphs without a zh-TW translation
    python tools/comments.py --wide     # list the shown code lines wider than a code block's 80 columns
"""

from __future__ import annotations

import ast
import functools
import io
import re
import sys
import tokenize
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOG = ROOT / "docs" / "comments" / "{lang}"  # a folder of YAML files, read in name order
#: The languages the catalog translates into; English is the language of the source.
TARGETS = ("zh",)

_PROMPT = re.compile(r"[ \t]*(>>>|\.\.\.)( |$)")  # indented in a docstring
_MARK = re.compile(r"#+:?[ \t]?")
_SKIP = re.compile(r"(\(\d+\)!?|--8<--.*|noqa\b.*|type: .*|pragma\b.*|%%.*|fmt: .*)$")
_WORD = re.compile(r"[A-Za-z]{2,}")


@dataclass(frozen=True)
class Comment:
    """One comment unit: its text and where it sits (0-based lines of the given code)."""

    text: str  #: the English text, lines joined with single spaces
    first: int  #: first line (0-based)
    last: int  #: last line (0-based, inclusive)
    column: int  #: column of the `#` in the original lines
    inline: bool  #: True when code precedes it on its line
    mark: str  #: the comment marker as written (`# `, `#: `)


class MissingTranslation(KeyError):
    """Raised by `translate` when comments have no entry in the catalog."""

    def __init__(self, lang: str, missing: Iterable[str]) -> None:
        self.missing = sorted(set(missing))
        super().__init__(f"{len(self.missing)} comment(s) without a {lang} translation: {self.missing}")


def is_marker(text: str) -> bool:
    """True for a comment that is markup, not prose: `(1)!`, `--8<-- [start:x]`, `noqa`, `%%`."""
    return bool(_SKIP.match(text))


def needs_translation(text: str) -> bool:
    """True when a comment carries words (a run of two or more Latin letters) to translate.

    >>> needs_translation("(5 - 1)²"), needs_translation("every step lowers the loss")
    (False, True)
    """
    return bool(_WORD.search(text)) and not _SKIP.match(text)


def _source_view(text: str, doctest: bool) -> tuple[str, list[int]]:
    """The Python source of `text` and, per line, the column where that source starts.

    A doctest keeps its line numbering: prompts are cut off and output lines become blank.
    """
    if not doctest:
        return text, [0] * len(text.splitlines())
    lines, offsets = [], []
    for line in text.splitlines():
        match = _PROMPT.match(line)
        lines.append(line[match.end():] if match else "")
        offsets.append(match.end() if match else 0)
    return "\n".join(lines) + "\n", offsets


def _comment_tokens(source: str) -> Iterator[tuple[int, int, str, bool]]:
    """(line, column, text, inline) for every comment token of `source` (0-based lines)."""
    lines = source.splitlines()
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            row, col = token.start[0] - 1, token.start[1]
            yield row, col, token.string, bool(lines[row][:col].strip())


def comments(text: str, doctest: bool = False) -> list[Comment]:
    """The comment units of Python source (or of a doctest when `doctest` is true).

    >>> [c.text for c in comments("x = 1  # one\\n# a sentence that\\n# runs on\\ny = 2\\n")]
    ['one', 'a sentence that runs on']
    >>> comments(">>> # seen\\n>>> 1 + 1  # two\\n2\\n", doctest=True)[1].column
    11
    """
    source, offsets = _source_view(text, doctest)
    units: list[Comment] = []
    for row, col, token, inline in _comment_tokens(source):
        mark = _MARK.match(token).group()
        body = token[len(mark):].strip()
        column = col + offsets[row]
        previous = units[-1] if units else None
        joins = previous and previous.text and not _SKIP.match(previous.text) and body and not _SKIP.match(body)
        if (joins and not inline and not previous.inline and previous.last == row - 1
                and previous.column == column and previous.mark == mark):
            units[-1] = Comment(f"{previous.text} {body}", previous.first, row, column, False, mark)
        else:
            units.append(Comment(body, row, row, column, inline, mark))
    return [unit for unit in units if needs_translation(unit.text)]


def translate(code: str, lang: str, catalog: Mapping[str, str], doctest: bool = False,
              strict: bool = True) -> str:
    """`code` with its comments in `lang`; the code itself, and each `#` column, unchanged.

    English (`lang="en"`) returns `code` as it is. A comment missing from `catalog` raises
    `MissingTranslation` (all of them listed) unless `strict` is false, when it stays English.

    >>> translate("x = 1  # one\\n", "zh", {"one": "一"})
    'x = 1  # 一\\n'
    >>> translate("    # a sentence that\\n    # runs on\\n", "zh", {"a sentence that runs on": "一句話\\n分兩行"})
    '    # 一句話\\n    # 分兩行\\n'
    """
    if lang == "en":
        return code
    units = comments(code, doctest)
    missing = [unit.text for unit in units if unit.text not in catalog]
    if missing and strict:
        raise MissingTranslation(lang, missing)
    lines = code.splitlines(keepends=True)
    for unit in reversed(units):  # from the end, so earlier line numbers stay valid
        if unit.text in catalog:
            lines[unit.first:unit.last + 1] = _rewrite(lines[unit.first:unit.last + 1], unit, catalog[unit.text])
    return "".join(lines)


def _rewrite(lines: list[str], unit: Comment, translation: str) -> list[str]:
    """The lines of `unit` with `translation` in place of the comment text."""
    prefix = lines[0][:unit.column]
    ending = "\n" if lines[-1].endswith("\n") else ""
    if unit.inline:
        return [prefix + unit.mark + " ".join(translation.split("\n")) + ending]
    written = [prefix + unit.mark + part for part in translation.split("\n")]
    return [line + "\n" for line in written[:-1]] + [written[-1] + ending]


# --- the catalog and the texts it serves ------------------------------------------------


def load_catalog(lang: str = "zh", path: Path | None = None) -> dict[str, str]:
    """English comment → translation, from the YAML files in `docs/comments/<lang>/` (or the one
    file `path`), each a list of `en`/`<lang>` pairs; one file per module keeps edits apart.

    Raises `ValueError` on an entry without both fields or on an English text listed twice.
    """
    import yaml

    files = [path] if path else sorted(Path(str(CATALOG).format(lang=lang)).glob("*.yml"))
    catalog: dict[str, str] = {}
    for file in files:
        for entry in yaml.safe_load(Path(file).read_text(encoding="utf-8")) or []:
            if not isinstance(entry, dict) or not entry.get("en") or not entry.get(lang):
                raise ValueError(f"{Path(file).name}: catalog entry needs 'en' and '{lang}': {entry!r}")
            if entry["en"] in catalog:
                raise ValueError(f"catalog lists {entry['en']!r} twice (again in {Path(file).name})")
            catalog[entry["en"]] = str(entry[lang]).rstrip("\n")
    return catalog


@functools.cache
def page_catalog(lang: str) -> dict[str, str]:
    """The catalog a page in `lang` is rendered with, read once (empty for English, the source's language)."""
    return load_catalog(lang) if lang in TARGETS else {}


@dataclass(frozen=True)
class Source:
    """A piece of code that pages show: where it comes from and how to read it."""

    origin: str  #: e.g. `snippets/entropy/stability.txt` or `src/genai_notes/entropy.py:softmax`
    code: str
    doctest: bool
    #: a library section, whose docstrings the page shows as prose beside the code (tools/literate.py)
    library: bool = False


def tutorial_code_cells(path: Path) -> list[str]:
    """The source of each code cell of a jupytext percent-format tutorial."""
    import jupytext

    notebook = jupytext.reads(path.read_text(encoding="utf-8"), fmt="py:percent")
    return [cell.source for cell in notebook.cells if cell.cell_type == "code"]


def shown_sources(root: Path = ROOT) -> list[Source]:
    """Every code text a page shows: snippets, embedded library sections, tutorial code cells."""
    from literate import sections  # tools/literate.py: the `--8<--` sections of a file

    found = [Source(str(p.relative_to(root)), p.read_text(encoding="utf-8"), True)
             for p in sorted((root / "snippets").rglob("*.txt"))]
    for path in sorted((root / "src" / "genai_notes").rglob("*.py")):
        for name, code in sections(path).items():
            found.append(Source(f"{path.relative_to(root)}:{name}", code, False, library=True))
    tutorials = sorted((root / "docs" / "tutorials").glob("*.py")) or sorted((root / "docs" / "zh" / "tutorials").glob("*.py"))
    for path in tutorials:
        for k, cell in enumerate(tutorial_code_cells(path)):
            found.append(Source(f"{path.relative_to(root)}#cell{k}", cell, False))
    return found + api_examples(root)


_MATH_OR_CODE = re.compile(r"\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", re.S)


def prose_paragraphs(prose: str) -> list[str]:
    """The paragraphs of docstring prose that carry words, whitespace collapsed (their catalog keys)."""
    paragraphs = [" ".join(p.split()) for p in re.split(r"\n\s*\n", prose)]
    return [p for p in paragraphs if _WORD.search(_MATH_OR_CODE.sub("", p))]


def shown_prose(root: Path = ROOT) -> dict[str, str]:
    """Docstring paragraph → its section, for the prose column of every embedded section."""
    from literate import section_rows, sections

    found: dict[str, str] = {}
    for path in sorted((root / "src" / "genai_notes").rglob("*.py")):
        for name in sections(path):
            for row in section_rows(path, name):
                for paragraph in prose_paragraphs(row.prose):
                    found.setdefault(paragraph, f"{path.relative_to(root)}:{name}")
    return found


def untranslated(catalog: Mapping[str, str], sources: Iterable[Source]) -> dict[str, list[str]]:
    """Comment text → the places that show it, for every comment `catalog` lacks."""
    missing: dict[str, list[str]] = {}
    for source in sources:
        for unit in comments(source.code, source.doctest):
            if unit.text not in catalog:
                missing.setdefault(unit.text, []).append(source.origin)
    return missing


def stale(catalog: Mapping[str, str], sources: Iterable[Source], prose: Iterable[str] = ()) -> list[str]:
    """Catalog entries whose English no longer appears: in no shown comment, in no docstring paragraph."""
    used = {unit.text for source in sources for unit in comments(source.code, source.doctest)} | set(prose)
    return sorted(set(catalog) - used)


# --- printed labels in tutorials ---------------------------------------------------------

#: Calls whose string arguments a reader sees in a tutorial's output or figures.
LABEL_CALLS = {"print", "set_xlabel", "set_ylabel", "set_title", "suptitle", "legend", "text", "annotate"}
LABEL_KEYWORDS = {"label", "title", "desc", "xlabel", "ylabel"}


def _words(node: ast.AST) -> str:
    """The literal text of a string or f-string, `{…}` for the interpolated parts."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_words(v) if isinstance(v, ast.Constant) else "{…}" for v in node.values)
    return ""


def reader_labels(code: str) -> list[tuple[int, str]]:
    """(line, text) of the English strings a code cell prints or draws for the reader (1-based lines).

    >>> reader_labels('ax.set_xlabel("step")\\nprint(f"loss {x:.2f}")\\nprint(x)\\n')
    [(1, 'step'), (2, 'loss {…}')]
    """
    found = []
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        texts = [a for a in node.args if name in LABEL_CALLS] + [k.value for k in node.keywords if k.arg in LABEL_KEYWORDS]
        found += [(t.lineno, _words(t)) for t in texts if needs_translation(_words(t))]
    return sorted(found)


def inject_lang(code: str, lang: str) -> str:
    """`code` with its top-level `LANG = "…"` set to `lang` (or with that line added first).

    The render step runs this on a tutorial's first code cell before executing it for a
    page, and the tests run each tutorial once per language the same way, so a cell such
    as `ax.set_xlabel({"zh": "步數", "en": "step"}[LANG])` shows the page's language.

    >>> inject_lang('import numpy as np\\nLANG = "zh"  # the page language\\n', "en")
    'import numpy as np\\nLANG = "en"  # the page language\\n'
    >>> inject_lang('LANG = (\\n    "zh"  # a comment too long for one line\\n)\\n', "en")
    'LANG = (\\n    "en"  # a comment too long for one line\\n)\\n'
    >>> inject_lang("x = 1\\n", "zh")
    'LANG = "zh"\\nx = 1\\n'
    """
    for node in ast.parse(code).body:
        if (isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["LANG"]
                and isinstance(node.value, ast.Constant)):
            lines = code.splitlines(keepends=True)
            value = node.value  # its own line when the assignment is wrapped in parentheses
            line = lines[value.lineno - 1]
            lines[value.lineno - 1] = line[:value.col_offset] + repr(lang).replace("'", '"') + line[value.end_col_offset:]
            return "".join(lines)
    return f'LANG = "{lang}"\n' + code


#: The columns a code block holds at 1300 px (a CJK character takes two).
COLUMNS = 80


def display_width(line: str) -> int:
    """Columns `line` takes in a monospace block, a wide (CJK) character counting two."""
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


def api_examples(root: Path = ROOT) -> list[Source]:
    """The doctest examples of the library's docstrings, as the API pages show them."""
    found = []
    for path in sorted((root / "src" / "genai_notes").glob("[!_]*.py")):  # the public modules
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            docstring = isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.Module)) and ast.get_docstring(node)
            code = "".join(_example_lines(docstring)) if docstring else ""
            if code:
                found.append(Source(f"{path.relative_to(root)}:{getattr(node, 'name', '')} (API page)", code, True))
    return found


def _example_lines(docstring: str) -> Iterator[str]:
    """The example lines of a docstring (prompts, `>>> #` comments and outputs), dedented."""
    indent = None
    for line in docstring.splitlines():
        if line.lstrip().startswith(">>>"):
            indent = len(line) - len(line.lstrip())
        elif not line.strip():
            indent = None
        if indent is not None:
            yield line[indent:] + "\n"


def wide_lines(catalog: Mapping[str, str], sources: Iterable[Source], columns: int = COLUMNS) -> list[str]:
    """`origin [lang]: line` for every shown line, in English or in zh-TW, wider than `columns`."""
    from literate import drop_docstrings

    found = []
    for source in sources:
        # A library section shows its docstrings as prose beside the code; a tutorial cell as code.
        code = drop_docstrings(source.code) if source.library else source.code
        for lang, text in (("en", code), ("zh", translate(code, "zh", catalog, source.doctest, strict=False))):
            found += [f"{source.origin} [{lang}]: {line}" for line in text.splitlines()
                      if display_width(line) > columns]
    return found


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(Path(__file__).parent))
    catalog, sources = load_catalog("zh"), shown_sources()
    if "--labels" in argv:
        tutorials = sorted((ROOT / "docs" / "tutorials").glob("*.py")) or sorted((ROOT / "docs" / "zh" / "tutorials").glob("*.py"))
        found = [f"{path.relative_to(ROOT)} cell {k}, line {line}: {text}" for path in tutorials
                 for k, cell in enumerate(tutorial_code_cells(path)) for line, text in reader_labels(cell)]
        print("\n".join(found))
    elif "--prose" in argv:
        found = [f"{where}: {text}" for text, where in shown_prose().items() if text not in catalog]
        print("\n".join(found))
    elif "--wide" in argv:
        found = wide_lines(catalog, sources)
        print("\n".join(found))
    elif "--stale" in argv:
        found = stale(catalog, sources, shown_prose())
        print("\n".join(found))
    else:
        missing = untranslated(catalog, sources)
        for text, where in missing.items():
            print(f"{text}\t{where[0]}")
        found = list(missing)
    print(f"{len(found)} found", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
