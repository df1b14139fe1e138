"""Practical 21: Lloyd's algorithm for K-Means. Fill in ``Lloyd.fit``.

Use numpy only. The grader constructs ``Lloyd(n_clusters=k, seed=0)``, calls ``fit(X)`` with
``X`` a float64 array of shape (n_samples, n_features), and reads ``labels_`` and
``cluster_centers_``. See README.md.
"""

import numpy as np


class Lloyd:
    """K-Means by Lloyd iterations from ``n_clusters`` distinct rows of X chosen at random.

    Parameters:
        n_clusters: number of clusters k (int >= 1).
        seed: seed for ``np.random.default_rng``; the same seed must give the same result.
        n_init: number of random starts; keep the one with the lowest inertia.
        max_iter: maximum number of iterations per start.

    Attributes set by ``fit``:
        labels_: int array of shape (n_samples,), values 0..n_clusters-1.
        cluster_centers_: float array of shape (n_clusters, n_features).
    """

    def __init__(self, n_clusters, seed, n_init=5, max_iter=100):
        self.n_clusters = n_clusters
        self.seed = seed
        self.n_init = n_init
        self.max_iter = max_iter

    def fit(self, X):
        """Cluster X of shape (n_samples, n_features); set the attributes and return self."""
        raise NotImplementedError("Lloyd.fit")
