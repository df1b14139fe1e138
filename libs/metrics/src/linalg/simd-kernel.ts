/**
 * A float64 WebAssembly SIMD micro-kernel for dot products of rows, assembled here from its
 * bytecode so that the build needs no WebAssembly toolchain. JavaScript has no float64 SIMD;
 * WebAssembly's 128-bit `f64x2` operations (on by default since Node 16.4) run this kernel at
 * several times the speed of the plain-JavaScript 4×4 loops in `dense.ts`.
 *
 * The kernel, `tile(pa, pb, pc, k, ldc)`, adds to a 4×4 tile of C (rows 4 bytes·ldc apart in
 * memory, `ldc` in bytes) the products of two packed panels:
 *
 *   C[r][c] += Σ_{p<k} A[p][r] · B[p][c]
 *
 * where a panel contains 4 rows of a row-major matrix interleaved, k-major: element (row r,
 * column p) at byte offset 32·p + 8·r. Each C element is accumulated as a separate
 * multiply-then-add chain in the order p = 0, 1, …, k − 1 (WebAssembly SIMD has no fused
 * multiply-add), so its value is bit for bit that of `sum += a[p] * b[p]` in JavaScript.
 *
 * A second export, `symmetricRow(pa, px, py, quads, xr)`, serves a symmetric matrix-vector
 * product that reads each entry of an upper triangle once: over 4·quads entries a of a row
 * (from byte pa) it adds a·xr to y (from py) and returns Σ a·x (x from px), in two f64x2
 * partial sums.
 *
 * The module imports a shared memory (`env.memory`), so that worker threads can run the same
 * kernel on the same data.
 */

/*
 * The project compiles without the DOM library, where TypeScript declares WebAssembly, and
 * @types/node does not declare it either; these are the parts used here, as Node provides them.
 */
/** A compiled WebAssembly module (it can be sent to worker threads). */
export type WasmModule = object;

/** A WebAssembly memory; `shared` memories keep one buffer visible to every thread. */
export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (
    module: WasmModule,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

/** The runtime's WebAssembly namespace. */
export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

/** Byte size of one WebAssembly page. */
export const WASM_PAGE_BYTES = 65536;

/** Largest memory the module accepts, in pages: 4 GiB, the 32-bit address space. */
export const WASM_MAX_PAGES = 65536;

/** The exported kernel: adds the 4×4 product of two packed panels to a C tile. */
export type TileKernel = (pa: number, pb: number, pc: number, k: number, ldc: number) => void;

/** The exported row step of a symmetric matrix-vector product (see the module comment). */
export type SymmetricRowKernel = (
  pa: number,
  px: number,
  py: number,
  quads: number,
  xr: number,
) => number;

// Opcodes (WebAssembly core specification 2.0, section 5.4).
const BLOCK = 0x02;
const LOOP = 0x03;
const BR_IF = 0x0d;
const END = 0x0b;
const VOID = 0x40;
const LOCAL_GET = 0x20;
const LOCAL_SET = 0x21;
const I32_CONST = 0x41;
const I32_EQZ = 0x45;
const I32_ADD = 0x6a;
const I32_SUB = 0x6b;
const I32_MUL = 0x6c;
const F64_ADD = 0xa0;
const SIMD = 0xfd;
const V128_LOAD = 0;
const V128_LOAD64_SPLAT = 10;
const V128_STORE = 11;
const F64X2_SPLAT = 20;
const F64X2_EXTRACT_LANE = 33;
const F64X2_ADD = 240;
const F64X2_MUL = 242;
const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

// Parameter and local indices of the kernel.
const PA = 0;
const PB = 1;
const PC = 2;
const K = 3;
const LDC = 4;
/** Accumulator of row r, columns 2h and 2h + 1. */
const acc = (r: number, h: number): number => 5 + 2 * r + h;
const B01 = 13;
const B23 = 14;
const A = 15;

function leb128(value: number): number[] {
  const bytes: number[] = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest !== 0);
  return bytes;
}

