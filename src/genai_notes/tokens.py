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

from genai_notes._validate import as_float_array, check_count

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
    "novelty",
]

#: The special token that ends a generated sequence.
END = "[END]"
#: Token values of a byte, of an 8-bit pixel and of a μ-law sample.
BYTE_VALUES = 256

S = TypeVar("S", bound=Hashable)


def _check_text(text: object, name: str) -> str:
    if not isinstance(text, str):
        raise TypeError(f"{name} must be a str, got {type(text).__name__}")
    return text



def _check_ids(ids: Sequence[int], vocab_size: int, name: str) -> list[int]:
    checked = [check_count(i, f"{name}[{k}]", 0) for k, i in enumerate(ids)]
    too_large = [i for i in checked if i >= vocab_size]
    if too_large:
        raise ValueError(f"{name} must be token ids below {vocab_size}, got {too_large[0]}")
    return checked


# --8<-- [start:count_sequences]
def count_sequences(vocab_size: int, length: int) -> int:
    r"""The number of token sequences of a given length, exactly: $V^T$.

    Python integers have no upper limit, so the answer is exact however large it is.

    Examples:
        >>> count_sequences(2, 3)  # 000, 001, ..., 111
        8
        >>> count_sequences(1000, 100) == 10**300
        True
    """
    return check_count(vocab_size, "vocab_size", 1) ** check_count(length, "length", 0)
# --8<-- [end:count_sequences]


# --8<-- [start:log10_count_sequences]
def log10_count_sequences(vocab_size: int, length: int) -> float:
    r"""The number of digits that matter for printing: $\log_{10} V^T = T \log_{10} V$.

    Examples:
        >>> log10_count_sequences(1000, 100)
        300.0
        >>> round(log10_count_sequences(50257, 1024))  # GPT-2's vocabulary and context
        4814
    """
    return check_count(length, "length", 0) * math.log10(check_count(vocab_size, "vocab_size", 1))
# --8<-- [end:log10_count_sequences]


