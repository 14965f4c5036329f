# %% [markdown] lang="zh"
# # 文字接龍：從 n-gram 到小型 Transformer
#
# 講義〈[生成式人工智慧的技術突破與未來發展](../lectures/breakthroughs.md)〉說，語言模型做的事就是文字接龍。這本筆記本從頭做一次：把文字拆成訓練資料、用數數的方式做一個 n-gram 模型、訓練一個小型 Transformer，再用貪婪解碼、溫度、top-k、top-p 各接一次龍，比較結果有什麼不同。最後量一量：上文越長，自注意力每產生一個 token 要花多少時間，遞迴單元又要多少。
#
# 訓練用的中文文字不必下載：就是這份講義自己的繁體中文內容，隨套件一起安裝。
#
# **執行時間：**在一般筆電的 CPU 上很快就能跑完，有 CUDA GPU 時會自動使用；實際花了多久，最後一格會印出來。

# %% [markdown] lang="en"
# # Text continuation: from n-grams to a tiny Transformer
#
# The lecture, [Technical breakthroughs in generative AI](../lectures/breakthroughs.md), says that all a language model does is continue text. This notebook does it from scratch: turn text into training examples, build an n-gram model by counting, train a tiny Transformer, then continue the same prompt with greedy decoding, temperature, top-k and top-p and see how the results differ. Finally it times how much each new token costs as the context grows, for self-attention and for a recurrent cell.
#
# The Chinese training text is not downloaded: it is the zh-TW text of these notes, installed with the package.
#
# **Time:** Runs quickly on an ordinary laptop CPU and uses a CUDA GPU when there is one; the last cell prints how long it took.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from tqdm import tqdm

from genai_notes.autoregression import (
    NGramModel,
    TinyTransformer,
    count_parameters,
    cross_entropy_per_token,
    generate,
    next_token_distribution,
    next_token_pairs,
    notes_corpus,
    train_language_model,
    vocabulary,
)
from genai_notes.figures import use_cjk_fonts

use_cjk_fonts()  # Chinese labels need a font with Chinese glyphs
# the page's language: the render step sets it for each language's run
LANG = "zh"

started = time.perf_counter()
torch.manual_seed(0)
# one thread: a model this small gains nothing from more
torch.set_num_threads(1)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print({"zh": "裝置：", "en": "device:"}[LANG], device)

# %% [markdown] lang="zh"
# ## 1. 語料：講義自己的文字
#
# `notes_corpus()` 傳回講義各章的段落（已去掉 Markdown、數學式與程式碼）。每隔幾段留下一段不拿來訓練，之後用來檢查模型遇到沒看過的文字時表現如何。詞彙表是語料裡出現過的每一個字，再加上代表「結束」的 `[END]`。

# %% [markdown] lang="en"
# ## 1. The corpus: the notes' own text
#
# `notes_corpus()` returns the paragraphs of the notes' chapters, with Markdown, maths and code removed. Every so often a paragraph is held out of training, to check later how the models do on text they have never seen. The vocabulary is every character in the corpus plus the `[END]` token.

# %%
corpus = notes_corpus()
held_out = corpus[::10]
train_texts = [p for i, p in enumerate(corpus) if i % 10]
tokens = vocabulary(corpus)
print({"zh": "段落：", "en": "paragraphs:"}[LANG], len(corpus))
print(
    {"zh": "訓練用的字：", "en": "characters for training:"}[LANG],
    sum(map(len, train_texts)),
)
print(
    {"zh": "保留的字：", "en": "characters held out:"}[LANG],
    sum(map(len, held_out)),
)
print(
    {"zh": "詞彙表的 token：", "en": "tokens in the vocabulary:"}[LANG],
    len(tokens),
)

# %% [markdown] lang="zh"
# ## 2. 訓練資料：上文 → 下一個字
#
# 一段文字拆開來，每一個字都是一筆「看前面、猜下一個」的分類題，最後再加一筆教模型停下來的 `[END]`。整份語料有多少筆，就是字數加上段落數。

