r"""Autoregressive generation (文字接龍): one token at a time, each step a classification.

Any complex object is written as a sequence of tokens $z_1, z_2, \dots$ drawn from a
finite set. A language model is a function that, given the tokens so far, returns a
probability distribution over the next one,

$$P(z_t \mid z_1, \dots, z_{t-1}) = f_\theta(z_1, \dots, z_{t-1}),$$

and generation applies it again and again until it produces an end token.

Two models share one interface (a `tokens` tuple and `log_probs(context)`), so one
generation loop, `generate`, works with both:

* `NGramModel`: counts which token followed the last $n-1$ tokens in a text.
* `TinyTransformer`: a character-level Transformer shaped like GPT-2, small enough to
  train on a laptop CPU in seconds.

Tokens are strings. A `str` prompt or training text is split into characters; a
list of strings is taken as a list of tokens (so `"[END]"` or `"Wait"` can be one token).
"""

from __future__ import annotations

import copy
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Any, Protocol

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn
from tqdm import tqdm

from genai_notes._validate import (
    MAX_LR,
    as_logits,
    as_tensor,
    check_count,
    check_counts,
    check_flag,
    check_in_range,
)
from genai_notes._validate import check_instance, check_same_shape
from genai_notes._validate import check_positive, check_seed, check_text
from genai_notes.entropy import softmax
from genai_notes.tokens import END

__all__ = [
    "END",
    "LanguageModel",
    "next_token_pairs",
    "vocabulary",
    "NGramModel",
    "TinyTransformer",
    "count_parameters",
    "gpt_parameter_count",
    "train_language_model",
    "learning_rate_at",
    "cross_entropy_per_token",
    "next_token_distribution",
    "generate",
    "budget_forcing",
    "LazyAdder",
    "notes_corpus",
    "budget_forcing_accuracy",
    "choose",
    "task_vector",
    "add_task_vectors",
    "edit_next_token",
]

#: Padding before the first token, so the n-gram model also learns how texts begin.
_START = "[START]"


class LanguageModel(Protocol):
    """What `generate` needs: a vocabulary and next-token log-probabilities."""

    tokens: tuple[str, ...]
    needs_context: bool

    def log_probs(self, context: Sequence[str]) -> np.ndarray:
        """$\\log P(z_t = \\text{tokens}[i] \\mid \\text{context})$ for every $i$."""
        ...


def _as_tokens(text: str | Sequence[str], name: str) -> list[str]:
    if isinstance(text, str):
        return list(text)
    if isinstance(text, Sequence) and all(
        isinstance(token, str) and token for token in text
    ):
        return list(text)
    raise TypeError(
        f"{name} must be a string or a sequence of non-empty token strings, got {type(text).__name__}"
    )


def _answer_tokens(answer: str | Sequence[str]) -> list[str]:
    tokens = _as_tokens(answer, "answer")
    if not tokens:
        raise ValueError("answer must contain at least one token")
    return tokens


# --8<-- [start:next_token_pairs]
def next_token_pairs(
    prompt: str, answer: str | Sequence[str], end: str = END
) -> list[tuple[str, str]]:
    r"""The training pairs hidden in one answer: $x \to y_1$, $x y_1 \to y_2$, …, $x y_1 \dots y_T \to$ end.

    Every pair is one classification example: the input is all the text so far,
    the label is the one token that comes next.

    Examples:
        >>> from genai_notes.autoregression import next_token_pairs
        >>> next_token_pairs("你是誰？", "我是")
        [('你是誰？', '我'), ('你是誰？我', '是'), ('你是誰？我是', '[END]')]
    """
    prompt, tokens, end = (
        check_text(prompt, "prompt"),
        _answer_tokens(answer),
        check_text(end, "end", allow_empty=False),
    )
    # context t = x y_1 … y_t: the prompt plus the first t answer tokens,
    # for t = 0 … T (T + 1 contexts for T tokens)
    contexts = [prompt + "".join(tokens[:t]) for t in range(len(tokens) + 1)]
    # label t = y_{t+1}; the last context's label is the end token, which
    # teaches the model when to stop
    return list(zip(contexts, tokens + [end]))


# --8<-- [end:next_token_pairs]


def _token_lists(texts: Iterable[str | Sequence[str]]) -> list[list[str]]:
    if isinstance(texts, (str, bytes)) or not isinstance(texts, Iterable):
        raise TypeError(
            f"texts must be a list of texts (a single string goes in a list), got {type(texts).__name__}"
        )
    return [_as_tokens(text, "texts") for text in texts]


def vocabulary(
    texts: Iterable[str | Sequence[str]], end: str = END
) -> tuple[str, ...]:
    """Every token that occurs in `texts`, sorted, followed by the end token.

    Examples:
        >>> from genai_notes.autoregression import vocabulary
        >>> vocabulary(["玉山", "山"])
        ('山', '玉', '[END]')
    """
    seen = {token for text in _token_lists(texts) for token in text}
    end = check_text(end, "end", allow_empty=False)
    if not seen:
        raise ValueError("texts must contain at least one token")
    return tuple(sorted(seen - {end})) + (end,)


def _check_model(model: Any) -> LanguageModel:
    if not all(
        hasattr(model, attribute)
        for attribute in ("tokens", "needs_context", "log_probs")
    ):
        raise TypeError(
            f"model must be a language model (tokens, needs_context, log_probs), got {type(model).__name__}"
        )
    return model


def _check_context(
    model: LanguageModel, context: Sequence[str], name: str
) -> list[str]:
    tokens = _as_tokens(context, name)
    _check_model(model)
    if model.needs_context and not tokens:
        raise ValueError(
            f"{name} must not be empty: {type(model).__name__} predicts from at least one token"
        )
    unknown = sorted(set(tokens) - set(model.tokens))
    if unknown:
        raise ValueError(
            f"{name} contains tokens the model has never seen: {unknown[:5]}"
        )
    return tokens


