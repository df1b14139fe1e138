import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { resolveRepoPath } from '@dmlg/datasets';
import { selectTensorflowBackend } from '@dmlg/metrics';
import { SPRITE_NET_FEATURE_DIM, spriteNetFeatures } from './sprite-net';

interface Fixture {
  network: string;
  inputs: { shape: number[]; data: number[] };
  features: { shape: number[]; data: number[] };
}

/** Fixed inputs and their PyTorch features, written by train_feature_network.py. */
const fixture = JSON.parse(
  readFileSync(
    resolveRepoPath('libs/grading/src/feature-network/weights/spritenet-v1-fixture.json'),
    'utf8',
  ),
) as Fixture;

/** float32 convolutions sum in a different order than PyTorch's, so values differ in the last bits. */
const TOLERANCE = 1e-4;

function largestDifference(actual: Float32Array, expected: number[]): number {
  let largest = 0;
  expected.forEach((value, index) => {
    largest = Math.max(largest, Math.abs(actual[index] - value) / Math.max(1, Math.abs(value)));
  });
  return largest;
}

void describe('spriteNetFeatures', () => {
  const n = fixture.inputs.shape[0];

  void it('matches PyTorch on the selected backend', async () => {
    await selectTensorflowBackend({ log: () => undefined });
    const features = spriteNetFeatures(fixture.inputs.data, n);
    assert.equal(features.length, n * SPRITE_NET_FEATURE_DIM);
    assert.ok(largestDifference(features, fixture.features.data) < TOLERANCE);
  });

  void it('matches PyTorch on the cpu backend', async () => {
    await tf.setBackend('cpu');
    const features = spriteNetFeatures(fixture.inputs.data, n);
    assert.ok(largestDifference(features, fixture.features.data) < TOLERANCE);
  });

  void it('fixture features are not all zero', () => {
    assert.ok(fixture.features.data.filter((value) => value > 0).length > n);
  });

  void it('rejects a wrong input length', () => {
    assert.throws(() => spriteNetFeatures(new Float32Array(100), 1), /n >= 1 images of 256/);
  });
});
