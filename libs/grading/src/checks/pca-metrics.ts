import type { Dataset } from '@dmlg/datasets';
import type { CheckMetric, MetricContext } from './check-metric';
import {
  principalAnglesDegrees,
  principalComponents,
  type PrincipalComponents,
} from './linear-algebra';

/**
 * Check metrics of PCA (assignment 1). Each compares the student's outputs of one task with PCA
 * computed here from the same data (eigenvectors of the covariance, `principalComponents`), so
 * nothing of the reference solution's output needs to be stored besides its metric values.
 */

const cache = new WeakMap<Dataset, Map<number, PrincipalComponents>>();

/** PCA of the task's data with the task's n_components, computed once per data set and k. */
function truePca(context: Omit<MetricContext, 'outputs'>): PrincipalComponents {
  const k = componentCount(context);
  const perK = cache.get(context.dataset) ?? new Map<number, PrincipalComponents>();
  cache.set(context.dataset, perK);
  let pca = perK.get(k);
  if (!pca) {
    pca = principalComponents(context.dataset.X, context.dataset.n, context.dataset.d, k);
    perK.set(k, pca);
  }
  return pca;
}

function componentCount(context: Omit<MetricContext, 'outputs'>): number {
  const k = context.task.call.init.n_components;
  if (typeof k !== 'number' || !Number.isInteger(k) || k < 1 || k > context.dataset.d) {
    throw new Error(
      `task ${context.task.id}: call.init.n_components must be an integer in [1, ${context.dataset.d}], got ${String(k)}`,
    );
  }
  return k;
}

function output(context: MetricContext, name: string): Float64Array {
  const array = context.outputs.get(name);
  if (!array) throw new Error(`task ${context.task.id} has no ${name} output`);
  return array.data;
}

export const pcaSubspaceAngleMetric: CheckMetric = {
  name: 'pca-subspace-angle',
  label: { en: 'largest principal angle (degrees)', lv: 'lielākais galvenais leņķis (grādos)' },
  higherIsBetter: false,
  baselineLabel: { en: 'an orthogonal subspace', lv: 'ortogonāla apakštelpa' },
  requires: ['components_'],
  // Principal angles ignore the sign and the length of each row, so they judge only the
  // subspace; signs and lengths have checks of their own.
  measure: (context) => {
    const k = componentCount(context);
    const angles = principalAnglesDegrees(
      output(context, 'components_'),
      k,
      truePca(context).components,
      k,
      context.dataset.d,
    );
    return angles[angles.length - 1];
  },
  baseline: () => 90,
  advice: {
    en: 'Your components_ span a different subspace than the principal components, by principal angles of up to the value shown. The usual cause is PCA on uncentred data: subtract mean_ (the column means of X) before the SVD or the covariance. Also check that you keep the rows of Vt (or the eigenvectors of the largest eigenvalues), not the columns.',
    lv: 'Jūsu components_ aptver citu apakštelpu nekā galvenās komponentes; galvenie leņķi sasniedz parādīto vērtību. Biežākais iemesls ir PCA uz necentrētiem datiem: pirms SVD vai kovariācijas aprēķina atņemiet mean_ (X kolonnu vidējās vērtības). Pārbaudiet arī, vai ņemat Vt rindas (vai lielāko īpašvērtību īpašvektorus), nevis kolonnas.',
  },
};

export const pcaOrthonormalityMetric: CheckMetric = {
  name: 'pca-orthonormality',
  label: {
    en: 'largest entry of |components_ components_ᵀ − I|',
    lv: 'lielākais |components_ components_ᵀ − I| elements',
  },
  higherIsBetter: false,
  baselineLabel: { en: 'rows of length 0 or √2', lv: 'rindas ar garumu 0 vai √2' },
  requires: ['components_'],
  measure: (context) => {
    const k = componentCount(context);
    const d = context.dataset.d;
    const C = output(context, 'components_');
    let worst = 0;
    for (let i = 0; i < k; i++) {
      for (let j = i; j < k; j++) {
        let dot = 0;
        for (let l = 0; l < d; l++) dot += C[i * d + l] * C[j * d + l];
        worst = Math.max(worst, Math.abs(dot - (i === j ? 1 : 0)));
      }
    }
    return worst;
  },
  baseline: () => 1,
  advice: {
    en: 'The rows of components_ must be orthonormal: unit length and at right angles. Do not scale them by the singular values or the variances; rows of Vt from np.linalg.svd are already unit vectors, and eigenvectors from np.linalg.eigh are columns.',
    lv: 'components_ rindām jābūt ortonormētām: vienības garuma un savstarpēji perpendikulārām. Nereiziniet tās ar singulārajām vērtībām vai dispersijām; np.linalg.svd dotās Vt rindas jau ir vienības vektori, bet np.linalg.eigh īpašvektori ir kolonnas.',
  },
};

export const pcaExplainedVarianceMetric: CheckMetric = {
  name: 'pca-explained-variance',
  label: {
    en: 'explained variance ratio error (sum of |differences|)',
    lv: 'izskaidrotās dispersijas attiecības kļūda (|starpību| summa)',
  },
  higherIsBetter: false,
  baselineLabel: { en: 'equal ratios 1/d', lv: 'vienādas attiecības 1/d' },
  requires: ['explained_variance_ratio_'],
  measure: (context) => {
    const pca = truePca(context);
    const ratios = output(context, 'explained_variance_ratio_');
    return Array.from(pca.variances).reduce(
      (sum, variance, index) => sum + Math.abs(ratios[index] - variance / pca.totalVariance),
      0,
    );
  },
  baseline: (context) => {
    const pca = truePca(context);
    const equal = 1 / context.dataset.d;
    return Array.from(pca.variances).reduce(
      (sum, variance) => sum + Math.abs(equal - variance / pca.totalVariance),
      0,
    );
  },
  advice: {
    en: 'explained_variance_ratio_[i] must be the variance along component i divided by the total variance of all features of the centred data (the sum of all squared singular values, not only the first n_components), in decreasing order.',
    lv: 'explained_variance_ratio_[i] jābūt dispersijai pa komponenti i, dalītai ar centrēto datu visu pazīmju kopējo dispersiju (visu singulāro vērtību kvadrātu summu, ne tikai pirmo n_components), dilstošā secībā.',
  },
};

export const pcaReconstructionMetric: CheckMetric = {
  name: 'pca-reconstruction',
  label: {
    en: 'mean squared reconstruction error per sample',
    lv: 'vidējā kvadrātiskā rekonstrukcijas kļūda uz paraugu',
  },
  higherIsBetter: false,
  baselineLabel: { en: 'the mean alone', lv: 'tikai vidējais' },
  requires: ['X_reconstructed'],
  measure: (context) => {
    const { X, n } = context.dataset;
    const reconstructed = output(context, 'X_reconstructed');
    let total = 0;
    for (let i = 0; i < X.length; i++) total += (X[i] - reconstructed[i]) ** 2;
    return total / n;
  },
  // Reconstructing every sample by the mean leaves all variance: trace(cov) · (n − 1) / n.
  baseline: (context) => {
    const { n } = context.dataset;
    return (truePca(context).totalVariance * (n - 1)) / n;
  },
  advice: {
    en: 'inverse_transform(transform(X)) is far from X. transform must compute (X − mean_) @ components_.T and inverse_transform Z @ components_ + mean_, with the same mean_ and unit-length components_.',
    lv: 'inverse_transform(transform(X)) ir tālu no X. transform jāaprēķina (X − mean_) @ components_.T, bet inverse_transform — Z @ components_ + mean_, ar to pašu mean_ un vienības garuma components_.',
  },
};
