"""Figures of the distillation chapter: soft targets at several temperatures, and why T² is needed."""

from __future__ import annotations

import numpy as np
import torch
from matplotlib.figure import Figure

from genai_notes.distillation import distillation_loss, soft_targets
from genai_notes.figures import figure

#: The lecture's example: the teacher's answer for a photo of a Javan myna.
TEACHER_ANSWER = (0.7, 0.25, 0.05)

LABELS = {
    "zh": {
        "classes": ["白尾八哥", "八哥", "第 3 類"],
        "hard": "硬目標（one-hot）",
        "temperature": "軟目標，T = {}",
        "probability": "機率",
        "soft_title": "溫度越高，老師的答案越平，錯的類別之間的差別越看得見",
        "grad_x": "溫度 T",
        "grad_y": "對學生 logit 的梯度大小",
        "kl": "只用 KL",
        "scaled": "T² · KL",
        "grad_title": "軟目標的梯度隨 1/T² 變小，乘上 T² 就補回來",
    },
    "en": {
        "classes": ["Javan myna", "crested myna", "class 3"],
        "hard": "hard target (one-hot)",
        "temperature": "soft target, T = {}",
        "probability": "probability",
        "soft_title": "A higher temperature flattens the teacher's answer and shows how it ranks the wrong classes",
        "grad_x": "temperature T",
        "grad_y": "size of the gradient on the student's logits",
        "kl": "KL alone",
        "scaled": "T² · KL",
        "grad_title": "The soft-target gradient shrinks like 1/T²; multiplying by T² restores it",
    },
}


@figure("distillation-temperature")
def temperature_bars(lang: str) -> Figure:
    """The one-hot label next to the teacher's soft targets at T = 1, 2, 4, 10."""
    text = LABELS[lang]
    logits = torch.log(torch.tensor(TEACHER_ANSWER))
    bars = [(text["hard"], np.array([1.0, 0.0, 0.0]))]
    bars += [
        (text["temperature"].format(t), soft_targets(logits, float(t)).numpy())
        for t in (1, 2, 4, 10)
    ]
    fig = Figure(figsize=(7.5, 3.6))
    ax = fig.subplots()
    width = 0.8 / len(bars)
    for k, (label, probs) in enumerate(bars):
        ax.bar(
            np.arange(3) + (k - (len(bars) - 1) / 2) * width,
            probs,
            width,
            label=label,
        )
    ax.set_xticks(range(3), text["classes"])
    ax.set_ylabel(text["probability"])
    ax.set_title(text["soft_title"], fontsize=10)
    ax.legend(fontsize=8)
    return fig


def _gradient_norm(temperature: float, scaled: bool) -> float:
    """Size of the soft-target gradient for fixed teacher and student logits."""
    teacher = torch.tensor([[2.0, 1.0, 0.0]])
    student = torch.tensor([[0.0, 1.0, 0.5]], requires_grad=True)
    loss = distillation_loss(
        student, teacher, temperature=temperature, alpha=1.0
    )
    # distillation_loss carries T²; dividing it out gives the bare KL term
    (loss if scaled else loss / temperature**2).backward()
    return float(student.grad.norm())


@figure("distillation-gradient")
def gradient_scale(lang: str) -> Figure:
    """Gradient size against T for the bare KL and for T²·KL (log–log axes)."""
    text = LABELS[lang]
    temperatures = np.geomspace(1, 50, 30)
    fig = Figure(figsize=(6.5, 3.6))
    ax = fig.subplots()
    ax.loglog(
        temperatures,
        [_gradient_norm(t, scaled=False) for t in temperatures],
        label=text["kl"],
    )
    ax.loglog(
        temperatures,
        [_gradient_norm(t, scaled=True) for t in temperatures],
        label=text["scaled"],
    )
    ax.set_xlabel(text["grad_x"])
    ax.set_ylabel(text["grad_y"])
    ax.set_title(text["grad_title"], fontsize=10)
    ax.legend()
    return fig
