import type { NpyArray } from './npy/encode-npy';

/** A materialised data set: n samples of d features in row-major order, with class labels. */
export interface Dataset {
  id: string;
  /** Features, row-major, shape (n, d). */
  X: Float64Array;
  n: number;
  d: number;
  /** Class of each sample, 0..numClasses-1. */
  y: Int32Array;
  numClasses: number;
  /**
   * Identifies the data file or generator code, for example 'digits@sha256:46abec6b1248' or
   * 'blobs@1'. It changes whenever the same entry would produce different data, so stored
   * reference values are compared only against the version they were computed on.
   */
  version: string;
  /**
   * Further public arrays a task may pass to the student's code besides `X`, such as a training
   * split with its labels (`X_train`, `y_train`). Never the hidden labels of what is scored.
   */
  inputs?: Record<string, NpyArray>;
  /**
   * Hidden generative factors of each sample (e.g. shape, scale, rotation, x, y of a sprite),
   * for disentanglement metrics. Never passed to the sandbox.
   */
  factors?: DatasetFactors;
}

/** Factor indices of n samples: `values[i * names.length + f]` is in [0, sizes[f]). */
export interface DatasetFactors {
  names: string[];
  /** Number of distinct values of each factor. */
  sizes: number[];
  values: Int32Array;
}
