"""Reference values from scikit-learn for the clustering-metric oracle test.

Reads {"cases": [{"labels_true": [...], "labels_pred": [...]}, ...]} on stdin and writes
{"versions": {...}, "results": [{...}, ...]} on stdout, one result per case, with ARI, MI and
entropies in nats, and NMI for each average method. A metric that raises gives
{"error": "<message>"} in place of its value.
"""

import json
import sys

import numpy as np
import sklearn
from sklearn.metrics import adjusted_rand_score, mutual_info_score, normalized_mutual_info_score
from sklearn.metrics.cluster import entropy

AVERAGE_METHODS = ("arithmetic", "geometric", "min", "max")


def value_or_error(compute):
    try:
        return compute()
    except ValueError as error:
        return {"error": str(error)}


def evaluate(case):
    # Keep strings as strings; an empty list would otherwise become float64.
    labels_true = np.asarray(case["labels_true"], dtype=None if case["labels_true"] else np.int64)
    labels_pred = np.asarray(case["labels_pred"], dtype=None if case["labels_pred"] else np.int64)
    return {
        "adjusted_rand_index": adjusted_rand_score(labels_true, labels_pred),
        "mutual_info": value_or_error(lambda: mutual_info_score(labels_true, labels_pred)),
        "entropy_true": entropy(labels_true),
        "entropy_pred": entropy(labels_pred),
        "normalized_mutual_info": {
            method: normalized_mutual_info_score(labels_true, labels_pred, average_method=method)
            for method in AVERAGE_METHODS
        },
    }


def main():
    request = json.load(sys.stdin)
    results = [evaluate(case) for case in request["cases"]]
    json.dump({"versions": {"sklearn": sklearn.__version__, "numpy": np.__version__}, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