# --8<-- [start:ngram]
class NGramModel:
    r"""Count-based n-gram model with add-$\alpha$ smoothing.

    The next token depends only on the last $n-1$ tokens $h$:

    $$P(z \mid h) = \frac{c(h, z) + \alpha}{c(h) + \alpha |V|}$$

    where $c(h, z)$ counts how often $z$ followed $h$ in the training texts and
    $|V|$ is the vocabulary size. $\alpha > 0$ keeps unseen continuations possible.

    Examples:
        >>> from genai_notes.autoregression import NGramModel
        >>> model = NGramModel(n=2, alpha=0.5).fit(["玉山"])
        >>> model.tokens
        ('山', '玉', '[END]')
        >>> model.probs("玉").round(3)  # (1 + 0.5) / (1 + 0.5 · 3) for 山
        array([0.6, 0.2, 0.2])
    """

    needs_context = False  # an empty context is the start of a text

    def __init__(self, n: int = 3, alpha: float = 0.1) -> None:
        self.n = check_count(n, "n", 1)
        # α > 0: no continuation ever gets probability 0
        self.alpha = check_positive(alpha, "alpha")
        self.tokens: tuple[str, ...] = ()  # V, set by fit
        # h → Counter of z: c(h, z); c(h) is the sum of the Counter
        self.counts: dict[tuple[str, ...], Counter] = {}

    def _history(self, context: Sequence[str]) -> tuple[str, ...]:
        # n − 1 start tokens in front, so h is always n − 1 tokens long,
        # even at the first tokens of a text
        padded = [_START] * (self.n - 1) + list(context)
        # h = the last n − 1 tokens (empty for n = 1: a unigram model)
        return tuple(padded[len(padded) - (self.n - 1) :])

    def fit(
        self,
        texts: Iterable[str | Sequence[str]],
        end: str = END,
        tokens: Sequence[str] | None = None,
    ) -> NGramModel:
        """Count every (last n−1 tokens → next token) pair in `texts`; each text ends with `end`.

        `tokens` is the vocabulary (default: every token of `texts`); a larger one
        leaves room for tokens that the texts never show.
        """
        texts = _token_lists(texts)
        # |V| counts every token the model may predict, seen or not
        self.tokens = vocabulary(
            texts if tokens is None else [*texts, _as_tokens(tokens, "tokens")],
            end,
        )
        self.counts = defaultdict(Counter)
        for text in texts:
            # the end token is a continuation too: c(h, end) says when to stop
            sequence = text + [end]
            for t, token in enumerate(sequence):
                # c(h, z) += 1 with h the n − 1 tokens before z
                self.counts[self._history(sequence[:t])][token] += 1
        return self  # so that NGramModel(...).fit(texts) reads in one line

    def probs(self, context: str | Sequence[str]) -> np.ndarray:
        """$P(z \\mid h)$ for every token of `self.tokens`, given the tokens so far."""
        if not self.tokens:
            raise ValueError(
                "the model must be fitted before it can predict"
                " (call fit first)"
            )
        # an unseen history h has c(h, z) = 0 for all z: P is then uniform
        seen = self.counts.get(
            self._history(_check_context(self, context, "context")), Counter()
        )
        # c(h, z) for every z of V, in the order of self.tokens
        counts = np.array([seen[token] for token in self.tokens], dtype=float)
        # P(z | h) = (c(h, z) + α) / (c(h) + α |V|)
        return (counts + self.alpha) / (
            counts.sum() + self.alpha * len(self.tokens)
        )

    def log_probs(self, context: str | Sequence[str]) -> np.ndarray:
        """$\\log P(z \\mid h)$, the interface `generate` uses."""
        # finite: every P(z | h) ≥ α / (c(h) + α |V|) > 0
        return np.log(self.probs(context))


# --8<-- [end:ngram]


# --8<-- [start:attention]
class CausalSelfAttention(nn.Module):
    r"""Masked multi-head self-attention: each token looks at itself and every earlier token.

    $$\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\!\left(\frac{Q K^\top}{\sqrt{d_h}} + M\right) V,$$

    with $M_{ij} = -\infty$ for $j > i$ so that no token sees the future.
    """

    def __init__(self, d_model: int, n_heads: int) -> None:
        super().__init__()
        # h heads of width d_h = d / h: as many parameters as one wide head
        self.n_heads = n_heads
        # W_Q, W_K, W_V in one d × 3d matrix: one matrix product gives all three
        self.qkv = nn.Linear(d_model, 3 * d_model)
        # W_O mixes the h concatenated head outputs back into d numbers
        self.out = nn.Linear(d_model, d_model)

    def forward(self, x: Tensor) -> Tensor:
        """Mix each position of `x` (batch, length, d_model) with the positions before it."""
        batch, length, d_model = x.shape
        # (batch, length, 3·d) → three tensors of shape
        # (batch, heads, length, d_h)
        q, k, v = (
            self.qkv(x)
            .view(batch, length, 3, self.n_heads, -1)
            .permute(2, 0, 3, 1, 4)
        )
        # Q Kᵀ / √d_h, shape (batch, heads, length, length): the cost grows
        # with the square of the context; √d_h keeps the scores' spread
        # near 1 whatever the head width, so softmax does not saturate
        scores = q @ k.transpose(-2, -1) / math.sqrt(q.shape[-1])
        # M: True above the diagonal, where key j comes after query i
        future = torch.ones(
            length, length, dtype=torch.bool, device=x.device
        ).triu(1)
        # softmax(Q Kᵀ / √d_h + M) over the keys: e^−∞ = 0, so the future
        # gets weight 0 and each row sums to 1 over positions j ≤ i
        weights = scores.masked_fill(future, float("-inf")).softmax(dim=-1)
        # weights · V per head, then the heads side by side again:
        # (batch, heads, length, d_h) → (batch, length, d), then W_O
        return self.out(
            (weights @ v).transpose(1, 2).reshape(batch, length, d_model)
        )


# --8<-- [end:attention]


# --8<-- [start:block]
class _Block(nn.Module):
    r"""One layer $f_\ell$: attention then a two-layer MLP, each with a residual connection (pre-LayerNorm).

    $$h = x + \mathrm{Attention}\big(\mathrm{LN}_1(x)\big), \qquad
    f_\ell(x) = h + W_2\,\mathrm{GELU}\big(W_1\,\mathrm{LN}_2(h) + b_1\big) + b_2$$

    where $\mathrm{LN}(x) = \gamma \odot (x - \mu) / \sqrt{\sigma^2 + \epsilon} + \beta$ normalises each
    position's vector, $W_1$ is $4d \times d$ and $W_2$ is $d \times 4d$: $12d^2 + 13d$ parameters per layer.

    During training, `dropout` zeroes that share of each branch's outputs before they are added
    (GPT-2's residual dropout); it is off by default and inactive in `eval()` mode.

    Examples:
        >>> block = _Block(d_model=8, n_heads=2)
        >>> x = torch.zeros(1, 3, 8)
        >>> block(x).shape == x.shape, count_parameters(block) == 12 * 8**2 + 13 * 8
        (True, True)
    """

    def __init__(
        self, d_model: int, n_heads: int, dropout: float = 0.0
    ) -> None:
        super().__init__()
        self.norm1 = nn.LayerNorm(d_model)  # LN_1: 2d parameters (γ, β)
        # 4d² + 4d parameters: W_Q, W_K, W_V, W_O and their biases
        self.attention = CausalSelfAttention(d_model, n_heads)
        self.norm2 = nn.LayerNorm(d_model)  # LN_2: 2d parameters
        # W_2 GELU(W_1 x + b_1) + b_2 at each position on its own:
        # 8d² + 5d parameters, two thirds of the layer
        self.mlp = nn.Sequential(
            nn.Linear(d_model, 4 * d_model),  # W_1: d → 4d, GPT-2's width
            nn.GELU(),
            nn.Linear(4 * d_model, d_model),  # W_2: 4d → d, back to the stream
        )
        # no parameters: dropout only zeroes outputs (and scales the rest)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: Tensor) -> Tensor:
        """$f_\\ell(x)$ for `x` of shape (batch, length, d_model); the shape is kept, so layers stack."""
        # h = x + Attention(LN_1(x)): the residual keeps x, so a layer
        # only adds to it and gradients reach early layers unchanged
        x = x + self.dropout(self.attention(self.norm1(x)))
        # f_ℓ(x) = h + MLP(LN_2(h))
        return x + self.dropout(self.mlp(self.norm2(x)))


