"""Tests of the adversarial-model driver (dmlg_harness/drivers/gan.py).

They need torch, so they skip on hosts without it. Run them in the sandbox image:

    docker run --rm --network none -v "$PWD":/repo:ro -w /repo/assignments/harness \\
        dmlg-sandbox-cpu:<tag> python3 -m unittest tests/test_gan_driver.py
"""

import os
import sys
import unittest

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

try:
    import torch
except ImportError:  # pragma: no cover - depends on the host
    torch = None

from dmlg_harness.errors import StudentError  # noqa: E402

REPO = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))


def load(path: str, name: str):
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, os.path.join(REPO, path))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def call_student(function, _expected, *args, **kwargs):
    return function(*args, **kwargs)


def task(mode: str, **params) -> dict:
    return {"id": "t", "driver_params": {"mode": mode, "seed": 3, **params}}


@unittest.skipIf(torch is None, "torch is not installed")
class GradientPenaltyUnitsTest(unittest.TestCase):
    def setUp(self):
        from dmlg_harness.drivers import gan

        self.gan = gan
        self.wgan = load("reference-solutions/09-wgan/wgan.py", "wgan")

    def run_units(self):
        return self.gan.run(self.wgan, task("gradient-penalty"), [], call_student)

    def test_value_matches_quadratic_critic(self):
        outputs = self.run_units()
        points = outputs["gp_points"]
        gradients = outputs["gp_a"][:, None, :] * points + outputs["gp_b"][:, None, :]
        norms = np.linalg.norm(gradients, axis=2)
        expected = outputs["gp_weight"] * ((norms - 1) ** 2).mean(axis=1)
        np.testing.assert_allclose(outputs["gp_value"], expected, rtol=1e-5)

    def test_points_interpolate_per_sample(self):
        outputs = self.run_units()
        weights = (outputs["gp_points"] - outputs["gp_fake"]) / (
            outputs["gp_real"] - outputs["gp_fake"]
        )
        np.testing.assert_allclose(weights, weights[:, :, :1].repeat(12, axis=2), atol=1e-4)
        self.assertGreater(weights[:, :, 0].std(axis=1).min(), 1e-3)

    def test_unused_critic_marks_points_unseen(self):
        self.wgan.gradient_penalty = lambda critic, real, fake, weight=10.0: torch.tensor(0.0)
        self.assertEqual(self.run_units()["gp_seen"].tolist(), [0.0] * 4)


@unittest.skipIf(torch is None, "torch is not installed")
class TrainTest(unittest.TestCase):
    PARAMS = dict(z_dim=4, steps=3, batch_size=8, learning_rate=0.001, samples=7)

    def setUp(self):
        from dmlg_harness.drivers import gan

        self.gan = gan
        rng = np.random.default_rng(0)
        self.inputs = [(rng.random((40, 256)) < 0.3).astype(np.float32)]

    def test_gan_outputs_have_documented_shapes(self):
        module = load("reference-solutions/08-gan/gan.py", "gan_reference")
        outputs = self.gan.run(module, task("train-gan", **self.PARAMS), self.inputs, call_student)
        self.assertEqual(outputs["samples"].shape, (7, 256))
        self.assertEqual(outputs["d_loss"].shape, (3,))

    def test_wgan_same_seed_same_samples(self):
        module = load("reference-solutions/09-wgan/wgan.py", "wgan_reference")
        params = task("train-wgan", critic_steps=2, gp_weight=10, **self.PARAMS)
        first = self.gan.run(module, params, self.inputs, call_student)
        second = self.gan.run(module, params, self.inputs, call_student)
        np.testing.assert_array_equal(first["samples"], second["samples"])

    def test_wrong_score_shape_raises(self):
        module = load("reference-solutions/08-gan/gan.py", "gan_flat")

        class FlatDiscriminator(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.linear = torch.nn.Linear(256, 1)

            def forward(self, x):
                return self.linear(x).reshape(-1)

        module.Discriminator = FlatDiscriminator
        with self.assertRaisesRegex(StudentError, r"one score per image of shape \(8, 1\)"):
            self.gan.run(module, task("train-gan", **self.PARAMS), self.inputs, call_student)


if __name__ == "__main__":
    unittest.main()
