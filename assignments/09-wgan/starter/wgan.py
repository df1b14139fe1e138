"""Assignment 9: a Wasserstein GAN with gradient penalty (WGAN-GP) for 16 x 16 binary sprites.

Fill in every function and method marked TODO. The grader trains your networks itself with
Adam, a fixed seed, 5 critic steps per generator step and a fixed number of steps (see
README.md), so write the networks and the losses, not a training loop. Use only torch and numpy.
"""

import torch
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


class Critic(nn.Module):
    """Maps images of shape (batch, 256) to one unbounded score per image, shape (batch, 1)."""

    def __init__(self):
        super().__init__()
        # TODO: build the layers, e.g. 256 -> 256 -> 256 -> 1 with LeakyReLU(0.2).
        raise NotImplementedError("Critic.__init__")

    def forward(self, x):
        # TODO: return scores of shape (batch, 1)
        raise NotImplementedError("Critic.forward")


def critic_loss(real_scores, fake_scores):
    """Return the critic's loss as a scalar tensor; see README.md."""
    # TODO
    raise NotImplementedError("critic_loss")


def generator_loss(fake_scores):
    """Return the generator's loss as a scalar tensor; see README.md."""
    # TODO
    raise NotImplementedError("generator_loss")


def gradient_penalty(critic, real, fake, weight=10.0):
    """Return weight * mean over the batch of (||grad critic(x_hat)||_2 - 1)^2; see README.md.

    real, fake: tensors of the same shape (batch, ...); x_hat interpolates between them with one
    random weight per sample. The result must stay differentiable in the critic's parameters.
    """
    # TODO
    raise NotImplementedError("gradient_penalty")


def clip_weights(critic, clip_value):
    """Clamp every parameter of critic to [-clip_value, clip_value] in place (the original WGAN)."""
    # TODO
    raise NotImplementedError("clip_weights")
