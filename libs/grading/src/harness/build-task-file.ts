import { encodeNpy, type Dataset } from '@dmlg/datasets';
import type { SandboxFile } from '@dmlg/sandbox';
import type { AssignmentManifest } from '../manifest/assignment-manifest.schema';
import { HARNESS_PROTOCOL_VERSION, type HarnessTaskFile } from './harness-protocol';

/**
 * Builds the `/inputs` folder of a run: `tasks.json` and one `<dataset>.X.npy` per data set the
 * tasks use. Hidden labels are never written, so the sandbox receives only public arrays.
 */
export function buildInputFiles(
  manifest: AssignmentManifest,
  datasets: ReadonlyMap<string, Dataset>,
): SandboxFile[] {
  const files = new Map<string, SandboxFile>();
  const fileName = (dataset: string, input: string): string => `${dataset}.${input}.npy`;

  for (const task of manifest.tasks) {
    const dataset = datasets.get(task.dataset);
    if (!dataset) {
      throw new Error(
        `data set ${task.dataset} was not materialised for assignment ${manifest.slug}`,
      );
    }
    const inputs = [
      ...task.call.args,
      ...task.then.flatMap((step) => step.args.filter((arg) => !arg.startsWith('$'))),
    ];
    for (const input of inputs) {
      const name = fileName(task.dataset, input);
      if (!files.has(name))
        files.set(name, { path: name, content: encodeDatasetInput(dataset, input) });
    }
  }

  const taskFile: HarnessTaskFile = {
    protocol: HARNESS_PROTOCOL_VERSION,
    module: manifest.module,
    tasks: manifest.tasks.map((task) => ({
      id: task.id,
      class: task.call.class,
      init: orderedInit(manifest, task.call.class, task.call.init),
      method: task.call.method,
      args: task.call.args.map((input) => fileName(task.dataset, input)),
      then: task.then.map((step) => ({
        method: step.method,
        args: step.args.map((arg) => (arg.startsWith('$') ? arg : fileName(task.dataset, arg))),
        save: step.save,
      })),
      ...(task.driver ? { driver: task.driver, driver_params: task.driver_params } : {}),
      outputs: Object.fromEntries(
        Object.entries(task.outputs).map(([name, output]) => [name, { optional: output.optional }]),
      ),
    })),
  };
  files.set('tasks.json', {
    path: 'tasks.json',
    content: Buffer.from(JSON.stringify(taskFile, null, 2)),
  });
  return [...files.values()];
}

/**
 * Encodes one public input array of a data set. `X` is the feature matrix; other names come from
 * the data set's `inputs` (e.g. a training split with its labels). Hidden labels (`y`) are never
 * an input.
 */
function encodeDatasetInput(dataset: Dataset, input: string): Buffer {
  if (input === 'X') {
    return encodeNpy({ dtype: 'float64', shape: [dataset.n, dataset.d], data: dataset.X });
  }
  const extra = dataset.inputs?.[input];
  if (!extra) {
    throw new Error(`data set ${dataset.id} has no public input array "${input}"`);
  }
  return encodeNpy(extra);
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
