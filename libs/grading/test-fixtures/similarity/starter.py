"""Assignment: K-Means. Fill in fit below; the helpers are given."""

import numpy as np


def squared_distances(X, centres):
    """Squared Euclidean distances, shape (n_samples, n_clusters)."""
    return ((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=-1)


def validate_input(X, n_clusters):
    """Raise ValueError when X cannot be clustered into n_clusters."""
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, got shape {X.shape}")
    if n_clusters < 1 or n_clusters > X.shape[0]:
        raise ValueError(f"n_clusters must be in 1..{X.shape[0]}, got {n_clusters}")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or infinity")
    return X


class KMeans:
    """K-Means with k-means++ seeding."""

    def __init__(self, n_clusters, seed, n_init=10, max_iter=300, tol=1e-4):
        self.n_clusters = n_clusters
        self.seed = seed
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.labels_ = None
        self.cluster_centers_ = None
        self.inertia_ = None

    def fit(self, X):
        """Cluster X; set labels_, cluster_centers_, inertia_ and return self."""
        raise NotImplementedError("KMeans.fit")
