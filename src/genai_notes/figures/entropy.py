"""Figures of the entropy chapter: softmax temperature, surprise and entropy, two losses."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from genai_notes.entropy import entropy, information, softmax
from genai_notes.figures import figure

LABELS = {
    "zh": {
        "class": "類別",
        "probability": "機率",
        "p": "機率 p",
        "surprise": "資訊量 −log₂ p（bits）",
        "entropy": "熵 H（bits）",
        "rain": "下雨",
        "no_rain": "不下雨",
        "p_rain": "下雨的機率 p",
        "q_correct": "模型給正確答案的機率 q",
        "loss": "損失",
        "ce": "交叉熵 −log q",
        "se": "平方誤差（其餘機率平均分給兩個錯誤類別）",
    },
    "en": {
        "class": "class",
        "probability": "probability",
        "p": "probability p",
        "surprise": "information −log₂ p (bits)",
        "entropy": "entropy H (bits)",
        "rain": "rain",
        "no_rain": "no rain",
        "p_rain": "probability of rain p",
        "q_correct": "probability q the model gives the right answer",
        "loss": "loss",
        "ce": "cross-entropy −log q",
        "se": "squared error (the rest split evenly over two wrong classes)",
    },
}
LOGITS = [2.0, 1.0, 0.1]
TEMPERATURES = [0.5, 1.0, 2.0, 5.0]


@figure("entropy-softmax-temperature")
def softmax_temperature(lang: str) -> Figure:
    """Grouped bars: softmax of the same scores at several temperatures."""
    text = LABELS[lang]
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.add_subplot()
    width = 0.8 / len(TEMPERATURES)
    classes = np.arange(len(LOGITS))
    for k, t in enumerate(TEMPERATURES):
        ax.bar(
            classes + k * width,
            softmax(LOGITS, temperature=t),
            width,
            label=f"T = {t:g}",
        )
    ax.set_xticks(
        classes + width * (len(TEMPERATURES) - 1) / 2,
        [f"z = {z:g}" for z in LOGITS],
    )
    ax.set_xlabel(text["class"])
    ax.set_ylabel(text["probability"])
    ax.legend(frameon=False)
    return fig


@figure("entropy-surprise")
def surprise_and_entropy(lang: str) -> Figure:
    """Left: information −log₂ p with the rain example. Right: entropy of a yes/no event."""
    text = LABELS[lang]
    fig = Figure(figsize=(7.2, 3.0))
    left, right = fig.subplots(1, 2)
    p = np.linspace(0.01, 1.0, 200)
    left.plot(p, information(p, base=2))
    for prob, name in [(0.02, text["rain"]), (0.98, text["no_rain"])]:
        left.annotate(
            name,
            (prob, information(prob, base=2)),
            xytext=(12, 8),
            textcoords="offset points",
        )
        left.plot(prob, information(prob, base=2), "o", color="C3")
    left.set_xlabel(text["p"])
    left.set_ylabel(text["surprise"])
    grid = np.linspace(0.0, 1.0, 201)
    right.plot(grid, [entropy([x, 1 - x], base=2) for x in grid], color="C1")
    right.set_xlabel(text["p_rain"])
    right.set_ylabel(text["entropy"])
    fig.tight_layout()
    return fig


@figure("entropy-losses")
def two_losses(lang: str) -> Figure:
    """Cross-entropy −log q grows without bound as q → 0; squared error stays bounded.

    The curve splits the miss evenly over two wrong classes and ends at 1.5 when q = 0;
    the largest squared error of any prediction is 2 (all the probability on one wrong class).
    """
    text = LABELS[lang]
    fig = Figure(figsize=(6.0, 3.0))
    ax = fig.add_subplot()
    q = np.linspace(0.01, 1.0, 200)
    ax.plot(q, -np.log(q), label=text["ce"])
    ax.plot(q, (1 - q) ** 2 + 2 * ((1 - q) / 2) ** 2, label=text["se"])
    ax.set_xlabel(text["q_correct"])
    ax.set_ylabel(text["loss"])
    ax.legend(frameon=False)
    return fig
