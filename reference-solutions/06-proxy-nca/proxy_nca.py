"""Reference solution of assignment 6: the Proxy-NCA loss (Movshovitz-Attias et al., No Fuss
Distance Metric Learning Using Proxies, ICCV 2017) and an embedding network.
Conventions: assignments/06-proxy-nca/README.md."""

import torch
import torch.nn.functional as F
from torch import nn


class ProxyNCALoss(nn.Module):
    """mean_i [ scale·d(x_i, p_y) + log Σ_{z ≠ y} exp(−scale·d(x_i, p_z)) ], with d the squared
    Euclidean distance between the L2-normalised embedding and the L2-normalised proxies. The
    positive proxy is not in the denominator (the NCA form of Movshovitz-Attias et al.)."""

    def __init__(self, num_classes, embedding_dim, scale):
        super().__init__()
        if num_classes < 2:
            raise ValueError(
                f"num_classes must be at least 2 (the denominator needs a negative proxy), "
                f"got {num_classes}"
            )
        self.scale = float(scale)
        # One learnable proxy per class; normalised in forward, so the initial norm is free.
        self.proxies = nn.Parameter(torch.randn(num_classes, embedding_dim))

    def forward(self, embeddings, labels):
        x = F.normalize(embeddings, dim=1)
        p = F.normalize(self.proxies, dim=1)
        # (B, C) squared distances; no square root, so no infinite gradient at distance 0.
        squared = ((x[:, None, :] - p[None, :, :]) ** 2).sum(dim=2)
        logits = -self.scale * squared
        positive = F.one_hot(labels.long(), num_classes=p.shape[0]).bool()
        positive_term = -logits[positive]
        # logsumexp keeps the denominator finite when every exp underflows (large scale).
        negative_term = torch.logsumexp(logits.masked_fill(positive, float("-inf")), dim=1)
        return (positive_term + negative_term).mean()


class EmbeddingNet(nn.Module):
    """Two-layer MLP to an L2-normalised embedding."""

    def __init__(self, in_dim, embedding_dim):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Linear(in_dim, 128),
            nn.ReLU(),
            nn.Linear(128, embedding_dim),
        )

    def forward(self, x):
        return F.normalize(self.layers(x), dim=1)
