import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SandboxLimits, SandboxRunResult } from '@dmlg/sandbox';
import { describeRunFailure } from '../checks/check-messages';
import type { HarnessResultFile } from '../harness/harness-protocol';
import type { RunOutputs } from '../outputs/read-run-outputs';
import { classifyRun } from './run-harness';

const limits: SandboxLimits = {
  wallSeconds: 60,
  memoryMb: 1024,
  cpus: 1,
  pids: 64,
  tmpfsMb: 64,
  outputMb: 32,
  logKb: 64,
};

const finishedResult: HarnessResultFile = {
  protocol: 1,
  python: '3.11',
  numpy: '1.26',
  import: { ok: true, seconds: 0.1 },
  tasks: [],
  finished: true,
};

function sandboxResult(overrides: Partial<SandboxRunResult> = {}): SandboxRunResult {
  return {
    termination: 'exited',
    exitCode: 0,
    startedAt: new Date(0),
    finishedAt: new Date(1000),
    imageDigest: 'sha256:0',
    log: 'dmlg_harness: started, importing kmeans\n',
    logBytesDropped: 0,
    outputs: [],
    outputProblems: [],
    timings: { prepareMs: 0, runMs: 0, collectMs: 0, cleanupMs: 0 },
    ...overrides,
  };
}

function outputs(result: HarnessResultFile | null, resultProblem?: string): RunOutputs {
  return { result, resultProblem, tasks: new Map() };
}

describe('classifyRun', () => {
  it('completed run', () => {
    assert.equal(
      classifyRun(sandboxResult(), outputs(finishedResult), limits).outcome,
      'completed',
    );
  });

  it('output volume over the cap', () => {
    const classified = classifyRun(
      sandboxResult({ termination: 'output-limit', exitCode: 137 }),
      outputs(null),
      limits,
    );
    assert.equal(classified.outcome, 'limit-exceeded');
    assert.ok(classified.failure);
    assert.match(describeRunFailure(classified.failure).en, /past 32 MB .*\(limits\.output_mb\)/);
  });

  it('bytes read back over the cap', () => {
    const classified = classifyRun(
      sandboxResult({
        outputProblems: ['output size cap of 33554432 bytes reached: big.npy (40000000 bytes)'],
      }),
      outputs(finishedResult),
      limits,
    );
    assert.equal(classified.outcome, 'limit-exceeded');
  });

  it('link in the outputs', () => {
    const classified = classifyRun(
      sandboxResult({ outputProblems: ['x.npy: symbolic link to "/etc/shadow" not followed'] }),
      outputs(finishedResult),
      limits,
    );
    assert.equal(classified.outcome, 'student-error');
    assert.ok(classified.failure);
    assert.match(describeRunFailure(classified.failure).en, /x\.npy: symbolic link/);
  });

  it('result.json removed after start', () => {
    const classified = classifyRun(
      sandboxResult(),
      outputs(null, 'result.json does not match the harness protocol: unrecognized key "score"'),
      limits,
    );
    assert.equal(classified.outcome, 'student-error');
    assert.ok(classified.failure);
    assert.match(describeRunFailure(classified.failure).en, /removed or overwritten/);
  });

  it('harness never started', () => {
    const classified = classifyRun(
      sandboxResult({ log: 'exec: python3: not found\n', exitCode: 127 }),
      outputs(null, 'the harness wrote no result.json'),
      limits,
    );
    assert.equal(classified.outcome, 'infrastructure-error');
  });

  it('pids limit in an import error', () => {
    const imported: HarnessResultFile = {
      ...finishedResult,
      import: {
        ok: false,
        seconds: 0.1,
        error: {
          kind: 'student',
          type: 'BlockingIOError',
          message:
            '[Errno 11] Resource temporarily unavailable; the sandbox allows at most 64 processes and threads (limits.pids); start fewer processes',
        },
      },
    };
    const classified = classifyRun(sandboxResult(), outputs(imported), limits);
    assert.equal(classified.outcome, 'limit-exceeded');
  });

  it('timeout before the output check', () => {
    const classified = classifyRun(
      sandboxResult({ termination: 'timeout', exitCode: null }),
      outputs(null),
      limits,
    );
    assert.equal(classified.failure?.kind, 'timeout');
  });
});
