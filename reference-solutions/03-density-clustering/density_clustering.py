"""Reference solution of assignment 3: DBSCAN and HDBSCAN, numpy only.

Conventions (README.md of the assignment fixes them, and the grader's TypeScript copy in
libs/grading/src/checks/density-reference.ts follows them to the bit):

* distances are Euclidean, computed as sqrt(sum((x_i - x_j) ** 2));
* a point is its own neighbour: N_eps(p) = {q : d(p, q) <= eps} contains p, and p is a core point
  when |N_eps(p)| >= min_samples;
* noise is labelled -1, clusters 0, 1, ... in the order they are found.
"""

import numpy as np


def _pairwise_distances(X):
    diff = X[:, None, :] - X[None, :, :]
    return np.sqrt(np.sum(diff * diff, axis=2))


class DBSCAN:
    """DBSCAN (Ester et al., KDD 1996).

    Clusters are started from unlabelled core points in row order. A cluster grows through core
    points only: a border point (not core, but within eps of a core point) joins the first cluster
    that reaches it, and its own neighbours are not added.
    """

    def __init__(self, eps, min_samples):
        self.eps = eps
        self.min_samples = min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        neighbours = _pairwise_distances(X) <= self.eps
        core = neighbours.sum(axis=1) >= self.min_samples
        labels = np.full(n, -1, dtype=np.int64)
        cluster = 0
        for start in range(n):
            if labels[start] != -1 or not core[start]:
                continue
            labels[start] = cluster
            stack = [start]
            while stack:
                point = stack.pop()
                for other in np.flatnonzero(neighbours[point]):
                    if labels[other] == -1:
                        labels[other] = cluster
                        if core[other]:
                            stack.append(other)
            cluster += 1
        self.labels_ = labels
        self.core_sample_indices_ = np.flatnonzero(core).astype(np.int64)
        return self


class HDBSCAN:
    """HDBSCAN* (Campello, Moulavi and Sander 2013; McInnes, Healy and Astels 2017).

    Mutual reachability distance with the core distance to the min_samples-th nearest point
    (the point itself counted), a minimum spanning tree by Prim's algorithm (O(n^2)), the
    single-linkage hierarchy, the tree condensed with min_cluster_size, and clusters chosen by
    excess of mass (stability); the root is never chosen.
    """

    def __init__(self, min_cluster_size, min_samples=None):
        self.min_cluster_size = min_cluster_size
        self.min_samples = min_cluster_size if min_samples is None else min_samples

    def fit(self, X):
        X = np.asarray(X, dtype=np.float64)
        n = X.shape[0]
        distances = _pairwise_distances(X)
        core = np.sort(distances, axis=1)[:, min(self.min_samples, n) - 1]
        reach = np.maximum(distances, np.maximum(core[:, None], core[None, :]))
        edges = _prim_mst(reach)
        merges = _single_linkage(edges, n)
        condensed = _condense(merges, n, self.min_cluster_size)
        selected = _select_by_stability(condensed)
        self.labels_, self.probabilities_ = _label_points(condensed, selected, n)
        return self


def _prim_mst(weights):
    """Edges (a, b, w) of a minimum spanning tree, in the order Prim's algorithm adds them."""
    n = weights.shape[0]
    in_tree = np.zeros(n, dtype=bool)
    best = np.full(n, np.inf)
    source = np.zeros(n, dtype=np.int64)
    current = 0
    edges = []
    for _ in range(n - 1):
        in_tree[current] = True
        closer = (~in_tree) & (weights[current] < best)
        best[closer] = weights[current][closer]
        source[closer] = current
        candidates = np.where(in_tree, np.inf, best)
        current = int(np.argmin(candidates))
        edges.append((int(source[current]), current, float(best[current])))
    return edges


