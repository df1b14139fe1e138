"""Tests of the metric-learning driver (dmlg_harness/drivers/metric_learning.py).

They need torch, so they skip on hosts without it. Run them in the sandbox image:

    docker run --rm --network none -v "$PWD":/repo:ro -w /repo/assignments/harness \\
        dmlg-sandbox-cpu:<tag> python3 -m unittest tests/test_metric_learning_driver.py
"""

import os
import sys
import types
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

try:
    import torch
except ImportError:  # pragma: no cover - depends on the host
    torch = None

from dmlg_harness.errors import StudentError  # noqa: E402

STUDENT_SOURCE = """
import torch
import torch.nn.functional as F
from torch import nn


class ContrastiveLoss(nn.Module):
    def __init__(self, margin):
        super().__init__()
        self.margin = margin

    def forward(self, emb_a, emb_b, same):
        squared = ((emb_a - emb_b) ** 2).sum(dim=1)
        distance = torch.sqrt(torch.clamp(squared, min=1e-12))
        negative = torch.clamp(self.margin - distance, min=0) ** 2
        return (same * squared + (1 - same) * negative).mean()


class NaiveSqrtLoss(nn.Module):
    def __init__(self, margin):
        super().__init__()

    def forward(self, emb_a, emb_b, same):
        return torch.sqrt(((emb_a - emb_b) ** 2).sum(dim=1)).mean()


def all_pairs(embeddings, labels):
    index_a, index_b = torch.triu_indices(len(labels), len(labels), offset=1)
    return index_a, index_b, (labels[index_a] == labels[index_b]).long()


class EmbeddingNet(nn.Module):
    def __init__(self, in_dim, embedding_dim):
        super().__init__()
        self.linear = nn.Linear(in_dim, embedding_dim)

    def forward(self, x):
        return F.normalize(self.linear(x), dim=1)


class TripletLoss(nn.Module):
    def __init__(self, margin):
        super().__init__()
        self.margin = margin

    def forward(self, anchor, positive, negative):
        def distance(a, b):
            return torch.sqrt(torch.clamp(((a - b) ** 2).sum(dim=1), min=1e-12))

        losses = distance(anchor, positive) - distance(anchor, negative) + self.margin
        return torch.clamp(losses, min=0).mean()


def first_negative_triplets(embeddings, labels, margin=0.0):
    same = labels[:, None] == labels[None, :]
    anchors, positives = torch.nonzero(same & ~torch.eye(len(labels), dtype=torch.bool), as_tuple=True)
    negatives = torch.argmax((~same[anchors]).long(), dim=1)
    return anchors, positives, negatives


def random_negative_triplets(embeddings, labels):
    anchors, positives, _ = first_negative_triplets(embeddings, labels)
    weights = (labels[anchors][:, None] != labels[None, :]).float()
    return anchors, positives, torch.multinomial(weights, 1).reshape(-1)


class RawNet(EmbeddingNet):
    def forward(self, x):
        return self.linear(x)


class ProxyNCALoss(nn.Module):
    def __init__(self, num_classes, embedding_dim, scale):
        super().__init__()
        self.scale = scale
        self.proxies = nn.Parameter(torch.randn(num_classes, embedding_dim))

    def forward(self, embeddings, labels):
        x = F.normalize(embeddings, dim=1)
        p = F.normalize(self.proxies, dim=1)
        logits = -self.scale * ((x[:, None, :] - p[None, :, :]) ** 2).sum(dim=2)
        positive = F.one_hot(labels, num_classes=p.shape[0]).bool()
        negative = torch.logsumexp(logits.masked_fill(positive, float("-inf")), dim=1)
        return (-logits[positive] + negative).mean()


class BufferProxyLoss(ProxyNCALoss):
    def __init__(self, num_classes, embedding_dim, scale):
        nn.Module.__init__(self)
        self.scale = scale
        self.register_buffer("proxies", torch.randn(num_classes, embedding_dim))


class NaiveProxyLoss(ProxyNCALoss):
    def forward(self, embeddings, labels):
        x = F.normalize(embeddings, dim=1)
        p = F.normalize(self.proxies, dim=1)
        logits = -self.scale * ((x[:, None, :] - p[None, :, :]) ** 2).sum(dim=2)
        positive = F.one_hot(labels, num_classes=p.shape[0]).bool()
        negative = torch.log(torch.exp(logits.masked_fill(positive, float("-inf"))).sum(dim=1))
        return (-logits[positive] + negative).mean()
"""


def call_student(function, _expected, *args, **kwargs):
    return function(*args, **kwargs)


def student_module():
    module = types.ModuleType("contrastive")
    exec(compile(STUDENT_SOURCE, "contrastive.py", "exec"), module.__dict__)
    return module


