"""Driver for the metric-learning assignments (4 contrastive loss, 5 triplet loss, 6 Proxy-NCA).

The harness, not the student, owns the training loop, so every submission trains with the same
seed, sampler, optimizer and step budget, and results are comparable and bounded in time. The
student supplies the pieces: an ``EmbeddingNet``, a loss module and a miner.

``task["driver_params"]["mode"]`` selects what a task does:

``pair-loss``
    Construct ``task["class"](**task["init"])`` (a pair loss such as ``ContrastiveLoss``) and call
    it on the float32 inputs ``(emb_a, emb_b, same)``; return ``loss`` (a 0-d float64 array) and
    the gradients ``grad_a``, ``grad_b`` of the loss with respect to both embedding batches.
``pair-miner``
    Call the function ``task["class"]`` on ``(embeddings, labels)`` (float32 and int64 tensors)
    and return ``pairs``, an int64 array of shape (M, 3) with rows ``(index_a, index_b, same)``.
``triplet-loss``
    Construct a triplet loss such as ``TripletLoss`` and call it on the float32 inputs
    ``(anchor, positive, negative)``; return ``loss`` and ``grad_anchor``, ``grad_positive``,
    ``grad_negative``.
``triplet-miner``
    Call the function ``task["class"]`` on ``(embeddings, labels, **driver_params["miner_kwargs"])``
    (embeddings L2-normalised first when ``driver_params["normalize_inputs"]``) and return
    ``triplets``, an int64 array of shape (M, 3) with rows ``(anchor, positive, negative)``.
``triplet-sampler``
    As ``triplet-miner`` for a randomised miner: call it ``driver_params["draws"]`` times after
    ``torch.manual_seed(seed)`` and return ``counts`` of shape (N, N), how often sample n was
    the negative of anchor a, so the grader can compare the sampling distribution.
``proxy-loss``
    Construct a proxy loss such as ``ProxyNCALoss(**task["init"])``, overwrite its
    ``proxies`` (a (C, D) tensor attribute) with the input ``proxies``, and call it on the
    float32 inputs ``(embeddings, labels)``; return ``loss``, ``grad_embeddings``,
    ``grad_proxies`` (zeros when the proxies get no gradient) and ``proxies_learnable`` (1.0
    when ``proxies`` is an ``nn.Parameter`` of the loss that requires a gradient, else 0.0).
``train``
    Train ``task["class"](**task["init"])`` (the ``EmbeddingNet``) on ``(X_train, y_train)``
    with the loss class ``driver_params["loss"]`` and the miner ``driver_params["miner"]``, then
    embed the held-out ``X`` and return ``embeddings`` of shape (n, embedding_dim). With
    ``driver_params["triplets"]`` the miner returns ``(anchor, positive, negative)`` indices and
    the loss is called on the three embedding batches. With ``driver_params["proxies"]`` there
    is no miner: the loss owns learnable proxies and is called on ``(embeddings, labels)``, the
    labels renumbered 0..C-1; ``driver_params["loss_lr"]`` (default ``lr``) is the learning rate
    of the loss's own parameters, because proxies move faster than the network's weights.

Unit inputs are float32 because that is what the network produces during training. torch is
imported inside ``run`` so that the rest of the harness works on hosts without it.
"""

from typing import Any, Callable, Dict, List, Tuple

import numpy as np

from dmlg_harness.errors import StudentError

# Rows of the held-out split embedded per forward call; keeps memory flat for large sets.
_EMBED_BATCH = 512
# |norm - 1| tolerated when the task requires L2-normalised embeddings (float32 rounding).
_NORM_TOLERANCE = 1e-3

_NAN_ADVICE = (
    "a NaN or Inf usually comes from torch.sqrt of a squared distance that is 0 or, after "
    "||a||² + ||b||² - 2 a·b, a tiny negative number: its value is NaN and its gradient at 0 is "
    "infinite; clamp first, e.g. torch.sqrt(torch.clamp(d2, min=1e-12))"
)


_PROXY_NAN_ADVICE = (
    "with a large scale every exp(−scale·d) can underflow to 0, and log(0) is −Inf; compute "
    "the log of the sum of exponentials with torch.logsumexp (mask the positive proxy with "
    "−inf) instead of torch.log(torch.exp(...).sum())"
)


