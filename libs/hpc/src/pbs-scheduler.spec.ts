import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PbsScheduler, parseQstatFull } from './pbs-scheduler';

const spec = {
  name: 'dmlg-run-1',
  runDir: '/home/dmlg/runs/run-1',
  wallSeconds: 3700,
  memoryMb: 2048,
  cpus: 4,
  gpus: 1,
  gpuModel: 'v100',
  partition: 'fast',
  body: 'echo hi\n',
};

/** `qstat -f` of a finished Torque job (format of the Torque 3.0 documentation). */
const TORQUE_COMPLETED = `Job Id: 179.head.cluster.lv
    Job_Name = dmlg-run-1
    Job_Owner = dmlg@login1
    job_state = C
    queue = batch
    server = head.cluster.lv
    exec_host = node12/3
    Resource_List.nodes = 1:ppn=4:gpus=1
    Resource_List.walltime = 01:01:40
    Variable_List = PBS_O_HOME=/home/dmlg,PBS_O_LOGNAME=dmlg,
\tPBS_O_PATH=/usr/bin:/bin,PBS_O_SHELL=/bin/bash
    exit_status = 0
`;

const TORQUE_RUNNING = `Job Id: 180.head.cluster.lv
    Job_Name = dmlg-run-2
    job_state = R
    exec_host = node03/0+node03/1
`;

const TORQUE_FAILED_START = `Job Id: 181.head.cluster.lv
    Job_Name = dmlg-run-3
    job_state = C
    exit_status = -1
`;

/** `qstat -x -f` of a PBS Pro job killed at its walltime. */
const PBSPRO_WALLTIME = `Job Id: 5521.pbs01
    Job_Name = dmlg-run-4
    job_state = F
    queue = workq
    comment = Job run at Thu May 02 at 10:00 on (gpu07:ncpus=4:ngpus=1) and finished
    exec_host = gpu07/0*4
    Exit_status = 271
`;

const PBSPRO_QUEUED = `Job Id: 5522.pbs01
    Job_Name = dmlg-run-5
    job_state = Q
    comment = Not Running: Insufficient amount of resource: ngpus
`;

describe('PbsScheduler', () => {
  it('renders Torque resources', () => {
    const script = new PbsScheduler('torque').renderScript(spec).split('\n');
    for (const line of [
      '#PBS -l nodes=1:ppn=4:gpus=1,feature=v100',
      '#PBS -l walltime=01:01:40',
      '#PBS -l mem=2048mb',
      '#PBS -q fast',
      '#PBS -o /home/dmlg/runs/run-1/job.out',
    ]) {
      assert.ok(script.includes(line), `missing ${line}`);
    }
  });

  it('renders PBS Pro select', () => {
    const script = new PbsScheduler('pro').renderScript(spec);
    assert.match(script, /^#PBS -l select=1:ncpus=4:mem=2048mb:ngpus=1:gpu_model=v100$/m);
  });

  it('CPU job has no gpus', () => {
    assert.match(
      new PbsScheduler('torque').renderScript({ ...spec, gpus: 0 }),
      /^#PBS -l nodes=1:ppn=4$/m,
    );
  });

  it('parses qsub output', () => {
    assert.equal(
      new PbsScheduler().parseSubmitOutput('179.head.cluster.lv\n'),
      '179.head.cluster.lv',
    );
  });

  it('parses a bare job id', () => {
    assert.equal(new PbsScheduler().parseSubmitOutput('12\n'), '12');
  });

  it('PBS Pro polls finished jobs with -x', () => {
    assert.equal(new PbsScheduler('pro').statusCommand('5521.pbs01'), 'qstat -x -f 5521.pbs01');
  });

  it('joins continuation lines', () => {
    assert.match(
      parseQstatFull(TORQUE_COMPLETED).get('Variable_List') ?? '',
      /PBS_O_LOGNAME=dmlg,PBS_O_PATH/,
    );
  });

  it('Torque completed', () => {
    const status = new PbsScheduler().parseStatus('179.head.cluster.lv', TORQUE_COMPLETED);
    assert.deepEqual(
      [status.phase, status.ended, status.exitCode, status.node],
      ['ended', 'completed', 0, 'node12'],
    );
  });

  // Recorded from Slurm 22.05's Torque wrapper (slurm-wlm-torque), which indents with tabs.
  it('wrapper output with tabs', () => {
    const wrapper =
      '\nJob Id:\t7\n\tJob_Name = dmlg-pbs-1\n\tJob_Owner = root@localhost\n\tjob_state = Q\n' +
      '\tqueue = grading\n\tResource_List.walltime = 00:03:00\n\tResource_List.ncpus = 1\n\n';
    assert.equal(new PbsScheduler().parseStatus('7', wrapper).phase, 'pending');
  });

  it('Torque running', () => {
    assert.equal(new PbsScheduler().parseStatus('180', TORQUE_RUNNING).phase, 'running');
  });

  it('negative status is a node fault', () => {
    assert.equal(new PbsScheduler().parseStatus('181', TORQUE_FAILED_START).ended, 'node-failure');
  });

  it('PBS Pro finished with Exit_status', () => {
    const status = new PbsScheduler('pro').parseStatus('5521.pbs01', PBSPRO_WALLTIME);
    assert.equal(status.exitCode, 271);
  });

  it('PBS Pro queued with reason', () => {
    const status = new PbsScheduler('pro').parseStatus('5522.pbs01', PBSPRO_QUEUED);
    assert.deepEqual(
      [status.phase, status.reason],
      ['pending', 'Not Running: Insufficient amount of resource: ngpus'],
    );
  });

  it('unknown job id', () => {
    const status = new PbsScheduler().parseStatus(
      '179',
      'qstat: Unknown Job Id 179.head.cluster.lv\n',
    );
    assert.equal(status.phase, 'unknown');
  });

  it('reads the walltime notice', () => {
    const output = '=>> PBS: job killed: walltime 3702 exceeded limit 3700';
    assert.equal(new PbsScheduler().classifyJobOutput(output), 'walltime');
  });

  it('reads the memory notice', () => {
    const output = '=>> PBS: job killed: mem 2200mb exceeded limit 2048mb';
    assert.equal(new PbsScheduler().classifyJobOutput(output), 'memory');
  });
});
