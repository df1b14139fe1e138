import { loadNativeKernel } from '../linalg/native-kernel';
import { threadCount } from './kernel-pool';

/** The metrics' kernel settings as they will be used: the dense kernel and the thread count. */
export interface MetricsSettings {
  /** `loadNativeKernel`'s description: the native or the WebAssembly kernel, and why. */
  kernel: string;
  threads: number;
}

/**
 * Reads and checks DMLG_METRICS_KERNEL and DMLG_METRICS_THREADS without starting the kernel
 * pool, so that a process can reject a wrong value at start instead of at its first large
 * metric.
 *
 * @throws Error naming the variable and its value when either is invalid, or when
 * DMLG_METRICS_KERNEL=native and the addon cannot load.
 */
export function checkMetricsSettings(): MetricsSettings {
  const kernel = loadNativeKernel().description;
  return { kernel, threads: threadCount() };
}
