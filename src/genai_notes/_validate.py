"""Argument checks shared by every module.

Each check raises a `ValueError` (or `TypeError`) whose message names the
argument and says what was wrong, so that a reader who passes bad input learns
what to fix instead of meeting a NumPy warning or a silent `nan`.
The checks accept NumPy arrays and PyTorch tensors alike (they only read
`.shape` and compare values).
"""

from __future__ import annotations

from typing import Any

import numpy as np

#: How far a probability vector may sum away from 1 and still count as normalised.
PROBABILITY_ATOL = 1e-6


def as_float_array(value: Any, name: str) -> np.ndarray:
    """Return `value` as a non-empty float array without NaN, or raise naming `name`.

    >>> as_float_array([1, 2], "logits")
    array([1., 2.])
    >>> as_float_array([], "logits")
    Traceback (most recent call last):
    ...
    ValueError: logits must not be empty
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numbers, got {type(value).__name__}")
    try:
        array = np.asarray(value, dtype=float)
    except (TypeError, ValueError) as error:
        raise TypeError(f"{name} must be numbers, got {type(value).__name__}") from error
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    return array


def check_positive(value: float, name: str) -> float:
    """Return `value` if it is a number > 0, else raise naming `name`.

    >>> check_positive(0.5, "temperature")
    0.5
    >>> check_positive(0, "temperature")
    Traceback (most recent call last):
    ...
    ValueError: temperature must be > 0, got 0
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    if not value > 0 or not np.isfinite(value):
        raise ValueError(f"{name} must be > 0, got {value!r}")
    return value


def check_count(value: Any, name: str, minimum: int) -> int:
    """Return `value` as an int if it is a whole number >= `minimum`, else raise naming `name`.

    >>> check_count(3, "num_merges", 0)
    3
    >>> check_count(-1, "vocab_size", 1)
    Traceback (most recent call last):
    ...
    ValueError: vocab_size must be >= 1, got -1
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    return int(value)


def check_in_range(value: float, name: str, low: float, high: float, *, open_low: bool = False) -> float:
    """Return `value` if `low <= value <= high` (`low < value` with `open_low`), else raise.

    >>> check_in_range(1.0, "top_p", 0, 1, open_low=True)
    1.0
    >>> check_in_range(1.5, "alpha", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be in [0, 1], got 1.5
    """
    if isinstance(value, bool) or not isinstance(value, (int, float, np.number)):
        raise TypeError(f"{name} must be a number, got {type(value).__name__}")
    above_low = value > low if open_low else value >= low
    if not (above_low and value <= high):
        interval = f"{'(' if open_low else '['}{low}, {high}]"
        raise ValueError(f"{name} must be in {interval}, got {value!r}")
    return value


def check_same_shape(a: Any, b: Any, name_a: str, name_b: str) -> None:
    """Raise unless `a` and `b` have the same shape.

    >>> check_same_shape(np.zeros(3), np.zeros(2), "p", "q")
    Traceback (most recent call last):
    ...
    ValueError: p and q must have the same shape, got (3,) and (2,)
    """
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(f"{name_a} and {name_b} must have the same shape, got {tuple(a.shape)} and {tuple(b.shape)}")


def check_probabilities(p: np.ndarray, name: str, axis: int = -1) -> np.ndarray:
    """Return `p` if it holds probability vectors along `axis`, else raise naming `name`.

    A vector counts as normalised when it sums to 1 within `PROBABILITY_ATOL`.

    >>> check_probabilities(np.array([0.5, 0.6]), "p")
    Traceback (most recent call last):
    ...
    ValueError: p must sum to 1 along axis -1 (within 1e-06), got sums [1.1]
    """
    if (p < 0).any():
        raise ValueError(f"{name} must not contain negative probabilities, got min {p.min():.3g}")
    sums = p.sum(axis=axis)
    if not np.allclose(sums, 1.0, rtol=0.0, atol=PROBABILITY_ATOL):
        shown = np.round(np.atleast_1d(sums)[:5], 6).tolist()
        raise ValueError(f"{name} must sum to 1 along axis {axis} (within {PROBABILITY_ATOL:g}), got sums {shown}")
    return p
