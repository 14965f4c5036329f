"""Every public name of every chapter module keeps its promise under bad input.

The names come from each module's `__all__` (functions; classes with their constructor
and public methods), so a new public function is picked up without editing this file:
`test_every_public_callable_has_a_valid_call` then fails until `VALID` says how to call it.

For each callable, hypothesis replaces one argument of a known-good call with something
malformed (NaN, ±inf, empty, ragged, complex, strings, None, bools for ints, wrong rank,
huge and tiny floats, integer tensors where floats belong...). The only outcomes allowed:

* a `TypeError` or `ValueError` whose message names the argument that was replaced, or
* a result without NaN (and without inf, except where inf is the documented answer),

and never a warning of any kind.
"""

from __future__ import annotations

import dataclasses
import functools
import importlib
import inspect
import math
import warnings
from collections.abc import Callable
from typing import Any, Protocol

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays
from torch import nn

import genai_notes
from genai_notes import autoregression as ar
from genai_notes import distillation as di
from genai_notes import gan
from genai_notes import tokens as tk

MODULES = [importlib.import_module(f"genai_notes.{name}") for name in genai_notes.MODULES]


def public_callables() -> dict[str, Callable]:
    """`module.name` for functions and constructors, `module.Class.method` for public methods."""
    found = {}
    for module in MODULES:
        short = module.__name__.rsplit(".", 1)[1]
        for name in module.__all__:
            obj = getattr(module, name)
            if inspect.isclass(obj) and Protocol in obj.__mro__:
                continue  # a Protocol only describes an interface; it has no behaviour to test
            if inspect.isclass(obj) or inspect.isfunction(obj):
                found[f"{short}.{name}"] = obj
            if inspect.isclass(obj):
                for method, member in vars(obj).items():
                    if inspect.isfunction(member) and not method.startswith("_"):
                        found[f"{short}.{name}.{method}"] = member
    return found


# --- known-good calls: tiny sizes, a step or two of training -----------------------------------


@functools.cache
def _tiny_transformer() -> ar.TinyTransformer:
    return ar.TinyTransformer(ar.vocabulary(["ab"]), d_model=8, n_layers=1, n_heads=2, context_length=4)


@functools.cache
def _trained_gan() -> gan.TrainedGAN:
    return gan.train_gan(gan.ring(), "gan-z2", steps=1)


@functools.cache
def _split() -> di.DigitsSplit:
    return di.load_digits_split(per_class=2)


def _digits() -> tuple[torch.Tensor, torch.Tensor]:
    return torch.rand(10, 64, generator=torch.Generator().manual_seed(0)), torch.arange(10)


def _state() -> gan.GANState:
    return gan.new_state(gan.Recipe(betas=(0.5, 0.999), latent=2, hidden=(4,)), seed=0)


def _ngram() -> ar.NGramModel:
    return ar.NGramModel(n=2).fit(["ab", "ba"])


