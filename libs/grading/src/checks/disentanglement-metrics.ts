import { Xoshiro128, type Dataset, type DatasetFactors } from '@dmlg/datasets';
import { dci, factorVaeScore, separatedAttributePredictability, type Matrix } from '@dmlg/metrics';
import type { CheckMetric, MetricContext } from './check-metric';
import {
  factorMatrix,
  fixedFactorBatches,
  independentColumns,
  pickColumns,
  rowRange,
} from './disentanglement';

/**
 * Disentanglement scores of the posterior means `mu` that the harness driver `generative`
 * (mode train-vae) writes for the held-out sprites, whose generative factors the worker keeps.
 * MIG is in vae-model-metrics.ts.
 *
 * SAP and DCI read each factor as an ordered number (correlation, linear regression), so they
 * use the ordered factors only. The shape index is a category with no order.
 */
export const ORDERED_SPRITE_FACTORS = ['scale', 'rotation', 'x', 'y'] as const;

/**
 * FactorVAE score settings. The batches are drawn from the held-out codes themselves. The
 * held-out sprites are a uniform random subset of the full factor grid, so the held-out rows
 * that share one factor value are a uniform sample of the grid with that factor fixed, as the
 * score needs. This design reuses `mu` and needs no extra images, driver mode or sandbox time.
 * The pools are finite (86 to 248 rows per factor value for 706 held-out sprites), so batches
 * of the same value overlap: the votes are correlated but not biased.
 */
export const FACTOR_VAE_BATCH_SIZE = 64;
export const FACTOR_VAE_TRAIN_VOTES = 1000;
export const FACTOR_VAE_EVAL_VOTES = 500;
/** Seed of the batch draws. It is fixed, so every run is scored on the same batches. */
const FACTOR_VAE_SEED = 7005;
/** Seed of the unrelated code that is the baseline of every score here. */
const UNRELATED_CODE_SEED = 7006;

const UNRELATED_CODE = {
  en: 'a random code unrelated to the factors',
  lv: 'nejaušs kods, kas nav saistīts ar faktoriem',
};

/** Advice shared by the disentanglement scores, completing a sentence that ends with a colon. */
export const BETA_ADVICE = {
  en: 'check that beta multiplies the KL term (a larger beta pushes each factor into its own dimension) and that the KL term is summed over latent dimensions.',
  lv: 'pārbaudiet, vai beta reizina KL locekli (lielāks beta katru faktoru novirza savā dimensijā) un vai KL loceklis ir summēts pa latentajām dimensijām.',
};

function spriteFactors(dataset: Dataset): DatasetFactors {
  if (!dataset.factors) throw new Error(`data set ${dataset.id} has no generative factors`);
  return dataset.factors;
}

function posteriorMeans(context: MetricContext): Matrix {
  const mu = context.outputs.get('mu');
  if (!mu) throw new Error(`task ${context.task.id} has no output mu`);
  return { data: mu.data, rows: mu.shape[0], cols: mu.shape[1] };
}

/**
 * Draws an n × z_dim standard normal code from a fixed seed. It carries no information about
 * the factors, so its score is the 0 of the score scale.
 */
export function unrelatedCode(context: Omit<MetricContext, 'outputs'>): Matrix {
  const dims = context.task.driver_params.z_dim;
  if (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 2) {
    throw new Error(`task ${context.task.id}: driver_params.z_dim must be an integer >= 2`);
  }
  const random = new Xoshiro128(UNRELATED_CODE_SEED);
  const rows = context.dataset.n;
  return {
    data: Float64Array.from({ length: rows * dims }, () => random.nextNormal()),
    rows,
    cols: dims,
  };
}

/** Computes SAP (continuous variant) of the codes on the ordered sprite factors. */
export function sapOfCodes(codes: Matrix, factors: DatasetFactors): number {
  return separatedAttributePredictability(
    codes,
    factorMatrix(factors, codes.rows, ORDERED_SPRITE_FACTORS),
  );
}

/**
 * Computes DCI of the codes on the ordered sprite factors with the least-squares regressor of
 * @dmlg/metrics. It is fitted on the first half of the held-out rows and evaluated on the
 * second, and the rows are in shuffled order, so the halves are random. Codes that are a linear
 * combination of earlier codes are dropped first.
 */
