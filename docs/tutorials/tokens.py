# %% [markdown] lang="zh"
# # Token 實作：把文字、圖片和聲音變成 token
#
# 〈[什麼是生成式人工智慧？](../lectures/what-is-genai.md)〉那一講的主張是：再複雜的東西，拆到底都是一串 token，而每個 token 只有有限幾種可能。這本筆記本就動手拆一遍：同一句中文用兩種方法切（逐字和 BPE），看看 BPE 從本章的文字裡學到哪些合併；再把一張用 NumPy 畫的圖、一段合成的聲音變成 token，最後原封不動地還原回去。
#
# **執行時間：**在一般筆電的 CPU 上幾秒鐘就能跑完，不需要 GPU；最後一格會印出實際花了多久。

# %% [markdown] lang="en"
# # Tokens in practice: text, a picture and a sound as tokens
#
# The lecture [What is generative AI?](../lectures/what-is-genai.md) argues that anything complex comes apart, in the end, into a sequence of tokens, each with only finitely many possible values. This notebook takes things apart to check: the same Chinese sentence cut two ways (one token per character, and BPE), the merges BPE learns from this chapter's own text, and then a picture drawn with NumPy and a synthesized sound turned into tokens and restored exactly.
#
# **Time:** Runs in a few seconds on an ordinary laptop CPU, no GPU needed; the last cell prints how long it actually took.

# %%
import time

import matplotlib.pyplot as plt
import numpy as np
import torch
from tqdm import tqdm

from genai_notes.figures import use_cjk_fonts
from genai_notes.tokens import (
    BPETokenizer,
    CharTokenizer,
    image_to_tokens,
    log10_count_sequences,
    mu_law_decode,
    mu_law_encode,
    tokens_to_image,
    train_bpe,
)

use_cjk_fonts()  # Chinese labels need a font with Chinese glyphs

# the page's language: the render step sets it for each language's run
LANG = "zh"

start = time.perf_counter()
rng = np.random.default_rng(0)
torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print({"zh": "裝置：", "en": "device:"}[LANG], device)

# %% [markdown] lang="zh"
# ## 1. 本章的中文文字
#
# BPE 要從文字中學習，我們就拿講義本身的幾段文字當訓練資料。文字不長（下面印出字數），但已經足夠看出 BPE 怎麼運作。

# %% [markdown] lang="en"
# ## 1. The chapter's own Chinese text
#
# BPE learns from text, so we train it on a few paragraphs of the chapter itself (the Chinese edition). It is short (the cell prints its length), but long enough to watch BPE at work.

# %%
chapter = """
人工智慧是一個目標：讓機器表現出智慧。生成式人工智慧是其中比較具體的一個目標，
就是讓機器產生複雜而有結構的物件。
文章由一個一個的字組成，影像由一個一個的像素組成，語音由一個一個的取樣點組成。
三者都是由許多小單位排成的序列，每個單位能取的值不多，但排法多到數不完。
假設要機器寫一篇一百個字的中文短文，常用的中文字大約一千個，
每個位置都有一千種選擇，一百個位置一共有一千的一百次方種寫法。
整個宇宙的原子估計約有十的八十次方個，連它的零頭都比不上。
垃圾郵件偵測、貓狗分類器也是人工智慧，但它們做的是分類：
從少數幾個事先定好的選項裡挑一個。
機器學習可以用一句話概括：機器自動從資料中找出一個函式。
函式裡的數字叫做參數；以前是人用手算出參數，機器學習則是讓機器自動把參數找出來。
貓狗分類器也是一個函式，只是這個函式裡有上萬個參數。
用大量的範例找出參數叫做訓練，拿新的輸入給函式算出答案叫做推論。
有上萬、上億個參數的函式，通常寫成類神經網路；
用來找出這些參數的技術就是深度學習，它是機器學習的一種方法。
人工智慧是目標，生成式人工智慧是其中之一；機器學習是手段，
深度學習是更厲害的手段。
今日的生成式人工智慧大多以深度學習達成。
ChatGPT 也只是一個函式，它的內部是一種叫 Transformer 的類神經網路，
有上億個參數。
AI 畫圖也是函式：輸入一段文字，輸出一張圖片。
生成的答案有無窮多種，關鍵的一步是把生成拆成一連串的分類問題，也就是文字接龍。
臺灣最高的山是哪座？答案玉山不必一次生出來，可以一個字一個字地接：先接玉，
再接山，最後接結束符號。
每一步都只是從有限的字裡挑一個，是分類；很多個分類串起來，就能組出無窮多種答案。
這個文字接龍的函式就是語言模型。
文字接龍的策略不限於文字。影像的每個像素也是一個 token，
依照固定的順序一個像素一個像素地產生，這叫自迴歸生成。
"""
chapter = chapter.replace("\n", "")
print(
    {
        "zh": f"{len(chapter)} 個字元，"
        f"{len(chapter.encode('utf-8'))} 個 UTF-8 位元組",
        "en": f"{len(chapter)} characters, "
        f"{len(chapter.encode('utf-8'))} UTF-8 bytes",
    }[LANG]
)

