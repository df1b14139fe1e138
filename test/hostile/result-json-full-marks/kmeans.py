"""Hostile submission: overwrites result.json with a claim of full marks."""

import os
import sys

import numpy as np


class KMeans:
    def __init__(self, n_clusters, seed):
        self.n_clusters = n_clusters

    def fit(self, X):
        import json
        with open("/out/result.json", "w") as handle:
            json.dump({"score": 100, "checks": "all passed"}, handle)
        self.labels_ = np.zeros(X.shape[0], dtype=np.int64)
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
