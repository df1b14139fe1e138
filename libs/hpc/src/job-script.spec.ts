import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxRunRequest } from '@dmlg/sandbox';
import { apptainerCommand, renderEnvFile, renderJobBody } from './job-script';
import { shellQuote } from './shell-quote';

const request: SandboxRunRequest = {
  runId: 'run-1',
  image: 'unused',
  command: ['python3', '-m', 'dmlg_harness', '--tasks', '/inputs/tasks.json', '--out', '/out'],
  workingDir: '/tmp',
  env: { PYTHONPATH: '/harness', NOTE: "it's" },
  mounts: [
    { target: '/harness', files: [] },
    { target: '/inputs', files: [] },
  ],
  outputDir: '/out',
  limits: {
    wallSeconds: 60,
    memoryMb: 512,
    cpus: 1,
    pids: 64,
    tmpfsMb: 16,
    outputMb: 1,
    logKb: 16,
  },
};

describe('job script', () => {
  it('apptainer line', () => {
    const line = apptainerCommand(
      request,
      '/scratch/r1',
      {
        kind: 'apptainer',
        image: '/opt/dmlg/sandbox.sif',
        binary: 'apptainer',
      },
      1,
    );
    assert.equal(
      line,
      'apptainer exec --containall --cleanenv --no-home --net --network none --env-file /scratch/r1/sandbox.env ' +
        '--bind /scratch/r1/harness:/harness:ro --bind /scratch/r1/inputs:/inputs:ro --bind /scratch/r1/out:/out ' +
        '--pwd /tmp --nv /opt/dmlg/sandbox.sif python3 -m dmlg_harness --tasks /inputs/tasks.json --out /out',
    );
  });

  it('host environment remaps paths', () => {
    const body = renderJobBody(request, '/scratch/r1', {
      kind: 'host',
      python: '/opt/venv/bin/python',
      setup: ['module load python/3.11'],
    });
    assert.match(
      body,
      /^timeout --kill-after=5 60 \/opt\/venv\/bin\/python -m dmlg_harness --tasks \/scratch\/r1\/inputs\/tasks.json --out \/scratch\/r1\/out$/m,
    );
  });

  it('host environment runs setup first', () => {
    const body = renderJobBody(request, '/scratch/r1', {
      kind: 'host',
      python: 'python3',
      setup: ['module load python/3.11'],
    });
    assert.ok(
      body.indexOf('module load python/3.11') <
        body.indexOf('export PYTHONPATH=/scratch/r1/harness'),
    );
  });

  it('env file quotes values', () => {
    assert.match(renderEnvFile(request), /^NOTE='it'\\''s'$/m);
  });

  it('quotes a word with spaces', () => {
    assert.equal(shellQuote('a b'), "'a b'");
  });

  it('refuses a NUL byte', () => {
    assert.throws(() => shellQuote('a\0b'), /NUL/);
  });
});
