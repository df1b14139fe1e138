import type { CheckMetric, MetricContext } from './check-metric';

/**
 * Unit checks of assignments 8 (GAN) and 9 (WGAN-GP) on the fixed cases that the harness driver
 * `gan` draws and writes back: the worker recomputes each expected value in float64 from those
 * inputs and compares. Each metric is the fraction of cases (or parameters) that agree, so the
 * reference scores 1 and code that disagrees everywhere scores 0.
 */

/** float32 torch arithmetic on means of a few terms errs by roughly 1e-6 relative (an estimate). */
const RELATIVE_TOLERANCE = 1e-4;
const ABSOLUTE_TOLERANCE = 1e-5;
/**
 * Interpolation weights read back from different elements of one float32 point differ by about
 * 1e-7 / 0.5 (elements of real and fake differ by at least 0.5); 1e-4 leaves a wide margin.
 */
const WEIGHT_TOLERANCE = 1e-4;
/** Below this spread of the batch's interpolation weights, the batch shares one weight. */
const MIN_WEIGHT_SPREAD = 1e-3;

const NO_AGREEMENT = { en: 'no agreement', lv: 'nav sakritības' };

function output(context: MetricContext, name: string): { data: Float64Array; shape: number[] } {
  const array = context.outputs.get(name);
  if (!array) throw new Error(`task ${context.task.id} has no output ${name}`);
  return array;
}

function close(actual: number, expected: number): boolean {
  return (
    Math.abs(actual - expected) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * Math.abs(expected)
  );
}

/** log(1 + e^l) without overflow: the binary cross-entropy of logit −l against label 1. */
function softplus(logit: number): number {
  return Math.max(logit, 0) + Math.log1p(Math.exp(-Math.abs(logit)));
}

/** Applies `expected` to each case (row) of the (cases × batch) arrays and counts agreements. */
function fractionOfCases(
  context: MetricContext,
  actualName: string,
  expected: (real: Float64Array, fake: Float64Array) => number,
): number {
  const real = output(context, 'unit_real');
  const fake = output(context, 'unit_fake');
  const actual = output(context, actualName).data;
  const [cases, batch] = real.shape;
  if (actual.length !== cases) return 0;
  let agreeing = 0;
  for (let c = 0; c < cases; c++) {
    const rows = (array: Float64Array) => array.subarray(c * batch, (c + 1) * batch);
    if (close(actual[c], expected(rows(real.data), rows(fake.data)))) agreeing++;
  }
  return agreeing / cases;
}

function mean(values: Float64Array, map: (value: number) => number = (value) => value): number {
  let sum = 0;
  for (const value of values) sum += map(value);
  return sum / values.length;
}

const unitMetric = {
  higherIsBetter: true,
  baselineLabel: NO_AGREEMENT,
  baseline: () => 0,
};

/** BCE with label 1 on real logits plus BCE with label 0 on fake logits, each a batch mean. */
export const ganDiscriminatorLossMetric: CheckMetric = {
  ...unitMetric,
  name: 'gan-discriminator-loss',
  label: {
    en: 'fraction of discriminator losses correct',
    lv: 'pareizo diskriminatora zudumu daļa',
  },
  requires: ['unit_real', 'unit_fake', 'unit_d_loss'],
  measure: (context) =>
    fractionOfCases(
      context,
      'unit_d_loss',
      (real, fake) => mean(real, (logit) => softplus(-logit)) + mean(fake, softplus),
    ),
  advice: {
    en: 'discriminator_loss differs from BCE(real_logits, 1) + BCE(fake_logits, 0), each averaged over the batch: use F.binary_cross_entropy_with_logits with float targets torch.ones_like and torch.zeros_like, and add the two terms (do not halve them).',
    lv: 'discriminator_loss atšķiras no BCE(real_logits, 1) + BCE(fake_logits, 0), katrs vidējots pa paketi: izmantojiet F.binary_cross_entropy_with_logits ar reālo skaitļu mērķiem torch.ones_like un torch.zeros_like un saskaitiet abus locekļus (nedaliet ar divi).',
  },
};

/** The non-saturating generator loss −log σ(fake logit), averaged over the batch. */
export const ganGeneratorLossMetric: CheckMetric = {
  ...unitMetric,
  name: 'gan-generator-loss',
  label: { en: 'fraction of generator losses correct', lv: 'pareizo ģeneratora zudumu daļa' },
  requires: ['unit_fake', 'unit_g_loss'],
  measure: (context) =>
    fractionOfCases(context, 'unit_g_loss', (_real, fake) =>
      mean(fake, (logit) => softplus(-logit)),
    ),
  advice: {
    en: 'generator_loss differs from the non-saturating loss BCE(fake_logits, 1) = -log D(G(z)) averaged over the batch: check its sign (the generator must raise D(G(z))) and do not use the saturating log(1 - D(G(z))), whose gradient vanishes while the discriminator wins.',
    lv: 'generator_loss atšķiras no nepiesātinošā zuduma BCE(fake_logits, 1) = -log D(G(z)), vidējota pa paketi: pārbaudiet zīmi (ģeneratoram jāpalielina D(G(z))) un neizmantojiet piesātinošo log(1 - D(G(z))), kura gradients izzūd, kamēr diskriminators uzvar.',
  },
};

