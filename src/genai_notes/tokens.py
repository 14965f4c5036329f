r"""Tokens could be anything: text, images and sound as sequences from a finite vocabulary.

A generative model writes a complex object as a sequence $y = (y_1, y_2, \dots, y_T)$
whose elements, the tokens, come from a finite set of $V$ values. Each position is a
choice among few options, yet there are $V^T$ sequences of length $T$.

* `count_sequences` / `log10_count_sequences`: how many sequences there are.
* `CharTokenizer`: one token per character, plus special tokens such as `[END]`.
* `train_bpe` / `BPETokenizer`: byte-level byte-pair encoding (Sennrich et al., 2016)
  that round-trips any Unicode string; `learn_merges` is the textbook version on words.
* `image_to_tokens` / `tokens_to_image`: 8-bit pixels in raster order, losslessly.
* `mu_law_encode` / `mu_law_decode`: audio samples in $[-1, 1]$ as 256 tokens (WaveNet).

Bad input raises `ValueError` or `TypeError` naming the argument.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Hashable, Mapping, Sequence
from typing import TypeVar

import numpy as np
from numpy.typing import ArrayLike

from genai_notes._validate import (
    as_float_array,
    as_whole_numbers,
    check_count,
    check_counts,
    check_instance,
)
from genai_notes._validate import (
    check_flag,
    check_positive,
    check_text,
    check_texts,
    overflow_is_an_error,
)

__all__ = [
    "END",
    "count_sequences",
    "log10_count_sequences",
    "CharTokenizer",
    "learn_merges",
    "BPETokenizer",
    "train_bpe",
    "image_to_tokens",
    "tokens_to_image",
    "mu_law_encode",
    "mu_law_decode",
    "descend",
    "novelty",
]

#: The special token that ends a generated sequence.
END = "[END]"
#: The longest sequence `count_sequences` writes out digit by digit (use the log beyond it).
MAX_EXACT_LENGTH = 100_000
#: The lecture's two examples of y = f(x): (x = 4, y = 5) and (x = 2, y = −1).
POINTS = ((4.0, 5.0), (2.0, -1.0))
#: Token values of a byte, of an 8-bit pixel and of a μ-law sample.
BYTE_VALUES = 256

S = TypeVar("S", bound=Hashable)


def _check_ids(
    ids: Sequence[int], vocab_size: int, name: str
) -> tuple[int, ...]:
    checked = check_counts(ids, name, 0, allow_empty=True)
    too_large = [i for i in checked if i >= vocab_size]
    if too_large:
        raise ValueError(
            f"{name} must be token ids below {vocab_size}, got {too_large[0]}"
        )
    return checked


# --8<-- [start:count_sequences]
def count_sequences(vocab_size: int, length: int) -> int:
    r"""The number of token sequences of a given length, exactly: $V^T$.

    Python integers have no upper limit, so the answer is exact however large it is
    (up to `MAX_EXACT_LENGTH` tokens; `log10_count_sequences` goes further).

    Examples:
        >>> from genai_notes.tokens import count_sequences
        >>> count_sequences(2, 3)  # 000, 001, ..., 111
        8
        >>> count_sequences(1000, 100) == 10**300
        True
    """
    # V^T: T independent positions, each one of V tokens. A Python int is
    # exact at any size, so 1000**100 prints all of its 301 digits.
    return check_count(vocab_size, "vocab_size", 1) ** check_count(
        length, "length", 0, MAX_EXACT_LENGTH
    )


# --8<-- [end:count_sequences]


# --8<-- [start:log10_count_sequences]
def log10_count_sequences(vocab_size: int, length: int) -> float:
    r"""The number of digits that matter for printing: $\log_{10} V^T = T \log_{10} V$.

    Examples:
        >>> from genai_notes.tokens import log10_count_sequences
        >>> log10_count_sequences(1000, 100)
        300.0
        >>> round(log10_count_sequences(50257, 1024))  # GPT-2's vocabulary and context
        4814
    """
    # log10 V^T = T log10 V: a float, because V^T itself would have
    # millions of digits for long sequences
    return check_count(length, "length", 0) * math.log10(
        check_count(vocab_size, "vocab_size", 1)
    )


# --8<-- [end:log10_count_sequences]


# --8<-- [start:CharTokenizer]
class CharTokenizer:
    """One token per character; the vocabulary is the special tokens, then the characters of `text`.

    Characters are sorted by code point, so the same text always gives the same ids.
    A character the tokenizer never saw raises `ValueError` (there is no unknown token:
    a silent `[UNK]` would hide mistakes in a tiny example). Special tokens are strings
    longer than one character, so they never clash with a character.

    Examples:
        >>> from genai_notes.tokens import CharTokenizer
        >>> tok = CharTokenizer("玉山很高")
        >>> tok.vocab
        ('[END]', '山', '很', '玉', '高')
        >>> tok.encode("玉山", end=True)
        [3, 1, 0]
        >>> tok.decode([3, 1, 0])
        '玉山[END]'
    """

    def __init__(self, text: str, specials: Sequence[str] = (END,)) -> None:
        """Build the vocabulary from the characters of `text` after `specials`."""
        (
            check_text(text, "text"),
            check_instance(specials, "specials", (list, tuple)),
        )
        for special in specials:
            if not isinstance(special, str) or len(special) < 2:
                raise ValueError(
                    "specials must be strings of 2+ characters, "
                    f"got {special!r}"
                )
        if len(set(specials)) != len(specials):
            raise ValueError(f"specials must not repeat, got {list(specials)}")
        # specials first, then characters by code point: the same text
        # always gives the same ids, and [END] is always id 0
        self.vocab: tuple[str, ...] = (*specials, *sorted(set(text)))
        # the inverse table, token → id, for encoding
        self.ids: dict[str, int] = {
            token: i for i, token in enumerate(self.vocab)
        }

    @property
    def vocab_size(self) -> int:
        """The number of different tokens $V$."""
        # V: the size of the classifier's output at each step
        return len(self.vocab)

    def encode(self, text: str, end: bool = False) -> list[int]:
        """Token ids of the characters of `text`, followed by `[END]` when `end` is true."""
        # a character outside the vocabulary is an error, never a silent
        # [UNK] that would hide a mistake
        unknown, end = (
            sorted(set(check_text(text, "text")) - self.ids.keys()),
            check_flag(end, "end"),
        )
        if unknown:
            raise ValueError(
                f"text has characters outside the vocabulary: {unknown[:5]}"
            )
        # one id per character; [END] tells a model where an answer stops
        return [self.ids[c] for c in text] + ([self.ids[END]] if end else [])

    def decode(self, ids: Sequence[int]) -> str:
        """The text of the token ids; a special token appears as its name."""
        # each id is a row of the vocabulary: decode(encode(t)) == t
        return "".join(
            self.vocab[i] for i in _check_ids(ids, self.vocab_size, "ids")
        )


# --8<-- [end:CharTokenizer]


# --8<-- [start:learn]
def _pair_counts(words: Mapping[tuple[S, ...], int]) -> dict[tuple[S, S], int]:
    """How often each adjacent pair occurs, keyed in the order pairs are first met."""
    # a plain dict keeps insertion order, which the tie rule relies on
    counts: dict[tuple[S, S], int] = {}
    for word, count in words.items():
        # (s_1, s_2), (s_2, s_3), …: every adjacent pair of the word
        for pair in zip(word, word[1:]):
            # a word seen n times contributes each of its pairs n times
            counts[pair] = counts.get(pair, 0) + count
    return counts


def _merge(word: tuple[S, ...], pair: tuple[S, S], symbol: S) -> tuple[S, ...]:
    """`word` with each non-overlapping `pair`, read left to right, replaced by `symbol`."""
    merged, i = [], 0
    while i < len(word):
        if word[i : i + 2] == pair:
            # (a, b) → ab, and skip both: "aaa" becomes "(aa) a", not two
            # overlapping merges
            merged.append(symbol)
            i += 2
        else:
            merged.append(word[i])
            i += 1
    return tuple(merged)


def _learn(
    words: dict[tuple[S, ...], int],
    num_merges: int,
    new_symbol: Callable[[tuple[S, S], int], S],
) -> list[tuple[S, S]]:
    """The BPE loop: merge the most frequent adjacent pair, `num_merges` times (or until none is left)."""
    # merge k is the k-th new token; their order is the tokenizer's ranking
    merges: list[tuple[S, S]] = []
    for k in range(num_merges):
        # recounted after every merge: merging (a, b) changes the
        # neighbours of every a and b it swallowed
        counts = _pair_counts(words)
        if not counts:  # every word is a single symbol: nothing left to merge
            break
        # max() returns the first maximum it meets, so ties go to the pair
        # seen first.
        best = max(counts, key=counts.__getitem__)
        symbol = new_symbol(best, k)
        # rewrite every word with the new symbol in place of the pair
        words = {
            _merge(word, best, symbol): count for word, count in words.items()
        }
        merges.append(best)
    return merges


# --8<-- [end:learn]


# --8<-- [start:learn_merges]
def learn_merges(
    word_counts: Mapping[str, int], num_merges: int
) -> list[tuple[str, str]]:
    """BPE as in Sennrich et al. (2016): words are characters plus an end-of-word mark `</w>`.

    Each step merges the most frequent pair of adjacent symbols, counting a pair once per
    occurrence times the word's count. Ties go to the pair met first when reading the words
    in the order of `word_counts`, each from left to right.

    Examples:
        >>> from genai_notes.tokens import learn_merges
        >>> learn_merges({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 4)
        [('e', 's'), ('es', 't'), ('est', '</w>'), ('l', 'o')]
    """
    check_count(num_merges, "num_merges", 0)
    check_instance(word_counts, "word_counts", Mapping)
    words = {}
    for word, count in word_counts.items():
        if not check_text(word, "word_counts key"):
            raise ValueError("word_counts must not contain an empty word")
        # "low" → (l, o, w, </w>): the end mark lets "est</w>" (a word's
        # end) differ from "est" inside a word
        words[(*word, "</w>")] = check_count(count, f"word_counts[{word!r}]", 1)
    # a merged symbol is spelled by its parts: ("es", "t") → "est"
    return _learn(words, num_merges, lambda pair, _: pair[0] + pair[1])


# --8<-- [end:learn_merges]


# A chunk is a run of letters or of punctuation with at most one leading space, or a run
# of spaces; merges never cross chunks, so "的。" and "。我" do not become tokens.
CHUNK = re.compile(r"\s?\w+|\s?[^\w\s]+|\s+")


def _utf8_chunks(text: str) -> list[bytes]:
    try:
        return [
            chunk.encode("utf-8")
            for chunk in CHUNK.findall(check_text(text, "text"))
        ]
    except UnicodeEncodeError as error:
        raise ValueError(
            f"text must be valid UTF-8 (no lone surrogates): {error.reason}"
        ) from error


# --8<-- [start:BPETokenizer]
class BPETokenizer:
    """Byte-level BPE: ids 0–255 are the bytes of UTF-8; id 256 + k is the k-th merge.

    Every string is a sequence of bytes, so every string can be encoded; nothing is unknown.

    Examples:
        >>> from genai_notes.tokens import BPETokenizer
        >>> tok = BPETokenizer(
        ...     [(0xE7, 0x8E), (256, 0x89)]  # two merges spell 玉 (E7 8E 89)
        ... )
        >>> tok.encode("玉山")
        [257, 229, 177, 177]
        >>> tok.decode([257, 229, 177, 177])
        '玉山'
        >>> tok.show([256, 257, 229])
        ['<e7 8e>', '玉', '<e5>']
    """

    def __init__(self, merges: Sequence[tuple[int, int]]) -> None:
        """Rebuild the vocabulary (the bytes of every token) from the list of merges."""
        check_instance(merges, "merges", (list, tuple))
        self.merges: list[tuple[int, int]] = []
        # ids 0–255: one token per byte value, so nothing is ever unknown
        self.pieces: list[bytes] = [bytes([b]) for b in range(BYTE_VALUES)]
        for k, merge in enumerate(merges):
            # merge k may only use ids that exist before it: 0 … 255 + k
            a, b = _check_ids(
                check_counts(merge, f"merges[{k}]", 0, length=2),
                BYTE_VALUES + k,
                f"merges[{k}]",
            )
            self.merges.append((a, b))
            # token 256 + k is the bytes of a followed by the bytes of b
            self.pieces.append(self.pieces[a] + self.pieces[b])
        # pair → its new id; a lower id means it was learned earlier
        self.rank = {
            pair: BYTE_VALUES + k for k, pair in enumerate(self.merges)
        }

    @property
    def vocab_size(self) -> int:
        """256 bytes plus one token per merge."""
        # V = 256 + number of merges
        return len(self.pieces)

    def _encode_chunk(self, chunk: bytes) -> list[int]:
        # start from the raw bytes, then replay the merges
        ids = list(chunk)
        while len(ids) > 1:
            # Apply the earliest-learned merge present, as training did.
            pair = min(
                zip(ids, ids[1:]), key=lambda p: self.rank.get(p, math.inf)
            )
            # no adjacent pair was ever merged: the chunk is final
            if pair not in self.rank:
                break
            ids = list(_merge(tuple(ids), pair, self.rank[pair]))
        return ids

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`: UTF-8 bytes, then the learned merges inside each chunk."""
        # chunks are encoded one by one, as in training: no token spans two
        return [
            i for chunk in _utf8_chunks(text) for i in self._encode_chunk(chunk)
        ]

    def decode(self, ids: Sequence[int]) -> str:
        """The text of the token ids; bytes that are not valid UTF-8 become U+FFFD."""
        # each id is a byte string; their concatenation is the UTF-8 text
        raw = b"".join(
            self.pieces[i] for i in _check_ids(ids, self.vocab_size, "ids")
        )
        # a model may emit half a character: show U+FFFD instead of failing
        return raw.decode("utf-8", errors="replace")

    def show(self, ids: Sequence[int]) -> list[str]:
        """Each token as text, or as hex bytes (`<e7 8e>`) if it is not whole characters."""
        # a token may be part of a character: show what each one holds
        return [
            _readable(self.pieces[i])
            for i in _check_ids(ids, self.vocab_size, "ids")
        ]


def _readable(piece: bytes) -> str:
    # whole characters read as text, anything else as its bytes in hex
    try:
        return piece.decode("utf-8")
    except UnicodeDecodeError:  # part of a multi-byte character
        return f"<{piece.hex(' ')}>"


# --8<-- [end:BPETokenizer]


# --8<-- [start:train_bpe]
def train_bpe(text: str, num_merges: int) -> BPETokenizer:
    """Learn `num_merges` byte-pair merges from `text` (fewer if no pair is left to merge).

    The text is cut into chunks (`CHUNK`: words, punctuation runs, spaces), each chunk is
    UTF-8 bytes, and the most frequent adjacent pair of tokens becomes a new token. Ties go
    to the pair met first when reading the chunks in order of first appearance, each left
    to right.

    Examples:
        >>> from genai_notes.tokens import train_bpe
        >>> tok = train_bpe("山山山山海", 3)
        >>> tok.pieces[256:]  # 山 is three bytes, E5 B1 B1: two merges spell it
        [b'\\xe5\\xb1', b'\\xe5\\xb1\\xb1', b'\\xe5\\xb1\\xb1\\xe5\\xb1\\xb1']
        >>> tok.encode("山山山"), tok.decode([258, 257])
        ([258, 257], '山山山')
    """
    # a chunk is a word of bytes, counted once per occurrence: merges never
    # cross a chunk boundary
    words = {
        tuple(chunk): count
        for chunk, count in Counter(_utf8_chunks(text)).items()
    }
    num_merges = check_count(num_merges, "num_merges", 0)
    # merge k becomes token 256 + k, after the 256 byte values
    return BPETokenizer(_learn(words, num_merges, lambda _, k: BYTE_VALUES + k))


# --8<-- [end:train_bpe]


# --8<-- [start:image_tokens]
def image_to_tokens(image: ArrayLike) -> list[int]:
    """A grayscale image as pixel tokens (0–255) in raster order: row by row, left to right.

    Examples:
        >>> from genai_notes.tokens import image_to_tokens
        >>> image_to_tokens([[0, 255], [128, 64]])
        [0, 255, 128, 64]
    """
    # an 8-bit pixel has 256 values: V = 256, the same as a byte
    pixels = as_whole_numbers(
        image, "image", 0, BYTE_VALUES - 1, ndim=2
    ).astype(np.uint8)
    # raster order (order="C"): pixel (r, c) becomes token r · width + c
    return pixels.ravel(order="C").tolist()


def tokens_to_image(
    tokens: Sequence[int], shape: tuple[int, int]
) -> np.ndarray:
    """The inverse of `image_to_tokens`: refill the rows of a `shape` image, as `uint8`.

    Examples:
        >>> from genai_notes.tokens import tokens_to_image
        >>> tokens_to_image([0, 255, 128, 64], (2, 2))
        array([[  0, 255],
               [128,  64]], dtype=uint8)
    """
    pixels, (rows, cols) = _pixel_tokens(tokens, shape)
    # the shape is not in the tokens: the reader must know it
    return pixels.reshape(rows, cols).astype(np.uint8)


def _pixel_tokens(
    tokens: Sequence[int], shape: tuple[int, int]
) -> tuple[np.ndarray, tuple[int, int]]:
    pixels = as_whole_numbers(tokens, "tokens", 0, BYTE_VALUES - 1, ndim=1)
    rows, cols = check_counts(shape, "shape", 1, length=2)
    # a raster of rows × cols pixels holds exactly rows · cols tokens
    if len(pixels) != rows * cols:
        raise ValueError(
            "tokens must have as many values as shape "
            f"{rows}×{cols} = {rows * cols}, got {len(pixels)}"
        )
    return pixels, (rows, cols)


# --8<-- [end:image_tokens]


# --8<-- [start:mu_law]
#: The largest μ: 16-bit tokens (telephony uses 255).
MAX_MU = 65535


def _audio(audio: ArrayLike) -> np.ndarray:
    # ±inf fails the range check below
    x = as_float_array(audio, "audio", finite=False)
    # μ-law is defined on x ∈ [−1, 1]: a sample outside would give a
    # token outside 0 … μ
    if not ((x >= -1) & (x <= 1)).all():
        raise ValueError("audio must be samples in [-1, 1]")
    return x


def mu_law_encode(audio: ArrayLike, mu: int = 255) -> np.ndarray:
    r"""Samples in $[-1, 1]$ to integers $0 \dots \mu$ (WaveNet's 256 audio tokens, $\mu = 255$).

    $$f(x) = \operatorname{sign}(x) \frac{\ln(1 + \mu |x|)}{\ln(1 + \mu)}, \qquad
    q = \left\lfloor \frac{f(x) + 1}{2} \mu + \frac{1}{2} \right\rfloor$$

    The logarithm spends more of the levels on quiet sounds, where the ear is most sensitive.

    Examples:
        >>> from genai_notes.tokens import mu_law_encode
        >>> mu_law_encode([-1.0, -0.5, 0.0, 0.01, 1.0]).tolist()
        [0, 16, 128, 157, 255]
    """
    # μ = 255: 256 levels, one byte per sample, as in WaveNet
    x, mu = _audio(audio), check_count(mu, "mu", 1, MAX_MU)
    # f(x) = sign(x) ln(1 + μ|x|) / ln(1 + μ) ∈ [−1, 1]; log1p stays
    # exact for the tiny |x| of quiet sounds
    f = np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu)
    # q = ⌊(f + 1)/2 · μ + 1/2⌋: [−1, 1] onto the μ + 1 levels 0 … μ,
    # rounded to the nearest
    return np.floor((f + 1) / 2 * mu + 0.5).astype(np.int64)


