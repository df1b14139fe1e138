"""Reference values for the oracle test of the metrics beyond ARI, MI and NMI.

Reads {"cases": [{"metric": ..., "inputs": {...}, "params": {...}}, ...]} on stdin and writes
{"versions": {...}, "results": [...]} on stdout, one value (or {"error": ...}) per case.
Clustering values come from scikit-learn itself; the Frechet distance follows pytorch-fid's
calculate_frechet_distance (scipy.linalg.sqrtm); the retrieval, KID, PRDC and
disentanglement values are numpy transcriptions of pytorch-metric-learning's
AccuracyCalculator, the unbiased MMD^2, the prdc package and disentanglement_lib, with
scikit-learn's mutual_info_score where those use it.
"""

import json
import sys

import numpy as np
import scipy
import sklearn
from scipy import linalg
from sklearn import metrics
from sklearn.metrics.cluster import contingency_matrix


def frechet(real, fake):
    mu1, mu2 = real.mean(axis=0), fake.mean(axis=0)
    s1, s2 = np.cov(real, rowvar=False), np.cov(fake, rowvar=False)
    covmean, _ = linalg.sqrtm(s1.dot(s2), disp=False)
    covmean = covmean.real
    diff = mu1 - mu2
    return float(diff.dot(diff) + np.trace(s1) + np.trace(s2) - 2 * np.trace(covmean))


def kid_full(x, y):
    d = x.shape[1]
    kernel = lambda a, b: (a @ b.T / d + 1.0) ** 3
    m, n = len(x), len(y)
    kxx, kyy, kxy = kernel(x, x), kernel(y, y), kernel(x, y)
    return float(
        (kxx.sum() - np.trace(kxx)) / (m * (m - 1))
        + (kyy.sum() - np.trace(kyy)) / (n * (n - 1))
        - 2 * kxy.sum() / (m * n)
    )


def prdc(real, fake, k):
    def radii(x):
        dist = metrics.pairwise_distances(x, x)
        return np.partition(dist, k, axis=-1)[:, k]

    real_r, fake_r = radii(real), radii(fake)
    dist = metrics.pairwise_distances(real, fake)
    return {
        "precision": float((dist < real_r[:, None]).any(axis=0).mean()),
        "recall": float((dist < fake_r[None, :]).any(axis=1).mean()),
        "density": float((1.0 / k) * (dist < real_r[:, None]).sum(axis=0).mean()),
        "coverage": float((dist.min(axis=1) < real_r).mean()),
    }


def retrieval(query, query_labels, ks, distance):
    x = np.asarray(query, dtype=np.float64)
    if distance == "cosine":
        x = x / np.linalg.norm(x, axis=1, keepdims=True)
    labels = np.asarray(query_labels)
    n = len(x)
    sq = (x * x).sum(axis=1)
    keys = sq[None, :] - 2 * x @ x.T
    np.fill_diagonal(keys, np.inf)
    order = np.argsort(keys, axis=1, kind="stable")[:, : n - 1]
    knn = labels[order]
    match = knn == labels[:, None]
    r = np.array([(labels == label).sum() - 1 for label in labels])
    keep = r > 0
    p1 = match[:, 0]
    rp, mapr = [], []
    for q in range(n):
        if r[q] == 0:
            rp.append(0.0)
            mapr.append(0.0)
            continue
        m = match[q, : r[q]]
        rp.append(m.sum() / r[q])
        prec = np.cumsum(m) / np.arange(1, r[q] + 1)
        mapr.append((prec * m).sum() / r[q])
    result = {
        "precision_at_1": float(p1[keep].mean()),
        "r_precision": float(np.array(rp)[keep].mean()),
        "map_at_r": float(np.array(mapr)[keep].mean()),
        "recall_at_k": {str(k): float(match[keep, :k].any(axis=1).mean()) for k in ks},
        "precision_at_k": {str(k): float(match[keep, :k].sum(axis=1).mean() / k) for k in ks},
    }
    return result


def histogram_discretize(z, bins):
    out = np.zeros_like(z, dtype=np.int64)
    for i in range(z.shape[1]):
        out[:, i] = np.digitize(z[:, i], np.histogram(z[:, i], bins)[1][:-1])
    return out


