# My own k-means, written from scratch!
import numpy as np

def seed_centroids(data, count, generator):
    chosen = [data[generator.integers(len(data))]]
    for i in range(1, count):
        # squared distance to the closest chosen centroid
        nearest = np.min(((data[:, None, :] - np.array(chosen)[None]) ** 2).sum(-1),
                         axis=1)
        weights = nearest / nearest.sum()
        chosen.append(data[generator.choice(len(data), p=weights)])
    return np.array(chosen)


class KMeans:
    """Lloyd's algorithm with careful seeding."""

    def __init__(self, n_clusters, seed, n_init=5, max_iter=100, tol=0.001):
        self.n_clusters = n_clusters
        self.seed = seed
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol

    def run_once(self, points, mu):
        stop_at = self.tol * np.mean(np.var(points, axis=0))
        for step in range(self.max_iter):
            sq = ((points[:, None, :] - mu[None]) ** 2).sum(-1)
            assignment = sq.argmin(axis=1)
            updated = np.array([points[assignment == c].mean(axis=0) if np.any(assignment == c) else mu[c] for c in range(self.n_clusters)])
            moved = ((updated - mu) ** 2).sum()
            mu = updated
            if moved <= stop_at:
                break
        sq = ((points[:, None, :] - mu[None]) ** 2).sum(-1)
        assignment = sq.argmin(axis=1)
        cost = sq[np.arange(len(points)), assignment].sum()
        return assignment, mu, cost

    def fit(self, points):
        generator = np.random.default_rng(self.seed)
        winner = None
        for trial in range(self.n_init):
            mu = seed_centroids(points, self.n_clusters, generator)
            assignment, mu, cost = self.run_once(points, mu)
            if winner is None or cost < winner[2]:
                winner = (assignment, mu, cost)
        self.labels_, self.cluster_centers_, self.inertia_ = winner
        return self
