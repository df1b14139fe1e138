import { readFileSync } from 'node:fs';
import { resolveRepoPath, Xoshiro128, type Dataset, type DecodedNpy } from '@dmlg/datasets';
import {
  kernelInceptionDistance,
  precisionRecallDensityCoverage,
  type Matrix,
  type PrecisionRecallDensityCoverage,
} from '@dmlg/metrics';
import {
  SPRITE_NET_FEATURE_DIM,
  SPRITE_NET_NAME,
  SPRITE_NET_WEIGHTS_FILE,
  spriteNetFeatures,
} from '../feature-network/sprite-net';
import type { CheckMetric, MetricContext } from './check-metric';
import { datasetFeatures, trainingPixelMeans } from './vae-model-metrics';

/**
 * Sample-quality checks of the generative assignments (8 GAN, 9 WGAN-GP), computed from the
 * `samples` a harness driver writes (rows of 256 pixel values in [0, 1]) against the held-out
 * sprites `X`, both mapped to DMLG-SpriteNet-v1 features. The baseline, the 0 of each score, is
 * the same as the FID-style check's: images of independent pixels with the training means.
 *
 * Recall has no check: the baseline's noise images have large k-NN radii, so their balls reach
 * about a third of the held-out sprites, more than a trained GAN's samples do. Coverage, which
 * uses the held-out sprites' own radii, separates the two.
 */

/** Neighbour rank k of the PRDC balls; 5 as in Naeem et al. (2020). */
const PRDC_NEAREST_K = 5;
/** KID subsets: 50 subsets of 200 samples from each set, seeded; d = 32 keeps this cheap. */
const KID_OPTIONS = { subsetSize: 200, subsets: 50, seed: 0 } as const;
/**
 * A shape counts as covered when at least this share of the samples is classified as it.
 * SpriteNet assigns 84% of the clean held-out sprites (seed 8001) to their own shape and up to
 * 11% of one shape to another, so a lower share would count misclassified sprites of a
 * collapsed generator as shapes of their own.
 */
const SHAPE_SHARE = 0.12;
/** Seed of the baseline's Bernoulli images, the FID-style baseline's seed. */
const BASELINE_SEED = 7001;

const INDEPENDENT_PIXELS = {
  en: 'independent pixels with the training means',
  lv: 'neatkarīgi pikseļi ar apmācības vidējiem',
};

function samplesOutput(context: MetricContext): DecodedNpy {
  const samples = context.outputs.get('samples');
  if (!samples) throw new Error(`task ${context.task.id} has no output samples`);
  return samples;
}

function sampleCount(context: Omit<MetricContext, 'outputs'>): number {
  const samples = context.task.driver_params.samples;
  if (typeof samples !== 'number' || !Number.isInteger(samples) || samples < 2) {
    throw new Error(`task ${context.task.id}: driver_params.samples must be an integer >= 2`);
  }
  return samples;
}

function asMatrix(features: Float32Array, rows: number): Matrix {
  return { data: Float64Array.from(features), rows, cols: SPRITE_NET_FEATURE_DIM };
}

const sampleFeatureCache = new WeakMap<DecodedNpy, Matrix>();

/** SpriteNet features of the samples, clipped to [0, 1] as in the FID-style check. */
function sampleFeatures(context: MetricContext): Matrix {
  const samples = samplesOutput(context);
  const cached = sampleFeatureCache.get(samples);
  if (cached) return cached;
  const rows = samples.shape[0];
  const clipped = samples.data.map((value) => Math.min(1, Math.max(0, value)));
  const features = asMatrix(spriteNetFeatures(clipped, rows), rows);
  sampleFeatureCache.set(samples, features);
  return features;
}

function heldOutFeatures(dataset: Dataset): Matrix {
  return asMatrix(datasetFeatures(dataset), dataset.n);
}

const baselineFeatureCache = new WeakMap<Dataset, Map<number, Matrix>>();

