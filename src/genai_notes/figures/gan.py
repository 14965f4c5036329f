"""Figures of the GAN chapter: the one-dimensional picture of Goodfellow et al. (2014), drawn
from a real (tiny) training run, `genai_notes.gan.train_1d`: data density, generator density
and D(x) at several steps."""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from genai_notes.figures import figure
from genai_notes.gan import DATA_MEAN, DATA_STD, SNAPSHOTS, train_1d

__all__ = [
    "DATA_MEAN",
    "DATA_STD",
    "SNAPSHOTS",
    "train_1d",
]  # re-exported: the run itself lives in genai_notes.gan

LABELS = {
    "zh": {
        "data": "真實資料 $p_{data}$",
        "gen": "生成器 $p_g$",
        "disc": "鑑別器 $D(x)$",
        "step": "第 {} 步",
        "x": "x",
    },
    "en": {
        "data": "data $p_{data}$",
        "gen": "generator $p_g$",
        "disc": "discriminator $D(x)$",
        "step": "step {}",
        "x": "x",
    },
}


def _normal_pdf(x: np.ndarray, mean: float, std: float) -> np.ndarray:
    return np.exp(-0.5 * ((x - mean) / std) ** 2) / (std * np.sqrt(2 * np.pi))


@figure("gan-1d")
def one_dimensional(lang: str) -> Figure:
    """Data density (dashed), generator density (solid) and D(x) (dotted) at four steps."""
    text = LABELS[lang]
    fig = Figure(figsize=(10, 2.8))
    axes = fig.subplots(1, len(SNAPSHOTS), sharey=True)
    for ax, record in zip(axes, train_1d()):
        x = record["grid"]
        ax.plot(
            x, _normal_pdf(x, DATA_MEAN, DATA_STD), "k--", label=text["data"]
        )
        ax.plot(
            x,
            _normal_pdf(x, record["mean"], record["std"]),
            "g-",
            label=text["gen"],
        )
        ax.plot(x, record["d"], "b:", linewidth=2, label=text["disc"])
        ax.axhline(0.5, color="gray", linewidth=0.5)
        ax.set_title(text["step"].format(record["step"]), fontsize=10)
        ax.set_xlabel(text["x"])
        ax.set_ylim(0, 1.6)
    axes[0].legend(fontsize=7, loc="upper left")
    return fig
