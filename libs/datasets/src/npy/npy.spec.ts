import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { resolveRepoPath } from '../repo-path';
import { decodeNpy } from './decode-npy';
import { encodeNpy, type NpyArray } from './encode-npy';
import { NpyFormatError } from './npy-error';

const PYTHON = '/usr/bin/python3';
const FIXTURES = 'libs/datasets/test-fixtures/npy';

function fixture(name: string): Buffer {
  return readFileSync(resolveRepoPath(path.join(FIXTURES, name)));
}

/** A version 1.0 .npy buffer with the given header dict text (padded as numpy pads) and data. */
function craft(dict: string, data: Buffer = Buffer.alloc(0), version = 1): Buffer {
  const prefixLength = version === 1 ? 10 : 12;
  const padding = 64 - ((prefixLength + dict.length + 1) % 64);
  const header = Buffer.from(dict + ' '.repeat(padding) + '\n', 'latin1');
  const prefix = Buffer.alloc(prefixLength);
  Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]).copy(prefix);
  if (version === 1) prefix.writeUInt16LE(header.length, 8);
  else prefix.writeUInt32LE(header.length, 8);
  return Buffer.concat([prefix, header, data]);
}

function float64Bytes(values: number[]): Buffer {
  return Buffer.from(new Float64Array(values).buffer);
}

function assertNpyError(run: () => unknown, message: RegExp): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof NpyFormatError, `expected NpyFormatError, got ${String(error)}`);
    assert.match(error.message, message);
    return true;
  });
}

void describe('decodeNpy on numpy fixtures', () => {
  void it('reads float64 in C order', () => {
    const decoded = decodeNpy(fixture('f8_2x3.npy'));
    assert.equal(decoded.dtype, '<f8');
    assert.equal(decoded.kind, 'float');
    assert.deepEqual(decoded.shape, [2, 3]);
    assert.deepEqual([...decoded.data], [0 / 4, 1 / 4, 2 / 4, 3 / 4, 4 / 4, 5 / 4]);
  });

  void it('transposes Fortran order to C order', () => {
    const decoded = decodeNpy(fixture('i8_fortran_3x2.npy'));
    assert.equal(decoded.kind, 'int');
    assert.deepEqual(decoded.shape, [3, 2]);
    assert.deepEqual([...decoded.data], [1, -2, 3, 4, 5, -6]);
  });

  void it('reads bool as 0 and 1', () => {
    const decoded = decodeNpy(fixture('b1_4.npy'));
    assert.equal(decoded.dtype, '|b1');
    assert.equal(decoded.kind, 'bool');
    assert.deepEqual([...decoded.data], [1, 0, 0, 1]);
  });

  void it('reads format version 2.0', () => {
    const decoded = decodeNpy(fixture('u1_v2_2x2.npy'));
    assert.equal(decoded.kind, 'uint');
    assert.deepEqual(decoded.shape, [2, 2]);
    assert.deepEqual([...decoded.data], [0, 255, 7, 8]);
  });
});

void describe('encodeNpy', () => {
  void it('writes the same bytes as np.save', () => {
    // The fixture is np.save of np.arange(6, dtype='<f8').reshape(2, 3) / 4.
    const encoded = encodeNpy({
      dtype: 'float64',
      shape: [2, 3],
      data: [0, 0.25, 0.5, 0.75, 1, 1.25],
    });
    assert.ok(encoded.equals(fixture('f8_2x3.npy')));
  });

  void it('aligns data to 64 bytes', () => {
    for (const shape of [[], [0], [7], [3, 4, 5], [123456789012, 0]]) {
      const count = shape.reduce((product, size) => product * size, 1);
      const encoded = encodeNpy({ dtype: 'int32', shape, data: new Int32Array(count) });
      assert.equal((encoded.length - count * 4) % 64, 0, `shape (${shape.join(', ')})`);
    }
  });

  void it('round-trips every dtype', () => {
    const arrays: NpyArray[] = [
      { dtype: 'float64', shape: [2, 2], data: [1.5, -0, Number.NaN, Infinity] },
      { dtype: 'float32', shape: [3], data: [0.5, -2, 3.25] },
      { dtype: 'int64', shape: [2], data: [Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER] },
      { dtype: 'int32', shape: [1, 2], data: [-(2 ** 31), 2 ** 31 - 1] },
    ];
    for (const array of arrays) {
      const decoded = decodeNpy(encodeNpy(array));
      assert.deepEqual(decoded.shape, array.shape);
      assert.deepEqual([...decoded.data], Array.from(array.data));
    }
  });

  void it('rejects a data length that differs from the shape', () => {
    assertNpyError(
      () => encodeNpy({ dtype: 'float64', shape: [2, 2], data: [1, 2, 3] }),
      /data has 3 elements but shape \(2, 2\) needs 4/,
    );
  });

  void it('rejects values the dtype cannot hold', () => {
    assertNpyError(
      () => encodeNpy({ dtype: 'int32', shape: [1], data: [2 ** 31] }),
      /data\[0\] must be an integer in \[-2\^31, 2\^31 − 1\] for int32, got 2147483648/,
    );
    assertNpyError(
      () => encodeNpy({ dtype: 'int64', shape: [1], data: [0.5] }),
      /data\[0\] must be an integer within ±\(2\^53 − 1\) for int64, got 0.5/,
    );
  });

  void it('rejects a negative shape entry', () => {
    assertNpyError(
      () => encodeNpy({ dtype: 'float64', shape: [-1], data: [] }),
      /shape\[0\] must be a non-negative integer, got -1/,
    );
  });
});

