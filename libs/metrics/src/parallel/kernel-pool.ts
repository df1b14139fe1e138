import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import {
  instantiateKernels,
  tileKernelModule,
  WASM_MAX_PAGES,
  WASM_PAGE_BYTES,
  webAssembly,
  type WasmMemory,
  type WasmModule,
} from '../linalg/simd-kernel';
import { loadNativeKernel } from '../linalg/native-kernel';
import { runKernelJob, type KernelJobKind, type KernelThread } from './kernel-jobs';

/**
 * A pool of worker threads that share one WebAssembly memory with the main thread and run the
 * SIMD kernel jobs of `kernel-jobs.ts` on it. The metrics' API is synchronous, so `run` blocks
 * the calling thread: it posts the job through shared control words, runs units itself, and
 * waits with `Atomics.wait` until every worker has finished. Workers are started on first use,
 * one fewer than the cores (the main thread is the last one), and unreferenced, so they never
 * keep a process alive. The memory only grows; it keeps the size of the largest job.
 *
 * Product passes run on the native AVX2 kernel where it loads (`native-kernel.ts`), on the
 * WebAssembly one otherwise; both give the same values bit for bit.
 *
 * `DMLG_METRICS_THREADS` sets the number of threads, main thread included (1 = no workers).
 */

// Indices of the control words (Int32Array over a SharedArrayBuffer).
/** Incremented for every job; workers wait on it. */
const SEQUENCE = 0;
/** Next unit to take (dynamic scheduling). */
const NEXT_UNIT = 1;
/** Workers that finished the current job. */
const DONE = 2;
/** Workers that started and wait for jobs. */
const READY = 3;
/** Set to 1 by a worker whose units threw. */
const FAILED = 4;
const KIND = 5;
const UNITS = 6;
/** 1: units taken from NEXT_UNIT; 0: unit u belongs to thread u mod THREADS. */
const DYNAMIC = 7;
/** Threads taking part, main thread included. */
const THREADS = 8;
/** From here, the slot of worker w (1-based) at SLOTS + w, or −1 when it takes no part. */
const SLOTS = 16;
const CONTROL_WORDS = 64;
const PARAM_COUNT = 32;

/** Maximum wait for workers to start; the pool then runs without the late ones. */
const START_TIMEOUT_MS = 10_000;

/**
 * Milliseconds a thread polls a control word before it sleeps in `Atomics.wait`. The
 * tridiagonalisation posts a job every 0.1 to 0.2 ms, and on a virtual machine a thread that
 * had gone to sleep often took about that long again to wake. At d = 2048 polling cut the
 * main thread's waits from 0.19 s to about 0.06 s. It costs at most this much CPU time per
 * thread after each job.
 */
export const SPIN_MS = 0.3;

/**
 * Waits until control[index] differs from `value`: polls for SPIN_MS, then sleeps. Returns
 * the new value.
 */
export function waitForChange(control: Int32Array, index: number, value: number): number {
  const until = performance.now() + SPIN_MS;
  let current = Atomics.load(control, index);
  while (current === value && performance.now() < until) current = Atomics.load(control, index);
  while (current === value) {
    Atomics.wait(control, index, value);
    current = Atomics.load(control, index);
  }
  return current;
}

/** Control block that `kernel-pool-worker.ts` receives as workerData. */
export interface KernelPoolWorkerData {
  module: WasmModule;
  memory: WasmMemory;
  control: SharedArrayBuffer;
  params: SharedArrayBuffer;
  worker: number;
}

export const CONTROL = {
  SEQUENCE,
  NEXT_UNIT,
  DONE,
  READY,
  FAILED,
  KIND,
  UNITS,
  DYNAMIC,
  THREADS,
  SLOTS,
} as const;

/** One job's description for `KernelPool.run`. */
export interface KernelJob {
  kind: KernelJobKind;
  params: readonly number[];
  units: number;
  /** true: threads take the next free unit; false: a fixed, reproducible share per thread. */
  dynamic: boolean;
}

