"""What the PyTorch chapters share: one multilayer perceptron, and seeding that leaves
torch's global random generator as the caller had it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence

import torch
from torch import nn

from genai_notes._validate import check_count, check_counts, check_in_range


@contextlib.contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run the block with torch's generators seeded by `seed`, then restore them as they were.

    Draws inside the block are those of `torch.manual_seed(seed)`, on the CPU and on CUDA,
    but the caller's own random stream is not reset by calling a library function.

    Examples:
        >>> _ = torch.manual_seed(1)
        >>> with seeded(0):
        ...     inside = torch.rand(1)
        >>> after = torch.rand(1)
        >>> torch.equal(inside, torch.manual_seed(0) and torch.rand(1))  # as if seeded with 0
        True
        >>> torch.equal(after, torch.manual_seed(1) and torch.rand(1))  # the caller's stream goes on
        True
    """
    seed = check_count(seed, "seed", 0)
    devices = (
        list(range(torch.cuda.device_count()))
        if torch.cuda.is_initialized()
        else []
    )
    with torch.random.fork_rng(devices=devices):
        torch.manual_seed(seed)
        yield


def apply_net(
    net: nn.Module, x: torch.Tensor, net_name: str, x_name: str
) -> torch.Tensor:
    """`net(x)`, with a shape mismatch reported as a `ValueError` that names both.

    Examples:
        >>> apply_net(nn.Linear(2, 1), torch.zeros(4, 3), "the critic", "real")
        Traceback (most recent call last):
        ...
        ValueError: real of shape (4, 3) does not fit the critic: mat1 and mat2 shapes cannot be multiplied (4x3 and 2x1)
    """
    try:
        return net(x)
    except RuntimeError as error:
        raise ValueError(
            f"{x_name} of shape {tuple(x.shape)} does not fit {net_name}: {error}"
        ) from error


# --8<-- [start:mlp]
def mlp(
    hidden: Sequence[int],
    dropout: float = 0.0,
    seed: int = 0,
    inputs: int = 64,
    outputs: int = 10,
) -> nn.Sequential:
    """A multilayer perceptron: `Linear → ReLU (→ Dropout)` per hidden width, then a linear output layer.

    The defaults fit the 8×8 digits (64 pixels in, 10 logits out); the GAN chapter passes
    its own sizes (2-D points in, one score or one point out). The same `seed` gives the
    same initial weights.

    Examples:
        >>> student = mlp((32,))
        >>> sum(p.numel() for p in student.parameters())  # (64·32 + 32) + (32·10 + 10)
        2410
    """
    # at least one hidden layer, each width ≥ 1
    widths = check_counts(hidden, "hidden")
    # 1 would drop every unit
    check_in_range(dropout, "dropout", 0, 1, open_high=True)
    inputs, outputs = (
        check_count(inputs, "inputs", 1),
        check_count(outputs, "outputs", 1),
    )
    layers: list[nn.Module] = []
    # the weights are drawn inside: the same seed, the same network,
    # whatever the caller drew before
    with seeded(seed):
        # consecutive widths pair up: (inputs, w_1), (w_1, w_2), …
        for width_in, width_out in zip((inputs, *widths), widths):
            # h ← ReLU(W h + b), then Dropout (p = dropout) while training;
            # with 0 no Dropout layer is added at all
            layers += [nn.Linear(width_in, width_out), nn.ReLU()] + (
                [nn.Dropout(dropout)] if dropout else []
            )
        # the last layer stays linear: it outputs logits (or a point),
        # and the loss applies its own softmax
        return nn.Sequential(*layers, nn.Linear(widths[-1], outputs))


# --8<-- [end:mlp]
