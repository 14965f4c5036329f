# %% [markdown]
# # The softmax homework: observing softmax at work
#
# The homework from the lecture: write a program that computes softmax, feed it different scores, and find out what it does beyond "summing to 1". This notebook does exactly that, one step at a time; each observation is checked by the code (`assert`) and drawn as a plot. For the theory, see the lecture [Softmax, entropy, cross-entropy and KL divergence](../lectures/entropy.md).
#
# ⏱ Runs in a few seconds on a laptop CPU; no GPU needed.

# %%
import matplotlib.pyplot as plt
import numpy as np

from genai_notes.entropy import cross_entropy, entropy, softmax

rng = np.random.default_rng(0)

# %% [markdown]
# ## 1. It sums to 1 and keeps the order
#
# Draw 1,000 random sets of 5 scores, apply softmax, and check each set's total and whether the probabilities are ranked like the scores.

# %%
logits = rng.normal(scale=3.0, size=(1000, 5))
probs = softmax(logits)
print("min sum:", probs.sum(axis=1).min().round(12), " max sum:", probs.sum(axis=1).max().round(12))
same_order = (np.argsort(logits, axis=1) == np.argsort(probs, axis=1)).all()
print("same order as the scores:", same_order)
assert np.allclose(probs.sum(axis=1), 1.0) and same_order

# %% [markdown]
# ## 2. Adding a constant to every score changes nothing
#
# Add the same number to every score in a set (positive, negative, huge: try them all). The softmax output stays the same up to floating-point rounding.

# %%
shifts = [-50.0, -1.0, 0.0, 7.0, 300.0]
max_change = max(np.abs(softmax(logits + c) - probs).max() for c in shifts)
print(f"largest change after adding a constant: {max_change:.1e}")
assert max_change < 1e-12

# %% [markdown]
# ## 3. Only gaps matter: one point of score, a factor of e
#
# The ratio of two probabilities is $e^{z_1 - z_2}$. Below, the gap runs from 0 to 4, and the computed ratios are compared with the formula.

# %%
gaps = np.linspace(0.0, 4.0, 9)
ratios = [softmax([gap, 0.0])[0] / softmax([gap, 0.0])[1] for gap in gaps]
for gap, ratio in zip(gaps[::2], ratios[::2]):
    print(f"z1 - z2 = {gap:.0f}:  p1 / p2 = {ratio:7.3f}   e^(z1 - z2) = {np.exp(gap):7.3f}")
assert np.allclose(ratios, np.exp(gaps))

fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogy(gaps, ratios, "o", label="$p_1 / p_2$")
ax.semilogy(gaps, np.exp(gaps), "-", label="$e^{z_1 - z_2}$")
ax.set_xlabel("$z_1 - z_2$")
ax.legend()
plt.show()

# %% [markdown]
# ## 4. Close scores get pulled apart
#
# The scores 3.0 and 2.9 are close, and so are their probabilities. Multiply every score by the same factor $s$ and the gaps grow with it: the probabilities separate until the top score takes nearly everything.

# %%
close_scores = np.array([3.0, 2.9, 1.0])
scales = np.linspace(0.1, 20, 100)
curves = np.array([softmax(s * close_scores) for s in scales])
print("scale 1: ", softmax(close_scores).round(3))
print("scale 20:", softmax(20 * close_scores).round(3))
gap_at_1 = np.subtract(*softmax(close_scores)[:2])
gap_at_20 = np.subtract(*softmax(20 * close_scores)[:2])
print(f"p1 - p2: {gap_at_1:.3f} at scale 1, {gap_at_20:.3f} at scale 20")
assert gap_at_20 > 10 * gap_at_1

fig, ax = plt.subplots(figsize=(5, 3))
for k in range(3):
    ax.plot(scales, curves[:, k], label=f"$z_{k + 1} = {close_scores[k]:g}$")
ax.set_xlabel("$s$ in softmax$(s \\cdot z)$")
ax.set_ylabel("$p$")
ax.legend()
plt.show()

# %% [markdown]
# ## 5. Temperature sets how sharp the distribution is
#
# Dividing by a temperature $T$ is multiplying by $1/T$. The lower the temperature, the sharper the distribution and the lower its entropy; the higher the temperature, the flatter it gets, and the entropy approaches $\log 3$, that of the uniform distribution.

# %%
scores = [2.0, 1.0, 0.1]
temperatures = np.geomspace(0.05, 20, 60)
entropies = [entropy(softmax(scores, temperature=t)) for t in temperatures]
print(f"T = 0.05: H = {entropies[0]:.4f} nats;  T = 20: H = {entropies[-1]:.4f}, log 3 = {np.log(3):.4f}")
assert np.all(np.diff(entropies) > 0)

fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogx(temperatures, entropies)
ax.axhline(np.log(3), linestyle="--", color="gray", label="$\\log 3$")
ax.set_xlabel("$T$")
ax.set_ylabel("$H$ (nats)")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. Why the code subtracts the maximum first
#
# Straight from the formula, $e^{1000}$ overflows to infinity and the result is `nan`. Subtracting the maximum first causes no trouble at all, and by observation 2 it does not change the answer.

# %%
with np.errstate(over="ignore", invalid="ignore"):
    naive = np.exp([1000.0, 999.0]) / np.exp([1000.0, 999.0]).sum()
print("naive:", naive, "  stable:", softmax([1000.0, 999.0]).round(4))
assert np.isnan(naive).all() and np.allclose(softmax([1000.0, 999.0]), softmax([1.0, 0.0]))

# %% [markdown]
# ## 7. Bonus: softmax with cross-entropy has a very simple gradient
#
# Put softmax under a cross-entropy loss and the gradient with respect to the scores $z$ is $\mathrm{softmax}(z) - y$, where $y$ is the one-hot answer: each score is pushed down by exactly as much as its prediction overshoots. Numerical differentiation confirms the formula.

# %%
def loss(z: np.ndarray, answer: int) -> float:
    return cross_entropy(np.eye(len(z))[answer], softmax(z))


z, answer, step = np.array([2.0, 1.0, 0.1]), 0, 1e-6
numeric = np.array([(loss(z + step * e, answer) - loss(z - step * e, answer)) / (2 * step) for e in np.eye(3)])
formula = softmax(z) - np.eye(3)[answer]
print("finite differences:", numeric.round(5))
print("softmax(z) - y:    ", formula.round(5))
assert np.allclose(numeric, formula, atol=1e-6)

# %% [markdown]
# ## What we observed
#
# - Softmax outputs sum to 1 and keep the order of the scores (1).
# - Only the **gaps** between scores matter; shifting them all changes nothing (2, 3).
# - Gaps are amplified exponentially: scale the scores up and close scores separate (4); temperature is the knob for that scale (5).
# - An implementation must subtract the maximum first, or it overflows (6).
# - Softmax and cross-entropy belong together: the gradient is "prediction minus answer" (7).
#
# The web version of the lecture also has an interactive softmax explorer with sliders for the scores and the temperature.
