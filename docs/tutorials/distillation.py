# %% [markdown] lang="zh"
# # 知識蒸餾：讓小模型向大模型學
#
# 講義〈[知識蒸餾](../lectures/distillation.md)〉說，老師模型的答案（軟目標）比課本上的標準答案（硬目標）多帶了一些資訊：哪些錯的類別跟正確答案比較像。這本筆記本在 scikit-learn 內建的 8×8 手寫數字上做一次 Hinton 等人（2015）的實驗：先訓練一個大的老師，再把同一個小學生訓練兩次，一次只看標準答案，一次向老師學，然後換不同的溫度看看。
#
# 要讓蒸餾的效果看得出來，資料的安排很重要。這裡的設定是：**老師看過全部的訓練資料，學生卻只拿到每個數字 10 張有標註的圖**。學生自己看這一點點資料學得有限；老師消化過大量資料，它在這些圖上給的軟目標，能不能把學到的東西傳下去？
#
# **執行時間：**在一般筆電的 CPU 上很快就能跑完，不需要 GPU；實際花了多久，最後一格會印出來。

# %% [markdown] lang="en"
# # Knowledge distillation: a small model learns from a big one
#
# The lecture on [knowledge distillation](../lectures/distillation.md) argues that a teacher model's answers (soft targets) carry more than the labels in the data (hard targets): they say which wrong classes look like the right one. This notebook repeats the experiment of Hinton et al. (2015) on the 8×8 handwritten digits that ship with scikit-learn. We train a large teacher, then train the same small student twice, once on the labels alone and once from the teacher, and sweep the temperature.
#
# Whether distillation shows depends on the data the student gets. Here **the teacher has seen the whole training set, but the student only gets 10 labelled images of each digit**. On its own, the student cannot learn much from so little. The teacher has digested far more; can its soft targets on those same few images pass that knowledge on?
#
# **Time:** Runs quickly on an ordinary laptop CPU, no GPU needed; the last cell prints how long it actually took.

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
from genai_notes.figures import use_cjk_fonts

use_cjk_fonts()  # Chinese labels need a font with Chinese glyphs

# the page's language: the render step sets it for each language's run
LANG = "zh"

start = time.perf_counter()
torch.manual_seed(0)
device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
print({"zh": "裝置：", "en": "device:"}[LANG], device)

# %% [markdown] lang="zh"
# ## 1. 資料：老師看全部，學生只看一點點
#
# 1,797 張 8×8 的灰階數字圖，隨機分成訓練集與測試集。`x_few` 是訓練集裡每個數字的前 10 張：學生唯一拿得到標準答案的資料。

# %% [markdown] lang="en"
# ## 1. The data: the teacher sees everything, the student very little
#
# 1,797 grey-scale digits of 8×8 pixels, shuffled and split into a training and a test set. `x_few` holds the first 10 training images of each digit: the only images for which the student gets labels.

# %%
split = load_digits_split(per_class=10, seed=0, device=device)
print(
    {
        "zh": f"訓練圖片：{len(split.y_train)}   "
        f"測試圖片：{len(split.y_test)}   "
        f"學生的標註圖片：{len(split.y_few)}",
        "en": f"training images: {len(split.y_train)}   "
        f"test images: {len(split.y_test)}   "
        f"student's labelled images: {len(split.y_few)}",
    }[LANG]
)
assert torch.bincount(split.y_few).tolist() == [10] * 10

fig, axes = plt.subplots(1, 10, figsize=(8, 1.2))
for digit, ax in enumerate(axes):
    ax.imshow(
        split.x_few[split.y_few == digit][0].reshape(8, 8).cpu(), cmap="gray_r"
    )
    ax.set_title(digit)
    ax.axis("off")
plt.show()


# %% [markdown] lang="zh"
# ## 2. 老師：大模型、全部資料
#
# 老師是兩層各 256 個神經元的多層感知器，訓練時加了 dropout 和一點像素雜訊（Hinton 等人在 MNIST 上也這樣讓大模型不要死背）。學生只有一層 32 個神經元。

