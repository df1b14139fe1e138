"""Driver for the generative-model assignments (7 VAE and beta-VAE).

The harness, not the student, owns the training loop: the seed, the Adam optimiser, the batch
sampler and the step budget come from ``task["driver_params"]``, so results are comparable
between submissions and bounded in time. The student supplies the models and the losses.

``driver_params["mode"]`` selects what a task does:

``vae-loss``
    Call ``vae_loss(x, x_recon, mu, logvar, beta)`` on ``_UNIT_CASES`` fixed float32 cases drawn
    from ``seed`` and return the inputs (``unit_x``, ``unit_logits``, ``unit_mu``,
    ``unit_logvar``, ``unit_beta``) with the three returned terms (``unit_total``,
    ``unit_recon``, ``unit_kl``, one value per case), so the worker can recompute the expected
    terms itself.
``reparameterize``
    Call ``reparameterize(mu, logvar)`` on ``_REPARAMETERIZE_DRAWS`` copies of fixed rows and
    return ``rep_mu``, ``rep_logvar`` (rows x dims) and ``rep_z`` (draws x rows x dims).
``train-vae``
    Train ``Encoder(x_dim, z_dim)`` and ``Decoder(z_dim, x_dim)`` on ``X_train`` with the
    student's ``reparameterize`` and ``vae_loss``, then on the held-out ``X`` return the
    posterior ``mu`` and ``logvar``, ``recon_logits`` (decoded from one draw of the posterior
    that the driver takes itself), ``recon_mean_logits`` (decoded from ``mu``), ``samples``
    (sigmoid of the decoded draws z ~ N(0, I)) and ``train_loss`` (the total loss per step).

torch is imported inside ``run`` so that the rest of the harness works on hosts without it.
"""

from typing import Any, Callable, Dict, List, Tuple

import numpy as np

from dmlg_harness.errors import StudentError

_UNIT_CASES = 4
_UNIT_BATCH = 5
_UNIT_PIXELS = 12
_UNIT_LATENTS = 3
_UNIT_BETAS = (1.0, 4.0, 0.5, 1.0)
_REPARAMETERIZE_DRAWS = 4000
# Held-out rows processed per forward call; keeps memory flat for large sets.
_EVAL_BATCH = 512

_LOSS_ADVICE = (
    "vae_loss must return (total, recon, kl), three scalar tensors: recon and kl averaged over "
    "the batch, total = recon + beta * kl"
)


def run(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    params = task.get("driver_params", {})
    mode = params.get("mode")
    torch.set_num_threads(int(params.get("threads", 1)))
    torch.manual_seed(int(params.get("seed", 0)))
    if mode == "vae-loss":
        return _vae_loss_units(module, params, call_student)
    if mode == "reparameterize":
        return _reparameterize_units(module, params, call_student)
    if mode == "train-vae":
        return _train_vae(module, params, inputs, call_student)
    raise ValueError(
        f"driver_params.mode must be vae-loss, reparameterize or train-vae, got {mode!r}"
    )


def _student_callable(module: Any, name: str, expected: str) -> Any:
    value = getattr(module, name, None)
    if value is None or not callable(value):
        raise StudentError(
            "MissingName",
            f"{module.__name__}.py defines no {name}; the assignment asks for {expected}",
        )
    return value


def _scalar(value: Any, what: str) -> Any:
    import torch

    if not isinstance(value, torch.Tensor) or value.numel() != 1:
        shape = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
        raise StudentError(
            "InvalidOutput",
            f"{what} is {shape}, not a scalar tensor; {_LOSS_ADVICE}",
        )
    if not torch.isfinite(value).all():
        raise StudentError(
            "NonFiniteLoss",
            f"{what} is {value.item()}; a NaN or Inf usually comes from log(0) in the "
            "reconstruction term: compute it from logits with "
            "F.binary_cross_entropy_with_logits",
        )
    return value.reshape(())


def _loss_terms(value: Any, expected: str) -> Tuple[Any, Any, Any]:
    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned a {type(value).__name__}; {_LOSS_ADVICE}",
        )
    total, recon, kl = value
    return (
        _scalar(total, f"the total returned by {expected}"),
        _scalar(recon, f"the recon term returned by {expected}"),
        _scalar(kl, f"the kl term returned by {expected}"),
    )


