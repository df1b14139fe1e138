import { NPY_DTYPES, type NpyKind } from './npy-dtypes';
import { parseNpyHeader } from './npy-header';
import { NpyFormatError } from './npy-error';

export interface DecodeNpyOptions {
  /** Largest header accepted, in bytes (default 65536). */
  maxHeaderBytes?: number;
  /** Largest number of elements accepted (default: no limit beyond the buffer's size). */
  maxElements?: number;
}

export interface DecodedNpy {
  /** The numpy descr from the header, for example '<f8'. */
  dtype: string;
  kind: NpyKind;
  shape: number[];
  /** Elements in C (row-major) order, converted to float64; bool is 0 or 1. */
  data: Float64Array;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
const SUPPORTED_DESCRS = Object.keys(NPY_DTYPES).join(', ');

/**
 * Decodes a .npy buffer (format versions 1.0, 2.0 and 3.0) from an untrusted source.
 *
 * It accepts only plain little-endian numeric and bool arrays (see `NPY_DTYPES`). It raises an
 * NpyFormatError that names the problem and the value for:
 * - a bad magic string or a version other than 1.0, 2.0 and 3.0;
 * - a header longer than `maxHeaderBytes` or than the buffer;
 * - a header that is not a plain dict literal of exactly 'descr', 'fortran_order' and 'shape';
 * - object dtypes (loading them needs pickle), structured dtypes and any other descr,
 *   big-endian ones included;
 * - negative or non-integer shape entries, or more than `maxElements` elements;
 * - a data length other than product(shape) × itemsize;
 * - 64-bit integers beyond ±(2^53 − 1) and bool bytes other than 0 and 1.
 *
 * Arrays stored with fortran_order True are transposed, so `data` is always in C order.
 * NaN and infinities are returned as they are; callers that need finite values check them.
 */
export function decodeNpy(buffer: Uint8Array, options: DecodeNpyOptions = {}): DecodedNpy {
  const maxHeaderBytes = options.maxHeaderBytes ?? 65536;
  const { headerText, dataOffset } = readPrefix(buffer, maxHeaderBytes);
  const header = parseNpyHeader(headerText);

  const dtype = NPY_DTYPES[header.descr];
  if (dtype === undefined) {
    if (/^[|<>=]?O/.test(header.descr)) {
      throw new NpyFormatError(
        `object arrays (descr '${header.descr}') are not supported because loading them needs pickle; save a numeric array`,
      );
    }
    throw new NpyFormatError(`unsupported descr '${header.descr}'; supported: ${SUPPORTED_DESCRS}`);
  }

  const count = header.shape.reduce((product, size) => product * BigInt(size), 1n);
  if (options.maxElements !== undefined && count > BigInt(options.maxElements)) {
    throw new NpyFormatError(
      `array has ${count} elements, more than the limit of ${options.maxElements}`,
    );
  }
  const dataLength = BigInt(buffer.length - dataOffset);
  const expectedLength = count * BigInt(dtype.itemSize);
  if (dataLength !== expectedLength) {
    throw new NpyFormatError(
      `data has ${dataLength} bytes but shape (${header.shape.join(', ')}) of '${header.descr}' needs ${expectedLength}`,
    );
  }

  const view = new DataView(buffer.buffer, buffer.byteOffset + dataOffset, Number(dataLength));
  const data = readElements(view, Number(count), header.descr);
  return {
    dtype: header.descr,
    kind: dtype.kind,
    shape: header.shape,
    data: header.fortranOrder ? fortranToC(data, header.shape) : data,
  };
}

function readPrefix(
  buffer: Uint8Array,
  maxHeaderBytes: number,
): { headerText: string; dataOffset: number } {
  if (buffer.length < 10 || MAGIC.some((byte, i) => buffer[i] !== byte)) {
    const found = Buffer.from(buffer.subarray(0, 6)).toString('hex');
    throw new NpyFormatError(
      `not a .npy file: the magic string must be 934e554d5059 (\\x93NUMPY), got ${found || 'nothing'}`,
    );
  }
  const major = buffer[6];
  const minor = buffer[7];
  if (![1, 2, 3].includes(major) || minor !== 0) {
    throw new NpyFormatError(
      `unsupported .npy format version ${major}.${minor}; supported: 1.0, 2.0, 3.0`,
    );
  }

  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const prefixLength = major === 1 ? 10 : 12;
  if (buffer.length < prefixLength) {
    throw new NpyFormatError(
      `buffer of ${buffer.length} bytes is too short for a version ${major}.0 header`,
    );
  }
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  if (headerLength > maxHeaderBytes) {
    throw new NpyFormatError(
      `header length ${headerLength} exceeds the limit of ${maxHeaderBytes} bytes`,
    );
  }
  if (prefixLength + headerLength > buffer.length) {
    throw new NpyFormatError(
      `header length ${headerLength} runs past the end of the ${buffer.length}-byte buffer`,
    );
  }

  // Versions 1.0 and 2.0 store the header as latin1, version 3.0 as UTF-8.
  const headerBytes = Buffer.from(buffer.buffer, buffer.byteOffset + prefixLength, headerLength);
  const headerText = headerBytes.toString(major === 3 ? 'utf8' : 'latin1');
  return { headerText, dataOffset: prefixLength + headerLength };
}

function readElements(view: DataView, count: number, descr: string): Float64Array {
  const dtype = NPY_DTYPES[descr];
  const data = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const value = dtype.read(view, i);
    if (typeof value === 'bigint') {
      if (value > BigInt(Number.MAX_SAFE_INTEGER) || value < -BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new NpyFormatError(
          `element ${i} of '${descr}' is ${value}, beyond ±(2^53 − 1), so float64 cannot hold it exactly`,
        );
      }
      data[i] = Number(value);
    } else {
      if (dtype.kind === 'bool' && value !== 0 && value !== 1) {
        throw new NpyFormatError(
          `element ${i} of '${descr}' is byte ${value}; bool bytes must be 0 or 1`,
        );
      }
      data[i] = value;
    }
  }
  return data;
}

/** Reorders column-major (Fortran) data into row-major (C) order. */
function fortranToC(data: Float64Array, shape: readonly number[]): Float64Array {
  const rank = shape.length;
  if (rank < 2) {
    return data;
  }
  const cStrides = new Array<number>(rank);
  let stride = 1;
  for (let axis = rank - 1; axis >= 0; axis--) {
    cStrides[axis] = stride;
    stride *= shape[axis];
  }

  // Walk the Fortran data in storage order (first axis fastest) and track the C offset.
  const result = new Float64Array(data.length);
  const index = new Array<number>(rank).fill(0);
  let cOffset = 0;
  for (let f = 0; f < data.length; f++) {
    result[cOffset] = data[f];
    for (let axis = 0; axis < rank; axis++) {
      index[axis]++;
      cOffset += cStrides[axis];
      if (index[axis] < shape[axis]) break;
      cOffset -= cStrides[axis] * shape[axis];
      index[axis] = 0;
    }
  }
  return result;
}
