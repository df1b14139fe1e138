"""Public tests of assignment 1 (PCA and NCA), on small generated data.

Run from the assignment folder:

    python3 tests/test_dimension_reduction_public.py path/to/dimension_reduction.py

Needs only numpy. Passing these tests does not guarantee a grade: the grader runs your code on
hidden data and compares it with the reference solution.
"""

import importlib.util
import os
import sys
import unittest

import numpy as np

MODULE_NAME = "dimension_reduction"
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


def known_spectrum(n, spectrum, mean_scale, seed):
    """Gaussian data whose covariance has the eigenvalues `spectrum`, around a far-off mean."""
    rng = np.random.default_rng(seed)
    d = len(spectrum)
    q, _ = np.linalg.qr(rng.standard_normal((d, d)))
    mean = rng.uniform(-mean_scale, mean_scale, d)
    return mean + (rng.standard_normal((n, d)) * np.sqrt(spectrum)) @ q.T


def knn_accuracy(Z_train, y_train, Z_test, y_test, k=5):
    distances = np.sum((Z_test[:, None, :] - Z_train[None, :, :]) ** 2, axis=2)
    nearest = np.argsort(distances, axis=1, kind="stable")[:, :k]
    votes = np.array([np.bincount(y_train[row], minlength=y_train.max() + 1) for row in nearest])
    return float(np.mean(np.argmax(votes, axis=1) == y_test))


class UnfinishedAware(unittest.TestCase):
    def call(self, function, *args):
        try:
            return function(*args)
        except NotImplementedError as error:
            self.fail(f"{function.__qualname__} raised NotImplementedError ({error}): implement it")


class PCATest(UnfinishedAware):
    X = known_spectrum(400, [9.0, 4.0, 1.0, 0.25, 0.05], 30.0, seed=1)

    def fitted(self, k):
        return self.call(submission.PCA(n_components=k).fit, self.X)

    def test_shapes(self):
        pca = self.fitted(2)
        self.assertEqual(np.shape(pca.components_), (2, 5), "components_ must be (k, n_features)")
        self.assertEqual(np.shape(pca.explained_variance_ratio_), (2,))
        self.assertEqual(np.shape(pca.mean_), (5,))

    def test_components_orthonormal(self):
        C = np.asarray(self.fitted(3).components_)
        np.testing.assert_allclose(
            C @ C.T, np.eye(3), atol=1e-8, err_msg="rows of components_ must be orthonormal"
        )

    def test_matches_covariance_eigenvectors(self):
        C = np.asarray(self.fitted(2).components_)
        values, vectors = np.linalg.eigh(np.cov(self.X, rowvar=False))
        top = vectors[:, ::-1][:, :2].T
        cosines = np.linalg.svd(C @ top.T, compute_uv=False)
        self.assertGreater(
            cosines.min(), 1 - 1e-8,
            "components_ must span the top eigenvectors of the covariance; did you centre X?",
        )

    def test_sign_convention(self):
        C = np.asarray(self.fitted(3).components_)
        largest = C[np.arange(3), np.argmax(np.abs(C), axis=1)]
        self.assertTrue(np.all(largest > 0), "the largest-magnitude entry of each row must be > 0")

    def test_explained_variance_ratio(self):
        values = np.sort(np.linalg.eigvalsh(np.cov(self.X, rowvar=False)))[::-1]
        np.testing.assert_allclose(
            self.fitted(2).explained_variance_ratio_, values[:2] / values.sum(), rtol=1e-6,
            err_msg="ratio = variance along the component / total variance of all features",
        )

    def test_round_trip(self):
        pca = self.fitted(5)
        Z = self.call(pca.transform, self.X)
        self.assertEqual(np.shape(Z), (400, 5))
        back = self.call(pca.inverse_transform, Z)
        np.testing.assert_allclose(
            back, self.X, atol=1e-8, err_msg="with all components, inverse_transform(transform(X)) == X"
        )


class NCATest(UnfinishedAware):
    def test_finds_the_informative_direction(self):
        # Three classes that differ only along a low-variance axis; two noisy axes dominate PCA.
        rng = np.random.default_rng(2)
        y = rng.integers(0, 3, 450)
        X = np.column_stack(
            [y * 1.0 + 0.15 * rng.standard_normal(450), 6 * rng.standard_normal((450, 2))]
        )
        train, test = slice(0, 300), slice(300, 450)
        nca = self.call(submission.NCA(n_components=1, seed=0).fit, X[train], y[train])
        Z_train, Z_test = self.call(nca.transform, X[train]), self.call(nca.transform, X[test])
        self.assertEqual(np.shape(Z_test), (150, 1), "transform must return (n_samples, n_components)")
        pca = np.linalg.svd(X[train] - X[train].mean(0), full_matrices=False)[2][:1]
        baseline = knn_accuracy(X[train] @ pca.T, y[train], X[test] @ pca.T, y[test])
        accuracy = knn_accuracy(np.asarray(Z_train), y[train], np.asarray(Z_test), y[test])
        self.assertGreater(accuracy, max(0.9, baseline + 0.2),
                           f"kNN accuracy after NCA {accuracy:.2f}, after PCA {baseline:.2f}")


if __name__ == "__main__":
    path_argument = sys.argv[1] if len(sys.argv) > 1 and not sys.argv[1].startswith("-") else None
    if path_argument is not None:
        del sys.argv[1]
    module_path = _find_module_path(path_argument)
    print(f"testing {module_path}")
    submission = _load_module(module_path)
    unittest.main(verbosity=2)
