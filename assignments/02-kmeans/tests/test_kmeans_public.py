"""Public tests of assignment 2 (K-Means, X-Means, G-Means), on small generated data.

Run from the assignment folder:

    python3 tests/test_kmeans_public.py path/to/kmeans.py     # a file, or a folder with kmeans.py
    python3 tests/test_kmeans_public.py                        # kmeans.py next to this file or in
                                                               # the current folder

Needs only numpy. Passing these tests does not guarantee a grade: the grader runs your code on
hidden data and compares it with the reference solution.
"""

import importlib.util
import os
import sys
import time
import unittest

import numpy as np

MODULE_NAME = "kmeans"


def _find_module_path(argument):
    """Return the kmeans.py to test: the argument, else next to this file, else in the cwd."""
    if argument is not None:
        path = os.path.join(argument, "kmeans.py") if os.path.isdir(argument) else argument
        if not os.path.isfile(path):
            sys.exit(f"cannot find {path}; pass the path of your kmeans.py or of its folder")
        return path
    for folder in (os.path.dirname(os.path.abspath(__file__)), os.getcwd()):
        path = os.path.join(folder, "kmeans.py")
        if os.path.isfile(path):
            return path
    sys.exit("no kmeans.py next to this test or in the current folder; "
             "run: python3 tests/test_kmeans_public.py path/to/kmeans.py")


def _load_module(path):
    folder = os.path.dirname(os.path.abspath(path))
    sys.path.insert(0, folder)  # Lets kmeans.py import helper modules from its own folder.
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module


submission = None  # Set in the __main__ block before the tests run.


def make_blobs(centers, n_per_cluster, std, seed):
    """Return (X, y): isotropic Gaussian blobs around the given centres."""
    rng = np.random.default_rng(seed)
    centers = np.asarray(centers, dtype=np.float64)
    X = np.concatenate(
        [c + std * rng.standard_normal((n_per_cluster, centers.shape[1])) for c in centers]
    )
    y = np.repeat(np.arange(centers.shape[0]), n_per_cluster)
    order = rng.permutation(X.shape[0])
    return X[order], y[order]


def adjusted_rand_index(labels_true, labels_pred):
    """Return the adjusted Rand index (Hubert and Arabie 1985).

    The index is 1 for identical partitions and about 0 for random labels.
    """
    _, true_ids = np.unique(labels_true, return_inverse=True)
    _, pred_ids = np.unique(labels_pred, return_inverse=True)
    table = np.zeros((true_ids.max() + 1, pred_ids.max() + 1))
    np.add.at(table, (true_ids, pred_ids), 1)

    def pairs(counts):
        return float(np.sum(counts * (counts - 1) / 2))

    index = pairs(table)
    rows, cols = pairs(table.sum(axis=1)), pairs(table.sum(axis=0))
    expected = rows * cols / pairs(np.array([table.sum()]))
    maximum = (rows + cols) / 2
    if maximum == expected:
        return 1.0
    return (index - expected) / (maximum - expected)


THREE_BLOBS = make_blobs([[0, 0], [10, 0], [0, 10]], 60, 0.7, seed=1)
FIVE_BLOBS = make_blobs(
    [[0, 0, 0], [12, 0, 0], [0, 12, 0], [0, 0, 12], [12, 12, 12]], 80, 0.8, seed=2
)


class SubmissionTestCase(unittest.TestCase):
    def fit(self, model, X):
        """Call model.fit(X) on a copy of X and fail with a readable message if it is unfinished."""
        X_copy = X.copy()
        try:
            model.fit(X_copy)
        except NotImplementedError:
            self.fail(f"{type(model).__name__}.fit raised NotImplementedError: implement it first")
        np.testing.assert_array_equal(
            X_copy, X, err_msg=f"{type(model).__name__}.fit must not modify X"
        )
        return model

    def check_labels(self, labels, n_samples, max_label, name):
        labels = np.asarray(labels)
        self.assertEqual(labels.shape, (n_samples,), f"{name}.labels_ must have shape (n_samples,)")
        self.assertTrue(
            np.issubdtype(labels.dtype, np.integer),
            f"{name}.labels_ must be integers, got {labels.dtype}",
        )
        self.assertGreaterEqual(labels.min(), 0, f"{name}.labels_ must not be negative")
        self.assertLessEqual(labels.max(), max_label, f"{name}.labels_ must be at most {max_label}")
        return labels