# --8<-- [start:CharTokenizer]
class CharTokenizer:
    """One token per character; the vocabulary is the special tokens, then the characters of `text`.

    Characters are sorted by code point, so the same text always gives the same ids.
    A character the tokenizer never saw raises `ValueError` (there is no unknown token:
    a silent `[UNK]` would hide mistakes in a tiny example). Special tokens are strings
    longer than one character, so they never clash with a character.

    Examples:
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
        _check_text(text, "text")
        for special in specials:
            if not isinstance(special, str) or len(special) < 2:
                raise ValueError(f"specials must be strings of 2+ characters, got {special!r}")
        if len(set(specials)) != len(specials):
            raise ValueError(f"specials must not repeat, got {list(specials)}")
        self.vocab: tuple[str, ...] = (*specials, *sorted(set(text)))
        self.ids: dict[str, int] = {token: i for i, token in enumerate(self.vocab)}

    @property
    def vocab_size(self) -> int:
        """The number of different tokens $V$."""
        return len(self.vocab)

    def encode(self, text: str, end: bool = False) -> list[int]:
        """Token ids of the characters of `text`, followed by `[END]` when `end` is true."""
        unknown = sorted(set(_check_text(text, "text")) - self.ids.keys())
        if unknown:
            raise ValueError(f"text has characters outside the vocabulary: {unknown[:5]}")
        return [self.ids[c] for c in text] + ([self.ids[END]] if end else [])

    def decode(self, ids: Sequence[int]) -> str:
        """The text of the token ids; a special token appears as its name."""
        return "".join(self.vocab[i] for i in _check_ids(ids, self.vocab_size, "ids"))
# --8<-- [end:CharTokenizer]


# --8<-- [start:learn]
def _pair_counts(words: Mapping[tuple[S, ...], int]) -> dict[tuple[S, S], int]:
    """How often each adjacent pair occurs, keyed in the order pairs are first met."""
    counts: dict[tuple[S, S], int] = {}
    for word, count in words.items():
        for pair in zip(word, word[1:]):
            counts[pair] = counts.get(pair, 0) + count
    return counts


def _merge(word: tuple[S, ...], pair: tuple[S, S], symbol: S) -> tuple[S, ...]:
    """`word` with each non-overlapping `pair`, read left to right, replaced by `symbol`."""
    merged, i = [], 0
    while i < len(word):
        if word[i : i + 2] == pair:
            merged.append(symbol)
            i += 2
        else:
            merged.append(word[i])
            i += 1
    return tuple(merged)


def _learn(words: dict[tuple[S, ...], int], num_merges: int,
           new_symbol: Callable[[tuple[S, S], int], S]) -> list[tuple[S, S]]:
    """The BPE loop: merge the most frequent adjacent pair, `num_merges` times (or until none is left)."""
    merges: list[tuple[S, S]] = []
    for k in range(num_merges):
        counts = _pair_counts(words)
        if not counts:  # every word is a single symbol: nothing left to merge
            break
        # max() returns the first maximum it meets, so ties go to the pair seen first.
        best = max(counts, key=counts.__getitem__)
        symbol = new_symbol(best, k)
        words = {_merge(word, best, symbol): count for word, count in words.items()}
        merges.append(best)
    return merges
# --8<-- [end:learn]


# --8<-- [start:learn_merges]
def learn_merges(word_counts: Mapping[str, int], num_merges: int) -> list[tuple[str, str]]:
    """BPE as in Sennrich et al. (2016): words are characters plus an end-of-word mark `</w>`.

    Each step merges the most frequent pair of adjacent symbols, counting a pair once per
    occurrence times the word's count. Ties go to the pair met first when reading the words
    in the order of `word_counts`, each from left to right.

    Examples:
        >>> learn_merges({"low": 5, "lower": 2, "newest": 6, "widest": 3}, 4)
        [('e', 's'), ('es', 't'), ('est', '</w>'), ('l', 'o')]
    """
    check_count(num_merges, "num_merges", 0)
    words = {}
    for word, count in word_counts.items():
        if not _check_text(word, "word_counts key"):
            raise ValueError("word_counts must not contain an empty word")
        words[(*word, "</w>")] = check_count(count, f"word_counts[{word!r}]", 1)
    return _learn(words, num_merges, lambda pair, _: pair[0] + pair[1])
# --8<-- [end:learn_merges]


# A chunk is a run of letters or of punctuation with at most one leading space, or a run
# of spaces; merges never cross chunks, so "的。" and "。我" do not become tokens.
CHUNK = re.compile(r"\s?\w+|\s?[^\w\s]+|\s+")


def _utf8_chunks(text: str) -> list[bytes]:
    try:
        return [chunk.encode("utf-8") for chunk in CHUNK.findall(_check_text(text, "text"))]
    except UnicodeEncodeError as error:
        raise ValueError(f"text must be valid UTF-8 (no lone surrogates): {error.reason}") from error


# --8<-- [start:BPETokenizer]
class BPETokenizer:
    """Byte-level BPE: ids 0–255 are the bytes of UTF-8; id 256 + k is the k-th merge.

    Every string is a sequence of bytes, so every string can be encoded; nothing is unknown.

    Examples:
        >>> tok = BPETokenizer([(0xE7, 0x8E), (256, 0x89)])  # two merges spell 玉 (E7 8E 89)
        >>> tok.encode("玉山")
        [257, 229, 177, 177]
        >>> tok.decode([257, 229, 177, 177])
        '玉山'
        >>> tok.show([256, 257, 229])
        ['<e7 8e>', '玉', '<e5>']
    """

    def __init__(self, merges: Sequence[tuple[int, int]]) -> None:
        """Rebuild the vocabulary (the bytes of every token) from the list of merges."""
        self.merges: list[tuple[int, int]] = []
        self.pieces: list[bytes] = [bytes([b]) for b in range(BYTE_VALUES)]
        for k, (a, b) in enumerate(merges):
            a, b = _check_ids([a, b], BYTE_VALUES + k, f"merges[{k}]")
            self.merges.append((a, b))
            self.pieces.append(self.pieces[a] + self.pieces[b])
        self.rank = {pair: BYTE_VALUES + k for k, pair in enumerate(self.merges)}

    @property
    def vocab_size(self) -> int:
        """256 bytes plus one token per merge."""
        return len(self.pieces)

    def _encode_chunk(self, chunk: bytes) -> list[int]:
        ids = list(chunk)
        while len(ids) > 1:
            # Apply the earliest-learned merge present, as training did.
            pair = min(zip(ids, ids[1:]), key=lambda p: self.rank.get(p, math.inf))
            if pair not in self.rank:
                break
            ids = list(_merge(tuple(ids), pair, self.rank[pair]))
        return ids

    def encode(self, text: str) -> list[int]:
        """Token ids of `text`: UTF-8 bytes, then the learned merges inside each chunk."""
        return [i for chunk in _utf8_chunks(text) for i in self._encode_chunk(chunk)]

    def decode(self, ids: Sequence[int]) -> str:
        """The text of the token ids; bytes that are not valid UTF-8 become U+FFFD."""
        raw = b"".join(self.pieces[i] for i in _check_ids(ids, self.vocab_size, "ids"))
        return raw.decode("utf-8", errors="replace")

    def show(self, ids: Sequence[int]) -> list[str]:
        """Each token as text, or as hex bytes (`<e7 8e>`) if it is not whole characters."""
        return [_readable(self.pieces[i]) for i in _check_ids(ids, self.vocab_size, "ids")]


def _readable(piece: bytes) -> str:
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
        >>> tok = train_bpe("山山山山海", 3)
        >>> tok.pieces[256:]  # 山 is three bytes, E5 B1 B1: two merges spell it
        [b'\\xe5\\xb1', b'\\xe5\\xb1\\xb1', b'\\xe5\\xb1\\xb1\\xe5\\xb1\\xb1']
        >>> tok.encode("山山山"), tok.decode([258, 257])
        ([258, 257], '山山山')
    """
    words = {tuple(chunk): count for chunk, count in Counter(_utf8_chunks(text)).items()}
    num_merges = check_count(num_merges, "num_merges", 0)
    return BPETokenizer(_learn(words, num_merges, lambda _, k: BYTE_VALUES + k))