#: For each callable: a function returning (instance or None, keyword arguments) of a good call.
VALID: dict[str, Callable[[], tuple[Any, dict[str, Any]]]] = {
    # tokens
    "tokens.count_sequences": lambda: (None, {"vocab_size": 3, "length": 2}),
    "tokens.log10_count_sequences": lambda: (None, {"vocab_size": 3, "length": 2}),
    "tokens.CharTokenizer": lambda: (None, {"text": "ab", "specials": ("[END]",)}),
    "tokens.CharTokenizer.encode": lambda: (tk.CharTokenizer("ab"), {"text": "ba", "end": True}),
    "tokens.CharTokenizer.decode": lambda: (tk.CharTokenizer("ab"), {"ids": [1, 2, 0]}),
    "tokens.learn_merges": lambda: (None, {"word_counts": {"low": 2, "lower": 1}, "num_merges": 2}),
    "tokens.BPETokenizer": lambda: (None, {"merges": [(97, 98)]}),
    "tokens.BPETokenizer.encode": lambda: (tk.BPETokenizer([(97, 98)]), {"text": "abc"}),
    "tokens.BPETokenizer.decode": lambda: (tk.BPETokenizer([(97, 98)]), {"ids": [256, 99]}),
    "tokens.BPETokenizer.show": lambda: (tk.BPETokenizer([(97, 98)]), {"ids": [256, 99]}),
    "tokens.train_bpe": lambda: (None, {"text": "abab", "num_merges": 2}),
    "tokens.image_to_tokens": lambda: (None, {"image": [[0, 255], [1, 2]]}),
    "tokens.tokens_to_image": lambda: (None, {"tokens": [0, 255, 1, 2], "shape": (2, 2)}),
    "tokens.mu_law_encode": lambda: (None, {"audio": [-1.0, 0.0, 0.5], "mu": 255}),
    "tokens.mu_law_decode": lambda: (None, {"tokens": [0, 128, 255], "mu": 255}),
    "tokens.descend": lambda: (None, {"points": [(4.0, 5.0), (2.0, -1.0)], "learning_rate": 0.05, "steps": 3}),
    "tokens.novelty": lambda: (None, {"samples": ["ab", "c"], "training_texts": ["abc", "d"]}),
    # autoregression
    "autoregression.next_token_pairs": lambda: (None, {"prompt": "Q", "answer": "ab", "end": "[END]"}),
    "autoregression.vocabulary": lambda: (None, {"texts": ["ab"], "end": "[END]"}),
    "autoregression.NGramModel": lambda: (None, {"n": 2, "alpha": 0.1}),
    "autoregression.NGramModel.fit": lambda: (ar.NGramModel(n=2), {"texts": ["ab"], "end": "[END]", "tokens": None}),
    "autoregression.NGramModel.probs": lambda: (_ngram(), {"context": "a"}),
    "autoregression.NGramModel.log_probs": lambda: (_ngram(), {"context": "a"}),
    "autoregression.TinyTransformer": lambda: (None, {"tokens": ["a", "b", "[END]"], "d_model": 8, "n_layers": 1,
                                                      "n_heads": 2, "context_length": 4, "seed": 0, "dropout": 0.1}),
    "autoregression.TinyTransformer.forward": lambda: (_tiny_transformer(), {"ids": torch.tensor([[0, 1]])}),
    "autoregression.TinyTransformer.encode": lambda: (_tiny_transformer(), {"tokens": "ab"}),
    "autoregression.TinyTransformer.log_probs": lambda: (_tiny_transformer(), {"context": "ab"}),
    "autoregression.count_parameters": lambda: (None, {"model": nn.Linear(2, 1)}),
    "autoregression.gpt_parameter_count": lambda: (None, {"vocab_size": 3, "context_length": 4, "d_model": 8, "n_layers": 1}),
    "autoregression.train_language_model": lambda: (None, {
        "model": ar.TinyTransformer(ar.vocabulary(["ab"]), d_model=8, n_layers=1, n_heads=2, context_length=4),
        "texts": ["abab"], "steps": 1, "batch_size": 2, "lr": 1e-3, "seed": 0, "end": "[END]", "progress": False,
        "warmup": 0, "cosine": False, "weight_decay": 0.01}),
    "autoregression.cross_entropy_per_token": lambda: (None, {"model": _ngram(), "texts": ["ab"], "end": "[END]"}),
    "autoregression.next_token_distribution": lambda: (None, {"log_probs": np.log([0.5, 0.3, 0.2]), "temperature": 1.0,
                                                              "top_k": 2, "top_p": 0.9}),
    "autoregression.generate": lambda: (None, {"model": _ngram(), "prompt": "a", "max_new_tokens": 3, "greedy": False,
                                               "temperature": 1.0, "top_k": None, "top_p": 1.0, "end": "[END]", "seed": 0}),
    "autoregression.budget_forcing": lambda: (None, {"model": ar.LazyAdder(), "prompt": "1+2=", "min_thinking": 1,
                                                     "max_thinking": 4, "think_end": "</think>", "wait": "Wait",
                                                     "end": "[END]", "max_answer_tokens": 3, "greedy": True}),
    "autoregression.LazyAdder": lambda: (None, {"patience": 2, "confidence": 0.9}),
    "autoregression.LazyAdder.log_probs": lambda: (ar.LazyAdder(), {"context": "1+2="}),
    "autoregression.notes_corpus": lambda: (None, {}),
    "autoregression.budget_forcing_accuracy": lambda: (None, {"min_thinking": [0, 2], "questions": 3, "max_thinking": 4,
                                                              "seed": 0}),
    "autoregression.learning_rate_at": lambda: (None, {"step": 3, "steps": 10, "lr": 1e-3, "warmup": 2, "cosine": True}),
    "autoregression.choose": lambda: (None, {"model": _ngram(), "context": "a", "options": ["a", "b"]}),
    "autoregression.task_vector": lambda: (None, {"base": nn.Linear(2, 1), "tuned": nn.Linear(2, 1)}),
    "autoregression.add_task_vectors": lambda: (None, {"base": nn.Linear(1, 1), "scale": 0.5,
                                                       "vectors": [{"weight": torch.ones(1, 1), "bias": torch.zeros(1)}]}),
    "autoregression.edit_next_token": lambda: (None, {"model": _tiny_transformer(), "context": "ab", "token": "a",
                                                      "steps": 1, "lr": 1e-3, "layer": -1}),
    # gan
    "gan.discriminator_loss": lambda: (None, {"real_logits": torch.zeros(3), "fake_logits": torch.ones(2)}),
    "gan.generator_loss": lambda: (None, {"fake_logits": torch.zeros(3), "non_saturating": False}),
    "gan.value_function": lambda: (None, {"d_real": torch.full((2,), 0.9), "d_fake": torch.full((3,), 0.2)}),
    "gan.optimal_discriminator": lambda: (None, {"p_data": [0.3, 0.2], "p_g": [0.1, 0.2]}),
    "gan.wasserstein_critic_loss": lambda: (None, {"real_scores": torch.ones(2), "fake_scores": torch.zeros(2)}),
    "gan.wasserstein_generator_loss": lambda: (None, {"fake_scores": torch.zeros(2)}),
    "gan.clip_weights": lambda: (None, {"critic": nn.Linear(2, 1), "clip": 0.01}),
    "gan.gradient_penalty": lambda: (None, {"critic": nn.Linear(2, 1), "real": torch.randn(3, 2), "fake": torch.randn(3, 2)}),
    "gan.pair": lambda: (None, {"condition": torch.zeros(2, 3), "output": torch.ones(2, 1)}),
    "gan.pix2pix_generator_loss": lambda: (None, {"fake_pair_logits": torch.zeros(2), "fake": torch.zeros(2, 3),
                                                  "target": torch.ones(2, 3), "l1_weight": 100.0}),
    "gan.cycle_consistency_loss": lambda: (None, {"original": torch.zeros(2, 2), "reconstructed": torch.ones(2, 2),
                                                  "weight": 10.0}),
    "gan.Mixture": lambda: (None, {"means": torch.zeros(2, 2), "std": 0.1}),
    "gan.Mixture.sample": lambda: (gan.ring(), {"n": 4, "device": "cpu"}),
    "gan.ring": lambda: (None, {"modes": 4, "radius": 1.0, "std": 0.01}),
    "gan.grid": lambda: (None, {"side": 3, "spacing": 2.0, "std": 0.05}),
    "gan.ModeReport": lambda: (None, {"modes": 1, "high_quality": 1.0, "kl_uniform": 0.0, "counts": (1,)}),
    "gan.mode_report": lambda: (None, {"samples": gan.ring().means[:3], "mixture": gan.ring(), "within": 3.0}),
    "gan.mlp": lambda: (None, {"hidden": (4,), "dropout": 0.1, "seed": 0, "inputs": 2, "outputs": 1}),
    "gan.circle_pairs": lambda: (None, {"n": 8, "seed": 0}),
    "gan.fit_regression": lambda: (None, {"x": gan.circle_pairs(8)[0], "y": gan.circle_pairs(8)[1], "steps": 1, "seed": 0}),
    "gan.fit_conditional_gan": lambda: (None, {"x": gan.circle_pairs(8)[0], "y": gan.circle_pairs(8)[1], "steps": 1,
                                               "seed": 0}),
    "gan.Recipe": lambda: (None, {"betas": (0.5, 0.999), "lr": 1e-3, "steps": 2, "batch": 4, "latent": 2,
                                  "hidden": (4,), "pack": 1, "loss": "wgan-gp", "critic_steps": 2, "penalty": 10.0}),
    "gan.GANState": lambda: (None, vars(_state()).copy()),
    "gan.GANState.noise": lambda: (_state(), {"n": 3, "device": "cpu"}),
    "gan.GANState.judge": lambda: (_state(), {"points": torch.zeros(3, 2)}),
    "gan.gan_step": lambda: (None, {"state": _state(), "real": torch.zeros(4, 2)}),
    "gan.wgan_gp_step": lambda: (None, {"state": _state(), "reals": [torch.zeros(4, 2)], "penalty": 10.0}),
    "gan.new_state": lambda: (None, {"recipe": gan.RECIPES["gan-z2"], "seed": 0, "device": "cpu"}),
    "gan.TrainedGAN": lambda: (None, {"state": _state(), "snapshots": {}, "seconds": 0.0}),
    "gan.TrainedGAN.sample": lambda: (_trained_gan(), {"n": 3}),
    "gan.train_gan": lambda: (None, {"mixture": gan.ring(), "recipe": "gan-z2", "steps": 1, "seed": 0, "device": "cpu",
                                     "snapshot_every": 1, "progress": False}),
    "gan.train_1d": lambda: (None, {"snapshots": (0, 1), "seed": 0}),
    # entropy
    "entropy.softmax": lambda: (None, {"logits": [2.0, 1.0, 0.1], "temperature": 1.0, "axis": -1}),
    "entropy.log_softmax": lambda: (None, {"logits": [2.0, 1.0, 0.1], "axis": -1}),
    "entropy.information": lambda: (None, {"p": 0.5, "base": 2}),
    "entropy.entropy": lambda: (None, {"p": [0.5, 0.5], "base": 2}),
    "entropy.cross_entropy": lambda: (None, {"p": [1.0, 0.0], "q": [0.6, 0.4], "base": None}),
    "entropy.kl_divergence": lambda: (None, {"p": [0.5, 0.5], "q": [0.9, 0.1], "base": None}),
    "entropy.squared_error": lambda: (None, {"p": [1.0, 0.0], "q": [0.6, 0.4]}),
    # distillation
    "distillation.soft_targets": lambda: (None, {"teacher_logits": torch.tensor([2.0, 1.0, 0.0]), "temperature": 2.0}),
    "distillation.distillation_loss": lambda: (None, {"student_logits": torch.zeros(2, 3), "teacher_logits": torch.ones(2, 3),
                                                      "labels": torch.tensor([0, 2]), "temperature": 2.0, "alpha": 0.5}),
    "distillation.DigitsSplit": lambda: (None, dict(vars(_split()))),
    "distillation.load_digits_split": lambda: (None, {"per_class": 2, "n_test": 100, "seed": 0, "device": "cpu"}),
    "distillation.mlp": lambda: (None, {"hidden": (4,), "dropout": 0.0, "seed": 0, "inputs": 64, "outputs": 10}),
    "distillation.train": lambda: (None, {"model": nn.Linear(64, 10), "inputs": _digits()[0],
                                          "loss_fn": lambda z: nn.functional.cross_entropy(z, _digits()[1]),
                                          "epochs": 1, "lr": 1e-2, "noise": 0.1, "seed": 0}),
    "distillation.train_teacher": lambda: (None, {"inputs": _digits()[0], "labels": _digits()[1], "seed": 0}),
    "distillation.train_student": lambda: (None, {"inputs": _digits()[0], "labels": _digits()[1], "seed": 0,
                                                  "teacher": nn.Linear(64, 10), "temperature": 2.0, "alpha": 0.5}),
    "distillation.jitter": lambda: (None, {"images": _digits()[0], "generator": torch.Generator().manual_seed(0),
                                           "noise": 0.1, "side": 8}),
    "distillation.train_student_jittered": lambda: (None, {"inputs": _digits()[0], "labels": _digits()[1], "seed": 0,
                                                           "teacher": nn.Linear(64, 10), "temperature": 8.0, "alpha": 0.9,
                                                           "copies": 1, "noise": 0.1}),
    "distillation.accuracy": lambda: (None, {"model": nn.Identity(), "inputs": torch.eye(3), "labels": torch.tensor([0, 1, 1])}),
    "distillation.gap_closed": lambda: (None, {"teacher": 0.9, "alone": 0.8, "distilled": 0.85}),
}

