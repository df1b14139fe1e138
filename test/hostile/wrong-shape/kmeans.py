"""Hostile submission: returns labels of shape (n, 1)."""

import os
import sys

import numpy as np


class KMeans:
    def __init__(self, n_clusters, seed):
        self.n_clusters = n_clusters

    def fit(self, X):
        self.labels_ = np.zeros((X.shape[0], 1), dtype=np.int64)
        # The interface asks for all three attributes, so they are set as usual.
        self.cluster_centers_ = np.zeros((self.n_clusters, X.shape[1]))
        self.inertia_ = 0.0
        return self


class XMeans:
    def __init__(self, k_max, seed):
        self.k_max = k_max

    def fit(self, X):
        self.labels_ = np.zeros(np.asarray(X).shape[0], dtype=np.int64)
        return self


class GMeans:
    def __init__(self, seed):
        self.seed = seed

    def fit(self, X):
        self.labels_ = np.zeros(np.asarray(X).shape[0], dtype=np.int64)
        return self
