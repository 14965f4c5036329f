"""Benchmark tables on the pages, rendered from results files (never typed).

A page holds a marker `<!-- results: <name> -->`; it becomes the table of
`benchmarks/results/<name>.json` in the page's language, by the spec in TABLES:
which columns, their header per language and how each number is printed. Rows
published in papers (`benchmarks/published.yml`) are added where a table compares
with them, each linked to its source.
"""

from __future__ import annotations

import json
import pathlib
import re

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PUBLISHED = ROOT / "benchmarks" / "published.yml"
MARKER = re.compile(r"^<!-- results: (?P<name>[\w-]+) -->$", re.M)
#: `<!-- results-output: <name> -->`: the command that made the results file and what it printed below its table.
OUTPUT_MARKER = re.compile(r"^(?P<indent>[ \t]*)<!-- results-output: (?P<name>[\w-]+) -->$", re.M)


def mean_std(digits: int):
    return lambda value: f"{value[0]:.{digits}f} ± {value[1]:.{digits}f}"


def fixed(digits: int):
    return lambda value: f"{value:.{digits}f}"


def percent(value: float) -> str:
    return f"{value:.1%}"


def gan_data(row: dict, lang: str) -> str:
    name = {"zh": {"ring": "環狀", "grid": "方格"}, "en": {"ring": "ring", "grid": "grid"}}[lang][row["data"]]
    return f"{name}（{row['data_modes']} 個模式）" if lang == "zh" else f"{name} ({row['data_modes']} modes)"


def gan_method(row: dict, lang: str) -> str:
    ours = "本專案，{n} 個種子" if lang == "zh" else "ours, {n} seeds"
    label = ours.format(n=row["seeds"])
    return f"**{row['recipe']}（{label}）**" if lang == "zh" else f"**{row['recipe']} ({label})**"


def seed_label(row: dict, lang: str) -> str:
    names = {"zh": {"mean": "平均", "std": "標準差"}, "en": {"mean": "mean", "std": "std"}}[lang]
    return str(names.get(row["seed"], row["seed"]))


def multiple_label(row: dict, lang: str) -> str:
    return f"{row['multiple']}×"


#: name -> columns of (key or function, {lang: header}, format, right-aligned?)
TABLES = {
    "gan_modes": {
        "columns": [
            (gan_data, {"zh": "資料", "en": "data"}, None, False),
            (gan_method, {"zh": "方法", "en": "method"}, None, False),
            ("modes", {"zh": "捕捉到的模式", "en": "modes"}, mean_std(1), True),
            ("high_quality_percent", {"zh": "高品質樣本 %", "en": "% high quality"}, mean_std(1), True),
            ("kl_uniform", {"zh": "與均勻分布的 KL", "en": "KL to uniform"}, mean_std(3), True),
            ("seconds", {"zh": "每次訓練秒數", "en": "seconds per run"}, mean_std(1), True),
        ],
        "published": "gan_modes",
        "group": "data",
    },
    "distillation": {
        "columns": [
            (seed_label, {"zh": "種子", "en": "seed"}, None, True),
            ("teacher", {"zh": "老師", "en": "teacher"}, fixed(4), True),
            ("alone", {"zh": "只靠標註", "en": "alone"}, fixed(4), True),
            *((f"T={t}", {"zh": f"T={t}", "en": f"T={t}"}, fixed(4), True) for t in (1, 2, 4, 8, 20)),
            ("no labels", {"zh": "不看標註", "en": "no labels"}, fixed(4), True),
            ("jittered T=8", {"zh": "抖動副本 T=8", "en": "jittered T=8"}, fixed(4), True),
            ("jittered, no teacher", {"zh": "抖動副本、無老師", "en": "jittered, no teacher"}, fixed(4), True),
            ("gap closed (T=8)", {"zh": "補上的差距（T=8）", "en": "gap closed (T=8)"}, percent, True),
            ("gap closed (jittered T=8)", {"zh": "補上的差距（抖動副本）", "en": "gap closed (jittered)"}, percent, True),
        ],
    },
    "text_continuation": {
        "columns": [
            (multiple_label, {"zh": "教學筆記本的步數 ×", "en": "tutorial's steps ×"}, None, True),
            ("steps", {"zh": "步數", "en": "steps"}, None, True),
            ("characters", {"zh": "訓練用的字數", "en": "training characters"}, None, True),
            ("cpu_seconds", {"zh": "訓練的 CPU 秒數", "en": "CPU seconds of training"}, fixed(0), True),
            ("bigram", {"zh": "bigram（nats）", "en": "bigram (nats)"}, fixed(3), True),
            ("transformer", {"zh": "Transformer（nats）", "en": "Transformer (nats)"}, fixed(3), True),
            ("gap to bigram", {"zh": "比 bigram 低（nats）", "en": "below the bigram (nats)"}, fixed(3), True),
        ],
    },
}


