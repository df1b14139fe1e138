"""Public tests of assignment 8. Run from the assignment folder with python3 and torch installed:

    python3 -m unittest discover -s tests

They import gan.py from the folder given by DMLG_SUBMISSION (default: ../starter). They check
the interface and the losses on small hand-computed cases, not the grade: the grader trains
your networks on hidden sprites.
"""

import importlib
import math
import os
import sys
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get("DMLG_SUBMISSION", os.path.join(HERE, "..", "starter")))
gan = importlib.import_module("gan")


class DiscriminatorLossTest(unittest.TestCase):
    def test_zero_logits_cost_two_log_two(self):
        # D = 0.5 everywhere: -log 0.5 for the real batch plus -log 0.5 for the fake batch.
        loss = gan.discriminator_loss(torch.zeros(3, 1), torch.zeros(3, 1))
        self.assertAlmostEqual(float(loss), 2 * math.log(2), places=5)

    def test_hand_computed(self):
        # Real logit 2: -log sigmoid(2) = log(1 + e^-2); fake logit 1: -log(1 - sigmoid(1)) = log(1 + e).
        loss = gan.discriminator_loss(torch.tensor([[2.0]]), torch.tensor([[1.0]]))
        expected = math.log(1 + math.exp(-2)) + math.log(1 + math.e)
        self.assertAlmostEqual(float(loss), expected, places=5)

    def test_is_a_batch_mean(self):
        one = gan.discriminator_loss(torch.tensor([[2.0]]), torch.tensor([[1.0]]))
        two = gan.discriminator_loss(torch.tensor([[2.0], [2.0]]), torch.tensor([[1.0], [1.0]]))
        self.assertAlmostEqual(float(one), float(two), places=5)


class GeneratorLossTest(unittest.TestCase):
    def test_hand_computed(self):
        # Non-saturating: -log sigmoid(l) = log(1 + e^-l), averaged: logits 0 and 3.
        loss = gan.generator_loss(torch.tensor([[0.0], [3.0]]))
        expected = (math.log(2) + math.log(1 + math.exp(-3))) / 2
        self.assertAlmostEqual(float(loss), expected, places=5)

    def test_falls_when_the_discriminator_is_fooled(self):
        fooled = gan.generator_loss(torch.full((4, 1), 3.0))
        caught = gan.generator_loss(torch.full((4, 1), -3.0))
        self.assertLess(float(fooled), float(caught))


class NetworkShapeTest(unittest.TestCase):
    def test_generator_images_in_unit_interval(self):
        images = gan.Generator(16)(torch.randn(5, 16))
        self.assertEqual(tuple(images.shape), (5, 256))
        self.assertGreaterEqual(float(images.min()), 0.0)
        self.assertLessEqual(float(images.max()), 1.0)

    def test_discriminator_one_logit_per_image(self):
        self.assertEqual(tuple(gan.Discriminator()(torch.rand(5, 256)).shape), (5, 1))


if __name__ == "__main__":
    unittest.main()
