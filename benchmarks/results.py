"""Results files: what a benchmark measured, written into the repository for the pages to render.

`benchmarks/results/<name>.json` holds the rows a benchmark printed together with the
command, the date, the machine and a digest of the code it measured: the benchmark script
and every `genai_notes` source file it imports, directly or through other modules. A
test compares that digest with the code as it is now, so a change to the measured code
fails until the benchmark is re-run.

>>> [p.name for p in measured_files(BENCHMARKS / "distillation.py")][:2]
['distillation.py', '__init__.py']
"""

from __future__ import annotations

import ast
import datetime
import hashlib
import json
import os
import pathlib
import platform
import sys

BENCHMARKS = pathlib.Path(__file__).resolve().parent
ROOT = BENCHMARKS.parent
PACKAGE = ROOT / "src" / "genai_notes"
RESULTS = BENCHMARKS / "results"


def imported_library_files(path: pathlib.Path) -> set[pathlib.Path]:
    """The `genai_notes` source files that `path` imports itself (absolute or relative imports)."""
    found = set()
    package_parts = path.relative_to(ROOT / "src").parent.parts if path.is_relative_to(PACKAGE) else ()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join([*package_parts[: len(package_parts) - node.level + 1], *filter(None, [base])])
            names = [base] + [f"{base}.{alias.name}" for alias in node.names]
        found |= {f for name in names if name.startswith("genai_notes") for f in module_files(name)}
    return found


def module_files(name: str) -> list[pathlib.Path]:
    """The file(s) of module `name` and of the packages above it (their `__init__` runs on import)."""
    parts = name.split(".")
    files = [ROOT / "src" / "/".join(parts[:i]) / "__init__.py" for i in range(1, len(parts) + 1)]
    files.append(ROOT / "src" / ("/".join(parts) + ".py"))
    return [f for f in files if f.is_file()]


def measured_files(script: pathlib.Path) -> list[pathlib.Path]:
    """The benchmark script and every library file it reaches through imports, script first."""
    seen: set[pathlib.Path] = set()
    todo = [script]
    while todo:
        path = todo.pop()
        if path not in seen:
            seen.add(path)
            todo.extend(imported_library_files(path) - seen)
    return [script] + sorted(seen - {script}, key=lambda p: p.relative_to(ROOT).as_posix())


def code_digest(script: pathlib.Path) -> str:
    """sha256 over the measured files' paths and contents."""
    digest = hashlib.sha256()
    for path in measured_files(script):
        digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def machine() -> dict:
    """What the numbers were measured on."""
    import torch

    return {
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "cpu_count": os.cpu_count(),
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": "cuda" if torch.cuda.is_available() else "cpu",
    }


def results_path(name: str) -> pathlib.Path:
    return RESULTS / f"{name}.json"


def write_results(name: str, rows: list[dict], note: str = "") -> pathlib.Path:
    """Write `benchmarks/results/<name>.json` for the benchmark script `benchmarks/<name>.py` now running."""
    script = BENCHMARKS / f"{name}.py"
    record = {
        "benchmark": name,
        "command": " ".join(["python", script.relative_to(ROOT).as_posix(), *sys.argv[1:]]),
        "date": datetime.date.today().isoformat(),
        "machine": machine(),
        "code_files": [p.relative_to(ROOT).as_posix() for p in measured_files(script)],
        "code_digest": code_digest(script),
        "note": note,
        "rows": rows,
    }
    path = results_path(name)
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(record, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    temporary.replace(path)
    return path


def read_results(name: str) -> dict:
    return json.loads(results_path(name).read_text(encoding="utf-8"))
