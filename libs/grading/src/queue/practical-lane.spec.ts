import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findRepositoryRoot } from '@dmlg/config';
import { loadAllManifests, parseManifest } from '../manifest/load-manifest';
import { PRACTICAL_QUEUE, queueForManifest } from './runner-queue';

const base = {
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

describe('practical lane', () => {
  it('routes to the practical queue', () => {
    const manifest = parseManifest({ ...base, lane: 'practical' }, 'demo.yaml');
    assert.equal(queueForManifest(manifest, 'grading'), PRACTICAL_QUEUE);
  });

  it('homework stays on the default queue', () => {
    const manifest = parseManifest({ ...base, lane: 'homework' }, 'demo.yaml');
    assert.equal(queueForManifest(manifest, 'grading'), 'grading');
  });

  it('no lane stays on the default queue', () => {
    assert.equal(queueForManifest(parseManifest(base, 'demo.yaml'), 'grading'), 'grading');
  });

  it('GPU model still routes by runner', () => {
    const manifest = parseManifest(
      { ...base, runner: { kind: 'docker', gpus: 1, gpu_model: 'A100' } },
      'demo.yaml',
    );
    assert.equal(queueForManifest(manifest, 'grading'), 'grading-gpu-a100');
  });

  it('unknown lane is refused', () => {
    assert.throws(() => parseManifest({ ...base, lane: 'express' }, 'demo.yaml'), /lane/);
  });

  it('long wall limit is refused', () => {
    const slow = { ...base, lane: 'practical', limits: { ...base.limits, wall_seconds: 120 } };
    assert.throws(() => parseManifest(slow, 'demo.yaml'), /at most 30 wall seconds, got 120/);
  });

  it('cluster runner is refused', () => {
    const cluster = { ...base, lane: 'practical', runner: { kind: 'slurm' } };
    assert.throws(() => parseManifest(cluster, 'demo.yaml'), /CPU Docker sandbox only/);
  });

  it('shipped practical is on the lane', () => {
    const practical = loadAllManifests(findRepositoryRoot()).find(
      (loaded) => loaded.manifest.slug === 'practical-lloyd',
    );
    assert.equal(practical?.manifest.lane, 'practical');
  });
});
