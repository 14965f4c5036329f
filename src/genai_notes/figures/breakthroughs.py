"""Figures of the technical-breakthroughs chapter: what attention must keep per token, budget forcing,
and the three eras of general-purpose language models."""

from __future__ import annotations

import numpy as np
import torch
from matplotlib.figure import Figure

from genai_notes.autoregression import (
    TinyTransformer,
    budget_forcing_accuracy,
    vocabulary,
)
from genai_notes.figures import figure

LABELS = {
    "zh": {
        "context": "上文長度 t（token 數）",
        "kept": "產生下一個 token 時必須保留的數字個數",
        "attention": "自注意力（{} 層，d = {}）：所有舊 token 的 key 與 value",
        "recurrent": "循環單元（GRU，每層一個，{} 層，d = {}）：固定大小的狀態",
        "budget": "最少思考長度（token 數）",
        "accuracy": "答對的比例",
        "thinking": "實際思考長度（平均）",
        "budget_title": "偷懶的加法模型：被迫想久一點，答案就對了",
    },
    "en": {
        "context": "context length t (tokens)",
        "kept": "numbers kept to produce the next token",
        "attention": "self-attention ({} layers, d = {}): keys and values of every earlier token",
        "recurrent": "recurrent cells (GRU, one per layer, {} layers, d = {}): a fixed-size state",
        "budget": "minimum thinking length (tokens)",
        "accuracy": "share of correct answers",
        "thinking": "thinking length actually used (mean)",
        "budget_title": "The lazy adder: forced to think longer, it gets the sums right",
    },
}
#: The tutorial's model size; the recurrent model compared with it has one GRU cell per layer.
D_MODEL, N_LAYERS = 32, 2


def _numbers_kept_by_attention(model: TinyTransformer, length: int) -> int:
    """Keys and values that the next token attends to, counted from the layers' real outputs."""
    x = torch.zeros(1, length, model.token_embedding.embedding_dim)
    with torch.no_grad():
        return sum(
            sum(t.numel() for t in layer.attention.qkv(x).chunk(3, dim=-1)[1:])
            for layer in model.layers
        )


@figure("breakthroughs-attention-memory")
def attention_memory(lang: str) -> Figure:
    """Numbers kept per generated token: grows with the context for attention, fixed for a recurrent cell."""
    text = LABELS[lang]
    model = TinyTransformer(
        vocabulary(["ab"]),
        d_model=D_MODEL,
        n_layers=N_LAYERS,
        n_heads=4,
        context_length=8,
    )
    cells = [torch.nn.GRUCell(D_MODEL, D_MODEL) for _ in model.layers]
    state = sum(
        cell.hidden_size for cell in cells
    )  # N_LAYERS · D_MODEL numbers, whatever the context
    lengths = np.array([16, 64, 256, 1024, 4096])
    fig = Figure(figsize=(6.4, 3.4))
    ax = fig.add_subplot()
    ax.loglog(
        lengths,
        [_numbers_kept_by_attention(model, int(t)) for t in lengths],
        "o-",
        label=text["attention"].format(N_LAYERS, D_MODEL),
    )
    ax.loglog(
        lengths,
        [state] * len(lengths),
        "s-",
        label=text["recurrent"].format(len(cells), D_MODEL),
    )
    ax.set_xlabel(text["context"])
    ax.set_ylabel(text["kept"])
    ax.legend(frameon=False, fontsize="small", loc="center right")
    return fig


@figure("breakthroughs-budget-forcing")
def budget_forcing_figure(lang: str) -> Figure:
    """Accuracy and thinking length of the lazy adder as the minimum thinking budget grows."""
    text = LABELS[lang]
    budgets = np.arange(0, 13)
    accuracy, length = budget_forcing_accuracy(
        budgets, questions=100, max_thinking=20, seed=0
    )
    fig = Figure(figsize=(6.4, 3.2))
    ax = fig.add_subplot()
    ax.plot(budgets, accuracy, "o-", color="C0")
    ax.set_xlabel(text["budget"])
    ax.set_ylabel(text["accuracy"], color="C0")
    ax.set_ylim(0, 1.05)
    twin = ax.twinx()
    twin.plot(budgets, length, "s--", color="C1")
    twin.set_ylabel(text["thinking"], color="C1")
    twin.spines["right"].set_visible(True)
    ax.set_title(text["budget_title"], fontsize="medium")
    return fig


#: The three eras of general-purpose models: (first year, last year, models with their release dates).
#: Dates are fractional years: ChatGPT came out on 30 November 2022 (2022 + 334/365).
ERAS = (
    (2018.0, 2020.0, (("ELMo", 2018.12), ("BERT", 2018.78), ("ERNIE", 2019.3))),
    (2020.0, 2022.91, (("GPT-3", 2020.41),)),
    (
        2022.91,
        2025.6,
        (
            ("ChatGPT", 2022.91),
            ("LLaMA", 2023.15),
            ("Claude", 2023.2),
            ("DeepSeek", 2023.91),
            ("Gemini", 2023.93),
        ),
    ),
)
ERA_LABELS = {
    "zh": (
        "編碼器 + 各任務自己的模型\n文字 → 向量，摘要、翻譯各接一個專用模型",
        "整段文字接龍，每個任務微調一份參數\n（GPT-3 論文其實以不微調的 few-shot 提示出名）",
        "一個模型、一份參數，用提示詞做各種事",
    ),
    "en": (
        "encoders + a head per task\ntext → vectors; summaries, translation each add their own model",
        "whole-text models, fine-tuned per task\n(GPT-3's paper is famous for few-shot prompting without it)",
        "one model, one set of parameters, prompts for every task",
    ),
}


@figure("breakthroughs-eras")
def eras(lang: str) -> Figure:
    """Three rows, one per era: the years it spans and the models that mark it."""
    fig = Figure(figsize=(7.4, 3.6))
    ax = fig.add_subplot()
    spacing = 1.4  # vertical room per era: its label above the band, model names below the dots
    for row, ((start, end, models), label) in enumerate(
        zip(ERAS, ERA_LABELS[lang])
    ):
        y = spacing * (len(ERAS) - 1 - row)  # the first era on top
        ax.barh(
            y, end - start, left=start, height=0.4, color=f"C{row}", alpha=0.25
        )
        ax.text(start + 0.05, y + 0.28, label, fontsize="small", va="bottom")
        for level, (name, date) in enumerate(models):
            ax.plot(date, y, "o", color=f"C{row}")
            # release dates months apart would print names on top of each other: stagger them
            ax.text(
                date,
                y - 0.12 - 0.22 * (level % 3),
                name,
                fontsize="x-small",
                ha="left",
                va="top",
            )
    ax.set_yticks([])
    ax.spines["left"].set_visible(False)
    ax.set_xticks(range(2018, 2026))
    ax.set_xlim(2017.9, 2025.7)
    ax.set_ylim(-0.85, spacing * (len(ERAS) - 1) + 0.8)
    return fig