# %% [markdown] lang="en"
# ## 2. Training data: context, then the next character
#
# Unpacked, every character of a paragraph is one "read what came before, guess the next" classification example, plus one more that teaches the model to stop with `[END]`. So the corpus holds as many examples as it has characters and paragraphs together.

# %%
sentence = next(p for p in corpus if p.find("文字接龍") >= 6)
start = sentence.index("文字接龍")
for context, target in next_token_pairs(
    sentence[start - 6 : start], "文字接龍"
):
    print(context, "→", target)
n_pairs = sum(len(next_token_pairs("", p)) for p in train_texts)
print(
    {"zh": "語料中的訓練配對：", "en": "training pairs in the corpus:"}[LANG],
    n_pairs,
)
assert n_pairs == sum(map(len, train_texts)) + len(train_texts)

# %% [markdown] lang="zh"
# ## 3. n-gram 模型：數一數就好
#
# 雙字（bigram）模型只看前一個字，三字（trigram）模型看前兩個字。衡量標準是所有保留段落的平均交叉熵（每個字幾 nat，越小越好）；完全亂猜、每個字機率都一樣的模型會得到 $\log |V|$。
#
# 平滑參數 $\alpha$ 決定沒見過的接法要分到多少機率。要公平，就不能拿保留段落來挑它：我們從訓練段落裡再留下十分之一當驗證資料，用其餘的段落數數，挑出在驗證資料上最好的 $\alpha$，再用全部訓練段落重新數一次。

# %% [markdown] lang="en"
# ## 3. An n-gram model: just count
#
# A bigram model looks only at the previous character, a trigram model at the previous two. The yardstick is the average cross-entropy over all the held-out paragraphs, in nats per character (lower is better); a model that guesses uniformly, giving every character the same probability, scores $\log |V|$.
#
# The smoothing $\alpha$ decides how much probability goes to continuations never seen. To be fair it must not be chosen on the held-out paragraphs: a tenth of the training paragraphs is set aside for validation, the rest are counted, the $\alpha$ that does best on the validation tenth wins, and then all the training paragraphs are counted again.

# %%
uniform = np.log(len(tokens))
validation = train_texts[::10]
counted = [p for i, p in enumerate(train_texts) if i % 10]


def smoothed_ngram(n: int) -> NGramModel:
    # The n-gram whose alpha does best on the validation paragraphs.
    alpha = min(
        (0.003, 0.01, 0.03),
        key=lambda a: cross_entropy_per_token(
            NGramModel(n, a).fit(counted, tokens=tokens), validation
        ),
    )
    return NGramModel(n, alpha).fit(train_texts, tokens=tokens)


bigram, trigram = smoothed_ngram(2), smoothed_ngram(3)
bigram_loss = cross_entropy_per_token(bigram, held_out)
trigram_loss = cross_entropy_per_token(trigram, held_out)
print({"zh": "均勻亂猜：", "en": "guessing uniformly:"}[LANG], f"{uniform:.2f}")
print(
    {"zh": "平滑參數 α：", "en": "smoothing α:"}[LANG],
    {"bigram": bigram.alpha, "trigram": trigram.alpha},
)
for name, nats in {"bigram": bigram_loss, "trigram": trigram_loss}.items():
    print(f"{name}: {nats:.2f}")
assert bigram_loss < uniform - 2 and trigram_loss > bigram_loss

seen_pairs = {p[i : i + 2] for p in train_texts for i in range(len(p) - 1)}
held_pairs = [p[i : i + 2] for p in held_out for i in range(len(p) - 1)]
unseen = np.mean([pair not in seen_pairs for pair in held_pairs])
print(
    {
        "zh": "保留文字中，訓練時沒見過的兩字上文：",
        "en": "held-out two-character contexts unseen in training:",
    }[LANG],
    f"{unseen:.0%}",
)
assert unseen > 0.15

# %% [markdown] lang="zh"
# 看得比較遠的 trigram 反而比較差。語料這麼小，保留文字裡不少兩字上文在訓練時從沒出現過（比例見上面的輸出）；遇到沒見過的上文，加 $\alpha$ 平滑只能給每個字一樣的機率，等於亂猜。靠數數的模型，上文越長，資料越不夠用。

