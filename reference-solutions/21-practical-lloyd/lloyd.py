"""Reference solution of practical 21: Lloyd's algorithm from random distinct rows, best of n_init."""

import numpy as np


class Lloyd:
    def __init__(self, n_clusters, seed, n_init=5, max_iter=100):
        self.n_clusters = n_clusters
        self.seed = seed
        self.n_init = n_init
        self.max_iter = max_iter

    def _run(self, X, rng):
        centers = X[rng.choice(len(X), size=self.n_clusters, replace=False)].copy()
        labels = np.zeros(len(X), dtype=np.int64)
        for _ in range(self.max_iter):
            distances = ((X[:, None, :] - centers[None, :, :]) ** 2).sum(axis=2)
            labels = distances.argmin(axis=1)
            moved = centers.copy()
            for cluster in range(self.n_clusters):
                members = X[labels == cluster]
                if len(members):  # An empty cluster keeps its centre.
                    moved[cluster] = members.mean(axis=0)
            if np.allclose(moved, centers):
                break
            centers = moved
        inertia = float(((X - centers[labels]) ** 2).sum())
        return labels, centers, inertia

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        rng = np.random.default_rng(self.seed)
        best = None
        for _ in range(self.n_init):
            labels, centers, inertia = self._run(X, rng)
            if best is None or inertia < best[2]:
                best = (labels, centers, inertia)
        self.labels_, self.cluster_centers_, _ = best
        return self
