import type { Dataset } from './dataset';
import { DatasetError, describeValue } from './errors';
import { generateBlobs } from './generators/blobs';
import { generateCircles } from './generators/circles';
import { generateGlyphs } from './generators/glyphs';
import { generateKnownSpectrum } from './generators/known-spectrum';
import { generateMetricUnitBatch } from './generators/metric-unit-batch';
import { generateMoons } from './generators/moons';
import { generateProxyUnitBatch } from './generators/proxy-unit-batch';
import { generateSprites } from './generators/sprites';
import { generateVariedDensity } from './generators/varied-density';
import { loadDigits } from './sources/digits';
import { loadDigitsClassSplit } from './sources/digits-class-split';
import { loadDigitsSplit } from './sources/digits-split';

/** A data set entry as an assignment manifest declares it: a shipped source or a generator. */
export type DatasetEntry =
  | { source: string; params?: Record<string, unknown> }
  | { generator: string; params?: Record<string, unknown> };

type Builder = (id: string, params: Record<string, unknown>) => Dataset;

/** Data files shipped in the repository, by name. */
const SOURCES: Readonly<Record<string, Builder>> = {
  digits: (id, params) => {
    rejectParams('digits', params);
    return loadDigits(id);
  },
  'digits-split': loadDigitsSplit,
  'digits-class-split': (id, params) => {
    rejectParams('digits-class-split', params);
    return loadDigitsClassSplit(id);
  },
};

/** Seeded generators, by name. */
const GENERATORS: Readonly<Record<string, Builder>> = {
  blobs: generateBlobs,
  moons: generateMoons,
  circles: generateCircles,
  'varied-density': generateVariedDensity,
  'known-spectrum': generateKnownSpectrum,
  sprites: generateSprites,
  glyphs: generateGlyphs,
  'metric-unit-batch': generateMetricUnitBatch,
  'proxy-unit-batch': generateProxyUnitBatch,
};

export const SOURCE_NAMES: readonly string[] = Object.keys(SOURCES);
export const GENERATOR_NAMES: readonly string[] = Object.keys(GENERATORS);

/**
 * Loads or generates the data set that `entry` describes.
 *
 * @throws DatasetError for an unknown source or generator (the message lists the known ones),
 * an entry with both or neither of `source` and `generator`, or invalid params.
 */
export function materializeDataset(id: string, entry: DatasetEntry): Dataset {
  const fields = entry as { source?: unknown; generator?: unknown; params?: unknown };
  const params = fields.params ?? {};
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new DatasetError(
      `dataset ${describeValue(id)}: params must be an object, got ${describeValue(params)}`,
    );
  }
  if ((fields.source === undefined) === (fields.generator === undefined)) {
    throw new DatasetError(
      `dataset ${describeValue(id)}: give exactly one of "source" and "generator"`,
    );
  }

  const [kind, name, registry] =
    fields.source !== undefined
      ? (['source', fields.source, SOURCES] as const)
      : (['generator', fields.generator, GENERATORS] as const);
  const build =
    typeof name === 'string' && Object.hasOwn(registry, name) ? registry[name] : undefined;
  if (build === undefined) {
    throw new DatasetError(
      `dataset ${describeValue(id)}: unknown ${kind} ${describeValue(name)}; known ${kind}s: ${Object.keys(registry).join(', ')}`,
    );
  }
  return build(id, params as Record<string, unknown>);
}

function rejectParams(source: string, params: Record<string, unknown>): void {
  const names = Object.keys(params);
  if (names.length > 0) {
    throw new DatasetError(`${source}: takes no parameters, got ${names.join(', ')}`);
  }
}