# %% [markdown] lang="en"
# The trigram, which looks further back, does worse. In a corpus this small, many of the held-out text's two-character contexts never occurred in training (the share is printed above); after a context it has never seen, add-$\alpha$ smoothing can only give every character the same probability, which is guessing. A model that counts runs out of data the longer its context.

# %%
bigram_greedy = "".join(generate(bigram, "語言模型", 40, greedy=True))
print(
    {"zh": "bigram，貪婪解碼：", "en": "bigram, greedy:"}[LANG], bigram_greedy
)
print(
    {
        "zh": "最後 20 個字中不同的字數：",
        "en": "different characters in its last 20:",
    }[LANG],
    len(set(bigram_greedy[-20:])),
)
assert len(set(bigram_greedy[-20:])) < 5

# %% [markdown] lang="zh"
# 貪婪解碼下，n-gram 很快就掉進迴圈：它只看前一個字，同一個字後面永遠接同一個字。

# %% [markdown] lang="en"
# With greedy decoding the n-gram model soon falls into a loop: it sees only the previous character, so the same character is always followed by the same one.

# %% [markdown] lang="zh"
# ## 4. 訓練一個小型 Transformer
#
# 模型照 GPT-2 的樣子縮小：只有兩層，一次最多看 `context_length` 個字。詞彙表裡每個字都有一個向量，所以詞向量表占了參數很大的一部分。訓練迴圈每一步抽一批長度 `context_length + 1` 的文字，每段同時提供 `context_length` 筆「上文 → 下一個字」的題目。進度條顯示訓練的進度。
#
# 語料只有講義這麼一點，模型很快就會把訓練文字背起來，所以這份訓練配方處處在防止死背：`dropout` 在訓練時隨機關掉一部分的輸出，`weight_decay` 把參數往 0 拉；學習率先在 `warmup` 步內慢慢升高，再沿著半個餘弦降到 0（`cosine`）。

# %% [markdown] lang="en"
# ## 4. Training a tiny Transformer
#
# The model is GPT-2's layout scaled down: two layers, and it reads at most `context_length` characters. Every character in the vocabulary has its own vector, so the embedding table holds a large share of the parameters. Each training step draws a batch of stretches of `context_length + 1` characters, and each stretch provides `context_length` "context → next character" examples at once. The progress bar tracks the training.
#
# The notes are so little text that the model soon learns its training text by heart, so the recipe works against memorising throughout: `dropout` switches off a random share of the outputs while training and `weight_decay` pulls the parameters towards 0; the learning rate rises over the first `warmup` steps and then falls to 0 along half a cosine (`cosine`).

# %%
model = TinyTransformer(
    tokens,
    d_model=64,
    n_layers=2,
    n_heads=4,
    context_length=32,
    seed=0,
    dropout=0.1,
).to(device)
n_parameters = count_parameters(model)
embedding_share = model.token_embedding.weight.numel() / n_parameters
print({"zh": "參數：", "en": "parameters:"}[LANG], n_parameters)
print(
    {"zh": "token 嵌入表所占比例：", "en": "share in the token embeddings:"}[
        LANG
    ],
    f"{embedding_share:.0%}",
)

t0 = time.perf_counter()
losses = train_language_model(
    model,
    train_texts,
    steps=1600,
    batch_size=16,
    lr=3e-3,
    seed=0,
    warmup=50,
    cosine=True,
    weight_decay=0.1,
    progress=True,
)
seconds = time.perf_counter() - t0
final = np.mean(losses[-50:])
print(
    {"zh": "訓練秒數：", "en": "seconds of training:"}[LANG], f"{seconds:.1f}"
)
print({"zh": "損失：", "en": "loss:"}[LANG], f"{losses[0]:.2f} → {final:.2f}")
assert abs(losses[0] - uniform) < 0.5 and final < losses[0] - 2

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(
    losses, lw=0.5, label={"zh": "訓練批次", "en": "training batches"}[LANG]
)
ax.axhline(
    uniform,
    color="gray",
    ls=":",
    label={"zh": "均勻亂猜，log |V|", "en": "uniform guessing, log |V|"}[LANG],
)
ax.set_xlabel({"zh": "步數", "en": "step"}[LANG])
ax.set_ylabel(
    {
        "zh": "交叉熵（每個字的 nats）",
        "en": "cross-entropy (nats per character)",
    }[LANG]
)
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# 一開始的損失接近 $\log |V|$：參數是隨機的小數字，每個字的機率都差不多。在所有保留段落上比一比三個模型：