export function dciOfCodes(codes: Matrix, factors: DatasetFactors): ReturnType<typeof dci> {
  const kept = pickColumns(codes, independentColumns(codes));
  const values = factorMatrix(factors, codes.rows, ORDERED_SPRITE_FACTORS);
  const half = Math.floor(codes.rows / 2);
  const rest = codes.rows - half;
  return dci(
    rowRange(kept, 0, half),
    rowRange(values, 0, half),
    rowRange(kept, half, rest),
    rowRange(values, half, rest),
  );
}

/** Computes the evaluation accuracy of the FactorVAE majority-vote classifier on all five sprite factors. */
export function factorVaeOfCodes(codes: Matrix, factors: DatasetFactors): number {
  const random = new Xoshiro128(FACTOR_VAE_SEED);
  const batches = (count: number) =>
    fixedFactorBatches(codes, factors, count, FACTOR_VAE_BATCH_SIZE, random);
  const train = batches(FACTOR_VAE_TRAIN_VOTES);
  const evaluation = batches(FACTOR_VAE_EVAL_VOTES);
  return factorVaeScore(codes, train, evaluation, { numFactors: factors.names.length })
    .evalAccuracy;
}

/** Builds a check metric of `mu` whose baseline is the same score of an unrelated code. */
function codeMetric(
  fields: Pick<CheckMetric, 'name' | 'label' | 'advice'>,
  score: (codes: Matrix, factors: DatasetFactors) => number,
): CheckMetric {
  return {
    ...fields,
    higherIsBetter: true,
    baselineLabel: UNRELATED_CODE,
    requires: ['mu'],
    measure: (context) => score(posteriorMeans(context), spriteFactors(context.dataset)),
    baseline: (context) => score(unrelatedCode(context), spriteFactors(context.dataset)),
  };
}

export const sapMetric = codeMetric(
  {
    name: 'sap',
    label: { en: 'SAP', lv: 'SAP' },
    advice: {
      en: `Each ordered factor (scale, rotation, position) is not predicted much better by one latent dimension than by the next: ${BETA_ADVICE.en}`,
      lv: `Katru sakārtoto faktoru (mērogu, pagriezienu, pozīciju) viena latentā dimensija neprognozē daudz labāk par nākamo: ${BETA_ADVICE.lv}`,
    },
  },
  sapOfCodes,
);

export const dciDisentanglementMetric = codeMetric(
  {
    name: 'dci-disentanglement',
    label: { en: 'DCI disentanglement', lv: 'DCI atdalītība' },
    advice: {
      en: `Latent dimensions each predict several factors at once: ${BETA_ADVICE.en}`,
      lv: `Katra latentā dimensija prognozē vairākus faktorus vienlaikus: ${BETA_ADVICE.lv}`,
    },
  },
  (codes, factors) => dciOfCodes(codes, factors).disentanglement,
);

export const dciCompletenessMetric = codeMetric(
  {
    name: 'dci-completeness',
    label: { en: 'DCI completeness', lv: 'DCI pilnība' },
    advice: {
      en: `Each factor is spread over several latent dimensions: ${BETA_ADVICE.en}`,
      lv: `Katrs faktors ir izkliedēts pa vairākām latentajām dimensijām: ${BETA_ADVICE.lv}`,
    },
  },
  (codes, factors) => dciOfCodes(codes, factors).completeness,
);

export const dciInformativenessMetric = codeMetric(
  {
    name: 'dci-informativeness',
    label: {
      en: 'DCI informativeness (held-out R² of a linear fit)',
      lv: 'DCI informativitāte (lineāras regresijas R² atliktajiem datiem)',
    },
    advice: {
      en: 'The posterior means barely predict scale, rotation and position: check that the encoder returns the mean of q(z|x) computed from x, and that the reconstruction term is summed over pixels so that the code has to carry the image.',
      lv: 'Aposteriorie vidējie gandrīz neprognozē mērogu, pagriezienu un pozīciju: pārbaudiet, vai enkoderis atgriež q(z|x) vidējo, kas aprēķināts no x, un vai rekonstrukcijas loceklis ir summēts pa pikseļiem, lai kodam būtu jānes attēls.',
    },
  },
  (codes, factors) => dciOfCodes(codes, factors).informativenessTest,
);

export const factorVaeMetric = codeMetric(
  {
    name: 'factor-vae-score',
    label: { en: 'FactorVAE score', lv: 'FactorVAE rādītājs' },
    advice: {
      en: `Holding one factor fixed does not make one latent dimension clearly the least variable: ${BETA_ADVICE.en}`,
      lv: `Fiksējot vienu faktoru, neviena latentā dimensija nekļūst skaidri vismazāk mainīga: ${BETA_ADVICE.lv}`,
    },
  },
  factorVaeOfCodes,
);
