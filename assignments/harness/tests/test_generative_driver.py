"""Tests of the generative-model driver (dmlg_harness/drivers/generative.py).

They need torch, so they skip on hosts without it. Run them in the sandbox image:

    docker run --rm --network none -v "$PWD":/repo:ro -w /repo/assignments/harness \\
        dmlg-sandbox-cpu:<tag> python3 -m unittest tests/test_generative_driver.py
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


class Encoder(nn.Module):
    def __init__(self, x_dim, z_dim):
        super().__init__()
        self.mu = nn.Linear(x_dim, z_dim)
        self.logvar = nn.Linear(x_dim, z_dim)

    def forward(self, x):
        return self.mu(x), self.logvar(x)


class Decoder(nn.Module):
    def __init__(self, z_dim, x_dim):
        super().__init__()
        self.linear = nn.Linear(z_dim, x_dim)

    def forward(self, z):
        return self.linear(z)


def reparameterize(mu, logvar):
    return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)


def vae_loss(x, x_recon, mu, logvar, beta):
    recon = F.binary_cross_entropy_with_logits(x_recon, x, reduction="none").sum(dim=1).mean()
    kl = (0.5 * (torch.exp(logvar) + mu**2 - 1.0 - logvar).sum(dim=1)).mean()
    return recon + beta * kl, recon, kl
"""


def student_module(source: str = STUDENT_SOURCE, **overrides) -> types.ModuleType:
    module = types.ModuleType("vae")
    exec(compile(source, "vae.py", "exec"), module.__dict__)
    module.__dict__.update(overrides)
    return module


def call_student(function, _expected, *args, **kwargs):
    return function(*args, **kwargs)


def task(mode: str, **params) -> dict:
    return {"id": "t", "driver_params": {"mode": mode, "seed": 3, **params}}


@unittest.skipIf(torch is None, "torch is not installed")
class VaeLossUnitsTest(unittest.TestCase):
    def setUp(self):
        from dmlg_harness.drivers import generative

        self.generative = generative

    def test_terms_match_numpy(self):
        outputs = self.generative.run(student_module(), task("vae-loss"), [], call_student)
        mu = outputs["unit_mu"].astype(np.float64)
        logvar = outputs["unit_logvar"].astype(np.float64)
        expected_kl = (0.5 * (np.exp(logvar) + mu**2 - 1 - logvar).sum(axis=2)).mean(axis=1)
        np.testing.assert_allclose(outputs["unit_kl"], expected_kl, rtol=1e-5)

    def test_cases_are_fixed_by_seed(self):
        first = self.generative.run(student_module(), task("vae-loss"), [], call_student)
        second = self.generative.run(student_module(), task("vae-loss"), [], call_student)
        np.testing.assert_array_equal(first["unit_logits"], second["unit_logits"])

    def test_in_place_change_does_not_alter_inputs(self):
        def mutating_loss(x, x_recon, mu, logvar, beta):
            mu.mul_(0)
            return torch.tensor(0.0), torch.tensor(0.0), torch.tensor(0.0)

        outputs = self.generative.run(
            student_module(vae_loss=mutating_loss), task("vae-loss"), [], call_student
        )
        self.assertGreater(np.abs(outputs["unit_mu"]).sum(), 0)

    def test_two_values_raise_student_error(self):
        def two_terms(x, x_recon, mu, logvar, beta):
            return torch.tensor(0.0), torch.tensor(0.0)

        with self.assertRaisesRegex(StudentError, r"\(total, recon, kl\)"):
            self.generative.run(
                student_module(vae_loss=two_terms), task("vae-loss"), [], call_student
            )


@unittest.skipIf(torch is None, "torch is not installed")
class ReparameterizeUnitsTest(unittest.TestCase):
    def setUp(self):
        from dmlg_harness.drivers import generative

        self.generative = generative

    def test_draws_have_expected_shape(self):
        outputs = self.generative.run(student_module(), task("reparameterize"), [], call_student)
        self.assertEqual(outputs["rep_z"].shape, (4000, 6, 4))

    def test_detached_draws_raise(self):
        def detached(mu, logvar):
            return (mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)).detach()

        with self.assertRaisesRegex(StudentError, "autograd"):
            self.generative.run(
                student_module(reparameterize=detached), task("reparameterize"), [], call_student
            )


@unittest.skipIf(torch is None, "torch is not installed")
class TrainVaeTest(unittest.TestCase):
    PARAMS = dict(beta=1, z_dim=2, steps=20, batch_size=8, learning_rate=0.01, samples=7)

    def setUp(self):
        from dmlg_harness.drivers import generative

        self.generative = generative
        rng = np.random.default_rng(0)
        self.inputs = [
            (rng.random((40, 16)) < 0.3).astype(np.float32),
            (rng.random((10, 16)) < 0.3).astype(np.float64),
        ]

    def train(self, module: types.ModuleType) -> dict:
        return self.generative.run(
            module, task("train-vae", **self.PARAMS), self.inputs, call_student
        )

    def test_outputs_have_documented_shapes(self):
        outputs = self.train(student_module())
        self.assertEqual(outputs["mu"].shape, (10, 2))
        self.assertEqual(outputs["recon_logits"].shape, (10, 16))
        self.assertEqual(outputs["samples"].shape, (7, 16))
        self.assertEqual(outputs["train_loss"].shape, (20,))

    def test_same_seed_same_outputs(self):
        first = self.train(student_module())
        second = self.train(student_module())
        np.testing.assert_array_equal(first["samples"], second["samples"])

    def test_sigmoid_decoder_output_still_accepted(self):
        # Probabilities instead of logits are a modelling mistake the checks score, not a crash.
        class SigmoidDecoder(torch.nn.Module):
            def __init__(self, z_dim, x_dim):
                super().__init__()
                self.linear = torch.nn.Linear(z_dim, x_dim)

            def forward(self, z):
                return torch.sigmoid(self.linear(z))

        outputs = self.train(student_module(Decoder=SigmoidDecoder))
        self.assertEqual(outputs["recon_mean_logits"].shape, (10, 16))

    def test_wrong_posterior_shape_raises(self):
        class FlatEncoder(torch.nn.Module):
            def __init__(self, x_dim, z_dim):
                super().__init__()
                self.linear = torch.nn.Linear(x_dim, z_dim)

            def forward(self, x):
                return self.linear(x)

        with self.assertRaisesRegex(StudentError, r"\(mu, logvar\)"):
            self.train(student_module(Encoder=FlatEncoder))

    def test_unknown_mode_raises(self):
        with self.assertRaisesRegex(ValueError, "driver_params.mode"):
            self.generative.run(student_module(), task("train-gan"), [], call_student)


if __name__ == "__main__":
    unittest.main()