# %% [markdown] lang="en"
# The loss starts close to $\log |V|$: the parameters are small random numbers, so every character is about equally likely. Now compare the three models on all the held-out paragraphs:

# %%
transformer_loss = cross_entropy_per_token(model, held_out)
gap = bigram_loss - transformer_loss
held_out_nats = {
    {"zh": "均勻亂猜", "en": "uniform"}[LANG]: uniform,
    "bigram": bigram_loss,
    "trigram": trigram_loss,
    "Transformer": transformer_loss,
}
print({"zh": "保留文字，每個字的 nats：", "en": "held-out nats:"}[LANG])
for name, nats in held_out_nats.items():
    print(f"  {name:<12} {nats:.2f}")
print(
    {"zh": "比 bigram 低的 nats：", "en": "nats below the bigram:"}[LANG],
    f"{gap:.2f}",
)
assert gap > 0.15

# %% [markdown] lang="zh"
# Transformer 比最好的 n-gram 好，每個字少了上面印出的那麼多 nats。差距不算大，原因在資料：講義只有這麼一點文字，模型很快就開始背訓練段落。講義〈[技術突破](../lectures/breakthroughs.md)〉的基準測試表格把同一個模型訓練得更久，或只用一部分文字訓練：多走幾倍的步數，保留段落上的交叉熵反而變高；文字越少，差距越小。要讓 Transformer 把 n-gram 甩得更遠，缺的是文字，不是計算。

# %% [markdown] lang="en"
# The Transformer beats the best n-gram by the margin printed above, in nats per character. The margin is modest, and the reason is data: the notes are so little text that the model soon starts to memorise its training paragraphs. The benchmark table in the lecture, [Technical breakthroughs](../lectures/breakthroughs.md), trains the same model for longer or on part of the text only: several times the steps make the held-out cross-entropy worse, not better, and less text makes the gap smaller. What would carry the Transformer further ahead of the n-grams is more text, not more computation.

# %% [markdown] lang="zh"
# ## 5. 同一個模型，不同的挑法
#
# 同一個提示，分別用貪婪解碼、三種溫度、top-k 與 top-p 各接一次。取樣的方法都固定亂數種子，所以每次執行結果一樣；換一個種子就會不同。

# %% [markdown] lang="en"
# ## 5. One model, different ways to pick
#
# The same prompt, continued with greedy decoding, three temperatures, top-k and top-p. Every sampling run uses a fixed seed, so the notebook gives the same text each time; another seed gives another text.

# %%
prompt = "生成式"
settings = {
    "greedy": dict(greedy=True),
    "T = 0.5": dict(temperature=0.5),
    "T = 1.0": dict(temperature=1.0),
    "T = 1.5": dict(temperature=1.5),
    "top-k = 5": dict(top_k=5),
    "top-p = 0.9": dict(top_p=0.9),
}
outputs = {}
for name, kwargs in settings.items():
    outputs[name] = "".join(generate(model, prompt, 60, seed=0, **kwargs))
    print(f"{name:>12}: {prompt}{outputs[name]}")


def distinct_bigrams(text: str) -> float:
    # Share of different character pairs: low when the text repeats itself.
    pairs = [text[i : i + 2] for i in range(len(text) - 1)]
    return len(set(pairs)) / max(len(pairs), 1)


# one short text says little: average over six held-out paragraphs
starts = [p[:4] for p in held_out[:6]]
variety = {
    name: np.mean(
        [
            distinct_bigrams("".join(generate(model, s, 40, seed=0, **kwargs)))
            for s in starts
        ]
    )
    for name, kwargs in settings.items()
    if name in ("greedy", "T = 0.5", "T = 1.0")
}
print(
    {
        "zh": "不同字對的比例（保留段落開頭的平均）：",
        "en": "share of different character pairs (held-out starts):",
    }[LANG]
)
for name, share in variety.items():
    print(f"{name:>12}: {share:.2f}")
