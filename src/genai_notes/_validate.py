"""Argument checks shared by every module: the one place where bad input is turned away.

Each check returns the checked value (converted where that helps: a list becomes a float
array, a NumPy integer an `int`) or raises an exception whose message names the argument
and says what was wrong:

* `TypeError` for the wrong kind of thing: a string, `None`, a complex or ragged array,
  a bool where a count belongs, a list where a tensor belongs;
* `ValueError` for the right kind with a wrong value: empty, NaN, infinite, negative,
  out of range, the wrong shape.

So a public function starts with one line of checks and its remaining lines are the math.
"""

from __future__ import annotations

import contextlib
import numbers
from collections.abc import Iterator, Sequence
from typing import Any

import numpy as np

#: How far a probability vector may sum away from 1 and still count as normalised.
PROBABILITY_ATOL = 1e-6
#: The largest learning rate accepted: beyond it a step of Adam throws the weights to inf.
MAX_LR = 10.0

_KINDS = {
    "c": "complex numbers",
    "b": "booleans",
    "U": "strings",
    "S": "bytes",
    "O": "numbers of one shape",
}


def _kind(value: Any) -> str:
    return type(value).__name__


def _type_name(kind: type) -> str:
    """`list`, `torch.nn.Module` (as a reader imports it, not `torch.nn.modules.module.Module`)."""
    return (
        f"torch.nn.{kind.__name__}"
        if kind.__module__.startswith("torch.nn.")
        else kind.__name__
    )


# --- scalars -------------------------------------------------------------------------------


def check_count(
    value: Any, name: str, minimum: int = 0, maximum: int | None = None
) -> int:
    """Return `value` as an `int` if it is a whole number in `[minimum, maximum]`; bools are refused.

    >>> check_count(3, "num_merges", 0)
    3
    >>> check_count(True, "modes", 1)
    Traceback (most recent call last):
    ...
    TypeError: modes must be an integer, got bool
    >>> check_count(-1, "vocab_size", 1)
    Traceback (most recent call last):
    ...
    ValueError: vocab_size must be >= 1, got -1
    """
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {_kind(value)}")
    if value < minimum:
        raise ValueError(f"{name} must be >= {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be <= {maximum}, got {value}")
    return int(value)


