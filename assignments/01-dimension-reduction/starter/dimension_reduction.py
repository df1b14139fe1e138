"""Assignment 1: PCA and NCA. Fill in the two classes below.

Use numpy only (no scikit-learn). The grader constructs each class with the arguments shown,
calls ``fit`` and then ``transform`` (and, for PCA, ``inverse_transform``) on float64 arrays of
shape (n_samples, n_features). See README.md for the exact conventions.
"""

import numpy as np


class PCA:
    """Principal component analysis.

    Parameters:
        n_components: number of components k to keep (1 <= k <= n_features).

    Attributes set by ``fit``:
        mean_: float array (n_features,), the column means of X.
        components_: float array (k, n_features); orthonormal rows, the principal directions in
            order of decreasing variance, each flipped so that its largest-magnitude entry is
            positive.
        explained_variance_ratio_: float array (k,); variance along each component divided by
            the total variance of the data.
    """

    def __init__(self, n_components):
        self.n_components = n_components

    def fit(self, X):
        """Fit on X of shape (n_samples, n_features); set the attributes and return self."""
        raise NotImplementedError("implement PCA.fit: centre X, take the SVD, keep k components")

    def transform(self, X):
        """Return (X - mean_) projected on the components, shape (n_samples, k)."""
        raise NotImplementedError("implement PCA.transform: (X - mean_) @ components_.T")

    def inverse_transform(self, Z):
        """Map Z of shape (n_samples, k) back to the input space, shape (n_samples, n_features)."""
        raise NotImplementedError("implement PCA.inverse_transform: Z @ components_ + mean_")


class NCA:
    """Neighbourhood components analysis (Goldberger et al., NeurIPS 2004).

    Parameters:
        n_components: dimension k of the learned space.
        seed: seed for ``np.random.default_rng`` if you initialise randomly.

    ``fit(X, y)`` learns a linear map A of shape (k, n_features) that maximises the expected
    number of training points classified correctly by the stochastic nearest-neighbour rule;
    ``transform(X)`` returns the data in the learned space, shape (n_samples, k).
    """

    def __init__(self, n_components, seed):
        self.n_components = n_components
        self.seed = seed

    def fit(self, X, y):
        """Learn the map from X (n_samples, n_features) and integer labels y; return self."""
        raise NotImplementedError("implement NCA.fit: gradient ascent on the NCA objective")

    def transform(self, X):
        """Return X mapped by the learned A, shape (n_samples, n_components)."""
        raise NotImplementedError("implement NCA.transform: apply the learned linear map")
