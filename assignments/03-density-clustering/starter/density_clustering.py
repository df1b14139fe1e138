"""Assignment 3: DBSCAN and HDBSCAN. Fill in the two classes below.

Use numpy only (no scikit-learn, no hdbscan package). The grader constructs each class with the
arguments shown, calls ``fit(X)`` with X a float64 array of shape (n_samples, n_features), and
reads the attributes listed in each docstring. See README.md for the exact conventions.
"""

import numpy as np


class DBSCAN:
    """DBSCAN (Ester et al., KDD 1996) with Euclidean distance.

    Parameters:
        eps: neighbourhood radius; q is a neighbour of p when ||p - q|| <= eps.
        min_samples: a point is a core point when it has at least min_samples neighbours,
            the point itself included.

    Attributes set by ``fit``:
        labels_: int array (n_samples,); clusters 0, 1, ..., noise -1.
        core_sample_indices_: int array with the indices of the core points, ascending.
    """

    def __init__(self, eps, min_samples):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        """Cluster X; set labels_ and core_sample_indices_ and return self."""
        raise NotImplementedError("implement DBSCAN.fit: find core points, grow clusters from them")


class HDBSCAN:
    """HDBSCAN* (Campello et al. 2013; McInnes et al. 2017).

    Parameters:
        min_cluster_size: smallest group of points that counts as a cluster.
        min_samples: the core distance of a point is the distance to its min_samples-th
            nearest point, the point itself counted (so min_samples=1 gives 0).

    Attributes set by ``fit``:
        labels_: int array (n_samples,); clusters 0, 1, ..., noise -1.
        probabilities_: float array (n_samples,) in [0, 1]; strength of each point's membership,
            0 for noise.
    """

    def __init__(self, min_cluster_size, min_samples=None):
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_cluster_size if min_samples is None else min_samples

    def fit(self, X):
        """Cluster X; set labels_ and probabilities_ and return self."""
        raise NotImplementedError(
            "implement HDBSCAN.fit: mutual reachability, MST, condensed tree, stability selection"
        )
