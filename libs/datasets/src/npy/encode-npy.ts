import { formatNpyHeader } from './npy-header';
import { NpyFormatError } from './npy-error';

export type NpyEncodeDtype = 'float64' | 'float32' | 'int64' | 'int32';

export interface NpyArray {
  dtype: NpyEncodeDtype;
  shape: readonly number[];
  /** Elements in C (row-major) order. Integer dtypes need safe integers in the dtype's range. */
  data: ArrayLike<number>;
}

const DESCRS: Record<NpyEncodeDtype, { descr: string; itemSize: number }> = {
  float64: { descr: '<f8', itemSize: 8 },
  float32: { descr: '<f4', itemSize: 4 },
  int64: { descr: '<i8', itemSize: 8 },
  int32: { descr: '<i4', itemSize: 4 },
};

const MAGIC = Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]); // \x93NUMPY
const ALIGNMENT = 64;

/**
 * Encodes an array in the .npy format byte for byte as numpy 1.24's `np.save` writes it:
 * little-endian and C order. The format version is 1.0, or 2.0 when the header exceeds
 * 65535 bytes. Spaces and a newline pad the header so that the data starts at a multiple of
 * 64 bytes.
 *
 * @throws NpyFormatError for an unknown dtype, an invalid shape, a data length that differs
 * from the product of the shape, or a value the dtype cannot hold.
 */
export function encodeNpy(array: NpyArray): Buffer {
  const dtype = DESCRS[array.dtype];
  if (dtype === undefined) {
    throw new NpyFormatError(
      `dtype must be one of ${Object.keys(DESCRS).join(', ')}, got ${JSON.stringify(array.dtype)}`,
    );
  }
  let count = 1;
  array.shape.forEach((size, axis) => {
    if (!Number.isSafeInteger(size) || size < 0) {
      throw new NpyFormatError(`shape[${axis}] must be a non-negative integer, got ${size}`);
    }
    count *= size;
  });
  if (array.data.length !== count) {
    throw new NpyFormatError(
      `data has ${array.data.length} elements but shape (${array.shape.join(', ')}) needs ${count}`,
    );
  }

  const header = wrapHeader(
    formatNpyHeader({ descr: dtype.descr, fortranOrder: false, shape: [...array.shape] }),
  );
  const body = Buffer.alloc(count * dtype.itemSize);
  writeData(body, array.dtype, array.data);
  return Buffer.concat([header, body]);
}

/** Prefixes magic, version and length, and pads as numpy's `_wrap_header` does. */
function wrapHeader(dict: string): Buffer {
  const text = Buffer.from(dict, 'latin1');
  // Including the final newline; version 1.0 stores the length in 2 bytes, 2.0 in 4.
  const headerLength = text.length + 1;
  const version = 10 + 2 + headerLength + ALIGNMENT <= 0xffff ? 1 : 2;
  const prefixLength = MAGIC.length + 2 + (version === 1 ? 2 : 4);
  // As in numpy, a header that is already aligned still gets a full 64 bytes of padding.
  const padding = ALIGNMENT - ((prefixLength + headerLength) % ALIGNMENT);
  const prefix = Buffer.alloc(prefixLength);
  MAGIC.copy(prefix);
  prefix[6] = version;
  prefix[7] = 0;
  if (version === 1) {
    prefix.writeUInt16LE(headerLength + padding, 8);
  } else {
    prefix.writeUInt32LE(headerLength + padding, 8);
  }
  return Buffer.concat([prefix, text, Buffer.alloc(padding, ' '), Buffer.from('\n')]);
}

function writeData(body: Buffer, dtype: NpyEncodeDtype, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    const value = data[i];
    switch (dtype) {
      case 'float64':
        body.writeDoubleLE(value, i * 8);
        break;
      case 'float32':
        body.writeFloatLE(value, i * 4);
        break;
      case 'int64':
        if (!Number.isSafeInteger(value)) {
          throw new NpyFormatError(
            `data[${i}] must be an integer within ±(2^53 − 1) for int64, got ${value}`,
          );
        }
        body.writeBigInt64LE(BigInt(value), i * 8);
        break;
      case 'int32':
        if (!Number.isInteger(value) || value < -0x80000000 || value > 0x7fffffff) {
          throw new NpyFormatError(
            `data[${i}] must be an integer in [-2^31, 2^31 − 1] for int32, got ${value}`,
          );
        }
        body.writeInt32LE(value, i * 4);
        break;
    }
  }
}
