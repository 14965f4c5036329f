"""What the copy buttons copy runs where a reader pastes it: the plain REPL, a file.

`tools/copy_text.py` produces exactly what `copy-doctest.js` puts on the clipboard (the
first test proves the two agree on every snippet, running the JavaScript under Node).
The REPL is a real `python -i` reading the copy on stdin, in a folder outside the
repository, as after `pip install genai-notes`.
"""

from __future__ import annotations

import ast
import doctest
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))

from comments import api_examples, load_catalog, translate  # noqa: E402
from copy_text import copy_doctest, doctest_examples  # noqa: E402
from literate import copy_prefix, section_code, sections  # noqa: E402

SNIPPETS = sorted((ROOT / "snippets").rglob("*.txt"))
MODULES = sorted(p for p in (ROOT / "src" / "genai_notes").rglob("*.py") if sections(p))
JS = ROOT / "docs" / "overrides" / "assets" / "javascripts" / "copy-doctest.js"
COMPOUND = (ast.If, ast.For, ast.While, ast.With, ast.Try, ast.FunctionDef, ast.ClassDef,
            ast.AsyncFunctionDef, ast.AsyncFor, ast.AsyncWith, ast.Match)


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _expected(text: str) -> tuple[str, list[str]]:
    """The output a doctest expects (exception examples left out) and the exceptions it expects."""
    examples = doctest.DocTestParser().get_examples(text)
    output = "".join(e.want for e in examples if e.exc_msg is None)
    return output, [e.exc_msg.split(":")[0].strip() for e in examples if e.exc_msg is not None]


