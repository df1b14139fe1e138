import { encodeNpy, type Dataset } from '@dmlg/datasets';
import type { SandboxFile } from '@dmlg/sandbox';
import type { AssignmentManifest } from '../manifest/assignment-manifest.schema';
import { HARNESS_PROTOCOL_VERSION, type HarnessTaskFile } from './harness-protocol';

/**
 * Builds the `/inputs` folder of a run: `tasks.json` and one `<dataset>.X.npy` per data set the
 * tasks use. Labels never go in: the sandbox sees only the features.
 */
export function buildInputFiles(
  manifest: AssignmentManifest,
  datasets: ReadonlyMap<string, Dataset>,
): SandboxFile[] {
  const used = new Set(manifest.tasks.map((task) => task.dataset));
  const files: SandboxFile[] = [];
  for (const id of used) {
    const dataset = datasets.get(id);
    if (!dataset) {
      throw new Error(`data set ${id} was not materialised for assignment ${manifest.slug}`);
    }
    files.push({
      path: `${id}.X.npy`,
      content: encodeNpy({ dtype: 'float64', shape: [dataset.n, dataset.d], data: dataset.X }),
    });
  }
  const taskFile: HarnessTaskFile = {
    protocol: HARNESS_PROTOCOL_VERSION,
    module: manifest.module,
    tasks: manifest.tasks.map((task) => ({
      id: task.id,
      class: task.call.class,
      init: orderedInit(manifest, task.call.class, task.call.init),
      method: task.call.method,
      args: task.call.args.map(() => `${task.dataset}.X.npy`),
      outputs: Object.fromEntries(
        Object.entries(task.outputs).map(([name, output]) => [name, { optional: output.optional }]),
      ),
    })),
  };
  files.push({ path: 'tasks.json', content: Buffer.from(JSON.stringify(taskFile, null, 2)) });
  return files;
}

/**
 * Keyword arguments in the order the interface lists them, because Postgres jsonb reorders keys
 * and the harness shows them in messages such as "KMeans(n_clusters, seed)".
 */
function orderedInit(
  manifest: AssignmentManifest,
  className: string,
  init: Record<string, unknown>,
): Record<string, unknown> {
  const declared = manifest.interface.find((entry) => entry.name === className)?.init ?? [];
  const names = [
    ...declared.filter((name) => name in init),
    ...Object.keys(init).filter((name) => !declared.includes(name)),
  ];
  return Object.fromEntries(names.map((name) => [name, init[name]]));
}
