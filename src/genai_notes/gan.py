r"""Generative adversarial networks (Goodfellow et al., 2014) in PyTorch.

A *generator* $G$ turns random noise $z \sim P_z$ into samples; a *discriminator*
$D$ (a *critic* in WGAN) scores how real a sample looks. They play the game

$$\min_G \max_D V(D, G) = \mathbb{E}_{x \sim P_\text{data}}[\log D(x)] + \mathbb{E}_{z \sim P_z}[\log(1 - D(G(z)))].$$

The first half of the module holds the losses, each a small function: the
original GAN, WGAN with weight clipping or a gradient penalty, pix2pix and
CycleGAN. They take *logits* (scores before the sigmoid), never probabilities,
so that `log` never sees an exact 0.

The second half is the small experiment that the tutorial, the benchmark and the
tests share: 2-D mixtures of Gaussians (a ring of 8 and a grid of 25), the
mode-coverage metrics of Srivastava et al. (2017), small multilayer perceptrons,
one training step per recipe and a training loop.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import torch
import torch.nn.functional as F
from torch import Tensor, nn
from tqdm import tqdm

from genai_notes._nets import apply_net as _apply
from genai_notes._nets import mlp, seeded
from genai_notes._validate import (
    MAX_LR,
    as_array_pair,
    check_callable,
    as_device,
    as_tensor,
    as_tensor_pair,
    check_choice,
    check_count,
)
from genai_notes._validate import (
    check_counts,
    check_flag,
    check_in_range,
    check_instance,
    check_positive,
    check_seed,
)

__all__ = [
    "discriminator_loss",
    "generator_loss",
    "value_function",
    "optimal_discriminator",
    "wasserstein_critic_loss",
    "wasserstein_generator_loss",
    "clip_weights",
    "gradient_penalty",
    "pair",
    "pix2pix_generator_loss",
    "cycle_consistency_loss",
    "Mixture",
    "ring",
    "grid",
    "ModeReport",
    "mode_report",
    "mlp",
    "circle_pairs",
    "fit_regression",
    "fit_conditional_gan",
    "Recipe",
    "RECIPES",
    "GANState",
    "gan_step",
    "wgan_gp_step",
    "new_state",
    "TrainedGAN",
    "train_gan",
    "train_1d",
]

#: Size limits that keep a typo from allocating gigabytes: samples per call, modes, grid side.
MAX_SAMPLES, MAX_MODES, MAX_SIDE = 10_000_000, 10_000, 100
#: Largest radius, spacing or standard deviation of a mixture (its means are float32).
MAX_SCALE = 1e6
#: Largest weight of a loss term (Pix2Pix weighs L1 by 100, CycleGAN the cycle by 10): far beyond, float32 overflows.
MAX_LOSS_WEIGHT = 1e6


def _probability_tensor(d: Tensor, name: str) -> Tensor:
    if (as_tensor(d, name) < 0).any() or (d > 1).any():
        raise ValueError(
            f"{name} must hold probabilities in [0, 1], got min {d.min().item():.3g} and max {d.max().item():.3g}"
        )
    return d


def _densities(
    p_data: np.ndarray, p_g: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    p_data, p_g = as_array_pair(p_data, p_g, "p_data", "p_g")
    if (p_data < 0).any() or (p_g < 0).any():
        raise ValueError(
            "p_data and p_g must be densities (no negative values)"
        )
    if ((p_data == 0) & (p_g == 0)).any():
        raise ValueError(
            "p_data + p_g must be > 0 everywhere (D* is undefined where neither has mass)"
        )
    return p_data, p_g


# --8<-- [start:gan_losses]
def discriminator_loss(real_logits: Tensor, fake_logits: Tensor) -> Tensor:
    r"""Binary cross-entropy of the discriminator, real → 1 and fake → 0:

    $$\mathcal{L}_D = -\tfrac{1}{m}\textstyle\sum_i \log D(x_i) - \tfrac{1}{m}\sum_i \log\big(1 - D(G(z_i))\big),$$

    with $D = \sigma(\text{logit})$. Minimising it maximises $V(D, G)$.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import discriminator_loss
        >>> unsure = discriminator_loss(torch.zeros(4), torch.zeros(4))  # D = 1/2
        >>> round(unsure.item(), 4)  # 2 log 2
        1.3863
        >>> right = discriminator_loss(torch.tensor([5.0]), torch.tensor([-5.0]))
        >>> round(right.item(), 4)  # D is right on both: a small loss
        0.0134
    """
    real_logits, fake_logits = (
        as_tensor(real_logits, "real_logits"),
        as_tensor(fake_logits, "fake_logits"),
    )
    # D = σ(s) with s the logit; real → 1 costs −log σ(s_real), and fake → 0
    # costs −log(1 − σ(s_fake)).
    # −log σ(s) = softplus(−s) and −log(1 − σ(s)) = softplus(s): the same
    # numbers without ever taking the log of an exact 0.
    # Each mean is one of the two averages (1/m) Σ of L_D.
    return F.softplus(-real_logits).mean() + F.softplus(fake_logits).mean()


def generator_loss(fake_logits: Tensor, non_saturating: bool = True) -> Tensor:
    r"""The generator's loss, with $D$ frozen.

    Non-saturating (the default, used in practice): $-\tfrac{1}{m}\sum_i \log D(G(z_i))$.
    Original minimax (`non_saturating=False`): $\tfrac{1}{m}\sum_i \log\big(1 - D(G(z_i))\big)$,
    whose gradient vanishes exactly when $D$ confidently rejects the fakes, early in training.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import generator_loss
        >>> confident_d = torch.tensor([-6.0])  # D(G(z)) ≈ 0.0025
        >>> non_saturating = generator_loss(confident_d)
        >>> minimax = generator_loss(confident_d, non_saturating=False)
        >>> round(non_saturating.item(), 4), round(minimax.item(), 4)
        (6.0025, -0.0025)
    """
    fake_logits, non_saturating = (
        as_tensor(fake_logits, "fake_logits"),
        check_flag(non_saturating, "non_saturating"),
    )
    # Both losses push D(G(z)) up; they differ in where the gradient is large.
    if non_saturating:
        # −(1/m) Σ log D(G(z)): steep while D still rejects the fakes, so G
        # learns most early on, when it needs to.
        return F.softplus(-fake_logits).mean()  # −log σ(s)
    # (1/m) Σ log(1 − D(G(z))): the minimax term itself; flat where
    # D(G(z)) ≈ 0, so a confident D leaves G without a gradient.
    return -F.softplus(fake_logits).mean()  # log(1 − σ(s))


# --8<-- [end:gan_losses]


# --8<-- [start:value_function]
def value_function(d_real: Tensor, d_fake: Tensor) -> Tensor:
    r"""$V(D, G) = \tfrac{1}{m}\sum_i \log D(x_i) + \tfrac{1}{m}\sum_i \log\big(1 - D(G(z_i))\big)$
    from the discriminator's *probabilities* (expectations become averages).

    A discriminator that answers 1/2 everywhere gets $V = 2\log\tfrac12 = -\log 4$.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import value_function
        >>> half_real, half_fake = torch.full((3,), 0.5), torch.full((5,), 0.5)
        >>> round(value_function(half_real, half_fake).item(), 4)
        -1.3863
        >>> d_real, d_fake = torch.tensor([0.9, 0.8]), torch.tensor([0.1, 0.3])
        >>> round(value_function(d_real, d_fake).item(), 4)
        -0.3953
    """
    d_real, d_fake = (
        _probability_tensor(d_real, "d_real"),
        _probability_tensor(d_fake, "d_fake"),
    )
    # E_x[log D(x)] + E_z[log(1 − D(G(z)))], each expectation as a batch mean;
    # log1p(−d) = log(1 − d), accurate where d is tiny.
    # No clamping: log 0 = −inf is the honest value of a D that is certain and
    # wrong.
    return torch.log(d_real).mean() + torch.log1p(-d_fake).mean()


def optimal_discriminator(p_data: np.ndarray, p_g: np.ndarray) -> np.ndarray:
    r"""The best discriminator for a fixed generator: $D^*(x) = \dfrac{p_\text{data}(x)}{p_\text{data}(x) + p_g(x)}$.

    It is 1/2 wherever the two densities are equal, so a perfect generator
    leaves the discriminator nothing to tell apart.

    Examples:
        >>> from genai_notes.gan import optimal_discriminator
        >>> optimal_discriminator([0.3, 0.2, 0.0], [0.1, 0.2, 0.5])
        array([0.75, 0.5 , 0.  ])
    """
    p_data, p_g = _densities(p_data, p_g)
    # D* is a ratio, so any common factor cancels: dividing by the larger
    # density keeps both terms in [0, 1] and their sum at most 2, where huge
    # densities would overflow.
    scale = np.maximum(p_data, p_g)
    # D*(x) = p_data(x) / (p_data(x) + p_g(x)), each density divided by scale
    return (p_data / scale) / (p_data / scale + p_g / scale)


# --8<-- [end:value_function]


# --8<-- [start:wasserstein]
def wasserstein_critic_loss(real_scores: Tensor, fake_scores: Tensor) -> Tensor:
    r"""WGAN critic loss $\tfrac{1}{m}\sum_i f(G(z_i)) - \tfrac{1}{m}\sum_i f(x_i)$: the critic $f$
    outputs an unbounded score, and minimising this maximises the gap between real and fake,
    an estimate of the Wasserstein-1 distance when $f$ is 1-Lipschitz.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import wasserstein_critic_loss
        >>> real_scores = torch.tensor([2.0, 4.0])
        >>> wasserstein_critic_loss(real_scores, torch.tensor([-1.0, 0.0])).item()
        -3.5
    """
    real_scores, fake_scores = (
        as_tensor(real_scores, "real_scores"),
        as_tensor(fake_scores, "fake_scores"),
    )
    # mean f(fake) − mean f(real): no sigmoid and no log, the scores are
    # unbounded; minimising it widens the gap, which estimates W₁ only while f
    # is kept 1-Lipschitz (clipping or a penalty).
    return fake_scores.mean() - real_scores.mean()


def wasserstein_generator_loss(fake_scores: Tensor) -> Tensor:
    r"""WGAN generator loss $-\tfrac{1}{m}\sum_i f(G(z_i))$: raise the critic's score of the fakes.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import wasserstein_generator_loss
        >>> wasserstein_generator_loss(torch.tensor([-1.0, 0.0])).item()
        0.5
    """
    # −mean f(G(z)): only the fakes' term of the critic loss depends on G
    return -as_tensor(fake_scores, "fake_scores").mean()


def clip_weights(critic: nn.Module, clip: float = 0.01) -> nn.Module:
    r"""The original WGAN's crude Lipschitz constraint: clamp every parameter to $[-c, c]$ after each step.

    Examples:
        >>> from torch import nn
        >>> from genai_notes.gan import clip_weights
        >>> layer = nn.Linear(2, 1)
        >>> _ = nn.init.constant_(layer.weight, 3.0)
        >>> clip_weights(layer, 0.5).weight.tolist()
        [[0.5, 0.5]]
    """
    critic = check_instance(critic, "critic", nn.Module)
    clip = check_positive(clip, "clip", high=_largest_weight(critic))
    # An edit of the weights, not a training step: autograd must not record it.
    with torch.no_grad():
        for parameter in critic.parameters():
            # w ← clamp(w, −c, c) in place: bounded weights bound the slope of
            # f, a crude way to keep it (a multiple of) 1-Lipschitz.
            parameter.clamp_(-clip, clip)
    return critic


def _largest_weight(critic: nn.Module) -> float:
    """The largest number that every floating-point parameter of `critic` can hold."""
    # a larger clip would overflow in torch's clamp (1e39 does, for float32)
    types = {p.dtype for p in critic.parameters() if p.is_floating_point()}
    return min((torch.finfo(t).max for t in types), default=np.inf)


def _batches(real: Tensor, fake: Tensor) -> tuple[Tensor, Tensor]:
    real, fake = as_tensor_pair(real, fake, "real", "fake")
    if real.dim() < 2:
        raise ValueError(
            "real and fake must be batches of shape (n, features...), "
            f"got shape {tuple(real.shape)}"
        )
    return real, fake


def gradient_penalty(critic: nn.Module, real: Tensor, fake: Tensor) -> Tensor:
    r"""WGAN-GP's penalty $\tfrac{1}{m}\sum_i \big(\lVert \nabla_{\hat x} f(\hat x_i) \rVert_2 - 1\big)^2$ on
    random interpolations $\hat x_i = \epsilon_i x_i + (1 - \epsilon_i)\,\tilde x_i$, $\epsilon_i \sim U[0, 1]$.

    A 1-Lipschitz critic has gradient norm 1 along the lines between real and fake
    samples; the penalty (weighted by λ = 10 where it is applied) pulls it there.

    Examples:
        >>> import torch
        >>> from torch import nn
        >>> from genai_notes.gan import gradient_penalty
        >>> critic = nn.Linear(2, 1)
        >>> with torch.no_grad():
        ...     # f(x) = 3·x₁ + 4·x₂ + b, so ‖∇f‖ = 5 everywhere
        ...     _ = critic.weight.copy_(torch.tensor([[3.0, 4.0]]))
        >>> real, fake = torch.randn(8, 2), torch.randn(8, 2)
        >>> gradient_penalty(critic, real, fake).item()  # (5 − 1)²
        16.0
    """
    critic, (real, fake) = (
        check_callable(critic, "critic"),
        _batches(real, fake),
    )
    # ε ~ U[0, 1], one per sample, shaped (m, 1, …) to broadcast over the
    # features
    eps = torch.rand(len(real), *([1] * (real.dim() - 1)), device=real.device)
    # x̂ = ε x + (1 − ε) x̃: the penalty is checked on the lines between real
    # and fake, where the optimal critic has slope exactly 1.
    # The fakes are detached (this term trains f, not G); x̂ needs a gradient.
    mixed = (eps * real + (1 - eps) * fake.detach()).requires_grad_(True)  # x̂
    # The samples are independent, so the gradient of Σ f(x̂_i) holds every
    # ∇f(x̂_i) at once; create_graph keeps it differentiable, so the critic's
    # step can descend on the penalty too.
    (grad,) = torch.autograd.grad(
        _apply(critic, mixed, "critic", "real").sum(), mixed, create_graph=True
    )  # ∇x̂ f(x̂), kept differentiable
    # (1/m) Σ (‖∇f(x̂_i)‖₂ − 1)²: a two-sided penalty, slopes below 1 cost too
    return ((grad.flatten(1).norm(dim=1) - 1) ** 2).mean()


# --8<-- [end:wasserstein]


# --8<-- [start:translation]
def pair(condition: Tensor, output: Tensor) -> Tensor:
    r"""What pix2pix's conditional discriminator sees: the input and the output side by side,
    concatenated along the feature (channel) axis 1, so $D(x, y)$ can check that $y$ *belongs to* $x$.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import pair
        >>> photo, drawn_map = torch.zeros(4, 3, 8, 8), torch.ones(4, 3, 8, 8)
        >>> pair(photo, drawn_map).shape  # 3 + 3 channels, side by side
        torch.Size([4, 6, 8, 8])
    """
    condition, output = (
        as_tensor(condition, "condition"),
        as_tensor(output, "output"),
    )
    if (
        condition.dim() < 2
        or len(condition) != len(output)
        or condition.shape[2:] != output.shape[2:]
    ):
        raise ValueError(
            "condition and output must share the batch and spatial shape, "
            f"got {tuple(condition.shape)} and {tuple(output.shape)}"
        )
    # (m, c₁, h, w) and (m, c₂, h, w) → (m, c₁ + c₂, h, w): every pixel of y
    # is judged next to the pixel of x it must match.
    return torch.cat([condition, output], dim=1)


def pix2pix_generator_loss(
    fake_pair_logits: Tensor,
    fake: Tensor,
    target: Tensor,
    l1_weight: float = 100.0,
) -> Tensor:
    r"""pix2pix's generator loss: fool the conditional discriminator, and stay close to the paired target,

    $$\mathcal{L}_G = -\tfrac{1}{m}\textstyle\sum_i \log D\big(x_i, G(x_i)\big) + \lambda\, \tfrac{1}{n}\sum \lvert y - G(x) \rvert, \quad \lambda = 100.$$

    Examples:
        >>> import torch
        >>> from genai_notes.gan import pix2pix_generator_loss
        >>> logits, fake = torch.zeros(2), torch.zeros(2, 3)
        >>> target = torch.full((2, 3), 0.1)
        >>> loss = pix2pix_generator_loss(logits, fake, target)
        >>> round(loss.item(), 4)  # log 2 + 100 · 0.1
        10.6931
    """
    (fake, target), l1_weight = (
        as_tensor_pair(fake, target, "fake", "target"),
        check_positive(l1_weight, "l1_weight", high=MAX_LOSS_WEIGHT),
    )
    fake_pair_logits = as_tensor(fake_pair_logits, "fake_pair_logits")
    # −(1/m) Σ log D(x, G(x)) + λ · (1/n) Σ |y − G(x)|: the adversarial term
    # makes the output sharp, the L1 term keeps it on the paired target.
    # λ = 100 makes L1 the larger term; L1 rather than L2, which blurs.
    return generator_loss(fake_pair_logits) + l1_weight * F.l1_loss(
        fake, target
    )


def cycle_consistency_loss(
    original: Tensor, reconstructed: Tensor, weight: float = 10.0
) -> Tensor:
    r"""CycleGAN's cycle loss $\lambda\, \tfrac{1}{n}\sum \lvert F(G(a)) - a \rvert$ (L1, λ = 10):
    translating A → B → A must give back what went in.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import cycle_consistency_loss
        >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
        >>> round(cycle_consistency_loss(a, a + 0.05).item(), 4)  # 10 · 0.05
        0.5
    """
    (original, reconstructed), weight = (
        as_tensor_pair(original, reconstructed, "original", "reconstructed"),
        check_positive(weight, "weight", high=MAX_LOSS_WEIGHT),
    )
    # λ · (1/n) Σ |F(G(a)) − a|: with no paired targets, the way back is the
    # only check that G kept the content of a.
    return weight * F.l1_loss(reconstructed, original)


# --8<-- [end:translation]


# --8<-- [start:mixtures]
@dataclass(frozen=True)
class Mixture:
    """An equal-weight mixture of isotropic 2-D Gaussians: `means` has shape (modes, 2)."""

    means: Tensor  # μ_k, shape (modes, 2)
    std: float  # σ, the same for every mode

    def __post_init__(self) -> None:
        """Check that `means` is a (modes, 2) tensor and `std` a positive number."""
        if as_tensor(self.means, "means", ndim=2).shape[1] != 2:
            raise ValueError(
                "means must have shape (modes, 2), "
                f"got {tuple(self.means.shape)}"
            )
        check_positive(self.std, "std", high=MAX_SCALE)

    def sample(self, n: int, device: str | torch.device = "cpu") -> Tensor:
        r"""`n` points: pick a mode $k$ uniformly, then $x = \mu_k + \sigma\,\varepsilon$, $\varepsilon \sim \mathcal{N}(0, I)$.

        Uses torch's global random generator, so `torch.manual_seed` fixes the draw.
        """
        n, device = check_count(n, "n", 1, MAX_SAMPLES), as_device(device)
        means = self.means.to(device)
        # k ~ Uniform{0, …, K − 1}: equal weights, so every mode is drawn
        # equally often on average
        k = torch.randint(len(means), (n,), device=device)
        # x = μ_k + σ ε with ε ~ N(0, I), shape (n, 2): isotropic, one σ for
        # every mode and both axes
        return means[k] + self.std * torch.randn(n, 2, device=device)


def ring(modes: int = 8, radius: float = 1.0, std: float = 0.01) -> Mixture:
    r"""Modes at $\big(r\cos\tfrac{2\pi k}{K}, r\sin\tfrac{2\pi k}{K}\big)$, $k = 0, \dots, K-1$.

    `torch.linspace(0, 2π, 8)` would be wrong: it includes both 0 and 2π, the same point.

    Examples:
        >>> from genai_notes.gan import ring
        >>> means = ring().means[[0, 2, 4]].round(decimals=4)
        >>> (means + 0.0).tolist()  # + 0.0 turns −0.0 into 0.0
        [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0]]
    """
    modes, radius = (
        check_count(modes, "modes", 1, MAX_MODES),
        check_positive(radius, "radius", high=MAX_SCALE),
    )
    # θ_k = 2πk/K for k = 0, …, K − 1: K distinct angles, 2π itself left out
    angles = 2 * torch.pi * torch.arange(modes) / modes
    # μ_k = r (cos θ_k, sin θ_k), stacked into shape (K, 2)
    return Mixture(
        radius * torch.stack([torch.cos(angles), torch.sin(angles)], dim=1), std
    )


def grid(side: int = 5, spacing: float = 2.0, std: float = 0.05) -> Mixture:
    r"""A side × side grid of modes centred on 0, e.g. $\{-4, -2, 0, 2, 4\}^2$ for 25 modes.

    Examples:
        >>> from genai_notes.gan import grid
        >>> grid().means[:3].tolist()
        [[-4.0, -4.0], [-4.0, -2.0], [-4.0, 0.0]]
    """
    side, spacing = (
        check_count(side, "side", 1, MAX_SIDE),
        check_positive(spacing, "spacing", high=MAX_SCALE),
    )
    # the ticks d · (j − (side − 1)/2), j = 0, …, side − 1: centred on 0
    ticks = spacing * (torch.arange(side, dtype=torch.float32) - (side - 1) / 2)
    # every pair (a, b) of ticks is a mode: side² means, shape (side², 2)
    return Mixture(torch.cartesian_prod(ticks, ticks), std)


# --8<-- [end:mixtures]


# --8<-- [start:metrics]
@dataclass(frozen=True, repr=False)
class ModeReport:
    """How well samples cover a mixture: modes captured, share of high-quality samples, and
    KL(mode histogram ‖ uniform) in nats (0 = every mode equally often).

    The fields are exact; only the printed form rounds them to 4 decimals.
    """

    modes: int  # modes captured, out of K
    high_quality: float  # share of samples within 3σ of their nearest mean
    kl_uniform: float  # KL(p ‖ u) = log K − H(p), in nats
    counts: tuple[int, ...] = field(repr=False)  # samples per nearest mode

    def __post_init__(self) -> None:
        (
            check_count(self.modes, "modes", 0),
            check_in_range(self.high_quality, "high_quality", 0, 1),
        )
        (
            check_in_range(self.kl_uniform, "kl_uniform", 0, np.inf),
            check_counts(self.counts, "counts", 0),
        )

    def __repr__(self) -> str:
        """`ModeReport(modes=8, high_quality=0.986, kl_uniform=0.0013)`: 4 decimals, counts left out."""
        # round only here, for reading: the fields keep the exact values
        return (
            f"ModeReport(modes={self.modes}, "
            f"high_quality={round(self.high_quality, 4)}, "
            f"kl_uniform={round(self.kl_uniform, 4)})"
        )


def _mode_report_args(
    samples: Tensor, mixture: Mixture, within: float
) -> tuple[Tensor, Mixture, float]:
    check_instance(mixture, "mixture", Mixture)
    if as_tensor(samples, "samples", ndim=2).shape[1] != mixture.means.shape[1]:
        raise ValueError(
            f"samples must have shape (n, {mixture.means.shape[1]}), "
            f"got {tuple(samples.shape)}"
        )
    return samples, mixture, check_positive(within, "within")


def mode_report(
    samples: Tensor, mixture: Mixture, within: float = 3.0
) -> ModeReport:
    r"""The metrics of VEEGAN (Srivastava et al., 2017) on 2-D mixtures.

    A sample is *high quality* when it lies within `within` standard deviations of
    its nearest mean; a mode is *captured* when it is the nearest mean of at least one
    high-quality sample. `counts[k]` is how many samples have mode $k$ nearest, and
    $\mathrm{KL}(p \,\|\, u) = \log K - H(p)$ compares that histogram with the uniform one.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import mode_report, ring
        >>> mix = ring()
        >>> mode_report(mix.means[[0, 0, 1, 1]], mix)  # two modes, perfectly placed
        ModeReport(modes=2, high_quality=1.0, kl_uniform=1.3863)
        >>> off_and_on = torch.tensor([[0.5, 0.0], [1.0, 0.02]])
        >>> mode_report(off_and_on, mix)  # (0.5, 0) is 50 std off
        ModeReport(modes=1, high_quality=0.5, kl_uniform=2.0794)
    """
    samples, mixture, within = _mode_report_args(samples, mixture, within)
    # ‖x_i − μ_k‖ for every sample i and mode k: shape (n, K), on the CPU in
    # float32, whatever device and dtype the samples came from
    distances = torch.cdist(
        samples.detach().float().cpu(), mixture.means.float()
    )
    # the nearest mean k(i) = argmin_k ‖x_i − μ_k‖, and that distance
    nearest_distance, nearest = distances.min(dim=1)
    # high quality: within `within` σ of the nearest mean (3σ by default)
    good = nearest_distance <= within * mixture.std
    # the histogram of nearest modes, every sample counted, good or not;
    # minlength keeps the modes that no sample reached, as zeros
    counts = torch.bincount(nearest, minlength=len(mixture.means))
    # p_k = counts_k / n over the modes that were hit: 0 log 0 = 0 drops the
    # others
    p = counts[counts > 0].double() / len(samples)
    # KL(p ‖ u) = Σ p_k log(p_k K) = log K − H(p); 0 when the modes are hit
    # equally often, log K when one mode takes every sample.
    kl = (
        np.log(len(mixture.means)) + (p * p.log()).sum().item()
    )  # log K − H(p), with 0 log 0 = 0
    return ModeReport(
        # captured: the nearest mode of at least one high-quality sample
        modes=len(torch.unique(nearest[good])),
        high_quality=good.double().mean().item(),
        # rounding can leave −1e-17 where the exact KL is 0
        kl_uniform=max(float(kl), 0.0),
        counts=tuple(counts.tolist()),
    )


# --8<-- [end:metrics]


# --8<-- [start:one_to_many]
def circle_pairs(n: int = 512, seed: int = 0) -> tuple[Tensor, Tensor]:
    r"""A one-to-many data set: points $(\cos\theta, \sin\theta)$ on the unit circle, read as
    input $x = \cos\theta$ and output $y = \sin\theta$. Every input has two right answers, $\pm\sqrt{1 - x^2}$.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import circle_pairs
        >>> x, y = circle_pairs(4)
        >>> torch.allclose(x**2 + y**2, torch.ones(4, 1)), tuple(x.shape)
        (True, (4, 1))
    """
    n, seed = check_count(n, "n", 1, MAX_SAMPLES), check_seed(seed)
    # θ ~ U[0, 2π), from a generator of its own: the same seed gives the same
    # pairs, and the global stream is left alone
    theta = (
        2
        * torch.pi
        * torch.rand(n, 1, generator=torch.Generator().manual_seed(seed))
    )
    # x = cos θ and y = sin θ, each of shape (n, 1): y = ±√(1 − x²), two
    # answers for one x
    return torch.cos(theta), torch.sin(theta)


def _one_to_many_args(
    x: Tensor, y: Tensor, steps: int, seed: int
) -> tuple[Tensor, Tensor, int]:
    x, y = as_tensor_pair(x, y, "x", "y")
    if x.dim() != 2 or x.shape[1] != 1:
        raise ValueError(
            "x and y must have shape (n, 1), like circle_pairs gives, "
            f"got {tuple(x.shape)}"
        )
    check_seed(seed)
    return x, y, check_count(steps, "steps", 1)


def fit_regression(
    x: Tensor, y: Tensor, steps: int = 500, seed: int = 0
) -> nn.Module:
    r"""A network $f(x)$ trained on the squared error $\tfrac1n \sum (f(x_i) - y_i)^2$. Its best
    answer is the average of the right answers, $\mathbb{E}[y \mid x]$: on the circle, 0.

    Examples:
        >>> from genai_notes.gan import circle_pairs, fit_regression
        >>> x, y = circle_pairs()
        >>> f = fit_regression(x, y)
        >>> answers, predictions = y.abs().mean().item(), f(x).abs().mean().item()
        >>> round(answers, 1), round(predictions, 1)  # far from 0, and near it
        (0.7, 0.1)
    """
    x, y, steps = _one_to_many_args(x, y, steps, seed)
    # f: 1 → 32 → 32 → 1, seeded, so the same seed gives the same network
    model = mlp((32, 32), seed=seed, inputs=1, outputs=1)
    optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)
    # full-batch descent on (1/n) Σ (f(x_i) − y_i)²: its minimiser is
    # f(x) = E[y | x], which is 0 here, between +√(1 − x²) and −√(1 − x²)
    for _ in range(steps):
        optimizer.zero_grad()
        F.mse_loss(model(x), y).backward()
        optimizer.step()
    return model.eval()


def fit_conditional_gan(
    x: Tensor, y: Tensor, steps: int = 1500, seed: int = 0
) -> nn.Module:
    r"""A conditional GAN on the same pairs: $G(x, z)$ with $z \sim \mathcal{N}(0, 1)$, and a
    discriminator that judges `pair(x, y)`, as in pix2pix. Returns $G$; each new $z$ gives a new answer.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import circle_pairs, fit_conditional_gan
        >>> x, y = circle_pairs()
        >>> g = fit_conditional_gan(x, y, steps=10)
        >>> tuple(g(torch.cat([x, torch.randn_like(x)], dim=1)).shape)
        (512, 1)
    """
    x, y, steps = _one_to_many_args(x, y, steps, seed)
    # G(x, z): 2 inputs → 1 answer; D(x, y): a pair → 1 logit; two seeds, so
    # the two networks do not start as copies
    gen, disc = (
        mlp((64, 64), seed=seed + k, inputs=2, outputs=1) for k in (0, 1)
    )
    # Adam with β₁ = 0 (no momentum): steadier in the adversarial game
    state = GANState(
        gen,
        disc,
        *(
            torch.optim.Adam(m.parameters(), lr=2e-3, betas=(0.0, 0.9))
            for m in (gen, disc)
        ),
        latent=1,
    )
    # The noise z is drawn as after torch.manual_seed(seed), without resetting
    # the caller's stream.
    with seeded(seed):
        for step in range(steps):
            # lr = 2·10⁻³ · (1 − step/steps): a linear decay to 0
            _set_lr(state, 2e-3 * (1 - step / steps))
            # y = G(x, z) with a fresh z ~ N(0, 1) for every x, every step
            fake = gen(torch.cat([x, state.noise(len(x))], dim=1))
            # D sees (x, y) against (x, G(x, z)): the answer must fit its input
            _adversarial_update(state, pair(x, y), pair(x, fake))
    return gen.eval()


# --8<-- [end:one_to_many]


# --8<-- [start:steps]
@dataclass
class GANState:
    """Generator, discriminator and their optimisers, trained together.

    With `pack` > 1 the discriminator judges `pack` samples at once, concatenated
    (PacGAN, Lin et al., 2018): a batch of identical fakes is easy to reject, so the
    generator is pushed to vary its output instead of repeating one good sample.
    """

    gen: nn.Module  # G: noise (n, latent) → samples (n, 2)
    disc: nn.Module  # D: (n / pack, 2 · pack) → one logit per group
    # one optimiser per network: each player's step moves only its own
    # parameters
    opt_g: torch.optim.Optimizer
    opt_d: torch.optim.Optimizer
    latent: int  # the size of z
    pack: int = 1  # samples per discriminator input (1: no packing)

    def __post_init__(self) -> None:
        (
            check_instance(self.gen, "gen", nn.Module),
            check_instance(self.disc, "disc", nn.Module),
        )
        (
            check_instance(self.opt_g, "opt_g", torch.optim.Optimizer),
            check_instance(self.opt_d, "opt_d", torch.optim.Optimizer),
        )
        check_count(self.latent, "latent", 1), check_count(self.pack, "pack", 1)

    def noise(self, n: int, device: str | torch.device = "cpu") -> Tensor:
        r"""$z \sim \mathcal{N}(0, I)$: `n` rows of the latent size."""
        # shape (n, latent), from torch's global stream (seeded by the caller)
        return torch.randn(
            check_count(n, "n", 1, MAX_SAMPLES),
            self.latent,
            device=as_device(device),
        )

    def judge(self, points: Tensor) -> Tensor:
        """The discriminator's logits, one per group of `pack` points."""
        if as_tensor(points, "points", ndim=2).shape[0] % self.pack:
            raise ValueError(
                f"points must come in groups of pack = {self.pack}, "
                f"got {points.shape[0]} points"
            )
        # (n, 2) → (n / pack, 2 · pack): consecutive rows become one input, so
        # D sees pack samples at once and one logit judges them all.
        return _apply(
            self.disc,
            points.reshape(-1, points.shape[1] * self.pack),
            "the discriminator",
            "points",
        )


