import { adjustedRandIndex, normalizedMutualInfo } from '@dmlg/metrics';
import type { Dataset } from '@dmlg/datasets';
import type { CheckMetric, MetricContext } from './check-metric';
import {
  bestGlobalCut,
  dbscan,
  hdbscan,
  pairwiseDistances,
  type DbscanResult,
} from './density-reference';
import { meanOverRandomLabels } from './random-labels';

/**
 * Check metrics of DBSCAN and HDBSCAN (assignment 3).
 *
 * Noise: the label −1 is not a cluster. Before ARI or NMI, every point a method labels −1 becomes
 * a cluster of its own, so calling a whole cluster noise costs as much as splitting it into
 * single points, and two methods agree on noise only point by point.
 *
 * Agreement with the reference: the reference labels are recomputed here by
 * `density-reference.ts`, a step-for-step TypeScript copy of the reference solution, from the
 * task's data and init arguments, so only the reference's metric values are stored.
 */

const BASELINE_DRAWS = 3;
const RANDOM_LABELS = { en: 'random labels', lv: 'nejaušas iezīmes' };

/** Labels with each −1 replaced by a fresh label of its own. */
export function noiseAsSingletons(labels: ArrayLike<number>): Int32Array {
  let next = 0;
  for (let i = 0; i < labels.length; i++) next = Math.max(next, labels[i] + 1);
  return Int32Array.from({ length: labels.length }, (_, i) => (labels[i] < 0 ? next++ : labels[i]));
}

function labelsOf(context: MetricContext): Float64Array {
  const labels = context.outputs.get('labels_');
  if (!labels) throw new Error(`task ${context.task.id} has no labels_ output`);
  return labels.data;
}

function numberArgument(
  context: Omit<MetricContext, 'outputs'>,
  name: string,
  fallback?: number,
): number {
  const value = context.task.call.init[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new Error(
      `task ${context.task.id}: call.init.${name} must be a positive number, got ${String(value)}`,
    );
  }
  return value;
}

/** Per data set: pairwise distances and reference results by their arguments. */
const cache = new WeakMap<Dataset, Map<string, unknown>>();

function cached<T>(dataset: Dataset, key: string, compute: () => T): T {
  const entries = cache.get(dataset) ?? new Map<string, unknown>();
  cache.set(dataset, entries);
  if (!entries.has(key)) entries.set(key, compute());
  return entries.get(key) as T;
}

function distancesOf(dataset: Dataset): Float64Array {
  return cached(dataset, 'distances', () => pairwiseDistances(dataset.X, dataset.n, dataset.d));
}

function referenceDbscan(context: Omit<MetricContext, 'outputs'>): DbscanResult {
  const eps = numberArgument(context, 'eps');
  const minSamples = numberArgument(context, 'min_samples');
  return cached(context.dataset, `dbscan:${eps}:${minSamples}`, () =>
    dbscan(distancesOf(context.dataset), context.dataset.n, eps, minSamples),
  );
}

function referenceHdbscan(context: Omit<MetricContext, 'outputs'>): ReturnType<typeof hdbscan> {
  const minClusterSize = numberArgument(context, 'min_cluster_size');
  const minSamples = numberArgument(context, 'min_samples', minClusterSize);
  return cached(context.dataset, `hdbscan:${minClusterSize}:${minSamples}`, () =>
    hdbscan(distancesOf(context.dataset), context.dataset.n, minClusterSize, minSamples),
  );
}

function randomBaseline(
  context: Omit<MetricContext, 'outputs'>,
  score: (labels: Int32Array) => number,
): number {
  return meanOverRandomLabels(
    context.dataset.n,
    context.dataset.numClasses,
    context.task.id,
    BASELINE_DRAWS,
    score,
  );
}

const TRUTH_ADVICE = {
  en: 'The clusters match the true groups little better than random labels. Check the distance (Euclidean, not squared, compared with <= eps), that a point counts itself among its neighbours for min_samples, that noise is labelled -1 and that labels_ follows the row order of X.',
  lv: 'Klasteri sakrīt ar patiesajām grupām maz labāk nekā nejaušas iezīmes. Pārbaudiet attālumu (eiklīda, nevis kvadrātā, salīdzināts ar <= eps), vai punkts min_samples skaitīšanā ir pats savs kaimiņš, vai troksnis apzīmēts ar -1 un vai labels_ seko X rindu secībai.',
};

export const densityAriMetric: CheckMetric = {
  name: 'density-ari',
  label: { en: 'ARI (noise as single points)', lv: 'ARI (troksnis kā atsevišķi punkti)' },
  higherIsBetter: true,
  baselineLabel: RANDOM_LABELS,
  requires: ['labels_'],
  measure: (context) => adjustedRandIndex(context.dataset.y, noiseAsSingletons(labelsOf(context))),
  baseline: (context) =>
    randomBaseline(context, (labels) => adjustedRandIndex(context.dataset.y, labels)),
  advice: TRUTH_ADVICE,
};

