"""Assignment 8: a generative adversarial network (GAN) for 16 x 16 binary sprites.

Fill in every function and method marked TODO. The grader trains your networks itself with
Adam, a fixed seed and a fixed number of steps (see README.md), so write the networks and the
losses, not a training loop. Use only torch and numpy.
"""

import torch
import torch.nn.functional as F  # noqa: F401 - you will need it in the losses
from torch import nn

# Images are flattened 16 x 16 sprites with pixel values 0 and 1.
IMAGE_PIXELS = 256


class Generator(nn.Module):
    """Maps noise z of shape (batch, z_dim) to images of shape (batch, 256) with values in [0, 1]."""

    def __init__(self, z_dim):
        super().__init__()
        # TODO: build the layers, e.g. z_dim -> 256 -> 256 -> 256 with ReLU, ending in a sigmoid.
        raise NotImplementedError("Generator.__init__")

    def forward(self, z):
        # TODO: return images of shape (batch, 256)
        raise NotImplementedError("Generator.forward")


class Discriminator(nn.Module):
    """Maps images of shape (batch, 256) to one logit per image, shape (batch, 1), no sigmoid."""

    def __init__(self):
        super().__init__()
        # TODO: build the layers, e.g. 256 -> 256 -> 256 -> 1 with LeakyReLU(0.2).
        raise NotImplementedError("Discriminator.__init__")

    def forward(self, x):
        # TODO: return logits of shape (batch, 1)
        raise NotImplementedError("Discriminator.forward")


def discriminator_loss(real_logits, fake_logits):
    """Return a scalar tensor: see README.md for the exact definition and reduction.

    real_logits, fake_logits: discriminator outputs of shape (batch, 1) for real and generated
    images.
    """
    # TODO
    raise NotImplementedError("discriminator_loss")


def generator_loss(fake_logits):
    """Return the non-saturating generator loss as a scalar tensor; see README.md."""
    # TODO
    raise NotImplementedError("generator_loss")