void describe('decodeNpy on hostile buffers', () => {
  const plain = "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), }";

  void it('accepts the crafted baseline', () => {
    assert.deepEqual([...decodeNpy(craft(plain, float64Bytes([1, 2]))).data], [1, 2]);
  });

  void it('rejects bad magic', () => {
    assertNpyError(
      () => decodeNpy(Buffer.from('PK\x03\x04 not an npy file')),
      /not a \.npy file: the magic string must be 934e554d5059 \(\\x93NUMPY\), got 504b0304206e/,
    );
  });

  void it('rejects an unknown version', () => {
    const buffer = craft(plain, float64Bytes([1, 2]));
    buffer[6] = 4;
    assertNpyError(
      () => decodeNpy(buffer),
      /unsupported \.npy format version 4\.0; supported: 1\.0, 2\.0, 3\.0/,
    );
  });

  void it('rejects a forged huge header length', () => {
    const buffer = craft(plain, float64Bytes([1, 2]), 2);
    buffer.writeUInt32LE(0xfffffff0, 8);
    assertNpyError(
      () => decodeNpy(buffer),
      /header length 4294967280 exceeds the limit of 65536 bytes/,
    );
  });

  void it('rejects a header longer than the buffer', () => {
    const buffer = craft(plain).subarray(0, 40);
    assertNpyError(
      () => decodeNpy(buffer),
      /header length 118 runs past the end of the 40-byte buffer/,
    );
  });

  void it('honours maxHeaderBytes', () => {
    assertNpyError(
      () => decodeNpy(craft(plain, float64Bytes([1, 2])), { maxHeaderBytes: 64 }),
      /header length 118 exceeds the limit of 64 bytes/,
    );
  });

  void it('rejects object dtype', () => {
    const dict = "{'descr': '|O', 'fortran_order': False, 'shape': (1,), }";
    // Bytes of a pickle: protocol 2 header, then an opcode that would import a module.
    assertNpyError(
      () => decodeNpy(craft(dict, Buffer.from('\x80\x02cos\nsystem\n', 'latin1'))),
      /object arrays \(descr '\|O'\) are not supported because loading them needs pickle/,
    );
  });

  void it('rejects structured dtypes', () => {
    const dict = "{'descr': [('x', '<f8'), ('y', '<i4')], 'fortran_order': False, 'shape': (1,), }";
    assertNpyError(() => decodeNpy(craft(dict)), /structured \(record\) dtypes are not supported/);
  });

  void it('rejects big-endian data with the supported list', () => {
    const dict = "{'descr': '>f8', 'fortran_order': False, 'shape': (2,), }";
    assertNpyError(
      () => decodeNpy(craft(dict, float64Bytes([1, 2]))),
      /unsupported descr '>f8'; supported: <f8, <f4, <i8, <i4, <i2, \|i1, <u8, <u4, <u2, \|u1, \|b1/,
    );
  });

  void it('rejects other descrs', () => {
    for (const descr of ['<U10', '<c16', '<M8[ns]', '<f2']) {
      const dict = `{'descr': '${descr}', 'fortran_order': False, 'shape': (0,), }`;
      assertNpyError(
        () => decodeNpy(craft(dict)),
        new RegExp(`unsupported descr '${descr.replace(/[[\]]/g, '\\$&')}'`),
      );
    }
  });

  void it('rejects a shape and data mismatch', () => {
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";
    assertNpyError(
      () => decodeNpy(craft(dict, float64Bytes([1, 2]))),
      /data has 16 bytes but shape \(3\) of '<f8' needs 24/,
    );
  });

  void it('rejects trailing bytes', () => {
    assertNpyError(
      () => decodeNpy(craft(plain, Buffer.concat([float64Bytes([1, 2]), Buffer.from([0])]))),
      /data has 17 bytes but shape \(2\) of '<f8' needs 16/,
    );
  });

  void it('rejects a shape whose product overflows', () => {
    const dict = "{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }";
    assertNpyError(
      () => decodeNpy(craft(dict)),
      /data has 0 bytes but shape \(4294967296, 4294967296\) of '<f8' needs 147573952589676412928/,
    );
  });

  void it('rejects negative and non-integer shape entries', () => {
    assertNpyError(
      () => decodeNpy(craft("{'descr': '<f8', 'fortran_order': False, 'shape': (-1,), }")),
      /'shape' entries must be non-negative integers below 2\^53, got -1/,
    );
    assertNpyError(
      () => decodeNpy(craft("{'descr': '<f8', 'fortran_order': False, 'shape': (1.5,), }")),
      /expected ',' or '\)' in the tuple 'shape'/,
    );
    assertNpyError(
      () => decodeNpy(craft("{'descr': '<f8', 'fortran_order': False, 'shape': (2), }")),
      /'shape' must be a tuple; write \(2,\) for one dimension/,
    );
  });

  void it('honours maxElements', () => {
    assertNpyError(
      () => decodeNpy(craft(plain, float64Bytes([1, 2])), { maxElements: 1 }),
      /array has 2 elements, more than the limit of 1/,
    );
  });

  void it('rejects code in the header', () => {
    const dict =
      "{'descr': __import__('os').system('true'), 'fortran_order': False, 'shape': (2,), }";
    assertNpyError(
      () => decodeNpy(craft(dict, float64Bytes([1, 2]))),
      /header is not a plain dict literal: expected a string, tuple, True or False as the value of 'descr'/,
    );
  });

  void it('rejects extra and missing keys', () => {
    assertNpyError(
      () =>
        decodeNpy(
          craft(
            "{'descr': '<f8', 'fortran_order': False, 'shape': (2,), 'x': True}",
            float64Bytes([1, 2]),
          ),
        ),
      /exactly the keys 'descr', 'fortran_order' and 'shape', got 'descr', 'fortran_order', 'shape', 'x'/,
    );
    assertNpyError(
      () => decodeNpy(craft("{'descr': '<f8', 'shape': (2,)}", float64Bytes([1, 2]))),
      /got 'descr', 'shape'/,
    );
  });

  void it('rejects a duplicate key', () => {
    assertNpyError(
      () =>
        decodeNpy(craft("{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': (2,)}")),
      /header has the key 'descr' twice/,
    );
  });

  void it('rejects text after the dict', () => {
    assertNpyError(
      () => decodeNpy(craft(`${plain} # comment`, float64Bytes([1, 2]))),
      /header has text after the dict: "# comment"/,
    );
  });

  void it('rejects int64 beyond 2^53', () => {
    const dict = "{'descr': '<i8', 'fortran_order': False, 'shape': (1,), }";
    const data = Buffer.alloc(8);
    data.writeBigInt64LE(2n ** 53n + 1n);
    assertNpyError(
      () => decodeNpy(craft(dict, data)),
      /element 0 of '<i8' is 9007199254740993, beyond ±\(2\^53 − 1\)/,
    );
  });

  void it('rejects bool bytes other than 0 and 1', () => {
    const dict = "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }";
    assertNpyError(
      () => decodeNpy(craft(dict, Buffer.from([1, 2]))),
      /element 1 of '\|b1' is byte 2; bool bytes must be 0 or 1/,
    );
  });
});

