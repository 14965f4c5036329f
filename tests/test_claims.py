"""Claims the lecture pages make in prose, proved here.

Where a page says "only", "every", "all", "at most" or "about" about a number, a test below
computes or checks it. Claims about benchmark tables are checked against the results files the tables are rendered
from (`benchmarks/results/*.json`) and the published rows (`benchmarks/published.yml`), so a
re-run benchmark that changes a claim fails here until the prose is fixed.
"""

from __future__ import annotations

import dataclasses
import json
import math
import pathlib
import re

import numpy as np
import pytest
import yaml

from genai_notes.autoregression import gpt_parameter_count
from genai_notes.entropy import cross_entropy, squared_error
from genai_notes.gan import RECIPES

import render  # tools/render.py (tests/conftest.py puts tools/ on the path)

ROOT = pathlib.Path(__file__).resolve().parents[1]
DOCS = {"zh": ROOT / "docs" / "zh", "en": ROOT / "docs" / "en"}

# --- entropy: the squared error is at most 2 ---------------------------------------------------


def test_squared_error_against_a_one_hot_answer_is_at_most_two():
    predictions = np.random.default_rng(0).dirichlet(np.full(5, 0.3), size=10_000)
    answers = np.tile(np.eye(5)[0], (len(predictions), 1))
    assert squared_error(answers, predictions).max() <= 2


def test_squared_error_reaches_two_with_all_the_mass_on_one_wrong_class():
    for classes in (2, 3, 10):
        answer, wrong = np.eye(classes)[0], np.eye(classes)[1]
        assert squared_error(answer, wrong) == pytest.approx(2.0)


def test_squared_error_tops_out_at_one_and_a_half_only_for_an_even_split_over_two_wrong_classes():
    assert squared_error([1, 0, 0], [0, 0.5, 0.5]) == pytest.approx(1.5)
    assert squared_error([1, 0, 0], [0, 0.8, 0.2]) > 1.5


def test_mean_cross_entropy_with_one_hot_answers_is_the_negative_log_likelihood():
    rng = np.random.default_rng(1)
    predictions = rng.dirichlet(np.ones(4), size=50)
    labels = rng.integers(0, 4, size=50)
    mean_ce = np.mean(cross_entropy(np.eye(4)[labels], predictions))
    assert mean_ce == pytest.approx(-np.mean(np.log(predictions[np.arange(50), labels])))


# --- breakthroughs: GPT-3's 175 billion is 174.6 billion by the formula -------------------------


def test_gpt3_hyperparameters_give_about_174_6_billion_parameters():
    count = gpt_parameter_count(50257, 2048, d_model=12288, n_layers=96)
    assert round(count / 1e9, 1) == 174.6


def test_gpt2_small_hyperparameters_give_exactly_124_439_808_parameters():
    assert gpt_parameter_count(50257, 1024, d_model=768, n_layers=12) == 124_439_808


# --- distillation: the table's claims -----------------------------------------------------------

TEMPERATURES = (1, 2, 4, 8, 20)


