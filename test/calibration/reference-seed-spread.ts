/**
 * Measures the seed spread of a reference solution for a CALIBRATION.md. It runs the reference
 * in the Docker sandbox once per training seed (the `seed` of every task whose driver trains a
 * model) and prints each check metric of those tasks, measured on each of them, as Markdown
 * table rows.
 *
 * Usage: node dist/test/calibration/reference-seed-spread.js <assignment folder> <image> <seed>...
 * [--also=<metric>,...], where --also names further registered metrics to measure on those tasks.
 */
import Docker from 'dockerode';
import { join } from 'node:path';
import { findRepositoryRoot } from '@dmlg/config';
import { materializeDataset, type Dataset } from '@dmlg/datasets';
import {
  checkMetric,
  describeRunFailure,
  loadManifest,
  measureTasks,
  readHarnessPackage,
  readPythonTree,
  runHarness,
  type AssignmentManifest,
} from '@dmlg/grading';
import { DockerSandbox } from '@dmlg/sandbox';

/** Driver modes that train a model. Unit-case tasks do not depend on the training seed. */
const TRAINING_MODES = new Set(['train-vae']);

function trainingManifest(
  manifest: AssignmentManifest,
  seed: number,
  extraMetrics: readonly string[],
): AssignmentManifest {
  const tasks = manifest.tasks
    .filter((task) => TRAINING_MODES.has(String(task.driver_params.mode)))
    .map((task) => ({ ...task, driver_params: { ...task.driver_params, seed } }));
  // Every check metric of a training task is measured on every training task, so that a
  // comparison (e.g. beta-VAE against the plain VAE) has both values.
  const ids = tasks.map((task) => task.id);
  const checks = manifest.checks
    .filter((check) => check.tasks.some((id) => ids.includes(id)))
    .map((check) => ({ ...check, tasks: ids }));
  for (const metric of extraMetrics) {
    checkMetric(metric);
    checks.push({ ...checks[0], id: `also-${metric}`, metric, tasks: ids });
  }
  return { ...manifest, tasks, checks };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const also = args.find((arg) => arg.startsWith('--also='));
  const extraMetrics = also ? also.slice('--also='.length).split(',') : [];
  const [folder, image, ...seedArgs] = args.filter((arg) => arg !== also);
  if (!folder || !image || seedArgs.length === 0) {
    throw new Error(
      'usage: reference-seed-spread <assignment folder> <image> <seed>... [--also=<metric>,...]',
    );
  }
  const root = findRepositoryRoot();
  const { manifest } = loadManifest(root, folder);
  const datasets = new Map<string, Dataset>(
    Object.entries(manifest.datasets).map(([id, entry]) => [id, materializeDataset(id, entry)]),
  );
  const sandbox = new DockerSandbox(new Docker({ socketPath: '/var/run/docker.sock' }));
  const referenceFolder = join(root, 'reference-solutions', folder);
  for (const seed of seedArgs.map(Number)) {
    const plan = trainingManifest(manifest, seed, extraMetrics);
    const run = await runHarness(sandbox, {
      runId: `seed-spread-${manifest.slug}-${seed}-${Date.now()}`,
      image,
      manifest: plan,
      submissionFiles: readPythonTree(referenceFolder),
      harnessFiles: readHarnessPackage(root),
      datasets,
    });
    if (run.failure || run.infrastructureProblem) {
      throw new Error(
        `seed ${seed}: ${run.failure ? describeRunFailure(run.failure).en : run.infrastructureProblem}`,
      );
    }
    const started = performance.now();
    const measured = measureTasks(plan, run.outputs, datasets);
    const measureMs = Math.round(performance.now() - started);
    for (const [taskId, values] of Object.entries(measured.values)) {
      for (const [metric, value] of Object.entries(values)) {
        console.log(`| ${seed} | ${taskId} | ${metric} | ${value.toFixed(4)} |`);
      }
    }
    console.log(`seed ${seed}: harness ${run.sandbox.timings.runMs} ms, measuring ${measureMs} ms`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