export const densityNmiMetric: CheckMetric = {
  name: 'density-nmi',
  label: { en: 'NMI (noise as single points)', lv: 'NMI (troksnis kā atsevišķi punkti)' },
  higherIsBetter: true,
  baselineLabel: RANDOM_LABELS,
  requires: ['labels_'],
  measure: (context) =>
    normalizedMutualInfo(context.dataset.y, noiseAsSingletons(labelsOf(context))),
  baseline: (context) =>
    randomBaseline(context, (labels) => normalizedMutualInfo(context.dataset.y, labels)),
  advice: TRUTH_ADVICE,
};

/**
 * Fraction of the reference's DBSCAN clusters that the submission reproduces exactly, out of
 * max(reference clusters, submitted clusters). Reference cluster c with core points K is
 * reproduced by a submitted label L >= 0 when
 *
 * 1. every point of K has label L, and no other core point does;
 * 2. every other point labelled L is a border point with a core neighbour in K (so no point the
 *    reference leaves as noise, and no point reachable only through non-core points);
 * 3. every border point whose core neighbours all lie in K has label L.
 *
 * A border point within eps of core points of several clusters may carry any of their labels:
 * which one it gets depends on the order clusters are found, and the task text leaves it open.
 */
export function exactDbscanClusters(
  reference: DbscanResult,
  distances: Float64Array,
  n: number,
  eps: number,
  submitted: ArrayLike<number>,
): number {
  const clusters = Math.max(0, ...reference.labels) + 1;
  // Reference clusters each non-core point may join: those of its core neighbours.
  const allowed: Set<number>[] = Array.from({ length: n }, () => new Set<number>());
  for (let p = 0; p < n; p++) {
    if (reference.core[p]) continue;
    for (let q = 0; q < n; q++) {
      if (reference.core[q] && distances[p * n + q] <= eps) allowed[p].add(reference.labels[q]);
    }
  }
  const submittedClusters = new Set<number>();
  for (let p = 0; p < n; p++) if (submitted[p] >= 0) submittedClusters.add(submitted[p]);
  const hasCore = reference.labels.some((_, p) => reference.core[p] === 1);
  if (!hasCore) return submittedClusters.size === 0 ? 1 : 0;

  let reproduced = 0;
  for (let c = 0; c < clusters; c++) {
    let label: number | undefined;
    let ok = true;
    for (let p = 0; p < n && ok; p++) {
      if (reference.core[p] && reference.labels[p] === c) {
        if (label === undefined) label = submitted[p];
        ok = submitted[p] === label && label >= 0;
      }
    }
    for (let p = 0; p < n && ok && label !== undefined; p++) {
      const isMember = submitted[p] === label;
      if (reference.core[p]) ok = isMember === (reference.labels[p] === c);
      else if (isMember) ok = allowed[p].has(c);
      else ok = !(allowed[p].size === 1 && allowed[p].has(c));
    }
    if (ok && label !== undefined) reproduced++;
  }
  return reproduced / Math.max(clusters, submittedClusters.size);
}

export const dbscanExactClustersMetric: CheckMetric = {
  name: 'dbscan-exact-clusters',
  label: {
    en: 'fraction of reference clusters reproduced exactly',
    lv: 'precīzi atveidoto atsauces klasteru daļa',
  },
  higherIsBetter: true,
  baselineLabel: { en: 'all points noise', lv: 'visi punkti troksnis' },
  requires: ['labels_'],
  measure: (context) =>
    exactDbscanClusters(
      referenceDbscan(context),
      distancesOf(context.dataset),
      context.dataset.n,
      numberArgument(context, 'eps'),
      labelsOf(context),
    ),
  baseline: () => 0,
  advice: {
    en: 'A cluster counts as reproduced when it holds exactly the reference core points and their border points, and no point the reference labels noise. Check that (1) a core point has at least min_samples points within eps, itself included; (2) only core points expand a cluster: a border point (not core, but within eps of a core point) joins the cluster, but its own neighbours are not added, otherwise clusters leak through non-core points into noise and into each other; (3) the core point that starts a cluster gets the cluster label too, not -1.',
    lv: 'Klasteris skaitās atveidots, ja tajā ir tieši atsauces kodola punkti un to robežpunkti un neviens punkts, ko atsauce apzīmē kā troksni. Pārbaudiet, vai (1) kodola punktam eps attālumā ir vismaz min_samples punkti, ieskaitot to pašu; (2) klasteri paplašina tikai kodola punkti: robežpunkts (nav kodola punkts, bet atrodas eps attālumā no kodola punkta) pievienojas klasterim, bet tā kaimiņi netiek pievienoti, citādi klasteri caur ne-kodola punktiem ieplūst troksnī un cits citā; (3) kodola punkts, no kura klasteris sākas, arī saņem klastera iezīmi, nevis -1.',
  },
};

