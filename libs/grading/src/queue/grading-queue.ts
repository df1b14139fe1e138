import type { JobsOptions } from 'bullmq';

/** Queue of homework grading jobs, processed by `apps/worker`. */
export const GRADING_QUEUE = 'grading';

/** The only job name on the grading queue. */
export const GRADE_SUBMISSION_JOB = 'grade-submission';

export interface GradeSubmissionJobData {
  submissionId: string;
}

/**
 * Options of a grading job. The job id is the submission id, so BullMQ drops a second enqueue of
 * the same submission while the first job exists (a double click, a recovery re-enqueue).
 * Retries are for infrastructure faults only; the processor decides, and records attempts on
 * the submission row.
 */
export function gradeSubmissionJobOptions(submissionId: string, attempts: number): JobsOptions {
  return {
    jobId: submissionId,
    attempts,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 10000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}

/** Job name of one item of a rerun set: grades a submission into the set, not into its grade. */
export const RERUN_SUBMISSION_JOB = 'rerun-submission';

export interface RerunSubmissionJobData {
  rerunItemId: string;
}

/** Every job the grading queue carries, distinguished by the job name. */
export type GradingJobData = GradeSubmissionJobData | RerunSubmissionJobData;

/**
 * Options of a rerun job. The job id is derived from the rerun item id, so an item is graded at
 * most once per set; retries are for infrastructure faults, as for submissions.
 */
export function rerunSubmissionJobOptions(rerunItemId: string, attempts: number): JobsOptions {
  return {
    jobId: `rerun-${rerunItemId}`,
    attempts,
    backoff: { type: 'exponential', delay: 2000 },
    removeOnComplete: { age: 24 * 3600, count: 10000 },
    removeOnFail: { age: 7 * 24 * 3600 },
  };
}