export class KernelPool {
  private readonly control = new Int32Array(
    new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT),
  );
  private readonly params = new Float64Array(
    new SharedArrayBuffer(PARAM_COUNT * Float64Array.BYTES_PER_ELEMENT),
  );
  private readonly memory = new webAssembly.Memory({
    initial: 1,
    maximum: WASM_MAX_PAGES,
    shared: true,
  });
  private readonly main: KernelThread;
  private readonly workers: Worker[] = [];
  private top = 0;

  private constructor(
    private readonly module: WasmModule,
    requestedThreads: number,
  ) {
    const kernels = instantiateKernels(module, this.memory);
    const { kernel: native } = loadNativeKernel();
    this.main = { memory: this.memory, ...kernels, native, slot: 0 };
    this.startWorkers(requestedThreads - 1);
  }

  /** Threads that run a job, the calling one included. */
  get threads(): number {
    return this.control[THREADS];
  }

  /** The memory's current buffer (a new object after growth). */
  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }

  /** Frees every allocation; call before allocating for a new job. */
  reset(): void {
    this.top = 0;
  }

  /** Reserves `bytes` (16-byte aligned) and returns its byte offset, growing the memory. */
  allocate(bytes: number): number {
    const offset = this.top;
    this.top += Math.ceil(bytes / 16) * 16;
    const needed = Math.ceil(this.top / WASM_PAGE_BYTES);
    const current = this.memory.buffer.byteLength / WASM_PAGE_BYTES;
    if (needed > WASM_MAX_PAGES) {
      throw new RangeError(
        `kernel pool: a job needs ${this.top} bytes, which exceeds the 4 GiB maximum of a WebAssembly memory; split the input into smaller calls`,
      );
    }
    if (needed > current) this.memory.grow(needed - current);
    return offset;
  }

  /** Runs a job on every thread and returns when all units are done. */
  run(job: KernelJob): void {
    const control = this.control;
    this.params.fill(0);
    this.params.set(job.params);
    control[KIND] = job.kind;
    control[UNITS] = job.units;
    control[DYNAMIC] = job.dynamic ? 1 : 0;
    Atomics.store(control, NEXT_UNIT, 0);
    Atomics.store(control, DONE, 0);
    Atomics.store(control, FAILED, 0);
    Atomics.add(control, SEQUENCE, 1);
    Atomics.notify(control, SEQUENCE);
    let failure: unknown;
    try {
      runKernelJob(this.main, job.kind, this.params, job.units, unitSource(control, 0));
    } catch (error) {
      failure = error;
    }
    const workers = this.threads - 1;
    for (let done = Atomics.load(control, DONE); done < workers;) {
      done = waitForChange(control, DONE, done);
    }
    if (failure !== undefined) throw failure;
    if (Atomics.load(control, FAILED) !== 0) {
      throw new Error('kernel pool: a worker thread failed while running a job; see its stderr');
    }
  }

  private startWorkers(count: number): void {
    const control = this.control;
    control[THREADS] = 1;
    if (count <= 0) return;
    const script = path.join(__dirname, 'kernel-pool-worker.js');
    if (!existsSync(script)) {
      // Run from TypeScript sources or a bundle: no compiled worker script to start.
      process.stderr.write(
        `kernel pool: ${script} not found, running on the calling thread only\n`,
      );
      return;
    }
    for (let worker = 1; worker <= count; worker++) {
      control[SLOTS + worker] = -1;
      const data: KernelPoolWorkerData = {
        module: this.module,
        memory: this.memory,
        control: control.buffer as SharedArrayBuffer,
        params: this.params.buffer as SharedArrayBuffer,
        worker,
      };
      const thread = new Worker(script, { workerData: data });
      // A worker that fails to start only leaves the pool smaller.
      thread.on('error', (error: Error) => {
        process.stderr.write(`kernel pool: worker ${worker} failed: ${error.message}\n`);
      });
      thread.unref();
      this.workers.push(thread);
    }
    const deadline = Date.now() + START_TIMEOUT_MS;
    for (
      let ready = Atomics.load(control, READY);
      ready < count && Date.now() < deadline;
      ready = Atomics.load(control, READY)
    ) {
      Atomics.wait(control, READY, ready, Math.max(1, deadline - Date.now()));
    }
    // Workers mark themselves ready by setting their slot word to 0; number the ready ones.
    let slot = 1;
    for (let worker = 1; worker <= count; worker++) {
      if (Atomics.compareExchange(control, SLOTS + worker, 0, slot) === 0) {
        slot++;
      } else {
        // Not started in time: it must never take part, even if it starts later.
        Atomics.store(control, SLOTS + worker, -2);
        void this.workers[worker - 1].terminate();
      }
    }
    control[THREADS] = slot;
  }

  private static instance: KernelPool | null | undefined;

  /**
   * The process's pool, started on first call, or null where WebAssembly SIMD or shared
   * memory is missing (callers then use their JavaScript loops).
   */
  static get(): KernelPool | null {
    if (KernelPool.instance === undefined) {
      const module = tileKernelModule();
      KernelPool.instance = module === null ? null : new KernelPool(module, threadCount());
    }
    return KernelPool.instance;
  }
}

/** Most threads the control words have slots for, the calling one included. */
export const MAX_THREADS = CONTROL_WORDS - SLOTS;

/**
 * Threads for the pool: DMLG_METRICS_THREADS, else the available cores, at most 8.
 *
 * @throws Error naming the value when DMLG_METRICS_THREADS is not a whole number from 1 to
 * MAX_THREADS.
 */
export function threadCount(): number {
  const configured = process.env.DMLG_METRICS_THREADS;
  if (configured !== undefined && configured !== '') {
    const value = /^[1-9][0-9]*$/.test(configured) ? Number(configured) : NaN;
    if (!(value >= 1 && value <= MAX_THREADS)) {
      throw new Error(
        `DMLG_METRICS_THREADS must be a whole number from 1 to ${MAX_THREADS}, got ${JSON.stringify(configured)}; unset it to use the cores, at most 8`,
      );
    }
    return value;
  }
  return Math.min(8, os.availableParallelism());
}

/** Returns the function that gives thread `slot` its next unit of the current job. */
export function unitSource(control: Int32Array, slot: number): () => number {
  if (control[DYNAMIC] === 1) return () => Atomics.add(control, NEXT_UNIT, 1);
  const threads = control[THREADS];
  let unit = slot - threads;
  return () => (unit += threads);
}
