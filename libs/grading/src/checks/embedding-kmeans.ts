import { Xoshiro128 } from '@dmlg/datasets';

const RESTARTS = 3;
const MAX_ITERATIONS = 100;

/**
 * Deterministic K-Means (k-means++ seeding, Lloyd iterations, best of 3 restarts by inertia) on
 * embedding rows, for the NMI-of-clustering check of metric-learning assignments. The seed makes
 * the same embeddings cluster the same way on every worker. Returns a label per row.
 */
export function clusterEmbeddings(
  embeddings: Float64Array,
  n: number,
  dim: number,
  k: number,
  seed: number,
): Int32Array {
  const random = new Xoshiro128(seed);
  let best: { labels: Int32Array; inertia: number } | undefined;
  for (let restart = 0; restart < RESTARTS; restart++) {
    const centres = seedCentres(embeddings, n, dim, k, random);
    const labels = new Int32Array(n).fill(-1);
    let inertia = Infinity;
    for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
      let changed = false;
      inertia = 0;
      for (let row = 0; row < n; row++) {
        let nearest = 0;
        let nearestDistance = Infinity;
        for (let centre = 0; centre < k; centre++) {
          const distance = squaredDistance(embeddings, row, centres, centre, dim);
          if (distance < nearestDistance) {
            nearestDistance = distance;
            nearest = centre;
          }
        }
        inertia += nearestDistance;
        if (labels[row] !== nearest) {
          labels[row] = nearest;
          changed = true;
        }
      }
      if (!changed) break;
      const counts = new Float64Array(k);
      const sums = new Float64Array(k * dim);
      for (let row = 0; row < n; row++) {
        counts[labels[row]]++;
        for (let axis = 0; axis < dim; axis++) {
          sums[labels[row] * dim + axis] += embeddings[row * dim + axis];
        }
      }
      for (let centre = 0; centre < k; centre++) {
        // An emptied centre keeps its place; it may win points back in the next pass.
        if (counts[centre] === 0) continue;
        for (let axis = 0; axis < dim; axis++) {
          centres[centre * dim + axis] = sums[centre * dim + axis] / counts[centre];
        }
      }
    }
    if (!best || inertia < best.inertia) best = { labels, inertia };
  }
  return best?.labels ?? new Int32Array(n);
}

/** k-means++ (Arthur and Vassilvitskii, 2007): each next centre drawn with probability ∝ D². */
function seedCentres(
  embeddings: Float64Array,
  n: number,
  dim: number,
  k: number,
  random: Xoshiro128,
): Float64Array {
  const centres = new Float64Array(k * dim);
  const copy = (row: number, centre: number): void =>
    centres.set(embeddings.subarray(row * dim, (row + 1) * dim), centre * dim);
  copy(random.nextInt(n), 0);
  const nearest = new Float64Array(n).fill(Infinity);
  for (let centre = 1; centre < k; centre++) {
    let total = 0;
    for (let row = 0; row < n; row++) {
      nearest[row] = Math.min(
        nearest[row],
        squaredDistance(embeddings, row, centres, centre - 1, dim),
      );
      total += nearest[row];
    }
    let target = random.nextDouble() * total;
    let chosen = n - 1;
    for (let row = 0; row < n; row++) {
      target -= nearest[row];
      if (target < 0) {
        chosen = row;
        break;
      }
    }
    copy(chosen, centre);
  }
  return centres;
}

function squaredDistance(
  points: Float64Array,
  row: number,
  centres: Float64Array,
  centre: number,
  dim: number,
): number {
  let sum = 0;
  for (let axis = 0; axis < dim; axis++) {
    const delta = points[row * dim + axis] - centres[centre * dim + axis];
    sum += delta * delta;
  }
  return sum;
}