def gan_step(state: GANState, real: Tensor) -> dict[str, float]:
    r"""One round of GAN training: a discriminator step (real → 1, fake → 0), then a
    generator step with $D$ frozen on the non-saturating loss $-\log D(G(z))$.

    Examples:
        >>> from genai_notes.gan import RECIPES, gan_step, new_state, ring
        >>> state = new_state(RECIPES["gan-z2"], seed=0)
        >>> losses = gan_step(state, ring().sample(64))
        >>> sorted(losses), round(losses["d_loss"], 1)  # about 2 log 2
        (['d_loss', 'g_loss'], 1.4)
    """
    state, real = (
        check_instance(state, "state", GANState),
        as_tensor(real, "real", ndim=2),
    )
    # G(z) for z ~ N(0, I): as many fakes as real samples, on their device
    fake = _apply(
        state.gen, state.noise(len(real), real.device), "the generator", "noise"
    )
    if fake.shape[1:] != real.shape[1:]:
        raise ValueError(
            f"real must have shape (n, {fake.shape[1]}) like the generator's "
            f"samples, got {tuple(real.shape)}"
        )
    # one D step, then one G step, on the same fakes
    return _adversarial_update(state, real, fake)


def wgan_gp_step(
    state: GANState, reals: Sequence[Tensor], penalty: float = 10.0
) -> dict[str, float]:
    r"""One round of WGAN-GP training (Gulrajani et al., 2017): one critic step per batch in `reals`
    on $\mathcal{L}_f = \tfrac{1}{m}\sum_i f(G(z_i)) - \tfrac{1}{m}\sum_i f(x_i) + \lambda\,\text{penalty}$,
    then one generator step on $-\tfrac{1}{m}\sum_i f(G(z_i))$ with the critic frozen.

    Examples:
        >>> from genai_notes.gan import RECIPES, new_state, ring, wgan_gp_step
        >>> state = new_state(RECIPES["wgan-gp-z2"], seed=0)
        >>> losses = wgan_gp_step(state, [ring().sample(64) for _ in range(5)])
        >>> sorted(losses)
        ['d_loss', 'g_loss']
    """
    state, penalty = (
        check_instance(state, "state", GANState),
        check_positive(penalty, "penalty"),
    )
    if isinstance(reals, Tensor) or not isinstance(reals, Sequence):
        raise TypeError(
            "reals must be a list of batches (one per critic step), "
            f"got {type(reals).__name__}"
        )
    if not reals:
        raise ValueError(
            "reals must hold at least one batch (one per critic step)"
        )
    reals = [
        as_tensor(real, f"reals[{k}]", ndim=2) for k, real in enumerate(reals)
    ]
    # n_critic critic steps per generator step: the critic must stay near its
    # optimum for its gap to estimate W₁ (5 in the paper).
    for real in reals:
        # x̃ = G(z), detached: the critic's steps must not move G
        fake = state.gen(state.noise(len(real), real.device)).detach()
        # (n, 2) → (n / pack, 2 · pack), as in GANState.judge: the penalty
        # needs the packed inputs themselves, so they are built here
        packed_real, packed_fake = (
            points.reshape(-1, points.shape[1] * state.pack)
            for points in (real, fake)
        )
        # L_f = mean f(x̃) − mean f(x) + λ · GP, λ = penalty (10)
        d_loss = wasserstein_critic_loss(
            state.disc(packed_real), state.disc(packed_fake)
        )
        d_loss = d_loss + penalty * gradient_penalty(
            state.disc, packed_real, packed_fake
        )
        # clear the old gradients, backpropagate L_f, step the critic only
        state.opt_d.zero_grad()
        d_loss.backward()
        state.opt_d.step()
    # L_G = −mean f(G(z)) on fresh noise, as many z as one real batch
    g_loss = wasserstein_generator_loss(
        state.judge(state.gen(state.noise(len(reals[0]), reals[0].device)))
    )
    # The critic gets gradients here too, but only opt_g steps, and the next
    # critic step starts with zero_grad.
    state.opt_g.zero_grad()
    g_loss.backward()
    state.opt_g.step()
    # the last critic step's loss and this generator loss, as plain floats
    return {"d_loss": d_loss.item(), "g_loss": g_loss.item()}