# %% [markdown] lang="zh"
# ## 2. 逐字切開
#
# 最簡單的 tokenizer 一個字一個 token。詞彙表就是這段文字用到的所有字，再加上 `[END]`。

# %% [markdown] lang="en"
# ## 2. One token per character
#
# The simplest tokenizer makes each character a token. Its vocabulary is every character the text uses, plus `[END]`.

# %%
sentence = "生成式人工智慧把生成拆成一連串的文字接龍。"
chars = CharTokenizer(chapter)
char_ids = chars.encode(sentence, end=True)
print({"zh": "詞彙表大小：", "en": "vocabulary size:"}[LANG], chars.vocab_size)
print({"zh": "id：", "en": "ids:"}[LANG], char_ids)
print(
    {"zh": "token：", "en": "tokens:"}[LANG], [chars.vocab[i] for i in char_ids]
)
assert chars.decode(char_ids) == sentence + "[END]"

# %% [markdown] lang="zh"
# ## 3. BPE：從位元組開始合併
#
# 位元組層級的 BPE 從 256 個位元組出發，每次把最常相鄰出現的一對合併成新的 token。一個中文字在 UTF-8 裡佔 3 個位元組，所以前幾次合併通常在拼湊單一的字，之後才輪到常見的詞。

# %% [markdown] lang="en"
# ## 3. BPE: merging up from bytes
#
# Byte-level BPE starts from the 256 byte values and repeatedly merges the most frequent adjacent pair into a new token. A Chinese character is 3 bytes in UTF-8, so the first merges usually assemble single characters; frequent words come later.

# %%
bpe = train_bpe(chapter, 300)
print(
    {"zh": "學到的合併數：", "en": "merges learned:"}[LANG],
    len(bpe.merges),
    {"zh": " 詞彙表大小：", "en": " vocabulary size:"}[LANG],
    bpe.vocab_size,
)
new_tokens = list(range(256, bpe.vocab_size))
print(
    {"zh": "前 12 個合併：", "en": "first 12 merges:"}[LANG],
    bpe.show(new_tokens[:12]),
)
longest = sorted(bpe.show(new_tokens), key=len, reverse=True)
print(
    {"zh": "最長的 token： ", "en": "longest tokens: "}[LANG],
    [token for token in longest if not token.startswith("<")][:8],
)
assert all(
    bpe.pieces[256 + k] == bpe.pieces[a] + bpe.pieces[b]
    for k, (a, b) in enumerate(bpe.merges)
)

# %% [markdown] lang="zh"
# 這段訓練文字很短，有些片語重複了好幾次，於是整段片語也成了一個 token；在大量的語料上，學到的多半是常見的詞或詞的一部分。
#
# 同一句話用兩種方法切開，比較序列長度。BPE 把常見的詞併成一個 token，序列比逐字切開短；代價是詞彙表比較大。

# %% [markdown] lang="en"
# The training text is tiny and repeats some phrases several times, so whole phrases become tokens; on a large corpus the tokens are mostly common words and pieces of words.
#
# Now cut the same sentence both ways and compare the lengths. BPE merges frequent words into single tokens, so its sequence is shorter than one token per character; the price is a larger vocabulary.

# %%
bpe_ids = bpe.encode(sentence)
print(
    {
        "zh": f"UTF-8 位元組：{len(sentence.encode('utf-8'))}",
        "en": f"UTF-8 bytes: {len(sentence.encode('utf-8'))}",
    }[LANG]
)
print(
    {
        "zh": f"字元：      {len(char_ids) - 1}（+ [END]）",
        "en": f"characters:  {len(char_ids) - 1} (+ [END])",
    }[LANG]
)
print(
    {
        "zh": f"BPE token： {len(bpe_ids)}  {bpe.show(bpe_ids)}",
        "en": f"BPE tokens:  {len(bpe_ids)}  {bpe.show(bpe_ids)}",
    }[LANG]
)
assert bpe.decode(bpe_ids) == sentence
assert len(bpe_ids) < len(sentence) < len(sentence.encode("utf-8"))

