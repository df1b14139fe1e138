import type { ContingencyTable } from './contingency';
import { logGamma } from './log-gamma';

/**
 * Expected mutual information, in nats, of two random labellings with the row and column sums
 * of `table`, under the hypergeometric (permutation) model of Vinh, Epps and Bailey (JMLR 11,
 * 2010). The sum and its log-space factorials follow scikit-learn 1.2.1's
 * `_expected_mutual_info_fast`, so the values agree to rounding.
 *
 * E[MI] = Σ_i Σ_j Σ_{n_ij} (n_ij/N) ln(N n_ij / (a_i b_j)) ·
 *   a_i! b_j! (N−a_i)! (N−b_j)! / (N! n_ij! (a_i−n_ij)! (b_j−n_ij)! (N−a_i−b_j+n_ij)!),
 * with n_ij from max(1, a_i + b_j − N) to min(a_i, b_j). The work is O(Σ_ij min(a_i, b_j)).
 */
export function expectedMutualInfo(table: ContingencyTable): number {
  const a = table.rowSums;
  const b = table.colSums;
  const n = table.n;
  if (a.length <= 1 || b.length <= 1) {
    return 0.0;
  }

  let maxCount = 0;
  for (const count of a) maxCount = Math.max(maxCount, count);
  for (const count of b) maxCount = Math.max(maxCount, count);
  // Tables indexed by n_ij: ln(N·n_ij) and ln(n_ij!) + ln(N!).
  const logNnij = new Float64Array(maxCount + 1);
  const glnNnij = new Float64Array(maxCount + 1);
  const logFactorial = new Float64Array(n + 2);
  for (let value = 2; value <= n + 1; value++) {
    // ln Γ(value) = ln((value − 1)!), exact enough from the series for large values.
    logFactorial[value] = logGamma(value);
  }
  const glnN = logFactorial[n + 1];
  for (let nij = 1; nij <= maxCount; nij++) {
    logNnij[nij] = Math.log(n) + Math.log(nij);
    glnNnij[nij] = logFactorial[nij + 1] + glnN;
  }

  let emi = 0;
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    const logA = Math.log(ai);
    const glnA = logFactorial[ai + 1];
    const glnNa = logFactorial[n - ai + 1];
    for (let j = 0; j < b.length; j++) {
      const bj = b[j];
      const logB = Math.log(bj);
      const glnFixed = glnA + logFactorial[bj + 1] + glnNa + logFactorial[n - bj + 1];
      const start = Math.max(1, ai - n + bj);
      const end = Math.min(ai, bj);
      for (let nij = start; nij <= end; nij++) {
        const term2 = logNnij[nij] - logA - logB;
        const gln =
          glnFixed -
          glnNnij[nij] -
          logFactorial[ai - nij + 1] -
          logFactorial[bj - nij + 1] -
          logFactorial[n - ai - bj + nij + 1];
        emi += (nij / n) * term2 * Math.exp(gln);
      }
    }
  }
  return emi;
}
