import type { NpyArray } from '@dmlg/datasets';
import type { LocalizedText } from '@dmlg/db';
import type { CheckMetric, MetricContext } from './check-metric';
import {
  expectedAllPairs,
  expectedContrastive,
  expectedHardNegativePairs,
  pairKey,
} from './contrastive-oracle';

/**
 * Unit checks of assignment 4 on fixed inputs (generator `metric-unit-batch`): the student's
 * ContrastiveLoss value and gradients, and the pairs each miner selects, against
 * contrastive-oracle.ts. Each metric is 1 when the output agrees and 0 when it does not (loss
 * checks) or the Jaccard index of the selected pair sets (miner checks).
 */

/**
 * float32 arithmetic in the student's torch code gives relative errors near 1e-7; 1e-4 leaves
 * room for other summation orders and for eps-guarded square roots such as sqrt(d² + 1e-12).
 */
const RELATIVE_TOLERANCE = 1e-4;
const ABSOLUTE_TOLERANCE = 1e-5;

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

function close(actual: number, expected: number, scale: number): boolean {
  return Math.abs(actual - expected) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * scale;
}

/** 1 when the loss and both gradients agree with the oracle, else 0. */
function contrastiveAgreement(context: MetricContext): number {
  const embA = input(context, 'emb_a');
  const dim = embA.shape[1];
  const margin = context.task.call.init.margin;
  if (typeof margin !== 'number') {
    throw new Error(`task ${context.task.id}: call.init.margin must be a number`);
  }
  const expected = expectedContrastive(
    embA.data,
    input(context, 'emb_b').data,
    input(context, 'same').data,
    dim,
    margin,
  );
  const loss = output(context, 'loss')[0];
  if (!close(loss, expected.loss, Math.abs(expected.loss))) return 0;
  const gradA = output(context, 'grad_a');
  const gradB = output(context, 'grad_b');
  const scale = expected.gradA.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
  for (let index = 0; index < expected.gradA.length; index++) {
    if (!expected.gradientDefined[Math.floor(index / dim)]) continue;
    if (!close(gradA[index], expected.gradA[index], scale)) return 0;
    if (!close(gradB[index], -expected.gradA[index], scale)) return 0;
  }
  return 1;
}

function contrastiveMetric(name: string, advice: LocalizedText): CheckMetric {
  return {
    name,
    label: {
      en: 'agreement with the expected loss and gradients',
      lv: 'sakritība ar sagaidāmo zaudējumu un gradientiem',
    },
    higherIsBetter: true,
    baselineLabel: NO_AGREEMENT,
    requires: ['loss', 'grad_a', 'grad_b'],
    measure: contrastiveAgreement,
    baseline: () => 0,
    advice,
  };
}

export const contrastiveSamePairsMetric = contrastiveMetric('contrastive-loss-same-pairs', {
  en: 'On pairs of the same class (same = 1) the loss must be the mean of d², with d = ||a − b||₂. A mismatch here usually means the pair label is flipped (same = 1 marks a pair of the same class) or the distance is squared twice.',
  lv: 'Vienas klases pāriem (same = 1) zaudējumam jābūt d² vidējam, kur d = ||a − b||₂. Nesakritība parasti nozīmē, ka pāra iezīme ir apgriezta (same = 1 apzīmē vienas klases pāri) vai attālums kāpināts kvadrātā divreiz.',
});

export const contrastiveDifferentPairsMetric = contrastiveMetric(
  'contrastive-loss-different-pairs',
  {
    en: 'On pairs of different classes (same = 0) the loss must be the mean of max(0, margin − d)², with d the plain Euclidean distance, not its square: the margin is a distance. Check the pair label convention and whether you compare the margin with d or with d².',
    lv: 'Dažādu klašu pāriem (same = 0) zaudējumam jābūt max(0, margin − d)² vidējam, kur d ir parastais Eiklīda attālums, nevis tā kvadrāts: rezerve (margin) ir attālums. Pārbaudiet pāra iezīmes nozīmi un to, vai rezervi salīdzināt ar d vai ar d².',
  },
);

export const contrastiveMixedPairsMetric = contrastiveMetric('contrastive-loss-mixed-pairs', {
  en: 'On a batch with both labels each pair must be weighted by its own label. `same` has shape (B,); reshaping it to (B, 1) broadcasts it against distances of shape (B,) into a (B, B) matrix, and the mean then mixes every pair with every label.',
  lv: 'Partijā ar abām iezīmēm katrs pāris jāsver ar savu iezīmi. `same` forma ir (B,); pārveidojot to par (B, 1), tas kopā ar attālumiem formā (B,) izplešas (B, B) matricā, un vidējais sajauc katru pāri ar katru iezīmi.',
});

/** The rows (a, b, same) of a miner output of shape (M, 3) as a set of unordered pairs. */
function minedPairs(context: MetricContext): Set<string> {
  const pairs = context.outputs.get('pairs');
  if (!pairs || pairs.shape.length !== 2 || pairs.shape[1] !== 3) {
    throw new Error(`task ${context.task.id} has no pairs output of shape (M, 3)`);
  }
  const found = new Set<string>();
  for (let row = 0; row < pairs.shape[0]; row++) {
    const [a, b, same] = pairs.data.subarray(row * 3, row * 3 + 3);
    found.add(pairKey(a, b, same));
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
      en: 'overlap with the expected pairs (Jaccard)',
      lv: 'pārklāšanās ar sagaidāmajiem pāriem (Žakāra indekss)',
    },
    higherIsBetter: true,
    baselineLabel: { en: 'no pair in common', lv: 'neviena kopīga pāra' },
    requires: ['pairs'],
    measure: (context) => jaccard(minedPairs(context), expected(context)),
    baseline: () => 0,
    advice,
  };
}

export const allPairsSelectionMetric = minerMetric(
  'all-pairs-selection',
  (context) => expectedAllPairs(input(context, 'labels').data),
  {
    en: 'all_pairs must return every unordered pair i < j of the batch once, with same = 1 exactly when labels[i] == labels[j], and never a sample paired with itself.',
    lv: 'all_pairs jāatgriež katrs nesakārtots pāris i < j no partijas vienu reizi, ar same = 1 tieši tad, ja labels[i] == labels[j], un nekad paraugs pārī ar sevi.',
  },
);

export const hardNegativePairsSelectionMetric = minerMetric(
  'hard-negative-pairs-selection',
  (context) => {
    const embeddings = input(context, 'embeddings');
    return expectedHardNegativePairs(
      embeddings.data,
      input(context, 'labels').data,
      embeddings.shape[1],
    );
  },
  {
    en: 'hard_negative_pairs must return every positive pair i < j and, for each anchor, its nearest sample of another class by Euclidean distance (the hardest negative, not the easiest), ties to the lower index.',
    lv: 'hard_negative_pairs jāatgriež katrs pozitīvais pāris i < j un katram enkuram tuvākais citas klases paraugs pēc Eiklīda attāluma (grūtākais negatīvais, nevis vieglākais), vienādus attālumus izšķirot par labu mazākajam indeksam.',
  },
);
