import type { Dataset } from '../dataset';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';

/** Bump when the generated values change for the same parameters. */
export const BLOBS_VERSION = 'blobs@1';

const PARAM_NAMES = [
  'n_samples',
  'n_features',
  'centers',
  'cluster_std',
  'center_box',
  'anisotropy',
  'seed',
] as const;

/**
 * Largest n_samples × n_features generated (an 800 MB Float64Array). The course's synthetic
 * sets are far smaller; the cap rejects a mistyped size before it exhausts memory.
 */
export const MAX_BLOBS_VALUES = 100_000_000;

/** Validated parameters of `generateBlobs`. */
export interface BlobsParams {
  nSamples: number;
  nFeatures: number;
  centers: number;
  /** Standard deviation of each cluster, one per centre. */
  clusterStd: number[];
  centerBox: number;
  /** Condition number of the shared linear map applied to offsets; 1 means isotropic. */
  anisotropy: number;
  seed: number;
}

/**
 * Validates blobs parameters, given with the snake_case names of the assignment manifests:
 * `n_samples` (integer >= centers), `n_features` (integer >= 1), `centers` (integer >= 1),
 * `cluster_std` (number >= 0, or one per centre), `center_box` (number > 0), `anisotropy`
 * (number >= 1, default 1, and 1 when n_features is 1) and `seed` (integer in [0, 2^32)).
 */
export function parseBlobsParams(raw: Record<string, unknown>): BlobsParams {
  const params = new GeneratorParams('blobs', raw, PARAM_NAMES);
  const centers = params.integer('centers', 1, 1_000_000);
  const nSamples = params.integer('n_samples', centers, MAX_BLOBS_VALUES);
  const nFeatures = params.integer('n_features', 1, MAX_BLOBS_VALUES);
  if (nSamples * nFeatures > MAX_BLOBS_VALUES) {
    throw params.invalid(
      'n_samples × n_features',
      nSamples * nFeatures,
      `at most ${MAX_BLOBS_VALUES}`,
    );
  }
  const clusterStd = params.numberOrArray('cluster_std', centers, 0, 1e6);
  const centerBox = params.number('center_box', Number.MIN_VALUE, 1e6);
  const anisotropy = params.number('anisotropy', 1, 1e6, 1);
  if (nFeatures === 1 && anisotropy !== 1) {
    throw params.invalid(
      'anisotropy',
      anisotropy,
      '1 when n_features is 1, because a 1-d map has condition number 1',
    );
  }
  const seed = params.integer('seed', 0, 0xffffffff);
  return { nSamples, nFeatures, centers, clusterStd, centerBox, anisotropy, seed };
}

/**
 * Generates Gaussian blobs from a seed. Every random number comes from one xoshiro128**
 * stream in this order, so the output is identical on every machine:
 *
 * 1. Centres: `centers` × `n_features` uniforms, each mapped to [-center_box, center_box).
 * 2. When anisotropy > 1: a d × d Gaussian matrix, orthonormalised by modified Gram–Schmidt
 *    into Q. The map is A = Q · diag(s) with s_j = anisotropy^(−j/(d−1)), so its largest
 *    singular value is 1 and its condition number is `anisotropy`. One map is shared by all
 *    clusters and is applied to each point's offset from its centre, not to the whole set, so
 *    the centres stay where step 1 put them and every cluster is the same elongated ellipsoid.
 * 3. Samples, cluster by cluster: offset z ~ N(0, cluster_std² I) by Box–Muller, then
 *    x = centre + A z. Cluster c gets floor(n/k) samples, plus one when c < n mod k.
 * 4. Fisher–Yates shuffle of the rows (X and y together), drawing from the same stream.
 */
export function generateBlobs(id: string, raw: Record<string, unknown>): Dataset {
  const params = parseBlobsParams(raw);
  const { nSamples: n, nFeatures: d, centers: k } = params;
  const random = new Xoshiro128(params.seed);

  const centres = new Float64Array(k * d);
  for (let i = 0; i < centres.length; i++) {
    centres[i] = (2 * random.nextDouble() - 1) * params.centerBox;
  }
  const map = params.anisotropy > 1 ? anisotropicMap(random, d, params.anisotropy) : undefined;

  const X = new Float64Array(n * d);
  const y = new Int32Array(n);
  const base = Math.floor(n / k);
  const remainder = n % k;
  const offset = new Float64Array(d);
  let row = 0;
  for (let c = 0; c < k; c++) {
    const size = base + (c < remainder ? 1 : 0);
    for (let s = 0; s < size; s++, row++) {
      for (let j = 0; j < d; j++) {
        offset[j] = random.nextNormal() * params.clusterStd[c];
      }
      writePoint(X, row, d, centres, c, offset, map);
      y[row] = c;
    }
  }

  shuffleRows(random, X, y, n, d);
  return { id, X, n, d, y, numClasses: k, version: BLOBS_VERSION };
}

function writePoint(
  X: Float64Array,
  row: number,
  d: number,
  centres: Float64Array,
  cluster: number,
  offset: Float64Array,
  map: Float64Array | undefined,
): void {
  for (let i = 0; i < d; i++) {
    let value = offset[i];
    if (map !== undefined) {
      value = 0;
      for (let j = 0; j < d; j++) {
        value += map[i * d + j] * offset[j];
      }
    }
    X[row * d + i] = centres[cluster * d + i] + value;
  }
}

/** Row-major d × d matrix Q · diag(s) with condition number `anisotropy`; see `generateBlobs`. */
function anisotropicMap(random: Xoshiro128, d: number, anisotropy: number): Float64Array {
  // Columns of a Gaussian matrix, orthonormalised in order by modified Gram–Schmidt.
  const columns: Float64Array[] = [];
  for (let j = 0; j < d; j++) {
    const column = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      column[i] = random.nextNormal();
    }
    for (const previous of columns) {
      let dot = 0;
      for (let i = 0; i < d; i++) dot += previous[i] * column[i];
      for (let i = 0; i < d; i++) column[i] -= dot * previous[i];
    }
    let norm = 0;
    for (let i = 0; i < d; i++) norm += column[i] * column[i];
    norm = Math.sqrt(norm);
    // NOTE: a Gaussian matrix is singular with probability 0; this guard only makes that explicit.
    if (norm === 0) {
      throw new Error('blobs: the random matrix for the anisotropic map was singular');
    }
    for (let i = 0; i < d; i++) column[i] /= norm;
    columns.push(column);
  }

  const map = new Float64Array(d * d);
  for (let j = 0; j < d; j++) {
    const scale = Math.pow(anisotropy, -j / (d - 1));
    for (let i = 0; i < d; i++) {
      map[i * d + j] = columns[j][i] * scale;
    }
  }
  return map;
}

function shuffleRows(
  random: Xoshiro128,
  X: Float64Array,
  y: Int32Array,
  n: number,
  d: number,
): void {
  const buffer = new Float64Array(d);
  for (let i = n - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    if (j === i) continue;
    buffer.set(X.subarray(i * d, i * d + d));
    X.copyWithin(i * d, j * d, j * d + d);
    X.set(buffer, j * d);
    const label = y[i];
    y[i] = y[j];
    y[j] = label;
  }
}