def mu_law_decode(tokens: ArrayLike, mu: int = 255) -> np.ndarray:
    r"""Tokens $0 \dots \mu$ back to samples, inverting the companding of `mu_law_encode`.

    $$y = \frac{2q}{\mu} - 1, \qquad x = \operatorname{sign}(y) \frac{(1 + \mu)^{|y|} - 1}{\mu}$$

    Examples:
        >>> from genai_notes.tokens import mu_law_decode
        >>> mu_law_decode([0, 16, 128, 255]).round(3)
        array([-1.   , -0.497,  0.   ,  1.   ])
    """
    mu = check_count(mu, "mu", 1, MAX_MU)
    # q ∈ {0, …, μ}: one integer token per sample
    q = as_whole_numbers(tokens, "tokens", 0, mu)
    y = 2 * q / mu - 1  # back to f(x) in [-1, 1]
    # x = sign(y) ((1 + μ)^|y| − 1) / μ, as expm1(|y| ln(1 + μ)) / μ;
    # the rounding of q is the only loss
    return np.sign(y) * np.expm1(np.abs(y) * np.log1p(mu)) / mu  # invert f


# --8<-- [end:mu_law]


# --8<-- [start:descend]
def descend(
    points: ArrayLike = POINTS, learning_rate: float = 0.05, steps: int = 2000
) -> tuple[np.ndarray, np.ndarray]:
    r"""Fit $y = ax + b$ by gradient descent on the mean squared error, from $a = b = 0$.

    $$L(a, b) = \frac{1}{N} \sum_i (a x_i + b - y_i)^2$$

    The lecture's machine-learning example: find the function from examples of it.
    Returns the path of $(a, b)$, shape `(steps + 1, 2)`, and the loss before each step.
    Too large a learning rate makes the path diverge, which raises a `ValueError`.

    Examples:
        >>> from genai_notes.tokens import descend
        >>> path, losses = descend()
        >>> path[-1].round(3)
        array([ 3., -7.])
    """
    # x: (N,) inputs, y: (N,) targets
    x, y = _points(points).T
    steps, learning_rate = (
        check_count(steps, "steps", 1),
        check_positive(learning_rate, "learning_rate"),
    )
    # start from the flat line y = 0, as the lecture does
    a, b = 0.0, 0.0
    path, losses = [(a, b)], []
    # an overflow means the step diverged: raise instead of returning inf
    with overflow_is_an_error("points and learning_rate"):
        for step in range(steps):
            error = a * x + b - y  # e_i = a x_i + b − y_i
            losses.append(np.mean(error**2))  # L(a, b)
            # too large a step overshoots further each time
            if losses[-1] > 1e100:
                raise ValueError(
                    f"learning_rate {learning_rate} is too large for these "
                    f"points (stable below {_stable_learning_rate(x):.3g}): "
                    f"diverged by step {step}"
                )
            # ∂L/∂a = (2/N) Σ e_i x_i, ∂L/∂b = (2/N) Σ e_i
            grad_a, grad_b = (
                2 * np.mean(error * x),
                2 * np.mean(error),
            )
            # step downhill: θ ← θ − η ∇L
            a, b = (
                a - learning_rate * grad_a,
                b - learning_rate * grad_b,
            )
            path.append((a, b))
    # path: (steps + 1, 2), one (a, b) per step; losses: (steps,)
    return np.array(path), np.array(losses)


