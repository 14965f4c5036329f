# %% [markdown]
# # Knowledge distillation: a small model learns from a big one
#
# The lecture on [knowledge distillation](../lectures/distillation.md) argues that a teacher model's answers (soft targets) carry more than the labels in the data (hard targets): they say which wrong classes look like the right one. This notebook repeats the experiment of Hinton et al. (2015) on the 8×8 handwritten digits that ship with scikit-learn. We train a large teacher, then train the same small student twice, once on the labels alone and once from the teacher, and sweep the temperature.
#
# Whether distillation shows depends on the data the student gets. Here **the teacher has seen the whole training set, but the student only gets 10 labelled images of each digit**. On its own, the student cannot learn much from so little. The teacher has digested far more; can its soft targets on those same few images pass that knowledge on?
#
# ⏱ Runs quickly on an ordinary laptop CPU, no GPU needed; the last cell prints how long it actually took.

# %%
import time

import matplotlib.pyplot as plt
import torch
from tqdm import tqdm

from genai_notes.distillation import (
    STUDENT_HIDDEN,
    TEACHER_HIDDEN,
    accuracy,
    gap_closed,
    load_digits_split,
    mlp,
    soft_targets,
    train_student,
    train_teacher,
)

start = time.perf_counter()
torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print("device:", device)

# %% [markdown]
# ## 1. The data: the teacher sees everything, the student very little
#
# 1,797 grey-scale digits of 8×8 pixels, shuffled and split into a training and a test set. `x_few` holds the first 10 training images of each digit: the only images for which the student gets labels.

# %%
split = load_digits_split(per_class=10, seed=0, device=device)
print(f"training images: {len(split.y_train)}   test images: {len(split.y_test)}   student's labelled images: {len(split.y_few)}")
assert torch.bincount(split.y_few).tolist() == [10] * 10

fig, axes = plt.subplots(1, 10, figsize=(8, 1.2))
for digit, ax in enumerate(axes):
    ax.imshow(split.x_few[split.y_few == digit][0].reshape(8, 8).cpu(), cmap="gray_r")
    ax.set_title(digit)
    ax.axis("off")
plt.show()

# %% [markdown]
# ## 2. The teacher: a big model on all the data
#
# The teacher is a multilayer perceptron with two hidden layers of 256 units, trained with dropout and a little pixel noise (Hinton et al. did the same on MNIST to keep the big model from memorising). The student has a single hidden layer of 32 units.

