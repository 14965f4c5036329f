"""Benchmark: mode coverage of the original GAN and of PacGAN on the ring of 8 and the grid of 25.

For each data set, recipe (see `genai_notes.gan.RECIPES`) and seed: train for the recipe's 3,000 rounds, draw 2,500
samples and compute the metrics of Srivastava et al. (2017): modes captured, the share
of high-quality samples (within 3 std of the nearest mean) and KL(mode histogram ‖ uniform).
Prints one row per run and the mean ± std over seeds, and writes the latter to
`benchmarks/results/gan_modes.json`, from which the lecture's table is rendered (next to the
published rows of `benchmarks/published.yml`).

    python benchmarks/gan_modes.py --seeds 5 --jobs 2

Each run trains on one CPU thread (tiny networks gain nothing from more); `--jobs`
runs that many trainings side by side. Without CUDA the timings are CPU timings.
"""

from __future__ import annotations

import argparse
import statistics
import time
from concurrent.futures import ProcessPoolExecutor

import torch

from genai_notes.gan import RECIPES, ModeReport, grid, mode_report, ring, train_gan
from results import write_results

DATASETS = {"ring": ring(), "grid": grid()}

#: The summary columns and the digits they are printed with.
COLUMNS = (("modes", 1), ("high_quality_percent", 1), ("kl_uniform", 3), ("seconds", 1))


def mean_std(values: list[float]) -> list[float]:
    """[mean, sample standard deviation] (0 for a single value)."""
    return [statistics.mean(values), statistics.stdev(values) if len(values) > 1 else 0.0]


def one_run(name: str, recipe: str, seed: int) -> tuple[ModeReport, float]:
    """Train one recipe on one data set and score 2,500 fresh samples."""
    torch.set_num_threads(1)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    run = train_gan(DATASETS[name], recipe, seed=seed, device=device)
    torch.manual_seed(10_000 + seed)  # the evaluation samples
    return mode_report(run.sample(2500), DATASETS[name]), run.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="number of seeds (0, 1, ...)")
    parser.add_argument("--jobs", type=int, default=1, help="trainings run side by side")
    args = parser.parse_args()
    runs = [(name, recipe, seed) for name in DATASETS for recipe in RECIPES for seed in range(args.seeds)]
    started = time.perf_counter()
    with ProcessPoolExecutor(args.jobs) as pool:
        outcomes = dict(zip(runs, pool.map(one_run, *zip(*runs))))
    results: dict[tuple[str, str], list] = {}
    print("| data | recipe | seed | modes | % high quality | KL to uniform | seconds |")
    print("|---|---|---:|---:|---:|---:|---:|")
    for (name, recipe, seed), (report, seconds) in outcomes.items():
        results.setdefault((name, recipe), []).append((report, seconds))
        print(f"| {name} | {recipe} | {seed} | {report.modes} | {100 * report.high_quality:.1f} | {report.kl_uniform:.3f} | {seconds:.1f} |")
    total = time.perf_counter() - started
    print()
    print("| data | method | modes | % high quality | KL to uniform | seconds per run |")
    print("|---|---|---:|---:|---:|---:|")
    summary = []
    for name, mixture in DATASETS.items():
        for recipe in RECIPES:
            rows = results[(name, recipe)]
            row = {
                "data": name,
                "data_modes": len(mixture.means),
                "recipe": recipe,
                "seeds": len(rows),
                "modes": mean_std([float(r.modes) for r, _ in rows]),
                "high_quality_percent": mean_std([100 * r.high_quality for r, _ in rows]),
                "kl_uniform": mean_std([r.kl_uniform for r, _ in rows]),
                "seconds": mean_std([s for _, s in rows]),
            }
            summary.append(row)
            cells = [f"{row[key][0]:.{digits}f} ± {row[key][1]:.{digits}f}" for key, digits in COLUMNS]
            print(f"| {name} ({row['data_modes']} modes) | **{recipe} (ours, {len(rows)} seeds)** | {' | '.join(cells)} |")
    print(f"\nwritten to {write_results('gan_modes', summary)}")
    device = "cuda" if torch.cuda.is_available() else "cpu"
    print(f"\n{len(runs)} runs on {device}, {args.jobs} at a time, one CPU thread each, in {total:.0f} s")


if __name__ == "__main__":
    main()
