"""Assignment 2: K-Means, X-Means and G-Means. Fill in the three classes below.

Use numpy only (no scikit-learn, no scipy.cluster). The grader constructs each class with the
arguments shown, calls ``fit(X)`` with ``X`` a float64 array of shape (n_samples, n_features),
and then reads the attributes listed in each docstring. See README.md for the exact rules.
"""

import numpy as np


class KMeans:
    """K-Means with k-means++ seeding (Arthur and Vassilvitskii 2007) and Lloyd iterations.

    Parameters:
        n_clusters: number of clusters k (int >= 1).
        seed: seed for ``np.random.default_rng``; the same seed must give the same result.
        n_init: number of k-means++ restarts; keep the run with the lowest inertia.
        max_iter: maximum number of Lloyd iterations per restart.
        tol: stop when the summed squared shift of the centres is at most
            ``tol * mean(np.var(X, axis=0))``.

    Attributes set by ``fit``:
        labels_: int array of shape (n_samples,), values 0..n_clusters-1.
        cluster_centers_: float array of shape (n_clusters, n_features).
        inertia_: float, sum of squared Euclidean distances of the points to their centres.
    """

    def __init__(self, n_clusters, seed, n_init=10, max_iter=300, tol=1e-4):
        self.n_clusters = n_clusters
        self.seed = seed
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X):
        """Cluster X of shape (n_samples, n_features); set the attributes and return self."""
        raise NotImplementedError("KMeans.fit")


class XMeans:
    """X-Means (Pelleg and Moore 2000): K-Means that chooses k by splitting clusters with BIC.

    Parameters:
        k_max: largest number of clusters allowed.
        seed: seed for ``np.random.default_rng``.
        k_min: number of clusters to start from.

    Attributes set by ``fit``:
        labels_: int array of shape (n_samples,), values 0..k-1, where k is the number of
            clusters found (1 <= k <= k_max).
    """

    def __init__(self, k_max, seed, k_min=1):
        self.k_max = k_max
        self.seed = seed
        self.k_min = k_min

    def fit(self, X):
        """Cluster X and choose the number of clusters; set labels_ and return self."""
        raise NotImplementedError("XMeans.fit")


class GMeans:
    """G-Means (Hamerly and Elkan 2003): split clusters until each looks Gaussian.

    Parameters:
        seed: seed for ``np.random.default_rng``.
        alpha: significance level of the Anderson-Darling normality test (0.0001 in the paper,
            critical value 1.8692 for the corrected statistic A*^2).
        k_max: largest number of clusters allowed.

    Attributes set by ``fit``:
        labels_: int array of shape (n_samples,), values 0..k-1, where k is the number of
            clusters found.
    """

    def __init__(self, seed, alpha=0.0001, k_max=64):
        self.seed = seed
        self.alpha = alpha
        self.k_max = k_max

    def fit(self, X):
        """Cluster X and choose the number of clusters; set labels_ and return self."""
        raise NotImplementedError("GMeans.fit")
