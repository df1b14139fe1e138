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
});
