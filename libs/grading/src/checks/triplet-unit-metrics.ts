import type { NpyArray } from '@dmlg/datasets';
import type { LocalizedText } from '@dmlg/db';
import type { CheckMetric, MetricContext } from './check-metric';
import {
  expectedBatchHardTriplets,
  expectedDistanceWeightedProbabilities,
  expectedSemiHardTriplets,
  expectedTripletLoss,
  tripletKey,
} from './triplet-oracle';

/**
 * Unit checks of assignment 5 on fixed inputs (generator `metric-unit-batch`): the student's
 * TripletLoss value and gradients, the triplets each deterministic miner selects, and the
 * sampling distribution of distance-weighted sampling, against triplet-oracle.ts.
 */

/** As in contrastive-unit-metrics.ts: float32 arithmetic plus eps-guarded square roots. */
const RELATIVE_TOLERANCE = 1e-4;
const ABSOLUTE_TOLERANCE = 1e-5;
/**
 * Mean total-variation distance between the drawn and the expected negative distribution per
 * anchor that still passes. With the manifest's 1000 draws (about 3000 negatives per anchor)
 * the reference lands near 0.03; a uniform sampler lands above 0.15 on the unit batch.
 */
const MAX_TOTAL_VARIATION = 0.1;

const NO_AGREEMENT = { en: 'no agreement', lv: 'nav sakritības' };

function input(context: Omit<MetricContext, 'outputs'>, name: string): NpyArray {
  const array = context.dataset.inputs?.[name];
  if (!array) {
    throw new Error(
      `data set ${context.dataset.id} of task ${context.task.id} has no input ${name}`,
    );
  }
  return array;
}

function output(context: MetricContext, name: string): Float64Array {
  const array = context.outputs.get(name);
  if (!array) throw new Error(`task ${context.task.id} has no output ${name}`);
  return array.data;
}

function numberParam(
  context: Omit<MetricContext, 'outputs'>,
  record: Record<string, unknown>,
  name: string,
  where: string,
): number {
  const value = record[name];
  if (typeof value !== 'number') {
    throw new Error(`task ${context.task.id}: ${where}.${name} must be a number`);
  }
  return value;
}

function minerKwargs(context: Omit<MetricContext, 'outputs'>): Record<string, unknown> {
  const kwargs = context.task.driver_params.miner_kwargs;
  return typeof kwargs === 'object' && kwargs !== null ? (kwargs as Record<string, unknown>) : {};
}

function close(actual: number, expected: number, scale: number): boolean {
  return Math.abs(actual - expected) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * scale;
}

/** 1 when the loss and the three gradients agree with the oracle, else 0. */
function tripletAgreement(context: MetricContext): number {
  const [anchorName, positiveName, negativeName] = context.task.call.args;
  const anchor = input(context, anchorName);
  const dim = anchor.shape[1];
  const expected = expectedTripletLoss(
    anchor.data,
    input(context, positiveName).data,
    input(context, negativeName).data,
    dim,
    numberParam(context, context.task.call.init, 'margin', 'call.init'),
  );
  if (!close(output(context, 'loss')[0], expected.loss, Math.abs(expected.loss))) return 0;
  const gradients = [
    [output(context, 'grad_anchor'), expected.gradAnchor, expected.compareAnchor],
    [output(context, 'grad_positive'), expected.gradPositive, expected.comparePositive],
    [output(context, 'grad_negative'), expected.gradNegative, expected.compareNegative],
  ] as const;
  // One scale for all three, so a gradient that should be 0 everywhere still has a tolerance.
  const scale = expected.gradAnchor.reduce(
    (largest, value) => Math.max(largest, Math.abs(value)),
    0,
  );
  for (const [actual, expectedGradient, compared] of gradients) {
    for (let index = 0; index < expectedGradient.length; index++) {
      if (!compared[Math.floor(index / dim)]) continue;
      if (!close(actual[index], expectedGradient[index], scale)) return 0;
    }
  }
  return 1;
}

