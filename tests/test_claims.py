"""Claims the lecture pages make in prose, proved here.

Where a page says "only", "every", "all", "at most" or "about" about a number, a test below
computes or checks it. Claims about benchmark tables are checked against the numbers as they
stand in the tables today, held in the fixtures `distillation_results` and `gan_mode_results`.
When the tables move into results files rendered by the build, those two fixtures should load
the results files instead, so that the prose is checked against whatever the benchmark wrote.
"""

from __future__ import annotations

import dataclasses
import math
import pathlib
import re

import numpy as np
import pytest
import yaml

from genai_notes.autoregression import gpt_parameter_count
from genai_notes.entropy import cross_entropy, squared_error
from genai_notes.gan import RECIPES

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


@pytest.fixture
def distillation_results() -> dict[str, list[float]]:
    """Test accuracies per seed, as in the table of lectures/distillation.md today.

    Columns: teacher, alone, T=1, T=2, T=4, T=8, T=20, no labels (seeds 0 to 9).
    To be pointed at the distillation results file once the build renders the table from it.
    """
    rows = [
        (0.9866, 0.9012, 0.9012, 0.9129, 0.9464, 0.9497, 0.9598, 0.9799),
        (0.9749, 0.8744, 0.8894, 0.8978, 0.9296, 0.9280, 0.9263, 0.9615),
        (0.9883, 0.9012, 0.9028, 0.9229, 0.9548, 0.9531, 0.9497, 0.9832),
        (0.9799, 0.9095, 0.9129, 0.9330, 0.9380, 0.9481, 0.9414, 0.9631),
        (0.9732, 0.8744, 0.8811, 0.9095, 0.9380, 0.9430, 0.9497, 0.9631),
        (0.9832, 0.9112, 0.9146, 0.9397, 0.9497, 0.9564, 0.9564, 0.9765),
        (0.9832, 0.8409, 0.8526, 0.9062, 0.9347, 0.9414, 0.9430, 0.9732),
        (0.9816, 0.8744, 0.8861, 0.9129, 0.9397, 0.9397, 0.9464, 0.9665),
        (0.9866, 0.8760, 0.8811, 0.9112, 0.9296, 0.9363, 0.9397, 0.9715),
        (0.9799, 0.8961, 0.8995, 0.9464, 0.9598, 0.9581, 0.9531, 0.9782),
    ]
    names = ["teacher", "alone", *(f"T={t}" for t in TEMPERATURES), "no labels"]
    return {name: [row[i] for row in rows] for i, name in enumerate(names)}


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


# --- gan: the mode-collapse table's claims ------------------------------------------------------


@pytest.fixture
def gan_mode_results() -> dict[tuple[str, str], dict[str, float]]:
    """Our rows of the table in lectures/gan.md today: means over 5 seeds (and the std of modes).

    To be pointed at the gan_modes results file once the build renders the table from it.
    """
    columns = ("modes", "modes_std", "high_quality", "kl")
    rows = {
        ("ring", "gan-z256"): (0.6, 0.5, 2.1, 1.876),
        ("ring", "pacgan-z256"): (8.0, 0.0, 8.4, 0.009),
        ("ring", "gan-z2"): (8.0, 0.0, 86.8, 0.215),
        ("ring", "pacgan-z2"): (8.0, 0.0, 90.0, 0.003),
        ("grid", "gan-z256"): (18.0, 2.9, 2.6, 0.135),
        ("grid", "pacgan-z256"): (22.0, 1.0, 3.3, 0.025),
        ("grid", "gan-z2"): (19.0, 1.9, 31.0, 0.450),
        ("grid", "pacgan-z2"): (24.0, 1.0, 6.6, 0.017),
    }
    return {key: dict(zip(columns, values)) for key, values in rows.items()}


def published_rows() -> dict[str, list[dict]]:
    table = {
        "ring": [{"method": "GAN (VEEGAN paper)", "modes": 1, "high_quality": 99.3}],
        "grid": [{"method": "GAN (VEEGAN paper)", "modes": 3.3, "high_quality": 0.5},
                 {"method": "VEEGAN", "modes": 24.6, "high_quality": 40},
                 {"method": "GDPP", "modes": 24.8, "high_quality": 68.5}],
    }
    extra = yaml.safe_load((ROOT / "docs" / "published-rows-to-add.yml").read_text(encoding="utf-8"))["rows"]
    return {data: table[data] + extra[data] for data in table}


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


def page_title(path: pathlib.Path) -> str:
    text = path.read_text(encoding="utf-8")
    pattern = r"^# # (.+)$" if path.suffix == ".py" else r"^# (.+)$"
    return re.search(pattern, text, re.M).group(1).strip()


@pytest.mark.parametrize("lang", DOCS)
def test_home_page_chapter_table_uses_the_pages_own_titles(lang):
    home = (DOCS[lang] / "index.md").read_text(encoding="utf-8")
    links = re.findall(r"\[([^\]]+)\]\(((?:lectures|tutorials|api)/[^)]+)\)", home)
    assert len(links) == 15
    for text, target in links:
        assert text == page_title(DOCS[lang] / target), target


# --- gan: what the recipes differ in -------------------------------------------------------------


@pytest.mark.parametrize("noise", ["z256", "z2"])
def test_a_pacgan_recipe_differs_from_its_gan_twin_in_packing_and_adam_betas_and_nothing_else(noise):
    gan, pacgan = (dataclasses.asdict(RECIPES[f"{name}-{noise}"]) for name in ("gan", "pacgan"))
    assert {field for field in gan if gan[field] != pacgan[field]} == {"pack", "betas"}
    assert (gan["betas"], pacgan["betas"]) == ((0.5, 0.999), (0.0, 0.9))
    assert (gan["pack"], pacgan["pack"]) == (1, 2)
