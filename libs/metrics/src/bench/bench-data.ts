import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../random/mulberry32';

/** Input sizes of one benchmark run. */
export interface BenchSizes {
  labels: number;
  silhouetteRows: number;
  silhouetteDims: number;
  retrievalRows: number;
  retrievalDims: number;
  /** Samples per class in the retrieval set; R = this − 1, and k is set to it. */
  retrievalClassSize: number;
  frechetRows: number;
  frechetDims: number;
}

/** The sizes the performance targets name. */
export const FULL_SIZES: BenchSizes = {
  labels: 1_000_000,
  silhouetteRows: 20_000,
  silhouetteDims: 64,
  retrievalRows: 50_000,
  retrievalDims: 128,
  retrievalClassSize: 50,
  frechetRows: 10_000,
  frechetDims: 2048,
};

/** A small run (`--quick`) that checks the harness in about a minute. */
export const QUICK_SIZES: BenchSizes = {
  labels: 100_000,
  silhouetteRows: 2_000,
  silhouetteDims: 64,
  retrievalRows: 5_000,
  retrievalDims: 128,
  retrievalClassSize: 50,
  frechetRows: 1_000,
  frechetDims: 256,
};

function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/**
 * Writes every input as a raw little-endian file (float64 `.f64`, int32 `.i32`) under
 * `directory`, with `sizes.json` beside them, so that both sides read identical bytes.
 */
export function writeBenchInputs(directory: string, sizes: BenchSizes): void {
  const random = mulberry32(2024);
  const labelsTrue = Int32Array.from({ length: sizes.labels }, () => Math.floor(random() * 50));
  const labelsPred = labelsTrue.map((label) =>
    random() < 0.3 ? Math.floor(random() * 60) : label,
  );
  write(directory, 'labels_true.i32', labelsTrue);
  write(directory, 'labels_pred.i32', labelsPred);

  const clusters = 10;
  const silhouetteLabels = Int32Array.from({ length: sizes.silhouetteRows }, () =>
    Math.floor(random() * clusters),
  );
  const centres = Float64Array.from(
    { length: clusters * sizes.silhouetteDims },
    () => 3 * normal(random),
  );
  const X = new Float64Array(sizes.silhouetteRows * sizes.silhouetteDims);
  for (let i = 0; i < sizes.silhouetteRows; i++) {
    for (let j = 0; j < sizes.silhouetteDims; j++) {
      X[i * sizes.silhouetteDims + j] =
        centres[silhouetteLabels[i] * sizes.silhouetteDims + j] + normal(random);
    }
  }
  write(directory, 'silhouette_X.f64', X);
  write(directory, 'silhouette_labels.i32', silhouetteLabels);

  const classes = sizes.retrievalRows / sizes.retrievalClassSize;
  const retrievalLabels = Int32Array.from({ length: sizes.retrievalRows }, (_, i) => i % classes);
  const classCentres = Float64Array.from({ length: classes * sizes.retrievalDims }, () =>
    normal(random),
  );
  const embeddings = new Float64Array(sizes.retrievalRows * sizes.retrievalDims);
  for (let i = 0; i < sizes.retrievalRows; i++) {
    for (let j = 0; j < sizes.retrievalDims; j++) {
      embeddings[i * sizes.retrievalDims + j] =
        classCentres[retrievalLabels[i] * sizes.retrievalDims + j] + 0.8 * normal(random);
    }
  }
  write(directory, 'retrieval_embeddings.f64', embeddings);
  write(directory, 'retrieval_labels.i32', retrievalLabels);

  const count = sizes.frechetRows * sizes.frechetDims;
  write(
    directory,
    'frechet_real.f64',
    Float64Array.from({ length: count }, () => normal(random)),
  );
  write(
    directory,
    'frechet_fake.f64',
    Float64Array.from({ length: count }, () => 0.1 + 1.1 * normal(random)),
  );
  writeFileSync(path.join(directory, 'sizes.json'), JSON.stringify(sizes));
}

function write(directory: string, name: string, array: Float64Array | Int32Array): void {
  writeFileSync(
    path.join(directory, name),
    new Uint8Array(array.buffer, array.byteOffset, array.byteLength),
  );
}

export function readFloat64(directory: string, name: string): Float64Array {
  const bytes = readFileSync(path.join(directory, name));
  return new Float64Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
}

export function readInt32(directory: string, name: string): Int32Array {
  const bytes = readFileSync(path.join(directory, name));
  return new Int32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
}

export function readSizes(directory: string): BenchSizes {
  return JSON.parse(readFileSync(path.join(directory, 'sizes.json'), 'utf8')) as BenchSizes;
}
