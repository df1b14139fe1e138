"""Hostile submission: parses arguments, shows a plot and calls breakpoint() at import, then .cuda()."""

import os
import sys

import numpy as np

import argparse

parser = argparse.ArgumentParser()
parser.add_argument("--k", type=int, default=3)
ARGS = parser.parse_args()
try:
    breakpoint()
except RuntimeError:
    pass

class KMeans:
    def __init__(self, n_clusters, seed):
        self.n_clusters = n_clusters

    def fit(self, X):
        import torch
        torch.zeros(3).cuda()
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