# --8<-- [end:train_bpe]


def _pixels(image: ArrayLike, name: str) -> np.ndarray:
    array = as_float_array(image, name)
    if array.ndim != 2:
        raise ValueError(f"{name} must be a 2-D grayscale image, got shape {array.shape}")
    if ((array < 0) | (array > 255) | (array != np.round(array))).any():
        raise ValueError(f"{name} must hold 8-bit pixel values (integers 0-255)")
    return array.astype(np.uint8)


# --8<-- [start:image_tokens]
def image_to_tokens(image: ArrayLike) -> list[int]:
    """A grayscale image as pixel tokens (0–255) in raster order: row by row, left to right.

    Examples:
        >>> image_to_tokens([[0, 255], [128, 64]])
        [0, 255, 128, 64]
    """
    return _pixels(image, "image").ravel(order="C").tolist()


def tokens_to_image(tokens: Sequence[int], shape: tuple[int, int]) -> np.ndarray:
    """The inverse of `image_to_tokens`: refill the rows of a `shape` image, as `uint8`.

    Examples:
        >>> tokens_to_image([0, 255, 128, 64], (2, 2))
        array([[  0, 255],
               [128,  64]], dtype=uint8)
    """
    rows, cols = (check_count(n, "shape", 1) for n in shape)
    if len(tokens) != rows * cols:
        raise ValueError(f"tokens must have {rows}×{cols} = {rows * cols} values, got {len(tokens)}")
    return _pixels(np.reshape(tokens, (rows, cols)), "tokens")
# --8<-- [end:image_tokens]


# --8<-- [start:mu_law]
def mu_law_encode(audio: ArrayLike, mu: int = 255) -> np.ndarray:
    r"""Samples in $[-1, 1]$ to integers $0 \dots \mu$ (WaveNet's 256 audio tokens, $\mu = 255$).

    $$f(x) = \operatorname{sign}(x) \frac{\ln(1 + \mu |x|)}{\ln(1 + \mu)}, \qquad
    q = \left\lfloor \frac{f(x) + 1}{2} \mu + \frac{1}{2} \right\rfloor$$

    The logarithm spends more of the levels on quiet sounds, where the ear is most sensitive.

    Examples:
        >>> mu_law_encode([-1.0, -0.5, 0.0, 0.01, 1.0]).tolist()
        [0, 16, 128, 157, 255]
    """
    x = as_float_array(audio, "audio")
    if not ((x >= -1) & (x <= 1)).all():
        raise ValueError("audio must be samples in [-1, 1]")
    mu = check_count(mu, "mu", 1)
    f = np.sign(x) * np.log1p(mu * np.abs(x)) / np.log1p(mu)  # compress: f(x) in [-1, 1]
    return np.floor((f + 1) / 2 * mu + 0.5).astype(np.int64)  # round to one of mu + 1 levels


def mu_law_decode(tokens: ArrayLike, mu: int = 255) -> np.ndarray:
    r"""Tokens $0 \dots \mu$ back to samples, inverting the companding of `mu_law_encode`.

    $$y = \frac{2q}{\mu} - 1, \qquad x = \operatorname{sign}(y) \frac{(1 + \mu)^{|y|} - 1}{\mu}$$

    Examples:
        >>> mu_law_decode([0, 16, 128, 255]).round(3)
        array([-1.   , -0.497,  0.   ,  1.   ])
    """
    mu = check_count(mu, "mu", 1)
    q = as_float_array(tokens, "tokens")
    if ((q < 0) | (q > mu) | (q != np.round(q))).any():
        raise ValueError(f"tokens must be integers in [0, {mu}]")
    y = 2 * q / mu - 1  # back to f(x) in [-1, 1]
    return np.sign(y) * np.expm1(np.abs(y) * np.log1p(mu)) / mu  # invert f
# --8<-- [end:mu_law]


# --8<-- [start:novelty]
def novelty(samples: Sequence[str], training_texts: Sequence[str]) -> float:
    r"""The share of `samples` that occur nowhere in the training texts, not even inside one:

    $$\text{novelty} = \frac{1}{n} \big|\{\, i : s_i \text{ is not a substring of any training text} \,\}\big|$$

    A model that only replays its training data scores 0; creativity needs more.

    Examples:
        >>> novelty(["我喜歡貓。", "喜歡", "我討厭雨。"], ["我喜歡貓。", "你討厭狗。"])  # only the last is new
        0.3333333333333333
    """
    for name, texts in [("samples", samples), ("training_texts", training_texts)]:
        if isinstance(texts, str) or not texts:
            raise TypeError(f"{name} must be a non-empty list of strings (a single string goes in a list)")
        for text in texts:
            _check_text(text, name)
    return sum(not any(sample in text for text in training_texts) for sample in samples) / len(samples)
# --8<-- [end:novelty]
