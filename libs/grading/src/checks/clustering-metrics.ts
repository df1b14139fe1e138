import {
  adjustedRandIndex,
  countClusters,
  normalizedMutualInfo,
  withinClusterSumOfSquares,
} from '@dmlg/metrics';
import type { CheckMetric, MetricContext } from './check-metric';
import { meanOverRandomLabels } from './random-labels';

/** Random-label draws averaged for a baseline; ARI and NMI of random labels vary little at n >= 400. */
const BASELINE_DRAWS = 3;

const RANDOM_LABELS = { en: 'random labels', lv: 'nejaušas iezīmes' };

function labelsOf(context: MetricContext): Float64Array {
  const labels = context.outputs.get('labels_');
  if (!labels) {
    throw new Error(`task ${context.task.id} has no labels_ output`);
  }
  return labels.data;
}

/** Number of clusters a task requests: `n_clusters` when given, else the true number of classes. */
function requestedClusters(context: Omit<MetricContext, 'outputs'>): number {
  const requested = context.task.call.init.n_clusters;
  return typeof requested === 'number' && requested > 0 ? requested : context.dataset.numClasses;
}

export const ariMetric: CheckMetric = {
  name: 'ari',
  label: { en: 'ARI', lv: 'ARI' },
  higherIsBetter: true,
  baselineLabel: RANDOM_LABELS,
  requires: ['labels_'],
  measure: (context) => adjustedRandIndex(context.dataset.y, labelsOf(context)),
  // ARI is adjusted for chance: its expected value under random labelling is 0 by construction,
  // so the exact 0 is the baseline rather than a noisy sample of random labellings.
  baseline: () => 0,
  advice: {
    en: 'Near 0 means the clusters match the true classes no better than random labels: check the assignment step (each point to its nearest centre) and that labels_ follows the row order of X.',
    lv: 'Tuvu 0 nozīmē, ka klasteri sakrīt ar patiesajām klasēm ne labāk kā nejaušas iezīmes: pārbaudiet piešķiršanas soli (katru punktu tuvākajam centram) un to, vai labels_ seko X rindu secībai.',
  },
};

export const nmiMetric: CheckMetric = {
  name: 'nmi',
  label: { en: 'NMI', lv: 'NMI' },
  higherIsBetter: true,
  baselineLabel: RANDOM_LABELS,
  requires: ['labels_'],
  measure: (context) => normalizedMutualInfo(context.dataset.y, labelsOf(context)),
  baseline: (context) =>
    meanOverRandomLabels(
      context.dataset.n,
      requestedClusters(context),
      context.task.id,
      BASELINE_DRAWS,
      (labels) => normalizedMutualInfo(context.dataset.y, labels),
    ),
  advice: ariMetric.advice,
};

export const inertiaMetric: CheckMetric = {
  name: 'inertia',
  label: { en: 'inertia', lv: 'inerce' },
  higherIsBetter: false,
  baselineLabel: RANDOM_LABELS,
  requires: ['labels_'],
  // Recomputed from the labels with each centre at its cluster's mean, so a wrong inertia_
  // attribute neither helps nor hurts.
  measure: (context) =>
    withinClusterSumOfSquares(
      context.dataset.X,
      context.dataset.n,
      context.dataset.d,
      labelsOf(context),
    ),
  baseline: (context) =>
    meanOverRandomLabels(
      context.dataset.n,
      requestedClusters(context),
      context.task.id,
      BASELINE_DRAWS,
      (labels) =>
        withinClusterSumOfSquares(context.dataset.X, context.dataset.n, context.dataset.d, labels),
    ),
  advice: {
    en: 'Inertia well above the reference: check the k-means++ initialisation, that each centre moves to the mean of its points, that Lloyd iterations run until convergence, and that the best of the n_init restarts is kept.',
    lv: 'Inerce ir krietni lielāka par atsauces: pārbaudiet k-means++ inicializāciju, vai katrs centrs pārvietojas uz savu punktu vidējo, vai Loida iterācijas turpinās līdz konverģencei un vai tiek paturēts labākais no n_init restartiem.',
  },
};

export const clusterCountMetric: CheckMetric = {
  name: 'cluster-count',
  label: { en: 'cluster-count error', lv: 'klasteru skaita kļūda' },
  higherIsBetter: false,
  baselineLabel: { en: 'one cluster', lv: 'viens klasteris' },
  requires: ['labels_'],
  measure: (context) => Math.abs(countClusters(labelsOf(context)) - context.dataset.numClasses),
  // The trivial solution, one cluster for all points, misses the true count by k - 1.
  baseline: (context) => context.dataset.numClasses - 1,
  advice: {
    en: 'The number of distinct labels is far from the number of clusters in the data: check the split criterion (BIC for X-Means, the Anderson-Darling test for G-Means) and that accepted splits replace their parent.',
    lv: 'Atšķirīgo iezīmju skaits ir tālu no klasteru skaita datos: pārbaudiet dalīšanas kritēriju (BIC X-vidējo metodei, Andersona-Darlinga testu G-vidējo metodei) un vai pieņemtie dalījumi aizstāj vecāku klasteri.',
  },
};
