export type { Dataset } from './dataset';
export { DatasetError } from './errors';
export { resolveRepoPath } from './repo-path';
export {
  materializeDataset,
  GENERATOR_NAMES,
  SOURCE_NAMES,
  type DatasetEntry,
} from './materialize';
export { loadDigits, DIGITS_SHA256, DIGITS_VERSION } from './sources/digits';
export {
  generateBlobs,
  parseBlobsParams,
  BLOBS_VERSION,
  MAX_BLOBS_VALUES,
  type BlobsParams,
} from './generators/blobs';
export { Xoshiro128 } from './random/xoshiro128';
export { encodeNpy, type NpyArray, type NpyEncodeDtype } from './npy/encode-npy';
export { decodeNpy, type DecodeNpyOptions, type DecodedNpy } from './npy/decode-npy';
export { NpyFormatError } from './npy/npy-error';
export { NPY_DTYPES, type NpyKind } from './npy/npy-dtypes';
export type { DatasetFactors } from './dataset';
export {
  generateSprites,
  loadSpritesDefinition,
  renderSprite,
  spriteFactorGrid,
  spriteFactorSizes,
  SPRITE_FACTOR_NAMES,
  SPRITES_DEFINITION_FILE,
  SPRITES_VERSION,
  type SpriteFactors,
  type SpritesDefinition,
} from './generators/sprites';
