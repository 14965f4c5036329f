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

from genai_notes._nets import apply_net, mlp, seeded
from genai_notes._validate import (
    MAX_LR,
    as_device,
    as_labels,
    as_logit_batch,
    as_tensor,
    check_count,
    check_in_range,
)
from genai_notes._validate import (
    check_callable,
    check_instance,
    check_positive,
    check_seed,
)

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
#: The temperatures accepted (Hinton et al. use 1 to 20): below 0.01, logits divided by T overflow
#: float32; far above 1e6 the factor T² of the loss overflows it.
TEMPERATURES = (1e-2, 1e6)
#: The largest logit magnitude accepted; a network whose scores exceed it has diverged.
MAX_LOGIT = 1e4


def _temperature(temperature: float) -> float:
    return check_positive(temperature, "temperature", *TEMPERATURES)


# --8<-- [start:soft_targets]
def soft_targets(teacher_logits: Tensor, temperature: float = 1.0) -> Tensor:
    r"""The teacher's answer softened by temperature $T$: $p_i = e^{v_i/T} / \sum_j e^{v_j/T}$.

    $T = 1$ is the ordinary softmax; a larger $T$ flattens it and lets the small
    probabilities of the wrong classes show. `temperature` must lie in `TEMPERATURES`
    (0.01 to 10⁶) and the logits within ±`MAX_LOGIT`, so that $v/T$ fits in float32.

    Examples:
        >>> import torch
        >>> from genai_notes.distillation import soft_targets
        >>> v = torch.log(torch.tensor([0.7, 0.25, 0.05]))
        >>> soft_targets(v).round(decimals=2)
        tensor([0.7000, 0.2500, 0.0500])
        >>> soft_targets(v, temperature=2.0).round(decimals=3)
        tensor([0.5360, 0.3200, 0.1430])
    """
    # v: (batch, classes), a single vector read as a batch of one; |v| is
    # bounded, so v / T stays finite in float32
    v, t = (
        as_logit_batch(teacher_logits, "teacher_logits", MAX_LOGIT),
        _temperature(temperature),
    )
    # p_i = e^{v_i/T} / Σ_j e^{v_j/T}: dividing by T > 1 shrinks the gaps
    # between logits, so the wrong classes get visible probability;
    # reshaped back, a (classes,) input gives a (classes,) output
    return torch.softmax(v / t, dim=-1).reshape(teacher_logits.shape)


# --8<-- [end:soft_targets]


def _loss_args(
    student_logits: Tensor,
    teacher_logits: Tensor,
    temperature: float,
    alpha: float,
) -> tuple[Tensor, Tensor, float, float]:
    z = as_logit_batch(student_logits, "student_logits", MAX_LOGIT)
    v = as_logit_batch(teacher_logits, "teacher_logits", MAX_LOGIT)
    if student_logits.shape != teacher_logits.shape:
        raise ValueError(
            "student_logits and teacher_logits must have the same shape, "
            f"got {tuple(student_logits.shape)} and {tuple(teacher_logits.shape)}"
        )
    return z, v, _temperature(temperature), check_in_range(alpha, "alpha", 0, 1)


