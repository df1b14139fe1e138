"""Public tests of assignment 9. Run from the assignment folder with python3 and torch installed:

    python3 -m unittest discover -s tests

They import wgan.py from the folder given by DMLG_SUBMISSION (default: ../starter). They check
the interface, the losses and the gradient penalty on small hand-computed cases, not the grade:
the grader trains your networks on hidden sprites.
"""

import importlib
import os
import sys
import unittest

import torch
from torch import nn

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get("DMLG_SUBMISSION", os.path.join(HERE, "..", "starter")))
wgan = importlib.import_module("wgan")


class LinearCritic(nn.Module):
    """f(x) = sum of w * x over all non-batch elements: its gradient is w at every point."""

    def __init__(self, w):
        super().__init__()
        self.w = nn.Parameter(w)

    def forward(self, x):
        return (x * self.w).reshape(len(x), -1).sum(dim=1, keepdim=True)


class LossTest(unittest.TestCase):
    def test_critic_loss_hand_computed(self):
        loss = wgan.critic_loss(torch.tensor([[3.0], [1.0]]), torch.tensor([[0.5], [-0.5]]))
        self.assertAlmostEqual(float(loss), 0.0 - 2.0, places=6)

    def test_generator_loss_hand_computed(self):
        self.assertAlmostEqual(float(wgan.generator_loss(torch.tensor([[1.0], [2.0]]))), -1.5)


class GradientPenaltyTest(unittest.TestCase):
    def test_norm_over_all_non_batch_dimensions(self):
        # The gradient is w everywhere, with norm sqrt(4 * 1^2) = 2 per sample: 10 * (2 - 1)^2.
        critic = LinearCritic(torch.ones(1, 2, 2))
        real = torch.rand(3, 1, 2, 2)
        penalty = wgan.gradient_penalty(critic, real, torch.rand(3, 1, 2, 2), 10.0)
        self.assertAlmostEqual(float(penalty), 10.0, places=4)

    def test_weight_is_applied(self):
        critic = LinearCritic(torch.tensor([3.0, 0.0]))
        penalty = wgan.gradient_penalty(critic, torch.rand(4, 2), torch.rand(4, 2), 2.5)
        self.assertAlmostEqual(float(penalty), 2.5 * (3 - 1) ** 2, places=4)

    def test_differentiable_in_critic_parameters(self):
        critic = LinearCritic(torch.tensor([3.0, 0.0]))
        wgan.gradient_penalty(critic, torch.rand(4, 2), torch.rand(4, 2), 10.0).backward()
        self.assertIsNotNone(critic.w.grad)


class ClipWeightsTest(unittest.TestCase):
    def test_clamps_in_place(self):
        critic = nn.Linear(3, 1)
        with torch.no_grad():
            critic.weight.copy_(torch.tensor([[0.5, -0.005, -2.0]]))
            critic.bias.fill_(0.02)
        wgan.clip_weights(critic, 0.01)
        for actual, expected in zip(critic.weight.reshape(-1).tolist(), [0.01, -0.005, -0.01]):
            self.assertAlmostEqual(actual, expected, places=7)
        self.assertAlmostEqual(float(critic.bias), 0.01, places=7)


class NetworkShapeTest(unittest.TestCase):
    def test_generator_images_in_unit_interval(self):
        images = wgan.Generator(16)(torch.randn(5, 16))
        self.assertEqual(tuple(images.shape), (5, 256))
        self.assertGreaterEqual(float(images.min()), 0.0)
        self.assertLessEqual(float(images.max()), 1.0)

    def test_critic_one_score_per_image(self):
        self.assertEqual(tuple(wgan.Critic()(torch.rand(5, 256)).shape), (5, 1))


if __name__ == "__main__":
    unittest.main()
