"""The "What is generative AI" chapter: the line-fitting demo and the figures."""

import numpy as np
import pytest
import torch

from genai_notes.figures import render_svg
from genai_notes.figures.what_is_genai import LABELS, SMILEY
from genai_notes.tokens import POINTS, descend
from genai_notes.tokens import image_to_tokens, tokens_to_image

FIGURES = {
    "what-is-genai-possibilities": "atoms",
    "what-is-genai-goal-means": "genai",
    "what-is-genai-gradient-descent": "loss_title",
    "what-is-genai-pixel-order": "order",
    "what-is-genai-mu-law": "companding",
}


def test_descend_recovers_the_lectures_line_like_solving_the_equations():
    path, losses = descend()
    solved = np.linalg.solve([[4.0, 1.0], [2.0, 1.0]], [5.0, -1.0])
    np.testing.assert_allclose(solved, [3.0, -7.0])
    np.testing.assert_allclose(path[-1], solved, atol=1e-6)
    assert path.shape == (2001, 2) and losses.shape == (2000,)
    assert losses[0] == pytest.approx((5**2 + 1**2) / 2)  # a = b = 0 predicts 0 for both points
    assert (np.diff(losses) < 0).all()


def test_descend_first_step_uses_the_same_gradient_as_autograd():
    a = torch.zeros((), dtype=torch.float64, requires_grad=True)
    b = torch.zeros((), dtype=torch.float64, requires_grad=True)
    x, y = torch.tensor(POINTS, dtype=torch.float64).T
    torch.mean((a * x + b - y) ** 2).backward()
    path, _ = descend(steps=1, learning_rate=0.1)
    np.testing.assert_allclose(path[1], [-0.1 * a.grad.item(), -0.1 * b.grad.item()])


def test_descend_finds_least_squares_when_no_line_fits():
    points = [(4, 5), (2, -1), (0, -6)]
    X = np.array([[x, 1.0] for x, _ in points])
    y = np.array([y for _, y in points], dtype=float)
    path, _ = descend(points, steps=4000)
    np.testing.assert_allclose(path[-1], np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-6)


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"learning_rate": 0.5, "steps": 5000}, "learning_rate 0.5 is too large"),
    ({"learning_rate": -0.1}, "learning_rate must be > 0"),
    ({"steps": 0}, "steps must be >= 1"),
    ({"points": [1, 2, 3]}, r"points must be \(x, y\) pairs"),
    ({"points": [(0, np.inf)]}, "points must be finite"),
])
def test_descend_rejects_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        descend(**kwargs)


def test_smiley_round_trips_through_tokens():
    assert len(image_to_tokens(SMILEY)) == 64
    np.testing.assert_array_equal(tokens_to_image(image_to_tokens(SMILEY), (8, 8)), SMILEY)


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", sorted(FIGURES))
def test_figures_render_with_the_languages_labels(name, lang):
    svg = render_svg(name, lang)
    label = LABELS[lang][FIGURES[name]].splitlines()[0]
    assert svg.lstrip().startswith("<?xml") and label in svg
    other = "en" if lang == "zh" else "zh"
    assert LABELS[other][FIGURES[name]].splitlines()[0] not in svg