/** Features of `rows` seeded Bernoulli images drawn with the training pixel means. */
function baselineFeatures(context: Omit<MetricContext, 'outputs'>): Matrix {
  const rows = sampleCount(context);
  const cached = baselineFeatureCache.get(context.dataset)?.get(rows);
  if (cached) return cached;
  const means = trainingPixelMeans(context.dataset);
  const d = context.dataset.d;
  const random = new Xoshiro128(BASELINE_SEED);
  const images = new Float32Array(rows * d);
  for (let i = 0; i < rows * d; i++) images[i] = random.nextDouble() < means[i % d] ? 1 : 0;
  const features = asMatrix(spriteNetFeatures(images, rows), rows);
  const byRows = baselineFeatureCache.get(context.dataset) ?? new Map<number, Matrix>();
  byRows.set(rows, features);
  baselineFeatureCache.set(context.dataset, byRows);
  return features;
}

const prdcCache = new WeakMap<Matrix, PrecisionRecallDensityCoverage>();

function prdc(dataset: Dataset, fake: Matrix): PrecisionRecallDensityCoverage {
  const cached = prdcCache.get(fake);
  if (cached) return cached;
  const result = precisionRecallDensityCoverage(heldOutFeatures(dataset), fake, PRDC_NEAREST_K);
  prdcCache.set(fake, result);
  return result;
}

function prdcMetric(
  part: keyof PrecisionRecallDensityCoverage,
  label: { en: string; lv: string },
  advice: { en: string; lv: string },
): CheckMetric {
  return {
    name: `${part}-spritenet`,
    label: {
      en: `${label.en} of samples (${SPRITE_NET_NAME} features, k = ${PRDC_NEAREST_K})`,
      lv: `paraugu ${label.lv} (${SPRITE_NET_NAME} pazīmes, k = ${PRDC_NEAREST_K})`,
    },
    higherIsBetter: true,
    baselineLabel: INDEPENDENT_PIXELS,
    requires: ['samples'],
    measure: (context) => prdc(context.dataset, sampleFeatures(context))[part],
    baseline: (context) => prdc(context.dataset, baselineFeatures(context))[part],
    advice,
  };
}

const FIDELITY_ADVICE = {
  en: 'Few samples look like held-out sprites: check that the generator ends with a sigmoid (pixel values in [0, 1]), that the discriminator or critic sees real images with label 1 (or a higher score) and fakes with label 0, and that the generator loss has the right sign.',
  lv: 'Maz paraugu izskatās pēc atliktajiem spraitiem: pārbaudiet, vai ģenerators beidzas ar sigmoīdu (pikseļu vērtības [0, 1]), vai diskriminators vai kritiķis reālos attēlus redz ar iezīmi 1 (vai augstāku vērtējumu) un ģenerētos ar iezīmi 0, un vai ģeneratora zudumam ir pareiza zīme.',
};

const DIVERSITY_ADVICE = {
  en: 'The samples cover little of the held-out sprites (mode collapse): a generator loss that saturates, a discriminator or critic that is too strong or bounded (a WGAN critic must not end with a sigmoid), or a gradient penalty at the wrong points lets the generator settle on a few sprites.',
  lv: 'Paraugi aptver maz no atliktajiem spraitiem (režīmu sabrukums): piesātinošs ģeneratora zudums, pārāk spēcīgs vai ierobežots diskriminators vai kritiķis (WGAN kritiķis nedrīkst beigties ar sigmoīdu) vai gradienta sods nepareizos punktos ļauj ģeneratoram apstāties pie dažiem spraitiem.',
};

/** Share of samples inside the k-NN ball of some held-out sprite. */
export const precisionMetric = prdcMetric(
  'precision',
  { en: 'precision', lv: 'precizitāte (precision)' },
  FIDELITY_ADVICE,
);
/** Mean number of held-out balls containing a sample, divided by k. */
export const densityMetric = prdcMetric(
  'density',
  { en: 'density', lv: 'blīvums (density)' },
  FIDELITY_ADVICE,
);
/** Share of held-out sprites whose nearest sample lies inside their own ball. */
export const coverageMetric = prdcMetric(
  'coverage',
  { en: 'coverage', lv: 'aptvērums (coverage)' },
  DIVERSITY_ADVICE,
);

