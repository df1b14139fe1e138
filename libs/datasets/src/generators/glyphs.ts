import type { Dataset } from '../dataset';
import { Xoshiro128 } from '../random/xoshiro128';
import { GeneratorParams } from './params';

/** Bump when the generated values change for the same parameters. */
export const GLYPHS_VERSION = 'glyphs@1';

const PARAM_NAMES = [
  'classes',
  'train_classes',
  'train_samples_per_class',
  'test_samples_per_class',
  'size',
  'strokes',
  'jitter',
  'seed',
] as const;

/** Validated parameters of `generateGlyphs`. */
export interface GlyphsParams {
  /** Number of glyph classes in total. */
  classes: number;
  /** Classes 0..trainClasses-1 form the public training split; the rest are scored. */
  trainClasses: number;
  trainSamplesPerClass: number;
  testSamplesPerClass: number;
  /** Images are size × size pixels. */
  size: number;
  /** Line segments per glyph. */
  strokes: number;
  /** Multiplies every per-sample perturbation; 0 renders each class's prototype exactly. */
  jitter: number;
  seed: number;
}

/** Per-sample perturbations at jitter 1, in units of the image side (angles in radians). */
const ROTATION_SD = 0.12;
const SCALE_SD = 0.06;
const SHIFT_SD = 0.04;
const ENDPOINT_SD = 0.025;
const PIXEL_NOISE_SD = 0.04;
/** Half-width of a stroke, in units of the image side; intensity falls linearly to 0 there. */
const STROKE_HALF_WIDTH = 0.07;
/** Endpoints of prototype strokes lie in [MARGIN, 1 - MARGIN]² so jitter rarely clips them. */
const MARGIN = 0.15;

/**
 * Validates glyphs parameters, given with the snake_case names of the assignment manifests:
 * `classes` (2..2000, default 120), `train_classes` (1..classes-1, default half),
 * `train_samples_per_class` (1..1000, default 20), `test_samples_per_class` (2..1000,
 * default 10), `size` (8..64, default 16), `strokes` (1..8, default 3), `jitter` (0..4,
 * default 1) and `seed` (required).
 */
export function parseGlyphsParams(params: Record<string, unknown>): GlyphsParams {
  const read = new GeneratorParams('glyphs', params, PARAM_NAMES);
  const classes = read.integer('classes', 2, 2000, 120);
  return {
    classes,
    trainClasses: read.integer('train_classes', 1, classes - 1, Math.floor(classes / 2)),
    trainSamplesPerClass: read.integer('train_samples_per_class', 1, 1000, 20),
    testSamplesPerClass: read.integer('test_samples_per_class', 2, 1000, 10),
    size: read.integer('size', 8, 64, 16),
    strokes: read.integer('strokes', 1, 8, 3),
    jitter: read.number('jitter', 0, 4, 1),
    seed: read.integer('seed', 0, 0xffffffff),
  };
}

type Segment = [number, number, number, number];

/**
 * Procedural glyph images for class-disjoint metric learning: each class is a few random line
 * segments (its prototype); each sample redraws the prototype under a random rotation, scale,
 * shift and endpoint noise, with anti-aliased strokes and Gaussian pixel noise. One Xoshiro128
 * stream, seeded by `seed`, draws all prototypes first and then the samples class by class, so
 * the same parameters give the same arrays on every machine.
 *
 * The scored split (`X`, `y`) holds the classes from `train_classes` on, relabelled from 0; the
 * public training split is `inputs.X_train` and `inputs.y_train`. Pixels are in [0, 1], rows
 * are images flattened row by row.
 */
