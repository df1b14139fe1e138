"""Reference solution of assignment 1: PCA and NCA, numpy only.

Conventions (README.md of the assignment fixes them): PCA centres X with the training mean,
takes components from the SVD of the centred data, and flips each component so that its entry
of largest absolute value is positive; explained variance uses n - 1 in the denominator.
"""

import numpy as np


def _flip_signs(components):
    """Make the entry of largest absolute value of each row positive (ties: the first one)."""
    rows = np.arange(components.shape[0])
    signs = np.sign(components[rows, np.argmax(np.abs(components), axis=1)])
    signs[signs == 0] = 1.0
    return components * signs[:, None]


class PCA:
    """Principal component analysis by the SVD of the centred data."""

    def __init__(self, n_components):
        self.n_components = n_components

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        self.mean_ = X.mean(axis=0)
        _, singular, vt = np.linalg.svd(X - self.mean_, full_matrices=False)
        variance = singular**2 / (X.shape[0] - 1)
        k = self.n_components
        self.components_ = _flip_signs(vt[:k])
        self.explained_variance_ = variance[:k]
        self.explained_variance_ratio_ = variance[:k] / variance.sum()
        return self

    def transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.mean_) @ self.components_.T

    def inverse_transform(self, Z):
        return np.asarray(Z, dtype=np.float64) @ self.components_ + self.mean_


class NCA:
    """Neighbourhood components analysis (Goldberger et al., NeurIPS 2004).

    Learns A (n_components x n_features) that maximises the expected number of points classified
    correctly by the stochastic nearest-neighbour rule p_ij = softmax_j(-|A x_i - A x_j|^2),
    j != i, the softmax taken over the candidate neighbours j of each point i. Starts from the
    PCA projection scaled to unit variance and follows the gradient with Adam.
    """

    def __init__(self, n_components, seed, max_iter=150, learning_rate=0.03):
        self.n_components = n_components
        self.seed = seed
        self.max_iter = max_iter
        self.learning_rate = learning_rate

    def fit(self, X, y):
        X = np.asarray(X, dtype=np.float64)
        y = np.asarray(y)
        self.mean_ = X.mean(axis=0)
        Xc = X - self.mean_
        # Start from the principal directions, scaled so that each projected coordinate has unit
        # variance and the softmax starts neither saturated nor flat.
        _, singular, vt = np.linalg.svd(Xc, full_matrices=False)
        k = self.n_components
        scale = np.maximum(singular[:k], 1e-12) / np.sqrt(X.shape[0] - 1)
        A = _flip_signs(vt[:k]) / scale[:, None]
        same = y[:, None] == y[None, :]
        first, second = np.zeros_like(A), np.zeros_like(A)
        beta1, beta2 = 0.9, 0.999
        for step in range(1, self.max_iter + 1):
            gradient = _nca_gradient(A, Xc, same)
            first = beta1 * first + (1 - beta1) * gradient
            second = beta2 * second + (1 - beta2) * gradient**2
            update = (first / (1 - beta1**step)) / (np.sqrt(second / (1 - beta2**step)) + 1e-8)
            A = A + self.learning_rate * update  # ascent: the objective is maximised
        self.components_ = A
        return self

    def transform(self, X):
        return (np.asarray(X, dtype=np.float64) - self.mean_) @ self.components_.T


def _nca_probabilities(A, Xc):
    Z = Xc @ A.T
    squared = np.sum(Z**2, axis=1)
    distances = squared[:, None] + squared[None, :] - 2 * Z @ Z.T
    np.fill_diagonal(distances, np.inf)
    logits = -distances
    logits -= logits.max(axis=1, keepdims=True)
    p = np.exp(logits)
    return p / p.sum(axis=1, keepdims=True), Z  # softmax over j: each row sums to 1


def _nca_gradient(A, Xc, same):
    """Gradient of f(A) = sum_i sum_{j in class(i)} p_ij with respect to A."""
    p, Z = _nca_probabilities(A, Xc)
    p_correct = np.sum(p * same, axis=1)
    # df/dA = 2 A sum_ij W_ij (x_i - x_j)(x_i - x_j)^T with W_ij = p_i p_ij - [y_i = y_j] p_ij,
    # and sum_ij W_ij (x_i - x_j)(x_i - x_j)^T = X^T L X with L = diag(W 1 + W^T 1) - W - W^T.
    W = p_correct[:, None] * p - p * same
    LZ = (W.sum(axis=1) + W.sum(axis=0))[:, None] * Z - W @ Z - W.T @ Z
    return 2 * LZ.T @ Xc
