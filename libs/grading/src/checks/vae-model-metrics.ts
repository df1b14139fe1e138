import { Xoshiro128, type Dataset } from '@dmlg/datasets';
import {
  SPRITE_NET_FEATURE_DIM,
  SPRITE_NET_NAME,
  spriteNetFeatures,
} from '../feature-network/sprite-net';
import type { CheckMetric, MetricContext } from './check-metric';
import { mutualInformationGap } from './disentanglement';
import { BETA_ADVICE } from './disentanglement-metrics';
import { frechetStyleDistance } from './frechet-style-distance';

/**
 * Checks of a trained VAE (assignment 7), computed from the arrays that the harness driver
 * `generative` (mode train-vae) writes for the held-out sprites `X`: posterior `mu` and
 * `logvar`, `recon_logits` decoded from one posterior draw, `recon_mean_logits` decoded from
 * `mu`, and `samples` decoded from the prior.
 */

/** Probabilities of the independent-pixel baseline are kept in [1e-3, 1 − 1e-3] so logs stay finite. */
const PROBABILITY_FLOOR = 1e-3;
/** Seed of the baseline's Bernoulli images; fixed so the baseline is the same for every run. */
const BASELINE_SEED = 7001;

const INDEPENDENT_PIXELS = {
  en: 'independent pixels with the training means',
  lv: 'neatkarīgi pikseļi ar apmācības vidējiem',
};

function output(context: MetricContext, name: string): { data: Float64Array; shape: number[] } {
  const array = context.outputs.get(name);
  if (!array) throw new Error(`task ${context.task.id} has no output ${name}`);
  return array;
}

function softplus(logit: number): number {
  return Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit)));
}

const pixelMeans = new WeakMap<Dataset, Float64Array>();

/** Mean of each pixel over the training split `X_train`, clamped away from 0 and 1. */
export function trainingPixelMeans(dataset: Dataset): Float64Array {
  const cached = pixelMeans.get(dataset);
  if (cached) return cached;
  const train = dataset.inputs?.X_train;
  if (!train) throw new Error(`data set ${dataset.id} has no X_train input`);
  const [rows, d] = train.shape;
  const means = new Float64Array(d);
  for (let i = 0; i < rows; i++)
    for (let j = 0; j < d; j++) means[j] += train.data[i * d + j] / rows;
  for (let j = 0; j < d; j++) {
    means[j] = Math.min(1 - PROBABILITY_FLOOR, Math.max(PROBABILITY_FLOOR, means[j]));
  }
  pixelMeans.set(dataset, means);
  return means;
}

/**
 * Negative ELBO per held-out image in nats: the Bernoulli negative log-likelihood of x under
 * the logits decoded from one posterior draw, plus KL(q(z|x) || N(0, I)), averaged over images.
 * It is a one-sample Monte Carlo estimate, with the draw made by the driver, not the student.
 */
export const negativeElboMetric: CheckMetric = {
  name: 'vae-negative-elbo',
  label: {
    en: 'held-out negative ELBO (nats per image)',
    lv: 'atliktās kopas negatīvais ELBO (nati uz attēlu)',
  },
  higherIsBetter: false,
  baselineLabel: INDEPENDENT_PIXELS,
  requires: ['mu', 'logvar', 'recon_logits'],
  measure: (context) => {
    const { X, n, d } = context.dataset;
    const logits = output(context, 'recon_logits').data;
    const mu = output(context, 'mu');
    const logvar = output(context, 'logvar').data;
    const k = mu.shape[1];
    let total = 0;
    for (let i = 0; i < n * d; i++) total += softplus(logits[i]) - X[i] * logits[i];
    for (let i = 0; i < n * k; i++) {
      total += 0.5 * (Math.exp(logvar[i]) + mu.data[i] ** 2 - 1 - logvar[i]);
    }
    return total / n;
  },
  baseline: (context) => {
    const { X, n, d } = context.dataset;
    const means = trainingPixelMeans(context.dataset);
    let total = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) {
        const p = means[j];
        total -= X[i * d + j] * Math.log(p) + (1 - X[i * d + j]) * Math.log(1 - p);
      }
    }
    return total / n;
  },
  advice: {
    en: 'The negative ELBO on held-out sprites is far above the reference: check that the decoder returns logits (no sigmoid), that the encoder returns logvar rather than the standard deviation, and that the reconstruction and KL terms are summed per image before averaging over the batch.',
    lv: 'Negatīvais ELBO atliktajiem spraitiem ir krietni lielāks par atsauces: pārbaudiet, vai dekoderis atgriež logitus (bez sigmoīdas), vai enkoderis atgriež logvar, nevis standartnovirzi, un vai rekonstrukcijas un KL locekļi tiek summēti katram attēlam pirms vidējošanas pa paketi.',
  },
};