#: Where infinity is the right answer: information of an impossible outcome, log 0, a
#: prediction of 0 for what happens, log D = log 0 in the value function.
INF_IS_AN_ANSWER = {"entropy.information", "entropy.log_softmax", "entropy.cross_entropy", "entropy.kl_divergence",
                    "gan.value_function", "autoregression.LazyAdder.log_probs"}

# --- malformed values ------------------------------------------------------------------------------

_SCALARS = [None, "abc", b"x", True, False, math.nan, math.inf, -math.inf, 1e308, -1e308, 5e-324, -5e-324,
            0, -1, -0.5, 2.5, 1 + 2j, object(), {}, (), np.int64(-3), np.float64(np.nan)]
_ARRAYS = [[], [[1.0, 2.0], [3.0]], [1 + 2j, 0.5], ["a", "b"], [None, 1.0], np.zeros((2, 2, 2)), np.zeros((0, 3)),
           [math.nan, 0.5], [math.inf, 0.5], [-math.inf, -math.inf], [1e308, -1e308], [5e-324, 1.0], [True, False],
           np.array([1, 2], dtype=np.uint8), [[0.5, 0.5]], [0.25] * 4]
_TENSORS = [lambda: torch.tensor([math.nan, 0.5]), lambda: torch.full((2, 2), math.inf), lambda: torch.zeros(0),
            lambda: torch.zeros(2, 3, 4, 5), lambda: torch.tensor([1, 2]), lambda: torch.full((4, 2), 1e30),
            lambda: torch.zeros(4, 3), lambda: torch.tensor([True]), lambda: torch.tensor([1 + 1j]),
            lambda: torch.full((3,), -1.0), lambda: torch.zeros(3, 5, dtype=torch.float64)]

