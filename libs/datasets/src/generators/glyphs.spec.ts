import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { generateGlyphs } from './glyphs';

const PARAMS = {
  classes: 12,
  train_classes: 5,
  train_samples_per_class: 3,
  test_samples_per_class: 4,
  seed: 7,
};

describe('generateGlyphs', () => {
  it('same seed, same pixels', () => {
    assert.deepEqual(generateGlyphs('a', PARAMS).X, generateGlyphs('b', PARAMS).X);
  });

  it('other seed, other pixels', () => {
    assert.notDeepEqual(
      generateGlyphs('a', PARAMS).X,
      generateGlyphs('a', { ...PARAMS, seed: 8 }).X,
    );
  });

  it('scored split holds unseen classes', () => {
    const glyphs = generateGlyphs('a', PARAMS);
    assert.equal(glyphs.numClasses, 7);
    assert.equal(glyphs.n, 28);
  });

  it('train split shape', () => {
    assert.deepEqual(generateGlyphs('a', PARAMS).inputs?.X_train.shape, [15, 256]);
  });

  it('pixels in [0, 1]', () => {
    const { X } = generateGlyphs('a', PARAMS);
    assert.ok(X.every((pixel) => pixel >= 0 && pixel <= 1));
  });

  it('jitter 0 repeats the prototype', () => {
    const glyphs = generateGlyphs('a', { ...PARAMS, jitter: 0 });
    assert.deepEqual(glyphs.X.subarray(0, 256), glyphs.X.subarray(256, 512));
  });

  it('samples of a class differ', () => {
    const glyphs = generateGlyphs('a', PARAMS);
    assert.notDeepEqual(glyphs.X.subarray(0, 256), glyphs.X.subarray(256, 512));
  });

  it('rejects train_classes = classes', () => {
    assert.throws(() => generateGlyphs('a', { ...PARAMS, train_classes: 12 }), /train_classes/);
  });
});
