"""Figures of the "What is generative AI" chapter (its code lives in `genai_notes.tokens`,
including `descend`, the gradient-descent line fit that the loss figure plots)."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

from genai_notes.figures import figure
from genai_notes.tokens import (
    POINTS,
    descend,
    image_to_tokens,
    log10_count_sequences,
    mu_law_decode,
    mu_law_encode,
)
from genai_notes.tokens import tokens_to_image

__all__ = [
    "POINTS",
    "descend",
]  # re-exported: older code imports the demo from here
#: The lecture's estimate of the atoms in the universe: about 10^80.
LOG10_ATOMS = 80

LABELS = {
    "zh": {
        "length": "文章長度（字數）",
        "log_count": "可能的文章數（10 的幾次方）",
        "texts": "用 1000 個常用字寫成的文章",
        "atoms": "宇宙中的原子數 ≈ 10⁸⁰",
        "hundred": "100 字：10³⁰⁰ 種",
        "ai": "人工智慧（目標）",
        "genai": "生成式人工智慧\n（目標之一）",
        "ml": "機器學習（手段）",
        "dl": "深度學習\n（更厲害的手段）",
        "today": "今日的生成式 AI\n多半靠它達成",
        "step": "梯度下降的步數",
        "loss": "損失 L(a, b)",
        "loss_title": "損失一路下降",
        "path_title": "參數 (a, b) 走向 (3, −7)",
        "answer": "解方程式的答案",
        "tokens": "第 {} 個 token 之後",
        "order": "生成順序（raster order）",
        "audio_x": "取樣值 x",
        "audio_q": "token q",
        "companding": "μ-law：安靜的聲音分到較多 token",
        "uniform": "均勻切成 256 格",
    },
    "en": {
        "length": "length of the text (characters)",
        "log_count": "number of possible texts (power of 10)",
        "texts": "texts written with 1,000 common characters",
        "atoms": "atoms in the universe ≈ 10⁸⁰",
        "hundred": "100 characters: 10³⁰⁰ texts",
        "ai": "Artificial intelligence (goal)",
        "genai": "Generative AI\n(one of the goals)",
        "ml": "Machine learning (means)",
        "dl": "Deep learning\n(a stronger means)",
        "today": "how today's\ngenerative AI\nis mostly built",
        "step": "gradient descent step",
        "loss": "loss L(a, b)",
        "loss_title": "The loss keeps going down",
        "path_title": "The parameters (a, b) head for (3, −7)",
        "answer": "solution of the equations",
        "tokens": "after {} tokens",
        "order": "generation order (raster order)",
        "audio_x": "sample value x",
        "audio_q": "token q",
        "companding": "μ-law: quiet sounds get more tokens",
        "uniform": "256 equal steps",
    },
}


@figure("what-is-genai-possibilities")
def possibilities(lang: str) -> Figure:
    """log10 of the number of texts against their length, next to the atoms in the universe."""
    text = LABELS[lang]
    lengths = np.arange(0, 101)
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.subplots()
    ax.plot(
        lengths,
        [log10_count_sequences(1000, int(n)) for n in lengths],
        label=text["texts"],
    )
    ax.axhline(LOG10_ATOMS, color="C3", linestyle="--", label=text["atoms"])
    ax.plot(100, 300, "o", color="C0")
    ax.annotate(
        text["hundred"],
        (100, 300),
        xytext=(-10, -4),
        textcoords="offset points",
        ha="right",
        va="top",
    )
    ax.set_xlabel(text["length"])
    ax.set_ylabel(text["log_count"])
    ax.legend(frameon=False, loc="lower right")
    return fig


def _box(
    ax,
    xy: tuple[float, float],
    size: tuple[float, float],
    label: str,
    color: str,
    top: bool,
) -> None:
    ax.add_patch(
        FancyBboxPatch(
            xy,
            *size,
            boxstyle="round,pad=0.02,rounding_size=0.04",
            fc=color,
            ec="0.3",
            alpha=0.9,
        )
    )
    y = xy[1] + size[1] - 0.06 if top else xy[1] + size[1] / 2
    ax.text(
        xy[0] + size[0] / 2,
        y,
        label,
        ha="center",
        va="top" if top else "center",
        fontsize=10,
    )


@figure("what-is-genai-goal-means")
def goal_and_means(lang: str) -> Figure:
    """Goals (AI ⊃ generative AI) beside means (machine learning ⊃ deep learning), with the link between them."""
    text = LABELS[lang]
    fig = Figure(figsize=(7.2, 3.0))
    ax = fig.subplots()
    ax.set_xlim(0, 2.4)
    ax.set_ylim(0, 1)
    ax.axis("off")
    _box(ax, (0.02, 0.05), (0.9, 0.9), text["ai"], "#dbe9f6", top=True)
    _box(ax, (0.16, 0.12), (0.62, 0.5), text["genai"], "#9ecae1", top=False)
    _box(ax, (1.48, 0.05), (0.9, 0.9), text["ml"], "#e5f5e0", top=True)
    _box(ax, (1.62, 0.12), (0.62, 0.5), text["dl"], "#a1d99b", top=False)
    ax.add_patch(
        FancyArrowPatch(
            (1.62, 0.37),
            (0.78, 0.37),
            arrowstyle="-|>",
            mutation_scale=15,
            color="0.2",
        )
    )
    ax.text(1.2, 0.55, text["today"], ha="center", va="center", fontsize=8)
    return fig


@figure("what-is-genai-gradient-descent")
def gradient_descent(lang: str) -> Figure:
    """Left: the loss at each step (log scale). Right: the path of (a, b) over the loss contours."""
    text = LABELS[lang]
    path, losses = descend()
    fig = Figure(figsize=(7.6, 3.2))
    left, right = fig.subplots(1, 2)
    left.semilogy(np.arange(len(losses)), losses)
    left.set_xlabel(text["step"])
    left.set_ylabel(text["loss"])
    left.set_title(text["loss_title"], fontsize=10)
    a, b = np.meshgrid(np.linspace(-0.5, 4.5, 200), np.linspace(-9, 1, 200))
    x, y = np.array(POINTS).T
    grid_loss = ((a[..., None] * x + b[..., None] - y) ** 2).mean(axis=-1)
    right.contour(
        a,
        b,
        np.log10(grid_loss + 1e-3),
        levels=15,
        cmap="Greys",
        linewidths=0.6,
    )
    right.plot(*path[::20].T, ".-", color="C1", markersize=3)
    right.plot(3, -7, "*", color="C3", markersize=12, label=text["answer"])
    right.set_xlabel("a")
    right.set_ylabel("b")
    right.set_title(text["path_title"], fontsize=10)
    right.legend(frameon=False, fontsize=8, loc="lower left")
    fig.tight_layout()
    return fig


#: An 8×8 grayscale smiley: the image of the pixel-by-pixel example.
SMILEY = np.array(
    [
        [255, 255, 200, 200, 200, 200, 255, 255],
        [255, 200, 120, 120, 120, 120, 200, 255],
        [200, 120, 0, 120, 120, 0, 120, 200],
        [200, 120, 120, 120, 120, 120, 120, 200],
        [200, 120, 0, 120, 120, 0, 120, 200],
        [200, 120, 120, 0, 0, 120, 120, 200],
        [255, 200, 120, 120, 120, 120, 200, 255],
        [255, 255, 200, 200, 200, 200, 255, 255],
    ],
    dtype=np.uint8,
)


@figure("what-is-genai-pixel-order")
def pixel_order(lang: str) -> Figure:
    """An image produced token by token in raster order: the numbering, then the image after 12, 36 and 64 tokens."""
    text = LABELS[lang]
    tokens = image_to_tokens(SMILEY)
    fig = Figure(figsize=(8.0, 2.4))
    axes = fig.subplots(1, 4)
    axes[0].imshow(np.full(SMILEY.shape, 235), cmap="gray", vmin=0, vmax=255)
    for k in range(SMILEY.size):
        axes[0].text(
            k % 8, k // 8, str(k + 1), ha="center", va="center", fontsize=6
        )
    axes[0].set_title(text["order"], fontsize=9)
    # Pixels not generated yet are drawn as a gray checkerboard.
    blank = image_to_tokens(
        (np.indices(SMILEY.shape).sum(axis=0) % 2) * 40 + 80
    )
    for ax, shown in zip(axes[1:], (12, 36, 64)):
        ax.imshow(
            tokens_to_image(tokens[:shown] + blank[shown:], SMILEY.shape),
            cmap="gray",
            vmin=0,
            vmax=255,
        )
        ax.set_title(text["tokens"].format(shown), fontsize=9)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    fig.tight_layout()
    return fig


@figure("what-is-genai-mu-law")
def mu_law(lang: str) -> Figure:
    """Samples in [−1, 1] to the 256 μ-law tokens, against 256 equal steps."""
    text = LABELS[lang]
    x = np.linspace(-1, 1, 2001)
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.subplots()
    ax.plot(x, mu_law_encode(x), label=text["companding"])
    ax.plot(x, np.floor((x + 1) / 2 * 255 + 0.5), "--", label=text["uniform"])
    ax.plot(
        mu_law_decode(np.arange(0, 256, 16)),
        np.arange(0, 256, 16),
        ".",
        color="C0",
    )
    ax.set_xlabel(text["audio_x"])
    ax.set_ylabel(text["audio_q"])
    ax.legend(frameon=False)
    return fig
