import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseManifest } from '../manifest/load-manifest';
import {
  appliedTolerance,
  canonicalSeed,
  deriveCalibration,
  extraCalibrationSeeds,
  manifestForSeed,
} from './seed-calibration';
import { scoreChecks } from './score-checks';

const manifest = parseManifest(
  {
    slug: 'demo',
    number: 1,
    version: 1,
    title: { en: 'Demo', lv: 'Demo' },
    module: 'demo',
    interface: [{ name: 'Demo', kind: 'class' }],
    datasets: { blobs: { generator: 'blobs', params: {} } },
    calibration: { seeds: [0, 1, 2] },
    tasks: [
      {
        id: 'unit',
        dataset: 'blobs',
        call: { class: 'Demo', method: 'fit' },
        outputs: { labels_: { dtype: 'int', shape: ['n'] } },
      },
      {
        id: 'train',
        dataset: 'blobs',
        call: { class: 'Demo', method: 'fit' },
        driver: 'train',
        driver_params: { seed: 1, steps: 10 },
        outputs: { labels_: { dtype: 'int', shape: ['n'] } },
      },
    ],
    checks: [
      {
        id: 'exact',
        title: { en: 'A', lv: 'A' },
        metric: 'ari',
        tasks: ['unit'],
        weight: 1,
        tolerance: 0,
      },
      {
        id: 'banded',
        title: { en: 'B', lv: 'B' },
        metric: 'ari',
        tasks: ['train'],
        weight: 1,
        tolerance: { from_seeds: { min: 0.02, max: 0.5 } },
      },
    ],
    limits: {
      wall_seconds: 10,
      memory_mb: 256,
      cpus: 1,
      pids: 32,
      tmpfs_mb: 16,
      output_mb: 8,
      log_kb: 16,
    },
  },
  'demo.yaml',
);

/** Seeds 0 and 2 around the canonical seed 1's 0.8, against a baseline of 0. */
function calibrateDemo(): ReturnType<typeof deriveCalibration> {
  return deriveCalibration(
    manifest,
    [
      { seed: 0, runId: 'r0', values: { train: { ari: 0.72 } } },
      { seed: 1, runId: 'r1', values: { train: { ari: 0.8 } } },
      { seed: 2, runId: 'r2', values: { train: { ari: 0.78 } } },
    ],
    { unit: { ari: 0 }, train: { ari: 0 } },
  );
}

describe('seed calibration', () => {
  it('finds the canonical seed and the seeds that need runs of their own', () => {
    assert.equal(canonicalSeed(manifest), 1);
    assert.deepEqual(extraCalibrationSeeds(manifest), [0, 2]);
  });

  it('runs only the seed-banded tasks, with the seed replaced', () => {
    const seeded = manifestForSeed(manifest, 2);
    assert.deepEqual(
      seeded.tasks.map((task) => task.id),
      ['train'],
    );
    assert.deepEqual(seeded.tasks[0].driver_params, { seed: 2, steps: 10 });
    assert.deepEqual(
      seeded.checks.map((check) => check.id),
      ['banded'],
    );
    assert.equal(manifest.tasks[1].driver_params.seed, 1, 'the original manifest is unchanged');
  });

  it('derives each banded check from every seed and records its source', () => {
    // gap 0.8 - 0 = 0.8; spread (0.8 - 0.72) / 0.8 = 0.1; 1.5 * 0.1 = 0.15.
    const calibration = calibrateDemo();
    assert.ok(Math.abs(calibration.bands.banded.tolerance - 0.15) < 1e-12);
    const applied = appliedTolerance(manifest.checks[1], calibration);
    assert.equal(applied.source, 'seeds');
    assert.deepEqual(applied.source === 'seeds' && applied.seeds, [0, 1, 2]);
    assert.deepEqual(appliedTolerance(manifest.checks[0], calibration), {
      value: 0,
      source: 'manifest',
    });
  });

  it('refuses to score a banded check before its band exists', () => {
    assert.throws(
      () => appliedTolerance(manifest.checks[1], null),
      /calibration runs have not derived it yet/,
    );
  });

  it('scores a banded check with its band and records it', () => {
    // band 1.5 * (0.8 - 0.72) / 0.8 = 0.15, so 0.7 scores min(1, 0.7 / (0.8 * 0.85)) = 1.
    const calibration = calibrateDemo();
    const scored = scoreChecks(
      manifest,
      { values: { unit: { ari: 1 }, train: { ari: 0.7 } }, problems: {} },
      { values: { unit: { ari: 1 }, train: { ari: 0.8 } }, calibration },
      calibration.baselines,
    );
    const banded = scored.checks.find((check) => check.checkId === 'banded');
    assert.equal(banded?.score, 1);
    assert.equal(banded?.tolerance.source, 'seeds');
    assert.ok(Math.abs((banded?.tolerance.value ?? 0) - 0.15) < 1e-12);
    assert.deepEqual(scored.checks[0].tolerance, { value: 0, source: 'manifest' });
    assert.equal(scored.score, 100);
  });
});
