"""Driver for the adversarial assignments (8 GAN and 9 WGAN-GP).

As in ``generative.py``, the harness owns the training loop: seeds, Adam settings, the number
of critic steps per generator step, the gradient-penalty weight and the step budget come from
``task["driver_params"]``. The student supplies the networks and the losses. Images are
flattened 16 x 16 sprites, ``(batch, 256)`` with values 0 and 1.

``driver_params["mode"]`` selects what a task does:

``gan-loss``
    Call ``discriminator_loss(real_logits, fake_logits)`` and ``generator_loss(fake_logits)``
    on ``_UNIT_CASES`` fixed cases of shape ``(batch, 1)``; return the inputs (``unit_real``,
    ``unit_fake``) and one value per case (``unit_d_loss``, ``unit_g_loss``).
``wgan-loss``
    The same with ``critic_loss(real_scores, fake_scores)`` and ``generator_loss(fake_scores)``
    (``unit_c_loss``, ``unit_g_loss``).
``gradient-penalty``
    Call ``gradient_penalty(critic, real, fake, weight)`` with a quadratic critic
    f(x) = sum(0.5 * a * x**2 + b * x) over all non-batch elements, whose gradient a * x + b the
    worker computes by hand, on inputs of shape ``(batch, 1, 3, 4)``. The critic records the
    points it is called on, so the worker can recover the interpolation weight of each sample.
    Returns ``gp_real``, ``gp_fake``, ``gp_points`` (the last points the critic saw with the
    batch's size), ``gp_a``, ``gp_b`` (cases x elements), ``gp_seen`` (1 when the critic saw
    such points, else 0 and ``gp_points`` is 0), ``gp_weight`` and ``gp_value`` (one per case).
``clip-weights``
    Call ``clip_weights(critic, clip_value)`` on a small critic and return its parameters before
    and after (``clip_before``, ``clip_after``) and ``clip_value``.
``train-gan``
    Train ``Generator(z_dim)`` and ``Discriminator()`` with the student's losses: per step one
    discriminator update on a real batch and a detached fake batch, then one generator update.
    Returns ``samples`` (generator outputs for fixed z ~ N(0, I)), ``d_loss`` and ``g_loss``.
``train-wgan``
    Train ``Generator(z_dim)`` and ``Critic()``: per generator step ``critic_steps`` critic
    updates on ``critic_loss + gradient_penalty(critic, real, fake, gp_weight)``. Returns
    ``samples``, ``c_loss`` (last critic loss of each step, penalty included) and ``g_loss``.

torch is imported inside ``run`` so that the rest of the harness works on hosts without it.
"""

from typing import Any, Callable, Dict, List

import numpy as np

from dmlg_harness.errors import StudentError

# The flattened sprite size the networks map to and from (16 x 16 pixels).
IMAGE_PIXELS = 256
_UNIT_CASES = 4
_UNIT_BATCH = 6
_GP_BATCH = 5
_GP_SHAPE = (1, 3, 4)
_GP_WEIGHTS = (10.0, 10.0, 5.0, 1.0)
_EVAL_BATCH = 512


def run(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    params = task.get("driver_params", {})
    mode = params.get("mode")
    torch.set_num_threads(int(params.get("threads", 1)))
    torch.manual_seed(int(params.get("seed", 0)))
    if mode == "gan-loss":
        return _loss_units(module, params, call_student, "discriminator_loss", "d_loss")
    if mode == "wgan-loss":
        return _loss_units(module, params, call_student, "critic_loss", "c_loss")
    if mode == "gradient-penalty":
        return _gradient_penalty_units(module, params, call_student)
    if mode == "clip-weights":
        return _clip_units(module, params, call_student)
    if mode == "train-gan":
        return _train(module, params, inputs, call_student, wasserstein=False)
    if mode == "train-wgan":
        return _train(module, params, inputs, call_student, wasserstein=True)
    raise ValueError(
        "driver_params.mode must be gan-loss, wgan-loss, gradient-penalty, clip-weights, "
        f"train-gan or train-wgan, got {mode!r}"
    )


def _student_callable(module: Any, name: str, expected: str) -> Any:
    value = getattr(module, name, None)
    if value is None or not callable(value):
        raise StudentError(
            "MissingName",
            f"{module.__name__}.py defines no {name}; the assignment asks for {expected}",
        )
    return value


def _scalar(value: Any, expected: str) -> Any:
    import torch

    if not isinstance(value, torch.Tensor) or value.numel() != 1:
        shape = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned {shape}; it must return a scalar tensor (a mean over the batch)",
        )
    if not torch.isfinite(value).all():
        raise StudentError(
            "NonFiniteLoss",
            f"{expected} returned {value.item()}; a NaN or Inf usually comes from log(0): "
            "compute GAN losses from logits with F.binary_cross_entropy_with_logits",
        )
    return value.reshape(())


