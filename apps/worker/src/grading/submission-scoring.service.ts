import { join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@dmlg/config';
import type { Dataset } from '@dmlg/datasets';
import { CheckResult, type GradingRun, type Submission } from '@dmlg/db';
import type { EntityManager } from 'typeorm';
import {
  ContentStore,
  measureBaselines,
  measureTasks,
  readHarnessPackage,
  runHarness,
  scoreChecks,
  type AssignmentManifest,
  type HarnessRun,
  type ReferenceValues,
  type ScoredRun,
} from '@dmlg/grading';
import { SandboxInfrastructureError, type Sandbox } from '@dmlg/sandbox';
import { SANDBOX, SANDBOX_IMAGE } from '../sandbox/sandbox.provider';

/** Outcome of running and scoring one submission: scores, or a fault of the grader. */
export type ScoringOutcome =
  | { kind: 'scored'; harnessRun: HarnessRun; scored: ScoredRun; scoreMs: number }
  | { kind: 'infrastructure-fault'; problem: string; harnessRun?: HarnessRun };

/**
 * Runs a submission's files in the sandbox against one assignment version and scores the
 * outputs. Shared by first grading and by rerun sets, which differ only in where they record.
 */
@Injectable()
export class SubmissionScoringService {
  private readonly store: ContentStore;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(SANDBOX) private readonly sandbox: Sandbox,
    @Inject(SANDBOX_IMAGE) readonly image: string,
  ) {
    this.store = new ContentStore(join(config.dataDir, 'files'));
  }

  async runAndScore(
    runId: string,
    submission: Submission,
    manifest: AssignmentManifest,
    datasets: ReadonlyMap<string, Dataset>,
    reference: ReferenceValues,
  ): Promise<ScoringOutcome> {
    let harnessRun: HarnessRun;
    try {
      const submissionFiles = await Promise.all(
        submission.files.map(async (file) => ({
          path: file.path,
          content: await this.store.get(file.sha256),
        })),
      );
      harnessRun = await runHarness(this.sandbox, {
        runId,
        image: this.image,
        manifest,
        submissionFiles,
        harnessFiles: readHarnessPackage(this.config.repositoryRoot),
        datasets,
      });
    } catch (error) {
      if (!(error instanceof SandboxInfrastructureError)) throw error;
      return { kind: 'infrastructure-fault', problem: error.message };
    }
    if (harnessRun.outcome === 'infrastructure-error') {
      return {
        kind: 'infrastructure-fault',
        problem: harnessRun.infrastructureProblem ?? 'unknown fault',
        harnessRun,
      };
    }

    const scoringStarted = Date.now();
    const measured = measureTasks(manifest, harnessRun.outputs, datasets);
    const scored = scoreChecks(
      manifest,
      measured,
      reference,
      measureBaselines(manifest, datasets),
      harnessRun.failure,
    );
    return { kind: 'scored', harnessRun, scored, scoreMs: Date.now() - scoringStarted };
  }
}

/** Fields of the run's record that a finished harness run sets. */
export function finishedRunFields(
  harnessRun: HarnessRun,
  scoreMs: number,
): Pick<
  GradingRun,
  | 'finishedAt'
  | 'exitCode'
  | 'termination'
  | 'outcome'
  | 'imageDigest'
  | 'placement'
  | 'logTail'
  | 'timings'
  | 'errorMessage'
> {
  return {
    finishedAt: harnessRun.sandbox.finishedAt,
    exitCode: harnessRun.sandbox.exitCode,
    termination: harnessRun.sandbox.termination,
    outcome: harnessRun.outcome,
    imageDigest: harnessRun.sandbox.imageDigest,
    placement: harnessRun.sandbox.placement ?? null,
    logTail: harnessRun.sandbox.log,
    timings: { ...harnessRun.sandbox.timings, scoreMs },
    errorMessage: harnessRun.failure ? harnessRun.failure.kind : null,
  };
}

/** Saves the check results of a scored run inside the caller's transaction. */
export async function saveCheckResults(
  manager: EntityManager,
  runId: string,
  submissionId: string,
  scored: ScoredRun,
): Promise<CheckResult[]> {
  return manager.save(
    scored.checks.map((check) =>
      manager.create(CheckResult, {
        runId,
        submissionId,
        checkId: check.checkId,
        title: check.title,
        weight: check.weight,
        score: check.score,
        value: check.value,
        target: check.target,
        baseline: check.baseline,
        message: check.message,
        tolerance: check.tolerance as unknown as Record<string, unknown>,
        hidden: check.hidden,
        details: check.details as unknown as Record<string, unknown>[],
      }),
    ),
  );
}
