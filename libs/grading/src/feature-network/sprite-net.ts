import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { resolveRepoPath } from '@dmlg/datasets';

/** Name used in every FID-style message, so a score is never mistaken for Inception FID. */
export const SPRITE_NET_NAME = 'DMLG-SpriteNet-v1';

/** Weights written by tools/feature-network/train_feature_network.py. */
export const SPRITE_NET_WEIGHTS_FILE = 'libs/grading/src/feature-network/weights/spritenet-v1.json';

/** Side of the square input images in pixels. */
export const SPRITE_NET_IMAGE_SIZE = 16;
export const SPRITE_NET_FEATURE_DIM = 32;

/** Images per forward pass: the largest activation (256 × 16 × 16 × 16 float32) is 4 MB. */
const CHUNK = 256;

interface TensorEntry {
  shape: number[];
  data: number[];
}

interface WeightsFile {
  network: string;
  layers: Record<string, TensorEntry>;
}

interface Layers {
  conv1Filter: tf.Tensor4D;
  conv1Bias: tf.Tensor1D;
  conv2Filter: tf.Tensor4D;
  conv2Bias: tf.Tensor1D;
  fc1Weight: tf.Tensor2D;
  fc1Bias: tf.Tensor1D;
}

let cachedLayers: Layers | undefined;

/**
 * Uses the TensorFlow.js backend that is already active, or the pure-JavaScript cpu backend when
 * none is. The cpu backend initialises synchronously, so `setBackend` has taken effect when it
 * returns its promise.
 *
 * NOTE: the worker does not call `selectTensorflowBackend` (@dmlg/metrics) at start yet, so
 * check metrics run on cpu: about 10 s for the VAE checks on a loaded 2-core machine.
 */
function ensureBackend(): void {
  if (tf.engine().backendName) return;
  void tf.setBackend('cpu');
  if (tf.engine().backendName !== 'cpu') {
    throw new Error(
      'setting the TensorFlow.js cpu backend failed; is @tensorflow/tfjs-backend-cpu installed?',
    );
  }
}

function loadLayers(): Layers {
  if (cachedLayers) return cachedLayers;
  const file = JSON.parse(
    readFileSync(resolveRepoPath(SPRITE_NET_WEIGHTS_FILE), 'utf8'),
  ) as WeightsFile;
  if (file.network !== SPRITE_NET_NAME) {
    throw new Error(
      `${SPRITE_NET_WEIGHTS_FILE} holds network ${file.network}, expected ${SPRITE_NET_NAME}; regenerate it with tools/feature-network/train_feature_network.py`,
    );
  }
  const entry = (name: string): TensorEntry => {
    const found = file.layers[name];
    if (!found) throw new Error(`${SPRITE_NET_WEIGHTS_FILE} has no layer ${name}`);
    return found;
  };
  // PyTorch stores conv filters as (out, in, kh, kw) and TensorFlow.js expects (kh, kw, in, out);
  // a PyTorch Linear weight is (out, in) and multiplies from the right as its transpose.
  const filter = (name: string): tf.Tensor4D =>
    tf.keep(
      tf.transpose(
        tf.tensor4d(entry(name).data, entry(name).shape as [number, number, number, number]),
        [2, 3, 1, 0],
      ),
    );
  const vector = (name: string): tf.Tensor1D => tf.keep(tf.tensor1d(entry(name).data));
  ensureBackend();
  cachedLayers = tf.tidy(() => ({
    conv1Filter: filter('conv1.weight'),
    conv1Bias: vector('conv1.bias'),
    conv2Filter: filter('conv2.weight'),
    conv2Bias: vector('conv2.bias'),
    fc1Weight: tf.keep(
      tf.transpose(
        tf.tensor2d(entry('fc1.weight').data, entry('fc1.weight').shape as [number, number]),
      ),
    ),
    fc1Bias: vector('fc1.bias'),
  }));
  return cachedLayers;
}

/**
 * Computes DMLG-SpriteNet-v1 features: `images` holds n images of 16 × 16 pixels with values
 * in [0, 1], row-major (n × 256); the result is n × 32, row-major, in float32 precision. The
 * layers match `SpriteNet.features` in tools/feature-network/train_feature_network.py:
 * conv3x3(16) ReLU maxpool2, conv3x3(32) ReLU maxpool2, flatten in PyTorch's channel-first
 * order, dense(32) ReLU.
 */
export function spriteNetFeatures(images: ArrayLike<number>, n: number): Float32Array {
  const pixels = SPRITE_NET_IMAGE_SIZE * SPRITE_NET_IMAGE_SIZE;
  if (!Number.isInteger(n) || n < 1 || images.length !== n * pixels) {
    throw new Error(
      `spriteNetFeatures needs n >= 1 images of ${pixels} pixels, got ${images.length} values for n = ${n}`,
    );
  }
  const layers = loadLayers();
  const features = new Float32Array(n * SPRITE_NET_FEATURE_DIM);
  for (let start = 0; start < n; start += CHUNK) {
    const count = Math.min(CHUNK, n - start);
    const chunk = Float32Array.from(
      { length: count * pixels },
      (_, i) => images[start * pixels + i],
    );
    const output = tf.tidy(() => {
      const input = tf.tensor4d(chunk, [count, SPRITE_NET_IMAGE_SIZE, SPRITE_NET_IMAGE_SIZE, 1]);
      const first = tf.maxPool(
        tf.relu(
          tf.add<tf.Tensor4D>(tf.conv2d(input, layers.conv1Filter, 1, 'same'), layers.conv1Bias),
        ),
        2,
        2,
        'valid',
      );
      const second = tf.maxPool(
        tf.relu(
          tf.add<tf.Tensor4D>(tf.conv2d(first, layers.conv2Filter, 1, 'same'), layers.conv2Bias),
        ),
        2,
        2,
        'valid',
      );
      const flat = tf.reshape(tf.transpose(second, [0, 3, 1, 2]), [count, -1]);
      return tf.relu(tf.add(tf.matMul(flat, layers.fc1Weight), layers.fc1Bias));
    });
    features.set(output.dataSync(), start * SPRITE_NET_FEATURE_DIM);
    output.dispose();
  }
  return features;
}
