"""Hostile submission: an ordinary module, uploaded under a name with a control character."""


class KMeans:
    def __init__(self, n_clusters, seed):
        self.n_clusters = n_clusters

    def fit(self, X):
        raise NotImplementedError("never graded: the upload is rejected by name")
