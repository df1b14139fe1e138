import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Dataset } from '../dataset';
import { DatasetError } from '../errors';
import { resolveRepoPath } from '../repo-path';

/** The file as shipped with Debian's python3-sklearn 1.2.1; see libs/datasets/data/README.md. */
export const DIGITS_FILE = 'libs/datasets/data/digits.csv.gz';
export const DIGITS_SHA256 = '46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a';
export const DIGITS_VERSION = `digits@sha256:${DIGITS_SHA256.slice(0, 12)}`;

const SAMPLES = 1797;
const FEATURES = 64;
const CLASSES = 10;
const MAX_PIXEL = 16;

let cached: { X: Float64Array; y: Int32Array } | undefined;

/**
 * Loads the UCI optical digits test set (1797 images of 8 × 8 pixels with values 0..16,
 * classes 0..9). The sha256 of the compressed file is checked before it is parsed, so a
 * changed file never yields silently different data. Each call returns fresh arrays.
 *
 * @throws DatasetError when the file is missing, its checksum differs or a row is malformed.
 */
export function loadDigits(id = 'digits'): Dataset {
  if (cached === undefined) {
    cached = readDigitsFile(resolveRepoPath(DIGITS_FILE));
  }
  return {
    id,
    X: cached.X.slice(),
    n: SAMPLES,
    d: FEATURES,
    y: cached.y.slice(),
    numClasses: CLASSES,
    version: DIGITS_VERSION,
  };
}

/**
 * Reads and parses a digits file after checking its sha256 against `DIGITS_SHA256`.
 *
 * @throws DatasetError when the checksum differs or a row is malformed.
 */
export function readDigitsFile(filePath: string): { X: Float64Array; y: Int32Array } {
  return parseDigits(readVerified(filePath));
}

function readVerified(filePath: string): Buffer {
  const compressed = readFileSync(filePath);
  const digest = createHash('sha256').update(compressed).digest('hex');
  if (digest !== DIGITS_SHA256) {
    throw new DatasetError(
      `digits: ${filePath} has sha256 ${digest}, expected ${DIGITS_SHA256}; restore the file from the repository`,
    );
  }
  return gunzipSync(compressed);
}

/** Parses rows of 64 pixel values and a class label, all integers. */
function parseDigits(csv: Buffer): { X: Float64Array; y: Int32Array } {
  const lines = csv
    .toString('ascii')
    .split('\n')
    .filter((line) => line.length > 0);
  if (lines.length !== SAMPLES) {
    throw new DatasetError(`digits: expected ${SAMPLES} rows, got ${lines.length}`);
  }
  const X = new Float64Array(SAMPLES * FEATURES);
  const y = new Int32Array(SAMPLES);
  lines.forEach((line, row) => {
    const fields = line.split(',').map(Number);
    if (fields.length !== FEATURES + 1) {
      throw new DatasetError(
        `digits: row ${row} has ${fields.length} fields, expected ${FEATURES + 1}`,
      );
    }
    for (let j = 0; j < FEATURES; j++) {
      const pixel = fields[j];
      if (!Number.isInteger(pixel) || pixel < 0 || pixel > MAX_PIXEL) {
        throw new DatasetError(
          `digits: row ${row} pixel ${j} must be an integer in [0, ${MAX_PIXEL}], got ${pixel}`,
        );
      }
      X[row * FEATURES + j] = pixel;
    }
    const label = fields[FEATURES];
    if (!Number.isInteger(label) || label < 0 || label >= CLASSES) {
      throw new DatasetError(
        `digits: row ${row} label must be an integer in [0, ${CLASSES - 1}], got ${label}`,
      );
    }
    y[row] = label;
  });
  return { X, y };
}
