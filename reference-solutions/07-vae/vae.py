"""Reference solution of assignment 7: a VAE and beta-VAE for binary images (instructors only)."""

import torch
import torch.nn.functional as F
from torch import nn

HIDDEN = 128


class Encoder(nn.Module):
    """q(z | x): a two-layer MLP that returns the posterior mean and log-variance."""

    def __init__(self, x_dim, z_dim):
        super().__init__()
        self.hidden = nn.Sequential(
            nn.Linear(x_dim, HIDDEN), nn.ReLU(), nn.Linear(HIDDEN, HIDDEN), nn.ReLU()
        )
        self.mu = nn.Linear(HIDDEN, z_dim)
        self.logvar = nn.Linear(HIDDEN, z_dim)

    def forward(self, x):
        h = self.hidden(x)
        return self.mu(h), self.logvar(h)


class Decoder(nn.Module):
    """p(x | z): a two-layer MLP that returns one Bernoulli logit per pixel."""

    def __init__(self, z_dim, x_dim):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(z_dim, HIDDEN),
            nn.ReLU(),
            nn.Linear(HIDDEN, HIDDEN),
            nn.ReLU(),
            nn.Linear(HIDDEN, x_dim),
        )

    def forward(self, z):
        return self.net(z)


def reparameterize(mu, logvar):
    """Draw z = mu + sigma * eps with eps ~ N(0, I), differentiable in mu and logvar."""
    return mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)


def vae_loss(x, x_recon, mu, logvar, beta):
    """Negative ELBO with the KL term weighted by beta; per-image sums averaged over the batch."""
    recon = F.binary_cross_entropy_with_logits(x_recon, x, reduction="none").sum(dim=1).mean()
    kl = (0.5 * (torch.exp(logvar) + mu**2 - 1.0 - logvar).sum(dim=1)).mean()
    return recon + beta * kl, recon, kl