# %% [markdown] lang="zh"
# BPE 最大的好處是永遠不會遇到「不認識的字」：任何字串都是一串位元組。表情符號、英文、沒看過的字都能編碼，解碼後一個位元組都不差；逐字的 tokenizer 則會拒絕它沒看過的字。

# %% [markdown] lang="en"
# BPE's great advantage is that it never meets an unknown character: every string is a sequence of bytes. Emoji, English and characters it never saw all encode and decode back exactly, while the character tokenizer refuses anything outside its vocabulary.

# %%
unseen = "雪山 3886 m 🏔️ Snow Mountain"
print(bpe.show(bpe.encode(unseen)))
assert bpe.decode(bpe.encode(unseen)) == unseen
try:
    chars.encode(unseen)
except ValueError as error:
    print({"zh": "逐字 tokenizer：", "en": "character tokenizer:"}[LANG], error)

# %% [markdown] lang="zh"
# 合併得越多，文字就切得越短。前 $k$ 個合併本身就是一個 tokenizer（`BPETokenizer(bpe.merges[:k])`），所以可以畫出合併次數與整段文字 token 數的關係。

# %% [markdown] lang="en"
# The more merges, the shorter the text becomes. The first $k$ merges on their own form a tokenizer (`BPETokenizer(bpe.merges[:k])`), so we can plot the token count of the whole text against the number of merges.

# %%
steps = range(0, len(bpe.merges) + 1, 20)
lengths = [
    len(BPETokenizer(bpe.merges[:k]).encode(chapter))
    for k in tqdm(steps, desc={"zh": "合併", "en": "merges"}[LANG])
]
print(
    {
        "zh": f"0 個合併：{lengths[0]} 個 token；"
        f"{len(bpe.merges)} 個合併：{lengths[-1]} 個 token"
        f"（每個字元 {lengths[-1] / len(chapter):.2f} 個 token）",
        "en": f"0 merges: {lengths[0]} tokens;  "
        f"{len(bpe.merges)} merges: {lengths[-1]} tokens "
        f"({lengths[-1] / len(chapter):.2f} tokens per character)",
    }[LANG]
)
assert lengths[0] == len(chapter.encode("utf-8")) and all(np.diff(lengths) < 0)

fig, ax = plt.subplots(figsize=(5.5, 3))
ax.plot(
    list(steps),
    lengths,
    "o-",
    label={"zh": "位元組層級的 BPE", "en": "byte-level BPE"}[LANG],
)
ax.axhline(
    len(chapter),
    color="gray",
    linestyle="--",
    label={"zh": "每個字元一個 token", "en": "one token per character"}[LANG],
)
ax.set_xlabel({"zh": "BPE 合併的數目", "en": "number of BPE merges"}[LANG])
ax.set_ylabel({"zh": "文字的 token 數", "en": "tokens in the text"}[LANG])
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# ## 4. 圖片：像素就是 token
#
# 用 NumPy 畫一張 32×32 的灰階圖（一個漸層的圓）。每個像素是 0 到 255 的整數，一列一列、由左到右排成序列，就是一串 token；再依同樣的順序填回去，得到一模一樣的圖。

# %% [markdown] lang="en"
# ## 4. A picture: pixels are tokens
#
# Draw a 32×32 grayscale picture with NumPy (a shaded disc). Every pixel is an integer from 0 to 255; read row by row, left to right, the picture is a sequence of tokens, and filling them back in the same order gives exactly the same picture.

# %%
y, x = np.mgrid[0:32, 0:32]
distance = np.hypot(x - 15.5, y - 15.5)
picture = (
    np.where(distance < 12, 255 - 8 * distance, 30).round().astype(np.uint8)
)
picture_tokens = image_to_tokens(picture)
print(
    {
        "zh": f"{len(picture_tokens)} 個 token，"
        f"第一列：{picture_tokens[:8]} ...",
        "en": f"{len(picture_tokens)} tokens, "
        f"first row: {picture_tokens[:8]} ...",
    }[LANG]
)
print(
    {
        "zh": f"第 496-503 個 token（第 15 列的中段）："
        f"{picture_tokens[496:504]}",
        "en": f"tokens 496-503 (middle of row 15): {picture_tokens[496:504]}",
    }[LANG]
)
restored = tokens_to_image(picture_tokens, picture.shape)
assert (restored == picture).all()

# %% [markdown] lang="zh"
# 自迴歸生成就是照這個順序一個一個產生像素。下圖左邊是整串 token，右邊三張是產生到一部分和全部產生完的樣子（還沒產生的像素畫成黑色）。