# --8<-- [end:block]


#: Size limits of `TinyTransformer` (GPT-2 small has d = 768, 12 layers, 1,024 positions).
MAX_WIDTH, MAX_LAYERS = 4096, 48


# --8<-- [start:transformer]
class TinyTransformer(nn.Module):
    r"""A character-level Transformer language model with GPT-2's layout.

    $$z_t \sim \mathrm{softmax}\big(f_L(\cdots f_2(f_1(e(z_1, \dots, z_{t-1})))\cdots) E^\top\big)$$

    $e$ adds a learned position vector to each token's embedding row of $E$, each
    $f_\ell$ is one layer (attention + MLP), and the output reuses $E$ (tied weights).
    It sees at most `context_length` tokens: older ones are dropped. `dropout` > 0 zeroes that
    share of the embeddings and of each layer's branch outputs while training (never when predicting).

    Examples:
        >>> import torch
        >>> from genai_notes.autoregression import (
        ...     END, TinyTransformer, count_parameters, gpt_parameter_count)
        >>> model = TinyTransformer(
        ...     ["a", "b", END], d_model=8, n_layers=1, n_heads=2, context_length=4
        ... )
        >>> # one score per position and vocabulary entry
        >>> model(torch.tensor([[0, 1, 0]])).shape
        torch.Size([1, 3, 3])
        >>> counted = gpt_parameter_count(3, 4, d_model=8, n_layers=1)
        >>> count_parameters(model) == counted == 944
        True
    """

    # position 1 has nothing to look at: the prompt must not be empty
    needs_context = True

    def __init__(
        self,
        tokens: Sequence[str],
        d_model: int = 32,
        n_layers: int = 2,
        n_heads: int = 4,
        context_length: int = 64,
        seed: int = 0,
        dropout: float = 0.0,
    ) -> None:
        super().__init__()
        # V: token i of the vocabulary is row i of E
        self.tokens = tuple(_as_tokens(tokens, "tokens"))
        if len(set(self.tokens)) != len(self.tokens) or not self.tokens:
            # a repeated token would get two rows of E and split its
            # probability
            raise ValueError("tokens must be a non-empty list without repeats")
        if check_count(d_model, "d_model", 1, MAX_WIDTH) % check_count(
            n_heads, "n_heads", 1, MAX_WIDTH
        ):
            # d = h · d_h: the heads split the width evenly
            raise ValueError(
                "d_model must be divisible by n_heads,"
                f" got {d_model} and {n_heads}"
            )
        self.context_length = check_count(
            # n_ctx: one learned vector per position, so no longer inputs
            context_length,
            "context_length",
            1,
            MAX_WIDTH,
        )
        check_count(n_layers, "n_layers", 1, MAX_LAYERS)
        # token → row of E, for encode
        self.index = {token: i for i, token in enumerate(self.tokens)}
        # the same seed gives the same initial weights, and the caller's
        # global random state is left as it was
        with torch.random.fork_rng(devices=[]):
            torch.manual_seed(check_seed(seed))
            # E: |V| × d, also the output layer (tied weights)
            self.token_embedding = nn.Embedding(len(self.tokens), d_model)
            # P: n_ctx × d, one learned vector per position
            self.position_embedding = nn.Embedding(context_length, d_model)
            # 1 would drop every unit
            check_in_range(dropout, "dropout", 0, 1, open_high=True)
            self.embedding_dropout = nn.Dropout(dropout)
            # f_1 … f_L, each 12d² + 13d parameters
            self.layers = nn.ModuleList(
                _Block(d_model, n_heads, dropout)
                for _ in range(check_count(n_layers, "n_layers", 1))
            )
            # pre-LayerNorm leaves the last layer's output unnormalised:
            # one more LN (2d parameters) before the scores
            self.final_norm = nn.LayerNorm(d_model)
            for embedding in (self.token_embedding, self.position_embedding):
                # GPT-2's choice: small first scores, loss ≈ log |V|
                nn.init.normal_(embedding.weight, std=0.02)

    def forward(self, ids: Tensor) -> Tensor:
        """Scores (logits) of shape (batch, length, vocabulary) for token ids of shape (batch, length)."""
        ids = self._check_ids(ids)
        # positions 0 … length − 1, the same for every row of the batch
        positions = torch.arange(ids.shape[1], device=ids.device)
        # e(z)_t = E[z_t] + P[t], shape (batch, length, d): without P, the
        # model could not tell the order of the tokens
        x = self.embedding_dropout(
            self.token_embedding(ids) + self.position_embedding(positions)
        )
        for layer in self.layers:  # depth: f_L(… f_2(f_1(x)))
            x = layer(x)
        # logits = LN(x) Eᵀ, shape (batch, length, |V|): the score of token
        # i is the dot product with its own embedding row
        return self.final_norm(x) @ self.token_embedding.weight.T

    # --8<-- [end:transformer]

    def _check_ids(self, ids: Tensor) -> Tensor:
        as_tensor(ids, "ids", ndim=2, floating=False)
        if ids.shape[1] > self.context_length:
            raise ValueError(
                f"ids must hold at most context_length = {self.context_length} tokens, got {ids.shape[1]}"
            )
        if (ids < 0).any() or (ids >= len(self.tokens)).any():
            raise ValueError(
                f"ids must be token ids in [0, {len(self.tokens) - 1}]"
            )
        return ids

    def encode(self, tokens: str | Sequence[str]) -> list[int]:
        """Token ids of `tokens` (characters of a string)."""
        return [
            self.index[token]
            for token in _check_context(self, tokens, "tokens")
        ]

    def log_probs(self, context: str | Sequence[str]) -> np.ndarray:
        """$\\log P(z_t \\mid$ the last `context_length` tokens$)$, the interface `generate` uses."""
        ids = self.encode(_check_context(self, context, "context"))[
            -self.context_length :
        ]
        device = self.token_embedding.weight.device
        with torch.no_grad():
            logits = self(torch.tensor([ids], device=device))[0, -1]
        return torch.log_softmax(logits.double(), dim=-1).cpu().numpy()


