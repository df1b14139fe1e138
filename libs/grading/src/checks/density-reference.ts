/**
 * DBSCAN and HDBSCAN as the assignment-3 reference solution computes them
 * (reference-solutions/03-density-clustering/density_clustering.py), step for step, so that
 * checks can compare a submission's labels with the reference's labels without storing the
 * reference run's output arrays. Keep the two in step: same distance formula, same order of
 * visiting points, same tie rules. Both are O(n²) in time and memory, for the few hundred to
 * ~2000 points the course uses.
 */

/** Euclidean distances between the rows of X (n × d), as sqrt(Σ (x_i − x_j)²), row-major n × n. */
export function pairwiseDistances(X: ArrayLike<number>, n: number, d: number): Float64Array {
  const distances = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      let sum = 0;
      for (let l = 0; l < d; l++) {
        const diff = X[i * d + l] - X[j * d + l];
        sum += diff * diff;
      }
      distances[i * n + j] = distances[j * n + i] = Math.sqrt(sum);
    }
  }
  return distances;
}

export interface DbscanResult {
  /** Cluster of each point, −1 for noise; clusters numbered in the order they are started. */
  labels: Int32Array;
  /** Whether each point has at least min_samples points (itself included) within eps. */
  core: Uint8Array;
}

/**
 * DBSCAN (Ester et al. 1996) with the assignment's conventions: a point is its own neighbour,
 * neighbours are at distance <= eps, clusters start from unlabelled core points in row order and
 * grow through core points only; a border point joins the first cluster that reaches it.
 */
export function dbscan(
  distances: Float64Array,
  n: number,
  eps: number,
  minSamples: number,
): DbscanResult {
  const core = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) if (distances[i * n + j] <= eps) count++;
    core[i] = count >= minSamples ? 1 : 0;
  }
  const labels = new Int32Array(n).fill(-1);
  let cluster = 0;
  for (let start = 0; start < n; start++) {
    if (labels[start] !== -1 || !core[start]) continue;
    labels[start] = cluster;
    const stack = [start];
    while (stack.length > 0) {
      const point = stack.pop() as number;
      for (let other = 0; other < n; other++) {
        if (distances[point * n + other] <= eps && labels[other] === -1) {
          labels[other] = cluster;
          if (core[other]) stack.push(other);
        }
      }
    }
    cluster++;
  }
  return { labels, core };
}

/** One edge of the minimum spanning tree of mutual reachability distances. */
interface TreeEdge {
  a: number;
  b: number;
  weight: number;
}

/** Mutual reachability distances (min_samples counts the point itself), row-major n × n. */
function mutualReachability(distances: Float64Array, n: number, minSamples: number): Float64Array {
  const core = new Float64Array(n);
  const row = new Float64Array(n);
  const rank = Math.min(minSamples, n) - 1;
  for (let i = 0; i < n; i++) {
    row.set(distances.subarray(i * n, i * n + n));
    row.sort();
    core[i] = row[rank];
  }
  const reach = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      reach[i * n + j] = Math.max(distances[i * n + j], core[i], core[j]);
    }
  }
  return reach;
}

/** Prim's algorithm from point 0; edges in the order added, ties to the lowest index. */
function primTree(weights: Float64Array, n: number): TreeEdge[] {
  const inTree = new Uint8Array(n);
  const best = new Float64Array(n).fill(Infinity);
  const source = new Int32Array(n);
  const edges: TreeEdge[] = [];
  let current = 0;
  for (let step = 0; step < n - 1; step++) {
    inTree[current] = 1;
    for (let j = 0; j < n; j++) {
      const weight = weights[current * n + j];
      if (!inTree[j] && weight < best[j]) {
        best[j] = weight;
        source[j] = current;
      }
    }
    let next = -1;
    let smallest = Infinity;
    for (let j = 0; j < n; j++) {
      if (!inTree[j] && (next === -1 || best[j] < smallest)) {
        next = j;
        smallest = best[j];
      }
    }
    current = next;
    edges.push({ a: source[current], b: current, weight: best[current] });
  }
  return edges;
}

/** Single-linkage merges: node n + s joins `left` and `right` at `distance`. */
interface Merge {
  left: number;
  right: number;
  distance: number;
  size: number;
}

function singleLinkage(edges: TreeEdge[], n: number): Merge[] {
  const sorted = [...edges].sort((first, second) => first.weight - second.weight);
  const parent = Int32Array.from({ length: 2 * n - 1 }, (_, i) => i);
  const size = new Int32Array(2 * n - 1);
  size.fill(1, 0, n);
  const find = (node: number): number => {
    while (parent[node] !== node) {
      parent[node] = parent[parent[node]];
      node = parent[node];
    }
    return node;
  };
  return sorted.map((edge, step) => {
    const left = find(edge.a);
    const right = find(edge.b);
    const node = n + step;
    parent[left] = parent[right] = node;
    size[node] = size[left] + size[right];
    return { left, right, distance: edge.weight, size: size[node] };
  });
}

/** Row of the condensed tree: `child` is a cluster id or a point index, `lambda` = 1 / distance. */
interface CondensedRow {
  parent: number;
  child: number;
  isCluster: boolean;
  lambda: number;
  size: number;
}

