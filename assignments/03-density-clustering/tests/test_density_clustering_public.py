"""Public tests of assignment 3 (DBSCAN and HDBSCAN), on small generated data.

Run from the assignment folder:

    python3 tests/test_density_clustering_public.py path/to/density_clustering.py

Needs only numpy. Passing these tests does not guarantee a grade: the grader runs your code on
hidden data and compares it with the reference solution.
"""

import importlib.util
import os
import sys
import unittest

import numpy as np

MODULE_NAME = "density_clustering"
submission = None  # Set in the __main__ block before the tests run.


def _find_module_path(argument):
    if argument is not None:
        path = os.path.join(argument, f"{MODULE_NAME}.py") if os.path.isdir(argument) else argument
        if not os.path.isfile(path):
            sys.exit(f"cannot find {path}; pass the path of your {MODULE_NAME}.py or its folder")
        return path
    for folder in (os.path.dirname(os.path.abspath(__file__)), os.getcwd()):
        path = os.path.join(folder, f"{MODULE_NAME}.py")
        if os.path.isfile(path):
            return path
    sys.exit(f"no {MODULE_NAME}.py found; run: python3 {sys.argv[0]} path/to/{MODULE_NAME}.py")


def _load_module(path):
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    spec = importlib.util.spec_from_file_location(MODULE_NAME, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[MODULE_NAME] = module
    spec.loader.exec_module(module)
    return module


def same_partition(first, second):
    """True when two labellings agree up to renaming the clusters, with -1 kept as noise."""
    first, second = np.asarray(first), np.asarray(second)
    if not np.array_equal(first < 0, second < 0):
        return False
    pairs = set(zip(first[first >= 0].tolist(), second[second >= 0].tolist()))
    return len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})


class UnfinishedAware(unittest.TestCase):
    def fit(self, model, X):
        try:
            return model.fit(X)
        except NotImplementedError as error:
            self.fail(f"{type(model).__name__}.fit raised NotImplementedError ({error}): implement it")


class DBSCANTest(UnfinishedAware):
    # Points on a line: a chain 0..4 with spacing 1, a lone border point at 5.9, an isolated
    # point at 20, and a second chain 30..32.
    X = np.array([[0.0], [1], [2], [3], [4], [5.9], [20], [30], [31], [32]])

    def test_hand_example(self):
        model = self.fit(submission.DBSCAN(eps=1.0, min_samples=3), self.X)
        # Core (3 neighbours within 1, itself included): 1, 2, 3, 8. Border: 0, 4, 7, 9.
        # Point 5 (5.9) is 1.9 from the nearest core point: noise, as is 20.
        expected = [0, 0, 0, 0, 0, -1, -1, 1, 1, 1]
        self.assertTrue(same_partition(model.labels_, expected),
                        f"labels_ {list(model.labels_)}, expected {expected} up to renaming")
        self.assertEqual(sorted(np.asarray(model.core_sample_indices_).tolist()), [1, 2, 3, 8])

    def test_border_points_do_not_expand(self):
        # With eps 1 and min_samples 4, 3.0 is a border point (neighbours 2.0, 3.0, 3.9) of the
        # cluster 0..2; 3.9 is within eps of 3.0 but of no core point, so it must stay noise.
        X = np.array([[0.0], [0.5], [1.0], [1.5], [2.0], [3.0], [3.9]])
        model = self.fit(submission.DBSCAN(eps=1.0, min_samples=4), X)
        self.assertGreaterEqual(int(model.labels_[5]), 0, "a border point joins its core neighbour")
        self.assertEqual(int(model.labels_[6]), -1, "only core points may add their neighbours")

    def test_cluster_start_is_labelled(self):
        model = self.fit(submission.DBSCAN(eps=1.0, min_samples=3), self.X)
        self.assertTrue(np.all(np.asarray(model.labels_)[[1, 8]] >= 0),
                        "every core point, including the one a cluster starts from, needs a label")


class HDBSCANTest(UnfinishedAware):
    def test_dense_pair_beside_sparse_cluster(self):
        rng = np.random.default_rng(3)
        X = np.concatenate([
            rng.normal([0, 0], 0.3, (150, 2)),
            rng.normal([1.6, 0], 0.3, (150, 2)),
            rng.normal([7, 0], 1.6, (200, 2)),
        ])
        model = self.fit(submission.HDBSCAN(min_cluster_size=20, min_samples=5), X)
        labels = np.asarray(model.labels_)
        self.assertEqual(labels.shape, (500,))
        found = len(set(labels.tolist()) - {-1})
        self.assertEqual(found, 3, "two dense clusters and a sparse one: choose clusters by stability")
        probabilities = np.asarray(model.probabilities_)
        self.assertTrue(np.all((probabilities >= 0) & (probabilities <= 1)))
        self.assertTrue(np.all(probabilities[labels == -1] == 0), "noise has probability 0")


if __name__ == "__main__":
    path_argument = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else None
    if path_argument is not None:
        del sys.argv[1]
    module_path = _find_module_path(path_argument)
    print(f"testing {module_path}")
    submission = _load_module(module_path)
    unittest.main(verbosity=2)
