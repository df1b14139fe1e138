import numpy as np


def kmeans_plus_plus(X, k, rng):
    """Choose k initial centres with the k-means++ rule."""
    centres = [X[rng.integers(len(X))]]
    for _ in range(1, k):
        d2 = np.min(((X[:, None, :] - np.array(centres)[None]) ** 2).sum(-1), axis=1)
        probs = d2 / d2.sum()
        centres.append(X[rng.choice(len(X), p=probs)])
    return np.array(centres)


class KMeans:
    def __init__(self, n_clusters, seed, n_init=10, max_iter=300, tol=1e-4):
        self.n_clusters = n_clusters
        self.seed = seed
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol

    def _lloyd(self, X, centres):
        threshold = self.tol * np.mean(np.var(X, axis=0))
        for _ in range(self.max_iter):
            dist = ((X[:, None, :] - centres[None]) ** 2).sum(-1)
            labels = dist.argmin(axis=1)
            new = np.array([
                X[labels == j].mean(axis=0) if np.any(labels == j) else centres[j]
                for j in range(self.n_clusters)
            ])
            shift = ((new - centres) ** 2).sum()
            centres = new
            if shift <= threshold:
                break
        dist = ((X[:, None, :] - centres[None]) ** 2).sum(-1)
        labels = dist.argmin(axis=1)
        inertia = dist[np.arange(len(X)), labels].sum()
        return labels, centres, inertia

    def fit(self, X):
        rng = np.random.default_rng(self.seed)
        best = None
        for attempt in range(self.n_init):
            centres = kmeans_plus_plus(X, self.n_clusters, rng)
            labels, centres, inertia = self._lloyd(X, centres)
            if best is None or inertia < best[2]:
                best = (labels, centres, inertia)
        self.labels_, self.cluster_centers_, self.inertia_ = best
        return self