def _adversarial_update(
    state: GANState, real: Tensor, fake: Tensor
) -> dict[str, float]:
    # max_D V: L_D = −mean log D(x) − mean log(1 − D(G(z))), real → 1 and
    # fake → 0; fake.detach(), so that D's step leaves G alone.
    d_loss = discriminator_loss(state.judge(real), state.judge(fake.detach()))
    state.opt_d.zero_grad()
    d_loss.backward()
    state.opt_d.step()
    # min_G: L_G = −mean log D(G(z)), judged by the D that just stepped, on
    # the same fakes, now with their graph back to G.
    g_loss = generator_loss(state.judge(fake))
    # D's parameters collect gradients here too, but only opt_g steps, so D
    # stays frozen; opt_d.zero_grad clears them before D's next step.
    state.opt_g.zero_grad()
    g_loss.backward()
    state.opt_g.step()
    # the two losses as plain floats, for logging
    return {"d_loss": d_loss.item(), "g_loss": g_loss.item()}


# --8<-- [end:steps]


# --8<-- [start:recipes]
@dataclass(frozen=True)
class Recipe:
    """A training recipe: Adam's settings, rounds, batch size, the networks' sizes, and the loss:
    `"gan"` (`gan_step`) or `"wgan-gp"` (`wgan_gp_step`, `critic_steps` critic updates per round,
    penalty weight `penalty`)."""

    betas: tuple[float, float]  # Adam's (β₁, β₂): the setting PacGAN changes
    lr: float = 1e-3  # the starting rate; it decays linearly to 0
    steps: int = 3000  # training rounds
    batch: int = 256  # real samples per step
    latent: int = 2  # the size of z
    hidden: tuple[int, ...] = (128, 128, 128)  # widths of G's and D's layers
    pack: int = 1  # samples per discriminator input (PacGAN: 2)
    loss: str = "gan"
    critic_steps: int = 1  # critic steps per round (WGAN-GP: 5)
    penalty: float = 10.0  # λ, the gradient penalty's weight

    def __post_init__(self) -> None:
        """Check every setting, so that a typo fails here and not after an hour of training."""
        if not (isinstance(self.betas, tuple) and len(self.betas) == 2):
            raise TypeError(
                f"betas must be a pair (beta1, beta2), got {self.betas!r}"
            )
        for k, beta in enumerate(self.betas):
            check_in_range(beta, f"betas[{k}]", 0, 1, open_high=True)
        check_positive(self.lr, "lr", high=MAX_LR)
        for name in ("steps", "batch", "latent", "pack", "critic_steps"):
            check_count(getattr(self, name), name, 1)
        check_counts(self.hidden, "hidden")
        check_choice(self.loss, "loss", ["gan", "wgan-gp"])
        check_positive(self.penalty, "penalty")


