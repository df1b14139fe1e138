"""The reference side of `npm run bench:metrics`: one case per call, on the raw inputs that
the TypeScript driver wrote. Prints {"seconds", "cpu_seconds", "max_rss_kb", "value", "tool"} as
JSON; cpu_seconds is the process's user and system time over the timed region, all threads.

    python3 bench_reference.py <input-dir> <case>

Cases: ari_nmi (scikit-learn), silhouette (scikit-learn), retrieval (faiss IndexFlatL2 search
plus the pytorch-metric-learning formulas in numpy), frechet (numpy covariances and
scipy.linalg.sqrtm, the pytorch-fid route). The timed region excludes reading the inputs.
"""

import json
import os
import resource
import sys
import time

import numpy as np


def load(directory, name, dtype, shape=None):
    array = np.fromfile(os.path.join(directory, name), dtype=dtype)
    return array.reshape(shape) if shape else array


def retrieval_scores(knn_labels, labels, k):
    match = knn_labels == labels[:, None]
    counts = np.bincount(labels)
    r = counts[labels] - 1
    keep = r > 0
    positions = np.arange(1, k + 1)
    mask = positions[None, :] <= r[:, None]
    precision = np.cumsum(match, axis=1) / positions
    map_at_r = (precision * match * mask).sum(axis=1) / r
    return [float(match[keep, :1].any(axis=1).mean()), float(match[keep, :10].any(axis=1).mean()), float(map_at_r[keep].mean())]


def main(directory, case):
    sizes = json.load(open(os.path.join(directory, "sizes.json")))
    if case == "ari_nmi":
        from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

        a = load(directory, "labels_true.i32", np.int32)
        b = load(directory, "labels_pred.i32", np.int32)
        tool = "scikit-learn"
        run = lambda: [adjusted_rand_score(a, b), normalized_mutual_info_score(a, b)]
    elif case == "silhouette":
        from sklearn.metrics import silhouette_score

        x = load(directory, "silhouette_X.f64", np.float64, (sizes["silhouetteRows"], sizes["silhouetteDims"]))
        labels = load(directory, "silhouette_labels.i32", np.int32)
        tool = "scikit-learn"
        run = lambda: float(silhouette_score(x, labels))
    elif case == "retrieval":
        import faiss

        x = load(directory, "retrieval_embeddings.f64", np.float64, (sizes["retrievalRows"], sizes["retrievalDims"]))
        x = np.ascontiguousarray(x.astype(np.float32))
        labels = load(directory, "retrieval_labels.i32", np.int32).astype(np.int64)
        k = sizes["retrievalClassSize"]
        tool = "faiss %s IndexFlatL2" % faiss.__version__

        def run():
            index = faiss.IndexFlatL2(x.shape[1])
            index.add(x)
            _, indices = index.search(x, k + 1)
            # Remove the query by index, else drop the last neighbour (pytorch-metric-learning).
            self_hit = indices == np.arange(len(x))[:, None]
            keep = ~self_hit
            keep[~self_hit.any(axis=1), k] = False
            knn = indices[keep].reshape(len(x), k)
            return retrieval_scores(labels[knn], labels, k)

    elif case == "frechet":
        from scipy import linalg

        shape = (sizes["frechetRows"], sizes["frechetDims"])
        real = load(directory, "frechet_real.f64", np.float64, shape)
        fake = load(directory, "frechet_fake.f64", np.float64, shape)
        tool = "numpy + scipy.linalg.sqrtm"

        def run():
            mu1, mu2 = real.mean(axis=0), fake.mean(axis=0)
            s1, s2 = np.cov(real, rowvar=False), np.cov(fake, rowvar=False)
            covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
            diff = mu1 - mu2
            return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean.real))

    else:
        raise SystemExit("unknown case " + case)
    start = time.perf_counter()
    cpu_start = time.process_time()
    value = run()
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start
    max_rss_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "seconds": seconds,
                "cpu_seconds": cpu_seconds,
                "max_rss_kb": max_rss_kb,
                "value": value,
                "tool": tool,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
