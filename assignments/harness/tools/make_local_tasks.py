"""Build a tasks.json and its input arrays from an assignment manifest, for local harness trials.

Usage (on a machine with numpy, PyYAML and scikit-learn):

    /usr/bin/python3 assignments/harness/tools/make_local_tasks.py \
        --manifest assignments/02-kmeans/assignment.yaml --out /tmp/dmlg-local

writes ``OUT/inputs/tasks.json``, ``OUT/inputs/<dataset>.X.npy`` and the true labels as
``OUT/labels/<dataset>.y.npy`` (outside ``inputs``, as in the sandbox), and creates ``OUT/out``.

The data only approximate the graded sets: the worker generates them with libs/datasets, while
this script uses scikit-learn's ``load_digits`` and ``make_blobs``. Do not compare scores
computed on these files with the reference values stored by the server.
"""

import argparse
import json
import os
import sys

import numpy as np

try:
    import yaml
    from sklearn.datasets import load_digits, make_blobs
except ImportError as error:
    sys.exit(
        f"{error}; this tool needs PyYAML and scikit-learn "
        "(apt install python3-yaml python3-sklearn)"
    )

PROTOCOL_VERSION = 1


def make_blobs_dataset(params):
    """Generate Gaussian blobs; ``anisotropy`` stretches one axis after a random rotation."""
    box = float(params["center_box"])
    X, y = make_blobs(
        n_samples=params["n_samples"],
        n_features=params["n_features"],
        centers=params["centers"],
        cluster_std=params["cluster_std"],
        center_box=(-box, box),
        random_state=params["seed"],
    )
    anisotropy = params.get("anisotropy")
    if anisotropy:
        rng = np.random.default_rng(params["seed"])
        rotation, _ = np.linalg.qr(rng.standard_normal((X.shape[1], X.shape[1])))
        scale = np.ones(X.shape[1])
        scale[0] = float(anisotropy)
        X = X @ rotation @ np.diag(scale) @ rotation.T
    return X, y


def make_dataset(name, entry):
    if entry.get("source") == "digits":
        return load_digits(return_X_y=True)
    if entry.get("generator") == "blobs":
        return make_blobs_dataset(entry["params"])
    raise ValueError(f"data set {name}: {entry} is neither source 'digits' nor generator 'blobs'")


def build_task(task):
    call = task["call"]
    return {
        "id": task["id"],
        "class": call["class"],
        "init": call.get("init", {}),
        "method": call["method"],
        "args": [f"{task['dataset']}.{arg}.npy" for arg in call.get("args", ["X"])],
        "outputs": {
            name: {"optional": bool(spec.get("optional", False))}
            for name, spec in task["outputs"].items()
        },
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--manifest", required=True, help="path of assignment.yaml")
    parser.add_argument(
        "--out", required=True, help="folder to create inputs/, labels/ and out/ in"
    )
    arguments = parser.parse_args()

    with open(arguments.manifest, encoding="utf-8") as handle:
        manifest = yaml.safe_load(handle)

    inputs_dir = os.path.join(arguments.out, "inputs")
    labels_dir = os.path.join(arguments.out, "labels")
    for folder in (inputs_dir, labels_dir, os.path.join(arguments.out, "out")):
        os.makedirs(folder, exist_ok=True)

    used = sorted({task["dataset"] for task in manifest["tasks"]})
    for name in used:
        X, y = make_dataset(name, manifest["datasets"][name])
        np.save(os.path.join(inputs_dir, f"{name}.X.npy"), np.asarray(X, dtype=np.float64))
        np.save(os.path.join(labels_dir, f"{name}.y.npy"), np.asarray(y, dtype=np.int64))
        print(f"{name}: X {X.shape}, {len(np.unique(y))} classes")

    task_file = {
        "protocol": PROTOCOL_VERSION,
        "module": manifest["module"],
        "tasks": [build_task(task) for task in manifest["tasks"]],
    }
    with open(os.path.join(inputs_dir, "tasks.json"), "w", encoding="utf-8") as handle:
        json.dump(task_file, handle, indent=2)
    print(f"wrote {len(task_file['tasks'])} tasks to {os.path.join(inputs_dir, 'tasks.json')}")


if __name__ == "__main__":
    main()