# %% [markdown] lang="en"
# Autoregressive generation produces the pixels one at a time in this order. Below, the left panel plots the whole token sequence; the other three show the picture part of the way through and when it is complete (pixels not yet produced are black).

# %%
fig, axes = plt.subplots(
    1, 4, figsize=(11, 2.6), gridspec_kw={"width_ratios": [2.2, 1, 1, 1]}
)
axes[0].plot(picture_tokens, linewidth=0.6)
axes[0].set_xlabel(
    {"zh": "序列中的位置", "en": "position in the sequence"}[LANG]
)
axes[0].set_ylabel({"zh": "token（像素值）", "en": "token (pixel value)"}[LANG])
for ax, shown in zip(axes[1:], [256, 640, 1024]):
    partial = tokens_to_image(
        picture_tokens[:shown] + [0] * (1024 - shown), picture.shape
    )
    ax.imshow(partial, cmap="gray", vmin=0, vmax=255)
    ax.set_title({"zh": f"{shown} 個 token", "en": f"{shown} tokens"}[LANG])
    ax.axis("off")
plt.show()

# %% [markdown] lang="zh"
# ## 5. 聲音：μ-law 取樣點
#
# 合成半秒鐘的和弦（A4 與 E5 兩個音，逐漸變小聲），每秒 8000 個取樣點。μ-law 把每個取樣值變成 0 到 255 的 token。解碼回來不會完全一樣，因為 256 個等級有限，但誤差很小。

# %% [markdown] lang="en"
# ## 5. A sound: μ-law samples
#
# Synthesize half a second of a chord (the notes A4 and E5, fading out) at 8,000 samples per second. The μ-law turns each value into a token from 0 to 255. Decoding does not return exactly the same samples, since 256 levels are finite, but the error is small.

# %%
rate = 8000
t = np.arange(rate // 2) / rate
sound = (
    0.5
    * np.exp(-4 * t)
    * (np.sin(2 * np.pi * 440 * t) + 0.6 * np.sin(2 * np.pi * 659.25 * t))
)
sound_tokens = mu_law_encode(sound)
decoded = mu_law_decode(sound_tokens)
print(
    {
        "zh": f"{len(sound_tokens)} 個 token，"
        f"前十個：{sound_tokens[:10].tolist()}",
        "en": f"{len(sound_tokens)} tokens, "
        f"first ten: {sound_tokens[:10].tolist()}",
    }[LANG]
)
print(
    {
        "zh": f"解碼後最大的誤差：{np.abs(decoded - sound).max():.4f}",
        "en": "largest error after decoding: "
        f"{np.abs(decoded - sound).max():.4f}",
    }[LANG]
)
assert np.abs(decoded - sound).max() < 0.05


# %% [markdown] lang="zh"
# 為什麼不直接把 $[-1, 1]$ 均勻切成 256 格？因為聲音大部分時間都很小聲，而人耳對小聲的差異最敏感。比較兩種切法的訊號雜訊比（SNR，越高越好）：音量開到最大時，均勻切割還略勝一籌；聲音越小，μ-law 的優勢越明顯。

# %% [markdown] lang="en"
# Why not simply cut $[-1, 1]$ into 256 equal steps? Because sound is quiet most of the time, and our ears are most sensitive to differences in quiet sounds. Compare the signal-to-noise ratio (SNR, higher is better) of the two schemes. At full volume the uniform steps are even slightly better, but the quieter the sound, the bigger μ-law's advantage.


# %%
def uniform_round_trip(samples: np.ndarray) -> np.ndarray:
    levels = np.floor((samples + 1) / 2 * 255 + 0.5)
    return levels / 255 * 2 - 1


def snr_db(clean: np.ndarray, noisy: np.ndarray) -> float:
    return 10 * np.log10(np.sum(clean**2) / np.sum((clean - noisy) ** 2))


for volume in [1.0, 0.1, 0.01]:
    quiet = volume * sound
    mu_snr = snr_db(quiet, mu_law_decode(mu_law_encode(quiet)))
    uniform_snr = snr_db(quiet, uniform_round_trip(quiet))
    print(
        {
            "zh": f"音量 {volume:>4}：mu-law {mu_snr:5.1f} dB，"
            f"均勻量化 {uniform_snr:5.1f} dB",
            "en": f"volume {volume:>4}: mu-law {mu_snr:5.1f} dB, "
            f"uniform {uniform_snr:5.1f} dB",
        }[LANG]
    )
assert (
    snr_db(0.01 * sound, mu_law_decode(mu_law_encode(0.01 * sound)))
    > snr_db(0.01 * sound, uniform_round_trip(0.01 * sound)) + 10
)

# %%
fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3))
window = slice(0, 200)
time_ms = {"zh": "時間（毫秒）", "en": "time (ms)"}[LANG]
left.plot(
    t[window] * 1000,
    sound[window],
    label={"zh": "原始聲音", "en": "original"}[LANG],
)
left.plot(
    t[window] * 1000,
    decoded[window],
    "--",
    label={"zh": "從 token 解碼", "en": "decoded from tokens"}[LANG],
)
left.set_xlabel(time_ms)
left.set_ylabel({"zh": "取樣值", "en": "sample value"}[LANG])
left.legend()
right.step(t[window] * 1000, sound_tokens[window], where="mid")
right.set_xlabel(time_ms)
right.set_ylabel({"zh": "token（0-255）", "en": "token (0-255)"}[LANG])
plt.show()