export function generateGlyphs(id: string, rawParams: Record<string, unknown>): Dataset {
  const params = parseGlyphsParams(rawParams);
  const random = new Xoshiro128(params.seed);
  const prototypes: Segment[][] = [];
  for (let label = 0; label < params.classes; label++) {
    const strokes: Segment[] = [];
    for (let stroke = 0; stroke < params.strokes; stroke++) {
      const point = (): number => MARGIN + (1 - 2 * MARGIN) * random.nextDouble();
      strokes.push([point(), point(), point(), point()]);
    }
    prototypes.push(strokes);
  }

  const d = params.size * params.size;
  const render = (label: number, count: number, X: Float64Array, offset: number): void => {
    for (let sample = 0; sample < count; sample++) {
      renderSample(prototypes[label], params, random, X.subarray((offset + sample) * d));
    }
  };
  const trainCount = params.trainClasses * params.trainSamplesPerClass;
  const testClasses = params.classes - params.trainClasses;
  const testCount = testClasses * params.testSamplesPerClass;
  const trainX = new Float64Array(trainCount * d);
  const trainY: number[] = [];
  const X = new Float64Array(testCount * d);
  const y = new Int32Array(testCount);
  for (let label = 0; label < params.trainClasses; label++) {
    render(label, params.trainSamplesPerClass, trainX, label * params.trainSamplesPerClass);
    for (let sample = 0; sample < params.trainSamplesPerClass; sample++) trainY.push(label);
  }
  for (let index = 0; index < testClasses; index++) {
    render(
      params.trainClasses + index,
      params.testSamplesPerClass,
      X,
      index * params.testSamplesPerClass,
    );
    y.fill(index, index * params.testSamplesPerClass, (index + 1) * params.testSamplesPerClass);
  }
  return {
    id,
    X,
    n: testCount,
    d,
    y,
    numClasses: testClasses,
    version: GLYPHS_VERSION,
    inputs: {
      X_train: { dtype: 'float64', shape: [trainCount, d], data: trainX },
      y_train: { dtype: 'int64', shape: [trainCount], data: trainY },
    },
  };
}

/** Draws one jittered copy of `prototype` into `pixels` (size × size, row-major). */
function renderSample(
  prototype: Segment[],
  params: GlyphsParams,
  random: Xoshiro128,
  pixels: Float64Array,
): void {
  const jitter = params.jitter;
  const angle = jitter * ROTATION_SD * random.nextNormal();
  const scale = 1 + jitter * SCALE_SD * random.nextNormal();
  const shiftX = jitter * SHIFT_SD * random.nextNormal();
  const shiftY = jitter * SHIFT_SD * random.nextNormal();
  const cos = Math.cos(angle) * scale;
  const sin = Math.sin(angle) * scale;
  // Rotation and scale about the image centre, then the shift.
  const place = (x: number, y: number): [number, number] => {
    const u = x - 0.5 + jitter * ENDPOINT_SD * random.nextNormal();
    const v = y - 0.5 + jitter * ENDPOINT_SD * random.nextNormal();
    return [0.5 + cos * u - sin * v + shiftX, 0.5 + sin * u + cos * v + shiftY];
  };
  const segments = prototype.map(([x0, y0, x1, y1]) => [...place(x0, y0), ...place(x1, y1)]);

  const size = params.size;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      const px = (column + 0.5) / size;
      const py = (row + 0.5) / size;
      let ink = 0;
      for (const [x0, y0, x1, y1] of segments) {
        const distance = distanceToSegment(px, py, x0, y0, x1, y1);
        ink = Math.max(ink, 1 - distance / STROKE_HALF_WIDTH);
      }
      const noisy = ink + jitter * PIXEL_NOISE_SD * random.nextNormal();
      pixels[row * size + column] = Math.min(1, Math.max(0, noisy));
    }
  }
}

function distanceToSegment(
  px: number,
  py: number,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
): number {
  const dx = x1 - x0;
  const dy = y1 - y0;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared > 0
      ? Math.min(1, Math.max(0, ((px - x0) * dx + (py - y0) * dy) / lengthSquared))
      : 0;
  return Math.hypot(px - x0 - t * dx, py - y0 - t * dy);
}
