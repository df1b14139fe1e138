import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { loadAllManifests, ManifestError, parseManifest } from './load-manifest';
import { knownCheckMetrics } from '../checks/metric-registry';

const repositoryRoot = findRepositoryRoot();

describe('loadAllManifests', () => {
  it('loads the kmeans manifest', () => {
    const kmeans = loadAllManifests(repositoryRoot).find(
      (loaded) => loaded.manifest.slug === 'kmeans',
    );
    assert.ok(kmeans);
    assert.equal(kmeans.folder, '02-kmeans');
    assert.match(kmeans.sha256, /^[0-9a-f]{64}$/);
  });

  it('uses only known check metrics', () => {
    for (const { manifest } of loadAllManifests(repositoryRoot)) {
      for (const check of manifest.checks) {
        assert.ok(knownCheckMetrics().includes(check.metric), `${manifest.slug}: ${check.metric}`);
      }
    }
  });
});

describe('parseManifest', () => {
  const valid = {
    slug: 'demo',
    number: 1,
    version: 1,
    title: { en: 'Demo', lv: 'Demo' },
    module: 'demo',
    interface: [{ name: 'Demo', kind: 'class' }],
    datasets: { blobs: { generator: 'blobs', params: {} } },
    tasks: [
      {
        id: 'demo-task',
        dataset: 'blobs',
        call: { class: 'Demo', method: 'fit' },
        outputs: { labels_: { dtype: 'int', shape: ['n'] } },
      },
    ],
    checks: [
      {
        id: 'demo-ari',
        title: { en: 'ARI', lv: 'ARI' },
        metric: 'ari',
        tasks: ['demo-task'],
        weight: 1,
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
  };

  it('accepts a complete manifest', () => {
    assert.equal(parseManifest(valid, 'demo.yaml').slug, 'demo');
  });

  it('rejects an unknown task in a check', () => {
    const broken = { ...valid, checks: [{ ...valid.checks[0], tasks: ['no-such-task'] }] };
    assert.throws(
      () => parseManifest(broken, 'demo.yaml'),
      (error: Error) => error instanceof ManifestError && /no-such-task/.test(error.message),
    );
  });

  it('rejects an unknown data set', () => {
    const broken = { ...valid, tasks: [{ ...valid.tasks[0], dataset: 'missing' }] };
    assert.throws(() => parseManifest(broken, 'demo.yaml'), /names data set "missing"/);
  });

  it('names the file on a missing key', () => {
    const { limits: _limits, ...broken } = valid;
    assert.throws(() => parseManifest(broken, 'demo.yaml'), /demo\.yaml: limits/);
  });

  describe('seed-banded tolerances', () => {
    const seeded = {
      ...valid,
      calibration: { seeds: [0, 1, 2] },
      tasks: [{ ...valid.tasks[0], driver: 'train', driver_params: { seed: 0 } }],
      checks: [{ ...valid.checks[0], tolerance: { from_seeds: { min: 0.02, max: 0.5 } } }],
    };

    it('accepts a band with calibration seeds that include the canonical seed', () => {
      const manifest = parseManifest(seeded, 'demo.yaml');
      assert.deepEqual(manifest.checks[0].tolerance, { from_seeds: { min: 0.02, max: 0.5 } });
      assert.deepEqual(manifest.calibration, { seeds: [0, 1, 2] });
    });

    it('keeps a numeric tolerance as it was', () => {
      const manifest = parseManifest(
        { ...valid, checks: [{ ...valid.checks[0], tolerance: 0.1 }] },
        'demo.yaml',
      );
      assert.equal(manifest.checks[0].tolerance, 0.1);
    });

    it('rejects a malformed tolerance, naming the value', () => {
      const broken = {
        ...seeded,
        checks: [{ ...valid.checks[0], tolerance: { from_seed: { min: 0 } } }],
      };
      assert.throws(() => parseManifest(broken, 'demo.yaml'), /got \{"from_seed":\{"min":0\}\}/);
    });

    it('rejects min above max', () => {
      const broken = {
        ...seeded,
        checks: [{ ...valid.checks[0], tolerance: { from_seeds: { min: 0.6, max: 0.5 } } }],
      };
      assert.throws(() => parseManifest(broken, 'demo.yaml'), /tolerance/);
    });

    it('rejects a band without calibration seeds', () => {
      const { calibration: _calibration, ...broken } = seeded;
      assert.throws(
        () => parseManifest(broken, 'demo.yaml'),
        /check demo-ari has tolerance from_seeds, which needs a top-level calibration/,
      );
    });

    it('rejects a band on a task without an integer seed', () => {
      const broken = {
        ...seeded,
        tasks: [{ ...seeded.tasks[0], driver_params: { seed: 'zero' } }],
      };
      assert.throws(
        () => parseManifest(broken, 'demo.yaml'),
        /task demo-task has driver_params.seed "zero"/,
      );
    });

    it('rejects calibration seeds without the canonical seed', () => {
      const broken = { ...seeded, calibration: { seeds: [1, 2] } };
      assert.throws(
        () => parseManifest(broken, 'demo.yaml'),
        /must include the canonical seed 0 of task demo-task/,
      );
    });

    it('rejects calibration seeds that no check uses', () => {
      const broken = { ...valid, calibration: { seeds: [0, 1] } };
      assert.throws(
        () => parseManifest(broken, 'demo.yaml'),
        /no check has tolerance: \{ from_seeds/,
      );
    });
  });
});
