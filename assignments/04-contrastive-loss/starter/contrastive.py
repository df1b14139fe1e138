"""Assignment 4: contrastive loss, pair mining and an embedding network. Fill in the pieces below.

Use torch only (no pytorch-metric-learning). The grader owns the training loop: it builds
``EmbeddingNet(in_dim, embedding_dim)`` and ``ContrastiveLoss(margin)``, samples batches of P
classes x K images, mines pairs with ``hard_negative_pairs`` and trains with Adam. See README.md
for the exact conventions; the grader checks each of them on fixed inputs.
"""

import torch
import torch.nn.functional as F
from torch import nn


class ContrastiveLoss(nn.Module):
    """Contrastive loss of Hadsell, Chopra and LeCun (CVPR 2006).

    forward(emb_a, emb_b, same):
        emb_a, emb_b: float tensors of shape (B, D), pair i is (emb_a[i], emb_b[i]).
        same: float tensor of shape (B,), 1.0 for a pair of the same class, 0.0 otherwise.
        returns a scalar tensor:
            mean_i [ same_i * d_i**2 + (1 - same_i) * max(0, margin - d_i)**2 ],
            d_i = ||emb_a[i] - emb_b[i]||_2 (Euclidean distance, not squared).
    Embeddings are used as given (no normalisation inside the loss). Gradients must be finite
    for identical pairs (d_i = 0).
    """

    def __init__(self, margin):
        super().__init__()
        self.margin = margin

    def forward(self, emb_a, emb_b, same):
        raise NotImplementedError("ContrastiveLoss.forward")


def all_pairs(embeddings, labels):
    """Every unordered pair i < j of the batch.

    embeddings: float tensor (N, D); labels: int64 tensor (N,).
    Returns (index_a, index_b, same): three 1-d tensors of equal length, with same = 1 exactly
    when labels[index_a] == labels[index_b].
    """
    raise NotImplementedError("all_pairs")


def hard_negative_pairs(embeddings, labels):
    """Every positive pair i < j, plus for each anchor i its hardest negative.

    The hardest negative of i is the sample of another class nearest to i in Euclidean distance
    (ties to the lower index). Same return format as all_pairs. Do not let gradients flow
    through the selection (use embeddings.detach() or torch.no_grad()).
    """
    raise NotImplementedError("hard_negative_pairs")


class EmbeddingNet(nn.Module):
    """Maps inputs of shape (batch, in_dim) to L2-normalised embeddings (batch, embedding_dim).

    You may change the architecture; the output rows must have norm 1.
    """

    def __init__(self, in_dim, embedding_dim):
        super().__init__()
        self.layers = nn.Sequential(nn.Linear(in_dim, embedding_dim))

    def forward(self, x):
        return F.normalize(self.layers(x), dim=1)
