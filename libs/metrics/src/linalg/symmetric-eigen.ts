/**
 * Eigenvalues (and optionally eigenvectors) of a real symmetric matrix in float64: Householder
 * reduction to tridiagonal form followed by the implicit QL method, the EISPACK tred2/tql2
 * pair as the public-domain JAMA library gives it (Wilkinson and Reinsch, Handbook for
 * Automatic Computation II, 1971). The work is O(n^3) and the eigenvalues are accurate to about
 * n·2^-52·‖A‖ in absolute terms.
 *
 * JAMA indexes the working matrix V[row][col] and walks its columns. Here it is kept transposed
 * (`w[col * n + row]`), so that the O(n^3) loops run over contiguous memory. The input is
 * symmetric, so its transpose is itself.
 */
export interface SymmetricEigen {
  /** Eigenvalues in ascending order. */
  values: Float64Array;
  /** Row i (length n, row-major n×n) is the unit eigenvector of values[i]; absent unless requested. */
  vectors?: Float64Array;
}

/**
 * Decomposes the symmetric n×n row-major matrix `a` (only its symmetric part is meaningful;
 * the caller guarantees symmetry). `a` is not modified.
 */
export function symmetricEigen(a: Float64Array, n: number, wantVectors = false): SymmetricEigen {
  const w = Float64Array.from(a);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n === 0) {
    return { values: d, vectors: wantVectors ? w : undefined };
  }
  tridiagonalize(w, d, e, n, wantVectors);
  diagonalize(w, d, e, n, wantVectors);

  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y]);
  const values = Float64Array.from(order, (i) => d[i]);
  if (!wantVectors) {
    return { values };
  }
  const vectors = new Float64Array(n * n);
  order.forEach((source, target) => {
    vectors.set(w.subarray(source * n, source * n + n), target * n);
  });
  return { values, vectors };
}

/**
 * Eigenvalues, ascending, of the symmetric tridiagonal matrix with diagonal `diagonal` and
 * `offDiagonal[i]` coupling rows i − 1 and i (offDiagonal[0] is ignored), by the implicit QL
 * iterations of tql2 without vectors: O(n²) work. Both arrays are overwritten.
 */
export function tridiagonalEigenvalues(
  diagonal: Float64Array,
  offDiagonal: Float64Array,
): Float64Array {
  const n = diagonal.length;
  if (n === 0) return diagonal;
  offDiagonal[0] = 0;
  diagonalize(new Float64Array(0), diagonal, offDiagonal, n, false);
  return diagonal.sort();
}

/** tred2: on return d is the diagonal and e[1..n-1] the sub-diagonal of the tridiagonal form. */
function tridiagonalize(
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  n: number,
  wantVectors: boolean,
): void {
  // V[r][c] is w[c * n + r].
  for (let j = 0; j < n; j++) d[j] = w[j * n + n - 1];

  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = w[j * n + i - 1];
        w[j * n + i] = 0;
        w[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h -= f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;

      // Similarity transformation of the remaining columns.
      for (let j = 0; j < i; j++) {
        f = d[j];
        w[i * n + j] = f;
        const colJ = j * n;
        // g sums in four interleaved partial sums: one running sum waits a full
        // floating-point add latency per element, which made this loop twice as slow.
        let g0 = 0;
        let g1 = 0;
        let g2 = 0;
        let g3 = 0;
        let k = j + 1;
        for (; k + 3 <= i - 1; k += 4) {
          const v0 = w[colJ + k];
          const v1 = w[colJ + k + 1];
          const v2 = w[colJ + k + 2];
          const v3 = w[colJ + k + 3];
          g0 += v0 * d[k];
          g1 += v1 * d[k + 1];
          g2 += v2 * d[k + 2];
          g3 += v3 * d[k + 3];
          e[k] += v0 * f;
          e[k + 1] += v1 * f;
          e[k + 2] += v2 * f;
          e[k + 3] += v3 * f;
        }
        for (; k <= i - 1; k++) {
          const v = w[colJ + k];
          g0 += v * d[k];
          e[k] += v * f;
        }
        e[j] = e[j] + w[colJ + j] * f + (g0 + g1 + (g2 + g3));
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const colJ = j * n;
        for (let k = j; k <= i - 1; k++) w[colJ + k] -= f * e[k] + g * d[k];
        d[j] = w[colJ + i - 1];
        w[colJ + i] = 0;
      }
    }
    d[i] = h;
  }

  if (!wantVectors) {
    for (let j = 0; j < n; j++) d[j] = w[j * n + j];
    e[0] = 0;
    return;
  }

  // Accumulate the Householder transformations into V.
  for (let i = 0; i < n - 1; i++) {
    w[i * n + n - 1] = w[i * n + i];
    w[i * n + i] = 1;
    const h = d[i + 1];
    const colNext = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = w[colNext + k] / h;
      for (let j = 0; j <= i; j++) {
        const colJ = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += w[colNext + k] * w[colJ + k];
        for (let k = 0; k <= i; k++) w[colJ + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) w[colNext + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = w[j * n + n - 1];
    w[j * n + n - 1] = 0;
  }
  w[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

/** Squares below this and above its inverse may overflow or underflow: 2^±500. */
const HYPOT_SAFE_MAX = 2 ** 500;
const HYPOT_SAFE_MIN = 2 ** -500;

/**
 * Returns √(a² + b²) without overflow or underflow. Inside [2^-500, 2^500] it uses the plain
 * formula, which V8 runs several times faster than `Math.hypot`. That call, one per rotation,
 * took most of the QL time at order 2048. Outside the range it defers to `Math.hypot`.
 */
function hypot(a: number, b: number): number {
  const largest = Math.max(Math.abs(a), Math.abs(b));
  if (largest < HYPOT_SAFE_MAX && largest > HYPOT_SAFE_MIN) return Math.sqrt(a * a + b * b);
  return Math.hypot(a, b);
}

/** tql2: implicit QL iterations on the tridiagonal form; d receives the eigenvalues. */
function diagonalize(
  w: Float64Array,
  d: Float64Array,
  e: Float64Array,
  n: number,
  wantVectors: boolean,
): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;

  let f = 0;
  let tst1 = 0;
  const eps = 2 ** -52;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iterations = 0;
      do {
        iterations++;
        if (iterations > 60) {
          throw new Error(`symmetricEigen: QL iteration did not converge for eigenvalue ${l}`);
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;

        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (wantVectors) {
            const rowI = i * n;
            const rowNext = rowI + n;
            for (let k = 0; k < n; k++) {
              const vNext = w[rowNext + k];
              const vI = w[rowI + k];
              w[rowNext + k] = s * vI + c * vNext;
              w[rowI + k] = c * vI - s * vNext;
            }
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}