const GLOBAL_CUT = { en: 'best single density cut', lv: 'labākais vienotais blīvuma griezums' };

const HDBSCAN_ADVICE = {
  en: 'Your clusters are no better than what one global density threshold (a single cut of the hierarchy, like DBSCAN with the best eps) can give, so a dense cluster is merged with its neighbour or a sparse cluster is lost to noise. Select clusters from the condensed tree by stability (excess of mass): compute each cluster’s stability, sum (lambda_p − lambda_birth) over its points, and keep a cluster when it is at least as stable as its selected children together.',
  lv: 'Jūsu klasteri nav labāki par to, ko dod viens globāls blīvuma slieksnis (viens hierarhijas griezums, kā DBSCAN ar labāko eps), tāpēc blīvs klasteris saplūst ar kaimiņu vai rets klasteris pazūd troksnī. Izvēlieties klasterus no kondensētā koka pēc stabilitātes (masas pārpalikuma): aprēķiniet katra klastera stabilitāti, summu (lambda_p − lambda_birth) pa tā punktiem, un paturiet klasteri, ja tas ir vismaz tikpat stabils kā tā izvēlētie bērni kopā.',
};

function globalCutBaseline(
  context: Omit<MetricContext, 'outputs'>,
  score: (labels: Int32Array) => number,
  name: string,
): number {
  const minClusterSize = numberArgument(context, 'min_cluster_size');
  return cached(
    context.dataset,
    `cut:${name}:${minClusterSize}:${JSON.stringify(context.task.call.init)}`,
    () =>
      bestGlobalCut(
        referenceHdbscan(context).sortedEdges,
        context.dataset.n,
        minClusterSize,
        (labels) => score(noiseAsSingletons(labels)),
      ),
  );
}

export const hdbscanAriMetric: CheckMetric = {
  name: 'hdbscan-ari',
  label: { en: 'ARI (noise as single points)', lv: 'ARI (troksnis kā atsevišķi punkti)' },
  higherIsBetter: true,
  baselineLabel: GLOBAL_CUT,
  requires: ['labels_'],
  measure: (context) => adjustedRandIndex(context.dataset.y, noiseAsSingletons(labelsOf(context))),
  baseline: (context) =>
    globalCutBaseline(context, (labels) => adjustedRandIndex(context.dataset.y, labels), 'ari'),
  advice: HDBSCAN_ADVICE,
};

export const hdbscanNmiMetric: CheckMetric = {
  name: 'hdbscan-nmi',
  label: { en: 'NMI (noise as single points)', lv: 'NMI (troksnis kā atsevišķi punkti)' },
  higherIsBetter: true,
  baselineLabel: GLOBAL_CUT,
  requires: ['labels_'],
  measure: (context) =>
    normalizedMutualInfo(context.dataset.y, noiseAsSingletons(labelsOf(context))),
  baseline: (context) =>
    globalCutBaseline(context, (labels) => normalizedMutualInfo(context.dataset.y, labels), 'nmi'),
  advice: HDBSCAN_ADVICE,
};

export const hdbscanAgreementMetric: CheckMetric = {
  name: 'hdbscan-agreement',
  label: {
    en: 'ARI with the reference labels (noise as single points)',
    lv: 'ARI ar atsauces iezīmēm (troksnis kā atsevišķi punkti)',
  },
  higherIsBetter: true,
  baselineLabel: RANDOM_LABELS,
  requires: ['labels_'],
  measure: (context) =>
    adjustedRandIndex(
      noiseAsSingletons(referenceHdbscan(context).labels),
      noiseAsSingletons(labelsOf(context)),
    ),
  baseline: (context) =>
    randomBaseline(context, (labels) =>
      adjustedRandIndex(noiseAsSingletons(referenceHdbscan(context).labels), labels),
    ),
  advice: {
    en: 'Your labels differ from the reference HDBSCAN on the same data. Check the core distance (distance to the min_samples-th nearest point, the point itself counted), the mutual reachability max(core_a, core_b, d(a, b)), that the condensed tree drops children smaller than min_cluster_size, that clusters are chosen by stability with the root excluded, and that points outside the chosen clusters are labelled -1.',
    lv: 'Jūsu iezīmes atšķiras no atsauces HDBSCAN uz tiem pašiem datiem. Pārbaudiet kodola attālumu (attālums līdz min_samples-tajam tuvākajam punktam, ieskaitot pašu punktu), savstarpējo sasniedzamību max(core_a, core_b, d(a, b)), vai kondensētais koks atmet bērnus, kas mazāki par min_cluster_size, vai klasteri izvēlēti pēc stabilitātes, neiekļaujot sakni, un vai punkti ārpus izvēlētajiem klasteriem apzīmēti ar -1.',
  },
};