def _labels(labels: Tensor | None, batch: int, classes: int) -> Tensor:
    if labels is None:
        raise ValueError(
            "labels must be given when alpha < 1 (the hard-target term needs them)"
        )
    return as_labels(labels, "labels", batch, classes)


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
        >>> import torch
        >>> from genai_notes.distillation import distillation_loss
        >>> teacher, student = torch.tensor([[2.0, 1.0, 0.0]]), torch.zeros(1, 3)
        >>> soft = distillation_loss(student, teacher, temperature=1.0, alpha=1.0)
        >>> round(soft.item(), 6)
        0.266217
        >>> hard = distillation_loss(student, teacher, torch.tensor([0]), alpha=0.0)
        >>> round(hard.item(), 6)
        1.098612
    """
    # z: student logits, v: teacher logits, both (batch, classes), same
    # shape; T and α checked, α ∈ [0, 1]
    z, v, temperature, alpha = _loss_args(
        student_logits, teacher_logits, temperature, alpha
    )
    # log-probabilities straight from the logits: log_softmax never takes
    # log 0, so a confident teacher gives no −inf · 0 = nan
    log_p = F.log_softmax(v / temperature, dim=-1)  # teacher: log p_i
    # student at the same T: log q_i
    log_q = F.log_softmax(z / temperature, dim=-1)
    # D_KL(p || q) = Σ p_i (log p_i − log q_i), then the mean over the batch
    kl = (log_p.exp() * (log_p - log_q)).sum(dim=-1).mean()
    # The soft term's gradient is (q − p)/T and shrinks like 1/T² for large T;
    # T² restores it, so changing T does not silently reweight the two terms.
    loss = alpha * temperature**2 * kl
    # α = 1 is pure distillation: no labels are needed at all
    if alpha < 1:
        # y: (batch,) class indices; required only here
        hard = _labels(labels, *z.shape)
        # H(y, softmax(z)) at T = 1
        loss = loss + (1 - alpha) * F.cross_entropy(z, hard)
    # L = α T² D_KL(p‖q) + (1 − α) H(y, softmax(z)), a scalar
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

    def __post_init__(self) -> None:
        # a split built by hand gets the same checks as one loaded here
        for part in ("train", "few", "test"):
            # x: (n, 64) pixels; y: n labels
            x, y = (
                as_tensor(getattr(self, f"x_{part}"), f"x_{part}", ndim=2),
                getattr(self, f"y_{part}"),
            )
            # one label per image, or the loss would pair them wrongly
            if as_tensor(y, f"y_{part}", floating=False).numel() != x.shape[0]:
                raise ValueError(
                    f"x_{part} and y_{part} must hold the same number of "
                    f"examples, got {x.shape[0]} images and {y.numel()} "
                    "labels"
                )
            # labels are digits: 0–9, ten classes
            as_labels(y, f"y_{part}", x.shape[0], 10)


def load_digits_split(
    per_class: int = 10,
    n_test: int = 597,
    seed: int = 0,
    device: str | torch.device = "cpu",
) -> DigitsSplit:
    """Shuffle scikit-learn's 1,797 digit images with `seed` and split them.

    Examples:
        >>> import torch
        >>> from genai_notes.distillation import load_digits_split
        >>> split = load_digits_split(per_class=5)
        >>> [tuple(x.shape) for x in (split.x_train, split.x_few, split.x_test)]
        [(1200, 64), (50, 64), (597, 64)]
        >>> torch.bincount(split.y_few).tolist()
        [5, 5, 5, 5, 5, 5, 5, 5, 5, 5]
    """
    # bundled with scikit-learn: nothing is downloaded
    from sklearn.datasets import load_digits

    # images: (1797, 64), pixel values 0..16; digits: (1797,) labels
    images, digits = load_digits(return_X_y=True)
    n_test, seed, device = (
        check_count(n_test, "n_test", 1, len(digits) - 1),
        check_seed(seed),
        as_device(device),
    )
    # pixel values are 0..16
    x = torch.tensor(images / 16.0, dtype=torch.float32, device=device)
    y = torch.tensor(digits, device=device)
    # a shuffle of its own (a seeded local generator): the same split for
    # a given seed, whatever the caller did to torch's global stream
    order = torch.randperm(
        len(y), generator=torch.Generator().manual_seed(seed)
    ).to(device)
    # the first n_test shuffled images are held out for testing
    train, test = order[n_test:], order[:n_test]
    # the student's few labelled images come from the training part only
    few = _first_per_class(y[train], per_class)
    return DigitsSplit(
        x[train], y[train], x[train][few], y[train][few], x[test], y[test]
    )


def _first_per_class(labels: Tensor, per_class: int) -> Tensor:
    # counts[d]: how many training images show digit d
    counts = torch.bincount(labels)
    # the rarest digit caps per_class: every digit gets the same number
    per_class = check_count(per_class, "per_class", 1, int(counts.min().item()))
    # indices of the first per_class images of each digit, 0 to 9
    picked = [
        torch.nonzero(labels == digit).flatten()[:per_class]
        for digit in range(len(counts))
    ]
    # (10 · per_class,) indices, digit 0's first
    return torch.cat(picked)


# --8<-- [end:data]


# --8<-- [start:models]
def _training_args(
    model: nn.Module,
    inputs: Tensor,
    loss_fn: Callable[[Tensor], Tensor],
    epochs: int,
    lr: float,
    noise: float,
    seed: int,
) -> tuple[nn.Module, Tensor, int, float, float]:
    # checked only: these arguments are used as they are
    (
        check_instance(model, "model", nn.Module),
        check_seed(seed),
        check_callable(loss_fn, "loss_fn"),
    )
    # σ of the input noise; 0 turns it off
    noise = check_in_range(noise, "noise", 0, MAX_LOGIT)
    # lr is capped (MAX_LR): beyond it a step of Adam throws the weights
    # to inf
    return (
        model,
        as_tensor(inputs, "inputs"),
        check_count(epochs, "epochs", 1),
        check_positive(lr, "lr", high=MAX_LR),
        noise,
    )


def train(
    model: nn.Module,
    inputs: Tensor,
    loss_fn: Callable[[Tensor], Tensor],
    epochs: int,
    lr: float,
    noise: float = 0.0,
    seed: int = 0,
) -> nn.Module:
    r"""Full-batch Adam: each epoch takes one step on `loss_fn(model(x + noise·ε))`, $\varepsilon \sim \mathcal{N}(0, I)$.

    Returns the model in evaluation mode (dropout off).

    Examples:
        >>> import torch
        >>> import torch.nn.functional as F
        >>> from genai_notes.distillation import accuracy, mlp, train
        >>> model = mlp((8,))
        >>> x, y = torch.eye(64)[:10], torch.arange(10)
        >>> loss_fn = lambda logits: F.cross_entropy(logits, y)
        >>> model = train(model, x, loss_fn, epochs=100, lr=1e-2)
        >>> accuracy(model, x, y)
        1.0
    """
    model, inputs, epochs, lr, noise = _training_args(
        model, inputs, loss_fn, epochs, lr, noise, seed
    )
    # Adam adapts each parameter's step size: one loop trains both the big
    # teacher and the small student
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    # training mode: dropout on
    model.train()
    # fixes the dropout masks and the input noise, leaving the caller's
    # stream alone
    with seeded(seed):
        # full batch: the whole data set in every step, so an epoch is one
        # step and no batch order enters the result
        for _ in range(epochs):
            # Small pixel noise (like Hinton et al.'s jitter) keeps a big
            # model from memorising.
            jittered = (
                inputs + noise * torch.randn_like(inputs) if noise else inputs
            )
            # θ ← Adam(θ, ∇θ loss_fn(model(x + σε)))
            optimizer.zero_grad()
            loss_fn(apply_net(model, jittered, "model", "inputs")).backward()
            optimizer.step()
    # evaluation mode: dropout off, so predictions are deterministic
    return model.eval()


# --8<-- [end:models]


# --8<-- [start:teacher_student]
def _examples(
    inputs: Tensor, labels: Tensor | None
) -> tuple[Tensor, Tensor | None]:
    """Digit images (n, 64) and, unless None, their n labels 0–9."""
    # the networks take 8 × 8 = 64 pixels in
    if as_tensor(inputs, "inputs", ndim=2).shape[1] != 64:
        raise ValueError(
            "inputs must be 8×8 digit images, shape (n, 64), "
            f"got {tuple(inputs.shape)}"
        )
    # labels are optional: distillation alone (α = 1) needs none
    return inputs, None if labels is None else as_labels(
        labels, "labels", len(inputs), 10
    )


def train_teacher(inputs: Tensor, labels: Tensor, seed: int = 0) -> nn.Module:
    """The large model: two hidden layers of 256 with dropout and input noise, on hard labels.

    Examples:
        >>> from genai_notes.distillation import (
        ...     accuracy, load_digits_split, train_teacher)
        >>> split = load_digits_split()
        >>> x, y = split.x_few, split.y_few  # 100 images: the big model fits every one
        >>> teacher = train_teacher(x, y)
        >>> accuracy(teacher, x, y)
        1.0
    """
    # the teacher always learns from labels
    inputs, labels = _examples(inputs, check_instance(labels, "labels", Tensor))
    # 64 → 256 → 256 → 10, dropout 0.2: big, and regularised so that its
    # wrong-class probabilities carry information
    teacher = mlp(TEACHER_HIDDEN, dropout=0.2, seed=seed).to(inputs.device)
    return train(
        teacher,
        inputs,
        # H(y, softmax(v)): hard targets only
        lambda logits: F.cross_entropy(logits, labels),
        epochs=200,
        lr=3e-3,
        # σ = 0.1 pixel noise on top of dropout
        noise=0.1,
        seed=seed,
    )


def train_student(
    inputs: Tensor,
    labels: Tensor | None,
    seed: int = 0,
    teacher: nn.Module | None = None,
    temperature: float = 1.0,
    alpha: float = 0.9,
) -> nn.Module:
    """The small model (one hidden layer of 32): on hard labels alone when `teacher` is None,
    else on `distillation_loss` against the teacher's logits for the same inputs.

    Examples:
        >>> from genai_notes.distillation import (
        ...     accuracy, load_digits_split, train_student)
        >>> split = load_digits_split()
        >>> student = train_student(split.x_few, split.y_few)
        >>> accuracy(student, split.x_few, split.y_few)
        1.0
    """
    inputs, labels = _examples(inputs, labels)
    # 64 → 32 → 10: the same initial weights for a given seed, with a
    # teacher or without, so only the loss differs
    student = mlp(STUDENT_HIDDEN, seed=seed).to(inputs.device)
    # the baseline: the student alone, on hard labels
    if teacher is None:
        if labels is None:
            raise ValueError("labels must be given when there is no teacher")
        return train(
            student,
            inputs,
            # H(y, softmax(z))
            lambda logits: F.cross_entropy(logits, labels),
            epochs=300,
            lr=1e-2,
            seed=seed,
        )
    # no gradient flows into the teacher: it is a fixed target
    with torch.no_grad():
        # computed once: the teacher does not change
        teacher_logits = check_instance(teacher, "teacher", nn.Module).eval()(
            inputs
        )
    # the same epochs, lr and seed as the baseline: a fair comparison
    return train(
        student,
        inputs,
        # α T² D_KL(p‖q) + (1 − α) H(y, softmax(z))
        lambda logits: distillation_loss(
            logits, teacher_logits, labels, temperature, alpha
        ),
        epochs=300,
        lr=1e-2,
        seed=seed,
    )


# --8<-- [end:teacher_student]


# --8<-- [start:transfer_set]
def jitter(
    images: Tensor,
    generator: torch.Generator,
    noise: float = 0.1,
    side: int = 8,
) -> Tensor:
    r"""New inputs that look like old ones: each flattened `side`×`side` image moves by −1, 0 or +1
    pixel along each axis (zeros come in at the border), then gets pixel noise $\sigma\varepsilon$,
    $\varepsilon \sim \mathcal{N}(0, I)$, $\sigma$ = `noise`.

    Examples:
        >>> import torch
        >>> from genai_notes.distillation import jitter
        >>> dot = torch.zeros(1, 64)
        >>> dot[0, 3 * 8 + 3] = 1.0  # one bright pixel in row 3, column 3
        >>> generator = torch.Generator().manual_seed(0)
        >>> moved = jitter(dot.repeat(500, 1), generator, noise=0.0)
        >>> cells = {(i // 8, i % 8) for i in moved.argmax(dim=1).tolist()}
        >>> sorted(cells)  # every neighbour, nothing farther
        [(2, 2), (2, 3), (2, 4), (3, 2), (3, 3), (3, 4), (4, 2), (4, 3), (4, 4)]
    """
    images, generator = (
        as_tensor(images, "images", ndim=2),
        check_instance(generator, "generator", torch.Generator),
    )
    side, noise = (
        check_count(side, "side", 1),
        check_in_range(noise, "noise", 0, 10),
    )
    # each row of images is one flattened side × side picture
    if images.shape[1] != side * side:
        raise ValueError(
            f"images must have side * side = {side * side} columns, "
            f"got {images.shape[1]}"
        )
    n = len(images)
    # (n, side + 2, side + 2): a border of zeros, so a shift by one pixel
    # brings in black, never wraps around
    padded = F.pad(images.reshape(n, side, side), (1, 1, 1, 1))
    # per image an offset d ∈ {0, 1, 2} per axis: output row r reads padded
    # row r + d, i.e. original row r + d − 1, a shift by −1, 0 or +1;
    # rows, cols: (n, side) each. Drawn on the CPU generator, then moved,
    # so a seed gives the same shifts on every device.
    rows, cols = (
        torch.randint(0, 3, (n, 1), generator=generator).to(images.device)
        + torch.arange(side, device=images.device)
        for _ in "rc"
    )
    # advanced indexing (n, 1, 1), (n, side, 1), (n, 1, side) broadcasts
    # to (n, side, side): pixel (r, c) of image k comes from
    # padded[k, rows[k, r], cols[k, c]]; flattened back to (n, side²)
    shifted = padded[
        torch.arange(n, device=images.device)[:, None, None],
        rows[:, :, None],
        cols[:, None, :],
    ].reshape(n, -1)
    # x' = shift(x) + σε, ε ~ N(0, I)
    return shifted + noise * torch.randn(shifted.shape, generator=generator).to(
        images.device
    )


def train_student_jittered(
    inputs: Tensor,
    labels: Tensor,
    seed: int = 0,
    teacher: nn.Module | None = None,
    temperature: float = 8.0,
    alpha: float = 0.9,
    copies: int = 4,
    noise: float = 0.1,
) -> nn.Module:
    r"""`train_student` on a larger transfer set: every epoch adds `copies` fresh `jitter`ed versions of each
    input. With a `teacher`, the teacher labels all of them (its soft targets, weight $\alpha$) and the hard
    labels stay on the original `inputs` (weight $1 - \alpha$); without one, each copy keeps its image's label.

    Examples:
        >>> from genai_notes.distillation import (
        ...     accuracy, load_digits_split, train_student_jittered)
        >>> split = load_digits_split()
        >>> x, y = split.x_few, split.y_few
        >>> student = train_student_jittered(x, y)  # no teacher: copies keep labels
        >>> accuracy(student, x, y)
        1.0
    """
    inputs, labels = _examples(inputs, labels)
    # even with a teacher the hard term needs the original labels
    if labels is None:
        raise ValueError(
            "labels must be given: the hard labels stay on the original inputs"
        )
    copies, temperature = (
        check_count(copies, "copies", 1),
        check_positive(temperature, "temperature"),
    )
    alpha = check_in_range(alpha, "alpha", 0, 1)
    if teacher is not None:
        check_instance(teacher, "teacher", nn.Module)
    # the same student and initial weights as train_student
    student = mlp(STUDENT_HIDDEN, seed=seed).to(inputs.device)
    # the copies' own stream: the global one is left alone
    generator = torch.Generator().manual_seed(check_seed(seed))
    optimizer = torch.optim.Adam(student.parameters(), lr=1e-2)
    # 300 full-batch steps, as train_student takes
    for _ in range(300):
        # (n · (copies + 1), 64): the originals first, then fresh copies
        # (new shifts and noise every epoch, so none is seen twice)
        batch = torch.cat(
            [inputs, jitter(inputs.repeat(copies, 1), generator, noise)]
        )
        logits = student(batch)
        # no teacher: plain data augmentation, H(y, softmax(z)) with each
        # copy labelled like its original (repeat keeps the order of cat)
        if teacher is None:
            loss = F.cross_entropy(logits, labels.repeat(copies + 1))
        else:
            with torch.no_grad():
                # the teacher answers for the new images too
                teacher_logits = teacher.eval()(batch)
            # T² D_KL(p‖q) over the whole batch: soft targets need no labels
            soft = distillation_loss(
                logits, teacher_logits, temperature=temperature, alpha=1.0
            )
            # α · soft + (1 − α) H(y, softmax(z)) on the n originals only
            loss = alpha * soft + (1 - alpha) * F.cross_entropy(
                logits[: len(inputs)], labels
            )
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
    # evaluation mode, as train returns its models
    return student.eval()


# --8<-- [end:transfer_set]


def _accuracy_args(
    model: nn.Module, inputs: Tensor, labels: Tensor
) -> tuple[nn.Module, Tensor, Tensor]:
    (
        check_instance(model, "model", nn.Module),
        as_tensor(inputs, "inputs"),
        as_tensor(labels, "labels", floating=False),
    )
    if len(inputs) != len(labels):
        raise ValueError(
            f"inputs and labels must be equally long, got {len(inputs)} and {len(labels)}"
        )
    return model, inputs, labels


# --8<-- [start:accuracy]
def accuracy(model: nn.Module, inputs: Tensor, labels: Tensor) -> float:
    r"""Share of inputs whose largest logit is the label: $\frac{1}{N}\sum_n [\arg\max_i z_{n,i} = y_n]$.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> from genai_notes.distillation import accuracy
        >>> logits = torch.tensor([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4]])
        >>> round(accuracy(nn.Identity(), logits, torch.tensor([0, 1, 1])), 4)
        0.6667
    """
    # one label per input, checked before anything runs
    model, inputs, labels = _accuracy_args(model, inputs, labels)
    # no graph: accuracy is measured, never trained on
    with torch.no_grad():
        # (1/N) Σ_n [argmax_i z_{n,i} = y_n]; in float64, 2/3 comes back
        # as 0.6666666666666666, not float32's 0.6666666865
        return (model(inputs).argmax(dim=-1) == labels).double().mean().item()


def gap_closed(teacher: float, alone: float, distilled: float) -> float:
    r"""Share of the teacher–student accuracy gap that distillation closes:
    $(a_\text{distilled} - a_\text{alone}) / (a_\text{teacher} - a_\text{alone})$.

    Examples:
        >>> from genai_notes.distillation import gap_closed
        >>> round(gap_closed(teacher=0.98, alone=0.88, distilled=0.94), 4)
        0.6
    """
    # three accuracies, each a share in [0, 1]
    teacher, alone, distilled = (
        check_in_range(a, name, 0, 1)
        for a, name in (
            (teacher, "teacher"),
            (alone, "alone"),
            (distilled, "distilled"),
        )
    )
    # no gap (or a negative one) would divide by zero or flip the sign
    if teacher <= alone:
        raise ValueError(
            "teacher must be more accurate than alone for a gap to close, "
            f"got {teacher} and {alone}"
        )
    # 0: no better than alone; 1: as good as the teacher; above 1 or
    # below 0 is possible and means exactly that
    return (distilled - alone) / (teacher - alone)


# --8<-- [end:accuracy]