assert variety["greedy"] < variety["T = 1.0"]

# %% [markdown] lang="zh"
# 一段短短的文字說明不了什麼，所以貪婪解碼和兩種溫度再從六個保留段落的開頭各接一次，取平均。貪婪解碼比 T = 1.0 的取樣更常重複自己（不同字對的比例較低）：一旦繞回同一段上文，就接出同一串字。溫度越高，字越來越亂；top-k 與 top-p 則把機率很低的字排除在外。
#
# 溫度低時，取樣的確越來越接近貪婪解碼，但要多低才算接近？在保留段落的一些上文上，看看取樣抽中「貪婪解碼會選的那個字」的機率平均是多少：

# %% [markdown] lang="en"
# One short text says little, so greedy decoding and two temperatures also continue the starts of six held-out paragraphs, and the shares are averaged. Greedy decoding repeats itself more than sampling at T = 1.0 (a lower share of different character pairs): once it comes back to the same context it produces the same string again. A high temperature makes the characters more and more random, and top-k and top-p shut out the unlikely characters.
#
# As the temperature falls, sampling does come closer to greedy decoding, but how low must it go? On some contexts from the held-out paragraphs, here is the average probability that sampling draws the very character greedy decoding would pick:

# %%
contexts = [p[:t] for p in held_out for t in range(1, len(p), 20)]
log_ps = [model.log_probs(context) for context in contexts]
temperatures = (0.1, 0.3, 0.5, 1.0, 1.5)
greedy_pick = [
    np.mean([next_token_distribution(lp, T).max() for lp in log_ps])
    for T in temperatures
]
print({"zh": "抽中貪婪解碼那個字的機率：", "en": "P(the greedy pick):"}[LANG])
for T, p in zip(temperatures, greedy_pick):
    print(f"  T = {T}: {p:.2f}")
assert all(np.diff(greedy_pick) < 0) and greedy_pick[0] > 0.9
assert greedy_pick[2] < 0.8

# %% [markdown] lang="zh"
# T = 0.1 時，取樣幾乎每一步都選貪婪解碼的那個字；T = 0.5 時，每一步仍有不小的機會選到別的字，而只要有一步不同，後面的上文就全都不同了。
#
# 貪婪解碼每次都一樣；取樣則每個種子接出不同的句子。`top_k=1` 只留下最可能的字，等於貪婪解碼。

# %% [markdown] lang="en"
# At T = 0.1 sampling takes greedy decoding's character at almost every step; at T = 0.5 each step still has a fair chance of picking another, and one different pick changes every context after it.
#
# Greedy decoding always gives the same text, while sampling gives a different sentence for each seed. `top_k=1` keeps only the most likely character, which is greedy decoding.

# %%
again = "".join(generate(model, prompt, 60, greedy=True))
samples = {
    "".join(generate(model, prompt, 30, temperature=1.0, seed=s))
    for s in range(5)
}
top1 = "".join(generate(model, prompt, 60, top_k=1, seed=3))
print(
    {"zh": "貪婪解碼兩次結果相同：", "en": "greedy twice the same:"}[LANG],
    again == outputs["greedy"],
)
print(
    {
        "zh": "5 個種子得到的不同樣本數：",
        "en": "different samples from 5 seeds:",
    }[LANG],
    len(samples),
)
print(
    {"zh": "top-k = 1 就是貪婪解碼：", "en": "top-k = 1 is greedy:"}[LANG],
    top1 == outputs["greedy"],
)
assert (
    again == outputs["greedy"]
    and top1 == outputs["greedy"]
    and len(samples) > 1
)