/** Kernel Inception Distance with SpriteNet features instead of Inception ones ("KID-style"). */
export const kidStyleMetric: CheckMetric = {
  name: 'kid-style-spritenet',
  label: {
    en: `KID-style distance (${SPRITE_NET_NAME} features)`,
    lv: `KID veida attālums (${SPRITE_NET_NAME} pazīmes)`,
  },
  higherIsBetter: false,
  baselineLabel: INDEPENDENT_PIXELS,
  requires: ['samples'],
  measure: (context) =>
    kernelInceptionDistance(heldOutFeatures(context.dataset), sampleFeatures(context), KID_OPTIONS)
      .mean,
  baseline: (context) =>
    kernelInceptionDistance(
      heldOutFeatures(context.dataset),
      baselineFeatures(context),
      KID_OPTIONS,
    ).mean,
  advice: {
    en: 'The samples are far from the held-out sprites in feature space: the generator has not learnt the sprites within the step budget; check the losses (their unit checks come first) and that the generator ends with a sigmoid.',
    lv: 'Paraugi pazīmju telpā ir tālu no atliktajiem spraitiem: ģenerators soļu budžeta laikā nav iemācījies spraitus; pārbaudiet zudumus (vispirms to vienībtestu pārbaudes) un vai ģenerators beidzas ar sigmoīdu.',
  },
};

interface ClassifierHead {
  weight: Float64Array;
  bias: Float64Array;
  classes: number;
}

let classifierHead: ClassifierHead | undefined;

/** SpriteNet's last layer (fc2: 32 features → 12 classes, class = 3 · shape + scale). */
function loadClassifierHead(): ClassifierHead {
  if (classifierHead) return classifierHead;
  const file = JSON.parse(readFileSync(resolveRepoPath(SPRITE_NET_WEIGHTS_FILE), 'utf8')) as {
    layers: Record<string, { shape: number[]; data: number[] }>;
  };
  const weight = file.layers['fc2.weight'];
  const bias = file.layers['fc2.bias'];
  if (!weight || !bias || weight.shape[1] !== SPRITE_NET_FEATURE_DIM) {
    throw new Error(
      `${SPRITE_NET_WEIGHTS_FILE} has no fc2 layer of ${SPRITE_NET_FEATURE_DIM} inputs`,
    );
  }
  classifierHead = {
    weight: Float64Array.from(weight.data),
    bias: Float64Array.from(bias.data),
    classes: weight.shape[0],
  };
  return classifierHead;
}

/** Scales per shape in SpriteNet's classes; libs/datasets/python/sprites-definition.json. */
const SCALES_PER_SHAPE = 3;

/**
 * Number of sprite shapes that at least `SHAPE_SHARE` of the samples are classified as by
 * SpriteNet (argmax of its 12 shape-and-scale classes, class = 3 · shape + scale).
 */
export function shapesCovered(features: Matrix): number {
  const head = loadClassifierHead();
  const shapes = head.classes / SCALES_PER_SHAPE;
  const counts = new Array<number>(shapes).fill(0);
  for (let i = 0; i < features.rows; i++) {
    let best = 0;
    let bestLogit = -Infinity;
    for (let c = 0; c < head.classes; c++) {
      let logit = head.bias[c];
      for (let j = 0; j < features.cols; j++) {
        logit += head.weight[c * features.cols + j] * features.data[i * features.cols + j];
      }
      if (logit > bestLogit) {
        bestLogit = logit;
        best = c;
      }
    }
    counts[Math.floor(best / SCALES_PER_SHAPE)]++;
  }
  return counts.filter((count) => count >= SHAPE_SHARE * features.rows).length;
}

export const shapesCoveredMetric: CheckMetric = {
  name: 'sprite-shapes-covered',
  label: {
    en: `sprite shapes among the samples (${SPRITE_NET_NAME} classes)`,
    lv: `spraitu formas paraugos (${SPRITE_NET_NAME} klases)`,
  },
  higherIsBetter: true,
  baselineLabel: {
    en: 'a generator collapsed onto one shape',
    lv: 'ģenerators, kas sabrucis uz vienu formu',
  },
  requires: ['samples'],
  measure: (context) => shapesCovered(sampleFeatures(context)),
  baseline: () => 1,
  advice: DIVERSITY_ADVICE,
};
