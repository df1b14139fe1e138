"""Reference solution of assignment 02-kmeans: K-Means, X-Means and G-Means in numpy.

Sources:
- k-means++ seeding: D. Arthur and S. Vassilvitskii, "k-means++: The Advantages of Careful
  Seeding", SODA 2007.
- X-Means: D. Pelleg and A. Moore, "X-means: Extending K-means with Efficient Estimation of the
  Number of Clusters", ICML 2000.
- G-Means: G. Hamerly and C. Elkan, "Learning the k in k-means", NeurIPS 2003.

Every random choice is drawn from ``np.random.default_rng(seed)``, so a seed fixes the result.
Ties in the nearest-centre assignment go to the lowest centre index (``np.argmin``).
"""

import math

import numpy as np

# Critical values of the Anderson-Darling statistic for a normal sample with estimated mean and
# variance, for the statistic corrected by A*^2 = A^2 (1 + 4/n - 25/n^2). 0.15 to 0.01 are the
# values scipy.stats.anderson uses (Stephens 1974); 0.0001 is the value Hamerly and Elkan use.
_ANDERSON_CRITICAL_VALUES = {
    0.15: 0.576,
    0.10: 0.656,
    0.05: 0.787,
    0.025: 0.918,
    0.01: 1.092,
    0.0001: 1.8692,
}

# G-Means tests a cluster only when it has at least this many points; the corrected A*^2 is
# tabulated for n >= 8.
_GMEANS_MIN_POINTS = 8


def _validate_data(X, min_samples):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(
            f"X must be a 2-D array of shape (n_samples, n_features), got shape {X.shape}"
        )
    if X.shape[0] < min_samples:
        raise ValueError(f"X has {X.shape[0]} samples, but at least {min_samples} are needed")
    if not np.all(np.isfinite(X)):
        raise ValueError("X contains NaN or infinite values; remove or impute them before fit")
    return X


def _squared_distances(X, centers, x_squared_norms):
    """Return the (n, k) matrix of squared Euclidean distances, clipped at 0 against round-off."""
    center_squared_norms = np.sum(centers**2, axis=1)
    distances = x_squared_norms[:, None] - 2.0 * (X @ centers.T) + center_squared_norms[None, :]
    np.maximum(distances, 0.0, out=distances)
    return distances


def _assign(X, centers, x_squared_norms):
    """Return the nearest-centre labels and each point's squared distance to its centre."""
    distances = _squared_distances(X, centers, x_squared_norms)
    labels = np.argmin(distances, axis=1)
    return labels, distances[np.arange(X.shape[0]), labels]


def _kmeans_plusplus(X, n_clusters, rng, x_squared_norms):
    """Choose initial centres by D^2 sampling (Arthur and Vassilvitskii 2007, one draw per step)."""
    n_samples = X.shape[0]
    centers = np.empty((n_clusters, X.shape[1]))
    centers[0] = X[rng.integers(n_samples)]
    closest = _squared_distances(X, centers[:1], x_squared_norms)[:, 0]
    for index in range(1, n_clusters):
        total = closest.sum()
        if total > 0.0:
            chosen = rng.choice(n_samples, p=closest / total)
        else:
            # Every point already coincides with a centre; any point is as good as another.
            chosen = rng.integers(n_samples)
        centers[index] = X[chosen]
        new_distances = _squared_distances(X, centers[index : index + 1], x_squared_norms)[:, 0]
        np.minimum(closest, new_distances, out=closest)
    return centers


def _lloyd(X, centers, max_iter, tol, x_squared_norms):
    """Run Lloyd iterations from ``centers``; return labels, centres, inertia and iterations.

    Stops when the summed squared shift of the centres is at most ``tol`` times the mean
    per-feature variance of X (the convention of scikit-learn), when the labels stop changing,
    or after ``max_iter`` iterations. An empty cluster is moved to the point farthest from its
    own centre, so the number of clusters never drops. The returned labels are the nearest-centre
    assignment for the returned centres.
    """
    n_clusters = centers.shape[0]
    centers = centers.copy()
    shift_tolerance = tol * float(np.mean(np.var(X, axis=0)))
    labels = None
    iterations = 0
    for iterations in range(1, max_iter + 1):
        new_labels, point_distances = _assign(X, centers, x_squared_norms)
        counts = np.bincount(new_labels, minlength=n_clusters)
        # One-hot matrix product: much faster than np.add.at for the per-cluster sums.
        one_hot = np.zeros((n_clusters, X.shape[0]))
        one_hot[new_labels, np.arange(X.shape[0])] = 1.0
        sums = one_hot @ X

        new_centers = centers.copy()
        filled = counts > 0
        new_centers[filled] = sums[filled] / counts[filled, None]
        # Empty clusters take the points farthest from their centres, one distinct point each.
        empty = np.flatnonzero(~filled)
        if empty.size:
            farthest = np.argsort(-point_distances, kind="stable")[: empty.size]
            new_centers[empty] = X[farthest]

        shift = float(np.sum((new_centers - centers) ** 2))
        labels_stable = labels is not None and np.array_equal(new_labels, labels)
        centers = new_centers
        labels = new_labels
        if (labels_stable and empty.size == 0) or shift <= shift_tolerance:
            break

    labels, point_distances = _assign(X, centers, x_squared_norms)
    return labels, centers, float(point_distances.sum()), iterations