/** Fraction of held-out pixels whose reconstruction from mu, thresholded at 0.5, is wrong. */
export const reconstructionErrorMetric: CheckMetric = {
  name: 'vae-reconstruction-error',
  label: { en: 'pixel error of reconstructions', lv: 'rekonstrukciju pikseļu kļūda' },
  higherIsBetter: false,
  baselineLabel: { en: 'the mean training image', lv: 'vidējais apmācības attēls' },
  requires: ['recon_mean_logits'],
  measure: (context) => {
    const { X, n, d } = context.dataset;
    const logits = output(context, 'recon_mean_logits').data;
    let wrong = 0;
    for (let i = 0; i < n * d; i++) if (logits[i] > 0 !== X[i] > 0.5) wrong++;
    return wrong / (n * d);
  },
  baseline: (context) => {
    const { X, n, d } = context.dataset;
    const means = trainingPixelMeans(context.dataset);
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < d; j++) if (means[j] > 0.5 !== X[i * d + j] > 0.5) wrong++;
    }
    return wrong / (n * d);
  },
  advice: {
    en: 'Reconstructions from the posterior mean miss many pixels: check that the decoder uses z and that the reconstruction term is not drowned by the KL term (sum it over pixels, do not average it).',
    lv: 'Rekonstrukcijās no aposteriorā vidējā trūkst daudz pikseļu: pārbaudiet, vai dekoderis izmanto z un vai rekonstrukcijas locekli nenomāc KL loceklis (summējiet to pa pikseļiem, nevis vidējojiet).',
  },
};

const heldOutFeatures = new WeakMap<Dataset, Float32Array>();
/** Baseline FID-style distance per data set and sample count; it costs a forward pass of 500 images. */
const baselineDistances = new WeakMap<Dataset, Map<number, number>>();

export function datasetFeatures(dataset: Dataset): Float32Array {
  let features = heldOutFeatures.get(dataset);
  if (!features) {
    features = spriteNetFeatures(dataset.X, dataset.n);
    heldOutFeatures.set(dataset, features);
  }
  return features;
}

function sampleCount(context: Omit<MetricContext, 'outputs'>): number {
  const samples = context.task.driver_params.samples;
  if (typeof samples !== 'number' || !Number.isInteger(samples) || samples < 2) {
    throw new Error(`task ${context.task.id}: driver_params.samples must be an integer >= 2`);
  }
  return samples;
}

/**
 * FID-style distance: the Fréchet distance between DMLG-SpriteNet-v1 features of the model's
 * samples and of the held-out sprites. Not comparable with Inception FID.
 */
export const fidStyleMetric: CheckMetric = {
  name: 'fid-style-spritenet',
  label: {
    en: `FID-style distance (${SPRITE_NET_NAME} features)`,
    lv: `FID veida attālums (${SPRITE_NET_NAME} pazīmes)`,
  },
  higherIsBetter: false,
  baselineLabel: INDEPENDENT_PIXELS,
  requires: ['samples'],
  measure: (context) => {
    const samples = output(context, 'samples');
    const rows = samples.shape[0];
    const clipped = samples.data.map((value) => Math.min(1, Math.max(0, value)));
    return frechetStyleDistance(
      spriteNetFeatures(clipped, rows),
      rows,
      datasetFeatures(context.dataset),
      context.dataset.n,
      SPRITE_NET_FEATURE_DIM,
    );
  },
  baseline: (context) => {
    const rows = sampleCount(context);
    const cached = baselineDistances.get(context.dataset)?.get(rows);
    if (cached !== undefined) return cached;
    const means = trainingPixelMeans(context.dataset);
    const d = context.dataset.d;
    const random = new Xoshiro128(BASELINE_SEED);
    const images = new Float32Array(rows * d);
    for (let i = 0; i < rows * d; i++) images[i] = random.nextDouble() < means[i % d] ? 1 : 0;
    const distance = frechetStyleDistance(
      spriteNetFeatures(images, rows),
      rows,
      datasetFeatures(context.dataset),
      context.dataset.n,
      SPRITE_NET_FEATURE_DIM,
    );
    const byRows = baselineDistances.get(context.dataset) ?? new Map<number, number>();
    byRows.set(rows, distance);
    baselineDistances.set(context.dataset, byRows);
    return distance;
  },
  advice: {
    en: 'Samples from the prior look unlike the sprites: check that the KL term pulls the posterior towards N(0, I) (otherwise decoded prior draws land where the decoder was never trained) and that reparameterize adds noise during training.',
    lv: 'Paraugi no apriorā sadalījuma neizskatās pēc spraitiem: pārbaudiet, vai KL loceklis pievelk aposteriorā sadalījumu pie N(0, I) (citādi dekodētās apriorās izlozes nonāk tur, kur dekoderis nav apmācīts) un vai reparameterize apmācības laikā pievieno troksni.',
  },
};

/** Mutual information gap of the posterior means on the sprites' five generative factors. */
export const migMetric: CheckMetric = {
  name: 'mig',
  label: { en: 'MIG', lv: 'MIG' },
  higherIsBetter: true,
  baselineLabel: {
    en: 'a code unrelated to the factors',
    lv: 'kods, kas nav saistīts ar faktoriem',
  },
  requires: ['mu'],
  measure: (context) => {
    const factors = context.dataset.factors;
    if (!factors) throw new Error(`data set ${context.dataset.id} has no generative factors`);
    const mu = output(context, 'mu');
    return mutualInformationGap(mu.data, mu.shape[0], mu.shape[1], factors);
  },
  baseline: () => 0,
  advice: {
    en: `The latent dimensions do not separate the generative factors: ${BETA_ADVICE.en}`,
    lv: `Latentās dimensijas neatdala ģeneratīvos faktorus: ${BETA_ADVICE.lv}`,
  },
};