function tripletLossMetric(name: string, advice: LocalizedText): CheckMetric {
  return {
    name,
    label: {
      en: 'agreement with the expected loss and gradients',
      lv: 'sakritība ar sagaidāmo zaudējumu un gradientiem',
    },
    higherIsBetter: true,
    baselineLabel: NO_AGREEMENT,
    requires: ['loss', 'grad_anchor', 'grad_positive', 'grad_negative'],
    measure: tripletAgreement,
    baseline: () => 0,
    advice,
  };
}

export const tripletLossMarginMetric = tripletLossMetric('triplet-loss-margin', {
  en: 'With anchor = positive the loss must be the mean of max(0, margin − d(a, n)), with d the plain Euclidean distance, not its square: the margin is a distance, so compare it with d, not with d². Triplets exactly on the margin contribute 0.',
  lv: 'Ja enkurs sakrīt ar pozitīvo paraugu, zaudējumam jābūt max(0, margin − d(a, n)) vidējam, kur d ir parastais Eiklīda attālums, nevis tā kvadrāts: rezerve (margin) ir attālums, tāpēc salīdziniet to ar d, nevis ar d². Trijnieki tieši uz rezerves robežas dod 0.',
});

export const tripletLossEasyMetric = tripletLossMetric('triplet-loss-easy', {
  en: 'When every triplet is easy (d(a, n) > d(a, p) + margin) the loss must be exactly 0 with zero gradients: take the mean over all triplets, not over the active ones only (that divides by 0 here).',
  lv: 'Ja visi tripleti ir viegli (d(a, n) > d(a, p) + margin), zaudējumam jābūt tieši 0 ar nulles gradientiem: ņemiet vidējo pār visiem tripletiem, nevis tikai pār aktīvajiem (te tas dalītu ar 0).',
});

export const tripletLossMixedMetric = tripletLossMetric('triplet-loss-mixed', {
  en: 'On a batch with active and inactive triplets the loss must be the mean over all B triplets of max(0, d(a, p) − d(a, n) + margin), with Euclidean (not squared) distances and no normalisation inside the loss.',
  lv: 'Partijā ar aktīviem un neaktīviem tripletiem zaudējumam jābūt max(0, d(a, p) − d(a, n) + margin) vidējam pār visiem B tripletiem, ar Eiklīda (nevis kvadrātiskiem) attālumiem un bez normalizācijas zaudējuma iekšienē.',
});

/** Collects the rows (anchor, positive, negative) of a miner output of shape (M, 3) as a set. */
function minedTriplets(context: MetricContext): Set<string> {
  const triplets = context.outputs.get('triplets');
  if (!triplets || triplets.shape.length !== 2 || triplets.shape[1] !== 3) {
    throw new Error(`task ${context.task.id} has no triplets output of shape (M, 3)`);
  }
  const found = new Set<string>();
  for (let row = 0; row < triplets.shape[0]; row++) {
    const [anchor, positive, negative] = triplets.data.subarray(row * 3, row * 3 + 3);
    found.add(tripletKey(anchor, positive, negative));
  }
  return found;
}

function jaccard(found: Set<string>, expected: Set<string>): number {
  let common = 0;
  for (const key of found) if (expected.has(key)) common++;
  const union = found.size + expected.size - common;
  return union === 0 ? 1 : common / union;
}

function minerMetric(
  name: string,
  expected: (context: MetricContext) => Set<string>,
  advice: LocalizedText,
): CheckMetric {
  return {
    name,
    label: {
      en: 'overlap with the expected triplets (Jaccard)',
      lv: 'pārklāšanās ar sagaidāmajiem tripletiem (Žakāra indekss)',
    },
    higherIsBetter: true,
    baselineLabel: { en: 'no triplet in common', lv: 'neviena kopīga tripleta' },
    requires: ['triplets'],
    measure: (context) => jaccard(minedTriplets(context), expected(context)),
    baseline: () => 0,
    advice,
  };
}

