"""Tests of genai_notes.gan: every loss against hand-computed values and torch's built-ins, the
value function and the optimal discriminator, argument checks, the mixtures and their metrics,
the shared training code, and the chapter's figure."""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from torch import nn

from genai_notes.figures import render_svg
from genai_notes.gan import (
    RECIPES,
    circle_pairs,
    clip_weights,
    cycle_consistency_loss,
    discriminator_loss,
    fit_regression,
    gan_step,
    generator_loss,
    gradient_penalty,
    grid,
    mlp,
    mode_report,
    new_state,
    optimal_discriminator,
    pair,
    pix2pix_generator_loss,
    ring,
    train_gan,
    value_function,
    wasserstein_critic_loss,
    wasserstein_generator_loss,
    wgan_gp_step,
)

logit_vectors = arrays(np.float64, 6, elements=st.floats(-30, 30))


def t(values) -> torch.Tensor:
    return torch.tensor(values, dtype=torch.float64)


# --- the original GAN's losses -----------------------------------------------------------


def test_discriminator_loss_by_hand():
    # D = σ(0) = 1/2 on both sides: −log ½ − log ½ = 2 log 2
    assert discriminator_loss(t([0.0, 0.0]), t([0.0])).item() == pytest.approx(2 * math.log(2))
    # real logit 2, fake logit −1: −log σ(2) − log(1 − σ(−1))
    by_hand = -math.log(1 / (1 + math.exp(-2))) - math.log(1 - 1 / (1 + math.exp(1)))
    assert discriminator_loss(t([2.0]), t([-1.0])).item() == pytest.approx(by_hand, rel=1e-12)


@settings(deadline=None, max_examples=50)
@given(logit_vectors, logit_vectors)
def test_discriminator_loss_is_torch_bce(real, fake):
    real, fake = t(real), t(fake)
    expected = F.binary_cross_entropy_with_logits(real, torch.ones_like(real)) + F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))
    assert discriminator_loss(real, fake).item() == pytest.approx(expected.item(), rel=1e-9, abs=1e-12)


@settings(deadline=None, max_examples=50)
@given(logit_vectors)
def test_generator_losses_are_torch_bce(fake):
    fake = t(fake)
    non_saturating = F.binary_cross_entropy_with_logits(fake, torch.ones_like(fake))  # −log D(G(z))
    minimax = -F.binary_cross_entropy_with_logits(fake, torch.zeros_like(fake))  # log(1 − D(G(z)))
    assert generator_loss(fake).item() == pytest.approx(non_saturating.item(), rel=1e-9, abs=1e-12)
    assert generator_loss(fake, non_saturating=False).item() == pytest.approx(minimax.item(), rel=1e-9, abs=1e-12)


def test_losses_stay_finite_for_extreme_logits():
    huge = t([1e4, -1e4])
    for loss in (discriminator_loss(huge, huge), generator_loss(huge), generator_loss(huge, non_saturating=False)):
        assert torch.isfinite(loss)


def test_minimax_generator_loss_saturates_where_the_non_saturating_one_does_not():
    # Early in training D rejects the fakes confidently: the minimax gradient all but vanishes.
    logit = t([-8.0]).requires_grad_(True)
    (minimax,) = torch.autograd.grad(generator_loss(logit, non_saturating=False), logit)
    (non_saturating,) = torch.autograd.grad(generator_loss(logit), logit)
    assert abs(minimax.item()) < 1e-3 < 0.99 < abs(non_saturating.item())


# --- value function and optimal discriminator ------------------------------------------------


def test_value_function_is_minus_log_4_when_d_says_one_half():
    assert value_function(torch.full((7,), 0.5), torch.full((3,), 0.5)).item() == pytest.approx(-math.log(4))


def test_value_function_by_hand_and_from_logits():
    d_real, d_fake = t([0.9, 0.6]), t([0.2, 0.5])
    by_hand = (math.log(0.9) + math.log(0.6)) / 2 + (math.log(0.8) + math.log(0.5)) / 2
    assert value_function(d_real, d_fake).item() == pytest.approx(by_hand)
    # and the discriminator loss is exactly −V
    logits_real, logits_fake = torch.logit(d_real), torch.logit(d_fake)
    assert discriminator_loss(logits_real, logits_fake).item() == pytest.approx(-by_hand)