# --8<-- [start:count_parameters]
def count_parameters(model: nn.Module) -> int:
    """The number behind "7B": how many numbers training has to find (shared weights counted once).

    Examples:
        >>> from torch import nn
        >>> from genai_notes.autoregression import count_parameters
        >>> count_parameters(nn.Linear(3, 2))  # 3·2 weights + 2 biases
        8
    """
    # .parameters() yields a tied matrix once, so E counts once even
    # though it is both the embedding and the output layer
    return sum(
        parameter.numel()
        for parameter in check_instance(model, "model", nn.Module).parameters()
    )


# the same count from the architecture alone, no model built: GPT-2's sizes
# or a 7B model's cost nothing to evaluate
def gpt_parameter_count(
    vocab_size: int, context_length: int, d_model: int, n_layers: int
) -> int:
    r"""Parameters of a GPT-2-shaped model, from its architecture alone:

    $$|V| d + n_{ctx} d + L\,(12 d^2 + 13 d) + 2 d$$

    (token and position embeddings; per layer $4d^2 + 4d$ for attention, $8d^2 + 5d$ for
    the MLP and $4d$ for two LayerNorms; a final LayerNorm; the output reuses the embeddings).

    Examples:
        >>> from genai_notes.autoregression import gpt_parameter_count
        >>> # GPT-2 small
        >>> gpt_parameter_count(
        ...     vocab_size=50257, context_length=1024, d_model=768, n_layers=12
        ... )
        124439808
    """
    # the four sizes, each a positive integer
    v, n, d, layers = (
        check_count(x, name, 1)
        for x, name in [
            (vocab_size, "vocab_size"),
            (context_length, "context_length"),
            (d_model, "d_model"),
            (n_layers, "n_layers"),
        ]
    )
    # |V| d + n_ctx d + L (12d² + 13d) + 2d: a layer grows with d², so
    # doubling the width about quadruples it, and doubling L doubles it
    return v * d + n * d + layers * (12 * d * d + 13 * d) + 2 * d


# --8<-- [end:count_parameters]


def _check_texts(texts: Any) -> Sequence[str | Sequence[str]]:
    if isinstance(texts, str) or not isinstance(texts, Sequence):
        raise TypeError(
            f"texts must be a list of texts (a single string goes in a list), got {type(texts).__name__}"
        )
    if not texts:
        raise ValueError("texts must not be empty")
    return texts


def _training_ids(
    model: TinyTransformer, texts: Sequence[str | Sequence[str]], end: str
) -> Tensor:
    (
        check_instance(model, "model", TinyTransformer),
        _check_token(model, end, "end"),
    )
    ids = [
        i
        for text in _check_texts(texts)
        for i in model.encode(_as_tokens(text, "texts") + [end])
    ]
    if len(ids) < model.context_length + 1:
        raise ValueError(
            f"texts must hold more than context_length = {model.context_length} tokens, got {len(ids)}"
        )
    return torch.tensor(ids, device=model.token_embedding.weight.device)


def _training_settings(
    model: TinyTransformer,
    texts: Sequence[str | Sequence[str]],
    end: str,
    steps: int,
    batch_size: int,
    lr: float,
    seed: int,
    progress: bool,
) -> tuple[Tensor, int, int, float, int, bool]:
    settings = (
        check_count(steps, "steps", 1),
        check_count(batch_size, "batch_size", 1),
        check_positive(lr, "lr", high=MAX_LR),
        check_seed(seed),
        check_flag(progress, "progress"),
    )
    return (_training_ids(model, texts, end), *settings)


# --8<-- [start:train]
def train_language_model(
    model: TinyTransformer,
    texts: Sequence[str | Sequence[str]],
    steps: int = 300,
    batch_size: int = 32,
    lr: float = 3e-3,
    seed: int = 0,
    end: str = END,
    progress: bool = False,
    warmup: int = 0,
    cosine: bool = False,
    weight_decay: float = 0.01,
) -> list[float]:
    r"""Teach `model` text continuation on `texts` (each followed by `end`); return the loss of every step.

    A window $z_1 \dots z_{n+1}$ of the text holds $n$ training pairs at once:
    $z_1 \to z_2$, $z_1 z_2 \to z_3$, …; the loss is the average cross-entropy
    $-\frac{1}{n} \sum_t \log P(z_{t+1} \mid z_1 \dots z_t)$. AdamW takes the steps; its learning rate
    rises linearly over the first `warmup` steps and, with `cosine`, then falls to 0 along half a cosine
    (`learning_rate_at`).

    Examples:
        >>> from genai_notes.autoregression import (
        ...     TinyTransformer, generate, train_language_model, vocabulary)
        >>> model = TinyTransformer(
        ...     vocabulary(["ab" * 20]),
        ...     d_model=16,
        ...     n_layers=1,
        ...     n_heads=2,
        ...     context_length=8,
        ... )
        >>> losses = train_language_model(model, ["ab" * 20], steps=100)
        >>> losses[-1] < losses[0] / 10
        True
        >>> "".join(generate(model, "ab", 6, greedy=True))
        'ababab'
    """
    ids, steps, batch_size, lr, seed, progress = _training_settings(
        model, texts, end, steps, batch_size, lr, seed, progress
    )
    # a generator of its own: the same seed draws the same windows,
    # and torch's global random state is left alone
    generator = torch.Generator().manual_seed(seed)
    weight_decay, warmup = (
        check_in_range(weight_decay, "weight_decay", 0, 1),
        check_count(warmup, "warmup", 0),
    )
    cosine = check_flag(cosine, "cosine")
    # AdamW: Adam with weight decay applied to the weights directly,
    # θ ← θ − η λ θ, apart from the gradient step
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=lr, weight_decay=weight_decay
    )
    # offsets 0 … n: a window of n + 1 tokens holds n (input, label) pairs
    window = torch.arange(model.context_length + 1, device=ids.device)
    losses = []
    model.train()  # dropout on while training
    for step in tqdm(range(steps), disable=not progress, desc="training"):
        for group in optimizer.param_groups:
            # warm-up, then constant or half a cosine
            group["lr"] = learning_rate_at(step, steps, lr, warmup, cosine)
        # batch_size random window starts: every window lies inside the text
        starts = torch.randint(
            len(ids) - model.context_length, (batch_size,), generator=generator
        ).to(ids.device)
        # (batch, n + 1) token ids: row b is z_1 … z_{n+1} of window b
        chunk = ids[starts[:, None] + window]
        # inputs z_1 … z_n → logits of shape (batch, n, |V|)
        logits = model(chunk[:, :-1])
        # every position is one classification example: the context so
        # far → the next token; −(1/n) Σ_t log P(z_{t+1} | z_1 … z_t)
        # over all batch · n positions at once
        loss = F.cross_entropy(
            logits.reshape(-1, logits.shape[-1]), chunk[:, 1:].reshape(-1)
        )
        optimizer.zero_grad()  # gradients add up in PyTorch: clear them
        loss.backward()  # ∂loss/∂θ for every parameter
        optimizer.step()  # θ ← θ − η · (Adam's update)
        losses.append(loss.item())
    model.eval()  # dropout off: predictions are deterministic again
    return losses