def pair_inputs():
    rng = np.random.default_rng(0)
    emb_a = rng.standard_normal((4, 3))
    emb_b = emb_a + rng.standard_normal((4, 3))
    emb_b[0] = emb_a[0]  # an identical pair
    return [emb_a, emb_b, np.array([1, 0, 1, 0])]


def train_task(net="EmbeddingNet", normalized=True):
    return {
        "id": "train",
        "class": net,
        "init": {"in_dim": 6, "embedding_dim": 3},
        "driver_params": {
            "mode": "train",
            "loss": "ContrastiveLoss",
            "loss_init": {"margin": 0.5},
            "miner": "all_pairs",
            "steps": 5,
            "lr": 0.01,
            "classes_per_batch": 2,
            "samples_per_class": 3,
            "normalized": normalized,
            "seed": 0,
        },
    }


def train_inputs():
    rng = np.random.default_rng(1)
    return [rng.standard_normal((20, 6)), np.repeat(np.arange(4), 5), rng.standard_normal((7, 6))]


def triplet_task(mode, name, **params):
    return {"id": mode, "class": name, "init": {"margin": 0.5}, "driver_params": {"mode": mode, **params}}


def miner_inputs():
    rng = np.random.default_rng(2)
    return [rng.standard_normal((6, 3)), np.array([0, 0, 1, 1, 2, 2])]


def proxy_task(name, scale=2.0):
    return {
        "id": "proxy",
        "class": name,
        "init": {"num_classes": 3, "embedding_dim": 3, "scale": scale},
        "driver_params": {"mode": "proxy-loss"},
    }


def proxy_inputs():
    rng = np.random.default_rng(3)
    # The proxies put each embedding next to its own proxy, so a large scale underflows exp.
    proxies = np.eye(3) * np.array([[0.5], [1.0], [2.0]])
    embeddings = np.eye(3)[[0, 1, 2, 0]] * 1.5 + 0.01 * rng.standard_normal((4, 3))
    return [embeddings, np.array([0, 1, 2, 0]), proxies]


