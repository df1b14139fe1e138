/**
 * ln Γ(x) for x ≥ 1 in float64, for the factorials of the expected mutual information.
 * Below 10 the recurrence Γ(x) = Γ(x + 1) / x shifts the argument up; from 10 on, the Stirling
 * series with terms to x^-11 is accurate to about 1e-16 relative (Abramowitz and Stegun 6.1.41).
 */
export function logGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= Math.log(x);
    x += 1;
  }
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  const series =
    inverse *
    (1 / 12 +
      inverseSquared *
        (-1 / 360 +
          inverseSquared *
            (1 / 1260 +
              inverseSquared *
                (-1 / 1680 + inverseSquared * (1 / 1188 - inverseSquared * (691 / 360360))))));
  return shift + (x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI) + series;
}
