import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
// Both register their backend on import; nothing is initialised until `tf.setBackend`.
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { checkMetricsSettings } from '../parallel/metrics-settings';

/** Backend names that `selectTensorflowBackend` can pick, as `tf.getBackend()` reports them. */
export type TensorflowBackendName = 'tensorflow' | 'wasm' | 'cpu';

/** The part of a logger this module uses; Nest's `Logger` and `console` both fit. */
export interface BackendLogger {
  log(message: string): void;
}

/** Optional native packages, fastest first. Both register the backend named 'tensorflow'. */
const NATIVE_PACKAGES = ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node'] as const;

/**
 * Selects the fastest TensorFlow.js backend that works on this machine and makes it current:
 * `@tensorflow/tfjs-node-gpu`, then `@tensorflow/tfjs-node` (both optional and usually not
 * installed), then `wasm`, then the pure-JavaScript `cpu`. It logs the backend it picked and
 * why each faster one was skipped, then the float64 kernel and thread count of the metrics
 * (`metrics-settings.ts`), and returns the backend's name.
 *
 * @throws Error when even the cpu backend cannot be initialised, or when DMLG_METRICS_KERNEL
 * or DMLG_METRICS_THREADS is invalid.
 */
export async function selectTensorflowBackend(
  logger: BackendLogger = console,
): Promise<TensorflowBackendName> {
  const skipped: string[] = [];

  for (const packageName of NATIVE_PACKAGES) {
    const reason = await loadOptionalPackage(packageName);
    if (reason !== undefined) {
      skipped.push(`${packageName}: ${reason}`);
      continue;
    }
    if (await trySetBackend('tensorflow')) {
      report(logger, 'tensorflow', `from ${packageName}`, skipped);
      return 'tensorflow';
    }
    skipped.push(`${packageName}: loaded, but the 'tensorflow' backend failed to initialise`);
  }

  const wasmReason = await tryWasm();
  if (wasmReason === undefined) {
    report(logger, 'wasm', 'from @tensorflow/tfjs-backend-wasm', skipped);
    return 'wasm';
  }
  skipped.push(`@tensorflow/tfjs-backend-wasm: ${wasmReason}`);

  if (await trySetBackend('cpu')) {
    report(logger, 'cpu', 'from @tensorflow/tfjs-backend-cpu', skipped);
    return 'cpu';
  }
  throw new Error(
    `No TensorFlow.js backend could be initialised, not even 'cpu'. Skipped: ${skipped.join('; ')}`,
  );
}

/** Returns why the package could not be loaded, or undefined when it loaded. */
async function loadOptionalPackage(packageName: string): Promise<string | undefined> {
  try {
    await import(packageName);
    return undefined;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'MODULE_NOT_FOUND') {
      return 'not installed';
    }
    const firstLine = String((error as Error).message).split('\n')[0];
    return `failed to load (${firstLine})`;
  }
}

async function tryWasm(): Promise<string | undefined> {
  // The .wasm binaries sit next to the package's main file; a file-system prefix makes Node
  // read them from there whatever the working directory is.
  const distDirectory = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
  setWasmPaths(distDirectory + path.sep);
  return (await trySetBackend('wasm')) ? undefined : 'the wasm module failed to initialise';
}

async function trySetBackend(name: string): Promise<boolean> {
  try {
    const ok = await tf.setBackend(name);
    if (ok) {
      await tf.ready();
    }
    return ok;
  } catch {
    // setBackend throws for a name that no package registered; that only means "not available".
    return false;
  }
}

function report(logger: BackendLogger, backend: string, origin: string, skipped: string[]): void {
  const reasons = skipped.length > 0 ? `; optional, not used: ${skipped.join('; ')}` : '';
  logger.log(`TensorFlow.js backend: ${backend} (${origin})${reasons}`);
  // The float64 metrics (covariances, distances, eigenvalues) run on this kernel, not on
  // TensorFlow.js, whose WebAssembly backend is float32 only.
  const { kernel, threads } = checkMetricsSettings();
  logger.log(`Dense float64 kernel: ${kernel}, ${threads} thread${threads === 1 ? '' : 's'}`);
}