@unittest.skipIf(torch is None, "torch is not installed")
class MetricLearningDriverTest(unittest.TestCase):
    def setUp(self):
        from dmlg_harness.drivers import metric_learning

        self.driver = metric_learning
        self.module = student_module()

    def test_pair_loss_outputs(self):
        task = {"class": "ContrastiveLoss", "init": {"margin": 1.0}, "driver_params": {"mode": "pair-loss"}}
        outputs = self.driver.run(self.module, task, pair_inputs(), call_student)
        self.assertEqual(outputs["loss"].shape, ())
        self.assertEqual(outputs["grad_a"].shape, (4, 3))

    def test_pair_loss_gradients_opposite(self):
        task = {"class": "ContrastiveLoss", "init": {"margin": 1.0}, "driver_params": {"mode": "pair-loss"}}
        outputs = self.driver.run(self.module, task, pair_inputs(), call_student)
        np.testing.assert_allclose(outputs["grad_a"], -outputs["grad_b"], atol=1e-7)

    def test_sqrt_at_zero_names_clamp(self):
        task = {"class": "NaiveSqrtLoss", "init": {"margin": 1.0}, "driver_params": {"mode": "pair-loss"}}
        with self.assertRaises(StudentError) as raised:
            self.driver.run(self.module, task, pair_inputs(), call_student)
        self.assertEqual(raised.exception.error_type, "NonFiniteGradient")
        self.assertIn("torch.clamp", raised.exception.message)

    def test_miner_pairs_shape(self):
        task = {"class": "all_pairs", "init": {}, "driver_params": {"mode": "pair-miner"}}
        inputs = [np.zeros((5, 2)), np.array([0, 0, 1, 1, 2])]
        outputs = self.driver.run(self.module, task, inputs, call_student)
        self.assertEqual(outputs["pairs"].shape, (10, 3))

    def test_missing_miner_is_named(self):
        task = {"class": "hard_negative_pairs", "init": {}, "driver_params": {"mode": "pair-miner"}}
        with self.assertRaises(StudentError) as raised:
            self.driver.run(self.module, task, [np.zeros((2, 2)), np.array([0, 1])], call_student)
        self.assertIn("hard_negative_pairs", raised.exception.message)

    def test_train_embeddings_shape(self):
        outputs = self.driver.run(self.module, train_task(), train_inputs(), call_student)
        self.assertEqual(outputs["embeddings"].shape, (7, 3))

    def test_train_deterministic(self):
        first = self.driver.run(self.module, train_task(), train_inputs(), call_student)
        second = self.driver.run(student_module(), train_task(), train_inputs(), call_student)
        np.testing.assert_array_equal(first["embeddings"], second["embeddings"])

    def test_unnormalised_embeddings_rejected(self):
        with self.assertRaises(StudentError) as raised:
            self.driver.run(self.module, train_task("RawNet"), train_inputs(), call_student)
        self.assertEqual(raised.exception.error_type, "NotNormalized")


    def test_triplet_loss_outputs(self):
        emb_a, emb_b, _ = pair_inputs()
        task = triplet_task("triplet-loss", "TripletLoss")
        result = self.driver.run(self.module, task, [emb_a, emb_a, emb_b], call_student)
        self.assertEqual(sorted(result), ["grad_anchor", "grad_negative", "grad_positive", "loss"])

    def test_triplet_loss_gradients_sum_to_zero(self):
        emb_a, emb_b, _ = pair_inputs()
        task = triplet_task("triplet-loss", "TripletLoss")
        result = self.driver.run(self.module, task, [emb_a, emb_b, emb_b[::-1].copy()], call_student)
        total = result["grad_anchor"] + result["grad_positive"] + result["grad_negative"]
        np.testing.assert_allclose(total, 0, atol=1e-6)

    def test_triplet_miner_passes_kwargs(self):
        task = triplet_task(
            "triplet-miner", "first_negative_triplets", miner_kwargs={"margin": 0.2}
        )
        result = self.driver.run(self.module, task, miner_inputs(), call_student)
        self.assertEqual(result["triplets"].shape, (6, 3))

    def test_triplet_sampler_counts_draws(self):
        task = triplet_task("triplet-sampler", "random_negative_triplets", draws=10, seed=0)
        result = self.driver.run(self.module, task, miner_inputs(), call_student)
        self.assertEqual(result["counts"].sum(), 60)

    def test_triplet_sampler_never_counts_same_class(self):
        task = triplet_task("triplet-sampler", "random_negative_triplets", draws=10, seed=0)
        counts = self.driver.run(self.module, task, miner_inputs(), call_student)["counts"]
        labels = miner_inputs()[1]
        self.assertEqual(counts[labels[:, None] == labels[None, :]].sum(), 0)

    def test_train_with_triplets(self):
        task = train_task()
        task["driver_params"].update(
            {"triplets": True, "loss": "TripletLoss", "miner": "first_negative_triplets"}
        )
        result = self.driver.run(self.module, task, train_inputs(), call_student)
        self.assertEqual(result["embeddings"].shape, (7, 3))

    def test_proxy_loss_outputs(self):
        result = self.driver.run(self.module, proxy_task("ProxyNCALoss"), proxy_inputs(), call_student)
        self.assertEqual(result["grad_embeddings"].shape, (4, 3))
        self.assertEqual(result["grad_proxies"].shape, (3, 3))
        self.assertEqual(float(result["proxies_learnable"]), 1.0)

    def test_proxy_loss_uses_input_proxies(self):
        inputs = proxy_inputs()
        first = self.driver.run(self.module, proxy_task("ProxyNCALoss"), inputs, call_student)
        again = self.driver.run(self.module, proxy_task("ProxyNCALoss"), inputs, call_student)
        self.assertEqual(float(first["loss"]), float(again["loss"]))

    def test_proxy_gradient_tangent(self):
        # Proxies are normalised inside the loss, so each proxy's gradient is orthogonal to it.
        inputs = proxy_inputs()
        result = self.driver.run(self.module, proxy_task("ProxyNCALoss"), inputs, call_student)
        radial = (result["grad_proxies"] * inputs[2]).sum(axis=1)
        np.testing.assert_allclose(radial, 0, atol=1e-5)

    def test_buffer_proxies_not_learnable(self):
        result = self.driver.run(self.module, proxy_task("BufferProxyLoss"), proxy_inputs(), call_student)
        self.assertEqual(float(result["proxies_learnable"]), 0.0)
        self.assertEqual(np.abs(result["grad_proxies"]).sum(), 0.0)

    def test_proxy_shape_mismatch_named(self):
        task = proxy_task("ProxyNCALoss")
        task["init"]["num_classes"] = 2
        with self.assertRaisesRegex(StudentError, r"self\.proxies.*\(3, 3\)"):
            self.driver.run(self.module, task, proxy_inputs(), call_student)

    def test_naive_log_sum_exp_names_logsumexp(self):
        task = proxy_task("NaiveProxyLoss", scale=200.0)
        with self.assertRaisesRegex(StudentError, "logsumexp"):
            self.driver.run(self.module, task, proxy_inputs(), call_student)

    def test_train_with_proxies(self):
        task = train_task()
        task["driver_params"].update(
            {
                "proxies": True,
                "loss": "ProxyNCALoss",
                "loss_init": {"num_classes": 4, "embedding_dim": 3, "scale": 8.0},
                "loss_lr": 0.1,
            }
        )
        del task["driver_params"]["miner"]
        inputs = train_inputs()
        inputs[1] = inputs[1] + 10  # labels 10..13 are renumbered to proxy rows 0..3
        result = self.driver.run(self.module, task, inputs, call_student)
        self.assertEqual(result["embeddings"].shape, (7, 3))


if __name__ == "__main__":
    unittest.main()