# %%
def size(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


print(f"teacher: {size(mlp(TEACHER_HIDDEN)):,} parameters   student: {size(mlp(STUDENT_HIDDEN)):,} parameters")
teacher = train_teacher(split.x_train, split.y_train, seed=0)
teacher_acc = accuracy(teacher, split.x_test, split.y_test)
print(f"teacher test accuracy: {teacher_acc:.2%}")
assert teacher_acc > 0.95

# %% [markdown]
# ## 3. What the teacher has digested: which wrong classes are close
#
# Average the teacher's soft targets over the training images of each digit and you get a 10×10 table: row $i$ says how much the teacher thinks images of digit $i$ look like each digit. At $T = 1$ the teacher is all but certain about images it was trained on, so the wrong classes get tiny probabilities and the answer looks much like a hard target. At $T = 8$ those tiny probabilities are brought into view.

# %%
with torch.no_grad():
    train_logits = teacher(split.x_train)


def wrong_digit_similarity(t: float) -> torch.Tensor:
    """Row d: the teacher's mean soft target on training images of digit d, right digit set to 0."""
    rows = torch.stack([soft_targets(train_logits[split.y_train == d], t).mean(0) for d in range(10)]).cpu()
    assert torch.allclose(rows.sum(1), torch.ones(10)) and (rows.argmax(1) == torch.arange(10)).all()
    return rows - torch.diag(rows.diag())


cold, warm = wrong_digit_similarity(1.0), wrong_digit_similarity(8.0)
print(f"largest probability on a wrong digit: T=1 {cold.max():.3f}   T=8 {warm.max():.3f}")
assert cold.max() < 0.01 < 0.05 < warm.max()
for d in range(10):
    print(f"  at T=8, images of {d} look most like {warm[d].argmax().item()} (p = {warm[d].max():.3f})")

fig, ax = plt.subplots(figsize=(4.2, 3.6))
image = ax.imshow(warm, cmap="Blues")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel("wrong digit")
ax.set_ylabel("true digit")
fig.colorbar(image)
plt.show()

# %% [markdown]
# ## 4. The student alone: labels for 100 images
#
# The student (always starting from the same initial weights) first learns from the hard targets alone. This is the baseline to beat.

# %%
alone = train_student(split.x_few, split.y_few, seed=0)
alone_acc = accuracy(alone, split.x_test, split.y_test)
print(f"student alone, test accuracy: {alone_acc:.2%}   (teacher: {teacher_acc:.2%})")
assert alone_acc < teacher_acc

# %% [markdown]
# ## 5. Learning from the teacher: a temperature sweep
#
# Same student, same 100 images, but now the distillation loss: weight $\alpha = 0.9$ on the teacher's soft targets (the KL divergence times $T^2$) and $0.1$ on the labels. The temperature goes from 1 to 20.

# %%
temperatures = [1.0, 2.0, 4.0, 8.0, 20.0]
distilled_acc = {}
for t in tqdm(temperatures, desc="temperatures"):
    student = train_student(split.x_few, split.y_few, seed=0, teacher=teacher, temperature=t, alpha=0.9)
    distilled_acc[t] = accuracy(student, split.x_test, split.y_test)
for t, acc in distilled_acc.items():
    print(f"T={t:>4g}: distilled student {acc:.2%}   gap closed {gap_closed(teacher_acc, alone_acc, acc):.0%}")

fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogx(temperatures, list(distilled_acc.values()), "o-", label="distilled student")
ax.axhline(teacher_acc, color="black", linestyle="--", label="teacher")
ax.axhline(alone_acc, color="gray", linestyle=":", label="student alone")
ax.set_xlabel("temperature T")
ax.set_ylabel("test accuracy")
ax.legend()
plt.show()

# %% [markdown]
# ## 6. What this run shows
#
# Two things stand out in the numbers above. At $T = 1$ distillation barely helps, because the teacher's answers are then almost hard targets (section 3). At higher temperatures the student improves clearly and closes a large part of the gap to the teacher. The `assert`s below turn both observations into checks.

# %%
best_t = max(distilled_acc, key=distilled_acc.get)
gap_at_8 = gap_closed(teacher_acc, alone_acc, distilled_acc[8.0])
print(f"best temperature in this run: T={best_t:g} ({distilled_acc[best_t]:.2%})")
print(f"share of the teacher-student gap closed at T=8: {gap_at_8:.0%}")
assert abs(distilled_acc[1.0] - alone_acc) < 0.02  # T = 1: hardly better than the labels alone
assert distilled_acc[8.0] > alone_acc + 0.02 and distilled_acc[8.0] > distilled_acc[1.0]
assert gap_at_8 > 0.4

# %% [markdown]
# ## 7. No labels at all: learning from the teacher's outputs alone
#
# Push it to the extreme: the student sees no labels at all ($\alpha = 1$) and learns only the teacher's soft targets on all 1,200 training images. The teacher's outputs are its whole curriculum; the original labels never reach it. This is the situation when a small model is trained on the outputs of a large language model.

# %%
no_labels = train_student(split.x_train, None, seed=0, teacher=teacher, temperature=8.0, alpha=1.0)
no_labels_acc = accuracy(no_labels, split.x_test, split.y_test)
print(f"student trained on the teacher's outputs only: {no_labels_acc:.2%}   (teacher: {teacher_acc:.2%})")
assert no_labels_acc > max(distilled_acc.values())
print(f"whole notebook: {time.perf_counter() - start:.1f} s on {device}")

# %% [markdown]
# ## Summary
#
# - A small student that has only a few labelled images does far better when it learns from a teacher that has seen all the data, provided the temperature is high enough for the teacher's view of the wrong classes to come through.
# - The same experiment over 10 random seeds (means, standard deviations, the gap closed at each temperature) is in the [experiment](../lectures/distillation.md) section of the lecture, produced by `benchmarks/distillation.py`.
# - Hinton et al.'s numbers on MNIST: the teacher made 67 test errors, the student trained alone 146, and the distilled student ($T = 20$) 74.
