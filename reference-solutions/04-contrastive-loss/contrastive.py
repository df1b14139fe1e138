"""Reference solution of assignment 4: contrastive loss (Hadsell, Chopra and LeCun, CVPR 2006),
pair mining and an embedding network. Conventions: assignments/04-contrastive-loss/README.md."""

import torch
import torch.nn.functional as F
from torch import nn

# Squared distances are clamped here before the square root: the gradient of sqrt is infinite
# at 0, and ||a||² + ||b||² - 2 a·b can round to a tiny negative number.
_MIN_SQUARED_DISTANCE = 1e-12


def pairwise_squared_distances(embeddings):
    """(N, D) -> (N, N) squared Euclidean distances, exact on the diagonal."""
    differences = embeddings[:, None, :] - embeddings[None, :, :]
    return (differences * differences).sum(dim=2)


class ContrastiveLoss(nn.Module):
    """mean_i [ same_i d_i² + (1 - same_i) max(0, margin - d_i)² ], d_i = ||a_i - b_i||₂."""

    def __init__(self, margin):
        super().__init__()
        self.margin = float(margin)

    def forward(self, emb_a, emb_b, same):
        same = same.reshape(-1).to(emb_a.dtype)
        squared = ((emb_a - emb_b) ** 2).sum(dim=1)
        distance = torch.sqrt(torch.clamp(squared, min=_MIN_SQUARED_DISTANCE))
        negative = torch.clamp(self.margin - distance, min=0) ** 2
        return (same * squared + (1 - same) * negative).mean()


def all_pairs(embeddings, labels):
    """Every pair i < j of the batch, with same = 1 when the labels agree."""
    index_a, index_b = torch.triu_indices(len(labels), len(labels), offset=1)
    same = (labels[index_a] == labels[index_b]).long()
    return index_a, index_b, same


def hard_negative_pairs(embeddings, labels):
    """Every positive pair i < j, plus each anchor's nearest sample of another class."""
    with torch.no_grad():
        distances = pairwise_squared_distances(embeddings)
    same_class = labels[:, None] == labels[None, :]
    index_a, index_b = torch.triu_indices(len(labels), len(labels), offset=1)
    positive = same_class[index_a, index_b]
    pos_a, pos_b = index_a[positive], index_b[positive]

    masked = distances.masked_fill(same_class, float("inf"))
    has_negative = torch.isfinite(masked).any(dim=1)
    # argmin returns the first minimum, so ties go to the lower index.
    nearest = torch.argmin(masked, dim=1)
    anchors = torch.nonzero(has_negative).reshape(-1)
    neg_b = nearest[anchors]
    index_a = torch.cat([pos_a, anchors])
    index_b = torch.cat([pos_b, neg_b])
    same = torch.cat([torch.ones_like(pos_a), torch.zeros_like(anchors)])
    return index_a, index_b, same


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
