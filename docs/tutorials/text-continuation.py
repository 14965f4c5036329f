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
    next_token_pairs,
    notes_corpus,
    train_language_model,
    vocabulary,
)

LANG = (
    "zh"  # the page's language: the render step sets it for each language's run
)

started = time.perf_counter()
torch.manual_seed(0)
torch.set_num_threads(
    1
)  # a model this small gains nothing from more threads, and on a busy CPU they wait on each other
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
print(
    {
        "zh": f"{len(corpus)} 個段落，{sum(map(len, train_texts))} 個字用來訓練，{sum(map(len, held_out))} 個字保留，詞彙表有 {len(tokens)} 個 token",
        "en": f"{len(corpus)} paragraphs, {sum(map(len, train_texts))} characters for training, "
        f"{sum(map(len, held_out))} held out, vocabulary of {len(tokens)} tokens",
    }[LANG]
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
# 雙字（bigram）模型只看前一個字。衡量標準是留下來那些段落的平均交叉熵（每個字幾 nat，越小越好）；完全亂猜、每個字機率都一樣的模型會得到 $\log |V|$。

# %% [markdown] lang="en"
# ## 3. An n-gram model: just count
#
# A bigram model looks only at the previous character. The yardstick is the average cross-entropy on the held-out paragraphs, in nats per character (lower is better); a model that guesses uniformly, giving every character the same probability, scores $\log |V|$.

# %%
uniform = np.log(len(tokens))
bigram = NGramModel(n=2, alpha=0.01).fit(train_texts, tokens=tokens)
bigram_loss = cross_entropy_per_token(bigram, held_out[:6])
print(
    {
        "zh": f"均勻亂猜：每個字 {uniform:.2f} nats",
        "en": f"guessing uniformly: {uniform:.2f} nats per character",
    }[LANG]
)
print(
    {
        "zh": f"bigram 在保留文字上：每個字 {bigram_loss:.2f} nats",
        "en": f"bigram on held-out text: {bigram_loss:.2f} nats per character",
    }[LANG]
)
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
assert bigram_loss < uniform - 2 and len(set(bigram_greedy[-20:])) < 5

# %% [markdown] lang="zh"
# 貪婪解碼下，n-gram 很快就掉進迴圈：它只看前一個字，同一個字後面永遠接同一個字。

# %% [markdown] lang="en"
# With greedy decoding the n-gram model soon falls into a loop: it sees only the previous character, so the same character is always followed by the same one.

# %% [markdown] lang="zh"
# ## 4. 訓練一個小型 Transformer
#
# 模型照 GPT-2 的樣子縮小：只有兩層，一次最多看 `context_length` 個字。詞彙表裡每個字都有一個向量，所以詞向量表占了參數很大的一部分。訓練迴圈每一步抽一批長度 `context_length + 1` 的文字，每段同時提供 `context_length` 筆「上文 → 下一個字」的題目。進度條顯示訓練的進度。

# %% [markdown] lang="en"
# ## 4. Training a tiny Transformer
#
# The model is GPT-2's layout scaled down: two layers, and it reads at most `context_length` characters. Every character in the vocabulary has its own vector, so the embedding table holds a large share of the parameters. Each training step draws a batch of stretches of `context_length + 1` characters, and each stretch provides `context_length` "context → next character" examples at once. The progress bar tracks the training.

# %%
model = TinyTransformer(
    tokens, d_model=32, n_layers=2, n_heads=4, context_length=32, seed=0
).to(device)
print({"zh": "參數：", "en": "parameters:"}[LANG], count_parameters(model))
print(
    {
        "zh": f"token 嵌入表所占比例：{model.token_embedding.weight.numel() / count_parameters(model):.0%}",
        "en": f"share in the token embedding table: {model.token_embedding.weight.numel() / count_parameters(model):.0%}",
    }[LANG]
)

t0 = time.perf_counter()
losses = train_language_model(
    model, train_texts, steps=300, batch_size=32, lr=5e-3, seed=0, progress=True
)
print(
    {
        "zh": f"訓練 {time.perf_counter() - t0:.1f} 秒；損失 {losses[0]:.2f} → {np.mean(losses[-20:]):.2f}",
        "en": f"trained in {time.perf_counter() - t0:.1f} s; loss {losses[0]:.2f} → {np.mean(losses[-20:]):.2f}",
    }[LANG]
)
assert abs(losses[0] - uniform) < 0.5 and np.mean(losses[-20:]) < losses[0] - 2

fig, ax = plt.subplots(figsize=(6, 3))
ax.plot(losses, lw=0.8, label="training batches")
ax.axhline(uniform, color="gray", ls=":", label="uniform guessing, log |V|")
ax.set_xlabel("step")
ax.set_ylabel("cross-entropy (nats per character)")
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# 一開始的損失接近 $\log |V|$：參數是隨機的小數字，每個字的機率都差不多。在留下來的段落上比一比兩個模型：

# %% [markdown] lang="en"
# The loss starts close to $\log |V|$: the parameters are small random numbers, so every character is about equally likely. Now compare the two models on the held-out paragraphs:

# %%
transformer_loss = cross_entropy_per_token(model, held_out[:6])
print(
    {
        "zh": f"保留文字：bigram {bigram_loss:.2f}，Transformer {transformer_loss:.2f}（每個字的 nats）",
        "en": f"held-out text: bigram {bigram_loss:.2f}, Transformer {transformer_loss:.2f} nats per character",
    }[LANG]
)
assert transformer_loss < uniform - 2

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
    """Share of different character pairs: low when the text repeats itself."""
    pairs = [text[i : i + 2] for i in range(len(text) - 1)]
    return len(set(pairs)) / max(len(pairs), 1)


print(
    {"zh": "不同字對的比例：", "en": "share of different character pairs:"}[
        LANG
    ],
    {name: round(distinct_bigrams(text), 2) for name, text in outputs.items()},
)
assert distinct_bigrams(outputs["greedy"]) < distinct_bigrams(
    outputs["T = 1.0"]
)
assert distinct_bigrams(outputs["greedy"]) < distinct_bigrams(
    outputs["T = 0.5"]
)

# %% [markdown] lang="zh"
# 貪婪解碼最常重複自己（不同字對的比例最低），一旦繞回同一段上文，就一直接出同一串字。溫度越低，機率最高的字越常被抽中，T 趨近 0 時取樣就變成貪婪解碼；不過在 T = 0.5，這段文字還不像貪婪解碼那樣一再重複。溫度越高，字越來越亂；top-k 與 top-p 則把機率很低的字排除在外。
#
# 貪婪解碼每次都一樣；取樣則每個種子接出不同的句子。`top_k=1` 只留下最可能的字，等於貪婪解碼。

# %% [markdown] lang="en"
# Greedy decoding repeats itself the most (the lowest share of different character pairs): once it comes back to the same context it produces the same string again. A lower temperature lets the most likely characters win more often, and as T approaches 0 sampling becomes greedy decoding; at T = 0.5, though, this text does not yet repeat itself the way greedy decoding does. A high temperature makes the characters more and more random, and top-k and top-p shut out the unlikely characters.
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
# on the CPU, as on a laptop: on a GPU such tiny models spend their time launching kernels, whatever the length
long_model = TinyTransformer(
    tokens, d_model=32, n_layers=2, n_heads=4, context_length=1024
)
cell = torch.nn.GRUCell(32, 32)


def seconds(step, repeats: int = 5) -> float:
    """Shortest of several timings of step()."""
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
for length, a, r in zip(lengths, attention_ms, recurrent_ms):
    print(
        {
            "zh": f"上文 {length:>4}：Transformer 每個 token {a:7.2f} ms，GRU 每個 token {r:.3f} ms",
            "en": f"context {length:>4}: Transformer {a:7.2f} ms per token, GRU {r:.3f} ms per token",
        }[LANG]
    )
print(
    {
        "zh": f"從 {lengths[0]} 到 {lengths[-1]} 個 token：Transformer ×{attention_ms[-1] / attention_ms[0]:.1f}，GRU ×{recurrent_ms[-1] / recurrent_ms[0]:.1f}",
        "en": f"from {lengths[0]} to {lengths[-1]} tokens: Transformer ×{attention_ms[-1] / attention_ms[0]:.1f}, "
        f"GRU ×{recurrent_ms[-1] / recurrent_ms[0]:.1f}",
    }[LANG]
)
assert (
    attention_ms[-1] > 4 * attention_ms[0]
    and recurrent_ms[-1] < 3 * recurrent_ms[0]
)

fig, ax = plt.subplots(figsize=(6, 3))
ax.loglog(lengths, attention_ms, "o-", label="Transformer (self-attention)")
ax.loglog(lengths, recurrent_ms, "s-", label="GRU (recurrent state)")
ax.set_xlabel("context length (tokens)")
ax.set_ylabel("ms per new token")
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# 我們的小 Transformer 每一步都把整段上文重算一次。實際的系統會把舊 token 的 key 和 value 存起來（KV cache），省下重算，但新的 token 仍然要和每一個舊 token 比對，而存起來的東西也隨上文變長；講義裡的圖數的就是這些。

# %% [markdown] lang="en"
# Our tiny Transformer recomputes the whole context at every step. Real systems store the keys and values of earlier tokens (the KV cache) to avoid that, but the new token still has to be compared with every earlier one, and what is stored grows with the context too; the figure in the lecture counts exactly that.

# %%
print(
    {
        "zh": f"整本筆記本：{time.perf_counter() - started:.1f} 秒，裝置 {device}",
        "en": f"whole notebook: {time.perf_counter() - started:.1f} s on {device}",
    }[LANG]
)
