"""Assignment 7: a variational autoencoder (VAE) and beta-VAE for 16 x 16 binary sprites.

Fill in every function and method marked TODO. The grader trains your models itself with Adam,
a fixed seed and a fixed number of steps (see README.md), so write the models and the loss,
not a training loop. Use only torch and numpy.
"""

import torch
import torch.nn.functional as F  # noqa: F401 - you will need it in vae_loss
from torch import nn


class Encoder(nn.Module):
    """q(z | x): maps flattened images (batch, x_dim) to (mu, logvar), each (batch, z_dim)."""

    def __init__(self, x_dim, z_dim):
        super().__init__()
        # TODO: build the layers, e.g. x_dim -> 128 -> 128, then two heads of size z_dim.
        raise NotImplementedError("Encoder.__init__")

    def forward(self, x):
        # TODO: return mu, logvar
        raise NotImplementedError("Encoder.forward")


class Decoder(nn.Module):
    """p(x | z): maps codes (batch, z_dim) to one Bernoulli logit per pixel (batch, x_dim)."""

    def __init__(self, z_dim, x_dim):
        super().__init__()
        # TODO: build the layers, e.g. z_dim -> 128 -> 128 -> x_dim, with no sigmoid at the end.
        raise NotImplementedError("Decoder.__init__")

    def forward(self, z):
        # TODO: return logits of shape (batch, x_dim)
        raise NotImplementedError("Decoder.forward")


def reparameterize(mu, logvar):
    """Return z = mu + sigma * eps with eps ~ N(0, I), so that gradients flow into mu and logvar."""
    # TODO
    raise NotImplementedError("reparameterize")


def vae_loss(x, x_recon, mu, logvar, beta):
    """Return (total, recon, kl) as scalar tensors; see README.md for the exact reduction.

    x: (batch, x_dim) with values 0 and 1; x_recon: decoder logits (batch, x_dim);
    mu, logvar: (batch, z_dim); beta: a float weight of the KL term.
    """
    # TODO
    raise NotImplementedError("vae_loss")