#: Every recipe trains on batches of 256 with Adam, the learning rate 1e-3
#: decaying linearly to 0, for 3,000 rounds (WGAN-GP: 600 rounds of 5 critic
#: steps and one generator step). "gan" is the original GAN with DCGAN's Adam
#: settings, betas (0.5, 0.999); "pacgan" differs in two settings: it packs 2
#: samples per discriminator input (Lin et al., 2018) and it changes Adam's
#: betas to (0.0, 0.9); "packing-only" and "betas-only" make one of these two
#: changes each; "wgan-gp" trains a critic with the gradient penalty. "-z256"
#: pairs them with 256-dimensional noise and two hidden layers, the setting in
#: which the original GAN collapses; "-z2" with 2-dimensional noise and three
#: layers.
RECIPES: dict[str, Recipe] = {
    # z ∈ ℝ²⁵⁶ with two hidden layers: the setting where the original GAN
    # collapses onto a mode or two
    "gan-z256": Recipe(betas=(0.5, 0.999), latent=256, hidden=(128, 128)),
    # the same networks, with D judging pairs and Adam without momentum
    "pacgan-z256": Recipe(
        betas=(0.0, 0.9), latent=256, hidden=(128, 128), pack=2
    ),
    # z ∈ ℝ² with three hidden layers, the defaults of Recipe
    "gan-z2": Recipe(betas=(0.5, 0.999)),
    "pacgan-z2": Recipe(betas=(0.0, 0.9), pack=2),
    # WGAN-GP (Gulrajani et al., 2017) on the same networks: 5 critic steps
    # per round, Adam betas (0.5, 0.9), penalty weight 10; 600 rounds cost
    # about as much as the others' 3,000
    "wgan-gp-z256": Recipe(
        betas=(0.5, 0.9),
        steps=600,
        latent=256,
        hidden=(128, 128),
        loss="wgan-gp",
        critic_steps=5,
    ),
    "wgan-gp-z2": Recipe(
        betas=(0.5, 0.9), steps=600, loss="wgan-gp", critic_steps=5
    ),
    # the ablation: pacgan differs from gan in two things; each of these
    # changes only one
    "packing-only-z256": Recipe(
        betas=(0.5, 0.999), latent=256, hidden=(128, 128), pack=2
    ),
    "betas-only-z256": Recipe(betas=(0.0, 0.9), latent=256, hidden=(128, 128)),
    "packing-only-z2": Recipe(betas=(0.5, 0.999), pack=2),
    "betas-only-z2": Recipe(betas=(0.0, 0.9)),
}


