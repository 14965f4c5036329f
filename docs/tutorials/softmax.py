# %% [markdown] lang="zh"
# # Softmax 作業：動手觀察 softmax 的性質
#
# 課堂上的作業是：寫一個計算 softmax 的程式，丟進不同的分數，觀察它除了「加起來等於 1」之外還有什麼特性。這本筆記本一步一步做這件事，每一個觀察都用程式驗證（`assert`），並畫成圖。理論請見講義〈[Softmax、熵、交叉熵與 KL 散度](../lectures/entropy.md)〉。
#
# **執行時間：**在一般筆電的 CPU 上幾秒鐘就能跑完，不需要 GPU。

# %% [markdown] lang="en"
# # The softmax homework: observing softmax at work
#
# The homework from the lecture: write a program that computes softmax, feed it different scores, and find out what it does beyond "summing to 1". This notebook does exactly that, one step at a time; each observation is checked by the code (`assert`) and drawn as a plot. For the theory, see the lecture [Softmax, entropy, cross-entropy and KL divergence](../lectures/entropy.md).
#
# **Time:** Runs in a few seconds on a laptop CPU; no GPU needed.

# %%
import matplotlib.pyplot as plt
import numpy as np

from genai_notes.entropy import cross_entropy, entropy, softmax
from genai_notes.figures import use_cjk_fonts

use_cjk_fonts()  # Chinese labels need a font with Chinese glyphs

# the page's language: the render step sets it for each language's run
LANG = "zh"

rng = np.random.default_rng(0)

# %% [markdown] lang="zh"
# ## 1. 加起來等於 1，而且順序不變
#
# 先隨機產生 1000 組、每組 5 個分數，檢查 softmax 之後每一組的總和，以及機率的大小順序是否和分數一樣。

# %% [markdown] lang="en"
# ## 1. It sums to 1 and keeps the order
#
# Draw 1,000 random sets of 5 scores, apply softmax, and check each set's total and whether the probabilities are ranked like the scores.

# %%
logits = rng.normal(scale=3.0, size=(1000, 5))
probs = softmax(logits)
print(
    {"zh": "最小的和：", "en": "min sum:"}[LANG],
    probs.sum(axis=1).min().round(12),
    {"zh": " 最大的和：", "en": " max sum:"}[LANG],
    probs.sum(axis=1).max().round(12),
)
same_order = (np.argsort(logits, axis=1) == np.argsort(probs, axis=1)).all()
print(
    {"zh": "順序和分數相同：", "en": "same order as the scores:"}[LANG],
    same_order,
)
assert np.allclose(probs.sum(axis=1), 1.0) and same_order

# %% [markdown] lang="zh"
# ## 2. 每個分數加上同一個常數，結果不變
#
# 把每一組分數都加上同一個數（正的、負的、很大的都試試看），softmax 的結果幾乎一模一樣，差異只是浮點數的捨入誤差。

# %% [markdown] lang="en"
# ## 2. Adding a constant to every score changes nothing
#
# Add the same number to every score in a set (positive, negative, huge: try them all). The softmax output stays the same up to floating-point rounding.

# %%
shifts = [-50.0, -1.0, 0.0, 7.0, 300.0]
max_change = max(np.abs(softmax(logits + c) - probs).max() for c in shifts)
print(
    {
        "zh": f"加上常數後最大的變化：{max_change:.1e}",
        "en": f"largest change after adding a constant: {max_change:.1e}",
    }[LANG]
)
assert max_change < 1e-12

# %% [markdown] lang="zh"
# ## 3. 只看差距：分數差 1，機率差 e 倍
#
# 兩個分數的機率比值等於 $e^{z_1 - z_2}$。下面把差距從 0 拉到 4，比較實際算出的比值和公式。

# %% [markdown] lang="en"
# ## 3. Only gaps matter: one point of score, a factor of e
#
# The ratio of two probabilities is $e^{z_1 - z_2}$. Below, the gap runs from 0 to 4, and the computed ratios are compared with the formula.