def run(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    params = task.get("driver_params", {})
    mode = params.get("mode")
    torch.set_num_threads(int(params.get("threads", 1)))
    torch.manual_seed(int(params.get("seed", 0)))
    if mode == "pair-loss":
        return _pair_loss(module, task, inputs, call_student)
    if mode == "pair-miner":
        return _pair_miner(module, task, inputs, call_student)
    if mode == "triplet-loss":
        return _triplet_loss(module, task, inputs, call_student)
    if mode == "triplet-miner":
        return _triplet_miner(module, task, inputs, call_student)
    if mode == "triplet-sampler":
        return _triplet_sampler(module, task, inputs, call_student)
    if mode == "proxy-loss":
        return _proxy_loss(module, task, inputs, call_student)
    if mode == "train":
        return _train(module, task, inputs, call_student)
    raise ValueError(
        "driver_params.mode must be pair-loss, pair-miner, triplet-loss, triplet-miner, "
        f"triplet-sampler, proxy-loss or train, got {mode!r}"
    )


def _student_attribute(module: Any, name: str, expected: str) -> Any:
    value = getattr(module, name, None)
    if value is None or not callable(value):
        raise StudentError(
            "MissingName",
            f"{module.__name__}.py defines no {name}; the assignment asks for {expected}",
        )
    return value


def _construct(module: Any, name: str, init: Dict[str, Any], call_student: Callable[..., Any]) -> Any:
    expected = f"{name}({', '.join(init)})"
    cls = _student_attribute(module, name, expected)
    return call_student(cls, expected, **init)


def _scalar_loss(value: Any, expected: str, advice: str = _NAN_ADVICE) -> Any:
    import torch

    if not isinstance(value, torch.Tensor) or value.numel() != 1:
        shape = tuple(value.shape) if isinstance(value, torch.Tensor) else type(value).__name__
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned {shape}; it must return a scalar tensor (the mean over the "
            "batch), so reduce with .mean()",
        )
    if not torch.isfinite(value).all():
        raise StudentError("NonFiniteLoss", f"{expected} returned {value.item()}; {advice}")
    return value.reshape(())


def _pair_loss(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    emb_a_array, emb_b_array, same_array = inputs
    loss_module = _construct(module, task["class"], task["init"], call_student)
    emb_a = torch.tensor(emb_a_array, dtype=torch.float32, requires_grad=True)
    emb_b = torch.tensor(emb_b_array, dtype=torch.float32, requires_grad=True)
    same = torch.tensor(same_array, dtype=torch.float32)
    expected = f"{task['class']}.forward(emb_a, emb_b, same)"
    loss = _scalar_loss(call_student(loss_module, expected, emb_a, emb_b, same), expected)
    call_student(loss.backward, f"backward through {expected}")
    gradients = {}
    for name, tensor in (("grad_a", emb_a), ("grad_b", emb_b)):
        grad = tensor.grad if tensor.grad is not None else torch.zeros_like(tensor)
        if not torch.isfinite(grad).all():
            rows = sorted({int(row) for row in (~torch.isfinite(grad)).nonzero()[:, 0]})
            raise StudentError(
                "NonFiniteGradient",
                f"the gradient of {expected} is NaN or Inf at pair rows {rows} (the pairs at "
                f"distance 0 are rows {_zero_rows(emb_a_array, emb_b_array)}); {_NAN_ADVICE}",
            )
        gradients[name] = grad.detach().double().numpy()
    return {"loss": np.asarray(loss.item(), dtype=np.float64), **gradients}


def _triplet_loss(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    loss_module = _construct(module, task["class"], task["init"], call_student)
    names = ("anchor", "positive", "negative")
    tensors = [torch.tensor(array, dtype=torch.float32, requires_grad=True) for array in inputs]
    expected = f"{task['class']}.forward(anchor, positive, negative)"
    loss = _scalar_loss(call_student(loss_module, expected, *tensors), expected)
    call_student(loss.backward, f"backward through {expected}")
    outputs = {"loss": np.asarray(loss.item(), dtype=np.float64)}
    for name, tensor in zip(names, tensors):
        grad = tensor.grad if tensor.grad is not None else torch.zeros_like(tensor)
        if not torch.isfinite(grad).all():
            rows = sorted({int(row) for row in (~torch.isfinite(grad)).nonzero()[:, 0]})
            raise StudentError(
                "NonFiniteGradient",
                f"the gradient of {expected} with respect to {name} is NaN or Inf at triplet "
                f"rows {rows} (anchor = positive at rows {_zero_rows(inputs[0], inputs[1])}, "
                f"anchor = negative at rows {_zero_rows(inputs[0], inputs[2])}); {_NAN_ADVICE}",
            )
        outputs[f"grad_{name}"] = grad.detach().double().numpy()
    return outputs


def _mined_triplets(value: Any, batch: int, expected: str) -> Tuple[Any, Any, Any]:
    import torch

    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned a {type(value).__name__}; it must return a tuple "
            "(anchor, positive, negative) of three 1-d index tensors of equal length",
        )
    parts = [torch.as_tensor(part).reshape(-1).long() for part in value]
    if len({part.numel() for part in parts}) != 1:
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned anchor, positive and negative of lengths "
            f"{[part.numel() for part in parts]}; they must have one entry per triplet",
        )
    if parts[0].numel() and (
        min(part.min() for part in parts) < 0 or max(part.max() for part in parts) >= batch
    ):
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned indices outside 0..{batch - 1}; indices are rows of the batch",
        )
    return parts[0], parts[1], parts[2]


