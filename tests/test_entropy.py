"""genai_notes.entropy: hand-computed values, agreement with PyTorch, edge cases, bad input, properties."""

import math
import re

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from genai_notes._validate import PROBABILITY_ATOL
from genai_notes.entropy import (
    cross_entropy,
    entropy,
    information,
    kl_divergence,
    log_softmax,
    softmax,
    squared_error,
)

TORCH_TOLERANCE = 1e-6


# --- the lecture's numbers -------------------------------------------------------------------


def test_lecture_example_squared_error_prefers_b_cross_entropy_does_not():
    answer = [1, 0, 0]
    assert squared_error(answer, [0.6, 0.3, 0.1]) == pytest.approx(0.26)
    assert squared_error(answer, [0.6, 0.2, 0.2]) == pytest.approx(0.24)
    assert cross_entropy(answer, [0.6, 0.3, 0.1]) == pytest.approx(-math.log(0.6))
    assert cross_entropy(answer, [0.6, 0.2, 0.2]) == pytest.approx(-math.log(0.6))


def test_information_in_bits_and_nats():
    assert information(0.5, base=2) == 1.0
    assert information(0.25, base=2) == pytest.approx(2.0)
    assert information(math.exp(-3)) == pytest.approx(3.0)
    assert information(1.0) == 0.0
    assert information(0.0) == math.inf


def test_entropy_of_fair_coin_and_die():
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert entropy([1 / 8] * 8, base=2) == pytest.approx(3.0)
    assert entropy([1.0, 0.0, 0.0]) == 0.0


def test_kl_is_cross_entropy_minus_entropy():
    p, q = [0.7, 0.2, 0.1], [0.6, 0.3, 0.1]
    assert kl_divergence(p, q) == pytest.approx(cross_entropy(p, q) - entropy(p))
    assert kl_divergence(p, p) == 0.0


def test_softmax_known_values_and_temperature():
    np.testing.assert_allclose(softmax([0.0, 0.0]), [0.5, 0.5])
    np.testing.assert_allclose(softmax([math.log(3), 0.0]), [0.75, 0.25])
    # Temperature 2 on logits z is softmax of z / 2.
    np.testing.assert_allclose(softmax([2.0, 0.0], temperature=2.0), softmax([1.0, 0.0]))


# --- conventions and numerical stability -----------------------------------------------------


def test_zero_log_zero_is_zero_and_missing_mass_is_inf_not_nan():
    assert cross_entropy([0.5, 0.5, 0.0], [0.5, 0.5, 0.0]) == pytest.approx(math.log(2))
    assert cross_entropy([1.0, 0.0], [0.0, 1.0]) == math.inf
    assert kl_divergence([1.0, 0.0], [0.0, 1.0]) == math.inf
    assert kl_divergence([0.0, 1.0], [0.5, 0.5]) == pytest.approx(math.log(2))


@pytest.mark.parametrize("logits", [[1e4, -1e4], [1e4, 1e4 - 1], [-1e4, -1e4 + 1, -1e4 + 2]])
def test_large_logits_stay_finite(logits):
    probs = softmax(logits)
    assert np.isfinite(probs).all() and probs.sum() == pytest.approx(1.0)
    assert np.isfinite(log_softmax(logits)).all()
    np.testing.assert_allclose(probs, torch.softmax(torch.tensor(logits, dtype=torch.float64), -1).numpy())


def test_batches_along_last_axis_and_other_axis():
    logits = np.array([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0]])
    np.testing.assert_allclose(softmax(logits).sum(axis=-1), [1.0, 1.0])
    np.testing.assert_allclose(softmax(logits, axis=0).sum(axis=0), [1.0, 1.0, 1.0])
    probs = softmax(logits)
    np.testing.assert_allclose(entropy(probs), [entropy(probs[0]), entropy(probs[1])])


# --- agreement with PyTorch ------------------------------------------------------------------


@pytest.fixture
def random_logits():
    return np.random.default_rng(7).normal(scale=4.0, size=(64, 10))


def test_softmax_and_log_softmax_match_torch(random_logits):
    as_torch = torch.tensor(random_logits)
    for temperature in [0.3, 1.0, 2.5]:
        expected = torch.softmax(as_torch / temperature, dim=-1).numpy()
        np.testing.assert_allclose(softmax(random_logits, temperature), expected, atol=TORCH_TOLERANCE)
    np.testing.assert_allclose(log_softmax(random_logits), F.log_softmax(as_torch, dim=-1).numpy(), atol=TORCH_TOLERANCE)


def test_cross_entropy_kl_and_entropy_match_torch(random_logits):
    p = softmax(random_logits[:32])
    q = softmax(random_logits[32:])
    p_t, q_logits = torch.tensor(p), torch.tensor(random_logits[32:])
    ce_torch = F.cross_entropy(q_logits, p_t, reduction="none").numpy()
    np.testing.assert_allclose(cross_entropy(p, q), ce_torch, atol=TORCH_TOLERANCE)
    kl_torch = F.kl_div(torch.tensor(q).log(), p_t, reduction="none").sum(-1).numpy()
    np.testing.assert_allclose(kl_divergence(p, q), kl_torch, atol=TORCH_TOLERANCE)
    entropy_torch = torch.distributions.Categorical(probs=p_t).entropy().numpy()
    np.testing.assert_allclose(entropy(p), entropy_torch, atol=TORCH_TOLERANCE)