/** Signed LEB128 of a small non-negative constant (below 64, one byte). */
function smallConst(value: number): number[] {
  if (value < 0 || value > 63) throw new Error(`smallConst: ${value} is outside [0, 63]`);
  return [I32_CONST, value];
}

function simd(opcode: number, ...immediates: number[]): number[] {
  return [SIMD, ...leb128(opcode), ...immediates];
}

/** memarg: alignment exponent 3 (8 bytes, what the packing guarantees) and a byte offset. */
function memarg(offset: number): number[] {
  return [3, ...leb128(offset)];
}

function section(id: number, contents: number[]): number[] {
  return [id, ...leb128(contents.length), ...contents];
}

function name(text: string): number[] {
  return [...leb128(text.length), ...Array.from(text, (char) => char.charCodeAt(0))];
}

/** Pushes the address of C row r: pc + r·ldc. */
function rowAddress(r: number): number[] {
  const code = [LOCAL_GET, PC];
  if (r > 0) code.push(LOCAL_GET, LDC, ...smallConst(r), I32_MUL, I32_ADD);
  return code;
}

function kernelBody(): number[] {
  const code: number[] = [];
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) {
      code.push(...rowAddress(r), ...simd(V128_LOAD, ...memarg(16 * h)), LOCAL_SET, acc(r, h));
    }
  }
  code.push(BLOCK, VOID, LOCAL_GET, K, I32_EQZ, BR_IF, 0, LOOP, VOID);
  code.push(LOCAL_GET, PB, ...simd(V128_LOAD, ...memarg(0)), LOCAL_SET, B01);
  code.push(LOCAL_GET, PB, ...simd(V128_LOAD, ...memarg(16)), LOCAL_SET, B23);
  for (let r = 0; r < 4; r++) {
    code.push(LOCAL_GET, PA, ...simd(V128_LOAD64_SPLAT, ...memarg(8 * r)), LOCAL_SET, A);
    for (let h = 0; h < 2; h++) {
      code.push(LOCAL_GET, acc(r, h), LOCAL_GET, A, LOCAL_GET, h === 0 ? B01 : B23);
      code.push(...simd(F64X2_MUL), ...simd(F64X2_ADD), LOCAL_SET, acc(r, h));
    }
  }
  for (const pointer of [PA, PB]) {
    code.push(LOCAL_GET, pointer, ...smallConst(32), I32_ADD, LOCAL_SET, pointer);
  }
  code.push(LOCAL_GET, K, ...smallConst(1), I32_SUB, LOCAL_SET, K);
  code.push(LOCAL_GET, K, BR_IF, 0, END, END);
  for (let r = 0; r < 4; r++) {
    for (let h = 0; h < 2; h++) {
      code.push(...rowAddress(r), LOCAL_GET, acc(r, h), ...simd(V128_STORE, ...memarg(16 * h)));
    }
  }
  code.push(END);
  // One local declaration: 11 v128 locals (8 accumulators, 2 B vectors, 1 splat of A).
  const locals = [1, 11, V128];
  return [...leb128(locals.length + code.length), ...locals, ...code];
}

// Parameter and local indices of `symmetricRow`.
const ROW_A = 0;
const ROW_X = 1;
const ROW_Y = 2;
const ROW_QUADS = 3;
const ROW_XR = 4;
/** Partial sums of the dot product, lanes 0–1 and 2–3 of each group of four. */
const ROW_SUM = [5, 6];
const ROW_XR_SPLAT = 7;
const ROW_ENTRY = 8;

/** Pushes `pointer` += bytes. */
function advance(pointer: number, bytes: number): number[] {
  return [LOCAL_GET, pointer, ...smallConst(bytes), I32_ADD, LOCAL_SET, pointer];
}