/** Returns why numpy cannot be used, or undefined when /usr/bin/python3 imports it. */
function numpyUnavailable(): string | undefined {
  const probe = spawnSync(PYTHON, ['-c', 'import numpy'], { encoding: 'utf8' });
  if (probe.error !== undefined || probe.status !== 0) {
    return `${PYTHON} with numpy is not available; install it with apt-get install python3-numpy`;
  }
  return undefined;
}

void describe('npy against live numpy', () => {
  const reason = numpyUnavailable();
  const scratch = mkdtempSync(path.join(tmpdir(), 'npy-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));

  void it('decodes what numpy writes', { skip: reason }, () => {
    // Each file: an array, the format version and the C-order values as JSON for comparison.
    const script = `
import json, sys, numpy as np
out = sys.argv[1]
rng = np.random.default_rng(0)
arrays = {
  "f8_3d_fortran": (np.asfortranarray(rng.normal(size=(3, 4, 5))), None),
  "f4_v3": (rng.normal(size=(4, 3)).astype("<f4"), (3, 0)),
  "i4_v2": (np.arange(-6, 6, dtype="<i4").reshape(3, 4), (2, 0)),
  "i2": (np.array([-32768, 0, 32767], dtype="<i2"), None),
  "i1": (np.array([-128, 127], dtype="|i1"), None),
  "u8": (np.array([0, 2**53 - 1], dtype="<u8"), None),
  "u4_fortran": (np.asfortranarray(np.arange(6, dtype="<u4").reshape(2, 3)), None),
  "u2": (np.array([65535, 1], dtype="<u2"), None),
  "scalar": (np.array(2.5), None),
  "empty": (np.zeros((0, 3)), None),
}
summary = {}
for name, (array, version) in arrays.items():
    with open(f"{out}/{name}.npy", "wb") as f:
        np.lib.format.write_array(f, array, version=version)
    summary[name] = {"shape": list(array.shape), "values": array.ravel(order="C").astype(float).tolist()}
json.dump(summary, sys.stdout)
`;
    const run = spawnSync(PYTHON, ['-c', script, scratch], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const summary = JSON.parse(run.stdout) as Record<string, { shape: number[]; values: number[] }>;
    for (const [name, expected] of Object.entries(summary)) {
      const decoded = decodeNpy(readFileSync(path.join(scratch, `${name}.npy`)));
      assert.deepEqual(decoded.shape, expected.shape, name);
      assert.deepEqual([...decoded.data], expected.values, name);
    }
  });

  void it('encodes the same bytes as np.save', { skip: reason }, () => {
    const arrays: Record<string, NpyArray> = {
      f8: { dtype: 'float64', shape: [3, 2], data: [0.1, -2, 1e300, 1 / 3, 5e-324, 7] },
      f4: { dtype: 'float32', shape: [2], data: [0.1, -3.5] },
      i8: { dtype: 'int64', shape: [1, 1, 3], data: [-1, 0, 2 ** 40] },
      i4: { dtype: 'int32', shape: [0, 5], data: [] },
      scalar: { dtype: 'float64', shape: [], data: [4] },
      wide: { dtype: 'int32', shape: [12345678901, 0], data: [] },
    };
    const script = `
import json, sys, numpy as np
spec = json.load(sys.stdin)
for name, item in spec.items():
    dtype = {"float64": "<f8", "float32": "<f4", "int64": "<i8", "int32": "<i4"}[item["dtype"]]
    np.save(f"{sys.argv[1]}/{name}.npy", np.array(item["data"], dtype=dtype).reshape(item["shape"]))
    # numpy must also read back what encodeNpy wrote.
    loaded = np.load(f"{sys.argv[1]}/{name}.ours.npy", allow_pickle=False)
    assert loaded.shape == tuple(item["shape"]), (name, loaded.shape)
`;
    for (const [name, array] of Object.entries(arrays)) {
      writeFileSync(path.join(scratch, `${name}.ours.npy`), encodeNpy(array));
    }
    const run = spawnSync(PYTHON, ['-c', script, scratch], {
      input: JSON.stringify(arrays),
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    for (const name of Object.keys(arrays)) {
      const ours = readFileSync(path.join(scratch, `${name}.ours.npy`));
      const numpys = readFileSync(path.join(scratch, `${name}.npy`));
      assert.ok(ours.equals(numpys), `${name}: encodeNpy and np.save differ`);
    }
  });
});
