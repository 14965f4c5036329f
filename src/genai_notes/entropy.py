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
`ValueError` that names the argument. Scores (logits) may be `-inf` (probability 0) as
long as one score per distribution is finite; any temperature `T > 0` works, the tiniest
giving the argmax.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from genai_notes._validate import (
    as_array_pair,
    as_logits,
    as_probabilities,
    as_unit_interval,
    check_log_base,
)
from genai_notes._validate import check_positive, overflow_is_an_error

__all__ = [
    "softmax",
    "log_softmax",
    "information",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "squared_error",
]


def _scalar_or_array(value: np.ndarray) -> float | np.ndarray:
    return float(value) if np.ndim(value) == 0 else value


def _gaps(z: np.ndarray, axis: int) -> np.ndarray:
    """z − max z: the largest score becomes 0, so exp() never overflows. A gap too wide for
    float64 (1e308 − (−1e308)) becomes −inf, whose exp is the 0 it rounds to anyway."""
    with np.errstate(over="ignore"):
        return z - z.max(axis=axis, keepdims=True)


# --8<-- [start:p_log_q]
def _p_log_q(p: np.ndarray, q: np.ndarray) -> np.ndarray:
    """Elementwise p·log q with 0·log 0 = 0 and p·log 0 = −inf for p > 0."""
    # Where p = 0 the term is 0 whatever q is, so log is never asked for
    # log 0 there.
    safe_q = np.where(p > 0, q, 1.0)
    # log 0 = -inf is the right answer, not a mistake
    with np.errstate(divide="ignore"):
        # p log q where p > 0, else 0: the limit of p log p as p → 0
        return np.where(p > 0, p * np.log(safe_q), 0.0)


# --8<-- [end:p_log_q]


# --8<-- [start:softmax]
def softmax(
    logits: ArrayLike, temperature: float = 1.0, axis: int = -1
) -> np.ndarray:
    r"""Turn scores into probabilities: $\mathrm{softmax}(z)_i = e^{z_i/T} / \sum_j e^{z_j/T}$.

    Examples:
        >>> import numpy as np
        >>> from genai_notes.entropy import softmax
        >>> softmax([2.0, 1.0, 0.1]).round(3)
        array([0.659, 0.242, 0.099])
        >>> softmax([2.0, 1.0, 0.1], temperature=0.5).round(3)
        array([0.864, 0.117, 0.019])
        >>> z = [2.0, 1.0, -np.inf]  # −inf: probability 0
        >>> softmax(z, temperature=1e-300)  # T → 0: the argmax
        array([1., 0., 0.])
    """
    z, t = (
        as_logits(logits, "logits", axis),
        check_positive(temperature, "temperature"),
    )
    # Subtracting the largest score changes nothing (it cancels in the
    # ratio) and, divided by T after the subtraction, a tiny T sends the
    # gaps to −inf, never the top score to inf: the limit T → 0 is the
    # one-hot argmax, as it should be.
    with np.errstate(over="ignore"):
        # e^{(z_i − max z)/T}: the top score gives e^0 = 1, the rest ≤ 1
        exp = np.exp(_gaps(z, axis) / t)
    # divide by Σ_j: the probabilities sum to 1 along axis
    return exp / exp.sum(axis=axis, keepdims=True)


# --8<-- [end:softmax]


# --8<-- [start:log_softmax]
def log_softmax(logits: ArrayLike, axis: int = -1) -> np.ndarray:
    r"""$\log \mathrm{softmax}(z)_i = z_i - \log \sum_j e^{z_j}$, computed without overflow.

    Examples:
        >>> from genai_notes.entropy import log_softmax
        >>> log_softmax([1000.0, 0.0]).round(3)
        array([    0., -1000.])
    """
    shifted = _gaps(as_logits(logits, "logits", axis), axis)
    # log-sum-exp trick: log Σ e^{z_j} = max z + log Σ e^{z_j - max z}
    return shifted - np.log(np.exp(shifted).sum(axis=axis, keepdims=True))


# --8<-- [end:log_softmax]


