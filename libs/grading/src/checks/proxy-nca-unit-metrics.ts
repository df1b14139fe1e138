import type { NpyArray } from '@dmlg/datasets';
import type { LocalizedText } from '@dmlg/db';
import type { CheckMetric, MetricContext } from './check-metric';
import { expectedProxyNcaLoss, type ProxyNcaExpectation } from './proxy-nca-oracle';

/**
 * Unit checks of assignment 6 on fixed inputs (generator `proxy-unit-batch`): the student's
 * ProxyNCALoss value and gradients against proxy-nca-oracle.ts, and whether its proxies are a
 * learnable parameter. The driver (mode `proxy-loss`) overwrites the proxies with the input
 * `proxies` before the call.
 */

/**
 * The student's float32 arithmetic against the float64 oracle. Losses reach about 130 on the
 * confident batch (scale 64), where float32 rounding is about 1e-5; the relative term covers it.
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

function expectation(context: MetricContext): ProxyNcaExpectation {
  const [embeddingsName, labelsName, proxiesName] = context.task.call.args;
  const embeddings = input(context, embeddingsName);
  const scale = context.task.call.init.scale;
  if (typeof scale !== 'number') {
    throw new Error(`task ${context.task.id}: call.init.scale must be a number`);
  }
  return expectedProxyNcaLoss(
    embeddings.data,
    input(context, labelsName).data,
    input(context, proxiesName).data,
    embeddings.shape[1],
    scale,
  );
}

function close(actual: number, expected: number, scale: number): boolean {
  return Math.abs(actual - expected) <= ABSOLUTE_TOLERANCE + RELATIVE_TOLERANCE * scale;
}

/** Compares every entry within tolerance, with one scale (the largest expected entry) for the array. */
function allClose(actual: Float64Array, expected: Float64Array): boolean {
  const scale = expected.reduce((largest, value) => Math.max(largest, Math.abs(value)), 0);
  if (actual.length !== expected.length) return false;
  return expected.every((value, index) => close(actual[index], value, scale));
}

/** 1 when the loss and its gradient with respect to the embeddings agree with the oracle. */
function lossAgreement(context: MetricContext): number {
  const expected = expectation(context);
  if (!close(output(context, 'loss')[0], expected.loss, Math.abs(expected.loss))) return 0;
  return allClose(output(context, 'grad_embeddings'), expected.gradEmbeddings) ? 1 : 0;
}

function proxyLossMetric(name: string, advice: LocalizedText): CheckMetric {
  return {
    name,
    label: {
      en: 'agreement with the expected loss and gradient',
      lv: 'sakritība ar sagaidāmo zaudējumu un gradientu',
    },
    higherIsBetter: true,
    baselineLabel: NO_AGREEMENT,
    requires: ['loss', 'grad_embeddings'],
    measure: lossAgreement,
    baseline: () => 0,
    advice,
  };
}

export const proxyNcaLossMetric = proxyLossMetric('proxy-nca-loss', {
  en: 'The loss must be the mean over the batch of s·d(x, p_y) + log Σ_{z≠y} exp(−s·d(x, p_z)), with d the squared Euclidean distance between the L2-normalised embedding and the L2-normalised proxies: normalise both inside forward (the inputs here have norms between 0.5 and 2), leave the positive proxy p_y out of the sum in the denominator (not a cross-entropy over all proxies), and return this negative log-likelihood itself, not its negation.',
  lv: 'Zaudējumam jābūt vidējam pār partiju no s·d(x, p_y) + log Σ_{z≠y} exp(−s·d(x, p_z)), kur d ir kvadrātiskais Eiklīda attālums starp L2 normalizētu iegultni un L2 normalizētiem starpniekiem: normalizējiet abus forward iekšienē (šeit ievaddatu normas ir no 0,5 līdz 2), neiekļaujiet pozitīvo starpnieku p_y saucēja summā (tā nav krusteniskā entropija pār visiem starpniekiem) un atgrieziet pašu šo negatīvo log-ticamību, nevis tās pretējo vērtību.',
});

export const proxyNcaLossScaleMetric = proxyLossMetric('proxy-nca-loss-scale', {
  en: 'With scale s ≠ 1 every logit is −s·d, the squared distance multiplied by s (not divided by it, and not s applied to the plain distance): L_i = s·d(x, p_y) + log Σ_{z≠y} exp(−s·d(x, p_z)).',
  lv: 'Ja mērogs s ≠ 1, katrs logits ir −s·d, kvadrātiskais attālums, reizināts ar s (nevis dalīts ar to, un s nav jāpiemēro parastajam attālumam): L_i = s·d(x, p_y) + log Σ_{z≠y} exp(−s·d(x, p_z)).',
});

export const proxyNcaLossConfidentMetric = proxyLossMetric('proxy-nca-loss-confident', {
  en: 'On a batch where each embedding lies next to its own proxy, with scale 64, every exp(−s·d) of a negative proxy underflows to 0 in float32: compute log Σ_{z≠y} exp(−s·d_z) with torch.logsumexp over the logits with the positive masked to −inf, not torch.log(torch.exp(...).sum()). The loss is then large (about s·d of the nearest negative) and finite.',
  lv: 'Partijā, kurā katra iegultne atrodas blakus savam starpniekam, ar mērogu 64 katrs negatīvā starpnieka exp(−s·d) float32 precizitātē kļūst par 0: aprēķiniet log Σ_{z≠y} exp(−s·d_z) ar torch.logsumexp no logitiem, kuros pozitīvais aizstāts ar −inf, nevis ar torch.log(torch.exp(...).sum()). Tad zaudējums ir liels (aptuveni tuvākā negatīvā s·d) un galīgs.',
});

/** 1 when `proxies` is a learnable parameter and its gradient agrees with the oracle. */
function proxyAgreement(context: MetricContext): number {
  if (output(context, 'proxies_learnable')[0] !== 1) return 0;
  return allClose(output(context, 'grad_proxies'), expectation(context).gradProxies) ? 1 : 0;
}

export const proxyNcaProxyGradientMetric: CheckMetric = {
  name: 'proxy-nca-proxy-gradient',
  label: {
    en: 'learnable proxies with the expected gradient',
    lv: 'apmācāmi starpnieki ar sagaidāmo gradientu',
  },
  higherIsBetter: true,
  baselineLabel: NO_AGREEMENT,
  requires: ['proxies_learnable', 'grad_proxies'],
  measure: proxyAgreement,
  baseline: () => 0,
  advice: {
    en: 'The proxies must be learnable: keep them in self.proxies = nn.Parameter(torch.randn(num_classes, embedding_dim)) (not a buffer, not requires_grad=False, not a plain tensor), so that the optimiser moves them, and normalise them inside forward so that their gradient flows through the normalisation.',
    lv: 'Starpniekiem jābūt apmācāmiem: glabājiet tos self.proxies = nn.Parameter(torch.randn(num_classes, embedding_dim)) (nevis buferī, nevis ar requires_grad=False, nevis kā parastu tenzoru), lai optimizētājs tos pārvietotu, un normalizējiet tos forward iekšienē, lai to gradients plūstu caur normalizāciju.',
  },
};
