"""Public tests of assignment 7. Run from the assignment folder with python3 and torch installed:

    python3 -m unittest discover -s tests

They import vae.py from the folder given by DMLG_SUBMISSION (default: ../starter). They check
the interface and the loss on small hand-computed cases, not the grade: the grader trains your
models on hidden sprites.
"""

import importlib
import math
import os
import sys
import unittest

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.environ.get("DMLG_SUBMISSION", os.path.join(HERE, "..", "starter")))
vae = importlib.import_module("vae")


class VaeLossTest(unittest.TestCase):
    def test_kl_of_standard_normal_is_zero(self):
        x = torch.zeros(3, 4)
        logits = torch.zeros(3, 4)
        _total, _recon, kl = vae.vae_loss(x, logits, torch.zeros(3, 2), torch.zeros(3, 2), 1.0)
        self.assertAlmostEqual(float(kl), 0.0, places=6)

    def test_kl_hand_computed(self):
        # One image, two latent dimensions: 0.5 * ((e^1 + 1 - 1 - 1) + (e^0 + 4 - 1 - 0)).
        mu = torch.tensor([[1.0, 2.0]])
        logvar = torch.tensor([[1.0, 0.0]])
        expected = 0.5 * ((math.e + 1 - 1 - 1) + (1 + 4 - 1 - 0))
        _total, _recon, kl = vae.vae_loss(torch.zeros(1, 3), torch.zeros(1, 3), mu, logvar, 1.0)
        self.assertAlmostEqual(float(kl), expected, places=5)

    def test_kl_is_a_batch_mean(self):
        mu = torch.tensor([[1.0, 0.0], [0.0, 0.0]])
        logvar = torch.zeros(2, 2)
        _total, _recon, kl = vae.vae_loss(torch.zeros(2, 3), torch.zeros(2, 3), mu, logvar, 1.0)
        self.assertAlmostEqual(float(kl), 0.25, places=6)

    def test_reconstruction_is_summed_over_pixels(self):
        # Logit 0 means p = 0.5, so each pixel costs log 2 whatever x is.
        x = torch.tensor([[0.0, 1.0, 1.0, 0.0]])
        zeros = torch.zeros(1, 2)
        _total, recon, _kl = vae.vae_loss(x, torch.zeros(1, 4), zeros, zeros, 1.0)
        self.assertAlmostEqual(float(recon), 4 * math.log(2), places=5)

    def test_total_weights_kl_by_beta(self):
        x = torch.tensor([[1.0, 0.0]])
        mu = torch.tensor([[0.5, -0.5]])
        total, recon, kl = vae.vae_loss(x, torch.tensor([[2.0, -1.0]]), mu, torch.zeros(1, 2), 3.0)
        self.assertAlmostEqual(float(total), float(recon) + 3.0 * float(kl), places=5)


class ReparameterizeTest(unittest.TestCase):
    def test_moments(self):
        torch.manual_seed(0)
        mu = torch.full((20000, 1), 2.0)
        logvar = torch.full((20000, 1), math.log(0.25))
        z = vae.reparameterize(mu, logvar)
        self.assertAlmostEqual(float(z.mean()), 2.0, delta=0.02)
        self.assertAlmostEqual(float(z.std()), 0.5, delta=0.02)

    def test_gradient_reaches_mu(self):
        mu = torch.zeros(4, 3, requires_grad=True)
        vae.reparameterize(mu, torch.zeros(4, 3)).sum().backward()
        self.assertIsNotNone(mu.grad)


class ModelShapeTest(unittest.TestCase):
    def test_encoder_and_decoder_shapes(self):
        encoder = vae.Encoder(256, 6)
        decoder = vae.Decoder(6, 256)
        mu, logvar = encoder(torch.rand(5, 256))
        self.assertEqual(tuple(mu.shape), (5, 6))
        self.assertEqual(tuple(logvar.shape), (5, 6))
        self.assertEqual(tuple(decoder(mu).shape), (5, 256))


if __name__ == "__main__":
    unittest.main()