def mi_matrix(z, v, bins):
    dz = histogram_discretize(z, bins)
    m = np.array([[metrics.mutual_info_score(v[:, j], dz[:, i]) for j in range(v.shape[1])] for i in range(z.shape[1])])
    h = np.array([metrics.mutual_info_score(v[:, j], v[:, j]) for j in range(v.shape[1])])
    return m, h


def mig(z, v, bins):
    m, h = mi_matrix(z, v, bins)
    s = np.sort(m, axis=0)[::-1]
    return float(np.mean((s[0] - s[1]) / h))


def modularity(z, v, bins):
    m, _ = mi_matrix(z, v, bins)
    sq = m**2
    mx = sq.max(axis=1)
    score = 1.0 - (sq.sum(axis=1) - mx) / (mx * (sq.shape[1] - 1.0))
    score[mx == 0] = 0
    return float(score.mean())


def sap(z, v):
    s = np.zeros((z.shape[1], v.shape[1]))
    for i in range(z.shape[1]):
        for j in range(v.shape[1]):
            c = np.cov(z[:, i], v[:, j], ddof=1)
            s[i, j] = c[0, 1] ** 2 / (c[0, 0] * c[1, 1]) if c[0, 0] > 1e-12 else 0.0
    s = np.sort(s, axis=0)
    return float(np.mean(s[-1] - s[-2]))


def dci_importance(r):
    def ent(p, base):
        return scipy.stats.entropy(p, base=base)

    d_code = 1.0 - ent(r.T + 1e-11, r.shape[1])
    c_fac = 1.0 - ent(r + 1e-11, r.shape[0])
    w = r if r.sum() != 0 else np.ones_like(r)
    return {
        "disentanglement": float(np.sum(d_code * w.sum(axis=1) / w.sum())),
        "completeness": float(np.sum(c_fac * w.sum(axis=0) / w.sum())),
    }


def evaluate(case):
    metric, inputs, params = case["metric"], case["inputs"], case.get("params", {})
    arr = lambda name: np.asarray(inputs[name], dtype=np.float64)
    if metric == "adjusted_mutual_info":
        return metrics.adjusted_mutual_info_score(inputs["labels_true"], inputs["labels_pred"], average_method=params["average_method"])
    if metric == "homogeneity_completeness_v_measure":
        h, c, v = metrics.homogeneity_completeness_v_measure(inputs["labels_true"], inputs["labels_pred"], beta=params["beta"])
        return {"homogeneity": h, "completeness": c, "v_measure": v}
    if metric == "purity":
        table = contingency_matrix(inputs["labels_true"], inputs["labels_pred"])
        return float(table.max(axis=0).sum() / table.sum())
    if metric == "silhouette":
        return float(metrics.silhouette_score(arr("X"), inputs["labels"]))
    if metric == "davies_bouldin":
        return float(metrics.davies_bouldin_score(arr("X"), inputs["labels"]))
    if metric == "calinski_harabasz":
        return float(metrics.calinski_harabasz_score(arr("X"), inputs["labels"]))
    if metric == "frechet_distance":
        return frechet(arr("features_real"), arr("features_fake"))
    if metric == "kid":
        return {"kid_mean": kid_full(arr("features_real"), arr("features_fake")), "kid_std": 0.0}
    if metric == "prdc":
        return prdc(arr("real_features"), arr("fake_features"), params["nearest_k"])
    if metric == "retrieval":
        return retrieval(inputs["query"], inputs["query_labels"], params["ks"], params["distance"])
    if metric == "mig":
        return mig(arr("latents"), arr("factors"), params["num_bins"])
    if metric == "modularity":
        return modularity(arr("latents"), arr("factors"), params["num_bins"])
    if metric == "sap":
        return sap(arr("latents"), arr("factors"))
    if metric == "dci_from_importance":
        return dci_importance(arr("importance"))
    raise ValueError("unknown metric " + metric)


def main():
    request = json.load(sys.stdin)
    results = []
    for case in request["cases"]:
        try:
            results.append(evaluate(case))
        except ValueError as error:
            results.append({"error": str(error)})
    versions = {"sklearn": sklearn.__version__, "scipy": scipy.__version__, "numpy": np.__version__}
    json.dump({"versions": versions, "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