# --8<-- [end:train]


def learning_rate_at(
    step: int, steps: int, lr: float, warmup: int = 0, cosine: bool = False
) -> float:
    r"""The learning rate of step `step` (from 0) of `steps`: $\eta\,(s + 1)/w$ during the `warmup` $w$,
    then $\eta$, or with `cosine` $\tfrac{\eta}{2}\big(1 + \cos(\pi \tfrac{s - w}{S - w})\big)$, which ends near 0.

    Examples:
        >>> from genai_notes.autoregression import learning_rate_at
        >>> [
        ...     round(learning_rate_at(s, 10, 1.0, warmup=2, cosine=True), 3)
        ...     for s in (0, 1, 2, 6, 9)
        ... ]
        [0.5, 1.0, 1.0, 0.5, 0.038]
        >>> learning_rate_at(7, 10, 0.1)  # constant
        0.1
    """
    lr, cosine = (
        check_positive(lr, "lr", high=MAX_LR),
        check_flag(cosine, "cosine"),
    )
    if check_count(step, "step", 0) >= check_count(steps, "steps", 1):
        raise ValueError(f"step must be < steps, got {step} and {steps}")
    if step < check_count(warmup, "warmup", 0):
        return lr * (step + 1) / warmup
    if not cosine:
        return lr
    return (
        lr
        * 0.5
        * (1 + math.cos(math.pi * (step - warmup) / max(steps - warmup, 1)))
    )


def cross_entropy_per_token(
    model: LanguageModel, texts: Sequence[str | Sequence[str]], end: str = END
) -> float:
    r"""Average $-\log P(z_t \mid z_{<t})$ in nats over every token of `texts` (each followed by `end`).

    The same yardstick for any model with `log_probs`; a model that guesses
    uniformly among $|V|$ tokens scores $\log |V|$.

    Examples:
        >>> from genai_notes.autoregression import NGramModel, cross_entropy_per_token
        >>> model = NGramModel(n=2).fit(["ab"])
        >>> round(cross_entropy_per_token(model, ["ab"]), 4)
        0.1671
    """
    index = {token: i for i, token in enumerate(_check_model(model).tokens)}
    end = _check_token(model, check_text(end, "end", allow_empty=False), "end")
    first = (
        1 if model.needs_context else 0
    )  # a model that needs context cannot predict the first token
    losses = []
    for text in _check_texts(texts):
        sequence = _check_context(
            model, _as_tokens(text, "texts") + [end], "texts"
        )
        losses += [
            -model.log_probs(sequence[:t])[index[sequence[t]]]
            for t in range(first, len(sequence))
        ]
    if not losses:
        raise ValueError("texts must hold at least one token to predict")
    return float(np.mean(losses))


def _sampling(
    temperature: float, top_k: int | None, top_p: float
) -> tuple[float, int | None, float]:
    return (
        check_positive(temperature, "temperature"),
        None if top_k is None else check_count(top_k, "top_k", 1),
        check_in_range(top_p, "top_p", 0, 1, open_low=True),
    )


def _rng(seed: int | np.random.Generator | None) -> np.random.Generator:
    return (
        seed
        if isinstance(seed, np.random.Generator)
        else np.random.default_rng(None if seed is None else check_seed(seed))
    )


# --8<-- [start:next_token_distribution]
def next_token_distribution(
    log_probs: np.ndarray,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float = 1.0,
) -> np.ndarray:
    r"""The distribution actually sampled from: temperature, then top-k, then top-p.

    `log_probs` may hold `-inf` (tokens of probability 0), as long as one entry is finite.

    $$p_i \propto \exp(\log P_i / T)$$

    then only the `top_k` most likely tokens are kept, then only the smallest set
    of most likely tokens whose probabilities add up to at least `top_p`.

    Examples:
        >>> import numpy as np
        >>> from genai_notes.autoregression import next_token_distribution
        >>> log_p = np.log([0.5, 0.3, 0.15, 0.05])
        >>> next_token_distribution(log_p, temperature=0.5).round(3)
        array([0.685, 0.247, 0.062, 0.007])
        >>> next_token_distribution(log_p, top_k=2).round(3)
        array([0.625, 0.375, 0.   , 0.   ])
        >>> next_token_distribution(log_p, top_p=0.9).round(3)
        array([0.526, 0.316, 0.158, 0.   ])
    """
    log_probs, (temperature, top_k, top_p) = (
        as_logits(log_probs, "log_probs", ndim=1),
        _sampling(temperature, top_k, top_p),
    )
    # p_i ∝ e^{log P_i / T}: T < 1 sharpens, T > 1 flattens
    probs = softmax(log_probs, temperature=temperature)
    # most likely first; stable, so ties keep the vocabulary's order
    order = np.argsort(-probs, kind="stable")
    # top-k: the k most likely tokens (all of them without top_k)
    keep = len(probs) if top_k is None else min(top_k, len(probs))
    # top-p: how many of the sorted tokens it takes to reach top_p
    # (1e-9 forgives rounding); the fewer of top-k and top-p wins
    keep = min(
        keep, int(np.searchsorted(np.cumsum(probs[order]), top_p - 1e-9)) + 1
    )
    # the dropped tokens get probability 0
    kept = np.zeros_like(probs)
    kept[order[:keep]] = probs[order[:keep]]
    # renormalise: the kept probabilities sum to 1 again
    return kept / kept.sum()


# --8<-- [end:next_token_distribution]


def _check_token(model: LanguageModel, token: str, name: str) -> str:
    if check_text(token, name, allow_empty=False) not in model.tokens:
        raise ValueError(
            f"{name} must be one of the model's tokens, got {token!r}"
        )
    return token