def test_optimal_discriminator_is_one_half_where_densities_are_equal():
    p = np.array([0.1, 0.4, 2.0])
    np.testing.assert_allclose(optimal_discriminator(p, p), 0.5)
    np.testing.assert_allclose(optimal_discriminator([0.3, 0.0], [0.1, 0.2]), [0.75, 0.0])


@settings(deadline=None, max_examples=30)
@given(arrays(np.float64, 5, elements=st.floats(0.01, 10)), arrays(np.float64, 5, elements=st.floats(0.01, 10)))
def test_optimal_discriminator_maximises_the_pointwise_value(p_data, p_g):
    # For each x, D* maximises p_data log D + p_g log(1 − D) over D in (0, 1).
    best = optimal_discriminator(p_data, p_g)
    value = lambda d: p_data * np.log(d) + p_g * np.log1p(-d)  # noqa: E731
    for other in (0.01, 0.3, 0.5, 0.7, 0.99):
        assert (value(best) >= value(np.full(5, other)) - 1e-12).all()


def test_optimal_discriminator_is_exact_for_huge_and_tiny_densities():
    # p_data + p_g would overflow (or underflow to a subnormal ratio): the ratio is still exact.
    np.testing.assert_array_equal(optimal_discriminator([1e308, 5e-324], [1e308, 5e-324]), [0.5, 0.5])


def test_optimal_discriminator_rejects_bad_densities():
    with pytest.raises(ValueError, match="p_data and p_g must have the same shape"):
        optimal_discriminator([0.1, 0.2], [0.1])
    with pytest.raises(ValueError, match="no negative"):
        optimal_discriminator([-0.1], [0.1])
    with pytest.raises(ValueError, match="> 0 everywhere"):
        optimal_discriminator([0.0], [0.0])


# --- WGAN -------------------------------------------------------------------------------------


def test_wasserstein_losses_by_hand():
    assert wasserstein_critic_loss(t([1.0, 3.0]), t([0.5, -0.5])).item() == pytest.approx(0.0 - 2.0)
    assert wasserstein_generator_loss(t([0.5, -0.5, 3.0])).item() == pytest.approx(-1.0)


def test_clip_weights_bounds_every_parameter():
    critic = mlp((8, 8), seed=3, inputs=2, outputs=1)
    with torch.no_grad():
        for parameter in critic.parameters():
            parameter.mul_(100)
    clip_weights(critic, 0.05)
    assert max(p.abs().max().item() for p in critic.parameters()) == pytest.approx(0.05)


def test_gradient_penalty_of_a_linear_critic():
    critic = nn.Linear(3, 1).double()
    with torch.no_grad():
        critic.weight.copy_(t([[1.0, 2.0, 2.0]]))  # ‖w‖ = 3 → penalty (3 − 1)² = 4
    assert gradient_penalty(critic, torch.randn(5, 3).double(), torch.randn(5, 3).double()).item() == pytest.approx(4.0)
    with torch.no_grad():
        critic.weight.copy_(t([[0.6, 0.8, 0.0]]))  # unit norm: no penalty
    assert gradient_penalty(critic, torch.randn(5, 3).double(), torch.randn(5, 3).double()).item() == pytest.approx(0.0, abs=1e-12)


def test_gradient_penalty_matches_a_hand_made_interpolation():
    # f(x) = ‖x‖²: ∇f = 2x̂, so the penalty depends on where x̂ lands; check against ε drawn by hand.
    critic = lambda x: (x**2).sum(dim=1)  # noqa: E731
    real, fake = torch.randn(6, 2).double(), torch.randn(6, 2).double()
    torch.manual_seed(11)
    eps = torch.rand(6, 1)
    mixed = eps * real + (1 - eps) * fake
    expected = ((2 * mixed.norm(dim=1) - 1) ** 2).mean()
    torch.manual_seed(11)
    assert gradient_penalty(critic, real, fake).item() == pytest.approx(expected.item())


