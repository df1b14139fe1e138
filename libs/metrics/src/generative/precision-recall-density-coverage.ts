import { describeValue } from '../check-input';
import { MetricInputError } from '../errors';
import { checkMatrix, checkSameColumns, type Matrix } from '../matrix';

const METRIC = 'prdc';

export interface PrecisionRecallDensityCoverage {
  precision: number;
  recall: number;
  density: number;
  coverage: number;
}

/**
 * Precision, recall, density and coverage of generated samples (Naeem et al., ICML 2020), as
 * the authors' `prdc` package computes them.
 *
 * Definition: the radius of a point is the Euclidean distance to its k-th nearest neighbour in
 * its own set, counting the point itself as the 0-th, so duplicates count and a radius can be
 * 0. A point lies inside a ball when its distance is strictly less than the radius.
 * Precision is the share of fakes inside some real ball; recall the share of reals inside some
 * fake ball; density = (1/k)·mean over fakes of the number of real balls containing the fake;
 * coverage the share of reals whose nearest fake lies inside the real's own ball.
 *
 * Conventions: float64 distances from coordinate differences, so points on a ball's boundary
 * are exactly on it.
 *
 * Range: precision, recall and coverage in [0, 1]; density in [0, n_real / k], so it can
 * exceed 1. Best value: 1 for each (density near 1).
 *
 * Edge cases: identical constant sets have every radius 0, so all four are 0.
 *
 * @throws MetricInputError when nearestK is not an integer in [1, min(n_real, n_fake) − 1],
 * the dimensions differ or a value is not finite.
 */
export function precisionRecallDensityCoverage(
  realFeatures: Matrix,
  fakeFeatures: Matrix,
  nearestK = 5,
): PrecisionRecallDensityCoverage {
  const real = checkMatrix(METRIC, 'real_features', realFeatures, 2);
  const fake = checkMatrix(METRIC, 'fake_features', fakeFeatures, 2);
  checkSameColumns(METRIC, ['real_features', real], ['fake_features', fake]);
  const smaller = Math.min(real.rows, fake.rows);
  if (!Number.isSafeInteger(nearestK) || nearestK < 1 || nearestK >= smaller) {
    throw new MetricInputError(
      `${METRIC}: nearest_k must be an integer in [1, ${smaller - 1}] (smaller than each set), got ${describeValue(nearestK)}`,
    );
  }

  const realRadii = kthNeighbourDistances(real, nearestK);
  const fakeRadii = kthNeighbourDistances(fake, nearestK);
  const nearestFake = new Float64Array(real.rows).fill(Infinity);
  const realCovered = new Uint8Array(real.rows);
  let fakesInside = 0;
  let ballsContaining = 0;
  for (let f = 0; f < fake.rows; f++) {
    let inside = 0;
    for (let r = 0; r < real.rows; r++) {
      const distance = euclidean(real, r, fake, f);
      if (distance < realRadii[r]) inside++;
      if (distance < fakeRadii[f]) realCovered[r] = 1;
      if (distance < nearestFake[r]) nearestFake[r] = distance;
    }
    if (inside > 0) fakesInside++;
    ballsContaining += inside;
  }

  let recalled = 0;
  let covered = 0;
  for (let r = 0; r < real.rows; r++) {
    recalled += realCovered[r];
    if (nearestFake[r] < realRadii[r]) covered++;
  }
  return {
    precision: fakesInside / fake.rows,
    recall: recalled / real.rows,
    density: ballsContaining / nearestK / fake.rows,
    coverage: covered / real.rows,
  };
}

/** Distance of each row to its k-th nearest row in the same set, the row itself being 0-th. */
function kthNeighbourDistances(set: Matrix, k: number): Float64Array {
  const radii = new Float64Array(set.rows);
  const distances = new Float64Array(set.rows);
  for (let i = 0; i < set.rows; i++) {
    for (let j = 0; j < set.rows; j++) distances[j] = euclidean(set, i, set, j);
    radii[i] = distances.slice().sort()[k];
  }
  return radii;
}

function euclidean(a: Matrix, i: number, b: Matrix, j: number): number {
  const d = a.cols;
  let squared = 0;
  for (let p = 0; p < d; p++) squared += (a.data[i * d + p] - b.data[j * d + p]) ** 2;
  return Math.sqrt(squared);
}
