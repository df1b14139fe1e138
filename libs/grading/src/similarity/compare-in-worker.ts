import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { SourceFile } from './normalize-tokens';
import {
  DEFAULT_SIMILARITY_OPTIONS,
  type SimilarityOptions,
  type SimilarityReport,
  type SubmissionSource,
} from './similarity-report';
import type { SimilarityWorkerInput } from './similarity-worker';

/**
 * Runs {@link compareSubmissions} in a worker thread, so that a server's event loop keeps serving
 * requests while a large class is compared. The inputs and the report are copied between threads,
 * and starting the thread took about 70 ms for an empty class in the end-to-end test.
 */
export function compareInWorker(
  submissions: readonly SubmissionSource[],
  starter: readonly SourceFile[],
  options: SimilarityOptions = DEFAULT_SIMILARITY_OPTIONS,
): Promise<SimilarityReport> {
  const input: SimilarityWorkerInput = {
    submissions: [...submissions],
    starter: [...starter],
    options,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(join(__dirname, 'similarity-worker.js'), { workerData: input });
    let settled = false;
    worker.once('message', (report: SimilarityReport) => {
      settled = true;
      resolve(report);
    });
    worker.once('error', (error) => {
      settled = true;
      reject(new Error(`similarity worker thread failed: ${error.message}`, { cause: error }));
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`similarity worker thread exited with code ${code}`));
    });
  });
}