def test_gradient_penalty_trains_the_critic():
    critic = nn.Linear(2, 1)
    penalty = gradient_penalty(critic, torch.randn(4, 2), torch.randn(4, 2))
    penalty.backward()  # create_graph=True: the penalty has a gradient with respect to the weights
    assert critic.weight.grad is not None and critic.weight.grad.abs().sum() > 0


# --- pix2pix and CycleGAN -------------------------------------------------------------------------


def test_pix2pix_generator_loss_by_hand():
    logits = t([1.0, -1.0])
    fake, target = t([[0.0, 1.0]]), t([[0.5, 0.5]])
    adversarial = (F.softplus(-t([1.0])) + F.softplus(t([1.0]))).item() / 2  # −log σ(1), −log σ(−1)
    assert pix2pix_generator_loss(logits, fake, target).item() == pytest.approx(adversarial + 100 * 0.5)
    assert pix2pix_generator_loss(logits, fake, target, l1_weight=1.0).item() == pytest.approx(adversarial + 0.5)


def test_pair_puts_input_and_output_side_by_side():
    x, y = torch.zeros(2, 1, 4, 4), torch.ones(2, 3, 4, 4)
    both = pair(x, y)
    assert both.shape == (2, 4, 4, 4) and both[:, 0].sum() == 0 and both[:, 1:].mean() == 1
    with pytest.raises(ValueError, match="condition and output must share"):
        pair(torch.zeros(2, 1, 4, 4), torch.zeros(3, 1, 4, 4))


def test_cycle_consistency_loss_by_hand():
    a = t([[0.0, 1.0], [2.0, 3.0]])
    assert cycle_consistency_loss(a, a).item() == 0
    assert cycle_consistency_loss(a, a + t([[0.2, 0.0], [0.0, -0.2]])).item() == pytest.approx(10 * 0.1)
    assert cycle_consistency_loss(a, a + 1, weight=2.0).item() == pytest.approx(2.0)


# --- argument checks -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: discriminator_loss(torch.zeros(0), torch.zeros(2)), ValueError, "real_logits must not be empty"),
        (lambda: discriminator_loss(torch.zeros(2), torch.tensor([float("nan")])), ValueError, "fake_logits must be finite"),
        (lambda: generator_loss([0.0]), TypeError, "fake_logits must be a torch.Tensor"),
        (lambda: generator_loss(torch.tensor([1, 2])), TypeError, "floating-point"),
        (lambda: value_function(torch.tensor([1.2]), torch.tensor([0.5])), ValueError, "d_real must hold probabilities"),
        (lambda: wasserstein_critic_loss(torch.zeros(2), torch.zeros(0)), ValueError, "fake_scores must not be empty"),
        (lambda: gradient_penalty(nn.Linear(2, 1), torch.zeros(3, 2), torch.zeros(4, 2)), ValueError, "real and fake must have the same shape"),
        (lambda: cycle_consistency_loss(torch.zeros(2, 2), torch.zeros(2, 3)), ValueError, "original and reconstructed"),
        (lambda: cycle_consistency_loss(torch.zeros(2), torch.zeros(2), weight=0), ValueError, "weight must be > 0"),
        (lambda: pix2pix_generator_loss(torch.zeros(2), torch.zeros(2, 3), torch.zeros(2, 4)), ValueError, "fake and target"),
        (lambda: clip_weights(nn.Linear(2, 1), -1.0), ValueError, "clip must be > 0"),
        (lambda: ring(modes=0), ValueError, "modes must be >= 1, got 0"),
        (lambda: ring(modes=True), TypeError, "modes must be an integer, got bool"),
        (lambda: optimal_discriminator([np.inf], [np.inf]), ValueError, "p_data must be finite"),
        (lambda: fit_regression(*circle_pairs(8), steps=-5), ValueError, "steps must be >= 1, got -5"),
        (lambda: gan_step(new_state(RECIPES["gan-z2"]), torch.zeros(4, 3)), ValueError, r"real must have shape \(n, 2\)"),
        (lambda: discriminator_loss([0.0], torch.zeros(1)), TypeError, "real_logits must be a torch.Tensor"),
        (lambda: train_gan(ring(), steps=2.5), TypeError, "steps must be an integer"),
        (lambda: grid(std=-1.0), ValueError, "std must be > 0"),
        (lambda: ring().sample(0), ValueError, "n must be >= 1, got 0"),
        (lambda: mode_report(torch.zeros(4, 3), ring()), ValueError, r"samples must have shape \(n, 2\)"),
        (lambda: train_gan(ring(), "wgan"), ValueError, "recipe must be one of"),
        (lambda: train_gan(ring(), steps=0), ValueError, "steps must be >= 1, got 0"),
        (lambda: mlp((), inputs=2, outputs=1), ValueError, "hidden must be a sequence of integers, got 0 values"),
    ],
)
def test_bad_input_is_named(call, error, message):
    """Each check's own message; the property test in test_public_api.py covers the rest."""
    with pytest.raises(error, match=message):
        call()


