"""Reference solution of assignment 5: triplet loss (Weinberger and Saul 2009; Schroff et al.,
FaceNet, CVPR 2015), three triplet miners and an embedding network.
Conventions: assignments/05-triplet-loss/README.md."""

import torch
import torch.nn.functional as F
from torch import nn

# Squared distances are clamped here before the square root: the gradient of sqrt is infinite
# at 0, and ||a||² + ||b||² - 2 a·b can round to a tiny negative number.
_MIN_SQUARED_DISTANCE = 1e-12


def distance(a, b):
    """Row-wise Euclidean distance of two (B, D) batches, with a finite gradient at 0."""
    return torch.sqrt(torch.clamp(((a - b) ** 2).sum(dim=1), min=_MIN_SQUARED_DISTANCE))


def pairwise_distances(embeddings):
    """(N, D) -> (N, N) Euclidean distances, exactly 0 on the diagonal."""
    differences = embeddings[:, None, :] - embeddings[None, :, :]
    return torch.sqrt((differences * differences).sum(dim=2))


class TripletLoss(nn.Module):
    """mean_i max(0, d(a_i, p_i) - d(a_i, n_i) + margin), plain Euclidean distances."""

    def __init__(self, margin):
        super().__init__()
        self.margin = float(margin)

    def forward(self, anchor, positive, negative):
        if anchor.shape[0] == 0:
            # No triplet: a zero loss that still belongs to the graph.
            return anchor.sum() * 0.0
        losses = distance(anchor, positive) - distance(anchor, negative) + self.margin
        return torch.clamp(losses, min=0).mean()


def _empty():
    return torch.zeros(0, dtype=torch.long)


def batch_hard_triplets(embeddings, labels):
    """Select one triplet per anchor: its farthest positive and nearest negative (ties to the
    lower index). Anchors without a positive or a negative get none."""
    with torch.no_grad():
        distances = pairwise_distances(embeddings)
    n = len(labels)
    same = labels[:, None] == labels[None, :]
    eye = torch.eye(n, dtype=torch.bool)
    positive_mask = same & ~eye
    negative_mask = ~same
    valid = positive_mask.any(dim=1) & negative_mask.any(dim=1)
    # argmax/argmin return the first extremum, so ties go to the lower index.
    hardest_positive = torch.argmax(distances.masked_fill(~positive_mask, -1.0), dim=1)
    hardest_negative = torch.argmin(distances.masked_fill(~negative_mask, float("inf")), dim=1)
    anchors = torch.nonzero(valid).reshape(-1)
    return anchors, hardest_positive[anchors], hardest_negative[anchors]


def semi_hard_triplets(embeddings, labels, margin):
    """For each ordered positive pair (a, p), a != p: the nearest negative n with
    d(a, p) < d(a, n) < d(a, p) + margin (ties to the lower index); pairs without one are
    skipped."""
    with torch.no_grad():
        distances = pairwise_distances(embeddings)
    n = len(labels)
    same = labels[:, None] == labels[None, :]
    positive_mask = same & ~torch.eye(n, dtype=torch.bool)
    anchors, positives = torch.nonzero(positive_mask, as_tuple=True)
    if anchors.numel() == 0:
        return _empty(), _empty(), _empty()
    d_ap = distances[anchors, positives][:, None]
    d_an = distances[anchors]
    semi_hard = (~same[anchors]) & (d_an > d_ap) & (d_an < d_ap + margin)
    nearest = torch.argmin(d_an.masked_fill(~semi_hard, float("inf")), dim=1)
    found = semi_hard.any(dim=1)
    return anchors[found], positives[found], nearest[found]


def distance_weighted_triplets(embeddings, labels, cutoff=0.5, nonzero_loss_cutoff=1.4):
    """Distance-weighted sampling (Manmatha et al., ICCV 2017) on L2-normalised embeddings: for
    each ordered positive pair (a, p), a != p, one negative drawn with probability proportional
    to 1 / q(max(d, cutoff)), q(d) ∝ d^(D-2) (1 - d²/4)^((D-3)/2), among the negatives with
    d < nonzero_loss_cutoff; anchors without such a negative are skipped."""
    with torch.no_grad():
        distances = pairwise_distances(embeddings)
        n, dim = embeddings.shape
        same = labels[:, None] == labels[None, :]
        clipped = distances.clamp(min=cutoff)
        log_q = (dim - 2.0) * torch.log(clipped) + ((dim - 3.0) / 2.0) * torch.log(
            torch.clamp(1.0 - 0.25 * clipped * clipped, min=1e-8)
        )
        allowed = (~same) & (distances < nonzero_loss_cutoff)
        log_weight = (-log_q).masked_fill(~allowed, float("-inf"))
        positive_mask = same & ~torch.eye(n, dtype=torch.bool)
        anchors, positives = torch.nonzero(positive_mask, as_tuple=True)
        usable = allowed[anchors].any(dim=1)
        anchors, positives = anchors[usable], positives[usable]
        if anchors.numel() == 0:
            return _empty(), _empty(), _empty()
        probabilities = torch.softmax(log_weight[anchors], dim=1)
        negatives = torch.multinomial(probabilities, 1).reshape(-1)
    return anchors, positives, negatives


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