def _loss_units(
    module: Any,
    params: Dict[str, Any],
    call_student: Callable[..., Any],
    own_loss: str,
    own_output: str,
) -> Dict[str, np.ndarray]:
    import torch

    own_call = f"{own_loss}(real, fake)"
    generator_call = "generator_loss(fake)"
    own_function = _student_callable(module, own_loss, own_call)
    generator_function = _student_callable(module, "generator_loss", generator_call)
    rng = np.random.default_rng(int(params.get("seed", 0)))
    shape = (_UNIT_CASES, _UNIT_BATCH, 1)
    real = rng.normal(1.0, 2.0, shape).astype(np.float32)
    fake = rng.normal(-1.0, 2.0, shape).astype(np.float32)
    own = np.zeros(_UNIT_CASES)
    generator = np.zeros(_UNIT_CASES)
    for case in range(_UNIT_CASES):
        value = call_student(
            own_function, own_call, torch.tensor(real[case]), torch.tensor(fake[case])
        )
        own[case] = float(_scalar(value, own_call).detach().double())
        value = call_student(generator_function, generator_call, torch.tensor(fake[case]))
        generator[case] = float(_scalar(value, generator_call).detach().double())
    return {
        "unit_real": real.reshape(_UNIT_CASES, _UNIT_BATCH),
        "unit_fake": fake.reshape(_UNIT_CASES, _UNIT_BATCH),
        f"unit_{own_output}": own,
        "unit_g_loss": generator,
    }


