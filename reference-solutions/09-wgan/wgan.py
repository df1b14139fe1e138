"""Reference solution of assignment 9: a WGAN-GP for 16 x 16 binary sprites (instructors only)."""

import torch
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


class Critic(nn.Module):
    """Maps images of shape (batch, 256) to one unbounded score per image, shape (batch, 1)."""

    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(IMAGE_PIXELS, HIDDEN),
            nn.LeakyReLU(0.2),
            nn.Linear(HIDDEN, HIDDEN),
            nn.LeakyReLU(0.2),
            nn.Linear(HIDDEN, 1),
        )

    def forward(self, x):
        return self.net(x)


def critic_loss(real_scores, fake_scores):
    """Negative Wasserstein estimate: mean(fake) - mean(real)."""
    return fake_scores.mean() - real_scores.mean()


def generator_loss(fake_scores):
    """-mean(fake): the generator raises the critic's score of its samples."""
    return -fake_scores.mean()


def gradient_penalty(critic, real, fake, weight=10.0):
    """weight * mean over the batch of (||grad critic(x_hat)||_2 - 1)^2 (Gulrajani et al., 2017).

    x_hat = eps * real + (1 - eps) * fake with one eps ~ U[0, 1] per sample; the norm runs over
    all non-batch dimensions.
    """
    eps = torch.rand((len(real),) + (1,) * (real.dim() - 1), dtype=real.dtype)
    x_hat = (eps * real + (1 - eps) * fake).requires_grad_(True)
    scores = critic(x_hat)
    (gradients,) = torch.autograd.grad(
        scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True
    )
    norms = gradients.reshape(len(real), -1).norm(2, dim=1)
    return weight * ((norms - 1) ** 2).mean()


def clip_weights(critic, clip_value):
    """Clamp every parameter of the critic to [-clip_value, clip_value] in place (WGAN, 2017)."""
    with torch.no_grad():
        for parameter in critic.parameters():
            parameter.clamp_(-clip_value, clip_value)
