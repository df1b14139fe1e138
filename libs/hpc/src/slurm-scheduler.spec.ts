import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SlurmScheduler } from './slurm-scheduler';

const slurm = new SlurmScheduler();
const spec = {
  name: 'dmlg-run-1',
  runDir: '/scratch/dmlg/run-1',
  wallSeconds: 125,
  memoryMb: 1024,
  cpus: 2,
  gpus: 0,
  body: 'echo hi\n',
};

/** `scontrol show job -o` lines as Slurm 22.05 prints them, shortened to the fields read. */
const SCONTROL = {
  pending:
    'JobId=41 JobName=dmlg-run-1 UserId=dmlg(1001) GroupId=dmlg(1001) Priority=4294901759 JobState=PENDING Reason=Resources Dependency=(null) ExitCode=0:0 RunTime=00:00:00 TimeLimit=00:02:05 Partition=gpu NodeList=(null)',
  running:
    'JobId=42 JobName=dmlg-run-1 JobState=RUNNING Reason=None ExitCode=0:0 RunTime=00:00:03 NodeList=vm BatchHost=vm',
  timeout:
    'JobId=43 JobName=dmlg-run-1 JobState=TIMEOUT Reason=TimeLimit Dependency=(null) ExitCode=0:15 NodeList=gpu07 BatchHost=gpu07',
  oom: 'JobId=44 JobName=dmlg-run-1 JobState=OUT_OF_MEMORY Reason=OutOfMemory ExitCode=0:125 NodeList=vm BatchHost=vm',
  completed:
    'JobId=45 JobName=dmlg-run-1 JobState=COMPLETED Reason=None ExitCode=3:0 NodeList=vm BatchHost=vm',
  nodeFail:
    'JobId=46 JobName=dmlg-run-1 JobState=NODE_FAIL Reason=NodeDown ExitCode=0:0 NodeList=gpu03',
};

describe('SlurmScheduler', () => {
  it('renders sbatch directives', () => {
    const script = slurm.renderScript({
      ...spec,
      partition: 'gpu',
      account: 'dml',
      gpus: 1,
      gpuModel: 'v100',
    });
    for (const line of [
      '#SBATCH --time=00:02:05',
      '#SBATCH --mem=1024M',
      '#SBATCH --cpus-per-task=2',
      '#SBATCH --partition=gpu',
      '#SBATCH --account=dml',
      '#SBATCH --gres=gpu:v100:1',
      '#SBATCH --output=/scratch/dmlg/run-1/job.out',
    ]) {
      assert.ok(script.split('\n').includes(line), `missing ${line} in\n${script}`);
    }
  });

  it('no gres without GPUs', () => {
    assert.doesNotMatch(slurm.renderScript(spec), /--gres/);
  });

  it('any GPU model', () => {
    assert.match(slurm.renderScript({ ...spec, gpus: 2 }), /^#SBATCH --gres=gpu:2$/m);
  });

  it('parses sbatch --parsable', () => {
    assert.equal(slurm.parseSubmitOutput('1234;cluster1\n'), '1234');
  });

  it('rejects a submit error text', () => {
    assert.throws(
      () => slurm.parseSubmitOutput('sbatch: error: Batch job submission failed'),
      /not a job id/,
    );
  });

  it('pending with reason', () => {
    const status = slurm.parseStatus('41', SCONTROL.pending);
    assert.equal(status.phase, 'pending');
    assert.equal(status.reason, 'Resources');
  });

  it('running on node', () => {
    const status = slurm.parseStatus('42', SCONTROL.running);
    assert.equal(status.phase, 'running');
    assert.equal(status.node, 'vm');
  });

  it('walltime kill', () => {
    assert.equal(slurm.parseStatus('43', SCONTROL.timeout).ended, 'walltime');
  });

  it('memory kill', () => {
    assert.equal(slurm.parseStatus('44', SCONTROL.oom).ended, 'memory');
  });

  it('completed exit code', () => {
    assert.equal(slurm.parseStatus('45', SCONTROL.completed).exitCode, 3);
  });

  it('node failure', () => {
    assert.equal(slurm.parseStatus('46', SCONTROL.nodeFail).ended, 'node-failure');
  });

  it('sacct row after MinJobAge', () => {
    const status = slurm.parseStatus('47', '47|CANCELLED by 1001|0:0|gpu02\n');
    assert.equal(status.ended, 'cancelled');
  });

  it('no record is unknown', () => {
    assert.equal(slurm.parseStatus('48', '').phase, 'unknown');
  });

  it('reads the time-limit notice', () => {
    const output =
      'slurmstepd: error: *** JOB 43 ON gpu07 CANCELLED AT 2024-05-02T10:00:00 DUE TO TIME LIMIT ***';
    assert.equal(slurm.classifyJobOutput(output), 'walltime');
  });

  it('reads the OOM notice', () => {
    const output =
      'slurmstepd: error: Detected 1 oom_kill event in StepId=44.batch. Some of the step tasks have been OOM Killed.';
    assert.equal(slurm.classifyJobOutput(output), 'memory');
  });
});