# --8<-- [end:descend]


def _stable_learning_rate(x: np.ndarray) -> float:
    # Descent on a quadratic converges for steps below 2 / λ_max of its
    # Hessian, 2·[[E x², E x], [E x, 1]].
    hessian = 2 * np.array([[np.mean(x**2), np.mean(x)], [np.mean(x), 1.0]])
    return float(2 / np.linalg.eigvalsh(hessian)[-1])


def _points(points: ArrayLike) -> np.ndarray:
    array = as_float_array(points, "points")
    if array.ndim != 2 or array.shape[1] != 2:
        raise ValueError(
            f"points must be (x, y) pairs, shape (n, 2), got shape {array.shape}"
        )
    return array


# --8<-- [start:novelty]
def novelty(samples: Sequence[str], training_texts: Sequence[str]) -> float:
    r"""The share of `samples` that occur nowhere in the training texts, not even inside one:

    $$\text{novelty} = \frac{1}{n} \big|\{\, i : s_i \text{ is not a substring of any training text} \,\}\big|$$

    A model that only replays its training data scores 0; creativity needs more.

    Examples:
        >>> from genai_notes.tokens import novelty
        >>> novelty(
        ...     ["我喜歡貓。", "喜歡", "我討厭雨。"],  # only the last is new
        ...     ["我喜歡貓。", "你討厭狗。"],
        ... )
        0.3333333333333333
    """
    samples, training_texts = (
        check_texts(samples, "samples"),
        check_texts(training_texts, "training_texts"),
    )
    # a substring counts as copied: "喜歡" is inside "我喜歡貓。", so it
    # is not new; (1/n) · |{i : s_i is not in any training text}|
    return sum(
        not any(sample in text for text in training_texts) for sample in samples
    ) / len(samples)


# --8<-- [end:novelty]