class KMeans:
    """K-Means with k-means++ seeding, restarted ``n_init`` times, keeping the lowest inertia.

    After ``fit(X)``: ``labels_`` (int64, shape (n,), values 0..n_clusters-1),
    ``cluster_centers_`` (float64, shape (n_clusters, d)), ``inertia_`` (float, the sum of
    squared Euclidean distances of the points to their centres) and ``n_iter_``.
    """

    def __init__(self, n_clusters, seed, n_init=10, max_iter=300, tol=1e-4):
        if int(n_clusters) != n_clusters or n_clusters < 1:
            raise ValueError(f"n_clusters must be a positive integer, got {n_clusters!r}")
        if n_init < 1 or max_iter < 1:
            raise ValueError(f"n_init and max_iter must be at least 1, got {n_init} and {max_iter}")
        self.n_clusters = int(n_clusters)
        self.seed = seed
        self.n_init = int(n_init)
        self.max_iter = int(max_iter)
        self.tol = float(tol)

    def fit(self, X):
        X = _validate_data(X, self.n_clusters)
        rng = np.random.default_rng(self.seed)
        x_squared_norms = np.sum(X**2, axis=1)
        best = None
        for _ in range(self.n_init):
            centers = _kmeans_plusplus(X, self.n_clusters, rng, x_squared_norms)
            run = _lloyd(X, centers, self.max_iter, self.tol, x_squared_norms)
            if best is None or run[2] < best[2]:
                best = run
        labels, centers, inertia, iterations = best
        self.labels_ = labels.astype(np.int64)
        self.cluster_centers_ = centers
        self.inertia_ = inertia
        self.n_iter_ = iterations
        return self


def _log_likelihood_spherical(n_points, n_features, cluster_sizes, sse):
    """Return the maximised log-likelihood of identical spherical Gaussians (Pelleg and Moore).

    The variance per feature is sse / (n_features * (n_points - k)), the unbiased estimate. The
    paper's formula omits the division by the number of features; it is included here so that the
    likelihood is that of a d-dimensional Gaussian. Returns None when the variance is zero or the
    model has as many clusters as points, where the likelihood is unbounded.
    """
    n_clusters = len(cluster_sizes)
    degrees = n_points - n_clusters
    if degrees <= 0 or sse <= 0.0:
        return None
    variance = sse / (n_features * degrees)
    sizes = np.asarray(cluster_sizes, dtype=np.float64)
    sizes = sizes[sizes > 0]
    mixing_term = float(np.sum(sizes * np.log(sizes / n_points)))
    return (
        mixing_term
        - 0.5 * n_points * n_features * math.log(2.0 * math.pi * variance)
        - 0.5 * n_features * degrees
    )


def _bic(n_points, n_features, cluster_sizes, sse):
    """Return the Bayesian information criterion (larger is better), or -inf when undefined.

    Free parameters: k - 1 mixing weights, k * d centre coordinates and one variance.
    """
    log_likelihood = _log_likelihood_spherical(n_points, n_features, cluster_sizes, sse)
    if log_likelihood is None:
        return -math.inf
    n_clusters = len(cluster_sizes)
    n_parameters = (n_clusters - 1) + n_clusters * n_features + 1
    return log_likelihood - 0.5 * n_parameters * math.log(n_points)


def _local_two_means(points, first_centers, max_iter, tol):
    """Run 2-means on one cluster's points from the given pair of starting centres."""
    norms = np.sum(points**2, axis=1)
    labels, centers, sse, _ = _lloyd(points, first_centers, max_iter, tol, norms)
    return labels, centers, sse


