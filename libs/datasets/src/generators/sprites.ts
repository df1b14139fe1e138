import { readFileSync } from 'node:fs';
import type { Dataset } from '../dataset';
import { DatasetError } from '../errors';
import { Xoshiro128 } from '../random/xoshiro128';
import { resolveRepoPath } from '../repo-path';
import { GeneratorParams } from './params';

/**
 * Shapes, factor grids and units of the sprites, shared with the Python renderer
 * `libs/datasets/python/sprites.py`. A change there needs a new `SPRITES_VERSION`.
 */
export const SPRITES_DEFINITION_FILE = 'libs/datasets/python/sprites-definition.json';

/** Bump when the rendered images or the split change for the same parameters. */
export const SPRITES_VERSION = 'sprites@1';

/** Generative factors in the order of `SpriteFactors` and of `Dataset.factors.names`. */
export const SPRITE_FACTOR_NAMES = ['shape', 'scale', 'rotation', 'x', 'y'] as const;

export interface SpritesDefinition {
  image_size: number;
  shapes: { name: string; vertices: [number, number][] }[];
  /** Radius in quarter pixels. */
  scales: number[];
  /** [cos, sin] × 1024, rounded. */
  rotations: [number, number][];
  /** Centre coordinate in half pixels. */
  positions: number[];
}

/** Indices into the definition's tables, in the order of `SPRITE_FACTOR_NAMES`. */
export type SpriteFactors = readonly [number, number, number, number, number];

const HALF_PIXEL = 2 ** 15;
const PARAM_NAMES = ['seed', 'test_fraction'] as const;

let cachedDefinition: SpritesDefinition | undefined;

export function loadSpritesDefinition(): SpritesDefinition {
  cachedDefinition ??= JSON.parse(
    readFileSync(resolveRepoPath(SPRITES_DEFINITION_FILE), 'utf8'),
  ) as SpritesDefinition;
  return cachedDefinition;
}

/** Number of values of each factor, in the order of `SPRITE_FACTOR_NAMES`. */
export function spriteFactorSizes(definition: SpritesDefinition): number[] {
  const positions = definition.positions.length;
  return [
    definition.shapes.length,
    definition.scales.length,
    definition.rotations.length,
    positions,
    positions,
  ];
}

/** Every factor combination, the last factor (y) varying fastest, as in sprites.py. */
export function spriteFactorGrid(definition: SpritesDefinition): SpriteFactors[] {
  const sizes = spriteFactorSizes(definition);
  const total = sizes.reduce((product, size) => product * size, 1);
  const grid: SpriteFactors[] = [];
  for (let index = 0; index < total; index++) {
    const factors = [0, 0, 0, 0, 0];
    let rest = index;
    for (let f = sizes.length - 1; f >= 0; f--) {
      factors[f] = rest % sizes[f];
      rest = Math.floor(rest / sizes[f]);
    }
    grid.push(factors as unknown as SpriteFactors);
  }
  return grid;
}

/**
 * Renders one sprite into `target` (size × size values of 0 or 1, row-major) with the integer
 * rasteriser that sprites.py documents: polygon vertices in units of 2^-16 pixel, a pixel set
 * when its centre is inside by the even-odd crossing rule. Every intermediate value is an
 * integer below 2^45, so doubles compute it exactly and the result equals the Python one.
 */
export function renderSprite(
  definition: SpritesDefinition,
  factors: SpriteFactors,
  target: Float64Array | Float32Array | Uint8Array,
  offset = 0,
): void {
  const [shapeIndex, scaleIndex, rotationIndex, xIndex, yIndex] = factors;
  const size = definition.image_size;
  const vertices = definition.shapes[shapeIndex].vertices;
  const scale = definition.scales[scaleIndex];
  const [cos, sin] = definition.rotations[rotationIndex];
  const centreX = definition.positions[xIndex] * HALF_PIXEL;
  const centreY = definition.positions[yIndex] * HALF_PIXEL;

  const count = vertices.length;
  const vertexX = new Float64Array(count);
  const vertexY = new Float64Array(count);
  for (let v = 0; v < count; v++) {
    const [bx, by] = vertices[v];
    vertexX[v] = centreX + scale * (cos * bx - sin * by);
    vertexY[v] = centreY + scale * (sin * bx + cos * by);
  }

  for (let row = 0; row < size; row++) {
    const pixelY = (2 * row + 1) * HALF_PIXEL;
    for (let column = 0; column < size; column++) {
      const pixelX = (2 * column + 1) * HALF_PIXEL;
      let inside = false;
      for (let edge = 0; edge < count; edge++) {
        const next = (edge + 1) % count;
        const ax = vertexX[edge];
        const ay = vertexY[edge];
        const bx = vertexX[next];
        const by = vertexY[next];
        if (ay > pixelY === by > pixelY) continue;
        const side = (pixelX - ax) * (by - ay) - (pixelY - ay) * (bx - ax);
        if (by > ay ? side < 0 : side > 0) inside = !inside;
      }
      target[offset + row * size + column] = inside ? 1 : 0;
    }
  }
}

/**
 * Generates the sprites set: every combination of the definition's factors (4 shapes × 3 scales
 * × 6 rotations × 7 × 7 positions = 3,528 images of 16 × 16 pixels with values 0 and 1), shuffled
 * by Fisher–Yates from xoshiro128**(`seed`) and split in two. The first
 * round(`test_fraction` × total) images are `X` (scored, with hidden `factors` and the shape as
 * `y`); the rest are the public training input `X_train` (float32, shape (m, 256)).
 *
 * Parameters: `seed` (integer in [0, 2^32)), `test_fraction` (in [0.05, 0.95], default 0.2).
 */
export function generateSprites(id: string, raw: Record<string, unknown>): Dataset {
  const params = new GeneratorParams('sprites', raw, PARAM_NAMES);
  const seed = params.integer('seed', 0, 0xffffffff);
  const testFraction = params.number('test_fraction', 0.05, 0.95, 0.2);
  const definition = loadSpritesDefinition();
  const grid = spriteFactorGrid(definition);

  const random = new Xoshiro128(seed);
  for (let i = grid.length - 1; i > 0; i--) {
    const j = random.nextInt(i + 1);
    [grid[i], grid[j]] = [grid[j], grid[i]];
  }

  const pixels = definition.image_size * definition.image_size;
  const testCount = Math.round(testFraction * grid.length);
  if (testCount < 1 || testCount >= grid.length) {
    throw new DatasetError(`sprites: test_fraction ${testFraction} leaves an empty split`);
  }
  const X = new Float64Array(testCount * pixels);
  const y = new Int32Array(testCount);
  const factorValues = new Int32Array(testCount * SPRITE_FACTOR_NAMES.length);
  for (let i = 0; i < testCount; i++) {
    renderSprite(definition, grid[i], X, i * pixels);
    y[i] = grid[i][0];
    factorValues.set(grid[i], i * SPRITE_FACTOR_NAMES.length);
  }
  const trainCount = grid.length - testCount;
  const train = new Float32Array(trainCount * pixels);
  for (let i = 0; i < trainCount; i++) {
    renderSprite(definition, grid[testCount + i], train, i * pixels);
  }

  return {
    id,
    X,
    n: testCount,
    d: pixels,
    y,
    numClasses: definition.shapes.length,
    version: SPRITES_VERSION,
    factors: {
      names: [...SPRITE_FACTOR_NAMES],
      sizes: spriteFactorSizes(definition),
      values: factorValues,
    },
    inputs: { X_train: { dtype: 'float32', shape: [trainCount, pixels], data: train } },
  };
}
