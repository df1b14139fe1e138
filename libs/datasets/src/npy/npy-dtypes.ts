/** Element kinds the decoder returns, after numpy's dtype kinds f, i, u and b. */
export type NpyKind = 'float' | 'int' | 'uint' | 'bool';

type ElementReader = (view: DataView, index: number) => number | bigint;

export interface NpyDtype {
  /** The descr as numpy writes it, little-endian or byte-order free. */
  descr: string;
  kind: NpyKind;
  itemSize: number;
  /** Reads element `index` of the data that starts at byte 0 of `view`. */
  read: ElementReader;
}

function dtype(
  descr: string,
  kind: NpyKind,
  itemSize: number,
  read: ElementReader,
): [string, NpyDtype] {
  return [descr, { descr, kind, itemSize, read }];
}

/** Dtypes the decoder accepts, by descr. All are little-endian ('|' for one-byte types). */
export const NPY_DTYPES: Readonly<Record<string, NpyDtype>> = Object.fromEntries([
  dtype('<f8', 'float', 8, (v, i) => v.getFloat64(i * 8, true)),
  dtype('<f4', 'float', 4, (v, i) => v.getFloat32(i * 4, true)),
  dtype('<i8', 'int', 8, (v, i) => v.getBigInt64(i * 8, true)),
  dtype('<i4', 'int', 4, (v, i) => v.getInt32(i * 4, true)),
  dtype('<i2', 'int', 2, (v, i) => v.getInt16(i * 2, true)),
  dtype('|i1', 'int', 1, (v, i) => v.getInt8(i)),
  dtype('<u8', 'uint', 8, (v, i) => v.getBigUint64(i * 8, true)),
  dtype('<u4', 'uint', 4, (v, i) => v.getUint32(i * 4, true)),
  dtype('<u2', 'uint', 2, (v, i) => v.getUint16(i * 2, true)),
  dtype('|u1', 'uint', 1, (v, i) => v.getUint8(i)),
  dtype('|b1', 'bool', 1, (v, i) => v.getUint8(i)),
]);
