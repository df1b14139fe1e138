/** Calls to the grader's API with the session cookie; errors carry the HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** The assignment policy rule that rejected a submission, when one did. */
    readonly rule: string | null = null,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const headers = new Headers(init.headers);
  if (init.body && typeof init.body === 'string') headers.set('content-type', 'application/json');
  // The server writes its error messages in this language; the page's language is the one chosen
  // on screen, which may differ from the browser's own Accept-Language.
  if (!headers.has('accept-language'))
    headers.set('accept-language', document.documentElement.lang || 'en');
  const response = await fetch(path, { ...init, headers, credentials: 'same-origin' });
  if (!response.ok) {
    let message = response.statusText;
    let rule: string | null = null;
    try {
      const body = (await response.json()) as { message?: string | string[]; rule?: string };
      if (body.message)
        message = Array.isArray(body.message) ? body.message.join('; ') : body.message;
      rule = body.rule ?? null;
    } catch {
      // Not JSON: keep the status text.
    }
    throw new ApiError(response.status, message, rule);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  return (type.includes('json') ? await response.json() : await response.text()) as T;
}

export type Locale = 'en' | 'lv';

export interface Me {
  id: string;
  email: string;
  displayName: string;
  role: string;
  locale: Locale;
  courses: { slug: string; title: Record<Locale, string>; role: string }[];
}

/** Whether `me` may read staff views of `course`: an admin, or its TA or instructor. */
export function isCourseStaff(me: Me, course: string): boolean {
  return (
    me.role === 'admin' ||
    me.courses.some(
      (entry) => entry.slug === course && (entry.role === 'ta' || entry.role === 'instructor'),
    )
  );
}

export interface AssignmentItem {
  slug: string;
  number: number;
  course: string;
  title: Record<Locale, string>;
  module: string;
  deadline: string | null;
  bestScore: number | null;
  submissions: number;
  checks: { id: string; title: Record<Locale, string>; weight: number }[];
}

export interface AssignmentDetail extends AssignmentItem {
  readme: string;
  acceptedFiles: string[];
  uploadLimits: { maxBytes: number; maxFiles: number };
  role: string;
}

export interface CheckView {
  id: string;
  title: string;
  score: number;
  weight: number;
  value: number | null;
  target: number | null;
  message: string;
  hidden: boolean;
  /** Fraction of the baseline-to-reference gap allowed at full score, and where it came from. */
  tolerance: { value: number; source: 'manifest' | 'seeds'; seeds?: number[] } | null;
}

export interface SubmissionView {
  id: string;
  assignment: string;
  /** The assignment's title in the language the view was requested in. */
  assignmentTitle: string;
  /** Slug of the assignment's course. */
  course: string;
  status: 'queued' | 'running' | 'graded' | 'failed' | 'cancelled';
  score: number | null;
  failureReason: string | null;
  files: string[];
  createdAt: string;
  gradedAt: string | null;
  checks: CheckView[];
  computation: {
    rawScore: number | null;
    penaltyPercent: number;
    extensionDeadline: string | null;
    policyVersion: number;
  } | null;
}

export interface SubmissionSummary {
  id: string;
  status: string;
  score: number | null;
  createdAt: string;
}

export type LatePenalty =
  | { kind: 'none' }
  | { kind: 'per-day'; percentPerDay: number; maxPercent: number }
  | { kind: 'curve'; points: { days: number; percent: number }[] };

export interface PolicyView {
  version: number;
  opensAt: string | null;
  deadline: string | null;
  cutoffAt: string | null;
  latePenalty: LatePenalty;
  maxSubmissions: number | null;
  maxSubmissionsPerHour: number | null;
  counting: 'best' | 'last';
  yours: {
    extensionDeadline: string | null;
    effectiveDeadline: string | null;
    effectiveCutoffAt: string | null;
    submissionsUsed: number;
    submissionsLastHour: number;
    countingScore: number | null;
    countingSubmissionId: string | null;
  };
}

export interface RerunItemView {
  id: string;
  submissionId: string;
  student: string;
  submittedAt: string;
  assignmentVersion: number;
  status: 'queued' | 'running' | 'graded' | 'failed';
  previousScore: number | null;
  currentScore: number | null;
  newScore: number | null;
  newRawScore: number | null;
  newPenaltyPercent: number | null;
  failureReason: string | null;
}

export interface RerunSetView {
  id: string;
  scope: 'submission' | 'student' | 'assignment';
  targetVersion: number | null;
  status: 'grading' | 'ready' | 'applied' | 'discarded';
  reason: string;
  createdBy: string;
  createdAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  counts: Record<string, number>;
  items: RerunItemView[];
}