malformed = st.one_of(
    st.sampled_from(_SCALARS),
    st.sampled_from(_ARRAYS),
    st.sampled_from(_TENSORS).map(lambda make: make()),
    arrays(np.float64, array_shapes(max_dims=3, max_side=3),
           elements=st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=3),
)


def _parameters(function: Callable) -> list[str]:
    return [name for name, p in inspect.signature(function).parameters.items()
            if name != "self" and p.kind not in (p.VAR_POSITIONAL, p.VAR_KEYWORD)]


def _has_nan_or_inf(value: Any, seen: int = 0) -> tuple[bool, bool]:
    """(contains NaN, contains ±inf) anywhere in a result: arrays, tensors, modules' weights, containers."""
    if isinstance(value, torch.Tensor):
        value = value.detach().double().cpu().numpy()
    if isinstance(value, nn.Module):
        value = [p for p in value.parameters()]
    if isinstance(value, (float, np.floating, np.ndarray)) and np.asarray(value).dtype.kind == "f":
        array = np.asarray(value)
        return bool(np.isnan(array).any()), bool(np.isinf(array).any())
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        value = [getattr(value, f.name) for f in dataclasses.fields(value)]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, (list, tuple)) and seen < 4:
        flags = [_has_nan_or_inf(item, seen + 1) for item in value]
        return any(f[0] for f in flags), any(f[1] for f in flags)
    return False, False


