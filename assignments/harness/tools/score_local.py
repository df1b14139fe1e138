"""Print ARI, NMI, inertia and cluster counts of a local harness run, for manual comparison.

Usage, after make_local_tasks.py and a harness run into OUT/out:

    /usr/bin/python3 assignments/harness/tools/score_local.py --root /tmp/dmlg-local

Uses scikit-learn's metrics. The server computes its checks in TypeScript on its own data; these
numbers are for local trials only.
"""

import argparse
import json
import os

import numpy as np
from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score


def within_cluster_sum_of_squares(X, labels):
    total = 0.0
    for label in np.unique(labels):
        members = X[labels == label]
        total += float(np.sum((members - members.mean(axis=0)) ** 2))
    return total


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", required=True, help="folder made by make_local_tasks.py")
    arguments = parser.parse_args()

    with open(os.path.join(arguments.root, "inputs", "tasks.json"), encoding="utf-8") as handle:
        tasks = {task["id"]: task for task in json.load(handle)["tasks"]}
    with open(os.path.join(arguments.root, "out", "result.json"), encoding="utf-8") as handle:
        result = json.load(handle)

    for task_result in result["tasks"]:
        task_id = task_result["id"]
        if not task_result["ok"] or "labels_" not in task_result["outputs"]:
            print(f"{task_id}: no labels ({task_result.get('error', {}).get('type', 'not ok')})")
            continue
        input_name = tasks[task_id]["args"][0]
        dataset = input_name[: -len(".X.npy")]
        X = np.load(os.path.join(arguments.root, "inputs", input_name))
        y = np.load(os.path.join(arguments.root, "labels", f"{dataset}.y.npy"))
        labels = np.load(os.path.join(arguments.root, "out", task_result["outputs"]["labels_"]))
        print(
            f"{task_id}: ARI {adjusted_rand_score(y, labels):.4f}  "
            f"NMI {normalized_mutual_info_score(y, labels):.4f}  "
            f"inertia {within_cluster_sum_of_squares(X, labels):.1f}  "
            f"clusters {len(np.unique(labels))} (true {len(np.unique(y))})  "
            f"{task_result['seconds']:.2f} s"
        )


if __name__ == "__main__":
    main()