# %% [markdown] lang="en"
# ## 2. The teacher: a big model on all the data
#
# The teacher is a multilayer perceptron with two hidden layers of 256 units, trained with dropout and a little pixel noise (Hinton et al. did the same on MNIST to keep the big model from memorising). The student has a single hidden layer of 32 units.


# %%
def size(model: torch.nn.Module) -> int:
    return sum(p.numel() for p in model.parameters())


print(
    {
        "zh": f"老師：{size(mlp(TEACHER_HIDDEN)):,} 個參數   "
        f"學生：{size(mlp(STUDENT_HIDDEN)):,} 個參數",
        "en": f"teacher: {size(mlp(TEACHER_HIDDEN)):,} parameters   "
        f"student: {size(mlp(STUDENT_HIDDEN)):,} parameters",
    }[LANG]
)
teacher = train_teacher(split.x_train, split.y_train, seed=0)
teacher_acc = accuracy(teacher, split.x_test, split.y_test)
print(
    {
        "zh": f"老師的測試準確率：{teacher_acc:.2%}",
        "en": f"teacher test accuracy: {teacher_acc:.2%}",
    }[LANG]
)
assert teacher_acc > 0.95

# %% [markdown] lang="zh"
# ## 3. 老師消化了什麼：錯的類別哪些比較像
#
# 把老師在每個數字的訓練圖上給的軟目標平均起來，得到一張 10×10 的表：第 $i$ 列是「真正是 $i$ 的圖，老師覺得像各個數字的程度」。在 $T = 1$ 時，老師對自己訓練過的圖幾乎百分之百肯定，錯的類別只分到很小的機率，看起來跟硬目標差不多；把溫度調到 $T = 8$，這些小機率就被放大到看得見了。

# %% [markdown] lang="en"
# ## 3. What the teacher has digested: which wrong classes are close
#
# Average the teacher's soft targets over the training images of each digit and you get a 10×10 table: row $i$ says how much the teacher thinks images of digit $i$ look like each digit. At $T = 1$ the teacher is all but certain about images it was trained on, so the wrong classes get tiny probabilities and the answer looks much like a hard target. At $T = 8$ those tiny probabilities are brought into view.

# %%
with torch.no_grad():
    train_logits = teacher(split.x_train)


def wrong_digit_similarity(t: float) -> torch.Tensor:
    # Row d: the teacher's mean soft target on training images of digit d, right
    # digit set to 0.
    rows = torch.stack(
        [
            soft_targets(train_logits[split.y_train == d], t).mean(0)
            for d in range(10)
        ]
    ).cpu()
    assert (
        torch.allclose(rows.sum(1), torch.ones(10))
        and (rows.argmax(1) == torch.arange(10)).all()
    )
    return rows - torch.diag(rows.diag())


cold, warm = wrong_digit_similarity(1.0), wrong_digit_similarity(8.0)
print(
    {
        "zh": f"錯誤數字得到的最大機率：T=1 {cold.max():.3f}   "
        f"T=8 {warm.max():.3f}",
        "en": f"largest probability on a wrong digit: T=1 {cold.max():.3f}   "
        f"T=8 {warm.max():.3f}",
    }[LANG]
)
assert cold.max() < 0.01 < 0.05 < warm.max()
for d in range(10):
    print(
        {
            "zh": f"  T=8 時，{d} 的圖最像 {warm[d].argmax().item()}"
            f"（p = {warm[d].max():.3f}）",
            "en": f"  at T=8, images of {d} look most like "
            f"{warm[d].argmax().item()} (p = {warm[d].max():.3f})",
        }[LANG]
    )

fig, ax = plt.subplots(figsize=(4.2, 3.6))
image = ax.imshow(warm, cmap="Blues")
ax.set_xticks(range(10))
ax.set_yticks(range(10))
ax.set_xlabel({"zh": "錯誤的數字", "en": "wrong digit"}[LANG])
ax.set_ylabel({"zh": "真正的數字", "en": "true digit"}[LANG])
fig.colorbar(image)
plt.show()

