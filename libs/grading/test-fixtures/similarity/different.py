import numpy as np


class KMeans:
    def __init__(self, n_clusters, seed, n_init=10, max_iter=300, tol=1e-4):
        self.k = n_clusters
        self.rng = np.random.default_rng(seed)
        self.restarts = n_init
        self.iterations = max_iter
        self.tol = tol

    def _initial(self, X):
        n = X.shape[0]
        first = self.rng.integers(n)
        centres = np.empty((self.k, X.shape[1]))
        centres[0] = X[first]
        closest = np.sum((X - centres[0]) ** 2, axis=1)
        for c in range(1, self.k):
            index = self.rng.choice(n, p=closest / np.sum(closest))
            centres[c] = X[index]
            closest = np.minimum(closest, np.sum((X - centres[c]) ** 2, axis=1))
        return centres

    def _assign(self, X, centres):
        distances = np.stack([np.sum((X - c) ** 2, axis=1) for c in centres], axis=1)
        return np.argmin(distances, axis=1), np.min(distances, axis=1)

    def fit(self, X):
        scale = np.mean(np.var(X, axis=0))
        results = []
        while len(results) < self.restarts:
            centres = self._initial(X)
            iteration = 0
            while iteration < self.iterations:
                labels, _ = self._assign(X, centres)
                moved = 0.0
                for c in range(self.k):
                    members = X[labels == c]
                    if len(members):
                        target = members.mean(axis=0)
                        moved += float(np.sum((target - centres[c]) ** 2))
                        centres[c] = target
                iteration += 1
                if moved <= self.tol * scale:
                    break
            labels, nearest = self._assign(X, centres)
            results.append((float(nearest.sum()), labels, centres.copy()))
        results.sort(key=lambda item: item[0])
        self.inertia_, self.labels_, self.cluster_centers_ = results[0]
        return self