class XMeans:
    """X-Means (Pelleg and Moore 2000): grow k by splitting clusters while BIC improves.

    Starts from K-Means with ``k_min`` clusters and alternates two steps. Improve-Params runs
    Lloyd iterations on all points from the current centres. Improve-Structure splits each
    cluster in two by a local 2-means (the best of ``n_split_trials`` k-means++ starts) and keeps
    the split when the BIC of the two children on the cluster's points exceeds that of the
    parent. Stops when no split is kept or ``k_max`` is reached, and returns the model with the
    best global BIC among those visited.

    After ``fit(X)``: ``labels_`` (int64, shape (n,)), ``cluster_centers_``, ``n_clusters_``.
    """

    def __init__(self, k_max, seed, k_min=1, n_split_trials=5, max_iter=300, tol=1e-4):
        if k_min < 1 or k_max < k_min:
            raise ValueError(f"need 1 <= k_min <= k_max, got k_min={k_min}, k_max={k_max}")
        self.k_max = int(k_max)
        self.k_min = int(k_min)
        self.n_split_trials = int(n_split_trials)
        self.seed = seed
        self.max_iter = int(max_iter)
        self.tol = float(tol)

    def _split_candidates(self, X, labels, centers, rng):
        """Return (BIC gain, child centres) for every cluster whose split improves its BIC."""
        n_features = X.shape[1]
        candidates = []
        for index in range(centers.shape[0]):
            points = X[labels == index]
            if points.shape[0] < 2 * (n_features + 1):
                continue  # Too few points to estimate two children.
            parent_sse = float(np.sum((points - centers[index]) ** 2))
            if parent_sse <= 0.0:
                continue
            # Pelleg and Moore start the children from the parent moved both ways along one
            # random direction. From a single start, 2-means on six blobs often returns two
            # halves of three blobs each, and the BIC then rejects the split. So the local
            # 2-means keeps the best (lowest SSE) of n_split_trials k-means++ starts instead.
            children = KMeans(
                2, seed=int(rng.integers(2**32)), n_init=self.n_split_trials,
                max_iter=self.max_iter, tol=self.tol,
            ).fit(points)
            child_labels = children.labels_
            child_centers = children.cluster_centers_
            child_sse = children.inertia_
            child_sizes = np.bincount(child_labels, minlength=2)
            if np.any(child_sizes == 0):
                continue
            parent_bic = _bic(points.shape[0], n_features, [points.shape[0]], parent_sse)
            child_bic = _bic(points.shape[0], n_features, child_sizes, child_sse)
            if child_bic > parent_bic:
                candidates.append((child_bic - parent_bic, index, child_centers))
        return candidates

    def fit(self, X):
        X = _validate_data(X, self.k_min)
        n_points, n_features = X.shape
        rng = np.random.default_rng(self.seed)
        x_squared_norms = np.sum(X**2, axis=1)

        start = KMeans(self.k_min, seed=int(rng.integers(2**32)), n_init=1).fit(X)
        centers = start.cluster_centers_
        best = None
        while True:
            # Improve-Params.
            labels, centers, sse, _ = _lloyd(X, centers, self.max_iter, self.tol, x_squared_norms)
            sizes = np.bincount(labels, minlength=centers.shape[0])
            score = _bic(n_points, n_features, sizes, sse)
            if best is None or score > best[0]:
                best = (score, labels, centers)
            if centers.shape[0] >= self.k_max:
                break

            # Improve-Structure: keep the splits with the largest BIC gain, up to k_max centres.
            candidates = self._split_candidates(X, labels, centers, rng)
            if not candidates:
                break
            candidates.sort(key=lambda candidate: (-candidate[0], candidate[1]))
            room = self.k_max - centers.shape[0]
            split = {index: children for _, index, children in candidates[:room]}
            new_centers = []
            for index in range(centers.shape[0]):
                if index in split:
                    new_centers.extend(split[index])
                else:
                    new_centers.append(centers[index])
            centers = np.array(new_centers)

        _, labels, centers = best
        self.labels_ = _relabel_consecutive(labels)
        self.cluster_centers_ = centers[np.unique(labels)]
        self.n_clusters_ = self.cluster_centers_.shape[0]
        return self


def _normal_log_cdf(z):
    """Return log Phi(z) elementwise, using erfc so the lower tail keeps its precision."""
    values = [0.5 * math.erfc(-value / math.sqrt(2.0)) for value in z]
    return np.log(np.maximum(values, np.finfo(np.float64).tiny))


