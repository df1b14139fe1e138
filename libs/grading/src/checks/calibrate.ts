/**
 * Maps a measured value to a score in [0, 1]: 0 at the baseline (e.g. random labels), 1 at the
 * reference, linear in between, clamped outside. `tolerance` is the fraction of the
 * baseline-to-reference gap a submission may fall short by and still score 1, because a correct
 * solution with other random draws lands near, not on, the reference value.
 *
 * When the reference is no better than the baseline, the check cannot tell them apart, so any
 * value at least as good as the reference scores 1 and anything worse scores 0.
 */
export function calibrateScore(
  value: number,
  baseline: number,
  reference: number,
  tolerance: number,
  higherIsBetter: boolean,
): number {
  const sign = higherIsBetter ? 1 : -1;
  const gain = sign * (value - baseline);
  const gap = sign * (reference - baseline);
  if (!(gap > 1e-12)) {
    return sign * (value - reference) >= -1e-9 ? 1 : 0;
  }
  const score = gain / (gap * (1 - tolerance));
  return Math.min(1, Math.max(0, score));
}