def _generation_settings(
    model: LanguageModel,
    prompt: str | Sequence[str],
    max_new_tokens: int,
    greedy: bool,
    temperature: float,
    top_k: int | None,
    top_p: float,
    end: str,
    seed: int | np.random.Generator | None,
) -> tuple[list[str], np.random.Generator, int]:
    context = _check_context(model, prompt, "prompt")
    (
        _check_token(model, end, "end"),
        check_flag(greedy, "greedy"),
        _sampling(temperature, top_k, top_p),
    )
    return context, _rng(seed), check_count(max_new_tokens, "max_new_tokens", 0)


# --8<-- [start:generate]
def generate(
    model: LanguageModel,
    prompt: str | Sequence[str],
    max_new_tokens: int = 50,
    # keyword-only from here: a call reads greedy=True, not a bare True
    *,
    greedy: bool = False,
    temperature: float = 1.0,
    top_k: int | None = None,
    top_p: float = 1.0,
    end: str = END,
    # a Generator continues one random stream across calls
    seed: int | np.random.Generator | None = None,
) -> list[str]:
    r"""Text continuation: append one token at a time until `end` or `max_new_tokens`.

    $$z_t \sim P(\cdot \mid z_1, \dots, z_{t-1}), \quad t = 1, 2, \dots$$

    `greedy=True` always takes the most likely token; otherwise the token is drawn
    from `next_token_distribution`. The new tokens are returned, `end` included if
    the model produced it.

    Examples:
        >>> from genai_notes.autoregression import NGramModel, generate
        >>> model = NGramModel(n=3).fit(["臺灣最高的山是哪座？玉山"])
        >>> generate(model, "臺灣最高的山是哪座？", greedy=True)
        ['玉', '山', '[END]']
    """
    # the checked prompt as tokens, the random stream, the checked budget
    context, rng, max_new_tokens = _generation_settings(
        model,
        prompt,
        max_new_tokens,
        greedy,
        temperature,
        top_k,
        top_p,
        end,
        seed,
    )
    new: list[str] = []
    for _ in range(max_new_tokens):
        # log P(· | z_1 … z_{t−1}): the prompt and every token produced
        # so far, so each new token sees the ones before it
        log_probs = model.log_probs(context + new)
        if greedy:
            # argmax_z P(z | …): the same prompt always gives the same text
            choice = int(np.argmax(log_probs))
        else:
            # z_t ~ the distribution after temperature, top-k and top-p
            choice = int(
                rng.choice(
                    len(log_probs),
                    p=next_token_distribution(
                        log_probs, temperature, top_k, top_p
                    ),
                )
            )
        # the new token becomes context for the next step (autoregression)
        new.append(model.tokens[choice])
        if new[-1] == end:  # the model says the answer is complete
            break
    return new


# --8<-- [end:generate]


def _budget_settings(
    model: LanguageModel,
    prompt: str | Sequence[str],
    min_thinking: int,
    max_thinking: int,
    think_end: str,
    wait: str,
    max_answer_tokens: int,
) -> list[str]:
    context = _check_context(model, prompt, "prompt")
    if not check_count(min_thinking, "min_thinking", 0) <= check_count(
        max_thinking, "max_thinking", 0
    ):
        raise ValueError(
            f"min_thinking must be <= max_thinking, got {min_thinking} and {max_thinking}"
        )
    (
        _check_token(model, think_end, "think_end"),
        _check_token(model, wait, "wait"),
    )
    check_count(max_answer_tokens, "max_answer_tokens", 0)
    return context


# --8<-- [start:budget_forcing]
def budget_forcing(
    model: LanguageModel,
    prompt: str | Sequence[str],
    min_thinking: int,
    max_thinking: int,
    *,
    think_end: str = "</think>",
    wait: str = "Wait",
    end: str = END,
    max_answer_tokens: int = 20,
    # greedy, temperature, top_k, top_p, seed: the same for every round
    **sampling: Any,
) -> tuple[list[str], list[str]]:
    r"""s1's budget forcing (Muennighoff et al., 2025): control how long a model thinks.

    Thinking runs through `generate` with `think_end` as its end token. If the model
    ends its thinking before `min_thinking` tokens, `think_end` is replaced by `wait`
    and thinking goes on; at `max_thinking` tokens thinking is cut off and `think_end`
    is appended, which forces the answer. `sampling` (greedy, temperature, top_k,
    top_p, seed) goes to every `generate` call. Returns (thinking tokens, answer tokens).

    Examples:
        >>> from genai_notes.autoregression import LazyAdder, budget_forcing
        >>> question = "1+2+3+4="
        >>> thinking, answer = budget_forcing(
        ...     LazyAdder(), question, min_thinking=0, max_thinking=9, greedy=True
        ... )
        >>> thinking, answer  # the lazy model stops after two numbers
        (['1', '3'], ['3', '[END]'])
        >>> budget_forcing(
        ...     LazyAdder(), question, min_thinking=5, max_thinking=9, greedy=True
        ... )
        (['1', '3', 'Wait', '6', '10'], ['10', '[END]'])
    """
    context = _budget_settings(
        model,
        prompt,
        min_thinking,
        max_thinking,
        think_end,
        wait,
        max_answer_tokens,
    )
    # one random stream for every call
    sampling["seed"] = _rng(sampling.get("seed"))
    thinking: list[str] = []
    # each round thinks on from where the last one stopped, with only
    # what is left of the budget max_thinking
    while len(thinking) < max_thinking:
        thinking += generate(
            model,
            context + thinking,
            max_thinking - len(thinking),
            # think_end plays the end token: generate stops when the model
            # ends its thinking
            end=think_end,
            **sampling,
        )
        if thinking[-1] != think_end:
            break  # the budget is spent: cut thinking off here
        # len − 1: the think_end token itself is not thinking
        if len(thinking) - 1 >= min_thinking:
            thinking.pop()
            break  # the model stopped on its own, late enough
        # too early: suppress the end of thinking and nudge the model on
        thinking[-1] = wait
    # think_end appended in every case: the model must answer now
    answer = generate(
        model,
        context + thinking + [think_end],
        max_answer_tokens,
        end=end,  # the answer ends with the ordinary end token
        **sampling,
    )
    return thinking, answer


# --8<-- [end:budget_forcing]