class KMeansTest(SubmissionTestCase):
    def test_constructor_signature(self):
        model = submission.KMeans(n_clusters=3, seed=0)
        self.assertTrue(callable(getattr(model, "fit", None)), "KMeans needs a fit(X) method")

    def test_labels_format(self):
        X, _ = THREE_BLOBS
        model = self.fit(submission.KMeans(n_clusters=3, seed=0), X)
        labels = self.check_labels(model.labels_, X.shape[0], 2, "KMeans")
        self.assertEqual(len(np.unique(labels)), 3, "KMeans must use all 3 labels 0, 1, 2")

    def test_recovers_separated_blobs(self):
        for X, y, k in [(*THREE_BLOBS, 3), (*FIVE_BLOBS, 5)]:
            model = self.fit(submission.KMeans(n_clusters=k, seed=0), X)
            score = adjusted_rand_index(y, model.labels_)
            self.assertGreater(
                score, 0.99, f"KMeans(n_clusters={k}) ARI {score:.3f} on well separated blobs"
            )

    def test_centers_and_inertia_consistent(self):
        X, _ = FIVE_BLOBS
        model = self.fit(submission.KMeans(n_clusters=5, seed=0), X)
        centers = np.asarray(model.cluster_centers_, dtype=np.float64)
        labels = np.asarray(model.labels_)
        self.assertEqual(
            centers.shape, (5, 3), "cluster_centers_ must have shape (n_clusters, n_features)"
        )

        distances = np.sum((X[:, None, :] - centers[None, :, :]) ** 2, axis=2)
        nearest = np.argmin(distances, axis=1)
        self.assertTrue(
            np.array_equal(nearest, labels), "each label must be the index of the nearest centre"
        )
        for k in range(5):
            np.testing.assert_allclose(
                centers[k], X[labels == k].mean(axis=0), atol=1e-6,
                err_msg=f"cluster_centers_[{k}] must be the mean of the points labelled {k} "
                "after convergence",
            )
        expected_inertia = float(np.sum((X - centers[labels]) ** 2))
        self.assertAlmostEqual(
            float(model.inertia_), expected_inertia, delta=1e-6 * expected_inertia,
            msg="inertia_ must be the sum of squared distances of the points to their centres",
        )

    def test_same_seed_same_result(self):
        X, _ = make_blobs([[0, 0], [3, 0], [0, 3], [3, 3]], 40, 1.2, seed=3)
        first = self.fit(submission.KMeans(n_clusters=4, seed=7), X)
        second = self.fit(submission.KMeans(n_clusters=4, seed=7), X)
        np.testing.assert_array_equal(
            first.labels_, second.labels_, err_msg="the same seed must give the same labels"
        )

    def test_duplicate_points(self):
        # Four distinct points, each repeated five times: k-means++ must not choose the same point
        # twice, and no cluster may stay empty.
        X = np.repeat(np.array([[0.0, 0.0], [5.0, 0.0], [0.0, 5.0], [5.0, 5.0]]), 5, axis=0)
        model = self.fit(submission.KMeans(n_clusters=4, seed=0), X)
        self.assertEqual(
            len(np.unique(model.labels_)), 4, "each of the 4 distinct points needs its own cluster"
        )
        self.assertAlmostEqual(float(model.inertia_), 0.0, places=9)

    def test_one_point_per_cluster(self):
        X = np.array([[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]])
        model = self.fit(submission.KMeans(n_clusters=3, seed=0), X)
        self.assertEqual(sorted(np.asarray(model.labels_).tolist()), [0, 1, 2])
        self.assertAlmostEqual(float(model.inertia_), 0.0, places=9)

    def test_fit_time_on_digits_sized_data(self):
        X, _ = make_blobs(np.random.default_rng(4).uniform(-10, 10, (10, 64)), 180, 3.0, seed=4)
        started = time.perf_counter()
        self.fit(submission.KMeans(n_clusters=10, seed=0), X)
        seconds = time.perf_counter() - started
        self.assertLess(
            seconds,
            30.0,
            f"KMeans on 1800 x 64 took {seconds:.1f} s; vectorise the distance computation",
        )


class XMeansTest(SubmissionTestCase):
    def test_finds_three_blobs(self):
        X, y = THREE_BLOBS
        model = self.fit(submission.XMeans(k_max=10, seed=0), X)
        labels = self.check_labels(model.labels_, X.shape[0], 9, "XMeans")
        self.assertEqual(
            len(np.unique(labels)), 3, "XMeans should find 3 clusters on 3 separated blobs"
        )
        self.assertGreater(adjusted_rand_index(y, labels), 0.99)

    def test_finds_five_blobs(self):
        X, _ = FIVE_BLOBS
        model = self.fit(submission.XMeans(k_max=10, seed=0), X)
        labels = self.check_labels(model.labels_, X.shape[0], 9, "XMeans")
        self.assertEqual(
            len(np.unique(labels)), 5, "XMeans should find 5 clusters on 5 separated blobs"
        )


class GMeansTest(SubmissionTestCase):
    def test_finds_three_blobs(self):
        X, y = THREE_BLOBS
        model = self.fit(submission.GMeans(seed=0), X)
        labels = self.check_labels(model.labels_, X.shape[0], X.shape[0] - 1, "GMeans")
        self.assertEqual(
            len(np.unique(labels)), 3, "GMeans should find 3 clusters on 3 separated blobs"
        )
        self.assertGreater(adjusted_rand_index(y, labels), 0.99)

    def test_finds_five_blobs(self):
        X, _ = FIVE_BLOBS
        model = self.fit(submission.GMeans(seed=0), X)
        labels = self.check_labels(model.labels_, X.shape[0], X.shape[0] - 1, "GMeans")
        self.assertEqual(
            len(np.unique(labels)), 5, "GMeans should find 5 clusters on 5 separated blobs"
        )

    def test_single_gaussian_stays_one_cluster(self):
        X, _ = make_blobs([[0.0, 0.0]], 300, 1.0, seed=5)
        model = self.fit(submission.GMeans(seed=0), X)
        self.assertEqual(
            len(np.unique(model.labels_)), 1, "GMeans should not split a single Gaussian"
        )


if __name__ == "__main__":
    path_argument = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else None
    if path_argument is not None:
        del sys.argv[1]
    module_path = _find_module_path(path_argument)
    print(f"testing {module_path}")
    submission = _load_module(module_path)
    unittest.main(verbosity=2)
