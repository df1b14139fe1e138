import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectTensorflowBackend } from './select-backend';

void describe('selectTensorflowBackend', () => {
  void it('picks a backend that computes', async () => {
    const messages: string[] = [];
    const backend = await selectTensorflowBackend({ log: (message) => messages.push(message) });

    assert.ok(['tensorflow', 'wasm', 'cpu'].includes(backend), `unexpected backend ${backend}`);
    assert.equal(tf.getBackend(), backend);
    assert.equal(messages.length, 2);
    assert.match(messages[0], new RegExp(`^TensorFlow.js backend: ${backend} `));
    assert.match(
      messages[1],
      /^Dense float64 kernel: (native AVX2|WebAssembly SIMD) \(.*\), \d+ threads?$/,
    );

    const product = tf.matMul(
      tf.tensor2d([
        [1, 2],
        [3, 4],
      ]),
      tf.tensor2d([[5], [6]]),
    );
    // [[1·5 + 2·6], [3·5 + 4·6]]
    assert.deepEqual(Array.from(await product.data()), [1 * 5 + 2 * 6, 3 * 5 + 4 * 6]);
  });

  void it('logs why native packages were skipped', async () => {
    const messages: string[] = [];
    const backend = await selectTensorflowBackend({ log: (message) => messages.push(message) });
    if (backend !== 'tensorflow') {
      assert.match(messages[0], /@tensorflow\/tfjs-node-gpu: /);
      assert.match(messages[0], /@tensorflow\/tfjs-node: /);
    }
  });
});