def _vae_loss_units(
    module: Any, params: Dict[str, Any], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    expected = "vae_loss(x, x_recon, mu, logvar, beta)"
    vae_loss = _student_callable(module, "vae_loss", expected)
    rng = np.random.default_rng(int(params.get("seed", 0)))
    shape_x = (_UNIT_CASES, _UNIT_BATCH, _UNIT_PIXELS)
    shape_z = (_UNIT_CASES, _UNIT_BATCH, _UNIT_LATENTS)
    x = (rng.random(shape_x) < 0.4).astype(np.float32)
    logits = rng.normal(0.0, 2.0, shape_x).astype(np.float32)
    mu = rng.normal(0.0, 1.0, shape_z).astype(np.float32)
    logvar = rng.normal(0.0, 0.8, shape_z).astype(np.float32)
    betas = np.asarray(_UNIT_BETAS, dtype=np.float64)

    terms = np.zeros((3, _UNIT_CASES), dtype=np.float64)
    for case in range(_UNIT_CASES):
        result = call_student(
            vae_loss,
            expected,
            torch.tensor(x[case]),
            torch.tensor(logits[case]),
            torch.tensor(mu[case]),
            torch.tensor(logvar[case]),
            float(betas[case]),
        )
        for index, term in enumerate(_loss_terms(result, expected)):
            terms[index, case] = float(term.detach().double())
    return {
        "unit_x": x,
        "unit_logits": logits,
        "unit_mu": mu,
        "unit_logvar": logvar,
        "unit_beta": betas,
        "unit_total": terms[0],
        "unit_recon": terms[1],
        "unit_kl": terms[2],
    }


def _reparameterize_units(
    module: Any, params: Dict[str, Any], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    expected = "reparameterize(mu, logvar)"
    reparameterize = _student_callable(module, "reparameterize", expected)
    rng = np.random.default_rng(int(params.get("seed", 0)))
    mu = rng.normal(0.0, 2.0, (6, 4)).astype(np.float32)
    logvar = rng.uniform(-3.0, 2.0, (6, 4)).astype(np.float32)
    mu_batch = torch.from_numpy(np.tile(mu, (_REPARAMETERIZE_DRAWS, 1)))
    logvar_batch = torch.from_numpy(np.tile(logvar, (_REPARAMETERIZE_DRAWS, 1)))
    mu_batch.requires_grad_(True)
    z = call_student(reparameterize, expected, mu_batch, logvar_batch)
    if not isinstance(z, torch.Tensor) or tuple(z.shape) != tuple(mu_batch.shape):
        shape = tuple(z.shape) if isinstance(z, torch.Tensor) else type(z).__name__
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned {shape} for mu of shape {tuple(mu_batch.shape)}; it must "
            "return a tensor z of the same shape as mu",
        )
    if not z.requires_grad:
        raise StudentError(
            "NoGradient",
            f"{expected} returned a z that does not depend on mu through autograd; compute "
            "z = mu + std * eps with torch operations so that the encoder receives gradients",
        )
    return {
        "rep_mu": mu.astype(np.float64),
        "rep_logvar": logvar.astype(np.float64),
        "rep_z": z.detach().double().numpy().reshape(_REPARAMETERIZE_DRAWS, 6, 4),
    }


def _module_parameters(model: Any, expected: str) -> List[Any]:
    import torch

    if not isinstance(model, torch.nn.Module):
        raise StudentError(
            "InvalidOutput",
            f"{expected} built a {type(model).__name__}; it must be a torch.nn.Module",
        )
    return list(model.parameters())


def _posterior(value: Any, expected: str, rows: int, z_dim: int) -> Tuple[Any, Any]:
    import torch

    if (
        not isinstance(value, (tuple, list))
        or len(value) != 2
        or not all(isinstance(part, torch.Tensor) for part in value)
    ):
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned a {type(value).__name__}; it must return (mu, logvar), two "
            f"tensors of shape (batch, z_dim)",
        )
    mu, logvar = value
    for name, part in (("mu", mu), ("logvar", logvar)):
        if tuple(part.shape) != (rows, z_dim):
            raise StudentError(
                "InvalidOutput",
                f"{expected} returned {name} of shape {tuple(part.shape)}; expected "
                f"({rows}, {z_dim})",
            )
    return mu, logvar


def _logits(value: Any, expected: str, rows: int, x_dim: int) -> Any:
    import torch

    if not isinstance(value, torch.Tensor) or tuple(value.shape) != (rows, x_dim):
        shape = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned {shape}; it must return logits of shape ({rows}, {x_dim}), "
            "one per pixel, without a sigmoid",
        )
    return value