def _miner_inputs(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray]
) -> Tuple[Any, Any, Any, Dict[str, Any], str]:
    import torch

    params = task.get("driver_params", {})
    embeddings_array, labels_array = inputs
    kwargs = dict(params.get("miner_kwargs", {}))
    name = task["class"]
    expected = f"{name}(embeddings, labels{''.join(f', {key}={value!r}' for key, value in kwargs.items())})"
    miner = _student_attribute(module, name, expected)
    embeddings = torch.tensor(embeddings_array, dtype=torch.float32)
    if params.get("normalize_inputs", False):
        embeddings = torch.nn.functional.normalize(embeddings, dim=1)
    labels = torch.tensor(labels_array, dtype=torch.int64)
    return miner, embeddings, labels, kwargs, expected


def _triplet_miner(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    miner, embeddings, labels, kwargs, expected = _miner_inputs(module, task, inputs)
    triplets = _mined_triplets(
        call_student(miner, expected, embeddings, labels, **kwargs), len(labels), expected
    )
    return {"triplets": torch.stack(triplets, dim=1).numpy().astype(np.int64).reshape(-1, 3)}


def _triplet_sampler(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    miner, embeddings, labels, kwargs, expected = _miner_inputs(module, task, inputs)
    batch = len(labels)
    counts = np.zeros((batch, batch), dtype=np.float64)
    torch.manual_seed(int(task["driver_params"].get("seed", 0)))
    for _ in range(int(task["driver_params"]["draws"])):
        anchor, _positive, negative = _mined_triplets(
            call_student(miner, expected, embeddings, labels, **kwargs), batch, expected
        )
        np.add.at(counts, (anchor.numpy(), negative.numpy()), 1)
    return {"counts": counts}


def _loss_proxies(loss_module: Any, name: str, shape: Tuple[int, int]) -> Any:
    import torch

    proxies = getattr(loss_module, "proxies", None)
    if not isinstance(proxies, torch.Tensor) or tuple(proxies.shape) != shape:
        found = tuple(proxies.shape) if isinstance(proxies, torch.Tensor) else type(proxies).__name__
        raise StudentError(
            "InvalidOutput",
            f"{name}.proxies is {found}; the loss must keep its proxies in self.proxies, an "
            f"nn.Parameter of shape (num_classes, embedding_dim) = {shape}",
        )
    return proxies


def _proxy_loss(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    embeddings_array, labels_array, proxies_array = inputs
    loss_module = _construct(module, task["class"], task["init"], call_student)
    proxies = _loss_proxies(loss_module, task["class"], tuple(proxies_array.shape))
    with torch.no_grad():
        proxies.copy_(torch.tensor(proxies_array, dtype=proxies.dtype))
    learnable = (
        isinstance(proxies, torch.nn.Parameter)
        and proxies.requires_grad
        and any(parameter is proxies for parameter in loss_module.parameters())
    )
    if proxies.grad is not None:
        proxies.grad = None
    embeddings = torch.tensor(embeddings_array, dtype=torch.float32, requires_grad=True)
    labels = torch.tensor(labels_array, dtype=torch.int64)
    expected = f"{task['class']}.forward(embeddings, labels)"
    loss = _scalar_loss(
        call_student(loss_module, expected, embeddings, labels), expected, _PROXY_NAN_ADVICE
    )
    call_student(loss.backward, f"backward through {expected}")
    outputs = {
        "loss": np.asarray(loss.item(), dtype=np.float64),
        "proxies_learnable": np.asarray(1.0 if learnable else 0.0, dtype=np.float64),
    }
    for name, tensor in (("embeddings", embeddings), ("proxies", proxies)):
        grad = tensor.grad if tensor.grad is not None else torch.zeros_like(tensor)
        if not torch.isfinite(grad).all():
            raise StudentError(
                "NonFiniteGradient",
                f"the gradient of {expected} with respect to {name} is NaN or Inf; "
                f"{_PROXY_NAN_ADVICE}",
            )
        outputs[f"grad_{name}"] = grad.detach().double().numpy()
    return outputs


def _zero_rows(emb_a: np.ndarray, emb_b: np.ndarray) -> List[int]:
    return [int(row) for row in np.nonzero(np.all(emb_a == emb_b, axis=1))[0]]


def _mined_pairs(value: Any, batch: int, expected: str) -> Tuple[Any, Any, Any]:
    import torch

    if not isinstance(value, (tuple, list)) or len(value) != 3:
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned a {type(value).__name__}; it must return a tuple "
            "(index_a, index_b, same) of three 1-d tensors of equal length",
        )
    parts = [torch.as_tensor(part).reshape(-1) for part in value]
    if len({part.numel() for part in parts}) != 1:
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned index_a, index_b and same of lengths "
            f"{[part.numel() for part in parts]}; they must have one entry per pair",
        )
    index_a, index_b = (part.long() for part in parts[:2])
    if parts[0].numel() and (
        min(index_a.min(), index_b.min()) < 0 or max(index_a.max(), index_b.max()) >= batch
    ):
        raise StudentError(
            "InvalidOutput",
            f"{expected} returned indices outside 0..{batch - 1}; indices are rows of the batch",
        )
    return index_a, index_b, parts[2]


def _pair_miner(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    embeddings_array, labels_array = inputs
    name = task["class"]
    expected = f"{name}(embeddings, labels)"
    miner = _student_attribute(module, name, expected)
    embeddings = torch.tensor(embeddings_array, dtype=torch.float32)
    labels = torch.tensor(labels_array, dtype=torch.int64)
    index_a, index_b, same = _mined_pairs(
        call_student(miner, expected, embeddings, labels), len(labels_array), expected
    )
    pairs = torch.stack([index_a, index_b, same.round().long()], dim=1)
    return {"pairs": pairs.numpy().astype(np.int64).reshape(-1, 3)}


def _batches(labels: np.ndarray, params: Dict[str, Any], rng: np.random.Generator) -> Any:
    """P classes × K samples per batch; classes without replacement, samples with replacement
    only when a class has fewer than K."""
    classes = np.unique(labels)
    per_class = int(params["samples_per_class"])
    count = min(int(params["classes_per_batch"]), len(classes))
    members = {label: np.nonzero(labels == label)[0] for label in classes}
    while True:
        chosen = rng.choice(classes, size=count, replace=False)
        rows = [
            rng.choice(members[label], size=per_class, replace=len(members[label]) < per_class)
            for label in chosen
        ]
        yield np.concatenate(rows)


def _embed(net: Any, X: Any, expected: str, call_student: Callable[..., Any]) -> Any:
    import torch

    chunks = []
    with torch.no_grad():
        for start in range(0, X.shape[0], _EMBED_BATCH):
            chunk = X[start : start + _EMBED_BATCH]
            output = call_student(net, expected, chunk)
            if not isinstance(output, torch.Tensor) or output.dim() != 2 or output.shape[0] != chunk.shape[0]:
                shape = tuple(output.shape) if isinstance(output, torch.Tensor) else type(output).__name__
                raise StudentError(
                    "InvalidOutput",
                    f"{expected} returned {shape} for a batch of {chunk.shape[0]} rows; it must "
                    "return a tensor of shape (batch, embedding_dim)",
                )
            chunks.append(output.float())
    return torch.cat(chunks)


def _train(
    module: Any, task: Dict[str, Any], inputs: List[np.ndarray], call_student: Callable[..., Any]
) -> Dict[str, np.ndarray]:
    import torch

    params = task["driver_params"]
    X_train, y_train, X_test = inputs
    scale = float(params.get("input_scale", 1.0))
    x_train = torch.tensor(X_train * scale, dtype=torch.float32)
    x_test = torch.tensor(X_test * scale, dtype=torch.float32)
    labels_train = torch.tensor(y_train, dtype=torch.int64)

    net = _construct(module, task["class"], task["init"], call_student)
    loss_name = params["loss"]
    loss_module = _construct(module, loss_name, params.get("loss_init", {}), call_student)
    with_proxies = bool(params.get("proxies", False))
    if with_proxies:
        # Proxy losses index their proxies by label, so labels become 0..C-1.
        _classes, y_index = np.unique(y_train, return_inverse=True)
        labels_train = torch.tensor(y_index, dtype=torch.int64)
        miner_name = ""
        miner = None
    else:
        miner_name = params["miner"]
        miner = _student_attribute(module, miner_name, f"{miner_name}(embeddings, labels)")
    miner_kwargs = dict(params.get("miner_kwargs", {}))
    triplets = bool(params.get("triplets", False))
    net_parameters = list(net.parameters())
    loss_parameters = list(loss_module.parameters())
    parameters = [*net_parameters, *loss_parameters]
    if not parameters:
        raise StudentError(
            "InvalidOutput",
            f"{task['class']} has no trainable parameters; build it from torch.nn layers",
        )
    groups = [{"params": net_parameters}] if net_parameters else []
    if loss_parameters:
        groups.append(
            {"params": loss_parameters, "lr": float(params.get("loss_lr", params["lr"]))}
        )
    optimizer = torch.optim.Adam(groups, lr=float(params["lr"]))
    rng = np.random.default_rng(int(params.get("seed", 0)))
    sampler = _batches(y_train, params, rng)
    forward = f"{task['class']}.forward(x)"
    mine = f"{miner_name}(embeddings, labels)"
    if with_proxies:
        loss_call = f"{loss_name}.forward(embeddings, labels)"
    elif triplets:
        loss_call = f"{loss_name}.forward(anchor, positive, negative)"
    else:
        loss_call = f"{loss_name}.forward(emb_a, emb_b, same)"

    net.train()
    for step in range(int(params["steps"])):
        rows = torch.from_numpy(next(sampler))
        embeddings = call_student(net, forward, x_train[rows])
        labels = labels_train[rows]
        if with_proxies:
            value = call_student(loss_module, loss_call, embeddings, labels)
        elif triplets:
            mined = call_student(miner, mine, embeddings.detach(), labels, **miner_kwargs)
            anchor, positive, negative = _mined_triplets(mined, len(rows), mine)
            value = call_student(
                loss_module, loss_call, embeddings[anchor], embeddings[positive], embeddings[negative]
            )
        else:
            mined = call_student(miner, mine, embeddings.detach(), labels, **miner_kwargs)
            index_a, index_b, same = _mined_pairs(mined, len(rows), mine)
            value = call_student(
                loss_module, loss_call, embeddings[index_a], embeddings[index_b], same.float()
            )
        nan_advice = _PROXY_NAN_ADVICE if with_proxies else _NAN_ADVICE
        try:
            loss = _scalar_loss(value, loss_call, nan_advice)
        except StudentError as error:
            raise StudentError(error.error_type, f"at training step {step}: {error.message}") from None
        optimizer.zero_grad()
        call_student(loss.backward, f"backward through {loss_call}")
        for parameter in parameters:
            if parameter.grad is not None and not torch.isfinite(parameter.grad).all():
                raise StudentError(
                    "NonFiniteGradient",
                    f"at training step {step} the gradient of {loss_call} is NaN or Inf; "
                    f"{nan_advice}",
                )
        optimizer.step()

    net.eval()
    embedded = _embed(net, x_test, forward, call_student)
    if not torch.isfinite(embedded).all():
        raise StudentError("NonFiniteLoss", f"{forward} returned NaN or Inf on held-out rows; {_NAN_ADVICE}")
    if params.get("normalized", False):
        norms = embedded.norm(dim=1)
        worst = int(torch.argmax((norms - 1).abs()))
        if abs(float(norms[worst]) - 1) > _NORM_TOLERANCE:
            raise StudentError(
                "NotNormalized",
                f"{forward} must return L2-normalised rows (norm 1), because the margin is "
                f"measured on the unit sphere; row {worst} has norm {float(norms[worst]):.4g}; "
                "end forward with torch.nn.functional.normalize(x, dim=1)",
            )
    return {"embeddings": embedded.double().numpy()}