# --- the mixtures and their metrics ------------------------------------------------------------------


def test_ring_has_eight_distinct_modes_on_the_unit_circle():
    means = ring().means
    assert means.shape == (8, 2)
    torch.testing.assert_close(means.norm(dim=1), torch.ones(8))
    # 8 distinct means, neighbours 2 sin(π/8) apart (linspace(0, 2π, 8) would repeat angle 0)
    gaps = torch.cdist(means, means) + 10 * torch.eye(8)
    assert gaps.min().item() == pytest.approx(2 * math.sin(math.pi / 8), rel=1e-6)


def test_grid_means_and_samples():
    mix = grid()
    assert sorted(set(mix.means[:, 0].tolist())) == [-4.0, -2.0, 0.0, 2.0, 4.0]
    assert len(torch.unique(mix.means, dim=0)) == 25
    torch.manual_seed(0)
    x = mix.sample(20_000)
    assert x.mean(dim=0).abs().max() < 0.1  # symmetric about 0


@pytest.mark.parametrize("mixture", [ring(), grid()], ids=["ring", "grid"])
def test_real_samples_score_perfectly(mixture):
    # Real data: every mode captured, ~99.7 % within 3 std... of each coordinate; in 2-D the radius
    # is Rayleigh-distributed, P(r ≤ 3σ) = 1 − e^{−9/2} ≈ 0.9889.
    torch.manual_seed(0)
    report = mode_report(mixture.sample(20_000), mixture)
    assert report.modes == len(mixture.means)
    assert report.high_quality == pytest.approx(1 - math.exp(-4.5), abs=0.003)
    assert report.kl_uniform < 0.01


def test_mode_report_on_a_collapsed_generator():
    mix = ring()
    report = mode_report(mix.means[3].repeat(100, 1), mix)
    assert (report.modes, report.high_quality) == (1, 1.0)
    assert report.kl_uniform == pytest.approx(math.log(8), abs=1e-4)
    assert report.counts[3] == 100 and sum(report.counts) == 100


def test_kl_to_uniform_by_hand():
    mix = ring(modes=4)
    samples = mix.means[[0, 0, 0, 1]]  # histogram (3/4, 1/4, 0, 0)
    by_hand = 0.75 * math.log(0.75 * 4) + 0.25 * math.log(0.25 * 4)
    assert mode_report(samples, mix).kl_uniform == pytest.approx(by_hand, abs=1e-4)


def test_high_quality_threshold_is_three_std():
    mix = ring()
    inside = mix.means[0] + t([0.0299, 0.0]).float()
    outside = mix.means[0] + t([0.0301, 0.0]).float()
    assert mode_report(torch.stack([inside, outside]), mix).high_quality == 0.5


# --- one-to-many regression ------------------------------------------------------------------------


def test_regression_predicts_the_average_of_the_answers():
    x, y = circle_pairs(512)
    model = fit_regression(x, y, steps=300)
    with torch.no_grad():
        predictions = model(torch.linspace(-0.8, 0.8, 9).unsqueeze(1))
    # The right answers are ±√(1 − x²), at least 0.6 away from 0; their average is 0.
    assert predictions.abs().max() < 0.2