def _train_vae(
    module: Any, params: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    x_train_array, x_test_array = inputs
    x_train = torch.from_numpy(np.asarray(x_train_array, dtype=np.float32))
    x_test = torch.from_numpy(np.asarray(x_test_array, dtype=np.float32))
    x_dim = int(x_train.shape[1])
    z_dim = int(params["z_dim"])
    beta = float(params["beta"])
    steps = int(params["steps"])
    batch_size = int(params["batch_size"])
    seed = int(params.get("seed", 0))

    encoder_call = f"Encoder(x_dim={x_dim}, z_dim={z_dim})"
    decoder_call = f"Decoder(z_dim={z_dim}, x_dim={x_dim})"
    encoder_class = _student_callable(module, "Encoder", encoder_call)
    decoder_class = _student_callable(module, "Decoder", decoder_call)
    encoder = call_student(encoder_class, encoder_call, x_dim, z_dim)
    decoder = call_student(decoder_class, decoder_call, z_dim, x_dim)
    reparameterize = _student_callable(module, "reparameterize", "reparameterize(mu, logvar)")
    loss_call = "vae_loss(x, x_recon, mu, logvar, beta)"
    vae_loss = _student_callable(module, "vae_loss", loss_call)
    parameters = _module_parameters(encoder, encoder_call)
    parameters += _module_parameters(decoder, decoder_call)
    optimiser = torch.optim.Adam(parameters, lr=float(params["learning_rate"]))
    sampler = torch.Generator().manual_seed(seed)

    losses = np.zeros(steps, dtype=np.float64)
    encoder.train()
    decoder.train()
    for step in range(steps):
        batch = x_train[torch.randint(0, len(x_train), (batch_size,), generator=sampler)]
        mu, logvar = _encode(encoder, batch, z_dim, call_student)
        z = call_student(reparameterize, "reparameterize(mu, logvar)", mu, logvar)
        logits = _decode(decoder, z, x_dim, call_student)
        total, _recon, _kl = _loss_terms(
            call_student(vae_loss, loss_call, batch, logits, mu, logvar, beta), loss_call
        )
        optimiser.zero_grad()
        call_student(total.backward, "backward through vae_loss")
        optimiser.step()
        losses[step] = float(total.detach())

    outputs = _evaluate_vae(encoder, decoder, x_test, z_dim, x_dim, params, call_student)
    outputs["train_loss"] = losses
    return outputs


def _encode(
    encoder: Any, batch: Any, z_dim: int, call_student: Callable[..., Any]
) -> Tuple[Any, Any]:
    expected = "Encoder.forward(x)"
    return _posterior(call_student(encoder, expected, batch), expected, len(batch), z_dim)


def _decode(decoder: Any, z: Any, x_dim: int, call_student: Callable[..., Any]) -> Any:
    expected = "Decoder.forward(z)"
    return _logits(call_student(decoder, expected, z), expected, len(z), x_dim)


def _evaluate_vae(
    encoder: Any,
    decoder: Any,
    x_test: Any,
    z_dim: int,
    x_dim: int,
    params: Dict[str, Any],
    call_student: Callable[..., Any],
) -> Dict[str, np.ndarray]:
    import torch

    encoder.eval()
    decoder.eval()
    noise = torch.Generator().manual_seed(int(params.get("seed", 0)) + 1)
    parts: Dict[str, List[np.ndarray]] = {
        "mu": [],
        "logvar": [],
        "recon_logits": [],
        "recon_mean_logits": [],
        "samples": [],
    }
    with torch.no_grad():
        for start in range(0, len(x_test), _EVAL_BATCH):
            batch = x_test[start : start + _EVAL_BATCH]
            rows = len(batch)
            mu, logvar = _encode(encoder, batch, z_dim, call_student)
            # The driver draws the posterior sample itself, so the ELBO estimate does not depend
            # on the student's reparameterize.
            eps = torch.randn((rows, z_dim), generator=noise)
            z = mu + torch.exp(0.5 * logvar) * eps
            parts["mu"].append(mu.double().numpy())
            parts["logvar"].append(logvar.double().numpy())
            for name, code in (("recon_logits", z), ("recon_mean_logits", mu)):
                parts[name].append(_decode(decoder, code, x_dim, call_student).float().numpy())
        remaining = int(params["samples"])
        while remaining > 0:
            rows = min(remaining, _EVAL_BATCH)
            prior = torch.randn((rows, z_dim), generator=noise)
            logits = _decode(decoder, prior, x_dim, call_student)
            parts["samples"].append(torch.sigmoid(logits).float().numpy())
            remaining -= rows
    return {name: np.concatenate(arrays) for name, arrays in parts.items()}