def test_one_hot_cross_entropy_matches_torch_class_index(random_logits):
    labels = np.arange(len(random_logits)) % random_logits.shape[1]
    one_hot = np.eye(random_logits.shape[1])[labels]
    ce_torch = F.cross_entropy(torch.tensor(random_logits), torch.tensor(labels), reduction="none").numpy()
    np.testing.assert_allclose(cross_entropy(one_hot, softmax(random_logits)), ce_torch, atol=TORCH_TOLERANCE)


# --- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: softmax([1.0, 2.0], temperature=0), "temperature must be > 0"),
        (lambda: softmax([1.0, 2.0], temperature=-1.0), "temperature must be > 0"),
        (lambda: softmax([]), "logits must not be empty"),
        (lambda: softmax([1.0, float("nan")]), "logits contains NaN"),
        (lambda: softmax([1.0, float("inf")]), "logits must not contain +inf"),
        (lambda: softmax([-np.inf, -np.inf]), "logits must have a finite score in every distribution"),
        (lambda: softmax([1.0, 2.0], axis=1), "axis must be an axis of an array with 1 dimensions"),
        (lambda: squared_error([1e200], [-1e200]), "p and q are too large"),
        (lambda: squared_error([np.inf], [np.inf]), "p must be finite"),
        (lambda: information(0.25, base=0.5), "base must be > 1"),
        (lambda: entropy([0.5, 0.6]), "p must sum to 1"),
        (lambda: entropy([1.5, -0.5]), "p must not contain negative"),
        (lambda: cross_entropy([1, 0, 0], [0.5, 0.5]), "p and q must have the same shape"),
        (lambda: cross_entropy([1, 0], [0.7, 0.7]), "q must sum to 1"),
        (lambda: kl_divergence([0.5, 0.5], [-0.1, 1.1]), "q must not contain negative"),
        (lambda: squared_error([1, 0], [1, 0, 0]), "p and q must have the same shape"),
        (lambda: information(1.5), "p must be probabilities in [0, 1]"),
        (lambda: entropy([0.5, 0.5], base=1), "base must be > 1"),
        (lambda: entropy([0.5, 0.5], base=0), "base must be > 1"),
    ],
)
def test_bad_input_raises_value_error_naming_the_argument(call, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        call()


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: softmax("abc"), "logits must be numbers, got str"),
        (lambda: entropy([0.5, "x"]), "p must be real numbers, got strings"),
        (lambda: entropy(None), "p must be numbers, got NoneType"),
        (lambda: softmax([[1.0, 2.0], [3.0]]), "logits must be a rectangular array"),
        (lambda: softmax([1 + 2j, 0]), "logits must be real numbers, got complex numbers"),
        (lambda: softmax([1.0], temperature="1"), "temperature must be a real number, got str"),
        (lambda: softmax([1.0], temperature=True), "temperature must be a real number, got bool"),
        (lambda: information(0.5, base="2"), "base must be a real number"),
    ],
)
def test_non_numbers_raise_type_error_naming_the_argument(call, message):
    with pytest.raises(TypeError, match=message):
        call()


def test_extreme_but_legal_scores_give_the_exact_limit():
    # T → 0 is the argmax, even when z/T itself would overflow float64.
    np.testing.assert_array_equal(softmax([1.0, 2.0], temperature=1e-310), [0.0, 1.0])
    # Scores 2e308 apart: the smaller one's probability rounds to exactly 0.
    np.testing.assert_array_equal(softmax([1e308, -1e308]), [1.0, 0.0])
    np.testing.assert_array_equal(log_softmax([1e308, -1e308]), [0.0, -np.inf])
    # −inf is a score of probability 0, the same as leaving the class out.
    np.testing.assert_allclose(softmax([0.0, 0.0, -np.inf]), [0.5, 0.5, 0.0])
    assert softmax([1.0, 2.0], temperature=1e300) == pytest.approx([0.5, 0.5])


def test_normalisation_tolerance_is_the_documented_one():
    inside = [0.5, 0.5 + PROBABILITY_ATOL / 2]
    outside = [0.5, 0.5 + PROBABILITY_ATOL * 10]
    assert entropy(inside) == pytest.approx(math.log(2))
    with pytest.raises(ValueError, match="p must sum to 1"):
        entropy(outside)


# --- properties ------------------------------------------------------------------------------

finite_logits = arrays(np.float64, st.integers(2, 8), elements=st.floats(-50, 50))


@st.composite
def distribution_pairs(draw):
    size = draw(st.integers(2, 8))
    p = softmax(draw(arrays(np.float64, size, elements=st.floats(-20, 20))))
    q = softmax(draw(arrays(np.float64, size, elements=st.floats(-20, 20))))
    return p, q


@settings(max_examples=200, deadline=None)
@given(distribution_pairs())
def test_kl_is_never_negative(pair):
    p, q = pair
    assert kl_divergence(p, q) >= 0.0


@settings(max_examples=200, deadline=None)
@given(distribution_pairs())
def test_cross_entropy_is_at_least_entropy(pair):
    p, q = pair
    assert cross_entropy(p, q) >= entropy(p) - 1e-12


@settings(max_examples=200, deadline=None)
@given(finite_logits, st.floats(-1e3, 1e3))
def test_softmax_ignores_a_constant_shift(logits, shift):
    np.testing.assert_allclose(softmax(logits + shift), softmax(logits), atol=1e-9)


@settings(max_examples=200, deadline=None)
@given(finite_logits, st.floats(0.05, 20))
def test_softmax_is_a_distribution_that_keeps_the_order(logits, temperature):
    probs = softmax(logits, temperature)
    assert probs.sum() == pytest.approx(1.0) and (probs >= 0).all()
    higher = logits[:, None] > logits[None, :]
    assert (probs[:, None] >= probs[None, :])[higher].all()