# --- training ----------------------------------------------------------------------------------------


def test_gan_step_trains_the_discriminator_and_leaves_it_frozen_for_g():
    torch.manual_seed(0)
    state = new_state(RECIPES["gan-z2"], seed=0)
    real = ring().sample(64)
    frozen_z = torch.randn(64, state.latent)
    disc_before = [p.clone() for p in state.disc.parameters()]
    with torch.no_grad():
        d_loss_before = discriminator_loss(state.judge(real), state.judge(state.gen(frozen_z))).item()
    disc_at_g_step = []
    # The generator's update must not move D: record D's weights right after its own step.
    original_step = state.opt_g.step

    def step_g(*args, **kwargs):
        disc_at_g_step.append([p.clone() for p in state.disc.parameters()])
        result = original_step(*args, **kwargs)
        assert all(torch.equal(a, b) for a, b in zip(disc_at_g_step[-1], state.disc.parameters())), "G's step moved D"
        return result

    state.opt_g.step = step_g
    for group in state.opt_g.param_groups:
        group["lr"] = 0.0  # G holds still (its step still runs), so D's progress can be measured
    for _ in range(30):
        losses = gan_step(state, real)
    # D trained: its weights moved, and it now tells these real points from G's fakes better.
    assert all(not torch.equal(a, b) for a, b in zip(disc_before, state.disc.parameters()))
    with torch.no_grad():
        d_loss_after = discriminator_loss(state.judge(real), state.judge(state.gen(frozen_z))).item()
    assert len(disc_at_g_step) == 30 and d_loss_after < d_loss_before
    assert set(losses) == {"d_loss", "g_loss"} and all(math.isfinite(v) for v in losses.values())


def test_gan_step_rejects_points_of_the_wrong_size():
    state = new_state(RECIPES["gan-z2"], seed=0)
    with pytest.raises(ValueError, match=r"real must have shape \(n, 2\) like the generator's samples, got \(4, 3\)"):
        gan_step(state, torch.zeros(4, 3))
    with pytest.raises(TypeError, match="state must be a GANState"):
        gan_step("state", torch.zeros(4, 2))


def test_packing_feeds_pairs_to_the_discriminator():
    state = new_state(RECIPES["pacgan-z2"], seed=0)
    assert state.disc[0].in_features == 4  # two 2-D points side by side
    assert state.judge(torch.zeros(10, 2)).shape == (5, 1)


def test_training_is_seeded_and_snapshots_are_taken():
    a = train_gan(ring(), "pacgan-z2", steps=30, seed=5, snapshot_every=10)
    b = train_gan(ring(), "pacgan-z2", steps=30, seed=5)
    assert sorted(a.snapshots) == [0, 10, 20, 30] and a.snapshots[30].shape == (2500, 2)
    torch.manual_seed(1)
    first = a.sample(50)
    torch.manual_seed(1)
    torch.testing.assert_close(first, b.sample(50))


def test_learning_rate_decays_to_zero():
    run = train_gan(ring(), "gan-z2", steps=10)
    assert run.state.opt_g.param_groups[0]["lr"] == pytest.approx(1e-3 / 10)  # the last step's rate


def test_recipes_differ_only_where_they_say():
    # RECIPES' comment: pacgan differs from gan in two settings, the packing and Adam's betas.
    from dataclasses import fields

    described = {"pack": (1, 2), "betas": ((0.5, 0.999), (0.0, 0.9))}
    for size in ("z256", "z2"):
        gan, pacgan = RECIPES[f"gan-{size}"], RECIPES[f"pacgan-{size}"]
        differ = {f.name: (getattr(gan, f.name), getattr(pacgan, f.name)) for f in fields(gan)
                  if getattr(gan, f.name) != getattr(pacgan, f.name)}
        assert differ == described, size
    assert "betas to (0.0, 0.9)" in " ".join(line.strip("#: ") for line in _recipes_comment())


def _recipes_comment() -> list[str]:
    import inspect

    import genai_notes.gan as gan_module

    source = inspect.getsource(gan_module).splitlines()
    end = next(i for i, line in enumerate(source) if line.startswith("RECIPES"))
    start = max(i for i in range(end) if not source[i].startswith("#:")) + 1
    return source[start:end]