/** mean(fake scores) − mean(real scores): the negative of the critic's Wasserstein estimate. */
export const wganCriticLossMetric: CheckMetric = {
  ...unitMetric,
  name: 'wgan-critic-loss',
  label: { en: 'fraction of critic losses correct', lv: 'pareizo kritiķa zudumu daļa' },
  requires: ['unit_real', 'unit_fake', 'unit_c_loss'],
  measure: (context) =>
    fractionOfCases(context, 'unit_c_loss', (real, fake) => mean(fake) - mean(real)),
  advice: {
    en: 'critic_loss differs from mean(fake_scores) - mean(real_scores): the critic maximises the gap between its scores of real and fake images, so it minimises this difference. Scores are raw (no sigmoid, no log).',
    lv: 'critic_loss atšķiras no mean(fake_scores) - mean(real_scores): kritiķis maksimizē starpību starp reālo un ģenerēto attēlu vērtējumiem, tātad minimizē šo starpību. Vērtējumi ir neapstrādāti (bez sigmoīdas, bez logaritma).',
  },
};

/** −mean(fake scores). */
export const wganGeneratorLossMetric: CheckMetric = {
  ...unitMetric,
  name: 'wgan-generator-loss',
  label: { en: 'fraction of generator losses correct', lv: 'pareizo ģeneratora zudumu daļa' },
  requires: ['unit_fake', 'unit_g_loss'],
  measure: (context) => fractionOfCases(context, 'unit_g_loss', (_real, fake) => -mean(fake)),
  advice: {
    en: 'generator_loss differs from -mean(fake_scores): the generator raises the critic score of its samples, so its loss is the negative mean score.',
    lv: 'generator_loss atšķiras no -mean(fake_scores): ģenerators palielina kritiķa vērtējumu saviem paraugiem, tāpēc tā zudums ir negatīvs vidējais vērtējums.',
  },
};

export interface PenaltyCase {
  /** Points (batch × elements) at which the critic was called, or undefined when it was not. */
  points: Float64Array | undefined;
  real: Float64Array;
  fake: Float64Array;
  a: Float64Array;
  b: Float64Array;
  weight: number;
  value: number;
  batch: number;
  elements: number;
}

function penaltyCases(context: MetricContext): PenaltyCase[] {
  const points = output(context, 'gp_points');
  const [cases, batch, elements] = points.shape;
  const seen = output(context, 'gp_seen').data;
  const slice = (name: string, size: number, c: number) =>
    output(context, name).data.subarray(c * size, (c + 1) * size);
  return Array.from({ length: cases }, (_, c) => ({
    points: seen[c] > 0.5 ? slice('gp_points', batch * elements, c) : undefined,
    real: slice('gp_real', batch * elements, c),
    fake: slice('gp_fake', batch * elements, c),
    a: slice('gp_a', elements, c),
    b: slice('gp_b', elements, c),
    weight: output(context, 'gp_weight').data[c],
    value: output(context, 'gp_value').data[c],
    batch,
    elements,
  }));
}

/**
 * The penalty the driver's quadratic critic f(x) = Σ_j (a_j x_j² / 2 + b_j x_j) has at the
 * points it saw: weight · mean over samples of (‖a ⊙ x + b‖₂ − 1)², the norm over all
 * non-batch elements.
 */
export function expectedGradientPenalty(entry: PenaltyCase): number | undefined {
  const { points, a, b, weight, batch, elements } = entry;
  if (!points) return undefined;
  let sum = 0;
  for (let i = 0; i < batch; i++) {
    let squares = 0;
    for (let j = 0; j < elements; j++) {
      const gradient = a[j] * points[i * elements + j] + b[j];
      squares += gradient * gradient;
    }
    sum += (Math.sqrt(squares) - 1) ** 2;
  }
  return (weight * sum) / batch;
}

/**
 * The interpolation weight of each sample, ε = (x̂ − fake) / (real − fake), read from every
 * element; undefined when the elements of a sample disagree (the point is not on the segment
 * between its real and fake sample) or the critic never saw the batch.
 */
export function interpolationWeights(entry: PenaltyCase): number[] | undefined {
  const { points, real, fake, batch, elements } = entry;
  if (!points) return undefined;
  const weights: number[] = [];
  for (let i = 0; i < batch; i++) {
    let low = Infinity;
    let high = -Infinity;
    for (let j = 0; j < elements; j++) {
      const index = i * elements + j;
      const weight = (points[index] - fake[index]) / (real[index] - fake[index]);
      low = Math.min(low, weight);
      high = Math.max(high, weight);
    }
    if (!(high - low <= WEIGHT_TOLERANCE)) return undefined;
    weights.push((low + high) / 2);
  }
  return weights;
}