# %%
gaps = np.linspace(0.0, 4.0, 9)
ratios = [softmax([gap, 0.0])[0] / softmax([gap, 0.0])[1] for gap in gaps]
for gap, ratio in zip(gaps[::2], ratios[::2]):
    print(
        f"z1 - z2 = {gap:.0f}:  p1 / p2 = {ratio:7.3f}   "
        f"e^(z1 - z2) = {np.exp(gap):7.3f}"
    )
assert np.allclose(ratios, np.exp(gaps))

fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogy(gaps, ratios, "o", label="$p_1 / p_2$")
ax.semilogy(gaps, np.exp(gaps), "-", label="$e^{z_1 - z_2}$")
ax.set_xlabel("$z_1 - z_2$")
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# ## 4. 接近的分數會被拉開
#
# 分數 3.0 和 2.9 很接近，softmax 後的機率也接近。可是把所有分數乘上同一個倍數 $s$ 後，差距跟著放大，機率就被拉開，最後幾乎全部歸給最高分。

# %% [markdown] lang="en"
# ## 4. Close scores get pulled apart
#
# The scores 3.0 and 2.9 are close, and so are their probabilities. Multiply every score by the same factor $s$ and the gaps grow with it: the probabilities separate until the top score takes nearly everything.

# %%
close_scores = np.array([3.0, 2.9, 1.0])
scales = np.linspace(0.1, 20, 100)
curves = np.array([softmax(s * close_scores) for s in scales])
print(
    {"zh": "放大 1 倍： ", "en": "scale 1: "}[LANG],
    softmax(close_scores).round(3),
)
print(
    {"zh": "放大 20 倍：", "en": "scale 20:"}[LANG],
    softmax(20 * close_scores).round(3),
)
gap_at_1 = np.subtract(*softmax(close_scores)[:2])
gap_at_20 = np.subtract(*softmax(20 * close_scores)[:2])
print(
    {
        "zh": f"p1 - p2：放大 1 倍時 {gap_at_1:.3f}，"
        f"放大 20 倍時 {gap_at_20:.3f}",
        "en": f"p1 - p2: {gap_at_1:.3f} at scale 1, "
        f"{gap_at_20:.3f} at scale 20",
    }[LANG]
)
assert gap_at_20 > 10 * gap_at_1

fig, ax = plt.subplots(figsize=(5, 3))
for k in range(3):
    ax.plot(scales, curves[:, k], label=f"$z_{k + 1} = {close_scores[k]:g}$")
ax.set_xlabel(
    {
        "zh": "softmax$(s \\cdot z)$ 裡的 $s$",
        "en": "$s$ in softmax$(s \\cdot z)$",
    }[LANG]
)
ax.set_ylabel("$p$")
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# ## 5. 溫度控制分布的尖銳程度
#
# 除以溫度 $T$ 就是乘上 $1/T$。溫度越低，分布越尖銳、熵越小；溫度越高，分布越平坦，熵逼近均勻分布的 $\log 3$。

# %% [markdown] lang="en"
# ## 5. Temperature sets how sharp the distribution is
#
# Dividing by a temperature $T$ is multiplying by $1/T$. The lower the temperature, the sharper the distribution and the lower its entropy; the higher the temperature, the flatter it gets, and the entropy approaches $\log 3$, that of the uniform distribution.

# %%
scores = [2.0, 1.0, 0.1]
temperatures = np.geomspace(0.05, 20, 60)
entropies = [entropy(softmax(scores, temperature=t)) for t in temperatures]
print(
    {
        "zh": f"T = 0.05：H = {entropies[0]:.4f} nats；"
        f"T = 20：H = {entropies[-1]:.4f}，log 3 = {np.log(3):.4f}",
        "en": f"T = 0.05: H = {entropies[0]:.4f} nats;  "
        f"T = 20: H = {entropies[-1]:.4f}, log 3 = {np.log(3):.4f}",
    }[LANG]
)
assert np.all(np.diff(entropies) > 0)

fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogx(temperatures, entropies)
ax.axhline(
    np.log(3),
    linestyle="--",
    color="gray",
    label={"zh": "$\\log 3$（均勻分布）", "en": "$\\log 3$ (uniform)"}[LANG],
)
ax.set_xlabel("$T$")
ax.set_ylabel({"zh": "$H$（nats）", "en": "$H$ (nats)"}[LANG])
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# ## 6. 為什麼程式要先減掉最大值
#
# 直接照公式算，$e^{1000}$ 會溢位成無限大，結果變成 `nan`。先減掉最大值則完全沒問題，而且根據第 2 點，答案不會改變。

# %% [markdown] lang="en"
# ## 6. Why the code subtracts the maximum first
#
# Straight from the formula, $e^{1000}$ overflows to infinity and the result is `nan`. Subtracting the maximum first causes no trouble at all, and by observation 2 it does not change the answer.

# %%
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp([1000.0, 999.0]) / np.exp([1000.0, 999.0]).sum()
print(
    {"zh": "直接照公式：", "en": "naive:"}[LANG],
    naive,
    {"zh": "  穩定版本：", "en": "  stable:"}[LANG],
    softmax([1000.0, 999.0]).round(4),
)
assert np.isnan(naive).all() and np.allclose(
    softmax([1000.0, 999.0]), softmax([1.0, 0.0])
)


# %% [markdown] lang="zh"
# ## 7. 加分題：softmax 配交叉熵，梯度特別簡單
#
# 把 softmax 接上交叉熵損失，對分數 $z$ 的梯度是 $\mathrm{softmax}(z) - y$（$y$ 是 one-hot 的答案）：預測比答案多多少，就往下推多少。這裡用數值微分驗證這個公式。

# %% [markdown] lang="en"
# ## 7. Bonus: softmax with cross-entropy has a very simple gradient
#
# Put softmax under a cross-entropy loss and the gradient with respect to the scores $z$ is $\mathrm{softmax}(z) - y$, where $y$ is the one-hot answer: each score is pushed down by exactly as much as its prediction overshoots. Numerical differentiation confirms the formula.


# %%
def loss(z: np.ndarray, answer: int) -> float:
    return cross_entropy(np.eye(len(z))[answer], softmax(z))


z, answer, step = np.array([2.0, 1.0, 0.1]), 0, 1e-6
numeric = np.array(
    [
        (loss(z + step * e, answer) - loss(z - step * e, answer)) / (2 * step)
        for e in np.eye(3)
    ]
)
formula = softmax(z) - np.eye(3)[answer]
print({"zh": "有限差分：", "en": "finite differences:"}[LANG], numeric.round(5))
print(
    {"zh": "softmax(z) - y：   ", "en": "softmax(z) - y:    "}[LANG],
    formula.round(5),
)
assert np.allclose(numeric, formula, atol=1e-6)

# %% [markdown] lang="zh"
# ## 觀察整理
#
# - softmax 的輸出總和為 1、順序和分數相同（第 1 點）。
# - 只有分數之間的**差距**有意義，整體平移不影響結果（第 2、3 點）。
# - 差距被指數放大：分數一起放大，接近的分數就被拉開（第 4 點）；溫度正是用來控制這個放大倍率（第 5 點）。
# - 實作時要先減掉最大值，才不會溢位（第 6 點）。
# - softmax 和交叉熵是天生一對：梯度就是「預測減答案」（第 7 點）。
#
# 網頁版講義裡還有一個互動的 softmax 滑桿，可以直接拉動分數和溫度觀察。

# %% [markdown] lang="en"
# ## What we observed
#
# - Softmax outputs sum to 1 and keep the order of the scores (1).
# - Only the **gaps** between scores matter; shifting them all changes nothing (2, 3).
# - Gaps are amplified exponentially: scale the scores up and close scores separate (4); temperature is the knob for that scale (5).
# - An implementation must subtract the maximum first, or it overflows (6).
# - Softmax and cross-entropy belong together: the gradient is "prediction minus answer" (7).
#
# The web version of the lecture also has an interactive softmax explorer with sliders for the scores and the temperature.