# %% [markdown] lang="zh"
# ## 6. 上文越長，每個 token 越貴嗎？
#
# 用同樣大小、但上文上限放寬很多的模型（不必訓練，量的是運算量），計時產生「下一個 token」要多久：Transformer 每一步都要讓新的 token 看過所有舊的 token；GRU 這種遞迴單元只更新一個固定大小的狀態。每個長度量好幾次取最短的，減少其他程式干擾。計時一律在 CPU 上做：這麼小的模型放到 GPU 上，時間幾乎都花在啟動運算，看不出長度的影響。

# %% [markdown] lang="en"
# ## 6. Does each token cost more as the context grows?
#
# Take a model of the same size but with a much longer context limit (untrained: we are measuring the computation, not the quality) and time how long the next token takes. The Transformer lets the new token look at every earlier token at each step; a recurrent cell like the GRU updates one state of fixed size. Each length is timed several times and the shortest time kept, so that other programs on the machine disturb it less. The timing always runs on the CPU: on a GPU a model this small spends its time launching kernels, and the length hardly shows.

# %%
# on the CPU even when there is a GPU (see above)
long_model = TinyTransformer(
    tokens, d_model=32, n_layers=2, n_heads=4, context_length=1024
)
cell = torch.nn.GRUCell(32, 32)


def seconds(step, repeats: int = 5) -> float:
    # Shortest of several timings of step().
    best = float("inf")
    for _ in range(repeats):
        t = time.perf_counter()
        step()
        best = min(best, time.perf_counter() - t)
    return best


lengths = [32, 128, 512, 1024]
attention_ms, recurrent_ms = [], []
with torch.no_grad():
    state, x = torch.zeros(1, 32), torch.zeros(1, 32)
    for length in tqdm(lengths, desc={"zh": "計時", "en": "timing"}[LANG]):
        ids = torch.zeros(1, length, dtype=torch.long)
        attention_ms.append(1000 * seconds(lambda: long_model(ids)))
        recurrent_ms.append(1000 * seconds(lambda: cell(x, state)))
print(
    {
        "zh": "上文長度、每個 token 的毫秒數（Transformer、GRU）：",
        "en": "context length, ms per token (Transformer, GRU):",
    }[LANG]
)
for length, a, r in zip(lengths, attention_ms, recurrent_ms):
    print(f"  {length:>4}: {a:7.2f} {r:7.3f}")
attention_growth = attention_ms[-1] / attention_ms[0]
recurrent_growth = recurrent_ms[-1] / recurrent_ms[0]
print(
    {
        "zh": "從最短到最長的成長倍數（Transformer、GRU）：",
        "en": "growth, shortest to longest (Transformer, GRU):",
    }[LANG],
    f"×{attention_growth:.1f}",
    f"×{recurrent_growth:.1f}",
)
assert attention_growth > 4 and recurrent_growth < 3

fig, ax = plt.subplots(figsize=(6, 3))
ax.loglog(
    lengths,
    attention_ms,
    "o-",
    label={
        "zh": "Transformer（自注意力）",
        "en": "Transformer (self-attention)",
    }[LANG],
)
ax.loglog(
    lengths,
    recurrent_ms,
    "s-",
    label={"zh": "GRU（遞迴狀態）", "en": "GRU (recurrent state)"}[LANG],
)
ax.set_xlabel(
    {"zh": "上文長度（token）", "en": "context length (tokens)"}[LANG]
)
ax.set_ylabel({"zh": "每個新 token 的毫秒數", "en": "ms per new token"}[LANG])
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# 我們的小 Transformer 每一步都把整段上文重算一次。實際的系統會把舊 token 的 key 和 value 存起來（KV cache），省下重算，但新的 token 仍然要和每一個舊 token 比對，而存起來的東西也隨上文變長；講義裡的圖數的就是這些。

# %% [markdown] lang="en"
# Our tiny Transformer recomputes the whole context at every step. Real systems store the keys and values of earlier tokens (the KV cache) to avoid that, but the new token still has to be compared with every earlier one, and what is stored grows with the context too; the figure in the lecture counts exactly that.

# %%
total = time.perf_counter() - started
print(
    {"zh": "整本筆記本的秒數：", "en": "seconds, whole notebook:"}[LANG],
    f"{total:.1f}",
    device,
)
