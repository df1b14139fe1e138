/**
 * Entry point of a kernel pool worker thread (see `kernel-pool.ts`): instantiates the SIMD
 * kernel on the shared memory and loads the native one where it exists, then for every job
 * runs units until none is left and reports that it is done. Between jobs it polls briefly,
 * then blocks in `Atomics.wait`, and it never returns.
 */
import { workerData } from 'node:worker_threads';
import { loadNativeKernel } from '../linalg/native-kernel';
import { instantiateKernels } from '../linalg/simd-kernel';
import { runKernelJob, type KernelJobKind } from './kernel-jobs';
import { CONTROL, unitSource, waitForChange, type KernelPoolWorkerData } from './kernel-pool';

function serve(data: KernelPoolWorkerData): void {
  const control = new Int32Array(data.control);
  const params = new Float64Array(data.params);
  const kernels = instantiateKernels(data.module, data.memory);
  const native = loadNativeKernel().kernel;
  const slotWord = CONTROL.SLOTS + data.worker;
  let seen = Atomics.load(control, CONTROL.SEQUENCE);
  // −1 → 0 says "ready"; the main thread answers with a slot, or −2 when it gave up waiting.
  if (Atomics.compareExchange(control, slotWord, -1, 0) !== -1) return;
  Atomics.add(control, CONTROL.READY, 1);
  Atomics.notify(control, CONTROL.READY);
  for (;;) {
    seen = waitForChange(control, CONTROL.SEQUENCE, seen);
    const slot = Atomics.load(control, slotWord);
    if (slot <= 0) return;
    try {
      runKernelJob(
        { memory: data.memory, ...kernels, native, slot },
        control[CONTROL.KIND] as KernelJobKind,
        params,
        control[CONTROL.UNITS],
        unitSource(control, slot),
      );
    } catch (error) {
      process.stderr.write(
        `kernel pool worker ${slot}: ${(error as Error).stack ?? String(error)}\n`,
      );
      Atomics.store(control, CONTROL.FAILED, 1);
    }
    Atomics.add(control, CONTROL.DONE, 1);
    Atomics.notify(control, CONTROL.DONE);
  }
}

serve(workerData as KernelPoolWorkerData);