def _run(args: list[str], stdin: str, cwd: Path) -> subprocess.CompletedProcess:
    # One thread: on a shared 2-core machine, torch's worker threads only wait on each other.
    env = {"PATH": "/usr/bin:/bin", "PYTHONIOENCODING": "utf-8", "MPLBACKEND": "Agg", "HOME": str(cwd),
           "OMP_NUM_THREADS": "1"}
    return subprocess.run(args, input=stdin, capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


def _raised(stderr: str) -> list[str]:
    """Exception names from the tracebacks in `stderr`."""
    # prompts go to stderr without a newline, so a message may follow them on its line
    lines = [re.sub(r"^((>>>|\.\.\.) ?)+", "", line) for line in stderr.splitlines()]
    names = []
    for k, line in enumerate(lines):
        if line.startswith("Traceback (most recent call last)"):
            following = [x for x in lines[k + 1:] if x and not x.startswith(" ")]
            names.append(following[0].split(":")[0] if following else "?")
    syntax = [x.split(":")[0] for x in lines if x.startswith(("SyntaxError", "IndentationError"))]
    return names + syntax


def test_python_and_browser_copy_the_same_text_from_every_snippet():
    node = shutil.which("node")
    assert node, "Node.js is needed (make install runs npm ci)"
    texts = [p.read_text(encoding="utf-8") for p in SNIPPETS]
    script = (f"const {{copyDoctest}} = require({json.dumps(str(JS))});"
              "const texts = JSON.parse(require('fs').readFileSync(0, 'utf8'));"
              "process.stdout.write(JSON.stringify(texts.map(copyDoctest)));")
    run = subprocess.run([node, "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True)
    assert json.loads(run.stdout) == [copy_doctest(t) for t in texts]


def test_a_copied_doctest_ends_each_multiline_example_with_a_blank_line():
    text = ">>> for i in range(2):\n...     print(i)\n0\n1\n>>> x = 1\n>>> x\n1\n"
    assert copy_doctest(text) == "for i in range(2):\n    print(i)\n\nx = 1\nx\n"


def test_a_traceback_ellipsis_is_output_not_code():
    text = ">>> 1 / 0\nTraceback (most recent call last):\n...\nZeroDivisionError: division by zero\n"
    assert doctest_examples(text) == [["1 / 0"]]


@pytest.mark.parametrize("path", SNIPPETS, ids=_name)
def test_no_snippet_has_a_one_line_compound_statement(path):
    # The copy rule adds a blank line only after multi-line examples; a one-line `for` would need one too.
    for example in doctest_examples(path.read_text(encoding="utf-8")):
        if len(example) == 1:
            tree = ast.parse(example[0])
            assert not any(isinstance(node, COMPOUND) for node in tree.body), example


@pytest.mark.parametrize("path", SNIPPETS, ids=_name)
def test_an_exception_a_snippet_expects_is_its_last_example(path):
    # so that the copy, run as a file, runs every line before it stops
    examples = doctest.DocTestParser().get_examples(path.read_text(encoding="utf-8"))
    assert all(e.exc_msg is None for e in examples[:-1])


def _separator(name: str) -> str:
    """REPL input that marks where the paste of `name` starts, on stdout and on stderr."""
    mark = f"===== copied: {name} ====="
    return f'print({mark!r}); print({mark!r}, file=__import__("sys").stderr)\n'


def _split(stream: str, names: list[str]) -> dict[str, str]:
    """What a batched REPL wrote for each paste, by the separators `_separator` printed."""
    marks = "|".join(re.escape(f"===== copied: {name} =====") for name in names)
    pieces = re.split(f"({marks})", stream)
    return {pieces[k][len("===== copied: "):-len(" =====")]: pieces[k + 1] for k in range(1, len(pieces) - 1, 2)}


def _repl(pastes: dict[str, str], tmp_path: Path) -> dict[str, tuple[str, str]]:
    """Paste each text into one plain `python -i`, one after another: name -> (stdout, stderr) of its paste."""
    run = _run([sys.executable, "-i", "-q"], "".join(_separator(n) + text for n, text in pastes.items()), tmp_path)
    out, err = _split(run.stdout, list(pastes)), _split(run.stderr, list(pastes))
    assert list(out) == list(err) == list(pastes), run.stderr[-3000:]
    return {name: (out[name], err[name]) for name in pastes}


CHAPTERS = sorted({p.parent for p in SNIPPETS})


@pytest.mark.slow
@pytest.mark.parametrize("chapter", CHAPTERS, ids=_name)
def test_each_copied_snippet_of_a_chapter_prints_the_page_output_in_the_plain_repl(chapter, tmp_path):
    # The zh page's copy (zh-TW comments) of every snippet of the chapter, pasted one after
    # another into one `python -i`: the REPL echoes each value as doctest does, so each
    # paste's output is its snippet's expected output, exceptions aside. (That each copy
    # runs on its own is test_copied_snippet_runs_as_a_file_in_a_fresh_namespace.)
    paths = [p for p in SNIPPETS if p.parent == chapter]
    texts = {_name(p): p.read_text(encoding="utf-8") for p in paths}
    catalog = load_catalog("zh")
    shown = _repl({n: copy_doctest(translate(t, "zh", catalog, doctest=True)) for n, t in texts.items()}, tmp_path)
    failed = _differences_from_the_page(texts, shown)
    assert failed == [], "\n".join(failed)


def _differences_from_the_page(texts: dict[str, str], shown: dict[str, tuple[str, str]]) -> list[str]:
    """Each paste whose REPL output (`shown`) is not what its doctest text shows, or that
    raised other exceptions than the text expects."""
    checker = doctest.OutputChecker()
    flags = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS
    failed = []
    for name, text in texts.items():
        stdout, stderr = shown[name]
        output, exceptions = _expected(text)
        stdout = stdout.removeprefix("\n")  # the separator's own line ends there
        if _raised(stderr) != exceptions:
            failed.append(f"{name}: raised {_raised(stderr)}, the page shows {exceptions}\n{stderr[-2000:]}")
        elif not checker.check_output(output, stdout, flags):
            failed.append(f"{name}:\n" + checker.output_difference(doctest.Example("", output), stdout, flags))
    return failed


@pytest.mark.slow
def test_each_api_page_example_prints_what_the_page_shows_when_pasted_on_its_own_into_the_plain_repl(tmp_path):
    # The copy of each public docstring's examples (an API page shows each docstring's
    # examples as one block), pasted into one `python -i` with its namespace emptied before
    # every paste: each example imports what it uses, as a reader who copies only it needs.
    examples = {s.origin: s.code for s in api_examples() if not s.origin.split(":")[1].startswith("_")}
    assert len(examples) > 60, sorted(examples)
    forget = "globals().clear()\n"  # the REPL puts __builtins__ back, nothing else
    shown = _repl({name: forget + copy_doctest(code) for name, code in examples.items()}, tmp_path)
    failed = _differences_from_the_page(examples, shown)
    assert failed == [], "\n".join(failed)


@pytest.fixture
def one_torch_thread():
    # as the REPL runs (OMP_NUM_THREADS=1): on a shared 2-core machine torch's threads only wait on each other
    import torch

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.mark.slow
@pytest.mark.parametrize("path", SNIPPETS, ids=_name)
def test_copied_snippet_runs_as_a_file_in_a_fresh_namespace(path, tmp_path, monkeypatch, one_torch_thread):
    # The copy saved as a file and run on its own (`__main__`, nothing imported before it):
    # every line runs, and only the exception the page shows stops it, at its last example.
    import contextlib
    import io

    text = path.read_text(encoding="utf-8")
    code = compile(copy_doctest(text), str(tmp_path / "copied.py"), "exec")
    _, exceptions = _expected(text)
    monkeypatch.chdir(tmp_path)
    with contextlib.redirect_stdout(io.StringIO()):
        if exceptions:  # the last example raises, as the page shows
            with pytest.raises(Exception) as raised:
                exec(code, {"__name__": "__main__"})
            assert type(raised.value).__name__ == exceptions[-1].split(".")[-1]
        else:
            exec(code, {"__name__": "__main__"})


@pytest.mark.slow
def test_copied_library_sections_run_in_the_plain_repl(tmp_path):
    # Every section of every module, each as its copy button copies it, pasted one after
    # another into one `python -i`: no paste raises, and each defines what its code defines.
    # (That each section runs on its own: tests/test_literate.py, copy_prefix.)
    from copy_text import copy_python

    check = "print(sorted(k for k in globals() if not k.startswith('__')))\n"
    pastes = {_name(path): "".join(copy_python(section_code(path, n), copy_prefix(path, n)) for n in sections(path)) + check
              for path in MODULES}
    shown = _repl(pastes, tmp_path)
    failed = []
    for path in MODULES:
        stdout, stderr = shown[_name(path)]
        defined = {node.name for n in sections(path) for node in ast.parse(section_code(path, n)).body
                   if isinstance(node, (ast.FunctionDef, ast.ClassDef))}
        if _raised(stderr) != [] or not defined <= set(ast.literal_eval(stdout.strip().splitlines()[-1])):
            failed.append(f"{_name(path)}: {_raised(stderr)}\n{stderr[-2000:]}")
    assert failed == [], "\n".join(failed)


# --- the built site: what the buttons really copy (run after the render step has built it)


# The n-th copy button of a page, clicked in the page: the block's tab is selected first (a
# block in a tab that is not selected is hidden), as a reader does, and the clipboard is read
# back. Returns [kind, copied, source] (null for a button no reader can click): a library
# section's source is its data-copy-text, a doctest's the text its block shows. One call per
# button, because Material copies with execCommand, which needs the user activation that a
# Playwright call brings and that lapses after a few seconds (one call for a whole page
# copied nothing at the end of a long page); a Playwright click per button took 300 s.
COPY_BUTTON = """async (n) => {
  const button = document.querySelectorAll('[data-clipboard-target]')[n];
  // a closed annotation's tooltip is on its way out of the page: no reader can click it
  if (button.closest('.md-tooltip:not(.md-tooltip--active)')) return null;
  const library = button.closest('[data-copy-text]');
  const kind = library ? 'library' : button.closest('.language-pycon') ? 'doctest' : 'other';
  if (kind === 'other') return null;
  const tab = button.closest('.tabbed-block');
  if (tab) {
    const index = [...tab.parentElement.children].indexOf(tab);
    tab.closest('.tabbed-set').querySelectorAll(':scope > .tabbed-labels > label')[index].click();
  }
  await navigator.clipboard.writeText('');
  button.click();
  const copied = await navigator.clipboard.readText();
  const source = library ? library.dataset.copyText : button.closest('.highlight').querySelector('code').textContent;
  return [kind, copied, source];
}"""


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.slow
def test_every_copy_button_of_the_built_site_copies_exactly_the_text_the_repl_tests_run(
        site, site_url, open_settled, settle_annotations):
    # Clicks each copy button of each zh and en page in headless Chromium and reads the
    # clipboard: a doctest's copy is copy_doctest of the shown block, a library section's is
    # its data-copy-text (copy_python). Those emulations are what the tests above paste into
    # a plain `python -i` (each chapter's snippets, every library section), so the chain from
    # the button to the REPL is checked without starting a REPL per button.
    import os

    from playwright.sync_api import sync_playwright

    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    flags = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
             "--no-first-run", "--disable-sync"]
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.glob("*/**/index.html"))
    copies: dict[str, int] = {"doctest": 0, "library": 0}
    wrong = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=flags)
        context = browser.new_context()
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
        page = context.new_page()
        for path in pages:
            # Material adds the buttons once its script has mounted the page's code blocks; a
            # tooltip's own button exists only while the tooltip is in the page.
            open_settled(page, f"{site_url}{path}/")
            page.wait_for_function("document.querySelectorAll('pre > code').length === 0"
                                   " || document.querySelector('[data-clipboard-target]') !== null")
            # Open the collapsed blocks (exercise solutions) first, as a reader does before
            # copying from one; Material mounts their annotations anew, so settle again.
            page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
            settle_annotations(page)
            for k in range(page.locator("[data-clipboard-target]").count()):
                if (copy := page.evaluate(COPY_BUTTON, k)) is None:
                    continue
                kind, copied, source = copy
                if copied != (copy_doctest(source) if kind == "doctest" else source):
                    wrong.append(f"{path}: {kind} copy button {k}: {copied[:200]!r}")
                copies[kind] += 1
        browser.close()
    assert wrong == []
    assert copies["doctest"] > 200 and copies["library"] > 200, copies
