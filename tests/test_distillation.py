"""Tests of genai_notes.distillation: the loss against hand-computed values and torch built-ins,
its argument checks, the shared digits experiment, and the chapter's figures."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from genai_notes import entropy
from genai_notes.distillation import (
    STUDENT_HIDDEN,
    TEACHER_HIDDEN,
    accuracy,
    distillation_loss,
    gap_closed,
    jitter,
    load_digits_split,
    mlp,
    soft_targets,
    train,
    train_student,
    train_teacher,
    train_student_jittered,
)
from genai_notes.figures import render_svg

logit_rows = arrays(np.float64, (4, 5), elements=st.floats(-8, 8))
temperatures = st.floats(0.25, 30)


def as_tensor(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64)


# --- the issue's test vector ---------------------------------------------------------


@pytest.mark.parametrize(("temperature", "expected"), [(1.0, 0.266217), (2.0, 0.313684), (4.0, 0.328202)])
def test_issue_vector(temperature, expected):
    teacher, student = as_tensor([[2.0, 1.0, 0.0]]), as_tensor([[0.0, 0.0, 0.0]])
    loss = distillation_loss(student, teacher, temperature=temperature, alpha=1.0)
    assert round(loss.item(), 6) == expected


def test_kl_at_t1_by_hand():
    # Against a uniform student, KL(p || u) = log 3 − H(p).
    p = np.exp([2.0, 1.0, 0.0]) / np.exp([2.0, 1.0, 0.0]).sum()
    by_hand = np.log(3) + (p * np.log(p)).sum()
    loss = distillation_loss(as_tensor([0.0, 0.0, 0.0]), as_tensor([2.0, 1.0, 0.0]), alpha=1.0)
    assert loss.item() == pytest.approx(by_hand, rel=1e-12)


# --- agreement with torch and with the NumPy entropy chapter ---------------------------


@settings(deadline=None, max_examples=50)
@given(logit_rows, logit_rows, temperatures, st.floats(0, 1), st.lists(st.integers(0, 4), min_size=4, max_size=4))
def test_matches_torch_builtins(z, v, temperature, alpha, labels):
    z, v, y = as_tensor(z), as_tensor(v), torch.tensor(labels)
    kl = F.kl_div(F.log_softmax(z / temperature, -1), F.log_softmax(v / temperature, -1), log_target=True, reduction="batchmean")
    expected = alpha * temperature**2 * kl + (1 - alpha) * F.cross_entropy(z, y)
    assert distillation_loss(z, v, y, temperature, alpha).item() == pytest.approx(expected.item(), rel=1e-9, abs=1e-12)


@settings(deadline=None, max_examples=50)
@given(logit_rows, logit_rows, temperatures)
def test_matches_numpy_kl_of_entropy_chapter(z, v, temperature):
    p, q = entropy.softmax(v, temperature), entropy.softmax(z, temperature)
    expected = temperature**2 * entropy.kl_divergence(p, q).mean()
    loss = distillation_loss(as_tensor(z), as_tensor(v), temperature=temperature, alpha=1.0)
    assert loss.item() == pytest.approx(expected, rel=1e-7, abs=1e-10)


@settings(deadline=None, max_examples=50)
@given(logit_rows, logit_rows, temperatures)
def test_soft_term_is_zero_only_when_student_copies_teacher(z, v, temperature):
    assert distillation_loss(as_tensor(v), as_tensor(v), temperature=temperature, alpha=1.0).item() == pytest.approx(0, abs=1e-12)
    assert distillation_loss(as_tensor(z), as_tensor(v), temperature=temperature, alpha=1.0).item() >= -1e-12


def test_alpha_zero_is_plain_cross_entropy():
    z, v, y = as_tensor([[1.0, -1.0, 0.5], [0.0, 2.0, 1.0]]), as_tensor([[9.0, 0.0, 0.0], [0.0, 0.0, 9.0]]), torch.tensor([2, 1])
    assert distillation_loss(z, v, y, temperature=5.0, alpha=0.0).item() == pytest.approx(F.cross_entropy(z, y).item(), rel=1e-12)


def test_one_dimensional_logits_are_a_batch_of_one():
    z, v = as_tensor([0.3, -0.2, 1.0]), as_tensor([1.0, 0.0, -1.0])
    single = distillation_loss(z, v, torch.tensor(1), temperature=3.0, alpha=0.4)
    batch = distillation_loss(z[None], v[None], torch.tensor([1]), temperature=3.0, alpha=0.4)
    assert single.item() == pytest.approx(batch.item(), rel=1e-12)


# --- why T²: gradient scale ---------------------------------------------------------------


def _soft_gradient(z: torch.Tensor, v: torch.Tensor, temperature: float) -> torch.Tensor:
    z = z.clone().requires_grad_(True)
    distillation_loss(z, v, temperature=temperature, alpha=1.0).backward()
    return z.grad


def test_gradient_is_q_minus_p_times_t():
    # ∂(T²·KL)/∂z = T (q − p) / N  (Hinton et al., eq. 2, times T²)
    z, v, t = as_tensor([[0.5, -1.0, 2.0], [0.0, 0.0, 1.0]]), as_tensor([[1.0, 0.0, -1.0], [3.0, 0.0, 0.0]]), 3.0
    expected = t * (torch.softmax(z / t, -1) - torch.softmax(v / t, -1)) / 2
    assert torch.allclose(_soft_gradient(z, v, t), expected, rtol=1e-10)


def test_scaled_gradient_tends_to_logit_matching():
    # For large T and zero-mean logits, T²·∂KL/∂z_i → (z_i − v_i) / (N·C): matching logits.
    z, v = as_tensor([[1.0, -2.0, 1.0]]), as_tensor([[2.0, 0.0, -2.0]])
    assert torch.allclose(_soft_gradient(z, v, 1000.0), (z - v) / 3, rtol=1e-2)


def test_bare_kl_gradient_shrinks_like_one_over_t_squared():
    z, v = as_tensor([[1.0, -2.0, 1.0]]), as_tensor([[2.0, 0.0, -2.0]])
    bare = [(_soft_gradient(z, v, t) / t**2).norm().item() for t in (100.0, 200.0)]
    assert bare[0] / bare[1] == pytest.approx(4.0, rel=1e-2)


# --- soft targets ------------------------------------------------------------------------


def test_soft_targets_recover_the_lecture_example():
    answer = as_tensor([0.7, 0.25, 0.05])
    assert torch.allclose(soft_targets(answer.log()), answer)


@settings(deadline=None, max_examples=50)
@given(logit_rows, temperatures, temperatures)
def test_soft_targets_flatten_as_temperature_grows(v, t1, t2):
    low, high = sorted((t1, t2))
    p_low, p_high = soft_targets(as_tensor(v), low), soft_targets(as_tensor(v), high)
    assert torch.allclose(p_low.sum(-1), torch.ones(4, dtype=torch.float64))
    assert (entropy.entropy(p_high.numpy()) >= entropy.entropy(p_low.numpy()) - 1e-9).all()
    # Dividing by T keeps the order of the logits, so it keeps the order of the probabilities.
    bigger = as_tensor(v)[:, :, None] > as_tensor(v)[:, None, :]
    assert (p_high[:, :, None] >= p_high[:, None, :])[bigger].all()


def test_soft_targets_match_torch_softmax_and_keep_ranking():
    v = as_tensor([[3.0, -1.0, 0.5, 2.0]])
    for t in (0.5, 1.0, 7.0):
        p = soft_targets(v, t)
        assert torch.allclose(p, torch.softmax(v / t, -1))
        assert p.argsort().tolist() == v.argsort().tolist()
    assert torch.allclose(soft_targets(v, 1e6), torch.full((1, 4), 0.25, dtype=torch.float64), atol=1e-5)


# --- bad input -----------------------------------------------------------------------------


Z, V, Y = torch.zeros(2, 3), torch.ones(2, 3), torch.tensor([0, 2])


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        ({"temperature": 0.0}, ValueError, "temperature"),
        ({"temperature": -1.0}, ValueError, "temperature"),
        ({"alpha": 1.5}, ValueError, "alpha"),
        ({"alpha": -0.1}, ValueError, "alpha"),
        ({"teacher_logits": torch.ones(2, 4)}, ValueError, "same shape"),
        ({"labels": torch.tensor([0, 3])}, ValueError, "labels"),
        ({"labels": torch.tensor([0, -1])}, ValueError, "labels"),
        ({"labels": torch.tensor([0, 1, 2])}, ValueError, "labels"),
        ({"labels": None, "alpha": 0.5}, ValueError, "labels"),
        ({"labels": torch.tensor([0.0, 1.0])}, TypeError, "labels"),
        ({"student_logits": [[0.0, 0.0, 0.0]] * 2}, TypeError, "student_logits"),
        ({"student_logits": torch.zeros(2, 3, dtype=torch.long)}, TypeError, "student_logits"),
        ({"student_logits": torch.tensor([[float("nan"), 0.0, 0.0]] * 2)}, ValueError, "student_logits"),
        ({"teacher_logits": torch.tensor([[float("inf"), 0.0, 0.0]] * 2)}, ValueError, "teacher_logits"),
        ({"student_logits": torch.zeros(2, 3, 1), "teacher_logits": torch.zeros(2, 3, 1)}, ValueError, "student_logits"),
        ({"student_logits": torch.zeros(0, 3), "teacher_logits": torch.zeros(0, 3)}, ValueError, "student_logits"),
    ],
)
def test_bad_input_names_the_argument(kwargs, error, message):
    arguments = {"student_logits": Z, "teacher_logits": V, "labels": Y, "temperature": 2.0, "alpha": 0.5} | kwargs
    with pytest.raises(error, match=message):
        distillation_loss(**arguments)


def test_labels_may_be_omitted_only_when_alpha_is_one():
    assert distillation_loss(Z, V, alpha=1.0).item() == 0.0  # equal rows: identical distributions
    with pytest.raises(ValueError, match="labels"):
        distillation_loss(Z, V, alpha=0.99)


def test_soft_targets_bad_input():
    with pytest.raises(ValueError, match="temperature"):
        soft_targets(V, 0.0)
    with pytest.raises(TypeError, match="teacher_logits"):
        soft_targets([1.0, 2.0], 1.0)
    # z/T would overflow float32: rejected with the accepted range, never a nan.
    with pytest.raises(ValueError, match=r"temperature must be in \[0.01, 1000000.0\], got 1e-300"):
        soft_targets(V, temperature=1e-300)
    with pytest.raises(ValueError, match="teacher_logits must be scores of magnitude <= 10000"):
        soft_targets(torch.tensor([1e30, 0.0]), 1.0)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: train(torch.nn.Linear(64, 10), torch.zeros(2, 64), lambda z: z.sum(), epochs=True, lr=0.1), "epochs must be an integer"),
        (lambda: train("model", torch.zeros(2, 64), lambda z: z.sum(), epochs=1, lr=0.1), "model must be a torch.nn.Module"),
        (lambda: load_digits_split(per_class=2.5), "per_class must be an integer"),
        (lambda: load_digits_split(n_test="10"), "n_test must be an integer"),
        (lambda: train_student(torch.zeros(2, 64), [0, 1]), "labels must be a torch.Tensor"),
        (lambda: accuracy(torch.nn.Identity(), [[0.0, 1.0]], torch.tensor([1])), "inputs must be a torch.Tensor"),
        (lambda: gap_closed(0.9, "0.8", 0.85), "alone must be a real number"),
    ],
)
def test_wrong_types_raise_type_error_naming_the_argument(call, message):
    with pytest.raises(TypeError, match=message):
        call()


# --- the digits experiment -------------------------------------------------------------------


@pytest.fixture(scope="module")
def split():
    return load_digits_split(per_class=10, seed=0)


def test_split_shapes_ranges_and_balance(split):
    assert tuple(split.x_train.shape) == (1200, 64) and tuple(split.x_test.shape) == (597, 64)
    assert len(split.y_train) + len(split.y_test) == 1797
    assert torch.bincount(split.y_few, minlength=10).tolist() == [10] * 10
    assert 0.0 <= split.x_train.min().item() and split.x_train.max().item() == 1.0


def test_few_images_come_from_the_training_set(split):
    rows = {tuple(row.tolist()) for row in split.x_train}
    assert all(tuple(row.tolist()) in rows for row in split.x_few)
    for x, y in zip(split.x_few, split.y_few):
        matches = (split.x_train == x).all(dim=1)
        assert y.item() in split.y_train[matches].tolist()


def test_split_is_deterministic_per_seed(split):
    again, other = load_digits_split(seed=0), load_digits_split(seed=1)
    assert torch.equal(again.x_test, split.x_test) and torch.equal(again.y_few, split.y_few)
    assert not torch.equal(other.x_test, split.x_test)


@pytest.mark.parametrize(("kwargs", "message"), [({"per_class": 0}, "per_class"), ({"per_class": 10_000}, "per_class"), ({"n_test": 0}, "n_test")])
def test_split_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        load_digits_split(**kwargs)


def test_model_sizes_and_seeded_initialisation():
    count = lambda model: sum(p.numel() for p in model.parameters())  # noqa: E731
    assert count(mlp(TEACHER_HIDDEN)) == 64 * 256 + 256 + 256 * 256 + 256 + 256 * 10 + 10
    assert count(mlp(STUDENT_HIDDEN)) == 64 * 32 + 32 + 32 * 10 + 10
    assert any(isinstance(layer, torch.nn.Dropout) for layer in mlp((8,), dropout=0.3))
    first, second = mlp((8,), seed=3), mlp((8,), seed=3)
    assert all(torch.equal(a, b) for a, b in zip(first.parameters(), second.parameters()))


@pytest.mark.parametrize(("kwargs", "message"), [({"hidden": ()}, "hidden"), ({"hidden": (8, 0)}, "hidden"), ({"hidden": (8,), "dropout": 1.0}, "dropout")])
def test_mlp_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        mlp(**kwargs)


def test_train_lowers_the_loss_and_returns_eval_mode():
    x, y = torch.randn(40, 64, generator=torch.Generator().manual_seed(0)), torch.arange(40) % 10
    model = mlp((16,), dropout=0.1)
    loss = lambda logits: F.cross_entropy(logits, y)  # noqa: E731
    before = loss(model(x)).item()
    model = train(model, x, loss, epochs=50, lr=1e-2, noise=0.05)
    assert not model.training
    assert loss(model(x)).item() < before / 2
    with pytest.raises(ValueError, match="epochs"):
        train(model, x, loss, epochs=0, lr=1e-2)
    with pytest.raises(ValueError, match="lr"):
        train(model, x, loss, epochs=1, lr=0.0)


def test_accuracy_by_hand():
    logits = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7]])
    assert accuracy(torch.nn.Identity(), logits, torch.tensor([0, 1, 1, 1])) == 0.75
    with pytest.raises(ValueError, match="labels"):
        accuracy(torch.nn.Identity(), logits, torch.tensor([0, 1]))


def test_gap_closed_by_hand():
    assert gap_closed(0.98, 0.88, 0.88) == pytest.approx(0.0)
    assert gap_closed(0.98, 0.88, 0.98) == pytest.approx(1.0)
    assert gap_closed(0.9, 0.8, 0.85) == pytest.approx(0.5)
    with pytest.raises(ValueError, match="teacher"):
        gap_closed(0.8, 0.8, 0.9)
    with pytest.raises(ValueError, match="distilled"):
        gap_closed(0.9, 0.8, 1.2)


def test_student_without_teacher_needs_labels(split):
    with pytest.raises(ValueError, match="labels"):
        train_student(split.x_few, None)


def test_distillation_helps_the_few_label_student(split):
    """The tutorial's claim on seed 0: soft targets from a strong teacher beat the same 100 labels alone."""
    teacher = train_teacher(split.x_train, split.y_train)
    teacher_acc = accuracy(teacher, split.x_test, split.y_test)
    alone = accuracy(train_student(split.x_few, split.y_few), split.x_test, split.y_test)
    cold = accuracy(train_student(split.x_few, split.y_few, teacher=teacher, temperature=1.0), split.x_test, split.y_test)
    hot = accuracy(train_student(split.x_few, split.y_few, teacher=teacher, temperature=8.0), split.x_test, split.y_test)
    assert teacher_acc > 0.95 > alone
    assert hot > alone + 0.02 and hot > cold  # the temperature is what brings the wrong classes out
    assert gap_closed(teacher_acc, alone, hot) > 0.3


