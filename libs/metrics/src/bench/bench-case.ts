/**
 * Runs one benchmark case of this library on inputs written by `bench-metrics`, and prints
 * {"seconds", "cpu_seconds", "max_rss_kb", "value", "backend", "kernel"} as JSON (cpu_seconds:
 * user and system time of the process over the timed region, worker threads included;
 * kernel: the dense float64 kernel of `native-kernel.ts`). Run as a child
 * process, so that the peak memory is the case's own:
 *
 *   node dist/libs/metrics/src/bench/bench-case.js <input-dir> <case>
 */
import { selectTensorflowBackend } from '../backend/select-backend';
import { adjustedRandIndex } from '../clustering/adjusted-rand-index';
import { normalizedMutualInfo } from '../clustering/normalized-mutual-info';
import { silhouetteScore } from '../clustering/silhouette';
import { frechetDistance } from '../generative/frechet-distance';
import { loadNativeKernel } from '../linalg/native-kernel';
import { retrievalScores } from '../retrieval/retrieval-accuracy';
import { readFloat64, readInt32, readSizes } from './bench-data';

export const BENCH_CASES = ['ari_nmi', 'silhouette', 'retrieval', 'frechet'] as const;
export type BenchCase = (typeof BENCH_CASES)[number];

async function main(directory: string, name: string): Promise<void> {
  const backend = await selectTensorflowBackend({
    log: (message) => process.stderr.write(`${message}\n`),
  });
  const sizes = readSizes(directory);
  let run: () => unknown;
  switch (name as BenchCase) {
    case 'ari_nmi': {
      const labelsTrue = readInt32(directory, 'labels_true.i32');
      const labelsPred = readInt32(directory, 'labels_pred.i32');
      run = () => [
        adjustedRandIndex(labelsTrue, labelsPred),
        normalizedMutualInfo(labelsTrue, labelsPred),
      ];
      break;
    }
    case 'silhouette': {
      const X = readFloat64(directory, 'silhouette_X.f64');
      const labels = readInt32(directory, 'silhouette_labels.i32');
      run = () => silhouetteScore(X, sizes.silhouetteRows, sizes.silhouetteDims, labels);
      break;
    }
    case 'retrieval': {
      const embeddings = {
        data: readFloat64(directory, 'retrieval_embeddings.f64'),
        rows: sizes.retrievalRows,
        cols: sizes.retrievalDims,
      };
      const labels = readInt32(directory, 'retrieval_labels.i32');
      const k = sizes.retrievalClassSize;
      run = () => {
        const scores = retrievalScores(embeddings, labels, { k, ks: [1, 10] });
        return [scores.recallAtK['1'], scores.recallAtK['10'], scores.mapAtR];
      };
      break;
    }
    case 'frechet': {
      const shape = { rows: sizes.frechetRows, cols: sizes.frechetDims };
      const real = { data: readFloat64(directory, 'frechet_real.f64'), ...shape };
      const fake = { data: readFloat64(directory, 'frechet_fake.f64'), ...shape };
      run = () => frechetDistance(real, fake);
      break;
    }
    default:
      throw new Error(
        `unknown benchmark case ${JSON.stringify(name)}; known: ${BENCH_CASES.join(', ')}`,
      );
  }
  const start = process.hrtime.bigint();
  const cpuStart = process.cpuUsage();
  const value = run();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = process.cpuUsage(cpuStart);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const maxRssKb = process.resourceUsage().maxRSS;
  const kernel = loadNativeKernel().description;
  process.stdout.write(
    `${JSON.stringify({ seconds, cpu_seconds: cpuSeconds, max_rss_kb: maxRssKb, value, backend, kernel })}\n`,
  );
}

if (require.main === module) {
  void main(process.argv[2], process.argv[3]);
}