# %% [markdown] lang="zh"
# ## 4. 學生自己學：只看 100 張圖的標準答案
#
# 同一個學生（同樣的初始權重）先只用硬目標訓練，這是後面比較的基準。

# %% [markdown] lang="en"
# ## 4. The student alone: labels for 100 images
#
# The student (always starting from the same initial weights) first learns from the hard targets alone. This is the baseline to beat.

# %%
alone = train_student(split.x_few, split.y_few, seed=0)
alone_acc = accuracy(alone, split.x_test, split.y_test)
print(
    {
        "zh": f"學生自己學，測試準確率：{alone_acc:.2%}   "
        f"（老師：{teacher_acc:.2%}）",
        "en": f"student alone, test accuracy: {alone_acc:.2%}   "
        f"(teacher: {teacher_acc:.2%})",
    }[LANG]
)
assert alone_acc < teacher_acc

# %% [markdown] lang="zh"
# ## 5. 向老師學：掃過不同的溫度
#
# 現在同一個學生、同樣 100 張圖，改用蒸餾損失：$\alpha = 0.9$ 的權重給老師的軟目標（乘上 $T^2$ 的 KL 散度），$0.1$ 給標準答案。溫度從 1 掃到 20。

# %% [markdown] lang="en"
# ## 5. Learning from the teacher: a temperature sweep
#
# Same student, same 100 images, but now the distillation loss: weight $\alpha = 0.9$ on the teacher's soft targets (the KL divergence times $T^2$) and $0.1$ on the labels. The temperature goes from 1 to 20.

# %%
temperatures = [1.0, 2.0, 4.0, 8.0, 20.0]
distilled_acc = {}
for t in tqdm(
    temperatures, desc={"zh": "各個溫度", "en": "temperatures"}[LANG]
):
    student = train_student(
        split.x_few,
        split.y_few,
        seed=0,
        teacher=teacher,
        temperature=t,
        alpha=0.9,
    )
    distilled_acc[t] = accuracy(student, split.x_test, split.y_test)
for t, acc in distilled_acc.items():
    print(
        {
            "zh": f"T={t:>4g}：蒸餾的學生 {acc:.2%}   "
            f"補上差距 {gap_closed(teacher_acc, alone_acc, acc):.0%}",
            "en": f"T={t:>4g}: distilled student {acc:.2%}   "
            f"gap closed {gap_closed(teacher_acc, alone_acc, acc):.0%}",
        }[LANG]
    )

fig, ax = plt.subplots(figsize=(5, 3))
ax.semilogx(
    temperatures,
    list(distilled_acc.values()),
    "o-",
    label={"zh": "蒸餾的學生", "en": "distilled student"}[LANG],
)
ax.axhline(
    teacher_acc,
    color="black",
    linestyle="--",
    label={"zh": "老師", "en": "teacher"}[LANG],
)
ax.axhline(
    alone_acc,
    color="gray",
    linestyle=":",
    label={"zh": "學生自己學", "en": "student alone"}[LANG],
)
ax.set_xlabel({"zh": "溫度 T", "en": "temperature T"}[LANG])
ax.set_ylabel({"zh": "測試準確率", "en": "test accuracy"}[LANG])
ax.legend()
plt.show()

# %% [markdown] lang="zh"
# ## 6. 這次跑出來的結果
#
# 上面印出的數字要注意兩件事：$T = 1$ 幾乎沒有幫助，因為那時老師的答案跟硬目標差不多（第 3 節）；溫度調高之後，學生明顯進步，補上了老師與學生之間差距的一大部分。下面的 `assert` 把這兩件事寫成檢查。

# %% [markdown] lang="en"
# ## 6. What this run shows
#
# Two things stand out in the numbers above. At $T = 1$ distillation barely helps, because the teacher's answers are then almost hard targets (section 3). At higher temperatures the student improves clearly and closes a large part of the gap to the teacher. The `assert`s below turn both observations into checks.

