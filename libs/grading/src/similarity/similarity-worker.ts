import { parentPort, workerData } from 'node:worker_threads';
import type { SourceFile } from './normalize-tokens';
import {
  compareSubmissions,
  type SimilarityOptions,
  type SubmissionSource,
} from './similarity-report';

/** Input of the worker thread that {@link compareInWorker} starts. */
export interface SimilarityWorkerInput {
  submissions: SubmissionSource[];
  starter: SourceFile[];
  options: SimilarityOptions;
}

const input = workerData as SimilarityWorkerInput;
parentPort?.postMessage(compareSubmissions(input.submissions, input.starter, input.options));