def read_results(name: str) -> dict:
    path = RESULTS / f"{name}.json"
    if not path.is_file():
        raise FileNotFoundError(f"{path.relative_to(ROOT)} is missing: run `python benchmarks/{name}.py`")
    return json.loads(path.read_text(encoding="utf-8"))


def cell(row: dict, key, fmt, lang: str) -> str:
    value = key(row, lang) if callable(key) else row[key]
    return fmt(value) if fmt else str(value)


def published_rows(name: str, lang: str, data: str, width: int) -> list[list[str]]:
    """The published rows for data set `data`: data, method (with its source linked), modes, quality, blanks."""
    published = yaml.safe_load(PUBLISHED.read_text(encoding="utf-8"))
    sources = published["sources"]
    rows = []
    for entry in (e for e in published[name] if e["data"] == data):
        source = sources[entry["source"]]
        link = f"[{source['label'][lang]}]({source['url']})"
        paper_name = source["label"]["en"].removesuffix(" paper")
        method = f"[{entry['method']}]({source['url']})" if entry["method"] == paper_name else (
            f"{entry['method']}（{link}）" if lang == "zh" else f"{entry['method']} ({link})")
        cells = [None, method, entry["modes"], entry["high_quality_percent"], entry.get("kl_uniform", "")]
        rows.append(cells + [""] * (width - len(cells)))
    return rows


def render_table(name: str, lang: str) -> str:
    """The Markdown table of results file `name` in `lang`."""
    spec, results = TABLES[name], read_results(name)
    columns = spec["columns"]
    lines = ["| " + " | ".join(header[lang] for _, header, _, _ in columns) + " |"]
    lines.append("|" + "|".join("---:" if right else "---" for *_, right in columns) + "|")
    rows = results["rows"]
    groups = [rows] if "group" not in spec else [[r for r in rows if r[spec["group"]] == g] for g in dict.fromkeys(r[spec["group"]] for r in rows)]
    for group in groups:
        for row in group:
            lines.append("| " + " | ".join(cell(row, key, fmt, lang) for key, _, fmt, _ in columns) + " |")
        if "published" in spec:
            first = cell(group[0], columns[0][0], columns[0][2], lang)
            for extra in published_rows(spec["published"], lang, group[0][spec["group"]], len(columns)):
                lines.append("| " + " | ".join([first, *extra[1:]]) + " |")
    return "\n".join(lines)


def render_output(name: str, indent: str = "") -> str:
    """A text block with the benchmark's command and the lines it printed below its table."""
    results = read_results(name)
    lines = ["```text", f"$ {results['command']}", *results.get("printed", []), "```"]
    return "\n".join(indent + line if line else line for line in lines)


def render_results(text: str, lang: str) -> str:
    """`text` with every `<!-- results: name -->` marker replaced by its table and every
    `<!-- results-output: name -->` by the command and printed lines of that results file."""
    text = OUTPUT_MARKER.sub(lambda m: render_output(m["name"], m["indent"]), text)
    return MARKER.sub(lambda m: render_table(m["name"], lang), text)