# --8<-- [start:information]
def information(p: ArrayLike, base: float | None = None) -> float | np.ndarray:
    r"""Information (surprise) of an outcome with probability $p$: $I = -\log p$.

    Examples:
        >>> from genai_notes.entropy import information
        >>> information(0.5, base=2)
        1.0
        >>> information(1.0)
        0.0
    """
    # log_base: ln of the base (ln 2 for bits), 1 for nats
    p_array, log_base = as_unit_interval(p, "p"), check_log_base(base)
    # an impossible outcome is infinitely surprising
    with np.errstate(divide="ignore"):
        # I = −log_b p = −ln p / ln b
        surprise = -np.log(p_array) / log_base
    return _scalar_or_array(surprise + 0.0)  # + 0.0 turns -0.0 into 0.0


# --8<-- [end:information]


# --8<-- [start:entropy]
def entropy(p: ArrayLike, base: float | None = None) -> float | np.ndarray:
    r"""Expected information of $p$: $H(p) = -\sum_i p_i \log p_i$.

    Examples:
        >>> from genai_notes.entropy import entropy
        >>> entropy([0.5, 0.5], base=2)
        1.0
        >>> entropy([1.0, 0.0])
        0.0
    """
    p_array, log_base = as_probabilities(p, "p"), check_log_base(base)
    # H(p) = −Σ p_i log p_i = H(p, p), with 0 log 0 = 0
    return _scalar_or_array(
        -_p_log_q(p_array, p_array).sum(axis=-1) / log_base + 0.0
    )


# --8<-- [end:entropy]


# --8<-- [start:cross_entropy]
def cross_entropy(
    p: ArrayLike, q: ArrayLike, base: float | None = None
) -> float | np.ndarray:
    r"""Information of outcomes drawn from target $p$, measured with prediction $q$:
    $H(p, q) = -\sum_i p_i \log q_i$.

    Examples:
        >>> from genai_notes.entropy import cross_entropy
        >>> round(cross_entropy([1, 0, 0], [0.6, 0.3, 0.1]), 4)
        0.5108
        >>> cross_entropy([1, 0], [0, 1])
        inf
    """
    (p_array, q_array), log_base = (
        as_array_pair(p, q, "p", "q", as_probabilities),
        check_log_base(base),
    )
    # H(p, q) = −Σ p_i log q_i: inf when q gives 0 to an outcome p allows
    return _scalar_or_array(
        -_p_log_q(p_array, q_array).sum(axis=-1) / log_base + 0.0
    )


# --8<-- [end:cross_entropy]


# --8<-- [start:kl_divergence]
def kl_divergence(
    p: ArrayLike, q: ArrayLike, base: float | None = None
) -> float | np.ndarray:
    r"""How much worse $q$ describes $p$ than $p$ itself:
    $D_{KL}(p \| q) = H(p, q) - H(p) = \sum_i p_i \log (p_i / q_i)$.

    Examples:
        >>> from genai_notes.entropy import kl_divergence
        >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
        0.0
        >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1], base=2), 4)
        0.737
    """
    (p_array, q_array), log_base = (
        as_array_pair(p, q, "p", "q", as_probabilities),
        check_log_base(base),
    )
    # Summing p·(log p − log q) term by term, rather than subtracting two large
    # totals, keeps the result exact to rounding when q is close to p.
    divergence = (_p_log_q(p_array, p_array) - _p_log_q(p_array, q_array)).sum(
        axis=-1
    )
    # Rounding can leave -1e-17 where the exact answer is 0; KL is never
    # negative.
    return _scalar_or_array(np.maximum(divergence, 0.0) / log_base)


# --8<-- [end:kl_divergence]


# --8<-- [start:squared_error]
def squared_error(p: ArrayLike, q: ArrayLike) -> float | np.ndarray:
    r"""The lecture's "subtract, square, add up": $\sum_i (p_i - q_i)^2$.

    Examples:
        >>> from genai_notes.entropy import squared_error
        >>> round(squared_error([1, 0, 0], [0.6, 0.3, 0.1]), 4)
        0.26
    """
    p_array, q_array = as_array_pair(p, q, "p", "q")
    # (1e200 − (−1e200))² has no float64: say so, never inf
    with overflow_is_an_error("p and q"):
        # Σ_i (p_i − q_i)²: bounded by 2 for probability vectors
        return _scalar_or_array(((p_array - q_array) ** 2).sum(axis=-1))


# --8<-- [end:squared_error]
