"""genai_notes.autoregression: the lecture's tables, hand-computed n-gram values, agreement with
PyTorch, sampling filters as properties, budget forcing, bad input, and the chapter's figures."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import example, given, settings
from hypothesis import strategies as st

from genai_notes.autoregression import (
    END,
    LazyAdder,
    NGramModel,
    TinyTransformer,
    budget_forcing,
    budget_forcing_accuracy,
    count_parameters,
    cross_entropy_per_token,
    generate,
    gpt_parameter_count,
    next_token_distribution,
    next_token_pairs,
    notes_corpus,
    learning_rate_at,
    train_language_model,
    vocabulary,
)

# --- training pairs (B9) ------------------------------------------------------------------------


def test_next_token_pairs_reproduce_the_lecture_table():
    pairs = next_token_pairs("你是誰？", "我是人工智能")
    assert pairs[0] == ("你是誰？", "我")
    assert pairs[1] == ("你是誰？我", "是")
    assert pairs[3] == ("你是誰？我是人", "工")
    assert pairs[-1] == ("你是誰？我是人工智能", END)
    assert len(pairs) == len("我是人工智能") + 1


def test_next_token_pairs_take_multi_character_tokens():
    pairs = next_token_pairs("輸出 hello world 的程式碼 ", ["print", "(", '"'], end="<eos>")
    assert pairs == [
        ("輸出 hello world 的程式碼 ", "print"),
        ("輸出 hello world 的程式碼 print", "("),
        ("輸出 hello world 的程式碼 print(", '"'),
        ('輸出 hello world 的程式碼 print("', "<eos>"),
    ]


def test_next_token_pairs_bad_input():
    with pytest.raises(TypeError, match="prompt"):
        next_token_pairs(["你"], "我")
    with pytest.raises(ValueError, match="answer"):
        next_token_pairs("你是誰？", "")
    with pytest.raises(TypeError, match="answer"):
        next_token_pairs("你是誰？", [1, 2])


# --- n-gram model -------------------------------------------------------------------------------


def test_ngram_probabilities_by_hand():
    # "玉山" and "玉米": after 玉, 山 and 米 were each seen once; |V| = 4 (山 玉 米 END), α = 1
    model = NGramModel(n=2, alpha=1.0).fit(["玉山", "玉米"])
    assert model.tokens == ("山", "玉", "米", END)
    np.testing.assert_allclose(model.probs("玉"), [2 / 6, 1 / 6, 2 / 6, 1 / 6])
    # at the start of a text (empty context) 玉 was seen twice
    np.testing.assert_allclose(model.probs(""), [1 / 6, 3 / 6, 1 / 6, 1 / 6])
    np.testing.assert_allclose(model.log_probs("玉"), np.log(model.probs("玉")))


def test_unigram_is_smoothed_frequency():
    model = NGramModel(n=1, alpha=0.5).fit(["aab"])
    counts = np.array([2, 1, 1])  # a, b, END
    np.testing.assert_allclose(model.probs("ab"), (counts + 0.5) / (4 + 1.5))


def test_ngram_larger_vocabulary_leaves_room_for_unseen_tokens():
    model = NGramModel(n=2, alpha=1.0).fit(["ab"], tokens="abc")
    assert model.tokens == ("a", "b", "c", END)
    assert model.probs("c") == pytest.approx([0.25] * 4)  # never seen history: uniform


@settings(max_examples=40, deadline=None)
@given(
    texts=st.lists(st.text(alphabet="abcd", min_size=1, max_size=12), min_size=1, max_size=5),
    n=st.integers(1, 4),
    alpha=st.floats(0.01, 5.0),
    context=st.text(alphabet="abcd", max_size=6),
)
def test_ngram_returns_a_distribution(texts, n, alpha, context):
    model = NGramModel(n=n, alpha=alpha).fit(texts)
    known = "".join(c for c in context if c in model.tokens)
    probs = model.probs(known)
    assert probs.shape == (len(model.tokens),)
    assert (probs > 0).all() and probs.sum() == pytest.approx(1.0)


def test_ngram_bad_input():
    with pytest.raises(ValueError, match="alpha"):
        NGramModel(alpha=0)
    with pytest.raises(ValueError, match="n must be >= 1"):
        NGramModel(n=0)
    with pytest.raises(ValueError, match="fit"):
        NGramModel().probs("a")
    with pytest.raises(ValueError, match="context contains tokens the model has never seen"):
        NGramModel().fit(["ab"]).probs("x")
    with pytest.raises(ValueError, match="texts"):
        NGramModel().fit([""])


# --- sampling settings --------------------------------------------------------------------------


def test_temperature_agrees_with_torch():
    log_p = np.log([0.5, 0.3, 0.15, 0.05])
    for t in [0.3, 1.0, 2.5]:
        expected = torch.softmax(torch.tensor(log_p) / t, dim=0).numpy()
        np.testing.assert_allclose(next_token_distribution(log_p, temperature=t), expected, atol=1e-12)


def test_top_k_and_top_p_by_hand():
    log_p = np.log([0.1, 0.4, 0.2, 0.3])
    np.testing.assert_allclose(next_token_distribution(log_p, top_k=1), [0, 1, 0, 0])
    np.testing.assert_allclose(next_token_distribution(log_p, top_k=3), [0, 4 / 9, 2 / 9, 3 / 9])
    np.testing.assert_allclose(next_token_distribution(log_p, top_p=0.7), [0, 4 / 7, 0, 3 / 7])  # 0.4 + 0.3 reaches 0.7
    np.testing.assert_allclose(next_token_distribution(log_p, top_p=0.71), [0, 4 / 9, 2 / 9, 3 / 9])
    np.testing.assert_allclose(next_token_distribution(log_p, top_k=10), [0.1, 0.4, 0.2, 0.3])


@settings(max_examples=60, deadline=None)
@example(probs=[1.0, 1.0, 0.78125, 0.9999999999999999, 1.0], top_p=0.5)
@given(
    probs=st.lists(st.floats(0.01, 1.0), min_size=2, max_size=12),
    top_p=st.floats(0.01, 1.0),
)
def test_top_p_keeps_the_smallest_set_reaching_p(probs, top_p):
    p = np.array(probs) / np.sum(probs)
    kept = next_token_distribution(np.log(p), top_p=top_p) > 0
    assert p[kept].sum() >= top_p - 1e-9
    # dropping the least likely kept token would fall short of top_p
    assert p[kept].sum() - p[kept].min() < top_p + 1e-9
    # every kept token is at least as likely as every dropped one; the function sees log p,
    # and exp(log p) can move a value by an ulp, so two near-equal ones may trade places
    # (found by Hypothesis: probs 1.0 and 0.9999999999999999)
    assert not (~kept).any() or p[kept].min() >= p[~kept].max() - 1e-12


def test_sampling_settings_bad_input():
    log_p = np.log([0.5, 0.5])
    with pytest.raises(ValueError, match="temperature"):
        next_token_distribution(log_p, temperature=0)
    with pytest.raises(ValueError, match="temperature"):
        next_token_distribution(log_p, temperature=-1.0)
    with pytest.raises(ValueError, match="top_p"):
        next_token_distribution(log_p, top_p=0)
    with pytest.raises(ValueError, match="top_p"):
        next_token_distribution(log_p, top_p=1.5)
    with pytest.raises(ValueError, match="top_k"):
        next_token_distribution(log_p, top_k=0)


# --- generation ---------------------------------------------------------------------------------

YUSHAN = NGramModel(n=3, alpha=0.01).fit(["臺灣最高的山是哪座？玉山", "臺灣最長的河是哪條？濁水溪"])


def test_generate_chains_classifications_until_end():
    assert generate(YUSHAN, "臺灣最高的山是哪座？", greedy=True) == ["玉", "山", END]
    assert generate(YUSHAN, "臺灣最長的河是哪條？", greedy=True) == ["濁", "水", "溪", END]


def test_generate_respects_max_new_tokens_and_stops_at_end():
    assert len(generate(YUSHAN, "臺灣", 3, greedy=True)) == 3
    for seed in range(20):
        out = generate(YUSHAN, "臺灣", 40, temperature=3.0, seed=seed)
        assert END not in out[:-1]
        assert out[-1] == END or len(out) == 40


def test_generate_is_reproducible_with_a_seed():
    first = generate(YUSHAN, "臺灣", 30, temperature=2.0, seed=7)
    assert generate(YUSHAN, "臺灣", 30, temperature=2.0, seed=7) == first
    others = {tuple(generate(YUSHAN, "臺灣", 30, temperature=2.0, seed=s)) for s in range(10)}
    assert len(others) > 1


def test_sampling_follows_the_distribution():
    model = NGramModel(n=1, alpha=1e-9).fit(["aab"])  # a: 1/2, b: 1/4, END: 1/4
    rng = np.random.default_rng(0)
    draws = [generate(model, "", 1, seed=rng)[0] for _ in range(4000)]
    assert draws.count("a") / 4000 == pytest.approx(0.5, abs=0.03)
    assert draws.count("b") / 4000 == pytest.approx(0.25, abs=0.03)
    # top_k=1 is greedy
    assert {generate(model, "", 1, top_k=1, seed=s)[0] for s in range(20)} == {"a"}


def test_low_temperature_approaches_greedy():
    greedy = generate(YUSHAN, "臺灣最高", 12, greedy=True)
    assert generate(YUSHAN, "臺灣最高", 12, temperature=0.01, seed=3) == greedy


def test_generate_bad_input():
    with pytest.raises(ValueError, match="prompt contains tokens the model has never seen"):
        generate(YUSHAN, "日本最高的山")
    with pytest.raises(ValueError, match="temperature"):
        generate(YUSHAN, "臺灣", temperature=0)
    with pytest.raises(ValueError, match="top_p"):
        generate(YUSHAN, "臺灣", top_p=0.0)
    with pytest.raises(ValueError, match="end"):
        generate(YUSHAN, "臺灣", end="<eos>")
    with pytest.raises(ValueError, match="max_new_tokens"):
        generate(YUSHAN, "臺灣", max_new_tokens=-1)
    with pytest.raises(TypeError, match="prompt"):
        generate(YUSHAN, 3)
    model = TinyTransformer(vocabulary(["ab"]), d_model=8, n_heads=2, context_length=4)
    with pytest.raises(ValueError, match="prompt must not be empty"):
        generate(model, "")
    assert generate(YUSHAN, "", 1, greedy=True) == ["臺"]  # the n-gram model knows how texts begin


# --- the tiny Transformer -----------------------------------------------------------------------


@settings(max_examples=15, deadline=None)
@given(
    vocab=st.integers(2, 30),
    context=st.integers(1, 16),
    heads=st.integers(1, 4),
    head_size=st.integers(1, 6),
    layers=st.integers(1, 3),
)
def test_parameter_count_formula_matches_the_model(vocab, context, heads, head_size, layers):
    d = heads * head_size
    model = TinyTransformer([f"t{i}" for i in range(vocab)], d_model=d, n_layers=layers, n_heads=heads,
                            context_length=context)
    assert count_parameters(model) == gpt_parameter_count(vocab, context, d, layers)


def test_parameter_count_of_known_models():
    assert gpt_parameter_count(50257, 1024, 768, 12) == 124_439_808  # GPT-2 small, "124M"
    assert gpt_parameter_count(50257, 1024, 1600, 48) == 1_557_611_200  # GPT-2 XL, "1.5B"
    assert gpt_parameter_count(50257, 2048, 12288, 96) / 1e9 == pytest.approx(175, rel=0.01)  # GPT-3
    with pytest.raises(ValueError, match="d_model"):
        gpt_parameter_count(10, 10, 0, 1)
    with pytest.raises(TypeError, match="model"):
        count_parameters("a model")


def test_attention_agrees_with_torch_and_is_causal():
    model = TinyTransformer(list("abcdef"), d_model=12, n_layers=2, n_heads=3, context_length=8)
    attention = model.layers[0].attention
    x = torch.randn(2, 5, 12)
    q, k, v = attention.qkv(x).view(2, 5, 3, 3, 4).permute(2, 0, 3, 1, 4)
    expected = attention.out(F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(2, 5, 12))
    torch.testing.assert_close(attention(x), expected)
    # changing a later token never changes the scores at earlier positions
    ids = torch.tensor([[0, 1, 2, 3, 4]])
    changed = torch.tensor([[0, 1, 2, 5, 5]])
    with torch.no_grad():
        torch.testing.assert_close(model(ids)[0, :3], model(changed)[0, :3])


def test_transformer_log_probs_and_context_window():
    model = TinyTransformer(list("abc") + [END], d_model=8, n_heads=2, context_length=3)
    log_p = model.log_probs("abcab")
    assert np.exp(log_p).sum() == pytest.approx(1.0)
    np.testing.assert_allclose(log_p, model.log_probs("cab"))  # only the last 3 tokens are seen
    with torch.no_grad():
        logits = model(torch.tensor([model.encode("cab")]))[0, -1]
    np.testing.assert_allclose(log_p, torch.log_softmax(logits.double(), 0).numpy(), atol=1e-6)


def test_same_seed_same_model_and_training():
    def trained():
        model = TinyTransformer(vocabulary(["abcabc" * 5]), d_model=8, n_heads=2, context_length=6, seed=3)
        return model, train_language_model(model, ["abcabc" * 5], steps=20, seed=1)

    (m1, l1), (m2, l2) = trained(), trained()
    assert l1 == l2
    for p1, p2 in zip(m1.parameters(), m2.parameters()):
        torch.testing.assert_close(p1, p2)


def test_training_learns_the_text_and_beats_uniform_guessing():
    text = ["臺灣最高的山是玉山。"]
    model = TinyTransformer(vocabulary(text), d_model=16, n_layers=1, n_heads=2, context_length=8)
    before = cross_entropy_per_token(model, text)
    assert before == pytest.approx(math.log(len(model.tokens)), rel=0.1)  # small initial weights ≈ uniform
    train_language_model(model, text, steps=150)
    assert cross_entropy_per_token(model, text) < before / 4
    assert "".join(generate(model, "臺灣最高的", greedy=True)) == "山是玉山。" + END


def test_transformer_bad_input():
    with pytest.raises(ValueError, match="divisible"):
        TinyTransformer(list("ab"), d_model=10, n_heads=3)
    with pytest.raises(ValueError, match="repeats"):
        TinyTransformer(list("aab"))
    model = TinyTransformer(list("ab") + [END], d_model=8, n_heads=2, context_length=4)
    with pytest.raises(ValueError, match="more than context_length"):
        train_language_model(model, ["ab"])
    with pytest.raises(TypeError, match="list of texts"):
        train_language_model(model, "abababab")
    with pytest.raises(ValueError, match="lr"):
        train_language_model(model, ["abababab"], lr=0)
    with pytest.raises(ValueError, match="never seen"):
        model.log_probs("abc")


def test_cross_entropy_per_token_of_a_uniform_model_is_log_v():
    model = NGramModel(n=2, alpha=1.0).fit(["ab"], tokens="abcdefg")
    unseen = NGramModel(n=1, alpha=1e9).fit(["ab"], tokens="abcdefg")
    assert cross_entropy_per_token(unseen, ["gf"]) == pytest.approx(math.log(8))
    assert cross_entropy_per_token(model, ["ab"]) < math.log(8)
    with pytest.raises(ValueError, match="never seen"):
        cross_entropy_per_token(model, ["xyz"])


def test_dropout_acts_only_while_training_and_leaves_the_weights_alone():
    tokens = vocabulary(["abcd"])
    ids = torch.tensor([[0, 1, 2, 3]])
    plain, dropped = TinyTransformer(tokens, d_model=8, n_heads=2, seed=3), TinyTransformer(tokens, d_model=8, n_heads=2, seed=3, dropout=0.5)
    assert all(torch.equal(a, b) for a, b in zip(plain.parameters(), dropped.parameters()))
    plain.eval(), dropped.eval()
    torch.testing.assert_close(dropped(ids), plain(ids))  # predicting: no dropout
    dropped.train()
    torch.manual_seed(0)
    first = dropped(ids)
    assert not torch.allclose(first, dropped(ids))  # training: a new random mask every call


def test_learning_rate_warms_up_then_follows_half_a_cosine():
    rates = [learning_rate_at(s, 100, 2e-3, warmup=10, cosine=True) for s in range(100)]
    assert rates[:10] == pytest.approx([2e-3 * (s + 1) / 10 for s in range(10)])
    assert rates[10] == pytest.approx(2e-3) and rates[55] == pytest.approx(1e-3)
    assert all(a >= b for a, b in zip(rates[10:], rates[11:])) and rates[-1] < 1e-5
    assert {learning_rate_at(s, 100, 2e-3) for s in range(100)} == {2e-3}  # the default: constant


def test_training_uses_the_schedule():
    model = TinyTransformer(vocabulary(["ab" * 20]), d_model=8, n_layers=1, n_heads=2, context_length=8)
    train_language_model(model, ["ab" * 20], steps=5, warmup=2, cosine=True)
    constant = TinyTransformer(vocabulary(["ab" * 20]), d_model=8, n_layers=1, n_heads=2, context_length=8)
    train_language_model(constant, ["ab" * 20], steps=5)
    assert not all(torch.equal(a, b) for a, b in zip(model.parameters(), constant.parameters()))


@pytest.mark.parametrize(("kwargs", "message"), [({"step": 10, "steps": 10}, "step"), ({"step": 0, "steps": 10, "warmup": -1}, "warmup")])
def test_learning_rate_bad_input(kwargs, message):
    with pytest.raises(ValueError, match=message):
        learning_rate_at(lr=1e-3, **kwargs)


@pytest.mark.parametrize("dropout", [-0.1, 1.0, 1.5])
def test_dropout_must_be_a_share_below_one(dropout):
    with pytest.raises(ValueError, match="dropout"):
        TinyTransformer(vocabulary(["ab"]), d_model=8, n_heads=2, dropout=dropout)


# --- budget forcing (B6) ------------------------------------------------------------------------


def test_lazy_adder_without_forcing_stops_early_and_answers_wrong():
    thinking, answer = budget_forcing(LazyAdder(), "3+4+5+6=", min_thinking=0, max_thinking=10, greedy=True)
    assert thinking == ["3", "7"]
    assert answer == ["7", END]


def test_budget_forcing_min_makes_it_think_longer_and_answer_right():
    thinking, answer = budget_forcing(LazyAdder(), "3+4+5+6=", min_thinking=4, max_thinking=10, greedy=True)
    assert thinking == ["3", "7", "Wait", "12", "18"]
    assert answer == ["18", END]


def test_budget_forcing_max_cuts_thinking_off():
    thinking, answer = budget_forcing(LazyAdder(patience=9), "3+4+5+6=", min_thinking=0, max_thinking=2, greedy=True)
    assert thinking == ["3", "7"]
    assert answer == ["7", END]
    thinking, _ = budget_forcing(LazyAdder(), "3+4+5+6=", min_thinking=0, max_thinking=0, greedy=True)
    assert thinking == []


@settings(max_examples=30, deadline=None)
@given(low=st.integers(0, 8), extra=st.integers(0, 6), seed=st.integers(0, 10_000))
def test_budget_forcing_keeps_thinking_within_the_budget(low, extra, seed):
    model = LazyAdder(confidence=0.6)
    thinking, answer = budget_forcing(model, "1+2+3+4+5=", min_thinking=low, max_thinking=low + extra,
                                      seed=seed, max_answer_tokens=3)
    assert low <= len(thinking) <= low + extra
    assert "</think>" not in thinking and 1 <= len(answer) <= 3


def test_budget_forcing_bad_input():
    with pytest.raises(ValueError, match="min_thinking"):
        budget_forcing(LazyAdder(), "1+2=", min_thinking=5, max_thinking=2)
    with pytest.raises(ValueError, match="wait"):
        budget_forcing(LazyAdder(), "1+2=", 1, 3, wait="Hmm")
    with pytest.raises(ValueError, match="prompt must not be empty"):
        budget_forcing(LazyAdder(), "", 1, 3)
    with pytest.raises(ValueError, match="confidence"):
        LazyAdder(confidence=1.5)


# --- corpus ----------------------------------------------------------------------


def test_notes_corpus_is_traditional_chinese_prose():
    paragraphs = notes_corpus()
    text = "".join(paragraphs)
    assert len(text) > 5000
    assert "訓練" in text and "资" not in text  # zh-TW, not simplified


# --- figures ------------------------------------------------------------------------------------


@pytest.mark.parametrize("lang, words", [("zh", ["上文長度", "循環單元", "最少思考長度"]),
                                         ("en", ["context length", "recurrent cell", "minimum thinking length"])])
def test_figures_render_in_both_languages(lang, words):
    from genai_notes.figures import render_svg

    svg = render_svg("breakthroughs-attention-memory", lang) + render_svg("breakthroughs-budget-forcing", lang)
    for word in words:
        assert word in svg


def test_budget_forcing_accuracy_rises_with_the_budget_and_so_does_thinking():
    accuracy, thinking = budget_forcing_accuracy(range(0, 13, 3), questions=50)
    assert list(accuracy) == sorted(accuracy) and accuracy[0] < 0.5 and accuracy[-1] == 1.0
    assert list(thinking) == sorted(thinking) and thinking[0] < thinking[-1]


# --- shown, not hidden: the block, classification, merging, editing, the eras figure -----------


def test_block_is_pre_layernorm_residual_attention_then_mlp():
    from genai_notes.autoregression import _Block

    block = _Block(d_model=8, n_heads=2)
    x = torch.randn(2, 5, 8, generator=torch.Generator().manual_seed(1))
    h = x + block.attention(F.layer_norm(x, (8,), block.norm1.weight, block.norm1.bias))
    expected = h + block.mlp(F.layer_norm(h, (8,), block.norm2.weight, block.norm2.bias))
    assert torch.allclose(block(x), expected, atol=1e-6)
    assert count_parameters(block) == 12 * 8**2 + 13 * 8


def test_choose_renormalises_the_next_token_distribution_over_the_options():
    from genai_notes.autoregression import choose

    model = NGramModel(n=2, alpha=0.5).fit(["玉山", "玉石"])
    probs = model.probs("玉")
    chosen = choose(model, "玉", ["山", "石", "玉"])
    index = [model.tokens.index(t) for t in ["山", "石", "玉"]]
    assert np.allclose(list(chosen.values()), probs[index] / probs[index].sum())
    assert list(chosen) == ["山", "石", "玉"] and math.isclose(sum(chosen.values()), 1.0)


@pytest.mark.parametrize("options, error, message", [
    (["山"], ValueError, "at least two"), (["山", "山"], ValueError, "at least two"),
    ("山玉", TypeError, "options must be a list or tuple"), (["山", "海"], ValueError, r"options\[1\] must be one of the model's tokens"),
])
def test_choose_rejects_bad_options(options, error, message):
    from genai_notes.autoregression import choose

    with pytest.raises(error, match=message):
        choose(NGramModel(n=2).fit(["玉山"]), "玉", options)


def test_task_vectors_add_back_to_the_tuned_model_and_merge_by_sum():
    from genai_notes.autoregression import add_task_vectors, task_vector

    base, tuned_a, tuned_b = (TinyTransformer(["a", "b", END], d_model=8, n_layers=1, n_heads=2, seed=s) for s in range(3))
    back = add_task_vectors(base, [task_vector(base, tuned_a)])
    assert all(torch.allclose(p, q, atol=1e-6) for p, q in zip(back.parameters(), tuned_a.parameters()))
    merged = add_task_vectors(base, [task_vector(base, tuned_a), task_vector(base, tuned_b)], scale=0.5)
    for p0, pa, pb, pm in zip(base.parameters(), tuned_a.parameters(), tuned_b.parameters(), merged.parameters()):
        assert torch.allclose(pm, p0 + 0.5 * ((pa - p0) + (pb - p0)), atol=1e-6)
    assert all(torch.equal(p, q) for p, q in zip(base.parameters(), TinyTransformer(["a", "b", END], d_model=8, n_layers=1, n_heads=2, seed=0).parameters()))


def test_task_arithmetic_rejects_mismatched_models_and_vectors():
    from genai_notes.autoregression import add_task_vectors, task_vector

    small, wide = (TinyTransformer(["a", END], d_model=d, n_layers=1, n_heads=2) for d in (8, 16))
    with pytest.raises(ValueError, match="same architecture"):
        task_vector(small, wide)
    with pytest.raises(TypeError, match="base must be a torch.nn.Module"):
        task_vector("model", small)
    with pytest.raises(ValueError, match="vectors must hold at least one task vector"):
        add_task_vectors(small, [])
    with pytest.raises(ValueError, match=r"vectors\[0\]\['token_embedding.weight'\] and base's token_embedding.weight must have the same shape"):
        add_task_vectors(small, [task_vector(wide, wide)])
    with pytest.raises(ValueError, match=r"vectors\[0\] must have base's parameter names"):
        add_task_vectors(small, [{"weight": torch.zeros(1)}])


def test_edit_next_token_changes_the_answer_and_only_the_chosen_mlp():
    from genai_notes.autoregression import edit_next_token

    model = TinyTransformer(["a", "b", "c", END], d_model=16, n_layers=2, n_heads=2, context_length=4)
    edited = edit_next_token(model, "ab", "c", layer=0)
    assert edited.tokens[int(np.argmax(edited.log_probs("ab")))] == "c"
    before = dict(model.named_parameters())
    changed = {name for name, p in edited.named_parameters() if not torch.equal(p, before[name])}
    assert changed and all(name.startswith("layers.0.mlp.") for name in changed)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"token": "z"}, ValueError, "token must be one of"),
    ({"layer": 2}, ValueError, "layer must be <= 1, got 2"),
    ({"steps": 0}, ValueError, "steps must be >= 1"),
    ({"context": "az"}, ValueError, "never seen"),
])
def test_edit_next_token_rejects_bad_input(kwargs, error, message):
    from genai_notes.autoregression import edit_next_token

    model = TinyTransformer(["a", "b", END], d_model=8, n_layers=2, n_heads=2, context_length=4)
    with pytest.raises(error, match=message):
        edit_next_token(model, **{"context": "ab", "token": "a", **kwargs})
    with pytest.raises(TypeError, match="model must be a TinyTransformer"):
        edit_next_token(NGramModel(n=2).fit(["ab"]), "a", "b")


@pytest.mark.parametrize("lang, words", [("zh", ["編碼器", "提示詞", "GPT-3", "ChatGPT"]),
                                         ("en", ["encoders", "prompts", "GPT-3", "ChatGPT"])])
def test_eras_figure_labels_every_era_in_both_languages(lang, words):
    from genai_notes.figures import render_svg

    svg = render_svg("breakthroughs-eras", lang)
    for word in words + ["ELMo", "BERT", "LLaMA", "Claude", "Gemini", "DeepSeek"]:
        assert word in svg


def test_eras_are_consecutive_and_chatgpt_opens_the_third():
    from genai_notes.figures.breakthroughs import ERAS

    assert all(end == start for (_, end, _), (start, _, _) in zip(ERAS, ERAS[1:]))
    assert ERAS[2][2][0] == ("ChatGPT", ERAS[2][0])
    assert all(start <= date <= end for start, end, models in ERAS for _, date in models)