def new_state(
    recipe: Recipe, seed: int = 0, device: str | torch.device = "cpu"
) -> GANState:
    """Fresh generator and discriminator for `recipe`, seeded, with Adam optimisers.

    Examples:
        >>> import torch
        >>> from genai_notes.gan import RECIPES, new_state
        >>> state = new_state(RECIPES["gan-z2"], seed=0)
        >>> tuple(state.gen(state.noise(5, torch.device("cpu"))).shape)
        (5, 2)
    """
    recipe, seed, device = (
        check_instance(recipe, "recipe", Recipe),
        check_seed(seed),
        as_device(device),
    )
    # G: z ∈ ℝ^latent → x ∈ ℝ²
    gen = mlp(recipe.hidden, seed=seed, inputs=recipe.latent, outputs=2).to(
        device
    )
    # D: pack points of ℝ², side by side → one logit; seed + 1, so D does not
    # start as a copy of G's first layers
    disc = mlp(
        recipe.hidden, seed=seed + 1, inputs=2 * recipe.pack, outputs=1
    ).to(device)
    # the same Adam settings for both players, each on its own parameters
    adam = lambda model: torch.optim.Adam(
        model.parameters(), lr=recipe.lr, betas=recipe.betas
    )  # noqa: E731
    return GANState(
        gen, disc, adam(gen), adam(disc), recipe.latent, recipe.pack
    )