function condense(merges: Merge[], n: number, minClusterSize: number): CondensedRow[] {
  const sizeOf = (node: number): number => (node < n ? 1 : merges[node - n].size);
  const leaves = (node: number): number[] => {
    const stack = [node];
    const found: number[] = [];
    while (stack.length > 0) {
      const current = stack.pop() as number;
      if (current < n) found.push(current);
      else stack.push(merges[current - n].left, merges[current - n].right);
    }
    return found;
  };
  const root = 2 * n - 2;
  const clusterOf = new Map<number, number>([[root, 0]]);
  let nextCluster = 1;
  const rows: CondensedRow[] = [];
  const queue = [root];
  for (let head = 0; head < queue.length; head++) {
    const node = queue[head];
    if (node < n) continue;
    const { left, right, distance } = merges[node - n];
    const lambda = distance === 0 ? Infinity : 1 / distance;
    const parent = clusterOf.get(node) as number;
    const bigLeft = sizeOf(left) >= minClusterSize;
    const bigRight = sizeOf(right) >= minClusterSize;
    if (bigLeft && bigRight) {
      for (const child of [left, right]) {
        clusterOf.set(child, nextCluster);
        rows.push({ parent, child: nextCluster, isCluster: true, lambda, size: sizeOf(child) });
        nextCluster++;
        queue.push(child);
      }
    } else {
      for (const [child, big] of [
        [left, bigLeft],
        [right, bigRight],
      ] as const) {
        if (big) {
          clusterOf.set(child, parent);
          queue.push(child);
        } else {
          for (const point of leaves(child)) {
            rows.push({ parent, child: point, isCluster: false, lambda, size: 1 });
          }
        }
      }
    }
  }
  return rows;
}

/** Clusters chosen by excess of mass; the root is never chosen; a parent wins ties. */
function selectByStability(rows: CondensedRow[]): Set<number> {
  const birth = new Map<number, number>([[0, 0]]);
  for (const row of rows) if (row.isCluster) birth.set(row.child, row.lambda);
  const stability = new Map<number, number>([...birth.keys()].map((cluster) => [cluster, 0]));
  const children = new Map<number, number[]>([...birth.keys()].map((cluster) => [cluster, []]));
  for (const row of rows) {
    stability.set(
      row.parent,
      (stability.get(row.parent) as number) +
        (row.lambda - (birth.get(row.parent) as number)) * row.size,
    );
    if (row.isCluster) children.get(row.parent)?.push(row.child);
  }
  const chosen = new Map<number, boolean>();
  const clusters = [...birth.keys()].sort((first, second) => second - first);
  for (const cluster of clusters) {
    if (cluster === 0) break;
    const below = children.get(cluster) as number[];
    const subtree = below.reduce((sum, child) => sum + (stability.get(child) as number), 0);
    if (subtree > (stability.get(cluster) as number)) {
      chosen.set(cluster, false);
      stability.set(cluster, subtree);
    } else {
      chosen.set(cluster, true);
      const stack = [...below];
      while (stack.length > 0) {
        const descendant = stack.pop() as number;
        chosen.set(descendant, false);
        stack.push(...(children.get(descendant) as number[]));
      }
    }
  }
  return new Set([...chosen].filter(([, isChosen]) => isChosen).map(([cluster]) => cluster));
}

function labelPoints(rows: CondensedRow[], selected: Set<number>, n: number): Int32Array {
  const parentOf = new Map<number, number>();
  for (const row of rows) if (row.isCluster) parentOf.set(row.child, row.parent);
  const labelOf = new Map(
    [...selected].sort((first, second) => first - second).map((cluster, index) => [cluster, index]),
  );
  const labels = new Int32Array(n).fill(-1);
  for (const row of rows) {
    if (row.isCluster) continue;
    let cluster: number | undefined = row.parent;
    while (cluster !== undefined && !selected.has(cluster)) cluster = parentOf.get(cluster);
    if (cluster !== undefined) labels[row.child] = labelOf.get(cluster) as number;
  }
  return labels;
}

export interface HdbscanResult {
  labels: Int32Array;
  /** MST edges sorted by weight, for `bestGlobalCut`. */
  sortedEdges: TreeEdge[];
}

/**
 * HDBSCAN* as in McInnes, Healy and Astels (2017): mutual reachability with core distances to
 * the min_samples-th nearest point (itself counted), Prim's MST, single linkage, the tree
 * condensed with min_cluster_size, clusters selected by excess of mass, root excluded.
 */
export function hdbscan(
  distances: Float64Array,
  n: number,
  minClusterSize: number,
  minSamples: number,
): HdbscanResult {
  const edges = primTree(mutualReachability(distances, n, minSamples), n);
  const merges = singleLinkage(edges, n);
  const rows = condense(merges, n, minClusterSize);
  const labels = labelPoints(rows, selectByStability(rows), n);
  return { labels, sortedEdges: [...edges].sort((first, second) => first.weight - second.weight) };
}

/**
 * The best labelling that one global density threshold gives (DBSCAN* at a single level of the
 * HDBSCAN hierarchy): for every distinct MST weight t, the connected components of the edges
 * with weight <= t, components smaller than min_cluster_size as noise. Returns the largest
 * `score` over all levels. O(n²) for n − 1 levels.
 */
export function bestGlobalCut(
  sortedEdges: TreeEdge[],
  n: number,
  minClusterSize: number,
  score: (labels: Int32Array) => number,
): number {
  const parent = Int32Array.from({ length: n }, (_, i) => i);
  const find = (node: number): number => {
    while (parent[node] !== node) {
      parent[node] = parent[parent[node]];
      node = parent[node];
    }
    return node;
  };
  let best = -Infinity;
  const sizes = new Int32Array(n);
  const labels = new Int32Array(n);
  for (let index = 0; index < sortedEdges.length; index++) {
    const edge = sortedEdges[index];
    parent[find(edge.a)] = find(edge.b);
    if (index + 1 < sortedEdges.length && sortedEdges[index + 1].weight === edge.weight) continue;
    sizes.fill(0);
    for (let i = 0; i < n; i++) sizes[find(i)]++;
    for (let i = 0; i < n; i++) {
      const root = find(i);
      labels[i] = sizes[root] >= minClusterSize ? root : -1;
    }
    best = Math.max(best, score(labels));
  }
  return best;
}
