"""Assignment 6: the Proxy-NCA loss and an embedding network. Fill in the pieces below.

Use torch only (no pytorch-metric-learning). The grader owns the training loop: it builds
``EmbeddingNet(in_dim, embedding_dim)`` and ``ProxyNCALoss(num_classes, embedding_dim, scale)``,
samples batches of P classes x K images and trains both with Adam (the proxies with a larger
learning rate than the network). See README.md for the exact conventions; the grader checks each
of them on fixed inputs.
"""

import torch
import torch.nn.functional as F
from torch import nn


class ProxyNCALoss(nn.Module):
    """Proxy-NCA loss (Movshovitz-Attias et al., No Fuss Distance Metric Learning Using Proxies,
    ICCV 2017).

    Owns one learnable proxy per class in ``self.proxies``, an ``nn.Parameter`` of shape
    (num_classes, embedding_dim).

    forward(embeddings, labels):
        embeddings: float tensor (B, embedding_dim); labels: int64 tensor (B,) in 0..num_classes-1.
        returns a scalar tensor: the mean over the batch of
            scale * d(x, p_y) + log(sum over z != y of exp(-scale * d(x, p_z)))
        where d is the squared Euclidean distance between the L2-normalised embedding x and
        the L2-normalised proxies, y the row's label. The positive proxy p_y is NOT in the sum.
    Normalise both the embeddings and the proxies inside forward. Compute the log of the sum
    with torch.logsumexp: with a large scale every exp(...) underflows to 0.
    """

    def __init__(self, num_classes, embedding_dim, scale):
        super().__init__()
        self.scale = scale
        self.proxies = nn.Parameter(torch.randn(num_classes, embedding_dim))

    def forward(self, embeddings, labels):
        raise NotImplementedError("ProxyNCALoss.forward")


class EmbeddingNet(nn.Module):
    """Maps (batch, in_dim) to (batch, embedding_dim) rows of norm 1. You may change the layers;
    keep the L2 normalisation at the end."""

    def __init__(self, in_dim, embedding_dim):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(in_dim, 128),
            nn.ReLU(),
            nn.Linear(128, embedding_dim),
        )

    def forward(self, x):
        return F.normalize(self.layers(x), dim=1)