def _set_lr(state: GANState, lr: float) -> None:
    # the same rate for both players, written into every parameter group
    for optimizer in (state.opt_g, state.opt_d):
        for group in optimizer.param_groups:
            group["lr"] = lr


@dataclass
class TrainedGAN:
    """The outcome of `train_gan`: the state, 2,500 samples at each snapshot step (the same
    noise each time), and the training time in seconds."""

    state: GANState
    snapshots: dict[int, Tensor]  # step → G(z) for the fixed z, (2500, 2)
    seconds: float  # wall-clock time of training

    def __post_init__(self) -> None:
        (
            check_instance(self.state, "state", GANState),
            check_in_range(self.seconds, "seconds", 0, np.inf),
        )
        for step, points in check_instance(
            self.snapshots, "snapshots", dict
        ).items():
            (
                check_count(step, "snapshots' steps"),
                as_tensor(points, f"snapshots[{step}]", ndim=2),
            )

    def sample(self, n: int = 2500) -> Tensor:
        """`n` samples from the trained generator, on the CPU."""
        n = check_count(n, "n", 1, MAX_SAMPLES)
        # sampling only: no graph, and the noise is drawn where G lives
        with torch.no_grad():
            device = next(self.state.gen.parameters()).device
            return self.state.gen(self.state.noise(n, device)).cpu()


