"""Benchmark: does distillation help a small student that sees only a few labels?

For each seed: shuffle and split the 8×8 digits, train the teacher on all 1,200
training images, then train the same small student (same initial weights) on
only 10 labelled images per digit, once on the labels alone and once per
temperature with the distillation loss (α = 0.9). A last student sees no labels
at all: the teacher's soft targets (T = 8, α = 1) on all 1,200 training images.
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

from genai_notes.distillation import accuracy, gap_closed, load_digits_split, train_student, train_teacher
from results import write_results

TEMPERATURES = (1.0, 2.0, 4.0, 8.0, 20.0)
#: The temperature whose gap-closed share is reported per seed (chosen before this benchmark was run).
MAIN_TEMPERATURE = 8.0


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
    main_column = f"T={MAIN_TEMPERATURE:g}"
    print(f"| seed | {' | '.join(columns)} | gap closed ({main_column}) |")
    print("|---:" * (len(columns) + 2) + "|")
    for seed, row in rows.items():
        gap = gap_closed(row["teacher"], row["alone"], row[main_column])
        print(f"| {seed} | {' | '.join(f'{row[c]:.4f}' for c in columns)} | {gap:.1%} |")
    mean = {c: statistics.mean(r[c] for r in rows.values()) for c in columns}
    std = {c: statistics.stdev(r[c] for r in rows.values()) for c in columns}
    gaps = [gap_closed(r["teacher"], r["alone"], r[main_column]) for r in rows.values()]
    print(f"| mean | {' | '.join(f'{mean[c]:.4f}' for c in columns)} | {statistics.mean(gaps):.1%} |")
    print(f"| std | {' | '.join(f'{std[c]:.4f}' for c in columns)} | {statistics.stdev(gaps):.1%} |")
    table = [{"seed": seed, **row, "gap_closed": gap} for (seed, row), gap in zip(rows.items(), gaps)]
    table += [{"seed": "mean", **mean, "gap_closed": statistics.mean(gaps)}, {"seed": "std", **std, "gap_closed": statistics.stdev(gaps)}]
    print(f"written to {write_results('distillation', table)}")
    print()
    print("share of the gap closed by the mean accuracies, per temperature:")
    for t in TEMPERATURES:
        print(f"  T={t:g}: {gap_closed(mean['teacher'], mean['alone'], mean[f'T={t:g}']):.1%}")
    print(f"\n{args.seeds} seeds on {device} in {seconds:.0f} s ({torch.get_num_threads()} CPU threads)")


if __name__ == "__main__":
    main()
