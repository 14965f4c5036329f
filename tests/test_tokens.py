"""genai_notes.tokens: the issue's test vectors, round trips (hypothesis), tie-breaks, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from genai_notes.tokens import (
    CHUNK,
    END,
    BPETokenizer,
    CharTokenizer,
    count_sequences,
    image_to_tokens,
    learn_merges,
    log10_count_sequences,
    mu_law_decode,
    mu_law_encode,
    tokens_to_image,
    train_bpe,
)

# --- counting sequences ----------------------------------------------------------------------


def test_a_hundred_characters_from_a_thousand_is_exactly_ten_to_the_300():
    n = count_sequences(1000, 100)
    assert isinstance(n, int) and n == 10**300 and len(str(n)) == 301
    assert n // 10**80 == 10**220  # atoms in the universe: about 10^80
    assert log10_count_sequences(1000, 100) == pytest.approx(300.0)


@given(st.integers(1, 300), st.integers(0, 60))
def test_count_is_a_power_and_log10_agrees(vocab_size, length):
    n = count_sequences(vocab_size, length)
    assert n == vocab_size**length
    assert count_sequences(vocab_size, length + 1) == n * vocab_size
    assert log10_count_sequences(vocab_size, length) == pytest.approx(math.log10(n), abs=1e-9)


# --- characters ------------------------------------------------------------------------------


def test_char_tokenizer_vocab_is_specials_then_sorted_characters():
    tok = CharTokenizer("臺灣最高的山是哪座？玉山")
    assert tok.vocab[0] == END and tok.ids[END] == 0
    assert list(tok.vocab[1:]) == sorted(set("臺灣最高的山是哪座？玉山"))
    assert tok.vocab_size == 1 + 11
    ids = tok.encode("玉山", end=True)
    assert ids == [tok.ids["玉"], tok.ids["山"], 0] and tok.decode(ids) == "玉山[END]"


@given(st.text(min_size=1, max_size=40))
def test_char_tokenizer_round_trips_its_own_text(text):
    tok = CharTokenizer(text)
    ids = tok.encode(text)
    assert len(ids) == len(text) and tok.decode(ids) == text


def test_char_tokenizer_names_unknown_characters_and_bad_specials():
    tok = CharTokenizer("abc")
    with pytest.raises(ValueError, match=r"text has characters outside the vocabulary: \['z'\]"):
        tok.encode("abz")
    with pytest.raises(ValueError, match="specials"):
        CharTokenizer("abc", specials=["x"])
    with pytest.raises(ValueError, match="specials must not repeat"):
        CharTokenizer("abc", specials=[END, END])
    with pytest.raises(ValueError, match="ids must be token ids below 4"):
        tok.decode([4])


# --- BPE -------------------------------------------------------------------------------------

SENNRICH = {"low": 5, "lower": 2, "newest": 6, "widest": 3}


def test_sennrich_toy_vocabulary_gives_the_papers_ten_merges():
    assert learn_merges(SENNRICH, 10) == [
        ("e", "s"), ("es", "t"), ("est", "</w>"), ("l", "o"), ("lo", "w"),
        ("n", "e"), ("ne", "w"), ("new", "est</w>"), ("low", "</w>"), ("w", "i"),
    ]


def test_ties_go_to_the_pair_met_first():
    # (a, b) and (c, d) both occur 3 times; whichever word comes first wins the tie.
    assert learn_merges({"ab": 3, "cd": 3}, 1) == [("a", "b")]
    assert learn_merges({"cd": 3, "ab": 3}, 1) == [("c", "d")]
    # Within one word, the leftmost of two equally frequent pairs wins: "xyz" has (x,y) then (y,z).
    assert learn_merges({"xyz": 1}, 1) == [("x", "y")]
    # Bytes: "ab" and "ba" each once in "aba"; (a, b) comes first.
    assert train_bpe("aba", 1).merges == [(ord("a"), ord("b"))]


def test_training_stops_when_nothing_is_left_to_merge():
    assert len(learn_merges({"ab": 1}, 10)) == 2  # (a,b), then (ab,</w>)
    assert train_bpe("ab ab", 50).merges == [(97, 98), (32, 256)]  # "ab" and " ab" are the chunks


def test_byte_bpe_merges_chinese_bytes_into_characters_and_words():
    text = "玉山是臺灣最高的山。玉山很高，玉山很美。" * 3
    tok = train_bpe(text, 30)
    pieces = {tok.pieces[i] for i in range(256, tok.vocab_size)}
    assert "玉山".encode() in pieces
    assert len(tok.encode(text)) < len(CharTokenizer(text).encode(text)) < len(text.encode())
    assert tok.decode(tok.encode(text)) == text


def test_every_token_is_the_concatenation_of_its_merge():
    tok = train_bpe("the cat sat on the mat; the hat", 20)
    for k, (a, b) in enumerate(tok.merges):
        assert tok.pieces[256 + k] == tok.pieces[a] + tok.pieces[b]
    assert tok.vocab_size == 256 + len(tok.merges)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=60))
def test_byte_bpe_round_trips_any_string(text):
    tok = train_bpe("生成式人工智慧 🤖🤖 generative AI, 機器產生複雜有結構的物件。" * 2, 40)
    assert tok.decode(tok.encode(text)) == text


@given(st.text(max_size=80))
def test_chunks_cover_the_text(text):
    assert "".join(CHUNK.findall(text)) == text


def _apply_merges_in_order(chunk: bytes, merges) -> list[int]:
    """Reference encoder: replay the merges one after another, as training did."""
    ids = list(chunk)
    for k, pair in enumerate(merges):
        merged, i = [], 0
        while i < len(ids):
            if tuple(ids[i : i + 2]) == pair:
                merged.append(256 + k)
                i += 2
            else:
                merged.append(ids[i])
                i += 1
        ids = merged
    return ids


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet="低高山 lowernst,。", max_size=50))
def test_encode_equals_replaying_the_merges_in_training_order(text):
    tok = train_bpe("低低低 lower lowest newer newest 低 low, 高山。山高", 25)
    expected = [i for chunk in CHUNK.findall(text) for i in _apply_merges_in_order(chunk.encode(), tok.merges)]
    assert tok.encode(text) == expected


def test_bpe_rejects_bad_input():
    with pytest.raises(TypeError, match="text must be a str, got bytes"):
        train_bpe(b"abc", 3)
    with pytest.raises(ValueError, match="num_merges must be >= 0, got -1"):
        train_bpe("abc", -1)
    with pytest.raises(ValueError, match="no lone surrogates"):
        train_bpe("a", 1).encode("\ud800")
    with pytest.raises(ValueError, match=r"merges\[0\] must be token ids below 256"):
        BPETokenizer([(256, 1)])
    with pytest.raises(ValueError, match="word_counts must not contain an empty word"):
        learn_merges({"": 3}, 1)
    with pytest.raises(ValueError, match=r"word_counts\['low'\] must be >= 1"):
        learn_merges({"low": 0}, 1)


# --- images ----------------------------------------------------------------------------------


def test_image_tokens_are_pixels_in_raster_order():
    image = np.array([[1, 2, 3], [4, 5, 6]], dtype=np.uint8)
    assert image_to_tokens(image) == [1, 2, 3, 4, 5, 6]
    back = tokens_to_image([1, 2, 3, 4, 5, 6], (2, 3))
    assert back.dtype == np.uint8 and (back == image).all()


@given(arrays(np.uint8, st.tuples(st.integers(1, 12), st.integers(1, 12))))
def test_image_round_trip_is_lossless(image):
    tokens = image_to_tokens(image)
    assert len(tokens) == image.size and all(0 <= t <= 255 for t in tokens)
    np.testing.assert_array_equal(tokens_to_image(tokens, image.shape), image)


@pytest.mark.parametrize(
    ("image", "message"),
    [([[0, 256]], "8-bit pixel values"), ([[-1, 0]], "8-bit pixel values"), ([[0.5, 1]], "integers 0-255"),
     ([1, 2, 3], "2-D grayscale image")],
)
def test_image_rejects_values_outside_0_255(image, message):
    with pytest.raises(ValueError, match=f"image must .*{message}"):
        image_to_tokens(image)


def test_tokens_to_image_checks_length_and_values():
    with pytest.raises(ValueError, match="tokens must have 2×2 = 4 values"):
        tokens_to_image([1, 2, 3], (2, 2))
    with pytest.raises(ValueError, match="tokens must hold 8-bit pixel values"):
        tokens_to_image([1, 2, 3, 300], (2, 2))


# --- audio -----------------------------------------------------------------------------------

MU_LAW = [(-1.0, 0), (-0.5, 16), (-0.1, 52), (0.0, 128), (0.01, 157), (0.1, 203), (0.5, 239), (1.0, 255)]


def test_mu_law_test_vectors():
    x, q = zip(*MU_LAW)
    assert mu_law_encode(x).tolist() == list(q)


def test_mu_law_matches_the_formula_written_out():
    x = np.linspace(-1, 1, 1001)
    f = np.sign(x) * np.log(1 + 255 * np.abs(x)) / np.log(256)
    np.testing.assert_array_equal(mu_law_encode(x), ((f + 1) / 2 * 255 + 0.5).astype(int))


def test_mu_law_decoding_error_is_small_and_smallest_for_quiet_sounds():
    x = np.linspace(-1, 1, 200_001)
    error = np.abs(mu_law_decode(mu_law_encode(x)) - x)
    assert error.max() < 0.05
    quiet, loud = np.abs(x) < 0.01, np.abs(x) > 0.5
    assert error[quiet].max() < error[loud].max() / 20  # companding spends levels on quiet sounds
    assert mu_law_decode(np.arange(256)).tolist() == sorted(mu_law_decode(np.arange(256)).tolist())


@given(st.integers(0, 255))
def test_mu_law_decode_then_encode_is_the_identity(q):
    assert mu_law_encode(mu_law_decode([q]))[0] == q


def test_mu_law_other_mu():
    assert mu_law_encode([-1.0, 0.0, 1.0], mu=15).tolist() == [0, 8, 15]


@pytest.mark.parametrize("audio", [[1.5], [-1.01], [np.inf]])
def test_mu_law_rejects_audio_outside_minus_one_one(audio):
    with pytest.raises(ValueError, match=r"audio must be samples in \[-1, 1\]"):
        mu_law_encode(audio)


def test_mu_law_rejects_bad_tokens_and_mu():
    with pytest.raises(ValueError, match=r"tokens must be integers in \[0, 255\]"):
        mu_law_decode([256])
    with pytest.raises(ValueError, match="mu must be >= 1"):
        mu_law_encode([0.0], mu=0)
    with pytest.raises(TypeError, match="mu must be an int"):
        mu_law_encode([0.0], mu=2.5)


# --- counting: bad input ---------------------------------------------------------------------


@pytest.mark.parametrize(("args", "error", "message"), [
    ((-5, 3), ValueError, "vocab_size must be >= 1, got -5"),
    ((0, 3), ValueError, "vocab_size must be >= 1, got 0"),
    ((10, -1), ValueError, "length must be >= 0, got -1"),
    ((10.0, 3), TypeError, "vocab_size must be an int"),
    ((True, 3), TypeError, "vocab_size must be an int"),
])
def test_count_rejects_bad_sizes(args, error, message):
    with pytest.raises(error, match=message):
        count_sequences(*args)
    with pytest.raises(error, match=message):
        log10_count_sequences(*args)


def test_show_gives_text_or_hex_bytes():
    tok = BPETokenizer([(0xE7, 0x8E), (256, 0x89)])  # 玉 is E7 8E 89
    assert tok.show(tok.encode("玉a")) == ["玉", "a"]
    assert tok.show([256, 0x89]) == ["<e7 8e>", "<89>"]


@pytest.mark.parametrize("text", ["", "玉山", "🤖👍🏽 emoji", "e\u0301 combining", "中文 English 混合 123！", "\x00\n\t", "𠮷野家"])
def test_byte_bpe_round_trips_chinese_emoji_and_mixed_text(text):
    tok = train_bpe("玉山很高。玉山很美！🤖🤖 mixed text", 30)
    ids = tok.encode(text)
    assert tok.decode(ids) == text and len(ids) <= len(text.encode("utf-8"))


def test_novelty_counts_samples_that_are_not_inside_any_training_text():
    from genai_notes.tokens import novelty

    training = ["我喜歡貓。", "你討厭狗。"]
    assert novelty(["我喜歡貓。"], training) == 0.0  # replayed
    assert novelty(["喜歡貓"], training) == 0.0  # a piece of a training text is not new
    assert novelty(["我討厭狗。", "你喜歡貓。"], training) == 1.0
    assert novelty(["我喜歡貓。", "我討厭狗。"], training) == 0.5


@pytest.mark.parametrize("samples, training, error", [("我", ["我"], TypeError), ([], ["我"], TypeError),
                                                      (["我"], [1], TypeError), (["我"], "我", TypeError)])
def test_novelty_rejects_bad_input(samples, training, error):
    from genai_notes.tokens import novelty

    with pytest.raises(error):
        novelty(samples, training)