def results(name: str) -> dict:
    return json.loads((ROOT / "benchmarks" / "results" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.fixture
def distillation_results() -> dict[str, list[float]]:
    """Test accuracies per seed from benchmarks/results/distillation.json (the table the page renders)."""
    rows = [row for row in results("distillation")["rows"] if isinstance(row["seed"], int)]
    names = ["teacher", "alone", *(f"T={t}" for t in TEMPERATURES), "no labels"]
    return {name: [row[name] for row in rows] for name in names}


def gap_closed(results: dict[str, list[float]], temperature: int) -> np.ndarray:
    teacher, alone = np.array(results["teacher"]), np.array(results["alone"])
    return (np.array(results[f"T={temperature}"]) - alone) / (teacher - alone)


def test_distillation_at_t8_closes_more_than_half_the_gap_on_every_split(distillation_results):
    assert (gap_closed(distillation_results, 8) > 0.5).all()


@pytest.mark.parametrize("temperature", [4, 20])
def test_distillation_at_t4_and_t20_gets_past_half_on_most_splits_but_not_all(distillation_results, temperature):
    past_half = gap_closed(distillation_results, temperature) > 0.5
    assert past_half.sum() > len(past_half) / 2 and not past_half.all()


def mean_gap(results: dict[str, list[float]], temperature: int) -> float:
    teacher, alone = np.mean(results["teacher"]), np.mean(results["alone"])
    return (np.mean(results[f"T={temperature}"]) - alone) / (teacher - alone)


def test_distillation_at_t1_does_almost_nothing(distillation_results):
    assert mean_gap(distillation_results, 1) < 0.1


@pytest.mark.parametrize("temperature", [4, 8, 20])
def test_distillation_from_t4_on_closes_about_sixty_percent_of_the_gap_on_average(distillation_results, temperature):
    assert 0.55 <= mean_gap(distillation_results, temperature) <= 0.65


@pytest.mark.parametrize("temperature", [4, 8, 20])
def test_distilled_accuracy_varies_less_across_splits_than_the_student_alone(distillation_results, temperature):
    assert np.std(distillation_results[f"T={temperature}"]) < np.std(distillation_results["alone"])


def test_the_student_without_labels_comes_within_about_one_point_of_the_teacher(distillation_results):
    shortfall = np.mean(distillation_results["teacher"]) - np.mean(distillation_results["no labels"])
    assert 0 < shortfall < 0.015


def test_a_teacher_labelling_jittered_copies_closes_over_70_percent_of_the_gap_and_over_half_on_every_split():
    rows = [row for row in results("distillation")["rows"] if isinstance(row["seed"], int)]
    gaps = np.array([row["gap closed (jittered T=8)"] for row in rows])
    assert gaps.mean() > 0.7 and (gaps > 0.5).all()


def test_the_same_jittered_copies_without_a_teacher_barely_help():
    rows = {row["seed"]: row for row in results("distillation")["rows"]}
    mean = rows["mean"]
    assert (mean["jittered, no teacher"] - mean["alone"]) / (mean["teacher"] - mean["alone"]) < 0.15


# --- gan: the mode-collapse table's claims ------------------------------------------------------


@pytest.fixture
def gan_mode_results() -> dict[tuple[str, str], dict[str, float]]:
    """Our rows of the gan_modes results file (the table lectures/gan.md renders): means over seeds."""
    return {
        (row["data"], row["recipe"]): {
            "modes": row["modes"][0], "modes_std": row["modes"][1],
            "high_quality": row["high_quality_percent"][0], "kl": row["kl_uniform"][0],
        }
        for row in results("gan_modes")["rows"]
    }


def leading_number(text: str) -> float:
    """The published value of a cell such as "6.3 ± 0.5" (its standard error dropped)."""
    return float(str(text).split("±")[0])


def published_rows() -> dict[str, list[dict]]:
    """The published rows the table compares with (benchmarks/published.yml), method named with its source."""
    published = yaml.safe_load((ROOT / "benchmarks" / "published.yml").read_text(encoding="utf-8"))
    rows: dict[str, list[dict]] = {}
    for entry in published["gan_modes"]:
        label = published["sources"][entry["source"]]["label"]["en"]
        method = entry["method"] if label.startswith(entry["method"]) else f"{entry['method']} ({label})"
        rows.setdefault(entry["data"], []).append(
            {"method": method, "modes": leading_number(entry["modes"]), "high_quality": leading_number(entry["high_quality_percent"])})
    return rows


def test_the_original_gan_with_256_dimensional_noise_collapses_on_the_ring(gan_mode_results):
    row = gan_mode_results[("ring", "gan-z256")]
    assert row["modes"] < 1 and row["kl"] > 0.8 * math.log(8)


def test_the_published_ring_gan_rows_that_cover_few_modes_hit_them_precisely():
    gans = [r for r in published_rows()["ring"] if r["method"].startswith("GAN")]
    assert gans and all(r["high_quality"] > 90 for r in gans)


def test_the_pacgan_recipe_finds_all_eight_ring_modes_in_every_seed_in_almost_equal_shares(gan_mode_results):
    for recipe in ("pacgan-z256", "pacgan-z2", "gan-z2"):
        assert gan_mode_results[("ring", recipe)]["modes"] == 8.0  # the maximum, so every seed has 8
    assert gan_mode_results[("ring", "pacgan-z256")]["kl"] < 0.01


def test_pacgan_z256_samples_on_the_ring_are_fewer_than_one_in_ten_high_quality(gan_mode_results):
    assert gan_mode_results[("ring", "pacgan-z256")]["high_quality"] < 10


def test_the_published_pacgan_rows_reach_nearly_every_mode_with_over_90_percent_high_quality():
    for data, most in (("ring", 8), ("grid", 25)):
        pacgans = [r for r in published_rows()[data] if r["method"].startswith("PacGAN")]
        assert pacgans and all(r["high_quality"] > 90 and r["modes"] >= 0.95 * most for r in pacgans)


def test_pacgan_z2_has_the_highest_ring_precision_and_gan_z2_over_ten_times_its_kl(gan_mode_results):
    ring = {recipe: row for (data, recipe), row in gan_mode_results.items() if data == "ring"}
    assert max(ring, key=lambda recipe: ring[recipe]["high_quality"]) == "pacgan-z2"
    assert ring["gan-z2"]["kl"] > 10 * ring["pacgan-z2"]["kl"]


def test_on_the_grid_packing_covers_more_modes_more_evenly_but_less_precisely(gan_mode_results):
    for noise in ("z256", "z2"):
        gan, pacgan = gan_mode_results[("grid", f"gan-{noise}")], gan_mode_results[("grid", f"pacgan-{noise}")]
        assert pacgan["modes"] > gan["modes"] and pacgan["kl"] < gan["kl"]
        assert pacgan["high_quality"] < 10 < gan_mode_results[("grid", "gan-z2")]["high_quality"]


def test_on_the_grid_our_precision_is_far_below_the_published_veegan_pacgan_and_gdpp_rows(gan_mode_results):
    ours = max(row["high_quality"] for (data, _), row in gan_mode_results.items() if data == "grid")
    theirs = [r for r in published_rows()["grid"] if r["method"].split()[0] in {"VEEGAN", "GDPP"} or r["method"].startswith("PacGAN")]
    assert len(theirs) == 5 and all(r["high_quality"] > ours for r in theirs)


# --- home pages: the chapter table names chapters as their pages do -----------------------------


@pytest.mark.parametrize("lang", DOCS)
def test_home_page_chapter_table_uses_the_pages_own_titles(lang):
    home = (DOCS[lang] / "index.md").read_text(encoding="utf-8")
    links = re.findall(r"\[([^\]]+)\]\(((?:lectures|tutorials|api)/[^)]+)\)", home)
    assert len(links) == 15
    for text, target in links:
        assert text == render.page_title(lang, target), target


# --- gan: what the recipes differ in -------------------------------------------------------------


@pytest.mark.parametrize("noise", ["z256", "z2"])
def test_a_pacgan_recipe_differs_from_its_gan_twin_in_packing_and_adam_betas_and_nothing_else(noise):
    gan, pacgan = (dataclasses.asdict(RECIPES[f"{name}-{noise}"]) for name in ("gan", "pacgan"))
    assert {field for field in gan if gan[field] != pacgan[field]} == {"pack", "betas"}
    assert (gan["betas"], pacgan["betas"]) == ((0.5, 0.999), (0.0, 0.9))
    assert (gan["pack"], pacgan["pack"]) == (1, 2)


# --- gan: the ablation of PacGAN's two changes, WGAN-GP and the grid target ------------------------


def test_packing_alone_cures_the_ring_collapse_and_the_betas_alone_do_not(gan_mode_results):
    assert gan_mode_results[("ring", "packing-only-z256")]["modes"] == 8.0  # the maximum: 8 in every seed
    betas = gan_mode_results[("ring", "betas-only-z256")]
    assert betas["modes"] < 2 and betas["kl"] > 0.8 * math.log(8)


@pytest.mark.parametrize("noise", ["z256", "z2"])
def test_on_the_grid_packing_alone_costs_precision_and_the_betas_alone_leave_modes_uneven(gan_mode_results, noise):
    packing, betas = gan_mode_results[("grid", f"packing-only-{noise}")], gan_mode_results[("grid", f"betas-only-{noise}")]
    gan = gan_mode_results[("grid", f"gan-{noise}")]
    assert packing["high_quality"] < min(betas["high_quality"], gan["high_quality"])
    assert betas["kl"] > 3 * packing["kl"] and betas["modes"] <= gan["modes"] + 2


def test_on_the_grid_pacgan_z2_covers_more_modes_than_either_change_alone(gan_mode_results):
    both = gan_mode_results[("grid", "pacgan-z2")]["modes"]
    assert both > max(gan_mode_results[("grid", f"{change}-only-z2")]["modes"] for change in ("packing", "betas"))


def test_wgan_gp_at_this_budget_covers_far_fewer_ring_modes_than_pacgan(gan_mode_results):
    for noise in ("z256", "z2"):
        assert gan_mode_results[("ring", f"wgan-gp-{noise}")]["modes"] < gan_mode_results[("ring", f"pacgan-{noise}")]["modes"] - 3


def test_no_recipe_reaches_24_grid_modes_with_80_percent_high_quality(gan_mode_results):
    grid = [row for (data, _), row in gan_mode_results.items() if data == "grid"]
    assert len(grid) == 10 and not any(row["modes"] >= 24 and row["high_quality"] >= 80 for row in grid)
