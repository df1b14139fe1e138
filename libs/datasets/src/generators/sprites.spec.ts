import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { resolveRepoPath } from '../repo-path';
import {
  generateSprites,
  loadSpritesDefinition,
  renderSprite,
  spriteFactorGrid,
  SPRITE_FACTOR_NAMES,
} from './sprites';

const PYTHON = '/usr/bin/python3';

/** Runs the Python renderer on the whole factor grid; undefined when python3 or numpy is missing. */
function renderGridInPython(): string[] | undefined {
  const script = resolveRepoPath('libs/datasets/python/sprites.py');
  const result = spawnSync(PYTHON, [script, '--hex'], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error || result.status !== 0) return undefined;
  return result.stdout.trimEnd().split('\n');
}

void describe('sprites', () => {
  const definition = loadSpritesDefinition();
  const pixels = definition.image_size * definition.image_size;

  void it('grid has every combination once', () => {
    const grid = spriteFactorGrid(definition);
    assert.equal(grid.length, 4 * 3 * 6 * 7 * 7);
    assert.equal(new Set(grid.map((factors) => factors.join(','))).size, grid.length);
  });

  void it('renders a centred square', () => {
    // Square (half side 12/16 of the radius), radius 4 px, no rotation, centre (8, 8) px: the
    // corners are at 5 and 11 px, so pixel centres 5.5 ... 10.5 are inside.
    const image = new Uint8Array(pixels);
    renderSprite(definition, [0, 1, 0, 3, 3], image);
    const set: number[] = [];
    image.forEach((value, index) => {
      if (value === 1) set.push(index);
    });
    assert.equal(set.length, 36);
    assert.equal(image[5 * 16 + 5], 1);
    assert.equal(image[10 * 16 + 10], 1);
    assert.equal(image[4 * 16 + 5], 0);
  });

  void it('python renderer agrees pixel for pixel', (context) => {
    const lines = renderGridInPython();
    if (lines === undefined) {
      context.skip(`${PYTHON} with numpy is not available, so the Python renderer was not run`);
      return;
    }
    const grid = spriteFactorGrid(definition);
    assert.equal(lines.length, grid.length);
    const image = new Uint8Array(pixels);
    const mismatches: string[] = [];
    grid.forEach((factors, index) => {
      renderSprite(definition, factors, image);
      if (Buffer.from(image).toString('hex') !== lines[index]) mismatches.push(factors.join(','));
    });
    assert.deepEqual(mismatches.slice(0, 5), []);
  });

  void it('split covers the grid without overlap', () => {
    const data = generateSprites('sprites-a', { seed: 3 });
    const train = data.inputs?.X_train;
    assert.ok(train);
    assert.equal(data.n, 706);
    assert.equal(train.shape[0], 3528 - 706);
    assert.equal(data.d, pixels);
    assert.deepEqual(data.factors?.names, [...SPRITE_FACTOR_NAMES]);
    assert.equal(data.factors?.values.length, 706 * 5);
  });

  void it('same seed gives identical data', () => {
    const first = generateSprites('s', { seed: 11, test_fraction: 0.3 });
    const second = generateSprites('s', { seed: 11, test_fraction: 0.3 });
    assert.deepEqual(first.X, second.X);
    assert.deepEqual(first.factors?.values, second.factors?.values);
  });

  void it('rejects an unknown parameter', () => {
    assert.throws(() => generateSprites('s', { seed: 1, size: 32 }), /unknown parameter "size"/);
  });
});
