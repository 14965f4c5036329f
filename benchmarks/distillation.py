"""Benchmark: does distillation help a small student that sees only a few labels?

For each seed: shuffle and split the 8×8 digits, train the teacher on all 1,200
training images, then train the same small student (same initial weights) on
only 10 labelled images per digit, once on the labels alone and once per
temperature with the distillation loss (α = 0.9). A last student sees no labels
at all: the teacher's soft targets (T = 8, α = 1) on all 1,200 training images.
Two more see only the 100 labelled images and, each epoch, 4 jittered copies of each
(moved by up to a pixel, plus pixel noise): one learns the teacher's soft targets on
them (T = 8, α = 0.9), the other, the control, only the copied labels.
Prints test accuracies, their mean and standard deviation, and the share of the
teacher–student gap that distillation closes; writes the table's rows to
`benchmarks/results/distillation.json`, from which the lecture's table is rendered.

    python benchmarks/distillation.py --seeds 10
"""

from __future__ import annotations

import argparse
import statistics
import time

import torch
from tqdm import tqdm

from genai_notes.distillation import (
    accuracy,
    gap_closed,
    load_digits_split,
    train_student,
    train_student_jittered,
    train_teacher,
)
from results import write_results

TEMPERATURES = (1.0, 2.0, 4.0, 8.0, 20.0)
#: The temperature whose gap-closed share is reported per seed (chosen before this benchmark was run).
MAIN_TEMPERATURE = 8.0
#: The column of the student distilled on a jittered transfer set (`train_student_jittered`).
JITTERED = f"jittered T={MAIN_TEMPERATURE:g}"


def run_seed(seed: int, device: torch.device) -> dict[str, float]:
    """Test accuracies of the teacher and of every student for one seed."""
    split = load_digits_split(per_class=10, seed=seed, device=device)
    test = split.x_test, split.y_test
    teacher = train_teacher(split.x_train, split.y_train, seed=seed)
    row = {"teacher": accuracy(teacher, *test), "alone": accuracy(train_student(split.x_few, split.y_few, seed=seed), *test)}
    for t in TEMPERATURES:
        row[f"T={t:g}"] = accuracy(train_student(split.x_few, split.y_few, seed=seed, teacher=teacher, temperature=t), *test)
    no_labels = train_student(split.x_train, None, seed=seed, teacher=teacher, temperature=MAIN_TEMPERATURE, alpha=1.0)
    row["no labels"] = accuracy(no_labels, *test)
    # the same 100 labelled images, each epoch with 4 jittered copies of each: labelled by the teacher,
    # and (the control) labelled with their own image's label, without a teacher
    jittered = train_student_jittered(split.x_few, split.y_few, seed=seed, teacher=teacher, temperature=MAIN_TEMPERATURE)
    row[JITTERED] = accuracy(jittered, *test)
    row["jittered, no teacher"] = accuracy(train_student_jittered(split.x_few, split.y_few, seed=seed), *test)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10, help="number of seeds (0, 1, ...)")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    start = time.perf_counter()
    rows = {seed: run_seed(seed, device) for seed in tqdm(range(args.seeds), desc="seeds")}
    seconds = time.perf_counter() - start
    columns = list(rows[0])
    gap_columns = [f"T={MAIN_TEMPERATURE:g}", JITTERED]
    gaps = {c: [gap_closed(r["teacher"], r["alone"], r[c]) for r in rows.values()] for c in gap_columns}
    mean = {c: statistics.mean(r[c] for r in rows.values()) for c in columns}
    std = {c: statistics.stdev(r[c] for r in rows.values()) for c in columns}
    table = [{"seed": seed, **row, **{f"gap closed ({c})": gaps[c][seed] for c in gap_columns}} for seed, row in rows.items()]
    table.append({"seed": "mean", **mean, **{f"gap closed ({c})": statistics.mean(gaps[c]) for c in gap_columns}})
    table.append({"seed": "std", **std, **{f"gap closed ({c})": statistics.stdev(gaps[c]) for c in gap_columns}})
    print(f"| {' | '.join(table[0])} |")
    print("|---:" * len(table[0]) + "|")
    for row in table:
        print("| " + " | ".join(f"{v:.4f}" if isinstance(v, float) else str(v) for v in row.values()) + " |")
    printed = ["share of the gap closed by the mean accuracies, per column:"]
    printed += [f"  {c}: {gap_closed(mean['teacher'], mean['alone'], mean[c]):.1%}"
                for c in [f"T={t:g}" for t in TEMPERATURES] + [JITTERED, "jittered, no teacher"]]
    printed += ["", f"{args.seeds} seeds on {device} in {seconds:.0f} s ({torch.get_num_threads()} CPU threads)"]
    print("\n" + "\n".join(printed))
    print(f"written to {write_results('distillation', table, printed=printed)}")


if __name__ == "__main__":
    main()