def anderson_darling_normal(samples):
    """Return A*^2 = A^2 (1 + 4/n - 25/n^2) for a test of normality with estimated parameters.

    The samples are standardised with their mean and standard deviation (ddof=1), as in
    scipy.stats.anderson. With the standardised values sorted as z_1 <= ... <= z_n,
    A^2 = -n - (1/n) sum_i (2i - 1) [log Phi(z_i) + log(1 - Phi(z_{n+1-i}))].
    """
    samples = np.sort(np.asarray(samples, dtype=np.float64))
    n = samples.shape[0]
    deviation = samples.std(ddof=1)
    if deviation <= 0.0:
        return 0.0
    z = (samples - samples.mean()) / deviation
    log_cdf = _normal_log_cdf(z)
    # log(1 - Phi(z)) = log Phi(-z); reversed so that index i pairs z_i with z_{n+1-i}.
    log_survival_reversed = _normal_log_cdf(-z)[::-1]
    weights = 2.0 * np.arange(1, n + 1) - 1.0
    a_squared = -n - float(np.sum(weights * (log_cdf + log_survival_reversed))) / n
    return a_squared * (1.0 + 4.0 / n - 25.0 / n**2)


class GMeans:
    """G-Means (Hamerly and Elkan 2003): split a cluster while its points do not look Gaussian.

    Starts from one centre (the mean of X). Each round runs Lloyd iterations on all points from
    the current centres and then tests every cluster. A local 2-means starts from
    c +- s * sqrt(2 * lambda / pi), where s is the cluster's first principal direction and lambda
    the variance along it. The points are projected onto the line between the two child centres.
    When the Anderson-Darling statistic A*^2 of the projection exceeds the critical value for
    ``alpha``, the two children replace the cluster. Stops when a round splits nothing or
    ``k_max`` centres are reached.

    After ``fit(X)``: ``labels_`` (int64, shape (n,)), ``cluster_centers_``, ``n_clusters_``.
    """

    def __init__(self, seed, alpha=0.0001, k_max=64, max_iter=300, tol=1e-4):
        if alpha not in _ANDERSON_CRITICAL_VALUES:
            raise ValueError(
                f"alpha must be one of {sorted(_ANDERSON_CRITICAL_VALUES)}, got {alpha!r}"
            )
        if k_max < 1:
            raise ValueError(f"k_max must be at least 1, got {k_max!r}")
        self.seed = seed
        self.alpha = alpha
        self.k_max = int(k_max)
        self.max_iter = int(max_iter)
        self.tol = float(tol)

    def _split(self, points, center):
        """Return the two child centres if the cluster fails the normality test, else None."""
        if points.shape[0] < _GMEANS_MIN_POINTS:
            return None
        centered = points - center
        covariance = centered.T @ centered / (points.shape[0] - 1)
        eigenvalues, eigenvectors = np.linalg.eigh(covariance)
        principal_variance = float(eigenvalues[-1])
        if principal_variance <= 0.0:
            return None
        offset = eigenvectors[:, -1] * math.sqrt(2.0 * principal_variance / math.pi)
        first_centers = np.stack([center + offset, center - offset])
        _, children, _ = _local_two_means(points, first_centers, self.max_iter, self.tol)
        direction = children[0] - children[1]
        norm_squared = float(direction @ direction)
        if norm_squared <= 0.0:
            return None
        projection = points @ direction / norm_squared
        statistic = anderson_darling_normal(projection)
        if statistic > _ANDERSON_CRITICAL_VALUES[self.alpha]:
            return children
        return None

    def fit(self, X):
        X = _validate_data(X, 1)
        x_squared_norms = np.sum(X**2, axis=1)
        # No step draws random numbers, because the first centre is the mean and splits follow the
        # principal direction. ``seed`` is accepted for the common interface and changes nothing.
        centers = X.mean(axis=0, keepdims=True)
        while True:
            labels, centers, _, _ = _lloyd(X, centers, self.max_iter, self.tol, x_squared_norms)
            if centers.shape[0] >= self.k_max:
                break
            new_centers = []
            added = 0
            for index in range(centers.shape[0]):
                children = None
                if centers.shape[0] + added < self.k_max:
                    children = self._split(X[labels == index], centers[index])
                if children is None:
                    new_centers.append(centers[index])
                else:
                    new_centers.extend(children)
                    added += 1
            if added == 0:
                break
            centers = np.array(new_centers)

        labels, _ = _assign(X, centers, x_squared_norms)
        self.labels_ = _relabel_consecutive(labels)
        self.cluster_centers_ = centers[np.unique(labels)]
        self.n_clusters_ = self.cluster_centers_.shape[0]
        return self


def _relabel_consecutive(labels):
    """Map the distinct label values, in ascending order, onto 0..k-1."""
    _, consecutive = np.unique(labels, return_inverse=True)
    return consecutive.astype(np.int64)
