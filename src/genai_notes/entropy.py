"""Softmax, information, entropy, cross-entropy and KL divergence, from scratch in NumPy.

Every function works on the last axis by default, so a batch of distributions is
an array of shape `(batch, classes)`. Logarithms are natural (results in nats)
unless `base=` says otherwise (`base=2` gives bits).

Conventions, as in information theory:

* $0 \\cdot \\log 0 = 0$: an outcome that never happens adds nothing.
* $-p \\log 0 = +\\infty$ for $p > 0$: predicting probability 0 for something
  that happens is infinitely wrong, and the functions say so with `inf`, not `nan`.

Probabilities must be non-negative and sum to 1 within
`genai_notes._validate.PROBABILITY_ATOL` (1e-6); anything else raises a
`ValueError` that names the argument.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from genai_notes._validate import as_float_array, check_positive, check_probabilities, check_same_shape

__all__ = ["softmax", "log_softmax", "information", "entropy", "cross_entropy", "kl_divergence", "squared_error"]


def _finite_logits(logits: ArrayLike) -> np.ndarray:
    array = as_float_array(logits, "logits")
    if not np.isfinite(array).all():
        raise ValueError("logits must be finite (no inf)")
    return array


def _log_base(base: float | None) -> float:
    if base is None:
        return 1.0
    check_positive(base, "base")
    if base == 1:
        raise ValueError("base must not be 1 (log 1 = 0)")
    return float(np.log(base))


def _scalar_or_array(value: np.ndarray) -> float | np.ndarray:
    return float(value) if np.ndim(value) == 0 else value


def _distributions(p: ArrayLike, q: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    p_array = check_probabilities(as_float_array(p, "p"), "p")
    q_array = check_probabilities(as_float_array(q, "q"), "q")
    check_same_shape(p_array, q_array, "p", "q")
    return p_array, q_array


# --8<-- [start:p_log_q]
def _p_log_q(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Elementwise p·log q with 0·log 0 = 0 and p·log 0 = −inf for p > 0."""
    # Where p = 0 the term is 0 whatever q is, so log is never asked for log 0 there.
    safe_q = np.where(p > 0, q, 1.0)
    with np.errstate(divide="ignore"):  # log 0 = -inf is the right answer, not a mistake
        return np.where(p > 0, p * np.log(safe_q), 0.0)
# --8<-- [end:p_log_q]


# --8<-- [start:softmax]
def softmax(logits: ArrayLike, temperature: float = 1.0, axis: int = -1) -> np.ndarray:
    r"""Turn scores into probabilities: $\mathrm{softmax}(z)_i = e^{z_i/T} / \sum_j e^{z_j/T}$.

    Examples:
        >>> softmax([2.0, 1.0, 0.1]).round(3)
        array([0.659, 0.242, 0.099])
        >>> softmax([2.0, 1.0, 0.1], temperature=0.5).round(3)
        array([0.864, 0.117, 0.019])
    """
    check_positive(temperature, "temperature")
    scaled = _finite_logits(logits) / temperature
    # Subtracting the largest score changes nothing (it cancels in the ratio)
    # but keeps exp() from overflowing: the largest exponent becomes e^0 = 1.
    shifted = scaled - scaled.max(axis=axis, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=axis, keepdims=True)
# --8<-- [end:softmax]


# --8<-- [start:log_softmax]
def log_softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""$\log \mathrm{softmax}(z)_i = z_i - \log \sum_j e^{z_j}$, computed without overflow.

    Examples:
        >>> log_softmax([1000.0, 0.0]).round(3)
        array([    0., -1000.])
    """
    z = _finite_logits(logits)
    shifted = z - z.max(axis=axis, keepdims=True)
    # log-sum-exp trick: log Σ e^{z_j} = max z + log Σ e^{z_j - max z}
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))
# --8<-- [end:log_softmax]


# --8<-- [start:information]
def information(p: ArrayLike, base: float | None = None) -> float | np.ndarray:
    r"""Information (surprise) of an outcome with probability $p$: $I = -\log p$.

    Examples:
        >>> information(0.5, base=2)
        1.0
        >>> information(1.0)
        0.0
    """
    p_array = as_float_array(p, "p")
    if ((p_array < 0) | (p_array > 1)).any():
        raise ValueError("p must be a probability in [0, 1]")
    with np.errstate(divide="ignore"):  # an impossible outcome is infinitely surprising
        surprise = -np.log(p_array) / _log_base(base)
    return _scalar_or_array(surprise + 0.0)  # + 0.0 turns -0.0 into 0.0
# --8<-- [end:information]


# --8<-- [start:entropy]
def entropy(p: ArrayLike, base: float | None = None) -> float | np.ndarray:
    r"""Expected information of $p$: $H(p) = -\sum_i p_i \log p_i$.

    Examples:
        >>> entropy([0.5, 0.5], base=2)
        1.0
        >>> entropy([1.0, 0.0])
        0.0
    """
    p_array = check_probabilities(as_float_array(p, "p"), "p")
    return _scalar_or_array(-_p_log_q(p_array, p_array).sum(axis=-1) / _log_base(base) + 0.0)
# --8<-- [end:entropy]


# --8<-- [start:cross_entropy]
def cross_entropy(p: ArrayLike, q: ArrayLike, base: float | None = None) -> float | np.ndarray:
    r"""Information of outcomes drawn from target $p$, measured with prediction $q$:
    $H(p, q) = -\sum_i p_i \log q_i$.

    Examples:
        >>> round(cross_entropy([1, 0, 0], [0.6, 0.3, 0.1]), 4)
        0.5108
        >>> cross_entropy([1, 0], [0, 1])
        inf
    """
    p_array, q_array = _distributions(p, q)
    return _scalar_or_array(-_p_log_q(p_array, q_array).sum(axis=-1) / _log_base(base) + 0.0)
# --8<-- [end:cross_entropy]


# --8<-- [start:kl_divergence]
def kl_divergence(p: ArrayLike, q: ArrayLike, base: float | None = None) -> float | np.ndarray:
    r"""How much worse $q$ describes $p$ than $p$ itself:
    $D_{KL}(p \| q) = H(p, q) - H(p) = \sum_i p_i \log (p_i / q_i)$.

    Examples:
        >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
        0.0
        >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1], base=2), 4)
        0.737
    """
    p_array, q_array = _distributions(p, q)
    # Summing p·(log p − log q) term by term, rather than subtracting two large
    # totals, keeps the result exact to rounding when q is close to p.
    divergence = (_p_log_q(p_array, p_array) - _p_log_q(p_array, q_array)).sum(axis=-1)
    # Rounding can leave -1e-17 where the exact answer is 0; KL is never negative.
    return _scalar_or_array(np.maximum(divergence, 0.0) / _log_base(base))
# --8<-- [end:kl_divergence]


# --8<-- [start:squared_error]
def squared_error(p: ArrayLike, q: ArrayLike) -> float | np.ndarray:
    r"""The lecture's "subtract, square, add up": $\sum_i (p_i - q_i)^2$.

    Examples:
        >>> round(squared_error([1, 0, 0], [0.6, 0.3, 0.1]), 4)
        0.26
    """
    p_array, q_array = as_float_array(p, "p"), as_float_array(q, "q")
    check_same_shape(p_array, q_array, "p", "q")
    return _scalar_or_array(((p_array - q_array) ** 2).sum(axis=-1))
# --8<-- [end:squared_error]