# --- figure ---------------------------------------------------------------------------------------------


def test_one_dimensional_training_ends_with_d_near_one_half():
    from genai_notes.gan import DATA_MEAN, DATA_STD, train_1d

    first, *_, last = train_1d()
    assert abs(first["mean"] - DATA_MEAN) > 1.5 and abs(last["mean"] - DATA_MEAN) < 0.15
    assert abs(last["std"] - DATA_STD) < 0.15
    where_data = (last["grid"] > DATA_MEAN - DATA_STD) & (last["grid"] < DATA_MEAN + DATA_STD)
    assert np.abs(last["d"][where_data] - 0.5).max() < 0.1


@pytest.mark.parametrize(("lang", "label"), [("zh", "鑑別器"), ("en", "discriminator")])
def test_figure_renders_in_both_languages(lang, label):
    svg = render_svg("gan-1d", lang)
    assert svg.lstrip().startswith("<?xml") and label in svg


# --- WGAN-GP training and the packing/betas ablation ----------------------------------------------------


def _adam_steps(optimizer: torch.optim.Optimizer) -> int:
    return int(next(iter(optimizer.state.values()))["step"])


def test_wgan_gp_step_takes_one_critic_step_per_batch_and_one_generator_step():
    state = new_state(RECIPES["wgan-gp-z2"], seed=0)
    losses = wgan_gp_step(state, [ring().sample(32) for _ in range(3)])
    assert (_adam_steps(state.opt_d), _adam_steps(state.opt_g)) == (3, 1)
    assert set(losses) == {"d_loss", "g_loss"} and all(math.isfinite(v) for v in losses.values())


def test_wgan_gp_step_penalises_a_steep_critic():
    state = new_state(RECIPES["wgan-gp-z2"], seed=0)
    real = ring().sample(64)
    with torch.no_grad():
        state.disc[-1].weight.mul_(100.0)  # gradient norm far above 1
    steep = gradient_penalty(state.disc, real, state.gen(state.noise(64)))
    for _ in range(20):
        wgan_gp_step(state, [real])
    assert gradient_penalty(state.disc, real, state.gen(state.noise(64))) < steep / 10


def test_train_gan_runs_critic_steps_per_round_for_wgan_gp():
    recipe = RECIPES["wgan-gp-z2"]
    run = train_gan(ring(), "wgan-gp-z2", steps=4)
    assert recipe.loss == "wgan-gp" and _adam_steps(run.state.opt_d) == 4 * recipe.critic_steps
    assert _adam_steps(run.state.opt_g) == 4


def test_wgan_gp_step_rejects_no_batches():
    with pytest.raises(ValueError, match="reals"):
        wgan_gp_step(new_state(RECIPES["wgan-gp-z2"]), [])


@pytest.mark.parametrize("noise", ["z256", "z2"])
def test_ablation_recipes_change_exactly_one_of_pacgans_two_changes(noise):
    gan, pacgan = RECIPES[f"gan-{noise}"], RECIPES[f"pacgan-{noise}"]
    assert RECIPES[f"packing-only-{noise}"] == dataclasses.replace(gan, pack=pacgan.pack)
    assert RECIPES[f"betas-only-{noise}"] == dataclasses.replace(gan, betas=pacgan.betas)
    assert pacgan == dataclasses.replace(gan, pack=pacgan.pack, betas=pacgan.betas)


def test_clip_weights_rejects_a_clip_beyond_float32_with_a_named_error():
    # found by the property test: torch raised a RuntimeError while clamping
    with pytest.raises(ValueError, match=r"clip must be in \[0.0, 3.4028234663852886e\+38\]"):
        clip_weights(torch.nn.Linear(2, 1), 3.402823466385289e38)


def test_clip_weights_accepts_a_clip_that_a_float64_critic_can_hold():
    critic = torch.nn.Linear(2, 1).double()
    with torch.no_grad():
        critic.weight.fill_(1e300)
    assert clip_weights(critic, 1e39).weight.tolist() == [[1e39, 1e39]]