# --8<-- [start:lazy_adder]
class LazyAdder:
    """A toy reasoning model for sums like "1+2+3+4=" (one digit per number, totals below 100).

    While thinking it writes running sums, one addition per token ("1", "3", "6", "10"),
    but after `patience` additions it wants to stop (`</think>`) and then answers with
    the last running sum. After a "Wait" it adds `patience` more numbers. It gives its
    choice probability `confidence` and spreads the rest evenly.

    Examples:
        >>> import numpy as np
        >>> from genai_notes.autoregression import LazyAdder
        >>> model = LazyAdder()
        >>> model.tokens[int(np.argmax(model.log_probs("1+2+3+4=")))]
        '1'
    """

    needs_context = True  # it reads the question from the prompt

    def __init__(self, patience: int = 2, confidence: float = 0.9) -> None:
        # how many additions it makes before it wants to stop
        self.patience = check_count(patience, "patience", 1)
        # P(its choice); below 1, sampling may pick another token
        self.confidence = check_in_range(
            confidence, "confidence", 0, 1, open_low=True
        )
        # V: the numbers 0 … 99 (every running sum), then the markup
        self.tokens = tuple(str(i) for i in range(100)) + (
            "+",
            "=",
            "</think>",
            "Wait",
            END,
        )

    def _choice(self, context: list[str]) -> str:
        if "=" not in context:  # still reading the question
            return "="
        # the question's one-digit numbers, left of "="
        numbers = [
            int(token)
            for token in context[: context.index("=")]
            if token.isdigit()
        ]
        # what it has written after "=": thinking, then maybe an answer
        steps = context[context.index("=") + 1 :]
        if "</think>" in steps:  # answering: the last running sum, then stop
            # the tokens before and after the end of thinking
            thought, answered = (
                steps[: steps.index("</think>")],
                steps[steps.index("</think>") + 1 :],
            )
            sums = [token for token in thought if token.isdigit()]
            # one answer token, then END; with no sum written it guesses 0
            return END if answered else (sums[-1] if sums else "0")
        # additions made so far: one running sum per digit token
        done = sum(token.isdigit() for token in steps)
        # additions since the last "Wait": each "Wait" buys patience more
        since_wait = (
            steps[::-1].index("Wait") if "Wait" in steps else len(steps)
        )
        # it stops when the sum is complete, or when it runs out of patience
        if done == len(numbers) or since_wait >= self.patience:
            return "</think>"
        # the next running sum: the first done + 1 numbers added up
        return str(sum(numbers[: done + 1]))

    def log_probs(self, context: str | Sequence[str]) -> np.ndarray:
        """Probability `confidence` on the lazy adder's choice, the rest spread evenly."""
        choice = self.tokens.index(
            self._choice(_check_context(self, context, "context"))
        )
        # (1 − confidence) / (|V| − 1) on every other token: P sums to 1
        probs = np.full(
            len(self.tokens), (1 - self.confidence) / (len(self.tokens) - 1)
        )
        probs[choice] = self.confidence
        # confidence 1: every other token has log 0 = -inf
        with np.errstate(divide="ignore"):
            return np.log(probs)


# --8<-- [end:lazy_adder]


def notes_corpus() -> list[str]:
    """The paragraphs of this project's own zh-TW lecture pages (Markdown, math and code removed).

    A small Chinese corpus that ships with the package, so nothing is downloaded.

    Examples:
        >>> from genai_notes.autoregression import notes_corpus
        >>> paragraphs = notes_corpus()
        >>> len(paragraphs) > 50 and all(paragraphs)
        True
    """
    text = (
        resources.files("genai_notes")
        .joinpath("notes_zh.txt")
        .read_text(encoding="utf-8")
    )
    return [line for line in text.splitlines() if line.strip()]


def _sums(rng: np.random.Generator, count: int) -> list[str]:
    """Random questions like "3+4+5=" with 2 to 7 one-digit numbers."""
    return [
        "+".join(str(d) for d in rng.integers(1, 10, rng.integers(2, 8))) + "="
        for _ in range(count)
    ]


def budget_forcing_accuracy(
    min_thinking: Sequence[int],
    questions: int = 100,
    max_thinking: int = 20,
    seed: int = 0,
) -> tuple[list[float], list[float]]:
    """The budget-forcing experiment: `LazyAdder` on random sums, once per minimum thinking budget.

    Returns, per entry of `min_thinking`, the share of correct answers and the mean number of
    thinking tokens used, over the same `questions` random sums (2 to 7 one-digit numbers).

    Examples:
        >>> from genai_notes.autoregression import budget_forcing_accuracy
        >>> # (accuracy, mean thinking tokens) per budget
        >>> budget_forcing_accuracy([0, 8], questions=20)
        ([0.2, 0.8], [2.0, 8.0])
    """
    budgets, max_thinking = (
        check_counts(min_thinking, "min_thinking", 0),
        check_count(max_thinking, "max_thinking", 0),
    )
    if max(budgets) > max_thinking:
        raise ValueError(
            f"min_thinking must be <= max_thinking = {max_thinking}, got {max(budgets)}"
        )
    asked = _sums(
        np.random.default_rng(check_seed(seed)),
        check_count(questions, "questions", 1),
    )
    accuracy, thinking = [], []
    for low in budgets:
        runs = [
            (
                q,
                *budget_forcing(
                    LazyAdder(),
                    q,
                    min_thinking=low,
                    max_thinking=max_thinking,
                    greedy=True,
                ),
            )
            for q in asked
        ]
        accuracy.append(
            float(
                np.mean(
                    [
                        answer[0] == str(sum(int(d) for d in q[:-1].split("+")))
                        for q, _, answer in runs
                    ]
                )
            )
        )
        thinking.append(
            float(np.mean([len(thought) for _, thought, _ in runs]))
        )
    return accuracy, thinking


# --8<-- [start:choose]
def choose(
    model: LanguageModel, context: str | Sequence[str], options: Sequence[str]
) -> dict[str, float]:
    r"""Classification as text continuation: the next-token distribution kept to a few `options`.

    $$P(o \mid x) = \frac{P(z_t = o \mid x)}{\sum_{o' \in \text{options}} P(z_t = o' \mid x)}$$

    Spam or not, fraud or not, which of 361 points to play in Go: each is one next
    token chosen from a finite set. Returns the probability of every option, in order.

    Examples:
        >>> from genai_notes.autoregression import NGramModel, choose
        >>> model = NGramModel(n=2).fit(["玉山"])
        >>> chances = choose(model, "玉", ["山", "玉"])
        >>> {option: round(p, 3) for option, p in chances.items()}
        {'山': 0.917, '玉': 0.083}
    """
    # options must be distinct tokens of the model's vocabulary
    context, options = (
        _check_context(model, context, "context"),
        _check_options(model, options),
    )
    # one forward pass: log P(z_t | x) for the whole vocabulary
    log_probs = model.log_probs(context)
    # log P(z_t = o | x) for each option, in the order given
    kept = np.array(
        [log_probs[model.tokens.index(option)] for option in options]
    )
    # softmax of log P renormalises P: e^{log P_o} / Σ_o' e^{log P_o'}
    return dict(zip(options, softmax(kept).tolist()))


# --8<-- [end:choose]