def check_number(value: Any, name: str) -> float:
    """Return `value` as a `float` if it is a finite real number (not a bool).

    >>> check_number(2, "teacher")
    2.0
    >>> check_number(float("nan"), "teacher")
    Traceback (most recent call last):
    ...
    ValueError: teacher must be a finite number, got nan
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_kind(value)}")
    if not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value!r}")
    return float(value)


def check_positive(
    value: Any, name: str, low: float = 0.0, high: float = np.inf
) -> float:
    """Return `value` if it is a finite number `> 0`, within `[low, high]` when they are given.

    >>> check_positive(0.5, "temperature")
    0.5
    >>> check_positive(0, "temperature")
    Traceback (most recent call last):
    ...
    ValueError: temperature must be > 0, got 0.0
    >>> check_positive(1e-9, "temperature", low=1e-2, high=1e2)
    Traceback (most recent call last):
    ...
    ValueError: temperature must be in [0.01, 100.0], got 1e-09
    """
    number = check_number(value, name)
    if not number > 0:
        raise ValueError(f"{name} must be > 0, got {number!r}")
    if not low <= number <= high:
        raise ValueError(f"{name} must be in [{low}, {high}], got {number!r}")
    return number


def check_in_range(
    value: Any,
    name: str,
    low: float,
    high: float,
    *,
    open_low: bool = False,
    open_high: bool = False,
) -> float:
    """Return `value` if it lies in the interval from `low` to `high` (ends open on request).

    >>> check_in_range(1.0, "top_p", 0, 1, open_low=True)
    1.0
    >>> check_in_range(1.5, "alpha", 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: alpha must be in [0, 1], got 1.5
    """
    number = check_number(value, name)
    above = number > low if open_low else number >= low
    below = number < high if open_high else number <= high
    if not (above and below):
        interval = f"{'(' if open_low else '['}{low}, {high}{')' if open_high else ']'}"
        raise ValueError(f"{name} must be in {interval}, got {number!r}")
    return number


def check_flag(value: Any, name: str) -> bool:
    """Return `value` if it is a bool (so that `"no"` or `0.5` is not taken as true).

    >>> check_flag("no", "greedy")
    Traceback (most recent call last):
    ...
    TypeError: greedy must be True or False, got str
    """
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {_kind(value)}")
    return bool(value)


def check_instance(value: Any, name: str, kind: type | tuple[type, ...]) -> Any:
    """Return `value` if it is an instance of `kind`.

    >>> check_instance([1], "model", dict)
    Traceback (most recent call last):
    ...
    TypeError: model must be a dict, got list
    """
    if not isinstance(value, kind):
        wanted = " or ".join(
            map(_type_name, kind if isinstance(kind, tuple) else (kind,))
        )
        raise TypeError(f"{name} must be a {wanted}, got {_kind(value)}")
    return value


def check_seed(value: Any, name: str = "seed") -> int:
    """Return `value` if it is a seed for NumPy and torch alike: an integer in [0, 2**63).

    >>> check_seed(-1)
    Traceback (most recent call last):
    ...
    ValueError: seed must be >= 0, got -1
    """
    return check_count(value, name, 0, 2**63 - 1)


def check_callable(value: Any, name: str) -> Any:
    """Return `value` if it can be called (a function, a module, a lambda).

    >>> check_callable(3, "critic")
    Traceback (most recent call last):
    ...
    TypeError: critic must be callable (a function or a torch.nn.Module), got int
    """
    if not callable(value):
        raise TypeError(
            f"{name} must be callable (a function or a torch.nn.Module), got {_kind(value)}"
        )
    return value


def check_text(value: Any, name: str, *, allow_empty: bool = True) -> str:
    """Return `value` if it is a `str` (non-empty unless `allow_empty`).

    >>> check_text(b"ab", "text")
    Traceback (most recent call last):
    ...
    TypeError: text must be a str, got bytes
    """
    check_instance(value, name, str)
    if not (allow_empty or value):
        raise ValueError(f"{name} must not be empty")
    return value


def check_texts(values: Any, name: str) -> list[str]:
    """Return `values` as a list if it is a non-empty list or tuple of `str`.

    >>> check_texts("我喜歡貓。", "samples")
    Traceback (most recent call last):
    ...
    TypeError: samples must be a list of strings (a single string goes in a list), got str
    """
    if not isinstance(values, (list, tuple)):
        raise TypeError(
            f"{name} must be a list of strings (a single string goes in a list), got {_kind(values)}"
        )
    if not values:
        raise ValueError(f"{name} must hold at least one string")
    return [check_text(value, f"{name}[{k}]") for k, value in enumerate(values)]


def check_choice(value: Any, name: str, choices: Sequence[Any]) -> Any:
    """Return `value` if it is one of `choices`.

    >>> check_choice("wgan", "recipe", ["gan", "pacgan"])
    Traceback (most recent call last):
    ...
    ValueError: recipe must be one of ['gan', 'pacgan'], got 'wgan'
    """
    if not isinstance(value, str) or value not in choices:
        raise ValueError(
            f"{name} must be one of {sorted(choices)}, got {value!r}"
        )
    return value


def check_counts(
    values: Any,
    name: str,
    minimum: int = 1,
    length: int | None = None,
    *,
    maximum: int | None = None,
    allow_empty: bool = False,
) -> tuple[int, ...]:
    """Return `values` as a tuple of ints `>= minimum`: layer widths, an image's shape.

    >>> check_counts([32, 32], "hidden")
    (32, 32)
    >>> check_counts(4, "shape", length=2)
    Traceback (most recent call last):
    ...
    TypeError: shape must be a sequence of 2 integers, got int
    """
    wanted = (
        f"a sequence of {length} integers"
        if length
        else "a sequence of integers"
    )
    if isinstance(values, (str, bytes)) or not isinstance(
        values, (Sequence, np.ndarray)
    ):
        raise TypeError(f"{name} must be {wanted}, got {_kind(values)}")
    if len(values) != (length or len(values)) or not (
        len(values) or allow_empty
    ):
        raise ValueError(f"{name} must be {wanted}, got {len(values)} values")
    return tuple(
        check_count(v, f"{name}[{k}]", minimum, maximum)
        for k, v in enumerate(values)
    )


def as_device(value: Any, name: str = "device") -> Any:
    """Return `value` as a `torch.device` ("cpu", "cuda", "cuda:0", ...).

    >>> as_device("gpu")
    Traceback (most recent call last):
    ...
    ValueError: device must name a torch device such as 'cpu' or 'cuda', got 'gpu'
    """
    import torch

    if not isinstance(value, (str, torch.device)):
        raise TypeError(
            f"{name} must be a str or torch.device, got {_kind(value)}"
        )
    try:
        return torch.device(value)
    except RuntimeError as error:
        raise ValueError(
            f"{name} must name a torch device such as 'cpu' or 'cuda', got {value!r}"
        ) from error


# --- NumPy arrays --------------------------------------------------------------------------


def as_float_array(
    value: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    finite: bool = True,
) -> np.ndarray:
    """Return `value` as a non-empty float array of real numbers, without NaN (or inf, if `finite`).

    >>> as_float_array([1, 2], "logits")
    array([1., 2.])
    >>> as_float_array([[1, 2], [3]], "logits")
    Traceback (most recent call last):
    ...
    TypeError: logits must be a rectangular array of real numbers (rows of equal length), got list
    >>> as_float_array([1j], "logits")
    Traceback (most recent call last):
    ...
    TypeError: logits must be real numbers, got complex numbers
    >>> as_float_array([], "logits")
    Traceback (most recent call last):
    ...
    ValueError: logits must not be empty
    """
    if value is None or isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be numbers, got {_kind(value)}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as error:  # NumPy refuses ragged nesting
        raise TypeError(
            f"{name} must be a rectangular array of real numbers (rows of equal length), "
            f"got {_kind(value)}"
        ) from error
    if array.dtype.kind not in "iuf":
        raise TypeError(
            f"{name} must be real numbers, got {_KINDS.get(array.dtype.kind, array.dtype)}"
        )
    array = array.astype(float)
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    if ndim is not None and array.ndim not in np.atleast_1d(ndim):
        raise ValueError(
            f"{name} must have {' or '.join(map(str, np.atleast_1d(ndim)))} dimensions, "
            f"got shape {array.shape}"
        )
    if np.isnan(array).any():
        raise ValueError(f"{name} contains NaN")
    if finite and np.isinf(array).any():
        raise ValueError(f"{name} must be finite, got inf")
    return array


def as_logits(
    value: Any, name: str = "logits", axis: int = -1, *, ndim: int | None = None
) -> np.ndarray:
    """Return `value` as float scores: `-inf` is a valid score (probability 0), `+inf` and NaN are not,
    and every distribution along `axis` needs at least one finite score.

    >>> as_logits([0.0, -np.inf])
    array([  0., -inf])
    >>> as_logits([-np.inf, -np.inf])
    Traceback (most recent call last):
    ...
    ValueError: logits must have a finite score in every distribution (all -inf means nothing can happen)
    """
    array = as_float_array(value, name, finite=False, ndim=ndim)
    if (array == np.inf).any():
        raise ValueError(f"{name} must not contain +inf")
    check_axis(array, axis, "axis", name)
    if not np.isfinite(array).any(axis=axis).all():
        raise ValueError(
            f"{name} must have a finite score in every distribution (all -inf means nothing can happen)"
        )
    return array


def as_probabilities(value: Any, name: str, axis: int = -1) -> np.ndarray:
    """Return `value` as float probability vectors along `axis`: non-negative, summing to 1
    within `PROBABILITY_ATOL`.

    >>> as_probabilities([0.5, 0.6], "p")
    Traceback (most recent call last):
    ...
    ValueError: p must sum to 1 along axis -1 (within 1e-06), got sums [1.1]
    """
    p = as_float_array(value, name)
    if (p < 0).any():
        raise ValueError(
            f"{name} must not contain negative probabilities, got min {p.min():.3g}"
        )
    sums = p.sum(axis=check_axis(p, axis, "axis", name))
    if not np.allclose(sums, 1.0, rtol=0.0, atol=PROBABILITY_ATOL):
        shown = np.round(np.atleast_1d(sums)[:5], 6).tolist()
        raise ValueError(
            f"{name} must sum to 1 along axis {axis} (within {PROBABILITY_ATOL:g}), got sums {shown}"
        )
    return p


def as_unit_interval(value: Any, name: str) -> np.ndarray:
    """Return `value` as a float array of numbers in [0, 1] (single probabilities).

    >>> as_unit_interval([1.5], "p")
    Traceback (most recent call last):
    ...
    ValueError: p must be probabilities in [0, 1]
    """
    array = as_float_array(value, name)
    if ((array < 0) | (array > 1)).any():
        raise ValueError(f"{name} must be probabilities in [0, 1]")
    return array


def as_whole_numbers(
    value: Any, name: str, low: int, high: int, *, ndim: int | None = None
) -> np.ndarray:
    """Return `value` as a float array of whole numbers in `[low, high]` (pixels, audio tokens).

    >>> as_whole_numbers([0, 2.5], "tokens", 0, 255)
    Traceback (most recent call last):
    ...
    ValueError: tokens must be integers in [0, 255]
    """
    array = as_float_array(value, name, ndim=ndim)
    if ((array < low) | (array > high) | (array != np.round(array))).any():
        raise ValueError(f"{name} must be integers in [{low}, {high}]")
    return array


def check_axis(
    array: Any, axis: Any, name: str, array_name: str = "the array"
) -> int:
    """Return `axis` if it is a valid axis of `array`.

    >>> check_axis(np.zeros((2, 3)), 2, "axis")
    Traceback (most recent call last):
    ...
    ValueError: axis must be an axis of an array with 2 dimensions, got 2
    """
    ndim = np.ndim(array)
    if ndim == 0:
        raise ValueError(
            f"{array_name} must have at least one dimension (a distribution), got a single number"
        )
    check_count(axis, name, -ndim)
    if axis >= ndim:
        raise ValueError(
            f"{name} must be an axis of an array with {ndim} dimensions, got {axis}"
        )
    return int(axis)


def check_same_shape(a: Any, b: Any, name_a: str, name_b: str) -> None:
    """Raise unless `a` and `b` (arrays or tensors) have the same shape.

    >>> check_same_shape(np.zeros(3), np.zeros(2), "p", "q")
    Traceback (most recent call last):
    ...
    ValueError: p and q must have the same shape, got (3,) and (2,)
    """
    if tuple(a.shape) != tuple(b.shape):
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape, got {tuple(a.shape)} and {tuple(b.shape)}"
        )


def as_array_pair(
    a: Any, b: Any, name_a: str, name_b: str, convert: Any = as_float_array
) -> tuple[np.ndarray, np.ndarray]:
    """Return `convert(a)` and `convert(b)` (`as_float_array` or `as_probabilities`) if their shapes agree.

    >>> as_array_pair([1, 0], [0.5, 0.25, 0.25], "p", "q", as_probabilities)
    Traceback (most recent call last):
    ...
    ValueError: p and q must have the same shape, got (2,) and (3,)
    """
    a_array, b_array = convert(a, name_a), convert(b, name_b)
    check_same_shape(a_array, b_array, name_a, name_b)
    return a_array, b_array


def check_log_base(base: Any) -> float:
    """Return the natural logarithm of `base` (1 for None: natural logs) if `base` > 1.

    >>> check_log_base(0.5)
    Traceback (most recent call last):
    ...
    ValueError: base must be > 1 (base 1 has log 0, and a base below 1 makes information negative), got 0.5
    """
    if base is None:
        return 1.0
    if check_number(base, "base") <= 1:
        raise ValueError(
            f"base must be > 1 (base 1 has log 0, and a base below 1 makes information negative), got {base!r}"
        )
    return float(np.log(base))


@contextlib.contextmanager
def overflow_is_an_error(names: str) -> Iterator[None]:
    """Turn a float overflow inside the block into a `ValueError` that names the arguments.

    >>> with overflow_is_an_error("p and q"):
    ...     _ = np.array([1e200]) ** 2
    Traceback (most recent call last):
    ...
    ValueError: p and q are too large: the result overflows float64
    """
    try:
        with np.errstate(over="raise"):
            yield
    except FloatingPointError as error:
        raise ValueError(
            f"{names} are too large: the result overflows float64"
        ) from error


# --- PyTorch tensors -----------------------------------------------------------------------


def as_tensor(
    value: Any,
    name: str,
    *,
    ndim: int | tuple[int, ...] | None = None,
    floating: bool = True,
) -> Any:
    """Return `value` if it is a non-empty torch tensor (floating point and finite, if `floating`;
    of integers otherwise) with `ndim` dimensions when given.

    >>> import torch
    >>> as_tensor([1.0], "real_logits")
    Traceback (most recent call last):
    ...
    TypeError: real_logits must be a torch.Tensor, got list
    >>> as_tensor(torch.tensor([1.0, float("inf")]), "real_logits")
    Traceback (most recent call last):
    ...
    ValueError: real_logits must be finite (no nan or inf)
    """
    import torch

    if not isinstance(value, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {_kind(value)}")
    if floating and not value.is_floating_point():
        raise TypeError(
            f"{name} must be a floating-point tensor, got {value.dtype}"
        )
    if not floating and (
        value.is_floating_point()
        or value.is_complex()
        or value.dtype == torch.bool
    ):
        raise TypeError(f"{name} must be an integer tensor, got {value.dtype}")
    if value.numel() == 0:
        raise ValueError(
            f"{name} must not be empty (a batch needs at least one sample)"
        )
    if ndim is not None and value.dim() not in np.atleast_1d(ndim):
        raise ValueError(
            f"{name} must have {' or '.join(map(str, np.atleast_1d(ndim)))} dimensions, "
            f"got shape {tuple(value.shape)}"
        )
    if floating and not torch.isfinite(value).all():
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return value


def as_tensor_pair(a: Any, b: Any, name_a: str, name_b: str) -> tuple[Any, Any]:
    """Return two finite float tensors of the same shape (a prediction and its target).

    >>> import torch
    >>> as_tensor_pair(torch.zeros(2), torch.zeros(3), "fake", "target")
    Traceback (most recent call last):
    ...
    ValueError: fake and target must have the same shape, got (2,) and (3,)
    """
    as_tensor(a, name_a), as_tensor(b, name_b)
    check_same_shape(a, b, name_a, name_b)
    return a, b


def as_labels(value: Any, name: str, batch: int, classes: int) -> Any:
    """Return `value` flattened if it holds `batch` class indices in `[0, classes)`.

    >>> import torch
    >>> as_labels(torch.tensor([0, 3]), "labels", 2, 3)
    Traceback (most recent call last):
    ...
    ValueError: labels must be class indices in [0, 2], got min 0 and max 3
    """
    flat = as_tensor(value, name, floating=False).reshape(-1)
    if flat.numel() != batch:
        raise ValueError(
            f"{name} must hold one class index per example ({batch}), got shape {tuple(value.shape)}"
        )
    if (flat < 0).any() or (flat >= classes).any():
        raise ValueError(
            f"{name} must be class indices in [0, {classes - 1}], "
            f"got min {flat.min().item()} and max {flat.max().item()}"
        )
    return flat


def as_logit_batch(value: Any, name: str, limit: float) -> Any:
    """Return finite float logits of shape `(classes,)` or `(batch, classes)` as `(batch, classes)`,
    each of magnitude at most `limit` (beyond it a softmax at a low temperature overflows float32).

    >>> import torch
    >>> as_logit_batch(torch.zeros(2, 3, 4), "teacher_logits", 1e4)
    Traceback (most recent call last):
    ...
    ValueError: teacher_logits must have 1 or 2 dimensions, got shape (2, 3, 4)
    """
    logits = as_tensor(value, name, ndim=(1, 2))
    if logits.abs().max() > limit:
        raise ValueError(
            f"{name} must be scores of magnitude <= {limit:g}, got {logits.abs().max().item():.3g}"
        )
    return logits.reshape(-1, logits.shape[-1])