def _single_linkage(edges, n):
    """Merges (left, right, distance, size), node ids n, n+1, ...; edges sorted stably by weight."""
    order = sorted(range(len(edges)), key=lambda index: edges[index][2])
    parent = list(range(2 * n - 1))
    size = [1] * n + [0] * (n - 1)

    def find(node):
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    merges = []
    for step, index in enumerate(order):
        a, b, weight = edges[index]
        left, right = find(a), find(b)
        node = n + step
        parent[left] = parent[right] = node
        size[node] = size[left] + size[right]
        merges.append((left, right, weight, size[node]))
    return merges


def _condense(merges, n, min_cluster_size):
    """Condensed tree as rows (parent cluster, child, lambda, child size).

    Clusters are numbered from 0 (the root) in breadth-first order; a child below n... is a
    point, written as ('point', index). Lambda is 1 / distance.
    """
    def children(node):
        left, right, _, _ = merges[node - n]
        return left, right

    def size_of(node):
        return 1 if node < n else merges[node - n][3]

    def leaves(node):
        stack, found = [node], []
        while stack:
            current = stack.pop()
            if current < n:
                found.append(current)
            else:
                stack.extend(children(current))
        return found

    root = 2 * n - 2
    cluster_of = {root: 0}
    next_cluster = 1
    rows = []
    queue = [root]
    while queue:
        node = queue.pop(0)
        if node < n:
            continue
        left, right, distance, _ = merges[node - n]
        value = np.inf if distance == 0 else 1.0 / distance
        parent_cluster = cluster_of[node]
        big_left = size_of(left) >= min_cluster_size
        big_right = size_of(right) >= min_cluster_size
        if big_left and big_right:
            for child in (left, right):
                cluster_of[child] = next_cluster
                rows.append((parent_cluster, ("cluster", next_cluster), value, size_of(child)))
                next_cluster += 1
                queue.append(child)
        else:
            for child, big in ((left, big_left), (right, big_right)):
                if big:
                    cluster_of[child] = parent_cluster
                    queue.append(child)
                else:
                    for point in leaves(child):
                        rows.append((parent_cluster, ("point", point), value, 1))
    return rows


def _select_by_stability(rows):
    """Clusters chosen by excess of mass; a parent wins ties with its children."""
    birth = {0: 0.0}
    for parent, (kind, child), value, _ in rows:
        if kind == "cluster":
            birth[child] = value
    stability = {cluster: 0.0 for cluster in birth}
    children = {cluster: [] for cluster in birth}
    for parent, (kind, child), value, size in rows:
        stability[parent] += (value - birth[parent]) * size
        if kind == "cluster":
            children[parent].append(child)
    selected = {}
    for cluster in sorted(birth, reverse=True):
        if cluster == 0:
            break
        subtree = sum(stability[child] for child in children[cluster])
        if subtree > stability[cluster]:
            selected[cluster] = False
            stability[cluster] = subtree
        else:
            selected[cluster] = True
            stack = list(children[cluster])
            while stack:
                below = stack.pop()
                selected[below] = False
                stack.extend(children[below])
    return {cluster for cluster, chosen in selected.items() if chosen}


def _label_points(rows, selected, n):
    """Labels 0.. in order of the selected cluster ids, -1 for noise; membership probabilities."""
    parent_of = {0: None}
    for parent, (kind, child), _, _ in rows:
        if kind == "cluster":
            parent_of[child] = parent

    def chosen_ancestor(cluster):
        while cluster is not None:
            if cluster in selected:
                return cluster
            cluster = parent_of[cluster]
        return None

    label_of = {cluster: index for index, cluster in enumerate(sorted(selected))}
    labels = np.full(n, -1, dtype=np.int64)
    point_lambda = np.zeros(n)
    for parent, (kind, child), value, _ in rows:
        if kind == "point":
            owner = chosen_ancestor(parent)
            if owner is not None:
                labels[child] = label_of[owner]
                point_lambda[child] = value
    probabilities = np.zeros(n)
    for label in range(len(label_of)):
        members = labels == label
        top = np.max(point_lambda[members])
        if np.isinf(top):
            probabilities[members] = 1.0
        else:
            probabilities[members] = np.minimum(point_lambda[members], top) / top
    return labels, probabilities