def _training_round(
    state: GANState,
    recipe: Recipe,
    mixture: Mixture,
    device: str | torch.device,
) -> dict[str, float]:
    # WGAN-GP: a fresh real batch for each of the critic's steps
    if recipe.loss == "wgan-gp":
        reals = [
            mixture.sample(recipe.batch, device)
            for _ in range(recipe.critic_steps)
        ]
        return wgan_gp_step(state, reals, recipe.penalty)
    # GAN: one real batch, one D step and one G step
    return gan_step(state, mixture.sample(recipe.batch, device))


def _training_args(
    mixture: Mixture,
    recipe: str,
    steps: int | None,
    seed: int,
    device: str | torch.device,
    snapshot_every: int,
    progress: bool,
) -> tuple[Recipe, int, torch.device]:
    (
        check_instance(mixture, "mixture", Mixture),
        check_seed(seed),
        check_flag(progress, "progress"),
    )
    chosen = RECIPES[check_choice(recipe, "recipe", list(RECIPES))]
    # None: the recipe's own number of rounds
    steps = chosen.steps if steps is None else check_count(steps, "steps", 1)
    check_count(snapshot_every, "snapshot_every", 0)
    return chosen, steps, as_device(device)


def train_gan(
    mixture: Mixture,
    recipe: str = "pacgan-z2",
    steps: int | None = None,
    seed: int = 0,
    device: str | torch.device = "cpu",
    snapshot_every: int = 0,
    progress: bool = False,
) -> TrainedGAN:
    """Train `recipe` on samples of `mixture` for `steps` rounds (the recipe's default if None).

    Examples:
        >>> from genai_notes.gan import ring, train_gan
        >>> run = train_gan(ring(), "gan-z2", steps=20, snapshot_every=10)
        >>> sorted(run.snapshots), tuple(run.sample(7).shape)
        ([0, 10, 20], (7, 2))
    """
    chosen, steps, device = _training_args(
        mixture, recipe, steps, seed, device, snapshot_every, progress
    )
    started = time.perf_counter()
    state = new_state(chosen, seed, device)
    run = TrainedGAN(state, {}, 0.0)
    # Snapshots push the same 2,500 noise vectors through G, drawn from their
    # own generator so that watching the training does not change it.
    fixed_z = torch.randn(
        2500, chosen.latent, generator=torch.Generator().manual_seed(seed)
    ).to(device)
    # Batches and noise as after torch.manual_seed(seed); the caller's stream
    # is left alone.
    with seeded(seed):
        # steps + 1 passes: the last one only takes the final snapshot
        for step in tqdm(
            range(steps + 1), desc=recipe, disable=not progress, mininterval=1.0
        ):
            # G(z) on the fixed z at steps 0, k, 2k, …: the same points, moving
            if snapshot_every and step % snapshot_every == 0:
                with torch.no_grad():
                    run.snapshots[step] = state.gen(fixed_z).cpu()
            if step < steps:
                # lr_t = lr · (1 − t / T), a linear decay to 0: the last steps
                # only polish
                _set_lr(state, chosen.lr * (1 - step / steps))
                _training_round(state, chosen, mixture, device)
    # the snapshots' time included: it is part of what the run cost
    run.seconds = time.perf_counter() - started
    return run


