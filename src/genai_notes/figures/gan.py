"""Figures of the GAN chapter: the one-dimensional picture of Goodfellow et al. (2014), drawn
from a real (tiny) training run: data density, generator density and D(x) at several steps."""

from __future__ import annotations

import numpy as np
import torch
from matplotlib.figure import Figure
from torch import nn

from genai_notes.figures import figure
from genai_notes.gan import GANState, gan_step, mlp

#: The data: a normal distribution with this mean and standard deviation.
DATA_MEAN, DATA_STD = 1.0, 0.5
#: Training rounds after which the figure takes a snapshot.
SNAPSHOTS = (30, 150, 400, 1200)

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


def train_1d(snapshots: tuple[int, ...] = SNAPSHOTS, seed: int = 0) -> list[dict[str, np.ndarray | float | int]]:
    """Train an affine generator G(z) = a·z + b against a small discriminator on 1-D data.

    Returns one record per snapshot: the step, the generator's mean b and spread |a| (its
    density is exactly normal, N(b, a²)), and D(x) on `grid`.
    """
    torch.manual_seed(seed)
    gen = nn.Linear(1, 1)
    with torch.no_grad():  # start far to the left and narrow, as in the paper's first panel
        gen.weight.fill_(0.2)
        gen.bias.fill_(-1.5)
    disc = mlp(1, 1, (16, 16), seed=seed)
    adam = lambda m, lr: torch.optim.Adam(m.parameters(), lr=lr, betas=(0.5, 0.999))  # noqa: E731
    state = GANState(gen, disc, adam(gen, 5e-3), adam(disc, 5e-3), latent=1)
    grid = torch.linspace(-3, 3.5, 261).unsqueeze(1)
    records = []
    for step in range(max(snapshots) + 1):
        if step in snapshots:
            with torch.no_grad():
                d = torch.sigmoid(disc(grid)).squeeze(1).numpy()
            records.append({"step": step, "mean": gen.bias.item(), "std": abs(gen.weight.item()), "grid": grid.squeeze(1).numpy(), "d": d})
        gan_step(state, DATA_MEAN + DATA_STD * torch.randn(128, 1))
    return records


@figure("gan-1d")
def one_dimensional(lang: str) -> Figure:
    """Data density (dashed), generator density (solid) and D(x) (dotted) at four steps."""
    text = LABELS[lang]
    fig = Figure(figsize=(10, 2.8))
    axes = fig.subplots(1, len(SNAPSHOTS), sharey=True)
    for ax, record in zip(axes, train_1d()):
        x = record["grid"]
        ax.plot(x, _normal_pdf(x, DATA_MEAN, DATA_STD), "k--", label=text["data"])
        ax.plot(x, _normal_pdf(x, record["mean"], record["std"]), "g-", label=text["gen"])
        ax.plot(x, record["d"], "b:", linewidth=2, label=text["disc"])
        ax.axhline(0.5, color="gray", linewidth=0.5)
        ax.set_title(text["step"].format(record["step"]), fontsize=10)
        ax.set_xlabel(text["x"])
        ax.set_ylim(0, 1.6)
    axes[0].legend(fontsize=7, loc="upper left")
    return fig