# --- a jittered transfer set ---------------------------------------------------------------------


def test_jitter_moves_each_image_by_at_most_one_pixel_and_keeps_its_ink(split):
    images = split.x_few
    moved = jitter(images, torch.Generator().manual_seed(0), noise=0.0)
    shifts = [(dy, dx) for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
    padded = torch.nn.functional.pad(images.reshape(-1, 8, 8), (1, 1, 1, 1))
    candidates = torch.stack([padded[:, 1 - dy : 9 - dy, 1 - dx : 9 - dx].reshape(-1, 64) for dy, dx in shifts])
    assert ((candidates - moved).abs().amax(dim=2) == 0).any(dim=0).all()  # each output is one of the 9 shifts
    assert (moved.sum(dim=1) <= images.sum(dim=1) + 1e-6).all()  # pixels only leave at the border


def test_jitter_noise_has_the_requested_scale(split):
    images = split.x_train
    generator = torch.Generator().manual_seed(0)
    clean = jitter(images, torch.Generator().manual_seed(0), noise=0.0)
    noisy = jitter(images, generator, noise=0.1)
    assert abs((noisy - clean).std().item() - 0.1) < 0.005


def test_jittered_student_without_teacher_learns_the_copied_labels(split):
    student = train_student_jittered(split.x_few, split.y_few, seed=0)
    again = train_student_jittered(split.x_few, split.y_few, seed=0)
    assert accuracy(student, split.x_few, split.y_few) == 1.0
    assert torch.equal(student(split.x_test), again(split.x_test))  # seeded


def test_jittered_transfer_set_closes_more_of_the_gap(split):
    """Seed 0: the teacher's answers on jittered copies of the 100 images teach more than the 100 alone."""
    teacher = train_teacher(split.x_train, split.y_train)
    test = split.x_test, split.y_test
    teacher_acc, alone = accuracy(teacher, *test), accuracy(train_student(split.x_few, split.y_few), *test)
    plain = accuracy(train_student(split.x_few, split.y_few, teacher=teacher, temperature=8.0), *test)
    jittered = accuracy(train_student_jittered(split.x_few, split.y_few, teacher=teacher, temperature=8.0), *test)
    assert jittered > plain and gap_closed(teacher_acc, alone, jittered) > 0.7


# --- figures -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "zh", "en"),
    [("distillation-temperature", "白尾八哥", "Javan myna"), ("distillation-gradient", "溫度 T", "temperature T")],
)
def test_figures_render_in_both_languages(name, zh, en):
    svg_zh, svg_en = render_svg(name, "zh"), render_svg(name, "en")
    assert zh in svg_zh and en not in svg_zh
    assert en in svg_en and zh not in svg_en


def test_temperature_figure_shows_every_temperature():
    svg = render_svg("distillation-temperature", "en")
    assert all(f"T = {t}" in svg for t in (1, 2, 4, 10))