def _check_options(model: LanguageModel, options: Sequence[str]) -> list[str]:
    checked = [
        _check_token(model, option, f"options[{k}]")
        for k, option in enumerate(
            check_instance(options, "options", (list, tuple))
        )
    ]
    if len(checked) < 2 or len(set(checked)) != len(checked):
        raise ValueError(
            f"options must be at least two different tokens, got {options!r}"
        )
    return checked


# --8<-- [start:task_arithmetic]
def task_vector(base: nn.Module, tuned: nn.Module) -> dict[str, Tensor]:
    r"""What fine-tuning changed, parameter by parameter: $\tau = \theta_{\text{tuned}} - \theta_{\text{base}}$.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> from genai_notes.autoregression import task_vector
        >>> base, tuned = nn.Linear(2, 1), nn.Linear(2, 1)
        >>> tau = task_vector(base, tuned)
        >>> torch.allclose(base.weight + tau["weight"], tuned.weight)
        True
    """
    base_state, tuned_state = _state(base, "base"), _state(tuned, "tuned")
    # a difference is only defined parameter by parameter: the same names,
    # the same shapes
    if base_state.keys() != tuned_state.keys() or any(
        base_state[k].shape != tuned_state[k].shape for k in base_state
    ):
        raise ValueError(
            "base and tuned must have the same architecture"
            " (the same parameter names and shapes)"
        )
    # τ = θ_tuned − θ_base, one tensor per parameter name
    return {name: tuned_state[name] - base_state[name] for name in base_state}


def add_task_vectors(
    base: nn.Module, vectors: Sequence[dict[str, Tensor]], scale: float = 1.0
) -> nn.Module:
    r"""Model merging by task arithmetic (Ilharco et al., 2023), in a copy of `base`:

    $$\theta_{\text{merged}} = \theta_{\text{base}} + \lambda \sum_i \tau_i$$

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> from genai_notes.autoregression import add_task_vectors
        >>> base = nn.Linear(1, 1)
        >>> tau = {"weight": torch.ones(1, 1), "bias": torch.zeros(1)}
        >>> merged = add_task_vectors(base, [tau, tau], scale=0.5)
        >>> torch.equal(merged.weight, base.weight + 1)
        True
    """
    # λ > 0; every τ_i must match base name by name and shape by shape
    scale, vectors = (
        check_positive(scale, "scale"),
        _check_vectors(vectors, _state(base, "base")),
    )
    # a copy: base stays as it was, to merge again with other vectors
    merged = copy.deepcopy(base)
    # an edit of the weights, not a training step: no gradient to record
    with torch.no_grad():
        for name, parameter in merged.named_parameters():
            # θ_merged = θ_base + λ Σ_i τ_i, in place
            parameter += scale * sum(vector[name] for vector in vectors)
    # a huge λ can overflow float32 to ±inf: fail here, not at predict time
    if not all(
        torch.isfinite(parameter).all() for parameter in merged.parameters()
    ):
        raise ValueError(
            f"scale {scale:g} times the task vectors overflows"
            " the weights' float precision"
        )
    return merged


def _state(model: nn.Module, name: str) -> dict[str, Tensor]:
    check_instance(model, name, nn.Module)
    # θ as name → tensor; detached, so arithmetic on it builds no graph
    return {key: value.detach() for key, value in model.named_parameters()}


def _check_vectors(
    vectors: Sequence[dict[str, Tensor]], state: dict[str, Tensor]
) -> Sequence[dict[str, Tensor]]:
    check_instance(vectors, "vectors", (list, tuple))
    if not vectors:
        raise ValueError("vectors must hold at least one task vector")
    for k, vector in enumerate(
        check_instance(v, f"vectors[{k}]", dict) for k, v in enumerate(vectors)
    ):
        # θ + τ needs a τ entry for every parameter, and no other entries
        if vector.keys() != state.keys():
            raise ValueError(
                f"vectors[{k}] must have base's parameter names"
                f" {sorted(state)[:5]}, got {sorted(vector)[:5]}"
            )
        # each entry a tensor of its parameter's shape, so θ + τ adds
        # element by element (no silent broadcasting)
        for name, value in vector.items():
            as_tensor(value, f"vectors[{k}][{name!r}]")
            check_same_shape(
                value, state[name], f"vectors[{k}][{name!r}]", f"base's {name}"
            )
    return vectors


# --8<-- [end:task_arithmetic]


# --8<-- [start:edit]
def edit_next_token(
    model: TinyTransformer,
    context: str | Sequence[str],
    token: str,
    steps: int = 30,
    lr: float = 3e-3,
    layer: int = -1,
) -> TinyTransformer:
    r"""Model editing by constrained fine-tuning: a copy of `model` that continues `context` with `token`.

    Only the MLP of one layer (the last by default) is trained, on the one pair, to minimise
    $-\log P(z_t = \text{token} \mid \text{context})$; every other parameter stays as it was,
    so what the rest of the model knows is disturbed as little as possible.

    Examples:
        >>> import numpy as np
        >>> import torch
        >>> from genai_notes.autoregression import END, TinyTransformer, edit_next_token
        >>> model = TinyTransformer(
        ...     ["a", "b", END], d_model=8, n_layers=1, n_heads=2, context_length=4
        ... )
        >>> edited = edit_next_token(model, "ab", "a")
        >>> edited.tokens[int(np.argmax(edited.log_probs("ab")))]
        'a'
        >>> before = dict(model.named_parameters())
        >>> {
        ...     name.split(".")[2]
        ...     for name, p in edited.named_parameters()
        ...     if not torch.equal(p, before[name])
        ... }
        {'mlp'}
    """
    check_instance(model, "model", TinyTransformer)
    # the context as a batch of one, shape (1, length): the model sees at
    # most context_length tokens, so keep the last ones
    ids = torch.tensor(
        [
            model.encode(_check_context(model, context, "context"))[
                -model.context_length :
            ]
        ]
    )
    # the label: the id of the token the edited model should say next
    target = torch.tensor([model.index[_check_token(model, token, "token")]])
    steps, lr = (
        check_count(steps, "steps", 1),
        check_positive(lr, "lr", high=MAX_LR),
    )
    # negative counts from the end, as in Python: −1 is the last layer
    layer = check_count(
        layer, "layer", -len(model.layers), len(model.layers) - 1
    )
    # a copy: the original model keeps the old fact
    edited = copy.deepcopy(model)
    # the constraint: the optimizer holds only one layer's MLP, so every
    # other parameter cannot move
    optimizer = torch.optim.Adam(edited.layers[layer].mlp.parameters(), lr=lr)
    for _ in range(steps):
        # −log P(z_t = token | context), at the last position only
        loss = F.cross_entropy(edited(ids)[:, -1], target)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    # eval mode, as train_language_model leaves a model: ready to predict
    return edited.eval()


# --8<-- [end:edit]