def _call(name: str, replaced: str | None = None, bad: Any = None) -> Any:
    instance, kwargs = VALID[name]()
    if replaced is not None:
        kwargs[replaced] = bad
    function = public_callables()[name]
    return function(instance, **kwargs) if instance is not None else function(**kwargs)


#: Calls made by `test_bad_input_gets_a_named_error_or_a_clean_result`, reported at the end.
CALLS = {"bad": 0}


def test_every_public_callable_has_a_valid_call():
    assert sorted(public_callables()) == sorted(VALID), "add the new public name to VALID"


@pytest.mark.parametrize("name", sorted(VALID))
def test_the_valid_call_succeeds_cleanly(name):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        result = _call(name)
    has_nan, has_inf = _has_nan_or_inf(result)
    assert not has_nan and (not has_inf or name in INF_IS_AN_ANSWER)


@pytest.mark.parametrize("name", sorted(VALID))
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None,
          derandomize=True)  # the same examples on every run: CI fails only on a change of code
@given(data=st.data())
def test_bad_input_gets_a_named_error_or_a_clean_result(name, data):
    parameters = _parameters(public_callables()[name])
    if not parameters:
        return
    replaced = data.draw(st.sampled_from(parameters), label="argument")
    bad = data.draw(malformed, label="value")
    CALLS["bad"] += 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            result = _call(name, replaced, bad)
        except (TypeError, ValueError) as error:
            message = str(error)
            assert message.strip(), f"{name}({replaced}={bad!r}) raised {type(error).__name__} with no message"
            assert replaced in message, f"{name}({replaced}={bad!r}): the message does not name {replaced}: {message}"
            return
    has_nan, has_inf = _has_nan_or_inf(result)
    assert not has_nan, f"{name}({replaced}={bad!r}) returned NaN"
    assert not has_inf or name in INF_IS_AN_ANSWER, f"{name}({replaced}={bad!r}) returned inf"


def test_zz_report_how_many_bad_calls_were_made(capsys):
    with capsys.disabled():
        print(f"\nbad-input calls made by the property test: {CALLS['bad']}")