# %%
best_t = max(distilled_acc, key=distilled_acc.get)
gap_at_8 = gap_closed(teacher_acc, alone_acc, distilled_acc[8.0])
print(
    {
        "zh": f"這次執行最好的溫度：T={best_t:g}"
        f"（{distilled_acc[best_t]:.2%}）",
        "en": f"best temperature in this run: T={best_t:g} "
        f"({distilled_acc[best_t]:.2%})",
    }[LANG]
)
print(
    {
        "zh": f"T=8 補上的師生差距比例：{gap_at_8:.0%}",
        "en": f"share of the teacher-student gap closed at T=8: {gap_at_8:.0%}",
    }[LANG]
)
# T = 1: hardly better than the labels alone
assert abs(distilled_acc[1.0] - alone_acc) < 0.02
assert (
    distilled_acc[8.0] > alone_acc + 0.02
    and distilled_acc[8.0] > distilled_acc[1.0]
)
assert gap_at_8 > 0.4

# %% [markdown] lang="zh"
# ## 7. 完全沒有標準答案：只用老師的輸出
#
# 把情況推到極端：學生一個標準答案都不看（$\alpha = 1$），只在全部 1,200 張訓練圖上學老師的軟目標。老師的輸出就是它的教材，這張圖原本的標註是什麼，學生完全不知道。這正是今天用大型語言模型的輸出去訓練小模型的情況。

# %% [markdown] lang="en"
# ## 7. No labels at all: learning from the teacher's outputs alone
#
# Push it to the extreme: the student sees no labels at all ($\alpha = 1$) and learns only the teacher's soft targets on all 1,200 training images. The teacher's outputs are its whole curriculum; the original labels never reach it. This is the situation when a small model is trained on the outputs of a large language model.

# %%
no_labels = train_student(
    split.x_train, None, seed=0, teacher=teacher, temperature=8.0, alpha=1.0
)
no_labels_acc = accuracy(no_labels, split.x_test, split.y_test)
print(
    {
        "zh": f"只用老師的輸出訓練的學生：{no_labels_acc:.2%}   "
        f"（老師：{teacher_acc:.2%}）",
        "en": "student trained on the teacher's outputs only: "
        f"{no_labels_acc:.2%}   (teacher: {teacher_acc:.2%})",
    }[LANG]
)
assert no_labels_acc > max(distilled_acc.values())
print(
    {
        "zh": f"整本筆記本：{time.perf_counter() - start:.1f} 秒，"
        f"裝置 {device}",
        "en": f"whole notebook: {time.perf_counter() - start:.1f} s "
        f"on {device}",
    }[LANG]
)

# %% [markdown] lang="zh"
# ## 小結
#
# - 只拿到少量標註資料的小學生，向看過全部資料的老師學，比自己學好得多；這需要把溫度調高，讓老師對錯誤類別的看法浮現出來。
# - 同一個實驗換 10 個亂數種子的結果（平均、標準差、每個溫度補上的差距）在講義的〈[實驗](../lectures/distillation.md)〉一節，由 `benchmarks/distillation.py` 產生。
# - Hinton 等人在 MNIST 上的數字：老師 67 個錯誤、學生自己學 146 個、蒸餾後（$T = 20$）74 個。

# %% [markdown] lang="en"
# ## Summary
#
# - A small student that has only a few labelled images does far better when it learns from a teacher that has seen all the data, provided the temperature is high enough for the teacher's view of the wrong classes to come through.
# - The same experiment over 10 random seeds (means, standard deviations, the gap closed at each temperature) is in the [experiment](../lectures/distillation.md) section of the lecture, produced by `benchmarks/distillation.py`.
# - Hinton et al.'s numbers on MNIST: the teacher made 67 test errors, the student trained alone 146, and the distilled student ($T = 20$) 74.