/** One pair of entries at byte `offset`: sum += a·x, y += a·xr. */
function symmetricRowPair(offset: number, sum: number): number[] {
  return [
    ...[LOCAL_GET, ROW_A, ...simd(V128_LOAD, ...memarg(offset)), LOCAL_SET, ROW_ENTRY],
    ...[LOCAL_GET, sum, LOCAL_GET, ROW_ENTRY, LOCAL_GET, ROW_X],
    ...[...simd(V128_LOAD, ...memarg(offset)), ...simd(F64X2_MUL), ...simd(F64X2_ADD)],
    ...[LOCAL_SET, sum, LOCAL_GET, ROW_Y, LOCAL_GET, ROW_Y, ...simd(V128_LOAD, ...memarg(offset))],
    ...[LOCAL_GET, ROW_ENTRY, LOCAL_GET, ROW_XR_SPLAT, ...simd(F64X2_MUL), ...simd(F64X2_ADD)],
    ...simd(V128_STORE, ...memarg(offset)),
  ];
}

function symmetricRowBody(): number[] {
  const code: number[] = [LOCAL_GET, ROW_XR, ...simd(F64X2_SPLAT), LOCAL_SET, ROW_XR_SPLAT];
  code.push(BLOCK, VOID, LOCAL_GET, ROW_QUADS, I32_EQZ, BR_IF, 0, LOOP, VOID);
  code.push(...symmetricRowPair(0, ROW_SUM[0]), ...symmetricRowPair(16, ROW_SUM[1]));
  code.push(...advance(ROW_A, 32), ...advance(ROW_X, 32), ...advance(ROW_Y, 32));
  code.push(LOCAL_GET, ROW_QUADS, ...smallConst(1), I32_SUB, LOCAL_SET, ROW_QUADS);
  code.push(LOCAL_GET, ROW_QUADS, BR_IF, 0, END, END);
  code.push(
    LOCAL_GET,
    ROW_SUM[0],
    LOCAL_GET,
    ROW_SUM[1],
    ...simd(F64X2_ADD),
    LOCAL_SET,
    ROW_SUM[0],
  );
  code.push(LOCAL_GET, ROW_SUM[0], ...simd(F64X2_EXTRACT_LANE, 0));
  code.push(LOCAL_GET, ROW_SUM[0], ...simd(F64X2_EXTRACT_LANE, 1), F64_ADD, END);
  // One local declaration: 4 v128 locals (2 partial sums, the splat of xr, one entry pair).
  const locals = [1, 4, V128];
  return [...leb128(locals.length + code.length), ...locals, ...code];
}

/** The module's bytes: magic, version, then the type, import, function, export, code sections. */
export function tileKernelModuleBytes(): Uint8Array {
  const tileType = [0x60, 5, I32, I32, I32, I32, I32, 0];
  const rowType = [0x60, 5, I32, I32, I32, I32, F64, 1, F64];
  const type = [2, ...tileType, ...rowType];
  // Shared memory limits: flag 3 (has maximum, shared), minimum 1 page, maximum 4 GiB.
  const memoryImport = [1, ...name('env'), ...name('memory'), 2, 3, 1, ...leb128(WASM_MAX_PAGES)];
  const functions = [2, 0, 1];
  const exportEntries = [2, ...name('tile'), 0, 0, ...name('symmetricRow'), 0, 1];
  const code = [2, ...kernelBody(), ...symmetricRowBody()];
  return new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, type),
    ...section(2, memoryImport),
    ...section(3, functions),
    ...section(7, exportEntries),
    ...section(10, code),
  ]);
}

let compiled: WasmModule | null | undefined;

/**
 * Returns the compiled kernel module, or null where this runtime lacks WebAssembly SIMD or shared
 * memory (callers then use the JavaScript kernels).
 */
export function tileKernelModule(): WasmModule | null {
  if (compiled === undefined) {
    try {
      compiled = new webAssembly.Module(tileKernelModuleBytes());
    } catch {
      compiled = null;
    }
  }
  return compiled;
}

/** Instantiates the module on a shared memory and returns both of its kernels. */
export function instantiateKernels(
  module: WasmModule,
  memory: WasmMemory,
): { tile: TileKernel; symmetricRow: SymmetricRowKernel } {
  const instance = new webAssembly.Instance(module, { env: { memory } });
  return {
    tile: instance.exports.tile as TileKernel,
    symmetricRow: instance.exports.symmetricRow as SymmetricRowKernel,
  };
}
