"""Reference solution of assignment 8: a GAN for 16 x 16 binary sprites (instructors only)."""

import torch
import torch.nn.functional as F
from torch import nn

IMAGE_PIXELS = 256
HIDDEN = 256


class Generator(nn.Module):
    """Maps z of shape (batch, z_dim) to pixel probabilities of shape (batch, 256)."""

    def __init__(self, z_dim):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(z_dim, HIDDEN),
            nn.ReLU(),
            nn.Linear(HIDDEN, HIDDEN),
            nn.ReLU(),
            nn.Linear(HIDDEN, IMAGE_PIXELS),
            nn.Sigmoid(),
        )

    def forward(self, z):
        return self.net(z)


class Discriminator(nn.Module):
    """Maps images of shape (batch, 256) to one logit per image, shape (batch, 1).

    Spectral normalisation (Miyato et al., 2018) keeps the discriminator smooth; without it the
    generator collapses onto one or two shapes within the step budget.
    """

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.utils.spectral_norm(nn.Linear(IMAGE_PIXELS, HIDDEN)),
            nn.LeakyReLU(0.2),
            nn.utils.spectral_norm(nn.Linear(HIDDEN, HIDDEN)),
            nn.LeakyReLU(0.2),
            nn.utils.spectral_norm(nn.Linear(HIDDEN, 1)),
        )

    def forward(self, x):
        return self.net(x)


def discriminator_loss(real_logits, fake_logits):
    """Binary cross-entropy with label 1 for real and 0 for fake: the sum of the two batch means."""
    real = F.binary_cross_entropy_with_logits(real_logits, torch.ones_like(real_logits))
    fake = F.binary_cross_entropy_with_logits(fake_logits, torch.zeros_like(fake_logits))
    return real + fake


def generator_loss(fake_logits):
    """Non-saturating generator loss: -log D(G(z)), averaged over the batch."""
    return F.binary_cross_entropy_with_logits(fake_logits, torch.ones_like(fake_logits))