export const wganGradientPenaltyMetric: CheckMetric = {
  ...unitMetric,
  name: 'wgan-gradient-penalty',
  label: {
    en: 'fraction of gradient penalties correct',
    lv: 'pareizo gradienta soda vērtību daļa',
  },
  requires: ['gp_points', 'gp_seen', 'gp_real', 'gp_fake', 'gp_a', 'gp_b', 'gp_weight', 'gp_value'],
  measure: (context) => {
    const cases = penaltyCases(context);
    const agreeing = cases.filter((entry) => {
      const expected = expectedGradientPenalty(entry);
      return expected !== undefined && close(entry.value, expected);
    });
    return agreeing.length / cases.length;
  },
  advice: {
    en: 'gradient_penalty differs from weight * mean over the batch of (||grad critic(x_hat)||_2 - 1)^2 at the points where you called the critic: take the gradient with torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True), flatten it to (batch, -1) and take the 2-norm over dim=1 (all non-batch dimensions, not element-wise), and multiply by weight.',
    lv: 'gradient_penalty atšķiras no weight * vidējā pa paketi no (||grad critic(x_hat)||_2 - 1)^2 punktos, kuros izsaucāt kritiķi: gradientu iegūstiet ar torch.autograd.grad(scores, x_hat, grad_outputs=torch.ones_like(scores), create_graph=True), pārveidojiet to formā (batch, -1), ņemiet 2-normu pa dim=1 (visas dimensijas, izņemot paketes, nevis pa elementiem) un reiziniet ar weight.',
  },
};

export const wganInterpolationMetric: CheckMetric = {
  ...unitMetric,
  name: 'wgan-interpolation',
  label: {
    en: 'fraction of penalty batches interpolated per sample',
    lv: 'soda paketu daļa ar interpolāciju katram paraugam',
  },
  requires: ['gp_points', 'gp_seen', 'gp_real', 'gp_fake'],
  measure: (context) => {
    const cases = penaltyCases(context);
    const agreeing = cases.filter((entry) => {
      const weights = interpolationWeights(entry);
      if (!weights) return false;
      const inside = weights.every((w) => w >= -WEIGHT_TOLERANCE && w <= 1 + WEIGHT_TOLERANCE);
      return inside && Math.max(...weights) - Math.min(...weights) > MIN_WEIGHT_SPREAD;
    });
    return agreeing.length / cases.length;
  },
  advice: {
    en: 'The critic was not called at points x_hat = eps * real + (1 - eps) * fake with its own eps ~ U[0, 1] per sample: draw eps of shape (batch, 1, ...) (one value per sample, broadcast over the other dimensions), and interpolate between real and fake rather than use the real (or fake) samples alone.',
    lv: 'Kritiķis netika izsaukts punktos x_hat = eps * real + (1 - eps) * fake ar savu eps ~ U[0, 1] katram paraugam: izlozējiet eps formā (batch, 1, ...) (viena vērtība katram paraugam, izplesta pa pārējām dimensijām) un interpolējiet starp reālajiem un ģenerētajiem paraugiem, nevis izmantojiet tikai reālos (vai tikai ģenerētos).',
  },
};

/** Fraction of critic parameters equal to their value before clipping, clamped to [−c, c]. */
export const wganWeightClippingMetric: CheckMetric = {
  ...unitMetric,
  name: 'wgan-weight-clipping',
  label: {
    en: 'fraction of parameters clipped correctly',
    lv: 'pareizi apcirpto parametru daļa',
  },
  requires: ['clip_before', 'clip_after', 'clip_value'],
  measure: (context) => {
    const before = output(context, 'clip_before').data;
    const after = output(context, 'clip_after').data;
    const limit = output(context, 'clip_value').data[0];
    if (after.length !== before.length) return 0;
    let agreeing = 0;
    for (let i = 0; i < before.length; i++) {
      if (close(after[i], Math.min(limit, Math.max(-limit, before[i])))) agreeing++;
    }
    return agreeing / before.length;
  },
  advice: {
    en: 'clip_weights(critic, clip_value) must clamp every parameter of the critic in place to [-clip_value, clip_value] and leave values inside that range unchanged: for p in critic.parameters(): p.data.clamp_(-clip_value, clip_value).',
    lv: 'clip_weights(critic, clip_value) jāierobežo katrs kritiķa parametrs uz vietas intervālā [-clip_value, clip_value], vērtības šajā intervālā atstājot nemainītas: for p in critic.parameters(): p.data.clamp_(-clip_value, clip_value).',
  },
};
