import { countingAttempt, type CountingRule } from '@dmlg/grading';

/** A check counts as passed at half its score or more. */
const PASS_SCORE = 0.5;

export interface DashboardSubmission {
  id: string;
  userId: string;
  createdAt: Date;
}

export interface DashboardGrade {
  submissionId: string;
  userId: string;
  runId: string;
  /** 0 to 100, after the late penalty. */
  score: number;
}

export interface DashboardCheckResult {
  runId: string;
  checkId: string;
  /** 0 to 1. */
  score: number;
}

export interface DashboardInput {
  /** Users enrolled as students; submissions of TAs, instructors and admins are left out. */
  studentIds: ReadonlySet<string>;
  /** All submissions to the assignment's versions, oldest first. */
  submissions: readonly DashboardSubmission[];
  grades: readonly DashboardGrade[];
  /** Check results of the graded runs. */
  checkResults: readonly DashboardCheckResult[];
  /** The manifest's checks in order, with the title in the reader's language. */
  checks: readonly { id: string; title: string }[];
  /** The assignment policy's rule for which graded submission counts. */
  counting: CountingRule;
}

export interface StudentFigures {
  submissions: DashboardSubmission[];
  bestScore: number | null;
  countingScore: number | null;
  lastSubmission: DashboardSubmission | null;
  /** Grade of the last submission; null while it is ungraded. */
  lastScore: number | null;
}

export interface DashboardFigures {
  /** Ten bins of 10 points over the students' counting scores; 100 falls into the last bin. */
  histogram: { from: number; to: number; count: number }[];
  /** Share of the students' graded runs that reached PASS_SCORE on each check, and its mean. */
  checks: { id: string; title: string; passRate: number; meanScore: number }[];
  /** Students' submissions per UTC day, oldest first. */
  perDay: { day: string; count: number }[];
  /** Figures per student id; a student without submissions has none here. */
  students: Map<string, StudentFigures>;
}

/**
 * What the instructor dashboard shows of an assignment. Every figure counts students only, so a
 * TA's test submission moves neither the charts nor the table, and a student's score is the one
 * the policy counts (best or last graded), as in the CSV export and the student's policy view.
 */
export function dashboardFigures(input: DashboardInput): DashboardFigures {
  const submissions = input.submissions.filter((row) => input.studentIds.has(row.userId));
  const grades = input.grades.filter((row) => input.studentIds.has(row.userId));
  const submittedAt = new Map(submissions.map((row) => [row.id, row.createdAt]));
  const gradeBySubmission = new Map(grades.map((grade) => [grade.submissionId, grade.score]));

  const students = new Map<string, StudentFigures>();
  for (const submission of submissions) {
    const figures = students.get(submission.userId) ?? {
      submissions: [],
      bestScore: null,
      countingScore: null,
      lastSubmission: null,
      lastScore: null,
    };
    figures.submissions.push(submission);
    figures.lastSubmission = submission;
    figures.lastScore = gradeBySubmission.get(submission.id) ?? null;
    students.set(submission.userId, figures);
  }
  for (const [userId, figures] of students) {
    const attempts = grades
      .filter((grade) => grade.userId === userId && submittedAt.has(grade.submissionId))
      .map((grade) => ({
        score: grade.score,
        submittedAt: submittedAt.get(grade.submissionId) as Date,
      }));
    figures.bestScore = attempts.length ? Math.max(...attempts.map((a) => a.score)) : null;
    figures.countingScore = countingAttempt(attempts, input.counting)?.score ?? null;
  }

  return {
    histogram: scoreHistogram(
      [...students.values()].flatMap((row) => (row.countingScore === null ? [] : [row.countingScore])),
    ),
    checks: checkPassRates(input.checks, input.checkResults, new Set(grades.map((g) => g.runId))),
    perDay: submissionsPerDay(submissions),
    students,
  };
}

function scoreHistogram(scores: readonly number[]): DashboardFigures['histogram'] {
  const bins = Array.from({ length: 10 }, (_, bin) => ({ from: bin * 10, to: bin * 10 + 10, count: 0 }));
  for (const score of scores) bins[Math.min(9, Math.max(0, Math.floor(score / 10)))].count += 1;
  return bins;
}

function checkPassRates(
  checks: DashboardInput['checks'],
  results: readonly DashboardCheckResult[],
  runIds: ReadonlySet<string>,
): DashboardFigures['checks'] {
  return checks.map((check) => {
    const scores = results
      .filter((row) => row.checkId === check.id && runIds.has(row.runId))
      .map((row) => row.score);
    return {
      id: check.id,
      title: check.title,
      passRate: scores.length ? scores.filter((s) => s >= PASS_SCORE).length / scores.length : 0,
      meanScore: scores.length ? scores.reduce((a, b) => a + b, 0) / scores.length : 0,
    };
  });
}

function submissionsPerDay(submissions: readonly DashboardSubmission[]): DashboardFigures['perDay'] {
  const counts = new Map<string, number>();
  for (const submission of submissions) {
    const day = submission.createdAt.toISOString().slice(0, 10);
    counts.set(day, (counts.get(day) ?? 0) + 1);
  }
  return [...counts].map(([day, count]) => ({ day, count }));
}