# --8<-- [end:recipes]


#: The 1-D example: data from a normal distribution with this mean and standard deviation.
DATA_MEAN, DATA_STD = 1.0, 0.5
#: Training rounds after which `train_1d` takes a snapshot (the figure's four panels).
SNAPSHOTS = (30, 150, 400, 1200)


# --8<-- [start:train_1d]
def train_1d(
    snapshots: Sequence[int] = SNAPSHOTS, seed: int = 0
) -> list[dict[str, np.ndarray | float | int]]:
    r"""Goodfellow et al.'s 1-D picture, for real: an affine generator $G(z) = a z + b$ against a
    small discriminator, on data from $\mathcal{N}(1, 0.5^2)$.

    Returns one record per snapshot step: the step, the generator's mean $b$ and spread $|a|$
    (its density is exactly $\mathcal{N}(b, a^2)$), and $D(x)$ on the grid $x \in [-3, 3.5]$.

    Examples:
        >>> from genai_notes.gan import train_1d
        >>> first, last = train_1d(snapshots=(0, 20))
        >>> start = first["step"], round(first["mean"], 2), round(first["std"], 2)
        >>> start  # the paper's first panel: far to the left, narrow
        (0, -1.5, 0.2)
        >>> len(last["grid"]) == len(last["d"]) == 261
        True
    """
    steps, seed = check_counts(snapshots, "snapshots", 0), check_seed(seed)
    with seeded(seed):
        # G(z) = a z + b with z ~ N(0, 1): its samples follow N(b, a²) exactly
        gen = nn.Linear(1, 1)
        # start far to the left and narrow, as in the paper's first panel
        with torch.no_grad():
            # a = 0.2 and b = −1.5: G's samples follow N(−1.5, 0.2²)
            gen.weight.fill_(0.2)
            gen.bias.fill_(-1.5)
        # D: 1 → 16 → 16 → 1 logit, small enough to watch it learn
        disc = mlp((16, 16), seed=seed, inputs=1, outputs=1)
        # DCGAN's Adam settings, β₁ = 0.5, for both players
        adam = lambda m: torch.optim.Adam(
            m.parameters(), lr=5e-3, betas=(0.5, 0.999)
        )  # noqa: E731
        state = GANState(gen, disc, adam(gen), adam(disc), latent=1)
        # 261 points of [−3, 3.5], 0.025 apart, shape (261, 1)
        grid = torch.linspace(-3, 3.5, 261).unsqueeze(1)
        records = []
        for step in range(max(steps) + 1):
            # a snapshot is taken before that step's update: step 0 is the
            # start
            if step in steps:
                # D(x) = σ(logit) on the grid: the curve the figure draws
                with torch.no_grad():
                    d = torch.sigmoid(disc(grid)).squeeze(1).numpy()
                records.append(
                    {
                        "step": step,
                        # G(z) ~ N(b, a²): the bias is the mean, |a| the spread
                        "mean": gen.bias.item(),
                        "std": abs(gen.weight.item()),
                        "grid": grid.squeeze(1).numpy(),
                        "d": d,
                    }
                )
            # 128 real samples x = μ + σ ε ~ N(1, 0.5²), then one round
            gan_step(state, DATA_MEAN + DATA_STD * torch.randn(128, 1))
    return records


# --8<-- [end:train_1d]