export const batchHardTripletsSelectionMetric = minerMetric(
  'batch-hard-triplets-selection',
  (context) => {
    const embeddings = input(context, 'embeddings');
    return expectedBatchHardTriplets(
      embeddings.data,
      input(context, 'labels').data,
      embeddings.shape[1],
    );
  },
  {
    en: 'batch_hard_triplets must return one triplet per anchor: its farthest positive and its nearest negative by Euclidean distance (the hardest triplet, not the easiest), ties to the lower index.',
    lv: 'batch_hard_triplets jāatgriež viens triplets katram enkuram: tā tālākais pozitīvais un tuvākais negatīvais paraugs pēc Eiklīda attāluma (grūtākais triplets, nevis vieglākais), vienādus attālumus izšķirot par labu mazākajam indeksam.',
  },
);

export const semiHardTripletsSelectionMetric = minerMetric(
  'semi-hard-triplets-selection',
  (context) => {
    const embeddings = input(context, 'embeddings');
    return expectedSemiHardTriplets(
      embeddings.data,
      input(context, 'labels').data,
      embeddings.shape[1],
      numberParam(context, minerKwargs(context), 'margin', 'driver_params.miner_kwargs'),
    );
  },
  {
    en: 'semi_hard_triplets must return, for each ordered positive pair (a, p), the nearest negative n with d(a, p) < d(a, n) < d(a, p) + margin (strict inequalities, ties to the lower index), and no triplet for a pair without one.',
    lv: 'semi_hard_triplets katram sakārtotam pozitīvajam pārim (a, p) jāatgriež tuvākais negatīvais paraugs n, kuram d(a, p) < d(a, n) < d(a, p) + margin (stingras nevienādības, vienādus attālumus izšķirot par labu mazākajam indeksam), un nekāds triplets pārim, kuram tāda nav.',
  },
);

/** Mean over anchors of the total-variation distance between drawn and expected negatives. */
function samplingDistance(context: MetricContext): number {
  const embeddings = input(context, 'embeddings');
  const kwargs = minerKwargs(context);
  const expected = expectedDistanceWeightedProbabilities(
    embeddings.data,
    input(context, 'labels').data,
    embeddings.shape[1],
    numberParam(context, kwargs, 'cutoff', 'driver_params.miner_kwargs'),
    numberParam(context, kwargs, 'nonzero_loss_cutoff', 'driver_params.miner_kwargs'),
  );
  const counts = output(context, 'counts');
  const n = expected.length;
  let total = 0;
  for (let anchor = 0; anchor < n; anchor++) {
    const row = counts.subarray(anchor * n, anchor * n + n);
    const drawn = row.reduce((sum, count) => sum + count, 0);
    const expectedTotal = expected[anchor].reduce((sum, probability) => sum + probability, 0);
    if (drawn === 0 || expectedTotal === 0) {
      total += drawn === 0 && expectedTotal === 0 ? 0 : 1;
      continue;
    }
    let variation = 0;
    for (let j = 0; j < n; j++) variation += Math.abs(row[j] / drawn - expected[anchor][j]);
    total += variation / 2;
  }
  return total / n;
}

export const distanceWeightedSamplingMetric: CheckMetric = {
  name: 'distance-weighted-sampling',
  label: {
    en: 'agreement of the drawn negatives with the expected distribution',
    lv: 'izlozēto negatīvo paraugu sakritība ar sagaidāmo sadalījumu',
  },
  higherIsBetter: true,
  baselineLabel: NO_AGREEMENT,
  requires: ['counts'],
  measure: (context) => (samplingDistance(context) <= MAX_TOTAL_VARIATION ? 1 : 0),
  baseline: () => 0,
  advice: {
    en: 'distance_weighted_triplets must draw, for each ordered positive pair (a, p), one negative with probability proportional to 1 / q(max(d, cutoff)), q(d) = d^(D−2) (1 − d²/4)^((D−3)/2), among the negatives with d < nonzero_loss_cutoff; same-class samples must never be drawn.',
    lv: 'distance_weighted_triplets katram sakārtotam pozitīvajam pārim (a, p) jāizlozē viens negatīvais paraugs ar varbūtību, kas proporcionāla 1 / q(max(d, cutoff)), q(d) = d^(D−2) (1 − d²/4)^((D−3)/2), starp negatīvajiem paraugiem ar d < nonzero_loss_cutoff; tās pašas klases paraugus nedrīkst izlozēt nekad.',
  },
};
