/**
 * The grader's own statement of assignment 6's loss (assignments/06-proxy-nca/README.md), used
 * as the expected values of its unit checks. The reference solution must agree with it: the
 * reference run scores these checks like any submission.
 *
 * With x̂ = x / ‖x‖, p̂_c = p_c / ‖p_c‖ and d_c = ‖x̂ − p̂_c‖² (squared Euclidean distance on the
 * unit sphere), each row i of class y contributes
 *   L_i = s·d_y + log Σ_{z ≠ y} exp(−s·d_z),
 * the positive proxy excluded from the denominator (Movshovitz-Attias et al., ICCV 2017), and
 * L = (1/B) Σ_i L_i.
 */

export interface ProxyNcaExpectation {
  loss: number;
  /** ∂L/∂embeddings, row-major (B, dim). */
  gradEmbeddings: Float64Array;
  /** ∂L/∂proxies, row-major (C, dim), through the normalisation of the proxies. */
  gradProxies: Float64Array;
}

/** As torch.nn.functional.normalize: rows shorter than this are divided by it instead. */
const NORMALIZE_EPS = 1e-12;

function normalizeRows(
  rows: ArrayLike<number>,
  dim: number,
): { unit: Float64Array; norms: number[] } {
  const count = rows.length / dim;
  const unit = new Float64Array(rows.length);
  const norms: number[] = [];
  for (let row = 0; row < count; row++) {
    let squared = 0;
    for (let axis = 0; axis < dim; axis++) squared += rows[row * dim + axis] ** 2;
    const norm = Math.max(Math.sqrt(squared), NORMALIZE_EPS);
    norms.push(norm);
    for (let axis = 0; axis < dim; axis++) unit[row * dim + axis] = rows[row * dim + axis] / norm;
  }
  return { unit, norms };
}

/**
 * Gradient with respect to a row v = u·‖v‖ given the gradient g with respect to its unit
 * vector u: (g − (g·u) u) / ‖v‖, written into `target` at `offset`.
 */
function throughNormalization(
  gradient: Float64Array,
  unit: Float64Array,
  offset: number,
  norm: number,
  dim: number,
  target: Float64Array,
): void {
  let radial = 0;
  for (let axis = 0; axis < dim; axis++) radial += gradient[axis] * unit[offset + axis];
  for (let axis = 0; axis < dim; axis++) {
    target[offset + axis] = (gradient[axis] - radial * unit[offset + axis]) / norm;
  }
}

export function expectedProxyNcaLoss(
  embeddings: ArrayLike<number>,
  labels: ArrayLike<number>,
  proxies: ArrayLike<number>,
  dim: number,
  scale: number,
): ProxyNcaExpectation {
  const batch = labels.length;
  const classes = proxies.length / dim;
  const x = normalizeRows(embeddings, dim);
  const p = normalizeRows(proxies, dim);
  // Gradients with respect to the unit vectors first, then through the normalisation.
  const gradUnitX = new Float64Array(batch * dim);
  const gradUnitP = new Float64Array(classes * dim);
  let total = 0;
  for (let row = 0; row < batch; row++) {
    const label = labels[row];
    if (!Number.isInteger(label) || label < 0 || label >= classes) {
      throw new Error(`label ${label} of row ${row} is not a proxy index in 0..${classes - 1}`);
    }
    const distances = Array.from({ length: classes }, (_, c) => {
      let squared = 0;
      for (let axis = 0; axis < dim; axis++) {
        squared += (x.unit[row * dim + axis] - p.unit[c * dim + axis]) ** 2;
      }
      return squared;
    });
    // log Σ_{z ≠ y} exp(−s·d_z), shifted by its largest term so that nothing underflows.
    let largest = -Infinity;
    for (let c = 0; c < classes; c++)
      if (c !== label) largest = Math.max(largest, -scale * distances[c]);
    let sum = 0;
    const weights = distances.map((distance, c) =>
      c === label ? 0 : Math.exp(-scale * distance - largest),
    );
    for (const weight of weights) sum += weight;
    total += scale * distances[label] + largest + Math.log(sum);
    // ∂L_i/∂d_y = s and ∂L_i/∂d_z = −s·w_z (w the softmax over the negatives); with
    // ∂d_c/∂x̂ = 2 (x̂ − p̂_c) and ∂d_c/∂p̂_c = −2 (x̂ − p̂_c).
    for (let c = 0; c < classes; c++) {
      const coefficient = (c === label ? scale : (-scale * weights[c]) / sum) / batch;
      if (coefficient === 0) continue;
      for (let axis = 0; axis < dim; axis++) {
        const difference = x.unit[row * dim + axis] - p.unit[c * dim + axis];
        gradUnitX[row * dim + axis] += 2 * coefficient * difference;
        gradUnitP[c * dim + axis] -= 2 * coefficient * difference;
      }
    }
  }
  const gradEmbeddings = new Float64Array(batch * dim);
  const gradProxies = new Float64Array(classes * dim);
  for (let row = 0; row < batch; row++) {
    const offset = row * dim;
    const gradient = gradUnitX.subarray(offset, offset + dim);
    throughNormalization(gradient, x.unit, offset, x.norms[row], dim, gradEmbeddings);
  }
  for (let c = 0; c < classes; c++) {
    const offset = c * dim;
    const gradient = gradUnitP.subarray(offset, offset + dim);
    throughNormalization(gradient, p.unit, offset, p.norms[c], dim, gradProxies);
  }
  return { loss: batch === 0 ? 0 : total / batch, gradEmbeddings, gradProxies };
}