# %% [markdown] lang="zh"
# ## 6. 三種 token，同一個模型看得懂
#
# 對模型來說，文字、圖片、聲音變成 token 之後都只是一串整數。模型的第一層通常是一張嵌入表（embedding）：第 $i$ 個 token 對應表中的第 $i$ 列向量。三種資料用的是同樣的做法，只有詞彙表大小不同。下面也列出每種資料「所有可能的序列」有多少個（10 的幾次方）。

# %% [markdown] lang="en"
# ## 6. Three kinds of tokens, one kind of model input
#
# To a model, text, pictures and sound are all just sequences of integers once tokenized. A model's first layer is usually an embedding table: token $i$ picks row $i$ of the table. Only the vocabulary size differs between the three. The table below also gives how many sequences of each kind exist (as a power of 10).

# %%
# names of equal display width in both languages (a CJK character takes two
# columns), so that the printed columns line up
sequences = {
    {"zh": "BPE 文字", "en": "text (BPE)"}[LANG]: (bpe_ids, bpe.vocab_size),
    {"zh": "圖片", "en": "picture"}[LANG]: (picture_tokens, 256),
    {"zh": "聲音", "en": "sound"}[LANG]: (sound_tokens.tolist(), 256),
}
for name, (ids, vocab_size) in sequences.items():
    embedding = torch.nn.Embedding(vocab_size, 8).to(device)
    vectors = embedding(torch.tensor(ids, device=device))
    possible = log10_count_sequences(vocab_size, len(ids))
    print(
        {
            "zh": f"{name:11}：{len(ids):5} 個 token，詞彙表 {vocab_size:4}，"
            f"向量 {tuple(vectors.shape)}，共 10^{possible:,.0f} 種可能的序列",
            "en": f"{name:11}: {len(ids):5} tokens, vocabulary {vocab_size:4}, "
            f"vectors {tuple(vectors.shape)}, "
            f"10^{possible:,.0f} possible sequences",
        }[LANG]
    )
    assert vectors.shape == (len(ids), 8)
print(
    {
        "zh": f"完成，花了 {time.perf_counter() - start:.1f} 秒",
        "en": f"done in {time.perf_counter() - start:.1f} s",
    }[LANG]
)

# %% [markdown] lang="zh"
# ## 觀察整理
#
# - 逐字切開最直覺，但詞彙表得事先收齊所有字，沒看過的字就無法處理（第 2 節）。
# - 位元組層級的 BPE 從 256 個位元組開始合併，先拼出單字、再拼出常見的詞；任何字串都能編碼，而且合併越多序列越短（第 3 節）。
# - 圖片依固定順序排成像素 token，可以完全還原（第 4 節）。
# - 聲音經過 μ-law 變成 256 種 token，只損失一點點精確度，小聲的部分保留得特別好（第 5 節）。
# - 不論來源，token 都只是整數，可以交給同一類模型處理（第 6 節）。

# %% [markdown] lang="en"
# ## What we saw
#
# - One token per character is the most intuitive, but the vocabulary must contain every character in advance, and unseen characters cannot be handled (section 2).
# - Byte-level BPE merges up from 256 bytes, first into characters, then into frequent words; it encodes any string, and more merges give shorter sequences (section 3).
# - A picture becomes pixel tokens in a fixed order and comes back exactly (section 4).
# - Sound becomes 256 kinds of tokens through the μ-law, losing only a little precision and keeping quiet passages especially well (section 5).
# - Whatever their source, tokens are just integers that the same kind of model can take in (section 6).
