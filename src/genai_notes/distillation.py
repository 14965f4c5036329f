"""Knowledge distillation (Hinton, Vinyals & Dean, 2015) in PyTorch.

A large *teacher* is trained on the labelled data first. A small *student* then
learns from the teacher's whole output distribution (its *soft targets*), not
only from the one-hot labels (*hard targets*). Dividing the logits by a
temperature $T > 1$ before the softmax brings out how similar the teacher
finds the wrong classes.

Logits have shape `(batch, classes)` (a single vector of shape `(classes,)`
counts as a batch of one) and labels are class indices of shape `(batch,)`.

The second half of the module is the small experiment that the tutorial, the
benchmark and the tests share: the 8×8 digits that ship with scikit-learn, a
large and a small multilayer perceptron, a full-batch training loop and
accuracy.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from genai_notes._validate import check_count, check_in_range, check_positive

__all__ = [
    "soft_targets",
    "distillation_loss",
    "DigitsSplit",
    "load_digits_split",
    "mlp",
    "train",
    "train_teacher",
    "train_student",
    "jitter",
    "train_student_jittered",
    "accuracy",
    "gap_closed",
]

#: Hidden widths of the teacher and of the student (64 pixels in, 10 digits out).
TEACHER_HIDDEN = (256, 256)
STUDENT_HIDDEN = (32,)


def _check_logits(logits: Tensor, name: str) -> Tensor:
    if not isinstance(logits, Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(logits).__name__}")
    if not logits.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got {logits.dtype}")
    if logits.dim() not in (1, 2) or logits.numel() == 0:
        raise ValueError(f"{name} must be a non-empty (classes,) or (batch, classes) tensor, got shape {tuple(logits.shape)}")
    if not torch.isfinite(logits).all():
        raise ValueError(f"{name} must be finite (no nan or inf)")
    return logits.reshape(-1, logits.shape[-1])


def _check_labels(labels: Tensor | None, batch: int, classes: int) -> Tensor:
    if labels is None:
        raise ValueError("labels must be given when alpha < 1 (the hard-target term needs them)")
    if not isinstance(labels, Tensor) or labels.is_floating_point() or labels.is_complex():
        raise TypeError("labels must be an integer torch.Tensor of class indices")
    flat = labels.reshape(-1)
    if flat.numel() != batch:
        raise ValueError(f"labels must hold one class index per example ({batch}), got shape {tuple(labels.shape)}")
    if (flat < 0).any() or (flat >= classes).any():
        raise ValueError(f"labels must be class indices in [0, {classes - 1}], got min {flat.min().item()} and max {flat.max().item()}")
    return flat


# --8<-- [start:soft_targets]
def soft_targets(teacher_logits: Tensor, temperature: float = 1.0) -> Tensor:
    r"""The teacher's answer softened by temperature $T$: $p_i = e^{v_i/T} / \sum_j e^{v_j/T}$.

    $T = 1$ is the ordinary softmax; a larger $T$ flattens it and lets the small
    probabilities of the wrong classes show.

    Examples:
        >>> v = torch.log(torch.tensor([0.7, 0.25, 0.05]))
        >>> soft_targets(v).round(decimals=2)
        tensor([0.7000, 0.2500, 0.0500])
        >>> soft_targets(v, temperature=2.0).round(decimals=3)
        tensor([0.5360, 0.3200, 0.1430])
    """
    check_positive(temperature, "temperature")
    _check_logits(teacher_logits, "teacher_logits")
    return torch.softmax(teacher_logits / temperature, dim=-1)
# --8<-- [end:soft_targets]


# --8<-- [start:distillation_loss]
def distillation_loss(
    student_logits: Tensor,
    teacher_logits: Tensor,
    labels: Tensor | None = None,
    temperature: float = 1.0,
    alpha: float = 0.5,
) -> Tensor:
    r"""Hinton et al.'s loss, a weighted sum of a soft-target and a hard-target term:

    $$\mathcal{L} = \alpha\, T^2\, D_{KL}\big(\mathrm{softmax}(v/T) \,\|\, \mathrm{softmax}(z/T)\big)
    + (1 - \alpha)\, H\big(y, \mathrm{softmax}(z)\big)$$

    with teacher logits $v$, student logits $z$ and labels $y$, both terms
    averaged over the batch. `labels` may be left out when $\alpha = 1$.

    Examples:
        >>> teacher, student = torch.tensor([[2.0, 1.0, 0.0]]), torch.zeros(1, 3)
        >>> round(distillation_loss(student, teacher, temperature=1.0, alpha=1.0).item(), 6)
        0.266217
        >>> round(distillation_loss(student, teacher, torch.tensor([0]), alpha=0.0).item(), 6)
        1.098612
    """
    check_positive(temperature, "temperature")
    check_in_range(alpha, "alpha", 0, 1)
    z = _check_logits(student_logits, "student_logits")
    v = _check_logits(teacher_logits, "teacher_logits")
    if z.shape != v.shape:
        raise ValueError(f"student_logits and teacher_logits must have the same shape, got {tuple(student_logits.shape)} and {tuple(teacher_logits.shape)}")
    log_p = F.log_softmax(v / temperature, dim=-1)  # teacher: log p_i
    log_q = F.log_softmax(z / temperature, dim=-1)  # student at the same T: log q_i
    # D_KL(p || q) = Σ p_i (log p_i − log q_i), then the mean over the batch
    kl = (log_p.exp() * (log_p - log_q)).sum(dim=-1).mean()
    # The soft term's gradient is (q − p)/T and shrinks like 1/T² for large T;
    # T² restores it, so changing T does not silently reweight the two terms.
    loss = alpha * temperature**2 * kl
    if alpha < 1:
        hard = _check_labels(labels, *z.shape)
        loss = loss + (1 - alpha) * F.cross_entropy(z, hard)  # H(y, softmax(z)) at T = 1
    return loss
# --8<-- [end:distillation_loss]


# --8<-- [start:data]
@dataclass(frozen=True)
class DigitsSplit:
    """The 8×8 digits, pixels scaled to [0, 1], split into train and test.

    `x_few`, `y_few` are the first `per_class` training images of each digit:
    all that the student gets to see in the few-label experiment.
    """

    x_train: Tensor
    y_train: Tensor
    x_few: Tensor
    y_few: Tensor
    x_test: Tensor
    y_test: Tensor


def load_digits_split(per_class: int = 10, n_test: int = 597, seed: int = 0, device: str | torch.device = "cpu") -> DigitsSplit:
    """Shuffle scikit-learn's 1,797 digit images with `seed` and split them.

    Examples:
        >>> split = load_digits_split(per_class=5)
        >>> tuple(split.x_train.shape), tuple(split.x_few.shape), tuple(split.x_test.shape)
        ((1200, 64), (50, 64), (597, 64))
        >>> torch.bincount(split.y_few).tolist()
        [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    """
    from sklearn.datasets import load_digits  # bundled with scikit-learn: nothing is downloaded

    images, digits = load_digits(return_X_y=True)
    if not (isinstance(n_test, int) and 0 < n_test < len(digits)):
        raise ValueError(f"n_test must be an integer in [1, {len(digits) - 1}], got {n_test!r}")
    x = torch.tensor(images / 16.0, dtype=torch.float32, device=device)  # pixel values are 0..16
    y = torch.tensor(digits, device=device)
    order = torch.randperm(len(y), generator=torch.Generator().manual_seed(seed)).to(device)
    train, test = order[n_test:], order[:n_test]
    few = _first_per_class(y[train], per_class)
    return DigitsSplit(x[train], y[train], x[train][few], y[train][few], x[test], y[test])


def _first_per_class(labels: Tensor, per_class: int) -> Tensor:
    counts = torch.bincount(labels)
    if not (isinstance(per_class, int) and 0 < per_class <= counts.min().item()):
        raise ValueError(f"per_class must be an integer in [1, {counts.min().item()}], got {per_class!r}")
    picked = [torch.nonzero(labels == digit).flatten()[:per_class] for digit in range(len(counts))]
    return torch.cat(picked)
# --8<-- [end:data]


# --8<-- [start:models]
def mlp(hidden: Sequence[int], dropout: float = 0.0, seed: int = 0, inputs: int = 64, classes: int = 10) -> nn.Sequential:
    r"""A multilayer perceptron: `Linear → ReLU (→ Dropout)` per hidden width, then a linear
    layer that outputs logits.

    Examples:
        >>> student = mlp((32,))
        >>> sum(p.numel() for p in student.parameters())  # (64·32 + 32) + (32·10 + 10)
        2410
    """
    if not hidden or any(not isinstance(width, int) or width < 1 for width in hidden):
        raise ValueError(f"hidden must be a non-empty sequence of positive integers, got {hidden!r}")
    check_in_range(dropout, "dropout", 0, 1)
    if dropout == 1:
        raise ValueError("dropout must be < 1 (1 drops every unit)")
    torch.manual_seed(seed)  # the same seed gives the same initial weights
    layers: list[nn.Module] = []
    for width_in, width_out in zip((inputs, *hidden), hidden):
        layers += [nn.Linear(width_in, width_out), nn.ReLU()] + ([nn.Dropout(dropout)] if dropout else [])
    return nn.Sequential(*layers, nn.Linear(hidden[-1], classes))


def train(
    model: nn.Module, inputs: Tensor, loss_fn: Callable[[Tensor], Tensor], epochs: int, lr: float, noise: float = 0.0, seed: int = 0
) -> nn.Module:
    r"""Full-batch Adam: each epoch takes one step on `loss_fn(model(x + noise·ε))`, $\varepsilon \sim \mathcal{N}(0, I)$.

    Returns the model in evaluation mode (dropout off).

    Examples:
        >>> model = mlp((8,))
        >>> x, y = torch.eye(64)[:10], torch.arange(10)
        >>> model = train(model, x, lambda logits: F.cross_entropy(logits, y), epochs=100, lr=1e-2)
        >>> accuracy(model, x, y)
        1.0
    """
    if not (isinstance(epochs, int) and epochs > 0):
        raise ValueError(f"epochs must be a positive integer, got {epochs!r}")
    check_positive(lr, "lr")
    torch.manual_seed(seed)  # fixes the dropout masks and the input noise
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(epochs):
        # Small pixel noise (like Hinton et al.'s jitter) keeps a big model from memorising.
        jittered = inputs + noise * torch.randn_like(inputs) if noise else inputs
        optimizer.zero_grad()
        loss_fn(model(jittered)).backward()
        optimizer.step()
    return model.eval()
# --8<-- [end:models]


# --8<-- [start:teacher_student]
def train_teacher(inputs: Tensor, labels: Tensor, seed: int = 0) -> nn.Module:
    """The large model: two hidden layers of 256 with dropout and input noise, on hard labels.

    Examples:
        >>> split = load_digits_split()
        >>> teacher = train_teacher(split.x_few, split.y_few)  # 100 images: the big model fits every one
        >>> accuracy(teacher, split.x_few, split.y_few)
        1.0
    """
    teacher = mlp(TEACHER_HIDDEN, dropout=0.2, seed=seed).to(inputs.device)
    return train(teacher, inputs, lambda logits: F.cross_entropy(logits, labels), epochs=200, lr=3e-3, noise=0.1, seed=seed)


def train_student(
    inputs: Tensor, labels: Tensor | None, seed: int = 0, teacher: nn.Module | None = None, temperature: float = 1.0, alpha: float = 0.9
) -> nn.Module:
    """The small model (one hidden layer of 32): on hard labels alone when `teacher` is None,
    else on `distillation_loss` against the teacher's logits for the same inputs.

    Examples:
        >>> split = load_digits_split()
        >>> student = train_student(split.x_few, split.y_few)
        >>> accuracy(student, split.x_few, split.y_few)
        1.0
    """
    student = mlp(STUDENT_HIDDEN, seed=seed).to(inputs.device)
    if teacher is None:
        if labels is None:
            raise ValueError("labels must be given when there is no teacher")
        return train(student, inputs, lambda logits: F.cross_entropy(logits, labels), epochs=300, lr=1e-2, seed=seed)
    with torch.no_grad():
        teacher_logits = teacher.eval()(inputs)  # computed once: the teacher does not change
    return train(
        student, inputs, lambda logits: distillation_loss(logits, teacher_logits, labels, temperature, alpha), epochs=300, lr=1e-2, seed=seed
    )
# --8<-- [end:teacher_student]


# --8<-- [start:transfer_set]
def jitter(images: Tensor, generator: torch.Generator, noise: float = 0.1, side: int = 8) -> Tensor:
    r"""New inputs that look like old ones: each flattened `side`×`side` image moves by −1, 0 or +1
    pixel along each axis (zeros come in at the border), then gets pixel noise $\sigma\varepsilon$,
    $\varepsilon \sim \mathcal{N}(0, I)$, $\sigma$ = `noise`.

    Examples:
        >>> dot = torch.zeros(1, 64)
        >>> dot[0, 3 * 8 + 3] = 1.0  # one bright pixel in row 3, column 3
        >>> moved = jitter(dot.repeat(500, 1), torch.Generator().manual_seed(0), noise=0.0)
        >>> sorted({(i // 8, i % 8) for i in moved.argmax(dim=1).tolist()})  # every neighbour, nothing farther
        [(2, 2), (2, 3), (2, 4), (3, 2), (3, 3), (3, 4), (4, 2), (4, 3), (4, 4)]
    """
    check_in_range(noise, "noise", 0, float("inf"))
    n = len(images)
    padded = F.pad(images.reshape(n, side, side), (1, 1, 1, 1))
    rows, cols = (torch.randint(0, 3, (n, 1), generator=generator).to(images.device) + torch.arange(side, device=images.device) for _ in "rc")
    shifted = padded[torch.arange(n, device=images.device)[:, None, None], rows[:, :, None], cols[:, None, :]].reshape(n, -1)
    return shifted + noise * torch.randn(shifted.shape, generator=generator).to(images.device)


def train_student_jittered(
    inputs: Tensor, labels: Tensor, seed: int = 0, teacher: nn.Module | None = None, temperature: float = 8.0,
    alpha: float = 0.9, copies: int = 4, noise: float = 0.1,
) -> nn.Module:
    r"""`train_student` on a larger transfer set: every epoch adds `copies` fresh `jitter`ed versions of each
    input. With a `teacher`, the teacher labels all of them (its soft targets, weight $\alpha$) and the hard
    labels stay on the original `inputs` (weight $1 - \alpha$); without one, each copy keeps its image's label.

    Examples:
        >>> split = load_digits_split()
        >>> student = train_student_jittered(split.x_few, split.y_few)  # no teacher: each copy keeps its label
        >>> accuracy(student, split.x_few, split.y_few)
        1.0
    """
    copies = check_count(copies, "copies", 1)
    student = mlp(STUDENT_HIDDEN, seed=seed).to(inputs.device)
    torch.manual_seed(seed)
    generator = torch.Generator().manual_seed(seed)
    optimizer = torch.optim.Adam(student.parameters(), lr=1e-2)
    for _ in range(300):
        batch = torch.cat([inputs, jitter(inputs.repeat(copies, 1), generator, noise)])
        logits = student(batch)
        if teacher is None:
            loss = F.cross_entropy(logits, labels.repeat(copies + 1))
        else:
            with torch.no_grad():
                teacher_logits = teacher.eval()(batch)  # the teacher answers for the new images too
            soft = distillation_loss(logits, teacher_logits, temperature=temperature, alpha=1.0)
            loss = alpha * soft + (1 - alpha) * F.cross_entropy(logits[: len(inputs)], labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    return student.eval()
# --8<-- [end:transfer_set]


# --8<-- [start:accuracy]
def accuracy(model: nn.Module, inputs: Tensor, labels: Tensor) -> float:
    r"""Share of inputs whose largest logit is the label: $\frac{1}{N}\sum_n [\arg\max_i z_{n,i} = y_n]$.

    Examples:
        >>> accuracy(nn.Identity(), torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]]), torch.tensor([0, 1, 1]))
        0.6667
    """
    if len(inputs) != len(labels) or len(labels) == 0:
        raise ValueError(f"inputs and labels must be non-empty and equally long, got {len(inputs)} and {len(labels)}")
    with torch.no_grad():
        correct = (model(inputs).argmax(dim=-1) == labels).float().mean().item()
    return round(correct, 4)


def gap_closed(teacher: float, alone: float, distilled: float) -> float:
    r"""Share of the teacher–student accuracy gap that distillation closes:
    $(a_\text{distilled} - a_\text{alone}) / (a_\text{teacher} - a_\text{alone})$.

    Examples:
        >>> gap_closed(teacher=0.98, alone=0.88, distilled=0.94)
        0.6
    """
    for name, value in (("teacher", teacher), ("alone", alone), ("distilled", distilled)):
        check_in_range(value, name, 0, 1)
    if teacher <= alone:
        raise ValueError(f"teacher must be more accurate than alone for a gap to close, got {teacher} and {alone}")
    return round((distilled - alone) / (teacher - alone), 4)
# --8<-- [end:accuracy]
