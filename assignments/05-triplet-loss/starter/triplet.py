"""Assignment 5: triplet loss, triplet mining and an embedding network. Fill in the pieces below.

Use torch only (no pytorch-metric-learning). The grader owns the training loop: it builds
``EmbeddingNet(in_dim, embedding_dim)`` and ``TripletLoss(margin)``, samples batches of P
classes x K images, mines triplets with ``batch_hard_triplets`` and trains with Adam. See
README.md for the exact conventions; the grader checks each of them on fixed inputs.

Every miner takes ``embeddings`` (float tensor (N, D)) and ``labels`` (int64 tensor (N,)) and
returns ``(anchor, positive, negative)``: three 1-d int64 tensors of equal length, row indices
of the batch. Do not let gradients flow through the selection (use torch.no_grad()).
"""

import torch
import torch.nn.functional as F
from torch import nn


class TripletLoss(nn.Module):
    """Triplet loss (Weinberger and Saul 2009; Schroff et al., FaceNet, CVPR 2015).

    forward(anchor, positive, negative):
        three float tensors of shape (B, D); triplet i is row i of each.
        returns a scalar tensor: mean_i max(0, d(a_i, p_i) - d(a_i, n_i) + margin),
        d the Euclidean distance (not squared), the mean over all B triplets; 0 when B = 0.
    Embeddings are used as given (no normalisation inside the loss). Gradients must be finite
    when two rows are identical (distance 0).
    """

    def __init__(self, margin):
        super().__init__()
        self.margin = margin

    def forward(self, anchor, positive, negative):
        raise NotImplementedError("TripletLoss.forward")


def batch_hard_triplets(embeddings, labels):
    """One triplet per anchor: its farthest positive and its nearest negative (ties to the lower
    index). Anchors without a positive or without a negative get no triplet."""
    raise NotImplementedError("batch_hard_triplets")


def semi_hard_triplets(embeddings, labels, margin):
    """For each ordered positive pair (a, p), a != p: the nearest negative n with
    d(a, p) < d(a, n) < d(a, p) + margin (ties to the lower index); no triplet if none."""
    raise NotImplementedError("semi_hard_triplets")


def distance_weighted_triplets(embeddings, labels, cutoff=0.5, nonzero_loss_cutoff=1.4):
    """Distance-weighted sampling (Manmatha et al., ICCV 2017) on L2-normalised embeddings.

    For each ordered positive pair (a, p), a != p, draw one negative n of another class with
    probability proportional to 1 / q(max(d(a, n), cutoff)), where
    q(d) = d**(D - 2) * (1 - d**2 / 4)**((D - 3) / 2), among the negatives with
    d(a, n) < nonzero_loss_cutoff. Anchors without such a negative get no triplet. Draw with
    torch's generator (torch.multinomial) so that torch.manual_seed makes it repeatable.
    """
    raise NotImplementedError("distance_weighted_triplets")


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