def _quadratic_critic(a: Any, b: Any) -> Any:
    """A critic with a hand-computable gradient that records the points it is called on."""
    import torch

    class QuadraticCritic(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.a = torch.nn.Parameter(a.clone())
            self.b = torch.nn.Parameter(b.clone())
            self.seen: List[Any] = []

        def forward(self, x: Any) -> Any:
            self.seen.append(x.detach().clone())
            flat = x.reshape(len(x), -1)
            return (0.5 * self.a * flat**2 + self.b * flat).sum(dim=1, keepdim=True)

    return QuadraticCritic()


def _gradient_penalty_units(
    module: Any, params: Dict[str, Any], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    expected = "gradient_penalty(critic, real, fake, weight)"
    penalty = _student_callable(module, "gradient_penalty", expected)
    rng = np.random.default_rng(int(params.get("seed", 0)))
    elements = int(np.prod(_GP_SHAPE))
    shape = (_UNIT_CASES, _GP_BATCH, elements)
    real = rng.normal(0.0, 1.0, shape).astype(np.float32)
    # Every element of fake differs from real by at least 0.5, so the interpolation weight can
    # be read back from any element of a point.
    gap = rng.uniform(0.5, 1.5, shape) * rng.choice((-1.0, 1.0), shape)
    fake = (real + gap).astype(np.float32)
    a = rng.uniform(0.2, 1.5, (_UNIT_CASES, elements)).astype(np.float32)
    b = rng.normal(0.0, 0.3, (_UNIT_CASES, elements)).astype(np.float32)
    points = np.zeros(shape)
    seen_points = np.zeros(_UNIT_CASES)
    values = np.zeros(_UNIT_CASES)
    for case in range(_UNIT_CASES):
        critic = _quadratic_critic(torch.tensor(a[case]), torch.tensor(b[case]))
        real_tensor = torch.tensor(real[case]).reshape(_GP_BATCH, *_GP_SHAPE)
        fake_tensor = torch.tensor(fake[case]).reshape(_GP_BATCH, *_GP_SHAPE)
        value = call_student(
            penalty, expected, critic, real_tensor, fake_tensor, float(_GP_WEIGHTS[case])
        )
        values[case] = float(_scalar(value, expected).detach().double())
        seen = [x for x in critic.seen if x.numel() == _GP_BATCH * elements]
        if seen:
            points[case] = seen[-1].double().numpy().reshape(_GP_BATCH, elements)
            seen_points[case] = 1.0
    return {
        "gp_real": real,
        "gp_fake": fake,
        "gp_points": points,
        "gp_seen": seen_points,
        "gp_a": a,
        "gp_b": b,
        "gp_weight": np.asarray(_GP_WEIGHTS, dtype=np.float64),
        "gp_value": values,
    }


def _clip_units(
    module: Any, params: Dict[str, Any], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    clip_value = float(params["clip_value"])
    expected = f"clip_weights(critic, clip_value={clip_value})"
    clip = _student_callable(module, "clip_weights", expected)
    generator = torch.Generator().manual_seed(int(params.get("seed", 0)))
    critic = torch.nn.Sequential(torch.nn.Linear(6, 5), torch.nn.ReLU(), torch.nn.Linear(5, 1))
    with torch.no_grad():
        for parameter in critic.parameters():
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * 2 * clip_value)
    before = torch.cat([p.detach().reshape(-1).clone() for p in critic.parameters()])
    call_student(clip, expected, critic, clip_value)
    after = torch.cat([p.detach().reshape(-1).clone() for p in critic.parameters()])
    return {
        "clip_before": before.double().numpy(),
        "clip_after": after.double().numpy(),
        "clip_value": np.asarray([clip_value]),
    }


def _network(module: Any, name: str, expected: str, call_student: Callable[..., Any], *args: Any) -> Any:
    import torch

    model = call_student(_student_callable(module, name, expected), expected, *args)
    if not isinstance(model, torch.nn.Module):
        raise StudentError(
            "InvalidOutput", f"{expected} built a {type(model).__name__}; it must be a torch.nn.Module"
        )
    if not list(model.parameters()):
        raise StudentError("InvalidOutput", f"{expected} has no parameters to train")
    return model


def _checked(value: Any, expected: str, shape: tuple, what: str) -> Any:
    import torch

    if not isinstance(value, torch.Tensor) or tuple(value.shape) != shape:
        found = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
        raise StudentError(
            "InvalidOutput", f"{expected} returned {found}; it must return {what} of shape {shape}"
        )
    return value


def _train(
    module: Any,
    params: Dict[str, Any],
    inputs: List[np.ndarray],
    call_student: Callable[..., Any],
    wasserstein: bool,
) -> Dict[str, np.ndarray]:
    import torch

    x_train = torch.from_numpy(np.asarray(inputs[0], dtype=np.float32))
    if x_train.shape[1] != IMAGE_PIXELS:
        raise ValueError(f"train inputs must have {IMAGE_PIXELS} columns, got {x_train.shape[1]}")
    z_dim = int(params["z_dim"])
    steps = int(params["steps"])
    batch_size = int(params["batch_size"])
    seed = int(params.get("seed", 0))
    critic_steps = int(params.get("critic_steps", 1))
    gp_weight = float(params.get("gp_weight", 0.0))
    betas = tuple(float(value) for value in params.get("betas", (0.5, 0.999)))

    generator_call = f"Generator(z_dim={z_dim})"
    judge_name = "Critic" if wasserstein else "Discriminator"
    judge_call = f"{judge_name}()"
    generator = _network(module, "Generator", generator_call, call_student, z_dim)
    judge = _network(module, judge_name, judge_call, call_student)
    if wasserstein:
        judge_loss_call = "critic_loss(real_scores, fake_scores)"
        judge_loss = _student_callable(module, "critic_loss", judge_loss_call)
        penalty_call = "gradient_penalty(critic, real, fake, weight)"
        penalty = _student_callable(module, "gradient_penalty", penalty_call)
    else:
        judge_loss_call = "discriminator_loss(real_logits, fake_logits)"
        judge_loss = _student_callable(module, "discriminator_loss", judge_loss_call)
    generator_loss_call = "generator_loss(fake_scores)"
    generator_loss = _student_callable(module, "generator_loss", generator_loss_call)

    rate = float(params["learning_rate"])
    generator_optimiser = torch.optim.Adam(generator.parameters(), lr=rate, betas=betas)
    judge_optimiser = torch.optim.Adam(judge.parameters(), lr=rate, betas=betas)
    sampler = torch.Generator().manual_seed(seed)
    noise = torch.Generator().manual_seed(seed + 1)
    judge_shape = (batch_size, 1)

    def generate(rows: int) -> Any:
        z = torch.randn((rows, z_dim), generator=noise)
        return _checked(
            call_student(generator, "Generator.forward(z)", z),
            "Generator.forward(z)",
            (rows, IMAGE_PIXELS),
            "images",
        )

    def judge_scores(x: Any) -> Any:
        expected = f"{judge_name}.forward(x)"
        return _checked(call_student(judge, expected, x), expected, judge_shape, "one score per image")

    judge_losses = np.zeros(steps)
    generator_losses = np.zeros(steps)
    generator.train()
    judge.train()
    for step in range(steps):
        for _ in range(critic_steps):
            real = x_train[torch.randint(0, len(x_train), (batch_size,), generator=sampler)]
            fake = generate(batch_size).detach()
            loss = _scalar(
                call_student(judge_loss, judge_loss_call, judge_scores(real), judge_scores(fake)),
                judge_loss_call,
            )
            if wasserstein:
                loss = loss + _scalar(
                    call_student(penalty, penalty_call, judge, real, fake, gp_weight), penalty_call
                )
            judge_optimiser.zero_grad()
            call_student(loss.backward, f"backward through {judge_loss_call}")
            judge_optimiser.step()
        judge_losses[step] = float(loss.detach())
        fake = generate(batch_size)
        loss = _scalar(
            call_student(generator_loss, generator_loss_call, judge_scores(fake)),
            generator_loss_call,
        )
        generator_optimiser.zero_grad()
        call_student(loss.backward, f"backward through {generator_loss_call}")
        generator_optimiser.step()
        generator_losses[step] = float(loss.detach())

    generator.eval()
    # Samples come from their own seeded noise, so they do not depend on the number of steps.
    noise = torch.Generator().manual_seed(seed + 2)
    parts = []
    with torch.no_grad():
        remaining = int(params["samples"])
        while remaining > 0:
            rows = min(remaining, _EVAL_BATCH)
            parts.append(generate(rows).float().numpy())
            remaining -= rows
    judge_output = "c_loss" if wasserstein else "d_loss"
    return {
        "samples": np.concatenate(parts),
        judge_output: judge_losses,
        "g_loss": generator_losses,
    }
